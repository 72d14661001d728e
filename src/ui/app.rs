//! Application state and the one `update` function that changes it.
//!
//! Input never touches the state directly: the keymap and the mouse turn events into
//! `Action`s, and `App::update` applies them. `App` composes pieces that own their state
//! and know nothing of it: a `Viewport` per list and text pane, the browsing `History`,
//! and the overlay stack (help, search prompt). `draw` reads only.

pub use super::action::{Action, Focus, LinkRow, Location, TimelineLine, View};
use super::bookmarks::{BookmarksOverlay, Listing};
use super::details_pane::DetailsPane;
use super::era_page::EraPage;
use super::help::HelpOverlay;
use super::history::History;
use super::keymap::{Keymap, Scope};
use super::layout::{Layout, compute_layout};
use super::links_pane::LinksPane;
use super::main_view::{self, MainView, Outcome as ViewOutcome};
use super::map_view::MapPane;
use super::note::NoteOverlay;
use super::overlay::{self, Outcome, Overlay};
use super::search_prompt::SearchPrompt;
use super::text::DetailsContext;
use super::theme::Theme;
use super::timeline_pane::TimelinePane;
use super::viewport::Step;
use crate::dataset::{Catalog, EntityIx, EraIx, RowIx};
use crate::search::{Reader, SearchIndex, Target};
use crate::store::{Change, Saved};
use ratatui::layout::Rect;

pub struct App {
    pub catalog: Catalog,
    pub index: SearchIndex,
    pub theme: Theme,
    pub width: u16,
    pub height: u16,
    pub focus: Focus,
    /// The focused pane has the whole screen (tmux's zoom); Tab moves the focus and the
    /// newly focused pane is shown maximised.
    pub maximised: bool,
    pub view: View,
    /// Popups over the main screen; the last one is on top and takes the keys.
    pub overlays: Vec<Overlay>,
    /// The timeline list: its selected row and window.
    pub timeline: TimelinePane,
    /// Entity shown in the details pane.
    pub current: Option<EntityIx>,
    /// The details pane: `current`'s text, wrapped, scrolled.
    pub details: DetailsPane,
    /// The links pane: `current`'s links, one selected.
    pub links: LinksPane,
    /// The main pane's other views (map, chart), each owning its state; `view` says
    /// which is up (`View::Timeline`: none of them).
    views: Vec<Box<dyn MainView>>,
    history: History<Location>,
    /// The era kept while a view (the map) moves its own selection through entities of
    /// other eras: moving between places does not change the era on screen. Cleared when
    /// the reader opens or selects anything else.
    era_pin: Option<EraIx>,
    /// The keys in use (the table's, with the settings' changes).
    pub keymap: Keymap,
    /// The reader's bookmarks and notes, as last read or changed.
    pub saved: Saved,
    /// The same, as search reads them (rebuilt whenever `saved` changes).
    pub reader: Reader,
    /// Changes to the bookmarks and notes not yet written: the event loop writes them
    /// (update does no I/O) and gives back the store as it then is.
    pub pending: Vec<Change>,
    /// A message for the status bar (a store that could not be written).
    pub notice: Option<String>,
    /// What brings back the last bookmark or note removed (`UndoRemoval`).
    undo: Option<Change>,
    pub quit: bool,
    /// The reader asked to stop nisso for the shell (Ctrl-Z); the event loop does it.
    pub suspend: bool,
    /// Whether a copy goes through the terminal (OSC 52) or is shown; the event loop
    /// sets it from the settings and the terminal.
    pub clipboard: super::clipboard::Clipboard,
    /// Bytes for the terminal's clipboard, written by the event loop after the frame.
    pub clipboard_out: Option<Vec<u8>>,
    /// The dataset's title, shown above the panes (its meta's; the event loop gives a
    /// dataset without one its file's name).
    pub title: String,
}

/// The explorer's one sanitiser edge: every text it can show is made safe for the
/// terminal's cells once, before the explorer sees it (ids and lookups are untouched;
/// entities read later from a cache are cleaned as they are read).
pub fn prepare_for_display(catalog: &mut Catalog) {
    catalog.sanitise_texts(|text| {
        if let std::borrow::Cow::Owned(clean) = crate::sanitize::cells(text) {
            *text = clean;
        }
    });
}

impl App {
    /// The explorer over a catalog, in the standard theme.
    pub fn new(catalog: Catalog, width: u16, height: u16) -> App {
        App::with_theme(catalog, Theme::default(), width, height)
    }

    /// The explorer in a theme chosen by the caller (`ui::run` reads NO_COLOR once).
    pub fn with_theme(mut catalog: Catalog, theme: Theme, width: u16, height: u16) -> App {
        prepare_for_display(&mut catalog);
        let index = SearchIndex::new(&catalog);
        App::with_index(catalog, index, theme, width, height)
    }

    /// The explorer over a catalog already prepared (`prepare_for_display`) and its index
    /// (built, or read from the dataset cache).
    pub fn with_index(
        catalog: Catalog,
        index: SearchIndex,
        theme: Theme,
        width: u16,
        height: u16,
    ) -> App {
        let views = super::views::all(&catalog);
        let timeline = TimelinePane::new(&catalog);
        let title = catalog
            .meta()
            .map(|meta| meta.title.trim().to_string())
            .unwrap_or_default();
        let mut app = App {
            catalog,
            index,
            theme,
            width,
            height,
            focus: Focus::Main,
            maximised: false,
            view: View::Timeline,
            overlays: Vec::new(),
            timeline,
            current: None,
            details: DetailsPane::default(),
            links: LinksPane::default(),
            views,
            history: History::new(),
            era_pin: None,
            keymap: Keymap::default(),
            saved: Saved::default(),
            reader: Reader::default(),
            pending: Vec::new(),
            notice: None,
            undo: None,
            quit: false,
            suspend: false,
            clipboard: super::clipboard::Clipboard::default(),
            clipboard_out: None,
            title,
        };
        app.show_timeline_row(RowIx(0));
        app.keep_in_view();
        app
    }

    /// The panes and, when one is open, the top overlay's area.
    pub fn layout(&self) -> Layout {
        let mut layout = compute_layout(
            self.width,
            self.height,
            &self.catalog,
            self.focus,
            self.maximised,
        );
        if let Some(top) = self.overlays.last()
            && !layout.too_small
        {
            let screen = Rect::new(0, 0, self.width, self.height);
            layout.overlay = top.area(screen, layout.body);
            layout.overlay_list = top.list_area(layout.overlay);
        }
        layout
    }

    /// What has the keys: the top overlay's scope, or the main screen's.
    pub fn mode(&self) -> Scope {
        self.overlays
            .last()
            .map_or(Scope::Browse, |top| top.scopes()[0])
    }

    /// The search prompt, when it is open.
    pub fn search(&self) -> Option<&SearchPrompt> {
        self.overlays
            .iter()
            .rev()
            .find_map(|overlay| overlay.as_any().downcast_ref::<SearchPrompt>())
    }

    /// The keymap scopes that apply to the next key, most specific first.
    pub fn scopes(&self) -> Vec<Scope> {
        match self.overlays.last() {
            Some(top) => top
                .scopes()
                .iter()
                .copied()
                .chain([Scope::Global])
                .collect(),
            None => {
                let view_scope = self
                    .active_view()
                    .filter(|_| self.focus == Focus::Main)
                    .and_then(|view| view.key_scope());
                view_scope
                    .into_iter()
                    .chain([Scope::Browse, Scope::Global])
                    .collect()
            }
        }
    }

    /// Whether unbound printable keys are typed (into the search prompt).
    pub fn takes_text(&self) -> bool {
        self.overlays.last().is_some_and(|top| top.takes_text())
    }

    /// Whether the top overlay keeps pasted line breaks (a note).
    pub fn keeps_line_breaks(&self) -> bool {
        self.overlays
            .last()
            .is_some_and(|top| top.keeps_line_breaks())
    }

    /// The era on screen: the selected era heading's, else the era of the entity the
    /// details pane shows (the header follows what is open), else the timeline row's.
    pub fn current_era(&self) -> EraIx {
        if let Some(era) = self.era_pin.or(self.timeline.heading) {
            return era;
        }
        match self
            .current
            .or_else(|| self.catalog.entity_at(self.timeline.row))
        {
            Some(entity) => self.catalog.era_of(entity),
            None => EraIx(0),
        }
    }

    /// Open an era's page over the panes: its span, summary, sources, counts by kind, key
    /// entries (Enter opens one) and the borders at its start. Nothing for an era the
    /// dataset does not have.
    pub fn open_era_page(&mut self, era: EraIx) {
        if era.0 >= self.catalog.eras().len() {
            return;
        }
        let page = EraPage::new(&self.catalog, era);
        self.overlays.push(Box::new(page));
    }

    /// The view up in the main pane, unless it is the timeline list.
    pub fn active_view(&self) -> Option<&dyn MainView> {
        self.view_state(self.view)
    }

    /// A view's state, whether it is up or not.
    pub fn view_state(&self, view: View) -> Option<&dyn MainView> {
        self.views
            .iter()
            .find(|v| v.id() == view)
            .map(|v| v.as_ref())
    }

    /// The map's state (for tests and the map's own callers).
    pub fn map(&self) -> Option<&MapPane> {
        self.view_state(View::Map)
            .and_then(|view| view.as_any().downcast_ref())
    }

    pub fn can_go_back(&self) -> bool {
        self.history.can_go_back()
    }

    pub fn can_go_forward(&self) -> bool {
        self.history.can_go_forward()
    }

    /// Apply an action, then settle.
    pub fn update(&mut self, action: Action) {
        self.update_batch(&[action]);
    }

    /// Apply actions that arrived together (a paste), then settle once: the search prompt
    /// searches for the final query only.
    pub fn update_batch(&mut self, actions: &[Action]) {
        for &action in actions {
            self.apply(action);
            if self.quit {
                return;
            }
        }
        self.settle();
    }

    /// Finish what applied actions left: the prompt's search, windows and selections in
    /// view. The event loop applies a burst of events one by one (each key read in the
    /// mode the previous left) and settles once before drawing.
    pub fn settle(&mut self) {
        let context = overlay::Context {
            catalog: &self.catalog,
            index: &self.index,
            theme: &self.theme,
            keymap: &self.keymap,
            saved: &self.saved,
            reader: &self.reader,
        };
        if let Some(top) = self.overlays.last_mut() {
            top.settle(&context);
        }
        self.keep_in_view();
    }

    /// Apply one action without settling (see `settle`).
    pub fn apply(&mut self, action: Action) {
        // A notice stays until the next thing the reader does.
        if !matches!(action, Action::Resize(..)) {
            self.notice = None;
        }
        match action {
            Action::Quit => self.quit = true,
            Action::Suspend => self.suspend = true,
            Action::Resize(width, height) => {
                self.width = width;
                self.height = height;
                self.refresh_details();
            }
            Action::UndoRemoval => self.undo_removal(),
            _ if !self.overlays.is_empty() => self.update_overlay(action),
            _ => self.update_browse(action),
        }
    }

    fn update_overlay(&mut self, action: Action) {
        let context = overlay::Context {
            catalog: &self.catalog,
            index: &self.index,
            theme: &self.theme,
            keymap: &self.keymap,
            saved: &self.saved,
            reader: &self.reader,
        };
        let Some(top) = self.overlays.last_mut() else {
            return;
        };
        match top.update(action, &context) {
            Outcome::Stay => {}
            Outcome::ShowSyntax => {
                let help = HelpOverlay::at_syntax(&self.keymap);
                self.overlays.push(Box::new(help));
            }
            Outcome::Close => {
                self.overlays.pop();
            }
            Outcome::Open(target) => {
                self.overlays.pop();
                self.open_target(target);
            }
            Outcome::Store { change, close } => {
                if close {
                    self.overlays.pop();
                }
                self.record(change);
            }
            Outcome::EditNote(entity) => self.edit_note(entity),
        }
    }

    /// Open the note editor on an entity, over whatever is shown.
    fn edit_note(&mut self, entity: EntityIx) {
        let id = self.catalog.id(entity);
        let note = NoteOverlay::new(id, &self.catalog.entity(entity).name, self.saved.note(id));
        self.overlays.push(Box::new(note));
    }

    /// Bring back what the last removal took (a bookmark, a note).
    fn undo_removal(&mut self) {
        match self.undo.take() {
            Some(change) => {
                let what = match &change {
                    Change::AddBookmark(_) => "bookmark",
                    _ => "note",
                };
                self.record(change);
                self.notice = Some(format!("Brought the {what} back."));
            }
            None => self.notice = Some("Nothing removed to bring back.".to_string()),
        }
    }

    fn open_target(&mut self, target: Target) {
        match target {
            Target::Era(era) => {
                self.jump_to_era(era);
                self.focus = Focus::Main;
            }
            Target::Entity(entity) => {
                self.open_entity(entity, true);
                self.focus = if self.catalog.timeline_row(entity).is_some() {
                    Focus::Main
                } else {
                    Focus::Links
                };
                self.leave_view_that_does_not_follow();
            }
        }
    }

    fn update_browse(&mut self, action: Action) {
        match action {
            Action::Move(step) => self.move_in(self.focus, step),
            Action::FocusNext => self.cycle_focus(true),
            Action::FocusPrev => self.cycle_focus(false),
            // The axis jumps by era in its own way (the window fitted to the era).
            Action::PrevEra | Action::NextEra | Action::JumpEra(_)
                if self.focus == Focus::Main && self.update_view(action) => {}
            Action::PrevEra => {
                let era = self.current_era();
                if era.0 > 0 {
                    self.jump_to_era(EraIx(era.0 - 1));
                }
            }
            Action::NextEra => self.jump_to_era(EraIx(self.current_era().0 + 1)),
            Action::JumpEra(era) => self.jump_to_era(EraIx(era)),
            Action::JumpDisputed(forward) => self.jump_to_disputed(forward),
            Action::OpenEraPage => self.open_era_page(self.current_era()),
            Action::Activate => self.activate(),
            Action::Back => self.go_back(),
            Action::Forward => self.go_forward(),
            Action::OpenSearch => {
                let prompt = SearchPrompt::open_for(&self.index, self.reader.clone());
                self.overlays.push(Box::new(prompt));
            }
            Action::ToggleHelp => self.overlays.push(Box::new(HelpOverlay::new(&self.keymap))),
            Action::ToggleBookmark => {
                if let Some(entity) = self.current {
                    let id = self.catalog.id(entity).to_string();
                    self.record(if self.saved.is_bookmarked(&id) {
                        Change::RemoveBookmark(id)
                    } else {
                        Change::AddBookmark(id)
                    });
                }
            }
            Action::ShowBookmarks => self
                .overlays
                .push(Box::new(BookmarksOverlay::new(&self.saved))),
            Action::ShowNotes => self
                .overlays
                .push(Box::new(BookmarksOverlay::of(Listing::Notes, &self.saved))),
            Action::EditNote => {
                if let Some(entity) = self.current {
                    self.edit_note(entity);
                }
            }
            Action::CopyCitation => self.copy_citation(),
            Action::ToggleMap => self.toggle_view(View::Map),
            Action::MapMove(..) | Action::MapZoom(_) | Action::MapPan(..) => {
                self.update_view(action);
            }
            Action::StepInTime(forward) => self.step_in_time(forward),
            Action::ToggleChart => self.toggle_view(View::Chart),
            Action::ToggleAxis => self.toggle_view(View::Axis),
            Action::AxisTime(_)
            | Action::AxisLane(_)
            | Action::AxisZoom(_)
            | Action::AxisGrouping => {
                self.update_view(action);
            }
            Action::ToggleMaximise => {
                self.maximised = !self.maximised;
                self.refresh_details();
            }
            // Esc closes the map or chart.
            Action::Cancel => self.view = View::Timeline,
            Action::ClickEra(era) => self.jump_to_era(EraIx(era)),
            Action::ClickPane { pane, row, x, y } => self.click_pane(pane, row, x, y),
            Action::Wheel {
                pane: Some(pane),
                down,
            } => self.wheel(pane, down),
            _ => {}
        }
    }

    /// The shown entry's citation (the era's on an era heading): recorded for the
    /// terminal's clipboard when it takes one (the event loop writes it) and shown, or
    /// only shown, with why, when it does not.
    fn copy_citation(&mut self) {
        let format = crate::cite::Format::Text;
        let lines = match (self.timeline.heading, self.current) {
            (None, Some(entity)) => crate::cite::entity(&self.catalog, entity, format),
            _ => crate::cite::era(&self.catalog, self.current_era(), format),
        };
        let text = crate::cite::as_text(&lines);
        let not_copied = match &self.clipboard {
            super::clipboard::Clipboard::Off(why) => Some(*why),
            on => {
                self.clipboard_out = on.sequence(&text);
                self.notice = Some("Citation copied to the clipboard".into());
                None
            }
        };
        let overlay = super::citation::CitationOverlay::new(lines, not_copied);
        self.overlays.push(Box::new(overlay));
    }

    fn toggle_view(&mut self, view: View) {
        if self.view == view {
            self.view = View::Timeline;
            return;
        }
        self.view = view;
        self.focus = Focus::Main;
        self.act_on_view(view, |shown, context| {
            shown.on_open(context);
            ViewOutcome::Done
        });
    }

    /// An action for the view up in the main pane; false when it is not the view's.
    fn update_view(&mut self, action: Action) -> bool {
        self.act_on_view(self.view, |view, context| view.update(action, context))
    }

    /// Let a view act with the shared context lent to it, then do what it asks; false
    /// when there is no such view or it ignored the action.
    fn act_on_view(
        &mut self,
        view: View,
        act: impl FnOnce(&mut dyn MainView, &main_view::Context) -> ViewOutcome,
    ) -> bool {
        let context = main_view::Context {
            catalog: &self.catalog,
            current: self.current,
            era: self.current_era(),
        };
        let Some(target) = self.views.iter_mut().find(|v| v.id() == view) else {
            return false;
        };
        let keeps_the_era = target.keeps_the_era();
        let outcome = act(target.as_mut(), &context);
        self.follow_view(outcome, keeps_the_era)
    }

    /// Do what a view's update or click asks; false when it ignored the action.
    fn follow_view(&mut self, outcome: ViewOutcome, keeps_the_era: bool) -> bool {
        match outcome {
            ViewOutcome::Ignored => false,
            ViewOutcome::Done => true,
            ViewOutcome::Open {
                entity,
                remember,
                to_links,
            } => {
                let era = self.current_era();
                self.open_entity(entity, remember);
                if keeps_the_era {
                    self.era_pin = Some(era);
                }
                if to_links {
                    self.focus = Focus::Links;
                }
                true
            }
            ViewOutcome::OpenEra(era) => {
                self.open_era_page(era);
                true
            }
        }
    }

    /// Move the selection (or scroll) of a pane.
    fn move_in(&mut self, pane: Focus, step: Step) {
        match pane {
            Focus::Main => match self.view {
                View::Timeline => {
                    match self.timeline.stepped(&self.catalog, step) {
                        Some(TimelineLine::Row(row)) => self.show_timeline_row(row),
                        Some(TimelineLine::Heading(era)) => self.select_heading(era),
                        None => {}
                    }
                    self.timeline.reveal = true;
                }
                _ => {
                    self.update_view(Action::Move(step));
                }
            },
            Focus::Details => self.details.view.scroll(step),
            Focus::Links => self.links.step(step),
        }
    }

    /// Tab order. Panes hidden by a small layout are still visited: the layout then shows
    /// the focused pane alone.
    fn cycle_focus(&mut self, forward: bool) {
        let order = [Focus::Main, Focus::Details, Focus::Links];
        let at = order.iter().position(|&f| f == self.focus).unwrap_or(0);
        let next = if forward {
            (at + 1) % order.len()
        } else {
            (at + order.len() - 1) % order.len()
        };
        self.focus = order[next];
        self.refresh_details();
    }

    fn location(&self) -> Location {
        Location {
            entity: self.current,
            timeline_row: self.timeline.row,
            view: self.view,
        }
    }

    fn remember(&mut self) {
        self.history.leave(self.location());
    }

    fn restore(&mut self, location: Location) {
        let last = self.catalog.timeline().len().saturating_sub(1);
        self.timeline.row = RowIx(location.timeline_row.0.min(last));
        self.timeline.heading = None;
        self.timeline.reveal = true;
        self.era_pin = None;
        self.view = location.view;
        self.set_current(location.entity);
    }

    fn go_back(&mut self) {
        if let Some(location) = self.history.back(self.location()) {
            self.restore(location);
        }
    }

    fn go_forward(&mut self) {
        if let Some(location) = self.history.forward(self.location()) {
            self.restore(location);
        }
    }

    fn jump_to_era(&mut self, era: EraIx) {
        if era.0 >= self.catalog.eras().len() {
            return;
        }
        self.remember();
        self.leave_view_that_does_not_follow();
        let row = self.catalog.era_first_row(era);
        let heading = self.timeline.line_of_heading(&self.catalog, era);
        if self
            .catalog
            .entity_at(row)
            .is_some_and(|entity| self.catalog.era_of(entity) == era)
        {
            self.show_timeline_row(row);
        } else {
            // An era without events: its heading is the selection.
            self.select_heading(era);
        }
        // The era's heading at the top of the pane (as far as the list allows).
        self.timeline.view.offset = heading;
        self.timeline.view.set_len(self.timeline.view.len);
        self.timeline.reveal = true;
    }

    /// Select an era's heading on the timeline; the details pane shows its first event.
    fn select_heading(&mut self, era: EraIx) {
        let row = self.catalog.era_first_row(era);
        if self
            .catalog
            .entity_at(row)
            .is_some_and(|entity| self.catalog.era_of(entity) == era)
        {
            self.show_timeline_row(row);
        }
        self.timeline.heading = Some(era);
        self.era_pin = None;
    }

    /// Open the next or previous entity that records a disagreement (time order, wrapping)
    /// and scroll its details to the "Sources disagree" section.
    fn jump_to_disputed(&mut self, forward: bool) {
        let Some(step) = self.catalog.next_disputed(self.current, forward) else {
            return;
        };
        let target = step.entity;
        self.open_target(Target::Entity(target));
        // A new entity's window has no height until the next layout pass: give it one now.
        let height = rows_inside(self.layout().details);
        self.details
            .scroll_to(crate::present::DISAGREEMENTS_HEADING, height);
    }

    /// Open the next or previous timeline entry (from the shown one, else from the
    /// selected row) as a step the reader can go back from; the view up stays, so the map
    /// shows the entry's places and the borders of its date. Nothing past either end.
    fn step_in_time(&mut self, forward: bool) {
        let here = self
            .current
            .and_then(|entity| self.catalog.timeline_row(entity))
            .unwrap_or(self.timeline.row);
        let row = if forward {
            here.0.checked_add(1)
        } else {
            here.0.checked_sub(1)
        };
        if let Some(entity) = row.and_then(|row| self.catalog.entity_at(RowIx(row))) {
            self.open_entity(entity, true);
        }
    }

    /// Back to the timeline list from a view of one entity (the chart) when the reader
    /// jumps elsewhere.
    fn leave_view_that_does_not_follow(&mut self) {
        if self
            .active_view()
            .is_some_and(|view| !view.follows_the_timeline())
        {
            self.view = View::Timeline;
        }
    }

    /// Select a timeline row and show its entity.
    fn show_timeline_row(&mut self, row: RowIx) {
        self.timeline.row = row;
        self.timeline.heading = None;
        self.era_pin = None;
        let entity = self.catalog.entity_at(row);
        self.set_current(entity);
    }

    /// Show an entity in details; events also select their timeline row.
    pub fn open_entity(&mut self, entity: EntityIx, remember: bool) {
        if remember {
            self.remember();
        }
        if let Some(row) = self.catalog.timeline_row(entity) {
            self.timeline.row = row;
            self.timeline.reveal = true;
        }
        // The selection leaves a heading for what is opened.
        self.timeline.heading = None;
        self.era_pin = None;
        self.set_current(Some(entity));
    }

    /// Show an entity (or nothing) in details and links; every view follows it, however
    /// it came (a search, a link, the timeline, history).
    fn set_current(&mut self, entity: Option<EntityIx>) {
        let changed = self.current != entity;
        self.current = entity;
        if let Some(entity) = entity {
            for view in &mut self.views {
                view.follow(&self.catalog, entity);
            }
        }
        if changed {
            self.details.reset();
            self.links.show(&self.catalog, entity);
        }
        self.refresh_details();
    }

    /// Open the view the settings ask for.
    pub fn open_with(&mut self, view: View) {
        if view != View::Timeline {
            self.toggle_view(view);
        }
    }

    /// Start at an entity or era, as `nisso open` asks (a TimelineJS link opens one slide):
    /// what a search result opens, with the same focus; an entity off the timeline (a
    /// person, a place) with the timeline at its era. Nothing to go back to behind it.
    pub fn open_at(&mut self, target: Target) {
        if let Target::Entity(entity) = target
            && self.catalog.timeline_row(entity).is_none()
        {
            self.jump_to_era(self.catalog.era_of(entity));
        }
        self.open_target(target);
        self.history = History::new();
        self.keep_in_view();
    }

    /// Go back to where the reader was (the store's last place): the entity if the
    /// dataset still has it, else the era; nothing when neither is known.
    pub fn return_to(&mut self, place: &crate::store::Place) {
        if let Some(entity) = place
            .entity
            .as_deref()
            .and_then(|id| self.catalog.index_of(id))
        {
            match self.catalog.timeline_row(entity) {
                Some(row) => self.show_timeline_row(row),
                // Not on the timeline (a person, a place): its era, then it.
                None => self.jump_to_era(self.catalog.era_of(entity)),
            }
            self.open_entity(entity, false);
        } else if let Some(era) = place
            .era
            .as_deref()
            .and_then(|id| self.catalog.era_index_of(id))
        {
            self.jump_to_era(era);
        }
        self.keep_in_view();
    }

    /// Where the reader is now, for the store.
    pub fn place(&self) -> crate::store::Place {
        crate::store::Place {
            era: self
                .catalog
                .eras()
                .get(self.current_era().0)
                .map(|era| era.id.clone()),
            entity: self.current.map(|e| self.catalog.id(e).to_string()),
        }
    }

    /// A change to the bookmarks and notes: shown at once, written by the event loop.
    fn record(&mut self, change: Change) {
        if let Some((undo, what)) = self.undo_of(&change) {
            self.undo = Some(undo);
            self.notice = Some(what);
        }
        change.apply_to(&mut self.saved);
        self.reader = Reader::of_saved(&self.catalog, &self.saved);
        self.pending.push(change);
        self.details.invalidate();
        self.refresh_details();
    }

    /// The keys the settings chose: used, and named by every hint, from now on.
    pub fn set_keymap(&mut self, keymap: Keymap) {
        self.keymap = keymap;
        self.details.invalidate();
        self.refresh_details();
    }

    /// The store as written (with other nissos' changes): shown from now on.
    pub fn set_saved(&mut self, saved: Saved) {
        if saved != self.saved {
            self.saved = saved;
            self.reader = Reader::of_saved(&self.catalog, &self.saved);
            self.details.invalidate();
            self.refresh_details();
        }
    }

    /// What brings back what a change removes, and the notice that says so; None for a
    /// change that removes nothing.
    fn undo_of(&self, change: &Change) -> Option<(Change, String)> {
        let name = |id: &str| {
            self.catalog
                .index_of(id)
                .map_or_else(|| id.to_string(), |e| self.catalog.entity(e).name.clone())
        };
        let key = self.keymap.key_of(Scope::Browse, "undo_removal");
        match change {
            Change::RemoveBookmark(id) if self.saved.is_bookmarked(id) => Some((
                Change::AddBookmark(id.clone()),
                format!(
                    "Removed the bookmark on {} — {key} brings it back.",
                    name(id)
                ),
            )),
            Change::SetNote(id, text) if crate::store::clean_note(text).is_empty() => {
                let old = self.saved.note(id)?;
                Some((
                    Change::SetNote(id.clone(), old.to_string()),
                    format!("Removed the note on {} — {key} brings it back.", name(id)),
                ))
            }
            _ => None,
        }
    }

    /// Re-wrap the details text when the entity or the pane width changed.
    fn refresh_details(&mut self) {
        let width = self.layout().details.width.saturating_sub(2).max(1);
        let context = DetailsContext {
            catalog: &self.catalog,
            theme: &self.theme,
            saved: &self.saved,
            keymap: &self.keymap,
        };
        self.details.refresh(width, self.current, &context);
    }

    fn activate(&mut self) {
        if self.focus == Focus::Main && self.update_view(Action::Activate) {
            return;
        }
        if self.focus == Focus::Main
            && self.view == View::Timeline
            && let Some(era) = self.timeline.heading
        {
            self.open_era_page(era);
            return;
        }
        match self.focus {
            Focus::Links => {
                if let Some(entity) = self.links.selected_entity() {
                    self.open_entity(entity, true);
                }
            }
            _ => {
                // Enter on the timeline or details moves to the links, ready to follow one.
                if self.links.has_links() {
                    self.focus = Focus::Links;
                }
            }
        }
    }

    fn click_pane(&mut self, pane: Focus, row: Option<usize>, x: u16, y: u16) {
        self.focus = pane;
        match pane {
            Focus::Main => match self.view {
                View::Timeline => {
                    let line = row.and_then(|row| {
                        self.timeline
                            .line_content(&self.catalog, self.timeline.view.offset + row)
                    });
                    match line {
                        Some(TimelineLine::Row(row)) => self.show_timeline_row(row),
                        // A click on the selected heading opens its era's page.
                        Some(TimelineLine::Heading(era)) if self.timeline.heading == Some(era) => {
                            self.open_era_page(era);
                        }
                        Some(TimelineLine::Heading(era)) => self.select_heading(era),
                        None => {}
                    }
                }
                _ => {
                    let area = self.layout().main;
                    self.act_on_view(self.view, |view, context| view.click(area, x, y, context));
                }
            },
            Focus::Details => {}
            Focus::Links => {
                let Some(row) = row else {
                    return;
                };
                if let Some(entity) = self.links.click(row) {
                    self.open_entity(entity, true);
                }
            }
        }
        self.refresh_details();
    }

    fn wheel(&mut self, pane: Focus, down: bool) {
        let delta = if down { 3 } else { -3 };
        match pane {
            Focus::Main if self.view == View::Timeline => {
                // The wheel scrolls the view; the selection follows only if it leaves it.
                self.timeline.view.scroll(Step::By(delta));
                let visible = self.timeline.view.visible();
                let line = self.timeline.line_of_row(&self.catalog, self.timeline.row);
                if !visible.contains(&line) {
                    let row_at = |l: usize| match self.timeline.line_content(&self.catalog, l) {
                        Some(TimelineLine::Row(row)) => Some(row),
                        _ => None,
                    };
                    // The first row on screen when scrolling down, the last when up.
                    let row = if down {
                        visible.clone().find_map(row_at)
                    } else {
                        visible.clone().rev().find_map(row_at)
                    };
                    if let Some(row) = row {
                        let offset = self.timeline.view.offset;
                        self.show_timeline_row(row);
                        self.timeline.view.offset = offset;
                    }
                }
            }
            // The axis scrolls time; the map and chart step one place or series a notch.
            Focus::Main => {
                let wheel = Action::Wheel {
                    pane: Some(pane),
                    down,
                };
                if !self.update_view(wheel) {
                    self.move_in(Focus::Main, Step::By(delta.signum()));
                }
            }
            pane => self.move_in(pane, Step::By(delta)),
        }
    }

    /// Keep every window the height of its pane and every selection in view.
    fn keep_in_view(&mut self) {
        let layout = self.layout();
        self.timeline.fit(&self.catalog, rows_inside(layout.main));

        self.links.fit(rows_inside(layout.links));
        self.details.view.set_height(rows_inside(layout.details));

        if !layout.too_small
            && let Some(top) = self.overlays.last_mut()
        {
            top.fit(layout.overlay);
        }
    }
}

/// Rows inside a bordered pane (at least one, so a window always has a height).
fn rows_inside(area: Rect) -> usize {
    (area.height.saturating_sub(2) as usize).max(1)
}
