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

// Input-derived data never meets `unwrap` or `expect`: a bad input is an error
// naming it, not a panic (issue 17). Tests may unwrap.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

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
pub mod limits;
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

use model::{Article, Briefing, RawDoc};

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
/// Documents that yield no article are reported in [`Digest::skipped`] (with the
/// warnings for documents kept with a problem); only when none is left is the
/// whole digest an error, and its message names every skipped input and why.
pub fn digest(raws: Vec<RawDoc>, options: &DigestOptions) -> Result<Digest> {
    let (stories, mut skipped) = stories(raws, &options.cluster);
    if stories.is_empty() {
        let count = skipped.iter().filter(|e| !e.is_warning()).count();
        let reasons: Vec<String> = skipped.iter().map(ToString::to_string).collect();
        let detail = match count {
            0 => String::new(),
            n => format!(": all {n} inputs were skipped ({})", reasons.join("; ")),
        };
        return Err(Error::NoInput(detail));
    }
    let mut briefings = Vec::new();
    for story in stories {
        if story.len() < options.min_articles {
            continue;
        }
        match brief_story(story, &options.summary) {
            Ok(briefing) => briefings.push(briefing),
            Err(error) => skipped.push(error),
        }
    }
    Ok(Digest { briefings, skipped })
}

/// Analyses one story's articles and writes its briefing, counting copies of one
/// text (a wire story run by several outlets) as one voice. A failure inside
/// Storyline (a bug) costs this story only: it is an [`Error::Crashed`] naming the
/// story's first article.
pub fn brief_story(articles: Vec<Article>, options: &SummaryOptions) -> Result<Briefing> {
    let origin = articles
        .first()
        .map(|a| format!("the story of {}", a.origin))
        .unwrap_or_default();
    contained(&origin, "writing the briefing", || {
        let copies = dedup::copy_groups(&articles);
        let (articles, copies, omitted) = briefed_articles(articles, copies);
        let mut briefing = brief::brief(&analyze::analyze_all(articles), &copies, options);
        briefing.omitted_articles = omitted;
        Ok(briefing)
    })
}

/// The articles a briefing is written from, at most
/// [`limits::MAX_BRIEFED_ARTICLES`]: every article of a small story; in a larger
/// one, one article of each copy group, then the most recent (undated last), kept
/// in story order. Returns them, their copy groups re-indexed, and how many were
/// left out.
fn briefed_articles(
    articles: Vec<Article>,
    copies: Vec<Vec<usize>>,
) -> (Vec<Article>, Vec<Vec<usize>>, usize) {
    let cap = limits::MAX_BRIEFED_ARTICLES;
    if articles.len() <= cap {
        return (articles, copies, 0);
    }
    let mut is_copy = vec![false; articles.len()];
    for group in &copies {
        for &member in group.iter().skip(1) {
            is_copy[member] = true;
        }
    }
    let mut ranked: Vec<usize> = (0..articles.len()).collect();
    // Originals before copies, then newest first; ties in story order.
    ranked.sort_by_key(|&i| (is_copy[i], std::cmp::Reverse(articles[i].date), i));
    let mut kept: Vec<usize> = ranked.into_iter().take(cap).collect();
    kept.sort_unstable();
    let omitted = articles.len() - kept.len();
    let mut new_index = vec![None; articles.len()];
    for (new, &old) in kept.iter().enumerate() {
        new_index[old] = Some(new);
    }
    let copies = copies
        .iter()
        .map(|group| {
            group
                .iter()
                .filter_map(|&m| new_index[m])
                .collect::<Vec<_>>()
        })
        .filter(|group| group.len() > 1)
        .collect();
    let mut slots: Vec<Option<Article>> = articles.into_iter().map(Some).collect();
    let articles = kept.iter().filter_map(|&i| slots[i].take()).collect();
    (articles, copies, omitted)
}

/// A regular expression from a pattern written in the source. Patterns are
/// constants, never input, and every one is compiled by the unit tests of its
/// module, so a bad one fails the tests, not a user's run.
#[allow(clippy::expect_used)]
pub(crate) fn pattern(source: &str) -> regex::Regex {
    regex::Regex::new(source).expect("a pattern written in the source compiles")
}

/// A set of regular expressions written in the source (see [`pattern`]).
#[allow(clippy::expect_used)]
pub(crate) fn pattern_set<const N: usize>(sources: [&str; N]) -> regex::RegexSet {
    regex::RegexSet::new(sources).expect("patterns written in the source compile")
}

/// Runs one document's or one story's work so that a panic inside it — a bug, since
/// no input is meant to cause one — is reported against that input and the rest of
/// the batch goes on.
pub(crate) fn contained<T>(
    origin: &str,
    stage: &'static str,
    work: impl FnOnce() -> Result<T>,
) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|_| {
        Err(Error::Crashed {
            origin: origin.to_string(),
            stage,
        })
    })
}
