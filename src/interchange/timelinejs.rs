//! TimelineJS 3 JSON: `{"title": slide, "events": [slide...], "eras": [era...]}`, a slide
//! being `{start_date, end_date, display_date, text: {headline, text}, media, group,
//! unique_id}` and a date `{year, month, day, hour, minute, ...}` (numbers or strings).

use super::common::{
    EraRow, Event, Import, ImportError, Timeline, YearMonthDay, build_timeline, era_span, group_of,
    hist_date, on_timeline, one_paragraph, parse, raw_type, slide_html, timeline_date,
};
use super::html;
use super::slide::{self, MediaFields, SlideDate, SlideMedia, SlideParts, unlinked_text};
use crate::dataset::Catalog;
use crate::formats::ImportFormat;
use crate::model::WebLink;
use serde_json::value::RawValue;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// Read a TimelineJS 3 JSON text. The file is checked as JSON whole, but read a slide at a
/// time: each slide becomes a `serde_json::Value` only while it is read, so the memory an
/// import takes is about the file and the dataset it makes, not a tree of the whole file.
pub fn import(file: &str, text: &str) -> Result<Import, ImportError> {
    build_timeline(ImportFormat::TimelineJs, file, read(file, text)?)
}

/// The rows of the file, owning their text (the file's text can go before the dataset is
/// built).
pub(crate) fn read(file: &str, text: &str) -> Result<Timeline, ImportError> {
    read_json(file, &mut serde_json::Deserializer::from_str(text))
}

/// The rows of a file read a piece at a time: the file's text is never whole in memory,
/// each slide is read and made an entity before the next is read.
pub(crate) fn read_pieces(
    file: &str,
    pieces: crate::files::TextPieces,
) -> Result<Timeline, ImportError> {
    let mut reader = std::io::BufReader::with_capacity(1 << 16, pieces);
    super::common::skip_bom(&mut reader);
    read_json(
        file,
        &mut serde_json::Deserializer::from_reader(&mut reader),
    )
}

/// The file's top object as read: the slides already read into their own timeline (their
/// notes go after the title's), the other fields kept raw, as the file last gives each.
#[derive(Default)]
struct Top {
    /// None until "events" is read; then None when it is a list, else its type.
    events: Option<Option<&'static str>>,
    slides: Timeline,
    others: BTreeMap<String, Box<RawValue>>,
}

/// Reads the top object: the slides one at a time, the rest raw.
struct TopVisitor<'t>(&'t mut Top);

/// Reads "events": each slide raw, then made an entity, then dropped.
struct EventsSeed<'t>(&'t mut Timeline);

/// What a visited value is that is not what was wanted (its contents skipped), as
/// `raw_type` says it.
macro_rules! other_types {
    () => {
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok(Some("a boolean"))
        }
        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            Ok(Some("a number"))
        }
        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            Ok(Some("a number"))
        }
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok(Some("a number"))
        }
        fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
            Ok(Some("text"))
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(Some("null"))
        }
    };
}

impl<'de> serde::de::Visitor<'de> for TopVisitor<'_> {
    /// None for an object, else the type found.
    type Value = Option<&'static str>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a TimelineJS object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "events" {
                // A second "events" replaces the first, as for any repeated key.
                self.0.slides = Timeline::default();
                self.0.events = Some(map.next_value_seed(EventsSeed(&mut self.0.slides))?);
            } else {
                let raw: Box<RawValue> = map.next_value()?;
                self.0.others.insert(key, raw);
            }
        }
        Ok(None)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(Some("a list"))
    }

    other_types!();
}

impl<'de> serde::de::DeserializeSeed<'de> for EventsSeed<'_> {
    /// None for a list, else the type found.
    type Value = Option<&'static str>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for EventsSeed<'_> {
    type Value = Option<&'static str>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of slides")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let timeline = self.0;
        let mut i = 0;
        while let Some(slide) = seq.next_element::<Box<RawValue>>()? {
            timeline.rows += 1;
            let location = format!("events[{i}]");
            match read_event(&location, &parse(&slide), timeline) {
                Ok(event) => timeline.push_event(event),
                Err(message) => timeline.skip(&location_of(&location, &message), &message.1),
            }
            i += 1;
        }
        Ok(None)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map
            .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
            .is_some()
        {}
        Ok(Some("an object"))
    }

    other_types!();
}

/// The rows of a TimelineJS text, from `de`: the file is checked as JSON whole before its
/// shape is judged, as when it was parsed whole.
fn read_json<'de, R: serde_json::de::Read<'de>>(
    file: &str,
    de: &mut serde_json::Deserializer<R>,
) -> Result<Timeline, ImportError> {
    let not_json = |e: serde_json::Error| {
        ImportError(format!(
            "{file}:{}:{}: not JSON: {}",
            e.line(),
            e.column(),
            strip_position(&e.to_string())
        ))
    };
    let mut top = Top::default();
    let found = serde::Deserializer::deserialize_any(&mut *de, TopVisitor(&mut top))
        .and_then(|found| de.end().map(|()| found))
        .map_err(not_json)?;
    if let Some(found) = found {
        return Err(ImportError(format!(
            "{file}: at .: expected a TimelineJS object with \"events\", found {found}"
        )));
    }
    match top.events {
        Some(None) => {}
        Some(Some(other)) => {
            return Err(ImportError(format!(
                "{file}: at events: expected a list of slides, found {other}"
            )));
        }
        None => {
            return Err(ImportError(format!(
                "{file}: at events: missing; a TimelineJS file lists its slides in \"events\""
            )));
        }
    }
    let top_others = top.others;
    let mut timeline = Timeline::default();
    match top_others.get("title").map(|raw| parse(raw)) {
        None | Some(Value::Null) => {}
        Some(Value::Object(title)) => {
            timeline.rows += 1;
            read_title(&title, &mut timeline);
        }
        Some(other) => timeline.skip(
            "title",
            &format!("expected a slide object, found {}", type_name(&other)),
        ),
    }
    timeline.append(top.slides);
    let top = top_others;
    match top.get("eras") {
        None => {}
        Some(eras) if raw_type(eras) == "null" => {}
        Some(eras) if raw_type(eras) == "a list" => {
            let eras: Vec<&RawValue> = serde_json::from_str(eras.get()).map_err(not_json)?;
            for (i, era) in eras.iter().enumerate() {
                timeline.rows += 1;
                let location = format!("eras[{i}]");
                match read_era(&parse(era), &mut timeline) {
                    Ok(era) => timeline.eras.push(era),
                    Err(message) => timeline.skip(&location_of(&location, &message), &message.1),
                }
            }
        }
        Some(other) => timeline.skip(
            "eras",
            &format!("expected a list of eras, found {}", raw_type(other)),
        ),
    }
    for key in top.keys() {
        if !["title", "events", "eras", "scale"].contains(&key.as_str()) {
            timeline.note(key, "not a TimelineJS field nisso reads (ignored)");
            timeline.not_kept(
                format!("'{key}' field of the file"),
                format!("'{key}' fields of the file"),
            );
        }
    }
    // The human scale is nisso's own; a cosmological one is said by the years themselves.
    if let Some(scale) = top.get("scale").map(|raw| parse(raw))
        && !is_empty(&scale)
        && scale != "human"
    {
        timeline.not_kept("timeline scale", "timeline scales");
    }
    Ok(timeline)
}

/// The title slide: its headline and text become the dataset's title and description;
/// what else it holds (media, a background) is counted as not kept.
fn read_title(title: &Map<String, Value>, timeline: &mut Timeline) {
    let text = title.get("text").and_then(Value::as_object);
    let get = |key: &str, timeline: &mut Timeline| {
        text.and_then(|t| t.get(key))
            .and_then(Value::as_str)
            .map(|html| unlinked_text(html, "the title slide", timeline))
            .unwrap_or_default()
    };
    let headline = one_paragraph(&get("headline", timeline));
    let description = get("text", timeline);
    timeline.title = Some((headline, description));
    for (key, value) in title {
        if key != "text" && !is_empty(value) {
            let (one, many) = match key.as_str() {
                "media" => (
                    "title slide media".to_string(),
                    "title slide media".to_string(),
                ),
                "background" => (
                    "title slide background".to_string(),
                    "title slide backgrounds".to_string(),
                ),
                other => (
                    format!("'{other}' field of the title slide"),
                    format!("'{other}' fields of the title slide"),
                ),
            };
            timeline.not_kept(one, many);
        }
    }
}

/// Whether a value holds nothing: null, empty text, or a list or object of such values
/// (TimelineJS's own files write `"group": ""` and dates of empty strings).
fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(items) => items.iter().all(is_empty),
        Value::Object(fields) => fields.values().all(is_empty),
        Value::Bool(_) | Value::Number(_) => false,
    }
}

/// Counts each field of `object` that nisso does not read and that holds something, as
/// "'location' fields" (with `prefix`: "'media.link' fields").
fn count_unread(object: &Map<String, Value>, read: &[&str], prefix: &str, timeline: &mut Timeline) {
    for (key, value) in object {
        if !read.contains(&key.as_str()) && !is_empty(value) {
            timeline.not_kept(
                format!("'{prefix}{key}' field"),
                format!("'{prefix}{key}' fields"),
            );
        }
    }
}

/// A problem inside a slide: the field's path below the slide, and the message.
type Problem = (String, String);

fn location_of(slide: &str, problem: &Problem) -> String {
    if problem.0.is_empty() {
        slide.to_string()
    } else {
        format!("{slide}.{}", problem.0)
    }
}

fn problem(path: &str, message: impl Into<String>) -> Problem {
    (path.to_string(), message.into())
}

/// The fields of a slide nisso reads (the rest are counted as not kept).
const SLIDE_FIELDS: [&str; 9] = [
    "start_date",
    "end_date",
    "display_date",
    "text",
    "media",
    "group",
    "background",
    "unique_id",
    // TimelineJS's own switch for turning addresses in the text into links.
    "autolink",
];

fn read_event(location: &str, slide: &Value, timeline: &mut Timeline) -> Result<Event, Problem> {
    let Value::Object(slide) = slide else {
        return Err(problem(
            "",
            format!("expected a slide object, found {}", type_name(slide)),
        ));
    };
    let date = read_slide_date(slide, timeline)?;
    let (headline, (text, links)) = read_text(slide, location, timeline)?;
    let display_date = match slide.get("display_date") {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(html::to_text(s)),
        None | Some(Value::Null) | Some(Value::String(_)) => slide
            .get("start_date")
            .and_then(|d| d.get("display_date"))
            .and_then(Value::as_str)
            .filter(|s| !s.trim().is_empty())
            .map(html::to_text),
        Some(other) => {
            return Err(problem(
                "display_date",
                format!("expected text, found {}", type_name(other)),
            ));
        }
    };
    let group = optional_text(slide, "group")?;
    let id = match slide.get("unique_id") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(Value::String(s)) => Some(s.trim().to_string()),
        Some(other) => {
            return Err(problem(
                "unique_id",
                format!("expected text, found {}", type_name(other)),
            ));
        }
    };
    let media = match slide.get("media") {
        None | Some(Value::Null) => SlideMedia::default(),
        Some(Value::Object(media)) => read_media(location, media, timeline),
        Some(other) => {
            return Err(problem(
                "media",
                format!("expected an object, found {}", type_name(other)),
            ));
        }
    };
    if slide.get("background").is_some_and(|b| !is_empty(b)) {
        timeline.not_kept("slide background", "slide backgrounds");
    }
    count_unread(slide, &SLIDE_FIELDS, "", timeline);
    let parts = SlideParts {
        location: location.to_string(),
        id,
        headline,
        text,
        links,
        date,
        display_date,
        group,
        media,
    };
    Ok(slide::event(parts, timeline))
}

/// A slide's start and end: placed, or the years as written when either is beyond
/// nisso's (the slide is kept undated).
fn read_slide_date(
    slide: &Map<String, Value>,
    timeline: &mut Timeline,
) -> Result<SlideDate, Problem> {
    let beyond = |key: &str| {
        let year = slide.get(key)?.get("year")?;
        let year = match year {
            Value::String(s) => s.trim().to_string(),
            Value::Number(n) => n.to_string(),
            _ => return None,
        };
        slide::beyond_years(&year).then_some(year)
    };
    let (start_beyond, end_beyond) = (beyond("start_date"), beyond("end_date"));
    if let Some(start) = start_beyond.clone().or_else(|| {
        end_beyond.is_some().then(|| {
            slide
                .get("start_date")
                .and_then(|d| d.get("year"))
                .map(|y| y.as_str().map_or_else(|| y.to_string(), str::to_string))
                .unwrap_or_default()
        })
    }) {
        let end = end_beyond.or_else(|| {
            let year = slide.get("end_date")?.get("year")?;
            Some(
                year.as_str()
                    .map_or_else(|| year.to_string(), str::to_string),
            )
        });
        return Ok(SlideDate::Beyond { start, end });
    }
    let start = match slide.get("start_date") {
        Some(date) => read_date("start_date", date, timeline)?,
        None => return Err(problem("start_date", "missing: a slide needs a start date")),
    };
    let end = match slide.get("end_date") {
        None | Some(Value::Null) => None,
        Some(date) if is_empty(date) => None,
        Some(date) => Some(read_date("end_date", date, timeline)?),
    };
    let date = hist_date(start, end).map_err(|e| problem("end_date", e))?;
    Ok(SlideDate::Placed(date))
}

fn read_media(location: &str, media: &Map<String, Value>, timeline: &mut Timeline) -> SlideMedia {
    let get = |key: &str| media.get(key).and_then(Value::as_str).unwrap_or("");
    let fields = MediaFields {
        url: get("url"),
        caption: get("caption"),
        credit: get("credit"),
        thumbnail: get("thumbnail"),
    };
    count_unread(
        media,
        &["url", "caption", "credit", "thumbnail"],
        "media.",
        timeline,
    );
    let at = |field: &str| format!("{location}.media.{field}");
    slide::media_of(&fields, &at, timeline)
}

fn optional_text(slide: &Map<String, Value>, key: &str) -> Result<Option<String>, Problem> {
    match slide.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => {
            let text = html::to_text(s);
            Ok((!text.is_empty()).then_some(text))
        }
        Some(other) => Err(problem(
            key,
            format!("expected text, found {}", type_name(other)),
        )),
    }
}

/// Headline and text, as plain text; the text with the addresses of its links.
type SlideText = (String, (String, Vec<WebLink>));

fn read_text(
    slide: &Map<String, Value>,
    location: &str,
    timeline: &mut Timeline,
) -> Result<SlideText, Problem> {
    let text = match slide.get("text") {
        None | Some(Value::Null) => return Ok(Default::default()),
        Some(Value::Object(text)) => text,
        Some(other) => {
            return Err(problem(
                "text",
                format!("expected {{headline, text}}, found {}", type_name(other)),
            ));
        }
    };
    let field = |key: &str| match text.get(key) {
        None | Some(Value::Null) => Ok(""),
        Some(Value::String(s)) => Ok(s.as_str()),
        Some(other) => Err(problem(
            &format!("text.{key}"),
            format!("expected text, found {}", type_name(other)),
        )),
    };
    let (headline, body) = (field("headline")?, field("text")?);
    count_unread(text, &["headline", "text"], "text.", timeline);
    let headline = unlinked_text(headline, "headlines", timeline);
    let body = slide::linked_text(body, &format!("{location}.text.text"), timeline);
    Ok((headline, body))
}

fn read_era(era: &Value, timeline: &mut Timeline) -> Result<EraRow, Problem> {
    let Value::Object(era) = era else {
        return Err(problem(
            "",
            format!("expected an era object, found {}", type_name(era)),
        ));
    };
    let mut ignored = Timeline::default();
    let start = match era.get("start_date") {
        Some(date) => read_date("start_date", date, &mut ignored)?,
        None => return Err(problem("start_date", "missing: an era needs a start date")),
    };
    let end = match era.get("end_date") {
        Some(date) => read_date("end_date", date, &mut ignored)?,
        None => return Err(problem("end_date", "missing: an era needs an end date")),
    };
    let start_date = hist_date(start, None).map_err(|e| problem("start_date", e))?;
    let end_date = hist_date(end, None).map_err(|e| problem("end_date", e))?;
    hist_date(start, Some(end)).map_err(|e| problem("end_date", e))?;
    let (headline, text) = match era.get("text") {
        None | Some(Value::Null) => (String::new(), String::new()),
        Some(Value::Object(text)) => {
            let mut field = |key: &str| match text.get(key) {
                None | Some(Value::Null) => Ok(String::new()),
                Some(Value::String(s)) => Ok(unlinked_text(s, "era texts", timeline)),
                Some(other) => Err(problem(
                    &format!("text.{key}"),
                    format!("expected text, found {}", type_name(other)),
                )),
            };
            (one_paragraph(&field("headline")?), field("text")?)
        }
        Some(other) => {
            return Err(problem(
                "text",
                format!("expected {{headline, text}}, found {}", type_name(other)),
            ));
        }
    };
    if headline.trim().is_empty() {
        return Err(problem("text.headline", "no headline: an era needs a name"));
    }
    Ok(EraRow {
        headline,
        text,
        start: start_date,
        end: end_date,
    })
}

/// The fields of a date nisso reads: the parts of a day, those of a time (counted as
/// "times of day"), and a start's display date (the slide's when it has none).
const DATE_FIELDS: [&str; 8] = [
    "year",
    "month",
    "day",
    "hour",
    "minute",
    "second",
    "millisecond",
    "display_date",
];

/// A TimelineJS date object; year, month and day may be numbers or strings of digits.
fn read_date(path: &str, date: &Value, timeline: &mut Timeline) -> Result<YearMonthDay, Problem> {
    let Value::Object(date) = date else {
        return Err(problem(
            path,
            format!(
                "expected a date object {{year, month, day}}, found {}",
                type_name(date)
            ),
        ));
    };
    let number = |key: &str, what: &str| -> Result<Option<i64>, Problem> {
        let at = format!("{path}.{key}");
        match date.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::Number(n)) => match n.as_i64() {
                Some(n) => Ok(Some(n)),
                None => Err(problem(&at, format!("not a {what}: {n}"))),
            },
            Some(Value::String(s)) => {
                let t = s.trim();
                let digits = t.strip_prefix('-').unwrap_or(t);
                if digits.is_empty()
                    || digits.len() > 5
                    || !digits.bytes().all(|b| b.is_ascii_digit())
                {
                    return Err(problem(
                        &at,
                        format!("not a {what}: {}", Value::String(s.clone())),
                    ));
                }
                t.parse::<i64>()
                    .map(Some)
                    .map_err(|_| problem(&at, format!("not a {what}: {s:?}")))
            }
            Some(other) => Err(problem(&at, format!("not a {what}: {other}"))),
        }
    };
    let Some(year) = number("year", "year")? else {
        return Err(problem(
            &format!("{path}.year"),
            "missing: a date needs a year",
        ));
    };
    if !(-99_999..=99_999).contains(&year) {
        return Err(problem(
            &format!("{path}.year"),
            format!("not a year: {year}"),
        ));
    }
    let month = number("month", "month")?;
    let day = number("day", "day")?;
    if let Some(m) = month
        && !(1..=12).contains(&m)
    {
        return Err(problem(
            &format!("{path}.month"),
            format!("not a month: {m}"),
        ));
    }
    if day.is_some() && month.is_none() {
        return Err(problem(&format!("{path}.day"), "a day without a month"));
    }
    if let Some(d) = day
        && !(1..=31).contains(&d)
    {
        return Err(problem(&format!("{path}.day"), format!("not a day: {d}")));
    }
    if ["hour", "minute", "second", "millisecond"]
        .iter()
        .any(|k| date.get(*k).is_some_and(|v| !v.is_null() && v != ""))
    {
        timeline.not_kept("time of day", "times of day");
    }
    let read: &[&str] = if path == "start_date" {
        &DATE_FIELDS
    } else {
        &DATE_FIELDS[..7]
    };
    count_unread(date, read, &format!("{path}."), timeline);
    let ymd = YearMonthDay {
        year: year as i32,
        month: month.unwrap_or(0) as u8,
        day: day.unwrap_or(0) as u8,
    };
    // A day that does not exist (31 April) is refused by the date parser.
    hist_date(ymd, None).map_err(|e| problem(path, e))?;
    Ok(ymd)
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

fn date_json(date: YearMonthDay) -> Value {
    let mut value = Map::new();
    value.insert("year".into(), json!(date.year));
    if date.month > 0 {
        value.insert("month".into(), json!(date.month));
    }
    if date.day > 0 {
        value.insert("day".into(), json!(date.day));
    }
    Value::Object(value)
}

/// What `export --format timelinejs` writes, and the undated and context entities it
/// leaves out.
pub struct Export {
    pub value: Value,
    pub undated: Vec<String>,
    pub context: Vec<String>,
}

/// The dataset as a TimelineJS 3 file: dated entities as slides, eras as eras.
pub fn export(catalog: &Catalog) -> Export {
    let mut events = Vec::new();
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
        let mut slide = Map::new();
        slide.insert("start_date".into(), date_json(placed.start));
        if let Some(end) = placed.end {
            slide.insert("end_date".into(), date_json(end));
        }
        let display = entity
            .display_date
            .clone()
            .or_else(|| (!placed.exact).then(|| date.human()));
        // One rule for this format: TimelineJS sets every text field of a slide as HTML
        // (innerHTML): the headline, text, display date (the slide's date line), group (the
        // row label of the time navigator), media caption and credit, and the headline and
        // text of eras and the title. All are escaped here (the text is paragraphs of
        // escaped text); the importer reads them back as HTML, so a round trip keeps them.
        // Unique ids are kebab-case and dates are numbers: nothing to escape. Addresses are
        // not text: they go out only when they pass `check::is_safe_url`.
        if let Some(display) = display {
            slide.insert("display_date".into(), json!(html::escape(&display)));
        }
        let texts = slide_html(entity);
        slide.insert(
            "text".into(),
            json!({
                "headline": html::escape(&entity.name),
                "text": texts.text,
            }),
        );
        if let Some(media) = &entity.media
            && crate::check::is_safe_url(&media.url)
        {
            let mut m = Map::new();
            m.insert("url".into(), json!(media.url));
            if let Some(caption) = texts.caption {
                m.insert("caption".into(), json!(caption));
            }
            if let Some(credit) = texts.credit {
                m.insert("credit".into(), json!(credit));
            }
            if let Some(thumbnail) = media
                .thumbnail
                .as_ref()
                .filter(|t| crate::check::is_safe_url(t))
            {
                m.insert("thumbnail".into(), json!(thumbnail));
            }
            slide.insert("media".into(), Value::Object(m));
        }
        slide.insert("group".into(), json!(html::escape(&group_of(entity))));
        slide.insert("unique_id".into(), json!(entity.id));
        events.push(Value::Object(slide));
    }
    let mut eras = Vec::new();
    for (i, era) in catalog.eras().iter().enumerate() {
        let (start, end) = era_span(catalog, i);
        eras.push(json!({
            "start_date": date_json(start),
            "end_date": date_json(end),
            "text": {
                "headline": html::escape(&era.name),
                "text": html::from_text(&era.summary),
            },
        }));
    }
    let mut top = Map::new();
    if let Some(meta) = catalog.meta() {
        top.insert(
            "title".into(),
            json!({"text": {
                "headline": html::escape(&meta.title),
                "text": html::from_text(&meta.description),
            }}),
        );
    }
    top.insert("events".into(), Value::Array(events));
    top.insert("eras".into(), Value::Array(eras));
    Export {
        value: Value::Object(top),
        undated,
        context,
    }
}
