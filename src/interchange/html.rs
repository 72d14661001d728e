//! HTML in timeline text: read into plain paragraphs, written back from them.
//!
//! The reader is a small tolerant scanner, not a browser: tags are dropped (a `<` that
//! opens no tag stays text), the contents of `script`, `style` and similar elements are
//! dropped whole, entities are decoded, whitespace runs become one space, and block tags
//! (`p`, `div`, `br`, `li`, headings...) end a paragraph. It never panics on broken markup.

use crate::model::{PARAGRAPH_BREAK, WebLink};

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
    read(html, None)
}

/// What keeps a link's address: given its `href` as written (entities decoded), the
/// address to keep, or None to keep only the link's words.
pub type Keep<'a> = dyn FnMut(&str) -> Option<String> + 'a;

/// Plain text of an HTML fragment (as `to_text`) and its links whose addresses `keep`
/// keeps, in order, each with its words (whitespace collapsed, as in the text). A kept
/// link without words (an image, nothing) puts its address in the text, to be seen.
pub fn to_text_linked(html: &str, keep: &mut Keep) -> (String, Vec<WebLink>) {
    let mut links = Vec::new();
    let text = read(html, Some((keep, &mut links)));
    (text, links)
}

/// A link being read: its kept address and the raw text it has carried so far.
struct Open {
    url: String,
    text: String,
}

/// The scanner behind `to_text` and `to_text_linked` (`links` decides and collects links
/// when given).
fn read(html: &str, mut links: Option<(&mut Keep, &mut Vec<WebLink>)>) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut open: Option<Open> = None;
    let mut rest = html;
    let end_paragraph = |current: &mut String, paragraphs: &mut Vec<String>| {
        let text = collapse(current);
        if !text.is_empty() {
            paragraphs.push(text);
        }
        current.clear();
    };
    // A link ends at its closing tag, at another link and at a paragraph's end.
    let close = |open: &mut Option<Open>, current: &mut String, links: &mut Vec<WebLink>| {
        let Some(link) = open.take() else {
            return;
        };
        let mut text = collapse(&link.text);
        if text.is_empty() {
            text = link.url.clone();
            current.push(' ');
            current.push_str(&text);
            current.push(' ');
        }
        links.push(WebLink {
            text,
            url: link.url,
        });
    };
    let mut found = Vec::new();
    while let Some(lt) = rest.find(['<', '&']) {
        let mut piece = rest[..lt].to_string();
        rest = &rest[lt..];
        let mut used = 0;
        if rest.starts_with('&') {
            let (decoded, length) = entity(rest);
            piece.push_str(&decoded);
            used = length;
        }
        current.push_str(&piece);
        if let Some(link) = &mut open {
            link.text.push_str(&piece);
        }
        if used > 0 {
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
            if let Some(link) = &mut open {
                link.text.push('<');
            }
            rest = &rest[1..];
            continue;
        };
        let whole = &rest[..len];
        rest = &rest[len..];
        if !closing && DROPPED.contains(&name.as_str()) {
            rest = skip_element(rest, &name);
            continue;
        }
        if name == "a" {
            close(&mut open, &mut current, &mut found);
            if !closing
                && let Some((keep, _)) = links.as_mut()
                && let Some(href) = attribute(whole, "href")
                && let Some(url) = keep(&href)
            {
                open = Some(Open {
                    url,
                    text: String::new(),
                });
            }
        }
        if BLOCKS.contains(&name.as_str()) {
            close(&mut open, &mut current, &mut found);
            end_paragraph(&mut current, &mut paragraphs);
        }
    }
    current.push_str(rest);
    if let Some(link) = &mut open {
        link.text.push_str(rest);
    }
    close(&mut open, &mut current, &mut found);
    end_paragraph(&mut current, &mut paragraphs);
    if let Some((_, links)) = links {
        links.extend(found);
    }
    paragraphs.join(PARAGRAPH_BREAK)
}

/// The value of an attribute of a tag (`<a href="x">` → x), entities decoded; None when
/// the tag has no such attribute or it is empty.
fn attribute(tag: &str, wanted: &str) -> Option<String> {
    let inner = tag.trim_start_matches('<').trim_end_matches('>');
    // Past the tag's name.
    let mut rest = inner.trim_start_matches(|c: char| c.is_ascii_alphanumeric());
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return None;
        }
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let name = &rest[..name_end];
        rest = rest[name_end..].trim_start();
        let mut value = "";
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (found, remaining) = match after.chars().next() {
                Some(quote @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let end = body.find(quote).unwrap_or(body.len());
                    (&body[..end], body.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = found;
            rest = remaining;
        }
        if name.eq_ignore_ascii_case(wanted) {
            let value = decode(value.trim());
            return (!value.is_empty()).then_some(value);
        }
        if name.is_empty() {
            // Nothing readable left (a stray '=').
            rest = rest.get(1..).unwrap_or("");
        }
    }
}

/// Text with its entities decoded.
fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let (decoded, used) = entity(&rest[at..]);
        out.push_str(&decoded);
        rest = &rest[at + used..];
    }
    out.push_str(rest);
    out
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

/// Paragraphs as HTML paragraphs (as `from_text`), each of `links` (words and address)
/// made a link where its words next appear: links are placed in order, each after the one
/// before, as `to_text_linked` read them. Returns the HTML and the links whose words are
/// not in the text (the caller places them elsewhere).
pub fn from_text_linked<'a>(text: &str, links: &[&'a WebLink]) -> (String, Vec<&'a WebLink>) {
    // Where each placed link lies in the text, in order and not overlapping.
    let mut spans: Vec<(usize, usize, &str)> = Vec::new();
    let mut unplaced = Vec::new();
    let mut from = 0;
    for &link in links {
        let (words, url) = (link.text.as_str(), link.url.as_str());
        // Words on one line, trimmed (as the reader makes them), lie inside one paragraph.
        let placeable = !words.is_empty() && words.trim() == words && !words.contains('\n');
        match placeable.then(|| text[from..].find(words)).flatten() {
            Some(at) => {
                let start = from + at;
                from = start + words.len();
                spans.push((start, from, url));
            }
            None => unplaced.push(link),
        }
    }
    let mut out = String::new();
    let mut spans = spans.into_iter().peekable();
    let mut offset = 0;
    for paragraph in text.split(PARAGRAPH_BREAK) {
        let start = offset;
        offset += paragraph.len() + PARAGRAPH_BREAK.len();
        if paragraph.trim().is_empty() {
            continue;
        }
        let end = start + paragraph.len();
        out.push_str("<p>");
        let mut at = start;
        while let Some(&(from, to, url)) = spans.peek() {
            if from >= end {
                break;
            }
            spans.next();
            if from < at || to > end {
                // Cannot happen (a span lies on one line of one paragraph); never panic.
                continue;
            }
            out.push_str(&escape(&text[at..from]));
            out.push_str(&format!(
                "<a href=\"{}\">{}</a>",
                escape(url),
                escape(&text[from..to])
            ));
            at = to;
        }
        out.push_str(&escape(&text[at..end]));
        out.push_str("</p>");
    }
    (out, unplaced)
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

    fn linked(html: &str) -> (String, Vec<(String, String)>) {
        let mut keep = |href: &str| (!href.starts_with('#')).then(|| href.to_string());
        let (text, links) = to_text_linked(html, &mut keep);
        (text, links.into_iter().map(|l| (l.text, l.url)).collect())
    }

    #[test]
    fn links_keep_their_words_and_addresses() {
        let pair = |t: &str, u: &str| (t.to_string(), u.to_string());
        assert_eq!(
            linked("See <a class=x href=\"a.html?x=1&amp;y=2\">the  <b>page</b></a>."),
            (
                "See the page.".into(),
                vec![pair("the page", "a.html?x=1&y=2")]
            )
        );
        // Unquoted and single-quoted addresses; a refused one keeps its words only.
        assert_eq!(
            linked("<a href=u1>one</a> <A HREF='u2'>two</a> <a href=\"#s\">three</a>"),
            (
                "one two three".into(),
                vec![pair("one", "u1"), pair("two", "u2")]
            )
        );
        // A link without words shows its address; one never closed ends with its paragraph.
        assert_eq!(
            linked("<a href=\"u\"><img src=x></a>x<p><a href=v>open</p>after"),
            (
                "u x\n\nopen\n\nafter".into(),
                vec![pair("u", "u"), pair("open", "v")]
            )
        );
        // Broken markup never panics.
        for broken in [
            "<a href=",
            "<a href='x",
            "<a =x>",
            "<a href>y</a>",
            "<a\u{0}href=x>",
        ] {
            let _ = linked(broken);
        }
        assert_eq!(to_text("<a href=\"u\">w</a>"), "w");
    }

    #[test]
    fn links_go_back_where_their_words_are() {
        let link = |t: &str, u: &str| WebLink {
            text: t.into(),
            url: u.into(),
        };
        let (a, b, c) = (
            link("Witte", "u1"),
            link("Witte", "u\"2"),
            link("gone", "u3"),
        );
        let (html, rest) = from_text_linked("Witte met Witte & co.\n\nWitte", &[&a, &b, &c]);
        assert_eq!(
            html,
            "<p><a href=\"u1\">Witte</a> met <a href=\"u&quot;2\">Witte</a> &amp; co.</p><p>Witte</p>"
        );
        assert_eq!(rest, [&c]);
        let (text, links) = to_text_linked(&html, &mut |h| Some(h.to_string()));
        assert_eq!(text, "Witte met Witte & co.\n\nWitte");
        assert_eq!(links, [a, b]);
        // Words that are not one trimmed line are never placed (they could span paragraphs).
        let odd = link(" x", "u");
        assert_eq!(from_text_linked("a x", &[&odd]).1, [&odd]);
    }

    #[test]
    fn paragraphs_survive_a_trip_through_html() {
        for text in ["a & b < c \"d\" 'e'", "one\n\ntwo", "x > y"] {
            assert_eq!(to_text(&from_text(text)), text);
        }
    }
}
