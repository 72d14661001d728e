//! Any dataset file, any keys: errors are reported, nothing panics.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use nisso::check::{check, has_errors};
use nisso::dataset::{Catalog, parse_str};
use nisso::ui::app::{Action, App};
use nisso::ui::{action_for_event, draw};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const SMALL: &str = r#"{
  "eras": [
    {"id": "early", "name": "Early", "start": "1900", "end": "1920", "summary": "s"},
    {"id": "late", "name": "Late", "start": "1921", "summary": "s"}
  ],
  "entities": [
    {"id": "a-pact", "kind": "treaty", "name": "Pact of Tōkyō", "aliases": [{"name": "Пакт", "lang": "ru"}],
     "date": "1905-09", "era": "early", "summary": "A pact.", "description": "About it.",
     "links": [{"rel": "took_place_at", "target": "a-city"}, {"rel": "signed_by", "target": "a-person"}],
     "figures": [{"label": "trade", "value": 1.5, "unit": "US$ billion", "year": 1905, "series": "Trade"},
                 {"label": "trade", "value": 2.5, "unit": "US$ billion", "year": 1910, "series": "Trade"}]},
    {"id": "a-city", "kind": "place", "name": "City", "era": "early", "summary": "A city.", "description": "d",
     "coords": {"lat": 43.1, "lon": 131.9, "external": true}},
    {"id": "a-person", "kind": "person", "name": "Keizō Person", "date": "1880/1950", "era": "late", "summary": "Someone.", "description": "d"},
    {"id": "an-event", "kind": "event", "name": "Event", "date": "mid 1930s", "era": "late", "summary": "It happened.", "description": "d"}
  ]
}"#;

fn drive(app: &mut App, codes: &[KeyCode]) {
    for &code in codes {
        if let Some(action) =
            action_for_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)), app)
        {
            app.update(action);
        }
        let mut terminal = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
        terminal.draw(|frame| draw::draw(frame, app)).unwrap();
    }
}

const TOUR: [KeyCode; 30] = [
    KeyCode::Char('j'),
    KeyCode::Char('G'),
    KeyCode::Char('l'),
    KeyCode::Char('9'),
    KeyCode::Char('h'),
    KeyCode::Tab,
    KeyCode::Enter,
    KeyCode::Tab,
    KeyCode::Enter,
    KeyCode::Backspace,
    KeyCode::Char('m'),
    KeyCode::Down,
    KeyCode::Enter,
    KeyCode::Char('c'),
    KeyCode::Down,
    KeyCode::Esc,
    KeyCode::Char('/'),
    KeyCode::Char('k'),
    KeyCode::Tab,
    KeyCode::Enter,
    KeyCode::Char('?'),
    KeyCode::Esc,
    KeyCode::Char('b'),
    KeyCode::Char('n'),
    KeyCode::Char('x'),
    KeyCode::Enter,
    KeyCode::Char('B'),
    KeyCode::Char('x'),
    KeyCode::Enter,
    KeyCode::Esc,
];

#[test]
fn small_dataset_passes_check_and_browses() {
    let dataset = parse_str("small.json", SMALL).unwrap();
    let problems = check(&dataset);
    assert!(!has_errors(&problems), "{problems:?}");
    let mut app = App::new(Catalog::new(dataset), 100, 30);
    drive(&mut app, &TOUR);
}

#[test]
fn edge_datasets_do_not_panic() {
    let one_era = r#"{"eras": [{"id": "only", "name": "Only", "start": "1900", "summary": "s"}]"#;
    for text in [
        format!("{one_era}}}"),
        format!(
            r#"{one_era}, "entities": [{{"id": "p", "kind": "place", "name": "P", "era": "only", "summary": "s", "description": "d"}}]}}"#
        ),
        format!(
            r#"{one_era}, "entities": [{{"id": "e", "kind": "event", "name": "E", "era": "only", "summary": "s", "description": "d"}}]}}"#
        ),
    ] {
        let dataset = parse_str("edge.json", &text).unwrap();
        assert!(!has_errors(&check(&dataset)));
        for (w, h) in [(1, 1), (30, 10), (120, 40)] {
            let mut app = App::new(Catalog::new(dataset.clone()), w, h);
            drive(&mut app, &TOUR);
            app.update(Action::Resize(250, 80));
            drive(&mut app, &TOUR);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Damaged files: random bytes replaced, inserted or cut. Parsing either fails with a
    /// located error or yields a dataset that check, the catalog and the app all accept.
    #[test]
    fn damaged_files_never_panic(edits in proptest::collection::vec((0usize..2000, any::<u8>(), 0u8..3), 1..6)) {
        let mut bytes = SMALL.as_bytes().to_vec();
        for (at, byte, how) in edits {
            let at = at % (bytes.len() + 1);
            match how {
                0 if at < bytes.len() => bytes[at] = byte,
                1 => bytes.insert(at, byte),
                _ => bytes.truncate(at.max(1)),
            }
        }
        let Ok(text) = String::from_utf8(bytes) else { return Ok(()); };
        match parse_str("damaged.json", &text) {
            Err(error) => {
                let message = error.to_string();
                prop_assert!(message.starts_with("damaged.json:"), "{message}");
            }
            Ok(dataset) => {
                let problems = check(&dataset);
                // Every problem says how bad it is, where (a JSON path) and what.
                for problem in &problems {
                    let text = problem.to_string();
                    let level = if problem.severity == nisso::check::Severity::Error {
                        "error: "
                    } else {
                        "warning: "
                    };
                    prop_assert!(text.starts_with(level), "{text}");
                    prop_assert!(text.contains(&problem.path) && !problem.path.is_empty(), "{text}");
                    prop_assert!(text.ends_with(&problem.message) && !problem.message.is_empty(), "{text}");
                }
                if !has_errors(&problems) {
                    let mut app = App::new(Catalog::new(dataset), 80, 24);
                    drive(&mut app, &TOUR);
                }
            }
        }
    }

    /// Arbitrary strings as dates are parsed or rejected with a reason, never a panic; a
    /// parsed date writes back to text that parses to the same date.
    #[test]
    fn any_date_text_is_handled(text in "\\PC{0,24}") {
        match nisso::date::HistDate::parse(&text) {
            Ok(date) => {
                let again = nisso::date::HistDate::parse(&date.iso());
                prop_assert_eq!(again, Ok(date), "{} → {}", text, date.iso());
            }
            Err(reason) => prop_assert!(!reason.is_empty()),
        }
    }

    /// Dates built from their parts (any precision, part, approximation, range) round-trip
    /// through their stored form.
    #[test]
    fn dates_round_trip_through_their_stored_form(
        year in 1000i32..2100,
        month in 1u8..=12,
        day in 1u8..=28,
        precision in 0u8..4,
        part in 0u8..4,
        approximate in any::<bool>(),
        span in proptest::option::of(0i32..40),
    ) {
        let point = |year: i32| {
            let mut text = String::new();
            if approximate { text.push('~'); }
            if part < 3 && precision < 3 {
                text.push_str(["early ", "mid ", "late "][part as usize]);
            }
            match precision {
                0 => text.push_str(&format!("{}s", year - year.rem_euclid(10))),
                1 => text.push_str(&year.to_string()),
                2 => text.push_str(&format!("{year}-{month:02}")),
                _ => text.push_str(&format!("{year}-{month:02}-{day:02}")),
            }
            text
        };
        let text = match span {
            Some(years) => format!("{}/{}", point(year), point(year + years)),
            None => point(year),
        };
        let date = nisso::date::HistDate::parse(&text);
        prop_assert!(date.is_ok(), "{text}: {date:?}");
        let date = date.unwrap();
        prop_assert_eq!(nisso::date::HistDate::parse(&date.iso()), Ok(date), "{}", text);
    }
}

/// The chart is driven by the data: any dataset's series draw, not only the trade figures.
#[test]
fn a_loaded_datasets_own_series_draw_as_a_chart() {
    let dataset = parse_str("small.json", SMALL).unwrap();
    let mut app = App::new(Catalog::new(dataset), 100, 30);
    app.theme = nisso::ui::theme::Theme::no_colour();
    // The treaty with the series is the first timeline row, so it is shown at start.
    assert_eq!(app.catalog.entity(app.current.unwrap()).id, "a-pact");
    drive(&mut app, &[KeyCode::Char('c')]);
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal.draw(|frame| draw::draw(frame, &app)).unwrap();
    let screen = nisso::ui::buffer_text(terminal.backend().buffer());
    for needle in [
        "Pact of Tōkyō",
        "Trade",
        "US$ billion",
        "1905",
        "1910",
        "2.5",
    ] {
        assert!(screen.contains(needle), "{needle} missing:\n{screen}");
    }
}

/// A model of what a terminal shows: cells written left to right, a wide character
/// taking two columns, and (as terminals do) writing over either half of a wide
/// character erasing the other half.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Screen {
    width: u16,
    /// Per cell: its text, or None for the right half of a wide character.
    cells: Vec<Option<String>>,
}

impl Screen {
    fn new(width: u16, height: u16) -> Screen {
        Screen {
            width,
            cells: vec![Some(" ".to_string()); usize::from(width) * usize::from(height)],
        }
    }

    fn put(&mut self, x: u16, y: u16, symbol: &str) {
        let at = usize::from(y) * usize::from(self.width) + usize::from(x);
        let row_end = (usize::from(y) + 1) * usize::from(self.width);
        // Writing over the right half of a wide character erases its left half.
        if self.cells[at].is_none() && at > 0 {
            self.cells[at - 1] = Some(" ".to_string());
        }
        // Writing over the left half erases the right half.
        if at + 1 < row_end && self.cells[at + 1].is_none() {
            self.cells[at + 1] = Some(" ".to_string());
        }
        let wide = unicode_width::UnicodeWidthStr::width(symbol) > 1;
        self.cells[at] = Some(symbol.to_string());
        if wide && at + 1 < row_end {
            if at + 2 < row_end && self.cells[at + 2].is_none() {
                self.cells[at + 2] = Some(" ".to_string());
            }
            self.cells[at + 1] = None;
        }
    }

    /// A whole frame, as a full redraw writes it.
    fn from_buffer(buffer: &ratatui::buffer::Buffer) -> Screen {
        let mut screen = Screen::new(buffer.area.width, buffer.area.height);
        for y in 0..buffer.area.height {
            let mut x = 0;
            while x < buffer.area.width {
                let symbol = buffer[(x, y)].symbol();
                screen.put(x, y, symbol);
                x += unicode_width::UnicodeWidthStr::width(symbol).max(1) as u16;
            }
        }
        screen
    }

    /// Only what ratatui sends after diffing against the previous frame.
    fn apply_diff(&mut self, previous: &ratatui::buffer::Buffer, next: &ratatui::buffer::Buffer) {
        for (x, y, cell) in previous.diff(next) {
            self.put(x, y, cell.symbol());
        }
    }
}

/// Pieces of text that terminals and width tables disagree about, or that must never reach
/// a cell raw: ZWJ families, flags, variation selectors, combining stacks, CJK, controls,
/// bidi overrides, tabs and newlines.
const TRICKY: [&str; 14] = [
    "👨\u{200d}👩\u{200d}👧",
    "\u{1f1ef}\u{1f1f5}",
    "☎\u{fe0f}",
    "e\u{301}\u{302}\u{303}\u{304}",
    "東京",
    "Тōкyō",
    "\u{1b}[2J",
    "\u{1b}]0;x\u{7}",
    "\u{202e}tfel",
    "\t",
    "\n",
    "\u{200b}",
    "Sakhalin",
    " ",
];

fn tricky_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(0..TRICKY.len(), 1..6)
        .prop_map(|pieces| pieces.into_iter().map(|i| TRICKY[i]).collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 60, ..ProptestConfig::default() })]

    /// Random tricky names, summaries and aliases, random keys, random sizes: every frame
    /// drawn incrementally (ratatui diffs against the previous one) equals the same state
    /// drawn from scratch, and no cell holds a control, bidi or invisible joining
    /// character. Together with `sanitize::cells` this keeps the terminal's idea of each
    /// cell and ratatui's the same: no stale cells.
    #[test]
    fn incremental_frames_equal_a_full_redraw(
        names in proptest::collection::vec(tricky_text(), 4),
        summary in tricky_text(),
        keys in proptest::collection::vec(0usize..TOUR.len(), 1..25),
        width in 24u16..140,
        height in 8u16..45,
    ) {
        let mut data: serde_json::Value = serde_json::from_str(SMALL).unwrap();
        for (entity, name) in data["entities"].as_array_mut().unwrap().iter_mut().zip(&names) {
            entity["name"] = serde_json::Value::String(name.clone());
            entity["summary"] = serde_json::Value::String(summary.clone());
            entity["aliases"] = serde_json::json!([format!("{name} {summary}")]);
        }
        let dataset = parse_str("tricky.json", &data.to_string()).unwrap();
        let mut app = App::new(Catalog::new(dataset), width, height);
        let frame = |app: &App| {
            let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
            terminal.draw(|f| draw::draw(f, app)).unwrap();
            terminal.backend().buffer().clone()
        };
        let mut previous = frame(&app);
        let mut screen = Screen::from_buffer(&previous);
        for key in keys {
            let event = Event::Key(KeyEvent::new(TOUR[key], KeyModifiers::NONE));
            if let Some(action) = action_for_event(&event, &app) {
                app.update(action);
            }
            let next = frame(&app);
            // What the terminal shows after the incremental update equals a full redraw.
            screen.apply_diff(&previous, &next);
            let full = Screen::from_buffer(&next);
            let differing: Vec<(usize, &Option<String>, &Option<String>)> = screen
                .cells
                .iter()
                .zip(&full.cells)
                .enumerate()
                .filter(|(_, (a, b))| a != b)
                .map(|(i, (a, b))| (i, a, b))
                .take(3)
                .collect();
            prop_assert!(differing.is_empty(), "stale cells: {differing:?}");
            for cell in next.content() {
                let bad = cell.symbol().chars().any(|c| {
                    nisso::sanitize::is_hostile(c)
                        || matches!(c, '\u{200b}'..='\u{200d}' | '\u{fe0f}' | '\u{1f1e6}'..='\u{1f1ff}')
                });
                prop_assert!(!bad, "cell {:?}", cell.symbol());
            }
            previous = next;
        }
    }
}
