//! Corrections to the embedded dataset found by auditing it against the source article,
//! each pinned by id so it cannot come back (issue: the dataset, corrected).

use nisso::dataset::{Catalog, load_embedded};
use nisso::model::{Entity, NameFrom, Relation};

fn catalog() -> Catalog {
    Catalog::new(load_embedded().unwrap())
}

fn entity<'a>(catalog: &'a Catalog, id: &str) -> &'a Entity {
    catalog.entity(catalog.index_of(id).unwrap_or_else(|| panic!("no {id}")))
}

fn links_to(entity: &Entity, target: &str) -> Vec<Relation> {
    entity
        .links
        .iter()
        .filter(|l| l.target == target)
        .map(|l| l.rel)
        .collect()
}

#[test]
fn wrong_links_are_corrected() {
    let catalog = catalog();
    // The October takeover overthrew the Provisional Government, not the empire.
    let revolution = entity(&catalog, "russian-revolution-1917");
    assert!(!links_to(revolution, "russian-empire").contains(&Relation::Against));
    // The 1855 treaty drew the Etorofu–Urup line, not today's maritime boundary.
    let shimoda = entity(&catalog, "treaty-of-shimoda");
    assert!(links_to(shimoda, "japan-russia-border").is_empty());
    assert_eq!(links_to(shimoda, "etorofu"), vec![Relation::Concerns]);
    // Karafuto Prefecture is South Sakhalin under Japan, not a part of it: now one entity.
    assert_eq!(
        catalog.index_of("karafuto-prefecture"),
        catalog.index_of("south-sakhalin")
    );
    // The article names the Soviet entry into the war, not the Yalta conference.
    let exchanges = entity(&catalog, "cultural-exchanges-late-1950s");
    assert!(links_to(exchanges, "yalta-conference").is_empty());
    assert!(!links_to(exchanges, "soviet-declaration-of-war-on-japan").is_empty());
    // "Washington and Beijing" are the states, not the cities.
    let treaty = entity(&catalog, "sino-japanese-peace-treaty-1978");
    assert!(links_to(treaty, "washington").is_empty());
    assert!(links_to(treaty, "beijing").is_empty());
    assert!(!links_to(treaty, "united-states").is_empty());
    assert!(links_to(treaty, "peoples-republic-of-china").contains(&Relation::Party));
}

#[test]
fn wrong_claims_are_corrected() {
    let catalog = catalog();
    // "Soviet Russia" is the RSFSR of 1917–22, in a reference title only.
    let ussr = entity(&catalog, "soviet-union");
    assert!(ussr.aliases.iter().all(|a| a.name != "Soviet Russia"));
    // The Kurils became Japanese in 1875, not 1905.
    let kurils = entity(&catalog, "kuril-islands");
    assert!(
        !kurils.description.contains("after 1905"),
        "{}",
        kurils.description
    );
    assert!(kurils.description.contains("1875"));
    // The exchange itself is general knowledge, and both entities say so.
    for id in ["kuril-islands", "japan"] {
        let facts = &entity(&catalog, id).external_facts;
        assert!(
            facts
                .iter()
                .any(|f| f.contains("1875") && f.contains("general knowledge")),
            "{id}"
        );
    }
    let japan = entity(&catalog, "japan");
    assert!(
        japan.description.contains("Kurils in 1875"),
        "{}",
        japan.description
    );
}

#[test]
fn names_the_article_does_not_give_are_marked_external() {
    let catalog = catalog();
    for (id, name) in [
        ("japanese-invasion-of-manchuria", "Manchurian Incident"),
        ("molotov-ribbentrop-pact", "Nazi–Soviet Pact"),
        ("battle-of-lake-khasan", "Lake Khasan incident"),
    ] {
        let alias = entity(&catalog, id)
            .aliases
            .iter()
            .find(|a| a.name == name)
            .unwrap_or_else(|| panic!("{id} lost its alias {name}"));
        assert!(alias.external, "{id}: {name} is not in the article");
    }
}

#[test]
fn facts_the_article_states_are_no_longer_missing() {
    let catalog = catalog();
    let economy = &entity(&catalog, "japan-soviet-economic-relations").description;
    assert!(economy.contains("modestly over the decade"), "{economy}");
    assert!(economy.contains("foreign exchange"), "{economy}");
    let occupations = &entity(&catalog, "soviet-wartime-occupations").description;
    assert!(occupations.contains("division of Germany"), "{occupations}");
}

#[test]
fn eras_say_where_they_come_from() {
    let catalog = catalog();
    let sections = &catalog.meta().unwrap().sections;
    for era in catalog.eras() {
        assert!(!era.sources.is_empty(), "{} has no provenance", era.id);
        for source in &era.sources {
            assert!(
                sections.contains(&source.section),
                "{}: {}",
                era.id,
                source.section
            );
        }
    }
    // The 1875 exchange in the first era's summary is general knowledge, and says so.
    let first = &catalog.eras()[0];
    assert!(first.summary.contains("trade Sakhalin for the Kurils"));
    assert!(first.external_facts.iter().any(|f| f.contains("1875")));
}

#[test]
fn check_requires_provenance_of_eras_in_a_sourced_dataset() {
    let mut data = load_embedded().unwrap();
    data.eras[2].sources.clear();
    let problems = nisso::check::check(&data);
    assert!(
        problems.iter().any(|p| p.path == "eras[2].sources"
            && p.severity == nisso::check::Severity::Error
            && p.message.contains("no provenance")),
        "{problems:?}"
    );
    // A dataset without listed sections (one's own notes) needs none.
    data.meta = None;
    let problems = nisso::check::check(&data);
    assert!(problems.iter().all(|p| !p.message.contains("provenance")));
}

/// One recorded disagreement as expected: (entity id, words of the claim, words of each
/// version in order, which versions are general knowledge, whether general knowledge is
/// given).
type Expected = (
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [bool],
    bool,
);

/// The article's own contradictions are recorded, not settled.
const DISAGREEMENTS: [Expected; 8] = [
    (
        "treaty-of-san-francisco",
        "year",
        &["1951", "1952"],
        &[false, false],
        true,
    ),
    (
        "treaty-of-san-francisco",
        "southern Kurils",
        &["except for the southern Kuril", "Article 2(c)"],
        &[false, true],
        true,
    ),
    (
        "soviet-japanese-neutrality-pact",
        "kind of pact",
        &["neutrality pact", "nonaggression pact"],
        &[false, false],
        true,
    ),
    (
        "northern-territories",
        "Northern Territories",
        &["Kuril Islands as a whole", "Sakhalin", "four southernmost"],
        &[false, false, false],
        true,
    ),
    (
        "annulment-of-the-neutrality-pact",
        "still in force",
        &["annulled", "anyway"],
        &[false, false],
        true,
    ),
    (
        "sesshu-stamp-1956",
        "year",
        &["1956", "1952"],
        &[false, false],
        false,
    ),
    (
        "kuril-islands",
        "gained the Kuril",
        &["1905", "Chishima Province", "1875"],
        &[false, false, true],
        true,
    ),
    (
        "soviet-invasion-of-manchuria",
        "day",
        &["8 August 1945", "8 August 1945", "9 August 1945"],
        &[false, false, true],
        true,
    ),
];

#[test]
fn each_recorded_disagreement_is_pinned() {
    let catalog = catalog();
    for (id, claim, versions, external, general) in DISAGREEMENTS {
        let entity = entity(&catalog, id);
        let record = entity
            .disagreements
            .iter()
            .find(|d| d.claim.contains(claim))
            .unwrap_or_else(|| panic!("{id}: no disagreement about '{claim}'"));
        assert_eq!(record.versions.len(), versions.len(), "{id}: {claim}");
        for ((version, word), &is_external) in record.versions.iter().zip(versions).zip(external) {
            assert!(version.text.contains(word), "{id}: {}", version.text);
            assert_eq!(version.external, is_external, "{id}: {}", version.text);
            assert!(!version.source.trim().is_empty(), "{id}: {}", version.text);
        }
        assert_eq!(record.general_knowledge.is_some(), general, "{id}: {claim}");
    }
}

#[test]
fn versions_from_the_article_name_a_section_of_it() {
    // A version that is not general knowledge must say where in the article it stands, so
    // a reader can check it: its source mentions a listed section (or a caption in one).
    let data = load_embedded().unwrap();
    let sections = data.meta.as_ref().map(|m| m.sections.clone()).unwrap();
    for entity in &data.entities {
        for disagreement in &entity.disagreements {
            for version in disagreement.versions.iter().filter(|v| !v.external) {
                let names_a_section = sections.iter().any(|s| {
                    let short = s.trim_start_matches("Related Research Articles: ");
                    version.source.contains(short)
                });
                assert!(
                    names_a_section,
                    "{}: '{}' names no section",
                    entity.id, version.source
                );
            }
        }
    }
}

/// The source article, kept beside the repository (`../shared/seed/`), or at
/// `NISSO_ARTICLE`. Without it the tests that read it say so and pass, unless
/// `NISSO_REQUIRE_ARTICLE=1` asks for it (a clean clone on its own has no article).
fn article() -> Option<String> {
    let path = std::env::var("NISSO_ARTICLE").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/seed/000_b76cb73595047843.txt"
        )
        .to_string()
    });
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(error) => {
            assert!(
                std::env::var_os("NISSO_REQUIRE_ARTICLE").is_none(),
                "the source article {path}: {error}"
            );
            eprintln!("the source article is not at {path}; skipped");
            None
        }
    }
}

/// Text compared as a reader would: case and diacritics folded, dashes and quotes alike,
/// runs of spaces as one.
fn comparable(text: &str) -> String {
    let folded = nisso::fold::fold(text).text;
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        let c = match c {
            '–' | '—' | '‑' | '‐' => '-',
            '’' | '‘' => '\'',
            '“' | '”' => '"',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if !(c == ' ' && out.ends_with(' ')) {
            out.push(c);
        }
    }
    out
}

/// Names and aliases of `data` that the article does not contain although they are not
/// marked external or written for the dataset; and how many were checked.
fn names_missing_from(article: &str, data: &nisso::model::Dataset) -> (Vec<String>, usize) {
    let mut missing = Vec::new();
    let mut checked = 0;
    for entity in &data.entities {
        if entity.name_from == NameFrom::Source {
            checked += 1;
            if !article.contains(&comparable(&entity.name)) {
                missing.push(format!("{}: name '{}'", entity.id, entity.name));
            }
        }
        for alias in entity.aliases.iter().filter(|a| !a.external) {
            checked += 1;
            if !article.contains(&comparable(&alias.name)) {
                missing.push(format!("{}: alias '{}'", entity.id, alias.name));
            }
        }
    }
    (missing, checked)
}

#[test]
fn every_name_not_marked_otherwise_is_in_the_article() {
    let Some(article) = article() else {
        return;
    };
    let article = comparable(&article);
    let mut data = load_embedded().unwrap();
    let (missing, checked) = names_missing_from(&article, &data);
    assert!(
        missing.is_empty(),
        "not in the article, and not marked external or written for the dataset:\n{}",
        missing.join("\n")
    );
    assert!(checked > 200, "only {checked} names checked");
    // The check itself: an unmarked invention is caught, marked it passes.
    data.entities[0].aliases.push(nisso::model::Alias {
        name: "Zyzzyva Accord".into(),
        lang: None,
        external: false,
    });
    let (missing, _) = names_missing_from(&article, &data);
    assert_eq!(missing.len(), 1, "{missing:?}");
    data.entities[0].aliases.last_mut().unwrap().external = true;
    assert!(names_missing_from(&article, &data).0.is_empty());
    // Diacritics and dashes do not count: "Hokkaidō" and "Hokkaido" are one name.
    assert!(article.contains(&comparable("Soviet–Japanese Joint Declaration of 1956")));
}

#[test]
fn names_from_general_knowledge_are_starred() {
    let catalog = catalog();
    let roosevelt = catalog.index_of("franklin-roosevelt").unwrap();
    let sections = nisso::present::entity_sections(&catalog, roosevelt);
    assert_eq!(sections[0].paras[0].text, "Franklin D. Roosevelt*");
    // A title written for the dataset is no claim about the past: no star.
    let arrest = catalog.index_of("arrest-of-richard-sorge").unwrap();
    assert_eq!(catalog.entity(arrest).name_from, NameFrom::Dataset);
    let sections = nisso::present::entity_sections(&catalog, arrest);
    assert_eq!(sections[0].paras[0].text, "Arrest of Richard Sorge");
    // Signing places from general knowledge are starred links.
    let pact = catalog.index_of("soviet-japanese-neutrality-pact").unwrap();
    let links: Vec<String> = nisso::present::link_groups(&catalog, pact)
        .into_iter()
        .flat_map(|(_, items)| items)
        .map(|item| nisso::present::link_text(&catalog, &item))
        .collect();
    assert!(
        links
            .iter()
            .any(|l| l.starts_with("→ took place at*: Moscow")),
        "{links:?}"
    );
    let sorge = entity(&catalog, "sorge-named-hero-of-the-soviet-union");
    assert!(
        sorge
            .external_facts
            .iter()
            .any(|f| f.contains("highest honorary title"))
    );
}

#[test]
fn the_article_says_what_each_version_quotes() {
    // Quoted words in a version's source are the article's own.
    let Some(article) = article() else {
        return;
    };
    let data = load_embedded().unwrap();
    let mut quotes = 0;
    for entity in &data.entities {
        for version in entity.disagreements.iter().flat_map(|d| &d.versions) {
            let text = format!("{} {}", version.text, version.source);
            for quoted in text.split("('").skip(1) {
                let quote = quoted.split("')").next().unwrap();
                assert!(
                    article.contains(quote),
                    "{}: '{quote}' is not in the article",
                    entity.id
                );
                quotes += 1;
            }
        }
    }
    assert!(quotes >= 4, "only {quotes} quotes checked");
}

#[test]
fn dates_say_no_more_than_the_article() {
    let catalog = catalog();
    for (id, iso, human) in [
        (
            "sharp-deterioration-of-soviet-japanese-relations",
            "after 1936",
            "after 1936",
        ),
        (
            "japan-turns-toward-soviet-territory",
            "after 1932",
            "after 1932",
        ),
        (
            "soviet-warnings-over-china-treaty",
            "after 1975",
            "after 1975",
        ),
        (
            "cultural-exchanges-late-1950s",
            "second-half 1950s",
            "second half of the 1950s",
        ),
        (
            "russo-japanese-rivalry-in-northeast-asia",
            "late 19th century/1904",
            "late 19th century – 1904",
        ),
        (
            "postwar-japan",
            "1945-09-02/at least 1989",
            "2 September 1945 – until at least 1989",
        ),
        ("kuril-islands-dispute", "1945/ongoing", "1945 – ongoing"),
        (
            "russian-occupied-territories",
            "1991/ongoing",
            "1991 – ongoing",
        ),
        // The caption's 9 August 1966 is the stamp's date, not the meeting's.
        (
            "peace-and-friendship-meeting-khabarovsk-1966",
            "1966",
            "1966",
        ),
    ] {
        let date = entity(&catalog, id).date.unwrap();
        assert_eq!(date.iso(), iso, "{id}");
        assert_eq!(date.human(), human, "{id}");
    }
    // Nothing in the dataset pretends to end in the source's last year.
    let as_of = load_embedded().unwrap().meta.unwrap().as_of;
    assert_eq!(as_of, Some(2022));
}

#[test]
fn duplicates_are_merged_and_their_old_ids_still_resolve() {
    let catalog = catalog();
    for (kept, former, alias) in [
        (
            "south-kuril-district",
            "yuzhno-kurilsky-district",
            "Yuzhno-Kurilsky District",
        ),
        (
            "south-sakhalin",
            "karafuto-prefecture",
            "Karafuto Prefecture",
        ),
        ("republic-of-china", "taiwan", "Taiwan"),
    ] {
        let index = catalog.index_of(kept).unwrap();
        assert_eq!(catalog.index_of(former), Some(index), "{former}");
        let merged = catalog.entity(index);
        assert!(merged.former_ids.iter().any(|f| f == former), "{kept}");
        assert!(merged.aliases.iter().any(|a| a.name == alias), "{kept}");
        // Nothing links to the old id any more.
        assert!(
            catalog
                .entities()
                .all(|e| e.links.iter().all(|l| l.target != former)),
            "{former}"
        );
    }
    // What the merged entities said is kept.
    let shikotan = entity(&catalog, "shikotan");
    assert!(!links_to(shikotan, "south-kuril-district").is_empty());
    let war = entity(&catalog, "soviet-japanese-war");
    assert!(!links_to(war, "south-sakhalin").is_empty());
    let unfriendly = entity(&catalog, "unfriendly-countries-list");
    assert!(!links_to(unfriendly, "republic-of-china").is_empty());
    let sakhalin = entity(&catalog, "south-sakhalin");
    assert!(sakhalin.description.contains("gaichi") && sakhalin.description.contains("1943"));
}

#[test]
fn overlapping_entities_are_linked_and_distinguished() {
    let catalog = catalog();
    // Different things in the same place or period: linked, with the difference said.
    let province = entity(&catalog, "south-sakhalin-province");
    let link = province
        .links
        .iter()
        .find(|l| l.target == "south-sakhalin")
        .expect("the province links to the territory");
    assert!(
        link.note
            .as_deref()
            .unwrap_or("")
            .contains("not the territory")
    );
    let yalta = entity(&catalog, "yalta-conference");
    assert_eq!(links_to(yalta, "yalta-agreement"), vec![Relation::LedTo]);
    let vladivostok = entity(&catalog, "japanese-occupation-of-vladivostok");
    assert_eq!(
        links_to(vladivostok, "siberian-intervention"),
        vec![Relation::PartOf]
    );
}

#[test]
fn only_the_peoples_republic_claims_the_1978_treaty() {
    let catalog = catalog();
    let china = entity(&catalog, "china");
    assert!(!china.summary.contains("1978"), "{}", china.summary);
    assert!(links_to(china, "sino-japanese-peace-treaty-1978").is_empty());
    // China the country points at the two governments, each with what it did.
    for government in ["peoples-republic-of-china", "republic-of-china"] {
        let link = china.links.iter().find(|l| l.target == government).unwrap();
        assert!(link.note.is_some(), "{government}");
    }
    let treaty = entity(&catalog, "sino-japanese-peace-treaty-1978");
    assert!(links_to(treaty, "china").is_empty());
}

#[test]
fn signing_places_from_general_knowledge_are_external_links() {
    let catalog = catalog();
    for (treaty, place) in [
        ("convention-of-kanagawa", "kanagawa"),
        ("treaty-of-shimoda", "shimoda"),
        ("treaty-of-saint-petersburg-1875", "saint-petersburg"),
        ("treaty-of-portsmouth", "portsmouth"),
        ("soviet-japanese-neutrality-pact", "moscow"),
    ] {
        let link = entity(&catalog, treaty)
            .links
            .iter()
            .find(|l| l.target == place && l.rel == Relation::TookPlaceAt)
            .unwrap_or_else(|| panic!("{treaty} → {place}"));
        assert!(link.external, "{treaty} → {place}");
    }
    // Places the article gives stay unmarked.
    let san_francisco = entity(&catalog, "treaty-of-san-francisco");
    assert!(san_francisco.links.iter().all(|l| !l.external));
}

#[test]
fn borders_stand_in_their_periods() {
    let data = load_embedded().unwrap();
    let standing = |year: &str| -> Vec<&str> {
        let moment = nisso::date::HistDate::parse(year).unwrap();
        let mut ids: Vec<&str> = data
            .borders
            .iter()
            .filter(|b| b.stands_during(&moment, Some(&moment)))
            .map(|b| b.id.as_str())
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(standing("1860"), ["boundary-1855"]);
    assert_eq!(
        standing("1890"),
        ["boundary-1875-kuril-strait", "boundary-1875-la-perouse"]
    );
    assert_eq!(
        standing("1935"),
        [
            "boundary-1875-kuril-strait",
            "boundary-1905-50th-parallel",
            "manchukuo-extent"
        ]
    );
    assert_eq!(
        standing("1990"),
        ["boundary-after-1945", "disputed-southern-kurils"]
    );
    // Every line is drawn from general knowledge (the article gives no coordinates) and
    // says where the article speaks of it.
    for border in &data.borders {
        assert!(border.external, "{}", border.id);
        assert!(
            border.note.as_deref().unwrap_or("").contains("article"),
            "{}",
            border.id
        );
    }
}
