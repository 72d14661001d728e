//! The links pane: the shown entity's links in both directions, grouped by kind, with a
//! selection that only ever rests on a link (never a group heading).

use super::action::LinkRow;
use super::paint::{highlight_row, pane_block};
use super::text;
use super::theme::Theme;
use super::viewport::{Step, Viewport};
use crate::dataset::{Catalog, EntityIx};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

#[derive(Default)]
pub struct LinksPane {
    pub rows: Vec<LinkRow>,
    /// The scrolled window; its selection is always a `Link` row when any exist.
    pub view: Viewport,
}

impl LinksPane {
    /// Show an entity's links (none for no entity), the first link selected.
    pub fn show(&mut self, catalog: &Catalog, entity: Option<EntityIx>) {
        self.rows = entity.map_or_else(Vec::new, |e| text::link_rows(catalog, e));
        let first_link = self.rows.iter().position(is_link).unwrap_or(0);
        self.view = Viewport::new(self.rows.len());
        self.view.select(first_link);
    }

    pub fn has_links(&self) -> bool {
        self.rows.iter().any(is_link)
    }

    /// The entity the selected link leads to.
    pub fn selected_entity(&self) -> Option<EntityIx> {
        match self.rows.get(self.view.selected) {
            Some(LinkRow::Link { entity, .. }) => Some(*entity),
            _ => None,
        }
    }

    /// Move the selection, skipping group headings.
    pub fn step(&mut self, step: Step) {
        let selectable: Vec<usize> = (0..self.rows.len())
            .filter(|&i| is_link(&self.rows[i]))
            .collect();
        if selectable.is_empty() {
            return;
        }
        let mut list = Viewport::new(selectable.len());
        list.set_height(self.view.height);
        let at = selectable.iter().position(|&i| i == self.view.selected);
        list.select(at.unwrap_or(0));
        list.step(step);
        self.view.select(selectable[list.selected]);
    }

    /// A click on the pane's `row` (counted from its first visible row): selects a link;
    /// a click on the selected one returns it to follow, as Enter does.
    pub fn click(&mut self, row: usize) -> Option<EntityIx> {
        let index = self.view.offset + row;
        let Some(LinkRow::Link { entity, .. }) = self.rows.get(index) else {
            return None;
        };
        if index == self.view.selected {
            return Some(*entity);
        }
        self.view.select(index);
        None
    }

    /// The window is `height` rows; the selection in view with its group's heading.
    pub fn fit(&mut self, height: usize) {
        self.view.set_height(height);
        let heading_before = self.view.selected > 0
            && matches!(
                self.rows.get(self.view.selected - 1),
                Some(LinkRow::Heading(_))
            );
        self.view.keep_in_view(usize::from(heading_before));
    }

    pub fn draw(
        &self,
        frame: &mut Frame,
        area: Rect,
        catalog: &Catalog,
        theme: &Theme,
        focused: bool,
    ) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        let count = self.rows.iter().filter(|r| is_link(r)).count();
        let block = pane_block(format!(" Links · {count} · → out ← in "), focused, theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let mut lines = Vec::new();
        let shown = self.rows.iter().enumerate().skip(self.view.offset);
        for (index, row) in shown.take(inner.height as usize) {
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
                    let other = catalog.entity(*entity);
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
                    if index == self.view.selected {
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
}

fn is_link(row: &LinkRow) -> bool {
    matches!(row, LinkRow::Link { .. })
}
