//! What input asks for (`Action`) and the small value types every part of the explorer
//! shares. This module imports nothing else from ui/: keys (keymap.rs) and the mouse
//! (mouse.rs) produce actions, the app applies them, and the pieces that own state
//! (viewport, history, line editor, overlays) speak these types.

use crate::dataset::{EntityIx, EraIx, RowIx};
use crate::model::Kind;
use crate::search::Target;

/// A move of a selection or a scrolled window (see `Viewport`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Rows forward (positive) or back (negative).
    By(isize),
    /// Pages forward or back (a page is the window's height).
    Pages(isize),
    Top,
    Bottom,
}

/// An edit of the search line (see `LineEditor`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Insert(char),
    /// Backspace.
    DeleteBack,
    /// Delete.
    DeleteForward,
    /// Ctrl-W: the word before the cursor.
    DeleteWordBack,
    /// Ctrl-U: everything before the cursor.
    DeleteToStart,
    Left,
    Right,
    /// Alt-B, Alt-F.
    WordLeft,
    WordRight,
    Home,
    End,
    /// A line break (in a note).
    Newline,
    /// The line above or below (in a note).
    Up,
    Down,
}

/// A pane of the main screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The left pane: the timeline, or the map or chart when one is shown.
    Main,
    Details,
    Links,
}

/// What the left pane shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Timeline,
    Map,
    Chart,
    /// The timeline drawn to scale (axis_view.rs).
    Axis,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    /// Stop nisso and give the terminal to the shell until `fg` (Ctrl-Z).
    Suspend,
    /// Show the search syntax (help, at its section).
    ShowSyntax,
    /// Move in the focused pane or the top overlay's list.
    Move(Step),
    FocusNext,
    FocusPrev,
    PrevEra,
    NextEra,
    /// An era by its zero-based number.
    JumpEra(usize),
    /// The next (true) or previous entity, in time order, that records where sources
    /// disagree; wraps around.
    JumpDisputed(bool),
    Activate,
    Cancel,
    Back,
    Forward,
    OpenSearch,
    ToggleHelp,
    /// Bookmark the shown entity, or remove its bookmark.
    ToggleBookmark,
    ShowBookmarks,
    /// Remove the chosen bookmark (in the bookmarks overlay).
    RemoveBookmark,
    /// Write or edit the note on the shown entity (in the lists: the chosen one's).
    EditNote,
    /// List the reader's notes.
    ShowNotes,
    /// Bring back the bookmark or note last removed.
    UndoRemoval,
    /// Copy the shown entry's citation to the clipboard (OSC 52), or show it.
    CopyCitation,
    /// Open the page of the era on screen (its span, summary, key entries, borders).
    OpenEraPage,
    ToggleMap,
    ToggleChart,
    /// Switch the main pane between the timeline list and the axis.
    ToggleAxis,
    /// On the axis: the previous (-1) or next (+1) entry in time on the lane.
    AxisTime(i8),
    /// On the axis: the lane above (-1) or below (+1); above the first, the era bands.
    AxisLane(i8),
    /// Zoom the axis in (+1) or out (-1) about the selection; 0 shows the whole span.
    AxisZoom(i8),
    /// Group the axis's lanes the other way (by kind, by side).
    AxisGrouping,
    /// Move on the map to the nearest place in a direction (east = +x, north = +y).
    MapMove(i8, i8),
    /// Zoom the map in (+1) or out (-1); 0 shows the whole region again.
    MapZoom(i8),
    /// Pan the map a quarter of its view (east = +x, north = +y).
    MapPan(i8, i8),
    /// Open the next (true) or previous timeline entry, the map staying up.
    StepInTime(bool),
    /// Give the focused pane the whole screen, or give the others theirs back.
    ToggleMaximise,
    /// Edit the search line.
    Edit(Edit),
    NextKind,
    PrevKind,
    Resize(u16, u16),
    // The mouse, already resolved against the layout (mouse.rs).
    /// A click on an era of the era bar.
    ClickEra(usize),
    /// A click in a pane: `row` is the row inside its frame (None on the frame itself),
    /// `x` and `y` the terminal cell (the map needs them).
    ClickPane {
        pane: Focus,
        row: Option<usize>,
        x: u16,
        y: u16,
    },
    /// A click in the top overlay, on its list row `row` if any.
    ClickOverlay(Option<usize>),
    /// A click outside the top overlay.
    ClickOutside,
    /// The wheel over a pane (None: over no pane), or over the top overlay.
    Wheel {
        pane: Option<Focus>,
        down: bool,
    },
}

/// One row of the links pane: a group heading or a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkRow {
    Heading(Kind),
    Link {
        entity: EntityIx,
        label: &'static str,
        incoming: bool,
        /// General knowledge, not in the source (shown with `*`).
        external: bool,
    },
}

/// A line of the timeline pane: an era's heading or an event's row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimelineLine {
    Heading(EraIx),
    Row(RowIx),
}

/// A place in the browsing history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    pub entity: Option<EntityIx>,
    pub timeline_row: RowIx,
    pub view: View,
}

/// What an overlay's update asks of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Stay,
    Close,
    /// Open the help at the search syntax, over this overlay.
    ShowSyntax,
    /// Close and open a search result.
    Open(Target),
    /// Open the note editor on an entity (over this overlay).
    EditNote(crate::dataset::EntityIx),
    /// A change to the reader's bookmarks and notes; `close` closes the overlay too.
    Store {
        change: crate::store::Change,
        close: bool,
    },
}
