//! The views of the main pane besides the timeline list, listed once (see `main_view`).

use super::axis_view::AxisPane;
use super::chart_view::ChartPane;
use super::main_view::MainView;
use super::map_view::MapPane;
use crate::dataset::Catalog;

/// Every view besides the timeline list, in a fresh state: the one place views are listed.
pub fn all(catalog: &Catalog) -> Vec<Box<dyn MainView>> {
    vec![
        Box::new(MapPane::new(catalog)),
        Box::new(ChartPane::new(catalog)),
        Box::new(AxisPane::new(catalog)),
    ]
}
