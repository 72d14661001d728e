//! Getting a dataset ready for use: read it (embedded or a file), and for a file, check
//! it before anything is built on it. Shared by the command line and the explorer.

use crate::cache::{self, SourceHash};
use crate::check::{self, Severity};
use crate::dataset::{self, Catalog, LoadError};
use crate::model::Dataset;
use crate::search::SearchIndex;
use std::sync::OnceLock;

/// Why a dataset cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadFailure {
    /// The file could not be read (missing, a directory, no permission).
    Unreadable(String),
    /// It was read, but is not a valid dataset (does not parse, or `check` finds errors).
    Invalid(String),
}

/// Where a dataset comes from: the embedded one, or a file of at most `max_bytes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub path: Option<std::path::PathBuf>,
    pub max_bytes: u64,
    /// Use (and write) the dataset cache for a large file.
    pub cache: bool,
}

impl Source {
    pub fn embedded() -> Source {
        Source {
            path: None,
            max_bytes: dataset::DEFAULT_MAX_BYTES,
            cache: true,
        }
    }

    pub fn file(path: impl Into<std::path::PathBuf>) -> Source {
        Source {
            path: Some(path.into()),
            ..Source::embedded()
        }
    }
}

/// Read the dataset: the embedded one, or a file.
pub fn read_dataset(source: &Source) -> Result<Dataset, LoadFailure> {
    match &source.path {
        None => dataset::load_embedded().map_err(|e| LoadFailure::Invalid(e.to_string())),
        Some(path) => dataset::load_file(path, source.max_bytes).map_err(|e| match e {
            LoadError::Io { .. } => LoadFailure::Unreadable(e.to_string()),
            LoadError::Parse { .. } => LoadFailure::Invalid(e.to_string()),
        }),
    }
}

/// Read and validate: a dataset file with errors is refused, naming the first few so the
/// reader knows where to look.
pub fn load_catalog(source: &Source) -> Result<Catalog, LoadFailure> {
    let dataset = read_dataset(source)?;
    if source.path.is_none() {
        // The embedded dataset is compiled in and checked by the test suite (`nisso check`
        // in tests/cli.rs); checking it again on every start would only cost time.
        return Ok(Catalog::new(dataset));
    }
    checked(dataset)
}

/// The catalog of a dataset without errors; else the first few errors.
fn checked(dataset: Dataset) -> Result<Catalog, LoadFailure> {
    refuse_errors(&check::check(&dataset))?;
    Ok(Catalog::new(dataset))
}

/// Nothing when `problems` holds no error; else the first few errors.
fn refuse_errors(problems: &[check::Problem]) -> Result<(), LoadFailure> {
    let errors: Vec<_> = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .collect();
    if !errors.is_empty() {
        let mut message = format!(
            "the dataset has {} error{} (run `nisso check` for all):",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" }
        );
        for problem in errors.iter().take(5) {
            message.push_str(&format!("\n  {problem}"));
        }
        return Err(LoadFailure::Invalid(message));
    }
    Ok(())
}

/// A catalog checked and its search index, built side by side: neither needs the other,
/// and at a million entities each takes seconds. `after_check` runs on the checking
/// thread once the catalog is found without errors (the check is the shorter of the two:
/// the cache's first part is written there while the index is still building). The index
/// of a dataset with errors is thrown away.
fn checked_and_indexed<T: Send>(
    dataset: Dataset,
    progress: &mut dyn FnMut(Stage),
    after_check: impl FnOnce(&Catalog) -> T + Send,
) -> Result<(Catalog, SearchIndex, Option<T>), LoadFailure> {
    let catalog = Catalog::new(dataset);
    progress(Stage::Indexing);
    let ((problems, after), index) = std::thread::scope(|scope| {
        let checking = scope.spawn(|| {
            let problems = catalog
                .borrowed()
                .map(check::check_parts)
                .unwrap_or_default();
            let clean = !problems.iter().any(|p| p.severity == Severity::Error);
            let after = clean.then(|| after_check(&catalog));
            (problems, after)
        });
        let index = SearchIndex::new(&catalog);
        let checked = checking
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (checked, index)
    });
    refuse_errors(&problems)?;
    Ok((catalog, index, after))
}

/// A step of opening a dataset, for a progress indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Hashing the file to find its cache: bytes done of all.
    Hashing(u64, u64),
    /// Mapping the cache and reading its lookups and index.
    OpeningCache,
    /// Reading the file: bytes done of all.
    Reading(u64, u64),
    Parsing,
    Checking,
    Indexing,
    WritingCache,
}

impl Stage {
    /// What the step is doing, for people.
    pub fn label(self) -> String {
        let share = |done: u64, all: u64| done.saturating_mul(100).checked_div(all).unwrap_or(100);
        match self {
            Stage::Hashing(done, all) => format!("Looking for a cache… {}%", share(done, all)),
            Stage::OpeningCache => "Opening the cache…".to_string(),
            Stage::Reading(done, all) => format!("Reading… {}%", share(done, all)),
            Stage::Parsing => "Parsing JSON…".to_string(),
            Stage::Checking => "Checking…".to_string(),
            Stage::Indexing => "Checking and building the search index…".to_string(),
            Stage::WritingCache => "Writing the cache for next time…".to_string(),
        }
    }
}

/// How the cache was used when a dataset was opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheUse {
    /// No cache: the embedded dataset, a small file, caching off or no cache directory.
    None,
    /// Opened from a valid cache.
    Hit(std::path::PathBuf),
    /// Parsed, then cached for next time (`why` says why an existing cache was not used).
    Written {
        path: std::path::PathBuf,
        replaced: Option<String>,
    },
    /// Parsed; the cache could not be written (a read-only or full disk): `why`.
    NotWritten(String),
}

/// An opened dataset: the catalog and, built once when first asked for (or read from the
/// cache), its search index.
pub struct Opened {
    pub catalog: Catalog,
    index: OnceLock<SearchIndex>,
    pub cache: CacheUse,
    /// The cache's last part, not yet written (`open_deferring`).
    deferred: Option<DeferredCache>,
}

/// A cache written up to its search index, whose index part is written later (on another
/// thread, while the dataset is already in use): see `Opened::take_deferred`.
pub struct DeferredCache {
    pending: cache::PendingWrite,
    index: crate::search::IndexBytes,
    source: SourceHash,
    path: std::path::PathBuf,
    replaced: Option<String>,
    /// Where to remember the file's stamp once the cache is written.
    remember: Option<(std::path::PathBuf, std::path::PathBuf, cache::Stamp)>,
}

impl DeferredCache {
    /// Write the rest; what became of the cache.
    pub fn finish(self) -> CacheUse {
        let DeferredCache {
            pending,
            index,
            source,
            path,
            replaced,
            remember,
        } = self;
        match pending.finish_detached(&index, &source) {
            Ok(()) => {
                if let Some((directory, file, stamp)) = &remember {
                    cache::remember(directory, file, stamp, &source);
                }
                CacheUse::Written { path, replaced }
            }
            Err(err) => CacheUse::NotWritten(format!("{}: {err}", path.display())),
        }
    }
}

impl Opened {
    pub fn index(&self) -> &SearchIndex {
        self.index.get_or_init(|| SearchIndex::new(&self.catalog))
    }

    /// The catalog and its index (built if it was not there).
    pub fn into_parts(self) -> (Catalog, SearchIndex) {
        let index = match self.index.into_inner() {
            Some(index) => index,
            None => SearchIndex::new(&self.catalog),
        };
        (self.catalog, index)
    }

    /// Write what is left of the cache (see `open_deferring`), now.
    pub fn finish_cache(&mut self) {
        if let Some(deferred) = self.deferred.take() {
            self.cache = deferred.finish();
        }
    }

    /// The cache's last part, to be written by the caller (after the dataset is in use).
    pub fn take_deferred(&mut self) -> Option<DeferredCache> {
        self.deferred.take()
    }

    /// A note for the user about the cache worth showing (a damaged one was replaced, or
    /// none could be written).
    pub fn cache_note(&self) -> Option<String> {
        self.cache.note()
    }
}

impl CacheUse {
    /// A note for the user worth showing (a damaged cache was replaced, or none could be
    /// written).
    pub fn note(&self) -> Option<String> {
        match self {
            CacheUse::Written {
                path,
                replaced: Some(why),
            } => Some(format!(
                "the dataset cache was not usable ({why}); rebuilt it at {}",
                path.display()
            )),
            CacheUse::NotWritten(why) => Some(format!("could not write the dataset cache: {why}")),
            _ => None,
        }
    }
}

/// Open a dataset for use, reporting each step to `progress`. A file of at least
/// `cache::MIN_SOURCE_BYTES` is looked up in the cache by its content hash: a valid cache
/// opens in a fraction of the time and memory of parsing; otherwise the file is parsed,
/// checked, indexed and cached for next time.
pub fn open(source: &Source, progress: &mut dyn FnMut(Stage)) -> Result<Opened, LoadFailure> {
    let mut opened = open_deferring(source, progress)?;
    if opened.deferred.is_some() {
        progress(Stage::WritingCache);
        opened.finish_cache();
    }
    Ok(opened)
}

/// `open`, leaving the last part of a new cache (its search index: a second at a million
/// entities) to `Opened::finish_cache` or `Opened::take_deferred`: the dataset can be used
/// meanwhile.
pub fn open_deferring(
    source: &Source,
    progress: &mut dyn FnMut(Stage),
) -> Result<Opened, LoadFailure> {
    let plain = |catalog: Catalog| Opened {
        catalog,
        index: OnceLock::new(),
        cache: CacheUse::None,
        deferred: None,
    };
    let Some(path) = source.path.as_deref() else {
        if let Some((catalog, index)) = embedded_prebuilt() {
            return Ok(Opened {
                catalog,
                index: OnceLock::from(index),
                cache: CacheUse::None,
                deferred: None,
            });
        }
        return load_catalog(source).map(plain);
    };
    let directory = cache::directory().filter(|_| source.cache);
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let Some(directory) = directory.filter(|_| size >= cache::MIN_SOURCE_BYTES) else {
        progress(Stage::Parsing);
        return load_catalog(source).map(plain);
    };
    // Checks the file (regular, within the size limit) before hashing it.
    dataset::check_file(path, source.max_bytes).map_err(failure_of)?;
    // Taken before the file is read: a change after it leaves another stamp.
    let stamp = cache::Stamp::of(path);
    let known = stamp.and_then(|stamp| cache::remembered(&directory, path, &stamp));
    let hashed = match known {
        Some(hashed) => hashed,
        None => SourceHash::of_file(path, |done| progress(Stage::Hashing(done, size))).map_err(
            |err| LoadFailure::Unreadable(format!("cannot read {}: {err}", path.display())),
        )?,
    };
    let remember = |hashed: &SourceHash| {
        if let Some(stamp) = &stamp {
            cache::remember(&directory, path, stamp, hashed);
        }
    };
    let cache_path = cache::path_for(&directory, &hashed);
    progress(Stage::OpeningCache);
    // The records of a file's cache are read from the file itself.
    let source_file = crate::files::open_regular(path, source.max_bytes)
        .ok()
        .map(|(file, _)| file);
    let replaced = match cache::open(&cache_path, &hashed, source_file) {
        Ok((catalog, index)) => {
            if known.is_none() {
                remember(&hashed);
            }
            // Recently used caches are the ones kept.
            let mut options = std::fs::File::options();
            options.append(true);
            #[cfg(unix)]
            {
                // Never waits, should the cache have been swapped for a FIFO meanwhile.
                use std::os::unix::fs::OpenOptionsExt;
                options.custom_flags(libc::O_NONBLOCK);
            }
            if let Ok(file) = options.open(&cache_path) {
                let _ = file.set_modified(std::time::SystemTime::now());
            }
            return Ok(Opened {
                catalog,
                index: OnceLock::from(index),
                cache: CacheUse::Hit(cache_path),
                deferred: None,
            });
        }
        Err(cache::Refused::Missing) => None,
        Err(cache::Refused::Damaged(why)) => Some(why),
    };
    let text = dataset::read_text(path, source.max_bytes, &mut |done, all| {
        progress(Stage::Reading(done, all))
    })
    .map_err(failure_of)?;
    // The hash of the bytes actually parsed: the file may have changed since it was
    // hashed. Unless its stamp says it has not (hashing 900 MB again costs a tenth of a
    // second, and most first opens are of files that stay put).
    let unchanged = stamp.is_some_and(|stamp| stamp.still_holds(path));
    let hashed = if unchanged {
        hashed
    } else {
        SourceHash::of(text.as_bytes())
    };
    progress(Stage::Parsing);
    let parsed =
        dataset::parse_with_spans(&path.display().to_string(), &text).map_err(failure_of)?;
    drop(text);
    let dataset::Parsed { dataset, spans } = parsed;
    progress(Stage::Checking);
    let cache_path = cache::path_for(&directory, &hashed);
    // The cache's catalog part is written beside the index; its index part after.
    let (catalog, index, begun) = checked_and_indexed(dataset, progress, |catalog| {
        cache::begin_write(&cache_path, catalog, Some(&spans))
    })?;
    let (cache, deferred) = match begun {
        Some(Ok(pending)) => {
            let deferred = DeferredCache {
                pending,
                index: index.detached_encoding(),
                source: hashed,
                path: cache_path,
                replaced,
                remember: stamp.map(|stamp| (directory.clone(), path.to_path_buf(), stamp)),
            };
            (CacheUse::None, Some(deferred))
        }
        Some(Err(err)) => (
            CacheUse::NotWritten(format!("{}: {err}", cache_path.display())),
            None,
        ),
        None => (CacheUse::None, None),
    };
    Ok(Opened {
        catalog,
        index: OnceLock::from(index),
        cache,
        deferred,
    })
}

/// Tell glibc's allocator to keep freed memory for reuse. By default it gives large blocks
/// back to the system as soon as they are freed and maps every block over 128 KiB afresh;
/// opening a large dataset frees and allocates gigabytes in turn (the file's text, the
/// parsed records, the sort keys, the index's word lists), and on a virtual machine every
/// fresh page costs a fault and a zeroing: half the time of a first open at a million
/// entities went to the kernel. With freed memory kept, that system time halves.
pub fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[allow(unsafe_code)]
    // SAFETY: mallopt only sets allocator parameters; it is called before other threads
    // start, and a refused value (returned 0) leaves glibc's default in place.
    unsafe {
        // Blocks up to glibc's largest threshold come from the heap (and are reused).
        libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
        // Free memory at the top of the heap is kept up to 1 GiB.
        libc::mallopt(libc::M_TRIM_THRESHOLD, 1 << 30);
        // The heap grows 64 MiB beyond each request: fewer, larger extensions.
        libc::mallopt(libc::M_TOP_PAD, 64 << 20);
        // Two arenas for two parsing threads: more only spread freed memory thinner.
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// The embedded dataset, prebuilt in the cache format: a one-shot command then decodes
/// lookups and the index instead of parsing every record's JSON (most of its start-up), and
/// reads only the records it shows. A test keeps the file equal to a fresh build
/// (`NISSO_UPDATE_PREBUILT=1 cargo test --test prebuilt_cache`); were it stale anyway, its
/// source hash would not match and the dataset would be parsed as before.
const EMBEDDED_CACHE: &[u8] = include_bytes!("../assets/dataset.cache");

/// The hash of the embedded dataset's files, as the prebuilt cache records it.
fn embedded_source() -> SourceHash {
    SourceHash::of_parts(dataset::EMBEDDED.iter().map(|(_, text)| text.as_bytes()))
}

fn embedded_prebuilt() -> Option<(Catalog, SearchIndex)> {
    cache::open_static(EMBEDDED_CACHE, &embedded_source())
}

/// Whether the compiled-in prebuilt cache is the one in use (for tests).
pub fn embedded_is_prebuilt() -> bool {
    embedded_prebuilt().is_some()
}

/// The embedded dataset's prebuilt cache as `assets/dataset.cache` should hold it, built
/// from the dataset's JSON.
pub fn build_embedded_cache() -> Vec<u8> {
    let catalog = Catalog::new(dataset::load_embedded().unwrap_or_default());
    let index = SearchIndex::new(&catalog);
    cache::encode(&catalog, &index, &embedded_source())
}

fn failure_of(err: LoadError) -> LoadFailure {
    match err {
        LoadError::Io { .. } => LoadFailure::Unreadable(err.to_string()),
        LoadError::Parse { .. } => LoadFailure::Invalid(err.to_string()),
    }
}
