//! Ingest: turn what the user points at into [`RawDoc`]s.
//!
//! Input is messy and arrives in batches, so this stage never gives up on a batch
//! because of one bad member: every reader returns the documents it could read *and*
//! the errors for what it could not, each error naming the file (and line) to blame.
//! Formats are decided by file name first and by sniffing the content second, because
//! real collections are full of Markdown saved as `.txt` and HTML saved without an
//! extension.

pub mod feeds;
mod warc;

use std::io::Read;
use std::path::{Path, PathBuf};

pub use self::warc::WarcCounts;

use serde_json::Value;

use crate::error::Error;
use crate::model::{Format, GivenMeta, RawDoc};

pub(crate) use crate::limits::{MAX_HTML_BYTES, MAX_INPUT_BYTES};

/// The file name endings Storyline reads and what each says about the content;
/// each may be followed by `.gz`. The one list: [`format_for_name`] reads it, and
/// [`supported_extensions`] shows it in messages and help texts.
const EXTENSIONS: &[(&str, NamedKind)] = &[
    ("txt", NamedKind::Prose),
    ("text", NamedKind::Prose),
    ("md", NamedKind::Markdown),
    ("markdown", NamedKind::Markdown),
    ("html", NamedKind::Html),
    ("htm", NamedKind::Html),
    ("xhtml", NamedKind::Html),
    ("json", NamedKind::Json),
    ("jsonl", NamedKind::JsonLines),
    ("ndjson", NamedKind::JsonLines),
    ("rss", NamedKind::Feed),
    ("atom", NamedKind::Feed),
    ("xml", NamedKind::Feed),
    ("rdf", NamedKind::Feed),
    ("warc", NamedKind::Warc),
];

/// The file name endings Storyline reads, for messages and help texts:
/// ".txt .text … .warc (each optionally .gz)".
pub fn supported_extensions() -> String {
    let names: Vec<String> = EXTENSIONS
        .iter()
        .map(|(ext, _)| format!(".{ext}"))
        .collect();
    format!("{} (each optionally .gz)", names.join(" "))
}

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
///
/// A walk reads each file once however many links lead to it, follows no link
/// back into a folder it is already inside or has read (a link to a parent, a
/// link to itself), and passes over FIFOs, devices and sockets with a warning:
/// reading one would block or never end.
pub fn expand(args: &[PathBuf]) -> (Vec<Input>, Vec<Error>) {
    let mut walk = Walk::default();
    for arg in args {
        if arg.as_os_str() == "-" {
            walk.inputs.push(Input::Stdin);
        } else if arg.is_dir() {
            walk.folder(arg);
        } else if !arg.exists() {
            walk.errors.push(Error::Unreadable {
                path: arg.clone(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
            });
        } else if format_for_name(arg).is_some() {
            // Named explicitly: read even if it is a pipe (`<(zcat …)`).
            walk.file(arg);
        } else {
            walk.errors
                .push(Error::UnsupportedType { path: arg.clone() });
        }
    }
    (walk.inputs, walk.errors)
}

#[derive(Default)]
struct Walk {
    inputs: Vec<Input>,
    errors: Vec<Error>,
    /// Canonical paths of the folders entered and the files taken.
    seen: std::collections::HashSet<PathBuf>,
}

impl Walk {
    /// True the first time a canonical path is met.
    fn first_visit(&mut self, path: &Path) -> bool {
        match std::fs::canonicalize(path) {
            Ok(canonical) => self.seen.insert(canonical),
            Err(_) => true,
        }
    }

    fn file(&mut self, path: &Path) {
        if self.first_visit(path) {
            self.inputs.push(Input::File(path.to_path_buf()));
        }
    }

    fn folder(&mut self, dir: &Path) {
        if !self.first_visit(dir) {
            self.errors.push(Error::NotAFile {
                path: dir.to_path_buf(),
                reason: "a link to a folder already read".to_string(),
            });
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(source) => {
                self.errors.push(Error::Unreadable {
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
            // Follows links: a link to a file or a folder elsewhere is read.
            let Ok(metadata) = std::fs::metadata(&path) else {
                self.errors.push(Error::NotAFile {
                    path,
                    reason: "a broken link".to_string(),
                });
                continue;
            };
            if metadata.is_dir() {
                self.folder(&path);
            } else if format_for_name(&path).is_none() {
                continue;
            } else if metadata.is_file() {
                self.file(&path);
            } else {
                self.errors.push(Error::NotAFile {
                    reason: special_file_kind(&metadata).to_string(),
                    path,
                });
            }
        }
    }
}

fn special_file_kind(metadata: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = metadata.file_type();
        if kind.is_fifo() {
            return "a FIFO (named pipe), which would block";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "a device";
        }
    }
    let _ = metadata;
    "not a regular file"
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
    let &(_, kind) = EXTENSIONS.iter().find(|(known, _)| *known == ext)?;
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
        Input::Stdin => match read_limited(std::io::stdin().lock(), false) {
            Ok(bytes) => read_bytes("-", None, &bytes),
            Err(source) => failed(Error::Unreadable {
                path: PathBuf::from("-"),
                source,
            }),
        },
        Input::File(path) => read_file(path),
    }
}

fn read_file(path: &Path) -> Batch {
    let Some((kind, gzipped)) = format_for_name(path) else {
        return failed(Error::UnsupportedType {
            path: path.to_path_buf(),
        });
    };
    let read = std::fs::File::open(path).and_then(|file| read_limited(file, gzipped));
    match read {
        Ok(bytes) => read_bytes(&path.display().to_string(), Some(kind), &bytes),
        Err(source) if gzipped && source.kind() != std::io::ErrorKind::NotFound => {
            failed(Error::Malformed {
                origin: path.display().to_string(),
                format: "gzip",
                message: source.to_string(),
            })
        }
        Err(source) => failed(Error::Unreadable {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// A batch holding only an error.
fn failed(error: Error) -> Batch {
    Batch {
        docs: Vec::new(),
        errors: vec![error],
    }
}

/// Reads a whole stream, inflating gzip, up to one byte past
/// [`MAX_INPUT_BYTES`] (so that the caller can tell it was too large).
fn read_limited(reader: impl Read, gzipped: bool) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if gzipped {
        flate2::read::MultiGzDecoder::new(reader)
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut bytes)?;
    } else {
        reader.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes)?;
    }
    Ok(bytes)
}

/// Reads bytes as if they were a file called `name` (its format from the name's
/// extension, or sniffed when the name says nothing), without touching the file
/// system: for callers that hold the bytes already (an upload, a fuzzer).
pub fn read_named(name: &str, bytes: &[u8]) -> Batch {
    match format_for_name(Path::new(name)) {
        Some((NamedKind::Warc, gzipped)) => {
            warc::read_warc_from(bytes, name, gzipped, &mut |_, _| {}).0
        }
        Some((kind, true)) => match read_limited(bytes, true) {
            Ok(inflated) => read_bytes(name, Some(kind), &inflated),
            Err(e) => failed(Error::Malformed {
                origin: name.to_string(),
                format: "gzip",
                message: e.to_string(),
            }),
        },
        Some((kind, false)) => read_bytes(name, Some(kind), bytes),
        None => read_bytes(name, None, bytes),
    }
}

/// Reads the bytes of one input whose name suggested `kind` (or nothing, for
/// standard input and bodies without a name).
fn read_bytes(origin: &str, kind: Option<NamedKind>, bytes: &[u8]) -> Batch {
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return failed(Error::NotText {
            origin: origin.to_string(),
            reason: format!("larger than {} MiB", MAX_INPUT_BYTES / 1024 / 1024),
        });
    }
    let (text, warning) = match decode(bytes) {
        Ok(decoded) => (decoded.text, decoded.warning),
        Err(reason) => {
            return failed(Error::NotText {
                origin: origin.to_string(),
                reason,
            })
        }
    };
    let mut batch = read_text(origin, kind, text);
    if let Some(message) = warning {
        batch.errors.push(Error::Repaired {
            origin: origin.to_string(),
            message,
        });
    }
    batch
}

/// Reads the decoded text of one input.
fn read_text(origin: &str, kind: Option<NamedKind>, text: String) -> Batch {
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

/// Text decoded from bytes, and what the reader should be told about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// Set when part of the text was not in the encoding the rest is in.
    pub warning: Option<String>,
}

/// Decodes bytes: UTF-16 with a byte-order mark; UTF-8 when they are (dropping a
/// byte-order mark); UTF-8 with a few lines in a legacy charset (a file pasted
/// together from several sources) line by line, with a warning; else the charset
/// an HTML page declares, else the one `chardetng` detects. Refuses what looks
/// binary.
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    let clean = |text: String| Decoded {
        text,
        warning: None,
    };
    for (bom, encoding) in [
        (&b"\xFF\xFE"[..], encoding_rs::UTF_16LE),
        (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE),
    ] {
        if bytes.starts_with(bom) && bytes.len() % 2 == 0 {
            let (text, _, had_errors) = encoding.decode(bytes);
            if !had_errors {
                return Ok(clean(text.into_owned()));
            }
        }
    }
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
        return Ok(clean(text.to_string()));
    }
    let legacy = |bytes: &[u8]| {
        declared_charset(head).unwrap_or_else(|| {
            let mut detector =
                chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            detector.guess(None, chardetng::Utf8Detection::Deny)
        })
    };
    let lines: Vec<&[u8]> = bytes.split_inclusive(|&b| b == b'\n').collect();
    let utf8_lines = lines
        .iter()
        .filter(|line| !line.is_ascii() && std::str::from_utf8(line).is_ok())
        .count();
    if utf8_lines == 0 {
        let (text, _, _) = legacy(bytes).decode(bytes);
        return Ok(clean(text.into_owned()));
    }
    // UTF-8 with some lines that are not: those lines are decoded on their own.
    let foreign: Vec<u8> = lines
        .iter()
        .filter(|line| std::str::from_utf8(line).is_err())
        .flat_map(|line| line.iter().copied())
        .collect();
    let encoding = legacy(&foreign);
    let mut text = String::with_capacity(bytes.len());
    let mut decoded_lines = 0;
    for line in &lines {
        match std::str::from_utf8(line) {
            Ok(line) => text.push_str(line),
            Err(_) => {
                decoded_lines += 1;
                text.push_str(&encoding.decode_without_bom_handling(line).0);
            }
        }
    }
    Ok(Decoded {
        text,
        warning: Some(format!(
            "{decoded_lines} of {} lines are not UTF-8; they were read as {}",
            lines.len(),
            encoding.name()
        )),
    })
}

/// The charset an HTML page declares in its first bytes, in a `<meta>` tag
/// (`<meta charset=…>` or `content="text/html; charset=…"`), as a browser's
/// prescan reads it. A `charset=` elsewhere (a `<script charset="utf-8">`, which
/// names the script's encoding) says nothing about the page.
fn declared_charset(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    text.match_indices("<meta").find_map(|(at, _)| {
        let tag = &text[at..];
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        let value = &tag[tag.find("charset=")? + "charset=".len()..];
        let label: String = value
            .trim_start_matches(['"', '\''])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
            .collect();
        encoding_rs::Encoding::for_label(label.as_bytes())
    })
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

/// The lines are parsed on every core, in order: an export or a replay is one
/// large file, and nothing downstream starts before its first documents are read.
fn read_json_lines(origin: &str, text: &str) -> Batch {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .collect();
    let parsed = crate::parallel::map(lines, |(index, line)| {
        let line_origin = format!("{origin}:{}", index + 1);
        match serde_json::from_str::<Value>(line) {
            Ok(value) => from_json_value(&line_origin, value),
            Err(e) => failed(Error::Malformed {
                origin: line_origin,
                format: "JSON line",
                message: e.to_string(),
            }),
        }
    });
    let mut batch = Batch::default();
    for part in parsed {
        batch.extend(part);
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
    // A field of the wrong type (`"title": 5`) is left out with a warning.
    let mut wrong_type: Vec<(&'static str, &'static str)> = Vec::new();
    let mut field = |names: &[&'static str]| -> Option<String> {
        names.iter().find_map(|name| match object.get(*name) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Some(Value::Null | Value::String(_)) | None => None,
            Some(other) => {
                wrong_type.push((name, json_type(other)));
                None
            }
        })
    };
    let given = GivenMeta {
        title: field(&["title", "headline"]),
        url: field(&["url", "link"]),
        date: field(&["date", "published", "published_at", "datePublished"]),
        outlet: field(&["source", "outlet", "publisher", "site"]),
        author: field(&["author", "byline"]),
        partial: false,
        lang: field(&["lang", "language"]),
    };
    let body = field(&["text", "content", "body", "articleBody"]);
    let id = match object.get("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    for (name, found) in wrong_type {
        batch.errors.push(Error::BadField {
            origin: origin.to_string(),
            field: name,
            message: format!("expected text, found {found}; left out"),
        });
    }
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
        origin: id
            .map(|id| format!("{origin}#{id}"))
            .unwrap_or_else(|| origin.to_string()),
        format,
        content,
        given,
    });
    batch
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
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
            decode(windows_1252).unwrap().text,
            "Le café “français” est ouvert à la clientèle du quartier depuis l'été dernier."
        );
        let declared = b"<html><head><meta charset=\"koi8-r\"></head><body>\xf0\xd2\xc9\xd7\xc5\xd4</body></html>";
        assert!(decode(declared).unwrap().text.contains("Привет"));
    }

    /// Issue 20: a Wayback `<script charset="utf-8">` ahead of the page's own
    /// `gb2312` meta had the page read as UTF-8, garbled.
    #[test]
    fn only_a_meta_tag_declares_the_page_charset() {
        let (body, _, _) = encoding_rs::GBK.encode("新华社北京电 国务院今天召开常务会议。");
        let mut page = b"<html><head><script charset=\"utf-8\" src=\"/static/wb.js\"></script>\
                         <meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\
                         </head><body><p>"
            .to_vec();
        page.extend_from_slice(&body);
        page.extend_from_slice(b"</p></body></html>");
        let text = decode(&page).unwrap().text;
        assert!(
            text.contains("新华社北京电 国务院今天召开常务会议。"),
            "{text}"
        );
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
