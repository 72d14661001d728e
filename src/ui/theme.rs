//! One theme for the whole explorer: every colour and modifier the panes use. Chosen once
//! at start-up (`ui::run` reads NO_COLOR) and passed in; nothing in the app reads the
//! environment. Every distinction also has a modifier, so the no-colour theme reads the
//! same (reverse video for selections, bold and underline for matches).

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeKind {
    /// Cyan accents, yellow matches, magenta treaties.
    Standard,
    /// No colour at all (NO_COLOR, dumb terminals): modifiers only.
    NoColour,
    /// Bright colours on bold text, no dimming: for low-contrast screens.
    HighContrast,
    /// Dark colours that read on a light background (cyan and yellow wash out there).
    Light,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub kind: ThemeKind,
}

impl Default for Theme {
    fn default() -> Theme {
        Theme::standard()
    }
}

impl Theme {
    pub fn standard() -> Theme {
        Theme {
            kind: ThemeKind::Standard,
        }
    }

    pub fn no_colour() -> Theme {
        Theme {
            kind: ThemeKind::NoColour,
        }
    }

    pub fn light() -> Theme {
        Theme {
            kind: ThemeKind::Light,
        }
    }

    /// The theme a settings name or `--theme` asks for.
    pub fn named(name: crate::config::ThemeName) -> Theme {
        match name {
            crate::config::ThemeName::Default => Theme::standard(),
            crate::config::ThemeName::HighContrast => Theme::high_contrast(),
            crate::config::ThemeName::Light => Theme::light(),
            crate::config::ThemeName::NoColour => Theme::no_colour(),
        }
    }

    pub fn high_contrast() -> Theme {
        Theme {
            kind: ThemeKind::HighContrast,
        }
    }

    /// The theme for a NO_COLOR value (https://no-color.org: set and not empty turns
    /// colour off). The caller reads the variable, once.
    pub fn for_no_color(no_color: Option<&std::ffi::OsStr>) -> Theme {
        if no_color.is_some_and(|v| !v.is_empty()) {
            Theme::no_colour()
        } else {
            Theme::standard()
        }
    }

    /// Whether colours are drawn at all (map and chart choose symbols by it).
    pub fn colour(&self) -> bool {
        self.kind != ThemeKind::NoColour
    }

    fn fg(&self, standard: Color, high_contrast: Color) -> Style {
        match self.kind {
            ThemeKind::Standard => Style::new().fg(standard),
            ThemeKind::HighContrast => Style::new().fg(high_contrast).add_modifier(Modifier::BOLD),
            ThemeKind::Light => Style::new().fg(match standard {
                Color::Cyan => Color::Blue,
                Color::Yellow => Color::Magenta,
                Color::Magenta => Color::Red,
                other => other,
            }),
            ThemeKind::NoColour => Style::new(),
        }
    }

    /// Headings, the prompt, the focused border.
    pub fn accent(&self) -> Style {
        self.fg(Color::Cyan, Color::LightCyan)
    }

    /// A selected row: reverse video (bold where focused), so it shows without colour.
    pub fn selected(&self, focused: bool) -> Style {
        let mut style = Style::new().add_modifier(Modifier::REVERSED);
        if focused {
            style = style.add_modifier(Modifier::BOLD);
            if self.colour() {
                style = style.patch(self.accent());
            }
        }
        style
    }

    /// Matched letters of a search result.
    pub fn matched(&self) -> Style {
        self.fg(Color::Yellow, Color::LightYellow)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// Secondary text. High contrast never dims.
    pub fn dim(&self) -> Style {
        match self.kind {
            ThemeKind::HighContrast => Style::new(),
            _ => Style::new().add_modifier(Modifier::DIM),
        }
    }

    /// Something wrong in the input (an unknown kind in the query).
    pub fn warning(&self) -> Style {
        self.fg(Color::Red, Color::LightRed)
            .add_modifier(Modifier::BOLD)
    }

    /// The treaty marker on the timeline.
    pub fn treaty(&self) -> Style {
        match self.kind {
            ThemeKind::NoColour => Style::new().add_modifier(Modifier::BOLD),
            _ => self.fg(Color::Magenta, Color::LightMagenta),
        }
    }

    /// A pane border: thick and bold when focused (accent colour), else plain and dim.
    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.accent().add_modifier(Modifier::BOLD)
        } else {
            self.dim()
        }
    }

    pub fn bold(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_chooses_the_colourless_theme_and_it_has_no_colour() {
        use std::ffi::OsStr;
        assert_eq!(Theme::for_no_color(None), Theme::standard());
        assert_eq!(Theme::for_no_color(Some(OsStr::new(""))), Theme::standard());
        let plain = Theme::for_no_color(Some(OsStr::new("1")));
        assert_eq!(plain, Theme::no_colour());
        for style in [
            plain.accent(),
            plain.selected(true),
            plain.matched(),
            plain.warning(),
            plain.treaty(),
            plain.border(true),
        ] {
            assert_eq!((style.fg, style.bg), (None, None), "{style:?}");
        }
        // Distinctions survive as modifiers.
        assert!(
            plain
                .selected(true)
                .add_modifier
                .contains(Modifier::REVERSED)
        );
        assert!(plain.matched().add_modifier.contains(Modifier::UNDERLINED));
        assert!(plain.treaty().add_modifier.contains(Modifier::BOLD));
    }

    #[test]
    fn light_avoids_the_colours_that_wash_out_on_white() {
        let theme = Theme::light();
        for style in [theme.accent(), theme.matched(), theme.border(true)] {
            assert!(
                !matches!(style.fg, Some(Color::Cyan | Color::Yellow)),
                "{style:?}"
            );
        }
        assert!(theme.colour());
    }

    #[test]
    fn high_contrast_never_dims() {
        let theme = Theme::high_contrast();
        assert!(!theme.dim().add_modifier.contains(Modifier::DIM));
        assert!(!theme.border(false).add_modifier.contains(Modifier::DIM));
        assert!(theme.accent().add_modifier.contains(Modifier::BOLD));
    }
}
