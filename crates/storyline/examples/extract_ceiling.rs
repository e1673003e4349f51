//! How fast extraction can be while its main-content work stays on the
//! `trafilatura` crate: pages per second, single-threaded, on the benchmark's pages
//! (decompressed beforehand), for three steps that any such pipeline pays for —
//! parsing the HTML into a DOM alone (html5ever, through `scraper`), the crate with
//! its defaults, and the crate as Storyline runs it (favouring precision, fallback
//! extractors on). Medians of five passes. Compare with trafilatura (Python) timed
//! in the same session by `extract_eval.py --peers trafilatura`.
//!
//! ```sh
//! cargo run --release -p storyline --example extract_ceiling -- \
//!     ../shared/corpora/article-extraction-benchmark
//! ```

use std::io::Read;
use std::time::Instant;

/// One step of an extraction pipeline, run on a page.
type Step<'a> = (&'a str, &'a dyn Fn(&str));

fn main() {
    let dir = std::env::args()
        .nth(1)
        .expect("usage: extract_ceiling BENCHMARK_DIR");
    let mut paths: Vec<_> = std::fs::read_dir(format!("{dir}/html"))
        .expect("readable html folder")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    let pages: Vec<String> = paths
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path).expect("readable page");
            let mut html = String::new();
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_string(&mut html)
                .expect("gzip-compressed UTF-8 page");
            html
        })
        .collect();
    let precise = trafilatura::Options::default()
        .with_focus(trafilatura::ExtractionFocus::FavorPrecision)
        .with_fallback(true);
    let defaults = trafilatura::Options::default();
    let steps: [Step; 3] = [
        ("HTML parse alone (html5ever)", &|html| {
            std::hint::black_box(scraper::Html::parse_document(html));
        }),
        ("trafilatura crate, defaults", &|html| {
            let _ = std::hint::black_box(trafilatura::extract(html, &defaults));
        }),
        ("trafilatura crate, precision + fallback", &|html| {
            let _ = std::hint::black_box(trafilatura::extract(html, &precise));
        }),
    ];
    println!("{} pages", pages.len());
    for (name, step) in steps {
        let mut rates: Vec<f64> = (0..5)
            .map(|_| {
                let start = Instant::now();
                for html in &pages {
                    step(html);
                }
                pages.len() as f64 / start.elapsed().as_secs_f64()
            })
            .collect();
        rates.sort_by(f64::total_cmp);
        println!("{name}: {:.1} pages/s (median of 5)", rates[2]);
    }
}
