//! Screen layout as a pure function of the terminal size and state. Drawing and mouse
//! hit-testing both use it, so a click always lands on what was drawn there.

use super::action::Focus;
use super::paint::ellipsize;
use crate::dataset::{Catalog, era_years};
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

/// Below this the app shows a short message instead of panes.
pub const MIN_WIDTH: u16 = 24;
pub const MIN_HEIGHT: u16 = 8;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    pub too_small: bool,
    pub era_bar: Rect,
    /// Second header line: the current era's name and summary (may be empty).
    pub era_caption: Rect,
    pub main: Rect,
    pub details: Rect,
    pub links: Rect,
    pub status: Rect,
    /// Everything between the header lines and the status bar.
    pub body: Rect,
    /// The top overlay (empty when none is open), and the rows of its list.
    pub overlay: Rect,
    pub overlay_list: Rect,
    /// Era labels on the era bar: (x, width, era index).
    pub era_labels: Vec<(u16, u16, usize)>,
    /// Text of each era label, parallel to `era_labels`.
    pub era_texts: Vec<String>,
}

impl Layout {
    pub fn era_at(&self, x: u16, y: u16) -> Option<usize> {
        if y != self.era_bar.y || self.era_bar.height == 0 {
            return None;
        }
        self.era_labels
            .iter()
            .find(|(start, width, _)| x >= *start && x < start + width)
            .map(|(_, _, era)| *era)
    }
}

/// Names are cut no shorter than this on the era bar; below it the bar shows years.
const MIN_NAME_ON_BAR: usize = 10;

/// An era's name cut to `room` columns: at a word's end when that keeps most of it
/// ("Improving…"), else mid-word ("Restorati…").
fn cut_name(name: &str, room: usize) -> String {
    if name.width() <= room {
        return name.to_string();
    }
    let cut = ellipsize(name, room);
    let kept = cut.trim_end_matches('…');
    match kept.rfind(' ') {
        Some(space) if kept[..space].width() * 3 >= room * 2 => {
            format!("{}…", kept[..space].trim_end())
        }
        _ => cut,
    }
}

/// Era names cut to share `width` columns (labels "N name" and a space between): names
/// shorter than the share keep their room whole, the longer ones share the rest. None
/// when a name would get less than `MIN_NAME_ON_BAR`.
fn names_to_fit(names: &[&str], width: usize) -> Option<Vec<String>> {
    let fixed: usize = (0..names.len())
        .map(|i| (i + 1).to_string().len() + 2)
        .sum();
    let room = width.checked_sub(fixed)?;
    let needed = |cap: usize| -> usize { names.iter().map(|n| n.width().min(cap)).sum() };
    let longest = names.iter().map(|n| n.width()).max().unwrap_or(0);
    let cap = (0..=longest).rev().find(|&cap| needed(cap) <= room)?;
    if cap < MIN_NAME_ON_BAR.min(longest) {
        return None;
    }
    Some(names.iter().map(|n| cut_name(n, cap)).collect())
}

/// Era labels at the most detailed level that fits: "1 Name 1855–1916", "1 Name",
/// "1 Nam…" (names cut to share the bar, none under `MIN_NAME_ON_BAR`), "1 1855–1916",
/// "1 1855", "1".
fn era_labels(catalog: &Catalog, width: u16) -> (Vec<(u16, u16, usize)>, Vec<String>) {
    let eras = catalog.eras();
    let names: Vec<&str> = eras.iter().map(|e| e.name.as_str()).collect();
    let cut = names_to_fit(&names, width as usize);
    let levels: [&dyn Fn(usize) -> Option<String>; 6] = [
        &|i| {
            Some(format!(
                " {} {} {} ",
                i + 1,
                eras[i].name,
                era_years(&eras[i])
            ))
        },
        &|i| Some(format!("{} {}", i + 1, eras[i].name)),
        &|i| cut.as_ref().map(|cut| format!("{} {}", i + 1, cut[i])),
        &|i| Some(format!("{} {}", i + 1, era_years(&eras[i]))),
        &|i| Some(format!("{} {}", i + 1, eras[i].start.compact())),
        &|i| Some(format!(" {} ", i + 1)),
    ];
    for (level, label) in levels.iter().enumerate() {
        let Some(texts) = (0..eras.len()).map(label).collect::<Option<Vec<String>>>() else {
            continue;
        };
        let total: usize = texts.iter().map(|t| t.width() + 1).sum();
        if total <= width as usize + 1 || level == levels.len() - 1 {
            let mut x = 0u16;
            let mut spans = Vec::new();
            let mut shown = Vec::new();
            for (era, text) in texts.into_iter().enumerate() {
                let w = text.width() as u16;
                if x.saturating_add(w) > width {
                    break;
                }
                spans.push((x, w, era));
                shown.push(text);
                x = x.saturating_add(w + 1);
            }
            return (spans, shown);
        }
    }
    (Vec::new(), Vec::new())
}

/// The panes for a terminal size; below 80 columns the panes stack, and when even that does not
/// fit, only the focused pane shows. `maximised`: the focused pane has the whole body
/// (between the header lines and the status bar) at any size, the others no area.
/// Overlays are placed by the app (`App::layout`).
pub fn compute_layout(
    width: u16,
    height: u16,
    catalog: &Catalog,
    focus: Focus,
    maximised: bool,
) -> Layout {
    let mut layout = Layout::default();
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        layout.too_small = true;
        return layout;
    }
    let caption_lines = if height >= 16 { 1 } else { 0 };
    layout.era_bar = Rect::new(0, 0, width, 1);
    layout.era_caption = Rect::new(0, 1, width, caption_lines);
    layout.status = Rect::new(0, height - 1, width, 1);
    let top = 1 + caption_lines;
    let body = Rect::new(0, top, width, height - 1 - top);
    layout.body = body;
    let (labels, texts) = era_labels(catalog, width);
    layout.era_labels = labels;
    layout.era_texts = texts;

    if maximised {
        focused_alone(&mut layout, focus, body);
    } else if width >= 80 && body.height >= 10 {
        let left = (width as u32 / 2) as u16;
        layout.main = Rect::new(0, body.y, left, body.height);
        let right = Rect::new(left, body.y, width - left, body.height);
        let upper = (right.height as u32 * 60 / 100) as u16;
        layout.details = Rect::new(right.x, right.y, right.width, upper);
        layout.links = Rect::new(right.x, right.y + upper, right.width, right.height - upper);
    } else if body.height >= 21 {
        let third = body.height / 3;
        layout.main = Rect::new(0, body.y, width, third);
        layout.details = Rect::new(0, body.y + third, width, third);
        layout.links = Rect::new(0, body.y + 2 * third, width, body.height - 2 * third);
    } else {
        // Too small for three panes: the focused one takes the body.
        focused_alone(&mut layout, focus, body);
    }

    layout
}

/// The focused pane takes the whole body; the others keep no area.
fn focused_alone(layout: &mut Layout, focus: Focus, body: Rect) {
    match focus {
        Focus::Main => layout.main = body,
        Focus::Details => layout.details = body,
        Focus::Links => layout.links = body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        Catalog::new(crate::dataset::load_embedded().unwrap())
    }

    #[test]
    fn era_names_show_from_120_columns_and_labels_never_overlap() {
        let catalog = catalog();
        let (_, at_120) = era_labels(&catalog, 120);
        assert_eq!(at_120.len(), catalog.eras().len(), "{at_120:?}");
        assert!(at_120[0].starts_with("1 Imperial"), "{at_120:?}");
        assert!(at_120.iter().any(|l| l.contains("Aftermath")), "{at_120:?}");
        for width in [24u16, 40, 80, 100, 119, 120, 160, 200, 250, 340] {
            let (spans, texts) = era_labels(&catalog, width);
            assert_eq!(spans.len(), texts.len());
            if width >= 40 {
                assert_eq!(spans.len(), catalog.eras().len(), "every era at {width}");
            }
            for pair in spans.windows(2) {
                assert!(pair[0].0 + pair[0].1 < pair[1].0, "{width}: {texts:?}");
            }
            let last = spans.last().unwrap();
            assert!(last.0 + last.1 <= width, "{width}: {texts:?}");
            // Each label starts with its era's number (after a space at most).
            for (i, text) in texts.iter().enumerate() {
                assert!(
                    text.trim_start().starts_with(&(i + 1).to_string()),
                    "{text}"
                );
            }
        }
        // At 80 columns: years, no cut names.
        let (_, at_80) = era_labels(&catalog, 80);
        assert_eq!(at_80[0], "1 1855", "{at_80:?}");
        assert!(at_80.iter().all(|l| !l.contains('…')), "{at_80:?}");
    }

    #[test]
    fn names_are_cut_at_a_word_when_that_keeps_most_of_them() {
        assert_eq!(cut_name("Improving relations", 10), "Improving…");
        assert_eq!(cut_name("Restoration of relations", 10), "Restorati…");
        assert_eq!(cut_name("Aftermath", 10), "Aftermath");
        assert_eq!(
            names_to_fit(&["Aftermath", "Improving relations"], 40).unwrap(),
            ["Aftermath", "Improving relations"]
        );
        assert_eq!(
            names_to_fit(&["Aftermath", "Improving relations"], 10),
            None
        );
    }
}
