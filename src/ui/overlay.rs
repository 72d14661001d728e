//! Overlays: popups over the main screen, kept as a stack. The top one takes the keys
//! (through its keymap scopes), the mouse (through its area) and is drawn last; Esc or a
//! click outside closes it.
//!
//! Adding an overlay: a file with its state, `update`, `area`, `draw` (see help.rs,
//! search_prompt.rs, bookmarks.rs, note.rs), its keymap scope and bindings in keymap.rs,
//! and an arm in each match below.

use super::action::Action;
pub use super::action::Outcome;
use super::bookmarks::BookmarksOverlay;
use super::help::HelpOverlay;
use super::keymap::{Keymap, Scope};
use super::note::NoteOverlay;
use super::search_prompt::SearchPrompt;
use super::theme::Theme;
use crate::dataset::Catalog;
use crate::search::SearchIndex;
use crate::store::Saved;
use ratatui::Frame;
use ratatui::layout::Rect;

pub enum Overlay {
    Help(HelpOverlay),
    Search(Box<SearchPrompt>),
    Bookmarks(BookmarksOverlay),
    Note(NoteOverlay),
}

/// What overlays may read of the app.
pub struct Context<'a> {
    pub catalog: &'a Catalog,
    pub index: &'a SearchIndex,
    pub theme: &'a Theme,
    pub keymap: &'a Keymap,
    pub saved: &'a Saved,
}

impl Overlay {
    /// The keymap scopes of its keys, most specific first.
    pub fn scopes(&self) -> &'static [Scope] {
        match self {
            Overlay::Help(_) => &[Scope::Help],
            Overlay::Search(_) => &[Scope::Search, Scope::Edit],
            Overlay::Bookmarks(_) => &[Scope::Bookmarks],
            Overlay::Note(_) => &[Scope::Note, Scope::Edit],
        }
    }

    /// Its name in the status bar.
    pub fn label(&self) -> &'static str {
        match self {
            Overlay::Help(_) => " HELP ",
            Overlay::Search(_) => " SEARCH ",
            Overlay::Bookmarks(_) => " BOOKMARKS ",
            Overlay::Note(_) => " NOTE ",
        }
    }

    /// Whether unbound printable keys are typed into it.
    pub fn takes_text(&self) -> bool {
        matches!(self, Overlay::Search(_) | Overlay::Note(_))
    }

    /// Where it sits: over the whole screen (`screen`) or the panes (`body`).
    pub fn area(&self, screen: Rect, body: Rect) -> Rect {
        match self {
            Overlay::Help(_) => HelpOverlay::area(screen),
            Overlay::Search(_) => SearchPrompt::area(body),
            Overlay::Bookmarks(_) => BookmarksOverlay::area(body),
            Overlay::Note(_) => NoteOverlay::area(body),
        }
    }

    /// The rows of its list (for clicks), inside `area`.
    pub fn list_area(&self, area: Rect) -> Rect {
        match self {
            Overlay::Help(_) | Overlay::Note(_) => Rect::default(),
            Overlay::Search(prompt) => prompt.list_area(area),
            Overlay::Bookmarks(_) => BookmarksOverlay::list_area(area),
        }
    }

    /// The area changed (a resize): scrolled windows take its height.
    pub fn fit(&mut self, area: Rect) {
        match self {
            Overlay::Help(help) => help.fit(area),
            Overlay::Search(prompt) => prompt.fit(area),
            Overlay::Bookmarks(list) => list.fit(area),
            Overlay::Note(_) => {}
        }
    }

    /// Apply an action; work that a batch of actions can share waits for `settle`.
    pub fn update(&mut self, action: Action, context: &Context) -> Outcome {
        match self {
            Overlay::Help(help) => help.update(action),
            Overlay::Search(prompt) => prompt.apply(action, context.index),
            Overlay::Bookmarks(list) => list.update(action, context.catalog, context.saved),
            Overlay::Note(note) => note.update(action),
        }
    }

    /// Finish the work a batch of actions left (the search prompt searches once).
    pub fn settle(&mut self, context: &Context) {
        match self {
            Overlay::Search(prompt) => prompt.settle(context.index),
            Overlay::Bookmarks(list) => list.refresh(context.saved),
            Overlay::Help(_) | Overlay::Note(_) => {}
        }
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, context: &Context) {
        match self {
            Overlay::Help(help) => help.draw(frame, area, context.theme, context.keymap),
            Overlay::Search(prompt) => prompt.draw(
                frame,
                area,
                context.catalog,
                context.index,
                context.theme,
                context.keymap,
            ),
            Overlay::Bookmarks(list) => list.draw(
                frame,
                area,
                (context.catalog, context.saved),
                context.theme,
                context.keymap,
            ),
            Overlay::Note(note) => note.draw(frame, area, context.theme, context.keymap),
        }
    }
}
