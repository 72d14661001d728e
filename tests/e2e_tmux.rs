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
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.0])
            .output();
    }
}

fn tmux(args: &[&str]) -> String {
    let out = Command::new("tmux").args(args).output().expect("run tmux");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn capture(session: &str) -> String {
    tmux(&["capture-pane", "-p", "-t", session])
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
    tmux(&args);
    // Keep keys apart: an Esc followed at once by a key reads as Alt+key.
    sleep(Duration::from_millis(150));
}

#[test]
fn explorer_runs_in_a_real_terminal() {
    let skip = std::env::var_os("NISSO_SKIP_TMUX").is_some() && std::env::var_os("CI").is_none();
    if Command::new("tmux").arg("-V").output().is_err() {
        if skip {
            eprintln!("skipped on request (NISSO_SKIP_TMUX): tmux is not installed");
            return;
        }
        panic!(
            "this test drives the real binary in tmux, which is not installed: apt-get install \
             tmux (or set NISSO_SKIP_TMUX=1 to skip it on purpose outside CI)"
        );
    }
    let name = format!("nisso-e2e-{}", std::process::id());
    let binary = env!("CARGO_BIN_EXE_nisso");
    // The shell line after nisso shows that the terminal came back in a usable state.
    let command = format!("{binary}; echo NISSO-EXITED-$?; sleep 30");
    let status = Command::new("tmux")
        .args([
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
    let session = Session(name);
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

    tmux(&["resize-window", "-t", name, "-x", "70", "-y", "30"]);
    sleep(Duration::from_millis(300));
    wait_for(name, "Timeline");
    tmux(&["resize-window", "-t", name, "-x", "12", "-y", "4"]);
    wait_for(name, "enlarge");
    tmux(&["resize-window", "-t", name, "-x", "120", "-y", "40"]);
    wait_for(name, "Timeline");

    send(name, &["q"]);
    let screen = wait_for(name, "NISSO-EXITED-0");
    assert!(
        !screen.contains("Timeline"),
        "the alternate screen was left:\n{screen}"
    );
}
