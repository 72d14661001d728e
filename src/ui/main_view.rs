//! Views of the main pane besides the timeline list: each owns its state behind
//! `MainView` (update, click, draw, key scope, following the shown entity), and `App`
//! lends it the shared read-only context. Adding a view: a file with a type implementing
//! `MainView`, a `View` variant naming it, and one line in `views::all`.

use super::action::{Action, View};
use super::keymap::Scope;
use super::theme::Theme;
use crate::dataset::{Catalog, EntityIx, EraIx};
use ratatui::Frame;
use ratatui::layout::Rect;

/// What a view is given to act on: the app's shared state, read-only.
pub struct Context<'a> {
    pub catalog: &'a Catalog,
    /// The entity the details pane shows.
    pub current: Option<EntityIx>,
    /// The era of the selection.
    pub era: EraIx,
}

/// What drawing a view needs besides its own state.
pub struct DrawContext<'a> {
    pub catalog: &'a Catalog,
    pub theme: &'a Theme,
    pub current: Option<EntityIx>,
    pub era: EraIx,
    /// The main pane has the focus.
    pub focused: bool,
    /// The reader's bookmarks and notes, for their marks.
    pub reader: &'a crate::search::Reader,
}

/// What a view's update or click asks of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Not the view's business: the app handles the action as on the timeline.
    Ignored,
    /// Done within the view.
    Done,
    /// Show this entity in the details pane (`remember`: a step the reader can go back
    /// from); `to_links`: then give the links pane the focus, ready to follow one.
    Open {
        entity: EntityIx,
        remember: bool,
        to_links: bool,
    },
    /// Open this era's page.
    OpenEra(EraIx),
}

pub trait MainView {
    /// Which view this is.
    fn id(&self) -> View;
    /// The status bar's mode label (" MAP ").
    fn label(&self) -> &'static str;
    /// Key bindings that shadow the main screen's while the view has the focus.
    fn key_scope(&self) -> Option<Scope> {
        None
    }
    /// Whether the view stays up when the reader jumps era or opens a search result (a
    /// map of the era does; a chart of one entity gives way to the timeline).
    fn follows_the_timeline(&self) -> bool {
        true
    }
    /// Whether an entry the view opens keeps the era it was opened from (a map of an
    /// era does); false when the era follows the entry (the axis moves through time).
    fn keeps_the_era(&self) -> bool {
        true
    }
    /// The view is switched to: start where the reader is.
    fn on_open(&mut self, _context: &Context) {}
    /// The details pane now shows `entity`, however it came (a search, a link, the
    /// timeline, history, the view's own step): show what the view has of it.
    fn follow(&mut self, _catalog: &Catalog, _entity: EntityIx) {}
    /// An action while the view has the focus.
    fn update(&mut self, action: Action, context: &Context) -> Outcome;
    /// A click at (x, y) inside the view's `area`.
    fn click(&mut self, _area: Rect, _x: u16, _y: u16, _context: &Context) -> Outcome {
        Outcome::Ignored
    }
    fn draw(&self, frame: &mut Frame, area: Rect, context: &DrawContext);
    /// The view as its own type (tests, and callers that need one view's state).
    fn as_any(&self) -> &dyn std::any::Any;
}
