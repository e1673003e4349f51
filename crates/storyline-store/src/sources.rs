//! What a watch over feeds and sites has followed and fetched.
//!
//! `storyline watch` must resume after a restart without fetching anything
//! again, and a user must see how each source is doing, so its state lives in
//! the corpus it feeds: one row per source (the feed found for it, the
//! validators of its last answer for conditional requests, its last success
//! and error, what it brought) and one row per fetched URL (its canonical form,
//! what became of it). The watcher decides; this module only keeps.

use serde::Serialize;

use crate::sql::args;
use crate::{begin_write, Result, Store};

/// A source as followed: what a status view shows, and the validators the next
/// poll sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceStatus {
    /// As the user listed it.
    pub url: String,
    /// The feed found on the page, for a site listed by its address.
    pub feed: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// When it was last polled, and last polled without an error (UTC, RFC 3339).
    pub last_polled: Option<String>,
    pub last_success: Option<String>,
    /// The last error and when it happened (kept after a later success).
    pub last_error: Option<String>,
    pub last_error_at: Option<String>,
    /// Feed items read, and articles stored from them, over all polls.
    pub items_seen: i64,
    pub articles_added: i64,
}

/// The outcome of one poll of a source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourcePoll {
    pub url: String,
    pub feed: Option<String>,
    /// The validators of the feed's answer: `None` keeps the stored ones (an
    /// unchanged feed, or a failed poll).
    pub validators: Option<(Option<String>, Option<String>)>,
    /// The feed was read (or answered that it had not changed).
    pub ok: bool,
    /// What went wrong: with the feed, or with some of its pages.
    pub error: Option<String>,
    pub items_seen: i64,
    pub articles_added: i64,
}

/// A URL fetched (or refused) for a source, in canonical form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetch {
    pub url: String,
    pub source: String,
    pub outcome: FetchOutcome,
}

/// What became of a fetched URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchOutcome {
    /// Stored as this article.
    Stored(i64),
    /// Its article was stored already (under another address, or from another item).
    AlreadyStored,
    /// Not fetched, and not to be: `robots.txt` forbids it, say.
    Refused(String),
    /// Extracted, but no article came out of it.
    Empty(String),
    /// The fetch failed; a later poll tries again, up to a limit.
    Failed(String),
}

impl FetchOutcome {
    fn describe(&self) -> String {
        match self {
            FetchOutcome::Stored(_) => "stored".to_string(),
            FetchOutcome::AlreadyStored => "already stored".to_string(),
            FetchOutcome::Refused(why) => format!("refused: {why}"),
            FetchOutcome::Empty(why) => format!("no article: {why}"),
            FetchOutcome::Failed(why) => format!("failed: {why}"),
        }
    }
}

/// Now, as stored: UTC, RFC 3339, to the second.
fn now() -> String {
    chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now())
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

impl Store {
    /// One followed source, if it was ever polled.
    pub fn source(&self, url: &str) -> Result<Option<SourceStatus>> {
        Ok(self.source_rows(Some(url))?.into_iter().next())
    }

    /// Every followed source, in address order.
    pub fn sources(&self) -> Result<Vec<SourceStatus>> {
        self.source_rows(None)
    }

    fn source_rows(&self, url: Option<&str>) -> Result<Vec<SourceStatus>> {
        self.connection
            .query(
                "SELECT url, feed, etag, last_modified, last_polled, last_success, last_error,
                        last_error_at, items_seen, articles_added
                 FROM sources WHERE CAST(?1 AS TEXT) IS NULL OR url = ?1 ORDER BY url",
                args![url],
            )
            .and_then(|rows| {
                rows.into_iter()
                    .map(|mut r| {
                        Ok(SourceStatus {
                            url: r.text(0)?,
                            feed: r.opt_text(1)?,
                            etag: r.opt_text(2)?,
                            last_modified: r.opt_text(3)?,
                            last_polled: r.opt_text(4)?,
                            last_success: r.opt_text(5)?,
                            last_error: r.opt_text(6)?,
                            last_error_at: r.opt_text(7)?,
                            items_seen: r.int(8)?,
                            articles_added: r.int(9)?,
                        })
                    })
                    .collect()
            })
            .map_err(|e| self.fail(e))
    }

    /// True when a URL (in canonical form) is still to be fetched: never
    /// fetched, or failed fewer than `attempts` times.
    pub fn needs_fetch(&self, url: &str, attempts: u32) -> Result<bool> {
        let row = self
            .connection
            .query_row(
                "SELECT outcome, attempts FROM fetched WHERE url = ?1",
                args![url],
            )
            .and_then(|row| row.map(|mut r| Ok((r.text(0)?, r.int(1)?))).transpose())
            .map_err(|e| self.fail(e))?;
        Ok(match row {
            None => true,
            Some((outcome, tried)) => outcome.starts_with("failed") && tried < i64::from(attempts),
        })
    }

    /// How many of a source's pages failed and may be tried again (fewer than
    /// `attempts` tries so far).
    pub fn pages_to_retry(&self, source: &str, attempts: u32) -> Result<i64> {
        self.connection
            .query_int(
                "SELECT COUNT(*) FROM fetched
                 WHERE source = ?1 AND outcome LIKE 'failed%' AND attempts < ?2",
                args![source, i64::from(attempts)],
            )
            .map_err(|e| self.fail(e))
    }

    /// Records one poll: what became of each URL fetched, and each source's
    /// outcome, in one transaction.
    pub fn record_watch(&mut self, fetches: &[Fetch], polls: &[SourcePoll]) -> Result<()> {
        let fail = crate::database_error(&self.path);
        let transaction = begin_write(&self.connection, &self.path, self.lock_wait)?;
        let now = now();
        for fetch in fetches {
            let article = match fetch.outcome {
                FetchOutcome::Stored(id) => Some(id),
                _ => None,
            };
            transaction
                .execute(
                    "INSERT INTO fetched (url, source, fetched_at, outcome, attempts, article)
                     VALUES (?1, ?2, ?3, ?4, 1, ?5)
                     ON CONFLICT(url) DO UPDATE SET
                         fetched_at = excluded.fetched_at, outcome = excluded.outcome,
                         attempts = fetched.attempts + 1,
                         article = COALESCE(excluded.article, fetched.article)",
                    args![
                        &fetch.url,
                        &fetch.source,
                        &now,
                        &fetch.outcome.describe(),
                        article
                    ],
                )
                .map_err(fail)?;
        }
        for poll in polls {
            let (validators_known, etag, last_modified) = match &poll.validators {
                Some((etag, last_modified)) => (true, etag.clone(), last_modified.clone()),
                None => (false, None, None),
            };
            let success = poll.ok.then(|| now.clone());
            let error_at = poll.error.as_ref().map(|_| now.clone());
            transaction
                .execute(
                    "INSERT INTO sources (url, feed, etag, last_modified, last_polled, last_success,
                                          last_error, last_error_at, items_seen, articles_added)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                     ON CONFLICT(url) DO UPDATE SET
                         feed = COALESCE(excluded.feed, sources.feed),
                         etag = CASE WHEN ?11 THEN excluded.etag ELSE sources.etag END,
                         last_modified = CASE WHEN ?11 THEN excluded.last_modified
                                              ELSE sources.last_modified END,
                         last_polled = excluded.last_polled,
                         last_success = COALESCE(excluded.last_success, sources.last_success),
                         last_error = COALESCE(excluded.last_error, sources.last_error),
                         last_error_at = COALESCE(excluded.last_error_at, sources.last_error_at),
                         items_seen = sources.items_seen + excluded.items_seen,
                         articles_added = sources.articles_added + excluded.articles_added",
                    args![
                        &poll.url,
                        &poll.feed,
                        &etag,
                        &last_modified,
                        &now,
                        &success,
                        &poll.error,
                        &error_at,
                        poll.items_seen,
                        poll.articles_added,
                        validators_known,
                    ],
                )
                .map_err(fail)?;
        }
        transaction.commit().map_err(fail)
    }

    /// The highest article id stored (0 for none): articles stored later have
    /// higher ones.
    pub fn last_article_id(&self) -> Result<i64> {
        self.connection
            .query_int("SELECT COALESCE(MAX(id), 0) FROM articles", &[])
            .map_err(|e| self.fail(e))
    }

    /// How many URLs were fetched, by outcome (the first word of it: "stored",
    /// "already", "refused", "no", "failed").
    pub fn fetch_counts(&self) -> Result<Vec<(String, i64)>> {
        self.connection
            .query(
                "SELECT outcome, COUNT(*) FROM fetched GROUP BY outcome ORDER BY outcome",
                &[],
            )
            .and_then(|rows| {
                rows.into_iter()
                    .map(|mut r| Ok((r.text(0)?, r.int(1)?)))
                    .collect()
            })
            .map_err(|e| self.fail(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::tests::{on_both_backends, TestDb};

    on_both_backends!(a_poll_keeps_counts_validators_and_the_last_error);

    fn a_poll_keeps_counts_validators_and_the_last_error(db: TestDb) {
        let mut store = Store::open(db.path()).unwrap();
        let url = "http://news.example/feed.xml";
        let mut poll = SourcePoll {
            url: url.to_string(),
            validators: Some((Some("\"v1\"".into()), None)),
            ok: true,
            items_seen: 3,
            articles_added: 2,
            ..SourcePoll::default()
        };
        store.record_watch(&[], &[poll.clone()]).unwrap();
        poll.validators = None;
        poll.ok = false;
        poll.error = Some("HTTP 503".into());
        poll.items_seen = 0;
        poll.articles_added = 0;
        store.record_watch(&[], &[poll]).unwrap();
        let status = store.source(url).unwrap().unwrap();
        assert_eq!(status.etag.as_deref(), Some("\"v1\""));
        assert_eq!((status.items_seen, status.articles_added), (3, 2));
        assert_eq!(status.last_error.as_deref(), Some("HTTP 503"));
        assert!(status.last_success.is_some() && status.last_error_at.is_some());

        let page = "http://news.example/a";
        let fetch = |page_url: &str, outcome| Fetch {
            url: page_url.to_string(),
            source: url.to_string(),
            outcome,
        };
        let failed = fetch(page, FetchOutcome::Failed("HTTP 500".into()));
        assert!(store.needs_fetch(page, 2).unwrap());
        store
            .record_watch(std::slice::from_ref(&failed), &[])
            .unwrap();
        assert!(store.needs_fetch(page, 2).unwrap());
        assert_eq!(store.pages_to_retry(url, 2).unwrap(), 1);
        store.record_watch(&[failed], &[]).unwrap();
        assert!(!store.needs_fetch(page, 2).unwrap());
        assert_eq!(store.pages_to_retry(url, 2).unwrap(), 0);
        let stored = fetch("http://news.example/b", FetchOutcome::Stored(7));
        store.record_watch(&[stored], &[]).unwrap();
        assert!(!store.needs_fetch("http://news.example/b", 9).unwrap());
        assert_eq!(
            store.fetch_counts().unwrap(),
            vec![
                ("failed: HTTP 500".to_string(), 1),
                ("stored".to_string(), 1)
            ]
        );
        assert_eq!(store.last_article_id().unwrap(), 0);
    }
}
