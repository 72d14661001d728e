//! The search field's line editor: a cursor, readline's movement and deletion keys, and
//! the cursor's display column for the terminal cursor.

use unicode_width::UnicodeWidthStr;

pub use super::action::Edit;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineEditor {
    text: String,
    /// Cursor position in characters.
    cursor: usize,
    /// Most characters the line holds (0: no limit).
    limit: usize,
}

impl LineEditor {
    pub fn with_limit(limit: usize) -> LineEditor {
        LineEditor {
            limit,
            ..LineEditor::default()
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Whether the line is as long as it may be.
    pub fn is_full(&self) -> bool {
        self.limit > 0 && self.text.chars().count() >= self.limit
    }

    /// Display columns before the cursor (where the terminal cursor goes).
    pub fn cursor_column(&self) -> usize {
        self.text[..self.byte(self.cursor)].width()
    }

    fn byte(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(at, _)| at)
    }

    fn chars(&self) -> Vec<char> {
        self.text.chars().collect()
    }

    /// Start of the word before the cursor (skipping spaces first), in characters.
    fn word_start_before(&self) -> usize {
        let chars = self.chars();
        let mut at = self.cursor;
        while at > 0 && chars[at - 1].is_whitespace() {
            at -= 1;
        }
        while at > 0 && !chars[at - 1].is_whitespace() {
            at -= 1;
        }
        at
    }

    fn word_end_after(&self) -> usize {
        let chars = self.chars();
        let mut at = self.cursor;
        while at < chars.len() && chars[at].is_whitespace() {
            at += 1;
        }
        while at < chars.len() && !chars[at].is_whitespace() {
            at += 1;
        }
        at
    }

    fn delete(&mut self, from: usize, to: usize) {
        let (start, end) = (self.byte(from), self.byte(to));
        self.text.replace_range(start..end, "");
        self.cursor = from;
    }

    /// Apply an edit; true when the text changed.
    pub fn apply(&mut self, edit: Edit) -> bool {
        let length = self.text.chars().count();
        match edit {
            Edit::Insert(c) => {
                // A bidi override or control would reach the screen as typed: refused.
                if self.is_full() || crate::sanitize::is_hostile(c) {
                    return false;
                }
                let at = self.byte(self.cursor);
                self.text.insert(at, c);
                self.cursor += 1;
                return true;
            }
            Edit::DeleteBack if self.cursor > 0 => self.delete(self.cursor - 1, self.cursor),
            Edit::DeleteForward if self.cursor < length => {
                self.delete(self.cursor, self.cursor + 1)
            }
            Edit::DeleteWordBack if self.cursor > 0 => {
                self.delete(self.word_start_before(), self.cursor)
            }
            Edit::DeleteToStart if self.cursor > 0 => self.delete(0, self.cursor),
            Edit::Left => self.cursor = self.cursor.saturating_sub(1),
            Edit::Right => self.cursor = (self.cursor + 1).min(length),
            Edit::WordLeft => self.cursor = self.word_start_before(),
            Edit::WordRight => self.cursor = self.word_end_after(),
            Edit::Home => self.cursor = 0,
            Edit::End => self.cursor = length,
            _ => return false,
        }
        matches!(
            edit,
            Edit::DeleteBack | Edit::DeleteForward | Edit::DeleteWordBack | Edit::DeleteToStart
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> LineEditor {
        let mut editor = LineEditor::default();
        for c in text.chars() {
            editor.apply(Edit::Insert(c));
        }
        editor
    }

    #[test]
    fn readline_keys_move_and_delete() {
        let mut e = typed("kuril islands");
        assert_eq!(e.cursor(), 13);
        e.apply(Edit::WordLeft);
        assert_eq!(e.cursor(), 6);
        e.apply(Edit::Left);
        e.apply(Edit::Insert('s'));
        assert_eq!(e.text(), "kurils islands");
        e.apply(Edit::Home);
        e.apply(Edit::DeleteForward);
        assert_eq!(e.text(), "urils islands");
        e.apply(Edit::WordRight);
        assert_eq!(e.cursor(), 5);
        assert!(e.apply(Edit::DeleteWordBack));
        assert_eq!((e.text(), e.cursor()), (" islands", 0));
        e.apply(Edit::End);
        e.apply(Edit::DeleteBack);
        assert_eq!(e.text(), " island");
        e.apply(Edit::WordLeft);
        assert!(e.apply(Edit::DeleteToStart));
        assert_eq!((e.text(), e.cursor()), ("island", 0));
        assert!(!e.apply(Edit::DeleteBack), "nothing before the cursor");
    }

    #[test]
    fn the_cursor_column_counts_display_width() {
        let mut e = typed("東京 tokyo");
        e.apply(Edit::Home);
        e.apply(Edit::Right);
        assert_eq!(e.cursor_column(), 2, "a wide character is two columns");
        e.apply(Edit::End);
        assert_eq!(e.cursor_column(), 10);
        // Edits inside multi-byte text keep it valid.
        e.apply(Edit::Home);
        e.apply(Edit::DeleteForward);
        assert_eq!(e.text(), "京 tokyo");
    }

    #[test]
    fn a_limit_stops_growth() {
        let mut e = LineEditor::with_limit(3);
        for c in "abcdef".chars() {
            e.apply(Edit::Insert(c));
        }
        assert_eq!(e.text(), "abc");
        assert!(e.is_full());
    }
}
