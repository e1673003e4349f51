//! Grid search for the clusterer's defaults.
//!
//! The defaults in `ClusterOptions::default()` were chosen with this program: the
//! configuration with the best mean BCubed F1 over the tuning parts — ECB+ topics
//! 1–35 (the usual split), the first half of the UCI sample (ids up to 3183), the
//! first 100 of the 200 Multi-News clusters and all of Ground News (its five stories
//! are too few to halve; without it the pick is a split overlap of 0.5, ahead of
//! 0.45 by under 0.001 on the other parts, which splits its China-COVID story, a
//! story that develops over days) — and reported on every
//! corpus in full and on the held-out parts (docs/benchmarks.md); a configuration
//! that splits the canonical example (the five seed reports, whole or with one left
//! out) is not eligible. In two stages: the single pass and its merges first
//! (without splitting), then the split check's overlap on top
//! of the stage-1 winner.
//!
//! ```sh
//! cargo run --release -p storyline --example tune_cluster -- ../shared/corpora
//! ```

use storyline::cluster::{cluster, ClusterOptions};
use storyline::eval::clustering::{read_labelled, score, Labelled};
use storyline::model::Article;
use storyline::{extract, ingest};

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

    // Multi-News: the first 100 of its 200 clusters, pooled.
    let mut mn_clusters: Vec<&str> = mn.iter().map(|(_, story, _)| story.as_str()).collect();
    mn_clusters.dedup();
    let mn_tune: Vec<Labelled> = mn
        .iter()
        .filter(|(_, story, _)| mn_clusters[..100].contains(&story.as_str()))
        .cloned()
        .collect();

    // The canonical example — five reports of one event — must stay one story
    // however it arrives: whole, or with any one of its reports still to come.
    let seeds: Vec<Article> = {
        let (inputs, _) = ingest::expand(&[format!("{root}/seeds").into()]);
        let mut batch = ingest::Batch::default();
        for input in &inputs {
            batch.extend(ingest::read(input));
        }
        extract::extract_batch(batch.docs, &extract::ExtractOptions::default()).0
    };
    let keeps_the_seeds_whole = |options: &ClusterOptions| {
        (0..=seeds.len()).all(|left_out| {
            let arrived: Vec<Article> = seeds
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != left_out)
                .map(|(_, a)| a.clone())
                .collect();
            cluster(&arrived, options).iter().all(|&story| story == 0)
        })
    };
    let tuning = |options: &ClusterOptions| {
        if !keeps_the_seeds_whole(options) {
            return 0.0;
        }
        (f1(&ecb_tune, options) + f1(&uci_tune, options) + f1(&mn_tune, options) + f1(&gn, options))
            / 4.0
    };
    let report = |rows: &mut Vec<(f64, ClusterOptions)>| {
        rows.sort_by(|a, b| b.0.total_cmp(&a.0));
        println!(
            "tuning\tECB+\tUCI\tGN\tMN\tthreshold merge far names title headline staleness split"
        );
        for (score, o) in rows.iter().take(6) {
            println!(
                "{score:.3}\t{:.3}\t{:.3}\t{:.3}\t{:.3}\t{} {} {} {} {} {} {} {}",
                f1(&ecb, o),
                f1(&uci, o),
                f1(&gn, o),
                f1(&mn, o),
                o.threshold,
                o.merge_threshold,
                o.far_merge_threshold,
                o.name_weight,
                o.title_weight,
                o.headline_weight,
                o.staleness_per_day,
                o.split_overlap
            );
        }
    };

    // Stage 1: the single pass and its merges, without splitting.
    let mut grid = Vec::new();
    for threshold in [0.1, 0.125, 0.15, 0.2, 0.25] {
        for merge_threshold in [0.3, 0.4, 0.5] {
            for far_merge_threshold in [0.4, 0.5, 0.6, 1.1] {
                for name_weight in [0.5, 1.0, 2.0] {
                    for title_weight in [1.0, 2.0, 4.0] {
                        for headline_weight in [0.0, 2.0, 4.0] {
                            for staleness_per_day in [0.0, 0.1, 0.2] {
                                grid.push(ClusterOptions {
                                    threshold,
                                    merge_threshold,
                                    far_merge_threshold,
                                    name_weight,
                                    title_weight,
                                    headline_weight,
                                    staleness_per_day,
                                    split_overlap: 0.0,
                                    ..ClusterOptions::default()
                                });
                            }
                        }
                    }
                }
            }
        }
    }
    let mut rows = score_in_parallel(grid, &tuning);
    report(&mut rows);
    // Stage 2: the split check on top of the stage-1 winner.
    let winner = rows[0].1.clone();
    let grid = [0.0, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6]
        .into_iter()
        .map(|split_overlap| ClusterOptions {
            split_overlap,
            ..winner.clone()
        })
        .collect();
    let mut rows = score_in_parallel(grid, &tuning);
    report(&mut rows);
    // The winner on the parts it was not tuned on.
    let winner = &rows[0].1;
    let held_out = |data: &[Labelled], tuned: &[Labelled]| -> Vec<Labelled> {
        let tuned: std::collections::HashSet<&str> =
            tuned.iter().map(|(id, _, _)| id.as_str()).collect();
        data.iter()
            .filter(|(id, _, _)| !tuned.contains(id.as_str()))
            .cloned()
            .collect()
    };
    println!(
        "held out\tECB+ topics 36-45 {:.3}\tUCI ids > 3183 {:.3}\tMN clusters 101-200 {:.3}",
        f1(&held_out(&ecb, &ecb_tune), winner),
        f1(&held_out(&uci, &uci_tune), winner),
        f1(&held_out(&mn, &mn_tune), winner),
    );
}

/// Scores each configuration, on every core; rows come back in grid order.
fn score_in_parallel(
    grid: Vec<ClusterOptions>,
    tuning: &(impl Fn(&ClusterOptions) -> f64 + Sync),
) -> Vec<(f64, ClusterOptions)> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = grid.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = grid
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|o| (tuning(o), o.clone()))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a tuning thread finished"))
            .collect()
    })
}
