//! What the importers share: the result and error types, ids, summaries, dates, eras and
//! the building of a dataset from a timeline's rows.

use super::spill::Spill;
use crate::date::{HistDate, Point, Precision};
use crate::model::{Dataset, Entity, Era, Imported, Kind, Media, Meta, WebLink};
use rustc_hash::FxHashSet;
use std::collections::BTreeMap;
use std::ops::ControlFlow::Continue;

/// What an import made, and what it has to say about it.
pub struct Import {
    /// The dataset but for its entities: title, description, import record, eras.
    pub head: Dataset,
    /// The entities, in a temporary file (`Spill`): an import of many small rows cannot
    /// hold them all.
    pub entities: Spill<Entity>,
    /// Rows skipped or partly used, each with its location, in file order.
    pub notes: Vec<String>,
    /// One paragraph: how many rows became what.
    pub summary: String,
    /// Rows reported and skipped.
    pub skipped: usize,
}

/// A file that cannot be imported at all, with where it went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError(pub String);

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Import {
    /// `check` of the dataset made.
    pub fn check(&self) -> Vec<crate::check::Problem> {
        let head = crate::check::Head {
            meta: &self.head.meta,
            eras: &self.head.eras,
            borders: &self.head.borders,
        };
        crate::check::check_entities(head, &self.entities)
    }

    /// The whole dataset in memory (for small imports and tests).
    pub fn into_dataset(self) -> std::io::Result<Dataset> {
        let mut dataset = self.head;
        self.entities.each(&mut |_, entity| {
            dataset.entities.push(entity);
            Continue(())
        });
        match self.entities.take_error() {
            Some(error) => Err(error),
            None => Ok(dataset),
        }
    }
}

/// An import's entities could not be kept in or read back from their temporary file.
pub(crate) fn spill_error(file: &str, error: &std::io::Error) -> ImportError {
    ImportError(format!(
        "{file}: the entities made could not be kept in a temporary file: {error}"
    ))
}

use crate::formats::ImportFormat;

/// Why a file could not be imported: it could not be read, or not imported.
#[derive(Debug)]
pub enum ReadOrImport {
    Read(crate::files::ReadError),
    Import(ImportError),
}

impl From<crate::files::ReadError> for ReadOrImport {
    fn from(error: crate::files::ReadError) -> Self {
        ReadOrImport::Read(error)
    }
}

impl From<ImportError> for ReadOrImport {
    fn from(error: ImportError) -> Self {
        ReadOrImport::Import(error)
    }
}

/// Spreadsheet programs and editors often start a file with a byte-order mark.
pub(crate) fn skip_bom(reader: &mut impl std::io::BufRead) {
    if reader
        .fill_buf()
        .is_ok_and(|buf| buf.starts_with("\u{feff}".as_bytes()))
    {
        reader.consume(3);
    }
}

/// The import record and source line every imported dataset carries.
pub(crate) fn imported_meta(
    format: ImportFormat,
    file: &str,
    title: String,
    description: String,
) -> Meta {
    let name = std::path::Path::new(file)
        .file_name()
        .map_or_else(|| file.to_string(), |n| n.to_string_lossy().into_owned());
    Meta {
        title,
        description,
        source: format!(
            "Imported from {} by nisso import; the entities have no article sections.",
            format.description()
        ),
        sections: Vec::new(),
        context_sections: Vec::new(),
        references: Vec::new(),
        as_of: None,
        imported: Some(Imported {
            format: format.as_str().to_string(),
            file: name,
        }),
    }
}

/// Make every text of an imported dataset as safe as the command line makes what it
/// prints: control and bidi characters become visible escapes (`\u{202e}`), which also
/// keeps a second import of an export identical. Returns how many texts changed.
pub(crate) fn neutralise(dataset: &mut Dataset) -> usize {
    let mut changed = 0;
    dataset.texts_mut(|text| changed += usize::from(made_safe(text)));
    changed
}

/// One text made safe (`neutralise`): whether it changed.
fn made_safe(text: &mut String) -> bool {
    match crate::sanitize::terminal(text) {
        std::borrow::Cow::Owned(clean) => {
            *text = clean;
            true
        }
        std::borrow::Cow::Borrowed(_) => false,
    }
}

/// The summary from the (already neutralised) description, so that a second import of an
/// export cuts it at the same place; the name when there is no description.
fn summarise(entity: &mut Entity) {
    if entity.description.trim().is_empty() {
        entity.summary = entity.name.clone();
    } else {
        entity.summary = first_sentence(&entity.description, &entity.name);
    }
}

/// A 64-bit key for a folded text (names compared without keeping them: at a million
/// entries the texts were most of an import's memory). Two texts share one once in 10^19
/// pairs, and then only a name gets its date added.
fn text_key(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

/// Every entry's folded name, by key, with the first entry that has it, and the names
/// made to tell entries apart. Sorted, for a binary search: twelve bytes a name, where a
/// hash map took more than twice that.
struct NamesTaken {
    /// The key's high and low halves and the entry, sorted; one for each key once sorted.
    sorted: Vec<[u32; 3]>,
    /// Names made here (no entry's first).
    made: FxHashSet<u64>,
}

impl NamesTaken {
    fn with_capacity(entries: usize) -> Self {
        NamesTaken {
            sorted: Vec::with_capacity(entries),
            made: FxHashSet::default(),
        }
    }

    /// Entry `i` has the name whose key is `key` (entries come in order).
    fn add(&mut self, key: u64, i: usize) {
        self.sorted.push([(key >> 32) as u32, key as u32, i as u32]);
    }

    /// Every entry added: sorted, the first entry of each name kept.
    fn sort(&mut self) {
        self.sorted.sort_unstable();
        self.sorted.dedup_by_key(|entry| [entry[0], entry[1]]);
        self.sorted.shrink_to_fit();
    }

    /// The first entry with the name whose key is `key`.
    fn first(&self, key: u64) -> Option<usize> {
        let halves = [(key >> 32) as u32, key as u32];
        self.sorted
            .binary_search_by(|entry| [entry[0], entry[1]].cmp(&halves))
            .ok()
            .map(|at| self.sorted[at][2] as usize)
    }

    /// Take the name whose key is `key` for a made name: false when it is taken.
    fn make(&mut self, key: u64) -> bool {
        self.first(key).is_none() && self.made.insert(key)
    }
}

/// A later entry with an earlier one's name (`check` refuses two entities with one name
/// unless they are linked) gets its date ("Visit to Moscow (1957)"), or its id, added to
/// the name; when other entries already have those names too (a file can name one that
/// way), a number after the id ("Visit (visit-3, 2)") makes it unique, so the import
/// always writes a dataset that passes. `taken` has every folded name with the first
/// entry that has it (entry `i` is this one). Returns whether it was renamed (noted).
fn distinct_name(
    entity: &mut Entity,
    i: usize,
    taken: &mut NamesTaken,
    notes: &mut Vec<String>,
) -> bool {
    if taken.first(text_key(&crate::fold::fold(&entity.name).text)) == Some(i) {
        return false;
    }
    let mut candidates = Vec::new();
    if let Some(date) = &entity.date {
        candidates.push(format!("{} ({})", entity.name, date.human()));
    }
    candidates.push(format!("{} ({})", entity.name, entity.id));
    let numbered = (2..).map(|n| format!("{} ({}, {n})", entity.name, entity.id));
    for candidate in candidates.into_iter().chain(numbered) {
        if taken.make(text_key(&crate::fold::fold(&candidate).text)) {
            notes.push(format!(
                "{}: the name '{}' is another entry's too; named '{candidate}' to tell them apart",
                entity.id, entity.name
            ));
            entity.name = candidate;
            return true;
        }
    }
    false
}

/// An id from free text: ASCII kebab case ("Treaty of Shimoda" → "treaty-of-shimoda",
/// "Nikita Khrushchev's visit" → "nikita-khrushchevs-visit", "Kōno" → "kono").
pub fn slug(text: &str) -> String {
    let folded = crate::fold::fold(text).text;
    let mut out = String::new();
    let mut dash = false;
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else if c == '\'' || c == '’' {
            // Apostrophes join: "Japan's" is "japans".
        } else {
            dash = true;
        }
    }
    // Long headlines give long ids: keep the first words up to 60 characters.
    if out.len() > 60 {
        let cut = out[..60].rfind('-').unwrap_or(60);
        out.truncate(cut);
    }
    out
}

/// Texts, each once, numbered in the order they came: one string of them all and a table
/// of their numbers (a set of strings took sixty bytes a text, more than a row of a small
/// spreadsheet).
#[derive(Default)]
pub(crate) struct TextSet {
    text: String,
    /// Where each text is in `text`, by number.
    spans: Vec<(u32, u32)>,
    /// The numbers, by the texts' hashes.
    table: hashbrown::HashTable<u32>,
}

/// The text at `span` of `all`.
fn span_of(all: &str, (start, len): (u32, u32)) -> &str {
    &all[start as usize..(start + len) as usize]
}

impl TextSet {
    /// The text numbered `number`.
    pub(crate) fn get(&self, number: usize) -> &str {
        span_of(&self.text, self.spans[number])
    }

    /// The number of `text`, when it is in.
    pub(crate) fn find(&self, text: &str) -> Option<usize> {
        self.table
            .find(text_key(text), |&n| self.get(n as usize) == text)
            .map(|&n| n as usize)
    }

    /// Put `text` in: its number, and whether it is new.
    pub(crate) fn insert(&mut self, text: &str) -> (usize, bool) {
        if let Some(number) = self.find(text) {
            return (number, false);
        }
        let number = self.spans.len();
        self.spans.push((self.text.len() as u32, text.len() as u32));
        self.text.push_str(text);
        let TextSet {
            text: all,
            spans,
            table,
        } = self;
        table.insert_unique(text_key(text), number as u32, |&n| {
            text_key(span_of(all, spans[n as usize]))
        });
        (number, true)
    }

    /// How many texts are in.
    pub(crate) fn len(&self) -> usize {
        self.spans.len()
    }
}

/// Ids handed out in one dataset: each is unique, a taken one gets -2, -3...
#[derive(Default)]
pub(crate) struct Ids {
    taken: TextSet,
}

impl Ids {
    /// Claim exactly this id; false when it is already taken.
    pub(crate) fn claim(&mut self, id: &str) -> bool {
        self.taken.insert(id).1
    }

    /// The base itself, or the base with the first free suffix.
    pub(crate) fn unique(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "item" } else { base };
        if self.claim(base) {
            return base.to_string();
        }
        let mut n = 2;
        loop {
            let candidate = format!("{base}-{n}");
            if self.claim(&candidate) {
                return candidate;
            }
            n += 1;
        }
    }
}

/// Longest summary check accepts without a warning.
const SUMMARY_LIMIT: usize = 160;

/// The summary of an imported entity: the first sentence of its description, cut at a
/// word to 160 characters; the name when there is no description.
pub fn first_sentence(description: &str, name: &str) -> String {
    let text = description
        .split(crate::model::PARAGRAPH_BREAK)
        .find(|p| !p.trim().is_empty())
        .unwrap_or("")
        .trim();
    if text.is_empty() {
        return name.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut end = chars.len();
    for i in 0..chars.len() {
        if matches!(chars[i], '.' | '!' | '?' | '。')
            && chars
                .get(i + 1)
                .is_none_or(|c| c.is_whitespace() || chars[i] == '。')
        {
            // "St. Petersburg", "U.S. forces": a full stop after a short capitalised word or
            // an initial is no sentence end.
            // At most 32 characters back: enough for any abbreviation, and a text of dots
            // stays linear.
            let mut word: Vec<char> = chars[..i]
                .iter()
                .rev()
                .take(32)
                .take_while(|c| c.is_alphanumeric() || **c == '.')
                .copied()
                .collect();
            word.reverse();
            let word: String = word.into_iter().collect();
            let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
            let abbreviation = chars[i] == '.'
                && (initial
                    || word.contains('.')
                    || ["St", "Mr", "Mrs", "Dr", "c", "ca", "Gen", "No", "vs"]
                        .contains(&word.as_str()));
            if !abbreviation {
                end = i + 1;
                break;
            }
        }
    }
    let sentence: String = chars[..end].iter().collect();
    if sentence.chars().count() <= SUMMARY_LIMIT {
        return sentence;
    }
    let mut cut: String = sentence.chars().take(SUMMARY_LIMIT - 1).collect();
    if let Some(space) = cut.rfind(' ') {
        cut.truncate(space);
    }
    let cut = cut
        .trim_end_matches([',', ';', ':', ' ', '–', '-'])
        .to_string();
    format!("{cut}…")
}

/// A date as the importer read it: year, month, day (0 when not given).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearMonthDay {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl YearMonthDay {
    fn text(&self) -> String {
        match (self.month, self.day) {
            (0, _) => format!("{}", self.year),
            (m, 0) => format!("{}-{m:02}", self.year),
            (m, d) => format!("{}-{m:02}-{d:02}", self.year),
        }
    }
}

/// A point or range from the timeline's start and end (each with its own precision).
pub(crate) fn hist_date(
    start: YearMonthDay,
    end: Option<YearMonthDay>,
) -> Result<HistDate, String> {
    let text = match end {
        Some(end) => format!("{}/{}", start.text(), end.text()),
        None => start.text(),
    };
    HistDate::parse(&text)
}

/// The parts of a point TimelineJS can hold: year, month, day, with nothing approximate.
fn plain_point(point: &Point) -> Option<YearMonthDay> {
    if point.approximate || point.part.is_some() || point.qualifier.is_some() {
        return None;
    }
    match point.precision {
        Precision::Year => Some(YearMonthDay {
            year: point.year,
            month: 0,
            day: 0,
        }),
        Precision::Month => Some(YearMonthDay {
            year: point.year,
            month: point.month,
            day: 0,
        }),
        Precision::Day => Some(YearMonthDay {
            year: point.year,
            month: point.month,
            day: point.day,
        }),
        Precision::Decade | Precision::Century => None,
    }
}

/// How a nisso date goes on a timeline: start, end, and whether only nisso's own words
/// ("c. 1855", "1960s") say it exactly (then the timeline's dates are the years it spans).
pub struct TimelineDate {
    pub start: YearMonthDay,
    pub end: Option<YearMonthDay>,
    pub exact: bool,
}

pub fn timeline_date(date: &HistDate) -> TimelineDate {
    let start = plain_point(&date.start);
    let end = date.end.as_ref().map(plain_point);
    match (start, end, date.ongoing) {
        (Some(start), None, false) => TimelineDate {
            start,
            end: None,
            exact: true,
        },
        (Some(start), Some(Some(end)), false) => TimelineDate {
            start,
            end: Some(end),
            exact: true,
        },
        _ => {
            let year = |y: i32| YearMonthDay {
                year: y,
                month: 0,
                day: 0,
            };
            let first = date.earliest().0;
            let last = if date.ongoing {
                date.start.latest().0
            } else {
                date.latest().0
            };
            TimelineDate {
                start: year(first),
                end: (last != first || date.end.is_some()).then(|| year(last)),
                exact: false,
            }
        }
    }
}

/// An era's start and end as a timeline places them; an era still going on ends with its
/// latest entry (TimelineJS needs an end).
pub fn era_span(catalog: &crate::dataset::Catalog, era: usize) -> (YearMonthDay, YearMonthDay) {
    let record = &catalog.eras()[era];
    let start = timeline_date(&record.start.start_only()).start;
    let end = match &record.end {
        Some(end) => {
            let placed = timeline_date(end);
            placed.end.unwrap_or(placed.start)
        }
        None => {
            let last = catalog
                .entity_indices()
                .filter(|&e| catalog.era_of(e).0 == era)
                .filter_map(|e| catalog.entity(e).date)
                .map(|d| {
                    if d.ongoing {
                        d.start.latest().0
                    } else {
                        d.latest().0
                    }
                })
                .max()
                .unwrap_or(start.year);
            YearMonthDay {
                year: last.max(start.year),
                month: 0,
                day: 0,
            }
        }
    };
    (start, end)
}

/// A slide's texts as HTML (TimelineJS sets them as HTML).
pub(crate) struct SlideHtml {
    pub(crate) text: String,
    pub(crate) caption: Option<String>,
    pub(crate) credit: Option<String>,
}

/// A one-paragraph text (a caption, a credit) as HTML with those of `links` whose words it
/// holds; the others are returned.
fn linked_line<'a>(
    field: Option<&String>,
    links: Vec<&'a WebLink>,
) -> (Option<String>, Vec<&'a WebLink>) {
    let Some(field) = field else {
        return (None, links);
    };
    let (html, rest) = super::html::from_text_linked(field, &links);
    // One paragraph: its tags come off again.
    let html = html
        .strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
        .map_or_else(|| super::html::escape(field), str::to_string);
    (Some(html), rest)
}

/// A slide's texts: the description, then each fact added from general knowledge and each
/// recorded disagreement with its verdict, as paragraphs that say so (a timeline has no
/// other place to mark them); the media's caption and credit. The entity's web links
/// (those whose addresses pass `check::is_safe_url`) are links again where their words
/// are, looked for in the description, the caption and the credit in turn, as the
/// importer read them; a link whose words are in none ends the text as a paragraph.
pub(crate) fn slide_html(entity: &Entity) -> SlideHtml {
    let escape = super::html::escape;
    let links: Vec<&WebLink> = entity
        .web_links
        .iter()
        .filter(|link| crate::check::is_safe_url(&link.url))
        .collect();
    let (mut text, rest) = super::html::from_text_linked(&entity.description, &links);
    // Media that does not go out takes no links: they end the text instead.
    let media = entity
        .media
        .as_ref()
        .filter(|m| crate::check::is_safe_url(&m.url));
    let (caption, rest) = linked_line(media.and_then(|m| m.caption.as_ref()), rest);
    let (credit, rest) = linked_line(media.and_then(|m| m.credit.as_ref()), rest);
    for fact in &entity.external_facts {
        text.push_str(&format!("<p>Not from the source: {}</p>", escape(fact)));
    }
    for disagreement in &entity.disagreements {
        text.push_str(&format!(
            "<p>Sources disagree: {}.",
            escape(&disagreement.claim)
        ));
        if let Some(general) = &disagreement.general_knowledge {
            text.push_str(&format!(" General knowledge: {}", escape(general)));
        } else if let Some(reason) = &disagreement.no_verdict {
            text.push_str(&format!(" No verdict: {}", escape(reason)));
        }
        text.push_str("</p>");
    }
    if !rest.is_empty() {
        let anchors: Vec<String> = rest
            .iter()
            .map(|link| {
                format!(
                    "<a href=\"{}\">{}</a>",
                    escape(&link.url),
                    escape(&link.text)
                )
            })
            .collect();
        text.push_str(&format!("<p>{}</p>", anchors.join(" · ")));
    }
    SlideHtml {
        text,
        caption,
        credit,
    }
}

/// Whether an entity becomes a slide of an exported timeline: it has a date and is not
/// context (a related topic, kept off the timeline as in the explorer). Adds the id of one
/// left out to `undated` or `context`.
pub(crate) fn on_timeline(
    entity: &Entity,
    undated: &mut Vec<String>,
    context: &mut Vec<String>,
) -> bool {
    if entity.date.is_none() {
        undated.push(entity.id.clone());
        false
    } else if entity.context {
        context.push(entity.id.clone());
        false
    } else {
        true
    }
}

/// The kind a timeline group names (Treaty, treaties, People...), if any.
pub(crate) fn kind_of_group(group: &str) -> Option<Kind> {
    Kind::parse(group)
}

/// The group a timeline shows for an entity: its kept group, else its kind ("Treaty").
pub fn group_of(entity: &Entity) -> String {
    entity.group_label().to_string()
}

/// One event of a TimelineJS file or spreadsheet, read and checked.
pub(crate) struct Event {
    pub(crate) location: String,
    pub(crate) id: Option<String>,
    pub(crate) headline: String,
    pub(crate) text: String,
    /// None when the file's years are beyond nisso's (the text says them).
    pub(crate) date: Option<HistDate>,
    pub(crate) display_date: Option<String>,
    pub(crate) group: Option<String>,
    pub(crate) media: Option<Media>,
    pub(crate) links: Vec<WebLink>,
}

/// One era of a TimelineJS file or spreadsheet.
pub(crate) struct EraRow {
    pub(crate) headline: String,
    pub(crate) text: String,
    pub(crate) start: HistDate,
    pub(crate) end: HistDate,
}

/// What a TimelineJS file or spreadsheet holds, once read.
#[derive(Default)]
pub(crate) struct Timeline {
    pub(crate) title: Option<(String, String)>,
    /// The events as entities already (id, kind and summary are settled when the dataset
    /// is built), each with its location and the id the file gives it, kept in a
    /// temporary file: the rows and the entities are never in memory.
    pub(crate) drafts: Spill<Draft>,
    pub(crate) eras: Vec<EraRow>,
    pub(crate) notes: Vec<String>,
    /// Rows reported and skipped.
    pub(crate) skipped: usize,
    /// Rows read (events, eras, the title).
    pub(crate) rows: usize,
    /// Things read but not kept, by what they were: ("times of day", ("time of day", 3)).
    pub(crate) dropped: BTreeMap<String, (String, usize)>,
    /// Slides without a headline, named from their date and text.
    pub(crate) named: usize,
    /// Slides dated beyond the years nisso holds, kept undated.
    pub(crate) undated: usize,
    /// Quotes given as a slide's media, kept as a paragraph of its text.
    pub(crate) quotes: usize,
    /// Addresses written without a scheme (`//host/...`), given `https:`.
    pub(crate) schemeless: usize,
    /// Link addresses kept from the texts.
    pub(crate) links: usize,
}

/// An event as read, before its id, era and final name are settled.
#[derive(serde::Serialize, serde::Deserialize)]
pub(crate) struct Draft {
    location: String,
    /// The id the file gives it.
    file_id: Option<String>,
    entity: Entity,
}

impl Timeline {
    pub(crate) fn push_event(&mut self, event: Event) {
        let entity = Entity {
            date: event.date,
            description: event.text,
            group: event.group,
            display_date: event.display_date,
            media: event.media,
            web_links: event.links,
            ..Entity::new(String::new(), Kind::Event, event.headline)
        };
        self.drafts.push(&Draft {
            location: event.location,
            file_id: event.id,
            entity,
        });
    }

    /// Add what `other` read after what this one read (their notes in that order).
    pub(crate) fn append(&mut self, other: Timeline) {
        if self.title.is_none() {
            self.title = other.title;
        }
        // Moved, not copied, when this one has none.
        let mut drafts = other.drafts;
        if self.drafts.is_empty() {
            self.drafts = drafts;
        } else {
            drafts.flush();
            drafts.each(&mut |_, draft| {
                self.drafts.push(&draft);
                Continue(())
            });
            if let Some(error) = drafts.take_error() {
                self.drafts.fail(error);
            }
        }
        self.eras.extend(other.eras);
        self.notes.extend(other.notes);
        self.skipped += other.skipped;
        self.rows += other.rows;
        for (many, (one, count)) in other.dropped {
            self.dropped.entry(many).or_insert((one, 0)).1 += count;
        }
        self.named += other.named;
        self.undated += other.undated;
        self.quotes += other.quotes;
        self.schemeless += other.schemeless;
        self.links += other.links;
    }

    /// One more of something read but not kept, said for one and for more ("slide
    /// background", "slide backgrounds").
    pub(crate) fn not_kept(&mut self, one: impl Into<String>, many: impl Into<String>) {
        let entry = self
            .dropped
            .entry(many.into())
            .or_insert_with(|| (one.into(), 0));
        entry.1 += 1;
    }

    pub(crate) fn skip(&mut self, location: &str, message: &str) {
        self.notes.push(format!("{location}: {message} (skipped)"));
        self.skipped += 1;
    }

    pub(crate) fn note(&mut self, location: &str, message: &str) {
        self.notes.push(format!("{location}: {message}"));
    }
}

/// A part of the file (already read as valid JSON) as a value.
pub(crate) fn parse(raw: &serde_json::value::RawValue) -> serde_json::Value {
    // The whole file was read as JSON before: this cannot fail, but would be null if it did.
    serde_json::from_str(raw.get()).unwrap_or(serde_json::Value::Null)
}

/// What a part of the file (valid JSON) is, by its first character, in `type_name`'s words.
pub(crate) fn raw_type(raw: &serde_json::value::RawValue) -> &'static str {
    match raw.get().trim_start().as_bytes().first() {
        Some(b'{') => "an object",
        Some(b'[') => "a list",
        Some(b'"') => "text",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        _ => "a number",
    }
}

/// Whether a dated entity fits an era as `check` asks (people overlap, the rest start
/// inside).
pub(crate) fn fits(kind: Kind, date: &HistDate, era: &Era) -> bool {
    if kind == Kind::Person {
        date.overlaps(&era.start, era.end.as_ref())
    } else {
        date.starts_within(&era.start, era.end.as_ref())
    }
}

/// The era for a dated entity: of those it fits, the shortest (the most specific when eras
/// overlap), the first among equals.
pub(crate) fn era_for(kind: Kind, date: &HistDate, eras: &[Era]) -> Option<usize> {
    let span = |era: &Era| {
        let a = era.start.earliest();
        let b = era.end.map_or(crate::date::ONGOING, |end| end.latest());
        (b.0 - a.0) * 12 + (b.1 as i32 - a.1 as i32)
    };
    eras.iter()
        .enumerate()
        .filter(|(_, era)| fits(kind, date, era))
        .min_by_key(|(i, era)| (span(era), *i))
        .map(|(i, _)| i)
}

/// Build the dataset from a timeline's rows (TimelineJS JSON and CSV alike).
pub(crate) fn build_timeline(
    format: ImportFormat,
    file: &str,
    mut timeline: Timeline,
) -> Result<Import, ImportError> {
    let mut ids = Ids::default();
    let mut counts = IdCounts::default();
    let mut drafts = std::mem::take(&mut timeline.drafts);
    drafts.flush();
    // Ids the file gives are kept when they are kebab-case (reported otherwise); eras come
    // next, then ids made from headlines, so the same file always gives the same ids.
    let given = claim_given_ids(&drafts, &mut timeline.notes, &mut ids, &mut counts);
    let mut eras = eras_of(std::mem::take(&mut timeline.eras), &mut ids);
    let mut entities = Spill::default();
    drafts.each(&mut |i, draft| {
        let Draft {
            location,
            file_id,
            mut entity,
        } = draft;
        entity.id = match file_id {
            Some(id) if given[i] => id,
            file_id => made_id(
                &entity,
                &location,
                file_id.as_deref(),
                &mut ids,
                &mut counts,
                &mut timeline.notes,
            ),
        };
        settle_group_and_summary(&mut entity);
        entities.push(&entity);
        Continue(())
    });
    if let Some(error) = drafts.take_error() {
        return Err(spill_error(file, &error));
    }
    drop(drafts);
    let (title, titled_from_text) = title_of(timeline.title.take(), &mut timeline.notes);
    let had_eras = !eras.is_empty();
    let made_era_name = match &title {
        _ if had_eras => "Other events",
        Some((headline, _)) if !titled_from_text => headline.as_str(),
        _ => "Imported events",
    }
    .to_string();
    let (title_text, description) = title.unwrap_or_else(|| {
        let stem = std::path::Path::new(file)
            .file_stem()
            .map_or_else(|| file.to_string(), |s| s.to_string_lossy().into_owned());
        (stem, String::new())
    });
    let meta = imported_meta(format, file, title_text, one_paragraph(&description));
    let mut head = Dataset {
        meta: Some(meta),
        eras: std::mem::take(&mut eras),
        entities: Vec::new(),
        borders: Vec::new(),
    };
    let settled = settle(
        &mut head,
        entities,
        ids,
        &made_era_name,
        &mut timeline.notes,
    )
    .map_err(|error| spill_error(file, &error))?;
    let summary = timeline_summary(&head, &settled, &timeline, had_eras, &counts);
    Ok(Import {
        head,
        entities: settled.entities,
        notes: timeline.notes,
        summary,
        skipped: timeline.skipped,
    })
}

/// What `settle` made of the entities, and counted on the way.
pub(crate) struct Settled {
    pub(crate) entities: Spill<Entity>,
    /// Entities the era made for those outside the file's eras holds (0: none made).
    pub(crate) made_era: usize,
    /// Texts whose control or bidi characters were made visible escapes.
    pub(crate) escaped: usize,
    /// Names given a date or id to tell them apart.
    pub(crate) renamed: usize,
    /// How many entities of each kind (`Kind::ALL` order).
    pub(crate) kinds: [usize; Kind::ALL.len()],
    /// The groups, the first few by name, all counted.
    pub(crate) groups: Groups,
}

/// Groups a summary names at most.
const SHOWN_GROUPS: usize = 6;

/// The groups the entities are in: the first `SHOWN_GROUPS` by name, all counted.
#[derive(Default)]
pub(crate) struct Groups {
    pub(crate) first: Vec<String>,
    seen: FxHashSet<u64>,
}

impl Groups {
    fn add(&mut self, group: &str) {
        if self.seen.insert(text_key(group)) && self.first.len() < SHOWN_GROUPS {
            self.first.push(group.to_string());
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.seen.len()
    }
}

/// Settle what needs every entity seen (ids are given): each in an era (one is made,
/// named `made_era_name`, for those no era of the file holds), texts made safe like the
/// command line makes what it prints, names told apart, summaries. Two passes over the
/// entities, which stay in temporary files; `head` holds the eras and the meta.
pub(crate) fn settle(
    head: &mut Dataset,
    mut entities: Spill<Entity>,
    mut ids: Ids,
    made_era_name: &str,
    notes: &mut Vec<String>,
) -> std::io::Result<Settled> {
    entities.flush();
    // The id of the era made for the entities outside the file's eras, should it be made:
    // every other id is given, so it is the same id as when claimed after them, and the
    // set of ids goes before the names are compared.
    let made_era_id = ids.unique(&slug(made_era_name));
    drop(ids);
    let mut escaped = 0;
    // Placed with the file's eras; those outside them give the made era's span.
    let mut outside = 0;
    let (mut first, mut last): (Option<i32>, Option<i32>) = (None, None);
    // Every name is taken before any is changed: a renamed entry must not take a name a
    // later entry has in the file.
    let mut taken = NamesTaken::with_capacity(entities.len());
    let mut placed: Spill<Entity> = Spill::default();
    entities.each(&mut |i, mut entity| {
        match entity
            .date
            .and_then(|d| era_for(entity.kind, &d, &head.eras))
        {
            Some(era) => entity.era = head.eras[era].id.clone(),
            // Undated: the first era (nothing places it anywhere else).
            None if entity.date.is_none() && !head.eras.is_empty() => {
                entity.era = head.eras[0].id.clone();
            }
            None => {
                outside += 1;
                if let Some(d) = entity.date {
                    let end = if d.ongoing {
                        d.start.latest().0
                    } else {
                        d.latest().0
                    };
                    first = Some(first.map_or(d.earliest().0, |f| f.min(d.earliest().0)));
                    last = Some(last.map_or(end, |l| l.max(end)));
                }
            }
        }
        entity.texts_mut(|text| escaped += usize::from(made_safe(text)));
        taken.add(text_key(&crate::fold::fold(&entity.name).text), i);
        placed.push(&entity);
        Continue(())
    });
    if let Some(error) = entities.take_error() {
        return Err(error);
    }
    drop(entities);
    placed.flush();
    taken.sort();
    let made = if outside > 0 {
        made_era(&mut head.eras, made_era_id, made_era_name, first.zip(last))
    } else {
        None
    };
    // The meta and the eras, the made one among them.
    escaped += neutralise(head);
    let mut settled = Settled {
        entities: Spill::by_place(),
        made_era: if made.is_some() { outside } else { 0 },
        escaped,
        renamed: 0,
        kinds: [0; Kind::ALL.len()],
        groups: Groups::default(),
    };
    placed.each(&mut |i, mut entity| {
        if let Some(made) = &made {
            // Once the made era is among them, every entity is placed again by the same
            // rule, so a second import of an export places them the same way.
            if let Some(era) = entity
                .date
                .and_then(|d| era_for(entity.kind, &d, &head.eras))
            {
                entity.era = head.eras[era].id.clone();
            } else if entity.date.is_none() && entity.era.is_empty() {
                entity.era = made.clone();
            }
        }
        if distinct_name(&mut entity, i, &mut taken, notes) {
            settled.renamed += 1;
        }
        summarise(&mut entity);
        if let Some(k) = Kind::ALL.iter().position(|&k| k == entity.kind) {
            settled.kinds[k] += 1;
        }
        if let Some(group) = &entity.group {
            settled.groups.add(group);
        }
        settled.entities.push(&entity);
        Continue(())
    });
    if let Some(error) = placed.take_error() {
        return Err(error);
    }
    settled.entities.flush();
    match settled.entities.take_error() {
        Some(error) => Err(error),
        None => Ok(settled),
    }
}

/// The era made for the entities outside the file's eras, spanning the years `span` (the
/// twentieth century when none of them is dated), with the id `id`, put among `eras` in
/// order of start. Returns its id; none when its years cannot be a date.
fn made_era(
    eras: &mut Vec<Era>,
    id: String,
    name: &str,
    span: Option<(i32, i32)>,
) -> Option<String> {
    let (start, end) = match span {
        Some((first, last)) => (
            HistDate::parse(&first.to_string()),
            HistDate::parse(&last.to_string()),
        ),
        // Nothing dated: an era in the twentieth century holds the undated.
        None => (
            HistDate::parse("20th century"),
            HistDate::parse("20th century"),
        ),
    };
    let (Ok(start), Ok(end)) = (start, end) else {
        return None;
    };
    let era = Era {
        id: id.clone(),
        name: name.to_string(),
        start,
        end: Some(end),
        summary: "Made by nisso import to hold the entries outside the file's eras.".into(),
        sources: Vec::new(),
        external_facts: Vec::new(),
    };
    // In order of start; after eras that start at the same time.
    let at = eras
        .iter()
        .position(|e| e.start > era.start)
        .unwrap_or(eras.len());
    eras.insert(at, era);
    Some(id)
}

/// The dataset's title and description from the title slide. A title slide without a
/// headline is titled from the first words of its text (noted; true is returned); one
/// without either gives none (the file's name titles the dataset).
fn title_of(
    title: Option<(String, String)>,
    notes: &mut Vec<String>,
) -> (Option<(String, String)>, bool) {
    match title {
        Some((headline, text)) if headline.trim().is_empty() => {
            let words = first_words(&text);
            if words.is_empty() {
                return (None, false);
            }
            notes.push(format!(
                "title: no headline; the dataset is titled '{words}' from the first words of its text"
            ));
            (Some((words, text)), true)
        }
        other => (other, false),
    }
}

/// Words a name is made of, at most.
const NAME_WORDS: usize = 8;
/// Characters a name made from words has, at most (before its "…").
const NAME_CHARS: usize = 60;

/// The first words of a text's first paragraph, for a name: at most eight words and 60
/// characters, cut at a word, with "…" when cut; empty for an empty text.
pub(crate) fn first_words(text: &str) -> String {
    let paragraph = text
        .split(crate::model::PARAGRAPH_BREAK)
        .find(|p| !p.trim().is_empty())
        .unwrap_or("");
    let words: Vec<&str> = paragraph.split_whitespace().collect();
    let mut name = String::new();
    let mut cut = false;
    for (i, word) in words.iter().enumerate() {
        let longer = name.chars().count() + 1 + word.chars().count();
        if i == NAME_WORDS || (i > 0 && longer > NAME_CHARS) {
            cut = true;
            break;
        }
        if i > 0 {
            name.push(' ');
        }
        name.push_str(word);
    }
    if name.chars().count() > NAME_CHARS {
        // One long word: cut inside it.
        name = name.chars().take(NAME_CHARS).collect();
        cut = true;
    }
    if cut {
        let trimmed = name.trim_end_matches([',', ';', ':', '.', ' ', '–', '-']);
        format!("{trimmed}…")
    } else {
        name
    }
}

/// A name for a slide without a headline: the date as the file shows it, then the first
/// words of its text, else of its media's caption (just the date when there are none).
pub(crate) fn name_from_date_and_text(date: &str, texts: &[&str]) -> String {
    let words = texts
        .iter()
        .map(|text| first_words(text))
        .find(|words| !words.is_empty());
    match words {
        Some(words) => format!("{date}: {words}"),
        None => date.to_string(),
    }
}

/// What became of the ids of a timeline's entries, for the summary.
#[derive(Default)]
struct IdCounts {
    /// Not kebab-case: made kebab-case.
    rewritten: usize,
    /// Used twice: the second one got a new id.
    duplicates: usize,
    /// Entries without an id: one made from the headline.
    made_from_headline: usize,
}

/// The ids the file gives, in entry order: whether each is kept (kebab-case and not taken;
/// a repeat is noted). The others get one made later.
fn claim_given_ids(
    drafts: &Spill<Draft>,
    notes: &mut Vec<String>,
    ids: &mut Ids,
    counts: &mut IdCounts,
) -> Vec<bool> {
    let mut given = Vec::with_capacity(drafts.len());
    drafts.each(&mut |_, draft| {
        let kept = match &draft.file_id {
            Some(id) if crate::check::is_kebab_case(id) => {
                let claimed = ids.claim(id);
                if !claimed {
                    counts.duplicates += 1;
                    notes.push(format!(
                        "{}.unique_id: '{id}' is used twice; this one gets a new id",
                        draft.location
                    ));
                }
                claimed
            }
            _ => false,
        };
        given.push(kept);
        Continue(())
    });
    given
}

/// The file's eras, in time order, with ids made from their headlines.
fn eras_of(mut era_rows: Vec<EraRow>, ids: &mut Ids) -> Vec<Era> {
    era_rows.sort_by_key(|a| a.start);
    era_rows
        .into_iter()
        .map(|row| Era {
            id: ids.unique(&slug(&row.headline)),
            name: row.headline,
            start: row.start,
            end: Some(row.end),
            // An era's summary and the dataset's description are single paragraphs in
            // nisso: the file's paragraphs are joined.
            summary: one_paragraph(&row.text),
            sources: Vec::new(),
            external_facts: Vec::new(),
        })
        .collect()
}

/// An id for an entry whose own could not be kept: its id made kebab-case (noted), or one
/// made from its headline.
fn made_id(
    entity: &Entity,
    location: &str,
    file_id: Option<&str>,
    ids: &mut Ids,
    counts: &mut IdCounts,
    notes: &mut Vec<String>,
) -> String {
    let base = match file_id {
        Some(id) if !crate::check::is_kebab_case(id) => {
            counts.rewritten += 1;
            let made = slug(id);
            notes.push(format!(
                "{location}.unique_id: '{id}' is not kebab-case; made '{made}' of it"
            ));
            made
        }
        Some(_) => slug(&entity.name),
        None => {
            counts.made_from_headline += 1;
            slug(&entity.name)
        }
    };
    ids.unique(&base)
}

/// A group that names a kind ("People", "treaties") gives the entity that kind; every
/// group is kept as the label the timeline and the axis group by, but for the kind as
/// nisso itself writes it ("Treaty"), which is the kind alone (an export writes it back
/// for every entity without a group). The summary is the text's first sentence.
fn settle_group_and_summary(entity: &mut Entity) {
    if let Some(group) = entity.group.take() {
        let group = group.trim();
        if !group.is_empty() {
            if let Some(kind) = kind_of_group(group) {
                entity.kind = kind;
            }
            if group != entity.kind.label() {
                entity.group = Some(group.to_string());
            }
        }
    }
    entity.summary = first_sentence(&entity.description, &entity.name);
}

/// One paragraph: how many rows became what, and what was made, left out or changed.
fn timeline_summary(
    head: &Dataset,
    settled: &Settled,
    timeline: &Timeline,
    had_eras: bool,
    counts: &IdCounts,
) -> String {
    let (made_era, renamed, escaped) = (settled.made_era, settled.renamed, settled.escaped);
    let mut parts = vec![format!(
        "{} → {}",
        plural(timeline.rows, "row"),
        entity_counts(&settled.kinds)
    )];
    parts.push(plural(head.eras.len(), "era"));
    if made_era > 0 {
        parts.push(if had_eras {
            format!(
                "1 era made to cover {} outside the file's eras",
                plural(made_era, "event")
            )
        } else {
            "1 era made to cover them (the file has no eras)".to_string()
        });
    }
    parts.push(skipped_rows(timeline.skipped));
    if renamed > 0 {
        parts.push(format!(
            "{} given their date or id to tell them apart",
            plural(renamed, "name")
        ));
    }
    if counts.made_from_headline > 0 {
        parts.push(format!(
            "{} made from headlines",
            plural(counts.made_from_headline, "id")
        ));
    }
    if counts.rewritten + counts.duplicates > 0 {
        parts.push(format!(
            "{} rewritten (see above)",
            plural(counts.rewritten + counts.duplicates, "id")
        ));
    }
    let groups = &settled.groups;
    if groups.len() > 0 {
        // A few names say what the groups are; a long list would drown the summary.
        let shown: Vec<&str> = groups.first.iter().map(String::as_str).collect();
        let more = if groups.len() > shown.len() {
            ", …"
        } else {
            ""
        };
        parts.push(format!(
            "{} kept as labels ({}{more})",
            plural(groups.len(), "group"),
            shown.join(", ")
        ));
    }
    if timeline.named > 0 {
        parts.push(format!(
            "{} without a headline named from their date and text",
            plural(timeline.named, "slide")
        ));
    }
    if timeline.undated > 0 {
        parts.push(format!(
            "{} dated beyond the years nisso holds (±99,999) kept undated, their years in their text",
            plural(timeline.undated, "slide")
        ));
    }
    if timeline.quotes > 0 {
        parts.push(format!(
            "{} given as media kept as text",
            plural(timeline.quotes, "quote")
        ));
    }
    if timeline.links > 0 {
        parts.push(match timeline.links {
            1 => "1 link address kept".to_string(),
            n => format!("{n} link addresses kept"),
        });
    }
    if timeline.schemeless > 0 {
        parts.push(match timeline.schemeless {
            1 => "1 address without a scheme (//…) given https:".to_string(),
            n => format!("{n} addresses without a scheme (//…) given https:"),
        });
    }
    if !timeline.dropped.is_empty() {
        let what: Vec<String> = timeline
            .dropped
            .iter()
            .map(|(many, (one, count))| match count {
                1 => format!("1 {one}"),
                _ => format!("{count} {many}"),
            })
            .collect();
        parts.push(format!(
            "not kept (nisso has no place for them): {}",
            what.join(", ")
        ));
    }
    if escaped > 0 {
        parts.push(format!(
            "{} with control or bidi characters shown escaped",
            plural(escaped, "text")
        ));
    }
    parts.join(", ")
}

/// Paragraphs joined into one.
pub(crate) fn one_paragraph(text: &str) -> String {
    text.split(crate::model::PARAGRAPH_BREAK)
        .collect::<Vec<_>>()
        .join(" ")
}

/// "3 events", "1 era".
pub(crate) fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("1 {word}")
    } else {
        format!("{count} {word}s")
    }
}

/// "0 rows skipped", "2 rows skipped (see above)" for a summary line.
pub(crate) fn skipped_rows(skipped: usize) -> String {
    let seen = if skipped > 0 { " (see above)" } else { "" };
    format!("{} skipped{seen}", plural(skipped, "row"))
}

/// "52 entities (48 events, 4 treaties)" from the count of each kind (`Kind::ALL` order).
pub(crate) fn entity_counts(kinds: &[usize; Kind::ALL.len()]) -> String {
    let mut counts = Vec::new();
    let total: usize = kinds.iter().sum();
    for (&kind, &n) in Kind::ALL.iter().zip(kinds) {
        if n > 0 {
            let word = if n == 1 {
                kind.as_str().to_string()
            } else {
                kind.plural().to_lowercase()
            };
            counts.push(format!("{n} {word}"));
        }
    }
    let total = if total == 1 {
        "1 entity".to_string()
    } else {
        format!("{total} entities")
    };
    if counts.is_empty() {
        total
    } else {
        format!("{total} ({})", counts.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use crate::interchange::*;

    #[test]
    fn slugs_are_ascii_kebab_case() {
        assert_eq!(slug("Treaty of Shimoda"), "treaty-of-shimoda");
        assert_eq!(slug("Japan's  war — 1904!"), "japans-war-1904");
        assert_eq!(slug("Kōno Ichirō"), "kono-ichiro");
        assert_eq!(slug("!!!"), "");
        assert!(crate::check::is_kebab_case(&slug(
            "a very long headline that goes on and on and on about nothing in particular at all"
        )));
    }

    #[test]
    fn names_are_made_of_the_first_words() {
        use super::{first_words, name_from_date_and_text};
        assert_eq!(first_words(""), "");
        assert_eq!(first_words("\n\nOne two.\n\nThree"), "One two.");
        assert_eq!(
            first_words("one two three four five six seven eight nine"),
            "one two three four five six seven eight…"
        );
        assert_eq!(first_words(&"x".repeat(80)), format!("{}…", "x".repeat(60)));
        assert_eq!(
            name_from_date_and_text("1905", &["", "Signed at Portsmouth, by both."]),
            "1905: Signed at Portsmouth, by both."
        );
        assert_eq!(name_from_date_and_text("1905", &["", " "]), "1905");
    }

    #[test]
    fn summaries_are_the_first_sentence_bounded() {
        assert_eq!(
            first_sentence("The pact was signed. It lasted.", "x"),
            "The pact was signed."
        );
        assert_eq!(
            first_sentence("Talks in St. Petersburg ended. Then.", "x"),
            "Talks in St. Petersburg ended."
        );
        assert_eq!(first_sentence("", "Name"), "Name");
        let long = "word ".repeat(60);
        let summary = first_sentence(&long, "x");
        assert!(summary.chars().count() <= 160 && summary.ends_with('…'));
    }
}
