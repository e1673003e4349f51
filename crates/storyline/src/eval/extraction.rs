//! Main-text extraction measured as the ScrapingHub article-extraction benchmark
//! measures it (and as the peers' `extract_eval.py` reimplements it): per document,
//! multisets of word 4-grams, words being the runs of Python's `\w`; precision is
//! averaged over the documents with output, recall over all documents, and F1 is
//! computed from the two averages.

use std::collections::HashMap;

/// A word character as Python's `re` sees `\w` on text: letters, digits, `_`.
/// (Python leaves out combining marks, which Rust's `is_alphanumeric` partly
/// counts as alphabetic; the benchmark's pages are in Latin script.)
fn word_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !word_char(c))
        .filter(|w| !w.is_empty())
        .collect()
}

fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let tokens = words(text);
    let mut counts = HashMap::new();
    if tokens.is_empty() {
        return counts;
    }
    let n = 4.min(tokens.len());
    for gram in tokens.windows(n) {
        *counts.entry(gram.to_vec()).or_default() += 1;
    }
    counts
}

/// True positives, false positives and false negatives of one document.
pub fn document_counts(truth: &str, predicted: &str) -> (usize, usize, usize) {
    let (t, p) = (shingles(truth), shingles(predicted));
    let tp = t
        .iter()
        .map(|(k, &v)| v.min(p.get(k).copied().unwrap_or(0)))
        .sum();
    let fp = p
        .iter()
        .map(|(k, &v)| v.saturating_sub(t.get(k).copied().unwrap_or(0)))
        .sum();
    let fn_ = t
        .iter()
        .map(|(k, &v)| v.saturating_sub(p.get(k).copied().unwrap_or(0)))
        .sum();
    (tp, fp, fn_)
}

fn ratio(tp: usize, wrong: usize, other: usize) -> f64 {
    if wrong == 0 && other == 0 {
        1.0
    } else if tp == 0 && wrong == 0 {
        0.0
    } else {
        tp as f64 / (tp + wrong) as f64
    }
}

/// Benchmark scores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExtractionScores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Share of documents whose predicted words equal the true words exactly.
    pub accuracy: f64,
    pub empty: usize,
    pub documents: usize,
}

/// One document's precision (when it has output) and recall (when it has truth).
type DocumentScore = (Option<f64>, Option<f64>);

fn document_score(truth: &str, predicted: &str) -> DocumentScore {
    let (tp, fp, fn_) = document_counts(truth, predicted);
    (
        (tp + fp > 0).then(|| ratio(tp, fp, fn_)),
        (tp + fn_ > 0).then(|| ratio(tp, fn_, fp)),
    )
}

/// Corpus precision, recall and F1 of the documents at `picks`.
fn corpus_scores(
    documents: &[DocumentScore],
    picks: impl Iterator<Item = usize>,
) -> (f64, f64, f64) {
    let (mut p, mut np, mut r, mut nr) = (0.0, 0usize, 0.0, 0usize);
    for pick in picks {
        let (precision, recall) = documents[pick];
        if let Some(precision) = precision {
            p += precision;
            np += 1;
        }
        if let Some(recall) = recall {
            r += recall;
            nr += 1;
        }
    }
    let precision = if np == 0 { 0.0 } else { p / np as f64 };
    let recall = if nr == 0 { 0.0 } else { r / nr as f64 };
    (precision, recall, super::f1(precision, recall))
}

/// Scores `(truth, prediction)` pairs.
pub fn score(pairs: &[(&str, &str)]) -> ExtractionScores {
    let documents: Vec<DocumentScore> = pairs.iter().map(|(t, p)| document_score(t, p)).collect();
    let exact = pairs
        .iter()
        .filter(|(truth, predicted)| words(truth) == words(predicted))
        .count();
    let empty = pairs
        .iter()
        .filter(|(_, predicted)| words(predicted).is_empty())
        .count();
    let (precision, recall, f1) = corpus_scores(&documents, 0..documents.len());
    ExtractionScores {
        precision,
        recall,
        f1,
        accuracy: exact as f64 / pairs.len().max(1) as f64,
        empty,
        documents: pairs.len(),
    }
}

/// Two extractors on the same pages: each one's F1 with its 95% bootstrap
/// interval, and the difference (ours − peer) with its paired interval (the same
/// resampled pages for both).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Comparison {
    pub ours: (f64, f64, f64),
    pub peer: (f64, f64, f64),
    pub difference: (f64, f64, f64),
}

/// Resamples of the pages for [`compare`]; the seed is fixed so the intervals repeat.
const RESAMPLES: usize = 1000;
const SEED: u64 = 20;

/// Compares `(truth, ours, peer)` triples (see [`Comparison`]); each figure is
/// `(value, 2.5th percentile, 97.5th percentile)`.
pub fn compare(triples: &[(&str, &str, &str)]) -> Comparison {
    let ours: Vec<DocumentScore> = triples
        .iter()
        .map(|(t, o, _)| document_score(t, o))
        .collect();
    let peer: Vec<DocumentScore> = triples
        .iter()
        .map(|(t, _, p)| document_score(t, p))
        .collect();
    let n = triples.len().max(1);
    let mut samples: [Vec<f64>; 3] = Default::default();
    for resample in 0..RESAMPLES {
        let picks: Vec<usize> = (0..n)
            .map(|i| {
                let draw = crate::dedup::mix(
                    SEED ^ ((resample * n + i) as u64).wrapping_mul(0x100_0000_01B3),
                );
                (draw % n as u64) as usize
            })
            .collect();
        let o = corpus_scores(&ours, picks.iter().copied()).2;
        let p = corpus_scores(&peer, picks.iter().copied()).2;
        samples[0].push(o);
        samples[1].push(p);
        samples[2].push(o - p);
    }
    let interval = |values: &mut Vec<f64>, value: f64| {
        values.sort_by(f64::total_cmp);
        let at = |q: f64| {
            values[((q * (values.len() - 1) as f64).round() as usize).min(values.len() - 1)]
        };
        (value, at(0.025), at(0.975))
    };
    let o = corpus_scores(&ours, 0..ours.len()).2;
    let p = corpus_scores(&peer, 0..peer.len()).2;
    let [so, sp, sd] = &mut samples;
    Comparison {
        ours: interval(so, o),
        peer: interval(sp, p),
        difference: interval(sd, o - p),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cases of the peers' `extract_eval.py --self-test` (from evaluate.py's tests).
    #[test]
    fn counts_follow_the_benchmark_metric() {
        assert_eq!(document_counts("", "a"), (0, 1, 0));
        assert_eq!(document_counts("!", ""), (0, 0, 0));
        let (tp, fp, fn_) = document_counts("a b c d e", "a b c d");
        assert_eq!((tp, fp, fn_), (1, 0, 1));
        let s = score(&[("a b c d", "a b c d"), ("one two three four five", "")]);
        assert_eq!((s.precision, s.recall, s.empty), (1.0, 0.5, 1));
    }
}
