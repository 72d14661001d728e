//! The search overlay: a line editor for the query, the kind filter, the results list
//! (or "did you mean" names when nothing matches), its keys, area and drawing.

use super::action::{Action, Edit, Outcome, Step};
use super::line_editor::LineEditor;

use super::paint::{ellipsize, pad_row, pane_block};
use super::theme::Theme;
use super::viewport::Viewport;
use crate::dataset::Catalog;
use crate::model::Kind;
use crate::present::target_text;
use crate::search::{DocKind, Field, Hit, Query, SearchIndex, Searcher};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
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
    /// The results list: selection and scrolling.
    pub results: Viewport,
    searcher: Searcher,
    /// The query changed since the last search (a batch of typed or pasted characters is
    /// searched once, when it has all arrived).
    stale: bool,
}

impl SearchPrompt {
    /// An empty prompt: everything, in time order.
    pub fn open(index: &SearchIndex) -> SearchPrompt {
        let mut prompt = SearchPrompt {
            editor: LineEditor::with_limit(MAX_QUERY),
            kind: None,
            hits: Vec::new(),
            suggested: false,
            problem: None,
            results: Viewport::default(),
            searcher: Searcher::default(),
            stale: false,
        };
        prompt.requery(index);
        prompt
    }

    pub fn query(&self) -> &str {
        self.editor.text()
    }

    /// The selected result (or suggestion).
    pub fn selected(&self) -> Option<&Hit> {
        self.hits.get(self.results.selected)
    }

    /// Centred over the panes.
    pub fn area(body: Rect) -> Rect {
        let width = body.width.saturating_sub(4).clamp(20, 110).min(body.width);
        let height = body.height.saturating_sub(2).clamp(5, 30).min(body.height);
        Rect::new(
            body.x + (body.width.saturating_sub(width)) / 2,
            body.y + (body.height.saturating_sub(height)) / 2,
            width,
            height,
        )
    }

    /// The rows of the results list inside `area` (one lower under "Did you mean:").
    pub fn list_area(&self, area: Rect) -> Rect {
        let skip = HEADER_LINES + u16::from(self.suggested);
        let inner = Rect::new(
            area.x + 1,
            area.y + 1,
            area.width.saturating_sub(2),
            area.height.saturating_sub(2),
        );
        Rect::new(
            inner.x,
            inner.y + skip.min(inner.height),
            inner.width,
            inner.height.saturating_sub(skip),
        )
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
        let results = self.searcher.search(index, self.editor.text(), self.kind);
        self.problem = results.problems.into_iter().next();
        if self.editor.is_full() {
            self.problem = Some(format!("the query is cut at {MAX_QUERY} characters"));
        }
        self.suggested = results.hits.is_empty();
        self.hits = if self.suggested {
            let kind = self.kind;
            index
                .suggest(self.editor.text(), SUGGESTIONS)
                .into_iter()
                .filter(|&target| kind.is_none_or(|k| index.kind_of(target) == k))
                .map(Hit::named)
                .collect()
        } else {
            results.hits
        };
        self.results.set_len(self.hits.len());
        self.results.select(0);
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
                return match self.selected() {
                    Some(hit) => Outcome::Open(hit.target),
                    None => Outcome::Close,
                };
            }
            Action::ClickOverlay(Some(row)) => {
                let index = self.results.offset + row;
                if index < self.hits.len() {
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
    ) {
        if area.width < 3 || area.height < 3 {
            return;
        }
        frame.render_widget(Clear, area);
        let block = pane_block(" Search ".to_string(), true, theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let prompt = "/ ";
        let mut lines = vec![Line::from(vec![
            Span::styled(prompt, theme.accent().patch(theme.bold())),
            Span::raw(self.query().to_string()),
        ])];
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
        let count = if self.suggested {
            format!("No matches for '{}'.", ellipsize(self.query().trim(), 30))
        } else {
            format!(
                "{} result{}",
                self.hits.len(),
                if self.hits.len() == 1 { "" } else { "s" }
            )
        };
        let mut status = vec![Span::styled(count, theme.dim())];
        if let Some(problem) = &self.problem {
            status.push(Span::styled(format!("  {problem}"), theme.warning()));
        }
        lines.push(Line::from(status));
        if self.suggested && !self.hits.is_empty() {
            lines.push(Line::from(Span::styled("Did you mean:", theme.dim())));
        }
        let rows = self.list_area(area).height as usize;
        // Parsed once for all the rows' highlights.
        let parsed = Query::parse(self.query());
        let visible: Vec<(usize, &Hit)> = self
            .hits
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
            .min(inner.width as usize / 4);
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
                _ => spans.extend(highlight(name, &positions, base, theme)),
            }
            if selected {
                pad_row(&mut spans, base, inner.width);
            }
            lines.push(Line::from(spans));
        }
        if self.hits.is_empty() {
            lines.push(Line::from(Span::styled(
                "No matches. Try fewer letters or another kind; ? lists the query syntax.",
                theme.dim(),
            )));
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }
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
        assert_eq!(prompt.list_area(area), Rect::new(3, 7, 58, 15));
        type_text(&mut prompt, &index, "gorbqqqqv zzz");
        assert_eq!(prompt.list_area(area), Rect::new(3, 8, 58, 14));
    }
}
