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

/// The corpora as one stream in publication order, replicated as many times
/// over as a benchmark needs. Each replica is shifted by twice the clusterer's
/// window and a day past the previous one (undated articles get the replica's
/// start date), so that no article meets its own earlier replica; its origins
/// are suffixed and its names respelled (see [`respelled`]), so that replicas
/// are new events of the same kinds, as a real stream brings, not reprints of
/// the first (a reprint joins its first printing however late it comes, and
/// every story would grow with every replica). Corpora spanning years have
/// replicas overlapping in time, as a real stream's events do; a million
/// articles so stay within the years a date may have
/// (`storyline::extract::header::LAST_YEAR`: beyond it an article is undated).
pub struct ReplayStream {
    base: Vec<storyline::model::Article>,
    /// The stream, in publication order: (replica, base article) pairs.
    sequence: Vec<(usize, usize)>,
    first: chrono::NaiveDate,
    stride_days: i64,
}

impl ReplayStream {
    /// Reads labelled article files and summarization cluster files (each cluster
    /// a story); `keep` chooses which articles take part, `length` how long the
    /// stream is.
    pub fn read(
        articles: &[PathBuf],
        clusters: &[PathBuf],
        keep: impl Fn(&storyline::model::Article) -> bool,
        length: usize,
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
        // Dated articles keep their spacing within a replica (see above).
        let window = storyline::cluster::ClusterOptions::default().window_days;
        let stride_days = 2 * window + 1;
        let offset = |i: usize| base[i].date.map_or(0, |d| (d - first).num_days());
        // Every replica that can have an article among the first `length`: the
        // last is the one whose first article comes after them all.
        let span = (0..base.len()).map(offset).max().unwrap_or(0);
        let replicas = length.div_ceil(base.len()) + (span / stride_days) as usize + 1;
        let mut sequence: Vec<(usize, usize)> = (0..replicas)
            .flat_map(|replica| (0..base.len()).map(move |i| (replica, i)))
            .collect();
        sequence
            .sort_by_key(|&(replica, i)| (offset(i) + stride_days * replica as i64, replica, i));
        sequence.truncate(length);
        Ok(ReplayStream {
            base,
            sequence,
            first,
            stride_days,
        })
    }

    /// The `n`th article of the stream (below its length) and the replica it
    /// belongs to.
    pub fn article(&self, n: usize) -> (storyline::model::Article, usize) {
        let (replica, i) = self.sequence[n];
        let mut article = self.base[i].clone();
        let offset = chrono::Duration::days(self.stride_days * replica as i64);
        article.date = Some(article.date.unwrap_or(self.first) + offset);
        article.origin = format!("{}#r{replica}", article.origin);
        if replica > 0 {
            article.title = respelled(&article.title, replica);
            article.text = respelled(&article.text, replica);
        }
        (article, replica)
    }
}

/// A text with the names of replica `replica`: in every capitalised word inside
/// a sentence (a name, mostly) the letters after the first are shifted through
/// the alphabet by amounts of the replica's own ("Aden" becomes "Aqtf" in one
/// replica, something else in the next), so that each replica's events have
/// their own people and places while their words, shape and length stay those
/// of real reports (a longer text could cross a limit its original does not).
fn respelled(text: &str, replica: usize) -> String {
    // A shift per replica and letter position, from the engine's mixing hash.
    let shift =
        |position: usize| storyline::dedup::mix((replica as u64) << 8 | position as u64) % 25 + 1;
    let mut out = String::with_capacity(text.len());
    let mut sentence_start = true;
    // Where the name being respelled has got to (None outside a name).
    let mut in_name: Option<usize> = None;
    let mut previous: Option<char> = None;
    for (at, c) in text.char_indices() {
        let word_start = previous.is_none_or(|p| !p.is_alphanumeric());
        if word_start {
            let name = c.is_uppercase()
                && !sentence_start
                && text[at..].chars().take_while(|c| c.is_alphabetic()).count() >= 3;
            in_name = name.then_some(0);
        }
        match in_name {
            Some(position) if c.is_alphabetic() => {
                in_name = Some(position + 1);
                let base = match c {
                    'a'..='z' => Some(b'a'),
                    'A'..='Z' => Some(b'A'),
                    _ => None,
                };
                match base.filter(|_| position > 0) {
                    Some(base) => {
                        let letter = (c as u8 - base + shift(position) as u8) % 26;
                        out.push(char::from(base + letter));
                    }
                    None => out.push(c),
                }
            }
            _ => {
                in_name = None;
                out.push(c);
            }
        }
        if matches!(c, '.' | '!' | '?' | '\n') {
            sentence_start = true;
        } else if c.is_alphanumeric() {
            sentence_start = false;
        }
        previous = Some(c);
    }
    out
}

/// Replays the corpora as one stream through the story clusterer.
pub fn cluster(args: ClusterBenchArgs) -> anyhow::Result<ExitCode> {
    // Timed on one thread, as the figures it prints say (and as the peers run).
    storyline::parallel::set_threads(1);
    use storyline::cluster::{ClusterOptions, DocumentFrequencies, Featurizer, StoryClusterer};

    let largest = args.sizes.iter().copied().max().unwrap_or(0);
    let stream = ReplayStream::read(&args.articles, &args.clusters, |_| true, largest)?;
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
        // As a store meets the stream: the outlet furniture seen so far set aside.
        featurizer.furniture.observe(&article);
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

#[cfg(test)]
mod tests {
    use super::respelled;

    #[test]
    fn a_replica_respells_the_names_inside_sentences_only() {
        let text = "The ferry Alder Queen left Aden. Tugs freed it, said Marco Lindqvist of NATO.";
        let once = respelled(text, 1);
        assert_eq!(once.len(), text.len());
        let words = |t: &str| t.split(' ').map(str::to_string).collect::<Vec<_>>();
        let (before, after) = (words(text), words(&once));
        for (original, respelled) in before.iter().zip(&after) {
            let is_name = ["Alder", "Queen", "Aden.", "Marco", "Lindqvist", "NATO."]
                .contains(&original.as_str());
            // Names keep their first letter and change; other words stay.
            assert_eq!(original == respelled, !is_name, "{original} {respelled}");
            assert_eq!(original.chars().next(), respelled.chars().next());
        }
        // Each replica has its own names.
        assert_ne!(respelled(text, 2), once);
        assert_ne!(respelled(text, 26), once);
    }
}
