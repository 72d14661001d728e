//! The details pane: the shown entity's text, wrapped for the pane's width (again only
//! when the entity, the width or the reader's notes change), in a scrolled window.

use super::paint::pane_block;
use super::text::{self, DetailsContext};
use super::theme::Theme;
use super::viewport::Viewport;
use crate::dataset::EntityIx;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

#[derive(Default)]
pub struct DetailsPane {
    pub lines: Vec<Line<'static>>,
    /// The width `lines` were wrapped for (0: wrap again).
    width: u16,
    pub view: Viewport,
}

impl DetailsPane {
    /// Another entity: scrolled to the top, wrapped afresh.
    pub fn reset(&mut self) {
        self.view = Viewport::default();
        self.width = 0;
    }

    /// The text changed (a bookmark or note): wrap again on the next refresh.
    pub fn invalidate(&mut self) {
        self.width = 0;
    }

    /// Wrap the entity's text for `width` columns, unless it already is.
    pub fn refresh(&mut self, width: u16, entity: Option<EntityIx>, context: &DetailsContext) {
        if width == self.width && !self.lines.is_empty() {
            return;
        }
        self.width = width;
        self.lines = match entity {
            Some(entity) => text::details_lines(context, entity, width as usize),
            None => Vec::new(),
        };
        self.view.set_len(self.lines.len());
    }

    /// Scroll so the line reading `heading` is near the top, the window `height` rows.
    pub fn scroll_to(&mut self, heading: &str, height: usize) {
        let at = self.lines.iter().position(|line| {
            line.spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect::<String>()
                == heading
        });
        self.view.set_height(height);
        if let Some(at) = at
            && at + 2 > height
        {
            let last_top = self.view.len.saturating_sub(height);
            self.view.offset = at.min(last_top);
        }
    }

    /// `empty`: what the pane says when nothing is shown (names the key that searches).
    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme, focused: bool, empty: &str) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        let visible = area.height.saturating_sub(2) as usize;
        let total = self.lines.len();
        let title = if total > visible {
            format!(
                " Details · {}–{}/{} ",
                self.view.offset + 1,
                (self.view.offset + visible).min(total),
                total
            )
        } else {
            " Details ".to_string()
        };
        let block = pane_block(title, focused, theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let lines: Vec<Line> = self
            .lines
            .iter()
            .skip(self.view.offset)
            .take(inner.height as usize)
            .cloned()
            .collect();
        if lines.is_empty() {
            frame.render_widget(Paragraph::new(empty.to_string()).style(theme.dim()), inner);
        } else {
            frame.render_widget(Paragraph::new(lines), inner);
        }
    }
}
