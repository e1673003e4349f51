//! RSS, Atom and JSON Feed: each item becomes a document.
//!
//! Feeds carry either the full article (`content:encoded`, Atom `content`, JSON
//! Feed `content_html`) or only a summary; a summary still makes a document, flagged
//! as partial so that a reader of the briefing knows the outlet said more.

use feed_rs::model::Entry;

use super::Batch;
use crate::error::Error;
use crate::model::{Format, GivenMeta, RawDoc};

/// True when the text is a feed rather than an article.
pub fn looks_like_feed(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(1024)
        .collect::<String>()
        .to_ascii_lowercase();
    head.contains("<rss")
        || head.contains("<rdf:rdf")
        || (head.contains("<feed") && head.contains("xmlns"))
        || head.contains("jsonfeed.org/version")
}

/// Parses a feed; a feed that does not parse is one error naming the input.
pub fn read_feed(origin: &str, bytes: &[u8]) -> Batch {
    let mut batch = Batch::default();
    let feed = match feed_rs::parser::parse(bytes) {
        Ok(feed) => feed,
        Err(e) => {
            batch.errors.push(Error::Malformed {
                origin: origin.to_string(),
                format: "feed",
                message: e.to_string(),
            });
            return batch;
        }
    };
    let outlet = feed
        .title
        .as_ref()
        .map(|t| t.content.trim().to_string())
        .filter(|t| !t.is_empty());
    // A feed states its language once (RSS `<language>`, Atom `xml:lang`).
    let language = feed.language.filter(|l| !l.trim().is_empty());
    for (index, entry) in feed.entries.into_iter().enumerate() {
        let item_origin = format!("{origin}#item{}", index + 1);
        match document(&item_origin, entry, outlet.clone(), language.clone()) {
            Some(doc) => batch.docs.push(doc),
            None => batch.errors.push(Error::Empty {
                origin: item_origin,
            }),
        }
    }
    batch
}

fn document(
    origin: &str,
    entry: Entry,
    outlet: Option<String>,
    feed_language: Option<String>,
) -> Option<RawDoc> {
    let full = entry
        .content
        .and_then(|c| c.body)
        .filter(|b| !b.trim().is_empty());
    let partial = full.is_none();
    let content = full
        .or_else(|| entry.summary.map(|s| s.content))
        .filter(|b| !b.trim().is_empty())?;
    let format = if content.contains('<') {
        Format::Html
    } else {
        Format::Text
    };
    let date = entry.published.or(entry.updated).map(|d| d.to_rfc3339());
    Some(RawDoc {
        origin: origin.to_string(),
        format,
        content,
        given: GivenMeta {
            title: entry.title.map(|t| t.content.trim().to_string()),
            url: entry.links.first().map(|l| l.href.clone()),
            date,
            outlet,
            author: entry.authors.first().and_then(|a| a.name.clone()),
            partial,
            lang: feed_language,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_items_become_documents_and_summaries_are_flagged() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Valley Post</title>
            <item><title>Dam opens</title><link>https://valley.example/dam</link><pubDate>Tue, 05 Mar 2024 09:00:00 GMT</pubDate>
              <content:encoded><![CDATA[<p>The new dam on the Arle river opened on Tuesday after two years of work.</p>]]></content:encoded></item>
            <item><title>Road closed</title><link>https://valley.example/road</link><description>The coast road is closed for repairs until Friday.</description></item>
            </channel></rss>"#;
        assert!(looks_like_feed(rss));
        let batch = read_feed("v.rss", rss.as_bytes());
        assert!(batch.errors.is_empty(), "{:?}", batch.errors);
        assert_eq!(batch.docs.len(), 2);
        assert_eq!(batch.docs[0].given.outlet.as_deref(), Some("Valley Post"));
        assert_eq!(
            batch.docs[0].given.url.as_deref(),
            Some("https://valley.example/dam")
        );
        assert!(!batch.docs[0].given.partial && batch.docs[1].given.partial);
        assert_eq!(batch.docs[0].format, Format::Html);
    }

    #[test]
    fn atom_and_json_feed_are_read_and_broken_xml_is_reported() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour Wire</title>
            <entry><title>Bridge shut</title><id>urn:1</id><updated>2025-03-14T07:40:00Z</updated><link href="https://hw.example/b"/>
            <content type="html">&lt;p&gt;The Meridian Bridge was closed on Thursday after a storm surge.&lt;/p&gt;</content></entry></feed>"#;
        let batch = read_feed("h.atom", atom.as_bytes());
        assert_eq!(batch.docs.len(), 1);
        assert!(batch.docs[0]
            .given
            .date
            .as_deref()
            .unwrap()
            .starts_with("2025-03-14"));
        let json = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "Radio", "items": [{"id": "1", "content_text": "The ferry resumed service on Thursday after the strike ended."}]}"#;
        assert!(looks_like_feed(json));
        assert_eq!(read_feed("r.json", json.as_bytes()).docs.len(), 1);
        let broken = read_feed(
            "broken.rss",
            b"<?xml version=\"1.0\"?><rss><channel><item><title>Unclosed",
        );
        assert!(
            matches!(&broken.errors[..], [Error::Malformed { origin, .. }] if origin == "broken.rss"),
            "{:?}",
            broken.errors
        );
    }
}
