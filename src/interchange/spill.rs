//! Records an import has made, written to a temporary file as they are made and read back
//! in order (or one at a time by place): an import of many small rows cannot hold its
//! entities, each several hundred bytes in memory against a row of thirty in the file.
//!
//! Each record is one line of compact JSON. The file is removed as soon as it is made
//! (it lives while it is open, and nothing is left behind by a killed import); where no
//! temporary file can be made, the records are held in memory instead.

use serde::Serialize;
use serde::de::DeserializeOwned;
use std::borrow::Cow;
use std::cell::RefCell;
use std::fs::File;
use std::io::{self, BufRead, BufWriter, Read, Write};
use std::marker::PhantomData;
use std::ops::ControlFlow;

/// Where the records are.
enum Backing {
    /// A temporary file, already unlinked: written through `writer`, read at places.
    File { file: File, writer: BufWriter<File> },
    /// No temporary file could be made.
    Memory(Vec<u8>),
}

/// Records between two whose start is kept: a record read by place is found by reading on
/// from the last kept start (places are read rarely, and a start for each took eight bytes
/// a record).
const STRIDE: usize = 16;

/// Records of type `T`, written in order, then read back.
pub struct Spill<T> {
    backing: Option<Backing>,
    /// Where every `STRIDE`th record starts, when they are read by place.
    starts: Option<Vec<u64>>,
    /// Bytes written.
    size: u64,
    count: usize,
    /// The reused buffer a record is written into first.
    line: Vec<u8>,
    /// The first error while writing or reading: the reader's methods cannot return one.
    error: RefCell<Option<io::Error>>,
    kind: PhantomData<fn() -> T>,
}

impl<T> Default for Spill<T> {
    fn default() -> Self {
        Spill {
            backing: None,
            starts: None,
            size: 0,
            count: 0,
            line: Vec::new(),
            error: RefCell::new(None),
            kind: PhantomData,
        }
    }
}

impl<T: Serialize + DeserializeOwned> Spill<T> {
    /// Records to be read back by place as well as in order (`fetch`).
    pub fn by_place() -> Self {
        Spill {
            starts: Some(Vec::new()),
            ..Spill::default()
        }
    }

    /// How many records there are.
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Add a record after the others.
    pub fn push(&mut self, record: &T) {
        self.line.clear();
        if let Err(error) = serde_json::to_writer(&mut self.line, record) {
            self.fail(error.into());
            return;
        }
        self.line.push(b'\n');
        let backing = self.backing.get_or_insert_with(make_backing);
        let written = match backing {
            Backing::File { writer, .. } => writer.write_all(&self.line),
            Backing::Memory(bytes) => {
                bytes.extend_from_slice(&self.line);
                Ok(())
            }
        };
        if let Err(error) = written {
            self.fail(error);
            return;
        }
        if let Some(starts) = &mut self.starts
            && self.count.is_multiple_of(STRIDE)
        {
            starts.push(self.size);
        }
        self.size += self.line.len() as u64;
        self.count += 1;
    }

    /// Write out what is buffered: call once every record is pushed, before reading.
    pub fn flush(&mut self) {
        if let Some(starts) = &mut self.starts {
            starts.shrink_to_fit();
        }
        if let Some(Backing::File { writer, .. }) = &mut self.backing
            && let Err(error) = writer.flush()
        {
            self.fail(error);
        }
    }

    /// The first error writing or reading met, if any: the records read after it are
    /// missing, so the import must fail.
    pub fn take_error(&self) -> Option<io::Error> {
        self.error.borrow_mut().take()
    }

    /// Keep the first error met (what comes after it is missing).
    pub(crate) fn fail(&self, error: io::Error) {
        self.error.borrow_mut().get_or_insert(error);
    }

    /// Each record with its place, in order, until `visit` breaks.
    pub fn each(&self, visit: &mut dyn FnMut(usize, T) -> ControlFlow<()>) {
        let Some(backing) = &self.backing else { return };
        let mut reader = io::BufReader::with_capacity(
            1 << 16,
            At {
                backing,
                at: 0,
                end: self.size,
            },
        );
        let mut line = Vec::new();
        for i in 0..self.count {
            line.clear();
            match reader.read_until(b'\n', &mut line) {
                Ok(0) => {
                    self.fail(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "the temporary file is shorter than what was written to it",
                    ));
                    return;
                }
                Ok(_) => {}
                Err(error) => {
                    self.fail(error);
                    return;
                }
            }
            match serde_json::from_slice::<T>(line.trim_ascii_end()) {
                Ok(record) => {
                    if visit(i, record).is_break() {
                        return;
                    }
                }
                Err(error) => {
                    self.fail(error.into());
                    return;
                }
            }
        }
    }

    /// The record at `i`, when the records are kept by place (`by_place`).
    pub fn fetch(&self, i: usize) -> Option<T> {
        let (backing, starts) = (self.backing.as_ref()?, self.starts.as_ref()?);
        if i >= self.count {
            return None;
        }
        let at = At {
            backing,
            at: starts[i / STRIDE],
            end: self.size,
        };
        let mut reader = io::BufReader::with_capacity(4096, at);
        let mut line = Vec::new();
        let read = (0..=i % STRIDE)
            .try_for_each(|_| {
                line.clear();
                match reader.read_until(b'\n', &mut line)? {
                    0 => Err(io::ErrorKind::UnexpectedEof.into()),
                    _ => Ok(()),
                }
            })
            .and_then(|()| serde_json::from_slice(line.trim_ascii_end()).map_err(Into::into));
        read.map_err(|error| self.fail(error)).ok()
    }
}

/// A temporary file, unlinked at once; memory when none can be made.
fn make_backing() -> Backing {
    match temporary_file() {
        Ok(file) => match file.try_clone() {
            Ok(for_writing) => Backing::File {
                file,
                writer: BufWriter::with_capacity(1 << 16, for_writing),
            },
            Err(_) => Backing::Memory(Vec::new()),
        },
        Err(_) => Backing::Memory(Vec::new()),
    }
}

/// A new file in the temporary directory, readable only by its owner, already removed.
fn temporary_file() -> io::Result<File> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static MADE: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir();
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    for _ in 0..16 {
        let name = format!(
            ".nisso-import.{}.{}",
            std::process::id(),
            MADE.fetch_add(1, Ordering::Relaxed)
        );
        let path = dir.join(name);
        match options.open(&path) {
            Ok(file) => {
                // Unlinked while open: the space goes back when the import ends, however
                // it ends.
                std::fs::remove_file(&path)?;
                return Ok(file);
            }
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error),
        }
    }
    Err(io::Error::other("no free temporary file name"))
}

/// A reader of the records from a place, that leaves the file's own position alone: the
/// records are read in order while single ones are fetched in between.
struct At<'b> {
    backing: &'b Backing,
    at: u64,
    end: u64,
}

impl Read for At<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = (self.end - self.at).min(buf.len() as u64) as usize;
        if left == 0 {
            return Ok(0);
        }
        let read = match self.backing {
            Backing::File { file, .. } => read_at(file, &mut buf[..left], self.at)?,
            Backing::Memory(bytes) => {
                let from = &bytes[self.at as usize..self.at as usize + left];
                buf[..left].copy_from_slice(from);
                left
            }
        };
        self.at += read as u64;
        Ok(read)
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], at: u64) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, at)
}

#[cfg(windows)]
fn read_at(file: &File, buf: &mut [u8], at: u64) -> io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, at)
}

/// The import's entities, read by `check` and written out from where they are.
impl crate::check::Entities for Spill<crate::model::Entity> {
    fn count(&self) -> usize {
        self.count
    }

    fn each(&self, visit: &mut dyn FnMut(usize, &crate::model::Entity) -> ControlFlow<()>) {
        Spill::each(self, &mut |i, entity| visit(i, &entity));
    }

    fn fetch(&self, i: usize) -> Cow<'_, crate::model::Entity> {
        // A record that cannot be read back is reported through `take_error`; until then
        // an empty entity stands in for it.
        Cow::Owned(Spill::fetch(self, i).unwrap_or_else(|| {
            crate::model::Entity::new(String::new(), crate::model::Kind::Event, String::new())
        }))
    }

    fn in_memory(&self) -> Option<&[crate::model::Entity]> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ops::ControlFlow::Continue;

    #[test]
    fn records_come_back_in_order_and_by_place() {
        let mut spill: Spill<(usize, String)> = Spill::by_place();
        for i in 0..10_000 {
            spill.push(&(i, format!("line {i}\nwith a break and \"quotes\"")));
        }
        spill.flush();
        let mut seen = 0;
        spill.each(&mut |i, (n, text)| {
            assert_eq!(
                (i, text),
                (n, format!("line {n}\nwith a break and \"quotes\""))
            );
            // Fetching between records read in order leaves the order alone.
            assert_eq!(spill.fetch(9_999 - i).map(|r| r.0), Some(9_999 - i));
            seen += 1;
            Continue(())
        });
        assert_eq!(seen, 10_000);
        assert!(spill.take_error().is_none());
        assert!(spill.fetch(10_000).is_none());
    }

    #[test]
    fn reading_stops_when_told() {
        let mut spill: Spill<u32> = Spill::default();
        (0..100).for_each(|n| spill.push(&n));
        spill.flush();
        let mut seen = Vec::new();
        spill.each(&mut |_, n| {
            seen.push(n);
            if n == 2 {
                ControlFlow::Break(())
            } else {
                Continue(())
            }
        });
        assert_eq!(seen, [0, 1, 2]);
    }
}
