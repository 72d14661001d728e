//! Search keys: text folded for case and diacritics, with a map back to the original.
//!
//! fuzzy-matcher compares ASCII case-insensitively only, so 'togo' would not match 'Tōgō'
//! and 'сталин' would not match 'Сталин'. We match on folded text instead (Unicode
//! lowercase, NFD, combining marks dropped, dashes unified) and translate match positions
//! back to characters of the original text for highlighting.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folded text plus, for each folded character, the index of the original character.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Folded {
    pub text: String,
    pub origin: Vec<u32>,
}

impl Folded {
    /// Original character indices for folded character indices (sorted, no duplicates).
    pub fn original_positions(&self, folded: &[usize]) -> Vec<usize> {
        original_positions(&self.origin, folded)
    }
}

/// Original character indices for folded character indices, given a fold's origin map.
pub fn original_positions(origin: &[u32], folded: &[usize]) -> Vec<usize> {
    let mut out: Vec<usize> = folded
        .iter()
        .filter_map(|&i| origin.get(i).map(|&o| o as usize))
        .collect();
    out.dedup();
    out
}

/// Fold one character, telling `emit` each folded character.
fn fold_char(ch: char, mut emit: impl FnMut(char)) {
    if ch.is_ascii() {
        emit(ch.to_ascii_lowercase());
        return;
    }
    for part in std::iter::once(ch).nfd() {
        if is_combining_mark(part) {
            continue;
        }
        match part {
            // Dashes and the like, so "Soviet-Japanese" finds "Soviet–Japanese".
            '\u{2010}'..='\u{2015}' | '\u{2212}' => emit('-'),
            '\u{2018}' | '\u{2019}' | '\u{02BC}' => emit('\''),
            'ß' => {
                emit('s');
                emit('s');
            }
            _ => part.to_lowercase().for_each(&mut emit),
        }
    }
}

/// Fold text for matching.
pub fn fold(text: &str) -> Folded {
    let mut out = Folded {
        text: String::with_capacity(text.len()),
        origin: Vec::with_capacity(text.len()),
    };
    for (index, ch) in text.chars().enumerate() {
        fold_char(ch, |c| {
            out.text.push(c);
            out.origin.push(index as u32);
        });
    }
    out
}

/// Fold text into a reused buffer, without the map back (for building the index).
pub fn fold_into(text: &str, out: &mut String) {
    out.clear();
    // Most texts (English summaries, romanised names) are ASCII: lowercased whole.
    if text.is_ascii() {
        out.push_str(text);
        out.make_ascii_lowercase();
        return;
    }
    for ch in text.chars() {
        fold_char(ch, |c| out.push(c));
    }
}

/// Fold a query: the same as `fold`, whitespace collapsed.
pub fn fold_query(query: &str) -> String {
    let folded = fold(query.trim()).text;
    let mut out = String::with_capacity(folded.len());
    for word in folded.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_macrons_case_and_cyrillic() {
        assert_eq!(fold("Keizō Obuchi").text, "keizo obuchi");
        assert_eq!(fold("Sesshū Tōyō").text, "sesshu toyo");
        // Every diacritic goes, й included: query and key fold alike.
        assert_eq!(fold("Рамза́й").text, "рамзаи");
        assert_eq!(fold("Горбачёв").text, "горбачев");
        assert_eq!(fold("Soviet–Japanese").text, "soviet-japanese");
    }

    #[test]
    fn positions_map_back_to_original_characters() {
        // "Рамза́й": the accent is a separate combining character in the original.
        let folded = fold("Рамза\u{301}й");
        assert_eq!(folded.text, "рамзаи");
        assert_eq!(folded.original_positions(&[4, 5]), vec![4, 6]);
        let precomposed = fold("Tōgō");
        assert_eq!(precomposed.original_positions(&[1, 3]), vec![1, 3]);
    }

    #[test]
    fn query_whitespace_is_collapsed() {
        assert_eq!(fold_query("  Keizo   OBUCHI "), "keizo obuchi");
    }
}
