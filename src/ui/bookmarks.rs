//! The bookmarks and notes overlay: the reader's bookmarks in this dataset (newest last)
//! or their notes (the latest changed first), with each one's kind, date and note; Enter
//! opens one, e edits its note, x removes it (u brings it back). One file: its state,
//! keys, area and drawing.

use super::action::{Action, Outcome, Step};
use super::keymap::{Keymap, Scope};
use super::overlay::{Context, OverlayPane};
use super::paint::pane_block;
use super::theme::Theme;
use super::viewport::Viewport;
use crate::dataset::Catalog;
use crate::search::Target;
use crate::store::{Change, Saved};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

/// Which of the reader's lists the overlay shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Listing {
    #[default]
    Bookmarks,
    Notes,
}

impl Listing {
    /// The ids listed, in order: bookmarks as added, notes the latest changed first.
    pub fn ids(self, saved: &Saved) -> Vec<&str> {
        match self {
            Listing::Bookmarks => saved.bookmarks.iter().map(|b| b.id.as_str()).collect(),
            Listing::Notes => saved.noted_latest_first().collect(),
        }
    }
}

/// Only the list shown, the selection and scrolling: the list itself is the store's, read
/// where it is needed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BookmarksOverlay {
    pub listing: Listing,
    pub view: Viewport,
}

impl BookmarksOverlay {
    pub fn new(saved: &Saved) -> BookmarksOverlay {
        BookmarksOverlay::of(Listing::Bookmarks, saved)
    }

    pub fn of(listing: Listing, saved: &Saved) -> BookmarksOverlay {
        let mut overlay = BookmarksOverlay {
            listing,
            view: Viewport::default(),
        };
        overlay.refresh(saved);
        overlay
    }

    /// The list changed (here or in another nisso): it follows, the selection stays as
    /// near as it can.
    pub fn refresh(&mut self, saved: &Saved) {
        self.view.set_len(self.listing.ids(saved).len());
    }

    /// Centred over the panes.
    pub fn area(body: Rect) -> Rect {
        super::overlay::centred(body, 100, 24)
    }

    /// The rows of the list inside `area` (below the one line of help).
    pub fn list_area(area: Rect) -> Rect {
        super::overlay::below_key_line(area)
    }

    pub fn fit(&mut self, area: Rect) {
        self.view
            .set_height(Self::list_area(area).height.max(1) as usize);
    }

    pub fn update(&mut self, action: Action, catalog: &Catalog, saved: &Saved) -> Outcome {
        let ids = self.listing.ids(saved);
        let chosen = ids.get(self.view.selected).copied();
        match action {
            Action::Move(step) => self.view.step(step),
            Action::Wheel { down, .. } => self.view.step(Step::By(if down { 3 } else { -3 })),
            Action::Activate => return open(chosen, catalog),
            Action::ClickOverlay(Some(row)) => {
                let at = self.view.offset + row;
                if at == self.view.selected {
                    return open(chosen, catalog);
                }
                if at < ids.len() {
                    self.view.select(at);
                }
            }
            Action::EditNote => {
                if let Some(entity) = chosen.and_then(|id| catalog.index_of(id)) {
                    return Outcome::EditNote(entity);
                }
            }
            Action::RemoveBookmark => {
                if let Some(id) = chosen {
                    let change = match self.listing {
                        Listing::Bookmarks => Change::RemoveBookmark(id.to_string()),
                        Listing::Notes => Change::SetNote(id.to_string(), String::new()),
                    };
                    return Outcome::Store {
                        change,
                        close: false,
                    };
                }
            }
            Action::Cancel | Action::ShowBookmarks | Action::ShowNotes | Action::ClickOutside => {
                return Outcome::Close;
            }
            _ => {}
        }
        Outcome::Stay
    }

    pub fn draw(
        &self,
        frame: &mut Frame,
        area: Rect,
        (catalog, saved): (&Catalog, &Saved),
        theme: &Theme,
        keymap: &Keymap,
    ) {
        let key = |scope, name| keymap.key_of(scope, name);
        if area.width < 10 || area.height < 4 {
            return;
        }
        frame.render_widget(Clear, area);
        let ids = self.listing.ids(saved);
        let (title, mark) = match self.listing {
            Listing::Bookmarks => (format!(" Bookmarks · {} ", ids.len()), "★"),
            Listing::Notes => (format!(" Notes · {} ", ids.len()), "✎"),
        };
        let block = pane_block(title, true, theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let help = match (ids.is_empty(), self.listing) {
            (true, Listing::Bookmarks) => format!(
                "No bookmarks yet: {} on an entity bookmarks it.",
                key(Scope::Browse, "bookmark")
            ),
            (true, Listing::Notes) => format!(
                "No notes yet: {} on an entity writes one.",
                key(Scope::Browse, "note")
            ),
            (false, _) => format!(
                "{} opens · {} edits the note · {} removes · {} undoes · {} closes",
                key(Scope::Bookmarks, "open_bookmark"),
                key(Scope::Bookmarks, "edit_listed_note"),
                key(Scope::Bookmarks, "remove_bookmark"),
                key(Scope::Bookmarks, "undo_listed_removal"),
                key(Scope::Bookmarks, "close_bookmarks")
            ),
        };
        frame.render_widget(
            Paragraph::new(Line::styled(help, theme.dim())),
            Rect::new(inner.x, inner.y, inner.width, 1),
        );
        let list = Self::list_area(area);
        let width = list.width as usize;
        let mut lines = Vec::new();
        for (at, &id) in ids
            .iter()
            .enumerate()
            .skip(self.view.offset)
            .take(list.height as usize)
        {
            let (name, facts) = match catalog.index_of(id) {
                Some(entity) => {
                    let entity = catalog.entity(entity);
                    let date = entity.date.map(|d| d.human()).unwrap_or_default();
                    let facts = if date.is_empty() {
                        entity.kind.as_str().to_string()
                    } else {
                        format!("{} · {date}", entity.kind.as_str())
                    };
                    (entity.name.clone(), facts)
                }
                None => (id.to_string(), "not in this dataset".to_string()),
            };
            let mut text = format!("{mark} {name}  ");
            let mut spans = vec![];
            // The note's lines run together in its one row.
            let note = saved
                .note(id)
                .map(|n| {
                    let joined = n.lines().collect::<Vec<_>>().join(" / ");
                    format!("  — {}", crate::sanitize::cells(&joined))
                })
                .unwrap_or_default();
            let rest = format!("{facts}{note}");
            text = super::paint::ellipsize(&text, width);
            let left = width.saturating_sub(text.width());
            let rest = super::paint::ellipsize(&rest, left);
            let selected = at == self.view.selected;
            let style = if selected {
                theme.selected(true)
            } else {
                ratatui::style::Style::new()
            };
            spans.push(Span::styled(text, style));
            spans.push(Span::styled(rest, theme.dim()));
            lines.push(Line::from(spans));
        }
        frame.render_widget(Paragraph::new(lines), list);
    }
}

/// Open the chosen entry, if the dataset still has it.
fn open(chosen: Option<&str>, catalog: &Catalog) -> Outcome {
    match chosen.and_then(|id| catalog.index_of(id)) {
        Some(entity) => Outcome::Open(Target::Entity(entity)),
        None => Outcome::Stay,
    }
}

impl OverlayPane for BookmarksOverlay {
    fn scopes(&self) -> &'static [Scope] {
        &[Scope::Bookmarks]
    }
    fn label(&self) -> &'static str {
        match self.listing {
            Listing::Bookmarks => " BOOKMARKS ",
            Listing::Notes => " NOTES ",
        }
    }
    fn area(&self, _screen: Rect, body: Rect) -> Rect {
        BookmarksOverlay::area(body)
    }
    fn list_area(&self, area: Rect) -> Rect {
        BookmarksOverlay::list_area(area)
    }
    fn fit(&mut self, area: Rect) {
        BookmarksOverlay::fit(self, area);
    }
    fn update(&mut self, action: Action, context: &Context) -> Outcome {
        BookmarksOverlay::update(self, action, context.catalog, context.saved)
    }
    fn settle(&mut self, context: &Context) {
        self.refresh(context.saved);
    }
    fn draw(&self, frame: &mut Frame, area: Rect, context: &Context) {
        BookmarksOverlay::draw(
            self,
            frame,
            area,
            (context.catalog, context.saved),
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
    use crate::store::Bookmark;

    fn saved(ids: &[&str]) -> Saved {
        Saved {
            bookmarks: ids
                .iter()
                .map(|id| Bookmark {
                    id: id.to_string(),
                    added: 0,
                })
                .collect(),
            ..Saved::default()
        }
    }

    #[test]
    fn opens_removes_and_closes() {
        let catalog = Catalog::new(crate::dataset::load_embedded().unwrap());
        let three = saved(&["richard-sorge", "kuril-islands", "gone"]);
        let mut overlay = BookmarksOverlay::new(&three);
        overlay.fit(Rect::new(0, 0, 60, 12));
        let sorge = catalog.index_of("richard-sorge").unwrap();
        assert_eq!(
            overlay.update(Action::Activate, &catalog, &three),
            Outcome::Open(Target::Entity(sorge))
        );
        overlay.update(Action::Move(Step::Bottom), &catalog, &three);
        // An id the dataset no longer has cannot be opened, only removed.
        assert_eq!(
            overlay.update(Action::Activate, &catalog, &three),
            Outcome::Stay
        );
        assert_eq!(
            overlay.update(Action::RemoveBookmark, &catalog, &three),
            Outcome::Store {
                change: Change::RemoveBookmark("gone".into()),
                close: false
            }
        );
        let two = saved(&["richard-sorge", "kuril-islands"]);
        overlay.refresh(&two);
        assert_eq!(overlay.view.selected, 1);
        assert_eq!(
            overlay.update(Action::Cancel, &catalog, &two),
            Outcome::Close
        );
    }
}
