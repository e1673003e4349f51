//! HTML pages: main content and metadata through the `trafilatura` crate.
//!
//! Finding an article inside a page of navigation, ads and comments is a solved and
//! hard problem; a maintained port of the strongest open extractor does it better
//! than anything hand-written here. Its text then goes through the same line
//! cleaning as plain-text articles, which catches the news-specific leftovers
//! (captions, "READ MORE" lines) that a general extractor keeps.

use crate::error::Error;
use crate::model::GivenMeta;

/// The page's main text (lines) and what the page says about itself.
#[derive(Debug, Default)]
pub struct Page {
    pub text: String,
    pub meta: GivenMeta,
    pub sitename: Option<String>,
}

pub fn extract_page(origin: &str, html: &str) -> Result<Page, Error> {
    let options = trafilatura::Options::default();
    // The extractor fails when it finds no main content; to the user that is a
    // page without an article, not a malformed one.
    let result = trafilatura::extract(html, &options).map_err(|_| Error::Empty {
        origin: origin.to_string(),
    })?;
    let non_empty = |s: &str| {
        let s = s.trim();
        (!s.is_empty()).then(|| s.to_string())
    };
    let metadata = result.metadata;
    Ok(Page {
        text: result.content_text,
        meta: GivenMeta {
            title: non_empty(&metadata.title),
            url: non_empty(&metadata.url).filter(|u| u.starts_with("http")),
            date: metadata.date.map(|d| d.to_string()),
            outlet: None,
            author: non_empty(&metadata.author),
            partial: false,
        },
        sitename: non_empty(&metadata.sitename),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn main_text_and_metadata_come_out_of_a_page() {
        let html = r#"<html><head><title>Dam opens | Valley Post</title>
            <meta property="og:title" content="Dam opens on time">
            <meta property="og:site_name" content="Valley Post">
            <meta property="article:published_time" content="2024-03-05T09:00:00Z">
            <link rel="canonical" href="https://valleypost.example/dam"></head>
            <body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
            <article><h1>Dam opens on time</h1>
            <p>The new dam on the Arle river opened on Tuesday, two years after work began and on budget.</p>
            <p>Engineers said the reservoir would take three months to fill, supplying forty thousand homes.</p>
            </article><footer>Copyright Valley Post</footer></body></html>"#;
        let page = extract_page("dam.html", html).unwrap();
        assert!(page.text.contains("opened on Tuesday"), "{}", page.text);
        assert!(!page.text.contains("Home"));
        assert_eq!(page.meta.title.as_deref(), Some("Dam opens on time"));
        assert_eq!(page.meta.date.as_deref(), Some("2024-03-05"));
        assert_eq!(page.sitename.as_deref(), Some("Valley Post"));
    }
}
