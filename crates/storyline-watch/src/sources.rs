//! The list of sources to follow: an OPML file (what feed readers export), or
//! one feed or site address a line.
//!
//! A line that is not an address is an error naming the file and line; the
//! other sources are still followed.

use std::sync::LazyLock;

use regex::Regex;

use crate::address;

/// One source as the user listed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// A feed's address, or a site's page whose head links its feed.
    pub url: String,
}

/// A line or outline of the list that names no followable source.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin}:{line}: {message}")]
pub struct ListError {
    pub origin: String,
    pub line: usize,
    pub message: String,
}

static OUTLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)<outline\b[^>]*>").unwrap_or_else(|e| unreachable!("fixed pattern: {e}"))
});
static FEED_ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)\b(xmlUrl|htmlUrl)\s*=\s*(?:"([^"]*)"|'([^']*)')"#)
        .unwrap_or_else(|e| unreachable!("fixed pattern: {e}"))
});

/// Reads a list of sources; `origin` names it in errors. Sources listed twice
/// (in canonical form) are followed once.
pub fn read_list(origin: &str, text: &str) -> (Vec<Source>, Vec<ListError>) {
    let mut sources: Vec<Source> = Vec::new();
    let mut errors = Vec::new();
    let mut add = |line: usize, listed: &str| match address::canonical(listed) {
        Some(url) => {
            if !sources.iter().any(|s| s.url == url) {
                sources.push(Source { url });
            }
        }
        None => errors.push(ListError {
            origin: origin.to_string(),
            line,
            message: format!("`{listed}` is not an http or https address"),
        }),
    };
    let line_of = |offset: usize| text[..offset].matches('\n').count() + 1;
    if text.trim_start().starts_with("<?xml") || text.contains("<opml") {
        for outline in OUTLINE.find_iter(text) {
            // A feed's address when the outline has one, else its site's.
            let mut found: Vec<(String, String)> = FEED_ATTRIBUTE
                .captures_iter(outline.as_str())
                .map(|c| {
                    let value = c.get(2).or(c.get(3)).map_or("", |m| m.as_str());
                    (c[1].to_ascii_lowercase(), value.replace("&amp;", "&"))
                })
                .collect();
            found.sort_by(|a, b| b.0.cmp(&a.0));
            if let Some((_, listed)) = found.into_iter().find(|(_, v)| !v.trim().is_empty()) {
                add(line_of(outline.start()), listed.trim());
            }
        }
        return (sources, errors);
    }
    for (index, line) in text.lines().enumerate() {
        let listed = line.trim();
        if listed.is_empty() || listed.starts_with('#') {
            continue;
        }
        add(index + 1, listed);
    }
    (sources, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_of_lines_keeps_addresses_and_names_the_bad_line() {
        let text = "# morning sources\nhttps://news.example/feed.xml\n\nftp://old.example/\nhttps://news.example/feed.xml?utm_source=x\nhttp://site.example/\n";
        let (sources, errors) = read_list("list.txt", text);
        let urls: Vec<&str> = sources.iter().map(|s| s.url.as_str()).collect();
        assert_eq!(
            urls,
            ["https://news.example/feed.xml", "http://site.example/"]
        );
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].to_string(),
            "list.txt:4: `ftp://old.example/` is not an http or https address"
        );
    }

    #[test]
    fn an_opml_export_gives_each_outline_feed() {
        let text = r#"<?xml version="1.0"?><opml version="2.0"><body>
            <outline text="World">
              <outline type="rss" text="Valley Post" htmlUrl="https://valley.example/" xmlUrl="https://valley.example/rss?a=1&amp;b=2"/>
              <outline text="Harbour Wire" htmlUrl='https://harbour.example/'/>
              <outline text="broken" xmlUrl="not a url"/>
            </outline></body></opml>"#;
        let (sources, errors) = read_list("feeds.opml", text);
        let urls: Vec<&str> = sources.iter().map(|s| s.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://valley.example/rss?a=1&b=2",
                "https://harbour.example/"
            ]
        );
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 5);
    }
}
