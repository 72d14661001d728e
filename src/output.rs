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

/// The command line's output streams: results for stdout, notes for stderr. Both are
/// given, not taken from the process, so a command can run into buffers (tests do).
pub struct Out<'a> {
    inner: &'a mut dyn Write,
    notes: &'a mut dyn Write,
    /// Bold and dim as terminal escapes (on a terminal without NO_COLOR).
    styled: bool,
}

impl<'a> Out<'a> {
    pub fn new(inner: &'a mut dyn Write, notes: &'a mut dyn Write, styled: bool) -> Out<'a> {
        Out {
            inner,
            notes,
            styled,
        }
    }

    /// A line on the notes stream as `nisso: LINE`, sanitised. Its failure is ignored: a
    /// closed stderr is no reason to fail the command, and there is nowhere to report it.
    pub fn say(&mut self, line: &str) {
        let _ = writeln!(self.notes, "nisso: {}", sanitize::terminal(line));
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
        // Streamed through an escaper, never held whole: a whole dataset is tens of
        // megabytes. The pretty form's own newlines are layout, never data (data newlines
        // are already `\n` escapes), so only what serde_json leaves raw is escaped.
        let mut escaper = Escaper {
            inner: &mut *self.inner,
            carry: Vec::new(),
        };
        serde_json::to_writer_pretty(&mut escaper, value).map_err(io::Error::from)?;
        if !escaper.carry.is_empty() {
            return Err(io::Error::other("JSON output ended inside a character"));
        }
        self.inner.write_all(b"\n")
    }

    /// JSON text (serde_json's), hostile characters escaped as `json_pretty` does.
    pub fn json_text(&mut self, text: &str) -> io::Result<()> {
        let mut escaper = Escaper {
            inner: &mut *self.inner,
            carry: Vec::new(),
        };
        escaper.write_all(text.as_bytes())
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

/// Escapes hostile characters (see `sanitize::is_hostile`) in UTF-8 written through it as
/// `\uXXXX`; a character split across two writes is completed from the next.
struct Escaper<'a> {
    inner: &'a mut dyn Write,
    carry: Vec<u8>,
}

impl Write for Escaper<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let mut joined;
        let data: &[u8] = if self.carry.is_empty() {
            bytes
        } else {
            joined = std::mem::take(&mut self.carry);
            joined.extend_from_slice(bytes);
            &joined
        };
        let (text, rest) = match std::str::from_utf8(data) {
            Ok(text) => (text, &[][..]),
            Err(err) if err.error_len().is_none() => {
                let (valid, rest) = data.split_at(err.valid_up_to());
                (std::str::from_utf8(valid).unwrap_or_default(), rest)
            }
            Err(_) => return Err(io::Error::other("JSON output is not UTF-8")),
        };
        let mut clean_from = 0;
        for (at, c) in text.char_indices() {
            if c != '\n' && sanitize::is_hostile(c) {
                self.inner.write_all(&text.as_bytes()[clean_from..at])?;
                write!(self.inner, "\\u{:04x}", c as u32)?;
                clean_from = at + c.len_utf8();
            }
        }
        self.inner.write_all(&text.as_bytes()[clean_from..])?;
        self.carry = rest.to_vec();
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_sanitised_and_styled_only_when_asked() {
        let mut buffer = Vec::new();
        {
            let mut sink = io::sink();
            let mut out = Out::new(&mut buffer, &mut sink, false);
            out.line(&Line::new().bold("a\u{1b}[2J").plain(" b").dim("\nc"))
                .unwrap();
        }
        assert_eq!(String::from_utf8(buffer).unwrap(), "a\\u{1b}[2J b\\nc\n");
        let mut buffer = Vec::new();
        {
            let mut sink = io::sink();
            let mut out = Out::new(&mut buffer, &mut sink, true);
            out.line(&Line::new().bold("x")).unwrap();
        }
        assert_eq!(String::from_utf8(buffer).unwrap(), "\x1b[1mx\x1b[0m\n");
    }
}

#[cfg(test)]
mod escaper_tests {
    use super::Escaper;
    use std::io::Write;

    #[test]
    fn escapes_hostile_characters_even_split_across_writes() {
        let mut sink: Vec<u8> = Vec::new();
        {
            let mut inner: &mut dyn Write = &mut sink;
            let mut escaper = Escaper {
                inner: &mut inner,
                carry: Vec::new(),
            };
            // U+202E (bidi override) is three bytes: split after the first.
            let text = "a\u{202e}b\u{7f}c\nd Ōno";
            let bytes = text.as_bytes();
            escaper.write_all(&bytes[..2]).unwrap();
            escaper.write_all(&bytes[2..]).unwrap();
            assert!(escaper.carry.is_empty());
        }
        assert_eq!(String::from_utf8(sink).unwrap(), "a\\u202eb\\u007fc\nd Ōno");
    }
}
