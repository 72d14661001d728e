//! Text for the details and links panes, built once per entity and width (not per frame),
//! from the presentation's sections (`present.rs`): the same order and wording as
//! `nisso show`, as styled, wrapped lines, with the explorer's own hints.

use super::action::LinkRow;
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

/// The details pane's text for an entity, wrapped to `width` columns. Links have their
/// own pane, so their section is left out here.
pub fn details_lines(
    catalog: &Catalog,
    index: EntityIx,
    width: usize,
    theme: &Theme,
    saved: &crate::store::Saved,
) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let id = catalog.id(index);
    for section in present::entity_sections(catalog, index) {
        if section.kind == SectionKind::Links {
            continue;
        }
        if let Some(heading) = section.heading {
            out.push(Line::default());
            out.push(Line::from(Span::styled(
                heading.to_string(),
                theme.section(),
            )));
        } else if section.kind != SectionKind::Header {
            out.push(Line::default());
        }
        // What the explorer can do with this section.
        let hint = match section.kind {
            SectionKind::Figures if !super::chart::series_of(catalog, index).is_empty() => {
                Some("Press c to chart these figures by year.")
            }
            SectionKind::Location
                if catalog
                    .entity(index)
                    .coords
                    .is_some_and(|c| super::map::BOUNDS.contains(&c)) =>
            {
                Some("Press m to see it on the map.")
            }
            SectionKind::Disagreements => {
                Some("Press d for the next entry where sources disagree.")
            }
            _ => None,
        };
        if let Some(hint) = hint {
            push_wrapped(&mut out, hint, width, theme.dim());
        }
        for para in &section.paras {
            let style = match para.tone {
                Tone::Title => theme.bold(),
                Tone::Plain => theme.text(),
                Tone::Quiet => theme.dim(),
                Tone::Emphasis => theme.emphasis(),
            };
            push_wrapped(&mut out, &para.text, width, style);
        }
        // The reader's own: right under the header, before the dataset's text.
        if section.kind == SectionKind::Header {
            if saved.is_bookmarked(id) {
                push_wrapped(
                    &mut out,
                    "★ Bookmarked (b removes it)",
                    width,
                    theme.accent(),
                );
            }
            if let Some(note) = saved.note(id) {
                let note = crate::sanitize::cells(note);
                push_wrapped(
                    &mut out,
                    &format!("✎ Your note: {note}"),
                    width,
                    theme.accent(),
                );
            }
        }
    }
    out
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
