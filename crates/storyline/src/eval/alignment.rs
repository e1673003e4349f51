//! Same-claim alignment measured on public sentence pairs: does the aligner's
//! judgement "these two sentences state the same content" — the judgement behind
//! every citation — agree with people's?
//!
//! Pairs come as JSON Lines `{"s1", "s2", "label"}` (0/1, as in the Microsoft
//! Research Paraphrase Corpus) or `{"s1", "s2", "score"}` (0–5, as in the STS
//! Benchmark). Each pair is scored with [`SentenceSpace::claim_probability`], the IDF
//! taken over all the file's sentences (the pairs come from many stories, so the
//! file stands in for a story's sentences). The measures are those of the peers'
//! `baseline.py`: accuracy and F1 at a threshold, the best precision at any
//! threshold reaching a recall (interpolated, so nothing is tuned on the test
//! labels), average precision, ROC-AUC, and Pearson and Spearman correlation for
//! graded scores.

use serde_json::Value;

use crate::align::{AlignOptions, SentenceRef, SentenceSpace};
use crate::analyze::Analyzer;
use crate::error::Error;
use crate::learn::{Example, Logistic};
use crate::model::{Article, Doc, Sentence};
use crate::text::Language;

/// A sentence pair and what people said of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    /// The pair's line in its file, from 1.
    pub line: usize,
    pub s1: String,
    pub s2: String,
    pub gold: Gold,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Gold {
    /// The same content (MSRP's "semantically equivalent"), or not.
    Same(bool),
    /// Graded similarity, 0 (unrelated) to 5 (equivalent), as STS.
    Score(f64),
}

impl Gold {
    /// The binary reading: a label as it is, a score of `same_score` or more.
    pub fn is_same(self, same_score: f64) -> bool {
        match self {
            Gold::Same(same) => same,
            Gold::Score(score) => score >= same_score,
        }
    }
}

/// Which pairs of a file to read, by STS-B's `"genre"` and `"file"` fields (the
/// file names a pair's source, and so its licence: `MSRpar` rows are MSRP's).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Selection {
    /// Only pairs of this genre (`main-news`).
    pub genre: Option<String>,
    /// Only pairs from these source files (`headlines`, `deft-news`); all when empty.
    pub files: Vec<String>,
}

impl Selection {
    fn keeps(&self, value: &Value) -> bool {
        self.genre
            .as_deref()
            .is_none_or(|wanted| value["genre"].as_str() == Some(wanted))
            && (self.files.is_empty()
                || value["file"]
                    .as_str()
                    .is_some_and(|file| self.files.iter().any(|wanted| wanted == file)))
    }
}

/// Reads pair lines, keeping those `selection` keeps. A line that cannot be read
/// is an error naming it; the rest are kept.
pub fn read_pairs(origin: &str, text: &str, selection: &Selection) -> (Vec<Pair>, Vec<Error>) {
    let mut pairs = Vec::new();
    let mut errors = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line_number = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        let bad = |message: String| Error::Malformed {
            origin: format!("{origin}:{line_number}"),
            format: "pair JSON",
            message,
        };
        let value: Value = match serde_json::from_str(line) {
            Ok(value) => value,
            Err(e) => {
                errors.push(bad(e.to_string()));
                continue;
            }
        };
        if !selection.keeps(&value) {
            continue;
        }
        let (Some(s1), Some(s2)) = (value["s1"].as_str(), value["s2"].as_str()) else {
            errors.push(bad("no \"s1\" and \"s2\" strings".to_string()));
            continue;
        };
        let gold = match (value["label"].as_i64(), value["score"].as_f64()) {
            (Some(label), _) => Gold::Same(label != 0),
            (None, Some(score)) => Gold::Score(score),
            _ => {
                errors.push(bad("no \"label\" or \"score\"".to_string()));
                continue;
            }
        };
        pairs.push(Pair {
            line: line_number,
            s1: s1.to_string(),
            s2: s2.to_string(),
            gold,
        });
    }
    (pairs, errors)
}

/// One sentence as a document of one sentence (no splitting: the pair's
/// sentence is the unit people judged).
fn sentence_doc(analyzer: &Analyzer, text: &str) -> Doc {
    let article = Article {
        lang: "en".to_string(),
        ..Article::from_text("", text)
    };
    let tokens = analyzer.tokens(Language::ENGLISH, text, 0, text.len());
    Doc {
        article,
        language: Language::ENGLISH,
        sentences: vec![Sentence {
            start: 0,
            end: text.len(),
            position: 0,
            paragraph: 0,
            heading: false,
            words: text.split_whitespace().count(),
            tokens,
        }],
    }
}

/// Every pair as a story of two one-sentence articles, in one sentence space
/// whose IDF is taken over all the file's sentences.
fn pair_space(pairs: &[Pair], options: &AlignOptions) -> SentenceSpace {
    let analyzer = Analyzer::default();
    let docs: Vec<Doc> = pairs
        .iter()
        .flat_map(|p| {
            [
                sentence_doc(&analyzer, &p.s1),
                sentence_doc(&analyzer, &p.s2),
            ]
        })
        .collect();
    SentenceSpace::with_options(&docs, options.clone())
}

/// The sentences of pair `i` in its [`pair_space`].
fn pair_at(i: usize) -> (SentenceRef, SentenceRef) {
    let at = |doc| SentenceRef { doc, sentence: 0 };
    (at(2 * i), at(2 * i + 1))
}

/// The aligner's judgement of each pair: the claim model's probability that
/// they state the same claim (what the ranking measures and correlations are
/// computed on), and the citation decision — the claim similarity
/// ([`SentenceSpace::claim_similarity`]: no plan is the same claim as a report,
/// nor a denial as what it denies) at least [`AlignOptions::same_claim`].
pub fn judge(pairs: &[Pair], options: &AlignOptions) -> (Vec<f64>, Vec<bool>) {
    let space = pair_space(pairs, options);
    (0..pairs.len())
        .map(|i| {
            let (a, b) = pair_at(i);
            (
                space.claim_probability(a, b),
                space.claim_similarity(a, b) >= options.same_claim,
            )
        })
        .unzip()
}

/// The L2 penalty of [`fit_claim_model`]: mild, as the features are few and
/// the pairs thousands.
const CLAIM_L2: f64 = 1.0;

/// Fits the same-claim model ([`crate::align::CLAIM_FEATURES`]) to pairs: a
/// pair is "the same" when its gold [`Gold::is_same`] at `same_score`. Pairs
/// the model is never asked about (no content feature shared, and no encoder)
/// are left out; with an encoder in `options` the model fitted is
/// [`AlignOptions::meaning_claim_model`]. Returns the model and how many pairs it was fitted on.
pub fn fit_claim_model(
    pairs: &[Pair],
    same_score: f64,
    options: &AlignOptions,
) -> (Logistic, usize) {
    let examples: Vec<Example> = pairs
        .iter()
        .zip(claim_features(pairs, options))
        .filter_map(|(pair, features)| {
            features.map(|features| Example {
                features,
                label: pair.gold.is_same(same_score),
                weight: 1.0,
            })
        })
        .collect();
    (Logistic::fit(&examples, CLAIM_L2), examples.len())
}

/// What the claim model reads of each pair ([`SentenceSpace::claim_features`]).
pub fn claim_features(pairs: &[Pair], options: &AlignOptions) -> Vec<Option<Vec<f64>>> {
    let space = pair_space(pairs, options);
    (0..pairs.len())
        .map(|i| {
            let (a, b) = pair_at(i);
            space.claim_features(a, b)
        })
        .collect()
}

/// Counts of a binary decision against binary gold.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Decisions {
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
    pub true_negatives: usize,
}

impl Decisions {
    /// The decisions "same when the score is at least `threshold`".
    pub fn at(scores: &[f64], gold: &[bool], threshold: f64) -> Decisions {
        let decided: Vec<bool> = scores.iter().map(|&score| score >= threshold).collect();
        Decisions::of(&decided, gold)
    }

    /// Counts decisions against gold.
    pub fn of(decided: &[bool], gold: &[bool]) -> Decisions {
        let mut d = Decisions::default();
        for (&decision, &same) in decided.iter().zip(gold) {
            match (decision, same) {
                (true, true) => d.true_positives += 1,
                (true, false) => d.false_positives += 1,
                (false, true) => d.false_negatives += 1,
                (false, false) => d.true_negatives += 1,
            }
        }
        d
    }

    pub fn precision(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }

    pub fn recall(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_negatives,
        )
    }

    pub fn f1(&self) -> f64 {
        super::f1(self.precision(), self.recall())
    }

    pub fn accuracy(&self) -> f64 {
        ratio(
            self.true_positives + self.true_negatives,
            self.true_positives + self.false_positives + self.false_negatives + self.true_negatives,
        )
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// (recall, precision) at every distinct threshold, from the highest score down.
fn curve(scores: &[f64], gold: &[bool]) -> Vec<(f64, f64)> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let positives = gold.iter().filter(|g| **g).count();
    let mut points = Vec::new();
    let (mut tp, mut taken) = (0usize, 0usize);
    for (k, &i) in order.iter().enumerate() {
        taken += 1;
        tp += usize::from(gold[i]);
        let last_of_tie = order.get(k + 1).is_none_or(|&j| scores[j] != scores[i]);
        if last_of_tie {
            points.push((ratio(tp, positives), ratio(tp, taken)));
        }
    }
    points
}

/// The best precision at any threshold whose recall is at least `recall`.
pub fn precision_at_recall(scores: &[f64], gold: &[bool], recall: f64) -> f64 {
    curve(scores, gold)
        .into_iter()
        .filter(|(r, _)| *r >= recall)
        .map(|(_, p)| p)
        .fold(0.0, f64::max)
}

/// Average precision (the area under the precision–recall curve, as
/// scikit-learn's `average_precision_score` sums it).
pub fn average_precision(scores: &[f64], gold: &[bool]) -> f64 {
    let mut previous_recall = 0.0;
    let mut area = 0.0;
    for (recall, precision) in curve(scores, gold) {
        area += (recall - previous_recall) * precision;
        previous_recall = recall;
    }
    area
}

/// The probability that a random same pair scores above a random different one
/// (ties count half).
pub fn roc_auc(scores: &[f64], gold: &[bool]) -> f64 {
    let ranks = ranks(scores);
    let positives = gold.iter().filter(|g| **g).count();
    let negatives = gold.len() - positives;
    if positives == 0 || negatives == 0 {
        return 0.5;
    }
    let rank_sum: f64 = ranks
        .iter()
        .zip(gold)
        .filter(|(_, g)| **g)
        .map(|(r, _)| r)
        .sum();
    let p = positives as f64;
    (rank_sum - p * (p + 1.0) / 2.0) / (p * negatives as f64)
}

/// Ranks from 1, ties given their mean rank.
fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && values[order[end]] == values[order[start]] {
            end += 1;
        }
        let mean = (start + end + 1) as f64 / 2.0;
        for &i in &order[start..end] {
            ranks[i] = mean;
        }
        start = end;
    }
    ranks
}

/// Pearson's correlation.
pub fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len().min(y.len()) as f64;
    if n < 2.0 {
        return 0.0;
    }
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    if sxx == 0.0 || syy == 0.0 {
        0.0
    } else {
        sxy / (sxx * syy).sqrt()
    }
}

/// Spearman's correlation (Pearson's on the ranks).
pub fn spearman(x: &[f64], y: &[f64]) -> f64 {
    pearson(&ranks(x), &ranks(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_agree_with_worked_examples() {
        // scikit-learn: average_precision_score([0,0,1,1],[0.1,0.4,0.35,0.8]) = 0.8333,
        // roc_auc_score = 0.75.
        let scores = [0.1, 0.4, 0.35, 0.8];
        let gold = [false, false, true, true];
        assert!((average_precision(&scores, &gold) - 0.8333).abs() < 1e-4);
        assert!((roc_auc(&scores, &gold) - 0.75).abs() < 1e-9);
        assert_eq!(precision_at_recall(&scores, &gold, 0.5), 1.0);
        assert!((precision_at_recall(&scores, &gold, 1.0) - 2.0 / 3.0).abs() < 1e-9);
        let at = Decisions::at(&scores, &gold, 0.35);
        assert_eq!((at.true_positives, at.false_positives), (2, 1));
        assert!((at.accuracy() - 0.75).abs() < 1e-9);
        assert!((pearson(&[1.0, 2.0, 3.0], &[2.0, 4.0, 7.0]) - 0.9934).abs() < 1e-4);
        assert!((spearman(&[1.0, 2.0, 3.0], &[2.0, 4.0, 7.0]) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn pairs_are_read_with_labels_or_scores_and_bad_lines_named() {
        let text = r#"{"s1": "A", "s2": "B", "label": 1}
{"s1": "C", "s2": "D", "score": 3.5, "genre": "main-news"}
not json
{"s1": "E", "label": 0}"#;
        let (pairs, errors) = read_pairs("pairs.jsonl", text, &Selection::default());
        assert_eq!(pairs.len(), 2);
        assert_eq!(pairs[1].gold, Gold::Score(3.5));
        assert_eq!(errors.len(), 2);
        assert!(errors[0].to_string().starts_with("pairs.jsonl:3"));
        let news = Selection {
            genre: Some("main-news".to_string()),
            ..Selection::default()
        };
        assert_eq!(read_pairs("pairs.jsonl", text, &news).0.len(), 1);
        let headlines = Selection {
            files: vec!["headlines".to_string()],
            ..Selection::default()
        };
        assert!(read_pairs("pairs.jsonl", text, &headlines).0.is_empty());
    }

    #[test]
    fn the_same_claim_in_other_words_scores_above_another_claim() {
        let pairs = [
            (
                "The council approved the new harbour plan on Monday.",
                "On Monday the council approved the harbour plan.",
            ),
            (
                "The council approved the new harbour plan on Monday.",
                "Fishermen protested against the harbour plan outside the council.",
            ),
            // As in a story, the topic's words ("council", "harbour", "plan") are
            // in most sentences, so that sharing them is not sharing a claim.
            (
                "The harbour plan will cost the council 40 million euros.",
                "Council members debated the harbour plan for a year.",
            ),
        ]
        .map(|(s1, s2)| Pair {
            line: 1,
            s1: s1.into(),
            s2: s2.into(),
            gold: Gold::Same(true),
        });
        let (scores, same) = judge(&pairs, &AlignOptions::default());
        assert!(scores[0] > scores[1], "{scores:?}");
        assert_eq!(same[..2], [true, false], "{scores:?}");
    }
}
