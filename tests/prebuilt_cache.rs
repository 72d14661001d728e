//! The embedded dataset ships prebuilt in the cache format (assets/dataset.cache), so a
//! one-shot command decodes lookups and the index instead of parsing every record. This
//! keeps the file equal to a fresh build: after changing the dataset, the search code or
//! the cache format, regenerate it with `NISSO_UPDATE_PREBUILT=1 cargo test --test prebuilt_cache`.

use nisso::dataset::{Catalog, load_embedded};
use nisso::load;

#[test]
fn prebuilt_cache_equals_a_fresh_build_and_is_used() {
    let fresh = load::build_embedded_cache();
    assert!(!fresh.is_empty());
    // Two builds give the same bytes: the file does not churn.
    assert!(fresh == load::build_embedded_cache());
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/dataset.cache");
    if std::env::var_os("NISSO_UPDATE_PREBUILT").is_some() {
        std::fs::write(path, &fresh).unwrap();
        return;
    }
    let committed = std::fs::read(path).unwrap();
    assert!(
        committed == fresh,
        "assets/dataset.cache is out of date; run NISSO_UPDATE_PREBUILT=1 cargo test --test prebuilt_cache"
    );
    assert!(load::embedded_is_prebuilt());
}

#[test]
fn the_prebuilt_catalog_is_the_parsed_one() {
    let opened = load::open(&load::Source::embedded(), &mut |_| {}).unwrap();
    let parsed = Catalog::new(load_embedded().unwrap());
    let prebuilt = &opened.catalog;
    assert_eq!(prebuilt.is_mapped(), load::embedded_is_prebuilt());
    assert_eq!(prebuilt.entity_count(), parsed.entity_count());
    assert_eq!(prebuilt.eras(), parsed.eras());
    assert_eq!(prebuilt.borders(), parsed.borders());
    assert_eq!(prebuilt.meta(), parsed.meta());
    for entity in parsed.entity_indices() {
        assert_eq!(prebuilt.entity(entity), parsed.entity(entity));
        assert_eq!(prebuilt.era_of(entity), parsed.era_of(entity));
        assert_eq!(prebuilt.outgoing(entity), parsed.outgoing(entity));
        assert_eq!(prebuilt.incoming(entity), parsed.incoming(entity));
    }
    assert_eq!(prebuilt.timeline(), parsed.timeline());
}
