//! The timeline drawn to scale: time as fractional years, a scale from time to columns,
//! the ruler's ticks for a zoom, and the lanes of entries with the queries a frame needs
//! (what overlaps a window, how many start in each column). Pure: nothing here draws;
//! `ui::axis_draw` paints it for the explorer and for `nisso timeline --axis`.
//!
//! A frame never walks every entry: a lane keeps its entries sorted by start, and per
//! duration class (a power of two), so the entries overlapping a window are found by
//! binary search, and a crowded window is binned per column by binary search too.

use crate::dataset::{Catalog, EntityIx};
use crate::date::{HistDate, MONTHS, Point, Precision, days_in_month};
use crate::model::{Kind, Relation};

/// A moment as fractional years: 1945.5 is 1 July 1945 (months are twelfths, days
/// fractions of their month).
pub fn years((year, month, day): (i32, u8, u8)) -> f64 {
    let month = month.clamp(1, 12);
    let days = f64::from(days_in_month(year, month));
    let day = f64::from(day.clamp(1, 31)).min(days);
    f64::from(year) + (f64::from(month - 1) + (day - 1.0) / days) / 12.0
}

/// The moment a day ends (a date's latest bound, exclusive).
fn end_of_day((year, month, day): (i32, u8, u8)) -> f64 {
    let month = month.clamp(1, 12);
    years((year, month, day)) + 1.0 / (12.0 * f64::from(days_in_month(year, month)))
}

/// Whether a point is known only roughly: "~", a part ("late 1991"), a decade or a
/// century, or "after".
fn is_vague(point: &Point) -> bool {
    point.approximate
        || point.part.is_some()
        || point.qualifier.is_some()
        || matches!(point.precision, Precision::Decade | Precision::Century)
}

/// Where a date lies in time. A point's whole extent is uncertain (a year-precision date
/// may be any day of its year); a range is certain between its start's latest and its
/// end's earliest bound.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extent {
    pub start: f64,
    /// Where the start's uncertainty ends.
    pub start_known: f64,
    /// Where the end's uncertainty begins.
    pub end_known: f64,
    /// Exclusive.
    pub end: f64,
    /// Said with "c." ("~", a part of a period, a decade, "after", "at least").
    pub approximate: bool,
    /// A range (drawn as a bar), not a point.
    pub range: bool,
    /// A range that has not ended (drawn to the present).
    pub ongoing: bool,
    /// The end is a lower bound only ("until at least 1989", "after 1936"): it fades.
    pub open_end: bool,
}

impl Extent {
    /// The extent of a date; `present` ends what is ongoing.
    pub fn of(date: &HistDate, present: f64) -> Extent {
        let start = years(date.start.earliest());
        let start_known = end_of_day(date.start.latest());
        let mut extent = Extent {
            start,
            start_known,
            end_known: start,
            end: start_known,
            approximate: is_vague(&date.start),
            range: false,
            ongoing: false,
            open_end: date.start.qualifier.is_some() && date.end.is_none() && !date.ongoing,
        };
        if date.ongoing {
            extent.range = true;
            extent.ongoing = true;
            extent.end = present.max(start_known);
            extent.end_known = extent.end;
        } else if let Some(end) = &date.end {
            extent.range = true;
            extent.end_known = years(end.earliest()).max(start);
            extent.end = end_of_day(end.latest()).max(extent.end_known);
            extent.approximate |= is_vague(end);
            extent.open_end = end.qualifier.is_some();
        }
        extent
    }

    /// An undated entry of an era: a point at the era's start, marked "?" (drawn across
    /// the whole era it would crowd out the dated entries of the era's lanes).
    fn undated(from: f64) -> Extent {
        Extent {
            start: from,
            start_known: from,
            end_known: from,
            end: from,
            approximate: true,
            range: false,
            ongoing: false,
            open_end: false,
        }
    }

    pub fn duration(&self) -> f64 {
        self.end - self.start
    }
}

/// Time to columns: `columns` cells show `span` years from `start`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    pub start: f64,
    pub span: f64,
    pub columns: u16,
}

impl Scale {
    /// A scale; a span or width of zero is widened so the arithmetic stays finite.
    pub fn new(start: f64, span: f64, columns: u16) -> Scale {
        Scale {
            start,
            span: if span.is_finite() && span > 0.0 {
                span
            } else {
                1.0
            },
            columns: columns.max(1),
        }
    }

    pub fn end(&self) -> f64 {
        self.start + self.span
    }

    /// The column a moment falls in (negative before the window, ≥ columns after it).
    pub fn column(&self, time: f64) -> i64 {
        // A hair over, so a moment on a boundary (a tick's month) is not floored into the
        // column before by rounding.
        let column = ((time - self.start) / self.span * f64::from(self.columns) + 1e-7).floor();
        column.clamp(-1e9, 1e9) as i64
    }

    /// The column of the last moment before `time` (an exclusive end's last column).
    pub fn last_column(&self, time: f64) -> i64 {
        let column = ((time - self.start) / self.span * f64::from(self.columns)).ceil() - 1.0;
        column.clamp(-1e9, 1e9) as i64
    }

    /// Years per column.
    pub fn per_column(&self) -> f64 {
        self.span / f64::from(self.columns)
    }
}

/// The ruler's steps, in months, widest first: 100, 50, 20, 10, 5, 2 and 1 years, then
/// 6, 3 and 1 months.
pub const STEPS: [u32; 10] = [1200, 600, 240, 120, 60, 24, 12, 6, 3, 1];

/// Columns between ticks at least (a year's label and a space).
pub const TICK_GAP: f64 = 6.0;

/// The finest step whose ticks stand at least `TICK_GAP` columns apart.
pub fn tick_step(scale: &Scale) -> u32 {
    let columns_per_month = f64::from(scale.columns) / (scale.span * 12.0);
    STEPS
        .iter()
        .rev()
        .copied()
        .find(|&step| f64::from(step) * columns_per_month >= TICK_GAP)
        .unwrap_or(STEPS[0])
}

/// A step said for a reader: "10 y", "3 mo".
pub fn step_label(step: u32) -> String {
    if step >= 12 {
        format!("{} y", step / 12)
    } else {
        format!("{step} mo")
    }
}

/// One tick of the ruler.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tick {
    pub column: u16,
    /// The year, or at month steps the month ("Aug"; January shows its year).
    pub label: String,
}

/// The ticks inside the window, evenly stepped: years that are multiples of the step,
/// or months that are.
pub fn ticks(scale: &Scale) -> Vec<Tick> {
    let step = i64::from(tick_step(scale));
    let first_month = (scale.start * 12.0).ceil() as i64;
    let last_month = (scale.end() * 12.0).floor() as i64;
    let mut month = first_month.div_euclid(step) * step;
    if month < first_month {
        month += step;
    }
    let mut ticks = Vec::new();
    while month <= last_month {
        let year = month.div_euclid(12);
        let of_year = month.rem_euclid(12) as usize;
        let column = scale.column(month as f64 / 12.0);
        if (0..i64::from(scale.columns)).contains(&column) {
            let label = if of_year == 0 {
                year.to_string()
            } else {
                MONTHS[of_year][..3].to_string()
            };
            ticks.push(Tick {
                column: column as u16,
                label,
            });
        }
        month += step;
    }
    ticks
}

/// How entries are split into lanes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    /// Events, treaties, people's lives, organisations' spans.
    Kind,
    /// The two sides the data links most entries to, both of them, and others.
    Side,
    /// The groups an imported timeline gave its entries (`Entity::group_label`: the
    /// group, else the kind as a timeline names it), in the order they first appear.
    Group,
}

impl Grouping {
    pub fn name(self) -> &'static str {
        match self {
            Grouping::Kind => "kind",
            Grouping::Side => "side",
            Grouping::Group => "group",
        }
    }

    /// The next grouping; by group only when the data has groups (`Catalog::has_groups`).
    pub fn next(self, has_groups: bool) -> Grouping {
        match self {
            Grouping::Kind => Grouping::Side,
            Grouping::Side if has_groups => Grouping::Group,
            Grouping::Side | Grouping::Group => Grouping::Kind,
        }
    }
}

/// One entry on the axis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Item {
    pub entity: EntityIx,
    pub kind: Kind,
    pub extent: Extent,
    /// No date: drawn as "?" at its era's start.
    pub undated: bool,
}

/// Entries whose duration is at most `reach` years, sorted by start.
#[derive(Debug, Clone, PartialEq)]
struct Class {
    reach: f64,
    members: Vec<u32>,
    starts: Vec<f64>,
}

/// A lane: its entries sorted by start (then end, then entity).
#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    pub label: String,
    pub items: Vec<Item>,
    starts: Vec<f64>,
    classes: Vec<Class>,
}

/// The shortest duration class, in years (about three weeks); each next class doubles.
const FIRST_REACH: f64 = 1.0 / 16.0;
const CLASSES: usize = 16;

impl Lane {
    fn new(label: String, mut items: Vec<Item>) -> Lane {
        items.sort_by(|a, b| {
            a.extent
                .start
                .total_cmp(&b.extent.start)
                .then(a.extent.end.total_cmp(&b.extent.end))
                .then(a.entity.cmp(&b.entity))
        });
        let starts: Vec<f64> = items.iter().map(|item| item.extent.start).collect();
        let mut classes: Vec<Class> = (0..CLASSES)
            .map(|k| Class {
                reach: FIRST_REACH * f64::from(1u32 << k),
                members: Vec::new(),
                starts: Vec::new(),
            })
            .collect();
        for (index, item) in items.iter().enumerate() {
            let duration = item.extent.duration();
            let class = classes
                .iter()
                .position(|class| duration <= class.reach)
                .unwrap_or(CLASSES - 1);
            classes[class].members.push(index as u32);
            classes[class].starts.push(item.extent.start);
        }
        // The last class holds everything longer: its reach is its longest entry.
        if let Some(last) = classes.last_mut() {
            for &member in &last.members {
                last.reach = last.reach.max(items[member as usize].extent.duration());
            }
        }
        classes.retain(|class| !class.members.is_empty());
        Lane {
            label,
            items,
            starts,
            classes,
        }
    }

    /// Entries overlapping [from, to), in start order; None when there are more than
    /// `limit` (the caller bins them per column instead).
    pub fn visible(&self, from: f64, to: f64, limit: usize) -> Option<Vec<u32>> {
        let first = self.starts.partition_point(|&s| s < from);
        let last = self.starts.partition_point(|&s| s < to);
        if last - first > limit {
            return None;
        }
        let mut found: Vec<u32> = (first as u32..last as u32).collect();
        // Entries that start before the window and reach into it: only a class's reach
        // back can hold them.
        for class in &self.classes {
            let lo = class.starts.partition_point(|&s| s < from - class.reach);
            let hi = class.starts.partition_point(|&s| s < from);
            for &member in &class.members[lo..hi] {
                if self.items[member as usize].extent.end > from {
                    found.push(member);
                    if found.len() > limit {
                        return None;
                    }
                }
            }
        }
        found.sort_unstable();
        Some(found)
    }

    /// The position of the first entry that starts at or after `time`.
    pub fn starts_from(&self, time: f64) -> usize {
        self.starts.partition_point(|&s| s < time)
    }

    /// How many entries start in each column of the scale.
    pub fn counts(&self, scale: &Scale) -> Vec<u32> {
        counts_per_column(&self.starts, scale)
    }

    /// The entry whose start is nearest `time` (the first of equals).
    pub fn nearest(&self, time: f64) -> Option<usize> {
        if self.items.is_empty() {
            return None;
        }
        let after = self.starts.partition_point(|&s| s < time);
        let before = after.checked_sub(1);
        match (before, (after < self.items.len()).then_some(after)) {
            (Some(b), Some(a)) => Some(if time - self.starts[b] <= self.starts[a] - time {
                b
            } else {
                a
            }),
            (Some(b), None) => Some(b),
            (None, a) => a,
        }
    }
}

/// Per column, how many of the sorted `starts` fall in it (binary search per column).
fn counts_per_column(starts: &[f64], scale: &Scale) -> Vec<u32> {
    let columns = i64::from(scale.columns);
    let boundary = |column: i64| starts.partition_point(|&s| scale.column(s) < column);
    let mut counts = Vec::with_capacity(scale.columns as usize);
    let mut low = boundary(0);
    for column in 0..columns {
        let high = boundary(column + 1);
        counts.push((high - low) as u32);
        low = high;
    }
    counts
}

/// The axis of a catalog: its lanes for one grouping, the whole span, the eras' spans.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    pub grouping: Grouping,
    pub lanes: Vec<Lane>,
    /// The earliest start and the latest end of every entry and era.
    pub whole: (f64, f64),
    /// Each era's start and (exclusive) end.
    pub eras: Vec<(f64, f64)>,
    /// Every entry's start, sorted (the density strip).
    starts: Vec<f64>,
    /// Per entity: (lane, position in the lane), `u32::MAX` when not on the axis.
    place: Vec<(u32, u32)>,
    /// Entities the axis leaves out for want of a date.
    pub undated_left_out: usize,
}

impl Axis {
    /// The axis of a catalog: the timeline's entries (every dated one, whatever its kind;
    /// undated events and treaties at their era's start). Context entries are left out.
    pub fn new(catalog: &Catalog, grouping: Grouping) -> Axis {
        let present = present(catalog);
        let eras: Vec<(f64, f64)> = catalog
            .eras()
            .iter()
            .map(|era| {
                let start = years(era.start.earliest());
                let end = era.end.map_or(present, |end| end_of_day(end.latest()));
                (start, end.max(start))
            })
            .collect();
        let mut items = Vec::new();
        for &entity in catalog.timeline() {
            let kind = catalog.kind(entity);
            match catalog.date(entity) {
                Some(date) => items.push(Item {
                    entity,
                    kind,
                    extent: Extent::of(&date, present),
                    undated: false,
                }),
                None => {
                    let from = eras
                        .get(catalog.era_of(entity).0)
                        .map_or(present, |&(from, _)| from);
                    items.push(Item {
                        entity,
                        kind,
                        extent: Extent::undated(from),
                        undated: true,
                    });
                }
            }
        }
        // The timeline holds every dated entry (context aside): the undated people,
        // places and bodies are what the axis leaves out for want of a date.
        let undated_left_out = catalog
            .entity_indices()
            .filter(|&e| {
                catalog.date(e).is_none()
                    && matches!(
                        catalog.kind(e),
                        Kind::Person | Kind::Organisation | Kind::Place
                    )
            })
            .count();
        let lanes = match grouping {
            Grouping::Kind => lanes_by_kind(items),
            Grouping::Side => lanes_by_side(catalog, items),
            Grouping::Group => lanes_by_group(catalog, items),
        };
        let bounds = items_bounds(&lanes, &eras);
        let mut starts: Vec<f64> = lanes
            .iter()
            .flat_map(|lane| lane.starts.iter().copied())
            .collect();
        starts.sort_unstable_by(f64::total_cmp);
        let mut place = vec![(u32::MAX, u32::MAX); catalog.entity_count()];
        for (lane_index, lane) in lanes.iter().enumerate() {
            for (position, item) in lane.items.iter().enumerate() {
                place[item.entity.0] = (lane_index as u32, position as u32);
            }
        }
        Axis {
            grouping,
            lanes,
            whole: bounds,
            eras,
            starts,
            place,
            undated_left_out,
        }
    }

    /// Where an entity is: (lane, position in the lane).
    pub fn locate(&self, entity: EntityIx) -> Option<(usize, usize)> {
        match self.place.get(entity.0) {
            Some(&(lane, position)) if lane != u32::MAX => Some((lane as usize, position as usize)),
            _ => None,
        }
    }

    pub fn item(&self, lane: usize, position: usize) -> Option<&Item> {
        self.lanes.get(lane)?.items.get(position)
    }

    pub fn item_of(&self, entity: EntityIx) -> Option<&Item> {
        let (lane, position) = self.locate(entity)?;
        self.item(lane, position)
    }

    /// Entries starting in each column, every lane together.
    pub fn density(&self, scale: &Scale) -> Vec<u32> {
        counts_per_column(&self.starts, scale)
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The era a moment falls in (the last to start at or before it).
    pub fn era_at(&self, time: f64) -> Option<usize> {
        let started = self.eras.iter().rposition(|&(start, _)| start <= time);
        started.or_else(|| (!self.eras.is_empty()).then_some(0))
    }
}

/// The present, for what is ongoing: the year after the last the source reports, or
/// after the latest date in the data.
fn present(catalog: &Catalog) -> f64 {
    if let Some(as_of) = catalog.meta().and_then(|meta| meta.as_of) {
        return f64::from(as_of) + 1.0;
    }
    let latest = catalog
        .entity_indices()
        .filter_map(|e| catalog.date(e))
        .map(|date| {
            let end = date.end.unwrap_or(date.start);
            end.latest().0
        })
        .chain(catalog.eras().iter().map(|era| era.start.latest().0))
        .max()
        .unwrap_or(2000);
    f64::from(latest) + 1.0
}

fn items_bounds(lanes: &[Lane], eras: &[(f64, f64)]) -> (f64, f64) {
    let mut low = f64::INFINITY;
    let mut high = f64::NEG_INFINITY;
    for item in lanes.iter().flat_map(|lane| &lane.items) {
        low = low.min(item.extent.start);
        high = high.max(item.extent.end);
    }
    for &(start, end) in eras {
        low = low.min(start);
        high = high.max(end);
    }
    if !low.is_finite() || !high.is_finite() || high <= low {
        return (1900.0, 2000.0);
    }
    (low, high)
}

fn lanes_by_kind(items: Vec<Item>) -> Vec<Lane> {
    let order = [
        Kind::Event,
        Kind::Treaty,
        Kind::Person,
        Kind::Organisation,
        Kind::Place,
    ];
    let mut by_kind: Vec<Vec<Item>> = vec![Vec::new(); order.len()];
    for item in items {
        let slot = order.iter().position(|&k| k == item.kind).unwrap_or(0);
        by_kind[slot].push(item);
    }
    order
        .iter()
        .zip(by_kind)
        .filter(|(_, items)| !items.is_empty())
        .map(|(kind, items)| Lane::new(kind.plural().to_string(), items))
        .collect()
}

/// Links that put an entry on a side: taking part, being party to, being aimed at,
/// signing, leading, belonging, succeeding. ("Concerns" does not: an event about Japan
/// may be neither side's doing.)
const SIDE_RELATIONS: [Relation; 9] = [
    Relation::Participant,
    Relation::Party,
    Relation::Against,
    Relation::SignedBy,
    Relation::NegotiatedBy,
    Relation::LedBy,
    Relation::MemberOf,
    Relation::PartOf,
    Relation::SuccessorOf,
];

/// The two sides: the organisations most linked to as participant, party or target, with
/// what belongs to them (their predecessors and successors, their parts and members).
/// Per entity a mask: 1 the first side, 2 the second.
pub fn sides(catalog: &Catalog) -> (Vec<String>, Vec<u8>) {
    let count = catalog.entity_count();
    let relation = |link| catalog.link(link).map(|link| link.rel);
    let mut tally = vec![0u32; count];
    for entity in catalog.entity_indices() {
        for &link in catalog.outgoing(entity) {
            if matches!(
                relation(link),
                Some(Relation::Participant | Relation::Party | Relation::Against)
            ) && catalog.kind(link.target) == Kind::Organisation
            {
                tally[link.target.0] += 1;
            }
        }
    }
    let mut ranked: Vec<usize> = (0..count).filter(|&e| tally[e] > 0).collect();
    ranked.sort_by(|&a, &b| tally[b].cmp(&tally[a]).then(a.cmp(&b)));
    ranked.truncate(2);
    let mut member = vec![0u8; count];
    for (side, &root) in ranked.iter().enumerate() {
        member[root] |= 1 << side;
    }
    // Belonging spreads along succession, parts and membership, a few steps deep.
    for _ in 0..4 {
        let mut changed = false;
        for entity in catalog.entity_indices() {
            if !matches!(catalog.kind(entity), Kind::Organisation | Kind::Person) {
                continue;
            }
            for &link in catalog.outgoing(entity) {
                let Some(rel) = relation(link) else { continue };
                let (source, target) = (entity.0, link.target.0);
                let mut join = |to: usize, from: usize| {
                    if member[from] & !member[to] != 0 {
                        member[to] |= member[from];
                        changed = true;
                    }
                };
                match rel {
                    Relation::SuccessorOf => {
                        join(source, target);
                        if catalog.kind(link.target) == Kind::Organisation {
                            join(target, source);
                        }
                    }
                    Relation::PartOf | Relation::MemberOf => join(source, target),
                    _ => {}
                }
            }
        }
        if !changed {
            break;
        }
    }
    let mut mask = member.clone();
    for entity in catalog.entity_indices() {
        for &link in catalog.outgoing(entity) {
            if relation(link).is_some_and(|rel| SIDE_RELATIONS.contains(&rel)) {
                mask[entity.0] |= member[link.target.0];
            }
        }
    }
    let names = ranked
        .iter()
        .map(|&root| catalog.entity(EntityIx(root)).name.clone())
        .collect();
    (names, mask)
}

/// A lane per group label, in the order the labels first appear in the dataset (the order
/// the timeline's author wrote them).
fn lanes_by_group(catalog: &Catalog, items: Vec<Item>) -> Vec<Lane> {
    let mut labels: Vec<String> = Vec::new();
    let mut first_seen: Vec<usize> = Vec::new();
    let mut by_group: Vec<Vec<Item>> = Vec::new();
    for item in items {
        let label = catalog.entity(item.entity).group_label();
        let slot = match labels.iter().position(|l| l == label) {
            Some(slot) => slot,
            None => {
                labels.push(label.to_string());
                first_seen.push(item.entity.0);
                by_group.push(Vec::new());
                labels.len() - 1
            }
        };
        first_seen[slot] = first_seen[slot].min(item.entity.0);
        by_group[slot].push(item);
    }
    let mut lanes: Vec<(usize, Lane)> = labels
        .into_iter()
        .zip(by_group)
        .zip(first_seen)
        .map(|((label, items), first)| (first, Lane::new(label, items)))
        .collect();
    lanes.sort_by_key(|(first, _)| *first);
    lanes.into_iter().map(|(_, lane)| lane).collect()
}

fn lanes_by_side(catalog: &Catalog, items: Vec<Item>) -> Vec<Lane> {
    let (names, mask) = sides(catalog);
    let mut labels: Vec<String> = names;
    let both = labels.len() == 2;
    if both {
        labels.push("Both".to_string());
    }
    labels.push("Others".to_string());
    let mut by_side: Vec<Vec<Item>> = vec![Vec::new(); labels.len()];
    let others = labels.len() - 1;
    for item in items {
        let slot = match mask.get(item.entity.0).copied().unwrap_or(0) {
            1 => 0,
            2 if both => 1,
            3 if both => 2,
            _ => others,
        };
        by_side[slot].push(item);
    }
    labels
        .into_iter()
        .zip(by_side)
        .filter(|(_, items)| !items.is_empty())
        .map(|(label, items)| Lane::new(label, items))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> HistDate {
        HistDate::parse(text).unwrap()
    }

    #[test]
    fn years_are_fractions_of_their_year() {
        assert_eq!(years((1945, 1, 1)), 1945.0);
        assert!((years((1945, 7, 1)) - 1945.5).abs() < 1e-9);
        assert!(years((1945, 8, 9)) > years((1945, 8, 8)));
        assert!((end_of_day((1945, 12, 31)) - 1946.0).abs() < 1e-9);
    }

    #[test]
    fn extents_keep_what_is_known() {
        let day = Extent::of(&date("1956-10-19"), 2025.0);
        assert!(!day.range && !day.approximate);
        assert!(day.duration() < 0.01);
        let year = Extent::of(&date("1925"), 2025.0);
        assert!((year.duration() - 1.0).abs() < 1e-9);
        let war = Extent::of(&date("1945-08-08/1956-12-12"), 2025.0);
        assert!(war.range && !war.approximate);
        assert!((war.start - years((1945, 8, 8))).abs() < 1e-9);
        let fading = Extent::of(&date("1945-09-02/at least 1989"), 2025.0);
        assert!(fading.open_end && fading.approximate);
        let ongoing = Extent::of(&date("1991/ongoing"), 2025.0);
        assert!(ongoing.ongoing && ongoing.end == 2025.0);
        let late = Extent::of(&date("1917/late 1991"), 2025.0);
        assert!(late.approximate && late.end_known > 1991.6 && late.end == 1992.0);
        assert!(Extent::of(&date("1980s"), 2025.0).approximate);
        assert!(Extent::of(&date("after 1936"), 2025.0).open_end);
    }

    #[test]
    fn the_step_is_chosen_for_the_zoom() {
        // (span in years, columns) → the step in months.
        let cases = [
            (1000.0, 60, 1200),
            (300.0, 60, 600),
            (200.0, 60, 240),
            (170.0, 100, 240),
            (100.0, 100, 120),
            (100.0, 50, 240),
            (50.0, 100, 60),
            (20.0, 100, 24),
            (10.0, 100, 12),
            (8.0, 100, 6),
            (4.0, 100, 3),
            (2.0, 100, 3),
            (1.0, 100, 1),
            (0.25, 100, 1),
        ];
        for (span, columns, step) in cases {
            let scale = Scale::new(1900.0, span, columns);
            assert_eq!(tick_step(&scale), step, "{span} years over {columns}");
        }
        for &step in &STEPS {
            let span = f64::from(step) / 12.0 * 20.0;
            let scale = Scale::new(1900.0, span, 200);
            let ticks = ticks(&scale);
            assert!(ticks.len() >= 2, "step {step}: {ticks:?}");
            let gaps: Vec<u16> = ticks
                .windows(2)
                .map(|w| w[1].column - w[0].column)
                .collect();
            let (min, max) = (gaps.iter().min().unwrap(), gaps.iter().max().unwrap());
            assert!(max - min <= 1, "evenly spaced at step {step}: {gaps:?}");
            assert!(f64::from(*min) >= TICK_GAP - 1.0, "{gaps:?}");
        }
    }

    #[test]
    fn ticks_fall_on_round_years_and_months() {
        let scale = Scale::new(1903.3, 40.0, 80);
        let labels: Vec<String> = ticks(&scale).into_iter().map(|t| t.label).collect();
        assert_eq!(
            labels,
            [
                "1905", "1910", "1915", "1920", "1925", "1930", "1935", "1940"
            ]
        );
        let months = Scale::new(1945.0, 1.0, 120);
        let labels: Vec<String> = ticks(&months).into_iter().map(|t| t.label).collect();
        assert_eq!(labels[0], "1945");
        assert_eq!(labels[7], "Aug");
        assert_eq!(labels.len(), 12);
    }

    #[test]
    fn placement_is_monotonic_and_proportional() {
        for columns in [37u16, 80, 117, 200] {
            let scale = Scale::new(1855.0, 170.0, columns);
            let mut last = i64::MIN;
            let mut t = 1855.0;
            while t < 2025.0 {
                let column = scale.column(t);
                assert!(column >= last, "monotonic at {t}");
                last = column;
                t += 0.37;
            }
            // Equal years take equal columns, to one.
            let width = |from: f64, years: f64| scale.column(from + years) - scale.column(from);
            for from in [1855.0, 1901.5, 1944.2, 1990.0] {
                let a = width(from, 20.0);
                let b = width(from + 13.0, 20.0);
                assert!((a - b).abs() <= 1, "{columns}: {a} vs {b}");
                let expected = 20.0 * f64::from(columns) / 170.0;
                assert!((a as f64 - expected).abs() <= 1.0);
            }
        }
    }

    fn item(entity: usize, text: &str) -> Item {
        Item {
            entity: EntityIx(entity),
            kind: Kind::Event,
            extent: Extent::of(&date(text), 2025.0),
            undated: false,
        }
    }

    #[test]
    fn visible_finds_what_overlaps_the_window_and_only_that() {
        let lane = Lane::new(
            "Events".into(),
            vec![
                item(0, "1904/1905"),
                item(1, "1917/late 1991"),
                item(2, "1939-08"),
                item(3, "1945-08-08/1956-12-12"),
                item(4, "1960"),
                item(5, "1991/ongoing"),
            ],
        );
        let shown = |from: f64, to: f64| -> Vec<usize> {
            lane.visible(from, to, 100)
                .unwrap()
                .into_iter()
                .map(|i| lane.items[i as usize].entity.0)
                .collect()
        };
        assert_eq!(shown(1950.0, 1955.0), [1, 3]);
        assert_eq!(shown(1939.0, 1940.0), [1, 2]);
        assert_eq!(shown(1900.0, 1910.0), [0]);
        assert_eq!(shown(2000.0, 2010.0), [5]);
        assert_eq!(lane.visible(1800.0, 2100.0, 3), None);
        // Brute force agrees on many windows.
        for from in (1850..2020).step_by(3) {
            let (from, to) = (f64::from(from), f64::from(from) + 4.5);
            let mut brute: Vec<usize> = lane
                .items
                .iter()
                .filter(|i| i.extent.start < to && i.extent.end > from)
                .map(|i| i.entity.0)
                .collect();
            brute.sort_unstable();
            let mut found = shown(from, to);
            found.sort_unstable();
            assert_eq!(found, brute, "{from}");
        }
    }

    #[test]
    fn crowded_columns_count_right() {
        let items: Vec<Item> = (0..500)
            .map(|i| item(i, &format!("{}-{:02}", 1900 + i % 50, 1 + i % 12)))
            .collect();
        let lane = Lane::new("Events".into(), items);
        for columns in [7u16, 40, 133] {
            let scale = Scale::new(1903.7, 31.0, columns);
            let counts = lane.counts(&scale);
            let mut brute = vec![0u32; columns as usize];
            for item in &lane.items {
                let column = scale.column(item.extent.start);
                if (0..i64::from(columns)).contains(&column) {
                    brute[column as usize] += 1;
                }
            }
            assert_eq!(counts, brute, "{columns} columns");
        }
    }

    #[test]
    fn spans_clip_at_the_window_edges() {
        let scale = Scale::new(1950.0, 10.0, 50);
        let war = Extent::of(&date("1945-08-08/1956-12-12"), 2025.0);
        assert!(scale.column(war.start) < 0);
        let last = scale.last_column(war.end);
        assert!((0..50).contains(&last));
        let soviet = Extent::of(&date("1917/late 1991"), 2025.0);
        assert!(scale.last_column(soviet.end) >= 50);
    }

    #[test]
    fn the_embedded_axis_has_lanes_from_the_data() {
        let catalog = Catalog::new(crate::dataset::load_embedded().unwrap());
        let axis = Axis::new(&catalog, Grouping::Kind);
        let labels: Vec<&str> = axis.lanes.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(labels, ["Events", "Treaties", "People", "Organisations"]);
        assert!(axis.whole.0 <= 1855.0 && axis.whole.1 >= 2000.0);
        let sides = Axis::new(&catalog, Grouping::Side);
        let labels: Vec<&str> = sides.lanes.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(labels[..2], ["Japan", "Soviet Union"]);
        assert!(labels.contains(&"Both"));
        // Every entry is on one lane of each grouping.
        assert_eq!(axis.len(), sides.len());
        let pact = catalog.index_of("soviet-japanese-neutrality-pact").unwrap();
        let (lane, _) = sides.locate(pact).unwrap();
        assert_eq!(sides.lanes[lane].label, "Both");
        // The dated people and bodies are timeline rows now: each on the axis once.
        let on_axis = (0..catalog.entity_count())
            .map(crate::dataset::EntityIx)
            .filter(|&e| axis.locate(e).is_some())
            .count();
        assert_eq!(axis.len(), on_axis);
        assert_eq!(axis.len(), catalog.timeline().len());
        assert!(!catalog.has_groups());
        assert_eq!(Grouping::Side.next(false), Grouping::Kind);
    }

    #[test]
    fn group_lanes_follow_the_order_the_groups_first_appear() {
        use crate::model::{Dataset, Entity, Era};
        let entity = |id: &str, kind: Kind, group: Option<&str>, year: &str| Entity {
            date: Some(date(year)),
            era: "all".into(),
            group: group.map(str::to_string),
            ..Entity::new(id, kind, id)
        };
        let catalog = Catalog::new(Dataset {
            eras: vec![Era {
                id: "all".into(),
                name: "All".into(),
                start: date("1900"),
                end: Some(date("2000")),
                summary: String::new(),
                sources: Vec::new(),
                external_facts: Vec::new(),
            }],
            entities: vec![
                entity("war", Kind::Event, Some("Wars"), "1950"),
                entity("spy", Kind::Person, Some("People"), "1901/1944"),
                entity("treaty", Kind::Treaty, None, "1925"),
                entity("battle", Kind::Event, Some("Wars"), "1939"),
            ],
            ..Dataset::default()
        });
        assert!(catalog.has_groups());
        assert_eq!(Grouping::Side.next(true), Grouping::Group);
        assert_eq!(Grouping::Group.next(true), Grouping::Kind);
        let axis = Axis::new(&catalog, Grouping::Group);
        let lanes: Vec<(&str, usize)> = axis
            .lanes
            .iter()
            .map(|l| (l.label.as_str(), l.items.len()))
            .collect();
        // An entry without a group is under its kind, as an export names it.
        assert_eq!(lanes, [("Wars", 2), ("People", 1), ("Treaty", 1)]);
    }
}
