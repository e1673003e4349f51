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
//!
//! A placement worker places its articles in the order of their documents,
//! in windows of `--batch` consecutive documents (`storyline_log::InOrder`):
//! the stories do not depend on how many extraction workers there are, how
//! fast each is, or which of them died.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use storyline::model::{Article, RawDoc};
use storyline_log::{Delivery, InOrder, InOrderOptions, LogError, Message, Subscription, Topic};
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
    /// Messages taken at once; for a placement worker, the documents in a
    /// window: the articles of that many consecutive documents are placed
    /// and committed as one, as `storyline ingest` commits 500 documents
    #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u64).range(1..))]
    batch: u64,
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

/// How long a placement worker holding articles waits for more before it
/// looks again at how far extraction has got.
const HELD_POLL: Duration = Duration::from_millis(50);

/// How long a fetch that only makes sure nothing more is waiting waits.
const DRAIN_WAIT: Duration = Duration::from_millis(5);

/// How many windows' worth of articles a placement worker holds at most.
/// Extraction workers append a window's articles within a batch or two of
/// each other, so four hold the earliest window whole; more would only be
/// held longer, each to be extended every few seconds, when placement is
/// behind extraction.
const WINDOWS_HELD: usize = 4;

/// How long a window of documents may stay open (documents arriving slowly,
/// an extraction worker died) before what is extracted of it is placed: the
/// longest a placed article waits for the rest of its window. Chosen as a
/// latency a reader following news does not notice, not fitted to data.
const PARTIAL_WINDOW_AFTER: Duration = Duration::from_secs(2);

/// How long a window may stay open before what is held of it is placed,
/// extracted or not: three times [`storyline_log::ACK_WAIT`], so that a killed
/// extraction worker's documents, delivered again after it, are waited for,
/// and a document whose extraction never finishes is not waited for forever.
const GIVE_UP_WINDOW_AFTER: Duration = Duration::from_secs(3 * storyline_log::ACK_WAIT.as_secs());

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

/// The payloads of deliveries that decode, each with its position; the others
/// are reported with their key and dropped (acknowledged with the batch), as
/// no retry can read them.
fn decode<'a, T: serde::de::DeserializeOwned>(
    deliveries: impl IntoIterator<Item = &'a Delivery>,
    what: &str,
) -> Vec<(u64, T)> {
    deliveries
        .into_iter()
        .filter_map(|delivery| match serde_json::from_slice(&delivery.payload) {
            Ok(value) => Some((delivery.position, value)),
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

/// The log being unreachable (restarting, say) is waited out: the batch in
/// hand is not acknowledged, so it comes again. Any other failure (the
/// database's) ends the worker, which a supervisor restarts: a placement
/// worker that lost its connection has lost its partition too.
fn wait_out(error: &dyn std::fmt::Display) {
    eprintln!("warning: {error}; trying again");
    std::thread::sleep(LOG_RETRY);
}

/// Whether a worker that has had nothing to do since `idle_since` stops.
fn idle_long_enough(args: &LogArgs, idle_since: Instant) -> bool {
    args.exit_when_idle
        .is_some_and(|limit| idle_since.elapsed().as_secs_f64() >= limit)
}

/// Takes batches from a subscription and hands them to `work` until stopped,
/// or until the log has been idle for `exit_when_idle` ([`wait_out`] says
/// which failures end it).
fn consume(
    subscription: &mut dyn Subscription,
    args: &LogArgs,
    mut work: impl FnMut(&[Delivery]) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut idle_since = Instant::now();
    loop {
        let deliveries = match subscription.fetch(args.batch as usize, FETCH_WAIT) {
            Ok(deliveries) => deliveries,
            Err(error) => {
                wait_out(&error);
                continue;
            }
        };
        if deliveries.is_empty() {
            if idle_long_enough(args, idle_since) {
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
    consume(subscription.as_mut(), &args.log, |deliveries| {
        let docs: Vec<(u64, RawDoc)> = decode(deliveries, "a document");
        let documents_of = Documents::of(&docs);
        let (extracted, skipped) = engine.extract(docs.into_iter().map(|(_, doc)| doc).collect());
        crate::report(&skipped);
        let messages = extracted
            .iter()
            .map(|article| documents_of.message(article))
            .collect::<anyhow::Result<Vec<_>>>()?;
        documents += deliveries.len();
        articles += messages.len();
        log.append(messages)?;
        eprintln!("extracted: {documents} documents, {articles} articles");
        Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Where a batch's documents stand in the log and what they are keyed by, by
/// origin: an article is appended with its document's. Two documents of one
/// origin in a batch (a page appended again after it changed) leave their
/// articles no document key to tell them apart.
struct Documents(HashMap<String, (u64, Option<String>)>);

impl Documents {
    fn of(docs: &[(u64, RawDoc)]) -> Documents {
        let mut by_origin: HashMap<String, (u64, Option<String>)> = HashMap::new();
        for (position, doc) in docs {
            by_origin
                .entry(doc.origin.clone())
                .and_modify(|(earliest, key)| {
                    *earliest = (*earliest).min(*position);
                    *key = None;
                })
                .or_insert((*position, Some(doc.content_key())));
        }
        Documents(by_origin)
    }

    /// An article's message: it says where its document stands, for its
    /// placement, and is keyed by its document (its origin and content), not
    /// by its own words. Extraction reads a batch together (lines every page
    /// of the batch repeats are dropped as the site's), so a document
    /// delivered again after a worker died, in another batch, can come out in
    /// other words: keyed by those, it would be appended and stored a second
    /// time. An article without a document key keeps its own.
    fn message(&self, article: &Article) -> anyhow::Result<Message> {
        let document = self.0.get(&article.origin);
        Ok(Message {
            topic: Topic::articles(&article.lang),
            key: match document {
                Some((_, Some(key))) => format!("document-{key}"),
                _ => storyline_store::stored_key(article),
            },
            position: document.map(|(position, _)| *position),
            payload: serde_json::to_vec(article)?,
        })
    }
}

fn place(args: PlaceArgs) -> anyhow::Result<ExitCode> {
    let log = storyline_log::open(&args.log.log)?;
    let mut store = Store::open_with(&args.db, args.briefing.engine_options()?)?;
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
    let mut in_order = InOrder::new(InOrderOptions {
        window: args.log.batch,
        partial_after: PARTIAL_WINDOW_AFTER,
        give_up_after: GIVE_UP_WINDOW_AFTER,
        max_held: (args.log.batch as usize)
            .saturating_mul(WINDOWS_HELD)
            .min(storyline_log::MAX_UNACKNOWLEDGED),
    });
    let (mut added, mut duplicates) = (0usize, 0usize);
    let mut idle_since = Instant::now();
    loop {
        // How far extraction has got, then every article appended before
        // that: what is due can be placed in document order.
        let extracted_before = match log.extracted_before() {
            Ok(position) => position,
            Err(error) => {
                wait_out(&error);
                continue;
            }
        };
        let fetched = match fetch_all_waiting(subscription.as_mut(), &mut in_order, args.log.batch)
        {
            Ok(fetched) => fetched,
            Err(error) => {
                wait_out(&error);
                continue;
            }
        };
        let now = Instant::now();
        let due = in_order.take_due(extracted_before, now);
        if !due.is_empty() {
            let articles: Vec<Article> = decode(due.iter().map(|copies| &copies[0]), "an article")
                .into_iter()
                .map(|(_, article)| article)
                .collect();
            let report = store.ingest_articles(articles)?;
            added += report.added;
            duplicates += report.duplicates;
            eprintln!("placed: {added} articles, {duplicates} already stored");
            let placed: Vec<Delivery> = due.into_iter().flatten().collect();
            if let Err(error) = subscription.ack(&placed) {
                wait_out(&error);
            }
            idle_since = now;
            continue;
        }
        let held_long = in_order.due_extension(storyline_log::ACK_WAIT / 3, now);
        if !held_long.is_empty() {
            if let Err(error) = subscription.extend(&held_long) {
                wait_out(&error);
            }
        }
        if fetched > 0 || !in_order.is_empty() {
            idle_since = now;
            continue;
        }
        let briefed = store.brief_stale(BRIEFINGS_WHEN_IDLE)?;
        for (story, error) in &briefed.failed {
            eprintln!("error: story {story} could not be briefed: {error}");
        }
        if briefed.written > 0 {
            idle_since = Instant::now();
        } else if idle_long_enough(&args.log, idle_since) {
            return Ok(ExitCode::SUCCESS);
        }
    }
}

/// Fetches into `in_order` every message waiting, as far as it has room;
/// returns how many. The first fetch waits for messages (briefly when some
/// are held already), the others only make sure none is left.
fn fetch_all_waiting(
    subscription: &mut dyn Subscription,
    in_order: &mut InOrder,
    batch: u64,
) -> storyline_log::Result<usize> {
    let mut wait = if in_order.is_empty() {
        FETCH_WAIT
    } else {
        HELD_POLL
    };
    let mut fetched = 0;
    loop {
        let want = in_order.room().min(batch as usize);
        if want == 0 {
            return Ok(fetched);
        }
        let deliveries = subscription.fetch(want, wait)?;
        let got = deliveries.len();
        fetched += got;
        in_order.hold(deliveries, Instant::now());
        if got < want {
            return Ok(fetched);
        }
        wait = DRAIN_WAIT;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline::model::{Format, GivenMeta};

    fn document(origin: &str, content: &str) -> RawDoc {
        RawDoc {
            origin: origin.to_string(),
            format: Format::Text,
            content: content.to_string(),
            given: GivenMeta::default(),
        }
    }

    #[test]
    fn a_document_extracted_again_in_another_batch_keeps_its_key() {
        let wire = "The council voted on Monday to close the old mine, ending a dispute that had run for six years and cost the town dearly.";
        let footer = "Get the Daily Brief in your inbox";
        let page = document("a.txt", &format!("Mine to close\n\n{wire}\n\n{footer}"));
        let other = document(
            "b.txt",
            &format!("Council closes mine\n\n{wire}\n\n{footer}"),
        );
        let engine = storyline::Engine::new(storyline::EngineOptions::briefing());
        let keyed = |docs: Vec<(u64, RawDoc)>| {
            let documents = Documents::of(&docs);
            let (articles, _) = engine.extract(docs.into_iter().map(|(_, doc)| doc).collect());
            let article = articles.into_iter().find(|a| a.origin == "a.txt").unwrap();
            let message = documents.message(&article).unwrap();
            (article.text, message.key, message.position)
        };
        let (together, key_together, position_together) =
            keyed(vec![(7, page.clone()), (8, other)]);
        let (alone, key_alone, position_alone) = keyed(vec![(7, page)]);
        // Read with the other page, the footer both repeat is dropped.
        assert_ne!(together, alone);
        assert_eq!(key_together, key_alone);
        assert_eq!((position_together, position_alone), (Some(7), Some(7)));
    }

    #[test]
    fn two_documents_of_one_origin_in_a_batch_keep_their_articles_apart() {
        let first = document("page.html", "Mine to close\n\nThe council voted on Monday to close the old mine after six years of dispute.");
        let changed = document("page.html", "Mine to close\n\nThe council voted on Monday to close the old mine; the owners will appeal the decision.");
        let docs = vec![(3, first), (5, changed)];
        let documents = Documents::of(&docs);
        let engine = storyline::Engine::new(storyline::EngineOptions::briefing());
        let (articles, _) = engine.extract(docs.into_iter().map(|(_, doc)| doc).collect());
        let messages: Vec<Message> = articles
            .iter()
            .map(|article| documents.message(article).unwrap())
            .collect();
        assert_eq!(messages.len(), 2);
        assert_ne!(messages[0].key, messages[1].key);
        assert!(messages.iter().all(|m| m.position == Some(3)));
    }
}
