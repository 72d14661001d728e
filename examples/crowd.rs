//! Rewrite a dataset so that its entities share places (see tests/common/crowd.rs):
//! `nisso generate 100000 --seed 7 > 100k.json`, then
//! `cargo run --release --example crowd -- 100k.json > crowded.json`. After the file:
//! `--spread DEGREES` scatters the points around each capital, `--events` places the
//! events there too.

#[path = "../tests/common/crowd.rs"]
mod crowd;

use std::io::Write;

fn main() {
    let usage = "usage: crowd DATASET.json [--spread DEGREES] [--events] > CROWDED.json";
    let mut args = std::env::args().skip(1);
    let path = args.next().expect(usage);
    let mut how = crowd::Crowding::default();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--spread" => how.spread = args.next().and_then(|d| d.parse().ok()).expect(usage),
            "--events" => how.events = true,
            _ => panic!("{usage}"),
        }
    }
    let mut data = nisso::dataset::load_file(std::path::Path::new(&path), u64::MAX)
        .unwrap_or_else(|error| panic!("{error}"));
    let named = crowd::crowd(&mut data, how);
    eprintln!("{named} places share a capital's name");
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    serde_json::to_writer(&mut out, &data).expect("write the dataset");
    out.flush().expect("write the dataset");
}
