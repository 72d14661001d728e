//! Plain mode (`nisso::plain::run`) driven through its whole loop with scripted input over
//! the embedded dataset: the transcript is plain text, wrapped, and every answer says what
//! it is.

mod common;

use nisso::dataset::{Catalog, load_embedded};
use nisso::plain::{self, DEFAULT_WIDTH, PROMPT};
use nisso::search::SearchIndex;
use unicode_width::UnicodeWidthStr;

fn catalog() -> Catalog {
    Catalog::new(load_embedded().expect("embedded dataset"))
}

/// The transcript of a session fed `input`, at `width`.
fn session_bytes(input: &[u8], width: usize) -> String {
    let catalog = catalog();
    let index = SearchIndex::new(&catalog);
    let mut reader = std::io::BufReader::new(input);
    let mut out = Vec::new();
    plain::run_with_width(&catalog, &index, &mut reader, &mut out, width).expect("run");
    String::from_utf8(out).expect("UTF-8 output")
}

fn session(input: &str) -> String {
    let catalog = catalog();
    let index = SearchIndex::new(&catalog);
    let mut reader = input.as_bytes();
    let mut out = Vec::new();
    plain::run(&catalog, &index, &mut reader, &mut out).expect("run");
    String::from_utf8(out).expect("UTF-8 output")
}

/// The responses, one per command: the text between prompts (the first is the welcome).
fn responses(transcript: &str) -> Vec<&str> {
    transcript.split(PROMPT).collect()
}

fn heading(response: &str) -> &str {
    response.lines().next().unwrap_or("")
}

/// No escape byte, no control character but newlines, no line wider than `width` unless
/// it is one unbreakable word.
fn assert_plain(transcript: &str, width: usize) {
    assert!(!transcript.contains('\u{1b}'), "an ESC byte");
    assert!(
        transcript.chars().all(|c| c == '\n' || !c.is_control()),
        "a control character"
    );
    for line in transcript.lines() {
        // A response follows the prompt on its line when the input is not echoed.
        let line = line.trim_start_matches(PROMPT);
        if line.width() > width {
            assert!(
                !line.trim_start().contains(' '),
                "line wider than {width} with a break: {line:?}"
            );
        }
    }
}

#[test]
fn a_whole_session_reads_top_to_bottom() {
    let script = "search sorge\nopen 1\n1\nback\nnext\nprevious\nera 4\nopen 2\nback\nforward\nwhere\nquit\n";
    let transcript = session(script);
    assert_plain(&transcript, DEFAULT_WIDTH);
    let answers = responses(&transcript);
    // The welcome, twelve answers, and no prompt after quit.
    assert_eq!(answers.len(), 13, "{transcript}");
    assert!(transcript.ends_with("Quit: goodbye.\n"));
    let welcome = answers[0];
    assert!(heading(welcome).starts_with("nisso plain mode: "));
    assert!(
        welcome.contains("9 eras, ") && welcome.contains("type help for commands")
            || welcome.contains("Type help for commands")
    );

    let search = answers[1];
    assert_eq!(
        heading(search)
            .split(" results")
            .next()
            .map(|s| s.starts_with("Search: ")),
        Some(true),
        "{search}"
    );
    assert!(heading(search).ends_with("for \"sorge\""));
    assert!(search.contains("\n1. Richard Sorge, person"), "{search}");

    let opened = answers[2];
    assert!(heading(opened).starts_with("Opened: person"), "{opened}");
    assert!(opened.contains("Richard Sorge  richard-sorge"));
    assert!(opened.contains("\nLinks: "));
    assert!(opened.contains("\n1. "));

    let followed = answers[3];
    assert!(heading(followed).starts_with("Opened: "), "{followed}");
    assert_ne!(
        followed.lines().nth(1),
        Some("Richard Sorge  richard-sorge")
    );

    let back = answers[4];
    assert!(heading(back).starts_with("Back: person"), "{back}");
    assert!(back.contains("Richard Sorge  richard-sorge"));

    let next = answers[5];
    assert!(heading(next).starts_with("Next: "), "{next}");
    assert!(heading(next).contains(" in era "), "{next}");
    let previous = answers[6];
    assert!(heading(previous).starts_with("Previous: "), "{previous}");

    let era = answers[7];
    assert!(heading(era).starts_with("Era 4 of 9, "), "{era}");
    assert!(era.contains("\n1. ") && era.contains("\n2. "));
    let catalog = catalog();
    let count = catalog.era_rows(nisso::dataset::EraIx(3)).len();
    assert!(heading(era).ends_with(&format!("{count} entries")));

    let second = answers[8];
    assert!(
        heading(second).contains(&format!("entry 2 of {count} in era 4")),
        "{second}"
    );
    assert!(
        heading(answers[9]).starts_with("Back: era 4 of 9"),
        "{}",
        answers[9]
    );
    assert!(
        heading(answers[10]).starts_with("Forward: ")
            && heading(answers[10]).contains(&format!("entry 2 of {count} in era 4")),
        "{}",
        answers[10]
    );
    let where_ = answers[11];
    assert!(
        heading(where_).starts_with("Where: ")
            && heading(where_).ends_with(&format!("entry 2 of {count} in era 4")),
        "{where_}"
    );
    assert!(where_.contains("Era 4: "));
}

#[test]
fn help_and_eras_answer_with_a_heading() {
    let transcript = session("help\n?\neras\n");
    assert_plain(&transcript, DEFAULT_WIDTH);
    let answers = responses(&transcript);
    assert!(heading(answers[1]).starts_with("Help: "));
    assert!(heading(answers[2]).starts_with("Help: "));
    assert_eq!(heading(answers[3]), "Eras: 9");
    assert!(answers[3].contains("\n9. "));
}

#[test]
fn end_of_input_without_quit_ends_the_loop() {
    let transcript = session("eras\nera 1");
    assert!(transcript.ends_with(&format!("{PROMPT}\n")), "{transcript}");
    assert_eq!(responses(&transcript).len(), 4);
    let empty = session("");
    assert!(empty.starts_with("nisso plain mode: ") && empty.ends_with(&format!("{PROMPT}\n")));
}

#[test]
fn an_empty_line_prints_only_the_prompt_again() {
    let transcript = session("\n\n  \nq\n");
    let answers = responses(&transcript);
    assert_eq!(answers[1], "");
    assert_eq!(answers[2], "");
    assert_eq!(answers[3], "");
}

#[test]
fn numbers_out_of_range_and_unknown_commands_say_so() {
    let transcript = session(
        "7\neras\n0\n10\nopen 123456789012345678901234567890\nsearch sorge\n999\nfrobnicate\nserch sorge\nq\n",
    );
    assert_plain(&transcript, DEFAULT_WIDTH);
    let answers = responses(&transcript);
    assert_eq!(heading(answers[1]), "Open: nothing to open yet");
    assert_eq!(heading(answers[3]), "Open: there is no era 0");
    assert!(answers[3].contains("Choose a number from 1 to 9."));
    assert_eq!(heading(answers[4]), "Open: there is no era 10");
    assert!(heading(answers[5]).starts_with("Open: there is no era 1234"));
    assert!(heading(answers[7]).starts_with("Open: there is no result 999"));
    assert!(answers[7].contains("Choose a number from 1 to "));
    assert_eq!(heading(answers[8]), "Unknown command: frobnicate");
    assert!(answers[8].contains("Type help"));
    assert_eq!(heading(answers[9]), "Unknown command: serch");
    assert!(answers[9].contains("Did you mean search?"));
}

#[test]
fn garbage_invalid_utf8_and_huge_lines_never_panic() {
    let mut input = Vec::new();
    input.extend_from_slice(b"\xff\xfe\xfd open \xc3\n");
    input.extend_from_slice(b"search \xe2\x82 sorge\n");
    input.extend_from_slice(b"\x1b[2J\x1b]0;title\x07\n");
    input.extend_from_slice(b"/\x00\x01\x02\n");
    input.extend_from_slice(b"era \x1b[31m\n");
    input.extend_from_slice(b"show \xff\xff\n");
    input.extend_from_slice(b"\r\n\t\t\n");
    input.extend_from_slice(&vec![b'x'; 100 * 1024]);
    input.push(b'\n');
    input.extend_from_slice(b"search ");
    input.extend_from_slice(&b"sorge ".repeat(20_000));
    input.push(b'\n');
    input.extend_from_slice(&vec![b'7'; 100 * 1024]);
    input.push(b'\n');
    input.extend_from_slice("/ゾルゲ\n".as_bytes());
    input.extend_from_slice(b"where\n");
    let transcript = session_bytes(&input, DEFAULT_WIDTH);
    assert_plain(&transcript, DEFAULT_WIDTH);
    let answers = responses(&transcript);
    // The welcome, thirteen answers (two blank), the end of input.
    assert_eq!(answers.len(), 15, "{transcript}");
    assert!(heading(answers[1]).starts_with("Unknown command: "));
    assert!(
        heading(answers[3]).starts_with("Unknown command: \\u{1b}"),
        "{}",
        answers[3]
    );
    // The 100 kB line was read as its first 4096 bytes.
    assert_eq!((answers[7], answers[8]), ("", ""));
    let huge = heading(answers[9]);
    assert!(
        huge.starts_with("Unknown command: xxx") && huge.len() < 4200,
        "{huge}"
    );
    assert!(heading(answers[10]).starts_with("Search: 8 results for \"sorge sorge"));
    assert!(answers[11].starts_with("Open: there is no result\n7777"));
    assert!(heading(answers[12]).starts_with("Search: "));
    assert!(heading(answers[13]).starts_with("Where: "));
    assert_eq!(answers[14], "\n");
}

#[test]
fn hostile_dataset_text_is_shown_never_obeyed() {
    let mut data = load_embedded().expect("embedded dataset");
    let evil = "\u{1b}]0;pwned\u{7}\u{1b}[2J\r\u{202e}";
    if let Some(meta) = data.meta.as_mut() {
        meta.title.push_str(evil);
    }
    data.eras[3].summary.push_str(evil);
    data.eras[3].name.push_str(evil);
    for entity in &mut data.entities {
        if entity.id == "richard-sorge" || entity.id == "arrest-of-richard-sorge" {
            entity.name.push_str(evil);
            entity.summary.push_str(evil);
            entity.description.push_str(evil);
        }
    }
    let catalog = Catalog::new(data);
    let index = SearchIndex::new(&catalog);
    let mut input: &[u8] = b"search sorge\n1\n1\neras\nera 4\nwhere\nshow richard-sorge\n";
    let mut out = Vec::new();
    plain::run(&catalog, &index, &mut input, &mut out).expect("run");
    let transcript = String::from_utf8(out).expect("UTF-8");
    assert_plain(&transcript, DEFAULT_WIDTH);
    assert!(!transcript.contains('\u{202e}') && !transcript.contains('\r'));
    assert!(transcript.contains("\\u{1b}]0;pwned\\u{7}"), "{transcript}");
}

#[test]
fn narrow_and_wide_widths_wrap_between_words() {
    for width in [20, 40, 60, 100, 200] {
        let transcript = session_bytes(
            b"show soviet-japanese-neutrality-pact\nera 5\nsearch kuril islands\nhelp\nwhere\n",
            width,
        );
        assert_plain(&transcript, width.max(plain::MIN_WIDTH));
    }
}

#[test]
fn a_closed_output_ends_quietly() {
    struct Closed;
    impl std::io::Write for Closed {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let catalog = catalog();
    let index = SearchIndex::new(&catalog);
    let mut input: &[u8] = b"search sorge\nopen 1\n";
    assert!(plain::run(&catalog, &index, &mut input, &mut Closed).is_ok());
}

#[test]
fn each_answer_is_flushed_before_the_next_line_is_read() {
    /// Counts flushes, and records the output written before each read.
    struct Recorder {
        out: std::rc::Rc<std::cell::RefCell<(Vec<u8>, Vec<u8>)>>,
    }
    impl std::io::Write for Recorder {
        fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
            self.out.borrow_mut().0.extend_from_slice(data);
            Ok(data.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            let mut state = self.out.borrow_mut();
            let pending = std::mem::take(&mut state.0);
            state.1.extend_from_slice(&pending);
            Ok(())
        }
    }
    /// Input that checks, whenever it is asked for more, that everything written was flushed.
    struct Checker {
        lines: Vec<&'static [u8]>,
        out: std::rc::Rc<std::cell::RefCell<(Vec<u8>, Vec<u8>)>>,
        current: Vec<u8>,
    }
    impl std::io::Read for Checker {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            unreachable!()
        }
    }
    impl std::io::BufRead for Checker {
        fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
            if self.current.is_empty() {
                assert!(
                    self.out.borrow().0.is_empty(),
                    "unflushed output before a read"
                );
                if !self.lines.is_empty() {
                    self.current = self.lines.remove(0).to_vec();
                }
            }
            Ok(&self.current)
        }
        fn consume(&mut self, amount: usize) {
            self.current.drain(..amount);
        }
    }
    let shared = std::rc::Rc::new(std::cell::RefCell::new((Vec::new(), Vec::new())));
    let mut output = Recorder {
        out: shared.clone(),
    };
    let mut input = Checker {
        lines: vec![b"search sorge\n", b"1\n", b"where\n"],
        out: shared.clone(),
        current: Vec::new(),
    };
    let catalog = catalog();
    let index = SearchIndex::new(&catalog);
    plain::run(&catalog, &index, &mut input, &mut output).expect("run");
    let flushed = String::from_utf8(shared.borrow().1.clone()).expect("UTF-8");
    assert!(flushed.contains("Where: "));
}

/// `cargo test --test plain -- --nocapture print_a_transcript` shows a session.
#[test]
fn print_a_transcript() {
    let script = std::env::var("NISSO_PLAIN_SCRIPT")
        .unwrap_or_else(|_| "search sorge\n1\n2\nback\nnext\nera 4\nwhere\nhelp\nq\n".into());
    let transcript = session(&script.replace("\\n", "\n"));
    println!("{transcript}");
}

/// The binary: `--plain`, and TERM=dumb by itself, run the plain loop over stdin.
#[test]
fn the_binary_runs_plain_mode_on_request_and_on_dumb_terminals() {
    use std::process::Command;
    for (args, term) in [(&["--plain"][..], "xterm-256color"), (&[][..], "dumb")] {
        let mut command = Command::new(env!("CARGO_BIN_EXE_nisso"));
        command.args(args).env("TERM", term);
        let out = common::fed(command, b"search neutrality pact\n1\nnext\nback\nquit\n");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("Soviet–Japanese Neutrality Pact"), "{text}");
        assert!(text.contains("nisso> "), "{text}");
        assert!(!text.contains('\u{1b}'), "no escape codes: {text}");
    }
}

/// The README's plain-mode section names every command of the table (its long form, with
/// its argument), and every command-like word it shows in backticks is a spelling of one.
#[test]
fn readme_plain_mode_section_lists_exactly_the_commands() {
    use nisso::plain::COMMANDS;
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme.find("### Plain mode").expect("a plain mode section");
    let section = &readme[start + 3..];
    let section = &section[..section.find("\n#").unwrap_or(section.len())];
    for info in COMMANDS {
        let usage = match info.argument {
            Some(argument) => format!("`{} {argument}`", info.words[0]),
            None => format!("`{}`", info.words[0]),
        };
        assert!(
            section.contains(&usage),
            "the README's plain mode lacks {usage}"
        );
    }
    let quoted = section.split('`').skip(1).step_by(2);
    for code in quoted {
        let word = code.split_whitespace().next().unwrap_or("");
        if word.starts_with("nisso") || word.starts_with("--") || word.contains('=') {
            continue; // the command line, not a plain-mode command
        }
        let spelling = if word.starts_with('/') { "/" } else { word };
        assert!(
            COMMANDS.iter().any(|info| info.words.contains(&spelling)),
            "the README's plain mode shows `{code}`, which is no command"
        );
    }
}

/// A session kept in memory (no store), from `saved`, `hide_notes` as `--no-notes`.
fn keeping_session(input: &str, saved: nisso::store::Saved, hide_notes: bool) -> String {
    let catalog = catalog();
    let index = SearchIndex::new(&catalog);
    let mut reader = input.as_bytes();
    let mut out = Vec::new();
    let keeping = plain::Keeping {
        store: None,
        saved,
        hide_notes,
    };
    plain::run_keeping(&catalog, &index, (&mut reader, &mut out), 80, keeping).expect("run");
    String::from_utf8(out).expect("UTF-8 output")
}

#[test]
fn bookmarks_notes_disagreements_figures_and_era_pages_in_plain_mode() {
    let transcript = keeping_session(
        "show kuril-islands\nbookmark\nbookmark\nnote\nAsk about the Habomai.\n  And Shikotan.\n\nthird line\n.\n\
         show kuril-islands\nbookmarks\nnotes\n1\nfigures\n/is:noted habomai\n/is:bookmarked\n\
         disputed\ndisputed\npd\npage 4\n1\nshow kuril-islands\nunnote\nunbookmark\nnotes\nbookmarks\nquit\n",
        nisso::store::Saved::default(),
        false,
    );
    assert_plain(&transcript, 80);
    let answers = responses(&transcript);
    let headings: Vec<&str> = answers.iter().map(|a| heading(a)).collect();
    assert_eq!(headings[2], "Bookmark: Kuril Islands is bookmarked");
    assert_eq!(headings[3], "Bookmark: Kuril Islands is already bookmarked");
    assert!(headings[4].starts_with("Note on Kuril Islands: type it"));
    // Four note lines under the note prompt, then the dot ends the note.
    assert!(
        transcript.contains("note> note> note> note> note> Note on Kuril Islands: saved, 4 lines")
    );
    let shown = answers.iter().find(|a| a.contains("✎ Your note:")).unwrap();
    assert!(shown.contains("★ Bookmarked"), "{shown}");
    assert!(
        shown.contains("  Ask about the Habomai.\n    And Shikotan.\n\n  third line"),
        "{shown}"
    );
    let at = |prefix: &str| {
        answers
            .iter()
            .find(|a| heading(a).starts_with(prefix))
            .unwrap_or_else(|| panic!("no answer {prefix}: {transcript}"))
    };
    assert!(at("Bookmarks: 1").contains("1. Kuril Islands, place"));
    assert!(at("Notes: 1").contains("   Ask about the Habomai."));
    // The figures as a table: a header, a rule, a row each.
    let figures = at("Figures of Kuril Islands: 4");
    assert!(figures.contains("What                  Value"), "{figures}");
    assert!(
        figures.contains("Length of the chain   about 1,300 km"),
        "{figures}"
    );
    assert!(at("Search: 1 result for \"is:noted habomai\"").contains("Kuril Islands"));
    assert!(at("Search: 1 result for \"is:bookmarked\"").contains("Kuril Islands"));
    // Through the disagreements, in the explorer's order, and back.
    let next: Vec<&str> = headings
        .iter()
        .copied()
        .filter(|h| h.contains("disputed ("))
        .collect();
    assert_eq!(next.len(), 3, "{next:?}");
    assert!(next[0].starts_with("Next disputed (") && next[2].starts_with("Previous disputed ("));
    assert_eq!(
        next[0]
            .split(':')
            .next()
            .unwrap()
            .replace("Next", "Previous"),
        next[2].split(':').next().unwrap()
    );
    // An era page: key entries numbered, a number opens one.
    let page = at("Page of era 4 of 9");
    assert!(page.contains("Key entries"), "{page}");
    assert!(page.contains("1. Soviet–Japanese War — event"), "{page}");
    assert!(at("Opened: event").contains("Soviet–Japanese War"));
    assert!(at("Unnote: the note on").contains("  Ask about the Habomai."));
    assert!(at("Unbookmark: Kuril Islands is no longer bookmarked").contains("bookmark it again"));
    assert_eq!(headings[headings.len() - 3], "Notes: none yet");
    assert_eq!(headings[headings.len() - 2], "Bookmarks: none yet");
}

#[test]
fn a_note_without_an_open_entry_or_too_long_is_refused() {
    let long = "x".repeat(nisso::store::MAX_NOTE + 1);
    let transcript = keeping_session(
        &format!("note\nbookmark\nshow richard-sorge\nnote\n{long}\n.\nnotes\n"),
        nisso::store::Saved::default(),
        false,
    );
    assert!(transcript.contains("Note: no entry is open"));
    assert!(transcript.contains("Bookmark: no entry is open"));
    assert!(transcript.contains("Note on Richard Sorge: not saved"));
    assert!(transcript.contains("a note is at most 4000 characters"));
    assert!(transcript.contains("Notes: none yet"));
}

#[test]
fn no_notes_leaves_the_readers_words_out_of_an_entry() {
    let mut saved = nisso::store::Saved::default();
    nisso::store::Change::SetNote("richard-sorge".into(), "my own words".into())
        .apply_to(&mut saved);
    nisso::store::Change::AddBookmark("richard-sorge".into()).apply_to(&mut saved);
    let shown = keeping_session("show richard-sorge\n", saved.clone(), false);
    assert!(shown.contains("✎ Your note:\n  my own words"), "{shown}");
    assert!(shown.contains("★ Bookmarked"));
    let hidden = keeping_session("show richard-sorge\n/my own words\n", saved, true);
    assert!(!hidden.contains("my own words\n"), "{hidden}");
    assert!(!hidden.contains("★ Bookmarked"));
    // Still searched: they are the reader's own.
    assert!(hidden.contains("(in your note)"), "{hidden}");
}

/// Through the binary: what plain mode bookmarks and notes is in the store afterwards,
/// where the explorer and `nisso notes` find it.
#[test]
fn plain_mode_keeps_bookmarks_and_notes_in_the_store() {
    let dir = common::Sandbox::new("plain-keeps");
    let out = common::fed(
        dir.nisso(&["--plain"]),
        b"show richard-sorge\nbookmark\nnote\nfirst\nsecond\n.\nquit\n",
    );
    assert!(out.status.success(), "{}", common::stderr(&out));
    let notes = dir.run(&["notes", "--json"]);
    let listed = common::json_lines(&notes);
    assert_eq!(listed[0]["note"], "first\nsecond");
    let bookmarks = common::stdout(&dir.run(&["bookmarks"]));
    assert!(bookmarks.contains("richard-sorge"), "{bookmarks}");
}
