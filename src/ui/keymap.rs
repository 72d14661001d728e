//! The one keymap table: every binding, the scope it applies in, and its description.
//! Key lookup, the help overlay and the status bar hints are all generated from it.

use super::action::{Action, Edit, Step};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn key(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}
const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}
const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}
const fn ctrl_key(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::CONTROL,
    }
}
const fn alt(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::ALT,
    }
}

/// Where a binding applies. The app decides which scopes are active, most specific first
/// (`App::scopes`): the top overlay's, or the map's before the main screen's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Everywhere, even while typing in the search prompt.
    Global,
    Browse,
    /// The map pane when it has focus; its bindings shadow the main screen's.
    Map,
    Search,
    Help,
}

/// Scopes in the order the help overlay lists them, with their titles.
pub const SCOPES: [(Scope, &str); 5] = [
    (Scope::Browse, "Main screen"),
    (Scope::Map, "Map (when the map pane has focus)"),
    (Scope::Search, "Search"),
    (Scope::Help, "Help"),
    (Scope::Global, "Everywhere"),
];

/// What a binding does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Does {
    Act(Action),
    /// The digit pressed picks the era: 1 is the first.
    JumpToEraOfDigit,
}

pub struct Binding {
    pub scope: Scope,
    pub keys: &'static [Key],
    pub does: Does,
    pub description: &'static str,
    /// Short label for the status bar; None keeps it out of the bar (help lists it).
    pub hint: Option<&'static str>,
}

use Action as A;
use KeyCode as K;

const fn bind(
    scope: Scope,
    keys: &'static [Key],
    action: Action,
    description: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        scope,
        keys,
        does: Does::Act(action),
        description,
        hint,
    }
}

const DIGITS: [Key; 9] = [
    ch('1'),
    ch('2'),
    ch('3'),
    ch('4'),
    ch('5'),
    ch('6'),
    ch('7'),
    ch('8'),
    ch('9'),
];

pub const BINDINGS: &[Binding] = &[
    // Main screen.
    bind(
        Scope::Browse,
        &[ch('j'), key(K::Down)],
        A::Move(Step::By(1)),
        "Move down in the focused pane",
        None,
    ),
    bind(
        Scope::Browse,
        &[ch('k'), key(K::Up)],
        A::Move(Step::By(-1)),
        "Move up in the focused pane",
        None,
    ),
    bind(
        Scope::Browse,
        &[key(K::PageDown), ctrl('d')],
        A::Move(Step::Pages(1)),
        "Page down",
        None,
    ),
    bind(
        Scope::Browse,
        &[key(K::PageUp), ctrl('u')],
        A::Move(Step::Pages(-1)),
        "Page up",
        None,
    ),
    bind(
        Scope::Browse,
        &[ch('g'), key(K::Home)],
        A::Move(Step::Top),
        "Go to the top of the focused pane",
        None,
    ),
    bind(
        Scope::Browse,
        &[ch('G'), key(K::End)],
        A::Move(Step::Bottom),
        "Go to the bottom of the focused pane",
        None,
    ),
    bind(
        Scope::Browse,
        &[key(K::Tab)],
        A::FocusNext,
        "Focus the next pane (timeline → details → links)",
        Some("pane"),
    ),
    bind(
        Scope::Browse,
        &[key(K::BackTab)],
        A::FocusPrev,
        "Focus the previous pane",
        None,
    ),
    bind(
        Scope::Browse,
        &[ch('h'), key(K::Left), ch('[')],
        A::PrevEra,
        "Previous era",
        None,
    ),
    bind(
        Scope::Browse,
        &[ch('l'), key(K::Right), ch(']')],
        A::NextEra,
        "Next era",
        Some("era"),
    ),
    bind(
        Scope::Browse,
        &[ch('d')],
        A::JumpDisputed(true),
        "Next entry where sources disagree",
        Some("disputed"),
    ),
    bind(
        Scope::Browse,
        &[ch('D')],
        A::JumpDisputed(false),
        "Previous entry where sources disagree",
        None,
    ),
    Binding {
        scope: Scope::Browse,
        keys: &DIGITS,
        does: Does::JumpToEraOfDigit,
        description: "Jump to era 1–9",
        hint: None,
    },
    bind(
        Scope::Browse,
        &[key(K::Enter)],
        A::Activate,
        "Open: follow the selected link, or focus the links of the selected event",
        Some("open"),
    ),
    bind(
        Scope::Browse,
        &[key(K::Backspace), alt(K::Left)],
        A::Back,
        "Back to where you were",
        Some("back"),
    ),
    bind(
        Scope::Browse,
        &[alt(K::Right)],
        A::Forward,
        "Forward again",
        None,
    ),
    bind(
        Scope::Browse,
        &[ch('/')],
        A::OpenSearch,
        "Search people, treaties, events, places, organisations and eras",
        Some("search"),
    ),
    bind(
        Scope::Browse,
        &[ch('m')],
        A::ToggleMap,
        "Show or hide the map of places",
        Some("map"),
    ),
    bind(
        Scope::Browse,
        &[ch('c')],
        A::ToggleChart,
        "Show or hide the chart of figures (trade by year)",
        Some("chart"),
    ),
    bind(
        Scope::Browse,
        &[key(K::Esc)],
        A::Cancel,
        "Close the map or chart",
        None,
    ),
    bind(
        Scope::Browse,
        &[ch('?')],
        A::ToggleHelp,
        "Help: this list of keys",
        Some("help"),
    ),
    bind(Scope::Browse, &[ch('q')], A::Quit, "Quit", Some("quit")),
    // The focused map: arrows and hjkl move between places.
    bind(
        Scope::Map,
        &[ch('h'), key(K::Left)],
        A::MapMove(-1, 0),
        "Map: the nearest place to the west",
        None,
    ),
    bind(
        Scope::Map,
        &[ch('l'), key(K::Right)],
        A::MapMove(1, 0),
        "Map: the nearest place to the east",
        Some("place"),
    ),
    bind(
        Scope::Map,
        &[ch('k'), key(K::Up)],
        A::MapMove(0, 1),
        "Map: the nearest place to the north",
        None,
    ),
    bind(
        Scope::Map,
        &[ch('j'), key(K::Down)],
        A::MapMove(0, -1),
        "Map: the nearest place to the south",
        None,
    ),
    bind(
        Scope::Map,
        &[ch('+'), ch('=')],
        A::MapZoom(1),
        "Map: zoom in",
        Some("zoom"),
    ),
    bind(
        Scope::Map,
        &[ch('-')],
        A::MapZoom(-1),
        "Map: zoom out",
        None,
    ),
    bind(
        Scope::Map,
        &[ch('0')],
        A::MapZoom(0),
        "Map: the whole region again",
        None,
    ),
    bind(
        Scope::Map,
        &[ch('H')],
        A::MapPan(-1, 0),
        "Map: pan west",
        None,
    ),
    bind(
        Scope::Map,
        &[ch('L')],
        A::MapPan(1, 0),
        "Map: pan east",
        None,
    ),
    bind(
        Scope::Map,
        &[ch('K')],
        A::MapPan(0, 1),
        "Map: pan north",
        None,
    ),
    bind(
        Scope::Map,
        &[ch('J')],
        A::MapPan(0, -1),
        "Map: pan south",
        None,
    ),
    // Search prompt: the results list.
    bind(
        Scope::Search,
        &[key(K::Down), ctrl('n')],
        A::Move(Step::By(1)),
        "Next result",
        Some("choose"),
    ),
    bind(
        Scope::Search,
        &[key(K::Up), ctrl('p')],
        A::Move(Step::By(-1)),
        "Previous result",
        None,
    ),
    bind(
        Scope::Search,
        &[key(K::PageDown)],
        A::Move(Step::Pages(1)),
        "Results page down",
        None,
    ),
    bind(
        Scope::Search,
        &[key(K::PageUp)],
        A::Move(Step::Pages(-1)),
        "Results page up",
        None,
    ),
    bind(
        Scope::Search,
        &[ctrl_key(K::Home)],
        A::Move(Step::Top),
        "First result",
        None,
    ),
    bind(
        Scope::Search,
        &[ctrl_key(K::End)],
        A::Move(Step::Bottom),
        "Last result",
        None,
    ),
    bind(
        Scope::Search,
        &[key(K::Tab)],
        A::NextKind,
        "Filter results by the next kind (all, people, treaties, …)",
        Some("kind"),
    ),
    bind(
        Scope::Search,
        &[key(K::BackTab)],
        A::PrevKind,
        "Filter results by the previous kind",
        None,
    ),
    bind(
        Scope::Search,
        &[key(K::Enter)],
        A::Activate,
        "Open the chosen result",
        Some("open"),
    ),
    bind(
        Scope::Search,
        &[key(K::Esc)],
        A::Cancel,
        "Cancel and return to where you were",
        Some("cancel"),
    ),
    // Search prompt: the line editor (readline keys).
    bind(
        Scope::Search,
        &[key(K::Left), ctrl('b')],
        A::Edit(Edit::Left),
        "Cursor left",
        None,
    ),
    bind(
        Scope::Search,
        &[key(K::Right), ctrl('f')],
        A::Edit(Edit::Right),
        "Cursor right",
        None,
    ),
    bind(
        Scope::Search,
        &[alt(K::Char('b')), alt(K::Left)],
        A::Edit(Edit::WordLeft),
        "Cursor to the previous word",
        None,
    ),
    bind(
        Scope::Search,
        &[alt(K::Char('f')), alt(K::Right)],
        A::Edit(Edit::WordRight),
        "Cursor past the next word",
        None,
    ),
    bind(
        Scope::Search,
        &[key(K::Home), ctrl('a')],
        A::Edit(Edit::Home),
        "Cursor to the start of the query",
        None,
    ),
    bind(
        Scope::Search,
        &[key(K::End), ctrl('e')],
        A::Edit(Edit::End),
        "Cursor to the end of the query",
        None,
    ),
    bind(
        Scope::Search,
        &[key(K::Backspace)],
        A::Edit(Edit::DeleteBack),
        "Delete the character before the cursor",
        None,
    ),
    bind(
        Scope::Search,
        &[key(K::Delete), ctrl('d')],
        A::Edit(Edit::DeleteForward),
        "Delete the character under the cursor",
        None,
    ),
    bind(
        Scope::Search,
        &[ctrl('w')],
        A::Edit(Edit::DeleteWordBack),
        "Delete the word before the cursor",
        None,
    ),
    bind(
        Scope::Search,
        &[ctrl('u')],
        A::Edit(Edit::DeleteToStart),
        "Delete everything before the cursor",
        None,
    ),
    // Help overlay.
    bind(
        Scope::Help,
        &[ch('j'), key(K::Down)],
        A::Move(Step::By(1)),
        "Scroll down",
        Some("scroll"),
    ),
    bind(
        Scope::Help,
        &[ch('k'), key(K::Up)],
        A::Move(Step::By(-1)),
        "Scroll up",
        None,
    ),
    bind(
        Scope::Help,
        &[key(K::PageDown), ch(' ')],
        A::Move(Step::Pages(1)),
        "Scroll a page down",
        None,
    ),
    bind(
        Scope::Help,
        &[key(K::PageUp)],
        A::Move(Step::Pages(-1)),
        "Scroll a page up",
        None,
    ),
    bind(
        Scope::Help,
        &[key(K::Esc), ch('?'), ch('q')],
        A::Cancel,
        "Close help",
        Some("close"),
    ),
    // Everywhere.
    bind(Scope::Global, &[ctrl('c')], A::Quit, "Quit at once", None),
];

/// Normalise a key event: Shift is implied by the character itself, so "G" arrives as
/// Char('G') with SHIFT on some terminals and without it on others.
fn normalise(event: &KeyEvent) -> Key {
    let mut mods = event.modifiers;
    if matches!(event.code, KeyCode::Char(_) | KeyCode::BackTab) {
        mods.remove(KeyModifiers::SHIFT);
    }
    Key {
        code: event.code,
        mods,
    }
}

/// The action of a key in the active scopes, most specific first (the first scope's
/// bindings shadow the later ones'). `takes_text`: an unbound printable character is
/// typed (the search prompt).
pub fn action_for(event: &KeyEvent, scopes: &[Scope], takes_text: bool) -> Option<Action> {
    let pressed = normalise(event);
    for &scope in scopes {
        for binding in BINDINGS.iter().filter(|b| b.scope == scope) {
            if binding.keys.contains(&pressed) {
                return Some(match binding.does {
                    Does::Act(action) => action,
                    Does::JumpToEraOfDigit => match pressed.code {
                        KeyCode::Char(digit) => {
                            Action::JumpEra((digit.to_digit(10)? as usize).checked_sub(1)?)
                        }
                        _ => return None,
                    },
                });
            }
        }
    }
    if takes_text
        && let KeyCode::Char(c) = pressed.code
        && (pressed.mods - KeyModifiers::ALT).is_empty()
        && !c.is_control()
    {
        return Some(Action::Edit(Edit::Insert(c)));
    }
    None
}

/// Human name of a key, as help and the status bar show it.
pub fn key_label(key: &Key) -> String {
    let base = match key.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Down => "↓".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::Backspace => "Backspace".into(),
        KeyCode::Delete => "Delete".into(),
        other => format!("{other:?}"),
    };
    let mut label = String::new();
    if key.mods.contains(KeyModifiers::CONTROL) {
        label.push_str("Ctrl-");
    }
    if key.mods.contains(KeyModifiers::ALT) {
        label.push_str("Alt-");
    }
    label.push_str(&base);
    label
}

/// Keys of a binding as one label: "j ↓", or "1–9" for the era digits.
pub fn keys_label(binding: &Binding) -> String {
    if binding.does == Does::JumpToEraOfDigit {
        return "1–9".to_string();
    }
    binding
        .keys
        .iter()
        .map(key_label)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Status bar hints for the active scopes: the bindings with a hint, each labelled with
/// its first key that no earlier binding claims (on the map, "l" moves east, so era shows
/// "]").
pub fn hints(scopes: &[Scope]) -> Vec<(String, &'static str)> {
    let mut claimed: Vec<Key> = Vec::new();
    let mut out = Vec::new();
    for &scope in scopes {
        for binding in BINDINGS.iter().filter(|b| b.scope == scope) {
            let free = binding.keys.iter().find(|k| !claimed.contains(k));
            if let (Some(hint), Some(key)) = (binding.hint, free) {
                out.push((key_label(key), hint));
            }
            claimed.extend_from_slice(binding.keys);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice_in_one_scope() {
        for (scope, title) in SCOPES {
            let mut seen: Vec<Key> = Vec::new();
            for binding in BINDINGS.iter().filter(|b| b.scope == scope) {
                for key in binding.keys {
                    assert!(
                        !seen.contains(key),
                        "{} bound twice in {title}",
                        key_label(key)
                    );
                    seen.push(*key);
                }
            }
        }
    }

    #[test]
    fn every_scope_has_a_title_and_bindings() {
        for (scope, _) in SCOPES {
            assert!(BINDINGS.iter().any(|b| b.scope == scope));
        }
    }

    #[test]
    fn digits_pick_eras_and_text_is_typed_only_where_taken() {
        let press = |c: char| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        let browse = [Scope::Browse, Scope::Global];
        assert_eq!(
            action_for(&press('3'), &browse, false),
            Some(Action::JumpEra(2))
        );
        assert_eq!(action_for(&press('x'), &browse, false), None);
        let search = [Scope::Search, Scope::Global];
        assert_eq!(
            action_for(&press('3'), &search, true),
            Some(Action::Edit(Edit::Insert('3')))
        );
        // The map's keys shadow the main screen's.
        let map = [Scope::Map, Scope::Browse, Scope::Global];
        assert_eq!(
            action_for(&press('l'), &map, false),
            Some(Action::MapMove(1, 0))
        );
        assert_eq!(action_for(&press(']'), &map, false), Some(Action::NextEra));
    }
}
