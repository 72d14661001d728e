use clap::Parser;
use nisso::cli::{self, Cli};
use nisso::ui::theme::Theme;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = Cli::parse();
    let result = match &args.command {
        Some(command) => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let result = cli::run_command(command, args.data.as_ref(), &mut out);
            // A closed pipe (e.g. `| head`) is not an error worth reporting.
            let _ = out.flush();
            result
        }
        None => cli::load_catalog(args.data.as_ref()).and_then(|catalog| {
            // The theme is chosen here, once: a flag, else NO_COLOR, else the standard one.
            let theme = match args.theme {
                Some(cli::ThemeChoice::Standard) => Theme::standard(),
                Some(cli::ThemeChoice::NoColour) => Theme::no_colour(),
                Some(cli::ThemeChoice::HighContrast) => Theme::high_contrast(),
                None => Theme::for_no_color(std::env::var_os("NO_COLOR").as_deref()),
            };
            nisso::ui::run(catalog, theme)
                .map_err(|e| cli::Failure::invalid(format!("terminal error: {e}")))
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("nisso: {}", failure.message);
            ExitCode::from(failure.status as u8)
        }
    }
}
