//! Placeholder until the chart widget lands (same API).
use crate::dataset::Catalog;
use ratatui::Frame;
use ratatui::layout::Rect;

pub struct Series {
    pub entity: usize,
    pub name: String,
    pub unit: String,
    pub points: Vec<(i32, f64)>,
}
pub fn series_of(_catalog: &Catalog, _entity: usize) -> Vec<Series> {
    Vec::new()
}
pub fn chart_entities(_catalog: &Catalog) -> Vec<usize> {
    Vec::new()
}
pub fn draw_chart(
    _frame: &mut Frame,
    _area: Rect,
    _title: &str,
    _series: &[Series],
    _focused: bool,
    _colour: bool,
) {
}
