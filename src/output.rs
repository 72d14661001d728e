//! Where the command line's text leaves for stdout: every line goes through the
//! sanitiser here, styles (bold, dim) are added only on a terminal, and write errors are
//! told apart — a closed pipe (`| head`) ends quietly, anything else is reported.

use crate::sanitize;
use std::io::{self, Write};

/// How a piece of a line is shown on a terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    Bold,
    Dim,
}

/// A line of output, as styled pieces.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Line {
    pieces: Vec<(Tone, String)>,
}

impl Line {
    pub fn new() -> Line {
        Line::default()
    }
    pub fn plain(mut self, text: impl Into<String>) -> Line {
        self.pieces.push((Tone::Plain, text.into()));
        self
    }
    pub fn bold(mut self, text: impl Into<String>) -> Line {
        self.pieces.push((Tone::Bold, text.into()));
        self
    }
    pub fn dim(mut self, text: impl Into<String>) -> Line {
        self.pieces.push((Tone::Dim, text.into()));
        self
    }
}

/// A line of plain text.
pub fn plain(text: impl Into<String>) -> Line {
    Line::new().plain(text)
}

/// The command line's output stream.
pub struct Out<'a> {
    inner: &'a mut dyn Write,
    /// Bold and dim as terminal escapes (on a terminal without NO_COLOR).
    styled: bool,
}

impl<'a> Out<'a> {
    pub fn new(inner: &'a mut dyn Write, styled: bool) -> Out<'a> {
        Out { inner, styled }
    }

    /// Write one line: each piece sanitised, then styled.
    pub fn line(&mut self, line: &Line) -> io::Result<()> {
        let mut text = String::new();
        for (tone, piece) in &line.pieces {
            let clean = sanitize::terminal(piece);
            match (tone, self.styled) {
                (Tone::Bold, true) => text.push_str(&format!("\x1b[1m{clean}\x1b[0m")),
                (Tone::Dim, true) => text.push_str(&format!("\x1b[2m{clean}\x1b[0m")),
                _ => text.push_str(&clean),
            }
        }
        text.push('\n');
        self.inner.write_all(text.as_bytes())
    }

    /// An empty line.
    pub fn blank(&mut self) -> io::Result<()> {
        self.inner.write_all(b"\n")
    }

    /// One JSON object on one line, hostile characters escaped.
    pub fn json(&mut self, value: &serde_json::Value) -> io::Result<()> {
        let mut text = sanitize::json_line(value);
        text.push('\n');
        self.inner.write_all(text.as_bytes())
    }

    /// JSON over several lines, for people (`--pretty`); hostile characters escaped.
    pub fn json_pretty(&mut self, value: &serde_json::Value) -> io::Result<()> {
        let pretty = serde_json::to_string_pretty(value).unwrap_or_default();
        // Re-escape through the one-line path, line by line: the pretty form's own
        // newlines are layout, never data (data newlines are already `\n` escapes).
        for line in pretty.lines() {
            let escaped: String = line
                .chars()
                .map(|c| {
                    if sanitize::is_hostile(c) {
                        format!("\\u{:04x}", c as u32)
                    } else {
                        c.to_string()
                    }
                })
                .collect();
            self.inner.write_all(escaped.as_bytes())?;
            self.inner.write_all(b"\n")?;
        }
        Ok(())
    }

    /// Raw bytes that are already safe (a whole dataset as JSON, escaped by serde_json and
    /// `sanitize::json_line`).
    pub fn raw(&mut self, text: &str) -> io::Result<()> {
        self.inner.write_all(text.as_bytes())
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Whether a write failed because the reader went away (`| head`): not worth a word.
pub fn is_closed_pipe(error: &io::Error) -> bool {
    error.kind() == io::ErrorKind::BrokenPipe
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_sanitised_and_styled_only_when_asked() {
        let mut buffer = Vec::new();
        {
            let mut out = Out::new(&mut buffer, false);
            out.line(&Line::new().bold("a\u{1b}[2J").plain(" b").dim("\nc"))
                .unwrap();
        }
        assert_eq!(String::from_utf8(buffer).unwrap(), "a\\u{1b}[2J b\\nc\n");
        let mut buffer = Vec::new();
        {
            let mut out = Out::new(&mut buffer, true);
            out.line(&Line::new().bold("x")).unwrap();
        }
        assert_eq!(String::from_utf8(buffer).unwrap(), "\x1b[1mx\x1b[0m\n");
    }
}
