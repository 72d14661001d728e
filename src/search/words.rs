//! How a query and a thesaurus phrase are cut into words, and which words are too common
//! to require.

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

/// Split folded text into words at anything that is not a letter or digit.
pub fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}
