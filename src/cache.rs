//! The dataset cache: a dataset file, parsed, checked and indexed once, kept in the
//! platform's cache directory as a binary file named after the source's content hash.
//!
//! Opening a cached dataset maps the file and decodes only the lookups and the search
//! index; an entity's record (JSON) is decoded the first time it is shown. A cache is never
//! trusted blindly: its header names the format, the build and the source's hash and
//! length, and a checksum covers every byte after the header but the entity records, each
//! of which has its own checksum, checked when it is decoded (so opening a large cache
//! reads its lookups and index, not every record). Anything that does not match — another
//! format, a damaged byte, a cut-short file, an impossible value — makes the caller rebuild
//! it from the source; a damaged record shows as unreadable.

use crate::codec::{In, Out};
use crate::dataset::{Catalog, Columns, Derived, LinkList, LinkRef, Parts};
use crate::model::Dataset;
use crate::records::{Bytes, Records, RecordsIn, SourceSpans};
use crate::search::SearchIndex;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Files smaller than this parse in a few milliseconds: caching them would only litter.
pub const MIN_SOURCE_BYTES: u64 = 1024 * 1024;
/// Caches kept; older ones (by last use) are removed when a new one is written.
const KEEP: usize = 8;
const MAGIC: &[u8; 12] = b"nisso-cache\n";
/// The layout's fingerprint: `layout_fingerprint()` as committed. A unit test recomputes
/// it, so any change to what a cache holds or how (sections, codecs, records, the search
/// index and vocabulary) fails until this is set to the new value, which it prints.
const LAYOUT: u64 = 0xc77d_ddc4_47c2_60c4;
/// The format version in each cache's header, derived from the layout's fingerprint: it
/// changes exactly when the layout does, never by a hand that may forget.
const FORMAT: u32 = (LAYOUT ^ (LAYOUT >> 32)) as u32;
const HEADER: usize = 12 + 4 + 8 + 16 + 8 + 8 + 8;

/// The content hash of a dataset file (XXH3, 128 bits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceHash {
    pub hash: u128,
    pub len: u64,
}

impl SourceHash {
    pub fn of(bytes: &[u8]) -> SourceHash {
        SourceHash::of_parts([bytes])
    }

    /// The hash of several pieces as if they were one text (the embedded dataset's files).
    pub fn of_parts<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> SourceHash {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        let mut len = 0u64;
        for part in parts {
            hasher.update(part);
            len += part.len() as u64;
        }
        SourceHash {
            hash: hasher.digest128(),
            len,
        }
    }

    /// Hash a file as it is read, without keeping it; `progress` gets bytes read so far.
    pub fn of_file(path: &Path, mut progress: impl FnMut(u64)) -> std::io::Result<SourceHash> {
        // Read through the checked reader's handle: a FIFO put in the file's place since it
        // was checked is refused, not waited on.
        let (mut file, _) = crate::files::open_regular(path, u64::MAX)
            .map_err(|err| std::io::Error::other(err.problem.to_string()))?;
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        let mut buffer = vec![0u8; 1 << 20];
        let mut len = 0u64;
        loop {
            let read = file.read(&mut buffer)?;
            if read == 0 {
                break;
            }
            hasher.update(&buffer[..read]);
            len += read as u64;
            progress(len);
        }
        Ok(SourceHash {
            hash: hasher.digest128(),
            len,
        })
    }
}

/// What the file system says of a source file (device, inode, size, modification and
/// change times to the nanosecond): while it stays the same, the file's content hash is
/// taken from the stamp remembered with it instead of reading the whole file again, as
/// git's index does. The change time cannot be set by hand, so an edit always shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp([i64; 7]);

/// A stamp is not written for a file changed this recently: a write within the file
/// system's timestamp granularity after it could leave the same stamp on other content.
const SETTLED_SECONDS: i64 = 2;

impl Stamp {
    #[cfg(unix)]
    pub fn of(path: &Path) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(path).ok()?;
        Some(Stamp([
            meta.dev() as i64,
            meta.ino() as i64,
            meta.len() as i64,
            meta.mtime(),
            meta.mtime_nsec(),
            meta.ctime(),
            meta.ctime_nsec(),
        ]))
    }

    #[cfg(not(unix))]
    pub fn of(_path: &Path) -> Option<Stamp> {
        None
    }

    /// Whether the file still bears this stamp, and bore it long enough that no change
    /// could hide behind it: what was read of it before is what it holds.
    pub fn still_holds(&self, path: &Path) -> bool {
        self.settled() && Stamp::of(path).as_ref() == Some(self)
    }

    fn settled(&self) -> bool {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        now - self.0[3].max(self.0[5]) >= SETTLED_SECONDS
    }
}

/// Where the stamp of a source file is kept (named by its canonical path's hash).
fn stamp_path(dir: &Path, source: &Path) -> Option<PathBuf> {
    let canonical = std::fs::canonicalize(source).ok()?;
    let key = xxhash_rust::xxh3::xxh3_128(canonical.as_os_str().as_encoded_bytes());
    Some(dir.join("stamps").join(format!("{key:032x}")))
}

/// The content hash remembered for `source` with this very stamp, if any.
pub fn remembered(dir: &Path, source: &Path, stamp: &Stamp) -> Option<SourceHash> {
    let path = stamp_path(dir, source)?;
    let (mut file, _) = crate::files::open_regular(&path, 1024).ok()?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).ok()?;
    let mut read = In::new(&bytes);
    for field in stamp.0 {
        if read.u64()? as i64 != field {
            return None;
        }
    }
    let hash = u128::from_le_bytes(read.take(16)?.try_into().ok()?);
    let len = read.u64()?;
    (read.bytes.is_empty() && len == stamp.0[2] as u64).then_some(SourceHash { hash, len })
}

/// Remember `hash` as the content of `source` while it keeps `stamp` (best effort: without
/// it the file is only hashed again).
pub fn remember(dir: &Path, source: &Path, stamp: &Stamp, hash: &SourceHash) {
    if !stamp.settled() || hash.len != stamp.0[2] as u64 {
        return;
    }
    let Some(path) = stamp_path(dir, source) else {
        return;
    };
    let mut out = Out::default();
    for field in stamp.0 {
        out.u64(field as u64);
    }
    out.0.extend_from_slice(&hash.hash.to_le_bytes());
    out.u64(hash.len);
    let written = path
        .parent()
        .map(std::fs::create_dir_all)
        .transpose()
        .and_then(|_| {
            let temporary = path.with_extension("new");
            std::fs::write(&temporary, &out.0)?;
            std::fs::rename(&temporary, &path)
        });
    drop(written);
}

/// Where caches live: `NISSO_CACHE_DIR` if set (tests, or a user who wants them
/// elsewhere), else the platform's cache directory (`~/.cache/nisso` on Linux). None when
/// there is no home to put it in, or `NISSO_CACHE_DIR` is empty (caching off).
pub fn directory() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("NISSO_CACHE_DIR") {
        return (!dir.is_empty()).then(|| PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "nisso").map(|dirs| dirs.cache_dir().to_path_buf())
}

/// The cache file for a source's content.
pub fn path_for(dir: &Path, source: &SourceHash) -> PathBuf {
    dir.join(format!("{:032x}.cache", source.hash))
}

/// The package version, so a cache written by another release is rebuilt even where the
/// layout is the same (the layout's own changes are `FORMAT`'s).
fn build_tag() -> u64 {
    xxhash_rust::xxh3::xxh3_64(env!("CARGO_PKG_VERSION").as_bytes())
}

/// Sections of a cache, in order; the trailer gives each one's place.
const SECTIONS: usize = 9;
/// The first word of the record offsets: where the records are.
const RECORDS_IN_CACHE: u64 = 0;
const RECORDS_IN_SOURCE: u64 = 1;

/// A writer that hashes what passes through it and counts it.
struct Hashing<W: Write> {
    inner: W,
    hasher: xxhash_rust::xxh3::Xxh3,
    written: u64,
    /// Off while the records pass: each has its own checksum, checked when it is read.
    hashing: bool,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let count = self.inner.write(bytes)?;
        if self.hashing {
            self.hasher.update(&bytes[..count]);
        }
        self.written += count as u64;
        Ok(count)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Encode a checked catalog and its index for `source` into `out`, streaming: entity
/// records are written one by one, never held all at once, so caching a large dataset
/// costs little memory beyond the dataset itself. The payload's sections come first, then
/// a trailer with each section's place; the header (written last, at the start) holds the
/// payload's length and checksum.
pub fn encode_into<W: Write + std::io::Seek>(
    out: W,
    catalog: &Catalog,
    index: &SearchIndex,
    source: &SourceHash,
    in_source: Option<&SourceSpans>,
) -> std::io::Result<W> {
    encode_catalog(out, catalog, in_source)?.finish(index, source)
}

/// A cache written up to its search index: everything the catalog alone gives.
pub struct CatalogPart<W: Write> {
    out: Hashing<W>,
    spans: Vec<(u64, u64)>,
}

fn section<W: Write>(
    out: &mut Hashing<W>,
    spans: &mut Vec<(u64, u64)>,
    bytes: &[u8],
) -> std::io::Result<()> {
    spans.push((out.written, bytes.len() as u64));
    out.write_all(bytes)
}

/// The first part of `encode_into`: the sections the catalog gives, so that they can be
/// written while the search index is still being built.
pub fn encode_catalog<W: Write>(
    out: W,
    catalog: &Catalog,
    in_source: Option<&SourceSpans>,
) -> std::io::Result<CatalogPart<W>> {
    let mut out = Hashing {
        inner: out,
        hasher: xxhash_rust::xxh3::Xxh3::new(),
        written: 0,
        hashing: true,
    };
    out.inner.write_all(&[0u8; HEADER])?;
    let mut spans: Vec<(u64, u64)> = Vec::with_capacity(SECTIONS);
    let rest = Dataset {
        meta: catalog.meta().cloned(),
        eras: catalog.eras().to_vec(),
        entities: Vec::new(),
        borders: catalog.borders().to_vec(),
    };
    section(
        &mut out,
        &mut spans,
        &serde_json::to_vec(&rest).map_err(std::io::Error::other)?,
    )?;
    section(&mut out, &mut spans, &encode_columns(catalog.columns()))?;
    section(&mut out, &mut spans, &encode_derived(catalog.derived()))?;
    // Ids: offsets, then the text, so an id is read without decoding its entity.
    let mut id_offsets = Out::default();
    let mut ids = Vec::new();
    for entity in catalog.entity_indices() {
        id_offsets.u64(ids.len() as u64);
        ids.extend_from_slice(catalog.id(entity).as_bytes());
    }
    id_offsets.u64(ids.len() as u64);
    section(&mut out, &mut spans, &id_offsets.0)?;
    section(&mut out, &mut spans, &ids)?;
    drop(ids);
    // Records: one JSON object per entity, decoded when first shown. A dataset file's
    // records are read from the file itself (its content is this cache's key, and each
    // record's checksum is kept here): writing a second copy of a large file's text was
    // most of the time a first open took. Otherwise (the embedded dataset) they are here,
    // with their offsets after them, as they are known only once written. Either way the
    // records are left out of the file's checksum (opening a large cache would otherwise
    // read every byte of them): each has its own, checked when it is decoded.
    let records_start = out.written;
    let mut offsets = Out::default();
    let mut checksums = Out::default();
    match in_source.filter(|spans| spans.len() == catalog.entity_count()) {
        Some(source_spans) => {
            offsets.u64(RECORDS_IN_SOURCE);
            for &at in &source_spans.bounds {
                offsets.u64(at);
            }
            for &checksum in &source_spans.checksums {
                checksums.u64(checksum);
            }
        }
        None => {
            offsets.u64(RECORDS_IN_CACHE);
            let mut record = Vec::new();
            out.hashing = false;
            for entity in catalog.entity_indices() {
                offsets.u64(out.written - records_start);
                record.clear();
                serde_json::to_writer(&mut record, catalog.entity(entity))
                    .map_err(std::io::Error::other)?;
                checksums.u64(xxhash_rust::xxh3::xxh3_64(&record));
                out.write_all(&record)?;
            }
            out.hashing = true;
            offsets.u64(out.written - records_start);
        }
    }
    let records = (records_start, out.written - records_start);
    section(&mut out, &mut spans, &offsets.0)?;
    spans.push(records);
    section(&mut out, &mut spans, &checksums.0)?;
    Ok(CatalogPart { out, spans })
}

impl<W: Write + std::io::Seek> CatalogPart<W> {
    /// The rest of `encode_into`: the search index, the trailer, and the header.
    pub fn finish(self, index: &SearchIndex, source: &SourceHash) -> std::io::Result<W> {
        let (head, vocabulary) = index.encode_parts();
        self.finish_with(&head, vocabulary, source)
    }

    /// `finish` from the index's binary form (`SearchIndex::encode_parts`).
    fn finish_with(
        self,
        head: &[u8],
        vocabulary: &[u8],
        source: &SourceHash,
    ) -> std::io::Result<W> {
        let CatalogPart { mut out, mut spans } = self;
        spans.push((out.written, (head.len() + vocabulary.len()) as u64));
        out.write_all(head)?;
        out.write_all(vocabulary)?;
        let mut trailer = Out::default();
        for (start, len) in &spans {
            trailer.u64(*start);
            trailer.u64(*len);
        }
        out.write_all(&trailer.0)?;

        let checksum = out.hasher.digest();
        let payload_len = out.written;
        let mut file = out.inner;
        let mut header = Vec::with_capacity(HEADER);
        header.extend_from_slice(MAGIC);
        header.extend_from_slice(&FORMAT.to_le_bytes());
        header.extend_from_slice(&build_tag().to_le_bytes());
        header.extend_from_slice(&source.hash.to_le_bytes());
        header.extend_from_slice(&source.len.to_le_bytes());
        header.extend_from_slice(&payload_len.to_le_bytes());
        header.extend_from_slice(&checksum.to_le_bytes());
        file.seek(std::io::SeekFrom::Start(0))?;
        file.write_all(&header)?;
        Ok(file)
    }
}

/// A fingerprint of the cache layout: the hash of the payload (everything after the header,
/// whose fields are fixed) of a fixed synthetic catalog's cache. It covers every section,
/// the codecs, the entity records' JSON and the search index; a new record field the
/// synthetic data never fills is not seen (synthetic.rs fills every field it can).
#[doc(hidden)]
pub fn layout_fingerprint() -> u64 {
    let catalog = Catalog::new(crate::synthetic::generate(64, 1));
    let index = SearchIndex::new(&catalog);
    let bytes = encode(&catalog, &index, &SourceHash { hash: 0, len: 0 });
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(&(HEADER as u64).to_le_bytes());
    hasher.update(bytes.get(HEADER..).unwrap_or_default());
    hasher.digest()
}

/// The whole cache in memory (tests).
pub fn encode(catalog: &Catalog, index: &SearchIndex, source: &SourceHash) -> Vec<u8> {
    encode_into(
        std::io::Cursor::new(Vec::new()),
        catalog,
        index,
        source,
        None,
    )
    .map(std::io::Cursor::into_inner)
    .unwrap_or_default()
}

/// Write the cache for `source` at `path` atomically: into a temporary file beside it,
/// then renamed over it, so a reader never sees half a cache and two writers never mix.
/// Not flushed to disk first: after a crash a cut-short cache fails its checksum and is
/// rebuilt, so durability would only cost time. Then the oldest caches beyond the few
/// kept are removed. With `in_source`, the records are left in the dataset file they were
/// parsed from (the cache is then opened with it).
pub fn write(
    path: &Path,
    catalog: &Catalog,
    index: &SearchIndex,
    source: &SourceHash,
    in_source: Option<&SourceSpans>,
) -> std::io::Result<()> {
    begin_write(path, catalog, in_source)?.finish(index, source)
}

/// A cache being written: the catalog's sections are in its temporary file; the index's
/// come with `finish`. Dropped unfinished, the temporary file is removed.
pub struct PendingWrite {
    path: PathBuf,
    temporary: PathBuf,
    part: Option<CatalogPart<std::io::BufWriter<std::fs::File>>>,
}

/// The first half of `write`: the sections the catalog gives, written while the search
/// index may still be building.
pub fn begin_write(
    path: &Path,
    catalog: &Catalog,
    in_source: Option<&SourceSpans>,
) -> std::io::Result<PendingWrite> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let temporary = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("cache"),
        std::process::id()
    ));
    let mut pending = PendingWrite {
        path: path.to_path_buf(),
        temporary,
        part: None,
    };
    let file =
        std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&pending.temporary)?);
    pending.part = Some(encode_catalog(file, catalog, in_source)?);
    Ok(pending)
}

impl PendingWrite {
    /// The second half of `write`: the index, the header, the rename.
    pub fn finish(self, index: &SearchIndex, source: &SourceHash) -> std::io::Result<()> {
        let (head, vocabulary) = index.encode_parts();
        self.finish_from(&head, vocabulary, source)
    }

    /// `finish` from an index's detached binary form, on any thread.
    pub fn finish_detached(
        self,
        index: &crate::search::IndexBytes,
        source: &SourceHash,
    ) -> std::io::Result<()> {
        self.finish_from(&index.head, index.vocabulary(), source)
    }

    fn finish_from(
        mut self,
        head: &[u8],
        vocabulary: &[u8],
        source: &SourceHash,
    ) -> std::io::Result<()> {
        let part = self
            .part
            .take()
            .ok_or_else(|| std::io::Error::other("the cache was not begun"))?;
        let mut file = part.finish_with(head, vocabulary, source)?;
        file.flush()?;
        drop(file);
        std::fs::rename(&self.temporary, &self.path)?;
        let dir = self.path.parent().unwrap_or(Path::new("."));
        prune(dir, &self.path);
        Ok(())
    }
}

impl Drop for PendingWrite {
    fn drop(&mut self) {
        // Unfinished or failed: no temporary file is left behind (after a rename there is
        // none to remove).
        let _ = std::fs::remove_file(&self.temporary);
    }
}

/// Keep the `KEEP` most recently used caches.
fn prune(dir: &Path, keep: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .collect();
    // A temporary file a nisso left when it was killed while writing (hundreds of
    // megabytes at a million entities): gone once it is clearly nobody's work in progress.
    for path in &paths {
        if is_stale_temporary(path) {
            let _ = std::fs::remove_file(path);
        }
    }
    let mut caches: Vec<(std::time::SystemTime, PathBuf)> = paths
        .into_iter()
        .filter(|path| path.extension().is_some_and(|ext| ext == "cache") && path != keep)
        .filter_map(|path| Some((std::fs::metadata(&path).ok()?.modified().ok()?, path)))
        .collect();
    caches.sort_by_key(|c| std::cmp::Reverse(c.0));
    for (_, path) in caches.into_iter().skip(KEEP - 1) {
        let _ = std::fs::remove_file(path);
    }
}

/// How long a temporary cache file may go unchanged before it counts as left behind: a
/// write in progress changes it every few milliseconds.
const STALE_TEMPORARY: std::time::Duration = std::time::Duration::from_secs(600);

/// A `.NAME.cache.PID.tmp` file (see `begin_write`) not written to for `STALE_TEMPORARY`.
fn is_stale_temporary(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    if !(name.starts_with('.') && name.ends_with(".tmp") && name.contains(".cache.")) {
        return false;
    }
    std::fs::symlink_metadata(path)
        .ok()
        .filter(std::fs::Metadata::is_file)
        .and_then(|meta| meta.modified().ok())
        .and_then(|modified| modified.elapsed().ok())
        .is_some_and(|age| age > STALE_TEMPORARY)
}

/// Why an existing cache was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// There is none (the usual first time).
    Missing,
    /// It exists but is damaged, cut short, or from another format or build.
    Damaged(String),
}

/// Open the cache at `path` for `source`, the dataset file `source_file` (whose records a
/// cache may read from it): the catalog (entities read on demand) and the search index.
/// Every check described in the module comment is made here.
pub fn open(
    path: &Path,
    source: &SourceHash,
    source_file: Option<std::fs::File>,
) -> Result<(Catalog, SearchIndex), Refused> {
    let damaged = |why: &str| Refused::Damaged(why.to_string());
    // Through the checked reader: a cache that is a FIFO, a device or a directory is
    // damaged (and rebuilt), never waited on or read without end. It is mapped, not read
    // into memory, so its size needs no limit here; the header says how long it must be.
    let mut file = match crate::files::open_regular(path, u64::MAX) {
        Ok((file, _)) => file,
        Err(err) if err.problem == crate::files::Problem::Missing => {
            return Err(Refused::Missing);
        }
        Err(err) => return Err(Refused::Damaged(err.problem.to_string())),
    };
    // The checksum is computed by reading the file, not through the mapping: the pages
    // stay in the system's file cache instead of counting as this process's memory.
    let mut header = [0u8; HEADER];
    file.read_exact(&mut header)
        .map_err(|_| damaged("shorter than its header"))?;
    let mut fields = In::new(&header);
    let magic = fields.take(12).unwrap_or_default();
    let format = fields.u32().unwrap_or_default();
    let build = fields.u64().unwrap_or_default();
    let hash = fields
        .take(16)
        .and_then(|b| <[u8; 16]>::try_from(b).ok())
        .map(u128::from_le_bytes)
        .unwrap_or_default();
    let source_len = fields.u64().unwrap_or_default();
    let payload_len = fields.u64().unwrap_or_default();
    let checksum = fields.u64().unwrap_or_default();
    if magic != MAGIC || format != FORMAT || build != build_tag() {
        return Err(damaged("written by another version"));
    }
    if hash != source.hash || source_len != source.len {
        return Err(damaged("made from other content"));
    }
    let file_len = file.metadata().map_err(|e| damaged(&e.to_string()))?.len();
    if file_len != HEADER as u64 + payload_len {
        return Err(damaged("cut short or grown"));
    }
    if checksum_of_file(&mut file, payload_len).map_err(|e| damaged(&e.to_string()))?
        != Some(checksum)
    {
        return Err(damaged("checksum mismatch"));
    }
    // SAFETY: the file is private to nisso's cache directory and only ever replaced by
    // rename, never rewritten in place, so the mapped bytes do not change under us; all
    // reads from the mapping are bounds-checked.
    #[allow(unsafe_code)]
    let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| damaged(&e.to_string()))?;
    decode(Bytes::Mapped(map, path.to_path_buf()), source, source_file)
        .ok_or_else(|| damaged("inconsistent contents"))
}

/// Decode a whole cache held in memory (tests, and a cache just written).
pub fn open_bytes(bytes: Vec<u8>, source: &SourceHash) -> Option<(Catalog, SearchIndex)> {
    header_fits(&bytes, source)?;
    decode(Bytes::Heap(bytes), source, None)
}

/// Decode a cache compiled into the binary (the embedded dataset's, `assets/dataset.cache`):
/// checked like any other, so a stale one is refused and the dataset parsed instead.
pub fn open_static(bytes: &'static [u8], source: &SourceHash) -> Option<(Catalog, SearchIndex)> {
    header_fits(bytes, source)?;
    decode(Bytes::Static(bytes), source, None)
}

/// Whether a whole cache's header names this format, build and source, and its checksum
/// covers the rest.
fn header_fits(bytes: &[u8], source: &SourceHash) -> Option<()> {
    let mut fields = In::new(bytes.get(..HEADER)?);
    let fits = fields.take(12)? == MAGIC
        && fields.u32()? == FORMAT
        && fields.u64()? == build_tag()
        && u128::from_le_bytes(fields.take(16)?.try_into().ok()?) == source.hash
        && fields.u64()? == source.len
        && fields.u64()? == (bytes.len() - HEADER) as u64
        && Some(fields.u64()?) == checksum_of_payload(&bytes[HEADER..]);
    fits.then_some(())
}

/// Where the records lie in a payload (relative to it), as its trailer says; None when the
/// trailer cannot be so (it is checked by the checksum it decides the reach of).
fn records_span(trailer: &[u8], payload_len: u64) -> Option<(u64, u64)> {
    const RECORDS: usize = 6;
    let mut read = In::new(trailer.get(RECORDS * 16..RECORDS * 16 + 16)?);
    let (from, len) = (read.u64()?, read.u64()?);
    let to = from.checked_add(len)?;
    (to <= payload_len).then_some((from, to))
}

/// The checksum of a payload in memory: every byte but the records' (None when its
/// trailer cannot place them). Public for the tests that forge caches.
#[doc(hidden)]
pub fn checksum_of_payload(payload: &[u8]) -> Option<u64> {
    let trailer = payload.get(payload.len().checked_sub(SECTIONS * 16)?..)?;
    let (from, to) = records_span(trailer, payload.len() as u64)?;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(&payload[..from as usize]);
    hasher.update(&payload[to as usize..]);
    Some(hasher.digest())
}

/// The checksum of a cache file's payload (the file positioned after its header), read
/// in pieces around the records, which are never read here.
fn checksum_of_file(file: &mut std::fs::File, payload_len: u64) -> std::io::Result<Option<u64>> {
    use std::io::{Seek, SeekFrom};
    let Some(trailer_at) = payload_len.checked_sub((SECTIONS * 16) as u64) else {
        return Ok(None);
    };
    let mut trailer = vec![0u8; SECTIONS * 16];
    file.seek(SeekFrom::Start(HEADER as u64 + trailer_at))?;
    file.read_exact(&mut trailer)?;
    let Some((from, to)) = records_span(&trailer, payload_len) else {
        return Ok(None);
    };
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut buffer = vec![0u8; 1 << 20];
    for (start, end) in [(0, from), (to, payload_len)] {
        file.seek(SeekFrom::Start(HEADER as u64 + start))?;
        let mut left = end - start;
        while left > 0 {
            let want = buffer
                .len()
                .min(usize::try_from(left).unwrap_or(usize::MAX));
            file.read_exact(&mut buffer[..want])?;
            hasher.update(&buffer[..want]);
            left -= want as u64;
        }
    }
    Ok(Some(hasher.digest()))
}

/// Byte range of a section in the file.
type Span = (usize, usize);

fn decode(
    bytes: Bytes,
    source: &SourceHash,
    source_file: Option<std::fs::File>,
) -> Option<(Catalog, SearchIndex)> {
    let start = HEADER;
    // The trailer: each section's start and length, relative to the payload.
    let payload = bytes.get(start..)?;
    let trailer_at = payload.len().checked_sub(SECTIONS * 16)?;
    let mut trailer = In::new(&payload[trailer_at..]);
    let mut sections: Vec<Span> = Vec::with_capacity(SECTIONS);
    for _ in 0..SECTIONS {
        let from = usize::try_from(trailer.u64()?).ok()?;
        let len = usize::try_from(trailer.u64()?).ok()?;
        let to = from.checked_add(len)?;
        if to > trailer_at {
            return None;
        }
        sections.push((start + from, start + to));
    }
    // Shared by the records, the links and the search index, which read from it in place.
    let bytes = std::sync::Arc::new(bytes);
    let slice = |span: Span| &bytes[span.0..span.1];
    let rest: Dataset = serde_json::from_slice(slice(sections[0])).ok()?;
    if !rest.entities.is_empty() {
        return None;
    }
    let columns = decode_columns(slice(sections[1]))?;
    release_decoded_pages(&bytes, sections[1]);
    let count = columns.kinds.len();
    let derived = decode_derived(&bytes, sections[2], count, rest.eras.len())?;
    release_decoded_pages(&bytes, sections[2]);
    let ids = offsets(slice(sections[3]), count, sections[4])?;
    // Ids are read often (every lookup): checked as text once here.
    std::str::from_utf8(slice(sections[4])).ok()?;
    if ids
        .iter()
        .any(|&at| !is_char_boundary(slice(sections[4]), at - sections[4].0))
    {
        return None;
    }
    let (mode, record_offsets) = slice(sections[5]).split_at_checked(8)?;
    let records = match u64::from_le_bytes(mode.try_into().ok()?) {
        RECORDS_IN_CACHE => (
            offsets(record_offsets, count, sections[6])?,
            RecordsIn::Cache,
        ),
        // Positions in the dataset file, which must be at hand (and as long as the one
        // the cache was made from: its content is checked record by record).
        RECORDS_IN_SOURCE if sections[6].0 == sections[6].1 => (
            ascending_within(record_offsets, count, source.len)?,
            RecordsIn::Source(source_file?),
        ),
        _ => return None,
    };
    if sections[7].1 - sections[7].0 != count * 8 {
        return None;
    }
    release_decoded_pages(&bytes, (sections[3].0, sections[5].1));
    let index = SearchIndex::decode_shared(&bytes, sections[8], count, rest.eras.len())?;
    release_decoded_pages(&bytes, (0, bytes.len()));
    let records = Records::new(bytes, ids, records, sections[7].0);
    let catalog = Catalog::from_parts(Parts {
        meta: rest.meta,
        eras: rest.eras,
        borders: rest.borders,
        records,
        columns,
        derived,
    });
    Some((catalog, index))
}

/// `count + 1` ascending positions, the last at most `limit` (records in a dataset file
/// need not reach its end: the text closes after them).
fn ascending_within(bytes: &[u8], count: usize, limit: u64) -> Option<Vec<usize>> {
    let mut read = In::new(bytes);
    let mut out = Vec::with_capacity(count + 1);
    let mut last = 0u64;
    for _ in 0..=count {
        let at = read.u64()?;
        if at < last || at > limit {
            return None;
        }
        last = at;
        out.push(usize::try_from(at).ok()?);
    }
    read.bytes.is_empty().then_some(out)
}

/// Give back the pages of a mapped cache read while decoding it (lookups, columns, the
/// index's documents, now copies in memory). They stay in the system's file cache; what
/// is read in place later (the vocabulary, postings, links) comes back page by page as
/// it is touched. A one-shot search then holds only the pages it reads.
/// Sections are given back as soon as they are decoded, so that their pages are not all
/// held at once either.
fn release_decoded_pages(bytes: &Bytes, (from, to): Span) {
    #[cfg(unix)]
    if let Bytes::Mapped(map, _) = bytes {
        // SAFETY: the mapping is read-only and backed by a file never rewritten in place
        // (see `open`): pages dropped are read again from it, unchanged, when touched.
        #[allow(unsafe_code)]
        let _ = unsafe {
            map.unchecked_advise_range(memmap2::UncheckedAdvice::DontNeed, from, to - from)
        };
    }
    #[cfg(not(unix))]
    let _ = (bytes, from, to);
}

fn is_char_boundary(text: &[u8], at: usize) -> bool {
    at == text.len() || text.get(at).is_some_and(|&b| (b as i8) >= -0x40)
}

/// `count + 1` ascending offsets into `within` (absolute file positions returned).
fn offsets(bytes: &[u8], count: usize, within: Span) -> Option<Vec<usize>> {
    let mut read = In::new(bytes);
    let mut out = Vec::with_capacity(count + 1);
    let mut last = 0usize;
    for _ in 0..=count {
        let at = usize::try_from(read.u64()?).ok()?;
        if at < last || at > within.1 - within.0 {
            return None;
        }
        last = at;
        out.push(within.0 + at);
    }
    (read.bytes.is_empty() && last == within.1 - within.0).then_some(out)
}

fn encode_columns(columns: &Columns) -> Vec<u8> {
    let mut out = Out::default();
    out.count(columns.kinds.len());
    for i in 0..columns.kinds.len() {
        out.kind(columns.kinds[i]);
        out.date(columns.dates[i].as_ref());
        out.coords(columns.coords[i].as_ref());
        out.u8(u8::from(columns.charted[i]));
    }
    out.0
}

fn decode_columns(bytes: &[u8]) -> Option<Columns> {
    let mut read = In::new(bytes);
    let count = read.count()?;
    let mut columns = Columns {
        kinds: Vec::with_capacity(count),
        dates: Vec::with_capacity(count),
        coords: Vec::with_capacity(count),
        charted: Vec::with_capacity(count),
    };
    for _ in 0..count {
        columns.kinds.push(read.kind()?);
        columns.dates.push(read.date()?);
        columns.coords.push(read.coords()?);
        columns.charted.push(match read.u8()? {
            0 => false,
            1 => true,
            _ => return None,
        });
    }
    read.bytes.is_empty().then_some(columns)
}

fn encode_links(out: &mut Out, links: &[LinkRef]) {
    out.count(links.len());
    for link in links {
        out.count(link.source.0);
        out.count(link.link);
        out.count(link.target.0);
    }
}

/// The links written by `encode_links` at the reader's place in `section` (which starts at
/// `at` in `bytes`), passed over and left to be read when first asked for.
fn skip_links(
    read: &mut In,
    bytes: &std::sync::Arc<crate::records::Bytes>,
    (section, at): (&[u8], usize),
    count: usize,
) -> Option<LinkList> {
    let len = read.count()?;
    let start = at + (section.len() - read.bytes.len());
    read.take(len.checked_mul(crate::dataset::LINK_BYTES)?)?;
    Some(LinkList::cached(bytes.clone(), start, len, count))
}

fn encode_derived(derived: &Derived) -> Vec<u8> {
    let mut out = Out::default();
    let ixs = |v: &[crate::dataset::EntityIx]| -> Vec<u32> {
        v.iter()
            .map(|e| u32::try_from(e.0).unwrap_or(u32::MAX))
            .collect()
    };
    out.u32s(&derived.by_id);
    out.count(derived.former_ids.len());
    for (id, index) in &derived.former_ids {
        out.bytes(id.as_bytes());
        out.u32(*index);
    }
    out.u32s(&derived.entity_era);
    out.u32s(&derived.out_start);
    encode_links(&mut out, derived.outgoing.all());
    out.u32s(&derived.in_start);
    encode_links(&mut out, derived.incoming.all());
    out.u32s(&ixs(&derived.timeline));
    let first_rows: Vec<u32> = derived
        .era_first_row
        .iter()
        .map(|&r| u32::try_from(r).unwrap_or(u32::MAX))
        .collect();
    out.u32s(&first_rows);
    out.u32s(&derived.row_of_entity);
    out.u32s(&ixs(&derived.chronological));
    out.u8(u8::from(derived.has_groups));
    out.0
}

fn decode_derived(
    shared: &std::sync::Arc<crate::records::Bytes>,
    span: Span,
    count: usize,
    eras: usize,
) -> Option<Derived> {
    let bytes = shared.get(span.0..span.1)?;
    let mut read = In::new(bytes);
    let n = u32::try_from(count).ok()?;
    let by_id = read.u32s(n)?;
    let former_count = read.count()?;
    let mut former_ids = Vec::with_capacity(former_count);
    for _ in 0..former_count {
        let id = std::str::from_utf8(read.bytes()?).ok()?.to_string();
        let index = read.u32()?;
        if index >= n {
            return None;
        }
        former_ids.push((id, index));
    }
    let entity_era = read.u32s(u32::try_from(eras.max(1)).ok()?)?;
    let out_start = read.u32s(u32::MAX)?;
    let outgoing = skip_links(&mut read, shared, (bytes, span.0), count)?;
    let in_start = read.u32s(u32::MAX)?;
    let incoming = skip_links(&mut read, shared, (bytes, span.0), count)?;
    let timeline: Vec<_> = read
        .u32s(n)?
        .into_iter()
        .map(|i| crate::dataset::EntityIx(i as usize))
        .collect();
    let era_first_row: Vec<usize> = read
        .u32s(u32::try_from(timeline.len() + 1).ok()?)?
        .into_iter()
        .map(|r| r as usize)
        .collect();
    let row_of_entity = read.u32s(u32::MAX)?;
    let chronological: Vec<_> = read
        .u32s(n)?
        .into_iter()
        .map(|i| crate::dataset::EntityIx(i as usize))
        .collect();
    let has_groups = match read.u8()? {
        0 => false,
        1 => true,
        _ => return None,
    };
    let starts_ok = |starts: &[u32], total: usize| {
        starts.len() == count + 1
            && starts.windows(2).all(|w| w[0] <= w[1])
            && starts.last().is_some_and(|&last| last as usize == total)
    };
    let consistent = read.bytes.is_empty()
        && by_id.len() == count
        && entity_era.len() == count
        && row_of_entity.len() == count
        && row_of_entity
            .iter()
            .all(|&r| r == u32::MAX || (r as usize) < timeline.len())
        && chronological.len() == count
        && era_first_row.len() == eras
        && starts_ok(&out_start, outgoing.len())
        && starts_ok(&in_start, incoming.len());
    consistent.then_some(Derived {
        by_id,
        former_ids,
        entity_era,
        out_start,
        outgoing,
        in_start,
        incoming,
        timeline,
        era_first_row,
        row_of_entity,
        chronological,
        has_groups,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::EntityIx;

    fn embedded() -> (Catalog, SearchIndex) {
        let catalog = Catalog::new(crate::dataset::load_embedded().unwrap());
        let index = SearchIndex::new(&catalog);
        (catalog, index)
    }

    #[test]
    fn the_format_version_follows_the_layout() {
        let now = layout_fingerprint();
        assert_eq!(
            now, LAYOUT,
            "the cache layout changed: set cache::LAYOUT to {now:#018x} (the format version \
             follows), then run NISSO_UPDATE_PREBUILT=1 cargo test --test prebuilt_cache"
        );
    }

    #[test]
    fn a_temporary_file_left_behind_is_removed_once_stale() {
        let (catalog, index) = embedded();
        let dir = std::env::temp_dir().join(format!("nisso-stale-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let old = dir.join(".abc.cache.1.tmp");
        let fresh = dir.join(".def.cache.2.tmp");
        let other = dir.join("notes.tmp");
        for path in [&old, &fresh, &other] {
            std::fs::write(path, b"x").unwrap();
        }
        let long_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        std::fs::File::options()
            .write(true)
            .open(&old)
            .unwrap()
            .set_modified(long_ago)
            .unwrap();
        write(
            &dir.join("new.cache"),
            &catalog,
            &index,
            &SourceHash::of(b"s"),
            None,
        )
        .unwrap();
        assert!(!old.exists(), "a stale temporary file stays");
        assert!(
            fresh.exists() && other.exists(),
            "a live or foreign file was removed"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Written in two halves (the catalog's part beside the index, then the index's), a
    /// cache is the one `write` makes in one go; one left unfinished leaves no file.
    #[test]
    fn a_cache_begun_and_finished_is_whole_and_an_abandoned_one_leaves_nothing() {
        let (catalog, index) = embedded();
        let dir = std::env::temp_dir().join(format!("nisso-halves-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let source = SourceHash::of(b"halves");
        let path = dir.join("whole.cache");
        begin_write(&path, &catalog, None)
            .unwrap()
            .finish(&index, &source)
            .unwrap();
        assert_eq!(
            std::fs::read(&path).unwrap(),
            encode(&catalog, &index, &source)
        );
        let abandoned = dir.join("abandoned.cache");
        drop(begin_write(&abandoned, &catalog, None).unwrap());
        let left: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(left, ["whole.cache"], "{left:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn sections_decode_one_by_one() {
        let (catalog, index) = embedded();
        let columns = encode_columns(catalog.columns());
        assert!(decode_columns(&columns).as_ref() == Some(catalog.columns()));
        let derived = encode_derived(catalog.derived());
        let span = (0, derived.len());
        let shared = std::sync::Arc::new(crate::records::Bytes::Heap(derived));
        let decoded = decode_derived(&shared, span, catalog.entity_count(), catalog.eras().len());
        assert!(decoded.as_ref() == Some(catalog.derived()));
        let bytes = index.encode();
        assert!(
            SearchIndex::decode(&bytes, catalog.entity_count(), catalog.eras().len()).is_some()
        );
        let source = SourceHash::of(b"source");
        let whole = encode(&catalog, &index, &source);
        let (cached, _) = open_bytes(whole, &source).unwrap();
        assert!(cached.is_mapped());
        for entity in catalog.entity_indices() {
            assert_eq!(cached.entity(entity), catalog.entity(entity));
            assert_eq!(cached.id(entity), catalog.id(entity));
        }
        assert_eq!(
            cached.index_of("richard-sorge"),
            catalog.index_of("richard-sorge")
        );
        let _ = EntityIx(0);
    }
}
