//! Connections: accepted, counted and timed out, so that no client can hold the
//! server's sockets or threads.
//!
//! `axum::serve` accepts every connection and keeps it as long as the client
//! likes; 300 idle sockets once exhausted a 256-file limit. Here each connection
//! is served by hyper with a header deadline (which also closes keep-alive
//! connections left idle, since hyper times the wait for the next request's head
//! as well), and connections beyond the limit are answered 503 and closed at once.
//! A request's body and handling are bounded by the request deadline of the
//! router's middleware.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;

use crate::ServerOptions;

/// The connection limits of [`ServerOptions`].
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    max_connections: usize,
    header_timeout: Duration,
}

impl From<&ServerOptions> for Limits {
    fn from(options: &ServerOptions) -> Self {
        Limits {
            max_connections: options.max_connections.max(1),
            header_timeout: options.header_timeout,
        }
    }
}

/// Accepts connections until the process is stopped.
pub async fn accept_loop(
    listener: TcpListener,
    app: Router,
    limits: Limits,
) -> std::io::Result<()> {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(error) => {
                // Out of file descriptors, or a connection reset before it was
                // taken: the server goes on after a breath.
                eprintln!("warning: cannot accept a connection: {error}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Ok(permit) = permits.clone().try_acquire_owned() else {
            tokio::spawn(refuse(stream));
            continue;
        };
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_timeout)
                .max_buf_size(64 * 1024);
            // A connection's failure (a reset, a timeout) concerns that client only.
            let _ = builder
                .serve_connection(TokioIo::new(stream), service)
                .await;
            drop(permit);
        });
    }
}

/// Answers a connection over the limit with 503 and closes it.
async fn refuse(mut stream: TcpStream) {
    let body = serde_json::json!({"error": {
        "code": crate::ErrorCode::Busy.as_str(),
        "message": "too many open connections; retry after the time in Retry-After",
    }})
    .to_string();
    let answer = format!(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 2\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let _ = tokio::time::timeout(Duration::from_secs(2), stream.write_all(answer.as_bytes())).await;
}
