//! The versioned JSON document (schema: `docs/schema.md`).
//!
//! The JSON is a contract with other programs. Its outer shape is built here from
//! view types, so that derived figures (counts, cited sources) are spelled out for
//! readers; the leaf records (sources, citations) are the model's own, and any change
//! to their fields is a schema change that must move `SCHEMA_VERSION`.

use chrono::NaiveDate;
use serde::Serialize;

use super::cited_sources;
use crate::model::{
    Briefing, Citation, Conflict, Development, Entity, LineRef, Perspective, Quote, Source,
    StoryEvent, SummaryPoint, TimelineEntry,
};

/// Bumped on any change that could break a reader of the JSON output.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    stories: Vec<Story<'a>>,
}

#[derive(Serialize)]
struct Story<'a> {
    headline: &'a str,
    article_count: usize,
    /// Articles counted in `article_count` but not briefed (absent when none).
    #[serde(skip_serializing_if = "is_zero")]
    omitted_articles: usize,
    outlet_count: usize,
    first_date: Option<NaiveDate>,
    last_date: Option<NaiveDate>,
    word_budget: usize,
    summary_words: usize,
    summary: Vec<Point<'a>>,
    perspectives: &'a [Perspective],
    conflicts: &'a [Conflict],
    quotes: &'a [Quote],
    timeline: &'a [TimelineEntry],
    development: Option<DevelopmentView<'a>>,
    /// A storyline's events in time order (absent when it has one).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    events: &'a [StoryEvent],
    entities: &'a [Entity],
    sources: &'a [Source],
}

#[derive(Serialize)]
struct DevelopmentView<'a> {
    since: NaiveDate,
    points: Vec<Point<'a>>,
}

#[derive(Serialize)]
struct Point<'a> {
    text: &'a str,
    reported_by: usize,
    sources: Vec<usize>,
    citations: &'a [Citation],
    /// The line telling a later revision of a figure it gives.
    #[serde(skip_serializing_if = "Option::is_none")]
    revised_in: Option<LineRef>,
}

fn points(summary: &[SummaryPoint]) -> Vec<Point<'_>> {
    summary
        .iter()
        .map(|p| Point {
            text: &p.text,
            reported_by: p.reported_by,
            sources: cited_sources(&p.citations),
            citations: &p.citations,
            revised_in: p.revised_in,
        })
        .collect()
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

pub fn to_json(briefings: &[Briefing]) -> String {
    let document = Document {
        schema_version: SCHEMA_VERSION,
        stories: briefings
            .iter()
            .map(|b| Story {
                headline: &b.headline,
                article_count: b.article_count(),
                omitted_articles: b.omitted_articles,
                outlet_count: b.outlet_count(),
                first_date: b.first_date,
                last_date: b.last_date,
                word_budget: b.word_budget,
                summary_words: b.summary_words(),
                summary: points(&b.summary),
                perspectives: &b.perspectives,
                conflicts: &b.conflicts,
                quotes: &b.quotes,
                timeline: &b.timeline,
                development: b
                    .development
                    .as_ref()
                    .map(|d: &Development| DevelopmentView {
                        since: d.since,
                        points: points(&d.points),
                    }),
                events: &b.events,
                entities: &b.entities,
                sources: &b.sources,
            })
            .collect(),
    };
    // Our own view types, with text keys only: serialising cannot fail.
    #[allow(clippy::expect_used)]
    let mut out = serde_json::to_string_pretty(&document).expect("briefing serialises");
    out.push('\n');
    out
}
