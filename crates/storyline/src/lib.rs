//! Storyline: news articles from many outlets in, sourced briefings out.
//!
//! The engine is a one-way pipeline of small stages, each a module that takes and
//! returns the plain types of [`model`]:
//!
//! ```text
//! ingest → extract → analyze → summarize + align → brief → render
//! RawDoc   Article   Doc       sentence choices     Briefing  Markdown / JSON / HTML
//! ```
//!
//! It does no network, async or terminal work: callers (the CLI, a server) feed it
//! documents and decide what to do with the errors it reports for the bad ones.
//! `ARCHITECTURE.md` at the root of the repository walks through the stages.

pub mod align;
pub mod analyze;
pub mod brief;
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

/// What a digest produced: the briefings and the documents it had to skip.
#[derive(Debug)]
pub struct Digest {
    pub briefings: Vec<Briefing>,
    pub skipped: Vec<Error>,
}

/// Runs extract → analyze → brief over documents that form one story.
///
/// Documents that yield no article are reported in [`Digest::skipped`]; only when
/// none is left is the whole digest an error.
pub fn digest(raws: Vec<RawDoc>, options: &SummaryOptions) -> Result<Digest> {
    let (articles, skipped) = extract::extract_batch(raws);
    if articles.is_empty() {
        let detail = if skipped.is_empty() {
            String::new()
        } else {
            format!(": all {} inputs were skipped", skipped.len())
        };
        return Err(Error::NoInput(detail));
    }
    let docs = analyze::analyze_all(articles);
    Ok(Digest {
        briefings: vec![brief::brief(&docs, options)],
        skipped,
    })
}
