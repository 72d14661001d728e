use clap::Parser;
use nisso::cli::{self, Cli};
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
            nisso::ui::run(catalog)
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
