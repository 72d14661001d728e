//! `nisso open ID` / `nisso open --era N`: the explorer started at an entry, as a TimelineJS
//! link opens one slide; a mistyped id refused as `nisso show` refuses it; the dataset's
//! title on screen.

mod common;

use common::{nisso, nisso_command, stderr, stdout};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use nisso::cli;
use nisso::dataset::{Catalog, load_embedded};
use nisso::search::Target;
use nisso::ui::app::{App, Focus};
use nisso::ui::draw;
use nisso::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn new_app(width: u16, height: u16) -> App {
    let catalog = Catalog::new(load_embedded().expect("embedded dataset"));
    App::with_theme(catalog, Theme::no_colour(), width, height)
}

fn render(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    terminal.draw(|frame| draw::draw(frame, app)).unwrap();
    nisso::ui::buffer_text(terminal.backend().buffer())
}

/// The start `nisso open` resolves (the command line's own resolution), applied as the
/// event loop applies it, then settled as the first frame is.
fn open(app: &mut App, id: Option<&str>, era: Option<&str>) -> Target {
    let target = cli::open_target(&app.catalog, &app.index, id, era).expect("a good start");
    app.open_at(target);
    app.settle();
    target
}

/// The details pane's lines (the right half of the screen, between its borders).
fn details_lines(screen: &str, width: usize) -> Vec<String> {
    screen
        .lines()
        .map(|line| line.chars().skip(width / 2).collect::<String>())
        .collect()
}

/// The selected timeline row's text, read from the app.
fn selected_name(app: &App) -> String {
    app.catalog
        .entity_at(app.timeline.row)
        .map(|e| app.catalog.entity(e).name.clone())
        .unwrap_or_default()
}

#[test]
fn open_with_an_id_shows_the_entry_selected_and_in_the_details() {
    let mut app = new_app(120, 40);
    let target = open(&mut app, Some("richard-sorge"), None);
    let sorge = app.catalog.index_of("richard-sorge").unwrap();
    assert_eq!(target, Target::Entity(sorge));
    assert_eq!(app.current, Some(sorge));
    // On the timeline (a person's life): selected there, the focus on it as a search
    // result leaves it.
    assert_eq!(Some(app.timeline.row), app.catalog.timeline_row(sorge));
    assert_eq!(app.timeline.heading, None);
    assert_eq!(app.focus, Focus::Main);
    assert!(!app.can_go_back(), "nothing to go back to behind the start");
    let screen = render(&app);
    let details = details_lines(&screen, 120);
    assert!(
        details[3].contains("Richard Sorge"),
        "the details pane's first line names him:\n{screen}"
    );
    assert!(
        screen.contains("Era 4 · Deteriorating relations and war (1930–1945)"),
        "{screen}"
    );
    // The selected row is on screen.
    let row = screen
        .lines()
        .find(|line| line.starts_with('┃') && line.contains("● Richard Sorge"))
        .unwrap_or_else(|| panic!("the timeline shows Sorge's row:\n{screen}"));
    assert!(row.contains("1895"), "{row}");
    assert_eq!(selected_name(&app), "Richard Sorge");

    // The same through the event path afterwards: j moves on from the opened entry.
    nisso::ui::handle_event(
        &mut app,
        &Event::Key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE)),
    );
    assert_eq!(
        Some(app.timeline.row.0),
        app.catalog.timeline_row(sorge).map(|r| r.0 + 1)
    );
}

#[test]
fn open_with_an_id_off_the_timeline_puts_the_timeline_at_its_era_and_focuses_links() {
    let mut app = new_app(120, 40);
    // A place has no row of its own: as a search result, it opens with the links focused.
    let place = app
        .catalog
        .entity_indices()
        .find(|&e| app.catalog.timeline_row(e).is_none() && !app.catalog.entity(e).context)
        .expect("an entity off the timeline");
    let id = app.catalog.id(place).to_string();
    open(&mut app, Some(&id), None);
    assert_eq!(app.current, Some(place));
    assert_eq!(app.focus, Focus::Links);
    let era = app.catalog.era_of(place);
    assert_eq!(app.current_era(), era);
    let row_era = app
        .catalog
        .entity_at(app.timeline.row)
        .map(|e| app.catalog.era_of(e));
    assert_eq!(row_era, Some(era), "the timeline is at the entity's era");
    let screen = render(&app);
    assert!(screen.contains(&app.catalog.entity(place).name), "{screen}");
}

#[test]
fn open_era_3_opens_at_the_eras_first_entry() {
    for era in ["3", "quiet-cooperation"] {
        let mut app = new_app(120, 40);
        let target = open(&mut app, None, Some(era));
        let third = app.catalog.era_index_of("quiet-cooperation").unwrap();
        assert_eq!(target, Target::Era(third));
        assert_eq!(app.timeline.row, app.catalog.era_first_row(third));
        assert_eq!(app.current, app.catalog.entity_at(app.timeline.row));
        assert_eq!(app.current_era(), third);
        assert_eq!(app.focus, Focus::Main);
        let screen = render(&app);
        assert!(
            screen.contains("Era 3 · Quiet cooperation (1925–1930)"),
            "{screen}"
        );
        assert!(
            details_lines(&screen, 120)[3].contains("Soviet–Japanese Fishery Agreement"),
            "{screen}"
        );
    }
    // An era's id as the ID opens at that era too.
    let mut app = new_app(120, 40);
    open(&mut app, Some("quiet-cooperation"), None);
    assert_eq!(
        app.current_era(),
        app.catalog.era_index_of("quiet-cooperation").unwrap()
    );
}

#[test]
fn a_mistyped_start_is_refused_as_show_refuses_it() {
    let app = new_app(80, 24);
    let failure = cli::open_target(&app.catalog, &app.index, Some("richard-sorj"), None)
        .expect_err("no such id");
    assert_eq!(failure.status, 2);
    assert!(
        failure.message.contains("richard-sorge"),
        "{}",
        failure.message
    );
    let failure = cli::open_target(&app.catalog, &app.index, None, Some("12")).unwrap_err();
    assert_eq!(failure.status, 2);
    assert!(failure.message.contains("1–9"), "{}", failure.message);
}

/// Through the binary, without a terminal: the refusal is decided before one is needed.
#[test]
fn the_binary_refuses_a_mistyped_id_with_shows_did_you_mean_and_status_2() {
    let open = nisso(&["open", "soviet-japanese-neutrality-pakt"]);
    let show = nisso(&["show", "soviet-japanese-neutrality-pakt"]);
    assert_eq!(open.status.code(), Some(2));
    assert_eq!(stderr(&open), stderr(&show), "the same message as show");
    assert!(
        stderr(&open).contains("did you mean: soviet-japanese-neutrality-pact"),
        "{}",
        stderr(&open)
    );
    assert!(stdout(&open).is_empty());
    // Nothing like it: show's suggestion of a search.
    let open = nisso(&["open", "zzzz-qqqq"]);
    assert_eq!(open.status.code(), Some(2));
    assert_eq!(stderr(&open), stderr(&nisso(&["show", "zzzz-qqqq"])));
    // A mistyped era: timeline --era's message, status 2.
    let open = nisso(&["open", "--era", "quiet-coperation"]);
    assert_eq!(open.status.code(), Some(2));
    assert!(
        stderr(&open).contains("did you mean: quiet-cooperation"),
        "{}",
        stderr(&open)
    );
    // Neither, or both: clap's usage errors (2).
    assert_eq!(nisso(&["open"]).status.code(), Some(2));
    assert_eq!(
        nisso(&["open", "richard-sorge", "--era", "3"])
            .status
            .code(),
        Some(2)
    );
}

/// A good id without a terminal goes where `nisso` alone goes: the same message and
/// status; `--data` works with it (the id is looked up in that dataset).
#[test]
fn a_good_id_without_a_terminal_behaves_as_the_plain_start() {
    let alone = nisso(&[]);
    let open = nisso(&["open", "richard-sorge"]);
    assert_eq!(open.status.code(), alone.status.code());
    assert_eq!(stderr(&open), stderr(&alone));
    let era = nisso(&["open", "--era", "3"]);
    assert_eq!(era.status.code(), alone.status.code());

    let sandbox = common::Sandbox::new("open-data");
    let file = sandbox.join("dataset.json");
    let export = sandbox.run(&["export"]);
    assert!(export.status.success());
    std::fs::write(&file, &export.stdout).unwrap();
    let file = file.display().to_string();
    let open = sandbox.run(&["--data", &file, "open", "richard-sorge"]);
    assert_eq!(open.status.code(), alone.status.code());
    assert_eq!(stderr(&open), stderr(&alone));
    let open = sandbox.run(&["open", "--data", &file, "richard-sorj"]);
    assert_eq!(open.status.code(), Some(2));
    assert!(stderr(&open).contains("richard-sorge"), "{}", stderr(&open));
}

/// Plain mode opened at an entry: `show ID` (or `era N`) answered before the first prompt.
#[test]
fn plain_mode_opens_at_the_entry() {
    for (args, term, heading) in [
        (
            &["--plain", "open", "richard-sorge"][..],
            "xterm",
            "Richard Sorge",
        ),
        (&["open", "richard-sorge"][..], "dumb", "Richard Sorge"),
        (
            &["--plain", "open", "--era", "3"][..],
            "xterm",
            "Quiet cooperation",
        ),
    ] {
        let mut command = nisso_command(args);
        command.env("TERM", term);
        let out = common::fed(command, b"quit\n");
        assert!(out.status.success(), "{}", stderr(&out));
        let text = stdout(&out);
        let first_prompt = text.find("nisso> ").expect("a prompt");
        assert!(
            text[..first_prompt].contains(heading),
            "{args:?}: shown before the first prompt:\n{text}"
        );
    }
    // A mistyped id in plain mode: the same refusal, before any conversation.
    let out = nisso(&["--plain", "open", "richard-sorj"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).is_empty());
}

#[test]
fn the_dataset_title_is_on_screen_at_80_and_120_columns_within_the_width() {
    let mut app = new_app(120, 40);
    let screen = render(&app);
    let caption = screen.lines().nth(1).unwrap();
    assert!(
        caption.starts_with(" Japan–Soviet Union relations › Era 1 · Imperial background"),
        "{caption}"
    );
    // At 80 columns a long era name keeps its room; the title is cut with an ellipsis.
    let mut narrow = new_app(80, 24);
    open(&mut narrow, None, Some("4"));
    let screen = render(&narrow);
    let caption = screen.lines().nth(1).unwrap();
    assert!(
        caption.starts_with(
            " Japan–Soviet Union rela… › Era 4 · Deteriorating relations and war (1930–1945)"
        ),
        "{caption}"
    );
    for line in screen.lines() {
        assert!(unicode_width::UnicodeWidthStr::width(line) <= 80, "{line}");
    }
    // Too narrow for a title worth reading: the era alone.
    let mut stacked = new_app(60, 30);
    open(&mut stacked, None, Some("2"));
    let caption = render(&stacked).lines().nth(1).unwrap().to_string();
    assert!(caption.starts_with(" Era 2 · "), "{caption}");
    // Another title, wide characters included, is cut by display width.
    app.title = "日本とソ連の関係 — 一九一七年から一九九一年まで".into();
    app.width = 80;
    app.height = 24;
    app.update(nisso::ui::app::Action::Resize(80, 24));
    let screen = render(&app);
    let caption = screen.lines().nth(1).unwrap();
    assert!(caption.starts_with(" 日本とソ連の関係"), "{caption}");
    assert!(caption.contains("… › Era 1"), "{caption}");
    assert!(unicode_width::UnicodeWidthStr::width(caption) <= 80);
}

#[test]
fn title_to_fit_cuts_by_display_width_and_leaves_out_what_would_not_read() {
    use nisso::ui::draw::title_to_fit;
    assert_eq!(
        title_to_fit("Japan–Soviet Union relations", 40).as_deref(),
        Some("Japan–Soviet Union relations")
    );
    assert_eq!(
        title_to_fit("Japan–Soviet Union relations", 22).as_deref(),
        Some("Japan–Soviet Union…")
    );
    assert_eq!(title_to_fit("Japan–Soviet Union relations", 10), None);
    assert_eq!(title_to_fit("", 80), None);
    // A short title needs no more room than itself.
    assert_eq!(title_to_fit("Sakhalin", 11).as_deref(), Some("Sakhalin"));
    assert_eq!(
        title_to_fit("日本とソ連の関係", 15).as_deref(),
        Some("日本とソ連…")
    );
}
