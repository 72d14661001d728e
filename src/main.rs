#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use clap::Parser;
use nisso::cli::{self, Cli, Failure};
use nisso::config::Settings;
use nisso::sanitize;
use nisso::ui::RunError;
use nisso::ui::theme::Theme;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    nisso::load::keep_freed_memory();
    let args = Cli::parse();
    // `open` starts the explorer (or plain mode) as `nisso` alone does, at an entry.
    let explorer = matches!(args.command, None | Some(cli::Command::Open { .. }));
    let status = if !explorer {
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        let mut err = std::io::stderr().lock();
        cli::run_parsed(
            &args,
            &mut out,
            &mut err,
            cli::stdout_is_styled(),
            cli::AfterCommand::Exit,
        )
    } else {
        let result = cli::settings(&args).and_then(|settings| explore(&args, settings));
        cli::report(result, &mut std::io::stderr().lock())
    };
    ExitCode::from(status)
}

/// The explorer, in the theme chosen once here: `--theme`, else the settings file's, else
/// NO_COLOR, else the standard one (a chosen theme overrides NO_COLOR, as no-color.org asks).
fn explore(args: &Cli, settings: Settings) -> Result<(), Failure> {
    // `nisso open`: the dataset is opened and the id looked up before the terminal is
    // taken, so a mistyped one is refused here as `nisso show` refuses it.
    let start = match &args.command {
        Some(cli::Command::Open { id, era }) => {
            let opened = open_dataset(args)?;
            let target = cli::open_target(
                &opened.catalog,
                opened.index(),
                id.as_deref(),
                era.as_deref(),
            )?;
            Some((opened, target))
        }
        _ => None,
    };
    if args.plain || std::env::var_os("TERM").is_some_and(|term| term == "dumb") {
        return plain(args, start);
    }
    let theme = match args.theme.or(settings.theme) {
        Some(kind) => Theme::of(kind),
        None => Theme::for_no_color(std::env::var_os("NO_COLOR").as_deref()),
    };
    let options = nisso::ui::Options {
        keymap: settings.keymap,
        open_with: settings.open_with,
        restore: settings.restore && !args.no_restore,
        no_clipboard: !settings.clipboard,
        hold_loader: None,
    };
    let ran = match start {
        Some((opened, target)) => nisso::ui::run_at(opened, target, &args.source(), theme, options),
        None => nisso::ui::run(&args.source(), theme, options),
    };
    match ran {
        Ok(notes) => {
            let mut stderr = std::io::stderr().lock();
            for note in notes {
                let _ = writeln!(stderr, "nisso: note: {}", sanitize::terminal(&note));
            }
            Ok(())
        }
        Err(RunError::Load(failure)) => Err(Failure::from(failure)),
        Err(RunError::Terminal(e)) => Err(Failure::invalid(format!("terminal error: {e}"))),
    }
}

/// Plain mode's bookmarks and notes: the dataset's store, as the explorer keeps them; when
/// it cannot be used, said on stderr and kept for the session only.
fn keeping(args: &Cli) -> nisso::plain::Keeping {
    let identity = nisso::store::DatasetIdentity::of(args.data.as_deref());
    let opened = nisso::store::Store::open(identity)
        .and_then(|store| store.load().map(|loaded| (store, loaded)));
    let mut stderr = std::io::stderr().lock();
    match opened {
        Ok((store, loaded)) => {
            if let Some(warning) = loaded.warning {
                let _ = writeln!(stderr, "nisso: note: {}", sanitize::terminal(&warning));
            }
            nisso::plain::Keeping {
                store: Some(store),
                saved: loaded.saved,
                hide_notes: args.no_notes,
            }
        }
        Err(err) => {
            let _ = writeln!(
                stderr,
                "nisso: note: bookmarks and notes are kept for this session only: {}",
                sanitize::terminal(&err.to_string())
            );
            nisso::plain::Keeping {
                hide_notes: args.no_notes,
                ..Default::default()
            }
        }
    }
}

/// The dataset the flags name, its cache note said on stderr.
fn open_dataset(args: &Cli) -> Result<nisso::load::Opened, Failure> {
    let opened = nisso::load::open(&args.source(), &mut |_| {}).map_err(Failure::from)?;
    if let Some(note) = opened.cache_note() {
        let _ = writeln!(
            std::io::stderr().lock(),
            "nisso: note: {}",
            sanitize::terminal(&note)
        );
    }
    Ok(opened)
}

/// Plain mode over stdin and stdout (see `nisso::plain`); `nisso open` starts it with
/// `show ID` (or `era N`).
fn plain(
    args: &Cli,
    start: Option<(nisso::load::Opened, nisso::search::Target)>,
) -> Result<(), Failure> {
    let (opened, first) = match start {
        Some((opened, target)) => {
            let first = cli::plain_command_for(&opened.catalog, target);
            (opened, Some(first))
        }
        None => (open_dataset(args)?, None),
    };
    let width = args.width.map(usize::from).unwrap_or_else(|| {
        use std::io::IsTerminal;
        match crossterm::terminal::size() {
            Ok((columns, _)) if std::io::stdout().is_terminal() && columns >= 20 => {
                usize::from(columns)
            }
            _ => 80,
        }
    });
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    let mut output = stdout.lock();
    nisso::plain::run_keeping_from(
        &opened.catalog,
        opened.index(),
        first.as_deref(),
        (&mut input, &mut output),
        width,
        keeping(args),
    )
    .map_err(|error| match error {
        // Standard input that cannot be read (a directory) is the caller's mistake (2).
        nisso::plain::PlainError::Input(error) => Failure::usage(format!(
            "cannot read commands from standard input: {}",
            if error.kind() == std::io::ErrorKind::IsADirectory {
                "it is a directory".to_string()
            } else {
                error.to_string()
            }
        )),
        nisso::plain::PlainError::Output(error) => Failure::io(error),
    })
}
