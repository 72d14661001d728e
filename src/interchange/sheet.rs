//! TimelineJS's Google-spreadsheet template as CSV: one row per slide, the `Type` column
//! marking the title row ("title") and eras ("era"). Headers are matched without regard
//! to case or order; `Year` and `Headline` are required. nisso adds a `Unique ID` column
//! on export (TimelineJS ignores columns it does not know) so ids survive a round trip.

use super::common::{
    EraRow, Event, Format, Import, ImportError, Timeline, YearMonthDay, build_timeline, era_span,
    group_of, hist_date, on_timeline, slide_text, timeline_date,
};
use super::html;
use crate::dataset::Catalog;
use crate::model::Media;

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

/// Read a spreadsheet exported as CSV.
pub fn import(file: &str, text: &str) -> Result<Import, ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| ImportError(format!("{file}:1: cannot read the header row: {e}")))?
        .clone();
    let mut columns: Vec<Option<usize>> = vec![None; COLUMNS.len()];
    let mut timeline = Timeline::default();
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
            None => timeline.note(
                "line 1",
                &format!(
                    "column '{}' is not a TimelineJS column (ignored)",
                    header.trim()
                ),
            ),
        }
    }
    let column = |name: &str| {
        COLUMNS
            .iter()
            .position(|c| *c == name)
            .and_then(|c| columns[c])
    };
    let missing: Vec<&str> = ["Year", "Headline"]
        .into_iter()
        .filter(|c| column(c).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(ImportError(format!(
            "{file}:1: the header row has no {} column (found: {})",
            missing.join(" or "),
            headers.iter().collect::<Vec<_>>().join(", ")
        )));
    }
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                return Err(ImportError(format!("{file}:{line}: not CSV: {e}")));
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let location = format!("line {line}");
        let get = |name: &str| -> &str {
            column(name)
                .and_then(|i| record.get(i))
                .map(str::trim)
                .unwrap_or("")
        };
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        timeline.rows += 1;
        let kind = get("Type").to_lowercase();
        let headline = html::to_text(get("Headline"));
        let text = html::to_text(get("Text"));
        if kind == "title" {
            if timeline.title.is_some() {
                timeline.skip(&location, "a second title row");
            } else {
                timeline.title = Some((headline, text));
            }
            continue;
        }
        let start = match read_date(&get, ["Year", "Month", "Day"], true) {
            Ok(Some(date)) => date,
            Ok(None) => {
                timeline.skip(
                    &format!("{location}, column Year"),
                    "empty: a row needs a year",
                );
                continue;
            }
            Err((column, message)) => {
                timeline.skip(&format!("{location}, column {column}"), &message);
                continue;
            }
        };
        let end = match read_date(&get, ["End Year", "End Month", "End Day"], false) {
            Ok(end) => end,
            Err((column, message)) => {
                timeline.skip(&format!("{location}, column {column}"), &message);
                continue;
            }
        };
        for time in ["Time", "End Time"] {
            if !get(time).is_empty() {
                *timeline.dropped.entry("times of day").or_default() += 1;
            }
        }
        if !get("Background").is_empty() {
            *timeline.dropped.entry("slide backgrounds").or_default() += 1;
        }
        if headline.is_empty() {
            timeline.skip(
                &format!("{location}, column Headline"),
                "empty: nisso needs a name",
            );
            continue;
        }
        if kind == "era" {
            let Some(end) = end else {
                timeline.skip(
                    &format!("{location}, column End Year"),
                    "empty: an era needs an end",
                );
                continue;
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
            continue;
        }
        if !kind.is_empty() {
            timeline.note(
                &format!("{location}, column Type"),
                &format!("'{}' is not title or era; read as an event", get("Type")),
            );
        }
        let date = match hist_date(start, end) {
            Ok(date) => date,
            Err(e) => {
                timeline.skip(&format!("{location}, column End Year"), &e);
                continue;
            }
        };
        let media = match get("Media") {
            "" => None,
            url if !crate::check::is_safe_url(url) => {
                timeline.note(
                    &format!("{location}, column Media"),
                    &format!(
                        "'{url}' is not an http(s) address or a relative path (media left out)"
                    ),
                );
                None
            }
            url => Some(Media {
                url: url.to_string(),
                caption: Some(html::to_text(get("Media Caption"))).filter(|s| !s.is_empty()),
                credit: Some(html::to_text(get("Media Credit"))).filter(|s| !s.is_empty()),
                thumbnail: Some(get("Media Thumbnail").to_string()).filter(|s| !s.is_empty()),
            }),
        };
        let display = html::to_text(get("Display Date"));
        let group = html::to_text(get("Group"));
        let id = get("Unique ID");
        timeline.events.push(Event {
            location,
            id: (!id.is_empty()).then(|| id.to_string()),
            headline,
            text,
            date,
            display_date: (!display.is_empty()).then_some(display),
            group: (!group.is_empty()).then_some(group),
            media,
        });
    }
    Ok(build_timeline(Format::Csv, file, timeline))
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
        writer
            .write_record(
                row.iter()
                    .map(|cell| crate::sanitize::terminal(cell).into_owned()),
            )
            .map_err(error)?;
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
        row[at("Text")] = slide_text(entity);
        if let Some(media) = &entity.media {
            row[at("Media")] = media.url.clone();
            row[at("Media Credit")] = media
                .credit
                .as_deref()
                .map(html::escape)
                .unwrap_or_default();
            row[at("Media Caption")] = media
                .caption
                .as_deref()
                .map(html::escape)
                .unwrap_or_default();
            row[at("Media Thumbnail")] = media.thumbnail.clone().unwrap_or_default();
        }
        row[at("Group")] = html::escape(&group_of(entity));
        row[at("Unique ID")] = entity.id.clone();
        writer
            .write_record(
                row.iter()
                    .map(|cell| crate::sanitize::terminal(cell).into_owned()),
            )
            .map_err(error)?;
    }
    for (i, era) in catalog.eras().iter().enumerate() {
        let mut row = blank();
        let (start, end) = era_span(catalog, i);
        put_date(&mut row, "", start);
        put_date(&mut row, "End ", end);
        row[at("Headline")] = html::escape(&era.name);
        row[at("Text")] = html::from_text(&era.summary);
        row[at("Type")] = "era".into();
        writer
            .write_record(
                row.iter()
                    .map(|cell| crate::sanitize::terminal(cell).into_owned()),
            )
            .map_err(error)?;
    }
    let bytes = writer.into_inner().map_err(|e| e.to_string())?;
    let text = String::from_utf8(bytes).map_err(|e| e.to_string())?;
    Ok(Export {
        text,
        undated,
        context,
    })
}
