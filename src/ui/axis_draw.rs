//! Drawing the axis (the timeline to scale). `plan` decides what goes where (a pure
//! function of the axis, the window and the area); `paint` writes the plan into a buffer;
//! clicks are resolved against the same plan, so a click lands on what was drawn. The
//! explorer's axis view and `nisso timeline --axis` both draw through here.
//!
//! Rows, top to bottom: the era bands, the ruler's years, its ticks, the density strip
//! (entries per column), the lanes, and a line about the selection. Small areas drop the
//! density, the ticks, the years and then lanes, in that order; the selected lane stays.

use super::paint::{ellipsize, put_clipped};
use super::theme::Theme;
use crate::axis::{self, Axis, Item, Lane, Scale};
use crate::dataset::{Catalog, EntityIx};
use crate::model::Kind;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use unicode_width::UnicodeWidthStr;

/// What the drawing shows: the window in time and what is selected.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Window {
    /// The first moment shown, in years, and how many years are shown.
    pub start: f64,
    pub span: f64,
    pub selected: Option<EntityIx>,
    /// An era band is selected (instead of an entry).
    pub band: Option<usize>,
}

/// An entry placed on a lane.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub entity: EntityIx,
    /// Row within the lane.
    pub row: u16,
    /// Columns of the time area it covers (may run past either edge: clipped when drawn).
    pub first: i64,
    pub last: i64,
    /// Its name after it: the first column and the text.
    pub label: Option<(i64, String)>,
}

/// A lane's rows on screen.
#[derive(Debug, Clone, PartialEq)]
pub struct LaneRows {
    pub lane: usize,
    pub y: u16,
    pub rows: u16,
    pub marks: Vec<Mark>,
    /// Where entries crowd: (row, first column, how many), one a run of crowded cells;
    /// when `binned`, per column on row 0.
    pub counts: Vec<(u16, u16, u32)>,
    /// Too many entries in the window to place: the lane shows how many start per
    /// column, as levels.
    pub binned: bool,
    /// The last row holds only the counts of entries left out ("+3").
    pub more: bool,
}

/// Where everything goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub area: Rect,
    /// Columns left of the time area (lane names).
    pub gutter: u16,
    pub scale: Scale,
    pub band_row: Option<u16>,
    pub ruler_row: Option<u16>,
    pub tick_row: Option<u16>,
    pub density_row: Option<u16>,
    pub info_row: Option<u16>,
    pub lanes: Vec<LaneRows>,
    /// Era bands: (era, first column, last column).
    pub bands: Vec<(usize, i64, i64)>,
}

/// How tall the drawing may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Height {
    /// The area's height: rows are shared out.
    Fit,
    /// As tall as the lanes need (up to `MAX_ROWS_GROWN` rows a lane), no selection line:
    /// for text output.
    Grow,
}

/// Time columns below which nothing but a note is drawn.
const MIN_COLUMNS: u16 = 8;
/// More entries than this many per column in a window, and a lane shows counts only.
const ENTRIES_PER_COLUMN: usize = 4;
/// A lane's rows when the drawing grows.
const MAX_ROWS_GROWN: u16 = 30;
/// A label is at most this wide when room is kept for it.
const LABEL_ROOM: i64 = 18;

pub fn glyph(kind: Kind) -> char {
    match kind {
        Kind::Event => '•',
        Kind::Treaty => '§',
        Kind::Person => '●',
        Kind::Organisation => '◆',
        Kind::Place => '▲',
    }
}

/// The legend, for titles and help.
pub const LEGEND: &str = "• event § treaty ● person ◆ body ━ span ┄ uncertain";

fn gutter_width(axis: &Axis, width: u16) -> u16 {
    let longest = axis
        .lanes
        .iter()
        .map(|l| l.label.width())
        .max()
        .unwrap_or(0) as u16;
    if width >= 60 {
        longest.clamp(6, 13) + 1
    } else if width >= 40 {
        longest.clamp(4, 8) + 1
    } else if width >= 24 {
        2
    } else {
        0
    }
}

/// Decide where everything goes in `area` (for `Height::Grow`, the height is found).
pub fn plan(catalog: &Catalog, axis: &Axis, window: &Window, area: Rect, height: Height) -> Plan {
    let gutter = gutter_width(axis, area.width);
    let columns = area.width.saturating_sub(gutter);
    let scale = Scale::new(window.start, window.span, columns);
    let mut plan = Plan {
        area,
        gutter,
        scale,
        band_row: None,
        ruler_row: None,
        tick_row: None,
        density_row: None,
        info_row: None,
        lanes: Vec::new(),
        bands: Vec::new(),
    };
    if columns < MIN_COLUMNS || (area.height == 0 && height == Height::Fit) {
        return plan;
    }
    let rows = match height {
        Height::Fit => area.height,
        Height::Grow => u16::MAX,
    };
    let mut y = area.y;
    let mut take = |wanted: bool| {
        wanted.then(|| {
            y += 1;
            y - 1
        })
    };
    plan.band_row = take(rows >= 2);
    plan.ruler_row = take(rows >= 4);
    plan.tick_row = take(rows >= 7);
    plan.density_row = take(rows >= 6);
    let lanes_top = y;
    let lanes_bottom = match height {
        Height::Fit => {
            if rows >= 3 {
                plan.info_row = Some(area.bottom() - 1);
            }
            area.bottom() - u16::from(rows >= 3)
        }
        Height::Grow => u16::MAX,
    };
    plan.bands = bands(axis, &scale);
    plan.lanes = lanes(
        catalog,
        axis,
        window,
        &scale,
        lanes_top,
        lanes_bottom,
        height,
    );
    if height == Height::Grow {
        let bottom = plan.lanes.last().map_or(lanes_top, |l| l.y + l.rows);
        plan.area.height = bottom - area.y;
    }
    plan
}

fn bands(axis: &Axis, scale: &Scale) -> Vec<(usize, i64, i64)> {
    let columns = i64::from(scale.columns);
    axis.eras
        .iter()
        .enumerate()
        .map(|(era, &(start, end))| (era, scale.column(start), scale.last_column(end)))
        .filter(|&(_, first, last)| last >= 0 && first < columns && last >= first)
        .collect()
}

/// The lanes that fit (around the selected one), their rows shared out by need, and the
/// entries placed in them.
fn lanes(
    catalog: &Catalog,
    axis: &Axis,
    window: &Window,
    scale: &Scale,
    top: u16,
    bottom: u16,
    height: Height,
) -> Vec<LaneRows> {
    let budget = usize::from(bottom.saturating_sub(top));
    let count = axis.lanes.len();
    if budget == 0 || count == 0 {
        return Vec::new();
    }
    let selected_lane = window
        .selected
        .and_then(|e| axis.locate(e))
        .map_or(0, |(lane, _)| lane);
    let shown = count.min(budget);
    let first = selected_lane.saturating_sub(shown / 2).min(count - shown);
    let chosen: Vec<usize> = (first..first + shown).collect();
    let most = match height {
        Height::Fit => (budget - shown + 1).min(usize::from(u16::MAX)),
        Height::Grow => usize::from(MAX_ROWS_GROWN),
    };
    let needs: Vec<usize> = chosen
        .iter()
        .map(|&lane| pack(catalog, axis, lane, scale, most).need)
        .collect();
    let rows = share_rows(&needs, budget.min(needs.iter().sum::<usize>().max(shown)));
    let mut y = top;
    let mut out = Vec::with_capacity(shown);
    for (&lane, &lane_rows) in chosen.iter().zip(&rows) {
        let packed = pack(catalog, axis, lane, scale, lane_rows);
        let mut lane_out = LaneRows {
            lane,
            y,
            rows: lane_rows as u16,
            marks: packed.marks,
            counts: packed.counts,
            binned: packed.binned,
            more: packed.more,
        };
        if let Some(selected) = window.selected {
            keep_selected(&mut lane_out, axis, selected, scale);
        }
        out.push(lane_out);
        y += lane_rows as u16;
    }
    out
}

/// One row each, then the rest to the lanes that need more, in turn.
fn share_rows(needs: &[usize], budget: usize) -> Vec<usize> {
    let mut rows = vec![1; needs.len()];
    let mut left = budget.saturating_sub(needs.len());
    while left > 0 {
        let mut gave = false;
        for (row, &need) in rows.iter_mut().zip(needs) {
            if left > 0 && *row < need {
                *row += 1;
                left -= 1;
                gave = true;
            }
        }
        if !gave {
            break;
        }
    }
    rows
}

struct Packed {
    marks: Vec<Mark>,
    counts: Vec<(u16, u16, u32)>,
    binned: bool,
    more: bool,
    /// Rows the lane's window would use, up to the most it was given.
    need: usize,
}

/// The columns an entry covers on a scale.
fn columns_of(item: &Item, scale: &Scale) -> (i64, i64) {
    let first = scale.column(item.extent.start);
    let mut last = scale.last_column(item.extent.end).max(first);
    // A point's precision (a year, a month) shows only where it is wider than a mark
    // and its neighbour: at coarser zooms it is the mark alone.
    if !item.extent.range && last - first < 2 {
        last = first;
    }
    if item.extent.open_end {
        last += 2;
    }
    (first, last)
}

fn label_text(catalog: &Catalog, item: &Item) -> String {
    let name = &catalog.entity(item.entity).name;
    if item.undated {
        format!("undated: {name}")
    } else if item.extent.approximate {
        format!("c. {name}")
    } else {
        name.clone()
    }
}

/// Place a lane's entries in the window on at most `rows` rows: each on the first row
/// where it (and, when there is room, its name) fits; what fits nowhere is counted in the
/// last row. A window with more entries than the columns can show is binned per column.
fn pack(catalog: &Catalog, axis: &Axis, lane: usize, scale: &Scale, rows: usize) -> Packed {
    let lane = &axis.lanes[lane];
    let columns = i64::from(scale.columns);
    let rows = rows.max(1);
    let limit = ENTRIES_PER_COLUMN * usize::from(scale.columns);
    let Some(visible) = lane.visible(scale.start, scale.end(), limit) else {
        let counts = lane
            .counts(scale)
            .into_iter()
            .enumerate()
            .filter(|&(_, n)| n > 0)
            .map(|(column, n)| (0, column as u16, n))
            .collect();
        return Packed {
            marks: Vec::new(),
            counts,
            binned: true,
            more: false,
            need: 1,
        };
    };
    let placed = place(catalog, lane, &visible, scale, rows);
    if placed.crowded.is_empty() || rows < 2 {
        return finish(placed, rows, columns, false);
    }
    // Crowded: the last row only says how many more start where ("+5"), the rows above
    // keep the marks (a count over a bar would read as part of it).
    let mut placed = place(catalog, lane, &visible, scale, rows - 1);
    placed.need = rows;
    finish(placed, rows, columns, true)
}

struct Placed {
    marks: Vec<Mark>,
    names: Vec<String>,
    /// Column → entries starting there that found no row.
    crowded: std::collections::BTreeMap<u16, u32>,
    need: usize,
}

/// Each entry on the first of `rows` rows where it (and, when there is room, its name)
/// fits; the rest counted by column.
fn place(catalog: &Catalog, lane: &Lane, visible: &[u32], scale: &Scale, rows: usize) -> Placed {
    let columns = i64::from(scale.columns);
    // Per row, the last column taken (entries come in start order).
    let mut ends: Vec<i64> = vec![i64::MIN / 2; rows];
    let mut placed = Placed {
        marks: Vec::with_capacity(visible.len()),
        names: Vec::with_capacity(visible.len()),
        crowded: Default::default(),
        need: 0,
    };
    for &position in visible {
        let item = &lane.items[position as usize];
        let (first, last) = columns_of(item, scale);
        let seen_first = first.max(0);
        let name = label_text(catalog, item);
        let with_label = last + 1 + (name.width() as i64).min(LABEL_ROOM);
        let row = ends
            .iter()
            .position(|&end| end + 1 < seen_first)
            .map(|row| (row, with_label))
            .or_else(|| {
                ends.iter()
                    .position(|&end| end < seen_first)
                    .map(|row| (row, last))
            });
        match row {
            Some((row, taken)) => {
                ends[row] = taken;
                placed.need = placed.need.max(row + 1);
                placed.names.push(name);
                placed.marks.push(Mark {
                    entity: item.entity,
                    row: row as u16,
                    first,
                    last,
                    label: None,
                });
            }
            None => {
                placed.need = rows;
                if seen_first < columns {
                    *placed.crowded.entry(seen_first as u16).or_default() += 1;
                }
            }
        }
    }
    placed
}

/// Counts and names for placed marks. `more_row`: the last row holds only counts of the
/// entries left out; else a count on the last row includes the mark drawn under it.
fn finish(placed: Placed, rows: usize, columns: i64, more_row: bool) -> Packed {
    let Placed {
        mut marks,
        names,
        crowded,
        need,
    } = placed;
    let last_row = (rows - 1) as u16;
    let drawn_under = |column: u16| {
        !more_row
            && marks.iter().any(|m| {
                m.row == last_row
                    && m.first.max(0) <= i64::from(column)
                    && m.last >= i64::from(column)
            })
    };
    let counts = crowded_runs(crowded, drawn_under, more_row)
        .into_iter()
        .map(|(column, n)| (last_row, column, n))
        .collect::<Vec<_>>();
    label_marks(&mut marks, names, &counts, columns);
    Packed {
        marks,
        counts,
        binned: false,
        more: more_row,
        need: need.max(1),
    }
}

/// Crowded cells (column → entries left out) merged into runs, each counted once at its
/// first column: neighbouring counts would read as one number ("5" "2" as "52"). A cell's
/// count includes the mark drawn under it (`drawn`), so it says how many entries are there.
fn crowded_runs(
    crowded: std::collections::BTreeMap<u16, u32>,
    drawn: impl Fn(u16) -> bool,
    more: bool,
) -> Vec<(u16, u32)> {
    let mut runs: Vec<(u16, u32)> = Vec::new();
    // The column after the last run's text: a run starting before it joins that run.
    let mut free_from = 0u16;
    for (column, extra) in crowded {
        let here = extra + u32::from(drawn(column));
        match runs.last_mut() {
            Some((_, total)) if column <= free_from => *total += here,
            _ => runs.push((column, here)),
        }
        let (start, total) = runs[runs.len() - 1];
        free_from = start + count_text(total, more).width() as u16 + 1;
    }
    runs
}

/// A count as drawn: on a row of its own, how many more ("+3"); over marks, "·" for one,
/// else the number.
fn count_text(n: u32, more: bool) -> String {
    if more {
        format!("+{n}")
    } else if n == 1 {
        "·".to_string()
    } else {
        n.to_string()
    }
}

/// Names after the marks, where the row has room before the next mark or count.
fn label_marks(marks: &mut [Mark], names: Vec<String>, counts: &[(u16, u16, u32)], columns: i64) {
    let mut order: Vec<usize> = (0..marks.len()).collect();
    order.sort_by_key(|&i| (marks[i].row, marks[i].first));
    for (at, &i) in order.iter().enumerate() {
        let row = marks[i].row;
        let from = marks[i].last + 2;
        let next_mark = order
            .get(at + 1)
            .map(|&j| &marks[j])
            .filter(|next| next.row == row)
            .map_or(columns, |next| next.first.max(0) - 1);
        let next_count = counts
            .iter()
            .filter(|&&(r, c, _)| r == row && i64::from(c) >= from)
            .map(|&(_, c, _)| i64::from(c) - 1)
            .min()
            .unwrap_or(columns);
        let room = next_mark.min(next_count).min(columns) - from.max(0);
        if from >= 0 && room >= 4 {
            marks[i].label = Some((from, ellipsize(&names[i], room as usize)));
            continue;
        }
        // No room after it: a long bar carries its name inside ("◂━ Second World War ━▸"),
        // as spans crossing a zoomed-in window do.
        let inside_from = marks[i].first.max(0) + 2;
        let inside_to = marks[i].last.min(columns - 1) - 1;
        let room = inside_to - inside_from - 1;
        if room >= 6 {
            let name = format!(" {} ", ellipsize(&names[i], room as usize));
            marks[i].label = Some((inside_from, name));
        }
    }
}

/// The selected entry is always drawn: where it was counted (crowded or binned), on the
/// lane's first row, over the count.
fn keep_selected(rows: &mut LaneRows, axis: &Axis, selected: EntityIx, scale: &Scale) {
    if rows.marks.iter().any(|m| m.entity == selected) {
        return;
    }
    let Some(item) = axis
        .locate(selected)
        .filter(|&(lane, _)| lane == rows.lane)
        .and_then(|(lane, position)| axis.item(lane, position))
    else {
        return;
    };
    let (first, last) = columns_of(item, scale);
    if last < 0 || first >= i64::from(scale.columns) {
        return;
    }
    rows.marks.push(Mark {
        entity: selected,
        row: 0,
        first,
        last,
        label: None,
    });
}

/// What a click at (x, y) is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    Entry(EntityIx),
    Era(usize),
}

pub fn hit(plan: &Plan, x: u16, y: u16) -> Option<Hit> {
    let time_x = plan.area.x + plan.gutter;
    if x < time_x || x >= plan.area.right() {
        return None;
    }
    let column = i64::from(x - time_x);
    if plan.band_row == Some(y) {
        return plan
            .bands
            .iter()
            .find(|&&(_, first, last)| column >= first && column <= last)
            .map(|&(era, _, _)| Hit::Era(era));
    }
    let lane = plan.lanes.iter().find(|l| y >= l.y && y < l.y + l.rows)?;
    let row = y - lane.y;
    lane.marks
        .iter()
        .rev()
        .find(|m| {
            let label_end = m
                .label
                .as_ref()
                .map_or(m.last, |(from, text)| from + text.width() as i64 - 1);
            m.row == row && column >= m.first && column <= label_end
        })
        .map(|m| Hit::Entry(m.entity))
}

/// How the drawing is styled, and what the reader is looking at.
pub struct Look<'a> {
    pub theme: &'a Theme,
    pub focused: bool,
    /// The era of the selection (its band is bold).
    pub era: usize,
    /// The reader's bookmarks and notes: a bookmarked entry's mark is ★, a noted one's ✎.
    pub reader: Option<&'a crate::search::Reader>,
}

/// Draw the plan.
pub fn paint(
    buf: &mut Buffer,
    plan: &Plan,
    catalog: &Catalog,
    axis: &Axis,
    window: &Window,
    look: &Look,
) {
    let area = plan.area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    if plan.scale.columns < MIN_COLUMNS {
        put_clipped(
            buf,
            area,
            area.x,
            area.y,
            "widen to see the axis",
            look.theme.dim(),
        );
        return;
    }
    paint_header(buf, plan, catalog, axis, window, look);
    for lane in &plan.lanes {
        paint_lane(buf, plan, axis, lane, window, look);
    }
    if let Some(y) = plan.info_row {
        paint_info(buf, plan, catalog, axis, window, look, y);
    }
}

/// Text (or one symbol) at a column of the time area; nothing outside it.
fn text_at(buf: &mut Buffer, plan: &Plan, column: i64, y: u16, text: &str, style: Style) {
    if column < 0 || column >= i64::from(plan.scale.columns) {
        return;
    }
    let x = plan.area.x + plan.gutter + column as u16;
    put_clipped(buf, plan.area, x, y, text, style);
}

fn gutter_text(buf: &mut Buffer, plan: &Plan, y: u16, text: &str, style: Style, look: &Look) {
    if plan.gutter == 0 {
        return;
    }
    let room = usize::from(plan.gutter - 1);
    put_clipped(
        buf,
        plan.area,
        plan.area.x,
        y,
        &ellipsize(text, room),
        style,
    );
    let edge = plan.area.x + plan.gutter - 1;
    put_clipped(buf, plan.area, edge, y, "│", look.theme.dim());
}

fn paint_header(
    buf: &mut Buffer,
    plan: &Plan,
    catalog: &Catalog,
    axis: &Axis,
    window: &Window,
    look: &Look,
) {
    let theme = look.theme;
    if let Some(y) = plan.band_row {
        gutter_text(
            buf,
            plan,
            y,
            if plan.gutter > 3 { "Era" } else { "" },
            theme.dim(),
            look,
        );
        for &(era, first, last) in &plan.bands {
            let style = if window.band == Some(era) {
                theme.selected(look.focused)
            } else if era == look.era {
                theme.bold()
            } else {
                theme.dim()
            };
            let name = catalog.eras().get(era).map_or("", |e| e.name.as_str());
            let from = first.max(0);
            let to = last.min(i64::from(plan.scale.columns) - 1);
            for column in from..=to {
                text_at(buf, plan, column, y, "─", style);
            }
            if first >= 0 {
                text_at(buf, plan, first, y, "├", style);
            }
            let room = (to - from) as usize;
            let text = ellipsize(&format!("{} {name} ", era + 1), room);
            if room >= 2 {
                text_at(buf, plan, from + 1, y, &text, style);
            }
        }
    }
    let ticks = axis::ticks(&plan.scale);
    if let Some(y) = plan.ruler_row {
        gutter_text(buf, plan, y, "", theme.dim(), look);
        let mut free_from = 0i64;
        let columns = i64::from(plan.scale.columns);
        for tick in &ticks {
            let column = i64::from(tick.column);
            let width = tick.label.width() as i64;
            // A label cut at the right edge would misread ("2020" as "20"): left out.
            if column >= free_from && column + width <= columns {
                text_at(buf, plan, column, y, &tick.label, theme.accent());
                free_from = column + width + 1;
            }
        }
    }
    if let Some(y) = plan.tick_row {
        gutter_text(buf, plan, y, "", theme.dim(), look);
        let line = "─".repeat(usize::from(plan.scale.columns));
        text_at(buf, plan, 0, y, &line, theme.dim());
        for tick in &ticks {
            text_at(buf, plan, i64::from(tick.column), y, "┴", theme.dim());
        }
    }
    if let Some(y) = plan.density_row {
        let label = if plan.gutter > 8 { "Per col." } else { "#" };
        gutter_text(buf, plan, y, label, theme.dim(), look);
        let counts = axis.density(&plan.scale);
        let most = counts.iter().copied().max().unwrap_or(0);
        for (column, &n) in counts.iter().enumerate() {
            if n > 0 {
                text_at(buf, plan, column as i64, y, level(n, most), theme.accent());
            }
        }
    }
}

/// A block as tall as `n` is of `most` (never empty for one entry).
fn level(n: u32, most: u32) -> &'static str {
    const LEVELS: [&str; 8] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];
    let most = most.max(1) as usize;
    let at = (n as usize * LEVELS.len())
        .div_ceil(most)
        .clamp(1, LEVELS.len());
    LEVELS[at - 1]
}

fn kind_style(kind: Kind, theme: &Theme) -> Style {
    match kind {
        Kind::Treaty => theme.treaty(),
        Kind::Event => theme.text(),
        _ => theme.accent(),
    }
}

fn paint_lane(
    buf: &mut Buffer,
    plan: &Plan,
    axis: &Axis,
    lane: &LaneRows,
    window: &Window,
    look: &Look,
) {
    let theme = look.theme;
    let Some(lane_data) = axis.lanes.get(lane.lane) else {
        return;
    };
    let selected_lane = window
        .selected
        .and_then(|e| axis.locate(e))
        .is_some_and(|(l, _)| l == lane.lane);
    for row in 0..lane.rows {
        let (text, style) = if row == 0 {
            let label = if plan.gutter > 3 {
                lane_data.label.clone()
            } else {
                lane_data.label.chars().take(1).collect()
            };
            (
                label,
                if selected_lane {
                    theme.bold()
                } else {
                    theme.dim()
                },
            )
        } else {
            (String::new(), theme.dim())
        };
        gutter_text(buf, plan, lane.y + row, &text, style, look);
    }
    for mark in &lane.marks {
        if Some(mark.entity) != window.selected {
            paint_mark(buf, plan, axis, lane, mark, theme.text(), false, look);
        }
    }
    if lane.binned {
        let most = lane.counts.iter().map(|c| c.2).max().unwrap_or(1);
        for &(row, column, n) in &lane.counts {
            let text = level(n, most);
            text_at(
                buf,
                plan,
                i64::from(column),
                lane.y + row,
                text,
                theme.bold(),
            );
        }
    } else {
        for &(row, column, n) in &lane.counts {
            let text = count_text(n, lane.more);
            text_at(
                buf,
                plan,
                i64::from(column),
                lane.y + row,
                &text,
                theme.bold(),
            );
        }
    }
    // The selected entry last, over anything it shares cells with.
    if let Some(mark) = lane
        .marks
        .iter()
        .find(|m| Some(m.entity) == window.selected)
    {
        paint_mark(
            buf,
            plan,
            axis,
            lane,
            mark,
            theme.selected(look.focused),
            true,
            look,
        );
    }
}

#[allow(clippy::too_many_arguments)]
fn paint_mark(
    buf: &mut Buffer,
    plan: &Plan,
    axis: &Axis,
    lane: &LaneRows,
    mark: &Mark,
    label_style: Style,
    selected: bool,
    look: &Look,
) {
    let theme = look.theme;
    let Some(item) = axis.item_of(mark.entity) else {
        return;
    };
    let y = lane.y + mark.row;
    let columns = i64::from(plan.scale.columns);
    let pick = |style: Style| {
        if selected {
            theme.selected(look.focused)
        } else {
            style
        }
    };
    let solid = pick(kind_style(item.kind, theme));
    let faint = pick(theme.dim());
    let extent = &item.extent;
    // A date's precision is not doubt: a span said in years is drawn solid end to end.
    // Dotted is for what the source hedges ("c.", "after", a decade) and for the time a
    // point said in years or months may fall in, where that shows as more than a cell.
    let (known_from, known_to) = if extent.approximate || extent.open_end {
        (
            plan.scale.column(extent.start_known),
            plan.scale.last_column(extent.end_known),
        )
    } else {
        (mark.first, mark.last)
    };
    for column in mark.first.max(0)..=mark.last.min(columns - 1) {
        let sure = extent.range && column >= known_from && column <= known_to;
        let (symbol, style) = if sure { ("━", solid) } else { ("┄", faint) };
        text_at(buf, plan, column, y, symbol, style);
    }
    let reader_mark = look
        .reader
        .and_then(|reader| reader.marks(mark.entity.0 as u32).chars().next());
    let head = match reader_mark {
        Some(mark) => mark.to_string(),
        None if item.undated => "?".to_string(),
        None => glyph(item.kind).to_string(),
    };
    if mark.first >= 0 {
        let style = if reader_mark.is_some() {
            pick(theme.accent())
        } else if item.undated || (extent.approximate && !extent.range) {
            faint
        } else {
            solid
        };
        text_at(buf, plan, mark.first, y, &head, style);
    } else {
        text_at(buf, plan, 0, y, "◂", solid);
    }
    if mark.last >= columns {
        text_at(buf, plan, columns - 1, y, "▸", solid);
    } else if extent.ongoing {
        text_at(buf, plan, mark.last, y, "▸", solid);
    }
    if let Some((from, text)) = &mark.label {
        text_at(buf, plan, *from, y, text, label_style);
    }
}

fn paint_info(
    buf: &mut Buffer,
    plan: &Plan,
    catalog: &Catalog,
    axis: &Axis,
    window: &Window,
    look: &Look,
    y: u16,
) {
    let theme = look.theme;
    let right = format!(
        " {}–{} · {} ticks",
        plan.scale.start.floor() as i64,
        plan.scale.end().ceil() as i64 - 1,
        axis::step_label(axis::tick_step(&plan.scale))
    );
    let left = if let Some(era) = window.band {
        format!(
            "▸ Era {} · {} · Enter: its page",
            era + 1,
            catalog.era_label(crate::dataset::EraIx(era))
        )
    } else if let Some(item) = window.selected.and_then(|e| axis.item_of(e)) {
        let entity = catalog.entity(item.entity);
        let date = entity
            .date
            .map_or_else(|| "undated".to_string(), |d| d.compact());
        let lane = axis
            .locate(item.entity)
            .and_then(|(l, _)| axis.lanes.get(l))
            .map_or("", |l| l.label.as_str());
        format!("▸ {date} {} {} · {lane}", glyph(item.kind), entity.name)
    } else {
        format!("{} entries", axis.len())
    };
    let width = usize::from(plan.area.width);
    let right_width = right.width();
    let (left_room, show_right) = if left.width() + right_width <= width {
        (width - right_width, true)
    } else {
        (width, false)
    };
    put_clipped(
        buf,
        plan.area,
        plan.area.x,
        y,
        &ellipsize(&left, left_room),
        theme.bold(),
    );
    if show_right {
        let x = plan.area.right() - right_width as u16;
        put_clipped(buf, plan.area, x, y, &right, theme.dim());
    }
}

/// The axis as plain text, `width` columns wide, for `nisso timeline --axis`.
pub fn plain_text(catalog: &Catalog, axis: &Axis, from: f64, to: f64, width: u16) -> String {
    let window = Window {
        start: from,
        span: (to - from).max(1.0 / 12.0),
        selected: None,
        band: None,
    };
    let plan = plan(
        catalog,
        axis,
        &window,
        Rect::new(0, 0, width, 0),
        Height::Grow,
    );
    let mut buf = Buffer::empty(plan.area);
    let theme = Theme::no_colour();
    let look = Look {
        theme: &theme,
        focused: false,
        era: usize::MAX,
        reader: None,
    };
    paint(&mut buf, &plan, catalog, axis, &window, &look);
    buffer_text(&buf)
}

/// A buffer's symbols, one line a row, trailing spaces cut (a wide character's second
/// cell is skipped).
pub fn buffer_text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buf[(x, y)].symbol();
            skip = symbol.width().saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::axis::Grouping;
    use crate::dataset::load_embedded;

    fn embedded() -> (Catalog, Axis) {
        let catalog = Catalog::new(load_embedded().unwrap());
        let axis = Axis::new(&catalog, Grouping::Kind);
        (catalog, axis)
    }

    fn window(start: f64, span: f64) -> Window {
        Window {
            start,
            span,
            selected: None,
            band: None,
        }
    }

    #[test]
    fn neighbouring_counts_merge_into_one_number() {
        let crowded = [(3u16, 2u32), (4, 1), (10, 1), (30, 9), (31, 3)]
            .into_iter()
            .collect();
        // "3" at column 3 takes one cell, so column 4 joins it; 10 stands alone; "9" at
        // 30 swallows 31 (they would read "93").
        assert_eq!(
            crowded_runs(crowded, |_| false, false),
            vec![(3, 3), (10, 1), (30, 12)]
        );
        // "+12" is three cells wide: a run starting within it joins.
        let crowded = [(0u16, 12u32), (3, 1), (4, 1), (9, 2)]
            .into_iter()
            .collect();
        assert_eq!(
            crowded_runs(crowded, |_| false, true),
            vec![(0, 14), (9, 2)]
        );
        assert_eq!(count_text(1, false), "·");
        assert_eq!(count_text(7, true), "+7");
    }

    /// Every entry of a lane in the window is either drawn or counted, exactly once.
    #[test]
    fn crowded_lanes_count_every_entry_left_out() {
        let (catalog, axis) = embedded();
        let (from, to) = axis.whole;
        let mut crowded_seen = 0;
        for (width, height) in [(40u16, 12u16), (60, 16), (100, 30), (38, 8)] {
            let win = window(from, to - from);
            let plan = plan(
                &catalog,
                &axis,
                &win,
                Rect::new(0, 0, width, height),
                Height::Fit,
            );
            assert!(!plan.lanes.is_empty());
            for lane in &plan.lanes {
                let data = &axis.lanes[lane.lane];
                let in_window = data
                    .visible(plan.scale.start, plan.scale.end(), usize::MAX)
                    .unwrap()
                    .iter()
                    .filter(|&&p| {
                        let first = plan.scale.column(data.items[p as usize].extent.start);
                        first < i64::from(plan.scale.columns)
                    })
                    .count();
                let counted: u32 = lane.counts.iter().map(|c| c.2).sum();
                if lane.more {
                    crowded_seen += 1;
                    assert_eq!(
                        lane.marks.len() + counted as usize,
                        in_window,
                        "{width}x{height}"
                    );
                    assert!(lane.marks.iter().all(|m| m.row + 1 < lane.rows));
                } else if lane.counts.is_empty() {
                    assert_eq!(lane.marks.len(), in_window, "{width}x{height}");
                }
            }
        }
        assert!(
            crowded_seen > 0,
            "the whole span crowds a lane at these sizes"
        );
    }

    /// A span through the whole window shows it runs on both sides.
    #[test]
    fn spans_clip_at_the_edges_with_arrows() {
        let (catalog, axis) = embedded();
        let union = catalog.index_of("soviet-union").expect("the Soviet Union");
        let mut win = window(1950.0, 10.0);
        win.selected = Some(union);
        let plan = plan(&catalog, &axis, &win, Rect::new(0, 0, 80, 20), Height::Fit);
        let (lane, mark) = plan
            .lanes
            .iter()
            .find_map(|l| l.marks.iter().find(|m| m.entity == union).map(|m| (l, m)))
            .expect("the Soviet Union is drawn");
        assert!(mark.first < 0 && mark.last >= i64::from(plan.scale.columns));
        let mut buf = Buffer::empty(plan.area);
        let theme = Theme::no_colour();
        let look = Look {
            theme: &theme,
            focused: true,
            era: 0,
            reader: None,
        };
        paint(&mut buf, &plan, &catalog, &axis, &win, &look);
        let row = lane.y + mark.row;
        let text: String = (plan.gutter..plan.area.width)
            .map(|x| buf[(x, row)].symbol().to_string())
            .collect();
        assert!(text.starts_with('◂') && text.ends_with('▸'), "{text}");
        assert!(text.contains('━'));
    }

    #[test]
    fn plain_text_fits_its_width_and_tiny_areas_draw_nothing_wrong() {
        let (catalog, axis) = embedded();
        let (from, to) = axis.whole;
        for width in [20u16, 37, 80, 100, 333] {
            let text = plain_text(&catalog, &axis, from, to, width);
            assert!(
                text.lines().all(|l| l.width() <= usize::from(width)),
                "{width}"
            );
        }
        for (w, h) in [(0u16, 0u16), (1, 1), (3, 2), (9, 3), (12, 40)] {
            let win = window(from, to - from);
            let plan = plan(&catalog, &axis, &win, Rect::new(0, 0, w, h), Height::Fit);
            let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
            let theme = Theme::no_colour();
            let look = Look {
                theme: &theme,
                focused: false,
                era: 0,
                reader: None,
            };
            paint(&mut buf, &plan, &catalog, &axis, &win, &look);
            assert!(plan.lanes.iter().all(|l| l.y + l.rows <= h));
        }
    }
}
