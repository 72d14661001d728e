//! Plain mode: the explorer as a conversation, for screen readers and dumb terminals.
//!
//! One command a line in, one response out: a short heading line saying what the response
//! is, the text, and a `nisso> ` prompt. No cursor addressing, no colour, no escape codes;
//! every line is wrapped to a width between words. Commands come from any `BufRead` and
//! responses go to any `Write`, so the whole loop runs in tests.
//!
//! The state lives in `Plain`: `update(Command) -> Screen` is the one step, `render` turns a
//! screen into text. `COMMANDS` is the one table of commands: parsing, `help` and a README
//! test read it.

use std::io::{self, BufRead, Write};

use unicode_width::UnicodeWidthStr;

use crate::dataset::{Catalog, EntityIx, EraIx, RowIx};
use crate::output::is_closed_pipe;
use crate::present::{self, SectionKind, Tone};
use crate::sanitize;
use crate::search::{SearchIndex, Target};
use crate::store::{Change, MAX_NOTE};
use crate::ui::history::History;

/// The prompt, printed after every response.
pub const PROMPT: &str = "nisso> ";
/// The prompt while a note is written (a line with a single "." ends it).
pub const NOTE_PROMPT: &str = "note> ";
/// Width of the text when the caller does not give one.
pub const DEFAULT_WIDTH: usize = 80;
/// Narrowest width text is wrapped to.
pub const MIN_WIDTH: usize = 20;
/// Bytes of an input line that are read; the rest of a longer line is ignored.
pub const MAX_LINE: usize = 4096;
/// Search results listed at most.
pub const MAX_RESULTS: usize = 20;

/// One command as `help` lists it: the words that call it, what it takes, what it does.
#[derive(Debug, Clone, Copy)]
pub struct CommandInfo {
    /// The command, from the argument (the rest of the line, if any).
    pub make: fn(Option<String>) -> Command,
    /// Spellings, the long one first; matched case-insensitively.
    pub words: &'static [&'static str],
    /// The argument's name in help, if the command takes one.
    pub argument: Option<&'static str>,
    pub what: &'static str,
}

/// The one table of commands.
pub const COMMANDS: &[CommandInfo] = &[
    CommandInfo {
        make: |_| Command::Help,
        words: &["help", "h", "?"],
        argument: None,
        what: "List these commands.",
    },
    CommandInfo {
        make: |words| Command::Search(words.unwrap_or_default()),
        words: &["search", "s", "find", "/"],
        argument: Some("WORDS"),
        what: "Search people, treaties, events, places, organisations and eras. \
               Other spellings, typos, years and kind:treaty are understood.",
    },
    CommandInfo {
        make: |_| Command::More,
        words: &["more", "m"],
        argument: None,
        what: "List the next results of the last search (20 are listed at a time).",
    },
    CommandInfo {
        make: Command::Open,
        words: &["open", "o"],
        argument: Some("N"),
        what: "Open item N of the last numbered list: a result, an era's entry, a link or \
               an era. A number alone does the same.",
    },
    CommandInfo {
        make: |_| Command::Links,
        words: &["links", "l"],
        argument: None,
        what: "List the links of the open entry again, numbered.",
    },
    CommandInfo {
        make: |_| Command::Next,
        words: &["next", "n"],
        argument: None,
        what: "Open the next entry on the timeline, into the next era at an era's end. \
               From an era, or from a person or place, the era's first entry.",
    },
    CommandInfo {
        make: |_| Command::Previous,
        words: &["previous", "prev", "p"],
        argument: None,
        what: "Open the previous entry on the timeline. From a person or place, the last \
               entry of its era.",
    },
    CommandInfo {
        make: |_| Command::Eras,
        words: &["eras", "e"],
        argument: None,
        what: "List the eras, numbered, with their years and number of entries.",
    },
    CommandInfo {
        make: Command::Era,
        words: &["era"],
        argument: Some("N"),
        what: "Show era N (a number from eras, or an era's id): its summary and its \
               entries, numbered.",
    },
    CommandInfo {
        make: Command::Show,
        words: &["show"],
        argument: Some("ID"),
        what: "Open an entry or era by its id, such as richard-sorge.",
    },
    CommandInfo {
        make: Command::Page,
        words: &["page"],
        argument: Some("N"),
        what: "The page of era N (or of the open era): its span, summary, sources, key \
               entries numbered to open, and the borders standing at its start.",
    },
    CommandInfo {
        make: |_| Command::Figures,
        words: &["figures", "fig"],
        argument: None,
        what: "The open entry's figures as a table: what, value, year, note.",
    },
    CommandInfo {
        make: |_| Command::Disputed(true),
        words: &["disputed", "d"],
        argument: None,
        what: "Open the next entry where sources disagree (after the last, the first again).",
    },
    CommandInfo {
        make: |_| Command::Disputed(false),
        words: &["previous-disputed", "pd"],
        argument: None,
        what: "Open the previous entry where sources disagree.",
    },
    CommandInfo {
        make: |_| Command::Bookmark(true),
        words: &["bookmark", "bm"],
        argument: None,
        what: "Bookmark the open entry (kept for next time, as the explorer's b).",
    },
    CommandInfo {
        make: |_| Command::Bookmark(false),
        words: &["unbookmark", "ubm"],
        argument: None,
        what: "Remove the open entry's bookmark.",
    },
    CommandInfo {
        make: |_| Command::Bookmarks,
        words: &["bookmarks"],
        argument: None,
        what: "List your bookmarks, numbered to open.",
    },
    CommandInfo {
        make: |_| Command::Note,
        words: &["note"],
        argument: None,
        what: "Write your note on the open entry: the lines you type next, ended by a line \
               with a single dot. It replaces the note there was; no lines remove it.",
    },
    CommandInfo {
        make: |_| Command::Unnote,
        words: &["unnote"],
        argument: None,
        what: "Remove your note on the open entry.",
    },
    CommandInfo {
        make: |_| Command::Notes,
        words: &["notes"],
        argument: None,
        what: "List your notes, the latest changed first, numbered to open.",
    },
    CommandInfo {
        make: |_| Command::Back,
        words: &["back", "b"],
        argument: None,
        what: "Go back to what you had open before.",
    },
    CommandInfo {
        make: |_| Command::Forward,
        words: &["forward", "f"],
        argument: None,
        what: "Go forward again after back.",
    },
    CommandInfo {
        make: |_| Command::Where,
        words: &["where", "w"],
        argument: None,
        what: "Say where you are: the era, the entry and its position on the timeline.",
    },
    CommandInfo {
        make: |_| Command::Quit,
        words: &["quit", "q", "exit"],
        argument: None,
        what: "Leave plain mode. The end of input does the same.",
    },
];

/// One input line, understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// An empty line: nothing happens, the prompt comes again.
    Empty,
    Help,
    Eras,
    /// `era` with its argument (a number or an id), if any.
    Era(Option<String>),
    /// `search` with its words (possibly none).
    Search(String),
    More,
    /// `open` with its argument (possibly none), or a number alone.
    Open(Option<String>),
    /// `show` with its id (possibly none).
    Show(Option<String>),
    Links,
    Next,
    Previous,
    Back,
    Forward,
    Where,
    /// `page` with its era (a number or an id), if any.
    Page(Option<String>),
    Figures,
    /// The next (true) or previous entry where sources disagree.
    Disputed(bool),
    /// Bookmark (true) or unbookmark the open entry.
    Bookmark(bool),
    Bookmarks,
    Note,
    Unnote,
    Notes,
    Quit,
    /// A first word that is no command.
    Unknown(String),
}

/// Understands one input line: a command word (any case) and its argument, `/WORDS`, `?`,
/// or a number alone.
pub fn parse(line: &str) -> Command {
    let line = line.trim();
    if line.is_empty() {
        return Command::Empty;
    }
    if let Some(rest) = line.strip_prefix('/') {
        return Command::Search(rest.trim().to_string());
    }
    if line.chars().all(|c| c.is_ascii_digit()) {
        return Command::Open(Some(line.to_string()));
    }
    let (word, rest) = match line.split_once(char::is_whitespace) {
        Some((word, rest)) => (word, rest.trim()),
        None => (line, ""),
    };
    let word = word.to_lowercase();
    let argument = (!rest.is_empty()).then(|| rest.to_string());
    let Some(info) = COMMANDS.iter().find(|c| c.words.contains(&word.as_str())) else {
        return Command::Unknown(word);
    };
    (info.make)(argument)
}

/// The command word closest to a mistyped one.
pub fn closest_command(word: &str) -> &'static str {
    let word = word.to_lowercase();
    let mut best = ("help", -1.0);
    for info in COMMANDS {
        for spelling in info.words {
            // Short forms are too easily close to anything; suggest the long form.
            let score = strsim::jaro_winkler(&word, spelling);
            if score > best.1 {
                best = (info.words[0], score);
            }
        }
    }
    best.0
}

/// A paragraph of a response, wrapped when rendered. Lines after the first are indented
/// to line up with the text after a leading indent and a list marker ("  • ", "12. ").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Para(pub String);

/// One response: its paragraphs (the first is the heading), and whether the loop ends.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Screen {
    pub paras: Vec<Para>,
    pub quit: bool,
}

impl Screen {
    fn new(heading: impl Into<String>) -> Screen {
        Screen {
            paras: vec![Para(heading.into())],
            quit: false,
        }
    }

    fn line(&mut self, text: impl Into<String>) {
        self.paras.push(Para(text.into()));
    }

    fn blank(&mut self) {
        self.paras.push(Para(String::new()));
    }

    /// The heading line.
    pub fn heading(&self) -> &str {
        self.paras.first().map_or("", |p| p.0.as_str())
    }
}

/// The text of a screen: every paragraph sanitised and wrapped to `width`, one line each.
pub fn render(screen: &Screen, width: usize) -> String {
    let mut out = String::new();
    for para in &screen.paras {
        for line in wrap(&sanitize::terminal(&para.0), width) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// Wraps a paragraph between words to `width` columns; a word wider than that stands on a
/// line of its own, unbroken. Continuation lines are indented under the text (after the
/// leading spaces and a list marker). Runs of spaces inside a line are kept.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(MIN_WIDTH);
    let text = text.trim_end();
    if text.width() <= width {
        return vec![text.to_string()];
    }
    let indent = hanging_indent(text).min(width / 2);
    let pad = " ".repeat(indent);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_width = 0;
    // (spaces before, word) pairs.
    let leading = text.len() - text.trim_start_matches(' ').len();
    let mut rest = &text[leading..];
    line.push_str(&text[..leading]);
    line_width += leading;
    let mut has_word = false;
    let mut spaces = "";
    while !rest.is_empty() {
        let end = rest.find(' ').unwrap_or(rest.len());
        let word = &rest[..end];
        let after = &rest[end..];
        let next_spaces_len = after.len() - after.trim_start_matches(' ').len();
        let word_width = word.width();
        if has_word && line_width + spaces.len() + word_width > width {
            lines.push(std::mem::take(&mut line));
            line.push_str(&pad);
            line_width = indent;
        } else if has_word {
            line.push_str(spaces);
            line_width += spaces.len();
        }
        line.push_str(word);
        line_width += word_width;
        has_word = true;
        spaces = &after[..next_spaces_len];
        rest = &after[next_spaces_len..];
    }
    if has_word || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Columns of leading spaces plus a list marker ("• ", "– ", "* ", "→ ", "12. ").
fn hanging_indent(text: &str) -> usize {
    let leading = text.len() - text.trim_start_matches(' ').len();
    let body = &text[leading..];
    for marker in ["• ", "– ", "* ", "→ ", "← "] {
        if body.starts_with(marker) {
            return leading + marker.width();
        }
    }
    let digits = body.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && body[digits..].starts_with(". ") {
        return leading + digits + 2;
    }
    leading
}

/// Something that can be open: an era or an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Era(EraIx),
    Entity(EntityIx),
}

/// The last numbered list shown: what a number opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum List {
    None,
    /// Search results or did-you-mean names.
    Results(Vec<Target>),
    /// An era's timeline entries.
    Entries(EraIx, Vec<EntityIx>),
    /// The open entity's links.
    Links(EntityIx, Vec<EntityIx>),
    /// The eras.
    Eras,
    /// The reader's bookmarks or notes, or an era page's key entries.
    Yours(Vec<EntityIx>),
}

/// The session: what is open, the last list, history.
pub struct Plain<'a> {
    catalog: &'a Catalog,
    index: &'a SearchIndex,
    place: Option<Place>,
    list: List,
    history: History<Place>,
    /// The last search with results, for `more`.
    search: Option<LastSearch>,
    /// The reader's bookmarks and notes, as this session last wrote them.
    saved: crate::store::Saved,
    /// The same, as search reads them.
    reader: crate::search::Reader,
    /// Whether an entry shows the reader's bookmark and note (`--no-notes`: not).
    show_notes: bool,
    /// Changes to bookmarks and notes for the conversation loop to write.
    pub pending: Vec<crate::store::Change>,
    /// A note being written, line by line.
    note_draft: Option<NoteDraft>,
}

/// A search's results and how many are listed so far.
struct LastSearch {
    words: String,
    results: crate::search::Results,
    shown: usize,
}

impl<'a> Plain<'a> {
    pub fn new(catalog: &'a Catalog, index: &'a SearchIndex) -> Plain<'a> {
        Plain {
            catalog,
            index,
            place: None,
            list: List::None,
            history: History::new(),
            search: None,
            saved: crate::store::Saved::default(),
            reader: crate::search::Reader::default(),
            show_notes: true,
            pending: Vec::new(),
            note_draft: None,
        }
    }

    /// The reader's bookmarks and notes to start from; `show_notes` false leaves them out
    /// of what an entry shows (they are still searched and changed).
    pub fn with_saved(mut self, saved: crate::store::Saved, show_notes: bool) -> Self {
        self.reader = crate::search::Reader::of_saved(self.catalog, &saved);
        self.saved = saved;
        self.show_notes = show_notes;
        self
    }

    /// The store as written (with other nissos' changes).
    pub fn set_saved(&mut self, saved: crate::store::Saved) {
        self.reader = crate::search::Reader::of_saved(self.catalog, &saved);
        self.saved = saved;
    }

    /// The prompt for the next line: the note's while one is written.
    pub fn prompt(&self) -> &'static str {
        if self.note_draft.is_some() {
            NOTE_PROMPT
        } else {
            PROMPT
        }
    }

    /// One input line: part of a note being written, else a command.
    pub fn answer(&mut self, line: &str) -> Screen {
        if let Some(screen) = self.note_line(line) {
            return screen;
        }
        self.update(parse(line))
    }

    pub fn place(&self) -> Option<Place> {
        self.place
    }

    pub fn list(&self) -> &List {
        &self.list
    }

    /// The first screen: the dataset, its size, how to start.
    pub fn welcome(&self) -> Screen {
        let title = self
            .catalog
            .meta()
            .map_or("nisso", |meta| meta.title.as_str());
        let mut screen = Screen::new(format!("nisso plain mode: {title}"));
        screen.line(format!(
            "{} eras, {} entities, {} entries on the timeline.",
            self.catalog.eras().len(),
            self.catalog.entity_count(),
            self.catalog.timeline().len()
        ));
        screen.line(
            "Type help for commands, eras for the eras, or search followed by words. \
             Type quit to leave.",
        );
        screen
    }

    /// One step: a command in, a screen out.
    pub fn update(&mut self, command: Command) -> Screen {
        match command {
            Command::Empty => Screen::default(),
            Command::Help => self.help(),
            Command::Eras => self.eras(),
            Command::Era(None) => match self.place {
                Some(Place::Era(era)) => self.visit(Place::Era(era), "Era"),
                Some(Place::Entity(e)) => self.visit(Place::Era(self.era_of(e)), "Era"),
                None => {
                    let mut screen = Screen::new("Era: which one?");
                    screen.line(format!(
                        "Type era and a number from 1 to {}; eras lists them.",
                        self.catalog.eras().len()
                    ));
                    screen
                }
            },
            Command::Era(Some(wanted)) => self.era_command(&wanted),
            Command::Search(words) => self.search(&words),
            Command::More => self.more(),
            Command::Open(None) => {
                let mut screen = Screen::new("Open: which number?");
                screen.line(self.numbers_hint());
                screen
            }
            Command::Open(Some(number)) => self.open_number(&number),
            Command::Show(None) => {
                let mut screen = Screen::new("Show: which id?");
                screen.line("Type show and an id, such as show richard-sorge.");
                screen
            }
            Command::Show(Some(id)) => self.show(&id),
            Command::Links => match self.place {
                Some(Place::Entity(entity)) => {
                    let mut screen = Screen::new(format!("Links of {}", self.entity_name(entity)));
                    self.links(entity, &mut screen);
                    screen
                }
                _ => {
                    let mut screen = Screen::new("Links: no entry is open");
                    screen.line("Open an entry first: search, or era and a number.");
                    screen
                }
            },
            Command::Next => self.step(true),
            Command::Previous => self.step(false),
            Command::Back => self.back(),
            Command::Forward => self.forward(),
            Command::Where => self.where_am_i(),
            Command::Page(wanted) => self.era_page(wanted.as_deref()),
            Command::Figures => self.figures(),
            Command::Disputed(forward) => self.disputed(forward),
            Command::Bookmark(add) => self.bookmark(add),
            Command::Bookmarks => self.list_yours(false),
            Command::Note => self.start_note(),
            Command::Unnote => self.remove_note(),
            Command::Notes => self.list_yours(true),
            Command::Quit => Screen {
                paras: vec![Para("Quit: goodbye.".into())],
                quit: true,
            },
            Command::Unknown(word) => {
                let mut screen = Screen::new(format!("Unknown command: {}", quoted(&word)));
                screen.line(format!(
                    "Did you mean {}? Type help for the list of commands.",
                    closest_command(&word)
                ));
                screen
            }
        }
    }

    fn help(&self) -> Screen {
        let mut screen = Screen::new(format!("Help: {} commands", COMMANDS.len()));
        screen.line(
            "Commands are not case-sensitive. Numbers refer to the last numbered list shown.",
        );
        for info in COMMANDS {
            let forms: Vec<String> = info
                .words
                .iter()
                .map(|word| match (info.argument, *word) {
                    (Some(arg), "/") => format!("/{arg}"),
                    (Some(arg), word) => format!("{word} {arg}"),
                    (None, word) => word.to_string(),
                })
                .collect();
            screen.line(format!("{}: {}", forms.join(", "), info.what));
        }
        screen.line("N: a number alone, the same as open N.");
        screen
    }

    fn eras(&mut self) -> Screen {
        let catalog = self.catalog;
        let mut screen = Screen::new(format!("Eras: {}", catalog.eras().len()));
        for era in catalog.era_indices() {
            let record = catalog.era(era);
            let count = catalog.era_rows(era).len();
            screen.line(format!(
                "{}. {}, {}, {} {}",
                era.0 + 1,
                record.name,
                crate::dataset::era_years(record),
                count,
                plural(count, "entry", "entries")
            ));
        }
        if catalog.eras().is_empty() {
            screen.line("This dataset has no eras.");
        } else {
            screen.line("Type era and a number, or a number alone, to see an era.");
            self.list = List::Eras;
        }
        screen
    }

    fn era_command(&mut self, wanted: &str) -> Screen {
        let catalog = self.catalog;
        let count = catalog.eras().len();
        if let Some(era) = catalog.era_index_of(wanted) {
            return self.visit(Place::Era(era), "Era");
        }
        if wanted.chars().all(|c| c.is_ascii_digit()) {
            let number = wanted.parse::<usize>().unwrap_or(usize::MAX);
            if (1..=count).contains(&number) {
                return self.visit(Place::Era(EraIx(number - 1)), "Era");
            }
            let mut screen = Screen::new(format!("Era: there is no era {}", quoted(wanted)));
            screen.line(range_text(count, "era"));
            return screen;
        }
        let mut screen = Screen::new(format!("Era: no era {}", quoted(wanted)));
        if let Some(id) = catalog.eras_like(wanted, 1).first() {
            screen.line(format!(
                "Did you mean era {id}? Or a number from 1 to {count}."
            ));
        }
        screen
    }

    fn search(&mut self, words: &str) -> Screen {
        let index = self.index;
        if words.trim().is_empty() {
            let mut screen = Screen::new("Search: what for?");
            screen.line("Type search and some words, such as search sorge, or /sorge.");
            return screen;
        }
        let results = index.search_for(words, None, &self.reader);
        if results.hits.is_empty() {
            let mut screen = Screen::new(format!("Search: no matches for \"{}\"", quoted(words)));
            for problem in &results.problems {
                screen.line(format!("In the query: {problem}"));
            }
            let suggested = index.suggest(words, 3);
            if !suggested.is_empty() {
                screen.line("Did you mean:");
                for (i, target) in suggested.iter().enumerate() {
                    screen.line(format!("{}. {}", i + 1, self.target_line(*target)));
                }
                screen.line("Type a number to open one.");
                self.list = List::Results(suggested);
                self.search = None;
            }
            return screen;
        }
        let total = results.hits.len();
        let shown = total.min(MAX_RESULTS);
        let quoted_words = quoted(words);
        let heading = if shown < total {
            format!("Search: {total} results for \"{quoted_words}\", the first {shown} listed")
        } else {
            format!(
                "Search: {total} {} for \"{quoted_words}\"",
                plural(total, "result", "results")
            )
        };
        let mut screen = Screen::new(heading);
        for problem in &results.problems {
            screen.line(format!("In the query: {problem}"));
        }
        self.list = List::Results(results.hits.iter().map(|hit| hit.target).collect());
        self.search = Some(LastSearch {
            words: words.to_string(),
            results,
            shown: 0,
        });
        self.list_results(&mut screen);
        screen
    }

    /// Lists the next page of the last search's results (numbered on from the last page).
    fn list_results(&mut self, screen: &mut Screen) {
        let (catalog, index) = (self.catalog, self.index);
        let Some(search) = &mut self.search else {
            return;
        };
        let from = search.shown;
        let to = (from + MAX_RESULTS).min(search.results.hits.len());
        for (i, hit) in search.results.hits[from..to].iter().enumerate() {
            let via = crate::present::match_note(catalog, index, &search.results, hit)
                .map(|note| format!(" ({note})"))
                .unwrap_or_default();
            screen.line(format!(
                "{}. {}{via}",
                from + i + 1,
                target_line(catalog, index, hit.target)
            ));
        }
        search.shown = to;
        let left = search.results.hits.len() - to;
        if left > 0 {
            screen.line(format!(
                "{left} more: type more to list the next {}, or add words to narrow the search.",
                left.min(MAX_RESULTS)
            ));
        }
        screen.line("Type a number to open a result.");
    }

    fn more(&mut self) -> Screen {
        let Some(search) = &self.search else {
            let mut screen = Screen::new("More: no search to continue");
            screen.line("Type search and some words first.");
            return screen;
        };
        let total = search.results.hits.len();
        if search.shown >= total {
            let mut screen = Screen::new(format!(
                "More: all {total} {} for \"{}\" are listed",
                plural(total, "result", "results"),
                quoted(&search.words)
            ));
            screen.line(format!("Type a number from 1 to {total} to open one."));
            return screen;
        }
        let mut screen = Screen::new(format!(
            "More: results {} to {} of {total} for \"{}\"",
            search.shown + 1,
            (search.shown + MAX_RESULTS).min(total),
            quoted(&search.words)
        ));
        self.list = List::Results(search.results.hits.iter().map(|hit| hit.target).collect());
        self.list_results(&mut screen);
        screen
    }

    fn target_line(&self, target: Target) -> String {
        target_line(self.catalog, self.index, target)
    }

    fn numbers_hint(&self) -> String {
        match &self.list {
            List::None => "There is no numbered list yet: search, or type eras.".into(),
            List::Results(t) => format!("Type open and a number from 1 to {}.", t.len()),
            List::Entries(_, e) => format!("Type open and a number from 1 to {}.", e.len()),
            List::Links(_, l) | List::Yours(l) => {
                format!("Type open and a number from 1 to {}.", l.len())
            }
            List::Eras => format!(
                "Type open and a number from 1 to {}.",
                self.catalog.eras().len()
            ),
        }
    }

    fn open_number(&mut self, text: &str) -> Screen {
        let (len, what) = match &self.list {
            List::None => {
                let mut screen = Screen::new("Open: nothing to open yet");
                screen.line(self.numbers_hint());
                return screen;
            }
            List::Results(t) => (t.len(), "result"),
            List::Entries(_, e) => (e.len(), "entry"),
            List::Links(_, l) => (l.len(), "link"),
            List::Yours(l) => (l.len(), "entry"),
            List::Eras => (self.catalog.eras().len(), "era"),
        };
        if !text.chars().all(|c| c.is_ascii_digit()) {
            let mut screen = Screen::new(format!("Open: {} is not a number", quoted(text)));
            screen.line(range_text(len, what));
            return screen;
        }
        let number = text.parse::<usize>().unwrap_or(usize::MAX);
        if !(1..=len).contains(&number) {
            let mut screen = Screen::new(format!("Open: there is no {what} {}", quoted(text)));
            screen.line(range_text(len, what));
            return screen;
        }
        let at = number - 1;
        let place = match &self.list {
            List::Results(targets) => match targets.get(at) {
                Some(Target::Entity(e)) => Place::Entity(*e),
                Some(Target::Era(era)) => Place::Era(*era),
                None => return Screen::new("Open: nothing there"),
            },
            List::Entries(_, entries) | List::Links(_, entries) | List::Yours(entries) => {
                match entries.get(at) {
                    Some(e) => Place::Entity(*e),
                    None => return Screen::new("Open: nothing there"),
                }
            }
            List::Eras => Place::Era(EraIx(at)),
            List::None => return Screen::new("Open: nothing to open yet"),
        };
        self.visit(place, "Opened")
    }

    fn show(&mut self, id: &str) -> Screen {
        let catalog = self.catalog;
        if let Some(entity) = catalog.index_of(id) {
            return self.visit(Place::Entity(entity), "Shown");
        }
        if let Some(era) = catalog.era_index_of(id) {
            return self.visit(Place::Era(era), "Shown");
        }
        let mut screen = Screen::new(format!("Show: no entry or era with id {}", quoted(id)));
        let targets = self.index.ids_like(catalog, id);
        if targets.is_empty() {
            screen.line(format!("Nothing like it either; try search {id}."));
            return screen;
        }
        screen.line("Did you mean:");
        for (i, target) in targets.iter().enumerate() {
            let (_, target_id, _) = present::target_text(catalog, *target);
            screen.line(format!(
                "{}. {} (id {target_id})",
                i + 1,
                self.target_line(*target)
            ));
        }
        screen.line("Type a number to open one.");
        self.list = List::Results(targets);
        self.search = None;
        screen
    }

    /// Opens a place, remembering the one left in history.
    fn visit(&mut self, place: Place, verb: &str) -> Screen {
        if let Some(here) = self.place
            && here != place
        {
            self.history.leave(here);
        }
        self.present(place, verb)
    }

    /// Shows a place and makes it the open one.
    fn present(&mut self, place: Place, verb: &str) -> Screen {
        self.place = Some(place);
        match place {
            Place::Era(era) => self.era_screen(era, verb),
            Place::Entity(entity) => self.entity_screen(entity, verb),
        }
    }

    fn era_screen(&mut self, era: EraIx, verb: &str) -> Screen {
        let catalog = self.catalog;
        let record = catalog.era(era);
        let entries: Vec<EntityIx> = catalog
            .era_rows(era)
            .filter_map(|row| catalog.entity_at(row))
            .collect();
        // "Era 4 of 9, …" for the era command, "Opened: era 4 of 9, …" otherwise.
        let lead = if verb == "Era" {
            "Era".to_string()
        } else {
            format!("{verb}: era")
        };
        let mut screen = Screen::new(format!(
            "{lead} {} of {}, {} {}",
            era.0 + 1,
            catalog.eras().len(),
            entries.len(),
            plural(entries.len(), "entry", "entries")
        ));
        screen.line(catalog.era_label(era));
        screen.line(record.summary.clone());
        screen.blank();
        if entries.is_empty() {
            screen.line("No entries on the timeline in this era.");
        } else {
            screen.line(format!("Entries, {}:", entries.len()));
            for (i, entity) in entries.iter().enumerate() {
                let record = catalog.entity(*entity);
                let date = record
                    .date
                    .map(|d| d.human())
                    .unwrap_or_else(|| "undated".into());
                screen.line(format!(
                    "{}. {date}, {}: {}",
                    i + 1,
                    record.kind.as_str(),
                    record.name
                ));
            }
            screen.line("Type a number to open an entry.");
        }
        self.list = List::Entries(era, entries);
        screen
    }

    fn entity_screen(&mut self, entity: EntityIx, verb: &str) -> Screen {
        let catalog = self.catalog;
        let kind = catalog.kind(entity).as_str();
        let mut screen = Screen::new(format!("{verb}: {kind}, {}", self.position(entity)));
        struct ScreenLines<'a> {
            screen: &'a mut Screen,
            id: &'a str,
        }
        impl present::Renderer for ScreenLines<'_> {
            fn shows(&self, kind: SectionKind) -> bool {
                // Links have their own command.
                kind != SectionKind::Links
            }
            fn heading(&mut self, heading: &str) {
                self.screen.blank();
                self.screen.line(heading);
            }
            fn gap(&mut self) {
                self.screen.blank();
            }
            fn para(&mut self, _: SectionKind, para: &present::Para) {
                match para.tone {
                    Tone::Title => self.screen.line(format!("{}  {}", para.text, self.id)),
                    _ => self.screen.line(para.marked_text()),
                }
            }
        }
        let id = catalog.id(entity);
        let reader = self
            .show_notes
            .then(|| present::reader_section(self.saved.is_bookmarked(id), self.saved.note(id)))
            .flatten();
        let sections = present::entity_sections_with(catalog, entity, reader);
        present::walk(
            &sections,
            &mut ScreenLines {
                screen: &mut screen,
                id,
            },
        );
        screen.blank();
        self.links(entity, &mut screen);
        screen
    }

    /// Appends the entity's links, numbered, and makes them the list; returns how many.
    fn links(&mut self, entity: EntityIx, screen: &mut Screen) -> usize {
        let catalog = self.catalog;
        let groups = present::link_groups(catalog, entity);
        let mut targets = Vec::new();
        let count: usize = groups.iter().map(|(_, items)| items.len()).sum();
        if count == 0 {
            screen.line("Links: none");
        } else {
            screen.line(format!(
                "Links: {count} (→ made by this entry, ← made to it). Type a number to open one."
            ));
            for (kind, items) in groups {
                screen.line(kind.plural());
                for item in items {
                    targets.push(item.entity);
                    screen.line(format!(
                        "{}. {}",
                        targets.len(),
                        present::link_text(catalog, &item)
                    ));
                }
            }
        }
        self.list = List::Links(entity, targets);
        count
    }

    fn entity_name(&self, entity: EntityIx) -> String {
        self.catalog.entity(entity).name.clone()
    }

    /// The era an entity's timeline row is in, else the era it belongs to.
    fn era_of(&self, entity: EntityIx) -> EraIx {
        match self.catalog.timeline_row(entity) {
            Some(row) => self.era_of_row(row).unwrap_or(self.catalog.era_of(entity)),
            None => self.catalog.era_of(entity),
        }
    }

    fn era_of_row(&self, row: RowIx) -> Option<EraIx> {
        self.catalog
            .era_indices()
            .find(|&era| self.catalog.era_rows(era).any(|r| r == row))
    }

    /// "entry 12 of 40 in era 4", or "not on the timeline, era 4".
    fn position(&self, entity: EntityIx) -> String {
        let catalog = self.catalog;
        match catalog.timeline_row(entity) {
            Some(row) => match self.era_of_row(row) {
                Some(era) => {
                    let first = catalog.era_first_row(era).0;
                    format!(
                        "entry {} of {} in era {}",
                        row.0 - first + 1,
                        catalog.era_rows(era).len(),
                        era.0 + 1
                    )
                }
                None => format!("entry {} of {}", row.0 + 1, catalog.timeline().len()),
            },
            None => format!("not on the timeline, era {}", catalog.era_of(entity).0 + 1),
        }
    }

    fn step(&mut self, forward: bool) -> Screen {
        let catalog = self.catalog;
        let verb = if forward { "Next" } else { "Previous" };
        let len = catalog.timeline().len();
        if len == 0 {
            return Screen::new(format!("{verb}: the timeline is empty"));
        }
        let from_row = |row: usize| {
            if forward {
                row.checked_add(1)
            } else {
                row.checked_sub(1)
            }
        };
        let target = match self.place {
            Some(Place::Entity(entity)) => match catalog.timeline_row(entity) {
                Some(row) => from_row(row.0),
                // Off the timeline (a person, a place): into its era, from either end.
                None => {
                    let rows = catalog.era_rows(catalog.era_of(entity));
                    let first = catalog.era_first_row(catalog.era_of(entity)).0;
                    match (forward, rows.len()) {
                        (true, _) => Some(first),
                        (false, 0) => first.checked_sub(1),
                        (false, n) => Some(first + n - 1),
                    }
                }
            },
            Some(Place::Era(era)) => {
                let first = catalog.era_first_row(era).0;
                if forward {
                    Some(first)
                } else {
                    first.checked_sub(1)
                }
            }
            None => forward.then_some(0),
        };
        match target
            .filter(|&row| row < len)
            .and_then(|row| catalog.entity_at(RowIx(row)))
        {
            Some(entity) => self.visit(Place::Entity(entity), verb),
            None => {
                let mut screen = Screen::new(if forward {
                    format!("{verb}: the end of the timeline")
                } else {
                    format!("{verb}: the start of the timeline")
                });
                screen.line(if forward {
                    "There is no later entry. Type previous to go back along the timeline."
                } else {
                    "There is no earlier entry. Type next to go along the timeline."
                });
                screen
            }
        }
    }

    fn back(&mut self) -> Screen {
        let to = self.place.and_then(|here| self.history.back(here));
        match to {
            Some(place) => self.present(place, "Back"),
            None => {
                let mut screen = Screen::new("Back: nothing earlier");
                screen.line("This is the first thing you opened.");
                screen
            }
        }
    }

    fn forward(&mut self) -> Screen {
        let to = self.place.and_then(|here| self.history.forward(here));
        match to {
            Some(place) => self.present(place, "Forward"),
            None => {
                let mut screen = Screen::new("Forward: nothing later");
                screen.line("Forward goes again where back left.");
                screen
            }
        }
    }

    fn where_am_i(&self) -> Screen {
        let catalog = self.catalog;
        let mut screen = match self.place {
            None => {
                let mut screen = Screen::new("Where: at the start, nothing open");
                screen.line("Search, or type eras.");
                screen
            }
            Some(Place::Era(era)) => {
                let mut screen = Screen::new(format!(
                    "Where: era {} of {}",
                    era.0 + 1,
                    catalog.eras().len()
                ));
                screen.line(catalog.era_label(era));
                screen
            }
            Some(Place::Entity(entity)) => {
                let era = self.era_of(entity);
                let mut screen = Screen::new(format!(
                    "Where: {}, {}",
                    catalog.kind(entity).as_str(),
                    self.position(entity)
                ));
                screen.line(self.entity_name(entity));
                screen.line(format!("Era {}: {}", era.0 + 1, catalog.era_label(era)));
                screen
            }
        };
        let numbers = match &self.list {
            List::None => "Numbers: no list yet.".to_string(),
            List::Results(t) => format!("Numbers open the {} results of the last search.", t.len()),
            List::Entries(era, e) => {
                format!("Numbers open the {} entries of era {}.", e.len(), era.0 + 1)
            }
            List::Links(entity, l) => format!(
                "Numbers open the {} links of {}.",
                l.len(),
                self.entity_name(*entity)
            ),
            List::Eras => format!("Numbers open the {} eras.", catalog.eras().len()),
            List::Yours(l) => format!("Numbers open the {} entries listed last.", l.len()),
        };
        screen.line(numbers);
        screen.line(format!(
            "Back: {}. Forward: {}.",
            if self.history.can_go_back() {
                "yes"
            } else {
                "nothing earlier"
            },
            if self.history.can_go_forward() {
                "yes"
            } else {
                "nothing later"
            }
        ));
        screen
    }
}

// Research commands, at par with the explorer: bookmark and unbookmark the open entry,
// write a note over several lines (ended by a line with a single dot), list bookmarks and
// notes, step through the entries where sources disagree, read an entry's figures as a
// table and an era's page. Changes to bookmarks and notes are collected in
// `Plain::pending`; the conversation loop writes them to the store after each command.

/// The line that ends a note.
pub const END_OF_NOTE: &str = ".";

/// A note being written: the entry, and its lines so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteDraft {
    pub entity: EntityIx,
    pub lines: Vec<String>,
}

impl Plain<'_> {
    /// The entry open now, or a screen saying a command needs one.
    fn open_entry(&self, command: &str) -> Result<EntityIx, Screen> {
        match self.place {
            Some(Place::Entity(entity)) => Ok(entity),
            _ => {
                let mut screen = Screen::new(format!("{command}: no entry is open"));
                screen.line("Open an entry first: search, or era and a number.");
                Err(screen)
            }
        }
    }

    /// Record a change: applied to what this session shows at once, written by the loop.
    fn change(&mut self, change: Change) {
        change.apply_to(&mut self.saved);
        self.reader = crate::search::Reader::of_saved(self.catalog, &self.saved);
        self.pending.push(change);
    }

    pub(super) fn bookmark(&mut self, add: bool) -> Screen {
        let command = if add { "Bookmark" } else { "Unbookmark" };
        let entity = match self.open_entry(command) {
            Ok(entity) => entity,
            Err(screen) => return screen,
        };
        let id = self.catalog.id(entity).to_string();
        let name = self.entity_name(entity);
        let marked = self.saved.is_bookmarked(&id);
        let mut screen = match (add, marked) {
            (true, true) => Screen::new(format!("Bookmark: {name} is already bookmarked")),
            (false, false) => Screen::new(format!("Unbookmark: {name} has no bookmark")),
            (true, false) => {
                self.change(Change::AddBookmark(id));
                Screen::new(format!("Bookmark: {name} is bookmarked"))
            }
            (false, true) => {
                self.change(Change::RemoveBookmark(id.clone()));
                let mut screen = Screen::new(format!("Unbookmark: {name} is no longer bookmarked"));
                screen.line("Type bookmark to bookmark it again.");
                return screen;
            }
        };
        screen.line(format!(
            "{} {}: type bookmarks to list them.",
            self.saved.bookmarks.len(),
            plural(self.saved.bookmarks.len(), "bookmark", "bookmarks")
        ));
        screen
    }

    /// `note`: the lines typed next become the open entry's note.
    pub(super) fn start_note(&mut self) -> Screen {
        let entity = match self.open_entry("Note") {
            Ok(entity) => entity,
            Err(screen) => return screen,
        };
        let name = self.entity_name(entity);
        let mut screen = Screen::new(format!(
            "Note on {name}: type it, then a line with a single ."
        ));
        if let Some(old) = self.saved.note(self.catalog.id(entity)) {
            screen.line("It replaces your note, which reads:");
            for line in old.lines() {
                screen.line(format!("  {line}"));
            }
        }
        screen.line(format!(
            "At most {MAX_NOTE} characters. A note of no lines removes it."
        ));
        self.note_draft = Some(NoteDraft {
            entity,
            lines: Vec::new(),
        });
        screen
    }

    /// A line typed while a note is written: kept, or (a single dot) the end of the note.
    pub(super) fn note_line(&mut self, line: &str) -> Option<Screen> {
        let draft = self.note_draft.as_mut()?;
        if line.trim() != END_OF_NOTE {
            draft.lines.push(line.trim_end_matches('\r').to_string());
            return Some(Screen::default());
        }
        let draft = self.note_draft.take()?;
        let text = draft.lines.join("\n");
        let name = self.entity_name(draft.entity);
        let id = self.catalog.id(draft.entity).to_string();
        if let Some(problem) = crate::store::note_too_long(&text) {
            let mut screen = Screen::new(format!("Note on {name}: not saved"));
            screen.line(format!("The {}.", problem.trim_start_matches("the ")));
            return Some(screen);
        }
        let had = self.saved.note(&id).is_some();
        self.change(Change::SetNote(id.clone(), text));
        let screen = match self.saved.note(&id) {
            Some(kept) => {
                let lines = kept.lines().count();
                let mut screen = Screen::new(format!(
                    "Note on {name}: saved, {lines} {}",
                    plural(lines, "line", "lines")
                ));
                screen.line("Type notes to list your notes.");
                screen
            }
            None if had => Screen::new(format!("Note on {name}: removed (it had no lines)")),
            None => Screen::new(format!("Note on {name}: nothing written, nothing saved")),
        };
        Some(screen)
    }

    pub(super) fn remove_note(&mut self) -> Screen {
        let entity = match self.open_entry("Unnote") {
            Ok(entity) => entity,
            Err(screen) => return screen,
        };
        let id = self.catalog.id(entity).to_string();
        let name = self.entity_name(entity);
        let Some(old) = self.saved.note(&id).map(str::to_string) else {
            return Screen::new(format!("Unnote: {name} has no note"));
        };
        self.change(Change::SetNote(id, String::new()));
        let mut screen = Screen::new(format!("Unnote: the note on {name} is removed"));
        screen.line("It read:");
        for line in old.lines() {
            screen.line(format!("  {line}"));
        }
        screen
    }

    /// `bookmarks` or `notes`: numbered, to open.
    pub(super) fn list_yours(&mut self, notes: bool) -> Screen {
        let ids: Vec<String> = if notes {
            self.saved
                .noted_latest_first()
                .map(str::to_string)
                .collect()
        } else {
            self.saved.bookmarks.iter().map(|b| b.id.clone()).collect()
        };
        let what = if notes { "Notes" } else { "Bookmarks" };
        if ids.is_empty() {
            let mut screen = Screen::new(format!("{what}: none yet"));
            screen.line(if notes {
                "Open an entry and type note to write one."
            } else {
                "Open an entry and type bookmark to bookmark it."
            });
            return screen;
        }
        let mut screen = Screen::new(format!("{what}: {}", ids.len()));
        let mut entries = Vec::new();
        for id in &ids {
            let Some(entity) = self.catalog.index_of(id) else {
                screen.line(format!("(not in this dataset: {id})"));
                continue;
            };
            entries.push(entity);
            screen.line(format!(
                "{}. {}",
                entries.len(),
                target_line(
                    self.catalog,
                    self.index,
                    crate::search::Target::Entity(entity)
                )
            ));
            if notes && let Some(note) = self.saved.note(id) {
                for line in note.lines() {
                    screen.line(format!("   {line}"));
                }
            }
        }
        screen.line("Type a number to open one.");
        self.list = List::Yours(entries);
        screen
    }

    /// The next (or previous) entry that records where sources disagree; wraps around.
    pub(super) fn disputed(&mut self, forward: bool) -> Screen {
        let verb = if forward {
            "Next disputed"
        } else {
            "Previous disputed"
        };
        let current = match self.place {
            Some(Place::Entity(entity)) => Some(entity),
            _ => None,
        };
        let Some(step) = self.catalog.next_disputed(current, forward) else {
            return Screen::new(format!("{verb}: no entry records a disagreement"));
        };
        let mut screen = self.visit(
            Place::Entity(step.entity),
            &format!("{verb} ({} of {})", step.number, step.count),
        );
        if step.wrapped {
            screen.paras.insert(1, Para("(Wrapped around.)".into()));
        }
        screen
    }

    /// The open entry's figures as a table: what, value, year, how exact, note.
    pub(super) fn figures(&self) -> Screen {
        let entity = match self.open_entry("Figures") {
            Ok(entity) => entity,
            Err(screen) => return screen,
        };
        let record = self.catalog.entity(entity);
        if record.figures.is_empty() {
            return Screen::new(format!("Figures: {} has none", record.name));
        }
        let mut screen = Screen::new(format!(
            "Figures of {}: {}",
            record.name,
            record.figures.len()
        ));
        let header = ["What", "Value", "Year", "Note"];
        let rows: Vec<[String; 4]> = record
            .figures
            .iter()
            .map(|f| {
                let mut value = crate::present::figure_text(f);
                if let Some(year) = f.year {
                    value = value.trim_end_matches(&format!(" ({year})")).to_string();
                }
                [
                    crate::present::capitalise(&f.label),
                    value,
                    f.year.map(|y| y.to_string()).unwrap_or_else(|| "—".into()),
                    f.note.clone().unwrap_or_default(),
                ]
            })
            .collect();
        table(&mut screen, &header, &rows);
        screen
    }

    /// The page of an era (the open one, or `wanted`): span, summary, sources, key
    /// entries (numbered, to open), borders at its start.
    pub(super) fn era_page(&mut self, wanted: Option<&str>) -> Screen {
        let era = match wanted {
            Some(wanted) => match self.era_named(wanted) {
                Some(era) => era,
                None => {
                    let mut screen = Screen::new(format!("Page: no era {}", quoted(wanted)));
                    screen.line(format!(
                        "Type page and a number from 1 to {}, or page alone for the open era.",
                        self.catalog.eras().len()
                    ));
                    return screen;
                }
            },
            None => match self.place {
                Some(Place::Era(era)) => era,
                Some(Place::Entity(entity)) => self.era_of(entity),
                None => EraIx(0),
            },
        };
        if self.catalog.eras().get(era.0).is_none() {
            return Screen::new("Page: this dataset has no eras");
        }
        let (paras, keys) = crate::ui::era_page::page_text(self.catalog, era);
        let mut screen = Screen::new(format!(
            "Page of era {} of {}: {}",
            era.0 + 1,
            self.catalog.eras().len(),
            self.catalog.era_label(era)
        ));
        for para in paras {
            screen.line(para);
        }
        if !keys.is_empty() {
            screen.line("Numbers open the key entries.");
        }
        self.list = List::Yours(keys);
        screen
    }

    fn era_named(&self, wanted: &str) -> Option<EraIx> {
        if let Some(era) = self.catalog.era_index_of(wanted) {
            return Some(era);
        }
        let number = wanted.parse::<usize>().ok()?;
        (1..=self.catalog.eras().len())
            .contains(&number)
            .then(|| EraIx(number - 1))
    }
}

/// Columns padded to their widest cell (by display width), a rule under the header; a
/// table wider than plain text can hold stays readable as it wraps (columns first).
fn table(screen: &mut Screen, header: &[&str; 4], rows: &[[String; 4]]) {
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.width());
        }
    }
    // The last column (notes) is not padded: it may run long and wrap.
    let line = |cells: Vec<&str>| -> String {
        let mut out = String::new();
        for (i, cell) in cells.iter().enumerate() {
            out.push_str(cell);
            if i + 1 < cells.len() {
                out.push_str(&" ".repeat(widths[i].saturating_sub(cell.width()) + 2));
            }
        }
        out.trim_end().to_string()
    };
    screen.line(line(header.to_vec()));
    screen.line(line(
        widths[..3]
            .iter()
            .map(|w| "-".repeat(*w))
            .chain(std::iter::once("-".repeat(4)))
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str)
            .collect(),
    ));
    for row in rows {
        screen.line(line(row.iter().map(String::as_str).collect()));
    }
}

/// "Richard Sorge, person, 1895 – 7 November 1944".
fn target_line(catalog: &Catalog, index: &SearchIndex, target: Target) -> String {
    let (name, _, date) = present::target_text(catalog, target);
    let kind = index.kind_of(target).as_str();
    if date.is_empty() {
        format!("{name}, {kind}")
    } else {
        format!("{name}, {kind}, {date}")
    }
}

/// What the user typed, as a heading quotes it: at most 60 characters.
fn quoted(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() <= MAX {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(MAX - 1).collect();
    cut.push('…');
    cut
}

fn plural(count: usize, one: &'static str, many: &'static str) -> &'static str {
    if count == 1 { one } else { many }
}

/// "Choose a number from 1 to 5." (or that there is nothing to choose).
fn range_text(len: usize, what: &str) -> String {
    match len {
        0 => format!("There is no {what} to open."),
        1 => format!("There is one {what}: choose 1."),
        n => format!("Choose a number from 1 to {n}."),
    }
}

/// Reads one line into `line` (without its newline): at most `MAX_LINE` bytes are kept,
/// the rest of a longer line is read and dropped. False at the end of input.
fn read_bounded_line(input: &mut dyn BufRead, line: &mut Vec<u8>) -> io::Result<bool> {
    line.clear();
    let mut read_any = false;
    loop {
        let (used, done) = {
            let chunk = match input.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                return Ok(read_any);
            }
            read_any = true;
            let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
                Some(at) => (at, true),
                None => (chunk.len(), false),
            };
            let room = MAX_LINE.saturating_sub(line.len());
            line.extend_from_slice(&chunk[..take.min(room)]);
            (if done { take + 1 } else { take }, done)
        };
        input.consume(used);
        if done {
            return Ok(true);
        }
    }
}

/// Why plain mode stopped early: its input could not be read, or its output written.
#[derive(Debug)]
pub enum PlainError {
    Input(io::Error),
    Output(io::Error),
}

impl std::fmt::Display for PlainError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlainError::Input(error) if error.kind() == io::ErrorKind::IsADirectory => {
                write!(f, "cannot read the input: it is a directory")
            }
            PlainError::Input(error) => write!(f, "cannot read the input: {error}"),
            PlainError::Output(error) => write!(f, "cannot write output: {error}"),
        }
    }
}

impl std::error::Error for PlainError {}

/// Where plain mode keeps the reader's bookmarks and notes: a store (each change written
/// at once, as the explorer does), or none (kept for the session only, as in tests).
#[derive(Debug, Default)]
pub struct Keeping {
    pub store: Option<crate::store::Store>,
    pub saved: crate::store::Saved,
    /// False (`--no-notes`): entries do not show the reader's bookmark and note.
    pub hide_notes: bool,
}

/// Plain mode at the default width (80 columns).
pub fn run(
    catalog: &Catalog,
    index: &SearchIndex,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
) -> Result<(), PlainError> {
    run_with_width(catalog, index, input, output, DEFAULT_WIDTH)
}

/// Plain mode, bookmarks and notes kept for the session only.
pub fn run_with_width(
    catalog: &Catalog,
    index: &SearchIndex,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    width: usize,
) -> Result<(), PlainError> {
    run_keeping(catalog, index, (input, output), width, Keeping::default())
}

/// Plain mode: the welcome, then a prompt, a command, a response until `quit` or the end of
/// input. Each response is flushed; a closed output ends the loop quietly.
pub fn run_keeping(
    catalog: &Catalog,
    index: &SearchIndex,
    (input, output): (&mut dyn BufRead, &mut dyn Write),
    width: usize,
    keeping: Keeping,
) -> Result<(), PlainError> {
    run_keeping_from(catalog, index, None, (input, output), width, keeping)
}

/// `run_keeping` with a `first` command answered after the welcome, before the first
/// prompt (`nisso open ID` in plain mode: `show ID`).
pub fn run_keeping_from(
    catalog: &Catalog,
    index: &SearchIndex,
    first: Option<&str>,
    (input, output): (&mut dyn BufRead, &mut dyn Write),
    width: usize,
    keeping: Keeping,
) -> Result<(), PlainError> {
    match converse(catalog, index, first, (input, output), width, keeping) {
        Err(PlainError::Output(error)) if is_closed_pipe(&error) => Ok(()),
        other => other,
    }
}

fn converse(
    catalog: &Catalog,
    index: &SearchIndex,
    first: Option<&str>,
    (input, output): (&mut dyn BufRead, &mut dyn Write),
    width: usize,
    keeping: Keeping,
) -> Result<(), PlainError> {
    // Which side failed decides whom the message blames.
    let mut say = |text: &[u8], flush: bool| -> Result<(), PlainError> {
        output.write_all(text).map_err(PlainError::Output)?;
        if flush {
            output.flush().map_err(PlainError::Output)?;
        }
        Ok(())
    };
    let mut session = Plain::new(catalog, index).with_saved(keeping.saved, !keeping.hide_notes);
    say(render(&session.welcome(), width).as_bytes(), false)?;
    if let Some(first) = first {
        say(render(&session.answer(first), width).as_bytes(), false)?;
    }
    say(PROMPT.as_bytes(), true)?;
    let mut line = Vec::with_capacity(256);
    loop {
        if !read_bounded_line(input, &mut line).map_err(PlainError::Input)? {
            // End of input: end the prompt's line.
            return say(b"\n", true);
        }
        let text = String::from_utf8_lossy(&line);
        let mut screen = session.answer(&text);
        let changes = std::mem::take(&mut session.pending);
        if let (Some(store), false) = (&keeping.store, changes.is_empty()) {
            match store.change(&changes) {
                Ok(loaded) => session.set_saved(loaded.saved),
                Err(err) => screen.line(format!("Not saved: {err}")),
            }
        }
        say(render(&screen, width).as_bytes(), false)?;
        if screen.quit {
            return say(b"", true);
        }
        say(session.prompt().as_bytes(), true)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::load_embedded;

    fn catalog() -> Catalog {
        Catalog::new(load_embedded().unwrap())
    }

    fn text(screen: &Screen) -> String {
        render(screen, DEFAULT_WIDTH)
    }

    #[test]
    fn parses_long_and_short_forms_in_any_case() {
        assert_eq!(parse(""), Command::Empty);
        assert_eq!(parse("   \r"), Command::Empty);
        assert_eq!(parse("help"), Command::Help);
        assert_eq!(parse("?"), Command::Help);
        assert_eq!(parse("H"), Command::Help);
        assert_eq!(parse("ERAS"), Command::Eras);
        assert_eq!(parse("era 4"), Command::Era(Some("4".into())));
        assert_eq!(parse("era"), Command::Era(None));
        assert_eq!(
            parse("Search  Richard Sorge "),
            Command::Search("Richard Sorge".into())
        );
        assert_eq!(parse("s sorge"), Command::Search("sorge".into()));
        assert_eq!(parse("/sorge"), Command::Search("sorge".into()));
        assert_eq!(
            parse("/ kuril islands"),
            Command::Search("kuril islands".into())
        );
        assert_eq!(parse("open 3"), Command::Open(Some("3".into())));
        assert_eq!(parse("O 3"), Command::Open(Some("3".into())));
        assert_eq!(parse("12"), Command::Open(Some("12".into())));
        assert_eq!(parse("open"), Command::Open(None));
        assert_eq!(
            parse("show richard-sorge"),
            Command::Show(Some("richard-sorge".into()))
        );
        assert_eq!(parse("links"), Command::Links);
        assert_eq!(parse("more"), Command::More);
        assert_eq!(parse("M"), Command::More);
        assert_eq!(parse("n"), Command::Next);
        assert_eq!(parse("Next"), Command::Next);
        assert_eq!(parse("p"), Command::Previous);
        assert_eq!(parse("prev"), Command::Previous);
        assert_eq!(parse("previous"), Command::Previous);
        assert_eq!(parse("b"), Command::Back);
        assert_eq!(parse("forward"), Command::Forward);
        assert_eq!(parse("where"), Command::Where);
        assert_eq!(parse("q"), Command::Quit);
        assert_eq!(parse("EXIT"), Command::Quit);
        assert_eq!(parse("serch sorge"), Command::Unknown("serch".into()));
    }

    #[test]
    fn every_command_word_is_in_one_table_and_parses_to_its_verb() {
        let mut seen = std::collections::HashSet::new();
        for info in COMMANDS {
            for word in info.words {
                assert!(seen.insert(*word), "{word} twice in the table");
                let line = match info.argument {
                    Some(_) if *word == "/" => "/x".to_string(),
                    Some(_) => format!("{word} 1"),
                    None => word.to_string(),
                };
                assert_ne!(parse(&line), Command::Unknown(word.to_string()), "{word}");
            }
        }
    }

    #[test]
    fn closest_command_names_the_long_form() {
        assert_eq!(closest_command("serch"), "search");
        assert_eq!(closest_command("forwrd"), "forward");
        assert_eq!(closest_command("qiut"), "quit");
        assert_eq!(closest_command("wher"), "where");
    }

    #[test]
    fn wrap_breaks_between_words_and_indents_under_the_text() {
        let lines = wrap(
            "12. one two three four five six seven eight nine ten eleven twelve",
            20,
        );
        assert!(lines.iter().all(|l| l.width() <= 20), "{lines:?}");
        assert!(lines[1].starts_with("    ") && !lines[1].starts_with("     "));
        let joined: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).collect();
        assert_eq!(
            joined.join(" "),
            "12. one two three four five six seven eight nine ten eleven twelve"
        );
        let long = format!("a {} b", "x".repeat(50));
        let lines = wrap(&long, 20);
        assert_eq!(
            lines,
            vec!["a".to_string(), "x".repeat(50), "b".to_string()]
        );
        assert_eq!(wrap("Name  id", 80), vec!["Name  id".to_string()]);
        assert_eq!(wrap("", 80), vec![String::new()]);
    }

    #[test]
    fn render_sanitises_everything() {
        let screen = Screen {
            paras: vec![Para("Heading \u{1b}]0;evil\u{7}".into())],
            quit: false,
        };
        let out = text(&screen);
        assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'));
        assert!(out.contains("\\u{1b}"));
    }

    #[test]
    fn welcome_names_the_dataset_and_its_size() {
        let catalog = catalog();
        let index = SearchIndex::new(&catalog);
        let session = Plain::new(&catalog, &index);
        let out = text(&session.welcome());
        assert!(out.starts_with("nisso plain mode: "));
        assert!(out.contains(&format!("{} eras", catalog.eras().len())));
        assert!(out.contains(&format!("{} entities", catalog.entity_count())));
        assert!(out.contains("Type help for commands"));
    }

    #[test]
    fn help_lists_every_command() {
        let catalog = catalog();
        let index = SearchIndex::new(&catalog);
        let mut session = Plain::new(&catalog, &index);
        let screen = session.update(Command::Help);
        assert_eq!(
            screen.heading(),
            format!("Help: {} commands", COMMANDS.len())
        );
        let out = text(&screen);
        for info in COMMANDS {
            assert!(out.contains(info.words[0]), "{}", info.words[0]);
        }
        assert!(out.contains("/WORDS") && out.contains("open N"));
    }

    #[test]
    fn eras_are_numbered_with_years_and_counts_and_open_by_number() {
        let catalog = catalog();
        let index = SearchIndex::new(&catalog);
        let mut session = Plain::new(&catalog, &index);
        let screen = session.update(Command::Eras);
        assert_eq!(screen.heading(), format!("Eras: {}", catalog.eras().len()));
        let out = text(&screen);
        let first = catalog.era(EraIx(0));
        assert!(out.contains(&format!(
            "1. {}, {}",
            first.name,
            crate::dataset::era_years(first)
        )));
        assert!(out.contains(" entries"));
        let screen = session.update(parse("2"));
        assert!(
            screen.heading().starts_with("Opened: era 2 of "),
            "{}",
            screen.heading()
        );
    }

    #[test]
    fn era_lists_its_entries_numbered_and_a_number_opens_one() {
        let catalog = catalog();
        let index = SearchIndex::new(&catalog);
        let mut session = Plain::new(&catalog, &index);
        let screen = session.update(parse("era 4"));
        let count = catalog.era_rows(EraIx(3)).len();
        assert_eq!(
            screen.heading(),
            format!("Era 4 of {}, {count} entries", catalog.eras().len())
        );
        let out = text(&screen);
        assert!(out.contains(&catalog.era_label(EraIx(3))));
        assert!(out.contains(&catalog.era(EraIx(3)).summary[..20]));
        assert!(out.contains(&format!("{count}. ")));
        let screen = session.update(parse("open 2"));
        assert!(
            screen
                .heading()
                .contains(&format!("entry 2 of {count} in era 4"))
        );
        let second = catalog
            .entity_at(catalog.era_rows(EraIx(3)).nth(1).unwrap())
            .unwrap();
        assert_eq!(session.place(), Some(Place::Entity(second)));
        // An era by id, and ones that do not exist.
        let id = catalog.era(EraIx(0)).id.clone();
        assert!(
            session
                .update(Command::Era(Some(id)))
                .heading()
                .starts_with("Era 1 of ")
        );
        let screen = session.update(parse("era 99"));
        assert_eq!(screen.heading(), "Era: there is no era 99");
        assert!(text(&screen).contains(&format!("from 1 to {}", catalog.eras().len())));
        let screen = session.update(parse("era restoraton"));
        assert!(text(&screen).contains("Did you mean era "));
    }

    #[test]
    fn search_lists_results_with_kind_date_and_why() {
        let catalog = catalog();
        let index = SearchIndex::new(&catalog);
        let mut session = Plain::new(&catalog, &index);
        let screen = session.update(parse("search sorge"));
        assert!(
            screen.heading().starts_with("Search: "),
            "{}",
            screen.heading()
        );
        assert!(screen.heading().ends_with("for \"sorge\""));
        let out = text(&screen);
        assert!(out.contains("1. Richard Sorge, person"), "{out}");
        let List::Results(targets) = session.list().clone() else {
            panic!("no results list");
        };
        assert!(!targets.is_empty() && targets.len() <= MAX_RESULTS);
        let screen = session.update(parse("1"));
        assert!(screen.heading().starts_with("Opened: person"));
        assert!(text(&screen).contains("Richard Sorge  richard-sorge"));
        // Why a result matched when it is not the name: same words as `nisso search`.
        let out = text(&session.update(parse("/gorbatschow")));
        assert!(out.contains("Mikhail Gorbachev"), "{out}");
    }

    #[test]
    fn more_lists_the_next_results_numbered_on() {
        let catalog = catalog();
        let index = SearchIndex::new(&catalog);
        let mut session = Plain::new(&catalog, &index);
        assert_eq!(
            session.update(Command::More).heading(),
            "More: no search to continue"
        );
        let screen = session.update(parse("/kind:event"));
        let total = index.search("kind:event", None).hits.len();
        assert!(total > 2 * MAX_RESULTS);
        assert_eq!(
            screen.heading(),
            format!("Search: {total} results for \"kind:event\", the first 20 listed")
        );
        let out = text(&screen);
        assert!(out.contains("\n20. ") && !out.contains("\n21. "));
        assert!(out.contains(&format!("{} more: type more", total - 20)));
        let screen = session.update(parse("more"));
        assert_eq!(
            screen.heading(),
            format!("More: results 21 to 40 of {total} for \"kind:event\"")
        );
        let out = text(&screen);
        assert!(out.contains("\n21. ") && out.contains("\n40. ") && !out.contains("\n41. "));
        // Any result opens by its number, listed or not yet.
        assert!(
            session
                .update(parse("35"))
                .heading()
                .starts_with("Opened: event")
        );
        let screen = session.update(parse(&(total + 1).to_string()));
        assert!(screen.heading().starts_with("Open: "));
        while !session.update(parse("m")).heading().contains("are listed") {}
        assert_eq!(
            session.update(parse("more")).heading(),
            format!("More: all {total} results for \"kind:event\" are listed")
        );
    }

    #[test]
    fn search_without_matches_offers_numbered_names() {
        let catalog = catalog();
        let index = SearchIndex::new(&catalog);
        let mut session = Plain::new(&catalog, &index);
        let screen = session.update(parse("search gorbqqqqv zzz"));
        assert_eq!(screen.heading(), "Search: no matches for \"gorbqqqqv zzz\"");
        let out = text(&screen);
        assert!(out.contains("Did you mean:"), "{out}");
        assert!(out.contains("1. Mikhail Gorbachev, person"), "{out}");
        assert!(matches!(session.list(), List::Results(_)));
        assert!(
            session
                .update(parse("1"))
                .heading()
                .starts_with("Opened: person")
        );
        let screen = session.update(parse("search"));
        assert_eq!(screen.heading(), "Search: what for?");
        let screen = session.update(parse("search qwxzv"));
        assert_eq!(screen.heading(), "Search: no matches for \"qwxzv\"");
        assert!(!text(&screen).contains("Did you mean"));
    }

    #[test]
    fn an_entity_shows_its_sections_and_numbered_links() {
        let catalog = catalog();
        let index = SearchIndex::new(&catalog);
        let mut session = Plain::new(&catalog, &index);
        let screen = session.update(parse("show soviet-japanese-neutrality-pact"));
        assert!(
            screen.heading().starts_with("Shown: treaty, entry "),
            "{}",
            screen.heading()
        );
        let out = text(&screen);
        let entity = catalog.index_of("soviet-japanese-neutrality-pact").unwrap();
        let record = catalog.entity(entity);
        assert!(out.contains(&format!("{}  {}", record.name, record.id)));
        let groups = present::link_groups(&catalog, entity);
        let count: usize = groups.iter().map(|(_, items)| items.len()).sum();
        assert!(out.contains(&format!("Links: {count} ")));
        assert!(out.contains(&format!("{count}. ")));
        let first = &groups[0].1[0];
        assert!(out.contains(&format!("1. {}", present::link_text(&catalog, first))));
        // The links command lists them again; a number follows one.
        let again = session.update(Command::Links);
        assert!(again.heading().starts_with("Links of "));
        let followed = session.update(parse("1"));
        assert!(followed.heading().starts_with("Opened: "));
        assert_eq!(session.place(), Some(Place::Entity(first.entity)));
    }

    #[test]
    fn show_with_a_typo_suggests_ids() {
        let catalog = catalog();
        let index = SearchIndex::new(&catalog);
        let mut session = Plain::new(&catalog, &index);
        let screen = session.update(parse("show richard-sorg"));
        assert_eq!(
            screen.heading(),
            "Show: no entry or era with id richard-sorg"
        );
        let out = text(&screen);
        assert!(
            out.contains("Did you mean:") && out.contains("richard-sorge"),
            "{out}"
        );
        assert!(
            session
                .update(parse("1"))
                .heading()
                .starts_with("Opened: person")
        );
    }

    #[test]
    fn next_and_previous_walk_the_timeline_across_eras() {
        let catalog = catalog();
        let index = SearchIndex::new(&catalog);
        let mut session = Plain::new(&catalog, &index);
        let screen = session.update(parse("previous"));
        assert_eq!(screen.heading(), "Previous: the start of the timeline");
        let screen = session.update(parse("next"));
        assert!(screen.heading().starts_with("Next: "));
        assert!(
            screen.heading().ends_with("entry 1 of 1 in era 1")
                || screen.heading().contains("entry 1 of ")
        );
        assert_eq!(session.place(), Some(Place::Entity(catalog.timeline()[0])));
        // From the last entry of era 1 into era 2.
        let last_of_first = catalog.era_rows(EraIx(0)).len();
        session.update(parse("era 1"));
        session.update(parse(&last_of_first.to_string()));
        let screen = session.update(parse("n"));
        assert!(
            screen.heading().ends_with("entry 1 of ") || screen.heading().contains("in era 2"),
            "{}",
            screen.heading()
        );
        let screen = session.update(parse("p"));
        assert!(screen.heading().contains(&format!(
            "entry {last_of_first} of {last_of_first} in era 1"
        )));
        // The end of the timeline.
        let last = *catalog.timeline().last().unwrap();
        session.update(Command::Show(Some(catalog.entity(last).id.clone())));
        assert_eq!(
            session.update(parse("next")).heading(),
            "Next: the end of the timeline"
        );
        // From an undated place (not on the timeline): into its era, from either end.
        let place = catalog.index_of("vladivostok").unwrap();
        assert_eq!(catalog.timeline_row(place), None);
        let era = catalog.era_of(place);
        let rows: Vec<RowIx> = catalog.era_rows(era).collect();
        session.update(parse("show vladivostok"));
        session.update(parse("next"));
        assert_eq!(
            session.place(),
            Some(Place::Entity(catalog.entity_at(rows[0]).unwrap()))
        );
        session.update(parse("show vladivostok"));
        let screen = session.update(parse("previous"));
        assert!(screen.heading().contains(&format!(
            "entry {0} of {0} in era {1}",
            rows.len(),
            era.0 + 1
        )));
    }

    #[test]
    fn back_and_forward_return_to_what_was_open() {
        let catalog = catalog();
        let index = SearchIndex::new(&catalog);
        let mut session = Plain::new(&catalog, &index);
        assert_eq!(
            session.update(parse("back")).heading(),
            "Back: nothing earlier"
        );
        session.update(parse("show richard-sorge"));
        session.update(parse("era 4"));
        let screen = session.update(parse("b"));
        assert!(screen.heading().starts_with("Back: person"));
        let screen = session.update(parse("f"));
        assert!(screen.heading().starts_with("Forward: era 4"));
        assert_eq!(
            session.update(parse("forward")).heading(),
            "Forward: nothing later"
        );
    }

    #[test]
    fn where_says_the_era_entry_and_position() {
        let catalog = catalog();
        let index = SearchIndex::new(&catalog);
        let mut session = Plain::new(&catalog, &index);
        assert_eq!(
            session.update(parse("where")).heading(),
            "Where: at the start, nothing open"
        );
        session.update(parse("era 4"));
        session.update(parse("3"));
        let screen = session.update(parse("where"));
        let count = catalog.era_rows(EraIx(3)).len();
        assert!(
            screen
                .heading()
                .ends_with(&format!("entry 3 of {count} in era 4"))
        );
        let out = text(&screen);
        assert!(out.contains("Era 4: ") && out.contains("Numbers open the "));
    }

    #[test]
    fn numbers_out_of_range_and_unknown_commands_say_what_is_valid() {
        let catalog = catalog();
        let index = SearchIndex::new(&catalog);
        let mut session = Plain::new(&catalog, &index);
        assert_eq!(
            session.update(parse("3")).heading(),
            "Open: nothing to open yet"
        );
        session.update(parse("eras"));
        let screen = session.update(parse("open 0"));
        assert_eq!(screen.heading(), "Open: there is no era 0");
        assert!(text(&screen).contains(&format!("from 1 to {}", catalog.eras().len())));
        let screen = session.update(parse("99999999999999999999999"));
        assert!(screen.heading().starts_with("Open: there is no era"));
        let screen = session.update(parse("open x"));
        assert_eq!(screen.heading(), "Open: x is not a number");
        let screen = session.update(parse("serch sorge"));
        assert_eq!(screen.heading(), "Unknown command: serch");
        assert!(text(&screen).contains("Did you mean search?"));
        assert_eq!(session.update(parse("")), Screen::default());
        assert!(session.update(parse("quit")).quit);
    }

    #[test]
    fn long_and_broken_input_lines_are_bounded() {
        let mut input: &[u8] = b"abc\r\nxyz";
        let mut line = Vec::new();
        assert!(read_bounded_line(&mut input, &mut line).unwrap());
        assert_eq!(line, b"abc\r");
        assert!(read_bounded_line(&mut input, &mut line).unwrap());
        assert_eq!(line, b"xyz");
        assert!(!read_bounded_line(&mut input, &mut line).unwrap());
        let long = [vec![b'a'; 10_000], b"\nnext\n".to_vec()].concat();
        let mut input = std::io::BufReader::with_capacity(100, &long[..]);
        assert!(read_bounded_line(&mut input, &mut line).unwrap());
        assert_eq!(line.len(), MAX_LINE);
        assert!(read_bounded_line(&mut input, &mut line).unwrap());
        assert_eq!(line, b"next");
    }
}
