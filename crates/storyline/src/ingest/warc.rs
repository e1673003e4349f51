//! Web archives (WARC, optionally gzipped), read record by record.
//!
//! Common Crawl's news crawl and most archiving tools write WARC. The file is read
//! as a stream, so memory stays flat however large it is: each HTTP response with
//! an HTML payload becomes a document dated and located by its record; every other
//! record is counted and passed over without being held in memory. The byte counter
//! lets a caller draw progress.
//!
//! The reader is our own rather than a crate's because archives in the wild are
//! hostile in ways a strict reader turns into a lost batch: header values that are
//! not UTF-8, records of a gigabyte, HTTP payloads that decompress a thousandfold,
//! and a damaged record in the middle of a good file. Here a header is read as
//! lossy text, a record body over [`MAX_RECORD_BYTES`] is skipped by streaming it to
//! nowhere, a compressed payload is inflated only up to the HTML limit, and after a
//! bad record the reader looks for the next `WARC/` version line and goes on, each
//! problem reported against the record's number.

use std::cell::Cell;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::rc::Rc;

use super::{decode, Batch, MAX_HTML_BYTES};
use crate::error::Error;
use crate::model::{Format, GivenMeta, RawDoc};

/// A record whose block is larger than this is passed over (streamed, not held):
/// an HTML response plus its HTTP head is well under it.
const MAX_RECORD_BYTES: u64 = MAX_HTML_BYTES as u64 + 1024 * 1024;
/// Header lines longer than this are not WARC headers: the record is damaged.
const MAX_HEADER_LINE: u64 = 64 * 1024;
/// A record with more header lines than this is damaged.
const MAX_HEADER_LINES: usize = 512;

/// Counts the compressed bytes read from the file.
struct Counting<R> {
    inner: R,
    read: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

/// What a WARC file held besides its articles.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WarcCounts {
    pub records: usize,
    pub articles: usize,
    /// Records that are not HTML responses (requests, metadata, images, …).
    pub skipped: usize,
}

/// One record's header: its type, target, date and block length.
#[derive(Debug, Default)]
struct RecordHead {
    kind: String,
    target: Option<String>,
    date: Option<String>,
    length: Option<u64>,
}

/// Why a record could not be read, and whether the stream is still in step.
enum RecordError {
    /// The record was read past; the next one starts where the reader stands.
    Skipped(String),
    /// The reader lost its place: look for the next version line.
    Lost(String),
    /// The underlying file or decompressor failed: nothing more can be read.
    Fatal(String),
}

/// Reads a WARC file; `progress` is called after each record with the bytes read
/// so far and the counts.
pub fn read_warc(
    path: &Path,
    gzipped: bool,
    progress: &mut dyn FnMut(u64, WarcCounts),
) -> (Batch, WarcCounts) {
    match std::fs::File::open(path) {
        Ok(file) => read_warc_from(file, &path.display().to_string(), gzipped, progress),
        Err(source) => {
            let mut batch = Batch::default();
            batch.errors.push(Error::Unreadable {
                path: path.to_path_buf(),
                source,
            });
            (batch, WarcCounts::default())
        }
    }
}

/// Reads a web archive from any byte stream, `origin` naming it in errors.
pub fn read_warc_from(
    source: impl Read,
    origin: &str,
    gzipped: bool,
    progress: &mut dyn FnMut(u64, WarcCounts),
) -> (Batch, WarcCounts) {
    let origin = origin.to_string();
    let mut batch = Batch::default();
    let mut counts = WarcCounts::default();
    let read = Rc::new(Cell::new(0));
    let counting = Counting {
        inner: source,
        read: read.clone(),
    };
    let mut reader: Box<dyn BufRead + '_> = if gzipped {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(counting)))
    } else {
        Box::new(BufReader::new(counting))
    };
    let mut number = 0usize;
    let mut in_step = true;
    loop {
        let version = if in_step {
            next_nonblank_line(&mut reader)
        } else {
            resync(&mut reader)
        };
        let version = match version {
            Ok(Some(line)) => line,
            Ok(None) => break,
            Err(message) => {
                batch.errors.push(malformed(&origin, number + 1, message));
                break;
            }
        };
        number += 1;
        if !version.starts_with("WARC/") {
            let message = if number == 1 {
                "not a web archive: it does not start with a WARC/ version line".to_string()
            } else {
                format!(
                    "expected a WARC/ version line, found {:?}",
                    preview(&version)
                )
            };
            batch.errors.push(malformed(&origin, number, message));
            if number == 1 {
                break;
            }
            in_step = false;
            continue;
        }
        counts.records += 1;
        match read_record(&mut reader) {
            Ok((head, Some(block))) if head.kind.eq_ignore_ascii_case("response") => {
                match html_payload(&block) {
                    Ok(Some(payload)) => match decode(&payload) {
                        Ok(decoded) => {
                            counts.articles += 1;
                            if let Some(message) = decoded.warning {
                                batch.errors.push(Error::Repaired {
                                    origin: format!("{origin}#{number}"),
                                    message,
                                });
                            }
                            batch.docs.push(RawDoc {
                                origin: format!("{origin}#{number}"),
                                format: Format::Html,
                                content: decoded.text,
                                given: GivenMeta {
                                    url: head.target,
                                    date: head.date,
                                    ..GivenMeta::default()
                                },
                            });
                        }
                        Err(reason) => batch.errors.push(Error::NotText {
                            origin: format!("{origin}#{number}"),
                            reason,
                        }),
                    },
                    Ok(None) => counts.skipped += 1,
                    Err(reason) => batch.errors.push(Error::NotText {
                        origin: format!("{origin}#{number}"),
                        reason,
                    }),
                }
            }
            Ok(_) => counts.skipped += 1,
            Err(RecordError::Skipped(message)) => {
                counts.skipped += 1;
                batch.errors.push(malformed(&origin, number, message));
            }
            Err(RecordError::Lost(message)) => {
                batch.errors.push(malformed(&origin, number, message));
                in_step = false;
            }
            Err(RecordError::Fatal(message)) => {
                batch.errors.push(malformed(&origin, number, message));
                break;
            }
        }
        progress(read.get(), counts);
    }
    (batch, counts)
}

fn malformed(origin: &str, record: usize, message: String) -> Error {
    Error::Malformed {
        origin: format!("{origin} record {record}"),
        format: "WARC",
        message,
    }
}

fn preview(line: &str) -> String {
    line.chars().take(40).collect()
}

/// One line, without its line ending, read as lossy UTF-8; `None` at the end.
/// A line longer than [`MAX_HEADER_LINE`] is an error (and is read past).
fn read_line(reader: &mut dyn BufRead) -> Result<Option<String>, RecordError> {
    let mut bytes = Vec::new();
    let n = reader
        .take(MAX_HEADER_LINE)
        .read_until(b'\n', &mut bytes)
        .map_err(|e| RecordError::Fatal(e.to_string()))?;
    if n == 0 {
        return Ok(None);
    }
    if !bytes.ends_with(b"\n") && n as u64 == MAX_HEADER_LINE {
        return Err(RecordError::Lost(format!(
            "a header line longer than {} KiB",
            MAX_HEADER_LINE / 1024
        )));
    }
    while bytes.last().is_some_and(|b| matches!(b, b'\n' | b'\r')) {
        bytes.pop();
    }
    Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
}

fn next_nonblank_line(reader: &mut dyn BufRead) -> Result<Option<String>, String> {
    loop {
        match read_line(reader) {
            Ok(Some(line)) if line.trim().is_empty() => continue,
            Ok(line) => return Ok(line),
            Err(RecordError::Fatal(message)) => return Err(message),
            Err(_) => return Ok(Some(String::new())),
        }
    }
}

/// Reads forward to the next line that starts a record.
fn resync(reader: &mut dyn BufRead) -> Result<Option<String>, String> {
    loop {
        match read_line(reader) {
            Ok(Some(line)) if line.starts_with("WARC/") => return Ok(Some(line)),
            Ok(Some(_)) | Err(RecordError::Lost(_) | RecordError::Skipped(_)) => continue,
            Ok(None) => return Ok(None),
            Err(RecordError::Fatal(message)) => return Err(message),
        }
    }
}

/// Reads a record's header lines and its block. The block is returned only for
/// responses no larger than [`MAX_RECORD_BYTES`]; anything else is streamed past.
fn read_record(reader: &mut dyn BufRead) -> Result<(RecordHead, Option<Vec<u8>>), RecordError> {
    let mut head = RecordHead::default();
    let mut lines = 0;
    loop {
        let Some(line) = read_line(reader)? else {
            return Err(RecordError::Fatal(
                "the file ends inside a record header".into(),
            ));
        };
        if line.is_empty() {
            break;
        }
        lines += 1;
        if lines > MAX_HEADER_LINES {
            return Err(RecordError::Lost(format!(
                "more than {MAX_HEADER_LINES} header lines"
            )));
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(RecordError::Lost(format!(
                "a header line without a colon: {:?}",
                preview(&line)
            )));
        };
        let value = value.trim().to_string();
        match name.trim().to_ascii_lowercase().as_str() {
            "warc-type" => head.kind = value,
            "warc-target-uri" => head.target = Some(value.trim_matches(['<', '>']).to_string()),
            "warc-date" => head.date = Some(value),
            "content-length" => {
                head.length = Some(value.parse().map_err(|_| {
                    RecordError::Lost(format!(
                        "Content-Length {:?} is not a number",
                        preview(&value)
                    ))
                })?)
            }
            _ => {}
        }
    }
    let Some(length) = head.length else {
        return Err(RecordError::Lost("no Content-Length header".into()));
    };
    let wanted = head.kind.eq_ignore_ascii_case("response") && length <= MAX_RECORD_BYTES;
    if !wanted {
        let skipped = std::io::copy(&mut reader.take(length), &mut std::io::sink())
            .map_err(|e| RecordError::Fatal(e.to_string()))?;
        if skipped < length {
            return Err(RecordError::Fatal("the file ends inside a record".into()));
        }
        if head.kind.eq_ignore_ascii_case("response") {
            return Err(RecordError::Skipped(format!(
                "a response of {} MiB, over the {} MiB limit for one record; passed over",
                length / 1024 / 1024,
                MAX_RECORD_BYTES / 1024 / 1024
            )));
        }
        return Ok((head, None));
    }
    let mut block = Vec::with_capacity(length as usize);
    reader
        .take(length)
        .read_to_end(&mut block)
        .map_err(|e| RecordError::Fatal(e.to_string()))?;
    if (block.len() as u64) < length {
        return Err(RecordError::Fatal("the file ends inside a record".into()));
    }
    Ok((head, Some(block)))
}

/// The body of an HTTP response whose content type is HTML (gzip or identity
/// encoded): `Ok(None)` for other responses, an error for a payload that inflates
/// past the HTML size limit or does not inflate at all.
fn html_payload(http: &[u8]) -> Result<Option<Vec<u8>>, String> {
    let Some(split) = http.windows(4).position(|w| w == b"\r\n\r\n") else {
        return Ok(None);
    };
    let head = String::from_utf8_lossy(&http[..split]).to_ascii_lowercase();
    let body = &http[split + 4..];
    let header = |name: &str| {
        head.lines().find_map(|l| {
            l.strip_prefix(name)
                .map(|v| v.trim_start_matches(':').trim().to_string())
        })
    };
    if !header("content-type").is_some_and(|t| t.contains("html")) {
        return Ok(None);
    }
    if header("content-encoding").is_some_and(|e| e.contains("gzip")) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(body)
            .take(MAX_HTML_BYTES as u64 + 1)
            .read_to_end(&mut out)
            .map_err(|e| format!("gzip payload: {e}"))?;
        if out.len() > MAX_HTML_BYTES {
            return Err(format!(
                "gzip payload inflates past the {} MiB limit for an HTML page",
                MAX_HTML_BYTES / 1024 / 1024
            ));
        }
        return Ok(Some(out));
    }
    Ok(Some(body.to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, uri: &str, payload: &str) -> String {
        format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{uri}>\r\nWARC-Date: 2024-03-05T09:00:00Z\r\nWARC-Target-URI: {uri}\r\nContent-Length: {}\r\n\r\n{payload}\r\n\r\n",
            payload.len()
        )
    }

    const PAGE: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><article><p>The new dam on the Arle river opened on Tuesday after two years of work and a long dispute over its cost.</p></article></body></html>";

    fn read(name: &str, bytes: &[u8]) -> (Batch, WarcCounts) {
        let dir = crate::testing::scratch_dir("warc");
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        read_warc(&path, false, &mut |_, _| {})
    }

    #[test]
    fn html_responses_become_documents_and_other_records_are_counted() {
        let image = "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\nPNG";
        let warc = [
            record(
                "request",
                "https://valley.example/dam",
                "GET /dam HTTP/1.1\r\n\r\n",
            ),
            record("response", "https://valley.example/dam", PAGE),
            record("response", "https://valley.example/logo.png", image),
        ]
        .concat();
        let dir = crate::testing::scratch_dir("warc");
        let path = dir.join("crawl.warc");
        std::fs::write(&path, warc).unwrap();
        let mut calls = 0;
        let (batch, counts) = read_warc(&path, false, &mut |_, _| calls += 1);
        assert!(batch.errors.is_empty(), "{:?}", batch.errors);
        assert_eq!(
            counts,
            WarcCounts {
                records: 3,
                articles: 1,
                skipped: 2
            }
        );
        assert_eq!(calls, 3);
        let doc = &batch.docs[0];
        assert_eq!(doc.given.url.as_deref(), Some("https://valley.example/dam"));
        assert!(doc.given.date.as_deref().unwrap().starts_with("2024-03-05"));
        assert!(doc.content.contains("Arle river"));
    }

    /// Issue 17: a target URI that is not UTF-8 panicked inside the crate we used.
    #[test]
    fn a_header_that_is_not_utf8_is_read_lossily() {
        let mut warc = record("response", "https://valley.example/\u{1}", PAGE).into_bytes();
        for byte in warc.iter_mut().filter(|b| **b == 1) {
            *byte = 0xff;
        }
        let (batch, counts) = read("bad-uri.warc", &warc);
        assert!(batch.errors.is_empty(), "{:?}", batch.errors);
        assert_eq!(counts.articles, 1);
        assert!(batch.docs[0]
            .given
            .url
            .as_deref()
            .unwrap()
            .ends_with('\u{fffd}'));
    }

    /// Issue 17: every record after a bad one was dropped without a word.
    #[test]
    fn reading_goes_on_after_a_bad_record() {
        let damaged =
            "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: many\r\n\r\ngarbage\r\n\r\n";
        let warc = [
            record("response", "https://valley.example/a", PAGE),
            damaged.to_string(),
            record("response", "https://valley.example/b", PAGE),
        ]
        .concat();
        let (batch, counts) = read("damaged.warc", warc.as_bytes());
        assert_eq!(counts.articles, 2, "{:?}", batch.errors);
        assert_eq!(batch.errors.len(), 1);
        let message = batch.errors[0].to_string();
        assert!(message.contains("damaged.warc record 2"), "{message}");
        assert!(message.contains("Content-Length"), "{message}");
    }

    /// Issue 17: a text file named `.warc` was skipped silently.
    #[test]
    fn a_file_that_is_not_a_web_archive_is_reported() {
        let (batch, counts) = read("notes.warc", b"Just some notes.\nNothing archived.\n");
        assert_eq!(counts.records, 0);
        let message = batch.errors[0].to_string();
        assert!(message.contains("not a web archive"), "{message}");
    }

    /// Issue 17: an HTTP payload that inflates to a gigabyte exhausted memory.
    #[test]
    fn a_compressed_payload_is_inflated_only_to_the_html_limit() {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let zeros = vec![b' '; 1024 * 1024];
        for _ in 0..(MAX_HTML_BYTES / zeros.len() + 2) {
            encoder.write_all(&zeros).unwrap();
        }
        let gzip = encoder.finish().unwrap();
        let mut http =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"
                .to_vec();
        http.extend_from_slice(&gzip);
        let error = html_payload(&http).unwrap_err();
        assert!(error.contains("MiB limit"), "{error}");
    }

    #[test]
    fn an_oversized_record_is_passed_over_and_the_next_one_read() {
        let big = "x".repeat(MAX_RECORD_BYTES as usize + 1);
        let warc = [
            record("response", "https://valley.example/big", &big),
            record("response", "https://valley.example/b", PAGE),
        ]
        .concat();
        let (batch, counts) = read("big.warc", warc.as_bytes());
        assert_eq!(counts.articles, 1);
        assert!(
            batch.errors[0].to_string().contains("over the"),
            "{:?}",
            batch.errors
        );
    }
}
