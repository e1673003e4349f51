//! What a page states about its article in structured data: the body
//! (`"articleBody"` of a schema.org `NewsArticle`, `Article`, `BlogPosting`, …)
//! and the date it was first published.
//!
//! Many sites render the article with scripts and ship the text itself only in
//! the structured data that search engines read; others print it in markup the
//! extractor misjudges. The extractor reads the page's JSON-LD headline, author
//! and publisher, but not the body, so it is read here and offered as a second
//! opinion on the text (see [`super::html`] for when it is taken).
//!
//! The extractor's date is the page's newest (a "modified" date wins over
//! "published"), which is right for a web page and wrong for news: a story is
//! dated when it was first reported, and an article revised in December about an
//! August event belongs to August. So the stated publication date
//! (`datePublished`, or the `article:published_time` meta tag) is read here and
//! preferred (on WCXB's pages it is the recorded date where the extractor's is
//! not; `eval extract` counts both).

use serde_json::Value;

/// JSON-LD is searched this deep for an article; real graphs nest a few levels.
const MAX_DEPTH: usize = 16;

/// What the page states: its longest `articleBody` and its first
/// `datePublished`, whitespace trimmed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Stated {
    pub body: Option<String>,
    pub published: Option<String>,
}

pub fn read(html: &str) -> Stated {
    let mut stated = Stated {
        body: None,
        published: meta_published(html),
    };
    if !html.contains("articleBody") && !html.contains("datePublished") {
        return stated;
    }
    let lower = html.to_ascii_lowercase();
    let mut at = 0;
    while let Some(offset) = lower[at..].find("<script") {
        let start = at + offset;
        let Some(tag_end) = lower[start..].find('>').map(|n| start + n + 1) else {
            break;
        };
        let close = lower[tag_end..]
            .find("</script")
            .map_or(lower.len(), |n| tag_end + n);
        at = close;
        if !lower[start..tag_end].contains("ld+json") {
            continue;
        }
        let Ok(value) = serde_json::from_str::<Value>(html[tag_end..close].trim()) else {
            continue;
        };
        let mut found = Vec::new();
        collect(&value, "articleBody", 0, &mut found);
        for body in found.into_iter().map(str::trim).filter(|b| !b.is_empty()) {
            if stated
                .body
                .as_ref()
                .is_none_or(|best| body.len() > best.len())
            {
                stated.body = Some(body.to_string());
            }
        }
        if stated.published.is_none() {
            let mut found = Vec::new();
            collect(&value, "datePublished", 0, &mut found);
            stated.published = found
                .into_iter()
                .map(str::trim)
                .find(|d| !d.is_empty())
                .map(str::to_string);
        }
    }
    stated
}

/// The `content` of a `<meta property="article:published_time">` tag.
fn meta_published(html: &str) -> Option<String> {
    let at = html.find("article:published_time")?;
    let start = html[..at].rfind('<')?;
    let end = at + html[at..].find('>')?;
    let tag = &html[start..end];
    let value = &tag[tag.find("content=")? + "content=".len()..];
    let value = value.trim_start();
    let quote = value.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let value = &value[1..];
    Some(value[..value.find(quote)?].trim().to_string()).filter(|v| !v.is_empty())
}

/// Every string value of `key` in a JSON-LD value, in document order.
fn collect<'a>(value: &'a Value, key: &str, depth: usize, found: &mut Vec<&'a str>) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::Object(map) => {
            if let Some(Value::String(text)) = map.get(key) {
                found.push(text);
            }
            for child in map.values() {
                collect(child, key, depth + 1, found);
            }
        }
        Value::Array(items) => {
            for item in items {
                collect(item, key, depth + 1, found);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_body_in_any_graph_is_found_and_read() {
        let html = r#"<html><head>
            <script type="application/ld+json">{"@type":"WebSite","name":"Valley Post"}</script>
            <SCRIPT TYPE="application/ld+json">{"@graph":[{"@type":"NewsArticle","headline":"Dam opens",
              "articleBody":"  The dam opened on Tuesday.\n\nEngineers were pleased.  "},
              {"@type":"NewsArticle","articleBody":"Short."}]}</SCRIPT>
            <script type="application/ld+json">{ not json articleBody</script>
            </head><body></body></html>"#;
        let stated = read(html);
        assert_eq!(
            stated.body.as_deref(),
            Some("The dam opened on Tuesday.\n\nEngineers were pleased.")
        );
        assert_eq!(stated.published, None);
        assert_eq!(read("<p>No structured data.</p>"), Stated::default());
    }

    /// Issue 20: the extractor dated articles by their last modification.
    #[test]
    fn the_publication_date_is_read_from_json_ld_or_meta() {
        let html = r#"<script type="application/ld+json">{"@type":"NewsArticle",
            "datePublished":"2025-08-25T13:59:22+00:00","dateModified":"2025-12-17"}</script>"#;
        assert_eq!(
            read(html).published.as_deref(),
            Some("2025-08-25T13:59:22+00:00")
        );
        let html = r#"<meta property="article:modified_time" content="2025-12-17">
            <meta property='article:published_time' content='2025-08-25'>"#;
        assert_eq!(read(html).published.as_deref(), Some("2025-08-25"));
    }
}
