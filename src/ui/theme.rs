//! One theme for the whole explorer: a named style for every role a pane draws (text,
//! selection, matches, borders, the map's land, borders and places, the chart's series).
//! Chosen once at start-up (`--theme`, the settings file, else NO_COLOR) and passed in;
//! nothing in the app reads the environment. This is the only file under `src/ui/` that names
//! a colour (a test keeps it so), so a theme is the whole truth about what gets drawn.
//!
//! Every distinction also has a glyph or a modifier, so the no-colour theme reads the same
//! (reverse video for selections, bold and underline for matches, fill patterns for chart
//! series, bold/underline/italic for the map's borders).
//!
//! Each theme is drawn for a background it declares, and the tests hold every role to a WCAG
//! contrast ratio against it (see `contrast`).

use ratatui::style::{Color, Modifier, Style};

/// The explorer's themes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeKind {
    /// Cyan accents, yellow matches, magenta treaties, for a dark background.
    Standard,
    /// Dark colours that read on a light background (cyan and yellow wash out there).
    Light,
    /// Bright colours on bold text, no dimming: for low-contrast screens.
    HighContrast,
    /// No colour at all (NO_COLOR, dumb terminals): glyphs and modifiers only.
    NoColour,
}

/// A theme as `--theme` and the settings file name it.
#[derive(Debug, Clone, Copy)]
pub struct ThemeName {
    pub kind: ThemeKind,
    /// The name help, the README and error messages give.
    pub name: &'static str,
    /// Other spellings accepted, for compatibility: settings files said `default` while the
    /// flag said `standard`, and NO_COLOR users write `no-color`.
    pub aliases: &'static [&'static str],
    /// One line for `--help`.
    pub about: &'static str,
}

/// The one list of theme names: the flag's value parser, the settings parser, help, the
/// default settings file and the README (checked by a test) all read it.
pub const THEMES: [ThemeName; 4] = [
    ThemeName {
        kind: ThemeKind::Standard,
        name: "standard",
        aliases: &["default"],
        about: "colours for a dark background",
    },
    ThemeName {
        kind: ThemeKind::Light,
        name: "light",
        aliases: &[],
        about: "dark colours for a light background",
    },
    ThemeName {
        kind: ThemeKind::HighContrast,
        name: "high-contrast",
        aliases: &[],
        about: "bright bold colours on a dark background, nothing dimmed",
    },
    ThemeName {
        kind: ThemeKind::NoColour,
        name: "no-colour",
        aliases: &["no-color", "none"],
        about: "no colour: bold, underline, italics and reverse video only",
    },
];

impl ThemeKind {
    /// The theme a name or alias spells; case, surrounding blanks and `_` for `-` do not
    /// matter (`No_Colour` is `no-colour`).
    pub fn from_name(text: &str) -> Option<ThemeKind> {
        let wanted = text.trim().to_lowercase().replace('_', "-");
        THEMES
            .iter()
            .find(|t| t.name == wanted || t.aliases.contains(&wanted.as_str()))
            .map(|t| t.kind)
    }

    pub fn name(self) -> &'static str {
        THEMES
            .iter()
            .find(|t| t.kind == self)
            .map_or("standard", |t| t.name)
    }
}

/// The background a theme's colours are chosen for (the contrast tests assume it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Background {
    Dark,
    Light,
}

/// How one chart series is drawn: its fill glyph, the bar's style and its value labels'.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeriesStyle {
    /// `█` draws solid bars (ending in eighth blocks); a pattern tells series apart without
    /// colour and rounds to whole cells.
    pub fill: &'static str,
    pub bar: Style,
    pub label: Style,
}

/// The map's roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapStyles {
    /// The coastline; its modifiers cover the whole map (dim land lets bold markers stand out
    /// without colour).
    pub land: Style,
    /// Borders by kind. Each keeps a modifier in every theme (bold; bold and underlined;
    /// italic) so they differ without colour too.
    pub boundary: Style,
    pub disputed: Style,
    pub extent: Style,
    /// Markers: other places, the current era's places, the selected place.
    pub place: Style,
    pub era_place: Style,
    pub selected_place: Style,
    /// Their labels.
    pub label: Style,
    pub era_label: Style,
    pub selected_label: Style,
}

/// The chart's roles (its axis, unit and notes use the theme's text, heading and dim).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChartStyles {
    /// Series in order; past the last they repeat, patched with `repeat`.
    pub series: [SeriesStyle; 6],
    /// Tells a repeated series from its first use (dim without colour).
    pub repeat: Style,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub kind: ThemeKind,
    pub background: Background,
    /// Body text.
    text: Style,
    /// Titles and names.
    heading: Style,
    /// A section heading in the details pane (Sources, Figures…).
    section: Style,
    /// Emphasised paragraphs (an entity's summary).
    emphasis: Style,
    /// Headings, the prompt, dates in the search status.
    accent: Style,
    /// The selected row of the focused pane, and the status bar's mode.
    selected: Style,
    /// The selected row of another pane.
    selected_unfocused: Style,
    /// Matched letters of a search result.
    matched: Style,
    /// Secondary text: hints, dates, counts.
    dim: Style,
    /// Something wrong in the input, notices.
    warning: Style,
    /// The treaty marker on the timeline.
    treaty: Style,
    border_focused: Style,
    border: Style,
    pub map: MapStyles,
    pub chart: ChartStyles,
}

impl Default for Theme {
    fn default() -> Theme {
        Theme::standard()
    }
}

const fn fg(color: Color) -> Style {
    Style::new().fg(color)
}

const BOLD: Modifier = Modifier::BOLD;
const REVERSED: Modifier = Modifier::REVERSED;
const UNDERLINED: Modifier = Modifier::UNDERLINED;
const ITALIC: Modifier = Modifier::ITALIC;
const DIM: Modifier = Modifier::DIM;

/// Solid bars in six colours, value labels in the bar's colour.
const fn solid_series(colours: [Color; 6]) -> [SeriesStyle; 6] {
    let mut out = [SeriesStyle {
        fill: "█",
        bar: Style::new(),
        label: Style::new(),
    }; 6];
    let mut i = 0;
    while i < 6 {
        out[i].bar = fg(colours[i]);
        out[i].label = fg(colours[i]);
        i += 1;
    }
    out
}

impl Theme {
    /// The theme of a kind.
    pub fn of(kind: ThemeKind) -> Theme {
        match kind {
            ThemeKind::Standard => Theme::standard(),
            ThemeKind::Light => Theme::light(),
            ThemeKind::HighContrast => Theme::high_contrast(),
            ThemeKind::NoColour => Theme::no_colour(),
        }
    }

    /// For a dark background: the terminal's own text, cyan accents, yellow matches.
    pub fn standard() -> Theme {
        Theme {
            kind: ThemeKind::Standard,
            background: Background::Dark,
            text: Style::new(),
            heading: Style::new().add_modifier(BOLD),
            section: Style::new().add_modifier(BOLD.union(UNDERLINED)),
            emphasis: Style::new().add_modifier(ITALIC),
            accent: fg(Color::Cyan),
            selected: fg(Color::Cyan).add_modifier(REVERSED.union(BOLD)),
            selected_unfocused: Style::new().add_modifier(REVERSED),
            matched: fg(Color::Yellow).add_modifier(BOLD.union(UNDERLINED)),
            dim: Style::new().add_modifier(DIM),
            // Not Red: xterm's #cd0000 is 3.6:1 on black, short of 4.5 for text.
            warning: fg(Color::LightRed).add_modifier(BOLD),
            treaty: fg(Color::Magenta),
            border_focused: fg(Color::Cyan).add_modifier(BOLD),
            border: Style::new().add_modifier(DIM),
            map: MapStyles {
                land: fg(Color::Gray),
                boundary: fg(Color::LightRed).add_modifier(BOLD),
                disputed: fg(Color::LightMagenta).add_modifier(BOLD.union(UNDERLINED)),
                extent: fg(Color::Yellow).add_modifier(ITALIC),
                place: fg(Color::LightCyan),
                era_place: fg(Color::Yellow).add_modifier(BOLD),
                selected_place: fg(Color::LightRed).add_modifier(BOLD.union(REVERSED)),
                label: fg(Color::Gray),
                era_label: fg(Color::Yellow),
                selected_label: Style::new().add_modifier(BOLD.union(REVERSED)),
            },
            chart: ChartStyles {
                // Light magenta and the cube's sky blue (75, #5fafff) rather than magenta and
                // light blue (#cd00cd, #5c5cff): value labels are text, and those two are
                // just under 4.5:1 on black.
                series: solid_series([
                    Color::Cyan,
                    Color::Yellow,
                    Color::LightMagenta,
                    Color::Green,
                    Color::Indexed(75),
                    Color::LightRed,
                ]),
                repeat: Style::new(),
            },
        }
    }

    /// For a light background: blue accents, magenta matches, and for the map and chart
    /// the dark orange (130, #af5f00), green (28, #008700) and teal (24, #005f87) of the
    /// 256-colour cube where the standard theme has yellow, green and blue, which wash out on
    /// white.
    pub fn light() -> Theme {
        const ORANGE: Color = Color::Indexed(130);
        const GREEN: Color = Color::Indexed(28);
        const TEAL: Color = Color::Indexed(24);
        Theme {
            kind: ThemeKind::Light,
            background: Background::Light,
            text: Style::new(),
            heading: Style::new().add_modifier(BOLD),
            section: Style::new().add_modifier(BOLD.union(UNDERLINED)),
            emphasis: Style::new().add_modifier(ITALIC),
            accent: fg(Color::Blue),
            // Navy (18, #000087), not blue: dimmed text inside a selected row (the search
            // results' dates) falls to 2.8:1 on xterm's blue, 4.2:1 on navy.
            selected: fg(Color::Indexed(18)).add_modifier(REVERSED.union(BOLD)),
            selected_unfocused: Style::new().add_modifier(REVERSED),
            matched: fg(Color::Magenta).add_modifier(BOLD.union(UNDERLINED)),
            dim: Style::new().add_modifier(DIM),
            warning: fg(Color::Red).add_modifier(BOLD),
            treaty: fg(Color::Red),
            border_focused: fg(Color::Blue).add_modifier(BOLD),
            border: Style::new().add_modifier(DIM),
            map: MapStyles {
                land: fg(Color::DarkGray),
                boundary: fg(Color::Red).add_modifier(BOLD),
                disputed: fg(Color::Magenta).add_modifier(BOLD.union(UNDERLINED)),
                extent: fg(ORANGE).add_modifier(ITALIC),
                place: fg(Color::Blue),
                era_place: fg(ORANGE).add_modifier(BOLD),
                selected_place: fg(Color::Red).add_modifier(BOLD.union(REVERSED)),
                // The terminal's own (dark) text: grey labels fade into the land.
                label: Style::new(),
                era_label: fg(ORANGE),
                selected_label: Style::new().add_modifier(BOLD.union(REVERSED)),
            },
            chart: ChartStyles {
                series: solid_series([
                    Color::Blue,
                    ORANGE,
                    Color::Magenta,
                    GREEN,
                    TEAL,
                    Color::Red,
                ]),
                repeat: Style::new(),
            },
        }
    }

    /// Bright colours, bold, never dimmed; text at 7:1 or more on black (WCAG AAA), which
    /// is why reds, magentas and blues come from the cube (210 #ff8787, 213 #ff87ff,
    /// 111 #87afff): xterm's bright red and magenta reach only 5.3:1 and 6.7:1.
    pub fn high_contrast() -> Theme {
        const RED: Color = Color::Indexed(210);
        const MAGENTA: Color = Color::Indexed(213);
        const BLUE: Color = Color::Indexed(111);
        Theme {
            kind: ThemeKind::HighContrast,
            background: Background::Dark,
            text: Style::new(),
            heading: Style::new().add_modifier(BOLD),
            section: Style::new().add_modifier(BOLD.union(UNDERLINED)),
            emphasis: Style::new().add_modifier(ITALIC),
            accent: fg(Color::LightCyan).add_modifier(BOLD),
            selected: fg(Color::LightCyan).add_modifier(REVERSED.union(BOLD)),
            selected_unfocused: Style::new().add_modifier(REVERSED),
            matched: fg(Color::LightYellow).add_modifier(BOLD.union(UNDERLINED)),
            dim: Style::new(),
            warning: fg(RED).add_modifier(BOLD),
            treaty: fg(MAGENTA).add_modifier(BOLD),
            border_focused: fg(Color::LightCyan).add_modifier(BOLD),
            border: Style::new(),
            map: MapStyles {
                land: fg(Color::Gray),
                boundary: fg(RED).add_modifier(BOLD),
                disputed: fg(MAGENTA).add_modifier(BOLD.union(UNDERLINED)),
                extent: fg(Color::LightYellow).add_modifier(ITALIC),
                place: fg(Color::LightCyan).add_modifier(BOLD),
                era_place: fg(Color::LightYellow).add_modifier(BOLD),
                selected_place: fg(RED).add_modifier(BOLD.union(REVERSED)),
                label: fg(Color::White),
                era_label: fg(Color::LightYellow).add_modifier(BOLD),
                selected_label: Style::new().add_modifier(BOLD.union(REVERSED)),
            },
            chart: ChartStyles {
                series: solid_series([
                    Color::LightCyan,
                    Color::LightYellow,
                    MAGENTA,
                    Color::LightGreen,
                    BLUE,
                    RED,
                ]),
                repeat: Style::new(),
            },
        }
    }

    /// No colour at all: every distinction by glyph or modifier.
    pub fn no_colour() -> Theme {
        const fn pattern(fill: &'static str) -> SeriesStyle {
            SeriesStyle {
                fill,
                bar: Style::new(),
                label: Style::new(),
            }
        }
        let plain = Style::new();
        Theme {
            kind: ThemeKind::NoColour,
            background: Background::Dark,
            text: plain,
            heading: plain.add_modifier(BOLD),
            section: plain.add_modifier(BOLD.union(UNDERLINED)),
            emphasis: plain.add_modifier(ITALIC),
            accent: plain,
            selected: plain.add_modifier(REVERSED.union(BOLD)),
            selected_unfocused: plain.add_modifier(REVERSED),
            matched: plain.add_modifier(BOLD.union(UNDERLINED)),
            dim: plain.add_modifier(DIM),
            warning: plain.add_modifier(BOLD),
            treaty: plain.add_modifier(BOLD),
            border_focused: plain.add_modifier(BOLD),
            border: plain.add_modifier(DIM),
            map: MapStyles {
                land: plain.add_modifier(DIM),
                boundary: plain.add_modifier(BOLD),
                disputed: plain.add_modifier(BOLD.union(UNDERLINED)),
                extent: plain.add_modifier(ITALIC),
                place: plain,
                era_place: plain.add_modifier(BOLD),
                selected_place: plain.add_modifier(BOLD.union(REVERSED)),
                label: plain,
                era_label: plain.add_modifier(BOLD),
                selected_label: plain.add_modifier(BOLD.union(REVERSED)),
            },
            chart: ChartStyles {
                // Most contrasting pairs first.
                series: [
                    pattern("█"),
                    pattern("░"),
                    pattern("▒"),
                    pattern("▓"),
                    pattern("▚"),
                    pattern("▞"),
                ],
                repeat: plain.add_modifier(DIM),
            },
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

    /// Body text.
    pub fn text(&self) -> Style {
        self.text
    }

    /// Titles, names, the chart's unit.
    pub fn bold(&self) -> Style {
        self.heading
    }

    /// A section heading in the details pane.
    pub fn section(&self) -> Style {
        self.section
    }

    /// Emphasised text.
    pub fn emphasis(&self) -> Style {
        self.emphasis
    }

    /// Headings, the prompt, the focused border.
    pub fn accent(&self) -> Style {
        self.accent
    }

    /// A selected row: reverse video (bold where focused), so it shows without colour.
    pub fn selected(&self, focused: bool) -> Style {
        if focused {
            self.selected
        } else {
            self.selected_unfocused
        }
    }

    /// Matched letters of a search result.
    pub fn matched(&self) -> Style {
        self.matched
    }

    /// Secondary text. High contrast never dims.
    pub fn dim(&self) -> Style {
        self.dim
    }

    /// Something wrong in the input (an unknown kind in the query).
    pub fn warning(&self) -> Style {
        self.warning
    }

    /// The treaty marker on the timeline.
    pub fn treaty(&self) -> Style {
        self.treaty
    }

    /// A pane border: bold when focused (accent colour), else plain (dim).
    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.border_focused
        } else {
            self.border
        }
    }

    /// Chart series `index`: the theme's six in turn, then again with their bars patched
    /// with `repeat` (labels stay as they were: a dimmed number is harder to read).
    pub fn series(&self, index: usize) -> SeriesStyle {
        let count = self.chart.series.len();
        let look = self.chart.series[index % count];
        if index < count {
            return look;
        }
        SeriesStyle {
            bar: look.bar.patch(self.chart.repeat),
            ..look
        }
    }

    /// Every role with the contrast it must reach: text needs 4.5:1 (WCAG AA for body
    /// text), graphics (markers, lines, bars, borders) and secondary dimmed text 3:1.
    /// Combinations drawn on top of each other (a match inside a selected row) are listed too.
    pub fn roles(&self) -> Vec<(String, Style, Use)> {
        let (m, c) = (&self.map, &self.chart);
        let mut roles = vec![
            ("text", self.text, Use::Text),
            ("heading", self.heading, Use::Text),
            ("section", self.section, Use::Text),
            ("emphasis", self.emphasis, Use::Text),
            ("accent", self.accent, Use::Text),
            ("selected", self.selected, Use::Text),
            ("selected (unfocused)", self.selected_unfocused, Use::Text),
            ("matched", self.matched, Use::Text),
            (
                "matched in a selection",
                self.selected.patch(self.matched),
                Use::Text,
            ),
            ("dim", self.dim, Use::Secondary),
            (
                "dim in a selection",
                self.selected.patch(self.dim),
                Use::Secondary,
            ),
            ("warning", self.warning, Use::Text),
            ("treaty", self.treaty, Use::Graphic),
            ("border (focused)", self.border_focused, Use::Graphic),
            ("border", self.border, Use::Graphic),
            ("map land", m.land, Use::Graphic),
            ("map boundary", m.boundary, Use::Graphic),
            ("map disputed", m.disputed, Use::Graphic),
            ("map extent", m.extent, Use::Graphic),
            ("map place", m.place, Use::Graphic),
            ("map era place", m.era_place, Use::Graphic),
            ("map selected place", m.selected_place, Use::Graphic),
            ("map label", m.label, Use::Text),
            ("map era label", m.era_label, Use::Text),
            ("map selected label", m.selected_label, Use::Text),
        ]
        .into_iter()
        .map(|(name, style, usage)| (name.to_string(), style, usage))
        .collect::<Vec<_>>();
        // The six series and the first repeat.
        for i in 0..=c.series.len() {
            let look = self.series(i);
            roles.push((format!("chart series {}", i + 1), look.bar, Use::Graphic));
            roles.push((format!("chart value {}", i + 1), look.label, Use::Text));
        }
        roles
    }
}

/// What a role draws, which sets the contrast it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// Words and numbers to read: 4.5:1.
    Text,
    /// Dimmed secondary text (hints, dates): 3:1, as dimming is its point.
    Secondary,
    /// Lines, markers, bars, borders: 3:1 (WCAG 1.4.11, non-text contrast).
    Graphic,
}

impl Use {
    pub fn minimum(self) -> f64 {
        match self {
            Use::Text => 4.5,
            Use::Secondary | Use::Graphic => 3.0,
        }
    }
}

/// WCAG contrast of styles against a theme's background, with documented assumptions:
///
/// - Named and 0–15 indexed colours are xterm's default palette; 16–231 are the 6×6×6 cube
///   (0, 95, 135, 175, 215, 255) and 232–255 the grey ramp (8 + 10n), as xterm draws them.
/// - The terminal's own colours (`Reset`, no colour given): on a dark background text
///   #e5e5e5 (xterm colour 7) on #000000; on a light one #000000 on #ffffff (xterm's
///   defaults).
/// - Reverse video swaps foreground and background; dim (faint) text is drawn halfway
///   between its colour and the background, as VTE and xterm do (some terminals dim less).
pub mod contrast {
    use crate::ui::theme::{Background, Style};
    use ratatui::style::{Color, Modifier};

    pub type Rgb = (u8, u8, u8);

    const XTERM: [Rgb; 16] = [
        (0x00, 0x00, 0x00),
        (0xcd, 0x00, 0x00),
        (0x00, 0xcd, 0x00),
        (0xcd, 0xcd, 0x00),
        (0x00, 0x00, 0xee),
        (0xcd, 0x00, 0xcd),
        (0x00, 0xcd, 0xcd),
        (0xe5, 0xe5, 0xe5),
        (0x7f, 0x7f, 0x7f),
        (0xff, 0x00, 0x00),
        (0x00, 0xff, 0x00),
        (0xff, 0xff, 0x00),
        (0x5c, 0x5c, 0xff),
        (0xff, 0x00, 0xff),
        (0x00, 0xff, 0xff),
        (0xff, 0xff, 0xff),
    ];

    /// The terminal's default (text, background) for a background.
    pub fn defaults(background: Background) -> (Rgb, Rgb) {
        match background {
            Background::Dark => (XTERM[7], XTERM[0]),
            Background::Light => (XTERM[0], XTERM[15]),
        }
    }

    fn indexed(n: u8) -> Rgb {
        match n {
            0..=15 => XTERM[usize::from(n)],
            16..=231 => {
                let level = |v: u8| if v == 0 { 0 } else { 55 + 40 * v };
                let n = n - 16;
                (level(n / 36), level(n / 6 % 6), level(n % 6))
            }
            _ => {
                let grey = 8 + 10 * (n - 232);
                (grey, grey, grey)
            }
        }
    }

    /// A colour's RGB; `None` for the terminal's own (Reset).
    pub fn rgb(color: Color) -> Option<Rgb> {
        let index = match color {
            Color::Reset => return None,
            Color::Rgb(r, g, b) => return Some((r, g, b)),
            Color::Indexed(n) => n,
            Color::Black => 0,
            Color::Red => 1,
            Color::Green => 2,
            Color::Yellow => 3,
            Color::Blue => 4,
            Color::Magenta => 5,
            Color::Cyan => 6,
            Color::Gray => 7,
            Color::DarkGray => 8,
            Color::LightRed => 9,
            Color::LightGreen => 10,
            Color::LightYellow => 11,
            Color::LightBlue => 12,
            Color::LightMagenta => 13,
            Color::LightCyan => 14,
            Color::White => 15,
        };
        Some(indexed(index))
    }

    /// sRGB relative luminance (WCAG 2).
    pub fn luminance((r, g, b): Rgb) -> f64 {
        let linear = |v: u8| {
            let c = f64::from(v) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    }

    pub fn ratio(a: Rgb, b: Rgb) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    /// The (text, background) a style shows on a theme's background.
    pub fn shown(style: Style, background: Background) -> (Rgb, Rgb) {
        let (text, back) = defaults(background);
        let mut fg = style.fg.and_then(rgb).unwrap_or(text);
        let mut bg = style.bg.and_then(rgb).unwrap_or(back);
        if style.add_modifier.contains(Modifier::REVERSED) {
            std::mem::swap(&mut fg, &mut bg);
        }
        if style.add_modifier.contains(Modifier::DIM) {
            let half = |f: u8, b: u8| ((u16::from(f) + u16::from(b)) / 2) as u8;
            fg = (half(fg.0, bg.0), half(fg.1, bg.1), half(fg.2, bg.2));
        }
        (fg, bg)
    }

    /// The contrast a style shows on a theme's background.
    pub fn of(style: Style, background: Background) -> f64 {
        let (fg, bg) = shown(style, background);
        ratio(fg, bg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [fn() -> Theme; 4] = [
        Theme::standard,
        Theme::light,
        Theme::high_contrast,
        Theme::no_colour,
    ];

    #[test]
    fn no_color_chooses_the_colourless_theme_and_it_has_no_colour() {
        use std::ffi::OsStr;
        assert_eq!(Theme::for_no_color(None), Theme::standard());
        assert_eq!(Theme::for_no_color(Some(OsStr::new(""))), Theme::standard());
        let plain = Theme::for_no_color(Some(OsStr::new("1")));
        assert_eq!(plain, Theme::no_colour());
        for (name, style, _) in plain.roles() {
            assert_eq!((style.fg, style.bg), (None, None), "{name}: {style:?}");
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

    /// Without colour, roles that must be told apart differ by modifier or glyph.
    #[test]
    fn no_colour_keeps_every_distinction_without_colour() {
        let plain = Theme::no_colour();
        let m = plain.map;
        let distinct = |what: &str, styles: &[Style]| {
            for (i, a) in styles.iter().enumerate() {
                for b in &styles[i + 1..] {
                    assert_ne!(a.add_modifier, b.add_modifier, "{what}: {a:?} and {b:?}");
                }
            }
        };
        distinct(
            "map borders and land",
            &[m.land, m.boundary, m.disputed, m.extent],
        );
        distinct("map markers", &[m.place, m.era_place, m.selected_place]);
        distinct("map labels", &[m.label, m.era_label, m.selected_label]);
        distinct(
            "text",
            &[
                plain.text(),
                plain.selected(true),
                plain.selected(false),
                plain.matched(),
                plain.dim(),
            ],
        );
        distinct("borders", &[plain.border(true), plain.border(false)]);
        let fills: Vec<&str> = plain.chart.series.iter().map(|s| s.fill).collect();
        for (i, fill) in fills.iter().enumerate() {
            assert!(!fills[i + 1..].contains(fill), "{fill} twice");
        }
        assert_ne!(plain.series(0), plain.series(6), "a repeat is told apart");
    }

    #[test]
    fn light_avoids_the_colours_that_wash_out_on_white() {
        let theme = Theme::light();
        for (name, style, _) in theme.roles() {
            assert!(
                !matches!(
                    style.fg,
                    Some(Color::Cyan | Color::Yellow | Color::LightCyan | Color::LightYellow)
                ),
                "{name}: {style:?}"
            );
        }
    }

    #[test]
    fn high_contrast_never_dims() {
        let theme = Theme::high_contrast();
        for (name, style, _) in theme.roles() {
            assert!(!style.add_modifier.contains(Modifier::DIM), "{name}");
        }
        assert!(theme.accent().add_modifier.contains(Modifier::BOLD));
    }

    /// The palette arithmetic, against values computed by hand.
    #[test]
    fn contrast_matches_known_values() {
        use contrast::*;
        assert!((ratio((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 1e-9);
        assert_eq!(rgb(Color::Indexed(130)), Some((0xaf, 0x5f, 0x00)));
        assert_eq!(rgb(Color::Indexed(232)), Some((8, 8, 8)));
        assert_eq!(rgb(Color::Gray), Some((0xe5, 0xe5, 0xe5)));
        // Yellow on white: the failure this theme exists to avoid.
        let yellow = of(Style::new().fg(Color::Yellow), Background::Light);
        assert!((1.6..1.8).contains(&yellow), "{yellow}");
        // Reverse video swaps: a cyan bar behind black text is cyan on black.
        let reversed = Style::new()
            .fg(Color::Cyan)
            .add_modifier(Modifier::REVERSED);
        assert_eq!(
            shown(reversed, Background::Dark),
            ((0, 0, 0), (0, 0xcd, 0xcd))
        );
    }

    /// Every role of every theme reaches its contrast on the theme's background (4.5:1 for
    /// text, 3:1 for graphics and dimmed text; 7:1 for high contrast's text).
    #[test]
    fn every_role_of_every_theme_has_enough_contrast() {
        let mut failures = Vec::new();
        for theme in ALL.map(|make| make()) {
            for (name, style, usage) in theme.roles() {
                let needed = if theme.kind == ThemeKind::HighContrast && usage == Use::Text {
                    7.0
                } else {
                    usage.minimum()
                };
                let ratio = contrast::of(style, theme.background);
                if ratio < needed {
                    failures.push(format!(
                        "{}: {name} {ratio:.2} < {needed}",
                        theme.kind.name()
                    ));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// The lowest ratio per theme and use, for the record (`-- --nocapture` prints them).
    #[test]
    fn lowest_contrast_per_theme() {
        for theme in ALL.map(|make| make()) {
            let mut line = format!("{}:", theme.kind.name());
            for usage in [Use::Text, Use::Secondary, Use::Graphic] {
                let (name, ratio) = theme
                    .roles()
                    .into_iter()
                    .filter(|r| r.2 == usage)
                    .map(|(name, style, _)| (name, contrast::of(style, theme.background)))
                    .min_by(|a, b| a.1.total_cmp(&b.1))
                    .unwrap();
                line.push_str(&format!(" {usage:?} {ratio:.2} ({name});"));
                assert!(ratio >= 3.0, "{line}");
            }
            println!("{line}");
        }
    }

    /// No file of the explorer but this one names a colour: every pane takes its styles
    /// from the theme, so a theme is all there is to check.
    #[test]
    fn only_the_theme_names_colours() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
        let mut offenders = Vec::new();
        let mut files = 0;
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "rs") || path.ends_with("theme.rs") {
                continue;
            }
            files += 1;
            let text = std::fs::read_to_string(&path).unwrap();
            for (number, line) in text.lines().enumerate() {
                if line.contains("Color::") {
                    offenders.push(format!("{}:{}: {line}", path.display(), number + 1));
                }
            }
        }
        assert!(files > 10, "read {files} files of {}", dir.display());
        assert!(offenders.is_empty(), "{}", offenders.join("\n"));
    }

    #[test]
    fn names_and_aliases_choose_their_theme() {
        for theme in THEMES {
            assert_eq!(ThemeKind::from_name(theme.name), Some(theme.kind));
            assert_eq!(theme.kind.name(), theme.name);
            assert_eq!(Theme::of(theme.kind).kind, theme.kind);
            for alias in theme.aliases {
                assert_eq!(ThemeKind::from_name(alias), Some(theme.kind));
            }
        }
        assert_eq!(
            ThemeKind::from_name(" No_Colour "),
            Some(ThemeKind::NoColour)
        );
        assert_eq!(ThemeKind::from_name("Default"), Some(ThemeKind::Standard));
        assert_eq!(ThemeKind::from_name("dark"), None);
    }

    /// The README names the themes as the list does: the flag's choices and the settings
    /// comment.
    #[test]
    fn the_readme_lists_the_theme_names() {
        let readme =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
        let names: Vec<&str> = THEMES.iter().map(|t| t.name).collect();
        let flag = format!("--theme {}", names.join("|"));
        assert!(readme.contains(&flag), "README lacks `{flag}`");
        let settings = format!("# {}", names.join(", "));
        assert!(readme.contains(&settings), "README lacks `{settings}`");
    }
}
