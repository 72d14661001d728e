//! The map panel: coastlines of Northeast Asia with the dataset's places on them.
//!
//! Coastlines are Natural Earth's 1:50m land outlines (`crate::coastline`, built by
//! `src/bin/nisso-coastline.rs`) drawn as lines on a `Canvas`. Place markers and
//! labels are written straight into the frame buffer after the canvas, at cells computed by
//! `project`; `place_at` uses the very same function, so a click lands on what was drawn.
//! (`Context::print` truncates positions differently from the dot grid and cannot avoid
//! label collisions, hence the direct writes.)

use super::paint::{ellipsize, pane_block, put_clipped};
use super::theme::{MapStyles, Theme};
use crate::dataset::{Catalog, EntityIx};
use crate::model::{Coords, Kind};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::canvas::{Canvas, Line as CanvasLine};
use ratatui::widgets::{Block, Paragraph};
use std::collections::HashSet;
use unicode_width::UnicodeWidthStr;

/// A longitude/latitude window (degrees; east and north positive).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapBounds {
    pub lon_min: f64,
    pub lon_max: f64,
    pub lat_min: f64,
    pub lat_max: f64,
}

impl MapBounds {
    pub fn centre(&self) -> (f64, f64) {
        (
            (self.lon_min + self.lon_max) / 2.0,
            (self.lat_min + self.lat_max) / 2.0,
        )
    }

    pub fn contains(&self, coords: &Coords) -> bool {
        coords.lon.is_finite()
            && coords.lat.is_finite()
            && (self.lon_min..=self.lon_max).contains(&coords.lon)
            && (self.lat_min..=self.lat_max).contains(&coords.lat)
    }
}

/// Northeast Asia: west edge just past Lake Baikal (103.7°E) so Irkutsk and the lake show;
/// east edge past Kamchatka's tip and the northern Kurils (~157°E); south edge below Kyushu
/// (31°N); north edge above Magadan and the Sea of Okhotsk (59.6°N). Mongolia, Manchuria,
/// Korea, Sakhalin and Hokkaido all fall well inside.
pub const BOUNDS: MapBounds = MapBounds {
    lon_min: 100.0,
    lon_max: 162.0,
    lat_min: 24.0,
    lat_max: 63.0,
};

/// Zoom steps: each halves the view; at 4 the view is 1/16 of the region (about 4°).
pub const MAX_ZOOM: u8 = 4;

/// The part of the region shown at a zoom around a centre, moved back inside the region.
pub fn window(zoom: u8, centre: (f64, f64)) -> MapBounds {
    let scale = f64::from(1u32 << zoom.min(MAX_ZOOM));
    let width = (BOUNDS.lon_max - BOUNDS.lon_min) / scale;
    let height = (BOUNDS.lat_max - BOUNDS.lat_min) / scale;
    let clamp = |value: f64, min: f64, max: f64, span: f64| {
        let value = if value.is_finite() {
            value
        } else {
            (min + max) / 2.0
        };
        value.clamp(min + span / 2.0, max - span / 2.0)
    };
    let lon = clamp(centre.0, BOUNDS.lon_min, BOUNDS.lon_max, width);
    let lat = clamp(centre.1, BOUNDS.lat_min, BOUNDS.lat_max, height);
    MapBounds {
        lon_min: lon - width / 2.0,
        lon_max: lon + width / 2.0,
        lat_min: lat - height / 2.0,
        lat_max: lat + height / 2.0,
    }
}

/// Below this inner size the coastline is an unreadable smear; show a hint instead.
const MIN_INNER_WIDTH: u16 = 20;
const MIN_INNER_HEIGHT: u16 = 6;
/// From this outer width on, unselected places get short labels too.
const LABEL_ALL_WIDTH: u16 = 100;
/// From this outer width on, the current era's places get short labels too (more labels as
/// the map grows: the selected one, then the era's, then all).
const LABEL_ERA_WIDTH: u16 = 50;
/// Short labels are cut to this many columns.
const SHORT_LABEL_WIDTH: usize = 14;
/// A click counts when this close to a marker (columns; rows count double, being ~2x taller).
const CLICK_RADIUS: i32 = 2;

/// Everything `draw_map` needs; built fresh each frame by the caller.
pub struct MapView<'a> {
    pub catalog: &'a Catalog,
    /// The plotted places, as `plotted_places` returns them (computed once by the caller:
    /// scanning every entity each frame is too slow on large datasets).
    pub places: &'a [EntityIx],
    /// How many places have coordinates outside the map.
    pub off_map: usize,
    /// The shown entity's own places (`places_of`), plotted or not: marked `◉`.
    pub marked: &'a [EntityIx],
    /// The place the keys move from (the first marked one on the map): its name always
    /// shows, shortened or moved along its row if need be.
    pub selected: Option<EntityIx>,
    /// The shown entity's name, for the legend (None: nothing is shown).
    pub shown: Option<&'a str>,
    /// Places of the current era's events.
    pub highlighted: &'a [EntityIx],
    pub era_name: &'a str,
    /// The time whose borders are drawn (the dataset's `borders` standing then); none
    /// draws no borders.
    pub moment: Option<crate::date::HistDate>,
    /// The part of the region on screen (`window`); `BOUNDS` shows it all.
    pub window: MapBounds,
    pub focused: bool,
    pub theme: &'a Theme,
}

fn place_coords(catalog: &Catalog, index: EntityIx) -> Option<Coords> {
    if index.0 >= catalog.entity_count() || catalog.kind(index) != Kind::Place {
        return None;
    }
    catalog.coords(index)
}

/// Entity indices of places inside [`BOUNDS`], west to east, then by id; the order in
/// which keys cycle through them.
pub fn plotted_places(catalog: &Catalog) -> Vec<EntityIx> {
    let mut places: Vec<(f64, &str, usize)> = catalog
        .entity_indices()
        .filter(|&e| catalog.kind(e) == Kind::Place)
        .filter_map(|e| {
            let c = catalog.coords(e)?;
            BOUNDS.contains(&c).then_some((c.lon, catalog.id(e), e.0))
        })
        .collect();
    places.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    places.into_iter().map(|(_, _, i)| EntityIx(i)).collect()
}

/// An entity's own places, as the map marks them: the entity itself if it is a place;
/// else the places it links to as where it took place, then those it concerns (direct
/// links only), each once, in the order of its links.
pub fn places_of(catalog: &Catalog, entity: EntityIx) -> Vec<EntityIx> {
    use crate::model::Relation;
    if entity.0 >= catalog.entity_count() {
        return Vec::new();
    }
    if catalog.kind(entity) == Kind::Place {
        return vec![entity];
    }
    let mut out = Vec::new();
    for wanted in [Relation::TookPlaceAt, Relation::Concerns] {
        for link in catalog.outgoing(entity) {
            let rel = catalog.link(*link).map(|l| l.rel);
            if rel == Some(wanted)
                && catalog.kind(link.target) == Kind::Place
                && !out.contains(&link.target)
            {
                out.push(link.target);
            }
        }
    }
    out
}

/// Places with coordinates outside the map (Yalta, Washington…), counted in the title.
pub fn off_map_count(catalog: &Catalog) -> usize {
    catalog
        .entity_indices()
        .filter(|&e| catalog.kind(e) == Kind::Place)
        .filter(|&e| catalog.coords(e).is_some_and(|c| !BOUNDS.contains(&c)))
        .count()
}

/// The canvas marker for an inner area: Braille's 2x4 dots when there is room, else half
/// blocks, which stay legible on small grids.
fn marker_for(inner: Rect) -> Marker {
    if inner.width >= 30 && inner.height >= 10 {
        Marker::Braille
    } else {
        Marker::HalfBlock
    }
}

/// Dots per cell of a marker's grid (what the canvas uses to place points).
fn dots_per_cell(marker: Marker) -> (f64, f64) {
    match marker {
        Marker::Braille => (2.0, 4.0),
        Marker::HalfBlock => (1.0, 2.0),
        _ => (1.0, 1.0),
    }
}

fn map_drawn(inner: Rect) -> bool {
    inner.width >= MIN_INNER_WIDTH && inner.height >= MIN_INNER_HEIGHT
}

/// The inner (canvas) area for the Rect given to `draw_map`.
/// The canvas: inside the frame, less the bottom row (scale and edges).
fn inner_area(area: Rect) -> Rect {
    let framed = Block::bordered().inner(area);
    Rect {
        height: framed.height.saturating_sub(1),
        ..framed
    }
}

/// Terminal cell of a coordinate inside `inner`, with the canvas's own arithmetic: scale to
/// the dot grid, round (as `Painter::get_point` does), then divide down to the cell.
fn project(inner: Rect, window: MapBounds, coords: &Coords) -> Option<(u16, u16)> {
    if inner.is_empty() || !window.contains(coords) {
        return None;
    }
    let (kx, ky) = dots_per_cell(marker_for(inner));
    let dots_x = f64::from(inner.width) * kx;
    let dots_y = f64::from(inner.height) * ky;
    let x = ((coords.lon - window.lon_min) * (dots_x - 1.0) / (window.lon_max - window.lon_min))
        .round();
    let y = ((window.lat_max - coords.lat) * (dots_y - 1.0) / (window.lat_max - window.lat_min))
        .round();
    let col = ((x / kx).floor() as u16).min(inner.width - 1);
    let row = ((y / ky).floor() as u16).min(inner.height - 1);
    Some((inner.x + col, inner.y + row))
}

/// The plotted place nearest a click at (column, row), if within a couple of cells.
/// `area` is the same Rect given to `draw_map`, borders included.
pub fn place_at(
    area: Rect,
    window: MapBounds,
    catalog: &Catalog,
    places: &[EntityIx],
    column: u16,
    row: u16,
) -> Option<EntityIx> {
    let inner = inner_area(area);
    if !map_drawn(inner) || !area.contains((column, row).into()) {
        return None;
    }
    places
        .iter()
        .filter_map(|&index| {
            let (x, y) = project(inner, window, &place_coords(catalog, index)?)?;
            let dx = i32::from(x) - i32::from(column);
            let dy = i32::from(y) - i32::from(row);
            let within = dx.abs() <= CLICK_RADIUS && dy.abs() * 2 <= CLICK_RADIUS;
            within.then_some((dx * dx + 4 * dy * dy, index))
        })
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, index)| index)
}

/// From one plotted place, the nearest plotted place in a direction (east = +dx, north =
/// +dy), for arrow keys. Prefers places within 45° of the direction, scoring distance plus
/// sideways drift; falls back to anything in that half-plane so a key press rarely dead-ends.
pub fn nearest_in_direction(
    catalog: &Catalog,
    places: &[EntityIx],
    from: EntityIx,
    dx: i32,
    dy: i32,
) -> Option<EntityIx> {
    let origin = place_coords(catalog, from)?;
    let (dx, dy) = (f64::from(dx.signum()), f64::from(dy.signum()));
    if dx == 0.0 && dy == 0.0 {
        return None;
    }
    let norm = (dx * dx + dy * dy).sqrt();
    let (ux, uy) = (dx / norm, dy / norm);
    // A degree of longitude shrinks with latitude; compare distances on the ground.
    let lon_scale = origin.lat.to_radians().cos().abs().max(0.1);
    let mut in_cone: Option<(f64, EntityIx)> = None;
    let mut in_half: Option<(f64, EntityIx)> = None;
    for &index in places {
        if index == from {
            continue;
        }
        let Some(c) = place_coords(catalog, index) else {
            continue;
        };
        let ox = (c.lon - origin.lon) * lon_scale;
        let oy = c.lat - origin.lat;
        let along = ox * ux + oy * uy;
        if along <= 1e-9 {
            continue;
        }
        let across = (ox * uy - oy * ux).abs();
        let score = along + 2.0 * across;
        let slot = if across <= along {
            &mut in_cone
        } else {
            &mut in_half
        };
        if slot.is_none_or(|(best, _)| score < best) {
            *slot = Some((score, index));
        }
    }
    in_cone.or(in_half).map(|(_, index)| index)
}

/// How a place is drawn, most prominent last so it wins a shared cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Prominence {
    Plain,
    Highlighted,
    Selected,
}

impl Prominence {
    fn symbol(self) -> &'static str {
        match self {
            Prominence::Plain => "•",
            Prominence::Highlighted => "◆",
            Prominence::Selected => "◉",
        }
    }

    fn marker_style(self, map: &MapStyles) -> Style {
        match self {
            Prominence::Plain => map.place,
            Prominence::Highlighted => map.era_place,
            Prominence::Selected => map.selected_place,
        }
    }

    /// Label style (the selected one bold and reversed in every theme, so it survives
    /// NO_COLOR).
    fn label_style(self, map: &MapStyles) -> Style {
        match self {
            Prominence::Plain => map.label,
            Prominence::Highlighted => map.era_label,
            Prominence::Selected => map.selected_label,
        }
    }
}

/// A marker's or label's style over the map: only its own colours and modifiers, not those
/// of the coast drawn in its cell before (a grey dot's colour, half blocks' background, the
/// no-colour theme's dim land), which would otherwise show through a label.
fn over_map(style: Style) -> Style {
    Style::reset().patch(style)
}

/// "Port Arthur (Lüshun)" → "Port Arthur"; long names cut with an ellipsis.
fn short_name(name: &str) -> String {
    let base = name
        .split([',', '('])
        .next()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or(name);
    ellipsize(base, SHORT_LABEL_WIDTH)
}

/// Which cells of the inner area are taken by markers and labels.
struct Occupancy {
    inner: Rect,
    cells: Vec<bool>,
}

impl Occupancy {
    fn new(inner: Rect) -> Occupancy {
        Occupancy {
            inner,
            cells: vec![false; usize::from(inner.width) * usize::from(inner.height)],
        }
    }

    fn slot(&self, x: u16, y: u16) -> Option<usize> {
        let inner = self.inner;
        (x >= inner.x && x < inner.right() && y >= inner.y && y < inner.bottom())
            .then(|| usize::from(y - inner.y) * usize::from(inner.width) + usize::from(x - inner.x))
    }

    /// Whether a run of cells lies inside the area and is free, with a blank column on
    /// either side so neighbouring labels do not run together.
    fn free(&self, x: u16, y: u16, width: u16) -> bool {
        if x < self.inner.x || x.saturating_add(width) > self.inner.right() {
            return false;
        }
        let from = x.saturating_sub(1).max(self.inner.x);
        let to = x
            .saturating_add(width)
            .min(self.inner.right().saturating_sub(1));
        (from..=to).all(|cx| self.slot(cx, y).is_some_and(|i| !self.cells[i]))
    }

    fn take(&mut self, x: u16, y: u16, width: u16) {
        for cx in x..x.saturating_add(width) {
            if let Some(i) = self.slot(cx, y) {
                self.cells[i] = true;
            }
        }
    }
}

/// Where a label of `width` columns goes beside a marker at (x, y): right, left, above,
/// below. None when all are blocked.
fn label_spot(occupied: &Occupancy, x: u16, y: u16, width: u16) -> Option<(u16, u16)> {
    let mut candidates = vec![(x.saturating_add(2), y)];
    if let Some(left) = x.checked_sub(width + 1) {
        candidates.push((left, y));
    }
    let centred = x.saturating_sub(width / 2);
    if let Some(up) = y.checked_sub(1) {
        candidates.push((centred, up));
    }
    candidates.push((centred, y.saturating_add(1)));
    candidates
        .into_iter()
        .find(|&(cx, cy)| occupied.free(cx, cy, width))
}

/// A scale bar for the view: "├────┤ 500 km", a round distance 3 to 10 columns long at
/// the view's middle latitude (a degree of longitude is 111.32 km × cos latitude).
fn scale_bar(window: MapBounds, columns: u16) -> Option<String> {
    if columns == 0 {
        return None;
    }
    let latitude = window.centre().1.to_radians();
    let km_per_column =
        (window.lon_max - window.lon_min) * 111.32 * latitude.cos() / f64::from(columns);
    if !(km_per_column.is_finite() && km_per_column > 0.0) {
        return None;
    }
    let km = [5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0]
        .into_iter()
        .rev()
        .find(|&km| {
            let cells = km / km_per_column;
            (3.0..=10.0).contains(&cells)
        })?;
    let cells = (km / km_per_column).round() as usize;
    Some(format!("├{}┤ {km} km", "─".repeat(cells.saturating_sub(2))))
}

/// The dataset's borders standing at `moment` (none without one): the map draws these,
/// an era's page lists those at its start.
pub fn standing_borders(
    catalog: &Catalog,
    moment: Option<crate::date::HistDate>,
) -> Vec<&crate::model::Border> {
    let Some(moment) = moment.map(|m| m.start_only()) else {
        return Vec::new();
    };
    catalog
        .borders()
        .iter()
        .filter(|b| b.stands_during(&moment, Some(&moment)))
        .collect()
}

/// A polyline of (longitude, latitude) points on the canvas.
fn draw_polyline(
    ctx: &mut ratatui::widgets::canvas::Context,
    points: impl IntoIterator<Item = (f64, f64)>,
    color: Color,
) {
    let mut points = points.into_iter();
    let Some(mut from) = points.next() else {
        return;
    };
    for to in points {
        ctx.draw(&CanvasLine {
            x1: from.0,
            y1: from.1,
            x2: to.0,
            y2: to.1,
            color,
        });
        from = to;
    }
}

/// A canvas over the map's view.
fn view_canvas<F: Fn(&mut ratatui::widgets::canvas::Context)>(
    marker: Marker,
    window: MapBounds,
    paint: F,
) -> Canvas<'static, F> {
    Canvas::default()
        .marker(marker)
        .x_bounds([window.lon_min, window.lon_max])
        .y_bounds([window.lat_min, window.lat_max])
        .paint(paint)
}

/// The borders, over the coast, each kind in its theme style: a colour and a modifier that
/// survives NO_COLOR (boundaries bold, disputed areas bold and underlined, a state's extent
/// italic). Each kind is drawn on a scratch buffer of its own and its dots copied over with
/// the kind's style, so the cells a kind covers are known without telling colours apart; a
/// cell two kinds share shows the one drawn last (boundaries over disputed areas over
/// extents), with the Braille dots of both.
fn draw_borders(
    buf: &mut ratatui::buffer::Buffer,
    inner: Rect,
    window: MapBounds,
    marker: Marker,
    borders: &[&crate::model::Border],
    styles: &MapStyles,
) {
    use crate::model::BorderKind;
    use ratatui::widgets::Widget;
    let kinds = [
        (BorderKind::Extent, styles.extent),
        (BorderKind::Disputed, styles.disputed),
        (BorderKind::Boundary, styles.boundary),
    ];
    let layers: Vec<(Style, ratatui::buffer::Buffer)> = kinds
        .into_iter()
        .filter_map(|(kind, style)| {
            let lines: Vec<&crate::model::Border> =
                borders.iter().copied().filter(|b| b.kind == kind).collect();
            if lines.is_empty() {
                return None;
            }
            let mut scratch = ratatui::buffer::Buffer::empty(inner);
            view_canvas(marker, window, |ctx| {
                for border in &lines {
                    let points = border.line.iter().map(|&[lon, lat]| (lon, lat));
                    draw_polyline(ctx, points, Default::default());
                }
            })
            .render(inner, &mut scratch);
            Some((style, scratch))
        })
        .collect();
    if layers.is_empty() {
        return;
    }
    for y in inner.top()..inner.bottom() {
        for x in inner.left()..inner.right() {
            let mut shown: Option<(String, Style)> = None;
            for (style, scratch) in &layers {
                let drawn = scratch[(x, y)].symbol();
                if drawn == " " {
                    continue;
                }
                let symbol = match &shown {
                    Some((under, _)) => merge_braille(under, drawn),
                    None => drawn.to_string(),
                };
                shown = Some((symbol, *style));
            }
            if let Some((symbol, style)) = shown {
                let cell = &mut buf[(x, y)];
                cell.set_symbol(&symbol);
                cell.set_style(style.remove_modifier(Modifier::DIM));
            }
        }
    }
}

/// Two Braille cells' dots together; any other pair shows the later one.
fn merge_braille(under: &str, over: &str) -> String {
    let dots = |s: &str| {
        let mut chars = s.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) if ('\u{2800}'..='\u{28FF}').contains(&c) => {
                Some(u32::from(c) - 0x2800)
            }
            _ => None,
        }
    };
    match (dots(under), dots(over)) {
        (Some(a), Some(b)) => {
            char::from_u32(0x2800 + (a | b)).map_or(over.to_string(), String::from)
        }
        _ => over.to_string(),
    }
}

/// What the map marks for the shown entity, said in its legend (or title): the entity's
/// name beside `◉`, or why nothing is marked.
fn marked_caption(view: &MapView) -> (bool, String) {
    let name = view.shown.map(|name| ellipsize(name, 30));
    let plotted = view.marked.iter().any(|place| view.places.contains(place));
    match (plotted, view.marked.is_empty(), name) {
        (true, _, Some(name)) => (true, name),
        (true, _, None) => (true, "shown".to_string()),
        // What matters first, so a narrow map still says it.
        (false, true, Some(name)) => (false, format!("no place recorded for {name}")),
        (false, true, None) => (false, "nothing shown".to_string()),
        (false, false, Some(name)) => (false, format!("place off the map for {name}")),
        (false, false, None) => (false, "place off the map".to_string()),
    }
}

/// The map's frame: the title (places, the borders' date, places off the map) and, from
/// 40 columns, a legend naming what `◉` and `◆` mark.
fn map_block<'a>(view: &MapView, width: u16, borders_drawn: bool) -> Block<'a> {
    let plotted = view.places;
    let off = view.off_map;
    let (any_marked, caption) = marked_caption(view);
    let mut title = String::from(" Map");
    // Too narrow for the legend: the title says when nothing is marked.
    if width < 40 && !any_marked {
        title.push_str(&format!(" · {caption}"));
    }
    title.push_str(&format!(
        " · Northeast Asia · {} place{}",
        plotted.len(),
        if plotted.len() == 1 { "" } else { "s" }
    ));
    if let (Some(moment), true) = (view.moment, borders_drawn) {
        title.push_str(&format!(" · borders of {}", moment.start_only().human()));
    }
    if off > 0 {
        title.push_str(&format!(" ({off} off the map)"));
    }
    title.push(' ');

    let block = pane_block(title, view.focused, view.theme);
    if width < 40 {
        return block;
    }
    let mut legend = vec![Span::raw(" ")];
    if any_marked {
        legend.push(Span::styled(
            Prominence::Selected.symbol(),
            Prominence::Selected.marker_style(&view.theme.map),
        ));
        legend.push(Span::raw(" "));
    }
    legend.push(Span::raw(caption));
    legend.push(Span::raw("  "));
    legend.push(Span::styled(
        Prominence::Highlighted.symbol(),
        Prominence::Highlighted.marker_style(&view.theme.map),
    ));
    let era = if view.era_name.is_empty() {
        " this era ".to_string()
    } else {
        format!(" {} ", view.era_name)
    };
    legend.push(Span::raw(era));
    block.title_bottom(Line::from(legend))
}

/// Draws the map panel. Never panics, whatever the size of `area`.
pub fn draw_map(frame: &mut Frame, area: Rect, view: &MapView) {
    let area = area.intersection(frame.area());
    let catalog = view.catalog;
    let plotted = view.places;
    let borders = standing_borders(catalog, view.moment);
    let block = map_block(view, area.width, !borders.is_empty());
    let framed = block.inner(area);
    frame.render_widget(block, area);
    let inner = inner_area(area);

    if framed.is_empty() {
        return;
    }
    if !map_drawn(inner) {
        let hint = Rect {
            height: 1,
            ..framed
        };
        frame.render_widget(Paragraph::new("enlarge for map"), hint);
        return;
    }
    // The bottom row: the scale bar, then the view's edges, as far as they fit.
    let window = view.window;
    let status_row = Rect {
        y: inner.bottom(),
        height: 1,
        ..inner
    };
    let mut status = scale_bar(window, inner.width).unwrap_or_default();
    status.push_str(&format!(
        " {:.1}–{:.1}°E {:.1}–{:.1}°N",
        window.lon_min, window.lon_max, window.lat_min, window.lat_max
    ));
    put_clipped(
        frame.buffer_mut(),
        status_row,
        status_row.x,
        status_row.y,
        &ellipsize(status.trim(), usize::from(status_row.width)),
        view.theme.dim(),
    );

    let marker = marker_for(inner);
    let land = view.theme.map.land;
    // The land's modifiers cover the whole map: without colour, dimmed land makes the bold
    // markers stand out (markers, labels and borders clear DIM again).
    let land_modifiers = Style {
        fg: None,
        bg: None,
        ..land
    };
    if land_modifiers != Style::new() {
        frame.buffer_mut().set_style(inner, land_modifiers);
    }
    let coast = land.fg.unwrap_or_default();
    let canvas = view_canvas(marker, window, move |ctx| {
        for line in crate::coastline::embedded() {
            draw_polyline(ctx, line.iter().copied(), coast);
        }
    });
    frame.render_widget(canvas, inner);
    draw_borders(
        frame.buffer_mut(),
        inner,
        window,
        marker,
        &borders,
        &view.theme.map,
    );

    let places = marker_cells(
        catalog,
        inner,
        window,
        plotted,
        view.marked,
        view.highlighted,
    );

    let buf = frame.buffer_mut();
    for &(prominence, _, (x, y)) in &places {
        buf.set_stringn(
            x,
            y,
            prominence.symbol(),
            1,
            over_map(prominence.marker_style(&view.theme.map)),
        );
    }
    let lines = border_cells(inner, window, &borders);
    for label in place_labels(catalog, inner, area.width, &places, &lines, view.selected) {
        put_clipped(
            buf,
            inner,
            label.x,
            label.y,
            &label.text,
            over_map(label.prominence.label_style(&view.theme.map)),
        );
    }
}

/// Each plotted place's cell and prominence, most prominent last (so it wins a shared
/// cell when drawn in order).
fn marker_cells(
    catalog: &Catalog,
    inner: Rect,
    window: MapBounds,
    plotted: &[EntityIx],
    marked: &[EntityIx],
    highlighted: &[EntityIx],
) -> Vec<(Prominence, EntityIx, (u16, u16))> {
    // A set, so big user datasets with many era places stay linear per frame.
    let highlighted: HashSet<EntityIx> = highlighted.iter().copied().collect();
    let mut places: Vec<(Prominence, EntityIx, (u16, u16))> = plotted
        .iter()
        .filter_map(|&index| {
            let cell = project(inner, window, &place_coords(catalog, index)?)?;
            let prominence = if marked.contains(&index) {
                Prominence::Selected
            } else if highlighted.contains(&index) {
                Prominence::Highlighted
            } else {
                Prominence::Plain
            };
            Some((prominence, index, cell))
        })
        .collect();
    places.sort_by_key(|&(prominence, _, _)| prominence);
    places
}

/// The cells the borders pass through, sampled along each segment at a quarter of a cell.
fn border_cells(
    inner: Rect,
    window: MapBounds,
    borders: &[&crate::model::Border],
) -> Vec<(u16, u16)> {
    if inner.is_empty() {
        return Vec::new();
    }
    let degrees_per_column = (window.lon_max - window.lon_min) / f64::from(inner.width);
    let degrees_per_row = (window.lat_max - window.lat_min) / f64::from(inner.height);
    let step = (degrees_per_column.min(degrees_per_row) / 4.0).max(1e-6);
    let mut cells = Vec::new();
    for border in borders {
        for pair in border.line.windows(2) {
            let ([x1, y1], [x2, y2]) = (pair[0], pair[1]);
            let length = ((x2 - x1).powi(2) + (y2 - y1).powi(2)).sqrt();
            let samples = ((length / step).ceil() as usize).clamp(1, 10_000);
            for i in 0..=samples {
                let t = i as f64 / samples as f64;
                let point = Coords {
                    lat: y1 + (y2 - y1) * t,
                    lon: x1 + (x2 - x1) * t,
                    external: true,
                };
                if let Some(cell) = project(inner, window, &point) {
                    cells.push(cell);
                }
            }
        }
    }
    cells.sort_unstable();
    cells.dedup();
    cells
}

/// A label as placed: its first cell, its width in columns and text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct PlacedLabel {
    prominence: Prominence,
    text: String,
    x: u16,
    y: u16,
    width: u16,
}

/// Where the labels go, given the markers (each place's prominence and cell, most prominent
/// last). The selected place is labelled first, then the era's places, then the rest (on
/// wide maps); each tries right, left, above and below its marker and is dropped when none
/// is free, so labels never overlap each other or cover a marker. Pure: the overlap test
/// calls it directly.
fn place_labels(
    catalog: &Catalog,
    inner: Rect,
    outer_width: u16,
    places: &[(Prominence, EntityIx, (u16, u16))],
    lines: &[(u16, u16)],
    selected: Option<EntityIx>,
) -> Vec<PlacedLabel> {
    let mut occupied = Occupancy::new(inner);
    for &(_, _, (x, y)) in places {
        occupied.take(x, y, 1);
    }
    // Border lines stay visible: labels go around them.
    for &(x, y) in lines {
        occupied.take(x, y, 1);
    }
    let mut placed = Vec::new();
    // The selected place first, then the most prominent.
    let is_selected = |index: EntityIx| Some(index) == selected;
    let order = places
        .iter()
        .filter(|place| is_selected(place.1))
        .chain(places.iter().rev().filter(|place| !is_selected(place.1)));
    for &(prominence, index, (x, y)) in order {
        let name = &catalog.entity(index).name;
        let text = match prominence {
            Prominence::Selected if is_selected(index) => name.clone(),
            // The shown entry's other places: named in full where that fits beside them.
            Prominence::Selected => {
                let full = ellipsize(name, usize::from(inner.width.saturating_sub(3)));
                if label_spot(&occupied, x, y, full.width() as u16).is_some() {
                    full
                } else {
                    short_name(name)
                }
            }
            Prominence::Highlighted if outer_width >= LABEL_ERA_WIDTH => short_name(name),
            _ if outer_width >= LABEL_ALL_WIDTH => short_name(name),
            _ => continue,
        };
        let text = ellipsize(&text, usize::from(inner.width.saturating_sub(3)));
        let width = text.width() as u16;
        if width == 0 {
            continue;
        }
        let mut text = text;
        let mut width = width;
        let mut spot = label_spot(&occupied, x, y, width);
        // The selected name must show: any free run on its own row or the rows next to
        // it, nearest first, shortened until one fits.
        while spot.is_none() && is_selected(index) && width > 0 {
            spot = nearest_free_run(&occupied, x, y, width);
            if spot.is_none() {
                text = ellipsize(&text, usize::from(width - 1));
                width = text.width() as u16;
            }
        }
        if let Some((lx, ly)) = spot
            && width > 0
        {
            occupied.take(lx, ly, width);
            placed.push(PlacedLabel {
                prominence,
                text,
                x: lx,
                y: ly,
                width,
            });
        }
    }
    placed
}

/// The free run of `width` cells nearest (x, y) on rows y, y-1, y+1.
fn nearest_free_run(occupied: &Occupancy, x: u16, y: u16, width: u16) -> Option<(u16, u16)> {
    let inner = occupied.inner;
    let rows = [Some(y), y.checked_sub(1), y.checked_add(1)];
    let mut best: Option<(u16, (u16, u16))> = None;
    for row in rows.into_iter().flatten() {
        if row < inner.y || row >= inner.bottom() {
            continue;
        }
        for start in inner.x..inner.right().saturating_sub(width.saturating_sub(1)) {
            if occupied.free(start, row, width) {
                let distance = start.abs_diff(x) + 4 * row.abs_diff(y);
                if best.is_none_or(|(d, _)| distance < d) {
                    best = Some((distance, (start, row)));
                }
            }
        }
    }
    best.map(|(_, spot)| spot)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme_for(colour: bool) -> Theme {
        if colour {
            Theme::standard()
        } else {
            Theme::no_colour()
        }
    }
    use crate::date::HistDate;
    use crate::model::{Dataset, Entity, Era};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn place(id: &str, name: &str, lat: f64, lon: f64) -> Entity {
        Entity {
            era: "postwar".to_string(),
            coords: Some(Coords {
                lat,
                lon,
                external: false,
            }),
            ..Entity::new(id.to_string(), Kind::Place, name.to_string())
        }
    }

    fn catalog() -> Catalog {
        Catalog::new(Dataset {
            meta: None,
            borders: Vec::new(),
            eras: vec![Era {
                id: "postwar".to_string(),
                name: "Postwar".to_string(),
                start: HistDate::parse("1945").unwrap(),
                end: None,
                summary: String::new(),
                sources: Vec::new(),
                external_facts: Vec::new(),
            }],
            entities: vec![
                place("vladivostok", "Vladivostok", 43.1, 131.9),
                place("sapporo", "Sapporo", 43.06, 141.35),
                place("lake-baikal", "Lake Baikal", 53.5, 108.0),
                place("yalta", "Yalta", 44.5, 34.2),
            ],
        })
    }

    fn render(
        catalog: &Catalog,
        w: u16,
        h: u16,
        selected: Option<EntityIx>,
        colour: bool,
    ) -> String {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        let highlighted = [EntityIx(0)];
        terminal
            .draw(|frame| {
                let places = plotted_places(catalog);
                let view = MapView {
                    catalog,
                    places: &places,
                    off_map: off_map_count(catalog),
                    marked: selected.as_slice(),
                    selected,
                    shown: None,
                    highlighted: &highlighted,
                    era_name: "Postwar",
                    moment: None,
                    window: BOUNDS,
                    focused: true,
                    theme: &theme_for(colour),
                };
                draw_map(frame, frame.area(), &view);
            })
            .unwrap();
        crate::ui::buffer_text(terminal.backend().buffer())
    }

    /// The borders standing at an era's start.
    fn borders_at(catalog: &Catalog, era: crate::dataset::EraIx) -> Vec<&crate::model::Border> {
        standing_borders(catalog, Some(catalog.era(era).start))
    }

    #[test]
    fn labels_never_overlap_each_other_or_a_marker_in_any_era_or_size() {
        let catalog = Catalog::new(crate::dataset::load_embedded().unwrap());
        let plotted = plotted_places(&catalog);
        let mut labels_seen = 0;
        for era in catalog.era_indices() {
            // The era's places are those its events link to, as the explorer marks them.
            let highlighted: Vec<EntityIx> = catalog
                .era_rows(era)
                .filter_map(|row| catalog.entity_at(row))
                .flat_map(|event| catalog.outgoing(event).iter().map(|l| l.target))
                .filter(|target| plotted.contains(target))
                .collect();
            for (width, height) in [
                (40, 12),
                (60, 20),
                (80, 24),
                (100, 30),
                (140, 45),
                (200, 60),
            ] {
                for (selected, zoom) in [
                    (None, 0),
                    (plotted.first().copied(), 1),
                    (plotted.last().copied(), 2),
                    (highlighted.first().copied(), 0),
                    (highlighted.first().copied(), 3),
                    (highlighted.last().copied(), MAX_ZOOM),
                ] {
                    let inner = inner_area(Rect::new(0, 0, width, height));
                    let centre = selected
                        .and_then(|p| catalog.entity(p).coords)
                        .map_or(BOUNDS.centre(), |c| (c.lon, c.lat));
                    let view = window(zoom, centre);
                    let markers = marker_cells(
                        &catalog,
                        inner,
                        view,
                        &plotted,
                        selected.as_slice(),
                        &highlighted,
                    );
                    let lines = border_cells(inner, view, &borders_at(&catalog, era));
                    let labels = place_labels(&catalog, inner, width, &markers, &lines, selected);
                    labels_seen += labels.len();
                    let mut taken: HashSet<(u16, u16)> =
                        markers.iter().map(|&(_, _, cell)| cell).collect();
                    taken.extend(lines.iter().copied());
                    for label in &labels {
                        assert!(label.x >= inner.x && label.x + label.width <= inner.right());
                        for cell in (label.x..label.x + label.width).map(|x| (x, label.y)) {
                            assert!(
                                taken.insert(cell),
                                "{} at {width}x{height} in era {} covers {cell:?}",
                                label.text,
                                era.0 + 1
                            );
                        }
                    }
                    if let Some(selected) = selected {
                        let name = &catalog.entity(selected).name;
                        assert!(
                            labels.iter().any(|l| l.prominence == Prominence::Selected),
                            "{name} unlabelled at {width}x{height}"
                        );
                    }
                }
            }
        }
        assert!(labels_seen > 500, "only {labels_seen} labels placed");
    }

    #[test]
    fn an_entitys_places_are_where_it_took_place_then_what_it_concerns() {
        use crate::model::{Link, Relation};
        let link = |rel, target: &str| Link {
            rel,
            target: target.to_string(),
            note: None,
            external: false,
        };
        let mut data = catalog().into_dataset();
        data.entities.push(Entity {
            era: "postwar".to_string(),
            links: vec![
                link(Relation::Concerns, "sapporo"),
                link(Relation::Related, "lake-baikal"),
                link(Relation::TookPlaceAt, "vladivostok"),
                link(Relation::Concerns, "vladivostok"),
                link(Relation::Concerns, "talks"),
                link(Relation::Concerns, "yalta"),
            ],
            ..Entity::new("talks".to_string(), Kind::Event, "Talks".to_string())
        });
        data.entities.push(Entity {
            era: "postwar".to_string(),
            links: vec![link(Relation::Related, "sapporo")],
            ..Entity::new("quiet".to_string(), Kind::Event, "Quiet".to_string())
        });
        let catalog = Catalog::new(data);
        let id = |id: &str| catalog.index_of(id).unwrap();
        // Where it took place first, then what it concerns; places only, each once, off
        // the map or not; a related place is not its own.
        assert_eq!(
            places_of(&catalog, id("talks")),
            vec![id("vladivostok"), id("sapporo"), id("yalta")]
        );
        assert_eq!(places_of(&catalog, id("sapporo")), vec![id("sapporo")]);
        assert_eq!(places_of(&catalog, id("quiet")), Vec::new());
        assert_eq!(places_of(&catalog, EntityIx(999)), Vec::new());
    }

    #[test]
    fn plotted_places_run_west_to_east_without_yalta() {
        let catalog = catalog();
        assert_eq!(
            plotted_places(&catalog),
            vec![EntityIx(2), EntityIx(0), EntityIx(1)]
        );
        assert_eq!(off_map_count(&catalog), 1);
    }

    #[test]
    fn selected_place_is_labelled() {
        let catalog = catalog();
        for colour in [true, false] {
            let text = render(&catalog, 80, 24, Some(EntityIx(0)), colour);
            assert!(text.contains("Vladivostok"), "{text}");
            assert!(text.contains("3 places (1 off the map)"), "{text}");
            assert!(
                !text.contains("Lake Baikal"),
                "narrow maps label only the selection"
            );
        }
        let wide = render(&catalog, 120, 40, Some(EntityIx(1)), true);
        assert!(wide.contains("Sapporo"));
        assert!(wide.contains("Lake Baikal"));
        assert!(wide.contains("Vladivostok"));
    }

    #[test]
    fn no_panic_at_any_size() {
        let catalog = catalog();
        for (w, h) in [
            (0, 0),
            (1, 1),
            (3, 2),
            (10, 4),
            (21, 7),
            (200, 60),
            (30, 10),
        ] {
            for selected in [
                None,
                Some(EntityIx(0)),
                Some(EntityIx(2)),
                Some(EntityIx(3)),
            ] {
                let text = render(&catalog, w, h, selected, w % 2 == 0);
                // Below the minimum the map says so; above it, it is framed and titled.
                if (w, h) == (200, 60) || (w, h) == (30, 10) {
                    assert!(text.contains("Map"), "{w}x{h}:\n{text}");
                } else if w >= 10 && h >= 3 {
                    assert!(
                        text.contains("enlarge") || text.contains("Map"),
                        "{w}x{h}:\n{text}"
                    );
                }
            }
        }
        let small = render(&catalog, 10, 4, None, true);
        assert!(small.contains("enlarge"), "{small}");
    }

    #[test]
    fn selected_label_survives_the_east_edge() {
        let mut data = catalog().into_dataset();
        data.entities[1].name = "A very long place name near the edge".to_string();
        data.entities[1].coords = Some(Coords {
            lat: 50.0,
            lon: 161.9,
            external: false,
        });
        let catalog = Catalog::new(data);
        let text = render(&catalog, 60, 20, Some(EntityIx(1)), false);
        assert!(text.contains("A very long place"), "{text}");
    }

    #[test]
    fn clicking_a_marker_finds_its_place() {
        let catalog = catalog();
        let area = Rect::new(5, 3, 80, 24);
        let inner = inner_area(area);
        for index in plotted_places(&catalog) {
            let coords = catalog.entity(index).coords.unwrap();
            let (x, y) = project(inner, BOUNDS, &coords).unwrap();
            assert_eq!(
                place_at(area, BOUNDS, &catalog, &plotted_places(&catalog), x, y),
                Some(index)
            );
            assert_eq!(
                place_at(area, BOUNDS, &catalog, &plotted_places(&catalog), x + 1, y),
                Some(index)
            );
        }
        assert_eq!(
            place_at(
                area,
                BOUNDS,
                &catalog,
                &plotted_places(&catalog),
                area.x + 1,
                area.y + 1
            ),
            None
        );
        assert_eq!(
            place_at(
                Rect::new(0, 0, 5, 5),
                BOUNDS,
                &catalog,
                &plotted_places(&catalog),
                2,
                2
            ),
            None
        );
    }

    #[test]
    fn drawn_marker_sits_where_place_at_looks() {
        let catalog = catalog();
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal
            .draw(|frame| {
                let view = MapView {
                    catalog: &catalog,
                    places: &plotted_places(&catalog),
                    off_map: off_map_count(&catalog),
                    marked: &[EntityIx(2)],
                    selected: Some(EntityIx(2)),
                    shown: None,
                    highlighted: &[],
                    era_name: "",
                    moment: None,
                    window: BOUNDS,
                    focused: false,
                    theme: &Theme::no_colour(),
                };
                draw_map(frame, frame.area(), &view);
            })
            .unwrap();
        let inner = inner_area(Rect::new(0, 0, 80, 24));
        let (x, y) = project(inner, BOUNDS, &catalog.entity(EntityIx(2)).coords.unwrap()).unwrap();
        assert_eq!(terminal.backend().buffer()[(x, y)].symbol(), "◉");
    }

    #[test]
    fn every_small_size_and_offset_is_safe() {
        let catalog = catalog();
        for w in 0..45u16 {
            for h in 0..14u16 {
                let mut terminal = Terminal::new(TestBackend::new(50, 16)).unwrap();
                terminal
                    .draw(|frame| {
                        let view = MapView {
                            catalog: &catalog,
                            places: &plotted_places(&catalog),
                            off_map: off_map_count(&catalog),
                            marked: &[EntityIx(1)],
                            selected: Some(EntityIx(1)),
                            shown: None,
                            highlighted: &[EntityIx(0), EntityIx(3), EntityIx(99)],
                            era_name: "Postwar",
                            moment: None,
                            window: BOUNDS,
                            focused: w % 2 == 0,
                            theme: &theme_for(h % 2 == 0),
                        };
                        // Also partly outside the frame, which must be clipped.
                        draw_map(frame, Rect::new(3, 1, w, h), &view);
                        draw_map(frame, Rect::new(40, 10, w, h), &view);
                    })
                    .unwrap();
                let areas = [Rect::new(3, 1, w, h), Rect::new(40, 10, w, h)];
                let drawn = crate::ui::paint::blank_outside(terminal.backend().buffer(), &areas);
                assert_eq!(drawn, Ok(()), "map {w}x{h}");
                let area = areas[0];
                for (x, y) in [(0, 0), (3, 1), (4, 2), (20, 8), (49, 15)] {
                    let found = place_at(area, BOUNDS, &catalog, &plotted_places(&catalog), x, y);
                    let inside = x >= area.x && x < area.x + w && y >= area.y && y < area.y + h;
                    assert!(
                        found.is_none() || inside,
                        "a place at ({x}, {y}) outside {area:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn arrow_keys_move_between_places() {
        let catalog = catalog();
        // Vladivostok → east is Sapporo, west is Baikal; nothing north of Baikal.
        assert_eq!(
            nearest_in_direction(&catalog, &plotted_places(&catalog), EntityIx(0), 1, 0),
            Some(EntityIx(1))
        );
        assert_eq!(
            nearest_in_direction(&catalog, &plotted_places(&catalog), EntityIx(0), -1, 0),
            Some(EntityIx(2))
        );
        assert_eq!(
            nearest_in_direction(&catalog, &plotted_places(&catalog), EntityIx(2), 0, 1),
            None
        );
        assert_eq!(
            nearest_in_direction(&catalog, &plotted_places(&catalog), EntityIx(2), 1, -1),
            Some(EntityIx(0))
        );
        assert_eq!(
            nearest_in_direction(&catalog, &plotted_places(&catalog), EntityIx(0), 0, 0),
            None
        );
    }
}
