//! Story-clustering measures, computed as the peers' `cluster_metrics.py` does:
//! BCubed and pairwise precision / recall (F1 from the averages), NMI with
//! arithmetic normalisation and ARI as scikit-learn defines them.
//!
//! The counts live in seedless (Fx) hash maps: their float sums are taken in
//! the same order on every run, so a score is the same to the last bit, and a
//! grid search choosing between near-ties (`eval::loco`) chooses the same way.

use std::hash::Hash;

use rustc_hash::FxHashMap as HashMap;

use serde_json::Value;

use crate::error::Error;
use crate::extract::header::parse_date;
use crate::model::Article;

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

fn prf(precision: f64, recall: f64) -> Prf {
    Prf {
        precision,
        recall,
        f1: super::f1(precision, recall),
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClusterScores {
    pub bcubed: Prf,
    pub pairwise: Prf,
    pub nmi: f64,
    pub ari: f64,
    pub clusters: usize,
    pub gold_stories: usize,
    pub articles: usize,
}

fn pairs(m: usize) -> f64 {
    (m * m.saturating_sub(1) / 2) as f64
}

/// Scores predicted labels against gold labels of the same articles.
pub fn score<G: Eq + Hash, P: Eq + Hash>(gold: &[G], predicted: &[P]) -> ClusterScores {
    let n = gold.len();
    let mut cells: HashMap<(&P, &G), usize> = HashMap::default();
    let mut predicted_sizes: HashMap<&P, usize> = HashMap::default();
    let mut gold_sizes: HashMap<&G, usize> = HashMap::default();
    for (g, p) in gold.iter().zip(predicted) {
        *cells.entry((p, g)).or_default() += 1;
        *predicted_sizes.entry(p).or_default() += 1;
        *gold_sizes.entry(g).or_default() += 1;
    }
    let nf = n.max(1) as f64;
    let b_precision = cells
        .iter()
        .map(|((p, _), &k)| (k * k) as f64 / predicted_sizes[p] as f64)
        .sum::<f64>()
        / nf;
    let b_recall = cells
        .iter()
        .map(|((_, g), &k)| (k * k) as f64 / gold_sizes[g] as f64)
        .sum::<f64>()
        / nf;
    let true_pairs: f64 = cells.values().map(|&k| pairs(k)).sum();
    let predicted_pairs: f64 = predicted_sizes.values().map(|&k| pairs(k)).sum();
    let gold_pairs: f64 = gold_sizes.values().map(|&k| pairs(k)).sum();
    let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 1.0 };

    let entropy = |sizes: &mut dyn Iterator<Item = usize>| -> f64 {
        sizes
            .map(|k| {
                let p = k as f64 / nf;
                -p * p.ln()
            })
            .sum()
    };
    let h_gold = entropy(&mut gold_sizes.values().copied());
    let h_predicted = entropy(&mut predicted_sizes.values().copied());
    let mutual: f64 = cells
        .iter()
        .map(|((p, g), &k)| {
            let k = k as f64;
            k / nf * (nf * k / (predicted_sizes[p] as f64 * gold_sizes[g] as f64)).ln()
        })
        .sum();
    let nmi = if gold_sizes.len() == 1 && predicted_sizes.len() == 1
        || gold_sizes.len() == n && predicted_sizes.len() == n
    {
        1.0
    } else {
        let mean = (h_gold + h_predicted) / 2.0;
        if mean > 0.0 {
            (mutual / mean).clamp(0.0, 1.0)
        } else {
            1.0
        }
    };
    let expected = predicted_pairs * gold_pairs / pairs(n).max(1.0);
    let maximum = (predicted_pairs + gold_pairs) / 2.0;
    let ari = if (maximum - expected).abs() < f64::EPSILON {
        1.0
    } else {
        (true_pairs - expected) / (maximum - expected)
    };
    ClusterScores {
        bcubed: prf(b_precision, b_recall),
        pairwise: prf(
            ratio(true_pairs, predicted_pairs),
            ratio(true_pairs, gold_pairs),
        ),
        nmi,
        ari,
        clusters: predicted_sizes.len(),
        gold_stories: gold_sizes.len(),
        articles: n,
    }
}

/// An evaluation article: its id, its gold story, the article.
pub type Labelled = (String, String, Article);

/// Reads `{"id","story","title","text","date","source",...}` lines (`text` may be
/// null: the title stands in), or, with `clusters`, summarization clusters
/// `{"id","articles":[...]}` whose id is every article's story.
pub fn read_labelled(origin: &str, text: &str, clusters: bool) -> (Vec<Labelled>, Vec<Error>) {
    let mut articles = Vec::new();
    let mut errors = Vec::new();
    for (index, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let line_origin = format!("{origin}:{}", index + 1);
        let value: Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                errors.push(Error::Malformed {
                    origin: line_origin,
                    format: "JSON line",
                    message: e.to_string(),
                });
                continue;
            }
        };
        let string = |v: &Value, key: &str| match v.get(key) {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        // Each record goes through ingestion and extraction, as it would in a
        // digest: the scores are those of the articles users get. A record left
        // with no article text (a crawl notice, a social-media embed) still needs a
        // story; with no text it can only stand alone.
        let article = |v: &Value, origin: String| {
            crate::ingest::from_json_value(&origin, v.clone())
                .docs
                .pop()
                .and_then(|doc| {
                    crate::extract::extract_one(doc, &crate::extract::ExtractOptions::default())
                        .ok()
                })
                .unwrap_or_else(|| Article {
                    origin,
                    title: string(v, "title").unwrap_or_default(),
                    url: string(v, "url"),
                    outlet: string(v, "source"),
                    author: None,
                    date: string(v, "date").as_deref().and_then(parse_date),
                    text: String::new(),
                    headings: Vec::new(),
                    partial: false,
                    lang: string(v, "lang").unwrap_or_default(),
                })
        };
        if clusters {
            let (Some(id), Some(Value::Array(members))) =
                (string(&value, "id"), value.get("articles"))
            else {
                errors.push(Error::Malformed {
                    origin: line_origin,
                    format: "cluster",
                    message: "needs id and articles".into(),
                });
                continue;
            };
            for (k, member) in members.iter().enumerate() {
                articles.push((
                    format!("{id}-{k}"),
                    id.clone(),
                    article(member, format!("{line_origin}#{id}-{k}")),
                ));
            }
        } else {
            let (Some(id), Some(story)) = (string(&value, "id"), string(&value, "story")) else {
                errors.push(Error::Malformed {
                    origin: line_origin,
                    format: "article",
                    message: "needs id and story".into(),
                });
                continue;
            };
            let a = article(&value, format!("{line_origin}#{id}"));
            articles.push((id, story, a));
        }
    }
    (articles, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected values from the peers' cluster_metrics.py (scikit-learn 1.9.1 for NMI
    /// and ARI) on the same labels:
    /// `$PY -c "import cluster_metrics as c; print(c.cluster_scores(list('aaabbc'), [1,1,2,2,2,3]))"`
    #[test]
    fn scores_match_the_peer_script() {
        let gold = ["a", "a", "a", "b", "b", "c"];
        let predicted = [1, 1, 2, 2, 2, 3];
        let s = score(&gold, &predicted);
        assert!((s.bcubed.precision - 0.777_777_777_8).abs() < 1e-9, "{s:?}");
        assert!((s.bcubed.recall - 0.777_777_777_8).abs() < 1e-9);
        assert!((s.pairwise.precision - 0.5).abs() < 1e-9);
        assert!((s.pairwise.recall - 0.5).abs() < 1e-9);
        assert!((s.nmi - 0.685_331_478_961_586_6).abs() < 1e-12, "{}", s.nmi);
        assert!((s.ari - 0.318_181_818_181_818_2).abs() < 1e-12, "{}", s.ari);
        assert_eq!((s.clusters, s.gold_stories), (3, 3));
    }
}
