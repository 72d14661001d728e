//! Text for the details and links panes, built once per entity and width (not per frame).

use super::action::LinkRow;
use super::theme::Theme;
use crate::cli::{capitalise, figure_text};
use crate::dataset::Catalog;
use crate::model::Kind;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Order of link groups in the links pane.
pub const LINK_GROUPS: [Kind; 5] = [
    Kind::Person,
    Kind::Treaty,
    Kind::Place,
    Kind::Event,
    Kind::Organisation,
];

/// Links of an entity in both directions, grouped by the other entity's kind.
pub fn link_rows(catalog: &Catalog, entity: usize) -> Vec<LinkRow> {
    let mut all: Vec<(usize, &'static str, bool)> = Vec::new();
    for link_ref in catalog.outgoing(entity) {
        all.push((
            link_ref.target,
            catalog.link(*link_ref).rel.forward_label(),
            false,
        ));
    }
    for link_ref in catalog.incoming(entity) {
        all.push((
            link_ref.source,
            catalog.link(*link_ref).rel.inverse_label(),
            true,
        ));
    }
    let mut rows = Vec::new();
    for kind in LINK_GROUPS {
        let mut group: Vec<&(usize, &'static str, bool)> = all
            .iter()
            .filter(|(other, _, _)| catalog.entity(*other).kind == kind)
            .collect();
        if group.is_empty() {
            continue;
        }
        group.sort_by(|a, b| {
            let (ea, eb) = (catalog.entity(a.0), catalog.entity(b.0));
            a.1.cmp(b.1)
                .then_with(|| ea.date.cmp(&eb.date))
                .then_with(|| ea.name.cmp(&eb.name))
        });
        group.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
        rows.push(LinkRow::Heading(kind));
        rows.extend(
            group
                .into_iter()
                .map(|&(other, label, incoming)| LinkRow::Link {
                    entity: other,
                    label,
                    incoming,
                }),
        );
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

fn heading(out: &mut Vec<Line<'static>>, title: &str) {
    out.push(Line::default());
    out.push(Line::from(Span::styled(
        title.to_string(),
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
    )));
}

/// The details pane's text for an entity, wrapped to `width` columns.
pub fn details_lines(
    catalog: &Catalog,
    index: usize,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let entity = catalog.entity(index);
    let mut out = Vec::new();
    let bold = theme.bold();
    let dim = theme.dim();
    push_wrapped(&mut out, &entity.name, width, bold);
    let mut facts = vec![capitalise(entity.kind.as_str())];
    if let Some(date) = &entity.date {
        let mark = if entity.date_external { " *" } else { "" };
        facts.push(format!("{}{mark}", date.human()));
    }
    facts.push(catalog.era_label(catalog.era_of(index)));
    push_wrapped(&mut out, &facts.join(" · "), width, dim);
    if !entity.aliases.is_empty() {
        let names: Vec<String> = entity
            .aliases
            .iter()
            .map(|a| {
                if a.external {
                    format!("{}*", a.name)
                } else {
                    a.name.clone()
                }
            })
            .collect();
        push_wrapped(
            &mut out,
            &format!("Also: {}", names.join(" · ")),
            width,
            Style::new(),
        );
    }
    for milestone in &entity.milestones {
        let note = milestone
            .note
            .as_ref()
            .map(|n| format!(" — {n}"))
            .unwrap_or_default();
        push_wrapped(
            &mut out,
            &format!(
                "{}: {}{note}",
                capitalise(&milestone.label),
                milestone.date.human()
            ),
            width,
            Style::new(),
        );
    }
    out.push(Line::default());
    push_wrapped(
        &mut out,
        &entity.summary,
        width,
        Style::new().add_modifier(Modifier::ITALIC),
    );
    out.push(Line::default());
    push_wrapped(&mut out, &entity.description, width, Style::new());
    if !entity.figures.is_empty() {
        heading(&mut out, "Figures");
        if !super::chart::series_of(catalog, index).is_empty() {
            push_wrapped(
                &mut out,
                "Press c to chart these figures by year.",
                width,
                dim,
            );
        }
        for figure in &entity.figures {
            push_wrapped(
                &mut out,
                &format!("• {}: {}", capitalise(&figure.label), figure_text(figure)),
                width,
                Style::new(),
            );
            if let Some(note) = &figure.note {
                push_wrapped(&mut out, &format!("  {note}"), width, dim);
            }
        }
    }
    if let Some(coords) = &entity.coords {
        heading(&mut out, "Location");
        if super::map::BOUNDS.contains(coords) {
            push_wrapped(&mut out, "Press m to see it on the map.", width, dim);
        }
        push_wrapped(
            &mut out,
            &format!(
                "{:.2}°{}, {:.2}°{}{}",
                coords.lat.abs(),
                if coords.lat >= 0.0 { "N" } else { "S" },
                coords.lon.abs(),
                if coords.lon >= 0.0 { "E" } else { "W" },
                if coords.external { " *" } else { "" }
            ),
            width,
            Style::new(),
        );
    }
    if !entity.sources.is_empty() {
        heading(&mut out, "Sources");
        for source in &entity.sources {
            let refs: Vec<String> = source.refs.iter().map(|r| format!("[{r}]")).collect();
            push_wrapped(
                &mut out,
                &format!("• {} {}", source.section, refs.join(" ")),
                width,
                dim,
            );
        }
    }
    let starred = entity.date_external
        || entity.aliases.iter().any(|a| a.external)
        || entity.coords.is_some_and(|c| c.external);
    if starred || !entity.external_facts.is_empty() {
        heading(&mut out, "Not from the source");
        if starred {
            push_wrapped(
                &mut out,
                "* marks a date, name or coordinates from general knowledge.",
                width,
                dim,
            );
        }
        for fact in &entity.external_facts {
            push_wrapped(&mut out, &format!("• {fact}"), width, dim);
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
