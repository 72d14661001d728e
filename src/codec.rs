//! Little-endian binary writing and checked reading, for the dataset cache and the
//! search index's binary form. Reading never trusts the bytes: every read is bounds
//! checked and returns None when the bytes run out or hold an impossible value.

use crate::date::{HistDate, PARTS, Point, Precision, Qualifier};
use crate::model::{Coords, Kind};

/// A growing byte buffer with typed appends.
#[derive(Default)]
pub struct Out(pub Vec<u8>);

impl Out {
    pub fn u8(&mut self, value: u8) {
        self.0.push(value);
    }
    pub fn u32(&mut self, value: u32) {
        self.0.extend_from_slice(&value.to_le_bytes());
    }
    pub fn i32(&mut self, value: i32) {
        self.0.extend_from_slice(&value.to_le_bytes());
    }
    pub fn u64(&mut self, value: u64) {
        self.0.extend_from_slice(&value.to_le_bytes());
    }
    pub fn f64(&mut self, value: f64) {
        self.0.extend_from_slice(&value.to_le_bytes());
    }
    /// A count or index; datasets stay far below 4 billion of anything.
    pub fn count(&mut self, value: usize) {
        self.u32(u32::try_from(value).unwrap_or(u32::MAX));
    }
    pub fn u32s(&mut self, values: &[u32]) {
        self.count(values.len());
        values.iter().for_each(|&v| self.u32(v));
    }
    /// Bytes with their length in front.
    pub fn bytes(&mut self, bytes: &[u8]) {
        self.u64(bytes.len() as u64);
        self.0.extend_from_slice(bytes);
    }
    pub fn kind(&mut self, kind: Kind) {
        let code = Kind::ALL.iter().position(|&k| k == kind).unwrap_or(0);
        self.u8(code as u8);
    }
    pub fn date(&mut self, date: Option<&HistDate>) {
        let Some(date) = date else {
            self.u8(0);
            return;
        };
        self.u8(1 + u8::from(date.end.is_some()) + 2 * u8::from(date.ongoing));
        self.point(&date.start);
        if let Some(end) = &date.end {
            self.point(end);
        }
    }
    fn point(&mut self, point: &Point) {
        self.i32(point.year);
        self.u8(point.month);
        self.u8(point.day);
        self.u8(PRECISIONS
            .iter()
            .position(|&p| p == point.precision)
            .unwrap_or(0) as u8);
        self.u8(point.part.map_or(0, |part| {
            1 + PARTS.iter().position(|&p| p == part).unwrap_or(0) as u8
        }));
        self.u8(u8::from(point.approximate));
        self.u8(match point.qualifier {
            None => 0,
            Some(Qualifier::After) => 1,
            Some(Qualifier::AtLeast) => 2,
        });
    }
    pub fn coords(&mut self, coords: Option<&Coords>) {
        match coords {
            None => self.u8(0),
            Some(c) => {
                self.u8(1 + u8::from(c.external));
                self.f64(c.lat);
                self.f64(c.lon);
            }
        }
    }
}

const PRECISIONS: [Precision; 5] = [
    Precision::Century,
    Precision::Decade,
    Precision::Year,
    Precision::Month,
    Precision::Day,
];

/// Reads values off the front of a byte slice; None when it runs out or a value is
/// impossible.
pub struct In<'a> {
    pub bytes: &'a [u8],
}

impl<'a> In<'a> {
    pub fn new(bytes: &'a [u8]) -> In<'a> {
        In { bytes }
    }
    pub fn take(&mut self, count: usize) -> Option<&'a [u8]> {
        if count > self.bytes.len() {
            return None;
        }
        let (head, rest) = self.bytes.split_at(count);
        self.bytes = rest;
        Some(head)
    }
    pub fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    pub fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    pub fn i32(&mut self) -> Option<i32> {
        Some(i32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    pub fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    pub fn f64(&mut self) -> Option<f64> {
        Some(f64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    pub fn count(&mut self) -> Option<usize> {
        let count = self.u32()? as usize;
        // A count can never promise more items than bytes remain: a damaged count must
        // not make the reader reserve gigabytes.
        (count <= self.bytes.len()).then_some(count)
    }
    /// A list of u32 written by `Out::u32s`, each below `limit` (`u32::MAX`: any value).
    pub fn u32s(&mut self, limit: u32) -> Option<Vec<u32>> {
        let count = self.count()?;
        let raw = self.take(count.checked_mul(4)?)?;
        let values: Vec<u32> = raw
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        (limit == u32::MAX || values.iter().all(|&v| v < limit)).then_some(values)
    }
    pub fn bytes(&mut self) -> Option<&'a [u8]> {
        let count = usize::try_from(self.u64()?).ok()?;
        self.take(count)
    }
    pub fn kind(&mut self) -> Option<Kind> {
        Kind::ALL.get(self.u8()? as usize).copied()
    }
    pub fn date(&mut self) -> Option<Option<HistDate>> {
        let tag = self.u8()?;
        if tag == 0 {
            return Some(None);
        }
        let (has_end, ongoing) = match tag {
            1 => (false, false),
            2 => (true, false),
            3 => (false, true),
            _ => return None,
        };
        let start = self.point()?;
        let end = if has_end { Some(self.point()?) } else { None };
        Some(Some(HistDate {
            start,
            end,
            ongoing,
        }))
    }
    fn point(&mut self) -> Option<Point> {
        let year = self.i32()?;
        let month = self.u8()?;
        let day = self.u8()?;
        let precision = *PRECISIONS.get(self.u8()? as usize)?;
        let part = match self.u8()? {
            0 => None,
            n => Some(*PARTS.get(n as usize - 1)?),
        };
        let approximate = match self.u8()? {
            0 => false,
            1 => true,
            _ => return None,
        };
        let qualifier = match self.u8()? {
            0 => None,
            1 => Some(Qualifier::After),
            2 => Some(Qualifier::AtLeast),
            _ => return None,
        };
        Some(Point {
            year,
            month,
            day,
            precision,
            part,
            approximate,
            qualifier,
        })
    }
    pub fn coords(&mut self) -> Option<Option<Coords>> {
        let tag = self.u8()?;
        if tag == 0 {
            return Some(None);
        }
        let external = match tag {
            1 => false,
            2 => true,
            _ => return None,
        };
        Some(Some(Coords {
            lat: self.f64()?,
            lon: self.f64()?,
            external,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_coords_round_trip() {
        let dates = [
            "1941-04-13",
            "1904/1905",
            "~1930s",
            "mid 1941-09",
            "at least 1950/1960",
            "after 1936",
            "1945/ongoing",
            "early 1950s",
            "19th century",
            "1950/at least 1989",
        ];
        let mut out = Out::default();
        for text in dates {
            out.date(Some(&HistDate::parse(text).unwrap()));
        }
        out.date(None);
        let coords = Coords {
            lat: 43.5,
            lon: -146.25,
            external: true,
        };
        out.coords(Some(&coords));
        out.coords(None);
        let mut read = In::new(&out.0);
        for text in dates {
            assert_eq!(
                read.date(),
                Some(Some(HistDate::parse(text).unwrap())),
                "{text}"
            );
        }
        assert_eq!(read.date(), Some(None));
        assert_eq!(read.coords(), Some(Some(coords)));
        assert_eq!(read.coords(), Some(None));
        assert!(read.bytes.is_empty());
        // Cut short or impossible values are refused, not guessed.
        assert_eq!(In::new(&out.0[..3]).date(), None);
        assert_eq!(In::new(&[9]).date(), None);
        assert_eq!(In::new(&[1, 0, 0, 0]).u32s(10), None);
    }
}
