//! `nisso import` and `nisso export --format`: round trips through TimelineJS, its
//! spreadsheet and Wikidata results, malformed files located, dates kept at their
//! precision, Markdown notes, hostile text neutralised. Runs the binary like tests/cli.rs.

use nisso::model::Dataset;
use serde_json::{Value, json};
use std::path::Path;

mod common;

use common::{Sandbox, import_ok, nisso, stderr, stdout, write};

const EXAMPLE: &str = "tests/data/japan-soviet-relations.timeline.json";
const SPARQL: &str = "tests/data/japan-soviet-items.sparql.json";
const CSV: &str = "tests/data/japan-soviet-events.csv";

/// The same dataset but for the record of which file was imported in which format.
fn without_import_record(mut dataset: Dataset) -> Dataset {
    if let Some(meta) = &mut dataset.meta {
        meta.imported = None;
        meta.source.clear();
    }
    dataset
}

fn export(data: &str, format: &str, dir: &Path, name: &str) -> String {
    let out = nisso(&["--data", data, "export", "--format", format]);
    assert!(out.status.success(), "export {format}: {}", stderr(&out));
    write(dir, name, &stdout(&out))
}

#[test]
fn the_example_timeline_imports_with_nothing_skipped_and_passes_check() {
    let dir = Sandbox::new("example");
    let (dataset, text, err) = import_ok("timelinejs", EXAMPLE);
    assert!(err.contains(" 0 rows skipped"), "{err}");
    assert!(!err.contains("(skipped)"), "{err}");
    let events = serde_json::from_str::<Value>(&std::fs::read_to_string(EXAMPLE).unwrap()).unwrap()
        ["events"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(dataset.entities.len(), events);
    // The file is the embedded dataset's export (tests/dataset_fixes.rs keeps it so).
    assert_eq!(dataset.eras.len(), 9, "the file's eras, none made");
    let data = write(&dir, "example.json", &text);
    let check = nisso(&["--data", &data, "check"]);
    assert!(
        check.status.success(),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );
    assert!(
        stdout(&check).contains(", 0 warnings"),
        "{}",
        stdout(&check)
    );
    let meta = dataset.meta.unwrap();
    assert_eq!(meta.title, "Japan–Soviet Union relations");
    let imported = meta.imported.unwrap();
    assert_eq!(
        (imported.format.as_str(), imported.file.as_str()),
        ("timelinejs", "japan-soviet-relations.timeline.json")
    );
}

#[test]
fn timelinejs_import_export_import_is_identical() {
    let dir = Sandbox::new("tl-round-trip");
    let (first, text, _) = import_ok("timelinejs", EXAMPLE);
    let data = write(&dir, "first.json", &text);
    let exported = export(&data, "timelinejs", &dir, "again.timeline.json");
    let (second, _, err) = import_ok("timelinejs", &exported);
    assert!(err.contains(" 0 rows skipped"), "{err}");
    assert_eq!(without_import_record(second), without_import_record(first));
}

#[test]
fn csv_import_export_import_is_identical() {
    let dir = Sandbox::new("csv-round-trip");
    for (format, file) in [("csv", CSV), ("timelinejs", EXAMPLE)] {
        let (first, text, _) = import_ok(format, file);
        let data = write(&dir, "first.json", &text);
        let exported = export(&data, "csv", &dir, "again.csv");
        let (second, _, _) = import_ok("csv", &exported);
        assert_eq!(
            without_import_record(second),
            without_import_record(first),
            "{file}"
        );
    }
}

#[test]
fn the_csv_fixture_keeps_groups_display_dates_media_and_eras() {
    let (dataset, _, err) = import_ok("csv", CSV);
    assert!(err.contains("4 ids made from headlines"), "{err}");
    let entity = |id: &str| dataset.entities.iter().find(|e| e.id == id).unwrap();
    let pact = entity("neutrality-pact");
    assert_eq!(
        pact.kind,
        nisso::model::Kind::Treaty,
        "'treaties' names a kind"
    );
    // ...and stays the label the timeline and the axis group by.
    assert_eq!(pact.group.as_deref(), Some("treaties"));
    // The kind as nisso writes it is the kind alone: an export writes it back.
    let convention = entity("soviet-japanese-basic-convention");
    assert_eq!(
        (convention.kind, convention.group.as_deref()),
        (nisso::model::Kind::Treaty, None)
    );
    let media = pact.media.as_ref().unwrap();
    assert_eq!(media.credit.as_deref(), Some("Russian Archives"));
    assert_eq!(media.caption.as_deref(), Some("Matsuoka signs the pact"));
    let restoration = entity("restoration-of-relations");
    assert_eq!(restoration.kind, nisso::model::Kind::Event);
    assert_eq!(restoration.group.as_deref(), Some("Diplomacy"));
    assert_eq!(restoration.display_date.as_deref(), Some("autumn 1956"));
    assert_eq!(restoration.era, "cold-war-relations");
    let convention = entity("soviet-japanese-basic-convention");
    assert_eq!(
        convention.description,
        "Japan recognised the Soviet Union & restored relations.\n\nJapan agreed to leave northern Sakhalin."
    );
    assert_eq!(
        convention.summary,
        "Japan recognised the Soviet Union & restored relations."
    );
    assert_eq!(
        entity("battles-of-khalkhin-gol").date.unwrap().iso(),
        "1939-05/1939-09"
    );
    assert_eq!(dataset.meta.unwrap().title, "Japan and the USSR in brief");
    // The details show what the timeline kept.
    let dir = Sandbox::new("csv-show");
    let (_, text, _) = import_ok("csv", CSV);
    let data = write(&dir, "events.json", &text);
    let show = stdout(&nisso(&[
        "--data",
        &data,
        "show",
        "restoration-of-relations",
    ]));
    assert!(show.contains("Group: Diplomacy"), "{show}");
    assert!(show.contains("autumn 1956"), "{show}");
    let show = stdout(&nisso(&[
        "--data",
        &data,
        "show",
        "soviet-japanese-basic-convention",
    ]));
    assert!(
        show.contains("restored relations.\n\nJapan agreed"),
        "paragraphs keep their blank line: {show}"
    );
}

#[test]
fn wikidata_import_export_load_is_identical() {
    let dir = Sandbox::new("wd-json");
    let (dataset, text, err) = import_ok("wikidata", SPARQL);
    assert!(err.contains("7 rows → 6 entities"), "{err}");
    assert!(err.contains("1 era made to cover them"), "{err}");
    assert!(err.contains("member_of → Q34266"), "{err}");
    let data = write(&dir, "items.json", &text);
    let out = nisso(&["--data", &data, "export"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), text, "export writes back what import wrote");
    // Several rows of one item are one entity; links by relation name; coordinates.
    let stalin = dataset.entities.iter().find(|e| e.id == "q855").unwrap();
    assert_eq!(stalin.kind, nisso::model::Kind::Person);
    assert_eq!(stalin.links.len(), 1);
    assert_eq!(stalin.links[0].rel, nisso::model::Relation::MemberOf);
    assert_eq!(stalin.links[0].target, "q15180");
    let moscow = dataset.entities.iter().find(|e| e.id == "q649").unwrap();
    assert_eq!(moscow.kind, nisso::model::Kind::Place);
    let coords = moscow.coords.unwrap();
    assert!((coords.lat - 55.7558).abs() < 0.001 && (coords.lon - 37.6178).abs() < 0.001);
    let tokyo = dataset.entities.iter().find(|e| e.id == "q1490").unwrap();
    assert_eq!(tokyo.links[0].rel, nisso::model::Relation::Related);
    let ussr = dataset.entities.iter().find(|e| e.id == "q15180").unwrap();
    assert_eq!(ussr.date.unwrap().iso(), "1922-12-30/1991-12-26");
    assert_eq!(ussr.kind, nisso::model::Kind::Organisation);
    let check = nisso(&["--data", &data, "check"]);
    assert!(check.status.success(), "{}", stdout(&check));
}

#[test]
fn wikidata_through_timelinejs_keeps_names_dates_and_ids() {
    let dir = Sandbox::new("wd-tl");
    let sparql = json!({
        "head": {"vars": ["item", "itemLabel", "date", "datePrecision", "start", "end"]},
        "results": {"bindings": [
            {"item": {"type": "uri", "value": "http://www.wikidata.org/entity/Q15180"},
             "itemLabel": {"type": "literal", "value": "Soviet Union", "xml:lang": "en"},
             "start": {"type": "literal", "value": "1922-12-30T00:00:00Z"},
             "end": {"type": "literal", "value": "1991-12-26T00:00:00Z"}},
            {"item": {"type": "uri", "value": "http://www.wikidata.org/entity/Q17"},
             "itemLabel": {"type": "literal", "value": "Japan", "xml:lang": "en"},
             "date": {"type": "literal", "value": "1956-01-01T00:00:00Z"},
             "datePrecision": {"type": "literal", "value": "9"}},
            {"item": {"type": "uri", "value": "http://www.wikidata.org/entity/Q649"},
             "itemLabel": {"type": "literal", "value": "Moscow", "xml:lang": "en"},
             "date": {"type": "literal", "value": "1945-08-01T00:00:00Z"},
             "datePrecision": {"type": "literal", "value": "10"}},
            {"item": {"type": "uri", "value": "http://www.wikidata.org/entity/Q1490"},
             "itemLabel": {"type": "literal", "value": "Tokyo", "xml:lang": "en"},
             "date": {"type": "literal", "value": "1905-01-01T00:00:00Z"}}
        ]}
    });
    let file = write(&dir, "dated.sparql.json", &sparql.to_string());
    let (first, text, err) = import_ok("wikidata", &file);
    assert!(
        err.contains("1 date assumed year precision"),
        "1905-01-01 without a precision column: {err}"
    );
    let date = |d: &Dataset, id: &str| {
        d.entities
            .iter()
            .find(|e| e.id == id)
            .and_then(|e| e.date)
            .map(|d| d.iso())
    };
    assert_eq!(
        date(&first, "q17").as_deref(),
        Some("1956"),
        "precision 9 is a year"
    );
    assert_eq!(date(&first, "q649").as_deref(), Some("1945-08"));
    assert_eq!(date(&first, "q1490").as_deref(), Some("1905"));
    let data = write(&dir, "dated.json", &text);
    let exported = export(&data, "timelinejs", &dir, "dated.timeline.json");
    let timeline: Value =
        serde_json::from_str(&std::fs::read_to_string(&exported).unwrap()).unwrap();
    let japan = timeline["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["unique_id"] == "q17")
        .unwrap();
    assert_eq!(
        japan["start_date"],
        json!({"year": 1956}),
        "a year has no month or day"
    );
    let (second, _, _) = import_ok("timelinejs", &exported);
    for entity in &first.entities {
        let again = second
            .entities
            .iter()
            .find(|e| e.id == entity.id)
            .unwrap_or_else(|| panic!("{} lost", entity.id));
        assert_eq!(again.name, entity.name);
        assert_eq!(again.date, entity.date, "{}", entity.id);
    }
}

#[test]
fn year_only_timelinejs_dates_stay_years() {
    let (dataset, _, _) = import_ok("timelinejs", EXAMPLE);
    let war = dataset
        .entities
        .iter()
        .find(|e| e.id == "russo-japanese-war")
        .unwrap();
    assert_eq!(war.date.unwrap().iso(), "1904/1905");
    assert_eq!(war.date.unwrap().human(), "1904 – 1905", "never 1 January");
    let portsmouth = dataset
        .entities
        .iter()
        .find(|e| e.id == "treaty-of-portsmouth")
        .unwrap();
    assert_eq!(portsmouth.date.unwrap().iso(), "1905");
}

#[test]
fn embedded_dates_go_to_timelinejs_with_their_precision() {
    let out = nisso(&["export", "--format", "timelinejs"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("undated entities cannot be placed on a TimelineJS timeline"),
        "{}",
        stderr(&out)
    );
    let timeline: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let events = timeline["events"].as_array().unwrap();
    let slide = |id: &str| events.iter().find(|e| e["unique_id"] == id).unwrap();
    assert_eq!(
        slide("soviet-japanese-neutrality-pact")["start_date"],
        json!({"year": 1941, "month": 4, "day": 13})
    );
    // A year, or nisso's own words for what TimelineJS cannot say.
    for event in events {
        let start = &event["start_date"];
        assert!(start["year"].is_i64(), "{event}");
        if start.get("day").is_some() {
            assert!(start.get("month").is_some(), "{event}");
        }
    }
    assert!(
        events.iter().any(|e| e["display_date"]
            .as_str()
            .is_some_and(|d| d.starts_with("c. ") || d.ends_with('s'))),
        "approximate dates and decades carry nisso's words"
    );
    assert!(timeline["eras"].as_array().unwrap().len() >= 9);
    // The default is still the JSON export, byte for byte.
    assert_eq!(
        stdout(&nisso(&["export"])),
        stdout(&nisso(&["export", "--format", "json"]))
    );
}

#[test]
fn a_file_without_eras_gets_one_made_and_events_outside_eras_too() {
    let dir = Sandbox::new("eras");
    let no_eras = json!({"events": [
        {"start_date": {"year": 1905}, "text": {"headline": "Portsmouth"}},
        {"start_date": {"year": "1956", "month": "10"}, "text": {"headline": "Declaration"}}
    ]});
    let file = write(&dir, "no-eras.json", &no_eras.to_string());
    let (dataset, _, err) = import_ok("timelinejs", &file);
    assert!(err.contains("1 era made to cover them"), "{err}");
    assert_eq!(dataset.eras.len(), 1);
    assert_eq!(dataset.eras[0].start.iso(), "1905");
    assert_eq!(dataset.eras[0].end.unwrap().iso(), "1956");
    let outside = json!({
        "events": [
            {"start_date": {"year": 1905}, "text": {"headline": "Portsmouth"}},
            {"start_date": {"year": 1990}, "text": {"headline": "Late"}}
        ],
        "eras": [{"start_date": {"year": 1900}, "end_date": {"year": 1910},
                  "text": {"headline": "Early"}}]
    });
    let file = write(&dir, "outside.json", &outside.to_string());
    let (dataset, _, err) = import_ok("timelinejs", &file);
    assert!(err.contains("1 era made to cover 1 event outside"), "{err}");
    let late = dataset.entities.iter().find(|e| e.id == "late").unwrap();
    assert_eq!(late.era, "other-events");
    let portsmouth = dataset
        .entities
        .iter()
        .find(|e| e.id == "portsmouth")
        .unwrap();
    assert_eq!(portsmouth.era, "early");
}

#[test]
fn malformed_files_fail_with_their_location() {
    let dir = Sandbox::new("malformed");
    let cases: [(&str, &str, &str, &str); 8] = [
        (
            "timelinejs",
            "broken.json",
            "{\"events\": [\n  {\"start_date\": }\n]}",
            ":2:",
        ),
        (
            "timelinejs",
            "shape.json",
            "[1, 2]",
            "expected a TimelineJS object",
        ),
        (
            "timelinejs",
            "date.json",
            r#"{"events": [{"start_date": {"year": 1905}, "text": {"headline": "ok"}},
                           {"start_date": {"year": "19x1"}, "text": {"headline": "bad"}}]}"#,
            "events[1].start_date.year: not a year: \"19x1\"",
        ),
        (
            "csv",
            "no-headline.csv",
            "Year,Month,Text\n1905,,x\n",
            "no Headline column",
        ),
        (
            "csv",
            "bad-year.csv",
            "YEAR,headline\n1905,one\n1906,two\n19x7,three\n1908,four\n",
            "line 4, column Year: not a year",
        ),
        (
            "wikidata",
            "no-bindings.sparql.json",
            r#"{"head": {"vars": ["item"]}, "results": {}}"#,
            "results.bindings: missing",
        ),
        ("wikidata", "broken.sparql.json", "{\"head\": ", ":1:"),
        ("csv", "latin1.csv", "", "not UTF-8"),
    ];
    for (format, name, text, expected) in cases {
        let path = if name == "latin1.csv" {
            let path = dir.join(name);
            std::fs::write(&path, b"Year,Headline\n1905,Portsmouth \xe9\n").unwrap();
            path.display().to_string()
        } else {
            write(&dir, name, text)
        };
        let out = nisso(&["import", format, &path]);
        assert_eq!(out.status.code(), Some(1), "{name}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(expected),
            "{name}: expected {expected:?} in {}",
            stderr(&out)
        );
    }
    // A file that cannot be read at all is a usage error, as for --data.
    let out = nisso(&["import", "csv", &dir.display().to_string()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("it is a directory"),
        "{}",
        stderr(&out)
    );
    // A skipped row is counted; the rows that could be used are still written.
    let path = write(
        &dir,
        "bad-year.csv",
        "YEAR,headline\n1905,one\n1906,two\n19x7,three\n1908,four\n",
    );
    let out = nisso(&["import", "csv", &path]);
    assert!(
        stderr(&out).contains("1 row skipped (see above)"),
        "{}",
        stderr(&out)
    );
    let dataset: Dataset = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(dataset.entities.len(), 3);
}

#[test]
fn hostile_text_is_neutralised() {
    let dir = Sandbox::new("hostile");
    let hostile = json!({
        "title": {"text": {"headline": "Title\u{1b}]0;pwned\u{7}", "text": "<p>ok</p>"}},
        "events": [{
            "start_date": {"year": 1941},
            "text": {
                "headline": "Pact \u{202e}reversed<script>alert(1)</script>",
                "text": "<p>one<script>document.cookie</script></p><p>two \u{9b}2J <style>p{}</style>three</p><p>a <b>bold</b> &lt;move&gt; &amp; <a href=\"x\">link</p>"
            },
            "media": {"url": "javascript:alert(1)", "caption": "c"},
            "group": "Diplomacy\u{7}"
        }]
    });
    let file = write(&dir, "hostile.json", &hostile.to_string());
    let (dataset, text, err) = import_ok("timelinejs", &file);
    assert!(err.contains("media left out"), "{err}");
    assert!(
        err.contains("control or bidi characters shown escaped"),
        "{err}"
    );
    assert!(!text.contains("alert") && !text.contains("cookie") && !text.contains("p{}"));
    let mut raw = Vec::new();
    let mut all = dataset.clone();
    all.texts_mut(|t| raw.push(t.clone()));
    for t in &raw {
        for paragraph in t.split("\n\n") {
            assert!(
                !paragraph.chars().any(nisso::sanitize::is_hostile),
                "{paragraph:?}"
            );
        }
    }
    let pact = &dataset.entities[0];
    assert_eq!(pact.name, "Pact \\u{202e}reversed");
    assert_eq!(pact.media, None);
    assert_eq!(
        pact.description,
        "one\n\ntwo \\u{9b}2J three\n\na bold <move> & link"
    );
    let data = write(&dir, "hostile-data.json", &text);
    let check = nisso(&["--data", &data, "check"]);
    assert!(check.status.success(), "{}", stdout(&check));
    assert!(
        stdout(&check).contains(", 0 warnings"),
        "{}",
        stdout(&check)
    );
    // What goes out is escaped for its format too.
    let timeline = stdout(&nisso(&[
        "--data",
        &data,
        "export",
        "--format",
        "timelinejs",
    ]));
    assert!(timeline.contains("&lt;move&gt; &amp;"), "{timeline}");
}

#[test]
fn markdown_notes_for_an_entity_and_an_era_have_links_and_sources() {
    let out = nisso(&[
        "export",
        "--format",
        "markdown",
        "soviet-japanese-neutrality-pact",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("# Soviet–Japanese Neutrality Pact\n"),
        "{text}"
    );
    assert!(text.contains("Treaty · 13 April 1941\\*"), "{text}");
    assert!(text.contains("**People**"), "{text}");
    assert!(text.contains("- → signed by: Yōsuke Matsuoka"), "{text}");
    assert!(text.contains("## Sources"), "{text}");
    let show = stdout(&nisso(&["show", "soviet-japanese-neutrality-pact"]));
    assert!(
        show.contains("→ signed by: Yōsuke Matsuoka"),
        "the same words as show"
    );

    let eras = stdout(&nisso(&["eras", "--json"]));
    let era: Value = serde_json::from_str(eras.lines().nth(3).unwrap()).unwrap();
    let id = era["id"].as_str().unwrap();
    let out = nisso(&["export", "--format", "markdown", id]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.starts_with(&format!("# {}", era["name"].as_str().unwrap())));
    assert!(
        text.contains("## Soviet–Japanese Neutrality Pact"),
        "{text}"
    );
    assert!(text.contains("### Links (→ out, ← in)"), "{text}");
    assert!(text.contains("### Sources"), "{text}");

    let whole = stdout(&nisso(&["export", "--format", "markdown"]));
    assert!(whole.starts_with("# "));
    assert!(whole.matches("\n## ").count() >= 9, "every era");

    let out = nisso(&[
        "export",
        "--format",
        "markdown",
        "soviet-japanese-neutrality-pakt",
    ]);
    assert_eq!(out.status.code(), Some(2), "an unknown id, as elsewhere");
    assert!(stderr(&out).contains("did you mean"), "{}", stderr(&out));
    let out = nisso(&[
        "export",
        "--format",
        "csv",
        "soviet-japanese-neutrality-pact",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn markdown_escapes_what_the_data_says() {
    let dir = Sandbox::new("markdown");
    let timeline = json!({
        "events": [{
            "start_date": {"year": 1941},
            "text": {"headline": "*Bold* [link](http://x) &lt;b&gt; #tag", "text": "<p>- not a list | pipe _under_</p>"},
            "unique_id": "odd"
        }]
    });
    let file = write(&dir, "odd.json", &timeline.to_string());
    let (_, text, _) = import_ok("timelinejs", &file);
    let data = write(&dir, "odd-data.json", &text);
    let out = nisso(&["--data", &data, "export", "--format", "markdown", "odd"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let markdown = stdout(&out);
    assert!(
        markdown.starts_with("# \\*Bold\\* \\[link\\](http://x) \\<b\\> \\#tag\n"),
        "{markdown}"
    );
    assert!(
        markdown.contains("\\- not a list \\| pipe \\_under\\_"),
        "{markdown}"
    );
    assert!(markdown.contains("## Provenance"), "{markdown}");
    assert!(markdown.contains("odd.json"), "{markdown}");
}

#[test]
fn entries_with_one_name_are_told_apart_and_pass_check() {
    let dir = Sandbox::new("same-name");
    let timeline = json!({"events": [
        {"start_date": {"year": 1956}, "text": {"headline": "Visit to Moscow"}},
        {"start_date": {"year": 1973, "month": 10}, "text": {"headline": "Visit to Moscow"}}
    ]});
    let file = write(&dir, "same.json", &timeline.to_string());
    let (first, text, err) = import_ok("timelinejs", &file);
    assert!(err.contains("1 name given their date"), "{err}");
    let names: Vec<&str> = first.entities.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["Visit to Moscow", "Visit to Moscow (October 1973)"]);
    let ids: Vec<&str> = first.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["visit-to-moscow", "visit-to-moscow-2"]);
    let data = write(&dir, "same-data.json", &text);
    let exported = export(&data, "timelinejs", &dir, "same-again.json");
    let (second, _, _) = import_ok("timelinejs", &exported);
    assert_eq!(without_import_record(second), without_import_record(first));
}

#[test]
fn a_spreadsheet_with_a_byte_order_mark_and_other_columns_imports() {
    let dir = Sandbox::new("bom");
    let file = write(
        &dir,
        "bom.csv",
        "\u{feff}headline,Notes,YEAR,month\r\n\"Treaty, signed\",x,1925,1\r\n",
    );
    let (dataset, _, err) = import_ok("csv", &file);
    assert!(
        err.contains("column 'Notes' is not a TimelineJS column"),
        "{err}"
    );
    assert_eq!(dataset.entities[0].name, "Treaty, signed");
    assert_eq!(dataset.entities[0].date.unwrap().iso(), "1925-01");
}

mod never_panics {
    use nisso::interchange::{ImportFormat, import};
    use proptest::prelude::*;

    /// JSON values of the shapes the importers look for, with anything inside.
    fn json_like() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            any::<f64>().prop_map(serde_json::Value::from),
            "\\PC{0,12}".prop_map(serde_json::Value::from),
            prop::sample::select(vec![
                "http://www.wikidata.org/entity/Q17",
                "1941-04-13T00:00:00Z",
                "+1941-00-00T00:00:00Z",
                "Point(141.3 43.1)",
                "uri",
                "literal",
                "<p>a&amp;b</p><script>x</script>",
            ])
            .prop_map(serde_json::Value::from),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            let keys = prop::sample::select(vec![
                "events",
                "eras",
                "title",
                "start_date",
                "end_date",
                "year",
                "month",
                "day",
                "text",
                "headline",
                "group",
                "unique_id",
                "media",
                "url",
                "display_date",
                "head",
                "vars",
                "results",
                "bindings",
                "item",
                "itemLabel",
                "type",
                "value",
                "P585",
                "P585Precision",
                "P580",
                "P582",
                "coord",
                "datatype",
            ]);
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(serde_json::Value::from),
                prop::collection::btree_map(keys, inner, 0..6).prop_map(|map| {
                    serde_json::Value::Object(
                        map.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
                    )
                }),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn importers_never_panic_on_any_json(value in json_like()) {
            let text = value.to_string();
            for format in [ImportFormat::TimelineJs, ImportFormat::Wikidata] {
                let _ = import(format, "f.json", &text);
            }
        }

        #[test]
        fn importers_never_panic_on_any_text(text in "\\PC{0,200}", rows in prop::collection::vec("[0-9x,\"\\- a-zA-Z\\n]{0,40}", 0..8)) {
            let csv = format!("Year,Month,Day,End Year,Headline,Text,Group,Type\n{}", rows.join("\n"));
            let _ = import(ImportFormat::Csv, "f.csv", &csv);
            for format in [ImportFormat::TimelineJs, ImportFormat::Csv, ImportFormat::Wikidata] {
                let _ = import(format, "f", &text);
            }
        }
    }
}

/// SPARQL results whose rows of one item are apart: the item is built from all its rows,
/// in the order read, as when they are together (the import keeps each item in a
/// temporary file once another item's row comes, and merges a later row in when built).
#[test]
fn an_items_rows_apart_merge_as_rows_together() {
    let row = |q: u32, label: &str, extra: &str| {
        format!(
            "{{\"item\": {{\"type\": \"uri\", \"value\": \"http://www.wikidata.org/entity/Q{q}\"}}, \"itemLabel\": {{\"type\": \"literal\", \"value\": \"{label}\"}}{extra}}}"
        )
    };
    let start = ", \"start\": {\"type\": \"literal\", \"value\": \"1956-10-19T00:00:00Z\"}, \"startPrecision\": {\"type\": \"literal\", \"value\": \"11\"}";
    let linked =
        ", \"related\": {\"type\": \"uri\", \"value\": \"http://www.wikidata.org/entity/Q2\"}";
    let results = |rows: &[String]| {
        format!(
            "{{\"head\": {{\"vars\": [\"item\", \"itemLabel\", \"start\", \"startPrecision\", \"related\"]}}, \"results\": {{\"bindings\": [{}]}}}}",
            rows.join(", ")
        )
    };
    let together = results(&[
        row(1, "Joint Declaration", ""),
        row(1, "Declaration", start),
        row(1, "Joint Declaration", linked),
        row(2, "Moscow", ""),
        row(3, "Tokyo", ""),
    ]);
    let apart = results(&[
        row(1, "Joint Declaration", ""),
        row(2, "Moscow", ""),
        row(1, "Declaration", start),
        row(3, "Tokyo", ""),
        row(1, "Joint Declaration", linked),
    ]);
    let import = |text: &str| {
        let import = nisso::interchange::import(
            nisso::interchange::ImportFormat::Wikidata,
            "items.json",
            text,
        )
        .unwrap();
        let summary = import.summary.clone();
        (import.into_dataset().unwrap(), summary)
    };
    let (together, together_said) = import(&together);
    let (apart, apart_said) = import(&apart);
    assert_eq!(apart, together);
    assert_eq!(apart_said, together_said);
    let declaration = &apart.entities[0];
    assert_eq!(declaration.name, "Joint Declaration");
    assert_eq!(declaration.date.unwrap().iso(), "1956-10-19");
    assert_eq!(declaration.links[0].target, "q2");
    assert!(
        apart_said.contains("1 value where an item's rows disagree"),
        "{apart_said}"
    );
    let names: Vec<&str> = apart.entities.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["Joint Declaration", "Moscow", "Tokyo"]);
}

/// An import keeps its entities in a temporary file, and leaves none behind; where none can
/// be made (an unwritable `TMPDIR`), it holds them in memory and writes the same dataset.
#[test]
fn an_import_needs_no_temporary_directory_and_leaves_nothing_in_one() {
    let dir = Sandbox::new("import-tmp");
    let temporary = dir.path().join("tmp");
    std::fs::create_dir(&temporary).unwrap();
    let run = |tmpdir: &Path| {
        dir.nisso(&["import", "csv", CSV])
            .env("TMPDIR", tmpdir)
            .output()
            .unwrap()
    };
    let with = run(&temporary);
    assert!(with.status.success(), "{}", stderr(&with));
    assert_eq!(std::fs::read_dir(&temporary).unwrap().count(), 0);
    let without = run(&dir.path().join("no-such-directory"));
    assert!(without.status.success(), "{}", stderr(&without));
    assert_eq!(stdout(&without), stdout(&with));
    assert!(stdout(&with).contains("\"entities\""));
}
