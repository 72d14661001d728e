//! Benchmarks on the embedded dataset and on a synthetic one of 100,000 entities.
//! Run with `cargo bench`; medians are reported in the README's performance section.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use nisso::dataset::{Catalog, load_embedded, parse_str};
use nisso::search::{SearchIndex, Searcher};
use nisso::ui::app::{Action, App};
use nisso::ui::{action_for_event, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;
use std::time::Duration;

#[path = "../tests/common/crowd.rs"]
mod crowd;

const LARGE: usize = 100_000;

fn large_json() -> String {
    serde_json::to_string(&nisso::synthetic::generate(LARGE, 7)).unwrap()
}

fn catalogs() -> Vec<(&'static str, Catalog)> {
    let large = Catalog::new(parse_str("synthetic", &large_json()).unwrap());
    vec![
        ("embedded", Catalog::new(load_embedded().unwrap())),
        ("100k", large),
    ]
}

fn parse_and_index(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse_and_index");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    group.bench_function("embedded", |b| {
        b.iter(|| {
            let catalog = Catalog::new(load_embedded().unwrap());
            black_box(SearchIndex::new(&catalog));
        })
    });
    let text = large_json();
    group.bench_function("100k", |b| {
        b.iter(|| {
            let catalog = Catalog::new(parse_str("synthetic", &text).unwrap());
            black_box(SearchIndex::new(&catalog));
        })
    });
    // Start-up to the first frame: parse, index, build the app, draw once.
    group.bench_function("embedded_first_frame", |b| {
        b.iter(|| {
            let catalog = Catalog::new(load_embedded().unwrap());
            let app = App::new(catalog, 200, 60);
            let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
            terminal.draw(|frame| draw::draw(frame, &app)).unwrap();
        })
    });
    group.finish();
}

/// Opening 100k entities from the dataset cache: hash the file, check and map the cache,
/// read its lookups and index; then build the explorer and draw its first frame.
fn open_cache(c: &mut Criterion) {
    use nisso::cache::{self, SourceHash};
    let mut group = c.benchmark_group("open_cache");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(8));
    let dir = std::env::temp_dir().join(format!("nisso-bench-cache-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let json = dir.join("100k.json");
    std::fs::write(&json, large_json()).unwrap();
    let source = SourceHash::of_file(&json, |_| {}).unwrap();
    let text = std::fs::read_to_string(&json).unwrap();
    let parsed = nisso::dataset::parse_with_spans("100k.json", &text).unwrap();
    let spans = parsed.spans;
    let catalog = Catalog::new(parsed.dataset);
    let index = SearchIndex::new(&catalog);
    let path = cache::path_for(&dir, &source);
    group.bench_function("100k_write", |b| {
        b.iter(|| cache::write(&path, &catalog, &index, &source, Some(&spans)).unwrap())
    });
    let records_from = || std::fs::File::open(&json).ok();
    group.bench_function("100k_hash_and_open", |b| {
        b.iter(|| {
            let source = SourceHash::of_file(&json, |_| {}).unwrap();
            black_box(cache::open(&path, &source, records_from()).unwrap());
        })
    });
    group.bench_function("100k_browsable", |b| {
        b.iter(|| {
            let source = SourceHash::of_file(&json, |_| {}).unwrap();
            let (mut catalog, index) = cache::open(&path, &source, records_from()).unwrap();
            nisso::ui::app::prepare_for_display(&mut catalog);
            let theme = nisso::ui::theme::Theme::default();
            let app = App::with_index(catalog, index, theme, 200, 60);
            let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
            terminal.draw(|frame| draw::draw(frame, &app)).unwrap();
        })
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

fn search(c: &mut Criterion) {
    let mut group = c.benchmark_group("search");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(5));
    for (name, catalog) in catalogs() {
        let index = SearchIndex::new(&catalog);
        // One keystroke: the query grows by a letter, as in the prompt.
        group.bench_with_input(BenchmarkId::new("keystroke", name), &index, |b, index| {
            b.iter_batched(
                || {
                    let mut searcher = Searcher::default();
                    searcher.search(index, "kuril isl", None);
                    searcher
                },
                |mut searcher| black_box(searcher.search(index, "kuril isla", None)),
                criterion::BatchSize::SmallInput,
            )
        });
        group.bench_with_input(
            BenchmarkId::new("first_letter", name),
            &index,
            |b, index| b.iter(|| black_box(Searcher::default().search(index, "k", None))),
        );
        // Whole queries of the kinds people type, each as one fresh search.
        for (label, query) in [
            ("spelling_gorbatchev", "gorbatchev"),
            ("typo_neutrality_pakt", "neutrality pakt"),
            ("name_year_kanagawa_1854", "kanagawa 1854"),
            ("syntax_kind_years", "kind:treaty 1941..1945"),
        ] {
            group.bench_with_input(BenchmarkId::new(label, name), &index, |b, index| {
                b.iter(|| black_box(index.search(query, None)))
            });
        }
        // Typing a ten-letter query from an empty prompt, one search per letter.
        group.bench_with_input(
            BenchmarkId::new("type_ten_letters", name),
            &index,
            |b, index| {
                b.iter(|| {
                    let mut searcher = Searcher::default();
                    let query = "kuril isla";
                    for end in 1..=query.len() {
                        black_box(searcher.search(index, &query[..end], None));
                    }
                })
            },
        );
    }
    group.finish();

    // Each keystroke of "kuril isla" on 100k entities, after the previous ones were typed.
    let mut group = c.benchmark_group("search_step_100k");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(3));
    let catalog = Catalog::new(parse_str("synthetic", &large_json()).unwrap());
    let index = SearchIndex::new(&catalog);
    let query = "kuril isla";
    for end in 1..=query.len() {
        group.bench_with_input(
            BenchmarkId::from_parameter(&query[..end]),
            &end,
            |b, &end| {
                b.iter_batched(
                    || {
                        let mut searcher = Searcher::default();
                        for previous in 1..end {
                            searcher.search(&index, &query[..previous], None);
                        }
                        searcher
                    },
                    |mut searcher| black_box(searcher.search(&index, &query[..end], None)),
                    criterion::BatchSize::LargeInput,
                )
            },
        );
    }
    group.finish();
}

fn press(app: &mut App, code: KeyCode) {
    if let Some(action) =
        action_for_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)), app)
    {
        app.update(action);
    }
}

fn frames(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame_200x60");
    group
        .sample_size(30)
        .measurement_time(Duration::from_secs(4));
    for (name, catalog) in catalogs() {
        let mut app = App::new(catalog, 200, 60);
        app.update(Action::JumpEra(4));
        let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
        group.bench_function(BenchmarkId::new("timeline", name), |b| {
            b.iter(|| {
                terminal.draw(|frame| draw::draw(frame, &app)).unwrap();
            })
        });
        press(&mut app, KeyCode::Tab);
        group.bench_function(BenchmarkId::new("details", name), |b| {
            b.iter(|| {
                terminal.draw(|frame| draw::draw(frame, &app)).unwrap();
            })
        });
        press(&mut app, KeyCode::Char('/'));
        for c in "kuril".chars() {
            press(&mut app, KeyCode::Char(c));
        }
        group.bench_function(BenchmarkId::new("search_results", name), |b| {
            b.iter(|| {
                terminal.draw(|frame| draw::draw(frame, &app)).unwrap();
            })
        });
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Char('m'));
        group.bench_function(BenchmarkId::new("map", name), |b| {
            b.iter(|| {
                terminal.draw(|frame| draw::draw(frame, &app)).unwrap();
            })
        });
        // The whole screen with the axis up (the whole span: at 100k its lanes are binned).
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Char('t'));
        press(&mut app, KeyCode::Char('0'));
        group.bench_function(BenchmarkId::new("axis_whole", name), |b| {
            b.iter(|| {
                terminal.draw(|frame| draw::draw(frame, &app)).unwrap();
            })
        });
    }
    group.finish();
}

/// One frame of the axis at 200×60: `plan` and `paint` into a buffer reset per frame (as
/// ratatui does with its back buffer), over the whole span and over a decade with an entry
/// selected. The axis is built once, as when the view opens.
fn axis_frames(c: &mut Criterion) {
    use nisso::axis::{Axis, Grouping};
    use nisso::ui::axis_draw::{Height, Look, Window, paint, plan};
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    let mut group = c.benchmark_group("axis_frame");
    group
        .sample_size(30)
        .measurement_time(Duration::from_secs(4));
    // The theme and look `plain_text` draws with.
    let theme = nisso::ui::theme::Theme::no_colour();
    let look = Look {
        theme: &theme,
        focused: false,
        era: usize::MAX,
        reader: None,
    };
    let area = Rect::new(0, 0, 200, 60);
    let mut buf = Buffer::empty(area);
    for (name, catalog) in catalogs() {
        let axis = Axis::new(&catalog, Grouping::Kind);
        let whole = Window {
            start: axis.whole.0,
            span: axis.whole.1 - axis.whole.0,
            selected: None,
            band: None,
        };
        // The first lane's entry nearest April 1941, selected.
        let selected = axis.lanes[0]
            .nearest(1941.3)
            .map(|position| axis.lanes[0].items[position].entity);
        let decade = Window {
            start: 1937.0,
            span: 11.0,
            selected,
            band: None,
        };
        for (label, window) in [("whole", whole), ("1937_1947_selected", decade)] {
            group.bench_function(BenchmarkId::new(label, name), |b| {
                b.iter(|| {
                    buf.reset();
                    let drawn = plan(&catalog, &axis, &window, area, Height::Fit);
                    paint(&mut buf, &drawn, &catalog, &axis, &window, &look);
                    black_box(&buf);
                })
            });
        }
    }
    group.finish();

    // Building the axis at 100k: paid once when the view opens (or the grouping changes).
    let mut group = c.benchmark_group("axis_build");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    let catalog = Catalog::new(parse_str("synthetic", &large_json()).unwrap());
    for (label, grouping) in [("100k_kind", Grouping::Kind), ("100k_side", Grouping::Side)] {
        group.bench_function(label, |b| {
            b.iter(|| black_box(Axis::new(&catalog, grouping)))
        });
    }
    group.finish();
}

/// `check` at 100k, whole: on the generated dataset, on a crowded one (its places at five
/// capitals, half of them named after theirs) and on one crowded harder (events there too,
/// every point up to 0.2° off its capital); then on that one each rule alone, after the
/// lookups every rule needs (measured on their own). Run alone with `cargo bench --bench
/// nisso -- check/`.
fn check(c: &mut Criterion) {
    use crowd::{Crowding, crowd};
    use nisso::check;
    let generated = nisso::synthetic::generate(LARGE, 7);
    let mut crowded = generated.clone();
    crowd(&mut crowded, Crowding::default());
    let mut harder = generated.clone();
    let how = Crowding {
        spread: 0.2,
        events: true,
    };
    crowd(&mut harder, how);
    let mut group = c.benchmark_group("check");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1));
    for (name, data) in [
        ("generated", &generated),
        ("crowded", &crowded),
        ("crowded_spread_events", &harder),
    ] {
        group.bench_function(BenchmarkId::new("all", name), |b| {
            b.iter(|| black_box(check::check(data)))
        });
    }
    let rule = |name: &str| BenchmarkId::new("rule", format!("crowded_spread_events/{name}"));
    group.bench_function(rule("lookups"), |b| {
        b.iter(|| black_box(check::prepare(&harder)))
    });
    let mut prepared = check::prepare(&harder);
    for one in check::rules() {
        group.bench_function(rule(one.name), |b| b.iter(|| black_box(prepared.run(one))));
    }
    group.finish();
}

criterion_group!(
    benches,
    parse_and_index,
    open_cache,
    search,
    frames,
    axis_frames,
    check
);
criterion_main!(benches);
