//! Sitemaps: how a site without a feed lists its articles.
//!
//! Many news sites publish no feed but list their articles for search engines
//! in a sitemap (named in `robots.txt`, or at `/sitemap.xml`), often a Google
//! News sitemap that gives each article's title and publication date. A site
//! whose page links no feed is followed through it: the newest entries become
//! summary-only items whose pages are fetched. Entries are read with patterns,
//! not a parser, so that a sitemap that is not well-formed still yields its
//! addresses.

use std::sync::LazyLock;

use regex::Regex;
use storyline::model::{Format, GivenMeta, RawDoc};

use crate::address;

/// One `<url>` or `<sitemap>` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub loc: String,
    /// A News sitemap's publication date (W3C datetime).
    pub published: Option<String>,
    /// When it last changed (`<lastmod>`).
    pub modified: Option<String>,
    /// A News sitemap's title.
    pub title: Option<String>,
}

/// A sitemap's entries: article addresses, or further sitemaps (an index).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sitemap {
    Index(Vec<Entry>),
    Urls(Vec<Entry>),
}

fn pattern(source: &str) -> Regex {
    Regex::new(source).unwrap_or_else(|e| unreachable!("fixed pattern: {e}"))
}

static ENTRY: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?is)<(url|sitemap)\b[^>]*>(.*?)</(?:url|sitemap)\s*>"));
static LOC: LazyLock<Regex> = LazyLock::new(|| pattern(r"(?is)<loc\b[^>]*>(.*?)</loc\s*>"));
static PUBLISHED: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r"(?is)<news:publication_date\b[^>]*>(.*?)</news:publication_date\s*>")
});
static MODIFIED: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?is)<lastmod\b[^>]*>(.*?)</lastmod\s*>"));
static TITLE: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?is)<news:title\b[^>]*>(.*?)</news:title\s*>"));

/// True when the text is a sitemap or a sitemap index.
pub fn looks_like_sitemap(text: &str) -> bool {
    let mut end = text.len().min(4096);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = text[..end].to_ascii_lowercase();
    head.contains("<urlset") || head.contains("<sitemapindex")
}

/// The entries of a sitemap found at `base`, addresses resolved against it
/// and in canonical form (entries without a usable address are left out).
pub fn parse(base: &str, text: &str) -> Sitemap {
    let mut entries = Vec::new();
    let mut index = false;
    for entry in ENTRY.captures_iter(text) {
        index |= entry[1].eq_ignore_ascii_case("sitemap");
        let body = &entry[2];
        let field = |re: &Regex| {
            re.captures(body)
                .map(|c| unescape(c[1].trim()))
                .filter(|v| !v.is_empty())
        };
        let Some(loc) = field(&LOC).and_then(|l| address::resolve(base, &l)) else {
            continue;
        };
        entries.push(Entry {
            loc,
            published: field(&PUBLISHED),
            modified: field(&MODIFIED),
            title: field(&TITLE),
        });
    }
    if index {
        Sitemap::Index(entries)
    } else {
        Sitemap::Urls(entries)
    }
}

/// Entries newest first (by publication, else modification; those without
/// either after, in the order listed).
pub fn newest_first(mut entries: Vec<Entry>) -> Vec<Entry> {
    // W3C datetimes in one zone sort as text; a stable sort keeps the rest in order.
    let date = |e: &Entry| e.published.clone().or_else(|| e.modified.clone());
    entries.sort_by(|a, b| match (&date(a), &date(b)) {
        (Some(a), Some(b)) => b.cmp(a),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    entries
}

/// Article entries as summary-only items (their pages are to be fetched).
pub fn items(origin: &str, entries: Vec<Entry>) -> Vec<RawDoc> {
    entries
        .into_iter()
        .enumerate()
        .map(|(index, entry)| RawDoc {
            origin: format!("{origin}#url{}", index + 1),
            format: Format::Text,
            content: entry.title.clone().unwrap_or_else(|| entry.loc.clone()),
            given: GivenMeta {
                title: entry.title,
                url: Some(entry.loc),
                date: entry.published,
                partial: true,
                ..GivenMeta::default()
            },
        })
        .collect()
}

/// An element's text, out of its CDATA section if it has one, unescaped.
fn unescape(text: &str) -> String {
    let text = text
        .strip_prefix("<![CDATA[")
        .and_then(|t| t.strip_suffix("]]>"))
        .unwrap_or(text);
    crate::address::unescape(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_news_sitemap_gives_addresses_titles_and_dates_newest_first() {
        let text = r#"<?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
            <url><loc>https://news.example/a?utm_source=x</loc><news:news><news:publication_date>2024-03-04T08:00:00+00:00</news:publication_date><news:title>Dam work &amp; roads</news:title></news:news></url>
            <url><loc>/b</loc><lastmod>2024-03-05</lastmod></url>
            <url><loc></loc></url>
            <url><loc>https://news.example/c</loc></url>
            </urlset>"#;
        assert!(looks_like_sitemap(text));
        let Sitemap::Urls(entries) = parse("https://news.example/sitemap.xml", text) else {
            panic!("not an index")
        };
        let entries = newest_first(entries);
        let locs: Vec<&str> = entries.iter().map(|e| e.loc.as_str()).collect();
        assert_eq!(
            locs,
            [
                "https://news.example/b",
                "https://news.example/a",
                "https://news.example/c"
            ]
        );
        assert_eq!(entries[1].title.as_deref(), Some("Dam work & roads"));
        let docs = items("https://news.example/sitemap.xml", entries);
        assert!(docs.iter().all(|d| d.given.partial));
        assert_eq!(
            docs[1].given.date.as_deref(),
            Some("2024-03-04T08:00:00+00:00")
        );
        assert_eq!(
            docs[0].given.date, None,
            "a modification is not a publication"
        );
    }

    #[test]
    fn an_index_lists_sitemaps_and_a_page_is_no_sitemap() {
        let text = "<sitemapindex><sitemap><loc>https://news.example/s/2024-03.xml</loc><lastmod>2024-03-05</lastmod></sitemap></sitemapindex>";
        assert_eq!(
            parse("https://news.example/", text),
            Sitemap::Index(vec![Entry {
                loc: "https://news.example/s/2024-03.xml".into(),
                published: None,
                modified: Some("2024-03-05".into()),
                title: None
            }])
        );
        assert!(!looks_like_sitemap("<html><body>urlset</body></html>"));
    }
}
