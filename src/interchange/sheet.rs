//! TimelineJS's Google-spreadsheet template as CSV: one row per slide, the `Type` column
//! marking the title row ("title") and eras ("era"). Headers are matched without regard
//! to case or order; `Year` and `Headline` are required. nisso adds a `Unique ID` column
//! on export (TimelineJS ignores columns it does not know) so ids survive a round trip.

use super::common::{
    EraRow, Import, ImportError, Timeline, YearMonthDay, build_timeline, era_span, group_of,
    hist_date, on_timeline, one_paragraph, slide_html, timeline_date,
};
use super::html;
use super::slide::{self, MediaFields, SlideDate, SlideParts, unlinked_text};
use crate::dataset::Catalog;
use crate::formats::ImportFormat;

/// The template's columns, in its order, and nisso's own last.
pub const COLUMNS: [&str; 19] = [
    "Year",
    "Month",
    "Day",
    "Time",
    "End Year",
    "End Month",
    "End Day",
    "End Time",
    "Display Date",
    "Headline",
    "Text",
    "Media",
    "Media Credit",
    "Media Caption",
    "Media Thumbnail",
    "Type",
    "Group",
    "Background",
    "Unique ID",
];

/// Columns of TimelineJS's template that nisso does not read (their cells are counted as
/// not kept): the media's text for screen readers, and a first version's name for Group.
const TIMELINEJS_ONLY: [&str; 2] = ["Alt Text", "Tag"];

/// Read a spreadsheet exported as CSV.
pub fn import(file: &str, text: &str) -> Result<Import, ImportError> {
    build_timeline(ImportFormat::Csv, file, read(file, text)?)
}

/// The rows of the file, owning their text (the file's text can go before the dataset is
/// built).
pub(crate) fn read(file: &str, text: &str) -> Result<Timeline, ImportError> {
    let mut sheet = Sheet::new(file);
    for record in Records::new(text) {
        sheet.record(record)?;
    }
    sheet.finish()
}

/// The rows of a file read a piece at a time: the file's text is never whole in memory.
/// Only records that end with a line break inside what is read are taken; the rest waits
/// for the next piece, so each record is read exactly as it is in the whole text.
pub(crate) fn read_pieces(
    file: &str,
    mut pieces: crate::files::TextPieces,
) -> Result<Timeline, super::common::ReadOrImport> {
    let mut sheet = Sheet::new(file);
    let mut buffer = String::new();
    let mut line = 1;
    let mut more = true;
    let mut first = true;
    // A record longer than what is read waits until twice as much is read: a long record
    // (or a quote that never closes) is read again a few times, not once per piece.
    let mut wanted = 0;
    while more {
        more = pieces.next_piece(&mut buffer)?;
        if first && !buffer.is_empty() {
            // Spreadsheet programs often start a file with a byte-order mark.
            if let Some(rest) = buffer.strip_prefix('\u{feff}') {
                buffer = rest.to_string();
            }
            first = false;
        }
        if more && buffer.len() < wanted {
            continue;
        }
        let mut records = Records::starting(&buffer, line);
        let consumed = loop {
            let (at, at_line) = (records.at, records.line);
            match records.next() {
                // Line breaks at the end may be a "\r" whose "\n" is in the next piece.
                None if more => break (at, at_line),
                None => break (buffer.len(), records.line),
                Some(_) if more && records.at >= buffer.len() => break (at, at_line),
                Some(record) => sheet.record(record)?,
            }
        };
        line = consumed.1;
        buffer.drain(..consumed.0);
        wanted = buffer.len() * 2;
    }
    Ok(sheet.finish()?)
}

/// The cell of a row that holds the column `name` of `COLUMNS`, as `columns` places them.
fn column_of(columns: &[Option<usize>], name: &str) -> Option<usize> {
    COLUMNS
        .iter()
        .position(|c| *c == name)
        .and_then(|c| columns.get(c).copied().flatten())
}

/// A spreadsheet read a record at a time: the header row, then the rows.
struct Sheet<'f> {
    file: &'f str,
    /// The header row's cells as written, once read.
    headers: Option<Vec<String>>,
    columns: Vec<Option<usize>>,
    timeline: Timeline,
}

impl<'f> Sheet<'f> {
    fn new(file: &'f str) -> Sheet<'f> {
        Sheet {
            file,
            headers: None,
            columns: Vec::new(),
            timeline: Timeline::default(),
        }
    }

    fn unclosed(&self, at: Unclosed, columns: &[&str]) -> ImportError {
        let column = columns.get(at.cell).map_or_else(
            || format!("cell {}", at.cell + 1),
            |c| format!("column {c}"),
        );
        ImportError(format!(
            "{}:{}: the quote that opens {column} on this line is never closed; the rest of the file would be read as one cell",
            self.file, at.line
        ))
    }

    /// The header's cells, trimmed: they name the cells of a row.
    fn names(&self) -> Vec<&str> {
        self.headers.iter().flatten().map(|h| h.trim()).collect()
    }

    fn record(&mut self, record: Result<Record<'_>, Unclosed>) -> Result<(), ImportError> {
        if self.headers.is_none() {
            let headers = match record {
                Ok(record) => record.cells.iter().map(|c| c.to_string()).collect(),
                Err(at) => return Err(self.unclosed(at, &[])),
            };
            return self.header(headers);
        }
        let record = record.map_err(|at| self.unclosed(at, &self.names()))?;
        self.row(&record);
        Ok(())
    }

    fn header(&mut self, headers: Vec<String>) -> Result<(), ImportError> {
        let cells: Vec<&str> = headers.iter().map(String::as_str).collect();
        self.columns = header_columns(&cells, &mut self.timeline);
        let missing: Vec<&str> = ["Year", "Headline"]
            .into_iter()
            .filter(|c| self.column(c).is_none())
            .collect();
        if !missing.is_empty() {
            return Err(ImportError(format!(
                "{}:1: the header row has no {} column (found: {})",
                self.file,
                missing.join(" or "),
                cells.join(", ")
            )));
        }
        self.headers = Some(headers);
        Ok(())
    }

    fn column(&self, name: &str) -> Option<usize> {
        column_of(&self.columns, name)
    }

    fn row(&mut self, record: &Record<'_>) {
        if record.cells.iter().all(|cell| cell.trim().is_empty()) {
            return;
        }
        let columns = &self.columns;
        let get = |name: &str| -> &str {
            let cell = column_of(columns, name)
                .and_then(|i| record.cells.get(i))
                .map_or("", |c| c.trim());
            // The exporter's formula guard comes off the free-text columns (see `guard`).
            if NUMBER_COLUMNS.contains(&name) {
                cell
            } else {
                unguard(cell)
            }
        };
        read_row(&get, record.line, &mut self.timeline);
        // What the columns nisso does not read hold is counted, cell by cell.
        for (i, cell) in record.cells.iter().enumerate() {
            if !cell.trim().is_empty() && !columns.contains(&Some(i)) {
                let name = self
                    .headers
                    .iter()
                    .flatten()
                    .nth(i)
                    .map_or("", |n| n.trim());
                self.timeline.not_kept(
                    format!("cell of column '{name}'"),
                    format!("cells of column '{name}'"),
                );
            }
        }
    }

    /// The rows read; a file without even a header row has no columns.
    fn finish(mut self) -> Result<Timeline, ImportError> {
        if self.headers.is_none() {
            self.header(Vec::new())?;
        }
        Ok(self.timeline)
    }
}

/// Which cell of a row holds each of `COLUMNS` (matched without regard to case); a
/// repeated or unknown header is noted.
fn header_columns(headers: &[&str], timeline: &mut Timeline) -> Vec<Option<usize>> {
    let mut columns: Vec<Option<usize>> = vec![None; COLUMNS.len()];
    for (i, header) in headers.iter().enumerate() {
        let wanted = header.trim().to_lowercase();
        match COLUMNS.iter().position(|c| c.to_lowercase() == wanted) {
            Some(c) if columns[c].is_none() => columns[c] = Some(i),
            Some(_) => timeline.note(
                "line 1",
                &format!(
                    "column '{}' appears twice; the first is read",
                    header.trim()
                ),
            ),
            None if TIMELINEJS_ONLY
                .iter()
                .any(|c| c.eq_ignore_ascii_case(&wanted)) =>
            {
                timeline.note(
                    "line 1",
                    &format!(
                        "column '{}' is TimelineJS's, but nisso has no place for it (ignored)",
                        header.trim()
                    ),
                )
            }
            None => timeline.note(
                "line 1",
                &format!(
                    "column '{}' is not a TimelineJS column (ignored)",
                    header.trim()
                ),
            ),
        }
    }
    columns
}

/// One row that is not empty, on `line`: the title, an era or an event, or a skip with
/// its reason. `get` gives a column's cell.
fn read_row<'a>(get: &dyn Fn(&str) -> &'a str, line: usize, timeline: &mut Timeline) {
    let location = format!("line {line}");
    timeline.rows += 1;
    let kind = get("Type").to_lowercase();
    if kind == "title" {
        let headline = unlinked_text(get("Headline"), "the title slide", timeline);
        let text = unlinked_text(get("Text"), "the title slide", timeline);
        if timeline.title.is_some() {
            timeline.skip(&location, "a second title row");
        } else {
            timeline.title = Some((one_paragraph(&headline), text));
        }
        if !get("Media").is_empty() {
            timeline.not_kept("title slide media", "title slide media");
        }
        if !get("Background").is_empty() {
            timeline.not_kept("title slide background", "title slide backgrounds");
        }
        return;
    }
    let date = match read_row_date(get, &location) {
        Ok(date) => date,
        Err((location, message)) => {
            timeline.skip(&location, &message);
            return;
        }
    };
    for time in ["Time", "End Time"] {
        if !get(time).is_empty() {
            timeline.not_kept("time of day", "times of day");
        }
    }
    if !get("Background").is_empty() {
        let what = if kind == "era" { "era" } else { "slide" };
        timeline.not_kept(format!("{what} background"), format!("{what} backgrounds"));
    }
    if kind == "era" {
        read_era_row(get, &location, date, timeline);
        return;
    }
    if !kind.is_empty() {
        timeline.note(
            &format!("{location}, column Type"),
            &format!("'{}' is not title or era; read as an event", get("Type")),
        );
    }
    let date = match date {
        RowDate::Slide(date) => date,
        RowDate::Days(start, end) => match hist_date(start, end) {
            Ok(date) => SlideDate::Placed(date),
            Err(e) => {
                timeline.skip(&format!("{location}, column End Year"), &e);
                return;
            }
        },
    };
    let fields = MediaFields {
        url: get("Media"),
        caption: get("Media Caption"),
        credit: get("Media Credit"),
        thumbnail: get("Media Thumbnail"),
    };
    let at = |field: &str| {
        let column = match field {
            "url" => "Media",
            "caption" => "Media Caption",
            "credit" => "Media Credit",
            _ => "Media Thumbnail",
        };
        format!("{location}, column {column}")
    };
    let media = slide::media_of(&fields, &at, timeline);
    let headline = unlinked_text(get("Headline"), "headlines", timeline);
    let (text, links) =
        slide::linked_text(get("Text"), &format!("{location}, column Text"), timeline);
    let display = html::to_text(get("Display Date"));
    let group = html::to_text(get("Group"));
    let id = get("Unique ID");
    let parts = SlideParts {
        location,
        id: (!id.is_empty()).then(|| id.to_string()),
        headline,
        text,
        links,
        date,
        display_date: (!display.is_empty()).then_some(display),
        group: (!group.is_empty()).then_some(group),
        media,
    };
    let event = slide::event(parts, timeline);
    timeline.push_event(event);
}

/// A row's dates: an event's (or its years as written, beyond nisso's), or the start and
/// end an era needs; else the location and why not.
enum RowDate {
    Slide(SlideDate),
    Days(YearMonthDay, Option<YearMonthDay>),
}

fn read_row_date<'a>(
    get: &dyn Fn(&str) -> &'a str,
    location: &str,
) -> Result<RowDate, (String, String)> {
    let (start_year, end_year) = (get("Year"), get("End Year"));
    let era = get("Type").eq_ignore_ascii_case("era");
    if !era && (slide::beyond_years(start_year) || slide::beyond_years(end_year)) {
        return Ok(RowDate::Slide(SlideDate::Beyond {
            start: start_year.to_string(),
            end: (!end_year.is_empty()).then(|| end_year.to_string()),
        }));
    }
    let at = |column: &str| format!("{location}, column {column}");
    let start = match read_date(&get, ["Year", "Month", "Day"], true) {
        Ok(Some(date)) => date,
        Ok(None) => return Err((at("Year"), "empty: a row needs a year".into())),
        Err((column, message)) => return Err((at(column), message)),
    };
    match read_date(&get, ["End Year", "End Month", "End Day"], false) {
        Ok(end) => Ok(RowDate::Days(start, end)),
        Err((column, message)) => Err((at(column), message)),
    }
}

/// An era's row: it needs a headline and an end.
fn read_era_row<'a>(
    get: &dyn Fn(&str) -> &'a str,
    location: &str,
    date: RowDate,
    timeline: &mut Timeline,
) {
    let RowDate::Days(start, end) = date else {
        timeline.skip(
            &format!("{location}, column Year"),
            "beyond the years nisso holds: an era needs years it can place",
        );
        return;
    };
    let headline = one_paragraph(&unlinked_text(get("Headline"), "era texts", timeline));
    if headline.trim().is_empty() {
        timeline.skip(
            &format!("{location}, column Headline"),
            "empty: an era needs a name",
        );
        return;
    }
    let text = unlinked_text(get("Text"), "era texts", timeline);
    let Some(end) = end else {
        timeline.skip(
            &format!("{location}, column End Year"),
            "empty: an era needs an end",
        );
        return;
    };
    let dates = (
        hist_date(start, None),
        hist_date(end, None),
        hist_date(start, Some(end)),
    );
    match dates {
        (Ok(start), Ok(end), Ok(_)) => timeline.eras.push(EraRow {
            headline,
            text,
            start,
            end,
        }),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
            timeline.skip(&format!("{location}, column End Year"), &e)
        }
    }
}

/// The columns of numbers the importer parses (a year may be negative, "-660"): written
/// from integers, they can hold nothing but digits and a sign, so no formula; they are
/// neither guarded nor unguarded. Every other column is text (or an address or id) and is.
const NUMBER_COLUMNS: [&str; 6] = ["Year", "Month", "Day", "End Year", "End Month", "End Day"];

/// What makes a spreadsheet read a cell as a formula (OWASP's CSV injection list).
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text cell made safe to open in a spreadsheet: one that starts like a formula gets a
/// `'` in front (OWASP's advice; spreadsheets show the text without it). So that the
/// importer can take exactly that `'` off again, a cell that starts with `'` followed by a
/// formula character or another `'` gets one too: `unguard(guard(x)) == x` for every x,
/// and a hand-written "'Tis" is read as it is.
pub fn guard(cell: &str) -> std::borrow::Cow<'_, str> {
    let mut chars = cell.chars();
    let first = chars.next();
    let second = chars.next();
    let guarded = first.is_some_and(|c| FORMULA_START.contains(&c))
        || (first == Some('\'') && second.is_some_and(|c| c == '\'' || FORMULA_START.contains(&c)));
    if guarded {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// A text cell as it was before `guard`.
pub fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(|c| c == '\'' || FORMULA_START.contains(&c)) => rest,
        _ => cell,
    }
}

/// A record of a CSV text: its cells and the line it starts on.
struct Record<'a> {
    line: usize,
    cells: Vec<std::borrow::Cow<'a, str>>,
}

/// Where a quoted cell opened that never closes.
struct Unclosed {
    line: usize,
    cell: usize,
}

/// The records of a CSV text (RFC 4180: `,` between cells, a line break between records,
/// `"` around a cell that holds them, `""` for a quote inside one), read in one pass with
/// cells borrowed from the text unless a `""` had to be undone. Read as spreadsheets
/// write it: a quote inside an unquoted cell is text, text after a closing quote is kept,
/// empty lines are skipped; a quote that never closes is an error with its line, where a
/// lenient reader would silently make the rest of the file one cell.
struct Records<'a> {
    text: &'a str,
    at: usize,
    line: usize,
}

impl<'a> Records<'a> {
    fn new(text: &'a str) -> Records<'a> {
        Records::starting(text, 1)
    }

    /// The records of a piece of a text that starts at a record, on `line`.
    fn starting(text: &'a str, line: usize) -> Records<'a> {
        Records { text, at: 0, line }
    }

    /// The length of the line break at `at` (0 when there is none).
    fn line_break(&self, at: usize) -> usize {
        match self.text.as_bytes().get(at) {
            Some(b'\n') => 1,
            Some(b'\r') if self.text.as_bytes().get(at + 1) == Some(&b'\n') => 2,
            Some(b'\r') => 1,
            _ => 0,
        }
    }

    /// A quoted cell starting after its opening quote at `self.at`; leaves `self.at` at the
    /// cell's end (a comma, line break or the end of the text).
    fn quoted(&mut self, cell: usize) -> Result<std::borrow::Cow<'a, str>, Unclosed> {
        let opened = Unclosed {
            line: self.line,
            cell,
        };
        let bytes = self.text.as_bytes();
        let start = self.at;
        let mut owned: Option<String> = None;
        let mut piece = start;
        let mut i = start;
        loop {
            let Some(offset) = self.text[i..].find(['"', '\n', '\r']) else {
                return Err(opened);
            };
            i += offset;
            match bytes[i] {
                b'"' if bytes.get(i + 1) == Some(&b'"') => {
                    // An escaped quote: keep the text up to and with one quote.
                    owned
                        .get_or_insert_with(String::new)
                        .push_str(&self.text[piece..=i]);
                    i += 2;
                    piece = i;
                }
                b'"' => break,
                _ => {
                    let len = self.line_break(i);
                    self.line += 1;
                    i += len;
                }
            }
        }
        let inside = &self.text[piece..i];
        // Text between the closing quote and the next comma or line break is kept.
        let after = i + 1;
        let end = self.text[after..]
            .find([',', '\n', '\r'])
            .map_or(self.text.len(), |n| after + n);
        self.at = end;
        let tail = &self.text[after..end];
        Ok(match owned {
            None if tail.is_empty() => std::borrow::Cow::Borrowed(inside),
            None => format!("{inside}{tail}").into(),
            Some(mut text) => {
                text.push_str(inside);
                text.push_str(tail);
                text.into()
            }
        })
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = Result<Record<'a>, Unclosed>;

    fn next(&mut self) -> Option<Self::Item> {
        // Empty lines are no records.
        loop {
            let len = self.line_break(self.at);
            if len == 0 {
                break;
            }
            self.at += len;
            self.line += 1;
        }
        if self.at >= self.text.len() {
            return None;
        }
        let line = self.line;
        let mut cells = Vec::new();
        loop {
            let cell = if self.text.as_bytes().get(self.at) == Some(&b'"') {
                self.at += 1;
                match self.quoted(cells.len()) {
                    Ok(cell) => cell,
                    Err(unclosed) => {
                        // Nothing more to read: the rest is inside the quote.
                        self.at = self.text.len();
                        return Some(Err(unclosed));
                    }
                }
            } else {
                let end = self.text[self.at..]
                    .find([',', '\n', '\r'])
                    .map_or(self.text.len(), |n| self.at + n);
                let cell = std::borrow::Cow::Borrowed(&self.text[self.at..end]);
                self.at = end;
                cell
            };
            cells.push(cell);
            if self.text.as_bytes().get(self.at) == Some(&b',') {
                self.at += 1;
                continue;
            }
            let len = self.line_break(self.at);
            self.at += len;
            if len > 0 {
                self.line += 1;
            }
            return Some(Ok(Record { line, cells }));
        }
    }
}

/// A date from three columns; None when the year is empty (an error when `required` is
/// false and a month or day is given without it).
fn read_date<'a>(
    get: &dyn Fn(&str) -> &'a str,
    [year_column, month_column, day_column]: [&'static str; 3],
    required: bool,
) -> Result<Option<YearMonthDay>, (&'static str, String)> {
    let year = get(year_column);
    let month = get(month_column);
    let day = get(day_column);
    if year.is_empty() {
        if !required && (!month.is_empty() || !day.is_empty()) {
            return Err((year_column, "empty, but a month or day is given".into()));
        }
        return Ok(None);
    }
    let number = |text: &str, column: &'static str, what: &str, max: i64| {
        let digits = text.strip_prefix('-').unwrap_or(text);
        if digits.is_empty()
            || digits.len() > 5
            || !digits.bytes().all(|b| b.is_ascii_digit())
            || (what != "year" && text.starts_with('-'))
        {
            return Err((column, format!("not a {what}: {text:?}")));
        }
        let value: i64 = text
            .parse()
            .map_err(|_| (column, format!("not a {what}: {text:?}")))?;
        if what != "year" && !(1..=max).contains(&value) {
            return Err((column, format!("not a {what}: {text:?}")));
        }
        Ok(value)
    };
    let year = number(year, year_column, "year", 0)?;
    let month = if month.is_empty() {
        0
    } else {
        number(month, month_column, "month", 12)?
    };
    let day = if day.is_empty() {
        0
    } else {
        if month == 0 {
            return Err((day_column, "a day without a month".into()));
        }
        number(day, day_column, "day", 31)?
    };
    let date = YearMonthDay {
        year: year as i32,
        month: month as u8,
        day: day as u8,
    };
    hist_date(date, None).map_err(|e| (day_column, e))?;
    Ok(Some(date))
}

/// A row's cells as they are written. One rule for this format: the text columns hold
/// what TimelineJS's spreadsheet holds, HTML (escaped as for the JSON export, by the
/// caller); here control and bidi characters become visible escapes and every column
/// but the numbers gets the formula guard.
fn safe_cells(row: &[String]) -> impl Iterator<Item = String> + '_ {
    row.iter().zip(COLUMNS).map(|(cell, column)| {
        let clean = crate::sanitize::terminal(cell);
        if NUMBER_COLUMNS.contains(&column) {
            clean.into_owned()
        } else {
            guard(&clean).into_owned()
        }
    })
}

/// What `export --format csv` writes, and the undated and context entities it leaves out.
pub struct Export {
    pub text: String,
    pub undated: Vec<String>,
    pub context: Vec<String>,
}

/// The dataset as the spreadsheet's rows: the title, dated entities, then the eras.
pub fn export(catalog: &Catalog) -> Result<Export, String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let error = |e: csv::Error| e.to_string();
    writer.write_record(COLUMNS).map_err(error)?;
    let blank = || vec![String::new(); COLUMNS.len()];
    let at = |name: &str| COLUMNS.iter().position(|c| *c == name).unwrap_or(0);
    let put_date = |row: &mut Vec<String>, prefix: &str, date: YearMonthDay| {
        row[at(&format!("{prefix}Year"))] = date.year.to_string();
        if date.month > 0 {
            row[at(&format!("{prefix}Month"))] = date.month.to_string();
        }
        if date.day > 0 {
            row[at(&format!("{prefix}Day"))] = date.day.to_string();
        }
    };
    if let Some(meta) = catalog.meta() {
        let mut row = blank();
        row[at("Headline")] = html::escape(&meta.title);
        row[at("Text")] = html::from_text(&meta.description);
        row[at("Type")] = "title".into();
        writer.write_record(safe_cells(&row)).map_err(error)?;
    }
    let (mut undated, mut context) = (Vec::new(), Vec::new());
    // In the dataset's order (TimelineJS sorts by date itself), so that importing the
    // file again gives the same dataset.
    for entity in catalog.entities() {
        if !on_timeline(entity, &mut undated, &mut context) {
            continue;
        }
        let Some(date) = &entity.date else {
            continue;
        };
        let placed = timeline_date(date);
        let mut row = blank();
        put_date(&mut row, "", placed.start);
        if let Some(end) = placed.end {
            put_date(&mut row, "End ", end);
        }
        if let Some(display) = entity
            .display_date
            .clone()
            .or_else(|| (!placed.exact).then(|| date.human()))
        {
            row[at("Display Date")] = html::escape(&display);
        }
        row[at("Headline")] = html::escape(&entity.name);
        let texts = slide_html(entity);
        row[at("Text")] = texts.text;
        // An address goes out only when it passes the allowlist (a relative path that
        // passes starts with a letter, digit, '.', '_' or '/': never like a formula).
        if let Some(media) = &entity.media
            && crate::check::is_safe_url(&media.url)
        {
            row[at("Media")] = media.url.clone();
            row[at("Media Credit")] = texts.credit.unwrap_or_default();
            row[at("Media Caption")] = texts.caption.unwrap_or_default();
            row[at("Media Thumbnail")] = media
                .thumbnail
                .clone()
                .filter(|t| crate::check::is_safe_url(t))
                .unwrap_or_default();
        }
        row[at("Group")] = html::escape(&group_of(entity));
        row[at("Unique ID")] = entity.id.clone();
        writer.write_record(safe_cells(&row)).map_err(error)?;
    }
    for (i, era) in catalog.eras().iter().enumerate() {
        let mut row = blank();
        let (start, end) = era_span(catalog, i);
        put_date(&mut row, "", start);
        put_date(&mut row, "End ", end);
        row[at("Headline")] = html::escape(&era.name);
        row[at("Text")] = html::from_text(&era.summary);
        row[at("Type")] = "era".into();
        writer.write_record(safe_cells(&row)).map_err(error)?;
    }
    let bytes = writer.into_inner().map_err(|e| e.to_string())?;
    let text = String::from_utf8(bytes).map_err(|e| e.to_string())?;
    Ok(Export {
        text,
        undated,
        context,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<(usize, Vec<String>)> {
        Records::new(text)
            .map(|r| {
                let r = r.unwrap_or_else(|u| panic!("unclosed at {}:{}", u.line, u.cell));
                (r.line, r.cells.iter().map(|c| c.to_string()).collect())
            })
            .collect()
    }

    #[test]
    fn records_are_read_as_spreadsheets_write_them() {
        assert_eq!(
            read("a,b\r\n\r\n\"x, \"\"y\"\"\nz\",w\n1,\n"),
            [
                (1, vec!["a".into(), "b".into()]),
                (3, vec!["x, \"y\"\nz".into(), "w".into()]),
                (5, vec!["1".into(), String::new()]),
            ]
        );
        // A quote inside an unquoted cell is text; text after a closing quote is kept.
        assert_eq!(
            read("a\"b,\"c\"d\ne"),
            [(1, vec!["a\"b".into(), "cd".into()]), (2, vec!["e".into()])]
        );
        let mut records = Records::new("a,b\nc,\"open\nmore\nrows\n");
        assert!(records.next().unwrap().is_ok());
        let unclosed = records.next().unwrap().err().unwrap();
        assert_eq!((unclosed.line, unclosed.cell), (2, 1));
        assert!(records.next().is_none());
    }
}
