//! Collections of one long crisis's reports with a reference timeline of its
//! dated events (ML-Crisis: `<lang>/<topic>/articles.jsonl` and `timeline.txt`):
//! what stories Storyline forms from the raw pages, and whether they are where
//! the crisis's events are.
//!
//! There is no gold grouping of the articles, so this measures what can be: how
//! many stories, how many articles share a story with another, and what share
//! of the reference timeline's dates fall inside a multi-article story's span
//! — at the storyline level (which may run for months) and at the event level
//! (one happening) — and how many of the briefings' quotations are credited to
//! a speaker. Reading the largest briefings says the rest.

use chrono::NaiveDate;

use crate::cluster::Level;
use crate::engine::{Engine, Story};
use crate::model::{Article, Briefing};

/// The figures of one collection at one level.
#[derive(Debug, Clone, Default)]
pub struct LevelReport {
    pub stories: usize,
    /// Articles in a story of two or more.
    pub in_shared_stories: usize,
    /// Reference dates inside the span of a story of two or more articles.
    pub dates_covered: usize,
}

/// One collection's report.
#[derive(Debug, Clone, Default)]
pub struct TimelineReport {
    pub articles: usize,
    pub reference_dates: usize,
    pub storyline: LevelReport,
    pub event: LevelReport,
    /// Quotations in all the storylines' briefings, and those credited to a
    /// speaker.
    pub quotations: usize,
    pub attributed: usize,
    /// The largest storylines' briefings.
    pub largest: Vec<Briefing>,
}

/// The dates of a reference timeline: its lines that are a date alone.
pub fn reference_dates(timeline: &str) -> Vec<NaiveDate> {
    let mut dates: Vec<NaiveDate> = timeline
        .lines()
        .filter_map(|line| NaiveDate::parse_from_str(line.trim(), "%Y-%m-%d").ok())
        .collect();
    dates.sort_unstable();
    dates.dedup();
    dates
}

fn level_report(stories: &[Story], dates: &[NaiveDate]) -> LevelReport {
    let spans: Vec<(NaiveDate, NaiveDate)> = stories
        .iter()
        .filter(|s| s.articles.len() >= 2)
        .filter_map(|s| {
            let dated = s.articles.iter().filter_map(|a: &Article| a.date);
            Some((dated.clone().min()?, dated.max()?))
        })
        .collect();
    LevelReport {
        stories: stories.len(),
        in_shared_stories: stories
            .iter()
            .filter(|s| s.articles.len() >= 2)
            .map(|s| s.articles.len())
            .sum(),
        dates_covered: dates
            .iter()
            .filter(|d| spans.iter().any(|(first, last)| first <= *d && *d <= last))
            .count(),
    }
}

/// Forms the stories of a collection's articles at both levels, compares them
/// with the reference timeline, and briefs the `largest` storylines.
pub fn evaluate(
    engine: &Engine,
    articles: Vec<Article>,
    timeline: &str,
    largest: usize,
) -> TimelineReport {
    let dates = reference_dates(timeline);
    let events = engine.stories(articles.clone(), Level::Event);
    let storylines = engine.stories(articles.clone(), Level::Storyline);
    let mut report = TimelineReport {
        articles: articles.len(),
        reference_dates: dates.len(),
        storyline: level_report(&storylines, &dates),
        event: level_report(&events, &dates),
        ..TimelineReport::default()
    };
    // Stories come largest first.
    for (rank, story) in storylines.into_iter().enumerate() {
        let Ok(briefing) = engine.brief_story(story) else {
            continue;
        };
        report.quotations += briefing.quotes.len();
        report.attributed += briefing
            .quotes
            .iter()
            .filter(|q| q.speaker.is_some())
            .count();
        if rank < largest {
            report.largest.push(briefing);
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_dates_are_the_timeline_s_date_lines() {
        let timeline = "2011-03-15\nProtests in Damascus .\n--------\n2011-04-21\nThe state of emergency is lifted .\n2011-03-15\n";
        let dates = reference_dates(timeline);
        assert_eq!(dates.len(), 2);
        assert_eq!(dates[0], NaiveDate::from_ymd_opt(2011, 3, 15).unwrap());
    }

    #[test]
    fn a_date_counts_when_a_shared_story_spans_it() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2011, 3, d);
        let story = |days: &[u32]| Story {
            articles: days
                .iter()
                .map(|&d| Article {
                    date: day(d),
                    ..crate::testing::article(None, "text")
                })
                .collect(),
            event_of: vec![0; days.len()],
        };
        let stories = [story(&[10, 20]), story(&[25])];
        let dates = [day(15), day(25), day(30)].map(Option::unwrap);
        let report = level_report(&stories, &dates);
        assert_eq!(report.stories, 2);
        assert_eq!(report.in_shared_stories, 2);
        // The single article's day is not a shared story's span.
        assert_eq!(report.dates_covered, 1);
    }
}
