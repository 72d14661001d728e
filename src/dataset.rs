//! Loading a dataset (embedded or from a file) and the lookups every view needs:
//! id → entity, links in both directions, the timeline order and era membership.

use crate::date::HistDate;
use crate::model::{Border, Coords, Dataset, Entity, Era, Kind, Link, Meta};
use rustc_hash::FxHashMap as HashMap;
use std::fmt;
use std::path::Path;

/// The embedded dataset, split into fragments that are concatenated in this order.
pub const EMBEDDED: [(&str, &str); 5] = [
    (
        "assets/dataset/eras.json",
        include_str!("../assets/dataset/eras.json"),
    ),
    (
        "assets/dataset/borders.json",
        include_str!("../assets/dataset/borders.json"),
    ),
    (
        "assets/dataset/nouns.json",
        include_str!("../assets/dataset/nouns.json"),
    ),
    (
        "assets/dataset/events-1855-1945.json",
        include_str!("../assets/dataset/events-1855-1945.json"),
    ),
    (
        "assets/dataset/events-1946-2022.json",
        include_str!("../assets/dataset/events-1946-2022.json"),
    ),
];

/// Why a dataset could not be read at all (as opposed to `check` problems in a parsed one).
#[derive(Debug, Clone, PartialEq)]
pub enum LoadError {
    /// The file could not be opened or read.
    Io { file: String, message: String },
    /// The text is not valid JSON, or does not fit the schema.
    Parse {
        file: String,
        line: usize,
        column: usize,
        /// JSON path of the offending value, e.g. `entities[3].date` ("." when unknown).
        path: String,
        message: String,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io { file, message } => write!(f, "cannot read {file}: {message}"),
            LoadError::Parse {
                file,
                line,
                column,
                path,
                message,
            } => {
                write!(f, "{file}:{line}:{column}: ")?;
                if path != "." {
                    write!(f, "at {path}: ")?;
                }
                write!(f, "{message}")
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// Parse one JSON text into a dataset, reporting line, column and JSON path on failure.
pub fn parse_str(file: &str, text: &str) -> Result<Dataset, LoadError> {
    // The plain parse is the fast path; only a failing text is parsed again with path
    // tracking, which costs about a third more, to say where the problem is.
    if let Ok(dataset) = serde_json::from_str::<Dataset>(text) {
        return Ok(dataset);
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let result: Result<Dataset, _> = serde_path_to_error::deserialize(&mut deserializer);
    let dataset = result.map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        LoadError::Parse {
            file: file.to_string(),
            line: inner.line(),
            column: inner.column(),
            path,
            message: strip_position(&inner.to_string()),
        }
    })?;
    deserializer.end().map_err(|err| LoadError::Parse {
        file: file.to_string(),
        line: err.line(),
        column: err.column(),
        path: ".".to_string(),
        message: strip_position(&err.to_string()),
    })?;
    Ok(dataset)
}

/// A dataset file parsed, with where each entity's JSON lies in its text.
pub struct Parsed {
    pub dataset: Dataset,
    /// Empty when the spans could not be taken (the records are then kept in the cache).
    pub spans: crate::records::SourceSpans,
}

/// Parse one JSON text as `parse_str` does, noting where each entity's JSON lies in it:
/// a cache then reads an entity from the file instead of keeping a second copy. The text
/// is outlined first (each entity left as raw text), then the entities are parsed on as
/// many threads as the machine has, up to four: at a million entities, parsing is most of
/// a first open. A text that does not parse is parsed again by `parse_str` for its
/// located error.
pub fn parse_with_spans(file: &str, text: &str) -> Result<Parsed, LoadError> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Outline<'a> {
        #[serde(default)]
        meta: Option<Meta>,
        #[serde(default)]
        eras: Vec<Era>,
        #[serde(default, borrow)]
        entities: Vec<&'a serde_json::value::RawValue>,
        #[serde(default)]
        borders: Vec<Border>,
    }
    let whole = || {
        parse_str(file, text).map(|dataset| Parsed {
            dataset,
            spans: Default::default(),
        })
    };
    let Ok(outline) = serde_json::from_str::<Outline>(text) else {
        return whole();
    };
    let base = text.as_ptr() as usize;
    let mut bounds: Vec<u64> = outline
        .entities
        .iter()
        .map(|raw| (raw.get().as_ptr() as usize - base) as u64)
        .collect();
    if let Some(last) = outline.entities.last() {
        bounds.push((last.get().as_ptr() as usize - base + last.get().len()) as u64);
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    let chunk = outline.entities.len().div_ceil(threads).max(1);
    let parse_chunk = |first: usize, raws: &[&serde_json::value::RawValue]| {
        let mut entities = Vec::with_capacity(raws.len());
        let mut checksums = Vec::with_capacity(raws.len());
        for (i, raw) in raws.iter().enumerate() {
            entities.push(serde_json::from_str::<Entity>(raw.get()).ok()?);
            let (from, to) = (bounds[first + i] as usize, bounds[first + i + 1] as usize);
            checksums.push(xxhash_rust::xxh3::xxh3_64(&text.as_bytes()[from..to]));
        }
        Some((entities, checksums))
    };
    let parts: Vec<Option<(Vec<Entity>, Vec<u64>)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = outline
            .entities
            .chunks(chunk)
            .enumerate()
            .map(|(n, raws)| scope.spawn(move || parse_chunk(n * chunk, raws)))
            .collect();
        workers
            .into_iter()
            .map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p))
            })
            .collect()
    });
    let mut entities = Vec::with_capacity(outline.entities.len());
    let mut checksums = Vec::with_capacity(outline.entities.len());
    for part in parts {
        let Some((mut part_entities, part_checksums)) = part else {
            return whole();
        };
        entities.append(&mut part_entities);
        checksums.extend(part_checksums);
    }
    Ok(Parsed {
        dataset: Dataset {
            meta: outline.meta,
            eras: outline.eras,
            entities,
            borders: outline.borders,
        },
        spans: crate::records::SourceSpans { bounds, checksums },
    })
}

/// serde_json appends " at line L column C"; we print the position ourselves.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Largest dataset file read unless the caller allows more (`--max-size`).
pub const DEFAULT_MAX_BYTES: u64 = 512 * 1024 * 1024;

/// Read and parse a dataset file: a regular file of at most `max_bytes`. A directory, a
/// device (`/dev/zero` would be read until memory runs out) or a FIFO (opening one with no
/// writer would wait forever: it is opened without blocking, then refused) is refused with
/// a reason.
pub fn load_file(path: &Path, max_bytes: u64) -> Result<Dataset, LoadError> {
    let text = read_text(path, max_bytes, &mut |_, _| {})?;
    parse_str(&path.display().to_string(), &text)
}

/// Whether a dataset file can be read (see `load_file`), without reading it.
pub fn check_file(path: &Path, max_bytes: u64) -> Result<(), LoadError> {
    crate::files::check(path, max_bytes)
        .map(|_| ())
        .map_err(load_error)
}

/// A dataset file's text (see `load_file`); `progress` gets bytes read and the length.
pub fn read_text(
    path: &Path,
    max_bytes: u64,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<String, LoadError> {
    crate::files::read_text(path, max_bytes, progress).map_err(load_error)
}

/// The reader's refusal, with what to do about it where there is something to do.
fn load_error(error: crate::files::ReadError) -> LoadError {
    use crate::files::Problem;
    let message = match &error.problem {
        Problem::NotRegular => format!("{}; give a dataset file", error.problem),
        Problem::TooLarge { .. } => format!("{} (raise it with --max-size)", error.problem),
        problem => problem.to_string(),
    };
    LoadError::Io {
        file: error.path.display().to_string(),
        message,
    }
}

/// The dataset that ships inside the binary.
pub fn load_embedded() -> Result<Dataset, LoadError> {
    // The two largest fragments (the event files) parse on a second thread while this one
    // parses the rest: start-up is mostly parsing, and the machine has more than one core.
    let (first, second) = EMBEDDED.split_at(3);
    let parse_all = |fragments: &[(&str, &str)]| -> Result<Vec<Dataset>, LoadError> {
        fragments
            .iter()
            .map(|(file, text)| parse_str(file, text))
            .collect()
    };
    let (first, second) = std::thread::scope(|scope| {
        let second = scope.spawn(|| parse_all(second));
        let first = parse_all(first);
        (first, second.join())
    });
    let second = second.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    let mut merged = Dataset::default();
    for part in first?.into_iter().chain(second?) {
        if part.meta.is_some() {
            merged.meta = part.meta;
        }
        merged.eras.extend(part.eras);
        merged.entities.extend(part.entities);
        merged.borders.extend(part.borders);
    }
    Ok(merged)
}

/// An entity's position in the catalog (and in `Dataset::entities`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityIx(pub usize);

/// An era's position in the catalog (and in `Dataset::eras`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EraIx(pub usize);

/// A row of the timeline (dated entities, and undated events and treaties, in order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RowIx(pub usize);

/// A reference from one entity's link to another entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkRef {
    /// Entity holding the link.
    pub source: EntityIx,
    /// Position of the link in the source's `links`.
    pub link: usize,
    /// Entity the link points to.
    pub target: EntityIx,
}

/// A loaded dataset with its derived lookups. Built once; read-only afterwards.
///
/// Entities live either in memory (`Catalog::new`) or in a cache file, read one at a time
/// when first asked for (`Catalog::from_parts`): a dataset of 100,000 entities opens
/// without decoding them all. What whole-dataset views need (kind, date, place, whether
/// it has a chart) is kept for every entity in `Columns`.
#[derive(Debug)]
pub struct Catalog {
    meta: Option<Meta>,
    eras: Vec<Era>,
    borders: Vec<Border>,
    store: Store,
    columns: Columns,
    derived: Derived,
    era_by_id: HashMap<String, EraIx>,
}

/// Where the entities are.
#[derive(Debug)]
enum Store {
    Owned(Vec<Entity>),
    Mapped(crate::records::Records),
}

/// Per entity, what views of the whole dataset need without reading the entity.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Columns {
    pub kinds: Vec<Kind>,
    pub dates: Vec<Option<HistDate>>,
    pub coords: Vec<Option<Coords>>,
    /// The entity has figures the chart can draw (and is not context).
    pub charted: Vec<bool>,
}

/// Every entity's links, one list after another: built, or in a cache, read from it when
/// first asked for (a search never asks, so a million entities' links are not decoded).
#[derive(Debug, Clone, Default)]
pub(crate) struct LinkList {
    links: std::sync::OnceLock<Vec<LinkRef>>,
    /// Where they lie in a cache: its bytes, their position, how many, of how many entities.
    cached: Option<(std::sync::Arc<crate::records::Bytes>, usize, usize, usize)>,
}

/// A link in a cache: source, position, target (u32 each).
pub(crate) const LINK_BYTES: usize = 12;

impl LinkList {
    pub fn built(links: Vec<LinkRef>) -> LinkList {
        LinkList {
            links: std::sync::OnceLock::from(links),
            cached: None,
        }
    }

    /// `len` links at `at` in `bytes`, checked (against `entities`) when first read.
    pub fn cached(
        bytes: std::sync::Arc<crate::records::Bytes>,
        at: usize,
        len: usize,
        entities: usize,
    ) -> LinkList {
        LinkList {
            links: std::sync::OnceLock::new(),
            cached: Some((bytes, at, len, entities)),
        }
    }

    pub fn len(&self) -> usize {
        match (&self.cached, self.links.get()) {
            (_, Some(links)) => links.len(),
            (Some((_, _, len, _)), None) => *len,
            (None, None) => 0,
        }
    }

    /// The links; a damaged cache's read as none (never out of bounds).
    pub fn all(&self) -> &[LinkRef] {
        self.links.get_or_init(|| {
            let Some((bytes, at, len, entities)) = &self.cached else {
                return Vec::new();
            };
            let read = |i: usize| {
                let raw = bytes.get(at + i * LINK_BYTES..at + (i + 1) * LINK_BYTES)?;
                let field = |k: usize| {
                    u32::from_le_bytes(raw[k * 4..k * 4 + 4].try_into().unwrap_or([0; 4]))
                };
                let (source, link, target) =
                    (field(0) as usize, field(1) as usize, field(2) as usize);
                (source < *entities && target < *entities).then_some(LinkRef {
                    source: EntityIx(source),
                    link,
                    target: EntityIx(target),
                })
            };
            (0..*len)
                .map(read)
                .collect::<Option<Vec<_>>>()
                .unwrap_or_default()
        })
    }
}

impl PartialEq for LinkList {
    fn eq(&self, other: &LinkList) -> bool {
        self.all() == other.all()
    }
}

/// Lookups computed from the entities: ids, eras, links both ways, orders.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Derived {
    /// Entity indices sorted by id (stable: of equal ids, the first in the dataset first).
    pub by_id: Vec<u32>,
    /// Former ids of merged entities, sorted.
    pub former_ids: Vec<(String, u32)>,
    /// Era of each entity (unknown eras fall back to the nearest by date, else the first).
    pub entity_era: Vec<u32>,
    /// Outgoing links of entity i: `outgoing[out_start[i]..out_start[i + 1]]`.
    pub out_start: Vec<u32>,
    pub outgoing: LinkList,
    pub in_start: Vec<u32>,
    pub incoming: LinkList,
    /// Dated entities of every kind and undated events and treaties, in era, then date
    /// order (not those flagged as context).
    pub timeline: Vec<EntityIx>,
    /// First timeline row of each era.
    pub era_first_row: Vec<usize>,
    /// Timeline row of each entity, `u32::MAX` when it is not on the timeline.
    pub row_of_entity: Vec<u32>,
    /// Every entity in timeline-like order: dated first by date, then undated by name.
    pub chronological: Vec<EntityIx>,
    /// Whether any entity has a group (an imported timeline's label).
    pub has_groups: bool,
}

/// Everything a catalog is made of, as a cache stores it.
pub(crate) struct Parts {
    pub meta: Option<Meta>,
    pub eras: Vec<Era>,
    pub borders: Vec<Border>,
    pub records: crate::records::Records,
    pub columns: Columns,
    pub derived: Derived,
}

impl Columns {
    fn of(entities: &[Entity]) -> Columns {
        Columns {
            kinds: entities.iter().map(|e| e.kind).collect(),
            dates: entities.iter().map(|e| e.date).collect(),
            coords: entities.iter().map(|e| e.coords).collect(),
            // Context (a related topic, not bilateral history) is never charted.
            charted: entities
                .iter()
                .map(|e| !e.context && e.figures.iter().any(|f| f.is_chartable()))
                .collect(),
        }
    }
}

fn era_lookup(eras: &[Era]) -> HashMap<String, EraIx> {
    let mut era_by_id = HashMap::with_capacity_and_hasher(eras.len(), Default::default());
    for (index, era) in eras.iter().enumerate() {
        era_by_id.entry(era.id.clone()).or_insert(EraIx(index));
    }
    era_by_id
}

/// The first eight bytes of a text as a number that orders as the texts do (shorter texts
/// padded with zero bytes): sort keys lead with it, so most comparisons of a million names
/// or words are one integer comparison, not a call to compare strings; texts with equal
/// prefixes are told apart by the texts themselves, next in the key.
pub fn order_prefix(text: &str) -> u64 {
    let mut bytes = [0u8; 8];
    let head = &text.as_bytes()[..text.len().min(8)];
    bytes[..head.len()].copy_from_slice(head);
    u64::from_be_bytes(bytes)
}

/// Where `Catalog::next_disputed` steps: the entry, its number (from 1) among the `count`
/// that record a disagreement, and whether the step went round an end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DisputedStep {
    pub entity: EntityIx,
    pub number: usize,
    pub count: usize,
    pub wrapped: bool,
}

/// A position in a list of at most `u32::MAX` items (datasets are far smaller).
fn ix32(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}

/// The id lookups and the links of a dataset's entities (see `Derived`).
struct IdsAndLinks {
    by_id: Vec<u32>,
    former_ids: Vec<(String, u32)>,
    out_start: Vec<u32>,
    outgoing: Vec<LinkRef>,
    in_start: Vec<u32>,
    incoming: Vec<LinkRef>,
}

impl IdsAndLinks {
    fn of(entities: &[Entity]) -> IdsAndLinks {
        let count = entities.len();
        // Sorting (id, index) pairs reads each id through one pointer, not through its
        // entity: at 100,000 entities that is the difference between cache hits and misses.
        let mut sorted: Vec<(u64, &str, u32)> = entities
            .iter()
            .enumerate()
            .map(|(i, e)| (order_prefix(&e.id), e.id.as_str(), ix32(i)))
            .collect();
        sorted.sort_unstable();
        let by_id: Vec<u32> = sorted.iter().map(|&(_, _, i)| i).collect();
        let mut first_of_id: rustc_hash::FxHashMap<&str, usize> = Default::default();
        first_of_id.reserve(count);
        for (index, entity) in entities.iter().enumerate() {
            first_of_id.entry(entity.id.as_str()).or_insert(index);
        }
        drop(sorted);
        let mut former_ids: Vec<(String, u32)> = entities
            .iter()
            .enumerate()
            .flat_map(|(index, e)| e.former_ids.iter().map(move |id| (id.clone(), ix32(index))))
            .collect();
        // Stable: of two entities claiming one former id, the first in the dataset wins.
        former_ids.sort_by(|a, b| a.0.cmp(&b.0));
        let lookup = |id: &str| -> Option<usize> { first_of_id.get(id).copied() };
        let mut outgoing = Vec::new();
        let mut out_start = Vec::with_capacity(count + 1);
        let mut incoming_count = vec![0u32; count];
        for (source, entity) in entities.iter().enumerate() {
            out_start.push(ix32(outgoing.len()));
            for (link, Link { target, .. }) in entity.links.iter().enumerate() {
                if let Some(target) = lookup(target) {
                    outgoing.push(LinkRef {
                        source: EntityIx(source),
                        link,
                        target: EntityIx(target),
                    });
                    incoming_count[target] += 1;
                }
            }
        }
        out_start.push(ix32(outgoing.len()));
        // Incoming links grouped by target, in the order they were found (by source).
        let mut in_start = Vec::with_capacity(count + 1);
        let mut total = 0u32;
        for &n in &incoming_count {
            in_start.push(total);
            total += n;
        }
        in_start.push(total);
        let mut fill: Vec<u32> = in_start[..count].to_vec();
        let mut incoming = vec![
            LinkRef {
                source: EntityIx(0),
                link: 0,
                target: EntityIx(0),
            };
            outgoing.len()
        ];
        for link_ref in &outgoing {
            let slot = &mut fill[link_ref.target.0];
            incoming[*slot as usize] = *link_ref;
            *slot += 1;
        }
        IdsAndLinks {
            by_id,
            former_ids,
            out_start,
            outgoing,
            in_start,
            incoming,
        }
    }
}

impl Derived {
    fn of(entities: &[Entity], eras: &[Era], era_by_id: &HashMap<String, EraIx>) -> Derived {
        let count = entities.len();
        let entity_era: Vec<u32> = entities
            .iter()
            .map(|entity| {
                era_by_id
                    .get(&entity.era)
                    .map(|era| era.0)
                    .or_else(|| entity.date.and_then(|date| era_for_date(eras, &date)))
                    .map_or(0, ix32)
            })
            .collect();

        // The two orders sort on other threads while ids and links are resolved here.
        let ((timeline, chronological), links) = std::thread::scope(|scope| {
            let ordering = scope.spawn(|| orders(entities, &entity_era));
            let links = IdsAndLinks::of(entities);
            let orders = ordering
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (orders, links)
        });

        // The timeline holds every dated entity, whatever its kind (a person's life, an
        // organisation's span), and the undated events and treaties (in their era). Context
        // entities (related topics, `Entity::context`) stay off it: they are reached by
        // search and links (see `orders`).
        let mut era_first_row = vec![timeline.len(); eras.len()];
        for (row, &entity) in timeline.iter().enumerate().rev() {
            if let Some(slot) = era_first_row.get_mut(entity_era[entity] as usize) {
                *slot = row;
            }
        }
        // An era without events starts where the next era with events starts.
        for era in (0..era_first_row.len().saturating_sub(1)).rev() {
            if era_first_row[era] == timeline.len() {
                era_first_row[era] = era_first_row[era + 1];
            }
        }
        let mut row_of_entity = vec![u32::MAX; count];
        for (row, &entity) in timeline.iter().enumerate() {
            row_of_entity[entity] = ix32(row);
        }
        Derived {
            by_id: links.by_id,
            former_ids: links.former_ids,
            entity_era,
            out_start: links.out_start,
            outgoing: LinkList::built(links.outgoing),
            in_start: links.in_start,
            incoming: LinkList::built(links.incoming),
            timeline: timeline.into_iter().map(EntityIx).collect(),
            era_first_row,
            row_of_entity,
            chronological: chronological.into_iter().map(EntityIx).collect(),
            has_groups: entities.iter().any(|e| e.group.is_some()),
        }
    }
}

/// The timeline's order (era, date, name, id) and every entity's (date, kind, name, id).
fn orders(entities: &[Entity], entity_era: &[u32]) -> (Vec<usize>, Vec<usize>) {
    let count = entities.len();
    // Both orders sort keys gathered beside each index, not indices that reach into
    // their entities at every comparison (a cache miss each, at a million entities),
    // and the two sorts run side by side. The index, last, keeps equal keys in dataset
    // order.
    // A date orders by its sort key (`HistDate`'s `Ord`), worked out once here rather
    // than at each comparison.
    let date_key = |i: usize| {
        let date = entities[i].date.as_ref();
        (date.is_none(), date.map(HistDate::sort_key))
    };
    let order_timeline = || {
        let mut keys: Vec<_> = (0..count)
            .filter(|&i| on_timeline(&entities[i]))
            .map(|i| {
                let e = &entities[i];
                (
                    entity_era[i],
                    date_key(i),
                    order_prefix(&e.name),
                    e.name.as_str(),
                    e.id.as_str(),
                    i,
                )
            })
            .collect();
        keys.sort_unstable();
        keys.into_iter().map(|key| key.5).collect::<Vec<usize>>()
    };
    let order_all = || {
        let mut keys: Vec<_> = (0..count)
            .map(|i| {
                let e = &entities[i];
                let name = (order_prefix(&e.name), e.name.as_str());
                (date_key(i), e.kind, name, e.id.as_str(), i)
            })
            .collect();
        keys.sort_unstable();
        keys.into_iter().map(|key| key.4).collect::<Vec<usize>>()
    };
    std::thread::scope(|scope| {
        let all = scope.spawn(order_all);
        let timeline = order_timeline();
        (
            timeline,
            all.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
        )
    })
}

impl Catalog {
    pub fn new(data: Dataset) -> Catalog {
        let era_by_id = era_lookup(&data.eras);
        let derived = Derived::of(&data.entities, &data.eras, &era_by_id);
        let columns = Columns::of(&data.entities);
        Catalog {
            meta: data.meta,
            eras: data.eras,
            borders: data.borders,
            store: Store::Owned(data.entities),
            columns,
            derived,
            era_by_id,
        }
    }

    /// A catalog over a cache's entity records; the caller checked that the parts agree.
    pub(crate) fn from_parts(parts: Parts) -> Catalog {
        Catalog {
            era_by_id: era_lookup(&parts.eras),
            meta: parts.meta,
            eras: parts.eras,
            borders: parts.borders,
            store: Store::Mapped(parts.records),
            columns: parts.columns,
            derived: parts.derived,
        }
    }

    pub(crate) fn columns(&self) -> &Columns {
        &self.columns
    }

    pub(crate) fn derived(&self) -> &Derived {
        &self.derived
    }

    /// The dataset's parts, borrowed, while the catalog holds its entities (not read from
    /// a cache): for a check made beside other work on the catalog.
    pub fn borrowed(&self) -> Option<crate::model::DatasetRef<'_>> {
        match &self.store {
            Store::Owned(entities) => Some(crate::model::DatasetRef {
                meta: &self.meta,
                eras: &self.eras,
                entities,
                borders: &self.borders,
            }),
            Store::Mapped(_) => None,
        }
    }

    /// Whether the entities are read from a cache file as they are needed.
    pub fn is_mapped(&self) -> bool {
        matches!(self.store, Store::Mapped(_))
    }

    /// The dataset back, for a change before a new catalog is built on it.
    pub fn into_dataset(self) -> Dataset {
        let entities = match self.store {
            Store::Owned(entities) => entities,
            Store::Mapped(ref records) => (0..records.len())
                .map(|i| records.entity(i).clone())
                .collect(),
        };
        Dataset {
            meta: self.meta,
            eras: self.eras,
            entities,
            borders: self.borders,
        }
    }

    /// Make every text the explorer can show safe for the terminal's cells (`f` is the
    /// sanitiser); ids and lookups are untouched. Cached entities get it as they are read.
    pub fn sanitise_texts(&mut self, f: fn(&mut String)) {
        let mut rest = Dataset {
            meta: self.meta.take(),
            eras: std::mem::take(&mut self.eras),
            entities: Vec::new(),
            borders: std::mem::take(&mut self.borders),
        };
        rest.texts_mut(f);
        self.meta = rest.meta;
        self.eras = rest.eras;
        self.borders = rest.borders;
        match &mut self.store {
            // A large dataset in two halves at once (half a second of one core at a
            // million entities); a small one is not worth a thread.
            Store::Owned(entities) if entities.len() >= 10_000 => {
                let half = entities.len().div_ceil(2);
                let (first, second) = entities.split_at_mut(half);
                std::thread::scope(|scope| {
                    let other = scope.spawn(move || second.iter_mut().for_each(|e| e.texts_mut(f)));
                    first.iter_mut().for_each(|e| e.texts_mut(f));
                    other
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                });
            }
            Store::Owned(entities) => entities.iter_mut().for_each(|e| e.texts_mut(f)),
            Store::Mapped(records) => records.sanitise_with(f),
        }
    }

    pub fn meta(&self) -> Option<&Meta> {
        self.meta.as_ref()
    }

    /// The entry where sources disagree after `current` (or before it), in dataset order,
    /// wrapping around at either end; from nowhere, the first (or the last). The
    /// explorer's `d` and plain mode's `disputed` step alike.
    pub fn next_disputed(&self, current: Option<EntityIx>, forward: bool) -> Option<DisputedStep> {
        let disputed: Vec<EntityIx> = self
            .entity_indices()
            .filter(|&e| !self.entity(e).disagreements.is_empty())
            .collect();
        let (&first, &last) = (disputed.first()?, disputed.last()?);
        let next = current.and_then(|current| {
            if forward {
                disputed.iter().copied().find(|&e| e > current)
            } else {
                disputed.iter().rev().copied().find(|&e| e < current)
            }
        });
        let entity = next.unwrap_or(if forward { first } else { last });
        Some(DisputedStep {
            entity,
            number: disputed.iter().position(|&e| e == entity).unwrap_or(0) + 1,
            count: disputed.len(),
            wrapped: next.is_none() && current.is_some(),
        })
    }

    pub fn borders(&self) -> &[Border] {
        &self.borders
    }

    pub fn entity_count(&self) -> usize {
        self.columns.kinds.len()
    }

    /// Every entity, in dataset order (a cached dataset decodes each one it reaches).
    pub fn entities(&self) -> impl ExactSizeIterator<Item = &Entity> {
        self.entity_indices().map(|e| self.entity(e))
    }

    /// Every entity's index, in dataset order.
    pub fn entity_indices(&self) -> impl ExactSizeIterator<Item = EntityIx> + use<> {
        (0..self.entity_count()).map(EntityIx)
    }

    pub fn entity(&self, index: EntityIx) -> &Entity {
        match &self.store {
            Store::Owned(entities) => &entities[index.0],
            Store::Mapped(records) => records.entity(index.0),
        }
    }

    /// An entity's id, without reading the entity.
    pub fn id(&self, index: EntityIx) -> &str {
        match &self.store {
            Store::Owned(entities) => &entities[index.0].id,
            Store::Mapped(records) => records.id(index.0),
        }
    }

    pub fn kind(&self, index: EntityIx) -> Kind {
        self.columns.kinds[index.0]
    }

    pub fn date(&self, index: EntityIx) -> Option<HistDate> {
        self.columns.dates[index.0]
    }

    pub fn coords(&self, index: EntityIx) -> Option<Coords> {
        self.columns.coords[index.0]
    }

    /// Whether the entity has figures the chart can draw.
    pub fn is_charted(&self, index: EntityIx) -> bool {
        self.columns.charted[index.0]
    }

    pub fn eras(&self) -> &[Era] {
        &self.eras
    }

    /// Every era's index, in order.
    pub fn era_indices(&self) -> impl ExactSizeIterator<Item = EraIx> + use<> {
        (0..self.eras.len()).map(EraIx)
    }

    pub fn era(&self, era: EraIx) -> &Era {
        &self.eras[era.0]
    }

    pub fn index_of(&self, id: &str) -> Option<EntityIx> {
        let by_id = &self.derived.by_id;
        let at = by_id.partition_point(|&i| self.id(EntityIx(i as usize)) < id);
        if let Some(&found) = by_id.get(at)
            && self.id(EntityIx(found as usize)) == id
        {
            return Some(EntityIx(found as usize));
        }
        // A merged entity's old ids still lead to it; a current id always wins.
        let former = &self.derived.former_ids;
        let at = former.partition_point(|(former, _)| former.as_str() < id);
        former
            .get(at)
            .filter(|(former, _)| former == id)
            .map(|&(_, index)| EntityIx(index as usize))
    }

    pub fn era_index_of(&self, id: &str) -> Option<EraIx> {
        self.era_by_id.get(id).copied()
    }

    pub fn era_of(&self, entity: EntityIx) -> EraIx {
        EraIx(self.derived.entity_era[entity.0] as usize)
    }

    pub fn outgoing(&self, entity: EntityIx) -> &[LinkRef] {
        let d = &self.derived;
        let (from, to) = (
            d.out_start[entity.0] as usize,
            d.out_start[entity.0 + 1] as usize,
        );
        d.outgoing.all().get(from..to).unwrap_or_default()
    }

    pub fn incoming(&self, entity: EntityIx) -> &[LinkRef] {
        let d = &self.derived;
        let (from, to) = (
            d.in_start[entity.0] as usize,
            d.in_start[entity.0 + 1] as usize,
        );
        d.incoming.all().get(from..to).unwrap_or_default()
    }

    /// The link a reference names; None only when a cache's record no longer holds it
    /// (a damaged or forged cache: a record that fails to decode has no links).
    pub fn link(&self, link_ref: LinkRef) -> Option<&Link> {
        self.entity(link_ref.source).links.get(link_ref.link)
    }

    /// The timeline: every dated entity and the undated events and treaties, one a row;
    /// context entities are left off.
    pub fn timeline(&self) -> &[EntityIx] {
        &self.derived.timeline
    }

    /// Whether any entity has a group (an imported timeline's label): the axis offers its
    /// lanes by group only then.
    pub fn has_groups(&self) -> bool {
        self.derived.has_groups
    }

    /// The entity on a timeline row.
    pub fn entity_at(&self, row: RowIx) -> Option<EntityIx> {
        self.derived.timeline.get(row.0).copied()
    }

    /// First timeline row of an era (the end of the timeline past the last era).
    pub fn era_first_row(&self, era: EraIx) -> RowIx {
        RowIx(
            self.derived
                .era_first_row
                .get(era.0)
                .copied()
                .unwrap_or(self.derived.timeline.len()),
        )
    }

    /// Timeline rows of one era.
    pub fn era_rows(&self, era: EraIx) -> impl ExactSizeIterator<Item = RowIx> + Clone + use<> {
        let start = self.era_first_row(era).0;
        let end = if era.0 + 1 >= self.eras.len() {
            self.derived.timeline.len()
        } else {
            self.era_first_row(EraIx(era.0 + 1)).0.max(start)
        };
        (start..end).map(RowIx)
    }

    /// Every entity, dated ones by date, then undated by name.
    pub fn chronological(&self) -> &[EntityIx] {
        &self.derived.chronological
    }

    /// Timeline row of an entity, if it is on the timeline.
    pub fn timeline_row(&self, entity: EntityIx) -> Option<RowIx> {
        match self.derived.row_of_entity.get(entity.0) {
            Some(&row) if row != u32::MAX => Some(RowIx(row as usize)),
            _ => None,
        }
    }

    /// Closest ids to a mistyped one, best first; empty when nothing is close.
    pub fn suggest_ids(&self, wanted: &str, count: usize) -> Vec<String> {
        let wanted = wanted.to_lowercase();
        let mut scored: Vec<(f64, &str)> = self
            .entity_indices()
            .map(|e| self.id(e))
            .chain(self.eras.iter().map(|e| e.id.as_str()))
            .map(|id| {
                let mut score = strsim::jaro_winkler(&wanted, id);
                if id.contains(&wanted) {
                    score += 0.5;
                }
                (score, id)
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        // Below this similarity a "suggestion" is noise.
        scored
            .into_iter()
            .filter(|(score, _)| *score >= 0.8)
            .take(count)
            .map(|(_, id)| id.to_string())
            .collect()
    }

    /// Era ids closest to a mistyped one, best first.
    pub fn eras_like(&self, wanted: &str, count: usize) -> Vec<&str> {
        let mut ids: Vec<(f64, &str)> = self
            .eras
            .iter()
            .map(|e| (strsim::jaro_winkler(wanted, &e.id), e.id.as_str()))
            .collect();
        ids.sort_by(|a, b| b.0.total_cmp(&a.0));
        ids.into_iter().take(count).map(|(_, id)| id).collect()
    }

    /// Era name with its years, e.g. "Quiet cooperation (1925–1930)".
    pub fn era_label(&self, era: EraIx) -> String {
        match self.eras.get(era.0) {
            Some(era) => format!("{} ({})", era.name, era_years(era)),
            None => String::new(),
        }
    }
}

/// "1925–1930", "1960s–1975", "2000–present".
pub fn era_years(era: &Era) -> String {
    let end = era
        .end
        .as_ref()
        .map_or_else(|| "present".to_string(), |d| d.compact());
    format!("{}–{}", era.start.compact(), end)
}

/// Whether an entity is a row of the timeline: dated, or an event or treaty; never
/// context.
pub fn on_timeline(entity: &Entity) -> bool {
    (entity.date.is_some() || matches!(entity.kind, Kind::Event | Kind::Treaty)) && !entity.context
}

pub(crate) fn era_for_date(eras: &[Era], date: &HistDate) -> Option<usize> {
    eras.iter()
        .position(|era| date.starts_within(&era.start, era.end.as_ref()))
}
