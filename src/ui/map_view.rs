//! The map as a view of the main pane: the shown entity's places (marked), the selected
//! place keys move from, zoom and centre, and the places of each era, owned here (drawing
//! and geometry are in `map.rs`).

use super::action::{Action, View};
use super::keymap::Scope;
use super::main_view::{Context, DrawContext, MainView, Outcome};
use super::map;
use super::viewport::{Step, Viewport};
use crate::dataset::{Catalog, EntityIx, EraIx};
use crate::model::Kind;
use ratatui::Frame;
use ratatui::layout::Rect;

pub struct MapPane {
    /// The place the keys move from: the first of `marked` on the map (None when the
    /// shown entity has no place on it).
    pub selected: Option<EntityIx>,
    /// The shown entity's own places (`map::places_of`), marked on the map.
    pub marked: Vec<EntityIx>,
    /// The shown entity, named in the legend.
    shown: Option<EntityIx>,
    /// The date of the last dated entity shown and its era: the borders drawn are those
    /// standing then while that era is on screen (a place, undated, keeps them).
    moment: Option<(crate::date::HistDate, EraIx)>,
    /// Zoom (0: the whole region; each step halves the view) and the view's centre
    /// (longitude, latitude).
    pub zoom: u8,
    pub centre: (f64, f64),
    /// Places that can be selected, in key order.
    pub places: Vec<EntityIx>,
    /// Places with coordinates outside the map.
    off_map: usize,
    /// Per era, the places its events link to; computed once, drawn on every frame.
    era_places: Vec<Vec<EntityIx>>,
    /// Whether the three above are worked out (`build`, when the map is first opened).
    built: bool,
}

impl MapPane {
    /// The map, its places worked out when it is first opened (at a million entities that
    /// is a fifth of a second the explorer's start need not wait for).
    pub fn new(_catalog: &Catalog) -> MapPane {
        MapPane {
            selected: None,
            marked: Vec::new(),
            shown: None,
            moment: None,
            zoom: 0,
            centre: map::BOUNDS.centre(),
            off_map: 0,
            places: Vec::new(),
            era_places: Vec::new(),
            built: false,
        }
    }

    /// The places that can be selected and those each era marks, once.
    fn build(&mut self, catalog: &Catalog) {
        if std::mem::replace(&mut self.built, true) {
            return;
        }
        self.places = map::plotted_places(catalog);
        self.off_map = map::off_map_count(catalog);
        self.era_places = catalog
            .era_indices()
            .map(|era| {
                let mut places: Vec<EntityIx> = catalog
                    .era_rows(era)
                    .filter_map(|row| catalog.entity_at(row))
                    .flat_map(|entity| catalog.outgoing(entity))
                    .map(|link| link.target)
                    .filter(|&target| catalog.kind(target) == Kind::Place)
                    .collect();
                places.sort_unstable();
                places.dedup();
                places
            })
            .collect();
    }

    /// Places linked from the events of an era (marked on the map).
    pub fn era_places(&self, era: EraIx) -> &[EntityIx] {
        self.era_places.get(era.0).map_or(&[], Vec::as_slice)
    }

    /// The part of the region on screen.
    pub fn window(&self) -> map::MapBounds {
        map::window(self.zoom, self.centre)
    }

    /// Move to the nearest place in a direction (a step of one), or along the list order
    /// (pages, top and bottom).
    fn step(&mut self, dx: i32, dy: i32, step: Step, context: &Context) -> Outcome {
        let catalog = context.catalog;
        let Some(from) = self.selected else {
            // Nothing marked: start on a place of the era on screen, else the first.
            let start = self
                .era_places(context.era)
                .iter()
                .copied()
                .find(|p| self.places.contains(p))
                .or(self.places.first().copied());
            return match start {
                Some(place) => self.open(place, false, false),
                None => Outcome::Done,
            };
        };
        let target = if step == Step::By(1) || step == Step::By(-1) {
            map::nearest_in_direction(catalog, &self.places, from, dx, dy)
        } else {
            let mut list = Viewport::new(self.places.len());
            list.set_height(10);
            list.select(self.places.iter().position(|&p| p == from).unwrap_or(0));
            list.step(step);
            self.places.get(list.selected).copied()
        };
        match target {
            Some(place) => self.open(place, false, false),
            None => Outcome::Done,
        }
    }

    /// Select a place and ask the app to show it.
    fn open(&mut self, place: EntityIx, remember: bool, to_links: bool) -> Outcome {
        self.selected = Some(place);
        Outcome::Open {
            entity: place,
            remember,
            to_links,
        }
    }

    /// Where the view centres when it zooms in: the selected place, else the first
    /// marked one with coordinates.
    fn focus_point(&self, catalog: &Catalog) -> Option<(f64, f64)> {
        self.selected
            .into_iter()
            .chain(self.marked.iter().copied())
            .find_map(|p| catalog.coords(p))
            .map(|c| (c.lon, c.lat))
    }

    fn zoom_by(&mut self, step: i8, catalog: &Catalog) {
        if step == 0 {
            self.zoom = 0;
            self.centre = map::BOUNDS.centre();
            return;
        }
        if step > 0 && self.zoom == 0 {
            // Zoom in on the selected place, where the reader is looking.
            if let Some(centre) = self.focus_point(catalog) {
                self.centre = centre;
            }
        }
        self.zoom =
            (i16::from(self.zoom) + i16::from(step)).clamp(0, i16::from(map::MAX_ZOOM)) as u8;
        self.centre = self.window().centre();
    }

    fn pan(&mut self, dx: i8, dy: i8) {
        let view = self.window();
        let (lon, lat) = view.centre();
        let centre = (
            lon + f64::from(dx) * (view.lon_max - view.lon_min) / 4.0,
            lat + f64::from(dy) * (view.lat_max - view.lat_min) / 4.0,
        );
        self.centre = map::window(self.zoom, centre).centre();
    }
}

impl MainView for MapPane {
    fn id(&self) -> View {
        View::Map
    }

    fn label(&self) -> &'static str {
        " MAP "
    }

    fn key_scope(&self) -> Option<Scope> {
        Some(Scope::Map)
    }

    fn on_open(&mut self, context: &Context) {
        self.build(context.catalog);
        // Start on the shown entity's places.
        if let Some(current) = context.current {
            self.follow(context.catalog, current);
        }
    }

    fn follow(&mut self, catalog: &Catalog, entity: EntityIx) {
        self.build(catalog);
        if entity.0 >= catalog.entity_count() {
            return;
        }
        self.shown = Some(entity);
        self.marked = map::places_of(catalog, entity);
        self.selected = self
            .marked
            .iter()
            .copied()
            .find(|p| self.places.contains(p));
        if let Some(date) = catalog.date(entity) {
            self.moment = Some((date, catalog.era_of(entity)));
        }
        // Zoomed in elsewhere: bring the marked place into view.
        if self.zoom > 0
            && let Some(c) = self.selected.and_then(|p| catalog.coords(p))
            && !self.window().contains(&c)
        {
            self.centre = map::window(self.zoom, (c.lon, c.lat)).centre();
        }
    }

    fn update(&mut self, action: Action, context: &Context) -> Outcome {
        self.build(context.catalog);
        match action {
            // j/k walk the places south/north; pages walk the list order.
            Action::Move(step) => {
                let dy = match step {
                    Step::By(delta) if delta > 0 => -1,
                    _ => 1,
                };
                self.step(0, dy, step, context)
            }
            Action::MapMove(dx, dy) => {
                self.step(i32::from(dx), i32::from(dy), Step::By(1), context)
            }
            Action::MapZoom(step) => {
                self.zoom_by(step, context.catalog);
                Outcome::Done
            }
            Action::MapPan(dx, dy) => {
                self.pan(dx, dy);
                Outcome::Done
            }
            Action::Activate => match self.selected {
                Some(place) => self.open(place, true, true),
                None => Outcome::Done,
            },
            _ => Outcome::Ignored,
        }
    }

    fn click(&mut self, area: Rect, x: u16, y: u16, context: &Context) -> Outcome {
        self.build(context.catalog);
        match map::place_at(area, self.window(), context.catalog, &self.places, x, y) {
            Some(place) => self.open(place, true, false),
            None => Outcome::Done,
        }
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn draw(&self, frame: &mut Frame, area: Rect, context: &DrawContext) {
        let catalog = context.catalog;
        let era = context.era;
        let era_name = catalog.era_label(era);
        // Borders as they stood at the last dated entry shown (a place keeps them), or at
        // the start of the era on screen.
        let moment = self
            .moment
            .filter(|&(_, of)| of == era)
            .map_or(catalog.era(era).start, |(date, _)| date);
        let view = map::MapView {
            catalog,
            places: &self.places,
            off_map: self.off_map,
            marked: &self.marked,
            selected: self.selected,
            shown: self.shown.map(|e| catalog.entity(e).name.as_str()),
            highlighted: self.era_places(era),
            era_name: &era_name,
            moment: Some(moment),
            window: self.window(),
            focused: context.focused,
            theme: context.theme,
        };
        map::draw_map(frame, area, &view);
    }
}
