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
//! [`Engine`] is the one way in: the CLI, the store, the server, the evaluation
//! and the tuning programs all run the pipeline through it, batch
//! ([`Engine::digest`]) or over a growing corpus ([`Engine::live`]). It does no
//! network, async or terminal work: callers feed it documents and decide what to
//! do with the errors it reports for the bad ones.
//! `ARCHITECTURE.md` at the root of the repository walks through the stages.

// Input-derived data never meets `unwrap` or `expect`: a bad input is an error
// naming it, not a panic (issue 17). Tests may unwrap.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod align;
pub mod analyze;
pub mod brief;
pub mod cluster;
pub mod dedup;
pub mod engine;
pub mod entities;
pub mod error;
pub mod eval;
pub mod extract;
pub mod facts;
pub mod furniture;
pub mod ingest;
pub mod learn;
pub mod limits;
pub mod live;
pub mod meaning;
pub mod model;
pub mod parallel;
pub mod quotes;
pub mod related;
pub mod render;
pub mod storylines;
pub mod summarize;
pub mod temporal;
pub mod text;
pub mod timeline;

#[cfg(test)]
mod testing;

pub use cluster::Level;
pub use engine::{Analysis, Digest, Engine, EngineOptions, Story};
pub use error::{Error, Result};
pub use summarize::SummaryOptions;

/// A regular expression from a pattern written in the source. Patterns are
/// constants, never input, and every one is compiled by the unit tests of its
/// module, so a bad one fails the tests, not a user's run.
#[allow(clippy::expect_used)]
pub(crate) fn pattern(source: &str) -> regex::Regex {
    regex::Regex::new(source).expect("a pattern written in the source compiles")
}

/// A set of regular expressions written in the source (see [`pattern`]).
///
/// A set of a few dozen case-insensitive patterns outgrows the regex crate's
/// default 2 MB cache for its fast automaton, which then gives up and falls back
/// to a slower search (on WCXB's extracted lines the boilerplate set ran eight
/// times faster with the larger cache). The cache is bounded at
/// [`SET_AUTOMATON_BYTES`] per set and thread instead.
#[allow(clippy::expect_used)]
pub(crate) fn pattern_set<S: AsRef<str>>(sources: impl IntoIterator<Item = S>) -> regex::RegexSet {
    regex::RegexSetBuilder::new(sources)
        .dfa_size_limit(SET_AUTOMATON_BYTES)
        .build()
        .expect("patterns written in the source compile")
}

/// The bound on a pattern set's automaton cache (per set and thread).
const SET_AUTOMATON_BYTES: usize = 10 << 20;

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
