//! Wikidata SPARQL query results (`application/sparql-results+json`): `head.vars` names
//! the columns, `results.bindings` holds one object per row, each value
//! `{type: uri|literal|bnode, value, datatype?, xml:lang?}`. SPARQL returns one row per
//! combination of values, so an item's rows are merged into one entity.

use super::common::{
    Ids, Import, ImportError, Settled, TextSet, entity_counts, first_sentence, parse, plural,
    settle,
};
use super::spill::Spill;
use crate::date::HistDate;
use crate::formats::ImportFormat;
use crate::model::{Coords, Dataset, Entity, Kind, Link, Relation};
use serde_json::Value;
use serde_json::value::RawValue;
use std::collections::BTreeMap;

const ENTITY: &str = "http://www.wikidata.org/entity/";

/// Columns that give the main date, a range's start and a range's end.
const POINT_VARS: [&str; 2] = ["P585", "date"];
const START_VARS: [&str; 2] = ["P580", "start"];
const END_VARS: [&str; 2] = ["P582", "end"];
const COORD_VARS: [&str; 2] = ["P625", "coord"];
const KIND_VARS: [&str; 4] = ["kind", "type", "instanceLabel", "instance"];

/// An item's values, merged over its rows.
#[derive(Default, serde::Serialize, serde::Deserialize)]
struct Item {
    qid: String,
    label: Option<String>,
    description: Option<String>,
    /// Per date column: the value and its precision column's value, as first seen, and
    /// where. A list, not a map: an item has a few, and a map's node is a kilobyte.
    dates: Vec<(String, DateCell)>,
    coords: Option<(String, String)>,
    kind: Option<String>,
    /// (column, target Q-id), in the order seen.
    links: Vec<(String, String)>,
}

/// A date's value, its precision column's value, and the row it was read in (its place
/// is said only if it is reported: a string of it for every date took more than the date).
type DateCell = (String, Option<String>, usize);

impl Item {
    fn date(&self, var: &str) -> Option<&DateCell> {
        self.dates
            .iter()
            .find(|(v, _)| v == var)
            .map(|(_, cell)| cell)
    }
}

/// Read SPARQL results.
pub fn import(file: &str, text: &str) -> Result<Import, ImportError> {
    let (grouped, rows) = read(file, text)?;
    build(file, grouped, rows)
}

/// `import`, freeing the file's text once its rows are grouped into items (the items own
/// their text).
pub(crate) fn import_owned(file: &str, text: String) -> Result<Import, ImportError> {
    let (grouped, rows) = read(file, text.strip_prefix('\u{feff}').unwrap_or(&text))?;
    drop(text);
    build(file, grouped, rows)
}

/// The rows grouped into items, and how many rows there were.
fn read(file: &str, text: &str) -> Result<(Grouped, usize), ImportError> {
    read_json(file, &mut serde_json::Deserializer::from_str(text))
}

/// `import` of a file read a piece at a time: the file's text is never whole in memory,
/// each row is merged into its item as it is read.
pub(crate) fn import_pieces(
    file: &str,
    pieces: crate::files::TextPieces,
) -> Result<Import, ImportError> {
    let mut reader = std::io::BufReader::with_capacity(1 << 16, pieces);
    super::common::skip_bom(&mut reader);
    let (grouped, rows) = read_json(
        file,
        &mut serde_json::Deserializer::from_reader(&mut reader),
    )?;
    build(file, grouped, rows)
}

/// The dataset of the items: each item is dropped once it is an entity.
fn build(file: &str, mut grouped: Grouped, rows: usize) -> Result<Import, ImportError> {
    let mut ids = Ids::default();
    for number in 0..grouped.index.len() {
        ids.claim(&grouped.index.get(number).to_lowercase());
    }
    let mut tally = Tally::default();
    let mut items = std::mem::take(&mut grouped.items);
    items.flush();
    let item_count = items.len();
    // The rows of items read after their first rows, merged in as each item is built, in
    // the order read.
    let mut late = std::mem::take(&mut grouped.late);
    late.sort_by_key(|(number, _, _)| *number);
    let mut late = late.into_iter().peekable();
    // Each item is an entity as it is read back, kept in a temporary file.
    let mut entities = Spill::default();
    items.each(&mut |number, mut item| {
        while let Some((_, r, row)) = late.next_if(|(n, _, _)| *n as usize == number) {
            if let Value::Object(row) = serde_json::from_str(&row).unwrap_or(Value::Null) {
                let at = format!("results.bindings[{r}]");
                let (vars, item_var) = (&grouped.vars, &grouped.item_var);
                merge_row(vars, item_var, (r, &at), &row, &mut item, &mut grouped.said);
            }
        }
        entities.push(&entity_of(
            &item,
            &grouped.index,
            &mut tally,
            &mut grouped.said.notes,
        ));
        std::ops::ControlFlow::Continue(())
    });
    if let Some(error) = items.take_error() {
        return Err(super::common::spill_error(file, &error));
    }
    drop(items);
    // The links are made: the index of the items goes before the dataset grows.
    grouped.index = TextSet::default();
    let stem = std::path::Path::new(file)
        .file_stem()
        .map_or_else(|| file.to_string(), |s| s.to_string_lossy().into_owned());
    let mut head = Dataset {
        meta: Some(super::common::imported_meta(
            ImportFormat::Wikidata,
            file,
            stem,
            format!("{} Wikidata items from a SPARQL query.", item_count),
        )),
        eras: Vec::new(),
        entities: Vec::new(),
        borders: Vec::new(),
    };
    let settled = settle(
        &mut head,
        entities,
        ids,
        "Wikidata items",
        &mut grouped.said.notes,
    )
    .map_err(|error| super::common::spill_error(file, &error))?;
    tally.escaped = settled.escaped;
    tally.renamed = settled.renamed;
    let summary = summary(&settled, rows, &grouped, &tally);
    Ok(Import {
        head,
        entities: settled.entities,
        notes: grouped.said.notes,
        summary,
        skipped: grouped.said.skipped,
    })
}

/// A file that is not JSON, with its line and column.
fn not_json(file: &str, e: serde_json::Error) -> ImportError {
    let message = e.to_string();
    let message = message
        .rfind(" at line ")
        .map_or(message.as_str(), |i| &message[..i])
        .to_string();
    ImportError(format!(
        "{file}:{}:{}: not JSON: {message}",
        e.line(),
        e.column()
    ))
}

/// JSON that is not shaped as SPARQL results, at `path`.
fn shape(file: &str, path: &str, what: &str) -> ImportError {
    ImportError(format!(
        "{file}: at {path}: {what} (SPARQL JSON results have head.vars and results.bindings)"
    ))
}

/// The column names (`head.vars`).
fn head_vars(file: &str, head: Option<&RawValue>) -> Result<Vec<String>, ImportError> {
    let head = head.map_or(Value::Null, parse);
    match head.pointer("/vars") {
        Some(Value::Array(vars)) => vars
            .iter()
            .enumerate()
            .map(|(i, v)| {
                v.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| shape(file, &format!("head.vars[{i}]"), "not a column name"))
            })
            .collect(),
        Some(_) => Err(shape(file, "head.vars", "not a list")),
        None => Err(shape(file, "head.vars", "missing")),
    }
}

/// The file as read: `head` raw; the rows grouped as they come when the columns are known
/// before them and include `?item` (as SPARQL endpoints write them), else each row kept
/// raw until the end.
#[derive(Default)]
struct Results {
    head: Option<Box<RawValue>>,
    /// None when there is no `results.bindings`; Err when it is no list.
    bindings: Option<Result<Rows, ()>>,
}

#[derive(Default)]
struct Rows {
    count: usize,
    /// The rows grouped as read, and the `head` they were read with.
    grouped: Option<(Grouped, String)>,
    raw: Vec<Box<RawValue>>,
}

/// Reads the top object: `head` raw, `results` through `ResultsSeed`.
struct TopVisitor<'r>(&'r mut Results);
/// Reads `results`: `bindings` through `BindingsSeed`, the rest skipped.
struct ResultsSeed<'r>(&'r mut Results);
/// Reads `results.bindings` a row at a time.
struct BindingsSeed<'r>(&'r mut Results);

/// Values of any other type, skipped: what they are does not matter here.
macro_rules! skip_others {
    () => {
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok(Self::OTHER)
        }
        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            Ok(Self::OTHER)
        }
        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            Ok(Self::OTHER)
        }
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok(Self::OTHER)
        }
        fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
            Ok(Self::OTHER)
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(Self::OTHER)
        }
    };
}

impl TopVisitor<'_> {
    const OTHER: () = ();
}

impl ResultsSeed<'_> {
    const OTHER: () = ();
}

impl BindingsSeed<'_> {
    /// Not a list.
    const OTHER: bool = false;
}

impl<'de> serde::de::Visitor<'de> for TopVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("SPARQL results")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "head" => self.0.head = Some(map.next_value()?),
                "results" => {
                    // A repeated key: the last is read, as for any.
                    self.0.bindings = None;
                    map.next_value_seed(ResultsSeed(&mut *self.0))?;
                }
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(())
    }

    skip_others!();
}

impl<'de> serde::de::DeserializeSeed<'de> for ResultsSeed<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for ResultsSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("SPARQL results")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "bindings" {
                let list = map.next_value_seed(BindingsSeed(&mut *self.0))?;
                if !list {
                    self.0.bindings = Some(Err(()));
                }
            } else {
                map.next_value::<serde::de::IgnoredAny>()?;
            }
        }
        Ok(())
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(())
    }

    skip_others!();
}

impl<'de> serde::de::DeserializeSeed<'de> for BindingsSeed<'_> {
    type Value = bool;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for BindingsSeed<'_> {
    /// Whether it was a list.
    type Value = bool;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of rows")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        // The columns, when they are known already and name the items ?item.
        let head = self.0.head.as_deref();
        let vars = head
            .and_then(|head| head_vars("", Some(head)).ok())
            .filter(|vars| vars.iter().any(|v| v == "item"));
        let mut rows = Rows::default();
        if let (Some(head), Some(vars)) = (head, &vars) {
            rows.grouped = Some((Grouped::new(vars, "item"), head.get().to_string()));
        }
        while let Some(row) = seq.next_element::<Box<RawValue>>()? {
            match &mut rows.grouped {
                Some((grouped, _)) => group_row(grouped, rows.count, &row),
                None => rows.raw.push(row),
            }
            rows.count += 1;
        }
        self.0.bindings = Some(Ok(rows));
        Ok(true)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        while map
            .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
            .is_some()
        {}
        Ok(false)
    }

    skip_others!();
}

/// The rows grouped, and how many there were, from `de`: the file is checked as JSON
/// whole before its shape is judged, as when it was parsed whole.
fn read_json<'de, R: serde_json::de::Read<'de>>(
    file: &str,
    de: &mut serde_json::Deserializer<R>,
) -> Result<(Grouped, usize), ImportError> {
    let mut results = Results::default();
    serde::Deserializer::deserialize_any(&mut *de, TopVisitor(&mut results))
        .and_then(|()| de.end())
        .map_err(|e| not_json(file, e))?;
    let vars = head_vars(file, results.head.as_deref())?;
    let rows = match results.bindings {
        Some(Ok(rows)) => rows,
        Some(Err(())) => return Err(shape(file, "results.bindings", "not a list")),
        None => return Err(shape(file, "results.bindings", "missing")),
    };
    match rows.grouped {
        Some((grouped, head)) if results.head.as_ref().is_some_and(|h| h.get() == head) => {
            Ok((grouped.finish(), rows.count))
        }
        Some(_) => Err(shape(
            file,
            "head",
            "given again after results.bindings, and different; give it once",
        )),
        None => {
            let raw: Vec<&RawValue> = rows.raw.iter().map(|r| &**r).collect();
            let item_var = item_column(file, &vars, &raw)?;
            Ok((group_rows(&vars, &item_var, &raw), rows.count))
        }
    }
}

/// Whether a SPARQL value is a Wikidata item (the uri of one).
fn is_item(v: &Value) -> bool {
    v.get("type").and_then(Value::as_str) == Some("uri")
        && v.get("value")
            .and_then(Value::as_str)
            .and_then(qid_of)
            .is_some()
}

/// The column of the items: `?item`, else the first column whose values are items.
fn item_column(file: &str, vars: &[String], bindings: &[&RawValue]) -> Result<String, ImportError> {
    if vars.iter().any(|v| v == "item") {
        return Ok("item".to_string());
    }
    vars.iter()
        .find(|var| {
            bindings
                .iter()
                .find_map(|row| parse(row).get(var.as_str()).cloned())
                .is_some_and(|cell| is_item(&cell))
        })
        .cloned()
        .ok_or_else(|| {
            shape(
                file,
                "head.vars",
                "no column of Wikidata items (http://www.wikidata.org/entity/Q…): name it ?item",
            )
        })
}

/// The rows grouped by item, with what was said and counted on the way. Results list an
/// item's rows one after the other, mostly: each item is kept in a temporary file once a
/// row of another item comes, and a row of an item kept already waits, as read, to be
/// merged in when the dataset is built.
#[derive(Default)]
struct Grouped {
    /// The columns, and the column of the items.
    vars: Vec<String>,
    item_var: String,
    /// The items whose rows were read, in the order they first appear.
    items: Spill<Item>,
    /// The item of the last row, not kept yet (the next after `items`).
    open: Option<Item>,
    /// Rows of items kept already: the item's number, the row's, the row as read.
    late: Vec<(u32, usize, String)>,
    /// Q-id → the item's number.
    index: TextSet,
    said: Said,
}

/// What grouping the rows said and counted.
#[derive(Default)]
struct Said {
    notes: Vec<String>,
    skipped: usize,
    /// Values an item's rows disagree on (the first is kept).
    conflicts: usize,
    /// Columns not used, with how many values each had.
    unused: BTreeMap<String, usize>,
}

impl Grouped {
    fn new(vars: &[String], item_var: &str) -> Self {
        Grouped {
            vars: vars.to_vec(),
            item_var: item_var.to_string(),
            ..Grouped::default()
        }
    }

    /// Every row read: the last item is kept with the others.
    fn finish(mut self) -> Self {
        if let Some(open) = self.open.take() {
            self.items.push(&open);
        }
        self
    }
}

/// Merge the rows into one `Item` per Q-id, in the order items first appear.
fn group_rows(vars: &[String], item_var: &str, bindings: &[&RawValue]) -> Grouped {
    let mut grouped = Grouped::new(vars, item_var);
    for (r, row) in bindings.iter().enumerate() {
        group_row(&mut grouped, r, row);
    }
    grouped.finish()
}

/// Merge row `r` into its item.
fn group_row(grouped: &mut Grouped, r: usize, raw: &RawValue) {
    let at = format!("results.bindings[{r}]");
    let row = &parse(raw);
    let item_var = grouped.item_var.as_str();
    let said = &mut grouped.said;
    let Value::Object(row) = row else {
        said.notes.push(format!("{at}: not an object (skipped)"));
        said.skipped += 1;
        return;
    };
    let item_value = match row.get(item_var) {
        Some(v) if is_item(v) => v,
        Some(v) => {
            said.notes.push(format!(
                "{at}.{item_var}: not a Wikidata item: {} (skipped)",
                v.get("value").unwrap_or(v)
            ));
            said.skipped += 1;
            return;
        }
        None => {
            said.notes
                .push(format!("{at}.{item_var}: missing (skipped)"));
            said.skipped += 1;
            return;
        }
    };
    let Some(qid) = item_value
        .get("value")
        .and_then(Value::as_str)
        .and_then(qid_of)
    else {
        return;
    };
    let (number, new) = grouped.index.insert(&qid);
    if new {
        if let Some(open) = grouped.open.take() {
            grouped.items.push(&open);
        }
        grouped.open = Some(Item {
            qid,
            ..Item::default()
        });
    } else if number != grouped.items.len() {
        grouped.late.push((number as u32, r, raw.get().to_string()));
        return;
    }
    if let Some(item) = &mut grouped.open {
        let (vars, item_var) = (&grouped.vars, &grouped.item_var);
        merge_row(vars, item_var, (r, &at), row, item, &mut grouped.said);
    }
}

/// One row's values into the item at `slot`: the first value of each kept, a different
/// one counted as a conflict.
fn merge_row(
    vars: &[String],
    item_var: &str,
    (row_number, at): (usize, &str),
    row: &serde_json::Map<String, Value>,
    item: &mut Item,
    said: &mut Said,
) {
    let label_var = format!("{item_var}Label");
    let description_var = format!("{item_var}Description");
    let conflicts = &mut said.conflicts;
    for (var, cell) in row {
        if var == item_var || var.ends_with("Precision") {
            continue;
        }
        let Some(text) = cell_text(cell) else {
            said.notes
                .push(format!("{at}.{var}: not a SPARQL value (ignored)"));
            continue;
        };
        let keep = |slot: &mut Option<String>, conflicts: &mut usize| match slot {
            None => *slot = Some(text.clone()),
            Some(old) if *old != text => *conflicts += 1,
            Some(_) => {}
        };
        if var == &label_var {
            keep(&mut item.label, conflicts);
        } else if var == &description_var {
            keep(&mut item.description, conflicts);
        } else if KIND_VARS.contains(&var.as_str()) {
            // An instance given as an item (wd:Q5) is read through its label column
            // when there is one; the Q-id alone names no kind.
            let kind_text = if is_item(cell) {
                row.get(&format!("{var}Label")).and_then(cell_text)
            } else {
                Some(text.clone())
            };
            if let Some(kind_text) = kind_text
                && item.kind.is_none()
            {
                item.kind = Some(kind_text);
            }
        } else if POINT_VARS
            .iter()
            .chain(&START_VARS)
            .chain(&END_VARS)
            .any(|v| v == var)
        {
            let precision = row.get(&format!("{var}Precision")).and_then(cell_text);
            match item.date(var) {
                None => {
                    item.dates
                        .push((var.clone(), (text.clone(), precision, row_number)));
                }
                Some((old, _, _)) if *old != text => *conflicts += 1,
                Some(_) => {}
            }
        } else if COORD_VARS.contains(&var.as_str()) {
            if item.coords.is_none() {
                item.coords = Some((text.clone(), format!("{at}.{var}")));
            }
        } else if is_item(cell) {
            if let Some(target) = qid_of(&text)
                && !item.links.iter().any(|(v, t)| v == var && *t == target)
            {
                item.links.push((var.clone(), target));
            }
        } else {
            // The label or description of another column's item (?countryLabel) says
            // nothing new; any other column is counted as not used.
            let names_another = vars
                .iter()
                .any(|v| format!("{v}Label") == *var || format!("{v}Description") == *var);
            if !names_another {
                *said.unused.entry(var.clone()).or_default() += 1;
            }
        }
    }
}

/// What building the dataset counted, for the summary.
#[derive(Default)]
struct Tally {
    /// Dates without a precision column taken as years.
    assumed_year: usize,
    /// Links to items not in the results: "column → Q-id", and how many.
    missing_targets: BTreeMap<String, usize>,
    /// Items without a label, named by their Q-id.
    unlabelled: usize,
    /// Names given their date or id to tell them apart.
    renamed: usize,
    /// Texts with control or bidi characters shown escaped.
    escaped: usize,
}

/// The entity an item becomes; `index` holds the items in the results.
fn entity_of(item: &Item, index: &TextSet, tally: &mut Tally, notes: &mut Vec<String>) -> Entity {
    let date = item_date(item, &mut tally.assumed_year, notes);
    let coords = item_coords(item, notes);
    // The kind: what the kind column says when it names one; otherwise a dated item
    // is an event (treaties and people usually come with their instance column), an
    // undated one with coordinates is a place, and an undated one without is taken
    // as an organisation: in a relations dataset an item with neither a date nor a
    // location is most often a state, party or body.
    let kind = item
        .kind
        .as_deref()
        .and_then(kind_of_instance)
        .unwrap_or(if date.is_some() {
            Kind::Event
        } else if coords.is_some() {
            Kind::Place
        } else {
            Kind::Organisation
        });
    let links = item_links(item, index, &mut tally.missing_targets);
    let name = match &item.label {
        Some(label) if !label.trim().is_empty() => label.trim().to_string(),
        _ => {
            tally.unlabelled += 1;
            item.qid.clone()
        }
    };
    let description = item.description.clone().unwrap_or_default();
    let summary = if description.trim().is_empty() {
        format!(
            "{} from Wikidata ({}).",
            crate::present::capitalise(kind.as_str()),
            item.qid
        )
    } else {
        first_sentence(&description, &name)
    };
    Entity {
        date,
        summary,
        description,
        links,
        coords,
        ..Entity::new(item.qid.to_lowercase(), kind, name)
    }
}

/// An item's date: its point in time, else its start and end as a range, else either.
fn item_date(item: &Item, assumed_year: &mut usize, notes: &mut Vec<String>) -> Option<HistDate> {
    let mut read = |vars: &[&str]| -> Option<HistDate> {
        let (var, (value, precision, row)) = vars
            .iter()
            .find_map(|v| item.date(v).map(|cell| (v, cell)))?;
        match wikidata_date(value, precision.as_deref()) {
            Ok((date, assumed)) => {
                if assumed {
                    *assumed_year += 1;
                }
                Some(date)
            }
            Err(message) => {
                notes.push(format!(
                    "results.bindings[{row}].{var}: {message} (date left out)"
                ));
                None
            }
        }
    };
    let point = read(&POINT_VARS);
    let start = read(&START_VARS);
    let end = read(&END_VARS);
    match (point, start, end) {
        (Some(point), _, _) => Some(point),
        (None, Some(start), Some(end)) => {
            match HistDate::parse(&format!("{}/{}", start.iso(), end.iso())) {
                Ok(range) => Some(range),
                Err(message) => {
                    notes.push(format!(
                        "{} ({}): {message} (start kept)",
                        item.qid,
                        item.label.as_deref().unwrap_or("")
                    ));
                    Some(start)
                }
            }
        }
        (None, Some(start), None) => Some(start),
        (None, None, Some(end)) => Some(end),
        (None, None, None) => None,
    }
}

/// An item's coordinates, when they are a point on Earth.
fn item_coords(item: &Item, notes: &mut Vec<String>) -> Option<Coords> {
    let (text, at) = item.coords.as_ref()?;
    match point_coords(text) {
        Some(coords)
            if (-90.0..=90.0).contains(&coords.lat) && (-180.0..=180.0).contains(&coords.lon) =>
        {
            Some(coords)
        }
        // Out of range (latitude 91, longitude -500) is as unusable as unreadable:
        // the point is left out, the item kept.
        Some(coords) => {
            notes.push(format!(
                "{at}: latitude {} and longitude {} are not a point on Earth (latitude -90 to 90, longitude -180 to 180): {text:?} (left out)",
                coords.lat, coords.lon
            ));
            None
        }
        None => {
            notes.push(format!(
                "{at}: not a Point(longitude latitude): {text:?} (left out)"
            ));
            None
        }
    }
}

/// An item's links to other items in the results (the relation its column names, else
/// `related`), once each; links to items not in them are counted in `missing_targets`.
fn item_links(
    item: &Item,
    index: &TextSet,
    missing_targets: &mut BTreeMap<String, usize>,
) -> Vec<Link> {
    let mut links: Vec<Link> = Vec::new();
    for (var, target) in &item.links {
        if *target == item.qid {
            continue;
        }
        if index.find(target).is_some() {
            let rel = Relation::ALL
                .into_iter()
                .find(|r| r.as_str() == var.to_lowercase())
                .unwrap_or(Relation::Related);
            let target = target.to_lowercase();
            if !links.iter().any(|l| l.rel == rel && l.target == target) {
                links.push(Link {
                    rel,
                    target,
                    note: None,
                    external: false,
                });
            }
        } else {
            *missing_targets
                .entry(format!("{var} → {target}"))
                .or_default() += 1;
        }
    }
    links
}

/// One paragraph: how many rows became what, and what was left out or changed on the way.
fn summary(settled: &Settled, rows: usize, grouped: &Grouped, tally: &Tally) -> String {
    let mut parts = vec![format!(
        "{} → {}",
        plural(rows, "row"),
        entity_counts(&settled.kinds)
    )];
    if settled.made_era > 0 {
        parts.push("1 era made to cover them (SPARQL results have no eras)".into());
    }
    parts.push(super::common::skipped_rows(grouped.said.skipped));
    if tally.assumed_year > 0 {
        parts.push(format!(
            "{} assumed year precision (YYYY-01-01 without a precision column)",
            plural(tally.assumed_year, "date")
        ));
    }
    let missing: usize = tally.missing_targets.values().sum();
    if missing > 0 {
        let first: Vec<&str> = tally
            .missing_targets
            .keys()
            .take(3)
            .map(String::as_str)
            .collect();
        parts.push(format!(
            "{} to items not in the results left out ({}{})",
            plural(missing, "link"),
            first.join(", "),
            if tally.missing_targets.len() > 3 {
                ", …"
            } else {
                ""
            }
        ));
    }
    if grouped.said.conflicts > 0 {
        parts.push(format!(
            "{} where an item's rows disagree (the first kept)",
            plural(grouped.said.conflicts, "value")
        ));
    }
    if !grouped.said.unused.is_empty() {
        let names: Vec<&str> = grouped.said.unused.keys().map(String::as_str).collect();
        parts.push(format!("columns not used: {}", names.join(", ")));
    }
    if tally.renamed > 0 {
        parts.push(format!(
            "{} given their date or id to tell them apart",
            plural(tally.renamed, "name")
        ));
    }
    if tally.unlabelled > 0 {
        parts.push(format!(
            "{} without a label named by Q-id",
            plural(tally.unlabelled, "item")
        ));
    }
    if tally.escaped > 0 {
        parts.push(format!(
            "{} with control or bidi characters shown escaped",
            plural(tally.escaped, "text")
        ));
    }
    parts.join(", ")
}

/// "Q7313" from `http://www.wikidata.org/entity/Q7313`.
fn qid_of(uri: &str) -> Option<String> {
    let id = uri
        .strip_prefix(ENTITY)
        .or_else(|| uri.strip_prefix("https://www.wikidata.org/entity/"))?;
    let digits = id.strip_prefix('Q')?;
    (!digits.is_empty() && digits.len() < 12 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| id.to_string())
}

/// A binding's value as text.
fn cell_text(cell: &Value) -> Option<String> {
    let Value::Object(cell) = cell else {
        return None;
    };
    cell.get("value")
        .and_then(Value::as_str)
        .map(str::to_string)
}

/// The kind an instance-of label names: "human" is a person, "treaty" a treaty, a city or
/// island a place, a party or ministry an organisation; None for anything else.
fn kind_of_instance(text: &str) -> Option<Kind> {
    if let Some(kind) = Kind::parse(text) {
        return Some(kind);
    }
    let lower = text.to_lowercase();
    let has = |words: &[&str]| {
        words
            .iter()
            .any(|w| lower.split(|c: char| !c.is_alphanumeric()).any(|x| x == *w))
    };
    // In this order: "island country" is a state, "city council" a body.
    let table: [(Kind, &[&str]); 5] = [
        (
            Kind::Person,
            &["human", "person", "politician", "diplomat", "spy"],
        ),
        (
            Kind::Treaty,
            &[
                "treaty",
                "treaties",
                "agreement",
                "pact",
                "convention",
                "declaration",
                "protocol",
            ],
        ),
        (
            Kind::Organisation,
            &[
                "organisation",
                "organization",
                "party",
                "ministry",
                "agency",
                "army",
                "navy",
                "company",
                "government",
                "state",
                "country",
                "union",
                "council",
                "committee",
            ],
        ),
        (
            Kind::Place,
            &[
                "city",
                "town",
                "village",
                "island",
                "islands",
                "archipelago",
                "peninsula",
                "strait",
                "sea",
                "port",
                "prefecture",
                "oblast",
                "region",
                "krai",
                "territory",
                "place",
                "capital",
                "mountain",
                "river",
                "bay",
                "district",
            ],
        ),
        (
            Kind::Event,
            &[
                "war", "battle", "conflict", "event", "visit", "summit", "incident", "crisis",
            ],
        ),
    ];
    table
        .into_iter()
        .find(|(_, words)| has(words))
        .map(|(kind, _)| kind)
}

/// A Wikidata time value with its precision (11 day, 10 month, 9 year, 8 decade, 7
/// century). Without a precision column, `YYYY-01-01T00:00:00Z` is taken as the year only
/// (the second return value says so): that is how the query service writes a year-only
/// date. Wikidata's own JSON writes it `+YYYY-00-00T00:00:00Z`, read as a year too.
fn wikidata_date(value: &str, precision: Option<&str>) -> Result<(HistDate, bool), String> {
    let text = value.trim();
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let date_part = body.split('T').next().unwrap_or("");
    let mut fields = date_part.splitn(3, '-');
    let bad = || format!("not a Wikidata date: {value:?}");
    let year_text = fields.next().ok_or_else(bad)?;
    let month_text = fields.next().unwrap_or("0");
    let day_text = fields.next().unwrap_or("0");
    let number = |t: &str| -> Result<i64, String> {
        if t.is_empty() || t.len() > 11 || !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        t.parse::<i64>().map_err(|_| bad())
    };
    let mut year = number(year_text)?;
    if negative {
        year = -year;
    }
    if !(-99_999..=99_999).contains(&year) {
        return Err(format!("year {year} is out of range"));
    }
    let month = number(month_text)?;
    let day = number(day_text)?;
    let code = match precision {
        Some(p) => Some(
            p.trim()
                .parse::<u8>()
                .map_err(|_| format!("not a Wikidata precision: {p:?}"))?,
        ),
        None => None,
    };
    let mut assumed = false;
    let code = match code {
        Some(code) => code,
        None if month == 0 => 9,
        None if day == 0 => 10,
        None if month == 1 && day == 1 && body.contains("T00:00:00") => {
            assumed = true;
            9
        }
        None => 11,
    };
    let iso = match code {
        11 => format!("{year}-{month:02}-{day:02}"),
        10 => format!("{year}-{month:02}"),
        9 => format!("{year}"),
        8 => format!("{}s", year.div_euclid(10) * 10),
        7 => {
            let century = (year - 1).div_euclid(100) + 1;
            let suffix = match (century % 10, century % 100) {
                (_, 11..=13) => "th",
                (1, _) => "st",
                (2, _) => "nd",
                (3, _) => "rd",
                _ => "th",
            };
            format!("{century}{suffix} century")
        }
        other => {
            return Err(format!(
                "precision {other} is not one nisso keeps (7 to 11)"
            ));
        }
    };
    HistDate::parse(&iso).map(|d| (d, assumed))
}

/// Coordinates from a WKT `Point(longitude latitude)`.
fn point_coords(text: &str) -> Option<Coords> {
    let inner = text
        .trim()
        .strip_prefix("Point(")
        .or_else(|| text.trim().strip_prefix("POINT("))?
        .strip_suffix(')')?;
    let mut parts = inner.split_whitespace();
    let lon: f64 = parts.next()?.parse().ok()?;
    let lat: f64 = parts.next()?.parse().ok()?;
    if parts.next().is_some() || !lon.is_finite() || !lat.is_finite() {
        return None;
    }
    Some(Coords {
        lat,
        lon,
        external: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_only_dates_stay_years() {
        let (date, assumed) = wikidata_date("1956-01-01T00:00:00Z", Some("9")).unwrap();
        assert_eq!((date.iso(), assumed), ("1956".into(), false));
        let (date, assumed) = wikidata_date("1956-01-01T00:00:00Z", None).unwrap();
        assert_eq!((date.iso(), assumed), ("1956".into(), true));
        let (date, _) = wikidata_date("+1905-00-00T00:00:00Z", None).unwrap();
        assert_eq!(date.iso(), "1905");
        let (date, _) = wikidata_date("1956-10-19T00:00:00Z", None).unwrap();
        assert_eq!(date.iso(), "1956-10-19");
        let (date, _) = wikidata_date("1945-08-01T00:00:00Z", Some("10")).unwrap();
        assert_eq!(date.iso(), "1945-08");
        let (date, _) = wikidata_date("1955-01-01T00:00:00Z", Some("8")).unwrap();
        assert_eq!(date.iso(), "1950s");
        let (date, _) = wikidata_date("1900-01-01T00:00:00Z", Some("7")).unwrap();
        assert_eq!(date.iso(), "19th century");
        assert!(wikidata_date("19x1", None).is_err());
    }

    #[test]
    fn points_are_longitude_then_latitude() {
        let c = point_coords("Point(139.69 35.69)").unwrap();
        assert_eq!((c.lat, c.lon), (35.69, 139.69));
        assert!(point_coords("Point(1)").is_none());
    }
}
