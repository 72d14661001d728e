//! What the two TimelineJS readers (its JSON and its spreadsheet's CSV) share about a
//! slide: texts read with the addresses of their links, media, a name for a slide without
//! a headline, and years beyond the ones nisso holds.

use super::common::{Event, Timeline, name_from_date_and_text, one_paragraph};
use super::html;
use crate::date::HistDate;
use crate::model::{Media, PARAGRAPH_BREAK, WebLink};

/// An address as nisso keeps it: trimmed, `//host/...` given `https:` (what a browser
/// showing the timeline over https loads), and passing `check::is_safe_url`; else why not.
pub(crate) fn address(url: &str, timeline: &mut Timeline) -> Result<String, String> {
    let url = url.trim();
    if let Some(rest) = url.strip_prefix("//") {
        let https = format!("https://{rest}");
        if crate::check::is_safe_url(&https) {
            timeline.schemeless += 1;
            return Ok(https);
        }
    }
    if crate::check::is_safe_url(url) {
        Ok(url.to_string())
    } else {
        Err(crate::check::unsafe_url(url))
    }
}

/// A text field's HTML as plain text, with its links whose addresses nisso keeps; a link
/// whose address it does not keep leaves only its words (noted at `location`, counted).
pub(crate) fn linked_text(
    html: &str,
    location: &str,
    timeline: &mut Timeline,
) -> (String, Vec<WebLink>) {
    let mut keep = |href: &str| match address(href, timeline) {
        Ok(url) => {
            timeline.links += 1;
            Some(url)
        }
        Err(why) => {
            timeline.note(
                location,
                &format!("a link's address: {why} (its words are kept)"),
            );
            timeline.not_kept(
                "link address (not http(s) or a relative path)",
                "link addresses (not http(s) or a relative path)",
            );
            None
        }
    };
    html::to_text_linked(html, &mut keep)
}

/// A one-line text (a headline, the title slide's or an era's text): links in it keep
/// only their words, counted as link addresses in `where_` ("headlines").
pub(crate) fn unlinked_text(html: &str, where_: &'static str, timeline: &mut Timeline) -> String {
    let mut count = 0;
    let (text, _) = html::to_text_linked(html, &mut |_| {
        count += 1;
        None
    });
    for _ in 0..count {
        timeline.not_kept(
            format!("link address in {where_}"),
            format!("link addresses in {where_}"),
        );
    }
    text
}

/// A slide's media fields as written (HTML in caption and credit).
pub(crate) struct MediaFields<'a> {
    pub(crate) url: &'a str,
    pub(crate) caption: &'a str,
    pub(crate) credit: &'a str,
    pub(crate) thumbnail: &'a str,
}

/// A slide's media as nisso keeps it.
#[derive(Default)]
pub(crate) struct SlideMedia {
    pub(crate) media: Option<Media>,
    /// A quote given as media (TimelineJS's quote and tweet media are `<blockquote>`s),
    /// kept as a paragraph of the slide's text.
    pub(crate) quote: Option<String>,
    /// Links of the caption and credit, then of the quote.
    pub(crate) links: Vec<WebLink>,
}

/// The media of a slide: kept when its address is (a thumbnail nisso does not keep is left
/// out alone); a quote becomes text; other markup and addresses are noted and counted.
/// `at` names a field's location ("url", "thumbnail", "caption", "credit").
pub(crate) fn media_of(
    fields: &MediaFields,
    at: &dyn Fn(&str) -> String,
    timeline: &mut Timeline,
) -> SlideMedia {
    let mut out = SlideMedia::default();
    let url = fields.url.trim();
    if url.is_empty() {
        return out;
    }
    if url
        .get(..11)
        .is_some_and(|start| start.eq_ignore_ascii_case("<blockquote"))
    {
        let (quote, links) = linked_text(url, &at("url"), timeline);
        if !quote.is_empty() {
            timeline.quotes += 1;
            out.quote = Some(quote);
            out.links = links;
            return out;
        }
    }
    let url = match address(url, timeline) {
        Ok(url) => url,
        Err(why) => {
            timeline.note(&at("url"), &format!("{why} (media left out)"));
            timeline.not_kept(
                "media (embed code, markup or another scheme)",
                "media (embed code, markup or another scheme)",
            );
            return out;
        }
    };
    let thumbnail = match fields.thumbnail.trim() {
        "" => None,
        thumbnail => match address(thumbnail, timeline) {
            Ok(thumbnail) => Some(thumbnail),
            Err(why) => {
                timeline.note(&at("thumbnail"), &format!("{why} (thumbnail left out)"));
                timeline.not_kept(
                    "media thumbnail (not http(s) or a relative path)",
                    "media thumbnails (not http(s) or a relative path)",
                );
                None
            }
        },
    };
    let mut text = |html: &str, field: &str| {
        let (text, links) = linked_text(html, &at(field), timeline);
        out.links.extend(links);
        Some(one_paragraph(&text)).filter(|t| !t.is_empty())
    };
    let caption = text(fields.caption, "caption");
    let credit = text(fields.credit, "credit");
    out.media = Some(Media {
        url,
        caption,
        credit,
        thumbnail,
    });
    out
}

/// Whether a year as written is a whole number beyond the years nisso holds (±99,999):
/// such a slide is kept undated, its years said in its text.
pub(crate) fn beyond_years(year: &str) -> bool {
    let year = year.trim();
    let digits = year.strip_prefix('-').unwrap_or(year);
    digits.len() > 5 && digits.bytes().all(|b| b.is_ascii_digit())
}

/// "-13800000000" as "-13,800,000,000".
fn grouped(year: &str) -> String {
    let year = year.trim();
    let (sign, digits) = match year.strip_prefix('-') {
        Some(digits) => ("-", digits),
        None => ("", year),
    };
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    format!("{sign}{out}")
}

/// A slide's date: placed, or the years the file gives when they are beyond nisso's.
pub(crate) enum SlideDate {
    Placed(HistDate),
    Beyond { start: String, end: Option<String> },
}

impl SlideDate {
    /// The date as the file shows it, for a name: the display date, else nisso's words.
    fn shown(&self, display: Option<&str>) -> String {
        match (display, self) {
            (Some(display), _) => display.to_string(),
            (None, SlideDate::Placed(date)) => date.human(),
            (None, SlideDate::Beyond { start, .. }) => format!("Year {}", grouped(start)),
        }
    }
}

/// What a reader found in a slide, the text as plain text already.
pub(crate) struct SlideParts {
    pub(crate) location: String,
    pub(crate) id: Option<String>,
    pub(crate) headline: String,
    pub(crate) text: String,
    pub(crate) links: Vec<WebLink>,
    pub(crate) date: SlideDate,
    pub(crate) display_date: Option<String>,
    pub(crate) group: Option<String>,
    pub(crate) media: SlideMedia,
}

/// A slide made an event: one without a headline is named from its date and the first
/// words of its text (noted); a quote given as media and the years beyond nisso's become
/// paragraphs of the text.
pub(crate) fn event(parts: SlideParts, timeline: &mut Timeline) -> Event {
    let SlideParts {
        location,
        id,
        headline,
        mut text,
        mut links,
        date,
        mut display_date,
        group,
        media,
    } = parts;
    let paragraph = |text: &mut String, more: &str| {
        if !text.is_empty() {
            text.push_str(PARAGRAPH_BREAK);
        }
        text.push_str(more);
    };
    let headline = one_paragraph(&headline);
    let name = if headline.trim().is_empty() {
        let caption = media
            .media
            .as_ref()
            .and_then(|m| m.caption.clone())
            .unwrap_or_default();
        let quote = media.quote.clone().unwrap_or_default();
        let name = name_from_date_and_text(
            &date.shown(display_date.as_deref()),
            &[&text, &quote, &caption],
        );
        timeline.named += 1;
        timeline.note(
            &location,
            &format!("no headline; named '{name}' from its date and text"),
        );
        name
    } else {
        headline
    };
    if let Some(quote) = &media.quote {
        paragraph(&mut text, quote);
    }
    links.extend(media.links);
    let date = match date {
        SlideDate::Placed(date) => Some(date),
        SlideDate::Beyond { start, end } => {
            let mut years = match &end {
                Some(end) => format!(
                    "from the year {} to the year {}",
                    grouped(&start),
                    grouped(end)
                ),
                None => format!("to the year {}", grouped(&start)),
            };
            // The display date goes with the years: a date needs a date to display.
            if let Some(display) = display_date.take() {
                years.push_str(&format!(" ({display})"));
            }
            timeline.undated += 1;
            timeline.note(
                &location,
                &format!("dated {years}, beyond the years nisso holds: kept undated"),
            );
            paragraph(
                &mut text,
                &format!("The timeline dates this {years} (beyond the years nisso can place)."),
            );
            None
        }
    };
    Event {
        location,
        id,
        headline: name,
        text,
        date,
        display_date,
        group,
        media: media.media,
        links,
    }
}
