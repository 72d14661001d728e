//! Placeholder until the map widget lands (same API).
use crate::dataset::Catalog;
use ratatui::Frame;
use ratatui::layout::Rect;

pub struct MapView<'a> {
    pub catalog: &'a Catalog,
    pub selected: Option<usize>,
    pub highlighted: &'a [usize],
    pub era_name: &'a str,
    pub focused: bool,
    pub colour: bool,
}
pub fn plotted_places(_catalog: &Catalog) -> Vec<usize> {
    Vec::new()
}
pub fn draw_map(_frame: &mut Frame, _area: Rect, _view: &MapView) {}
pub fn place_at(_area: Rect, _catalog: &Catalog, _column: u16, _row: u16) -> Option<usize> {
    None
}
pub fn nearest_in_direction(_catalog: &Catalog, _from: usize, _dx: i32, _dy: i32) -> Option<usize> {
    None
}
