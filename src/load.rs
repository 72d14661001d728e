//! Getting a dataset ready for use: read it (embedded or a file), and for a file, check
//! it before anything is built on it. Shared by the command line and the explorer.

use crate::check::{self, Severity};
use crate::dataset::{self, Catalog, LoadError};
use crate::model::Dataset;

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
}

impl Source {
    pub fn embedded() -> Source {
        Source {
            path: None,
            max_bytes: dataset::DEFAULT_MAX_BYTES,
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
    let problems = check::check(&dataset);
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
    Ok(Catalog::new(dataset))
}
