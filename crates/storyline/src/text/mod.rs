//! The text layer at the bottom of the pipeline: what every stage needs to read
//! words the same way — normalisation, stop words, stems, word spans, the
//! calendar's names, speech verbs — and two small data structures (a union-find
//! and a stable hash).
//!
//! Every stage above imports from here and from [`crate::model`], never from a
//! sibling stage for these, so that the one-way data flow of ARCHITECTURE.md is
//! what the imports say, and a word is read alike by the clusterer, the analyser,
//! the aligner and the date resolver. What differs between languages is asked
//! of an article's [`Language`], so a language is added here, not in each stage.

pub mod calendar;
pub mod hash;
pub mod language;
pub mod quotation;
pub mod union_find;
pub mod words;

pub use calendar::{month_number, MONTH_NAMES, WEEKDAY_NAMES};
pub use hash::Fnv1a;
pub use language::Language;
pub use quotation::{
    closes_quotation, ends_with_quotation, lost_mark, opens_with_quotation, LostMark,
    CLOSING_QUOTE_MARKS, OPENING_QUOTE_MARKS,
};
pub use union_find::UnionFind;
pub use words::{
    embeds_a_post, in_capitals, is_possessive, name_skeleton, normalize, speaks_unmarked,
    word_spans, Stems, STEM_CACHE_LIMIT,
};
