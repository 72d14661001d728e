//! The axis as a view of the main pane: the timeline drawn to scale, its window in time,
//! its grouping and its selection, owned here (lanes and time in `crate::axis`, drawing
//! in `axis_draw`). The selection is the app's: moving opens the entry in the details,
//! and whatever the details show is selected here.

use super::action::{Action, View};
use super::axis_draw::{self, Height, Hit, LEGEND, Look, Window};
use super::keymap::Scope;
use super::main_view::{Context, DrawContext, MainView, Outcome};
use super::paint::pane_block;
use super::viewport::Step;
use crate::axis::{Axis, Grouping};
use crate::dataset::{Catalog, EntityIx, EraIx};
use ratatui::Frame;
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

/// The shortest window: three months.
pub const MIN_SPAN: f64 = 0.25;

pub struct AxisPane {
    /// Built when the view is first opened (the explorer starts without it).
    axis: Option<Axis>,
    grouping: Grouping,
    pub window: Window,
    /// The lane of the selection (kept while an era band is selected).
    lane: usize,
    /// The entry selected before an era band was, and its era, to come back to.
    before_band: Option<(EntityIx, usize)>,
}

impl AxisPane {
    pub fn new(_catalog: &Catalog) -> AxisPane {
        AxisPane {
            axis: None,
            grouping: Grouping::Kind,
            window: Window {
                start: 1900.0,
                span: 100.0,
                selected: None,
                band: None,
            },
            lane: 0,
            before_band: None,
        }
    }

    pub fn axis(&self) -> Option<&Axis> {
        self.axis.as_ref()
    }

    pub fn grouping(&self) -> Grouping {
        self.grouping
    }

    fn build(&mut self, catalog: &Catalog) {
        if self
            .axis
            .as_ref()
            .is_none_or(|a| a.grouping != self.grouping)
        {
            self.axis = Some(Axis::new(catalog, self.grouping));
            if let Some(entity) = self.window.selected {
                self.select(entity);
            }
        }
    }

    /// The window shows every entry and era.
    fn show_whole(&mut self) {
        let Some(axis) = &self.axis else { return };
        let (from, to) = axis.whole;
        let margin = (to - from) * 0.01;
        self.window.start = from - margin;
        self.window.span = to - from + 2.0 * margin;
    }

    /// The window shows an era, with a little room either side.
    fn fit_era(&mut self, era: usize) {
        let Some(&(from, to)) = self.axis.as_ref().and_then(|a| a.eras.get(era)) else {
            return;
        };
        let margin = (to - from).max(1.0) * 0.04;
        self.window.start = from - margin;
        self.window.span = to - from + 2.0 * margin;
        self.clamp();
    }

    /// The window within the zoom's limits and near the data.
    fn clamp(&mut self) {
        let Some(axis) = &self.axis else { return };
        let (from, to) = axis.whole;
        let whole = (to - from).max(MIN_SPAN);
        self.window.span = self.window.span.clamp(MIN_SPAN, whole * 1.1);
        let span = self.window.span;
        let low = from - span * 0.05;
        let high = (to - span * 0.95).max(low);
        self.window.start = self.window.start.clamp(low, high);
    }

    /// The selected entry's start in the window (scrolled to the middle when it is not).
    fn reveal(&mut self) {
        let Some(item) = self
            .window
            .selected
            .and_then(|e| self.axis.as_ref()?.item_of(e))
        else {
            return;
        };
        let (start, span) = (self.window.start, self.window.span);
        let time = item.extent.start;
        if time < start + span * 0.02 || time >= start + span * 0.95 {
            self.window.start = time - span / 2.0;
            self.clamp();
        }
    }

    /// Select an entry on the axis (nothing happens for one that is not on it).
    fn select(&mut self, entity: EntityIx) -> bool {
        let Some((lane, _)) = self.axis.as_ref().and_then(|a| a.locate(entity)) else {
            return false;
        };
        self.window.selected = Some(entity);
        self.window.band = None;
        self.lane = lane;
        self.reveal();
        true
    }

    fn open(&mut self, entity: EntityIx, remember: bool) -> Outcome {
        self.select(entity);
        Outcome::Open {
            entity,
            remember,
            to_links: false,
        }
    }

    /// The time the selection stands at: its start, else the window's middle.
    fn now(&self) -> f64 {
        self.window
            .selected
            .and_then(|e| self.axis.as_ref()?.item_of(e))
            .map_or(self.window.start + self.window.span / 2.0, |item| {
                item.extent.start
            })
    }

    /// The previous or next entry in time on the selection's lane.
    fn step_in_time(&mut self, delta: i8) -> Outcome {
        if let Some(era) = self.window.band {
            return self.step_band(era, delta);
        }
        let Some(axis) = &self.axis else {
            return Outcome::Done;
        };
        let Some(lane) = axis.lanes.get(self.lane) else {
            return Outcome::Done;
        };
        let target = match self.window.selected.and_then(|e| axis.locate(e)) {
            Some((_, position)) => {
                let next = position as i64 + i64::from(delta.signum());
                usize::try_from(next).ok().filter(|&p| p < lane.items.len())
            }
            None => lane.nearest(self.now()),
        };
        match target.map(|p| lane.items[p].entity) {
            Some(entity) => self.open(entity, false),
            None => Outcome::Done,
        }
    }

    fn step_band(&mut self, era: usize, delta: i8) -> Outcome {
        let count = self.axis.as_ref().map_or(0, |a| a.eras.len());
        let next = era as i64 + i64::from(delta.signum());
        if let Some(next) = usize::try_from(next).ok().filter(|&e| e < count) {
            self.window.band = Some(next);
            self.reveal_era(next);
        }
        Outcome::Done
    }

    /// An era's band on screen (fitted when none of it is).
    fn reveal_era(&mut self, era: usize) {
        let Some(&(from, to)) = self.axis.as_ref().and_then(|a| a.eras.get(era)) else {
            return;
        };
        let (start, end) = (self.window.start, self.window.start + self.window.span);
        if to <= start || from >= end {
            self.fit_era(era);
        }
    }

    /// To the lane above or below, at the entry nearest in time; above the first lane,
    /// the era bands.
    fn change_lane(&mut self, catalog: &Catalog, delta: i8) -> Outcome {
        let Some(axis) = &self.axis else {
            return Outcome::Done;
        };
        let now = self.now();
        if let Some(era) = self.window.band {
            if delta < 0 {
                return Outcome::Done;
            }
            self.window.band = None;
            // Back to the entry the bands were entered from, if it is this era's band.
            let back = self
                .before_band
                .take()
                .filter(|&(_, from_era)| from_era == era)
                .map(|(entity, _)| entity);
            let target = back.or_else(|| {
                let lane = axis.lanes.get(self.lane)?;
                let from = axis.eras.get(era)?.0;
                lane.nearest(from).map(|p| lane.items[p].entity)
            });
            return match target {
                Some(entity) => self.open(entity, false),
                None => Outcome::Done,
            };
        }
        let next = self.lane as i64 + i64::from(delta.signum());
        if next < 0 {
            let band = self
                .window
                .selected
                .map(|e| era_of(catalog, e))
                .or_else(|| axis.era_at(now));
            self.before_band = self.window.selected.zip(band);
            self.window.band = band;
            self.window.selected = None;
            return Outcome::Done;
        }
        let Some(lane) = axis.lanes.get(next as usize) else {
            return Outcome::Done;
        };
        self.lane = next as usize;
        match lane.nearest(now).map(|p| lane.items[p].entity) {
            Some(entity) => self.open(entity, false),
            None => Outcome::Done,
        }
    }

    /// Zoom in (+1) or out (-1) about the selection (or the middle); 0 shows the whole.
    fn zoom(&mut self, step: i8) {
        if step == 0 {
            self.show_whole();
            return;
        }
        let (start, span) = (self.window.start, self.window.span);
        let now = self.now();
        let anchor = if now >= start && now < start + span {
            now
        } else {
            start + span / 2.0
        };
        let factor = if step > 0 { 0.5 } else { 2.0 };
        self.window.span = span * factor;
        self.clamp();
        let factor = self.window.span / span;
        self.window.start = anchor - (anchor - start) * factor;
        self.clamp();
        self.reveal();
    }

    /// Scroll the window by a part of its span (positive: later).
    fn pan(&mut self, parts: f64) {
        self.window.start += self.window.span * parts;
        self.clamp();
    }

    /// To an era: the window fitted to it, on its first entry of the selection's lane.
    fn jump_to_era(&mut self, catalog: &Catalog, era: usize) -> Outcome {
        let Some(axis) = &self.axis else {
            return Outcome::Done;
        };
        let Some(&(from, to)) = axis.eras.get(era) else {
            return Outcome::Done;
        };
        // Eras meet in a year (1917–1925, 1925–1930): the first entry the dataset puts
        // in this era, not the last of the one before.
        let first_in = |lane: &crate::axis::Lane| {
            let start = lane.starts_from(from - 1.0);
            lane.items
                .get(start..)?
                .iter()
                .take_while(|item| item.extent.start < to)
                .find(|item| catalog.era_of(item.entity).0 == era)
                .map(|item| item.entity)
        };
        let current = axis.lanes.get(self.lane).and_then(first_in);
        let target = current.or_else(|| axis.lanes.iter().filter_map(first_in).next());
        self.fit_era(era);
        match target {
            Some(entity) => {
                let outcome = self.open(entity, true);
                self.fit_era(era);
                outcome
            }
            None => {
                self.window.band = Some(era);
                self.window.selected = None;
                Outcome::Done
            }
        }
    }

    fn first_or_last(&mut self, last: bool) -> Outcome {
        let target = self.axis.as_ref().and_then(|axis| {
            let lane = axis.lanes.get(self.lane)?;
            let item = if last {
                lane.items.last()
            } else {
                lane.items.first()
            };
            item.map(|i| i.entity)
        });
        match target {
            Some(entity) => self.open(entity, false),
            None => Outcome::Done,
        }
    }

    fn title(&self, width: u16) -> String {
        let short = format!(" Axis · by {} ", self.grouping.name());
        let long = format!("{short}· {LEGEND} ");
        if long.width() + 2 <= usize::from(width) {
            long
        } else {
            short
        }
    }
}

/// The era the dataset puts an entry in (eras meet in a year: not found from its date).
fn era_of(catalog: &Catalog, entity: EntityIx) -> usize {
    catalog.era_of(entity).0
}

/// The inside of the view's frame.
fn inner(area: Rect) -> Rect {
    Rect {
        x: area.x.saturating_add(1),
        y: area.y.saturating_add(1),
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    }
}

impl MainView for AxisPane {
    fn id(&self) -> View {
        View::Axis
    }

    fn label(&self) -> &'static str {
        " AXIS "
    }

    fn key_scope(&self) -> Option<Scope> {
        Some(Scope::Axis)
    }

    fn keeps_the_era(&self) -> bool {
        false
    }

    fn on_open(&mut self, context: &Context) {
        self.build(context.catalog);
        self.fit_era(context.era.0);
        let shown = context.current.filter(|&e| self.select(e));
        if shown.is_none() {
            self.window.selected = None;
            self.window.band = Some(context.era.0);
        }
    }

    fn follow(&mut self, _catalog: &Catalog, entity: EntityIx) {
        self.select(entity);
    }

    fn update(&mut self, action: Action, context: &Context) -> Outcome {
        self.build(context.catalog);
        match action {
            Action::AxisTime(delta) => self.step_in_time(delta),
            Action::AxisLane(delta) => self.change_lane(context.catalog, delta),
            Action::Move(Step::By(delta)) => {
                self.change_lane(context.catalog, delta.signum() as i8)
            }
            Action::Move(Step::Pages(pages)) => {
                self.pan(0.9 * pages as f64);
                Outcome::Done
            }
            Action::Move(Step::Top) => self.first_or_last(false),
            Action::Move(Step::Bottom) => self.first_or_last(true),
            Action::AxisZoom(step) => {
                self.zoom(step);
                Outcome::Done
            }
            Action::AxisGrouping => {
                self.grouping = self.grouping.next(context.catalog.has_groups());
                self.build(context.catalog);
                Outcome::Done
            }
            Action::Wheel { down, .. } => {
                self.pan(if down { 0.125 } else { -0.125 });
                Outcome::Done
            }
            Action::PrevEra => self.jump_to_era(context.catalog, context.era.0.saturating_sub(1)),
            Action::NextEra => self.jump_to_era(context.catalog, context.era.0 + 1),
            Action::JumpEra(era) => self.jump_to_era(context.catalog, era),
            Action::Activate => match self.window.band {
                Some(era) => Outcome::OpenEra(EraIx(era)),
                None => Outcome::Ignored,
            },
            _ => Outcome::Ignored,
        }
    }

    fn click(&mut self, area: Rect, x: u16, y: u16, context: &Context) -> Outcome {
        self.build(context.catalog);
        let Some(axis) = &self.axis else {
            return Outcome::Done;
        };
        let plan = axis_draw::plan(
            context.catalog,
            axis,
            &self.window,
            inner(area),
            Height::Fit,
        );
        match axis_draw::hit(&plan, x, y) {
            Some(Hit::Entry(entity)) => self.open(entity, false),
            Some(Hit::Era(era)) => {
                if let Some(entity) = self.window.selected {
                    self.before_band = Some((entity, era_of(context.catalog, entity)));
                }
                self.window.band = Some(era);
                self.window.selected = None;
                Outcome::Done
            }
            None => Outcome::Done,
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, context: &DrawContext) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        let block = pane_block(self.title(area.width), context.focused, context.theme);
        let inside = block.inner(area);
        frame.render_widget(block, area);
        let Some(axis) = &self.axis else {
            return;
        };
        let plan = axis_draw::plan(context.catalog, axis, &self.window, inside, Height::Fit);
        let look = Look {
            theme: context.theme,
            focused: context.focused,
            era: context.era.0,
            reader: Some(context.reader),
        };
        axis_draw::paint(
            frame.buffer_mut(),
            &plan,
            context.catalog,
            axis,
            &self.window,
            &look,
        );
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
