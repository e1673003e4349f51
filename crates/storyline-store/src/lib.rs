//! The persistent corpus: one SQLite file holding articles, stories and briefings.
//!
//! Users run Storyline for weeks over a growing corpus, so ingesting must be
//! idempotent (the same words from the same source twice are one article; from
//! another outlet, a syndicated copy kept beside it), transactional (an ingest
//! killed halfway leaves a valid database with every batch it reported committed)
//! and incremental (new articles join the stories already stored or start new ones,
//! and only the briefings of stories that changed are recomputed, with the write
//! or, deferred, once after many writes: [`Store::defer_briefings`]). The engine
//! places each batch as a batch run would place it among the stories it could
//! join: two stories a later article shows to be one event are merged (the id of
//! the one merged away keeps answering for the other: `story_merges`), and an
//! article a later batch shows to belong elsewhere moves (`article_moves`). The engine does
//! the work (extraction, where articles go, briefings: [`storyline::Engine`]);
//! this crate only keeps its results. SQLite runs in WAL mode, so readers
//! are served while an ingest writes.

// Input-derived data never meets `unwrap` or `expect`: a bad input is an error
// naming it, not a panic (issue 17). Tests may unwrap.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use storyline::live::LiveStories;
use storyline::model::{Article, Briefing, RawDoc};
use storyline::text::Fnv1a;
use storyline::{dedup, Engine, EngineOptions};

mod sources;
mod sql;
#[cfg(any(test, feature = "testing"))]
pub mod throwaway_postgres;
pub use sources::{Fetch, FetchOutcome, SourcePoll, SourceStatus};
pub use sql::BackendError;
use sql::{args, Connection, Transaction};

/// SQLite's schema migrations, applied in order; `PRAGMA user_version` is how
/// many ran.
const SQLITE_MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE articles (
    id           INTEGER PRIMARY KEY,
    content_hash TEXT    NOT NULL UNIQUE,
    origin       TEXT    NOT NULL,
    title        TEXT    NOT NULL,
    url          TEXT,
    outlet       TEXT,
    author       TEXT,
    date         TEXT,
    text         TEXT    NOT NULL,
    headings     TEXT    NOT NULL,
    partial      INTEGER NOT NULL,
    story        INTEGER NOT NULL
);
CREATE INDEX articles_story ON articles(story);
CREATE TABLE stories (
    id         INTEGER PRIMARY KEY,
    headline   TEXT    NOT NULL,
    articles   INTEGER NOT NULL,
    first_date TEXT,
    last_date  TEXT,
    briefing   TEXT    NOT NULL
);
"#,
    r#"
CREATE TABLE story_merges (
    id       INTEGER PRIMARY KEY,
    absorbed INTEGER NOT NULL UNIQUE,
    kept     INTEGER NOT NULL
);
"#,
    // Article keys name the source too (see `article_key`); `key_sources` rewrites
    // the stored ones.
    "",
    // A batch can show a stored story to hold two events, or an article to belong
    // with another story: the article moves (see `storyline::live`).
    r#"
CREATE TABLE article_moves (
    id      INTEGER PRIMARY KEY,
    article INTEGER NOT NULL,
    story   INTEGER NOT NULL
);
"#,
    // Each article's language; empty for articles stored before, which are
    // identified again when read.
    "ALTER TABLE articles ADD COLUMN lang TEXT NOT NULL DEFAULT '';",
    // What `storyline watch` followed and fetched (see `sources.rs`).
    r#"
CREATE TABLE sources (
    url            TEXT    PRIMARY KEY,
    feed           TEXT,
    etag           TEXT,
    last_modified  TEXT,
    last_polled    TEXT,
    last_success   TEXT,
    last_error     TEXT,
    last_error_at  TEXT,
    items_seen     INTEGER NOT NULL DEFAULT 0,
    articles_added INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE fetched (
    url        TEXT    PRIMARY KEY,
    source     TEXT    NOT NULL,
    fetched_at TEXT    NOT NULL,
    outcome    TEXT    NOT NULL,
    attempts   INTEGER NOT NULL,
    article    INTEGER
);
"#,
    // Briefings written after the write that changed their story (see
    // `Store::defer_briefings`): 0 when the briefing is current, else the highest
    // article id of the write that outdated it. Ids only grow, so a briefing
    // written from an older reading never passes for a newer one.
    // `stale_since`: the `stale` of the write that first outdated it, so that a
    // story taking articles from every write is not put back in line by each.
    "ALTER TABLE stories ADD COLUMN stale INTEGER NOT NULL DEFAULT 0;
     ALTER TABLE stories ADD COLUMN stale_since INTEGER NOT NULL DEFAULT 0;",
    STORY_INDEXES,
];

/// The stories in the list's order, and the stale ones in the briefing task's
/// (`Store::stories_page`, `Store::brief_stale`): without them each page and
/// each round read every story (in SQLite, on a table of 232,000 stories with
/// briefings of 2–8 KB, as the million-article replay makes: 320 ms a page and
/// 180 ms a round without, 5 and 6 ms with, the page's count included). One
/// migration in each list. A merge repoints the merges into the story it
/// folds away (`story_merges_kept`), which read every merge without its index.
const STORY_INDEXES: &str =
    "CREATE INDEX stories_newest ON stories((last_date IS NULL), last_date DESC, articles DESC, id);
     CREATE INDEX stories_stale ON stories(stale_since, id) WHERE stale > 0;
     CREATE INDEX story_merges_kept ON story_merges(kept);";

/// The SQLite migration after which article keys include the source.
const SOURCE_IN_KEY: usize = 3;

/// PostgreSQL's schema migrations, applied in order; `storyline_schema` holds
/// how many ran. The first is the schema SQLite's migrations had built when
/// PostgreSQL came (it has no older databases to bring forward); later changes
/// are a migration in each list.
///
/// Integers are `BIGINT` (the store's ids and counts are 64-bit); article keys
/// compare byte by byte (`COLLATE "C"`), since a write finds an article's
/// copies as the range of keys that start with its words (see `article_key`).
const POSTGRES_MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE articles (
    id           BIGINT  GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    content_hash TEXT    COLLATE "C" NOT NULL UNIQUE,
    origin       TEXT    NOT NULL,
    title        TEXT    NOT NULL,
    url          TEXT,
    outlet       TEXT,
    author       TEXT,
    date         TEXT,
    text         TEXT    NOT NULL,
    headings     TEXT    NOT NULL,
    partial      BOOLEAN NOT NULL,
    story        BIGINT  NOT NULL,
    lang         TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX articles_story ON articles(story);
CREATE TABLE stories (
    id          BIGINT PRIMARY KEY,
    headline    TEXT   NOT NULL,
    articles    BIGINT NOT NULL,
    first_date  TEXT,
    last_date   TEXT,
    briefing    TEXT   NOT NULL,
    stale       BIGINT NOT NULL DEFAULT 0,
    stale_since BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE story_merges (
    id       BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    absorbed BIGINT NOT NULL UNIQUE,
    kept     BIGINT NOT NULL
);
CREATE TABLE article_moves (
    id      BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    article BIGINT NOT NULL,
    story   BIGINT NOT NULL
);
CREATE TABLE sources (
    url            TEXT   PRIMARY KEY,
    feed           TEXT,
    etag           TEXT,
    last_modified  TEXT,
    last_polled    TEXT,
    last_success   TEXT,
    last_error     TEXT,
    last_error_at  TEXT,
    items_seen     BIGINT NOT NULL DEFAULT 0,
    articles_added BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE fetched (
    url        TEXT   PRIMARY KEY,
    source     TEXT   NOT NULL,
    fetched_at TEXT   NOT NULL,
    outcome    TEXT   NOT NULL,
    attempts   BIGINT NOT NULL,
    article    BIGINT
);
"#,
    STORY_INDEXES,
];

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database {path}: {source}")]
    Database {
        path: String,
        #[source]
        source: BackendError,
    },
    #[error(
        "database {path} was written by a newer Storyline (schema {found}, this one knows {known})"
    )]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },
    #[error("no story {0}")]
    NoSuchStory(i64),
    #[error("stored briefing {0} is unreadable: {1}")]
    Corrupt(i64, String),
    /// Another connection held the write lock (or, for a read, a lock on the
    /// whole file) for longer than the store waits. Nothing was changed: the
    /// same call may succeed a moment later.
    #[error("database {path} is busy: another writer held it for {waited_secs} s")]
    Busy { path: String, waited_secs: u64 },
    /// What was asked needs a PostgreSQL database.
    #[error("{0} needs a PostgreSQL database (--db postgres://…)")]
    NeedsPostgres(&'static str),
    /// The engine failed on a story (a bug): the batch is not committed.
    #[error(transparent)]
    Engine(storyline::Error),
}

impl StoreError {
    /// A stable code for the kind of failure, for logs and callers that branch
    /// on it (the server maps them to its own answers).
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Database { .. } => "database",
            StoreError::TooNew { .. } => "schema_too_new",
            StoreError::NoSuchStory(_) => "story_not_found",
            StoreError::Corrupt(..) => "corrupt",
            StoreError::Busy { .. } => "busy",
            StoreError::NeedsPostgres(_) => "needs_postgres",
            StoreError::Engine(error) => error.code(),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// What one ingest did.
#[derive(Debug, Default)]
pub struct IngestReport {
    pub added: usize,
    /// Articles whose content was already stored (or came twice in the batch).
    pub duplicates: usize,
    pub new_stories: usize,
    /// Stories merged into others, now that this batch tied them together.
    pub merged_stories: usize,
    /// Stored articles moved to another story: this batch showed their story to
    /// hold two events, or them to belong with another story.
    pub moved_articles: usize,
    /// Stories the batch changed (new ones included): briefed again, or left
    /// for [`Store::brief_stale`] when briefings are deferred.
    pub changed_stories: usize,
    /// Inputs that yielded no article.
    pub skipped: Vec<storyline::Error>,
    /// Every article of the batch, in input order, as stored: the new ones and
    /// those that were already there.
    pub articles: Vec<StoredArticle>,
}

/// What one [`Store::brief_stale`] did.
#[derive(Debug, Default)]
pub struct Briefed {
    /// Briefings stored.
    pub written: usize,
    /// Stories that could not be briefed, and why (they wait at the back of the
    /// line).
    pub failed: Vec<(i64, StoreError)>,
}

/// A story's briefing, the version of the story it was written from (see
/// `mark_stale`), and its JSON as stored.
struct StoryBriefing {
    story: i64,
    version: i64,
    briefing: Briefing,
    json: String,
}

/// A story to brief: its id, its version (see `mark_stale`) and its articles.
type StoryToBrief = (i64, i64, Vec<Article>);

/// A story's briefing, or the story and version that could not be briefed
/// and why.
type Outcome = Result<StoryBriefing, (i64, i64, StoreError)>;

/// Briefings are independent per story: written on every core, kept in order.
/// The largest stories go first, so that the round does not end waiting for
/// one large story while the other cores have nothing left to do.
fn brief_on_every_core(engine: &Engine, stories: Vec<StoryToBrief>) -> Vec<Outcome> {
    let mut stories: Vec<(usize, StoryToBrief)> = stories.into_iter().enumerate().collect();
    stories.sort_by_key(|(index, (_, _, articles))| (std::cmp::Reverse(articles.len()), *index));
    let order: Vec<usize> = stories.iter().map(|(index, _)| *index).collect();
    let briefed = storyline::parallel::map(stories, |(_, (story, version, articles))| {
        let briefing = engine.brief(articles).map_err(StoreError::Engine);
        briefing
            .and_then(|briefing| {
                Ok(StoryBriefing {
                    json: to_json(&briefing)?,
                    story,
                    version,
                    briefing,
                })
            })
            .map_err(|error| (story, version, error))
    });
    let mut in_order: Vec<(usize, Outcome)> = order.into_iter().zip(briefed).collect();
    in_order.sort_by_key(|(index, _)| *index);
    in_order.into_iter().map(|(_, outcome)| outcome).collect()
}

/// What one transaction wrote (see `Store::write`).
struct Written {
    report: IngestReport,
    added: Vec<bool>,
    first_new_story: i64,
}

/// Where an ingested article is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct StoredArticle {
    pub id: i64,
    pub story: i64,
}

/// A stored story, as listed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StoryRow {
    pub id: i64,
    pub headline: String,
    pub articles: i64,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
}

pub struct Store {
    connection: Connection,
    path: String,
    /// The pipeline and its options: how stories are formed and briefed.
    engine: Engine,
    /// Kept between ingests through one `Store`, so that a long-lived writer (the
    /// server) featurizes each stored article once rather than on every ingest.
    replay: Option<Replay>,
    /// How long a write waits for another process's write to finish.
    lock_wait: Duration,
    /// Whether a write leaves its stories' briefings to [`Store::brief_stale`].
    defer_briefings: bool,
}

/// True when `db` names a PostgreSQL database (a `postgres://` URL) rather
/// than a SQLite file.
pub fn is_postgres_url(db: &Path) -> bool {
    sql::is_postgres_url(&db.to_string_lossy())
}

/// The database as messages name it: a file's path, or a URL with its
/// password hidden.
pub fn database_name(db: &Path) -> String {
    sql::display_location(&db.to_string_lossy())
}

/// How long a write waits by default for another writer (a `storyline ingest`
/// committing a large batch, say) before it gives up with [`StoreError::Busy`].
pub const DEFAULT_LOCK_WAIT: Duration = Duration::from_secs(300);

/// Takes the corpus's write lock, waiting up to `wait` for other writers
/// (see [`Connection::begin_write`]), so contention costs time, not data.
fn begin_write<'c>(
    connection: &'c Connection,
    path: &str,
    wait: Duration,
) -> Result<Transaction<'c>> {
    let started = std::time::Instant::now();
    connection
        .begin_write(wait)
        .map_err(database_error(path))?
        .ok_or_else(|| StoreError::Busy {
            path: path.to_string(),
            waited_secs: started.elapsed().as_secs(),
        })
}

/// The stored corpus as the engine's [`LiveStories`] remembers it. Articles are
/// never changed once stored, and their story changes only by a move or a merge
/// (each logged in its table, the moves of a batch before its merges), so
/// catching up means reading the rows, the moves and the merges added since the
/// last ingest, by this process or any other.
struct Replay {
    stories: LiveStories,
    last_id: i64,
    last_move: i64,
    last_merge: i64,
}

impl Replay {
    fn new(engine: &Engine) -> Replay {
        Replay {
            stories: engine.live(),
            last_id: 0,
            last_move: 0,
            last_merge: 0,
        }
    }

    fn catch_up(&mut self, connection: &Connection) -> Result<(), BackendError> {
        let rows = connection.query(
            &format!("SELECT id, story, {ARTICLE_COLUMNS} FROM articles WHERE id > ?1 ORDER BY id"),
            args![self.last_id],
        )?;
        for mut row in rows {
            let id = row.int(0)?;
            let article = article_from_row(&mut row, 2)?;
            self.stories.remember(id, &article, row.int(1)?);
            self.last_id = id;
        }
        let moves = connection.query(
            "SELECT id, article, story FROM article_moves WHERE id > ?1 ORDER BY id",
            args![self.last_move],
        )?;
        for row in moves {
            self.stories.moved(row.int(1)?, row.int(2)?);
            self.last_move = row.int(0)?;
        }
        let merges = connection.query(
            "SELECT id, absorbed, kept FROM story_merges WHERE id > ?1 ORDER BY id",
            args![self.last_merge],
        )?;
        for row in merges {
            self.stories.merged(row.int(1)?, row.int(2)?);
            self.last_merge = row.int(0)?;
        }
        Ok(())
    }
}

impl Store {
    /// Opens (creating if needed) a store and brings its schema up to date; its
    /// briefings are written with [`EngineOptions::briefing`]. `db` is a SQLite
    /// file, or a PostgreSQL database as a `postgres://` URL
    /// (`postgres://user:password@host:port/database`), which must exist.
    pub fn open(db: &Path) -> Result<Store> {
        Store::open_with(db, EngineOptions::briefing())
    }

    /// [`Store::open`] with the engine's options: the briefings this store
    /// writes (and [`Store::briefing_with`] rewrites) follow them.
    pub fn open_with(db: &Path, options: EngineOptions) -> Result<Store> {
        let location = db.to_string_lossy();
        let name = sql::display_location(&location);
        let connection = Connection::open(&location).map_err(database_error(&name))?;
        let mut store = Store {
            connection,
            path: name,
            engine: Engine::new(options),
            replay: None,
            lock_wait: DEFAULT_LOCK_WAIT,
            defer_briefings: false,
        };
        store.migrate()?;
        Ok(store)
    }

    /// How long a write waits for another process's write before it fails with
    /// [`StoreError::Busy`] (default [`DEFAULT_LOCK_WAIT`]).
    pub fn set_lock_wait(&mut self, wait: Duration) {
        self.lock_wait = wait;
    }

    /// Whether writes leave the briefings of the stories they change to
    /// [`Store::brief_stale`] (default: no, each write briefs its stories).
    ///
    /// Briefing is most of a write's cost, and a story that takes articles from
    /// many writes in a row needs its briefing only once they are in: a server
    /// under a stream of posts, or `storyline ingest` committing every few hundred
    /// documents, defers and briefs each changed story once. Until then the story
    /// lists its new articles, count and dates, and keeps its last briefing (a new
    /// story has none: [`Store::briefing`] writes one from its articles).
    pub fn defer_briefings(&mut self, defer: bool) {
        self.defer_briefings = defer;
    }

    fn fail(&self, source: BackendError) -> StoreError {
        database_error(&self.path)(source)
    }

    /// Brings the schema up to date. The version is read again under the write
    /// lock, so that processes opening a new database at the same moment migrate
    /// it once.
    fn migrate(&mut self) -> Result<()> {
        let migrations = if self.connection.is_postgres() {
            POSTGRES_MIGRATIONS
        } else {
            SQLITE_MIGRATIONS
        };
        let known = migrations.len() as i64;
        let path = self.path.clone();
        let fail = database_error(&path);
        let version = |connection: &Connection| -> Result<i64> {
            let version = connection.schema_version().map_err(fail)?;
            if version > known {
                return Err(StoreError::TooNew {
                    path: path.clone(),
                    found: version,
                    known,
                });
            }
            Ok(version)
        };
        if version(&self.connection)? == known {
            return Ok(());
        }
        let transaction = begin_write(&self.connection, &path, self.lock_wait)?;
        let from = version(&transaction)?;
        for (index, migration) in migrations.iter().enumerate().skip(from as usize) {
            transaction.batch(migration).map_err(fail)?;
            if !transaction.is_postgres() && index + 1 == SOURCE_IN_KEY {
                key_sources(&transaction).map_err(fail)?;
            }
            transaction
                .set_schema_version(index as i64 + 1)
                .map_err(fail)?;
        }
        transaction.commit().map_err(fail)
    }

    /// Ingests a batch in one transaction: everything or nothing is stored.
    ///
    /// The write lock is taken first (`BEGIN IMMEDIATE`), so that the corpus the
    /// batch is clustered against is the corpus it is committed into, even with
    /// another process ingesting into the same file.
    pub fn ingest(&mut self, raws: Vec<RawDoc>) -> Result<IngestReport> {
        let (articles, skipped) = self.engine.extract(raws);
        let report = self.ingest_articles(articles)?;
        Ok(IngestReport { skipped, ..report })
    }

    /// [`Store::ingest`] for articles already extracted.
    pub fn ingest_articles(&mut self, articles: Vec<Article>) -> Result<IngestReport> {
        Ok(self.write(articles)?.report)
    }

    /// Several batches in one transaction, each with a report of its own: a
    /// server's posts that waited for the writer at the same time, placed
    /// together as one batch would be (the same stories, one placement and one
    /// commit for all). A batch's report counts its own articles (added,
    /// duplicates, the stories they started and the stories they are in); the
    /// merges and moves are those of the whole write.
    pub fn ingest_batches(&mut self, batches: Vec<Vec<Article>>) -> Result<Vec<IngestReport>> {
        let sizes: Vec<usize> = batches.iter().map(Vec::len).collect();
        let written = self.write(batches.into_iter().flatten().collect())?;
        let mut from = 0;
        Ok(sizes
            .into_iter()
            .map(|size| {
                let range = from..from + size;
                from += size;
                let articles = written.report.articles[range.clone()].to_vec();
                let new = &written.added[range];
                let added = new.iter().filter(|&&new| new).count();
                let mut stories: Vec<i64> = articles
                    .iter()
                    .zip(new)
                    .filter(|(_, &new)| new)
                    .map(|(article, _)| article.story)
                    .collect();
                stories.sort_unstable();
                stories.dedup();
                IngestReport {
                    added,
                    duplicates: size - added,
                    new_stories: stories
                        .iter()
                        .filter(|&&story| story >= written.first_new_story)
                        .count(),
                    merged_stories: written.report.merged_stories,
                    moved_articles: written.report.moved_articles,
                    changed_stories: stories.len(),
                    skipped: Vec::new(),
                    articles,
                }
            })
            .collect())
    }

    /// One transaction: the report, which of the articles were added (the rest
    /// were stored already, or came earlier in the batch), and the first id a
    /// story started by it could have.
    fn write(&mut self, articles: Vec<Article>) -> Result<Written> {
        let mut report = IngestReport::default();
        let mut added: Vec<bool> = Vec::with_capacity(articles.len());
        let path = self.path.clone();
        let fail = database_error(&path);
        let transaction = begin_write(&self.connection, &path, self.lock_wait)?;
        let engine = &self.engine;
        let replay = self.replay.get_or_insert_with(|| Replay::new(engine));
        replay.catch_up(&transaction).map_err(fail)?;

        // Each accepted article is either fresh (an index into `fresh`) or already
        // stored (its id and story).
        let mut fresh: Vec<Article> = Vec::new();
        let mut fresh_hashes: Vec<String> = Vec::new();
        let mut fresh_by_hash: HashMap<String, usize> = HashMap::new();
        let mut accepted: Vec<Result<usize, (i64, i64)>> = Vec::new();
        // Stories holding a copy of a fresh article (its words from another source).
        let mut with_copies: Vec<i64> = Vec::new();
        let words: Vec<String> = articles.iter().map(words_key).collect();
        let stored_words = stored_with_words(&transaction, &words).map_err(fail)?;
        for (article, words) in articles.into_iter().zip(words) {
            let hash = article_key(&words, &article);
            let same_words = stored_words.get(&words).map_or(&[][..], Vec::as_slice);
            let stored = same_words
                .iter()
                .find(|(_, _, key)| *key == hash)
                .map(|&(id, story, _)| (id, story));
            added.push(stored.is_none() && !fresh_by_hash.contains_key(&hash));
            if let Some(stored) = stored {
                accepted.push(Err(stored));
            } else if let Some(&earlier) = fresh_by_hash.get(&hash) {
                accepted.push(Ok(earlier));
            } else {
                with_copies.extend(same_words.iter().map(|&(_, story, _)| story));
                accepted.push(Ok(fresh.len()));
                fresh_by_hash.insert(hash.clone(), fresh.len());
                fresh.push(article);
                fresh_hashes.push(hash);
            }
        }
        report.duplicates = added.iter().filter(|&&added| !added).count();
        let mut inserted: Vec<(i64, i64)> = vec![(0, 0); fresh.len()];
        let resolve = |accepted: Vec<Result<usize, (i64, i64)>>, inserted: &[(i64, i64)]| {
            accepted
                .into_iter()
                .map(|a| {
                    let (id, story) = a.map_or_else(|stored| stored, |i| inserted[i]);
                    StoredArticle { id, story }
                })
                .collect()
        };
        if fresh.is_empty() {
            report.articles = resolve(accepted, &inserted);
            return Ok(Written {
                report,
                added,
                first_new_story: i64::MAX,
            });
        }

        with_copies.sort_unstable();
        with_copies.dedup();
        // Ids of merged stories still answer for the story they joined: never reused.
        let next_story = 1 + transaction
            .query_int("SELECT COALESCE(MAX(id), 0) FROM stories", &[])
            .and_then(|stories| {
                let merged = transaction
                    .query_int("SELECT COALESCE(MAX(absorbed), 0) FROM story_merges", &[])?;
                Ok(stories.max(merged))
            })
            .map_err(fail)?;
        let placement = replay.stories.place(&fresh, &with_copies, next_story);
        report.new_stories = placement.new_stories;
        let headings = placement
            .placed
            .iter()
            .map(|&(i, _)| to_json(&fresh[i].headings))
            .collect::<Result<Vec<_>>>()?;
        let ids = insert_articles(
            &transaction,
            &placement.placed,
            &fresh,
            &fresh_hashes,
            &headings,
        )
        .map_err(fail)?;
        for (&(i, story), id) in placement.placed.iter().zip(ids) {
            inserted[i] = (id, story);
            report.added += 1;
        }
        for &(article, story) in &placement.moves {
            transaction
                .execute(
                    "UPDATE articles SET story = ?2 WHERE id = ?1",
                    args![article, story],
                )
                .and_then(|_| {
                    transaction.execute(
                        "INSERT INTO article_moves (article, story) VALUES (?1, ?2)",
                        args![article, story],
                    )
                })
                .map_err(fail)?;
        }
        report.moved_articles = placement.moves.len();
        for &(absorbed, kept) in &placement.merges {
            for statement in [
                "UPDATE articles SET story = ?2 WHERE story = ?1",
                "UPDATE story_merges SET kept = ?2 WHERE kept = ?1",
                "INSERT INTO story_merges (absorbed, kept) VALUES (?1, ?2)",
            ] {
                transaction
                    .execute(statement, args![absorbed, kept])
                    .map_err(fail)?;
            }
            transaction
                .execute("DELETE FROM stories WHERE id = ?1", args![absorbed])
                .map_err(fail)?;
        }
        report.merged_stories = placement.merges.len();
        let changed = &placement.changed;
        let written = inserted.iter().map(|&(id, _)| id).max().unwrap_or(0);
        for &story in changed {
            mark_stale(&transaction, story, written).map_err(fail)?;
        }
        if !self.defer_briefings {
            let stories = changed
                .iter()
                .map(|&story| Ok((story, written, story_articles(&transaction, story)?)))
                .collect::<Result<Vec<_>, BackendError>>()
                .map_err(fail)?;
            self.write_briefings(&transaction, stories)?;
        }
        transaction.commit().map_err(fail)?;
        // The rows just stored are remembered with the features their placement
        // read, rather than read back and featurized again: no other writer can
        // have stored rows among them (the write lock was held throughout). The
        // batch's moves and merges are read back as any other writer's are.
        if let Some(replay) = self.replay.as_mut() {
            for &(i, story) in &placement.placed {
                replay
                    .stories
                    .remember_placed(i, inserted[i].0, &fresh[i], story);
            }
            replay.last_id = replay.last_id.max(written);
        }
        report.changed_stories = changed.len();
        report.articles = resolve(accepted, &inserted);
        for article in &mut report.articles {
            article.story = match placement.moves.binary_search_by_key(&article.id, |m| m.0) {
                Ok(at) => placement.moves[at].1,
                Err(_) => placement.current(article.story),
            };
        }
        Ok(Written {
            report,
            added,
            first_new_story: next_story,
        })
    }

    /// Briefs up to `limit` stories whose briefing a deferred write left
    /// outdated: first the new stories (which have none, so a reader would wait
    /// for one), then those outdated longest.
    ///
    /// The articles are read in one snapshot and briefed on every core without
    /// holding the write lock, so writes go on meanwhile; a briefing is then
    /// stored only if no write changed its story since it was listed (that
    /// story stays stale for the next call).
    pub fn brief_stale(&mut self, limit: usize) -> Result<Briefed> {
        let stories = self.read_stale(&self.stale_stories(Some(limit))?)?;
        if stories.is_empty() {
            return Ok(Briefed::default());
        }
        let outcomes = brief_on_every_core(&self.engine, stories);
        self.store_round(outcomes)
    }

    /// Briefs every story that waits for its briefing, as rounds of
    /// [`Store::brief_stale`] would (`limit` stories a transaction, told to
    /// `on_round`), returning how many were written. A round is briefed on
    /// every core while this thread stores the last round's briefings and
    /// reads the next round's articles: done in turn, those steps left the
    /// cores idle. Stories outdated during a pass are briefed by the next pass;
    /// passes end when one writes nothing.
    pub fn brief_every_stale(
        &mut self,
        limit: usize,
        mut on_round: impl FnMut(&Briefed),
    ) -> Result<usize> {
        let mut total = 0;
        loop {
            let written = self.brief_pass(limit, &mut on_round)?;
            total += written;
            if written == 0 {
                return Ok(total);
            }
        }
    }

    /// One pass of [`Store::brief_every_stale`] over the stories waiting now.
    fn brief_pass(&self, limit: usize, on_round: &mut impl FnMut(&Briefed)) -> Result<usize> {
        let waiting = self.stale_stories(None)?;
        let mut rounds = waiting.chunks(limit.max(1));
        let Some(first) = rounds.next() else {
            return Ok(0);
        };
        let mut written = 0;
        let mut store = |outcomes: Vec<Outcome>| -> Result<()> {
            let stored = self.store_round(outcomes)?;
            written += stored.written;
            on_round(&stored);
            Ok(())
        };
        let mut next = Some(self.read_stale(first)?);
        let mut briefed: Option<Vec<Outcome>> = None;
        while let Some(this) = next.take() {
            let to_read = rounds.next();
            let engine = &self.engine;
            let (outcomes, stored, read) = std::thread::scope(|scope| {
                let briefing = scope.spawn(move || brief_on_every_core(engine, this));
                let stored = briefed.take().map(&mut store);
                let read = to_read.map(|round| self.read_stale(round));
                let outcomes = briefing
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                (outcomes, stored, read)
            });
            stored.transpose()?;
            briefed = Some(outcomes);
            next = read.transpose()?;
        }
        if let Some(last) = briefed {
            store(last)?;
        }
        Ok(written)
    }

    /// The stories waiting for a briefing with their versions, in the order
    /// they are briefed: first the new stories (which have none, so a reader
    /// would wait for one), then those outdated longest; up to `limit`.
    fn stale_stories(&self, limit: Option<usize>) -> Result<Vec<(i64, i64)>> {
        let limit = limit.map_or(i64::MAX, |l| i64::try_from(l).unwrap_or(i64::MAX));
        self.connection
            .query(
                "SELECT id, stale FROM stories WHERE stale > 0
                 ORDER BY briefing != '', stale_since, id LIMIT ?1",
                args![limit],
            )
            .and_then(|rows| {
                rows.into_iter()
                    .map(|row| Ok((row.int(0)?, row.int(1)?)))
                    .collect::<Result<Vec<_>, BackendError>>()
            })
            .map_err(|e| self.fail(e))
    }

    /// The articles of `stories` (id, version), read in one snapshot. A story
    /// whose version has moved on since it was listed keeps the listed one, so
    /// that its briefing is not stored (see [`store_briefings`]): it waits for
    /// the next round.
    fn read_stale(&self, stories: &[(i64, i64)]) -> Result<Vec<StoryToBrief>> {
        let fail = database_error(&self.path);
        let snapshot = self.connection.begin_read().map_err(fail)?;
        let read = stories
            .iter()
            .map(|&(story, version)| Ok((story, version, story_articles(&snapshot, story)?)))
            .collect::<Result<Vec<_>, BackendError>>()
            .map_err(fail)?;
        snapshot.commit().map_err(fail)?;
        Ok(read)
    }

    /// Stores a round's briefings in one transaction; a story that cannot be
    /// briefed goes to the back of the line, so that it holds up no other (it
    /// is tried again when nothing else waits).
    fn store_round(&self, outcomes: Vec<Outcome>) -> Result<Briefed> {
        let fail = database_error(&self.path);
        let mut briefed = Briefed::default();
        let mut briefings = Vec::new();
        let mut failed = Vec::new();
        for outcome in outcomes {
            match outcome {
                Ok(briefing) => briefings.push(briefing),
                Err((story, version, error)) => {
                    failed.push((story, version));
                    briefed.failed.push((story, error));
                }
            }
        }
        let transaction = begin_write(&self.connection, &self.path, self.lock_wait)?;
        briefed.written = store_briefings(&transaction, &briefings).map_err(fail)?;
        for (story, version) in failed {
            transaction
                .execute(
                    "UPDATE stories SET stale_since = ?3 WHERE id = ?1 AND stale = ?2",
                    args![story, version, i64::MAX],
                )
                .map_err(fail)?;
        }
        transaction.commit().map_err(fail)?;
        Ok(briefed)
    }

    /// How many stories wait for [`Store::brief_stale`].
    pub fn stale_count(&self) -> Result<i64> {
        self.connection
            .query_int("SELECT COUNT(*) FROM stories WHERE stale > 0", &[])
            .map_err(|e| self.fail(e))
    }

    /// Briefs the stories now, within the write that changed them.
    fn write_briefings(&self, transaction: &Connection, stories: Vec<StoryToBrief>) -> Result<()> {
        let briefings = brief_on_every_core(&self.engine, stories)
            .into_iter()
            .map(|outcome| outcome.map_err(|(_, _, error)| error))
            .collect::<Result<Vec<_>>>()?;
        store_briefings(transaction, &briefings).map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// Takes the ownership of a partition of the article log (see
    /// `storyline-log`): true when this store's connection now owns it, false
    /// when another holds it. Ownership lasts while the connection does, so a
    /// process that dies (even killed outright) gives it up, and a waiting one
    /// can take it. Needs PostgreSQL: a SQLite file has one writer's machine.
    pub fn claim_partition(&self, partition: &str) -> Result<bool> {
        if !self.connection.is_postgres() {
            return Err(StoreError::NeedsPostgres("owning a partition of the log"));
        }
        let mut hash = Fnv1a::default();
        hash.bytes(b"storyline partition ");
        hash.bytes(partition.as_bytes());
        let key = hash.value() as i64;
        self.connection
            .query_row("SELECT pg_try_advisory_lock(?1)", args![key])
            .and_then(|row| row.map(|row| row.flag(0)).transpose())
            .map(|owned| owned.unwrap_or(false))
            .map_err(|e| self.fail(e))
    }

    /// Extracts articles as [`Store::ingest`] would, for a caller that needs to
    /// see them before they are stored (which source each came from, say).
    pub fn extract(&self, raws: Vec<RawDoc>) -> (Vec<Article>, Vec<storyline::Error>) {
        self.engine.extract(raws)
    }

    /// Whether the stored corpus is consistent: the database's own check of
    /// its files (SQLite's `integrity_check`), and every article in a story
    /// that is listed.
    pub fn integrity_ok(&self) -> Result<bool> {
        let orphans = self
            .connection
            .query_int(
                "SELECT COUNT(*) FROM articles
                 WHERE NOT EXISTS (SELECT 1 FROM stories WHERE stories.id = articles.story)",
                &[],
            )
            .map_err(|e| self.fail(e))?;
        let sound = self.connection.files_sound().map_err(|e| self.fail(e))?;
        Ok(sound && orphans == 0)
    }

    pub fn article_count(&self) -> Result<i64> {
        self.connection
            .query_int("SELECT COUNT(*) FROM articles", &[])
            .map_err(|e| self.fail(e))
    }

    /// Stories, most recent first, optionally since a date and matching a query
    /// (regardless of case) in the headline or the briefing's text. While a
    /// story's briefing trails its articles (deferred, or never written), its
    /// articles' titles and texts stand in for it: what was stored is found
    /// before it is briefed.
    pub fn stories(&self, since: Option<&str>, query: Option<&str>) -> Result<Vec<StoryRow>> {
        let (_, rows) = self.listed(since, search_pattern(query).as_deref(), i64::MAX, 0)?;
        Ok(rows)
    }

    /// One page of [`Store::stories`]: at most `limit` stories after the first
    /// `offset`, and how many there are in all. The database sorts, pages and
    /// counts: only the page's rows are read out of it.
    pub fn stories_page(
        &self,
        since: Option<&str>,
        query: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<(usize, Vec<StoryRow>)> {
        let (limit, offset) = (
            i64::try_from(limit).unwrap_or(i64::MAX),
            i64::try_from(offset).unwrap_or(i64::MAX),
        );
        let pattern = search_pattern(query);
        // One snapshot: the count is of the stories the page is taken from.
        let snapshot = self.connection.begin_read().map_err(|e| self.fail(e))?;
        let (total, rows) = self.listed(since, pattern.as_deref(), limit, offset)?;
        // A search's rows carry its count; a plain list, and a page past a
        // search's end, are counted apart.
        let total = match total {
            Some(total) => total,
            None => self
                .connection
                .query_int(
                    &format!("SELECT COUNT(*) FROM stories WHERE {STORIES_MATCHING}"),
                    args![since, pattern.as_deref()],
                )
                .map_err(|e| self.fail(e))?,
        };
        snapshot.commit().map_err(|e| self.fail(e))?;
        Ok((usize::try_from(total).unwrap_or(0), rows))
    }

    /// The stories [`STORIES_MATCHING`] selects, in the list's order
    /// (`stories_newest`, see [`STORY_INDEXES`]): `limit` of them after the
    /// first `offset`, and for a search how many it selects in all. A search
    /// reads every story whatever the page (its `LIKE`s), so it counts them in
    /// the same pass (`None` when its page is empty); a plain list reads its
    /// page off the index and is counted apart (`None`).
    fn listed(
        &self,
        since: Option<&str>,
        pattern: Option<&str>,
        limit: i64,
        offset: i64,
    ) -> Result<(Option<i64>, Vec<StoryRow>)> {
        let counted = pattern.is_some();
        let count = if counted { ", COUNT(*) OVER ()" } else { "" };
        let rows = self
            .connection
            .query(
                &format!(
                    "SELECT id, headline, articles, first_date, last_date{count}
                     FROM stories
                     WHERE {STORIES_MATCHING}
                     ORDER BY last_date IS NULL, last_date DESC, articles DESC, id
                     LIMIT ?3 OFFSET ?4"
                ),
                args![since, pattern, limit, offset],
            )
            .map_err(|e| self.fail(e))?;
        let mut total = None;
        let rows = rows
            .into_iter()
            .map(|mut row| {
                if counted {
                    total = Some(row.int(5)?);
                }
                Ok(StoryRow {
                    id: row.int(0)?,
                    headline: row.text(1)?,
                    articles: row.int(2)?,
                    first_date: row.opt_text(3)?,
                    last_date: row.opt_text(4)?,
                })
            })
            .collect::<Result<Vec<_>, BackendError>>()
            .map_err(|e| self.fail(e))?;
        Ok((total, rows))
    }

    /// Every stored article's key and story: what two corpora built from the
    /// same documents are compared by (their ids may differ).
    pub fn placements(&self) -> Result<Vec<(String, i64)>> {
        self.connection
            .query("SELECT content_hash, story FROM articles", &[])
            .and_then(|rows| {
                rows.into_iter()
                    .map(|mut row| Ok((row.text(0)?, row.int(1)?)))
                    .collect()
            })
            .map_err(|e| self.fail(e))
    }

    /// How many distinct origins (input documents) the stored articles came
    /// from: with `article_count`, whether any document was stored twice.
    pub fn origin_count(&self) -> Result<i64> {
        self.connection
            .query_int("SELECT COUNT(DISTINCT origin) FROM articles", &[])
            .map_err(|e| self.fail(e))
    }

    /// One stored article with its story.
    pub fn article(&self, id: i64) -> Result<Option<(i64, Article)>> {
        self.connection
            .query_row(
                &format!("SELECT story, {ARTICLE_COLUMNS} FROM articles WHERE id = ?1"),
                args![id],
            )
            .and_then(|row| {
                row.map(|mut row| Ok((row.int(0)?, article_from_row(&mut row, 1)?)))
                    .transpose()
            })
            .map_err(|e| self.fail(e))
    }

    /// The ids of a story's articles, in the order of its briefing's sources.
    pub fn story_article_ids(&self, story: i64) -> Result<Vec<i64>> {
        let story = self.current_story(story)?;
        self.connection
            .query(
                "SELECT id FROM articles WHERE story = ?1 ORDER BY id",
                args![story],
            )
            .and_then(|rows| rows.iter().map(|row| row.int(0)).collect())
            .map_err(|e| self.fail(e))
    }

    /// The story a story id now stands for: itself, or the story it was merged into.
    pub fn current_story(&self, story: i64) -> Result<i64> {
        let kept = self
            .connection
            .query_row(
                "SELECT kept FROM story_merges WHERE absorbed = ?1",
                args![story],
            )
            .and_then(|row| row.map(|row| row.int(0)).transpose())
            .map_err(|e| self.fail(e))?;
        Ok(kept.unwrap_or(story))
    }

    /// One story's briefing (a merged story's id gives the story it joined): the
    /// stored one, or one written afresh from the stored articles when none is
    /// stored, when the stored one trails a deferred write, or when it was written
    /// under another word budget than this store's options ask for.
    ///
    /// A briefing written afresh because the stored one trailed (or was missing)
    /// is stored in its place, unless a write changed the story meanwhile: a
    /// corpus ingested with its briefings deferred is briefed story by story as
    /// it is read. Storing it is a courtesy to the next reader, never waited
    /// for: a reader that cannot write at once (a read-only file, a writer
    /// holding the lock) still gets the briefing, and the story stays stale.
    pub fn briefing(&self, story: i64) -> Result<Briefing> {
        let (briefing, standing) = self.read_briefing(story, true)?;
        let Standing::Fresh {
            replaces: Some((story, version)),
        } = standing
        else {
            return Ok(briefing);
        };
        let written = StoryBriefing {
            story,
            version,
            json: to_json(&briefing)?,
            briefing,
        };
        // Not kept is not an error for this reader (see above).
        self.keep_briefing(&written).ok();
        Ok(written.briefing)
    }

    /// Stores a briefing a reader wrote, if its story has not changed since and
    /// no other writer holds the lock.
    fn keep_briefing(&self, written: &StoryBriefing) -> Result<()> {
        let fail = database_error(&self.path);
        let transaction = begin_write(&self.connection, &self.path, Duration::ZERO)?;
        store_briefings(&transaction, std::slice::from_ref(written)).map_err(&fail)?;
        transaction.commit().map_err(fail)
    }

    /// [`Store::briefing`] for a reader that must not wait for briefing work: the
    /// briefing as last stored, even when a deferred write has added articles it
    /// does not include yet (then `true` comes with it). Written afresh only when
    /// the story has none, or one under another word budget.
    pub fn last_briefing(&self, story: i64) -> Result<(Briefing, bool)> {
        let (briefing, standing) = self.read_briefing(story, false)?;
        Ok((
            briefing,
            matches!(standing, Standing::Stored { trails: true }),
        ))
    }

    /// Where a story's briefing stands: the id the story now goes by (a merged
    /// story's id gives the story it joined) and the version of its articles
    /// that its stored briefing does not cover yet (0 when it is current). A
    /// reader may keep a briefing it had written (by [`Store::last_briefing`],
    /// for a story never briefed) under these two, until they change.
    pub fn briefing_state(&self, story: i64) -> Result<(i64, i64)> {
        let story = self.current_story(story)?;
        let stale = self
            .connection
            .query_row("SELECT stale FROM stories WHERE id = ?1", args![story])
            .and_then(|row| row.map(|row| row.int(0)).transpose())
            .map_err(|e| self.fail(e))?;
        Ok((story, stale.ok_or(StoreError::NoSuchStory(story))?))
    }

    /// A story's briefing as stored, or written afresh (see [`Store::briefing`]
    /// and [`Store::last_briefing`], which `current` tells apart), with how it
    /// stands against the stored story.
    fn read_briefing(&self, story: i64, current: bool) -> Result<(Briefing, Standing)> {
        // One snapshot for all reads: a merge committed between them would
        // otherwise leave the id pointing at a story already folded away.
        let snapshot = self.connection.begin_read().map_err(|e| self.fail(e))?;
        let story = self.current_story(story)?;
        let row = snapshot
            .query_row(
                "SELECT briefing, stale FROM stories WHERE id = ?1",
                args![story],
            )
            .and_then(|row| {
                row.map(|mut row| Ok((row.text(0)?, row.int(1)?)))
                    .transpose()
            })
            .map_err(|e| self.fail(e))?;
        let (json, stale) = row.ok_or(StoreError::NoSuchStory(story))?;
        let budget = self.engine.options().brief.summary.words;
        // A stored briefing under this budget may stand in for a fresh one
        // unless it trails and the caller wants the current one.
        let same_budget = if json.is_empty() {
            true
        } else {
            let stored: Briefing = serde_json::from_str(&json)
                .map_err(|e| StoreError::Corrupt(story, e.to_string()))?;
            if stored.word_budget == budget && !(current && stale > 0) {
                return Ok((stored, Standing::Stored { trails: stale > 0 }));
            }
            stored.word_budget == budget
        };
        let articles = story_articles(&snapshot, story).map_err(|e| self.fail(e))?;
        snapshot.commit().map_err(|e| self.fail(e))?;
        let briefing = self.engine.brief(articles).map_err(StoreError::Engine)?;
        // Only a stale story's briefing is replaced, and only by one like it.
        let replaces = (stale > 0 && same_budget).then_some((story, stale));
        Ok((briefing, Standing::Fresh { replaces }))
    }
}

/// How a briefing read from the store stands against the stored story.
enum Standing {
    /// As stored; `trails` when the story has articles it does not include yet.
    Stored { trails: bool },
    /// Written afresh from the story's articles; `replaces` names the story and
    /// its version when the stored briefing (under the same budget, or none)
    /// trailed them, so this one may be stored in its place.
    Fresh { replaces: Option<(i64, i64)> },
}

/// The stories [`Store::stories`] lists: `?1` a date or null, `?2` a
/// [`search_pattern`] or null.
const STORIES_MATCHING: &str = "(CAST(?1 AS TEXT) IS NULL OR last_date >= ?1)
    AND (CAST(?2 AS TEXT) IS NULL
         OR LOWER(headline) LIKE LOWER(?2) OR LOWER(briefing) LIKE LOWER(?2)
         OR (stale > 0 AND EXISTS (
             SELECT 1 FROM articles WHERE articles.story = stories.id
               AND (LOWER(articles.title) LIKE LOWER(?2)
                    OR LOWER(articles.text) LIKE LOWER(?2)))))";

/// A query as a `LIKE` pattern: the text anywhere, its own wildcards dropped.
fn search_pattern(query: Option<&str>) -> Option<String> {
    query.map(|q| format!("%{}%", q.replace(['%', '_'], "")))
}

/// The key an article is stored under ([`article_key`]), for a caller that
/// must name it before it is stored (the article log's message id).
pub fn stored_key(article: &Article) -> String {
    article_key(&words_key(article), article)
}

/// What makes two articles one: the same words from the same source. The same words
/// from another outlet or URL are a syndicated copy, stored as an article of its
/// own, so that the story lists every outlet that ran it (clustering puts the copy
/// with the original, and the briefing counts the copies as one voice). An article
/// with no outlet or URL is known by its words alone. Every key starts with
/// `words`, its article's [`words_key`].
fn article_key(words: &str, article: &Article) -> String {
    if article.outlet.is_none() && article.url.is_none() {
        return words.to_string();
    }
    source_key(words, article.outlet.as_deref(), article.url.as_deref())
}

/// The part of an article's key that its copies share: a hash of its words.
fn words_key(article: &Article) -> String {
    format!("{:016x}", dedup::content_hash(article))
}

/// A content key with the source appended (FNV-1a over outlet and URL, a hash
/// whose values never change between versions, as stored keys must not).
fn source_key(content: &str, outlet: Option<&str>, url: Option<&str>) -> String {
    let mut hash = Fnv1a::default();
    for part in [outlet.unwrap_or(""), "\u{1f}", url.unwrap_or("")] {
        hash.bytes(part.as_bytes());
    }
    format!("{content} {:016x}", hash.value())
}

/// Migration 3: stored keys held the words alone; those of articles with an
/// outlet or URL get their source appended, as `article_key` now makes them.
fn key_sources(transaction: &Connection) -> Result<(), BackendError> {
    let rows = transaction.query(
        "SELECT id, content_hash, outlet, url FROM articles WHERE outlet IS NOT NULL OR url IS NOT NULL",
        &[],
    )?;
    for mut row in rows {
        let (content, outlet, url) = (row.text(1)?, row.opt_text(2)?, row.opt_text(3)?);
        transaction.execute(
            "UPDATE articles SET content_hash = ?1 WHERE id = ?2",
            args![
                &source_key(&content, outlet.as_deref(), url.as_deref()),
                row.int(0)?
            ],
        )?;
    }
    Ok(())
}

/// Our own records as JSON (cannot fail for these types; an error, not a panic, if
/// it ever did).
fn to_json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value)
        .map_err(|e| StoreError::Engine(storyline::Error::Internal(e.to_string())))
}

/// Turns a database failure into an error naming the database.
fn database_error(path: &str) -> impl Fn(BackendError) -> StoreError + Copy + '_ {
    move |source| {
        if source.is_busy() {
            return StoreError::Busy {
                path: path.to_string(),
                waited_secs: sql::BUSY_WAIT.as_secs(),
            };
        }
        StoreError::Database {
            path: path.to_string(),
            source,
        }
    }
}

const ARTICLE_COLUMNS: &str =
    "origin, title, url, outlet, author, date, text, headings, partial, lang";

fn article_from_row(row: &mut sql::Row, from: usize) -> Result<Article, BackendError> {
    let date = row.opt_text(from + 5)?;
    let headings = row.text(from + 7)?;
    let mut article = Article {
        origin: row.text(from)?,
        title: row.text(from + 1)?,
        url: row.opt_text(from + 2)?,
        outlet: row.opt_text(from + 3)?,
        author: row.opt_text(from + 4)?,
        date: date
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
        text: row.text(from + 6)?,
        headings: serde_json::from_str(&headings).unwrap_or_default(),
        partial: row.flag(from + 8)?,
        lang: row.text(from + 9)?,
    };
    if article.lang.is_empty() {
        // Stored before languages were recorded.
        article.lang = article.language().code().to_string();
    }
    Ok(article)
}

/// Stored articles a batch's statements find at once (ranges of keys): the
/// fewer statements, the fewer round trips to a database server.
const KEY_RANGES_PER_STATEMENT: usize = 64;

/// Rows a batch's articles are inserted with at once (12 parameters each).
const ROWS_PER_INSERT: usize = 50;

/// A stored article as a write finds it: id, story and key.
type StoredKey = (i64, i64, String);

/// Every stored article whose key starts with one of `words` (its words'
/// hash: the article itself from this source, or a copy from another), by
/// words.
fn stored_with_words(
    connection: &Connection,
    words: &[String],
) -> Result<HashMap<String, Vec<StoredKey>>, BackendError> {
    let mut unique: Vec<&String> = words.iter().collect();
    unique.sort_unstable();
    unique.dedup();
    let mut found: HashMap<String, Vec<StoredKey>> = HashMap::new();
    for chunk in unique.chunks(KEY_RANGES_PER_STATEMENT) {
        let ranges: Vec<String> = (0..chunk.len())
            .map(|n| {
                format!(
                    "(content_hash >= ?{} AND content_hash < ?{})",
                    2 * n + 1,
                    2 * n + 2
                )
            })
            .collect();
        let bounds: Vec<String> = chunk.iter().map(|words| format!("{words}~")).collect();
        let params: Vec<sql::Param<'_>> = chunk
            .iter()
            .zip(&bounds)
            .flat_map(|(words, bound)| [sql::Param::from(*words), sql::Param::from(bound)])
            .collect();
        let rows = connection.query(
            &format!(
                "SELECT id, story, content_hash FROM articles WHERE {}",
                ranges.join(" OR ")
            ),
            &params,
        )?;
        for mut row in rows {
            let key = row.text(2)?;
            let words = key.split(' ').next().unwrap_or_default().to_string();
            found
                .entry(words)
                .or_default()
                .push((row.int(0)?, row.int(1)?, key));
        }
    }
    Ok(found)
}

/// Inserts the placed articles (`fresh[i]` into its story, under its key,
/// with its headings as JSON, in the order of `placed`), several rows a
/// statement; their ids, in the same order.
fn insert_articles(
    connection: &Connection,
    placed: &[(usize, i64)],
    fresh: &[Article],
    keys: &[String],
    headings: &[String],
) -> Result<Vec<i64>, BackendError> {
    let dates: Vec<Option<String>> = placed
        .iter()
        .map(|&(i, _)| fresh[i].date.map(|d| d.to_string()))
        .collect();
    let mut ids = Vec::with_capacity(placed.len());
    for (at, chunk) in placed.chunks(ROWS_PER_INSERT).enumerate() {
        let from = at * ROWS_PER_INSERT;
        let mut params: Vec<sql::Param<'_>> = Vec::with_capacity(chunk.len() * 12);
        for (n, &(i, story)) in chunk.iter().enumerate() {
            let article = &fresh[i];
            params.extend([
                sql::Param::from(&keys[i]),
                sql::Param::from(&article.origin),
                sql::Param::from(&article.title),
                sql::Param::from(&article.url),
                sql::Param::from(&article.outlet),
                sql::Param::from(&article.author),
                sql::Param::from(&dates[from + n]),
                sql::Param::from(&article.text),
                sql::Param::from(&headings[from + n]),
                sql::Param::from(article.partial),
                sql::Param::from(story),
                sql::Param::from(&article.lang),
            ]);
        }
        let values: Vec<String> = (0..chunk.len())
            .map(|row| {
                let numbers: Vec<String> = (1..=12)
                    .map(|column| format!("?{}", row * 12 + column))
                    .collect();
                format!("({})", numbers.join(", "))
            })
            .collect();
        let returned = connection.query(
            &format!(
                "INSERT INTO articles (content_hash, origin, title, url, outlet, author, date, text, headings, partial, story, lang)
                 VALUES {} RETURNING id, content_hash",
                values.join(", ")
            ),
            &params,
        )?;
        // Matched by key, as neither database promises the rows' order.
        let mut by_key: HashMap<String, i64> = HashMap::with_capacity(returned.len());
        for mut row in returned {
            let id = row.int(0)?;
            by_key.insert(row.text(1)?, id);
        }
        for &(i, _) in chunk {
            let id = by_key.get(&keys[i]).copied();
            ids.push(
                id.ok_or_else(|| BackendError::Missing(format!("the id of article {}", keys[i])))?,
            );
        }
    }
    Ok(ids)
}

fn story_articles(connection: &Connection, story: i64) -> Result<Vec<Article>, BackendError> {
    connection
        .query(
            &format!("SELECT {ARTICLE_COLUMNS} FROM articles WHERE story = ?1 ORDER BY id"),
            args![story],
        )?
        .into_iter()
        .map(|mut row| article_from_row(&mut row, 0))
        .collect()
}

/// Records that a write (whose highest article id is `written`) changed `story`:
/// its count and dates are brought up to date now, its briefing marked stale. A
/// story new in this write takes its earliest article's title (or its text's
/// beginning) as its headline until it is briefed.
fn mark_stale(connection: &Connection, story: i64, written: i64) -> Result<(), BackendError> {
    let updated = connection.execute(
        "UPDATE stories SET
             (articles, first_date, last_date) =
                 (SELECT COUNT(*), MIN(date), MAX(date) FROM articles WHERE story = ?1),
             stale = ?2,
             stale_since = CASE WHEN stale = 0 THEN ?2 ELSE stale_since END
         WHERE id = ?1",
        args![story, written],
    )?;
    if updated == 0 {
        connection.execute(
            "INSERT INTO stories (id, headline, articles, first_date, last_date, briefing, stale, stale_since)
             SELECT CAST(?1 AS BIGINT),
                    (SELECT COALESCE(NULLIF(title, ''), substr(text, 1, 100)) FROM articles
                     WHERE story = ?1 ORDER BY date IS NULL, date, id LIMIT 1),
                    COUNT(*), MIN(date), MAX(date), '', CAST(?2 AS BIGINT), CAST(?2 AS BIGINT)
             FROM articles WHERE story = ?1",
            args![story, written],
        )?;
    }
    Ok(())
}

/// Stores briefings of the versions of their stories they were written from;
/// one whose story changed since (or was merged away) is not stored. Returns
/// how many were.
fn store_briefings(
    connection: &Connection,
    briefings: &[StoryBriefing],
) -> Result<usize, BackendError> {
    let mut written = 0;
    for StoryBriefing {
        story,
        version,
        briefing,
        json,
    } in briefings
    {
        written += connection.execute(
            "UPDATE stories SET headline = ?3, articles = ?4, first_date = ?5, last_date = ?6,
                 briefing = ?7, stale = 0
             WHERE id = ?1 AND stale = ?2",
            args![
                *story,
                *version,
                &briefing.headline,
                briefing.article_count() as i64,
                briefing.first_date.map(|d| d.to_string()).as_deref(),
                briefing.last_date.map(|d| d.to_string()).as_deref(),
                json,
            ],
        )? as usize;
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::throwaway_postgres::ThrowawayPostgres;
    use std::path::PathBuf;
    use std::sync::Arc;
    use storyline::model::{Format, GivenMeta};

    /// A new database file for one test.
    fn new_database(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("storyline-store-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("news.db")
    }

    /// A new, empty database for one test, in either backend.
    pub(crate) enum TestDb {
        Sqlite(PathBuf),
        /// The URL of a database on a server kept running while the test holds it.
        Postgres(Arc<ThrowawayPostgres>, PathBuf),
    }

    impl TestDb {
        pub(crate) fn sqlite(name: &str) -> TestDb {
            TestDb::Sqlite(new_database(name))
        }

        pub(crate) fn postgres(name: &str) -> TestDb {
            let server = ThrowawayPostgres::shared().unwrap();
            let url = server.new_database(name).unwrap();
            TestDb::Postgres(server, PathBuf::from(url))
        }

        pub(crate) fn path(&self) -> &Path {
            match self {
                TestDb::Sqlite(path) | TestDb::Postgres(_, path) => path,
            }
        }

        /// A location of this backend that cannot be opened.
        fn unopenable(&self) -> PathBuf {
            match self {
                TestDb::Sqlite(path) => path.parent().unwrap().to_path_buf(),
                TestDb::Postgres(server, _) => PathBuf::from(server.url("no_such_database")),
            }
        }
    }

    /// Runs a test (a function of a [`TestDb`]) on SQLite, and on PostgreSQL
    /// where the tests are asked to start one (`-- --ignored`).
    macro_rules! on_both_backends {
        ($($test:ident),* $(,)?) => {$(
            mod $test {
                #[test]
                fn sqlite() {
                    super::$test(super::TestDb::sqlite(stringify!($test)));
                }

                #[test]
                #[ignore = "starts PostgreSQL (initdb, pg_ctl): cargo test -p storyline-store -- --ignored"]
                fn postgres() {
                    super::$test(super::TestDb::postgres(stringify!($test)));
                }
            }
        )*};
    }
    pub(crate) use on_both_backends;

    on_both_backends!(
        a_story_holding_two_events_is_split_and_every_writer_follows,
        a_syndicated_copy_is_kept_with_its_outlet_and_a_repeat_is_not,
        batches_written_together_are_each_reported_as_their_own,
        deferred_briefings_are_written_once_the_articles_are_in_or_by_the_first_reader_and_never_from_an_older_reading,
        every_stale_story_is_briefed_in_overlapping_rounds,
        a_copy_dated_months_apart_joins_the_story_of_its_first_printing,
        each_failure_has_its_code,
        an_outlets_furniture_is_learned_from_what_the_store_holds,
    );

    /// One wire report as an outlet ran it, on 3 March 2026.
    fn wire_copy(outlet: &str) -> RawDoc {
        dated_wire_copy(outlet, "2026-03-03")
    }

    /// One wire report as an outlet ran it, on `date`.
    fn dated_wire_copy(outlet: &str, date: &str) -> RawDoc {
        RawDoc {
            origin: format!("{outlet}.txt"),
            format: Format::Text,
            content: "Engineers opened the Arle dam on Tuesday after six years of work. The \
                      reservoir will take three months to fill, the regional water board said."
                .to_string(),
            given: GivenMeta {
                title: Some("Arle dam opens after six years".to_string()),
                date: Some(date.to_string()),
                outlet: Some(outlet.to_string()),
                ..GivenMeta::default()
            },
        }
    }

    /// A report of `outlet` on `day` March 2026, with its own words.
    fn report(outlet: &str, day: u32, title: &str, text: &str) -> RawDoc {
        RawDoc {
            origin: format!("{outlet}-{day}.txt"),
            format: Format::Text,
            content: format!("{text} ({outlet}, {day} March.)"),
            given: GivenMeta {
                title: Some(title.to_string()),
                date: Some(format!("2026-03-{day:02}")),
                outlet: Some(outlet.to_string()),
                ..GivenMeta::default()
            },
        }
    }

    const DAM: &str = "Engineers opened the Arle dam on Tuesday after six years of work. The \
                       reservoir will take three months to fill, the regional water board said.";
    const SPILL: &str = "Marlow closed its water intake on the Orrin River after solvent leaked \
                         from the Kestrel Chemicals plant, Mayor Dana Whitcombe said.";

    fn a_story_holding_two_events_is_split_and_every_writer_follows(db: TestDb) {
        let db = db.path();
        let mut warm = Store::open(db).unwrap();
        let dam = warm
            .ingest(vec![
                report("Harbour Times", 3, "Arle dam opens", DAM),
                report("Valley Post", 4, "Arle dam opens after six years", DAM),
                report("Calder Courier", 4, "Arle reservoir starts to fill", DAM),
            ])
            .unwrap();
        let spill = warm
            .ingest(vec![
                report("Harbour Times", 4, "Spill closes Marlow intake", SPILL),
                report("Valley Post", 5, "Solvent leak shuts Marlow intake", SPILL),
            ])
            .unwrap();
        let dam_story = dam.articles[0].story;
        assert_ne!(dam_story, spill.articles[0].story);
        // A store written by an older Storyline took both into one story.
        warm.connection
            .batch(&format!(
                "UPDATE articles SET story = {dam_story}; DELETE FROM stories WHERE id <> {dam_story};"
            ))
            .unwrap();

        // Another writer's batch shows the story to be two events: the larger keeps
        // its id, the spill's reports move to a new story with the new report.
        let mut cold = Store::open(db).unwrap();
        let follow_up = cold
            .ingest(vec![report(
                "Calder Courier",
                6,
                "Marlow intake stays shut",
                SPILL,
            )])
            .unwrap();
        assert_eq!(follow_up.moved_articles, 2);
        let spill_story = follow_up.articles[0].story;
        assert_ne!(spill_story, dam_story);
        for moved in &spill.articles {
            assert_eq!(cold.article(moved.id).unwrap().unwrap().0, spill_story);
        }
        assert_eq!(cold.story_article_ids(dam_story).unwrap().len(), 3);
        assert_eq!(cold.briefing(spill_story).unwrap().sources.len(), 3);
        assert_eq!(cold.briefing(dam_story).unwrap().sources.len(), 3);

        // The first writer catches up with the moves: its next report joins the
        // spill's story, and nothing moves again.
        let later = warm
            .ingest(vec![report(
                "Valley Post",
                7,
                "Marlow intake reopens",
                SPILL,
            )])
            .unwrap();
        assert_eq!(later.articles[0].story, spill_story);
        assert_eq!((later.moved_articles, later.merged_stories), (0, 0));

        // Listed a page at a time, most recent first, with the count of all.
        let all = warm.stories(None, None).unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].id, spill_story);
        let page = |limit, offset| warm.stories_page(None, None, limit, offset).unwrap();
        assert_eq!(page(1, 0), (2, all[..1].to_vec()));
        assert_eq!(page(1, 1), (2, all[1..].to_vec()));
        assert_eq!(page(10, 2), (2, Vec::new()));
        let (found, rows) = warm.stories_page(None, Some("intake"), 10, 0).unwrap();
        assert_eq!((found, rows[0].id), (1, spill_story));
    }

    fn a_syndicated_copy_is_kept_with_its_outlet_and_a_repeat_is_not(db: TestDb) {
        let mut store = Store::open(db.path()).unwrap();
        let first = store
            .ingest(vec![wire_copy("Harbour Times"), wire_copy("Valley Post")])
            .unwrap();
        assert_eq!((first.added, first.duplicates), (2, 0));
        let (times, post) = (first.articles[0], first.articles[1]);
        assert_ne!(times.id, post.id);
        assert_eq!(times.story, post.story, "copies are one story");
        let briefing = store.briefing(times.story).unwrap();
        assert_eq!(briefing.outlet_count(), 2);

        let again = store.ingest(vec![wire_copy("Valley Post")]).unwrap();
        assert_eq!((again.added, again.duplicates), (0, 1));
        assert_eq!(again.articles[0].id, post.id);
    }

    fn batches_written_together_are_each_reported_as_their_own(db: TestDb) {
        let mut store = Store::open(db.path()).unwrap();
        let first = store.ingest(vec![wire_copy("Harbour Times")]).unwrap();
        let extract = |raws: Vec<RawDoc>| store.extract(raws).0;
        let stored_again = extract(vec![wire_copy("Harbour Times")]);
        let copy = extract(vec![wire_copy("Valley Post")]);
        let spill = extract(vec![report("Marlow Echo", 5, "Solvent leak", SPILL)]);
        let batches = vec![
            [stored_again, copy.clone()].concat(),
            [copy, spill].concat(),
        ];
        let reports = store.ingest_batches(batches).unwrap();
        let counts: Vec<_> = reports
            .iter()
            .map(|r| (r.added, r.duplicates, r.new_stories, r.changed_stories))
            .collect();
        // The stored report and the copy it came with; the copy again (the first
        // batch added it) and a report that starts a story of its own.
        assert_eq!(counts, [(1, 1, 0, 1), (1, 1, 1, 1)]);
        let dam = first.articles[0];
        assert_eq!(reports[0].articles[0], dam);
        assert_eq!(reports[0].articles[1].story, dam.story);
        assert_eq!(reports[1].articles[0], reports[0].articles[1]);
        assert_ne!(reports[1].articles[1].story, dam.story);
        assert_eq!(store.article_count().unwrap(), 3);
    }

    fn deferred_briefings_are_written_once_the_articles_are_in_or_by_the_first_reader_and_never_from_an_older_reading(
        db: TestDb,
    ) {
        let mut store = Store::open(db.path()).unwrap();
        store.defer_briefings(true);
        let first = store.ingest(vec![wire_copy("Harbour Times")]).unwrap();
        let story = first.articles[0].story;
        assert_eq!(store.stale_count().unwrap(), 1);
        // Listed at once, with its count, dates and a headline from its title.
        let rows = store.stories(None, None).unwrap();
        assert_eq!((rows[0].id, rows[0].articles), (story, 1));
        assert_eq!(rows[0].headline, "Arle dam opens after six years");
        // And found by the words of its articles, which no briefing holds yet.
        let found = store.stories(None, Some("RESERVOIR")).unwrap();
        assert_eq!(found.iter().map(|r| r.id).collect::<Vec<_>>(), [story]);
        assert!(store.stories(None, Some("spillway")).unwrap().is_empty());
        // A reader that cannot wait still gets a briefing: none was stored, so
        // it is written from the articles.
        let (briefing, pending) = store.last_briefing(story).unwrap();
        assert_eq!((briefing.article_count(), pending), (1, false));

        assert_eq!(store.brief_stale(10).unwrap().written, 1);
        assert_eq!(store.stale_count().unwrap(), 0);
        let second = store.ingest(vec![wire_copy("Valley Post")]).unwrap();
        assert_eq!(second.articles[0].story, story);
        // The stored briefing trails the write, and says so; `briefing` is current.
        let (trailing, pending) = store.last_briefing(story).unwrap();
        assert_eq!((trailing.article_count(), pending), (1, true));
        assert_eq!(store.stories(None, None).unwrap()[0].articles, 2);

        // A briefing written from the first version is not stored over the second.
        let articles = story_articles(&store.connection, story).unwrap();
        let outdated: Vec<_> =
            brief_on_every_core(&store.engine, vec![(story, first.articles[0].id, articles)])
                .into_iter()
                .map(|outcome| outcome.map_err(|(_, _, error)| error).unwrap())
                .collect();
        let written = store_briefings(&store.connection, &outdated).unwrap();
        assert_eq!(written, 0);
        assert_eq!(store.stale_count().unwrap(), 1);

        // `briefing` is current, and what it wrote is stored for the next reader,
        // unless another writer holds the lock: then it is not waited for.
        let holder = Store::open(db.path()).unwrap();
        let lock = holder.connection.begin_write(Duration::ZERO).unwrap();
        assert_eq!(store.briefing(story).unwrap().article_count(), 2);
        assert_eq!(store.stale_count().unwrap(), 1);
        drop(lock);
        assert_eq!(store.briefing(story).unwrap().article_count(), 2);
        assert_eq!(store.stale_count().unwrap(), 0);
        assert_eq!(store.brief_stale(10).unwrap().written, 0);
        let (current, pending) = store.last_briefing(story).unwrap();
        assert_eq!((current.article_count(), pending), (2, false));
    }

    fn every_stale_story_is_briefed_in_overlapping_rounds(db: TestDb) {
        let mut store = Store::open(db.path()).unwrap();
        store.defer_briefings(true);
        let ferry = "The Orla ferry ran aground off Kessin on Monday; all 212 passengers \
                     were taken ashore by lifeboats, the coastguard said.";
        store
            .ingest(vec![
                report("Harbour Times", 3, "Arle dam opens", DAM),
                report("Valley Post", 3, "Marlow shuts its water intake", SPILL),
                report("Calder Courier", 4, "Ferry runs aground off Kessin", ferry),
            ])
            .unwrap();
        assert_eq!(store.stale_count().unwrap(), 3);
        // A story a round: each round is briefed while the one before is stored
        // and the one after is read, and each is told as it is stored.
        let mut rounds = Vec::new();
        let written = store
            .brief_every_stale(1, |round| rounds.push(round.written))
            .unwrap();
        assert_eq!((written, rounds), (3, vec![1, 1, 1]));
        assert_eq!(store.stale_count().unwrap(), 0);
        // Each story holds its own briefing, as one written anew reads.
        for row in store.stories(None, None).unwrap() {
            let (stored, pending) = store.last_briefing(row.id).unwrap();
            let articles = story_articles(&store.connection, row.id).unwrap();
            let anew = store.engine.brief(articles).unwrap();
            assert!(!pending);
            assert_eq!(to_json(&stored).unwrap(), to_json(&anew).unwrap());
        }
        assert_eq!(store.brief_every_stale(1, |_| {}).unwrap(), 0);
    }

    fn a_copy_dated_months_apart_joins_the_story_of_its_first_printing(db: TestDb) {
        let mut store = Store::open(db.path()).unwrap();
        // The first copy carries a wrong date, months before the event.
        let first = store
            .ingest(vec![dated_wire_copy("Harbour Times", "2025-10-01")])
            .unwrap();
        let later = store
            .ingest(vec![dated_wire_copy("Valley Post", "2026-03-03")])
            .unwrap();
        assert_eq!((later.added, later.new_stories), (1, 0));
        assert_eq!(later.articles[0].story, first.articles[0].story);
        assert_eq!(store.stories(None, None).unwrap().len(), 1);
    }

    fn an_outlets_furniture_is_learned_from_what_the_store_holds(db: TestDb) {
        // A station that prints a headline suffix, a sign-in notice and a
        // slogan on every report, and a paper that prints none, each
        // reporting three events (issue 13: outlet furniture). One article an
        // ingest, station's first; the store is closed and opened again after
        // the first event.
        let stream = storyline::ingest::read_named(
            "local-station.jsonl",
            include_bytes!("../../storyline/src/testing/local-station.jsonl"),
        );
        assert!(stream.errors.is_empty(), "{:?}", stream.errors);
        let mut store = Store::open(db.path()).unwrap();
        let mut stories = Vec::new();
        for (n, reports) in stream.docs.chunks(2).enumerate() {
            if n == 1 {
                store = Store::open(db.path()).unwrap();
            }
            let title = reports[0].given.title.clone().unwrap_or_default();
            let station = store.ingest(vec![reports[0].clone()]).unwrap();
            let paper = store.ingest(vec![reports[1].clone()]).unwrap();
            assert_eq!(
                paper.articles[0].story, station.articles[0].story,
                "{title}"
            );
            stories.push(station.articles[0].story);
        }
        stories.dedup();
        assert_eq!(stories.len(), 3, "{stories:?}");
        assert_eq!(store.stories(None, None).unwrap().len(), 3);
    }

    /// Issue 19: a reader held up by another connection's lock for longer
    /// than the busy wait is told the database is busy (the server tries the
    /// read again), not that the database failed.
    #[test]
    fn a_read_held_up_past_the_busy_wait_is_busy() {
        let path = new_database("held_up");
        drop(Store::open(&path).unwrap());
        let holder = rusqlite::Connection::open(&path).unwrap();
        holder
            .execute_batch(
                "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; CREATE TABLE held (x);",
            )
            .unwrap();
        let read = Store::open(&path).and_then(|store| store.stories_page(None, None, 10, 0));
        assert!(matches!(read, Err(StoreError::Busy { .. })), "{read:?}");
        drop(holder);
        let store = Store::open(&path).unwrap();
        assert!(store.stories_page(None, None, 10, 0).is_ok());
    }

    #[test]
    fn keys_stored_before_sources_counted_are_rewritten() {
        let path = new_database("rekey");
        let article = storyline::extract::extract_one(
            wire_copy("Valley Post"),
            &storyline::extract::ExtractOptions::default(),
        )
        .unwrap();
        {
            // A database as version 2 left it: the key is the words alone.
            let connection = Connection::open(&path.to_string_lossy()).unwrap();
            connection
                .batch(&format!(
                    "{}{}PRAGMA user_version = 2;",
                    SQLITE_MIGRATIONS[0], SQLITE_MIGRATIONS[1]
                ))
                .unwrap();
            connection
                .execute(
                    "INSERT INTO articles (content_hash, origin, title, outlet, date, text, headings, partial, story)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, '[]', 0, 1)",
                    args![
                        &words_key(&article),
                        &article.origin,
                        &article.title,
                        &article.outlet,
                        article.date.map(|d| d.to_string()).as_deref(),
                        &article.text,
                    ],
                )
                .unwrap();
        }
        let mut store = Store::open(&path).unwrap();
        let again = store.ingest(vec![wire_copy("Valley Post")]).unwrap();
        assert_eq!(
            (again.added, again.duplicates),
            (0, 1),
            "the stored article is found"
        );
        let copy = store.ingest(vec![wire_copy("Harbour Times")]).unwrap();
        assert_eq!(
            (copy.added, copy.duplicates),
            (1, 0),
            "another outlet's copy is kept"
        );
    }

    /// Every failure the store reports, each with its code.
    fn each_failure_has_its_code(db: TestDb) {
        let code = |result: Result<()>| result.unwrap_err().code();
        let mut store = Store::open(db.path()).unwrap();
        let added = store.ingest(vec![wire_copy("Valley Post")]).unwrap();
        let story = added.articles[0].story;

        assert_eq!(
            code(store.briefing(story + 100).map(drop)),
            "story_not_found"
        );

        store
            .connection
            .execute(
                "UPDATE stories SET briefing = 'not json' WHERE id = ?1",
                args![story],
            )
            .unwrap();
        assert_eq!(code(store.briefing(story).map(drop)), "corrupt");

        // Another connection holds the write lock; this store waits no time.
        let holder = Store::open(db.path()).unwrap();
        let lock = holder
            .connection
            .begin_write(Duration::ZERO)
            .unwrap()
            .unwrap();
        store.set_lock_wait(Duration::ZERO);
        let busy = store.ingest(vec![wire_copy("Harbour Times")]).map(drop);
        assert_eq!(code(busy), "busy");
        drop(lock);

        let newer = holder.connection.schema_version().unwrap() + 1;
        holder.connection.set_schema_version(newer).unwrap();
        assert_eq!(code(Store::open(db.path()).map(drop)), "schema_too_new");

        assert_eq!(code(Store::open(&db.unopenable()).map(drop)), "database");

        let engine = StoreError::Engine(storyline::Error::Internal("a bug".into()));
        assert_eq!(engine.code(), "internal");
    }
}
