//! Issue 19: several `storyline serve` processes on one PostgreSQL database
//! take writes and reads at once, and hold one corpus: every accepted article
//! stored once, and the stories a single process makes of the same articles.
//!
//! Each test starts a throwaway PostgreSQL on a loopback port (Debian's
//! PostgreSQL 15: `initdb` and `pg_ctl`) and stops it afterwards, so they are
//! ignored by default and run by `.ci/run` (`-- --ignored postgres::`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use storyline_store::throwaway_postgres::ThrowawayPostgres;
use storyline_store::Store;

use crate::common::{examples, made_up_article, scratch, spill};
use crate::server::{request, start};

/// The project's two stories as raw bodies, in a fixed order: the spill's
/// files and the example's, each posted as it is (the server tells Markdown,
/// text, HTML and JSON apart by their content).
fn story_files() -> Vec<Vec<u8>> {
    let mut files: Vec<PathBuf> = [spill(), examples()]
        .iter()
        .flat_map(|dir| std::fs::read_dir(dir).unwrap())
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.extension()
                .is_some_and(|ext| ["md", "txt", "html", "json"].contains(&ext.to_str().unwrap()))
        })
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| std::fs::read(path).unwrap())
        .collect()
}

fn post(port: u16, body: &[u8]) -> serde_json::Value {
    let (status, text) = request(
        port,
        "POST",
        "/api/articles",
        &[("Content-Type", "text/plain")],
        body,
    );
    assert_eq!(status, 200, "{text}");
    serde_json::from_str(&text).unwrap()
}

/// Waits until every story of a corpus is briefed (within 60 s).
fn briefed(db: &Path) {
    let store = Store::open(db).unwrap();
    let started = Instant::now();
    while store.stale_count().unwrap() > 0 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "briefings still stale"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The stories of a corpus as a reader compares them: each story's articles
/// (by title and outlet, whatever their ids) with its headline, article count
/// and first date.
type Stories = BTreeSet<(Vec<(String, String)>, String, i64, Option<String>)>;

fn stories_of(db: &Path) -> Stories {
    let store = Store::open(db).unwrap();
    store
        .stories(None, None)
        .unwrap()
        .into_iter()
        .map(|row| {
            let mut articles: Vec<(String, String)> = store
                .story_article_ids(row.id)
                .unwrap()
                .into_iter()
                .map(|id| {
                    let (_, article) = store.article(id).unwrap().unwrap();
                    (article.title, article.outlet.unwrap_or_default())
                })
                .collect();
            articles.sort();
            (articles, row.headline, row.articles, row.first_date)
        })
        .collect()
}

#[test]
#[ignore = "starts PostgreSQL (initdb, pg_ctl): run by .ci/run"]
fn issue_19_two_servers_on_one_database_hold_one_corpus() {
    let postgres = ThrowawayPostgres::shared().unwrap();
    let url = PathBuf::from(postgres.new_database("two_servers").unwrap());
    let (a, b) = (start(&url), start(&url));
    let (port_a, port_b) = (a.port, b.port);

    // Every article posted through both servers at about the same moment: one
    // of the two stores it, the other finds it stored, and both name one id.
    const ARTICLES: usize = 160;
    let posters: Vec<_> = [port_a, port_a, port_b, port_b]
        .into_iter()
        .enumerate()
        .map(|(poster, port)| {
            std::thread::spawn(move || {
                let half = if poster % 2 == 0 {
                    0..ARTICLES / 2
                } else {
                    ARTICLES / 2..ARTICLES
                };
                half.map(|i| {
                    let answer = post(port, made_up_article(i).as_bytes());
                    (
                        i,
                        answer["added"].as_u64().unwrap(),
                        answer["articles"][0]["id"].as_i64().unwrap(),
                    )
                })
                .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut answers: Vec<(usize, u64, i64)> = posters
        .into_iter()
        .flat_map(|poster| poster.join().unwrap())
        .collect();
    answers.sort_unstable();
    for pair in answers.chunks(2) {
        let [(i, added_once, id_once), (_, added_twice, id_twice)] = pair else {
            panic!("article answered once: {pair:?}");
        };
        assert_eq!(added_once + added_twice, 1, "article {i} stored once");
        assert_eq!(id_once, id_twice, "article {i} has one id");
    }

    // The project's two stories, posted in turn through one server and the other.
    let files = story_files();
    for (n, body) in files.iter().enumerate() {
        post(if n % 2 == 0 { port_a } else { port_b }, body);
    }
    // Both servers read the corpus both wrote.
    briefed(&url);
    let listed = |port| request(port, "GET", "/api/stories", &[], b"").1;
    assert_eq!(listed(port_a), listed(port_b));
    drop((a, b));

    // One process given the same articles in the same order makes the same stories.
    let dir = scratch("one-server");
    let single_db = dir.join("news.db");
    let single = start(&single_db);
    for i in 0..ARTICLES {
        post(single.port, made_up_article(i).as_bytes());
    }
    for body in &files {
        post(single.port, body);
    }
    briefed(&single_db);
    drop(single);
    let (distributed, alone) = (stories_of(&url), stories_of(&single_db));
    assert_eq!(distributed, alone);
    assert_eq!(
        distributed.len(),
        ARTICLES + 2,
        "each made-up article alone, and two stories"
    );

    let store = Store::open(&url).unwrap();
    assert_eq!(
        store.article_count().unwrap(),
        (ARTICLES + files.len()) as i64
    );
    assert!(store.integrity_ok().unwrap());
}
