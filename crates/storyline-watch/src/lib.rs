//! Following the news: poll feeds and sites, fetch what is new, keep a corpus current.
//!
//! Storyline's engine reads what it is handed; this crate goes and gets it, so
//! that a user who names 200 outlets gets the stories of the day without writing
//! a crawler. One [`Watcher::poll`] reads every source's feed (a site listed by
//! its address is read for the feed its head links), takes each item that is
//! new — an item carrying the full article as it is, a summary-only item by
//! fetching its page — and stores the articles through the store's one ingest
//! path, so that stories and briefings stay current exactly as `storyline
//! ingest` keeps them. It is polite as a good crawler is (see `fetch.rs`), reads
//! each article once whatever address it is reached by (see `address.rs`), and
//! keeps what it fetched and how each source fares in the store, so a restart
//! resumes without fetching again and a status view can show every source.
//!
//! The engine stays free of networking: this crate calls it, never the reverse.
//! Fetching waits on the network, so it runs on [`WatchOptions::fetchers`]
//! threads (one host per thread at a time) rather than one per core;
//! extraction and clustering then use every core as they do for files.

// Input-derived data never meets `unwrap` or `expect`: a bad input is an error
// naming it, not a panic (issue 17). Tests may unwrap.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod address;
pub mod fetch;
pub mod loopback;
pub mod sitemap;
pub mod sources;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use storyline::ingest::feeds;
use storyline::model::{Format, RawDoc};
use storyline::parallel;
use storyline_store::{Fetch, FetchOutcome, SourcePoll, Store, StoreError};

use fetch::{Client, Fetched, Page};
use sitemap::Sitemap;
pub use sources::{read_list, ListError, Source};

/// How a watcher fetches. None of these is tuned on data: they are the
/// courtesies and bounds a site owner expects of a crawler, set where common
/// crawlers set them.
#[derive(Debug, Clone)]
pub struct WatchOptions {
    /// Sent with every request; names the tool so that a site can tell it apart.
    pub user_agent: String,
    /// Connections open at once, each to a different host.
    pub fetchers: usize,
    /// At least this long between two requests to one host (a longer
    /// `Crawl-delay` in its `robots.txt` wins, up to `max_crawl_delay`).
    pub host_interval: Duration,
    pub max_crawl_delay: Duration,
    /// A request (connecting, sending, reading the answer) must finish within this.
    pub timeout: Duration,
    pub max_redirects: u32,
    /// Retries of a request that may pass (timeout, refused connection, 429, 5xx).
    pub retries: u32,
    /// The wait before the first retry, doubled for each further one.
    pub retry_backoff: Duration,
    /// No retry waits longer than this, whatever the server asks; a host whose
    /// `robots.txt` could not be read is left alone this long before it is asked again.
    pub max_backoff: Duration,
    /// Feeds and pages larger than this are refused.
    pub max_body_bytes: u64,
    /// A host's `robots.txt` is read again after this long.
    pub robots_max_age: Duration,
    /// A page whose fetch failed is tried again on later polls, up to this many
    /// attempts in all.
    pub page_attempts: u32,
    /// Items read from one feed per poll (the newest, as feeds list them first).
    pub max_items_per_feed: usize,
    /// Documents stored per transaction.
    pub documents_per_commit: usize,
}

impl Default for WatchOptions {
    fn default() -> Self {
        WatchOptions {
            user_agent: format!(
                "Storyline/{} (news briefings; honours robots.txt)",
                env!("CARGO_PKG_VERSION")
            ),
            fetchers: 8,
            host_interval: Duration::from_secs(1),
            max_crawl_delay: Duration::from_secs(30),
            timeout: Duration::from_secs(30),
            max_redirects: 5,
            retries: 2,
            retry_backoff: Duration::from_secs(2),
            max_backoff: Duration::from_secs(60),
            max_body_bytes: storyline::limits::MAX_HTML_BYTES as u64,
            robots_max_age: Duration::from_secs(24 * 60 * 60),
            page_attempts: 3,
            max_items_per_feed: 200,
            documents_per_commit: 500,
        }
    }
}

/// What one poll did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PollReport {
    pub sources: usize,
    /// Sources whose feed answered that nothing changed (304).
    pub unchanged: usize,
    /// Sources whose feed could not be read.
    pub failed_sources: usize,
    /// Feed items read.
    pub items: usize,
    /// Items skipped because their article was fetched before.
    pub known: usize,
    /// Article pages fetched.
    pub pages: usize,
    pub added: usize,
    /// Articles whose words were stored already (a republished copy).
    pub duplicates: usize,
    pub new_stories: usize,
    pub changed_stories: usize,
    /// HTTP requests sent (retries, redirects and `robots.txt` included).
    pub requests: u64,
    /// Time spent fetching (feeds and pages, waits for a host's turn included),
    /// and extracting and storing (clustering and briefings included).
    pub fetching: Duration,
    pub storing: Duration,
    /// What went wrong, each naming the source or page: nothing here stopped
    /// the other sources.
    pub problems: Vec<String>,
}

/// How far a poll has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Sources whose feed was read (or failed), of all.
    Source { done: usize, total: usize },
    /// Article pages fetched (or failed), of those to fetch.
    Page { done: usize, total: usize },
}

/// Follows a list of sources into a store.
pub struct Watcher {
    sources: Vec<Source>,
    options: WatchOptions,
    client: Client,
}

/// What reading one source's feed came to.
struct FeedRead {
    source: String,
    /// The feed found on a site's page.
    feed: Option<String>,
    validators: Option<(Option<String>, Option<String>)>,
    items: Vec<RawDoc>,
    unchanged: bool,
    error: Option<String>,
}

/// An item to store, with the address its article is recorded under.
struct Item {
    source: String,
    /// Canonical address of the article, when the item links one.
    key: Option<String>,
    doc: RawDoc,
}

impl Watcher {
    pub fn new(sources: Vec<Source>, options: WatchOptions) -> Watcher {
        let client = Client::new(&options);
        Watcher {
            sources,
            options,
            client,
        }
    }

    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// Polls every source once and stores what is new. Only a failure of the
    /// store itself is an error; a source or page that fails is a problem in
    /// the report, and the others go on.
    pub fn poll(&self, store: &mut Store) -> Result<PollReport, StoreError> {
        self.poll_observed(store, &|_| {})
    }

    /// [`Watcher::poll`], telling `progress` of each source read and each page
    /// fetched (from the fetching threads), for a progress display.
    pub fn poll_observed(
        &self,
        store: &mut Store,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<PollReport, StoreError> {
        let requests_before = self.client.requests();
        let started = Instant::now();
        let mut report = PollReport {
            sources: self.sources.len(),
            ..PollReport::default()
        };
        let reads = self.read_feeds(store, progress)?;
        let mut seen: HashSet<String> = HashSet::new();
        let (mut ready, to_fetch) = self.new_items(store, &reads, &mut seen, &mut report)?;
        report.pages = to_fetch.len();
        let mut fetches: Vec<Fetch> = Vec::new();
        let fetched = self.fetch_pages(to_fetch, progress);
        ready.extend(self.fetched_items(store, fetched, &mut seen, &mut fetches, &mut report)?);
        report.fetching = started.elapsed();

        let started = Instant::now();
        let added = self.store_items(store, ready, &mut fetches, &mut report)?;
        store.record_watch(&fetches, &source_polls(reads, &fetches, &added))?;
        report.storing = started.elapsed();
        report.requests = self.client.requests() - requests_before;
        Ok(report)
    }

    /// The items of the feeds read that are new (not fetched before, nor
    /// twice in this poll): those ready to store, and those whose page is to be
    /// fetched (summary-only items that link one).
    fn new_items(
        &self,
        store: &Store,
        reads: &[FeedRead],
        seen: &mut HashSet<String>,
        report: &mut PollReport,
    ) -> Result<(Vec<Item>, Vec<Item>), StoreError> {
        let mut ready = Vec::new();
        let mut to_fetch = Vec::new();
        for read in reads {
            report.unchanged += usize::from(read.unchanged);
            report.failed_sources += usize::from(read.error.is_some());
            if let Some(error) = &read.error {
                report.problems.push(format!("{}: {error}", read.source));
            }
            report.items += read.items.len();
            for doc in &read.items {
                let key = doc.given.url.as_deref().and_then(address::canonical);
                if let Some(key) = &key {
                    if !seen.insert(key.clone())
                        || !store.needs_fetch(key, self.options.page_attempts)?
                    {
                        report.known += 1;
                        continue;
                    }
                }
                let item = Item {
                    source: read.source.clone(),
                    key,
                    doc: doc.clone(),
                };
                if item.doc.given.partial && item.key.is_some() {
                    to_fetch.push(item);
                } else {
                    ready.push(item);
                }
            }
        }
        Ok((ready, to_fetch))
    }

    /// The fetched pages as items to store, except pages whose canonical
    /// address was stored already; what became of the others is recorded.
    fn fetched_items(
        &self,
        store: &Store,
        fetched: Vec<(Item, Fetched)>,
        seen: &mut HashSet<String>,
        fetches: &mut Vec<Fetch>,
        report: &mut PollReport,
    ) -> Result<Vec<Item>, StoreError> {
        let mut ready = Vec::new();
        for (item, fetched) in fetched {
            let Some(key) = item.key.clone() else {
                continue;
            };
            let record = |outcome| Fetch {
                url: key.clone(),
                source: item.source.clone(),
                outcome,
            };
            let outcome = match fetched {
                Fetched::Page(page) => {
                    let links = address::head_links(&page.url, &page.text);
                    let canonical = links.canonical.filter(|c| *c != key);
                    match &canonical {
                        Some(canonical)
                            if !seen.insert(canonical.clone())
                                || !store.needs_fetch(canonical, self.options.page_attempts)? =>
                        {
                            report.known += 1;
                            FetchOutcome::AlreadyStored
                        }
                        _ => {
                            ready.push(page_item(item, page, canonical));
                            continue;
                        }
                    }
                }
                Fetched::Refused(why) => {
                    report.problems.push(format!("{key}: {why}"));
                    FetchOutcome::Refused(why)
                }
                Fetched::Failed(why) => {
                    report.problems.push(format!("{key}: {why}"));
                    FetchOutcome::Failed(why)
                }
                Fetched::NotModified => {
                    FetchOutcome::Failed("304 to a request without validators".into())
                }
            };
            fetches.push(record(outcome));
        }
        Ok(ready)
    }

    /// Reads every source's feed, in the order listed.
    fn read_feeds(
        &self,
        store: &Store,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<Vec<FeedRead>, StoreError> {
        let mut sources = Vec::with_capacity(self.sources.len());
        for source in &self.sources {
            let mut state = store.source(&source.url)?;
            // Pages that failed are tried again with the feed's items, so the
            // feed is read in full while any is pending.
            if store.pages_to_retry(&source.url, self.options.page_attempts)? > 0 {
                if let Some(state) = &mut state {
                    state.etag = None;
                    state.last_modified = None;
                }
            }
            sources.push((source.clone(), state));
        }
        let done = AtomicUsize::new(0);
        let target = |(source, state): &(Source, Option<storyline_store::SourceStatus>)| {
            let target = state.as_ref().and_then(|s| s.feed.as_deref());
            address::host_of(target.unwrap_or(&source.url)).unwrap_or_default()
        };
        Ok(self.per_host(sources, target, |(source, state)| {
            let read = self.read_feed(source, state);
            progress(Progress::Source {
                done: done.fetch_add(1, Ordering::Relaxed) + 1,
                total: self.sources.len(),
            });
            read
        }))
    }

    /// `items.map(work)`, the items of one host one after another on one
    /// thread (so that a host is asked once at a time), hosts on up to
    /// `fetchers` threads; the results in input order.
    fn per_host<T: Send, U: Send>(
        &self,
        items: Vec<T>,
        host: impl Fn(&T) -> String,
        work: impl Fn(T) -> U + Sync,
    ) -> Vec<U> {
        let mut by_host: BTreeMap<String, Vec<(usize, T)>> = BTreeMap::new();
        for (index, item) in items.into_iter().enumerate() {
            by_host.entry(host(&item)).or_default().push((index, item));
        }
        let groups: Vec<_> = by_host.into_values().collect();
        let done = parallel::map_on(self.options.fetchers, groups, |group| {
            group
                .into_iter()
                .map(|(index, item)| (index, work(item)))
                .collect::<Vec<_>>()
        });
        let mut done: Vec<(usize, U)> = done.into_iter().flatten().collect();
        done.sort_by_key(|(index, _)| *index);
        done.into_iter().map(|(_, result)| result).collect()
    }

    fn read_feed(&self, source: Source, state: Option<storyline_store::SourceStatus>) -> FeedRead {
        let known_feed = state.as_ref().and_then(|s| s.feed.clone());
        let target = known_feed.clone().unwrap_or_else(|| source.url.clone());
        let validators = state.as_ref().map(|s| {
            (
                s.etag.clone().unwrap_or_default(),
                s.last_modified.clone().unwrap_or_default(),
            )
        });
        let mut read = FeedRead {
            source: source.url.clone(),
            feed: known_feed,
            validators: None,
            items: Vec::new(),
            unchanged: false,
            error: None,
        };
        let sent = validators
            .as_ref()
            .filter(|(e, l)| !e.is_empty() || !l.is_empty())
            .map(|(e, l)| (e.as_str(), l.as_str()));
        let page = match self.client.get(&target, sent) {
            Fetched::Page(page) => page,
            Fetched::NotModified => {
                read.unchanged = true;
                return read;
            }
            Fetched::Refused(why) | Fetched::Failed(why) => {
                read.error = Some(why);
                return read;
            }
        };
        let page = if is_listing(&page.text) {
            page
        } else {
            // A site's page: the feed it links, else the sitemaps its
            // robots.txt names, else its /sitemap.xml.
            let mut candidates = address::head_links(&page.url, &page.text).feeds;
            candidates.truncate(1);
            candidates.extend(self.client.sitemaps(&page.url));
            candidates.extend(address::resolve(&page.url, "/sitemap.xml"));
            let mut found = None;
            for candidate in candidates {
                match self.client.get(&candidate, None) {
                    Fetched::Page(listing) if is_listing(&listing.text) => {
                        found = Some(listing);
                        break;
                    }
                    _ => continue,
                }
            }
            let Some(listing) = found else {
                read.error =
                    Some("neither a feed nor a page that links one (or has a sitemap)".to_string());
                return read;
            };
            read.feed = Some(listing.url.clone());
            listing
        };
        read.validators = Some((page.etag.clone(), page.last_modified.clone()));
        read.items = if sitemap::looks_like_sitemap(&page.text) {
            let (items, index) = self.sitemap_items(&page);
            if index {
                // An index may stay the same while its sitemaps change.
                read.validators = Some((None, None));
            }
            items
        } else {
            let batch = feeds::read_feed(&page.url, page.text.as_bytes());
            if let Some(error) = batch.errors.iter().find(|e| e.code() != "empty") {
                read.error = Some(error.to_string());
            }
            batch.docs
        };
        read.items.truncate(self.options.max_items_per_feed);
        for item in &mut read.items {
            // Relative item links are read against the feed's address.
            if let Some(link) = &item.given.url {
                item.given.url = address::resolve(&page.url, link);
            }
        }
        read
    }

    /// The newest articles of a sitemap; of an index, of its newest sitemaps
    /// (and whether it was an index).
    fn sitemap_items(&self, page: &Page) -> (Vec<RawDoc>, bool) {
        let parsed = sitemap::parse(&page.url, &page.text);
        let index = matches!(parsed, Sitemap::Index(_));
        let entries = match parsed {
            Sitemap::Urls(entries) => entries,
            Sitemap::Index(sitemaps) => sitemap::newest_first(sitemaps)
                .into_iter()
                .take(SITEMAPS_PER_INDEX)
                .filter_map(|child| match self.client.get(&child.loc, None) {
                    Fetched::Page(child) => match sitemap::parse(&child.url, &child.text) {
                        Sitemap::Urls(entries) => Some(entries),
                        Sitemap::Index(_) => None,
                    },
                    _ => None,
                })
                .flatten()
                .collect(),
        };
        let mut entries = sitemap::newest_first(entries);
        entries.truncate(self.options.max_items_per_feed);
        (sitemap::items(&page.url, entries), index)
    }

    /// Fetches the pages of summary-only items, those of one host on one
    /// thread, in the order given.
    fn fetch_pages(
        &self,
        items: Vec<Item>,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Vec<(Item, Fetched)> {
        let total = items.len();
        let done = AtomicUsize::new(0);
        let host = |item: &Item| {
            item.key
                .as_deref()
                .and_then(address::host_of)
                .unwrap_or_default()
        };
        self.per_host(items, host, |item| {
            let fetched = self
                .client
                .get(item.key.as_deref().unwrap_or_default(), None);
            progress(Progress::Page {
                done: done.fetch_add(1, Ordering::Relaxed) + 1,
                total,
            });
            (item, fetched)
        })
    }

    /// Extracts and stores the items, recording what became of each; returns
    /// the articles added per source.
    fn store_items(
        &self,
        store: &mut Store,
        items: Vec<Item>,
        fetches: &mut Vec<Fetch>,
        report: &mut PollReport,
    ) -> Result<HashMap<String, i64>, StoreError> {
        let mut added: HashMap<String, i64> = HashMap::new();
        for chunk in items.chunks(self.options.documents_per_commit.max(1)) {
            let by_origin: HashMap<&str, &Item> = chunk
                .iter()
                .map(|item| (item.doc.origin.as_str(), item))
                .collect();
            let (articles, skipped) =
                store.extract(chunk.iter().map(|item| item.doc.clone()).collect());
            for error in skipped.iter().filter(|e| !e.is_warning()) {
                let Some(item) = error.origin().and_then(|o| by_origin.get(o)) else {
                    continue;
                };
                report.problems.push(error.to_string());
                if let Some(key) = &item.key {
                    fetches.push(Fetch {
                        url: key.clone(),
                        source: item.source.clone(),
                        outcome: FetchOutcome::Empty(error.to_string()),
                    });
                }
            }
            let origins: Vec<String> = articles.iter().map(|a| a.origin.clone()).collect();
            let last_before = store.last_article_id()?;
            let stored = store.ingest_articles(articles)?;
            report.added += stored.added;
            report.duplicates += stored.duplicates;
            report.new_stories += stored.new_stories;
            report.changed_stories += stored.changed_stories;
            let mut counted: HashSet<i64> = HashSet::new();
            for (origin, article) in origins.iter().zip(&stored.articles) {
                let Some(item) = by_origin.get(origin.as_str()) else {
                    continue;
                };
                let fresh = article.id > last_before && counted.insert(article.id);
                if fresh {
                    *added.entry(item.source.clone()).or_default() += 1;
                }
                let outcome = if fresh {
                    FetchOutcome::Stored(article.id)
                } else {
                    FetchOutcome::AlreadyStored
                };
                for url in [&item.key, &item.doc.given.url].into_iter().flatten() {
                    fetches.push(Fetch {
                        url: url.clone(),
                        source: item.source.clone(),
                        outcome: outcome.clone(),
                    });
                }
            }
        }
        fetches.dedup_by(|a, b| a.url == b.url);
        Ok(added)
    }
}

/// Each source's poll as the store records it: its feed's outcome, or else
/// how many of its pages failed (and one of them), its items and articles added.
fn source_polls(
    reads: Vec<FeedRead>,
    fetches: &[Fetch],
    added: &HashMap<String, i64>,
) -> Vec<SourcePoll> {
    let mut failed_pages: HashMap<&str, (usize, &Fetch)> = HashMap::new();
    for fetch in fetches {
        if matches!(fetch.outcome, FetchOutcome::Failed(_)) {
            failed_pages.entry(&fetch.source).or_insert((0, fetch)).0 += 1;
        }
    }
    reads
        .into_iter()
        .map(|read| {
            let page_error = failed_pages
                .get(read.source.as_str())
                .map(|(count, fetch)| {
                    let why = match &fetch.outcome {
                        FetchOutcome::Failed(why) => why.as_str(),
                        _ => "",
                    };
                    format!("{count} of its pages failed; {}: {why}", fetch.url)
                });
            SourcePoll {
                items_seen: read.items.len() as i64,
                articles_added: added.get(&read.source).copied().unwrap_or(0),
                ok: read.error.is_none(),
                error: read.error.or(page_error),
                url: read.source,
                feed: read.feed,
                validators: read.validators,
            }
        })
        .collect()
}

/// Sitemaps of an index read per poll (the newest: an index of a large site
/// lists years of monthly sitemaps, and only the latest hold news).
const SITEMAPS_PER_INDEX: usize = 2;

/// A feed or a sitemap: a listing of articles, not an article.
fn is_listing(text: &str) -> bool {
    feeds::looks_like_feed(text) || sitemap::looks_like_sitemap(text)
}

/// A summary-only item with its page fetched: the page is the document, the
/// item's title, date, outlet and language stand as what the producer stated,
/// and the page's canonical address (when it names another) is the article's.
fn page_item(item: Item, page: Page, canonical: Option<String>) -> Item {
    let url = canonical.or(item.key.clone());
    let mut given = item.doc.given;
    given.url = url.clone();
    given.partial = false;
    Item {
        source: item.source,
        key: item.key.clone(),
        doc: RawDoc {
            origin: item.key.unwrap_or(page.url),
            format: Format::Html,
            content: page.text,
            given,
        },
    }
}
