//! Snapshots of every screen of the explorer, rendered into ratatui's TestBackend from
//! key sequences, and `nisso timeline --axis` drawings (accepted by eye; `cargo insta review`
//! after a deliberate change).

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use nisso::dataset::{Catalog, load_embedded};
use nisso::ui::app::App;
use nisso::ui::theme::Theme;
use nisso::ui::{action_for_event, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;

fn app(width: u16, height: u16, theme: Theme) -> App {
    App::with_theme(
        Catalog::new(load_embedded().expect("embedded dataset")),
        theme,
        width,
        height,
    )
}

fn press(app: &mut App, code: KeyCode) {
    let event = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
    if let Some(action) = action_for_event(&event, app) {
        app.update(action);
    }
}

fn type_keys(app: &mut App, text: &str) {
    text.chars().for_each(|c| press(app, KeyCode::Char(c)));
}

fn terminal(app: &App) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    terminal.draw(|frame| draw::draw(frame, app)).unwrap();
    terminal
}

fn screen(app: &App) -> String {
    nisso::ui::buffer_text(terminal(app).backend().buffer())
}

/// The screen's modifiers, one letter a cell: R reversed (selection), U underlined
/// (matches), B bold, D dim, · none. Shows that the no-colour theme keeps every
/// distinction.
fn modifiers(app: &App) -> String {
    let terminal = terminal(app);
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            let m = buffer[(x, y)].modifier;
            out.push(if m.contains(Modifier::REVERSED) {
                'R'
            } else if m.contains(Modifier::UNDERLINED) {
                'U'
            } else if m.contains(Modifier::BOLD) {
                'B'
            } else if m.contains(Modifier::DIM) {
                'D'
            } else {
                '·'
            });
        }
        out.push('\n');
    }
    out
}

#[test]
fn main_screen_at_three_sizes() {
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        insta::assert_snapshot!(
            format!("main_{w}x{h}"),
            screen(&app(w, h, Theme::standard()))
        );
    }
}

#[test]
fn search_with_results() {
    let mut app = app(120, 40, Theme::standard());
    type_keys(&mut app, "/sorge");
    insta::assert_snapshot!("search_results", screen(&app));
}

#[test]
fn search_with_no_results_offers_names() {
    let mut app = app(120, 40, Theme::standard());
    type_keys(&mut app, "/gorbqqqqv zzz");
    insta::assert_snapshot!("search_no_results", screen(&app));
}

#[test]
fn help_overlay() {
    let mut app = app(120, 40, Theme::standard());
    type_keys(&mut app, "?");
    insta::assert_snapshot!("help", screen(&app));
}

#[test]
fn map_view() {
    let mut app = app(120, 40, Theme::standard());
    type_keys(&mut app, "5m");
    insta::assert_snapshot!("map", screen(&app));
}

/// The map maximised (`z`) over the whole body, at two sizes, showing the Battle of
/// Khalkhin Gol: its place marked `◉`, the borders of its date, the legend naming it, the
/// status bar saying the pane is maximised.
#[test]
fn maximised_map() {
    for (width, height) in [(120, 40), (80, 24)] {
        let mut app = app(width, height, Theme::standard());
        type_keys(&mut app, "/battle of khalkhin gol");
        press(&mut app, KeyCode::Enter);
        type_keys(&mut app, "mz");
        insta::assert_snapshot!(format!("map_maximised_{width}x{height}"), screen(&app));
    }
}

#[test]
fn chart_view() {
    let mut app = app(120, 40, Theme::standard());
    type_keys(&mut app, "/japan soviet economic");
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, "c");
    insta::assert_snapshot!("chart", screen(&app));
}

#[test]
fn links_pane_focused() {
    let mut app = app(120, 40, Theme::standard());
    type_keys(&mut app, "4");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Down);
    insta::assert_snapshot!("links", screen(&app));
}

#[test]
fn stacked_layout_below_80_columns() {
    insta::assert_snapshot!("stacked_70x30", screen(&app(70, 30, Theme::standard())));
}

#[test]
fn one_line_message_below_24_by_8() {
    insta::assert_snapshot!("too_small_20x6", screen(&app(20, 6, Theme::standard())));
}

#[test]
fn no_colour_keeps_every_distinction_as_modifiers() {
    let mut app = app(100, 30, Theme::no_colour());
    type_keys(&mut app, "/neutrality pakt");
    insta::assert_snapshot!("no_colour_search_screen", screen(&app));
    insta::assert_snapshot!("no_colour_search_modifiers", modifiers(&app));
}

/// The map's layers, one character a cell: braille dots by colour (`·` coast, `#`
/// boundary, `%` disputed area, `+` a state's extent); markers and label letters as drawn;
/// the rest blank. Shows the outline and which border stands, which plain text cannot.
fn map_layers(app: &App) -> String {
    use ratatui::style::Color;
    let terminal = terminal(app);
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            let cell = &buffer[(x, y)];
            let symbol = cell.symbol();
            let braille = symbol.chars().next().is_some_and(|c| {
                ('\u{2801}'..='\u{28FF}').contains(&c) || c == '▀' || c == '▄' || c == '█'
            });
            out.push_str(if braille {
                match cell.fg {
                    Color::LightRed => "#",
                    Color::LightMagenta => "%",
                    Color::Yellow => "+",
                    _ => "·",
                }
            } else {
                symbol
            });
        }
        out.push('\n');
    }
    out
}

/// Borders of three periods at three sizes: 1875–1905 (the Treaty of Saint Petersburg
/// shown), 1905–1945 (era 4, Manchukuo's extent once an event of 1932 on is shown), and
/// after 1945 (era 5, with the disputed southern Kurils).
#[test]
fn map_borders_of_three_periods_at_three_sizes() {
    for (width, height) in [(80, 24), (120, 40), (200, 60)] {
        for (period, keys) in [
            ("1875", "/saint petersburg 1875"),
            ("1932", "/establishment manchukuo"),
            ("1956", "/joint declaration 1956"),
        ] {
            let mut app = app(width, height, Theme::standard());
            type_keys(&mut app, keys);
            press(&mut app, KeyCode::Enter);
            type_keys(&mut app, "m");
            insta::assert_snapshot!(
                format!("map_borders_{period}_{width}x{height}"),
                map_layers(&app)
            );
        }
    }
}

/// Without colour (NO_COLOR), land, boundaries, disputed areas and a state's extent stay
/// apart by modifier: coast dim, boundary bold, disputed bold and underlined, extent italic.
#[test]
fn map_without_colour_tells_borders_apart_by_modifier() {
    let count = |app: &App, wanted: Modifier, unwanted: Modifier| {
        let terminal = terminal(app);
        let buffer = terminal.backend().buffer();
        buffer
            .content()
            .iter()
            .filter(|cell| {
                cell.symbol()
                    .chars()
                    .next()
                    .is_some_and(|c| ('\u{2801}'..='\u{28FF}').contains(&c))
                    && cell.modifier.contains(wanted)
                    && !cell.modifier.intersects(unwanted)
            })
            .count()
    };
    let mut app = app(120, 40, Theme::no_colour());
    type_keys(&mut app, "/joint declaration 1956");
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, "m");
    assert!(count(&app, Modifier::DIM, Modifier::BOLD) > 200, "coast");
    assert!(
        count(&app, Modifier::BOLD, Modifier::UNDERLINED | Modifier::DIM) > 2,
        "boundary"
    );
    assert!(
        count(&app, Modifier::BOLD | Modifier::UNDERLINED, Modifier::DIM) > 2,
        "disputed"
    );
    let mut app = self::app(120, 40, Theme::no_colour());
    type_keys(&mut app, "/establishment manchukuo");
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, "m");
    assert!(count(&app, Modifier::ITALIC, Modifier::DIM) > 20, "extent");
}

/// The map (era 5) and the chart (Japan–Soviet trade) at two sizes, as the explorer draws them.
fn map_and_chart_screens(theme: Theme) -> Vec<(String, Terminal<TestBackend>)> {
    let mut out = Vec::new();
    for (width, height) in [(80, 24), (120, 40)] {
        let mut map = app(width, height, theme);
        type_keys(&mut map, "5m");
        out.push((format!("map {width}x{height}"), terminal(&map)));
        let mut chart = app(width, height, theme);
        type_keys(&mut chart, "/japan soviet economic");
        press(&mut chart, KeyCode::Enter);
        type_keys(&mut chart, "c");
        out.push((format!("chart {width}x{height}"), terminal(&chart)));
    }
    out
}

/// The light theme exists to avoid yellow and cyan, which wash out on a light background;
/// the map and chart once drew them anyway (101 and 238 cells at 120x40 on these screens).
#[test]
fn light_theme_map_and_chart_draw_no_yellow_or_cyan() {
    use ratatui::style::Color;
    let washed_out = [
        Color::Yellow,
        Color::LightYellow,
        Color::Cyan,
        Color::LightCyan,
    ];
    let found: Vec<String> = map_and_chart_screens(Theme::light())
        .into_iter()
        .filter_map(|(what, terminal)| {
            let cells = terminal
                .backend()
                .buffer()
                .content()
                .iter()
                .filter(|cell| washed_out.contains(&cell.fg) || washed_out.contains(&cell.bg))
                .count();
            (cells > 0).then(|| format!("{what}: {cells}"))
        })
        .collect();
    assert!(
        found.is_empty(),
        "yellow or cyan cells: {}",
        found.join(", ")
    );
}

/// Without colour nothing but the terminal's own colours is drawn, on any screen.
#[test]
fn no_colour_map_and_chart_draw_no_colour() {
    use ratatui::style::Color;
    for (what, terminal) in map_and_chart_screens(Theme::no_colour()) {
        let coloured = terminal
            .backend()
            .buffer()
            .content()
            .iter()
            .filter(|cell| cell.fg != Color::Reset || cell.bg != Color::Reset)
            .count();
        assert_eq!(coloured, 0, "{what}: {coloured} coloured cells");
    }
}

#[test]
fn era_page_at_two_sizes() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut app = app(w, h, Theme::standard());
        type_keys(&mut app, "5e");
        insta::assert_snapshot!(format!("era_page_{w}x{h}"), screen(&app));
    }
}

#[test]
fn era_page_scrolled_to_its_borders() {
    let mut app = app(80, 24, Theme::standard());
    type_keys(&mut app, "4e");
    press(&mut app, KeyCode::End);
    insta::assert_snapshot!("era_page_end_80x24", screen(&app));
}

#[test]
fn timeline_at_200_columns_shows_dates_whole() {
    let mut app = app(200, 60, Theme::standard());
    type_keys(&mut app, "4");
    insta::assert_snapshot!("timeline_dates_200x60", screen(&app));
}

/// The axis at three sizes: the whole span, a decade, months; both groupings; without colour
/// (the modifiers snapshot shows the selection and kinds kept by reverse video and bold).
#[test]
fn axis_at_three_sizes_and_zooms() {
    for (width, height) in [(80, 24), (120, 40), (200, 60)] {
        let mut app = app(width, height, Theme::no_colour());
        type_keys(&mut app, "t0");
        insta::assert_snapshot!(format!("axis_whole_{width}x{height}"), screen(&app));
        type_keys(&mut app, "s");
        insta::assert_snapshot!(format!("axis_whole_by_side_{width}x{height}"), screen(&app));
        // Era 4 (1930–1945) halved: about eight years, ticked by the year.
        type_keys(&mut app, "s4+");
        insta::assert_snapshot!(format!("axis_decade_{width}x{height}"), screen(&app));
        type_keys(&mut app, "s");
        insta::assert_snapshot!(
            format!("axis_decade_by_side_{width}x{height}"),
            screen(&app)
        );
        // Down to months around the Neutrality Pact.
        type_keys(&mut app, "s/neutrality pact");
        press(&mut app, KeyCode::Enter);
        type_keys(&mut app, "++++");
        insta::assert_snapshot!(format!("axis_months_{width}x{height}"), screen(&app));
    }
}

#[test]
fn axis_without_colour_keeps_its_distinctions() {
    let mut app = app(120, 40, Theme::no_colour());
    type_keys(&mut app, "5t");
    insta::assert_snapshot!("axis_modifiers_120x40", modifiers(&app));
}

/// `nisso timeline --axis` as the command line prints it (run in this process).
fn axis_text(args: &[&str]) -> String {
    let mut all = vec!["timeline", "--axis"];
    all.extend(args);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let status = nisso::cli::run_in_process(&all, &mut out, &mut err);
    assert_eq!(status, 0, "{}", String::from_utf8_lossy(&err));
    String::from_utf8(out).unwrap()
}

#[test]
fn timeline_axis_whole_span_and_months() {
    insta::assert_snapshot!("timeline_axis_100", axis_text(&["--width", "100"]));
    insta::assert_snapshot!(
        "timeline_axis_1904_1906_120",
        axis_text(&["--from", "1904", "--to", "1906", "--width", "120"])
    );
}
