//! Addresses: one form per article, and the links a page's head declares.
//!
//! The same article reaches a watcher under many addresses: with a campaign's
//! tracking parameters, with a fragment, from a feed that links it one way and a
//! page that names itself another (`<link rel="canonical">`). Fetched URLs are
//! recorded in one canonical form so that a republished or re-linked article is
//! fetched and stored once. Parameters are dropped only when they are known to
//! track the reader rather than select the content.

use std::sync::LazyLock;

use regex::Regex;
use url::Url;

/// Query parameters that say who sent the reader, never what page is read:
/// analytics campaigns (`utm_*`) and the click identifiers of ad and social
/// platforms and mailing services.
const TRACKING_PARAMETERS: &[&str] = &[
    "fbclid",
    "gclid",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "yclid",
    "twclid",
    "igshid",
    "mc_cid",
    "mc_eid",
    "_ga",
    "_gl",
    "ref_src",
    "ref_url",
    "cmpid",
    "ncid",
    "ocid",
    "smid",
    "taid",
    "__twitter_impression",
];

/// The canonical form of an absolute http(s) address: lowercase scheme and host,
/// no default port, no fragment, no tracking parameters, no empty query. `None`
/// for anything that is not an http(s) address.
pub fn canonical(address: &str) -> Option<String> {
    let mut url = Url::parse(address.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return None;
    }
    url.set_fragment(None);
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(name, _)| {
            let name = name.to_ascii_lowercase();
            !name.starts_with("utm_") && !TRACKING_PARAMETERS.contains(&name.as_str())
        })
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    if kept.is_empty() {
        url.set_query(None);
    } else if url.query_pairs().count() != kept.len() {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    Some(url.into())
}

/// `href` resolved against the page it was found on, in canonical form.
pub fn resolve(base: &str, href: &str) -> Option<String> {
    let base = Url::parse(base).ok()?;
    canonical(base.join(href.trim()).ok()?.as_str())
}

/// The host (with its port, when not the default) an address is fetched from:
/// the unit of politeness.
pub fn host_of(address: &str) -> Option<String> {
    let url = Url::parse(address).ok()?;
    let host = url.host_str()?;
    Some(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    })
}

/// What a page's `<head>` links to that a watcher can use.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeadLinks {
    /// `<link rel="canonical">`: the address the page names as its own.
    pub canonical: Option<String>,
    /// `<link rel="alternate">` to an RSS, Atom or JSON feed, in page order.
    pub feeds: Vec<String>,
}

static LINK_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)<link\b[^>]*>").unwrap_or_else(|e| unreachable!("fixed pattern: {e}"))
});
static ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)([a-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"#)
        .unwrap_or_else(|e| unreachable!("fixed pattern: {e}"))
});

/// Feed media types a page announces its feeds with.
const FEED_TYPES: &[&str] = &[
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
];

/// The links in a page's head (the part before `<body`, or the first 256 KiB),
/// resolved against the page's address. `<link>` tags are read with a pattern
/// rather than a parser: the head is all that is needed, and a page whose head
/// is not well-formed still names its feeds this way.
pub fn head_links(page_url: &str, html: &str) -> HeadLinks {
    let mut end = html.len().min(256 * 1024);
    while !html.is_char_boundary(end) {
        end -= 1;
    }
    let head = &html[..end];
    let head = match find_ascii_case_insensitive(head, "<body") {
        Some(end) => &head[..end],
        None => head,
    };
    let mut links = HeadLinks::default();
    for tag in LINK_TAG.find_iter(head) {
        let mut rel = String::new();
        let mut kind = String::new();
        let mut href = None;
        for attribute in ATTRIBUTE.captures_iter(tag.as_str()) {
            let value = attribute
                .get(2)
                .or(attribute.get(3))
                .or(attribute.get(4))
                .map_or("", |m| m.as_str());
            match attribute[1].to_ascii_lowercase().as_str() {
                "rel" => rel = value.to_ascii_lowercase(),
                "type" => kind = value.trim().to_ascii_lowercase(),
                "href" => href = Some(unescape(value)),
                _ => {}
            }
        }
        let Some(href) = href.and_then(|h| resolve(page_url, &h)) else {
            continue;
        };
        let rels: Vec<&str> = rel.split_whitespace().collect();
        if rels.contains(&"canonical") && links.canonical.is_none() {
            links.canonical = Some(href);
        } else if rels.contains(&"alternate") && FEED_TYPES.contains(&kind.as_str()) {
            links.feeds.push(href);
        }
    }
    links
}

fn find_ascii_case_insensitive(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Text with the character references markup escapes it with (in an
/// attribute, a sitemap's elements) read back.
pub(crate) fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_parameters_and_fragments_are_dropped_and_content_parameters_kept() {
        assert_eq!(
            canonical("HTTPS://News.Example:443/a/b?utm_source=x&id=7&fbclid=abc#top").as_deref(),
            Some("https://news.example/a/b?id=7")
        );
        assert_eq!(
            canonical("http://news.example/story?utm_medium=rss").as_deref(),
            Some("http://news.example/story")
        );
        assert_eq!(
            canonical("http://news.example:8080/p?page=2&q=dam").as_deref(),
            Some("http://news.example:8080/p?page=2&q=dam")
        );
        assert_eq!(canonical("mailto:desk@news.example"), None);
        assert_eq!(canonical("/relative"), None);
        assert_eq!(
            resolve("http://news.example/world/a.html", "../b.html?gclid=1").as_deref(),
            Some("http://news.example/b.html")
        );
        assert_eq!(
            host_of("http://127.0.0.1:9000/x").as_deref(),
            Some("127.0.0.1:9000")
        );
        assert_eq!(
            host_of("https://news.example/x").as_deref(),
            Some("news.example")
        );
    }

    #[test]
    fn a_page_head_names_its_canonical_address_and_feeds() {
        let html = r#"<html><HEAD><link rel="stylesheet" href="/s.css">
            <LINK REL=canonical HREF="/2024/dam-opens?utm_campaign=x">
            <link rel="alternate" type="application/rss+xml" title="All" href="/feed.xml">
            <link rel='alternate' type='application/atom+xml' href='https://news.example/atom?a=1&amp;b=2'>
            <link rel="alternate" hreflang="fr" href="/fr/">
            </head><body><link rel="canonical" href="/wrong"></body></html>"#;
        let links = head_links("http://news.example/world/", html);
        assert_eq!(
            links.canonical.as_deref(),
            Some("http://news.example/2024/dam-opens")
        );
        assert_eq!(
            links.feeds,
            vec![
                "http://news.example/feed.xml".to_string(),
                "https://news.example/atom?a=1&b=2".to_string()
            ]
        );
        assert_eq!(
            head_links("http://x.example/", "no links"),
            HeadLinks::default()
        );
    }
}
