//! The durable article log between intake and story placement.
//!
//! Beyond one machine, documents arrive faster than one process extracts them,
//! and whatever accepted them must not lose them when a worker dies. So intake
//! (`storyline ingest --log`) only appends documents to a log; stateless
//! extraction workers, any number of them, take documents from it, extract
//! and analyse them, and append the articles to a second topic, split into
//! partitions (by language); one placement worker per partition, elected
//! through the database, takes its partition's articles and writes them into
//! the store's stories. Each stage acknowledges a message only once its work is
//! durable downstream, so a worker killed at any moment leaves its messages to
//! be delivered again; each message carries a key (a document's content, an
//! article's words and source) by which the log drops a resend and the store
//! an article it already holds: every document is stored exactly once.
//!
//! Extraction workers finish in any order, so the articles reach their
//! partition shuffled; but which stories a batch of articles forms depends on
//! the batch and its order. So each article carries its document's
//! [position](Delivery::position) in the documents topic, the log says how far
//! extraction has got ([`ArticleLog::extracted_before`]), and [`InOrder`]
//! gives the placement worker the articles back in document order, in
//! windows of consecutive documents: the same stories whatever the number of
//! extraction workers, their speed, or their failures.
//!
//! The interface is narrow ([`ArticleLog`], [`Subscription`]) so that another
//! log (Kafka, say) can be added beside the one built: NATS JetStream
//! (`nats.rs`), reached through `async-nats` on a runtime of its own, since the
//! callers are synchronous.

use std::time::Duration;

pub use in_order::{InOrder, InOrderOptions};

mod in_order;
mod nats;
#[cfg(any(test, feature = "testing"))]
pub mod throwaway_nats;

/// Where a message goes: the documents to extract, or the extracted articles
/// of one partition.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Topic {
    Documents,
    Articles(String),
}

impl Topic {
    /// The articles of a language's partition ([`partition`]).
    pub fn articles(lang: &str) -> Topic {
        Topic::Articles(partition(lang))
    }
}

/// The partition of a language's articles: its code, or `und` for none
/// (letters, digits and `-` only, as a log's names allow).
pub fn partition(lang: &str) -> String {
    let code: String = lang
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if code.is_empty() {
        "und".to_string()
    } else {
        code
    }
}

/// One message to append.
#[derive(Debug, Clone)]
pub struct Message {
    pub topic: Topic,
    /// What makes two messages one: a second with the same key is dropped.
    pub key: String,
    pub payload: Vec<u8>,
    /// An article's document's [position](Delivery::position) (`None` for a
    /// document, which has its own).
    pub position: Option<u64>,
}

impl Message {
    /// A document to extract, keyed by its origin and content
    /// ([`RawDoc::content_key`](storyline::model::RawDoc::content_key)), so that appending it again is dropped.
    pub fn document(doc: &storyline::model::RawDoc) -> serde_json::Result<Message> {
        Ok(Message {
            topic: Topic::Documents,
            key: doc.content_key(),
            payload: serde_json::to_vec(doc)?,
            position: None,
        })
    }
}

/// What an append did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Appended {
    pub stored: usize,
    /// Dropped as resends of messages already in the log (the same key).
    pub duplicates: usize,
}

/// A message delivered to a subscriber, to be acknowledged once handled.
#[derive(Debug)]
pub struct Delivery {
    pub key: String,
    pub payload: Vec<u8>,
    /// How the subscription knows the message when it is acknowledged.
    pub id: u64,
    /// Where the message's document stands in the order the documents were
    /// appended, from 1: a document's own place in its topic, an article's
    /// document's (0 when the article's producer did not say).
    pub position: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error("log {url}: {message}")]
    Unreachable { url: String, message: String },
    #[error("log {url}: {what}: {message}")]
    Failed {
        url: String,
        what: &'static str,
        message: String,
    },
    #[error("{0} is not a log this build knows (nats://host:port)")]
    UnknownScheme(String),
}

impl LogError {
    /// A stable code for the kind of failure.
    pub fn code(&self) -> &'static str {
        match self {
            LogError::Unreachable { .. } => "log_unreachable",
            LogError::Failed { .. } => "log_failed",
            LogError::UnknownScheme(_) => "log_unknown",
        }
    }
}

pub type Result<T, E = LogError> = std::result::Result<T, E>;

/// A durable, partitioned log of messages.
pub trait ArticleLog: Send {
    /// Appends messages, each durable in the log when this returns.
    fn append(&self, messages: Vec<Message>) -> Result<Appended>;

    /// Joins the group of subscribers `group` on a topic: each message goes to
    /// one member, and again (to any member) when not acknowledged in time.
    fn subscribe(&self, topic: &Topic, group: &str) -> Result<Box<dyn Subscription>>;

    /// How far extraction has got: every document at a position below this
    /// one has been extracted, and its articles appended (an extraction worker
    /// acknowledges a document only then).
    fn extracted_before(&self) -> Result<u64>;
}

/// A member of a subscribers' group.
pub trait Subscription: Send {
    /// Up to `max` messages, waiting up to `wait` for the first.
    fn fetch(&mut self, max: usize, wait: Duration) -> Result<Vec<Delivery>>;

    /// Says the messages are handled: they are not delivered again.
    fn ack(&mut self, deliveries: &[Delivery]) -> Result<()>;

    /// Says the messages are still being handled (held back until their
    /// turn): they are not delivered again for another [`ACK_WAIT`].
    fn extend(&mut self, deliveries: &[&Delivery]) -> Result<()>;

    /// Messages of the topic not yet handled by the group (the log's lag).
    fn lag(&mut self) -> Result<u64>;
}

/// How long a delivered message waits for its acknowledgement before it is
/// delivered again (a worker that died holding it); a batch is handled well
/// within it.
pub const ACK_WAIT: Duration = Duration::from_secs(10);

/// The most messages the log delivers to one subscriber before some are
/// acknowledged: a bound of the log's own, above what a worker takes (a
/// placement worker holds articles while the documents before theirs are
/// extracted, at most a few windows' worth, [`InOrderOptions::max_held`]).
pub const MAX_UNACKNOWLEDGED: usize = 20_000;

/// Opens the log at `url` (`nats://host:port`), creating its topics if needed.
pub fn open(url: &str) -> Result<Box<dyn ArticleLog>> {
    if url.starts_with("nats://") {
        Ok(Box::new(nats::NatsLog::connect(url)?))
    } else {
        Err(LogError::UnknownScheme(url.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partitions_are_named_by_language_and_safe_as_names() {
        assert_eq!(Topic::articles("en"), Topic::Articles("en".into()));
        assert_eq!(Topic::articles("pt-BR"), Topic::Articles("pt-BR".into()));
        assert_eq!(Topic::articles("a.b>*"), Topic::Articles("ab".into()));
        assert_eq!(Topic::articles(""), Topic::Articles("und".into()));
        assert_eq!(
            open("kafka://broker:9092").err().map(|e| e.code()),
            Some("log_unknown")
        );
    }

    fn message(key: &str) -> Message {
        Message {
            topic: Topic::articles("en"),
            key: key.to_string(),
            payload: key.as_bytes().to_vec(),
            position: Some(7),
        }
    }

    #[test]
    #[ignore = "starts nats-server: cargo test -p storyline-log -- --ignored"]
    fn a_resend_is_dropped_and_nothing_is_lost_when_the_server_restarts() {
        let mut nats = throwaway_nats::ThrowawayNats::start("log").unwrap();
        let log = open(&nats.url()).unwrap();
        let appended = log
            .append(vec![message("a"), message("b"), message("a")])
            .unwrap();
        assert_eq!((appended.stored, appended.duplicates), (2, 1));
        let mut placer = log.subscribe(&Topic::articles("en"), "place-en").unwrap();
        let first = placer.fetch(10, Duration::from_secs(2)).unwrap();
        let keys: Vec<&str> = first.iter().map(|d| d.key.as_str()).collect();
        assert_eq!(keys, ["a", "b"]);
        assert_eq!(first[1].payload, b"b");
        assert_eq!(
            first[1].position, 7,
            "an article carries its document's position"
        );
        assert_eq!(placer.lag().unwrap(), 2, "delivered, not yet handled");
        placer.ack(&first).unwrap();
        assert_eq!(placer.lag().unwrap(), 0);
        // Handled and removed, and still known: a resend is dropped.
        assert_eq!(log.append(vec![message("a")]).unwrap().duplicates, 1);

        // What the log accepted survives a crash of its server; the clients
        // reconnect by themselves.
        log.append(vec![message("c")]).unwrap();
        nats.kill();
        nats.restart().unwrap();
        let mut after = Vec::new();
        for _ in 0..20 {
            match placer.fetch(10, Duration::from_secs(1)) {
                Ok(deliveries) if !deliveries.is_empty() => {
                    after = deliveries;
                    break;
                }
                _ => std::thread::sleep(Duration::from_millis(200)),
            }
        }
        let keys: Vec<&str> = after.iter().map(|d| d.key.as_str()).collect();
        assert_eq!(keys, ["c"]);
        placer.ack(&after).unwrap();
        // A partition's messages go to its own group only.
        let mut french = log.subscribe(&Topic::articles("fr"), "place-fr").unwrap();
        assert!(french
            .fetch(10, Duration::from_millis(200))
            .unwrap()
            .is_empty());

        // Documents are numbered as appended, and extraction has got as far
        // as the earliest document not yet acknowledged.
        assert_eq!(log.extracted_before().unwrap(), 1, "no document yet");
        let documents = ["d1", "d2", "d3"].map(|key| Message {
            topic: Topic::Documents,
            position: None,
            ..message(key)
        });
        log.append(documents.to_vec()).unwrap();
        let mut extractor = log.subscribe(&Topic::Documents, "extract").unwrap();
        let mut delivered = extractor.fetch(10, Duration::from_secs(2)).unwrap();
        let positions: Vec<u64> = delivered.iter().map(|d| d.position).collect();
        assert_eq!(positions, [1, 2, 3]);
        extractor.extend(&[&delivered[0]]).unwrap();
        let third = delivered.pop().unwrap();
        let second = delivered.pop().unwrap();
        extractor.ack(&[second]).unwrap();
        assert_eq!(log.extracted_before().unwrap(), 1, "document 1 is not done");
        extractor.ack(&delivered).unwrap();
        assert_eq!(log.extracted_before().unwrap(), 3);
        extractor.ack(&[third]).unwrap();
        assert_eq!(log.extracted_before().unwrap(), 4, "every document done");
    }
}
