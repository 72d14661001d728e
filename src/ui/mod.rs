//! The interactive explorer: terminal setup and the event loop.
//!
//! Flow: crossterm event → `keymap::action_for` (keys) or a mouse/resize action →
//! `App::update` → `draw::draw` when something changed. The terminal is restored on quit,
//! on error and on panic.

pub mod action;
pub mod app;
pub mod chart;
pub mod draw;
pub mod help;
pub mod history;
pub mod keymap;
pub mod layout;
pub mod line_editor;
pub mod map;
pub mod mouse;
pub mod overlay;
pub mod paint;
pub mod search_prompt;
pub mod text;
pub mod theme;
pub mod viewport;

use crate::dataset::Catalog;
use action::Action;
use app::App;
use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyEventKind,
};
use crossterm::execute;
use std::io::{self, IsTerminal};
use std::time::Duration;

/// Turn one terminal event into an action: keys through the keymap in the active scopes,
/// the mouse through the layout on screen.
pub fn action_for_event(event: &Event, app: &App) -> Option<Action> {
    match event {
        // Only presses: releases and repeats would double every key on some terminals.
        Event::Key(key) if key.kind == KeyEventKind::Press => {
            keymap::action_for(key, &app.scopes(), app.takes_text())
        }
        Event::Mouse(mouse) => mouse::action_for(&app.layout(), mouse),
        Event::Resize(width, height) => Some(Action::Resize(*width, *height)),
        _ => None,
    }
}

/// A terminal event's actions: one for a key, the mouse or a resize; for a paste (one
/// event, thanks to bracketed paste) the characters typed into the prompt — only as many
/// as the prompt holds, line breaks and controls as spaces — and none outside the prompt,
/// so a pasted "q" never quits.
pub fn actions_for_event(event: &Event, app: &App) -> Vec<Action> {
    match event {
        Event::Paste(text) if app.takes_text() => text
            .chars()
            .take(search_prompt::MAX_QUERY + 1)
            .map(|c| if c.is_control() { ' ' } else { c })
            .map(|c| Action::Edit(action::Edit::Insert(c)))
            .collect(),
        Event::Paste(_) => Vec::new(),
        event => action_for_event(event, app).into_iter().collect(),
    }
}

/// A rendered buffer as text, one line per row; wide characters count once. Used by the
/// tests and snapshots to read what the screen shows.
pub fn buffer_text(buffer: &ratatui::buffer::Buffer) -> String {
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut skip = 0;
        for x in 0..buffer.area.width {
            // A wide character fills two cells; the second holds a placeholder.
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            out.push_str(symbol);
        }
        out.push('\n');
    }
    out
}

/// Give the terminal back: mouse and paste modes off, main screen, cooked mode, cursor.
fn restore_terminal() {
    let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
}

/// The explorer in a terminal, in the theme the caller chose.
pub fn run(catalog: Catalog, theme: theme::Theme) -> io::Result<()> {
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        return Err(io::Error::other(
            "the explorer needs a terminal; use a subcommand (search, show, timeline, …) in scripts",
        ));
    }
    // ratatui::init installs a panic hook that restores the terminal; ours also turns the
    // mouse capture and paste mode off first, then defers to it.
    let mut terminal = ratatui::init();
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
        previous_hook(info);
    }));
    restore_on_signals();
    let _ = execute!(io::stdout(), EnableMouseCapture, EnableBracketedPaste);
    let result = event_loop(&mut terminal, catalog, theme);
    restore_terminal();
    result
}

/// SIGTERM, SIGHUP, SIGINT and SIGQUIT (from `kill`, a closed terminal window, a shell's
/// job control) restore the terminal, then end nisso with the conventional 128 + signal.
fn restore_on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])
    else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            restore_terminal();
            std::process::exit(128 + signal);
        }
    });
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    catalog: Catalog,
    theme: theme::Theme,
) -> io::Result<()> {
    let size = terminal.size()?;
    let mut app = App::with_theme(catalog, theme, size.width, size.height);
    let mut dirty = true;
    loop {
        if dirty {
            terminal.draw(|frame| draw::draw(frame, &app))?;
            dirty = false;
        }
        // Block until an event, then drain what is queued (bursts of keys, a paste,
        // resizes, wheel ticks): each event is read in the mode the previous one left,
        // and the app settles once before drawing once.
        let mut next = Some(event::read()?);
        while let Some(event) = next.take() {
            for action in actions_for_event(&event, &app) {
                app.apply(action);
                dirty = true;
                if app.quit {
                    return Ok(());
                }
            }
            if event::poll(Duration::from_millis(0))? {
                next = Some(event::read()?);
            }
        }
        app.settle();
    }
}
