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
use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind};
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

fn restore_terminal() {
    let _ = execute!(io::stdout(), DisableMouseCapture);
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
    // mouse capture off first, then defers to it.
    let mut terminal = ratatui::init();
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableMouseCapture);
        previous_hook(info);
    }));
    let _ = execute!(io::stdout(), EnableMouseCapture);
    let result = event_loop(&mut terminal, catalog, theme);
    restore_terminal();
    result
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
        // Block until an event, then drain what is queued (bursts of resizes or wheel
        // ticks) before drawing once.
        let first = event::read()?;
        let mut pending = vec![first];
        while event::poll(Duration::from_millis(0))? {
            pending.push(event::read()?);
        }
        for event in pending {
            if let Some(action) = action_for_event(&event, &app) {
                app.update(action);
                dirty = true;
            }
            if app.quit {
                return Ok(());
            }
        }
    }
}
