//! Brief: a story's analysed articles → a sourced [`Briefing`].
//!
//! The briefing is assembled from the other stages' answers: the summarizer chooses
//! the statements, alignment finds every article that makes each statement, and this
//! module turns sentence positions into citations that quote the source verbatim, so
//! that a reader can check every line against the article it came from.

use std::collections::HashSet;

use crate::align::{SentenceRef, SentenceSpace};
use crate::model::{Briefing, Citation, Doc, Source, SummaryPoint};
use crate::summarize::{self, SummaryOptions};

/// Builds the briefing for one story. `docs` are the story's articles in source order.
pub fn brief(docs: &[Doc], options: &SummaryOptions) -> Briefing {
    let space = SentenceSpace::new(docs);
    let chosen = summarize::select(docs, &space, options);
    let summary = chosen
        .into_iter()
        .map(|at| {
            let mut citations = vec![citation(docs, at)];
            citations.extend(
                space
                    .supporting(at)
                    .into_iter()
                    .map(|(other, _)| citation(docs, other)),
            );
            SummaryPoint {
                text: citations[0].text.clone(),
                citations,
            }
        })
        .collect();
    let sources: Vec<Source> = docs
        .iter()
        .enumerate()
        .map(|(i, doc)| {
            let article = &doc.article;
            Source {
                number: i + 1,
                title: article.title.clone(),
                outlet: article.outlet.clone(),
                author: article.author.clone(),
                date: article.date,
                url: article.url.clone(),
                origin: article.origin.clone(),
                words: article.text.split_whitespace().count(),
            }
        })
        .collect();
    Briefing {
        headline: headline(docs),
        first_date: docs.iter().filter_map(|d| d.article.date).min(),
        last_date: docs.iter().filter_map(|d| d.article.date).max(),
        word_budget: options.words,
        summary,
        sources,
    }
}

fn citation(docs: &[Doc], at: SentenceRef) -> Citation {
    let doc = &docs[at.doc];
    let sentence = &doc.sentences[at.sentence];
    Citation {
        source: at.doc + 1,
        sentence: at.sentence,
        start: sentence.start,
        end: sentence.end,
        text: doc.sentence_text(sentence).to_string(),
    }
}

/// The most representative title: the one whose words the other articles use most.
/// Titles cut short ("…") lose to whole ones; ties go to the earliest source.
fn headline(docs: &[Doc]) -> String {
    let vocabularies: Vec<HashSet<&str>> = docs
        .iter()
        .map(|d| d.sentences.iter().flat_map(|s| s.content_stems()).collect())
        .collect();
    let analyzer = crate::analyze::Analyzer::default();
    let mut best: Option<(f64, &str)> = None;
    for (i, doc) in docs.iter().enumerate() {
        let title = doc.article.title.as_str();
        let stems: HashSet<String> = analyzer
            .tokens(title, 0, title.len())
            .into_iter()
            .filter(|t| !t.stopword)
            .map(|t| t.stem)
            .collect();
        if stems.is_empty() {
            continue;
        }
        let shared: usize = stems
            .iter()
            .map(|stem| {
                vocabularies
                    .iter()
                    .enumerate()
                    .filter(|(j, v)| *j != i && v.contains(stem.as_str()))
                    .count()
            })
            .sum();
        let mut score = shared as f64 / stems.len() as f64;
        if title.ends_with('…') {
            score *= 0.5;
        }
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, title));
        }
    }
    best.map(|(_, t)| t.to_string())
        .unwrap_or_else(|| "Untitled story".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::Analyzer;
    use crate::model::Article;

    fn doc(title: &str, text: &str) -> Doc {
        Analyzer::default().analyze(Article {
            origin: format!("{title}.txt"),
            title: title.into(),
            url: None,
            outlet: None,
            author: None,
            date: None,
            text: text.into(),
            headings: Vec::new(),
        })
    }

    #[test]
    fn briefing_cites_every_article_stating_a_point_and_picks_a_representative_headline() {
        let docs = vec![
            doc(
                "Our correspondent writes",
                "The city council approved the new tram line on Tuesday after a three-hour debate. Construction will start in June.",
            ),
            doc(
                "Council approves tram line",
                "Councillors approved the new tram line on Tuesday, ending a year of debate. The line will cost 120 million euros.",
            ),
            doc(
                "Tram line approved by council",
                "The new tram line was approved by the city council on Tuesday. Opponents said the tram line was too expensive.",
            ),
        ];
        let briefing = brief(&docs, &SummaryOptions::default().words(40));
        assert_ne!(briefing.headline, "Our correspondent writes");
        let tram = briefing
            .summary
            .iter()
            .find(|p| p.text.contains("approved"))
            .expect("the approval is summarised");
        let mut sources: Vec<usize> = tram.citations.iter().map(|c| c.source).collect();
        sources.sort_unstable();
        assert_eq!(sources, vec![1, 2, 3], "{tram:#?}");
        assert!(briefing.summary_words() <= 40);
        assert_eq!(briefing.sources.len(), 3);
    }
}
