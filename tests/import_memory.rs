//! `nisso import` of a large file of each format stays within 3× the file's size in
//! memory: the peak resident set of the child, as the kernel counts it (`wait4`), less the
//! peak of the same import of a file of three rows (the binary and its start). Not timed,
//! so it cannot flake on a busy machine. `benches/import_memory.sh` gives the figures at
//! 100 MB and more. Nothing here imports in this process (tests/import_pieces.rs does):
//! a child starts with a copy of it, and its peak counts that copy.

#![cfg(target_os = "linux")]

mod common;
#[path = "common/rows.rs"]
mod rows;

use common::Sandbox;
use rows::{csv, csv_small_rows, timelinejs, timelinejs_small_rows, wikidata, wikidata_small_rows};
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
    within_three_times_at(tag, format, generate, SIZE);
}

/// `within_three_times` with a file of `size` bytes.
fn within_three_times_at(tag: &str, format: &str, generate: Generator, size: usize) {
    let sandbox = Sandbox::new(tag);
    let write = |name: &str, size: usize| {
        let path = sandbox.path().join(name);
        let mut out = std::io::BufWriter::new(File::create(&path).unwrap());
        generate(&mut out, size).unwrap();
        std::io::Write::flush(&mut out).unwrap();
        path
    };
    let big_file = write("big", size);
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

/// The size of the files of the smallest rows: a quarter of `SIZE` is still a hundred
/// thousand entities and more, which a debug build imports in seconds.
const SMALL_ROWS_SIZE: usize = SIZE / 4;

#[test]
fn csv_of_small_rows_imports_within_three_times_its_size() {
    within_three_times_at("csv-small", "csv", csv_small_rows, SMALL_ROWS_SIZE);
}

#[test]
fn timelinejs_of_small_rows_imports_within_three_times_its_size() {
    within_three_times_at(
        "tl-small",
        "timelinejs",
        timelinejs_small_rows,
        SMALL_ROWS_SIZE,
    );
}

#[test]
fn wikidata_of_small_rows_imports_within_three_times_its_size() {
    within_three_times_at("wd-small", "wikidata", wikidata_small_rows, SMALL_ROWS_SIZE);
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
