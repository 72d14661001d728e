//! The chart as a view of the main pane: which entity's figures it shows, owned here
//! (series and drawing are in `chart.rs`).

use super::action::{Action, View};
use super::chart;
use super::main_view::{Context, DrawContext, MainView, Outcome};
use super::viewport::Viewport;
use crate::dataset::{Catalog, EntityIx};
use ratatui::Frame;
use ratatui::layout::Rect;

pub struct ChartPane {
    /// Entity whose series the chart shows.
    pub entity: Option<EntityIx>,
}

impl ChartPane {
    pub fn new(catalog: &Catalog) -> ChartPane {
        ChartPane {
            entity: chart::chart_entities(catalog).first().copied(),
        }
    }
}

impl MainView for ChartPane {
    fn id(&self) -> View {
        View::Chart
    }

    fn label(&self) -> &'static str {
        " CHART "
    }

    fn follows_the_timeline(&self) -> bool {
        false
    }

    fn on_open(&mut self, context: &Context) {
        if let Some(current) = context.current {
            self.follow(context.catalog, current);
        }
    }

    fn follow(&mut self, catalog: &Catalog, entity: EntityIx) {
        if !chart::series_of(catalog, entity).is_empty() {
            self.entity = Some(entity);
        }
    }

    fn update(&mut self, action: Action, context: &Context) -> Outcome {
        let Action::Move(step) = action else {
            return Outcome::Ignored;
        };
        // Moves step through the entities that have figures, opening each.
        let entities = chart::chart_entities(context.catalog);
        if entities.is_empty() {
            return Outcome::Done;
        }
        let mut list = Viewport::new(entities.len());
        list.set_height(1);
        let at = self
            .entity
            .and_then(|e| entities.iter().position(|&x| x == e));
        list.select(at.unwrap_or(0));
        list.step(step);
        let entity = entities[list.selected];
        self.entity = Some(entity);
        Outcome::Open {
            entity,
            remember: false,
            to_links: false,
        }
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn draw(&self, frame: &mut Frame, area: Rect, context: &DrawContext) {
        let catalog = context.catalog;
        let (title, series) = match self.entity {
            Some(entity) => (
                catalog.entity(entity).name.clone(),
                chart::series_of(catalog, entity),
            ),
            None => ("Chart".to_string(), Vec::new()),
        };
        chart::draw_chart(frame, area, &title, &series, context.focused, context.theme);
    }
}
