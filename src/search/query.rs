//! The query language, in the spirit of fzf's extended mode.
//!
//! | syntax        | meaning                                                            |
//! |---------------|--------------------------------------------------------------------|
//! | `word`        | must match somewhere: name, alias, date, era, kind or summary word |
//! | `'word`       | literally (no spelling variants, typos or scattered letters)       |
//! | `^word`       | a name or alias starts with it                                     |
//! | `!word`       | leave out what `'word` would match                                 |
//! | `kind:treaty` | only this kind (`kind:person,place` for several; `era` too)        |
//! | `is:disputed` | only entities that record where sources disagree                   |
//! | `1941..1945`  | only what is dated within these years (`1941..`, `..1945`, `1918-1922`) |
//!
//! Words are split at spaces and at punctuation (`lake-khasan` is `lake khasan`), the same
//! way names are split in the index. A year (`1941`) or decade (`1940s`) as a word matches
//! dates that contain it.

use super::kind::DocKind;
use crate::fold::fold;
use crate::translit::query_keys;

/// The query syntax, for the help overlay and README (a test keeps README in step).
pub const SYNTAX: [(&str, &str); 10] = [
    (
        "word",
        "every word must match: a name or alias in any common romanisation (tokio, jeltsin, gorbatchev), with typos forgiven from 4 letters",
    ),
    (
        "1941  1940s",
        "a year or decade matches dates that contain it (kanagawa 1854)",
    ),
    (
        "treaty  era",
        "a kind word matches that kind; an era's name matches what is in it",
    ),
    (
        "'word",
        "literally: no other spellings, typos or scattered letters",
    ),
    ("^word", "a name or alias starts with it"),
    ("!word", "leave out what 'word would match"),
    (
        "kind:treaty",
        "only this kind (kind:person,era for several)",
    ),
    (
        "1941..1945",
        "only what is dated within (1941.., ..1945, 1918-1922)",
    ),
    (
        "disputed",
        "finds what records a disagreement between sources first, then the word in texts",
    ),
    (
        "is:disputed",
        "only what records a disagreement between sources",
    ),
];

/// How a term may match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TermMode {
    /// Exact, prefix, spelling variant, scattered letters or typo.
    Normal,
    /// `'word`: literally, as a whole word, a word's start or inside a word.
    Literal,
    /// `^word`: the first word of a name or alias starts with it.
    Anchored,
}

/// A year or decade a term names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearSpan {
    pub from: i32,
    pub to: i32,
}

/// One word of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Folded (lowercase, no diacritics).
    pub literal: String,
    /// Romanisation keys to try, the term's own first (see `translit.rs`).
    pub keys: Vec<String>,
    /// Length of `literal` in characters.
    pub chars: usize,
    pub mode: TermMode,
    /// The query's last word with nothing typed after it: typos may fall on a prefix.
    pub last: bool,
    /// A stop word ("of", "the"): counts when it matches, never excludes.
    pub optional: bool,
    /// Edits allowed: 1 from 4 letters, 2 from 8 (none for literal and anchored terms).
    pub max_typos: usize,
    /// The years a year or decade term ("1941", "1940s") names.
    pub years: Option<YearSpan>,
    /// The kind a kind word ("treaty", "people", "era") names.
    pub kind: Option<DocKind>,
    /// "disputed" (or "disagreement"): also matches what records a disagreement.
    pub disputed: bool,
}

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub terms: Vec<Term>,
    pub excluded: Vec<Term>,
    /// `kind:` filters; empty means any kind.
    pub kinds: Vec<DocKind>,
    /// `1941..1945`: only what is dated within (inclusive).
    pub years: Option<(i32, i32)>,
    /// `is:disputed`: only what records a disagreement.
    pub disputed_only: bool,
    /// Parts of the query that could not be understood, for the prompt or stderr.
    pub problems: Vec<String>,
}

/// Words too common to exclude anything: they count when they match, but a query such as
/// "treaty with china" still finds a treaty named without "with".
pub fn is_stop_word(word: &str) -> bool {
    matches!(
        word,
        "a" | "an"
            | "and"
            | "at"
            | "by"
            | "de"
            | "der"
            | "die"
            | "for"
            | "from"
            | "in"
            | "la"
            | "le"
            | "of"
            | "on"
            | "s"
            | "the"
            | "to"
            | "und"
            | "von"
            | "vs"
            | "with"
    )
}

/// Most words a query keeps; a pasted paragraph is cut here rather than slowing every key.
pub const MAX_TERMS: usize = 16;

/// Letters before the typo tolerance steps up (Meilisearch's defaults).
pub const ONE_TYPO_FROM: usize = 4;
pub const TWO_TYPOS_FROM: usize = 8;

fn typos_for(chars: usize) -> usize {
    match chars {
        c if c >= TWO_TYPOS_FROM => 2,
        c if c >= ONE_TYPO_FROM => 1,
        _ => 0,
    }
}

/// "1941" or "1940s" as years.
fn year_span(word: &str) -> Option<YearSpan> {
    let (digits, decade) = match word.strip_suffix('s') {
        Some(d) => (d, true),
        None => (word, false),
    };
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = digits.parse().ok()?;
    if decade {
        (year % 10 == 0).then_some(YearSpan {
            from: year,
            to: year + 9,
        })
    } else {
        Some(YearSpan {
            from: year,
            to: year,
        })
    }
}

/// "1941..1945", "1941..", "..1945", "1918-1922" or "1918–1922" as an inclusive range.
fn year_range(token: &str) -> Option<(i32, i32)> {
    let year = |s: &str| -> Option<i32> {
        (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    if let Some((a, b)) = token.split_once("..") {
        let from = if a.is_empty() { i32::MIN } else { year(a)? };
        let to = if b.is_empty() { i32::MAX } else { year(b)? };
        if a.is_empty() && b.is_empty() {
            return None;
        }
        return Some((from, to));
    }
    let (a, b) = token.split_once('-').or_else(|| token.split_once('–'))?;
    Some((year(a)?, year(b)?))
}

fn make_term(literal: &str, mode: TermMode) -> Term {
    let chars = literal.chars().count();
    let keys = query_keys(literal);
    Term {
        chars,
        mode,
        last: false,
        optional: mode == TermMode::Normal && is_stop_word(literal),
        // Counted on the shorter of the word and its key: "ussr" is "usr" once doubled
        // letters collapse, too short to forgive a typo.
        max_typos: if mode == TermMode::Normal {
            typos_for(chars.min(keys[0].chars().count()))
        } else {
            0
        },
        years: year_span(literal),
        kind: DocKind::parse(literal),
        disputed: mode == TermMode::Normal && is_disputed_word(literal),
        literal: literal.to_string(),
        keys,
    }
}

/// Words that ask for recorded disagreements.
fn is_disputed_word(word: &str) -> bool {
    matches!(
        word,
        "disputed" | "dispute" | "disputes" | "disagreement" | "disagreements" | "contested"
    )
}

/// Split folded text into words at anything that is not a letter or digit.
pub fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

impl Query {
    pub fn parse(text: &str) -> Query {
        let mut query = Query::default();
        let tokens: Vec<&str> = text.split_whitespace().collect();
        for token in tokens {
            let lower = token.to_lowercase();
            if let Some(kinds) = lower.strip_prefix("kind:") {
                for name in kinds.split(',').filter(|k| !k.is_empty()) {
                    match DocKind::parse(name) {
                        Some(kind) => query.kinds.push(kind),
                        None => query.problems.push(DocKind::unknown(name)),
                    }
                }
                continue;
            }
            if let Some(flag) = lower.strip_prefix("is:") {
                match flag {
                    "disputed" => query.disputed_only = true,
                    _ => query
                        .problems
                        .push(format!("unknown filter is:{flag} (is:disputed is known)")),
                }
                continue;
            }
            if let Some(range) = year_range(token) {
                query.years = Some(match query.years {
                    // Two ranges: what lies in both.
                    Some((from, to)) => (from.max(range.0), to.min(range.1)),
                    None => range,
                });
                continue;
            }
            let (body, mode, excluded) = if let Some(rest) = token.strip_prefix('!') {
                (rest, TermMode::Literal, true)
            } else if let Some(rest) = token.strip_prefix('\'') {
                (rest, TermMode::Literal, false)
            } else if let Some(rest) = token.strip_prefix('^') {
                (rest, TermMode::Anchored, false)
            } else {
                (token, TermMode::Normal, false)
            };
            let folded = fold(body).text;
            for (position, word) in words(&folded).enumerate() {
                // Only the first word of `^soviet-japanese` is anchored.
                let word_mode = if mode == TermMode::Anchored && position > 0 {
                    TermMode::Normal
                } else {
                    mode
                };
                let term = make_term(word, word_mode);
                let list = if excluded {
                    &mut query.excluded
                } else {
                    &mut query.terms
                };
                if list.len() < MAX_TERMS && !list.contains(&term) {
                    list.push(term);
                }
            }
        }
        // A query of stop words alone ("the") means them.
        if query.terms.iter().all(|t| t.optional) {
            for term in &mut query.terms {
                term.optional = false;
            }
        }
        // The word being typed: a typo may fall on its prefix.
        let still_typing = !text.ends_with(char::is_whitespace);
        if still_typing && let Some(last) = query.terms.last_mut() {
            last.last = true;
        }
        query
    }

    /// Whether the query asks for anything (terms or filters).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
            && self.excluded.is_empty()
            && self.kinds.is_empty()
            && self.years.is_none()
            && !self.disputed_only
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

    #[test]
    fn punctuation_splits_words_as_in_names() {
        let q = Query::parse("lake-khasan");
        let words: Vec<&str> = q.terms.iter().map(|t| t.literal.as_str()).collect();
        assert_eq!(words, ["lake", "khasan"]);
        let q = Query::parse("Soviet–Japanese Tōyō's");
        let words: Vec<&str> = q.terms.iter().map(|t| t.literal.as_str()).collect();
        assert_eq!(words, ["soviet", "japanese", "toyo", "s"]);
        assert!(q.terms[3].optional);
    }

    #[test]
    fn syntax_is_understood() {
        let q = Query::parse("'sorge ^soviet !arrest kind:treaty,era 1941..1945");
        assert_eq!(q.terms.len(), 2);
        assert_eq!(q.terms[0].mode, TermMode::Literal);
        assert_eq!(q.terms[1].mode, TermMode::Anchored);
        assert_eq!(q.excluded.len(), 1);
        assert_eq!(q.excluded[0].literal, "arrest");
        assert_eq!(q.kinds, vec![DocKind::Entity(Kind::Treaty), DocKind::Era]);
        assert_eq!(q.years, Some((1941, 1945)));
        assert!(q.problems.is_empty());
        assert_eq!(Query::parse("1918-1922").years, Some((1918, 1922)));
        assert_eq!(Query::parse("..1905").years, Some((i32::MIN, 1905)));
        assert_eq!(Query::parse("1991..").years, Some((1991, i32::MAX)));
    }

    #[test]
    fn disputed_is_a_word_and_a_filter() {
        let q = Query::parse("disputed kuril");
        assert!(q.terms[0].disputed && !q.terms[1].disputed);
        assert!(!q.disputed_only);
        // Taken literally, the word is only a word.
        assert!(!Query::parse("'disputed").terms[0].disputed);
        let q = Query::parse("is:disputed");
        assert!(q.disputed_only && q.terms.is_empty() && !q.is_empty());
        let q = Query::parse("is:odd");
        assert_eq!(q.problems.len(), 1);
    }

    #[test]
    fn unknown_kinds_are_reported_with_a_suggestion() {
        let q = Query::parse("kind:peple stalin");
        assert!(q.problems[0].contains("peple"), "{:?}", q.problems);
        assert!(q.problems[0].contains("person"), "{:?}", q.problems);
        assert_eq!(q.terms.len(), 1);
    }

    #[test]
    fn years_decades_and_typo_allowance() {
        let q = Query::parse("1941 1940s pact neutrality nonaggression");
        assert_eq!(
            q.terms[0].years,
            Some(YearSpan {
                from: 1941,
                to: 1941
            })
        );
        assert_eq!(
            q.terms[1].years,
            Some(YearSpan {
                from: 1940,
                to: 1949
            })
        );
        assert_eq!(q.terms[2].max_typos, 1);
        assert_eq!(q.terms[3].max_typos, 2);
        assert!(q.terms[4].last);
        assert!(!Query::parse("pact ").terms[0].last);
        assert_eq!(Query::parse("'pact").terms[0].max_typos, 0);
    }
}
