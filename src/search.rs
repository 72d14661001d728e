//! The fuzzy search index over names, aliases and (weaker) summaries.
//!
//! Matching runs on folded keys (see `fold.rs`) with fuzzy-matcher's SkimMatcherV2, after
//! a cheap character-set pre-filter. Scores favour whole and word-start matches and short
//! names, so the exact name wins over a scattered subsequence; ties fall back to timeline
//! order, then id, so results are deterministic. A `Searcher` narrows incrementally: when
//! the query grows, only the previous matches are rescored.

use crate::dataset::Catalog;
use crate::fold::{fold, fold_query, original_positions};
use crate::model::Kind;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use std::collections::BTreeMap;

/// Which text of the entity matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Alias(usize),
    Summary,
}

impl Field {
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Alias(_) => "alias",
            Field::Summary => "summary",
        }
    }
}

/// One ranked result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub entity: usize,
    pub score: i64,
    pub field: Field,
}

struct Key {
    /// None for the name, Some(i) for alias i.
    alias: Option<u32>,
    /// Byte range of the folded text in `SearchIndex::key_text`.
    text_start: u32,
    text_end: u32,
    /// Start of this key's origin map in `SearchIndex::key_origin` (`chars` entries).
    origin_start: u32,
    mask: u64,
    /// Characters that begin a word (same bits as `mask`), for one-letter queries.
    word_starts: u64,
    chars: u32,
}

/// Search keys for one dataset. Build once per dataset.
pub struct SearchIndex {
    keys: Vec<Key>,
    /// All folded key texts back to back: one allocation, read in order while scoring
    /// (separate strings per key cost a cache miss each on large datasets).
    key_text: String,
    /// Folded character → original character index, for every key back to back.
    key_origin: Vec<u32>,
    /// Range of `keys` belonging to each entity.
    key_ranges: Vec<(u32, u32)>,
    /// Folded summaries, searched by word only.
    summaries: Vec<String>,
    /// Every word of the folded summaries → the entities whose summary has it, so a
    /// summary lookup is a prefix range of this map, not a scan of every summary.
    summary_words: BTreeMap<String, Vec<u32>>,
    /// Union of key masks per entity (for the multi-word pre-filter).
    entity_masks: Vec<u64>,
    kinds: Vec<Kind>,
    /// Position of each entity in chronological order, the tie-breaker.
    rank: Vec<u32>,
    /// Entities in chronological order: the result of an empty query.
    chronological: Vec<usize>,
    /// Full Smith–Waterman scoring; also used for highlight positions.
    matcher: SkimMatcherV2,
    /// The matcher that ranks: the full one, or on large datasets SkimMatcherV2's own
    /// linear mode (same matches, coarser scores; our placement bonuses still order
    /// whole-word and prefix matches first).
    ranker: SkimMatcherV2,
}

/// Bit set of the characters in a text: a–z, 0–9 and a hash bucket for the rest.
fn char_mask(text: &str) -> u64 {
    text.chars()
        .filter(|&c| c != ' ')
        .fold(0, |mask, c| mask | char_bit(c))
}

/// The bit of one character: exact for a–z and 0–9, a shared bucket for the rest.
fn char_bit(ch: char) -> u64 {
    let bit = match ch {
        'a'..='z' => ch as u32 - 'a' as u32,
        '0'..='9' => 26 + ch as u32 - '0' as u32,
        _ => 36 + (ch as u32 % 28),
    };
    1 << bit
}

/// Bits of the characters that start a word.
fn word_start_mask(text: &str) -> u64 {
    let mut mask = 0;
    let mut previous_alphanumeric = false;
    for ch in text.chars() {
        if ch.is_alphanumeric() && !previous_alphanumeric {
            mask |= char_bit(ch);
        }
        previous_alphanumeric = ch.is_alphanumeric();
    }
    mask
}

const SUMMARY_MIN_TOKEN: usize = 3;

/// Above this many entities, ranking uses SkimMatcherV2's linear mode to keep a keystroke
/// within one 60 Hz frame (see `SearchIndex::ranker`).
const LARGE_DATASET: usize = 20_000;

/// Queries up to this many bytes (one or two letters) are scored by `short_fuzzy_score`
/// instead of SkimMatcherV2: the same matches (a subsequence), at a fraction of the cost,
/// which matters on the first keystrokes when nearly every key is a candidate.
const SHORT_QUERY_BYTES: usize = 2;

/// Fuzzy score of a one- or two-character query: None unless it is a subsequence of the
/// text; contiguous matches score like SkimMatcherV2 would (about 16 a character plus a
/// start bonus), scattered ones lower.
fn short_fuzzy_score(text: &str, query: &str, contiguous: bool) -> Option<i64> {
    let chars = query.chars().count() as i64;
    if contiguous {
        return Some(16 * chars + if text.starts_with(query) { 8 } else { 0 });
    }
    let mut rest = text;
    for qc in query.chars() {
        let at = rest.find(qc)?;
        rest = &rest[at + qc.len_utf8()..];
    }
    Some(8 * chars)
}

/// Bonus for how a query sits in a text as a contiguous run, best occurrence first:
/// whole word at the start 300, whole word 250, prefix 200, word start 150, anywhere 50,
/// not contiguous 0. One pass over the occurrences.
fn placement_bonus(text: &str, query: &str) -> i64 {
    // `contains` has a vectorised path for short needles; most keys fail it, and only the
    // rest pay for finding every occurrence.
    if query.len() > 2 && !text.contains(query) {
        return 0;
    }
    let mut best = 0;
    let mut consider = |at: usize| {
        let starts_word = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let ends_word = text[at + query.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        let bonus = match (at == 0, starts_word, ends_word) {
            (true, _, true) => 300,
            (false, true, true) => 250,
            (true, _, false) => 200,
            (false, true, false) => 150,
            _ => 50,
        };
        best = best.max(bonus);
        best == 300
    };
    if query.len() <= 2 && query.is_ascii() {
        // Short ASCII queries: a byte loop beats building a substring searcher per key.
        // ASCII bytes never match inside a multi-byte character, so `at` is a boundary.
        let (text_bytes, query_bytes) = (text.as_bytes(), query.as_bytes());
        let (first, second) = (query_bytes[0], query_bytes.get(1).copied());
        for (at, &byte) in text_bytes.iter().enumerate() {
            let matches = byte == first
                && second.is_none_or(|second| text_bytes.get(at + 1) == Some(&second));
            if matches && consider(at) {
                break;
            }
        }
    } else {
        for (at, _) in text.match_indices(query) {
            if consider(at) {
                break;
            }
        }
    }
    best
}

impl SearchIndex {
    pub fn new(catalog: &Catalog) -> SearchIndex {
        let entities = catalog.entities();
        let mut keys = Vec::with_capacity(entities.len() * 2);
        let mut key_text = String::new();
        let mut key_origin = Vec::new();
        let mut key_ranges = Vec::with_capacity(entities.len());
        let mut entity_masks = Vec::with_capacity(entities.len());
        for entity in entities {
            let start = keys.len() as u32;
            let mut union = 0;
            let names = std::iter::once((None, entity.name.as_str())).chain(
                entity
                    .aliases
                    .iter()
                    .enumerate()
                    .map(|(i, alias)| (Some(i as u32), alias.name.as_str())),
            );
            for (alias, text) in names {
                let folded = fold(text);
                let mask = char_mask(&folded.text);
                let text_start = key_text.len() as u32;
                key_text.push_str(&folded.text);
                let origin_start = key_origin.len() as u32;
                key_origin.extend_from_slice(&folded.origin);
                union |= mask;
                keys.push(Key {
                    alias,
                    word_starts: word_start_mask(&folded.text),
                    chars: folded.origin.len() as u32,
                    text_start,
                    text_end: key_text.len() as u32,
                    origin_start,
                    mask,
                });
            }
            key_ranges.push((start, keys.len() as u32));
            entity_masks.push(union);
        }
        let summaries: Vec<String> = entities.iter().map(|e| fold(&e.summary).text).collect();
        let mut summary_words: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for (entity, summary) in summaries.iter().enumerate() {
            for word in summary.split(|c: char| !c.is_alphanumeric()) {
                if word.is_empty() {
                    continue;
                }
                let postings = match summary_words.get_mut(word) {
                    Some(postings) => postings,
                    None => summary_words.entry(word.to_string()).or_default(),
                };
                if postings.last() != Some(&(entity as u32)) {
                    postings.push(entity as u32);
                }
            }
        }
        let mut rank = vec![0u32; entities.len()];
        for (position, &entity) in catalog.chronological().iter().enumerate() {
            rank[entity] = position as u32;
        }
        SearchIndex {
            keys,
            key_text,
            key_origin,
            key_ranges,
            summaries,
            summary_words,
            entity_masks,
            kinds: entities.iter().map(|e| e.kind).collect(),
            rank,
            chronological: catalog.chronological().to_vec(),
            matcher: SkimMatcherV2::default().respect_case(),
            ranker: if entities.len() > LARGE_DATASET {
                SkimMatcherV2::default().respect_case().element_limit(1)
            } else {
                SkimMatcherV2::default().respect_case()
            },
        }
    }

    pub fn len(&self) -> usize {
        self.kinds.len()
    }

    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }

    /// Rank every entity for a query, best first; an empty query lists all in time order.
    pub fn search(&self, query: &str, kind: Option<Kind>) -> Vec<Hit> {
        let query = fold_query(query);
        let candidates = 0..self.kinds.len();
        self.rank_candidates(&query, kind, candidates)
    }

    fn rank_candidates(
        &self,
        query: &str,
        kind: Option<Kind>,
        candidates: impl Iterator<Item = usize>,
    ) -> Vec<Hit> {
        let wanted = |entity: usize| kind.is_none_or(|k| self.kinds[entity] == k);
        if query.is_empty() {
            let included: Vec<bool> = {
                let mut v = vec![false; self.kinds.len()];
                for entity in candidates {
                    v[entity] = true;
                }
                v
            };
            return self
                .chronological
                .iter()
                .filter(|&&e| included[e] && wanted(e))
                .map(|&entity| Hit {
                    entity,
                    score: 0,
                    field: Field::Name,
                })
                .collect();
        }
        let tokens: Vec<&str> = query.split(' ').collect();
        let query_mask = char_mask(query);
        let token_masks: Vec<u64> = tokens.iter().map(|t| char_mask(t)).collect();
        let summary_hits = self.summary_matches(query);
        let letters = query.chars().filter(|c| *c != ' ').count() as i64;
        let mut hits: Vec<Hit> = candidates
            .filter(|&e| wanted(e))
            .filter_map(|entity| {
                self.score_entity(entity, query, query_mask, &tokens, &token_masks)
                    .or_else(|| {
                        // Summaries count only when no name or alias matches, and less.
                        summary_hits
                            .as_ref()
                            .is_some_and(|hits| hits[entity])
                            .then_some(Hit {
                                entity,
                                score: 4 * letters,
                                field: Field::Summary,
                            })
                    })
            })
            .collect();
        // One packed integer per hit (score descending, then time order) sorts far faster
        // than a two-field comparator on large result sets.
        hits.sort_unstable_by_key(|hit| {
            let score = (i64::from(i32::MAX) - hit.score.clamp(0, i64::from(i32::MAX))) as u64;
            (score << 32) | u64::from(self.rank[hit.entity])
        });
        hits
    }

    fn score_entity(
        &self,
        entity: usize,
        query: &str,
        query_mask: u64,
        tokens: &[&str],
        token_masks: &[u64],
    ) -> Option<Hit> {
        let (start, end) = self.key_ranges[entity];
        let keys = &self.keys[start as usize..end as usize];
        let mut best: Option<(i64, Field)> = None;
        let consider = |best: &mut Option<(i64, Field)>, score: i64, field: Field| {
            if best.is_none_or(|(s, _)| score > s) {
                *best = Some((score, field));
            }
        };
        // The whole query against each name or alias.
        for key in keys {
            if key.mask & query_mask != query_mask {
                continue;
            }
            if let Some(score) = self.key_score(key, query) {
                consider(
                    &mut best,
                    weighted(score, key.alias.is_some()),
                    field_of(key),
                );
            }
        }
        // Several words may match in different places or different names.
        if tokens.len() > 1 && self.entity_masks[entity] & query_mask == query_mask {
            let mut total = 0;
            let mut field = Field::Name;
            let mut all = true;
            for (token, &mask) in tokens.iter().zip(token_masks) {
                let token_best = keys
                    .iter()
                    .filter(|key| key.mask & mask == mask)
                    .filter_map(|key| {
                        self.token_score(key, token)
                            .map(|s| (weighted(s, key.alias.is_some()), field_of(key)))
                    })
                    .max_by_key(|(s, _)| *s);
                match token_best {
                    Some((score, token_field)) => {
                        total += score;
                        if token_field != Field::Name {
                            field = token_field;
                        }
                    }
                    None => {
                        all = false;
                        break;
                    }
                }
            }
            if all {
                // Slightly below a whole-query match of the same strength.
                consider(&mut best, total * 9 / 10, field);
            }
        }
        best.map(|(score, field)| Hit {
            entity,
            score,
            field,
        })
    }

    /// Entities whose summary has every query word at the start of one of its words; None
    /// when the query has a word under three letters (summaries are not searched then).
    pub fn summary_matches(&self, query: &str) -> Option<Vec<bool>> {
        if !searches_summaries(query) {
            return None;
        }
        let mut all: Option<Vec<bool>> = None;
        for token in query.split(' ') {
            let mut found = vec![false; self.summaries.len()];
            if token.chars().all(char::is_alphanumeric) {
                let words = self
                    .summary_words
                    .range::<str, _>((std::ops::Bound::Included(token), std::ops::Bound::Unbounded))
                    .take_while(|(word, _)| word.starts_with(token));
                for (_, postings) in words {
                    for &entity in postings {
                        found[entity as usize] = true;
                    }
                }
            } else {
                // Words with punctuation ("soviet-japanese") are rare: scan for them.
                for (entity, summary) in self.summaries.iter().enumerate() {
                    found[entity] = contains_word_start(summary, token);
                }
            }
            all = Some(match all {
                None => found,
                Some(mut all) => {
                    for (a, f) in all.iter_mut().zip(found) {
                        *a &= f;
                    }
                    all
                }
            });
        }
        all
    }

    /// Score one folded key against a folded query (or token); None when it does not match.
    /// On top of the fuzzy score, contiguous matches earn a bonus by how they sit (whole
    /// name, whole word, prefix, word start, anywhere), scaled by how much of the key the
    /// query covers, so "sorge" ranks "Richard Sorge" above "Sorge warns of …".
    fn key_score(&self, key: &Key, query: &str) -> Option<i64> {
        let text = self.key_str(key);
        if text == query {
            let base = self.ranker.fuzzy_match(text, query).unwrap_or(0);
            return Some(base + 1000);
        }
        let bonus = if query.len() == 1 {
            // One ASCII letter (the first keystroke, when every key is a candidate): the
            // bit masks answer "anywhere" and "word start" without scanning the text.
            let bit = char_bit(query.as_bytes()[0] as char);
            if key.mask & bit == 0 {
                return None;
            }
            if key.word_starts & bit == 0 {
                50
            } else {
                placement_bonus(text, query)
            }
        } else {
            placement_bonus(text, query)
        };
        let base = if query.len() <= SHORT_QUERY_BYTES {
            short_fuzzy_score(text, query, bonus > 0)?
        } else {
            self.ranker.fuzzy_match(text, query)?
        };
        let query_chars = query.chars().count() as i64;
        let coverage_scaled = bonus * 2 * query_chars / (key.chars as i64 + query_chars).max(1);
        Some(base + coverage_scaled)
    }

    /// One word of a multi-word query: fuzzy score plus a word-start bonus only, so that
    /// words matched in different places never outrank the whole query matched at once.
    fn token_score(&self, key: &Key, token: &str) -> Option<i64> {
        let text = self.key_str(key);
        let placement = placement_bonus(text, token);
        let base = if token.len() <= SHORT_QUERY_BYTES {
            short_fuzzy_score(text, token, placement > 0)?
        } else {
            self.ranker.fuzzy_match(text, token)?
        };
        let bonus = if placement >= 150 { 100 } else { 0 };
        Some(base + bonus)
    }

    /// Matched character positions in the original text of the matched field (for
    /// highlighting). For summary matches, the positions of the query words.
    pub fn positions(&self, catalog: &Catalog, hit: &Hit, query: &str) -> Vec<usize> {
        let query = fold_query(query);
        if query.is_empty() {
            return Vec::new();
        }
        let (start, end) = self.key_ranges[hit.entity];
        let keys = &self.keys[start as usize..end as usize];
        let key = match hit.field {
            Field::Name => keys.first(),
            Field::Alias(i) => keys.get(i + 1),
            Field::Summary => {
                let folded = fold(&catalog.entity(hit.entity).summary);
                let mut out = Vec::new();
                for token in query.split(' ') {
                    if let Some(byte) = find_word_start(&folded.text, token) {
                        let first = folded.text[..byte].chars().count();
                        let count = token.chars().count();
                        let folded_positions: Vec<usize> = (first..first + count).collect();
                        out.extend(folded.original_positions(&folded_positions));
                    }
                }
                out.sort_unstable();
                out.dedup();
                return out;
            }
        };
        let Some(key) = key else {
            return Vec::new();
        };
        let text = self.key_str(key);
        let origin =
            &self.key_origin[key.origin_start as usize..(key.origin_start + key.chars) as usize];
        let mut folded_positions = Vec::new();
        if query.len() <= SHORT_QUERY_BYTES {
            return original_positions(origin, &short_positions(text, &query));
        }
        match self.matcher.fuzzy_indices(text, &query) {
            Some((_, indices)) => folded_positions = indices,
            None => {
                for token in query.split(' ') {
                    if let Some((_, indices)) = self.matcher.fuzzy_indices(text, token) {
                        folded_positions.extend(indices);
                    }
                }
                folded_positions.sort_unstable();
                folded_positions.dedup();
            }
        }
        original_positions(origin, &folded_positions)
    }

    fn key_str(&self, key: &Key) -> &str {
        &self.key_text[key.text_start as usize..key.text_end as usize]
    }

    /// The text a hit's positions refer to.
    pub fn matched_text<'a>(&self, catalog: &'a Catalog, hit: &Hit) -> &'a str {
        let entity = catalog.entity(hit.entity);
        match hit.field {
            Field::Name => &entity.name,
            Field::Alias(i) => entity.aliases.get(i).map_or(&entity.name, |a| &a.name),
            Field::Summary => &entity.summary,
        }
    }
}

/// Character positions of a short query: its best contiguous occurrence (a word start if
/// there is one), else the first subsequence.
fn short_positions(text: &str, query: &str) -> Vec<usize> {
    let count = query.chars().count();
    if let Some(byte) = find_word_start(text, query).or_else(|| text.find(query)) {
        let first = text[..byte].chars().count();
        return (first..first + count).collect();
    }
    let mut positions = Vec::new();
    let mut wanted = query.chars().peekable();
    for (index, ch) in text.chars().enumerate() {
        if wanted.peek() == Some(&ch) {
            positions.push(index);
            wanted.next();
        }
    }
    positions
}

fn field_of(key: &Key) -> Field {
    match key.alias {
        None => Field::Name,
        Some(i) => Field::Alias(i as usize),
    }
}

/// Aliases count a little less than the name, so the canonical entity wins a tie.
fn weighted(score: i64, is_alias: bool) -> i64 {
    if is_alias { score * 9 / 10 } else { score }
}

fn find_word_start(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = text[from..].find(word) {
        let at = from + found;
        let boundary = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        if boundary {
            return Some(at);
        }
        from = at + text[at..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

fn contains_word_start(text: &str, word: &str) -> bool {
    find_word_start(text, word).is_some()
}

/// Incremental search state for an interactive prompt: when the new query extends the
/// previous one, only the previous matches are rescored (a fuzzy match of a longer query
/// implies a match of its prefix).
#[derive(Default)]
pub struct Searcher {
    last_query: String,
    /// Entities that matched `last_query` (any kind), or None when nothing is cached.
    last_matches: Option<Vec<usize>>,
}

impl Searcher {
    pub fn search(&mut self, index: &SearchIndex, query: &str, kind: Option<Kind>) -> Vec<Hit> {
        let folded = fold_query(query);
        let narrowing = !self.last_query.is_empty()
            && folded.starts_with(&self.last_query)
            && self.last_matches.is_some();
        let all = if narrowing {
            let mut candidates = self.last_matches.take().unwrap_or_default();
            // Summaries are only searched when every word has 3+ letters; when the query
            // just crossed that line, entities matching only by summary join the candidates.
            if !searches_summaries(&self.last_query)
                && let Some(summary_hits) = index.summary_matches(&folded)
            {
                let mut seen = vec![false; index.len()];
                for &entity in &candidates {
                    seen[entity] = true;
                }
                candidates.extend((0..index.len()).filter(|&e| summary_hits[e] && !seen[e]));
            }
            // In index order, so scoring reads the key arena front to back.
            candidates.sort_unstable();
            index.rank_candidates(&folded, None, candidates.into_iter())
        } else {
            index.rank_candidates(&folded, None, 0..index.len())
        };
        self.last_matches = if folded.is_empty() {
            None
        } else {
            Some(all.iter().map(|h| h.entity).collect())
        };
        self.last_query = folded;
        match kind {
            None => all,
            Some(kind) => all
                .into_iter()
                .filter(|h| index.kinds[h.entity] == kind)
                .collect(),
        }
    }
}

/// Whether a folded query searches summaries (every word long enough).
fn searches_summaries(folded: &str) -> bool {
    !folded.is_empty()
        && folded
            .split(' ')
            .all(|t| t.chars().count() >= SUMMARY_MIN_TOKEN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::{Catalog, load_embedded};

    fn ids(catalog: &Catalog, hits: &[Hit]) -> Vec<String> {
        hits.iter()
            .map(|h| catalog.entity(h.entity).id.clone())
            .collect()
    }

    #[test]
    fn incremental_search_matches_a_fresh_search_at_every_step() {
        let catalog = Catalog::new(load_embedded().unwrap());
        let index = SearchIndex::new(&catalog);
        for query in [
            "kuril islands",
            "neutrality pact",
            "sov jap",
            "gorbachev visit",
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
    fn short_queries_match_subsequences_like_the_fuzzy_matcher() {
        assert!(short_fuzzy_score("kuril islands", "ki", false).is_some());
        assert!(short_fuzzy_score("kuril islands", "zq", false).is_none());
        assert!(short_fuzzy_score("tokyo", "to", true) > short_fuzzy_score("kuril", "kl", false));
        assert_eq!(placement_bonus("tokyo bay", "tokyo"), 300);
        assert_eq!(placement_bonus("old tokyo", "tokyo"), 250);
        assert_eq!(placement_bonus("tokyo", "to"), 200);
        assert_eq!(placement_bonus("old tokyo", "to"), 150);
        assert_eq!(placement_bonus("kyoto", "to"), 50);
        assert_eq!(placement_bonus("kyoto", "ko"), 0);
        assert_eq!(short_positions("tokyo bay", "ba"), vec![6, 7]);
        assert_eq!(short_positions("kuril", "kl"), vec![0, 4]);
    }
}
