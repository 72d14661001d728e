//! An era's page, over the panes: its span and how long it lasted, its whole summary, its
//! sources, how many entries of each kind it holds, its key entries (the most linked
//! first; Enter opens the chosen one as a search result opens) and the borders standing
//! at its start. One file: its state, keys, area and drawing.

use super::action::{Action, Outcome, Step};
use super::keymap::{Keymap, Scope};
use super::overlay::{Context, OverlayPane};
use super::paint::{ellipsize, highlight_row, pane_block};
use super::text::wrap;
use super::theme::Theme;
use super::viewport::Viewport;
use crate::dataset::{Catalog, EntityIx, EraIx, era_years};
use crate::model::Kind;
use crate::search::Target;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

/// How many of the era's entries the page lists as key entries.
pub const KEY_ENTRIES: usize = 12;

/// How a line of the page stands out; each maps to a theme style when drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Look {
    /// The span: years and how long.
    Span,
    Plain,
    Quiet,
    Heading,
    /// Key entry `n` (0 is the most linked).
    Entry(usize),
}

pub struct EraPage {
    pub era: EraIx,
    /// The key entries: the era's entities with the most links (in and out) first, then
    /// in time order.
    pub entries: Vec<EntityIx>,
    /// The chosen key entry.
    pub chosen: usize,
    /// The window over the page's wrapped lines.
    pub view: Viewport,
    /// The page before wrapping: one paragraph a piece.
    paras: Vec<(String, Look)>,
    /// The page wrapped to the overlay's width (`fit`), and where each entry's line is.
    lines: Vec<(String, Look)>,
    entry_lines: Vec<usize>,
    width: usize,
}

/// The era's entities, the most linked first (links made and received), then by date
/// (undated last), then by name.
pub fn entities_by_links(catalog: &Catalog, era: EraIx) -> Vec<EntityIx> {
    let mut entities: Vec<EntityIx> = catalog
        .entity_indices()
        .filter(|&e| catalog.era_of(e) == era)
        .collect();
    entities.sort_by_cached_key(|&e| {
        let links = catalog.outgoing(e).len() + catalog.incoming(e).len();
        let date = catalog.date(e);
        (
            std::cmp::Reverse(links),
            date.is_none(),
            date,
            catalog.entity(e).name.clone(),
        )
    });
    entities
}

/// "1946–1960 · 14 years", "2000–present · ongoing".
pub fn span_text(catalog: &Catalog, era: EraIx) -> String {
    let era = catalog.era(era);
    let length = match &era.end {
        Some(end) => {
            let years = end.year().saturating_sub(era.start.year()).max(0);
            if years == 1 {
                "1 year".to_string()
            } else {
                format!("{years} years")
            }
        }
        None => "ongoing".to_string(),
    };
    format!("{} · {length}", era_years(era))
}

/// "14 events · 3 treaties · 1 person · 26 in all".
pub fn counts_text(catalog: &Catalog, entities: &[EntityIx]) -> String {
    let mut parts: Vec<String> = Kind::ALL
        .iter()
        .filter_map(|&kind| {
            let count = entities
                .iter()
                .filter(|&&e| catalog.kind(e) == kind)
                .count();
            match count {
                0 => None,
                1 => Some(format!("1 {}", kind.as_str())),
                n => Some(format!("{n} {}", kind.plural().to_lowercase())),
            }
        })
        .collect();
    if parts.is_empty() {
        return "No entries in this era.".to_string();
    }
    parts.push(format!("{} in all", entities.len()));
    parts.join(" · ")
}

/// One key entry: its name, then (after a tab) its kind, date and number of links.
fn entry_text(catalog: &Catalog, entity: EntityIx) -> String {
    let links = catalog.outgoing(entity).len() + catalog.incoming(entity).len();
    let shown = catalog.entity(entity);
    let date = shown
        .date
        .map(|d| format!(" · {}", d.compact()))
        .unwrap_or_default();
    let links = if links == 1 {
        "1 link".to_string()
    } else {
        format!("{links} links")
    };
    format!(" {}\t{}{date} · {links}", shown.name, shown.kind.as_str())
}

/// A key entry's line `width` columns wide: the name, cut to leave its facts room, then
/// the facts (cut last).
fn entry_line(entry: &str, width: usize) -> String {
    let (name, facts) = entry.split_once('\t').unwrap_or((entry, ""));
    let facts = format!(" · {facts}");
    let room = width.saturating_sub(facts.width()).max(width.min(16));
    let name = ellipsize(name, room);
    let rest = width.saturating_sub(name.width());
    format!("{name}{}", ellipsize(&facts, rest))
}

/// The page's paragraphs, top to bottom.
fn page_paras(catalog: &Catalog, era: EraIx, all: &[EntityIx], keys: usize) -> Vec<(String, Look)> {
    let shown = catalog.era(era);
    let mut paras = vec![(span_text(catalog, era), Look::Span)];
    let section = |paras: &mut Vec<(String, Look)>, heading: String| {
        paras.push((String::new(), Look::Plain));
        paras.push((heading, Look::Heading));
    };
    if !shown.summary.trim().is_empty() {
        paras.push((String::new(), Look::Plain));
        paras.push((shown.summary.clone(), Look::Plain));
    }
    if !shown.sources.is_empty() {
        section(&mut paras, "Sources".to_string());
        for para in crate::present::source_paras(&shown.sources) {
            paras.push((para.marked_text(), Look::Quiet));
        }
    }
    if let Some(references) = crate::present::references_section(catalog.meta(), &shown.sources) {
        section(&mut paras, crate::present::REFERENCES_HEADING.to_string());
        for para in &references.paras {
            paras.push((para.marked_text(), Look::Quiet));
        }
    }
    section(&mut paras, "Entries".to_string());
    paras.push((counts_text(catalog, all), Look::Plain));
    if keys > 0 {
        section(
            &mut paras,
            format!("Key entries · {keys} of {}, most linked first", all.len()),
        );
        for (n, &entity) in all.iter().take(keys).enumerate() {
            paras.push((entry_text(catalog, entity), Look::Entry(n)));
        }
    }
    section(
        &mut paras,
        format!("Borders at its start ({})", shown.start.compact()),
    );
    let borders = super::map::standing_borders(catalog, Some(shown.start));
    if borders.is_empty() {
        paras.push(("None in the dataset.".to_string(), Look::Quiet));
    }
    for border in &borders {
        let end = border
            .to
            .map_or_else(|| "present".to_string(), |d| d.compact());
        let mark = if border.external { "* " } else { "• " };
        let text = format!("{mark}{} · {}–{end}", border.name, border.from.compact());
        paras.push((text, Look::Plain));
    }
    if borders.iter().any(|b| b.external) {
        paras.push((
            "* drawn from general knowledge, not the source".to_string(),
            Look::Quiet,
        ));
    }
    if !shown.external_facts.is_empty() {
        section(&mut paras, "Not from the source".to_string());
        for fact in &shown.external_facts {
            paras.push((format!("* {fact}"), Look::Quiet));
        }
    }
    paras
}

/// The page as plain paragraphs, key entries numbered from 1, and the key entries (for
/// plain mode's `page`).
pub fn page_text(catalog: &Catalog, era: EraIx) -> (Vec<String>, Vec<EntityIx>) {
    let all = entities_by_links(catalog, era);
    let keys = all.len().min(KEY_ENTRIES);
    let paras = page_paras(catalog, era, &all, keys)
        .into_iter()
        .map(|(text, look)| match look {
            Look::Entry(n) => format!("{}. {}", n + 1, text.trim().replace('\t', " — ")),
            _ => text,
        })
        .collect();
    (paras, all.into_iter().take(keys).collect())
}

impl EraPage {
    pub fn new(catalog: &Catalog, era: EraIx) -> EraPage {
        let all = entities_by_links(catalog, era);
        let keys = all.len().min(KEY_ENTRIES);
        let paras = page_paras(catalog, era, &all, keys);
        EraPage {
            era,
            entries: all.into_iter().take(keys).collect(),
            chosen: 0,
            view: Viewport::default(),
            paras,
            lines: Vec::new(),
            entry_lines: Vec::new(),
            width: 0,
        }
    }

    /// The page's lines as wrapped for the last `fit` (empty before it).
    pub fn lines(&self) -> impl Iterator<Item = &str> {
        self.lines.iter().map(|(text, _)| text.as_str())
    }

    /// Centred over the panes, at most 100 columns wide.
    pub fn area(body: Rect) -> Rect {
        super::overlay::centred(body, 100, u16::MAX)
    }

    /// The page's text inside `area` (below the one line of keys).
    pub fn text_area(area: Rect) -> Rect {
        super::overlay::below_key_line(area)
    }

    /// Wrap the page to the area's width (when it changed) and take its height.
    pub fn fit(&mut self, area: Rect) {
        let text = Self::text_area(area);
        let width = usize::from(text.width).max(1);
        if width != self.width || self.lines.is_empty() {
            self.width = width;
            self.lines.clear();
            self.entry_lines.clear();
            for (para, look) in &self.paras {
                if let Look::Entry(_) = look {
                    self.entry_lines.push(self.lines.len());
                    self.lines.push((entry_line(para, width), *look));
                    continue;
                }
                for line in wrap(para, width) {
                    self.lines.push((line, *look));
                }
            }
        }
        self.view.set_len(self.lines.len());
        self.view.set_height(usize::from(text.height).max(1));
    }

    /// j and k: the next or previous key entry while the chosen one is on screen, else
    /// (and past either end of the list) scroll the page a line.
    fn step_entry(&mut self, delta: isize) {
        let on_screen = self
            .entry_lines
            .get(self.chosen)
            .is_some_and(|line| self.view.visible().contains(line));
        let next = self.chosen.checked_add_signed(delta);
        match next.filter(|&n| on_screen && n < self.entries.len()) {
            Some(next) => {
                self.chosen = next;
                self.view.selected = self.entry_lines.get(next).copied().unwrap_or(0);
                self.view.keep_in_view(0);
            }
            None => self.view.scroll(Step::By(delta)),
        }
    }

    fn open_chosen(&self) -> Outcome {
        match self.entries.get(self.chosen) {
            Some(&entity) => Outcome::Open(Target::Entity(entity)),
            None => Outcome::Stay,
        }
    }

    pub fn update(&mut self, action: Action) -> Outcome {
        match action {
            Action::Move(Step::By(delta)) => self.step_entry(delta),
            Action::Move(step) => self.view.scroll(step),
            Action::Wheel { down, .. } => self.view.scroll(Step::By(if down { 3 } else { -3 })),
            Action::Activate => return self.open_chosen(),
            Action::ClickOverlay(Some(row)) => {
                let line = self.view.offset + row;
                if let Some(n) = self.entry_lines.iter().position(|&l| l == line) {
                    if n == self.chosen {
                        return self.open_chosen();
                    }
                    self.chosen = n;
                }
            }
            Action::Cancel | Action::OpenEraPage | Action::ClickOutside => return Outcome::Close,
            _ => {}
        }
        Outcome::Stay
    }

    pub fn draw(
        &self,
        frame: &mut Frame,
        area: Rect,
        catalog: &Catalog,
        theme: &Theme,
        keymap: &Keymap,
    ) {
        if area.width < 10 || area.height < 4 {
            return;
        }
        frame.render_widget(Clear, area);
        let name = catalog
            .eras()
            .get(self.era.0)
            .map_or("", |e| e.name.as_str());
        let title = format!(" Era {} · {name} ", self.era.0 + 1);
        let block = pane_block(title, true, theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let key = |name| keymap.key_of(Scope::EraPage, name);
        let help = if self.entries.is_empty() {
            format!("{} closes", key("close_era_page"))
        } else {
            format!(
                "{}/{} choose · {} opens · {} closes",
                key("next_entry"),
                key("previous_entry"),
                key("open_entry"),
                key("close_era_page")
            )
        };
        frame.render_widget(
            Paragraph::new(Line::styled(
                ellipsize(&help, usize::from(inner.width)),
                theme.dim(),
            )),
            Rect::new(inner.x, inner.y, inner.width, 1),
        );
        let text = Self::text_area(area);
        let lines: Vec<Line> = self
            .lines
            .iter()
            .skip(self.view.offset)
            .take(usize::from(text.height))
            .map(|(line, look)| self.styled(line, *look, text.width, theme))
            .collect();
        frame.render_widget(Paragraph::new(lines), text);
    }

    fn styled(&self, line: &str, look: Look, width: u16, theme: &Theme) -> Line<'static> {
        let style: Style = match look {
            Look::Span => theme.bold(),
            Look::Plain => theme.text(),
            Look::Quiet => theme.dim(),
            Look::Heading => theme.section(),
            Look::Entry(n) if n == self.chosen => {
                let mut spans = vec![Span::raw(line.to_string())];
                highlight_row(&mut spans, theme.selected(true), width);
                return Line::from(spans);
            }
            Look::Entry(_) => theme.text(),
        };
        Line::from(Span::styled(line.to_string(), style))
    }
}

impl OverlayPane for EraPage {
    fn scopes(&self) -> &'static [Scope] {
        &[Scope::EraPage]
    }
    fn label(&self) -> &'static str {
        " ERA "
    }
    fn area(&self, _screen: Rect, body: Rect) -> Rect {
        EraPage::area(body)
    }
    fn list_area(&self, area: Rect) -> Rect {
        EraPage::text_area(area)
    }
    fn fit(&mut self, area: Rect) {
        EraPage::fit(self, area);
    }
    fn update(&mut self, action: Action, _context: &Context) -> Outcome {
        EraPage::update(self, action)
    }
    fn draw(&self, frame: &mut Frame, area: Rect, context: &Context) {
        EraPage::draw(
            self,
            frame,
            area,
            context.catalog,
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

    fn catalog() -> Catalog {
        Catalog::new(crate::dataset::load_embedded().unwrap())
    }

    #[test]
    fn the_page_says_span_summary_sources_counts_key_entries_and_borders() {
        let catalog = catalog();
        let era = catalog.era_index_of("restoration").unwrap();
        let mut page = EraPage::new(&catalog, era);
        page.fit(Rect::new(0, 0, 60, 30));
        let text: Vec<&str> = page.lines().collect();
        let all = text.join(" ");
        assert_eq!(text[0], "1946–1960 · 14 years");
        // The whole summary, wrapped to the page's width.
        let summary: String = text
            .iter()
            .skip(2)
            .take_while(|l| !l.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(
            summary,
            catalog
                .era(era)
                .summary
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        );
        assert!(
            text.iter()
                .all(|l| unicode_width::UnicodeWidthStr::width(*l) <= 58)
        );
        for needle in [
            "Sources",
            "• 1946–1960: Restoration of relations",
            "Entries",
            "Key entries",
            "most linked first",
            "Borders at its start (1946)",
            " in all",
        ] {
            assert!(all.contains(needle), "{needle} missing:\n{all}");
        }
        // Key entries: most linked first.
        let links = |e: EntityIx| catalog.outgoing(e).len() + catalog.incoming(e).len();
        assert!(!page.entries.is_empty() && page.entries.len() <= KEY_ENTRIES);
        assert!(page.entries.windows(2).all(|w| links(w[0]) >= links(w[1])));
        assert!(page.entries.iter().all(|&e| catalog.era_of(e) == era));
        // The borders are the map's for the era's start.
        let borders = crate::ui::map::standing_borders(&catalog, Some(catalog.era(era).start));
        assert!(!borders.is_empty());
        for border in borders {
            assert!(
                all.contains(&border.name),
                "{} missing:\n{all}",
                border.name
            );
        }
    }

    #[test]
    fn keys_choose_open_scroll_and_close() {
        let catalog = catalog();
        let era = catalog.era_index_of("restoration").unwrap();
        let mut page = EraPage::new(&catalog, era);
        page.fit(Rect::new(0, 0, 100, 60));
        assert_eq!(
            page.update(Action::Activate),
            Outcome::Open(Target::Entity(page.entries[0]))
        );
        page.update(Action::Move(Step::By(1)));
        assert_eq!(page.chosen, 1);
        assert_eq!(
            page.update(Action::Activate),
            Outcome::Open(Target::Entity(page.entries[1]))
        );
        page.update(Action::Move(Step::By(-1)));
        page.update(Action::Move(Step::By(-1)));
        assert_eq!(page.chosen, 0, "k at the first entry scrolls instead");
        // In a short window, j first scrolls the entries into view, then chooses.
        let mut page = EraPage::new(&catalog, era);
        page.fit(Rect::new(0, 0, 60, 8));
        let first_entry = page.entry_lines[0];
        while !page.view.visible().contains(&first_entry) {
            let offset = page.view.offset;
            page.update(Action::Move(Step::By(1)));
            assert_eq!(page.chosen, 0);
            assert_eq!(page.view.offset, offset + 1);
        }
        page.update(Action::Move(Step::By(1)));
        assert_eq!(page.chosen, 1);
        assert!(page.view.visible().contains(&page.entry_lines[1]));
        // Past the last entry, j scrolls to the borders.
        for _ in 0..200 {
            page.update(Action::Move(Step::By(1)));
        }
        assert_eq!(page.chosen, page.entries.len() - 1);
        assert_eq!(page.view.offset, page.lines.len() - page.view.height);
        for close in [Action::Cancel, Action::OpenEraPage, Action::ClickOutside] {
            assert_eq!(page.update(close), Outcome::Close);
        }
    }

    #[test]
    fn every_era_and_tiny_areas_are_safe() {
        let catalog = catalog();
        for era in catalog.era_indices() {
            let mut page = EraPage::new(&catalog, era);
            for (w, h) in [
                (0, 0),
                (1, 1),
                (5, 3),
                (10, 4),
                (24, 6),
                (80, 24),
                (250, 80),
            ] {
                page.fit(Rect::new(0, 0, w, h));
                for action in [
                    Action::Move(Step::By(1)),
                    Action::Move(Step::Bottom),
                    Action::ClickOverlay(Some(3)),
                    Action::Move(Step::By(-1)),
                ] {
                    page.update(action);
                }
                let mut terminal =
                    ratatui::Terminal::new(ratatui::backend::TestBackend::new(w.max(1), h.max(1)))
                        .unwrap();
                terminal
                    .draw(|frame| {
                        page.draw(
                            frame,
                            frame.area(),
                            &catalog,
                            &Theme::default(),
                            &Keymap::default(),
                        )
                    })
                    .unwrap();
            }
        }
        assert_eq!(
            span_text(&catalog, EraIx(catalog.eras().len() - 1)),
            "2000–present · ongoing"
        );
    }
}
