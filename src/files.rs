//! Reading a file nisso did not write itself, or cannot trust to be as it left it: a
//! dataset, a file to import, the settings, the bookmarks and notes store, a cache.
//!
//! One reader for all of them, so none can be made to hang or to eat memory: only regular
//! files (symlinks are followed, and the type checked on the opened handle, not on the
//! path, so the file cannot be swapped between the check and the read); opened without
//! blocking, so a FIFO with no writer is refused instead of waiting forever; at most a
//! given number of bytes, checked before reading and again while reading (a file may grow);
//! memory for it reserved fallibly, so a huge file is an error, not an abort.

use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Why a file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Missing,
    PermissionDenied,
    Directory,
    /// A device, FIFO or socket.
    NotRegular,
    TooLarge {
        len: u64,
        limit: u64,
    },
    /// It was within the limit when opened, but not any more while being read.
    Grew {
        limit: u64,
    },
    /// Its contents do not fit in memory.
    OutOfMemory {
        len: u64,
    },
    NotUtf8 {
        offset: usize,
    },
    Other(String),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Missing => write!(f, "no such file"),
            Problem::PermissionDenied => write!(f, "permission denied"),
            Problem::Directory => write!(f, "it is a directory"),
            Problem::NotRegular => write!(f, "not a regular file (a device, FIFO or socket)"),
            Problem::TooLarge { len, limit } => write!(
                f,
                "{} is larger than the limit of {}",
                size_text(*len),
                size_text(*limit)
            ),
            Problem::Grew { limit } => write!(
                f,
                "it grew past the limit of {} while being read",
                size_text(*limit)
            ),
            Problem::OutOfMemory { len } => match physical_memory() {
                Some(memory) if *len > memory => write!(
                    f,
                    "not enough memory to read it ({}; this machine has {})",
                    size_text(*len),
                    size_text(memory)
                ),
                _ => write!(f, "not enough memory to read it ({})", size_text(*len)),
            },
            Problem::NotUtf8 { offset } => {
                write!(f, "not UTF-8 text (invalid byte at offset {offset})")
            }
            Problem::Other(message) => write!(f, "{message}"),
        }
    }
}

/// A file that cannot be read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub path: PathBuf,
    pub problem: Problem,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot read {}: {}", self.path.display(), self.problem)
    }
}

impl std::error::Error for ReadError {}

impl Problem {
    fn of(err: &std::io::Error) -> Problem {
        match err.kind() {
            std::io::ErrorKind::NotFound => Problem::Missing,
            std::io::ErrorKind::PermissionDenied => Problem::PermissionDenied,
            std::io::ErrorKind::IsADirectory => Problem::Directory,
            _ => Problem::Other(err.to_string()),
        }
    }
}

/// A size for people: "512 KiB", "3 MiB", "27.9 GiB" (rounded up below a GiB, so a file
/// just over a limit never reads as equal to it).
pub fn size_text(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * KIB;
    const GIB: u64 = 1024 * MIB;
    if bytes < MIB {
        format!("{} KiB", bytes.div_ceil(KIB))
    } else if bytes < GIB {
        format!("{} MiB", bytes.div_ceil(MIB))
    } else {
        format!("{:.1} GiB", bytes as f64 / GIB as f64)
    }
}

/// Open `path` for reading if it is a regular file of at most `max_bytes`; the handle and
/// its length. Nothing is read.
pub fn open_regular(path: &Path, max_bytes: u64) -> Result<(File, u64), ReadError> {
    let failed = |problem: Problem| ReadError {
        path: path.to_path_buf(),
        problem,
    };
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Without blocking: opening a FIFO with no writer would otherwise wait forever.
        // Not as the controlling terminal: a terminal device is refused, not adopted.
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let handle = options
        .open(path)
        .map_err(|err| failed(Problem::of(&err)))?;
    // The type of what was opened, not of what the path names now.
    let metadata = handle.metadata().map_err(|err| failed(Problem::of(&err)))?;
    if metadata.is_dir() {
        return Err(failed(Problem::Directory));
    }
    if !metadata.is_file() {
        return Err(failed(Problem::NotRegular));
    }
    if metadata.len() > max_bytes {
        return Err(failed(Problem::TooLarge {
            len: metadata.len(),
            limit: max_bytes,
        }));
    }
    Ok((handle, metadata.len()))
}

/// The machine's physical memory, when the system says.
fn physical_memory() -> Option<u64> {
    #[cfg(unix)]
    {
        // SAFETY: sysconf only reads system constants.
        #[allow(unsafe_code)]
        let (pages, page_size) = unsafe {
            (
                libc::sysconf(libc::_SC_PHYS_PAGES),
                libc::sysconf(libc::_SC_PAGESIZE),
            )
        };
        let pages = u64::try_from(pages).ok()?;
        let page_size = u64::try_from(page_size).ok()?;
        pages.checked_mul(page_size).filter(|&bytes| bytes > 0)
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// Whether `len` bytes could be held in memory at all: not more than the machine has. (A
/// system that overcommits would grant the allocation and kill nisso while filling it.)
pub fn fits_in_memory(len: u64) -> Result<(), Problem> {
    match physical_memory() {
        Some(memory) if len > memory => Err(Problem::OutOfMemory { len }),
        _ => Ok(()),
    }
}

/// Check `path` as `read_bytes` would, without reading it: a regular file of at most
/// `max_bytes` that fits in memory.
pub fn check(path: &Path, max_bytes: u64) -> Result<u64, ReadError> {
    let (_, len) = open_regular(path, max_bytes)?;
    fits_in_memory(len).map_err(|problem| ReadError {
        path: path.to_path_buf(),
        problem,
    })?;
    Ok(len)
}

/// The bytes of `path`: a regular file of at most `max_bytes`. `progress` gets bytes read
/// so far and the length.
pub fn read_bytes(
    path: &Path,
    max_bytes: u64,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Vec<u8>, ReadError> {
    let (handle, len) = open_regular(path, max_bytes)?;
    let failed = |problem: Problem| ReadError {
        path: path.to_path_buf(),
        problem,
    };
    fits_in_memory(len).map_err(failed)?;
    read_from(handle, len, max_bytes, progress).map_err(failed)
}

/// The text of `path` (UTF-8): see `read_bytes`.
pub fn read_text(
    path: &Path,
    max_bytes: u64,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<String, ReadError> {
    let bytes = read_bytes(path, max_bytes, progress)?;
    String::from_utf8(bytes).map_err(|err| ReadError {
        path: path.to_path_buf(),
        problem: Problem::NotUtf8 {
            offset: err.utf8_error().valid_up_to(),
        },
    })
}

/// Read what `reader` holds, `len` bytes expected and at most `max_bytes` allowed, in steps
/// of 4 MiB (for progress). Memory is reserved fallibly: the expected length at once, and
/// any more (a file that grew) by `read_to_end`, which reports failure as `OutOfMemory`.
fn read_from(
    reader: impl Read,
    len: u64,
    max_bytes: u64,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Vec<u8>, Problem> {
    const STEP: u64 = 4 << 20;
    let out_of_memory = || Problem::OutOfMemory { len };
    let mut bytes = Vec::new();
    let expected = usize::try_from(len).map_err(|_| out_of_memory())?;
    bytes
        .try_reserve_exact(expected)
        .map_err(|_| out_of_memory())?;
    // One byte over the limit is enough to know it grew past it.
    let mut limited = reader.take(max_bytes.saturating_add(1));
    loop {
        let read = (&mut limited)
            .take(STEP)
            .read_to_end(&mut bytes)
            .map_err(|err| match err.kind() {
                std::io::ErrorKind::OutOfMemory => out_of_memory(),
                _ => Problem::of(&err),
            })?;
        if read == 0 {
            break;
        }
        progress(bytes.len() as u64, len);
    }
    if bytes.len() as u64 > max_bytes {
        return Err(Problem::Grew { limit: max_bytes });
    }
    Ok(bytes)
}

/// A text file read a piece at a time, for an import: the whole file is never in memory.
/// Opening it reads it through once to refuse it as `read_text` would (the limit, memory,
/// UTF-8 with the offset of the first bad byte), so that an import reports exactly what it
/// did when it read the file whole, before any parse error further on.
pub struct TextPieces {
    path: PathBuf,
    reader: std::io::Take<File>,
    max_bytes: u64,
    read: u64,
    /// The start of a character cut by the end of a piece.
    carry: Vec<u8>,
}

/// How much an import reads at a time.
const PIECE: usize = 1 << 20;

/// Open `path` for `TextPieces` (see there).
pub fn open_text(path: &Path, max_bytes: u64) -> Result<TextPieces, ReadError> {
    let failed = |problem: Problem| ReadError {
        path: path.to_path_buf(),
        problem,
    };
    let (handle, len) = open_regular(path, max_bytes)?;
    fits_in_memory(len).map_err(failed)?;
    let mut pieces = TextPieces {
        path: path.to_path_buf(),
        reader: handle.take(max_bytes.saturating_add(1)),
        max_bytes,
        read: 0,
        carry: Vec::new(),
    };
    let mut piece = String::new();
    while pieces.next_piece(&mut piece)? {
        piece.clear();
    }
    let (handle, _) = open_regular(path, max_bytes)?;
    pieces.reader = handle.take(max_bytes.saturating_add(1));
    pieces.read = 0;
    Ok(pieces)
}

impl TextPieces {
    fn failed(&self, problem: Problem) -> ReadError {
        ReadError {
            path: self.path.clone(),
            problem,
        }
    }

    /// Append the next piece of text to `out`; false at the end of the file.
    pub fn next_piece(&mut self, out: &mut String) -> Result<bool, ReadError> {
        let mut bytes = std::mem::take(&mut self.carry);
        let before = bytes.len();
        bytes.resize(before + PIECE, 0);
        let n = loop {
            match self.reader.read(&mut bytes[before..]) {
                Ok(n) => break n,
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
                Err(err) => return Err(self.failed(Problem::of(&err))),
            }
        };
        bytes.truncate(before + n);
        let offset = self.read - before as u64;
        self.read += n as u64;
        if self.read > self.max_bytes {
            return Err(self.failed(Problem::Grew {
                limit: self.max_bytes,
            }));
        }
        let valid = match std::str::from_utf8(&bytes) {
            Ok(text) => text.len(),
            // A character cut by the end of the piece is finished by the next one.
            Err(err) if err.error_len().is_none() && n > 0 => err.valid_up_to(),
            Err(err) => {
                let at = usize::try_from(offset).unwrap_or(usize::MAX);
                return Err(self.failed(Problem::NotUtf8 {
                    offset: at.saturating_add(err.valid_up_to()),
                }));
            }
        };
        self.carry = bytes.split_off(valid);
        // Checked just above.
        out.push_str(std::str::from_utf8(&bytes).unwrap_or_default());
        Ok(n > 0)
    }
}

/// The bytes as they are (checked as text on opening), for a parser that reads bytes:
/// serde_json's reader checks the text of strings itself.
impl Read for TextPieces {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.reader.read(buf)?;
        self.read += n as u64;
        if self.read > self.max_bytes {
            return Err(std::io::Error::other(
                Problem::Grew {
                    limit: self.max_bytes,
                }
                .to_string(),
            ));
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("nisso-files-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(size_text(0), "0 KiB");
        assert_eq!(size_text(1), "1 KiB");
        assert_eq!(size_text(1024 * 1024), "1 MiB");
        assert_eq!(size_text(1024 * 1024 + 1), "2 MiB");
        assert_eq!(size_text(30_000_000_000), "27.9 GiB");
    }

    #[test]
    fn memory_that_cannot_be_had_is_an_error_not_an_abort() {
        let wanted = u64::MAX / 2;
        let problem = read_from(std::io::empty(), wanted, u64::MAX, &mut |_, _| {});
        assert_eq!(problem, Err(Problem::OutOfMemory { len: wanted }));
        assert!(fits_in_memory(u64::MAX).is_err());
        assert!(fits_in_memory(1024).is_ok());
    }

    #[test]
    fn a_file_that_grows_past_the_limit_is_refused() {
        let grown = read_from(&[b'x'; 100][..], 10, 50, &mut |_, _| {});
        assert_eq!(grown, Err(Problem::Grew { limit: 50 }));
        let whole = read_from(&[b'x'; 50][..], 10, 50, &mut |_, _| {});
        assert_eq!(whole.map(|b| b.len()), Ok(50));
    }

    #[test]
    fn only_regular_files_within_the_limit_are_opened() {
        let dir = temp("kinds");
        let file = dir.join("a.txt");
        std::fs::write(&file, "hello").unwrap();
        assert_eq!(read_text(&file, 5, &mut |_, _| {}).unwrap(), "hello");
        let too_large = read_text(&file, 4, &mut |_, _| {}).unwrap_err();
        assert_eq!(too_large.problem, Problem::TooLarge { len: 5, limit: 4 });
        assert_eq!(
            read_bytes(&dir, 10, &mut |_, _| {}).unwrap_err().problem,
            Problem::Directory
        );
        assert_eq!(
            read_bytes(&dir.join("none"), 10, &mut |_, _| {})
                .unwrap_err()
                .problem,
            Problem::Missing
        );
        std::fs::write(dir.join("latin1.txt"), b"caf\xe9").unwrap();
        assert_eq!(
            read_text(&dir.join("latin1.txt"), 10, &mut |_, _| {})
                .unwrap_err()
                .problem,
            Problem::NotUtf8 { offset: 3 }
        );
        #[cfg(unix)]
        {
            // A symlink is followed, and what it leads to is checked.
            let link = dir.join("zero");
            std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
            let error = read_bytes(&link, u64::MAX, &mut |_, _| {}).unwrap_err();
            assert_eq!(error.problem, Problem::NotRegular);
            assert!(error.to_string().contains("zero: not a regular file"));
            let fine = dir.join("to-a");
            std::os::unix::fs::symlink(&file, &fine).unwrap();
            assert_eq!(read_text(&fine, 5, &mut |_, _| {}).unwrap(), "hello");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
