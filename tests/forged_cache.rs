//! A cache is untrusted input: a forged one (any bytes changed, the checksum recomputed so
//! it passes that check) is refused or used, never a panic — neither while decoding nor
//! afterwards, when its entities are shown, linked, listed and searched.

use nisso::cache::{self, SourceHash};
use nisso::dataset::Catalog;
use nisso::search::SearchIndex;

const HEADER: usize = 12 + 4 + 8 + 16 + 8 + 8 + 8;
/// Sections a cache's trailer places.
const SECTIONS: usize = 9;

/// A small deterministic generator (xorshift), so a failure is reproducible.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn source_of(bytes: &[u8]) -> SourceHash {
    SourceHash {
        hash: u128::from_le_bytes(bytes[24..40].try_into().unwrap()),
        len: u64::from_le_bytes(bytes[40..48].try_into().unwrap()),
    }
}

/// The checksum recomputed as nisso computes it (every byte but the records', which have
/// their own); a trailer too broken to place them gets any checksum (it is refused).
fn reseal(bytes: &mut [u8]) {
    let checksum = nisso::cache::checksum_of_payload(&bytes[HEADER..])
        .unwrap_or_else(|| xxhash_rust::xxh3::xxh3_64(&bytes[HEADER..]));
    bytes[56..64].copy_from_slice(&checksum.to_le_bytes());
}

/// Everything `show`, `links`, `timeline` and `search` ask of a catalog and its index.
fn use_all_of(catalog: &Catalog, index: &SearchIndex) {
    for entity in catalog.entity_indices() {
        let _ = nisso::present::entity_sections(catalog, entity);
        let _ = nisso::present::link_groups(catalog, entity);
        let _ = catalog.era_of(entity);
        let _ = catalog.timeline_row(entity);
        let _ = catalog.index_of(catalog.id(entity));
    }
    for row in 0..catalog.timeline().len() + 2 {
        let _ = catalog.entity_at(nisso::dataset::RowIx(row));
    }
    for query in [
        "gorbachev",
        "kuril islands 1945",
        "1951-09",
        "treaty",
        "zzzz",
        "is:disputed",
    ] {
        let results = index.search(query, None);
        for hit in results.hits.iter().take(20) {
            let _ = nisso::present::target_text(catalog, hit.target);
        }
        let _ = index.suggest(query, 3);
    }
}

#[test]
fn forged_caches_are_refused_or_used_never_a_panic() {
    let original = nisso::load::build_embedded_cache();
    let source = source_of(&original);
    let (catalog, index) = cache::open_bytes(original.clone(), &source).expect("a sound cache");
    use_all_of(&catalog, &index);
    let payload = original.len() - HEADER;
    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    let (mut refused, mut used) = (0, 0);
    let mut panicked = Vec::new();
    for round in 0..400 {
        let mut forged = original.clone();
        let at = HEADER + random.below(payload);
        match round % 4 {
            // One byte changed anywhere.
            0 => forged[at] ^= 1 << random.below(8),
            // A count, offset or index made huge, zero or one past a boundary.
            1 | 2 => {
                let at = at.min(original.len() - 8);
                let value: u64 = match random.below(5) {
                    0 => u64::MAX,
                    1 => 0,
                    2 => u64::from(u32::MAX),
                    3 => random.next() % 4096,
                    _ => u64::from_le_bytes(forged[at..at + 8].try_into().unwrap()) + 1,
                };
                let width = [1, 2, 4, 8][random.below(4)];
                forged[at..at + width].copy_from_slice(&value.to_le_bytes()[..width]);
            }
            // The trailer, which places every section.
            _ => {
                let trailer = original.len() - SECTIONS * 16;
                let at = trailer + random.below(SECTIONS * 16 - 8);
                let value = random.next() % (payload as u64 + 64);
                forged[at..at + 8].copy_from_slice(&value.to_le_bytes());
            }
        }
        reseal(&mut forged);
        let outcome = std::panic::catch_unwind(|| match cache::open_bytes(forged, &source) {
            Some((catalog, index)) => {
                use_all_of(&catalog, &index);
                true
            }
            None => false,
        });
        match outcome {
            Ok(true) => used += 1,
            Ok(false) => refused += 1,
            Err(_) => panicked.push((round, at)),
        }
    }
    assert!(
        panicked.is_empty(),
        "forged caches panicked (round, byte changed): {panicked:?}"
    );
    // Both outcomes occur: the rounds reach past the first checks.
    assert!(refused > 0 && used > 0, "refused {refused}, used {used}");
}
