//! Settings: a TOML file in the platform's config directory (`~/.config/nisso/config.toml`
//! on Linux; `--config PATH` or `NISSO_CONFIG` names another). The theme, the view to open
//! with, whether to reopen where you were, and any key of the keymap. Everything is
//! checked before the explorer starts: an unknown setting, action, key or value is an
//! error at its line and column that names the nearest valid choice, and nothing starts
//! half-configured.

use crate::ui::keymap::{BINDINGS, Key, Keymap, SCOPE_TABLES, key_label, parse_key};
use crate::ui::theme::{THEMES, ThemeKind};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// `--theme`'s value parser: the settings file's rule (`ThemeKind::from_name`), with clap's
/// own error, which lists the names and the nearest one, for anything else. Help lists the
/// names from `THEMES`, each with its aliases.
#[derive(Debug, Clone, Copy)]
pub struct ThemeArg;

impl clap::builder::TypedValueParser for ThemeArg {
    type Value = ThemeKind;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<ThemeKind, clap::Error> {
        if let Some(kind) = value.to_str().and_then(ThemeKind::from_name) {
            return Ok(kind);
        }
        let names = clap::builder::PossibleValuesParser::new(THEMES.iter().map(|t| t.name));
        Err(match names.parse_ref(cmd, arg, value) {
            Err(err) => err,
            // Unreachable: every name is one `from_name` accepts.
            Ok(_) => clap::Error::new(clap::error::ErrorKind::InvalidValue).with_cmd(cmd),
        })
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(THEMES.iter().map(|t| {
            let help = if t.aliases.is_empty() {
                t.about.to_string()
            } else {
                format!("{} (also: {})", t.about, t.aliases.join(", "))
            };
            clap::builder::PossibleValue::new(t.name)
                .aliases(t.aliases.iter().copied())
                .help(help)
        })))
    }
}

/// The view the explorer opens with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OpenWith {
    #[default]
    Timeline,
    Map,
    Chart,
    Axis,
}

pub const VIEWS: [(&str, OpenWith); 4] = [
    ("timeline", OpenWith::Timeline),
    ("map", OpenWith::Map),
    ("chart", OpenWith::Chart),
    ("axis", OpenWith::Axis),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// None: not set (NO_COLOR, then the default, decide).
    pub theme: Option<ThemeKind>,
    pub open_with: OpenWith,
    /// Reopen on the era and entity shown when the explorer last closed.
    pub restore: bool,
    /// Copy citations through the terminal's clipboard sequence (OSC 52); false shows
    /// them instead.
    pub clipboard: bool,
    pub keymap: Keymap,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            theme: None,
            open_with: OpenWith::Timeline,
            restore: true,
            clipboard: true,
            keymap: Keymap::default(),
        }
    }
}

/// A settings file that cannot be used, with where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub file: String,
    /// 1-based; 0 when the problem is not at one place (the file is missing).
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.column, self.message
            )
        }
    }
}

/// The settings file's usual place.
pub fn default_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("NISSO_CONFIG") {
        return (!path.is_empty()).then(|| PathBuf::from(path));
    }
    directories::ProjectDirs::from("", "", "nisso")
        .map(|dirs| dirs.config_dir().join("config.toml"))
}

/// The settings: from `explicit` (`--config`; it must exist), else from the usual place
/// if there is a file there, else the defaults.
pub fn load(explicit: Option<&Path>) -> Result<Settings, ConfigError> {
    let path = match explicit {
        Some(path) => path.to_path_buf(),
        None => match default_path() {
            Some(path) if path.exists() => path,
            _ => return Ok(Settings::default()),
        },
    };
    let file = path.display().to_string();
    let text = read_bounded(&path).map_err(|message| ConfigError {
        file: file.clone(),
        line: 0,
        column: 0,
        message,
    })?;
    parse(&file, &text)
}

/// Largest settings file read: far beyond any real one.
const MAX_SETTINGS_BYTES: u64 = 1024 * 1024;

/// A settings file's text: a regular file of at most 1 MiB, UTF-8. A larger one is refused
/// whole: reading only its start would pass a mistake after it unseen.
fn read_bounded(path: &Path) -> Result<String, String> {
    use crate::files::Problem;
    crate::files::read_text(path, MAX_SETTINGS_BYTES, &mut |_, _| {}).map_err(|err| {
        match err.problem {
            Problem::TooLarge { len, .. } => format!(
                "the settings file is {} KiB, over the limit of {}",
                len.div_ceil(1024),
                crate::files::size_text(MAX_SETTINGS_BYTES)
            ),
            problem => problem.to_string(),
        }
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    theme: Option<Spanned<String>>,
    open_with: Option<Spanned<String>>,
    restore: Option<bool>,
    clipboard: Option<Spanned<Switch>>,
    #[serde(default)]
    keys: BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<KeyList>>>,
}

/// A setting that is on or off: true/false, or "on"/"off".
#[derive(Deserialize)]
#[serde(untagged)]
enum Switch {
    Bool(bool),
    Word(String),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum KeyList {
    One(String),
    Many(Vec<String>),
}

/// Parse and check a settings file's text (`file` names it in errors).
pub fn parse(file: &str, text: &str) -> Result<Settings, ConfigError> {
    let at = |span: std::ops::Range<usize>, message: String| {
        let (line, column) = line_column(text, span.start);
        ConfigError {
            file: file.to_string(),
            line,
            column,
            message,
        }
    };
    let raw: Raw = toml::from_str(text).map_err(|err| {
        let span = err.span().unwrap_or(0..0);
        at(span, explain(err.message()))
    })?;
    let mut settings = Settings::default();
    if let Some(theme) = &raw.theme {
        settings.theme = Some(ThemeKind::from_name(theme.get_ref()).ok_or_else(|| {
            at(
                theme.span(),
                unknown("theme", theme.get_ref(), THEMES.iter().map(|t| t.name)),
            )
        })?);
    }
    if let Some(view) = &raw.open_with {
        settings.open_with = choose(&VIEWS, view.get_ref()).ok_or_else(|| {
            at(
                view.span(),
                unknown("view", view.get_ref(), VIEWS.iter().map(|v| v.0)),
            )
        })?;
    }
    if let Some(restore) = raw.restore {
        settings.restore = restore;
    }
    if let Some(clipboard) = &raw.clipboard {
        settings.clipboard = match clipboard.get_ref() {
            Switch::Bool(on) => *on,
            Switch::Word(word) => match word.as_str() {
                "on" => true,
                "off" => false,
                other => {
                    return Err(at(
                        clipboard.span(),
                        unknown("clipboard setting", other, ["on", "off"].into_iter()),
                    ));
                }
            },
        };
    }
    // Which user entry set each binding, to point at it when keys clash.
    let mut set_by: BTreeMap<(usize, usize), std::ops::Range<usize>> = BTreeMap::new();
    for (table, actions) in &raw.keys {
        let Some(&(scope, _)) = SCOPE_TABLES
            .iter()
            .find(|(_, name)| name == table.get_ref())
        else {
            return Err(at(
                table.span(),
                unknown(
                    "key table",
                    &format!("keys.{}", table.get_ref()),
                    SCOPE_TABLES.iter().map(|(_, n)| format!("keys.{n}")),
                ),
            ));
        };
        for (name, keys) in actions {
            let Some(binding) = Keymap::find(scope, name.get_ref()) else {
                let names = BINDINGS.iter().filter(|b| b.scope == scope).map(|b| b.name);
                return Err(at(
                    name.span(),
                    unknown(
                        &format!("action in [keys.{}]", table.get_ref()),
                        name.get_ref(),
                        names,
                    ),
                ));
            };
            let texts = match keys.get_ref() {
                KeyList::One(one) => vec![one.clone()],
                KeyList::Many(many) => many.clone(),
            };
            let mut parsed: Vec<Key> = Vec::new();
            for text in &texts {
                let key = parse_key(text).ok_or_else(|| {
                    at(keys.span(), unknown("key", text, KEY_NAMES.iter().copied()))
                })?;
                if !parsed.contains(&key) {
                    parsed.push(key);
                }
            }
            if parsed.is_empty() && name.get_ref() == "quit_now" {
                return Err(at(
                    keys.span(),
                    "quit_now needs a key: without one nothing could stop the explorer at once"
                        .into(),
                ));
            }
            settings.keymap.set_keys(binding, parsed);
            set_by.insert((scope as usize, binding), keys.span());
        }
    }
    if let Some((scope, key, name)) = settings.keymap.shadowing_typing().into_iter().next() {
        let table = SCOPE_TABLES
            .iter()
            .find(|(s, _)| *s == scope)
            .map_or("", |(_, n)| *n);
        let span = Keymap::find(scope, name)
            .and_then(|b| set_by.get(&(scope as usize, b)).cloned())
            .unwrap_or(0..0);
        return Err(at(
            span,
            format!(
                "{} cannot be bound to {name} in [keys.{table}]: that table is active while \
                 typing, where {} types itself; use a key with Ctrl or Alt, or a special key",
                key_label(&key),
                key_label(&key)
            ),
        ));
    }
    if let Some((scope, key, first, second)) = settings.keymap.conflicts().into_iter().next() {
        let table = SCOPE_TABLES
            .iter()
            .find(|(s, _)| *s == scope)
            .map_or("", |(_, n)| *n);
        let span = [first, second]
            .iter()
            .filter_map(|name| Keymap::find(scope, name))
            .find_map(|b| set_by.get(&(scope as usize, b)).cloned())
            .unwrap_or(0..0);
        return Err(at(
            span,
            format!(
                "{} is bound to both {first} and {second} in [keys.{table}]; give one of them other keys",
                key_label(&key)
            ),
        ));
    }
    Ok(settings)
}

/// Names of keys that are more than one character, for suggestions.
const KEY_NAMES: [&str; 22] = [
    "Up",
    "Down",
    "Left",
    "Right",
    "PgUp",
    "PgDn",
    "Home",
    "End",
    "Enter",
    "Esc",
    "Tab",
    "Shift-Tab",
    "Backspace",
    "Delete",
    "Insert",
    "Space",
    "F1",
    "F2",
    "Ctrl-",
    "Alt-",
    "↑",
    "↓",
];

fn choose<T: Copy>(choices: &[(&str, T)], text: &str) -> Option<T> {
    let wanted = text.trim().to_lowercase().replace('_', "-");
    choices
        .iter()
        .find(|(name, _)| *name == wanted)
        .map(|&(_, value)| value)
}

/// "unknown theme 'dak'; valid: … ; did you mean 'dark'?"
fn unknown<S: AsRef<str>>(what: &str, given: &str, valid: impl Iterator<Item = S>) -> String {
    let valid: Vec<String> = valid.map(|s| s.as_ref().to_string()).collect();
    let nearest = valid
        .iter()
        .map(|v| {
            (
                strsim::jaro_winkler(&given.to_lowercase(), &v.to_lowercase()),
                v,
            )
        })
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let mut message = format!("unknown {what} '{given}'");
    if let Some((score, nearest)) = nearest
        && score > 0.6
    {
        message.push_str(&format!("; did you mean '{nearest}'?"));
    }
    if valid.len() <= 12 {
        message.push_str(&format!(" (one of: {})", valid.join(", ")));
    }
    message
}

/// toml's message for an unknown setting, with the nearest one named.
fn explain(message: &str) -> String {
    let message = message.trim().to_string();
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some((field, expected)) = rest.split_once('`')
    {
        let valid: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        return unknown("setting", field, valid.into_iter());
    }
    message
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// A commented settings file with every setting and every key at its default.
pub fn default_file() -> String {
    let aliases: Vec<&str> = THEMES
        .iter()
        .flat_map(|t| t.aliases.iter().copied())
        .collect();
    let mut out = format!(
        "# nisso settings. Put this file at the path `nisso config --path` prints.\n\
         # Every line is commented out: uncomment what you want to change.\n\n\
         # Colours: {}\n\
         # ({} are accepted too).\n\
         # (--theme overrides this; without either, NO_COLOR turns colour off.)\n\
         # theme = \"{}\"\n\n\
         # The view the explorer opens with: timeline, map, chart, axis.\n\
         # open_with = \"timeline\"\n\n\
         # Reopen on the era and entity shown when the explorer last closed\n\
         # (--no-restore skips it once).\n\
         # restore = true\n\n\
         # Copy a citation (y) to the clipboard through the terminal (OSC 52; inside tmux\n\
         # through its passthrough). false or \"off\" shows it to select instead.\n\
         # clipboard = true\n\n\
         # Keys: in each table, an action and the keys that do it (they replace its\n\
         # keys). Keys are written as help shows them: \"j\", \"G\", \"Ctrl-d\", \"Alt-b\",\n\
         # \"Down\", \"PgDn\", \"Home\", \"Enter\", \"Esc\", \"Tab\", \"Shift-Tab\", \"Space\", \"F1\".\n\
         # A key may do one thing per table.\n",
        THEMES.map(|t| t.name).join(", "),
        aliases.join(", "),
        THEMES[0].name,
    );
    for (scope, table) in SCOPE_TABLES {
        let title = crate::ui::keymap::SCOPES
            .iter()
            .find(|(s, _)| *s == scope)
            .map_or("", |(_, t)| *t);
        out.push_str(&format!("\n# {title}\n# [keys.{table}]\n"));
        for binding in BINDINGS.iter().filter(|b| b.scope == scope) {
            let keys: Vec<String> = binding
                .keys
                .iter()
                .map(|k| {
                    format!(
                        "\"{}\"",
                        key_label(k).replace('\\', "\\\\").replace('"', "\\\"")
                    )
                })
                .collect();
            out.push_str(&format!(
                "# {} = [{}]  # {}\n",
                binding.name,
                keys.join(", "),
                binding.description
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::keymap::Scope;

    fn error(text: &str) -> String {
        parse("config.toml", text).unwrap_err().to_string()
    }

    #[test]
    fn the_clipboard_is_on_unless_turned_off() {
        assert!(parse("c", "").unwrap().clipboard);
        assert!(!parse("c", "clipboard = false\n").unwrap().clipboard);
        assert!(!parse("c", "clipboard = \"off\"\n").unwrap().clipboard);
        assert!(parse("c", "clipboard = \"on\"\n").unwrap().clipboard);
        let wrong = error("clipboard = \"of\"\n");
        assert!(wrong.starts_with("config.toml:1:13:"), "{wrong}");
        assert!(wrong.contains("'off'"), "{wrong}");
    }

    #[test]
    fn defaults_and_every_setting() {
        assert_eq!(parse("c", "").unwrap(), Settings::default());
        let settings = parse(
            "c",
            "theme = \"light\"\nopen_with = \"map\"\nrestore = false\n[keys.main]\nnext_era = [\"n\", \"Right\"]\nnote = \"M\"\n",
        )
        .unwrap();
        assert_eq!(settings.theme, Some(ThemeKind::Light));
        assert_eq!(settings.open_with, OpenWith::Map);
        assert!(!settings.restore);
        let next_era = Keymap::find(Scope::Browse, "next_era").unwrap();
        let binding = &BINDINGS[next_era];
        assert_eq!(settings.keymap.keys_label(binding), "n →");
    }

    #[test]
    fn errors_say_where_and_name_the_nearest_choice() {
        assert_eq!(
            error("theme = \"ligth\"\n"),
            "config.toml:1:9: unknown theme 'ligth'; did you mean 'light'? (one of: standard, light, high-contrast, no-colour)"
        );
        let message = error("\n\nthme = \"light\"\n");
        assert!(
            message.starts_with("config.toml:3:1: unknown setting 'thme'; did you mean 'theme'?"),
            "{message}"
        );
        let message = error("[keys.main]\nnext_eraa = [\"n\"]\n");
        assert!(message.starts_with("config.toml:2:1: unknown action in [keys.main] 'next_eraa'; did you mean 'next_era'?"), "{message}");
        let message = error("[keys.mian]\nnext_era = [\"n\"]\n");
        assert!(message.contains("did you mean 'keys.main'?"), "{message}");
        assert!(message.starts_with("config.toml:1:"), "{message}");
        let message = error("[keys.main]\nnext_era = [\"Ctrl-\"]\n");
        assert!(
            message.starts_with("config.toml:2:12: unknown key 'Ctrl-'"),
            "{message}"
        );
        let message = error("[keys.main]\nnext_era = [\"PgDwn\"]\n");
        assert!(message.contains("did you mean 'PgDn'?"), "{message}");
        // A key doing two things in one table.
        let message = error("[keys.main]\nnext_era = [\"j\"]\n");
        assert!(
            message.starts_with("config.toml:2:12: j is bound to both"),
            "{message}"
        );
        assert!(message.contains("move_down"), "{message}");
        // A plain character in a table active while typing would shadow typing it.
        let message = error("[keys.everywhere]\nquit_now = [\"s\", \"Ctrl-c\"]\n");
        assert!(
            message.starts_with(
                "config.toml:2:12: s cannot be bound to quit_now in [keys.everywhere]"
            ),
            "{message}"
        );
        let message = error("[keys.search]\ncancel = [\"q\"]\n");
        assert!(message.contains("q types itself"), "{message}");
        assert!(parse("c", "[keys.search]\ncancel = [\"Alt-q\", \"Esc\"]\n").is_ok());
        // Swapping two keys is fine: conflicts are judged after every change.
        assert!(parse("c", "[keys.main]\nmove_down = [\"k\"]\nmove_up = [\"j\"]\n").is_ok());
        // Syntax and types, located by toml.
        assert!(error("theme = \n").starts_with("config.toml:1:"));
        assert!(error("restore = \"yes\"\n").starts_with("config.toml:1:11:"));
        assert!(
            error("[keys.main]\nquit_now = []\n").contains("unknown action")
                || error("[keys.everywhere]\nquit_now = []\n").contains("quit_now needs a key")
        );
    }

    #[test]
    fn the_default_file_parses_to_the_defaults_when_uncommented() {
        let text = default_file();
        assert_eq!(parse("c", &text).unwrap(), Settings::default());
        let uncommented: String = text
            .lines()
            .map(|l| {
                l.strip_prefix("# ")
                    .filter(|l| l.contains(" = ") || l.starts_with("[keys."))
                    .unwrap_or("")
            })
            .map(|l| format!("{}\n", l.split("  # ").next().unwrap_or(l)))
            .collect();
        let settings = parse("c", &uncommented).unwrap();
        assert_eq!(settings.keymap, Keymap::default());
        assert_eq!(settings.theme, Some(ThemeKind::Standard));
    }

    /// `--theme` and the settings file take the same names, aliases and spellings, from
    /// the one list (`ui::theme::THEMES`), and help offers exactly that list.
    #[test]
    fn the_flag_and_the_settings_accept_the_same_theme_names() {
        use clap::{CommandFactory, Parser};
        let mut candidates: Vec<String> = ["loud", "dark", "", "colour", "no colour", "defaults"]
            .map(String::from)
            .to_vec();
        for theme in THEMES {
            for name in std::iter::once(theme.name).chain(theme.aliases.iter().copied()) {
                candidates.push(name.to_string());
                candidates.push(name.to_uppercase());
                candidates.push(name.replace('-', "_"));
                candidates.push(format!(" {name} "));
            }
        }
        let mut accepted = 0;
        for name in &candidates {
            let flag = crate::cli::Cli::try_parse_from(["nisso", "--theme", name])
                .ok()
                .map(|cli| cli.theme);
            let settings = parse("c", &format!("theme = {name:?}\n"))
                .ok()
                .map(|s| s.theme);
            assert_eq!(flag, settings, "{name:?}");
            accepted += usize::from(flag.is_some());
        }
        let names: usize = THEMES.iter().map(|t| 1 + t.aliases.len()).sum();
        assert_eq!(accepted, 4 * names, "every name and alias, however spelt");
        let command = crate::cli::Cli::command();
        let argument = command
            .get_arguments()
            .find(|a| a.get_id() == "theme")
            .unwrap();
        let offered: Vec<String> = argument
            .get_possible_values()
            .iter()
            .map(|v| v.get_name().to_string())
            .collect();
        assert_eq!(offered, THEMES.map(|t| t.name.to_string()));
    }
}
