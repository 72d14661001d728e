//! The dataset cache, through the real binary: a large `--data` file is cached by its
//! content, the cache gives the same answers as the file, and a damaged, cut-short,
//! foreign or stale cache is rebuilt, never used.

mod common;

use common::{Sandbox, nisso, text};
use std::path::PathBuf;
use std::process::{Command, Output};

/// A temporary folder with a generated dataset large enough to be cached.
struct Fixture {
    dir: Sandbox,
    data: PathBuf,
    cache: PathBuf,
}

impl Fixture {
    fn new(tag: &str) -> Fixture {
        let dir = Sandbox::new(tag);
        let data = dir.join("large.json");
        let generated = nisso(&["generate", "2500"]);
        assert!(generated.status.success());
        assert!(
            generated.stdout.len() > 1024 * 1024,
            "large enough to be cached"
        );
        std::fs::write(&data, &generated.stdout).unwrap();
        Fixture {
            cache: dir.cache(),
            dir,
            data,
        }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = self.dir.nisso(&["--data"]);
        command.arg(&self.data).args(args);
        command
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    fn caches(&self) -> Vec<PathBuf> {
        let Ok(entries) = std::fs::read_dir(&self.cache) else {
            return Vec::new();
        };
        let mut found: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "cache"))
            .collect();
        found.sort();
        found
    }

    fn only_cache(&self) -> PathBuf {
        let caches = self.caches();
        assert_eq!(caches.len(), 1, "{caches:?}");
        caches[0].clone()
    }
}

const QUERIES: [&str; 5] = ["kuri", "treaty 1941", "kind:person mi", "ka ūū", "zzzz"];

fn answers(fixture: &Fixture, args: &[&str]) -> Vec<String> {
    QUERIES
        .iter()
        .map(|query| {
            let mut all = vec!["search", query, "--json", "--limit", "50"];
            all.extend_from_slice(args);
            let out = fixture.run(&all);
            assert!(out.status.success(), "{}", text(&out.stderr));
            text(&out.stdout)
        })
        .collect()
}

#[test]
fn a_large_file_is_cached_and_the_cache_answers_as_the_file_does() {
    let fixture = Fixture::new("same");
    let uncached = answers(&fixture, &["--no-cache"]);
    assert!(fixture.caches().is_empty(), "--no-cache writes no cache");
    let first = answers(&fixture, &[]);
    let cache = fixture.only_cache();
    let name = cache.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(
        name.len(),
        32 + ".cache".len(),
        "named after the content hash"
    );
    let from_cache = answers(&fixture, &[]);
    assert_eq!(first, uncached);
    assert_eq!(from_cache, uncached);
    assert!(from_cache[0].contains("Kuri"), "{}", from_cache[0]);

    // Every entity reads back whole: the export from the cache equals the file's.
    let exported = fixture.run(&["export"]);
    let direct = fixture.run(&["export", "--no-cache"]);
    assert!(exported.status.success());
    assert_eq!(text(&exported.stdout), text(&direct.stdout));
    // Details and links too.
    for id in ["e0", "e1", "e2499", "e1234"] {
        let cached = fixture.run(&["show", id, "--json"]);
        let direct = fixture.run(&["show", id, "--json", "--no-cache"]);
        assert!(cached.status.success(), "{}", text(&cached.stderr));
        assert_eq!(text(&cached.stdout), text(&direct.stdout), "{id}");
    }
    let timeline = fixture.run(&["timeline", "--era", "3"]);
    let direct = fixture.run(&["timeline", "--era", "3", "--no-cache"]);
    assert_eq!(text(&timeline.stdout), text(&direct.stdout));
    assert_eq!(fixture.caches(), vec![cache]);
}

/// A section of a cache file as its trailer places it: (absolute start, length).
fn section(cache: &[u8], number: usize) -> (usize, usize) {
    const HEADER: usize = 64;
    const SECTIONS: usize = 9;
    let trailer = &cache[cache.len() - SECTIONS * 16..];
    let field = |at: usize| u64::from_le_bytes(trailer[at..at + 8].try_into().unwrap()) as usize;
    (HEADER + field(number * 16), field(number * 16 + 8))
}

/// A dataset file's cache keeps no copy of the records: they are read from the file, and
/// the cache is a fraction of it.
#[test]
fn a_file_cache_reads_its_records_from_the_file() {
    let fixture = Fixture::new("records-in-source");
    answers(&fixture, &[]);
    let cache = fixture.only_cache();
    let (records, length) = section(&std::fs::read(&cache).unwrap(), 6);
    assert!(records > 0 && length == 0, "no records in the cache");
    let source = std::fs::metadata(&fixture.data).unwrap().len();
    let cached = std::fs::metadata(&cache).unwrap().len();
    assert!(cached * 2 < source, "cache {cached} bytes, file {source}");
}

/// A record that no longer matches its checksum (the file changed under a cache, between
/// its hash and the read) shows as unreadable, and the cache is removed, to be rebuilt
/// next time; the other entities read as before. Records in a cache (the embedded
/// dataset's) are checked alike. A cache whose records are in a file cannot be opened
/// without it.
#[test]
fn a_damaged_record_shows_as_unreadable_and_the_cache_is_removed() {
    use nisso::cache::{self, SourceHash};
    use nisso::dataset::{Catalog, EntityIx};
    use nisso::search::SearchIndex;
    let dir = Sandbox::new("damaged-record");
    let json = dir.join("data.json");
    let generated = nisso(&["generate", "300"]);
    std::fs::write(&json, &generated.stdout).unwrap();
    let text = String::from_utf8(generated.stdout).unwrap();
    let hash = SourceHash::of(text.as_bytes());
    let parsed = nisso::dataset::parse_with_spans("data.json", &text).unwrap();
    assert_eq!(parsed.spans.len(), parsed.dataset.entities.len());
    let expected = parsed.dataset.entities.clone();
    let catalog = Catalog::new(parsed.dataset);
    let index = SearchIndex::new(&catalog);
    let damaged_entity = 17;
    for in_source in [true, false] {
        let path = dir.join(format!("{in_source}.cache"));
        let spans = in_source.then_some(&parsed.spans);
        cache::write(&path, &catalog, &index, &hash, spans).unwrap();
        let mut file_text = text.clone().into_bytes();
        if in_source {
            // One letter of the entity's summary, inside its JSON.
            let from = parsed.spans.bounds[damaged_entity] as usize;
            let at = from + text[from..].find("\"summary\":\"").unwrap() + 12;
            file_text[at] ^= 0x01;
        } else {
            let mut bytes = std::fs::read(&path).unwrap();
            let (records, _) = section(&bytes, 6);
            let (offsets, _) = section(&bytes, 5);
            let start = |i: usize| {
                let at = offsets + 8 + i * 8;
                u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap()) as usize
            };
            let at = records + start(damaged_entity) + 3;
            bytes[at] ^= 0x01;
            std::fs::write(&path, &bytes).unwrap();
        }
        let source = dir.join("now.json");
        std::fs::write(&source, &file_text).unwrap();
        let opened = cache::open(&path, &hash, std::fs::File::open(&source).ok());
        let (cached, _) = opened.expect("the cache opens: records are checked when read");
        for (i, entity) in expected.iter().enumerate() {
            let read = cached.entity(EntityIx(i));
            if i == damaged_entity {
                assert!(read.name.contains("(unreadable cache record)"), "{read:?}");
            } else {
                assert_eq!(read, entity, "entity {i}");
            }
        }
        assert!(!path.exists(), "the damaged cache is removed ({in_source})");
    }
    // Records in the file: the cache is refused without it.
    let path = dir.join("needs-file.cache");
    cache::write(&path, &catalog, &index, &hash, Some(&parsed.spans)).unwrap();
    assert!(cache::open(&path, &hash, None).is_err());
    assert!(cache::open(&path, &hash, std::fs::File::open(&json).ok()).is_ok());
}

#[test]
fn a_damaged_cache_is_rebuilt_with_a_note_never_used() {
    let fixture = Fixture::new("damaged");
    let expected = answers(&fixture, &["--no-cache"]);
    answers(&fixture, &[]);
    let cache = fixture.only_cache();
    let good = std::fs::read(&cache).unwrap();

    let mut damages: Vec<(&str, Vec<u8>)> = Vec::new();
    // One flipped bit in the search index (the file's checksum covers it).
    let mut flipped = good.clone();
    let (index_start, index_len) = section(&good, 8);
    flipped[index_start + index_len / 2] ^= 0x20;
    damages.push(("checksum", flipped));
    // Cut short.
    damages.push(("cut short", good[..good.len() - 1000].to_vec()));
    // Another build or format wrote it.
    let mut foreign = good.clone();
    foreign[14] ^= 0xff;
    damages.push(("another version", foreign));
    // Not a cache at all.
    damages.push(("shorter than its header", b"hello".to_vec()));
    damages.push(("shorter than its header", Vec::new()));

    for (why, bytes) in damages {
        std::fs::write(&cache, &bytes).unwrap();
        let out = fixture.run(&["search", QUERIES[0], "--json", "--limit", "50"]);
        assert!(out.status.success(), "{why}: {}", text(&out.stderr));
        assert_eq!(text(&out.stdout), expected[0], "{why}");
        let stderr = text(&out.stderr);
        assert!(stderr.contains("not usable"), "{why}: {stderr}");
        assert!(stderr.contains(why), "{why}: {stderr}");
        assert_eq!(std::fs::read(&cache).unwrap(), good, "{why}: rebuilt whole");
        // And the rebuilt cache is used quietly.
        let out = fixture.run(&["search", QUERIES[0], "--json", "--limit", "50"]);
        assert_eq!(text(&out.stderr), "", "{why}");
        assert_eq!(text(&out.stdout), expected[0]);
    }
}

#[test]
fn a_changed_file_gets_a_new_cache_and_old_caches_are_pruned() {
    let fixture = Fixture::new("changed");
    answers(&fixture, &[]);
    let first = fixture.only_cache();
    // A change to one name: the old cache must not answer for the new content.
    let original = std::fs::read_to_string(&fixture.data).unwrap();
    let changed = original.replacen(
        "\"name\":\"Treaty of Ka Ūū\"",
        "\"name\":\"Treaty of Zanzibar\"",
        1,
    );
    assert_ne!(changed, original);
    std::fs::write(&fixture.data, &changed).unwrap();
    let out = fixture.run(&["search", "zanzibar"]);
    assert!(
        text(&out.stdout).contains("Treaty of Zanzibar"),
        "{}",
        text(&out.stdout)
    );
    let caches = fixture.caches();
    assert_eq!(caches.len(), 2, "{caches:?}");
    assert!(caches.contains(&first));
    // Many contents: only the most recently used few caches stay.
    for n in 0..10 {
        let variant = changed.replacen("Zanzibar", &format!("Variant{n}"), 1);
        std::fs::write(&fixture.data, &variant).unwrap();
        assert!(fixture.run(&["search", "e0"]).status.success());
    }
    assert_eq!(fixture.caches().len(), 8);
}

#[test]
fn an_unwritable_cache_directory_is_a_note_not_a_failure() {
    let fixture = Fixture::new("unwritable");
    // A file where the directory should be.
    std::fs::write(&fixture.cache, b"in the way").unwrap();
    let out = fixture.run(&["search", "kuri"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Kuri"));
    assert!(
        text(&out.stderr).contains("could not write the dataset cache"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_small_file_is_never_cached_and_errors_still_point_at_the_file() {
    let fixture = Fixture::new("small");
    let small = fixture.dir.join("small.json");
    let embedded = nisso(&["export"]);
    std::fs::write(&small, &embedded.stdout).unwrap();
    let out = fixture
        .dir
        .nisso(&["--data"])
        .arg(&small)
        .args(["search", "sorge"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(fixture.caches().is_empty());
    // A broken large file is reported with its position, and nothing is cached.
    let mut broken = std::fs::read(&fixture.data).unwrap();
    // A colon between a key and its value, past the middle (a byte inside a text would
    // leave valid JSON).
    let key = b"\"date\":";
    let at = broken.len() / 2
        + broken[broken.len() / 2..]
            .windows(key.len())
            .position(|w| w == key)
            .unwrap()
        + key.len()
        - 1;
    broken[at] = b'{';
    std::fs::write(&fixture.data, &broken).unwrap();
    let out = fixture.run(&["search", "kuri"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("large.json:1:"), "{stderr}");
    assert!(fixture.caches().is_empty());
}

/// A settled file's content hash is remembered with its stamp (size, inode, times), so a
/// warm open does not read the whole file; an edit that keeps the size and puts the
/// modification time back is still seen (the change time moves).
#[test]
fn an_unchanged_file_is_not_hashed_again_and_an_edit_is_always_seen() {
    let fixture = Fixture::new("stamps");
    let stamps = fixture.cache.join("stamps");
    // A file changed less than two seconds ago gets no stamp (its time may not show a
    // second edit within the same tick).
    answers(&fixture, &[]);
    assert!(!stamps.exists(), "no stamp for a file just written");
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let expected = answers(&fixture, &[]);
    let remembered: Vec<_> = std::fs::read_dir(&stamps).unwrap().collect();
    assert_eq!(remembered.len(), 1, "one stamp for one file");
    assert_eq!(
        answers(&fixture, &[]),
        expected,
        "the stamp gives the same cache"
    );
    // Same length, the old modification time put back: another content all the same.
    let original = std::fs::read_to_string(&fixture.data).unwrap();
    let modified = std::fs::metadata(&fixture.data)
        .unwrap()
        .modified()
        .unwrap();
    let changed = original.replacen(
        "\"name\":\"Treaty of Ka Ūū\"",
        "\"name\":\"Treaty of Ka Zzzz\"",
        1,
    );
    assert_eq!(changed.len(), original.len());
    assert_ne!(changed, original);
    std::fs::write(&fixture.data, &changed).unwrap();
    std::fs::File::options()
        .append(true)
        .open(&fixture.data)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    let out = fixture.run(&["search", "treaty of ka zzzz"]);
    assert!(
        text(&out.stdout).contains("Treaty of Ka Zzzz"),
        "{}",
        text(&out.stdout)
    );
}
