//! `storyline bench summarize`: how fast summaries are made, in clusters per second.
//!
//! Two figures, because peers are timed two ways: end to end (extraction, sentence
//! splitting, analysis, selection) and selection alone, which is what the sumy
//! peers' timings cover (their preparation is timed apart). Single thread; the
//! median of several runs, since the machines are shared and noisy.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use storyline::align::SentenceSpace;
use storyline::eval::{self, rouge};
use storyline::{analyze, extract, summarize, SummaryOptions};

#[derive(clap::Args)]
pub struct SummarizeArgs {
    /// Clusters JSONL, as for `storyline eval rouge`
    #[arg(long, value_name = "FILE")]
    clusters: PathBuf,
    /// Summary length in words
    #[arg(long, default_value_t = 300)]
    words: usize,
    /// Timed runs (the median is reported)
    #[arg(long, default_value_t = 5)]
    runs: usize,
}

pub fn summarize(args: SummarizeArgs) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(&args.clusters)
        .with_context(|| format!("cannot read {}", args.clusters.display()))?;
    let (clusters, _) = eval::read_clusters(&args.clusters.display().to_string(), &text);
    anyhow::ensure!(
        !clusters.is_empty(),
        "no clusters in {}",
        args.clusters.display()
    );
    let options = SummaryOptions::default()
        .words(args.words)
        .allow_overflow(true);

    let mut end_to_end = Vec::new();
    let mut selection = Vec::new();
    for _ in 0..args.runs.max(1) {
        let started = Instant::now();
        let mut prepared = Vec::with_capacity(clusters.len());
        for cluster in &clusters {
            let (articles, _) = extract::extract_batch(cluster.articles.clone());
            let docs = analyze::analyze_all(articles);
            let space = SentenceSpace::new(&docs);
            prepared.push((docs, space));
        }
        let preparation = started.elapsed().as_secs_f64();
        let started = Instant::now();
        let mut words = 0;
        for (docs, space) in &prepared {
            let lines: Vec<&str> = summarize::select(docs, space, &options)
                .into_iter()
                .map(|at| docs[at.doc].sentence_text(&docs[at.doc].sentences[at.sentence]))
                .collect();
            words += rouge::first_words(&lines.join("\n"), args.words)
                .split_whitespace()
                .count();
        }
        let choosing = started.elapsed().as_secs_f64();
        std::hint::black_box(words);
        end_to_end.push(clusters.len() as f64 / (preparation + choosing));
        selection.push(clusters.len() as f64 / choosing);
    }
    println!(
        "{} clusters, {} words, {} runs, single thread (median clusters/s)",
        clusters.len(),
        args.words,
        end_to_end.len()
    );
    println!(
        "end to end (extract, analyze, select): {:.1}",
        median(&mut end_to_end)
    );
    println!(
        "selection only (as sumy peers are timed): {:.1}",
        median(&mut selection)
    );
    Ok(ExitCode::SUCCESS)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}
