//! `check` reads an import's entities from the temporary file the import keeps them in
//! (`interchange::spill::Spill`) as it reads a list in memory: the same findings in the
//! same order, for every rule that compares one entity with others.

use nisso::check::{Head, Problem, check, check_entities};
use nisso::interchange::spill::Spill;
use nisso::model::{Dataset, Link, Relation};

/// The findings of `data` checked in memory and from a temporary file.
fn both_ways(data: &Dataset) -> (Vec<Problem>, Vec<Problem>) {
    let mut spill = Spill::by_place();
    for entity in &data.entities {
        spill.push(entity);
    }
    spill.flush();
    let head = Head {
        meta: &data.meta,
        eras: &data.eras,
        borders: &data.borders,
    };
    let spilled = check_entities(head, &spill);
    assert!(spill.take_error().is_none());
    (check(data), spilled)
}

fn link(target: &str) -> Link {
    Link {
        rel: Relation::Related,
        target: target.to_string(),
        note: None,
        external: false,
    }
}

#[test]
fn entities_in_a_temporary_file_check_as_in_memory() {
    let mut data = nisso::dataset::load_embedded().unwrap();
    let (memory, spilled) = both_ways(&data);
    assert_eq!(memory, spilled);
    let id = |data: &Dataset, i: usize| data.entities[i].id.clone();
    // A fault of each rule that looks at other entities.
    data.entities[3].id = id(&data, 2);
    data.entities[5].name = data.entities[4].name.clone();
    data.entities[5].links.clear();
    data.entities[6].links.push(link("no-such-entity"));
    let in_use = id(&data, 8);
    data.entities[7].former_ids.push(in_use);
    data.entities[9].former_ids.push("merged-away".into());
    data.entities[10].former_ids.push("merged-away".into());
    data.entities[11].links.push(link("merged-away"));
    let place = data
        .entities
        .iter()
        .find(|e| e.coords.is_some() && e.name.split_whitespace().count() == 1)
        .expect("a place with a one-word name")
        .clone();
    let mut twin = place.clone();
    twin.id = "twin-of-a-place".into();
    twin.name = format!("{} District", place.name);
    twin.links.clear();
    data.entities.push(twin);
    // More of two warnings than are listed: the lines that count the rest.
    for entity in data.entities.iter_mut().skip(20).take(40) {
        entity.summary = "x".repeat(200);
        entity.description.push('\u{202e}');
    }
    let (memory, spilled) = both_ways(&data);
    assert_eq!(memory, spilled);
    let said = memory
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    for expected in [
        "duplicate id",
        "is also used by",
        "points to unknown id 'no-such-entity'",
        "is still in use as an id",
        "is also claimed by",
        "which was merged into",
        "same place as",
        "more like these (summaries over 160 characters)",
        "more like these (control characters)",
    ] {
        assert!(said.contains(expected), "no '{expected}' in:\n{said}");
    }
}
