//! The query language, in the spirit of fzf's extended mode.
//!
//! | syntax        | meaning                                                            |
//! |---------------|--------------------------------------------------------------------|
//! | `word`        | should match: name, alias, era, kind or summary word (or another word for it) |
//! | `'word`       | literally (no spelling variants, typos or scattered letters)       |
//! | `^word`       | a name or alias starts with it                                     |
//! | `!word`       | leave out what `'word` would match                                 |
//! | `kind:treaty` | only this kind (`kind:person,place` for several; `era` too)        |
//! | `is:disputed` | only entities that record where sources disagree                   |
//! | `is:noted`    | only what the reader wrote a note on (`is:bookmarked`: bookmarked)  |
//! | a date        | only what is dated in it (`1951`, `Sept 1951`, `1941..1945`, `early 1950s`; see `when.rs`) |
//!
//! Words are split at spaces and at punctuation (`lake-khasan` is `lake khasan`), the same
//! way names are split in the index. Dates are read first, from whole tokens, so
//! `1951-09-08` is one date and not three words.

use super::kind::DocKind;
use super::thesaurus::Thesaurus;
use super::when::{self, DateFilter};
pub use super::words::{is_stop_word, words};
use crate::fold::fold;
use crate::translit::query_keys;

/// The query syntax, for the help overlay and README (a test keeps README in step).
pub const SYNTAX: [(&str, &str); 13] = [
    (
        "word",
        "a name or alias in any common romanisation (tokio, jeltsin, gorbatchev), with typos forgiven from 4 letters; results with every word come first",
    ),
    (
        "1951  Sept 1951  8.9.1951",
        "a date in any common form: only what is dated in it, what lies within first (in date order), then what overlaps it",
    ),
    (
        "1941..1945  1950s",
        "a period: ranges at any precision (Sept 1951 - April 1952, early 1950s, after 1936, before 1905)",
    ),
    (
        "treaty  era",
        "a kind word matches that kind; an era's name matches what is in it",
    ),
    (
        "ceasefire  ussr",
        "other words for the same thing (pact, frontier, ww2), short forms and numerals (2 = ii) count, a little less",
    ),
    (
        "how did … end",
        "question words (who, what, how, did …) never keep a result out",
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
        "disputed",
        "finds what records a disagreement between sources first, then the word in texts",
    ),
    (
        "is:disputed",
        "only what records a disagreement between sources",
    ),
    (
        "is:noted  is:bookmarked",
        "only what you wrote a note on, or bookmarked (a word of your note matches as a summary word does)",
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
    /// A stop word ("of", "the") or a question word: counts when it matches, never excludes.
    pub optional: bool,
    /// A question word or filler ("how", "did", "happened"): neither required nor scored.
    pub filler: bool,
    /// Holds a digit: matched whole (or as the start of the word being typed), never by
    /// typo or scattered letters.
    pub digits: bool,
    /// Edits allowed: 1 from 4 letters, 2 from 8 (none for literal and anchored terms, and
    /// none for words with digits).
    pub max_typos: usize,
    /// The kind a kind word ("treaty", "people", "era") names.
    pub kind: Option<DocKind>,
    /// "disputed" (or "disagreement"): also matches what records a disagreement.
    pub disputed: bool,
    /// Other ways to say it, each a phrase whose words must all match: synonyms, the long
    /// or short form, the numeral (`thesaurus.rs`).
    pub alternatives: Vec<Vec<String>>,
    /// The word run together with its neighbour ("sakha lin" → "sakhalin"), tried as one
    /// word where the index has it.
    pub joins: Vec<String>,
}

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub terms: Vec<Term>,
    pub excluded: Vec<Term>,
    /// `kind:` filters; empty means any kind.
    pub kinds: Vec<DocKind>,
    /// Dates and periods: only what is dated in every one of them.
    pub dates: Vec<DateFilter>,
    /// `is:disputed`: only what records a disagreement.
    pub disputed_only: bool,
    /// `is:noted`: only what the reader wrote a note on.
    pub noted_only: bool,
    /// `is:bookmarked`: only what the reader bookmarked.
    pub bookmarked_only: bool,
    /// Parts of the query that could not be understood, for the prompt or stderr.
    pub problems: Vec<String>,
}

/// Question words and fillers: "how did the russo-japanese war end" asks about the war and
/// its end, and a result need not say "how" or "did".
pub fn is_filler(word: &str) -> bool {
    matches!(
        word,
        "who"
            | "whom"
            | "whose"
            | "what"
            | "when"
            | "where"
            | "which"
            | "why"
            | "how"
            | "did"
            | "does"
            | "do"
            | "done"
            | "is"
            | "are"
            | "was"
            | "were"
            | "be"
            | "been"
            | "being"
            | "happen"
            | "happened"
            | "happens"
            | "happening"
            | "tell"
            | "me"
            | "about"
            | "there"
            | "it"
            | "its"
            | "they"
            | "their"
            | "can"
            | "could"
            | "would"
            | "should"
            | "will"
            | "has"
            | "have"
            | "had"
            | "get"
            | "got"
            | "any"
            | "some"
            | "all"
            | "much"
            | "many"
            | "very"
            | "i"
            | "we"
            | "you"
            | "please"
            | "show"
            | "find"
            | "list"
            | "between"
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

fn make_term(literal: &str, mode: TermMode) -> Term {
    let chars = literal.chars().count();
    let keys = query_keys(literal);
    let digits = literal.chars().any(|c| c.is_ascii_digit());
    let filler = mode == TermMode::Normal && is_filler(literal);
    Term {
        chars,
        mode,
        last: false,
        optional: mode == TermMode::Normal && (is_stop_word(literal) || filler),
        filler,
        digits,
        // Counted on the shorter of the word and its key: "ussr" is "usr" once doubled
        // letters collapse, too short to forgive a typo. Numbers are never fuzzy: a year
        // one digit off is another year.
        max_typos: if mode == TermMode::Normal && !digits {
            typos_for(chars.min(keys[0].chars().count()))
        } else {
            0
        },
        kind: DocKind::parse(literal),
        disputed: mode == TermMode::Normal && is_disputed_word(literal),
        alternatives: if mode == TermMode::Normal {
            Thesaurus::get().alternatives(literal)
        } else {
            Vec::new()
        },
        joins: Vec::new(),
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

impl Query {
    pub fn parse(text: &str) -> Query {
        let mut query = Query::default();
        let tokens: Vec<&str> = text.split_whitespace().collect();
        // Dates first: "8 September 1951" is one date over three tokens.
        let (dates, in_date) = when::find_dates(&tokens);
        query.dates = dates;
        for (token, _) in tokens.iter().zip(in_date).filter(|(_, dated)| !dated) {
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
                    "noted" | "note" | "notes" => query.noted_only = true,
                    "bookmarked" | "bookmark" | "bookmarks" => query.bookmarked_only = true,
                    _ => query.problems.push(format!(
                        "unknown filter is:{flag} (is:disputed, is:noted and is:bookmarked are known)"
                    )),
                }
                continue;
            }
            let (body, mode, excluded) = if let Some(rest) = token.strip_prefix('!') {
                (rest, TermMode::Literal, true)
            } else if let Some(rest) = token.strip_prefix('\'') {
                (rest, TermMode::Literal, false)
            } else if let Some(rest) = token.strip_prefix('^') {
                (rest, TermMode::Anchored, false)
            } else {
                (*token, TermMode::Normal, false)
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
        // A query of stop words or question words alone ("the", "who") means them.
        if query.terms.iter().all(|t| t.optional) {
            for term in &mut query.terms {
                term.optional = false;
                term.filler = false;
            }
        }
        query.add_word_forms();
        // The word being typed: a typo may fall on its prefix.
        let still_typing = !text.ends_with(char::is_whitespace);
        if still_typing && let Some(last) = query.terms.last_mut() {
            last.last = true;
        }
        query
    }

    /// Neighbours run together, and short forms of long forms written out ("united states"
    /// also finds "US").
    fn add_word_forms(&mut self) {
        let normal = |t: &Term| t.mode == TermMode::Normal && !t.filler;
        for at in 1..self.terms.len() {
            let (before, after) = self.terms.split_at_mut(at);
            let (a, b) = (&mut before[at - 1], &mut after[0]);
            if normal(a) && normal(b) {
                let joined = format!("{}{}", a.literal, b.literal);
                a.joins.push(joined.clone());
                b.joins.push(joined);
            }
        }
        let literals: Vec<&str> = self.terms.iter().map(|t| t.literal.as_str()).collect();
        let found: Vec<(usize, usize, String)> = Thesaurus::get()
            .short_forms_in(&literals)
            .into_iter()
            .map(|(start, len, short)| (start, len, short.to_string()))
            .collect();
        for (start, len, short) in found {
            for term in &mut self.terms[start..start + len] {
                let phrase = vec![short.clone()];
                if normal(term) && !term.alternatives.contains(&phrase) {
                    term.alternatives.push(phrase);
                }
            }
        }
    }

    /// The words that must be there for a result to match every word (not stop words or
    /// question words).
    pub fn required(&self) -> impl Iterator<Item = (usize, &Term)> {
        self.terms.iter().enumerate().filter(|(_, t)| !t.optional)
    }

    /// Whether the query asks for anything (terms or filters).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
            && self.excluded.is_empty()
            && self.kinds.is_empty()
            && self.dates.is_empty()
            && !self.disputed_only
            && !self.noted_only
            && !self.bookmarked_only
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
        assert_eq!(q.dates.len(), 1);
        assert_eq!((q.dates[0].from, q.dates[0].to), (19410101, 19451231));
        assert!(q.problems.is_empty());
        let span = |text: &str| {
            let q = Query::parse(text);
            assert!(q.terms.is_empty(), "{text}: {:?}", q.terms);
            (q.dates[0].from, q.dates[0].to)
        };
        assert_eq!(span("1918-1922"), (19180101, 19221231));
        assert_eq!(span("..1905"), (when::OPEN_START, 19051231));
        assert_eq!(span("1991.."), (19910101, when::OPEN_END));
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
    fn dates_are_filters_and_numbers_are_never_fuzzy() {
        let q = Query::parse("1941 1940s pact neutrality nonaggression");
        assert_eq!(q.dates.len(), 2);
        assert_eq!((q.dates[1].from, q.dates[1].to), (19400101, 19491231));
        assert_eq!(q.terms.len(), 3);
        assert_eq!(q.terms[0].max_typos, 1);
        assert_eq!(q.terms[1].max_typos, 2);
        assert!(q.terms[2].last);
        assert!(!Query::parse("pact ").terms[0].last);
        assert_eq!(Query::parse("'pact").terms[0].max_typos, 0);
        let numbers = Query::parse("unit 731 g7 12345");
        assert!(
            numbers.terms[1..]
                .iter()
                .all(|t| t.digits && t.max_typos == 0)
        );
    }

    #[test]
    fn questions_words_never_required_and_neighbours_joined() {
        let q = Query::parse("how did the russo-japanese war end");
        let required: Vec<&str> = q.required().map(|(_, t)| t.literal.as_str()).collect();
        assert_eq!(required, ["russo", "japanese", "war", "end"]);
        assert!(q.terms[0].filler && q.terms[0].optional);
        // Only question words: they are what was asked for.
        assert!(!Query::parse("who").terms[0].optional);
        let q = Query::parse("sakha lin");
        assert_eq!(q.terms[0].joins, ["sakhalin"]);
        assert_eq!(q.terms[1].joins, ["sakhalin"]);
        let q = Query::parse("united states visit");
        assert!(q.terms[0].alternatives.contains(&vec!["us".to_string()]));
        assert!(q.terms[1].alternatives.contains(&vec!["us".to_string()]));
        assert!(!q.terms[2].alternatives.contains(&vec!["us".to_string()]));
    }
}
