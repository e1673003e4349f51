//! The log on NATS JetStream: two streams, each a work queue (a message is
//! removed once its group acknowledges it, so the log holds only what is still
//! to be done), on disk, with the publisher's key as JetStream's message id,
//! by which the stream drops a resend within its duplicate window.

use std::collections::HashMap;
use std::time::Duration;

use async_nats::jetstream::{self, consumer, context::Publish, stream};
use futures_util::StreamExt;

use crate::{Appended, ArticleLog, Delivery, LogError, Message, Result, Subscription, Topic};

const DOCUMENTS_STREAM: &str = "STORYLINE_DOCUMENTS";
const DOCUMENTS_SUBJECT: &str = "storyline.documents";
const ARTICLES_STREAM: &str = "STORYLINE_ARTICLES";
const ARTICLES_SUBJECTS: &str = "storyline.articles.>";

/// How long the streams remember a key to drop its resends. A resend later
/// than this, or after the log's server restarted (which remembers only the
/// keys of messages still held), is appended again, and found stored by the
/// store.
const DUPLICATE_WINDOW: Duration = Duration::from_secs(3600);

/// The header a message's key travels in to its subscriber (JetStream reads
/// its own copy, the message id, to drop resends).
const KEY_HEADER: &str = "Storyline-Key";

/// How long past a fetch's wait its batch may take to end before the
/// subscriber ends it (at least the wait itself).
const FETCH_GRACE: Duration = Duration::from_millis(250);

/// The header an article's document's position travels in.
const POSITION_HEADER: &str = "Storyline-Position";

fn subject(topic: &Topic) -> String {
    match topic {
        Topic::Documents => DOCUMENTS_SUBJECT.to_string(),
        Topic::Articles(partition) => format!("storyline.articles.{partition}"),
    }
}

/// The runtime the client runs on, of the log's own since its callers are
/// synchronous. It may be dropped on a thread that drives async tasks (a
/// server's state, dropped at shutdown), where a runtime must not block: it
/// is shut down in the background.
struct OwnRuntime {
    url: String,
    runtime: Option<tokio::runtime::Runtime>,
}

impl OwnRuntime {
    fn run<T>(&self, work: impl std::future::Future<Output = Result<T>>) -> Result<T> {
        match &self.runtime {
            Some(runtime) => runtime.block_on(work),
            None => Err(LogError::Failed {
                url: self.url.clone(),
                what: "running",
                message: "the log's connection is closed".to_string(),
            }),
        }
    }
}

impl Drop for OwnRuntime {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

pub(crate) struct NatsLog {
    url: String,
    runtime: std::sync::Arc<OwnRuntime>,
    jetstream: jetstream::Context,
}

impl NatsLog {
    pub(crate) fn connect(url: &str) -> Result<NatsLog> {
        let unreachable = |message: String| LogError::Unreachable {
            url: url.to_string(),
            message,
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| unreachable(e.to_string()))?;
        let address = url.trim_start_matches("nats://").to_string();
        let runtime = OwnRuntime {
            url: url.to_string(),
            runtime: Some(runtime),
        };
        let jetstream = runtime.run(async {
            let client = async_nats::ConnectOptions::new()
                .connection_timeout(Duration::from_secs(10))
                .connect(address)
                .await
                .map_err(|e| unreachable(e.to_string()))?;
            let jetstream = jetstream::new(client);
            for (name, subjects) in [
                (DOCUMENTS_STREAM, DOCUMENTS_SUBJECT),
                (ARTICLES_STREAM, ARTICLES_SUBJECTS),
            ] {
                jetstream
                    .get_or_create_stream(stream::Config {
                        name: name.to_string(),
                        subjects: vec![subjects.to_string()],
                        retention: stream::RetentionPolicy::WorkQueue,
                        storage: stream::StorageType::File,
                        duplicate_window: DUPLICATE_WINDOW,
                        ..Default::default()
                    })
                    .await
                    .map_err(|e| unreachable(format!("stream {name}: {e}")))?;
            }
            Ok::<_, LogError>(jetstream)
        })?;
        Ok(NatsLog {
            url: url.to_string(),
            runtime: std::sync::Arc::new(runtime),
            jetstream,
        })
    }
}

/// A failure of the log at `url` while doing `what`.
fn failure(url: &str, what: &'static str) -> impl Fn(String) -> LogError {
    let url = url.to_string();
    move |message| LogError::Failed {
        url: url.clone(),
        what,
        message,
    }
}

impl ArticleLog for NatsLog {
    fn append(&self, messages: Vec<Message>) -> Result<Appended> {
        let failed = failure(&self.url, "appending");
        self.runtime.run(async {
            // Every message is sent before any acknowledgement is awaited: one
            // round trip for the batch, not one per message.
            let mut pending = Vec::with_capacity(messages.len());
            for message in messages {
                let mut headers = async_nats::HeaderMap::new();
                headers.insert(KEY_HEADER, message.key.as_str());
                if let Some(position) = message.position {
                    headers.insert(POSITION_HEADER, position.to_string().as_str());
                }
                let publish = Publish::build()
                    .payload(message.payload.into())
                    .headers(headers)
                    .message_id(&message.key);
                let sent = self
                    .jetstream
                    .send_publish(subject(&message.topic), publish)
                    .await
                    .map_err(|e| failed(e.to_string()))?;
                pending.push(sent);
            }
            let mut appended = Appended::default();
            for sent in pending {
                let ack = sent.await.map_err(|e| failed(e.to_string()))?;
                if ack.duplicate {
                    appended.duplicates += 1;
                } else {
                    appended.stored += 1;
                }
            }
            Ok(appended)
        })
    }

    fn subscribe(&self, topic: &Topic, group: &str) -> Result<Box<dyn Subscription>> {
        let stream_name = match topic {
            Topic::Documents => DOCUMENTS_STREAM,
            Topic::Articles(_) => ARTICLES_STREAM,
        };
        let failed = failure(&self.url, "subscribing");
        let consumer = self.runtime.run(async {
            let stream = self
                .jetstream
                .get_stream(stream_name)
                .await
                .map_err(|e| failed(e.to_string()))?;
            // Created, or brought to this configuration if it was made by an
            // earlier version.
            stream
                .create_consumer(consumer::pull::Config {
                    durable_name: Some(group.to_string()),
                    filter_subject: subject(topic),
                    ack_policy: consumer::AckPolicy::Explicit,
                    ack_wait: crate::ACK_WAIT,
                    max_ack_pending: crate::MAX_UNACKNOWLEDGED as i64,
                    ..Default::default()
                })
                .await
                .map_err(|e| failed(e.to_string()))
        })?;
        Ok(Box::new(NatsSubscription {
            url: self.url.clone(),
            topic: topic.clone(),
            runtime: self.runtime.clone(),
            consumer,
            unacknowledged: HashMap::new(),
            next_id: 0,
        }))
    }

    fn extracted_before(&self) -> Result<u64> {
        let failed = failure(&self.url, "reading the documents' state");
        self.runtime.run(async {
            // Getting the stream reads its state: one round trip.
            let stream = self
                .jetstream
                .get_stream(DOCUMENTS_STREAM)
                .await
                .map_err(|e| failed(e.to_string()))?;
            let state = &stream.cached_info().state;
            // A work queue keeps only what is still to be done: its first
            // message is the earliest document not yet extracted (one past the
            // last when none waits, so 1 when none was ever appended).
            Ok(if state.messages == 0 {
                state.last_sequence + 1
            } else {
                state.first_sequence
            })
        })
    }
}

struct NatsSubscription {
    url: String,
    topic: Topic,
    runtime: std::sync::Arc<OwnRuntime>,
    consumer: consumer::PullConsumer,
    /// Messages delivered and not yet acknowledged, by [`Delivery::id`].
    unacknowledged: HashMap<u64, jetstream::Message>,
    next_id: u64,
}

impl Subscription for NatsSubscription {
    fn fetch(&mut self, max: usize, wait: Duration) -> Result<Vec<Delivery>> {
        let failed = failure(&self.url, "fetching");
        let messages = self.runtime.run(async {
            let mut batch = self
                .consumer
                .fetch()
                .max_messages(max)
                .expires(wait)
                .messages()
                .await
                .map_err(|e| failed(e.to_string()))?;
            // The server ends a batch when it expires, but not always on time
            // (the client's own fallback waits five seconds more): a worker
            // waiting on it stalls. So the batch ends at a deadline of ours
            // too; a message the server sends after it is delivered again
            // after `ACK_WAIT`.
            let deadline = tokio::time::Instant::now() + wait + wait.max(FETCH_GRACE);
            let mut messages = Vec::new();
            while let Ok(Some(message)) = tokio::time::timeout_at(deadline, batch.next()).await {
                messages.push(message.map_err(|e| failed(e.to_string()))?);
            }
            Ok::<_, LogError>(messages)
        })?;
        Ok(messages
            .into_iter()
            .map(|message| {
                let header = |name: &str| {
                    message
                        .headers
                        .as_ref()
                        .and_then(|headers| headers.get(name))
                        .map(|value| value.as_str().to_string())
                };
                let key = header(KEY_HEADER).unwrap_or_default();
                let position = match self.topic {
                    Topic::Documents => message.info().map_or(0, |info| info.stream_sequence),
                    Topic::Articles(_) => header(POSITION_HEADER)
                        .and_then(|position| position.parse().ok())
                        .unwrap_or(0),
                };
                let payload = message.payload.to_vec();
                let id = self.next_id;
                self.next_id += 1;
                self.unacknowledged.insert(id, message);
                Delivery {
                    key,
                    payload,
                    id,
                    position,
                }
            })
            .collect())
    }

    fn ack(&mut self, deliveries: &[Delivery]) -> Result<()> {
        let messages: Vec<jetstream::Message> = deliveries
            .iter()
            .filter_map(|delivery| self.unacknowledged.remove(&delivery.id))
            .collect();
        let failed = failure(&self.url, "acknowledging");
        self.runtime.run(async {
            // Confirmed by the server, so that a message reported handled is
            // not delivered again.
            for message in &messages {
                message
                    .double_ack()
                    .await
                    .map_err(|e| failed(e.to_string()))?;
            }
            Ok(())
        })
    }

    fn extend(&mut self, deliveries: &[&Delivery]) -> Result<()> {
        let failed = failure(&self.url, "extending");
        let messages: Vec<&jetstream::Message> = deliveries
            .iter()
            .filter_map(|delivery| self.unacknowledged.get(&delivery.id))
            .collect();
        self.runtime.run(async {
            for message in messages {
                message
                    .ack_with(jetstream::AckKind::Progress)
                    .await
                    .map_err(|e| failed(e.to_string()))?;
            }
            Ok(())
        })
    }

    fn lag(&mut self) -> Result<u64> {
        let failed = failure(&self.url, "reading the lag");
        self.runtime.run(async {
            let info = self
                .consumer
                .info()
                .await
                .map_err(|e| failed(e.to_string()))?;
            Ok(info.num_pending + info.num_ack_pending as u64)
        })
    }
}
