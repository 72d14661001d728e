//! The timeline list: dated entries of every kind (and undated events and treaties) in
//! time order under their era headings, one line selected: a row, or an era's heading
//! (Enter on it opens the era's page). Rows are the catalog's timeline; display lines add
//! one heading per era.

use super::action::TimelineLine;
use super::axis_draw::glyph;
use super::paint::{ellipsize, highlight_row, pane_block};
use super::theme::Theme;
use super::viewport::{Step, Viewport};
use crate::dataset::{Catalog, EraIx, RowIx};
use crate::model::Kind;
use crate::search::Reader;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

/// Room a name keeps beside the date column before dates are cut to make room for it.
const NAME_ROOM: usize = 24;
/// Dates are cut no shorter than this (a year and a month: "1939-08").
const MIN_DATE_COLUMN: usize = 12;

pub struct TimelinePane {
    /// Selected row (an event or treaty). While a heading is selected, its era's first
    /// row (the event the details pane shows).
    pub row: RowIx,
    /// The era whose heading is selected, if the selection is on a heading rather than
    /// on `row`.
    pub heading: Option<EraIx>,
    /// The window over the display lines (era headings included); its selection is the
    /// display line of the heading or of `row`.
    pub view: Viewport,
    /// Width of the widest date (`compact`); the column is as wide when the pane has room.
    pub date_column: usize,
    /// Keep a margin around the selection at the next `fit` (set by moves and jumps, so
    /// that a jump never lands on the window's edge; a click or the wheel leaves the
    /// window where the reader put it).
    pub reveal: bool,
}

/// The date column's width in a list `inner_width` columns wide whose widest date is
/// `widest`: every date in full when a name still has `NAME_ROOM` beside it, else as much
/// as that leaves, never under `MIN_DATE_COLUMN` (nor over the widest date).
pub fn date_column_width(widest: usize, inner_width: usize) -> usize {
    // " date • name": a space, the date, a space, the marker, a space.
    let room = inner_width.saturating_sub(4 + NAME_ROOM);
    room.max(MIN_DATE_COLUMN).min(widest)
}

/// Lines kept between the selection and the window's edge: up to 3, a quarter of the
/// window in short ones.
pub fn scroll_margin(height: usize) -> usize {
    (height / 4).min(3)
}

/// Where a window of `height` lines over `len` starts so that `line` is in view with
/// `above` lines above it and `below` below (as far as the list allows), moving as little
/// as it can from `offset`.
pub fn offset_with_margin(
    offset: usize,
    line: usize,
    (above, below): (usize, usize),
    height: usize,
    len: usize,
) -> usize {
    if height == 0 {
        return offset;
    }
    let mut offset = offset;
    let below = below.min(len.saturating_sub(line + 1));
    if line + below >= offset + height {
        offset = line + below + 1 - height;
    }
    if line < offset + above {
        offset = line.saturating_sub(above);
    }
    offset.min(len.saturating_sub(height))
}

impl TimelinePane {
    pub fn new(catalog: &Catalog) -> TimelinePane {
        let date_column = catalog
            .timeline()
            .iter()
            .filter_map(|&e| catalog.date(e).map(|d| d.compact().width()))
            .max()
            .unwrap_or(4)
            .max(4);
        TimelinePane {
            row: RowIx(0),
            heading: None,
            view: Viewport::new(catalog.timeline().len() + catalog.eras().len()),
            date_column,
            reveal: false,
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

    /// Display line of the selection: the selected heading, or the selected row.
    pub fn selected_line(&self, catalog: &Catalog) -> usize {
        match self.heading {
            Some(era) => self.line_of_heading(catalog, era),
            None => self.line_of_row(catalog, self.row),
        }
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

    /// The line a step from the selected one lands on, headings included (the window's
    /// height sets a page).
    pub fn stepped(&self, catalog: &Catalog, step: Step) -> Option<TimelineLine> {
        let mut lines = Viewport::new(self.view.len);
        lines.set_height(self.view.height);
        lines.select(self.selected_line(catalog));
        lines.step(step);
        self.line_content(catalog, lines.selected)
    }

    /// The window is `height` rows; the selection in view, an era's first event with its
    /// heading; after a move or a jump (`reveal`), with a margin around the selection.
    pub fn fit(&mut self, catalog: &Catalog, height: usize) {
        let count = catalog.timeline().len();
        self.row = RowIx(self.row.0.min(count.saturating_sub(1)));
        if self
            .heading
            .is_some_and(|era| era.0 >= catalog.eras().len())
        {
            self.heading = None;
        }
        let line = self.selected_line(catalog);
        self.view.set_height(height);
        self.view.selected = line.min(self.view.len.saturating_sub(1));
        if self.reveal && height > 0 {
            self.reveal = false;
            let margin = scroll_margin(height);
            // Above a row, the lines up to its era's heading are context enough.
            let above = match (self.heading, catalog.entity_at(self.row)) {
                (None, Some(entity)) => {
                    let heading = self.line_of_heading(catalog, catalog.era_of(entity));
                    margin.min(line.saturating_sub(heading))
                }
                _ => margin,
            };
            self.view.offset = offset_with_margin(
                self.view.offset,
                line,
                (above, margin),
                height,
                self.view.len,
            );
            return;
        }
        let heading_above = line > 0
            && self.heading.is_none()
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
        reader: &Reader,
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
        let date_width = date_column_width(self.date_column, usize::from(inner.width));
        let mut lines = Vec::with_capacity(inner.height as usize);
        let first = self.view.offset;
        for line in first..first + inner.height as usize {
            match self.line_content(catalog, line) {
                None => break,
                Some(TimelineLine::Heading(era)) => {
                    let text = format!("── {} · {} ", era.0 + 1, catalog.era_label(era));
                    let mut spans = vec![Span::styled(
                        text,
                        theme.accent().add_modifier(Modifier::BOLD),
                    )];
                    if self.heading == Some(era) {
                        highlight_row(&mut spans, theme.selected(focused), inner.width);
                    }
                    lines.push(Line::from(spans));
                }
                Some(TimelineLine::Row(row)) => {
                    let Some(entity) = catalog.entity_at(row) else {
                        break;
                    };
                    let marks = reader.marks(entity.0 as u32);
                    let entity = catalog.entity(entity);
                    let date = entity
                        .date
                        .map(|d| d.compact())
                        .unwrap_or_else(|| "—".into());
                    let date = ellipsize(&date, date_width);
                    let pad = " ".repeat(date_width.saturating_sub(date.width()));
                    // The axis's marks: a person's life or a body's span reads as one.
                    let marker_style = match entity.kind {
                        Kind::Treaty => theme.treaty(),
                        _ => theme.dim(),
                    };
                    let mut spans = vec![
                        Span::raw(format!(" {date}{pad} ")),
                        Span::styled(glyph(entity.kind).to_string(), marker_style),
                        Span::raw(" "),
                        Span::raw(entity.name.clone()),
                    ];
                    if !marks.is_empty() {
                        spans.push(Span::styled(format!(" {marks}"), theme.accent()));
                    }
                    if row == self.row && self.heading.is_none() {
                        highlight_row(&mut spans, theme.selected(focused), inner.width);
                    }
                    lines.push(Line::from(spans));
                }
            }
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_whole_when_the_pane_has_room_and_cut_only_when_narrow() {
        // 22 columns: "1939-08-23–1945-09-02".
        assert_eq!(date_column_width(22, 98), 22, "a 200-column screen");
        assert_eq!(date_column_width(22, 58), 22, "a 120-column screen");
        assert_eq!(date_column_width(22, 38), MIN_DATE_COLUMN, "80 columns");
        assert_eq!(date_column_width(22, 40), MIN_DATE_COLUMN);
        assert_eq!(
            date_column_width(22, 44),
            16,
            "in between: what the name leaves"
        );
        assert_eq!(
            date_column_width(10, 38),
            10,
            "never wider than the widest date"
        );
        assert_eq!(date_column_width(22, 0), MIN_DATE_COLUMN);
    }

    #[test]
    fn the_scroll_margin_keeps_lines_around_the_selection() {
        assert_eq!(scroll_margin(40), 3);
        assert_eq!(scroll_margin(8), 2);
        assert_eq!(scroll_margin(3), 0);
        // Down to line 50 in a window of 20 over 100 lines: 3 lines below it stay in view.
        assert_eq!(offset_with_margin(0, 50, (3, 3), 20, 100), 34);
        // Up to line 10 from a window at 30: 3 lines above it.
        assert_eq!(offset_with_margin(30, 10, (3, 3), 20, 100), 7);
        // Already with room: the window stays.
        assert_eq!(offset_with_margin(5, 10, (3, 3), 20, 100), 5);
        // At the ends the list does not allow a margin.
        assert_eq!(offset_with_margin(50, 99, (3, 3), 20, 100), 80);
        assert_eq!(offset_with_margin(50, 0, (3, 3), 20, 100), 0);
        assert_eq!(offset_with_margin(0, 1, (3, 3), 20, 10), 0);
        // No height yet: nothing moves.
        assert_eq!(offset_with_margin(4, 50, (3, 3), 0, 100), 4);
        // The selection is never on the last line while the list goes on.
        for line in 0..99 {
            let offset = offset_with_margin(0, line, (3, 3), 20, 100);
            assert!(line < offset + 20 - 1, "{line} at the window's foot");
        }
    }
}
