//! Integrity rules for a parsed dataset. Schema errors (bad JSON, unknown fields, bad
//! dates) are caught while parsing; this module checks what serde cannot: unique ids,
//! resolvable links, dates inside their era, provenance that points at real sections.
//!
//! Every rule is linear in the dataset (after the lookups, built once, each entity is
//! checked against hash maps, never against the other entities), and each warning rule
//! lists its first `SHOWN_PER_RULE` findings, then one line for the rest: a dataset of
//! many like entities gets a readable report and a bounded list. Errors are all listed:
//! each stops the dataset from loading and must be fixed, and none can multiply (each
//! is about one field: an id, a name, an alias, a link, a date), so their number is at
//! most the dataset's.

use crate::fold::fold_into;
use crate::model::{Dataset, DatasetRef, Entity, Kind};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One finding, located by entity id (when there is one) and JSON path; or, with `hidden`
/// above 0, the line that says how many more findings like the ones above a warning rule
/// left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    pub id: Option<String>,
    pub path: String,
    pub message: String,
    pub hidden: usize,
}

impl Problem {
    /// How many findings this line stands for: itself, or those it says were left out.
    pub fn count(&self) -> usize {
        if self.hidden > 0 { self.hidden } else { 1 }
    }
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

/// How many findings of each severity a list stands for (errors, warnings), the ones left
/// out of it included.
pub fn counts(problems: &[Problem]) -> (usize, usize) {
    let of = |severity| {
        problems
            .iter()
            .filter(|p| p.severity == severity)
            .map(Problem::count)
            .sum()
    };
    (of(Severity::Error), of(Severity::Warning))
}

/// Findings of one warning rule listed before the rest are only counted.
pub const SHOWN_PER_RULE: usize = 20;

/// The warning rules, each capped on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Warn {
    LongSummary,
    EmptyDescription,
    GeneralKnowledgeNote,
    SamePlace,
    ControlCharacter,
}

impl Warn {
    const ALL: [Warn; 5] = [
        Warn::LongSummary,
        Warn::EmptyDescription,
        Warn::GeneralKnowledgeNote,
        Warn::SamePlace,
        Warn::ControlCharacter,
    ];
    const COUNT: usize = Warn::ALL.len();

    /// Where its findings are, and what they are, for the line that counts the rest.
    fn about(self) -> (&'static str, &'static str) {
        match self {
            Warn::LongSummary => ("entities[…].summary", "summaries over 160 characters"),
            Warn::EmptyDescription => ("entities[…].description", "empty descriptions"),
            Warn::GeneralKnowledgeNote => (
                "entities[…].links[…].external",
                "links noted as general knowledge, not marked external",
            ),
            Warn::SamePlace => ("entities[…].coords", "same place, a name in common"),
            Warn::ControlCharacter => ("text", "control characters"),
        }
    }
}

struct Findings {
    problems: Vec<Problem>,
    /// Per warning rule: how many found so far, and where its line for the rest sits.
    warned: [(usize, Option<usize>); Warn::COUNT],
}

impl Findings {
    fn new() -> Self {
        Findings {
            problems: Vec::new(),
            warned: [(0, None); Warn::COUNT],
        }
    }

    fn error(&mut self, id: Option<&str>, path: String, message: String) {
        self.problems.push(Problem {
            severity: Severity::Error,
            id: id.map(str::to_string),
            path,
            message,
            hidden: 0,
        });
    }

    /// A warning of `rule`; its path and message are only written if it is listed.
    fn warning(
        &mut self,
        rule: Warn,
        id: Option<&str>,
        path: impl FnOnce() -> String,
        message: impl FnOnce() -> String,
    ) {
        let (count, more) = &mut self.warned[rule as usize];
        *count += 1;
        if *count <= SHOWN_PER_RULE {
            self.problems.push(Problem {
                severity: Severity::Warning,
                id: id.map(str::to_string),
                path: path(),
                message: message(),
                hidden: 0,
            });
        } else if more.is_none() {
            // Its place, right after the last one listed; the count is written at the end.
            *more = Some(self.problems.len());
            self.problems.push(Problem {
                severity: Severity::Warning,
                id: None,
                path: rule.about().0.to_string(),
                message: String::new(),
                hidden: 0,
            });
        }
    }

    /// The findings: errors first, then warnings, each in the order found, every capped
    /// rule's last line saying how many more.
    fn finish(mut self) -> Vec<Problem> {
        for rule in Warn::ALL {
            if let (count, Some(at)) = self.warned[rule as usize] {
                let hidden = count - SHOWN_PER_RULE;
                let line = &mut self.problems[at];
                line.hidden = hidden;
                line.message = format!("and {hidden} more like these ({})", rule.about().1);
            }
        }
        self.problems.sort_by_key(|p| p.severity);
        self.problems
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

/// What the rules look up in the whole dataset, built once before they run.
struct Scope<'a> {
    data: DatasetRef<'a>,
    lookups: Lookups<'a>,
    /// Hash of a folded name or alias → the first entity that has it, filled by the names
    /// rule as it goes through the entities. Keyed by a 64-bit hash, not the text: at a
    /// million entities the texts were two million allocations, and a hit is confirmed
    /// against the other entity's own names.
    names: HashMap<u64, (usize, &'a str)>,
}

/// A rule that looks at one entity (`i` is its place in the list).
type EntityRule = for<'a> fn(&mut Scope<'a>, usize, &'a Entity, &mut Findings);
/// A rule that looks at the whole dataset.
type DatasetRule = fn(&Scope<'_>, &mut Findings);

#[derive(Clone, Copy)]
enum Run {
    Entity(EntityRule),
    Dataset(DatasetRule),
}

/// A rule of `check`, by name, to run alone (`Prepared::run`; the benchmark measures each).
#[derive(Clone, Copy)]
pub struct Rule {
    pub name: &'static str,
    run: Run,
}

/// The rules for each entity, in the order they report (`check` runs them all on one
/// entity before the next, so that findings come in dataset order).
const ENTITY_RULES: [Rule; 10] = [
    entity_rule("texts", |_, i, e, found| check_entity_texts(i, e, found)),
    entity_rule("range_end", |s, i, e, found| {
        check_range_end(s.data, i, e, found)
    }),
    entity_rule("entity_era", |s, i, e, found| {
        check_entity_era(s.data, i, e, &s.lookups, found)
    }),
    entity_rule("milestones", |_, i, e, found| check_milestones(i, e, found)),
    entity_rule("links", |s, i, e, found| {
        check_links(i, e, &s.lookups, found)
    }),
    entity_rule("names", check_names),
    entity_rule("figures", |_, i, e, found| check_figures(i, e, found)),
    entity_rule("disagreements", |_, i, e, found| {
        check_disagreements(i, e, found)
    }),
    entity_rule("coords", |_, i, e, found| check_coords(i, e, found)),
    entity_rule("sources", |s, i, e, found| {
        check_sources(
            found,
            Some(e.id.as_str()),
            &|| format!("entities[{i}]."),
            &e.sources,
            &s.lookups.sections,
            &s.lookups.references,
        )
    }),
];

/// The rules for the whole dataset, run after those for each entity, in this order.
const DATASET_RULES: [Rule; 7] = [
    dataset_rule("era_sources", check_era_sources),
    dataset_rule("references", |s, found| check_references(s.data, found)),
    dataset_rule("context", check_context),
    dataset_rule("imported", |s, found| check_imported(s.data, found)),
    dataset_rule("borders", |s, found| check_borders(s.data, found)),
    dataset_rule("same_place", |s, found| same_place_twice(s.data, found)),
    dataset_rule("control_characters", |s, found| {
        control_characters(s.data, found)
    }),
];

const fn entity_rule(name: &'static str, run: EntityRule) -> Rule {
    Rule {
        name,
        run: Run::Entity(run),
    }
}

const fn dataset_rule(name: &'static str, run: DatasetRule) -> Rule {
    Rule {
        name,
        run: Run::Dataset(run),
    }
}

/// Every rule, in the order `check` runs them (the lookups come before: `prepare`).
pub fn rules() -> impl Iterator<Item = Rule> {
    ENTITY_RULES.into_iter().chain(DATASET_RULES)
}

/// Check a dataset; errors first, then warnings, each in dataset order.
pub fn check(data: &Dataset) -> Vec<Problem> {
    check_parts(data.borrowed())
}

/// Check a dataset's parts (`check`), borrowed from where they are.
pub fn check_parts(data: DatasetRef<'_>) -> Vec<Problem> {
    let mut found = Findings::new();
    let mut scope = scope(data, &mut found);
    for (i, entity) in data.entities.iter().enumerate() {
        for rule in ENTITY_RULES {
            if let Run::Entity(run) = rule.run {
                run(&mut scope, i, entity, &mut found);
            }
        }
    }
    for rule in DATASET_RULES {
        if let Run::Dataset(run) = rule.run {
            run(&scope, &mut found);
        }
    }
    found.finish()
}

/// The lookups every rule needs, built, for running rules one at a time.
pub struct Prepared<'a> {
    scope: Scope<'a>,
}

/// Build the lookups (eras, ids, former ids, links, sections), as `check` does first; what
/// they find is dropped.
pub fn prepare(data: &Dataset) -> Prepared<'_> {
    let data = data.borrowed();
    Prepared {
        scope: scope(data, &mut Findings::new()),
    }
}

impl Prepared<'_> {
    /// Run one rule alone, over the whole dataset: its findings, capped as in `check`.
    pub fn run(&mut self, rule: Rule) -> Vec<Problem> {
        let mut found = Findings::new();
        match rule.run {
            Run::Entity(run) => {
                // Each run starts afresh, as `check` does (the names rule remembers names).
                self.scope.names.clear();
                for (i, entity) in self.scope.data.entities.iter().enumerate() {
                    run(&mut self.scope, i, entity, &mut found);
                }
            }
            Run::Dataset(run) => run(&self.scope, &mut found),
        }
        found.finish()
    }
}

fn scope<'a>(data: DatasetRef<'a>, found: &mut Findings) -> Scope<'a> {
    let era_ids = check_eras(data, found);
    let ids = check_entity_ids(data, &era_ids, found);
    let former_ids = check_former_ids(data, &ids, &era_ids, found);
    let lookups = Lookups {
        era_ids,
        ids,
        former_ids,
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
    Scope {
        data,
        lookups,
        names: HashMap::default(),
    }
}

/// What the rules for one entity look up in the whole dataset.
struct Lookups<'a> {
    /// Era id → its index.
    era_ids: HashMap<&'a str, usize>,
    /// Entity id → its index.
    ids: HashMap<&'a str, usize>,
    /// Former id of a merged entity → the id it was merged into.
    former_ids: HashMap<&'a str, &'a str>,
    /// The source's sections and reference numbers, as `meta` lists them.
    sections: HashSet<&'a str>,
    references: HashSet<u32>,
}

/// The eras: ids, names, order and ends. Returns era id → index.
fn check_eras<'a>(data: DatasetRef<'a>, found: &mut Findings) -> HashMap<&'a str, usize> {
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
    data: DatasetRef<'a>,
    era_ids: &HashMap<&str, usize>,
    found: &mut Findings,
) -> HashMap<&'a str, usize> {
    let mut ids: HashMap<&str, usize> = HashMap::default();
    ids.reserve(data.entities.len());
    for (i, entity) in data.entities.iter().enumerate() {
        let path = || format!("entities[{i}].id");
        if !is_kebab_case(&entity.id) {
            found.error(
                Some(&entity.id),
                path(),
                format!("id '{}' is not kebab-case (a-z, 0-9 and '-')", entity.id),
            );
        }
        if let Some(first) = ids.insert(entity.id.as_str(), i) {
            found.error(
                Some(&entity.id),
                path(),
                format!(
                    "duplicate id '{}' (first used by entities[{first}])",
                    entity.id
                ),
            );
        } else if era_ids.contains_key(entity.id.as_str()) {
            found.error(
                Some(&entity.id),
                path(),
                format!("id '{}' is also an era id", entity.id),
            );
        }
    }

    ids
}

/// Former ids of merged entities: unique, never a current id. Returns former → current.
fn check_former_ids<'a>(
    data: DatasetRef<'a>,
    ids: &HashMap<&str, usize>,
    era_ids: &HashMap<&str, usize>,
    found: &mut Findings,
) -> HashMap<&'a str, &'a str> {
    let mut former_ids: HashMap<&str, &str> = HashMap::default();
    for (i, entity) in data.entities.iter().enumerate() {
        for (f, former) in entity.former_ids.iter().enumerate() {
            let path = || format!("entities[{i}].former_ids[{f}]");
            if !is_kebab_case(former) {
                found.error(
                    Some(&entity.id),
                    path(),
                    format!("former id '{former}' is not kebab-case"),
                );
            } else if ids.contains_key(former.as_str()) || era_ids.contains_key(former.as_str()) {
                found.error(
                    Some(&entity.id),
                    path(),
                    format!("former id '{former}' is still in use as an id"),
                );
            } else if let Some(other) = former_ids.insert(former, &entity.id) {
                found.error(
                    Some(&entity.id),
                    path(),
                    format!("former id '{former}' is also claimed by '{other}'"),
                );
            }
        }
    }

    former_ids
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
            Warn::LongSummary,
            id,
            || at("summary"),
            || {
                format!(
                    "summary is {} characters; keep it to one line (160 at most)",
                    entity.summary.chars().count()
                )
            },
        );
    }
    if entity.description.trim().is_empty() {
        found.warning(
            Warn::EmptyDescription,
            id,
            || at("description"),
            || "empty description".into(),
        );
    }
}

/// A range that stops in the source's present year has not been seen to end there.
fn check_range_end(
    data: DatasetRef<'_>,
    i: usize,
    entity: &crate::model::Entity,
    found: &mut Findings,
) {
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
    data: DatasetRef<'_>,
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
    // Most entities have a few links, compared pairwise; a set only for many (a file may
    // give one entity thousands, and the check must stay linear).
    let mut seen_links = (entity.links.len() > 16).then(HashSet::default);
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
                Warn::GeneralKnowledgeNote,
                id,
                || at(&format!("links[{l}].external")),
                || format!(
                    "the note of link '{}' to '{}' says it is general knowledge: mark the link external",
                    link.rel.as_str(),
                    link.target
                ),
            );
        }
        let path = || at(&format!("links[{l}].target"));
        if link.target == entity.id {
            found.error(id, path(), "links to itself".into());
        } else if let Some(merged_into) = (!lookups.former_ids.is_empty())
            .then(|| lookups.former_ids.get(link.target.as_str()))
            .flatten()
        {
            found.error(
                id,
                path(),
                format!(
                    "link '{}' points to '{}', which was merged into '{merged_into}': link to that",
                    link.rel.as_str(),
                    link.target
                ),
            );
        } else if !lookups.ids.contains_key(link.target.as_str()) {
            found.error(
                id,
                path(),
                format!(
                    "link '{}' points to unknown id '{}'",
                    link.rel.as_str(),
                    link.target
                ),
            );
        } else if match &mut seen_links {
            Some(seen) => !seen.insert((link.rel, link.target.as_str())),
            None => entity.links[..l]
                .iter()
                .any(|earlier| earlier.rel == link.rel && earlier.target == link.target),
        } {
            found.error(
                id,
                path(),
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
fn check_names<'a>(scope: &mut Scope<'a>, i: usize, entity: &'a Entity, found: &mut Findings) {
    let id = Some(entity.id.as_str());
    let at = |field: &str| format!("entities[{i}].{field}");
    let mut own_name = String::new();
    fold_into(&entity.name, &mut own_name);
    // An entity has a few names: a list is cheaper than a set.
    let mut own_names = vec![own_name];
    // How many times each alias is listed, counted once for the entity when it is needed.
    let mut listed: Option<HashMap<&str, usize>> = None;
    for (a, alias) in entity.aliases.iter().enumerate() {
        let path = || at(&format!("aliases[{a}]"));
        let mut folded = String::new();
        fold_into(&alias.name, &mut folded);
        if alias.name.trim().is_empty() {
            found.error(id, path(), "empty alias".into());
            continue;
        }
        if folded == own_names[0] && alias.name == entity.name {
            found.error(
                id,
                path(),
                format!("alias '{}' repeats the name", alias.name),
            );
            continue;
        }
        if own_names.contains(&folded) {
            let listed = listed.get_or_insert_with(|| {
                let mut listed = HashMap::default();
                for other in &entity.aliases {
                    *listed.entry(other.name.as_str()).or_insert(0) += 1;
                }
                listed
            });
            // An alias that folds to the same key but is a different form (e.g. "Hokkaidō"
            // beside "Hokkaido") is legitimate: readers search and see both spellings.
            let other_form =
                alias.name != entity.name && listed.get(alias.name.as_str()) == Some(&1);
            if !other_form {
                found.error(
                    id,
                    path(),
                    format!("alias '{}' is listed twice", alias.name),
                );
            }
        } else {
            own_names.push(folded);
        }
    }
    for folded in own_names {
        let key = xxhash_rust::xxh3::xxh3_64(folded.as_bytes());
        match scope.names.get(&key) {
            Some(&(other, other_id)) if other != i => {
                let other_entity = &scope.data.entities[other];
                if !has_folded_name(other_entity, &folded) {
                    // Another text with the same hash: as rare as it is harmless.
                    continue;
                }
                // Linked either way, they may share it. Their own links are read rather
                // than a set of every linked pair: names are rarely shared, and building
                // the set took a quarter of `check` at 100k.
                let links_to = |from: &Entity, to: &str| from.links.iter().any(|l| l.target == to);
                if !links_to(entity, other_id) && !links_to(other_entity, &entity.id) {
                    found.error(
                        id,
                        at("aliases"),
                        format!(
                            "name or alias '{folded}' is also used by '{other_id}', which it does not link to"
                        ),
                    );
                }
            }
            Some(_) => {}
            None => {
                scope.names.insert(key, (i, entity.id.as_str()));
            }
        }
    }
}

/// Whether `entity`'s name or an alias folds to `folded`.
fn has_folded_name(entity: &Entity, folded: &str) -> bool {
    let mut text = String::new();
    std::iter::once(&entity.name)
        .chain(entity.aliases.iter().map(|a| &a.name))
        .any(|name| {
            text.clear();
            fold_into(name, &mut text);
            text == folded
        })
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
fn check_era_sources(scope: &Scope<'_>, found: &mut Findings) {
    let lookups = &scope.lookups;
    for (i, era) in scope.data.eras.iter().enumerate() {
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
            &|| path.clone(),
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
fn check_context(scope: &Scope<'_>, found: &mut Findings) {
    use crate::model::Relation;
    let data = scope.data;
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
    let context: HashSet<&str> = context_sections.iter().copied().collect();
    // Links cross between context and the history only when some entity is context.
    let any_context = data.entities.iter().any(|e| e.context);
    let context_of = |id: &str| {
        if !any_context {
            return None;
        }
        let at = scope.lookups.ids.get(id)?;
        Some(data.entities[*at].context)
    };
    for (i, entity) in data.entities.iter().enumerate() {
        let id = Some(entity.id.as_str());
        let at = || format!("entities[{i}].context");
        let in_context = |s: &crate::model::SourceRef| context.contains(s.section.as_str());
        if !entity.context
            && !context_sections.is_empty()
            && !entity.sources.is_empty()
            && entity.sources.iter().all(in_context)
        {
            found.error(
                id,
                at(),
                "drawn only from related articles about other subjects (meta.context_sections): flag it as context".into(),
            );
        }
        if entity.context && !sections.is_empty() && !entity.sources.iter().any(in_context) {
            found.error(
                id,
                at(),
                "flagged as context, but none of its sources is one of meta.context_sections: cite the related article it comes from, or drop the flag".into(),
            );
        }
        for (l, link) in entity.links.iter().enumerate() {
            let Some(target_context) = context_of(link.target.as_str()) else {
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
fn check_imported(data: DatasetRef<'_>, found: &mut Findings) {
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
        // Links kept from a text go out again as `<a href>` in exports and are shown.
        for (l, link) in entity.web_links.iter().enumerate() {
            if !is_safe_url(&link.url) {
                found.error(
                    id,
                    at(&format!("web_links[{l}].url")),
                    unsafe_url(&link.url),
                );
            }
            if link.text.trim().is_empty() {
                found.error(
                    id,
                    at(&format!("web_links[{l}].text")),
                    "a link without words: say what it points to".into(),
                );
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
    path: &dyn Fn() -> String,
    sources: &[crate::model::SourceRef],
    sections: &HashSet<&str>,
    references: &HashSet<u32>,
) {
    for (s, source) in sources.iter().enumerate() {
        if !sections.is_empty() && !sections.contains(source.section.as_str()) {
            found.error(
                id,
                format!("{}sources[{s}].section", path()),
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
                    format!("{}sources[{s}].refs[{r}]", path()),
                    format!("reference [{number}] is not in meta.references"),
                );
            }
        }
    }
}

/// Borders: unique ids, a name, a line of real coordinates (an area needs three points),
/// an end not before the start.
fn check_borders(data: DatasetRef<'_>, found: &mut Findings) {
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

/// Two entities within `same_place::DEGREES` of each other with a name word in common are
/// likely a duplicate unless a link between them says (in its note) how they differ, or one
/// is `part_of` the other: the audit found three such pairs (South Kuril /
/// Yuzhno-Kurilsky District, South Sakhalin / Karafuto, and the province). Each entity that
/// has a later duplicate is warned about once, naming the first of them: the duplicates of
/// one place, however many, make one warning each rather than one for every pair.
fn same_place_twice(data: DatasetRef<'_>, found: &mut Findings) {
    for (i, j) in crate::same_place::first_duplicates(data) {
        let (entity, other) = (&data.entities[i], &data.entities[j]);
        // A warning: the explorer works with a duplicate, the reader is misled.
        found.warning(
            Warn::SamePlace,
            Some(&entity.id),
            || format!("entities[{i}].coords"),
            || {
                format!(
                    "same place as '{}' with a name in common ({}): merge them (the other id goes in former_ids) or link them with a note that says how they differ",
                    other.id,
                    crate::same_place::shared_words(entity, other).join(", ")
                )
            },
        );
    }
}

/// Every text field of the schema: a control or bidi character in text is a warning (it
/// is shown escaped, but it is almost always a mistake or an attack). Ids cannot hold one
/// (they must be kebab-case, an error above). Fields are listed by hand rather than found
/// through a JSON walk, which would triple `check`'s time on large datasets; a test proves
/// the list covers every string field of the schema.
fn control_characters(data: DatasetRef<'_>, found: &mut Findings) {
    // The path is written only for a warning that is listed: most text has none.
    let mut text = |id: Option<&str>, path: &dyn Fn() -> String, value: &str| {
        // Printable ASCII, most text, is passed over without decoding characters.
        if crate::sanitize::is_printable_ascii(value.as_bytes()) {
            return;
        }
        if let Some(c) = value.chars().find(|&c| crate::sanitize::is_hostile(c)) {
            found.warning(Warn::ControlCharacter, id, path, || {
                format!(
                    "control character U+{:04X} in text (shown escaped)",
                    c as u32
                )
            });
        }
    };
    for (i, border) in data.borders.iter().enumerate() {
        text(
            Some(&border.id),
            &|| format!("borders[{i}].name"),
            &border.name,
        );
        if let Some(note) = &border.note {
            text(Some(&border.id), &|| format!("borders[{i}].note"), note);
        }
    }
    if let Some(meta) = &data.meta {
        text(None, &|| "meta.title".into(), &meta.title);
        text(None, &|| "meta.description".into(), &meta.description);
        text(None, &|| "meta.source".into(), &meta.source);
        if let Some(imported) = &meta.imported {
            text(None, &|| "meta.imported.file".into(), &imported.file);
        }
        for (i, section) in meta.sections.iter().enumerate() {
            text(None, &|| format!("meta.sections[{i}]"), section);
        }
        for (i, section) in meta.context_sections.iter().enumerate() {
            text(None, &|| format!("meta.context_sections[{i}]"), section);
        }
        for (i, reference) in meta.references.iter().enumerate() {
            reference_control_characters(i, reference, &mut text);
        }
    }
    for (i, era) in data.eras.iter().enumerate() {
        let id = Some(era.id.as_str());
        text(id, &|| format!("eras[{i}].name"), &era.name);
        text(id, &|| format!("eras[{i}].summary"), &era.summary);
        for (s, source) in era.sources.iter().enumerate() {
            text(
                id,
                &|| format!("eras[{i}].sources[{s}].section"),
                &source.section,
            );
        }
        for (e, fact) in era.external_facts.iter().enumerate() {
            text(id, &|| format!("eras[{i}].external_facts[{e}]"), fact);
        }
    }
    for (i, entity) in data.entities.iter().enumerate() {
        entity_control_characters(i, entity, &mut text);
    }
}

/// A reference's text and each of its parts, as every other text field is checked.
fn reference_control_characters(
    i: usize,
    reference: &crate::model::Reference,
    text: &mut TextField<'_>,
) {
    let path = |field: &str| format!("meta.references[{i}].{field}");
    text(None, &|| path("text"), &reference.text);
    for (a, author) in reference.authors.iter().enumerate() {
        text(None, &|| path(&format!("authors[{a}]")), author);
    }
    let parts = [
        ("title", &reference.title),
        ("translated_title", &reference.translated_title),
        ("container", &reference.container),
        ("volume", &reference.volume),
        ("issue", &reference.issue),
        ("pages", &reference.pages),
        ("date", &reference.date),
        ("language", &reference.language),
        ("retrieved", &reference.retrieved),
    ];
    for (field, value) in parts {
        if let Some(value) = value {
            text(None, &|| path(field), value);
        }
    }
    for (n, identifier) in reference.identifiers.iter().enumerate() {
        text(
            None,
            &|| path(&format!("identifiers[{n}].scheme")),
            &identifier.scheme,
        );
        text(
            None,
            &|| path(&format!("identifiers[{n}].value")),
            &identifier.value,
        );
    }
}

/// The references' numbers are unique, and an ISBN has the right check digit (a typo in
/// one sends the reader to another book).
fn check_references(data: DatasetRef<'_>, found: &mut Findings) {
    let Some(meta) = data.meta else { return };
    let mut seen = HashSet::default();
    for (i, reference) in meta.references.iter().enumerate() {
        if !seen.insert(reference.number) {
            found.error(
                None,
                format!("meta.references[{i}].number"),
                format!("reference [{}] is listed twice", reference.number),
            );
        }
        for (n, identifier) in reference.identifiers.iter().enumerate() {
            if identifier.scheme.eq_ignore_ascii_case("isbn") && !is_valid_isbn(&identifier.value) {
                found.error(
                    None,
                    format!("meta.references[{i}].identifiers[{n}].value"),
                    format!(
                        "'{}' is not an ISBN: 10 or 13 digits (hyphens and spaces allowed) with the right check digit",
                        crate::sanitize::terminal(&identifier.value)
                    ),
                );
            }
        }
    }
}

/// Whether `text` is an ISBN-10 (last digit may be X) or an ISBN-13 whose check digit
/// matches; hyphens and spaces between digits are allowed.
pub fn is_valid_isbn(text: &str) -> bool {
    let mut digits = Vec::with_capacity(13);
    for (k, c) in text.chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c as u32 - '0' as u32),
            'X' | 'x' if k + 1 == text.chars().count() => digits.push(10),
            '-' | ' ' if !digits.is_empty() => {}
            _ => return false,
        }
    }
    match digits.len() {
        10 => {
            digits[..9].iter().all(|&d| d < 10)
                && digits
                    .iter()
                    .enumerate()
                    .map(|(k, &d)| (10 - k as u32) * d)
                    .sum::<u32>()
                    % 11
                    == 0
        }
        13 => {
            digits.iter().all(|&d| d < 10)
                && digits
                    .iter()
                    .enumerate()
                    .map(|(k, &d)| if k % 2 == 0 { d } else { 3 * d })
                    .sum::<u32>()
                    % 10
                    == 0
        }
        _ => false,
    }
}

/// Where `control_characters` is told of each text field: the entity's id, the field's path
/// (written only when needed) and the text.
type TextField<'t> = dyn FnMut(Option<&str>, &dyn Fn() -> String, &str) + 't;

/// Every text field of one entity, told to `text`.
fn entity_control_characters(i: usize, entity: &Entity, text: &mut TextField<'_>) {
    let id = Some(entity.id.as_str());
    let at = |field: &str| format!("entities[{i}].{field}");
    text(id, &|| at("name"), &entity.name);
    text(id, &|| at("summary"), &entity.summary);
    // Paragraphs are separated by a blank line: those newlines are structure.
    for paragraph in entity.description.split(crate::model::PARAGRAPH_BREAK) {
        text(id, &|| at("description"), paragraph);
    }
    for (field, value) in [
        ("group", &entity.group),
        ("display_date", &entity.display_date),
    ] {
        if let Some(value) = value {
            text(id, &|| at(field), value);
        }
    }
    if let Some(media) = &entity.media {
        text(id, &|| at("media.url"), &media.url);
        for (field, value) in [
            ("media.caption", &media.caption),
            ("media.credit", &media.credit),
            ("media.thumbnail", &media.thumbnail),
        ] {
            if let Some(value) = value {
                text(id, &|| at(field), value);
            }
        }
    }
    for (a, alias) in entity.aliases.iter().enumerate() {
        text(id, &|| at(&format!("aliases[{a}].name")), &alias.name);
        if let Some(lang) = &alias.lang {
            text(id, &|| at(&format!("aliases[{a}].lang")), lang);
        }
    }
    for (m, milestone) in entity.milestones.iter().enumerate() {
        text(
            id,
            &|| at(&format!("milestones[{m}].label")),
            &milestone.label,
        );
        if let Some(note) = &milestone.note {
            text(id, &|| at(&format!("milestones[{m}].note")), note);
        }
    }
    for (l, link) in entity.links.iter().enumerate() {
        if let Some(note) = &link.note {
            text(id, &|| at(&format!("links[{l}].note")), note);
        }
    }
    for (f, figure) in entity.figures.iter().enumerate() {
        text(id, &|| at(&format!("figures[{f}].label")), &figure.label);
        text(id, &|| at(&format!("figures[{f}].unit")), &figure.unit);
        if let Some(series) = &figure.series {
            text(id, &|| at(&format!("figures[{f}].series")), series);
        }
        if let Some(note) = &figure.note {
            text(id, &|| at(&format!("figures[{f}].note")), note);
        }
    }
    for (s, source) in entity.sources.iter().enumerate() {
        text(
            id,
            &|| at(&format!("sources[{s}].section")),
            &source.section,
        );
    }
    for (e, fact) in entity.external_facts.iter().enumerate() {
        text(id, &|| at(&format!("external_facts[{e}]")), fact);
    }
    for (d, disagreement) in entity.disagreements.iter().enumerate() {
        let path = format!("disagreements[{d}]");
        text(id, &|| at(&format!("{path}.claim")), &disagreement.claim);
        for (v, version) in disagreement.versions.iter().enumerate() {
            text(
                id,
                &|| at(&format!("{path}.versions[{v}].text")),
                &version.text,
            );
            text(
                id,
                &|| at(&format!("{path}.versions[{v}].source")),
                &version.source,
            );
        }
        if let Some(general) = &disagreement.general_knowledge {
            text(id, &|| at(&format!("{path}.general_knowledge")), general);
        }
        if let Some(reason) = &disagreement.no_verdict {
            text(id, &|| at(&format!("{path}.no_verdict")), reason);
        }
    }
}

pub fn has_errors(problems: &[Problem]) -> bool {
    problems.iter().any(|p| p.severity == Severity::Error)
}

#[cfg(test)]
mod isbn_tests {
    use super::is_valid_isbn;

    #[test]
    fn isbns_need_their_check_digit() {
        // The two the article gives.
        assert!(is_valid_isbn("9781109109061"));
        assert!(is_valid_isbn("978-0-465-03147-4"));
        assert!(is_valid_isbn("0-465-03147-1"));
        assert!(is_valid_isbn("0-8044-2957-X"));
        assert!(!is_valid_isbn("978-0-465-03147-5"));
        assert!(!is_valid_isbn("9781109109062"));
        assert!(!is_valid_isbn("0-465-03147-4"));
        assert!(!is_valid_isbn("97801109109061"));
        assert!(!is_valid_isbn("-9781109109061"));
        assert!(!is_valid_isbn("978X109109061"));
        assert!(!is_valid_isbn(""));
    }
}
