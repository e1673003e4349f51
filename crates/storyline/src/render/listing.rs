//! `storyline cluster`: the stories of a batch and their articles, without briefings.

use std::fmt::Write;

use serde::Serialize;

use super::json::SCHEMA_VERSION;
use crate::model::Article;

#[derive(Serialize)]
struct Listing<'a> {
    schema_version: u32,
    stories: Vec<StoryListing<'a>>,
}

#[derive(Serialize)]
struct StoryListing<'a> {
    story: usize,
    article_count: usize,
    articles: Vec<ArticleListing<'a>>,
}

#[derive(Serialize)]
struct ArticleListing<'a> {
    title: &'a str,
    outlet: Option<&'a str>,
    date: Option<chrono::NaiveDate>,
    url: Option<&'a str>,
    origin: &'a str,
}

/// Stories as JSON: `{"schema_version", "stories": [{"story", "article_count", "articles": [...]}]}`.
pub fn stories_to_json(stories: &[Vec<Article>]) -> String {
    let listing = Listing {
        schema_version: SCHEMA_VERSION,
        stories: stories
            .iter()
            .enumerate()
            .map(|(i, articles)| StoryListing {
                story: i + 1,
                article_count: articles.len(),
                articles: articles
                    .iter()
                    .map(|a| ArticleListing {
                        title: &a.title,
                        outlet: a.outlet.as_deref(),
                        date: a.date,
                        url: a.url.as_deref(),
                        origin: &a.origin,
                    })
                    .collect(),
            })
            .collect(),
    };
    // Our own view types, with text keys only: serialising cannot fail.
    #[allow(clippy::expect_used)]
    let mut out = serde_json::to_string_pretty(&listing).expect("listing serialises");
    out.push('\n');
    out
}

/// Stories as text, one block per story.
pub fn stories_to_text(stories: &[Vec<Article>]) -> String {
    let mut out = String::new();
    for (i, articles) in stories.iter().enumerate() {
        let _ = writeln!(
            out,
            "Story {} — {} article{}",
            i + 1,
            articles.len(),
            if articles.len() == 1 { "" } else { "s" }
        );
        for a in articles {
            let mut details: Vec<String> = Vec::new();
            details.extend(a.outlet.clone());
            details.extend(a.date.map(|d| d.to_string()));
            let details = if details.is_empty() {
                String::new()
            } else {
                format!(" ({})", details.join(", "))
            };
            let _ = writeln!(out, "  {}{details} — {}", a.title, a.origin);
        }
        out.push('\n');
    }
    out
}
