//! Dates as people type them in a search query: "8 September 1951", "1950s", "mid-1978",
//! "1918 – 1922", "after 1936", "from at least 1950 – until at least 1989".
//!
//! [`find_dates`] finds the date expressions among a query's whitespace-separated tokens;
//! [`parse_date`] reads one whole text as a single expression. Each expression becomes a
//! [`DateFilter`]: every day it can mean, so "1951" asks for all of 1951 and a range runs
//! from its first point's earliest day to its second point's latest day. Approximate and
//! qualified forms ("c. 1855", "≤1950", "at least 1950") name the same days as the bare
//! period: the dataset files such dates at the period it names, so widening would only
//! add noise. Every date form the explorer prints (`HistDate::human` and `compact`) reads
//! back as the days it stands for.
//!
//! How it works, and why it stays cheap and panic-free on any input:
//! 1. Each token is cleaned (lower case, surrounding brackets, trailing `,;:?!.`) and cut
//!    into *atoms*: `≤1950–≥1989` → `≤ 1950 – ≥ 1989`, `mid-1978` → `mid 1978`, `c.1855` →
//!    `c 1855`, `1918-1922` → `1918 - 1922`, the dataset's `1918/1922` → `1918 / 1922`. A
//!    token longer than `MAX_TOKEN_BYTES` or cut into more than `MAX_ATOMS_PER_TOKEN`
//!    atoms is never part of a date.
//! 2. A small grammar (points, open ranges, ranges) either matches a run of atoms exactly
//!    or not at all. Expressions cover whole tokens, at most `MAX_TOKENS` of them and
//!    `MAX_ATOMS` atoms, so the work per token is bounded by a constant and a query of any
//!    length is read in linear time.

/// A day as one ordered number: year * 10_000 + month * 100 + day (8 September 1951 →
/// 19510908). Ordering of Day values equals calendar ordering (also for negative years).
pub type Day = i32;

/// The start of a range open towards the past ("before 1945", "..1945").
pub const OPEN_START: Day = i32::MIN;

/// The end of a range open towards the future ("after 1936", "1945 – ongoing").
pub const OPEN_END: Day = i32::MAX;

/// The [`Day`] of a calendar date: `year * 10_000 + month * 100 + day`. Saturates instead
/// of overflowing for years beyond ±214,748, so it never panics.
pub fn day(year: i32, month: u8, day: u8) -> Day {
    year.saturating_mul(10_000)
        .saturating_add(i32::from(month) * 100 + i32::from(day))
}

/// A period a query asks for: every day from `from` to `to`, both included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateFilter {
    pub from: Day,
    pub to: Day,
    /// The tokens it was read from, as typed, joined by one space ("8 September 1951").
    pub text: String,
}

/// Finds the date expressions among a query's whitespace-separated tokens (in order,
/// longest expression first at each position, never overlapping). Returns the filters and,
/// per token, whether a date expression consumed it (consumed tokens are not words).
///
/// "from 1951 to 1952 trade" gives one filter over the first four tokens; "1941 1945" gives
/// two; in "visit to tokyo" nothing is a date.
pub fn find_dates(tokens: &[&str]) -> (Vec<DateFilter>, Vec<bool>) {
    let n = tokens.len();
    let lexed: Vec<Vec<String>> = tokens.iter().map(|t| lex_token(t)).collect();
    // Where the next token with a digit (or "century") is, from each token on: every date
    // has one, so shorter windows need not be tried and ordinary words cost next to nothing.
    let mut next_anchor = vec![usize::MAX; n + 1];
    for j in (0..n).rev() {
        next_anchor[j] = if lexed[j].iter().any(|a| is_anchor(a)) {
            j
        } else {
            next_anchor[j + 1]
        };
    }
    let mut consumed = vec![false; n];
    let mut filters = Vec::new();
    // The atoms of the longest window starting at `i`, and where each of its tokens ends,
    // so every shorter window is a prefix slice (no copying per window).
    let mut window: Vec<&str> = Vec::new();
    let mut ends: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < n {
        let shortest = next_anchor[i].saturating_sub(i).saturating_add(1);
        if shortest > MAX_TOKENS || !lexed[i].first().is_some_and(|a| can_start(a)) {
            i += 1;
            continue;
        }
        window.clear();
        ends.clear();
        for atoms in lexed[i..].iter().take(MAX_TOKENS) {
            window.extend(atoms.iter().map(String::as_str));
            if window.len() > MAX_ATOMS {
                break;
            }
            ends.push(window.len());
        }
        let found = ends
            .iter()
            .enumerate()
            .skip(shortest - 1)
            .rev()
            .find_map(|(k, &end)| expression(&window[..end]).map(|span| (k + 1, span)));
        match found {
            Some((len, span)) => {
                consumed[i..i + len].fill(true);
                filters.push(DateFilter {
                    from: span.from,
                    to: span.to,
                    text: tokens[i..i + len].join(" "),
                });
                i += len;
            }
            None => i += 1,
        }
    }
    (filters, consumed)
}

/// The whole text as exactly one date expression, or None.
pub fn parse_date(text: &str) -> Option<DateFilter> {
    // Taking one token more than an expression may have is enough to refuse a long text
    // without splitting all of it.
    let tokens: Vec<&str> = text.split_whitespace().take(MAX_TOKENS + 1).collect();
    if tokens.is_empty() || tokens.len() > MAX_TOKENS {
        return None;
    }
    let lexed: Vec<Vec<String>> = tokens.iter().map(|t| lex_token(t)).collect();
    let atoms: Vec<&str> = lexed.iter().flatten().map(String::as_str).collect();
    if atoms.len() > MAX_ATOMS {
        return None;
    }
    let span = expression(&atoms)?;
    Some(DateFilter {
        from: span.from,
        to: span.to,
        text: tokens.join(" "),
    })
}

/// Most tokens one expression may cover. The longest form the explorer can print, "from at
/// least c. first half of the 19th century – until at least c. second half of the 19th
/// century", has 20.
const MAX_TOKENS: usize = 24;

/// Most atoms one expression may have; longer runs are refused unread.
const MAX_ATOMS: usize = 32;

/// Longest token that can be (part of) a date: "8-September-1951" has 16 bytes,
/// "≤1950–≥1989" 17. Longer tokens are words, and are never cut, so no token costs more
/// than a constant.
const MAX_TOKEN_BYTES: usize = 40;

/// Most atoms one token may be cut into ("~early-1950s–≥1960s" gives 6).
const MAX_ATOMS_PER_TOKEN: usize = 8;

/// Most slashes and hyphens tried as the middle of a one-token range like
/// "1951-09-1952-04".
const MAX_RANGE_SPLITS: usize = 6;

/// Days from one to another, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    from: Day,
    to: Day,
}

/// A named period, before any part of it is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Period {
    Day(i32, u8, u8),
    Month(i32, u8),
    Year(i32),
    /// Its first year: 1950 for the 1950s.
    Decade(i32),
    /// Its ordinal: 19 for the 19th century, which is 1801–1900.
    Century(i32),
}

/// "early", "mid", "late" (thirds) and halves, as sources say them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Early,
    Mid,
    Late,
    FirstHalf,
    SecondHalf,
}

impl Part {
    /// First and last unit (years of a decade or century, months of a year), counted from
    /// 0, of this part of `units`. The same thirds as the dataset's dates: a decade's "mid"
    /// is its years 4–6, a year's "early" January to April, a century's "early" its first
    /// 33 years.
    fn units(self, units: i32) -> (i32, i32) {
        let thirds = match units {
            10 => [(0, 3), (4, 6), (7, 9)],
            12 => [(0, 3), (4, 7), (8, 11)],
            _ => [(0, 32), (33, 65), (66, 99)],
        };
        match self {
            Part::Early => thirds[0],
            Part::Mid => thirds[1],
            Part::Late => thirds[2],
            Part::FirstHalf => (0, units / 2 - 1),
            Part::SecondHalf => (units / 2, units - 1),
        }
    }
}

impl Period {
    /// The days of the period, or of a part of it. A single day has no parts.
    fn span(self, part: Option<Part>) -> Option<Span> {
        let years = |first: i32, units: i32| {
            let (a, b) = part.map_or((0, units - 1), |p| p.units(units));
            Span {
                from: day(first + a, 1, 1),
                to: day(first + b, 12, 31),
            }
        };
        Some(match self {
            Period::Century(n) => years((n - 1) * 100 + 1, 100),
            Period::Decade(first) => years(first, 10),
            Period::Year(y) => {
                let (a, b) = part.map_or((0, 11), |p| p.units(12));
                // Both are 0..=11 by construction.
                let (first, last) = (u8::try_from(a + 1).ok()?, u8::try_from(b + 1).ok()?);
                Span {
                    from: day(y, first, 1),
                    to: day(y, last, days_in_month(y, last)),
                }
            }
            Period::Month(y, m) => {
                let last = days_in_month(y, m);
                // Thirds of a month as the dataset has them: 1–10, 11–20, 21–end.
                let (a, b) = match part {
                    None => (1, last),
                    Some(Part::Early) => (1, 10),
                    Some(Part::Mid) => (11, 20),
                    Some(Part::Late) => (21, last),
                    Some(Part::FirstHalf) => (1, 15),
                    Some(Part::SecondHalf) => (16, last),
                };
                Span {
                    from: day(y, m, a),
                    to: day(y, m, b),
                }
            }
            Period::Day(y, m, d) => {
                if part.is_some() {
                    return None;
                }
                Span {
                    from: day(y, m, d),
                    to: day(y, m, d),
                }
            }
        })
    }
}

// ---------------------------------------------------------------------------------------
// Tokens into atoms
// ---------------------------------------------------------------------------------------

/// Qualifiers written against what they qualify ("~1855", "≤1950", "c.1855"), and the atom
/// each becomes.
const GLUED: [(&str, &str); 9] = [
    ("<=", "≤"),
    (">=", "≥"),
    ("≤", "≤"),
    ("≥", "≥"),
    ("~", "~"),
    ("<", "<"),
    (">", ">"),
    ("ca.", "c"),
    ("c.", "c"),
];

/// Words joined to a date by a hyphen that are split off: "mid-1978", "first-half",
/// "early-1950s", "pre-1945".
const HEADS: [&str; 8] = [
    "early", "mid", "late", "first", "second", "half", "pre", "post",
];

/// One token as atoms. A token that cannot be part of a date becomes one empty atom, which
/// nothing matches, so it still occupies its place in a window.
fn lex_token(raw: &str) -> Vec<String> {
    let opaque = || vec![String::new()];
    if raw.len() > MAX_TOKEN_BYTES {
        return opaque();
    }
    let s = clean(raw);
    if s.is_empty() {
        return opaque();
    }
    let mut atoms = Vec::new();
    // Range marks that can never be inside a point: "..", en dash, em dash.
    let mut start = 0;
    let mut skip_to = 0;
    for (i, c) in s.char_indices() {
        if i < skip_to {
            continue;
        }
        let (len, mark) = if c == '.' && s[i..].starts_with("..") {
            (s[i..].bytes().take_while(|&b| b == b'.').count(), "..")
        } else if matches!(c, '–' | '—') {
            (c.len_utf8(), "–")
        } else {
            continue;
        };
        lex_piece(&s[start..i], true, &mut atoms);
        atoms.push(mark.to_string());
        start = i + len;
        skip_to = start;
    }
    lex_piece(&s[start..], true, &mut atoms);
    expand_short_end_year(&mut atoms);
    if atoms.is_empty() || atoms.len() > MAX_ATOMS_PER_TOKEN {
        return opaque();
    }
    atoms
}

/// Lower case, without surrounding brackets or quotes and without trailing `,;:?!` or a
/// single trailing `.` (so "Sep." is "sep" and "c." is "c", but "1941.." keeps its open
/// end).
fn clean(raw: &str) -> String {
    let mut s = raw
        .trim()
        .trim_start_matches(['(', '[', '{', '"', '“', '«']);
    loop {
        let trimmed = s.trim_end_matches([',', ';', ':', '?', '!', ')', ']', '}', '"', '”', '»']);
        let trimmed = match trimmed.strip_suffix('.') {
            Some(t) if !t.ends_with('.') => t,
            _ => trimmed,
        };
        if trimmed.len() == s.len() {
            break;
        }
        s = trimmed;
    }
    s.to_lowercase()
}

/// Atoms of a piece of a token between range marks. With `ranges`, a hyphen or slash may
/// also be a range mark, but only where both sides read as dates ("1918-1922") and the whole
/// does not ("1904-05" is May 1904: ISO wins).
fn lex_piece(p: &str, ranges: bool, out: &mut Vec<String>) {
    if p.is_empty() {
        return;
    }
    // Every recursion below pushes an atom or shortens the piece, so this bounds its depth;
    // a token with this many atoms is refused anyway.
    if out.len() > MAX_ATOMS_PER_TOKEN {
        out.push(p.to_string());
        return;
    }
    for (prefix, atom) in GLUED {
        if let Some(rest) = p.strip_prefix(prefix)
            && !rest.is_empty()
        {
            out.push(atom.to_string());
            return lex_piece(rest, ranges, out);
        }
    }
    // "c1855", as catalogues write it.
    if let Some(rest) = p.strip_prefix('c')
        && rest.starts_with(|c: char| c.is_ascii_digit())
    {
        out.push("c".to_string());
        return lex_piece(rest, ranges, out);
    }
    if let Some((head, rest)) = p.split_once('-')
        && HEADS.contains(&head)
        && !rest.is_empty()
    {
        out.push(head.to_string());
        return lex_piece(rest, ranges, out);
    }
    if let Some(ordinal) = p.strip_suffix("-century")
        && !ordinal.is_empty()
    {
        lex_piece(ordinal, false, out);
        out.push("century".to_string());
        return;
    }
    if single_period(p).is_some() {
        out.push(p.to_string());
        return;
    }
    // A range's sides have digits, or the left is "century" ("century/1904"): words with
    // neither are passed over at once.
    if ranges
        && (p.bytes().any(|b| b.is_ascii_digit()) || p.starts_with("century/"))
        && let Some((left, mark, right)) = split_range(p)
    {
        out.extend(left);
        out.push(mark.to_string());
        out.extend(right);
        return;
    }
    out.push(p.to_string());
}

/// "1918-1922", "1945-ongoing", "1918-22", and the dataset's own "1918/1922",
/// "1945/ongoing", "1945/at least 1989": the two sides of the first slash, else the first
/// hyphen (of the first few), where the left reads as a point and the right as a point, an
/// open end or an abbreviated year. Slashes go first because in the dataset's form hyphens
/// are inside the points ("1951-09/1952" is September 1951 to 1952). The sides are not split
/// again, which keeps this quadratic at worst in a token of at most [`MAX_TOKEN_BYTES`].
fn split_range(p: &str) -> Option<(Vec<String>, &'static str, Vec<String>)> {
    let slashes = p.match_indices('/').map(|(i, _)| (i, "/"));
    let hyphens = p.match_indices('-').map(|(i, _)| (i, "-"));
    for (i, mark) in slashes.chain(hyphens).take(MAX_RANGE_SPLITS) {
        let (l, r) = (&p[..i], &p[i + 1..]);
        if l.is_empty() || r.is_empty() {
            continue;
        }
        let mut left = Vec::new();
        lex_piece(l, false, &mut left);
        let mut right = Vec::new();
        lex_piece(r, false, &mut right);
        let left_atoms: Vec<&str> = left.iter().map(String::as_str).collect();
        let right_atoms: Vec<&str> = right.iter().map(String::as_str).collect();
        // The dataset's ranges are cut by whitespace inside their points: "late 19th
        // century/1904", "1945/at least 1989", "1917/late 1991".
        let left_ok = point(&left_atoms).is_some() || (mark == "/" && l == "century");
        let right_ok = is_ongoing(&right_atoms)
            || point(&right_atoms).is_some()
            || (year4(l).is_some() && r.len() == 2 && number(r).is_some())
            || (mark == "/" && right_atoms.iter().all(|a| is_point_prefix(a)));
        if left_ok && right_ok {
            return Some((left, mark, right));
        }
    }
    None
}

/// A word that may begin a point but is none: "at" (least), "early", "first" (half), "~",
/// "19th" (century).
fn is_point_prefix(atom: &str) -> bool {
    QUALIFIERS.contains(&atom)
        || ordinal(atom).is_some()
        || matches!(
            atom,
            "at" | "early" | "mid" | "late" | "first" | "second" | "half" | "the"
        )
}

/// "1918-22", "1918–22": an end year of two digits after a four-digit start year, in the
/// start's century. An end before the start stays as typed and so is no date.
fn expand_short_end_year(atoms: &mut [String]) {
    let n = atoms.len();
    if n < 3 || !matches!(atoms[n - 2].as_str(), "-" | "–" | ".." | "/") {
        return;
    }
    let (Some(start), true, Some(short)) = (
        year4(&atoms[n - 3]),
        atoms[n - 1].len() == 2,
        number(&atoms[n - 1]),
    ) else {
        return;
    };
    let end = start - start.rem_euclid(100) + short as i32;
    if end > start {
        atoms[n - 1] = end.to_string();
    }
}

// ---------------------------------------------------------------------------------------
// Grammar over atoms; each function matches its whole input or returns None
// ---------------------------------------------------------------------------------------

/// One date expression: a point, an open range or a range.
fn expression(a: &[&str]) -> Option<Span> {
    // Every date has a digit or a century in it: "early", "to tokyo" are refused at once.
    if !a.iter().any(|t| is_anchor(t)) {
        return None;
    }
    point(a).or_else(|| open_range(a)).or_else(|| range(a))
}

/// An atom every date expression has at least one of: a digit, or "century" (as in
/// "nineteenth century").
fn is_anchor(atom: &str) -> bool {
    atom == "century" || atom.bytes().any(|b| b.is_ascii_digit())
}

/// Whether an expression may begin with this atom: the first atoms the grammar accepts.
/// Lets [`find_dates`] pass over ordinary words without trying any window.
fn can_start(atom: &str) -> bool {
    atom.bytes().any(|b| b.is_ascii_digit())
        || atom.starts_with(['\'', '’', '‘'])
        || is_point_prefix(atom)
        || month_name(atom).is_some()
        || matches!(
            atom,
            "from"
                | "between"
                | "after"
                | "since"
                | "post"
                | ">"
                | "before"
                | "until"
                | "till"
                | "til"
                | "pre"
                | "<"
                | ".."
                | "up"
        )
}

/// "after 1936", "since 1991", "from 1991", "1941..", "post-1945" (from the point's
/// earliest day: the dataset writes "after 1936" for a date it files at 1936);
/// "until 1945", "up to 1945", "..1945" (to the point's latest day, as a range's end is);
/// "before 1945", "pre-1945", "<1945" (to the day before it starts: what is filed at 1945
/// is not before 1945).
fn open_range(a: &[&str]) -> Option<Span> {
    match a {
        ["before" | "pre" | "<", rest @ ..] => Some(Span {
            from: OPEN_START,
            to: day_before(point(rest)?.from),
        }),
        ["until" | "till" | "til" | "..", rest @ ..] | ["up", "to", rest @ ..] => Some(Span {
            from: OPEN_START,
            to: point(rest)?.to,
        }),
        ["after" | "since" | "from" | "post" | ">", rest @ ..] | [rest @ .., ".."] => Some(Span {
            from: point(rest)?.from,
            to: OPEN_END,
        }),
        _ => None,
    }
}

/// The day before a day.
fn day_before(day: Day) -> Day {
    let (year, month, date) = (
        day.div_euclid(10_000),
        (day.rem_euclid(10_000) / 100) as u8,
        (day.rem_euclid(100)) as u8,
    );
    match (month, date) {
        (_, 2..) => day - 1,
        (2.., _) => self::day(year, month - 1, days_in_month(year, month - 1)),
        _ => self::day(year - 1, 12, 31),
    }
}

/// "1918 – 1922", "from 1951 to 1952", "between 1951 and 1952", "Sept 1951 - April 1952",
/// "1945 – ongoing", "from at least 1950 – until at least 1989": from the first point's
/// earliest day to the second's latest. A range that ends before it starts is no date.
fn range(a: &[&str]) -> Option<Span> {
    let (a, between) = match a {
        ["from", rest @ ..] => (rest, false),
        ["between", rest @ ..] => (rest, true),
        _ => (a, false),
    };
    for k in 1..a.len().saturating_sub(1) {
        let mark = match a[k] {
            "-" | "–" | "—" | ".." | "/" => true,
            "to" | "through" | "thru" | "till" | "until" | "til" => false,
            "and" if between => false,
            _ => continue,
        };
        let Some(from) = range_start(&a[..k]) else {
            continue;
        };
        let Some(to) = range_end(&a[k + 1..], mark) else {
            continue;
        };
        if from <= to {
            return Some(Span { from, to });
        }
    }
    None
}

/// A range's first point; "after 1936 – 1940" as the explorer prints a range whose start
/// is only known to be after 1936.
fn range_start(a: &[&str]) -> Option<Day> {
    let a = match a {
        ["after", rest @ ..] => rest,
        _ => a,
    };
    Some(point(a)?.from)
}

/// A range's second point, or an open end ("ongoing", "present", "today", "now"). After a
/// dash or "..", "until" may introduce it ("1945 – until at least 1989").
fn range_end(a: &[&str], after_mark: bool) -> Option<Day> {
    let a = match a {
        ["until" | "till" | "til" | "to", rest @ ..] if after_mark => rest,
        _ => a,
    };
    if is_ongoing(a) {
        return Some(OPEN_END);
    }
    Some(point(a)?.to)
}

/// Words that end a range that has not ended.
fn is_ongoing(a: &[&str]) -> bool {
    matches!(
        a,
        ["ongoing" | "present" | "today" | "now"] | ["the", "present"]
    )
}

/// Words that make a point approximate or qualified without changing its days.
const QUALIFIERS: [&str; 12] = [
    "c",
    "ca",
    "circa",
    "~",
    "around",
    "about",
    "approx",
    "approximately",
    "≤",
    "≥",
    "<=",
    ">=",
];

/// Drops one qualifier: "c.", "~", "≤", "at least", "at most", …
fn strip_qualifier<'a>(a: &'a [&'a str]) -> &'a [&'a str] {
    match a {
        ["at", "least" | "most", rest @ ..] => rest,
        [q, rest @ ..] if QUALIFIERS.contains(q) => rest,
        _ => a,
    }
}

/// A point: a period, perhaps qualified ("c. 1855", "at least c. 1950", "≤~1950"), perhaps
/// a part of one ("mid-1978", "first half of the 1950s", "the early 1950s"), or "the
/// 1950s". "the" goes only with decades and centuries, or before a part ("the first half of
/// 1956"), so "the 1945" stays two words.
fn point(a: &[&str]) -> Option<Span> {
    let a = strip_qualifier(strip_qualifier(a));
    let (a, leading_the) = match a {
        ["the", rest @ ..] => (rest, true),
        _ => (a, false),
    };
    let (part, rest) = match a {
        ["early", rest @ ..] => (Some(Part::Early), rest),
        ["mid", rest @ ..] => (Some(Part::Mid), rest),
        ["late", rest @ ..] => (Some(Part::Late), rest),
        ["first", "half", rest @ ..] => (Some(Part::FirstHalf), rest),
        ["second", "half", rest @ ..] => (Some(Part::SecondHalf), rest),
        _ => (None, a),
    };
    let rest = match (part, rest) {
        (Some(Part::FirstHalf | Part::SecondHalf), ["of", rest @ ..]) => rest,
        _ => rest,
    };
    let (rest, inner_the) = match (part, rest) {
        (Some(Part::FirstHalf | Part::SecondHalf), ["the", rest @ ..]) => (rest, true),
        _ => (rest, false),
    };
    let period = period(rest)?;
    let the_ok = matches!(period, Period::Decade(_) | Period::Century(_));
    if (inner_the || (leading_the && part.is_none())) && !the_ok {
        return None;
    }
    period.span(part)
}

/// A bare period: "1951", "1950s", "19th century", "September 1951", "8 September 1951",
/// "September 8 1951", "8th of September 1951", or any one-atom form (see
/// [`single_period`]).
fn period(a: &[&str]) -> Option<Period> {
    match *a {
        [x] => single_period(x),
        [n, "century"] => Some(Period::Century(ordinal(n)?)),
        [m, y] => month_of(year4(y)?, u32::from(month_name(m)?)),
        [x, z, y] => {
            let y = year4(y)?;
            if let (Some(d), Some(m)) = (day_number(x), month_name(z)) {
                return date_of(y, u32::from(m), d);
            }
            date_of(y, u32::from(month_name(x)?), day_number(z)?)
        }
        [d, "of", m, y] => date_of(year4(y)?, u32::from(month_name(m)?), day_number(d)?),
        _ => None,
    }
}

/// One-atom periods: "1951", "1950s", "1950's", "'50s", ISO "1951-09", "1951-09-08"
/// (also with `/` or `.`), European "08.09.1951", "8/9/1951", "08-09-1951" (day first,
/// unless only the second number can be a day: "09/28/1951"), "09.1951", "9/1951",
/// "8-Sep-1951", "Sep-1951".
fn single_period(s: &str) -> Option<Period> {
    if let Some(y) = year4(s) {
        return Some(Period::Year(y));
    }
    if let Some(first) = decade(s) {
        return Some(Period::Decade(first));
    }
    let sep = s.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let mut parts = s.split(sep);
    let (a, b, c) = (parts.next()?, parts.next()?, parts.next());
    if parts.next().is_some() {
        return None;
    }
    match c {
        None => {
            if let (Some(y), Some(m)) = (year4(a), number(b)) {
                return month_of(y, m);
            }
            let y = year4(b)?;
            let m = number(a).or_else(|| month_name(a).map(u32::from))?;
            month_of(y, m)
        }
        Some(c) => {
            if let (Some(y), Some(m), Some(d)) = (year4(a), number(b), number(c)) {
                return date_of(y, m, d);
            }
            let y = year4(c)?;
            if let (Some(x), Some(z)) = (number(a), number(b)) {
                let (d, m) = if x <= 12 && z > 12 { (z, x) } else { (x, z) };
                return date_of(y, m, d);
            }
            date_of(y, u32::from(month_name(b)?), number(a)?)
        }
    }
}

/// Exactly four ASCII digits: "1066" is a year, "731" and "12345" are not.
fn year4(s: &str) -> Option<i32> {
    if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

/// One or two ASCII digits.
fn number(s: &str) -> Option<u32> {
    if (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

/// A day of the month as typed: "8", "08", "8th", "1st", "22nd".
fn day_number(s: &str) -> Option<u32> {
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| s.strip_suffix(suffix))
        .unwrap_or(s);
    number(digits).filter(|d| (1..=31).contains(d))
}

/// "1950s", "1950's", "'50s" (a decade of the 1900s): its first year. A decade ends in 0.
fn decade(s: &str) -> Option<i32> {
    let body = s.strip_suffix('s')?;
    let body = body.strip_suffix(['\'', '’']).unwrap_or(body);
    if let Some(first) = year4(body) {
        return (first % 10 == 0).then_some(first);
    }
    let short = body.strip_prefix(['\'', '’', '‘'])?;
    let n = number(short).filter(|n| short.len() == 2 && n % 10 == 0)?;
    Some(1900 + n as i32)
}

/// A century's ordinal: "19th", "21st", "nineteenth", "twenty-first".
fn ordinal(s: &str) -> Option<i32> {
    const WORDS: [&str; 21] = [
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
        "twentieth",
        "twenty-first",
    ];
    if let Some(i) = WORDS.iter().position(|w| *w == s) {
        return i32::try_from(i + 1).ok();
    }
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| s.strip_suffix(suffix))?;
    let n = number(digits)?;
    (n >= 1).then_some(n as i32)
}

/// English month names and their abbreviations.
fn month_name(s: &str) -> Option<u8> {
    Some(match s {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    })
}

/// A month that exists.
fn month_of(year: i32, month: u32) -> Option<Period> {
    let month = u8::try_from(month).ok().filter(|m| (1..=12).contains(m))?;
    Some(Period::Month(year, month))
}

/// A day that exists: not 30 February, not 31 April, 29 February only in leap years.
fn date_of(year: i32, month: u32, d: u32) -> Option<Period> {
    let Some(Period::Month(year, month)) = month_of(year, month) else {
        return None;
    };
    let d = u8::try_from(d).ok()?;
    (1..=days_in_month(year, month))
        .contains(&d)
        .then_some(Period::Day(year, month, d))
}

use crate::date::days_in_month;

#[cfg(test)]
mod tests {
    use super::*;

    /// from, to of `text` read as one expression.
    fn span(text: &str) -> Option<(Day, Day)> {
        parse_date(text).map(|f| (f.from, f.to))
    }

    const O_S: Day = OPEN_START;
    const O_E: Day = OPEN_END;

    /// Every form the parser reads, with the days it names.
    const CASES: &[(&str, Day, Day)] = &[
        // ISO and years
        ("1951", 19510101, 19511231),
        ("1066", 10660101, 10661231),
        ("1951-09", 19510901, 19510930),
        ("1952-02", 19520201, 19520229),
        ("1900-02", 19000201, 19000228),
        ("2000-02", 20000201, 20000229),
        ("1951-09-08", 19510908, 19510908),
        ("1951/09/08", 19510908, 19510908),
        ("1951.09.08", 19510908, 19510908),
        ("1952-02-29", 19520229, 19520229),
        ("1945-08", 19450801, 19450831),
        ("1956-10-19", 19561019, 19561019),
        // Decades and centuries
        ("1950s", 19500101, 19591231),
        ("1950's", 19500101, 19591231),
        ("'50s", 19500101, 19591231),
        ("1960s", 19600101, 19691231),
        ("the 1950s", 19500101, 19591231),
        ("19th century", 18010101, 19001231),
        ("20th century", 19010101, 20001231),
        ("21st century", 20010101, 21001231),
        ("19th-century", 18010101, 19001231),
        ("the nineteenth century", 18010101, 19001231),
        // Month names
        ("September 1951", 19510901, 19510930),
        ("Sept 1951", 19510901, 19510930),
        ("Sep. 1951", 19510901, 19510930),
        ("September, 1951", 19510901, 19510930),
        ("SEPTEMBER 1951", 19510901, 19510930),
        ("may 1945", 19450501, 19450531),
        ("Feb 1952", 19520201, 19520229),
        ("August 1945", 19450801, 19450831),
        // Days
        ("8 September 1951", 19510908, 19510908),
        ("8th September 1951", 19510908, 19510908),
        ("08 Sep 1951", 19510908, 19510908),
        ("September 8, 1951", 19510908, 19510908),
        ("September 8th, 1951", 19510908, 19510908),
        ("Sept 8 1951", 19510908, 19510908),
        ("8-Sep-1951", 19510908, 19510908),
        ("8-September-1951", 19510908, 19510908),
        ("8th of September 1951", 19510908, 19510908),
        ("19 October 1956", 19561019, 19561019),
        // Dotted and slashed
        ("08.09.1951", 19510908, 19510908),
        ("8.9.1951", 19510908, 19510908),
        ("08/09/1951", 19510908, 19510908),
        ("8/9/1951", 19510908, 19510908),
        ("08-09-1951", 19510908, 19510908),
        ("09/28/1951", 19510928, 19510928),
        ("28/09/1951", 19510928, 19510928),
        ("09.1951", 19510901, 19510930),
        ("09/1951", 19510901, 19510930),
        ("9/1951", 19510901, 19510930),
        // Parts
        ("early 1950s", 19500101, 19531231),
        ("mid 1950s", 19540101, 19561231),
        ("late 1950s", 19570101, 19591231),
        ("early 1956", 19560101, 19560430),
        ("mid 1956", 19560501, 19560831),
        ("late 1956", 19560901, 19561231),
        ("mid-1978", 19780501, 19780831),
        ("early-1950s", 19500101, 19531231),
        ("late-1991", 19910901, 19911231),
        ("mid-September 1941", 19410911, 19410920),
        ("mid September 1941", 19410911, 19410920),
        ("early September 1941", 19410901, 19410910),
        ("late September 1941", 19410921, 19410930),
        ("late February 1952", 19520221, 19520229),
        ("mid 1941-09", 19410911, 19410920),
        ("first half of 1956", 19560101, 19560630),
        ("second half of 1956", 19560701, 19561231),
        ("the first half of 1956", 19560101, 19560630),
        ("first half of the 1950s", 19500101, 19541231),
        ("second half of the 1950s", 19550101, 19591231),
        ("first-half 1956", 19560101, 19560630),
        ("second-half 1950s", 19550101, 19591231),
        ("first half of September 1941", 19410901, 19410915),
        ("second-half 1956-02", 19560216, 19560229),
        ("early 19th century", 18010101, 18331231),
        ("mid-19th century", 18340101, 18661231),
        ("late 19th century", 18670101, 19001231),
        ("first half of the 19th century", 18010101, 18501231),
        ("second half of the 19th century", 18510101, 19001231),
        ("the early 1950s", 19500101, 19531231),
        // Approximate and qualified: the same days
        ("c. 1855", 18550101, 18551231),
        ("c.1855", 18550101, 18551231),
        ("circa 1855", 18550101, 18551231),
        ("ca. 1855", 18550101, 18551231),
        ("~1855", 18550101, 18551231),
        ("around 1855", 18550101, 18551231),
        ("≤1950", 19500101, 19501231),
        ("≥1989", 19890101, 19891231),
        ("at least 1950", 19500101, 19501231),
        ("(c. 1855)", 18550101, 18551231),
        ("c. early-1980s", 19800101, 19831231),
        ("~early 1980s", 19800101, 19831231),
        ("at least c. 1950", 19500101, 19501231),
        // One-token ranges
        ("1941..1945", 19410101, 19451231),
        ("1951-09..1952-04", 19510901, 19520430),
        ("1941..", 19410101, O_E),
        ("..1945", O_S, 19451231),
        ("1918-1922", 19180101, 19221231),
        ("1918–1922", 19180101, 19221231),
        ("1918—1922", 19180101, 19221231),
        ("1918-22", 19180101, 19221231),
        ("1918–22", 19180101, 19221231),
        ("1904-05", 19040501, 19040531),
        ("1945–ongoing", 19450101, O_E),
        ("1945-ongoing", 19450101, O_E),
        ("≤1950–≥1989", 19500101, 19891231),
        ("1950s-1960s", 19500101, 19691231),
        ("mid-1950s-1960s", 19540101, 19691231),
        ("1951-09-1952-04", 19510901, 19520430),
        ("8-Sep-1951–1952", 19510908, 19521231),
        ("late 19th century–1904", 18670101, 19041231),
        ("1945-09-02–≥1989", 19450902, 19891231),
        ("1945–present", 19450101, O_E),
        // The dataset's own range form, pasted from its files
        ("1918/1922", 19180101, 19221231),
        ("1945/ongoing", 19450101, O_E),
        ("1951-09/1952", 19510901, 19521231),
        ("1945-09-02/at least 1989", 19450902, 19891231),
        ("late 19th century/1904", 18670101, 19041231),
        ("1917/late 1991", 19170101, 19911231),
        ("mid 1980s/1990", 19840101, 19901231),
        ("at least 1950/1960", 19500101, 19601231),
        ("early 19th century/19th century", 18010101, 19001231),
        // Ranges over several tokens
        ("1918 – 1922", 19180101, 19221231),
        ("1918 - 1922", 19180101, 19221231),
        ("Sept 1951 - April 1952", 19510901, 19520430),
        ("September 1951 to April 1952", 19510901, 19520430),
        ("from 1951 to 1952", 19510101, 19521231),
        ("between 1951 and 1952", 19510101, 19521231),
        ("1951 through 1953", 19510101, 19531231),
        ("from 1951 until 1953", 19510101, 19531231),
        ("1945 – ongoing", 19450101, O_E),
        ("1945 to the present", 19450101, O_E),
        (
            "from at least 1950 – until at least 1989",
            19500101,
            19891231,
        ),
        ("1951 .. 1953", 19510101, 19531231),
        ("1895 – 7 November 1944", 18950101, 19441107),
        ("2 September 1945 – until at least 1989", 19450902, 19891231),
        ("after 1936 – 1940", 19360101, 19401231),
        (
            "from at least c. 1950 – until at least c. 1989",
            19500101,
            19891231,
        ),
        ("late 19th century – 1904", 18670101, 19041231),
        // Open ranges
        ("after 1936", 19360101, O_E),
        ("since 1991", 19910101, O_E),
        ("from 1991", 19910101, O_E),
        ("from at least 1950", 19500101, O_E),
        ("after c. 1936", 19360101, O_E),
        ("post-1945", 19450101, O_E),
        (">1945", 19450101, O_E),
        ("1941 ..", 19410101, O_E),
        ("before 1945", O_S, 19441231),
        ("before 8 September 1951", O_S, 19510907),
        ("before March 1951", O_S, 19510228),
        ("until 1945", O_S, 19451231),
        ("till 1945", O_S, 19451231),
        ("up to 1945", O_S, 19451231),
        ("until at least 1989", O_S, 19891231),
        ("before the 1950s", O_S, 19491231),
        ("pre-1945", O_S, 19441231),
        ("<1945", O_S, 19441231),
        (".. 1945", O_S, 19451231),
    ];

    #[test]
    fn every_form_names_its_days() {
        assert!(CASES.len() >= 60);
        for &(text, from, to) in CASES {
            let filter = parse_date(text).unwrap_or_else(|| panic!("{text:?} is a date"));
            assert_eq!((filter.from, filter.to), (from, to), "{text:?}");
            assert_eq!(filter.text, text, "{text:?}");
            // As one token among words, it is found whole and nothing else is.
            let query = format!("kuril {text} islands");
            let tokens: Vec<&str> = query.split_whitespace().collect();
            let (filters, consumed) = find_dates(&tokens);
            assert_eq!(filters, vec![filter], "{query:?}");
            assert!(!consumed[0] && !consumed[tokens.len() - 1], "{query:?}");
            assert!(
                consumed[1..tokens.len() - 1].iter().all(|&c| c),
                "{query:?}"
            );
        }
    }

    #[test]
    fn case_and_trailing_punctuation_are_ignored() {
        for text in [
            "sePTember 8, 1951!",
            "(8 September 1951)",
            "8 September 1951?",
            "8 september 1951;",
            "8. September 1951.",
            "[1951-09-08]",
            "\"8 Sept. 1951\"",
        ] {
            assert_eq!(span(text), Some((19510908, 19510908)), "{text:?}");
        }
    }

    #[test]
    fn text_is_the_tokens_as_typed() {
        assert_eq!(
            parse_date("  September   8,  1951 ").unwrap().text,
            "September 8, 1951"
        );
    }

    #[test]
    fn what_is_not_a_date() {
        for text in [
            "",
            "   ",
            "may",
            "march",
            "august",
            "august storm",
            "8 September",
            "September 8",
            "731",
            "12345",
            "123456789",
            "9",
            "2",
            "g7",
            "ww2",
            "50s",
            "1955s",
            "from",
            "to",
            "between",
            "after",
            "before",
            "early",
            "mid",
            "late",
            "the",
            "the 1945",
            "ongoing",
            "present",
            "now",
            "century",
            "0th century",
            "mid 8 September 1951",
            "30 February 1951",
            "29 February 1951",
            "1951-02-29",
            "31/04/1951",
            "13/13/1951",
            "1951-13",
            "1951-00",
            "1951-09-31",
            "00.09.1951",
            "1952 – 1951",
            "1945-1918",
            "1998–03",
            "1950s–1940s",
            "after the war",
            "visit to tokyo",
            "from 1951 to",
            "between 1951 and",
            "1951 and 1952",
            "1941 1945",
            "-1945",
            "'1951",
            "1951-",
            "--",
            "..",
            "…",
            "russo-japanese",
            "1951-09/08",
            "9/11",
            "24/7",
            "1/2",
            "1951/at",
            "1951/early",
        ] {
            assert_eq!(parse_date(text), None, "{text:?}");
        }
    }

    /// The query's tokens and which find_dates consumed, as "word [date] word".
    fn marked(query: &str) -> String {
        let tokens: Vec<&str> = query.split_whitespace().collect();
        let (filters, consumed) = find_dates(&tokens);
        let mut out = Vec::new();
        let mut filters = filters.iter();
        let mut i = 0;
        while i < tokens.len() {
            if consumed[i] {
                let f = filters.next().expect("a filter per consumed run");
                out.push(format!("[{}]", f.text));
                i += f.text.split(' ').count();
            } else {
                out.push(tokens[i].to_string());
                i += 1;
            }
        }
        assert!(filters.next().is_none());
        out.join(" ")
    }

    #[test]
    fn find_dates_consumes_only_dates() {
        for (query, expected) in [
            ("visit to tokyo", "visit to tokyo"),
            (
                "gorbachev visit to japan 1991",
                "gorbachev visit to japan [1991]",
            ),
            ("kanagawa 1854", "kanagawa [1854]"),
            ("after the war", "after the war"),
            ("from 1951 to 1952 trade", "[from 1951 to 1952] trade"),
            ("1941 1945", "[1941] [1945]"),
            ("august storm", "august storm"),
            ("august storm 1945", "august storm [1945]"),
            ("may 1945 may", "[may 1945] may"),
            ("unit 731 g7 12345 ww2", "unit 731 g7 12345 ww2"),
            (
                "san francisco 8 September 1951 treaty",
                "san francisco [8 September 1951] treaty",
            ),
            ("8 September treaty", "8 September treaty"),
            ("(1941–1945) neutrality", "[(1941–1945)] neutrality"),
            ("yalta 1945, potsdam", "yalta [1945,] potsdam"),
            ("1952 – 1951", "[1952] – [1951]"),
            ("early meiji 1868", "early meiji [1868]"),
            ("the early 1950s thaw", "[the early 1950s] thaw"),
            (
                "treaties after 1956 and before 1991",
                "treaties [after 1956] and [before 1991]",
            ),
            (
                "between 1951 and 1952 and 1953",
                "[between 1951 and 1952] and [1953]",
            ),
            ("from tokyo to moscow 1956", "from tokyo to moscow [1956]"),
            ("mid the war", "mid the war"),
            ("1945 - tokyo", "[1945] - tokyo"),
            ("-1945 kuril", "-1945 kuril"),
            ("'pact 1941..", "'pact [1941..]"),
            ("kind:treaty 1950s", "kind:treaty [1950s]"),
            ("russo-japanese war 1904-05", "russo-japanese war [1904-05]"),
            ("russo-japanese war 1904–05", "russo-japanese war [1904–05]"),
            ("c. 1855 shimoda", "[c. 1855] shimoda"),
            ("c. shimoda", "c. shimoda"),
        ] {
            assert_eq!(marked(query), expected, "{query:?}");
        }
        let (filters, _) = find_dates(&["1941", "1945"]);
        assert_eq!(
            filters.iter().map(|f| (f.from, f.to)).collect::<Vec<_>>(),
            [(19410101, 19411231), (19450101, 19451231)]
        );
        assert_eq!(find_dates(&[]), (vec![], vec![]));
    }

    #[test]
    fn every_printed_date_reads_back() {
        for text in [
            // Reader's forms (HistDate::human)
            "19 October 1956",
            "August 1945",
            "mid-1978",
            "c. 1855",
            "1960s",
            "1918 – 1922",
            "after 1936",
            "from at least 1950 – until at least 1989",
            "from at least 1950 – 1960",
            "2 September 1945 – until at least 1989",
            "first half of the 1950s",
            "second half of 1956",
            "early 19th century",
            "mid-19th century",
            "late 19th century – 1904",
            "mid-September 1941",
            "1945 – ongoing",
            "c. early-1980s",
            "c. mid-19th century",
            "1st century",
            "22nd century",
            "after c. 1936 – 1940",
            // Compact forms (HistDate::compact)
            "1956-10-19",
            "1945-08",
            "1925",
            "1918–1922",
            "late 1950s",
            "~1855",
            "≤1950–≥1989",
            "≤1950–1960",
            "1945–≥1989",
            "after 1936",
            "19th century",
            "1945–ongoing",
            "first-half 1956",
            "second-half 1950s",
            "first-half 1956-03",
            "mid 1941-09",
            "~early 1980s",
            "late 19th century–1904",
            "1895–1944-11-07",
            "1945-09-02–≥1989",
            "after ~1936–1940",
            // Era spans (start–end or start–present)
            "1945-08–1952-04",
            "1991–present",
        ] {
            assert!(parse_date(text).is_some(), "{text:?}");
        }
    }

    #[test]
    fn days_order_like_the_calendar() {
        assert_eq!(day(1951, 9, 8), 19510908);
        assert!(day(-1, 12, 31) < day(0, 1, 1));
        assert!(day(-2, 12, 31) < day(-1, 1, 1));
        assert!(day(-1, 1, 1) < day(-1, 12, 31));
        assert!(OPEN_START < day(-9999, 1, 1) && day(9999, 12, 31) < OPEN_END);
        // Saturates instead of overflowing.
        assert_eq!(day(i32::MAX, 12, 31), i32::MAX);
        assert_eq!(day(i32::MIN, 1, 1), i32::MIN + 101);
    }

    /// A small deterministic pseudo-random generator (xorshift64*), so the tests need no
    /// crates and every run sees the same inputs.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.below(items.len())]
        }
    }

    /// Pieces that come close to dates, so junk reaches deep into the grammar.
    const PIECES: &[&str] = &[
        "1951",
        "1918",
        "22",
        "09",
        "8",
        "31",
        "0",
        "12345",
        "731",
        "-",
        "–",
        "—",
        "..",
        ".",
        "/",
        ",",
        "(",
        ")",
        "'",
        "’",
        "s",
        "'s",
        "th",
        "st",
        "~",
        "≤",
        "≥",
        "<",
        ">",
        "<=",
        "c.",
        "ca.",
        "c",
        "sep",
        "september",
        "may",
        "mid",
        "early",
        "late",
        "first",
        "half",
        "second",
        "of",
        "the",
        "century",
        "19th",
        "from",
        "to",
        "between",
        "and",
        "after",
        "before",
        "until",
        "up",
        "at",
        "least",
        "ongoing",
        "present",
        "pre",
        "post",
        "1950s",
        "'50s",
        "é",
        "日本",
        "\u{0}",
        "İ",
        "ß",
        "\u{301}",
        "🇯🇵",
        "a",
        " ",
        " ",
        " ",
    ];

    /// Checks what must hold for any query: one flag per token, filters in order over the
    /// consumed tokens, every filter a proper span that parse_date reads the same way.
    fn check(query: &str) {
        let _ = parse_date(query);
        let tokens: Vec<&str> = query.split_whitespace().collect();
        let (filters, consumed) = find_dates(&tokens);
        assert_eq!(consumed.len(), tokens.len());
        let covered: usize = filters.iter().map(|f| f.text.split(' ').count()).sum();
        assert_eq!(
            covered,
            consumed.iter().filter(|&&c| c).count(),
            "{query:?}"
        );
        for f in &filters {
            assert!(f.from <= f.to, "{query:?}: {f:?}");
            assert_eq!(parse_date(&f.text).as_ref(), Some(f), "{query:?}");
        }
    }

    #[test]
    fn never_panics_on_punctuation_and_digits() {
        let alphabet: Vec<char> = (b'!'..=b'~')
            .map(char::from)
            .filter(|c| !c.is_ascii_alphabetic())
            .chain(['–', '—', '≤', '≥', '’'])
            .collect();
        let mut text = String::new();
        for &a in &alphabet {
            for &b in &alphabet {
                for &c in &alphabet {
                    text.clear();
                    text.extend([a, b, c]);
                    let _ = parse_date(&text);
                    let _ = find_dates(&[&text]);
                }
            }
        }
    }

    #[test]
    fn never_panics_on_junk() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..20_000 {
            let mut query = String::new();
            for _ in 0..rng.below(30) {
                query.push_str(rng.pick(PIECES));
                if rng.below(3) == 0 {
                    query.push(' ');
                }
            }
            check(&query);
        }
        // Random bytes that happen to be UTF-8, and random chars of any plane.
        for _ in 0..5_000 {
            let query: String = (0..rng.below(40))
                .filter_map(|_| char::from_u32((rng.next() % 0x11_0000) as u32))
                .collect();
            check(&query);
        }
    }

    #[test]
    fn long_inputs_are_read_in_bounded_time() {
        let mut rng = Rng(42);
        // 10,000 tokens, many of them date-like, some forming dates.
        let query: Vec<&str> = (0..10_000).map(|_| rng.pick(PIECES)).collect();
        check(&query.join(" "));
        // Ranges everywhere: "1951 - 1951 - 1951 …" and "from from from …".
        check(&["1951", "-"].repeat(5_000).join(" "));
        check(&["from"; 10_000].join(" "));
        check(&["≤1950–≥1989"; 10_000].join(" "));
        // One huge token, huge punctuation, a huge text for parse_date.
        check(&"1951-".repeat(20_000));
        check(&"~".repeat(100_000));
        check(&"..–".repeat(30_000));
        assert_eq!(parse_date(&"1951 ".repeat(100_000)), None);
        // Tokens a caller should not pass: empty, or with whitespace inside.
        let (filters, consumed) = find_dates(&["", "1951", " ", "\t1952\n", "", "–"]);
        assert_eq!(consumed, [false, true, false, true, false, false]);
        assert_eq!(filters.len(), 2);
        let (filters, consumed) = find_dates(&vec!["1951"; 10_000]);
        assert_eq!(filters.len(), 10_000);
        assert!(consumed.iter().all(|&c| c));
    }
}
