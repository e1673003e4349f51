//! Issue 19: beyond one process. Several `storyline serve` processes on one
//! PostgreSQL database take writes and reads at once; workers behind the
//! article log (NATS JetStream) extract and place documents, killed and
//! restarted at will. Either way the corpus holds every accepted article once,
//! and the stories a single process makes of the same articles.
//!
//! The tests start a throwaway PostgreSQL (Debian's PostgreSQL 15: `initdb`,
//! `pg_ctl`) and NATS server (Debian's `nats-server`) on loopback ports and
//! stop them afterwards, so they are ignored by default and run by `.ci/run`
//! (`-- --ignored scale_out::`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use std::process::{Child, Command, Stdio};

use storyline_log::throwaway_nats::ThrowawayNats;
use storyline_store::throwaway_postgres::ThrowawayPostgres;
use storyline_store::Store;

use crate::common::{assert_succeeded, examples, made_up_article, scratch, spill, storyline};
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

/// `storyline worker KIND --log LOG` started with what it says kept in
/// `said`: an extraction worker, or (with a database) the placement worker of
/// the English partition.
fn worker(kind: &str, log: &str, db: Option<&str>, more: &[&str], said: &Path) -> Child {
    let placing: &[&str] = match db {
        Some(db) => &["--db", db, "--partition", "en"],
        None => &[],
    };
    Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(["worker", kind, "--log", log])
        .args(placing)
        .args(more)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(said).unwrap())
        .spawn()
        .unwrap()
}

/// Waits until the store holds at least `count` articles (within 120 s).
fn stored_at_least(db: &Path, count: i64) {
    let store = Store::open(db).unwrap();
    let started = Instant::now();
    while store.article_count().unwrap() < count {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "fewer than {count} stored"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
#[ignore = "starts PostgreSQL (initdb, pg_ctl) and nats-server: run by .ci/run"]
fn issue_19_workers_killed_mid_stream_store_every_document_once() {
    let postgres = ThrowawayPostgres::shared().unwrap();
    let url = PathBuf::from(postgres.new_database("log_faults").unwrap());
    let db = url.to_str().unwrap();
    let mut nats = ThrowawayNats::start("faults").unwrap();
    let log = nats.url();
    let dir = scratch("log-faults");
    const MADE_UP: usize = 3000;
    let lines: Vec<String> = (0..MADE_UP).map(made_up_article).collect();
    std::fs::write(dir.join("made-up.jsonl"), lines.join("\n")).unwrap();
    let inputs = [
        spill().to_str().unwrap().to_string(),
        examples().to_str().unwrap().to_string(),
        dir.join("made-up.jsonl").to_str().unwrap().to_string(),
    ];
    let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    let appended = storyline(&[&["ingest", "--log", &log], &inputs[..]].concat(), &dir);
    assert_succeeded(&appended);
    // Appending the same files again adds nothing to the log.
    let again = storyline(&[&["ingest", "--log", &log], &inputs[..]].concat(), &dir);
    let again = String::from_utf8_lossy(&again.stdout).to_string();
    assert!(again.contains("done: 0 documents appended"), "{again}");

    // Survivors stop once the log has been idle for longer than a killed
    // worker's messages wait to be delivered again.
    let idle = (storyline_log::ACK_WAIT.as_secs() + 5).to_string();
    let extract = |n: usize| {
        let more = ["--batch", "10", "--exit-when-idle", &idle];
        worker(
            "extract",
            &log,
            None,
            &more,
            &dir.join(format!("extract-{n}.log")),
        )
    };
    let place = |n: usize| {
        let more = ["--batch", "20", "--exit-when-idle", &idle];
        worker(
            "place",
            &log,
            Some(db),
            &more,
            &dir.join(format!("place-{n}.log")),
        )
    };
    let (mut doomed_extractor, surviving_extractor) = (extract(1), extract(2));
    let mut doomed_owner = place(1);
    stored_at_least(&url, 200);
    // A second placement worker waits for the partition while the first owns it.
    let standby = place(2);
    std::thread::sleep(Duration::from_millis(300));
    doomed_owner.kill().unwrap();
    doomed_extractor.kill().unwrap();
    let _ = (doomed_owner.wait(), doomed_extractor.wait());
    // The log's server crashes and comes back; the workers wait it out.
    stored_at_least(&url, 1000);
    nats.kill();
    std::thread::sleep(Duration::from_millis(500));
    nats.restart().unwrap();
    for (child, name) in [(surviving_extractor, "extract-2"), (standby, "place-2")] {
        let status = child.wait_with_output().unwrap().status;
        let said = std::fs::read_to_string(dir.join(format!("{name}.log"))).unwrap();
        assert!(status.success(), "{name}: {said}");
    }
    let place_log = std::fs::read_to_string(dir.join("place-2.log")).unwrap();
    assert!(
        place_log.starts_with("waiting: partition en has another owner"),
        "{place_log}"
    );

    // Every document once, in the stories one uninterrupted process makes.
    let direct = dir.join("direct.db");
    let ingested = storyline(
        &[&["ingest", "--db", direct.to_str().unwrap()], &inputs[..]].concat(),
        &dir,
    );
    assert_succeeded(&ingested);
    let store = Store::open(&url).unwrap();
    let expected = Store::open(&direct).unwrap().article_count().unwrap();
    assert_eq!(store.article_count().unwrap(), expected);
    assert!(store.integrity_ok().unwrap());
    briefed(&url);
    assert_eq!(stories_of(&url), stories_of(&direct));
}

#[test]
#[ignore = "starts PostgreSQL (initdb, pg_ctl) and nats-server: run by .ci/run"]
fn issue_19_a_server_with_a_log_appends_posts_for_the_workers() {
    let postgres = ThrowawayPostgres::shared().unwrap();
    let url = PathBuf::from(postgres.new_database("served_log").unwrap());
    let nats = ThrowawayNats::start("served").unwrap();
    let log = nats.url();
    let server = crate::server::start_with(&url, &["--log", &log]);
    let files = story_files();
    for body in &files {
        let (status, text) = request(
            server.port,
            "POST",
            "/api/articles",
            &[("Content-Type", "text/plain")],
            body,
        );
        assert_eq!(status, 202, "{text}");
        assert!(text.contains(r#""appended":1"#), "{text}");
    }
    // A resend is dropped by the log.
    let (_, text) = request(server.port, "POST", "/api/articles", &[], &files[0]);
    assert!(text.contains(r#""duplicates":1"#), "{text}");

    let dir = scratch("served-log");
    let db = url.to_str().unwrap();
    for (kind, db) in [("extract", None), ("place", Some(db))] {
        let said = dir.join("worker.log");
        let status = worker(kind, &log, db, &["--exit-when-idle", "2"], &said)
            .wait()
            .unwrap();
        assert!(
            status.success(),
            "{}",
            std::fs::read_to_string(&said).unwrap()
        );
    }
    briefed(&url);
    let listed = request(server.port, "GET", "/api/stories", &[], b"").1;
    let listed: serde_json::Value = serde_json::from_str(&listed).unwrap();
    let counts: Vec<i64> = listed["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|story| story["articles"].as_i64().unwrap())
        .collect();
    assert_eq!(counts.iter().sum::<i64>(), files.len() as i64, "{listed}");
    assert_eq!(counts.len(), 2, "the two stories: {listed}");
}
