//! The interactive explorer.

use crate::dataset::Catalog;

pub fn run(_catalog: Catalog) -> std::io::Result<()> {
    println!("The interactive explorer is not built yet; try `nisso --help` for the commands.");
    Ok(())
}
