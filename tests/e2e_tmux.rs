//! End to end: the real binary in a real terminal (tmux), driven with keys.
//!
//! Needs tmux (`apt-get install tmux`; .ci/run installs it). Without tmux the test fails
//! rather than passing untested; `NISSO_SKIP_TMUX=1` skips it on purpose (never in CI).

use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

struct Session(String);

impl Drop for Session {
    fn drop(&mut self) {
        // Each session has a tmux server of its own: ending it ends the session.
        let _ = Command::new("tmux")
            .args(["-L", &self.0, "kill-server"])
            .output();
    }
}

/// tmux on the server of one session (`-L` its name): tests never share tmux's default
/// server, so one test's server going away cannot take another's with it.
fn tmux(session: &str, args: &[&str]) -> String {
    let out = Command::new("tmux")
        .args(["-L", session])
        .args(args)
        .output()
        .expect("run tmux");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn capture(session: &str) -> String {
    tmux(session, &["capture-pane", "-p", "-t", session])
}

fn wait_for(session: &str, needle: &str) -> String {
    let start = Instant::now();
    loop {
        let screen = capture(session);
        if screen.contains(needle) {
            return screen;
        }
        if start.elapsed() > Duration::from_secs(20) {
            panic!("timed out waiting for {needle:?}; screen:\n{screen}");
        }
        sleep(Duration::from_millis(100));
    }
}

fn send(session: &str, keys: &[&str]) {
    let mut args = vec!["send-keys", "-t", session];
    args.extend_from_slice(keys);
    tmux(session, &args);
    // Keep keys apart: an Esc followed at once by a key reads as Alt+key.
    sleep(Duration::from_millis(150));
}

/// Whether tmux is there; without it the tests fail (they must not pass untested) unless
/// skipped on purpose outside CI.
fn tmux_available() -> bool {
    let skip = std::env::var_os("NISSO_SKIP_TMUX").is_some() && std::env::var_os("CI").is_none();
    if Command::new("tmux").arg("-V").output().is_ok() {
        return true;
    }
    if skip {
        eprintln!("skipped on request (NISSO_SKIP_TMUX): tmux is not installed");
        return false;
    }
    panic!(
        "this test drives the real binary in tmux, which is not installed: apt-get install \
         tmux (or set NISSO_SKIP_TMUX=1 to skip it on purpose outside CI)"
    );
}

/// nisso in a new tmux session; the shell line after it shows its exit status and that
/// the terminal came back in a usable state.
fn start(tag: &str) -> Session {
    start_with(tag, "", "")
}

/// `start` with environment assignments and arguments (shell words, already quoted).
fn start_with(tag: &str, env: &str, args: &str) -> Session {
    start_program(tag, env, &format!("{} {args}", env!("CARGO_BIN_EXE_nisso")))
}

/// A program (shell words, already quoted) in a new tmux session, as `start_with` runs nisso.
fn start_program(tag: &str, env: &str, program: &str) -> Session {
    let name = format!("nisso-e2e-{tag}-{}", std::process::id());
    // Bookmarks, notes and settings of the person running the tests stay out of them
    // (a test that wants its own passes NISSO_DATA_DIR in `env`, which comes later).
    let data = std::env::temp_dir().join(format!("nisso-e2e-data-{tag}-{}", std::process::id()));
    let isolated = format!(
        "NISSO_DATA_DIR={} NISSO_CONFIG={}",
        data.display(),
        data.join("no-config.toml").display()
    );
    // After nisso: its exit status, and whether the terminal is back in cooked mode.
    let command = format!(
        "env {isolated} {env} {program}; echo NISSO-EXITED-$? \
         $(stty -a | grep -q -- -icanon && echo RAW-MODE || echo COOKED-MODE); sleep 30"
    );
    let status = Command::new("tmux")
        .args([
            "-L",
            &name,
            "new-session",
            "-d",
            "-s",
            &name,
            "-x",
            "120",
            "-y",
            "40",
            &command,
        ])
        .env_remove("NO_COLOR")
        .status()
        .expect("start tmux");
    assert!(status.success());
    Session(name)
}

/// Whether the pane is on the alternate screen, reports the mouse and shows the cursor
/// ("1 1 0" while the explorer runs, "0 0 1" once it gave the terminal back).
fn modes(name: &str) -> String {
    tmux(
        name,
        &[
            "display",
            "-p",
            "-t",
            name,
            "#{alternate_on} #{mouse_any_flag} #{cursor_flag}",
        ],
    )
    .trim()
    .to_string()
}

/// The terminal is given back: main screen, mouse reporting off, cursor shown, cooked
/// mode, the shell line printed.
fn assert_restored(name: &str, exit: &str) {
    let screen = wait_for(name, &format!("NISSO-EXITED-{exit}"));
    assert!(
        !screen.contains("Timeline"),
        "the explorer is still on screen:\n{screen}"
    );
    assert!(
        screen.contains(&format!("NISSO-EXITED-{exit} COOKED-MODE")),
        "the terminal was left in raw mode:\n{screen}"
    );
    assert_eq!(
        modes(name),
        "0 0 1",
        "alternate screen / mouse reporting / hidden cursor still on"
    );
}

/// The pid of nisso, the child of the pane's shell (found through /proc, needing no pgrep).
fn nisso_pid(name: &str) -> i32 {
    let shell = tmux(name, &["display", "-p", "-t", name, "#{pane_pid}"]);
    let shell = shell.trim();
    let children = std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children")).unwrap();
    children
        .split_whitespace()
        .next()
        .and_then(|p| p.parse().ok())
        .expect("nisso runs under the pane's shell")
}

fn kill(pid: i32, signal: i32) {
    // SAFETY: kill(2) with a valid signal number only sends a signal.
    assert_eq!(
        unsafe { libc::kill(pid, signal) },
        0,
        "signal {signal} not sent"
    );
}

#[test]
fn explorer_runs_in_a_real_terminal() {
    if !tmux_available() {
        return;
    }
    let session = start("tour");
    let name = session.0.as_str();

    let screen = wait_for(name, "Timeline");
    assert!(screen.contains("Era 1 · Imperial background"));
    assert!(screen.contains("Treaty of Shimoda"));

    send(name, &["5"]);
    wait_for(name, "Era 5 · Restoration of relations");

    send(name, &["/"]);
    send(name, &["-l", "neutrality"]);
    let screen = wait_for(name, "SEARCH");
    assert!(
        screen.contains("Soviet–Japanese Neutrality Pact"),
        "{screen}"
    );
    send(name, &["Enter"]);
    let screen = wait_for(name, "13 April 1941");
    assert!(screen.contains("Era 4 · Deteriorating relations and war"));

    send(name, &["?"]);
    wait_for(name, "Keys · Esc closes");
    send(name, &["Escape"]);

    tmux(name, &["resize-window", "-t", name, "-x", "70", "-y", "30"]);
    sleep(Duration::from_millis(300));
    wait_for(name, "Timeline");
    tmux(name, &["resize-window", "-t", name, "-x", "12", "-y", "4"]);
    wait_for(name, "enlarge");
    tmux(
        name,
        &["resize-window", "-t", name, "-x", "120", "-y", "40"],
    );
    wait_for(name, "Timeline");

    send(name, &["q"]);
    assert_restored(name, "0");
}

#[test]
fn the_map_steps_through_time_and_maximises() {
    if !tmux_available() {
        return;
    }
    let session = start("map-story");
    let name = session.0.as_str();
    wait_for(name, "Timeline");
    send(name, &["/"]);
    send(name, &["-l", "battle of khalkhin gol"]);
    wait_for(name, "SEARCH");
    send(name, &["Enter"]);
    wait_for(name, "Battle of Khalkhin Gol");
    send(name, &["m"]);
    let screen = wait_for(name, "◉ Battle of Khalkhin Gol");
    assert!(screen.contains("Map · Northeast Asia"), "{screen}");
    assert!(screen.contains("Details"), "{screen}");
    // The next entry in time: the Second World War, which records no place.
    send(name, &["."]);
    let screen = wait_for(name, "no place recorded");
    assert!(screen.contains("Second World War"), "{screen}");
    assert!(
        screen.contains("Map · Northeast Asia"),
        "the map stays up:\n{screen}"
    );
    // Maximised: the map has the screen, the details and links panes are gone.
    send(name, &["z"]);
    let screen = wait_for(name, "MAXIMISED");
    assert!(
        !screen.contains("Details") && !screen.contains("Links"),
        "{screen}"
    );
    assert!(screen.contains("no place recorded"), "{screen}");
    // Back one step and restored.
    send(name, &[","]);
    wait_for(name, "◉ Battle of Khalkhin Gol");
    send(name, &["z"]);
    let screen = wait_for(name, "Details");
    assert!(!screen.contains("MAXIMISED"), "{screen}");
    send(name, &["q"]);
    assert_restored(name, "0");
}

#[test]
fn the_axis_zooms_moves_in_time_and_gives_the_list_back_on_the_same_entry() {
    if !tmux_available() {
        return;
    }
    let session = start("axis");
    let name = session.0.as_str();
    wait_for(name, "Timeline");
    send(name, &["/"]);
    send(name, &["-l", "neutrality pact"]);
    wait_for(name, "SEARCH");
    send(name, &["Enter"]);
    wait_for(name, "Soviet–Japanese Neutrality Pact");
    send(name, &["t"]);
    let screen = wait_for(name, "Axis · by kind");
    assert!(
        screen.contains("▸ 1941-04-13 § Soviet–Japanese"),
        "{screen}"
    );
    assert!(screen.contains(" AXIS "), "{screen}");
    // Zoomed in to months about the pact, out again, then the whole span.
    send(name, &["+", "+", "+", "+", "+", "+"]);
    let screen = wait_for(name, "Apr");
    assert!(
        screen.contains("▸ 1941-04-13"),
        "the selection stays:\n{screen}"
    );
    send(name, &["-"]);
    send(name, &["0"]);
    let screen = wait_for(name, "1950");
    assert!(screen.contains("1900"), "{screen}");
    // The next treaty in time, then Enter: the links of it, as in the list.
    send(name, &["l"]);
    let screen = wait_for(name, "▸ 1945-02 § Yalta");
    assert!(screen.contains("Axis · by kind"), "{screen}");
    send(name, &["Enter"]);
    wait_for(name, "┏ Links");
    // Back to the list, on the same entry.
    send(name, &["Tab"]);
    send(name, &["t"]);
    let screen = wait_for(name, "Timeline ·");
    let selected = screen
        .lines()
        .find(|line| line.contains("Yalta agreement") && line.contains("1945-02"))
        .unwrap_or_else(|| panic!("the list shows Yalta:\n{screen}"));
    assert!(selected.starts_with("┃"), "{screen}");
    send(name, &["q"]);
    assert_restored(name, "0");
}

#[test]
fn a_huge_paste_arrives_at_once_and_q_still_quits_at_once() {
    if !tmux_available() {
        return;
    }
    let session = start("paste");
    let name = session.0.as_str();
    wait_for(name, "Timeline");
    send(name, &["/"]);
    wait_for(name, "SEARCH");
    // A burst of 300 keys is read whole, without waiting for one more key (crossterm's
    // edge-triggered read used to stall with bytes left in the kernel).
    send(name, &["-N", "300", "a"]);
    wait_for(name, "the query is cut at 256 characters");
    send(name, &["C-u"]);
    wait_for(name, "results");
    // 100,000 characters as one bracketed paste: one event, cut to the prompt's limit.
    let text: String = "qwerty "
        .repeat(100_000 / 7 + 1)
        .chars()
        .take(100_000)
        .collect();
    let file = std::env::temp_dir().join(format!("{name}.txt"));
    std::fs::write(&file, text).unwrap();
    tmux(name, &["load-buffer", "-b", name, file.to_str().unwrap()]);
    tmux(name, &["paste-buffer", "-p", "-d", "-b", name, "-t", name]);
    let _ = std::fs::remove_file(&file);
    let screen = wait_for(name, "the query is cut at 256 characters");
    assert!(
        screen.contains("SEARCH"),
        "a pasted q must not quit:\n{screen}"
    );
    send(name, &["Escape"]);
    let start = Instant::now();
    send(name, &["q"]);
    assert_restored(name, "0");
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "q took {:?} after the paste",
        start.elapsed()
    );
}

#[test]
fn signals_restore_the_terminal_and_exit_128_plus_n() {
    if !tmux_available() {
        return;
    }
    let signals = [
        ("TERM", libc::SIGTERM),
        ("HUP", libc::SIGHUP),
        ("INT", libc::SIGINT),
        ("QUIT", libc::SIGQUIT),
        ("USR1", libc::SIGUSR1),
        ("USR2", libc::SIGUSR2),
        ("ALRM", libc::SIGALRM),
        ("ABRT", libc::SIGABRT),
        ("FPE", libc::SIGFPE),
        ("ILL", libc::SIGILL),
    ];
    for (signal, number) in signals {
        let session = start(&format!("signal-{signal}"));
        let name = session.0.as_str();
        wait_for(name, "Timeline");
        // Mouse reporting and the alternate screen are on, the cursor hidden, while the
        // explorer runs.
        assert_eq!(modes(name), "1 1 0");
        kill(nisso_pid(name), number);
        // nisso ends by the signal itself, as it would without its handlers: the shell
        // reports 128 + the signal's number.
        assert_restored(name, &(128 + number).to_string());
    }
}

#[test]
fn a_burst_of_ten_thousand_keys_then_esc_esc_q_exits_within_a_second() {
    if !tmux_available() {
        return;
    }
    let session = start("burst");
    let name = session.0.as_str();
    wait_for(name, "Timeline");
    send(name, &["/"]);
    wait_for(name, "SEARCH");
    // Typed, not pasted: a terminal without bracketed paste sends them as keys, a few at
    // a time. The loop reads them all and draws at most a frame per 16 ms meanwhile.
    let keys = "abcdefghij".repeat(1000);
    let start = Instant::now();
    send(name, &["-l", &keys]);
    send(name, &["Escape"]);
    send(name, &["Escape"]);
    tmux(name, &["send-keys", "-t", name, "q"]);
    assert_restored(name, "0");
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "10,000 keys, Esc, Esc and q took {:?}",
        start.elapsed()
    );
}

/// nisso under an interactive shell with job control, in a tmux session of its own.
fn start_under_shell(tag: &str) -> Session {
    let name = format!("nisso-e2e-{tag}-{}", std::process::id());
    let data = std::env::temp_dir().join(format!("nisso-e2e-data-{tag}-{}", std::process::id()));
    let status = Command::new("tmux")
        .args([
            "-L",
            &name,
            "new-session",
            "-d",
            "-s",
            &name,
            "-x",
            "100",
            "-y",
            "30",
        ])
        .args(["bash", "--norc", "--noprofile", "-i"])
        .env("PS1", "PROMPT$ ")
        .env("NISSO_DATA_DIR", &data)
        .env("NISSO_CONFIG", data.join("no-config.toml"))
        .env_remove("NO_COLOR")
        .status()
        .expect("start tmux");
    assert!(status.success());
    let session = Session(name);
    wait_for(&session.0, "PROMPT$");
    send(
        &session.0,
        &[
            "-l",
            &format!("PS1='PROMPT$ '; {}", env!("CARGO_BIN_EXE_nisso")),
        ],
    );
    send(&session.0, &["Enter"]);
    session
}

#[test]
fn ctrl_z_and_sigtstp_give_the_shell_the_terminal_and_fg_redraws() {
    if !tmux_available() {
        return;
    }
    let session = start_under_shell("suspend");
    let name = session.0.as_str();
    wait_for(name, "Timeline");
    send(name, &["5"]);
    wait_for(name, "Era 5 · Restoration of relations");
    // Ctrl-Z (a key in raw mode), then a SIGTSTP from elsewhere: each time the shell gets
    // a usable terminal, and `fg` brings the explorer back drawn whole, where it was.
    for how in ["key", "signal"] {
        if how == "key" {
            send(name, &["C-z"]);
        } else {
            kill(nisso_pid(name), libc::SIGTSTP);
        }
        let screen = wait_for(name, "Stopped");
        assert!(!screen.contains("Timeline"), "{how}: {screen}");
        assert_eq!(modes(name), "0 0 1", "{how}: the screen was not given back");
        send(name, &["-l", "fg"]);
        send(name, &["Enter"]);
        let screen = wait_for(name, "Timeline");
        assert!(
            screen.contains("Era 5 · Restoration of relations"),
            "{how}: {screen}"
        );
        assert_eq!(
            modes(name),
            "1 1 0",
            "{how}: the explorer did not take it back"
        );
        // It answers keys again.
        send(name, &["6"]);
        wait_for(name, "Era 6");
        send(name, &["5"]);
        wait_for(name, "Era 5 · Restoration of relations");
    }
    send(name, &["q"]);
    wait_for(name, "PROMPT$");
    assert_eq!(modes(name), "0 0 1");
}

#[test]
fn a_large_dataset_shows_progress_at_once_q_quits_while_it_opens_and_it_is_cached() {
    if !tmux_available() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("nisso-e2e-large-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let data = dir.join("large.json");
    let generated = Command::new(env!("CARGO_BIN_EXE_nisso"))
        .args(["generate", "3000"])
        .output()
        .unwrap();
    std::fs::write(&data, &generated.stdout).unwrap();
    assert!(
        generated.stdout.len() > 1024 * 1024,
        "large enough to be cached"
    );
    let cache = dir.join("cache");
    let env = format!("NISSO_CACHE_DIR={}", cache.display());
    let args = format!("--data {}", data.display());

    // Held back while opening: the loading screen is there, and q leaves at once. The
    // binary has no way to hold its loader, so this test binary runs the explorer (through
    // the library, as the binary does) with the loader held: see `explorer_held_while_loading`.
    let this_test_binary = std::env::current_exe().unwrap();
    let session = start_program(
        "loading",
        &format!("{env} {HELD_DATA}={}", data.display()),
        &format!(
            "{} --exact explorer_held_while_loading --ignored --nocapture --quiet",
            this_test_binary.display()
        ),
    );
    let name = session.0.as_str();
    let screen = wait_for(name, "opening large.json");
    assert!(screen.contains("q or Esc quits"), "{screen}");
    let asked = Instant::now();
    send(name, &["q"]);
    assert_restored(name, "0");
    assert!(
        asked.elapsed() < Duration::from_secs(10),
        "q waited for the loader"
    );
    drop(session);

    // Opened for real: parsed, then cached; the second time from the cache.
    for round in ["cold", "warm"] {
        let session = start_with(round, &env, &args);
        let name = session.0.as_str();
        let screen = wait_for(name, "Timeline");
        assert!(screen.contains("Era 1 · Imperial background"), "{screen}");
        send(name, &["/"]);
        send(name, &["-l", "kurilo"]);
        wait_for(name, "SEARCH");
        send(name, &["Escape"]);
        send(name, &["q"]);
        assert_restored(name, "0");
        let caches: Vec<_> = std::fs::read_dir(&cache)
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "cache"))
            .collect();
        assert_eq!(caches.len(), 1, "{round}: one cache for one content");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The dataset `explorer_held_while_loading` opens; without it that test does nothing.
const HELD_DATA: &str = "NISSO_E2E_HELD_DATA";

/// The explorer as the binary starts it, but with its loader held back for a minute, so
/// the loading screen stays until `q`. Only run inside tmux by the test above.
#[test]
#[ignore = "run in tmux by a_large_dataset_shows_progress_at_once_q_quits_while_it_opens_and_it_is_cached"]
fn explorer_held_while_loading() {
    let Some(data) = std::env::var_os(HELD_DATA) else {
        return;
    };
    let settings = nisso::config::Settings::default();
    let options = nisso::ui::Options {
        keymap: settings.keymap,
        open_with: settings.open_with,
        restore: false,
        no_clipboard: false,
        hold_loader: Some(Duration::from_secs(60)),
    };
    let source = nisso::load::Source {
        path: Some(data.into()),
        max_bytes: 512 * 1024 * 1024,
        cache: true,
    };
    let theme = nisso::ui::theme::Theme::standard();
    if let Err(error) = nisso::ui::run(&source, theme, options) {
        panic!("{error:?}");
    }
}

#[test]
fn a_bookmark_a_note_and_the_place_survive_a_restart() {
    if !tmux_available() {
        return;
    }
    let data = std::env::temp_dir().join(format!("nisso-e2e-keep-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let env = format!("NISSO_DATA_DIR={}", data.display());

    let session = start_with("keep", &env, "");
    let name = session.0.as_str();
    wait_for(name, "Timeline");
    send(name, &["/"]);
    send(name, &["-l", "sorge"]);
    wait_for(name, "SEARCH");
    send(name, &["Enter"]);
    wait_for(name, "Richard Sorge");
    send(name, &["b"]);
    wait_for(name, "★ Bookmarked");
    // A note of three lines: Enter starts a line, Ctrl-S saves.
    send(name, &["n"]);
    wait_for(name, "Note on Richard Sorge");
    send(name, &["-l", "read his reports"]);
    send(name, &["Enter"]);
    send(name, &["-l", "ask the archive about Ozaki"]);
    send(name, &["Enter"]);
    send(name, &["-l", "compare the zebrafinch telegrams"]);
    send(name, &["C-s"]);
    let screen = wait_for(name, "Your note (n edits it):");
    assert!(screen.contains("read his reports"), "{screen}");
    send(name, &["q"]);
    assert_restored(name, "0");
    drop(session);

    // Reopened: where it was left, with the bookmark and the note's three lines.
    let session = start_with("keep-again", &env, "");
    let name = session.0.as_str();
    let screen = wait_for(name, "compare the zebrafinch telegrams");
    assert!(screen.contains("★ Bookmarked"), "{screen}");
    assert!(screen.contains("read his reports"), "{screen}");
    assert!(screen.contains("ask the archive about Ozaki"), "{screen}");
    send(name, &["B"]);
    let screen = wait_for(name, "Bookmarks · 1");
    assert!(screen.contains("★ Richard Sorge"), "{screen}");
    send(name, &["Escape"]);
    // Away from it, then found again by a word that is only in the note.
    send(name, &["1"]);
    send(name, &["/"]);
    send(name, &["-l", "zebrafinch"]);
    let screen = wait_for(name, "in your note");
    assert!(screen.contains("Richard Sorge"), "{screen}");
    send(name, &["Enter"]);
    wait_for(name, "Your note (n edits it):");
    send(name, &["Escape"]);
    send(name, &["q"]);
    assert_restored(name, "0");
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn open_starts_at_the_entry_over_the_last_place_and_names_the_dataset() {
    if !tmux_available() {
        return;
    }
    let data = std::env::temp_dir().join(format!("nisso-e2e-open-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let env = format!("NISSO_DATA_DIR={}", data.display());

    // A last place to come back to: the Joint Declaration of 1956, in era 5.
    let session = start_with("open-before", &env, "");
    let name = session.0.as_str();
    wait_for(name, "Timeline");
    send(name, &["/"]);
    send(name, &["-l", "joint declaration 1956"]);
    wait_for(name, "SEARCH");
    send(name, &["Enter"]);
    wait_for(name, "Era 5 · Restoration of relations");
    send(name, &["q"]);
    assert_restored(name, "0");
    drop(session);

    // `open` wins over that place: Sorge in the details pane, his era on the caption.
    let session = start_with("open", &env, "open richard-sorge");
    let name = session.0.as_str();
    let screen = wait_for(name, "Details");
    let first_details_line = screen
        .lines()
        .skip_while(|line| !line.contains("┌ Details"))
        .nth(1)
        .unwrap_or_else(|| panic!("a details pane:\n{screen}"));
    // The details pane is the right half (60 of 120 columns): its first line names him.
    let right: String = first_details_line.chars().skip(60).collect();
    assert!(right.contains("Richard Sorge"), "{screen}");
    assert!(
        screen.contains("Japan–Soviet Union relations › Era 4 · Deteriorating relations"),
        "{screen}"
    );
    assert!(!screen.contains("Era 5 ·"), "{screen}");
    // The window's title names the dataset.
    let title = tmux(name, &["display", "-p", "-t", name, "#{pane_title}"]);
    assert_eq!(title.trim(), "nisso — Japan–Soviet Union relations");
    send(name, &["q"]);
    assert_restored(name, "0");
    drop(session);

    // A mistyped id: show's did-you-mean on the shell's screen, status 2, the terminal
    // never taken.
    let session = start_with("open-typo", &env, "open richard-sorj");
    let name = session.0.as_str();
    let screen = wait_for(name, "NISSO-EXITED-2");
    assert!(screen.contains("did you mean: richard-sorge"), "{screen}");
    assert_restored(name, "2");
    drop(session);

    // A dataset without meta is named by its file, on screen and on the window.
    std::fs::create_dir_all(&data).unwrap();
    let file = data.join("little-timeline.json");
    std::fs::write(
        &file,
        r#"{"eras": [{"id": "era-one", "name": "One", "start": "1900", "end": "1950", "summary": "s"}],
"entities": [{"id": "e1", "kind": "event", "name": "First thing", "date": "1910", "era": "era-one", "summary": "s", "description": "d"},
{"id": "e2", "kind": "event", "name": "Second thing", "date": "1920", "era": "era-one", "summary": "s", "description": "d"}]}"#,
    )
    .unwrap();
    let args = format!("--data {} open e2", file.display());
    let session = start_with("open-file", &env, &args);
    let name = session.0.as_str();
    let screen = wait_for(name, "little-timeline.json › Era 1 · One (1900–1950)");
    assert!(screen.contains("│Second thing"), "{screen}");
    let title = tmux(name, &["display", "-p", "-t", name, "#{pane_title}"]);
    assert_eq!(title.trim(), "nisso — little-timeline.json");
    send(name, &["q"]);
    assert_restored(name, "0");
    let _ = std::fs::remove_dir_all(&data);
}
