//! The steps of a first open timed one after the other (parse, lookups, check, index), each
//! alone on the machine: `cargo run --release --example split_times -- FILE`. The open runs
//! check and index side by side; this tells which of the two decides.

use std::time::Instant;
fn main() {
    nisso::load::keep_freed_memory();
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    #[derive(serde::Deserialize)]
    struct Outline<'a> {
        #[serde(borrow)]
        entities: Vec<&'a serde_json::value::RawValue>,
    }
    let t = Instant::now();
    let outline: Outline = serde_json::from_str(&text).unwrap();
    eprintln!(
        "outline alone {:?} ({} entities)",
        t.elapsed(),
        outline.entities.len()
    );
    drop(outline);
    let t = Instant::now();
    let parsed = nisso::dataset::parse_with_spans("x", &text).unwrap();
    eprintln!("parse {:?}", t.elapsed());
    drop(text);
    let t = Instant::now();
    let nisso::dataset::Parsed { dataset, spans } = parsed;
    let catalog = nisso::dataset::Catalog::new(dataset);
    eprintln!("catalog {:?}", t.elapsed());
    let t = Instant::now();
    let problems = nisso::check::check_parts(catalog.borrowed().unwrap());
    eprintln!("check {:?} ({} problems)", t.elapsed(), problems.len());
    let t = Instant::now();
    let index = nisso::search::SearchIndex::new(&catalog);
    eprintln!("index {:?} ({})", t.elapsed(), index.len());
    let dir = std::env::temp_dir().join("nisso-split-times");
    let path = dir.join("split.cache");
    let t = Instant::now();
    let pending = nisso::cache::begin_write(&path, &catalog, Some(&spans)).unwrap();
    eprintln!("cache, catalog part {:?}", t.elapsed());
    let t = Instant::now();
    let source = nisso::cache::SourceHash::of(b"split");
    pending.finish(&index, &source).unwrap();
    eprintln!("cache, index part {:?}", t.elapsed());
    let _ = std::fs::remove_dir_all(&dir);
    std::mem::forget(catalog);
}
