//! Corrections to the embedded dataset found by auditing it against the source article,
//! each pinned by id so it cannot come back (issues: the dataset, corrected; the dataset,
//! second pass — the second audit's problems are named P1…P27 below).

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
        "soviet-offer-of-habomai-and-shikotan-1956",
        "on what condition",
        &["if Japan left its alliance", "Article 9"],
        &[false, true],
        true,
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
        // "During the first half of the 1950s", not "early" (audit 2, P13).
        (
            "fishing-and-prisoner-disputes",
            "first-half 1950s",
            "first half of the 1950s",
        ),
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

// ---------------------------------------------------------------------------------------
// The second audit (issue 23, shared/reviews/data-audit-2.md).

fn external_fact_says(entity: &Entity, words: &[&str]) -> bool {
    entity
        .external_facts
        .iter()
        .any(|f| words.iter().all(|w| f.contains(w)))
}

/// Words the article must contain, checked when it is beside the repository.
fn article_says(quotes: &[&str]) {
    let Some(article) = article() else {
        return;
    };
    for quote in quotes {
        assert!(
            article.contains(quote),
            "the article does not say '{quote}'"
        );
    }
}

fn link_to<'a>(entity: &'a Entity, target: &str) -> &'a nisso::model::Link {
    entity
        .links
        .iter()
        .find(|l| l.target == target)
        .unwrap_or_else(|| panic!("{} does not link to {target}", entity.id))
}

#[test]
fn p1_the_1956_declaration_carries_article_9_and_the_1960_condition_is_a_disagreement() {
    let catalog = catalog();
    let declaration = entity(&catalog, "soviet-japanese-joint-declaration-1956");
    assert!(external_fact_says(
        declaration,
        &["Article 9", "Habomai", "Shikotan", "peace treaty"]
    ));
    // Its island links say what Article 9 says, and are starred.
    for island in ["habomai-islands", "shikotan"] {
        let link = link_to(declaration, island);
        assert!(link.external, "{island}");
        let note = link.note.as_deref().unwrap_or("");
        assert!(
            note.contains("Article 9") && note.contains("peace treaty"),
            "{note}"
        );
        assert!(!note.contains("left to continuing"), "{note}");
        assert!(external_fact_says(entity(&catalog, island), &["Article 9"]));
    }
    // Entry into force, from general knowledge.
    let in_force = declaration
        .milestones
        .iter()
        .find(|m| m.label == "in force")
        .expect("an entry-into-force milestone");
    assert_eq!(in_force.date.iso(), "1956-12-12");
    assert!(
        in_force
            .note
            .as_deref()
            .unwrap_or("")
            .contains("general knowledge")
    );
    // The article's 1956 "hint" with the alliance condition is recorded against Article 9,
    // with the verdict that the condition dates from 1960.
    let offer = entity(&catalog, "soviet-offer-of-habomai-and-shikotan-1956");
    let record = &offer.disagreements[0];
    let verdict = record.general_knowledge.as_deref().unwrap();
    assert!(verdict.contains("1960") && verdict.contains("no alliance condition"));
    assert!(offer.description.contains("In the article the condition"));
    assert!(link_to(offer, "soviet-japanese-joint-declaration-1956").external);
    assert!(external_fact_says(
        entity(&catalog, "soviet-warning-over-security-treaty"),
        &["27 January 1960"]
    ));
    article_says(&[
        "it hinted at the possibility of considering the return of the Habomai Islands and Shikotan if Japan abandoned its alliance with the United States",
    ]);
}

#[test]
fn p2_the_neutrality_pact_was_denounced_and_annulled_is_the_articles_word() {
    let catalog = catalog();
    let event = entity(&catalog, "annulment-of-the-neutrality-pact");
    assert_eq!(event.name, "Soviet denunciation of the Neutrality Pact");
    assert_eq!(event.name_from, NameFrom::Dataset);
    // "annulled" appears only as the article's word, in quotes.
    for text in [&event.summary, &event.description] {
        assert!(text.contains("'annulled'"), "{text}");
        assert!(!text.contains("annuls"), "{text}");
    }
    assert!(links_to(event, "soviet-japanese-neutrality-pact") == vec![Relation::Concerns]);
    assert!(
        catalog
            .entities()
            .flat_map(|e| &e.links)
            .all(|l| l.target != "soviet-japanese-neutrality-pact" || l.rel != Relation::Annulled)
    );
    assert!(external_fact_says(event, &["5 April 1945", "April 1946"]));
    let pact = entity(&catalog, "soviet-japanese-neutrality-pact");
    let labels: Vec<(&str, String)> = pact
        .milestones
        .iter()
        .map(|m| (m.label.as_str(), m.date.iso()))
        .collect();
    assert_eq!(
        labels,
        [
            ("denounced", "1945-04-05".to_string()),
            ("expired", "1946-04".to_string())
        ]
    );
    assert!(pact.summary.contains("denounced") && pact.summary.contains("'annulled'"));
    assert!(!pact.description.contains("Moscow annulled"));
    // The nonaggression verdict says why the RRA's word is half right (P27).
    let kind = &pact.disagreements[0];
    assert!(
        kind.general_knowledge
            .as_deref()
            .unwrap()
            .contains("Article 1")
    );
    article_says(&[
        "Moscow annulled the neutrality pact",
        "declared war on Japan anyway",
    ]);
}

#[test]
fn p3_the_sesshu_stamp_is_not_disputed_and_the_file_number_is_explained() {
    let catalog = catalog();
    let stamp = entity(&catalog, "sesshu-stamp-1956");
    assert!(stamp.disagreements.is_empty());
    assert_eq!(stamp.date.unwrap().iso(), "1956");
    assert!(external_fact_says(
        stamp,
        &["1952", "catalogue", "general knowledge"]
    ));
    article_says(&[
        "a 1956 Soviet stamp Stamp of USSR 1952.jpg",
        "1966 CPA 3393.jpg",
    ]);
}

#[test]
fn p4_japans_reading_of_article_2c_is_attributed_everywhere() {
    let catalog = catalog();
    for id in [
        "treaty-of-san-francisco",
        "chishima-province",
        "creation-of-chishima-province",
    ] {
        let description = &entity(&catalog, id).description;
        assert!(
            description.contains("Japan's reading"),
            "{id}: {description}"
        );
        for unattributed in [
            "Japan gave up all of it apart from",
            "which Japan gave up in the San Francisco treaty",
            "under the treaty Japan renounced",
        ] {
            assert!(!description.contains(unattributed), "{id}: {description}");
        }
    }
    let treaty = entity(&catalog, "treaty-of-san-francisco");
    let note = link_to(treaty, "chishima-province")
        .note
        .as_deref()
        .unwrap();
    assert!(note.starts_with("Japan's reading"), "{note}");
    article_says(&[
        "its territory was renounced in the San Francisco Treaty except for the southern Kuril islands",
    ]);
}

#[test]
fn p5_chishima_province_in_1869_held_kunashiri_and_etorofu_only() {
    let catalog = catalog();
    let creation = entity(&catalog, "creation-of-chishima-province");
    assert_eq!(creation.date.unwrap().iso(), "1869");
    assert!(creation.date_external);
    assert!(
        creation.summary.contains("at first Kunashiri and Etorofu"),
        "{}",
        creation.summary
    );
    assert!(!creation.summary.contains("the islands north of it,"));
    assert!(external_fact_says(creation, &["1875", "1885", "Etorofu"]));
    assert!(link_to(creation, "treaty-of-saint-petersburg-1875").external);
}

#[test]
fn p6_the_state_of_war_ends_when_the_declaration_comes_into_force() {
    let catalog = catalog();
    let war = entity(&catalog, "soviet-japanese-state-of-war");
    assert_eq!(war.date.unwrap().iso(), "1945-08-08/1956-12-12");
    assert!(war.date_external);
    assert!(external_fact_says(war, &["12 December 1956", "Article 1"]));
    article_says(&["technically existed until 1956"]);
}

/// Whether a (lon, lat) point lies inside a closed outline (even-odd rule), as the audit
/// tested the borders.
fn inside(point: [f64; 2], outline: &[[f64; 2]]) -> bool {
    let [x, y] = point;
    let mut within = false;
    for (i, &[x1, y1]) in outline.iter().enumerate() {
        let [x2, y2] = outline[(i + 1) % outline.len()];
        if (y1 > y) != (y2 > y) && x < x1 + (y - y1) * (x2 - x1) / (y2 - y1) {
            within = !within;
        }
    }
    within
}

#[test]
fn p7_p26_outlines_hold_what_they_should_and_nothing_else() {
    let data = load_embedded().unwrap();
    let catalog = Catalog::new(load_embedded().unwrap());
    let outline = |id: &str| {
        data.borders
            .iter()
            .find(|b| b.id == id)
            .unwrap_or_else(|| panic!("no border {id}"))
    };
    let at = |id: &str| {
        let coords = catalog.coords(catalog.index_of(id).unwrap()).unwrap();
        [coords.lon, coords.lat]
    };
    let manchukuo = outline("manchukuo-extent");
    // The dataset's own battlefields lie outside: the map does not settle the frontiers
    // that were fought over; Manchuria itself is inside.
    assert!(!inside(at("lake-khasan"), &manchukuo.line));
    assert!(!inside(at("khalkhin-gol"), &manchukuo.line));
    assert!(inside(at("manchuria"), &manchukuo.line));
    for id in ["vladivostok", "khabarovsk", "beijing", "chita"] {
        assert!(!inside(at(id), &manchukuo.line), "{id}");
    }
    // Reference towns (general knowledge): Rehe's capital and the Liaodong peninsula down
    // to the Kwantung Leased Territory inside, the territory's Dalian outside.
    for (town, point, within) in [
        ("Chengde", [117.93, 40.97], true),
        ("Wafangdian", [121.98, 39.63], true),
        ("Harbin", [126.63, 45.75], true),
        ("Hsinking", [125.32, 43.88], true),
        ("Mukden", [123.43, 41.8], true),
        ("Hailar", [119.7, 49.2], true),
        ("Dalian", [121.6, 38.92], false),
        ("Hoeryong", [129.75, 42.44], false),
    ] {
        assert_eq!(inside(point, &manchukuo.line), within, "{town}");
    }
    let note = manchukuo.note.as_deref().unwrap();
    assert!(
        note.contains("1933") && note.contains("contested"),
        "{note}"
    );

    let disputed = outline("disputed-southern-kurils");
    for id in [
        "etorofu",
        "kunashiri",
        "shikotan",
        "habomai-islands",
        "northern-territories",
    ] {
        assert!(inside(at(id), &disputed.line), "{id}");
    }
    assert!(!inside(at("hokkaido"), &disputed.line));
    // Cape Nosappu is Hokkaido's, not disputed.
    assert!(!inside([145.82, 43.38], &disputed.line));
    let note = disputed.note.as_deref().unwrap();
    assert!(note.contains("never recognised") && !note.contains("since 1945 (the article)"));
}

const EXAMPLE_TIMELINE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/japan-soviet-relations.timeline.json"
);

/// The example TimelineJS file is the export of the dataset (audit 2, P8: the hand-written
/// one repeated errors the dataset had fixed). After a dataset change, regenerate it with
/// `NISSO_UPDATE_TIMELINE=1 cargo test --test dataset_fixes p8`.
#[test]
fn p8_the_example_timeline_is_the_export_of_the_dataset() {
    let catalog = catalog();
    let fresh = nisso::interchange::timelinejs::export(&catalog).value;
    if std::env::var_os("NISSO_UPDATE_TIMELINE").is_some() {
        let text = serde_json::to_string_pretty(&fresh).unwrap() + "\n";
        std::fs::write(EXAMPLE_TIMELINE, text).unwrap();
        return;
    }
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(EXAMPLE_TIMELINE).unwrap()).unwrap();
    assert!(
        file == fresh,
        "{EXAMPLE_TIMELINE} is out of step with the dataset; run NISSO_UPDATE_TIMELINE=1 cargo test --test dataset_fixes p8"
    );
    // Every slide is an entity of the dataset, with its name and date.
    let events = file["events"].as_array().unwrap();
    assert!(events.len() > 100, "{}", events.len());
    for slide in events {
        let id = slide["unique_id"].as_str().unwrap();
        let index = catalog.index_of(id).unwrap_or_else(|| panic!("no {id}"));
        let entity = catalog.entity(index);
        assert!(!entity.context, "{id} is context");
        let headline = slide["text"]["headline"].as_str().unwrap();
        assert_eq!(nisso::interchange::html::to_text(headline), entity.name);
        let year = slide["start_date"]["year"].as_i64().unwrap();
        assert_eq!(year as i32, entity.date.unwrap().earliest().0, "{id}");
    }
    // None of the example's old errors is back.
    let slide = |id: &str| {
        events
            .iter()
            .find(|e| e["unique_id"] == id)
            .unwrap_or_else(|| panic!("no slide {id}"))
    };
    let text = |id: &str| slide(id)["text"]["text"].as_str().unwrap().to_string();
    let khabarovsk = slide("peace-and-friendship-meeting-khabarovsk-1966");
    assert_eq!(khabarovsk["start_date"], serde_json::json!({"year": 1966}));
    assert!(text("annulment-of-the-neutrality-pact").contains("denounce"));
    assert!(events.iter().all(|e| e.get("media").is_none()));
    assert!(text("japanese-control-of-south-sakhalin").contains("1875"));
    assert!(text("sorge-warns-of-german-attack").contains("in Japan"));
    assert!(text("soviet-okinawa-offer-1964").contains("Habomai Islands and Shikotan"));
    assert_eq!(
        slide("cultural-exchanges-late-1950s")["display_date"],
        "second half of the 1950s"
    );
    assert!(!text("gorbachev-visit-to-japan").contains("expected"));
    // Facts from general knowledge say so in the slide.
    assert!(text("soviet-japanese-neutrality-pact").contains("Not from the source: "));
    // The eras are the dataset's.
    assert_eq!(file["eras"].as_array().unwrap().len(), catalog.eras().len());
}

#[test]
fn p9_the_five_old_findings_are_closed() {
    let catalog = catalog();
    for id in ["japanese-sanctions-1980", "trade-nearly-6-billion-1988"] {
        let description = &entity(&catalog, id).description;
        assert!(
            description.contains("under Gorbachev"),
            "{id}: {description}"
        );
    }
    let toshiba = entity(&catalog, "toshiba-machine");
    assert_eq!(toshiba.name, "Toshiba Machine Tool");
    assert_eq!(toshiba.name_from, NameFrom::Source);
    let short = toshiba
        .aliases
        .iter()
        .find(|a| a.name == "Toshiba Machine")
        .unwrap();
    assert!(short.external);
    let empire = &entity(&catalog, "russian-empire").description;
    assert!(!empire.contains("cost it southern Sakhalin"), "{empire}");
    assert!(!empire.contains("at Shimoda"), "{empire}");
    // The early-1980s import figures have no year the article does not give, so the chart
    // draws no 1980 or 1985 column.
    let economy = entity(&catalog, "japan-soviet-economic-relations");
    let imports: Vec<Option<i32>> = economy
        .figures
        .iter()
        .filter(|f| f.label == "Imports from the Soviet Union")
        .map(|f| f.year)
        .collect();
    assert_eq!(imports, [None, None, Some(1990)]);
    let index = catalog.index_of("japan-soviet-economic-relations").unwrap();
    let years: Vec<i32> = nisso::ui::chart::series_of(&catalog, index)
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .collect();
    assert!(
        !years.contains(&1980) && !years.contains(&1985),
        "{years:?}"
    );
    article_says(&[
        "Toshiba Machine Tool",
        "political stability of the Soviet Union under Gorbachev",
    ]);
}

/// The entities that are in the dataset only because of the two "Related Research
/// Articles" about other subjects (audit 2, P10). Ukraine is not among them: the
/// Japan–Russia relations entry makes its invasion part of the story (sanctions, the
/// unfriendly list).
const CONTEXT: [&str; 14] = [
    "latvia",
    "estonia",
    "lithuania",
    "finland",
    "romania",
    "czechoslovakia",
    "carpathian-ruthenia",
    "eastern-poland",
    "molotov-ribbentrop-pact",
    "soviet-wartime-occupations",
    "soviet-annexation-of-carpathian-ruthenia",
    "georgia",
    "moldova",
    "russian-occupied-territories",
];

#[test]
fn p10_related_topics_are_context_off_the_timeline_and_the_chart() {
    let catalog = catalog();
    let flagged: Vec<&str> = catalog
        .entities()
        .filter(|e| e.context)
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(flagged, {
        let mut ids: Vec<&str> = catalog
            .entities()
            .map(|e| e.id.as_str())
            .filter(|id| CONTEXT.contains(id))
            .collect();
        ids.dedup();
        ids
    });
    assert_eq!(flagged.len(), CONTEXT.len());
    assert!(!entity(&catalog, "ukraine").context);
    for id in CONTEXT {
        let index = catalog.index_of(id).unwrap();
        assert_eq!(catalog.timeline_row(index), None, "{id} is on the timeline");
        assert!(!catalog.is_charted(index), "{id}");
        // Still linked, and shown as context.
        assert!(
            !catalog.outgoing(index).is_empty() || !catalog.incoming(index).is_empty(),
            "{id}"
        );
        let sections = nisso::present::entity_sections(&catalog, index);
        assert!(
            sections[0]
                .paras
                .iter()
                .any(|p| p.text.contains(nisso::present::CONTEXT_NOTE)),
            "{id}"
        );
    }
    // The timeline of era 4 runs from Khalkhin Gol to the declaration of war without them.
    assert!(
        catalog
            .timeline()
            .iter()
            .all(|&e| !catalog.entity(e).context)
    );
    // Still found by search (the command line's).
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_nisso"))
        .args(["search", "Molotov–Ribbentrop Pact", "--json"])
        .output()
        .unwrap();
    let first = String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap());
    assert_eq!(
        first.as_ref().and_then(|v| v["id"].as_str()),
        Some("molotov-ribbentrop-pact")
    );
    // The dataset names the sections they come from.
    let meta = catalog.meta().unwrap();
    assert_eq!(meta.context_sections.len(), 2);
    assert!(
        meta.context_sections
            .iter()
            .all(|s| meta.sections.contains(s))
    );
}

#[test]
fn check_keeps_the_context_flag_consistent() {
    use nisso::check::{Severity, check};
    let base = load_embedded().unwrap();
    let at = |data: &nisso::model::Dataset, id: &str| {
        data.entities.iter().position(|e| e.id == id).unwrap()
    };
    let errors = |data: &nisso::model::Dataset| -> Vec<String> {
        check(data)
            .into_iter()
            .filter(|p| p.severity == Severity::Error)
            .map(|p| p.to_string())
            .collect()
    };
    assert!(errors(&base).is_empty(), "{:?}", errors(&base));
    // An entity drawn only from a context section must carry the flag.
    let mut data = base.clone();
    let latvia = at(&data, "latvia");
    data.entities[latvia].context = false;
    let found = errors(&data);
    assert!(
        found
            .iter()
            .any(|e| e.contains("(latvia)") && e.contains("flag it as context")),
        "{found:?}"
    );
    // A flag on an entity that cites no context section is refused.
    let mut data = base.clone();
    let pact = at(&data, "soviet-japanese-neutrality-pact");
    data.entities[pact].context = true;
    let found = errors(&data);
    assert!(
        found
            .iter()
            .any(|e| e.contains("(soviet-japanese-neutrality-pact)")
                && e.contains("flagged as context")),
        "{found:?}"
    );
    // Context stays out of the history's chain of causes.
    let mut data = base.clone();
    let war = at(&data, "world-war-ii");
    data.entities[war].links.push(nisso::model::Link {
        rel: Relation::LedTo,
        target: "soviet-wartime-occupations".into(),
        note: None,
        external: false,
    });
    let found = errors(&data);
    assert!(
        found
            .iter()
            .any(|e| e.contains("is context, not part of the bilateral history")),
        "{found:?}"
    );
    // A context section that is not a section of the source.
    let mut data = base;
    data.meta
        .as_mut()
        .unwrap()
        .context_sections
        .push("Related Research Articles: Nowhere".into());
    assert!(
        errors(&data)
            .iter()
            .any(|e| e.contains("meta.context_sections[2]")),
    );
}

#[test]
fn check_wants_a_verdict_or_the_reason_for_none() {
    use nisso::check::{Severity, check};
    let base = load_embedded().unwrap();
    let (i, d) = base
        .entities
        .iter()
        .enumerate()
        .flat_map(|(i, e)| (0..e.disagreements.len()).map(move |d| (i, d)))
        .next()
        .unwrap();
    let errors = |data: &nisso::model::Dataset| -> Vec<String> {
        check(data)
            .into_iter()
            .filter(|p| p.severity == Severity::Error)
            .map(|p| p.to_string())
            .collect()
    };
    // Every recorded disagreement of the dataset has a verdict.
    for entity in &base.entities {
        for disagreement in &entity.disagreements {
            assert!(
                disagreement.general_knowledge.is_some(),
                "{}: {}",
                entity.id,
                disagreement.claim
            );
        }
    }
    let mut data = base.clone();
    data.entities[i].disagreements[d].general_knowledge = None;
    assert!(
        errors(&data).iter().any(|e| e.contains("no verdict")),
        "{:?}",
        errors(&data)
    );
    data.entities[i].disagreements[d].no_verdict = Some("the sources give no way to tell".into());
    assert!(errors(&data).is_empty(), "{:?}", errors(&data));
    // Shown as such.
    let catalog = Catalog::new(data.clone());
    let index = catalog.index_of(&data.entities[i].id).unwrap();
    let shown: Vec<String> = nisso::present::entity_sections(&catalog, index)
        .into_iter()
        .flat_map(|s| s.paras.into_iter().map(|p| p.text))
        .collect();
    assert!(
        shown
            .iter()
            .any(|t| t.contains("No verdict: the sources give no way"))
    );
    // Both at once is one too many.
    data.entities[i].disagreements[d].general_knowledge = Some("settled".into());
    assert!(errors(&data).iter().any(|e| e.contains("keep one")));
}

#[test]
fn p11_world_war_ii_credits_khalkhin_gol_not_the_pact() {
    let catalog = catalog();
    let war = entity(&catalog, "world-war-ii");
    assert!(!war.description.contains("neutrality agreement kept them"));
    assert!(war.description.contains("Khalkhin Gol"));
    assert!(!links_to(war, "battle-of-khalkhin-gol").is_empty());
    article_says(&["largely due to the defeat at Battle of Khalkhin Gol"]);
}

#[test]
fn p12_japans_restraint_before_1931_was_partial() {
    let catalog = catalog();
    let era = &catalog.eras()[catalog.era_index_of("quiet-cooperation").unwrap().0];
    assert!(era.summary.contains("partial restraint"), "{}", era.summary);
    for id in ["sino-soviet-war-1929", "japanese-invasion-of-manchuria"] {
        let description = &entity(&catalog, id).description;
        assert!(
            description.contains("partial restraint"),
            "{id}: {description}"
        );
    }
    article_says(&["partial restraint in the expansionist policies"]);
}

#[test]
fn p13_to_p21_texts_say_what_the_article_says() {
    let catalog = catalog();
    let text = |id: &str| {
        let e = entity(&catalog, id);
        format!("{} {}", e.summary, e.description)
    };
    // P13: the first half of the 1950s (the date is pinned above).
    assert!(!text("fishing-and-prisoner-disputes").contains("early 1950s"));
    // P14: "After 1975", as the date says.
    let warnings = text("soviet-warnings-over-china-treaty");
    assert!(warnings.contains("After 1975") && !warnings.contains("From 1975"));
    // P15: the 9 August date is the stamp's.
    let khabarovsk = text("khabarovsk");
    assert!(
        khabarovsk.contains("stamp dated 9 August 1966"),
        "{khabarovsk}"
    );
    assert!(!khabarovsk.contains("held in Khabarovsk on 9 August"));
    // P16: "generally positive" interest.
    assert!(text("western-europe").contains("generally positive"));
    // P17: only the four southernmost islands are disputed.
    let kurils = &entity(&catalog, "kuril-islands").summary;
    assert!(
        kurils.contains("four southernmost islands are still disputed"),
        "{kurils}"
    );
    // P18: the Far Eastern Republic appears only in a study's title.
    let republic = &entity(&catalog, "far-eastern-republic").summary;
    assert!(!republic.contains("worked in"), "{republic}");
    // P19: Moscow's view, and "very tense".
    let era = |id: &str| &catalog.eras()[catalog.era_index_of(id).unwrap().0].summary;
    assert!(
        era("strains").contains("Moscow sees Tokyo"),
        "{}",
        era("strains")
    );
    assert!(!era("strains").contains("push Japan"));
    assert!(era("aftermath").contains("very tense") && !era("aftermath").contains("frozen"));
    // P20: observers thought Gorbachev "might" propose a package.
    for id in ["announcement-of-gorbachev-visit", "mikhail-gorbachev"] {
        let t = text(id);
        assert!(
            t.contains("might propose") && !t.contains("expected a package"),
            "{id}"
        );
    }
    // P21: exports grew modestly before 1988.
    assert!(
        text("japan-soviet-economic-relations")
            .contains("rose modestly to more than US$3.1 billion")
    );
    article_says(&[
        "During the first half of the 1950s",
        "After 1975, the Soviet Union began openly to warn",
        "elicited generally positive Japanese interest",
        "Observers believed that Gorbachev might propose a package",
        "stagnated and then grew modestly",
        "relations became very tense",
    ]);
}

#[test]
fn p22_links_from_general_knowledge_are_starred_and_check_asks_for_it() {
    let data = load_embedded().unwrap();
    for entity in &data.entities {
        for link in &entity.links {
            let note = link.note.as_deref().unwrap_or("").to_lowercase();
            if note.contains("general knowledge") {
                assert!(link.external, "{} → {}: {note}", entity.id, link.target);
            }
        }
    }
    let catalog = catalog();
    for (from, to) in [
        ("treaty-of-shimoda", "etorofu"),
        ("treaty-of-saint-petersburg-1875", "kuril-islands"),
        ("treaty-of-portsmouth", "south-sakhalin"),
        ("soviet-japanese-basic-convention", "beijing"),
        ("yalta-agreement", "kuril-islands"),
        ("washington", "united-states"),
        ("japan-russia-border", "northern-territories"),
    ] {
        assert!(
            link_to(entity(&catalog, from), to).external,
            "{from} → {to}"
        );
    }
    // The revolution's link to the empire is the article's (1855–1917, 1917–1991); its
    // general-knowledge detail is an external fact of the entity instead.
    let revolution = entity(&catalog, "russian-revolution-1917");
    assert!(!link_to(revolution, "russian-empire").external);
    assert!(external_fact_says(revolution, &["February 1917"]));
    // The check: a note saying "general knowledge" on an unstarred link is a warning.
    let mut data = data;
    let shimoda = data
        .entities
        .iter()
        .position(|e| e.id == "treaty-of-shimoda")
        .unwrap();
    for link in &mut data.entities[shimoda].links {
        link.external = false;
    }
    let problems = nisso::check::check(&data);
    assert!(
        problems
            .iter()
            .any(|p| p.message.contains("mark the link external")
                && p.severity == nisso::check::Severity::Warning),
        "{problems:?}"
    );
}

#[test]
fn p23_p24_p25_places_and_the_goodwill_treaty() {
    let catalog = catalog();
    // P23: the district and part of the Kuril District together hold the disputed islands.
    let district = &entity(&catalog, "south-kuril-district").summary;
    assert!(!district.contains("most of the disputed"), "{district}");
    // P24: the signing places are general knowledge and say so.
    for (id, signed) in [
        ("saint-petersburg", "signed in Saint Petersburg"),
        ("shimoda", "signed at Shimoda"),
    ] {
        let place = entity(&catalog, id);
        assert!(
            !place.summary.contains("was signed"),
            "{id}: {}",
            place.summary
        );
        assert!(!place.description.contains("signed here"), "{id}");
        assert!(
            external_fact_says(place, &[signed, "general knowledge"]),
            "{id}"
        );
    }
    // P25: the 1976 "treaty of goodwill and cooperation" is linked to the proposal.
    let visit = entity(&catalog, "gromyko-visit-to-tokyo-1976");
    assert!(link_to(visit, "proposed-treaty-of-friendship-and-goodwill").external);
    let proposal = entity(&catalog, "proposed-treaty-of-friendship-and-goodwill");
    assert!(
        proposal
            .aliases
            .iter()
            .any(|a| a.name == "treaty of goodwill and cooperation" && !a.external)
    );
    assert!(external_fact_says(
        proposal,
        &["very probably", "general knowledge"]
    ));
    article_says(&[
        "a treaty of goodwill and cooperation",
        "a treaty of friendship and goodwill as an interim step",
    ]);
}

#[test]
fn japanese_names_people_type_are_aliases_marked_external() {
    let catalog = catalog();
    for (id, name) in [
        ("soviet-union", "ソ連"),
        ("richard-sorge", "ゾルゲ"),
        ("battle-of-khalkhin-gol", "ノモンハン事件"),
        ("soviet-japanese-joint-declaration-1956", "日ソ共同宣言"),
    ] {
        let holder = entity(&catalog, id);
        let alias = holder
            .aliases
            .iter()
            .find(|a| a.name == name)
            .unwrap_or_else(|| panic!("{id} has no alias {name}"));
        assert!(alias.external, "{id}: {name}");
        assert_eq!(alias.lang.as_deref(), Some("ja"), "{id}: {name}");
        assert!(external_fact_says(holder, &[name]), "{id}: {name}");
    }
    // The article gives none of them.
    let Some(article) = article() else {
        return;
    };
    for name in ["ソ連", "ゾルゲ", "ノモンハン", "日ソ"] {
        assert!(!article.contains(name), "{name}");
    }
}
