//! The HTTP layer over a persistent corpus: a JSON API and web pages.
//!
//! Thin on purpose: every request opens the store, asks it one thing and renders
//! the answer with the engine's renderers. Writes are serialised by one lock, and
//! SQLite's WAL mode lets readers through while an ingest writes. Every error is
//! JSON, `{"error": {"code", "message"}}`, with a 4xx status whenever the client
//! can fix it (bad JSON, no article in the body, an unknown story, a body over
//! the size limit) and 500 only for failures of the server itself.

// Input-derived data never meets `unwrap` or `expect`: a bad input is an error
// naming it, not a panic (issue 17). Tests may unwrap.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod client;
mod connection;
mod errors;

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use storyline::render::escape_html as escape;
use storyline::{ingest, render, Engine, EngineOptions};
use storyline_store::{IngestReport, Store, StoreError};

use errors::ApiError;
pub use errors::ErrorCode;

/// Request bodies over this size are refused with 413.
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// How the server treats its clients: limits, timeouts and who may write.
///
/// The defaults suit a server on loopback or behind a proxy; none of them is
/// tuned, each is set well above what an honest client needs.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    /// Writes (`POST`) need `Authorization: Bearer <token>` when set.
    pub write_token: Option<String>,
    /// Open connections beyond this are answered 503 and closed.
    pub max_connections: usize,
    /// A connection that sends or receives nothing for this long is closed (idle
    /// keep-alive connections, and clients that stall mid-request).
    pub idle_timeout: Duration,
    /// A request's headers must arrive within this.
    pub header_timeout: Duration,
    /// A request must be read and answered within this, or it is answered 503.
    pub request_timeout: Duration,
    /// Writes queued behind the one writer beyond this many are answered 503 at once.
    pub max_queued_writes: usize,
    /// A write that waits longer than this for its turn is answered 503.
    pub write_wait: Duration,
    /// How stories are formed and briefed (the same options as the CLI's).
    pub engine: EngineOptions,
    /// Posts append their documents to this article log (`nats://…`), for
    /// `storyline worker`s to extract and place, rather than storing them:
    /// answered `202 Accepted` once the log holds them.
    pub log: Option<String>,
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            write_token: None,
            max_connections: 512,
            idle_timeout: Duration::from_secs(30),
            header_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(120),
            max_queued_writes: 64,
            write_wait: Duration::from_secs(60),
            engine: EngineOptions::briefing(),
            log: None,
        }
    }
}

struct AppState {
    db: PathBuf,
    options: ServerOptions,
    /// One writer at a time, kept open so that it stays warm between requests;
    /// readers do not take it.
    writer: Mutex<Option<Store>>,
    /// The queue in front of the writer: fair (first come, first served), so a
    /// write waits its turn instead of failing on a locked database.
    write_turn: tokio::sync::Semaphore,
    /// Writes waiting for their turn.
    writes_waiting: AtomicUsize,
    /// Posts defer their stories' briefings ([`Store::defer_briefings`]); this
    /// wakes the task that writes them ([`brief_in_background`]).
    briefings_due: tokio::sync::Notify,
    /// The briefing task's connection, kept open between rounds.
    briefer: Mutex<Option<Store>>,
    /// Reading connections kept open between requests ([`with_store`]).
    readers: Mutex<Vec<Store>>,
    /// The article log posts go to, when the server has one.
    log: Option<Mutex<Box<dyn storyline_log::ArticleLog>>>,
    /// Posts waiting for the writer ([`write_queued`]).
    queued: Mutex<Vec<QueuedWrite>>,
    /// Briefings of stories never briefed yet, written for a reader, by story
    /// and version ([`Store::briefing_state`]); at most
    /// [`BRIEFINGS_KEPT_FOR_READERS`].
    briefed_on_the_spot: Mutex<std::collections::HashMap<(i64, i64), Arc<str>>>,
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NoSuchStory(id) => {
                ApiError::new(ErrorCode::StoryNotFound, format!("no story {id}"))
            }
            StoreError::Busy { .. } => ApiError::busy("the database is busy with another writer"),
            other => ApiError::internal(other),
        }
    }
}

type ApiResult<T> = Result<T, ApiError>;

/// The application: API routes under `/api`, pages at `/`, `/stories/{id}` and
/// `/articles/{id}`.
fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/api/health", get(health))
        .route("/api/articles", axum::routing::post(post_articles))
        .route("/api/articles/{id}", get(get_article))
        .route("/api/stories", get(list_stories))
        .route("/api/stories/{id}", get(get_story))
        .route("/api/sources", get(list_sources))
        .route("/", get(story_list_page))
        .route("/sources", get(sources_page))
        .route("/stories/{id}", get(story_page))
        .route("/articles/{id}", get(article_page))
        .fallback(|uri: axum::http::Uri| async move {
            let error = ApiError::new(
                ErrorCode::NotFound,
                format!("no page or route {}", uri.path()),
            );
            // A browser that follows a wrong link gets a page; an API client, JSON.
            if uri.path().starts_with("/api/") {
                error
            } else {
                error.page()
            }
        })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                ErrorCode::MethodNotAllowed,
                "this route does not take that method".to_string(),
            )
        })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard_request,
        ))
        .with_state(state)
}

/// Around every request: a deadline, a panic caught as a fixed 500, and the
/// security headers on every answer.
async fn guard_request(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    use futures_util::FutureExt;
    let deadline = state.options.request_timeout;
    let answer = tokio::time::timeout(
        deadline,
        std::panic::AssertUnwindSafe(next.run(request)).catch_unwind(),
    )
    .await;
    let mut response = match answer {
        Ok(Ok(response)) => response,
        Ok(Err(_)) => ApiError::internal("a request handler panicked").into_response(),
        Err(_) => ApiError::busy(&format!(
            "the request took longer than {} s",
            deadline.as_secs()
        ))
        .into_response(),
    };
    let headers = response.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        headers.insert(name.clone(), HeaderValue::from_static(value));
    }
    response
}

/// The pages need no script, no frame and nothing from elsewhere: the policy says
/// so, and a browser that meets injected markup runs none of it.
const SECURITY_HEADERS: &[(header::HeaderName, &str)] = &[
    (
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    ),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "no-referrer"),
    (header::X_FRAME_OPTIONS, "DENY"),
];

/// Serves until the process is stopped.
pub async fn serve(
    db: PathBuf,
    address: std::net::SocketAddr,
    options: ServerOptions,
) -> std::io::Result<()> {
    // Open once up front so that a bad database fails at start, not on first use.
    let (location, engine) = (db.clone(), options.engine.clone());
    tokio::task::spawn_blocking(move || Store::open_with(&location, engine).map(drop))
        .await
        .map_err(std::io::Error::other)?
        .map_err(std::io::Error::other)?;
    let listener = tokio::net::TcpListener::bind(address).await?;
    serve_on(listener, db, options).await
}

/// Serves on a listener already bound (a free loopback port, say) until the
/// process is stopped.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    db: PathBuf,
    options: ServerOptions,
) -> std::io::Result<()> {
    let limits = connection::Limits::from(&options);
    let log = match options.log.clone() {
        // Connecting blocks on the log client's own runtime: not on this one.
        Some(url) => Some(Mutex::new(
            tokio::task::spawn_blocking(move || storyline_log::open(&url))
                .await
                .map_err(std::io::Error::other)?
                .map_err(std::io::Error::other)?,
        )),
        None => None,
    };
    let state = Arc::new(AppState {
        db,
        options,
        writer: Mutex::new(None),
        write_turn: tokio::sync::Semaphore::new(1),
        writes_waiting: AtomicUsize::new(0),
        briefings_due: tokio::sync::Notify::new(),
        briefer: Mutex::new(None),
        readers: Mutex::new(Vec::new()),
        log,
        queued: Mutex::new(Vec::new()),
        briefed_on_the_spot: Mutex::new(std::collections::HashMap::new()),
    });
    let briefer = tokio::spawn(brief_in_background(state.clone()));
    let served = connection::accept_loop(listener, router(state), limits).await;
    briefer.abort();
    served
}

/// Says whether a story's briefing (`GET /api/stories/{id}`) includes all its
/// articles (`current`) or newer ones are still to be briefed (`pending`).
pub const BRIEFING_HEADER: &str = "x-storyline-briefing";

/// Briefings written on the spot kept for later readers; all are dropped when
/// there are more (the briefing task soon stores the stories' own).
const BRIEFINGS_KEPT_FOR_READERS: usize = 256;

/// Stories briefed per round of [`brief_in_background`]: enough to keep every
/// core busy, few enough that a round's stories are current when it stores them.
const BRIEFINGS_PER_ROUND: usize = 8;

/// How often the briefing task looks for stale stories with no post to wake it
/// (those another process left, or that a failed round left behind).
const BRIEFING_IDLE_CHECK: Duration = Duration::from_secs(5);

/// Writes the briefings that posts leave stale, a round at a time, on a
/// connection of its own. A post is answered once its articles are stored and
/// placed; a story taking articles from many posts in a row is briefed once
/// they are in, rather than once per post. Until then readers get its last
/// briefing, marked as trailing (`x-storyline-briefing: pending`).
async fn brief_in_background(state: Arc<AppState>) {
    loop {
        let _ = tokio::time::timeout(BRIEFING_IDLE_CHECK, state.briefings_due.notified()).await;
        loop {
            let state = state.clone();
            let round = tokio::task::spawn_blocking(move || {
                kept_open(&mut lock(&state.briefer), &state)?.brief_stale(BRIEFINGS_PER_ROUND)
            })
            .await;
            match round {
                Ok(Ok(briefed)) => {
                    for (story, error) in &briefed.failed {
                        eprintln!("error: story {story} could not be briefed: {error}");
                    }
                    if briefed.written == 0 {
                        break;
                    }
                }
                // The stories stay stale for the next round.
                Ok(Err(error)) => {
                    eprintln!("warning: briefings wait for the next round: {error}");
                    break;
                }
                Err(error) => {
                    eprintln!("error: the briefing task failed: {error}");
                    break;
                }
            }
        }
    }
}

/// Runs blocking work (SQLite, the engine) off the async threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> ApiResult<T> + Send + 'static,
) -> ApiResult<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(ApiError::internal)?
}

/// Reading connections kept open between requests. Opening one per request
/// costs little on a SQLite file but a new server process on PostgreSQL.
const READERS_KEPT: usize = 8;

/// How long a read is tried again while the database is busy (another
/// connection holding the whole SQLite file past the store's busy wait, as
/// while a writer's transaction ends) before the reader is answered `busy`:
/// a reader is kept waiting a moment rather than failed.
const READ_BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// Runs a read on a connection of its own: one kept from an earlier read, or
/// a new one. A connection whose read failed is closed rather than kept; a
/// read the database was too busy for is tried again (see [`READ_BUSY_WAIT`]).
async fn with_store<T: Send + 'static>(
    state: &Arc<AppState>,
    work: impl Fn(&Store) -> ApiResult<T> + Send + 'static,
) -> ApiResult<T> {
    let state = state.clone();
    blocking(move || {
        let started = std::time::Instant::now();
        loop {
            let read = read_once(&state, &work);
            match read {
                Err(error) if error.is_busy() && started.elapsed() < READ_BUSY_WAIT => {}
                read => return read,
            }
        }
    })
    .await
}

fn read_once<T>(state: &AppState, work: &impl Fn(&Store) -> ApiResult<T>) -> ApiResult<T> {
    let kept = lock(&state.readers).pop();
    let store = match kept {
        Some(store) => store,
        None => Store::open_with(&state.db, state.options.engine.clone())?,
    };
    let read = work(&store);
    if read.is_ok() {
        let mut readers = lock(&state.readers);
        if readers.len() < READERS_KEPT {
            readers.push(store);
        }
    }
    read
}

/// Checks the write token, when the server has one.
fn authorize_write(state: &AppState, headers: &HeaderMap) -> ApiResult<()> {
    let Some(token) = &state.options.write_token else {
        return Ok(());
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    // Compared in constant time, so the answer's timing says nothing of the token.
    let same = given.len() == token.len()
        && given
            .bytes()
            .zip(token.bytes())
            .fold(0u8, |diff, (a, b)| diff | (a ^ b))
            == 0;
    if same {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::Unauthorized,
            "writes need the header Authorization: Bearer <token>".to_string(),
        ))
    }
}

/// Sets its flag when dropped: the handler that owned it is gone (its client
/// closed the connection) unless the flag was read after the work finished.
struct ClientGone(Arc<std::sync::atomic::AtomicBool>);

impl Drop for ClientGone {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// Waits for the writer's turn, at most `write_wait`, behind at most
/// `max_queued_writes` others; a client that leaves gives up its place.
async fn write_turn(state: &Arc<AppState>) -> ApiResult<tokio::sync::SemaphorePermit<'_>> {
    struct Waiting<'a>(&'a AtomicUsize);
    impl Drop for Waiting<'_> {
        fn drop(&mut self) {
            self.0.fetch_sub(1, Ordering::SeqCst);
        }
    }
    let waiting = state.writes_waiting.fetch_add(1, Ordering::SeqCst);
    let _waiting = Waiting(&state.writes_waiting);
    if waiting >= state.options.max_queued_writes {
        return Err(ApiError::busy("too many writes are waiting"));
    }
    match tokio::time::timeout(state.options.write_wait, state.write_turn.acquire()).await {
        Ok(Ok(permit)) => Ok(permit),
        Ok(Err(closed)) => Err(ApiError::internal(closed)),
        Err(_) => Err(ApiError::busy(
            "writes are queued longer than the server waits",
        )),
    }
}

async fn health(State(state): State<Arc<AppState>>) -> ApiResult<Json<Value>> {
    let articles = with_store(&state, |store| Ok(store.article_count()?)).await?;
    Ok(Json(
        json!({"status": "ok", "articles": articles, "schema_version": render::SCHEMA_VERSION}),
    ))
}

async fn post_articles(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    authorize_write(&state, &headers)?;
    let body = body.map_err(|rejection| {
        let code = if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ErrorCode::BodyTooLarge
        } else {
            ErrorCode::BadBody
        };
        ApiError::new(code, rejection.body_text())
    })?;
    let header_text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let (docs, warnings) = documents_from_body(
        header_text(header::CONTENT_TYPE.as_str()),
        header_text("x-source-url"),
        &body,
    )
    .map_err(|e| ApiError::new(e.code, e.message))?;
    if state.log.is_some() {
        return append_to_log(state, docs, warnings).await;
    }
    // A client that leaves drops this handler, and `ClientGone` flags its write:
    // one still queued is then never done.
    let gone = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let _watch = ClientGone(gone.clone());
    let mine = gone.clone();
    // Extraction needs no turn at the writer: requests extract side by side.
    let engine = Engine::new(state.options.engine.clone());
    let (articles, skipped) = blocking(move || Ok(engine.extract(docs))).await?;
    // Posts that wait for the writer at the same time are written together: the
    // first to get its turn takes every queued post into one transaction (one
    // placement, one commit), and the others find their answer waiting.
    let (reply, mut answer) = tokio::sync::oneshot::channel();
    lock(&state.queued).push(QueuedWrite {
        articles,
        gone,
        reply,
    });
    let written_by_another = match write_turn(&state).await {
        Ok(turn) => {
            let written = answer.try_recv().ok();
            if written.is_none() {
                let writer_state = state.clone();
                blocking(move || {
                    write_queued(&writer_state);
                    Ok(())
                })
                .await?;
                state.briefings_due.notify_one();
            }
            drop(turn);
            written
        }
        Err(error) => {
            // Refused while still queued: withdrawn, so nothing is stored. A
            // write another post took along is being written: its answer counts.
            let mut queued = lock(&state.queued);
            if let Some(at) = queued.iter().position(|w| Arc::ptr_eq(&w.gone, &mine)) {
                queued.remove(at);
                return Err(error);
            }
            None
        }
    };
    let written = match written_by_another {
        Some(written) => written,
        None => answer.await.map_err(ApiError::internal)?,
    };
    respond(written?, skipped, warnings).map(|answer| (StatusCode::OK, answer))
}

/// A post to a server with an article log: its documents appended to the log
/// (each keyed by its origin and content, so a resend is dropped), answered
/// `202 Accepted` once the log holds them; workers extract and place them.
async fn append_to_log(
    state: Arc<AppState>,
    docs: Vec<storyline::model::RawDoc>,
    warnings: Vec<storyline::Error>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let messages = docs
        .iter()
        .map(storyline_log::Message::document)
        .collect::<Result<Vec<_>, _>>()
        .map_err(ApiError::internal)?;
    let appended = blocking(move || {
        let Some(log) = &state.log else {
            return Err(ApiError::internal("no article log"));
        };
        lock(log).append(messages).map_err(|error| {
            eprintln!("error: {error}");
            ApiError::busy("the article log is unreachable")
        })
    })
    .await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(json!({
            "appended": appended.stored,
            "duplicates": appended.duplicates,
            "warnings": problems(&warnings),
        })),
    ))
}

/// A post's articles waiting for the writer, and where its answer goes.
struct QueuedWrite {
    articles: Vec<storyline::model::Article>,
    /// Set when the client has left (see `ClientGone`).
    gone: Arc<std::sync::atomic::AtomicBool>,
    reply: tokio::sync::oneshot::Sender<ApiResult<IngestReport>>,
}

/// The store kept open in `slot` (the writer's or the briefing task's), opened
/// on first use. Its writes wait for other processes' as the server's options
/// say, and leave their briefings to the briefing task.
fn kept_open<'s>(
    slot: &'s mut Option<Store>,
    state: &AppState,
) -> Result<&'s mut Store, StoreError> {
    Ok(match slot {
        Some(store) => store,
        None => {
            let mut store = Store::open_with(&state.db, state.options.engine.clone())?;
            store.set_lock_wait(state.options.write_wait);
            store.defer_briefings(true);
            slot.insert(store)
        }
    })
}

/// Locks a mutex; a panic elsewhere while it was held leaves nothing half-done
/// that the holder here cannot read.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Writes every queued post (those whose client is still there) in one
/// transaction and answers each. Called with the writer's turn held.
fn write_queued(state: &AppState) {
    let queued = std::mem::take(&mut *lock(&state.queued));
    let (gone, waiting): (Vec<_>, Vec<_>) = queued
        .into_iter()
        .partition(|write| write.gone.load(Ordering::SeqCst));
    for write in gone {
        let _ = write.reply.send(Err(ApiError::new(
            ErrorCode::ClientGone,
            "the client closed the connection; nothing was stored".to_string(),
        )));
    }
    if waiting.is_empty() {
        return;
    }
    let (batches, replies): (Vec<_>, Vec<_>) = waiting
        .into_iter()
        .map(|write| (write.articles, write.reply))
        .unzip();
    let written = kept_open(&mut lock(&state.writer), state)
        .and_then(|store| store.ingest_batches(batches))
        .map_err(ApiError::from);
    match written {
        Ok(reports) => {
            for (reply, report) in replies.into_iter().zip(reports) {
                let _ = reply.send(Ok(report));
            }
        }
        Err(error) => {
            for reply in replies {
                let _ = reply.send(Err(error.clone()));
            }
        }
    }
}

/// The answer to a post: what was stored, and what was skipped or stored with a
/// warning.
fn respond(
    report: IngestReport,
    skipped: Vec<storyline::Error>,
    mut warnings: Vec<storyline::Error>,
) -> ApiResult<Json<Value>> {
    let (kept, skipped): (Vec<_>, Vec<_>) =
        skipped.into_iter().partition(storyline::Error::is_warning);
    warnings.extend(kept);
    if report.added + report.duplicates == 0 {
        let reasons: Vec<String> = skipped.iter().map(ToString::to_string).collect();
        return Err(ApiError::new(ErrorCode::NoArticle, reasons.join("; ")));
    }
    Ok(Json(json!({
        "added": report.added,
        "duplicates": report.duplicates,
        "new_stories": report.new_stories,
        "merged_stories": report.merged_stories,
        "moved_articles": report.moved_articles,
        "changed_stories": report.changed_stories,
        "articles": report.articles,
        "skipped": problems(&skipped),
        "warnings": problems(&warnings),
    })))
}

/// Why a request body holds nothing to ingest: always the client's to fix (400).
#[derive(Debug)]
pub struct BodyError {
    pub code: ErrorCode,
    pub message: String,
}

/// The documents in a `POST /api/articles` body — a JSON article, an array of
/// them, or raw HTML or text (with the URL from `X-Source-Url`) — and warnings for
/// what was kept with a problem. Pure: the fuzzer calls it as the handler does.
pub fn documents_from_body(
    content_type: Option<&str>,
    source_url: Option<&str>,
    body: &[u8],
) -> Result<(Vec<storyline::model::RawDoc>, Vec<storyline::Error>), BodyError> {
    let fail = |code, message| BodyError { code, message };
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(fail(
            ErrorCode::EmptyBody,
            "the request body is empty".to_string(),
        ));
    }
    let decoded = ingest::decode(body).map_err(|reason| fail(ErrorCode::NotText, reason))?;
    let mut warnings = Vec::new();
    if let Some(message) = decoded.warning {
        warnings.push(storyline::Error::Repaired {
            origin: "POST /api/articles".to_string(),
            message,
        });
    }
    let text = decoded.text;
    let is_json = content_type.is_some_and(|v| v.contains("json"))
        || text.trim_start().starts_with(['{', '[']);
    if !is_json {
        let url = source_url
            .filter(|v| !v.trim().is_empty())
            .map(String::from);
        let origin = url
            .clone()
            .unwrap_or_else(|| "POST /api/articles".to_string());
        return Ok((
            vec![ingest::document_from_text(&origin, text, url)],
            warnings,
        ));
    }
    let value: Value =
        serde_json::from_str(&text).map_err(|e| fail(ErrorCode::MalformedJson, e.to_string()))?;
    let items = match value {
        Value::Array(items) => items,
        other => vec![other],
    };
    let mut docs = Vec::new();
    for (index, item) in items.into_iter().enumerate() {
        let batch = ingest::from_json_value(&format!("POST /api/articles[{index}]"), item);
        for error in batch.errors {
            if error.is_warning() {
                warnings.push(error);
            } else {
                return Err(fail(ErrorCode::BadArticle, error.to_string()));
            }
        }
        docs.extend(batch.docs);
    }
    Ok((docs, warnings))
}

/// Problems as `{"code", "message"}` objects.
fn problems(all: &[storyline::Error]) -> Vec<Value> {
    all.iter()
        .map(|e| json!({"code": e.code(), "message": e.to_string()}))
        .collect()
}

/// The article a path names: its id, its story and the article, or a 4xx.
async fn fetch_article(
    state: &Arc<AppState>,
    path: Result<Path<i64>, PathRejection>,
) -> ApiResult<(i64, i64, storyline::model::Article)> {
    let id = id_from(path)?;
    let found = with_store(state, move |store| Ok(store.article(id)?)).await?;
    let (story, article) = found
        .ok_or_else(|| ApiError::new(ErrorCode::ArticleNotFound, format!("no article {id}")))?;
    Ok((id, story, article))
}

fn id_from(path: Result<Path<i64>, PathRejection>) -> ApiResult<i64> {
    path.map(|Path(id)| id).map_err(|_| {
        ApiError::new(
            ErrorCode::BadId,
            "an id is a whole number, as the story and article lists give it".to_string(),
        )
    })
}

async fn get_article(
    State(state): State<Arc<AppState>>,
    path: Result<Path<i64>, PathRejection>,
) -> ApiResult<Json<Value>> {
    let (id, story, article) = fetch_article(&state, path).await?;
    Ok(Json(json!({
        "id": id, "story": story, "title": article.title, "outlet": article.outlet, "author": article.author,
        "date": article.date, "url": article.url, "origin": article.origin, "partial": article.partial, "lang": article.lang, "text": article.text,
    })))
}

#[derive(Deserialize)]
struct StoryQuery {
    since: Option<String>,
    q: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

/// The sources a watch follows (`storyline serve --watch`, `storyline watch`):
/// each one's last success and error, items seen and articles added.
async fn list_sources(State(state): State<Arc<AppState>>) -> ApiResult<Json<Value>> {
    let sources = with_store(&state, |store| Ok(store.sources()?)).await?;
    Ok(Json(
        json!({"schema_version": render::SCHEMA_VERSION, "sources": sources}),
    ))
}

async fn list_stories(
    State(state): State<Arc<AppState>>,
    query: Result<Query<StoryQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Json<Value>> {
    let Query(query) = query.map_err(|e| ApiError::new(ErrorCode::BadQuery, e.body_text()))?;
    if let Some(since) = &query.since {
        // The same check as the CLI's `--since`: a real calendar date.
        if chrono::NaiveDate::parse_from_str(since, "%Y-%m-%d").is_err() {
            return Err(ApiError::new(
                ErrorCode::BadQuery,
                format!("since: {since:?} is not YYYY-MM-DD"),
            ));
        }
    }
    let (limit, offset) = (query.limit.unwrap_or(50), query.offset.unwrap_or(0));
    if limit < 0 || offset < 0 {
        return Err(ApiError::new(
            ErrorCode::BadQuery,
            "limit and offset must not be negative".to_string(),
        ));
    }
    let (limit, offset) = (limit.min(500) as usize, offset as usize);
    let (total, page) = with_store(&state, move |store| {
        Ok(store.stories_page(query.since.as_deref(), query.q.as_deref(), limit, offset)?)
    })
    .await?;
    Ok(Json(
        json!({"schema_version": render::SCHEMA_VERSION, "total": total, "stories": page}),
    ))
}

async fn get_story(
    State(state): State<Arc<AppState>>,
    path: Result<Path<i64>, PathRejection>,
) -> ApiResult<Response> {
    let id = id_from(path)?;
    // A reader is not kept waiting for briefing work: it gets the last briefing
    // written, told when newer articles are still to be briefed. A story never
    // briefed is briefed on the spot, once: readers after the first get the
    // same answer until the story changes or the briefing task writes it.
    let cache = state.clone();
    let (json, pending) = with_store(&state, move |store| {
        let (story, version) = store.briefing_state(id)?;
        let key = (story, version);
        if let Some(json) = lock(&cache.briefed_on_the_spot).get(&key) {
            return Ok((json.clone(), false));
        }
        let (briefing, pending) = store.last_briefing(story)?;
        let json: Arc<str> = render::to_json(&[briefing]).into();
        if version > 0 && !pending {
            let mut kept = lock(&cache.briefed_on_the_spot);
            if kept.len() >= BRIEFINGS_KEPT_FOR_READERS {
                kept.clear();
            }
            kept.insert(key, json.clone());
        }
        Ok((json, pending))
    })
    .await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (
                header::HeaderName::from_static(BRIEFING_HEADER),
                if pending { "pending" } else { "current" },
            ),
        ],
        json.to_string(),
    )
        .into_response())
}

const PAGE_STYLE: &str = "body{font:17px/1.55 Georgia,serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f;background:#fbfbf8}\
a{color:#0a5ad4}form{margin:1rem 0 2rem}input{font:inherit;padding:.3rem .5rem;width:70%}\
li{margin-bottom:1.2rem}.meta{font:.85rem system-ui,sans-serif;color:#6e6e73}\
table{border-collapse:collapse;font:.9rem system-ui,sans-serif}td,th{padding:.3rem .5rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}\
tr.failing td{color:#b00020}";

#[derive(Deserialize)]
struct Search {
    q: Option<String>,
}

async fn story_list_page(
    State(state): State<Arc<AppState>>,
    search: Result<Query<Search>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Html<String>> {
    let Query(search) =
        search.map_err(|e| ApiError::new(ErrorCode::BadQuery, e.body_text()).page())?;
    let query = search.q.filter(|q| !q.trim().is_empty());
    let shown = query.clone();
    let stories = with_store(&state, move |store| {
        let (_, rows) = store.stories_page(None, shown.as_deref(), 100, 0)?;
        rows.into_iter()
            .map(|row| {
                let (briefing, _) = store.last_briefing(row.id)?;
                Ok((row, briefing))
            })
            .collect::<ApiResult<Vec<_>>>()
    })
    .await
    .map_err(ApiError::page)?;
    let mut page = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Storyline</title><style>{PAGE_STYLE}</style></head><body>\
         <h1>Stories</h1><p class=\"meta\"><a href=\"/sources\">Sources followed</a></p><form method=\"get\" action=\"/\"><input name=\"q\" placeholder=\"Search stories\" value=\"{}\"> <button>Search</button></form><ol id=\"stories\">",
        escape(query.as_deref().unwrap_or(""))
    );
    for (row, briefing) in &stories {
        let outlets: Vec<&str> = briefing
            .sources
            .iter()
            .filter_map(|s| s.outlet.as_deref())
            .collect();
        let dates = match (&row.first_date, &row.last_date) {
            (Some(a), Some(b)) if a != b => format!("{a} – {b}"),
            (Some(a), _) => a.clone(),
            _ => "undated".to_string(),
        };
        page.push_str(&format!(
            "<li><a class=\"story\" href=\"/stories/{}\">{}</a><div class=\"meta\">{} articles · {} · {}</div>",
            row.id,
            escape(&row.headline),
            row.articles,
            escape(&dates),
            escape(&outlets.join(", "))
        ));
        for point in briefing.summary.iter().take(2) {
            page.push_str(&format!("<p>{}</p>", escape(&point.text)));
        }
        page.push_str("</li>");
    }
    if stories.is_empty() {
        page.push_str("<p>No stories yet.</p>");
    }
    page.push_str("</ol></body></html>");
    Ok(Html(page))
}

/// The sources a watch follows, failing ones first, with their last error.
async fn sources_page(State(state): State<Arc<AppState>>) -> ApiResult<Html<String>> {
    let mut sources = with_store(&state, |store| Ok(store.sources()?))
        .await
        .map_err(ApiError::page)?;
    // A source whose last error is newer than its last success is failing now.
    let failing = |s: &storyline_store::SourceStatus| s.last_error_at > s.last_success;
    sources.sort_by_key(|s| !failing(s));
    let mut page = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sources · Storyline</title><style>{PAGE_STYLE}</style></head><body>\
         <p><a href=\"/\">Stories</a></p><h1>Sources</h1><table id=\"sources\"><tr><th>source</th><th>last success</th><th>last error</th><th>items seen</th><th>articles added</th></tr>"
    );
    let never = "never".to_string();
    for source in &sources {
        let error = match (&source.last_error, &source.last_error_at) {
            (Some(error), Some(at)) => format!("{at}: {error}"),
            _ => String::new(),
        };
        page.push_str(&format!(
            "<tr{}><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            if failing(source) {
                " class=\"failing\""
            } else {
                ""
            },
            escape(&source.url),
            source
                .feed
                .as_ref()
                .map(|feed| format!("<div class=\"meta\">feed {}</div>", escape(feed)))
                .unwrap_or_default(),
            escape(source.last_success.as_ref().unwrap_or(&never)),
            escape(&error),
            source.items_seen,
            source.articles_added
        ));
    }
    page.push_str("</table>");
    if sources.is_empty() {
        page.push_str(
            "<p>No sources followed (<code>storyline serve --watch FILE</code> follows them).</p>",
        );
    }
    page.push_str("</body></html>");
    Ok(Html(page))
}

async fn story_page(
    State(state): State<Arc<AppState>>,
    path: Result<Path<i64>, PathRejection>,
) -> ApiResult<Html<String>> {
    let id = id_from(path).map_err(ApiError::page)?;
    // As the API: the last briefing written, so that a page view never costs
    // the briefing of a story that is taking articles.
    let ((briefing, pending), article_ids) = with_store(&state, move |store| {
        Ok((store.last_briefing(id)?, store.story_article_ids(id)?))
    })
    .await
    .map_err(ApiError::page)?;
    let omitted = briefing.omitted_articles;
    // Citations open the cited article's cleaned text; a link leads back to the list.
    let notice = if pending {
        "<p class=\"meta\">Newer articles of this story are being added to its briefing.</p>"
    } else {
        ""
    };
    let mut page = render::to_html(&[briefing]).replacen(
        "<body>",
        &format!("<body><p class=\"meta\"><a href=\"/\">← All stories</a></p>{notice}"),
        1,
    );
    // Source numbers are the story's articles in order only when the briefing
    // covers every article; otherwise citations stay links to the source list.
    let numbered = if omitted == 0 && !pending {
        &article_ids[..]
    } else {
        &[]
    };
    for (number, article) in numbered.iter().enumerate().rev() {
        page = page.replace(
            &format!("href=\"#s1-source-{}\"", number + 1),
            &format!("href=\"/articles/{article}\""),
        );
    }
    Ok(Html(page))
}

async fn article_page(
    State(state): State<Arc<AppState>>,
    path: Result<Path<i64>, PathRejection>,
) -> ApiResult<Html<String>> {
    let (_, story, article) = fetch_article(&state, path).await.map_err(ApiError::page)?;
    let mut details: Vec<String> = Vec::new();
    details.extend(article.outlet.clone());
    details.extend(article.date.map(|d| d.to_string()));
    let mut page = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>{PAGE_STYLE}</style></head><body>\
         <p class=\"meta\"><a href=\"/stories/{story}\">← back to the story</a></p><h1>{}</h1><p class=\"meta\">{}</p>",
        escape(&article.title),
        escape(&article.title),
        escape(&details.join(" · "))
    );
    for paragraph in article.text.split("\n\n") {
        page.push_str(&format!("<p>{}</p>", escape(paragraph)));
    }
    page.push_str("</body></html>");
    Ok(Html(page))
}
