//! The vocabulary of a dataset: every word of every name, alias, summary and note, with
//! its romanisation key and the places it occurs (postings). Built once per dataset and kept
//! in the dataset's cache (the embedded dataset's ships prebuilt, `assets/dataset.cache`),
//! with a fingerprint of the texts it was made of.

use super::query;
use crate::dataset::{Catalog, order_prefix};
use crate::fold::fold_into;
use crate::translit;
use rustc_hash::{FxHashMap, FxHasher};
use std::hash::Hasher;

// Field codes of a posting and a term hit: 0 the name, 1 + i alias i, then the rest.
pub(super) const NAME: u8 = 0;
pub(super) const MAX_ALIASES: usize = 200;
/// A word of the reader's own note on the document (never posted: see `reader.rs`).
pub(super) const READER_NOTE: u8 = 229;
/// Notes (external facts) 0..MAX_NOTES are fields NOTE..NOTE + MAX_NOTES.
pub(super) const NOTE: u8 = 230;
pub(super) const MAX_NOTES: usize = 20;
pub(super) const ERA_FIELD: u8 = 251;
pub(super) const KIND_FIELD: u8 = 252;
pub(super) const DATE_FIELD: u8 = 253;
/// The entity records a disagreement and the term asks for disputed things.
pub(super) const DISPUTED_FIELD: u8 = 254;
pub(super) const SUMMARY: u8 = 255;

/// The set of letters in a key: a bit for each Latin letter, key capital and digit, and
/// shared bits for other characters (a superset test, so sharing is safe).
pub(super) fn letter_mask(key: &str) -> u64 {
    key.chars().fold(0, |mask, c| {
        let bit = match c {
            'a'..='z' => c as u32 - 'a' as u32,
            'A'..='Z' => 26 + (c as u32 - 'A' as u32) % 8,
            '0'..='9' => 34 + c as u32 - '0' as u32,
            _ => 44 + c as u32 % 20,
        };
        mask | 1 << bit
    })
}

/// Where a vocabulary word occurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Posting {
    pub doc: u32,
    pub field: u8,
    /// Word position in the field (saturating at 255).
    pub pos: u8,
}

/// Byte ranges of a word's folded text and key in `Vocabulary::text`, and its postings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    literal: (u32, u32),
    key: (u32, u32),
    postings: (u32, u32),
}

/// A vocabulary as its arrays, while it is built (then encoded, and read as a view).
struct Parts {
    /// Every word's folded text and key, back to back (one allocation, not two per word).
    text: String,
    /// Sorted by folded text: word ids are positions in that order.
    entries: Vec<Entry>,
    postings: Vec<Posting>,
    /// Word ids sorted by key, for key prefixes and first-letter scans.
    by_key: Vec<u32>,
    /// The letters of each key (`letter_mask`), for the scan filter.
    key_masks: Vec<u64>,
    /// Words (stop words left out) of each name and alias, document by document.
    field_words: Vec<u8>,
    fingerprint: u64,
}

/// The bytes a vocabulary is read from: its own, or a section of a mapped cache shared
/// with the records (a search then touches only the pages it reads).
#[derive(Debug, Clone)]
pub(crate) enum Store {
    Owned(Vec<u8>),
    Shared(std::sync::Arc<crate::records::Bytes>, usize, usize),
}

impl std::ops::Deref for Store {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Store::Owned(bytes) => bytes,
            Store::Shared(bytes, from, to) => bytes.get(*from..*to).unwrap_or_default(),
        }
    }
}

/// The vocabulary, read in place from its binary form (see `encode_parts`): words, keys,
/// postings and masks are read where they lie, never copied out whole. Values are checked
/// as they are read (a damaged range reads as empty), so a forged cache cannot make a
/// search index out of bounds.
#[derive(Debug, Clone)]
pub(super) struct Vocabulary {
    data: Store,
    text: (usize, usize),
    words: usize,
    entries: usize,
    postings: usize,
    postings_len: usize,
    by_key: usize,
    key_masks: usize,
    field_words: (usize, usize),
    docs: u32,
}

impl PartialEq for Vocabulary {
    fn eq(&self, other: &Vocabulary) -> bool {
        self.data[..] == other.data[..]
    }
}

impl Eq for Vocabulary {}

const ENTRY_BYTES: usize = 24;
const POSTING_BYTES: usize = 6;

/// The fields a document indexes, as (field code, text); names and aliases first.
pub(super) fn fields_of(catalog: &Catalog, doc: usize) -> Vec<(u8, &str)> {
    let mut out = Vec::new();
    if doc < catalog.entity_count() {
        let entity = catalog.entity(crate::dataset::EntityIx(doc));
        out.push((NAME, entity.name.as_str()));
        for (alias, name) in entity.aliases.iter().take(MAX_ALIASES).enumerate() {
            out.push((1 + alias as u8, name.name.as_str()));
        }
        out.push((SUMMARY, entity.summary.as_str()));
        // Notes are text of the entity's page too ("signed on 31 March 1854").
        for (note, text) in entity.external_facts.iter().take(MAX_NOTES).enumerate() {
            out.push((NOTE + note as u8, text.as_str()));
        }
    } else if let Some(era) = catalog.eras().get(doc - catalog.entity_count()) {
        out.push((NAME, era.name.as_str()));
        out.push((SUMMARY, era.summary.as_str()));
    }
    out
}

/// A fingerprint of every text the vocabulary is made of, in order. Cheap (a fast hash of
/// some 100 kB for the embedded dataset) and exact enough to tell a stored vocabulary
/// of other texts. (`Vocabulary::build` hashes the same as it reads; the tests check the
/// two agree.)
#[cfg(test)]
pub(super) fn fingerprint(catalog: &Catalog) -> u64 {
    let mut hasher = FxHasher::default();
    let total = catalog.entity_count() + catalog.eras().len();
    hasher.write_usize(total);
    for doc in 0..total {
        for (field, text) in fields_of(catalog, doc) {
            hasher.write_u8(field);
            hasher.write(text.as_bytes());
            hasher.write_u8(0xff);
        }
    }
    hasher.finish()
}

/// The words of a text field, folded, with their character offsets in the folded text.
pub(super) fn field_words(folded: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut chars = folded.char_indices().enumerate().peekable();
    std::iter::from_fn(move || {
        // Skip to the next letter or digit, then take the run.
        let (at, from) = loop {
            let (at, (byte, c)) = chars.next()?;
            if c.is_alphanumeric() {
                break (at, byte);
            }
        };
        let mut to = folded.len();
        while let Some(&(_, (byte, c))) = chars.peek() {
            if !c.is_alphanumeric() {
                to = byte;
                break;
            }
            chars.next();
        }
        Some((at, &folded[from..to]))
    })
}

impl Vocabulary {
    /// The vocabulary of a catalog, with the fingerprint of its texts (`fingerprint`),
    /// hashed in the same pass that reads them.
    pub fn build(catalog: &Catalog) -> Vocabulary {
        let total = catalog.entity_count() + catalog.eras().len();
        let mut hasher = FxHasher::default();
        hasher.write_usize(total);
        let mut ids: FxHashMap<String, u32> = FxHashMap::default();
        // Every posting with its word id, in document order; grouped by word below (one
        // allocation instead of one list per word).
        let mut flat: Vec<(u32, Posting)> = Vec::new();
        // Per word, the last (document, field) it was posted for: a summary that repeats
        // a word needs one posting.
        let mut last_posted: Vec<(u32, u8)> = Vec::new();
        let mut field_words_count = Vec::with_capacity(total * 2);
        let mut folded = String::new();
        for doc in 0..total {
            for (field, text) in fields_of(catalog, doc) {
                hasher.write_u8(field);
                hasher.write(text.as_bytes());
                hasher.write_u8(0xff);
                fold_into(text, &mut folded);
                let mut counted = 0usize;
                for (pos, (_, word)) in field_words(&folded).enumerate() {
                    let id = match ids.get(word) {
                        Some(&id) => id,
                        None => {
                            let id = last_posted.len() as u32;
                            ids.insert(word.to_string(), id);
                            last_posted.push((u32::MAX, 0));
                            id
                        }
                    };
                    let doc = doc as u32;
                    let last = &mut last_posted[id as usize];
                    if field < NOTE || *last != (doc, field) {
                        *last = (doc, field);
                        let pos = pos.min(255) as u8;
                        flat.push((id, Posting { doc, field, pos }));
                    }
                    if field < NOTE && !query::is_stop_word(word) {
                        counted += 1;
                    }
                }
                if field < NOTE {
                    field_words_count.push(counted.min(255) as u8);
                }
            }
        }
        // Words in alphabetical order, so the literal order is the id order (a prefix
        // leads the key: see `order_prefix`).
        let mut literals: Vec<(u64, String, u32)> = ids
            .into_iter()
            .map(|(word, id)| (order_prefix(&word), word, id))
            .collect();
        literals.sort_unstable();
        let mut renumber = vec![0u32; literals.len()];
        for (new, (_, _, old)) in literals.iter().enumerate() {
            renumber[*old as usize] = new as u32;
        }
        // Postings grouped by word: a counting sort that keeps document order.
        let mut starts = vec![0u32; literals.len() + 1];
        for (id, _) in &flat {
            starts[renumber[*id as usize] as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let empty = Posting {
            doc: 0,
            field: 0,
            pos: 0,
        };
        let mut postings = vec![empty; flat.len()];
        let mut next = starts.clone();
        for (id, posting) in flat {
            let slot = &mut next[renumber[id as usize] as usize];
            postings[*slot as usize] = posting;
            *slot += 1;
        }
        let mut text = String::new();
        let mut entries = Vec::with_capacity(literals.len());
        let mut key_masks = Vec::with_capacity(literals.len());
        for (id, (_, literal, _)) in literals.iter().enumerate() {
            let start = text.len() as u32;
            text.push_str(literal);
            let middle = text.len() as u32;
            let key = translit::key_text(literal);
            key_masks.push(letter_mask(&key));
            text.push_str(&key);
            entries.push(Entry {
                literal: (start, middle),
                key: (middle, text.len() as u32),
                postings: (starts[id], starts[id + 1]),
            });
        }
        let key_of = |id: u32| {
            let (from, to) = entries[id as usize].key;
            &text[from as usize..to as usize]
        };
        let mut keyed: Vec<(u64, &str, u32)> = (0..entries.len() as u32)
            .map(|id| (order_prefix(key_of(id)), key_of(id), id))
            .collect();
        keyed.sort_unstable();
        let by_key: Vec<u32> = keyed.into_iter().map(|(_, _, id)| id).collect();
        let fields = field_words_count.len();
        let parts = Parts {
            text,
            entries,
            postings,
            by_key,
            key_masks,
            field_words: field_words_count,
            fingerprint: hasher.finish(),
        };
        // Its own encoding always reads back; an empty vocabulary is the safe fallback.
        // Shared, so that the cache can be written from these bytes on another thread
        // while the explorer already searches (`SearchIndex::detached_encoding`).
        let bytes = encode_parts(&parts);
        let len = bytes.len();
        let shared = std::sync::Arc::new(crate::records::Bytes::Heap(bytes));
        Vocabulary::decode_store(Store::Shared(shared, 0, len), total, fields)
            .unwrap_or_else(Vocabulary::empty)
    }

    /// No words (never used but as a fallback that cannot fail).
    fn empty() -> Vocabulary {
        Vocabulary {
            data: Store::Owned(Vec::new()),
            text: (0, 0),
            words: 0,
            entries: 0,
            postings: 0,
            postings_len: 0,
            by_key: 0,
            key_masks: 0,
            field_words: (0, 0),
            docs: 0,
        }
    }

    fn u32_at(&self, at: usize) -> Option<u32> {
        Some(u32::from_le_bytes(
            self.data.get(at..at + 4)?.try_into().ok()?,
        ))
    }

    /// A range of the text, if it is one (within it, whole characters): only the word's
    /// own bytes are read.
    fn text_range(&self, from: u32, to: u32) -> &str {
        let (start, end) = self.text;
        let (from, to) = (start + from as usize, start + to as usize);
        if from > to || to > end {
            return "";
        }
        std::str::from_utf8(&self.data[from..to]).unwrap_or_default()
    }

    /// Word `id`'s entry: the six numbers (literal, key, postings ranges).
    fn entry(&self, id: u32) -> Option<[u32; 6]> {
        if id as usize >= self.words {
            return None;
        }
        let at = self.entries + id as usize * ENTRY_BYTES;
        let mut values = [0u32; 6];
        for (i, value) in values.iter_mut().enumerate() {
            *value = self.u32_at(at + i * 4)?;
        }
        Some(values)
    }

    pub fn len(&self) -> usize {
        self.words
    }

    pub fn literal(&self, id: u32) -> &str {
        self.entry(id).map_or("", |e| self.text_range(e[0], e[1]))
    }

    pub fn key(&self, id: u32) -> &str {
        self.entry(id).map_or("", |e| self.text_range(e[2], e[3]))
    }

    /// Where word `id` occurs (postings naming no document of the index are left out).
    pub fn postings(&self, id: u32) -> impl Iterator<Item = Posting> + '_ {
        let (from, to) = self
            .entry(id)
            .filter(|e| e[4] <= e[5] && e[5] as usize <= self.postings_len)
            .map_or((0, 0), |e| (e[4] as usize, e[5] as usize));
        (from..to).filter_map(move |i| {
            let at = self.postings + i * POSTING_BYTES;
            let bytes = self.data.get(at..at + POSTING_BYTES)?;
            let doc = u32::from_le_bytes(bytes[..4].try_into().ok()?);
            (doc < self.docs).then_some(Posting {
                doc,
                field: bytes[4],
                pos: bytes[5],
            })
        })
    }

    /// The `i`-th word id in key order.
    pub fn by_key(&self, i: usize) -> u32 {
        if i >= self.words {
            return u32::MAX;
        }
        self.u32_at(self.by_key + i * 4).unwrap_or(u32::MAX)
    }

    /// The letters of word `id`'s key (`letter_mask`); all bits for a word not there, so
    /// the scan filter passes it on to the exact test.
    pub fn key_mask(&self, id: u32) -> u64 {
        if id as usize >= self.words {
            return u64::MAX;
        }
        let at = self.key_masks + id as usize * 8;
        self.data
            .get(at..at + 8)
            .and_then(|b| b.try_into().ok())
            .map_or(u64::MAX, u64::from_le_bytes)
    }

    /// Words (stop words left out) of each name and alias, document by document.
    pub fn field_words(&self) -> &[u8] {
        &self.data[self.field_words.0..self.field_words.1]
    }

    /// The binary form (see `encode_parts`).
    #[cfg(test)]
    pub fn encode(&self) -> Vec<u8> {
        self.data.to_vec()
    }

    /// The binary form where it is kept.
    pub fn bytes(&self) -> &[u8] {
        &self.data
    }

    /// The binary form, shared (not copied) when it can be.
    pub(crate) fn store(&self) -> Store {
        self.data.clone()
    }

    /// Read the binary form back, for these texts (`fingerprint`) and this catalog; None
    /// when it is for other texts, cut short, or inconsistent in any way. (Caches decode
    /// with `decode_shaped`; this checks the fingerprint too, for the tests.)
    #[cfg(test)]
    pub fn decode(bytes: &[u8], fingerprint: u64, catalog: &Catalog) -> Option<Vocabulary> {
        let fields: usize = catalog
            .entity_indices()
            .map(|e| 1 + catalog.entity(e).aliases.len().min(MAX_ALIASES))
            .sum::<usize>()
            + catalog.eras().len();
        let docs = catalog.entity_count() + catalog.eras().len();
        let vocabulary = Vocabulary::decode_shaped(bytes, docs, fields)?;
        let written = bytes.get(MAGIC.len()..MAGIC.len() + 8)?;
        (u64::from_le_bytes(written.try_into().ok()?) == fingerprint).then_some(vocabulary)
    }

    /// Read the binary form back for `docs` documents with `fields` names and aliases in
    /// all (a copy of the bytes); None when cut short or inconsistent.
    pub fn decode_shaped(bytes: &[u8], docs: usize, fields: usize) -> Option<Vocabulary> {
        Vocabulary::decode_store(Store::Owned(bytes.to_vec()), docs, fields)
    }

    /// A view over `data`: its shape is checked here (marker, counts, lengths, the text's
    /// UTF-8); each value as it is read.
    pub fn decode_store(data: Store, docs: usize, fields: usize) -> Option<Vocabulary> {
        let mut reader = Reader { bytes: &data };
        if reader.take(MAGIC.len())? != MAGIC {
            return None;
        }
        // The fingerprint (of the texts indexed) is for the tests' `decode`.
        reader.u64()?;
        let (text_len, words, postings_len, field_words_len) = (
            reader.count()?,
            reader.count()?,
            reader.count()?,
            reader.count()?,
        );
        let mut at = data.len() - reader.bytes.len();
        let text = (at, at + text_len);
        std::str::from_utf8(reader.take(text_len)?).ok()?;
        at += text_len;
        let entries = at;
        reader.take(words.checked_mul(ENTRY_BYTES)?)?;
        at += words * ENTRY_BYTES;
        let postings = at;
        reader.take(postings_len.checked_mul(POSTING_BYTES)?)?;
        at += postings_len * POSTING_BYTES;
        let by_key = at;
        reader.take(words * 4)?;
        at += words * 4;
        let key_masks = at;
        reader.take(words * 8)?;
        at += words * 8;
        let field_words = (at, at + field_words_len);
        reader.take(field_words_len)?;
        if !reader.bytes.is_empty() || field_words_len != fields {
            return None;
        }
        Some(Vocabulary {
            text,
            words,
            entries,
            postings,
            postings_len,
            by_key,
            key_masks,
            field_words,
            docs: u32::try_from(docs).ok()?,
            data,
        })
    }
}

/// The binary form: a header, then the arrays little-endian, unpadded.
fn encode_parts(parts: &Parts) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&parts.fingerprint.to_le_bytes());
    for count in [
        parts.text.len(),
        parts.entries.len(),
        parts.postings.len(),
        parts.field_words.len(),
    ] {
        out.extend_from_slice(&(count as u32).to_le_bytes());
    }
    out.extend_from_slice(parts.text.as_bytes());
    for entry in &parts.entries {
        for value in [
            entry.literal.0,
            entry.literal.1,
            entry.key.0,
            entry.key.1,
            entry.postings.0,
            entry.postings.1,
        ] {
            out.extend_from_slice(&value.to_le_bytes());
        }
    }
    for posting in &parts.postings {
        out.extend_from_slice(&posting.doc.to_le_bytes());
        out.extend_from_slice(&[posting.field, posting.pos]);
    }
    for id in &parts.by_key {
        out.extend_from_slice(&id.to_le_bytes());
    }
    for mask in &parts.key_masks {
        out.extend_from_slice(&mask.to_le_bytes());
    }
    out.extend_from_slice(&parts.field_words);
    out
}

/// Format marker; bump the number when the layout changes.
const MAGIC: &[u8] = b"nisso-vocabulary-1\n";

/// Reads little-endian values off the front of a byte slice; None when it runs out.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, count: usize) -> Option<&'a [u8]> {
        if count > self.bytes.len() {
            return None;
        }
        let (head, rest) = self.bytes.split_at(count);
        self.bytes = rest;
        Some(head)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    /// A count, bounded by what could still follow (so a damaged count cannot make the
    /// reader allocate gigabytes).
    fn count(&mut self) -> Option<usize> {
        let count = self.u32()? as usize;
        (count <= self.bytes.len()).then_some(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::load_embedded;

    fn catalog() -> Catalog {
        Catalog::new(load_embedded().unwrap())
    }

    #[test]
    fn the_binary_form_reads_back_equal() {
        let catalog = catalog();
        let built = Vocabulary::build(&catalog);
        let bytes = built.encode();
        assert_eq!(
            Vocabulary::decode(&bytes, fingerprint(&catalog), &catalog),
            Some(built)
        );
    }

    #[test]
    fn a_damaged_or_foreign_binary_form_is_refused_not_trusted() {
        let catalog = catalog();
        let print = fingerprint(&catalog);
        let bytes = Vocabulary::build(&catalog).encode();
        // Other texts.
        assert!(Vocabulary::decode(&bytes, print ^ 1, &catalog).is_none());
        // Cut anywhere.
        for cut in (0..bytes.len()).step_by(97) {
            assert!(Vocabulary::decode(&bytes[..cut], print, &catalog).is_none());
        }
        // Bytes changed anywhere: refused, or read without panicking.
        for at in (0..bytes.len()).step_by(89) {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0xa5;
            let _ = Vocabulary::decode(&damaged, print, &catalog);
        }
        // A count far beyond the data.
        let mut huge = bytes.clone();
        let counts = MAGIC.len() + 8;
        huge[counts..counts + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(Vocabulary::decode(&huge, print, &catalog).is_none());
    }

    #[test]
    fn fingerprint_changes_with_any_indexed_text() {
        let mut data = load_embedded().unwrap();
        let before = fingerprint(&Catalog::new(data.clone()));
        data.entities[3].summary.push('.');
        assert_ne!(before, fingerprint(&Catalog::new(data.clone())));
        let mut data = load_embedded().unwrap();
        data.eras[0].name.push('x');
        assert_ne!(before, fingerprint(&Catalog::new(data)));
    }
}
