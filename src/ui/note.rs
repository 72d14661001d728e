//! The note overlay: one line of the reader's own words on the shown entity. Enter saves
//! (an empty note removes it), Esc leaves it as it was. One file: its state, keys, area
//! and drawing.

use super::action::{Action, Outcome};
use super::keymap::{Keymap, Scope};
use super::line_editor::LineEditor;
use super::overlay::{Context, OverlayPane};
use super::paint::{ellipsize, pane_block};
use super::theme::Theme;
use crate::store::{Change, MAX_NOTE};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteOverlay {
    /// The entity's id and name.
    pub id: String,
    pub name: String,
    pub editor: LineEditor,
}

impl NoteOverlay {
    pub fn new(id: &str, name: &str, note: Option<&str>) -> NoteOverlay {
        let mut editor = LineEditor::with_limit(MAX_NOTE);
        for c in note.unwrap_or_default().chars() {
            editor.apply(super::action::Edit::Insert(c));
        }
        NoteOverlay {
            id: id.to_string(),
            name: name.to_string(),
            editor,
        }
    }

    /// Across the panes, five rows high, a third of the way down.
    pub fn area(body: Rect) -> Rect {
        let width = body.width.saturating_sub(4).clamp(20, 100).min(body.width);
        let height = 5.min(body.height);
        Rect::new(
            body.x + (body.width - width) / 2,
            body.y + body.height.saturating_sub(height) / 3,
            width,
            height,
        )
    }

    pub fn update(&mut self, action: Action) -> Outcome {
        match action {
            Action::Edit(edit) => {
                self.editor.apply(edit);
            }
            Action::Activate => {
                return Outcome::Store {
                    change: Change::SetNote(self.id.clone(), self.editor.text().to_string()),
                    close: true,
                };
            }
            Action::Cancel | Action::ClickOutside => return Outcome::Close,
            _ => {}
        }
        Outcome::Stay
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme, keymap: &Keymap) {
        if area.width < 10 || area.height < 3 {
            return;
        }
        frame.render_widget(Clear, area);
        let title = format!(" Note on {} ", self.name);
        let title = ellipsize(&title, area.width.saturating_sub(4) as usize);
        let block = pane_block(title, true, theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        // The line scrolls so the cursor stays in view.
        let prompt = "✎ ";
        let room = (inner.width as usize).saturating_sub(prompt.width() + 1);
        let text = self.editor.text();
        let column = self.editor.cursor_column();
        let skip = column.saturating_sub(room);
        let mut shown = String::new();
        let mut at = 0;
        for c in text.chars() {
            let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if at >= skip && at + w <= skip + room {
                shown.push(c);
            }
            at += w;
        }
        let mut lines = vec![Line::from(vec![
            Span::styled(prompt, theme.accent()),
            Span::raw(shown),
        ])];
        if inner.height >= 3 {
            lines.push(Line::default());
            let full = if self.editor.is_full() {
                format!(" · at most {MAX_NOTE} characters")
            } else {
                String::new()
            };
            lines.push(Line::styled(
                format!(
                    "{} saves (empty removes it) · {} leaves it as it was{full}",
                    keymap.key_of(Scope::Note, "save_note"),
                    keymap.key_of(Scope::Note, "cancel_note")
                ),
                theme.dim(),
            ));
        }
        frame.render_widget(Paragraph::new(lines), inner);
        let x = inner.x as usize + prompt.width() + column - skip;
        if x < (inner.x + inner.width) as usize && inner.height > 0 {
            frame.set_cursor_position(Position::new(x as u16, inner.y));
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
    use crate::ui::action::Edit;

    #[test]
    fn edits_saves_and_cancels() {
        let mut note = NoteOverlay::new("kuril-islands", "Kuril Islands", Some("ask"));
        note.update(Action::Edit(Edit::Insert('!')));
        assert_eq!(
            note.update(Action::Activate),
            Outcome::Store {
                change: Change::SetNote("kuril-islands".into(), "ask!".into()),
                close: true
            }
        );
        assert_eq!(note.update(Action::Cancel), Outcome::Close);
    }
}
