//! Entities that may be one place recorded twice, found without comparing every pair: a
//! spatial hash (square cells as wide as the distance that makes two points one place, so
//! that whatever is within reach of a point lies in its cell or the eight around it) and,
//! per cell, a name index (the words of names and aliases, sorted, so that the words equal
//! to a word or starting with it are one range). `check` turns what is found into warnings.

use crate::fold::fold_into;
use crate::model::{Coords, DatasetRef, Entity, Relation};
use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

/// Coordinates this close, in latitude and in longitude, are one place.
pub const DEGREES: f64 = 0.05;

/// Words that name a kind of place rather than a place: "South Kuril District" and "Kuril
/// District" are not the same name.
const GENERIC_PLACE_WORDS: [&str; 16] = [
    "the",
    "of",
    "district",
    "province",
    "prefecture",
    "oblast",
    "region",
    "islands",
    "island",
    "chain",
    "city",
    "port",
    "lake",
    "sea",
    "greater",
    "lesser",
];

/// A cell of the spatial hash: rows of latitude, columns of longitude.
pub type Cell = (i64, i64);

pub fn cell_of(coords: &Coords) -> Cell {
    // `as` saturates: a point off the globe (an error of its own) still gets a cell.
    (
        (coords.lat / DEGREES).floor() as i64,
        (coords.lon / DEGREES).floor() as i64,
    )
}

/// A cell and the eight around it: where everything within `DEGREES` of its points lies.
/// The cell comes first: its points are all within reach of each other, so a duplicate
/// found there ends the search of the others sooner.
pub fn around(cell: Cell) -> impl Iterator<Item = Cell> {
    const OFFSETS: [(i64, i64); 9] = [
        (0, 0),
        (-1, -1),
        (-1, 0),
        (-1, 1),
        (0, -1),
        (0, 1),
        (1, -1),
        (1, 0),
        (1, 1),
    ];
    OFFSETS
        .into_iter()
        .map(move |(dr, dc)| (cell.0.saturating_add(dr), cell.1.saturating_add(dc)))
}

/// Whether two points are one place.
pub fn close(a: &Coords, b: &Coords) -> bool {
    (a.lat - b.lat).abs() <= DEGREES && (a.lon - b.lon).abs() <= DEGREES
}

/// Coordinates that can be compared (a NaN or an infinity is never close to anything).
fn usable(entity: &Entity) -> Option<&Coords> {
    entity
        .coords
        .as_ref()
        .filter(|c| c.lat.is_finite() && c.lon.is_finite())
}

/// Each word of the name and aliases that can name a place: folded, longer than two
/// bytes, not generic (`folded` is a buffer to reuse).
fn for_each_place_word(entity: &Entity, folded: &mut String, mut each: impl FnMut(&str)) {
    let names =
        std::iter::once(entity.name.as_str()).chain(entity.aliases.iter().map(|a| a.name.as_str()));
    for name in names {
        fold_into(name, folded);
        folded
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 2 && !GENERIC_PLACE_WORDS.contains(w))
            .for_each(&mut each);
    }
}

/// The words of the name and aliases that can name a place, sorted, each once.
pub fn place_words(entity: &Entity) -> Vec<String> {
    let mut words = Vec::new();
    for_each_place_word(entity, &mut String::new(), |w| words.push(w.to_string()));
    words.sort_unstable();
    words.dedup();
    words
}

/// Whether two words name one thing: the same word, or one the start of the other when
/// that one has four bytes or more (Kuril, Kurilsky).
pub fn words_match(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short == long || short.len() >= 4 && long.starts_with(short)
}

/// The words of `other` that match one of `entity`'s, sorted (what a warning quotes).
pub fn shared_words(entity: &Entity, other: &Entity) -> Vec<String> {
    let mine = place_words(entity);
    place_words(other)
        .into_iter()
        .filter(|theirs| mine.iter().any(|word| words_match(word, theirs)))
        .collect()
}

/// Two entities a link tells apart: one `part_of` the other (an island and the district
/// named after it), or a link between them whose note says how they differ.
fn distinguished(a: &Entity, b: &Entity) -> bool {
    let noted = |from: &Entity, to: &str| {
        from.links.iter().any(|l| {
            l.target == to
                && (l.rel == Relation::PartOf
                    || l.note.as_ref().is_some_and(|n| !n.trim().is_empty()))
        })
    };
    noted(a, &b.id) || noted(b, &a.id)
}

/// The words of the entities that have another within reach, numbered in sorted order, so
/// that numbers order as the words do and the words starting with one are a range.
struct Vocabulary {
    /// Each entity's words, as numbers (none for an entity nothing is within reach of).
    of: Vec<Vec<u32>>,
    /// Per word: the end of the range of words that start with it (itself included;
    /// just itself below four bytes).
    starts_end: Vec<u32>,
    /// Per word: the words of four bytes or more that it starts with, other than itself.
    prefixes: Vec<Vec<u32>>,
    /// Per word: whether it can match another entity's (another has it, or a word that
    /// starts it or starts with it is there); the others are not looked up.
    shared: Vec<bool>,
}

impl Vocabulary {
    /// The words of the entities marked `near`.
    fn new(data: DatasetRef<'_>, near: &[bool]) -> Self {
        // Numbered as first seen, each word kept once.
        let mut seen: HashMap<Box<str>, u32> = HashMap::default();
        let mut holders: Vec<u32> = Vec::new();
        let mut folded = String::new();
        let mut of: Vec<Vec<u32>> = vec![Vec::new(); data.entities.len()];
        for (i, entity) in data.entities.iter().enumerate().filter(|(i, _)| near[*i]) {
            let mut mine: Vec<u32> = Vec::new();
            for_each_place_word(entity, &mut folded, |word| {
                let next = seen.len() as u32;
                let number = match seen.get(word) {
                    Some(&number) => number,
                    None => *seen.entry(word.into()).or_insert(next),
                };
                mine.push(number);
            });
            mine.sort_unstable();
            mine.dedup();
            holders.resize(seen.len(), 0);
            for &w in &mine {
                holders[w as usize] += 1;
            }
            of[i] = mine;
        }
        // Renumbered in sorted order.
        let mut distinct: Vec<(&str, u32)> = seen.iter().map(|(w, &n)| (&**w, n)).collect();
        distinct.sort_unstable();
        let mut rank = vec![0u32; distinct.len()];
        for (r, &(_, n)) in distinct.iter().enumerate() {
            rank[n as usize] = r as u32;
        }
        for mine in &mut of {
            mine.iter_mut().for_each(|w| *w = rank[*w as usize]);
        }
        let number = |word: &str| seen.get(word).map(|&n| rank[n as usize]);
        let mut starts_end = Vec::with_capacity(distinct.len());
        let mut prefixes = Vec::with_capacity(distinct.len());
        let mut shared = Vec::with_capacity(distinct.len());
        for (r, &(word, n)) in distinct.iter().enumerate() {
            let end = if word.len() >= 4 {
                r + 1 + distinct[r + 1..].partition_point(|(w, _)| w.starts_with(word))
            } else {
                r + 1
            };
            let starts: Vec<u32> = word
                .char_indices()
                .filter(|&(at, _)| at >= 4)
                .filter_map(|(at, _)| number(&word[..at]))
                .collect();
            shared.push(holders[n as usize] > 1 || end > r + 1 || !starts.is_empty());
            starts_end.push(end as u32);
            prefixes.push(starts);
        }
        Vocabulary {
            of,
            starts_end,
            prefixes,
            shared,
        }
    }
}

/// Every word of every entity within reach of another, as (cell, word, entity), sorted:
/// a cell's entries are a range, in which a word's entities are in dataset order.
struct NameIndex {
    words: Vec<u32>,
    ids: Vec<u32>,
    cells: HashMap<Cell, CellEntries>,
}

/// One cell of the name index.
struct CellEntries {
    /// Its range of entries.
    range: Range<usize>,
    /// The extent of its points (latitude, then longitude: low, high): a cell none of whose
    /// points is within reach is passed over whole.
    extent: [(f64, f64); 2],
    /// Its entities in dataset order: a cell with none between an entity and the first
    /// duplicate found so far cannot give an earlier one, and is passed over too.
    members: Vec<u32>,
}

impl NameIndex {
    fn new(grid: &HashMap<Cell, Vec<u32>>, vocabulary: &Vocabulary, data: DatasetRef<'_>) -> Self {
        let mut entries: Vec<(Cell, u32, u32)> = Vec::new();
        for (&cell, members) in grid {
            for &i in members {
                entries.extend(vocabulary.of[i as usize].iter().map(|&w| (cell, w, i)));
            }
        }
        entries.sort_unstable();
        let mut cells: HashMap<Cell, CellEntries> = HashMap::default();
        for (at, &(cell, _, i)) in entries.iter().enumerate() {
            let entry = cells.entry(cell).or_insert_with(|| CellEntries {
                range: at..at,
                extent: [(f64::INFINITY, f64::NEG_INFINITY); 2],
                members: grid.get(&cell).cloned().unwrap_or_default(),
            });
            entry.range.end = at + 1;
            if let Some(c) = usable(&data.entities[i as usize]) {
                for (span, value) in entry.extent.iter_mut().zip([c.lat, c.lon]) {
                    *span = (span.0.min(value), span.1.max(value));
                }
            }
        }
        NameIndex {
            words: entries.iter().map(|e| e.1).collect(),
            ids: entries.iter().map(|e| e.2).collect(),
            cells,
        }
    }

    /// The entries of `cell`, if any point of it can be within reach of `here` and it has
    /// an entity after `after` and before `before`.
    fn cell(
        &self,
        cell: Cell,
        here: &Coords,
        after: usize,
        before: Option<u32>,
    ) -> Option<Range<usize>> {
        let entries = self.cells.get(&cell)?;
        let next = entries.members.partition_point(|&j| j as usize <= after);
        let between = entries
            .members
            .get(next)
            .is_some_and(|&j| before.is_none_or(|b| j < b));
        let reaches = [here.lat, here.lon]
            .iter()
            .zip(entries.extent)
            .all(|(&value, (low, high))| value >= low - DEGREES && value <= high + DEGREES);
        (between && reaches).then(|| entries.range.clone())
    }

    /// The entries among `entries` (a cell's) whose word is in `words`.
    fn with_words(&self, entries: &Range<usize>, words: Range<u32>) -> Option<Range<usize>> {
        let in_cell = &self.words[entries.clone()];
        let first = in_cell.partition_point(|&w| w < words.start);
        // The range is short (a few words' entities in one cell): its end is found by
        // galloping from its start rather than by searching the whole cell again.
        let rest = &in_cell[first..];
        let mut reach = 1;
        while reach < rest.len() && rest[reach] < words.end {
            reach *= 2;
        }
        let len = rest[..reach.min(rest.len())].partition_point(|&w| w < words.end);
        (len > 0).then(|| entries.start + first..entries.start + first + len)
    }
}

/// The spatial hash, and which entities have another within reach (the others cannot be
/// duplicates and their names are not read: most, when places are apart).
fn grid_and_near(data: DatasetRef<'_>) -> (HashMap<Cell, Vec<u32>>, Vec<bool>) {
    let mut grid: HashMap<Cell, Vec<u32>> = HashMap::default();
    for (i, entity) in data.entities.iter().enumerate() {
        if let Some(coords) = usable(entity) {
            grid.entry(cell_of(coords)).or_default().push(i as u32);
        }
    }
    let mut near = vec![false; data.entities.len()];
    for (&cell, members) in &grid {
        let around: usize = around(cell).map(|c| grid.get(&c).map_or(0, Vec::len)).sum();
        if around > 1 {
            members.iter().for_each(|&i| near[i as usize] = true);
        }
    }
    (grid, near)
}

/// For each entity that has a later duplicate, in dataset order: its index and the first
/// later duplicate's. A duplicate is within `DEGREES`, has a word in common (`words_match`)
/// and no link tells the two apart (`distinguished`). Each entity is compared only with
/// the entities of the nine cells around it that have a word matching one of its own, and
/// among those, in dataset order from itself, only until the first duplicate.
pub fn first_duplicates(data: DatasetRef<'_>) -> Vec<(usize, usize)> {
    let (grid, near) = grid_and_near(data);
    let vocabulary = Vocabulary::new(data, &near);
    let index = NameIndex::new(&grid, &vocabulary, data);
    // The entries of a range of several words (a short word and those starting with it) in
    // one cell, as one list in dataset order, made the first time it is needed.
    let mut merged: HashMap<(Cell, u32), Vec<u32>> = HashMap::default();
    // Every entity's point (NaN, never close, for one without).
    let points: Vec<[f64; 2]> = data
        .entities
        .iter()
        .map(|e| usable(e).map_or([f64::NAN; 2], |c| [c.lat, c.lon]))
        .collect();
    let mut found = Vec::new();
    for (i, entity) in data.entities.iter().enumerate() {
        let mine = &vocabulary.of[i];
        let Some(here) = usable(entity).filter(|_| !mine.is_empty()) else {
            continue;
        };
        let mut first: Option<u32> = None;
        // The first duplicate after `i` in a list of entities in dataset order.
        let scan = |list: &[u32], first: &mut Option<u32>| {
            let start = list.partition_point(|&j| j as usize <= i);
            for &j in &list[start..] {
                if first.is_some_and(|f| j >= f) {
                    break;
                }
                // The point first, from a compact list: most candidates end there.
                let [lat, lon] = points[j as usize];
                let there = Coords {
                    lat,
                    lon,
                    external: false,
                };
                if close(here, &there) && !distinguished(entity, &data.entities[j as usize]) {
                    *first = Some(j);
                    break;
                }
            }
        };
        for cell in around(cell_of(here)) {
            let Some(entries) = index.cell(cell, here, i, first) else {
                continue;
            };
            for &word in mine.iter().filter(|&&w| vocabulary.shared[w as usize]) {
                // This word and those starting with it.
                let starting = word..vocabulary.starts_end[word as usize];
                if let Some(range) = index.with_words(&entries, starting) {
                    if index.words[range.start] == index.words[range.end - 1] {
                        scan(&index.ids[range], &mut first);
                    } else {
                        let list = merged.entry((cell, word)).or_insert_with(|| {
                            let mut list = index.ids[range].to_vec();
                            list.sort_unstable();
                            list.dedup();
                            list
                        });
                        scan(list, &mut first);
                    }
                }
                // The words it starts with.
                for &prefix in &vocabulary.prefixes[word as usize] {
                    if let Some(range) = index.with_words(&entries, prefix..prefix + 1) {
                        scan(&index.ids[range], &mut first);
                    }
                }
            }
        }
        if let Some(j) = first {
            found.push((i, j as usize));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Alias, Dataset, Kind, Link};

    fn place(id: &str, name: &str, lat: f64, lon: f64) -> Entity {
        Entity {
            coords: Some(Coords {
                lat,
                lon,
                external: false,
            }),
            ..Entity::new(id.to_string(), Kind::Place, name.to_string())
        }
    }

    /// Whether `later` duplicates `entity`, words aside: one place, no link telling them
    /// apart.
    fn duplicate(entity: &Entity, here: &Coords, later: &Entity) -> bool {
        usable(later).is_some_and(|there| close(here, there)) && !distinguished(entity, later)
    }

    fn dataset(entities: Vec<Entity>) -> Dataset {
        Dataset {
            meta: None,
            eras: Vec::new(),
            entities,
            borders: Vec::new(),
        }
    }

    #[test]
    fn neighbours_across_a_cell_boundary_are_found() {
        // Each pair is 0.02° apart with a cell boundary between them: at 0.05° (latitude),
        // at 0° (both axes, negative on one side) and at 140.0° (longitude).
        let pairs = [
            ((0.04, 10.01), (0.06, 10.01)),
            ((-0.01, -0.01), (0.01, 0.01)),
            ((35.0, 139.99), (35.0, 140.01)),
        ];
        for ((lat1, lon1), (lat2, lon2)) in pairs {
            let a = place("a", "Kuril District", lat1, lon1);
            let b = place("b", "Kurilsky", lat2, lon2);
            assert_ne!(
                cell_of(a.coords.as_ref().unwrap()),
                cell_of(b.coords.as_ref().unwrap())
            );
            assert_eq!(
                first_duplicates(dataset(vec![a, b]).borrowed()),
                vec![(0, 1)],
                "{lat1},{lon1}"
            );
        }
        // In neighbouring cells but farther apart than the distance: not one place.
        let a = place("a", "Kuril", 0.001, 0.0);
        let b = place("b", "Kuril", 0.099, 0.0);
        assert!(
            around(cell_of(a.coords.as_ref().unwrap()))
                .any(|c| c == cell_of(b.coords.as_ref().unwrap()))
        );
        assert!(first_duplicates(dataset(vec![a, b]).borrowed()).is_empty());
        // Two cells apart: never compared.
        let a = place("a", "Kuril", 0.0, 0.0);
        let b = place("b", "Kuril", 0.0, 0.11);
        assert!(first_duplicates(dataset(vec![a, b]).borrowed()).is_empty());
    }

    #[test]
    fn names_match_by_word_or_by_the_start_of_one() {
        assert!(words_match("kuril", "kurilsky"));
        assert!(words_match("kurilsky", "kuril"));
        assert!(
            !words_match("kur", "kurilsky"),
            "a start of three bytes is too short"
        );
        assert!(words_match("kur", "kur"));
        assert!(!words_match("kurilian", "kurilsky"));
        let at = |id: &str, name: &str| place(id, name, 44.0, 146.0);
        let found = |entities: Vec<Entity>| first_duplicates(dataset(entities).borrowed());
        // Generic words do not count; the first later duplicate is named.
        assert!(
            found(vec![
                at("a", "South Kuril District"),
                at("b", "Kuril District")
            ])
            .len()
                == 1
        );
        assert!(
            found(vec![
                at("a", "Kuril District"),
                at("b", "Sakhalin District")
            ])
            .is_empty()
        );
        assert_eq!(
            found(vec![
                at("a", "Kuril"),
                at("b", "Habomai"),
                at("c", "Kurilsky"),
                at("d", "Kuril")
            ]),
            vec![(0, 2), (2, 3)]
        );
        // An alias counts; a link with a note, or part_of, tells them apart.
        let mut aliased = at("b", "Karafuto");
        aliased.aliases.push(Alias {
            name: "South Sakhalin".into(),
            lang: None,
            external: false,
        });
        assert_eq!(
            found(vec![at("a", "Sakhalin"), aliased.clone()]),
            vec![(0, 1)]
        );
        aliased.links.push(Link {
            rel: Relation::Related,
            target: "a".into(),
            note: Some("the prefecture, not the island".into()),
            external: false,
        });
        assert!(found(vec![at("a", "Sakhalin"), aliased.clone()]).is_empty());
        // Told apart from the first, a duplicate of the next.
        assert_eq!(
            found(vec![at("a", "Sakhalin"), aliased, at("c", "Sakhalinskaya")]),
            vec![(0, 2), (1, 2)]
        );
    }

    /// The same answer as comparing every pair, on points scattered over a few cells with
    /// names drawn from words that start one another (in Latin and Cyrillic letters).
    #[test]
    fn the_index_finds_what_comparing_every_pair_finds() {
        const WORDS: [&str; 12] = [
            "kuril",
            "kurilsky",
            "kurilian",
            "kur",
            "kuri",
            "sakhalin",
            "sakh",
            "habomai",
            "курил",
            "курильск",
            "сах",
            "сахалин",
        ];
        for seed in 1..=5u64 {
            let mut state = seed;
            let mut next = |below: u64| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                (state >> 33) % below
            };
            let mut entities = Vec::new();
            for i in 0..300 {
                let lat = 43.0 + next(2000) as f64 / 10_000.0;
                let lon = 146.0 + next(2000) as f64 / 10_000.0;
                let words = WORDS.len() as u64;
                let name = format!(
                    "{} {}",
                    WORDS[next(words) as usize],
                    WORDS[next(words) as usize]
                );
                let mut entity = place(&format!("e{i}"), &name, lat, lon);
                if i > 0 && next(4) == 0 {
                    entity.links.push(Link {
                        rel: if next(2) == 0 {
                            Relation::PartOf
                        } else {
                            Relation::Related
                        },
                        target: format!("e{}", next(i as u64)),
                        note: None,
                        external: false,
                    });
                }
                entities.push(entity);
            }
            let data = dataset(entities);
            let mut expected = Vec::new();
            for (i, entity) in data.entities.iter().enumerate() {
                let here = entity.coords.as_ref().unwrap();
                let first = (i + 1..data.entities.len()).find(|&j| {
                    let later = &data.entities[j];
                    duplicate(entity, here, later) && !shared_words(entity, later).is_empty()
                });
                if let Some(j) = first {
                    expected.push((i, j));
                }
            }
            assert!(expected.len() > 50, "the test has duplicates to find");
            assert_eq!(first_duplicates(data.borrowed()), expected, "seed {seed}");
        }
    }
}
