//! Screen layout as a pure function of the terminal size and state. Drawing and mouse
//! hit-testing both use it, so a click always lands on what was drawn there.

use super::action::Focus;
use crate::dataset::{Catalog, era_years};
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

/// Below this the app shows a short message instead of panes.
pub const MIN_WIDTH: u16 = 24;
pub const MIN_HEIGHT: u16 = 8;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    pub too_small: bool,
    pub era_bar: Rect,
    /// Second header line: the current era's name and summary (may be empty).
    pub era_caption: Rect,
    pub main: Rect,
    pub details: Rect,
    pub links: Rect,
    pub status: Rect,
    /// Everything between the header lines and the status bar.
    pub body: Rect,
    /// The top overlay (empty when none is open), and the rows of its list.
    pub overlay: Rect,
    pub overlay_list: Rect,
    /// Era labels on the era bar: (x, width, era index).
    pub era_labels: Vec<(u16, u16, usize)>,
    /// Text of each era label, parallel to `era_labels`.
    pub era_texts: Vec<String>,
}

impl Layout {
    pub fn era_at(&self, x: u16, y: u16) -> Option<usize> {
        if y != self.era_bar.y || self.era_bar.height == 0 {
            return None;
        }
        self.era_labels
            .iter()
            .find(|(start, width, _)| x >= *start && x < start + width)
            .map(|(_, _, era)| *era)
    }
}

/// Era labels at the most detailed level that fits: "1 Name 1855–1916", "1 1855–1916",
/// "1 1855", "1".
fn era_labels(catalog: &Catalog, width: u16) -> (Vec<(u16, u16, usize)>, Vec<String>) {
    let eras = catalog.eras();
    let levels: [&dyn Fn(usize) -> String; 4] = [
        &|i| format!(" {} {} {} ", i + 1, eras[i].name, era_years(&eras[i])),
        &|i| format!("{} {}", i + 1, era_years(&eras[i])),
        &|i| format!("{} {}", i + 1, eras[i].start.compact()),
        &|i| format!(" {} ", i + 1),
    ];
    for (level, label) in levels.iter().enumerate() {
        let texts: Vec<String> = (0..eras.len()).map(label).collect();
        let total: usize = texts.iter().map(|t| t.width() + 1).sum();
        if total <= width as usize || level == levels.len() - 1 {
            let mut x = 0u16;
            let mut spans = Vec::new();
            let mut shown = Vec::new();
            for (era, text) in texts.into_iter().enumerate() {
                let w = text.width() as u16;
                if x.saturating_add(w) > width {
                    break;
                }
                spans.push((x, w, era));
                shown.push(text);
                x = x.saturating_add(w + 1);
            }
            return (spans, shown);
        }
    }
    (Vec::new(), Vec::new())
}

/// The panes for a terminal size; below 80 columns the panes stack, and when even that does not
/// fit, only the focused pane shows. `maximised`: the focused pane has the whole body
/// (between the header lines and the status bar) at any size, the others no area.
/// Overlays are placed by the app (`App::layout`).
pub fn compute_layout(
    width: u16,
    height: u16,
    catalog: &Catalog,
    focus: Focus,
    maximised: bool,
) -> Layout {
    let mut layout = Layout::default();
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        layout.too_small = true;
        return layout;
    }
    let caption_lines = if height >= 16 { 1 } else { 0 };
    layout.era_bar = Rect::new(0, 0, width, 1);
    layout.era_caption = Rect::new(0, 1, width, caption_lines);
    layout.status = Rect::new(0, height - 1, width, 1);
    let top = 1 + caption_lines;
    let body = Rect::new(0, top, width, height - 1 - top);
    layout.body = body;
    let (labels, texts) = era_labels(catalog, width);
    layout.era_labels = labels;
    layout.era_texts = texts;

    if maximised {
        focused_alone(&mut layout, focus, body);
    } else if width >= 80 && body.height >= 10 {
        let left = (width as u32 / 2) as u16;
        layout.main = Rect::new(0, body.y, left, body.height);
        let right = Rect::new(left, body.y, width - left, body.height);
        let upper = (right.height as u32 * 60 / 100) as u16;
        layout.details = Rect::new(right.x, right.y, right.width, upper);
        layout.links = Rect::new(right.x, right.y + upper, right.width, right.height - upper);
    } else if body.height >= 21 {
        let third = body.height / 3;
        layout.main = Rect::new(0, body.y, width, third);
        layout.details = Rect::new(0, body.y + third, width, third);
        layout.links = Rect::new(0, body.y + 2 * third, width, body.height - 2 * third);
    } else {
        // Too small for three panes: the focused one takes the body.
        focused_alone(&mut layout, focus, body);
    }

    layout
}

/// The focused pane takes the whole body; the others keep no area.
fn focused_alone(layout: &mut Layout, focus: Focus, body: Rect) {
    match focus {
        Focus::Main => layout.main = body,
        Focus::Details => layout.details = body,
        Focus::Links => layout.links = body,
    }
}
