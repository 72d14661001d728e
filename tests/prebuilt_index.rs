//! The embedded dataset's search vocabulary ships prebuilt in assets/search-index.bin, so
//! one-shot commands need not build it on every start. This keeps the file equal to a
//! fresh build: after changing the dataset or the search code, regenerate it with
//! `NISSO_UPDATE_INDEX=1 cargo test --test prebuilt_index`.

use nisso::dataset::{Catalog, load_embedded};
use nisso::search::SearchIndex;

#[test]
fn prebuilt_vocabulary_equals_a_fresh_build() {
    let catalog = Catalog::new(load_embedded().unwrap());
    let fresh = SearchIndex::prebuilt_vocabulary(&catalog);
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/search-index.bin");
    if std::env::var_os("NISSO_UPDATE_INDEX").is_some() {
        std::fs::write(path, &fresh).unwrap();
        return;
    }
    let committed = std::fs::read(path).unwrap();
    assert!(
        committed == fresh,
        "assets/search-index.bin is out of date; run NISSO_UPDATE_INDEX=1 cargo test --test prebuilt_index"
    );
    // And the binary was built with it: the embedded dataset does not rebuild its index,
    // neither for the command line nor for the explorer (whose display sanitising leaves
    // the embedded text as it is).
    assert!(SearchIndex::vocabulary_is_prebuilt(&catalog));
    let app = nisso::ui::app::App::new(Catalog::new(load_embedded().unwrap()), 80, 24);
    assert!(SearchIndex::vocabulary_is_prebuilt(&app.catalog));
}
