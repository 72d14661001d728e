//! The dataset schema: eras, entities, typed links, figures and provenance.
//!
//! Everything here is plain data that serde reads from and writes to JSON. Integrity rules
//! (unique ids, links that resolve, dates inside eras) live in `check.rs`; the derived
//! lookups (id → index, backlinks, timeline order) live in `dataset.rs`.

use crate::date::HistDate;
use serde::{Deserialize, Serialize};

/// A whole dataset, or one fragment of the embedded one (fragments are concatenated).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub eras: Vec<Era>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<Entity>,
    /// Boundaries and extents the map draws for the time on screen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub borders: Vec<Border>,
}

/// A dataset's parts, borrowed: what `check` reads, from a `Dataset` or from a catalog
/// that holds its entities (checked there while the search index is built beside it).
#[derive(Debug, Clone, Copy)]
pub struct DatasetRef<'a> {
    pub meta: &'a Option<Meta>,
    pub eras: &'a [Era],
    pub entities: &'a [Entity],
    pub borders: &'a [Border],
}

impl Dataset {
    pub fn borrowed(&self) -> DatasetRef<'_> {
        DatasetRef {
            meta: &self.meta,
            eras: &self.eras,
            entities: &self.entities,
            borders: &self.borders,
        }
    }
}

/// A dated line or area on the map: a boundary between states, a disputed area, or the
/// extent of a state (drawn as an outline).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Border {
    pub id: String,
    /// What the map calls it: "Russo-Japanese boundary (Treaty of Shimoda)".
    pub name: String,
    pub kind: BorderKind,
    /// When it came into force.
    pub from: HistDate,
    /// When it ceased; none while it stands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<HistDate>,
    /// (longitude, latitude) points; an area's outline closes on its first point.
    pub line: Vec<[f64; 2]>,
    /// Drawn from general knowledge rather than the source (all borders here are: the
    /// article gives no coordinates).
    #[serde(default)]
    pub external: bool,
    /// Where the source speaks of it, and how approximate the line is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BorderKind {
    /// A boundary between two states.
    Boundary,
    /// An area claimed by both sides.
    Disputed,
    /// The outline of a state's territory (Manchukuo).
    Extent,
}

impl Border {
    /// Whether the border stood at any time in [from, to] (an open end is the present).
    pub fn stands_during(&self, from: &HistDate, to: Option<&HistDate>) -> bool {
        let started = to.is_none_or(|to| self.from.earliest() <= to.latest());
        let not_ended = self.to.is_none_or(|end| end.latest() > from.earliest());
        started && not_ended
    }
}

impl Dataset {
    /// Every free-text field (names, aliases, summaries, descriptions, labels, notes,
    /// units, sources, facts; not ids, kinds, dates or references), for a change that
    /// must reach all of them, such as making text safe to display.
    pub fn texts_mut(&mut self, mut f: impl FnMut(&mut String)) {
        if let Some(meta) = &mut self.meta {
            f(&mut meta.title);
            f(&mut meta.description);
            f(&mut meta.source);
            if let Some(imported) = &mut meta.imported {
                f(&mut imported.file);
            }
            meta.sections.iter_mut().for_each(&mut f);
            meta.context_sections.iter_mut().for_each(&mut f);
            for reference in &mut meta.references {
                reference.texts_mut(&mut f);
            }
        }
        for era in &mut self.eras {
            f(&mut era.name);
            f(&mut era.summary);
            for source in &mut era.sources {
                f(&mut source.section);
            }
            era.external_facts.iter_mut().for_each(&mut f);
        }
        for border in &mut self.borders {
            f(&mut border.name);
            if let Some(note) = &mut border.note {
                f(note);
            }
        }
        for entity in &mut self.entities {
            entity.texts_mut(&mut f);
        }
    }
}

impl Entity {
    /// An entity with only an id, a kind and a name; everything else empty (fill in the
    /// rest with struct update syntax: `Entity { summary, ..Entity::new(id, kind, name) }`).
    pub fn new(id: impl Into<String>, kind: Kind, name: impl Into<String>) -> Entity {
        Entity {
            id: id.into(),
            kind,
            name: name.into(),
            aliases: Vec::new(),
            date: None,
            date_external: false,
            milestones: Vec::new(),
            era: String::new(),
            summary: String::new(),
            description: String::new(),
            links: Vec::new(),
            figures: Vec::new(),
            coords: None,
            sources: Vec::new(),
            external_facts: Vec::new(),
            disagreements: Vec::new(),
            name_from: NameFrom::default(),
            former_ids: Vec::new(),
            group: None,
            display_date: None,
            media: None,
            web_links: Vec::new(),
            context: false,
        }
    }

    /// The group a timeline shows for the entity: its kept group, else its kind as a
    /// timeline names it ("Treaty"). The axis's group lanes and the TimelineJS and CSV
    /// exports use this one label, so what a file grouped comes back grouped the same.
    pub fn group_label(&self) -> &str {
        self.group.as_deref().unwrap_or(self.kind.label())
    }

    /// Every free-text field of the entity (see `Dataset::texts_mut`).
    pub fn texts_mut(&mut self, mut f: impl FnMut(&mut String)) {
        f(&mut self.name);
        f(&mut self.summary);
        // Paragraphs one by one: the blank line between them is structure, not text.
        if self.description.contains(PARAGRAPH_BREAK) {
            let mut paras: Vec<String> = self
                .description
                .split(PARAGRAPH_BREAK)
                .map(str::to_string)
                .collect();
            paras.iter_mut().for_each(&mut f);
            self.description = paras.join(PARAGRAPH_BREAK);
        } else {
            f(&mut self.description);
        }
        for text in [&mut self.group, &mut self.display_date]
            .into_iter()
            .flatten()
        {
            f(text);
        }
        for link in &mut self.web_links {
            f(&mut link.text);
            f(&mut link.url);
        }
        if let Some(media) = &mut self.media {
            f(&mut media.url);
            for text in [&mut media.caption, &mut media.credit, &mut media.thumbnail]
                .into_iter()
                .flatten()
            {
                f(text);
            }
        }
        for alias in &mut self.aliases {
            f(&mut alias.name);
            if let Some(lang) = &mut alias.lang {
                f(lang);
            }
        }
        for milestone in &mut self.milestones {
            f(&mut milestone.label);
            if let Some(note) = &mut milestone.note {
                f(note);
            }
        }
        for link in &mut self.links {
            if let Some(note) = &mut link.note {
                f(note);
            }
        }
        for figure in &mut self.figures {
            f(&mut figure.label);
            f(&mut figure.unit);
            if let Some(series) = &mut figure.series {
                f(series);
            }
            if let Some(note) = &mut figure.note {
                f(note);
            }
        }
        for source in &mut self.sources {
            f(&mut source.section);
        }
        self.external_facts.iter_mut().for_each(&mut f);
        for disagreement in &mut self.disagreements {
            f(&mut disagreement.claim);
            for version in &mut disagreement.versions {
                f(&mut version.text);
                f(&mut version.source);
            }
            for text in [
                &mut disagreement.general_knowledge,
                &mut disagreement.no_verdict,
            ]
            .into_iter()
            .flatten()
            {
                f(text);
            }
        }
    }
}

/// What separates paragraphs in a description: a blank line.
pub const PARAGRAPH_BREAK: &str = "\n\n";

/// What the dataset is about and where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    pub title: String,
    pub description: String,
    /// The source text the facts come from.
    pub source: String,
    /// The source's section headings; every `sources[].section` must be one of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<String>,
    /// Sections (of `sections`) about other subjects than the dataset's: what is drawn
    /// only from them is context, and its entities must say so (`Entity::context`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context_sections: Vec<String>,
    /// The source's numbered references, by number (1-based, as the source numbers them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Reference>,
    /// The latest year the source reports ("as of 2022"): a range ending then is probably
    /// still going on, and `check` asks for `ongoing` or `at least`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<i32>,
    /// Set when the dataset was imported from another format (`nisso import`): its
    /// entities have no article sections, their provenance is the imported file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported: Option<Imported>,
}

/// Where an imported dataset comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Imported {
    /// The format's name as `nisso import` takes it: timelinejs, csv, wikidata.
    pub format: String,
    /// The imported file's name (without its directory).
    pub file: String,
}

/// An address a text linked to (`<a href>` in an imported timeline): the words that
/// carried it, as they read in the description or the media's caption or credit, and
/// where they led. Kept so that the address is shown and goes back out as a link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebLink {
    pub text: String,
    pub url: String,
}

/// A picture or other media an entity shows (kept from TimelineJS).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Media {
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumbnail: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    pub number: u32,
    /// The reference as the source lists it (without the wiki's maintenance notes).
    pub text: String,
    /// The parts of the reference, as the source gives them; each is optional, so a
    /// dataset with the text alone still loads.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The title in English, where the source gives one (a Russian article's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translated_title: Option<String>,
    /// Where it appeared: the periodical, publisher, series or site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<String>,
    /// The publication date as the source writes it ("4 October 2015", "2009").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The language, when the source names one ("Russian").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// When the source's authors read it online, as written ("4 January 2020").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retrieved: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identifiers: Vec<Identifier>,
}

impl Reference {
    /// A reference with its number and text only (the parts empty).
    pub fn new(number: u32, text: impl Into<String>) -> Reference {
        Reference {
            number,
            text: text.into(),
            authors: Vec::new(),
            title: None,
            translated_title: None,
            container: None,
            volume: None,
            issue: None,
            pages: None,
            date: None,
            language: None,
            retrieved: None,
            identifiers: Vec::new(),
        }
    }

    /// Every text of the reference, for a sanitiser.
    pub fn texts_mut(&mut self, mut f: impl FnMut(&mut String)) {
        f(&mut self.text);
        self.authors.iter_mut().for_each(&mut f);
        [
            &mut self.title,
            &mut self.translated_title,
            &mut self.container,
            &mut self.volume,
            &mut self.issue,
            &mut self.pages,
            &mut self.date,
            &mut self.language,
            &mut self.retrieved,
        ]
        .into_iter()
        .flatten()
        .for_each(&mut f);
        for identifier in &mut self.identifiers {
            f(&mut identifier.scheme);
            f(&mut identifier.value);
        }
    }
}

/// A standard identifier of a referenced work: ISBN, hdl (a Handle), DOI…
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Identifier {
    /// The scheme in lower case: "isbn", "hdl", "doi".
    pub scheme: String,
    pub value: String,
}

/// A period of the history; eras are listed in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Era {
    pub id: String,
    pub name: String,
    pub start: HistDate,
    /// None: still going on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<HistDate>,
    pub summary: String,
    /// Where in the source the era's bounds and summary come from (required when the
    /// dataset lists its source's sections).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceRef>,
    /// What the era's summary adds from general knowledge, said plainly.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub external_facts: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Event,
    Treaty,
    Person,
    Place,
    Organisation,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Event,
        Kind::Treaty,
        Kind::Person,
        Kind::Place,
        Kind::Organisation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Event => "event",
            Kind::Treaty => "treaty",
            Kind::Person => "person",
            Kind::Place => "place",
            Kind::Organisation => "organisation",
        }
    }

    /// Heading for a group of entities of this kind.
    /// The kind as a timeline's group names it: "Event", "Treaty", "Person".
    pub fn label(self) -> &'static str {
        match self {
            Kind::Event => "Event",
            Kind::Treaty => "Treaty",
            Kind::Person => "Person",
            Kind::Place => "Place",
            Kind::Organisation => "Organisation",
        }
    }

    pub fn plural(self) -> &'static str {
        match self {
            Kind::Event => "Events",
            Kind::Treaty => "Treaties",
            Kind::Person => "People",
            Kind::Place => "Places",
            Kind::Organisation => "Organisations",
        }
    }

    /// Accepts singular, plural and common spellings ("people", "org", "organization").
    pub fn parse(text: &str) -> Option<Kind> {
        let lower = text.trim().to_lowercase();
        Some(match lower.as_str() {
            "event" | "events" => Kind::Event,
            "treaty" | "treaties" => Kind::Treaty,
            "person" | "people" | "persons" => Kind::Person,
            "place" | "places" => Kind::Place,
            "organisation" | "organisations" | "organization" | "organizations" | "org"
            | "orgs" => Kind::Organisation,
            _ => return None,
        })
    }
}

/// A person, treaty, event, place or organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    /// Stable kebab-case identifier, unique across the dataset.
    pub id: String,
    pub kind: Kind,
    pub name: String,
    /// Other spellings, codenames, names in other scripts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Alias>,
    /// The main date: when an event happened, when a treaty was signed, a person's life,
    /// an organisation's existence. Places usually have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<HistDate>,
    /// True when the date (or part of it, such as the exact day) is general knowledge rather
    /// than from the source; `external_facts` says which part.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub date_external: bool,
    /// Further dated steps, e.g. a treaty's ratification, registration or annulment.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<Milestone>,
    /// Id of the era this entity belongs to.
    pub era: String,
    /// One line, in the dataset author's own words.
    pub summary: String,
    /// A paragraph or more, in the dataset author's own words.
    pub description: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<Figure>,
    /// Where on Earth (places).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coords: Option<Coords>,
    /// Where in the source text the facts come from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceRef>,
    /// Facts added from general knowledge rather than the source, said plainly.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub external_facts: Vec<String>,
    /// Where sources disagree about this entity, or the source is inaccurate: shown, never
    /// settled silently.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disagreements: Vec<Disagreement>,
    /// Where the name comes from: the source's own words (the default), a title written
    /// for this dataset, or general knowledge (a first name the source leaves out).
    #[serde(default, skip_serializing_if = "NameFrom::is_source")]
    pub name_from: NameFrom,
    /// Ids of entities merged into this one; `show` and links by id still find it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub former_ids: Vec<String>,
    /// The group an imported timeline gave the entry ("Diplomacy", "People"), kept as a
    /// label the timeline and the axis can group by; none when the file's group was only
    /// the kind as nisso itself writes it ("Treaty").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// How an imported timeline wrote the date for readers ("1904–1905", "spring 1921").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media: Option<Media>,
    /// Addresses the imported text linked to, in the order they were read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub web_links: Vec<WebLink>,
    /// Background, not bilateral history: the entity is in the dataset only because a
    /// related article about another subject is summarised with the source (the Soviet
    /// occupations in Europe, the post-Soviet occupied territories). It is searchable,
    /// linked and shown (as context), but left off the timeline and the chart. `check`
    /// asks for it on every entity drawn only from `meta.context_sections`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub context: bool,
}

/// Where an entity's name comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NameFrom {
    /// The source uses this name.
    #[default]
    Source,
    /// A title written for this dataset from the source's facts ("Arrest of Richard
    /// Sorge"), or the source's name in another order ("Kakuei Tanaka" for "Tanaka Kakuei").
    Dataset,
    /// General knowledge: the source names the entity more briefly ("Roosevelt").
    GeneralKnowledge,
}

impl NameFrom {
    pub fn is_source(&self) -> bool {
        *self == NameFrom::Source
    }
}

/// A question on which sources (or one source with itself) disagree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Disagreement {
    /// What is in question, e.g. "The year the treaty was signed".
    pub claim: String,
    /// Each answer and who gives it.
    pub versions: Vec<Version>,
    /// What general knowledge says (not from the source), when it settles or explains it:
    /// the verdict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub general_knowledge: Option<String>,
    /// Why there is no verdict (general knowledge cannot settle it). `check` asks for
    /// one of the two.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_verdict: Option<String>,
}

/// One answer to a disputed question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Version {
    pub text: String,
    /// Who says so: a section of the source, a caption, a heading, a file name; for an
    /// external version, what kind of general knowledge (a treaty's text, histories).
    pub source: String,
    /// The version is general knowledge, not in the source.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub external: bool,
}

/// Another name for an entity. Written in JSON either as a plain string or as an object.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(into = "AliasRepr")]
pub struct Alias {
    pub name: String,
    /// BCP 47 language tag of the script or language, e.g. "ru", "ja".
    pub lang: Option<String>,
    /// True when the source does not give this name (a well-known fact from elsewhere).
    pub external: bool,
}

#[derive(Serialize)]
#[serde(untagged)]
enum AliasRepr {
    Plain(String),
    Full {
        name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        lang: Option<String>,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        external: bool,
    },
}

/// Read by hand rather than as an untagged enum, which buffers every alias to try each
/// form in turn: at a million entities that was a noticeable part of parsing.
impl<'de> Deserialize<'de> for Alias {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Alias, D::Error> {
        struct Forms;
        impl<'de> serde::de::Visitor<'de> for Forms {
            type Value = Alias;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a name, or an object with a name (and lang, external)")
            }
            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Alias, E> {
                self.visit_string(name.to_string())
            }
            fn visit_string<E: serde::de::Error>(self, name: String) -> Result<Alias, E> {
                Ok(Alias {
                    name,
                    lang: None,
                    external: false,
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Alias, A::Error> {
                #[derive(Deserialize)]
                struct Full {
                    name: String,
                    #[serde(default)]
                    lang: Option<String>,
                    #[serde(default)]
                    external: bool,
                }
                let full = Full::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(Alias {
                    name: full.name,
                    lang: full.lang,
                    external: full.external,
                })
            }
        }
        deserializer.deserialize_any(Forms)
    }
}

impl From<Alias> for AliasRepr {
    fn from(alias: Alias) -> AliasRepr {
        if alias.lang.is_none() && !alias.external {
            AliasRepr::Plain(alias.name)
        } else {
            AliasRepr::Full {
                name: alias.name,
                lang: alias.lang,
                external: alias.external,
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    /// e.g. "ratified", "registered", "in force", "annulled".
    pub label: String,
    pub date: HistDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A typed, directed link from the entity that holds it to `target`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub rel: Relation,
    pub target: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The link is general knowledge, not in the source (a treaty's place of signing).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub external: bool,
}

/// The kinds of link. Each reads forward from the holder ("treaty — signed by → person")
/// and has an inverse label for the target's page ("person — signed → treaty").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// treaty → state or body that is a party to it
    Party,
    /// treaty → person who signed it
    SignedBy,
    /// treaty/event → person who negotiated it
    NegotiatedBy,
    /// event → person or organisation taking part
    Participant,
    /// event/treaty → place where it happened or was signed
    TookPlaceAt,
    /// organisation/event → person leading it
    LedBy,
    /// event/treaty → place, entity or subject it is about
    Concerns,
    /// event → treaty or event that ended it
    EndedBy,
    /// treaty → treaty or event it annulled, superseded or cancelled
    Annulled,
    /// treaty → earlier treaty it confirmed or kept in force
    Confirmed,
    /// event → event or treaty it led to
    LedTo,
    /// event → organisation or state it was aimed at (sanctions, invasions, attacks)
    Against,
    /// place → larger place; event → larger event; organisation → larger body
    PartOf,
    /// person → organisation or state they served or belonged to
    MemberOf,
    /// place → state or body that governs it
    AdministeredBy,
    /// place → state that claims it
    ClaimedBy,
    /// organisation → the body it succeeded
    SuccessorOf,
    /// anything → anything, when no sharper relation fits
    Related,
}

impl Relation {
    pub const ALL: [Relation; 18] = [
        Relation::Party,
        Relation::SignedBy,
        Relation::NegotiatedBy,
        Relation::Participant,
        Relation::TookPlaceAt,
        Relation::LedBy,
        Relation::Concerns,
        Relation::EndedBy,
        Relation::Annulled,
        Relation::Confirmed,
        Relation::LedTo,
        Relation::Against,
        Relation::PartOf,
        Relation::MemberOf,
        Relation::AdministeredBy,
        Relation::ClaimedBy,
        Relation::SuccessorOf,
        Relation::Related,
    ];

    /// Label shown on the holder's page.
    pub fn forward_label(self) -> &'static str {
        match self {
            Relation::Party => "party",
            Relation::SignedBy => "signed by",
            Relation::NegotiatedBy => "negotiated by",
            Relation::Participant => "participant",
            Relation::TookPlaceAt => "took place at",
            Relation::LedBy => "led by",
            Relation::Concerns => "concerns",
            Relation::EndedBy => "ended by",
            Relation::Annulled => "annulled",
            Relation::Confirmed => "confirmed",
            Relation::LedTo => "led to",
            Relation::Against => "against",
            Relation::PartOf => "part of",
            Relation::MemberOf => "member of",
            Relation::AdministeredBy => "administered by",
            Relation::ClaimedBy => "claimed by",
            Relation::SuccessorOf => "successor of",
            Relation::Related => "related",
        }
    }

    /// Label shown on the target's page for a link that points at it.
    pub fn inverse_label(self) -> &'static str {
        match self {
            Relation::Party => "party to",
            Relation::SignedBy => "signed",
            Relation::NegotiatedBy => "negotiated",
            Relation::Participant => "took part in",
            Relation::TookPlaceAt => "site of",
            Relation::LedBy => "led",
            Relation::Concerns => "subject of",
            Relation::EndedBy => "ended",
            Relation::Annulled => "annulled by",
            Relation::Confirmed => "confirmed by",
            Relation::LedTo => "followed from",
            Relation::Against => "targeted by",
            Relation::PartOf => "includes",
            Relation::MemberOf => "members",
            Relation::AdministeredBy => "administers",
            Relation::ClaimedBy => "claims",
            Relation::SuccessorOf => "succeeded by",
            Relation::Related => "related",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Party => "party",
            Relation::SignedBy => "signed_by",
            Relation::NegotiatedBy => "negotiated_by",
            Relation::Participant => "participant",
            Relation::TookPlaceAt => "took_place_at",
            Relation::LedBy => "led_by",
            Relation::Concerns => "concerns",
            Relation::EndedBy => "ended_by",
            Relation::Annulled => "annulled",
            Relation::Confirmed => "confirmed",
            Relation::LedTo => "led_to",
            Relation::Against => "against",
            Relation::PartOf => "part_of",
            Relation::MemberOf => "member_of",
            Relation::AdministeredBy => "administered_by",
            Relation::ClaimedBy => "claimed_by",
            Relation::SuccessorOf => "successor_of",
            Relation::Related => "related",
        }
    }
}

/// A number the source gives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    /// What is counted, e.g. "Japanese troops in the Far East", "imports from the USSR".
    pub label: String,
    pub value: f64,
    /// e.g. "troops", "US$ billion", "km²", "km", "islands", "people", "days".
    pub unit: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// How exact the source is: "about", "nearly", "over", "under", "up to".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<Qualifier>,
    /// Figures sharing a series name on one entity form a chartable series by year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Figure {
    /// Whether the chart can draw it: part of a series, with a year and a finite value.
    pub fn is_chartable(&self) -> bool {
        self.series.is_some() && self.year.is_some() && self.value.is_finite()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    About,
    Nearly,
    Over,
    Under,
    UpTo,
}

impl Qualifier {
    pub fn words(self) -> &'static str {
        match self {
            Qualifier::About => "about",
            Qualifier::Nearly => "nearly",
            Qualifier::Over => "over",
            Qualifier::Under => "under",
            Qualifier::UpTo => "up to",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Coords {
    pub lat: f64,
    pub lon: f64,
    /// True when the coordinates are general knowledge, not from the source.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub external: bool,
}

/// Where a fact comes from in the source text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceRef {
    /// The source's section heading.
    pub section: String,
    /// The source's reference numbers that back it, if any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refs: Vec<u32>,
}
