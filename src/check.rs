//! Integrity rules for a parsed dataset. Schema errors (bad JSON, unknown fields, bad
//! dates) are caught while parsing; this module checks what serde cannot: unique ids,
//! resolvable links, dates inside their era, provenance that points at real sections.

use crate::fold::fold;
use crate::model::{Dataset, Kind};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One finding, located by entity id (when there is one) and JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    pub id: Option<String>,
    pub path: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}: {}", self.path)?;
        if let Some(id) = &self.id {
            write!(f, " ({id})")?;
        }
        write!(f, ": {}", self.message)
    }
}

struct Findings(Vec<Problem>);

impl Findings {
    fn error(&mut self, id: Option<&str>, path: String, message: String) {
        self.push(Severity::Error, id, path, message);
    }
    fn warning(&mut self, id: Option<&str>, path: String, message: String) {
        self.push(Severity::Warning, id, path, message);
    }
    fn push(&mut self, severity: Severity, id: Option<&str>, path: String, message: String) {
        self.0.push(Problem {
            severity,
            id: id.map(str::to_string),
            path,
            message,
        });
    }
}

/// Whether an id is kebab-case: lowercase ASCII letters and digits in dash-separated words.
pub fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Check a dataset; errors first, then warnings, each in dataset order.
pub fn check(data: &Dataset) -> Vec<Problem> {
    let mut found = Findings(Vec::new());
    let era_ids = check_eras(data, &mut found);
    let ids = check_entity_ids(data, &era_ids, &mut found);
    let former_ids = check_former_ids(data, &ids, &era_ids, &mut found);
    let lookups = Lookups {
        era_ids,
        ids,
        former_ids,
        linked: linked_pairs(data),
        sections: data
            .meta
            .iter()
            .flat_map(|m| m.sections.iter().map(String::as_str))
            .collect(),
        references: data
            .meta
            .iter()
            .flat_map(|m| m.references.iter().map(|r| r.number))
            .collect(),
    };
    let mut names: HashMap<String, (usize, &str)> = HashMap::default();
    for (i, entity) in data.entities.iter().enumerate() {
        check_entity(data, i, entity, &lookups, &mut names, &mut found);
    }
    check_era_sources(data, &lookups, &mut found);
    check_context(data, &mut found);
    check_imported(data, &mut found);
    check_borders(data, &mut found);
    same_place_twice(data, &mut found);
    control_characters(data, &mut found);
    found.0.sort_by_key(|p| p.severity);
    found.0
}

/// What the rules for one entity look up in the whole dataset.
struct Lookups<'a> {
    /// Era id → its index.
    era_ids: HashMap<&'a str, usize>,
    /// Entity id → its index.
    ids: HashMap<&'a str, usize>,
    /// Former id of a merged entity → the id it was merged into.
    former_ids: HashMap<&'a str, &'a str>,
    /// Pairs of entities linked either way (a shared alias is allowed between them).
    linked: HashSet<(&'a str, &'a str)>,
    /// The source's sections and reference numbers, as `meta` lists them.
    sections: HashSet<&'a str>,
    references: HashSet<u32>,
}

/// The eras: ids, names, order and ends. Returns era id → index.
fn check_eras<'a>(data: &'a Dataset, found: &mut Findings) -> HashMap<&'a str, usize> {
    let mut era_ids: HashMap<&str, usize> = HashMap::default();
    if data.eras.is_empty() {
        found.error(None, "eras".into(), "the dataset has no eras".into());
    }
    for (i, era) in data.eras.iter().enumerate() {
        let path = format!("eras[{i}]");
        if !is_kebab_case(&era.id) {
            found.error(
                Some(&era.id),
                format!("{path}.id"),
                format!("id '{}' is not kebab-case (a-z, 0-9 and '-')", era.id),
            );
        }
        if era_ids.insert(era.id.as_str(), i).is_some() {
            found.error(
                Some(&era.id),
                format!("{path}.id"),
                format!("duplicate era id '{}'", era.id),
            );
        }
        if era.name.trim().is_empty() {
            found.error(Some(&era.id), format!("{path}.name"), "empty name".into());
        }
        if let Some(end) = &era.end
            && end.latest() < era.start.earliest()
        {
            found.error(
                Some(&era.id),
                format!("{path}.end"),
                format!(
                    "era ends ({}) before it starts ({})",
                    end.iso(),
                    era.start.iso()
                ),
            );
        }
        if i > 0 && era.start < data.eras[i - 1].start {
            found.error(
                Some(&era.id),
                format!("{path}.start"),
                "eras must be listed in chronological order".into(),
            );
        }
    }

    era_ids
}

/// Entity ids: kebab-case, unique, not an era's. Returns id → index.
fn check_entity_ids<'a>(
    data: &'a Dataset,
    era_ids: &HashMap<&str, usize>,
    found: &mut Findings,
) -> HashMap<&'a str, usize> {
    let mut ids: HashMap<&str, usize> = HashMap::default();
    for (i, entity) in data.entities.iter().enumerate() {
        let path = format!("entities[{i}].id");
        if !is_kebab_case(&entity.id) {
            found.error(
                Some(&entity.id),
                path.clone(),
                format!("id '{}' is not kebab-case (a-z, 0-9 and '-')", entity.id),
            );
        }
        if let Some(first) = ids.insert(entity.id.as_str(), i) {
            found.error(
                Some(&entity.id),
                path,
                format!(
                    "duplicate id '{}' (first used by entities[{first}])",
                    entity.id
                ),
            );
        } else if era_ids.contains_key(entity.id.as_str()) {
            found.error(
                Some(&entity.id),
                path,
                format!("id '{}' is also an era id", entity.id),
            );
        }
    }

    ids
}

/// Former ids of merged entities: unique, never a current id. Returns former → current.
fn check_former_ids<'a>(
    data: &'a Dataset,
    ids: &HashMap<&str, usize>,
    era_ids: &HashMap<&str, usize>,
    found: &mut Findings,
) -> HashMap<&'a str, &'a str> {
    let mut former_ids: HashMap<&str, &str> = HashMap::default();
    for (i, entity) in data.entities.iter().enumerate() {
        for (f, former) in entity.former_ids.iter().enumerate() {
            let path = format!("entities[{i}].former_ids[{f}]");
            if !is_kebab_case(former) {
                found.error(
                    Some(&entity.id),
                    path,
                    format!("former id '{former}' is not kebab-case"),
                );
            } else if ids.contains_key(former.as_str()) || era_ids.contains_key(former.as_str()) {
                found.error(
                    Some(&entity.id),
                    path,
                    format!("former id '{former}' is still in use as an id"),
                );
            } else if let Some(other) = former_ids.insert(former, &entity.id) {
                found.error(
                    Some(&entity.id),
                    path,
                    format!("former id '{former}' is also claimed by '{other}'"),
                );
            }
        }
    }

    former_ids
}

/// Which entities link to each other, either way.
fn linked_pairs(data: &Dataset) -> HashSet<(&str, &str)> {
    let mut linked: HashSet<(&str, &str)> = HashSet::default();
    for entity in &data.entities {
        for link in &entity.links {
            linked.insert((entity.id.as_str(), link.target.as_str()));
            linked.insert((link.target.as_str(), entity.id.as_str()));
        }
    }
    linked
}

/// Every rule for one entity (`i` is its place in the list), in the order they report.
fn check_entity<'a>(
    data: &Dataset,
    i: usize,
    entity: &'a crate::model::Entity,
    lookups: &Lookups,
    names: &mut HashMap<String, (usize, &'a str)>,
    found: &mut Findings,
) {
    check_entity_texts(i, entity, found);
    check_range_end(data, i, entity, found);
    check_entity_era(data, i, entity, lookups, found);
    check_milestones(i, entity, found);
    check_links(i, entity, lookups, found);
    check_names(i, entity, lookups, names, found);
    check_figures(i, entity, found);
    check_disagreements(i, entity, found);
    check_coords(i, entity, found);
    let at = format!("entities[{i}].");
    check_sources(
        found,
        Some(entity.id.as_str()),
        &at,
        &entity.sources,
        &lookups.sections,
        &lookups.references,
    );
}

/// Name, summary and description.
fn check_entity_texts(i: usize, entity: &crate::model::Entity, found: &mut Findings) {
    let id = Some(entity.id.as_str());
    let at = |field: &str| format!("entities[{i}].{field}");
    if entity.name.trim().is_empty() {
        found.error(id, at("name"), "empty name".into());
    }
    if entity.summary.trim().is_empty() {
        found.error(id, at("summary"), "empty summary".into());
    } else if entity.summary.chars().count() > 160 {
        found.warning(
            id,
            at("summary"),
            format!(
                "summary is {} characters; keep it to one line (160 at most)",
                entity.summary.chars().count()
            ),
        );
    }
    if entity.description.trim().is_empty() {
        found.warning(id, at("description"), "empty description".into());
    }
}

/// A range that stops in the source's present year has not been seen to end there.
fn check_range_end(data: &Dataset, i: usize, entity: &crate::model::Entity, found: &mut Findings) {
    let id = Some(entity.id.as_str());
    let at = |field: &str| format!("entities[{i}].{field}");
    if let (Some(as_of), Some(date)) = (data.meta.as_ref().and_then(|m| m.as_of), &entity.date)
        && let Some(end) = date.end
        && end.qualifier.is_none()
        && end.latest().0 == as_of
        && end.precision != crate::date::Precision::Day
        && end.precision != crate::date::Precision::Month
    {
        found.error(
            id,
            at("date"),
            format!(
                "the range {} ends in {as_of}, the last year the source reports: write '/ongoing' if it still goes on, '/at least {as_of}' if the source only reaches that far, or the month it ended",
                date.iso()
            ),
        );
    }
}

/// The entity's era exists, and its date fits in it.
fn check_entity_era(
    data: &Dataset,
    i: usize,
    entity: &crate::model::Entity,
    lookups: &Lookups,
    found: &mut Findings,
) {
    let id = Some(entity.id.as_str());
    let at = |field: &str| format!("entities[{i}].{field}");
    match lookups.era_ids.get(entity.era.as_str()) {
        None => found.error(id, at("era"), format!("unknown era '{}'", entity.era)),
        Some(&era_index) => {
            let era = &data.eras[era_index];
            if let Some(date) = &entity.date {
                let (fits, rule) = if entity.kind == Kind::Person {
                    (date.overlaps(&era.start, era.end.as_ref()), "overlap")
                } else {
                    (
                        date.starts_within(&era.start, era.end.as_ref()),
                        "start inside",
                    )
                };
                if !fits {
                    found.error(
                        id,
                        at("date"),
                        format!(
                            "date {} does not {rule} its era '{}' ({})",
                            date.iso(),
                            era.id,
                            crate::dataset::era_years(era)
                        ),
                    );
                }
            }
        }
    }
}

/// The general-knowledge mark on the date, and milestones: labelled, not before the date.
fn check_milestones(i: usize, entity: &crate::model::Entity, found: &mut Findings) {
    let id = Some(entity.id.as_str());
    let at = |field: &str| format!("entities[{i}].{field}");
    if entity.date_external && entity.date.is_none() {
        found.error(
            id,
            at("date_external"),
            "marks a date as general knowledge, but there is no date".into(),
        );
    }
    for (m, milestone) in entity.milestones.iter().enumerate() {
        if milestone.label.trim().is_empty() {
            found.error(
                id,
                at(&format!("milestones[{m}].label")),
                "empty label".into(),
            );
        }
        if let Some(date) = &entity.date
            && milestone.date.latest() < date.earliest()
        {
            found.error(
                id,
                at(&format!("milestones[{m}].date")),
                format!(
                    "'{}' on {} is before the entity's date {}",
                    milestone.label,
                    milestone.date.iso(),
                    date.iso()
                ),
            );
        }
    }
}

/// Links: to a known, current, other entity, once each, marked external when said to be.
fn check_links(i: usize, entity: &crate::model::Entity, lookups: &Lookups, found: &mut Findings) {
    let id = Some(entity.id.as_str());
    let at = |field: &str| format!("entities[{i}].{field}");
    let mut seen_links = HashSet::default();
    for (l, link) in entity.links.iter().enumerate() {
        // A note that says the link is general knowledge, on a link not marked so: the
        // reader sees no `*`.
        if !link.external
            && link
                .note
                .as_ref()
                .is_some_and(|n| n.to_lowercase().contains("general knowledge"))
        {
            found.warning(
                id,
                at(&format!("links[{l}].external")),
                format!(
                    "the note of link '{}' to '{}' says it is general knowledge: mark the link external",
                    link.rel.as_str(),
                    link.target
                ),
            );
        }
        let path = at(&format!("links[{l}].target"));
        if link.target == entity.id {
            found.error(id, path, "links to itself".into());
        } else if let Some(merged_into) = lookups.former_ids.get(link.target.as_str()) {
            found.error(
                id,
                path,
                format!(
                    "link '{}' points to '{}', which was merged into '{merged_into}': link to that",
                    link.rel.as_str(),
                    link.target
                ),
            );
        } else if !lookups.ids.contains_key(link.target.as_str()) {
            found.error(
                id,
                path,
                format!(
                    "link '{}' points to unknown id '{}'",
                    link.rel.as_str(),
                    link.target
                ),
            );
        } else if !seen_links.insert((link.rel, link.target.as_str())) {
            found.error(
                id,
                path,
                format!(
                    "duplicate link '{}' to '{}'",
                    link.rel.as_str(),
                    link.target
                ),
            );
        }
    }
}

/// The name and aliases: not empty, not repeated, and not another entity's unless linked.
fn check_names<'a>(
    i: usize,
    entity: &'a crate::model::Entity,
    lookups: &Lookups,
    names: &mut HashMap<String, (usize, &'a str)>,
    found: &mut Findings,
) {
    let id = Some(entity.id.as_str());
    let at = |field: &str| format!("entities[{i}].{field}");
    let own_name = fold(&entity.name).text;
    let mut own_names = HashSet::default();
    own_names.insert(own_name.clone());
    for (a, alias) in entity.aliases.iter().enumerate() {
        let path = at(&format!("aliases[{a}]"));
        let folded = fold(&alias.name).text;
        if alias.name.trim().is_empty() {
            found.error(id, path, "empty alias".into());
            continue;
        }
        if folded == own_name && alias.name == entity.name {
            found.error(id, path, format!("alias '{}' repeats the name", alias.name));
            continue;
        }
        if !own_names.insert(folded.clone()) && !alias_differs_only_in_form(&alias.name, entity) {
            found.error(id, path, format!("alias '{}' is listed twice", alias.name));
        }
    }
    for folded in own_names {
        if let Some(&(other, other_id)) = names.get(&folded) {
            let explained = lookups.linked.contains(&(entity.id.as_str(), other_id));
            if !explained && other != i {
                found.error(
                    id,
                    at("aliases"),
                    format!(
                        "name or alias '{folded}' is also used by '{other_id}', which it does not link to"
                    ),
                );
            }
        } else {
            names.insert(folded, (i, entity.id.as_str()));
        }
    }
}

/// Figures: finite, with a unit and a label.
fn check_figures(i: usize, entity: &crate::model::Entity, found: &mut Findings) {
    let id = Some(entity.id.as_str());
    let at = |field: &str| format!("entities[{i}].{field}");
    for (f, figure) in entity.figures.iter().enumerate() {
        if !figure.value.is_finite() {
            found.error(
                id,
                at(&format!("figures[{f}].value")),
                "not a finite number".into(),
            );
        }
        if figure.unit.trim().is_empty() {
            found.error(id, at(&format!("figures[{f}].unit")), "empty unit".into());
        }
        if figure.label.trim().is_empty() {
            found.error(id, at(&format!("figures[{f}].label")), "empty label".into());
        }
    }
}

/// Disagreements: a claim, two versions or more with their sources, and a verdict or why not.
fn check_disagreements(i: usize, entity: &crate::model::Entity, found: &mut Findings) {
    let id = Some(entity.id.as_str());
    let at = |field: &str| format!("entities[{i}].{field}");
    for (d, disagreement) in entity.disagreements.iter().enumerate() {
        let at = |field: &str| at(&format!("disagreements[{d}].{field}"));
        if disagreement.claim.trim().is_empty() {
            found.error(id, at("claim"), "empty claim".into());
        }
        if disagreement.versions.len() < 2 {
            found.error(
                id,
                at("versions"),
                format!(
                    "a disagreement needs at least two versions, found {}",
                    disagreement.versions.len()
                ),
            );
        }
        for (v, version) in disagreement.versions.iter().enumerate() {
            if version.text.trim().is_empty() {
                found.error(id, at(&format!("versions[{v}].text")), "empty text".into());
            }
            if version.source.trim().is_empty() {
                found.error(
                    id,
                    at(&format!("versions[{v}].source")),
                    "empty source: say who gives this version".into(),
                );
            }
        }
        for (field, text) in [
            ("general_knowledge", &disagreement.general_knowledge),
            ("no_verdict", &disagreement.no_verdict),
        ] {
            if text.as_ref().is_some_and(|t| t.trim().is_empty()) {
                found.error(id, at(field), "empty text".into());
            }
        }
        // A recorded disagreement is settled by general knowledge, or says why it is not.
        match (&disagreement.general_knowledge, &disagreement.no_verdict) {
            (None, None) => found.error(
                id,
                at("general_knowledge"),
                "no verdict: say in general_knowledge what settles or explains it, or in no_verdict why nothing does".into(),
            ),
            (Some(_), Some(_)) => found.error(
                id,
                at("no_verdict"),
                "a verdict (general_knowledge) and a reason for having none: keep one".into(),
            ),
            _ => {}
        }
    }
}

/// Coordinates on the globe.
fn check_coords(i: usize, entity: &crate::model::Entity, found: &mut Findings) {
    let id = Some(entity.id.as_str());
    let at = |field: &str| format!("entities[{i}].{field}");
    if let Some(coords) = &entity.coords
        && (!(-90.0..=90.0).contains(&coords.lat) || !(-180.0..=180.0).contains(&coords.lon))
    {
        found.error(
            id,
            at("coords"),
            format!(
                "coordinates {}, {} are off the globe",
                coords.lat, coords.lon
            ),
        );
    }
}

/// Eras say where they come from, as entities do, when the source's sections are known.
fn check_era_sources(data: &Dataset, lookups: &Lookups, found: &mut Findings) {
    for (i, era) in data.eras.iter().enumerate() {
        let path = format!("eras[{i}].");
        if !lookups.sections.is_empty() && era.sources.is_empty() {
            found.error(
                Some(&era.id),
                format!("{path}sources"),
                "the era has no provenance: list the source's sections it comes from".into(),
            );
        }
        check_sources(
            found,
            Some(&era.id),
            &path,
            &era.sources,
            &lookups.sections,
            &lookups.references,
        );
    }
}

/// Context (`Entity::context`): entities that are in the dataset only because the source
/// summarises a related article about another subject. The flag must match the
/// provenance, and context stays beside the history, never inside its chain:
/// - every `meta.context_sections` entry is one of `meta.sections`;
/// - an entity drawn only from context sections is flagged context;
/// - a context entity cites at least one context section (when the dataset lists sections);
/// - no history entity `led_to`, is `part_of` or is `ended_by` a context entity, and no
///   context entity `led_to` a history entity (`related` and `concerns` are the ways to
///   link them).
fn check_context(data: &Dataset, found: &mut Findings) {
    use crate::model::Relation;
    let (sections, context_sections): (HashSet<&str>, Vec<&str>) = match &data.meta {
        Some(meta) => (
            meta.sections.iter().map(String::as_str).collect(),
            meta.context_sections.iter().map(String::as_str).collect(),
        ),
        None => (HashSet::default(), Vec::new()),
    };
    for (i, section) in context_sections.iter().enumerate() {
        if !sections.contains(section) {
            found.error(
                None,
                format!("meta.context_sections[{i}]"),
                format!("'{section}' is not a section listed in meta.sections"),
            );
        }
    }
    let context_of: HashMap<&str, bool> = data
        .entities
        .iter()
        .map(|e| (e.id.as_str(), e.context))
        .collect();
    for (i, entity) in data.entities.iter().enumerate() {
        let id = Some(entity.id.as_str());
        let at = format!("entities[{i}].context");
        let in_context =
            |s: &crate::model::SourceRef| context_sections.contains(&s.section.as_str());
        if !entity.context
            && !context_sections.is_empty()
            && !entity.sources.is_empty()
            && entity.sources.iter().all(in_context)
        {
            found.error(
                id,
                at.clone(),
                "drawn only from related articles about other subjects (meta.context_sections): flag it as context".into(),
            );
        }
        if entity.context && !sections.is_empty() && !entity.sources.iter().any(in_context) {
            found.error(
                id,
                at.clone(),
                "flagged as context, but none of its sources is one of meta.context_sections: cite the related article it comes from, or drop the flag".into(),
            );
        }
        for (l, link) in entity.links.iter().enumerate() {
            let Some(&target_context) = context_of.get(link.target.as_str()) else {
                continue;
            };
            let into_chain = match (entity.context, target_context) {
                (false, true) => matches!(
                    link.rel,
                    Relation::LedTo | Relation::PartOf | Relation::EndedBy
                ),
                (true, false) => link.rel == Relation::LedTo,
                _ => false,
            };
            if into_chain {
                let context = if entity.context {
                    &entity.id
                } else {
                    &link.target
                };
                found.error(
                    id,
                    format!("entities[{i}].links[{l}].rel"),
                    format!(
                        "'{context}' is context, not part of the bilateral history: link it with 'related' or 'concerns', not '{}'",
                        link.rel.as_str()
                    ),
                );
            }
        }
    }
}

/// What imported data carries instead of article sections: the record of the import, and
/// the timeline's own fields (group, display date, media) when they are there. A sourced
/// dataset (one with `meta.sections`) keeps its rules: an import record does not relax them.
fn check_imported(data: &Dataset, found: &mut Findings) {
    if let Some(imported) = data.meta.as_ref().and_then(|m| m.imported.as_ref()) {
        if crate::formats::ImportFormat::parse(&imported.format).is_none() {
            found.error(
                None,
                "meta.imported.format".into(),
                format!(
                    "unknown import format '{}' (one of {})",
                    imported.format,
                    crate::formats::ImportFormat::names()
                ),
            );
        }
        if imported.file.trim().is_empty() {
            found.error(
                None,
                "meta.imported.file".into(),
                "empty file name: say which file was imported".into(),
            );
        }
    }
    for (i, entity) in data.entities.iter().enumerate() {
        let id = Some(entity.id.as_str());
        let at = |field: &str| format!("entities[{i}].{field}");
        if entity.group.as_ref().is_some_and(|g| g.trim().is_empty()) {
            found.error(id, at("group"), "empty group".into());
        }
        if entity
            .display_date
            .as_ref()
            .is_some_and(|d| d.trim().is_empty())
        {
            found.error(id, at("display_date"), "empty display date".into());
        }
        if entity.display_date.is_some() && entity.date.is_none() {
            found.error(
                id,
                at("display_date"),
                "a display date without a date: the date is what places the entity".into(),
            );
        }
        if let Some(media) = &entity.media {
            for (field, url) in [
                ("media.url", Some(&media.url)),
                ("media.thumbnail", media.thumbnail.as_ref()),
            ] {
                if let Some(url) = url
                    && !is_safe_url(url)
                {
                    found.error(id, at(field), unsafe_url(url));
                }
            }
        }
    }
}

/// The allowlist for an address a timeline shows (media url and thumbnail), used by every
/// importer (a failing one is dropped with a note), by `check` (an error) and by every
/// export (never written). Allowed: `http://` or `https://` with a host, or a relative
/// path that starts like a path (a letter, digit, `.`, `_` or a single `/`). Refused:
/// any other scheme (`javascript:`, `data:`, `vbscript:`, `file:`...); protocol-relative
/// `//host` and `\` (which browsers read as `/`), because a path should stay on the
/// timeline's own site and an outside host can be written with its scheme; whitespace,
/// controls and the markup characters `<>"'`{}|` (the address goes into attributes); and
/// the words `iframe` and `blockquote` anywhere, because TimelineJS treats a media url
/// containing them as embed markup and inserts it into the page as HTML.
pub fn is_safe_url(url: &str) -> bool {
    if url.is_empty()
        || url.chars().any(|c| {
            c.is_whitespace()
                || crate::sanitize::is_hostile(c)
                || matches!(c, '<' | '>' | '"' | '\'' | '`' | '\\' | '{' | '}' | '|')
        })
    {
        return false;
    }
    let lower = url.to_ascii_lowercase();
    if lower.contains("iframe") || lower.contains("blockquote") {
        return false;
    }
    for scheme in ["http://", "https://"] {
        if let Some(rest) = lower.strip_prefix(scheme) {
            // A host, not another slash or nothing.
            return rest
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '[');
        }
    }
    // A relative path: it starts like one (which also keeps spreadsheet formulas, "=..." or
    // "@...", out), is not `//host`, and has no scheme, that is no ':' before the first
    // '/', '?' or '#'.
    let starts_like_a_path = url
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '/'));
    starts_like_a_path
        && !url.starts_with("//")
        && match url.find([':', '/', '?', '#']) {
            Some(i) => !url[i..].starts_with(':'),
            None => true,
        }
}

/// Why an address fails `is_safe_url`, as a note or error says it.
pub fn unsafe_url(url: &str) -> String {
    format!(
        "'{}' is not an http(s) address or a relative path (no other scheme, no markup, no embed code)",
        crate::sanitize::terminal(url)
    )
}

/// Each source names a listed section and listed references.
fn check_sources(
    found: &mut Findings,
    id: Option<&str>,
    path: &str,
    sources: &[crate::model::SourceRef],
    sections: &HashSet<&str>,
    references: &HashSet<u32>,
) {
    for (s, source) in sources.iter().enumerate() {
        if !sections.is_empty() && !sections.contains(source.section.as_str()) {
            found.error(
                id,
                format!("{path}sources[{s}].section"),
                format!(
                    "'{}' is not a section listed in meta.sections",
                    source.section
                ),
            );
        }
        for (r, number) in source.refs.iter().enumerate() {
            if !references.contains(number) {
                found.error(
                    id,
                    format!("{path}sources[{s}].refs[{r}]"),
                    format!("reference [{number}] is not in meta.references"),
                );
            }
        }
    }
}

/// Every text field of the schema: a control or bidi character in text is a warning (it
/// is shown escaped, but it is almost always a mistake or an attack). Ids cannot hold one
/// (they must be kebab-case, an error above). Fields are listed by hand rather than found
/// through a JSON walk, which would triple `check`'s time on large datasets; a test proves
/// the list covers every string field of the schema.
/// Borders: unique ids, a name, a line of real coordinates (an area needs three points),
/// an end not before the start.
fn check_borders(data: &Dataset, found: &mut Findings) {
    let mut seen: HashMap<&str, usize> = HashMap::default();
    for (i, border) in data.borders.iter().enumerate() {
        let id = Some(border.id.as_str());
        let at = |field: &str| format!("borders[{i}].{field}");
        if !is_kebab_case(&border.id) {
            found.error(
                id,
                at("id"),
                format!("id '{}' is not kebab-case", border.id),
            );
        } else if let Some(first) = seen.insert(&border.id, i) {
            found.error(
                id,
                at("id"),
                format!(
                    "duplicate border id '{}' (first used by borders[{first}])",
                    border.id
                ),
            );
        }
        if border.name.trim().is_empty() {
            found.error(id, at("name"), "empty name".into());
        }
        let needed = match border.kind {
            crate::model::BorderKind::Boundary => 2,
            _ => 3,
        };
        if border.line.len() < needed {
            found.error(
                id,
                at("line"),
                format!(
                    "a {:?} needs at least {needed} points, found {}",
                    border.kind,
                    border.line.len()
                )
                .to_lowercase(),
            );
        }
        for (p, [lon, lat]) in border.line.iter().enumerate() {
            if !(-180.0..=180.0).contains(lon) || !(-90.0..=90.0).contains(lat) {
                found.error(
                    id,
                    at(&format!("line[{p}]")),
                    format!("[{lon}, {lat}] is not a longitude and latitude"),
                );
            }
        }
        if let Some(to) = &border.to
            && to.latest() < border.from.earliest()
        {
            found.error(
                id,
                at("to"),
                format!(
                    "ends ({}) before it starts ({})",
                    to.iso(),
                    border.from.iso()
                ),
            );
        }
    }
}

/// Words that name a kind of place rather than a place: "South Kuril District" and "Kuril
/// District" are not the same name.
const GENERIC_PLACE_WORDS: [&str; 16] = [
    "the",
    "of",
    "district",
    "province",
    "prefecture",
    "oblast",
    "region",
    "islands",
    "island",
    "chain",
    "city",
    "port",
    "lake",
    "sea",
    "greater",
    "lesser",
];

/// Coordinates this close are one place.
const SAME_PLACE_DEGREES: f64 = 0.05;

/// Two entities at the same coordinates with a name word in common are likely a duplicate unless
/// a link between them says (in its note) how they differ: the audit found three such
/// pairs (South Kuril / Yuzhno-Kurilsky District, South Sakhalin / Karafuto, and the
/// province).
fn same_place_twice(data: &Dataset, found: &mut Findings) {
    let words_of = |entity: &crate::model::Entity| -> HashSet<String> {
        std::iter::once(entity.name.as_str())
            .chain(entity.aliases.iter().map(|a| a.name.as_str()))
            .flat_map(|name| {
                fold(name)
                    .text
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| w.len() > 2 && !GENERIC_PLACE_WORDS.contains(w))
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    // A grid of cells one threshold wide: neighbours are in the 3×3 cells around.
    let cell = |c: &crate::model::Coords| {
        (
            (c.lat / SAME_PLACE_DEGREES).floor() as i64,
            (c.lon / SAME_PLACE_DEGREES).floor() as i64,
        )
    };
    let mut grid: HashMap<(i64, i64), Vec<usize>> = HashMap::default();
    for (i, entity) in data.entities.iter().enumerate() {
        if let Some(coords) = &entity.coords
            && coords.lat.is_finite()
            && coords.lon.is_finite()
        {
            grid.entry(cell(coords)).or_default().push(i);
        }
    }
    // One inside the other (an island and the district named after it), or a link whose
    // note says how they differ.
    let noted_link = |a: &crate::model::Entity, b: &crate::model::Entity| {
        let noted = |from: &crate::model::Entity, to: &str| {
            from.links.iter().any(|l| {
                l.target == to
                    && (l.rel == crate::model::Relation::PartOf
                        || l.note.as_ref().is_some_and(|n| !n.trim().is_empty()))
            })
        };
        noted(a, &b.id) || noted(b, &a.id)
    };
    for (i, entity) in data.entities.iter().enumerate() {
        let Some(coords) = &entity.coords else {
            continue;
        };
        if !coords.lat.is_finite() || !coords.lon.is_finite() {
            continue;
        }
        let (row, col) = cell(coords);
        let mut words = None;
        for dr in -1..=1 {
            for dc in -1..=1 {
                let Some(others) = grid.get(&(row + dr, col + dc)) else {
                    continue;
                };
                for &j in others.iter().filter(|&&j| j > i) {
                    let other = &data.entities[j];
                    let Some(theirs) = &other.coords else {
                        continue;
                    };
                    if (theirs.lat - coords.lat).abs() > SAME_PLACE_DEGREES
                        || (theirs.lon - coords.lon).abs() > SAME_PLACE_DEGREES
                    {
                        continue;
                    }
                    let mine = words.get_or_insert_with(|| words_of(entity));
                    // The same word, or one the start of the other (Kuril, Kurilsky).
                    let mut shared: Vec<String> = words_of(other)
                        .into_iter()
                        .filter(|theirs| {
                            mine.iter().any(|word| {
                                let (short, long) = if word.len() <= theirs.len() {
                                    (word, theirs)
                                } else {
                                    (theirs, word)
                                };
                                short.len() >= 4 && long.starts_with(short.as_str())
                                    || short == long
                            })
                        })
                        .collect();
                    if shared.is_empty() || noted_link(entity, other) {
                        continue;
                    }
                    shared.sort();
                    // A warning: the explorer works with a duplicate, the reader is misled.
                    found.warning(
                        Some(&entity.id),
                        format!("entities[{i}].coords"),
                        format!(
                            "same place as '{}' with a name in common ({}): merge them (the other id goes in former_ids) or link them with a note that says how they differ",
                            other.id,
                            shared.join(", ")
                        ),
                    );
                }
            }
        }
    }
}

fn control_characters(data: &Dataset, found: &mut Findings) {
    let mut text = |id: Option<&str>, path: String, value: &str| {
        if let Some(c) = value.chars().find(|&c| crate::sanitize::is_hostile(c)) {
            found.warning(
                id,
                path,
                format!(
                    "control character U+{:04X} in text (shown escaped)",
                    c as u32
                ),
            );
        }
    };
    for (i, border) in data.borders.iter().enumerate() {
        text(Some(&border.id), format!("borders[{i}].name"), &border.name);
        if let Some(note) = &border.note {
            text(Some(&border.id), format!("borders[{i}].note"), note);
        }
    }
    if let Some(meta) = &data.meta {
        text(None, "meta.title".into(), &meta.title);
        text(None, "meta.description".into(), &meta.description);
        text(None, "meta.source".into(), &meta.source);
        if let Some(imported) = &meta.imported {
            text(None, "meta.imported.file".into(), &imported.file);
        }
        for (i, section) in meta.sections.iter().enumerate() {
            text(None, format!("meta.sections[{i}]"), section);
        }
        for (i, section) in meta.context_sections.iter().enumerate() {
            text(None, format!("meta.context_sections[{i}]"), section);
        }
        for (i, reference) in meta.references.iter().enumerate() {
            text(None, format!("meta.references[{i}].text"), &reference.text);
        }
    }
    for (i, era) in data.eras.iter().enumerate() {
        let id = Some(era.id.as_str());
        text(id, format!("eras[{i}].name"), &era.name);
        text(id, format!("eras[{i}].summary"), &era.summary);
        for (s, source) in era.sources.iter().enumerate() {
            text(
                id,
                format!("eras[{i}].sources[{s}].section"),
                &source.section,
            );
        }
        for (e, fact) in era.external_facts.iter().enumerate() {
            text(id, format!("eras[{i}].external_facts[{e}]"), fact);
        }
    }
    for (i, entity) in data.entities.iter().enumerate() {
        let id = Some(entity.id.as_str());
        let at = |field: &str| format!("entities[{i}].{field}");
        text(id, at("name"), &entity.name);
        text(id, at("summary"), &entity.summary);
        // Paragraphs are separated by a blank line: those newlines are structure.
        for paragraph in entity.description.split(crate::model::PARAGRAPH_BREAK) {
            text(id, at("description"), paragraph);
        }
        for (field, value) in [
            ("group", &entity.group),
            ("display_date", &entity.display_date),
        ] {
            if let Some(value) = value {
                text(id, at(field), value);
            }
        }
        if let Some(media) = &entity.media {
            text(id, at("media.url"), &media.url);
            for (field, value) in [
                ("media.caption", &media.caption),
                ("media.credit", &media.credit),
                ("media.thumbnail", &media.thumbnail),
            ] {
                if let Some(value) = value {
                    text(id, at(field), value);
                }
            }
        }
        for (a, alias) in entity.aliases.iter().enumerate() {
            text(id, at(&format!("aliases[{a}].name")), &alias.name);
            if let Some(lang) = &alias.lang {
                text(id, at(&format!("aliases[{a}].lang")), lang);
            }
        }
        for (m, milestone) in entity.milestones.iter().enumerate() {
            text(id, at(&format!("milestones[{m}].label")), &milestone.label);
            if let Some(note) = &milestone.note {
                text(id, at(&format!("milestones[{m}].note")), note);
            }
        }
        for (l, link) in entity.links.iter().enumerate() {
            if let Some(note) = &link.note {
                text(id, at(&format!("links[{l}].note")), note);
            }
        }
        for (f, figure) in entity.figures.iter().enumerate() {
            text(id, at(&format!("figures[{f}].label")), &figure.label);
            text(id, at(&format!("figures[{f}].unit")), &figure.unit);
            if let Some(series) = &figure.series {
                text(id, at(&format!("figures[{f}].series")), series);
            }
            if let Some(note) = &figure.note {
                text(id, at(&format!("figures[{f}].note")), note);
            }
        }
        for (s, source) in entity.sources.iter().enumerate() {
            text(id, at(&format!("sources[{s}].section")), &source.section);
        }
        for (e, fact) in entity.external_facts.iter().enumerate() {
            text(id, at(&format!("external_facts[{e}]")), fact);
        }
        for (d, disagreement) in entity.disagreements.iter().enumerate() {
            let path = format!("disagreements[{d}]");
            text(id, at(&format!("{path}.claim")), &disagreement.claim);
            for (v, version) in disagreement.versions.iter().enumerate() {
                text(id, at(&format!("{path}.versions[{v}].text")), &version.text);
                text(
                    id,
                    at(&format!("{path}.versions[{v}].source")),
                    &version.source,
                );
            }
            if let Some(general) = &disagreement.general_knowledge {
                text(id, at(&format!("{path}.general_knowledge")), general);
            }
            if let Some(reason) = &disagreement.no_verdict {
                text(id, at(&format!("{path}.no_verdict")), reason);
            }
        }
    }
}

/// An alias that folds to the same key but is a different form (e.g. "Hokkaidō" beside
/// "Hokkaido") is legitimate: readers search and see both spellings.
fn alias_differs_only_in_form(alias: &str, entity: &crate::model::Entity) -> bool {
    alias != entity.name
        && entity
            .aliases
            .iter()
            .filter(|other| other.name == alias)
            .count()
            == 1
}

pub fn has_errors(problems: &[Problem]) -> bool {
    problems.iter().any(|p| p.severity == Severity::Error)
}
