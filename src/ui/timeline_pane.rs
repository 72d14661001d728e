//! The timeline list: events and treaties in time order under their era headings, one
//! row selected. Rows are the catalog's timeline; display lines add one heading per era.

use super::action::TimelineLine;
use super::paint::{ellipsize, highlight_row, pane_block};
use super::theme::Theme;
use super::viewport::{Step, Viewport};
use crate::dataset::{Catalog, EraIx, RowIx};
use crate::model::Kind;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub struct TimelinePane {
    /// Selected row (an event or treaty).
    pub row: RowIx,
    /// The window over the display lines (era headings included); its selection is the
    /// display line of `row`.
    pub view: Viewport,
    /// Width of the date column: the widest date, capped.
    pub date_column: usize,
}

impl TimelinePane {
    pub fn new(catalog: &Catalog) -> TimelinePane {
        let date_column = catalog
            .timeline()
            .iter()
            .filter_map(|&e| catalog.date(e).map(|d| d.compact().chars().count()))
            .max()
            .unwrap_or(4)
            .clamp(4, 12);
        TimelinePane {
            row: RowIx(0),
            view: Viewport::new(catalog.timeline().len() + catalog.eras().len()),
            date_column,
        }
    }

    /// Display line of a timeline row (headings come before each era's rows).
    pub fn line_of_row(&self, catalog: &Catalog, row: RowIx) -> usize {
        match catalog.entity_at(row) {
            Some(entity) => row.0 + catalog.era_of(entity).0 + 1,
            None => row.0,
        }
    }

    /// Display line of an era's heading.
    pub fn line_of_heading(&self, catalog: &Catalog, era: EraIx) -> usize {
        catalog.era_first_row(era).0 + era.0
    }

    /// What a display line holds.
    pub fn line_content(&self, catalog: &Catalog, line: usize) -> Option<TimelineLine> {
        // Heading of era e sits at era_first_row(e) + e; find the last heading at or before.
        let (mut low, mut high) = (0, catalog.eras().len());
        while low < high {
            let middle = (low + high) / 2;
            if self.line_of_heading(catalog, EraIx(middle)) <= line {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        let era = EraIx(low.checked_sub(1)?);
        if line == self.line_of_heading(catalog, era) {
            return Some(TimelineLine::Heading(era));
        }
        let row = line - era.0 - 1;
        (row < catalog.timeline().len()).then_some(TimelineLine::Row(RowIx(row)))
    }

    /// The row a step from the selected one lands on (the window's height sets a page).
    pub fn stepped(&self, catalog: &Catalog, step: Step) -> RowIx {
        let mut rows = Viewport::new(catalog.timeline().len());
        rows.set_height(self.view.height);
        rows.select(self.row.0);
        rows.step(step);
        RowIx(rows.selected)
    }

    /// The window is `height` rows; the selected row in view, an era's first event with
    /// its heading.
    pub fn fit(&mut self, catalog: &Catalog, height: usize) {
        let count = catalog.timeline().len();
        self.row = RowIx(self.row.0.min(count.saturating_sub(1)));
        let line = self.line_of_row(catalog, self.row);
        self.view.set_height(height);
        self.view.selected = line;
        let heading_above = line > 0
            && matches!(
                self.line_content(catalog, line - 1),
                Some(TimelineLine::Heading(_))
            );
        self.view.keep_in_view(usize::from(heading_above));
        if heading_above && self.view.offset == line && self.view.height >= 2 {
            self.view.offset = line - 1;
        }
    }

    pub fn draw(
        &self,
        frame: &mut Frame,
        area: Rect,
        catalog: &Catalog,
        theme: &Theme,
        focused: bool,
    ) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        let count = catalog.timeline().len();
        let title = format!(
            " Timeline · {}/{} · • event § treaty ",
            (self.row.0 + 1).min(count),
            count
        );
        let block = pane_block(title, focused, theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let date_width = self.date_column;
        let mut lines = Vec::with_capacity(inner.height as usize);
        let first = self.view.offset;
        for line in first..first + inner.height as usize {
            match self.line_content(catalog, line) {
                None => break,
                Some(TimelineLine::Heading(era)) => lines.push(Line::from(Span::styled(
                    format!("── {} · {} ", era.0 + 1, catalog.era_label(era)),
                    theme.accent().add_modifier(Modifier::BOLD),
                ))),
                Some(TimelineLine::Row(row)) => {
                    let Some(entity) = catalog.entity_at(row) else {
                        break;
                    };
                    let entity = catalog.entity(entity);
                    let date = entity
                        .date
                        .map(|d| d.compact())
                        .unwrap_or_else(|| "—".into());
                    let date = ellipsize(&date, date_width);
                    let (marker, marker_style) = match entity.kind {
                        Kind::Treaty => ("§", theme.treaty()),
                        _ => ("•", theme.dim()),
                    };
                    let mut spans = vec![
                        Span::raw(format!(" {date:<date_width$} ")),
                        Span::styled(marker, marker_style),
                        Span::raw(" "),
                        Span::raw(entity.name.clone()),
                    ];
                    if row == self.row {
                        highlight_row(&mut spans, theme.selected(focused), inner.width);
                    }
                    lines.push(Line::from(spans));
                }
            }
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }
}
