//! The command line, run as a real binary against the embedded dataset and broken files.

mod common;
#[path = "common/crowd.rs"]
mod crowd;

use common::{json_lines, nisso, stderr, stdout, temp_file};
use std::process::{Command, Output};

#[test]
fn embedded_dataset_passes_check() {
    let out = nisso(&["check"]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains("ok"));
    // No warning either: no duplicates in one place, no raw control characters.
    assert!(stdout(&out).contains(", 0 warnings"), "{}", stdout(&out));
}

#[test]
fn neutrality_finds_the_1941_pact_first() {
    let out = nisso(&["search", "neutrality", "--json"]);
    assert!(out.status.success());
    let hits = json_lines(&out);
    assert_eq!(hits[0]["id"], "soviet-japanese-neutrality-pact");
    assert_eq!(hits[0]["kind"], "treaty");
    assert!(hits[0]["date"].as_str().unwrap().starts_with("1941"));
    // Positions point at "Neutrality" in the displayed name.
    let name: Vec<char> = hits[0]["name"].as_str().unwrap().chars().collect();
    let matched: String = hits[0]["positions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| name[p.as_u64().unwrap() as usize])
        .collect();
    assert_eq!(matched, "Neutrality");
}

#[test]
fn search_folds_case_and_diacritics_and_scripts() {
    for (query, id) in [
        ("keizo obuchi", "keizo-obuchi"),
        ("KEIZŌ", "keizo-obuchi"),
        ("sesshu", "sesshu-toyo"),
        ("ramsay", "richard-sorge"),
        ("Рамзай", "richard-sorge"),
        ("рамзай", "richard-sorge"),
    ] {
        let out = nisso(&["search", query, "--json", "--limit", "1"]);
        let hits = json_lines(&out);
        assert_eq!(hits[0]["id"], id, "query {query}");
    }
    // The highlight of 'keizo' stays inside "Keizō", not borrowing the O of Obuchi.
    let hits = json_lines(&nisso(&["search", "keizo", "--json", "--limit", "1"]));
    assert_eq!(hits[0]["field"], "name");
    assert_eq!(hits[0]["positions"], serde_json::json!([0, 1, 2, 3, 4]));
}

#[test]
fn search_kind_filter_and_limit() {
    let hits = json_lines(&nisso(&[
        "search", "treaty", "--kind", "treaties", "--json", "--limit", "5",
    ]));
    assert!(!hits.is_empty() && hits.len() <= 5);
    assert!(hits.iter().all(|h| h["kind"] == "treaty"));
    let out = nisso(&["search", "x", "--kind", "peple"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("did you mean 'person'"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn empty_query_lists_everything_in_time_order() {
    let hits = json_lines(&nisso(&["search", "", "--json", "--limit", "100000"]));
    let check = stdout(&nisso(&["check"]));
    // "embedded dataset: ok — 241 entities, 9 eras, ...": entities and eras are results.
    let count = |what: &str| -> usize {
        check
            .split(what)
            .next()
            .unwrap()
            .rsplit(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    assert_eq!(hits.len(), count(" entities") + count(" eras"));
    assert_eq!(
        hits.iter().filter(|h| h["kind"] == "era").count(),
        count(" eras")
    );
    let starts: Vec<(i32, u8, u8)> = hits
        .iter()
        .filter_map(|h| h["date"].as_str())
        .map(|d| nisso::date::HistDate::parse(d).unwrap().earliest())
        .collect();
    assert!(
        starts.windows(2).all(|w| w[0] <= w[1]),
        "dated entities come in time order"
    );
    let years: Vec<i32> = starts.iter().map(|s| s.0).collect();
    assert_eq!(years[0], 1855);
}

#[test]
fn search_eras_by_kind_and_by_name() {
    let hits = json_lines(&nisso(&["search", "", "--kind", "eras", "--json"]));
    assert_eq!(hits.len(), 9);
    assert!(hits.iter().all(|h| h["kind"] == "era"));
    assert_eq!(hits[0]["id"], "imperial-background");
    assert_eq!(hits[0]["date"], "1855/1916");
    let hits = json_lines(&nisso(&[
        "search",
        "improving relations",
        "--json",
        "--limit",
        "1",
    ]));
    assert_eq!(hits[0]["id"], "improving-relations");
    assert_eq!(hits[0]["kind"], "era");
}

#[test]
fn search_without_matches_suggests_the_closest_names() {
    let out = nisso(&["search", "gorbqqqqv zzz"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains("no matches for 'gorbqqqqv zzz'"), "{text}");
    assert!(
        text.contains("did you mean: Mikhail Gorbachev (mikhail-gorbachev)"),
        "{text}"
    );
    // Nothing close: no suggestion at all.
    let text = stdout(&nisso(&["search", "qwxzv"]));
    assert!(!text.contains("did you mean"), "{text}");
}

#[test]
fn search_rows_use_reader_dates_and_the_query_syntax() {
    let text = stdout(&nisso(&["search", "sorge", "--limit", "3"]));
    assert!(text.contains("1895 – 7 November 1944"), "{text}");
    assert!(!text.contains("1895–1944-11-07"), "{text}");
    let hits = json_lines(&nisso(&["search", "kind:treaty 1941..1945", "--json"]));
    let ids: Vec<&str> = hits.iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["soviet-japanese-neutrality-pact", "yalta-agreement"]);
    let out = nisso(&["search", "kind:peple stalin"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("did you mean 'person'"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn show_joint_declaration_has_day_and_island_links() {
    let out = nisso(&["show", "soviet-japanese-joint-declaration-1956", "--json"]);
    assert!(out.status.success());
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["date"], "1956-10-19");
    assert_eq!(value["date_text"], "19 October 1956");
    let targets: Vec<&str> = value["links_out"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    assert!(targets.contains(&"habomai-islands"));
    assert!(targets.contains(&"shikotan"));
    let text = stdout(&nisso(&["show", "soviet-japanese-joint-declaration-1956"]));
    assert!(text.contains("19 October 1956"));
    assert!(text.contains("Habomai Islands"));
}

#[test]
fn links_are_followed_both_ways() {
    let value: serde_json::Value =
        serde_json::from_slice(&nisso(&["show", "habomai-islands", "--json"]).stdout).unwrap();
    let sources: Vec<&str> = value["links_in"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    assert!(sources.contains(&"soviet-japanese-joint-declaration-1956"));
    let sorge: serde_json::Value =
        serde_json::from_slice(&nisso(&["show", "richard-sorge", "--json"]).stdout).unwrap();
    assert!(
        sorge["links_in"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["id"] == "arrest-of-richard-sorge")
    );
}

#[test]
fn unknown_id_suggests_the_closest() {
    let out = nisso(&["show", "soviet-japanese-neutrality-pakt"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("soviet-japanese-neutrality-pact"), "{err}");
    assert_eq!(err.lines().count(), 1);
    let out = nisso(&["show", "zzzz-qqqq"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("nisso search zzzz-qqqq"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn each_era_holds_the_events_the_article_puts_in_it() {
    let expectations: [(&str, &[&str]); 9] = [
        (
            "imperial-background",
            &[
                "treaty-of-shimoda",
                "treaty-of-saint-petersburg-1875",
                "russo-japanese-war",
            ],
        ),
        (
            "civil-war-and-recognition",
            &[
                "siberian-intervention",
                "soviet-japanese-basic-convention",
                "russian-civil-war",
            ],
        ),
        (
            "quiet-cooperation",
            &["soviet-japanese-fishery-agreement", "sino-soviet-war-1929"],
        ),
        (
            "deterioration-and-war",
            &[
                "battle-of-lake-khasan",
                "battle-of-khalkhin-gol",
                "soviet-japanese-neutrality-pact",
            ],
        ),
        (
            "restoration",
            &[
                "soviet-japanese-joint-declaration-1956",
                "treaty-of-san-francisco",
                "incorporation-of-the-kurils-and-south-sakhalin",
            ],
        ),
        (
            "improving-relations",
            &[
                "five-year-trade-agreement-1966",
                "gromyko-visit-to-tokyo-1972",
                "tanaka-brezhnev-meeting-1973",
            ],
        ),
        (
            "strains",
            &[
                "sino-japanese-peace-treaty-1978",
                "soviet-invasion-of-afghanistan",
                "toshiba-cocom-scandal",
            ],
        ),
        (
            "dissolution",
            &[
                "dissolution-of-the-soviet-union",
                "yeltsin-visit-to-japan",
                "obuchi-becomes-prime-minister",
            ],
        ),
        (
            "aftermath",
            &[
                "japanese-sanctions-on-russia-2022",
                "unfriendly-countries-list",
                "russian-invasion-of-ukraine-2022",
            ],
        ),
    ];
    for (era, ids) in expectations {
        let rows = json_lines(&nisso(&["timeline", "--era", era, "--json"]));
        let got: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
        for id in ids {
            assert!(got.contains(id), "{era} should hold {id}: {got:?}");
        }
        assert!(rows.iter().all(|r| r["era"] == era));
    }
    // Eras by number work too, and the timeline is chronological within an era.
    let rows = json_lines(&nisso(&["timeline", "--era", "4", "--json"]));
    assert_eq!(rows[0]["era"], "deterioration-and-war");
    let starts: Vec<(i32, u8, u8)> = rows
        .iter()
        .filter_map(|r| r["date"].as_str())
        .map(|d| nisso::date::HistDate::parse(d).unwrap().earliest())
        .collect();
    assert!(
        starts.len() > 30,
        "era 4 has dated entries: {}",
        starts.len()
    );
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "{starts:?}");
    let out = nisso(&["timeline", "--era", "ninth"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn eras_lists_all_nine() {
    let eras = json_lines(&nisso(&["eras", "--json"]));
    assert_eq!(eras.len(), 9);
    assert_eq!(eras[0]["id"], "imperial-background");
    assert_eq!(eras[8]["id"], "aftermath");
    assert!(
        eras.iter()
            .all(|e| e["timeline_entries"].as_u64().unwrap() > 0)
    );
}

#[test]
fn export_then_load_is_lossless() {
    let first = nisso(&["export"]);
    assert!(first.status.success());
    let path = temp_file("export.json", &stdout(&first));
    let second = nisso(&["export", "--data", path.to_str().unwrap()]);
    assert_eq!(stdout(&first), stdout(&second));
    let loaded = nisso(&["check", "--data", path.to_str().unwrap()]);
    assert!(loaded.status.success(), "{}", stdout(&loaded));
    let a: serde_json::Value = serde_json::from_str(&stdout(&first)).unwrap();
    let b: serde_json::Value = serde_json::from_str(&stdout(&second)).unwrap();
    assert_eq!(a, b);
}

fn minimal(entities: &str) -> String {
    format!(
        r#"{{"eras": [{{"id": "era-one", "name": "One", "start": "1900", "end": "1950", "summary": "s"}}],
"entities": [{entities}]}}"#
    )
}

fn entity(id: &str, extra: &str) -> String {
    format!(
        r#"{{"id": "{id}", "kind": "event", "name": "Name {id}", "era": "era-one", "summary": "s", "description": "d"{extra}}}"#
    )
}

fn check_file(name: &str, text: &str) -> (Option<i32>, String) {
    let path = temp_file(name, text);
    let out = nisso(&["check", "--data", path.to_str().unwrap()]);
    (
        out.status.code(),
        format!("{}{}", stdout(&out), stderr(&out)),
    )
}

#[test]
fn broken_datasets_give_specific_errors() {
    let dangling = minimal(&entity(
        "a",
        r#", "links": [{"rel": "related", "target": "nowhere"}]"#,
    ));
    let (code, text) = check_file("dangling.json", &dangling);
    assert_eq!(code, Some(1));
    assert!(
        text.contains(
            "entities[0].links[0].target (a): link 'related' points to unknown id 'nowhere'"
        ),
        "{text}"
    );

    let duplicate = minimal(&format!("{},{}", entity("a", ""), entity("a", "")));
    let (code, text) = check_file("duplicate.json", &duplicate);
    assert_eq!(code, Some(1));
    assert!(text.contains("duplicate id 'a'"), "{text}");

    let bad_date = minimal(&entity("a", r#", "date": "1956-13-01""#));
    let (code, text) = check_file("bad-date.json", &bad_date);
    assert_eq!(code, Some(1));
    assert!(text.contains("entities[0].date"), "{text}");
    assert!(text.contains("month 13"), "{text}");
    assert!(
        text.contains("bad-date.json:2:"),
        "line of the bad date: {text}"
    );

    let outside = minimal(&entity("a", r#", "date": "1960""#));
    let (code, text) = check_file("outside.json", &outside);
    assert_eq!(code, Some(1));
    assert!(
        text.contains("does not start inside its era 'era-one'"),
        "{text}"
    );

    let (code, text) = check_file("bad.json", "{\n  \"eras\": [\n    {\"id\": }\n");
    assert_eq!(code, Some(1));
    assert!(text.contains("bad.json:3:"), "line and column: {text}");

    let unknown_field = minimal(&entity("a", r#", "colour": "red""#));
    let (code, text) = check_file("unknown-field.json", &unknown_field);
    assert_eq!(code, Some(1));
    assert!(text.contains("unknown field `colour`"), "{text}");

    let shared_alias = minimal(&format!(
        "{},{}",
        entity("a", r#", "aliases": ["Same"]"#),
        entity("b", r#", "aliases": ["same"]"#)
    ));
    let (code, text) = check_file("alias.json", &shared_alias);
    assert_eq!(code, Some(1));
    assert!(text.contains("also used by 'a'"), "{text}");

    // A range ending in the source's last year must say whether it ended.
    let as_of = format!(
        r#"{{"meta": {{"title": "t", "description": "d", "source": "s", "as_of": 1949}},{}"#,
        &minimal(&entity("a", r#", "date": "1920/1949""#))[1..]
    );
    let (code, text) = check_file("as-of.json", &as_of);
    assert_eq!(code, Some(1));
    assert!(
        text.contains("entities[0].date (a): the range 1920/1949 ends in 1949, the last year the source reports: write '/ongoing'"),
        "{text}"
    );
    for fixed in ["1920/ongoing", "1920/at least 1949", "1920/1949-03"] {
        let text = as_of.replace("1920/1949", fixed);
        let (code, report) = check_file("as-of-fixed.json", &text);
        assert_eq!(code, Some(0), "{fixed}: {report}");
    }
    let at_least_alone = minimal(&entity("a", r#", "date": "at least 1920""#));
    let (code, text) = check_file("at-least.json", &at_least_alone);
    assert_eq!(code, Some(1));
    assert!(
        text.contains("'at least' qualifies a range's start or end"),
        "{text}"
    );

    // Two entities in one place with overlapping names are a duplicate (the classes the
    // audit found: South Kuril / Yuzhno-Kurilsky District, South Sakhalin / Karafuto).
    let place = |id: &str, name: &str, extra: &str| {
        format!(
            r#"{{"id": "{id}", "kind": "place", "name": "{name}", "era": "era-one", "summary": "s", "description": "d", "coords": {{"lat": 44.0, "lon": 146.0}}{extra}}}"#
        )
    };
    let twice = minimal(&format!(
        "{},{}",
        place("south-kuril", "South Kuril District", ""),
        place(
            "yuzhno",
            "Yuzhno-Kurilsky District",
            r#", "links": [{"rel": "related", "target": "south-kuril"}]"#
        )
    ));
    let (_, text) = check_file("twice.json", &twice);
    assert!(
        text.contains("warning: entities[0].coords (south-kuril): same place as 'yuzhno' with a name in common (kurilsky): merge them"),
        "{text}"
    );
    // Linked with the difference said, or merged: fine.
    let distinguished = twice.replace(
        r#""target": "south-kuril"}"#,
        r#""target": "south-kuril", "note": "the old district, not the new one"}"#,
    );
    let (code, text) = check_file("distinguished.json", &distinguished);
    assert_eq!(code, Some(0));
    assert!(!text.contains("same place"), "{text}");
    let merged = minimal(&format!(
        "{},{}",
        place(
            "south-kuril",
            "South Kuril District",
            r#", "former_ids": ["yuzhno"], "aliases": ["Yuzhno-Kurilsky District"]"#
        ),
        entity(
            "b",
            r#", "links": [{"rel": "concerns", "target": "yuzhno"}]"#
        )
    ));
    let (code, text) = check_file("merged.json", &merged);
    assert_eq!(code, Some(1));
    assert!(
        text.contains("points to 'yuzhno', which was merged into 'south-kuril': link to that"),
        "{text}"
    );
    let (code, text) = check_file(
        "merged-ok.json",
        &merged.replace(r#""target": "yuzhno""#, r#""target": "south-kuril""#),
    );
    assert_eq!(code, Some(0), "{text}");
    let reused = minimal(&format!(
        "{},{}",
        entity("a", r#", "former_ids": ["b"]"#),
        entity("b", "")
    ));
    let (code, text) = check_file("reused.json", &reused);
    assert_eq!(code, Some(1));
    assert!(
        text.contains("former id 'b' is still in use as an id"),
        "{text}"
    );

    // Borders: a line needs points on the globe, an area three, an end after its start.
    let borders = minimal(&entity("a", "")).replacen(
        "{\"eras\"",
        r#"{"borders": [{"id": "line", "name": "L", "kind": "boundary", "from": "1920", "to": "1910", "line": [[141.0, 45.0], [200.0, 45.0]]}, {"id": "area", "name": "A", "kind": "extent", "from": "1932", "line": [[120.0, 40.0], [130.0, 45.0]]}], "eras""#,
        1,
    );
    let (code, text) = check_file("borders.json", &borders);
    assert_eq!(code, Some(1));
    for needle in [
        "borders[0].to (line): ends (1910) before it starts (1920)",
        "borders[0].line[1] (line): [200, 45] is not a longitude and latitude",
        "borders[1].line (area): a extent needs at least 3 points, found 2",
    ] {
        assert!(text.contains(needle), "{needle}: {text}");
    }

    let clean = minimal(&entity("a", r#", "date": "1920""#));
    let (code, text) = check_file("clean.json", &clean);
    assert_eq!(code, Some(0), "{text}");
}

/// A dataset whose places crowd at five capitals (tests/common/crowd.rs): the same-place
/// rule lists its first 20 findings, then one line with how many more, and that number is
/// what comparing every pair of places finds.
#[test]
fn crowded_places_are_listed_twenty_then_counted() {
    use nisso::same_place::{close, place_words, words_match};
    let mut data = nisso::synthetic::generate(20_000, 7);
    crowd::crowd(&mut data, crowd::Crowding::default());
    // Every pair, in order: an entity with a later duplicate is one finding. A link tells
    // two apart when one is part of the other or its note says how they differ.
    let told_apart = |a: &nisso::model::Entity, b: &nisso::model::Entity| {
        a.links.iter().any(|l| {
            l.target == b.id
                && (l.rel == nisso::model::Relation::PartOf
                    || l.note.as_ref().is_some_and(|n| !n.trim().is_empty()))
        })
    };
    let placed: Vec<(usize, Vec<String>)> = (0..data.entities.len())
        .filter(|&i| data.entities[i].coords.is_some())
        .map(|i| (i, place_words(&data.entities[i])))
        .collect();
    let mut expected = 0;
    for (n, (i, mine)) in placed.iter().enumerate() {
        let (a, here) = (
            &data.entities[*i],
            data.entities[*i].coords.as_ref().unwrap(),
        );
        expected += usize::from(placed[n + 1..].iter().any(|(j, theirs)| {
            let b = &data.entities[*j];
            close(here, b.coords.as_ref().unwrap())
                && mine
                    .iter()
                    .any(|w| theirs.iter().any(|t| words_match(w, t)))
                && !told_apart(a, b)
                && !told_apart(b, a)
        }));
    }
    assert!(expected > 1000, "{expected}: the places are crowded");
    let path = temp_file("crowded.json", &serde_json::to_string(&data).unwrap());
    let out = nisso(&["check", "--data", path.to_str().unwrap()]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[..20].iter().all(|l| l.contains(": same place as '")),
        "{text}"
    );
    assert_eq!(
        lines[20],
        format!(
            "warning: entities[…].coords: and {} more like these (same place, a name in common)",
            expected - 20
        )
    );
    // Nothing else, and the summary counts them all.
    assert_eq!(lines.len(), 22, "{text}");
    assert!(
        lines[21].ends_with(&format!(", {expected} warnings")),
        "{text}"
    );
}

#[test]
fn missing_file_is_one_line_and_exit_2() {
    let out = nisso(&["check", "--data", "/nonexistent/nisso.json"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("/nonexistent/nisso.json"));
    assert!(!err.contains("panicked"));
    // Other commands refuse an invalid dataset with a pointer to check.
    let path = temp_file(
        "refused.json",
        &minimal(&entity(
            "a",
            r#", "links": [{"rel": "related", "target": "x"}]"#,
        )),
    );
    let out = nisso(&["search", "a", "--data", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("nisso check"));
}

#[test]
fn pipes_get_no_escape_codes() {
    let out = Command::new(env!("CARGO_BIN_EXE_nisso"))
        .args(["show", "richard-sorge"])
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert!(!out.stdout.contains(&0x1b));
    let timeline = nisso(&["timeline"]);
    assert!(!timeline.stdout.contains(&0x1b));
    assert!(stdout(&timeline).contains("== Imperial background (1855–1916) =="));
}

#[test]
fn the_theme_flag_names_its_choices() {
    let out = nisso(&["--theme", "loud"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("standard") && err.contains("no-colour") && err.contains("high-contrast"),
        "{err}"
    );
    // A valid theme gets as far as asking for a terminal.
    let out = nisso(&["--theme", "high-contrast"]);
    assert!(
        stderr(&out).contains("needs a terminal"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn explorer_without_a_terminal_says_so() {
    let out = nisso(&[]);
    assert_ne!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("needs a terminal"));
    // And it names the mode that needs none.
    assert!(stderr(&out).contains("`nisso --plain`"), "{}", stderr(&out));
}

#[test]
fn dates_from_general_knowledge_are_marked() {
    // Marked with * on the facts line, explained under "Not from the source" — the same
    // wording as the explorer's details pane (both come from present.rs).
    let text = stdout(&nisso(&["show", "soviet-japanese-neutrality-pact"]));
    assert!(text.contains("Treaty · 13 April 1941* · "), "{text}");
    assert!(text.contains("Not from the source"));
    assert!(text.contains("* marks a date, name, link or coordinates from general knowledge."));
    let value: serde_json::Value = serde_json::from_slice(
        &nisso(&["show", "soviet-japanese-neutrality-pact", "--json"]).stdout,
    )
    .unwrap();
    assert_eq!(value["date_external"], true);
    // A date from the article carries no mark.
    let text = stdout(&nisso(&["show", "soviet-japanese-joint-declaration-1956"]));
    assert!(text.contains("Treaty · 19 October 1956 · "), "{text}");
    let (code, text) = check_file(
        "orphan-mark.json",
        &minimal(&entity("a", r#", "date_external": true"#)),
    );
    assert_eq!(code, Some(1));
    assert!(text.contains("entities[0].date_external"), "{text}");
}

#[test]
fn readme_schema_example_parses() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme.find("```json\n").expect("a JSON example") + "```json\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let dataset = nisso::dataset::parse_str("README example", &readme[start..end])
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(dataset.entities[0].id, "soviet-japanese-basic-convention");
}

/// The README's quick start is two commands, the explorer and the tests; CI runs exactly
/// that test command, so what a contributor runs is what CI runs.
#[test]
fn ci_runs_the_readmes_test_command() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let ci = std::fs::read_to_string(format!("{root}/.ci/run")).unwrap();
    let start = readme.find("## Quick start").expect("a quick start");
    let block = &readme[start..];
    let block = &block[block.find("```sh\n").expect("its commands") + "```sh\n".len()..];
    let block = &block[..block.find("```").unwrap()];
    let commands: Vec<&str> = block
        .lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .filter(|command| !command.is_empty())
        .collect();
    assert_eq!(commands.len(), 2, "{commands:?}");
    assert_eq!(commands[0], "cargo run --release");
    let test_command = commands[1];
    assert!(test_command.starts_with("cargo test"), "{test_command}");
    assert!(test_command.contains("--no-fail-fast"), "{test_command}");
    let ci_tests: Vec<&str> = ci
        .lines()
        .map(str::trim)
        .filter(|line| line.starts_with("cargo test"))
        .collect();
    assert_eq!(
        ci_tests,
        [test_command],
        ".ci/run must run the README's test command"
    );
}

/// The README lists the formats `src/formats.rs` defines, no more and no fewer, with
/// their descriptions; `--help` offers the same names.
#[test]
fn readme_and_help_list_exactly_the_formats() {
    use nisso::formats::{ExportFormat, ImportFormat};
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let listed: Vec<&str> = readme
        .lines()
        .filter(|line| line.starts_with("- import `") || line.starts_with("- export `"))
        .collect();
    let defined: Vec<String> = ImportFormat::ALL
        .iter()
        .map(|f| format!("- import `{}`: {}", f.as_str(), f.description()))
        .chain(
            ExportFormat::ALL
                .iter()
                .map(|f| format!("- export `{}`: {}", f.as_str(), f.description())),
        )
        .collect();
    assert_eq!(listed, defined);
    for (command, names) in [
        (
            "import",
            ImportFormat::ALL
                .iter()
                .map(|f| f.as_str())
                .collect::<Vec<_>>(),
        ),
        (
            "export",
            ExportFormat::ALL.iter().map(|f| f.as_str()).collect(),
        ),
    ] {
        let help = stdout(&nisso(&[command, "--help"]));
        for name in names {
            assert!(help.contains(name), "{command} --help lacks {name}: {help}");
        }
    }
}

#[test]
fn every_entity_is_linked_into_the_graph() {
    let data: serde_json::Value = serde_json::from_slice(&nisso(&["export"]).stdout).unwrap();
    let entities = data["entities"].as_array().unwrap();
    let mut linked = std::collections::HashSet::new();
    for entity in entities {
        for link in entity["links"].as_array().into_iter().flatten() {
            linked.insert(entity["id"].as_str().unwrap().to_string());
            linked.insert(link["target"].as_str().unwrap().to_string());
        }
    }
    let isolated: Vec<&str> = entities
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .filter(|id| !linked.contains(*id))
        .collect();
    assert!(
        isolated.is_empty(),
        "entities without any link: {isolated:?}"
    );
    // Treaties link to their parties; events and treaties link out.
    for entity in entities.iter().filter(|e| e["kind"] == "treaty") {
        let parties = entity["links"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|l| l["rel"] == "party")
            .count();
        assert!(parties >= 1, "{} has no party", entity["id"]);
    }
}

/// The entities that record where sources disagree, as the embedded dataset has them.
const DISPUTED: [&str; 7] = [
    "annulment-of-the-neutrality-pact",
    "kuril-islands",
    "northern-territories",
    "soviet-invasion-of-manchuria",
    "soviet-japanese-neutrality-pact",
    "soviet-offer-of-habomai-and-shikotan-1956",
    "treaty-of-san-francisco",
];

fn ids_of(output: &Output) -> Vec<String> {
    json_lines(output)
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn disputed_lists_the_disagreements_first_and_is_disputed_only_them() {
    let out = nisso(&["search", "is:disputed", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let mut ids = ids_of(&out);
    ids.sort();
    assert_eq!(ids, DISPUTED);

    // The word finds them before texts that merely say "disputed", and says why.
    let out = nisso(&["search", "disputed"]);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() > DISPUTED.len(), "{text}");
    for line in &lines[..DISPUTED.len()] {
        assert!(line.contains("(sources disagree)"), "{text}");
        assert!(DISPUTED.iter().any(|id| line.ends_with(id)), "{line}");
    }

    // Combined with other filters and words.
    let out = nisso(&["search", "is:disputed kind:treaty", "--json"]);
    let mut ids = ids_of(&out);
    ids.sort();
    assert_eq!(
        ids,
        ["soviet-japanese-neutrality-pact", "treaty-of-san-francisco"]
    );
    let out = nisso(&["search", "is:disputed manchuria", "--json"]);
    assert_eq!(ids_of(&out)[0], "soviet-invasion-of-manchuria");

    // An unknown flag is a mistake in the query.
    let out = nisso(&["search", "is:contested"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown filter is:contested"));
}

#[test]
fn show_and_json_give_each_version_with_its_source() {
    let out = nisso(&["show", "soviet-invasion-of-manchuria"]);
    let text = stdout(&out);
    let section = text
        .split("Sources disagree")
        .nth(1)
        .unwrap_or_else(|| panic!("no disagreement section: {text}"));
    assert!(section.contains("• The day the invasion of Manchuria began"));
    assert!(section.contains("  – 8 August 1945 — 1930–1945: Deteriorating relations and war"));
    assert!(section.contains(
        "  * 9 August 1945, just after midnight local time in Manchuria — general knowledge: "
    ));
    assert!(section.contains("  * General knowledge: "));

    let out = nisso(&["show", "treaty-of-san-francisco", "--json"]);
    let value: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let records = value["disagreements"].as_array().unwrap();
    assert_eq!(records.len(), 2);
    let year = &records[0];
    assert!(year["claim"].as_str().unwrap().contains("year"));
    assert!(
        year["versions"][1]["source"]
            .as_str()
            .unwrap()
            .contains("heading")
    );
    assert!(
        year["general_knowledge"]
            .as_str()
            .unwrap()
            .contains("28 April 1952")
    );
    assert_eq!(records[1]["versions"][1]["external"], true);
}

#[test]
fn check_rejects_a_disagreement_that_cannot_be_read() {
    let one_version = minimal(&entity(
        "a",
        r#", "disagreements": [{"claim": "When", "versions": [{"text": "1920", "source": "here"}]}]"#,
    ));
    let (code, text) = check_file("one-version.json", &one_version);
    assert_eq!(code, Some(1));
    assert!(
        text.contains("entities[0].disagreements[0].versions (a): a disagreement needs at least two versions, found 1"),
        "{text}"
    );

    let no_source = minimal(&entity(
        "a",
        r#", "disagreements": [{"claim": " ", "versions": [{"text": "1920", "source": "here"}, {"text": "1921", "source": ""}]}]"#,
    ));
    let (code, text) = check_file("no-source.json", &no_source);
    assert_eq!(code, Some(1));
    assert!(
        text.contains("disagreements[0].claim (a): empty claim"),
        "{text}"
    );
    assert!(
        text.contains("disagreements[0].versions[1].source (a): empty source"),
        "{text}"
    );

    let fine = minimal(&entity(
        "a",
        r#", "disagreements": [{"claim": "When", "versions": [{"text": "1920", "source": "here"}, {"text": "1921", "source": "there", "external": true}], "general_knowledge": "1920"}]"#,
    ));
    let (code, text) = check_file("fine-disagreement.json", &fine);
    assert_eq!(code, Some(0), "{text}");
}

#[test]
fn a_merged_id_still_shows_its_entity_and_says_so() {
    let out = nisso(&["show", "yuzhno-kurilsky-district"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).starts_with("South Kuril District  south-kuril-district"));
    assert!(
        stderr(&out).contains("'yuzhno-kurilsky-district' was merged into 'south-kuril-district'"),
        "{}",
        stderr(&out)
    );
    let out = nisso(&["show", "taiwan", "--json"]);
    let value: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(value["id"], "republic-of-china");
    assert_eq!(value["former_ids"][0], "taiwan");
}

/// `nisso timeline --axis` with these further arguments: it succeeds, and its output is
/// only the drawing: lines of at most `width` columns, each ending in a newline, with no
/// escape code or other control character.
fn axis_drawing(args: &[&str], width: usize) -> String {
    let mut all = vec!["timeline", "--axis"];
    all.extend(args);
    let out = nisso(&all);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    assert!(!out.stdout.contains(&0x1b), "{args:?}: an escape code");
    let text = stdout(&out);
    assert!(text.ends_with('\n'), "{args:?}");
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{args:?}: a control character"
    );
    for line in text.lines() {
        let columns = unicode_width::UnicodeWidthStr::width(line);
        assert!(columns <= width, "{args:?}: {columns} columns: {line}");
    }
    text
}

/// The lines that start with a lane's (or the era row's) label, and the rows under it.
fn lane_rows<'a>(text: &'a str, label: &str) -> Vec<&'a str> {
    let mut lines = text.lines().skip_while(|line| !line.starts_with(label));
    let first = lines.next().into_iter();
    first
        .chain(lines.take_while(|line| line.starts_with(' ')))
        .collect()
}

/// The display column where `needle` starts in `line`.
fn column_of(line: &str, needle: &str) -> Option<usize> {
    let at = line.find(needle)?;
    Some(unicode_width::UnicodeWidthStr::width(&line[..at]))
}

#[test]
fn the_axis_draws_the_whole_span_to_the_width() {
    let text = axis_drawing(&[], 100);
    assert_eq!(
        text,
        axis_drawing(&["--width", "100"], 100),
        "100 is the default"
    );
    assert!(text.contains("1900") && text.contains("1940"), "{text}");
    for lane in ["Events", "Treaties", "People", "Organisations"] {
        assert!(!lane_rows(&text, lane).is_empty(), "{lane}:\n{text}");
    }
    assert!(text.lines().next().unwrap().starts_with("Era"), "{text}");
    // The ruler says whole years, never one cut at the edge ("2020" as "20").
    for width in ["100", "77", "43"] {
        let text = axis_drawing(&["--width", width], 1000);
        let ruler = text.lines().nth(1).unwrap();
        let labels = ruler.rsplit('│').next().unwrap().split_whitespace();
        for label in labels {
            assert!(
                label.len() == 4 && label.parse::<u16>().is_ok(),
                "{label}: {ruler}"
            );
        }
    }
    // The narrowest and the widest allowed.
    axis_drawing(&["--width", "20"], 20);
    axis_drawing(&["--width", "1000"], 1000);
}

#[test]
fn the_axis_zooms_to_years_and_puts_the_neutrality_pact_in_1941() {
    let text = axis_drawing(&["--from", "1939", "--to", "1945", "--width", "80"], 80);
    let ruler = text
        .lines()
        .find(|line| line.contains("1939"))
        .unwrap_or_else(|| panic!("no ruler:\n{text}"));
    for year in 1939..=1945 {
        assert!(ruler.contains(&year.to_string()), "{year}: {ruler}");
    }
    assert!(
        !ruler.contains("1938") && !ruler.contains("1946"),
        "{ruler}"
    );
    // The pact (13 April 1941) is a treaty's mark between the ruler's 1941 and 1942.
    let (from, to) = (
        column_of(ruler, "1941").unwrap(),
        column_of(ruler, "1942").unwrap(),
    );
    let treaties = lane_rows(&text, "Treaties");
    let marked = treaties.iter().any(|row| {
        row.match_indices('§').any(|(at, _)| {
            let column = unicode_width::UnicodeWidthStr::width(&row[..at]);
            (from..to).contains(&column)
        })
    });
    assert!(marked, "no treaty in 1941:\n{text}");
    assert!(!lane_rows(&text, "Events").is_empty(), "{text}");
    // --era draws the era's years: era 4 is 1930–1945.
    assert_eq!(
        axis_drawing(&["--era", "4"], 100),
        axis_drawing(&["--from", "1930", "--to", "1945"], 100)
    );
    assert_eq!(
        axis_drawing(&["--era", "deterioration-and-war", "--width", "60"], 60),
        axis_drawing(&["--era", "4", "--width", "60"], 60)
    );
}

#[test]
fn the_axis_by_side_has_a_lane_per_side() {
    let catalog = nisso::dataset::Catalog::new(nisso::dataset::load_embedded().unwrap());
    let (sides, _) = nisso::axis::sides(&catalog);
    assert_eq!(sides.len(), 2, "{sides:?}");
    let text = axis_drawing(&["--by", "side"], 100);
    for label in sides.iter().map(String::as_str).chain(["Both", "Others"]) {
        // Lane labels up to 12 columns are shown whole at this width.
        assert!(
            unicode_width::UnicodeWidthStr::width(label) <= 12,
            "{label}"
        );
        assert!(!lane_rows(&text, label).is_empty(), "{label}:\n{text}");
    }
    assert!(lane_rows(&text, "Events").is_empty(), "{text}");
}

#[test]
fn the_axis_outside_the_data_is_empty_but_drawn() {
    let text = axis_drawing(&["--from", "2100", "--to", "2110", "--width", "60"], 60);
    assert!(text.contains("2100") && text.contains("2110"), "{text}");
    assert!(!text.contains('•') && !text.contains('§'), "{text}");
    // One bound alone beyond the data draws that year, not a backwards window.
    let before = axis_drawing(&["--to", "1800", "--width", "60"], 60);
    assert!(before.contains("1800") && !before.contains('•'), "{before}");
    let after = axis_drawing(&["--from", "3000", "--width", "60"], 60);
    assert!(after.contains("3000"), "{after}");
}

#[test]
fn the_axis_flags_are_checked() {
    let out = nisso(&["timeline", "--axis", "--from", "1950", "--to", "1940"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let message = stderr(&out);
    assert!(
        message.contains("1950") && message.contains("1940"),
        "{message}"
    );
    for (args, says) in [
        (vec!["--axis", "--width", "5"], "--width"),
        (vec!["--axis", "--width", "1001"], "--width"),
        (vec!["--axis", "--json"], "cannot be used with"),
        (vec!["--width", "80"], "--axis"),
        (vec!["--from", "1939"], "--axis"),
        (vec!["--by", "side"], "--axis"),
        (vec!["--axis", "--by", "party"], "possible values"),
        (
            vec!["--axis", "--era", "4", "--from", "1939"],
            "cannot be used with",
        ),
        (vec!["--axis", "--from", "nineteen"], "--from"),
    ] {
        let mut all = vec!["timeline"];
        all.extend(&args);
        let out = nisso(&all);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
    let out = nisso(&["timeline", "--axis", "--era", "no-such-era"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no era"), "{}", stderr(&out));
    // The help explains the drawing.
    let help = stdout(&nisso(&["timeline", "--help"]));
    for flag in ["--axis", "--width", "--from", "--to", "--by"] {
        assert!(help.contains(flag), "{flag}: {help}");
    }
    assert!(help.contains("to scale"), "{help}");
}

#[test]
fn the_axis_has_no_escape_codes_on_a_terminal_either() {
    // Colour is never asked for: the drawing is the same with NO_COLOR unset.
    let out = Command::new(env!("CARGO_BIN_EXE_nisso"))
        .args(["timeline", "--axis"])
        .env_remove("NO_COLOR")
        .env("NISSO_CONFIG", "/nonexistent/nisso-test-config.toml")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(!out.stdout.contains(&0x1b));
    assert_eq!(stdout(&out), axis_drawing(&[], 100));
}

/// `generate` streams entity by entity; what it writes is exactly the whole dataset
/// serialised at once (and loads back as it).
#[test]
fn generate_streams_the_same_json_as_the_whole_dataset() {
    for (count, seed) in [(0usize, 1u64), (1, 2), (7, 3), (300, 4)] {
        let args = ["generate", &count.to_string(), "--seed", &seed.to_string()].map(String::from);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let status = nisso::cli::run_in_process(&args, &mut out, &mut err);
        assert_eq!(status, 0, "{}", String::from_utf8_lossy(&err));
        let whole = nisso::synthetic::generate(count, seed);
        let expected = nisso::sanitize::json_line(&serde_json::to_value(&whole).unwrap());
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!("{expected}\n"),
            "{count}"
        );
        let back = nisso::dataset::parse_str("generated", &expected).unwrap();
        assert_eq!(back.entities.len(), count);
    }
}
