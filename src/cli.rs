//! The command line: argument parsing (clap) and the non-interactive commands.

use crate::check::{self, Severity};
use crate::dataset::{Catalog, EntityIx, EraIx, LinkRef, era_years};
pub use crate::formats::{ExportFormat, ImportFormat};
use crate::load;
use crate::model::Dataset;
use crate::output::{self, Line, Out, plain};
use crate::present::target_text;
use crate::present::{self, SectionKind, Tone};
use crate::sanitize;
use crate::search::{DocKind, Hit, Results, SearchIndex, Target};
use crate::store;
use clap::{Parser, Subcommand};
use serde_json::{Value, json};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "nisso",
    version,
    about = "Explore Japan–Soviet Union relations (1917–1991, with background from 1855 and the aftermath) in the terminal.",
    long_about = "Explore Japan–Soviet Union relations in the terminal.\n\nWithout a command, nisso opens the interactive explorer (`nisso open ID` opens it at an entry). The dataset is embedded; --data FILE explores any dataset written in the same schema (see README).",
    after_long_help = "Files and environment:\n  Settings: `nisso config --path` (NISSO_CONFIG or --config names another file); `nisso config --default` prints one.\n  Bookmarks, notes and where you were: the platform's data directory (~/.local/share/nisso on Linux; NISSO_DATA_DIR moves it).\n  Dataset cache for large --data files: the platform's cache directory (~/.cache/nisso on Linux; NISSO_CACHE_DIR moves it, empty turns it off).\n  NO_COLOR turns colour off unless a theme is chosen; TERM=dumb starts plain mode.\n\nExit status: 0 success; 1 invalid dataset or import; 2 usage, unknown id or kind, bad settings; 3 output could not be written."
)]
pub struct Cli {
    /// Load the dataset from this JSON file instead of the embedded one.
    #[arg(long, global = true, value_name = "FILE")]
    pub data: Option<PathBuf>,

    /// Largest dataset file to read, in MiB.
    #[arg(long, global = true, value_name = "MIB", default_value_t = 512,
          value_parser = clap::value_parser!(u64).range(1..=65_536))]
    pub max_size: u64,

    /// Do not use or write the dataset cache (large --data files are cached by content).
    #[arg(long, global = true)]
    pub no_cache: bool,

    /// The explorer's colours (default: the settings file's, else no-colour when NO_COLOR
    /// is set, else standard).
    #[arg(long, value_name = "THEME", value_parser = crate::config::ThemeArg)]
    pub theme: Option<crate::ui::theme::ThemeKind>,

    /// The settings file to use (default: `nisso config --path`).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Open the explorer at the start, not where you last were.
    #[arg(long)]
    pub no_restore: bool,

    /// Plain mode: a line-by-line conversation for screen readers and dumb terminals (no
    /// colour, no cursor movement). Chosen by itself when TERM=dumb.
    #[arg(long)]
    pub plain: bool,

    /// Plain mode: leave your bookmarks and notes out of what an entry shows.
    #[arg(long)]
    pub no_notes: bool,

    /// Plain mode's line width (default: the terminal's, else 80).
    #[arg(long, value_name = "COLUMNS", requires = "plain",
          value_parser = clap::value_parser!(u16).range(20..=1000))]
    pub width: Option<u16>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Search entities and eras: names in any romanisation, typos, dates, kinds, questions.
    #[command(
        long_about = "Search entities and eras. Words match a name or alias (in any common romanisation, with typos forgiven from 4 letters, numbers never), the era, the kind, or a word of the summary; other words for the same thing (pact for treaty, frontier for border, ussr, ww2) count a little less. Results with every word come first; then those with some, rarer words first, each saying which words it lacks. Question words (who, what, how, did…) never keep a result out.\n\nA date in any common form (1951, 1951-09, Sept 1951, 8 September 1951, 08.09.1951, 1950s, early 1950s, mid-1978) or a period (1941..1945, Sept 1951 - April 1952, after 1936, before 1905) keeps only what is dated in it: what lies within first, in date order, then what has a milestone in it or merely overlaps it (said in the row).\n\nSyntax: 'word matches literally; ^word starts a name; !word leaves out what 'word would match; kind:treaty (or kind:person,era) filters by kind; is:disputed keeps what records a disagreement; is:noted and is:bookmarked keep what you wrote a note on or bookmarked (words of your notes match too, \"in your note\"). Punctuation separates words.\n\nResults after a clear drop in score are counted, not listed (--all lists them). When nothing matches, the closest names are suggested."
    )]
    Search {
        /// What to look for; empty lists everything in time order.
        #[arg(default_value = "")]
        query: String,
        /// Only this kind: person, treaty, event, place, organisation, era (plurals work too).
        #[arg(long, value_parser = parse_kind)]
        kind: Option<DocKind>,
        /// At most this many results.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// List the weaker matches too (those after a clear drop in score).
        #[arg(long)]
        all: bool,
        /// One JSON object per line (every result, weaker ones marked "weaker": true).
        #[arg(long)]
        json: bool,
    },
    /// Everything about one entity or era, with its links in both directions.
    Show {
        id: String,
        /// One JSON object on one line.
        #[arg(long)]
        json: bool,
        /// JSON over several indented lines, for people.
        #[arg(long)]
        pretty: bool,
        /// Leave out your bookmark and note on it.
        #[arg(long)]
        no_notes: bool,
    },
    /// Open the explorer at an entity or era, as a TimelineJS link opens one slide.
    #[command(
        long_about = "Open the explorer at an entity or era, as a TimelineJS link opens one slide: the entry selected on the timeline (when it is on it) and shown in the details, as a search result opens it; an era's id opens at that era. --era N opens at the first entry of era N (its number 1–N, as `nisso eras` lists them, or its id). This start replaces the return to where you last were. A mistyped id is refused with the closest ids, as `nisso show` does, before the terminal is taken.\n\nWith --plain (before the command: `nisso --plain open ID`), plain mode starts with `show ID` (`era N` for --era). The other global flags (--data, --config, ...) work as usual.",
        override_usage = "nisso open <ID>\n       nisso open --era <N>",
        after_help = "Examples:\n  nisso open richard-sorge\n  nisso open --era 5\n  nisso --data timeline.json open some-id"
    )]
    Open {
        /// The entity's (or era's) id, as `nisso search` and `nisso show` print it.
        #[arg(required_unless_present = "era", conflicts_with = "era")]
        id: Option<String>,
        /// Open at this era's first entry: its number (1–N) or its id.
        #[arg(long, value_name = "N")]
        era: Option<String>,
    },
    /// A citation of an entity or era: the article, its sections, the references behind it.
    #[command(
        long_about = "A citation of an entity or era: its name, kind and date, the article the dataset comes from (as the dataset names it), the article's sections the entry draws on, and each of the article's numbered references behind it with the reference's text. --format markdown writes it as Markdown. The explorer copies the same citation to the clipboard (y)."
    )]
    Cite {
        id: String,
        #[arg(long, value_enum, default_value_t = crate::cite::Format::Text)]
        format: crate::cite::Format,
    },
    /// Every dated entry in chronological order, grouped by era (--axis: drawn to scale).
    #[command(
        long_about = "Every dated entry, whatever its kind (events, treaties, people's lives, organisations' spans, places), and the undated events and treaties, in chronological order, grouped by era. Context entries (related topics) are left off.\n\nWith --axis, the timeline is drawn to scale as plain text instead: the era bands, a ruler of years (months when zoomed in far enough), the number of entries starting in each column, and a lane per kind (--by kind: events, treaties, people, organisations), per side (--by side: the two sides the data links most entries to, both, and others) or per group (--by group: the groups of an imported timeline, for a dataset that has them), with each entry's mark, its span as a bar (dotted where its date is uncertain) and its name where there is room. Where entries crowd, a digit counts them. --width sets the columns (default 100); --from and --to choose the years shown (both inclusive: --to 1945 shows the whole of 1945), or --era the years of one era; by default the whole span of the data. The drawing has no colour and no escape codes."
    )]
    Timeline {
        /// Only this era (id, or its number 1–N); with --axis, the axis over its years.
        #[arg(long)]
        era: Option<String>,
        /// One JSON object per line (not with --axis).
        #[arg(long, conflicts_with = "axis")]
        json: bool,
        #[command(flatten)]
        drawing: AxisArgs,
    },
    /// The eras with their years and number of timeline entries.
    Eras {
        #[arg(long)]
        json: bool,
    },
    /// The dataset in another format (--format; JSON by default).
    #[command(
        long_about = "The dataset in another format (FORMAT below).\n\njson (the default) loads back with --data unchanged. timelinejs writes a TimelineJS 3 JSON file and csv its spreadsheet's columns: dated entities become slides with the precision nisso has (a year stays a year), dates TimelineJS cannot say exactly get nisso's words as display_date, eras become eras, undated entities, and context entities (related topics), are counted on stderr and left out; facts from general knowledge are marked in the slide text. markdown writes notes: with an ID, one entity (or one era and its entities); without, the whole dataset era by era."
    )]
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// With --format markdown: only this entity, or this era and its entities.
        id: Option<String>,
        /// With --format markdown: leave out your bookmarks and notes (kept by default).
        #[arg(long)]
        no_notes: bool,
    },
    /// Read another format (FORMAT) and write a nisso dataset (as `export` does) to stdout.
    #[command(
        long_about = "Read another format (FORMAT below) and write a nisso dataset (the JSON `export` writes, loadable with --data) to stdout.\n\nA csv file has TimelineJS's spreadsheet columns: Year, Month, Day, ..., Headline, Text, Media, Type, Group. Rows that cannot be used are reported on stderr with their location and skipped (the rest is still written, and the status is 1); a summary says what became what. The result is checked: errors end with status 1 and no output, warnings are printed."
    )]
    Import {
        #[arg(value_enum)]
        format: ImportFormat,
        file: PathBuf,
    },
    /// Validate the dataset: schema, unique ids, links, dates inside eras, provenance.
    Check,
    /// The manual page (roff), generated from these definitions: `nisso man > nisso.1`.
    Man,
    /// Shell completions: `nisso completions bash > ~/.local/share/bash-completion/completions/nisso`.
    Completions {
        #[arg(value_enum)]
        shell: CompletionShell,
    },
    /// The settings file: check it, say where it is, or print a commented default.
    Config {
        /// Print a settings file with every setting and key at its default, commented.
        #[arg(long, conflicts_with = "path")]
        default: bool,
        /// Print where the settings file is read from.
        #[arg(long)]
        path: bool,
    },
    /// Your bookmarks in this dataset (b in the explorer adds one); add and remove them here.
    Bookmarks {
        #[command(subcommand)]
        change: Option<BookmarkChange>,
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
    /// Your notes on entities of this dataset (n in the explorer writes one).
    Notes {
        #[command(subcommand)]
        change: Option<NoteChange>,
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
    /// Write a synthetic dataset of N entities in the real schema (for benchmarks).
    #[command(hide = true)]
    Generate {
        /// How many entities (at most ten million).
        #[arg(value_parser = clap::value_parser!(u64).range(0..=10_000_000))]
        entities: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

/// `nisso timeline --axis` and the flags that shape its drawing.
#[derive(clap::Args, Debug, Clone, PartialEq, Eq)]
pub struct AxisArgs {
    /// Draw the timeline to scale as plain text instead of listing it.
    #[arg(long)]
    pub axis: bool,
    /// With --axis: the drawing's width in columns.
    #[arg(long, value_name = "COLUMNS", default_value_t = 100, requires = "axis",
          value_parser = clap::value_parser!(u16).range(20..=1000))]
    pub width: u16,
    /// With --axis: the first year shown (default: the data's first).
    #[arg(long, value_name = "YEAR", requires = "axis", conflicts_with = "era",
          value_parser = clap::value_parser!(i32).range(1..=9999))]
    pub from: Option<i32>,
    /// With --axis: the last year shown, to its end (default: the data's last).
    #[arg(long, value_name = "YEAR", requires = "axis", conflicts_with = "era",
          value_parser = clap::value_parser!(i32).range(1..=9999))]
    pub to: Option<i32>,
    /// With --axis: a lane per kind of entry, or per side.
    #[arg(long, value_enum, default_value_t = AxisBy::Kind, requires = "axis")]
    pub by: AxisBy,
}

/// How `nisso timeline --axis` splits entries into lanes.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum AxisBy {
    /// Events, treaties, people, organisations.
    Kind,
    /// The two sides the data links most entries to, both of them, and others.
    Side,
    /// The groups of an imported timeline (TimelineJS's group), for a dataset that has them.
    Group,
}

/// Shells `nisso completions` writes for.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionShell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

#[derive(Subcommand, Debug)]
pub enum BookmarkChange {
    /// Bookmark an entity.
    Add { id: String },
    /// Remove a bookmark.
    Remove { id: String },
}

#[derive(Subcommand, Debug)]
pub enum NoteChange {
    /// Write (or replace) the note on an entity; an empty text removes it. TEXT "-" reads
    /// the note from standard input (line breaks kept).
    Set { id: String, text: String },
    /// Remove the note on an entity.
    Remove { id: String },
}

fn parse_kind(text: &str) -> Result<DocKind, String> {
    DocKind::parse(text).ok_or_else(|| DocKind::unknown(text))
}

/// A command's failure: message for stderr and exit status.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub status: i32,
}

impl Failure {
    pub fn usage(message: String) -> Failure {
        Failure { message, status: 2 }
    }
    pub fn invalid(message: String) -> Failure {
        Failure { message, status: 1 }
    }
    /// Output could not be written (a full disk, a closed terminal); a reader that went
    /// away (`| head`) is no failure and exits 0 quietly.
    pub fn io(error: std::io::Error) -> Failure {
        let status = if output::is_closed_pipe(&error) { 0 } else { 3 };
        Failure {
            message: format!("cannot write output: {error}"),
            status,
        }
    }
}

impl Cli {
    /// Where the dataset comes from, as the flags say.
    pub fn source(&self) -> load::Source {
        load::Source {
            path: self.data.clone(),
            max_bytes: self.max_size.saturating_mul(1024 * 1024),
            cache: !self.no_cache,
        }
    }
}

/// Read the dataset (embedded or --data) without checking it (for `nisso check`).
pub fn read_dataset(source: &load::Source) -> Result<Dataset, Failure> {
    load::read_dataset(source).map_err(Failure::from)
}

/// The store of the dataset a command reads; its warning (a damaged store moved aside)
/// said on stderr.
fn open_store(
    source: &load::Source,
    out: &mut Out,
) -> Result<(store::Store, store::Saved), Failure> {
    let store = store::Store::open(store::DatasetIdentity::of(source.path.as_deref()))
        .map_err(|e| Failure::invalid(e.to_string()))?;
    let loaded = store.load().map_err(|e| Failure::invalid(e.to_string()))?;
    if let Some(warning) = &loaded.warning {
        out.say(&format!("note: {warning}"));
    }
    Ok((store, loaded.saved))
}

/// The entity an id names for a change to the store (an unknown one is an error with
/// suggestions); its current id when it was merged.
fn stored_id(opened: &load::Opened, id: &str) -> Result<String, Failure> {
    match opened.catalog.index_of(id) {
        Some(index) => Ok(opened.catalog.id(index).to_string()),
        None => Err(unknown_id_in(&opened.catalog, opened.index(), id)),
    }
}

/// Name, kind and date of a stored id, or that the dataset no longer has it.
fn stored_entity(catalog: &Catalog, id: &str) -> (String, String, String) {
    match catalog.index_of(id) {
        Some(index) => {
            let entity = catalog.entity(index);
            let date = entity.date.map(|d| d.human()).unwrap_or_default();
            (entity.name.clone(), entity.kind.as_str().to_string(), date)
        }
        None => ("(not in this dataset)".into(), String::new(), String::new()),
    }
}

fn run_bookmarks(
    opened: &load::Opened,
    source: &load::Source,
    change: Option<(&String, bool)>,
    json: bool,
    out: &mut Out,
) -> Result<(), Failure> {
    let catalog = &opened.catalog;
    let (store, saved) = open_store(source, out)?;
    if let Some((id, add)) = change {
        let id = stored_id(opened, id)?;
        let change = if add {
            store::Change::AddBookmark(id)
        } else {
            store::Change::RemoveBookmark(id)
        };
        store
            .change(&[change])
            .map_err(|e| Failure::invalid(e.to_string()))?;
        return Ok(());
    }
    let date_width = saved
        .bookmarks
        .iter()
        .map(|b| stored_entity(catalog, &b.id).2.chars().count())
        .max()
        .unwrap_or(0);
    for bookmark in &saved.bookmarks {
        let (name, kind, date) = stored_entity(catalog, &bookmark.id);
        if json {
            out.json(&json!({
                "id": bookmark.id,
                "name": name,
                "kind": kind,
                "date_text": date,
                "added": bookmark.added,
                "note": saved.note(&bookmark.id),
            }))
            .map_err(Failure::io)?;
        } else {
            let row = plain(format!("{kind:<12} {date:<date_width$}  {name}  ")).dim(&bookmark.id);
            out.line(&row).map_err(Failure::io)?;
        }
    }
    if saved.bookmarks.is_empty() && !json {
        out.line(&plain(
            "no bookmarks (b in the explorer, or `nisso bookmarks add ID`)",
        ))
        .map_err(Failure::io)?;
    }
    Ok(())
}

fn run_notes(
    opened: &load::Opened,
    source: &load::Source,
    change: Option<(&String, &str)>,
    json: bool,
    out: &mut Out,
) -> Result<(), Failure> {
    let catalog = &opened.catalog;
    let (store, saved) = open_store(source, out)?;
    if let Some((id, text)) = change {
        let id = stored_id(opened, id)?;
        let read;
        let text = if text == "-" {
            read = note_from_stdin()?;
            read.as_str()
        } else {
            text
        };
        // A note too long is refused whole: a note cut short without a word is lost text.
        if let Some(problem) = store::note_too_long(text) {
            return Err(Failure::usage(problem));
        }
        store
            .change(&[store::Change::SetNote(id, text.to_string())])
            .map_err(|e| Failure::invalid(e.to_string()))?;
        return Ok(());
    }
    for (id, note) in &saved.notes {
        let (name, kind, _) = stored_entity(catalog, id);
        if json {
            out.json(&json!({
                "id": id,
                "name": name,
                "kind": kind,
                "note": note.text,
                "updated": note.updated,
            }))
            .map_err(Failure::io)?;
        } else {
            out.line(&plain(format!("{name}  ")).dim(id))
                .map_err(Failure::io)?;
            for line in note.text.lines() {
                out.line(&plain(format!("  {line}"))).map_err(Failure::io)?;
            }
        }
    }
    if saved.notes.is_empty() && !json {
        out.line(&plain(
            "no notes (n in the explorer, or `nisso notes set ID TEXT`)",
        ))
        .map_err(Failure::io)?;
    }
    Ok(())
}

/// A note typed or piped on standard input: read up to a little over the longest note
/// (four bytes a character), so a longer one is still refused by its length.
fn note_from_stdin() -> Result<String, Failure> {
    use std::io::Read;
    let limit = (store::MAX_NOTE as u64 + 1) * 4;
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(limit)
        .read_to_end(&mut bytes)
        .map_err(|err| {
            Failure::usage(format!("cannot read the note from standard input: {err}"))
        })?;
    String::from_utf8(bytes)
        .map_err(|_| Failure::usage("the note on standard input is not UTF-8 text".to_string()))
}

/// `nisso config`: the default file, the path, or a check of the settings in use (the
/// file `--config` names, else the usual one).
fn run_config(
    default: bool,
    path: bool,
    settings_file: Option<&std::path::Path>,
    out: &mut Out,
) -> Result<(), Failure> {
    if default {
        return out.raw(&crate::config::default_file()).map_err(Failure::io);
    }
    let file = settings_file
        .map(std::path::Path::to_path_buf)
        .or_else(crate::config::default_path);
    if path {
        let shown = file.map_or_else(
            || "(no config directory: give --config FILE)".to_string(),
            |p| p.display().to_string(),
        );
        return out.line(&plain(shown)).map_err(Failure::io);
    }
    // The check itself happens before commands run (main.rs): reaching here means valid.
    let shown = match file {
        Some(path) if path.exists() => format!("{}: valid", path.display()),
        Some(path) => format!("{}: no file; the defaults are in use", path.display()),
        None => "no config directory; the defaults are in use".to_string(),
    };
    out.line(&plain(shown)).map_err(Failure::io)
}

impl From<load::LoadFailure> for Failure {
    /// A file that cannot be read is a usage error (2); one that is not a valid dataset is
    /// invalid data (1).
    fn from(failure: load::LoadFailure) -> Failure {
        match failure {
            load::LoadFailure::Unreadable(message) => Failure::usage(message),
            load::LoadFailure::Invalid(message) => Failure::invalid(message),
        }
    }
}

/// Bold and dim only on a terminal without NO_COLOR; pipes get plain text.
pub fn stdout_is_styled() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    std::io::stdout().is_terminal() && !no_color
}

/// What becomes of the dataset a command loaded once the command is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterCommand {
    /// The process exits next: freeing the dataset's thousands of strings one by one would
    /// only delay the exit, so the catalog (and the search index) are left to the
    /// operating system.
    Exit,
    /// More follows in this process (tests run many commands): the dataset is freed.
    Continue,
}

/// The settings a command needs, checked before it starts: a bad file stops nisso with its
/// location (`nisso config` checks it on purpose; `config --default` and `--path` work
/// regardless, so a broken file can be replaced). Commands other than the explorer and
/// `config` use no settings: a broken file must not stop a script.
pub fn settings(args: &Cli) -> Result<crate::config::Settings, Failure> {
    match &args.command {
        Some(Command::Config { default, path }) if *default || *path => {
            Ok(crate::config::Settings::default())
        }
        Some(Command::Config { .. } | Command::Open { .. }) | None => {
            crate::config::load(args.config.as_deref())
                .map_err(|err| Failure::usage(format!("in the settings: {err}")))
        }
        Some(_) => Ok(crate::config::Settings::default()),
    }
}

/// A command line's result as the binary ends with it: the failure's message on `err`, a
/// line at a time as `nisso: LINE` (sanitised: messages quote the user's input and the
/// dataset's values), and the exit status. A reader that went away is status 0, quietly.
/// Writing to `err` must not panic (eprintln! does when stderr is closed or full), so its
/// own failure is ignored: there is nowhere left to report it.
pub fn report(result: Result<(), Failure>, err: &mut dyn Write) -> u8 {
    match result {
        Ok(()) => 0,
        Err(failure) if failure.status == 0 => 0,
        Err(failure) => {
            for line in failure.message.lines() {
                let _ = writeln!(err, "nisso: {}", sanitize::terminal(line));
            }
            u8::try_from(failure.status).unwrap_or(1)
        }
    }
}

/// Run a parsed command line that names a command, as the binary does: results to `out`,
/// notes and the failure to `err`; returns the exit status.
pub fn run_parsed(
    args: &Cli,
    out: &mut dyn Write,
    err: &mut dyn Write,
    styled: bool,
    after: AfterCommand,
) -> u8 {
    let Some(command) = &args.command else {
        return report(
            Err(Failure::usage(
                "the explorer needs a terminal, not a command run".into(),
            )),
            err,
        );
    };
    let result = settings(args).and_then(|_| {
        let mut streams = Out::new(out, err, styled);
        let ran = run_command(
            command,
            &args.source(),
            args.config.as_deref(),
            &mut streams,
            after,
        );
        // The last buffered bytes are written by the flush: its failure counts too.
        ran.and_then(|()| streams.flush().map_err(Failure::io))
    });
    report(result, err)
}

/// Run a whole command line (without the program's name) in this process as the binary
/// runs it, unstyled: stdout's text into `out`, stderr's into `err`, and the exit status.
/// Argument errors, `--help` and `--version` are written as clap writes them. Tests run
/// commands through it instead of spawning the binary.
pub fn run_in_process<I, T>(args: I, out: &mut dyn Write, err: &mut dyn Write) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let args =
        std::iter::once(std::ffi::OsString::from("nisso")).chain(args.into_iter().map(Into::into));
    match Cli::try_parse_from(args) {
        Ok(cli) => run_parsed(&cli, out, err, false, AfterCommand::Continue),
        Err(error) => {
            let _ = if error.use_stderr() {
                write!(err, "{}", error.render())
            } else {
                write!(out, "{}", error.render())
            };
            u8::try_from(error.exit_code()).unwrap_or(2)
        }
    }
}

/// Run a command line as `run_in_process` does, on a dataset already open (its `--data`
/// is then only the store's identity): the commands that read a dataset run on `opened`,
/// the others as usual. Tests run hundreds of commands on one dataset through it; the
/// loading they skip is the same for each and tested on its own.
pub fn run_in_process_on<I, T>(
    opened: &load::Opened,
    args: I,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    let cli = match Cli::try_parse_from(std::iter::once("nisso".into()).chain(args.clone())) {
        Ok(cli) => cli,
        Err(_) => return run_in_process(args, out, err),
    };
    let reads_dataset = matches!(
        cli.command,
        Some(
            Command::Search { .. }
                | Command::Show { .. }
                | Command::Open { .. }
                | Command::Cite { .. }
                | Command::Timeline { .. }
                | Command::Eras { .. }
                | Command::Export { .. }
        )
    );
    match &cli.command {
        Some(command) if reads_dataset => {
            let mut streams = Out::new(out, err, false);
            let result = run_on_dataset(command, opened, &cli.source(), &mut streams)
                .and_then(|()| streams.flush().map_err(Failure::io));
            report(result, err)
        }
        _ => run_parsed(&cli, out, err, false, AfterCommand::Continue),
    }
}

/// Run one non-interactive command, writing to `out`; `settings_file` is `--config`'s.
pub fn run_command(
    command: &Command,
    source: &load::Source,
    settings_file: Option<&std::path::Path>,
    out: &mut Out,
    after: AfterCommand,
) -> Result<(), Failure> {
    match command {
        Command::Check => return run_check(source, out),
        Command::Config { default, path } => {
            return run_config(*default, *path, settings_file, out);
        }
        Command::Man => return run_man(out),
        Command::Completions { shell } => return run_completions(*shell, out),
        Command::Import { format, file } => return run_import(*format, file, source, out),
        Command::Generate { entities, seed } => return run_generate(*entities, *seed, out),
        _ => {}
    }
    // A whole-dataset export reads every entity: from a cache that would mean decoding
    // each record again, so it reads the file (and does not cache it).
    let whole_export = matches!(command, Command::Export { id: None, .. });
    let source = &load::Source {
        cache: source.cache && !whole_export,
        ..source.clone()
    };
    // A new cache's last part is written once the answer is out.
    let mut opened = load::open_deferring(source, &mut |_| {})?;
    if let Some(note) = opened.cache_note() {
        out.say(&format!("note: {note}"));
    }
    let result = run_on_dataset(command, &opened, source, out);
    if let Some(deferred) = opened.take_deferred() {
        // Flushed first: the answer is out before the cache is done.
        let _ = out.flush();
        if let Some(note) = deferred.finish().note() {
            out.say(&format!("note: {note}"));
        }
    }
    if after == AfterCommand::Exit {
        std::mem::forget(opened);
    }
    result
}

/// The commands that read the dataset, once it is open.
fn run_on_dataset(
    command: &Command,
    opened: &load::Opened,
    source: &load::Source,
    out: &mut Out,
) -> Result<(), Failure> {
    match command {
        Command::Search {
            query,
            kind,
            limit,
            all,
            json,
        } => {
            let reader = reader_for(opened, source);
            let listed_all = *all || *json;
            run_search(
                opened, &reader, query, *kind, *limit, listed_all, *json, out,
            )
        }
        Command::Show {
            id,
            json,
            pretty,
            no_notes,
        } => {
            let saved = (!no_notes).then(|| saved_quietly(source));
            run_show(opened, id, (*json, *pretty), saved.as_ref(), out)
        }
        Command::Cite { id, format } => run_cite(opened, id, *format, out),
        // The binary opens the explorer (main.rs); run as a command (a test, a script
        // through `run_in_process`), the start is checked as the binary checks it.
        Command::Open { id, era } => {
            open_target(
                &opened.catalog,
                opened.index(),
                id.as_deref(),
                era.as_deref(),
            )?;
            Err(Failure::usage(
                "the explorer needs a terminal, not a command run".into(),
            ))
        }
        Command::Timeline { era, drawing, .. } if drawing.axis => {
            run_timeline_axis(&opened.catalog, era.as_deref(), drawing, out)
        }
        Command::Timeline { era, json, .. } => {
            run_timeline(&opened.catalog, era.as_deref(), *json, out)
        }
        Command::Eras { json } => run_eras(&opened.catalog, *json, out),
        Command::Export {
            format,
            id,
            no_notes,
        } => {
            let saved =
                (!no_notes && *format == ExportFormat::Markdown).then(|| saved_quietly(source));
            run_export(opened, *format, id.as_deref(), saved.as_ref(), out)
        }
        Command::Bookmarks { change, json } => {
            let change = change.as_ref().map(|change| match change {
                BookmarkChange::Add { id } => (id, true),
                BookmarkChange::Remove { id } => (id, false),
            });
            run_bookmarks(opened, source, change, *json, out)
        }
        Command::Notes { change, json } => {
            let change = change.as_ref().map(|change| match change {
                NoteChange::Set { id, text } => (id, text.as_str()),
                NoteChange::Remove { id } => (id, ""),
            });
            run_notes(opened, source, change, *json, out)
        }
        // Run before the dataset is opened (see `run_command`).
        Command::Check
        | Command::Generate { .. }
        | Command::Import { .. }
        | Command::Config { .. }
        | Command::Man
        | Command::Completions { .. } => Ok(()),
    }
}

/// `nisso man`: the manual page, generated from the clap definitions.
fn run_man(out: &mut Out) -> Result<(), Failure> {
    use clap::CommandFactory;
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .map_err(Failure::io)?;
    out.raw(&String::from_utf8_lossy(&page))
        .map_err(Failure::io)
}

/// `nisso completions SHELL`.
fn run_completions(shell: CompletionShell, out: &mut Out) -> Result<(), Failure> {
    use clap::CommandFactory;
    use clap_complete::Shell;
    let shell = match shell {
        CompletionShell::Bash => Shell::Bash,
        CompletionShell::Zsh => Shell::Zsh,
        CompletionShell::Fish => Shell::Fish,
        CompletionShell::Powershell => Shell::PowerShell,
    };
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "nisso", &mut script);
    out.raw(&String::from_utf8_lossy(&script))
        .map_err(Failure::io)
}

/// `nisso generate N`: a synthetic dataset for benchmarks.
fn run_generate(entities: u64, seed: u64, out: &mut Out) -> Result<(), Failure> {
    // Streamed entity by entity, in the same bytes as the whole dataset serialised at once
    // (keys in order: "entities", then "eras"): a million entities would otherwise be held
    // as a Dataset and a JSON value together.
    let generator = crate::synthetic::Generator::new(entities as usize, seed);
    let json = |value: &dyn erased_json::Json| -> Result<String, Failure> {
        value.line().map_err(|e| Failure::invalid(e.to_string()))
    };
    let eras = if generator.eras.is_empty() {
        String::new()
    } else {
        format!("\"eras\":{}", json(&generator.eras)?)
    };
    let mut opening = "{\"entities\":[";
    for entity in generator {
        let piece = json(&entity)?;
        out.raw(opening).map_err(Failure::io)?;
        out.raw(&piece).map_err(Failure::io)?;
        opening = ",";
    }
    let closing = match (opening == ",", eras.is_empty()) {
        (true, true) => "]}".to_string(),
        (true, false) => format!("],{eras}}}"),
        (false, _) => format!("{{{eras}}}"),
    };
    out.raw(&closing)
        .and_then(|()| out.blank())
        .map_err(Failure::io)
}

/// Serialising the pieces of a streamed dataset the way `sanitize::json_line` writes a
/// whole one.
mod erased_json {
    pub trait Json {
        fn line(&self) -> serde_json::Result<String>;
    }

    impl<T: serde::Serialize> Json for T {
        fn line(&self) -> serde_json::Result<String> {
            serde_json::to_value(self).map(|value| crate::sanitize::json_line(&value))
        }
    }
}

/// The reader's bookmarks and notes for a search (none when there is no store yet or it
/// cannot be read: a search never fails for them).
fn reader_for(opened: &load::Opened, source: &load::Source) -> crate::search::Reader {
    crate::search::Reader::of_saved(&opened.catalog, &saved_quietly(source))
}

/// `nisso search`: `listed_all` lists the weaker matches too (`--all`, and always in JSON).
#[allow(clippy::too_many_arguments)]
fn run_search(
    opened: &load::Opened,
    reader: &crate::search::Reader,
    query: &str,
    kind: Option<DocKind>,
    limit: usize,
    listed_all: bool,
    json: bool,
    out: &mut Out,
) -> Result<(), Failure> {
    let catalog = &opened.catalog;
    let index = opened.index();
    let results = index.search_for(query, kind, reader);
    if let Some(problem) = results.problems.first() {
        return Err(Failure::usage(format!("in the query: {problem}")));
    }
    let listed = if listed_all {
        results.hits.len()
    } else {
        results.strong
    };
    let shown = &results.hits[..listed.min(limit)];
    // Dates as the details pane writes them, in a column as wide as the widest.
    let date_width = shown
        .iter()
        .map(|hit| target_text(catalog, hit.target).2.chars().count())
        .max()
        .unwrap_or(0);
    for hit in shown {
        if json {
            out.json(&hit_json(catalog, index, &results, hit, query))
                .map_err(Failure::io)?;
        } else {
            out.line(&hit_line(catalog, index, &results, hit, date_width))
                .map_err(Failure::io)?;
        }
    }
    let folded = results.hits.len() - listed;
    if folded > 0 && shown.len() == listed {
        out.line(&plain(format!(
            "{folded} weaker match{} (--all lists {})",
            if folded == 1 { "" } else { "es" },
            if folded == 1 { "it" } else { "them" }
        )))
        .map_err(Failure::io)?;
    }
    if results.hits.is_empty() && !json {
        out.line(&plain(format!("no matches for '{query}'")))
            .map_err(Failure::io)?;
        let names: Vec<String> = index
            .suggest(query, 3)
            .into_iter()
            .map(|target| {
                let (name, id, _) = target_text(catalog, target);
                format!("{name} ({id})")
            })
            .collect();
        if !names.is_empty() {
            out.line(&plain(format!("did you mean: {}?", names.join(", "))))
                .map_err(Failure::io)?;
        }
    }
    Ok(())
}

/// `nisso show ID`: an entity or an era, as text, JSON or pretty JSON.
fn run_show(
    opened: &load::Opened,
    id: &str,
    (json, pretty): (bool, bool),
    saved: Option<&store::Saved>,
    out: &mut Out,
) -> Result<(), Failure> {
    let catalog = &opened.catalog;
    let (mut value, lines) = match target_of(catalog, opened.index(), id)? {
        Target::Entity(index) => {
            let current = &catalog.entity(index).id;
            if current != id {
                // Said on stderr so the entity's text or JSON stays as it is.
                out.say(&format!("'{id}' was merged into '{current}'"));
            }
            let reader = saved.and_then(|saved| reader_section_of(saved, current));
            (
                entity_json(catalog, index),
                entity_text(catalog, index, reader),
            )
        }
        Target::Era(era) => (era_json(catalog, era, true), era_text(catalog, era)),
    };
    if let (Some(saved), Value::Object(map)) = (saved, &mut value) {
        let id = map
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or(id)
            .to_string();
        map.insert("bookmarked".into(), json!(saved.is_bookmarked(&id)));
        map.insert("your_note".into(), json!(saved.note(&id)));
    }
    if pretty {
        out.json_pretty(&value).map_err(Failure::io)?;
    } else if json {
        out.json(&value).map_err(Failure::io)?;
    } else {
        for line in &lines {
            out.line(line).map_err(Failure::io)?;
        }
    }
    Ok(())
}

/// `nisso cite ID`: a citation of an entity or era; a mistyped id gets `show`'s
/// suggestions.
fn run_cite(
    opened: &load::Opened,
    id: &str,
    format: crate::cite::Format,
    out: &mut Out,
) -> Result<(), Failure> {
    let catalog = &opened.catalog;
    let lines = match target_of(catalog, opened.index(), id)? {
        Target::Entity(index) => crate::cite::entity(catalog, index, format),
        Target::Era(era) => crate::cite::era(catalog, era, format),
    };
    for line in &lines {
        out.line(&plain(line)).map_err(Failure::io)?;
    }
    Ok(())
}

/// `nisso timeline`: every era's events in order, or one era's.
fn run_timeline(
    catalog: &Catalog,
    era: Option<&str>,
    json: bool,
    out: &mut Out,
) -> Result<(), Failure> {
    let eras: Vec<EraIx> = match era {
        None => catalog.era_indices().collect(),
        Some(wanted) => vec![resolve_era(catalog, wanted)?],
    };
    for era in eras {
        let rows = catalog.era_rows(era);
        if !json {
            out.line(&Line::new().bold(format!("== {} ==", catalog.era_label(era))))
                .map_err(Failure::io)?;
        }
        for entity_index in rows.filter_map(|row| catalog.entity_at(row)) {
            let entity = catalog.entity(entity_index);
            if json {
                let line = json!({
                    "era": catalog.era(era).id,
                    "id": entity.id,
                    "kind": entity.kind,
                    "group": entity.group,
                    "name": entity.name,
                    "date": entity.date.map(|d| d.iso()),
                    "date_text": entity.date.map(|d| d.human()),
                    "summary": entity.summary,
                });
                out.json(&line).map_err(Failure::io)?;
            } else {
                let date = entity
                    .date
                    .map(|d| d.compact())
                    .unwrap_or_else(|| "—".into());
                let row = Line::new()
                    .plain(format!(
                        // "organisation", the longest kind, keeps the names in a column.
                        "  {:<22} {:<12} {}  ",
                        date,
                        entity.kind.as_str(),
                        entity.name
                    ))
                    .dim(&entity.id);
                out.line(&row).map_err(Failure::io)?;
            }
        }
        if !json {
            out.blank().map_err(Failure::io)?;
        }
    }
    Ok(())
}

/// `nisso timeline --axis`: the timeline drawn to scale, as plain text.
fn run_timeline_axis(
    catalog: &Catalog,
    era: Option<&str>,
    drawing: &AxisArgs,
    out: &mut Out,
) -> Result<(), Failure> {
    use crate::axis::{Axis, Grouping};
    if let (Some(from), Some(to)) = (drawing.from, drawing.to)
        && from > to
    {
        return Err(Failure::usage(format!(
            "--from {from} is after --to {to}: the first year shown must not be after the last"
        )));
    }
    let grouping = match drawing.by {
        AxisBy::Kind => Grouping::Kind,
        AxisBy::Side => Grouping::Side,
        AxisBy::Group if catalog.has_groups() => Grouping::Group,
        AxisBy::Group => {
            return Err(Failure::usage(
                "--by group: no entry of this dataset has a group (the groups of an imported timeline); lanes are by kind or by side"
                    .to_string(),
            ));
        }
    };
    let axis = Axis::new(catalog, grouping);
    let (from, to) = match era {
        Some(wanted) => {
            let era = resolve_era(catalog, wanted)?;
            axis.eras.get(era.0).copied().unwrap_or(axis.whole)
        }
        None => {
            let mut from = drawing.from.map_or(axis.whole.0, f64::from);
            // --to names a year: the drawing runs to its end.
            let mut to = drawing.to.map_or(axis.whole.1, |to| f64::from(to) + 1.0);
            // One bound given beyond the data's other end (--from 2100 alone) draws that
            // year, not a window that runs backwards.
            if drawing.from.is_none() {
                from = from.min(to - 1.0);
            }
            if drawing.to.is_none() {
                to = to.max(from + 1.0);
            }
            (from, to)
        }
    };
    let text = crate::ui::axis_draw::plain_text(catalog, &axis, from, to, drawing.width);
    // Written raw: the drawing passed through a ratatui buffer, which drops control and
    // zero-width characters (bidi overrides too); tests/hostile.rs checks it.
    out.raw(&text).map_err(Failure::io)
}

/// `nisso eras`: each era's number, years, name and size.
fn run_eras(catalog: &Catalog, json: bool, out: &mut Out) -> Result<(), Failure> {
    for era in catalog.era_indices() {
        if json {
            out.json(&era_json(catalog, era, false))
                .map_err(Failure::io)?;
        } else {
            let record = catalog.era(era);
            let row = Line::new()
                .plain(format!("{:>2}  {:<16} ", era.0 + 1, era_years(record)))
                .bold(format!("{:<34}", record.name))
                .plain(format!(" {:>3} entries  ", catalog.era_rows(era).len()))
                .dim(&record.id);
            out.line(&row).map_err(Failure::io)?;
        }
    }
    Ok(())
}

fn run_import(
    format: ImportFormat,
    file: &std::path::Path,
    source: &load::Source,
    out: &mut Out,
) -> Result<(), Failure> {
    let name = file.display().to_string();
    // A file that is there but is no text is malformed (1); one that cannot be read at all
    // is a usage error (2), as for --data. Said as `--data` says it.
    let unreadable = |error: crate::files::ReadError| {
        use crate::files::Problem;
        let message = match &error.problem {
            Problem::NotRegular => format!("{}; give a dataset file", error.problem),
            Problem::TooLarge { .. } => format!("{} (raise it with --max-size)", error.problem),
            problem => problem.to_string(),
        };
        let message = format!("cannot read {}: {message}", error.path.display());
        if matches!(error.problem, Problem::NotUtf8 { .. }) {
            Failure::invalid(message)
        } else {
            Failure::usage(message)
        }
    };
    let pieces = crate::files::open_text(file, source.max_bytes).map_err(unreadable)?;
    // Read a piece at a time: the file's text is never whole in memory beside the rows.
    let import =
        crate::interchange::import_file(format, &name, pieces).map_err(|error| match error {
            crate::interchange::ReadOrImport::Read(error) => unreadable(error),
            crate::interchange::ReadOrImport::Import(error) => Failure::invalid(error.to_string()),
        })?;
    for note in &import.notes {
        out.say(&format!("{name}: {note}"));
    }
    out.say(&format!("{name}: {}", import.summary));
    let problems = import.check();
    if let Some(error) = import.entities.take_error() {
        return Err(Failure::io(error));
    }
    let errors: Vec<String> = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .map(ToString::to_string)
        .collect();
    for warning in problems.iter().filter(|p| p.severity == Severity::Warning) {
        out.say(&warning.to_string());
    }
    if !errors.is_empty() {
        return Err(Failure::invalid(format!(
            "the imported dataset does not pass check ({} error{}):\n{}",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" },
            errors.join("\n")
        )));
    }
    // Written an entity at a time, in the form `export` writes, from the temporary file
    // the import keeps them in.
    let head = &import.head;
    write_json_parts(
        &head.borders,
        &head.eras,
        head.meta.as_ref(),
        &import.entities,
        out,
    )?;
    if let Some(error) = import.entities.take_error() {
        return Err(Failure::io(error));
    }
    // The dataset is written without the rows it could not use, but a script must notice
    // that rows were left out: the status says so.
    if import.skipped > 0 {
        return Err(Failure::invalid(format!(
            "{name}: {} skipped (see above); the dataset was written without {}",
            if import.skipped == 1 {
                "1 row was".to_string()
            } else {
                format!("{} rows were", import.skipped)
            },
            if import.skipped == 1 { "it" } else { "them" }
        )));
    }
    Ok(())
}

/// The whole dataset as `json_pretty` writes a `serde_json::Value` of it (keys sorted,
/// two-space indents), one entity at a time: a 100,000-entity dataset as one value would
/// take hundreds of megabytes.
fn write_dataset_json(catalog: &Catalog, out: &mut Out) -> Result<(), Failure> {
    write_json_parts(
        catalog.borders(),
        catalog.eras(),
        catalog.meta(),
        &CatalogEntities(catalog),
        out,
    )
}

/// A catalog's entities, to be written one at a time.
struct CatalogEntities<'c>(&'c Catalog);

impl check::Entities for CatalogEntities<'_> {
    fn count(&self) -> usize {
        self.0.entity_count()
    }

    fn each(
        &self,
        visit: &mut dyn FnMut(usize, &crate::model::Entity) -> std::ops::ControlFlow<()>,
    ) {
        for i in 0..self.count() {
            if visit(i, self.0.entity(EntityIx(i))).is_break() {
                return;
            }
        }
    }

    fn fetch(&self, i: usize) -> std::borrow::Cow<'_, crate::model::Entity> {
        std::borrow::Cow::Borrowed(self.0.entity(EntityIx(i)))
    }

    fn in_memory(&self) -> Option<&[crate::model::Entity]> {
        None
    }
}

/// A dataset's parts written as `write_dataset_json` writes them, one entity at a time.
fn write_json_parts(
    borders: &[crate::model::Border],
    eras: &[crate::model::Era],
    meta: Option<&crate::model::Meta>,
    entities: &dyn check::Entities,
    out: &mut Out,
) -> Result<(), Failure> {
    let entity_count = entities.count();
    let pretty = |value: &dyn erased::Json, indent: &str| -> Result<String, Failure> {
        let text = value
            .pretty()
            .map_err(|e| Failure::invalid(e.to_string()))?;
        Ok(text.replace('\n', &format!("\n{indent}")))
    };
    // Fields in the order a sorted map writes them; empty ones are left out as serde's
    // `skip_serializing_if` leaves them out.
    let mut fields: Vec<(&str, Option<String>)> = Vec::new();
    if !borders.is_empty() {
        fields.push(("borders", Some(pretty(&borders, "  ")?)));
    }
    if entity_count > 0 {
        fields.push(("entities", None));
    }
    if !eras.is_empty() {
        fields.push(("eras", Some(pretty(&eras, "  ")?)));
    }
    if let Some(meta) = meta {
        fields.push(("meta", Some(pretty(&meta, "  ")?)));
    }
    if fields.is_empty() {
        return out.json_text("{}\n").map_err(Failure::io);
    }
    out.json_text("{\n").map_err(Failure::io)?;
    let last = fields.len() - 1;
    for (i, (key, text)) in fields.into_iter().enumerate() {
        out.json_text(&format!("  \"{key}\": "))
            .map_err(Failure::io)?;
        match text {
            Some(text) => out.json_text(&text).map_err(Failure::io)?,
            None => {
                out.json_text("[\n").map_err(Failure::io)?;
                let mut written = Ok(());
                entities.each(&mut |i, entity| {
                    let separator = if i + 1 < entity_count { ",\n" } else { "\n" };
                    written = pretty(entity, "    ").and_then(|text| {
                        out.json_text(&format!("    {text}{separator}"))
                            .map_err(Failure::io)
                    });
                    // A closed pipe stops the writing.
                    if written.is_ok() {
                        std::ops::ControlFlow::Continue(())
                    } else {
                        std::ops::ControlFlow::Break(())
                    }
                });
                written?;
                out.json_text("  ]").map_err(Failure::io)?;
            }
        }
        out.json_text(if i < last { ",\n" } else { "\n" })
            .map_err(Failure::io)?;
    }
    out.json_text("}\n").map_err(Failure::io)
}

/// A value serde can turn into sorted pretty JSON, behind one object-safe method.
mod erased {
    pub trait Json {
        fn pretty(&self) -> serde_json::Result<String>;
    }
    impl<T: serde::Serialize> Json for T {
        fn pretty(&self) -> serde_json::Result<String> {
            // Through a Value: its map sorts the keys, as the whole-dataset form does.
            serde_json::to_string_pretty(&serde_json::to_value(self)?)
        }
    }
}

/// What a TimelineJS export (JSON or CSV) could not place, said on stderr.
fn say_left_out(undated: &[String], context: &[String], out: &mut Out) {
    if !undated.is_empty() {
        let mut names: Vec<&str> = undated.iter().take(5).map(String::as_str).collect();
        if undated.len() > 5 {
            names.push("…");
        }
        out.say(&format!(
            "{} undated entit{} cannot be placed on a TimelineJS timeline and {} left out: {}",
            undated.len(),
            if undated.len() == 1 { "y" } else { "ies" },
            if undated.len() == 1 { "is" } else { "are" },
            names.join(", ")
        ));
    }
    if !context.is_empty() {
        out.say(&format!(
            "{} context entit{} (related topics, not bilateral history) left off the timeline as in the explorer",
            context.len(),
            if context.len() == 1 { "y" } else { "ies" },
        ));
    }
}

fn run_export(
    opened: &load::Opened,
    format: ExportFormat,
    id: Option<&str>,
    saved: Option<&store::Saved>,
    out: &mut Out,
) -> Result<(), Failure> {
    let catalog = &opened.catalog;
    use crate::interchange::{markdown, sheet, timelinejs};
    if id.is_some() && format != ExportFormat::Markdown {
        return Err(Failure::usage(
            "an ID picks one entity or era for --format markdown; the other formats write the whole dataset".into(),
        ));
    }
    match format {
        ExportFormat::Json => {
            write_dataset_json(catalog, out)?;
        }
        ExportFormat::TimelineJs => {
            let export = timelinejs::export(catalog);
            say_left_out(&export.undated, &export.context, out);
            out.json_pretty(&export.value).map_err(Failure::io)?;
        }
        ExportFormat::Csv => {
            let export = sheet::export(catalog).map_err(Failure::invalid)?;
            say_left_out(&export.undated, &export.context, out);
            out.raw(&export.text).map_err(Failure::io)?;
        }
        ExportFormat::Markdown => {
            let empty = store::Saved::default();
            let reader = &|id: &str| reader_section_of(saved.unwrap_or(&empty), id);
            let lines = match id {
                None => markdown::dataset(catalog, reader),
                // An unknown id is a usage error (2), as for every other command.
                Some(id) => match target_of(catalog, opened.index(), id)? {
                    Target::Entity(index) => markdown::entity(catalog, index, 1, reader),
                    Target::Era(era) => markdown::era(catalog, era, 1, reader),
                },
            };
            for line in &lines {
                out.line(&plain(line)).map_err(Failure::io)?;
            }
        }
    }
    Ok(())
}

fn run_check(source: &load::Source, out: &mut Out) -> Result<(), Failure> {
    let dataset = read_dataset(source)?;
    let problems = check::check(&dataset);
    for problem in &problems {
        out.line(&plain(problem.to_string())).map_err(Failure::io)?;
    }
    // The full counts: a warning rule lists its first findings and counts the rest.
    let (errors, warnings) = check::counts(&problems);
    let links: usize = dataset.entities.iter().map(|e| e.links.len()).sum();
    let name = source.path.as_ref().map_or_else(
        || "embedded dataset".to_string(),
        |p| p.display().to_string(),
    );
    if errors == 0 {
        out.line(&plain(format!(
            "{name}: ok — {} entities, {} eras, {links} links, {warnings} warning{}",
            dataset.entities.len(),
            dataset.eras.len(),
            if warnings == 1 { "" } else { "s" }
        )))
        .map_err(Failure::io)?;
        Ok(())
    } else {
        Err(Failure::invalid(format!(
            "{name}: {errors} error{}, {warnings} warning{}",
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" }
        )))
    }
}

/// Where `nisso open` starts: an entity or era by `id` (an unknown one refused with the
/// closest ids, as `nisso show` refuses it), or with `era` an era by number or id (refused
/// as `nisso timeline --era` refuses it). Both are usage errors (2), decided before the
/// explorer takes the terminal.
pub fn open_target(
    catalog: &Catalog,
    index: &SearchIndex,
    id: Option<&str>,
    era: Option<&str>,
) -> Result<Target, Failure> {
    match (id, era) {
        (_, Some(era)) => resolve_era(catalog, era).map(Target::Era),
        (Some(id), None) => target_of(catalog, index, id),
        (None, None) => Err(Failure::usage(
            "open needs an ID or --era N; try `nisso search WORDS` for an id".into(),
        )),
    }
}

/// The command that opens plain mode at `target`: `show ID` for an entity, `era N` for
/// an era.
pub fn plain_command_for(catalog: &Catalog, target: Target) -> String {
    match target {
        Target::Entity(entity) => format!("show {}", catalog.id(entity)),
        Target::Era(era) => format!("era {}", era.0 + 1),
    }
}

/// The entity or era an id names (an entity's former id names it too); else `show`'s
/// refusal with the ids like it.
fn target_of(catalog: &Catalog, index: &SearchIndex, id: &str) -> Result<Target, Failure> {
    if let Some(entity) = catalog.index_of(id) {
        Ok(Target::Entity(entity))
    } else if let Some(era) = catalog.era_index_of(id) {
        Ok(Target::Era(era))
    } else {
        Err(unknown_id_in(catalog, index, id))
    }
}

/// `nisso show`'s refusal of an id the dataset does not have: the closest ids, or a
/// search to try.
fn unknown_id_in(catalog: &Catalog, index: &SearchIndex, id: &str) -> Failure {
    let suggestions: Vec<&str> = index
        .ids_like(catalog, id)
        .into_iter()
        .map(|target| match target {
            Target::Entity(entity) => catalog.id(entity),
            Target::Era(era) => catalog.era(era).id.as_str(),
        })
        .collect();
    if suggestions.is_empty() {
        return Failure::usage(format!(
            "no entity or era with id '{id}', nor one like it; try `nisso search {id}`"
        ));
    }
    Failure::usage(format!(
        "no entity or era with id '{id}'; did you mean: {}?",
        suggestions.join(", ")
    ))
}

/// One search result as a line: kind, date as the details pane writes it, name, how it
/// matched, id.
fn hit_line(
    catalog: &Catalog,
    index: &SearchIndex,
    results: &Results,
    hit: &Hit,
    date_width: usize,
) -> Line {
    let (name, id, date) = target_text(catalog, hit.target);
    let via = present::match_note(catalog, index, results, hit)
        .map(|note| format!("  ({note})"))
        .unwrap_or_default();
    Line::new()
        .plain(format!(
            "{:<12} {:<date_width$}  ",
            index.kind_of(hit.target).as_str(),
            date
        ))
        .bold(name)
        .plain(format!("{via}  "))
        .dim(id)
}

fn hit_json(
    catalog: &Catalog,
    index: &SearchIndex,
    results: &Results,
    hit: &Hit,
    query: &str,
) -> Value {
    let (name, id, date_text) = target_text(catalog, hit.target);
    let date = match hit.target {
        Target::Entity(e) => catalog.entity(e).date.map(|d| d.iso()),
        Target::Era(e) => {
            let era = catalog.era(e);
            Some(match era.end {
                Some(end) => format!("{}/{}", era.start.iso(), end.iso()),
                None => era.start.iso(),
            })
        }
    };
    json!({
        "id": id,
        "kind": index.kind_of(hit.target).as_str(),
        "name": name,
        "date": date,
        "date_text": date_text,
        "score": hit.score,
        "field": hit.field.as_str(),
        "matched": index.matched_text(catalog, hit),
        "positions": index.positions(catalog, hit, query),
        "date_match": hit.date.map(|d| d.as_str()),
        "missing": results.missing(hit),
        "weaker": results.hits[..results.strong].iter().all(|h| h != hit),
    })
}

/// An era by id or by its 1-based number.
pub fn resolve_era(catalog: &Catalog, wanted: &str) -> Result<EraIx, Failure> {
    if let Some(index) = catalog.era_index_of(wanted) {
        return Ok(index);
    }
    if let Ok(number) = wanted.parse::<usize>()
        && (1..=catalog.eras().len()).contains(&number)
    {
        return Ok(EraIx(number - 1));
    }
    let closest = catalog.eras_like(wanted, 3);
    Err(Failure::usage(format!(
        "no era '{wanted}'; did you mean: {}? (or a number 1–{})",
        closest.join(", "),
        catalog.eras().len()
    )))
}

fn link_json(catalog: &Catalog, link_ref: LinkRef, incoming: bool) -> Option<Value> {
    let link = catalog.link(link_ref)?;
    let other = catalog.entity(if incoming {
        link_ref.source
    } else {
        link_ref.target
    });
    Some(json!({
        "rel": link.rel,
        "label": if incoming { link.rel.inverse_label() } else { link.rel.forward_label() },
        "id": other.id,
        "kind": other.kind,
        "name": other.name,
        "note": link.note,
        "external": link.external,
    }))
}

fn entity_json(catalog: &Catalog, index: EntityIx) -> Value {
    let entity = catalog.entity(index);
    let mut value = serde_json::to_value(entity).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut value {
        map.insert("date_text".into(), json!(entity.date.map(|d| d.human())));
        map.insert(
            "era_name".into(),
            json!(catalog.eras().get(catalog.era_of(index).0).map(|e| &e.name)),
        );
        map.insert(
            "references".into(),
            references_json(catalog, &entity.sources),
        );
        map.insert(
            "links_out".into(),
            catalog
                .outgoing(index)
                .iter()
                .filter_map(|&l| link_json(catalog, l, false))
                .collect(),
        );
        map.insert(
            "links_in".into(),
            catalog
                .incoming(index)
                .iter()
                .filter_map(|&l| link_json(catalog, l, true))
                .collect(),
        );
    }
    value
}

/// The references `sources` cite, resolved (`present::cited_references`): each the
/// reference's structured fields, or its number alone when the meta does not list it.
fn references_json(catalog: &Catalog, sources: &[crate::model::SourceRef]) -> Value {
    present::cited_references(catalog.meta(), sources)
        .into_iter()
        .map(|(number, reference)| match reference {
            Some(reference) => serde_json::to_value(reference).unwrap_or(Value::Null),
            None => json!({ "number": number, "text": null }),
        })
        .collect()
}

fn era_json(catalog: &Catalog, era: EraIx, with_events: bool) -> Value {
    let record = catalog.era(era);
    let mut value = json!({
        "number": era.0 + 1,
        "id": record.id,
        "name": record.name,
        "start": record.start.iso(),
        "end": record.end.map(|d| d.iso()),
        "years": era_years(record),
        "summary": record.summary,
        "timeline_entries": catalog.era_rows(era).len(),
        "sources": record.sources,
        "references": references_json(catalog, &record.sources),
        "external_facts": record.external_facts,
    });
    if with_events && let Value::Object(map) = &mut value {
        let ids: Vec<&str> = catalog
            .era_rows(era)
            .filter_map(|row| catalog.entity_at(row))
            .map(|entity| catalog.entity(entity).id.as_str())
            .collect();
        map.insert("timeline_ids".into(), json!(ids));
    }
    value
}

/// The reader's bookmarks and notes for output that shows them; none when there is no
/// store yet or it cannot be read (said on stderr by the commands that change it).
fn saved_quietly(source: &load::Source) -> store::Saved {
    let identity = store::DatasetIdentity::of(source.path.as_deref());
    store::Store::open_existing(identity)
        .and_then(|store| store.load().ok())
        .map(|loaded| loaded.saved)
        .unwrap_or_default()
}

/// The reader's section of an entry (see `present::reader_section`).
pub fn reader_section_of(saved: &store::Saved, id: &str) -> Option<present::Section> {
    present::reader_section(saved.is_bookmarked(id), saved.note(id))
}

/// `nisso show` for an entity: the presentation's sections as lines (bold headings on a
/// terminal), the id beside the name; the reader's bookmark and note under the header.
fn entity_text(catalog: &Catalog, index: EntityIx, reader: Option<present::Section>) -> Vec<Line> {
    /// `show`'s lines: bold headings, the id beside the name.
    struct ShowLines<'a> {
        lines: Vec<Line>,
        id: &'a str,
    }
    impl present::Renderer for ShowLines<'_> {
        fn heading(&mut self, heading: &str) {
            self.lines.push(Line::new());
            self.lines.push(Line::new().bold(heading));
        }
        fn gap(&mut self) {
            self.lines.push(Line::new());
        }
        fn para(&mut self, _: SectionKind, para: &present::Para) {
            self.lines.push(match para.tone {
                Tone::Title => Line::new().bold(&para.text).plain("  ").dim(self.id),
                _ => plain(para.marked_text()),
            });
        }
    }
    let mut show = ShowLines {
        lines: Vec::new(),
        id: catalog.id(index),
    };
    present::walk(
        &present::entity_sections_with(catalog, index, reader),
        &mut show,
    );
    show.lines
}

fn era_text(catalog: &Catalog, era: EraIx) -> Vec<Line> {
    let record = catalog.era(era);
    let mut lines = vec![
        Line::new()
            .bold(catalog.era_label(era))
            .plain(format!("  [era {}]  ", era.0 + 1))
            .dim(&record.id),
        plain(&record.summary),
        Line::new(),
    ];
    for entity in catalog
        .era_rows(era)
        .filter_map(|row| catalog.entity_at(row))
    {
        let entity = catalog.entity(entity);
        let date = entity
            .date
            .map(|d| d.compact())
            .unwrap_or_else(|| "—".into());
        lines.push(plain(format!("  {:<22} {}", date, entity.name)));
    }
    if !record.sources.is_empty() {
        lines.push(Line::new());
        lines.push(Line::new().bold("Sources"));
        for source in &record.sources {
            let refs: Vec<String> = source.refs.iter().map(|r| format!("[{r}]")).collect();
            let text = format!("• {} {}", source.section, refs.join(" "));
            lines.push(plain(text.trim_end()));
        }
    }
    if let Some(references) = present::references_section(catalog.meta(), &record.sources) {
        lines.push(Line::new());
        lines.push(Line::new().bold(present::REFERENCES_HEADING));
        for para in &references.paras {
            lines.push(plain(para.marked_text()));
        }
    }
    if !record.external_facts.is_empty() {
        lines.push(Line::new());
        lines.push(Line::new().bold("Not from the source"));
        for fact in &record.external_facts {
            lines.push(plain(format!("• {fact}")));
        }
    }
    lines
}
