//! The server's errors: one enum of stable codes, each with the HTTP status that
//! says whose fault it is (4xx the client's to fix, 503 come back later, 500 ours).
//!
//! Clients branch on the code, never on the message, so codes are part of the
//! API: a code is added, never renamed or removed. `docs/api.md` lists them and
//! the integration tests make each one happen. API routes answer
//! `{"error": {"code", "message"}}`; the browser's pages answer a small HTML page
//! with the same status.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Json, Response};
use serde_json::json;

use crate::escape;

/// Why a request failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// A path id that is not a whole number.
    BadId,
    /// A query parameter of the wrong form (`since` not a date, negative `limit`).
    BadQuery,
    /// A `POST` with nothing in its body.
    EmptyBody,
    /// A body that is not text in any charset.
    NotText,
    /// A JSON body that does not parse.
    MalformedJson,
    /// A JSON article whose fields cannot be read.
    BadArticle,
    /// A body that could not be read (a broken chunked encoding, say).
    BadBody,
    /// A write without the server's token.
    Unauthorized,
    StoryNotFound,
    ArticleNotFound,
    /// No such route.
    NotFound,
    MethodNotAllowed,
    /// The client left before its write was done; nothing was stored (nobody reads
    /// this answer, but the log does).
    ClientGone,
    /// A body over [`crate::MAX_BODY_BYTES`].
    BodyTooLarge,
    /// A body that was read but holds no article.
    NoArticle,
    /// Over a limit: connections, queued writes, the write lock, a deadline.
    Busy,
    /// A failure of the server itself.
    Internal,
}

impl ErrorCode {
    /// Every code, for documents and tests.
    pub const ALL: [ErrorCode; 17] = [
        ErrorCode::BadId,
        ErrorCode::BadQuery,
        ErrorCode::EmptyBody,
        ErrorCode::NotText,
        ErrorCode::MalformedJson,
        ErrorCode::BadArticle,
        ErrorCode::BadBody,
        ErrorCode::Unauthorized,
        ErrorCode::StoryNotFound,
        ErrorCode::ArticleNotFound,
        ErrorCode::NotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::ClientGone,
        ErrorCode::BodyTooLarge,
        ErrorCode::NoArticle,
        ErrorCode::Busy,
        ErrorCode::Internal,
    ];

    /// The code as clients see it.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::BadId => "bad_id",
            ErrorCode::BadQuery => "bad_query",
            ErrorCode::EmptyBody => "empty_body",
            ErrorCode::NotText => "not_text",
            ErrorCode::MalformedJson => "malformed_json",
            ErrorCode::BadArticle => "bad_article",
            ErrorCode::BadBody => "bad_body",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::StoryNotFound => "story_not_found",
            ErrorCode::ArticleNotFound => "article_not_found",
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::ClientGone => "client_gone",
            ErrorCode::BodyTooLarge => "body_too_large",
            ErrorCode::NoArticle => "no_article",
            ErrorCode::Busy => "busy",
            ErrorCode::Internal => "internal",
        }
    }

    /// The status it is answered with.
    pub fn status(self) -> StatusCode {
        match self {
            ErrorCode::BadId
            | ErrorCode::BadQuery
            | ErrorCode::EmptyBody
            | ErrorCode::NotText
            | ErrorCode::MalformedJson
            | ErrorCode::BadArticle
            | ErrorCode::BadBody => StatusCode::BAD_REQUEST,
            ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
            ErrorCode::StoryNotFound | ErrorCode::ArticleNotFound | ErrorCode::NotFound => {
                StatusCode::NOT_FOUND
            }
            ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::ClientGone => StatusCode::REQUEST_TIMEOUT,
            ErrorCode::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::NoArticle => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::Busy => StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// An error answer: its code, a message for people, and whether a browser page
/// (HTML) or an API client (JSON) asked.
#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    code: ErrorCode,
    message: String,
    page: bool,
}

impl ApiError {
    pub(crate) fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
            page: false,
        }
    }

    /// A failure of the server itself: the detail goes to the server's log, the
    /// client gets a fixed message (never a panic text or an internal path).
    pub(crate) fn internal(detail: impl std::fmt::Display) -> ApiError {
        eprintln!("error: {detail}");
        ApiError::new(
            ErrorCode::Internal,
            "the server failed on this request; the failure has been logged",
        )
    }

    /// Whether the database was busy: the request may succeed a moment later.
    pub(crate) fn is_busy(&self) -> bool {
        self.code == ErrorCode::Busy
    }

    pub(crate) fn busy(message: &str) -> ApiError {
        ApiError::new(
            ErrorCode::Busy,
            format!("{message}; retry after the time in Retry-After"),
        )
    }

    /// The same error, answered as a web page.
    pub(crate) fn page(mut self) -> ApiError {
        self.page = true;
        self
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.code.status();
        let mut response = if self.page {
            let title = status.canonical_reason().unwrap_or("Error");
            let page = format!(
                "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\
                 <body><h1>{title}</h1><p>{}</p><p><a href=\"/\">All stories</a></p></body></html>",
                escape(&self.message)
            );
            (status, Html(page)).into_response()
        } else {
            let body = json!({"error": {"code": self.code.as_str(), "message": self.message}});
            (status, Json(body)).into_response()
        };
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_snake_case_and_errors_by_status() {
        let mut names: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        assert!(names
            .iter()
            .all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '_')));
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ErrorCode::ALL.len());
        assert!(ErrorCode::ALL
            .iter()
            .all(|c| c.status().is_client_error() || c.status().is_server_error()));
    }
}
