//! Citations resolved: every "[n]" of the dataset is one of the article's references and
//! every reference is cited; the References section in `show`, `--json`, plain mode and the
//! Markdown export; `nisso cite` through the binary; the explorer's `y` through the event
//! path (keys → actions → update), with the OSC 52 bytes it leaves for the event loop and
//! the window that shows the citation where the terminal cannot take it.

mod common;

use base64::Engine;
use common::{nisso, stderr, stdout};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use nisso::dataset::{Catalog, load_embedded};
use nisso::search::SearchIndex;
use nisso::ui::app::App;
use nisso::ui::citation::CitationOverlay;
use nisso::ui::clipboard::Clipboard;
use nisso::ui::draw;
use nisso::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::collections::BTreeSet;

fn catalog() -> Catalog {
    Catalog::new(load_embedded().expect("embedded dataset"))
}

const SORGE_8: &str = "[8] Simkin, John (January 2020). \"Richard Sorge\". Spartacus Educational.";

#[test]
fn every_reference_number_resolves_and_every_reference_is_cited() {
    let catalog = catalog();
    let meta = catalog.meta().expect("meta");
    let listed: BTreeSet<u32> = meta.references.iter().map(|r| r.number).collect();
    assert_eq!(listed, (1..=9).collect(), "the article's nine references");
    let mut cited = BTreeSet::new();
    let sources = catalog
        .entities()
        .flat_map(|e| e.sources.iter())
        .chain(catalog.eras().iter().flat_map(|e| e.sources.iter()));
    for source in sources {
        for number in &source.refs {
            assert!(listed.contains(number), "[{number}] dangles");
            cited.insert(*number);
        }
    }
    assert_eq!(cited, listed, "a reference no entity cites");
    // Resolution is the one function every front end uses.
    for entity in catalog.entities() {
        for (number, reference) in nisso::present::cited_references(Some(meta), &entity.sources) {
            let reference = reference.unwrap_or_else(|| panic!("{}: [{number}]", entity.id));
            assert_eq!(reference.number, number);
        }
    }
    // No wiki maintenance noise in the texts, and ISBNs that check.
    for reference in &meta.references {
        assert!(!reference.text.contains("CS1 maint"), "{}", reference.text);
        assert!(!reference.text.contains("{{"), "{}", reference.text);
        assert!(!reference.text.contains("1 2 "), "{}", reference.text);
        for id in &reference.identifiers {
            if id.scheme == "isbn" {
                assert!(nisso::check::is_valid_isbn(&id.value), "{}", id.value);
            }
        }
    }
    // The article's markers, entity by entity (the paragraphs around each [n]).
    for (id, wanted) in [
        ("soviet-japanese-basic-convention", 1),
        ("transfer-of-northern-sakhalin", 2),
        ("transfer-of-northern-sakhalin", 3),
        ("soviet-japanese-fishery-agreement", 4),
        ("stalin-fear-of-two-front-war", 5),
        ("sorge-reports-japan-will-not-attack", 6),
        ("arrest-of-richard-sorge", 7),
        ("execution-of-richard-sorge", 8),
        ("sorge-named-hero-of-the-soviet-union", 8),
        ("soviet-japanese-joint-declaration-1956", 9),
    ] {
        let entity = catalog.entity(catalog.index_of(id).unwrap());
        assert!(
            entity.sources.iter().any(|s| s.refs.contains(&wanted)),
            "{id} lacks [{wanted}]"
        );
    }
}

#[test]
fn structured_fields_come_from_the_article() {
    let catalog = catalog();
    let meta = catalog.meta().unwrap();
    let five = &meta.references[4];
    assert_eq!(five.authors, ["Timothy Snyder"]);
    assert_eq!(
        five.title.as_deref(),
        Some("Bloodlands: Europe between Hitler and Stalin")
    );
    assert_eq!(five.container.as_deref(), Some("Basic Books"));
    let schemes: Vec<&str> = five.identifiers.iter().map(|i| i.scheme.as_str()).collect();
    assert_eq!(schemes, ["hdl", "isbn"]);
    let six = &meta.references[5];
    assert_eq!(six.language.as_deref(), Some("Russian"));
    assert_eq!(six.retrieved.as_deref(), Some("4 January 2020"));
    assert!(
        six.translated_title
            .as_deref()
            .unwrap()
            .starts_with("Richard Sorge")
    );
    // A dataset with the text alone still loads.
    let old: nisso::model::Reference =
        serde_json::from_str(r#"{"number": 1, "text": "A book."}"#).unwrap();
    assert_eq!(old, nisso::model::Reference::new(1, "A book."));
}

#[test]
fn check_refuses_a_bad_isbn() {
    let mut data = load_embedded().unwrap();
    data.meta.as_mut().unwrap().references[2].identifiers[0].value = "9781109109062".into();
    let problems = nisso::check::check(&data);
    assert!(
        problems
            .iter()
            .any(|p| format!("{p:?}").contains("is not an ISBN")),
        "{problems:?}"
    );
    assert!(nisso::check::has_errors(&problems));
}

#[test]
fn cite_prints_a_treaty_with_its_article_section_and_references() {
    let out = nisso(&["cite", "soviet-japanese-joint-declaration-1956"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "Soviet–Japanese Joint Declaration of 1956 (treaty, 19 October 1956), in \"Japan–Soviet Union relations\", entry soviet-japanese-joint-declaration-1956."
    );
    assert!(
        lines[1].starts_with("Source: Encyclopedia article 'Japan–Soviet Union relations'"),
        "{text}"
    );
    assert!(
        lines[2].contains("1946–1960: Restoration of relations [9]"),
        "{text}"
    );
    assert_eq!(lines[3], "References:");
    assert_eq!(
        lines[4],
        "  [9] \"Preface\". Ministry of Foreign Affairs of Japan. Retrieved 2021-08-24."
    );
    let markdown = stdout(&nisso(&[
        "cite",
        "soviet-japanese-basic-convention",
        "--format",
        "markdown",
    ]));
    assert!(
        markdown.starts_with("**Soviet–Japanese Basic Convention** (treaty, "),
        "{markdown}"
    );
    assert!(
        markdown.contains("\n- \\[1\\] League of Nations Treaty Series, vol. 34, pp. 32–53.\n"),
        "{markdown}"
    );
    // A mistyped id gets show's suggestions, and the same status.
    let typo = nisso(&["cite", "soviet-japanese-basic-conventon"]);
    assert_eq!(typo.status.code(), Some(2));
    assert!(
        stderr(&typo).contains("did you mean: soviet-japanese-basic-convention"),
        "{}",
        stderr(&typo)
    );
    let show = nisso(&["show", "soviet-japanese-basic-conventon"]);
    assert_eq!(stderr(&show), stderr(&typo));
}

#[test]
fn show_text_and_json_resolve_the_references() {
    let text = stdout(&nisso(&["show", "richard-sorge"]));
    let at = text.find("\nReferences\n").expect("a References section");
    assert!(text[at..].contains(&format!("• {SORGE_8}")), "{text}");
    assert!(text[..at].contains("Richard Sorge: Invaluable spy [6] [7] [8]"));
    let json: serde_json::Value =
        serde_json::from_slice(&nisso(&["show", "richard-sorge", "--json"]).stdout).unwrap();
    let references = json["references"].as_array().expect("references");
    let numbers: Vec<u64> = references
        .iter()
        .map(|r| r["number"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, [6, 7, 8]);
    assert_eq!(references[0]["language"], "Russian");
    assert_eq!(references[2]["authors"][0], "John Simkin");
    assert_eq!(references[2]["container"], "Spartacus Educational");
    // An entity that cites nothing has an empty list, not a missing key.
    let json: serde_json::Value =
        serde_json::from_slice(&nisso(&["show", "hokkaido", "--json"]).stdout).unwrap();
    assert_eq!(json["references"], serde_json::json!([]));
}

#[test]
fn markdown_export_has_a_references_section_per_entity() {
    let out = stdout(&nisso(&[
        "export",
        "--format",
        "markdown",
        "execution-of-richard-sorge",
    ]));
    let at = out.find("References").expect("References heading");
    assert!(out[..at].ends_with("# "), "a heading: {out}");
    assert!(
        out[at..].contains("- \\[8\\] Simkin, John (January 2020)."),
        "{out}"
    );
}

#[test]
fn plain_mode_shows_the_references() {
    let catalog = catalog();
    let index = SearchIndex::new(&catalog);
    let mut input: &[u8] = b"show soviet-japanese-fishery-agreement\n";
    let mut out = Vec::new();
    nisso::plain::run(&catalog, &index, &mut input, &mut out).unwrap();
    let transcript = String::from_utf8(out).unwrap();
    let at = transcript.find("References").expect("References");
    assert!(
        transcript[at..].contains("[4] League of Nations Treaty Series, vol. 80, pp. 342–399."),
        "{transcript}"
    );
}

fn app() -> App {
    App::with_theme(catalog(), Theme::no_colour(), 120, 40)
}

fn send_key(app: &mut App, c: char) {
    let event = Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    nisso::ui::handle_event(app, &event);
}

fn open(app: &mut App, id: &str) {
    send_key(app, '/');
    for c in id.chars() {
        send_key(app, c);
    }
    nisso::ui::handle_event(
        app,
        &Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
}

fn render(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    terminal.draw(|frame| draw::draw(frame, app)).unwrap();
    nisso::ui::buffer_text(terminal.backend().buffer())
}

fn shown_citation(app: &App) -> Option<&CitationOverlay> {
    app.overlays
        .last()
        .and_then(|top| top.as_any().downcast_ref::<CitationOverlay>())
}

#[test]
fn y_leaves_the_osc52_bytes_of_the_citation_for_the_event_loop() {
    for tmux in [false, true] {
        let mut app = app();
        app.clipboard = Clipboard::Osc52 { tmux };
        open(&mut app, "basic convention");
        assert_eq!(
            app.catalog.id(app.current.unwrap()),
            "soviet-japanese-basic-convention"
        );
        // The details pane resolves the reference too.
        let details: Vec<String> = app.details.lines.iter().map(|l| l.to_string()).collect();
        let at = details
            .iter()
            .position(|l| l == "References")
            .expect("a References heading");
        assert!(
            details[at + 1].contains("[1] League of Nations Treaty Series, vol. 34"),
            "{details:?}"
        );
        send_key(&mut app, 'y');
        let catalog = &app.catalog;
        let expected_text = nisso::cite::as_text(&nisso::cite::entity(
            catalog,
            app.current.unwrap(),
            nisso::cite::Format::Text,
        ));
        assert!(expected_text.contains("[1] League of Nations Treaty Series, vol. 34"));
        let encoded = base64::engine::general_purpose::STANDARD.encode(&expected_text);
        let bare = format!("\u{1b}]52;c;{encoded}\u{7}");
        let expected = if tmux {
            format!("\u{1b}Ptmux;\u{1b}{bare}\u{1b}\\")
        } else {
            bare
        };
        assert_eq!(
            app.clipboard_out.as_deref(),
            Some(expected.as_bytes()),
            "tmux: {tmux}"
        );
        // Said in the status line, and shown.
        let screen = render(&app);
        assert!(
            screen.contains("Citation copied to the clipboard"),
            "{screen}"
        );
        assert!(screen.contains("Copied to the clipboard."), "{screen}");
        assert!(screen.contains("Soviet–Japanese Basic Convention (treaty"));
        assert_eq!(shown_citation(&app).unwrap().text(), expected_text);
        // Drawing took nothing: the event loop writes the bytes, once.
        assert!(app.clipboard_out.is_some());
        assert_eq!(
            app.clipboard_out.take().map(|b| b.len()),
            Some(expected.len())
        );
        // Esc closes the window.
        nisso::ui::handle_event(
            &mut app,
            &Event::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
        );
        assert!(shown_citation(&app).is_none());
    }
}

#[test]
fn where_the_terminal_cannot_take_it_the_citation_is_only_shown() {
    for clipboard in [
        Clipboard::default(),
        Clipboard::for_terminal(false, Some("xterm-256color"), false),
        Clipboard::for_terminal(true, Some("dumb"), false),
        Clipboard::for_terminal(true, Some("linux"), false),
    ] {
        let mut app = app();
        app.clipboard = clipboard.clone();
        open(&mut app, "richard sorge");
        send_key(&mut app, 'y');
        assert_eq!(app.clipboard_out, None, "{clipboard:?}");
        let shown = shown_citation(&app).expect("the citation window");
        assert!(shown.not_copied.is_some());
        assert!(shown.text().contains(SORGE_8), "{}", shown.text());
        let screen = render(&app);
        assert!(screen.contains("Not copied ("), "{screen}");
        assert!(screen.contains("[8] Simkin, John"), "{screen}");
        assert!(!screen.contains("Citation copied"), "{screen}");
    }
}
