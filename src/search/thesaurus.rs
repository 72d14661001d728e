//! Words that are not in the text: the history vocabulary table (`assets/search/
//! thesaurus.json`), short forms both ways, and numbers as Roman numerals and back.
//!
//! The table is data, built for this dataset's words: "ceasefire" finds the armistice,
//! "frontier" the border, "ussr" the Soviet Union, "world war 2" World War II. A word found
//! through another word ranks below the word itself (see `ALTERNATIVE_WEIGHT` in mod.rs).

use crate::fold::fold;
use serde::Deserialize;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../../assets/search/thesaurus.json");

#[derive(Deserialize)]
struct Table {
    synonyms: Vec<Vec<String>>,
    short_forms: Vec<(String, String)>,
}

/// The table with every word folded as queries are, and long forms split into words.
pub struct Thesaurus {
    /// Groups of words (or phrases: "ended war") that stand for each other.
    pub synonyms: Vec<Vec<Vec<String>>>,
    /// (short form, the long form's words without stop words).
    pub short_forms: Vec<(String, Vec<String>)>,
}

/// The words of a text as a query sees them, stop words left out.
fn phrase_words(text: &str) -> Vec<String> {
    super::words::words(&fold(text).text)
        .filter(|w| !super::words::is_stop_word(w))
        .map(str::to_string)
        .collect()
}

impl Thesaurus {
    /// Read the table; a broken table is a build defect (a test reads it), never input.
    pub fn parse(json: &str) -> Result<Thesaurus, String> {
        let table: Table = serde_json::from_str(json).map_err(|e| e.to_string())?;
        let synonyms = table
            .synonyms
            .iter()
            .map(|group| group.iter().map(|w| phrase_words(w)).collect())
            .collect();
        let short_forms = table
            .short_forms
            .iter()
            .map(|(short, long)| (fold(short).text, phrase_words(long)))
            .collect();
        Ok(Thesaurus {
            synonyms,
            short_forms,
        })
    }

    /// The embedded table (a test reads it whole; were it ever broken, search would go on
    /// without other words rather than fail).
    pub fn get() -> &'static Thesaurus {
        static THESAURUS: OnceLock<Thesaurus> = OnceLock::new();
        THESAURUS.get_or_init(|| {
            Thesaurus::parse(TABLE).unwrap_or(Thesaurus {
                synonyms: Vec::new(),
                short_forms: Vec::new(),
            })
        })
    }

    /// Other ways to say one query word, each a phrase (all its words must match): the
    /// other words of its synonym groups, its long form, its numeral.
    pub fn alternatives(&self, word: &str) -> Vec<Vec<String>> {
        let mut out: Vec<Vec<String>> = Vec::new();
        let mut add = |phrase: Vec<String>| {
            if !phrase.is_empty() && phrase != [word] && !out.contains(&phrase) {
                out.push(phrase);
            }
        };
        for group in self
            .synonyms
            .iter()
            .filter(|g| g.iter().any(|w| w == &[word]))
        {
            for other in group {
                add(other.clone());
            }
        }
        for (short, long) in &self.short_forms {
            if short == word {
                add(long.clone());
            }
            // A one-word long form stands for its short form too ("gorbachev" ↔ "gorby").
            if long.len() == 1 && long[0] == word {
                add(vec![short.clone()]);
            }
        }
        for numeral in numerals(word) {
            add(vec![numeral]);
        }
        out
    }

    /// Short forms whose long form is written out in a row of query words: (first word,
    /// number of words, short form). "united states" → (i, 2, "us").
    pub fn short_forms_in(&self, words: &[&str]) -> Vec<(usize, usize, &str)> {
        let mut out = Vec::new();
        for (short, long) in &self.short_forms {
            if long.len() < 2 || long.len() > words.len() {
                continue;
            }
            for start in 0..=words.len() - long.len() {
                if words[start..start + long.len()]
                    .iter()
                    .zip(long)
                    .all(|(a, b)| a == b)
                {
                    out.push((start, long.len(), short.as_str()));
                }
            }
        }
        out
    }
}

const ORDINALS: [&str; 10] = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
];

/// A number written as a Roman numeral ("ii"), lowercase; None beyond 39 (no dataset
/// name counts higher, and "l", "c", "d", "m" alone are words or initials).
pub fn roman(number: u32) -> Option<String> {
    if !(1..=39).contains(&number) {
        return None;
    }
    let mut out = "x".repeat((number / 10) as usize);
    out.push_str(
        ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"][(number % 10) as usize],
    );
    Some(out)
}

/// A Roman numeral's value (1–39), only in its canonical spelling.
pub fn from_roman(word: &str) -> Option<u32> {
    if word.is_empty() || !word.bytes().all(|b| matches!(b, b'i' | b'v' | b'x')) {
        return None;
    }
    (1..=39).find(|&n| roman(n).as_deref() == Some(word))
}

/// The same number in other writings: "2" ↔ "ii", "2nd" and "second" → "ii" and "2".
/// "i" and "first" stay themselves: "i" is a numeral only in "World War I", and a query
/// for "first" means the word far more often than the number.
fn numerals(word: &str) -> Vec<String> {
    let ordinal = ORDINALS
        .iter()
        .position(|o| *o == word)
        .map(|i| i as u32 + 1)
        .or_else(|| {
            let digits = word
                .strip_suffix("st")
                .or_else(|| word.strip_suffix("nd"))
                .or_else(|| word.strip_suffix("rd"))
                .or_else(|| word.strip_suffix("th"))?;
            (!digits.is_empty() && digits.len() <= 2 && digits.bytes().all(|b| b.is_ascii_digit()))
                .then(|| digits.parse().ok())
                .flatten()
        });
    if let Some(number) = ordinal {
        if number < 2 {
            return Vec::new();
        }
        return [roman(number), Some(number.to_string())]
            .into_iter()
            .flatten()
            .collect();
    }
    if !word.is_empty() && word.len() <= 2 && word.bytes().all(|b| b.is_ascii_digit()) {
        // Not 1: "i" is far more often an initial ("Leonid I. Brezhnev").
        return word
            .parse()
            .ok()
            .filter(|&n| n >= 2)
            .and_then(roman)
            .into_iter()
            .collect();
    }
    match from_roman(word) {
        Some(number) if number >= 2 => vec![number.to_string()],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_reads_and_every_word_is_folded_once() {
        let thesaurus = Thesaurus::get();
        assert!(Thesaurus::parse(TABLE).is_ok());
        assert!(thesaurus.synonyms.len() >= 30);
        for group in &thesaurus.synonyms {
            assert!(group.len() >= 2, "{group:?}");
            for word in group {
                assert!(!word.is_empty(), "{group:?}");
                assert_eq!(
                    thesaurus
                        .synonyms
                        .iter()
                        .filter(|g| g.contains(word))
                        .count(),
                    1,
                    "{word:?} is in two groups"
                );
            }
        }
    }

    #[test]
    fn alternatives_both_ways() {
        let thesaurus = Thesaurus::get();
        let words = |word: &str| thesaurus.alternatives(word);
        assert!(words("ceasefire").contains(&vec!["armistice".to_string()]));
        assert!(words("frontier").contains(&vec!["border".to_string()]));
        assert!(words("ussr").contains(&vec!["soviet".to_string(), "union".to_string()]));
        assert!(words("gorbachev").contains(&vec!["gorby".to_string()]));
        assert_eq!(words("2"), vec![vec!["ii".to_string()]]);
        assert_eq!(words("ii"), vec![vec!["2".to_string()]]);
        assert_eq!(
            words("second"),
            vec![vec!["ii".to_string()], vec!["2".to_string()]]
        );
        assert!(words("first").is_empty() && words("i").is_empty() && words("1").is_empty());
        assert!(words("sorge").is_empty());
        let found = thesaurus.short_forms_in(&["the", "united", "states", "visit"]);
        assert!(found.contains(&(1, 2, "us")), "{found:?}");
    }

    #[test]
    fn roman_numerals_round_trip() {
        for n in 1..=39 {
            assert_eq!(from_roman(&roman(n).unwrap()), Some(n));
        }
        assert_eq!(roman(14).as_deref(), Some("xiv"));
        assert_eq!(from_roman("iiii"), None);
        assert_eq!(roman(40), None);
    }
}
