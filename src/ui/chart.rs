//! Numeric series: figures on one entity that share a `series` name and carry a year,
//! drawn as a grouped bar chart (one group per year, one bar per series).
//!
//! The bars are drawn cell by cell rather than with ratatui's `BarChart`, whose bar symbols
//! are one set for the whole chart: without colour the series must differ by fill symbol,
//! and we also want a y-axis with ticks, value labels above bars and year labels that never
//! collide, all in one coordinate system that clips safely at any size.
//!
//! Units: one chart has one y-axis, so only the series sharing the first series' unit are
//! drawn; the other units are named on the axis-title line as "other units not shown".

use super::paint::{ellipsize, pane_block, put_clipped};
use super::theme::{SeriesStyle, Theme};
use crate::dataset::{Catalog, EntityIx};
use crate::model::Qualifier;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

/// One chartable series: points sorted by year, one value per year.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Entity index the figures belong to.
    pub entity: EntityIx,
    pub name: String,
    pub unit: String,
    pub points: Vec<(i32, f64)>,
    /// How exact the source is about a year's value ("nearly", "under"), for the years
    /// it qualifies.
    pub qualifiers: Vec<(i32, Qualifier)>,
}

/// The series of one entity, in order of first appearance. Figures without a year or a
/// finite value are skipped; within a series the first figure for a year wins and figures
/// in another unit than the series' first are skipped (they cannot share its axis).
/// A context entity (a related topic, `Entity::context`) has none: the chart is for the
/// bilateral history.
pub fn series_of(catalog: &Catalog, entity: EntityIx) -> Vec<Series> {
    if entity.0 >= catalog.entity_count() || !catalog.is_charted(entity) {
        return Vec::new();
    }
    let holder = catalog.entity(entity);
    let mut out: Vec<Series> = Vec::new();
    for figure in &holder.figures {
        let (Some(name), Some(year)) = (&figure.series, figure.year) else {
            continue;
        };
        // The same test as the catalog's `is_charted`.
        if !figure.is_chartable() {
            continue;
        }
        match out.iter_mut().find(|s| s.name == *name) {
            Some(series) => {
                if series.unit == figure.unit && series.points.iter().all(|p| p.0 != year) {
                    series.points.push((year, figure.value));
                    series
                        .qualifiers
                        .extend(figure.qualifier.map(|q| (year, q)));
                }
            }
            None => out.push(Series {
                entity,
                name: name.clone(),
                unit: figure.unit.clone(),
                points: vec![(year, figure.value)],
                qualifiers: figure.qualifier.map(|q| (year, q)).into_iter().collect(),
            }),
        }
    }
    for series in &mut out {
        series.points.sort_by_key(|&(year, _)| year);
    }
    out
}

/// Entities with at least one series, in catalog order.
pub fn chart_entities(catalog: &Catalog) -> Vec<EntityIx> {
    catalog
        .entity_indices()
        .filter(|&entity| catalog.is_charted(entity))
        .collect()
}

/// Partial top cells of a solid bar, in eighths.
const EIGHTHS: [&str; 8] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇"];

/// Solid bars (the theme's fill is a full block) end in a partial eighth-block; patterned
/// ones, which tell series apart without colour, round to whole cells.
fn is_solid(look: &SeriesStyle) -> bool {
    look.fill == "█"
}

/// "3.4", "6", "0.25", "1200", "2.5e9": as short as the value allows.
fn format_value(value: f64) -> String {
    if value.is_finite() && value.abs() >= 1e7 {
        let text = format!("{value:.2e}");
        return match text.split_once('e') {
            Some((mantissa, exponent)) => {
                let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
                format!("{mantissa}e{exponent}")
            }
            None => text,
        };
    }
    if value.fract() == 0.0 {
        return format!("{value:.0}");
    }
    let text = if value.abs() >= 100.0 {
        format!("{value:.0}")
    } else if value.abs() >= 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    };
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// The smallest "round" number at or above `max`, so axis ticks read cleanly.
fn nice_ceiling(max: f64) -> f64 {
    if !max.is_finite() || max <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(max.log10().floor());
    let steps = [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0];
    let scaled = max / magnitude;
    let step = steps
        .into_iter()
        .find(|&s| s >= scaled - 1e-9)
        .unwrap_or(10.0);
    step * magnitude
}

/// One line of text at the top of `inner`, clipped.
fn message(frame: &mut Frame, inner: Rect, text: &str) {
    if inner.is_empty() {
        return;
    }
    frame.render_widget(Paragraph::new(text), Rect { height: 1, ..inner });
}

/// Horizontal layout of the bars: their width, the gap between a group's bars, and the
/// columns a year takes (groups sit at their years, to scale).
#[derive(Debug, Clone, PartialEq)]
struct Fit {
    bar_width: u16,
    bar_gap: u16,
    /// Each group's left column, from the first group's.
    offsets: Vec<u16>,
}

impl Fit {
    fn group_width(&self, bars: u16) -> u16 {
        group_width(bars, self.bar_width, self.bar_gap)
    }
}

fn group_width(bars: u16, bar_width: u16, bar_gap: u16) -> u16 {
    bars * bar_width + bars.saturating_sub(1) * bar_gap
}

/// Layout preferences, compared in order (see `choose_fit`).
type FitScore = (bool, bool, bool, bool, u16);

/// Wider bars only make the chart heavier.
const MAX_BAR_WIDTH: u16 = 6;

/// Columns of a gap between neighbouring groups beyond which the chart spreads no wider.
const MAX_GROUP_GAP: u16 = 9;

/// Each year's column from the first year's when a year takes `scale` columns, or None
/// when two groups `group` wide would touch or the last would pass `avail`.
fn year_offsets(years: &[i32], scale: f64, group: u16, avail: u16) -> Option<Vec<u16>> {
    let first = i64::from(*years.first()?);
    let offsets: Vec<u16> = years
        .iter()
        .map(|&y| ((i64::from(y) - first) as f64 * scale).round())
        .map(|x| x.min(f64::from(u16::MAX)) as u16)
        .collect();
    let fits = offsets
        .last()
        .is_some_and(|&x| u32::from(x) + u32::from(group) <= u32::from(avail))
        && offsets
            .windows(2)
            .all(|w| w[1] >= w[0].saturating_add(group + 1));
    fits.then_some(offsets)
}

/// Columns a year takes: a whole number whenever a column a year fits, so that a gap of
/// five years is exactly five times a gap of one; no more than keeps the closest groups
/// `MAX_GROUP_GAP` apart.
fn year_scale(years: &[i32], group: u16, avail: u16) -> f64 {
    let (Some(&first), Some(&last)) = (years.first(), years.last()) else {
        return 0.0;
    };
    let span = (i64::from(last) - i64::from(first)) as f64;
    if span <= 0.0 {
        return 0.0;
    }
    let raw = f64::from(avail.saturating_sub(group)) / span;
    if raw < 1.0 {
        return raw;
    }
    let closest = years
        .windows(2)
        .map(|w| i64::from(w[1]) - i64::from(w[0]))
        .min()
        .unwrap_or(1)
        .max(1) as f64;
    let cap = (f64::from(group + MAX_GROUP_GAP) / closest)
        .floor()
        .max(1.0);
    raw.floor().min(cap)
}

/// The best layout for groups at `years` of `bars` bars in `avail` columns, or None.
/// Prefers, in order: value labels that fit on a bar, year labels that fit under a group,
/// visible gaps between groups and bars, then wider bars.
fn choose_fit(
    avail: u16,
    years: &[i32],
    bars: u16,
    value_width: u16,
    year_width: u16,
) -> Option<Fit> {
    let mut best: Option<(FitScore, Fit)> = None;
    for bar_width in 1..=MAX_BAR_WIDTH {
        for bar_gap in [0u16, 1] {
            let group = group_width(bars, bar_width, bar_gap);
            if group > avail {
                continue;
            }
            let scale = year_scale(years, group, avail);
            let Some(offsets) = year_offsets(years, scale, group, avail) else {
                continue;
            };
            // The narrowest gap between neighbouring groups.
            let gap = offsets
                .windows(2)
                .map(|w| w[1] - w[0] - group)
                .min()
                .unwrap_or(u16::MAX);
            let key = (
                bar_width >= value_width,
                group.saturating_add(gap) > year_width,
                gap >= 2,
                bar_gap == 1 || bars == 1,
                bar_width,
            );
            if best.as_ref().is_none_or(|(k, _)| key > *k) {
                let fit = Fit {
                    bar_width,
                    bar_gap,
                    offsets,
                };
                best = Some((key, fit));
            }
        }
    }
    best.map(|(_, fit)| fit)
}

/// Draws the chart panel. Never panics, whatever the size of `area`.
pub fn draw_chart(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    series: &[Series],
    focused: bool,
    theme: &Theme,
) {
    let area = area.intersection(frame.area());
    let block = pane_block(format!(" {title} "), focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.is_empty() {
        return;
    }
    let finite = finite_only(series);
    let Some(plot) = Plot::new(&finite) else {
        message(frame, inner, "No numeric series for this entity");
        return;
    };
    let legend = legend_lines(&plot.shown, inner.width, theme);
    let Some(layout) = ChartLayout::new(inner, &plot, legend.len()) else {
        message(frame, inner, "enlarge for chart");
        return;
    };
    let bars = bars(&plot, &layout, theme);
    let (labels, marked) = place_labels(&bars, &layout, inner);
    let buf = frame.buffer_mut();
    draw_titles(buf, inner, &legend, (&plot, &marked), &layout, theme);
    draw_axis(buf, inner, &layout, theme);
    draw_bars(buf, inner, &bars, layout.axis_row, theme);
    for label in &labels {
        let style = theme.series(label.series).label;
        put_clipped(buf, inner, label.x, label.row, &label.text, style);
    }
    draw_years(buf, inner, &plot, &layout, theme);
}

/// The series without values that are not numbers (NaN, infinite), which have no bar, and
/// without the series left empty by that.
fn finite_only(series: &[Series]) -> Vec<Series> {
    series
        .iter()
        .map(|s| Series {
            points: s
                .points
                .iter()
                .copied()
                .filter(|(_, v)| v.is_finite())
                .collect(),
            ..s.clone()
        })
        .filter(|s| !s.points.is_empty())
        .collect()
}

/// What the chart shows: the series in the first series' unit (one chart, one y-axis), the
/// units left out, and the years and values of the shown series.
struct Plot<'a> {
    unit: &'a str,
    shown: Vec<&'a Series>,
    other_units: Vec<&'a str>,
    /// Sorted, each once.
    years: Vec<i32>,
    values: Vec<f64>,
}

impl<'a> Plot<'a> {
    /// None when there is nothing to draw.
    fn new(series: &'a [Series]) -> Option<Plot<'a>> {
        let unit = series.first()?.unit.as_str();
        let shown: Vec<&Series> = series.iter().filter(|s| s.unit == unit).collect();
        let mut other_units: Vec<&str> = Vec::new();
        for s in series.iter().filter(|s| s.unit != unit) {
            if !other_units.contains(&s.unit.as_str()) {
                other_units.push(&s.unit);
            }
        }
        let mut years: Vec<i32> = shown
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.0))
            .collect();
        years.sort_unstable();
        years.dedup();
        let values: Vec<f64> = shown
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.1))
            .collect();
        if years.is_empty() {
            return None;
        }
        Some(Plot {
            unit,
            shown,
            other_units,
            years,
            values,
        })
    }
}

/// Where the chart's parts go inside the pane, top to bottom: legend, unit line, value
/// labels of full-height bars, bars, axis, years.
struct ChartLayout {
    legend_rows: u16,
    bar_rows: u16,
    /// The axis's top value and its ticks (value, label).
    top: f64,
    ticks: Vec<(f64, String)>,
    /// Column of the y axis; the bars start two columns to its right.
    axis_x: u16,
    plot_x: u16,
    fit: Fit,
    /// Leading years left out because even the tightest layout is too wide.
    first_group: usize,
    unit_row: u16,
    axis_row: u16,
}

impl ChartLayout {
    /// None when the pane is too small for the chart.
    fn new(inner: Rect, plot: &Plot, legend_lines: usize) -> Option<ChartLayout> {
        // Scale: negatives are drawn as empty bars (their label still shows the value).
        let max = plot.values.iter().copied().fold(0.0f64, f64::max);
        let top = nice_ceiling(max);
        let ticks = vec![(top, format_value(top)), (0.0, "0".to_string())];
        let gutter_text = ticks.iter().map(|t| t.1.width()).max().unwrap_or(1) as u16;
        let gutter = gutter_text + 1; // labels, then the axis line

        const MIN_WIDTH: u16 = 12;
        const FIXED_ROWS: u16 = 4; // unit line, value-label row, axis row, year row
        if inner.width < MIN_WIDTH || inner.height < FIXED_ROWS + 2 {
            return None;
        }
        // Keep at least two bar rows; the legend gives way first.
        let legend_rows = (legend_lines as u16).min(inner.height - FIXED_ROWS - 2);
        let bar_rows = inner.height - FIXED_ROWS - legend_rows;

        let plot_x = inner.x.saturating_add(gutter).saturating_add(1);
        let avail = inner.right().saturating_sub(plot_x);
        let bars = plot.shown.len() as u16;
        let value_width = plot
            .values
            .iter()
            .map(|&v| format_value(v).width())
            .max()
            .unwrap_or(1) as u16;
        let year_width = plot
            .years
            .iter()
            .map(|y| y.to_string().width())
            .max()
            .unwrap_or(4) as u16;

        // When even the tightest layout is too wide, keep the most recent years that fit.
        let mut first_group = 0usize;
        let mut fit = None;
        while first_group < plot.years.len() {
            let years = &plot.years[first_group..];
            fit = choose_fit(avail, years, bars, value_width, year_width);
            if fit.is_some() {
                break;
            }
            first_group += 1;
        }
        let fit = fit?;
        let unit_row = inner.y + legend_rows;
        Some(ChartLayout {
            legend_rows,
            bar_rows,
            top,
            ticks,
            axis_x: inner.x + gutter_text,
            plot_x,
            fit,
            first_group,
            unit_row,
            // Below the unit line: the value-label row, then the bars.
            axis_row: unit_row + 2 + bar_rows,
        })
    }

    /// The years drawn, oldest first.
    fn years<'p>(&self, plot: &'p Plot) -> &'p [i32] {
        &plot.years[self.first_group..]
    }

    /// Left column of group `g` (of the years drawn), at its year to scale.
    fn group_x(&self, g: usize) -> u16 {
        self.plot_x
            .saturating_add(self.fit.offsets.get(g).copied().unwrap_or(0))
    }
}

/// The legend, then the axis title: the unit, plus what was left out.
fn draw_titles(
    buf: &mut Buffer,
    inner: Rect,
    legend: &[Line],
    (plot, marked): (&Plot, &[Qualifier]),
    layout: &ChartLayout,
    theme: &Theme,
) {
    for (y, line) in (inner.y..).zip(legend.iter().take(usize::from(layout.legend_rows))) {
        buf.set_line(inner.x, y, line, inner.width);
    }
    let mut unit_line = vec![Span::styled(plot.unit.to_string(), theme.bold())];
    if !plot.other_units.is_empty() {
        unit_line.push(Span::styled(
            format!("  (other units not shown: {})", plot.other_units.join(", ")),
            theme.dim(),
        ));
    }
    if !marked.is_empty() {
        let key: Vec<String> = marked
            .iter()
            .map(|&q| format!("{} {}", qualifier_mark(q).trim_end(), q.words()))
            .collect();
        unit_line.push(Span::styled(format!("  ({})", key.join(", ")), theme.dim()));
    }
    if layout.first_group > 0 {
        unit_line.push(Span::styled(
            format!("  ({} earlier years not shown)", layout.first_group),
            theme.dim(),
        ));
    }
    buf.set_line(
        inner.x,
        layout.unit_row,
        &Line::from(unit_line),
        inner.width,
    );
}

/// The y axis with ticks at the top, the middle (when there is room) and zero, and the
/// x axis along the bars' foot.
fn draw_axis(buf: &mut Buffer, inner: Rect, layout: &ChartLayout, theme: &Theme) {
    let style = theme.text();
    let (axis_x, axis_row, bar_rows, top) =
        (layout.axis_x, layout.axis_row, layout.bar_rows, layout.top);
    let label_row = layout.unit_row + 1; // value labels of full-height bars
    let bar_top = axis_row - bar_rows; // row of a full-height bar's top cell
    let mut ticks = layout.ticks.clone();
    if bar_rows >= 4 {
        ticks.insert(1, (top / 2.0, format_value(top / 2.0)));
    }
    for row in label_row..axis_row {
        put_clipped(buf, inner, axis_x, row, "│", style);
    }
    for (value, text) in &ticks {
        let row = if *value <= 0.0 {
            axis_row
        } else {
            axis_row - ((value / top) * f64::from(bar_rows)).round().max(1.0) as u16
        };
        let row = row.max(bar_top);
        let x = axis_x.saturating_sub(text.width() as u16);
        put_clipped(buf, inner, x, row, text, style);
        let mark = if row == axis_row { "└" } else { "┤" };
        put_clipped(buf, inner, axis_x, row, mark, style);
    }
    for x in axis_x + 1..inner.right() {
        put_clipped(buf, inner, x, axis_row, "─", style);
    }
}

/// A bar as the chart draws it.
struct Bar {
    x: u16,
    width: u16,
    series: usize,
    value: f64,
    qualifier: Option<Qualifier>,
    /// Its height in eighths of a cell.
    eighths: u16,
}

impl Bar {
    /// The row its label goes on: the first free row above it.
    fn label_row(&self, axis_row: u16) -> u16 {
        let used = self.eighths / 8 + u16::from(!self.eighths.is_multiple_of(8));
        axis_row.saturating_sub(1 + used)
    }

    /// Whether the bar covers a cell.
    fn covers(&self, x: u16, row: u16, axis_row: u16) -> bool {
        x >= self.x && x < self.x + self.width && row > self.label_row(axis_row)
    }
}

/// One bar per series and year, at the year's place.
fn bars(plot: &Plot, layout: &ChartLayout, theme: &Theme) -> Vec<Bar> {
    let fit = &layout.fit;
    let mut out = Vec::new();
    for (g, &year) in layout.years(plot).iter().enumerate() {
        let group_x = layout.group_x(g);
        for (s, series) in plot.shown.iter().enumerate() {
            let Some(&(_, value)) = series.points.iter().find(|p| p.0 == year) else {
                continue;
            };
            let look = theme.series(s);
            out.push(Bar {
                x: group_x + s as u16 * (fit.bar_width + fit.bar_gap),
                width: fit.bar_width,
                series: s,
                value,
                qualifier: series.qualifiers.iter().find(|q| q.0 == year).map(|q| q.1),
                eighths: bar_eighths(value, layout.top, layout.bar_rows, is_solid(&look)),
            });
        }
    }
    out
}

fn draw_bars(buf: &mut Buffer, inner: Rect, bars: &[Bar], axis_row: u16, theme: &Theme) {
    for bar in bars {
        let look = theme.series(bar.series);
        let (full, part) = (bar.eighths / 8, bar.eighths % 8);
        for dx in 0..bar.width {
            for cell in 0..full {
                let row = axis_row - 1 - cell;
                put_clipped(buf, inner, bar.x + dx, row, look.fill, look.bar);
            }
            if part > 0 {
                let symbol = EIGHTHS[usize::from(part)];
                put_clipped(
                    buf,
                    inner,
                    bar.x + dx,
                    axis_row - 1 - full,
                    symbol,
                    look.bar,
                );
            }
        }
    }
}

/// A qualifier as the chart writes it: the source's word, "c." for about.
fn qualifier_words(qualifier: Qualifier) -> &'static str {
    match qualifier {
        Qualifier::About => "c.",
        other => other.words(),
    }
}

/// A qualifier's mark where its words do not fit: "c. 3" for about, "≈3.4" for nearly.
fn qualifier_mark(qualifier: Qualifier) -> &'static str {
    match qualifier {
        Qualifier::About => "c. ",
        Qualifier::Nearly => "≈",
        Qualifier::Over => ">",
        Qualifier::Under => "<",
        Qualifier::UpTo => "≤",
    }
}

/// A value label placed above its bar.
struct Label {
    x: u16,
    row: u16,
    text: String,
    series: usize,
}

/// The bars' value labels with the source's qualifier: in words ("nearly 3.4") where they
/// fit, else marked ("≈3.4"), centred over the bar on the first free row above it, never
/// over a bar, the axis or another label (a label that fits nowhere is left out). Also
/// the qualifiers shown by their marks, for the key.
fn place_labels(bars: &[Bar], layout: &ChartLayout, inner: Rect) -> (Vec<Label>, Vec<Qualifier>) {
    let axis_row = layout.axis_row;
    let mut labels: Vec<Label> = Vec::new();
    let mut marked: Vec<Qualifier> = Vec::new();
    for bar in bars {
        let value = format_value(bar.value);
        let candidates: Vec<(String, bool)> = match bar.qualifier {
            Some(q) => vec![
                (format!("{} {value}", qualifier_words(q)), false),
                (format!("{}{value}", qualifier_mark(q)), true),
            ],
            None => vec![(value, false)],
        };
        let row = bar.label_row(axis_row);
        let free = |x: u16, width: u16| {
            x > layout.axis_x
                && x + width <= inner.right()
                && (x..x + width).all(|c| bars.iter().all(|b| !b.covers(c, row, axis_row)))
                && labels
                    .iter()
                    .filter(|l| l.row == row)
                    .all(|l| x + width < l.x || x > l.x + l.text.width() as u16)
        };
        for (text, is_mark) in candidates {
            let width = text.width() as u16;
            let x = (bar.x + bar.width / 2).saturating_sub(width / 2);
            if free(x, width) {
                if let (true, Some(q)) = (is_mark, bar.qualifier)
                    && !marked.contains(&q)
                {
                    marked.push(q);
                }
                labels.push(Label {
                    x,
                    row,
                    text,
                    series: bar.series,
                });
                break;
            }
        }
    }
    (labels, marked)
}

/// Years centred under their groups, labelled from the latest back so the most recent
/// year always shows; a label that would touch the one to its right is skipped.
fn draw_years(buf: &mut Buffer, inner: Rect, plot: &Plot, layout: &ChartLayout, theme: &Theme) {
    let bars = plot.shown.len() as u16;
    let group_width = layout.fit.group_width(bars);
    let year_row = layout.axis_row + 1;
    let mut next_start = inner.right().saturating_add(1);
    for (g, &year) in layout.years(plot).iter().enumerate().rev() {
        let group_x = layout.group_x(g);
        let text = year.to_string();
        let width = text.width() as u16;
        let x = (group_x + group_width / 2)
            .saturating_sub(width / 2)
            .min(inner.right().saturating_sub(width));
        if x + width < next_start {
            put_clipped(buf, inner, x, year_row, &text, theme.text());
            next_start = x;
        }
    }
}

/// Bar height in eighths of a cell: at least one eighth for any positive value so it shows;
/// patterned bars round to whole cells.
fn bar_eighths(value: f64, top: f64, rows: u16, solid: bool) -> u16 {
    if value.is_nan() || value <= 0.0 || top <= 0.0 {
        return 0;
    }
    let max = rows * 8;
    let eighths = ((value / top) * f64::from(max))
        .round()
        .clamp(1.0, f64::from(max)) as u16;
    if solid {
        eighths
    } else {
        ((eighths + 4) / 8).max(1) * 8
    }
}

/// Legend entries packed into lines no wider than `width`.
fn legend_lines<'a>(shown: &[&'a Series], width: u16, theme: &Theme) -> Vec<Line<'a>> {
    let width = usize::from(width);
    let mut lines: Vec<Line> = Vec::new();
    let mut current: Vec<Span> = Vec::new();
    let mut used = 0usize;
    for (i, series) in shown.iter().enumerate() {
        let look = theme.series(i);
        let name = ellipsize(&series.name, width.saturating_sub(3));
        let entry_width = 3 + name.width();
        if !current.is_empty() && used + 3 + entry_width > width {
            lines.push(Line::from(std::mem::take(&mut current)));
            used = 0;
        }
        if !current.is_empty() {
            current.push(Span::raw("   "));
            used += 3;
        }
        current.push(Span::styled(look.fill.repeat(2), look.bar));
        current.push(Span::raw(format!(" {name}")));
        used += entry_width;
    }
    if !current.is_empty() {
        lines.push(Line::from(current));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::HistDate;
    use crate::model::{Dataset, Entity, Era, Figure, Kind};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn figure(label: &str, value: f64, year: Option<i32>, series: Option<&str>) -> Figure {
        Figure {
            label: label.to_string(),
            value,
            unit: "US$ billion".to_string(),
            year,
            qualifier: None,
            series: series.map(str::to_string),
            note: None,
        }
    }

    fn entity(id: &str, figures: Vec<Figure>) -> Entity {
        Entity {
            era: "late-soviet".to_string(),
            figures,
            ..Entity::new(id.to_string(), Kind::Event, id.to_string())
        }
    }

    fn catalog() -> Catalog {
        let trade = vec![
            figure("Imports", 3.4, Some(1990), Some("Imports")),
            figure("Exports", 3.1, Some(1988), Some("Exports")),
            figure("Imports", 1.9, Some(1980), Some("Imports")),
            figure("Total", 4.4, Some(1979), None),
            figure("Exports", 2.6, Some(1990), Some("Exports")),
            figure("Imports", 1.5, Some(1985), Some("Imports")),
        ];
        Catalog::new(Dataset {
            meta: None,
            borders: Vec::new(),
            eras: vec![Era {
                id: "late-soviet".to_string(),
                name: "Late Soviet".to_string(),
                start: HistDate::parse("1975").unwrap(),
                end: Some(HistDate::parse("1991").unwrap()),
                summary: String::new(),
                sources: Vec::new(),
                external_facts: Vec::new(),
            }],
            entities: vec![
                entity("no-figures", Vec::new()),
                entity("trade", trade),
                entity("lone", vec![figure("Islands", 4.0, None, None)]),
            ],
        })
    }

    fn render(w: u16, h: u16, series: &[Series], colour: bool) -> String {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal
            .draw(|frame| {
                let theme = if colour {
                    Theme::standard()
                } else {
                    Theme::no_colour()
                };
                draw_chart(frame, frame.area(), "Trade", series, true, &theme)
            })
            .unwrap();
        crate::ui::buffer_text(terminal.backend().buffer())
    }

    #[test]
    fn series_are_grouped_and_sorted() {
        let catalog = catalog();
        let series = series_of(&catalog, EntityIx(1));
        assert_eq!(series.len(), 2);
        assert_eq!(series[0].name, "Imports");
        assert_eq!(
            series[0].points,
            vec![(1980, 1.9), (1985, 1.5), (1990, 3.4)]
        );
        assert_eq!(series[1].name, "Exports");
        assert_eq!(series[1].points, vec![(1988, 3.1), (1990, 2.6)]);
        assert!(
            series
                .iter()
                .all(|s| s.unit == "US$ billion" && s.entity == EntityIx(1))
        );
        assert!(series_of(&catalog, EntityIx(0)).is_empty());
        assert!(series_of(&catalog, EntityIx(2)).is_empty());
        assert!(series_of(&catalog, EntityIx(99)).is_empty());
        assert_eq!(chart_entities(&catalog), vec![EntityIx(1)]);
    }

    #[test]
    fn context_entities_are_not_charted() {
        let mut data = catalog().into_dataset();
        data.entities[1].context = true;
        let catalog = Catalog::new(data);
        assert!(series_of(&catalog, EntityIx(1)).is_empty());
        assert!(chart_entities(&catalog).is_empty());
    }

    #[test]
    fn chart_shows_years_unit_and_legend() {
        let catalog = catalog();
        let series = series_of(&catalog, EntityIx(1));
        for colour in [true, false] {
            let text = render(100, 30, &series, colour);
            for needle in [
                "1980",
                "1985",
                "1988",
                "1990",
                "US$ billion",
                "Imports",
                "Exports",
            ] {
                assert!(text.contains(needle), "{needle} missing:\n{text}");
            }
            for value in ["1.9", "1.5", "3.4", "3.1", "2.6"] {
                assert!(text.contains(value), "{value} missing:\n{text}");
            }
        }
        let plain = render(100, 30, &series, false);
        assert!(
            plain.contains('░'),
            "second series needs its own fill:\n{plain}"
        );
    }

    #[test]
    fn other_units_are_named_not_drawn() {
        let catalog = catalog();
        let mut series = series_of(&catalog, EntityIx(1));
        series.push(Series {
            entity: EntityIx(1),
            name: "Troops".to_string(),
            unit: "troops".to_string(),
            points: vec![(1945, 1_600_000.0)],
            qualifiers: Vec::new(),
        });
        let text = render(100, 30, &series, true);
        assert!(text.contains("other units not shown: troops"), "{text}");
        assert!(!text.contains("1945"));
    }

    #[test]
    fn empty_and_tiny_areas_degrade() {
        let catalog = catalog();
        let series = series_of(&catalog, EntityIx(1));
        let empty = render(60, 10, &[], true);
        assert!(empty.contains("No numeric series for this entity"));
        for (w, h) in [(0, 0), (1, 1), (5, 3), (12, 5), (14, 8), (20, 9), (250, 80)] {
            for text in [
                render(w, h, &series, true),
                render(w, h, &series, false),
                render(w, h, &[], false),
            ] {
                // Each size shows the chart, its absence, or the request to enlarge.
                if w >= 20 && h >= 9 {
                    assert!(
                        text.contains("Trade") || text.contains("No numeric series"),
                        "{w}x{h}:\n{text}"
                    );
                }
            }
        }
        assert!(render(12, 5, &series, true).contains("enlarge"));
    }

    #[test]
    fn every_small_size_and_offset_is_safe() {
        let catalog = catalog();
        let series = series_of(&catalog, EntityIx(1));
        for w in 0..45u16 {
            for h in 0..14u16 {
                let mut terminal = Terminal::new(TestBackend::new(50, 16)).unwrap();
                terminal
                    .draw(|frame| {
                        let (standard, plain) = (Theme::standard(), Theme::no_colour());
                        draw_chart(frame, Rect::new(3, 1, w, h), "T", &series, true, &standard);
                        draw_chart(frame, Rect::new(40, 10, w, h), "T", &series, false, &plain);
                    })
                    .unwrap();
                let areas = [Rect::new(3, 1, w, h), Rect::new(40, 10, w, h)];
                let drawn = crate::ui::paint::blank_outside(terminal.backend().buffer(), &areas);
                assert_eq!(drawn, Ok(()), "chart {w}x{h}");
            }
        }
    }

    #[test]
    fn many_years_keep_the_latest() {
        let points: Vec<(i32, f64)> = (1900..2000).map(|y| (y, f64::from(y - 1899))).collect();
        let series = vec![Series {
            entity: EntityIx(0),
            name: "Long".to_string(),
            unit: "things".to_string(),
            points,
            qualifiers: Vec::new(),
        }];
        let text = render(40, 12, &series, false);
        assert!(text.contains("earlier years not shown"), "{text}");
        assert!(text.contains("1999"), "{text}");
    }

    #[test]
    fn odd_values_do_not_panic() {
        let series = vec![Series {
            entity: EntityIx(0),
            name: "Odd".to_string(),
            unit: "units".to_string(),
            qualifiers: Vec::new(),
            points: vec![
                (-50, -3.0),
                (0, f64::NAN),
                (1, f64::INFINITY),
                (2, 1e300),
                (3, 0.0),
                (i32::MAX, 1e-300),
            ],
        }];
        for (w, h) in [(0, 0), (1, 1), (5, 3), (30, 8), (100, 30), (250, 80)] {
            render(w, h, &series, true);
            render(w, h, &series, false);
        }
        // The finite values still show; the others do not print as NaN or inf.
        let text = render(100, 30, &series, false);
        assert!(text.contains("Odd"), "{text}");
        assert!(!text.contains("NaN") && !text.contains("inf"), "{text}");
    }

    /// Columns where each year's group starts, in a pane `w` wide.
    fn group_columns(series: &[Series], w: u16) -> Vec<(i32, u16)> {
        let plot = Plot::new(series).unwrap();
        let layout = ChartLayout::new(Rect::new(0, 0, w, 30), &plot, 1).unwrap();
        let years = layout.years(&plot);
        (0..years.len())
            .map(|g| (years[g], layout.group_x(g)))
            .collect()
    }

    fn one_series(points: Vec<(i32, f64)>, qualifiers: Vec<(i32, Qualifier)>) -> Vec<Series> {
        vec![Series {
            entity: EntityIx(0),
            name: "Trade".to_string(),
            unit: "US$ billion".to_string(),
            points,
            qualifiers,
        }]
    }

    #[test]
    fn years_are_placed_to_scale() {
        let series = one_series(vec![(1980, 1.9), (1985, 1.5), (1986, 2.0)], Vec::new());
        for w in [40u16, 60, 100, 200] {
            let x = group_columns(&series, w);
            assert_eq!(x.len(), 3, "{w}: {x:?}");
            assert_eq!(x[1].1 - x[0].1, 5 * (x[2].1 - x[1].1), "{w}: {x:?}");
        }
        // The test catalog's imports and exports: 1980, 1985, 1988, 1990 at their gaps.
        let x = group_columns(&series_of(&catalog(), EntityIx(1)), 100);
        let gaps: Vec<u16> = x.windows(2).map(|w| w[1].1 - w[0].1).collect();
        assert_eq!(gaps[0] * 3, gaps[1] * 5, "{x:?}");
        assert_eq!(gaps[1] * 2, gaps[2] * 3, "{x:?}");
        // Far apart years that cannot take a column each still keep their order and room.
        let wide = one_series(vec![(1900, 1.0), (1950, 2.0), (2000, 3.0)], Vec::new());
        let x = group_columns(&wide, 40);
        assert_eq!(x.len(), 3, "{x:?}");
        assert!(x[0].1 < x[1].1 && x[1].1 < x[2].1);
    }

    #[test]
    fn the_sources_qualifiers_show_with_the_values() {
        let catalog = catalog();
        let mut data = catalog.into_dataset();
        data.entities[1].figures[0].qualifier = Some(Qualifier::Nearly);
        data.entities[1].figures[5].qualifier = Some(Qualifier::Under);
        data.entities[1].figures[2].qualifier = Some(Qualifier::About);
        let catalog = Catalog::new(data);
        let series = series_of(&catalog, EntityIx(1));
        assert_eq!(
            series[0].qualifiers,
            vec![
                (1990, Qualifier::Nearly),
                (1980, Qualifier::About),
                (1985, Qualifier::Under)
            ]
        );
        let wide = render(160, 30, &series, false);
        for needle in ["nearly 3.4", "c. 1.9", "under 1.5", "3.1", "2.6"] {
            assert!(wide.contains(needle), "{needle} missing:\n{wide}");
        }
        // Narrow: the marks, and a key to them on the unit line.
        let narrow = render(44, 20, &series, false);
        assert!(
            narrow.contains("≈3.4") || narrow.contains("nearly 3.4"),
            "{narrow}"
        );
        if narrow.contains("≈3.4") {
            assert!(narrow.contains("≈ nearly"), "{narrow}");
        }
    }

    #[test]
    fn values_format_briefly() {
        assert_eq!(format_value(3.4), "3.4");
        assert_eq!(format_value(6.0), "6");
        assert_eq!(format_value(0.25), "0.25");
        assert_eq!(format_value(1200.4), "1200");
        assert_eq!(format_value(12.34), "12.3");
        assert_eq!(format_value(2.5e9), "2.5e9");
        assert_eq!(format_value(1_600_000.0), "1600000");
        assert_eq!(nice_ceiling(3.4), 4.0);
        assert_eq!(nice_ceiling(6.0), 6.0);
        assert_eq!(nice_ceiling(0.0), 1.0);
    }
}
