//! Imports that keep every slide (issue 21, part 1): TimelineJS's own examples import,
//! check and round-trip; every dated slide of every group reaches `nisso timeline`; a
//! slide without a headline is named; the title slide titles the dataset; link addresses
//! are kept, shown and exported back; the summary counts what it could not keep. Runs the
//! binary like tests/interchange.rs.

use nisso::model::{Dataset, Kind, WebLink};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

mod common;

use common::{Sandbox, import_ok, json_lines, nisso, stderr, stdout, write};

const EXAMPLES: &str = "tests/data/timelinejs";
const GROUPS: &str = "tests/data/groups.timeline.json";

/// Every example file under tests/data/timelinejs, sorted.
fn examples() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "json" || e == "csv") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(Path::new(EXAMPLES), &mut out);
    out.sort();
    out
}

fn format_of(path: &Path) -> &'static str {
    if path.extension().is_some_and(|e| e == "csv") {
        "csv"
    } else {
        "timelinejs"
    }
}

/// The meta without the record of which file was imported.
fn meta_of(dataset: &Dataset) -> Value {
    let mut meta = serde_json::to_value(&dataset.meta).unwrap();
    if let Some(meta) = meta.as_object_mut() {
        meta.remove("imported");
        meta.remove("source");
    }
    meta
}

/// `nisso check` on a dataset's text passes.
fn passes_check(dir: &Path, name: &str, text: &str) -> String {
    let data = write(dir, name, text);
    let check = nisso(&["--data", &data, "check"]);
    assert!(
        check.status.success(),
        "{name}: {}{}",
        stdout(&check),
        stderr(&check)
    );
    data
}

/// The ids `nisso timeline --json` lists.
fn timeline_ids(data: &str) -> Vec<String> {
    let out = nisso(&["--data", data, "timeline", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    json_lines(&out)
        .iter()
        .map(|line| line["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn timelinejs_examples_import_check_and_round_trip() {
    let dir = Sandbox::new("examples");
    let files = examples();
    assert_eq!(files.len(), 15, "{files:?}");
    for (n, file) in files.iter().enumerate() {
        let path = file.display().to_string();
        let format = format_of(file);
        let (first, text, err) = import_ok(format, &path);
        assert!(err.contains(" 0 rows skipped"), "{path}: {err}");
        if format == "timelinejs" {
            let slides = serde_json::from_str::<Value>(&std::fs::read_to_string(file).unwrap())
                .unwrap()["events"]
                .as_array()
                .unwrap()
                .len();
            assert_eq!(first.entities.len(), slides, "{path}: every slide is kept");
        }
        let title = &first.meta.as_ref().unwrap().title;
        assert!(!title.trim().is_empty(), "{path}");
        assert!(first.eras.iter().all(|era| !era.name.trim().is_empty()));
        let data = passes_check(&dir, &format!("{n}.json"), &text);
        // Every dated entry reaches the timeline.
        let on_timeline = timeline_ids(&data);
        for entity in first.entities.iter().filter(|e| e.date.is_some()) {
            assert!(on_timeline.contains(&entity.id), "{path}: {}", entity.id);
        }
        let out = nisso(&["--data", &data, "export", "--format", format]);
        assert!(out.status.success(), "{path}: {}", stderr(&out));
        let extension = if format == "csv" { "csv" } else { "json" };
        let exported = write(&dir, &format!("{n}.again.{extension}"), &stdout(&out));
        let (second, _, err) = import_ok(format, &exported);
        assert!(err.contains(" 0 rows skipped"), "{path}: {err}");
        // Slides dated beyond nisso's years are kept undated, and undated entries cannot go
        // on a TimelineJS timeline: the export leaves them out (and says so).
        let dated: Vec<_> = first.entities.iter().filter(|e| e.date.is_some()).collect();
        let again: Vec<_> = second.entities.iter().collect();
        assert_eq!(again, dated, "{path}: the entities come back the same");
        assert_eq!(second.eras, first.eras, "{path}");
        assert_eq!(meta_of(&second), meta_of(&first), "{path}");
    }
}

#[test]
fn the_examples_keep_what_nisso_can_and_count_the_rest() {
    let twain = format!("{EXAMPLES}/website/examples/twain/marktwain.json");
    let (dataset, _, err) = import_ok("timelinejs", &twain);
    // The title slide has no headline: one example did not import at all before.
    assert!(
        dataset
            .meta
            .unwrap()
            .title
            .starts_with("Samuel Langhorne Clemens"),
        "{err}"
    );
    assert!(
        err.contains("4 slides without a headline named from their date and text"),
        "{err}"
    );
    assert!(
        dataset
            .entities
            .iter()
            .any(|e| e.name == "6 January 1900: a tweet")
    );
    assert!(err.contains("12 'location' fields"), "{err}");
    assert!(err.contains("times of day"), "{err}");

    let cosmo = format!("{EXAMPLES}/src/template/cosmo.json");
    let (dataset, _, err) = import_ok("timelinejs", &cosmo);
    assert!(
        err.contains("6 slides dated beyond the years nisso holds (±99,999) kept undated"),
        "{err}"
    );
    let big_bang = dataset
        .entities
        .iter()
        .find(|e| e.name == "The Big Bang")
        .unwrap();
    assert_eq!(big_bang.date, None);
    assert!(
        big_bang
            .description
            .contains("dates this to the year -13,800,000,000"),
        "{}",
        big_bang.description
    );

    // The template's quote media is kept as text, its links with their addresses.
    let template = format!("{EXAMPLES}/src/template/my-own-timeline.csv");
    let (dataset, _, err) = import_ok("csv", &template);
    assert!(err.contains("1 quote given as media kept as text"), "{err}");
    let clarke = dataset
        .entities
        .iter()
        .find(|e| e.name == "Edith Clarke: Bucking the Trend")
        .unwrap();
    assert!(
        clarke
            .description
            .starts_with("There is no demand for women engineers")
    );
    let ada = dataset
        .entities
        .iter()
        .find(|e| e.name == "Ada Lovelace")
        .unwrap();
    assert_eq!(
        ada.web_links[0],
        WebLink {
            text: "Ada Lovelace".into(),
            url: "https://en.wikipedia.org/wiki/Ada_Lovelace".into()
        }
    );
    // The caption's link too.
    assert!(
        ada.web_links
            .iter()
            .any(|l| l.text == "Portrait by Alfred Edward Chalon")
    );

    // Addresses without a scheme are the page's: https.
    let houston = format!("{EXAMPLES}/website/examples/houston/timeline3.json");
    let (dataset, _, err) = import_ok("timelinejs", &houston);
    assert!(
        err.contains("2 addresses without a scheme (//…) given https:"),
        "{err}"
    );
    assert!(dataset.entities.iter().any(|e| {
        e.media
            .as_ref()
            .is_some_and(|m| m.url.starts_with("https://upload.wikimedia.org/"))
    }));
}

#[test]
fn every_dated_slide_of_every_group_reaches_the_timeline() {
    let dir = Sandbox::new("groups");
    let (dataset, text, err) = import_ok("timelinejs", GROUPS);
    assert_eq!(dataset.entities.len(), 11);
    assert!(
        err.contains("4 groups kept as labels (People, Places, Wars, Organisations)"),
        "{err}"
    );
    let kind = |id: &str| {
        let entity = dataset.entities.iter().find(|e| e.id == id).unwrap();
        (entity.kind, entity.group.as_deref())
    };
    assert_eq!(kind("richard-sorge"), (Kind::Person, Some("People")));
    assert_eq!(kind("vladivostok"), (Kind::Place, Some("Places")));
    assert_eq!(
        kind("comintern"),
        (Kind::Organisation, Some("Organisations"))
    );
    assert_eq!(kind("russo-japanese-war"), (Kind::Event, Some("Wars")));
    let data = passes_check(&dir, "groups.json", &text);

    let ids = timeline_ids(&data);
    assert_eq!(ids.len(), 11, "{ids:?}");
    let rows = json_lines(&nisso(&["--data", &data, "timeline", "--json"]));
    assert_eq!(rows[0]["group"], "Places", "Vladivostok, 1860, comes first");
    for entity in &dataset.entities {
        assert!(
            ids.contains(&entity.id),
            "{} is not on the timeline",
            entity.id
        );
    }
    let listed = stdout(&nisso(&["--data", &data, "timeline"]));
    for entity in &dataset.entities {
        assert!(listed.contains(&entity.name), "{listed}");
    }
    // The era's count is the timeline's.
    let eras = stdout(&nisso(&["--data", &data, "eras"]));
    assert!(eras.contains("11 entries"), "{eras}");

    // The axis groups by the file's groups, each entry once.
    let out = nisso(&["--data", &data, "timeline", "--axis", "--by", "group"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let drawing = stdout(&out);
    for group in ["People", "Places", "Wars", "Organisations"] {
        assert!(
            drawing.lines().any(|l| l.starts_with(group)),
            "{group}: {drawing}"
        );
    }
    for name in ["Vladivostok", "Comintern", "Richard Sorge"] {
        assert_eq!(drawing.matches(name).count(), 1, "{name}: {drawing}");
    }
    // A dataset without groups says so rather than drawing one lane.
    let out = nisso(&["timeline", "--axis", "--by", "group"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no entry of this dataset has a group"));

    // The groups go back out as they came.
    for format in ["timelinejs", "csv"] {
        let out = nisso(&["--data", &data, "export", "--format", format]);
        assert!(out.status.success(), "{}", stderr(&out));
        let again = write(&dir, &format!("again.{format}"), &stdout(&out));
        let (second, _, _) = import_ok(format, &again);
        assert_eq!(second.entities, dataset.entities, "{format}");
    }
}

#[test]
fn the_embedded_timeline_lists_its_dated_people_and_bodies() {
    let ids: Vec<String> = json_lines(&nisso(&["timeline", "--json"]))
        .iter()
        .map(|l| l["id"].as_str().unwrap().to_string())
        .collect();
    for id in ["richard-sorge", "soviet-union", "manchukuo"] {
        assert_eq!(ids.iter().filter(|i| *i == id).count(), 1, "{id}");
    }
    // The eras count what the timeline lists.
    let counted: usize = json_lines(&nisso(&["eras", "--json"]))
        .iter()
        .map(|era| era["timeline_entries"].as_u64().unwrap() as usize)
        .sum();
    assert_eq!(counted, ids.len());
}

#[test]
fn a_slide_without_a_headline_is_named_from_its_date_and_text() {
    let dir = Sandbox::new("headless");
    let file = json!({"events": [
        {"start_date": {"year": 1905, "month": 9, "day": 5},
         "text": {"text": "<p>The Treaty of Portsmouth ends the Russo-Japanese War and gives Japan southern Sakhalin.</p>"}},
        {"start_date": {"year": 1956}, "display_date": "autumn 1956",
         "text": {"headline": "", "text": "Relations restored."}},
        {"start_date": {"year": 1991}, "media": {"url": "https://example.org/a.jpg", "caption": "Gorbachev in Tokyo"}}
    ]});
    let path = write(&dir, "headless.json", &file.to_string());
    let (dataset, text, err) = import_ok("timelinejs", &path);
    let names: Vec<&str> = dataset.entities.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "5 September 1905: The Treaty of Portsmouth ends the Russo-Japanese War…",
            "autumn 1956: Relations restored.",
            "1991: Gorbachev in Tokyo",
        ]
    );
    assert!(
        err.contains("3 slides without a headline named from their date and text"),
        "{err}"
    );
    assert!(
        err.contains("events[0]: no headline; named '5 September 1905: The Treaty"),
        "{err}"
    );
    passes_check(&dir, "headless-data.json", &text);

    // The spreadsheet's rows alike.
    let csv = "Year,Month,Day,Headline,Text\n1905,9,5,,<p>The treaty is signed.</p>\n";
    let path = write(&dir, "headless.csv", csv);
    let (dataset, _, err) = import_ok("csv", &path);
    assert_eq!(
        dataset.entities[0].name,
        "5 September 1905: The treaty is signed."
    );
    assert!(
        err.contains("1 slide without a headline named from their date and text"),
        "{err}"
    );
}

#[test]
fn the_title_slide_titles_the_dataset() {
    let dir = Sandbox::new("title");
    let file = json!({
        "title": {"text": {"headline": "Japan &amp; the USSR<br/>1917–1991",
                           "text": "<p>Seventy years of <em>neighbours</em>.</p><p>In brief.</p>"},
                  "media": {"url": "https://example.org/cover.jpg"}},
        "events": [{"start_date": {"year": 1925}, "text": {"headline": "Basic Convention"}}]
    });
    let path = write(&dir, "title.json", &file.to_string());
    let (dataset, text, err) = import_ok("timelinejs", &path);
    let meta = dataset.meta.as_ref().unwrap();
    assert_eq!(meta.title, "Japan & the USSR 1917–1991");
    assert_eq!(meta.description, "Seventy years of neighbours. In brief.");
    assert_eq!(dataset.eras.len(), 1);
    assert_eq!(dataset.eras[0].name, "Japan & the USSR 1917–1991");
    assert!(err.contains("1 title slide media"), "{err}");
    let data = passes_check(&dir, "title-data.json", &text);
    let out = nisso(&["--data", &data, "export", "--format", "timelinejs"]);
    let exported: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        exported["title"]["text"]["headline"],
        "Japan &amp; the USSR 1917–1991"
    );

    // Without a headline the title comes from its text's first words, and the era made
    // for the events has a name (it had none before, and the import failed).
    let file = json!({
        "title": {"text": {"text": "Samuel Langhorne Clemens, better known by his pen name Mark Twain, was an American author."}},
        "events": [{"start_date": {"year": 1835}, "text": {"headline": "Born"}}]
    });
    let path = write(&dir, "untitled.json", &file.to_string());
    let (dataset, text, err) = import_ok("timelinejs", &path);
    assert_eq!(
        dataset.meta.as_ref().unwrap().title,
        "Samuel Langhorne Clemens, better known by his pen…"
    );
    assert!(
        err.contains("title: no headline; the dataset is titled"),
        "{err}"
    );
    assert_eq!(dataset.eras[0].name, "Imported events");
    passes_check(&dir, "untitled-data.json", &text);

    // The spreadsheet's title row alike.
    let csv =
        "Year,Headline,Text,Type\n,Japan and the USSR,<p>In brief.</p>,title\n1925,Convention,,\n";
    let path = write(&dir, "title.csv", csv);
    let (dataset, _, _) = import_ok("csv", &path);
    let meta = dataset.meta.unwrap();
    assert_eq!(
        (meta.title.as_str(), meta.description.as_str()),
        ("Japan and the USSR", "In brief.")
    );
}

#[test]
fn link_addresses_are_kept_shown_and_exported_back() {
    let dir = Sandbox::new("links");
    let file = json!({"events": [{
        "start_date": {"year": 1905, "month": 9, "day": 5},
        "text": {"headline": "Treaty of Portsmouth",
                 "text": "<p>Signed at <a href=\"https://en.wikipedia.org/wiki/Portsmouth,_New_Hampshire\">Portsmouth</a> with <a href='https://example.org/witte?a=1&amp;b=2'>Witte</a>.</p><p>A <a href=\"javascript:alert(1)\">bad link</a> and <a href=\"#slide-2\">another slide</a>.</p>"},
        "media": {"url": "https://example.org/treaty.jpg",
                  "caption": "<a href=\"https://example.org/photo\">The signing</a>",
                  "credit": "Library"},
        "unique_id": "portsmouth"
    }]});
    let path = write(&dir, "links.json", &file.to_string());
    let (dataset, text, err) = import_ok("timelinejs", &path);
    let entity = &dataset.entities[0];
    assert_eq!(
        entity.description,
        "Signed at Portsmouth with Witte.\n\nA bad link and another slide."
    );
    let link = |text: &str, url: &str| WebLink {
        text: text.into(),
        url: url.into(),
    };
    assert_eq!(
        entity.web_links,
        [
            link(
                "Portsmouth",
                "https://en.wikipedia.org/wiki/Portsmouth,_New_Hampshire"
            ),
            link("Witte", "https://example.org/witte?a=1&b=2"),
            link("The signing", "https://example.org/photo"),
        ]
    );
    assert!(err.contains("3 link addresses kept"), "{err}");
    assert!(
        err.contains("2 link addresses (not http(s) or a relative path)"),
        "{err}"
    );
    assert!(
        err.contains("events[0].text.text: a link's address: 'javascript:alert(1)'"),
        "{err}"
    );
    let data = passes_check(&dir, "links-data.json", &text);

    // Shown with the entity.
    let show = stdout(&nisso(&["--data", &data, "show", "portsmouth"]));
    assert!(show.contains("Web links"), "{show}");
    assert!(
        show.contains("Portsmouth — https://en.wikipedia.org/wiki/Portsmouth,_New_Hampshire"),
        "{show}"
    );
    assert!(
        show.contains("The signing — https://example.org/photo"),
        "{show}"
    );

    // Exported back as links where their words are, and read back the same.
    let out = nisso(&["--data", &data, "export", "--format", "timelinejs"]);
    let exported: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let slide = &exported["events"][0];
    assert_eq!(
        slide["text"]["text"],
        "<p>Signed at <a href=\"https://en.wikipedia.org/wiki/Portsmouth,_New_Hampshire\">Portsmouth</a> with <a href=\"https://example.org/witte?a=1&amp;b=2\">Witte</a>.</p><p>A bad link and another slide.</p>"
    );
    assert_eq!(
        slide["media"]["caption"],
        "<a href=\"https://example.org/photo\">The signing</a>"
    );
    for format in ["timelinejs", "csv"] {
        let out = nisso(&["--data", &data, "export", "--format", format]);
        let again = write(&dir, &format!("again.{format}"), &stdout(&out));
        let (second, _, _) = import_ok(format, &again);
        assert_eq!(second.entities, dataset.entities, "{format}");
    }
    let out = nisso(&["--data", &data, "export", "--format", "csv"]);
    assert!(
        stdout(&out).contains("<a href=\"\"https://example.org/photo\"\">The signing</a>"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn the_summary_lists_every_field_it_could_not_keep_by_count() {
    let dir = Sandbox::new("unkept");
    let file = json!({
        "title": {"text": {"headline": "T"}, "background": {"color": "red"},
                  "media": {"url": "https://example.org/t.jpg"}},
        "scale": "cosmological",
        "events": [
            {"start_date": {"year": 1905, "hour": 10, "format": "YYYY"},
             "text": {"headline": "A"},
             "location": {"lat": 1, "lon": 2},
             "background": {"url": "https://example.org/b.jpg"},
             "media": {"url": "https://example.org/a.jpg", "link": "https://example.org", "alt": "x"}},
            {"start_date": {"year": 1906, "hour": 11},
             "text": {"headline": "B"},
             "location": {"lat": 1, "lon": 2},
             "media": {"url": "<iframe src=\"https://example.org\"></iframe>"},
             "group": "", "autolink": true}
        ]
    });
    let path = write(&dir, "unkept.json", &file.to_string());
    let (_, _, err) = import_ok("timelinejs", &path);
    assert!(
        err.contains(
            "not kept (nisso has no place for them): 2 'location' fields, 1 'media.alt' field, \
             1 'media.link' field, 1 'start_date.format' field, \
             1 media (embed code, markup or another scheme), 1 slide background, \
             1 timeline scale, 2 times of day, 1 title slide background, 1 title slide media"
        ),
        "{err}"
    );

    let csv = "Year,Headline,Time,Alt Text,Notes,Background\n\
               1905,A,10:00,a picture,mine,#fff\n\
               1906,B,,,also mine,\n";
    let path = write(&dir, "unkept.csv", csv);
    let (_, _, err) = import_ok("csv", &path);
    assert!(
        err.contains("column 'Alt Text' is TimelineJS's, but nisso has no place for it"),
        "{err}"
    );
    assert!(
        err.contains(
            "not kept (nisso has no place for them): 1 cell of column 'Alt Text', \
             2 cells of column 'Notes', 1 slide background, 1 time of day"
        ),
        "{err}"
    );
}
