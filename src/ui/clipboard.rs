//! Copying to the reader's clipboard through the terminal: the OSC 52 sequence
//! (`ESC ] 52 ; c ; BASE64 BEL`), which xterm, kitty, WezTerm, iTerm2, foot, Windows
//! Terminal and others take, wrapped in tmux's passthrough when inside tmux. `update`
//! only records the bytes (`App::clipboard_out`); the event loop writes them after the
//! frame. Where the terminal cannot be trusted to take them, the explorer shows the text
//! instead (`citation.rs`).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// Whether the explorer may copy through the terminal, decided once at start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clipboard {
    /// Write OSC 52; `tmux`: wrapped in tmux's passthrough (DCS `tmux;` … ST).
    Osc52 { tmux: bool },
    /// Show the text instead, and why (said in the window that shows it).
    Off(&'static str),
}

impl Default for Clipboard {
    /// Without a terminal (tests, a program driving the app), nothing is written.
    fn default() -> Clipboard {
        Clipboard::Off("no terminal")
    }
}

impl Clipboard {
    /// The choice for a terminal: off when the settings turn it off (`clipboard = false`),
    /// or for the Linux console and dumb terminals, which ignore or print the sequence;
    /// else OSC 52, wrapped for tmux when `TMUX` is set.
    pub fn for_terminal(enabled: bool, term: Option<&str>, tmux: bool) -> Clipboard {
        if !enabled {
            return Clipboard::Off("the clipboard is off in the settings");
        }
        match term {
            Some("dumb") | Some("linux") => {
                Clipboard::Off("this terminal has no clipboard sequence")
            }
            None | Some("") => Clipboard::Off("no TERM"),
            Some(_) => Clipboard::Osc52 { tmux },
        }
    }

    /// The bytes that copy `text`, or None when the clipboard is off.
    pub fn sequence(&self, text: &str) -> Option<Vec<u8>> {
        match self {
            Clipboard::Osc52 { tmux } => Some(osc52(text, *tmux)),
            Clipboard::Off(_) => None,
        }
    }
}

/// `ESC ] 52 ; c ; BASE64(text) BEL`; inside tmux, `ESC P tmux; … ESC \` with every ESC of
/// the sequence doubled, so tmux hands it to the outer terminal.
pub fn osc52(text: &str, tmux: bool) -> Vec<u8> {
    let sequence = format!("\x1b]52;c;{}\x07", STANDARD.encode(text.as_bytes()));
    if tmux {
        format!("\x1bPtmux;{}\x1b\\", sequence.replace('\x1b', "\x1b\x1b")).into_bytes()
    } else {
        sequence.into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sequence_and_its_tmux_wrapping() {
        assert_eq!(osc52("hi", false), b"\x1b]52;c;aGk=\x07".to_vec());
        assert_eq!(
            osc52("hi", true),
            b"\x1bPtmux;\x1b\x1b]52;c;aGk=\x07\x1b\\".to_vec()
        );
    }

    #[test]
    fn off_where_the_terminal_cannot_be_trusted() {
        assert_eq!(
            Clipboard::for_terminal(true, Some("xterm-256color"), false),
            Clipboard::Osc52 { tmux: false }
        );
        assert_eq!(
            Clipboard::for_terminal(true, Some("tmux-256color"), true),
            Clipboard::Osc52 { tmux: true }
        );
        for term in [Some("dumb"), Some("linux"), None] {
            assert!(matches!(
                Clipboard::for_terminal(true, term, false),
                Clipboard::Off(_)
            ));
        }
        assert!(matches!(
            Clipboard::for_terminal(false, Some("xterm"), false),
            Clipboard::Off(_)
        ));
        assert_eq!(Clipboard::default().sequence("x"), None);
    }
}
