//! Search over entities and eras: words, spellings, typos, years and kinds.
//!
//! A query is split into terms (see `query.rs` for the syntax). Every term must match
//! somewhere in a result: a word of its name or aliases, its date (a year or decade that
//! contains it), its era's name, its kind, or a word of its summary. Names and aliases
//! count far more than the rest.
//!
//! Matching happens on words. The index keeps one vocabulary of every word of every name,
//! alias and summary, each with its romanisation key (`translit.rs`) and the places it
//! occurs (postings). A term is matched against the vocabulary once (`word.rs` decides
//! how well: exact, other spelling, prefix, scattered letters scored by fuzzy-matcher, or
//! typo), and the matches flow to documents through the postings. Scanning words rather
//! than whole names keeps a keystroke cheap on 100,000 entities, and it means a term can
//! never match letters scattered across a sentence.
//!
//! Scores: each term contributes its best match in the document, weighted by field; a
//! bonus rewards covering a whole name ("tokyo" puts Tokyo above "Gromyko's visit to
//! Tokyo"). Ties fall back to time order, then to the dataset's order, so results are
//! deterministic. A `Searcher` keeps the matches of the previous query's terms, so a
//! keystroke recomputes only the term being typed.

mod distance;
mod kind;
mod query;
mod reader;
mod thesaurus;
mod vocabulary;
pub mod when;
mod word;
mod words;

pub use kind::DocKind;
pub use query::{Query, SYNTAX, Term, TermMode, words as words_of};
pub use reader::Reader;
pub use thesaurus::{Thesaurus, roman};
pub use when::DateFilter;

use crate::dataset::{Catalog, EntityIx, EraIx};
use crate::fold::fold;
use crate::translit;
use fuzzy_matcher::skim::SkimMatcherV2;
use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc as Rc;
use vocabulary::{
    DATE_FIELD, DISPUTED_FIELD, ERA_FIELD, KIND_FIELD, MAX_ALIASES, MAX_NOTES, NAME, NOTE,
    READER_NOTE, SUMMARY, Vocabulary, field_words, letter_mask,
};
use when::Day;
use word::{Tier, WordMatch, match_word};

/// A result: an entity (index into the catalog's entities) or an era (index into eras).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    Entity(EntityIx),
    Era(EraIx),
}

/// The text of a result that matched best, for showing and highlighting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Alias(usize),
    Summary,
    /// One of the entity's notes on facts from outside the source (`external_facts`).
    Note(usize),
    /// Only the era's name, the kind or the date matched, not the entity's own text.
    Era,
    Kind,
    Date,
    /// The entity records where sources disagree ("disputed").
    Disputed,
    /// A word of the reader's own note on it.
    ReaderNote,
}

impl Field {
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Alias(_) => "alias",
            Field::Summary => "summary",
            Field::Note(_) => "note",
            Field::Era => "era",
            Field::Kind => "kind",
            Field::Date => "date",
            Field::Disputed => "disputed",
            Field::ReaderNote => "your note",
        }
    }
}

/// How a result's date answers the dates of a query, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DateMatch {
    /// Its date lies within the period asked for.
    Within,
    /// One of its milestones (ratified, denounced, ...) does.
    Milestone,
    /// Its span merely overlaps the period (a lifespan, a state of war, an era).
    Overlaps,
}

impl DateMatch {
    pub fn as_str(self) -> &'static str {
        match self {
            DateMatch::Within => "within",
            DateMatch::Milestone => "milestone",
            DateMatch::Overlaps => "overlaps",
        }
    }
}

/// One ranked result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub target: Target,
    pub score: i64,
    pub field: Field,
    /// How its date answers the query's dates (None when the query has none).
    pub date: Option<DateMatch>,
    /// The query's words it does not match, as bits of `Query::terms` positions (a result
    /// of relaxed matching).
    pub missing: u16,
}

impl Hit {
    /// A result named without a match ("did you mean").
    pub fn named(target: Target) -> Hit {
        Hit {
            target,
            score: 0,
            field: Field::Name,
            date: None,
            missing: 0,
        }
    }
}

/// The ranked results of a query, and what in the query could not be understood.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Results {
    pub hits: Vec<Hit>,
    /// How many of `hits` come before a clear gap in score; those after it are weaker
    /// matches a front end folds ("12 weaker matches").
    pub strong: usize,
    /// The query's words, in order (what `Hit::missing` counts).
    pub words: Vec<String>,
    /// Words found nowhere (shown dimmed in the prompt).
    pub unmatched: Vec<String>,
    /// The dates the query was read to ask for.
    pub dates: Vec<DateFilter>,
    pub problems: Vec<String>,
}

impl Results {
    /// The query's words a hit does not match.
    pub fn missing(&self, hit: &Hit) -> Vec<&str> {
        self.words
            .iter()
            .enumerate()
            .filter(|(at, _)| *at < 16 && hit.missing & (1 << at) != 0)
            .map(|(_, word)| word.as_str())
            .collect()
    }

    /// The results before the fold.
    pub fn strong_hits(&self) -> &[Hit] {
        &self.hits[..self.strong.min(self.hits.len())]
    }
}

// Field weights in percent: names and aliases far above everything else.
const ALIAS_WEIGHT: u32 = 90;
const SUMMARY_WEIGHT: u32 = 25;
/// The reader's own note: their words for it, above the dataset's summary.
const READER_NOTE_WEIGHT: u32 = 60;
const ERA_WEIGHT: u32 = 30;
const KIND_SCORE: u16 = 400;
/// "disputed" lists the entities that record a disagreement before those that merely use
/// the word in a summary, after those named with it.
const DISPUTED_SCORE: u16 = 800;
/// A date within the period asked for scores like a name word; a milestone in it less; a
/// span overlapping it less again, and the less the longer the span (a lifespan contains
/// many years).
const DATE_WITHIN: u16 = 900;
const DATE_MILESTONE: u16 = 700;
const DATE_OVERLAPS: u16 = 450;
const DATE_OVERLAP_SPAN: u16 = 300;
/// A word found through another word for it (synonym, short form, numeral, written as one
/// or two words) counts this share of the word itself.
const ALTERNATIVE_WEIGHT: u32 = 80;
/// Extra letters an alternative word may carry and still count ("border" → "borders").
const ALTERNATIVE_ENDING: usize = 2;
/// Covering every word of a name or alias: "tokyo" finds Tokyo before "visit to Tokyo".
const COVERAGE: i64 = 300;
const WHOLE_NAME: i64 = 200;
/// At most this many points for links; less than any difference between match tiers.
const MAX_LINK_BONUS: usize = 40;

struct Doc {
    kind: DocKind,
    /// The era an entity belongs to, or the era itself.
    era: u32,
    /// First and last day of the date (`when::Day`); None when undated.
    span: Option<(Day, Day)>,
    /// Milestones (ratified, annulled, ...), a range of `milestone_days`.
    milestones: (u32, u32),
    /// Start of this document's name and alias word counts in `field_words`.
    fields: u32,
    /// A small bonus for entities with many links: among equal matches, "Kuril Islands"
    /// (linked from everywhere) before "Kuril District".
    links: u8,
    /// The entity records where sources disagree.
    disputed: bool,
}

/// The best match of one term in one document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct TermHit {
    score: u16,
    field: u8,
    pos: u8,
}

impl TermHit {
    /// A match scoring `score` where a posting places the word.
    fn at(posting: &vocabulary::Posting, score: u16) -> TermHit {
        TermHit {
            score,
            field: posting.field,
            pos: posting.pos,
        }
    }
}

/// One term's matches over all documents: dense by document, plus the list of documents
/// with a match (so ranking walks only those).
struct TermHits {
    best: Vec<TermHit>,
    matched: Vec<u32>,
}

impl TermHits {
    fn new(docs: usize) -> TermHits {
        TermHits {
            best: vec![TermHit::default(); docs],
            matched: Vec::new(),
        }
    }

    fn record(&mut self, doc: u32, hit: TermHit) {
        let slot = &mut self.best[doc as usize];
        if slot.score == 0 {
            self.matched.push(doc);
        }
        if hit.score > slot.score {
            *slot = hit;
        }
    }
}

/// A search index's binary form (see `SearchIndex::detached_encoding`).
pub struct IndexBytes {
    pub head: Vec<u8>,
    vocabulary: vocabulary::Store,
}

impl IndexBytes {
    pub fn vocabulary(&self) -> &[u8] {
        &self.vocabulary
    }
}

/// The search index of one dataset. Build once per dataset.
pub struct SearchIndex {
    docs: Vec<Doc>,
    /// Documents 0..entities are entities (same indices as the catalog), then the eras.
    entities: usize,
    vocabulary: Vocabulary,
    /// First and last day of every milestone, document after document.
    milestone_days: Vec<(Day, Day)>,
    /// Entity documents of each era.
    era_members: Vec<Vec<u32>>,
    /// Each document's place in time order (the tie-breaker).
    order: Vec<u32>,
    /// Documents in time order: what an empty query lists.
    chronological: Vec<u32>,
    matcher: SkimMatcherV2,
}

fn days_of(date: &crate::date::HistDate) -> (Day, Day) {
    let ((y0, m0, d0), (y1, m1, d1)) = (date.earliest(), date.latest());
    (when::day(y0, m0, d0), when::day(y1, m1, d1))
}

impl SearchIndex {
    pub fn new(catalog: &Catalog) -> SearchIndex {
        let vocabulary = Vocabulary::build(catalog);
        SearchIndex::with_vocabulary(catalog, vocabulary)
    }

    fn with_vocabulary(catalog: &Catalog, vocabulary: Vocabulary) -> SearchIndex {
        let entities = catalog.entity_count();
        let eras = catalog.eras();
        let total = entities + eras.len();
        let mut docs = Vec::with_capacity(total);
        let mut milestone_days = Vec::new();
        // Each document's name and alias word counts start here in `field_words`.
        let mut fields = 0u32;
        for index in catalog.entity_indices() {
            let entity = catalog.entity(index);
            let from = milestone_days.len() as u32;
            milestone_days.extend(entity.milestones.iter().map(|m| days_of(&m.date)));
            docs.push(Doc {
                kind: DocKind::Entity(entity.kind),
                era: catalog.era_of(index).0 as u32,
                span: entity.date.as_ref().map(days_of),
                milestones: (from, milestone_days.len() as u32),
                fields,
                links: (catalog.outgoing(index).len() + catalog.incoming(index).len())
                    .min(MAX_LINK_BONUS) as u8,
                disputed: !entity.disagreements.is_empty(),
            });
            fields += 1 + entity.aliases.len().min(MAX_ALIASES) as u32;
        }
        for (index, era) in eras.iter().enumerate() {
            let start = days_of(&era.start).0;
            let end = era.end.map_or(when::OPEN_END, |end| days_of(&end).1);
            let from = milestone_days.len() as u32;
            docs.push(Doc {
                kind: DocKind::Era,
                era: index as u32,
                span: Some((start, end)),
                milestones: (from, from),
                fields,
                links: 0,
                disputed: false,
            });
            fields += 1;
        }
        let mut era_members = vec![Vec::new(); eras.len()];
        for (index, doc) in docs.iter().enumerate().take(entities) {
            if let Some(members) = era_members.get_mut(doc.era as usize) {
                members.push(index as u32);
            }
        }
        let chronological = time_order(catalog);
        let mut order = vec![0u32; total];
        for (position, &doc) in chronological.iter().enumerate() {
            order[doc as usize] = position as u32;
        }
        SearchIndex {
            docs,
            entities,
            vocabulary,
            milestone_days,
            era_members,
            order,
            chronological,
            matcher: SkimMatcherV2::default().respect_case(),
        }
    }

    /// Number of documents: entities and eras.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The index in binary form, for the dataset cache.
    pub fn encode(&self) -> Vec<u8> {
        let (mut head, vocabulary) = self.encode_parts();
        head.extend_from_slice(vocabulary);
        head
    }

    /// The index's binary form held apart from the index: the part before the vocabulary
    /// encoded, the vocabulary's bytes shared. The cache is written from it on another
    /// thread while the index is in use.
    pub fn detached_encoding(&self) -> IndexBytes {
        let (head, _) = self.encode_parts();
        IndexBytes {
            head,
            vocabulary: self.vocabulary.store(),
        }
    }

    /// `encode` in two pieces to write one after the other: everything up to the
    /// vocabulary, and the vocabulary's bytes as they are kept (hundreds of megabytes at a
    /// million entities, not copied twice).
    pub fn encode_parts(&self) -> (Vec<u8>, &[u8]) {
        let mut out = crate::codec::Out::default();
        out.count(self.entities);
        out.count(self.docs.len());
        for doc in &self.docs {
            match doc.kind {
                DocKind::Entity(kind) => out.kind(kind),
                DocKind::Era => out.u8(u8::MAX),
            }
            out.u32(doc.era);
            match doc.span {
                None => out.u8(0),
                Some((from, to)) => {
                    out.u8(1);
                    out.i32(from);
                    out.i32(to);
                }
            }
            out.u32(doc.milestones.0);
            out.u32(doc.milestones.1);
            out.u32(doc.fields);
            out.u8(doc.links);
            out.u8(u8::from(doc.disputed));
        }
        out.count(self.milestone_days.len());
        self.milestone_days.iter().for_each(|&(from, to)| {
            out.i32(from);
            out.i32(to);
        });
        out.count(self.era_members.len());
        self.era_members.iter().for_each(|m| out.u32s(m));
        out.u32s(&self.order);
        out.u32s(&self.chronological);
        let vocabulary = self.vocabulary.bytes();
        // As `Out::bytes` writes it: the length, then the bytes.
        out.u64(vocabulary.len() as u64);
        (out.0, vocabulary)
    }

    /// Read `encode`'s output back for a catalog of `entities` entities and `eras` eras;
    /// None when it is for another shape, cut short or inconsistent.
    pub fn decode(bytes: &[u8], entities: usize, eras: usize) -> Option<SearchIndex> {
        SearchIndex::decode_with(bytes, entities, eras, |vocabulary, total, fields| {
            Vocabulary::decode_shaped(vocabulary, total, fields)
        })
    }

    /// Decode the index in `bytes[from..to]` (a mapped cache's section), its vocabulary read
    /// in place from the shared bytes rather than copied.
    pub fn decode_shared(
        bytes: &std::sync::Arc<crate::records::Bytes>,
        (from, to): (usize, usize),
        entities: usize,
        eras: usize,
    ) -> Option<SearchIndex> {
        let section = bytes.get(from..to)?;
        SearchIndex::decode_with(section, entities, eras, |vocabulary, total, fields| {
            let at = from + (vocabulary.as_ptr() as usize - section.as_ptr() as usize);
            let store = vocabulary::Store::Shared(bytes.clone(), at, at + vocabulary.len());
            Vocabulary::decode_store(store, total, fields)
        })
    }

    fn decode_with(
        bytes: &[u8],
        entities: usize,
        eras: usize,
        vocabulary_of: impl FnOnce(&[u8], usize, usize) -> Option<Vocabulary>,
    ) -> Option<SearchIndex> {
        let mut read = crate::codec::In::new(bytes);
        let total = entities + eras;
        if read.count()? != entities || read.count()? != total {
            return None;
        }
        let mut docs = Vec::with_capacity(total);
        for _ in 0..total {
            let kind = match read.u8()? {
                u8::MAX => DocKind::Era,
                code => DocKind::Entity(*crate::model::Kind::ALL.get(code as usize)?),
            };
            let era = read.u32()?;
            let span = match read.u8()? {
                0 => None,
                1 => Some((read.i32()?, read.i32()?)),
                _ => return None,
            };
            let milestones = (read.u32()?, read.u32()?);
            let fields = read.u32()?;
            let links = read.u8()?;
            let disputed = match read.u8()? {
                0 => false,
                1 => true,
                _ => return None,
            };
            if era as usize >= eras.max(1) || milestones.0 > milestones.1 {
                return None;
            }
            docs.push(Doc {
                kind,
                era,
                span,
                milestones,
                fields,
                links,
                disputed,
            });
        }
        let milestones = read.count()?;
        let milestone_days: Vec<(Day, Day)> = (0..milestones)
            .map(|_| Some((read.i32()?, read.i32()?)))
            .collect::<Option<_>>()?;
        if docs.iter().any(|d| d.milestones.1 as usize > milestones) {
            return None;
        }
        if read.count()? != eras {
            return None;
        }
        let limit = u32::try_from(total).ok()?;
        let era_members: Vec<Vec<u32>> =
            (0..eras).map(|_| read.u32s(limit)).collect::<Option<_>>()?;
        let order = read.u32s(limit)?;
        let chronological = read.u32s(limit)?;
        let field_count = docs.last().map_or(0, |d| d.fields as usize + 1);
        let vocabulary = vocabulary_of(read.bytes()?, total, field_count)?;
        let consistent = read.bytes.is_empty()
            && order.len() == total
            && chronological.len() == total
            && docs.windows(2).all(|w| w[0].fields <= w[1].fields);
        consistent.then(|| SearchIndex {
            docs,
            entities,
            vocabulary,
            milestone_days,
            era_members,
            order,
            chronological,
            matcher: SkimMatcherV2::default().respect_case(),
        })
    }

    fn target(&self, doc: u32) -> Target {
        let doc = doc as usize;
        if doc < self.entities {
            Target::Entity(EntityIx(doc))
        } else {
            Target::Era(EraIx(doc - self.entities))
        }
    }

    fn doc_of(&self, target: Target) -> usize {
        match target {
            Target::Entity(e) => e.0,
            Target::Era(e) => self.entities + e.0,
        }
    }

    /// What kind of thing a result is.
    pub fn kind_of(&self, target: Target) -> DocKind {
        self.docs[self.doc_of(target)].kind
    }

    /// Rank everything for a query, best first; a query without terms lists what its
    /// filters allow in time order.
    pub fn search(&self, query: &str, kind: Option<DocKind>) -> Results {
        Searcher::default().search(self, query, kind)
    }

    /// `search` with the reader's bookmarks and notes: note words match, and `is:noted`
    /// and `is:bookmarked` filter.
    pub fn search_for(&self, query: &str, kind: Option<DocKind>, reader: &Reader) -> Results {
        Searcher::default().search_for(self, query, kind, reader)
    }

    /// Word ids whose folded text starts with `prefix` (ids are in alphabetical order).
    fn literal_range(&self, prefix: &str) -> std::ops::Range<u32> {
        let words = &self.vocabulary;
        let count = words.len() as u32;
        let start = partition(0, count, |id| words.literal(id) < prefix);
        let end = partition(start, count, |id| words.literal(id).starts_with(prefix));
        start..end
    }

    /// Word ids whose key starts with `prefix`.
    fn key_range(&self, prefix: &str) -> impl Iterator<Item = u32> + '_ {
        let words = &self.vocabulary;
        let count = words.len() as u32;
        let key_at = |i: u32| words.key(words.by_key(i as usize));
        let start = partition(0, count, |i| key_at(i) < prefix);
        let end = partition(start, count, |i| key_at(i).starts_with(prefix));
        (start..end).map(move |i| words.by_key(i as usize))
    }

    /// Vocabulary words a term matches, with how well.
    fn matching_words(&self, term: &Term) -> Vec<(u32, WordMatch)> {
        let words = &self.vocabulary;
        let mut seen = vec![false; words.len()];
        let mut out = Vec::new();
        let mut try_word = |id: u32, out: &mut Vec<(u32, WordMatch)>| {
            if std::mem::replace(&mut seen[id as usize], true) {
                return;
            }
            if let Some(found) = match_word(term, words.literal(id), words.key(id), &self.matcher) {
                out.push((id, found));
            }
        };
        for id in self.literal_range(&term.literal) {
            try_word(id, &mut out);
        }
        match term.mode {
            TermMode::Literal => {
                // Inside a word, as fzf's 'term: a scan, but only for this rare syntax.
                if term.chars >= 2 {
                    for id in 0..words.len() as u32 {
                        if words.literal(id).contains(&term.literal) {
                            try_word(id, &mut out);
                        }
                    }
                }
            }
            TermMode::Anchored => {
                for key in &term.keys {
                    for id in self.key_range(key) {
                        try_word(id, &mut out);
                    }
                }
            }
            TermMode::Normal => {
                let scan = term.chars >= word::SUBSEQUENCE_FROM || term.max_typos > 0;
                let mut scanned: Vec<char> = Vec::new();
                for key in &term.keys {
                    // Scattered letters and typos keep the first letter (see `word.rs`):
                    // the words to try are those whose key starts with the same letter.
                    let mut buffer = [0u8; 4];
                    let range = match key.chars().next() {
                        Some(first) if scan => {
                            if scanned.contains(&first) {
                                continue;
                            }
                            scanned.push(first);
                            self.key_range(first.encode_utf8(&mut buffer))
                        }
                        _ => self.key_range(key),
                    };
                    // A match of any tier misses at most `max_typos` of the key's
                    // letters, which two bit masks tell before any real comparison.
                    let masks: Vec<u64> = term.keys.iter().map(|k| letter_mask(k)).collect();
                    let close = |id: u32| {
                        let word = words.key_mask(id);
                        masks
                            .iter()
                            .any(|m| (m & !word).count_ones() as usize <= term.max_typos)
                    };
                    for id in range {
                        if !scan || close(id) {
                            try_word(id, &mut out);
                        }
                    }
                }
            }
        }
        // Scattered letters only where nothing better matches the word: "ussr" as the
        // alias USSR, not as the letters of "United States Strategic Reserve".
        if out.iter().any(|(_, found)| found.tier >= Tier::Prefix) {
            out.retain(|(_, found)| found.tier != Tier::Subsequence);
        }
        out
    }

    /// The vocabulary word that is exactly `word` (as written or by its key), if any.
    fn has_word(&self, word: &str) -> bool {
        let range = self.literal_range(word);
        if range.clone().any(|id| self.vocabulary.literal(id) == word) {
            return true;
        }
        let key = translit::key_text(word);
        self.key_range(&key)
            .any(|id| self.vocabulary.key(id) == key)
    }

    /// Other ways the index may hold a term, each a phrase whose words must all match: the
    /// thesaurus's (synonyms, short forms, numerals), the term run together with its
    /// neighbour where that is a word of the index ("sakha lin"), and the term split in
    /// two words of the index where it matches nothing itself ("kurilislands").
    fn alternatives_of(&self, term: &Term, strong_match: bool) -> Vec<Vec<String>> {
        if term.mode != TermMode::Normal || term.filler {
            return Vec::new();
        }
        let mut out = term.alternatives.clone();
        for joined in &term.joins {
            if self.has_word(joined) {
                out.push(vec![joined.clone()]);
            }
        }
        if !strong_match && !term.digits && term.chars >= 6 {
            let bounds: Vec<usize> = term.literal.char_indices().map(|(i, _)| i).collect();
            // The longest first part that leaves a word: "kurilislands" as "kuril islands".
            for &at in bounds.iter().skip(3).rev() {
                let (left, right) = term.literal.split_at(at);
                if right.chars().count() >= 2 && self.has_word(left) && self.has_word(right) {
                    out.push(vec![left.to_string(), right.to_string()]);
                    break;
                }
            }
        }
        out
    }

    /// How a word of the index answers one word of an alternative: the word itself, the
    /// same word in another spelling, or the word with a short ending ("borders").
    fn alternative_words(&self, word: &str) -> Vec<(u32, u16)> {
        let mut out: Vec<(u32, u16)> = Vec::new();
        let chars = word.chars().count();
        for id in self.literal_range(word) {
            let literal = self.vocabulary.literal(id);
            let extra = literal.chars().count() - chars;
            if extra == 0 {
                out.push((id, word::EXACT));
            } else if chars >= 4 && extra <= ALTERNATIVE_ENDING {
                out.push((id, word::STRONG));
            }
        }
        let key = translit::key_text(word);
        // Short words (and short keys) only as written: their keys collapse into other
        // words' ("ii" is "i"; "viii" is the "wi" of "WWII").
        if chars < 4 || key.chars().count() < 3 {
            return out;
        }
        for id in self.key_range(&key) {
            if self.vocabulary.key(id) == key && !out.iter().any(|(seen, _)| *seen == id) {
                out.push((id, word::STRONG));
            }
        }
        out
    }

    /// Add the documents that hold every word of `phrase` to a term's matches, at the
    /// alternative's weight; the shown field is the first word's.
    fn add_phrase(&self, hits: &mut TermHits, phrase: &[String]) {
        let docs = self.docs.len();
        let score_in = |score: u16, field: u8| -> Option<u16> {
            let weighted = match field {
                SUMMARY | NOTE..ERA_FIELD => weight(score, SUMMARY_WEIGHT),
                NAME => score,
                _ => weight(score, ALIAS_WEIGHT),
            };
            (weighted > 0).then(|| weight(weighted, ALTERNATIVE_WEIGHT))
        };
        if let [word] = phrase {
            for (id, score) in self.alternative_words(word) {
                for posting in self.vocabulary.postings(id) {
                    if let Some(score) = score_in(score, posting.field) {
                        hits.record(posting.doc, TermHit::at(&posting, score));
                    }
                }
            }
            return;
        }
        // Several words: each document's weakest word decides; the first word's place is
        // the one shown.
        let mut first: Vec<TermHit> = vec![TermHit::default(); docs];
        let mut found_words = vec![0u8; docs];
        for (k, word) in phrase.iter().enumerate() {
            for (id, score) in self.alternative_words(word) {
                for posting in self.vocabulary.postings(id) {
                    let doc = posting.doc as usize;
                    let Some(score) = score_in(score, posting.field) else {
                        continue;
                    };
                    if usize::from(found_words[doc]) != k {
                        continue;
                    }
                    found_words[doc] = k as u8 + 1;
                    let slot = &mut first[doc];
                    if k == 0 {
                        *slot = TermHit::at(&posting, score);
                    } else {
                        slot.score = slot.score.min(score);
                    }
                }
            }
        }
        for doc in 0..docs {
            if usize::from(found_words[doc]) == phrase.len() {
                hits.record(doc as u32, first[doc]);
            }
        }
    }

    /// How a word match counts in a field, or None where it does not count there.
    fn field_score(term: &Term, found: WordMatch, field: u8, pos: u8) -> Option<u16> {
        let anchored = term.mode == TermMode::Anchored;
        match field {
            SUMMARY | NOTE..ERA_FIELD => {
                // Summaries: whole words and word starts only, never scattered letters,
                // and no two-letter prefixes (they would match half of every sentence).
                let precise = match found.tier {
                    Tier::Subsequence => false,
                    Tier::Prefix => term.chars >= word::SUBSEQUENCE_FROM,
                    _ => true,
                };
                (precise && !anchored).then(|| weight(found.score, SUMMARY_WEIGHT))
            }
            _ if anchored && pos != 0 => None,
            NAME => Some(found.score),
            _ => Some(weight(found.score, ALIAS_WEIGHT)),
        }
    }

    /// A term's matches in the reader's notes: whole words and word starts, as in a
    /// summary, at the note's weight.
    fn evaluate_notes(&self, term: &Term, reader: &Reader, hits: &mut TermHits) {
        if term.mode == TermMode::Anchored {
            return;
        }
        for (doc, words) in reader.notes() {
            if doc as usize >= self.docs.len() {
                continue;
            }
            for word in words {
                let Some(found) = match_word(term, &word.literal, &word.key, &self.matcher) else {
                    continue;
                };
                let Some(score) = Self::field_score(term, found, SUMMARY, word.pos) else {
                    continue;
                };
                let score = weight(score, READER_NOTE_WEIGHT * 100 / SUMMARY_WEIGHT);
                let hit = TermHit {
                    score,
                    field: READER_NOTE,
                    pos: word.pos,
                };
                hits.record(doc, hit);
            }
        }
    }

    /// One term's matches over every document.
    fn evaluate(&self, term: &Term, reader: &Reader) -> TermHits {
        let mut hits = TermHits::new(self.docs.len());
        self.evaluate_notes(term, reader, &mut hits);
        let mut era_scores = vec![0u16; self.era_members.len()];
        let mut matching = self.matching_words(term);
        let strong_match = matching.iter().any(|(_, found)| found.tier >= Tier::Prefix);
        for phrase in self.alternatives_of(term, strong_match) {
            self.add_phrase(&mut hits, &phrase);
        }
        // Another word for it found something: scattered letters are noise beside it
        // ("prc" is the People's Republic of China, not the letters of "prefecture").
        if !hits.matched.is_empty() {
            matching.retain(|(_, found)| found.tier != Tier::Subsequence);
        }
        for (id, found) in matching {
            for posting in self.vocabulary.postings(id) {
                let Some(score) = Self::field_score(term, found, posting.field, posting.pos) else {
                    continue;
                };
                hits.record(posting.doc, TermHit::at(&posting, score));
                let doc = &self.docs[posting.doc as usize];
                if doc.kind == DocKind::Era && posting.field == NAME {
                    let slot = &mut era_scores[doc.era as usize];
                    *slot = (*slot).max(found.score);
                }
            }
        }
        if term.mode == TermMode::Normal {
            // An era's name counts for everything in the era.
            for (era, &score) in era_scores.iter().enumerate() {
                if score == 0 {
                    continue;
                }
                let hit = TermHit {
                    score: weight(score, ERA_WEIGHT),
                    field: ERA_FIELD,
                    pos: 0,
                };
                for &doc in &self.era_members[era] {
                    hits.record(doc, hit);
                }
            }
            if let Some(kind) = term.kind {
                let hit = TermHit {
                    score: KIND_SCORE,
                    field: KIND_FIELD,
                    pos: 0,
                };
                for (doc, record) in self.docs.iter().enumerate() {
                    if record.kind == kind {
                        hits.record(doc as u32, hit);
                    }
                }
            }
            if term.disputed {
                let hit = TermHit {
                    score: DISPUTED_SCORE,
                    field: DISPUTED_FIELD,
                    pos: 0,
                };
                for (doc, record) in self.docs.iter().enumerate() {
                    if record.disputed {
                        hits.record(doc as u32, hit);
                    }
                }
            }
        }
        hits
    }

    /// How a document's date answers a date of the query, and what that counts: a date
    /// within the period like a name word, a milestone in it less, a span overlapping it
    /// by how much the two overlap (a lifespan holds many years; "1930s" is mostly the era
    /// 1930–1945, hardly the era 1925–1930).
    fn date_match(&self, doc: usize, filter: &DateFilter) -> Option<(DateMatch, u16)> {
        let record = &self.docs[doc];
        let mut best = None;
        if let Some((first, last)) = record.span {
            if first >= filter.from && last <= filter.to {
                return Some((DateMatch::Within, DATE_WITHIN));
            }
            if first <= filter.to && last >= filter.from {
                let overlap = serial(last.min(filter.to)) - serial(first.max(filter.from)) + 1;
                let longer =
                    (serial(last) - serial(first)).max(serial(filter.to) - serial(filter.from)) + 1;
                let share = (i64::from(DATE_OVERLAP_SPAN) * overlap / longer.max(1)) as u16;
                best = Some((
                    DateMatch::Overlaps,
                    DATE_OVERLAPS + share.min(DATE_OVERLAP_SPAN),
                ));
            }
        }
        let (from, to) = record.milestones;
        let milestone = self.milestone_days[from as usize..to as usize]
            .iter()
            .any(|&(first, last)| first <= filter.to && last >= filter.from);
        if milestone {
            return Some((DateMatch::Milestone, DATE_MILESTONE));
        }
        best
    }

    /// Whether a milestone's date touches every one of the query's dates.
    pub fn milestone_in(&self, date: &crate::date::HistDate, dates: &[DateFilter]) -> bool {
        let (first, last) = days_of(date);
        dates.iter().all(|f| first <= f.to && last >= f.from)
    }

    /// How a document's date answers all the query's dates (the worst of them), with the
    /// points it earns; None when it misses one.
    fn dates_match(&self, doc: usize, query: &Query) -> Option<(DateMatch, i64)> {
        let mut worst = DateMatch::Within;
        let mut points = 0i64;
        for filter in &query.dates {
            let (matched, score) = self.date_match(doc, filter)?;
            worst = worst.max(matched);
            points += i64::from(score);
        }
        Some((worst, points))
    }

    fn passes_filters(
        &self,
        doc: usize,
        query: &Query,
        kind: Option<DocKind>,
        reader: &Reader,
    ) -> bool {
        let record = &self.docs[doc];
        if query.noted_only && !reader.is_noted(doc as u32) {
            return false;
        }
        if query.bookmarked_only && !reader.is_bookmarked(doc as u32) {
            return false;
        }
        if kind.is_some_and(|k| record.kind != k) {
            return false;
        }
        if !query.kinds.is_empty() && !query.kinds.contains(&record.kind) {
            return false;
        }
        if query.disputed_only && !record.disputed {
            return false;
        }
        query.dates.is_empty() || self.dates_match(doc, query).is_some()
    }

    /// Bonus for covering the words of a name or alias, and the code of the field to
    /// show. Runs for every matching document: no allocation (a query has few terms).
    fn coverage(&self, doc: usize, hits: &[TermHit]) -> (i64, u8) {
        let record = &self.docs[doc];
        let field_count = self.field_count(doc);
        let live = |h: &&TermHit| h.score > 0;
        let mut best_bonus = 0;
        let mut best_field: Option<(usize, u8)> = None; // (words matched in it, field)
        for (index, hit) in hits.iter().enumerate() {
            let first_of_field = !hits[..index]
                .iter()
                .filter(live)
                .any(|h| h.field == hit.field);
            if hit.score == 0 || hit.field as usize >= field_count || !first_of_field {
                continue;
            }
            // Each covered word counts by how well it matched: a typo covers less.
            let (mut covered, mut quality, mut strong) = (0i64, 0i64, true);
            for (at, h) in hits.iter().enumerate() {
                let same_word = |o: &TermHit| o.score > 0 && o.field == h.field && o.pos == h.pos;
                if !same_word(h) || h.field != hit.field || hits[..at].iter().any(same_word) {
                    continue;
                }
                let best = hits.iter().filter(|o| same_word(o)).map(|o| o.score).max();
                let best = best.unwrap_or(h.score);
                covered += 1;
                quality += i64::from(best);
                strong &= best >= word::STRONG;
            }
            let field_words = self.vocabulary.field_words();
            // `get`: a forged cache may post a word under a field its document lacks.
            let at = record.fields as usize + hit.field as usize;
            let words = i64::from(field_words.get(at).copied().unwrap_or(0));
            if words > 0 {
                let whole = if covered >= words && strong {
                    WHOLE_NAME
                } else {
                    0
                };
                let exact = i64::from(word::EXACT);
                let share = COVERAGE * quality.min(words * exact) / (words * exact);
                best_bonus = best_bonus.max(share + whole);
            }
            let in_field = covered as usize;
            let better = match best_field {
                None => true,
                Some((count, field)) => {
                    (hit.field == NAME && in_field >= count)
                        || in_field > count
                        || (in_field == count && hit.field < field)
                }
            };
            if better {
                best_field = Some((in_field, hit.field));
            }
        }
        let field = match best_field {
            Some((_, field)) => field,
            None => {
                let has = |code: u8| hits.iter().any(|h| h.score > 0 && h.field == code);
                let note = hits
                    .iter()
                    .find(|h| h.score > 0 && (NOTE..ERA_FIELD).contains(&h.field));
                if has(DISPUTED_FIELD) {
                    DISPUTED_FIELD
                } else if has(READER_NOTE) {
                    READER_NOTE
                } else if has(SUMMARY) {
                    SUMMARY
                } else if let Some(note) = note {
                    note.field
                } else if has(DATE_FIELD) {
                    DATE_FIELD
                } else if has(ERA_FIELD) {
                    ERA_FIELD
                } else if has(KIND_FIELD) {
                    KIND_FIELD
                } else {
                    NAME
                }
            }
        };
        (best_bonus, field)
    }

    /// Number of name and alias fields of a document.
    fn field_count(&self, doc: usize) -> usize {
        let start = self.docs[doc].fields as usize;
        let end = self
            .docs
            .get(doc + 1)
            .map_or(self.vocabulary.field_words().len(), |d| d.fields as usize);
        end - start
    }

    /// Rank the documents the terms matched, and say where the weaker matches start.
    ///
    /// Results that match every word come first, by score (words by field and tier, the
    /// dates' points, covering a whole name, links), then time order. Then, when some word
    /// matched nothing there, those that match some: the rarer the words they hold the
    /// higher (inverse document frequency, as BM25 weighs terms), then by score. A query
    /// of dates and filters alone lists what lies within its dates first, then what has a
    /// milestone in them, then what merely overlaps them, each in time order.
    fn rank(
        &self,
        query: &Query,
        terms: &[Rc<TermHits>],
        excluded: &[Rc<TermHits>],
        kind: Option<DocKind>,
        reader: &Reader,
    ) -> (Vec<Hit>, usize) {
        let excluded_doc = |doc: usize| excluded.iter().any(|e| e.best[doc].score > 0);
        let required: Vec<(usize, &TermHits)> = query
            .required()
            .map(|(at, _)| (at, terms[at].as_ref()))
            .collect();
        if required.is_empty() {
            let mut listed: Vec<((DateMatch, i64), Hit)> = self
                .chronological
                .iter()
                .map(|&doc| doc as usize)
                .filter(|&doc| self.passes_filters(doc, query, kind, reader) && !excluded_doc(doc))
                .map(|doc| {
                    let date = self.dates_match(doc, query).map(|(m, _)| m);
                    let hit = Hit {
                        date: (!query.dates.is_empty()).then_some(date).flatten(),
                        field: if query.dates.is_empty() {
                            Field::Name
                        } else {
                            Field::Date
                        },
                        ..Hit::named(self.target(doc as u32))
                    };
                    // What merely overlaps: the tighter its span, the more it is about
                    // the period (a state of war before the Soviet Union).
                    let width = match (date, self.docs[doc].span) {
                        (Some(DateMatch::Overlaps), Some((first, last))) => {
                            serial(last) - serial(first)
                        }
                        _ => 0,
                    };
                    ((date.unwrap_or(DateMatch::Within), width), hit)
                })
                .collect();
            // Stable: time order within each class.
            listed.sort_by_key(|(class, _)| *class);
            let hits: Vec<Hit> = listed.into_iter().map(|(_, hit)| hit).collect();
            let strong = hits.len();
            return (hits, strong);
        }
        // Rare words decide (BM25's inverse document frequency), in thousandths.
        let total = self.docs.len() as f64;
        let idf: Vec<u32> = required
            .iter()
            .map(|(_, hits)| {
                let n = hits.matched.len() as f64;
                ((1.0 + (total - n + 0.5) / (n + 0.5)).ln() * 1000.0) as u32
            })
            .collect();
        // Every document some required word matched, once.
        let mut candidates = vec![0u64; self.docs.len().div_ceil(64)];
        for (_, hits) in &required {
            for &doc in &hits.matched {
                candidates[doc as usize / 64] |= 1 << (doc % 64);
            }
        }
        let fillers: Vec<bool> = query.terms.iter().map(|t| t.filler).collect();
        // (sort key, document, score, field, date, missing words): small to sort.
        let mut ranked: Vec<Ranked> = Vec::new();
        let mut doc_hits: Vec<TermHit> = Vec::with_capacity(terms.len());
        for (block_at, &block) in candidates.iter().enumerate() {
            let mut bits = block;
            while bits != 0 {
                let doc = block_at * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                if !self.passes_filters(doc, query, kind, reader) || excluded_doc(doc) {
                    continue;
                }
                let mut missing = 0u16;
                let mut rarity = 0u32;
                for (k, (at, hits)) in required.iter().enumerate() {
                    if hits.best[doc].score == 0 {
                        missing |= 1 << (*at).min(15);
                    } else {
                        rarity += idf[k];
                    }
                }
                doc_hits.clear();
                doc_hits.extend(terms.iter().zip(&fillers).map(|(h, &filler)| {
                    if filler {
                        TermHit::default()
                    } else {
                        h.best[doc]
                    }
                }));
                let sum: i64 = doc_hits.iter().map(|h| i64::from(h.score)).sum();
                let (bonus, field) = self.coverage(doc, &doc_hits);
                let (date, date_points) = match self.dates_match(doc, query) {
                    Some((matched, points)) if !query.dates.is_empty() => (Some(matched), points),
                    _ => (None, 0),
                };
                let score = sum + bonus + i64::from(self.docs[doc].links) + date_points;
                let partial = missing != 0;
                let key = (u128::from(partial) << 96)
                    | (u128::from(if partial { u32::MAX - rarity } else { 0 }) << 64)
                    | (u128::from(u32::MAX - score.clamp(0, i64::from(u32::MAX)) as u32) << 32)
                    | u128::from(self.order[doc]);
                ranked.push((key, doc as u32, score, field, date, missing));
            }
        }
        ranked.sort_unstable_by_key(|&(key, ..)| key);
        let strong = fold_point(&ranked);
        let hits = ranked
            .into_iter()
            .map(|(_, doc, score, field, date, missing)| Hit {
                target: self.target(doc),
                score,
                field: field_of_code(field),
                date,
                missing,
            })
            .collect();
        (hits, strong)
    }

    /// The text a hit's highlight positions refer to.
    pub fn matched_text<'a>(&self, catalog: &'a Catalog, hit: &Hit) -> &'a str {
        match hit.target {
            Target::Entity(index) => {
                let entity = catalog.entity(index);
                match hit.field {
                    Field::Alias(i) => entity.aliases.get(i).map_or(&entity.name, |a| &a.name),
                    Field::Summary => &entity.summary,
                    Field::Note(i) => entity.external_facts.get(i).map_or(&entity.name, |n| n),
                    _ => &entity.name,
                }
            }
            Target::Era(index) => {
                let era = catalog.era(index);
                match hit.field {
                    Field::Summary => &era.summary,
                    _ => &era.name,
                }
            }
        }
    }

    /// Character positions in `matched_text` to highlight: for each term, the letters of
    /// its best word in that text (for a typo, the letters that do match).
    pub fn positions(&self, catalog: &Catalog, hit: &Hit, query: &str) -> Vec<usize> {
        self.positions_of(catalog, hit, &Query::parse(query))
    }

    /// `positions` for a query already parsed (a prompt drawing many rows parses once).
    pub fn positions_of(&self, catalog: &Catalog, hit: &Hit, query: &Query) -> Vec<usize> {
        if hit.field == Field::ReaderNote {
            // The row shows the name; the words were found in the note.
            return Vec::new();
        }
        let text = self.matched_text(catalog, hit);
        let folded = fold(text);
        let field = match hit.field {
            Field::Summary => SUMMARY,
            Field::Note(i) => NOTE + i.min(MAX_NOTES) as u8,
            Field::Alias(i) => 1 + i.min(MAX_ALIASES) as u8,
            _ => NAME,
        };
        let words: Vec<(usize, &str, translit::Keyed)> = field_words(&folded.text)
            .map(|(at, word)| (at, word, translit::key(word)))
            .collect();
        let mut out = Vec::new();
        for term in &query.terms {
            let mut best: Option<(u16, usize, WordMatch)> = None;
            for (index, (_, literal, keyed)) in words.iter().enumerate() {
                let Some(found) = match_word(term, literal, &keyed.key, &self.matcher) else {
                    continue;
                };
                let pos = index.min(255) as u8;
                let Some(score) = Self::field_score(term, found, field, pos) else {
                    continue;
                };
                if best.is_none_or(|(s, _, _)| score > s) {
                    best = Some((score, index, found));
                }
            }
            if let Some((_, index, found)) = best {
                let (at, literal, keyed) = &words[index];
                for p in word::positions(term, literal, keyed, found, &self.matcher) {
                    out.push(at + p);
                }
                continue;
            }
            // Found through another word for it: the words of the alternative, whole. (Drawn
            // for every shown row: whether the term is a word of the index, a binary search,
            // stands in for scanning the vocabulary again.)
            for phrase in self.alternatives_of(term, self.has_word(&term.literal)) {
                for wanted in &phrase {
                    let key = translit::key_text(wanted);
                    let chars = wanted.chars().count();
                    for (at, literal, keyed) in &words {
                        let ending = literal.chars().count().saturating_sub(chars);
                        let same = *literal == wanted.as_str()
                            || keyed.key == key
                            || (chars >= 4
                                && literal.starts_with(wanted.as_str())
                                && ending <= ALTERNATIVE_ENDING);
                        if same {
                            out.extend(*at..*at + literal.chars().count());
                        }
                    }
                }
            }
        }
        let mut original = folded.original_positions(&{
            out.sort_unstable();
            out.dedup();
            out
        });
        original.dedup();
        original
    }

    /// What a mistyped id probably meant, best first, at most four: entities and eras whose
    /// name holds every word of the id ("sorge" → richard-sorge), then ids that look alike.
    /// `nisso show` and plain mode's `show` say the same.
    pub fn ids_like(&self, catalog: &Catalog, id: &str) -> Vec<Target> {
        let words = crate::fold::fold_query(&id.replace('-', " "));
        let mut targets: Vec<Target> = Vec::new();
        if words.chars().any(char::is_alphanumeric) {
            targets = self
                .search(&words, None)
                .hits
                .iter()
                .filter(|hit| matches!(hit.field, Field::Name | Field::Alias(_)))
                .filter(|hit| {
                    let name = match hit.target {
                        Target::Entity(e) => catalog.entity(e).name.as_str(),
                        Target::Era(e) => catalog.era(e).name.as_str(),
                    };
                    let name = fold(name).text;
                    words.split(' ').all(|word| name.contains(word))
                })
                .map(|hit| hit.target)
                .take(3)
                .collect();
        }
        for similar in catalog.suggest_ids(id, 3) {
            let target = match (catalog.index_of(&similar), catalog.era_index_of(&similar)) {
                (Some(entity), _) => Target::Entity(entity),
                (None, Some(era)) => Target::Era(era),
                (None, None) => continue,
            };
            if !targets.contains(&target) {
                targets.push(target);
            }
        }
        targets.truncate(4);
        targets
    }

    /// Names close to a query that found nothing, best first ("did you mean …?"): names
    /// and aliases with a word whose key is close to a term's (Jaro–Winkler ≥ 0.75), those
    /// close to more terms first; none when no word is close.
    pub fn suggest(&self, query: &str, count: usize) -> Vec<Target> {
        const CLOSE: f64 = 0.75;
        // No name's word is this long: a longer term is no typo of one, and comparing it
        // with every word (Jaro is quadratic in the lengths) would make a long burst of
        // keys crawl.
        const LONGEST_TERM: usize = 40;
        let query = Query::parse(query);
        let terms: Vec<&Term> = query
            .terms
            .iter()
            .filter(|t| !t.optional && !t.digits && (3..=LONGEST_TERM).contains(&t.chars))
            .collect();
        if terms.is_empty() {
            return Vec::new();
        }
        // Per document: each term's best similarity, and the fewest words of a name or
        // alias that held a close word (a short name that is nearly the query wins).
        let mut per_doc: HashMap<u32, (Vec<f64>, u8)> = HashMap::default();
        for (index, term) in terms.iter().enumerate() {
            let mut firsts: Vec<char> = term.keys.iter().filter_map(|k| k.chars().next()).collect();
            firsts.dedup();
            for first in firsts {
                let mut buffer = [0u8; 4];
                for id in self.key_range(first.encode_utf8(&mut buffer)) {
                    let word_key = self.vocabulary.key(id);
                    let similarity = term
                        .keys
                        .iter()
                        .map(|k| strsim::jaro_winkler(k, word_key))
                        .fold(0.0, f64::max);
                    if similarity < CLOSE {
                        continue;
                    }
                    for posting in self.vocabulary.postings(id) {
                        if posting.field >= NOTE {
                            continue;
                        }
                        let (scores, fewest) = per_doc
                            .entry(posting.doc)
                            .or_insert_with(|| (vec![0.0; terms.len()], u8::MAX));
                        scores[index] = scores[index].max(similarity);
                        let start = self.docs[posting.doc as usize].fields as usize;
                        let at = start + posting.field as usize;
                        let words = self.vocabulary.field_words().get(at).copied().unwrap_or(1);
                        *fewest = (*fewest).min(words.max(1));
                    }
                }
            }
        }
        // Every document with a word close to some term; those close to more terms first.
        let mut scored: Vec<(f64, u32)> = per_doc
            .into_iter()
            .map(|(doc, (scores, fewest))| {
                (scores.iter().sum::<f64>() + 0.2 / f64::from(fewest), doc)
            })
            .collect();
        scored.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then_with(|| self.order[a.1 as usize].cmp(&self.order[b.1 as usize]))
        });
        scored
            .into_iter()
            .take(count)
            .map(|(_, doc)| self.target(doc))
            .collect()
    }
}

/// The first id in `from..to` for which `before` is false (`before` holds for a prefix).
fn partition(from: u32, to: u32, before: impl Fn(u32) -> bool) -> u32 {
    let (mut low, mut high) = (from, to);
    while low < high {
        let middle = low + (high - low) / 2;
        if before(middle) {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    low
}

/// A ranked document: (sort key, document, score, field code, date match, missing words).
type Ranked = (u128, u32, i64, u8, Option<DateMatch>, u16);

/// A day as a running count (months of 31 days: monotonic, close enough to weigh
/// overlaps); open ends are clamped far out.
fn serial(day: Day) -> i64 {
    let day = i64::from(day).clamp(-200_000_000, 200_000_000);
    let (year, rest) = (day.div_euclid(10_000), day.rem_euclid(10_000));
    year * 372 + (rest / 100) * 31 + rest % 100
}

/// Where the weaker matches start in ranked results: after the results that match every
/// word when some match only part; within them, at the first clear gap in score (a result
/// under half the one before and under an eighth of the best: typos and scattered letters
/// under a name, not the summaries that hold every word). Among partial matches
/// alone, after those holding at least half the rarity of the best.
fn fold_point(ranked: &[Ranked]) -> usize {
    let partial = |key: u128| key >> 96 != 0;
    let complete = ranked.iter().take_while(|r| !partial(r.0)).count();
    if complete == 0 {
        let rarity = |key: u128| u32::MAX - (key >> 64) as u32;
        let best = ranked.first().map_or(0, |r| rarity(r.0));
        return ranked
            .iter()
            .take_while(|r| u64::from(rarity(r.0)) * 2 >= u64::from(best))
            .count();
    }
    let top = ranked[0].2;
    (1..complete)
        .find(|&at| {
            let (before, score) = (ranked[at - 1].2, ranked[at].2);
            score * 2 < before && score * 8 < top
        })
        .unwrap_or(complete)
}

/// The field a code names.
fn field_of_code(code: u8) -> Field {
    match code {
        NAME => Field::Name,
        SUMMARY => Field::Summary,
        DATE_FIELD => Field::Date,
        ERA_FIELD => Field::Era,
        KIND_FIELD => Field::Kind,
        DISPUTED_FIELD => Field::Disputed,
        READER_NOTE => Field::ReaderNote,
        NOTE..ERA_FIELD => Field::Note((code - NOTE) as usize),
        alias => Field::Alias(alias as usize - 1),
    }
}

fn weight(score: u16, percent: u32) -> u16 {
    (u32::from(score) * percent / 100) as u16
}

/// Every document in time order: entities as the catalog orders them, each era just
/// before the first entity dated at or after its start, undated entities last.
fn time_order(catalog: &Catalog) -> Vec<u32> {
    let entities = catalog.entity_count();
    let eras = catalog.eras();
    let mut out = Vec::with_capacity(entities + eras.len());
    let mut next_era = 0;
    for &entity in catalog.chronological() {
        let date = catalog.date(entity);
        while next_era < eras.len()
            && date.is_none_or(|d| eras[next_era].start.earliest() <= d.earliest())
        {
            out.push((entities + next_era) as u32);
            next_era += 1;
        }
        out.push(entity.0 as u32);
    }
    out.extend((next_era..eras.len()).map(|era| (entities + era) as u32));
    out
}

/// Search state for a prompt: the matches of the previous query's terms are kept, so a
/// keystroke recomputes only the term that changed.
#[derive(Default)]
pub struct Searcher {
    cache: Vec<(Term, Rc<TermHits>)>,
    /// The reader's marks the cached matches were made with.
    reader_version: u64,
}

impl Searcher {
    pub fn search(&mut self, index: &SearchIndex, text: &str, kind: Option<DocKind>) -> Results {
        self.search_for(index, text, kind, &Reader::default())
    }

    /// `search` with the reader's bookmarks and notes (see `SearchIndex::search_for`).
    pub fn search_for(
        &mut self,
        index: &SearchIndex,
        text: &str,
        kind: Option<DocKind>,
        reader: &Reader,
    ) -> Results {
        if std::mem::replace(&mut self.reader_version, reader.version) != reader.version {
            self.cache.clear();
        }
        let query = Query::parse(text);
        let mut kept = Vec::new();
        let mut evaluate = |term: &Term| -> Rc<TermHits> {
            let hits = match self
                .cache
                .iter()
                .find(|(cached, _)| same_matches(cached, term))
            {
                Some((_, hits)) => Rc::clone(hits),
                None => Rc::new(index.evaluate(term, reader)),
            };
            kept.push((term.clone(), Rc::clone(&hits)));
            hits
        };
        let terms: Vec<Rc<TermHits>> = query.terms.iter().map(&mut evaluate).collect();
        let excluded: Vec<Rc<TermHits>> = query.excluded.iter().map(&mut evaluate).collect();
        self.cache = kept;
        let (hits, strong) = index.rank(&query, &terms, &excluded, kind, reader);
        let unmatched = query
            .required()
            .filter(|(at, _)| terms[*at].matched.is_empty())
            .map(|(_, term)| term.literal.clone())
            .collect();
        Results {
            hits,
            strong,
            words: query.terms.iter().map(|t| t.literal.clone()).collect(),
            unmatched,
            dates: query.dates,
            problems: query.problems,
        }
    }
}

/// Two terms match the same documents equally (whether stop words or not).
fn same_matches(a: &Term, b: &Term) -> bool {
    a.literal == b.literal
        && a.mode == b.mode
        && a.last == b.last
        && a.joins == b.joins
        && a.alternatives == b.alternatives
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::{Catalog, load_embedded};

    fn catalog() -> Catalog {
        Catalog::new(load_embedded().unwrap())
    }

    fn ids(catalog: &Catalog, results: &Results) -> Vec<String> {
        results
            .hits
            .iter()
            .map(|h| match h.target {
                Target::Entity(e) => catalog.entity(e).id.clone(),
                Target::Era(e) => catalog.era(e).id.clone(),
            })
            .collect()
    }

    #[test]
    fn incremental_search_matches_a_fresh_search_at_every_step() {
        let catalog = catalog();
        let index = SearchIndex::new(&catalog);
        for query in [
            "kuril islands",
            "neutrality pakt",
            "kind:treaty sov jap",
            "gorbatchev 1991",
            "'sorge !arrest",
            "to",
        ] {
            let mut searcher = Searcher::default();
            for end in query.char_indices().map(|(i, c)| i + c.len_utf8()) {
                let typed = &query[..end];
                let incremental = searcher.search(&index, typed, None);
                let fresh = index.search(typed, None);
                assert_eq!(
                    ids(&catalog, &incremental),
                    ids(&catalog, &fresh),
                    "at {typed:?}"
                );
            }
        }
    }

    #[test]
    fn empty_query_lists_everything_in_time_order_eras_included() {
        let catalog = catalog();
        let index = SearchIndex::new(&catalog);
        let all = index.search("", None);
        assert_eq!(
            all.hits.len(),
            catalog.entity_count() + catalog.eras().len()
        );
        let first_era = all
            .hits
            .iter()
            .position(|h| h.target == Target::Era(EraIx(0)));
        let shimoda = all.hits.iter().position(|h| {
            h.target == Target::Entity(catalog.index_of("treaty-of-shimoda").unwrap())
        });
        assert!(first_era < shimoda);
    }

    #[test]
    fn time_order_puts_each_era_before_its_first_entity() {
        let catalog = catalog();
        let order = time_order(&catalog);
        assert_eq!(order.len(), catalog.entity_count() + catalog.eras().len());
        let mut sorted = order.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), order.len(), "every document once");
    }
}
