//! An attacker's datasets and arguments against the real binary: text with terminal
//! escapes, controls, bidi overrides and newlines in every text field, hostile arguments in
//! error messages, closed pipes and full disks. Nothing may reach the terminal raw, no line
//! may be faked, JSON stays one valid object per line, and no write failure panics. The
//! datasets are made here, from the embedded one, not committed.
//!
//! Commands run in this process through `nisso::cli::run_in_process`, the path the binary
//! takes after parsing; a few run the real binary, for what only a process shows (its exit
//! status through `main`, closed pipes and full disks) and to check both say the same.

mod common;

use common::{nisso, nisso_in_process, nisso_in_process_on};
use serde_json::Value;
use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// Every kind of hostile text at once: a window-title OSC, BEL, a clear-screen CSI, CR and
/// BS that overwrite, a newline faking a "Date:" line, DEL, C1 CSI, a bidi override, NUL.
const HOSTILE: &str =
    "\u{1b}]0;pwned\u{7}\u{1b}[2J\r\u{8}\nDate: forged\u{7f}\u{9b}31m\u{202e}gnirts\u{0}";

/// Keys whose string values are free text (ids, kinds, dates and references are not).
const TEXT_KEYS: [&str; 16] = [
    "translated_title",
    "container",
    "language",
    "retrieved",
    "name",
    "summary",
    "description",
    "label",
    "note",
    "unit",
    "series",
    "title",
    "source",
    "text",
    "lang",
    "no_verdict",
];

/// Append the hostile text to every free-text string; returns how many were changed.
fn poison(value: &mut Value, key: Option<&str>) -> usize {
    match value {
        Value::String(text) => {
            let free_text = key.is_none_or(|k| TEXT_KEYS.contains(&k));
            if free_text {
                text.push_str(HOSTILE);
                1
            } else {
                0
            }
        }
        Value::Array(items) => {
            // Plain strings in a list (aliases, external facts, sections) are text; in
            // other lists (refs) they are not strings at all.
            let item_key = match key {
                Some("aliases")
                | Some("authors")
                | Some("external_facts")
                | Some("sections")
                | Some("context_sections") => None,
                _ => Some("-"),
            };
            items.iter_mut().map(|item| poison(item, item_key)).sum()
        }
        Value::Object(fields) => fields
            .iter_mut()
            .map(|(k, v)| {
                // Sections name the article's sections: poisoned alike on both sides
                // (meta.sections and sources[].section), so they still match.
                let key = if k == "section" {
                    None
                } else {
                    Some(k.as_str())
                };
                poison(v, key)
            })
            .sum(),
        _ => 0,
    }
}

fn hostile_dataset() -> (PathBuf, usize) {
    let export = nisso_in_process(&["export"]);
    assert!(export.status.success());
    let mut data: Value = serde_json::from_slice(&export.stdout).unwrap();
    let poisoned = poison(&mut data, Some("-"));
    let dir = std::env::temp_dir().join(format!("nisso-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("hostile.json");
    std::fs::write(&path, serde_json::to_string(&data).unwrap()).unwrap();
    (path, poisoned)
}

/// Raw control, C1 or bidi characters, or a forged line, in what was printed.
fn problems_in(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut found = Vec::new();
    for c in text.chars() {
        let hostile = (c.is_control() && c != '\n')
            || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
        if hostile {
            found.push(format!("raw U+{:04X}", c as u32));
        }
    }
    for line in text.lines() {
        if line.starts_with("Date: forged") {
            found.push(format!("forged line {line:?}"));
        }
    }
    found.dedup();
    found
}

#[test]
fn nothing_reaches_the_terminal_raw_from_any_field_or_command() {
    let (path, poisoned) = hostile_dataset();
    let data = path.to_str().unwrap();
    let commands: Vec<Vec<&str>> = vec![
        vec!["check"],
        vec!["export"],
        vec!["eras"],
        vec!["eras", "--json"],
        vec!["timeline"],
        vec!["timeline", "--json"],
        vec!["timeline", "--era", "4"],
        vec!["timeline", "--axis"],
        vec!["timeline", "--axis", "--by", "side", "--width", "400"],
        vec![
            "timeline", "--axis", "--from", "1939", "--to", "1945", "--width", "1000",
        ],
        vec!["search", "pwned"],
        vec!["search", "pwned", "--json"],
        vec!["search", "neutrality"],
        vec!["search", "", "--limit", "400"],
        vec!["show", "imperial-background"],
        vec!["show", "imperial-background", "--json"],
    ];
    // Every entity, shown as text, as JSON and as pretty JSON.
    let ids: Vec<String> = serde_json::from_slice::<Value>(&nisso_in_process(&["export"]).stdout)
        .unwrap()["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    let mut shows: Vec<Vec<&str>> = Vec::new();
    for id in &ids {
        shows.push(vec!["show", id]);
        shows.push(vec!["show", id, "--json"]);
        shows.push(vec!["show", id, "--pretty"]);
        shows.push(vec!["cite", id]);
        shows.push(vec!["cite", id, "--format", "markdown"]);
    }
    // The commands load the file each; the shows, hundreds, share one load of it.
    let opened = nisso::load::open(
        &nisso::load::Source {
            path: Some(path.clone()),
            max_bytes: 512 * 1024 * 1024,
            cache: true,
        },
        &mut |_| {},
    )
    .unwrap();
    let runs = commands
        .iter()
        .map(|run| (run, false))
        .chain(shows.iter().map(|run| (run, true)));
    let mut failures = Vec::new();
    for (run, on_opened) in runs {
        let mut args = run.clone();
        args.extend(["--data", data]);
        let out = if on_opened {
            nisso_in_process_on(&opened, &args)
        } else {
            nisso_in_process(&args)
        };
        assert_ne!(out.status.code(), Some(101), "{run:?} panicked");
        for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            let found = problems_in(bytes);
            if !found.is_empty() {
                failures.push(format!("{run:?} {stream}: {found:?}"));
            }
        }
        if run.contains(&"--json") {
            for line in String::from_utf8_lossy(&out.stdout).lines() {
                let value: Result<Value, _> = serde_json::from_str(line);
                assert!(
                    value.is_ok(),
                    "{run:?}: not one JSON object per line: {line}"
                );
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The binary says byte for byte what the library said, on both streams.
    for run in [
        vec!["check"],
        vec!["search", "pwned"],
        vec!["show", ids[0].as_str()],
        vec!["show", ids[0].as_str(), "--pretty"],
    ] {
        let mut args = run.clone();
        args.extend(["--data", data]);
        let (binary, library) = (nisso(&args), nisso_in_process(&args));
        assert_eq!(binary.status.code(), library.status.code(), "{run:?}");
        assert_eq!(binary.stdout, library.stdout, "{run:?}");
        assert_eq!(binary.stderr, library.stderr, "{run:?}");
    }
    // The poison is visible, escaped: the reader sees something is there.
    let shown = nisso(&["show", &ids[0], "--data", data]);
    assert!(String::from_utf8_lossy(&shown.stdout).contains("\\u{1b}]0;pwned"));
    // JSON keeps the text: escaped, it decodes to exactly what the dataset holds.
    let line = nisso(&["show", &ids[0], "--json", "--data", data]);
    let value: Value = serde_json::from_slice(&line.stdout).unwrap();
    assert!(value["name"].as_str().unwrap().ends_with(HOSTILE));
    // check warns once per poisoned field: its list of text fields covers the schema. It
    // lists the first 20 and counts the rest.
    let check = nisso(&["check", "--data", data]);
    let text = String::from_utf8_lossy(&check.stdout);
    let listed = text
        .lines()
        .filter(|l| l.contains(": control character"))
        .count();
    let more: usize = text
        .lines()
        .filter_map(|l| l.strip_prefix("warning: text: and "))
        .filter_map(|l| l.strip_suffix(" more like these (control characters)"))
        .map(|n| n.parse::<usize>().unwrap())
        .sum();
    assert_eq!(listed, 20.min(poisoned));
    assert_eq!(
        listed + more,
        poisoned,
        "every text field is checked, and only text fields"
    );
    assert!(
        check.status.success(),
        "control characters are warnings, not errors"
    );
}

#[test]
fn hostile_arguments_are_escaped_in_messages() {
    for args in [
        vec!["timeline", "--era", "\u{1b}]0;pwned\u{7}"],
        vec!["show", "\u{1b}[2J\nDate: forged"],
        vec!["search", "\u{1b}]52;c;cHduZWQ=\u{7} zzzz"],
        vec!["search", "kind:\u{1b}[31m"],
        vec!["search", "x", "--kind", "\u{1b}]0;pwned\u{7}"],
    ] {
        let out = nisso_in_process(&args);
        for bytes in [&out.stdout, &out.stderr] {
            let found = problems_in(bytes);
            assert!(found.is_empty(), "{args:?}: {found:?}");
        }
    }
}

#[test]
fn a_closed_pipe_ends_quietly_with_status_zero() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nisso"))
        .arg("export")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0u8; 10];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut head)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_full_disk_is_reported_with_its_own_status_and_stderr_never_panics() {
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full");
    let Ok(full) = full else {
        return; // Not Linux: no /dev/full to test with.
    };
    let out = Command::new(env!("CARGO_BIN_EXE_nisso"))
        .arg("export")
        .stdout(full.try_clone().unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write output"));
    // Errors with stderr itself full: the status still tells, and nothing panics.
    let out = Command::new(env!("CARGO_BIN_EXE_nisso"))
        .args(["show", "no-such-id"])
        .stderr(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn only_regular_files_of_bounded_size_are_read() {
    let dir = std::env::temp_dir().join(format!("nisso-reads-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let dir_text = dir.to_str().unwrap();
    let refused = |args: &[&str], reason: &str| {
        let start = std::time::Instant::now();
        let out = nisso_in_process(args);
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(reason), "{args:?}: {err}");
        assert!(
            start.elapsed() < std::time::Duration::from_secs(5),
            "{args:?} took long"
        );
    };
    refused(&["check", "--data", dir_text], "it is a directory");
    refused(
        &["search", "x", "--data", "/dev/zero"],
        "not a regular file",
    );
    refused(
        &["show", "x", "--data", "/dev/urandom"],
        "not a regular file",
    );
    // A FIFO with no writer: opened without blocking, then refused.
    let fifo = dir.join("fifo");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        refused(
            &["check", "--data", fifo.to_str().unwrap()],
            "not a regular file",
        );
    }
    // Over the size limit, which a flag raises.
    let big = dir.join("big.json");
    let export = nisso_in_process(&["export"]).stdout;
    let mut text = export.clone();
    text.extend(std::iter::repeat_n(b' ', 2 * 1024 * 1024));
    std::fs::write(&big, &text).unwrap();
    let big_text = big.to_str().unwrap();
    refused(
        &["check", "--max-size", "1", "--data", big_text],
        "larger than the limit of 1 MiB",
    );
    let allowed = nisso_in_process(&["check", "--max-size", "4", "--data", big_text]);
    assert!(
        allowed.status.success(),
        "{}",
        String::from_utf8_lossy(&allowed.stderr)
    );
}

#[test]
fn hidden_commands_check_their_arguments_too() {
    for args in [
        vec!["generate", "18446744073709551615"],
        vec!["generate", "-5"],
        vec!["generate", "10000001"],
        vec!["check", "--max-size", "0"],
    ] {
        let out = nisso_in_process(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty());
    }
    let small = nisso_in_process(&["generate", "3"]);
    assert!(small.status.success());
    let value: Value = serde_json::from_slice(&small.stdout).unwrap();
    assert_eq!(value["entities"].as_array().unwrap().len(), 3);
}
