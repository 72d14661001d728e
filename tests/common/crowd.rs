//! A crowded dataset: a generated one rewritten so that its entities share places, as
//! events in one capital do. Used by the check tests, the `check` benchmark and
//! `cargo run --release --example crowd` (which writes the file `/usr/bin/time` measures).

use nisso::model::{Coords, Dataset, Kind, Link, Relation};

/// The five places everything happens at.
pub const CAPITALS: [(&str, f64, f64); 5] = [
    ("Moscow", 55.7558, 37.6173),
    ("Tokyo", 35.6762, 139.6503),
    ("Vladivostok", 43.1155, 131.8855),
    ("Khabarovsk", 48.4827, 135.0838),
    ("Sapporo", 43.0618, 141.3545),
];

/// How crowded: `spread` moves each point off its capital by up to that many degrees
/// (0: every point exactly on it); `events` gives events their capital's coordinates too.
#[derive(Debug, Clone, Copy, Default)]
pub struct Crowding {
    pub spread: f64,
    pub events: bool,
}

/// Every place moves to one of the five capitals in turn; the first five places become
/// the capitals themselves, and every other place after them takes its capital's name as
/// a first word ("Moscow Bay of Kamisu Tora"), so that half the places share a name word
/// with every place at their capital. Every event takes place at one of the five capitals.
/// Returns how many places share a capital's name.
pub fn crowd(data: &mut Dataset, how: Crowding) -> usize {
    // Deterministic offsets (SplitMix64 of the entity's place in the list).
    let offset = |index: usize, salt: u64| {
        let mut z = (index as u64 ^ salt).wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        how.spread * ((z % 2001) as f64 / 1000.0 - 1.0)
    };
    let at = |index: usize, (_, lat, lon): (&str, f64, f64)| Coords {
        lat: lat + offset(index, 1),
        lon: lon + offset(index, 2),
        external: false,
    };
    let mut capital_ids: Vec<String> = Vec::new();
    let mut named = 0;
    let mut place = 0;
    for (index, entity) in data.entities.iter_mut().enumerate() {
        if entity.kind != Kind::Place {
            continue;
        }
        let capital = CAPITALS[place % CAPITALS.len()];
        entity.coords = Some(at(index, capital));
        if place < CAPITALS.len() {
            entity.name = capital.0.to_string();
            capital_ids.push(entity.id.clone());
        } else if place % 2 == 1 {
            entity.name = format!("{} {}", capital.0, entity.name);
            named += 1;
        }
        place += 1;
    }
    let mut event = 0;
    for (index, entity) in data.entities.iter_mut().enumerate() {
        if entity.kind != Kind::Event {
            continue;
        }
        let target = &capital_ids[event % capital_ids.len()];
        if how.events {
            entity.coords = Some(at(index, CAPITALS[event % CAPITALS.len()]));
        }
        event += 1;
        if !entity
            .links
            .iter()
            .any(|l| l.rel == Relation::TookPlaceAt && &l.target == target)
        {
            entity.links.push(Link {
                rel: Relation::TookPlaceAt,
                target: target.clone(),
                note: None,
                external: false,
            });
        }
    }
    named
}
