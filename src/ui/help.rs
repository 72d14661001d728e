//! The help overlay: every key binding, scope by scope, straight from the keymap table,
//! then the search syntax. One file: its state, keys, area and drawing.

use super::action::{Action, Outcome, Step};
use super::keymap::{self, Keymap, SCOPES, Scope};
use super::overlay::{Context, OverlayPane};

use super::paint::pane_block;
use super::theme::Theme;
use super::viewport::Viewport;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HelpOverlay {
    pub view: Viewport,
}

impl HelpOverlay {
    pub fn new(keymap: &Keymap) -> HelpOverlay {
        HelpOverlay {
            view: Viewport::new(lines(&Theme::default(), keymap).len()),
        }
    }

    /// Help scrolled to the search syntax (from the search prompt).
    pub fn at_syntax(keymap: &Keymap) -> HelpOverlay {
        let lines = lines(&Theme::default(), keymap);
        let heading = lines
            .iter()
            .position(|line| line.spans.iter().any(|s| s.content == SYNTAX_HEADING))
            .unwrap_or(0);
        let mut view = Viewport::new(lines.len());
        view.offset = heading;
        HelpOverlay { view }
    }

    /// Centred over the screen, at most 100 columns wide.
    pub fn area(screen: Rect) -> Rect {
        let width = screen.width.saturating_sub(4).min(100);
        let height = screen.height.saturating_sub(2);
        Rect::new(
            screen.x + (screen.width - width) / 2,
            screen.y + (screen.height - height) / 2,
            width,
            height,
        )
    }

    /// The area changed: the window is its inside.
    pub fn fit(&mut self, area: Rect) {
        self.view.set_height(area.height.saturating_sub(2) as usize);
    }

    pub fn update(&mut self, action: Action) -> Outcome {
        match action {
            Action::Move(step) => self.view.scroll(step),
            Action::Wheel { down, .. } => self.view.scroll(Step::By(if down { 3 } else { -3 })),
            Action::Cancel
            | Action::ToggleHelp
            | Action::ClickOverlay(_)
            | Action::ClickOutside => return Outcome::Close,
            _ => {}
        }
        Outcome::Stay
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme, keymap: &Keymap) {
        if area.width < 10 || area.height < 3 {
            return;
        }
        frame.render_widget(Clear, area);
        let title = format!(" Keys · {} closes ", keymap.key_of(Scope::Help, "close"));
        let block = pane_block(title, true, theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let shown: Vec<Line> = lines(theme, keymap)
            .into_iter()
            .skip(self.view.offset)
            .take(inner.height as usize)
            .collect();
        frame.render_widget(Paragraph::new(shown).wrap(Wrap { trim: false }), inner);
    }
}

const SYNTAX_HEADING: &str = "Search syntax";

/// The help text: each scope's bindings (with the keys in use, the user's own where the
/// settings changed them), the search syntax, the mouse.
pub fn lines(theme: &Theme, keymap: &Keymap) -> Vec<Line<'static>> {
    let heading = theme
        .accent()
        .add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
    let mut out = Vec::new();
    let row = |left: String, right: &'static str| {
        Line::from(vec![
            Span::styled(format!("  {left:<22}"), theme.bold()),
            Span::raw(right),
        ])
    };
    for (scope, title) in SCOPES {
        out.push(Line::from(Span::styled(title.to_string(), heading)));
        for (binding, keys) in keymap.bindings().filter(|(b, _)| b.scope == scope) {
            out.push(row(keymap::keys_text(binding, keys), binding.description));
        }
        out.push(Line::default());
    }
    out.push(Line::from(Span::styled(
        SYNTAX_HEADING.to_string(),
        heading,
    )));
    for (syntax, meaning) in crate::search::SYNTAX {
        out.push(row(syntax.to_string(), meaning));
    }
    out.push(Line::default());
    out.push(Line::from(Span::styled(
        "Mouse: click selects a row, a link or an era; click a selected link to open it; the wheel scrolls the pane under the pointer.",
        theme.dim(),
    )));
    out
}

impl OverlayPane for HelpOverlay {
    fn scopes(&self) -> &'static [Scope] {
        &[Scope::Help]
    }
    fn label(&self) -> &'static str {
        " HELP "
    }
    fn area(&self, screen: Rect, _body: Rect) -> Rect {
        HelpOverlay::area(screen)
    }
    fn fit(&mut self, area: Rect) {
        HelpOverlay::fit(self, area);
    }
    fn update(&mut self, action: Action, _context: &Context) -> Outcome {
        HelpOverlay::update(self, action)
    }
    fn draw(&self, frame: &mut Frame, area: Rect, context: &Context) {
        HelpOverlay::draw(self, frame, area, context.theme, context.keymap);
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_scrolls_within_its_text_and_closes() {
        let mut help = HelpOverlay::new(&Keymap::default());
        help.fit(Rect::new(0, 0, 80, 12));
        assert_eq!(help.view.height, 10);
        assert_eq!(help.update(Action::Move(Step::Bottom)), Outcome::Stay);
        assert_eq!(
            help.view.offset,
            lines(&Theme::default(), &Keymap::default()).len() - 10
        );
        help.update(Action::Move(Step::Pages(-1)));
        assert_eq!(
            help.view.offset,
            lines(&Theme::default(), &Keymap::default()).len() - 20
        );
        for close in [Action::Cancel, Action::ToggleHelp, Action::ClickOutside] {
            assert_eq!(help.update(close), Outcome::Close);
        }
    }

    #[test]
    fn every_binding_and_the_search_syntax_are_listed() {
        let text: Vec<String> = lines(&Theme::default(), &Keymap::default())
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect();
        for binding in crate::ui::keymap::BINDINGS {
            assert!(text.iter().any(|l| l.contains(binding.description)));
        }
        for (syntax, _) in crate::search::SYNTAX {
            assert!(text.iter().any(|l| l.contains(syntax)), "{syntax}");
        }
    }
}
