//! Historical dates that keep their precision.
//!
//! A date is written in the dataset as a string and parsed into [`HistDate`]:
//!
//! | text                    | meaning                                   |
//! |-------------------------|-------------------------------------------|
//! | `1956-10-19`            | a day                                     |
//! | `1945-08`               | a month                                   |
//! | `1925`                  | a year                                    |
//! | `1960s`                 | a decade                                  |
//! | `early 1956`, `mid 1978`, `late 1991` | part of a year              |
//! | `mid 1941-09`           | part of a month ("mid-September 1941")    |
//! | `19th century`          | a century                                 |
//! | `first-half 1956`, `second-half 1950s` | half of a year, decade or century |
//! | `~1855`                 | approximate (any of the above)            |
//! | `1918/1922`, `1895/1944-11-07` | a range; each end any of the above |
//! | `after 1936`            | some time after (a date or a range's start) |
//! | `at least 1950/1960`    | a range known to run from 1950, perhaps earlier ("from at least") |
//! | `1945/at least 1989`    | a range known to run until 1989, perhaps later ("until at least") |
//! | `1945/ongoing`          | a range that has not ended                 |
//!
//! Ordering uses the earliest bound, so a year-only date sorts before any day in that year
//! and is never shown as "1 January". A date qualified with "after" or "at least" sorts and
//! matches searches at the year it names: the source gives no other bound.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt;

/// How much of a point in time is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Precision {
    Century,
    Decade,
    Year,
    Month,
    Day,
}

/// "early", "mid" or "late" part (a third) or a half of a period, as sources often say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    Early,
    Mid,
    Late,
    FirstHalf,
    SecondHalf,
}

/// Every part, in order (also the cache's codes for them).
pub(crate) const PARTS: [Part; 5] = [
    Part::Early,
    Part::Mid,
    Part::Late,
    Part::FirstHalf,
    Part::SecondHalf,
];

impl Part {
    /// The word in the dataset's text form.
    fn word(self) -> &'static str {
        match self {
            Part::Early => "early",
            Part::Mid => "mid",
            Part::Late => "late",
            Part::FirstHalf => "first-half",
            Part::SecondHalf => "second-half",
        }
    }

    /// The reader's words, before the period: "mid-1978", "second half of the 1950s".
    fn human(self, precision: Precision) -> &'static str {
        let the = matches!(precision, Precision::Decade | Precision::Century);
        match (self, the) {
            (Part::Early, _) if precision == Precision::Century => "early ",
            (Part::Mid, _) if precision == Precision::Century => "mid-",
            (Part::Late, _) if precision == Precision::Century => "late ",
            (Part::Early, _) => "early-",
            (Part::Mid, _) => "mid-",
            (Part::Late, _) => "late-",
            (Part::FirstHalf, true) => "first half of the ",
            (Part::SecondHalf, true) => "second half of the ",
            (Part::FirstHalf, false) => "first half of ",
            (Part::SecondHalf, false) => "second half of ",
        }
    }

    /// First and last unit of the part in a period of `units` (years of a decade or
    /// century, months of a year), counted from 0. Thirds as people say them: a decade's
    /// "mid" is its years 4–6, a year's "early" January to April.
    fn range(part: Option<Part>, units: u32) -> (u32, u32) {
        let thirds: [(u32, u32); 3] = match units {
            10 => [(0, 3), (4, 6), (7, 9)],
            12 => [(0, 3), (4, 7), (8, 11)],
            _ => [(0, 32), (33, 65), (66, 99)],
        };
        match part {
            None => (0, units - 1),
            Some(Part::Early) => thirds[0],
            Some(Part::Mid) => thirds[1],
            Some(Part::Late) => thirds[2],
            Some(Part::FirstHalf) => (0, units / 2 - 1),
            Some(Part::SecondHalf) => (units / 2, units - 1),
        }
    }
}

/// What is known of a bound beyond its date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Qualifier {
    /// Some time after the date ("after 1936").
    After,
    /// A range's start or end known only this far: "from at least 1950", "until at least
    /// 1989".
    AtLeast,
}

/// The latest bound of a range that has not ended.
pub const ONGOING: (i32, u8, u8) = (9999, 12, 31);

/// One point in time with its precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Point {
    pub year: i32,
    /// 1–12 when precision is Month or Day.
    pub month: u8,
    /// 1–31 when precision is Day.
    pub day: u8,
    pub precision: Precision,
    pub part: Option<Part>,
    pub approximate: bool,
    pub qualifier: Option<Qualifier>,
}

/// Month names, January first (also for search dates read back to a person).
pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Days in a month of the (proleptic) Gregorian calendar.
pub(crate) fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => {
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
            if leap { 29 } else { 28 }
        }
    }
}

impl Point {
    /// Earliest (year, month, day) this point can mean; "late 1950s" starts in 1957.
    pub fn earliest(&self) -> (i32, u8, u8) {
        match self.precision {
            Precision::Century => (self.year + Part::range(self.part, 100).0 as i32, 1, 1),
            Precision::Decade => (self.year + Part::range(self.part, 10).0 as i32, 1, 1),
            Precision::Year => (self.year, Part::range(self.part, 12).0 as u8 + 1, 1),
            Precision::Month => (
                self.year,
                self.month,
                match self.part {
                    None | Some(Part::Early) | Some(Part::FirstHalf) => 1,
                    Some(Part::Mid) => 11,
                    Some(Part::Late) => 21,
                    Some(Part::SecondHalf) => 16,
                },
            ),
            Precision::Day => (self.year, self.month, self.day),
        }
    }

    /// Latest (year, month, day) this point can mean.
    pub fn latest(&self) -> (i32, u8, u8) {
        match self.precision {
            Precision::Century => (self.year + Part::range(self.part, 100).1 as i32, 12, 31),
            Precision::Decade => (self.year + Part::range(self.part, 10).1 as i32, 12, 31),
            Precision::Year => {
                let month = Part::range(self.part, 12).1 as u8 + 1;
                (self.year, month, days_in_month(self.year, month))
            }
            Precision::Month => {
                let last = days_in_month(self.year, self.month);
                let day = match self.part {
                    None | Some(Part::Late) | Some(Part::SecondHalf) => last,
                    Some(Part::Early) => 10,
                    Some(Part::Mid) => 20,
                    Some(Part::FirstHalf) => 15,
                };
                (self.year, self.month, day)
            }
            Precision::Day => (self.year, self.month, self.day),
        }
    }

    fn parse(text: &str) -> Result<Point, String> {
        let mut rest = text.trim();
        let mut qualifier = None;
        for (words, which) in [
            ("after ", Qualifier::After),
            ("at least ", Qualifier::AtLeast),
        ] {
            if let Some(stripped) = rest.strip_prefix(words) {
                qualifier = Some(which);
                rest = stripped.trim_start();
            }
        }
        let mut approximate = false;
        if let Some(stripped) = rest.strip_prefix('~') {
            approximate = true;
            rest = stripped.trim_start();
        }
        let mut part = None;
        for candidate in PARTS {
            if let Some(stripped) = rest.strip_prefix(candidate.word())
                && let Some(stripped) = stripped.strip_prefix(' ')
            {
                part = Some(candidate);
                rest = stripped.trim_start();
                break;
            }
        }
        if rest.is_empty() {
            return Err(format!("'{text}' has no year"));
        }
        if let Some(ordinal) = rest.strip_suffix(" century") {
            let number = ["st", "nd", "rd", "th"]
                .iter()
                .find_map(|suffix| ordinal.strip_suffix(suffix))
                .ok_or_else(|| format!("'{text}': write a century as 19th century"))?;
            let century = parse_year(number, text)?;
            if century < 1 {
                return Err(format!("'{text}': centuries start at the 1st"));
            }
            return Ok(Point {
                // Its first year: the 19th century is 1801–1900.
                year: (century - 1) * 100 + 1,
                month: 0,
                day: 0,
                precision: Precision::Century,
                part,
                approximate,
                qualifier,
            });
        }
        if let Some(decade) = rest.strip_suffix('s') {
            let year = parse_year(decade, text)?;
            if year % 10 != 0 {
                return Err(format!("'{text}': a decade must end in 0, like 1960s"));
            }
            return Ok(Point {
                year,
                month: 0,
                day: 0,
                precision: Precision::Decade,
                part,
                approximate,
                qualifier,
            });
        }
        // Years may be negative in other datasets; split on '-' after the first character.
        let first_len = rest.chars().next().map_or(0, char::len_utf8);
        let (year_text, tail) = match rest[first_len..].find('-') {
            Some(i) => (&rest[..first_len + i], Some(&rest[first_len + i + 1..])),
            None => (rest, None),
        };
        let year = parse_year(year_text, text)?;
        let Some(tail) = tail else {
            return Ok(Point {
                year,
                month: 0,
                day: 0,
                precision: Precision::Year,
                part,
                approximate,
                qualifier,
            });
        };
        let (month_text, day_text) = match tail.split_once('-') {
            Some((m, d)) => (m, Some(d)),
            None => (tail, None),
        };
        let month = parse_number(month_text, text, "month")?;
        if !(1..=12).contains(&month) {
            return Err(format!("'{text}': month {month} is not between 1 and 12"));
        }
        let month = month as u8;
        let Some(day_text) = day_text else {
            return Ok(Point {
                year,
                month,
                day: 0,
                precision: Precision::Month,
                part,
                approximate,
                qualifier,
            });
        };
        let day = parse_number(day_text, text, "day")?;
        let max = days_in_month(year, month);
        if day < 1 || day > max as u32 {
            return Err(format!(
                "'{text}': day {day} does not exist in {} {year}",
                MONTHS[month as usize - 1]
            ));
        }
        if part.is_some() {
            return Err(format!(
                "'{text}': a full date cannot also be early, mid or late"
            ));
        }
        Ok(Point {
            year,
            month,
            day: day as u8,
            precision: Precision::Day,
            part,
            approximate,
            qualifier,
        })
    }

    /// Machine form, the inverse of `parse`.
    fn write_iso(&self, out: &mut String) {
        match self.qualifier {
            Some(Qualifier::After) => out.push_str("after "),
            Some(Qualifier::AtLeast) => out.push_str("at least "),
            None => {}
        }
        if self.approximate {
            out.push('~');
        }
        if let Some(part) = self.part {
            out.push_str(part.word());
            out.push(' ');
        }
        match self.precision {
            Precision::Century => out.push_str(&self.century_text()),
            Precision::Decade => out.push_str(&format!("{}s", self.year)),
            Precision::Year => out.push_str(&format!("{}", self.year)),
            Precision::Month => out.push_str(&format!("{}-{:02}", self.year, self.month)),
            Precision::Day => {
                out.push_str(&format!("{}-{:02}-{:02}", self.year, self.month, self.day))
            }
        }
    }

    /// "19th century" for the century starting in 1801.
    fn century_text(&self) -> String {
        let number = (self.year - 1).div_euclid(100) + 1;
        let suffix = match (number % 10, number % 100) {
            (_, 11..=13) => "th",
            (1, _) => "st",
            (2, _) => "nd",
            (3, _) => "rd",
            _ => "th",
        };
        format!("{number}{suffix} century")
    }

    /// Reader's form: "19 October 1956", "August 1945", "mid-1978", "c. 1855", "1960s".
    fn write_human(&self, out: &mut String) {
        if self.approximate {
            out.push_str("c. ");
        }
        if let Some(part) = self.part {
            out.push_str(part.human(self.precision));
        }
        match self.precision {
            Precision::Century => out.push_str(&self.century_text()),
            Precision::Decade => out.push_str(&format!("{}s", self.year)),
            Precision::Year => out.push_str(&format!("{}", self.year)),
            Precision::Month => out.push_str(&format!(
                "{} {}",
                MONTHS[self.month as usize - 1],
                self.year
            )),
            Precision::Day => out.push_str(&format!(
                "{} {} {}",
                self.day,
                MONTHS[self.month as usize - 1],
                self.year
            )),
        }
    }
}

fn parse_year(text: &str, whole: &str) -> Result<i32, String> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || digits.len() > 5 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("'{whole}': '{text}' is not a year"));
    }
    text.parse::<i32>()
        .map_err(|_| format!("'{whole}': '{text}' is not a year"))
}

fn parse_number(text: &str, whole: &str, what: &str) -> Result<u32, String> {
    if text.is_empty() || text.len() > 2 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("'{whole}': '{text}' is not a {what}"));
    }
    text.parse::<u32>()
        .map_err(|_| format!("'{whole}': '{text}' is not a {what}"))
}

/// A date as the dataset stores it: one point or a range of two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HistDate {
    pub start: Point,
    pub end: Option<Point>,
    /// A range that has not ended (`1945/ongoing`); `end` is None.
    pub ongoing: bool,
}

impl HistDate {
    pub fn parse(text: &str) -> Result<HistDate, String> {
        if text.trim().is_empty() {
            return Err("empty date".to_string());
        }
        match text.split_once('/') {
            None => {
                let start = Point::parse(text)?;
                if start.qualifier == Some(Qualifier::AtLeast) {
                    return Err(format!(
                        "'{text}': 'at least' qualifies a range's start or end (at least 1950/1960, 1945/at least 1989)"
                    ));
                }
                Ok(HistDate {
                    start,
                    end: None,
                    ongoing: false,
                })
            }
            Some((a, b)) => {
                let start = Point::parse(a)?;
                if b.trim() == "ongoing" {
                    return Ok(HistDate {
                        start,
                        end: None,
                        ongoing: true,
                    });
                }
                let end = Point::parse(b)?;
                if end.qualifier == Some(Qualifier::After) {
                    return Err(format!(
                        "'{text}': 'after' qualifies a start; for an end write 'at least' or 'ongoing'"
                    ));
                }
                if end.latest() < start.earliest() {
                    return Err(format!("'{text}': the range ends before it starts"));
                }
                Ok(HistDate {
                    start,
                    end: Some(end),
                    ongoing: false,
                })
            }
        }
    }

    /// Its first point alone: "1918 – 1922" as "1918".
    pub fn start_only(&self) -> HistDate {
        HistDate {
            start: self.start,
            end: None,
            ongoing: false,
        }
    }

    /// The year the date starts in.
    pub fn year(&self) -> i32 {
        self.start.year
    }

    pub fn earliest(&self) -> (i32, u8, u8) {
        self.start.earliest()
    }

    pub fn latest(&self) -> (i32, u8, u8) {
        if self.ongoing {
            return ONGOING;
        }
        self.end.unwrap_or(self.start).latest()
    }

    /// Whether any part of this date lies within [from, to].
    pub fn overlaps(&self, from: &HistDate, to: Option<&HistDate>) -> bool {
        let after_start = self.latest() >= from.earliest();
        let before_end = to.is_none_or(|to| self.earliest() <= to.latest());
        after_start && before_end
    }

    /// Whether this date begins within [from, to].
    pub fn starts_within(&self, from: &HistDate, to: Option<&HistDate>) -> bool {
        let after_start = self.start.latest() >= from.earliest();
        let before_end = to.is_none_or(|to| self.earliest() <= to.latest());
        after_start && before_end
    }

    /// Machine form, as stored in JSON.
    pub fn iso(&self) -> String {
        let mut out = String::new();
        self.start.write_iso(&mut out);
        if let Some(end) = &self.end {
            out.push('/');
            end.write_iso(&mut out);
        } else if self.ongoing {
            out.push_str("/ongoing");
        }
        out
    }

    /// Reader's form, e.g. "1918 – 1922" or "19 October 1956".
    pub fn human(&self) -> String {
        let mut out = String::new();
        match self.start.qualifier {
            Some(Qualifier::After) => out.push_str("after "),
            Some(Qualifier::AtLeast) => out.push_str("from at least "),
            None => {}
        }
        self.start.write_human(&mut out);
        if let Some(end) = &self.end {
            out.push_str(" – ");
            if end.qualifier.is_some() {
                out.push_str("until at least ");
            }
            end.write_human(&mut out);
        } else if self.ongoing {
            out.push_str(" – ongoing");
        }
        out
    }

    /// Compact form for a fixed-width column: "1956-10-19", "1945-08", "1918–1922", "1960s",
    /// "late 1950s".
    pub fn compact(&self) -> String {
        let mut out = String::new();
        let push = |point: &Point, out: &mut String| {
            match point.qualifier {
                Some(Qualifier::After) => out.push_str("after "),
                // A range's start known only this far is at or before it; an end at or
                // after it.
                Some(Qualifier::AtLeast) if std::ptr::eq(point, &self.start) => out.push('≤'),
                Some(Qualifier::AtLeast) => out.push('≥'),
                None => {}
            }
            if point.approximate {
                out.push('~');
            }
            if let Some(part) = point.part {
                out.push_str(part.word());
                out.push(' ');
            }
            match point.precision {
                Precision::Century => out.push_str(&point.century_text()),
                Precision::Decade => out.push_str(&format!("{}s", point.year)),
                Precision::Year => out.push_str(&format!("{}", point.year)),
                Precision::Month => out.push_str(&format!("{}-{:02}", point.year, point.month)),
                Precision::Day => out.push_str(&format!(
                    "{}-{:02}-{:02}",
                    point.year, point.month, point.day
                )),
            }
        };
        push(&self.start, &mut out);
        if let Some(end) = &self.end {
            out.push('–');
            push(end, &mut out);
        } else if self.ongoing {
            out.push_str("–ongoing");
        }
        out
    }

    /// Sort key: earliest bound, then latest bound.
    pub fn sort_key(&self) -> ((i32, u8, u8), (i32, u8, u8)) {
        (self.earliest(), self.latest())
    }
}

impl PartialOrd for HistDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for HistDate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl fmt::Display for HistDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.human())
    }
}

impl Serialize for HistDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.iso())
    }
}

impl<'de> Deserialize<'de> for HistDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Parsed from the text where it lies, without a String for each date.
        struct Text;
        impl serde::de::Visitor<'_> for Text {
            type Value = HistDate;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date as text")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<HistDate, E> {
                HistDate::parse(text).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_precision_and_round_trips() {
        for text in [
            "1956-10-19",
            "1945-08",
            "1925",
            "1960s",
            "~1855",
            "mid 1978",
            "late 1991",
            "mid 1941-09",
            "1918/1922",
            "1895/1944-11-07",
            "~early 1980s",
            "after 1936",
            "late 19th century/1904",
            "second-half 1950s",
            "first-half 1956-03",
            "at least 1950/1960",
            "1945-09-02/at least 1989",
            "1945/ongoing",
            "21st century",
        ] {
            let date = HistDate::parse(text).unwrap();
            assert_eq!(date.iso(), text);
        }
    }

    #[test]
    fn human_forms_never_invent_a_day() {
        assert_eq!(HistDate::parse("1925").unwrap().human(), "1925");
        assert_eq!(HistDate::parse("1945-08").unwrap().human(), "August 1945");
        assert_eq!(
            HistDate::parse("1956-10-19").unwrap().human(),
            "19 October 1956"
        );
        assert_eq!(HistDate::parse("mid 1978").unwrap().human(), "mid-1978");
        assert_eq!(HistDate::parse("1918/1922").unwrap().human(), "1918 – 1922");
        assert_eq!(HistDate::parse("~1855").unwrap().human(), "c. 1855");
    }

    #[test]
    fn qualified_dates_say_what_is_known() {
        let human = |text: &str| HistDate::parse(text).unwrap().human();
        assert_eq!(human("after 1936"), "after 1936");
        assert_eq!(human("second-half 1950s"), "second half of the 1950s");
        assert_eq!(human("second-half 1956"), "second half of 1956");
        assert_eq!(human("late 19th century/1904"), "late 19th century – 1904");
        assert_eq!(
            human("1945-09-02/at least 1989"),
            "2 September 1945 – until at least 1989"
        );
        assert_eq!(human("at least 1950/1960"), "from at least 1950 – 1960");
        assert_eq!(human("1945/ongoing"), "1945 – ongoing");
        let compact = |text: &str| HistDate::parse(text).unwrap().compact();
        assert_eq!(compact("1945/ongoing"), "1945–ongoing");
        assert_eq!(compact("1945/at least 1989"), "1945–≥1989");
        assert_eq!(compact("at least 1950/1960"), "≤1950–1960");
        // Bounds: halves and centuries narrow like the thirds; an open range has no end.
        let half = HistDate::parse("second-half 1950s").unwrap();
        assert_eq!(
            (half.earliest(), half.latest()),
            ((1955, 1, 1), (1959, 12, 31))
        );
        let late = HistDate::parse("late 19th century").unwrap();
        assert_eq!(
            (late.earliest(), late.latest()),
            ((1867, 1, 1), (1900, 12, 31))
        );
        let first = HistDate::parse("first-half 1956").unwrap();
        assert_eq!(first.latest(), (1956, 6, 30));
        assert_eq!(HistDate::parse("1945/ongoing").unwrap().latest(), ONGOING);
        assert_eq!(
            HistDate::parse("1st century").unwrap().earliest(),
            (1, 1, 1)
        );
        assert_eq!(
            HistDate::parse("22nd century").unwrap().latest(),
            (2200, 12, 31)
        );
    }

    #[test]
    fn rejects_bad_dates_with_a_reason() {
        for (text, needle) in [
            ("1956-13-01", "month 13"),
            ("1955-02-30", "day 30"),
            ("1963s", "decade"),
            ("nineteen", "not a year"),
            ("1922/1918", "ends before"),
            ("", "empty"),
            ("mid 1956-10-19", "full date"),
            ("at least 1950", "range's start or end"),
            ("1945/after 1950", "qualifies a start"),
            ("19 century", "19th century"),
            ("0th century", "1st"),
        ] {
            let err = HistDate::parse(text).unwrap_err();
            assert!(err.contains(needle), "{text}: {err}");
        }
    }

    #[test]
    fn parts_of_a_period_narrow_its_bounds() {
        let late = HistDate::parse("late 1950s").unwrap();
        assert_eq!(late.earliest(), (1957, 1, 1));
        assert_eq!(late.latest(), (1959, 12, 31));
        let mid = HistDate::parse("mid 1978").unwrap();
        assert_eq!(
            (mid.earliest(), mid.latest()),
            ((1978, 5, 1), (1978, 8, 31))
        );
        assert!(HistDate::parse("1951-09-08").unwrap() < late);
    }

    #[test]
    fn sorts_on_earliest_bound_then_latest() {
        let year = HistDate::parse("1945").unwrap();
        let day = HistDate::parse("1945-01-01").unwrap();
        let month = HistDate::parse("1945-02").unwrap();
        assert!(day < year);
        assert!(year < month);
        assert!(HistDate::parse("ö1945").is_err());
    }
}
