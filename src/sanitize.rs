//! The one sanitiser for text that leaves nisso for a terminal or for line-oriented output.
//!
//! Dataset text is hostile until sanitised: an ESC starts a terminal command (a window
//! title, the clipboard, clearing the screen), CR and BS overwrite what was printed, a
//! newline inside a name fakes a line of output, and bidi controls reorder what the reader
//! sees. Such characters become visible escapes (`\u{1b}`, `\n`) on the command line and a
//! visible replacement glyph in the explorer; `--json` escapes them as JSON `\u` escapes.

use std::borrow::Cow;

/// Characters that must never reach a terminal raw: C0 and C1 controls, DEL, and the
/// bidirectional formatting characters (LRM, RLM, ALM, embeddings, overrides, isolates).
pub fn is_hostile(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// Text for a terminal line: hostile characters as visible escapes (`\n`, `\t`, `\r`,
/// else `\u{1b}`), everything else untouched. Borrowed when there is nothing to escape.
pub fn terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hostile) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if is_hostile(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether every byte is printable ASCII (space to tilde). Tested a block at a time
/// without stopping early, which the compiler turns into vector instructions: this runs
/// over every text of the dataset.
pub fn is_printable_ascii(bytes: &[u8]) -> bool {
    let printable = |b: u8| b.wrapping_sub(0x20) < 0x5f;
    let mut blocks = bytes.chunks_exact(32);
    blocks.all(|block| block.iter().fold(true, |all, &b| all & printable(b)))
        && blocks.remainder().iter().all(|&b| printable(b))
}

/// Text for the explorer's cells. Each hostile character becomes one visible glyph (the
/// Unicode control pictures for C0 and DEL, the replacement character for the rest). Where
/// terminals disagree with unicode-width (and so with ratatui's buffer) about how wide a
/// grapheme is, the text is simplified so that every cell is what both think it is: zero-
/// width joiners, variation selectors and other invisible format characters are dropped
/// (a ZWJ family becomes its members), regional-indicator flags become their two letters
/// (🇯🇵 → JP), and a character keeps at most two combining marks.
pub fn cells(text: &str) -> Cow<'_, str> {
    let simple = |c: char| {
        !is_hostile(c)
            && !is_invisible_format(c)
            && !('\u{1f1e6}'..='\u{1f1ff}').contains(&c)
            && !unicode_normalization::char::is_combining_mark(c)
    };
    // Most text is printable ASCII: passed over without decoding characters.
    if is_printable_ascii(text.as_bytes()) || text.chars().all(simple) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut marks = 0;
    for c in text.chars() {
        if is_invisible_format(c) {
            continue;
        }
        if unicode_normalization::char::is_combining_mark(c) {
            marks += 1;
            if marks <= 2 {
                out.push(c);
            }
            continue;
        }
        marks = 0;
        match c as u32 {
            0..=0x1f => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')),
            0x7f => out.push('\u{2421}'),
            0x1f1e6..=0x1f1ff => {
                out.push(char::from_u32('A' as u32 + (c as u32 - 0x1f1e6)).unwrap_or('?'))
            }
            _ if is_hostile(c) => out.push('\u{fffd}'),
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Invisible characters that join or restyle their neighbours: zero-width space and
/// joiners, word joiner, BOM, and variation selectors.
fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{fe00}'..='\u{fe0f}'
            | '\u{e0100}'..='\u{e01ef}'
    )
}

/// A JSON text on one line with every hostile character as a `\uXXXX` escape (serde_json
/// escapes C0 itself but leaves DEL, C1 and bidi controls raw).
pub fn json_line(value: &serde_json::Value) -> String {
    let text = value.to_string();
    if !text.chars().any(is_hostile) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_hostile(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "a\u{1b}]0;pwned\u{7}b\r\u{8}c\nDate: d\u{7f}\u{9b}2J\u{202e}e\u{0}";

    #[test]
    fn terminal_text_has_no_raw_controls_and_no_line_breaks() {
        let clean = terminal(HOSTILE);
        assert!(!clean.chars().any(is_hostile), "{clean:?}");
        assert_eq!(
            clean,
            "a\\u{1b}]0;pwned\\u{7}b\\r\\u{8}c\\nDate: d\\u{7f}\\u{9b}2J\\u{202e}e\\u{0}"
        );
        assert!(matches!(terminal("Keizō Obuchi 小渕"), Cow::Borrowed(_)));
    }

    #[test]
    fn cells_keep_one_glyph_per_hostile_character() {
        let clean = cells("a\u{1b}b\u{7f}\u{202e}c");
        assert_eq!(clean, "a\u{241b}b\u{2421}\u{fffd}c");
    }

    #[test]
    fn cells_simplify_what_terminals_measure_differently() {
        // A family emoji (ZWJ sequence), a flag, a variation selector, a combining stack.
        assert_eq!(cells("👨\u{200d}👩\u{200d}👧"), "👨👩👧");
        assert_eq!(cells("\u{1f1ef}\u{1f1f5} Japan"), "JP Japan");
        assert_eq!(cells("☎\u{fe0f}"), "☎");
        assert_eq!(cells("e\u{301}\u{302}\u{303}\u{304}"), "e\u{301}\u{302}");
        assert!(matches!(cells("Keizō Obuchi 小渕"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_escapes_what_serde_json_leaves_raw() {
        let value = serde_json::json!({ "name": HOSTILE });
        let line = json_line(&value);
        assert!(!line.chars().any(is_hostile), "{line}");
        assert!(!line.contains('\n'));
        let back: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(back, value, "the escapes decode to the same text");
    }
}
