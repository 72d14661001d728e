//! Helpers the integration tests share: the binary run with NO_COLOR and without the
//! user's settings, a folder of the test's own that holds its data, cache and settings
//! places, the same commands run in-process through the library, and output as text.
//! Each test binary uses only part of this module, hence `dead_code` is allowed.
#![allow(dead_code)]

use nisso::model::Dataset;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A settings file that is never there: the user's own must not change a test.
const NO_SETTINGS: &str = "/nonexistent/nisso-test-config.toml";

/// Run `command` with `input` on its standard input (then closed), its output captured.
pub fn fed(mut command: Command, input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

/// The binary with these arguments: no colour, no settings file.
pub fn nisso_command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_nisso"));
    command
        .args(args)
        .env("NO_COLOR", "1")
        .env("NISSO_CONFIG", NO_SETTINGS);
    command
}

/// Run the binary to its end.
pub fn nisso(args: &[&str]) -> Output {
    nisso_command(args).output().expect("run nisso")
}

/// Run a command line in this process, as the binary would (`nisso::cli::run_in_process`),
/// unstyled: far cheaper than a process when a test runs hundreds.
#[cfg(unix)]
pub fn nisso_in_process(args: &[&str]) -> Output {
    use std::os::unix::process::ExitStatusExt;
    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    let status = nisso::cli::run_in_process(args, &mut stdout, &mut stderr);
    Output {
        // A wait status: the exit code sits in the second byte.
        status: std::process::ExitStatus::from_raw(i32::from(status) << 8),
        stdout,
        stderr,
    }
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub fn stdout(output: &Output) -> String {
    text(&output.stdout)
}

pub fn stderr(output: &Output) -> String {
    text(&output.stderr)
}

/// Standard output as one JSON value per line.
pub fn json_lines(output: &Output) -> Vec<serde_json::Value> {
    stdout(output)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect()
}

/// Write `text` to `dir/name`; the path as text, for an argument.
pub fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// Import a file; the run must succeed. Returns the dataset, its JSON text and stderr.
pub fn import_ok(format: &str, file: &str) -> (Dataset, String, String) {
    let out = nisso(&["import", format, file]);
    assert!(
        out.status.success(),
        "import {format} {file}: {}",
        stderr(&out)
    );
    let text = stdout(&out);
    let dataset: Dataset = serde_json::from_str(&text).expect("import writes a dataset");
    (dataset, text, stderr(&out))
}

/// A temporary folder of one test (removed when dropped), with the places nisso keeps
/// things inside it: `data/` (bookmarks and notes), `cache/` and a settings file that is
/// not there. It derefs to its path.
pub struct Sandbox(PathBuf);

impl Sandbox {
    /// A fresh folder named after the test binary, `tag` and this process.
    pub fn new(tag: &str) -> Sandbox {
        let dir = std::env::temp_dir().join(format!(
            "nisso-{}-{tag}-{}",
            env!("CARGO_CRATE_NAME"),
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("data")).unwrap();
        Sandbox(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Where bookmarks, notes and the last place are kept (NISSO_DATA_DIR).
    pub fn data(&self) -> PathBuf {
        self.0.join("data")
    }

    /// The store of the embedded dataset.
    pub fn store(&self) -> PathBuf {
        self.data().join("embedded.json")
    }

    /// Where large datasets are cached (NISSO_CACHE_DIR).
    pub fn cache(&self) -> PathBuf {
        self.0.join("cache")
    }

    /// The settings file (NISSO_CONFIG), absent unless a test writes it.
    pub fn settings(&self) -> PathBuf {
        self.0.join("no-config.toml")
    }

    /// The binary with its data, cache and settings in this folder; no colour, no input.
    pub fn nisso(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_nisso"));
        command
            .args(args)
            .env("NISSO_DATA_DIR", self.data())
            .env("NISSO_CACHE_DIR", self.cache())
            .env("NISSO_CONFIG", self.settings())
            .env("NO_COLOR", "1")
            .stdin(Stdio::null());
        command
    }

    /// Run nisso; it must end within `limit` (a hang is what some tests look for).
    pub fn run_within(&self, args: &[&str], limit: Duration) -> Output {
        let started = Instant::now();
        let out = self.nisso(args).output().unwrap();
        assert!(
            started.elapsed() < limit,
            "{args:?} took {:?}: {}",
            started.elapsed(),
            text(&out.stderr)
        );
        out
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.run_within(args, Duration::from_secs(20))
    }
}

impl std::ops::Deref for Sandbox {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        // A test may have made the data folder read-only; it must still go.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(self.data(), std::fs::Permissions::from_mode(0o755));
        }
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `nisso_in_process` on a dataset already open (`nisso::cli::run_in_process_on`).
#[cfg(unix)]
pub fn nisso_in_process_on(opened: &nisso::load::Opened, args: &[&str]) -> Output {
    use std::os::unix::process::ExitStatusExt;
    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    let status = nisso::cli::run_in_process_on(opened, args, &mut stdout, &mut stderr);
    Output {
        status: std::process::ExitStatus::from_raw(i32::from(status) << 8),
        stdout,
        stderr,
    }
}

/// Write `text` to a file `name` in this test binary's scratch folder (kept for a look
/// after a failure; names are the tests' own).
pub fn temp_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "nisso-{}-{}",
        env!("CARGO_CRATE_NAME"),
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}
