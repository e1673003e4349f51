//! Quality measures that put Storyline next to established tools on public data.
//!
//! Each measure is implemented to match its reference implementation to the digit,
//! because a figure is only worth quoting when it is comparable with the peers'
//! figures in `../shared/peers/`.

pub mod alignment;
pub mod clustering;
pub mod dates;
pub mod disagreements;
pub mod entities;
pub mod extraction;
pub mod faithfulness;
pub mod loco;
pub mod pairs;
pub mod porter;
pub mod rouge;
pub mod timelines;

use serde_json::Value;

use crate::error::Error;
use crate::model::RawDoc;
use crate::summarize::SummaryOptions;
use crate::{ingest, Engine, EngineOptions};

use rouge::Rouge;

/// A mark of annotated text: its byte range in the plain text, and its label.
pub type Mark<'a> = (usize, usize, &'a str);

/// Text annotated by hand with marks `[text|LABEL]`: the plain text, and its
/// marks. The error says what is malformed.
pub fn marked(annotated: &str) -> Result<(String, Vec<Mark<'_>>), String> {
    let mut plain = String::new();
    let mut marks = Vec::new();
    let mut rest = annotated;
    while let Some(open) = rest.find('[') {
        plain.push_str(&rest[..open]);
        let Some(close) = rest[open..].find(']') else {
            return Err("unclosed [".into());
        };
        let inner = &rest[open + 1..open + close];
        let Some((text, label)) = inner.rsplit_once('|') else {
            return Err(format!("no |LABEL in [{inner}]"));
        };
        marks.push((plain.len(), plain.len() + text.len(), label));
        plain.push_str(text);
        rest = &rest[open + close + 1..];
    }
    plain.push_str(rest);
    Ok((plain, marks))
}

/// The harmonic mean of precision and recall (0 when both are 0).
pub fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    }
}

/// One evaluation cluster: articles and their reference summaries.
#[derive(Debug, Clone)]
pub struct Cluster {
    pub id: String,
    pub articles: Vec<RawDoc>,
    pub references: Vec<String>,
}

/// Reads clusters JSONL: `{"id", "articles": [...], "summary": "..."}` or with
/// several references as `"summaries": {"A": "...", ...}` (taken in key order) or a
/// list. Bad lines are reported and skipped.
pub fn read_clusters(origin: &str, text: &str) -> (Vec<Cluster>, Vec<Error>) {
    let mut clusters = Vec::new();
    let mut errors = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let line_origin = format!("{origin}:{}", index + 1);
        let malformed = |message: String| Error::Malformed {
            origin: line_origin.clone(),
            format: "cluster",
            message,
        };
        let mut value: Value = match serde_json::from_str(line) {
            Ok(value) => value,
            Err(e) => {
                errors.push(malformed(e.to_string()));
                continue;
            }
        };
        let id = match value.get("id") {
            Some(Value::String(id)) => id.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => {
                errors.push(malformed("no \"id\"".to_string()));
                continue;
            }
        };
        let references = match value.get("summaries").or_else(|| value.get("summary")) {
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Object(map)) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                keys.iter()
                    .filter_map(|k| map[*k].as_str().map(String::from))
                    .collect()
            }
            Some(Value::Array(list)) => list
                .iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect(),
            _ => Vec::new(),
        };
        if references.is_empty() {
            errors.push(malformed("no \"summary\" or \"summaries\"".to_string()));
            continue;
        }
        let Some(articles) = value.get_mut("articles").map(Value::take) else {
            errors.push(malformed("no \"articles\"".to_string()));
            continue;
        };
        let batch = ingest::from_json_value(
            &format!("{line_origin}#{id}"),
            serde_json::json!({ "articles": articles }),
        );
        errors.extend(batch.errors);
        clusters.push(Cluster {
            id,
            articles: batch.docs,
            references,
        });
    }
    (clusters, errors)
}

/// The summary of a cluster as evaluation wants it: one sentence a line, cut at
/// exactly `options.words` words (the last sentence may be cut short).
pub fn summarize_for_eval(articles: Vec<RawDoc>, options: &SummaryOptions) -> String {
    let engine = Engine::new(EngineOptions::default().summary(options.clone()));
    let (articles, _) = engine.extract(articles);
    let analysis = engine.analyze(articles);
    rouge::first_words(
        &engine.summary_sentences(&analysis).join("\n"),
        options.words,
    )
}

/// A prediction and its scores.
#[derive(Debug, Clone)]
pub struct Scored {
    pub id: String,
    pub summary: String,
    pub rouge: Rouge,
}

/// Summarizes and scores one cluster.
pub fn evaluate_cluster(cluster: Cluster, options: &SummaryOptions) -> Scored {
    let summary = summarize_for_eval(cluster.articles, options);
    score_prediction(&cluster.references, cluster.id, summary, options.words)
}

/// Scores a prediction with both sides cut at `words`, as ROUGE-1.5.5's `-l N`
/// and the peers' `rouge.py --words N --truncate-refs` do.
pub fn score_prediction(
    references: &[String],
    id: String,
    summary: String,
    words: usize,
) -> Scored {
    let references: Vec<String> = references
        .iter()
        .map(|r| rouge::first_words(r, words))
        .collect();
    let summary = rouge::first_words(&summary, words);
    let rouge = rouge::score_multi(&references, &summary);
    Scored { id, summary, rouge }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clusters_with_one_or_several_references_are_read_and_bad_lines_reported() {
        let text = concat!(
            r#"{"id": "c1", "articles": [{"title": "", "text": "One."}, {"text": "Two."}], "summary": "S."}"#,
            "\n",
            r#"{"id": 7, "articles": [{"text": "Three."}], "summaries": {"B": "second", "A": "first"}}"#,
            "\n{broken\n",
            r#"{"id": "c3", "articles": []}"#,
            "\n"
        );
        let (clusters, errors) = read_clusters("x.jsonl", text);
        assert_eq!(clusters.len(), 2);
        assert_eq!(clusters[0].articles.len(), 2);
        assert_eq!(clusters[1].id, "7");
        assert_eq!(clusters[1].references, vec!["first", "second"]);
        assert_eq!(errors.len(), 2);
        assert!(errors[0].to_string().starts_with("x.jsonl:3"));
    }

    #[test]
    fn eval_summaries_are_cut_at_exactly_the_budget() {
        let article = |text: &str| RawDoc {
            origin: "a".into(),
            format: crate::model::Format::Text,
            content: text.into(),
            given: Default::default(),
        };
        let text = "The river burst its banks on Monday and flooded the lower town overnight. \
                    Rescue teams evacuated four hundred people from the lower town by boat. \
                    The mayor said the flood defences had failed in two places.";
        let options = SummaryOptions::default().words(20);
        let summary = summarize_for_eval(vec![article(text), article(text)], &options);
        assert_eq!(summary.split_whitespace().count(), 20, "{summary}");
    }
}
