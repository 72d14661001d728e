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
use crate::model::{Border, Dataset, DatasetRef, Entity, Era, Kind, Meta};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::fmt;
use std::ops::ControlFlow;

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
    /// Each finding with the phase of the check that found it (`Rule::phase`): the rules
    /// go through the entities together, and the list is put back in rule order at the end.
    problems: Vec<(u8, Problem)>,
    /// The phase findings are made in now.
    phase: u8,
    /// Per warning rule: how many found so far, and where its line for the rest sits.
    warned: [(usize, Option<usize>); Warn::COUNT],
}

impl Findings {
    fn new() -> Self {
        Findings {
            problems: Vec::new(),
            phase: 0,
            warned: [(0, None); Warn::COUNT],
        }
    }

    fn error(&mut self, id: Option<&str>, path: String, message: String) {
        self.problems.push((
            self.phase,
            Problem {
                severity: Severity::Error,
                id: id.map(str::to_string),
                path,
                message,
                hidden: 0,
            },
        ));
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
            self.problems.push((
                self.phase,
                Problem {
                    severity: Severity::Warning,
                    id: id.map(str::to_string),
                    path: path(),
                    message: message(),
                    hidden: 0,
                },
            ));
        } else if more.is_none() {
            // Its place, right after the last one listed; the count is written at the end.
            *more = Some(self.problems.len());
            self.problems.push((
                self.phase,
                Problem {
                    severity: Severity::Warning,
                    id: None,
                    path: rule.about().0.to_string(),
                    message: String::new(),
                    hidden: 0,
                },
            ));
        }
    }

    /// The findings: errors first, then warnings, each in the order found, every capped
    /// rule's last line saying how many more.
    fn finish(mut self) -> Vec<Problem> {
        for rule in Warn::ALL {
            if let (count, Some(at)) = self.warned[rule as usize] {
                let hidden = count - SHOWN_PER_RULE;
                let line = &mut self.problems[at].1;
                line.hidden = hidden;
                line.message = format!("and {hidden} more like these ({})", rule.about().1);
            }
        }
        // Stable: in each rule, the order found.
        self.problems
            .sort_by_key(|(phase, problem)| (problem.severity, *phase));
        self.problems
            .into_iter()
            .map(|(_, problem)| problem)
            .collect()
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

/// Where `check` reads the entities from: a list in memory, or the file an import writes
/// them to as it makes them (an import of many small rows cannot hold them all). The rules
/// go through them in order twice (the ids, then everything else); a name two entities
/// share, a link's target or its context flag fetches one more.
pub trait Entities {
    /// How many there are.
    fn count(&self) -> usize;
    /// Each entity with its place, in order, until `visit` breaks.
    fn each(&self, visit: &mut dyn FnMut(usize, &Entity) -> ControlFlow<()>);
    /// The entity at `i` (below `count`).
    fn fetch(&self, i: usize) -> Cow<'_, Entity>;
    /// The whole list, when it is in memory.
    fn in_memory(&self) -> Option<&[Entity]>;
}

impl<T: AsRef<[Entity]>> Entities for T {
    fn count(&self) -> usize {
        self.as_ref().len()
    }

    fn each(&self, visit: &mut dyn FnMut(usize, &Entity) -> ControlFlow<()>) {
        for (i, entity) in self.as_ref().iter().enumerate() {
            if visit(i, entity).is_break() {
                return;
            }
        }
    }

    fn fetch(&self, i: usize) -> Cow<'_, Entity> {
        Cow::Borrowed(&self.as_ref()[i])
    }

    fn in_memory(&self) -> Option<&[Entity]> {
        Some(self.as_ref())
    }
}

/// A dataset's parts beside its entities, borrowed: what `check` reads with them.
#[derive(Debug, Clone, Copy)]
pub struct Head<'a> {
    pub meta: &'a Option<Meta>,
    pub eras: &'a [Era],
    pub borders: &'a [Border],
}

/// What the rules look up in the whole dataset, built once before they run.
struct Scope<'a> {
    head: Head<'a>,
    entities: &'a dyn Entities,
    lookups: Lookups<'a>,
    /// A folded name or alias → the first entity that has it, filled by the names rule as
    /// it goes through the entities. By hash, not the text: at a million entities the
    /// texts were two million allocations; a hit is confirmed against the other entity's
    /// own names.
    names: FirstPlaces,
    /// Whether any entity is context: links cross between context and history only then.
    any_context: bool,
    /// The entities with coordinates, with their places, copied as the rules go through a
    /// list that is not in memory: the same-place rule compares only those.
    places: Vec<(usize, Entity)>,
}

/// A rule that looks at one entity (`i` is its place in the list).
type EntityRule = fn(&mut Scope<'_>, usize, &Entity, &mut Findings);
/// A rule (or its part) that looks at the dataset as a whole.
type WholeRule = fn(&mut Scope<'_>, &mut Findings);

/// A rule of `check`, by name, to run alone (`Prepared::run`; the benchmark measures each).
/// A rule may look at the dataset before the entities, at each entity, and after them.
#[derive(Clone, Copy)]
pub struct Rule {
    pub name: &'static str,
    before: Option<WholeRule>,
    each: Option<EntityRule>,
    after: Option<WholeRule>,
    /// Where its findings go in the list: the rules' order. The eras and ids are checked
    /// first, as the lookups are built (phases below `FIRST_RULE_PHASE`).
    phase: u8,
}

/// The phases of the lookups' own findings: eras, ids, former ids.
const ERA_PHASE: u8 = 0;
const ID_PHASE: u8 = 1;
const FORMER_ID_PHASE: u8 = 2;
const FIRST_RULE_PHASE: u8 = 3;

/// The rules for each entity, in the order they report (`check` runs them all on one
/// entity before the next, so that findings come in dataset order).
const ENTITY_RULES: [Rule; 10] = [
    entity_rule("texts", |_, i, e, found| check_entity_texts(i, e, found)),
    entity_rule("range_end", |s, i, e, found| {
        check_range_end(s.head, i, e, found)
    }),
    entity_rule("entity_era", |s, i, e, found| {
        check_entity_era(s.head, i, e, &s.lookups, found)
    }),
    entity_rule("milestones", |_, i, e, found| check_milestones(i, e, found)),
    entity_rule("links", |s, i, e, found| {
        check_links(i, e, &s.lookups, s.entities, found)
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

/// The rules for the whole dataset, reported after those for each entity, in this order.
const DATASET_RULES: [Rule; 7] = [
    whole_rule("era_sources", 1, Some(check_era_sources), None, None),
    whole_rule("references", 2, Some(check_references), None, None),
    whole_rule(
        "context",
        3,
        Some(check_context_sections),
        Some(check_context),
        None,
    ),
    whole_rule(
        "imported",
        4,
        Some(check_import_record),
        Some(check_imported),
        None,
    ),
    whole_rule("borders", 5, Some(check_borders), None, None),
    whole_rule(
        "same_place",
        6,
        None,
        Some(keep_place),
        Some(same_place_twice),
    ),
    whole_rule(
        "control_characters",
        7,
        Some(head_control_characters),
        Some(|_, i, e, found| {
            entity_control_characters(i, e, &mut |id, path, value| {
                control_character(found, id, path, value)
            })
        }),
        None,
    ),
];

const fn entity_rule(name: &'static str, each: EntityRule) -> Rule {
    Rule {
        name,
        before: None,
        each: Some(each),
        after: None,
        phase: FIRST_RULE_PHASE,
    }
}

const fn whole_rule(
    name: &'static str,
    order: u8,
    before: Option<WholeRule>,
    each: Option<EntityRule>,
    after: Option<WholeRule>,
) -> Rule {
    Rule {
        name,
        before,
        each,
        after,
        phase: FIRST_RULE_PHASE + order,
    }
}

/// Every rule, in the order `check` reports them (the lookups come before: `prepare`).
pub fn rules() -> impl Iterator<Item = Rule> {
    ENTITY_RULES.into_iter().chain(DATASET_RULES)
}

/// Check a dataset; errors first, then warnings, each in dataset order.
pub fn check(data: &Dataset) -> Vec<Problem> {
    check_parts(data.borrowed())
}

/// Check a dataset's parts (`check`), borrowed from where they are.
pub fn check_parts(data: DatasetRef<'_>) -> Vec<Problem> {
    let head = Head {
        meta: data.meta,
        eras: data.eras,
        borders: data.borders,
    };
    check_entities(head, &data.entities)
}

/// Check a dataset whose entities are read from `entities` (`check`): every rule sees each
/// entity as it goes by, in one pass after the ids are read.
pub fn check_entities(head: Head<'_>, entities: &dyn Entities) -> Vec<Problem> {
    let mut found = Findings::new();
    let mut scope = scope(head, entities, &mut found);
    for rule in rules() {
        if let Some(before) = rule.before {
            found.phase = rule.phase;
            before(&mut scope, &mut found);
        }
    }
    entities.each(&mut |i, entity| {
        for rule in rules() {
            if let Some(each) = rule.each {
                found.phase = rule.phase;
                each(&mut scope, i, entity, &mut found);
            }
        }
        ControlFlow::Continue(())
    });
    for rule in rules() {
        if let Some(after) = rule.after {
            found.phase = rule.phase;
            after(&mut scope, &mut found);
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
    let head = Head {
        meta: &data.meta,
        eras: &data.eras,
        borders: &data.borders,
    };
    Prepared {
        scope: scope(head, &data.entities, &mut Findings::new()),
    }
}

impl Prepared<'_> {
    /// Run one rule alone, over the whole dataset: its findings, capped as in `check`.
    pub fn run(&mut self, rule: Rule) -> Vec<Problem> {
        let mut found = Findings::new();
        // Each run starts afresh, as `check` does (the names rule remembers names).
        self.scope.names.clear();
        self.scope.places.clear();
        let scope = &mut self.scope;
        if let Some(before) = rule.before {
            before(scope, &mut found);
        }
        if let Some(each) = rule.each {
            let entities = scope.entities;
            entities.each(&mut |i, entity| {
                each(scope, i, entity, &mut found);
                ControlFlow::Continue(())
            });
        }
        if let Some(after) = rule.after {
            after(scope, &mut found);
        }
        found.finish()
    }
}

/// The lookups, checked as they are built: eras, then (in one pass over the entities) the
/// ids, then the former ids.
fn scope<'a>(head: Head<'a>, entities: &'a dyn Entities, found: &mut Findings) -> Scope<'a> {
    found.phase = ERA_PHASE;
    let era_ids = check_eras(head, found);
    found.phase = ID_PHASE;
    // Former ids are rare: kept to be checked once every id is known.
    let mut formers: Vec<(usize, usize, String, String)> = Vec::new();
    let mut any_context = false;
    let mut sweep = |i: usize, entity: &Entity, first: Option<usize>| {
        check_entity_id(i, entity, first, &era_ids, found);
        for (f, former) in entity.former_ids.iter().enumerate() {
            formers.push((i, f, former.clone(), entity.id.clone()));
        }
        any_context |= entity.context;
    };
    let ids = match entities.in_memory() {
        Some(all) => {
            let mut ids = InMemoryIds::default();
            ids.by_hash.reserve(all.len());
            for (i, entity) in all.iter().enumerate() {
                sweep(i, entity, ids.insert(all, i));
            }
            IdIndex::InMemory(ids)
        }
        None => {
            let mut places = FirstPlaces::with_capacity(entities.count());
            entities.each(&mut |i, entity| {
                let id = entity.id.as_str();
                let first = places.insert(text_hash(id), i, |at| entities.fetch(at).id == id);
                sweep(i, entity, first);
                ControlFlow::Continue(())
            });
            IdIndex::Read(places)
        }
    };
    found.phase = FORMER_ID_PHASE;
    let former_ids = check_former_ids(formers, &ids, &era_ids, entities, found);
    let sections = head
        .meta
        .iter()
        .flat_map(|m| m.sections.iter().map(String::as_str))
        .collect();
    let lookups = Lookups {
        era_ids,
        ids,
        former_ids,
        sections,
        context_sections: head
            .meta
            .iter()
            .flat_map(|m| m.context_sections.iter().map(String::as_str))
            .collect(),
        references: head
            .meta
            .iter()
            .flat_map(|m| m.references.iter().map(|r| r.number))
            .collect(),
    };
    Scope {
        head,
        entities,
        lookups,
        names: FirstPlaces::with_capacity(entities.count()),
        any_context,
        places: Vec::new(),
    }
}

/// What the rules for one entity look up in the whole dataset.
struct Lookups<'a> {
    /// Era id → its index.
    era_ids: HashMap<&'a str, usize>,
    /// Entity id → its index.
    ids: IdIndex<'a>,
    /// Former id of a merged entity → the id it was merged into.
    former_ids: HashMap<String, String>,
    /// The source's sections, its context sections and reference numbers, as `meta`
    /// lists them.
    sections: HashSet<&'a str>,
    context_sections: HashSet<&'a str>,
    references: HashSet<u32>,
}

/// Entity id → its place, by the id's 64-bit hash. For a list in memory the table holds
/// the whole hash and a lookup reads nothing else (the id's text was a second cache miss
/// for every link at a million entities); two ids of one hash are told apart by their text
/// as they are added, and a link to a missing id is taken for an existing one once in
/// 10^19 links. For entities read from a file (`FirstPlaces`) a hit is confirmed against
/// the entity read back.
enum IdIndex<'a> {
    InMemory(InMemoryIds<'a>),
    Read(FirstPlaces),
}

/// The ids of a list in memory, by their whole hash (`IdIndex`).
#[derive(Default)]
struct InMemoryIds<'a> {
    by_hash: HashMap<u64, u32>,
    /// Ids whose hash another id has, by their text.
    collided: HashMap<&'a str, u32>,
}

impl<'a> InMemoryIds<'a> {
    /// Add the id of the entity at `i` in `all`: the place it was first at when it is
    /// there already.
    fn insert(&mut self, all: &'a [Entity], i: usize) -> Option<usize> {
        let id = all[i].id.as_str();
        match self.by_hash.entry(text_hash(id)) {
            Entry::Vacant(slot) => {
                slot.insert(i as u32);
                None
            }
            Entry::Occupied(slot) => {
                let first = *slot.get() as usize;
                if all[first].id == id {
                    return Some(first);
                }
                match self.collided.entry(id) {
                    Entry::Occupied(earlier) => Some(*earlier.get() as usize),
                    Entry::Vacant(slot) => {
                        slot.insert(i as u32);
                        None
                    }
                }
            }
        }
    }
}

impl IdIndex<'_> {
    /// The place of the entity with this id.
    fn get(&self, id: &str, entities: &dyn Entities) -> Option<usize> {
        match self {
            IdIndex::InMemory(ids) => {
                if !ids.collided.is_empty()
                    && let Some(&at) = ids.collided.get(id)
                {
                    return Some(at as usize);
                }
                ids.by_hash.get(&text_hash(id)).map(|&at| at as usize)
            }
            IdIndex::Read(places) => places.get(text_hash(id), |at| entities.fetch(at).id == id),
        }
    }
}

fn text_hash(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

/// A text → the first place it is at, by the text's 64-bit hash, in eight bytes an entry:
/// the places of a million ids or names, whose texts need not be in memory (an import's
/// entities are in a file). An entry keeps 32 bits of the hash beside the place, so a hit
/// is confirmed by `is_at(place)` (the text at that place is this one); a text whose 32
/// bits an earlier, other text has goes to a map by its whole hash.
#[derive(Default)]
struct FirstPlaces {
    /// The hash's top 32 bits, then the place.
    table: hashbrown::HashTable<u64>,
    /// Texts whose top 32 bits an earlier, other text has, by their whole hash.
    others: HashMap<u64, u32>,
}

impl FirstPlaces {
    fn with_capacity(count: usize) -> Self {
        FirstPlaces {
            table: hashbrown::HashTable::with_capacity(count),
            others: HashMap::default(),
        }
    }

    /// The table's own hash of an entry's 32 bits, spread over 64 for its buckets.
    fn spread(short: u64) -> u64 {
        short.wrapping_mul(0x9e37_79b9_7f4a_7c15)
    }

    /// The first place of the text whose hash is `hash`.
    fn get(&self, hash: u64, is_at: impl Fn(usize) -> bool) -> Option<usize> {
        let short = hash >> 32;
        let &entry = self
            .table
            .find(Self::spread(short), |&entry| entry >> 32 == short)?;
        let first = entry as u32 as usize;
        if is_at(first) {
            return Some(first);
        }
        let other = *self.others.get(&hash)? as usize;
        is_at(other).then_some(other)
    }

    /// Record `place` as the first of the text whose hash is `hash`, unless it has one:
    /// then that one.
    fn insert(&mut self, hash: u64, place: usize, is_at: impl Fn(usize) -> bool) -> Option<usize> {
        let short = hash >> 32;
        let entry = self.table.entry(
            Self::spread(short),
            |&entry| entry >> 32 == short,
            |&entry| Self::spread(entry >> 32),
        );
        match entry {
            hashbrown::hash_table::Entry::Vacant(slot) => {
                slot.insert(short << 32 | place as u64);
                None
            }
            hashbrown::hash_table::Entry::Occupied(slot) => {
                let first = *slot.get() as u32 as usize;
                if is_at(first) {
                    return Some(first);
                }
                match self.others.entry(hash) {
                    Entry::Occupied(other) => Some(*other.get() as usize),
                    Entry::Vacant(slot) => {
                        slot.insert(place as u32);
                        None
                    }
                }
            }
        }
    }

    fn clear(&mut self) {
        self.table.clear();
        self.others.clear();
    }
}

/// The eras: ids, names, order and ends. Returns era id → index.
fn check_eras<'a>(data: Head<'a>, found: &mut Findings) -> HashMap<&'a str, usize> {
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

/// An entity's id: kebab-case, unique (`first`: where it was first used, if before), not
/// an era's.
fn check_entity_id(
    i: usize,
    entity: &Entity,
    first: Option<usize>,
    era_ids: &HashMap<&str, usize>,
    found: &mut Findings,
) {
    let path = || format!("entities[{i}].id");
    if !is_kebab_case(&entity.id) {
        found.error(
            Some(&entity.id),
            path(),
            format!("id '{}' is not kebab-case (a-z, 0-9 and '-')", entity.id),
        );
    }
    if let Some(first) = first {
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

/// Former ids of merged entities (entity, place in its list, former id, the entity's id):
/// unique, never a current id. Returns former → current.
fn check_former_ids(
    formers: Vec<(usize, usize, String, String)>,
    ids: &IdIndex<'_>,
    era_ids: &HashMap<&str, usize>,
    entities: &dyn Entities,
    found: &mut Findings,
) -> HashMap<String, String> {
    let mut former_ids: HashMap<String, String> = HashMap::default();
    for (i, f, former, id) in formers {
        let path = || format!("entities[{i}].former_ids[{f}]");
        if !is_kebab_case(&former) {
            found.error(
                Some(&id),
                path(),
                format!("former id '{former}' is not kebab-case"),
            );
        } else if ids.get(&former, entities).is_some() || era_ids.contains_key(former.as_str()) {
            found.error(
                Some(&id),
                path(),
                format!("former id '{former}' is still in use as an id"),
            );
        } else {
            match former_ids.entry(former) {
                Entry::Occupied(other) => found.error(
                    Some(&id),
                    path(),
                    format!(
                        "former id '{}' is also claimed by '{}'",
                        other.key(),
                        other.get()
                    ),
                ),
                Entry::Vacant(slot) => {
                    slot.insert(id);
                }
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
fn check_range_end(data: Head<'_>, i: usize, entity: &crate::model::Entity, found: &mut Findings) {
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
    data: Head<'_>,
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
fn check_links(
    i: usize,
    entity: &crate::model::Entity,
    lookups: &Lookups,
    entities: &dyn Entities,
    found: &mut Findings,
) {
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
        } else if lookups.ids.get(&link.target, entities).is_none() {
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
fn check_names(scope: &mut Scope<'_>, i: usize, entity: &Entity, found: &mut Findings) {
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
        let entities = scope.entities;
        let is_at = |at: usize| at == i || has_folded_name(&entities.fetch(at), &folded);
        match scope.names.insert(text_hash(&folded), i, is_at) {
            Some(other) if other != i => {
                let other_entity = scope.entities.fetch(other);
                let other_id = other_entity.id.as_str();
                // Linked either way, they may share it. Their own links are read rather
                // than a set of every linked pair: names are rarely shared, and building
                // the set took a quarter of `check` at 100k.
                let links_to = |from: &Entity, to: &str| from.links.iter().any(|l| l.target == to);
                if !links_to(entity, other_id) && !links_to(&other_entity, &entity.id) {
                    found.error(
                        id,
                        at("aliases"),
                        format!(
                            "name or alias '{folded}' is also used by '{other_id}', which it does not link to"
                        ),
                    );
                }
            }
            _ => {}
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
fn check_era_sources(scope: &mut Scope<'_>, found: &mut Findings) {
    let lookups = &scope.lookups;
    for (i, era) in scope.head.eras.iter().enumerate() {
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
fn check_context_sections(scope: &mut Scope<'_>, found: &mut Findings) {
    let Some(meta) = scope.head.meta else { return };
    for (i, section) in meta.context_sections.iter().enumerate() {
        if !scope.lookups.sections.contains(section.as_str()) {
            found.error(
                None,
                format!("meta.context_sections[{i}]"),
                format!("'{section}' is not a section listed in meta.sections"),
            );
        }
    }
}

/// One entity's context flag against its sources and its links (`check_context_sections`).
fn check_context(scope: &mut Scope<'_>, i: usize, entity: &Entity, found: &mut Findings) {
    use crate::model::Relation;
    let lookups = &scope.lookups;
    let (sections, context) = (&lookups.sections, &lookups.context_sections);
    let id = Some(entity.id.as_str());
    let at = || format!("entities[{i}].context");
    let in_context = |s: &crate::model::SourceRef| context.contains(s.section.as_str());
    if !entity.context
        && !context.is_empty()
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
    // Links cross between context and the history only when some entity is context.
    if !scope.any_context {
        return;
    }
    for (l, link) in entity.links.iter().enumerate() {
        let Some(target) = lookups.ids.get(&link.target, scope.entities) else {
            continue;
        };
        let target_context = scope.entities.fetch(target).context;
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

/// What imported data carries instead of article sections: the record of the import, and
/// the timeline's own fields (group, display date, media) when they are there. A sourced
/// dataset (one with `meta.sections`) keeps its rules: an import record does not relax them.
fn check_import_record(scope: &mut Scope<'_>, found: &mut Findings) {
    if let Some(imported) = scope.head.meta.as_ref().and_then(|m| m.imported.as_ref()) {
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
}

/// An imported entity's timeline fields (`check_import_record`).
fn check_imported(_: &mut Scope<'_>, i: usize, entity: &Entity, found: &mut Findings) {
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
fn check_borders(scope: &mut Scope<'_>, found: &mut Findings) {
    let data = scope.head;
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
fn same_place_twice(scope: &mut Scope<'_>, found: &mut Findings) {
    let places = std::mem::take(&mut scope.places);
    // The whole list when it is in memory; else the places kept as it went by, each with
    // its place in the whole.
    let (list, whole): (Cow<'_, [Entity]>, Vec<usize>) = match scope.entities.in_memory() {
        Some(all) => (Cow::Borrowed(all), Vec::new()),
        None => {
            let (whole, list) = places.into_iter().unzip();
            (Cow::Owned(list), whole)
        }
    };
    let at = |i: usize| whole.get(i).copied().unwrap_or(i);
    let data = DatasetRef {
        meta: scope.head.meta,
        eras: scope.head.eras,
        entities: &list,
        borders: scope.head.borders,
    };
    for (i, j) in crate::same_place::first_duplicates(data) {
        let (entity, other) = (&list[i], &list[j]);
        // A warning: the explorer works with a duplicate, the reader is misled.
        found.warning(
            Warn::SamePlace,
            Some(&entity.id),
            || format!("entities[{}].coords", at(i)),
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

/// An entity with coordinates, kept for `same_place_twice` when the list is not in memory.
fn keep_place(scope: &mut Scope<'_>, i: usize, entity: &Entity, _: &mut Findings) {
    if entity.coords.is_some() && scope.entities.in_memory().is_none() {
        scope.places.push((i, entity.clone()));
    }
}

/// Every text field of the schema: a control or bidi character in text is a warning (it
/// is shown escaped, but it is almost always a mistake or an attack). Ids cannot hold one
/// (they must be kebab-case, an error above). Fields are listed by hand rather than found
/// through a JSON walk, which would triple `check`'s time on large datasets; a test proves
/// the list covers every string field of the schema.
fn head_control_characters(scope: &mut Scope<'_>, found: &mut Findings) {
    let data = scope.head;
    let mut text = |id: Option<&str>, path: &dyn Fn() -> String, value: &str| {
        control_character(found, id, path, value)
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
}

/// A control or bidi character in one text (`head_control_characters`); the path is
/// written only for a warning that is listed: most text has none.
fn control_character(
    found: &mut Findings,
    id: Option<&str>,
    path: &dyn Fn() -> String,
    value: &str,
) {
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
fn check_references(scope: &mut Scope<'_>, found: &mut Findings) {
    let Some(meta) = scope.head.meta else { return };
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
