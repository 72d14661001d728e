//! `nisso import` of a large file of each format stays within 3× the file's size in
//! memory: the peak resident set of the child, as the kernel counts it (`wait4`), less the
//! peak of the same import of a file of three rows (the binary and its start). Not timed,
//! so it cannot flake on a busy machine. `benches/import_memory.sh` gives the figures at
//! 100 MB and more.

#![cfg(target_os = "linux")]

mod common;

use common::Sandbox;
use std::fs::File;
use std::path::Path;
use std::process::Stdio;

/// The file's size in bytes each test imports: large enough that the dataset outweighs the
/// binary, small enough for a debug build to import in a few seconds.
const SIZE: usize = 16 << 20;

/// The peak resident set of `nisso import FORMAT FILE` in bytes, with its output thrown
/// away; panics unless it succeeds.
fn peak(sandbox: &Sandbox, format: &str, file: &Path) -> u64 {
    let out = File::create(sandbox.path().join("out.json")).unwrap();
    let err = File::create(sandbox.path().join("err.txt")).unwrap();
    let child = sandbox
        .nisso(&["import", format, file.to_str().unwrap()])
        .stdout(Stdio::from(out))
        .stderr(Stdio::from(err))
        .spawn()
        .expect("run nisso");
    let pid = libc::pid_t::try_from(child.id()).unwrap();
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value, filled in by wait4.
    #[allow(unsafe_code)]
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: wait4 on our own child, with pointers to live locals. This reaps the child,
    // so `child` is not waited on again.
    #[allow(unsafe_code)]
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(reaped, pid, "wait4 failed");
    drop(child);
    let stderr = std::fs::read_to_string(sandbox.path().join("err.txt")).unwrap_or_default();
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "import {format} {} failed ({status}): {stderr}",
        file.display()
    );
    // Linux counts ru_maxrss in KiB.
    u64::try_from(usage.ru_maxrss).unwrap() * 1024
}

/// A file of about `size` bytes in a format, written through `write`.
type Generator = fn(&mut dyn std::io::Write, usize) -> std::io::Result<()>;

/// Import a file of `SIZE` and one of three rows, both written by `generate`, and check
/// the big one's peak over the small one's. The files are written a row at a time: the
/// child's peak counts this process's memory at the moment it starts (the kernel records
/// the memory it leaves at exec), which must stay small.
fn within_three_times(tag: &str, format: &str, generate: Generator) {
    let sandbox = Sandbox::new(tag);
    let write = |name: &str, size: usize| {
        let path = sandbox.path().join(name);
        let mut out = std::io::BufWriter::new(File::create(&path).unwrap());
        generate(&mut out, size).unwrap();
        std::io::Write::flush(&mut out).unwrap();
        path
    };
    let big_file = write("big", SIZE);
    let small_file = write("small", 0);
    let base = peak(&sandbox, format, &small_file);
    let whole = peak(&sandbox, format, &big_file);
    let size = std::fs::metadata(&big_file).unwrap().len();
    let mib = |bytes: u64| bytes as f64 / f64::from(1 << 20);
    eprintln!(
        "import {format}: {:.1} MiB file, peak {:.1} MiB, {:.1} MiB over a three-row file's {:.1} MiB ({:.2}×)",
        mib(size),
        mib(whole),
        mib(whole.saturating_sub(base)),
        mib(base),
        whole.saturating_sub(base) as f64 / size as f64
    );
    assert!(
        whole.saturating_sub(base) <= 3 * size,
        "import {format} of {:.1} MiB peaked at {:.1} MiB, {:.1} MiB over the {:.1} MiB of a \
         three-row file: more than 3× the file's size",
        mib(size),
        mib(whole),
        mib(whole.saturating_sub(base)),
        mib(base),
    );
}

/// A writer that counts what it wrote.
struct Counted<'a> {
    out: &'a mut dyn std::io::Write,
    written: usize,
}

impl Counted<'_> {
    fn put(&mut self, text: &str) -> std::io::Result<()> {
        self.written += text.len();
        self.out.write_all(text.as_bytes())
    }
}

/// A slide's text of about 400 characters, different for each `i`.
fn slide_text(i: usize) -> String {
    const WORDS: [&str; 8] = [
        "treaty",
        "envoys",
        "fisheries",
        "border",
        "talks",
        "islands",
        "trade",
        "railway",
    ];
    let mut text = String::new();
    for w in 0..60 {
        if w > 0 {
            text.push(' ');
        }
        text.push_str(WORDS[(i * 7 + w * 3 + w / 5) % WORDS.len()]);
        if w % 12 == 11 {
            text.push('.');
        }
    }
    text
}

/// `head`, then rows (`row(i)`, `between` each two) until about `size` bytes and at
/// least three, then `tail`.
fn rows(
    out: &mut dyn std::io::Write,
    size: usize,
    (head, between, tail): (&str, &str, &str),
    row: impl Fn(usize) -> String,
) -> std::io::Result<()> {
    let mut out = Counted { out, written: 0 };
    out.put(head)?;
    let mut i = 0;
    while out.written < size || i < 3 {
        if i > 0 {
            out.put(between)?;
        }
        out.put(&row(i))?;
        i += 1;
    }
    out.put(tail)
}

/// A TimelineJS file of about `size` bytes: eras and slides as nisso exports them.
fn timelinejs(out: &mut dyn std::io::Write, size: usize) -> std::io::Result<()> {
    let head = "{\"title\": {\"text\": {\"headline\": \"Relations\", \"text\": \"<p>All of them.</p>\"}},\n \"eras\": [{\"start_date\": {\"year\": 1850}, \"end_date\": {\"year\": 1999}, \"text\": {\"headline\": \"All years\"}}],\n \"events\": [\n";
    rows(out, size, (head, ",\n", "\n]}\n"), |i| {
        format!(
            "  {{\"start_date\": {{\"year\": {}, \"month\": {}}}, \"text\": {{\"headline\": \"Visit number {i}\", \"text\": \"<p>{}</p>\"}}, \"group\": \"Diplomacy\", \"unique_id\": \"visit-{i}\"}}",
            1850 + i % 150,
            1 + i % 12,
            slide_text(i)
        )
    })
}

/// A spreadsheet of about `size` bytes in TimelineJS's columns.
fn csv(out: &mut dyn std::io::Write, size: usize) -> std::io::Result<()> {
    let head = "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,Media Credit,Media Caption,Media Thumbnail,Type,Group,Background,Unique ID\n";
    rows(out, size, (head, "", ""), |i| {
        format!(
            "{},{},,,,,,,,\"Visit number {i}\",\"<p>{}</p>\",,,,,,Diplomacy,,visit-{i}\n",
            1850 + i % 150,
            1 + i % 12,
            slide_text(i)
        )
    })
}

/// SPARQL results of about `size` bytes: an item a row, with a label, a description, a
/// kind and a dated start.
fn wikidata(out: &mut dyn std::io::Write, size: usize) -> std::io::Result<()> {
    let head = "{\"head\": {\"vars\": [\"item\", \"itemLabel\", \"itemDescription\", \"instanceLabel\", \"start\", \"startPrecision\"]},\n \"results\": {\"bindings\": [\n";
    rows(out, size, (head, ",\n", "\n]}}\n"), |i| {
        format!(
            "  {{\"item\": {{\"type\": \"uri\", \"value\": \"http://www.wikidata.org/entity/Q{}\"}}, \"itemLabel\": {{\"type\": \"literal\", \"value\": \"Visit number {i}\", \"xml:lang\": \"en\"}}, \"itemDescription\": {{\"type\": \"literal\", \"value\": \"{}\", \"xml:lang\": \"en\"}}, \"instanceLabel\": {{\"type\": \"literal\", \"value\": \"event\"}}, \"start\": {{\"type\": \"literal\", \"value\": \"{}-05-01T00:00:00Z\", \"datatype\": \"http://www.w3.org/2001/XMLSchema#dateTime\"}}, \"startPrecision\": {{\"type\": \"literal\", \"value\": \"11\"}}}}",
            i + 1,
            &slide_text(i)[..120],
            1850 + i % 150
        )
    })
}

#[test]
fn timelinejs_import_within_three_times_its_size() {
    within_three_times("tl", "timelinejs", timelinejs);
}

#[test]
fn csv_import_within_three_times_its_size() {
    within_three_times("csv", "csv", csv);
}

#[test]
fn wikidata_import_within_three_times_its_size() {
    within_three_times("wd", "wikidata", wikidata);
}

/// Import `text` as a file read a piece at a time and as one text: the same result, or
/// the same error (as `fails` says).
fn same_both_ways(tag: &str, format: nisso::interchange::ImportFormat, text: &str, fails: bool) {
    let sandbox = Sandbox::new(tag);
    let path = sandbox.path().join("file");
    std::fs::write(&path, text).unwrap();
    let name = path.display().to_string();
    let whole = nisso::interchange::import(format, &name, text);
    let pieces = nisso::files::open_text(&path, u64::MAX).unwrap();
    let read = nisso::interchange::import_file(format, &name, pieces);
    match (whole, read) {
        (Ok(whole), Ok(read)) if !fails => {
            assert_eq!(
                (&whole.notes, &whole.summary, whole.skipped),
                (&read.notes, &read.summary, read.skipped),
                "{tag}: the imports say different things"
            );
            let (whole, read) = (whole.into_dataset().unwrap(), read.into_dataset().unwrap());
            assert!(whole == read, "{tag}: the imports differ");
            assert!(whole.entities.len() > 1000, "{tag}: too few entities");
        }
        (Err(whole), Err(nisso::interchange::ReadOrImport::Import(read))) if fails => {
            assert_eq!(whole, read)
        }
        (Ok(_), Ok(_)) => panic!("{tag}: both imported, but should fail"),
        (Ok(_), Err(read)) => panic!("{tag}: read in pieces, it failed: {read:?}"),
        (Err(whole), Ok(_)) => panic!("{tag}: whole, it failed: {whole:?}"),
        (Err(whole), Err(read)) => panic!("{tag}: failed, {whole:?} but {read:?}"),
    }
}

/// Rows with what a piece's end can cut: characters of two to four bytes, "\r\n" line
/// breaks, quoted cells across lines, and rows longer than a piece.
fn awkward_csv(rows: usize) -> String {
    let mut out = String::from("\u{feff}Year,Headline,Text,Unique ID\r\n");
    for i in 0..rows {
        let long = if i % 6007 == 5 {
            "ソ連と日本 ".repeat(70_000)
        } else {
            String::new()
        };
        out.push_str(&format!(
            "{},\"Kōno, visit {i} 🇯🇵\",\"<p>Line one\r\nline \"\"two\"\" — ソ連{long}</p>\",v-{i}\r\n",
            1900 + i % 90
        ));
    }
    out
}

#[test]
fn a_file_read_in_pieces_imports_as_its_whole_text() {
    use nisso::interchange::ImportFormat;
    let csv = awkward_csv(20_000);
    same_both_ways("same-csv", ImportFormat::Csv, &csv, false);
    // A quote that never closes, after several pieces: the same located error.
    same_both_ways(
        "same-unclosed",
        ImportFormat::Csv,
        &format!("{csv}1999,\"never closed\r\n"),
        true,
    );
    let mut slides = Vec::new();
    timelinejs(&mut slides, 3 << 20).unwrap();
    let slides = String::from_utf8(slides)
        .unwrap()
        .replace("Visit", "Kōno ソ連 🇯🇵");
    same_both_ways("same-tl", ImportFormat::TimelineJs, &slides, false);
    // A syntax error far into the file: the same line and column.
    same_both_ways(
        "same-tl-broken",
        ImportFormat::TimelineJs,
        &slides.replacen("number 4000\"", "number 4000\" \"", 1),
        true,
    );
    let mut results = Vec::new();
    wikidata(&mut results, 3 << 20).unwrap();
    let results = String::from_utf8(results).unwrap();
    same_both_ways("same-wd", ImportFormat::Wikidata, &results, false);
    // Results whose head comes last: rows kept raw, then grouped.
    let (head, rest) = results.split_once("\n \"results\"").unwrap();
    let head_last = format!(
        "{{\"results\"{}, {}}}",
        rest.trim_end().strip_suffix('}').unwrap(),
        head.trim_start_matches('{')
            .trim_end()
            .trim_end_matches(',')
    );
    same_both_ways(
        "same-wd-head-last",
        ImportFormat::Wikidata,
        &head_last,
        false,
    );
}
