//! Overlays: popups over the main screen, kept as a stack. The top one takes the keys
//! (through its keymap scope), the mouse (through its area) and is drawn last; Esc or a
//! click outside closes it.
//!
//! Adding an overlay: a file with its state, `update`, `area`, `draw` (see help.rs,
//! search_prompt.rs), its keymap scope and bindings in keymap.rs, and an arm in each
//! match below.

use super::action::Action;
pub use super::action::Outcome;
use super::help::HelpOverlay;
use super::keymap::Scope;
use super::search_prompt::SearchPrompt;
use super::theme::Theme;
use crate::dataset::Catalog;
use crate::search::SearchIndex;
use ratatui::Frame;
use ratatui::layout::Rect;

pub enum Overlay {
    Help(HelpOverlay),
    Search(Box<SearchPrompt>),
}

/// What overlays may read of the app.
pub struct Context<'a> {
    pub catalog: &'a Catalog,
    pub index: &'a SearchIndex,
    pub theme: &'a Theme,
}

impl Overlay {
    /// The keymap scope of its keys.
    pub fn scope(&self) -> Scope {
        match self {
            Overlay::Help(_) => Scope::Help,
            Overlay::Search(_) => Scope::Search,
        }
    }

    /// Its name in the status bar.
    pub fn label(&self) -> &'static str {
        match self {
            Overlay::Help(_) => " HELP ",
            Overlay::Search(_) => " SEARCH ",
        }
    }

    /// Whether unbound printable keys are typed into it.
    pub fn takes_text(&self) -> bool {
        matches!(self, Overlay::Search(_))
    }

    /// Where it sits: over the whole screen (`screen`) or the panes (`body`).
    pub fn area(&self, screen: Rect, body: Rect) -> Rect {
        match self {
            Overlay::Help(_) => HelpOverlay::area(screen),
            Overlay::Search(_) => SearchPrompt::area(body),
        }
    }

    /// The rows of its list (for clicks), inside `area`.
    pub fn list_area(&self, area: Rect) -> Rect {
        match self {
            Overlay::Help(_) => Rect::default(),
            Overlay::Search(prompt) => prompt.list_area(area),
        }
    }

    /// The area changed (a resize): scrolled windows take its height.
    pub fn fit(&mut self, area: Rect) {
        match self {
            Overlay::Help(help) => help.fit(area),
            Overlay::Search(prompt) => prompt.fit(area),
        }
    }

    /// Apply an action; work that a batch of actions can share waits for `settle`.
    pub fn update(&mut self, action: Action, context: &Context) -> Outcome {
        match self {
            Overlay::Help(help) => help.update(action),
            Overlay::Search(prompt) => prompt.apply(action, context.index),
        }
    }

    /// Finish the work a batch of actions left (the search prompt searches once).
    pub fn settle(&mut self, context: &Context) {
        match self {
            Overlay::Help(_) => {}
            Overlay::Search(prompt) => prompt.settle(context.index),
        }
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, context: &Context) {
        match self {
            Overlay::Help(help) => help.draw(frame, area, context.theme),
            Overlay::Search(prompt) => {
                prompt.draw(frame, area, context.catalog, context.index, context.theme)
            }
        }
    }
}
