//! Keystroke latency in the explorer's search prompt, as a distribution: every letter of
//! a set of typed queries (and a Backspace after each) goes through `App::update`, on the
//! embedded dataset and on 100,000 generated entities. Prints median, p90, p99 and max.
//! Run with `cargo bench --bench keystroke_latency`. criterion reports means and medians
//! of one operation; a keystroke's cost depends on the query typed so far, so this bench
//! keeps every sample to give the tail as well.

use nisso::dataset::{Catalog, load_embedded, parse_str};
use nisso::ui::action::Edit;
use nisso::ui::app::{Action, App};
use std::time::{Duration, Instant};

const QUERIES: [&str; 18] = [
    "kuril islands",
    "gorbatchev",
    "neutrality pakt",
    "kanagawa 1854",
    "molotow",
    "sachalin",
    "improving relations",
    "jeltsin",
    "basic convention 1925",
    "kind:treaty soviet",
    "'sorge !arrest",
    "treaty 1941..1945",
    "8 September 1951",
    "Sept 1951 - April 1952",
    "how did the russo-japanese war end",
    "ceasefire frontier",
    "kurilislands",
    "world war 2",
];

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[at.min(sorted.len() - 1)]
}

fn measure(name: &str, catalog: Catalog, rounds: usize) {
    let mut app = App::new(catalog, 160, 50);
    let mut samples = Vec::new();
    for _ in 0..rounds {
        for query in QUERIES {
            app.update(Action::OpenSearch);
            for c in query.chars() {
                let start = Instant::now();
                app.update(Action::Edit(Edit::Insert(c)));
                samples.push(start.elapsed());
            }
            let start = Instant::now();
            app.update(Action::Edit(Edit::DeleteBack));
            samples.push(start.elapsed());
            app.update(Action::Cancel);
        }
    }
    samples.sort();
    println!(
        "keystroke latency {name:>8}: n={:<5} median {:>9.3?}  p90 {:>9.3?}  p99 {:>9.3?}  max {:>9.3?}",
        samples.len(),
        percentile(&samples, 0.5),
        percentile(&samples, 0.9),
        percentile(&samples, 0.99),
        samples[samples.len() - 1],
    );
}

fn main() {
    // `cargo test --benches` runs bench targets with --bench absent; keep that quick.
    let quick = !std::env::args().any(|a| a == "--bench");
    measure(
        "embedded",
        Catalog::new(load_embedded().expect("embedded dataset")),
        if quick { 1 } else { 20 },
    );
    if quick {
        return;
    }
    let json = serde_json::to_string(&nisso::synthetic::generate(100_000, 7)).expect("json");
    measure(
        "100k",
        Catalog::new(parse_str("synthetic", &json).expect("synthetic dataset")),
        3,
    );
}
