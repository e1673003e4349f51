//! ROUGE-1, ROUGE-2 and ROUGE-L computed exactly as Google's rouge-score 0.1.2 does,
//! so that Storyline's figures sit in the same table as the peers'.
//!
//! Tokens: lowercase, every run of characters other than `a-z0-9` is a separator,
//! tokens longer than three characters are Porter-stemmed (NLTK's variant). N-gram
//! scores count clipped overlaps; ROUGE-L is one longest common subsequence over the
//! whole text (rouge-score's `rougeL`, not the sentence-level `rougeLsum`).

use std::collections::HashMap;

use super::porter;

/// Precision, recall and F1 of one measure, each 0 to 1.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Score {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Score {
    fn new(overlap: f64, predicted: f64, reference: f64) -> Score {
        let precision = overlap / predicted.max(1.0);
        let recall = overlap / reference.max(1.0);
        Score {
            precision,
            recall,
            f1: super::f1(precision, recall),
        }
    }

    fn mean(scores: &[Score]) -> Score {
        let n = scores.len().max(1) as f64;
        Score {
            precision: scores.iter().map(|s| s.precision).sum::<f64>() / n,
            recall: scores.iter().map(|s| s.recall).sum::<f64>() / n,
            f1: scores.iter().map(|s| s.f1).sum::<f64>() / n,
        }
    }
}

/// ROUGE-1, ROUGE-2 and ROUGE-L of one prediction.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Rouge {
    pub rouge1: Score,
    pub rouge2: Score,
    pub rouge_l: Score,
}

impl Rouge {
    /// The mean of several scores (over references, or over clusters).
    pub fn mean(all: &[Rouge]) -> Rouge {
        let pick = |f: fn(&Rouge) -> Score| Score::mean(&all.iter().map(f).collect::<Vec<_>>());
        Rouge {
            rouge1: pick(|r| r.rouge1),
            rouge2: pick(|r| r.rouge2),
            rouge_l: pick(|r| r.rouge_l),
        }
    }
}

/// rouge-score's tokenizer with stemming on.
pub fn tokenize(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
        .filter(|t| !t.is_empty())
        .map(|t| {
            if t.len() > 3 {
                porter::stem(t)
            } else {
                t.to_string()
            }
        })
        .filter(|t| !t.is_empty())
        .collect()
}

/// Whitespace as Python's `str.split()` sees it (Unicode White_Space plus the
/// information separators U+001C–U+001F).
fn python_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// The first `words` whitespace-separated words of `text`, line breaks kept
/// (ROUGE-1.5.5's `-l N`, as the peers' rouge.py applies it).
pub fn first_words(text: &str, words: usize) -> String {
    let mut left = words;
    let mut lines = Vec::new();
    for line in text.lines() {
        let kept: Vec<&str> = line
            .split(python_space)
            .filter(|w| !w.is_empty())
            .take(left)
            .collect();
        left -= kept.len();
        if !kept.is_empty() {
            lines.push(kept.join(" "));
        }
    }
    lines.join("\n")
}

/// Scores a prediction against one reference.
pub fn score(reference: &str, prediction: &str) -> Rouge {
    let reference = tokenize(reference);
    let prediction = tokenize(prediction);
    Rouge {
        rouge1: ngram_score(&reference, &prediction, 1),
        rouge2: ngram_score(&reference, &prediction, 2),
        rouge_l: lcs_score(&reference, &prediction),
    }
}

/// Scores a prediction against several references: the mean over references.
pub fn score_multi(references: &[String], prediction: &str) -> Rouge {
    let each: Vec<Rouge> = references.iter().map(|r| score(r, prediction)).collect();
    Rouge::mean(&each)
}

fn ngram_score(reference: &[String], prediction: &[String], n: usize) -> Score {
    let (reference_counts, prediction_counts) =
        (ngram_counts(reference, n), ngram_counts(prediction, n));
    let overlap: usize = prediction_counts
        .iter()
        .map(|(gram, &c)| c.min(reference_counts.get(gram).copied().unwrap_or(0)))
        .sum();
    Score::new(
        overlap as f64,
        prediction.len().saturating_sub(n - 1) as f64,
        reference.len().saturating_sub(n - 1) as f64,
    )
}

fn ngram_counts(tokens: &[String], n: usize) -> HashMap<&[String], usize> {
    let mut counts: HashMap<&[String], usize> = HashMap::new();
    for gram in tokens.windows(n) {
        *counts.entry(gram).or_default() += 1;
    }
    counts
}

fn lcs_score(reference: &[String], prediction: &[String]) -> Score {
    if reference.is_empty() || prediction.is_empty() {
        return Score::default();
    }
    let mut previous = vec![0usize; prediction.len() + 1];
    let mut current = vec![0usize; prediction.len() + 1];
    for r in reference {
        for (j, p) in prediction.iter().enumerate() {
            current[j + 1] = if r == p {
                previous[j] + 1
            } else {
                current[j].max(previous[j + 1])
            };
        }
        std::mem::swap(&mut previous, &mut current);
    }
    let lcs = previous[prediction.len()] as f64;
    Score::new(lcs, prediction.len() as f64, reference.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected values from rouge-score 0.1.2 in the peers' venv:
    /// ```sh
    /// $PY -c "from rouge_score import rouge_scorer as r; s=r.RougeScorer(['rouge1','rouge2','rougeL'], use_stemmer=True)
    /// print({k: (round(v.precision,6), round(v.recall,6), round(v.fmeasure,6)) for k,v in s.score(REF, PRED).items()})"
    /// ```
    #[test]
    fn matches_rouge_score() {
        let reference = "The harbour authority said divers inspected the damaged pier on Saturday; repairs will cost 3.8 million euros.\nMost evacuated residents returned home.";
        let prediction = "Divers inspecting the pier found the foundations intact.\nThe repairs are now expected to cost about 3.8 million euros, the authority said.";
        let got = score(reference, prediction);
        let expected = [
            (got.rouge1, (0.565217, 0.565217, 0.565217)),
            (got.rouge2, (0.272727, 0.272727, 0.272727)),
            (got.rouge_l, (0.434783, 0.434783, 0.434783)),
        ];
        for (score, (p, r, f)) in expected {
            assert!((score.precision - p).abs() < 1e-6, "{score:?} vs {p}");
            assert!((score.recall - r).abs() < 1e-6, "{score:?} vs {r}");
            assert!((score.f1 - f).abs() < 1e-6, "{score:?} vs {f}");
        }
    }

    #[test]
    fn empty_sides_score_zero() {
        assert_eq!(score("", "some words").rouge1.f1, 0.0);
        assert_eq!(score("some words", "").rouge_l.f1, 0.0);
    }

    #[test]
    fn first_words_cuts_across_lines() {
        assert_eq!(
            first_words("one two\nthree four five\nsix", 4),
            "one two\nthree four"
        );
        assert_eq!(first_words("a b", 10), "a b");
    }
}
