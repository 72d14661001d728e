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
