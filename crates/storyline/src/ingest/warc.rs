//! Web archives (WARC, optionally gzipped), read record by record.
//!
//! Common Crawl's news crawl and most archiving tools write WARC. The file is read
//! as a stream, so memory stays flat however large it is: each HTTP response with
//! an HTML payload becomes a document dated and located by its record; every other
//! record is counted and passed over. The byte counter lets a caller draw progress.

use std::cell::Cell;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::rc::Rc;

use warc::{RecordType, WarcHeader, WarcReader};

use super::{decode, Batch};
use crate::error::Error;
use crate::model::{Format, GivenMeta, RawDoc};

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

/// Reads a WARC file; `progress` is called after each record with the bytes read
/// so far and the counts.
pub fn read_warc(
    path: &Path,
    gzipped: bool,
    progress: &mut dyn FnMut(u64, WarcCounts),
) -> (Batch, WarcCounts) {
    let origin = path.display().to_string();
    let mut batch = Batch::default();
    let mut counts = WarcCounts::default();
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(source) => {
            batch.errors.push(Error::Unreadable {
                path: path.to_path_buf(),
                source,
            });
            return (batch, counts);
        }
    };
    let read = Rc::new(Cell::new(0));
    let counting = Counting {
        inner: file,
        read: read.clone(),
    };
    let reader: Box<dyn BufRead> = if gzipped {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(counting)))
    } else {
        Box::new(BufReader::new(counting))
    };
    for (index, record) in WarcReader::new(reader).iter_records().enumerate() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                batch.errors.push(Error::Malformed {
                    origin: format!("{origin} record {}", index + 1),
                    format: "WARC",
                    message: e.to_string(),
                });
                break;
            }
        };
        counts.records += 1;
        let html = (record.warc_type() == &RecordType::Response)
            .then(|| html_payload(record.body()))
            .flatten();
        match html {
            Some(payload) => match decode(&payload) {
                Ok(content) => {
                    counts.articles += 1;
                    batch.docs.push(RawDoc {
                        origin: format!("{origin}#{}", index + 1),
                        format: Format::Html,
                        content,
                        given: GivenMeta {
                            url: record.header(WarcHeader::TargetURI).map(|u| u.into_owned()),
                            date: Some(record.date().to_rfc3339()),
                            ..GivenMeta::default()
                        },
                    });
                }
                Err(reason) => batch.errors.push(Error::NotText {
                    origin: format!("{origin}#{}", index + 1),
                    reason,
                }),
            },
            None => counts.skipped += 1,
        }
        progress(read.get(), counts);
    }
    (batch, counts)
}

/// The body of an HTTP response whose content type is HTML (gzip or identity
/// encoded), or `None`.
fn html_payload(http: &[u8]) -> Option<Vec<u8>> {
    let split = http.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&http[..split]).to_ascii_lowercase();
    let body = &http[split + 4..];
    let header = |name: &str| {
        head.lines().find_map(|l| {
            l.strip_prefix(name)
                .map(|v| v.trim_start_matches(':').trim().to_string())
        })
    };
    if !header("content-type").is_some_and(|t| t.contains("html")) {
        return None;
    }
    if header("content-encoding").is_some_and(|e| e.contains("gzip")) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(body)
            .read_to_end(&mut out)
            .ok()?;
        return Some(out);
    }
    Some(body.to_vec())
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

    #[test]
    fn html_responses_become_documents_and_other_records_are_counted() {
        let page = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><article><p>The new dam on the Arle river opened on Tuesday after two years of work and a long dispute over its cost.</p></article></body></html>";
        let image = "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\nPNG";
        let warc = [
            record(
                "request",
                "https://valley.example/dam",
                "GET /dam HTTP/1.1\r\n\r\n",
            ),
            record("response", "https://valley.example/dam", page),
            record("response", "https://valley.example/logo.png", image),
        ]
        .concat();
        let dir = std::env::temp_dir().join(format!("storyline-warc-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
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
}
