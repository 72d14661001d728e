//! Other formats in and out (`nisso import`, `nisso export --format`): TimelineJS 3 JSON,
//! TimelineJS's spreadsheet columns as CSV, Wikidata SPARQL results (import only) and
//! Markdown notes (export only).
//!
//! Every importer reads its file into rows, reports each row it cannot use with its
//! location (a JSON path, or a CSV line and column) and skips it, builds a dataset, makes
//! its text safe like the command line does, and counts what became what. The caller runs
//! `check` on the result.

pub mod common;
pub mod html;
pub mod markdown;
pub mod sheet;
mod slide;
pub mod spill;
pub mod timelinejs;
pub mod wikidata;

pub use crate::formats::ImportFormat;
pub use common::{Import, ImportError, ReadOrImport, first_sentence, slug};

/// Import `text` (the contents of `file`) in `format`.
pub fn import(format: ImportFormat, file: &str, text: &str) -> Result<Import, ImportError> {
    // Spreadsheet programs often start a file with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match format {
        ImportFormat::TimelineJs => timelinejs::import(file, text),
        ImportFormat::Csv => sheet::import(file, text),
        ImportFormat::Wikidata => wikidata::import(file, text),
    }
}

/// Import the file `pieces` reads (named `file`) in `format`, a piece at a time where the
/// format allows: the file's text is never whole in memory beside the dataset.
pub fn import_file(
    format: ImportFormat,
    file: &str,
    pieces: crate::files::TextPieces,
) -> Result<Import, ReadOrImport> {
    let timeline = match format {
        ImportFormat::TimelineJs => timelinejs::read_pieces(file, pieces)?,
        ImportFormat::Csv => sheet::read_pieces(file, pieces)?,
        ImportFormat::Wikidata => return Ok(wikidata::import_pieces(file, pieces)?),
    };
    Ok(common::build_timeline(format, file, timeline)?)
}

/// `import`, freeing the file's text once its rows are read: the rows own their text, so
/// the text and the dataset are never both whole in memory.
pub fn import_owned(format: ImportFormat, file: &str, text: String) -> Result<Import, ImportError> {
    if format == ImportFormat::Wikidata {
        return wikidata::import_owned(file, text);
    }
    let timeline = {
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        match format {
            ImportFormat::TimelineJs => timelinejs::read(file, text)?,
            _ => sheet::read(file, text)?,
        }
    };
    drop(text);
    common::build_timeline(format, file, timeline)
}
