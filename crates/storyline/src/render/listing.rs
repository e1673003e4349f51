//! `storyline cluster`: the stories of a batch and their articles, without briefings.

use std::fmt::Write;

use serde::Serialize;

use super::json::SCHEMA_VERSION;
use crate::engine::Story;

#[derive(Serialize)]
struct Listing<'a> {
    schema_version: u32,
    stories: Vec<StoryListing<'a>>,
}

#[derive(Serialize)]
struct StoryListing<'a> {
    story: usize,
    article_count: usize,
    event_count: usize,
    articles: Vec<ArticleListing<'a>>,
}

#[derive(Serialize)]
struct ArticleListing<'a> {
    /// The article's event within the story, from 1 in time order.
    event: usize,
    title: &'a str,
    outlet: Option<&'a str>,
    date: Option<chrono::NaiveDate>,
    url: Option<&'a str>,
    origin: &'a str,
}

/// Stories as JSON: `{"schema_version", "stories": [{"story", "article_count",
/// "event_count", "articles": [{"event", "title", ...}]}]}`, articles in event
/// order.
pub fn stories_to_json(stories: &[Story]) -> String {
    let listing = Listing {
        schema_version: SCHEMA_VERSION,
        stories: stories
            .iter()
            .enumerate()
            .map(|(i, story)| StoryListing {
                story: i + 1,
                article_count: story.articles.len(),
                event_count: story.event_count(),
                articles: story
                    .event_members()
                    .iter()
                    .enumerate()
                    .flat_map(|(event, members)| {
                        members.iter().map(move |&m| (event, &story.articles[m]))
                    })
                    .map(|(event, a)| ArticleListing {
                        event: event + 1,
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

fn plural(count: usize, noun: &str) -> String {
    format!("{count} {noun}{}", if count == 1 { "" } else { "s" })
}

/// Stories as text, one block per story, its articles under their events (in
/// time order) when it has more than one.
pub fn stories_to_text(stories: &[Story]) -> String {
    let mut out = String::new();
    for (i, story) in stories.iter().enumerate() {
        let _ = write!(
            out,
            "Story {} — {}",
            i + 1,
            plural(story.articles.len(), "article")
        );
        let events = story.event_count();
        if events > 1 {
            let _ = write!(out, " in {}", plural(events, "event"));
        }
        out.push('\n');
        for (event, members) in story.event_members().iter().enumerate() {
            let indent = if events > 1 {
                let dates: Vec<_> = members
                    .iter()
                    .filter_map(|&m| story.articles[m].date)
                    .collect();
                let span = match (dates.iter().min(), dates.iter().max()) {
                    (Some(first), Some(last)) if first != last => format!(" ({first} to {last})"),
                    (Some(first), _) => format!(" ({first})"),
                    _ => String::new(),
                };
                let _ = writeln!(out, "  Event {}{span}", event + 1);
                "    "
            } else {
                "  "
            };
            for &m in members {
                let a = &story.articles[m];
                let mut details: Vec<String> = Vec::new();
                details.extend(a.outlet.clone());
                details.extend(a.date.map(|d| d.to_string()));
                let details = if details.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", details.join(", "))
                };
                let _ = writeln!(out, "{indent}{}{details} — {}", a.title, a.origin);
            }
        }
        out.push('\n');
    }
    out
}
