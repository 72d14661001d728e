//! The screen shown while a dataset opens: what is being opened, the step under way with
//! its progress, the time so far, and how to quit. Its state changes only through
//! `Loading::update`; drawing is a pure function of it.

use super::paint::pane_block;
use super::theme::Theme;
use crate::load::Stage;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use std::time::Duration;

/// What the loading screen shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loading {
    /// The file being opened, as the user named it.
    pub name: String,
    pub stage: Option<Stage>,
    /// Time since the explorer started.
    pub elapsed: Duration,
}

impl Loading {
    pub fn new(name: impl Into<String>) -> Loading {
        Loading {
            name: name.into(),
            stage: None,
            elapsed: Duration::ZERO,
        }
    }

    /// A new step (or more of the same); whether the screen changed.
    pub fn update(&mut self, stage: Stage, elapsed: Duration) -> bool {
        let before = self.label();
        self.stage = Some(stage);
        self.elapsed = elapsed;
        self.label() != before
    }

    /// Time passes: the shown seconds change every tenth of a second.
    pub fn tick(&mut self, elapsed: Duration) -> bool {
        let changed = elapsed.as_millis() / 100 != self.elapsed.as_millis() / 100;
        self.elapsed = elapsed;
        changed
    }

    fn label(&self) -> String {
        self.stage
            .map_or_else(|| "Starting…".to_string(), |stage| stage.label())
    }

    /// Share done of the step, when the step knows it (reading and hashing bytes).
    fn fraction(&self) -> Option<f64> {
        match self.stage? {
            Stage::Hashing(done, all) | Stage::Reading(done, all) if all > 0 => {
                Some((done as f64 / all as f64).clamp(0.0, 1.0))
            }
            _ => None,
        }
    }
}

/// A bar of `width` cells, `fraction` of it full, in eighths of a cell.
fn bar(fraction: f64, width: usize) -> String {
    const PARTS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    let eighths = (fraction * (width * 8) as f64).round() as usize;
    let full = (eighths / 8).min(width);
    let mut out = "█".repeat(full);
    if full < width {
        out.push_str(PARTS[eighths % 8]);
        let used = full + usize::from(!eighths.is_multiple_of(8));
        out.push_str(&"·".repeat(width - used));
    }
    out
}

/// Draw the loading screen: a box in the middle, or one line on a tiny terminal.
pub fn draw(frame: &mut Frame, loading: &Loading, theme: &Theme) {
    let screen = frame.area();
    let seconds = format!("{:.1} s", loading.elapsed.as_secs_f64());
    let label = loading.label();
    if screen.width < 24 || screen.height < 7 {
        let line = Line::from(vec![Span::raw(label), Span::raw(" q quits")]);
        frame.render_widget(Paragraph::new(line), screen);
        return;
    }
    let width = screen.width.min(64);
    let area = Rect::new(
        screen.x + (screen.width - width) / 2,
        screen.y + (screen.height - 7) / 2,
        width,
        7,
    );
    let inner_width = usize::from(width - 4);
    let mut lines = vec![
        Line::from(vec![
            Span::styled(label, theme.accent()),
            Span::raw("  "),
            Span::styled(seconds, theme.dim()),
        ]),
        Line::raw(""),
    ];
    lines.push(match loading.fraction() {
        Some(fraction) => Line::raw(bar(fraction, inner_width)),
        None => Line::styled("a large dataset is opened once, then cached", theme.dim()),
    });
    lines.push(Line::raw(""));
    lines.push(Line::styled("q or Esc quits", theme.dim()));
    let title = format!(" nisso · opening {} ", loading.name);
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines).block(
            pane_block(title, true, theme).padding(ratatui::widgets::Padding::horizontal(1)),
        ),
        area,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn render(loading: &Loading, width: u16, height: u16) -> String {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal
            .draw(|frame| draw(frame, loading, &Theme::default()))
            .unwrap();
        crate::ui::buffer_text(terminal.backend().buffer())
    }

    #[test]
    fn shows_the_step_its_progress_and_how_to_quit() {
        let mut loading = Loading::new("big.json");
        assert!(loading.update(Stage::Reading(50, 100), Duration::from_millis(1234)));
        let text = render(&loading, 80, 24);
        assert!(text.contains("opening big.json"), "{text}");
        assert!(text.contains("Reading… 50%"), "{text}");
        assert!(text.contains("1.2 s"), "{text}");
        assert!(text.contains("q or Esc quits"), "{text}");
        let full = text.lines().find(|l| l.contains('█')).unwrap();
        let cells = full.chars().filter(|&c| c == '█').count();
        assert!((27..=30).contains(&cells), "{full}");
        // The same step with more done is a change only when its percentage is.
        assert!(!loading.update(Stage::Reading(50, 100), Duration::from_millis(1300)));
        assert!(loading.update(Stage::Indexing, Duration::from_millis(1400)));
        let text = render(&loading, 80, 24);
        assert!(
            text.contains("Checking and building the search index"),
            "{text}"
        );
        assert!(!text.contains('█'), "{text}");
    }

    #[test]
    fn fits_any_terminal() {
        let loading = Loading::new("a-very-long-file-name-that-does-not-fit.json");
        for (width, height) in [(1, 1), (10, 3), (23, 6), (24, 7), (40, 10), (300, 100)] {
            let text = render(&loading, width, height);
            assert_eq!(text.lines().count(), usize::from(height));
        }
        assert!(render(&loading, 20, 3).contains("Starting"));
    }

    #[test]
    fn bar_fills_in_eighths() {
        assert_eq!(bar(0.0, 4), "····");
        assert_eq!(bar(1.0, 4), "████");
        assert_eq!(bar(0.5, 4), "██··");
        assert_eq!(bar(1.0 / 32.0, 4), "▏···");
    }
}
