//! Synthetic datasets in the real schema, for benchmarks and scale tests.
//!
//! Names are built from syllables so they look and measure like real ones (Latin with
//! macrons, some Cyrillic aliases), and every entity's first word encodes its index, so
//! names never collide and the result passes `check`.

use crate::date::HistDate;
use crate::model::{Alias, Dataset, Entity, Figure, Kind, Link, Relation};

const SYLLABLES: [&str; 24] = [
    "ka", "mi", "to", "su", "ra", "no", "ha", "shi", "ko", "yo", "ta", "ne", "vo", "lo", "go",
    "ri", "mo", "se", "ku", "da", "ō", "ū", "zan", "rov",
];
const CYRILLIC: [&str; 12] = [
    "ка", "ми", "то", "су", "ра", "но", "ва", "ло", "го", "ри", "мо", "ёв",
];
const WORDS: [&str; 16] = [
    "Treaty",
    "Conference",
    "Incident",
    "Battle",
    "Agreement",
    "Protocol",
    "Visit",
    "Pact",
    "Islands",
    "Province",
    "Bay",
    "Ministry",
    "Army",
    "Council",
    "Declaration",
    "Mission",
];
const FILLER: [&str; 12] = [
    "talks",
    "border",
    "trade",
    "fisheries",
    "envoys",
    "islands",
    "troops",
    "treaty",
    "visit",
    "railway",
    "consulate",
    "negotiations",
];

/// Small deterministic generator (SplitMix64); benchmarks must be reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn unique_word(mut index: usize, alphabet: &[&str]) -> String {
    let mut word = String::new();
    loop {
        word.push_str(alphabet[index % alphabet.len()]);
        index /= alphabet.len();
        if index == 0 {
            break;
        }
    }
    capitalise(&word)
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut text = String::new();
    for i in 0..words {
        if i > 0 {
            text.push(' ');
        }
        text.push_str(FILLER[rng.below(FILLER.len())]);
    }
    text.push('.');
    capitalise(&text)
}

/// The eras of the real dataset, reused so synthetic entities spread over the same years.
fn eras() -> Vec<crate::model::Era> {
    crate::dataset::load_embedded()
        .map(|d| d.eras)
        .unwrap_or_default()
}

/// A synthetic dataset, whole (benchmarks and tests).
pub fn generate(count: usize, seed: u64) -> Dataset {
    let entities = Generator::new(count, seed);
    let eras = entities.eras.clone();
    Dataset {
        meta: None,
        eras,
        entities: entities.collect(),
        borders: Vec::new(),
    }
}

/// The entities of `generate`, one at a time: `nisso generate` writes each as it comes, so
/// a million entities never sit in memory together.
pub struct Generator {
    rng: Rng,
    pub eras: Vec<crate::model::Era>,
    index: usize,
    count: usize,
}

impl Generator {
    pub fn new(count: usize, seed: u64) -> Generator {
        Generator {
            rng: Rng(seed),
            eras: eras(),
            index: 0,
            count,
        }
    }
}

impl Iterator for Generator {
    type Item = Entity;

    fn next(&mut self) -> Option<Entity> {
        if self.index >= self.count {
            return None;
        }
        let index = self.index;
        self.index += 1;
        let rng = &mut self.rng;
        let eras = &self.eras;
        let kind = match rng.below(20) {
            0..=9 => Kind::Event,
            10..=11 => Kind::Treaty,
            12..=14 => Kind::Person,
            15..=17 => Kind::Place,
            _ => Kind::Organisation,
        };
        let era_index = rng.below(eras.len().max(1));
        let era = eras.get(era_index);
        let (first_year, last_year) = era.map_or((1900, 1990), |e| {
            (
                e.start.year(),
                e.end.map_or(e.start.year() + 20, |d| d.latest().0),
            )
        });
        let year = first_year + rng.below((last_year - first_year + 1).max(1) as usize) as i32;
        let date_text = match rng.below(4) {
            0 => format!("{year}"),
            1 => format!("{year}-{:02}", 1 + rng.below(12)),
            2 => format!("{year}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28)),
            _ => format!(
                "{year}/{}",
                (year + 1 + rng.below(3) as i32).min(last_year.max(year))
            ),
        };
        let date = match kind {
            Kind::Place | Kind::Person => None,
            _ => HistDate::parse(&date_text).ok(),
        };
        let unique = unique_word(index, &SYLLABLES);
        let name = match kind {
            Kind::Person => format!(
                "{} {}",
                unique,
                capitalise(SYLLABLES[rng.below(SYLLABLES.len())])
            ),
            _ => format!(
                "{} of {} {}",
                WORDS[rng.below(WORDS.len())],
                unique,
                capitalise(&format!(
                    "{}{}",
                    SYLLABLES[rng.below(SYLLABLES.len())],
                    SYLLABLES[rng.below(SYLLABLES.len())]
                ))
            ),
        };
        let mut aliases = Vec::new();
        for a in 0..rng.below(3) {
            let alias = if a == 0 {
                Alias {
                    name: unique_word(index, &CYRILLIC),
                    lang: Some("ru".into()),
                    external: false,
                }
            } else {
                Alias {
                    name: format!("{unique} {}", WORDS[rng.below(WORDS.len())]),
                    lang: None,
                    external: false,
                }
            };
            aliases.push(alias);
        }
        let mut links = Vec::new();
        if index > 0 {
            let mut targets = Vec::new();
            for _ in 0..2 + rng.below(4) {
                let target = rng.below(index);
                if !targets.contains(&target) {
                    targets.push(target);
                }
            }
            for target in targets {
                links.push(Link {
                    rel: Relation::ALL[rng.below(Relation::ALL.len())],
                    target: format!("e{target}"),
                    note: None,
                    external: false,
                });
            }
        }
        let figures = if rng.below(10) == 0 {
            vec![Figure {
                label: "synthetic count".into(),
                value: rng.below(100_000) as f64,
                unit: "people".into(),
                year: Some(year),
                qualifier: None,
                series: None,
                note: None,
            }]
        } else {
            Vec::new()
        };
        let words = 8 + rng.below(8);
        let summary = sentence(rng, words);
        let description = (0..3 + rng.below(3))
            .map(|_| {
                let words = 10 + rng.below(10);
                sentence(rng, words)
            })
            .collect::<Vec<_>>()
            .join(" ");
        Some(Entity {
            aliases,
            date,
            era: era.map_or_else(|| "era".into(), |e| e.id.clone()),
            summary,
            description,
            links,
            figures,
            ..Entity::new(format!("e{index}"), kind, name)
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.count - self.index;
        (left, Some(left))
    }
}
