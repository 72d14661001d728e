//! The note overlay: the reader's own words on the shown entity, over as many lines as they
//! need (a text area from ratatui-textarea, wrapped between words). The line editor's keys
//! move and delete as in the search prompt; Enter starts a line; Ctrl-S saves (an empty
//! note removes it); Esc leaves it as it was, asking once when there are unsaved changes.
//! One file: its state, keys, area and drawing.

use super::action::{Action, Edit, Outcome};
use super::keymap::{Keymap, Scope};
use super::overlay::{Context, OverlayPane};
use super::paint::{ellipsize, pane_block};
use super::theme::Theme;
use crate::store::{Change, MAX_NOTE};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

pub struct NoteOverlay {
    /// The entity's id and name.
    pub id: String,
    pub name: String,
    editor: TextArea<'static>,
    /// The note as it was when the overlay opened.
    original: String,
    /// Esc was pressed once with unsaved changes: a second one leaves them.
    confirming_leave: bool,
}

impl NoteOverlay {
    pub fn new(id: &str, name: &str, note: Option<&str>) -> NoteOverlay {
        // A store edited by hand may hold what must not reach the terminal: the editor
        // shows (and saves) such characters as the rest of the explorer draws them.
        let original: String = note
            .unwrap_or_default()
            .lines()
            .map(|line| crate::sanitize::cells(line).into_owned())
            .collect::<Vec<_>>()
            .join("\n");
        let lines: Vec<String> = if original.is_empty() {
            vec![String::new()]
        } else {
            original.lines().map(str::to_string).collect()
        };
        let mut editor = TextArea::new(lines);
        editor.set_wrap_mode(WrapMode::WordOrGlyph);
        editor.set_cursor_line_style(Style::new());
        editor.set_max_histories(200);
        editor.move_cursor(CursorMove::Bottom);
        editor.move_cursor(CursorMove::End);
        NoteOverlay {
            id: id.to_string(),
            name: name.to_string(),
            editor,
            original,
            confirming_leave: false,
        }
    }

    /// The note as written so far, lines joined by line breaks.
    pub fn text(&self) -> String {
        self.editor.lines().join("\n")
    }

    /// Characters written, line breaks included (what `MAX_NOTE` counts).
    pub fn length(&self) -> usize {
        let lines = self.editor.lines();
        lines.iter().map(|l| l.chars().count()).sum::<usize>() + lines.len().saturating_sub(1)
    }

    pub fn is_full(&self) -> bool {
        self.length() >= MAX_NOTE
    }

    /// Changed since it was opened.
    pub fn is_changed(&self) -> bool {
        self.text().trim_end() != self.original.trim_end()
    }

    /// Across the panes, up to 14 rows high.
    pub fn area(body: Rect) -> Rect {
        super::overlay::centred(body, 100, 14)
    }

    fn edit(&mut self, edit: Edit) {
        let room = self.length() < MAX_NOTE;
        let editor = &mut self.editor;
        match edit {
            // A pasted bidi override or control never reaches the text (nor the screen).
            Edit::Insert(c) if crate::sanitize::is_hostile(c) => {}
            Edit::Insert(c) => {
                if room {
                    editor.insert_char(c);
                }
            }
            Edit::Newline => {
                if room {
                    editor.insert_newline();
                }
            }
            Edit::DeleteBack => {
                editor.delete_char();
            }
            Edit::DeleteForward => {
                editor.delete_next_char();
            }
            Edit::DeleteWordBack => {
                editor.delete_word();
            }
            Edit::DeleteToStart => {
                editor.delete_line_by_head();
            }
            Edit::Left => editor.move_cursor(CursorMove::Back),
            Edit::Right => editor.move_cursor(CursorMove::Forward),
            Edit::WordLeft => editor.move_cursor(CursorMove::WordBack),
            Edit::WordRight => editor.move_cursor(CursorMove::WordEnd),
            Edit::Home => editor.move_cursor(CursorMove::Head),
            Edit::End => editor.move_cursor(CursorMove::End),
            Edit::Up => editor.move_cursor(CursorMove::Up),
            Edit::Down => editor.move_cursor(CursorMove::Down),
        }
    }

    pub fn update(&mut self, action: Action) -> Outcome {
        let leaving = matches!(action, Action::Cancel | Action::ClickOutside);
        if !leaving {
            self.confirming_leave = false;
        }
        match action {
            Action::Edit(edit) => self.edit(edit),
            Action::Activate => {
                return Outcome::Store {
                    change: Change::SetNote(self.id.clone(), self.text()),
                    close: true,
                };
            }
            Action::Cancel | Action::ClickOutside => {
                if !self.is_changed() || self.confirming_leave {
                    return Outcome::Close;
                }
                self.confirming_leave = true;
            }
            _ => {}
        }
        Outcome::Stay
    }

    /// The line of keys under the text, and the size used of the limit.
    fn footer(&self, keymap: &Keymap) -> String {
        let used = format!("{}/{MAX_NOTE}", self.length());
        if self.confirming_leave {
            return format!(
                "Unsaved changes: {} again leaves them, {} saves · {used}",
                keymap.key_of(Scope::Note, "cancel_note"),
                keymap.key_of(Scope::Note, "save_note"),
            );
        }
        let full = if self.is_full() { " (full)" } else { "" };
        format!(
            "{} saves (empty removes it) · {} new line · {} leaves · {used}{full}",
            keymap.key_of(Scope::Note, "save_note"),
            keymap.key_of(Scope::Note, "new_line"),
            keymap.key_of(Scope::Note, "cancel_note"),
        )
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme, keymap: &Keymap) {
        if area.width < 10 || area.height < 3 {
            return;
        }
        frame.render_widget(Clear, area);
        let title = format!(" ✎ Note on {} ", self.name);
        let title = ellipsize(&title, area.width.saturating_sub(4) as usize);
        let block = pane_block(title, true, theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let footer_rows = u16::from(inner.height >= 3);
        let text_area = Rect {
            height: inner.height - footer_rows,
            ..inner
        };
        // The text area keeps its own scroll position as it is drawn (the widget's way).
        frame.render_widget(&self.editor, text_area);
        if footer_rows > 0 {
            let style = if self.confirming_leave || self.is_full() {
                theme.warning()
            } else {
                theme.dim()
            };
            let footer = ellipsize(&self.footer(keymap), inner.width as usize);
            let at = Rect {
                y: inner.y + inner.height - 1,
                height: 1,
                ..inner
            };
            frame.render_widget(Paragraph::new(Line::styled(footer, style)), at);
        }
        // The terminal's own cursor where the text area draws its one (screen readers
        // follow it).
        let cursor = self.editor.screen_cursor();
        let (top, left) = self.editor.scroll_offset();
        let row = cursor.row.checked_sub(usize::from(top));
        let column = cursor.col.checked_sub(usize::from(left));
        if let (Some(row), Some(column)) = (row, column)
            && row < usize::from(text_area.height)
            && column < usize::from(text_area.width)
        {
            frame.set_cursor_position(Position::new(
                text_area.x + column as u16,
                text_area.y + row as u16,
            ));
        }
    }
}

impl OverlayPane for NoteOverlay {
    fn scopes(&self) -> &'static [Scope] {
        &[Scope::Note, Scope::Edit]
    }
    fn label(&self) -> &'static str {
        " NOTE "
    }
    fn takes_text(&self) -> bool {
        true
    }
    fn keeps_line_breaks(&self) -> bool {
        true
    }
    fn area(&self, _screen: Rect, body: Rect) -> Rect {
        NoteOverlay::area(body)
    }
    fn update(&mut self, action: Action, _context: &Context) -> Outcome {
        NoteOverlay::update(self, action)
    }
    fn draw(&self, frame: &mut Frame, area: Rect, context: &Context) {
        NoteOverlay::draw(self, frame, area, context.theme, context.keymap);
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(note: &mut NoteOverlay, text: &str) {
        for c in text.chars() {
            let edit = if c == '\n' {
                Edit::Newline
            } else {
                Edit::Insert(c)
            };
            note.update(Action::Edit(edit));
        }
    }

    #[test]
    fn writes_lines_and_saves_them() {
        let mut note = NoteOverlay::new("kuril-islands", "Kuril Islands", Some("ask"));
        typed(&mut note, "!\nsecond line\nthird");
        note.update(Action::Edit(Edit::Up));
        note.update(Action::Edit(Edit::Home));
        typed(&mut note, "the ");
        assert_eq!(
            note.update(Action::Activate),
            Outcome::Store {
                change: Change::SetNote(
                    "kuril-islands".into(),
                    "ask!\nthe second line\nthird".into()
                ),
                close: true
            }
        );
    }

    #[test]
    fn a_hostile_note_reaches_the_editor_as_visible_characters() {
        let note = NoteOverlay::new("x", "X", Some("a\u{1b}[31m\u{202e}b\r\nc"));
        assert_eq!(note.text(), "a\u{241b}[31m\u{fffd}b\nc");
        assert!(
            !note
                .text()
                .chars()
                .any(|c| c != '\n' && crate::sanitize::is_hostile(c))
        );
        let mut typed = NoteOverlay::new("x", "X", None);
        for c in ['a', '\u{202e}', '\u{1b}', 'b'] {
            typed.update(Action::Edit(Edit::Insert(c)));
        }
        assert_eq!(typed.text(), "ab");
    }

    #[test]
    fn leaving_unsaved_changes_asks_once() {
        let mut note = NoteOverlay::new("kuril-islands", "Kuril Islands", None);
        assert_eq!(note.update(Action::Cancel), Outcome::Close);
        typed(&mut note, "draft");
        assert_eq!(note.update(Action::Cancel), Outcome::Stay);
        assert!(note.footer(&Keymap::default()).contains("Unsaved changes"));
        assert_eq!(note.update(Action::Cancel), Outcome::Close);
    }

    #[test]
    fn the_limit_stops_growth_and_shows() {
        let mut note = NoteOverlay::new("kuril-islands", "Kuril Islands", None);
        typed(&mut note, &"x".repeat(MAX_NOTE - 1));
        typed(&mut note, "\nyz");
        assert_eq!(note.length(), MAX_NOTE);
        assert!(note.is_full());
        assert!(note.footer(&Keymap::default()).contains("4000/4000 (full)"));
    }
}
