#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use clap::Parser;
use nisso::cli::{self, Cli, Failure};
use nisso::sanitize;
use nisso::ui::RunError;
use nisso::ui::theme::Theme;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = Cli::parse();
    let result = match &args.command {
        Some(command) => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            // The last buffered bytes are written by the flush: its failure counts too.
            cli::run_command(command, &args.source(), &mut out)
                .and_then(|()| out.flush().map_err(Failure::io))
        }
        None => {
            // The theme is chosen here, once: a flag, else NO_COLOR, else the standard one.
            let theme = match args.theme {
                Some(cli::ThemeChoice::Standard) => Theme::standard(),
                Some(cli::ThemeChoice::NoColour) => Theme::no_colour(),
                Some(cli::ThemeChoice::HighContrast) => Theme::high_contrast(),
                None => Theme::for_no_color(std::env::var_os("NO_COLOR").as_deref()),
            };
            match nisso::ui::run(&args.source(), theme) {
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
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader went away (`nisso export | head`): nothing to say.
        Err(failure) if failure.status == 0 => ExitCode::SUCCESS,
        Err(failure) => {
            // Messages quote the user's input and the dataset's values: sanitised line by
            // line. Writing to stderr must not panic (eprintln! does when stderr is closed
            // or full), so its own failure is ignored: there is nowhere left to report it.
            let mut stderr = std::io::stderr().lock();
            for line in failure.message.lines() {
                let _ = writeln!(stderr, "nisso: {}", sanitize::terminal(line));
            }
            ExitCode::from(u8::try_from(failure.status).unwrap_or(1))
        }
    }
}
