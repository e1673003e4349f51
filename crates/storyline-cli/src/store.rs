//! `storyline ingest | stories | show`: the persistent corpus from the command line.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use storyline::ingest;
use storyline::render::{self, OutputFormat};
use storyline_store::Store;

use crate::{exit_status, report, BriefingArgs, Format};

/// Documents committed per transaction: a killed ingest loses at most the batch in
/// flight, and every "committed" line it printed is on disk.
const DOCUMENTS_PER_COMMIT: usize = 500;

/// Articles extracted from a chunk of documents, and the documents skipped.
type Extracted = (Vec<storyline::model::Article>, Vec<storyline::Error>);

/// Briefings written per transaction once the articles are in.
const STORIES_PER_BRIEFING_COMMIT: usize = 256;

#[derive(clap::Args)]
pub struct IngestArgs {
    #[arg(required = true, value_name = "PATH", help = crate::paths_help())]
    paths: Vec<PathBuf>,
    /// The database: a SQLite file (created if missing) or a PostgreSQL
    /// database as postgres://user[:password]@host[:port]/name
    #[arg(long, default_value = "storyline.db", value_name = "DB")]
    db: PathBuf,
    /// Append the documents to this article log (nats://host:port) for
    /// `storyline worker`s to extract and place, instead of storing them here
    #[arg(long, value_name = "URL", conflicts_with = "db")]
    log: Option<String>,
    /// When the stories the documents change are briefed: `now`, once the last
    /// document is in; `later`, each by its first reader (`storyline show`), by
    /// `storyline serve` in the background, or by the next ingest that briefs now.
    /// Until then a story is listed with its articles, dates and a headline, and
    /// `storyline stories --query` searches its articles' words
    #[arg(long, value_enum, default_value_t = Briefings::Now, value_name = "WHEN")]
    briefings: Briefings,
    #[command(flatten)]
    briefing: BriefingArgs,
}

/// When `storyline ingest` writes the briefings of the stories it changes.
#[derive(clap::ValueEnum, Clone, Copy)]
enum Briefings {
    /// Once the last document is in, each changed story once
    Now,
    /// When a story is first read, or by `storyline serve` in the background
    Later,
}

/// Documents appended to the log at once (one round trip for their
/// acknowledgements).
const DOCUMENTS_PER_APPEND: usize = 500;

pub fn ingest(args: IngestArgs) -> anyhow::Result<ExitCode> {
    if let Some(log) = &args.log {
        return append_to_log(&args.paths, log);
    }
    let started = std::time::Instant::now();
    let options = args.briefing.engine_options()?;
    let mut store = Store::open_with(&args.db, options.clone())?;
    // Each story is briefed once, after the last commit that changes it; a killed
    // ingest leaves its stories to be briefed by the next ingest (or on reading).
    store.defer_briefings(true);
    let (inputs, mut problems) = ingest::expand(&args.paths);
    let progress = crate::progress_bar(inputs.len() as u64, "files");
    let mut totals = (0usize, 0usize, 0usize);
    let mut commit = |(articles, skipped): Extracted,
                      problems: &mut Vec<storyline::Error>|
     -> anyhow::Result<()> {
        problems.extend(skipped);
        if articles.is_empty() {
            return Ok(());
        }
        let report = store.ingest_articles(articles)?;
        totals.0 += report.added;
        totals.1 += report.duplicates;
        totals.2 += report.new_stories;
        println!(
            "committed: {} new articles, {} already stored, {} new stories, {} merged into others, {} articles moved, {} stories changed",
            report.added,
            report.duplicates,
            report.new_stories,
            report.merged_stories,
            report.moved_articles,
            report.changed_stories
        );
        std::io::stdout().flush()?;
        Ok(())
    };
    // A pipeline of two: the next documents are extracted (on every core) while
    // the last extracted are placed and committed (on one).
    let extractor = storyline::Engine::new(options);
    let mut extracted: Option<Extracted> = None;
    let mut next = |chunk: Vec<storyline::model::RawDoc>,
                    problems: &mut Vec<storyline::Error>|
     -> anyhow::Result<()> {
        let previous = extracted.take();
        let (now, committed) = std::thread::scope(|scope| {
            let extracting = scope.spawn(|| extractor.extract(chunk));
            let committed = previous.map_or(Ok(()), |previous| {
                progress.suspend(|| commit(previous, problems))
            });
            (extracting.join(), committed)
        });
        committed?;
        extracted = Some(now.map_err(|_| anyhow::anyhow!("extraction failed"))?);
        Ok(())
    };
    in_chunks(
        &inputs,
        DOCUMENTS_PER_COMMIT,
        &progress,
        &mut problems,
        &mut next,
    )?;
    if let Some(last) = extracted.take() {
        commit(last, &mut problems)?;
    }
    progress.finish_and_clear();
    let stored_in = started.elapsed().as_secs_f64();
    match args.briefings {
        Briefings::Now => {
            let briefed = brief_every_stale_story(&mut store)?;
            let seconds = started.elapsed().as_secs_f64();
            println!("briefed: {briefed} stories ({:.1} s)", seconds - stored_in);
        }
        Briefings::Later => println!(
            "briefings: {} stories wait for theirs (written on reading, by `storyline serve`, or by the next ingest)",
            store.stale_count()?
        ),
    }
    let seconds = started.elapsed().as_secs_f64();
    report(&problems);
    println!(
        "done: {} new articles, {} already stored, {} new stories in {} ({seconds:.1} s, {:.0} documents/s)",
        totals.0,
        totals.1,
        totals.2,
        storyline_store::database_name(&args.db),
        (totals.0 + totals.1) as f64 / seconds.max(1e-9)
    );
    Ok(exit_status(&problems))
}

/// Briefs every story whose briefing trails its articles, a transaction per
/// [`STORIES_PER_BRIEFING_COMMIT`], reporting the stories that cannot be.
fn brief_every_stale_story(store: &mut Store) -> anyhow::Result<usize> {
    let stale = store.stale_count()?;
    let progress = crate::progress_bar(stale.max(0) as u64, "briefings");
    let briefed = store.brief_every_stale(STORIES_PER_BRIEFING_COMMIT, |round| {
        for (story, error) in &round.failed {
            progress.suspend(|| eprintln!("error: story {story} could not be briefed: {error}"));
        }
        progress.inc(round.written as u64);
    })?;
    progress.finish_and_clear();
    Ok(briefed)
}

/// Reads the inputs in order and hands their documents on `size` at a time
/// (within a large file too; the last chunk however small), a progress step
/// per input, keeping what could not be read with the other problems.
fn in_chunks(
    inputs: &[ingest::Input],
    size: usize,
    progress: &indicatif::ProgressBar,
    problems: &mut Vec<storyline::Error>,
    mut handle: impl FnMut(
        Vec<storyline::model::RawDoc>,
        &mut Vec<storyline::Error>,
    ) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut pending = Vec::new();
    for input in inputs {
        let batch = ingest::read(input);
        problems.extend(batch.errors);
        pending.extend(batch.docs);
        while pending.len() >= size {
            handle(pending.drain(..size).collect(), problems)?;
        }
        progress.inc(1);
    }
    handle(pending, problems)
}

/// `storyline ingest --log`: reads the documents and appends each to the log,
/// keyed by its origin and content, so that appending the same files again
/// adds nothing.
fn append_to_log(paths: &[PathBuf], url: &str) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let log = storyline_log::open(url)?;
    let (inputs, mut problems) = ingest::expand(paths);
    let progress = crate::progress_bar(inputs.len() as u64, "files");
    let mut totals = storyline_log::Appended::default();
    let mut append = |docs: Vec<storyline::model::RawDoc>| -> anyhow::Result<()> {
        let messages = docs
            .iter()
            .map(storyline_log::Message::document)
            .collect::<Result<Vec<_>, _>>()?;
        let appended = log.append(messages)?;
        totals.stored += appended.stored;
        totals.duplicates += appended.duplicates;
        Ok(())
    };
    in_chunks(
        &inputs,
        DOCUMENTS_PER_APPEND,
        &progress,
        &mut problems,
        |docs, _| append(docs),
    )?;
    progress.finish_and_clear();
    report(&problems);
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "done: {} documents appended to {url}, {} already there ({seconds:.1} s, {:.0} documents/s)",
        totals.stored,
        totals.duplicates,
        (totals.stored + totals.duplicates) as f64 / seconds.max(1e-9)
    );
    Ok(exit_status(&problems))
}

#[derive(clap::Args)]
pub struct StoriesArgs {
    /// The database: a SQLite file or postgres://user[:password]@host[:port]/name
    #[arg(long, default_value = "storyline.db", value_name = "DB")]
    db: PathBuf,
    /// Only stories with articles on or after this date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    since: Option<chrono::NaiveDate>,
    /// Only stories whose headline or briefing contains this text (or, for a
    /// story whose briefing trails its articles, one of its articles)
    #[arg(long, value_name = "TEXT")]
    query: Option<String>,
    /// Output format
    #[arg(long, short, value_enum, default_value_t = crate::ListFormat::Text)]
    format: crate::ListFormat,
}

pub fn stories(args: StoriesArgs) -> anyhow::Result<ExitCode> {
    crate::ensure_stored(&args.db, "storyline ingest")?;
    let store = Store::open(&args.db)?;
    let since = args.since.map(|d| d.to_string());
    let rows = store.stories(since.as_deref(), args.query.as_deref())?;
    let mut out = std::io::stdout().lock();
    match args.format {
        crate::ListFormat::Json => {
            let json =
                serde_json::json!({"schema_version": render::SCHEMA_VERSION, "stories": rows});
            writeln!(out, "{json:#}")?;
        }
        crate::ListFormat::Text => {
            for row in &rows {
                let dates = match (&row.first_date, &row.last_date) {
                    (Some(a), Some(b)) if a != b => format!("{a} – {b}"),
                    (Some(a), _) => a.clone(),
                    _ => "undated".to_string(),
                };
                writeln!(
                    out,
                    "{:>6}  {}  ({} articles, {dates})",
                    row.id, row.headline, row.articles
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct ShowArgs {
    /// The story's number, as `storyline stories` lists it
    story: i64,
    /// The database: a SQLite file or postgres://user[:password]@host[:port]/name
    #[arg(long, default_value = "storyline.db", value_name = "DB")]
    db: PathBuf,
    /// Output format
    #[arg(long, short, value_enum, default_value_t = Format::Markdown)]
    format: Format,
    // As stored when the budget is the one it was ingested with; otherwise the
    // briefing is written afresh from the stored articles.
    #[command(flatten)]
    briefing: BriefingArgs,
}

pub fn show(args: ShowArgs) -> anyhow::Result<ExitCode> {
    crate::ensure_stored(&args.db, "storyline ingest")?;
    let store = Store::open_with(&args.db, args.briefing.engine_options()?)?;
    let briefing = store
        .briefing(args.story)
        .with_context(|| format!("cannot show story {}", args.story))?;
    let format: OutputFormat = args.format.into();
    std::io::stdout()
        .lock()
        .write_all(render::render(&[briefing], format).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct ServeArgs {
    /// The database: a SQLite file (created if missing) or a PostgreSQL
    /// database as postgres://user[:password]@host[:port]/name
    #[arg(long, default_value = "storyline.db", value_name = "DB")]
    db: PathBuf,
    /// Address to listen on
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR")]
    addr: std::net::SocketAddr,
    /// Require `Authorization: Bearer TOKEN` on writes (reads stay open)
    #[arg(long, value_name = "TOKEN", conflicts_with = "write_token_file")]
    write_token: Option<String>,
    /// As --write-token, reading the token from the first line of FILE (keeps it
    /// out of the process list)
    #[arg(long, value_name = "FILE")]
    write_token_file: Option<PathBuf>,
    /// Open connections beyond this are answered 503
    #[arg(long, default_value_t = 512, value_name = "N")]
    max_connections: usize,
    /// A request's headers must arrive within this many seconds; a keep-alive
    /// connection idle this long is closed
    #[arg(long, default_value_t = 10, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    header_timeout: u64,
    /// Also follow these sources (as `storyline watch --feeds FILE`), keeping the
    /// served stories current; `/api/sources` shows how each fares
    #[arg(long, value_name = "FILE")]
    watch: Option<PathBuf>,
    /// Append posted documents to this article log (nats://host:port), answered
    /// 202 once it holds them, for `storyline worker`s to extract and place
    #[arg(long, value_name = "URL")]
    log: Option<String>,
    #[command(flatten)]
    polling: crate::watch::PollingArgs,
    #[command(flatten)]
    briefing: BriefingArgs,
}

pub fn serve(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let write_token = match (&args.write_token, &args.write_token_file) {
        (Some(token), _) => Some(token.clone()),
        (None, Some(file)) => {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("cannot read the write token from {}", file.display()))?;
            let token = text.lines().next().unwrap_or("").trim().to_string();
            anyhow::ensure!(
                !token.is_empty(),
                "{}: the write token is empty",
                file.display()
            );
            Some(token)
        }
        (None, None) => None,
    };
    if let Some(token) = &write_token {
        anyhow::ensure!(
            token.len() >= 16,
            "the write token must be at least 16 characters long"
        );
    }
    if !args.addr.ip().is_loopback() && write_token.is_none() {
        eprintln!(
            "warning: listening on {} (beyond this machine) without a write token: anyone who can reach it can add articles; \
             give --write-token or --write-token-file",
            args.addr
        );
    }
    let engine = args.briefing.engine_options()?;
    let options = storyline_server::ServerOptions {
        write_token,
        max_connections: args.max_connections,
        header_timeout: std::time::Duration::from_secs(args.header_timeout),
        engine: engine.clone(),
        log: args.log.clone(),
        ..Default::default()
    };
    if let Some(feeds) = &args.watch {
        // The watch writes through its own connection; SQLite serialises it
        // with the server's writes, and the server's readers see each commit.
        let sources = crate::watch::read_sources(feeds)?;
        let watcher = storyline_watch::Watcher::new(sources, args.polling.options()?);
        let mut store = Store::open_with(&args.db, engine)?;
        let every = args.polling.every();
        std::thread::spawn(move || {
            if let Err(error) = crate::watch::follow(&watcher, &mut store, every, false) {
                eprintln!("error: the watch stopped: {error:#}");
            }
        });
    }
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    eprintln!(
        "serving {} on http://{}/",
        storyline_store::database_name(&args.db),
        args.addr
    );
    runtime
        .block_on(storyline_server::serve(args.db.clone(), args.addr, options))
        .with_context(|| format!("cannot serve on {}", args.addr))?;
    Ok(ExitCode::SUCCESS)
}
