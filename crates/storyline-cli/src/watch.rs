//! `storyline watch`: follow feeds and sites into a persistent corpus, and show
//! how each source fares. The work is `storyline_watch`'s; this prints it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use storyline_store::Store;
use storyline_watch::{PollReport, Progress, Source, WatchOptions, Watcher};

use crate::{BriefingArgs, ListFormat, EXIT_SKIPPED};

#[derive(clap::Args)]
pub struct WatchArgs {
    /// The sources: an OPML file, or one feed or site address a line (`#` starts a comment)
    #[arg(long, value_name = "FILE", required_unless_present = "status")]
    feeds: Option<PathBuf>,
    /// The database: a SQLite file (created if missing) or a PostgreSQL
    /// database as postgres://user[:password]@host[:port]/name
    #[arg(long, default_value = "storyline.db", value_name = "DB")]
    db: PathBuf,
    /// Print each source's last success, last error, items seen and articles added, and exit
    #[arg(long, conflicts_with = "feeds")]
    status: bool,
    /// Format of --status
    #[arg(long, short, value_enum, default_value_t = ListFormat::Text)]
    format: ListFormat,
    /// Poll once and exit (otherwise every --every seconds until stopped)
    #[arg(long)]
    once: bool,
    #[command(flatten)]
    polling: PollingArgs,
    #[command(flatten)]
    briefing: BriefingArgs,
}

/// How often and how politely sources are polled: the same flags for `watch`
/// and `serve --watch`.
#[derive(clap::Args, Clone)]
pub struct PollingArgs {
    /// Seconds between the starts of two polls
    #[arg(long, default_value_t = 900, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..))]
    every: u64,
    /// Hosts fetched from at once (one connection to each)
    #[arg(long, default_value_t = WatchOptions::default().fetchers as u64, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=256))]
    fetchers: u64,
    /// Seconds at least between two requests to one host (a longer Crawl-delay wins)
    #[arg(long, default_value_t = WatchOptions::default().host_interval.as_secs_f64(), value_name = "SECS")]
    host_interval: f64,
}

impl PollingArgs {
    pub fn every(&self) -> Duration {
        Duration::from_secs(self.every)
    }

    pub fn options(&self) -> anyhow::Result<WatchOptions> {
        anyhow::ensure!(
            self.host_interval.is_finite() && (0.0..=3600.0).contains(&self.host_interval),
            "--host-interval must be between 0 and 3600 seconds"
        );
        Ok(WatchOptions {
            fetchers: self.fetchers as usize,
            host_interval: Duration::from_secs_f64(self.host_interval),
            ..WatchOptions::default()
        })
    }
}

/// Reads the list of sources, printing the lines that name none.
pub fn read_sources(path: &Path) -> anyhow::Result<Vec<Source>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the sources in {}", path.display()))?;
    let (sources, errors) = storyline_watch::read_list(&path.display().to_string(), &text);
    for error in &errors {
        eprintln!("warning: {error}; skipped");
    }
    anyhow::ensure!(
        !sources.is_empty(),
        "{}: no sources to follow",
        path.display()
    );
    Ok(sources)
}

/// One line for a poll, and its problems on stderr.
pub fn print_poll(report: &PollReport) {
    for problem in &report.problems {
        eprintln!("warning: {problem}");
    }
    println!(
        "polled {} sources ({} unchanged, {} failed): {} items ({} known), {} pages fetched, {} new articles, {} already stored, {} new stories, {} stories updated; {} requests, {:.1} s fetching, {:.1} s storing",
        report.sources,
        report.unchanged,
        report.failed_sources,
        report.items,
        report.known,
        report.pages,
        report.added,
        report.duplicates,
        report.new_stories,
        report.changed_stories,
        report.requests,
        report.fetching.as_secs_f64(),
        report.storing.as_secs_f64()
    );
    let _ = std::io::stdout().flush();
}

pub fn watch(args: WatchArgs) -> anyhow::Result<ExitCode> {
    if args.status {
        return status(&args.db, args.format);
    }
    let feeds = args.feeds.as_deref().context("--feeds FILE is needed")?;
    let sources = read_sources(feeds)?;
    let mut store = Store::open_with(&args.db, args.briefing.engine_options()?)?;
    let watcher = Watcher::new(sources, args.polling.options()?);
    if args.once {
        let report = poll_with_progress(&watcher, &mut store)?;
        print_poll(&report);
        return Ok(if report.problems.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(EXIT_SKIPPED)
        });
    }
    eprintln!(
        "watching {} sources into {} every {} s (Ctrl-C stops; a restart resumes)",
        watcher.sources().len(),
        storyline_store::database_name(&args.db),
        args.polling.every
    );
    follow(&watcher, &mut store, args.polling.every(), true)
}

/// Polls every `every` (from one poll's start to the next) until the process
/// is stopped, printing each poll; only a failing store ends it.
pub fn follow(
    watcher: &Watcher,
    store: &mut Store,
    every: Duration,
    show_progress: bool,
) -> anyhow::Result<ExitCode> {
    loop {
        let started = std::time::Instant::now();
        let report = if show_progress {
            poll_with_progress(watcher, store)?
        } else {
            watcher.poll(store)?
        };
        print_poll(&report);
        std::thread::sleep(every.saturating_sub(started.elapsed()));
    }
}

/// One poll, with a bar on a terminal: sources read, then pages fetched.
fn poll_with_progress(watcher: &Watcher, store: &mut Store) -> anyhow::Result<PollReport> {
    let bar = crate::visible_bar(watcher.sources().len() as u64, "");
    bar.set_message("sources read");
    let report = watcher.poll_observed(store, &|progress| match progress {
        Progress::Source { done, .. } => bar.set_position(done as u64),
        Progress::Page { done, total } => {
            if done == 1 {
                bar.set_length(total as u64);
                bar.set_message("pages fetched");
            }
            bar.set_position(done as u64);
        }
    });
    bar.finish_and_clear();
    Ok(report?)
}

fn status(db: &Path, format: ListFormat) -> anyhow::Result<ExitCode> {
    crate::ensure_stored(db, "storyline watch --feeds FILE")?;
    let store = Store::open(db)?;
    let sources = store.sources()?;
    let mut out = std::io::stdout().lock();
    match format {
        ListFormat::Json => {
            let json = serde_json::json!({
                "schema_version": storyline::render::SCHEMA_VERSION,
                "sources": sources
            });
            writeln!(out, "{json:#}")?;
        }
        ListFormat::Text => {
            for source in &sources {
                writeln!(out, "{}", source.url)?;
                if let Some(feed) = &source.feed {
                    writeln!(out, "  feed:          {feed}")?;
                }
                let never = "never".to_string();
                writeln!(
                    out,
                    "  last success:  {}",
                    source.last_success.as_ref().unwrap_or(&never)
                )?;
                if let (Some(error), Some(at)) = (&source.last_error, &source.last_error_at) {
                    writeln!(out, "  last error:    {at}  {error}")?;
                }
                writeln!(
                    out,
                    "  items seen:    {}    articles added: {}",
                    source.items_seen, source.articles_added
                )?;
            }
            if sources.is_empty() {
                writeln!(
                    out,
                    "no sources followed yet in {}",
                    storyline_store::database_name(db)
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
