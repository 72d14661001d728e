//! Corrections to the embedded dataset found by auditing it against the source article,
//! each pinned by id so it cannot come back (issue: the dataset, corrected).

use nisso::dataset::{Catalog, load_embedded};
use nisso::model::{Entity, Relation};

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
    // Karafuto Prefecture is South Sakhalin under Japan, not a part of it.
    let karafuto = entity(&catalog, "karafuto-prefecture");
    assert!(!links_to(karafuto, "south-sakhalin").contains(&Relation::PartOf));
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
    let sections = &catalog.data.meta.as_ref().unwrap().sections;
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
