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
use storyline::eval::{self, rouge};
use storyline::{Engine, EngineOptions};

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
    // Timed on one thread, as the figures it prints say (and as the peers run).
    storyline::parallel::set_threads(1);
    let text = std::fs::read_to_string(&args.clusters)
        .with_context(|| format!("cannot read {}", args.clusters.display()))?;
    let (clusters, _) = eval::read_clusters(&args.clusters.display().to_string(), &text);
    anyhow::ensure!(
        !clusters.is_empty(),
        "no clusters in {}",
        args.clusters.display()
    );
    let engine = Engine::new(EngineOptions::default().words(args.words));

    let mut end_to_end = Vec::new();
    let mut selection = Vec::new();
    for _ in 0..args.runs.max(1) {
        let started = Instant::now();
        let mut prepared = Vec::with_capacity(clusters.len());
        for cluster in &clusters {
            let (articles, _) = engine.extract(cluster.articles.clone());
            prepared.push(engine.analyze(articles));
        }
        let preparation = started.elapsed().as_secs_f64();
        let started = Instant::now();
        let mut words = 0;
        for analysis in &prepared {
            let lines = engine.summary_sentences(analysis);
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

/// The median; not a number for no values.
pub fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}

#[derive(clap::Args)]
pub struct ClusterBenchArgs {
    /// Labelled article files to replay (articles JSONL), replicated to the sizes
    #[arg(long = "articles", value_name = "FILE", required = true)]
    articles: Vec<PathBuf>,
    /// Also replay summarization clusters files (each cluster a story)
    #[arg(long = "clusters", value_name = "FILE")]
    clusters: Vec<PathBuf>,
    /// Stream lengths to report, comma-separated
    #[arg(long, value_delimiter = ',', default_value = "10000,100000,1000000")]
    sizes: Vec<usize>,
}

/// The corpora as one endless stream in publication order, replicated as many
/// times over as a benchmark needs. Each replica is shifted by a fixed number of
/// days past the previous one (undated articles get the replica's start date) and
/// its origins are suffixed, so replicas are new events to the clusterer, not
/// copies.
pub struct ReplayStream {
    base: Vec<storyline::model::Article>,
    order: Vec<usize>,
    first: chrono::NaiveDate,
    stride_days: i64,
}

impl ReplayStream {
    /// Reads labelled article files and summarization cluster files (each cluster
    /// a story); `keep` chooses which articles take part.
    pub fn read(
        articles: &[PathBuf],
        clusters: &[PathBuf],
        keep: impl Fn(&storyline::model::Article) -> bool,
    ) -> anyhow::Result<ReplayStream> {
        use storyline::eval::clustering::read_labelled;
        let mut base = Vec::new();
        for (path, pooled) in articles
            .iter()
            .map(|p| (p, false))
            .chain(clusters.iter().map(|p| (p, true)))
        {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            base.extend(
                read_labelled(&path.display().to_string(), &text, pooled)
                    .0
                    .into_iter()
                    .map(|(_, _, article)| article)
                    .filter(|article| keep(article)),
            );
        }
        anyhow::ensure!(!base.is_empty(), "no articles to replay");
        let start = chrono::NaiveDate::from_ymd_opt(2030, 1, 1).expect("valid date");
        let first = base.iter().filter_map(|a| a.date).min().unwrap_or(start);
        let last = base.iter().filter_map(|a| a.date).max().unwrap_or(start);
        // Dated articles keep their spacing; replicas follow each other with a gap
        // wider than the clusterer's window.
        let window = storyline::cluster::ClusterOptions::default().window_days;
        let stride_days = (last - first).num_days().max(0) + 2 * window + 1;
        let mut order: Vec<usize> = (0..base.len()).collect();
        order.sort_by_key(|&i| (base[i].date.map(|d| (d - first).num_days()).unwrap_or(0), i));
        Ok(ReplayStream {
            base,
            order,
            first,
            stride_days,
        })
    }

    /// The `n`th article of the stream and the replica it belongs to.
    pub fn article(&self, n: usize) -> (storyline::model::Article, usize) {
        let replica = n / self.base.len();
        let mut article = self.base[self.order[n % self.base.len()]].clone();
        let offset = chrono::Duration::days(self.stride_days * replica as i64);
        article.date = Some(article.date.unwrap_or(self.first) + offset);
        article.origin = format!("{}#r{replica}", article.origin);
        (article, replica)
    }
}

/// Replays the corpora as one stream through the story clusterer.
pub fn cluster(args: ClusterBenchArgs) -> anyhow::Result<ExitCode> {
    // Timed on one thread, as the figures it prints say (and as the peers run).
    storyline::parallel::set_threads(1);
    use storyline::cluster::{ClusterOptions, DocumentFrequencies, Featurizer, StoryClusterer};

    let stream = ReplayStream::read(&args.articles, &args.clusters, |_| true)?;
    let largest = args.sizes.iter().copied().max().unwrap_or(0);
    let progress = crate::progress_bar(largest as u64, "articles");
    let options = ClusterOptions::default();
    let mut featurizer = Featurizer::new(options.clone());
    let mut frequencies = DocumentFrequencies::default();
    let mut clusterer = StoryClusterer::new(options);
    let started = std::time::Instant::now();
    println!(
        "{:>10} {:>12} {:>14} {:>12}",
        "articles", "seconds", "articles/s", "peak MiB"
    );
    let mut sizes = args.sizes.clone();
    sizes.sort_unstable();
    let mut next = sizes.into_iter().peekable();
    let mut stories = 0usize;
    for n in 0..largest {
        let (article, _) = stream.article(n);
        let counts = featurizer.counts(&article);
        frequencies.add(&counts, &featurizer);
        stories = stories.max(clusterer.add(&frequencies.vector(&counts), article.date) + 1);
        progress.inc(1);
        let done = n + 1;
        if next.peek() == Some(&done) {
            let seconds = started.elapsed().as_secs_f64();
            progress.suspend(|| {
                println!(
                    "{done:>10} {seconds:>12.2} {:>14.0} {:>12.0}",
                    done as f64 / seconds,
                    peak_memory_mib().unwrap_or(f64::NAN)
                )
            });
            next.next();
        }
    }
    progress.finish_and_clear();
    println!("{stories} stories started (before merging); single thread; featurising, IDF and clustering included");
    let finishing = std::time::Instant::now();
    let story_of = clusterer.finish();
    let stories = story_of.iter().max().map_or(0, |s| s + 1);
    println!(
        "then merging and splitting: {:.2} s, {stories} stories, peak {:.0} MiB",
        finishing.elapsed().as_secs_f64(),
        peak_memory_mib().unwrap_or(f64::NAN)
    );
    Ok(ExitCode::SUCCESS)
}

/// Peak resident memory of this process so far (Linux), in MiB.
fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}
