//! Overlays: popups over the main screen, kept as a stack. The top one takes the keys
//! (through its keymap scopes), the mouse (through its area) and is drawn last; Esc or a
//! click outside closes it.
//!
//! Adding an overlay: a file with its state and an `impl OverlayPane` (see help.rs,
//! search_prompt.rs, bookmarks.rs, note.rs), its keymap scope and bindings in keymap.rs,
//! and the action that pushes it in app.rs.

use super::action::Action;
pub use super::action::Outcome;
use super::keymap::{Keymap, Scope};
use super::theme::Theme;
use crate::dataset::Catalog;
use crate::search::SearchIndex;
use crate::store::Saved;
use ratatui::Frame;
use ratatui::layout::Rect;

/// An overlay on the stack.
pub type Overlay = Box<dyn OverlayPane>;

/// What overlays may read of the app.
pub struct Context<'a> {
    pub catalog: &'a Catalog,
    pub index: &'a SearchIndex,
    pub theme: &'a Theme,
    pub keymap: &'a Keymap,
    pub saved: &'a Saved,
    /// `saved` as search reads it, with the marks rows show.
    pub reader: &'a crate::search::Reader,
}

/// Centred over the panes, at most `max_width` columns and `max_height` rows (the body
/// keeps a margin of two columns and a row either side when it can).
pub fn centred(body: Rect, max_width: u16, max_height: u16) -> Rect {
    let width = body
        .width
        .saturating_sub(4)
        .clamp(20, max_width)
        .min(body.width);
    let height = body
        .height
        .saturating_sub(2)
        .clamp(5, max_height)
        .min(body.height);
    Rect::new(
        body.x + body.width.saturating_sub(width) / 2,
        body.y + body.height.saturating_sub(height) / 2,
        width,
        height,
    )
}

/// The rows inside a framed overlay below its one line of keys.
pub fn below_key_line(area: Rect) -> Rect {
    Rect::new(
        area.x + 1,
        area.y + 2,
        area.width.saturating_sub(2),
        area.height.saturating_sub(3),
    )
}

pub trait OverlayPane {
    /// The keymap scopes of its keys, most specific first.
    fn scopes(&self) -> &'static [Scope];
    /// Its name in the status bar.
    fn label(&self) -> &'static str;
    /// Whether printable keys are typed into it.
    fn takes_text(&self) -> bool {
        false
    }
    /// Whether a pasted line break stays one (a note) rather than a space (a query).
    fn keeps_line_breaks(&self) -> bool {
        false
    }
    /// Where it sits: over the whole screen (`screen`) or the panes (`body`).
    fn area(&self, screen: Rect, body: Rect) -> Rect;
    /// The rows of its list (for clicks), inside `area`.
    fn list_area(&self, _area: Rect) -> Rect {
        Rect::default()
    }
    /// The area changed (a resize): scrolled windows take its height.
    fn fit(&mut self, _area: Rect) {}
    /// Apply an action; work that a batch of actions can share waits for `settle`.
    fn update(&mut self, action: Action, context: &Context) -> Outcome;
    /// Finish the work a batch of actions left (the search prompt searches once).
    fn settle(&mut self, _context: &Context) {}
    fn draw(&self, frame: &mut Frame, area: Rect, context: &Context);
    /// The overlay as its own type (the search prompt, for the status bar and tests).
    fn as_any(&self) -> &dyn std::any::Any;
}
