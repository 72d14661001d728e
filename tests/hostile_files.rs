//! Files that are not what they seem, through the real binary: a store, cache or settings
//! file that is a device, a FIFO, far too large or sparse and huge; a lock that another
//! process never lets go; a directory that cannot be written; standard input that is a
//! directory. Each must end in a clear message naming the file and the reason, within
//! seconds, never a hang, an abort or a silent cut.

mod common;

use common::{Sandbox, text};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A FIFO at `path` (false where the system has no mkfifo).
#[cfg(unix)]
fn make_fifo(path: &Path) -> bool {
    Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

/// A store in the current format holding one bookmark.
fn store_with_bookmark(id: &str) -> String {
    format!(
        r#"{{"format": 1, "dataset": "embedded", "bookmarks": [{{"id": "{id}", "added": 1}}]}}"#
    )
}

// 1. The store is read through the bounded, typed reader.

#[cfg(unix)]
#[test]
fn a_store_that_leads_to_a_device_is_refused_not_read() {
    let dir = Sandbox::new("store-device");
    std::os::unix::fs::symlink("/dev/zero", dir.store()).unwrap();
    let out = dir.run_within(&["bookmarks"], Duration::from_secs(10));
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("embedded.json"), "{stderr}");
    assert!(stderr.contains("not a regular file"), "{stderr}");
    // Refused, not moved aside or replaced: it may not be nisso's.
    assert!(dir.store().is_symlink());
}

#[cfg(unix)]
#[test]
fn a_store_that_is_a_fifo_is_refused_without_waiting() {
    let dir = Sandbox::new("store-fifo");
    if !make_fifo(&dir.store()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let out = dir.run_within(&["notes"], Duration::from_secs(10));
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("not a regular file"), "{stderr}");
}

#[test]
fn a_store_over_the_size_limit_is_refused() {
    let dir = Sandbox::new("store-large");
    let file = std::fs::File::create(dir.store()).unwrap();
    file.set_len(nisso::store::MAX_STORE_BYTES + 1).unwrap();
    drop(file);
    let out = dir.run_within(&["bookmarks", "--json"], Duration::from_secs(10));
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("larger than the limit of 16 MiB"),
        "{stderr}"
    );
    assert_eq!(text(&out.stdout), "");
}

/// The explorer in a real terminal (tmux) with a store that leads to /dev/zero: it opens,
/// q leaves it, and the note says bookmarks and notes were not kept.
#[cfg(unix)]
#[test]
fn the_explorer_opens_when_the_store_is_a_device() {
    if Command::new("tmux").arg("-V").output().is_err() {
        // tests/e2e_tmux.rs insists on tmux; this one is about the store, not the terminal.
        eprintln!("skipped: tmux is not installed");
        return;
    }
    let dir = Sandbox::new("explorer-device");
    std::os::unix::fs::symlink("/dev/zero", dir.store()).unwrap();
    let session = format!("nisso-hostile-files-{}", std::process::id());
    let tmux = |args: &[&str]| -> String {
        let out = Command::new("tmux")
            .args(["-L", &session])
            .args(args)
            .output()
            .unwrap();
        text(&out.stdout)
    };
    struct Server<'a>(&'a dyn Fn(&[&str]) -> String);
    impl Drop for Server<'_> {
        fn drop(&mut self) {
            (self.0)(&["kill-server"]);
        }
    }
    let command = format!(
        "env NISSO_DATA_DIR={} NISSO_CACHE_DIR={} NISSO_CONFIG={} {} 2>{}; echo NISSO-EXITED-$?; sleep 30",
        dir.data().display(),
        dir.cache().display(),
        dir.settings().display(),
        env!("CARGO_BIN_EXE_nisso"),
        dir.path().join("stderr.txt").display()
    );
    tmux(&[
        "new-session",
        "-d",
        "-s",
        &session,
        "-x",
        "120",
        "-y",
        "40",
        &command,
    ]);
    let _server = Server(&tmux);
    let wait_for = |needle: &str| -> String {
        let started = Instant::now();
        loop {
            let screen = tmux(&["capture-pane", "-p", "-t", &session]);
            if screen.contains(needle) {
                return screen;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "timed out waiting for {needle:?}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    wait_for("Timeline");
    tmux(&["send-keys", "-t", &session, "q"]);
    wait_for("NISSO-EXITED-0");
    let stderr = std::fs::read_to_string(dir.path().join("stderr.txt")).unwrap();
    assert!(
        stderr.contains("bookmarks and notes are not kept"),
        "{stderr}"
    );
    assert!(stderr.contains("not a regular file"), "{stderr}");
}

// 2. The lock is waited for a short while, then refused, naming its holder.

#[cfg(unix)]
#[test]
fn a_lock_held_by_another_process_is_refused_in_seconds_naming_it() {
    use std::io::Write;
    use std::os::unix::io::AsRawFd;
    let dir = Sandbox::new("lock-held");
    let mut lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(true)
        .write(true)
        .open(dir.data().join("embedded.lock"))
        .unwrap();
    // The record a holding nisso writes: pid, seconds since 1970, program name.
    writeln!(lock, "4242 45296 nisso").unwrap();
    // SAFETY: flock on a descriptor this test owns until the end of the test.
    let status = unsafe { libc::flock(lock.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    assert_eq!(status, 0);
    let out = dir.run_within(&["bookmarks"], Duration::from_secs(15));
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("is locked by nisso (pid 4242) since 12:34:56 UTC"),
        "{stderr}"
    );
    drop(lock);
}

// 3. A dataset cache that is not a regular file is damaged: rebuilt, or passed over.

/// A generated dataset file large enough to be cached, and where its cache would be.
fn large_dataset(dir: &Sandbox) -> (PathBuf, PathBuf) {
    let dataset = nisso::synthetic::generate(2500, 7);
    let bytes = serde_json::to_vec(&dataset).unwrap();
    assert!(bytes.len() as u64 >= nisso::cache::MIN_SOURCE_BYTES);
    let data = dir.path().join("large.json");
    std::fs::write(&data, &bytes).unwrap();
    let caches = dir.cache();
    std::fs::create_dir_all(&caches).unwrap();
    let cache = nisso::cache::path_for(&caches, &nisso::cache::SourceHash::of(&bytes));
    (data, cache)
}

#[cfg(unix)]
#[test]
fn a_cache_that_is_a_fifo_is_rebuilt_not_waited_on() {
    let dir = Sandbox::new("cache-fifo");
    let (data, cache) = large_dataset(&dir);
    if !make_fifo(&cache) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let out = dir.run(&["search", "treaty", "--data", data.to_str().unwrap()]);
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!out.stdout.is_empty());
    assert!(stderr.contains("not a regular file"), "{stderr}");
    assert!(stderr.contains("rebuilt it"), "{stderr}");
    assert!(std::fs::metadata(&cache).unwrap().is_file());
}

#[test]
fn a_cache_that_cannot_be_replaced_still_lets_the_search_work() {
    let dir = Sandbox::new("cache-directory");
    let (data, cache) = large_dataset(&dir);
    // A directory (not empty) where the cache goes: refused, and no file can replace it.
    std::fs::create_dir_all(cache.join("inside")).unwrap();
    let out = dir.run(&["search", "treaty", "--data", data.to_str().unwrap()]);
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!out.stdout.is_empty());
    assert!(
        stderr.contains("could not write the dataset cache"),
        "{stderr}"
    );
    assert!(cache.join("inside").is_dir());
}

// 5. A damaged store is moved to a name of its own, never over one moved aside before.

#[test]
fn a_damaged_store_never_overwrites_one_set_aside_in_the_same_second() {
    let dir = Sandbox::new("aside");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    // Stores set aside earlier under every name the next seconds would give.
    let earlier: Vec<PathBuf> = (now.saturating_sub(1)..now + 15)
        .map(|time| dir.data().join(format!("embedded.damaged-{time}.json")))
        .collect();
    for path in &earlier {
        std::fs::write(path, "set aside before").unwrap();
    }
    std::fs::write(dir.store(), "{\"format\": 1, \"bookm").unwrap();
    let out = dir.run_within(&["bookmarks"], Duration::from_secs(10));
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("moved to"), "{stderr}");
    for path in &earlier {
        assert_eq!(std::fs::read_to_string(path).unwrap(), "set aside before");
    }
    let moved: Vec<PathBuf> = std::fs::read_dir(dir.data())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("damaged") && !earlier.contains(p))
        .collect();
    assert_eq!(moved.len(), 1, "{moved:?}");
    assert_eq!(
        std::fs::read_to_string(&moved[0]).unwrap(),
        "{\"format\": 1, \"bookm"
    );
}

// 6. A data directory that cannot be written: reading works, changing says why not.

#[cfg(unix)]
#[test]
fn a_read_only_data_directory_lists_bookmarks_and_refuses_changes() {
    use std::os::unix::fs::PermissionsExt;
    let dir = Sandbox::new("read-only");
    std::fs::write(dir.store(), store_with_bookmark("richard-sorge")).unwrap();
    std::fs::set_permissions(dir.data(), std::fs::Permissions::from_mode(0o555)).unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    // Permissions do not bind root: as root, nisso runs as nobody (setpriv). Where that is
    // not possible the test is skipped; src/store.rs tests the same refusal of the lock
    // file by injecting it.
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    let run = |args: &[&str]| -> Option<Output> {
        if !root {
            return Some(dir.run(args));
        }
        let mut command = Command::new("setpriv");
        command
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_nisso"))
            .args(args)
            .env("NISSO_DATA_DIR", dir.data())
            .env("NISSO_CACHE_DIR", dir.cache())
            .env("NISSO_CONFIG", dir.settings())
            .stdin(Stdio::null());
        let out = command.output().ok()?;
        // setpriv itself failed (missing, or nobody cannot reach the binary).
        let ran = !text(&out.stderr).starts_with("setpriv:") && out.status.code() != Some(127);
        ran.then_some(out)
    };
    let Some(listed) = run(&["bookmarks", "--json"]) else {
        eprintln!("skipped: running as root, and nisso cannot be run as nobody here");
        return;
    };
    assert!(listed.status.success(), "{}", text(&listed.stderr));
    assert!(text(&listed.stdout).contains("richard-sorge"));
    let added = run(&["bookmarks", "add", "kuril-islands"]).unwrap();
    let stderr = text(&added.stderr);
    assert_eq!(added.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("cannot save bookmarks and notes: the directory"),
        "{stderr}"
    );
    assert!(stderr.contains("is read-only"), "{stderr}");
    assert!(!dir.data().join("embedded.lock").exists());
}

// 7. A note too long is refused whole.

#[test]
fn a_note_too_long_is_refused_not_cut() {
    let dir = Sandbox::new("long-note");
    // Under Linux's limit of 128 KiB for one argument.
    let note = "x".repeat(100_000);
    let out = dir.run(&["notes", "set", "kuril-islands", &note]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("100000 characters long; a note is at most 4000 characters"),
        "{stderr}"
    );
    let stored = std::fs::read_to_string(dir.store()).unwrap_or_default();
    assert!(!stored.contains("xxxx"), "a cut note was stored");
}

// 8. A settings file over the limit is refused whole, with the limit.

#[test]
fn a_settings_file_over_the_limit_is_refused_with_its_size() {
    let dir = Sandbox::new("settings-large");
    let settings = dir.path().join("config.toml");
    let mut text_of = "# padding\n".repeat(1024 * 1024 / 10 + 1);
    // A mistake past the first MiB: a reader of only the start would pass it.
    text_of.push_str("theme = \"ligth\"\n");
    std::fs::write(&settings, &text_of).unwrap();
    let out = dir.run(&["--config", settings.to_str().unwrap(), "config"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("config.toml"), "{stderr}");
    assert!(
        stderr.contains("the settings file is 1025 KiB, over the limit of 1 MiB"),
        "{stderr}"
    );
}

// 9. `config` names the file --config gives.

#[test]
fn config_names_the_file_given_with_config() {
    let dir = Sandbox::new("config-path");
    let settings = dir.path().join("mine.toml");
    std::fs::write(&settings, "theme = \"light\"\n").unwrap();
    let shown = settings.display().to_string();
    let checked = dir.run(&["--config", &shown, "config"]);
    assert!(checked.status.success(), "{}", text(&checked.stderr));
    assert_eq!(text(&checked.stdout).trim(), format!("{shown}: valid"));
    let path = dir.run(&["--config", &shown, "config", "--path"]);
    assert_eq!(text(&path.stdout).trim(), shown);
}

// 10. Plain mode blames its input when standard input cannot be read.

#[cfg(unix)]
#[test]
fn plain_mode_blames_its_input_when_stdin_is_a_directory() {
    let dir = Sandbox::new("plain-stdin");
    let out = dir
        .nisso(&["--plain"])
        .stdin(std::fs::File::open("/").unwrap())
        .output()
        .unwrap();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot read commands from standard input: it is a directory"),
        "{stderr}"
    );
    assert!(!stderr.contains("output"), "{stderr}");
}

// 11. A huge (sparse) dataset under a raised --max-size: a clear error, never an abort.

/// The file is 30 GB but sparse (no disk used). Deterministic on any machine: nisso runs
/// with its address space limited to 4 GiB (`ulimit -v`), so reserving 30 GB fails even
/// where memory would allow it, and it is refused before reading a byte; on a machine with
/// less than 30 GB of memory it is refused earlier, by the check against physical memory.
/// The same message either way.
#[cfg(target_os = "linux")]
#[test]
fn a_huge_sparse_dataset_is_refused_for_memory_not_aborted() {
    let dir = Sandbox::new("sparse");
    let huge = dir.path().join("huge.json");
    let file = std::fs::File::create(&huge).unwrap();
    if let Err(err) = file.set_len(30_000_000_000) {
        eprintln!("skipped: this file system has no sparse files of 30 GB ({err})");
        return;
    }
    drop(file);
    let script = format!(
        "ulimit -v 4194304 && exec {} check --no-cache --max-size 40000 --data {}",
        env!("CARGO_BIN_EXE_nisso"),
        huge.display()
    );
    let started = Instant::now();
    let out = Command::new("sh")
        .args(["-c", &script])
        .env("NISSO_DATA_DIR", dir.data())
        .env("NISSO_CACHE_DIR", dir.cache())
        .env("NISSO_CONFIG", dir.settings())
        .output()
        .unwrap();
    let stderr = text(&out.stderr);
    assert!(started.elapsed() < Duration::from_secs(20), "{stderr}");
    // Exits with a status (an abort is a signal, with none).
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("huge.json"), "{stderr}");
    assert!(
        stderr.contains("not enough memory to read it (27.9 GiB"),
        "{stderr}"
    );
}
