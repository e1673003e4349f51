//! Fuzz targets: one function per entry point that takes input from strangers.
//!
//! `fuzz/` (a cargo-fuzz package outside the workspace, since libFuzzer needs a
//! nightly compiler) drives each target with generated inputs for as long as it is
//! given; `tests/replay.rs` runs every input saved under `fuzz/regressions/` — past
//! crashes and the shapes that once hung or flooded Storyline — through the same
//! functions on every `cargo test`. A target passes an input when it returns: any
//! panic, abort, hang or runaway allocation is a finding.

use chrono::NaiveDate;
use storyline::model::{Article, Format, GivenMeta, RawDoc};
use storyline::render::{self, OutputFormat};
use storyline::{ingest, Engine, EngineOptions};

/// A fuzz target: takes any bytes, returns when it has read them.
pub type Target = fn(&[u8]);

/// Every target, by the name its folder and its cargo-fuzz binary carry.
pub const TARGETS: &[(&str, Target)] = &[
    ("ingest", ingest),
    ("extract", extract),
    ("analyze", analyze),
    ("dates", dates),
    ("digest", digest),
    ("server_body", server_body),
    ("watch_listing", watch_listing),
];

/// The file name a fuzz input is read under: its first byte picks the format, so
/// one target covers every reader (and gzip around each).
const NAMES: &[&str] = &[
    "in.txt",
    "in.md",
    "in.html",
    "in.json",
    "in.jsonl",
    "in.rss",
    "in.atom",
    "in.xml",
    "in.warc",
    "in.txt.gz",
    "in.html.gz",
    "in.jsonl.gz",
    "in.warc.gz",
    "in",
];

/// Splits an input into a selector byte and the rest.
fn split(data: &[u8]) -> (u8, &[u8]) {
    match data.split_first() {
        Some((&first, rest)) => (first, rest),
        None => (0, data),
    }
}

/// Ingest: bytes under any supported name, through the format readers.
pub fn ingest(data: &[u8]) {
    let (selector, bytes) = split(data);
    let name = NAMES[usize::from(selector) % NAMES.len()];
    let _ = ingest::read_named(name, bytes);
}

/// Extraction: the bytes as an HTML page, a text or a Markdown document.
pub fn extract(data: &[u8]) {
    let (selector, bytes) = split(data);
    let format = [Format::Html, Format::Text, Format::Markdown][usize::from(selector) % 3];
    let content = String::from_utf8_lossy(bytes).into_owned();
    let _ = Engine::default().extract(vec![raw(format, content)]);
}

/// Analysis: the bytes as an article's cleaned text.
pub fn analyze(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let article = Article {
        origin: "fuzz".into(),
        title: "fuzz".into(),
        url: None,
        outlet: None,
        author: None,
        date: NaiveDate::from_ymd_opt(2024, 3, 5),
        text,
        headings: Vec::new(),
        partial: false,
        lang: String::new(),
    };
    let _ = storyline::analyze::analyze_all(vec![article]);
}

/// Dates: metadata date parsing, and date expressions resolved against a
/// publication date that the first two bytes choose (any day from year 1000 on).
pub fn dates(data: &[u8]) {
    let (high, rest) = split(data);
    let (low, rest) = split(rest);
    let text = String::from_utf8_lossy(rest);
    let _ = storyline::extract::header::parse_date(&text);
    let days = i64::from(u16::from_be_bytes([high, low])) * 11;
    let published = NaiveDate::from_ymd_opt(1000, 1, 1)
        .and_then(|start| start.checked_add_signed(chrono::Duration::days(days)));
    if let Some(published) = published {
        for language in storyline::text::Language::with_rules() {
            let _ = storyline::temporal::find_dates(language, &text, published);
        }
    }
}

/// The whole digest of one document, rendered in every format.
pub fn digest(data: &[u8]) {
    let (selector, bytes) = split(data);
    let name = NAMES[usize::from(selector) % NAMES.len()];
    let batch = ingest::read_named(name, bytes);
    if let Ok(digest) = Engine::new(EngineOptions::briefing()).digest(batch.docs) {
        for format in [
            OutputFormat::Markdown,
            OutputFormat::Json,
            OutputFormat::Html,
        ] {
            let _ = render::render(&digest.briefings, format);
        }
    }
}

/// The server's reading of a `POST /api/articles` body, with each content type.
pub fn server_body(data: &[u8]) {
    let (selector, body) = split(data);
    let content_type = [
        None,
        Some("application/json"),
        Some("text/html"),
        Some("text/plain"),
    ][usize::from(selector) % 4];
    let _ =
        storyline_server::documents_from_body(content_type, Some("https://fuzz.example/"), body);
}

/// What a watch reads from strangers' servers before any article: a list of
/// sources (lines or OPML), a page's head links, a sitemap, a feed, and every
/// address in canonical form. The first byte picks which.
pub fn watch_listing(data: &[u8]) {
    use storyline_watch::{address, sitemap, sources};
    let (selector, bytes) = split(data);
    let text = String::from_utf8_lossy(bytes);
    let base = "https://fuzz.example/section/page.html";
    match selector % 4 {
        0 => {
            let _ = sources::read_list("fuzz", &text);
        }
        1 => {
            let _ = address::head_links(base, &text);
        }
        2 => {
            let _ = sitemap::looks_like_sitemap(&text);
            let entries = match sitemap::parse(base, &text) {
                sitemap::Sitemap::Index(entries) | sitemap::Sitemap::Urls(entries) => entries,
            };
            let _ = sitemap::items(base, sitemap::newest_first(entries));
        }
        _ => {
            for line in text.lines() {
                let _ = address::canonical(line);
                let _ = address::resolve(base, line);
                let _ = address::host_of(line);
            }
        }
    }
}

fn raw(format: Format, content: String) -> RawDoc {
    RawDoc {
        origin: "fuzz".into(),
        format,
        content,
        given: GivenMeta::default(),
    }
}
