//! The persistent corpus: one SQLite file holding articles, stories and briefings.
//!
//! Users run Storyline for weeks over a growing corpus, so ingesting must be
//! idempotent (the same content twice is one article), transactional (an ingest
//! killed halfway leaves a valid database with every batch it reported committed)
//! and incremental (new articles join the stories already stored or start new ones,
//! and only the briefings of stories that changed are recomputed). The engine does
//! the work; this crate only keeps its results. SQLite runs in WAL mode, so readers
//! are served while an ingest writes.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};
use storyline::cluster::{ClusterOptions, DocumentFrequencies, Featurizer, StoryClusterer};
use storyline::model::{Article, Briefing, RawDoc};
use storyline::{analyze, brief, dedup, extract, SummaryOptions};

/// Schema migrations, applied in order; `PRAGMA user_version` is how many ran.
const MIGRATIONS: &[&str] = &[r#"
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
"#];

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database {path}: {source}")]
    Database {
        path: String,
        #[source]
        source: rusqlite::Error,
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
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// What one ingest did.
#[derive(Debug, Default)]
pub struct IngestReport {
    pub added: usize,
    /// Articles whose content was already stored (or came twice in the batch).
    pub duplicates: usize,
    pub new_stories: usize,
    /// Stories whose briefing was recomputed (new ones included).
    pub changed_stories: usize,
    /// Inputs that yielded no article.
    pub skipped: Vec<storyline::Error>,
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
}

impl Store {
    /// Opens (creating if needed) a store and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        let name = path.display().to_string();
        let error = |source| StoreError::Database {
            path: name.clone(),
            source,
        };
        let connection = Connection::open(path).map_err(error)?;
        connection
            .execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;")
            .map_err(error)?;
        let store = Store {
            connection,
            path: name,
        };
        store.migrate()?;
        Ok(store)
    }

    fn fail(&self, source: rusqlite::Error) -> StoreError {
        StoreError::Database {
            path: self.path.clone(),
            source,
        }
    }

    fn migrate(&self) -> Result<()> {
        let version: i64 = self
            .connection
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.fail(e))?;
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found: version,
                known,
            });
        }
        for (index, migration) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let sql = format!(
                "BEGIN; {migration} PRAGMA user_version = {}; COMMIT;",
                index + 1
            );
            self.connection
                .execute_batch(&sql)
                .map_err(|e| self.fail(e))?;
        }
        Ok(())
    }

    /// Ingests a batch in one transaction: everything or nothing is stored.
    pub fn ingest(&mut self, raws: Vec<RawDoc>) -> Result<IngestReport> {
        let (articles, skipped) = extract::extract_batch(raws);
        let mut report = IngestReport {
            skipped,
            ..IngestReport::default()
        };
        let stored = self.stored_articles()?;
        let mut known_hashes: std::collections::HashSet<String> = self.hashes()?;
        let mut fresh: Vec<(String, Article)> = Vec::new();
        for article in articles {
            let hash = format!("{:016x}", dedup::fingerprint(&article).content);
            if known_hashes.insert(hash.clone()) {
                fresh.push((hash, article));
            } else {
                report.duplicates += 1;
            }
        }
        if fresh.is_empty() {
            return Ok(report);
        }

        // Replay the stored corpus with its stories fixed, then the new articles.
        let options = ClusterOptions::default();
        let mut featurizer = Featurizer::new(options.clone());
        let stored_counts: Vec<_> = stored.iter().map(|(_, a)| featurizer.counts(a)).collect();
        let fresh_counts: Vec<_> = fresh.iter().map(|(_, a)| featurizer.counts(a)).collect();
        let mut frequencies = DocumentFrequencies::default();
        for c in stored_counts.iter().chain(&fresh_counts) {
            frequencies.add(c);
        }
        let mut clusterer = StoryClusterer::new(options);
        let mut internal_of_story: std::collections::HashMap<i64, usize> =
            std::collections::HashMap::new();
        let mut story_of_internal: Vec<i64> = Vec::new();
        for ((story, article), counts) in stored.iter().zip(&stored_counts) {
            let next = internal_of_story.len();
            let internal = *internal_of_story.entry(*story).or_insert(next);
            if internal == story_of_internal.len() {
                story_of_internal.push(*story);
            }
            clusterer.add_known(&frequencies.vector(counts), article.date, internal);
        }
        let mut order: Vec<usize> = (0..fresh.len()).collect();
        order.sort_by_key(|&i| (fresh[i].1.date.is_none(), fresh[i].1.date, i));
        let mut next_story: i64 = self
            .connection
            .query_row("SELECT COALESCE(MAX(id), 0) FROM stories", [], |r| r.get(0))
            .map_err(|e| self.fail(e))?;
        let mut assigned: Vec<(usize, i64)> = Vec::new();
        for &i in &order {
            let internal = clusterer.add(&frequencies.vector(&fresh_counts[i]), fresh[i].1.date);
            if internal == story_of_internal.len() {
                next_story += 1;
                story_of_internal.push(next_story);
                report.new_stories += 1;
            }
            assigned.push((i, story_of_internal[internal]));
        }

        let transaction = self
            .connection
            .transaction()
            .map_err(|e| StoreError::Database {
                path: self.path.clone(),
                source: e,
            })?;
        let mut changed: Vec<i64> = Vec::new();
        for &(i, story) in &assigned {
            let (hash, article) = &fresh[i];
            transaction
                .execute(
                    "INSERT INTO articles (content_hash, origin, title, url, outlet, author, date, text, headings, partial, story)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                    params![
                        hash,
                        article.origin,
                        article.title,
                        article.url,
                        article.outlet,
                        article.author,
                        article.date.map(|d| d.to_string()),
                        article.text,
                        serde_json::to_string(&article.headings).expect("offsets serialise"),
                        article.partial,
                        story
                    ],
                )
                .map_err(|e| StoreError::Database { path: self.path.clone(), source: e })?;
            report.added += 1;
            if !changed.contains(&story) {
                changed.push(story);
            }
        }
        for &story in &changed {
            let articles =
                story_articles(&transaction, story).map_err(|e| StoreError::Database {
                    path: self.path.clone(),
                    source: e,
                })?;
            let copies = dedup::copy_groups(&articles);
            let briefing = brief::brief(
                &analyze::analyze_all(articles),
                &copies,
                &SummaryOptions::briefing(),
            );
            transaction
                .execute(
                    "INSERT INTO stories (id, headline, articles, first_date, last_date, briefing)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT(id) DO UPDATE SET headline = ?2, articles = ?3, first_date = ?4, last_date = ?5, briefing = ?6",
                    params![
                        story,
                        briefing.headline,
                        briefing.sources.len() as i64,
                        briefing.first_date.map(|d| d.to_string()),
                        briefing.last_date.map(|d| d.to_string()),
                        serde_json::to_string(&briefing).expect("briefing serialises"),
                    ],
                )
                .map_err(|e| StoreError::Database { path: self.path.clone(), source: e })?;
        }
        transaction.commit().map_err(|e| StoreError::Database {
            path: self.path.clone(),
            source: e,
        })?;
        report.changed_stories = changed.len();
        Ok(report)
    }

    fn hashes(&self) -> Result<std::collections::HashSet<String>> {
        let mut statement = self
            .connection
            .prepare("SELECT content_hash FROM articles")
            .map_err(|e| self.fail(e))?;
        let rows = statement
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(|e| self.fail(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.fail(e))
    }

    /// Stored articles with their stories, in publication order.
    fn stored_articles(&self) -> Result<Vec<(i64, Article)>> {
        let mut statement = self
            .connection
            .prepare(&format!(
                "SELECT story, {ARTICLE_COLUMNS} FROM articles ORDER BY date IS NULL, date, id"
            ))
            .map_err(|e| self.fail(e))?;
        let rows = statement
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, article_from_row(r, 1)?)))
            .map_err(|e| self.fail(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.fail(e))
    }

    /// SQLite's own consistency check of the file.
    pub fn integrity_ok(&self) -> Result<bool> {
        let verdict: String = self
            .connection
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|e| self.fail(e))?;
        Ok(verdict == "ok")
    }

    pub fn article_count(&self) -> Result<i64> {
        self.connection
            .query_row("SELECT COUNT(*) FROM articles", [], |r| r.get(0))
            .map_err(|e| self.fail(e))
    }

    /// Stories, most recent first, optionally since a date and matching a query
    /// (in the headline or the briefing's text).
    pub fn stories(&self, since: Option<&str>, query: Option<&str>) -> Result<Vec<StoryRow>> {
        let pattern = query.map(|q| format!("%{}%", q.replace(['%', '_'], "")));
        let mut statement = self
            .connection
            .prepare(
                "SELECT id, headline, articles, first_date, last_date FROM stories
                 WHERE (?1 IS NULL OR last_date >= ?1)
                   AND (?2 IS NULL OR headline LIKE ?2 OR briefing LIKE ?2)
                 ORDER BY last_date IS NULL, last_date DESC, articles DESC, id",
            )
            .map_err(|e| self.fail(e))?;
        let rows = statement
            .query_map(params![since, pattern], |r| {
                Ok(StoryRow {
                    id: r.get(0)?,
                    headline: r.get(1)?,
                    articles: r.get(2)?,
                    first_date: r.get(3)?,
                    last_date: r.get(4)?,
                })
            })
            .map_err(|e| self.fail(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.fail(e))
    }

    /// One stored article with its story.
    pub fn article(&self, id: i64) -> Result<Option<(i64, Article)>> {
        self.connection
            .query_row(
                &format!("SELECT story, {ARTICLE_COLUMNS} FROM articles WHERE id = ?1"),
                [id],
                |r| Ok((r.get::<_, i64>(0)?, article_from_row(r, 1)?)),
            )
            .optional()
            .map_err(|e| self.fail(e))
    }

    /// The ids of a story's articles, in the order of its briefing's sources.
    pub fn story_article_ids(&self, story: i64) -> Result<Vec<i64>> {
        let mut statement = self
            .connection
            .prepare("SELECT id FROM articles WHERE story = ?1 ORDER BY id")
            .map_err(|e| self.fail(e))?;
        let rows = statement
            .query_map([story], |r| r.get(0))
            .map_err(|e| self.fail(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.fail(e))
    }

    /// One story's briefing.
    pub fn briefing(&self, story: i64) -> Result<Briefing> {
        let json: Option<String> = self
            .connection
            .query_row("SELECT briefing FROM stories WHERE id = ?1", [story], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| self.fail(e))?;
        let json = json.ok_or(StoreError::NoSuchStory(story))?;
        serde_json::from_str(&json).map_err(|e| StoreError::Corrupt(story, e.to_string()))
    }
}

const ARTICLE_COLUMNS: &str = "origin, title, url, outlet, author, date, text, headings, partial";

fn article_from_row(row: &rusqlite::Row<'_>, from: usize) -> rusqlite::Result<Article> {
    let date: Option<String> = row.get(from + 5)?;
    let headings: String = row.get(from + 7)?;
    Ok(Article {
        origin: row.get(from)?,
        title: row.get(from + 1)?,
        url: row.get(from + 2)?,
        outlet: row.get(from + 3)?,
        author: row.get(from + 4)?,
        date: date
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
        text: row.get(from + 6)?,
        headings: serde_json::from_str(&headings).unwrap_or_default(),
        partial: row.get(from + 8)?,
    })
}

fn story_articles(connection: &Connection, story: i64) -> rusqlite::Result<Vec<Article>> {
    let mut statement = connection.prepare(&format!(
        "SELECT {ARTICLE_COLUMNS} FROM articles WHERE story = ?1 ORDER BY id"
    ))?;
    let rows = statement.query_map([story], |r| article_from_row(r, 0))?;
    rows.collect()
}
