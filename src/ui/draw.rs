//! Drawing: a pure function of the state. Nothing here changes the `App`.

use super::app::{App, Focus, LinkRow, TimelineLine, View};
use super::layout::{Layout, MIN_HEIGHT, MIN_WIDTH};
use super::overlay;
use super::paint::{ellipsize, pad_row, pane_block};
use super::theme::Theme;
use super::{chart, map};
use crate::model::Kind;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let layout = app.layout();
    if layout.too_small {
        draw_too_small(frame, area);
        return;
    }
    let theme = &app.theme;
    draw_era_bar(frame, app, &layout, theme);
    match app.view {
        View::Timeline => draw_timeline(frame, app, layout.main, theme),
        View::Map => draw_map(frame, app, layout.main),
        View::Chart => draw_chart(frame, app, layout.main),
    }
    draw_details(frame, app, layout.details, theme);
    draw_links(frame, app, layout.links, theme);
    draw_status(frame, app, layout.status, theme);
    if let Some(top) = app.overlays.last() {
        let context = overlay::Context {
            catalog: &app.catalog,
            index: &app.index,
            theme,
            keymap: &app.keymap,
            saved: &app.saved,
        };
        top.draw(frame, layout.overlay, &context);
    }
}

fn draw_too_small(frame: &mut Frame, area: Rect) {
    let text = format!("nisso: enlarge the terminal to at least {MIN_WIDTH}×{MIN_HEIGHT}");
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}

fn draw_era_bar(frame: &mut Frame, app: &App, layout: &Layout, theme: &Theme) {
    let current = app.current_era();
    let mut spans = Vec::new();
    let mut x = 0;
    for ((start, _, era), text) in layout.era_labels.iter().zip(&layout.era_texts) {
        if *start > x {
            spans.push(Span::raw(" ".repeat((*start - x) as usize)));
        }
        let style = if *era == current.0 {
            theme.selected(true)
        } else {
            theme.dim()
        };
        spans.push(Span::styled(text.clone(), style));
        x = start + text.width() as u16;
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), layout.era_bar);
    if layout.era_caption.height > 0
        && let Some(era) = app.catalog.eras().get(current.0)
    {
        let caption = Line::from(vec![
            Span::styled(
                format!(
                    " Era {} · {} ",
                    current.0 + 1,
                    app.catalog.era_label(current)
                ),
                theme.bold(),
            ),
            Span::styled(
                if era.summary.trim().is_empty() {
                    String::new()
                } else {
                    format!("— {}", era.summary)
                },
                theme.dim(),
            ),
        ]);
        frame.render_widget(Paragraph::new(caption), layout.era_caption);
    }
}

fn draw_timeline(frame: &mut Frame, app: &App, area: Rect, theme: &Theme) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let focused = app.focus == Focus::Main;
    let count = app.catalog.timeline().len();
    let title = format!(
        " Timeline · {}/{} · • event § treaty ",
        (app.timeline_row.0 + 1).min(count),
        count
    );
    let block = pane_block(title, focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let date_width = app.date_column;
    let mut lines = Vec::with_capacity(inner.height as usize);
    let first = app.timeline.offset;
    for line in first..first + inner.height as usize {
        match app.line_content(line) {
            None => break,
            Some(TimelineLine::Heading(era)) => lines.push(Line::from(Span::styled(
                format!("── {} · {} ", era.0 + 1, app.catalog.era_label(era)),
                theme.accent().add_modifier(Modifier::BOLD),
            ))),
            Some(TimelineLine::Row(row)) => {
                let Some(entity) = app.catalog.entity_at(row) else {
                    break;
                };
                let entity = app.catalog.entity(entity);
                let date = entity
                    .date
                    .map(|d| d.compact())
                    .unwrap_or_else(|| "—".into());
                let date = ellipsize(&date, date_width);
                let (marker, marker_style) = match entity.kind {
                    Kind::Treaty => ("§", theme.treaty()),
                    _ => ("•", theme.dim()),
                };
                let selected = row == app.timeline_row;
                let mut spans = vec![
                    Span::raw(format!(" {date:<date_width$} ")),
                    Span::styled(marker, marker_style),
                    Span::raw(" "),
                    Span::raw(entity.name.clone()),
                ];
                if selected {
                    highlight_row(&mut spans, theme.selected(focused), inner.width);
                }
                lines.push(Line::from(spans));
            }
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Restyle a row as selected and fill it to the pane's width, so the bar spans the pane.
fn highlight_row(spans: &mut Vec<Span<'static>>, style: Style, width: u16) {
    for span in spans.iter_mut() {
        span.style = style;
    }
    pad_row(spans, style, width);
}

fn draw_map(frame: &mut Frame, app: &App, area: Rect) {
    let era = app.current_era();
    let highlighted = app.era_places(era);
    let era_name = app.catalog.era_label(era);
    // Borders as they stood at the shown event, or at the start of the era on screen.
    let moment = app
        .current
        .filter(|&entity| app.catalog.era_of(entity) == era)
        .and_then(|entity| app.catalog.entity(entity).date)
        .unwrap_or(app.catalog.era(era).start);
    let view = map::MapView {
        catalog: &app.catalog,
        places: &app.map_places,
        off_map: app.map_off,
        selected: app.map_selected,
        highlighted,
        era_name: &era_name,
        moment: Some(moment),
        window: map::window(app.map_zoom, app.map_centre),
        focused: app.focus == Focus::Main,
        theme: &app.theme,
    };
    map::draw_map(frame, area, &view);
}

fn draw_chart(frame: &mut Frame, app: &App, area: Rect) {
    let (title, series) = match app.chart_entity {
        Some(entity) => (
            app.catalog.entity(entity).name.clone(),
            chart::series_of(&app.catalog, entity),
        ),
        None => ("Chart".to_string(), Vec::new()),
    };
    chart::draw_chart(
        frame,
        area,
        &title,
        &series,
        app.focus == Focus::Main,
        &app.theme,
    );
}

fn draw_details(frame: &mut Frame, app: &App, area: Rect, theme: &Theme) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let focused = app.focus == Focus::Details;
    let visible = area.height.saturating_sub(2) as usize;
    let total = app.details_lines.len();
    let title = if total > visible {
        format!(
            " Details · {}–{}/{} ",
            app.details.offset + 1,
            (app.details.offset + visible).min(total),
            total
        )
    } else {
        " Details ".to_string()
    };
    let block = pane_block(title, focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lines: Vec<Line> = app
        .details_lines
        .iter()
        .skip(app.details.offset)
        .take(inner.height as usize)
        .cloned()
        .collect();
    if lines.is_empty() {
        frame.render_widget(
            Paragraph::new("Nothing selected. Press / to search.").style(theme.dim()),
            inner,
        );
    } else {
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

fn draw_links(frame: &mut Frame, app: &App, area: Rect, theme: &Theme) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let focused = app.focus == Focus::Links;
    let count = app
        .links
        .iter()
        .filter(|r| matches!(r, LinkRow::Link { .. }))
        .count();
    let block = pane_block(format!(" Links · {count} · → out ← in "), focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut lines = Vec::new();
    for (index, row) in app
        .links
        .iter()
        .enumerate()
        .skip(app.links_view.offset)
        .take(inner.height as usize)
    {
        match row {
            LinkRow::Heading(kind) => lines.push(Line::from(Span::styled(
                kind.plural().to_string(),
                theme.accent().add_modifier(Modifier::BOLD),
            ))),
            LinkRow::Link {
                entity,
                label,
                incoming,
                external,
            } => {
                let other = app.catalog.entity(*entity);
                let arrow = if *incoming { "←" } else { "→" };
                let date = other
                    .date
                    .map(|d| format!("  {}", d.compact()))
                    .unwrap_or_default();
                let mut spans = vec![
                    Span::raw(format!(" {arrow} ")),
                    Span::styled(
                        format!("{label}{}: ", if *external { "*" } else { "" }),
                        theme.dim(),
                    ),
                    Span::raw(other.name.clone()),
                    Span::styled(date, theme.dim()),
                ];
                if index == app.links_view.selected {
                    highlight_row(&mut spans, theme.selected(focused), inner.width);
                }
                lines.push(Line::from(spans));
            }
        }
    }
    if lines.is_empty() {
        lines.push(Line::from(Span::styled("No links.", theme.dim())));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_status(frame: &mut Frame, app: &App, area: Rect, theme: &Theme) {
    let mode = match app.overlays.last() {
        Some(top) => top.label(),
        None => match app.view {
            View::Timeline => " BROWSE ",
            View::Map => " MAP ",
            View::Chart => " CHART ",
        },
    };
    let mut spans = vec![Span::styled(mode, theme.selected(true))];
    let mut used = mode.width();
    if let Some(notice) = &app.notice {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(notice.clone(), theme.warning()));
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
        return;
    }
    // The history marks are kept whatever the width: hints give way to them.
    let history = if app.overlays.is_empty() {
        match (app.can_go_back(), app.can_go_forward()) {
            (true, true) => "  ◀ ▶",
            (true, false) => "  ◀",
            (false, true) => "  ▶",
            (false, false) => "",
        }
    } else {
        ""
    };
    let room = (area.width as usize).saturating_sub(history.width());
    for (key, hint) in app.keymap.hints(&app.scopes()) {
        // Whole hints only: drop the ones that do not fit rather than cut one in half.
        let width = 1 + key.width() + 1 + hint.width();
        if used + width > room {
            break;
        }
        used += width;
        spans.push(Span::raw(" "));
        spans.push(Span::styled(key, theme.bold()));
        spans.push(Span::styled(format!(" {hint}"), theme.dim()));
    }
    spans.push(Span::styled(history, theme.dim()));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
