//! The HTTP layer over a persistent corpus: a JSON API and web pages.
//!
//! Thin on purpose: every request opens the store, asks it one thing and renders
//! the answer with the engine's renderers. Writes are serialised by one lock, and
//! SQLite's WAL mode lets readers through while an ingest writes. Every error is
//! JSON, `{"error": {"code", "message"}}`, with a 4xx status whenever the client
//! can fix it (bad JSON, no article in the body, an unknown story, a body over
//! the size limit) and 500 only for failures of the server itself.

pub mod client;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use storyline::{ingest, render};
use storyline_store::{Store, StoreError};

/// Request bodies over this size are refused with 413.
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

struct AppState {
    db: PathBuf,
    /// One writer at a time, kept open so that it stays warm between requests;
    /// readers do not take it.
    writer: Mutex<Option<Store>>,
}

/// An API error: status, stable code, message.
struct ApiError(StatusCode, &'static str, String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({"error": {"code": self.1, "message": self.2}});
        (self.0, Json(body)).into_response()
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NoSuchStory(id) => ApiError(
                StatusCode::NOT_FOUND,
                "story_not_found",
                format!("no story {id}"),
            ),
            other => ApiError(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                other.to_string(),
            ),
        }
    }
}

type ApiResult<T> = Result<T, ApiError>;

/// The application: API routes under `/api`, pages at `/`, `/stories/{id}` and
/// `/articles/{id}`.
pub fn router(db: PathBuf) -> Router {
    let state = Arc::new(AppState {
        db,
        writer: Mutex::new(None),
    });
    Router::new()
        .route("/api/health", get(health))
        .route("/api/articles", axum::routing::post(post_articles))
        .route("/api/articles/{id}", get(get_article))
        .route("/api/stories", get(list_stories))
        .route("/api/stories/{id}", get(get_story))
        .route("/", get(story_list_page))
        .route("/stories/{id}", get(story_page))
        .route("/articles/{id}", get(article_page))
        .fallback(|| async {
            ApiError(
                StatusCode::NOT_FOUND,
                "not_found",
                "no such route".to_string(),
            )
        })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}

/// Serves until the process is stopped.
pub async fn serve(db: PathBuf, address: std::net::SocketAddr) -> std::io::Result<()> {
    // Open once up front so that a bad database fails at start, not on first use.
    Store::open(&db).map_err(std::io::Error::other)?;
    let listener = tokio::net::TcpListener::bind(address).await?;
    serve_on(listener, db).await
}

/// Serves on a listener already bound (a free loopback port, say) until the
/// process is stopped.
pub async fn serve_on(listener: tokio::net::TcpListener, db: PathBuf) -> std::io::Result<()> {
    axum::serve(listener, router(db)).await
}

/// Runs blocking work (SQLite, the engine) off the async threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> ApiResult<T> + Send + 'static,
) -> ApiResult<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ApiError(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string()))?
}

/// Runs a read on a connection of its own.
async fn with_store<T: Send + 'static>(
    state: &Arc<AppState>,
    work: impl FnOnce(&Store) -> ApiResult<T> + Send + 'static,
) -> ApiResult<T> {
    let db = state.db.clone();
    blocking(move || work(&Store::open(&db)?)).await
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
) -> ApiResult<Json<Value>> {
    let body = body.map_err(|rejection| {
        let status = rejection.status();
        let code = if status == StatusCode::PAYLOAD_TOO_LARGE {
            "body_too_large"
        } else {
            "bad_body"
        };
        ApiError(status, code, rejection.body_text())
    })?;
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError(
            StatusCode::BAD_REQUEST,
            "empty_body",
            "the request body is empty".to_string(),
        ));
    }
    let text = ingest::decode(&body)
        .map_err(|reason| ApiError(StatusCode::BAD_REQUEST, "not_text", reason))?;
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"))
        || text.trim_start().starts_with(['{', '[']);
    let docs = if is_json {
        let value: Value = serde_json::from_str(&text)
            .map_err(|e| ApiError(StatusCode::BAD_REQUEST, "malformed_json", e.to_string()))?;
        let items = match value {
            Value::Array(items) => items,
            other => vec![other],
        };
        let mut docs = Vec::new();
        for (index, item) in items.into_iter().enumerate() {
            let batch = ingest::from_json_value(&format!("POST /api/articles[{index}]"), item);
            if let Some(error) = batch.errors.into_iter().next() {
                return Err(ApiError(
                    StatusCode::BAD_REQUEST,
                    "bad_article",
                    error.to_string(),
                ));
            }
            docs.extend(batch.docs);
        }
        docs
    } else {
        let url = headers
            .get("x-source-url")
            .and_then(|v| v.to_str().ok())
            .filter(|v| !v.trim().is_empty())
            .map(String::from);
        let origin = url
            .clone()
            .unwrap_or_else(|| "POST /api/articles".to_string());
        vec![ingest::document_from_text(&origin, text, url)]
    };
    let report = blocking(move || {
        let mut writer = state
            .writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let store = match writer.as_mut() {
            Some(store) => store,
            None => writer.insert(Store::open(&state.db)?),
        };
        Ok(store.ingest(docs)?)
    })
    .await?;
    if report.added + report.duplicates == 0 {
        let reasons: Vec<String> = report.skipped.iter().map(ToString::to_string).collect();
        return Err(ApiError(
            StatusCode::UNPROCESSABLE_ENTITY,
            "no_article",
            reasons.join("; "),
        ));
    }
    Ok(Json(json!({
        "added": report.added,
        "duplicates": report.duplicates,
        "new_stories": report.new_stories,
        "merged_stories": report.merged_stories,
        "changed_stories": report.changed_stories,
        "articles": report.articles,
        "skipped": report.skipped.iter().map(|e| json!({"code": e.code(), "message": e.to_string()})).collect::<Vec<_>>(),
    })))
}

/// The article a path names: its id, its story and the article, or a 4xx.
async fn fetch_article(
    state: &Arc<AppState>,
    path: Result<Path<i64>, PathRejection>,
) -> ApiResult<(i64, i64, storyline::model::Article)> {
    let id = id_from(path)?;
    let found = with_store(state, move |store| Ok(store.article(id)?)).await?;
    let (story, article) = found.ok_or_else(|| {
        ApiError(
            StatusCode::NOT_FOUND,
            "article_not_found",
            format!("no article {id}"),
        )
    })?;
    Ok((id, story, article))
}

fn id_from(path: Result<Path<i64>, PathRejection>) -> ApiResult<i64> {
    path.map(|Path(id)| id)
        .map_err(|e| ApiError(StatusCode::BAD_REQUEST, "bad_id", e.body_text()))
}

async fn get_article(
    State(state): State<Arc<AppState>>,
    path: Result<Path<i64>, PathRejection>,
) -> ApiResult<Json<Value>> {
    let (id, story, article) = fetch_article(&state, path).await?;
    Ok(Json(json!({
        "id": id, "story": story, "title": article.title, "outlet": article.outlet, "author": article.author,
        "date": article.date, "url": article.url, "origin": article.origin, "partial": article.partial, "text": article.text,
    })))
}

#[derive(Deserialize)]
struct StoryQuery {
    since: Option<String>,
    q: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

async fn list_stories(
    State(state): State<Arc<AppState>>,
    query: Result<Query<StoryQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Json<Value>> {
    let Query(query) =
        query.map_err(|e| ApiError(StatusCode::BAD_REQUEST, "bad_query", e.body_text()))?;
    if let Some(since) = &query.since {
        if chrono_like_date(since).is_none() {
            return Err(ApiError(
                StatusCode::BAD_REQUEST,
                "bad_query",
                format!("since: {since:?} is not YYYY-MM-DD"),
            ));
        }
    }
    let (limit, offset) = (query.limit.unwrap_or(50), query.offset.unwrap_or(0));
    if limit < 0 || offset < 0 {
        return Err(ApiError(
            StatusCode::BAD_REQUEST,
            "bad_query",
            "limit and offset must not be negative".to_string(),
        ));
    }
    let (limit, offset) = (limit.min(500) as usize, offset as usize);
    let rows = with_store(&state, move |store| {
        Ok(store.stories(query.since.as_deref(), query.q.as_deref())?)
    })
    .await?;
    let total = rows.len();
    let page: Vec<_> = rows.into_iter().skip(offset).take(limit).collect();
    Ok(Json(
        json!({"schema_version": render::SCHEMA_VERSION, "total": total, "stories": page}),
    ))
}

fn chrono_like_date(text: &str) -> Option<()> {
    let parts: Vec<&str> = text.split('-').collect();
    (parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())))
    .then_some(())
}

async fn get_story(
    State(state): State<Arc<AppState>>,
    path: Result<Path<i64>, PathRejection>,
) -> ApiResult<Response> {
    let id = id_from(path)?;
    let briefing = with_store(&state, move |store| Ok(store.briefing(id)?)).await?;
    Ok((
        [(header::CONTENT_TYPE, "application/json")],
        render::to_json(&[briefing]),
    )
        .into_response())
}

const PAGE_STYLE: &str = "body{font:17px/1.55 Georgia,serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f;background:#fbfbf8}\
a{color:#0a5ad4}form{margin:1rem 0 2rem}input{font:inherit;padding:.3rem .5rem;width:70%}\
li{margin-bottom:1.2rem}.meta{font:.85rem system-ui,sans-serif;color:#6e6e73}";

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[derive(Deserialize)]
struct Search {
    q: Option<String>,
}

async fn story_list_page(
    State(state): State<Arc<AppState>>,
    Query(search): Query<Search>,
) -> ApiResult<Html<String>> {
    let query = search.q.filter(|q| !q.trim().is_empty());
    let shown = query.clone();
    let stories = with_store(&state, move |store| {
        let rows = store.stories(None, shown.as_deref())?;
        rows.into_iter()
            .take(100)
            .map(|row| {
                let briefing = store.briefing(row.id)?;
                Ok((row, briefing))
            })
            .collect::<ApiResult<Vec<_>>>()
    })
    .await?;
    let mut page = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Storyline</title><style>{PAGE_STYLE}</style></head><body>\
         <h1>Stories</h1><form method=\"get\" action=\"/\"><input name=\"q\" placeholder=\"Search stories\" value=\"{}\"> <button>Search</button></form><ol id=\"stories\">",
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

async fn story_page(
    State(state): State<Arc<AppState>>,
    path: Result<Path<i64>, PathRejection>,
) -> ApiResult<Html<String>> {
    let id = id_from(path)?;
    let (briefing, article_ids) = with_store(&state, move |store| {
        Ok((store.briefing(id)?, store.story_article_ids(id)?))
    })
    .await?;
    // Citations open the cited article's cleaned text; a link leads back to the list.
    let mut page = render::to_html(&[briefing]).replacen(
        "<body>",
        "<body><p class=\"meta\"><a href=\"/\">← All stories</a></p>",
        1,
    );
    for (number, article) in article_ids.iter().enumerate().rev() {
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
    let (_, story, article) = fetch_article(&state, path).await?;
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
