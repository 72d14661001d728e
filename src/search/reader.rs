//! The reader's own marks, as search sees them: which documents are bookmarked or carry a
//! note, and the words of each note. Notes change while the explorer runs and are few
//! (a reader writes hundreds, not millions), so they are not in the dataset's index or
//! its cache: a query scans their words beside the index, with the same word matching.

use super::vocabulary::field_words;
use crate::dataset::Catalog;
use crate::fold::fold_into;
use crate::translit;
use rustc_hash::{FxHashSet, FxHasher};
use std::hash::Hasher;

/// One word of a note: folded as the index folds, its romanisation key, its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct NoteWord {
    pub literal: String,
    pub key: String,
    pub pos: u8,
}

/// The reader's marks on one dataset, by search document (entities, then eras).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reader {
    bookmarked: FxHashSet<u32>,
    /// Each noted document with its note's words, in document order.
    notes: Vec<(u32, Vec<NoteWord>)>,
    /// Tells one set of marks from another (a search keeps term matches per version).
    pub(super) version: u64,
}

impl Reader {
    /// The marks of bookmarked ids and (id, note) pairs; ids the dataset lacks are skipped.
    pub fn new<'a>(
        catalog: &Catalog,
        bookmarks: impl IntoIterator<Item = &'a str>,
        notes: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Reader {
        let doc_of = |id: &str| -> Option<u32> {
            if let Some(entity) = catalog.index_of(id) {
                return Some(entity.0 as u32);
            }
            let era = catalog.eras().iter().position(|era| era.id == id)?;
            Some((catalog.entity_count() + era) as u32)
        };
        let mut hasher = FxHasher::default();
        let mut bookmarked = FxHashSet::default();
        for id in bookmarks {
            hasher.write(id.as_bytes());
            hasher.write_u8(0);
            bookmarked.extend(doc_of(id));
        }
        hasher.write_u8(1);
        let mut noted = Vec::new();
        let mut folded = String::new();
        for (id, text) in notes {
            hasher.write(id.as_bytes());
            hasher.write_u8(0);
            hasher.write(text.as_bytes());
            hasher.write_u8(0);
            let Some(doc) = doc_of(id) else { continue };
            fold_into(text, &mut folded);
            let words = field_words(&folded)
                .enumerate()
                .map(|(pos, (_, word))| NoteWord {
                    literal: word.to_string(),
                    key: translit::key_text(word),
                    pos: pos.min(255) as u8,
                })
                .collect();
            noted.push((doc, words));
        }
        noted.sort_by_key(|(doc, _)| *doc);
        Reader {
            bookmarked,
            notes: noted,
            version: hasher.finish(),
        }
    }

    /// The marks of the reader's store contents.
    pub fn of_saved(catalog: &Catalog, saved: &crate::store::Saved) -> Reader {
        Reader::new(
            catalog,
            saved.bookmarks.iter().map(|b| b.id.as_str()),
            saved
                .notes
                .iter()
                .map(|(id, note)| (id.as_str(), note.text.as_str())),
        )
    }

    pub fn is_bookmarked(&self, doc: u32) -> bool {
        self.bookmarked.contains(&doc)
    }

    pub fn is_noted(&self, doc: u32) -> bool {
        self.notes
            .binary_search_by_key(&doc, |(noted, _)| *noted)
            .is_ok()
    }

    /// The marks a row shows for a document: ★ bookmarked, ✎ noted (both, or "").
    pub fn marks(&self, doc: u32) -> &'static str {
        match (self.is_bookmarked(doc), self.is_noted(doc)) {
            (true, true) => "★✎",
            (true, false) => "★",
            (false, true) => "✎",
            (false, false) => "",
        }
    }

    /// Each noted document with its note's words.
    pub(super) fn notes(&self) -> impl Iterator<Item = (u32, &[NoteWord])> {
        self.notes
            .iter()
            .map(|(doc, words)| (*doc, words.as_slice()))
    }
}
