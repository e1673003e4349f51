//! `storyline bench serve`: the server under load, as a newsroom would load it.
//!
//! Several writer clients post articles while reader clients list stories and open
//! briefings, all on loopback against a server started in this process over a new
//! database. The figures are requests per second and p50 / p99 latency per kind of
//! request. Afterwards every article a response reported as stored is looked up in
//! the database: a load test that loses articles fails, however fast it was.
//! Bounded in count (`--count`) and in time (`--max-seconds`).
//!
//! With `--abusers N`, N more clients attack the server meanwhile, in turn: a
//! slow client sending its headers a byte at a time, an idle connection, a body
//! over the size limit, malformed JSON, markup nested 8,000 deep, an element with
//! 50,000 attributes, a `javascript:` URL, a wrong method and a bad id. Their
//! answers are tallied by kind; the honest clients' figures and the nothing-lost
//! check are what the attack must not spoil.

use std::collections::BTreeSet;
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::Context;
use serde_json::{json, Value};
use storyline_server::client;
use storyline_store::Store;

use crate::bench::{median, ReplayStream};

/// The articles a load test posts or a replay file holds: labelled corpora
/// replayed as one stream, replicated to reach the count.
#[derive(clap::Args)]
pub struct ReplayArgs {
    /// Labelled article files to replay (articles JSONL); articles without text are left out
    #[arg(long = "articles", value_name = "FILE")]
    articles: Vec<PathBuf>,
    /// Summarization cluster files whose articles are replayed too
    #[arg(long = "clusters", value_name = "FILE")]
    clusters: Vec<PathBuf>,
    /// Articles in all (the corpora are replicated to reach it)
    #[arg(long, default_value_t = 10_000)]
    count: usize,
}

#[derive(clap::Args)]
pub struct ServeBenchArgs {
    #[command(flatten)]
    replay: ReplayArgs,
    /// Concurrent clients posting articles
    #[arg(long, default_value_t = 4)]
    writers: usize,
    /// Concurrent clients reading stories meanwhile
    #[arg(long, default_value_t = 2)]
    readers: usize,
    /// Articles per POST request (a JSON array when more than one)
    #[arg(long, default_value_t = 1)]
    batch: usize,
    /// Stop posting after this long, whatever is left
    #[arg(long, default_value_t = 1800)]
    max_seconds: u64,
    /// Servers on the one database (each with its own writer and briefing
    /// task, as separate `storyline serve` processes would have); writers and
    /// readers take them in turn. Several need PostgreSQL.
    #[arg(long, default_value_t = 1)]
    servers: usize,
    /// Concurrent clients attacking the server meanwhile (slow, idle, oversized
    /// and malformed requests)
    #[arg(long, default_value_t = 0)]
    abusers: usize,
    /// The database to fill: a SQLite file that does not exist yet, or an
    /// empty PostgreSQL database (postgres://…)
    #[arg(long, value_name = "DB")]
    db: PathBuf,
}

/// Latencies of one kind of request, and how many failed.
#[derive(Default)]
struct Timings {
    seconds: Vec<f64>,
    failures: usize,
    first_failure: Option<String>,
}

impl Timings {
    fn record(&mut self, started: Instant, outcome: Result<(), String>) {
        self.seconds.push(started.elapsed().as_secs_f64());
        if let Err(reason) = outcome {
            self.failures += 1;
            self.first_failure.get_or_insert(reason);
        }
    }

    fn print(&mut self, kind: &str, wall: f64) {
        let count = self.seconds.len();
        let p99 = percentile(&mut self.seconds, 0.99);
        println!(
            "{kind:<22} {count:>8} {:>10.1} {:>10.1} {:>10.1} {:>9}",
            count as f64 / wall,
            median(&mut self.seconds) * 1000.0,
            p99 * 1000.0,
            self.failures
        );
        if let Some(reason) = &self.first_failure {
            println!("    first failure: {reason}");
        }
    }
}

/// The value at `fraction` of the sorted values (nearest rank); not a number
/// for none.
pub(crate) fn percentile(values: &mut [f64], fraction: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let rank = ((values.len() as f64 * fraction).ceil() as usize).clamp(1, values.len());
    values[rank - 1]
}

const TIMEOUT: Duration = Duration::from_secs(120);

fn get(address: SocketAddr, path: &str) -> Result<Value, String> {
    let response = client::request(address, "GET", path, &[], b"", TIMEOUT)
        .map_err(|e| format!("GET {path}: {e}"))?;
    if response.status != 200 {
        return Err(format!(
            "GET {path}: status {}: {}",
            response.status,
            response.text()
        ));
    }
    response.json().map_err(|e| format!("GET {path}: {e}"))
}

/// Posts articles: the ids they are stored under, and how many the server rightly
/// refused (no article text in what was posted: skipped, or 422 when none was left).
fn post(address: SocketAddr, body: &[u8], count: usize) -> Result<(Vec<i64>, usize), String> {
    let headers = [("Content-Type", "application/json")];
    let response = client::request(address, "POST", "/api/articles", &headers, body, TIMEOUT)
        .map_err(|e| format!("POST /api/articles: {e}"))?;
    match response.status {
        200 => {
            let answer = response.json().map_err(|e| e.to_string())?;
            let ids: Vec<i64> = answer["articles"]
                .as_array()
                .map(|a| a.iter().filter_map(|s| s["id"].as_i64()).collect())
                .unwrap_or_default();
            let refused = answer["skipped"].as_array().map_or(0, Vec::len);
            if ids.len() + refused != count {
                return Err(format!("{count} articles posted, {} stored", ids.len()));
            }
            Ok((ids, refused))
        }
        422 => Ok((Vec::new(), count)),
        status => Err(format!(
            "POST /api/articles: status {status}: {}",
            response.text()
        )),
    }
}

/// The first `count` articles of the replayed corpora (those with text), as the
/// JSON objects a client posts or an articles file holds.
pub(crate) fn replayed(replay: &ReplayArgs) -> anyhow::Result<Vec<serde_json::Value>> {
    let stream = ReplayStream::read(
        &replay.articles,
        &replay.clusters,
        |a| !a.text.trim().is_empty(),
        replay.count,
    )?;
    // Replicas carry a line of their own, so that the store's content hash sees a
    // new article rather than the same one again. The line names the article's
    // place in the stream: a line repeated across a batch's articles would be
    // taken for an outlet's footer and dropped, and the replica with it.
    Ok((0..replay.count)
        .map(|n| {
            let (article, replica) = stream.article(n);
            let text = if replica == 0 {
                article.text
            } else {
                format!(
                    "{}\n\nReplica {replica} of this report, number {n}.",
                    article.text
                )
            };
            json!({
                "id": article.origin, "title": article.title, "text": text,
                "date": article.date.map(|d| d.to_string()), "url": article.url,
                "outlet": article.outlet,
            })
        })
        .collect())
}

#[derive(clap::Args)]
pub struct ReplayFileArgs {
    #[command(flatten)]
    replay: ReplayArgs,
    /// The articles file (JSONL) to write
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Leave one article in this many without its date, as feeds carry pages
    /// that give none (0: every article keeps its date)
    #[arg(long, value_name = "N", default_value_t = 0)]
    undated_every: usize,
}

/// Writes the articles `bench serve` posts as an articles file, the input on
/// which `storyline ingest` is timed.
pub fn replay_file(args: ReplayFileArgs) -> anyhow::Result<ExitCode> {
    let mut out = std::io::BufWriter::new(
        std::fs::File::create(&args.out)
            .with_context(|| format!("cannot create {}", args.out.display()))?,
    );
    for (n, mut article) in replayed(&args.replay)?.into_iter().enumerate() {
        if args.undated_every > 0 && n % args.undated_every == args.undated_every / 2 {
            article["date"] = serde_json::Value::Null;
        }
        serde_json::to_writer(&mut out, &article)?;
        out.write_all(b"\n")?;
    }
    out.flush()
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    Ok(ExitCode::SUCCESS)
}

pub fn serve(args: ServeBenchArgs) -> anyhow::Result<ExitCode> {
    let fresh = if storyline_store::is_postgres_url(&args.db) {
        Store::open(&args.db)?.article_count()? == 0
    } else {
        !args.db.exists()
    };
    anyhow::ensure!(
        fresh,
        "{} holds articles already; the load test needs a new database",
        storyline_store::database_name(&args.db)
    );
    anyhow::ensure!(
        args.writers > 0 && args.batch > 0 && args.servers > 0,
        "need writers, a batch size and a server"
    );
    anyhow::ensure!(
        args.servers == 1 || storyline_store::is_postgres_url(&args.db),
        "several servers share a PostgreSQL database (--db postgres://…), not a file"
    );
    let articles: Vec<Vec<u8>> = replayed(&args.replay)?
        .iter()
        .map(|article| serde_json::to_vec(article).expect("article serialises"))
        .collect();

    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    let mut addresses = Vec::new();
    for _ in 0..args.servers {
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .context("cannot bind a loopback port")?;
        addresses.push(listener.local_addr()?);
        let db = args.db.clone();
        runtime.spawn(storyline_server::serve_on(listener, db, Default::default()));
    }
    let address = addresses[0];

    let progress = crate::progress_bar(args.replay.count as u64, "articles");
    let next = AtomicUsize::new(0);
    let writing = AtomicBool::new(true);
    let deadline = Instant::now() + Duration::from_secs(args.max_seconds);
    let posts = Mutex::new(Timings::default());
    let lists = Mutex::new(Timings::default());
    let opens = Mutex::new(Timings::default());
    let stored = Mutex::new(Vec::new());
    let rejected = AtomicUsize::new(0);
    let abuse = Mutex::new(std::collections::BTreeMap::<String, usize>::new());
    // Articles the attackers' posts stored (markup floods and unsafe URLs are
    // trimmed or defused, and kept).
    let abuse_stored = Mutex::new(Vec::new());
    let started = Instant::now();
    std::thread::scope(|scope| {
        let writers: Vec<_> = (0..args.writers)
            .map(|writer| {
                let (next, stored, rejected, posts, progress) =
                    (&next, &stored, &rejected, &posts, &progress);
                let (articles, args) = (&articles, &args);
                let address = addresses[writer % addresses.len()];
                scope.spawn(move || loop {
                    let from = next.fetch_add(args.batch, Ordering::Relaxed);
                    if from >= articles.len() || Instant::now() > deadline {
                        break;
                    }
                    let to = (from + args.batch).min(articles.len());
                    let body = if to - from == 1 {
                        articles[from].clone()
                    } else {
                        let mut body = b"[".to_vec();
                        body.extend(articles[from..to].join(&b","[..]));
                        body.push(b']');
                        body
                    };
                    let sent = Instant::now();
                    let outcome = post(address, &body, to - from).map(|(ids, refused)| {
                        stored.lock().expect("no panics").extend(ids);
                        rejected.fetch_add(refused, Ordering::Relaxed);
                    });
                    posts.lock().expect("no panics").record(sent, outcome);
                    progress.inc((to - from) as u64);
                })
            })
            .collect();
        for reader in 0..args.readers {
            let (writing, lists, opens) = (&writing, &lists, &opens);
            let address = addresses[reader % addresses.len()];
            scope.spawn(move || {
                while writing.load(Ordering::Relaxed) {
                    let sent = Instant::now();
                    let listed = get(address, "/api/stories?limit=20");
                    let first = listed
                        .as_ref()
                        .ok()
                        .and_then(|v| v["stories"][0]["id"].as_i64());
                    lists
                        .lock()
                        .expect("no panics")
                        .record(sent, listed.map(|_| ()));
                    if let Some(id) = first {
                        let sent = Instant::now();
                        let opened = get(address, &format!("/api/stories/{id}"));
                        opens
                            .lock()
                            .expect("no panics")
                            .record(sent, opened.map(|_| ()));
                    } else {
                        std::thread::sleep(Duration::from_millis(20));
                    }
                }
            });
        }
        for abuser in 0..args.abusers {
            let (abuse, abuse_stored, writing) = (&abuse, &abuse_stored, &writing);
            scope.spawn(move || {
                let mut turn = abuser;
                while writing.load(Ordering::Relaxed) {
                    let (kind, outcome, ids) = attack(address, turn);
                    abuse_stored.lock().expect("no panics").extend(ids);
                    *abuse
                        .lock()
                        .expect("no panics")
                        .entry(format!("{kind}: {outcome}"))
                        .or_default() += 1;
                    turn += 1;
                }
            });
        }
        for writer in writers {
            writer.join().expect("writer finished");
        }
        writing.store(false, Ordering::Relaxed);
    });
    let wall = started.elapsed().as_secs_f64();
    progress.finish_and_clear();
    // Posts defer their stories' briefings: how long after the last one every
    // briefing includes every article.
    let store = Store::open(&args.db)?;
    let waiting = Instant::now();
    while store.stale_count()? > 0 && waiting.elapsed() < Duration::from_secs(args.max_seconds) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let briefing_lag = waiting.elapsed().as_secs_f64();
    let stale = store.stale_count()?;
    runtime.shutdown_background();

    let accepted = stored.into_inner().expect("no panics");
    let stored: BTreeSet<i64> = accepted.iter().copied().collect();
    let by_attackers: BTreeSet<i64> = abuse_stored
        .into_inner()
        .expect("no panics")
        .into_iter()
        .filter(|id| !stored.contains(id))
        .collect();
    let posted = next.load(Ordering::Relaxed).min(articles.len());
    let mut missing = 0;
    for &id in &stored {
        if store.article(id)?.is_none() {
            missing += 1;
        }
    }
    let in_store = store.article_count()?;

    println!(
        "{} writers (batches of {}), {} readers, {} on loopback, {wall:.1} s",
        args.writers,
        args.batch,
        args.readers,
        match args.servers {
            1 => "one server".to_string(),
            n => format!("{n} servers on one database"),
        }
    );
    println!(
        "{:<22} {:>8} {:>10} {:>10} {:>10} {:>9}",
        "request", "count", "req/s", "p50 ms", "p99 ms", "failed"
    );
    let mut posts = posts.into_inner().expect("no panics");
    let mut lists = lists.into_inner().expect("no panics");
    let mut opens = opens.into_inner().expect("no panics");
    let all = posts.seconds.len() + lists.seconds.len() + opens.seconds.len();
    posts.print("POST /api/articles", wall);
    lists.print("GET /api/stories", wall);
    opens.print("GET /api/stories/{id}", wall);
    println!("all requests: {:.1} req/s", all as f64 / wall);
    println!(
        "articles: {posted} posted ({:.1}/s), {} refused with 422 (no article text), {} accepted, \
         {} distinct (the rest repeated an article already stored: same words, same source), {in_store} in the database, {missing} missing",
        accepted.len() as f64 / wall,
        rejected.load(Ordering::Relaxed),
        accepted.len(),
        stored.len(),
    );
    println!(
        "briefings: every story's current {briefing_lag:.1} s after the last post ({stale} still stale)"
    );
    let abuse = abuse.into_inner().expect("no panics");
    if !abuse.is_empty() {
        println!("abusive requests, by kind and answer:");
        for (outcome, count) in &abuse {
            println!("    {count:>6}  {outcome}");
        }
    }
    if !by_attackers.is_empty() {
        println!(
            "    {} articles stored from the attackers' posts (trimmed or defused)",
            by_attackers.len()
        );
    }
    let lost = missing > 0 || in_store as usize != stored.len() + by_attackers.len();
    let failed = posts.failures + lists.failures + opens.failures > 0;
    let unanswered = posted - accepted.len() - rejected.load(Ordering::Relaxed);
    Ok(if lost || failed || unanswered > 0 || stale > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// One abusive request of the kind `turn` selects: its kind, what came of it, and
/// the ids of any articles it stored.
fn attack(address: SocketAddr, turn: usize) -> (&'static str, String, Vec<i64>) {
    let json = [("Content-Type", "application/json")];
    let html = [("Content-Type", "text/html")];
    let article = |body: &str| {
        format!(
            "<html><body><article><p>The Calder river burst its banks on Tuesday night, flooding forty homes, the council said.</p>{body}</article></body></html>"
        )
    };
    let answer =
        |method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]| match client::request(
            address, method, path, headers, body, TIMEOUT,
        ) {
            Ok(response) => {
                let ids = response
                    .json()
                    .ok()
                    .and_then(|v| v["articles"].as_array().cloned())
                    .map(|a| a.iter().filter_map(|s| s["id"].as_i64()).collect())
                    .unwrap_or_default();
                (format!("status {}", response.status), ids)
            }
            Err(e) => (format!("error {}", e.kind()), Vec::new()),
        };
    let (kind, (outcome, ids)) = match turn % 9 {
        0 => ("slow headers", (slow_headers(address), Vec::new())),
        1 => ("idle connection", (idle_connection(address), Vec::new())),
        2 => (
            "body over 8 MiB",
            answer(
                "POST",
                "/api/articles",
                &json,
                &vec![b'x'; storyline_server::MAX_BODY_BYTES + 1],
            ),
        ),
        3 => (
            "malformed JSON",
            answer("POST", "/api/articles", &json, b"{\"title\": ["),
        ),
        4 => {
            let nested = article(&format!(
                "{}x{}",
                "<div>".repeat(8000),
                "</div>".repeat(8000)
            ));
            (
                "nesting 8,000 deep",
                answer("POST", "/api/articles", &html, nested.as_bytes()),
            )
        }
        5 => {
            let attributes: Vec<String> = (0..50_000).map(|i| format!("a{i}=1")).collect();
            let flood = article(&format!("<div {}>x</div>", attributes.join(" ")));
            (
                "50,000 attributes",
                answer("POST", "/api/articles", &html, flood.as_bytes()),
            )
        }
        6 => {
            let body = json!({"title": "Calder floods", "url": "javascript:alert(1)",
                "text": "The Calder river burst its banks on Tuesday night, flooding forty homes in the lower town, the council said."});
            (
                "javascript: URL",
                answer("POST", "/api/articles", &json, body.to_string().as_bytes()),
            )
        }
        7 => ("wrong method", answer("DELETE", "/api/stories", &[], b"")),
        _ => ("bad id", answer("GET", "/api/stories/abc", &[], b"")),
    };
    (kind, outcome, ids)
}

/// Sends a request's headers one byte every 200 ms; how the server ended it.
fn slow_headers(address: SocketAddr) -> String {
    use std::io::{Read, Write};
    let Ok(mut stream) = std::net::TcpStream::connect_timeout(&address, TIMEOUT) else {
        return "could not connect".to_string();
    };
    let started = Instant::now();
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    let head = b"GET /api/health HTTP/1.1\r\nHost: loopback\r\nX-Slow: ";
    let mut byte = 0;
    while started.elapsed() < Duration::from_secs(60) {
        let sent = if byte < head.len() {
            &head[byte..=byte]
        } else {
            &b"a"[..]
        };
        if stream.write_all(sent).is_err() {
            return format!(
                "closed by the server after {} s",
                started.elapsed().as_secs()
            );
        }
        byte += 1;
        let mut buffer = [0u8; 512];
        match stream.read(&mut buffer) {
            Ok(0) => {
                return format!(
                    "closed by the server after {} s",
                    started.elapsed().as_secs()
                )
            }
            Ok(_) => return "answered".to_string(),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => {
                return format!(
                    "closed by the server after {} s",
                    started.elapsed().as_secs()
                )
            }
        }
    }
    "still open after 60 s (gave up)".to_string()
}

/// Opens a connection and sends nothing; how long the server kept it.
fn idle_connection(address: SocketAddr) -> String {
    use std::io::Read;
    let Ok(mut stream) = std::net::TcpStream::connect_timeout(&address, TIMEOUT) else {
        return "could not connect".to_string();
    };
    let started = Instant::now();
    let _ = stream.set_read_timeout(Some(Duration::from_secs(60)));
    let mut buffer = [0u8; 64];
    match stream.read(&mut buffer) {
        Ok(0) | Err(_) if started.elapsed() < Duration::from_secs(59) => {
            format!(
                "closed by the server after {} s",
                started.elapsed().as_secs()
            )
        }
        _ => "still open after 60 s (gave up)".to_string(),
    }
}
