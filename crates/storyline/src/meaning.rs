//! Sentence meaning as vectors, from a model the caller supplies.
//!
//! Two outlets state one claim in different words ("Nobody was hurt" and "No
//! injuries were reported"), which the aligner's shared words cannot see. A
//! sentence encoder (a small neural model, such as all-MiniLM-L6-v2) maps each
//! sentence to a vector whose cosine with another's follows meaning rather than
//! wording, and the same-claim model weighs that cosine beside the words the
//! sentences share ([`crate::align::AlignOptions::with_encoder`]).
//!
//! The engine only defines what an encoder does; the model itself lives in its own
//! crate (`storyline-embed`), behind a build feature of the command, because it
//! costs minutes to build and tens of megabytes of weights to load. Without one,
//! every path works as before, on words alone.

use std::fmt;
use std::sync::Arc;

/// Maps sentences to vectors whose cosine follows their meaning.
pub trait SentenceEncoder: Send + Sync {
    /// What the encoder is (a model's name), for reports.
    fn name(&self) -> &str;

    /// One unit vector per sentence, in order, all of one length. A sentence the
    /// model cannot read gives an empty vector (cosine 0 with anything).
    fn encode(&self, sentences: &[&str]) -> Vec<Vec<f32>>;
}

/// A shared encoder, as options hold it: two options are equal when they hold
/// the very same encoder.
#[derive(Clone)]
pub struct Encoder(pub Arc<dyn SentenceEncoder>);

impl fmt::Debug for Encoder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Encoder").field(&self.0.name()).finish()
    }
}

impl PartialEq for Encoder {
    fn eq(&self, other: &Encoder) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// The cosine of two unit vectors (0 when either is empty).
pub fn cosine(a: &[f32], b: &[f32]) -> f64 {
    if a.len() != b.len() {
        return 0.0;
    }
    a.iter()
        .zip(b)
        .map(|(x, y)| f64::from(*x) * f64::from(*y))
        .sum()
}
