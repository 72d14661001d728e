//! The map's coastlines: Natural Earth 1:50m land outlines of Northeast Asia, clipped and
//! simplified by `src/bin/nisso-coastline.rs` into `assets/coastline.bin` and embedded.
//!
//! Format (little-endian): `NCST`, version 1, the window as four f32 (lon_min, lon_max,
//! lat_min, lat_max), the number of lines (u32); each line its point count (u32) and its
//! points as u16 pairs quantised over the window. About 4 bytes a point.

use std::sync::OnceLock;

/// (longitude, latitude) points in degrees.
pub type Polyline = Vec<(f64, f64)>;

const MAGIC: &[u8; 4] = b"NCST";
const VERSION: u8 = 1;
/// The window the points are quantised over: the map's bounds with a degree to spare.
const WINDOW: [f32; 4] = [99.0, 163.0, 23.0, 64.0];

static EMBEDDED: &[u8] = include_bytes!("../assets/coastline.bin");

/// The embedded coastlines, decoded once. Empty if the asset were damaged (the map then
/// draws places without coasts rather than failing).
pub fn embedded() -> &'static [Polyline] {
    static LINES: OnceLock<Vec<Polyline>> = OnceLock::new();
    LINES.get_or_init(|| decode(EMBEDDED).unwrap_or_default())
}

fn quantise(value: f64, min: f32, max: f32) -> u16 {
    let (min, max) = (f64::from(min), f64::from(max));
    let share = ((value - min) / (max - min)).clamp(0.0, 1.0);
    (share * f64::from(u16::MAX)).round() as u16
}

fn dequantise(value: u16, min: f32, max: f32) -> f64 {
    let (min, max) = (f64::from(min), f64::from(max));
    min + f64::from(value) / f64::from(u16::MAX) * (max - min)
}

/// The asset's bytes for these lines.
pub fn encode(lines: &[Polyline]) -> Vec<u8> {
    let [lon_min, lon_max, lat_min, lat_max] = WINDOW;
    let mut out = Vec::with_capacity(32 + lines.iter().map(|l| 4 + 4 * l.len()).sum::<usize>());
    out.extend_from_slice(MAGIC);
    out.push(VERSION);
    for bound in WINDOW {
        out.extend_from_slice(&bound.to_le_bytes());
    }
    out.extend_from_slice(&(lines.len() as u32).to_le_bytes());
    for line in lines {
        out.extend_from_slice(&(line.len() as u32).to_le_bytes());
        for &(lon, lat) in line {
            out.extend_from_slice(&quantise(lon, lon_min, lon_max).to_le_bytes());
            out.extend_from_slice(&quantise(lat, lat_min, lat_max).to_le_bytes());
        }
    }
    out
}

/// Reads the asset; None for anything that is not a whole, well-formed asset.
pub fn decode(bytes: &[u8]) -> Option<Vec<Polyline>> {
    let mut rest = bytes.strip_prefix(MAGIC)?;
    let (&version, tail) = rest.split_first()?;
    if version != VERSION {
        return None;
    }
    rest = tail;
    let mut take = |n: usize| -> Option<&[u8]> {
        let (head, tail) = rest.split_at_checked(n)?;
        rest = tail;
        Some(head)
    };
    let mut window = [0f32; 4];
    for bound in &mut window {
        *bound = f32::from_le_bytes(take(4)?.try_into().ok()?);
        if !bound.is_finite() {
            return None;
        }
    }
    let [lon_min, lon_max, lat_min, lat_max] = window;
    let count = u32::from_le_bytes(take(4)?.try_into().ok()?) as usize;
    // Each line takes at least 4 bytes: a damaged count cannot make us allocate much.
    let mut lines = Vec::with_capacity(count.min(bytes.len() / 4));
    for _ in 0..count {
        let points = u32::from_le_bytes(take(4)?.try_into().ok()?) as usize;
        let data = take(points.checked_mul(4)?)?;
        let line = data
            .chunks_exact(4)
            .map(|p| {
                let lon = u16::from_le_bytes([p[0], p[1]]);
                let lat = u16::from_le_bytes([p[2], p[3]]);
                (
                    dequantise(lon, lon_min, lon_max),
                    dequantise(lat, lat_min, lat_max),
                )
            })
            .collect();
        lines.push(line);
    }
    take(1).is_none().then_some(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_within_quantisation() {
        let lines = vec![vec![(141.35, 43.06), (142.0, 45.5)], vec![(131.9, 43.1)]];
        let decoded = decode(&encode(&lines)).unwrap();
        assert_eq!(decoded.len(), 2);
        for (a, b) in lines.iter().flatten().zip(decoded.iter().flatten()) {
            assert!((a.0 - b.0).abs() < 0.001 && (a.1 - b.1).abs() < 0.001);
        }
    }

    /// Bounding box (lon_min, lon_max, lat_min, lat_max) of a line.
    fn extent(line: &Polyline) -> (f64, f64, f64, f64) {
        line.iter().fold(
            (f64::MAX, f64::MIN, f64::MAX, f64::MIN),
            |(a, b, c, d), &(lon, lat)| (a.min(lon), b.max(lon), c.min(lat), d.max(lat)),
        )
    }

    #[test]
    fn the_embedded_coast_has_the_region_s_islands_in_their_places() {
        // Extents from general knowledge, to half a degree: each is one closed outline.
        let islands = [
            ("Hokkaido", (139.8, 145.8, 41.4, 45.5)),
            ("Sakhalin", (141.6, 144.8, 45.9, 54.4)),
            ("Iturup (Etorofu)", (146.6, 148.9, 44.4, 45.6)),
            ("Kunashir (Kunashiri)", (145.4, 146.6, 43.6, 44.6)),
            ("Paramushir", (155.2, 156.5, 49.9, 50.9)),
            ("Lake Baikal", (103.7, 109.6, 51.5, 55.8)),
        ];
        let lines = embedded();
        assert!(lines.len() > 50, "{} lines", lines.len());
        for (name, want) in islands {
            let found = lines.iter().map(extent).any(|got| {
                (got.0 - want.0).abs() < 0.5
                    && (got.1 - want.1).abs() < 0.5
                    && (got.2 - want.2).abs() < 0.5
                    && (got.3 - want.3).abs() < 0.5
            });
            assert!(found, "no outline of {name} near {want:?}");
        }
        // Kamchatka, Korea and Honshu reach the coast where they should.
        let near = |lon: f64, lat: f64| {
            lines
                .iter()
                .flatten()
                .any(|&(x, y)| (x - lon).abs() < 0.3 && (y - lat).abs() < 0.3)
        };
        assert!(near(156.7, 51.0), "Kamchatka's southern cape");
        assert!(near(129.0, 35.1), "Busan");
        assert!(near(139.8, 35.6), "Tokyo Bay");
    }

    #[test]
    fn damaged_bytes_are_refused_not_panicked_on() {
        let bytes = encode(&[vec![(141.35, 43.06), (142.0, 45.5)]]);
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut]).is_none(), "cut at {cut}");
        }
        let mut extra = bytes.clone();
        extra.push(0);
        assert!(decode(&extra).is_none());
        let mut huge = bytes.clone();
        huge[21..25].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(decode(&huge).is_none());
        assert!(decode(b"PNG\x00").is_none());
    }
}
