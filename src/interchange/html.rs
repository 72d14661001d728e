//! HTML in timeline text: read into plain paragraphs, written back from them.
//!
//! The reader is a small tolerant scanner, not a browser: tags are dropped (a `<` that
//! opens no tag stays text), the contents of `script`, `style` and similar elements are
//! dropped whole, entities are decoded, whitespace runs become one space, and block tags
//! (`p`, `div`, `br`, `li`, headings...) end a paragraph. It never panics on broken markup.

use crate::model::PARAGRAPH_BREAK;

/// Elements whose contents are not text for a reader.
const DROPPED: [&str; 7] = [
    "script", "style", "template", "iframe", "object", "noscript", "svg",
];

/// Tags that start or end a paragraph.
const BLOCKS: [&str; 20] = [
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "section",
    "article",
    "tr",
    "table",
    "hr",
    "dd",
    "dt",
];

/// Plain text of an HTML fragment: paragraphs separated by a blank line.
pub fn to_text(html: &str) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut rest = html;
    let end_paragraph = |current: &mut String, paragraphs: &mut Vec<String>| {
        let text = collapse(current);
        if !text.is_empty() {
            paragraphs.push(text);
        }
        current.clear();
    };
    while let Some(lt) = rest.find(['<', '&']) {
        current.push_str(&rest[..lt]);
        rest = &rest[lt..];
        if rest.starts_with('&') {
            let (decoded, used) = entity(rest);
            current.push_str(&decoded);
            rest = &rest[used..];
            continue;
        }
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let Some((name, closing, len)) = tag(rest) else {
            // Not a tag ("a < b"): the '<' is text.
            current.push('<');
            rest = &rest[1..];
            continue;
        };
        rest = &rest[len..];
        if !closing && DROPPED.contains(&name.as_str()) {
            rest = skip_element(rest, &name);
            continue;
        }
        if BLOCKS.contains(&name.as_str()) {
            end_paragraph(&mut current, &mut paragraphs);
        }
    }
    current.push_str(rest);
    end_paragraph(&mut current, &mut paragraphs);
    paragraphs.join(PARAGRAPH_BREAK)
}

/// The name of the tag at the start of `text`, whether it closes, and its length; None
/// when `text` does not start a tag.
fn tag(text: &str) -> Option<(String, bool, usize)> {
    let body = text.strip_prefix('<')?;
    let (closing, body) = match body.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, body),
    };
    let first = body.chars().next()?;
    if !first.is_ascii_alphabetic() && first != '!' && first != '?' {
        return None;
    }
    let name: String = body
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    // The tag ends at the first '>' outside quotes; a tag that never ends swallows the rest.
    let mut quote = None;
    for (i, c) in text.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some((name, closing, i + 1)),
            _ => {}
        }
    }
    Some((name, closing, text.len()))
}

/// Everything after the closing tag of `name` (case-insensitive), or nothing. Scans
/// `text` once, without copying it: the reader stays linear however many such elements
/// there are (lowercasing the rest of the text for each one made it quadratic).
fn skip_element<'a>(text: &'a str, name: &str) -> &'a str {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(offset) = text[from..].find("</") {
        let at = from + offset;
        let after = at + 2 + name.len();
        let named = bytes
            .get(at + 2..after)
            .is_some_and(|candidate| candidate.eq_ignore_ascii_case(name.as_bytes()));
        if named {
            return match text[after..].find('>') {
                Some(end) => &text[after + end + 1..],
                None => "",
            };
        }
        from = at + 2;
    }
    ""
}

/// The character an entity at the start of `text` stands for, and its length; a lone
/// '&' is itself.
fn entity(text: &str) -> (String, usize) {
    let body = &text[1..];
    let end = body
        .char_indices()
        .take(12)
        .find(|(_, c)| *c == ';')
        .map(|(i, _)| i);
    let Some(end) = end else {
        return ("&".into(), 1);
    };
    let name = &body[..end];
    let decoded = if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => number.parse::<u32>().ok(),
        };
        code.map(|c| match char::from_u32(c) {
            Some(c) if c != '\0' => c,
            _ => '\u{fffd}',
        })
    } else {
        Some(match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => '\u{a0}',
            "ndash" => '–',
            "mdash" => '—',
            "hellip" => '…',
            "lsquo" => '‘',
            "rsquo" => '’',
            "ldquo" => '“',
            "rdquo" => '”',
            "laquo" => '«',
            "raquo" => '»',
            "deg" => '°',
            "middot" => '·',
            "eacute" => 'é',
            "ouml" => 'ö',
            "uuml" => 'ü',
            "ocirc" => 'ô',
            "times" => '×',
            "copy" => '©',
            _ => return ("&".into(), 1),
        })
    };
    match decoded {
        Some(c) => (c.to_string(), end + 2),
        None => ("&".into(), 1),
    }
}

/// Whitespace runs (spaces, newlines, tabs, no-break spaces) as one space, trimmed.
fn collapse(text: &str) -> String {
    text.split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text escaped for HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Paragraphs (separated by a blank line) as HTML paragraphs, escaped.
pub fn from_text(text: &str) -> String {
    text.split(PARAGRAPH_BREAK)
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("<p>{}</p>", escape(p)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_paragraphs_of_plain_text() {
        assert_eq!(
            to_text("<p>Spies &amp; trade</p><p>Written from <em>the article</em>.</p>"),
            "Spies & trade\n\nWritten from the article."
        );
        assert_eq!(to_text("a <b>b</b>\n  c"), "a b c");
        assert_eq!(to_text("x<script>alert(1)</script>y"), "xy");
        assert_eq!(to_text("x<SCRIPT>alert(1)"), "x");
        assert_eq!(to_text("1 < 2 & 3 > 2"), "1 < 2 & 3 > 2");
        assert_eq!(to_text("broken <a href=\"x"), "broken");
        assert_eq!(to_text("&#x41;&#66;&#0;&bogus;"), "AB\u{fffd}&bogus;");
        assert_eq!(to_text("one<br>two"), "one\n\ntwo");
    }

    #[test]
    fn paragraphs_survive_a_trip_through_html() {
        for text in ["a & b < c \"d\" 'e'", "one\n\ntwo", "x > y"] {
            assert_eq!(to_text(&from_text(text)), text);
        }
    }
}
