//! Loading a dataset (embedded or from a file) and the lookups every view needs:
//! id → entity, links in both directions, the timeline order and era membership.

use crate::date::HistDate;
use crate::model::{Dataset, Entity, Era, Kind, Link};
use std::collections::HashMap;
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
    let text = read_text(path, max_bytes)?;
    parse_str(&path.display().to_string(), &text)
}

/// Read a text file with `load_file`'s checks (a regular file of at most `max_bytes`,
/// UTF-8), for any format (`nisso import` reads other formats through it).
pub fn read_text(path: &Path, max_bytes: u64) -> Result<String, LoadError> {
    use std::io::Read;
    let file = path.display().to_string();
    let failed = |message: String| LoadError::Io {
        file: file.clone(),
        message,
    };
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let handle = options.open(path).map_err(|err| failed(io_reason(&err)))?;
    let metadata = handle.metadata().map_err(|err| failed(io_reason(&err)))?;
    if metadata.is_dir() {
        return Err(failed("it is a directory".into()));
    }
    if !metadata.is_file() {
        return Err(failed(
            "not a regular file (a device, FIFO or socket); give a dataset file".into(),
        ));
    }
    if metadata.len() > max_bytes {
        return Err(failed(format!(
            "{} MiB is larger than the limit of {} MiB (raise it with --max-size)",
            metadata.len().div_ceil(1024 * 1024),
            max_bytes / (1024 * 1024)
        )));
    }
    // Bounded even if the file grows while it is read.
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    handle
        .take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| failed(io_reason(&err)))?;
    if bytes.len() as u64 > max_bytes {
        return Err(failed(format!(
            "it grew past the limit of {} MiB while being read",
            max_bytes / (1024 * 1024)
        )));
    }
    String::from_utf8(bytes).map_err(|err| {
        failed(format!(
            "not UTF-8 text (invalid byte at offset {})",
            err.utf8_error().valid_up_to()
        ))
    })
}

fn io_reason(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::IsADirectory => "it is a directory".to_string(),
        _ => err.to_string(),
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

/// A row of the timeline (events and treaties in order).
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
#[derive(Debug, Clone)]
pub struct Catalog {
    pub data: Dataset,
    by_id: HashMap<String, EntityIx>,
    era_by_id: HashMap<String, EraIx>,
    /// Era of each entity (unknown eras fall back to the nearest by date, else the first).
    entity_era: Vec<EraIx>,
    outgoing: Vec<Vec<LinkRef>>,
    incoming: Vec<Vec<LinkRef>>,
    /// Events and treaties in era, then date order.
    timeline: Vec<EntityIx>,
    /// First timeline row of each era.
    era_first_row: Vec<usize>,
    row_of_entity: Vec<Option<RowIx>>,
    /// Every entity in timeline-like order: dated first by date, then undated by name.
    chronological: Vec<EntityIx>,
}

impl Catalog {
    pub fn new(data: Dataset) -> Catalog {
        let mut by_id = HashMap::with_capacity(data.entities.len());
        for (index, entity) in data.entities.iter().enumerate() {
            by_id.entry(entity.id.clone()).or_insert(EntityIx(index));
        }
        // A merged entity's old ids still lead to it; a current id always wins.
        for (index, entity) in data.entities.iter().enumerate() {
            for former in &entity.former_ids {
                by_id.entry(former.clone()).or_insert(EntityIx(index));
            }
        }
        let mut era_by_id = HashMap::with_capacity(data.eras.len());
        for (index, era) in data.eras.iter().enumerate() {
            era_by_id.entry(era.id.clone()).or_insert(EraIx(index));
        }
        let entity_era: Vec<EraIx> = data
            .entities
            .iter()
            .map(|entity| {
                era_by_id
                    .get(&entity.era)
                    .copied()
                    .or_else(|| {
                        entity
                            .date
                            .and_then(|date| era_for_date(&data.eras, &date))
                            .map(EraIx)
                    })
                    .unwrap_or(EraIx(0))
            })
            .collect();

        let mut outgoing = vec![Vec::new(); data.entities.len()];
        let mut incoming = vec![Vec::new(); data.entities.len()];
        for (source, entity) in data.entities.iter().enumerate() {
            for (link, Link { target, .. }) in entity.links.iter().enumerate() {
                if let Some(&target) = by_id.get(target) {
                    let link_ref = LinkRef {
                        source: EntityIx(source),
                        link,
                        target,
                    };
                    outgoing[source].push(link_ref);
                    incoming[target.0].push(link_ref);
                }
            }
        }

        let mut timeline: Vec<usize> = (0..data.entities.len())
            .filter(|&i| matches!(data.entities[i].kind, Kind::Event | Kind::Treaty))
            .collect();
        timeline.sort_by(|&a, &b| {
            let (ea, eb) = (&data.entities[a], &data.entities[b]);
            entity_era[a]
                .cmp(&entity_era[b])
                .then_with(|| date_order(ea.date.as_ref(), eb.date.as_ref()))
                .then_with(|| ea.name.cmp(&eb.name))
                .then_with(|| ea.id.cmp(&eb.id))
        });
        let mut era_first_row = vec![timeline.len(); data.eras.len()];
        for (row, &entity) in timeline.iter().enumerate().rev() {
            if let Some(slot) = era_first_row.get_mut(entity_era[entity].0) {
                *slot = row;
            }
        }
        // An era without events starts where the next era with events starts.
        for era in (0..era_first_row.len().saturating_sub(1)).rev() {
            if era_first_row[era] == timeline.len() {
                era_first_row[era] = era_first_row[era + 1];
            }
        }

        let mut row_of_entity = vec![None; data.entities.len()];
        for (row, &entity) in timeline.iter().enumerate() {
            row_of_entity[entity] = Some(RowIx(row));
        }

        let mut chronological: Vec<usize> = (0..data.entities.len()).collect();
        chronological.sort_by(|&a, &b| {
            let (ea, eb) = (&data.entities[a], &data.entities[b]);
            date_order(ea.date.as_ref(), eb.date.as_ref())
                .then_with(|| ea.kind.cmp(&eb.kind))
                .then_with(|| ea.name.cmp(&eb.name))
                .then_with(|| ea.id.cmp(&eb.id))
        });

        Catalog {
            data,
            by_id,
            era_by_id,
            entity_era,
            outgoing,
            incoming,
            timeline: timeline.into_iter().map(EntityIx).collect(),
            era_first_row,
            row_of_entity,
            chronological: chronological.into_iter().map(EntityIx).collect(),
        }
    }

    pub fn entities(&self) -> &[Entity] {
        &self.data.entities
    }

    /// Every entity's index, in dataset order.
    pub fn entity_indices(&self) -> impl ExactSizeIterator<Item = EntityIx> + use<> {
        (0..self.data.entities.len()).map(EntityIx)
    }

    pub fn entity(&self, index: EntityIx) -> &Entity {
        &self.data.entities[index.0]
    }

    pub fn eras(&self) -> &[Era] {
        &self.data.eras
    }

    /// Every era's index, in order.
    pub fn era_indices(&self) -> impl ExactSizeIterator<Item = EraIx> + use<> {
        (0..self.data.eras.len()).map(EraIx)
    }

    pub fn era(&self, era: EraIx) -> &Era {
        &self.data.eras[era.0]
    }

    pub fn index_of(&self, id: &str) -> Option<EntityIx> {
        self.by_id.get(id).copied()
    }

    pub fn era_index_of(&self, id: &str) -> Option<EraIx> {
        self.era_by_id.get(id).copied()
    }

    pub fn era_of(&self, entity: EntityIx) -> EraIx {
        self.entity_era[entity.0]
    }

    pub fn outgoing(&self, entity: EntityIx) -> &[LinkRef] {
        &self.outgoing[entity.0]
    }

    pub fn incoming(&self, entity: EntityIx) -> &[LinkRef] {
        &self.incoming[entity.0]
    }

    pub fn link(&self, link_ref: LinkRef) -> &Link {
        &self.data.entities[link_ref.source.0].links[link_ref.link]
    }

    /// The timeline: events and treaties, one a row.
    pub fn timeline(&self) -> &[EntityIx] {
        &self.timeline
    }

    /// The entity on a timeline row.
    pub fn entity_at(&self, row: RowIx) -> Option<EntityIx> {
        self.timeline.get(row.0).copied()
    }

    /// First timeline row of an era (the end of the timeline past the last era).
    pub fn era_first_row(&self, era: EraIx) -> RowIx {
        RowIx(
            self.era_first_row
                .get(era.0)
                .copied()
                .unwrap_or(self.timeline.len()),
        )
    }

    /// Timeline rows of one era.
    pub fn era_rows(&self, era: EraIx) -> impl ExactSizeIterator<Item = RowIx> + Clone + use<> {
        let start = self.era_first_row(era).0;
        let end = if era.0 + 1 >= self.data.eras.len() {
            self.timeline.len()
        } else {
            self.era_first_row(EraIx(era.0 + 1)).0.max(start)
        };
        (start..end).map(RowIx)
    }

    /// Every entity, dated ones by date, then undated by name.
    pub fn chronological(&self) -> &[EntityIx] {
        &self.chronological
    }

    /// Timeline row of an entity, if it is on the timeline.
    pub fn timeline_row(&self, entity: EntityIx) -> Option<RowIx> {
        self.row_of_entity.get(entity.0).copied().flatten()
    }

    /// Closest ids to a mistyped one, best first; empty when nothing is close.
    pub fn suggest_ids(&self, wanted: &str, count: usize) -> Vec<String> {
        let wanted = wanted.to_lowercase();
        let mut scored: Vec<(f64, &str)> = self
            .data
            .entities
            .iter()
            .map(|e| e.id.as_str())
            .chain(self.data.eras.iter().map(|e| e.id.as_str()))
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

    /// Era name with its years, e.g. "Quiet cooperation (1925–1930)".
    pub fn era_label(&self, era: EraIx) -> String {
        match self.data.eras.get(era.0) {
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

fn date_order(a: Option<&HistDate>, b: Option<&HistDate>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(b),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

fn era_for_date(eras: &[Era], date: &HistDate) -> Option<usize> {
    eras.iter()
        .position(|era| date.starts_within(&era.start, era.end.as_ref()))
}
