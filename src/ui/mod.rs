//! The interactive explorer: terminal setup and the event loop.
//!
//! Flow: crossterm event → `keymap::action_for` (keys) or a mouse/resize action →
//! `App::update` → `draw::draw` when something changed. The terminal is restored on quit,
//! on error and on panic.

pub mod action;
pub mod app;
pub mod axis_draw;
pub mod axis_view;
pub mod bookmarks;
pub mod chart;
pub mod chart_view;
pub mod citation;
pub mod clipboard;
pub mod details_pane;
pub mod draw;
pub mod era_page;
pub mod help;
pub mod history;
pub mod keymap;
pub mod layout;
pub mod line_editor;
pub mod links_pane;
pub mod loading;
pub mod main_view;
pub mod map;
pub mod map_view;
pub mod mouse;
pub mod note;
pub mod overlay;
pub mod paint;
pub mod search_prompt;
pub mod terminal_guard;
pub mod text;
pub mod theme;
pub mod timeline_pane;
pub mod viewport;
pub mod views;

use crate::dataset::Catalog;
use crate::load::{self, LoadFailure, Source, Stage};
use crate::search::{SearchIndex, Target};
use action::Action;
use app::App;
use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyEventKind,
};
use crossterm::execute;
use std::io::{self, IsTerminal, Write};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Turn one terminal event into an action: keys through the keymap in the active scopes,
/// the mouse through the layout on screen.
pub fn action_for_event(event: &Event, app: &App) -> Option<Action> {
    match event {
        // Only presses: releases and repeats would double every key on some terminals.
        Event::Key(key) if key.kind == KeyEventKind::Press => {
            app.keymap.action_for(key, &app.scopes(), app.takes_text())
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
        Event::Paste(text) if app.keeps_line_breaks() => text
            .replace("\r\n", "\n")
            .chars()
            .take(crate::store::MAX_NOTE + 1)
            .map(|c| match c {
                '\n' | '\r' => Action::Edit(action::Edit::Newline),
                c if crate::sanitize::is_hostile(c) => Action::Edit(action::Edit::Insert(' ')),
                c => Action::Edit(action::Edit::Insert(c)),
            })
            .collect(),
        Event::Paste(text) if app.takes_text() => text
            .chars()
            .take(search_prompt::MAX_QUERY + 1)
            .map(|c| {
                if crate::sanitize::is_hostile(c) {
                    ' '
                } else {
                    c
                }
            })
            .map(|c| Action::Edit(action::Edit::Insert(c)))
            .collect(),
        Event::Paste(_) => Vec::new(),
        event => action_for_event(event, app).into_iter().collect(),
    }
}

/// Apply one terminal event as the event loop does, without settling (the loop settles
/// once per frame): its actions in turn, stopping at a quit or a stop for the shell.
pub fn apply_event(app: &mut App, event: &Event) {
    if matches!(event, Event::Mouse(_)) {
        // A click is resolved against the layout on screen, which is the settled one.
        app.settle();
    }
    for action in actions_for_event(event, app) {
        app.apply(action);
        if app.quit || app.suspend {
            break;
        }
    }
}

/// An event through the loop's own path, then settled as the next frame would be: what
/// the tests drive (keys, mouse, resizes and pastes alike).
pub fn handle_event(app: &mut App, event: &Event) {
    apply_event(app, event);
    app.settle();
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
    terminal_guard::give_back();
    let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
    let _ = execute!(io::stdout(), crossterm::cursor::Show);
}

/// Why the explorer stopped short.
#[derive(Debug)]
pub enum RunError {
    /// The terminal failed (or there is none).
    Terminal(io::Error),
    /// The dataset could not be opened.
    Load(LoadFailure),
}

/// An opened dataset ready for the explorer, with a note for stderr.
type Opened = (Catalog, SearchIndex, Option<String>);

/// What the loader thread tells the event loop.
enum Loaded {
    Stage(Stage),
    Done(Box<Result<Opened, LoadFailure>>),
}

/// What the settings and flags ask of the explorer besides its theme.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub keymap: keymap::Keymap,
    pub open_with: crate::config::OpenWith,
    /// Reopen where the reader last was.
    pub restore: bool,
    /// Never copy through the terminal (the settings' `clipboard = false`): `y` shows the
    /// citation instead.
    pub no_clipboard: bool,
    /// How long the loader waits before it starts: `None` in the binary; a test of the
    /// loading screen holds it back, to act while the dataset is opening.
    #[doc(hidden)]
    pub hold_loader: Option<Duration>,
}

/// The explorer in a terminal over the dataset `source` names, in the theme the caller
/// chose. The terminal is set up first and the dataset opened on another thread, so the
/// first frame appears at once whatever the dataset's size, with the step under way and
/// its progress; the event loop answers keys all the while (`q` quits). Returns notes for
/// stderr (a cache that had to be rebuilt or could not be written).
pub fn run(
    source: &Source,
    theme: theme::Theme,
    options: Options,
) -> Result<Vec<String>, RunError> {
    explore(source, None, theme, options)
}

/// The explorer over a dataset already open, started at `start` instead of where the
/// reader last was (`nisso open`: the id is looked up before the terminal is taken, so a
/// mistyped one is refused on the command line). Without a terminal it stops as `run`
/// does.
pub fn run_at(
    opened: load::Opened,
    start: Target,
    source: &Source,
    theme: theme::Theme,
    options: Options,
) -> Result<Vec<String>, RunError> {
    explore(source, Some((opened, start)), theme, options)
}

/// A dataset opened for the explorer: its texts made safe for the screen, its note.
fn for_display(opened: load::Opened) -> Opened {
    let note = opened.cache_note();
    let (mut catalog, index) = opened.into_parts();
    app::prepare_for_display(&mut catalog);
    (catalog, index, note)
}

/// Open the dataset `source` names on another thread, telling `sender` how it goes. Once
/// the explorer has it, the thread writes the last part of a new cache; its note (a cache
/// that could not be written) is what the thread returns.
fn spawn_loader(
    source: &Source,
    delay: Option<Duration>,
    sender: mpsc::Sender<Loaded>,
) -> std::thread::JoinHandle<Option<String>> {
    let loader_source = source.clone();
    std::thread::spawn(move || {
        if let Some(delay) = delay {
            std::thread::sleep(delay);
        }
        let progress = sender.clone();
        let opened = load::open_deferring(&loader_source, &mut |stage| {
            let _ = progress.send(Loaded::Stage(stage));
        });
        let (result, deferred) = match opened {
            Ok(mut opened) => {
                let deferred = opened.take_deferred();
                (Ok(for_display(opened)), deferred)
            }
            Err(err) => (Err(err), None),
        };
        let _ = sender.send(Loaded::Done(Box::new(result)));
        deferred.and_then(|deferred| deferred.finish().note())
    })
}

/// `run` and `run_at`: the dataset opened on another thread, or the one given with where
/// to start.
fn explore(
    source: &Source,
    ready: Option<(load::Opened, Target)>,
    theme: theme::Theme,
    options: Options,
) -> Result<Vec<String>, RunError> {
    let started = Instant::now();
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        return Err(RunError::Terminal(io::Error::other(
            "the explorer needs a terminal; `nisso --plain` is the explorer line by line (for \
             scripts, pipes and screen readers), and subcommands (search, show, timeline, …) \
             print one answer",
        )));
    }
    let (sender, receiver) = mpsc::channel();
    let mut loader = None;
    let start = match ready {
        Some((opened, start)) => {
            let _ = sender.send(Loaded::Done(Box::new(Ok(for_display(opened)))));
            Some(start)
        }
        None => {
            loader = Some(spawn_loader(source, options.hold_loader, sender));
            None
        }
    };
    // Signals give the terminal back (and job control stops and resumes) from here on.
    terminal_guard::install();
    // ratatui::init installs a panic hook that restores the terminal; ours also turns the
    // mouse capture and paste mode off first and shows the cursor, then defers to it.
    let mut terminal = ratatui::init();
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        terminal_guard::give_back();
        let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
        previous_hook(info);
        let _ = execute!(io::stdout(), crossterm::cursor::Show);
    }));
    let _ = execute!(io::stdout(), EnableMouseCapture, EnableBracketedPaste);
    terminal_guard::take();
    let name = source
        .path
        .as_ref()
        .and_then(|p| p.file_name())
        .map_or_else(|| "the embedded dataset".into(), |n| n.to_string_lossy());
    let mut log = StartupLog::new(started);
    let mut delivered = false;
    let result = match wait_for_dataset(&mut terminal, &receiver, &name, &theme, &mut log) {
        Ok(Some((catalog, index, note))) => {
            delivered = true;
            let mut notes: Vec<String> = note.into_iter().collect();
            let store = crate::store::Store::open(crate::store::DatasetIdentity::of(
                source.path.as_deref(),
            ));
            let (store, saved) = match store.and_then(|s| s.load().map(|l| (s, l))) {
                Ok((store, loaded)) => {
                    notes.extend(loaded.warning);
                    (Ok(store), loaded.saved)
                }
                Err(err) => {
                    notes.push(format!("bookmarks and notes are not kept: {err}"));
                    (Err(err.to_string()), crate::store::Saved::default())
                }
            };
            let session = Session {
                catalog,
                index,
                theme,
                options,
                store,
                saved,
                start,
                file_name: name.to_string(),
            };
            let ended = event_loop(&mut terminal, session, &mut log)
                .map(|more| {
                    notes.extend(more);
                    notes
                })
                .map_err(RunError::Terminal);
            // The window's title as it was before (terminals that keep a stack of titles).
            let _ = write!(io::stdout(), "{POP_TITLE}");
            ended
        }
        Ok(None) => Ok(Vec::new()),
        Err(err) => Err(err),
    };
    restore_terminal();
    // A new cache may still be being written once the explorer had its dataset: it is
    // finished before nisso exits (a second at most, at a million entities). Quitting
    // while the dataset loads does not wait for it.
    let mut result = result;
    if let (true, Ok(notes), Some(loader)) = (delivered, &mut result, loader) {
        notes.extend(loader.join().ok().flatten());
    }
    result
}

/// When the first frame and the first browsable frame were drawn, written to the file
/// `NISSO_STARTUP_LOG` names (for `benches/startup.sh`; nothing is written without it).
struct StartupLog {
    started: Instant,
    path: Option<std::path::PathBuf>,
    first_frame: bool,
}

impl StartupLog {
    fn new(started: Instant) -> StartupLog {
        StartupLog {
            started,
            path: std::env::var_os("NISSO_STARTUP_LOG").map(Into::into),
            first_frame: false,
        }
    }

    fn drawn(&mut self, browsable: bool) {
        let Some(path) = self.path.clone() else {
            return;
        };
        let ms = self.started.elapsed().as_secs_f64() * 1000.0;
        let mut lines = String::new();
        if !self.first_frame {
            self.first_frame = true;
            lines.push_str(&format!("first_frame_ms {ms:.2}\n"));
        }
        if browsable {
            lines.push_str(&format!("browsable_ms {ms:.2}\n"));
            self.path = None;
        }
        if let Ok(mut file) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
        {
            let _ = file.write_all(lines.as_bytes());
        }
    }
}

/// Show the loading screen until the dataset is open (Some), the user quits (None) or
/// opening fails. A dataset that opens within a few frames' time is shown directly,
/// without a flash of the loading screen.
fn wait_for_dataset(
    terminal: &mut ratatui::DefaultTerminal,
    receiver: &mpsc::Receiver<Loaded>,
    name: &str,
    theme: &theme::Theme,
    log: &mut StartupLog,
) -> Result<Option<Opened>, RunError> {
    let mut loading = loading::Loading::new(name);
    let patience = log.started + Duration::from_millis(30);
    let mut dirty = false;
    loop {
        // Everything the loader said so far; then the screen.
        loop {
            let message = if Instant::now() < patience {
                receiver.recv_timeout(patience.saturating_duration_since(Instant::now()))
            } else {
                receiver.try_recv().map_err(|e| match e {
                    mpsc::TryRecvError::Empty => mpsc::RecvTimeoutError::Timeout,
                    mpsc::TryRecvError::Disconnected => mpsc::RecvTimeoutError::Disconnected,
                })
            };
            match message {
                Ok(Loaded::Stage(stage)) => {
                    dirty |= loading.update(stage, log.started.elapsed());
                }
                Ok(Loaded::Done(result)) => return result.map(Some).map_err(RunError::Load),
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    return Err(RunError::Load(LoadFailure::Invalid(
                        "opening the dataset stopped unexpectedly".into(),
                    )));
                }
            }
        }
        dirty |= loading.tick(log.started.elapsed());
        if terminal_guard::take_resumed() {
            terminal.clear().map_err(RunError::Terminal)?;
            dirty = true;
        }
        if dirty || !log.first_frame {
            terminal
                .draw(|frame| loading::draw(frame, &loading, theme))
                .map_err(RunError::Terminal)?;
            log.drawn(false);
            dirty = false;
        }
        if event::poll(Duration::from_millis(50)).map_err(RunError::Terminal)? {
            match event::read().map_err(RunError::Terminal)? {
                Event::Key(key) if key.kind == KeyEventKind::Press && quits_loading(&key) => {
                    return Ok(None);
                }
                Event::Resize(..) => dirty = true,
                _ => {}
            }
        }
    }
}

/// q, Esc and Ctrl-C leave while the dataset is still opening.
fn quits_loading(key: &event::KeyEvent) -> bool {
    use event::{KeyCode, KeyModifiers};
    match key.code {
        KeyCode::Char('q') | KeyCode::Esc => true,
        KeyCode::Char('c') => key.modifiers.contains(KeyModifiers::CONTROL),
        _ => false,
    }
}

/// What the explorer starts with once the dataset is open.
struct Session {
    catalog: Catalog,
    index: SearchIndex,
    theme: theme::Theme,
    options: Options,
    /// The store, or why there is none (said when the reader tries to keep something).
    store: Result<crate::store::Store, String>,
    saved: crate::store::Saved,
    /// Where `nisso open` starts (instead of the last place).
    start: Option<Target>,
    /// The dataset's file name ("the embedded dataset"), its title when its meta has none.
    file_name: String,
}

/// xterm's sequences that keep the window's title on a stack and bring it back (terminals
/// without the stack ignore them).
const PUSH_TITLE: &str = "\x1b[22;0t";
const POP_TITLE: &str = "\x1b[23;0t";

/// Write the app's pending changes to the store, and show the store as it then is (with
/// what other nissos wrote); a failure is said in the status bar.
fn write_pending(app: &mut App, store: Result<&crate::store::Store, &String>) {
    if app.pending.is_empty() {
        return;
    }
    let changes = std::mem::take(&mut app.pending);
    let store = match store {
        Ok(store) => store,
        Err(why) => {
            app.notice = Some(format!("bookmarks and notes cannot be kept: {why}"));
            return;
        }
    };
    match store.change(&changes) {
        Ok(loaded) => app.set_saved(loaded.saved),
        Err(err) => app.notice = Some(format!("not saved: {err}")),
    }
}

/// The shortest time between two frames while events keep arriving (60 a second).
const FRAME: Duration = Duration::from_millis(16);

/// Runs until the reader quits; returns notes for stderr.
fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    session: Session,
    log: &mut StartupLog,
) -> io::Result<Vec<String>> {
    let size = terminal.size()?;
    let Session {
        catalog,
        index,
        theme,
        options,
        store,
        saved,
        start,
        file_name,
    } = session;
    let mut app = App::with_index(catalog, index, theme, size.width, size.height);
    if app.title.is_empty() {
        app.title = crate::sanitize::cells(&file_name).into_owned();
    }
    // The terminal window's title names the dataset (written here: drawing stays pure).
    let window_title: String = format!("nisso — {}", app.title)
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    write!(terminal.backend_mut(), "{PUSH_TITLE}")?;
    execute!(
        terminal.backend_mut(),
        crossterm::terminal::SetTitle(window_title)
    )?;
    app.set_keymap(options.keymap);
    app.clipboard = clipboard::Clipboard::for_terminal(
        !options.no_clipboard,
        std::env::var("TERM").ok().as_deref(),
        std::env::var_os("TMUX").is_some_and(|t| !t.is_empty()),
    );
    let last = saved.last.clone();
    app.set_saved(saved);
    // `nisso open` says where to start; else, as the settings say, where the reader was.
    match start {
        Some(target) => app.open_at(target),
        None if options.restore => app.return_to(&last),
        None => {}
    }
    app.open_with(match options.open_with {
        crate::config::OpenWith::Timeline => action::View::Timeline,
        crate::config::OpenWith::Map => action::View::Map,
        crate::config::OpenWith::Chart => action::View::Chart,
        crate::config::OpenWith::Axis => action::View::Axis,
    });
    let mut dirty = true;
    let mut last_frame: Option<Instant> = None;
    loop {
        if terminal_guard::take_resumed() {
            // Back from a stop: what the screen shows is unknown, so draw all of it.
            terminal.clear()?;
            dirty = true;
        }
        if dirty {
            // At most one frame per FRAME while events keep coming (a burst of keys from a
            // terminal without bracketed paste arrives a few at a time): the app settles
            // and draws once for all that came meanwhile. After a pause, at once.
            let due = last_frame.map_or(Instant::now(), |at| at + FRAME);
            let wait = due.saturating_duration_since(Instant::now());
            if wait.is_zero() || !event::poll(wait)? {
                app.settle();
                terminal.draw(|frame| draw::draw(frame, &app))?;
                // Effects after the frame: a copy for the terminal's clipboard.
                if let Some(bytes) = app.clipboard_out.take() {
                    let backend = terminal.backend_mut();
                    backend.write_all(&bytes)?;
                    backend.flush()?;
                }
                log.drawn(true);
                last_frame = Some(Instant::now());
                dirty = false;
            }
        }
        // Block until an event, then drain what is queued (bursts of keys, a paste,
        // resizes, wheel ticks): each event is read in the mode the previous one left.
        let mut next = Some(event::read()?);
        while let Some(event) = next.take() {
            apply_event(&mut app, &event);
            dirty = true;
            if std::mem::take(&mut app.suspend) {
                // Returns once the reader brings nisso back (`fg`).
                terminal_guard::suspend();
            }
            if app.quit {
                write_pending(&mut app, store.as_ref());
                // Where the reader was, for next time.
                let mut notes = Vec::new();
                if let Ok(store) = &store
                    && let Err(err) = store.change(&[crate::store::Change::SetLast(app.place())])
                {
                    notes.push(format!("could not keep where you were: {err}"));
                }
                return Ok(notes);
            }
            if event::poll(Duration::from_millis(0))? {
                next = Some(event::read()?);
            }
        }
        write_pending(&mut app, store.as_ref());
    }
}
