//! Article pairs rated by people for being the same story, in one language or
//! two (SemEval-2022 task 8): how well Storyline's article similarity — the
//! one its clusterer reads, see [`crate::cluster::pair_similarities`] — follows
//! the ratings, and how often it tells the same story from another.
//!
//! The file's `split` halves the pairs. Nothing here is fitted on the `test`
//! half: the same-story thresholds (one for pairs in one language, one for
//! pairs across two, whose similarities live on different scales) are chosen
//! on `train` and applied to `test`, which is what the headline figures are.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::alignment::pearson;
use crate::cluster::{pair_similarities, ClusterOptions};
use crate::error::Error;
use crate::model::Article;
use crate::text::Language;

/// A rating at or under this is "the same story" (the task's scale runs from 1,
/// very similar, to 4, very dissimilar; the peer baseline draws the line here).
const SAME_STORY: f64 = 2.0;

/// One rated pair.
#[derive(Debug, Clone)]
pub struct RatedPair {
    pub id: String,
    pub languages: (String, String),
    pub texts: (String, String),
    /// 1 = the same story … 4 = unrelated.
    pub overall: f64,
    pub test: bool,
}

impl RatedPair {
    pub fn cross_lingual(&self) -> bool {
        self.languages.0 != self.languages.1
    }

    fn same_story(&self) -> bool {
        self.overall <= SAME_STORY
    }
}

/// Reads a pairs file (JSON Lines: `pair_id`, `lang1`, `lang2`, `text1`,
/// `text2`, `overall`, `split`); a bad line is reported and skipped.
pub fn read_pairs(origin: &str, text: &str) -> (Vec<RatedPair>, Vec<Error>) {
    let mut pairs = Vec::new();
    let mut errors = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let record = format!("{origin}:{}", number + 1);
        let value: Value = match serde_json::from_str(line) {
            Ok(value) => value,
            Err(e) => {
                errors.push(Error::Malformed {
                    origin: record,
                    format: "rated pair",
                    message: e.to_string(),
                });
                continue;
            }
        };
        let string = |field: &'static str| value[field].as_str().map(str::to_string);
        let fields = (
            string("pair_id"),
            string("lang1"),
            string("lang2"),
            string("text1"),
            string("text2"),
            value["overall"].as_f64(),
        );
        let (Some(id), Some(lang1), Some(lang2), Some(text1), Some(text2), Some(overall)) = fields
        else {
            errors.push(Error::Malformed {
                origin: record,
                format: "rated pair",
                message: "needs pair_id, lang1, lang2, text1, text2 (text) and overall (a number)"
                    .to_string(),
            });
            continue;
        };
        pairs.push(RatedPair {
            id,
            languages: (lang1, lang2),
            texts: (text1, text2),
            overall,
            test: value["split"].as_str() == Some("test"),
        });
    }
    (pairs, errors)
}

/// An article of a pair's text: its first line is the headline when it has
/// more than one, and its language is the one the pair states.
fn article(text: &str, lang: &str) -> Article {
    let text = text.trim();
    let (title, body) = match text.split_once('\n') {
        Some((title, body)) => (title.trim(), body.trim()),
        None => ("", text),
    };
    Article {
        lang: lang.to_string(),
        ..Article::from_text(title, body)
    }
}

/// What a pair's similarity said.
#[derive(Debug, Clone)]
pub struct Prediction {
    pub id: String,
    pub similarity: f64,
    pub same_story: bool,
}

/// The figures of one half of the pairs.
#[derive(Debug, Clone, Default)]
pub struct HalfReport {
    pub pairs: usize,
    pub monolingual: usize,
    /// Pearson's r between similarity and the negated rating: all pairs, pairs
    /// in one language, pairs across two.
    pub r_all: f64,
    pub r_monolingual: f64,
    pub r_cross_lingual: f64,
    /// Share of pairs whose same-story call (by the training thresholds) is right.
    pub accuracy: f64,
}

/// The whole evaluation.
#[derive(Debug, Clone)]
pub struct PairsReport {
    pub train: HalfReport,
    pub test: HalfReport,
    /// Same-story thresholds chosen on the training half: one language, two.
    pub thresholds: (f64, f64),
    /// The threshold for joining stories across languages that the training
    /// half's cross-lingual pairs choose by F0.5 (see
    /// `ClusterOptions::cross_lingual_threshold`).
    pub join_threshold: f64,
    /// Test pairs by language pair ("de-en"): pairs, Pearson's r.
    pub by_languages: BTreeMap<String, (usize, f64)>,
    /// Distinct texts, and how many of them identification gives the stated
    /// language.
    pub texts: usize,
    pub identified: usize,
    pub predictions: Vec<Prediction>,
}

/// Scores Storyline's article similarity on rated pairs.
pub fn evaluate(pairs: &[RatedPair], options: &ClusterOptions) -> PairsReport {
    // Each distinct text once, as the peer's TF-IDF is fitted.
    let mut index: HashMap<(&str, &str), usize> = HashMap::new();
    let mut articles = Vec::new();
    let mut ids = Vec::with_capacity(pairs.len());
    for pair in pairs {
        let sides = [
            (pair.texts.0.as_str(), pair.languages.0.as_str()),
            (pair.texts.1.as_str(), pair.languages.1.as_str()),
        ];
        let [first, second] = sides.map(|(text, lang)| {
            let next = index.len();
            let id = *index.entry((text, lang)).or_insert(next);
            if id == next {
                articles.push(article(text, lang));
            }
            id
        });
        ids.push((first, second));
    }
    let identified = articles
        .iter()
        .filter(|a| Language::identify(&a.title, &a.text).code() == a.lang)
        .count();
    let similarities = pair_similarities(&articles, &ids, options);
    let half = |test: bool| -> Vec<usize> {
        (0..pairs.len())
            .filter(|&i| pairs[i].test == test)
            .collect()
    };
    let (train, test) = (half(false), half(true));
    let threshold = |cross: bool| {
        let chosen: Vec<usize> = train
            .iter()
            .copied()
            .filter(|&i| pairs[i].cross_lingual() == cross)
            .collect();
        best_threshold(&chosen, pairs, &similarities)
    };
    let thresholds = (threshold(false), threshold(true));
    let cross_training: Vec<usize> = train
        .iter()
        .copied()
        .filter(|&i| pairs[i].cross_lingual())
        .collect();
    let join_threshold = best_precise_threshold(&cross_training, pairs, &similarities);
    let predictions: Vec<Prediction> = pairs
        .iter()
        .zip(&similarities)
        .map(|(pair, &similarity)| {
            let t = if pair.cross_lingual() {
                thresholds.1
            } else {
                thresholds.0
            };
            Prediction {
                id: pair.id.clone(),
                similarity,
                same_story: similarity >= t,
            }
        })
        .collect();
    let report = |members: &[usize]| {
        let r = |filter: &dyn Fn(&RatedPair) -> bool| {
            let chosen: Vec<usize> = members
                .iter()
                .copied()
                .filter(|&i| filter(&pairs[i]))
                .collect();
            pearson(
                &chosen.iter().map(|&i| similarities[i]).collect::<Vec<_>>(),
                &chosen
                    .iter()
                    .map(|&i| -pairs[i].overall)
                    .collect::<Vec<_>>(),
            )
        };
        let right = members
            .iter()
            .filter(|&&i| predictions[i].same_story == pairs[i].same_story())
            .count();
        HalfReport {
            pairs: members.len(),
            monolingual: members
                .iter()
                .filter(|&&i| !pairs[i].cross_lingual())
                .count(),
            r_all: r(&|_| true),
            r_monolingual: r(&|p| !p.cross_lingual()),
            r_cross_lingual: r(&|p| p.cross_lingual()),
            accuracy: right as f64 / members.len().max(1) as f64,
        }
    };
    let mut grouped: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for &i in &test {
        let (a, b) = &pairs[i].languages;
        grouped.entry(format!("{a}-{b}")).or_default().push(i);
    }
    let by_languages = grouped
        .into_iter()
        .map(|(languages, members)| {
            let r = pearson(
                &members.iter().map(|&i| similarities[i]).collect::<Vec<_>>(),
                &members
                    .iter()
                    .map(|&i| -pairs[i].overall)
                    .collect::<Vec<_>>(),
            );
            (languages, (members.len(), r))
        })
        .collect();
    PairsReport {
        train: report(&train),
        test: report(&test),
        thresholds,
        join_threshold,
        by_languages,
        texts: articles.len(),
        identified,
        predictions,
    }
}

/// The similarity threshold that calls the most of `members` right (a pair is
/// the same story when its similarity is at least the threshold); ties go to
/// the higher threshold.
fn best_threshold(members: &[usize], pairs: &[RatedPair], similarities: &[f64]) -> f64 {
    best_by(
        members,
        pairs,
        similarities,
        |same, other, total_same, total| {
            (same + (total - total_same - other)) as f64 / total.max(1) as f64
        },
    )
}

/// The threshold with the best F0.5 of calling pairs the same story:
/// precision weighed over recall, as for joining stories, where a wrong join
/// merges two.
fn best_precise_threshold(members: &[usize], pairs: &[RatedPair], similarities: &[f64]) -> f64 {
    best_by(
        members,
        pairs,
        similarities,
        |same, other, total_same, _| {
            let precision = same as f64 / (same + other).max(1) as f64;
            let recall = same as f64 / total_same.max(1) as f64;
            let denominator = 0.25 * precision + recall;
            if denominator > 0.0 {
                1.25 * precision * recall / denominator
            } else {
                0.0
            }
        },
    )
}

/// The threshold whose calls score best by `score(same stories called,
/// others called, same stories, pairs)`; ties go to the higher threshold.
fn best_by(
    members: &[usize],
    pairs: &[RatedPair],
    similarities: &[f64],
    score: impl Fn(usize, usize, usize, usize) -> f64,
) -> f64 {
    let mut order: Vec<usize> = members.to_vec();
    order.sort_by(|&a, &b| similarities[b].total_cmp(&similarities[a]));
    let total_same = members.iter().filter(|&&i| pairs[i].same_story()).count();
    // Calling the first k pairs (the most similar) the same story.
    let (mut same, mut other) = (0, 0);
    let (mut best, mut best_score) = (f64::INFINITY, score(0, 0, total_same, members.len()));
    for (k, &i) in order.iter().enumerate() {
        if pairs[i].same_story() {
            same += 1;
        } else {
            other += 1;
        }
        let tied_with_next = order
            .get(k + 1)
            .is_some_and(|&next| similarities[next] == similarities[i]);
        let now = score(same, other, total_same, members.len());
        if now > best_score && !tied_with_next {
            best_score = now;
            best = similarities[i];
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(
        id: &str,
        langs: (&str, &str),
        texts: (&str, &str),
        overall: f64,
        test: bool,
    ) -> RatedPair {
        RatedPair {
            id: id.to_string(),
            languages: (langs.0.to_string(), langs.1.to_string()),
            texts: (texts.0.to_string(), texts.1.to_string()),
            overall,
            test,
        }
    }

    #[test]
    fn a_bad_line_is_reported_and_the_rest_read() {
        let text = r#"{"pair_id": "1_2", "lang1": "en", "lang2": "fr", "text1": "a", "text2": "b", "overall": 1.5, "split": "test"}
{"pair_id": "3_4", "lang1": "en"}
not json"#;
        let (pairs, errors) = read_pairs("pairs.jsonl", text);
        assert_eq!(pairs.len(), 1);
        assert!(pairs[0].test && pairs[0].cross_lingual());
        assert_eq!(errors.len(), 2);
        assert!(
            errors[0].to_string().contains("pairs.jsonl:2"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn reports_of_one_event_in_two_languages_are_alike_through_names_and_numbers() {
        let text = |i: usize| {
            let (_, title, text) = crate::testing::TWO_LANGUAGES[i];
            format!("{title}\n{text}")
        };
        let (flood_en, flood_fr, strike_fr) = (text(0), text(1), text(2));
        let pairs = vec![
            pair("same", ("en", "fr"), (&flood_en, &flood_fr), 1.0, false),
            pair(
                "different",
                ("en", "fr"),
                (&flood_en, &strike_fr),
                4.0,
                false,
            ),
            pair("same-test", ("fr", "en"), (&flood_fr, &flood_en), 1.0, true),
        ];
        let report = evaluate(&pairs, &ClusterOptions::default());
        let similarity = |id: &str| {
            report
                .predictions
                .iter()
                .find(|p| p.id == id)
                .unwrap()
                .similarity
        };
        assert!(similarity("same") > 0.3, "{report:?}");
        assert!(similarity("different") < 0.05, "{report:?}");
        assert!(report.predictions[0].same_story && !report.predictions[1].same_story);
        assert_eq!(report.test.accuracy, 1.0);
        assert_eq!(report.identified, report.texts);
    }

    #[test]
    fn the_threshold_calls_most_training_pairs_right() {
        let pairs: Vec<RatedPair> = [1.0, 1.5, 3.0, 4.0]
            .iter()
            .enumerate()
            .map(|(i, &o)| pair(&i.to_string(), ("en", "en"), ("", ""), o, false))
            .collect();
        let similarities = [0.9, 0.5, 0.4, 0.1];
        assert_eq!(best_threshold(&[0, 1, 2, 3], &pairs, &similarities), 0.5);
        assert_eq!(
            best_precise_threshold(&[0, 1, 2, 3], &pairs, &similarities),
            0.5
        );
        // With an unrelated pair between the two same stories, precision keeps
        // to the surest.
        let similarities = [0.9, 0.3, 0.5, 0.1];
        assert_eq!(
            best_precise_threshold(&[0, 1, 2, 3], &pairs, &similarities),
            0.9
        );
    }
}
