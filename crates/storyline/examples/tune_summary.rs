//! Grid search for the summarizer's defaults on a slice of an evaluation file.
//!
//! The defaults in `SummaryOptions::default()` were chosen with this program on the
//! first 100 clusters of Multi-News (`--from 0 --to 100`) and reported on all 200
//! and on the other 100 (docs/benchmarks.md). Articles are extracted and analysed
//! once; each grid point then only re-runs selection and scoring.
//!
//! ```sh
//! cargo run --release -p storyline --example tune_summary -- \
//!     ../shared/corpora/multi_news/test_longbench200.jsonl --from 0 --to 100 --words 300
//! ```

use storyline::eval::{self, rouge};
use storyline::{Analysis, Engine, EngineOptions, SummaryOptions};

struct Prepared {
    analysis: Analysis,
    references: Vec<String>,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .expect("usage: tune_summary FILE [--from A] [--to B] [--words N]");
    let flag = |name: &str, default: usize| -> usize {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .map(|v| v.parse().expect("a number"))
            .unwrap_or(default)
    };
    let (from, to, words) = (
        flag("--from", 0),
        flag("--to", usize::MAX),
        flag("--words", 300),
    );
    let text = std::fs::read_to_string(path).expect("readable clusters file");
    let (clusters, _) = eval::read_clusters(path, &text);
    let engine = Engine::default();
    let prepared: Vec<Prepared> = clusters
        .into_iter()
        .skip(from)
        .take(to.saturating_sub(from))
        .map(|cluster| {
            let (articles, _) = engine.extract(cluster.articles);
            let analysis = engine.analyze(articles);
            let references = cluster
                .references
                .iter()
                .map(|r| rouge::first_words(r, words))
                .collect();
            Prepared {
                analysis,
                references,
            }
        })
        .collect();
    eprintln!("{} clusters prepared", prepared.len());

    let base = SummaryOptions::default().words(words).allow_overflow(true);
    let mut grid = vec![base.clone()];
    for position_weight in [0.0, 0.5, 1.5, 2.5] {
        grid.push(SummaryOptions {
            position_weight,
            ..base.clone()
        });
    }
    for position_halving in [1.0, 2.0, 5.0, 10.0] {
        grid.push(SummaryOptions {
            position_halving,
            ..base.clone()
        });
    }
    for length_exponent in [0.0, 0.3, 0.5, 0.8] {
        grid.push(SummaryOptions {
            length_exponent,
            ..base.clone()
        });
    }
    for dangling_penalty in [0.3, 0.5, 0.7] {
        grid.push(SummaryOptions {
            dangling_penalty,
            ..base.clone()
        });
    }
    for max_similarity in [0.2, 0.4, 0.6, 1.01] {
        grid.push(SummaryOptions {
            max_similarity,
            ..base.clone()
        });
    }
    for (min_words, max_words) in [(4, 60), (8, 60), (10, 60), (6, 45), (6, 80)] {
        grid.push(SummaryOptions {
            min_words,
            max_words,
            ..base.clone()
        });
    }
    println!("R1-F\tR2-F\tRL-F\toptions");
    for options in grid {
        let scores: Vec<rouge::Rouge> = prepared
            .iter()
            .map(|p| {
                let engine = Engine::new(EngineOptions::default().summary(options.clone()));
                let lines = engine.summary_sentences(&p.analysis);
                rouge::score_multi(&p.references, &rouge::first_words(&lines.join("\n"), words))
            })
            .collect();
        let mean = rouge::Rouge::mean(&scores);
        println!(
            "{:.2}\t{:.2}\t{:.2}\tposition {}/{} length^{} dangling {} similarity {} words {}..{}",
            100.0 * mean.rouge1.f1,
            100.0 * mean.rouge2.f1,
            100.0 * mean.rouge_l.f1,
            options.position_weight,
            options.position_halving,
            options.length_exponent,
            options.dangling_penalty,
            options.max_similarity,
            options.min_words,
            options.max_words
        );
    }
}
