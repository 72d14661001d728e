//! Drawing helpers shared by every pane: the pane frame, ellipsis, clipped writes.

use super::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Block, BorderType, Borders};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// A bordered pane. The focused one has a thick, bold border (in the accent colour), so
/// focus shows without colour too; the others are plain (dim).
pub fn pane_block<'a>(title: impl Into<String>, focused: bool, theme: &Theme) -> Block<'a> {
    let title_style = if focused { theme.bold() } else { Style::new() };
    Block::new()
        .borders(Borders::ALL)
        .title(Span::styled(title.into(), title_style))
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(theme.border(focused))
}

/// Fill a row with spaces in `style` to `width` columns (a selection bar spans the pane).
pub fn pad_row(spans: &mut Vec<Span<'static>>, style: Style, width: u16) {
    let used: usize = spans.iter().map(|s| s.content.width()).sum();
    let rest = (width as usize).saturating_sub(used);
    spans.push(Span::styled(" ".repeat(rest), style));
}

/// Cut text to a display width, ending in "…" when cut (empty for width 0).
pub fn ellipsize(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for ch in text.chars() {
        let w = ch.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(ch);
    }
    out.push('…');
    out
}

/// Write text at (x, y), clipped to `clip`; nothing outside it is touched.
pub fn put_clipped(buf: &mut Buffer, clip: Rect, x: u16, y: u16, text: &str, style: Style) {
    if y < clip.y || y >= clip.bottom() || x < clip.x || x >= clip.right() {
        return;
    }
    buf.set_stringn(x, y, text, usize::from(clip.right() - x), style);
}

/// For tests: every cell of `buffer` outside `areas` is still blank (a pane never draws
/// outside its rectangle).
/// Restyle a row as selected and fill it to the pane's width, so the bar spans the pane.
pub fn highlight_row(spans: &mut Vec<Span<'static>>, style: Style, width: u16) {
    for span in spans.iter_mut() {
        span.style = style;
    }
    pad_row(spans, style, width);
}

#[cfg(test)]
pub fn blank_outside(buffer: &ratatui::buffer::Buffer, areas: &[Rect]) -> Result<(), String> {
    let whole = buffer.area;
    for y in whole.y..whole.y + whole.height {
        for x in whole.x..whole.x + whole.width {
            let inside = areas.iter().any(|a| {
                x >= a.x
                    && x < a.x.saturating_add(a.width)
                    && y >= a.y
                    && y < a.y.saturating_add(a.height)
            });
            let symbol = buffer[(x, y)].symbol();
            if !inside && symbol != " " {
                return Err(format!("drawn outside at ({x}, {y}): {symbol:?}"));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::ellipsize;

    #[test]
    fn ellipsis_respects_display_width() {
        assert_eq!(ellipsize("Sakhalin", 20), "Sakhalin");
        assert_eq!(ellipsize("Sakhalin Oblast", 8), "Sakhali…");
        assert_eq!(ellipsize("小渕恵三", 5), "小渕…");
        assert_eq!(ellipsize("anything", 0), "");
    }
}
