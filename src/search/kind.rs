//! The kinds of search result: an entity's kind, or an era.

use crate::model::Kind;

/// What a result is: an entity of some kind, or an era.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocKind {
    Entity(Kind),
    Era,
}

impl DocKind {
    pub const ALL: [DocKind; 6] = [
        DocKind::Entity(Kind::Event),
        DocKind::Entity(Kind::Treaty),
        DocKind::Entity(Kind::Person),
        DocKind::Entity(Kind::Place),
        DocKind::Entity(Kind::Organisation),
        DocKind::Era,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Entity(kind) => kind.as_str(),
            DocKind::Era => "era",
        }
    }

    pub fn plural(self) -> &'static str {
        match self {
            DocKind::Entity(kind) => kind.plural(),
            DocKind::Era => "Eras",
        }
    }

    /// Singular, plural and common spellings ("people", "org", "eras", "period").
    pub fn parse(text: &str) -> Option<DocKind> {
        match text.trim().to_lowercase().as_str() {
            "era" | "eras" | "period" | "periods" => Some(DocKind::Era),
            other => Kind::parse(other).map(DocKind::Entity),
        }
    }

    /// The message for a kind that is not one, naming the closest.
    pub fn unknown(text: &str) -> String {
        let lower = text.to_lowercase();
        let spellings = DocKind::ALL
            .iter()
            .flat_map(|k| [(k.as_str(), *k), (k.plural(), *k)]);
        let closest = spellings
            .max_by(|a, b| {
                strsim::jaro_winkler(&lower, &a.0.to_lowercase())
                    .total_cmp(&strsim::jaro_winkler(&lower, &b.0.to_lowercase()))
            })
            .map_or("event", |(_, kind)| kind.as_str());
        let names: Vec<&str> = DocKind::ALL.iter().map(|k| k.as_str()).collect();
        format!(
            "unknown kind '{text}'; did you mean '{closest}'? (kinds: {})",
            names.join(", ")
        )
    }
}
