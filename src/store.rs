//! What a reader keeps between sessions, per dataset: bookmarks, notes on entities, and
//! where they were (era and entity). One JSON file per dataset in the platform's data
//! directory (`~/.local/share/nisso` on Linux; `NISSO_DATA_DIR` moves it).
//!
//! Every change is one transaction: take an exclusive lock, read the file as it is now,
//! apply the change, write a temporary file, flush it to disk, rename it over the store.
//! So two nissos open at once never lose each other's changes, an interrupted write leaves
//! the previous store whole, and a store that cannot be read is moved aside (never
//! overwritten) with a warning.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Longest note kept, in characters.
pub const MAX_NOTE: usize = 1000;
const FORMAT: u32 = 1;

/// Which dataset a store belongs to: the embedded one, or a file by its full path (so a
/// file keeps its bookmarks when it is edited; a moved file starts afresh).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatasetIdentity {
    Embedded,
    File(PathBuf),
}

impl DatasetIdentity {
    pub fn of(path: Option<&Path>) -> DatasetIdentity {
        match path {
            None => DatasetIdentity::Embedded,
            Some(path) => DatasetIdentity::File(
                std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()),
            ),
        }
    }

    /// For people, and kept in the store: "embedded" or the file's path.
    pub fn label(&self) -> String {
        match self {
            DatasetIdentity::Embedded => "embedded".to_string(),
            DatasetIdentity::File(path) => path.display().to_string(),
        }
    }

    fn file_name(&self) -> String {
        match self {
            DatasetIdentity::Embedded => "embedded.json".to_string(),
            DatasetIdentity::File(path) => {
                let stem = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let stem: String = stem
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                    .take(40)
                    .collect();
                let hash = xxhash_rust::xxh3::xxh3_64(path.to_string_lossy().as_bytes());
                format!("data-{stem}-{hash:016x}.json")
            }
        }
    }
}

/// Where stores live: `NISSO_DATA_DIR`, else the platform's data directory.
pub fn directory() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("NISSO_DATA_DIR") {
        return (!dir.is_empty()).then(|| PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "nisso").map(|dirs| dirs.data_dir().to_path_buf())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bookmark {
    pub id: String,
    /// Seconds since 1970 when it was added.
    pub added: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub text: String,
    /// Seconds since 1970 when it was last changed.
    pub updated: u64,
}

/// Where the reader was when they left.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Place {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub era: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
}

/// The store's contents.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Saved {
    pub format: u32,
    /// The dataset it belongs to, for people reading the file.
    pub dataset: String,
    /// In the order they were added.
    #[serde(default)]
    pub bookmarks: Vec<Bookmark>,
    #[serde(default)]
    pub notes: BTreeMap<String, Note>,
    #[serde(default)]
    pub last: Place,
}

impl Saved {
    pub fn is_bookmarked(&self, id: &str) -> bool {
        self.bookmarks.iter().any(|b| b.id == id)
    }

    pub fn note(&self, id: &str) -> Option<&str> {
        self.notes.get(id).map(|n| n.text.as_str())
    }
}

/// One change to a store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    AddBookmark(String),
    RemoveBookmark(String),
    /// An empty text removes the note.
    SetNote(String, String),
    SetLast(Place),
}

impl Change {
    /// Apply it to contents in memory (what the explorer shows before it is written).
    pub fn apply_to(&self, saved: &mut Saved) {
        self.apply(saved, now());
    }

    fn apply(&self, saved: &mut Saved, now: u64) {
        match self {
            Change::AddBookmark(id) => {
                if !saved.is_bookmarked(id) {
                    saved.bookmarks.push(Bookmark {
                        id: id.clone(),
                        added: now,
                    });
                }
            }
            Change::RemoveBookmark(id) => saved.bookmarks.retain(|b| &b.id != id),
            Change::SetNote(id, text) => {
                let text = clean_note(text);
                if text.is_empty() {
                    saved.notes.remove(id);
                } else {
                    saved.notes.insert(id.clone(), Note { text, updated: now });
                }
            }
            Change::SetLast(place) => saved.last = place.clone(),
        }
    }
}

/// A note as kept: one line, trimmed, at most `MAX_NOTE` characters, no control
/// characters (a note is shown in the terminal).
pub fn clean_note(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(MAX_NOTE)
        .collect::<String>()
        .trim()
        .to_string()
}

/// Why a store could not be used.
#[derive(Debug)]
pub enum StoreError {
    /// No data directory (no home), or it cannot be created or written.
    Io(String),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Io(message) => write!(f, "{message}"),
        }
    }
}

/// The store of one dataset.
#[derive(Debug, Clone)]
pub struct Store {
    path: PathBuf,
    identity: DatasetIdentity,
}

/// What reading a store found besides its contents: a damaged file moved aside.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Loaded {
    pub saved: Saved,
    pub warning: Option<String>,
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Store {
    /// The store of `identity` in `dir`.
    pub fn new(dir: &Path, identity: DatasetIdentity) -> Store {
        Store {
            path: dir.join(identity.file_name()),
            identity,
        }
    }

    /// The store of `identity` in the usual directory.
    pub fn open(identity: DatasetIdentity) -> Result<Store, StoreError> {
        let dir = directory().ok_or_else(|| {
            StoreError::Io("no data directory (no home directory; set NISSO_DATA_DIR)".into())
        })?;
        Ok(Store::new(&dir, identity))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The contents now (under the lock, so never half a write).
    pub fn load(&self) -> Result<Loaded, StoreError> {
        let _lock = self.lock()?;
        self.read_unlocked()
    }

    /// Apply changes in one transaction; the contents after them.
    pub fn change(&self, changes: &[Change]) -> Result<Loaded, StoreError> {
        let _lock = self.lock()?;
        let mut loaded = self.read_unlocked()?;
        let time = now();
        for change in changes {
            change.apply(&mut loaded.saved, time);
        }
        self.write_unlocked(&loaded.saved)?;
        Ok(loaded)
    }

    fn empty(&self) -> Saved {
        Saved {
            format: FORMAT,
            dataset: self.identity.label(),
            ..Saved::default()
        }
    }

    fn read_unlocked(&self) -> Result<Loaded, StoreError> {
        let bytes = match std::fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Loaded {
                    saved: self.empty(),
                    warning: None,
                });
            }
            Err(err) => {
                return Err(StoreError::Io(format!(
                    "cannot read {}: {err}",
                    self.path.display()
                )));
            }
        };
        match serde_json::from_slice::<Saved>(&bytes) {
            Ok(saved) if saved.format == FORMAT => Ok(Loaded {
                saved,
                warning: None,
            }),
            Ok(saved) => self.set_aside(&format!("it is of format {}", saved.format)),
            Err(err) => self.set_aside(&format!(
                "line {}, column {}: {}",
                err.line(),
                err.column(),
                strip_position(&err.to_string())
            )),
        }
    }

    /// Move an unreadable store aside (never overwrite it) and start empty.
    fn set_aside(&self, why: &str) -> Result<Loaded, StoreError> {
        let aside = self.path.with_extension(format!("damaged-{}.json", now()));
        std::fs::rename(&self.path, &aside).map_err(|err| {
            StoreError::Io(format!(
                "{} cannot be read ({why}) nor moved aside: {err}",
                self.path.display()
            ))
        })?;
        Ok(Loaded {
            saved: self.empty(),
            warning: Some(format!(
                "bookmarks and notes in {} could not be read ({why}); the file was moved to {} and nisso started afresh",
                self.path.display(),
                aside.display()
            )),
        })
    }

    fn write_unlocked(&self, saved: &Saved) -> Result<(), StoreError> {
        let failed = |err: std::io::Error| {
            StoreError::Io(format!("cannot write {}: {err}", self.path.display()))
        };
        let dir = self.path.parent().unwrap_or(Path::new("."));
        let temporary = self
            .path
            .with_extension(format!("tmp-{}", std::process::id()));
        let bytes =
            serde_json::to_vec_pretty(saved).map_err(|e| failed(std::io::Error::other(e)))?;
        let result = (|| {
            let mut file = std::fs::File::create(&temporary)?;
            file.write_all(&bytes)?;
            file.write_all(b"\n")?;
            file.sync_all()?;
            // A test hook: die between writing the new store and putting it in place.
            if std::env::var_os("NISSO_TEST_CRASH_BEFORE_RENAME").is_some() {
                std::process::abort();
            }
            std::fs::rename(&temporary, &self.path)?;
            // The rename itself is durable once the directory is flushed.
            if let Ok(dir) = std::fs::File::open(dir) {
                let _ = dir.sync_all();
            }
            Ok(())
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
        result.map_err(failed)
    }

    /// An exclusive lock on the store, held until the guard is dropped (a lock file
    /// beside it; `flock`, released by the system if the process dies).
    fn lock(&self) -> Result<Lock, StoreError> {
        let failed = |err: std::io::Error| {
            StoreError::Io(format!("cannot lock {}: {err}", self.path.display()))
        };
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(failed)?;
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(self.path.with_extension("lock"))
            .map_err(failed)?;
        #[cfg(unix)]
        {
            use std::os::unix::io::AsRawFd;
            // SAFETY: flock on a file descriptor we own for the guard's lifetime.
            #[allow(unsafe_code)]
            let status = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) };
            if status != 0 {
                return Err(failed(std::io::Error::last_os_error()));
            }
        }
        Ok(Lock { _file: file })
    }
}

/// Holds the store's lock; closing the file releases it.
struct Lock {
    _file: std::fs::File,
}

fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("nisso-store-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn changes_survive_a_reopen_in_order() {
        let dir = temp("reopen");
        let store = Store::new(&dir, DatasetIdentity::Embedded);
        assert!(store.load().unwrap().saved.bookmarks.is_empty());
        store
            .change(&[
                Change::AddBookmark("richard-sorge".into()),
                Change::AddBookmark("kuril-islands".into()),
                Change::AddBookmark("richard-sorge".into()),
                Change::SetNote("kuril-islands".into(), "  ask about\nHabomai  ".into()),
                Change::SetLast(Place {
                    era: Some("restoration".into()),
                    entity: Some("kuril-islands".into()),
                }),
            ])
            .unwrap();
        let again = Store::new(&dir, DatasetIdentity::Embedded).load().unwrap();
        let ids: Vec<&str> = again
            .saved
            .bookmarks
            .iter()
            .map(|b| b.id.as_str())
            .collect();
        assert_eq!(ids, ["richard-sorge", "kuril-islands"]);
        assert_eq!(again.saved.note("kuril-islands"), Some("ask about Habomai"));
        assert_eq!(again.saved.last.entity.as_deref(), Some("kuril-islands"));
        store
            .change(&[
                Change::RemoveBookmark("richard-sorge".into()),
                Change::SetNote("kuril-islands".into(), " ".into()),
            ])
            .unwrap();
        let after = store.load().unwrap().saved;
        assert_eq!(after.bookmarks.len(), 1);
        assert_eq!(after.note("kuril-islands"), None);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_damaged_store_is_moved_aside_never_overwritten() {
        let dir = temp("damaged");
        let store = Store::new(&dir, DatasetIdentity::Embedded);
        std::fs::write(store.path(), b"{\"format\": 1, \"bookmarks\": [tru").unwrap();
        let loaded = store.load().unwrap();
        let warning = loaded.warning.unwrap();
        assert!(warning.contains("line 1, column"), "{warning}");
        assert!(loaded.saved.bookmarks.is_empty());
        let aside: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().contains("damaged"))
            .collect();
        assert_eq!(aside.len(), 1);
        assert_eq!(
            std::fs::read(aside[0].path()).unwrap(),
            b"{\"format\": 1, \"bookmarks\": [tru"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn files_keep_their_own_stores() {
        let dir = temp("identity");
        let a = Store::new(&dir, DatasetIdentity::File("/data/a.json".into()));
        let b = Store::new(&dir, DatasetIdentity::File("/other/a.json".into()));
        let embedded = Store::new(&dir, DatasetIdentity::Embedded);
        assert_ne!(a.path(), b.path());
        assert_ne!(a.path(), embedded.path());
        a.change(&[Change::AddBookmark("x".into())]).unwrap();
        assert!(b.load().unwrap().saved.bookmarks.is_empty());
        assert_eq!(a.load().unwrap().saved.dataset, "/data/a.json");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn notes_are_one_bounded_line() {
        assert_eq!(clean_note("a\u{1b}[2Jb\nc"), "a [2Jb c");
        assert_eq!(clean_note(&"x".repeat(5000)).chars().count(), MAX_NOTE);
    }
}
