//! What installing nisso needs: a manual page and shell completions generated from the
//! command line's own definitions, and a settings file to start from.

mod common;

use common::Sandbox;

/// Whether the binary succeeded, and its stdout.
fn nisso(args: &[&str]) -> (bool, String) {
    let out = common::nisso(args);
    (out.status.success(), common::stdout(&out))
}

const COMMANDS: [&str; 12] = [
    "search",
    "show",
    "timeline",
    "eras",
    "export",
    "import",
    "check",
    "bookmarks",
    "notes",
    "config",
    "man",
    "completions",
];

#[test]
fn the_manual_page_covers_every_command_and_flag() {
    let (ok, page) = nisso(&["man"]);
    assert!(ok);
    assert!(page.contains(".TH nisso 1"), "{page}");
    for command in COMMANDS {
        assert!(page.contains(command), "{command} missing");
    }
    for flag in [
        "data",
        "theme",
        "config",
        "plain",
        "no\\-restore",
        "no\\-cache",
    ] {
        assert!(page.contains(&format!("\\-\\-{flag}")), "--{flag} missing");
    }
    assert!(page.contains("NISSO_DATA_DIR"), "files and environment");
}

#[test]
fn completions_for_every_shell_know_the_commands() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let (ok, script) = nisso(&["completions", shell]);
        assert!(ok, "{shell}");
        for command in ["bookmarks", "completions", "search"] {
            assert!(script.contains(command), "{shell}: {command}");
        }
    }
    let (ok, _) = nisso(&["completions", "tcsh"]);
    assert!(!ok);
}

#[test]
fn config_prints_a_default_file_and_checks_the_one_given() {
    let (ok, default) = nisso(&["config", "--default"]);
    assert!(ok);
    assert!(default.contains("# [keys.main]"));
    let dir = Sandbox::new("config");
    let file = dir.join("config.toml");
    std::fs::write(
        &file,
        "open_with = \"chart\"\n[keys.main]\nnext_era = \"M\"\n",
    )
    .unwrap();
    let (ok, said) = nisso(&["config", "--config", file.to_str().unwrap()]);
    assert!(ok, "{said}");
    std::fs::write(&file, "open_with = \"axis\"\n").unwrap();
    let (ok, said) = nisso(&["config", "--config", file.to_str().unwrap()]);
    assert!(ok, "the axis is a view to open with: {said}");
    std::fs::write(&file, "open_with = \"chrat\"\n").unwrap();
    let out = common::nisso(&["config", "--config", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("config.toml:1:13: unknown view 'chrat'; did you mean 'chart'?"),
        "{stderr}"
    );
    // The explorer refuses to start half-configured (before it needs a terminal).
    let out = common::nisso(&["--config", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown view"));
}
