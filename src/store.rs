//! What a reader keeps between sessions, per dataset: bookmarks, notes on entities, and
//! where they were (era and entity). One JSON file per dataset in the platform's data
//! directory (`~/.local/share/nisso` on Linux; `NISSO_DATA_DIR` moves it).
//!
//! Every change is one transaction: take an exclusive lock, read the file as it is now,
//! apply the change, write a temporary file, flush it to disk, rename it over the store.
//! So two nissos open at once never lose each other's changes, an interrupted write leaves
//! the previous store whole, and a store that cannot be read is moved aside (never
//! overwritten) with a warning.
//!
//! The store is read like any file nisso did not write itself (`files`): a regular file of
//! at most `MAX_STORE_BYTES`, so a store that is a device or a FIFO is refused, never read
//! without end or waited on. The lock is waited for a short while, then refused, naming the
//! process holding it. In a directory that cannot be written (no lock file can be made),
//! the store is still read, without the lock; only changes fail.

use crate::files::{self, Problem};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Longest note kept, in characters (line breaks count): a page of research notes.
pub const MAX_NOTE: usize = 4000;
/// Largest store read or written: thousands of full-length notes, far beyond any reader's.
pub const MAX_STORE_BYTES: u64 = 16 * 1024 * 1024;
const FORMAT: u32 = 1;
/// How long one process holding the lock is waited for (a change takes milliseconds).
const LOCK_WAIT: Duration = Duration::from_secs(2);
/// The longest wait in all, however often the lock changes hands meanwhile.
const LOCK_WAIT_IN_ALL: Duration = Duration::from_secs(30);

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

    /// The ids with a note, the latest changed first (then by id): as the lists show them.
    pub fn noted_latest_first(&self) -> impl Iterator<Item = &str> {
        let mut noted: Vec<(&String, &Note)> = self.notes.iter().collect();
        noted.sort_by(|a, b| b.1.updated.cmp(&a.1.updated).then(a.0.cmp(b.0)));
        noted.into_iter().map(|(id, _)| id.as_str())
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

/// A note as kept: its lines (Windows and old Mac line ends as one break), each trimmed at
/// the end, no control characters but the breaks (a note is shown in the terminal), no
/// blank lines at either end, at most `MAX_NOTE` characters.
pub fn clean_note(text: &str) -> String {
    let spaced = spaced_note(text);
    let kept: String = spaced.chars().take(MAX_NOTE).collect();
    trim_lines(&kept)
}

/// Line ends as `\n`, every other control as a space.
fn spaced_note(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .map(|c| match c {
            '\n' | '\r' => '\n',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

fn trim_lines(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let last = lines.iter().rposition(|l| !l.trim().is_empty());
    match (first, last) {
        (Some(first), Some(last)) => lines[first..=last].join("\n").trim_start().to_string(),
        _ => String::new(),
    }
}

/// Why a note cannot be kept as given: longer than `MAX_NOTE` characters (as it would be
/// kept: controls as spaces, lines trimmed). None when it fits.
pub fn note_too_long(text: &str) -> Option<String> {
    let length = trim_lines(&spaced_note(text)).chars().count();
    (length > MAX_NOTE).then(|| {
        format!(
            "the note is {length} characters long; a note is at most {MAX_NOTE} characters (not saved)"
        )
    })
}

/// Why a store could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// No data directory (no home), or it cannot be created or written.
    Io(String),
    /// The store is not a file nisso reads: not a regular file, or too large.
    Refused(String),
    /// Another process held the lock for longer than nisso waits.
    Locked(String),
    /// The data directory cannot be written: the store can be read, not changed.
    ReadOnly(String),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Io(message)
            | StoreError::Refused(message)
            | StoreError::Locked(message)
            | StoreError::ReadOnly(message) => write!(f, "{message}"),
        }
    }
}

/// Why the lock was not taken.
#[derive(Debug)]
enum LockFailure {
    /// No lock file can be created or opened for writing there (a read-only directory):
    /// reading goes on without the lock, changing cannot.
    ReadOnly(std::io::Error),
    Failed(StoreError),
}

/// Whether an error creating a file means the place cannot be written.
fn is_read_only(err: &std::io::Error) -> bool {
    matches!(
        err.kind(),
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
    )
}

/// What to do with a store whose contents cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Damaged {
    /// Move it aside and start afresh (under the lock).
    SetAside,
    /// Leave it where it is (no lock, nothing can be written there anyway).
    Leave,
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

    /// The store of `identity` when its file exists (a search reads it; nothing is
    /// created for a reader who never wrote a note).
    pub fn open_existing(identity: DatasetIdentity) -> Option<Store> {
        Store::open(identity)
            .ok()
            .filter(|store| store.path.exists())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The contents now (under the lock, so never half a write; without it where no lock
    /// can be made, as nothing can be written there).
    pub fn load(&self) -> Result<Loaded, StoreError> {
        self.load_under(self.lock())
    }

    fn load_under(&self, lock: Result<Lock, LockFailure>) -> Result<Loaded, StoreError> {
        match lock {
            Ok(_lock) => self.read_unlocked(Damaged::SetAside),
            Err(LockFailure::ReadOnly(_)) => self.read_unlocked(Damaged::Leave),
            Err(LockFailure::Failed(err)) => Err(err),
        }
    }

    /// Apply changes in one transaction; the contents after them.
    pub fn change(&self, changes: &[Change]) -> Result<Loaded, StoreError> {
        self.change_under(self.lock(), changes, &mut || {})
    }

    /// `change`, calling `before_rename` once the new contents are in their temporary file
    /// and before they replace the store: a test ends its process there, to show that an
    /// interrupted write leaves the previous store whole.
    #[doc(hidden)]
    pub fn change_with_hook_before_rename(
        &self,
        changes: &[Change],
        before_rename: &mut dyn FnMut(),
    ) -> Result<Loaded, StoreError> {
        self.change_under(self.lock(), changes, before_rename)
    }

    fn change_under(
        &self,
        lock: Result<Lock, LockFailure>,
        changes: &[Change],
        before_rename: &mut dyn FnMut(),
    ) -> Result<Loaded, StoreError> {
        let _lock = lock.map_err(|failure| match failure {
            LockFailure::ReadOnly(err) => self.read_only(&err),
            LockFailure::Failed(err) => err,
        })?;
        let mut loaded = self.read_unlocked(Damaged::SetAside)?;
        let time = now();
        for change in changes {
            change.apply(&mut loaded.saved, time);
        }
        self.write_unlocked(&loaded.saved, before_rename)?;
        Ok(loaded)
    }

    fn empty(&self) -> Saved {
        Saved {
            format: FORMAT,
            dataset: self.identity.label(),
            ..Saved::default()
        }
    }

    fn read_unlocked(&self, damaged: Damaged) -> Result<Loaded, StoreError> {
        let bytes = match files::read_bytes(&self.path, MAX_STORE_BYTES, &mut |_, _| {}) {
            Ok(bytes) => bytes,
            Err(err) if err.problem == Problem::Missing => {
                return Ok(Loaded {
                    saved: self.empty(),
                    warning: None,
                });
            }
            // Not a file nisso reads (a device, a FIFO, too large): refused, and left where
            // it is, as it may not be nisso's at all.
            Err(err) => {
                return Err(StoreError::Refused(format!(
                    "{err}; the bookmarks and notes store must be a regular file of at most {} (move it away to start afresh)",
                    files::size_text(MAX_STORE_BYTES)
                )));
            }
        };
        let why = match serde_json::from_slice::<Saved>(&bytes) {
            Ok(saved) if saved.format == FORMAT => {
                return Ok(Loaded {
                    saved,
                    warning: None,
                });
            }
            Ok(saved) => format!("it is of format {}", saved.format),
            Err(err) => format!(
                "line {}, column {}: {}",
                err.line(),
                err.column(),
                strip_position(&err.to_string())
            ),
        };
        match damaged {
            Damaged::SetAside => self.set_aside(&why),
            Damaged::Leave => Ok(Loaded {
                saved: self.empty(),
                warning: Some(format!(
                    "bookmarks and notes in {} could not be read ({why}); left as it is, as its directory cannot be written",
                    self.path.display()
                )),
            }),
        }
    }

    /// Move an unreadable store aside (never overwrite it, nor an earlier one moved aside)
    /// and start empty.
    fn set_aside(&self, why: &str) -> Result<Loaded, StoreError> {
        let cannot = |err: std::io::Error| {
            StoreError::Io(format!(
                "{} cannot be read ({why}) nor moved aside: {err}",
                self.path.display()
            ))
        };
        let aside = self.reserve_aside_name(now()).map_err(cannot)?;
        if let Err(err) = std::fs::rename(&self.path, &aside) {
            let _ = std::fs::remove_file(&aside);
            return Err(cannot(err));
        }
        Ok(Loaded {
            saved: self.empty(),
            warning: Some(format!(
                "bookmarks and notes in {} could not be read ({why}); the file was moved to {} and nisso started afresh",
                self.path.display(),
                aside.display()
            )),
        })
    }

    /// A name to move a damaged store to, made ours by creating it (`create_new`): the
    /// rename then replaces only this empty file, never a store set aside before in the
    /// same second. `embedded.damaged-<time>.json`, then `…-<time>-2.json` and on.
    fn reserve_aside_name(&self, time: u64) -> std::io::Result<PathBuf> {
        for attempt in 1..=1000u32 {
            let extension = if attempt == 1 {
                format!("damaged-{time}.json")
            } else {
                format!("damaged-{time}-{attempt}.json")
            };
            let aside = self.path.with_extension(extension);
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&aside)
            {
                Ok(_) => return Ok(aside),
                Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(err) => return Err(err),
            }
        }
        Err(std::io::Error::other(
            "a thousand stores were set aside in this second already",
        ))
    }

    /// A change refused because the data directory cannot be written.
    fn read_only(&self, err: &std::io::Error) -> StoreError {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        StoreError::ReadOnly(format!(
            "cannot save bookmarks and notes: the directory {} is read-only ({})",
            dir.display(),
            if err.kind() == std::io::ErrorKind::ReadOnlyFilesystem {
                "a read-only file system"
            } else {
                "permission denied"
            }
        ))
    }

    fn write_unlocked(
        &self,
        saved: &Saved,
        before_rename: &mut dyn FnMut(),
    ) -> Result<(), StoreError> {
        let failed = |err: std::io::Error| {
            StoreError::Io(format!("cannot write {}: {err}", self.path.display()))
        };
        let dir = self.path.parent().unwrap_or(Path::new("."));
        let temporary = self
            .path
            .with_extension(format!("tmp-{}", std::process::id()));
        let bytes =
            serde_json::to_vec_pretty(saved).map_err(|e| failed(std::io::Error::other(e)))?;
        // Never write a store that could not be read back.
        if bytes.len() as u64 >= MAX_STORE_BYTES {
            return Err(StoreError::Io(format!(
                "not saved: bookmarks and notes would take {}, over the limit of {} for {}",
                files::size_text(bytes.len() as u64),
                files::size_text(MAX_STORE_BYTES),
                self.path.display()
            )));
        }
        let result = (|| {
            let mut file = std::fs::File::create(&temporary)?;
            file.write_all(&bytes)?;
            file.write_all(b"\n")?;
            file.sync_all()?;
            before_rename();
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
        result.map_err(|err| {
            if is_read_only(&err) {
                self.read_only(&err)
            } else {
                failed(err)
            }
        })
    }

    /// An exclusive lock on the store, held until the guard is dropped (a lock file
    /// beside it; `flock`, released by the system if the process dies). Waits while
    /// another process holds it, at most `LOCK_WAIT` for one holder; the holder writes its
    /// pid, the time and its name into the lock file, so a refusal can name it.
    fn lock(&self) -> Result<Lock, LockFailure> {
        let lock_path = self.path.with_extension("lock");
        let failed = |err: std::io::Error| {
            LockFailure::Failed(StoreError::Io(format!(
                "cannot lock {}: {err}",
                lock_path.display()
            )))
        };
        let refused_or_failed = |err: std::io::Error| {
            if is_read_only(&err) {
                LockFailure::ReadOnly(err)
            } else {
                failed(err)
            }
        };
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(refused_or_failed)?;
        let mut options = std::fs::OpenOptions::new();
        options.create(true).truncate(false).read(true).write(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            // A FIFO or a device in the lock file's place must not block the open.
            options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
        }
        let file = options.open(&lock_path).map_err(refused_or_failed)?;
        if !file.metadata().map_err(failed)?.is_file() {
            return Err(LockFailure::Failed(StoreError::Io(format!(
                "cannot lock {}: not a regular file (remove it; nisso makes a new one)",
                lock_path.display()
            ))));
        }
        #[cfg(unix)]
        {
            wait_for_lock(&file, &self.path)?;
            write_holder(&file);
        }
        Ok(Lock { _file: file })
    }
}

/// Take the `flock` on `file`, the lock of the store at `store_path`, trying again every
/// few milliseconds while another process holds it: until one holder has held it for
/// `LOCK_WAIT` (a holder handing over to the next is progress), or `LOCK_WAIT_IN_ALL` has
/// passed.
#[cfg(unix)]
fn wait_for_lock(file: &std::fs::File, store_path: &Path) -> Result<(), LockFailure> {
    use std::os::unix::io::AsRawFd;
    let started = Instant::now();
    let mut holder = read_holder(file);
    let mut held_since = started;
    let mut pause = Duration::from_millis(1);
    loop {
        // SAFETY: flock on a file descriptor we own for the guard's lifetime.
        #[allow(unsafe_code)]
        let status = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
        if status == 0 {
            return Ok(());
        }
        let err = std::io::Error::last_os_error();
        match err.kind() {
            std::io::ErrorKind::WouldBlock => {}
            std::io::ErrorKind::Interrupted => continue,
            _ => {
                return Err(LockFailure::Failed(StoreError::Io(format!(
                    "cannot lock {}: {err}",
                    store_path.display()
                ))));
            }
        }
        let now_held_by = read_holder(file);
        if now_held_by != holder {
            holder = now_held_by;
            held_since = Instant::now();
        }
        if held_since.elapsed() >= LOCK_WAIT || started.elapsed() >= LOCK_WAIT_IN_ALL {
            return Err(LockFailure::Failed(StoreError::Locked(format!(
                "the bookmarks and notes store {} is locked by {}; gave up after {} s (try again once it has finished)",
                store_path.display(),
                describe_holder(&holder),
                started.elapsed().as_secs().max(1)
            ))));
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(20));
    }
}

/// Holds the store's lock; closing the file releases it.
#[derive(Debug)]
struct Lock {
    _file: std::fs::File,
}

/// Say in the lock file who holds it: "<pid> <seconds since 1970> <program name>".
#[cfg(unix)]
fn write_holder(file: &std::fs::File) {
    use std::os::unix::fs::FileExt;
    let program = std::env::args_os()
        .next()
        .and_then(|arg| {
            Path::new(&arg)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "nisso".to_string());
    let record = format!("{} {} {program}\n", std::process::id(), now());
    // Who holds the lock is only said in a refusal: a failure here loses nothing else.
    let _ = file.set_len(0);
    let _ = file.write_all_at(record.as_bytes(), 0);
}

/// The lock file's record of its holder (at most a short line; empty if unknown).
#[cfg(unix)]
fn read_holder(file: &std::fs::File) -> String {
    use std::os::unix::fs::FileExt;
    let mut buffer = [0u8; 256];
    let read = file.read_at(&mut buffer, 0).unwrap_or(0);
    String::from_utf8_lossy(&buffer[..read])
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// "nisso (pid 1234) since 12:03:04 UTC", or "another process" when the record is not one.
fn describe_holder(record: &str) -> String {
    let mut fields = record.splitn(3, ' ');
    let pid = fields.next().and_then(|f| f.parse::<u32>().ok());
    let since = fields.next().and_then(|f| f.parse::<u64>().ok());
    let program: String = fields
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control())
        .take(40)
        .collect();
    match (pid, since) {
        (Some(pid), Some(since)) => {
            let program = if program.is_empty() {
                "a process".to_string()
            } else {
                program
            };
            let day = since % 86_400;
            format!(
                "{program} (pid {pid}) since {:02}:{:02}:{:02} UTC",
                day / 3600,
                day % 3600 / 60,
                day % 60
            )
        }
        _ => "another process".to_string(),
    }
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
        assert_eq!(
            again.saved.note("kuril-islands"),
            Some("ask about\nHabomai")
        );
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
    fn a_store_that_cannot_be_locked_for_want_of_writing_is_read_not_changed() {
        let dir = temp("read-only");
        let store = Store::new(&dir, DatasetIdentity::Embedded);
        store
            .change(&[Change::AddBookmark("richard-sorge".into())])
            .unwrap();
        // What creating the lock file in a read-only directory gives (injected: as root,
        // permissions would not stop it).
        let no_lock = || {
            Err(LockFailure::ReadOnly(std::io::Error::from(
                std::io::ErrorKind::PermissionDenied,
            )))
        };
        let loaded = store.load_under(no_lock()).unwrap();
        assert!(loaded.saved.is_bookmarked("richard-sorge"));
        let refused = store
            .change_under(
                no_lock(),
                &[Change::AddBookmark("kuril-islands".into())],
                &mut || {},
            )
            .unwrap_err();
        assert!(matches!(refused, StoreError::ReadOnly(_)), "{refused}");
        assert!(refused.to_string().contains("is read-only"), "{refused}");
        assert!(!store.load().unwrap().saved.is_bookmarked("kuril-islands"));
        // A damaged store there is left in place, not moved (nothing can be moved).
        std::fs::write(store.path(), b"{\"format\": 1, \"bookm").unwrap();
        let loaded = store.load_under(no_lock()).unwrap();
        assert!(loaded.warning.unwrap().contains("left as it is"));
        assert!(store.path().exists());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn names_to_set_aside_never_collide_in_one_second() {
        let dir = temp("aside-names");
        let store = Store::new(&dir, DatasetIdentity::Embedded);
        let first = store.reserve_aside_name(1_000).unwrap();
        let second = store.reserve_aside_name(1_000).unwrap();
        assert_ne!(first, second);
        assert!(first.ends_with("embedded.damaged-1000.json"), "{first:?}");
        assert!(
            second.ends_with("embedded.damaged-1000-2.json"),
            "{second:?}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_lock_holder_is_named_from_its_record() {
        assert_eq!(
            describe_holder("1234 43384 nisso"),
            "nisso (pid 1234) since 12:03:04 UTC"
        );
        assert_eq!(describe_holder(""), "another process");
        assert_eq!(describe_holder("garbage here"), "another process");
        assert_eq!(
            describe_holder("7 0 \u{1b}[2Jevil"),
            "[2Jevil (pid 7) since 00:00:00 UTC"
        );
    }

    #[test]
    fn a_note_over_the_limit_is_refused_with_its_length() {
        assert_eq!(note_too_long(&"x".repeat(MAX_NOTE)), None);
        assert_eq!(
            note_too_long(&format!("  {}\n", "x".repeat(MAX_NOTE))),
            None
        );
        let refused = note_too_long(&"x".repeat(131_072)).unwrap();
        assert!(refused.contains("131072 characters long"), "{refused}");
        assert!(refused.contains("at most 4000"), "{refused}");
    }

    #[test]
    fn notes_keep_their_lines_and_no_other_controls() {
        assert_eq!(clean_note("a\u{1b}[2Jb\nc"), "a [2Jb\nc");
        assert_eq!(
            clean_note("\n\n  one  \r\n\r\n  two\rthree\n \n"),
            "one\n\n  two\nthree"
        );
        assert_eq!(clean_note(" \n\t\n"), "");
        assert_eq!(clean_note(&"x".repeat(5000)).chars().count(), MAX_NOTE);
    }
}
