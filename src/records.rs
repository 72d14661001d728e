//! Entities kept as records in a cache's bytes: ids at hand, each entity decoded from its
//! record the first time it is asked for, then kept. Depends on the model only.

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

/// A cache's entities: ids at hand, records decoded on first use and kept.
#[derive(Debug)]
pub struct Records {
    /// Shared with the search index, which reads its vocabulary from them in place.
    bytes: std::sync::Arc<Bytes>,
    /// Absolute positions of each id (and the end of the last).
    ids: Vec<usize>,
    /// Absolute positions of each record (and the end of the last).
    records: Vec<usize>,
    /// Absolute position of the records' checksums (one little-endian u64 each).
    checksums: usize,
    cells: Vec<OnceLock<Box<Entity>>>,
    /// Applied to every text of a record as it is decoded (the explorer's sanitiser).
    sanitiser: Option<fn(&mut String)>,
}

impl Records {
    /// Records over `bytes`: `ids` and `records` are `len + 1` ascending positions, checked
    /// by the caller to lie inside `bytes`, ids on character boundaries; `checksums` is
    /// where `len` checksums lie, also checked to be inside.
    pub fn new(
        bytes: std::sync::Arc<Bytes>,
        ids: Vec<usize>,
        records: Vec<usize>,
        checksums: usize,
    ) -> Records {
        let count = ids.len().saturating_sub(1);
        Records {
            bytes,
            ids,
            records,
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
        let record = &self.bytes[from..to];
        let at = self.checksums + index * 8;
        let expected = self
            .bytes
            .get(at..at + 8)
            .and_then(|b| <[u8; 8]>::try_from(b).ok())
            .map(u64::from_le_bytes);
        let mut entity = if expected != Some(xxhash_rust::xxh3::xxh3_64(record)) {
            if let Bytes::Mapped(_, path) = &*self.bytes {
                // The mapping stays readable; the file goes, and is rebuilt next time.
                let _ = std::fs::remove_file(path);
            }
            damaged_record(self.id(index), "its checksum does not match")
        } else {
            serde_json::from_slice::<Entity>(record)
                .unwrap_or_else(|err| damaged_record(self.id(index), &err.to_string()))
        };
        if let Some(sanitise) = self.sanitiser {
            entity.texts_mut(sanitise);
        }
        entity
    }

    /// Whether any record has the top-level field `key`, read from the bytes without
    /// decoding a record. A record is an object written by serde_json: a field's name
    /// follows `{` or `,`, while the same words inside a text have `\"` around them.
    pub fn any_has_field(&self, key: &str) -> bool {
        let (Some(&from), Some(&to)) = (self.records.first(), self.records.last()) else {
            return false;
        };
        let Some(bytes) = self.bytes.get(from..to) else {
            return false;
        };
        let needle = format!("\"{key}\":");
        let needle = needle.as_bytes();
        let mut at = 0;
        while let Some(quote) = bytes[at..].iter().position(|&b| b == b'"') {
            let i = at + quote;
            if bytes[i..].starts_with(needle) && i > 0 && matches!(bytes[i - 1], b'{' | b',') {
                return true;
            }
            at = i + 1;
        }
        false
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_is_found_by_name_not_in_text() {
        let records = |texts: &[&str]| {
            let mut bytes = Vec::new();
            let mut starts = vec![0];
            for text in texts {
                bytes.extend_from_slice(text.as_bytes());
                starts.push(bytes.len());
            }
            // No checksums are read by this scan: they may lie anywhere.
            let end = bytes.len();
            Records::new(
                std::sync::Arc::new(Bytes::Heap(bytes)),
                starts.clone(),
                starts,
                end,
            )
        };
        let plain = r#"{"id":"a","summary":"the \"group\": none, {\"group\":1}"}"#;
        assert!(!records(&[plain]).any_has_field("group"));
        assert!(records(&[plain, r#"{"id":"b","group":"Wars"}"#]).any_has_field("group"));
        assert!(!records(&[]).any_has_field("group"));
    }
}
