//! Presentation: what nisso says about an entity or an era, in one order and one wording,
//! whoever shows it. `nisso show` renders the sections as plain text (cli.rs), the
//! explorer as styled, wrapped lines (ui/text.rs). The number and date formats live here
//! too, so the command line and the explorer never disagree.

use crate::dataset::{Catalog, EntityIx};
use crate::model::{Entity, Kind};
use crate::search::Target;

/// How a paragraph should stand out; each renderer decides how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// The entity's name.
    Title,
    Plain,
    /// Secondary: facts line, notes, sources.
    Quiet,
    /// The one-line summary.
    Emphasis,
}

/// What a paragraph is in the section's structure; renderers draw it their own way (a
/// bullet and indent in text, a Markdown list item).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Line,
    /// A heading within a section (a group of links: "People").
    Group,
    /// A list item at `depth` (0 top level, 1 under the item before), with its bullet.
    Item {
        depth: u8,
        bullet: Bullet,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bullet {
    /// "•": a top-level item.
    Dot,
    /// "–": one version of a disputed claim.
    Dash,
    /// "*": from general knowledge, not the source.
    Star,
    /// No mark: an indented line belonging to the item before (a note, a link).
    None,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Para {
    /// The words alone, without bullet or indent (see `shape`).
    pub text: String,
    pub tone: Tone,
    pub shape: Shape,
}

impl Para {
    /// The paragraph as plain text: indent and bullet, then the words.
    pub fn marked_text(&self) -> String {
        match self.shape {
            Shape::Line | Shape::Group => self.text.clone(),
            Shape::Item { depth, bullet } => {
                let indent = "  ".repeat(usize::from(depth));
                let mark = match bullet {
                    Bullet::Dot => "• ",
                    Bullet::Dash => "– ",
                    Bullet::Star => "* ",
                    Bullet::None => "",
                };
                format!("{indent}{mark}{}", self.text)
            }
        }
    }
}

/// A front end's way of drawing an entity's sections: `walk` calls it in order.
pub trait Renderer {
    /// Whether the front end shows this kind of section at all (the explorer shows links
    /// in their own pane).
    fn shows(&self, _kind: SectionKind) -> bool {
        true
    }
    /// A section's heading ("Figures"), after a blank line.
    fn heading(&mut self, heading: &str);
    /// The blank line before a section without a heading.
    fn gap(&mut self);
    /// The start of a section, after its heading or gap (hints go here).
    fn section_start(&mut self, _kind: SectionKind) {}
    fn para(&mut self, kind: SectionKind, para: &Para);
    /// The end of a section (the explorer adds the reader's bookmark and note after the
    /// header).
    fn section_end(&mut self, _kind: SectionKind) {}
}

/// The one walk over an entity's sections, shared by every front end.
pub fn walk(sections: &[Section], renderer: &mut dyn Renderer) {
    for section in sections {
        if !renderer.shows(section.kind) {
            continue;
        }
        match section.heading {
            Some(heading) => renderer.heading(heading),
            None if section.kind != SectionKind::Header => renderer.gap(),
            None => {}
        }
        renderer.section_start(section.kind);
        for para in &section.paras {
            renderer.para(section.kind, para);
        }
        renderer.section_end(section.kind);
    }
}

/// Which section a section is (renderers add hints to some, or leave one out: the
/// explorer shows links in their own pane).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionKind {
    Header,
    Summary,
    Description,
    /// A picture or other media kept from an imported timeline.
    Media,
    /// The addresses an imported timeline's text linked to.
    WebLinks,
    /// Where sources disagree, each version with who gives it.
    Disagreements,
    Figures,
    Location,
    Links,
    Sources,
    /// The source's references that the sources cite, resolved to their text.
    References,
    NotFromTheSource,
    /// The reader's own: their bookmark and note (not the dataset's).
    Reader,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub kind: SectionKind,
    pub heading: Option<&'static str>,
    pub paras: Vec<Para>,
}

fn para(text: impl Into<String>, tone: Tone) -> Para {
    Para {
        text: text.into(),
        tone,
        shape: Shape::Line,
    }
}

fn item(depth: u8, bullet: Bullet, text: impl Into<String>, tone: Tone) -> Para {
    Para {
        text: text.into(),
        tone,
        shape: Shape::Item { depth, bullet },
    }
}

/// How a context entity (`Entity::context`) is labelled in its header.
pub const CONTEXT_NOTE: &str = "Context: a related topic, not on the timeline";

/// The heading of the section on disagreements (the explorer's `d` key scrolls to it).
pub const DISAGREEMENTS_HEADING: &str = "Sources disagree";

/// Order of link groups, by the other entity's kind.
pub const LINK_GROUPS: [Kind; 5] = [
    Kind::Person,
    Kind::Treaty,
    Kind::Place,
    Kind::Event,
    Kind::Organisation,
];

/// One link as shown: the other entity, the relation's label from this side, and whether
/// the other entity made it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkItem {
    pub entity: EntityIx,
    pub label: &'static str,
    pub incoming: bool,
    /// The link is general knowledge (shown with `*`).
    pub external: bool,
}

/// An entity's links in both directions, grouped by the other entity's kind
/// (`LINK_GROUPS` order), each group sorted by label, date and name, without repeats.
pub fn link_groups(catalog: &Catalog, entity: EntityIx) -> Vec<(Kind, Vec<LinkItem>)> {
    let mut all: Vec<LinkItem> = Vec::new();
    for link_ref in catalog.outgoing(entity) {
        let Some(link) = catalog.link(*link_ref) else {
            continue;
        };
        all.push(LinkItem {
            entity: link_ref.target,
            label: link.rel.forward_label(),
            incoming: false,
            external: link.external,
        });
    }
    for link_ref in catalog.incoming(entity) {
        let Some(link) = catalog.link(*link_ref) else {
            continue;
        };
        all.push(LinkItem {
            entity: link_ref.source,
            label: link.rel.inverse_label(),
            incoming: true,
            external: link.external,
        });
    }
    let mut groups = Vec::new();
    for kind in LINK_GROUPS {
        let mut group: Vec<LinkItem> = all
            .iter()
            .copied()
            .filter(|item| catalog.entity(item.entity).kind == kind)
            .collect();
        if group.is_empty() {
            continue;
        }
        group.sort_by(|a, b| {
            let (ea, eb) = (catalog.entity(a.entity), catalog.entity(b.entity));
            a.label
                .cmp(b.label)
                .then_with(|| ea.date.cmp(&eb.date))
                .then_with(|| ea.name.cmp(&eb.name))
        });
        group.dedup_by(|a, b| a.entity == b.entity && a.label == b.label);
        groups.push((kind, group));
    }
    groups
}

/// A link as a line: "→ signed by: Yōsuke Matsuoka  1941-04-13".
pub fn link_text(catalog: &Catalog, item: &LinkItem) -> String {
    let other = catalog.entity(item.entity);
    let arrow = if item.incoming { "←" } else { "→" };
    let date = other
        .date
        .map(|d| format!("  {}", d.compact()))
        .unwrap_or_default();
    let mark = if item.external { "*" } else { "" };
    format!("{arrow} {}{mark}: {}{date}", item.label, other.name)
}

/// Name, id and date (reader's form) of a search result.
pub fn target_text(catalog: &Catalog, target: Target) -> (&str, &str, String) {
    match target {
        Target::Entity(index) => {
            let entity = catalog.entity(index);
            let date = entity.date.map(|d| d.human()).unwrap_or_default();
            (&entity.name, &entity.id, date)
        }
        Target::Era(index) => {
            let era = catalog.era(index);
            (&era.name, &era.id, crate::dataset::era_years(era))
        }
    }
}

/// Everything about an entity, section by section.
pub fn entity_sections(catalog: &Catalog, index: EntityIx) -> Vec<Section> {
    let entity = catalog.entity(index);
    let mut sections = vec![
        header_section(catalog, index),
        Section {
            kind: SectionKind::Summary,
            heading: None,
            paras: vec![para(entity.summary.clone(), Tone::Emphasis)],
        },
        Section {
            kind: SectionKind::Description,
            heading: None,
            paras: description_paras(description_after_summary(
                &entity.summary,
                &entity.description,
            )),
        },
    ];
    sections.extend(media_section(entity));
    sections.extend(web_links_section(entity));
    sections.extend(disagreements_section(entity));
    sections.extend(figures_section(entity));
    sections.extend(location_section(entity));
    sections.extend(links_section(catalog, index));
    sections.extend(sources_section(entity));
    sections.extend(references_section(catalog.meta(), &entity.sources));
    sections.extend(outside_the_source_section(catalog, index));
    sections
}

/// The reader's bookmark and note on an entry, as `show`, plain mode and the Markdown
/// export print them (right under the header); None when there is neither.
pub fn reader_section(bookmarked: bool, note: Option<&str>) -> Option<Section> {
    let mut paras = Vec::new();
    if bookmarked {
        paras.push(para("★ Bookmarked", Tone::Quiet));
    }
    if let Some(note) = note.filter(|n| !n.trim().is_empty()) {
        paras.push(para("✎ Your note:", Tone::Quiet));
        // Indented as a quotation; a blank line stays blank.
        paras.extend(note.lines().map(|line| match line.trim_end() {
            "" => para("", Tone::Plain),
            line => para(format!("  {line}"), Tone::Plain),
        }));
    }
    (!paras.is_empty()).then_some(Section {
        kind: SectionKind::Reader,
        heading: None,
        paras,
    })
}

/// `entity_sections` with the reader's section (see `reader_section`) after the header.
pub fn entity_sections_with(
    catalog: &Catalog,
    index: EntityIx,
    reader: Option<Section>,
) -> Vec<Section> {
    let mut sections = entity_sections(catalog, index);
    if let Some(reader) = reader {
        sections.insert(1, reader);
    }
    sections
}

/// Name, facts line, other names, group, milestones.
fn header_section(catalog: &Catalog, index: EntityIx) -> Section {
    let entity = catalog.entity(index);
    let name_mark = if entity.name_from == crate::model::NameFrom::GeneralKnowledge {
        "*"
    } else {
        ""
    };
    let mut header = vec![para(format!("{}{name_mark}", entity.name), Tone::Title)];
    let mut facts = vec![capitalise(entity.kind.as_str())];
    if let Some(date) = &entity.date {
        let mark = if entity.date_external { "*" } else { "" };
        facts.push(format!("{}{mark}", date.human()));
    }
    facts.push(catalog.era_label(catalog.era_of(index)));
    if entity.context {
        facts.push(CONTEXT_NOTE.to_string());
    }
    header.push(para(facts.join(" · "), Tone::Quiet));
    if !entity.aliases.is_empty() {
        let names: Vec<String> = entity
            .aliases
            .iter()
            .map(|a| {
                let mark = if a.external { "*" } else { "" };
                format!("{}{mark}", a.name)
            })
            .collect();
        header.push(para(format!("Also: {}", names.join(" · ")), Tone::Plain));
    }
    if let Some(group) = &entity.group {
        header.push(para(format!("Group: {group}"), Tone::Quiet));
    }
    if let Some(display) = &entity.display_date {
        header.push(para(
            format!("Timeline shows the date as: {display}"),
            Tone::Quiet,
        ));
    }
    for milestone in &entity.milestones {
        let note = milestone
            .note
            .as_ref()
            .map(|n| format!(" — {n}"))
            .unwrap_or_default();
        header.push(para(
            format!(
                "{}: {}{note}",
                capitalise(&milestone.label),
                milestone.date.human()
            ),
            Tone::Plain,
        ));
    }
    Section {
        kind: SectionKind::Header,
        heading: None,
        paras: header,
    }
}

/// The heading of the section of addresses an imported text linked to.
pub const WEB_LINKS_HEADING: &str = "Web links";

/// Each address the text linked to, with the words that carried it ("Ada Lovelace —
/// https://…"; the address alone when it was its own words).
fn web_links_section(entity: &Entity) -> Option<Section> {
    if entity.web_links.is_empty() {
        return None;
    }
    let paras = entity
        .web_links
        .iter()
        .map(|link| {
            let text = if link.text == link.url {
                link.url.clone()
            } else {
                format!("{} — {}", link.text, link.url)
            };
            item(0, Bullet::Dot, text, Tone::Plain)
        })
        .collect();
    Some(Section {
        kind: SectionKind::WebLinks,
        heading: Some(WEB_LINKS_HEADING),
        paras,
    })
}

fn media_section(entity: &Entity) -> Option<Section> {
    let media = entity.media.as_ref()?;
    let mut text = format!("Media: {}", media.url);
    if let Some(caption) = &media.caption {
        text.push_str(&format!(" — {caption}"));
    }
    if let Some(credit) = &media.credit {
        text.push_str(&format!(" ({credit})"));
    }
    Some(Section {
        kind: SectionKind::Media,
        heading: None,
        paras: vec![para(text, Tone::Quiet)],
    })
}

/// Each disputed claim, its versions with their sources, and the verdict or its absence.
fn disagreements_section(entity: &Entity) -> Option<Section> {
    if entity.disagreements.is_empty() {
        return None;
    }
    let mut paras = Vec::new();
    for disagreement in &entity.disagreements {
        paras.push(item(0, Bullet::Dot, &disagreement.claim, Tone::Plain));
        for version in &disagreement.versions {
            // The same "*" as every general-knowledge line of the section.
            let (bullet, from) = if version.external {
                (Bullet::Star, "general knowledge: ")
            } else {
                (Bullet::Dash, "")
            };
            let text = format!("{} — {from}{}", version.text, version.source);
            paras.push(item(1, bullet, text, Tone::Plain));
        }
        if let Some(general) = &disagreement.general_knowledge {
            let text = format!("General knowledge: {general}");
            paras.push(item(1, Bullet::Star, text, Tone::Quiet));
        }
        if let Some(reason) = &disagreement.no_verdict {
            let text = format!("No verdict: {reason}");
            paras.push(item(1, Bullet::None, text, Tone::Quiet));
        }
    }
    Some(Section {
        kind: SectionKind::Disagreements,
        heading: Some(DISAGREEMENTS_HEADING),
        paras,
    })
}

fn figures_section(entity: &Entity) -> Option<Section> {
    if entity.figures.is_empty() {
        return None;
    }
    let mut paras = Vec::new();
    for figure in &entity.figures {
        let text = format!("{}: {}", capitalise(&figure.label), figure_text(figure));
        paras.push(item(0, Bullet::Dot, text, Tone::Plain));
        if let Some(note) = &figure.note {
            paras.push(item(1, Bullet::None, note, Tone::Quiet));
        }
    }
    Some(Section {
        kind: SectionKind::Figures,
        heading: Some("Figures"),
        paras,
    })
}

fn location_section(entity: &Entity) -> Option<Section> {
    let coords = entity.coords.as_ref()?;
    Some(Section {
        kind: SectionKind::Location,
        heading: Some("Location"),
        paras: vec![para(
            format!(
                "{:.2}°{}, {:.2}°{}{}",
                coords.lat.abs(),
                if coords.lat >= 0.0 { "N" } else { "S" },
                coords.lon.abs(),
                if coords.lon >= 0.0 { "E" } else { "W" },
                if coords.external { "*" } else { "" }
            ),
            Tone::Plain,
        )],
    })
}

fn links_section(catalog: &Catalog, index: EntityIx) -> Option<Section> {
    let groups = link_groups(catalog, index);
    if groups.is_empty() {
        return None;
    }
    let mut paras = Vec::new();
    for (kind, items) in groups {
        paras.push(Para {
            shape: Shape::Group,
            ..para(kind.plural(), Tone::Quiet)
        });
        for link in items {
            let text = link_text(catalog, &link);
            paras.push(item(1, Bullet::None, text, Tone::Plain));
        }
    }
    Some(Section {
        kind: SectionKind::Links,
        heading: Some("Links (→ out, ← in)"),
        paras,
    })
}

fn sources_section(entity: &Entity) -> Option<Section> {
    if entity.sources.is_empty() {
        return None;
    }
    Some(Section {
        kind: SectionKind::Sources,
        heading: Some("Sources"),
        paras: source_paras(&entity.sources),
    })
}

/// Sources as listed under "Sources": each section of the article with its reference
/// numbers, one item a source (an entity's or an era's).
pub fn source_paras(sources: &[crate::model::SourceRef]) -> Vec<Para> {
    sources
        .iter()
        .map(|source| {
            let refs: Vec<String> = source.refs.iter().map(|r| format!("[{r}]")).collect();
            let text = format!("{} {}", source.section, refs.join(" "));
            item(0, Bullet::Dot, text.trim_end(), Tone::Quiet)
        })
        .collect()
}

/// The heading of the references section, wherever it is shown.
pub const REFERENCES_HEADING: &str = "References";

/// The references that `sources` cite, each once and in number order, with what the
/// meta lists under that number (None: a number it does not list, which `check`
/// refuses). The one resolution of "[n]" every front end uses.
pub fn cited_references<'a>(
    meta: Option<&'a crate::model::Meta>,
    sources: &[crate::model::SourceRef],
) -> Vec<(u32, Option<&'a crate::model::Reference>)> {
    let mut numbers: Vec<u32> = sources
        .iter()
        .flat_map(|s| s.refs.iter().copied())
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    numbers
        .into_iter()
        .map(|number| {
            let reference = meta.and_then(|m| m.references.iter().find(|r| r.number == number));
            (number, reference)
        })
        .collect()
}

/// A cited reference as a line: "[8] Simkin, John (January 2020). …".
pub fn reference_text(number: u32, reference: Option<&crate::model::Reference>) -> String {
    match reference {
        Some(reference) => format!("[{number}] {}", reference.text),
        None => format!("[{number}] (not in the source's list of references)"),
    }
}

/// "References": each reference the sources cite, resolved; None when they cite none.
pub fn references_section(
    meta: Option<&crate::model::Meta>,
    sources: &[crate::model::SourceRef],
) -> Option<Section> {
    let cited = cited_references(meta, sources);
    if cited.is_empty() {
        return None;
    }
    Some(Section {
        kind: SectionKind::References,
        heading: Some(REFERENCES_HEADING),
        paras: cited
            .into_iter()
            .map(|(number, reference)| {
                item(
                    0,
                    Bullet::Dot,
                    reference_text(number, reference),
                    Tone::Quiet,
                )
            })
            .collect(),
    })
}

/// What the entity holds from general knowledge: the "*" legend and its notes.
fn outside_the_source_section(catalog: &Catalog, index: EntityIx) -> Option<Section> {
    let entity = catalog.entity(index);
    let starred = entity.date_external
        || entity.name_from == crate::model::NameFrom::GeneralKnowledge
        || entity.aliases.iter().any(|a| a.external)
        || entity.coords.is_some_and(|c| c.external)
        || catalog
            .outgoing(index)
            .iter()
            .chain(catalog.incoming(index))
            .any(|&l| catalog.link(l).is_some_and(|link| link.external));
    if !starred && entity.external_facts.is_empty() {
        return None;
    }
    let mut paras = Vec::new();
    if starred {
        paras.push(para(
            "* marks a date, name, link or coordinates from general knowledge.",
            Tone::Quiet,
        ));
    }
    for fact in &entity.external_facts {
        paras.push(item(0, Bullet::Dot, fact, Tone::Quiet));
    }
    Some(Section {
        kind: SectionKind::NotFromTheSource,
        heading: Some("Not from the source"),
        paras,
    })
}

/// The period a query's date asks for, as a reader says it: "1951", "September 1951",
/// "8 September 1951", "1941–1945", "from 1936", "up to 1905", "1 September 1951 – 30
/// April 1952".
pub fn date_filter_text(filter: &crate::search::DateFilter) -> String {
    use crate::search::when::{OPEN_END, OPEN_START};
    let split = |day: i32| {
        (
            day.div_euclid(10_000),
            (day.rem_euclid(10_000) / 100) as usize,
            day.rem_euclid(100),
        )
    };
    let month = |m: usize| {
        crate::date::MONTHS
            .get(m.wrapping_sub(1))
            .copied()
            .unwrap_or("?")
    };
    let day_text = |day: i32| {
        let (y, m, d) = split(day);
        format!("{d} {} {y}", month(m))
    };
    let point_or_span = |from: i32, to: i32| -> Option<String> {
        let ((y0, m0, d0), (y1, m1, d1)) = (split(from), split(to));
        let whole_years = m0 == 1 && d0 == 1 && m1 == 12 && d1 == 31;
        let whole_months = d0 == 1 && d1 == i32::from(crate::date::days_in_month(y1, m1 as u8));
        Some(if whole_years && y0 == y1 {
            y0.to_string()
        } else if whole_years {
            format!("{y0}–{y1}")
        } else if whole_months && y0 == y1 && m0 == m1 {
            format!("{} {y0}", month(m0))
        } else if whole_months {
            format!("{} {y0} – {} {y1}", month(m0), month(m1))
        } else if from == to {
            day_text(from)
        } else {
            return None;
        })
    };
    match (filter.from, filter.to) {
        (OPEN_START, OPEN_END) => "any date".to_string(),
        (OPEN_START, to) if to.rem_euclid(10_000) == 1231 => {
            format!("up to {}", to.div_euclid(10_000))
        }
        (OPEN_START, to) => format!("up to {}", day_text(to)),
        (from, OPEN_END) => format!(
            "from {}",
            if from.rem_euclid(10_000) == 101 {
                from.div_euclid(10_000).to_string()
            } else {
                day_text(from)
            }
        ),
        (from, to) => point_or_span(from, to)
            .unwrap_or_else(|| format!("{} – {}", day_text(from), day_text(to))),
    }
}

/// How a search result matched, when not simply by its name: "as Ramsay", "in summary",
/// "by era", how its date answers the query's ("overlaps", "milestone"), and the words
/// of the query it lacks ("not found: ceasefire"). `nisso search` and plain mode say it
/// alike.
pub fn match_note(
    catalog: &Catalog,
    index: &crate::search::SearchIndex,
    results: &crate::search::Results,
    hit: &crate::search::Hit,
) -> Option<String> {
    use crate::search::{DateMatch, Field};
    let mut notes: Vec<String> = Vec::new();
    match hit.field {
        Field::Alias(_) => notes.push(format!("as {}", index.matched_text(catalog, hit))),
        Field::Summary => notes.push("in summary".to_string()),
        Field::Note(_) => notes.push(format!("in note: {}", index.matched_text(catalog, hit))),
        Field::Era => notes.push("by era".to_string()),
        Field::Date if hit.date.is_none() => notes.push("by date".to_string()),
        Field::Disputed => notes.push("sources disagree".to_string()),
        Field::ReaderNote => notes.push("in your note".to_string()),
        Field::Date | Field::Name | Field::Kind => {}
    }
    match hit.date {
        Some(DateMatch::Within) if hit.field == Field::Date => notes.push("by date".to_string()),
        Some(DateMatch::Milestone) => notes.push(milestone_note(catalog, index, results, hit)),
        Some(DateMatch::Overlaps) => notes.push("overlaps the date".to_string()),
        _ => {}
    }
    let missing = results.missing(hit);
    if !missing.is_empty() {
        notes.push(format!("not found: {}", missing.join(", ")));
    }
    (!notes.is_empty()).then(|| notes.join("; "))
}

/// "signed 31 March 1854": the milestone of a result that lies in the query's dates.
fn milestone_note(
    catalog: &Catalog,
    index: &crate::search::SearchIndex,
    results: &crate::search::Results,
    hit: &crate::search::Hit,
) -> String {
    let crate::search::Target::Entity(entity) = hit.target else {
        return "a milestone in the date".to_string();
    };
    catalog
        .entity(entity)
        .milestones
        .iter()
        .find(|m| index.milestone_in(&m.date, &results.dates))
        .map_or_else(
            || "a milestone in the date".to_string(),
            |m| format!("{} {}", m.label, m.date.human()),
        )
}

/// The description without its first sentence when that sentence is the summary (as an
/// import makes it), so the reader does not read it twice.
pub fn description_after_summary<'a>(summary: &str, description: &'a str) -> &'a str {
    let summary = summary.trim();
    match description.strip_prefix(summary) {
        Some(rest) if !summary.is_empty() => rest.trim_start(),
        _ => description,
    }
}

/// A description's paragraphs (separated by a blank line in the data), with an empty
/// paragraph between them so every renderer leaves the blank line.
pub fn description_paras(description: &str) -> Vec<Para> {
    let mut paras = Vec::new();
    for (i, text) in description
        .split(crate::model::PARAGRAPH_BREAK)
        .filter(|p| !p.trim().is_empty())
        .enumerate()
    {
        if i > 0 {
            paras.push(para("", Tone::Plain));
        }
        paras.push(para(text, Tone::Plain));
    }
    if paras.is_empty() {
        paras.push(para(description, Tone::Plain));
    }
    paras
}

/// Display strings for a figure: "up to 70,000 troops (1918)", "nearly US$3.4 billion (1990)".
pub fn figure_text(figure: &crate::model::Figure) -> String {
    let mut text = String::new();
    if let Some(q) = figure.qualifier {
        text.push_str(q.words());
        text.push(' ');
    }
    // Currency units read as money: "US$ billion" gives "US$3.4 billion".
    let (first, rest) = figure
        .unit
        .split_once(' ')
        .unwrap_or((figure.unit.as_str(), ""));
    if first.ends_with(['$', '¥', '£', '€', '₽']) {
        text.push_str(first);
        text.push_str(&format_number(figure.value));
        if !rest.is_empty() {
            text.push(' ');
            text.push_str(rest);
        }
    } else {
        text.push_str(&format_number(figure.value));
        text.push(' ');
        text.push_str(&figure.unit);
    }
    if let Some(year) = figure.year {
        text.push_str(&format!(" ({year})"));
    }
    text
}

/// 70000 → "70,000"; 4.4 → "4.4"; 10503.2 → "10,503.2".
pub fn format_number(value: f64) -> String {
    let negative = value < 0.0;
    let text = format!("{}", value.abs());
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w.to_string(), Some(f.to_string())),
        None => (text, None),
    };
    let mut grouped = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let mut out = if negative {
        "-".to_string()
    } else {
        String::new()
    };
    out.push_str(&grouped);
    if let Some(fraction) = fraction {
        out.push('.');
        out.push_str(&fraction);
    }
    out
}

pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::load_embedded;
    use crate::model::{Figure, Qualifier};

    fn figure(value: f64, unit: &str, qualifier: Option<Qualifier>) -> Figure {
        Figure {
            label: "x".into(),
            value,
            unit: unit.into(),
            year: Some(1990),
            qualifier,
            series: None,
            note: None,
        }
    }

    #[test]
    fn figures_read_naturally() {
        assert_eq!(
            figure_text(&figure(3.4, "US$ billion", Some(Qualifier::Nearly))),
            "nearly US$3.4 billion (1990)"
        );
        assert_eq!(
            figure_text(&figure(70000.0, "troops", Some(Qualifier::UpTo))),
            "up to 70,000 troops (1990)"
        );
        assert_eq!(format_number(10503.2), "10,503.2");
        assert_eq!(format_number(466609.0), "466,609");
        assert_eq!(format_number(-1200.0), "-1,200");
    }

    #[test]
    fn sections_come_in_one_order_with_one_wording() {
        let catalog = Catalog::new(load_embedded().unwrap());
        let pact = catalog.index_of("soviet-japanese-neutrality-pact").unwrap();
        let sections = entity_sections(&catalog, pact);
        let kinds: Vec<SectionKind> = sections.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [
                SectionKind::Header,
                SectionKind::Summary,
                SectionKind::Description,
                SectionKind::Disagreements,
                SectionKind::Links,
                SectionKind::Sources,
                SectionKind::NotFromTheSource,
            ]
        );
        // A disagreement: the claim, each version with its source, general knowledge
        // marked like every other line from outside the source.
        let disputed: Vec<String> = sections[3].paras.iter().map(Para::marked_text).collect();
        assert_eq!(sections[3].heading, Some(DISAGREEMENTS_HEADING));
        assert!(
            disputed[0].starts_with("• What kind of pact"),
            "{disputed:?}"
        );
        assert!(
            disputed[1].starts_with("  – A neutrality pact — 1930–1945"),
            "{disputed:?}"
        );
        assert!(
            disputed[2].starts_with("  – A nonaggression pact — Related"),
            "{disputed:?}"
        );
        assert!(
            disputed[3].starts_with("  * General knowledge: "),
            "{disputed:?}"
        );
        let header: Vec<&str> = sections[0].paras.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(header[0], "Soviet–Japanese Neutrality Pact");
        assert!(
            header[1].starts_with("Treaty · 13 April 1941* · "),
            "{header:?}"
        );
        // Links: groups in LINK_GROUPS order, people first.
        let links = &sections[4].paras;
        assert_eq!(links[0].text, "People");
        assert!(
            links
                .iter()
                .any(|p| p.text.contains("→ signed by: Yōsuke Matsuoka"))
        );
    }
}

#[cfg(test)]
mod summary_tests {
    use super::description_after_summary;

    #[test]
    fn a_summary_that_opens_the_description_is_not_read_twice() {
        let summary = "The border war ended in a Soviet victory.";
        let description = "The border war ended in a Soviet victory. It kept Japan out.";
        assert_eq!(
            description_after_summary(summary, description),
            "It kept Japan out."
        );
        // A summary of its own, or none, leaves the description whole.
        assert_eq!(
            description_after_summary("Other.", description),
            description
        );
        assert_eq!(description_after_summary("  ", description), description);
        assert_eq!(description_after_summary(summary, summary), "");
    }
}
