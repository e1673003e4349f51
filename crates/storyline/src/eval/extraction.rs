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

/// Scores `(truth, prediction)` pairs.
pub fn score(pairs: &[(&str, &str)]) -> ExtractionScores {
    let mut precisions = Vec::new();
    let mut recalls = Vec::new();
    let mut exact = 0;
    let mut empty = 0;
    for (truth, predicted) in pairs {
        let (tp, fp, fn_) = document_counts(truth, predicted);
        if tp + fp > 0 {
            precisions.push(ratio(tp, fp, fn_));
        }
        if tp + fn_ > 0 {
            recalls.push(ratio(tp, fn_, fp));
        }
        exact += usize::from(words(truth) == words(predicted));
        empty += usize::from(words(predicted).is_empty());
    }
    let mean = |v: &[f64]| {
        if v.is_empty() {
            0.0
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    let (precision, recall) = (mean(&precisions), mean(&recalls));
    ExtractionScores {
        precision,
        recall,
        f1: super::f1(precision, recall),
        accuracy: exact as f64 / pairs.len().max(1) as f64,
        empty,
        documents: pairs.len(),
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
