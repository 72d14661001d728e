//! The explorer driven by key sequences and rendered into ratatui's TestBackend.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use nisso::dataset::{Catalog, load_embedded};
use nisso::model::Kind;
use nisso::search::{DocKind, Target};
use nisso::ui::app::{Action, App, Focus, LinkRow};
use nisso::ui::keymap::Scope;
use nisso::ui::theme::Theme;
use nisso::ui::{draw, keymap};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn new_app(width: u16, height: u16) -> App {
    let catalog = Catalog::new(load_embedded().expect("embedded dataset"));
    App::with_theme(catalog, Theme::no_colour(), width, height)
}

/// An event through the event loop's own path (`ui::handle_event`), then settled.
fn send(app: &mut App, event: Event) {
    nisso::ui::handle_event(app, &event);
}

fn key(app: &mut App, code: KeyCode) {
    send(app, Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn key_with(app: &mut App, code: KeyCode, mods: KeyModifiers) {
    send(app, Event::Key(KeyEvent::new(code, mods)));
}

fn keys(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn render(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    terminal.draw(|frame| draw::draw(frame, app)).unwrap();
    nisso::ui::buffer_text(terminal.backend().buffer())
}

fn current_name(app: &App) -> String {
    app.current
        .map(|e| app.catalog.entity(e).name.clone())
        .unwrap_or_default()
}

fn current_id(app: &App) -> String {
    app.current
        .map(|e| app.catalog.entity(e).id.clone())
        .unwrap_or_default()
}

#[test]
fn era_keys_jump_and_the_era_bar_follows() {
    let mut app = new_app(120, 40);
    keys(&mut app, "5");
    let screen = render(&app);
    assert!(
        screen.contains("Era 5 · Restoration of relations (1946–1960)"),
        "{screen}"
    );
    let era = app.catalog.era_index_of("restoration").unwrap();
    assert_eq!(
        app.catalog
            .era_of(app.catalog.entity_at(app.timeline.row).unwrap()),
        era
    );
    assert_eq!(app.timeline.row, app.catalog.era_first_row(era));
    // The era heading and the first event are both on screen.
    assert!(screen.contains("── 5 · Restoration of relations"));
    assert!(screen.contains(&current_name(&app)));

    keys(&mut app, "l");
    assert!(render(&app).contains("Era 6 · Improving relations"));
    key(&mut app, KeyCode::Left);
    assert!(render(&app).contains("Era 5 · Restoration"));
    keys(&mut app, "]");
    keys(&mut app, "]");
    assert!(render(&app).contains("Era 7 · Strains on relations"));
    keys(&mut app, "[");
    assert!(render(&app).contains("Era 6 · Improving relations"));
    keys(&mut app, "9");
    assert!(render(&app).contains("Era 9 · Aftermath"));
    keys(&mut app, "l"); // past the last era: stays
    assert!(render(&app).contains("Era 9 · Aftermath"));
    keys(&mut app, "1");
    assert_eq!(app.timeline.row.0, 0);
}

#[test]
fn timeline_movement_keeps_selection_in_view() {
    let mut app = new_app(100, 30);
    for _ in 0..60 {
        keys(&mut app, "j");
    }
    let screen = render(&app);
    // The selected name's start is on screen (cut by characters: names hold "–").
    let start: String = current_name(&app).chars().take(20).collect();
    assert!(screen.contains(&start), "{start:?} not in\n{screen}");
    key(&mut app, KeyCode::End);
    assert_eq!(app.timeline.row.0, app.catalog.timeline().len() - 1);
    assert!(render(&app).contains(&format!(
        "{}/{}",
        app.catalog.timeline().len(),
        app.catalog.timeline().len()
    )));
    keys(&mut app, "g");
    assert_eq!(app.timeline.row.0, 0);
    key(&mut app, KeyCode::PageDown);
    assert!(app.timeline.row.0 > 10);
}

#[test]
fn search_opens_a_result_and_escape_returns() {
    let mut app = new_app(120, 40);
    keys(&mut app, "3");
    let before = (app.timeline.row.0, app.current);
    keys(&mut app, "/joint declaration");
    assert_eq!(app.mode(), Scope::Search);
    let screen = render(&app);
    assert!(screen.contains("/ joint declaration"), "{screen}");
    assert!(screen.contains("Soviet–Japanese Joint Declaration of 1956"));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Scope::Browse);
    assert_eq!((app.timeline.row.0, app.current), before);

    keys(&mut app, "/joint declaration");
    key(&mut app, KeyCode::Enter);
    assert_eq!(current_id(&app), "soviet-japanese-joint-declaration-1956");
    // An event or treaty is also selected on the timeline, and its era is shown.
    assert_eq!(
        app.catalog.entity_at(app.timeline.row).unwrap(),
        app.current.unwrap()
    );
    let screen = render(&app);
    assert!(screen.contains("Era 5 · Restoration"));
    assert!(screen.contains("19 October 1956"));
}

#[test]
fn search_folds_diacritics_and_highlights_in_the_list() {
    let mut app = new_app(120, 40);
    keys(&mut app, "/keizo");
    let state = app.search().unwrap();
    assert_eq!(hit_id(&app, &state.hits[0]), "keizo-obuchi");
    assert!(render(&app).contains("Keizō Obuchi"));
    key_with(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    keys(&mut app, "Рамзай");
    let state = app.search().unwrap();
    assert_eq!(hit_id(&app, &state.hits[0]), "richard-sorge");
    assert!(render(&app).contains("as Рамза́й"));
}

#[test]
fn search_kind_filter_is_visible_and_changes_from_the_keyboard() {
    let mut app = new_app(120, 40);
    keys(&mut app, "/sorge");
    key(&mut app, KeyCode::Tab); // People
    let state = app.search().unwrap();
    assert!(!state.hits.is_empty());
    assert!(
        state
            .hits
            .iter()
            .all(|h| app.index.kind_of(h.target) == DocKind::Entity(Kind::Person))
    );
    key(&mut app, KeyCode::Tab); // Treaties
    key(&mut app, KeyCode::Tab); // Events
    let state = app.search().unwrap();
    assert!(
        state
            .hits
            .iter()
            .all(|h| app.index.kind_of(h.target) == DocKind::Entity(Kind::Event))
    );
    assert!(render(&app).contains("Kind:  All   People   Treaties   Events"));
    key(&mut app, KeyCode::BackTab);
    assert_eq!(
        app.search().unwrap().kind,
        Some(DocKind::Entity(Kind::Treaty))
    );
    key(&mut app, KeyCode::End);
    let state = app.search().unwrap();
    assert_eq!(state.results.selected, state.hits.len().saturating_sub(1));
    key(&mut app, KeyCode::Home);
    assert_eq!(app.search().unwrap().results.selected, 0);
}

fn hit_id(app: &App, hit: &nisso::search::Hit) -> String {
    match hit.target {
        Target::Entity(e) => app.catalog.entity(e).id.clone(),
        Target::Era(e) => app.catalog.era(e).id.clone(),
    }
}

#[test]
fn search_rows_show_dates_as_the_details_pane_does() {
    let mut app = new_app(140, 40);
    keys(&mut app, "/sorge");
    let screen = render(&app);
    // Reader's dates, not "1895–1944-11-07" or "mid 1941-09".
    assert!(screen.contains("1895 – 7 November 1944"), "{screen}");
    assert!(screen.contains("mid-September 1941"), "{screen}");
    assert!(!screen.contains("1944-11-07"), "{screen}");
}

#[test]
fn an_era_result_jumps_the_timeline_to_the_era() {
    let mut app = new_app(120, 40);
    keys(&mut app, "/improving relations");
    let state = app.search().unwrap();
    assert_eq!(hit_id(&app, &state.hits[0]), "improving-relations");
    assert!(render(&app).contains("era"));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Scope::Browse);
    let era = app.catalog.era_index_of("improving-relations").unwrap();
    assert_eq!(app.current_era(), era);
    assert_eq!(app.timeline.row, app.catalog.era_first_row(era));
    // The era filter lists eras only.
    keys(&mut app, "/relations");
    while app.search().unwrap().kind != Some(DocKind::Era) {
        key(&mut app, KeyCode::Tab);
    }
    let state = app.search().unwrap();
    assert!(state.hits.len() >= 3);
    assert!(
        state
            .hits
            .iter()
            .all(|h| matches!(h.target, Target::Era(_)))
    );
    assert!(render(&app).contains(" Eras "));
}

#[test]
fn no_matches_offers_the_closest_names_and_enter_opens_one() {
    let mut app = new_app(120, 40);
    keys(&mut app, "/gorbqqqqv zzz");
    let state = app.search().unwrap();
    assert!(state.suggested);
    let screen = render(&app);
    assert!(
        screen.contains("No matches for 'gorbqqqqv zzz'."),
        "{screen}"
    );
    assert!(screen.contains("Did you mean:"), "{screen}");
    assert!(screen.contains("Mikhail Gorbachev"), "{screen}");
    key(&mut app, KeyCode::Enter);
    assert_eq!(current_id(&app), "mikhail-gorbachev");
}

#[test]
fn query_syntax_works_in_the_prompt_and_mistakes_are_said() {
    let mut app = new_app(120, 40);
    keys(&mut app, "/kind:treaty 1941..1945");
    let state = app.search().unwrap();
    let ids: Vec<String> = state.hits.iter().map(|h| hit_id(&app, h)).collect();
    assert_eq!(ids, ["soviet-japanese-neutrality-pact", "yalta-agreement"]);
    key_with(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    keys(&mut app, "kind:peple sorge");
    let screen = render(&app);
    assert!(
        screen.contains("unknown kind 'peple'; did you mean 'person'?"),
        "{screen}"
    );
    // The rest of the query still works.
    assert!(screen.contains("Richard Sorge"), "{screen}");
}

#[test]
fn a_typo_is_highlighted_on_the_letters_that_match() {
    let mut app = new_app(120, 40);
    keys(&mut app, "/neutrality pakt");
    let state = app.search().unwrap();
    assert_eq!(
        hit_id(&app, &state.hits[0]),
        "soviet-japanese-neutrality-pact"
    );
    let positions = app
        .index
        .positions(&app.catalog, &state.hits[0], state.query());
    let name: Vec<char> = "Soviet–Japanese Neutrality Pact".chars().collect();
    let marked: String = positions.iter().map(|&p| name[p]).collect();
    assert_eq!(marked, "NeutralityPact");
}

fn select_link_to(app: &mut App, id: &str) {
    while app.focus != Focus::Links {
        key(app, KeyCode::Tab);
    }
    keys(app, "g");
    for _ in 0..app.links.rows.len() {
        if let Some(entity) = app.links.selected_entity()
            && app.catalog.entity(entity).id == id
        {
            return;
        }
        keys(app, "j");
    }
    panic!("no link to {id}");
}

#[test]
fn links_are_followed_and_history_goes_back_and_forward() {
    let mut app = new_app(120, 40);
    keys(&mut app, "/joint declaration");
    key(&mut app, KeyCode::Enter);
    select_link_to(&mut app, "habomai-islands");
    // Starred: Article 9's promise of the islands is general knowledge.
    assert!(render(&app).contains("→ concerns*: Habomai Islands"));
    key(&mut app, KeyCode::Enter);
    assert_eq!(current_id(&app), "habomai-islands");
    let screen = render(&app);
    assert!(screen.contains("Place"));
    // The island's page lists what links to it.
    assert!(
        screen.contains("← subject of*: Soviet–Japanese Joint Declaration of 1956"),
        "{screen}"
    );

    key(&mut app, KeyCode::Backspace);
    assert_eq!(current_id(&app), "soviet-japanese-joint-declaration-1956");
    key_with(&mut app, KeyCode::Right, KeyModifiers::ALT);
    assert_eq!(current_id(&app), "habomai-islands");
    key_with(&mut app, KeyCode::Left, KeyModifiers::ALT);
    assert_eq!(current_id(&app), "soviet-japanese-joint-declaration-1956");
}

#[test]
fn following_a_link_to_an_event_selects_it_on_the_timeline() {
    let mut app = new_app(120, 40);
    keys(&mut app, "/richard sorge");
    key(&mut app, KeyCode::Enter);
    assert_eq!(current_id(&app), "richard-sorge");
    select_link_to(&mut app, "arrest-of-richard-sorge");
    key(&mut app, KeyCode::Enter);
    assert_eq!(current_id(&app), "arrest-of-richard-sorge");
    assert_eq!(
        app.catalog.entity_at(app.timeline.row).unwrap(),
        app.current.unwrap()
    );
}

#[test]
fn help_overlay_lists_every_binding_from_the_keymap() {
    let mut app = new_app(120, 60);
    keys(&mut app, "?");
    assert_eq!(app.mode(), Scope::Help);
    let lines: Vec<String> = nisso::ui::help::lines(&app.theme, &app.keymap)
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect();
    for binding in keymap::BINDINGS {
        assert!(
            lines
                .iter()
                .any(|l| l.contains(binding.description)
                    && l.contains(&app.keymap.keys_label(binding))),
            "help lacks {}",
            binding.description
        );
    }
    let screen = render(&app);
    assert!(screen.contains("Keys · Esc closes"));
    assert!(screen.contains("Previous era"));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Scope::Browse);
    assert!(!render(&app).contains("Keys · Esc closes"));
}

#[test]
fn status_bar_hints_come_from_the_keymap() {
    let mut app = new_app(120, 40);
    let screen = render(&app);
    let status = screen.lines().last().unwrap().to_string();
    assert!(
        status.contains("/ search") && status.contains("? help") && status.contains("q quit"),
        "{status}"
    );
    keys(&mut app, "/");
    let status = render(&app).lines().last().unwrap().to_string();
    assert!(
        status.contains("SEARCH") && status.contains("Esc cancel"),
        "{status}"
    );
}

#[test]
fn focus_cycles_and_the_border_shows_it() {
    let mut app = new_app(120, 40);
    assert_eq!(app.focus, Focus::Main);
    assert!(render(&app).contains("┏ Timeline"));
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Focus::Details);
    let screen = render(&app);
    assert!(screen.contains("┏ Details") && screen.contains("┌ Timeline"));
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Focus::Links);
    key(&mut app, KeyCode::BackTab);
    assert_eq!(app.focus, Focus::Details);
}

#[test]
fn resize_and_tiny_terminals() {
    let mut app = new_app(120, 40);
    render(&app);
    app.update(Action::Resize(60, 30));
    let screen = render(&app);
    assert!(screen.contains("Timeline"));
    app.update(Action::Resize(20, 5));
    assert!(render(&app).contains("enlarge"));
    for (w, h) in [
        (1, 1),
        (2, 1),
        (1, 2),
        (0, 0),
        (24, 8),
        (40, 10),
        (79, 23),
        (250, 80),
    ] {
        app.update(Action::Resize(w, h));
        let _ = render(&app);
    }
    app.update(Action::Resize(120, 40));
    assert!(render(&app).contains("Timeline"));
}

#[test]
fn wide_characters_keep_the_layout() {
    let mut app = new_app(100, 30);
    keys(&mut app, "/keizo");
    key(&mut app, KeyCode::Enter);
    let screen = render(&app);
    assert!(screen.contains("小渕恵三"), "{screen}");
    // Every row keeps its right border where the details pane ends.
    for line in screen.lines().skip(3).take(10) {
        assert_eq!(unicode_width::UnicodeWidthStr::width(line), 100, "{line}");
    }
}

#[test]
fn mouse_clicks_select_rows_links_and_eras() {
    let mut app = new_app(120, 40);
    let layout = app.layout();
    // Below the border and the era heading, the third event row.
    let y = layout.main.y + 4;
    send(
        &mut app,
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: 5,
            row: y,
            modifiers: KeyModifiers::NONE,
        }),
    );
    assert_eq!(app.timeline.row.0, 2);
    // Click an era label on the bar.
    let (x, _, era) = layout.era_labels[4];
    send(
        &mut app,
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: x,
            row: 0,
            modifiers: KeyModifiers::NONE,
        }),
    );
    assert_eq!(app.current_era().0, era);
    // Wheel over the details pane scrolls it, not the timeline.
    let row = app.timeline.row;
    let details = app.layout().details;
    send(
        &mut app,
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column: details.x + 2,
            row: details.y + 2,
            modifiers: KeyModifiers::NONE,
        }),
    );
    assert_eq!(app.timeline.row, row);
    // Click a link twice: select, then open.
    let links = app.layout().links;
    let first_link = app
        .links
        .rows
        .iter()
        .position(|r| matches!(r, LinkRow::Link { .. }))
        .unwrap();
    let y = links.y + 1 + (first_link - app.links.view.offset) as u16;
    let click = Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: links.x + 3,
        row: y,
        modifiers: KeyModifiers::NONE,
    });
    send(&mut app, click.clone());
    assert_eq!(app.focus, Focus::Links);
    let target = match &app.links.rows[app.links.view.selected] {
        LinkRow::Link { entity, .. } => *entity,
        _ => unreachable!(),
    };
    send(&mut app, click);
    assert_eq!(app.current, Some(target));
}

#[test]
fn key_releases_are_ignored_and_ctrl_c_quits() {
    let mut app = new_app(80, 24);
    let mut release = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
    release.kind = KeyEventKind::Release;
    send(&mut app, Event::Key(release));
    assert_eq!(app.timeline.row.0, 0);
    keys(&mut app, "/abc");
    key_with(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(app.quit);
}

mod random_input {
    use super::*;
    use proptest::prelude::*;

    fn any_key() -> impl Strategy<Value = Event> {
        let codes = prop_oneof![
            proptest::char::range(' ', '~').prop_map(KeyCode::Char),
            Just(KeyCode::Char('Ж')),
            Just(KeyCode::Char('ō')),
            Just(KeyCode::Enter),
            Just(KeyCode::Esc),
            Just(KeyCode::Tab),
            Just(KeyCode::BackTab),
            Just(KeyCode::Backspace),
            Just(KeyCode::Up),
            Just(KeyCode::Down),
            Just(KeyCode::Left),
            Just(KeyCode::Right),
            Just(KeyCode::PageUp),
            Just(KeyCode::PageDown),
            Just(KeyCode::Home),
            Just(KeyCode::End),
        ];
        let mods = prop_oneof![
            4 => Just(KeyModifiers::NONE),
            1 => Just(KeyModifiers::ALT),
            1 => Just(KeyModifiers::CONTROL),
        ];
        let key = (codes, mods).prop_map(|(code, mods)| Event::Key(KeyEvent::new(code, mods)));
        let mouse = (0u16..260, 0u16..90, 0u8..3).prop_map(|(column, row, which)| {
            let kind = match which {
                0 => MouseEventKind::Down(MouseButton::Left),
                1 => MouseEventKind::ScrollDown,
                _ => MouseEventKind::ScrollUp,
            };
            Event::Mouse(MouseEvent {
                kind,
                column,
                row,
                modifiers: KeyModifiers::NONE,
            })
        });
        let resize = (1u16..=250, 1u16..=80).prop_map(|(w, h)| Event::Resize(w, h));
        prop_oneof![20 => key, 3 => mouse, 1 => resize]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
        #[test]
        fn random_keys_at_random_sizes_never_panic(
            width in 1u16..=250,
            height in 1u16..=80,
            events in proptest::collection::vec(any_key(), 1..120),
        ) {
            let mut app = new_app(width, height);
            for event in events {
                if app.quit { break; }
                send(&mut app, event);
                let timeline = app.catalog.timeline().len();
                prop_assert!(app.timeline.row.0 < timeline.max(1));
                let links = &app.links;
                prop_assert!(links.rows.is_empty() || links.view.selected < links.rows.len());
                if !links.rows.is_empty() {
                    let is_link = matches!(links.rows[links.view.selected], LinkRow::Link { .. });
                    prop_assert!(is_link);
                }
                prop_assert!(app.details.view.offset <= app.details.lines.len());
                if let Some(state) = app.search() {
                    prop_assert!(state.hits.is_empty() || state.results.selected < state.hits.len());
                }
                if let Some(entity) = app.current {
                    prop_assert!(entity.0 < app.catalog.entity_count());
                }
                let _ = render(&app);
            }
        }
    }
}

#[test]
fn readme_key_table_lists_every_binding() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let title = |scope| {
        keymap::SCOPES
            .iter()
            .find(|(s, _)| *s == scope)
            .map_or("", |(_, title)| *title)
    };
    let mut missing = Vec::new();
    for binding in keymap::BINDINGS {
        let row = format!(
            "| {} | `{}` | {} |",
            title(binding.scope),
            keymap::Keymap::default().keys_label(binding),
            binding.description
        );
        if !readme.contains(&row) {
            missing.push(row);
        }
    }
    assert!(
        missing.is_empty(),
        "README's key table lacks:\n{}",
        missing.join("\n")
    );
}

#[test]
fn map_view_plots_places_and_selects_them() {
    let mut app = new_app(160, 50);
    keys(&mut app, "/vladivostok");
    key(&mut app, KeyCode::Enter);
    assert_eq!(current_id(&app), "vladivostok");
    assert!(render(&app).contains("Press m to see it on the map."));
    keys(&mut app, "m");
    let screen = render(&app);
    assert!(screen.contains("Map · Northeast Asia"), "{screen}");
    assert!(
        screen.contains("Vladivostok"),
        "the selected place is labelled"
    );
    assert!(screen.contains("MAP"));
    // Arrow keys move to another place and open it in details.
    key(&mut app, KeyCode::Up);
    assert_ne!(current_id(&app), "vladivostok");
    assert_eq!(
        app.catalog.entity(app.current.unwrap()).kind,
        nisso::model::Kind::Place
    );
    // A click on a plotted place opens it.
    let area = app.layout().main;
    let map = app.map().unwrap();
    let target = map
        .places
        .iter()
        .copied()
        .find(|&p| Some(p) != app.current)
        .unwrap();
    let hit = (area.x..area.x + area.width)
        .flat_map(|x| (area.y..area.y + area.height).map(move |y| (x, y)))
        .find(|&(x, y)| {
            nisso::ui::map::place_at(area, map.window(), &app.catalog, &map.places, x, y)
                == Some(target)
        });
    let (x, y) = hit.expect("target place is plotted");
    send(
        &mut app,
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: x,
            row: y,
            modifiers: KeyModifiers::NONE,
        }),
    );
    assert_eq!(app.current, Some(target));
    key(&mut app, KeyCode::Esc);
    assert!(render(&app).contains("Timeline"));
    // Small terminals degrade without panicking.
    keys(&mut app, "m");
    for (w, h) in [(30, 10), (24, 8), (10, 3)] {
        app.update(Action::Resize(w, h));
        let _ = render(&app);
    }
}

#[test]
fn chart_is_reachable_from_the_economic_relations_entity() {
    let mut app = new_app(140, 45);
    keys(&mut app, "/economic relations");
    key(&mut app, KeyCode::Enter);
    assert_eq!(current_id(&app), "japan-soviet-economic-relations");
    // The hint sits under the figures, further down the details pane.
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::End);
    assert!(render(&app).contains("Press c to chart these figures by year."));
    key(&mut app, KeyCode::BackTab);
    keys(&mut app, "c");
    let screen = render(&app);
    for needle in [
        "US$ billion",
        "1979",
        "1988",
        "1990",
        "Imports from the Soviet Union",
        "Exports to the Soviet Union",
        "Total trade",
        "CHART",
    ] {
        assert!(screen.contains(needle), "chart lacks {needle}:\n{screen}");
    }
    keys(&mut app, "c");
    assert!(render(&app).contains("Timeline"));
}

/// With NO_COLOR (colour off), no cell carries a colour, and selections still stand out
/// through modifiers.
#[test]
fn no_color_draws_without_colours_but_keeps_the_selection_visible() {
    use ratatui::style::{Color, Modifier};
    let mut app = new_app(140, 45);
    let views: [&str; 4] = ["", "m", "mc", "c/kuril"];
    for keys_to_press in views {
        let mut app_view = new_app(140, 45);
        keys(&mut app_view, keys_to_press);
        let mut terminal = Terminal::new(TestBackend::new(140, 45)).unwrap();
        terminal.draw(|frame| draw::draw(frame, &app_view)).unwrap();
        let buffer = terminal.backend().buffer();
        for cell in buffer.content() {
            assert!(
                matches!(cell.fg, Color::Reset) && matches!(cell.bg, Color::Reset),
                "coloured cell {:?} after {keys_to_press:?}",
                cell
            );
        }
    }
    let mut terminal = Terminal::new(TestBackend::new(140, 45)).unwrap();
    terminal.draw(|frame| draw::draw(frame, &app)).unwrap();
    let buffer = terminal.backend().buffer();
    let layout = app.layout();
    let selected_y = layout.main.y + 2; // heading, then the selected first event
    assert!(
        buffer[(layout.main.x + 2, selected_y)]
            .modifier
            .contains(Modifier::REVERSED)
    );
    keys(&mut app, "/sorge");
    terminal.draw(|frame| draw::draw(frame, &app)).unwrap();
    let buffer = terminal.backend().buffer();
    let matched = buffer
        .content()
        .iter()
        .filter(|c| c.modifier.contains(Modifier::UNDERLINED | Modifier::BOLD))
        .count();
    assert!(matched >= 5, "matched characters are underlined and bold");
}

#[test]
fn on_the_focused_map_arrows_move_between_places_and_brackets_change_era() {
    let mut app = new_app(160, 50);
    keys(&mut app, "/vladivostok");
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "m");
    let era = app.current_era();
    let west = app.catalog.entity(app.current.unwrap()).coords.unwrap().lon;
    keys(&mut app, "l");
    assert_eq!(
        app.current_era(),
        era,
        "l moves on the map, not to the next era"
    );
    let east = app.catalog.entity(app.current.unwrap()).coords.unwrap().lon;
    assert!(east > west, "moved east: {west} → {east}");
    let status = render(&app).lines().last().unwrap().to_string();
    assert!(
        status.contains("MAP") && status.contains("l place") && status.contains("] era"),
        "{status}"
    );
    keys(&mut app, "]");
    assert_eq!(app.current_era().0, era.0 + 1);
    // With the focus elsewhere, l changes era again.
    key(&mut app, KeyCode::Tab);
    keys(&mut app, "l");
    assert_eq!(app.current_era().0, era.0 + 2);
}

#[test]
fn details_pane_and_show_say_the_same_in_the_same_order() {
    // The explorer's details and `nisso show` render one presentation: every paragraph of
    // the details pane (unwrapped at a wide width) appears in the command's output, in
    // the same order.
    let mut app = App::with_theme(
        Catalog::new(load_embedded().unwrap()),
        Theme::no_colour(),
        400,
        60,
    );
    let pact = app
        .catalog
        .index_of("soviet-japanese-neutrality-pact")
        .unwrap();
    app.open_entity(pact, false);
    let shown = std::process::Command::new(env!("CARGO_BIN_EXE_nisso"))
        .args(["show", "soviet-japanese-neutrality-pact"])
        .output()
        .unwrap();
    let shown = String::from_utf8(shown.stdout).unwrap();
    let mut from = 0;
    for line in &app.details.lines {
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        if text.is_empty() || text.starts_with("Press ") {
            continue;
        }
        match shown[from..].find(&text) {
            Some(at) => from += at + text.len(),
            None => panic!("{text:?} is not in `nisso show` (after byte {from}):\n{shown}"),
        }
    }
}

#[test]
fn d_and_shift_d_visit_every_entry_where_sources_disagree() {
    let mut app = new_app(120, 40);
    let mut disputed: Vec<String> = app
        .catalog
        .entities()
        .filter(|e| !e.disagreements.is_empty())
        .map(|e| e.id.clone())
        .collect();
    assert!(disputed.len() >= 7, "{disputed:?}");
    let mut seen = Vec::new();
    for _ in 0..disputed.len() {
        key(&mut app, KeyCode::Char('d'));
        seen.push(current_id(&app));
        // The section is on screen, whatever the length of the description above it.
        let screen = render(&app);
        assert!(
            screen.contains("Sources disagree"),
            "{}:\n{screen}",
            current_id(&app)
        );
    }
    // Each once, then round again from the first.
    let mut visited = seen.clone();
    visited.sort();
    disputed.sort();
    assert_eq!(visited, disputed);
    key(&mut app, KeyCode::Char('d'));
    assert_eq!(current_id(&app), seen[0]);
    // Shift-D goes the other way, wrapping too.
    key(&mut app, KeyCode::Char('D'));
    assert_eq!(current_id(&app), seen[seen.len() - 1]);
    key(&mut app, KeyCode::Char('D'));
    assert_eq!(current_id(&app), seen[seen.len() - 2]);
    // Back returns along the same path.
    key(&mut app, KeyCode::Backspace);
    assert_eq!(current_id(&app), seen[seen.len() - 1]);
}

/// The explorer over the embedded dataset read back from a cache (entities decoded as
/// they are shown) looks and behaves exactly as over the parsed dataset.
#[test]
fn a_cached_dataset_explores_exactly_as_the_parsed_one() {
    use nisso::cache::{SourceHash, encode, open_bytes};
    let parsed = Catalog::new(load_embedded().unwrap());
    let index = nisso::search::SearchIndex::new(&parsed);
    let source = SourceHash::of(b"embedded");
    let (mut cached, cached_index) = open_bytes(encode(&parsed, &index, &source), &source).unwrap();
    assert!(cached.is_mapped());
    nisso::ui::app::prepare_for_display(&mut cached);
    let mut from_cache = App::with_index(cached, cached_index, Theme::no_colour(), 120, 40);
    let mut direct = new_app(120, 40);
    let steps: [&dyn Fn(&mut App); 9] = [
        &|app| keys(app, "4"),
        &|app| keys(app, "jjjj"),
        &|app| key(app, KeyCode::Tab),
        &|app| key(app, KeyCode::Enter),
        &|app| keys(app, "/sorge"),
        &|app| key(app, KeyCode::Enter),
        &|app| keys(app, "m"),
        &|app| keys(app, "c"),
        &|app| keys(app, "/kind:treaty 1941"),
    ];
    let mut screens = std::collections::BTreeSet::new();
    for (n, step) in steps.iter().enumerate() {
        step(&mut direct);
        step(&mut from_cache);
        let screen = render(&from_cache);
        assert_eq!(screen, render(&direct), "after step {n}");
        screens.insert(screen);
    }
    // The steps went somewhere: an era, details, a search, the map, the chart.
    assert!(screens.len() >= 7, "{}", screens.len());
    assert!(screens.iter().any(|s| s.contains("Richard Sorge")));
}

/// Keys changed in the settings file drive the explorer and are what help and the status
/// bar show.
#[test]
fn remapped_keys_reach_the_help_overlay_and_the_status_bar() {
    let settings = nisso::config::parse(
        "config.toml",
        "[keys.main]\nnext_era = [\"n\", \"Right\"]\nnote = [\"M\"]\nhelp = [\"F1\"]\n",
    )
    .unwrap();
    let mut app = new_app(120, 40);
    app.keymap = settings.keymap;
    let before = app.current_era();
    keys(&mut app, "n");
    assert_eq!(app.current_era().0, before.0 + 1, "n is next era now");
    let status = render(&app);
    let status = status.lines().last().unwrap();
    assert!(status.contains("n era"), "{status}");
    assert!(status.contains("M note"), "{status}");
    // The old key does nothing; the new one opens help, which lists the user's keys.
    keys(&mut app, "?");
    assert_eq!(app.mode(), Scope::Browse);
    key(&mut app, KeyCode::F(1));
    assert_eq!(app.mode(), Scope::Help);
    let lines: Vec<String> = nisso::ui::help::lines(&app.theme, &app.keymap)
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect();
    let row = |description: &str| {
        lines
            .iter()
            .find(|l| l.contains(description))
            .cloned()
            .unwrap_or_default()
    };
    assert!(row("Next era").contains("n →"), "{}", row("Next era"));
    assert!(row("Write or edit your note").contains('M'));
    assert!(row("Help: this list of keys").contains("F1"));
    assert!(
        render(&app).contains("n →"),
        "the overlay on screen shows it too"
    );
}

#[test]
fn bookmarks_and_notes_in_the_explorer() {
    let mut app = new_app(120, 40);
    keys(&mut app, "/sorge");
    key(&mut app, KeyCode::Enter);
    assert_eq!(current_id(&app), "richard-sorge");
    keys(&mut app, "b");
    assert!(app.saved.is_bookmarked("richard-sorge"));
    assert!(render(&app).contains("★ Bookmarked"));
    keys(&mut app, "n");
    assert_eq!(app.mode(), Scope::Note);
    // Enter starts a line; Ctrl-S saves.
    keys(&mut app, "spy in Tokyo");
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "second line");
    key_with(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert_eq!(app.mode(), Scope::Browse);
    assert_eq!(
        app.saved.note("richard-sorge"),
        Some("spy in Tokyo\nsecond line")
    );
    let screen = render(&app);
    assert!(screen.contains("✎ Your note (n edits it):"), "{screen}");
    assert!(screen.contains("│spy in Tokyo"), "{screen}");
    assert!(screen.contains("│second line"), "{screen}");
    // Changes wait for the event loop to write them, in order.
    assert_eq!(app.pending.len(), 2);
    // The list opens a bookmark and removes one.
    keys(&mut app, "1B");
    assert_eq!(app.mode(), Scope::Bookmarks);
    let screen = render(&app);
    assert!(screen.contains("Bookmarks · 1"), "{screen}");
    assert!(screen.contains("★ Richard Sorge"), "{screen}");
    assert!(screen.contains("spy in Tokyo / second line"), "{screen}");
    key(&mut app, KeyCode::Enter);
    assert_eq!(current_id(&app), "richard-sorge");
    keys(&mut app, "Bx");
    assert!(!app.saved.is_bookmarked("richard-sorge"));
    assert!(render(&app).contains("No bookmarks yet"));
    // u brings it back.
    keys(&mut app, "u");
    assert!(app.saved.is_bookmarked("richard-sorge"));
    assert!(render(&app).contains("Bookmarks · 1"));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Scope::Browse);
    // Esc leaves a note as it was: asked once when something changed.
    keys(&mut app, "n");
    keys(&mut app, " more");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Scope::Note);
    assert!(render(&app).contains("Unsaved changes"));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Scope::Browse);
    assert_eq!(
        app.saved.note("richard-sorge"),
        Some("spy in Tokyo\nsecond line")
    );
}

#[test]
fn notes_are_listed_searched_marked_and_removed_with_undo() {
    let mut app = new_app(120, 40);
    keys(&mut app, "/sorge");
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "n");
    keys(&mut app, "compare the zebrafinch telegrams");
    key_with(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
    // The timeline row carries the mark.
    let screen = render(&app);
    let row = screen
        .lines()
        .find(|l| l.contains("Richard Sorge") && l.contains('✎'));
    assert!(row.is_some(), "{screen}");
    // A word of the note finds it, and says where.
    keys(&mut app, "/zebrafinch");
    let screen = render(&app);
    assert!(screen.contains("✎ Richard Sorge"), "{screen}");
    assert!(screen.contains("in your note"), "{screen}");
    key(&mut app, KeyCode::Esc);
    // is:noted keeps only what has a note, with any other term.
    keys(&mut app, "/is:noted telegrams");
    let prompt = app.search().unwrap();
    assert_eq!(prompt.hits.len(), 1);
    key(&mut app, KeyCode::Esc);
    keys(&mut app, "/is:bookmarked");
    assert!(app.search().unwrap().hits.is_empty());
    key(&mut app, KeyCode::Esc);
    // The notes list: e edits, x removes, u brings it back.
    keys(&mut app, "N");
    let screen = render(&app);
    assert!(screen.contains("Notes · 1"), "{screen}");
    assert!(screen.contains("✎ Richard Sorge"), "{screen}");
    keys(&mut app, "e");
    assert_eq!(app.mode(), Scope::Note);
    keys(&mut app, "!");
    key_with(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert_eq!(app.mode(), Scope::Bookmarks);
    assert_eq!(
        app.saved.note("richard-sorge"),
        Some("compare the zebrafinch telegrams!")
    );
    keys(&mut app, "x");
    assert_eq!(app.saved.note("richard-sorge"), None);
    let screen = render(&app);
    assert!(screen.contains("No notes yet"), "{screen}");
    assert!(screen.contains("u brings it back"), "{screen}");
    keys(&mut app, "u");
    assert_eq!(
        app.saved.note("richard-sorge"),
        Some("compare the zebrafinch telegrams!")
    );
}

/// A paste into a note keeps its line breaks (into the search line they are spaces).
#[test]
fn a_pasted_note_keeps_its_lines() {
    let mut app = new_app(100, 30);
    keys(&mut app, "/sorge");
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "n");
    send(&mut app, Event::Paste("one\r\ntwo\nthree".into()));
    key_with(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert_eq!(app.saved.note("richard-sorge"), Some("one\ntwo\nthree"));
}

#[test]
fn question_mark_on_an_empty_prompt_shows_the_syntax_and_types_after_a_word() {
    let mut app = new_app(100, 30);
    keys(&mut app, "/");
    keys(&mut app, "?");
    let screen = render(&app);
    assert!(screen.contains("Search syntax"), "{screen}");
    assert!(screen.contains("HELP"), "{screen}");
    // Closing the help goes back to the prompt, still empty.
    key(&mut app, KeyCode::Esc);
    assert!(render(&app).contains("SEARCH"));
    assert_eq!(app.search().unwrap().query(), "");
    // After a word, ? is a question mark.
    keys(&mut app, "who signed?");
    assert_eq!(app.search().unwrap().query(), "who signed?");
    // F1 shows the syntax whatever the line holds.
    key(&mut app, KeyCode::F(1));
    assert!(render(&app).contains("Search syntax"));
}

#[test]
fn hints_name_the_keys_the_settings_chose() {
    let mut app = new_app(100, 30);
    let open =
        nisso::ui::keymap::Keymap::find(nisso::ui::keymap::Scope::Bookmarks, "open_bookmark")
            .unwrap();
    let syntax =
        nisso::ui::keymap::Keymap::find(nisso::ui::keymap::Scope::Search, "syntax").unwrap();
    app.keymap
        .set_keys(open, vec![nisso::ui::keymap::parse_key("o").unwrap()]);
    app.keymap
        .set_keys(syntax, vec![nisso::ui::keymap::parse_key("F2").unwrap()]);
    keys(&mut app, "b");
    keys(&mut app, "B");
    let screen = render(&app);
    assert!(
        screen.contains("o opens · e edits the note · x removes · u undoes · Esc closes"),
        "{screen}"
    );
    key(&mut app, KeyCode::Esc);
    keys(&mut app, "/zzzzqqq");
    let screen = render(&app);
    assert!(screen.contains("F2 lists the query"), "{screen}");
    key(&mut app, KeyCode::Esc);
    // The details pane's hints too, once the settings' keys are set.
    let mut keymap = app.keymap.clone();
    let map = nisso::ui::keymap::Keymap::find(nisso::ui::keymap::Scope::Browse, "map").unwrap();
    keymap.set_keys(map, vec![nisso::ui::keymap::parse_key("M").unwrap()]);
    app.set_keymap(keymap);
    let place = app.catalog.index_of("vladivostok").unwrap();
    app.open_entity(place, true);
    let text: Vec<String> = app
        .details
        .lines
        .iter()
        .map(|line| line.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect();
    assert!(
        text.iter().any(|l| l == "Press M to see it on the map."),
        "{text:?}"
    );
}

#[test]
fn a_paste_takes_the_loops_path_types_into_the_prompt_only_and_is_cut() {
    let mut app = new_app(100, 30);
    // Outside the prompt a pasted "q" never quits, nor does anything else pasted.
    send(&mut app, Event::Paste("qqq/B?".into()));
    assert!(!app.quit);
    assert!(app.overlays.is_empty());
    keys(&mut app, "/");
    send(&mut app, Event::Paste("kuril\nislands\tq".into()));
    assert_eq!(app.search().unwrap().query(), "kuril islands q");
    assert!(!app.quit);
    // A huge paste is cut to what the prompt holds, and says so.
    key_with(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    send(&mut app, Event::Paste("a".repeat(100_000)));
    let query = app.search().unwrap().query().chars().count();
    assert!((1..=300).contains(&query), "{query}");
    assert!(render(&app).contains("cut at"), "{}", render(&app));
}

/// Open an entity through the search prompt (the usual open path) by its exact id.
fn open_by_search(app: &mut App, query: &str, id: &str) {
    keys(app, "/");
    keys(app, query);
    key(app, KeyCode::Enter);
    assert_eq!(current_id(app), id, "{query}");
}

fn entity_id(app: &App, id: &str) -> nisso::dataset::EntityIx {
    app.catalog
        .index_of(id)
        .unwrap_or_else(|| panic!("no {id}"))
}

/// The cell of the marker drawn for a place on the map (the glyph `symbol` there), found
/// through the map's own hit-testing.
fn marker_cell(app: &App, place: nisso::dataset::EntityIx, symbol: &str) -> Option<(u16, u16)> {
    let mut terminal = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    terminal.draw(|frame| draw::draw(frame, app)).unwrap();
    let buffer = terminal.backend().buffer();
    let area = app.layout().main;
    let map = app.map()?;
    (area.x..area.x + area.width)
        .flat_map(|x| (area.y..area.y + area.height).map(move |y| (x, y)))
        .find(|&(x, y)| {
            buffer[(x, y)].symbol() == symbol
                && nisso::ui::map::place_at(area, map.window(), &app.catalog, &map.places, x, y)
                    == Some(place)
        })
}

#[test]
fn the_map_marks_the_shown_entrys_own_places_not_the_first_in_the_list() {
    use ratatui::style::Modifier;
    let mut app = new_app(120, 40);
    // From the start, the map's selection is the first entry's own place, not the list's
    // first (westernmost) place.
    let first = app.current.unwrap();
    let own = nisso::ui::map::places_of(&app.catalog, first);
    let map = app.map().unwrap();
    assert_eq!(map.marked, own);
    assert_eq!(
        map.selected,
        own.iter().copied().find(|p| map.places.contains(p))
    );
    assert_ne!(map.selected, map.places.first().copied());

    keys(&mut app, "m");
    // An event that took place at Khalkhin Gol, opened with the map up.
    open_by_search(&mut app, "battle of khalkhin gol", "battle-of-khalkhin-gol");
    assert_eq!(app.view, nisso::ui::app::View::Map, "the map stays up");
    let khalkhin = entity_id(&app, "khalkhin-gol");
    let map = app.map().unwrap();
    assert_eq!(map.marked, vec![khalkhin]);
    assert_eq!(map.selected, Some(khalkhin));
    let screen = render(&app);
    assert!(screen.contains("◉ Battle of Khalkhin Gol"), "{screen}");
    assert!(screen.contains("Khalkhin Gol"), "{screen}");
    // Marked by glyph and by modifier (the no-colour theme): ◉ in bold reverse video,
    // the era's places ◆ in bold only.
    let (x, y) = marker_cell(&app, khalkhin, "◉").expect("Khalkhin Gol marked ◉");
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal.draw(|frame| draw::draw(frame, &app)).unwrap();
    let buffer = terminal.backend().buffer();
    assert!(
        buffer[(x, y)]
            .modifier
            .contains(Modifier::REVERSED | Modifier::BOLD)
    );
    let era_marker = buffer
        .content()
        .iter()
        .find(|cell| cell.symbol() == "◆")
        .expect("the era's places are drawn");
    assert!(!era_marker.modifier.contains(Modifier::REVERSED));
    // One on the map, one in the legend.
    assert_eq!(
        buffer
            .content()
            .iter()
            .filter(|c| c.symbol() == "◉")
            .count(),
        2,
        "only the shown entry's place is marked"
    );
    // The keyboard moves from the marked place.
    let west = app.catalog.coords(khalkhin).unwrap().lon;
    keys(&mut app, "l");
    let east = app.catalog.coords(app.current.unwrap()).unwrap().lon;
    assert!(east > west, "moved east of Khalkhin Gol: {west} → {east}");
    assert_eq!(app.map().unwrap().marked, vec![app.current.unwrap()]);

    // An event about two places marks both.
    open_by_search(
        &mut app,
        "soviet warning over the us japan security treaty",
        "soviet-warning-over-security-treaty",
    );
    let both = [
        entity_id(&app, "habomai-islands"),
        entity_id(&app, "shikotan"),
    ];
    let map = app.map().unwrap();
    assert!(
        both.iter().all(|p| map.marked.contains(p)),
        "{:?}",
        map.marked
    );
    // Both named (their markers may share a cell at this size).
    let screen = render(&app);
    assert!(
        screen.contains("Habomai") && screen.contains("Shikotan"),
        "{screen}"
    );
    assert!(marker_cell(&app, both[0], "◉").is_some() || marker_cell(&app, both[1], "◉").is_some());

    // An entry without a place: the map says so and marks nothing.
    open_by_search(&mut app, "second world war", "world-war-ii");
    assert!(app.map().unwrap().marked.is_empty());
    assert_eq!(app.map().unwrap().selected, None);
    let screen = render(&app);
    assert!(screen.contains("no place recorded"), "{screen}");
    assert!(!screen.contains('◉'), "{screen}");
    // Said on a narrow map too.
    app.update(Action::Resize(80, 24));
    assert!(
        render(&app).contains("no place recorded"),
        "{}",
        render(&app)
    );
    app.update(Action::Resize(120, 40));
    // Keys then start from a place of the era on screen.
    keys(&mut app, "j");
    assert_eq!(app.catalog.kind(app.current.unwrap()), Kind::Place);
}

#[test]
fn dot_and_comma_step_through_time_with_the_map_up() {
    let mut app = new_app(160, 50);
    open_by_search(
        &mut app,
        "establishment of manchukuo",
        "establishment-of-manchukuo",
    );
    keys(&mut app, "mz");
    let start = app.timeline.row.0;
    let timeline = app.catalog.timeline().to_vec();
    // Forward through the rest of the era and into the next: details, timeline and era
    // follow, the map stays up and shows each entry's places and the borders of its date.
    let mut era_changed = false;
    for step in 1..=40 {
        let era = app.current_era();
        keys(&mut app, ".");
        let Some(&expected) = timeline.get(start + step) else {
            break;
        };
        assert_eq!(app.current, Some(expected));
        assert_eq!(app.timeline.row.0, start + step);
        assert_eq!(app.view, nisso::ui::app::View::Map);
        assert_eq!(app.current_era(), app.catalog.era_of(expected));
        era_changed |= app.current_era() != era;
        assert_eq!(
            app.map().unwrap().marked,
            nisso::ui::map::places_of(&app.catalog, expected)
        );
        let screen = render(&app);
        let name: String = app.catalog.entity(expected).name.chars().take(30).collect();
        assert!(screen.contains(&name) || screen.contains("Map"), "{screen}");
        if let Some(date) = app.catalog.date(expected) {
            let year = date.start_only().human();
            assert!(
                screen.contains(&format!("borders of {year}")),
                "borders of {year} for {name}:\n{screen}"
            );
        }
    }
    assert!(era_changed, "stepping crossed into the next era");
    // Back one at a time with `,`, and Backspace retraces the steps taken.
    let here = app.timeline.row.0;
    keys(&mut app, ",");
    assert_eq!(app.timeline.row.0, here - 1);
    key(&mut app, KeyCode::Backspace);
    assert_eq!(app.timeline.row.0, here);
    assert_eq!(app.view, nisso::ui::app::View::Map);
    // The ends: nothing before the first entry, nothing after the last.
    keys(&mut app, "1");
    let first = app.catalog.entity_at(nisso::dataset::RowIx(0));
    assert_eq!(app.current, first);
    keys(&mut app, ",");
    assert_eq!(app.current, first);
    keys(&mut app, "9");
    for _ in 0..timeline.len() {
        keys(&mut app, ".");
    }
    assert_eq!(app.current, timeline.last().copied());
    keys(&mut app, ".");
    assert_eq!(app.current, timeline.last().copied());
}

#[test]
fn z_maximises_the_focused_pane_tab_moves_it_and_clicks_land_on_it() {
    let mut app = new_app(120, 40);
    let normal = app.layout();
    keys(&mut app, "z");
    assert!(app.maximised);
    let layout = app.layout();
    assert_eq!(layout.main, layout.body);
    assert_eq!(layout.body, normal.body);
    assert_eq!((layout.details.width, layout.links.width), (0, 0));
    let screen = render(&app);
    assert!(screen.contains("┏ Timeline"), "{screen}");
    assert!(
        !screen.contains("Details") && !screen.contains("Links"),
        "{screen}"
    );
    let status = screen.lines().last().unwrap().to_string();
    assert!(
        status.contains("MAXIMISED") && status.contains("z restore"),
        "{status}"
    );

    // Tab: the next pane, maximised.
    key(&mut app, KeyCode::Tab);
    let layout = app.layout();
    assert_eq!(layout.details, layout.body);
    assert_eq!(layout.main.width, 0);
    let screen = render(&app);
    assert!(
        screen.contains("┏ Details") && !screen.contains("Timeline"),
        "{screen}"
    );
    // The details are wrapped for the whole width.
    assert!(app.details.lines.iter().any(|line| line.width() > 60));
    key(&mut app, KeyCode::Tab);
    let layout = app.layout();
    assert_eq!(layout.links, layout.body);
    // A click on a link of the maximised links pane selects it, a second opens it.
    let selected = app.links.view.selected;
    let first_link = app
        .links
        .rows
        .iter()
        .enumerate()
        .position(|(i, r)| i != selected && matches!(r, LinkRow::Link { .. }))
        .unwrap();
    let y = layout.links.y + 1 + (first_link - app.links.view.offset) as u16;
    let click = Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: layout.links.x + 80,
        row: y,
        modifiers: KeyModifiers::NONE,
    });
    let target = match &app.links.rows[first_link] {
        LinkRow::Link { entity, .. } => *entity,
        _ => unreachable!(),
    };
    send(&mut app, click.clone());
    send(&mut app, click);
    assert_eq!(app.current, Some(target));
    assert_eq!(app.focus, Focus::Links);

    // The map maximised: a click on a place opens it.
    key(&mut app, KeyCode::Tab);
    keys(&mut app, "m");
    assert_eq!(app.focus, Focus::Main);
    let area = app.layout().main;
    assert_eq!(area, app.layout().body);
    let map = app.map().unwrap();
    // The easternmost place, on the right half where the details pane was.
    let place = map
        .places
        .iter()
        .rev()
        .copied()
        .find(|&p| Some(p) != app.current)
        .unwrap();
    let (x, y) = (area.x..area.x + area.width)
        .flat_map(|x| (area.y..area.y + area.height).map(move |y| (x, y)))
        .find(|&(x, y)| {
            nisso::ui::map::place_at(area, map.window(), &app.catalog, &map.places, x, y)
                == Some(place)
        })
        .expect("the place is on the maximised map");
    assert!(x >= 60, "the click is where the details pane was: {x}");
    send(
        &mut app,
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: x,
            row: y,
            modifiers: KeyModifiers::NONE,
        }),
    );
    assert_eq!(app.current, Some(place));

    // Every size, 1x1 included, draws maximised; where panes fit, the focused one has the
    // body.
    for (w, h) in [
        (1, 1),
        (2, 1),
        (23, 7),
        (24, 8),
        (40, 10),
        (80, 24),
        (250, 80),
    ] {
        app.update(Action::Resize(w, h));
        let _ = render(&app);
        let layout = app.layout();
        if !layout.too_small {
            assert_eq!(layout.main, layout.body, "{w}x{h}");
        }
    }
    app.update(Action::Resize(120, 40));
    // z again: every pane back.
    keys(&mut app, "z");
    assert!(!app.maximised);
    assert_eq!(app.layout().details, normal.details);
    let screen = render(&app);
    assert!(screen.contains("Map") && screen.contains("Details") && screen.contains("Links"));
    assert!(!screen.contains("MAXIMISED"));
}

fn page(app: &App) -> &nisso::ui::era_page::EraPage {
    app.overlays
        .last()
        .and_then(|top| top.as_any().downcast_ref())
        .expect("the era page is open")
}

#[test]
fn era_headings_are_selected_with_j_and_k_and_enter_opens_the_eras_page() {
    let mut app = new_app(120, 40);
    let era = app.catalog.era_index_of("restoration").unwrap();
    keys(&mut app, "5");
    assert_eq!(app.timeline.heading, None);
    // k from the era's first event selects its heading; the row stays the first event's.
    keys(&mut app, "k");
    assert_eq!(app.timeline.heading, Some(era));
    assert_eq!(app.timeline.row, app.catalog.era_first_row(era));
    assert_eq!(app.current_era(), era);
    // k again: the last event of the era before.
    keys(&mut app, "k");
    assert_eq!(app.timeline.heading, None);
    assert_eq!(app.timeline.row.0 + 1, app.catalog.era_first_row(era).0);
    keys(&mut app, "j");
    assert_eq!(app.timeline.heading, Some(era));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Scope::EraPage);
    assert_eq!(page(&app).era, era);
    let screen = render(&app);
    for needle in [
        "Era 5 · Restoration of relations",
        "1946–1960 · 14 years",
        "Key entries",
        "Enter opens",
    ] {
        assert!(screen.contains(needle), "{needle} missing:\n{screen}");
    }
    // Enter on a key entry opens it as a search result opens.
    keys(&mut app, "j");
    let chosen = page(&app).entries[page(&app).chosen];
    assert_eq!(page(&app).chosen, 1);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Scope::Browse);
    assert_eq!(app.current, Some(chosen));
    assert_eq!(app.timeline.heading, None);
    // Back returns to where the page was opened.
    key(&mut app, KeyCode::Backspace);
    assert_eq!(app.timeline.row, app.catalog.era_first_row(era));
}

#[test]
fn e_opens_the_current_eras_page_and_esc_closes_it() {
    let mut app = new_app(80, 24);
    keys(&mut app, "3e");
    assert_eq!(app.mode(), Scope::EraPage);
    assert_eq!(page(&app).era.0, 2);
    assert!(render(&app).contains("Era 3 · Quiet cooperation"));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Scope::Browse);
    keys(&mut app, "ee");
    assert_eq!(app.mode(), Scope::Browse, "e closes the page too");
    // The public entry point, for the axis view.
    app.open_era_page(nisso::dataset::EraIx(8));
    assert_eq!(page(&app).era.0, 8);
    keys(&mut app, "q");
    assert_eq!(app.mode(), Scope::Browse);
    assert!(!app.quit, "q closes the page, it does not quit");
    app.open_era_page(nisso::dataset::EraIx(99));
    assert_eq!(
        app.mode(),
        Scope::Browse,
        "no page for an era that is not there"
    );
}

#[test]
fn clicking_a_heading_selects_it_and_a_second_click_opens_the_page() {
    let mut app = new_app(120, 40);
    let main = app.layout().main;
    // The first line inside the pane is era 1's heading.
    let click = Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: main.x + 3,
        row: main.y + 1,
        modifiers: KeyModifiers::NONE,
    });
    send(&mut app, click.clone());
    assert_eq!(app.timeline.heading, Some(nisso::dataset::EraIx(0)));
    assert_eq!(app.mode(), Scope::Browse);
    send(&mut app, click);
    assert_eq!(app.mode(), Scope::EraPage);
    assert_eq!(page(&app).era.0, 0);
}

#[test]
fn the_era_header_follows_the_entity_that_is_open() {
    let mut app = new_app(120, 40);
    keys(&mut app, "1/richard sorge");
    key(&mut app, KeyCode::Enter);
    assert_eq!(current_id(&app), "richard-sorge");
    let era = app.catalog.era_of(app.current.unwrap());
    assert_eq!(app.current_era(), era);
    let caption = format!("Era {} · {}", era.0 + 1, app.catalog.era_label(era));
    assert!(render(&app).contains(&caption), "{caption}");
    // l goes on from the open entity's era.
    keys(&mut app, "l");
    assert_eq!(app.current_era().0, era.0 + 1);
}

#[test]
fn a_jump_never_lands_the_selection_on_the_last_line() {
    let mut app = new_app(100, 30);
    let last_line = app.timeline.view.len - 1;
    let check = |app: &App, what: &str| {
        let view = app.timeline.view;
        let line = app.timeline.selected_line(&app.catalog);
        assert!(view.visible().contains(&line), "{what}: not in view");
        if line < last_line {
            assert!(
                line + 1 < view.offset + view.height,
                "{what}: on the last line"
            );
        }
    };
    for _ in 0..12 {
        keys(&mut app, "d");
        check(&app, "d");
    }
    for query in ["/perestroika", "/neutrality pact", "/vladivostok summit"] {
        keys(&mut app, query);
        key(&mut app, KeyCode::Enter);
        check(&app, query);
    }
    for _ in 0..40 {
        keys(&mut app, "j");
        check(&app, "j");
    }
    key(&mut app, KeyCode::End);
    check(&app, "End");
}

#[test]
fn dates_are_whole_when_the_list_has_room() {
    let mut app = new_app(200, 60);
    keys(&mut app, "4");
    let screen = render(&app);
    let widest = app
        .catalog
        .era_rows(app.current_era())
        .filter_map(|row| app.catalog.date(app.catalog.entity_at(row).unwrap()))
        .map(|d| d.compact())
        .max_by_key(|d| d.chars().count())
        .unwrap();
    assert!(screen.contains(&widest), "{widest} missing:\n{screen}");
    let main = app.layout().main;
    for line in screen.lines().skip(main.y as usize + 1).take(20) {
        let date: String = line
            .chars()
            .skip(2)
            .take(app.timeline.date_column)
            .collect();
        assert!(!date.contains('…'), "{line}");
    }
}

fn axis(app: &App) -> &nisso::ui::axis_view::AxisPane {
    app.active_view()
        .and_then(|view| view.as_any().downcast_ref())
        .expect("the axis is up")
}

fn axis_start(app: &App, entity: nisso::dataset::EntityIx) -> f64 {
    let pane = axis(app);
    pane.axis().unwrap().item_of(entity).unwrap().extent.start
}

/// The selected entry's start is inside the axis's window.
fn selection_in_window(app: &App) -> bool {
    let pane = axis(app);
    let entity = pane.window.selected.expect("an entry is selected");
    let start = axis_start(app, entity);
    start >= pane.window.start && start < pane.window.start + pane.window.span
}

#[test]
fn t_switches_to_the_axis_and_back_on_the_same_entity() {
    let mut app = new_app(120, 40);
    keys(&mut app, "5jj");
    let chosen = app.current.unwrap();
    keys(&mut app, "t");
    assert_eq!(app.view, nisso::ui::app::View::Axis);
    assert_eq!(app.scopes()[0], Scope::Axis);
    assert_eq!(axis(&app).window.selected, Some(chosen));
    assert!(selection_in_window(&app));
    let screen = render(&app);
    for needle in [
        "Axis · by kind",
        "Events",
        "Treaties",
        "5 Restoration",
        "1950",
    ] {
        assert!(screen.contains(needle), "{needle} missing:\n{screen}");
    }
    // The info line names the selection.
    assert!(screen.contains(&format!(
        "▸ {}",
        app.catalog.entity(chosen).date.unwrap().compact()
    )));
    // l: the next entry in time; the details pane follows, and so does the list after t.
    keys(&mut app, "l");
    let next = app.current.unwrap();
    assert_ne!(next, chosen);
    assert!(axis_start(&app, next) >= axis_start(&app, chosen));
    keys(&mut app, "t");
    assert_eq!(app.view, nisso::ui::app::View::Timeline);
    assert_eq!(app.current, Some(next));
    assert_eq!(Some(app.timeline.row), app.catalog.timeline_row(next));
    assert!(render(&app).contains(&app.catalog.entity(next).name));
    // The settings may open the explorer on the axis.
    let mut opened = new_app(120, 40);
    opened.open_with(nisso::ui::app::View::Axis);
    assert_eq!(opened.view, nisso::ui::app::View::Axis);
    assert!(render(&opened).contains("Axis · by kind"));
    // Esc leaves the axis too.
    keys(&mut app, "t");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.view, nisso::ui::app::View::Timeline);
}

#[test]
fn h_and_l_walk_a_lane_in_time_order_to_its_ends() {
    let mut app = new_app(120, 40);
    keys(&mut app, "1t");
    let lane_len = {
        let pane = axis(&app);
        let (lane, _) = pane.axis().unwrap().locate(app.current.unwrap()).unwrap();
        pane.axis().unwrap().lanes[lane].items.len()
    };
    let mut last = f64::MIN;
    let mut seen = std::collections::HashSet::new();
    for _ in 0..lane_len + 3 {
        let entity = app.current.unwrap();
        let start = axis_start(&app, entity);
        assert!(start >= last, "time went back");
        assert!(selection_in_window(&app));
        last = start;
        seen.insert(entity);
        keys(&mut app, "l");
    }
    assert_eq!(seen.len(), lane_len, "every entry of the lane was visited");
    // At the end, l stays; h goes back one.
    let end = app.current;
    keys(&mut app, "l");
    assert_eq!(app.current, end);
    keys(&mut app, "h");
    assert_ne!(app.current, end);
    // The header's era follows the entry (the axis does not pin it).
    assert_eq!(app.current_era(), app.catalog.era_of(app.current.unwrap()));
}

#[test]
fn zoom_keeps_the_selection_in_view_and_zero_shows_the_whole_span() {
    let mut app = new_app(120, 40);
    keys(&mut app, "4t");
    let whole = axis(&app).axis().unwrap().whole;
    let mut span = axis(&app).window.span;
    for _ in 0..12 {
        keys(&mut app, "+");
        let now = axis(&app).window.span;
        assert!(now <= span && now >= nisso::ui::axis_view::MIN_SPAN - 1e-9);
        assert!(selection_in_window(&app));
        span = now;
    }
    assert!((span - nisso::ui::axis_view::MIN_SPAN).abs() < 1e-9);
    // Zoomed to months, the ruler names months.
    let screen = render(&app);
    assert!(
        ["Feb", "May", "Aug", "Nov"]
            .iter()
            .any(|m| screen.contains(m)),
        "{screen}"
    );
    for _ in 0..3 {
        keys(&mut app, "-");
        assert!(selection_in_window(&app));
    }
    assert!(axis(&app).window.span > span);
    keys(&mut app, "0");
    let window = &axis(&app).window;
    assert!(window.start <= whole.0 && window.start + window.span >= whole.1);
    // The selection survives every zoom.
    assert!(window.selected.is_some());
}

#[test]
fn brackets_and_digits_fit_an_era_and_its_first_entry() {
    let mut app = new_app(120, 40);
    keys(&mut app, "t2");
    let era = app.catalog.era_index_of("restoration").unwrap();
    keys(&mut app, "5");
    assert_eq!(app.current_era(), era);
    assert_eq!(app.catalog.era_of(app.current.unwrap()), era);
    let (from, to) = axis(&app).axis().unwrap().eras[era.0];
    let window = &axis(&app).window;
    assert!(window.start <= from && window.start + window.span >= to);
    assert!(window.span < (to - from) * 1.2);
    keys(&mut app, "]");
    assert_eq!(app.current_era().0, era.0 + 1);
    keys(&mut app, "[[");
    assert_eq!(app.current_era().0, era.0 - 1);
    // Back returns to before the jump.
    key(&mut app, KeyCode::Backspace);
    assert_eq!(app.current_era(), era);
}

#[test]
fn above_the_first_lane_the_era_bands_and_enter_opens_an_eras_page() {
    let mut app = new_app(120, 40);
    keys(&mut app, "3t");
    let era = app.current_era();
    // k climbs the lanes (each time to the nearest entry) and then onto the bands.
    let mut before = app.current;
    for _ in 0..8 {
        if axis(&app).window.band.is_some() {
            break;
        }
        before = app.current;
        keys(&mut app, "k");
    }
    assert_eq!(axis(&app).window.band, Some(era.0));
    keys(&mut app, "k");
    assert_eq!(
        axis(&app).window.band,
        Some(era.0),
        "nothing above the bands"
    );
    assert!(render(&app).contains(&format!("▸ Era {} ·", era.0 + 1)));
    keys(&mut app, "l");
    assert_eq!(axis(&app).window.band, Some(era.0 + 1));
    keys(&mut app, "h");
    assert_eq!(axis(&app).window.band, Some(era.0));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Scope::EraPage);
    assert_eq!(page(&app).era, era);
    key(&mut app, KeyCode::Esc);
    // j leaves the bands for the entry selected before.
    keys(&mut app, "j");
    assert_eq!(axis(&app).window.band, None);
    assert_eq!(app.current, before);
}

#[test]
fn s_groups_the_lanes_by_side_from_the_links() {
    let mut app = new_app(120, 40);
    keys(&mut app, "5t");
    let chosen = app.current;
    keys(&mut app, "s");
    assert_eq!(
        axis(&app).grouping(),
        nisso::axis::Grouping::Side,
        "s changes the grouping"
    );
    let labels: Vec<String> = axis(&app)
        .axis()
        .unwrap()
        .lanes
        .iter()
        .map(|l| l.label.clone())
        .collect();
    assert!(labels.iter().any(|l| l == "Japan"), "{labels:?}");
    assert!(labels.iter().any(|l| l.contains("Soviet")), "{labels:?}");
    assert!(labels.iter().any(|l| l == "Both"), "{labels:?}");
    // The selection stays, on its side's lane.
    assert_eq!(axis(&app).window.selected, chosen);
    let screen = render(&app);
    assert!(screen.contains("Axis · by side"), "{screen}");
    keys(&mut app, "s");
    assert_eq!(axis(&app).grouping(), nisso::axis::Grouping::Kind);
}

#[test]
fn s_offers_the_lanes_by_group_when_the_data_has_groups() {
    let text = std::fs::read_to_string("tests/data/groups.timeline.json").unwrap();
    let import = nisso::interchange::import(
        nisso::interchange::ImportFormat::TimelineJs,
        "groups.timeline.json",
        &text,
    )
    .unwrap();
    let catalog = Catalog::new(import.into_dataset().unwrap());
    // Every dated slide is a row of the list, whatever its group.
    assert_eq!(catalog.timeline().len(), 11);
    let mut app = App::with_theme(catalog, Theme::no_colour(), 120, 40);
    let list = render(&app);
    assert!(list.contains("● Richard Sorge"), "{list}");
    assert!(list.contains("▲ Vladivostok"), "{list}");
    keys(&mut app, "t");
    keys(&mut app, "ss");
    assert_eq!(axis(&app).grouping(), nisso::axis::Grouping::Group);
    let labels: Vec<String> = axis(&app)
        .axis()
        .unwrap()
        .lanes
        .iter()
        .map(|l| l.label.clone())
        .collect();
    assert_eq!(labels, ["People", "Places", "Wars", "Organisations"]);
    let screen = render(&app);
    assert!(screen.contains("Axis · by group"), "{screen}");
    keys(&mut app, "s");
    assert_eq!(axis(&app).grouping(), nisso::axis::Grouping::Kind);
}

#[test]
fn clicks_select_marks_and_bands_and_the_wheel_scrolls_time() {
    let mut app = new_app(120, 40);
    keys(&mut app, "5t");
    let before = app.current;
    let main = app.layout().main;
    // A treaty's mark on screen: click it.
    let screen = render(&app);
    let (x, y) = screen
        .lines()
        .enumerate()
        .filter(|(y, _)| (main.y + 1..main.bottom() - 1).contains(&(*y as u16)))
        .find_map(|(y, line)| {
            let column = line
                .chars()
                .take(usize::from(main.right()))
                .position(|c| c == '§')?;
            Some((column as u16, y as u16))
        })
        .expect("a treaty on screen");
    let click = |column, row| {
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    send(&mut app, click(x, y));
    let clicked = app.current.unwrap();
    assert_ne!(Some(clicked), before);
    assert_eq!(app.catalog.entity(clicked).kind, Kind::Treaty);
    // The band row (first inside the frame) selects an era.
    send(&mut app, click(main.x + main.width / 2, main.y + 1));
    assert!(axis(&app).window.band.is_some());
    // The wheel scrolls time; the selection stays.
    keys(&mut app, "j");
    let selected = app.current;
    let start = axis(&app).window.start;
    send(
        &mut app,
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column: main.x + 5,
            row: main.y + 5,
            modifiers: KeyModifiers::NONE,
        }),
    );
    assert!(axis(&app).window.start > start);
    assert_eq!(app.current, selected);
}

#[test]
fn the_axis_draws_at_every_size_without_garbling() {
    for (width, height) in [
        (1, 1),
        (10, 4),
        (24, 8),
        (30, 12),
        (50, 16),
        (80, 24),
        (200, 60),
    ] {
        let mut app = new_app(width, height);
        keys(&mut app, "t+-0");
        for keys_pressed in ["l", "j", "k", "kkkkk", "+++", "s", "0", "h", "z"] {
            keys(&mut app, keys_pressed);
            let screen = render(&app);
            assert_eq!(screen.lines().count(), usize::from(height));
        }
    }
    // At 80×24 the lanes and the ruler are there.
    let mut app = new_app(80, 24);
    keys(&mut app, "5t");
    let screen = render(&app);
    for needle in ["Axis · by kind", "1950", "§", "•"] {
        assert!(screen.contains(needle), "{needle} missing:\n{screen}");
    }
}

/// Pasted or typed bidi overrides and controls never reach the search line or a note.
#[test]
fn hostile_characters_never_reach_the_prompt_or_a_note() {
    let mut app = new_app(100, 30);
    keys(&mut app, "/");
    send(&mut app, Event::Paste("sor\u{202e}ge\u{1b}[2J".into()));
    assert_eq!(app.search().unwrap().query(), "sor ge [2J");
    key(&mut app, KeyCode::Esc);
    keys(&mut app, "/sorge");
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "n");
    send(&mut app, Event::Paste("a\u{202e}b\u{7}c".into()));
    key_with(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert_eq!(app.saved.note("richard-sorge"), Some("a b c"));
}
