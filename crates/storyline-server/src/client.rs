//! A minimal blocking HTTP/1.1 client for loopback: what the load benchmark and
//! the tests use to talk to a running server (and the browser test to its
//! WebDriver). One request per connection, `Connection: close`, so there is no
//! pooling to get wrong and every request is timed from connect to last byte.
//! Not a general client: no TLS, no redirects, no proxies.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// A response: status code, headers (names lower-cased) and body.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// The body as text (lossy).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON.
    pub fn json(&self) -> io::Result<serde_json::Value> {
        serde_json::from_slice(&self.body).map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("response (status {}) is not JSON: {e}", self.status),
            )
        })
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Sends one request and reads the whole response, giving up after `timeout`
/// of silence.
pub fn request(
    address: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    timeout: Duration,
) -> io::Result<Response> {
    let mut stream = TcpStream::connect_timeout(&address, timeout)?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    // A server may answer (413, say) before reading the whole body and close.
    if let Err(error) = stream.write_all(body) {
        if !matches!(
            error.kind(),
            io::ErrorKind::BrokenPipe | io::ErrorKind::ConnectionReset
        ) {
            return Err(error);
        }
    }
    // Read until the response is complete by its own framing: some servers keep
    // the connection open despite `Connection: close`.
    let mut raw = Vec::new();
    let mut buffer = [0u8; 64 * 1024];
    let mut headers: Option<(Response, usize)> = None;
    loop {
        if headers.is_none() {
            headers = read_head(&raw).transpose()?;
        }
        if let Some((response, start)) = &headers {
            if body_complete(response, &raw[*start..]) {
                break;
            }
        }
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(read) => raw.extend_from_slice(&buffer[..read]),
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) if error.kind() == io::ErrorKind::ConnectionReset && !raw.is_empty() => {
                break
            }
            Err(error) => return Err(error),
        }
    }
    parse(&raw)
}

/// The status line and headers, once `raw` holds them all, and where the body
/// starts.
fn read_head(raw: &[u8]) -> Option<io::Result<(Response, usize)>> {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&raw[..split]);
    let mut lines = head.split("\r\n");
    let Some(status) = lines
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|code| code.parse().ok())
    else {
        return Some(Err(invalid("response has no status line")));
    };
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let response = Response {
        status,
        headers,
        body: Vec::new(),
    };
    Some(Ok((response, split + 4)))
}

fn is_chunked(response: &Response) -> bool {
    response
        .header("transfer-encoding")
        .is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
}

fn content_length(response: &Response) -> Option<usize> {
    response.header("content-length")?.parse().ok()
}

/// Whether `body` is all of the response's body: as many bytes as
/// `Content-Length` says, or a chunked body up to its last chunk. A body framed by
/// the end of the connection is complete only at that end.
fn body_complete(response: &Response, body: &[u8]) -> bool {
    if let Some(length) = content_length(response) {
        body.len() >= length
    } else {
        is_chunked(response) && dechunk(body).is_ok()
    }
}

fn invalid(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.to_string())
}

fn parse(raw: &[u8]) -> io::Result<Response> {
    let (mut response, start) =
        read_head(raw).ok_or_else(|| invalid("response has no end of headers"))??;
    let body = &raw[start..];
    response.body = if is_chunked(&response) {
        dechunk(body)?
    } else {
        let length = content_length(&response).unwrap_or(body.len());
        body[..length.min(body.len())].to_vec()
    };
    Ok(response)
}

fn dechunk(mut body: &[u8]) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = body
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or_else(|| invalid("truncated chunk size"))?;
        let size_text = String::from_utf8_lossy(&body[..line_end]);
        let size_text = size_text.split(';').next().unwrap_or("").trim();
        let size =
            usize::from_str_radix(size_text, 16).map_err(|_| invalid("malformed chunk size"))?;
        body = &body[line_end + 2..];
        if size == 0 {
            return Ok(out);
        }
        let chunk = body.get(..size).ok_or_else(|| invalid("truncated chunk"))?;
        out.extend_from_slice(chunk);
        body = body.get(size + 2..).unwrap_or_default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_length_delimited_and_chunked_bodies() {
        let plain = parse(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi").unwrap();
        assert_eq!((plain.status, plain.text().as_str()), (200, "hi"));
        let chunked = parse(
            b"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=1\r\nde\r\n0\r\n\r\n",
        )
        .unwrap();
        assert_eq!((chunked.status, chunked.text().as_str()), (404, "abcde"));
        assert!(parse(b"HTTP/1.1 200 OK\r\n").is_err());
        assert!(parse(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n").is_err());
    }
}
