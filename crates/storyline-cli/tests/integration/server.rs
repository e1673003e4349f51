//! Issue 6: the real server on a loopback port, fed the project's two stories
//! (the bundled example and the spill fixture), answering its API and pages as a client would see them.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use storyline_server::client;

use crate::common::{corpus, made_up_article, scratch, spill, workspace_root};

pub struct Server {
    child: Child,
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Opens `limit` connections that each send part of a request head and so hold
/// one of the server's connection permits, then asks once more (`ask` says
/// whether the server answered busy): the held connections and that answer.
///
/// The server refuses a connection (answers 503 and closes it) while the
/// permit of one it served before is not yet given back, which on a loaded
/// machine can outlast the client's close. Such a held connection holds
/// nothing, and the extra one may then be served: the attempt is made again.
/// An extra connection served while every held one is held would be a server
/// over its limit, and fails the test.
fn hold_every_connection<T>(
    port: u16,
    limit: usize,
    ask: impl Fn() -> (bool, T),
) -> (Vec<TcpStream>, T) {
    use std::io::{Read, Write};
    for _ in 0..10 {
        let held: Vec<TcpStream> = (0..limit)
            .map(|_| {
                let mut held = TcpStream::connect(("127.0.0.1", port)).unwrap();
                held.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\n")
                    .unwrap();
                held
            })
            .collect();
        std::thread::sleep(Duration::from_millis(100));
        let (busy, answer) = ask();
        // The server takes connections in the order they came, so by now it
        // has answered any held one it refused.
        let refused = held
            .iter()
            .filter(|&stream| {
                stream
                    .set_read_timeout(Some(Duration::from_millis(300)))
                    .unwrap();
                let mut reader = stream;
                let answered = reader.read(&mut [0u8; 1]).is_ok();
                stream.set_read_timeout(None).unwrap();
                answered
            })
            .count();
        assert!(
            busy || refused > 0,
            "a connection over the limit was served while {limit} were held"
        );
        if busy && refused == 0 {
            return (held, answer);
        }
        drop(held);
        std::thread::sleep(Duration::from_millis(500));
    }
    panic!("no attempt held all {limit} connections");
}

/// One request to the server: status code and body.
pub fn request(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, String) {
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    let response = client::request(
        address,
        method,
        path,
        headers,
        body,
        Duration::from_secs(60),
    )
    .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
    (response.status, response.text())
}

/// A free loopback port (free when asked; the caller binds it soon after).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Waits until something listens on the port.
pub fn wait_for_port(port: u16, what: &str) {
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{what} did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Starts `storyline serve` on a free loopback port.
pub fn start(db: &std::path::Path) -> Server {
    start_with(db, &[])
}

/// Starts `storyline serve` on a free loopback port with more arguments.
pub fn start_with(db: &std::path::Path, more: &[&str]) -> Server {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args([
            "serve",
            "--db",
            db.to_str().unwrap(),
            "--addr",
            &format!("127.0.0.1:{port}"),
        ])
        .args(more)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = Server { child, port };
    wait_for_port(port, "the server");
    server
}

/// A story's briefing once it includes every article of the story (within 60 s).
fn current_briefing(port: u16, story: i64) -> String {
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    let path = format!("/api/stories/{story}");
    let waiting = std::time::Instant::now();
    loop {
        let response = client::request(address, "GET", &path, &[], b"", Duration::from_secs(60))
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        assert_eq!(response.status, 200, "{}", response.text());
        match response.header(storyline_server::BRIEFING_HEADER) {
            Some("current") => return response.text(),
            Some("pending") if waiting.elapsed() < Duration::from_secs(60) => {
                std::thread::sleep(Duration::from_millis(50))
            }
            other => panic!("{path}: briefing {other:?} after {:?}", waiting.elapsed()),
        }
    }
}

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

#[test]
fn issue_6_the_server_ingests_and_answers_its_api_and_pages() {
    let dir = scratch("server");
    let server = start(&dir.join("news.db"));
    let port = server.port;

    let (status, body) = request(port, "GET", "/api/health", &[], b"");
    assert_eq!((status, json(&body)["articles"].as_i64()), (200, Some(0)));

    // The spill story's files as raw bodies (Markdown, text, HTML and JSON, told
    // apart by their content), the example through its JSON and HTML files.
    let mut files: Vec<_> = std::fs::read_dir(spill())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some())
        .collect();
    files.sort();
    for path in files {
        let bytes = std::fs::read(path).unwrap();
        let (status, body) = request(
            port,
            "POST",
            "/api/articles",
            &[("Content-Type", "text/plain")],
            &bytes,
        );
        assert_eq!(status, 200, "{body}");
    }
    let examples = workspace_root().join("examples");
    let radio = std::fs::read(examples.join("northshore-radio.json")).unwrap();
    let (status, body) = request(
        port,
        "POST",
        "/api/articles",
        &[("Content-Type", "application/json")],
        &radio,
    );
    assert_eq!(status, 200, "{body}");
    let radio_id = json(&body)["articles"][0]["id"].clone();
    assert!(radio_id.is_i64(), "{body}");
    let page = std::fs::read(examples.join("harbour-wire.html")).unwrap();
    let (status, body) = request(
        port,
        "POST",
        "/api/articles",
        &[
            ("Content-Type", "text/html"),
            (
                "X-Source-Url",
                "https://harbourwire.example/news/meridian-bridge-storm",
            ),
        ],
        &page,
    );
    assert_eq!(status, 200, "{body}");
    // The same content again is one article, and the answer names it.
    let (_, body) = request(
        port,
        "POST",
        "/api/articles",
        &[("Content-Type", "application/json")],
        &radio,
    );
    assert_eq!(json(&body)["duplicates"], 1);
    assert_eq!(json(&body)["articles"][0]["id"], radio_id);

    let (status, body) = request(port, "GET", "/api/stories?limit=10", &[], b"");
    assert_eq!(status, 200);
    let stories = json(&body);
    assert_eq!(stories["total"], 2, "{stories:#}");
    let marlow = stories["stories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["articles"] == 4)
        .expect("the spill story");
    let id = marlow["id"].as_i64().unwrap();
    // Posts leave briefings to the server's briefing task: a reader is told
    // whether the briefing includes every article, and soon it does.
    let body = current_briefing(port, id);
    let briefing = json(&body);
    assert_eq!(briefing["schema_version"], 1);
    assert_eq!(
        briefing["stories"][0]["sources"].as_array().unwrap().len(),
        4
    );
    let (_, body) = request(
        port,
        "GET",
        "/api/stories?q=Whitcombe&since=2025-03-01",
        &[],
        b"",
    );
    assert_eq!(json(&body)["total"], 1);
    let (status, body) = request(port, "GET", "/api/articles/1", &[], b"");
    assert_eq!(status, 200);
    assert!(json(&body)["text"].as_str().unwrap().len() > 500);

    // Client errors are 4xx with stable JSON codes.
    for (method, path, body, status, code) in [
        ("GET", "/api/stories/999", &b""[..], 404, "story_not_found"),
        ("GET", "/api/stories/abc", &b""[..], 400, "bad_id"),
        (
            "GET",
            "/api/articles/999",
            &b""[..],
            404,
            "article_not_found",
        ),
        (
            "GET",
            "/api/stories?since=yesterday",
            &b""[..],
            400,
            "bad_query",
        ),
        (
            "GET",
            "/api/stories?since=2024-99-99",
            &b""[..],
            400,
            "bad_query",
        ),
        (
            "POST",
            "/api/articles",
            &b"{not json"[..],
            400,
            "malformed_json",
        ),
        ("POST", "/api/articles", &b"   "[..], 400, "empty_body"),
        ("GET", "/api/nowhere", &b""[..], 404, "not_found"),
    ] {
        let (got, text) = request(
            port,
            method,
            path,
            &[("Content-Type", "application/json")],
            body,
        );
        assert_eq!(got, status, "{method} {path}: {text}");
        assert_eq!(json(&text)["error"]["code"], code, "{method} {path}");
    }
    let (status, text) = request(
        port,
        "POST",
        "/api/articles",
        &[("Content-Type", "text/plain")],
        b"Route 6",
    );
    assert_eq!(
        (status, json(&text)["error"]["code"].as_str()),
        (422, Some("no_article")),
        "{text}"
    );
    let huge = vec![b'a'; storyline_server::MAX_BODY_BYTES + 1];
    let (status, text) = request(
        port,
        "POST",
        "/api/articles",
        &[("Content-Type", "text/plain")],
        &huge,
    );
    assert_eq!(status, 413, "{text}");

    // Pages: the list links the story, whose citations open the articles' text.
    let (status, list) = request(port, "GET", "/", &[], b"");
    assert_eq!(status, 200);
    assert!(list.contains(&format!("href=\"/stories/{id}\"")));
    assert!(list.contains("name=\"q\""), "a search box");
    let (_, story) = request(port, "GET", &format!("/stories/{id}"), &[], b"");
    assert!(
        story.contains("href=\"/articles/"),
        "citations open the source text"
    );
    let (_, article) = request(port, "GET", "/articles/1", &[], b"");
    assert!(article.contains("back to the story"));
}

/// The load benchmark's own check, small: concurrent writers and readers, every
/// accepted article in the store afterwards, no failed request. (Its speed figures
/// are in docs/benchmarks.md; here only correctness is asserted.)
#[test]
#[ignore = "corpus suite: needs ../shared/corpora (README, Corpora)"]
fn issue_6_concurrent_clients_lose_nothing() {
    let dir = scratch("load");
    let articles = corpus("groundnews-5stories").join("articles.jsonl");
    let out = crate::common::storyline(
        &[
            "bench",
            "serve",
            "--articles",
            articles.to_str().unwrap(),
            "--count",
            "150",
            "--writers",
            "3",
            "--readers",
            "2",
            "--batch",
            "2",
            "--db",
            dir.join("load.db").to_str().unwrap(),
        ],
        &dir,
    );
    crate::common::assert_succeeded(&out);
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("0 missing"), "{report}");
    assert!(report.contains("150 posted"), "{report}");
}

/// Issue 17: the server under attack — a write token, nested markup that once
/// aborted it, stored links that once ran script, headers that forbid script and
/// framing, errors without internal text, and clients that hold connections.
#[test]
fn issue_17_the_server_resists_abuse() {
    use crate::hostile::ARTICLE;
    let dir = scratch("abuse");
    let token = "a-token-of-sixteen-or-more";
    let server = start_with(
        &dir.join("news.db"),
        &[
            "--write-token",
            token,
            "--max-connections",
            "8",
            "--header-timeout",
            "8",
        ],
    );
    let port = server.port;
    let bearer = format!("Bearer {token}");
    let article = serde_json::json!({"title": "Calder floods", "text": ARTICLE, "url": "javascript:alert(1)", "outlet": "Evil"});
    let body = article.to_string();

    // Writes need the token; reads do not.
    let (status, text) = request(
        port,
        "POST",
        "/api/articles",
        &[("Content-Type", "application/json")],
        body.as_bytes(),
    );
    assert_eq!(
        (status, json(&text)["error"]["code"].as_str()),
        (401, Some("unauthorized")),
        "{text}"
    );
    let (status, text) = request(
        port,
        "POST",
        "/api/articles",
        &[
            ("Content-Type", "application/json"),
            ("Authorization", &bearer),
        ],
        body.as_bytes(),
    );
    assert_eq!(status, 200, "{text}");
    let story = json(&text)["articles"][0]["story"].as_i64().unwrap();

    // 8,000 nested elements aborted the whole server once.
    let nested = format!(
        "<html><body><article><p>{ARTICLE}</p>{}x{}</article></body></html>",
        "<div>".repeat(8000),
        "</div>".repeat(8000)
    );
    let (status, text) = request(
        port,
        "POST",
        "/api/articles",
        &[("Content-Type", "text/html"), ("Authorization", &bearer)],
        nested.as_bytes(),
    );
    assert_eq!(status, 200, "{text}");
    assert!(
        text.contains("400 levels"),
        "the answer carries the warning: {text}"
    );

    // The stored javascript: URL is text on the story page, which forbids script.
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    let page = client::request(
        address,
        "GET",
        &format!("/stories/{story}"),
        &[],
        b"",
        Duration::from_secs(30),
    )
    .unwrap();
    assert_eq!(page.status, 200);
    assert!(
        !page
            .text()
            .to_ascii_lowercase()
            .contains("href=\"javascript:"),
        "{}",
        page.text()
    );
    let policy = page.header("content-security-policy").unwrap_or("");
    assert!(
        policy.contains("default-src 'none'") && !policy.contains("script-src"),
        "{policy}"
    );
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(page.header("x-frame-options"), Some("DENY"));
    assert_eq!(page.header("referrer-policy"), Some("no-referrer"));

    // Errors are the project's JSON, with nothing internal in them.
    for (method, path, status, code) in [
        ("DELETE", "/api/stories", 405, "method_not_allowed"),
        ("GET", "/api/stories/abc", 400, "bad_id"),
        ("GET", "/api/stories/99999999999999999999", 400, "bad_id"),
    ] {
        let (got, text) = request(port, method, path, &[], b"");
        assert_eq!(got, status, "{method} {path}: {text}");
        assert_eq!(json(&text)["error"]["code"], code);
        assert!(
            !text.contains("Cannot parse") && !text.contains("i64"),
            "{text}"
        );
    }

    // A connection that never finishes its request's head (a slow client, or
    // one holding sockets on purpose) is closed after the header deadline, and
    // connections over the limit are answered 503 with Retry-After. (The
    // deadline is 8 s so that a loaded machine — the other tests extracting on
    // every core — does not close the held ones before the extra connection
    // gets its answer.)
    let (mut idle, over) = hold_every_connection(port, 8, || {
        let answer = client::request(
            address,
            "GET",
            "/api/health",
            &[],
            b"",
            Duration::from_secs(10),
        )
        .unwrap();
        (answer.status == 503, answer)
    });
    assert_eq!(over.status, 503, "{}", over.text());
    assert_eq!(over.header("retry-after"), Some("2"));
    let started = Instant::now();
    let mut buffer = [0u8; 16];
    idle[0]
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let read = std::io::Read::read(&mut idle[0], &mut buffer).unwrap_or(0);
    assert_eq!(
        read, 0,
        "the server closes a connection whose head never ends"
    );
    assert!(started.elapsed() < Duration::from_secs(15));
    idle.clear();
    std::thread::sleep(Duration::from_millis(300));
    let (status, _) = request(port, "GET", "/api/health", &[], b"");
    assert_eq!(
        status, 200,
        "served again once the idle connections are gone"
    );
}

/// Issue 17: two `storyline ingest` processes and the server's writers on one
/// database at once; every article is stored exactly once and no writer fails.
#[test]
fn issue_17_concurrent_ingests_and_posts_store_every_article_once() {
    let dir = scratch("contention");
    let db = dir.join("news.db");
    // Each article a story of its own, so that the test measures contention,
    // not the briefing of one ever larger story.
    let article = made_up_article;
    let file = |name: &str, range: std::ops::Range<usize>| {
        let lines: Vec<String> = range.map(article).collect();
        std::fs::write(dir.join(name), lines.join("\n")).unwrap();
    };
    file("a.jsonl", 0..600);
    file("b.jsonl", 600..1200);
    let server = start(&db);
    let ingest = |name: &str| {
        Command::new(env!("CARGO_BIN_EXE_storyline"))
            .args(["ingest", name, "--db", db.to_str().unwrap()])
            .current_dir(&dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (ingest("a.jsonl"), ingest("b.jsonl"));
    let port = server.port;
    // Posts waiting for the writer together are written together; each answer
    // still speaks of its own article only.
    let posters: Vec<_> = (0..8)
        .map(|w| {
            std::thread::spawn(move || {
                let mut ids = Vec::new();
                for i in (1200 + w * 15)..(1215 + w * 15) {
                    let (status, text) = request(
                        port,
                        "POST",
                        "/api/articles",
                        &[("Content-Type", "application/json")],
                        article(i).as_bytes(),
                    );
                    assert_eq!(status, 200, "POST {i}: {text}");
                    let answer = json(&text);
                    assert_eq!(
                        (answer["added"].as_u64(), answer["duplicates"].as_u64()),
                        (Some(1), Some(0)),
                        "{text}"
                    );
                    assert_eq!(
                        answer["articles"].as_array().map(Vec::len),
                        Some(1),
                        "{text}"
                    );
                    ids.push(answer["articles"][0]["id"].as_i64().unwrap());
                }
                ids
            })
        })
        .collect();
    let mut ids: Vec<i64> = posters
        .into_iter()
        .flat_map(|poster| poster.join().unwrap())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 120, "each post's article has an id of its own");
    for child in [a, b] {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            stdout.matches("committed:").count(),
            2,
            "600 documents are two commits: {stdout}"
        );
    }
    drop(server);
    let store = storyline_store::Store::open(&db).unwrap();
    assert_eq!(store.article_count().unwrap(), 1320);
    assert!(store.integrity_ok().unwrap());
    // Each article once: posting everything again adds nothing.
    let again = run_ingest_again(&dir, &db);
    assert!(
        again.contains("done: 0 new articles, 1200 already stored"),
        "{again}"
    );
}

fn run_ingest_again(dir: &std::path::Path, db: &std::path::Path) -> String {
    let out = crate::common::storyline(
        &["ingest", "a.jsonl", "b.jsonl", "--db", db.to_str().unwrap()],
        dir,
    );
    crate::common::assert_succeeded(&out);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Issue 17: a write whose client has left is not done. One client's batch holds
/// the writer (another process holds the database's write lock, so the batch
/// waits for it with the writer's turn in hand); a second client posts one
/// article and closes its connection while it waits its turn: that article is
/// never stored.
#[test]
fn issue_17_a_write_whose_client_left_is_not_stored() {
    use std::io::Write;
    let dir = scratch("client-gone");
    let db = dir.join("news.db");
    let server = start(&db);
    let port = server.port;
    let other_process = rusqlite::Connection::open(&db).unwrap();
    other_process.execute_batch("BEGIN IMMEDIATE").unwrap();
    let articles = 10;
    let batch: Vec<serde_json::Value> = (0..articles)
        .map(|i| {
            serde_json::json!({"title": format!("Library {i} opens"),
                "text": format!("The town of Vel{i}ton opened its library on Monday. {}", crate::hostile::ARTICLE),
                "outlet": format!("Outlet {i}")})
        })
        .collect();
    let body = serde_json::Value::Array(batch).to_string();
    let big = std::thread::spawn(move || {
        request(
            port,
            "POST",
            "/api/articles",
            &[("Content-Type", "application/json")],
            body.as_bytes(),
        )
    });
    std::thread::sleep(Duration::from_millis(1500));
    let lone = serde_json::json!({"title": "Quillmere ferry returns",
        "text": format!("The Quillmere ferry returned to service on Friday. {}", crate::hostile::ARTICLE)})
    .to_string();
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "POST /api/articles HTTP/1.1\r\nHost: loopback\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{lone}",
        lone.len()
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    drop(stream);
    std::thread::sleep(Duration::from_millis(300));
    other_process.execute_batch("COMMIT").unwrap();
    let (status, text) = big.join().unwrap();
    assert_eq!(status, 200, "{text}");
    std::thread::sleep(Duration::from_millis(500));
    let (_, listed) = request(port, "GET", "/api/stories?q=Quillmere", &[], b"");
    assert_eq!(
        json(&listed)["total"],
        0,
        "the abandoned write was stored: {listed}"
    );
    let (_, health) = request(port, "GET", "/api/health", &[], b"");
    assert_eq!(json(&health)["articles"], articles);
}

/// Issue 16: every error code of the server is answered where its cause is, with
/// its status, as JSON on the API and as an HTML page in the browser. (`client_gone`
/// is never read by a client: `issue_17_a_write_whose_client_left_is_not_stored`
/// makes it happen.)
#[test]
fn issue_16_every_error_code_is_answered_with_its_status() {
    use std::io::{Read, Write};
    use storyline_server::ErrorCode;

    let dir = scratch("codes");
    let db = dir.join("news.db");
    let token = "a-token-of-sixteen-or-more";
    let server = start_with(&db, &["--write-token", token, "--max-connections", "4"]);
    let port = server.port;
    let bearer = format!("Bearer {token}");
    let mut seen: Vec<&str> = Vec::new();
    let mut expect = |answer: (u16, String), code: ErrorCode| {
        let (status, text) = answer;
        assert_eq!(status, code.status().as_u16(), "{}: {text}", code.as_str());
        assert_eq!(json(&text)["error"]["code"], code.as_str(), "{text}");
        seen.push(code.as_str());
    };
    let post = |body: &[u8], authorized: bool| {
        let mut headers = vec![("Content-Type", "text/plain")];
        if authorized {
            headers.push(("Authorization", bearer.as_str()));
        }
        request(port, "POST", "/api/articles", &headers, body)
    };
    let get = |path: &str| request(port, "GET", path, &[], b"");

    let article = std::fs::read(spill().join("2-orrin-valley-times.txt")).unwrap();
    assert_eq!(post(&article, true).0, 200);
    expect(post(&article, false), ErrorCode::Unauthorized);
    expect(post(b"   ", true), ErrorCode::EmptyBody);
    expect(post(b"binary\0data\0\0", true), ErrorCode::NotText);
    expect(post(b"{not json", true), ErrorCode::MalformedJson);
    expect(post(b"[5]", true), ErrorCode::BadArticle);
    expect(post(b"Route 6", true), ErrorCode::NoArticle);
    let huge = vec![b'a'; storyline_server::MAX_BODY_BYTES + 1];
    expect(post(&huge, true), ErrorCode::BodyTooLarge);
    expect(get("/api/stories/abc"), ErrorCode::BadId);
    expect(get("/api/stories?since=2024-99-99"), ErrorCode::BadQuery);
    expect(get("/api/stories/999"), ErrorCode::StoryNotFound);
    expect(get("/api/articles/999"), ErrorCode::ArticleNotFound);
    expect(get("/api/nowhere"), ErrorCode::NotFound);
    expect(
        request(port, "DELETE", "/api/stories", &[], b""),
        ErrorCode::MethodNotAllowed,
    );

    // A chunked body that breaks off mid-chunk cannot be read.
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "POST /api/articles HTTP/1.1\r\nHost: localhost\r\nAuthorization: {bearer}\r\nTransfer-Encoding: chunked\r\n\r\nzz-not-a-size\r\n\r\n"
    )
    .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut raw = String::new();
    let _ = stream.read_to_string(&mut raw);
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status: u16 = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    expect((status, body.to_string()), ErrorCode::BadBody);

    // Connections over the limit.
    let (held, over) = hold_every_connection(port, 4, || {
        let answer = get("/api/health");
        (answer.0 == 503, answer)
    });
    expect(over, ErrorCode::Busy);
    drop(held);
    // The server lets the held connections go as it notices them closed (on a
    // loaded machine, not at once): wait until it answers again.
    let released = Instant::now();
    while get("/api/health").0 == 503 && released.elapsed() < Duration::from_secs(9) {
        std::thread::sleep(Duration::from_millis(100));
    }

    // A stored briefing damaged on disk is the server's failure, told without
    // internal detail.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute("UPDATE stories SET briefing = 'not json'", [])
        .unwrap();
    let answer = get("/api/stories/1");
    assert!(!answer.1.contains("not json"), "{}", answer.1);
    expect(answer, ErrorCode::Internal);

    seen.push(ErrorCode::ClientGone.as_str());
    seen.sort_unstable();
    let mut all: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    all.sort_unstable();
    assert_eq!(seen, all, "every code is made to happen");

    // The browser's pages answer errors as pages, with the same status.
    for (path, status) in [
        ("/stories/abc", 400),
        ("/stories/1", 500),
        ("/nowhere", 404),
        ("/articles/999", 404),
    ] {
        let page = client::request(
            SocketAddr::from(([127, 0, 0, 1], port)),
            "GET",
            path,
            &[],
            b"",
            Duration::from_secs(30),
        )
        .unwrap();
        assert_eq!(page.status, status, "{path}");
        assert!(
            page.text().starts_with("<!DOCTYPE html>"),
            "{path}: {}",
            page.text()
        );
        assert!(page
            .header("content-type")
            .unwrap_or("")
            .starts_with("text/html"));
    }
}
