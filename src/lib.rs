//! nisso: a terminal explorer of Japan–Soviet Union relations.
//!
//! Modules, from data to screen:
//! - `date`: historical dates with their precision kept.
//! - `model`: the dataset schema (serde types).
//! - `dataset`: loading (embedded or file) and the derived lookups (`Catalog`).
//! - `check`: integrity rules behind `nisso check`; `same_place`: its search for one place
//!   recorded twice (a spatial hash and a name index).
//! - `files`: the one reader of files nisso did not write (datasets, imports, settings,
//!   the store, caches): regular files only, bounded, never blocking on a FIFO.
//! - `load`: reading a dataset and checking it before use (command line and explorer),
//!   through the cache for a large file, with progress.
//! - `cache`, `records` and `codec`: the dataset cache (a parsed, checked and indexed
//!   dataset file, mapped and read on demand), its entity records, its binary encoding.
//! - `fold`, `translit` and `search`: folded, romanisation-aware, typo-tolerant search.
//! - `present`: what is said about an entity, for the command line and the explorer alike;
//!   `cite`: a citation of an entry (the article, its sections, the references resolved).
//! - `sanitize` and `output`: nothing reaches a terminal raw; how the command line writes.
//! - `interchange`: other formats in and out (TimelineJS, its spreadsheet as CSV, Wikidata
//!   SPARQL results, Markdown notes).
//! - `cli`: the non-interactive command line.
//! - `ui`: the interactive explorer (keymap → actions → update → draw).
//! - `plain`: the explorer as a line-by-line conversation, for screen readers and dumb
//!   terminals (commands in from any reader, plain text out to any writer).
//! - `synthetic`: generated datasets for benchmarks.

// Input never panics: a failure is an error value with a located message. Tests may
// unwrap what they just built.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod axis;
pub mod cache;
pub mod check;
pub mod cite;
pub mod cli;
pub mod coastline;
pub mod codec;
pub mod config;
pub mod dataset;
pub mod date;
pub mod files;
pub mod fold;
pub mod formats;
pub mod interchange;
pub mod load;
pub mod model;
pub mod output;
pub mod plain;
pub mod present;
pub mod records;
pub mod same_place;
pub mod sanitize;
pub mod search;
pub mod store;
pub mod synthetic;
pub mod translit;
pub mod ui;
