//! An import of a file read a piece at a time gives exactly what the import of its whole
//! text gives, whatever a piece's end cuts. Apart from tests/import_memory.rs: this runs
//! the import in the test's own process, and the memory tests count what that process
//! holds when they start a child.

mod common;
#[path = "common/rows.rs"]
mod rows;

use common::Sandbox;
use rows::{timelinejs, wikidata};

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
