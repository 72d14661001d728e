//! One query term against one word: how well it matches, and which letters to highlight.
//!
//! The same function decides for the index (scanning the vocabulary) and for the
//! highlighting of a shown result, so what is highlighted is what matched. Tiers, best
//! first: the exact word, the word in another romanisation, a prefix, the term's letters
//! scattered through the word (scored by fuzzy-matcher), then typos.

use super::distance;
use super::query::{Term, TermMode};
use fuzzy_matcher::skim::SkimMatcherV2;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    Typo,
    Subsequence,
    Prefix,
    Variant,
    Exact,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordMatch {
    /// Up to `EXACT`; field weights are applied by the caller.
    pub score: u16,
    pub tier: Tier,
    /// Which of the term's keys matched (0 = as typed); positions need it.
    key: u8,
    /// A typo match against a prefix of the word.
    typo_prefix: bool,
}

pub const EXACT: u16 = 1000;
/// A prefix or better (in an alias too): enough to call a name fully typed.
pub const STRONG: u16 = 540;
const VARIANT: u16 = 950;
/// Another reading of an ambiguous spelling ranks a little below the word as typed.
const OTHER_READING: u16 = 20;
const PREFIX: u16 = 600;
const PREFIX_SPAN: u16 = 290;
const SUBSEQUENCE: u16 = 360;
const SUBSEQUENCE_SPAN: u16 = 140;
const TYPO: u16 = 300;
const TYPO_PREFIX: u16 = 260;
const SECOND_TYPO: u16 = 80;
/// Fewest letters for scattered-letter matches; shorter ones match almost anything.
pub const SUBSEQUENCE_FROM: usize = 3;
/// Most letters of a term (and a fourth of a word's) for scattered-letter matching.
const MAX_SCATTERED: usize = 64;

fn prefix_score(part: usize, whole: usize) -> u16 {
    PREFIX + (PREFIX_SPAN as usize * part / whole.max(1)) as u16
}

/// Is `needle` a subsequence of `hay`, starting at the same letter?
fn subsequence(needle: &str, hay: &str) -> bool {
    let mut hay = hay.chars();
    let mut first = true;
    for n in needle.chars() {
        if first {
            if hay.next() != Some(n) {
                return false;
            }
            first = false;
            continue;
        }
        if !hay.any(|h| h == n) {
            return false;
        }
    }
    true
}

/// The best match of a term on a word (`literal`: folded; `key`: its romanisation key).
pub fn match_word(
    term: &Term,
    literal: &str,
    key: &str,
    matcher: &SkimMatcherV2,
) -> Option<WordMatch> {
    let found = |score: u16, tier: Tier, key: usize| WordMatch {
        score,
        tier,
        key: key as u8,
        typo_prefix: false,
    };
    if literal == term.literal {
        return Some(found(EXACT, Tier::Exact, 0));
    }
    if term.mode == TermMode::Literal {
        if literal.starts_with(&term.literal) {
            let whole = literal.chars().count();
            return Some(found(prefix_score(term.chars, whole), Tier::Prefix, 0));
        }
        return literal
            .contains(&term.literal)
            .then(|| found(SUBSEQUENCE, Tier::Subsequence, 0));
    }
    // Numbers are never fuzzy, in names or in texts: a year one digit off is another year.
    // A number matches whole, or by its start while it is being typed.
    if term.digits || literal.bytes().any(|b| b.is_ascii_digit()) {
        let prefix = literal.starts_with(&term.literal) && (term.last || !term.digits);
        return prefix.then(|| {
            let whole = literal.chars().count();
            found(prefix_score(term.chars, whole), Tier::Prefix, 0)
        });
    }
    // A key much shorter than the term ("zzz" is "z", "wwii" is "wi" once doubled letters
    // collapse) would match any word starting with its letters.
    let usable = |term_key: &str| term_key.chars().count() >= term.chars.min(3);
    let mut best: Option<WordMatch> = None;
    let consider = |best: &mut Option<WordMatch>, candidate: WordMatch| {
        if best.is_none_or(|b| candidate.score > b.score) {
            *best = Some(candidate);
        }
    };
    if literal.starts_with(&term.literal) {
        let whole = literal.chars().count();
        consider(
            &mut best,
            found(prefix_score(term.chars, whole), Tier::Prefix, 0),
        );
    }
    for (index, term_key) in term.keys.iter().enumerate() {
        if !usable(term_key) {
            continue;
        }
        let penalty = if index == 0 { 0 } else { OTHER_READING };
        if key == term_key {
            consider(&mut best, found(VARIANT - penalty, Tier::Variant, index));
            continue;
        }
        if key.starts_with(term_key.as_str()) {
            let score = prefix_score(term_key.chars().count(), key.chars().count());
            consider(
                &mut best,
                found(score - penalty - OTHER_READING, Tier::Prefix, index),
            );
        }
    }
    if best.is_some() || term.mode == TermMode::Anchored {
        return best;
    }
    // Scattered letters cost term × word in the matcher: long ones (a paste, a hostile
    // name) are matched only whole or by prefix.
    if term.chars >= SUBSEQUENCE_FROM
        && term.chars <= MAX_SCATTERED
        && key.len() <= 4 * MAX_SCATTERED
    {
        for (index, term_key) in term.keys.iter().enumerate() {
            if !usable(term_key) || !subsequence(term_key, key) {
                continue;
            }
            if let Some(score) = fuzzy_score(matcher, key, term_key) {
                let penalty = if index == 0 { 0 } else { OTHER_READING };
                consider(
                    &mut best,
                    found(score.saturating_sub(penalty), Tier::Subsequence, index),
                );
            }
        }
        if best.is_some() {
            return best;
        }
    }
    if term.max_typos > 0 {
        for (index, term_key) in term.keys.iter().enumerate() {
            if !term_key.is_ascii() || !key.is_ascii() {
                continue;
            }
            // No typo on the first letter: people rarely get it wrong, and it keeps
            // "pact" from matching "fact".
            if term_key.as_bytes().first() != key.as_bytes().first() {
                continue;
            }
            let whole =
                distance::bounded(term_key.as_bytes(), key.as_bytes(), term.max_typos, false);
            let (distance, prefix) = match whole {
                Some(d) => (d, false),
                // A typo in a word still being typed, for the spelling as typed only: other
                // readings with a typo on a prefix match almost anything ("jeltsin" as
                // "zheltsin" would find "shelving").
                None if term.last && index == 0 => {
                    match distance::bounded(
                        term_key.as_bytes(),
                        key.as_bytes(),
                        term.max_typos,
                        true,
                    ) {
                        Some(d) => (d, true),
                        None => continue,
                    }
                }
                None => continue,
            };
            let base = if prefix { TYPO_PREFIX } else { TYPO };
            let penalty = if index == 0 { 0 } else { OTHER_READING };
            let score = base - SECOND_TYPO * (distance.max(1) as u16 - 1) - penalty;
            consider(
                &mut best,
                WordMatch {
                    score,
                    tier: Tier::Typo,
                    key: index as u8,
                    typo_prefix: prefix,
                },
            );
        }
    }
    best
}

/// fuzzy-matcher's score of scattered letters, mapped into the subsequence tier: a compact
/// match (few, short gaps) near its top, a loose one near its bottom.
fn fuzzy_score(matcher: &SkimMatcherV2, key: &str, term_key: &str) -> Option<u16> {
    use fuzzy_matcher::FuzzyMatcher;
    let score = matcher.fuzzy_match(key, term_key)?;
    let ideal = matcher.fuzzy_match(term_key, term_key)?.max(1);
    let quality = (score.clamp(0, ideal) * SUBSEQUENCE_SPAN as i64 / ideal) as u16;
    Some(SUBSEQUENCE + quality)
}

/// Letter positions in the word (character indices of `literal`) that a match covers.
pub fn positions(
    term: &Term,
    literal: &str,
    keyed: &crate::translit::Keyed,
    found: WordMatch,
    matcher: &SkimMatcherV2,
) -> Vec<usize> {
    use fuzzy_matcher::FuzzyMatcher;
    let word_chars = literal.chars().count();
    let term_key = term.keys.get(found.key as usize).map_or("", String::as_str);
    let key_span = |from: usize, to: usize| keyed.word_span(from, to, word_chars);
    match found.tier {
        Tier::Exact | Tier::Variant => (0..word_chars).collect(),
        Tier::Prefix if literal.starts_with(&term.literal) => (0..term.chars).collect(),
        Tier::Prefix => key_span(0, term_key.chars().count()).collect(),
        Tier::Subsequence if term.mode == TermMode::Literal => {
            let Some(byte) = literal.find(&term.literal) else {
                return Vec::new();
            };
            let first = literal[..byte].chars().count();
            (first..first + term.chars).collect()
        }
        Tier::Subsequence => matcher
            .fuzzy_indices(&keyed.key, term_key)
            .map(|(_, indices)| {
                indices
                    .into_iter()
                    .flat_map(|i| key_span(i, i + 1))
                    .collect()
            })
            .unwrap_or_default(),
        Tier::Typo => distance::aligned_positions(
            term_key.as_bytes(),
            keyed.key.as_bytes(),
            found.typo_prefix,
        )
        .into_iter()
        .flat_map(|i| key_span(i, i + 1))
        .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::Query;
    use crate::translit::key;

    fn best(query: &str, word: &str) -> Option<WordMatch> {
        let term = &Query::parse(query).terms[0];
        match_word(
            term,
            word,
            &key(word).key,
            &SkimMatcherV2::default().respect_case(),
        )
    }

    #[test]
    fn tiers_rank_exact_variant_prefix_scattered_typo() {
        let exact = best("tokyo", "tokyo").unwrap();
        let variant = best("tokio", "tokyo").unwrap();
        let prefix = best("tok", "tokyo").unwrap();
        let scattered = best("vldvstk", "vladivostok").unwrap();
        let typo = best("nuetrality", "neutrality").unwrap();
        assert_eq!(
            [
                exact.tier,
                variant.tier,
                prefix.tier,
                scattered.tier,
                typo.tier
            ],
            [
                Tier::Exact,
                Tier::Variant,
                Tier::Prefix,
                Tier::Subsequence,
                Tier::Typo
            ]
        );
        assert!(exact.score > variant.score);
        assert!(variant.score > prefix.score);
        assert!(prefix.score > scattered.score);
        assert!(scattered.score > typo.score);
    }

    #[test]
    fn typo_allowance_grows_with_length() {
        assert!(best("pakt", "pact").is_some());
        assert!(best("pac ", "pat").is_none(), "three letters allow no typo");
        assert!(
            best("nutralty ", "neutrality").is_some(),
            "eight letters allow two"
        );
        assert!(best("neutrbdity ", "neutrality").is_some_and(|m| m.tier == Tier::Typo));
        assert!(
            best("neutbdfity ", "neutrality").is_none(),
            "three edits are too many"
        );
        // Letters left out are scattered letters, not typos: a better tier.
        assert!(best("nutraly ", "neutrality").is_some_and(|m| m.tier == Tier::Subsequence));
        assert!(
            best("fact", "pact").is_none(),
            "no typo on the first letter"
        );
    }

    #[test]
    fn literal_terms_match_only_the_letters_typed() {
        assert!(best("'tokio", "tokyo").is_none());
        assert!(best("'halin", "sakhalin").is_some());
        assert!(best("'sakh", "sakhalin").is_some_and(|m| m.tier == Tier::Prefix));
    }

    #[test]
    fn typo_positions_are_the_letters_that_match() {
        let term = &Query::parse("pakt ").terms[0];
        let matcher = SkimMatcherV2::default().respect_case();
        let keyed = key("pact");
        let found = match_word(term, "pact", &keyed.key, &matcher).unwrap();
        // The key of "pakt" is "pakt" and of "pact" is "pakt" too: a variant match.
        assert_eq!(found.tier, Tier::Variant);
        let term = &Query::parse("nuetrality ").terms[0];
        let keyed = key("neutrality");
        let found = match_word(term, "neutrality", &keyed.key, &matcher).unwrap();
        assert_eq!(found.tier, Tier::Typo);
        assert_eq!(
            positions(term, "neutrality", &keyed, found, &matcher),
            (0..10).collect::<Vec<_>>()
        );
    }

    #[test]
    fn long_terms_and_words_stay_cheap() {
        // A 30,000-letter term against a 30,000-letter word: only whole or prefix matches
        // are tried, never the quadratic scattered-letter matcher.
        let long: String = "ab".repeat(15_000);
        let term = &Query::parse(&long).terms[0];
        let matcher = SkimMatcherV2::default().respect_case();
        let word = format!("{long}x");
        let found = match_word(term, &word, &key(&word).key, &matcher);
        assert_eq!(found.map(|f| f.tier), Some(Tier::Prefix));
        let other: String = "ba".repeat(15_000);
        assert!(match_word(term, &other, &key(&other).key, &matcher).is_none());
    }
}
