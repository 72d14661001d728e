//! Drawing: a pure function of the state. Nothing here changes the `App`.

use super::app::{App, Focus};
use super::keymap::Scope;
use super::layout::{Layout, MIN_HEIGHT, MIN_WIDTH};
use super::main_view::DrawContext;
use super::overlay;
use super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
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
    match app.active_view() {
        None => app.timeline.draw(
            frame,
            layout.main,
            &app.catalog,
            theme,
            app.focus == Focus::Main,
            &app.reader,
        ),
        Some(view) => {
            let context = DrawContext {
                catalog: &app.catalog,
                theme,
                current: app.current,
                era: app.current_era(),
                focused: app.focus == Focus::Main,
                reader: &app.reader,
            };
            view.draw(frame, layout.main, &context);
        }
    }
    let nothing_shown = format!(
        "Nothing selected. Press {} to search.",
        app.keymap.key_of(Scope::Browse, "search")
    );
    app.details.draw(
        frame,
        layout.details,
        theme,
        app.focus == Focus::Details,
        &nothing_shown,
    );
    app.links.draw(
        frame,
        layout.links,
        &app.catalog,
        theme,
        app.focus == Focus::Links,
    );
    draw_status(frame, app, layout.status, theme);
    if let Some(top) = app.overlays.last() {
        let context = overlay::Context {
            catalog: &app.catalog,
            index: &app.index,
            theme,
            keymap: &app.keymap,
            saved: &app.saved,
            reader: &app.reader,
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
        let era_text = format!(
            " Era {} · {} ",
            current.0 + 1,
            app.catalog.era_label(current)
        );
        let mut spans = Vec::new();
        let room = usize::from(layout.era_caption.width).saturating_sub(era_text.width());
        if let Some(title) = title_to_fit(&app.title, room) {
            spans.push(Span::raw(" "));
            spans.push(Span::styled(title, theme.accent()));
            spans.push(Span::styled(" ›", theme.dim()));
        }
        spans.push(Span::styled(era_text, theme.bold()));
        spans.push(Span::styled(
            if era.summary.trim().is_empty() {
                String::new()
            } else {
                format!("— {}", era.summary)
            },
            theme.dim(),
        ));
        frame.render_widget(Paragraph::new(Line::from(spans)), layout.era_caption);
    }
}

/// The dataset's title is cut no shorter than this before the caption leaves it out.
const MIN_TITLE: usize = 12;

/// The dataset's title as the caption shows it before the era, in `room` columns less its
/// space and " ›": whole, ellipsized down to `MIN_TITLE`, else left out (the era on
/// screen comes first; the terminal window's title still names the dataset).
pub fn title_to_fit(title: &str, room: usize) -> Option<String> {
    let room = room.saturating_sub(3);
    if title.is_empty() || room < MIN_TITLE.min(title.width()) {
        return None;
    }
    Some(super::paint::ellipsize(title, room))
}

fn draw_status(frame: &mut Frame, app: &App, area: Rect, theme: &Theme) {
    let mode = match app.overlays.last() {
        Some(top) => top.label(),
        None => app.active_view().map_or(" BROWSE ", |view| view.label()),
    };
    let mut spans = vec![Span::styled(mode, theme.selected(true))];
    let mut used = mode.width();
    // A maximised pane says so, with the key that gives the others back.
    if app.maximised && app.overlays.is_empty() {
        let key = app.keymap.key_of(Scope::Browse, "maximise");
        spans.push(Span::raw(" "));
        spans.push(Span::styled(" MAXIMISED ", theme.selected(true)));
        spans.push(Span::raw(" "));
        spans.push(Span::styled(key.clone(), theme.bold()));
        spans.push(Span::styled(" restore", theme.dim()));
        used += 1 + " MAXIMISED ".width() + 1 + key.width() + " restore".width();
    }
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
        // Maximised, the mark above names the key that restores.
        if app.maximised && hint == "maximise" {
            continue;
        }
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
