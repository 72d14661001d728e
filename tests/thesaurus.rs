//! Every entry of the history vocabulary table (`assets/search/thesaurus.json`) against the
//! embedded dataset: the table is built for the dataset's own words, so each synonym group
//! holds words of its texts and each word of a group finds something; each short form finds
//! its long form, and the long form its entities.

use nisso::dataset::{Catalog, load_embedded};
use nisso::search::{SearchIndex, Target, Thesaurus};

fn loaded() -> (Catalog, SearchIndex) {
    let catalog = Catalog::new(load_embedded().unwrap());
    let index = SearchIndex::new(&catalog);
    (catalog, index)
}

/// Every folded word of the names, aliases, summaries and notes (what search indexes).
fn dataset_words(catalog: &Catalog) -> std::collections::HashSet<String> {
    let mut words = std::collections::HashSet::new();
    let mut add = |text: &str| {
        for word in nisso::fold::fold(text)
            .text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            words.insert(word.to_string());
        }
    };
    for entity in catalog.entities() {
        add(&entity.name);
        entity.aliases.iter().for_each(|a| add(&a.name));
        add(&entity.summary);
        entity.external_facts.iter().for_each(|n| add(n));
    }
    for era in catalog.eras() {
        add(&era.name);
        add(&era.summary);
    }
    words
}

#[test]
fn every_synonym_group_is_built_on_the_datasets_words_and_every_word_finds_something() {
    let (catalog, index) = loaded();
    let words = dataset_words(&catalog);
    let thesaurus = Thesaurus::get();
    assert!(thesaurus.synonyms.len() >= 25, "the table reads whole");
    for group in &thesaurus.synonyms {
        let present: Vec<&Vec<String>> = group
            .iter()
            .filter(|phrase| phrase.iter().all(|w| words.contains(w)))
            .collect();
        assert!(
            !present.is_empty(),
            "no entry of {group:?} is in the dataset's texts"
        );
        for phrase in group.iter().filter(|p| p.len() == 1) {
            let word = &phrase[0];
            let results = index.search(word, None);
            assert!(
                results.hits.iter().any(|h| h.missing == 0),
                "{word:?} (of {group:?}) finds nothing"
            );
        }
    }
}

#[test]
fn every_short_form_finds_its_long_form_and_back() {
    let (catalog, index) = loaded();
    let words = dataset_words(&catalog);
    let name_of = |target: Target| -> String {
        let (name, aliases): (&str, Vec<&str>) = match target {
            Target::Entity(e) => {
                let entity = catalog.entity(e);
                (
                    &entity.name,
                    entity.aliases.iter().map(|a| a.name.as_str()).collect(),
                )
            }
            Target::Era(e) => (&catalog.era(e).name, Vec::new()),
        };
        nisso::fold::fold(&format!("{name} {}", aliases.join(" "))).text
    };
    assert!(
        Thesaurus::get().short_forms.len() >= 10,
        "the table reads whole"
    );
    for (short, long) in &Thesaurus::get().short_forms {
        assert!(
            long.iter().all(|w| words.contains(w)),
            "{short}: the long form {long:?} is not in the dataset's texts"
        );
        // The short form's first result is named with the long form (or the short one).
        let results = index.search(short, None);
        let first = results
            .hits
            .first()
            .unwrap_or_else(|| panic!("{short} finds nothing"));
        let named = name_of(first.target);
        let holds = |w: &str| named.split(|c: char| !c.is_alphanumeric()).any(|n| n == w);
        assert!(
            long.iter().all(|w| holds(w)) || holds(short),
            "{short}: first result {named:?} is not named {long:?}"
        );
        // The long form written out finds something with every word.
        let results = index.search(&long.join(" "), None);
        assert!(results.hits.iter().any(|h| h.missing == 0), "{long:?}");
    }
}
