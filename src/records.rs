//! Entities kept as records in a cache's bytes: ids at hand, each entity decoded from its
//! record the first time it is asked for, then kept. Depends on the model only.

use crate::model::{Entity, Kind};
use std::sync::OnceLock;

/// The bytes of a cache: mapped from its file, or in memory.
#[derive(Debug)]
pub enum Bytes {
    Mapped(memmap2::Mmap),
    Heap(Vec<u8>),
    /// Compiled into the binary (the embedded dataset's prebuilt cache).
    Static(&'static [u8]),
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Mapped(map) => map,
            Bytes::Heap(bytes) => bytes,
            Bytes::Static(bytes) => bytes,
        }
    }
}

/// A cache's entities: ids at hand, records decoded on first use and kept.
#[derive(Debug)]
pub struct Records {
    bytes: Bytes,
    /// Absolute positions of each id (and the end of the last).
    ids: Vec<usize>,
    /// Absolute positions of each record (and the end of the last).
    records: Vec<usize>,
    cells: Vec<OnceLock<Box<Entity>>>,
    /// Applied to every text of a record as it is decoded (the explorer's sanitiser).
    sanitiser: Option<fn(&mut String)>,
}

impl Records {
    /// Records over `bytes`: `ids` and `records` are `len + 1` ascending positions, checked
    /// by the caller to lie inside `bytes`, ids on character boundaries.
    pub fn new(bytes: Bytes, ids: Vec<usize>, records: Vec<usize>) -> Records {
        let count = ids.len().saturating_sub(1);
        Records {
            bytes,
            ids,
            records,
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
        let mut entity = serde_json::from_slice::<Entity>(&self.bytes[from..to])
            .unwrap_or_else(|err| damaged_record(self.id(index), &err.to_string()));
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

/// What a record that cannot be decoded shows instead (the checksum makes this a bug,
/// not a damaged file; it must still not bring the explorer down).
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
