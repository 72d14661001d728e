//! TEMPORARY: replaced by the full query date parser.
pub type Day = i32;
pub const OPEN_START: Day = i32::MIN;
pub const OPEN_END: Day = i32::MAX;
pub fn day(year: i32, month: u8, day: u8) -> Day {
    year * 10_000 + i32::from(month) * 100 + i32::from(day)
}
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateFilter {
    pub from: Day,
    pub to: Day,
    pub text: String,
}
fn year(s: &str) -> Option<i32> {
    (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}
fn point(s: &str) -> Option<(Day, Day)> {
    if let Some(d) = s.strip_suffix('s') {
        let y = year(d)?;
        return (y % 10 == 0).then(|| (day(y, 1, 1), day(y + 9, 12, 31)));
    }
    let y = year(s)?;
    Some((day(y, 1, 1), day(y, 12, 31)))
}
pub fn parse_date(text: &str) -> Option<DateFilter> {
    let t = text.trim();
    let (from, to) = if let Some((a, b)) = t.split_once("..") {
        let from = if a.is_empty() {
            OPEN_START
        } else {
            point(a)?.0
        };
        let to = if b.is_empty() { OPEN_END } else { point(b)?.1 };
        (from, to)
    } else if let Some((a, b)) = t.split_once('-').or_else(|| t.split_once('–')) {
        (point(a)?.0, point(b)?.1)
    } else {
        point(t)?
    };
    Some(DateFilter {
        from,
        to,
        text: t.to_string(),
    })
}
pub fn find_dates(tokens: &[&str]) -> (Vec<DateFilter>, Vec<bool>) {
    let mut out = Vec::new();
    let mut used = vec![false; tokens.len()];
    for (i, t) in tokens.iter().enumerate() {
        if let Some(f) = parse_date(t) {
            out.push(f);
            used[i] = true;
        }
    }
    (out, used)
}
