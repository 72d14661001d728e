//! The mouse, as keys are: a pure function from an event and the layout on screen to an
//! action. Clicks land on what was drawn there because drawing uses the same layout.

use super::action::{Action, Focus};
use super::layout::Layout;
use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

pub fn contains(area: Rect, x: u16, y: u16) -> bool {
    area.width > 0
        && area.height > 0
        && x >= area.x
        && x < area.x + area.width
        && y >= area.y
        && y < area.y + area.height
}

/// Row inside a bordered pane's frame for terminal row `y` (None on the frame).
fn inner_row(area: Rect, y: u16) -> Option<usize> {
    (y > area.y && y + 1 < area.y + area.height).then(|| (y - area.y - 1) as usize)
}

fn pane_at(layout: &Layout, x: u16, y: u16) -> Option<(Focus, Rect)> {
    [
        (Focus::Main, layout.main),
        (Focus::Details, layout.details),
        (Focus::Links, layout.links),
    ]
    .into_iter()
    .find(|(_, area)| contains(*area, x, y))
}

pub fn action_for(layout: &Layout, mouse: &MouseEvent) -> Option<Action> {
    let (x, y) = (mouse.column, mouse.row);
    let down = match mouse.kind {
        MouseEventKind::ScrollDown => Some(true),
        MouseEventKind::ScrollUp => Some(false),
        _ => None,
    };
    let click = matches!(mouse.kind, MouseEventKind::Down(MouseButton::Left));
    if layout.too_small || (!click && down.is_none()) {
        return None;
    }
    if layout.overlay.width > 0 {
        if let Some(down) = down {
            return Some(Action::Wheel { pane: None, down });
        }
        let list = layout.overlay_list;
        return Some(if contains(list, x, y) {
            Action::ClickOverlay(Some((y - list.y) as usize))
        } else if contains(layout.overlay, x, y) {
            Action::ClickOverlay(None)
        } else {
            Action::ClickOutside
        });
    }
    if let Some(down) = down {
        let pane = pane_at(layout, x, y).map(|(pane, _)| pane);
        return Some(Action::Wheel { pane, down });
    }
    if let Some(era) = layout.era_at(x, y) {
        return Some(Action::ClickEra(era));
    }
    let (pane, area) = pane_at(layout, x, y)?;
    Some(Action::ClickPane {
        pane,
        row: inner_row(area, y),
        x,
        y,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn event(kind: MouseEventKind, x: u16, y: u16) -> MouseEvent {
        MouseEvent {
            kind,
            column: x,
            row: y,
            modifiers: KeyModifiers::NONE,
        }
    }

    fn layout() -> Layout {
        Layout {
            era_bar: Rect::new(0, 0, 100, 1),
            era_labels: vec![(0, 6, 0), (7, 6, 1)],
            main: Rect::new(0, 2, 50, 20),
            details: Rect::new(50, 2, 50, 12),
            links: Rect::new(50, 14, 50, 8),
            ..Layout::default()
        }
    }

    #[test]
    fn clicks_and_wheel_become_actions_by_where_they_land() {
        let left = MouseEventKind::Down(MouseButton::Left);
        let l = layout();
        assert_eq!(
            action_for(&l, &event(left, 8, 0)),
            Some(Action::ClickEra(1))
        );
        assert_eq!(
            action_for(&l, &event(left, 10, 5)),
            Some(Action::ClickPane {
                pane: Focus::Main,
                row: Some(2),
                x: 10,
                y: 5
            })
        );
        assert_eq!(
            action_for(&l, &event(left, 60, 2)),
            Some(Action::ClickPane {
                pane: Focus::Details,
                row: None,
                x: 60,
                y: 2
            })
        );
        assert_eq!(
            action_for(&l, &event(MouseEventKind::ScrollDown, 60, 15)),
            Some(Action::Wheel {
                pane: Some(Focus::Links),
                down: true
            })
        );
        assert_eq!(action_for(&l, &event(MouseEventKind::Moved, 10, 5)), None);
    }

    #[test]
    fn with_an_overlay_open_the_mouse_speaks_to_it() {
        let left = MouseEventKind::Down(MouseButton::Left);
        let l = Layout {
            overlay: Rect::new(10, 3, 60, 15),
            overlay_list: Rect::new(11, 7, 58, 10),
            ..layout()
        };
        assert_eq!(
            action_for(&l, &event(left, 20, 9)),
            Some(Action::ClickOverlay(Some(2)))
        );
        assert_eq!(
            action_for(&l, &event(left, 20, 4)),
            Some(Action::ClickOverlay(None))
        );
        assert_eq!(
            action_for(&l, &event(left, 2, 20)),
            Some(Action::ClickOutside)
        );
        assert_eq!(
            action_for(&l, &event(MouseEventKind::ScrollUp, 2, 20)),
            Some(Action::Wheel {
                pane: None,
                down: false
            })
        );
        let small = Layout {
            too_small: true,
            ..l
        };
        assert_eq!(action_for(&small, &event(left, 20, 9)), None);
    }
}
