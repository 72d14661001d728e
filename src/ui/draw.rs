//! Drawing: a pure function of the state. Nothing here changes the `App`.

use super::app::{App, Focus, KIND_FILTERS, LinkRow, Mode, View};
use super::keymap::{self, Scope};
use super::layout::{Layout, MIN_HEIGHT, MIN_WIDTH};
use super::paint::{ellipsize, pane_block};
use super::{chart, map};
use crate::model::Kind;
use crate::search::{Field, target_text};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

/// Colours used when colour is on; every distinction also has a modifier, so the screen
/// reads the same with NO_COLOR or in a 16-colour terminal.
struct Palette {
    colour: bool,
}

impl Palette {
    fn accent(&self) -> Style {
        if self.colour {
            Style::new().fg(Color::Cyan)
        } else {
            Style::new()
        }
    }
    fn selected(&self, focused: bool) -> Style {
        let style = Style::new().add_modifier(Modifier::REVERSED);
        let style = if focused {
            style.add_modifier(Modifier::BOLD)
        } else {
            style
        };
        if self.colour && focused {
            style.fg(Color::Cyan)
        } else {
            style
        }
    }
    fn matched(&self) -> Style {
        let style = Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
        if self.colour {
            style.fg(Color::Yellow)
        } else {
            style
        }
    }
    fn dim(&self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }
    fn warning(&self) -> Style {
        let style = Style::new().add_modifier(Modifier::BOLD);
        if self.colour {
            style.fg(Color::Red)
        } else {
            style
        }
    }
    fn treaty(&self) -> Style {
        if self.colour {
            Style::new().fg(Color::Magenta)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }
}

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let layout = app.layout();
    if layout.too_small {
        draw_too_small(frame, area);
        return;
    }
    let palette = Palette { colour: app.colour };
    draw_era_bar(frame, app, &layout, &palette);
    match app.view {
        View::Timeline => draw_timeline(frame, app, layout.main, &palette),
        View::Map => draw_map(frame, app, layout.main),
        View::Chart => draw_chart(frame, app, layout.main),
    }
    draw_details(frame, app, layout.details, &palette);
    draw_links(frame, app, layout.links, &palette);
    draw_status(frame, app, layout.status, &palette);
    match app.mode {
        Mode::Search => draw_search(frame, app, &layout, &palette),
        Mode::Help => draw_help(frame, app, area, &palette),
        Mode::Browse => {}
    }
}

fn draw_too_small(frame: &mut Frame, area: Rect) {
    let text = format!("nisso: enlarge the terminal to at least {MIN_WIDTH}×{MIN_HEIGHT}");
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}

fn draw_era_bar(frame: &mut Frame, app: &App, layout: &Layout, palette: &Palette) {
    let current = app.current_era();
    let mut spans = Vec::new();
    let mut x = 0;
    for ((start, _, era), text) in layout.era_labels.iter().zip(&layout.era_texts) {
        if *start > x {
            spans.push(Span::raw(" ".repeat((*start - x) as usize)));
        }
        let style = if *era == current {
            palette.selected(true)
        } else {
            palette.dim()
        };
        spans.push(Span::styled(text.clone(), style));
        x = start + text.width() as u16;
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), layout.era_bar);
    if layout.era_caption.height > 0
        && let Some(era) = app.catalog.eras().get(current)
    {
        let caption = Line::from(vec![
            Span::styled(
                format!(" Era {} · {} ", current + 1, app.catalog.era_label(current)),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::styled(format!("— {}", era.summary), palette.dim()),
        ]);
        frame.render_widget(Paragraph::new(caption), layout.era_caption);
    }
}

fn draw_timeline(frame: &mut Frame, app: &App, area: Rect, palette: &Palette) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let focused = app.focus == Focus::Main;
    let count = app.catalog.timeline().len();
    let title = format!(
        " Timeline · {}/{} · • event § treaty ",
        (app.timeline_row + 1).min(count),
        count
    );
    let block = pane_block(title, focused, palette.colour);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let date_width = app.date_column;
    let mut lines = Vec::with_capacity(inner.height as usize);
    for line in app.timeline_top..app.timeline_top + inner.height as usize {
        match app.line_content(line) {
            None => break,
            Some(Err(era)) => lines.push(Line::from(Span::styled(
                format!("── {} · {} ", era + 1, app.catalog.era_label(era)),
                palette.accent().add_modifier(Modifier::BOLD),
            ))),
            Some(Ok(row)) => {
                let entity = app.catalog.entity(app.catalog.timeline()[row]);
                let date = entity
                    .date
                    .map(|d| d.compact())
                    .unwrap_or_else(|| "—".into());
                let date = ellipsize(&date, date_width);
                let (marker, marker_style) = match entity.kind {
                    Kind::Treaty => ("§", palette.treaty()),
                    _ => ("•", palette.dim()),
                };
                let selected = row == app.timeline_row;
                let mut spans = vec![
                    Span::raw(format!(" {date:<date_width$} ")),
                    Span::styled(marker, marker_style),
                    Span::raw(" "),
                    Span::raw(entity.name.clone()),
                ];
                if selected {
                    highlight_row(&mut spans, palette.selected(focused), inner.width);
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

fn pad_row(spans: &mut Vec<Span<'static>>, style: Style, width: u16) {
    let used: usize = spans.iter().map(|s| s.content.width()).sum();
    let rest = (width as usize).saturating_sub(used);
    spans.push(Span::styled(" ".repeat(rest), style));
}

fn draw_map(frame: &mut Frame, app: &App, area: Rect) {
    let era = app.current_era();
    let highlighted = app.era_places(era);
    let era_name = app.catalog.era_label(era);
    let view = map::MapView {
        catalog: &app.catalog,
        places: &app.map_places,
        off_map: app.map_off,
        selected: app.map_selected,
        highlighted,
        era_name: &era_name,
        focused: app.focus == Focus::Main,
        colour: app.colour,
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
        app.colour,
    );
}

fn draw_details(frame: &mut Frame, app: &App, area: Rect, palette: &Palette) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let focused = app.focus == Focus::Details;
    let visible = area.height.saturating_sub(2) as usize;
    let total = app.details_lines.len();
    let title = if total > visible {
        format!(
            " Details · {}–{}/{} ",
            app.details_scroll + 1,
            (app.details_scroll + visible).min(total),
            total
        )
    } else {
        " Details ".to_string()
    };
    let block = pane_block(title, focused, palette.colour);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lines: Vec<Line> = app
        .details_lines
        .iter()
        .skip(app.details_scroll)
        .take(inner.height as usize)
        .cloned()
        .collect();
    if lines.is_empty() {
        frame.render_widget(
            Paragraph::new("Nothing selected. Press / to search.").style(palette.dim()),
            inner,
        );
    } else {
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

fn draw_links(frame: &mut Frame, app: &App, area: Rect, palette: &Palette) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let focused = app.focus == Focus::Links;
    let count = app
        .links
        .iter()
        .filter(|r| matches!(r, LinkRow::Link { .. }))
        .count();
    let block = pane_block(
        format!(" Links · {count} · → out ← in "),
        focused,
        palette.colour,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut lines = Vec::new();
    for (index, row) in app
        .links
        .iter()
        .enumerate()
        .skip(app.links_top)
        .take(inner.height as usize)
    {
        match row {
            LinkRow::Heading(kind) => lines.push(Line::from(Span::styled(
                kind.plural().to_string(),
                palette.accent().add_modifier(Modifier::BOLD),
            ))),
            LinkRow::Link {
                entity,
                label,
                incoming,
            } => {
                let other = app.catalog.entity(*entity);
                let arrow = if *incoming { "←" } else { "→" };
                let date = other
                    .date
                    .map(|d| format!("  {}", d.compact()))
                    .unwrap_or_default();
                let mut spans = vec![
                    Span::raw(format!(" {arrow} ")),
                    Span::styled(format!("{label}: "), palette.dim()),
                    Span::raw(other.name.clone()),
                    Span::styled(date, palette.dim()),
                ];
                if index == app.link_selected {
                    highlight_row(&mut spans, palette.selected(focused), inner.width);
                }
                lines.push(Line::from(spans));
            }
        }
    }
    if lines.is_empty() {
        lines.push(Line::from(Span::styled("No links.", palette.dim())));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_status(frame: &mut Frame, app: &App, area: Rect, palette: &Palette) {
    let mode = match app.mode {
        Mode::Browse => match app.view {
            View::Timeline => " BROWSE ",
            View::Map => " MAP ",
            View::Chart => " CHART ",
        },
        Mode::Search => " SEARCH ",
        Mode::Help => " HELP ",
    };
    let mut spans = vec![Span::styled(mode, palette.selected(true))];
    let mut used = mode.width();
    for (key, hint) in keymap::hints(app.key_context()) {
        // Whole hints only: drop the ones that do not fit rather than cut one in half.
        let width = 1 + key.width() + 1 + hint.width();
        if used + width > area.width as usize {
            break;
        }
        used += width;
        spans.push(Span::raw(" "));
        spans.push(Span::styled(key, Style::new().add_modifier(Modifier::BOLD)));
        spans.push(Span::styled(format!(" {hint}"), palette.dim()));
    }
    if app.mode == Mode::Browse {
        let history = match (app.can_go_back(), app.can_go_forward()) {
            (true, true) => "  ◀ ▶",
            (true, false) => "  ◀",
            (false, true) => "  ▶",
            (false, false) => "",
        };
        spans.push(Span::styled(history, palette.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_search(frame: &mut Frame, app: &App, layout: &Layout, palette: &Palette) {
    let Some(state) = &app.search else {
        return;
    };
    let area = layout.search;
    if area.width < 3 || area.height < 3 {
        return;
    }
    frame.render_widget(Clear, area);
    let block = pane_block(" Search ".to_string(), true, palette.colour);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut lines = vec![Line::from(vec![
        Span::styled("/ ", palette.accent().add_modifier(Modifier::BOLD)),
        Span::raw(state.query.clone()),
        Span::styled("▏", Style::new().add_modifier(Modifier::SLOW_BLINK)),
    ])];
    let mut filters = vec![Span::styled("Kind: ", palette.dim())];
    for kind in KIND_FILTERS {
        let label = kind.map_or("All", |k| k.plural());
        let style = if kind == state.kind {
            palette.selected(true)
        } else {
            palette.dim()
        };
        filters.push(Span::styled(format!(" {label} "), style));
        filters.push(Span::raw(" "));
    }
    filters.push(Span::styled("(Tab)", palette.dim()));
    lines.push(Line::from(filters));
    let count = if state.suggested {
        format!("No matches for '{}'.", state.query.trim())
    } else {
        format!(
            "{} result{}",
            state.hits.len(),
            if state.hits.len() == 1 { "" } else { "s" }
        )
    };
    let mut status = vec![Span::styled(count, palette.dim())];
    if let Some(problem) = &state.problem {
        status.push(Span::styled(format!("  {problem}"), palette.warning()));
    }
    lines.push(Line::from(status));
    if state.suggested && !state.hits.is_empty() {
        lines.push(Line::from(Span::styled("Did you mean:", palette.dim())));
    }
    let rows = layout
        .search_rows()
        .saturating_sub(usize::from(state.suggested));
    let visible: Vec<(usize, &crate::search::Hit)> = state
        .hits
        .iter()
        .enumerate()
        .skip(state.top)
        .take(rows)
        .collect();
    // Dates as the details pane writes them, in a column as wide as the widest shown.
    let dates: Vec<String> = visible
        .iter()
        .map(|(_, hit)| target_text(&app.catalog, hit.target).2)
        .collect();
    let date_width = dates
        .iter()
        .map(|d| d.width())
        .max()
        .unwrap_or(0)
        .min(24)
        .min(inner.width as usize / 4);
    for ((index, hit), date) in visible.into_iter().zip(dates) {
        let (name, _, _) = target_text(&app.catalog, hit.target);
        let selected = index == state.selected;
        let base = if selected {
            palette.selected(true)
        } else {
            Style::new()
        };
        let date = ellipsize(&date, date_width);
        let pad = date_width.saturating_sub(date.width());
        let mut spans = vec![
            Span::styled(
                format!(" {:<12} ", app.index.kind_of(hit.target).as_str()),
                base.patch(palette.dim()),
            ),
            Span::styled(format!("{date}{} ", " ".repeat(pad)), base),
        ];
        let positions = if state.suggested {
            Vec::new()
        } else {
            app.index.positions(&app.catalog, hit, &state.query)
        };
        let matched = app.index.matched_text(&app.catalog, hit);
        match hit.field {
            Field::Alias(_) => {
                spans.push(Span::styled(name.to_string(), base));
                spans.push(Span::styled("  as ", base.patch(palette.dim())));
                spans.extend(highlight(matched, &positions, base, palette));
            }
            Field::Summary | Field::Note(_) => {
                spans.push(Span::styled(name.to_string(), base));
                spans.push(Span::styled("  — ", base.patch(palette.dim())));
                spans.extend(highlight(matched, &positions, base, palette));
            }
            _ => spans.extend(highlight(name, &positions, base, palette)),
        }
        if selected {
            pad_row(&mut spans, base, inner.width);
        }
        lines.push(Line::from(spans));
    }
    if state.hits.is_empty() {
        lines.push(Line::from(Span::styled(
            "No matches. Try fewer letters or another kind; ? lists the query syntax.",
            palette.dim(),
        )));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Spans of `text` with the characters at `positions` (char indices) highlighted.
fn highlight(
    text: &str,
    positions: &[usize],
    base: Style,
    palette: &Palette,
) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let mut current = String::new();
    let mut current_matched = false;
    let mut next = positions.iter().peekable();
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
            let style = if current_matched {
                base.patch(palette.matched())
            } else {
                base
            };
            spans.push(Span::styled(std::mem::take(&mut current), style));
        }
        current_matched = matched;
        current.push(ch);
    }
    if !current.is_empty() {
        let style = if current_matched {
            base.patch(palette.matched())
        } else {
            base
        };
        spans.push(Span::styled(current, style));
    }
    spans
}

/// The help overlay's lines, generated from the keymap table.
pub fn help_lines(app: &App) -> Vec<Line<'static>> {
    let palette = Palette { colour: app.colour };
    let mut lines = Vec::new();
    for scope in [
        Scope::Browse,
        Scope::Map,
        Scope::Search,
        Scope::Help,
        Scope::Global,
    ] {
        lines.push(Line::from(Span::styled(
            keymap::scope_title(scope).to_string(),
            palette
                .accent()
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )));
        for binding in keymap::BINDINGS.iter().filter(|b| b.scope == scope) {
            lines.push(Line::from(vec![
                Span::styled(
                    format!("  {:<22}", keymap::keys_label(binding)),
                    Style::new().add_modifier(Modifier::BOLD),
                ),
                Span::raw(binding.description),
            ]));
        }
        lines.push(Line::default());
    }
    lines.push(Line::from(Span::styled(
        "Search syntax".to_string(),
        palette
            .accent()
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
    )));
    for (syntax, meaning) in crate::search::SYNTAX {
        lines.push(Line::from(vec![
            Span::styled(
                format!("  {syntax:<22}"),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::raw(meaning),
        ]));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        "Mouse: click selects a row, a link or an era; click a selected link to open it; the wheel scrolls the pane under the pointer.",
        palette.dim(),
    )));
    lines
}

fn draw_help(frame: &mut Frame, app: &App, area: Rect, palette: &Palette) {
    let width = area.width.saturating_sub(4).min(100);
    let height = area.height.saturating_sub(2);
    if width < 10 || height < 3 {
        return;
    }
    let popup = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    frame.render_widget(Clear, popup);
    let block = pane_block(" Keys · Esc closes ".to_string(), true, palette.colour);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let lines: Vec<Line> = help_lines(app)
        .into_iter()
        .skip(app.help_scroll)
        .take(inner.height as usize)
        .collect();
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
