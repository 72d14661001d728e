//! Application state and the one `update` function that changes it.
//!
//! Input never touches the state directly: the keymap turns keys into `Action`s, mouse
//! events become actions with coordinates, and `App::update` applies them. Everything the
//! drawing needs is either stored here or derived from it; `draw` reads only.

use super::layout::{Layout, compute_layout};
use super::{chart, map, text};
use crate::dataset::Catalog;
use crate::model::Kind;
use crate::search::{DocKind, Hit, SearchIndex, Searcher, Target};
use ratatui::text::Line;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    FocusNext,
    FocusPrev,
    PrevEra,
    NextEra,
    /// Zero-based era number.
    JumpEra(usize),
    Activate,
    Cancel,
    Back,
    Forward,
    OpenSearch,
    ToggleHelp,
    ToggleMap,
    ToggleChart,
    /// Move on the map to the nearest place in a direction (east = +x, north = +y).
    MapMove(i8, i8),
    Input(char),
    DeleteChar,
    DeleteWord,
    ClearInput,
    NextKind,
    PrevKind,
    Resize(u16, u16),
    Click(u16, u16),
    ScrollUp(u16, u16),
    ScrollDown(u16, u16),
}

/// Which keymap applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Browse,
    Search,
    Help,
}

/// The pane that receives movement keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The left pane: the timeline, or the map or chart when one is shown.
    Main,
    Details,
    Links,
}

/// What the left pane shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Timeline,
    Map,
    Chart,
}

/// One selectable row of the links pane, or a group heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkRow {
    Heading(Kind),
    Link {
        entity: usize,
        label: &'static str,
        incoming: bool,
    },
}

/// A place in the browsing history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    pub entity: Option<usize>,
    pub timeline_row: usize,
    pub view: View,
}

/// Search prompt state.
pub struct SearchState {
    pub query: String,
    /// None: all kinds.
    pub kind: Option<DocKind>,
    /// The results; when nothing matched, the closest names instead (`suggested`).
    pub hits: Vec<Hit>,
    /// True when `hits` are "did you mean" suggestions, not matches.
    pub suggested: bool,
    /// What in the query could not be understood (an unknown `kind:`).
    pub problem: Option<String>,
    pub selected: usize,
    pub top: usize,
}

/// Kind filter cycle order for the search prompt.
pub const KIND_FILTERS: [Option<DocKind>; 7] = [
    None,
    Some(DocKind::Entity(Kind::Person)),
    Some(DocKind::Entity(Kind::Treaty)),
    Some(DocKind::Entity(Kind::Event)),
    Some(DocKind::Entity(Kind::Place)),
    Some(DocKind::Entity(Kind::Organisation)),
    Some(DocKind::Era),
];

/// How many "did you mean" names the prompt offers when nothing matches.
const SUGGESTIONS: usize = 3;

pub struct App {
    pub catalog: Catalog,
    pub index: SearchIndex,
    searcher: Searcher,
    pub width: u16,
    pub height: u16,
    pub mode: Mode,
    pub focus: Focus,
    pub view: View,
    pub colour: bool,
    /// Selected timeline row.
    pub timeline_row: usize,
    /// First display line of the timeline pane (display lines include era headings).
    pub timeline_top: usize,
    /// Entity shown in the details pane.
    pub current: Option<usize>,
    /// Details text of `current`, wrapped for the details pane's width.
    pub details_lines: Vec<Line<'static>>,
    details_width: u16,
    pub details_scroll: usize,
    pub links: Vec<LinkRow>,
    /// Index into `links` of the selected row (always a `Link` row when any exist).
    pub link_selected: usize,
    pub links_top: usize,
    /// Selected place on the map.
    pub map_selected: Option<usize>,
    /// Places that can be selected on the map, in key order.
    pub map_places: Vec<usize>,
    /// Places with coordinates outside the map.
    pub map_off: usize,
    /// Entity whose series the chart shows.
    pub chart_entity: Option<usize>,
    pub search: Option<SearchState>,
    pub help_scroll: usize,
    /// Width of the timeline's date column: the widest date, capped.
    pub date_column: usize,
    /// Per era, the places its events link to; computed once, drawn on every map frame.
    era_places: Vec<Vec<usize>>,
    back: Vec<Location>,
    forward: Vec<Location>,
    pub quit: bool,
}

impl App {
    pub fn new(catalog: Catalog, width: u16, height: u16) -> App {
        let index = SearchIndex::new(&catalog);
        let map_places = map::plotted_places(&catalog);
        let map_off = map::off_map_count(&catalog);
        let chart_entity = chart::chart_entities(&catalog).first().copied();
        let colour = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        let mut app = App {
            catalog,
            index,
            searcher: Searcher::default(),
            width,
            height,
            mode: Mode::Browse,
            focus: Focus::Main,
            view: View::Timeline,
            colour,
            timeline_row: 0,
            timeline_top: 0,
            current: None,
            details_lines: Vec::new(),
            details_width: 0,
            details_scroll: 0,
            links: Vec::new(),
            link_selected: 0,
            links_top: 0,
            map_selected: None,
            map_off,
            map_places,
            chart_entity,
            search: None,
            help_scroll: 0,
            date_column: 0,
            era_places: Vec::new(),
            back: Vec::new(),
            forward: Vec::new(),
            quit: false,
        };
        app.map_selected = app.map_places.first().copied();
        app.era_places = (0..app.catalog.eras().len())
            .map(|era| {
                let catalog = &app.catalog;
                let mut places: Vec<usize> = catalog
                    .era_rows(era)
                    .flat_map(|row| catalog.outgoing(catalog.timeline()[row]))
                    .map(|link| link.target)
                    .filter(|&target| catalog.entity(target).kind == Kind::Place)
                    .collect();
                places.sort_unstable();
                places.dedup();
                places
            })
            .collect();
        app.date_column = app
            .catalog
            .timeline()
            .iter()
            .filter_map(|&e| {
                app.catalog
                    .entity(e)
                    .date
                    .map(|d| d.compact().chars().count())
            })
            .max()
            .unwrap_or(4)
            .clamp(4, 12);
        app.show_timeline_row(0);
        app
    }

    pub fn layout(&self) -> Layout {
        compute_layout(self.width, self.height, self)
    }

    /// Which bindings apply to the next key.
    pub fn key_context(&self) -> super::keymap::Context {
        use super::keymap::Context;
        match self.mode {
            Mode::Search => Context::Search,
            Mode::Help => Context::Help,
            Mode::Browse if self.view == View::Map && self.focus == Focus::Main => Context::Map,
            Mode::Browse => Context::Browse,
        }
    }

    /// Era of the selection: the selected timeline row's era, or the shown entity's.
    pub fn current_era(&self) -> usize {
        match self.catalog.timeline().get(self.timeline_row) {
            Some(&entity) => self.catalog.era_of(entity),
            None => self.current.map_or(0, |e| self.catalog.era_of(e)),
        }
    }

    /// Places linked from the events of an era (marked on the map).
    pub fn era_places(&self, era: usize) -> &[usize] {
        self.era_places.get(era).map_or(&[], Vec::as_slice)
    }

    /// Total display lines of the timeline: one per event plus one heading per era.
    pub fn timeline_lines(&self) -> usize {
        self.catalog.timeline().len() + self.catalog.eras().len()
    }

    /// Display line of a timeline row (headings come before each era's rows).
    pub fn line_of_row(&self, row: usize) -> usize {
        match self.catalog.timeline().get(row) {
            Some(&entity) => row + self.catalog.era_of(entity) + 1,
            None => row,
        }
    }

    /// What a display line holds: Err(era) for a heading, Ok(row) for an event.
    pub fn line_content(&self, line: usize) -> Option<Result<usize, usize>> {
        let eras = self.catalog.eras().len();
        // Heading of era e sits at era_first_row(e) + e; find the last heading at or before.
        let mut low = 0;
        let mut high = eras;
        while low < high {
            let mid = (low + high) / 2;
            if self.catalog.era_first_row(mid) + mid <= line {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        if low == 0 {
            return None;
        }
        let era = low - 1;
        let heading = self.catalog.era_first_row(era) + era;
        if line == heading {
            return Some(Err(era));
        }
        let row = line - era - 1;
        (row < self.catalog.timeline().len()).then_some(Ok(row))
    }

    pub fn update(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit = true,
            Action::Resize(width, height) => {
                self.width = width;
                self.height = height;
                self.refresh_details();
                self.keep_in_view();
            }
            Action::Click(x, y) => self.click(x, y),
            Action::ScrollUp(x, y) => self.wheel(x, y, false),
            Action::ScrollDown(x, y) => self.wheel(x, y, true),
            _ => match self.mode {
                Mode::Help => self.update_help(action),
                Mode::Search => self.update_search(action),
                Mode::Browse => self.update_browse(action),
            },
        }
        self.keep_in_view();
    }

    fn update_help(&mut self, action: Action) {
        match action {
            Action::Down => self.help_scroll += 1,
            Action::Up => self.help_scroll = self.help_scroll.saturating_sub(1),
            Action::Cancel | Action::ToggleHelp => self.mode = Mode::Browse,
            _ => {}
        }
        let max = super::draw::help_lines(self).len().saturating_sub(1);
        self.help_scroll = self.help_scroll.min(max);
    }

    fn update_browse(&mut self, action: Action) {
        match action {
            Action::Down => self.move_in(self.focus, 1),
            Action::Up => self.move_in(self.focus, -1),
            Action::PageDown => self.move_in(self.focus, self.page() as isize),
            Action::PageUp => self.move_in(self.focus, -(self.page() as isize)),
            Action::Top => self.move_in(self.focus, isize::MIN / 2),
            Action::Bottom => self.move_in(self.focus, isize::MAX / 2),
            Action::FocusNext => self.cycle_focus(true),
            Action::FocusPrev => self.cycle_focus(false),
            Action::PrevEra => {
                let era = self.current_era();
                if era > 0 {
                    self.jump_to_era(era - 1);
                }
            }
            Action::NextEra => self.jump_to_era(self.current_era() + 1),
            Action::JumpEra(era) => self.jump_to_era(era),
            Action::Activate => self.activate(),
            Action::Back => self.go_back(),
            Action::Forward => self.go_forward(),
            Action::OpenSearch => self.open_search(),
            Action::ToggleHelp => {
                self.mode = Mode::Help;
                self.help_scroll = 0;
            }
            Action::ToggleMap => self.toggle_view(View::Map),
            Action::MapMove(dx, dy) => self.move_on_map(i32::from(dx), i32::from(dy), 1),
            Action::ToggleChart => self.toggle_view(View::Chart),
            // Esc closes the map or chart.
            Action::Cancel => self.view = View::Timeline,
            _ => {}
        }
    }

    fn toggle_view(&mut self, view: View) {
        if self.view == view {
            self.view = View::Timeline;
        } else {
            self.view = view;
            self.focus = Focus::Main;
            if view == View::Chart
                && let Some(current) = self.current
                && !chart::series_of(&self.catalog, current).is_empty()
            {
                self.chart_entity = Some(current);
            }
            if view == View::Map {
                // Start on the shown place, else on a place of the current era's events.
                let era_place = self
                    .era_places(self.current_era())
                    .iter()
                    .copied()
                    .find(|p| self.map_places.contains(p));
                let shown = self.current.filter(|c| self.map_places.contains(c));
                if let Some(place) = shown.or(era_place) {
                    self.map_selected = Some(place);
                }
            }
        }
    }

    /// Rows a page moves: the focused pane's inner height.
    fn page(&self) -> usize {
        let layout = self.layout();
        let height = match self.focus {
            Focus::Main => layout.main.height,
            Focus::Details => layout.details.height,
            Focus::Links => layout.links.height,
        };
        (height.saturating_sub(2) as usize).max(1)
    }

    /// Move the selection (or scroll) of a pane by `delta` rows.
    fn move_in(&mut self, pane: Focus, delta: isize) {
        match pane {
            Focus::Main => match self.view {
                View::Timeline => {
                    let count = self.catalog.timeline().len();
                    if count > 0 {
                        let row = clamp_add(self.timeline_row, delta, count);
                        self.show_timeline_row(row);
                    }
                }
                View::Map => {
                    // j/k walk the places south/north; the chart cycles its entities.
                    self.move_on_map(0, if delta > 0 { -1 } else { 1 }, delta);
                }
                View::Chart => {
                    let entities = chart::chart_entities(&self.catalog);
                    if !entities.is_empty() {
                        let at = self
                            .chart_entity
                            .and_then(|e| entities.iter().position(|&x| x == e))
                            .unwrap_or(0);
                        let next = clamp_add(at, delta, entities.len());
                        self.chart_entity = Some(entities[next]);
                        self.open_entity(entities[next], false);
                    }
                }
            },
            Focus::Details => {
                let max = self.details_lines.len().saturating_sub(1);
                self.details_scroll = clamp_add(self.details_scroll, delta, max + 1);
            }
            Focus::Links => {
                if let Some(next) = self.step_link(delta) {
                    self.link_selected = next;
                }
            }
        }
    }

    fn move_on_map(&mut self, dx: i32, dy: i32, delta: isize) {
        let Some(from) = self.map_selected else {
            self.map_selected = self.map_places.first().copied();
            return;
        };
        let target = if delta.unsigned_abs() > 1 {
            // Page and top/bottom keys walk the list order.
            let at = self.map_places.iter().position(|&p| p == from).unwrap_or(0);
            self.map_places
                .get(clamp_add(at, delta, self.map_places.len()))
                .copied()
        } else {
            map::nearest_in_direction(&self.catalog, &self.map_places, from, dx, dy)
        };
        if let Some(place) = target {
            self.map_selected = Some(place);
            self.open_entity(place, false);
        }
    }

    /// Next selectable link row `delta` steps away, skipping headings.
    fn step_link(&self, delta: isize) -> Option<usize> {
        let selectable: Vec<usize> = self
            .links
            .iter()
            .enumerate()
            .filter(|(_, row)| matches!(row, LinkRow::Link { .. }))
            .map(|(i, _)| i)
            .collect();
        if selectable.is_empty() {
            return None;
        }
        let at = selectable
            .iter()
            .position(|&i| i == self.link_selected)
            .unwrap_or(0);
        Some(selectable[clamp_add(at, delta, selectable.len())])
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
            timeline_row: self.timeline_row,
            view: self.view,
        }
    }

    fn remember(&mut self) {
        let here = self.location();
        if self.back.last() != Some(&here) {
            self.back.push(here);
        }
        self.forward.clear();
    }

    fn restore(&mut self, location: Location) {
        self.timeline_row = location
            .timeline_row
            .min(self.catalog.timeline().len().saturating_sub(1));
        self.view = location.view;
        self.set_current(location.entity);
    }

    fn go_back(&mut self) {
        if let Some(location) = self.back.pop() {
            self.forward.push(self.location());
            self.restore(location);
        }
    }

    fn go_forward(&mut self) {
        if let Some(location) = self.forward.pop() {
            self.back.push(self.location());
            self.restore(location);
        }
    }

    pub fn can_go_back(&self) -> bool {
        !self.back.is_empty()
    }

    pub fn can_go_forward(&self) -> bool {
        !self.forward.is_empty()
    }

    fn jump_to_era(&mut self, era: usize) {
        if era >= self.catalog.eras().len() {
            return;
        }
        self.remember();
        self.view = if self.view == View::Chart {
            View::Timeline
        } else {
            self.view
        };
        let row = self.catalog.era_first_row(era);
        if row < self.catalog.timeline().len()
            && self.catalog.era_of(self.catalog.timeline()[row]) == era
        {
            self.show_timeline_row(row);
            // Show the era heading above its first event.
            self.timeline_top = self.line_of_row(row).saturating_sub(1);
        } else {
            // An era without events: show its heading, keep the details.
            self.timeline_top = self.catalog.era_first_row(era) + era;
        }
    }

    /// Select a timeline row and show its entity.
    fn show_timeline_row(&mut self, row: usize) {
        self.timeline_row = row;
        let entity = self.catalog.timeline().get(row).copied();
        self.set_current(entity);
    }

    /// Show an entity in details; events also select their timeline row.
    pub fn open_entity(&mut self, entity: usize, remember: bool) {
        if remember {
            self.remember();
        }
        if let Some(row) = self.catalog.timeline_row(entity) {
            self.timeline_row = row;
        }
        if self.map_places.contains(&entity) {
            self.map_selected = Some(entity);
        }
        if !chart::series_of(&self.catalog, entity).is_empty() {
            self.chart_entity = Some(entity);
        }
        self.set_current(Some(entity));
    }

    fn set_current(&mut self, entity: Option<usize>) {
        let changed = self.current != entity;
        self.current = entity;
        if changed {
            self.details_scroll = 0;
            self.links = entity.map_or_else(Vec::new, |e| text::link_rows(&self.catalog, e));
            self.link_selected = self
                .links
                .iter()
                .position(|r| matches!(r, LinkRow::Link { .. }))
                .unwrap_or(0);
            self.links_top = 0;
            self.details_width = 0;
        }
        self.refresh_details();
    }

    /// Re-wrap the details text when the entity or the pane width changed.
    fn refresh_details(&mut self) {
        let width = self.layout().details.width.saturating_sub(2).max(1);
        if width == self.details_width && !self.details_lines.is_empty() {
            return;
        }
        self.details_width = width;
        self.details_lines = match self.current {
            Some(entity) => text::details_lines(&self.catalog, entity, width as usize),
            None => Vec::new(),
        };
        self.details_scroll = self
            .details_scroll
            .min(self.details_lines.len().saturating_sub(1));
    }

    fn activate(&mut self) {
        match self.focus {
            Focus::Links => {
                if let Some(LinkRow::Link { entity, .. }) = self.links.get(self.link_selected) {
                    let entity = *entity;
                    self.open_entity(entity, true);
                }
            }
            Focus::Main if self.view == View::Map => {
                if let Some(place) = self.map_selected {
                    self.open_entity(place, true);
                    self.focus = Focus::Links;
                }
            }
            _ => {
                // Enter on the timeline or details moves to the links, ready to follow one.
                if self.links.iter().any(|r| matches!(r, LinkRow::Link { .. })) {
                    self.focus = Focus::Links;
                }
            }
        }
    }

    fn open_search(&mut self) {
        self.mode = Mode::Search;
        let hits = self.searcher.search(&self.index, "", None).hits;
        self.search = Some(SearchState {
            query: String::new(),
            kind: None,
            hits,
            suggested: false,
            problem: None,
            selected: 0,
            top: 0,
        });
    }

    fn update_search(&mut self, action: Action) {
        let Some(state) = self.search.as_mut() else {
            self.mode = Mode::Browse;
            return;
        };
        let mut requery = false;
        match action {
            Action::Input(c) => {
                state.query.push(c);
                requery = true;
            }
            Action::DeleteChar => {
                state.query.pop();
                requery = true;
            }
            Action::DeleteWord => {
                let trimmed = state.query.trim_end().len();
                state.query.truncate(trimmed);
                let cut = state.query.rfind(' ').map_or(0, |i| i + 1);
                state.query.truncate(cut);
                requery = true;
            }
            Action::ClearInput => {
                state.query.clear();
                requery = true;
            }
            Action::NextKind | Action::PrevKind => {
                let at = KIND_FILTERS
                    .iter()
                    .position(|k| *k == state.kind)
                    .unwrap_or(0);
                let len = KIND_FILTERS.len();
                let next = if action == Action::NextKind {
                    (at + 1) % len
                } else {
                    (at + len - 1) % len
                };
                state.kind = KIND_FILTERS[next];
                requery = true;
            }
            Action::Down => state.selected = clamp_add(state.selected, 1, state.hits.len()),
            Action::Up => state.selected = clamp_add(state.selected, -1, state.hits.len()),
            Action::PageDown => state.selected = clamp_add(state.selected, 10, state.hits.len()),
            Action::PageUp => state.selected = clamp_add(state.selected, -10, state.hits.len()),
            Action::Top => state.selected = 0,
            Action::Bottom => state.selected = state.hits.len().saturating_sub(1),
            Action::Cancel => {
                self.search = None;
                self.mode = Mode::Browse;
                return;
            }
            Action::Activate => {
                let chosen = state.hits.get(state.selected).map(|h| h.target);
                self.search = None;
                self.mode = Mode::Browse;
                if let Some(Target::Era(era)) = chosen {
                    self.jump_to_era(era);
                    self.focus = Focus::Main;
                } else if let Some(Target::Entity(entity)) = chosen {
                    self.open_entity(entity, true);
                    self.focus = if self.catalog.timeline_row(entity).is_some() {
                        Focus::Main
                    } else {
                        Focus::Links
                    };
                    if self.view == View::Chart {
                        self.view = View::Timeline;
                    }
                }
                return;
            }
            _ => {}
        }
        if requery {
            let results = self.searcher.search(&self.index, &state.query, state.kind);
            state.problem = results.problems.into_iter().next();
            state.suggested = results.hits.is_empty();
            state.hits = if state.suggested {
                self.index
                    .suggest(&state.query, SUGGESTIONS)
                    .into_iter()
                    .filter(|&target| state.kind.is_none_or(|k| self.index.kind_of(target) == k))
                    .map(|target| Hit {
                        target,
                        score: 0,
                        field: crate::search::Field::Name,
                    })
                    .collect()
            } else {
                results.hits
            };
            state.selected = 0;
            state.top = 0;
        }
    }

    fn click(&mut self, x: u16, y: u16) {
        let layout = self.layout();
        if self.mode == Mode::Help {
            self.mode = Mode::Browse;
            return;
        }
        if self.mode == Mode::Search {
            let Some(state) = self.search.as_mut() else {
                return;
            };
            // Suggestions sit one line lower, under "Did you mean:".
            let row = layout
                .search_row_at(x, y)
                .and_then(|row| row.checked_sub(usize::from(state.suggested)));
            match row {
                Some(row) => {
                    let index = state.top + row;
                    if index < state.hits.len() {
                        if index == state.selected {
                            self.update_search(Action::Activate);
                        } else {
                            state.selected = index;
                        }
                    }
                }
                None if !contains(layout.search, x, y) => self.update_search(Action::Cancel),
                None => {}
            }
            return;
        }
        if let Some(era) = layout.era_at(x, y) {
            self.jump_to_era(era);
            return;
        }
        if contains(layout.main, x, y) {
            self.focus = Focus::Main;
            match self.view {
                View::Timeline => {
                    if let Some(line) = inner_row(layout.main, y)
                        && let Some(Ok(row)) = self.line_content(self.timeline_top + line)
                    {
                        self.show_timeline_row(row);
                    }
                }
                View::Map => {
                    if let Some(place) =
                        map::place_at(layout.main, &self.catalog, &self.map_places, x, y)
                    {
                        self.map_selected = Some(place);
                        self.open_entity(place, true);
                    }
                }
                View::Chart => {}
            }
        } else if contains(layout.details, x, y) {
            self.focus = Focus::Details;
        } else if contains(layout.links, x, y) {
            self.focus = Focus::Links;
            if let Some(line) = inner_row(layout.links, y) {
                let index = self.links_top + line;
                if let Some(LinkRow::Link { entity, .. }) = self.links.get(index) {
                    if index == self.link_selected {
                        let entity = *entity;
                        self.open_entity(entity, true);
                    } else {
                        self.link_selected = index;
                    }
                }
            }
        }
    }

    fn wheel(&mut self, x: u16, y: u16, down: bool) {
        let delta = if down { 3 } else { -3 };
        if self.mode == Mode::Search {
            if let Some(state) = self.search.as_mut() {
                state.selected = clamp_add(state.selected, delta, state.hits.len());
            }
            return;
        }
        if self.mode == Mode::Help {
            self.update_help(if down { Action::Down } else { Action::Up });
            return;
        }
        let layout = self.layout();
        let pane = if contains(layout.main, x, y) {
            Focus::Main
        } else if contains(layout.details, x, y) {
            Focus::Details
        } else if contains(layout.links, x, y) {
            Focus::Links
        } else {
            return;
        };
        match pane {
            Focus::Main if self.view == View::Timeline => {
                // The wheel scrolls the view; the selection follows only if it leaves it.
                let max_top = self.timeline_lines().saturating_sub(1);
                self.timeline_top = clamp_add(self.timeline_top, delta, max_top + 1);
                let visible = layout.main.height.saturating_sub(2) as usize;
                let line = self.line_of_row(self.timeline_row);
                if line < self.timeline_top || line >= self.timeline_top + visible.max(1) {
                    let target = if down {
                        self.timeline_top + 1
                    } else {
                        self.timeline_top + visible.saturating_sub(1)
                    };
                    let row = (target..self.timeline_lines())
                        .chain((0..target).rev())
                        .find_map(|l| self.line_content(l).and_then(Result::ok));
                    if let Some(row) = row {
                        self.show_timeline_row(row);
                    }
                }
            }
            // The map and chart step one place or series per wheel notch.
            Focus::Main => self.move_in(Focus::Main, delta.signum()),
            pane => self.move_in(pane, delta),
        }
    }

    /// Keep selections inside their lists and scroll offsets so selections are visible.
    fn keep_in_view(&mut self) {
        let layout = self.layout();
        let count = self.catalog.timeline().len();
        if count == 0 {
            self.timeline_row = 0;
        } else {
            self.timeline_row = self.timeline_row.min(count - 1);
        }
        let visible = (layout.main.height.saturating_sub(2) as usize).max(1);
        let line = self.line_of_row(self.timeline_row);
        let max_top = self.timeline_lines().saturating_sub(visible);
        if line < self.timeline_top {
            // Show the era heading when the selection is an era's first event.
            let heading_above = line > 0 && matches!(self.line_content(line - 1), Some(Err(_)));
            self.timeline_top = if heading_above { line - 1 } else { line };
        } else if line >= self.timeline_top + visible {
            self.timeline_top = line + 1 - visible;
        }
        // An era's first event at the top of the pane brings its heading into view.
        if self.timeline_top == line
            && visible >= 2
            && line > 0
            && matches!(self.line_content(line - 1), Some(Err(_)))
        {
            self.timeline_top = line - 1;
        }
        self.timeline_top = self.timeline_top.min(max_top);
        if line < self.timeline_top || line >= self.timeline_top + visible {
            self.timeline_top = line.saturating_sub(visible - 1).min(line);
        }

        self.link_selected = self.link_selected.min(self.links.len().saturating_sub(1));
        let link_visible = (layout.links.height.saturating_sub(2) as usize).max(1);
        {
            if self.link_selected < self.links_top {
                // Keep the group heading above the first link of a group visible.
                self.links_top = self.link_selected.saturating_sub(usize::from(matches!(
                    self.link_selected
                        .checked_sub(1)
                        .and_then(|i| self.links.get(i)),
                    Some(LinkRow::Heading(_))
                )));
            } else if self.link_selected >= self.links_top + link_visible {
                self.links_top = self.link_selected + 1 - link_visible;
            }
        }
        self.links_top = self
            .links_top
            .min(self.links.len().saturating_sub(link_visible));

        let details_visible = (layout.details.height.saturating_sub(2) as usize).max(1);
        self.details_scroll = self
            .details_scroll
            .min(self.details_lines.len().saturating_sub(details_visible));

        if let Some(state) = self.search.as_mut() {
            state.selected = state.selected.min(state.hits.len().saturating_sub(1));
            let rows = layout.search_rows();
            if state.selected < state.top {
                state.top = state.selected;
            } else if rows > 0 && state.selected >= state.top + rows {
                state.top = state.selected + 1 - rows;
            }
        }
    }
}

/// `value + delta`, clamped to 0..len (len 0 gives 0).
pub fn clamp_add(value: usize, delta: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    let moved = value as i128 + delta as i128;
    moved.clamp(0, len as i128 - 1) as usize
}

pub fn contains(area: ratatui::layout::Rect, x: u16, y: u16) -> bool {
    area.width > 0
        && area.height > 0
        && x >= area.x
        && x < area.x + area.width
        && y >= area.y
        && y < area.y + area.height
}

/// Row inside a bordered pane's content for a click at terminal row `y`.
fn inner_row(area: ratatui::layout::Rect, y: u16) -> Option<usize> {
    (y > area.y && y + 1 < area.y + area.height).then(|| (y - area.y - 1) as usize)
}
