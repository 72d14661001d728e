//! Markdown notes: an entity, an era with its entities, or the whole dataset era by era.
//! The words come from `present`, so a note says what `nisso show` says; every piece of
//! data is escaped so that it reads as text, never as Markdown.

use crate::dataset::{Catalog, EntityIx, EraIx, era_years};
use crate::present::{self, Section, SectionKind, Shape, Tone};

/// The reader's section of an entry by id (their bookmark and note), if any.
pub type ReaderOf<'a> = &'a dyn Fn(&str) -> Option<Section>;

/// Text with Markdown's special characters escaped (CommonMark lets any ASCII punctuation
/// be escaped with a backslash): emphasis, code, links, HTML, headings, tables and
/// entities anywhere; list and heading markers at the start ("- ", "+ ", "1. ", "=").
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    for (i, c) in text.chars().enumerate() {
        let at_start = i == 0 && matches!(c, '-' | '+' | '=');
        let numbered = digits > 0 && i == digits && matches!(c, '.' | ')');
        if at_start
            || numbered
            || matches!(
                c,
                '\\' | '`'
                    | '*'
                    | '_'
                    | '{'
                    | '}'
                    | '['
                    | ']'
                    | '<'
                    | '>'
                    | '#'
                    | '|'
                    | '~'
                    | '&'
                    | '!'
            )
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn hashes(level: usize) -> String {
    "#".repeat(level.clamp(1, 6))
}

/// Sections as Markdown lines; the entity's name a heading of `level`.
struct MarkdownLines {
    lines: Vec<String>,
    level: usize,
}

impl present::Renderer for MarkdownLines {
    fn heading(&mut self, heading: &str) {
        self.lines.push(String::new());
        self.lines
            .push(format!("{} {}", hashes(self.level + 1), escape(heading)));
        self.lines.push(String::new());
    }

    fn gap(&mut self) {
        self.lines.push(String::new());
    }

    fn para(&mut self, kind: SectionKind, para: &present::Para) {
        let lines = &mut self.lines;
        let text = para.text.as_str();
        if kind == SectionKind::Reader {
            // The reader's own words as a quotation, each line kept (a hard break).
            lines.push(format!("> {}  ", escape(text)).trim_end().to_string() + "  ");
            return;
        }
        match (para.tone, para.shape) {
            (Tone::Title, _) => {
                lines.push(format!("{} {}", hashes(self.level), escape(text)));
                lines.push(String::new());
            }
            (Tone::Emphasis, _) => lines.push(format!("*{}*", escape(text))),
            _ if text.is_empty() => lines.push(String::new()),
            (_, Shape::Group) => {
                if lines.last().is_some_and(|l| !l.is_empty()) {
                    lines.push(String::new());
                }
                lines.push(format!("**{}**", escape(text)));
                lines.push(String::new());
            }
            (_, Shape::Item { depth: 0, .. }) => lines.push(format!("- {}", escape(text))),
            (_, Shape::Item { .. }) => {
                // Under a group of links the items are the list; elsewhere they belong
                // to the item before. The bullet (– or *) stays: it says whose claim.
                let indent = if kind == SectionKind::Links {
                    "- "
                } else {
                    "  - "
                };
                let marked = para.marked_text();
                lines.push(format!("{indent}{}", escape(marked.trim_start())));
            }
            // Facts, aliases, milestones: one line each.
            (_, Shape::Line) if kind == SectionKind::Header => {
                lines.push(format!("{}  ", escape(text)));
            }
            (_, Shape::Line) => lines.push(escape(text)),
        }
    }
}

/// An entity as Markdown, its name a heading of `level`.
pub fn entity(catalog: &Catalog, index: EntityIx, level: usize, reader: ReaderOf) -> Vec<String> {
    let mut markdown = MarkdownLines {
        lines: Vec::new(),
        level,
    };
    let sections = present::entity_sections_with(catalog, index, reader(catalog.id(index)));
    present::walk(&sections, &mut markdown);
    let mut lines = markdown.lines;
    let entity = catalog.entity(index);
    if entity.sources.is_empty()
        && let Some(meta) = catalog.meta()
    {
        lines.push(String::new());
        lines.push(format!("{} Provenance", hashes(level + 1)));
        lines.push(String::new());
        lines.push(escape(&provenance(meta)));
    }
    lines.push(String::new());
    lines
}

/// Where the dataset's facts come from, in a line.
fn provenance(meta: &crate::model::Meta) -> String {
    match &meta.imported {
        Some(imported) => format!(
            "{} File: {} (format {}).",
            meta.source, imported.file, imported.format
        ),
        None => meta.source.clone(),
    }
}

/// An era as Markdown: its heading, years and summary, then each of its entities in time
/// order.
pub fn era(catalog: &Catalog, era: EraIx, level: usize, reader: ReaderOf) -> Vec<String> {
    let record = catalog.era(era);
    let mut lines = vec![
        format!("{} {}", hashes(level), escape(&record.name)),
        String::new(),
        format!("*{}*", escape(&era_years(record))),
        String::new(),
    ];
    if !record.summary.is_empty() {
        lines.push(escape(&record.summary));
        lines.push(String::new());
    }
    if !record.sources.is_empty() {
        lines.push(format!("{} Sources", hashes(level + 1)));
        lines.push(String::new());
        for source in &record.sources {
            let refs: Vec<String> = source.refs.iter().map(|r| format!("[{r}]")).collect();
            lines.push(format!(
                "- {}",
                escape(format!("{} {}", source.section, refs.join(" ")).trim_end())
            ));
        }
        lines.push(String::new());
    }
    if let Some(references) = present::references_section(catalog.meta(), &record.sources) {
        lines.push(format!(
            "{} {}",
            hashes(level + 1),
            present::REFERENCES_HEADING
        ));
        lines.push(String::new());
        for para in &references.paras {
            lines.push(format!("- {}", escape(&para.text)));
        }
        lines.push(String::new());
    }
    if !record.external_facts.is_empty() {
        lines.push(format!("{} Not from the source", hashes(level + 1)));
        lines.push(String::new());
        for fact in &record.external_facts {
            lines.push(format!("- {}", escape(fact)));
        }
        lines.push(String::new());
    }
    for &index in catalog.chronological() {
        if catalog.era_of(index) == era {
            lines.extend(entity(catalog, index, level + 1, reader));
        }
    }
    lines
}

/// The whole dataset: its title and description, then era by era.
pub fn dataset(catalog: &Catalog, reader: ReaderOf) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(meta) = catalog.meta() {
        lines.push(format!("# {}", escape(&meta.title)));
        lines.push(String::new());
        for paragraph in present::description_paras(&meta.description) {
            lines.push(escape(&paragraph.text));
        }
        lines.push(String::new());
        lines.push(format!("*{}*", escape(&provenance(meta))));
        lines.push(String::new());
    }
    for era_index in catalog.era_indices() {
        lines.extend(era(catalog, era_index, 2, reader));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_characters_are_escaped() {
        assert_eq!(
            escape("*a* [b](c) #1 <x>"),
            "\\*a\\* \\[b\\](c) \\#1 \\<x\\>"
        );
        assert_eq!(escape("1941-04-13"), "1941-04-13");
        assert_eq!(escape("- x"), "\\- x");
        assert_eq!(escape("1. x"), "1\\. x");
    }
}
