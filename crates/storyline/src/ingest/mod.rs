//! Ingest: turn what the user points at into [`RawDoc`]s.
//!
//! Input is messy and arrives in batches, so this stage never gives up on a batch
//! because of one bad member: every reader returns the documents it could read *and*
//! the errors for what it could not, each error naming the file (and line) to blame.
//! Formats are decided by file name first and by sniffing the content second, because
//! real collections are full of Markdown saved as `.txt` and HTML saved without an
//! extension.

mod feeds;
mod warc;

use std::io::Read;
use std::path::{Path, PathBuf};

pub use self::warc::WarcCounts;

use serde_json::Value;

use crate::error::Error;
use crate::model::{Format, GivenMeta, RawDoc};

/// Decompressed inputs larger than this are refused rather than read into memory.
const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;
/// HTML pages larger than this are not news articles (real ones are well under a
/// megabyte) and would cost the extractor seconds each: refused with a message.
const MAX_HTML_BYTES: usize = 16 * 1024 * 1024;

/// One thing to read: a file or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    Stdin,
}

impl Input {
    pub fn name(&self) -> String {
        match self {
            Input::File(path) => path.display().to_string(),
            Input::Stdin => "-".to_string(),
        }
    }
}

/// What a read produced: the documents, and the problems with what was skipped.
#[derive(Debug, Default)]
pub struct Batch {
    pub docs: Vec<RawDoc>,
    pub errors: Vec<Error>,
}

impl Batch {
    pub fn extend(&mut self, other: Batch) {
        self.docs.extend(other.docs);
        self.errors.extend(other.errors);
    }
}

/// Expands the user's arguments into inputs: folders are walked recursively in
/// sorted order (hidden entries and files of unknown type inside folders are
/// passed over silently, as a shell glob would), `-` is standard input, and a
/// named file of an unknown type is an error.
pub fn expand(args: &[PathBuf]) -> (Vec<Input>, Vec<Error>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for arg in args {
        if arg.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if arg.is_dir() {
            walk(arg, &mut inputs, &mut errors);
        } else if !arg.exists() {
            errors.push(Error::Unreadable {
                path: arg.clone(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
            });
        } else if format_for_name(arg).is_some() {
            inputs.push(Input::File(arg.clone()));
        } else {
            errors.push(Error::UnsupportedType { path: arg.clone() });
        }
    }
    (inputs, errors)
}

fn walk(dir: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<Error>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(source) => {
            errors.push(Error::Unreadable {
                path: dir.to_path_buf(),
                source,
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, inputs, errors);
        } else if format_for_name(&path).is_some() {
            inputs.push(Input::File(path));
        }
    }
}

/// What a file name says about its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NamedKind {
    /// Text or Markdown: which one is decided by sniffing.
    Prose,
    Markdown,
    Html,
    Json,
    JsonLines,
    /// RSS, Atom, RDF or JSON Feed.
    Feed,
    /// A web archive.
    Warc,
}

fn format_for_name(path: &Path) -> Option<(NamedKind, bool)> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let (name, gzipped) = match name.strip_suffix(".gz") {
        Some(inner) => (inner.to_string(), true),
        None => (name, false),
    };
    let ext = name.rsplit_once('.').map(|(_, ext)| ext)?;
    let kind = match ext {
        "txt" | "text" => NamedKind::Prose,
        "md" | "markdown" => NamedKind::Markdown,
        "html" | "htm" | "xhtml" => NamedKind::Html,
        "json" => NamedKind::Json,
        "jsonl" | "ndjson" => NamedKind::JsonLines,
        "rss" | "atom" | "xml" | "rdf" => NamedKind::Feed,
        "warc" => NamedKind::Warc,
        _ => return None,
    };
    Some((kind, gzipped))
}

/// Reads one input completely.
pub fn read(input: &Input) -> Batch {
    read_observed(input, &mut |_, _| {})
}

/// Like [`read`], reporting progress inside large inputs (web archives): bytes
/// read so far and the counts of records.
pub fn read_observed(input: &Input, observe: &mut dyn FnMut(u64, WarcCounts)) -> Batch {
    if let Input::File(path) = input {
        if let Some((NamedKind::Warc, gzipped)) = format_for_name(path) {
            return warc::read_warc(path, gzipped, observe).0;
        }
    }
    match input {
        Input::Stdin => {
            let mut bytes = Vec::new();
            let limited = std::io::stdin()
                .lock()
                .take(MAX_INPUT_BYTES + 1)
                .read_to_end(&mut bytes);
            match limited {
                Ok(_) => read_bytes("-", None, &bytes),
                Err(source) => Batch {
                    docs: Vec::new(),
                    errors: vec![Error::Unreadable {
                        path: PathBuf::from("-"),
                        source,
                    }],
                },
            }
        }
        Input::File(path) => read_file(path),
    }
}

fn read_file(path: &Path) -> Batch {
    let failed = |error| Batch {
        docs: Vec::new(),
        errors: vec![error],
    };
    let origin = path.display().to_string();
    let Some((kind, gzipped)) = format_for_name(path) else {
        return failed(Error::UnsupportedType {
            path: path.to_path_buf(),
        });
    };
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(source) => {
            return failed(Error::Unreadable {
                path: path.to_path_buf(),
                source,
            })
        }
    };
    let mut bytes = Vec::new();
    let outcome = if gzipped {
        flate2::read::MultiGzDecoder::new(file)
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut bytes)
    } else {
        file.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes)
    };
    if let Err(source) = outcome {
        let error = if gzipped {
            Error::Malformed {
                origin,
                format: "gzip",
                message: source.to_string(),
            }
        } else {
            Error::Unreadable {
                path: path.to_path_buf(),
                source,
            }
        };
        return failed(error);
    }
    read_bytes(&origin, Some(kind), &bytes)
}

/// Reads the bytes of one input whose name suggested `kind` (or nothing, for
/// standard input and bodies without a name).
fn read_bytes(origin: &str, kind: Option<NamedKind>, bytes: &[u8]) -> Batch {
    let failed = |error| Batch {
        docs: Vec::new(),
        errors: vec![error],
    };
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return failed(Error::NotText {
            origin: origin.to_string(),
            reason: format!("larger than {} MiB", MAX_INPUT_BYTES / 1024 / 1024),
        });
    }
    let text = match decode(bytes) {
        Ok(text) => text,
        Err(reason) => {
            return failed(Error::NotText {
                origin: origin.to_string(),
                reason,
            })
        }
    };
    if text.trim().is_empty() {
        return failed(Error::Empty {
            origin: origin.to_string(),
        });
    }
    let kind = kind.unwrap_or_else(|| sniff_kind(&text));
    let kind = match kind {
        NamedKind::Json | NamedKind::Prose if feeds::looks_like_feed(&text) => NamedKind::Feed,
        other => other,
    };
    match kind {
        NamedKind::Feed => feeds::read_feed(origin, text.as_bytes()),
        NamedKind::Warc => failed(Error::Malformed {
            origin: origin.to_string(),
            format: "WARC",
            message: "web archives are read from files, not from standard input".to_string(),
        }),
        NamedKind::Json => read_json(origin, &text),
        NamedKind::JsonLines => read_json_lines(origin, &text),
        NamedKind::Html if text.len() > MAX_HTML_BYTES => failed(Error::NotText {
            origin: origin.to_string(),
            reason: format!("HTML page larger than {} MiB", MAX_HTML_BYTES / 1024 / 1024),
        }),
        NamedKind::Html => single(origin, Format::Html, text),
        NamedKind::Markdown => single(origin, Format::Markdown, text),
        NamedKind::Prose => {
            let format = sniff_prose(&text);
            single(origin, format, text)
        }
    }
}

/// A document from text of unknown kind (an HTTP body, say): HTML, Markdown or
/// plain text as sniffed, with the URL it came from when known.
pub fn document_from_text(origin: &str, content: String, url: Option<String>) -> RawDoc {
    let format = match sniff_kind(&content) {
        NamedKind::Html => Format::Html,
        _ => sniff_prose(&content),
    };
    RawDoc {
        origin: origin.to_string(),
        format,
        content,
        given: GivenMeta {
            url,
            ..GivenMeta::default()
        },
    }
}

fn single(origin: &str, format: Format, content: String) -> Batch {
    Batch {
        docs: vec![RawDoc {
            origin: origin.to_string(),
            format,
            content,
            given: GivenMeta::default(),
        }],
        errors: Vec::new(),
    }
}

/// Decodes bytes: UTF-8 when they are (dropping a byte-order mark), else the
/// charset an HTML page declares, else the one `chardetng` detects; refuses what
/// looks binary.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Err("binary data (NUL bytes)".to_string());
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    if controls * 20 > head.len().max(1) {
        return Err("binary data (control bytes)".to_string());
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    let encoding = declared_charset(head).unwrap_or_else(|| {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        detector.guess(None, chardetng::Utf8Detection::Deny)
    });
    let (text, _, _) = encoding.decode(bytes);
    Ok(text.into_owned())
}

/// The charset an HTML page declares in its first bytes (`<meta charset=…>` or
/// `content="text/html; charset=…"`).
fn declared_charset(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let at = text.find("charset=")? + "charset=".len();
    let label: String = text[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    encoding_rs::Encoding::for_label(label.as_bytes())
}

fn sniff_kind(text: &str) -> NamedKind {
    let start = text.trim_start();
    let lower: String = start
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    if start.starts_with('[') || start.starts_with('{') {
        let first_line = start.lines().next().unwrap_or("");
        let more_lines = start.lines().filter(|l| !l.trim().is_empty()).count() > 1;
        if more_lines && serde_json::from_str::<Value>(first_line).is_ok() {
            return NamedKind::JsonLines;
        }
        return NamedKind::Json;
    }
    if feeds::looks_like_feed(start) {
        return NamedKind::Feed;
    }
    if lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || lower.contains("<body")
        || lower.contains("<head")
    {
        return NamedKind::Html;
    }
    NamedKind::Prose
}

/// Markdown saved as `.txt` is common; markup is recognised by its tell-tale forms.
fn sniff_prose(text: &str) -> Format {
    let markdown_lines = text
        .lines()
        .filter(|line| {
            let line = line.trim();
            line.starts_with("# ")
                || line.starts_with("## ")
                || line.starts_with("### ")
                || (line.starts_with("**") && line[2..].contains("**"))
                || (line.starts_with("<http") && line.ends_with('>'))
                || line.contains("](")
        })
        .count();
    if markdown_lines >= 1 {
        Format::Markdown
    } else {
        Format::Text
    }
}

fn read_json(origin: &str, text: &str) -> Batch {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(items)) => {
            let mut batch = Batch::default();
            for (index, item) in items.into_iter().enumerate() {
                batch.extend(from_json_value(&format!("{origin}[{index}]"), item));
            }
            batch
        }
        Ok(value) => from_json_value(origin, value),
        Err(e) => Batch {
            docs: Vec::new(),
            errors: vec![Error::Malformed {
                origin: origin.to_string(),
                format: "JSON",
                message: e.to_string(),
            }],
        },
    }
}

fn read_json_lines(origin: &str, text: &str) -> Batch {
    let mut batch = Batch::default();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let line_origin = format!("{origin}:{}", index + 1);
        match serde_json::from_str::<Value>(line) {
            Ok(value) => batch.extend(from_json_value(&line_origin, value)),
            Err(e) => batch.errors.push(Error::Malformed {
                origin: line_origin,
                format: "JSON line",
                message: e.to_string(),
            }),
        }
    }
    batch
}

/// One JSON value: an article object, or an object carrying an `articles` array
/// (the shape of clustered evaluation corpora).
pub fn from_json_value(origin: &str, value: Value) -> Batch {
    let mut batch = Batch::default();
    let Value::Object(mut object) = value else {
        batch.errors.push(Error::Malformed {
            origin: origin.to_string(),
            format: "JSON article",
            message: "expected an object with a text field".to_string(),
        });
        return batch;
    };
    if let Some(Value::Array(articles)) = object.remove("articles") {
        for (index, article) in articles.into_iter().enumerate() {
            batch.extend(from_json_value(
                &format!("{origin}.articles[{index}]"),
                article,
            ));
        }
        return batch;
    }
    let field = |names: &[&str]| -> Option<String> {
        names.iter().find_map(|name| match object.get(*name) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            _ => None,
        })
    };
    let given = GivenMeta {
        title: field(&["title", "headline"]),
        url: field(&["url", "link"]),
        date: field(&["date", "published", "published_at", "datePublished"]),
        outlet: field(&["source", "outlet", "publisher", "site"]),
        author: field(&["author", "byline"]),
        partial: false,
    };
    let body = field(&["text", "content", "body", "articleBody"]);
    let content = match (body, &given.title) {
        (Some(body), _) => body,
        // Headline-only records (news aggregators) are still articles.
        (None, Some(title)) => title.clone(),
        (None, None) => {
            batch.errors.push(Error::Malformed {
                origin: origin.to_string(),
                format: "JSON article",
                message: "no text, content, body or title field".to_string(),
            });
            return batch;
        }
    };
    let format = match sniff_kind(&content) {
        NamedKind::Html => Format::Html,
        _ => sniff_prose(&content),
    };
    batch.docs.push(RawDoc {
        origin: field(&["id"])
            .map(|id| format!("{origin}#{id}"))
            .unwrap_or_else(|| origin.to_string()),
        format,
        content,
        given,
    });
    batch
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lines_keep_good_records_and_report_bad_ones_by_line() {
        let text = "{\"title\":\"A\",\"text\":\"Body one.\"}\nnot json\n{\"content\":\"Body two.\",\"outlet\":\"X\"}\n";
        let batch = read_bytes("in.jsonl", Some(NamedKind::JsonLines), text.as_bytes());
        assert_eq!(batch.docs.len(), 2);
        assert_eq!(batch.docs[1].given.outlet.as_deref(), Some("X"));
        assert_eq!(batch.errors.len(), 1);
        assert!(batch.errors[0].to_string().starts_with("in.jsonl:2:"));
    }

    #[test]
    fn json_array_and_cluster_objects_yield_every_article() {
        let text =
            r#"[{"text":"One."},{"id":"c1","articles":[{"text":"Two."},{"body":"Three."}]},7]"#;
        let batch = read_bytes("a.json", Some(NamedKind::Json), text.as_bytes());
        assert_eq!(batch.docs.len(), 3);
        assert_eq!(batch.docs[2].origin, "a.json[1].articles[1]");
        assert_eq!(batch.errors.len(), 1, "the bare number is reported");
    }

    #[test]
    fn binary_is_refused_and_legacy_charsets_are_decoded() {
        assert!(decode(b"PK\x03\x04\0\0binary").is_err());
        let windows_1252 = b"Le caf\xe9 \x93fran\xe7ais\x94 est ouvert \xe0 la client\xe8le du quartier depuis l'\xe9t\xe9 dernier.";
        assert_eq!(
            decode(windows_1252).unwrap(),
            "Le café “français” est ouvert à la clientèle du quartier depuis l'été dernier."
        );
        let declared = b"<html><head><meta charset=\"koi8-r\"></head><body>\xf0\xd2\xc9\xd7\xc5\xd4</body></html>";
        assert!(decode(declared).unwrap().contains("Привет"));
    }

    #[test]
    fn markdown_in_txt_and_html_on_stdin_are_recognised() {
        assert_eq!(
            sniff_prose("# Title\n\nBody with [a link](#)."),
            Format::Markdown
        );
        assert_eq!(sniff_prose("Title\n\nPlain body."), Format::Text);
        assert_eq!(sniff_kind("<!DOCTYPE html><html>"), NamedKind::Html);
        assert_eq!(sniff_kind("{\"a\":1}\n{\"a\":2}"), NamedKind::JsonLines);
    }

    #[test]
    fn empty_input_is_an_error_naming_it() {
        let batch = read_bytes("blank.txt", Some(NamedKind::Prose), b"  \n\n ");
        assert!(matches!(&batch.errors[..], [Error::Empty { origin }] if origin == "blank.txt"));
    }
}
