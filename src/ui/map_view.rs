//! The map as a view of the main pane: its selected place, zoom and centre, and the
//! places of each era, owned here (drawing and geometry are in `map.rs`).

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
    /// Selected place.
    pub selected: Option<EntityIx>,
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
}

impl MapPane {
    pub fn new(catalog: &Catalog) -> MapPane {
        let places = map::plotted_places(catalog);
        let era_places = catalog
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
        MapPane {
            selected: places.first().copied(),
            zoom: 0,
            centre: map::BOUNDS.centre(),
            off_map: map::off_map_count(catalog),
            places,
            era_places,
        }
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
    fn step(&mut self, dx: i32, dy: i32, step: Step, catalog: &Catalog) -> Outcome {
        let Some(from) = self.selected else {
            self.selected = self.places.first().copied();
            return Outcome::Done;
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
            Some(place) => {
                self.selected = Some(place);
                Outcome::Open {
                    entity: place,
                    remember: false,
                    to_links: false,
                }
            }
            None => Outcome::Done,
        }
    }

    fn zoom_by(&mut self, step: i8, catalog: &Catalog) {
        if step == 0 {
            self.zoom = 0;
            self.centre = map::BOUNDS.centre();
            return;
        }
        if step > 0 && self.zoom == 0 {
            // Zoom in on the selected place, where the reader is looking.
            if let Some(c) = self.selected.and_then(|p| catalog.entity(p).coords) {
                self.centre = (c.lon, c.lat);
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
        // Start on the shown place, else on a place of the current era's events.
        let era_place = self
            .era_places(context.era)
            .iter()
            .copied()
            .find(|p| self.places.contains(p));
        let shown = context.current.filter(|c| self.places.contains(c));
        if let Some(place) = shown.or(era_place) {
            self.selected = Some(place);
        }
    }

    fn follow(&mut self, _catalog: &Catalog, entity: EntityIx) {
        if self.places.contains(&entity) {
            self.selected = Some(entity);
        }
    }

    fn update(&mut self, action: Action, context: &Context) -> Outcome {
        match action {
            // j/k walk the places south/north; pages walk the list order.
            Action::Move(step) => {
                let dy = match step {
                    Step::By(delta) if delta > 0 => -1,
                    _ => 1,
                };
                self.step(0, dy, step, context.catalog)
            }
            Action::MapMove(dx, dy) => {
                self.step(i32::from(dx), i32::from(dy), Step::By(1), context.catalog)
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
                Some(place) => Outcome::Open {
                    entity: place,
                    remember: true,
                    to_links: true,
                },
                None => Outcome::Done,
            },
            _ => Outcome::Ignored,
        }
    }

    fn click(&mut self, area: Rect, x: u16, y: u16, context: &Context) -> Outcome {
        match map::place_at(area, self.window(), context.catalog, &self.places, x, y) {
            Some(place) => {
                self.selected = Some(place);
                Outcome::Open {
                    entity: place,
                    remember: true,
                    to_links: false,
                }
            }
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
        // Borders as they stood at the shown event, or at the start of the era on screen.
        let moment = context
            .current
            .filter(|&entity| catalog.era_of(entity) == era)
            .and_then(|entity| catalog.entity(entity).date)
            .unwrap_or(catalog.era(era).start);
        let view = map::MapView {
            catalog,
            places: &self.places,
            off_map: self.off_map,
            selected: self.selected,
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
