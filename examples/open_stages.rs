//! How long each step of opening a dataset file takes, and the memory in use after it:
//! `cargo run --release --example open_stages -- FILE [MAX_MIB]`. Run it twice to see the
//! first open (parse, check, index, write the cache) and the warm one (set
//! NISSO_CACHE_DIR to keep the cache apart).

use nisso::load::{self, Source, Stage};
use std::time::Instant;

fn resident_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|line| line.starts_with(name))
            .and_then(|line| line.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .unwrap_or(0.0)
            / 1024.0
    };
    field("VmRSS:")
}

fn main() {
    nisso::load::keep_freed_memory();
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: open_stages FILE [MAX_MIB]");
    let max_mib: u64 = args.next().and_then(|m| m.parse().ok()).unwrap_or(2048);
    let mut source = Source::file(path);
    source.max_bytes = max_mib << 20;
    let start = Instant::now();
    let mut last = (String::from("start"), start);
    let mut report = |label: String| {
        let now = Instant::now();
        if label != last.0 {
            eprintln!(
                "{:<40} {:>8.0} ms  (RSS {:.0} MiB)",
                last.0,
                (now - last.1).as_secs_f64() * 1000.0,
                resident_mib()
            );
            last = (label, now);
        }
    };
    let opened = load::open(&source, &mut |stage: Stage| {
        let label = match stage {
            Stage::Hashing(..) => "hashing".to_string(),
            Stage::Reading(..) => "reading".to_string(),
            other => other.label(),
        };
        report(label)
    })
    .unwrap_or_else(|err| panic!("{err:?}"));
    report("done".to_string());
    eprintln!(
        "total {:.0} ms, {} entities, cache {:?}",
        start.elapsed().as_secs_f64() * 1000.0,
        opened.catalog.entity_count(),
        opened.cache
    );
}
