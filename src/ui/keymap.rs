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
    /// The axis when it has focus; its bindings shadow the main screen's.
    Axis,
    Search,
    /// Typing a line: the search query or a note.
    Edit,
    Bookmarks,
    /// The page of an era (its key entries, one chosen).
    EraPage,
    Note,
    Help,
}

/// Scopes in the order the help overlay lists them, with their titles, and the name of
/// their table in the settings file (`[keys.main]`).
pub const SCOPES: [(Scope, &str); 10] = [
    (Scope::Browse, "Main screen"),
    (Scope::Map, "Map (when the map pane has focus)"),
    (
        Scope::Axis,
        "Axis (the timeline to scale, when it has focus)",
    ),
    (Scope::Search, "Search"),
    (Scope::Edit, "Editing text (search and notes)"),
    (Scope::Bookmarks, "Bookmarks and notes lists"),
    (Scope::EraPage, "Era page"),
    (Scope::Note, "Note"),
    (Scope::Help, "Help"),
    (Scope::Global, "Everywhere"),
];

/// Each scope's table in the settings file.
pub const SCOPE_TABLES: [(Scope, &str); 10] = [
    (Scope::Browse, "main"),
    (Scope::Map, "map"),
    (Scope::Axis, "axis"),
    (Scope::Search, "search"),
    (Scope::Edit, "edit"),
    (Scope::Bookmarks, "bookmarks"),
    (Scope::EraPage, "era_page"),
    (Scope::Note, "note"),
    (Scope::Help, "help"),
    (Scope::Global, "everywhere"),
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
    /// What the settings file calls it (`[keys.main] next_era = ["n"]`).
    pub name: &'static str,
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
    name: &'static str,
    keys: &'static [Key],
    action: Action,
    description: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        scope,
        name,
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
        "move_down",
        &[ch('j'), key(K::Down)],
        A::Move(Step::By(1)),
        "Move down in the focused pane",
        None,
    ),
    bind(
        Scope::Browse,
        "move_up",
        &[ch('k'), key(K::Up)],
        A::Move(Step::By(-1)),
        "Move up in the focused pane",
        None,
    ),
    bind(
        Scope::Browse,
        "page_down",
        &[key(K::PageDown), ctrl('d')],
        A::Move(Step::Pages(1)),
        "Page down",
        None,
    ),
    bind(
        Scope::Browse,
        "page_up",
        &[key(K::PageUp), ctrl('u')],
        A::Move(Step::Pages(-1)),
        "Page up",
        None,
    ),
    bind(
        Scope::Browse,
        "top",
        &[ch('g'), key(K::Home)],
        A::Move(Step::Top),
        "Go to the top of the focused pane",
        None,
    ),
    bind(
        Scope::Browse,
        "bottom",
        &[ch('G'), key(K::End)],
        A::Move(Step::Bottom),
        "Go to the bottom of the focused pane",
        None,
    ),
    bind(
        Scope::Browse,
        "next_pane",
        &[key(K::Tab)],
        A::FocusNext,
        "Focus the next pane (timeline → details → links)",
        Some("pane"),
    ),
    bind(
        Scope::Browse,
        "previous_pane",
        &[key(K::BackTab)],
        A::FocusPrev,
        "Focus the previous pane",
        None,
    ),
    bind(
        Scope::Browse,
        "previous_era",
        &[ch('h'), key(K::Left), ch('[')],
        A::PrevEra,
        "Previous era",
        None,
    ),
    bind(
        Scope::Browse,
        "next_era",
        &[ch('l'), key(K::Right), ch(']')],
        A::NextEra,
        "Next era",
        Some("era"),
    ),
    bind(
        Scope::Browse,
        "next_disputed",
        &[ch('d')],
        A::JumpDisputed(true),
        "Next entry where sources disagree",
        Some("disputed"),
    ),
    bind(
        Scope::Browse,
        "previous_disputed",
        &[ch('D')],
        A::JumpDisputed(false),
        "Previous entry where sources disagree",
        None,
    ),
    Binding {
        scope: Scope::Browse,
        name: "era_by_number",
        keys: &DIGITS,
        does: Does::JumpToEraOfDigit,
        description: "Jump to era 1–9",
        hint: None,
    },
    bind(
        Scope::Browse,
        "open",
        &[key(K::Enter)],
        A::Activate,
        "Open: follow the selected link, or focus the links of the selected event",
        Some("open"),
    ),
    bind(
        Scope::Browse,
        "back",
        &[key(K::Backspace), alt(K::Left)],
        A::Back,
        "Back to where you were",
        Some("back"),
    ),
    bind(
        Scope::Browse,
        "forward",
        &[alt(K::Right)],
        A::Forward,
        "Forward again",
        None,
    ),
    bind(
        Scope::Browse,
        "search",
        &[ch('/')],
        A::OpenSearch,
        "Search people, treaties, events, places, organisations and eras",
        Some("search"),
    ),
    bind(
        Scope::Browse,
        "map",
        &[ch('m')],
        A::ToggleMap,
        "Show or hide the map of places",
        Some("map"),
    ),
    bind(
        Scope::Browse,
        "axis",
        &[ch('t')],
        A::ToggleAxis,
        "Switch the timeline between the list and the axis drawn to scale",
        Some("axis"),
    ),
    bind(
        Scope::Browse,
        "chart",
        &[ch('c')],
        A::ToggleChart,
        "Show or hide the chart of figures (trade by year)",
        // Few entities have a chart (their details say "Press c to chart these figures"): its place
        // in the status bar goes to the axis.
        None,
    ),
    bind(
        Scope::Browse,
        "close_view",
        &[key(K::Esc)],
        A::Cancel,
        "Close the map, chart or axis (back to the list)",
        None,
    ),
    bind(
        Scope::Browse,
        "help",
        &[ch('?')],
        A::ToggleHelp,
        "Help: this list of keys",
        Some("help"),
    ),
    bind(
        Scope::Browse,
        "quit",
        &[ch('q')],
        A::Quit,
        "Quit",
        Some("quit"),
    ),
    bind(
        Scope::Browse,
        "bookmark",
        &[ch('b')],
        A::ToggleBookmark,
        "Bookmark the shown entity, or remove its bookmark",
        Some("bookmark"),
    ),
    bind(
        Scope::Browse,
        "bookmarks",
        &[ch('B')],
        A::ShowBookmarks,
        "List your bookmarks",
        None,
    ),
    bind(
        Scope::Browse,
        "notes",
        &[ch('N')],
        A::ShowNotes,
        "List your notes",
        None,
    ),
    bind(
        Scope::Browse,
        "undo_removal",
        &[ch('u')],
        A::UndoRemoval,
        "Bring back the bookmark or note you last removed",
        None,
    ),
    bind(
        Scope::Browse,
        "note",
        &[ch('n')],
        A::EditNote,
        "Write or edit your note on the shown entity",
        Some("note"),
    ),
    bind(
        Scope::Browse,
        "maximise",
        &[ch('z')],
        A::ToggleMaximise,
        "Maximise the focused pane to the whole screen, or restore it",
        Some("maximise"),
    ),
    bind(
        Scope::Browse,
        "era_page",
        &[ch('e')],
        A::OpenEraPage,
        "Open the page of the current era",
        Some("era page"),
    ),
    bind(
        Scope::Browse,
        "copy_citation",
        &[ch('y')],
        A::CopyCitation,
        "Copy the shown entry's citation to the clipboard (shown too)",
        None,
    ),
    // The focused map: arrows and hjkl move between places.
    bind(
        Scope::Map,
        "place_west",
        &[ch('h'), key(K::Left)],
        A::MapMove(-1, 0),
        "Map: the nearest place to the west",
        None,
    ),
    bind(
        Scope::Map,
        "place_east",
        &[ch('l'), key(K::Right)],
        A::MapMove(1, 0),
        "Map: the nearest place to the east",
        Some("place"),
    ),
    bind(
        Scope::Map,
        "place_north",
        &[ch('k'), key(K::Up)],
        A::MapMove(0, 1),
        "Map: the nearest place to the north",
        None,
    ),
    bind(
        Scope::Map,
        "place_south",
        &[ch('j'), key(K::Down)],
        A::MapMove(0, -1),
        "Map: the nearest place to the south",
        None,
    ),
    bind(
        Scope::Map,
        "next_in_time",
        &[ch('.')],
        A::StepInTime(true),
        "Map: the next entry in time",
        Some("time"),
    ),
    bind(
        Scope::Map,
        "previous_in_time",
        &[ch(',')],
        A::StepInTime(false),
        "Map: the previous entry in time",
        None,
    ),
    bind(
        Scope::Map,
        "zoom_in",
        &[ch('+'), ch('=')],
        A::MapZoom(1),
        "Map: zoom in",
        Some("zoom"),
    ),
    bind(
        Scope::Map,
        "zoom_out",
        &[ch('-')],
        A::MapZoom(-1),
        "Map: zoom out",
        None,
    ),
    bind(
        Scope::Map,
        "zoom_reset",
        &[ch('0')],
        A::MapZoom(0),
        "Map: the whole region again",
        None,
    ),
    bind(
        Scope::Map,
        "pan_west",
        &[ch('H')],
        A::MapPan(-1, 0),
        "Map: pan west",
        None,
    ),
    bind(
        Scope::Map,
        "pan_east",
        &[ch('L')],
        A::MapPan(1, 0),
        "Map: pan east",
        None,
    ),
    bind(
        Scope::Map,
        "pan_north",
        &[ch('K')],
        A::MapPan(0, 1),
        "Map: pan north",
        None,
    ),
    bind(
        Scope::Map,
        "pan_south",
        &[ch('J')],
        A::MapPan(0, -1),
        "Map: pan south",
        None,
    ),
    // The focused axis: time runs left to right, lanes top to bottom.
    bind(
        Scope::Axis,
        "earlier",
        &[ch('h'), key(K::Left)],
        A::AxisTime(-1),
        "Axis: the previous entry in time on the lane (or the previous era band)",
        None,
    ),
    bind(
        Scope::Axis,
        "later",
        &[ch('l'), key(K::Right)],
        A::AxisTime(1),
        "Axis: the next entry in time on the lane (or the next era band)",
        Some("time"),
    ),
    bind(
        Scope::Axis,
        "lane_up",
        &[ch('k'), key(K::Up)],
        A::AxisLane(-1),
        "Axis: the lane above, at the nearest entry (above the first: the era bands)",
        None,
    ),
    bind(
        Scope::Axis,
        "lane_down",
        &[ch('j'), key(K::Down)],
        A::AxisLane(1),
        "Axis: the lane below, at the nearest entry",
        Some("lane"),
    ),
    bind(
        Scope::Axis,
        "zoom_in",
        &[ch('+'), ch('=')],
        A::AxisZoom(1),
        "Axis: zoom in (the selection stays in view)",
        Some("zoom"),
    ),
    bind(
        Scope::Axis,
        "zoom_out",
        &[ch('-')],
        A::AxisZoom(-1),
        "Axis: zoom out",
        None,
    ),
    bind(
        Scope::Axis,
        "zoom_whole",
        &[ch('0')],
        A::AxisZoom(0),
        "Axis: the whole span",
        None,
    ),
    bind(
        Scope::Axis,
        "grouping",
        &[ch('s')],
        A::AxisGrouping,
        "Axis: lanes by kind, by side (Japan, the Soviet Union, both, others) or by group (an imported timeline's)",
        Some("lanes"),
    ),
    // Search prompt: the results list.
    bind(
        Scope::Search,
        "next_result",
        &[key(K::Down), ctrl('n')],
        A::Move(Step::By(1)),
        "Next result",
        Some("choose"),
    ),
    bind(
        Scope::Search,
        "previous_result",
        &[key(K::Up), ctrl('p')],
        A::Move(Step::By(-1)),
        "Previous result",
        None,
    ),
    bind(
        Scope::Search,
        "results_page_down",
        &[key(K::PageDown)],
        A::Move(Step::Pages(1)),
        "Results page down",
        None,
    ),
    bind(
        Scope::Search,
        "results_page_up",
        &[key(K::PageUp)],
        A::Move(Step::Pages(-1)),
        "Results page up",
        None,
    ),
    bind(
        Scope::Search,
        "first_result",
        &[ctrl_key(K::Home)],
        A::Move(Step::Top),
        "First result",
        None,
    ),
    bind(
        Scope::Search,
        "last_result",
        &[ctrl_key(K::End)],
        A::Move(Step::Bottom),
        "Last result",
        None,
    ),
    bind(
        Scope::Search,
        "next_kind",
        &[key(K::Tab)],
        A::NextKind,
        "Filter results by the next kind (all, people, treaties, …)",
        Some("kind"),
    ),
    bind(
        Scope::Search,
        "previous_kind",
        &[key(K::BackTab)],
        A::PrevKind,
        "Filter results by the previous kind",
        None,
    ),
    bind(
        Scope::Search,
        "open_result",
        &[key(K::Enter)],
        A::Activate,
        "Open the chosen result",
        Some("open"),
    ),
    bind(
        Scope::Search,
        "syntax",
        &[key(K::F(1))],
        A::ShowSyntax,
        "Show the query syntax (so does ? on an empty line)",
        None,
    ),
    bind(
        Scope::Search,
        "cancel",
        &[key(K::Esc)],
        A::Cancel,
        "Cancel and return to where you were",
        Some("cancel"),
    ),
    // Search prompt: the line editor (readline keys).
    bind(
        Scope::Edit,
        "cursor_left",
        &[key(K::Left), ctrl('b')],
        A::Edit(Edit::Left),
        "Cursor left",
        None,
    ),
    bind(
        Scope::Edit,
        "cursor_right",
        &[key(K::Right), ctrl('f')],
        A::Edit(Edit::Right),
        "Cursor right",
        None,
    ),
    bind(
        Scope::Edit,
        "word_left",
        &[alt(K::Char('b')), alt(K::Left)],
        A::Edit(Edit::WordLeft),
        "Cursor to the previous word",
        None,
    ),
    bind(
        Scope::Edit,
        "word_right",
        &[alt(K::Char('f')), alt(K::Right)],
        A::Edit(Edit::WordRight),
        "Cursor past the next word",
        None,
    ),
    bind(
        Scope::Edit,
        "line_start",
        &[key(K::Home), ctrl('a')],
        A::Edit(Edit::Home),
        "Cursor to the start of the query",
        None,
    ),
    bind(
        Scope::Edit,
        "line_end",
        &[key(K::End), ctrl('e')],
        A::Edit(Edit::End),
        "Cursor to the end of the query",
        None,
    ),
    bind(
        Scope::Edit,
        "delete_back",
        &[key(K::Backspace)],
        A::Edit(Edit::DeleteBack),
        "Delete the character before the cursor",
        None,
    ),
    bind(
        Scope::Edit,
        "delete_forward",
        &[key(K::Delete), ctrl('d')],
        A::Edit(Edit::DeleteForward),
        "Delete the character under the cursor",
        None,
    ),
    bind(
        Scope::Edit,
        "delete_word",
        &[ctrl('w')],
        A::Edit(Edit::DeleteWordBack),
        "Delete the word before the cursor",
        None,
    ),
    bind(
        Scope::Edit,
        "delete_to_start",
        &[ctrl('u')],
        A::Edit(Edit::DeleteToStart),
        "Delete everything before the cursor",
        None,
    ),
    // Bookmarks overlay.
    bind(
        Scope::Bookmarks,
        "next_bookmark",
        &[ch('j'), key(K::Down)],
        A::Move(Step::By(1)),
        "Next bookmark",
        None,
    ),
    bind(
        Scope::Bookmarks,
        "previous_bookmark",
        &[ch('k'), key(K::Up)],
        A::Move(Step::By(-1)),
        "Previous bookmark",
        None,
    ),
    bind(
        Scope::Bookmarks,
        "open_bookmark",
        &[key(K::Enter)],
        A::Activate,
        "Open the chosen bookmark's (or note's) entry",
        Some("open"),
    ),
    bind(
        Scope::Bookmarks,
        "remove_bookmark",
        &[ch('x'), key(K::Delete)],
        A::RemoveBookmark,
        "Remove the chosen bookmark (or note)",
        Some("remove"),
    ),
    bind(
        Scope::Bookmarks,
        "edit_listed_note",
        &[ch('e')],
        A::EditNote,
        "Edit the chosen entry's note",
        Some("edit note"),
    ),
    bind(
        Scope::Bookmarks,
        "undo_listed_removal",
        &[ch('u')],
        A::UndoRemoval,
        "Bring back the bookmark or note last removed",
        Some("undo"),
    ),
    bind(
        Scope::Bookmarks,
        "close_bookmarks",
        &[key(K::Esc), ch('B'), ch('N'), ch('q')],
        A::Cancel,
        "Close the list",
        Some("close"),
    ),
    // Era page overlay.
    bind(
        Scope::EraPage,
        "next_entry",
        &[ch('j'), key(K::Down)],
        A::Move(Step::By(1)),
        "Next key entry (past the last, scroll down)",
        Some("choose"),
    ),
    bind(
        Scope::EraPage,
        "previous_entry",
        &[ch('k'), key(K::Up)],
        A::Move(Step::By(-1)),
        "Previous key entry (before the first, scroll up)",
        None,
    ),
    bind(
        Scope::EraPage,
        "era_page_down",
        &[key(K::PageDown), ch(' ')],
        A::Move(Step::Pages(1)),
        "Scroll the page down",
        None,
    ),
    bind(
        Scope::EraPage,
        "era_page_up",
        &[key(K::PageUp)],
        A::Move(Step::Pages(-1)),
        "Scroll the page up",
        None,
    ),
    bind(
        Scope::EraPage,
        "era_page_top",
        &[ch('g'), key(K::Home)],
        A::Move(Step::Top),
        "Top of the page",
        None,
    ),
    bind(
        Scope::EraPage,
        "era_page_bottom",
        &[ch('G'), key(K::End)],
        A::Move(Step::Bottom),
        "Bottom of the page",
        None,
    ),
    bind(
        Scope::EraPage,
        "open_entry",
        &[key(K::Enter)],
        A::Activate,
        "Open the chosen key entry",
        Some("open"),
    ),
    bind(
        Scope::EraPage,
        "close_era_page",
        &[key(K::Esc), ch('e'), ch('q')],
        A::Cancel,
        "Close the era page",
        Some("close"),
    ),
    // Note overlay.
    bind(
        Scope::Note,
        "save_note",
        &[ctrl('s'), alt(K::Enter)],
        A::Activate,
        "Save the note (an empty note is removed)",
        Some("save"),
    ),
    bind(
        Scope::Note,
        "new_line",
        &[key(K::Enter)],
        A::Edit(Edit::Newline),
        "Start a new line",
        None,
    ),
    bind(
        Scope::Note,
        "line_up",
        &[key(K::Up)],
        A::Edit(Edit::Up),
        "Cursor to the line above",
        None,
    ),
    bind(
        Scope::Note,
        "line_down",
        &[key(K::Down)],
        A::Edit(Edit::Down),
        "Cursor to the line below",
        None,
    ),
    bind(
        Scope::Note,
        "cancel_note",
        &[key(K::Esc)],
        A::Cancel,
        "Leave the note as it was (asks once when it has unsaved changes)",
        Some("cancel"),
    ),
    // Help overlay.
    bind(
        Scope::Help,
        "scroll_down",
        &[ch('j'), key(K::Down)],
        A::Move(Step::By(1)),
        "Scroll down",
        Some("scroll"),
    ),
    bind(
        Scope::Help,
        "scroll_up",
        &[ch('k'), key(K::Up)],
        A::Move(Step::By(-1)),
        "Scroll up",
        None,
    ),
    bind(
        Scope::Help,
        "scroll_page_down",
        &[key(K::PageDown), ch(' ')],
        A::Move(Step::Pages(1)),
        "Scroll a page down",
        None,
    ),
    bind(
        Scope::Help,
        "scroll_page_up",
        &[key(K::PageUp)],
        A::Move(Step::Pages(-1)),
        "Scroll a page up",
        None,
    ),
    bind(
        Scope::Help,
        "close",
        &[key(K::Esc), ch('?'), ch('q')],
        A::Cancel,
        "Close help",
        Some("close"),
    ),
    // Everywhere.
    bind(
        Scope::Global,
        "quit_now",
        &[ctrl('c')],
        A::Quit,
        "Quit at once",
        None,
    ),
    bind(
        Scope::Global,
        "suspend",
        &[ctrl('z')],
        A::Suspend,
        "Stop nisso for the shell (fg brings it back)",
        None,
    ),
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

/// Scopes active while the search prompt or a note takes text.
const TYPING_SCOPES: [Scope; 4] = [Scope::Search, Scope::Edit, Scope::Note, Scope::Global];

/// A printable character without Ctrl or Alt (Shift is part of the character).
fn types_a_character(key: &Key) -> bool {
    matches!(key.code, KeyCode::Char(c) if !c.is_control())
        && (key.mods - KeyModifiers::SHIFT).is_empty()
}

/// The keys in use: the table's defaults, with the user's changes (settings file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    /// The keys of each binding of `BINDINGS`, by position.
    keys: Vec<Vec<Key>>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap {
            keys: BINDINGS.iter().map(|b| b.keys.to_vec()).collect(),
        }
    }
}

impl Keymap {
    /// Every binding with its keys now.
    pub fn bindings(&self) -> impl Iterator<Item = (&'static Binding, &[Key])> {
        BINDINGS.iter().zip(self.keys.iter().map(Vec::as_slice))
    }

    /// The binding a scope calls `name`, by position.
    pub fn find(scope: Scope, name: &str) -> Option<usize> {
        BINDINGS
            .iter()
            .position(|b| b.scope == scope && b.name == name)
    }

    /// Give a binding other keys.
    pub fn set_keys(&mut self, binding: usize, keys: Vec<Key>) {
        if let Some(slot) = self.keys.get_mut(binding) {
            *slot = keys;
        }
    }

    /// Keys bound twice within one scope: (scope, key, the two bindings' names).
    pub fn conflicts(&self) -> Vec<(Scope, Key, &'static str, &'static str)> {
        let mut found = Vec::new();
        let all: Vec<_> = self.bindings().collect();
        for (i, (first, keys)) in all.iter().enumerate() {
            for (second, other) in &all[i + 1..] {
                if first.scope != second.scope {
                    continue;
                }
                for key in keys.iter().filter(|k| other.contains(k)) {
                    found.push((first.scope, *key, first.name, second.name));
                }
            }
        }
        found
    }

    /// Bindings of a plain character (no Ctrl or Alt) in a scope active while text is
    /// typed: each would shadow typing that character (settings refuse them).
    pub fn shadowing_typing(&self) -> Vec<(Scope, Key, &'static str)> {
        self.bindings()
            .filter(|(binding, _)| TYPING_SCOPES.contains(&binding.scope))
            .flat_map(|(binding, keys)| {
                keys.iter()
                    .filter(|key| types_a_character(key))
                    .map(move |key| (binding.scope, *key, binding.name))
            })
            .collect()
    }

    /// The action of a key in the active scopes, most specific first (the first scope's
    /// bindings shadow the later ones'). `takes_text`: a printable character is typed (the
    /// search prompt, a note) — a plain one always, whatever the key table says, so a
    /// binding can never make the prompt quit on a letter; with Alt, when unbound.
    pub fn action_for(
        &self,
        event: &KeyEvent,
        scopes: &[Scope],
        takes_text: bool,
    ) -> Option<Action> {
        let pressed = normalise(event);
        if takes_text
            && types_a_character(&pressed)
            && let KeyCode::Char(c) = pressed.code
        {
            return Some(Action::Edit(Edit::Insert(c)));
        }
        for &scope in scopes {
            for (binding, keys) in self.bindings().filter(|(b, _)| b.scope == scope) {
                if let Some(position) = keys.iter().position(|k| *k == pressed) {
                    return match binding.does {
                        Does::Act(action) => Some(action),
                        // The n-th key of the binding picks the n-th era (1 → the first).
                        Does::JumpToEraOfDigit => Some(Action::JumpEra(position)),
                    };
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

    /// Keys of a binding as one label (see `keys_text`).
    pub fn keys_label(&self, binding: &Binding) -> String {
        let keys = self
            .bindings()
            .find(|(b, _)| b.scope == binding.scope && b.name == binding.name)
            .map_or(binding.keys, |(_, keys)| keys);
        keys_text(binding, keys)
    }

    /// The first key of a binding, as hints name it ("Enter"); "(unbound)" when the
    /// settings left it none.
    pub fn key_of(&self, scope: Scope, name: &str) -> String {
        self.bindings()
            .find(|(b, _)| b.scope == scope && b.name == name)
            .and_then(|(_, keys)| keys.first())
            .map_or_else(|| "(unbound)".to_string(), key_label)
    }

    /// Status bar hints for the active scopes: the bindings with a hint, each labelled
    /// with its first key that no earlier binding claims (on the map, "l" moves east, so
    /// era shows "]").
    pub fn hints(&self, scopes: &[Scope]) -> Vec<(String, &'static str)> {
        let mut claimed: Vec<Key> = Vec::new();
        let mut out = Vec::new();
        for &scope in scopes {
            for (binding, keys) in self.bindings().filter(|(b, _)| b.scope == scope) {
                let free = keys.iter().find(|k| !claimed.contains(k));
                if let (Some(hint), Some(key)) = (binding.hint, free) {
                    out.push((key_label(key), hint));
                }
                claimed.extend_from_slice(keys);
            }
        }
        out
    }
}

/// A key as the settings file writes it, the way `key_label` shows it: "j", "G", "Ctrl-d",
/// "Alt-←", "Down", "PgDn", "Shift-Tab", "Space", "F5". Names are case-insensitive; a
/// single character is itself ("G" is not "g").
pub fn parse_key(text: &str) -> Option<Key> {
    let mut rest = text.trim();
    let mut mods = KeyModifiers::NONE;
    let mut shift = false;
    loop {
        let lower = rest.to_ascii_lowercase();
        let (prefix, modifier) = if lower.starts_with("ctrl-") {
            (5, Some(KeyModifiers::CONTROL))
        } else if lower.starts_with("alt-") {
            (4, Some(KeyModifiers::ALT))
        } else if lower.starts_with("shift-") {
            (6, None)
        } else {
            break;
        };
        if rest.len() == prefix {
            // "Ctrl-" alone: the dash is not a key here.
            return None;
        }
        match modifier {
            Some(m) => mods |= m,
            None => shift = true,
        }
        rest = &rest[prefix..];
    }
    let mut chars = rest.chars();
    let code = match (chars.next(), chars.next()) {
        (Some(c), None) => match c {
            '↑' => KeyCode::Up,
            '↓' => KeyCode::Down,
            '←' => KeyCode::Left,
            '→' => KeyCode::Right,
            c if c.is_control() || c == ' ' => return None,
            c => KeyCode::Char(c),
        },
        _ => match rest.to_ascii_lowercase().as_str() {
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" if shift => KeyCode::BackTab,
            "tab" => KeyCode::Tab,
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            "insert" | "ins" => KeyCode::Insert,
            "space" => KeyCode::Char(' '),
            name => {
                let n: u8 = name.strip_prefix('f')?.parse().ok()?;
                if !(1..=24).contains(&n) {
                    return None;
                }
                KeyCode::F(n)
            }
        },
    };
    // Shift is part of the character ("G"), or of Tab (Shift-Tab); nowhere else.
    if shift && code != KeyCode::BackTab {
        return None;
    }
    Some(Key { code, mods })
}

/// Keys as one label: "j ↓", or "1–9" for the era digits.
pub fn keys_text(binding: &Binding, keys: &[Key]) -> String {
    if binding.does == Does::JumpToEraOfDigit && keys == DIGITS {
        return "1–9".to_string();
    }
    keys.iter().map(key_label).collect::<Vec<_>>().join(" ")
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
        KeyCode::Insert => "Insert".into(),
        KeyCode::F(n) => format!("F{n}"),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice_in_one_scope() {
        assert_eq!(Keymap::default().conflicts(), Vec::new());
        assert_eq!(Keymap::default().shadowing_typing(), Vec::new());
        for (scope, _) in SCOPES {
            let mut names: Vec<&str> = BINDINGS
                .iter()
                .filter(|b| b.scope == scope)
                .map(|b| b.name)
                .collect();
            let count = names.len();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), count, "a name twice in {scope:?}");
        }
    }

    #[test]
    fn every_key_label_reads_back_as_its_key() {
        for binding in BINDINGS {
            for key in binding.keys {
                assert_eq!(parse_key(&key_label(key)), Some(*key), "{}", key_label(key));
            }
        }
        assert_eq!(parse_key("ctrl-D"), Some(ctrl('D')));
        assert_eq!(parse_key("PageDown"), Some(key(KeyCode::PageDown)));
        assert_eq!(parse_key("F12"), Some(key(KeyCode::F(12))));
        for bad in ["", "Ctrl-", "Shift-x", "F0", "F99", "Pg Dn", "jj", "\u{1b}"] {
            assert_eq!(parse_key(bad), None, "{bad}");
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
            Keymap::default().action_for(&press('3'), &browse, false),
            Some(Action::JumpEra(2))
        );
        assert_eq!(
            Keymap::default().action_for(&press('x'), &browse, false),
            None
        );
        let search = [Scope::Search, Scope::Global];
        assert_eq!(
            Keymap::default().action_for(&press('3'), &search, true),
            Some(Action::Edit(Edit::Insert('3')))
        );
        // The map's keys shadow the main screen's.
        let map = [Scope::Map, Scope::Browse, Scope::Global];
        assert_eq!(
            Keymap::default().action_for(&press('l'), &map, false),
            Some(Action::MapMove(1, 0))
        );
        assert_eq!(
            Keymap::default().action_for(&press(']'), &map, false),
            Some(Action::NextEra)
        );
    }

    #[test]
    fn a_plain_character_types_itself_whatever_the_table_says() {
        let press = |c: char, mods| KeyEvent::new(KeyCode::Char(c), mods);
        let mut keymap = Keymap::default();
        // As a settings file could, were it not refused: every letter quits while typing.
        let quit = Keymap::find(Scope::Global, "quit_now").unwrap();
        keymap.set_keys(quit, ('a'..='z').map(ch).chain([ctrl('c')]).collect());
        assert_eq!(keymap.shadowing_typing().len(), 26);
        let search = [Scope::Search, Scope::Edit, Scope::Global];
        assert_eq!(
            keymap.action_for(&press('s', KeyModifiers::NONE), &search, true),
            Some(Action::Edit(Edit::Insert('s')))
        );
        assert_eq!(
            keymap.action_for(&press('S', KeyModifiers::SHIFT), &search, true),
            Some(Action::Edit(Edit::Insert('S')))
        );
        // Keys with Ctrl or Alt keep their bindings.
        assert_eq!(
            keymap.action_for(&press('c', KeyModifiers::CONTROL), &search, true),
            Some(Action::Quit)
        );
        assert_eq!(
            keymap.action_for(&press('b', KeyModifiers::ALT), &search, true),
            Some(Action::Edit(Edit::WordLeft))
        );
        // Outside the prompt the letter is bound as asked.
        assert_eq!(
            keymap.action_for(&press('s', KeyModifiers::NONE), &[Scope::Global], false),
            Some(Action::Quit)
        );
    }
}
