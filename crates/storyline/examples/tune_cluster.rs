//! Grid search for the clusterer's defaults.
//!
//! The defaults in `ClusterOptions::default()` were chosen with this program: the
//! configuration with the best mean BCubed F1 over the tuning parts — ECB+ topics
//! 1–35 (the usual split) and the first half of the UCI sample (ids up to 3183) —
//! and reported on every corpus in full (docs/benchmarks.md). In two stages: the
//! single pass and its merges first (without splitting), then the split check's
//! overlap on top of the stage-1 winner.
//!
//! ```sh
//! cargo run --release -p storyline --example tune_cluster -- ../shared/corpora
//! ```

use storyline::cluster::{cluster, ClusterOptions};
use storyline::eval::clustering::{read_labelled, score, Labelled};

fn load(path: &str, pooled: bool) -> Vec<Labelled> {
    let text = std::fs::read_to_string(path).expect("readable corpus");
    read_labelled(path, &text, pooled).0
}

fn f1(data: &[Labelled], options: &ClusterOptions) -> f64 {
    let articles: Vec<_> = data.iter().map(|(_, _, a)| a.clone()).collect();
    let gold: Vec<&str> = data.iter().map(|(_, s, _)| s.as_str()).collect();
    score(&gold, &cluster(&articles, options)).bcubed.f1
}

fn main() {
    let root = std::env::args()
        .nth(1)
        .expect("usage: tune_cluster CORPORA_DIR");
    let ecb = load(&format!("{root}/ecbplus/articles.jsonl"), false);
    let uci = load(
        &format!("{root}/uci-news-aggregator-sample/articles.jsonl"),
        false,
    );
    let gn = load(&format!("{root}/groundnews-5stories/articles.jsonl"), false);
    let mn = load(&format!("{root}/multi_news/test_longbench200.jsonl"), true);
    let topic = |id: &str| {
        id.split('_')
            .next()
            .and_then(|t| t.parse::<u32>().ok())
            .unwrap_or(0)
    };
    let ecb_tune: Vec<Labelled> = ecb
        .iter()
        .filter(|(id, _, _)| topic(id) <= 35)
        .cloned()
        .collect();
    let uci_number = |id: &str| id.trim_start_matches("uci-").parse::<u32>().unwrap_or(0);
    let uci_tune: Vec<Labelled> = uci
        .iter()
        .filter(|(id, _, _)| uci_number(id) <= 3183)
        .cloned()
        .collect();

    let tuning = |options: &ClusterOptions| (f1(&ecb_tune, options) + f1(&uci_tune, options)) / 2.0;
    let report = |rows: &mut Vec<(f64, ClusterOptions)>| {
        rows.sort_by(|a, b| b.0.total_cmp(&a.0));
        println!("tuning\tECB+\tUCI\tGN\tMN\tthreshold merge names title split");
        for (score, o) in rows.iter().take(6) {
            println!(
                "{score:.3}\t{:.3}\t{:.3}\t{:.3}\t{:.3}\t{} {} {} {} {}",
                f1(&ecb, o),
                f1(&uci, o),
                f1(&gn, o),
                f1(&mn, o),
                o.threshold,
                o.merge_threshold,
                o.name_weight,
                o.title_weight,
                o.split_overlap
            );
        }
    };

    // Stage 1: the single pass and its merges, without splitting.
    let mut rows = Vec::new();
    for threshold in [0.1, 0.125, 0.15, 0.2, 0.25] {
        for merge_threshold in [0.3, 0.4, 0.5] {
            for name_weight in [0.5, 1.0, 2.0] {
                for title_weight in [1.0, 2.0, 4.0] {
                    let options = ClusterOptions {
                        threshold,
                        merge_threshold,
                        name_weight,
                        title_weight,
                        split_overlap: 0.0,
                        ..ClusterOptions::default()
                    };
                    rows.push((tuning(&options), options));
                }
            }
        }
    }
    report(&mut rows);
    // Stage 2: the split check on top of the stage-1 winner.
    let winner = rows[0].1.clone();
    let mut rows: Vec<(f64, ClusterOptions)> = [0.0, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6]
        .into_iter()
        .map(|split_overlap| {
            let options = ClusterOptions {
                split_overlap,
                ..winner.clone()
            };
            (tuning(&options), options)
        })
        .collect();
    report(&mut rows);
}
