//! The `storyline` command: a thin shell over the engine.
//!
//! It parses arguments, shows progress on a terminal, prints warnings for skipped
//! inputs, and maps the outcome to an exit status once. Everything else is the
//! engine's job.

mod bench;
mod eval;
mod load;
mod log_bench;
mod sentence_model;
mod store;
mod watch;
mod watch_bench;
mod worker;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use storyline::ingest::{self, Batch};
use storyline::render::{self, OutputFormat};
use storyline::{Engine, EngineOptions};

/// Exit status when the run succeeded but some inputs were skipped.
pub const EXIT_SKIPPED: u8 = 3;

#[derive(Parser)]
#[command(
    name = "storyline",
    version,
    about = "Turn news articles from many outlets into sourced briefings",
    long_about = "Storyline reads news articles (text, Markdown, HTML, JSON, JSON Lines, feeds, web \
                  archives) and writes a briefing: what happened, in sentences quoted from the \
                  articles, each cited with every source that reports it."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Threads for reading, extracting and analysing articles (0: one per core);
    /// the output is the same whatever the number
    #[arg(long, global = true, default_value_t = 0, value_name = "N")]
    threads: usize,
}

#[derive(Subcommand)]
enum Command {
    /// Read articles about one event and print a sourced briefing
    #[command(after_help = "Examples:
  storyline digest examples/
  storyline digest examples/ --format json -o /tmp/briefing.json
  storyline digest examples/ --format html -o /tmp/briefing.html
  storyline digest a.html b.txt c.md more.jsonl --words 200
  cat article.txt | storyline digest -

Folders are read recursively in name order. Inputs that cannot be read are reported
on stderr and skipped; the exit status is then 3 (0 when nothing was skipped).")]
    Digest(DigestArgs),
    /// Group articles into stories and list them (no briefings)
    #[command(after_help = "Examples:
  storyline cluster examples/ crates/storyline-cli/tests/fixtures/spill/
  storyline cluster feeds/ --format json")]
    Cluster(ClusterArgs),
    /// Add articles to a persistent corpus (one SQLite file): idempotent, incremental
    #[command(after_help = "Examples:
  storyline ingest examples/ --db /tmp/news.db
  storyline ingest feeds/*.rss --db /tmp/news.db     # again later: only new articles are added")]
    Ingest(store::IngestArgs),
    /// List the stories of a persistent corpus
    #[command(after_help = "Examples:
  storyline stories --db /tmp/news.db
  storyline stories --db /tmp/news.db --since 2025-03-01 --query Meridian --format json")]
    Stories(store::StoriesArgs),
    /// Print the briefing of one stored story
    #[command(after_help = "Example:
  storyline show 1 --db /tmp/news.db --format html > /tmp/story.html")]
    Show(store::ShowArgs),
    /// Follow feeds and sites: fetch new articles politely and keep a corpus's stories current
    #[command(after_help = "Examples:
  storyline watch --feeds sources.txt --db /tmp/news.db           # every 15 minutes until stopped
  storyline watch --feeds subscriptions.opml --db /tmp/news.db --once
  storyline watch --status --db /tmp/news.db

sources.txt holds one feed (RSS, Atom, JSON Feed) or site address a line; a site is read
for the feed its page links. Summary-only items are fetched from their pages. robots.txt is
honoured, each host is asked once at a time, and what was fetched is kept in the database,
so a restart fetches nothing twice. Exit status with --once: 3 when a source or page failed.")]
    Watch(watch::WatchArgs),
    /// Take documents or articles from an article log and process them (scale-out)
    #[command(subcommand)]
    Worker(worker::WorkerCommand),
    /// Serve a persistent corpus: JSON API and web pages
    #[command(after_help = "Example:
  storyline serve --db /tmp/news.db --addr 127.0.0.1:8080   # then open http://127.0.0.1:8080/")]
    Serve(store::ServeArgs),
    /// Measure quality on benchmark data with the reference tools' scorers
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Measure speed (single thread, medians of several runs)
    #[command(subcommand)]
    Bench(BenchCommand),
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Summarize clusters and score the summaries with ROUGE-1/2/L as rouge-score does
    #[command(after_help = "Example:
  storyline eval rouge --clusters ../shared/corpora/multi_news/test_longbench200.jsonl \\
      --words 300 --predictions /tmp/storyline.jsonl

The predictions file can be scored by ../shared/peers/rouge.py with the same flags
(--words 300 --truncate-refs) and gives the same figures.")]
    Rouge(eval::RougeArgs),
    /// Measure entity recognition on hand-annotated text
    #[command(after_help = "Example:
  storyline eval entities --annotated crates/storyline-cli/tests/fixtures/entities/heldout.txt")]
    Entities(eval::EntitiesArgs),
    /// Date resolution on sentences annotated by hand: the day or span each date names
    Dates(eval::DatesArgs),
    /// Cluster labelled articles into stories and score against the gold stories
    #[command(after_help = "Examples:
  storyline eval cluster --articles ../shared/corpora/ecbplus/articles.jsonl --predictions /tmp/pred.jsonl
  storyline eval cluster --clusters ../shared/corpora/multi_news/test_longbench200.jsonl")]
    Cluster(eval::ClusterArgs),
    /// Find near-duplicate articles and compare with brute force over all pairs
    #[command(after_help = "Example:
  storyline eval dedup --articles ../shared/corpora/groundnews-5stories/articles.jsonl")]
    Dedup(eval::DedupArgs),
    /// Score the aligner's "same content" judgement (behind every citation) on
    /// labelled sentence pairs
    #[command(after_help = "Examples:
  storyline eval align --pairs ../shared/corpora/msrp/test.jsonl --predictions /tmp/align.jsonl
  storyline eval align --pairs ../shared/corpora/stsb/test.jsonl --genre main-news")]
    Align(eval::AlignArgs),
    /// Score the similarity of articles (in one language or two) against people's
    /// ratings of whether they tell the same story
    #[command(after_help = "Example:
  storyline eval pairs --pairs ../shared/corpora/semeval2022-task8/pairs.jsonl --predictions /tmp/pairs.jsonl

Thresholds are chosen on the file's train split; the test split's figures are the headline.")]
    Pairs(eval::PairsArgs),
    /// Form the stories of crisis collections (one folder per language and topic,
    /// each with articles.jsonl and a reference timeline.txt) and compare them with
    /// the reference timelines' dates
    #[command(after_help = "Example:
  storyline eval timelines --corpus ../shared/corpora/ml-crisis --largest 3")]
    Timelines(eval::TimelinesArgs),
    /// Brief an annotated audit set and judge every line: citations, outlet counts,
    /// speakers, dates, stale lines, updates, duplicates
    #[command(after_help = "Example:
  storyline eval faithfulness --audit audit/")]
    Faithfulness(eval::FaithfulnessArgs),
    /// Brief each cluster and score the disagreements shown (figures, days,
    /// speakers) against a reader's verdicts; those without one are listed, to be read
    #[command(after_help = "Example:
  storyline eval disagreements --clusters ../shared/corpora/multi_news/test_longbench200.jsonl \\
    --verdicts audit/disagreements/multi-news.tsv

Exit status 3 when a cluster or verdict line is malformed or a disagreement shown has no verdict.")]
    Disagreements(eval::DisagreementsArgs),
    /// Extract the article-extraction benchmark's pages and score them with its metric
    #[command(after_help = "Example:
  storyline eval extract --benchmark ../shared/corpora/article-extraction-benchmark --predictions /tmp/out.json")]
    Extract(eval::ExtractArgs),
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Time summarization on evaluation clusters (end to end, and selection alone)
    #[command(after_help = "Example:
  storyline bench summarize --clusters ../shared/corpora/multi_news/test_longbench200.jsonl --runs 5")]
    Summarize(bench::SummarizeArgs),
    /// Replay corpora as a long stream through the story clusterer: throughput and
    /// peak memory at each size
    #[command(after_help = "Example:
  storyline bench cluster --articles ../shared/corpora/ecbplus/articles.jsonl \\
      --articles ../shared/corpora/uci-news-aggregator-sample/articles.jsonl --sizes 10000,100000,1000000")]
    Cluster(bench::ClusterBenchArgs),
    /// Load a server on loopback: concurrent clients post articles and read stories;
    /// requests per second, p50 / p99 latency, and a check that nothing was lost
    #[command(after_help = "Example:
  storyline bench serve --articles ../shared/corpora/ecbplus/articles.jsonl \\
      --clusters ../shared/corpora/multi_news/test_longbench200.jsonl \\
      --count 10000 --writers 4 --readers 2 --db /tmp/load.db")]
    Serve(load::ServeBenchArgs),
    /// Write the articles `bench serve` posts as an articles file (JSONL), the
    /// input `storyline ingest` is timed on
    #[command(after_help = "Example:
  storyline bench replay-file --articles ../shared/corpora/ecbplus/articles.jsonl \\
      --clusters ../shared/corpora/multi_news/test_longbench200.jsonl --count 20000 --out /tmp/replay.jsonl")]
    ReplayFile(load::ReplayFileArgs),
    /// The replay through the article log: worker processes extract and place it
    /// into PostgreSQL; documents per second and the log's lag
    #[command(after_help = "Example:
  storyline bench log --articles ../shared/corpora/ecbplus/articles.jsonl --count 20000 \\
      --log nats://127.0.0.1:4222 --db postgres://news@127.0.0.1/bench --extractors 2")]
    Log(log_bench::LogBenchArgs),
    /// Follow news sites on loopback (one per outlet of the articles): articles per
    /// second fetched, extracted and stored, and the time of a poll with nothing new
    #[command(after_help = "Example:
  storyline bench watch --articles ../shared/corpora/groundnews-5stories/articles.jsonl --threads 1")]
    Watch(watch_bench::WatchBenchArgs),
}

#[derive(clap::Args)]
struct DigestArgs {
    #[arg(required = true, value_name = "PATH", help = paths_help())]
    paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, short, value_enum, default_value_t = Format::Markdown)]
    format: Format,
    /// Write to FILE instead of stdout
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    briefing: BriefingArgs,
    /// Leave out stories with fewer articles
    #[arg(long, default_value_t = 1, value_name = "N")]
    min_articles: usize,
}

/// How briefings are written: the same flags for every command that writes them
/// (`digest`, `ingest`, `show`, `serve`).
#[derive(clap::Args, Clone)]
pub struct BriefingArgs {
    /// Word budget of each story's summary
    #[arg(long, default_value_t = 120, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    words: u32,
    #[command(flatten)]
    sentence_model: sentence_model::SentenceModelArgs,
}

impl BriefingArgs {
    /// The engine's options these flags ask for, with the sentence encoder
    /// loaded (once: the options share it).
    pub fn engine_options(&self) -> anyhow::Result<EngineOptions> {
        Ok(EngineOptions::briefing()
            .words(self.words as usize)
            .encoder(self.sentence_model.encoder()?))
    }
}

/// The help of a command's input paths, with every format read.
fn paths_help() -> String {
    format!(
        "Files or folders to read ({}); `-` reads stdin",
        ingest::supported_extensions()
    )
}

#[derive(clap::Args)]
struct ClusterArgs {
    #[arg(required = true, value_name = "PATH", help = paths_help())]
    paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, short, value_enum, default_value_t = ListFormat::Text)]
    format: ListFormat,
    #[arg(long, value_enum, default_value_t = LevelArg::Storyline, help = LEVEL_HELP)]
    level: LevelArg,
}

const LEVEL_HELP: &str = "Which stories: events (one happening each) or storylines (an event \
with its follow-ups; each lists its events)";

/// The level of stories, as the command line names it.
#[derive(Clone, Copy, ValueEnum)]
pub enum LevelArg {
    Event,
    Storyline,
}

impl From<LevelArg> for storyline::Level {
    fn from(level: LevelArg) -> Self {
        match level {
            LevelArg::Event => storyline::Level::Event,
            LevelArg::Storyline => storyline::Level::Storyline,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    #[value(alias = "md")]
    Markdown,
    Json,
    Html,
}

impl From<Format> for OutputFormat {
    fn from(format: Format) -> Self {
        match format {
            Format::Markdown => OutputFormat::Markdown,
            Format::Json => OutputFormat::Json,
            Format::Html => OutputFormat::Html,
        }
    }
}

/// The allocator: the pipeline allocates many small strings and vectors per
/// sentence; with the system allocator about a fifth of briefing's time was in
/// `malloc` and `free` (perf, `storyline ingest` of the 20,000-article replay),
/// and with mimalloc the same ingest's briefings took about 15% less time
/// (alternating runs in one session). Its memory is kept off transparent huge
/// pages (the `no_thp` feature): mimalloc hands freed memory back to the
/// kernel in small pieces, and where the kernel backs memory with huge pages
/// each piece taken again was zeroed as a whole 2 MiB page: in runs where the
/// kernel had huge pages free, the same ingest spent 2.2 to 2.7 s in the
/// kernel instead of 0.9 s.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    restore_broken_pipe_exit();
    let cli = Cli::parse();
    storyline::parallel::set_threads(cli.threads);
    let outcome = match cli.command {
        Command::Digest(args) => digest(args),
        Command::Cluster(args) => cluster(args),
        Command::Ingest(args) => store::ingest(args),
        Command::Stories(args) => store::stories(args),
        Command::Show(args) => store::show(args),
        Command::Serve(args) => store::serve(args),
        Command::Worker(command) => worker::run(command),
        Command::Watch(args) => watch::watch(args),
        Command::Eval(EvalCommand::Rouge(args)) => eval::rouge(args),
        Command::Eval(EvalCommand::Entities(args)) => eval::entities(args),
        Command::Eval(EvalCommand::Dates(args)) => eval::dates(args),
        Command::Eval(EvalCommand::Cluster(args)) => eval::cluster(args),
        Command::Eval(EvalCommand::Dedup(args)) => eval::dedup(args),
        Command::Eval(EvalCommand::Extract(args)) => eval::extract(args),
        Command::Eval(EvalCommand::Align(args)) => eval::align(args),
        Command::Eval(EvalCommand::Pairs(args)) => eval::pairs(args),
        Command::Eval(EvalCommand::Timelines(args)) => eval::timelines(args),
        Command::Eval(EvalCommand::Faithfulness(args)) => eval::faithfulness(args),
        Command::Eval(EvalCommand::Disagreements(args)) => eval::disagreements(args),
        Command::Bench(BenchCommand::Summarize(args)) => bench::summarize(args),
        Command::Bench(BenchCommand::Cluster(args)) => bench::cluster(args),
        Command::Bench(BenchCommand::Serve(args)) => load::serve(args),
        Command::Bench(BenchCommand::ReplayFile(args)) => load::replay_file(args),
        Command::Bench(BenchCommand::Log(args)) => log_bench::run(args),
        Command::Bench(BenchCommand::Watch(args)) => watch_bench::watch(args),
    };
    match outcome {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Reads every input with a progress bar (inside web archives too: bytes, articles
/// and other records); returns the documents and the problems.
fn read_inputs(paths: &[PathBuf]) -> (Vec<storyline::model::RawDoc>, Vec<storyline::Error>) {
    let (inputs, mut problems) = ingest::expand(paths);
    let archives = inputs
        .iter()
        .any(|i| i.name().to_ascii_lowercase().contains(".warc"));
    let progress = if archives {
        visible_bar(inputs.len() as u64, "files")
    } else {
        progress_bar(inputs.len() as u64, "files")
    };
    let batches = storyline::parallel::map(inputs, |input| {
        let name = input.name();
        progress.set_message(name.clone());
        let batch = ingest::read_observed(&input, &mut |bytes, counts| {
            progress.set_message(format!(
                "{name}: {:.1} MiB read, {} articles, {} other records",
                bytes as f64 / 1_048_576.0,
                counts.articles,
                counts.skipped
            ));
        });
        progress.inc(1);
        batch
    });
    let mut batch = Batch::default();
    for read in batches {
        batch.extend(read);
    }
    progress.finish_and_clear();
    problems.append(&mut batch.errors);
    (batch.docs, problems)
}

fn cluster(args: ClusterArgs) -> anyhow::Result<ExitCode> {
    let (docs, mut problems) = read_inputs(&args.paths);
    let engine = Engine::default();
    let (articles, skipped) = engine.extract(docs);
    let stories = engine.stories(articles, args.level.into());
    problems.extend(skipped);
    report(&problems);
    anyhow::ensure!(!stories.is_empty(), "no input articles");
    let listing = match args.format {
        ListFormat::Text => render::stories_to_text(&stories),
        ListFormat::Json => render::stories_to_json(&stories),
    };
    std::io::stdout().lock().write_all(listing.as_bytes())?;
    Ok(exit_status(&problems))
}

fn digest(args: DigestArgs) -> anyhow::Result<ExitCode> {
    let (docs, mut problems) = read_inputs(&args.paths);
    let options = args
        .briefing
        .engine_options()?
        .min_articles(args.min_articles);
    let result = Engine::new(options).digest(docs);
    let digest = match result {
        Ok(digest) => digest,
        Err(error) => {
            report(&problems);
            return Err(error.into());
        }
    };
    problems.extend(digest.skipped);
    report(&problems);
    if digest.briefings.is_empty() {
        eprintln!("note: no story has {} or more articles", args.min_articles);
    }

    let rendered = render::render(&digest.briefings, args.format.into());
    match &args.output {
        Some(path) => write_atomically(path, rendered.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(rendered.as_bytes())?;
            stdout.flush()?;
        }
    }
    Ok(exit_status(&problems))
}

/// A reader that closes the pipe early (`storyline eval … | head`) ends the
/// process quietly, as it ends every Unix tool, instead of failing the next
/// print: Rust ignores SIGPIPE by default, which turns the closed pipe into a
/// panic inside `println!`.
fn restore_broken_pipe_exit() {
    #[cfg(unix)]
    // SAFETY: called first thing in `main`, before any other thread exists;
    // setting a signal's disposition to its default has no other precondition.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Fails with a hint when a SQLite file to be read is missing (rather than
/// creating an empty one); a PostgreSQL database is checked on connecting.
pub fn ensure_stored(db: &std::path::Path, run_first: &str) -> anyhow::Result<()> {
    anyhow::ensure!(
        storyline_store::is_postgres_url(db) || db.exists(),
        "no database at {} (run `{run_first}` first)",
        storyline_store::database_name(db)
    );
    Ok(())
}

/// Success, or `EXIT_SKIPPED` when some inputs were skipped or kept with a
/// problem (trimmed to a limit, a field left out).
pub fn exit_status(problems: &[storyline::Error]) -> ExitCode {
    if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_SKIPPED)
    }
}

/// Prints each problem on stderr: skipped inputs, then a count.
pub fn report(problems: &[storyline::Error]) {
    let mut skipped = 0;
    for problem in problems {
        if problem.is_warning() {
            eprintln!("warning: {problem}");
        } else {
            skipped += 1;
            eprintln!("warning: skipped {problem}");
        }
    }
    if skipped > 0 {
        eprintln!("warning: {skipped} input(s) skipped");
    }
}

/// A bar on stderr when it is a terminal and there is enough work to watch.
pub fn progress_bar(total: u64, unit: &str) -> ProgressBar {
    if total < 50 {
        return ProgressBar::hidden();
    }
    visible_bar(total, unit)
}

/// A bar on stderr when it is a terminal, however little the work.
pub(crate) fn visible_bar(total: u64, unit: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    let template = format!("{{bar:30}} {{pos}}/{{len}} {unit} {{elapsed}} {{wide_msg}}");
    bar.set_style(ProgressStyle::with_template(&template).expect("valid template"));
    bar
}

/// Writes through a temporary file and a rename, so an interrupted run never leaves
/// a half-written output behind.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".partial");
    let temporary = PathBuf::from(temporary);
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, path)
}
