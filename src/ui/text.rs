//! Text for the details and links panes, built once per entity and width (not per frame),
//! from the presentation's sections (`present.rs`): the same order and wording as
//! `nisso show`, as styled, wrapped lines, with the explorer's own hints.

use super::action::LinkRow;
use super::keymap::{Keymap, Scope};
use super::theme::Theme;
use crate::dataset::{Catalog, EntityIx};
use crate::present::{self, SectionKind, Tone};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Rows of the links pane: each group's heading, then its links.
pub fn link_rows(catalog: &Catalog, entity: EntityIx) -> Vec<LinkRow> {
    let mut rows = Vec::new();
    for (kind, items) in present::link_groups(catalog, entity) {
        rows.push(LinkRow::Heading(kind));
        rows.extend(items.into_iter().map(|item| LinkRow::Link {
            entity: item.entity,
            label: item.label,
            incoming: item.incoming,
            external: item.external,
        }));
    }
    rows
}

/// Word-wrap to a display width; words longer than a line are broken.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_width = 0;
        for word in paragraph.split_whitespace() {
            let word_width = word.width();
            let gap = usize::from(line_width > 0);
            if line_width + gap + word_width <= width {
                if gap == 1 {
                    line.push(' ');
                }
                line.push_str(word);
                line_width += gap + word_width;
                continue;
            }
            if line_width > 0 {
                lines.push(std::mem::take(&mut line));
                line_width = 0;
            }
            for ch in word.chars() {
                let w = ch.width().unwrap_or(0);
                if line_width + w > width && line_width > 0 {
                    lines.push(std::mem::take(&mut line));
                    line_width = 0;
                }
                line.push(ch);
                line_width += w;
            }
        }
        lines.push(line);
    }
    lines
}

fn push_wrapped(out: &mut Vec<Line<'static>>, text: &str, width: usize, style: Style) {
    for line in wrap(text, width) {
        out.push(Line::from(Span::styled(line, style)));
    }
}

/// What the details pane's text needs besides the entity.
pub struct DetailsContext<'a> {
    pub catalog: &'a Catalog,
    pub theme: &'a Theme,
    pub saved: &'a crate::store::Saved,
    /// The keys in use, for the hints that name them.
    pub keymap: &'a Keymap,
}

/// The details pane's text for an entity, wrapped to `width` columns. Links have their
/// own pane, so their section is left out here.
pub fn details_lines(
    context: &DetailsContext,
    index: EntityIx,
    width: usize,
) -> Vec<Line<'static>> {
    let mut details = DetailsText {
        context,
        index,
        width,
        out: Vec::new(),
    };
    present::walk(
        &present::entity_sections(context.catalog, index),
        &mut details,
    );
    details.out
}

struct DetailsText<'a> {
    context: &'a DetailsContext<'a>,
    index: EntityIx,
    width: usize,
    out: Vec<Line<'static>>,
}

impl DetailsText<'_> {
    fn push(&mut self, text: &str, style: Style) {
        push_wrapped(&mut self.out, text, self.width, style);
    }

    /// What the explorer can do with a section, naming the key in use.
    fn hint(&self, kind: SectionKind) -> Option<String> {
        let DetailsContext {
            catalog, keymap, ..
        } = self.context;
        let key = |name| keymap.key_of(Scope::Browse, name);
        let entity = catalog.entity(self.index);
        match kind {
            SectionKind::Figures if !super::chart::series_of(catalog, self.index).is_empty() => {
                Some(format!(
                    "Press {} to chart these figures by year.",
                    key("chart")
                ))
            }
            SectionKind::Location
                if entity
                    .coords
                    .is_some_and(|c| super::map::BOUNDS.contains(&c)) =>
            {
                Some(format!("Press {} to see it on the map.", key("map")))
            }
            SectionKind::Disagreements => Some(format!(
                "Press {} for the next entry where sources disagree.",
                key("next_disputed")
            )),
            _ => None,
        }
    }
}

impl present::Renderer for DetailsText<'_> {
    fn shows(&self, kind: SectionKind) -> bool {
        kind != SectionKind::Links
    }

    fn heading(&mut self, heading: &str) {
        self.out.push(Line::default());
        let style = self.context.theme.section();
        self.out
            .push(Line::from(Span::styled(heading.to_string(), style)));
    }

    fn gap(&mut self) {
        self.out.push(Line::default());
    }

    fn section_start(&mut self, kind: SectionKind) {
        if let Some(hint) = self.hint(kind) {
            self.push(&hint, self.context.theme.dim());
        }
    }

    fn para(&mut self, _: SectionKind, para: &present::Para) {
        let theme = self.context.theme;
        let style = match para.tone {
            Tone::Title => theme.bold(),
            Tone::Plain => theme.text(),
            Tone::Quiet => theme.dim(),
            Tone::Emphasis => theme.emphasis(),
        };
        self.push(&para.marked_text(), style);
    }

    fn section_end(&mut self, kind: SectionKind) {
        // The reader's own: right under the header, before the dataset's text.
        if kind != SectionKind::Header {
            return;
        }
        let DetailsContext {
            catalog,
            theme,
            saved,
            keymap,
        } = self.context;
        let id = catalog.id(self.index);
        if saved.is_bookmarked(id) {
            let text = format!(
                "★ Bookmarked ({} removes it)",
                keymap.key_of(Scope::Browse, "bookmark")
            );
            self.push(&text, theme.accent());
        }
        if let Some(note) = saved.note(id) {
            self.push(
                &format!(
                    "✎ Your note ({} edits it):",
                    keymap.key_of(Scope::Browse, "note")
                ),
                theme.accent(),
            );
            for line in note.lines() {
                let line = crate::sanitize::cells(line);
                self.push(&format!("  {line}"), theme.text());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::wrap;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn wraps_by_display_width_including_wide_characters() {
        let lines = wrap("小渕恵三 Keizō Obuchi prime minister", 10);
        assert!(lines.iter().all(|l| l.width() <= 10), "{lines:?}");
        assert_eq!(lines[0], "小渕恵三");
        let lines = wrap("Supercalifragilistic", 5);
        assert!(lines.iter().all(|l| l.width() <= 5));
    }
}
