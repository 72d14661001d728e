//! The vocabulary of a dataset: every word of every name, alias, summary and note, with
//! its romanisation key and the places it occurs (postings). Built once per dataset and kept
//! in the dataset's cache (the embedded dataset's ships prebuilt, `assets/dataset.cache`),
//! with a fingerprint of the texts it was made of.

use super::query;
use crate::dataset::Catalog;
use crate::fold::fold_into;
use crate::translit;
use rustc_hash::{FxHashMap, FxHasher};
use std::hash::Hasher;

// Field codes of a posting and a term hit: 0 the name, 1 + i alias i, then the rest.
pub(super) const NAME: u8 = 0;
pub(super) const MAX_ALIASES: usize = 200;
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Vocabulary {
    /// Every word's folded text and key, back to back (one allocation, not two per word).
    text: String,
    /// Sorted by folded text: word ids are positions in that order.
    entries: Vec<Entry>,
    postings: Vec<Posting>,
    /// Word ids sorted by key, for key prefixes and first-letter scans.
    pub by_key: Vec<u32>,
    /// The letters of each key (`letter_mask`), for the scan filter.
    pub key_masks: Vec<u64>,
    /// Words (stop words left out) of each name and alias, document by document.
    pub field_words: Vec<u8>,
    /// Of the texts indexed (see `fingerprint`).
    fingerprint: u64,
}

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
/// of other texts.
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
    pub fn build(catalog: &Catalog, fingerprint: u64) -> Vocabulary {
        let total = catalog.entity_count() + catalog.eras().len();
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
        // Words in alphabetical order, so the literal order is the id order.
        let mut literals: Vec<(String, u32)> = ids.into_iter().collect();
        literals.sort_unstable();
        let mut renumber = vec![0u32; literals.len()];
        for (new, (_, old)) in literals.iter().enumerate() {
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
        for (id, (literal, _)) in literals.iter().enumerate() {
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
        let mut vocabulary = Vocabulary {
            text,
            entries,
            postings,
            by_key: Vec::new(),
            key_masks,
            field_words: field_words_count,
            fingerprint,
        };
        let mut by_key: Vec<u32> = (0..vocabulary.len() as u32).collect();
        by_key.sort_unstable_by(|&a, &b| vocabulary.key(a).cmp(vocabulary.key(b)));
        vocabulary.by_key = by_key;
        vocabulary
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn literal(&self, id: u32) -> &str {
        let (from, to) = self.entries[id as usize].literal;
        &self.text[from as usize..to as usize]
    }

    pub fn key(&self, id: u32) -> &str {
        let (from, to) = self.entries[id as usize].key;
        &self.text[from as usize..to as usize]
    }

    pub fn postings(&self, id: u32) -> &[Posting] {
        let (from, to) = self.entries[id as usize].postings;
        &self.postings[from as usize..to as usize]
    }

    /// The binary form: a header, then the arrays little-endian (see `decode`).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.fingerprint.to_le_bytes());
        for count in [
            self.text.len(),
            self.entries.len(),
            self.postings.len(),
            self.field_words.len(),
        ] {
            out.extend_from_slice(&(count as u32).to_le_bytes());
        }
        out.extend_from_slice(self.text.as_bytes());
        for entry in &self.entries {
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
        for posting in &self.postings {
            out.extend_from_slice(&posting.doc.to_le_bytes());
            out.extend_from_slice(&[posting.field, posting.pos]);
        }
        for id in &self.by_key {
            out.extend_from_slice(&id.to_le_bytes());
        }
        for mask in &self.key_masks {
            out.extend_from_slice(&mask.to_le_bytes());
        }
        out.extend_from_slice(&self.field_words);
        out
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
        (vocabulary.fingerprint == fingerprint).then_some(vocabulary)
    }

    /// Read the binary form back for `docs` documents with `fields` names and aliases in
    /// all; None when cut short or inconsistent in any way.
    pub fn decode_shaped(bytes: &[u8], docs: usize, fields: usize) -> Option<Vocabulary> {
        let mut reader = Reader { bytes };
        if reader.take(MAGIC.len())? != MAGIC {
            return None;
        }
        let fingerprint = reader.u64()?;
        let (text_len, words, postings_len, field_words_len) = (
            reader.count()?,
            reader.count()?,
            reader.count()?,
            reader.count()?,
        );
        let text = std::str::from_utf8(reader.take(text_len)?)
            .ok()?
            .to_string();
        let docs = u32::try_from(docs).ok()?;
        let range = |from: u32, to: u32, limit: usize| from <= to && to as usize <= limit;
        let mut entries = Vec::with_capacity(words);
        for _ in 0..words {
            let values: Vec<u32> = (0..6).map(|_| reader.u32()).collect::<Option<_>>()?;
            let entry = Entry {
                literal: (values[0], values[1]),
                key: (values[2], values[3]),
                postings: (values[4], values[5]),
            };
            for (from, to) in [entry.literal, entry.key] {
                let boundaries =
                    text.is_char_boundary(from as usize) && text.is_char_boundary(to as usize);
                if !range(from, to, text.len()) || !boundaries {
                    return None;
                }
            }
            if !range(entry.postings.0, entry.postings.1, postings_len) {
                return None;
            }
            entries.push(entry);
        }
        let mut postings = Vec::with_capacity(postings_len);
        for _ in 0..postings_len {
            let doc = reader.u32()?;
            let [field, pos] = <[u8; 2]>::try_from(reader.take(2)?).ok()?;
            if doc >= docs {
                return None;
            }
            postings.push(Posting { doc, field, pos });
        }
        let by_key: Vec<u32> = (0..words).map(|_| reader.u32()).collect::<Option<_>>()?;
        if by_key.iter().any(|&id| id as usize >= words) {
            return None;
        }
        let key_masks: Vec<u64> = (0..words).map(|_| reader.u64()).collect::<Option<_>>()?;
        let field_words = reader.take(field_words_len)?.to_vec();
        if !reader.bytes.is_empty() || field_words.len() != fields {
            return None;
        }
        Some(Vocabulary {
            text,
            entries,
            postings,
            by_key,
            key_masks,
            field_words,
            fingerprint,
        })
    }
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
        let built = Vocabulary::build(&catalog, fingerprint(&catalog));
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
        let bytes = Vocabulary::build(&catalog, print).encode();
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
