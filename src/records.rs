//! Entities kept as records: ids at hand, each entity decoded from its record the first
//! time it is asked for, then kept. A record lies in a cache's bytes (the embedded
//! dataset's) or in the dataset file it was parsed from, read where it lies: a cache of a
//! large file then holds no second copy of its text. Depends on the model only.

use crate::model::{Entity, Kind};
use std::sync::OnceLock;

/// The bytes of a cache: mapped from its file, or in memory.
#[derive(Debug)]
pub enum Bytes {
    /// A cache file mapped, with its path (removed when a damaged record is found in it,
    /// so the next open rebuilds it).
    Mapped(memmap2::Mmap, std::path::PathBuf),
    Heap(Vec<u8>),
    /// Compiled into the binary (the embedded dataset's prebuilt cache).
    Static(&'static [u8]),
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Mapped(map, _) => map,
            Bytes::Heap(bytes) => bytes,
            Bytes::Static(bytes) => bytes,
        }
    }
}

/// Where each entity's JSON lies in the text it was parsed from, and the checksum of each:
/// what a cache keeps of a dataset file's records instead of the records themselves.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceSpans {
    /// Start of each entity's JSON (and the end of the last), ascending: a record runs to
    /// the next one's start.
    pub bounds: Vec<u64>,
    pub checksums: Vec<u64>,
}

impl SourceSpans {
    pub fn len(&self) -> usize {
        self.checksums.len()
    }

    pub fn is_empty(&self) -> bool {
        self.checksums.is_empty()
    }
}

/// Where the records are read from.
#[derive(Debug)]
pub enum RecordsIn {
    /// The cache's own bytes.
    Cache,
    /// The dataset file (opened when the cache was): positions are the file's.
    Source(std::fs::File),
}

/// A cache's entities: ids at hand, records decoded on first use and kept.
#[derive(Debug)]
pub struct Records {
    /// Shared with the search index, which reads its vocabulary from them in place.
    bytes: std::sync::Arc<Bytes>,
    /// Absolute positions of each id (and the end of the last).
    ids: Vec<usize>,
    /// Absolute positions of each record (and the end of the last), in `within`.
    records: Vec<usize>,
    within: RecordsIn,
    /// Absolute position of the records' checksums (one little-endian u64 each).
    checksums: usize,
    cells: Vec<OnceLock<Box<Entity>>>,
    /// Applied to every text of a record as it is decoded (the explorer's sanitiser).
    sanitiser: Option<fn(&mut String)>,
}

impl Records {
    /// Records over `bytes`: `ids` and `records` are `len + 1` ascending positions, checked
    /// by the caller to lie inside `bytes` (or the source file, for records `within` it),
    /// ids on character boundaries; `checksums` is where `len` checksums lie in `bytes`,
    /// also checked to be inside.
    pub fn new(
        bytes: std::sync::Arc<Bytes>,
        ids: Vec<usize>,
        (records, within): (Vec<usize>, RecordsIn),
        checksums: usize,
    ) -> Records {
        let count = ids.len().saturating_sub(1);
        Records {
            bytes,
            ids,
            records,
            within,
            checksums,
            cells: (0..count).map(|_| OnceLock::new()).collect(),
            sanitiser: None,
        }
    }

    pub fn len(&self) -> usize {
        self.cells.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    pub fn id(&self, index: usize) -> &str {
        let (from, to) = (self.ids[index], self.ids[index + 1]);
        // Checked as UTF-8 with its boundaries when the cache was opened.
        std::str::from_utf8(&self.bytes[from..to]).unwrap_or_default()
    }

    pub fn entity(&self, index: usize) -> &Entity {
        self.cells[index].get_or_init(|| Box::new(self.decode(index)))
    }

    fn decode(&self, index: usize) -> Entity {
        let (from, to) = (self.records[index], self.records[index + 1]);
        let read;
        let record: &[u8] = match &self.within {
            RecordsIn::Cache => &self.bytes[from..to],
            RecordsIn::Source(file) => {
                read = read_at(file, from as u64, to - from);
                match &read {
                    Ok(bytes) => bytes,
                    Err(err) => {
                        return damaged_record(
                            self.id(index),
                            &format!("the dataset file cannot be read: {err}"),
                        );
                    }
                }
            }
        };
        let at = self.checksums + index * 8;
        let expected = self
            .bytes
            .get(at..at + 8)
            .and_then(|b| <[u8; 8]>::try_from(b).ok())
            .map(u64::from_le_bytes);
        let mut entity = if expected != Some(xxhash_rust::xxh3::xxh3_64(record)) {
            if let Bytes::Mapped(_, path) = &*self.bytes {
                // The mapping stays readable; the file goes, and is rebuilt next time
                // (from the dataset file as it is now, if that is what changed).
                let _ = std::fs::remove_file(path);
            }
            damaged_record(self.id(index), "its checksum does not match")
        } else {
            // In a dataset file, a record runs to the next one's start: the comma and
            // spaces between them follow the entity's JSON and are not read.
            let mut json = serde_json::Deserializer::from_slice(record);
            let entity = match self.within {
                RecordsIn::Cache => serde_json::from_slice::<Entity>(record),
                RecordsIn::Source(_) => serde::Deserialize::deserialize(&mut json),
            };
            entity.unwrap_or_else(|err| damaged_record(self.id(index), &err.to_string()))
        };
        if let Some(sanitise) = self.sanitiser {
            entity.texts_mut(sanitise);
        }
        entity
    }

    /// Sanitise texts as they are read; records read before are read again.
    pub fn sanitise_with(&mut self, f: fn(&mut String)) {
        self.sanitiser = Some(f);
        for cell in &mut self.cells {
            cell.take();
        }
    }
}

/// What a record that cannot be decoded shows instead (a damaged byte in it, found by its
/// checksum, or a bug): it must not bring the explorer down.
fn damaged_record(id: &str, why: &str) -> Entity {
    Entity {
        summary: format!("The cache record could not be read: {why}"),
        ..Entity::new(
            id.to_string(),
            Kind::Event,
            format!("{id} (unreadable cache record)"),
        )
    }
}

/// `len` bytes of `file` from `at`, without moving a shared position (the explorer reads
/// records from more than one thread).
fn read_at(file: &std::fs::File, at: u64, len: usize) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    bytes
        .try_reserve_exact(len)
        .map_err(|_| std::io::Error::from(std::io::ErrorKind::OutOfMemory))?;
    bytes.resize(len, 0);
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileExt;
        file.read_exact_at(&mut bytes, at)?;
    }
    #[cfg(windows)]
    {
        use std::os::windows::fs::FileExt;
        let mut done = 0;
        while done < len {
            match file.seek_read(&mut bytes[done..], at + done as u64)? {
                0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
                read => done += read,
            }
        }
    }
    Ok(bytes)
}
