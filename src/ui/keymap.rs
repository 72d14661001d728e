//! The one keymap table: every binding, the mode it applies in, and its description.
//! Key lookup, the help overlay and the status bar hints are all generated from it.

use super::app::Action;
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
const fn alt(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::ALT,
    }
}

/// Where a binding applies. `Browse` bindings are the main screen's.
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

/// Which bindings apply to a key press, as the app's state decides (`App::key_context`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Browse,
    /// Browsing with the focused map: map bindings first, then the main screen's.
    Map,
    Search,
    Help,
}

pub struct Binding {
    pub scope: Scope,
    pub keys: &'static [Key],
    pub action: Action,
    pub description: &'static str,
    /// Short label for the status bar; None keeps it out of the bar (help lists it).
    pub hint: Option<&'static str>,
}

use Action as A;
use KeyCode as K;

pub const BINDINGS: &[Binding] = &[
    // Main screen.
    Binding {
        scope: Scope::Browse,
        keys: &[ch('j'), key(K::Down)],
        action: A::Down,
        description: "Move down in the focused pane",
        hint: None,
    },
    Binding {
        scope: Scope::Browse,
        keys: &[ch('k'), key(K::Up)],
        action: A::Up,
        description: "Move up in the focused pane",
        hint: None,
    },
    Binding {
        scope: Scope::Browse,
        keys: &[key(K::PageDown), ctrl('d')],
        action: A::PageDown,
        description: "Page down",
        hint: None,
    },
    Binding {
        scope: Scope::Browse,
        keys: &[key(K::PageUp), ctrl('u')],
        action: A::PageUp,
        description: "Page up",
        hint: None,
    },
    Binding {
        scope: Scope::Browse,
        keys: &[ch('g'), key(K::Home)],
        action: A::Top,
        description: "Go to the top of the focused pane",
        hint: None,
    },
    Binding {
        scope: Scope::Browse,
        keys: &[ch('G'), key(K::End)],
        action: A::Bottom,
        description: "Go to the bottom of the focused pane",
        hint: None,
    },
    Binding {
        scope: Scope::Browse,
        keys: &[key(K::Tab)],
        action: A::FocusNext,
        description: "Focus the next pane (timeline → details → links)",
        hint: Some("pane"),
    },
    Binding {
        scope: Scope::Browse,
        keys: &[key(K::BackTab)],
        action: A::FocusPrev,
        description: "Focus the previous pane",
        hint: None,
    },
    Binding {
        scope: Scope::Browse,
        keys: &[ch('h'), key(K::Left), ch('[')],
        action: A::PrevEra,
        description: "Previous era",
        hint: None,
    },
    Binding {
        scope: Scope::Browse,
        keys: &[ch('l'), key(K::Right), ch(']')],
        action: A::NextEra,
        description: "Next era",
        hint: Some("era"),
    },
    Binding {
        scope: Scope::Browse,
        keys: &[
            ch('1'),
            ch('2'),
            ch('3'),
            ch('4'),
            ch('5'),
            ch('6'),
            ch('7'),
            ch('8'),
            ch('9'),
        ],
        action: A::JumpEra(0),
        description: "Jump to era 1–9",
        hint: None,
    },
    Binding {
        scope: Scope::Browse,
        keys: &[key(K::Enter)],
        action: A::Activate,
        description: "Open: follow the selected link, or focus the links of the selected event",
        hint: Some("open"),
    },
    Binding {
        scope: Scope::Browse,
        keys: &[key(K::Backspace), alt(K::Left)],
        action: A::Back,
        description: "Back to where you were",
        hint: Some("back"),
    },
    Binding {
        scope: Scope::Browse,
        keys: &[alt(K::Right)],
        action: A::Forward,
        description: "Forward again",
        hint: None,
    },
    Binding {
        scope: Scope::Browse,
        keys: &[ch('/')],
        action: A::OpenSearch,
        description: "Search people, treaties, events, places, organisations and eras",
        hint: Some("search"),
    },
    Binding {
        scope: Scope::Browse,
        keys: &[ch('m')],
        action: A::ToggleMap,
        description: "Show or hide the map of places",
        hint: Some("map"),
    },
    Binding {
        scope: Scope::Browse,
        keys: &[ch('c')],
        action: A::ToggleChart,
        description: "Show or hide the chart of figures (trade by year)",
        hint: Some("chart"),
    },
    Binding {
        scope: Scope::Browse,
        keys: &[key(K::Esc)],
        action: A::Cancel,
        description: "Close the map or chart",
        hint: None,
    },
    Binding {
        scope: Scope::Browse,
        keys: &[ch('?')],
        action: A::ToggleHelp,
        description: "Help: this list of keys",
        hint: Some("help"),
    },
    Binding {
        scope: Scope::Browse,
        keys: &[ch('q')],
        action: A::Quit,
        description: "Quit",
        hint: Some("quit"),
    },
    // The focused map: arrows and hjkl move between places; [ ] still change era.
    Binding {
        scope: Scope::Map,
        keys: &[ch('h'), key(K::Left)],
        action: A::MapMove(-1, 0),
        description: "Map: the nearest place to the west",
        hint: None,
    },
    Binding {
        scope: Scope::Map,
        keys: &[ch('l'), key(K::Right)],
        action: A::MapMove(1, 0),
        description: "Map: the nearest place to the east",
        hint: Some("place"),
    },
    Binding {
        scope: Scope::Map,
        keys: &[ch('k'), key(K::Up)],
        action: A::MapMove(0, 1),
        description: "Map: the nearest place to the north",
        hint: None,
    },
    Binding {
        scope: Scope::Map,
        keys: &[ch('j'), key(K::Down)],
        action: A::MapMove(0, -1),
        description: "Map: the nearest place to the south",
        hint: None,
    },
    // Search prompt.
    Binding {
        scope: Scope::Search,
        keys: &[key(K::Down), ctrl('n')],
        action: A::Down,
        description: "Next result",
        hint: Some("choose"),
    },
    Binding {
        scope: Scope::Search,
        keys: &[key(K::Up), ctrl('p')],
        action: A::Up,
        description: "Previous result",
        hint: None,
    },
    Binding {
        scope: Scope::Search,
        keys: &[key(K::PageDown)],
        action: A::PageDown,
        description: "Results page down",
        hint: None,
    },
    Binding {
        scope: Scope::Search,
        keys: &[key(K::PageUp)],
        action: A::PageUp,
        description: "Results page up",
        hint: None,
    },
    Binding {
        scope: Scope::Search,
        keys: &[key(K::Home)],
        action: A::Top,
        description: "First result",
        hint: None,
    },
    Binding {
        scope: Scope::Search,
        keys: &[key(K::End)],
        action: A::Bottom,
        description: "Last result",
        hint: None,
    },
    Binding {
        scope: Scope::Search,
        keys: &[key(K::Tab)],
        action: A::NextKind,
        description: "Filter results by the next kind (all, people, treaties, …)",
        hint: Some("kind"),
    },
    Binding {
        scope: Scope::Search,
        keys: &[key(K::BackTab)],
        action: A::PrevKind,
        description: "Filter results by the previous kind",
        hint: None,
    },
    Binding {
        scope: Scope::Search,
        keys: &[key(K::Enter)],
        action: A::Activate,
        description: "Open the chosen result",
        hint: Some("open"),
    },
    Binding {
        scope: Scope::Search,
        keys: &[key(K::Backspace)],
        action: A::DeleteChar,
        description: "Delete the last character",
        hint: None,
    },
    Binding {
        scope: Scope::Search,
        keys: &[ctrl('w')],
        action: A::DeleteWord,
        description: "Delete the last word",
        hint: None,
    },
    Binding {
        scope: Scope::Search,
        keys: &[ctrl('u')],
        action: A::ClearInput,
        description: "Clear the query",
        hint: None,
    },
    Binding {
        scope: Scope::Search,
        keys: &[key(K::Esc)],
        action: A::Cancel,
        description: "Cancel and return to where you were",
        hint: Some("cancel"),
    },
    // Help overlay.
    Binding {
        scope: Scope::Help,
        keys: &[ch('j'), key(K::Down)],
        action: A::Down,
        description: "Scroll down",
        hint: Some("scroll"),
    },
    Binding {
        scope: Scope::Help,
        keys: &[ch('k'), key(K::Up)],
        action: A::Up,
        description: "Scroll up",
        hint: None,
    },
    Binding {
        scope: Scope::Help,
        keys: &[key(K::Esc), ch('?'), ch('q')],
        action: A::Cancel,
        description: "Close help",
        hint: Some("close"),
    },
    // Everywhere.
    Binding {
        scope: Scope::Global,
        keys: &[ctrl('c')],
        action: A::Quit,
        description: "Quit at once",
        hint: None,
    },
];

fn scope_applies(scope: Scope, context: Context) -> bool {
    match scope {
        Scope::Global => true,
        Scope::Browse => matches!(context, Context::Browse | Context::Map),
        Scope::Map => context == Context::Map,
        Scope::Search => context == Context::Search,
        Scope::Help => context == Context::Help,
    }
}

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

/// The action a key triggers in a mode. Printable characters typed into the search
/// prompt become `Input` when no binding claims them.
pub fn action_for(event: &KeyEvent, context: Context) -> Option<Action> {
    let pressed = normalise(event);
    // Map bindings come first so they shadow the main screen's keys.
    let ordered = BINDINGS
        .iter()
        .filter(|b| b.scope == Scope::Map)
        .chain(BINDINGS.iter().filter(|b| b.scope != Scope::Map));
    for binding in ordered {
        if !scope_applies(binding.scope, context) {
            continue;
        }
        if binding.keys.contains(&pressed) {
            return Some(match (binding.action, pressed.code) {
                (Action::JumpEra(_), KeyCode::Char(digit)) => {
                    Action::JumpEra(digit.to_digit(10).unwrap_or(1) as usize - 1)
                }
                (action, _) => action,
            });
        }
    }
    if context == Context::Search
        && let KeyCode::Char(c) = pressed.code
        && (pressed.mods - KeyModifiers::ALT).is_empty()
        && !c.is_control()
    {
        return Some(Action::Input(c));
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
    if matches!(binding.action, Action::JumpEra(_)) {
        return "1–9".to_string();
    }
    binding
        .keys
        .iter()
        .map(key_label)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Status bar hints for a context: the bindings with a hint, each labelled with its first
/// key that no earlier binding claims (on the map, "l" moves east, so era shows "]").
pub fn hints(context: Context) -> Vec<(String, &'static str)> {
    let applicable: Vec<&Binding> = BINDINGS
        .iter()
        .filter(|b| b.scope == Scope::Map)
        .chain(BINDINGS.iter().filter(|b| b.scope != Scope::Map))
        .filter(|b| scope_applies(b.scope, context))
        .collect();
    let mut claimed: Vec<Key> = Vec::new();
    let mut out = Vec::new();
    for binding in applicable {
        let free = binding.keys.iter().find(|k| !claimed.contains(k));
        if let (Some(hint), Some(key)) = (binding.hint, free) {
            out.push((key_label(key), hint));
        }
        claimed.extend_from_slice(binding.keys);
    }
    out
}

pub fn scope_title(scope: Scope) -> &'static str {
    match scope {
        Scope::Global => "Everywhere",
        Scope::Browse => "Main screen",
        Scope::Map => "Map (when the map pane has focus)",
        Scope::Search => "Search",
        Scope::Help => "Help",
    }
}
