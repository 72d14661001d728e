//! A citation of one entry: the entry, the article it comes from (as the dataset's meta
//! names it), the article's sections it draws on and the article's references behind it,
//! resolved to their text (`present::cited_references`). `nisso cite` prints it; the
//! explorer copies it (OSC 52) or shows it.

use crate::dataset::{Catalog, EntityIx, EraIx};
use crate::interchange::markdown::escape;
use crate::model::{Meta, SourceRef};
use crate::present;

/// How a citation is written.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Plain lines, for a terminal or a text file.
    #[default]
    Text,
    /// Markdown: the entry in bold, the references as a list.
    Markdown,
}

/// What a citation says of its entry.
struct Entry<'a> {
    name: &'a str,
    id: &'a str,
    /// "treaty, 19 October 1956" or "era, 1946–1960".
    facts: String,
    sources: &'a [SourceRef],
}

/// The citation of an entity, line by line.
pub fn entity(catalog: &Catalog, index: EntityIx, format: Format) -> Vec<String> {
    let entity = catalog.entity(index);
    let mut facts = entity.kind.as_str().to_string();
    if let Some(date) = &entity.date {
        facts.push_str(&format!(", {}", date.human()));
    }
    lines(
        catalog.meta(),
        &Entry {
            name: &entity.name,
            id: &entity.id,
            facts,
            sources: &entity.sources,
        },
        format,
    )
}

/// The citation of an era, line by line.
pub fn era(catalog: &Catalog, era: EraIx, format: Format) -> Vec<String> {
    let record = catalog.era(era);
    lines(
        catalog.meta(),
        &Entry {
            name: &record.name,
            id: &record.id,
            facts: format!("era, {}", crate::dataset::era_years(record)),
            sources: &record.sources,
        },
        format,
    )
}

/// The citation as one text (lines joined by newlines), as the explorer copies it.
pub fn as_text(lines: &[String]) -> String {
    lines.join("\n")
}

fn lines(meta: Option<&Meta>, entry: &Entry<'_>, format: Format) -> Vec<String> {
    let markdown = format == Format::Markdown;
    let esc = |text: &str| {
        if markdown {
            escape(text)
        } else {
            text.to_string()
        }
    };
    let mut out = Vec::new();
    let title = meta.map_or("", |m| m.title.as_str());
    let head = if markdown {
        format!("**{}** ({})", esc(entry.name), esc(&entry.facts))
    } else {
        format!("{} ({})", entry.name, entry.facts)
    };
    let within = match (title.is_empty(), markdown) {
        (true, false) => format!("entry {}", entry.id),
        (true, true) => format!("entry `{}`", entry.id),
        (false, false) => format!("in \"{title}\", entry {}", entry.id),
        (false, true) => format!("in *{}*, entry `{}`", esc(title), entry.id),
    };
    out.push(format!("{head}, {within}."));
    let item = if markdown { "- " } else { "" };
    let mut facts = Vec::new();
    if let Some(meta) = meta {
        let mut source = meta.source.clone();
        if let Some(imported) = &meta.imported {
            source.push_str(&format!(
                " File: {} (format {}).",
                imported.file, imported.format
            ));
        }
        if !source.is_empty() {
            facts.push(format!("{item}Source: {}", esc(&source)));
        }
    }
    // Each section with the reference numbers it gives, as "Sources" lists them.
    let sections: Vec<String> = entry
        .sources
        .iter()
        .map(|s| {
            let refs: Vec<String> = s.refs.iter().map(|r| format!("[{r}]")).collect();
            format!("{} {}", s.section, refs.join(" "))
                .trim_end()
                .to_string()
        })
        .collect();
    if !sections.is_empty() {
        let label = if sections.len() == 1 {
            "Section"
        } else {
            "Sections"
        };
        facts.push(format!("{item}{label}: {}", esc(&sections.join("; "))));
    }
    if !facts.is_empty() {
        if markdown {
            out.push(String::new());
        }
        out.extend(facts);
    }
    let cited = present::cited_references(meta, entry.sources);
    if cited.is_empty() {
        return out;
    }
    if markdown {
        out.push(String::new());
        out.push(format!("{}:", present::REFERENCES_HEADING));
        out.push(String::new());
    } else {
        out.push(format!("{}:", present::REFERENCES_HEADING));
    }
    for (number, reference) in cited {
        let text = present::reference_text(number, reference);
        out.push(if markdown {
            format!("- {}", esc(&text))
        } else {
            format!("  {text}")
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::load_embedded;

    #[test]
    fn a_treaty_is_cited_with_its_section_and_references() {
        let catalog = Catalog::new(load_embedded().unwrap());
        let index = catalog
            .index_of("soviet-japanese-basic-convention")
            .unwrap();
        let text = entity(&catalog, index, Format::Text);
        assert!(
            text[0].starts_with("Soviet–Japanese Basic Convention (treaty, "),
            "{text:?}"
        );
        assert!(text[0].ends_with(", entry soviet-japanese-basic-convention."));
        assert!(text.iter().any(|l| l.starts_with("Source: ")), "{text:?}");
        assert!(text.contains(&"References:".to_string()));
        assert!(
            text.contains(
                &"  [1] League of Nations Treaty Series, vol. 34, pp. 32–53.".to_string()
            )
        );
        let markdown = entity(&catalog, index, Format::Markdown);
        assert!(markdown[0].starts_with("**Soviet–Japanese Basic Convention**"));
        assert!(
            markdown
                .iter()
                .any(|l| l.starts_with("- \\[1\\] League of Nations")),
            "{markdown:?}"
        );
    }
}
