//! Storyline: news articles from many outlets in, sourced briefings out.
//!
//! The engine is a one-way pipeline of small stages, each a module that takes and
//! returns the plain types of [`model`]:
//!
//! ```text
//! ingest → extract → cluster → analyze → summarize, align, facts, … → brief → render
//! RawDoc   Article   stories   Doc                                    Briefing  Markdown / JSON / HTML
//! ```
//!
//! It does no network, async or terminal work: callers (the CLI, a server) feed it
//! documents and decide what to do with the errors it reports for the bad ones.
//! `ARCHITECTURE.md` at the root of the repository walks through the stages.

pub mod align;
pub mod analyze;
pub mod brief;
pub mod cluster;
pub mod dedup;
pub mod entities;
pub mod error;
pub mod eval;
pub mod extract;
pub mod facts;
pub mod ingest;
pub mod model;
pub mod quotes;
pub mod render;
pub mod summarize;
pub mod temporal;
pub mod timeline;

#[cfg(test)]
mod testing;

pub use error::{Error, Result};
pub use summarize::SummaryOptions;

use model::{Briefing, RawDoc};

/// How a digest is made.
#[derive(Debug, Clone, Default)]
pub struct DigestOptions {
    pub summary: SummaryOptions,
    pub cluster: cluster::ClusterOptions,
    /// Stories with fewer articles are left out.
    pub min_articles: usize,
}

impl DigestOptions {
    /// The briefing setting (see [`SummaryOptions::briefing`]).
    pub fn briefing() -> Self {
        DigestOptions {
            summary: SummaryOptions::briefing(),
            ..DigestOptions::default()
        }
    }

    pub fn words(mut self, words: usize) -> Self {
        self.summary.words = words;
        self
    }

    pub fn min_articles(mut self, min_articles: usize) -> Self {
        self.min_articles = min_articles;
        self
    }
}

/// What a digest produced: the briefings (largest story first) and the documents
/// it had to skip.
#[derive(Debug)]
pub struct Digest {
    pub briefings: Vec<Briefing>,
    pub skipped: Vec<Error>,
}

/// Extracts a batch and groups its articles into stories, largest first (ties: the
/// story whose first article came first); each story's articles keep input order.
pub fn stories(
    raws: Vec<RawDoc>,
    options: &cluster::ClusterOptions,
) -> (Vec<Vec<model::Article>>, Vec<Error>) {
    let (articles, skipped) = extract::extract_batch(raws);
    let story_of = cluster::cluster(&articles, options);
    let count = story_of.iter().copied().max().map_or(0, |m| m + 1);
    let mut stories: Vec<Vec<model::Article>> = vec![Vec::new(); count];
    for (article, story) in articles.into_iter().zip(story_of) {
        stories[story].push(article);
    }
    // Stable sort: stories are numbered by first article, so ties keep that order.
    stories.sort_by_key(|s| std::cmp::Reverse(s.len()));
    (stories, skipped)
}

/// Runs extract → cluster → analyze → brief: one briefing per story.
///
/// Documents that yield no article are reported in [`Digest::skipped`]; only when
/// none is left is the whole digest an error.
pub fn digest(raws: Vec<RawDoc>, options: &DigestOptions) -> Result<Digest> {
    let (stories, skipped) = stories(raws, &options.cluster);
    if stories.is_empty() {
        let detail = if skipped.is_empty() {
            String::new()
        } else {
            format!(": all {} inputs were skipped", skipped.len())
        };
        return Err(Error::NoInput(detail));
    }
    let briefings = stories
        .into_iter()
        .filter(|story| story.len() >= options.min_articles)
        .map(|story| {
            let copies = dedup::copy_groups(&story);
            brief::brief(&analyze::analyze_all(story), &copies, &options.summary)
        })
        .collect();
    Ok(Digest { briefings, skipped })
}
