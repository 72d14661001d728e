//! The search overlay: a line editor for the query, the kind filter, the results list
//! (or "did you mean" names when nothing matches), a preview of the highlighted result,
//! its keys, area and drawing.
//!
//! Results after a clear drop in score are folded into one row ("12 weaker matches");
//! Enter (or a click) on that row lists them. The query line shows the dates it read in
//! the accent style and dims the words found nowhere.

use super::action::{Action, Edit, Outcome, Step};
use super::keymap::{Keymap, Scope};
use super::line_editor::LineEditor;
use super::overlay::{Context, OverlayPane};

use super::paint::{ellipsize, pad_row, pane_block};
use super::theme::Theme;
use super::viewport::Viewport;
use crate::dataset::Catalog;
use crate::model::Kind;
use crate::present::target_text;
use crate::search::{
    DateMatch, DocKind, Field, Hit, Query, Reader, Results, SearchIndex, Searcher, Target,
};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Padding, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

/// Kind filter cycle order (Tab, Shift-Tab).
pub const KIND_FILTERS: [Option<DocKind>; 7] = [
    None,
    Some(DocKind::Entity(Kind::Person)),
    Some(DocKind::Entity(Kind::Treaty)),
    Some(DocKind::Entity(Kind::Event)),
    Some(DocKind::Entity(Kind::Place)),
    Some(DocKind::Entity(Kind::Organisation)),
    Some(DocKind::Era),
];

/// How many "did you mean" names the prompt offers when nothing matches.
const SUGGESTIONS: usize = 3;

/// Lines above the results: the query, the kind filter, the count.
const HEADER_LINES: u16 = 3;

/// Longest query kept; a paste beyond it is cut (and the prompt says so).
pub const MAX_QUERY: usize = 256;

/// Terminal columns from which the preview sits beside the list rather than under it.
const PREVIEW_BESIDE_FROM: u16 = 100;
/// Fewest rows worth a preview under the list.
const PREVIEW_MIN_ROWS: u16 = 5;

pub struct SearchPrompt {
    pub editor: LineEditor,
    /// None: all kinds.
    pub kind: Option<DocKind>,
    /// The results; when nothing matched, the closest names instead (`suggested`).
    pub hits: Vec<Hit>,
    /// True when `hits` are "did you mean" suggestions, not matches.
    pub suggested: bool,
    /// What in the query could not be understood (an unknown `kind:`).
    pub problem: Option<String>,
    /// The results list: selection and scrolling (the fold row is its last row).
    pub results: Viewport,
    /// How many of `hits` are listed: the strong ones, or all once the fold is opened.
    pub listed: usize,
    /// The last search's words, unmatched words and dates (its hits are in `hits`).
    pub outcome: Results,
    searcher: Searcher,
    /// The reader's bookmarks and notes as the prompt opened (they cannot change while it
    /// is open): note words match, `is:noted` and `is:bookmarked` filter.
    pub reader: Reader,
    /// The query changed since the last search (a batch of typed or pasted characters is
    /// searched once, when it has all arrived).
    stale: bool,
}

impl SearchPrompt {
    /// An empty prompt: everything, in time order.
    pub fn open(index: &SearchIndex) -> SearchPrompt {
        SearchPrompt::open_for(index, Reader::default())
    }

    /// An empty prompt that searches the reader's notes too.
    pub fn open_for(index: &SearchIndex, reader: Reader) -> SearchPrompt {
        let mut prompt = SearchPrompt {
            reader,
            editor: LineEditor::with_limit(MAX_QUERY),
            kind: None,
            hits: Vec::new(),
            suggested: false,
            problem: None,
            results: Viewport::default(),
            listed: 0,
            outcome: Results::default(),
            searcher: Searcher::default(),
            stale: false,
        };
        prompt.requery(index);
        prompt
    }

    pub fn query(&self) -> &str {
        self.editor.text()
    }

    /// The selected result (or suggestion); None on the fold row.
    pub fn selected(&self) -> Option<&Hit> {
        self.hits[..self.listed].get(self.results.selected)
    }

    /// Results folded away below the listed ones.
    pub fn folded(&self) -> usize {
        self.hits.len() - self.listed
    }

    /// Centred over the panes; wide enough for the list and its preview side by side on a
    /// wide terminal.
    pub fn area(body: Rect) -> Rect {
        super::overlay::centred(body, 170, 40)
    }

    /// The rows of the results list inside `area` (one lower under "Did you mean:").
    pub fn list_area(&self, area: Rect) -> Rect {
        Self::split(area, self.suggested).0
    }

    /// The results list and, where there is room, the preview: beside the list from 100
    /// columns, else in the lower rows when the list keeps at least 6.
    fn split(area: Rect, suggested: bool) -> (Rect, Option<Rect>) {
        let skip = HEADER_LINES + u16::from(suggested);
        let inner = Rect::new(
            area.x + 1,
            area.y + 1,
            area.width.saturating_sub(2),
            area.height.saturating_sub(2),
        );
        let body = Rect::new(
            inner.x,
            inner.y + skip.min(inner.height),
            inner.width,
            inner.height.saturating_sub(skip),
        );
        if body.width >= PREVIEW_BESIDE_FROM - 2 {
            let list = body.width * 11 / 20;
            return (
                Rect::new(body.x, body.y, list, body.height),
                Some(Rect::new(
                    body.x + list,
                    body.y,
                    body.width - list,
                    body.height,
                )),
            );
        }
        let preview = body.height.saturating_sub(6).min(body.height * 2 / 5);
        if preview >= PREVIEW_MIN_ROWS {
            let list = body.height - preview;
            return (
                Rect::new(body.x, body.y, body.width, list),
                Some(Rect::new(body.x, body.y + list, body.width, preview)),
            );
        }
        (body, None)
    }

    pub fn fit(&mut self, area: Rect) {
        self.results
            .set_height(self.list_area(area).height as usize);
    }

    /// Search again if the query changed since the last search.
    pub fn settle(&mut self, index: &SearchIndex) {
        if self.stale {
            self.requery(index);
        }
    }

    fn requery(&mut self, index: &SearchIndex) {
        self.stale = false;
        let mut results =
            self.searcher
                .search_for(index, self.editor.text(), self.kind, &self.reader);
        self.problem = results.problems.first().cloned();
        if self.editor.is_full() {
            self.problem = Some(format!("the query is cut at {MAX_QUERY} characters"));
        }
        self.suggested = results.hits.is_empty();
        let hits = std::mem::take(&mut results.hits);
        self.hits = if self.suggested {
            let kind = self.kind;
            index
                .suggest(self.editor.text(), SUGGESTIONS)
                .into_iter()
                .filter(|&target| kind.is_none_or(|k| index.kind_of(target) == k))
                .map(Hit::named)
                .collect()
        } else {
            hits
        };
        self.listed = if self.suggested {
            self.hits.len()
        } else {
            results.strong.min(self.hits.len())
        };
        self.outcome = results;
        self.fit_list();
        self.results.select(0);
    }

    /// The list's rows: the listed results and the fold row when some are folded.
    fn fit_list(&mut self) {
        self.results
            .set_len(self.listed + usize::from(self.folded() > 0));
    }

    /// Open the fold: list the weaker matches too, keeping the selection on the first.
    fn unfold(&mut self) {
        let first_weaker = self.listed;
        self.listed = self.hits.len();
        self.fit_list();
        self.results.select(first_weaker);
    }

    /// Apply an action and search at once if the query changed.
    pub fn update(&mut self, action: Action, index: &SearchIndex) -> Outcome {
        let outcome = self.apply(action, index);
        self.settle(index);
        outcome
    }

    /// Apply an action; an edit only marks the query changed (`settle` searches), so a
    /// paste of many characters costs one search, not one per character.
    pub fn apply(&mut self, action: Action, index: &SearchIndex) -> Outcome {
        if !matches!(action, Action::Edit(_)) {
            // Everything else acts on the results: they must be current.
            self.settle(index);
        }
        match action {
            // `?` on an empty line asks how to search; after a word it is a question mark.
            Action::Edit(Edit::Insert('?')) if self.editor.text().is_empty() => {
                return Outcome::ShowSyntax;
            }
            Action::ShowSyntax => return Outcome::ShowSyntax,
            Action::Edit(edit) => {
                let before = self.editor.text().to_string();
                self.editor.apply(edit);
                // An insert into a full line changes nothing but must say so.
                if self.editor.text() != before || matches!(edit, Edit::Insert(_)) {
                    self.stale = true;
                }
            }
            Action::NextKind | Action::PrevKind => {
                let at = KIND_FILTERS
                    .iter()
                    .position(|k| *k == self.kind)
                    .unwrap_or(0);
                let len = KIND_FILTERS.len();
                let next = if action == Action::NextKind {
                    (at + 1) % len
                } else {
                    (at + len - 1) % len
                };
                self.kind = KIND_FILTERS[next];
                self.requery(index);
            }
            Action::Move(step) => self.results.step(step),
            Action::Wheel { down, .. } => self.results.step(Step::By(if down { 3 } else { -3 })),
            Action::Activate => {
                if self.results.selected == self.listed && self.folded() > 0 {
                    self.unfold();
                    return Outcome::Stay;
                }
                return match self.selected() {
                    Some(hit) => Outcome::Open(hit.target),
                    None => Outcome::Close,
                };
            }
            Action::ClickOverlay(Some(row)) => {
                let index = self.results.offset + row;
                if index == self.listed && self.folded() > 0 {
                    self.unfold();
                } else if index < self.listed {
                    // A click on the selected row opens it, as Enter does.
                    if index == self.results.selected {
                        return Outcome::Open(self.hits[index].target);
                    }
                    self.results.select(index);
                }
            }
            Action::Cancel | Action::ClickOutside => return Outcome::Close,
            _ => {}
        }
        Outcome::Stay
    }

    pub fn draw(
        &self,
        frame: &mut Frame,
        area: Rect,
        catalog: &Catalog,
        index: &SearchIndex,
        theme: &Theme,
        keymap: &Keymap,
    ) {
        if area.width < 3 || area.height < 3 {
            return;
        }
        frame.render_widget(Clear, area);
        let block = pane_block(" Search ".to_string(), true, theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let prompt = "/ ";
        let mut query_line = vec![Span::styled(prompt, theme.accent().patch(theme.bold()))];
        query_line.extend(self.query_spans(theme));
        let mut lines = vec![Line::from(query_line)];
        // The terminal's own cursor marks the editing position.
        let column = inner.x as usize + prompt.width() + self.editor.cursor_column();
        if column < (inner.x + inner.width) as usize && inner.height > 0 {
            frame.set_cursor_position(Position::new(column as u16, inner.y));
        }
        let mut filters = vec![Span::styled("Kind: ", theme.dim())];
        for kind in KIND_FILTERS {
            let label = kind.map_or("All", |k| k.plural());
            let style = if kind == self.kind {
                theme.selected(true)
            } else {
                theme.dim()
            };
            filters.push(Span::styled(format!(" {label} "), style));
            filters.push(Span::raw(" "));
        }
        filters.push(Span::styled("(Tab)", theme.dim()));
        lines.push(Line::from(filters));
        lines.push(Line::from(self.status_spans(theme)));
        if self.suggested && !self.hits.is_empty() {
            lines.push(Line::from(Span::styled("Did you mean:", theme.dim())));
        }
        frame.render_widget(Paragraph::new(lines), inner);
        let (list, preview) = Self::split(area, self.suggested);
        self.draw_list(frame, list, (catalog, index), theme, keymap);
        if let Some(preview) = preview {
            let beside = preview.y == list.y;
            self.draw_preview(frame, (preview, beside), catalog, theme);
        }
    }

    /// The query as typed: the dates it read in the accent style, words found nowhere
    /// dimmed.
    fn query_spans(&self, theme: &Theme) -> Vec<Span<'static>> {
        let text = self.query();
        let tokens: Vec<(usize, &str)> = text
            .split_whitespace()
            .map(|token| (token.as_ptr() as usize - text.as_ptr() as usize, token))
            .collect();
        let words: Vec<&str> = tokens.iter().map(|(_, t)| *t).collect();
        let (_, dated) = crate::search::when::find_dates(&words);
        let mut spans = Vec::new();
        let mut at = 0;
        for ((start, token), dated) in tokens.into_iter().zip(dated) {
            spans.push(Span::raw(text[at..start].to_string()));
            let folded = crate::fold::fold(token).text;
            let unmatched = !self.outcome.unmatched.is_empty()
                && crate::search::words_of(&folded)
                    .all(|word| self.outcome.unmatched.iter().any(|u| u == word));
            let style = if dated {
                theme.accent()
            } else if unmatched {
                theme.dim().add_modifier(Modifier::CROSSED_OUT)
            } else {
                Style::new()
            };
            spans.push(Span::styled(token.to_string(), style));
            at = start + token.len();
        }
        spans.push(Span::raw(text[at..].to_string()));
        spans
    }

    /// "12 results · dates: September 1951 · not found: ceasefire", and any problem.
    fn status_spans(&self, theme: &Theme) -> Vec<Span<'static>> {
        let count = if self.suggested {
            format!("No matches for '{}'.", ellipsize(self.query().trim(), 30))
        } else {
            let n = self.hits.len();
            let mut count = format!("{n} result{}", if n == 1 { "" } else { "s" });
            if self.folded() > 0 {
                count.push_str(&format!(", {} weaker folded", self.folded()));
            }
            count
        };
        let mut status = vec![Span::styled(count, theme.dim())];
        if !self.outcome.dates.is_empty() {
            let dates: Vec<String> = self
                .outcome
                .dates
                .iter()
                .map(crate::present::date_filter_text)
                .collect();
            status.push(Span::styled(" · dates: ", theme.dim()));
            status.push(Span::styled(dates.join(" and "), theme.accent()));
        }
        if !self.outcome.unmatched.is_empty() && !self.suggested {
            status.push(Span::styled(
                format!(" · not found: {}", self.outcome.unmatched.join(", ")),
                theme.dim(),
            ));
        }
        if let Some(problem) = &self.problem {
            status.push(Span::styled(format!("  {problem}"), theme.warning()));
        }
        status
    }

    fn draw_list(
        &self,
        frame: &mut Frame,
        list: Rect,
        (catalog, index): (&Catalog, &SearchIndex),
        theme: &Theme,
        keymap: &Keymap,
    ) {
        let rows = list.height as usize;
        // Parsed once for all the rows' highlights.
        let parsed = Query::parse(self.query());
        let visible: Vec<(usize, &Hit)> = self.hits[..self.listed]
            .iter()
            .enumerate()
            .skip(self.results.offset)
            .take(rows)
            .collect();
        // Dates as the details pane writes them, in a column as wide as the widest shown.
        let dates: Vec<String> = visible
            .iter()
            .map(|(_, hit)| target_text(catalog, hit.target).2)
            .collect();
        let date_width = dates
            .iter()
            .map(|d| d.width())
            .max()
            .unwrap_or(0)
            .min(24)
            .min(list.width as usize / 4);
        let mut lines = Vec::new();
        for ((at, hit), date) in visible.into_iter().zip(dates) {
            let (name, _, _) = target_text(catalog, hit.target);
            let selected = at == self.results.selected;
            let base = if selected {
                theme.selected(true)
            } else {
                Style::new()
            };
            let date = ellipsize(&date, date_width);
            let pad = date_width.saturating_sub(date.width());
            let mut spans = vec![
                Span::styled(
                    format!(" {:<12} ", index.kind_of(hit.target).as_str()),
                    base.patch(theme.dim()),
                ),
                Span::styled(format!("{date}{} ", " ".repeat(pad)), base),
            ];
            let positions = if self.suggested {
                Vec::new()
            } else {
                index.positions_of(catalog, hit, &parsed)
            };
            let matched = index.matched_text(catalog, hit);
            match hit.field {
                Field::Alias(_) => {
                    spans.push(Span::styled(name.to_string(), base));
                    spans.push(Span::styled("  as ", base.patch(theme.dim())));
                    spans.extend(highlight(matched, &positions, base, theme));
                }
                Field::Summary | Field::Note(_) => {
                    spans.push(Span::styled(name.to_string(), base));
                    spans.push(Span::styled("  — ", base.patch(theme.dim())));
                    spans.extend(highlight(matched, &positions, base, theme));
                }
                Field::ReaderNote => {
                    spans.push(Span::styled(name.to_string(), base));
                    spans.push(Span::styled("  — in your note", base.patch(theme.dim())));
                }
                _ => spans.extend(highlight(name, &positions, base, theme)),
            }
            let doc = match hit.target {
                Target::Entity(entity) => entity.0,
                Target::Era(era) => catalog.entity_count() + era.0,
            };
            let reader_marks = self.reader.marks(doc as u32);
            if !reader_marks.is_empty() {
                spans.insert(
                    2,
                    Span::styled(format!("{reader_marks} "), base.patch(theme.accent())),
                );
            }
            // How the date answers the query's, and the words this result lacks: said
            // before the matched text is cut at the edge.
            let mut marks = Vec::new();
            match hit.date {
                Some(DateMatch::Overlaps) => marks.push("overlaps".to_string()),
                Some(DateMatch::Milestone) => marks.push("milestone".to_string()),
                _ => {}
            }
            let missing = self.outcome.missing(hit);
            if !missing.is_empty() {
                marks.push(format!("not found: {}", missing.join(", ")));
            }
            if !marks.is_empty() {
                let mark = format!(" [{}]", marks.join("; "));
                let room = (list.width as usize).saturating_sub(mark.width());
                spans = fit_spans(spans, room);
                spans.push(Span::styled(mark, base.patch(theme.dim())));
            }
            if selected {
                pad_row(&mut spans, base, list.width);
            }
            lines.push(Line::from(spans));
        }
        let fold_row = self.listed;
        if self.folded() > 0 && lines.len() < rows && fold_row >= self.results.offset {
            let selected = self.results.selected == fold_row;
            let base = if selected {
                theme.selected(true)
            } else {
                theme.dim()
            };
            let mut spans = vec![Span::styled(
                format!(
                    " ▸ {} weaker match{} — {} lists {}",
                    self.folded(),
                    if self.folded() == 1 { "" } else { "es" },
                    keymap.key_of(Scope::Search, "open_result"),
                    if self.folded() == 1 { "it" } else { "them" }
                ),
                base,
            )];
            if selected {
                pad_row(&mut spans, base, list.width);
            }
            lines.push(Line::from(spans));
        }
        if self.hits.is_empty() {
            lines.push(Line::from(Span::styled(
                format!(
                    "No matches. Try fewer letters or another kind ({}); {} lists the query \
                     syntax.",
                    keymap.key_of(Scope::Search, "next_kind"),
                    keymap.key_of(Scope::Search, "syntax"),
                ),
                theme.dim(),
            )));
        }
        frame.render_widget(Paragraph::new(lines), list);
    }

    /// The highlighted result at a glance: kind, date, era, summary, and the sentence
    /// where the query matched when that is not the summary.
    fn draw_preview(
        &self,
        frame: &mut Frame,
        (area, beside): (Rect, bool),
        catalog: &Catalog,
        theme: &Theme,
    ) {
        let block = if beside {
            Block::new()
                .borders(Borders::LEFT)
                .border_style(theme.border(false))
                .padding(Padding::horizontal(1))
        } else {
            Block::new()
                .borders(Borders::TOP)
                .border_style(theme.border(false))
                .title(Span::styled(" Preview ", theme.dim()))
        };
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let Some(hit) = self.selected() else {
            return;
        };
        let query = Query::parse(self.query());
        let mut lines: Vec<Line> = Vec::new();
        let (name, _, date) = target_text(catalog, hit.target);
        lines.push(Line::from(Span::styled(name.to_string(), theme.bold())));
        let (facts, summary, texts) = match hit.target {
            Target::Entity(entity_ix) => {
                let entity = catalog.entity(entity_ix);
                let mut facts = vec![crate::present::capitalise(entity.kind.as_str())];
                facts.extend((!date.is_empty()).then_some(date));
                facts.push(catalog.era_label(catalog.era_of(entity_ix)));
                let mut texts: Vec<&str> = vec![entity.description.as_str()];
                texts.extend(entity.external_facts.iter().map(String::as_str));
                (facts, entity.summary.as_str(), texts)
            }
            Target::Era(era_ix) => {
                let era = catalog.era(era_ix);
                (
                    vec!["Era".to_string(), date],
                    era.summary.as_str(),
                    Vec::new(),
                )
            }
        };
        lines.push(Line::from(Span::styled(facts.join(" · "), theme.dim())));
        lines.push(Line::from(""));
        lines.push(Line::from(self.words_highlighted(summary, &query, theme)));
        if let Some(sentence) = texts
            .iter()
            .filter_map(|text| best_sentence(text, &query))
            .max_by_key(|(count, _)| *count)
            .map(|(_, sentence)| sentence)
            .filter(|sentence: &String| !summary.contains(sentence.as_str()))
        {
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled("Where it matched:", theme.dim())));
            lines.push(Line::from(self.words_highlighted(&sentence, &query, theme)));
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
    }

    /// A text with the words the query asks for in the match style.
    fn words_highlighted(&self, text: &str, query: &Query, theme: &Theme) -> Vec<Span<'static>> {
        let positions = query_word_positions(text, query);
        highlight(text, &positions, Style::new(), theme)
    }
}

/// Keep the spans within `width` columns, cutting the last one with an ellipsis.
fn fit_spans(spans: Vec<Span<'static>>, width: usize) -> Vec<Span<'static>> {
    let mut out = Vec::new();
    let mut used = 0;
    for span in spans {
        let w = span.content.width();
        if used + w <= width {
            used += w;
            out.push(span);
            continue;
        }
        let cut = ellipsize(&span.content, width.saturating_sub(used));
        out.push(Span::styled(cut, span.style));
        break;
    }
    out
}

/// Character positions of the words in `text` that a query word (or another word for it)
/// names: whole words, or words starting with a query word of three letters or more.
fn query_word_positions(text: &str, query: &Query) -> Vec<usize> {
    let folded = crate::fold::fold(text);
    let wanted: Vec<&str> = query
        .terms
        .iter()
        .filter(|t| !t.filler)
        .flat_map(|t| {
            std::iter::once(t.literal.as_str())
                .chain(t.alternatives.iter().flatten().map(String::as_str))
        })
        .collect();
    let mut positions = Vec::new();
    let mut at = 0;
    for word in folded.text.split(|c: char| !c.is_alphanumeric()) {
        let chars = word.chars().count();
        let hit = !word.is_empty()
            && wanted
                .iter()
                .any(|w| *w == word || (w.chars().count() >= 3 && word.starts_with(w)));
        if hit {
            positions.extend(at..at + chars);
        }
        at += chars + 1;
    }
    folded.original_positions(&positions)
}

/// The sentence of a text holding the most query words, with how many it holds.
fn best_sentence(text: &str, query: &Query) -> Option<(usize, String)> {
    text.split_inclusive(['.', '!', '?'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|sentence| {
            let count = query_word_positions(sentence, query).len();
            (count, sentence.to_string())
        })
        .filter(|(count, _)| *count > 0)
        .max_by_key(|(count, _)| *count)
}

/// Spans of `text` with the characters at `positions` (char indices) highlighted.
pub fn highlight(
    text: &str,
    positions: &[usize],
    base: Style,
    theme: &Theme,
) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let mut current = String::new();
    let mut current_matched = false;
    let mut next = positions.iter().peekable();
    let style_of = |matched: bool| {
        if matched {
            base.patch(theme.matched())
        } else {
            base
        }
    };
    for (index, ch) in text.chars().enumerate() {
        let mut matched = next.peek() == Some(&&index);
        if matched {
            next.next();
        }
        // A combining mark stays with its base character, or the terminal would draw it
        // on its own.
        if unicode_width::UnicodeWidthChar::width(ch) == Some(0) && !current.is_empty() {
            matched = current_matched;
        }
        if matched != current_matched && !current.is_empty() {
            spans.push(Span::styled(
                std::mem::take(&mut current),
                style_of(current_matched),
            ));
        }
        current_matched = matched;
        current.push(ch);
    }
    if !current.is_empty() {
        spans.push(Span::styled(current, style_of(current_matched)));
    }
    spans
}

impl OverlayPane for SearchPrompt {
    fn scopes(&self) -> &'static [Scope] {
        &[Scope::Search, Scope::Edit]
    }
    fn label(&self) -> &'static str {
        " SEARCH "
    }
    fn takes_text(&self) -> bool {
        true
    }
    fn area(&self, _screen: Rect, body: Rect) -> Rect {
        SearchPrompt::area(body)
    }
    fn list_area(&self, area: Rect) -> Rect {
        SearchPrompt::list_area(self, area)
    }
    fn fit(&mut self, area: Rect) {
        SearchPrompt::fit(self, area);
    }
    fn update(&mut self, action: Action, context: &Context) -> Outcome {
        self.apply(action, context.index)
    }
    fn settle(&mut self, context: &Context) {
        SearchPrompt::settle(self, context.index);
    }
    fn draw(&self, frame: &mut Frame, area: Rect, context: &Context) {
        SearchPrompt::draw(
            self,
            frame,
            area,
            context.catalog,
            context.index,
            context.theme,
            context.keymap,
        );
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::load_embedded;
    use crate::search::Target;

    fn index() -> (Catalog, SearchIndex) {
        let catalog = Catalog::new(load_embedded().unwrap());
        let index = SearchIndex::new(&catalog);
        (catalog, index)
    }

    fn type_text(prompt: &mut SearchPrompt, index: &SearchIndex, text: &str) {
        for c in text.chars() {
            prompt.update(Action::Edit(Edit::Insert(c)), index);
        }
    }

    #[test]
    fn typing_requeries_and_enter_opens_the_selection() {
        let (catalog, index) = index();
        let mut prompt = SearchPrompt::open(&index);
        assert_eq!(
            prompt.hits.len(),
            index.len(),
            "an empty query lists everything"
        );
        type_text(&mut prompt, &index, "sorge");
        let first = prompt.hits[0].target;
        assert_eq!(
            first,
            Target::Entity(catalog.index_of("richard-sorge").unwrap())
        );
        prompt.update(Action::Move(Step::By(1)), &index);
        let second = prompt.hits[1].target;
        assert_eq!(
            prompt.update(Action::Activate, &index),
            Outcome::Open(second)
        );
        assert_eq!(prompt.update(Action::Cancel, &index), Outcome::Close);
    }

    #[test]
    fn kinds_cycle_both_ways_and_filter() {
        let (_, index) = index();
        let mut prompt = SearchPrompt::open(&index);
        prompt.update(Action::PrevKind, &index);
        assert_eq!(prompt.kind, Some(DocKind::Era));
        assert!(
            prompt
                .hits
                .iter()
                .all(|h| matches!(h.target, Target::Era(_)))
        );
        prompt.update(Action::NextKind, &index);
        assert_eq!(prompt.kind, None);
    }

    #[test]
    fn a_click_selects_then_opens_and_outside_closes() {
        let (_, index) = index();
        let mut prompt = SearchPrompt::open(&index);
        prompt.fit(Rect::new(0, 0, 80, 20));
        type_text(&mut prompt, &index, "treaty");
        assert_eq!(
            prompt.update(Action::ClickOverlay(Some(2)), &index),
            Outcome::Stay
        );
        assert_eq!(prompt.results.selected, 2);
        let chosen = prompt.hits[2].target;
        assert_eq!(
            prompt.update(Action::ClickOverlay(Some(2)), &index),
            Outcome::Open(chosen)
        );
        assert_eq!(prompt.update(Action::ClickOutside, &index), Outcome::Close);
    }

    #[test]
    fn nothing_found_offers_names_and_a_long_paste_is_cut_and_said() {
        let (_, index) = index();
        let mut prompt = SearchPrompt::open(&index);
        type_text(&mut prompt, &index, "gorbqqqqv zzz");
        assert!(prompt.suggested && !prompt.hits.is_empty());
        let mut prompt = SearchPrompt::open(&index);
        type_text(&mut prompt, &index, &"a".repeat(MAX_QUERY + 40));
        assert_eq!(prompt.query().chars().count(), MAX_QUERY);
        assert!(prompt.problem.as_deref().is_some_and(|p| p.contains("cut")));
    }

    #[test]
    fn the_list_sits_under_the_header_and_one_lower_for_suggestions() {
        let (_, index) = index();
        let mut prompt = SearchPrompt::open(&index);
        let area = Rect::new(2, 3, 60, 20);
        // Narrow: the preview takes the lower rows (15 rows: 9 for the list, 6 for it).
        assert_eq!(
            SearchPrompt::split(area, false),
            (Rect::new(3, 7, 58, 9), Some(Rect::new(3, 16, 58, 6)))
        );
        assert_eq!(prompt.list_area(area), Rect::new(3, 7, 58, 9));
        type_text(&mut prompt, &index, "gorbqqqqv zzz");
        assert_eq!(prompt.list_area(area), Rect::new(3, 8, 58, 9));
        // Too low for a preview: the list keeps every row.
        assert_eq!(
            SearchPrompt::split(Rect::new(0, 0, 60, 12), false),
            (Rect::new(1, 4, 58, 7), None)
        );
        // From 100 columns the preview sits beside the list.
        let (list, preview) = SearchPrompt::split(Rect::new(0, 0, 120, 30), false);
        let preview = preview.unwrap();
        assert_eq!((list.y, list.height), (preview.y, preview.height));
        assert_eq!(list.x + list.width, preview.x);
    }

    #[test]
    fn weaker_matches_fold_into_a_row_that_enter_opens() {
        let (_, index) = index();
        let mut prompt = SearchPrompt::open(&index);
        type_text(&mut prompt, &index, "neutrality pact");
        let folded = prompt.folded();
        assert!(folded > 0, "pact's synonyms and partial matches fold");
        assert_eq!(prompt.results.len, prompt.listed + 1, "the fold row");
        prompt.update(Action::Move(Step::Bottom), &index);
        assert_eq!(prompt.selected(), None, "the fold row is no result");
        assert_eq!(prompt.update(Action::Activate, &index), Outcome::Stay);
        assert_eq!(prompt.folded(), 0);
        assert_eq!(prompt.listed, prompt.hits.len());
        assert!(
            prompt.selected().is_some(),
            "the first weaker match is selected"
        );
        // Typing again folds again.
        type_text(&mut prompt, &index, " ");
        type_text(&mut prompt, &index, "1941");
        assert!(prompt.listed <= prompt.hits.len());
    }

    #[test]
    fn the_preview_names_kind_date_era_and_where_it_matched() {
        use ratatui::{Terminal, backend::TestBackend};
        let (catalog, index) = index();
        let mut prompt = SearchPrompt::open(&index);
        type_text(&mut prompt, &index, "treaty shimoda");
        for (width, height) in [(120, 40), (80, 24)] {
            let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
            let theme = Theme::default();
            terminal
                .draw(|frame| {
                    let area = frame.area();
                    prompt.draw(frame, area, &catalog, &index, &theme, &Keymap::default());
                })
                .unwrap();
            let screen: String = terminal
                .backend()
                .buffer()
                .content()
                .iter()
                .map(|cell| cell.symbol())
                .collect();
            assert!(
                screen.contains("Treaty · 7 February 1855 · Imperial"),
                "{width}: {screen}"
            );
            // Room for the matched sentence beside the list; under it, the first rows.
            assert_eq!(
                screen.contains("Where it matched:"),
                width >= 100,
                "{width}: {screen}"
            );
        }
    }
}
