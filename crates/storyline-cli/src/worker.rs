//! `storyline worker extract | place`: the stages behind the article log
//! (`storyline-log`), each a process of its own, so that extraction runs on as
//! many machines as the documents need and placement on one owner per
//! partition.
//!
//! A worker acknowledges a batch only once its output is durable (the articles
//! appended to the log; the articles committed to the store), so a worker
//! killed at any moment leaves its batch to be delivered again, and keys make
//! the second delivery harmless: the log drops an article appended twice, the
//! store an article it holds.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use storyline::model::{Article, RawDoc};
use storyline_log::{Delivery, LogError, Message, Subscription, Topic};
use storyline_store::Store;

use crate::BriefingArgs;

#[derive(clap::Subcommand)]
pub enum WorkerCommand {
    /// Extract the log's documents into articles, appended to their language's
    /// partition (stateless: run as many as the documents need)
    #[command(after_help = "Example:
  storyline worker extract --log nats://127.0.0.1:4222")]
    Extract(ExtractArgs),
    /// Own a partition of the log (elected through the database: one owner at
    /// a time, another taking over when it dies) and place its articles into
    /// the stored stories
    #[command(after_help = "Example:
  storyline worker place --partition en --log nats://127.0.0.1:4222 --db postgres://news@db/corpus")]
    Place(PlaceArgs),
}

#[derive(clap::Args)]
pub struct LogArgs {
    /// The article log (nats://host:port)
    #[arg(long, value_name = "URL")]
    log: String,
    /// Messages taken at once: a placement worker's batch is placed and
    /// committed as one, as `storyline ingest` commits 500 documents
    #[arg(long, default_value_t = 500)]
    batch: usize,
    /// Stop once the log has had nothing for this long (default: run until stopped)
    #[arg(long, value_name = "SECONDS")]
    exit_when_idle: Option<f64>,
}

#[derive(clap::Args)]
pub struct ExtractArgs {
    #[command(flatten)]
    log: LogArgs,
}

#[derive(clap::Args)]
pub struct PlaceArgs {
    #[command(flatten)]
    log: LogArgs,
    /// The partition to place: a language's code (`und` for none)
    #[arg(long)]
    partition: String,
    /// The database: PostgreSQL (postgres://…), where partitions are owned
    #[arg(long, value_name = "DB")]
    db: PathBuf,
    #[command(flatten)]
    briefing: BriefingArgs,
}

/// How long a fetch waits for messages before the worker does idle work.
const FETCH_WAIT: Duration = Duration::from_secs(1);

/// How long a worker waits before trying an unreachable log again.
const LOG_RETRY: Duration = Duration::from_secs(1);

/// How often a waiting placement worker asks whether its partition is free.
const CLAIM_INTERVAL: Duration = Duration::from_millis(500);

/// Stories briefed at a time by a placement worker with nothing to place.
const BRIEFINGS_WHEN_IDLE: usize = 64;

pub fn run(command: WorkerCommand) -> anyhow::Result<ExitCode> {
    match command {
        WorkerCommand::Extract(args) => extract(args),
        WorkerCommand::Place(args) => place(args),
    }
}

/// The payloads of deliveries that decode; the others are reported with their
/// key and dropped (acknowledged with the batch), as no retry can read them.
fn decode<T: serde::de::DeserializeOwned>(deliveries: &[Delivery], what: &str) -> Vec<T> {
    deliveries
        .iter()
        .filter_map(|delivery| match serde_json::from_slice(&delivery.payload) {
            Ok(value) => Some(value),
            Err(error) => {
                eprintln!(
                    "error: message {} is not {what}: {error}; dropped",
                    delivery.key
                );
                None
            }
        })
        .collect()
}

/// Takes batches from a subscription and hands them to `work` until stopped,
/// or until the log has been idle for `exit_when_idle`; `idle` runs whenever a
/// fetch finds nothing, and says whether it did something.
///
/// The log being unreachable (restarting, say) is waited out: the batch in
/// hand is not acknowledged, so it comes again. Any other failure (the
/// database's) ends the worker, which a supervisor restarts: a placement
/// worker that lost its connection has lost its partition too.
fn consume(
    subscription: &mut dyn Subscription,
    args: &LogArgs,
    mut work: impl FnMut(&[Delivery]) -> anyhow::Result<()>,
    mut idle: impl FnMut() -> anyhow::Result<bool>,
) -> anyhow::Result<()> {
    let wait_out = |error: &dyn std::fmt::Display| {
        eprintln!("warning: {error}; trying again");
        std::thread::sleep(LOG_RETRY);
    };
    let mut idle_since = Instant::now();
    loop {
        let deliveries = match subscription.fetch(args.batch, FETCH_WAIT) {
            Ok(deliveries) => deliveries,
            Err(error) => {
                wait_out(&error);
                continue;
            }
        };
        if deliveries.is_empty() {
            if idle()? {
                idle_since = Instant::now();
            } else if args
                .exit_when_idle
                .is_some_and(|limit| idle_since.elapsed().as_secs_f64() >= limit)
            {
                return Ok(());
            }
            continue;
        }
        match work(&deliveries) {
            Ok(()) => {}
            Err(error) if error.downcast_ref::<LogError>().is_some() => {
                wait_out(&error);
                continue;
            }
            Err(error) => return Err(error),
        }
        if let Err(error) = subscription.ack(&deliveries) {
            wait_out(&error);
        }
        idle_since = Instant::now();
    }
}

fn extract(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    let log = storyline_log::open(&args.log.log)?;
    let engine = storyline::Engine::new(storyline::EngineOptions::briefing());
    let mut subscription = log.subscribe(&Topic::Documents, "extract")?;
    let (mut documents, mut articles) = (0usize, 0usize);
    consume(
        subscription.as_mut(),
        &args.log,
        |deliveries| {
            let (extracted, skipped) = engine.extract(decode::<RawDoc>(deliveries, "a document"));
            crate::report(&skipped);
            let messages = extracted
                .into_iter()
                .map(|article| {
                    Ok(Message {
                        topic: Topic::articles(&article.lang),
                        key: storyline_store::stored_key(&article),
                        payload: serde_json::to_vec(&article)?,
                    })
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            documents += deliveries.len();
            articles += messages.len();
            log.append(messages)?;
            eprintln!("extracted: {documents} documents, {articles} articles");
            Ok(())
        },
        || Ok(false),
    )?;
    Ok(ExitCode::SUCCESS)
}

fn place(args: PlaceArgs) -> anyhow::Result<ExitCode> {
    let log = storyline_log::open(&args.log.log)?;
    let mut store = Store::open_with(&args.db, args.briefing.engine_options())?;
    store.defer_briefings(true);
    let partition = storyline_log::partition(&args.partition);
    let mut waiting = false;
    while !store.claim_partition(&partition)? {
        if !waiting {
            eprintln!("waiting: partition {partition} has another owner");
            waiting = true;
        }
        std::thread::sleep(CLAIM_INTERVAL);
    }
    eprintln!("owner of partition {partition}");
    let mut subscription = log.subscribe(
        &Topic::Articles(partition.clone()),
        &format!("place-{partition}"),
    )?;
    let (mut added, mut duplicates) = (0usize, 0usize);
    let store = std::cell::RefCell::new(store);
    consume(
        subscription.as_mut(),
        &args.log,
        |deliveries| {
            let articles: Vec<Article> = decode(deliveries, "an article");
            let report = store.borrow_mut().ingest_articles(articles)?;
            added += report.added;
            duplicates += report.duplicates;
            eprintln!("placed: {added} articles, {duplicates} already stored");
            Ok(())
        },
        || {
            let briefed = store.borrow_mut().brief_stale(BRIEFINGS_WHEN_IDLE)?;
            for (story, error) in &briefed.failed {
                eprintln!("error: story {story} could not be briefed: {error}");
            }
            Ok(briefed.written > 0)
        },
    )?;
    Ok(ExitCode::SUCCESS)
}
