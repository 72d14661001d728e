//! The citation window: the shown entry's citation (`crate::cite`), after `y` copied it
//! through the terminal (said in its first line) or, where the terminal cannot be trusted
//! to take the clipboard sequence, shown so that it can be read and selected. It scrolls
//! and closes with the help's keys. One file: its state, keys, area and drawing.

use super::action::{Action, Outcome, Step};
use super::keymap::{Keymap, Scope};
use super::overlay::{Context, OverlayPane, centred};
use super::paint::pane_block;
use super::theme::Theme;
use super::viewport::Viewport;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitationOverlay {
    /// The citation, line by line, as it was copied.
    pub lines: Vec<String>,
    /// None: copied; else why it was not.
    pub not_copied: Option<&'static str>,
    /// The lines wrapped to the window's width (set by `fit`), scrolled.
    rows: Vec<String>,
    pub view: Viewport,
}

impl CitationOverlay {
    pub fn new(lines: Vec<String>, not_copied: Option<&'static str>) -> CitationOverlay {
        let mut overlay = CitationOverlay {
            rows: lines.clone(),
            lines,
            not_copied,
            view: Viewport::new(0),
        };
        overlay.view.set_len(overlay.rows.len());
        overlay
    }

    /// The citation as the clipboard got it (or would have).
    pub fn text(&self) -> String {
        crate::cite::as_text(&self.lines)
    }

    /// Centred over the panes, at most 100 columns, as high as the text needs.
    pub fn area(&self, body: Rect) -> Rect {
        let wanted = u16::try_from(self.lines.len() * 2 + 4).unwrap_or(u16::MAX);
        centred(body, 100, wanted)
    }

    /// The window's size changed: wrap to its inside, a row for the note and a gap
    /// above the text.
    pub fn fit(&mut self, area: Rect) {
        let width = usize::from(area.width.saturating_sub(2)).max(1);
        self.rows = self
            .lines
            .iter()
            .flat_map(|line| super::text::wrap(line, width))
            .collect();
        self.view.set_len(self.rows.len());
        self.view
            .set_height(usize::from(area.height.saturating_sub(4)));
    }

    pub fn update(&mut self, action: Action) -> Outcome {
        match action {
            Action::Move(step) => self.view.scroll(step),
            Action::Wheel { down, .. } => self.view.scroll(Step::By(if down { 3 } else { -3 })),
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
        let close = keymap.key_of(Scope::Help, "close");
        let block = pane_block(format!(" Citation · {close} closes "), true, theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let note = match self.not_copied {
            None => "Copied to the clipboard.".to_string(),
            Some(why) => format!("Not copied ({why}): select it to copy (Shift-drag)."),
        };
        let mut shown = vec![Line::styled(note, theme.dim()), Line::default()];
        shown.extend(
            self.rows
                .iter()
                .skip(self.view.offset)
                .take(usize::from(inner.height.saturating_sub(2)))
                .map(|row| Line::raw(row.clone())),
        );
        frame.render_widget(Paragraph::new(shown), inner);
    }
}

impl OverlayPane for CitationOverlay {
    fn scopes(&self) -> &'static [Scope] {
        &[Scope::Help]
    }
    fn label(&self) -> &'static str {
        " CITATION "
    }
    fn area(&self, _screen: Rect, body: Rect) -> Rect {
        CitationOverlay::area(self, body)
    }
    fn fit(&mut self, area: Rect) {
        CitationOverlay::fit(self, area);
    }
    fn update(&mut self, action: Action, _context: &Context) -> Outcome {
        CitationOverlay::update(self, action)
    }
    fn draw(&self, frame: &mut Frame, area: Rect, context: &Context) {
        CitationOverlay::draw(self, frame, area, context.theme, context.keymap);
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
