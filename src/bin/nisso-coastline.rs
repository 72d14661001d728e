//! Builds `assets/coastline.bin`, the map's coastlines, from Natural Earth land polygons.
//!
//! Input: `land-50m.json` of the npm package `world-atlas` (Natural Earth 1:50m, public
//! domain, as TopoJSON). Regenerate with:
//!
//! ```sh
//! (cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz)
//! cargo run --release --bin nisso-coastline -- /tmp/package/land-50m.json assets/coastline.bin
//! ```
//!
//! Every arc is decoded (TopoJSON quantised deltas), clipped to the map's window, simplified
//! for terminal resolution (Douglas–Peucker) and written in the compact form that
//! `nisso::coastline` reads. The output is deterministic: the same input gives the same bytes.

use nisso::coastline::{self, Polyline};
use nisso::ui::map::BOUNDS;
use serde_json::Value;
use std::process::ExitCode;

/// Simplification tolerance in degrees: finer than a braille dot at 200 columns over the
/// map's 62° of longitude (0.15°), coarse enough to keep the asset small.
const TOLERANCE: f64 = 0.02;

/// Lake Baikal's shore, traced by hand to about 0.2° from general knowledge (Kultuk in the
/// south-west, the Selenga delta, Ust-Barguzin, Nizhneangarsk in the north, Olkhon's strait):
/// approximate, and said so in README.
const BAIKAL: [(f64, f64); 19] = [
    (103.7, 51.75),
    (104.3, 51.5),
    (105.2, 51.55),
    (106.2, 52.0),
    (106.6, 52.5),
    (107.8, 53.2),
    (108.7, 53.6),
    (109.3, 54.3),
    (109.6, 55.0),
    (109.6, 55.8),
    (109.2, 55.6),
    (108.8, 55.0),
    (108.3, 54.2),
    (107.5, 53.6),
    (106.5, 53.0),
    (105.5, 52.5),
    (104.9, 51.9),
    (104.3, 51.8),
    (103.7, 51.75),
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let [_, input, output] = args.as_slice() else {
        eprintln!("usage: nisso-coastline <land-50m.json> <assets/coastline.bin>");
        return ExitCode::from(2);
    };
    match run(input, output) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("nisso-coastline: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(input: &str, output: &str) -> Result<String, String> {
    let text = std::fs::read_to_string(input).map_err(|e| format!("{input}: {e}"))?;
    let topo: Value = serde_json::from_str(&text).map_err(|e| format!("{input}: {e}"))?;
    let arcs = decode_arcs(&topo).ok_or_else(|| format!("{input}: not TopoJSON with arcs"))?;
    let mut lines: Vec<Polyline> = Vec::new();
    let mut points_in = 0;
    for arc in &arcs {
        points_in += arc.len();
        for piece in clip(arc) {
            let simple = simplify(&piece, TOLERANCE);
            if simple.len() >= 2 {
                lines.push(simple);
            }
        }
    }
    // Natural Earth's land file has no lakes; Lake Baikal is the one the map needs.
    lines.push(BAIKAL.to_vec());
    let bytes = coastline::encode(&lines);
    std::fs::write(output, &bytes).map_err(|e| format!("{output}: {e}"))?;
    let points_out: usize = lines.iter().map(Vec::len).sum();
    Ok(format!(
        "{} arcs, {points_in} points in; {} lines, {points_out} points, {} bytes out",
        arcs.len(),
        lines.len(),
        bytes.len()
    ))
}

/// Every arc as (lon, lat) points: quantised positions are cumulative deltas.
fn decode_arcs(topo: &Value) -> Option<Vec<Polyline>> {
    let transform = topo.get("transform");
    let pair = |key: &str, default: f64| -> (f64, f64) {
        transform
            .and_then(|t| t.get(key))
            .and_then(Value::as_array)
            .and_then(|a| Some((a.first()?.as_f64()?, a.get(1)?.as_f64()?)))
            .unwrap_or((default, default))
    };
    let (sx, sy) = pair("scale", 1.0);
    let (tx, ty) = pair("translate", 0.0);
    let quantised = transform.is_some();
    let mut arcs = Vec::new();
    for arc in topo.get("arcs")?.as_array()? {
        let (mut x, mut y) = (0.0, 0.0);
        let mut line = Vec::new();
        for point in arc.as_array()? {
            let point = point.as_array()?;
            let (px, py) = (point.first()?.as_f64()?, point.get(1)?.as_f64()?);
            if quantised {
                x += px;
                y += py;
                line.push((x * sx + tx, y * sy + ty));
            } else {
                line.push((px, py));
            }
        }
        arcs.push(line);
    }
    Some(arcs)
}

/// The parts of a line inside the map's window (a little margin so lines reach the edge).
fn clip(line: &[(f64, f64)]) -> Vec<Polyline> {
    let margin = 0.5;
    let inside = |&(lon, lat): &(f64, f64)| {
        lon >= BOUNDS.lon_min - margin
            && lon <= BOUNDS.lon_max + margin
            && lat >= BOUNDS.lat_min - margin
            && lat <= BOUNDS.lat_max + margin
    };
    let mut pieces = Vec::new();
    let mut current: Polyline = Vec::new();
    for point in line {
        if inside(point) {
            current.push(*point);
        } else if !current.is_empty() {
            // Keep the first point outside so the line runs off the edge, not short of it.
            current.push(*point);
            pieces.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    pieces
}

/// Douglas–Peucker: drop points closer than `tolerance` to the line through their
/// neighbours. Iterative (no recursion depth limit on long coasts).
fn simplify(line: &[(f64, f64)], tolerance: f64) -> Polyline {
    if line.len() < 3 {
        return line.to_vec();
    }
    let mut keep = vec![false; line.len()];
    keep[0] = true;
    keep[line.len() - 1] = true;
    let mut stack = vec![(0, line.len() - 1)];
    while let Some((first, last)) = stack.pop() {
        let (ax, ay) = line[first];
        let (bx, by) = line[last];
        let (dx, dy) = (bx - ax, by - ay);
        let length = (dx * dx + dy * dy).sqrt();
        let mut farthest = (0.0, first);
        for (i, &(px, py)) in line.iter().enumerate().take(last).skip(first + 1) {
            let distance = if length == 0.0 {
                ((px - ax).powi(2) + (py - ay).powi(2)).sqrt()
            } else {
                ((px - ax) * dy - (py - ay) * dx).abs() / length
            };
            if distance > farthest.0 {
                farthest = (distance, i);
            }
        }
        if farthest.0 > tolerance {
            keep[farthest.1] = true;
            stack.push((first, farthest.1));
            stack.push((farthest.1, last));
        }
    }
    line.iter()
        .zip(keep)
        .filter_map(|(point, kept)| kept.then_some(*point))
        .collect()
}
