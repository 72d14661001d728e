//! Files of each import format written a row at a time to about a size: the memory
//! tests import them in a child, tests/import_pieces.rs in its own process. Each uses part of it.
#![allow(dead_code)]

/// A writer that counts what it wrote.
struct Counted<'a> {
    out: &'a mut dyn std::io::Write,
    written: usize,
}

impl Counted<'_> {
    fn put(&mut self, text: &str) -> std::io::Result<()> {
        self.written += text.len();
        self.out.write_all(text.as_bytes())
    }
}

/// A slide's text of about 400 characters, different for each `i`.
pub fn slide_text(i: usize) -> String {
    const WORDS: [&str; 8] = [
        "treaty",
        "envoys",
        "fisheries",
        "border",
        "talks",
        "islands",
        "trade",
        "railway",
    ];
    let mut text = String::new();
    for w in 0..60 {
        if w > 0 {
            text.push(' ');
        }
        text.push_str(WORDS[(i * 7 + w * 3 + w / 5) % WORDS.len()]);
        if w % 12 == 11 {
            text.push('.');
        }
    }
    text
}

/// `head`, then rows (`row(i)`, `between` each two) until about `size` bytes and at
/// least three, then `tail`.
pub fn rows(
    out: &mut dyn std::io::Write,
    size: usize,
    (head, between, tail): (&str, &str, &str),
    row: impl Fn(usize) -> String,
) -> std::io::Result<()> {
    let mut out = Counted { out, written: 0 };
    out.put(head)?;
    let mut i = 0;
    while out.written < size || i < 3 {
        if i > 0 {
            out.put(between)?;
        }
        out.put(&row(i))?;
        i += 1;
    }
    out.put(tail)
}

/// A TimelineJS file of about `size` bytes: eras and slides as nisso exports them.
pub fn timelinejs(out: &mut dyn std::io::Write, size: usize) -> std::io::Result<()> {
    let head = "{\"title\": {\"text\": {\"headline\": \"Relations\", \"text\": \"<p>All of them.</p>\"}},\n \"eras\": [{\"start_date\": {\"year\": 1850}, \"end_date\": {\"year\": 1999}, \"text\": {\"headline\": \"All years\"}}],\n \"events\": [\n";
    rows(out, size, (head, ",\n", "\n]}\n"), |i| {
        format!(
            "  {{\"start_date\": {{\"year\": {}, \"month\": {}}}, \"text\": {{\"headline\": \"Visit number {i}\", \"text\": \"<p>{}</p>\"}}, \"group\": \"Diplomacy\", \"unique_id\": \"visit-{i}\"}}",
            1850 + i % 150,
            1 + i % 12,
            slide_text(i)
        )
    })
}

/// A spreadsheet of about `size` bytes in TimelineJS's columns.
pub fn csv(out: &mut dyn std::io::Write, size: usize) -> std::io::Result<()> {
    let head = "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,Media Credit,Media Caption,Media Thumbnail,Type,Group,Background,Unique ID\n";
    rows(out, size, (head, "", ""), |i| {
        format!(
            "{},{},,,,,,,,\"Visit number {i}\",\"<p>{}</p>\",,,,,,Diplomacy,,visit-{i}\n",
            1850 + i % 150,
            1 + i % 12,
            slide_text(i)
        )
    })
}

/// SPARQL results of about `size` bytes: an item a row, with a label, a description, a
/// kind and a dated start.
pub fn wikidata(out: &mut dyn std::io::Write, size: usize) -> std::io::Result<()> {
    let head = "{\"head\": {\"vars\": [\"item\", \"itemLabel\", \"itemDescription\", \"instanceLabel\", \"start\", \"startPrecision\"]},\n \"results\": {\"bindings\": [\n";
    rows(out, size, (head, ",\n", "\n]}}\n"), |i| {
        format!(
            "  {{\"item\": {{\"type\": \"uri\", \"value\": \"http://www.wikidata.org/entity/Q{}\"}}, \"itemLabel\": {{\"type\": \"literal\", \"value\": \"Visit number {i}\", \"xml:lang\": \"en\"}}, \"itemDescription\": {{\"type\": \"literal\", \"value\": \"{}\", \"xml:lang\": \"en\"}}, \"instanceLabel\": {{\"type\": \"literal\", \"value\": \"event\"}}, \"start\": {{\"type\": \"literal\", \"value\": \"{}-05-01T00:00:00Z\", \"datatype\": \"http://www.w3.org/2001/XMLSchema#dateTime\"}}, \"startPrecision\": {{\"type\": \"literal\", \"value\": \"11\"}}}}",
            i + 1,
            &slide_text(i)[..120],
            1850 + i % 150
        )
    })
}

/// A spreadsheet of the smallest rows TimelineJS's template gives: every column, only a
/// year and a headline filled in (about 30 bytes, against several hundred for the entity
/// in memory).
pub fn csv_small_rows(out: &mut dyn std::io::Write, size: usize) -> std::io::Result<()> {
    let head = "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,Media Credit,Media Caption,Media Thumbnail,Type,Group,Background\n";
    rows(out, size, (head, "", ""), |i| {
        format!("{},,,,,,,,,E{i},,,,,,,,\n", 1850 + i % 150)
    })
}

/// A TimelineJS file of the smallest slides: a year and a headline.
pub fn timelinejs_small_rows(out: &mut dyn std::io::Write, size: usize) -> std::io::Result<()> {
    rows(out, size, ("{\"events\": [\n", ",\n", "\n]}\n"), |i| {
        format!(
            "{{\"start_date\": {{\"year\": {}}}, \"text\": {{\"headline\": \"E{i}\"}}}}",
            1850 + i % 150
        )
    })
}

/// SPARQL results of the smallest rows: an item, its label and a start.
pub fn wikidata_small_rows(out: &mut dyn std::io::Write, size: usize) -> std::io::Result<()> {
    let head =
        "{\"head\":{\"vars\":[\"item\",\"itemLabel\",\"start\"]},\"results\":{\"bindings\":[\n";
    rows(out, size, (head, ",\n", "\n]}}\n"), |i| {
        format!(
            "{{\"item\":{{\"type\":\"uri\",\"value\":\"http://www.wikidata.org/entity/Q{}\"}},\"itemLabel\":{{\"type\":\"literal\",\"value\":\"E{i}\"}},\"start\":{{\"type\":\"literal\",\"value\":\"{}-01-01T00:00:00Z\"}}}}",
            i + 1,
            1850 + i % 150
        )
    })
}
