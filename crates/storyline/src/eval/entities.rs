//! Entity recognition measured on text annotated by hand.
//!
//! The annotation format is plain text with mentions in brackets,
//! `[Sergei Lavrov|PER]`, `[Moscow|LOC]`, `[Taliban|ORG]`; blank lines separate
//! articles, and lines starting with `#` are comments. All articles form one story,
//! as in a briefing. A predicted mention counts when its span and kind are exactly
//! the gold ones; the kind is the one of the entity it was merged into, which is
//! what a reader of the briefing sees.

use std::collections::HashSet;

use crate::analyze::Analyzer;
use crate::entities;
use crate::error::Error;
use crate::model::{Article, Doc, EntityKind};

/// Mention-level scores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EntityScores {
    pub gold: usize,
    pub predicted: usize,
    /// Same span and same kind.
    pub correct: usize,
    /// Same span, any kind.
    pub span_correct: usize,
}

impl EntityScores {
    pub fn precision(&self) -> f64 {
        self.correct as f64 / self.predicted.max(1) as f64
    }
    pub fn recall(&self) -> f64 {
        self.correct as f64 / self.gold.max(1) as f64
    }
    pub fn f1(&self) -> f64 {
        super::f1(self.precision(), self.recall())
    }
}

type Span = (usize, usize, usize, EntityKind);

/// Parses annotated text into articles and gold mentions (doc, start, end, kind).
pub fn parse_annotated(origin: &str, text: &str) -> Result<(Vec<Doc>, Vec<Span>), Error> {
    let analyzer = Analyzer::default();
    let mut docs = Vec::new();
    let mut gold = Vec::new();
    let blocks = text.split("\n\n").map(|block| {
        block
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n")
    });
    for block in blocks.filter(|b| !b.trim().is_empty()) {
        let (plain, marks) =
            super::marked(&block).map_err(|message| malformed(origin, &message))?;
        for (start, end, kind) in marks {
            let kind = match kind {
                "PER" => EntityKind::Person,
                "LOC" => EntityKind::Place,
                "ORG" => EntityKind::Organisation,
                other => return Err(malformed(origin, &format!("unknown kind {other}"))),
            };
            gold.push((docs.len(), start, end, kind));
        }
        // One sentence a line: lines become paragraphs.
        let text = plain
            .lines()
            .map(str::trim_start)
            .collect::<Vec<_>>()
            .join("\n\n");
        // Offsets shift where lines were joined and indentation dropped.
        let shift = |offset: usize| -> usize {
            let before = &plain[..offset];
            let newlines = before.matches('\n').count();
            let trimmed: usize = plain[..offset]
                .split('\n')
                .map(|line| line.len() - line.trim_start().len())
                .sum();
            offset + newlines - trimmed
        };
        let doc_index = docs.len();
        for span in gold.iter_mut().filter(|g| g.0 == doc_index) {
            *span = (span.0, shift(span.1), shift(span.2), span.3);
        }
        docs.push(analyzer.analyze(Article {
            origin: format!("{origin}#{}", doc_index + 1),
            ..Article::from_text("", &text)
        }));
    }
    Ok((docs, gold))
}

fn malformed(origin: &str, message: &str) -> Error {
    Error::Malformed {
        origin: origin.to_string(),
        format: "entity annotation",
        message: message.to_string(),
    }
}

/// Predicted mentions of a story: span and the kind of the entity each joined.
pub fn predict(docs: &[Doc]) -> Vec<Span> {
    let mentions = entities::mentions(docs);
    let found = entities::entities(docs, &mentions);
    let kinds: std::collections::HashMap<String, EntityKind> = found
        .iter()
        .flat_map(|e| {
            std::iter::once(&e.name)
                .chain(&e.aliases)
                .map(move |n| (entities::key(n), e.kind))
        })
        .collect();
    mentions
        .iter()
        .filter_map(|m| {
            let kind = kinds.get(&entities::key(&m.text))?;
            // Possessive endings are outside gold spans.
            let text = &docs[m.doc].article.text[m.start..m.end];
            let end = m.end
                - if text.ends_with("'s") || text.ends_with("’s") {
                    text.len() - text.trim_end_matches("'s").trim_end_matches("’s").len()
                } else {
                    0
                };
            Some((m.doc, m.start, end, *kind))
        })
        .collect()
}

/// Scores predictions against gold mentions.
pub fn score(gold: &[Span], predicted: &[Span]) -> EntityScores {
    let gold_set: HashSet<&Span> = gold.iter().collect();
    let gold_spans: HashSet<(usize, usize, usize)> = gold.iter().map(|g| (g.0, g.1, g.2)).collect();
    EntityScores {
        gold: gold.len(),
        predicted: predicted.len(),
        correct: predicted.iter().filter(|p| gold_set.contains(p)).count(),
        span_correct: predicted
            .iter()
            .filter(|p| gold_spans.contains(&(p.0, p.1, p.2)))
            .count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotations_map_to_offsets_in_the_plain_text() {
        let (docs, gold) = parse_annotated(
            "t",
            "# comment\n[Ana Kovac|PER] flew to [Brussels|LOC].\n  She met the [EU|ORG].",
        )
        .unwrap();
        let text = &docs[0].article.text;
        let names: Vec<&str> = gold.iter().map(|g| &text[g.1..g.2]).collect();
        assert_eq!(names, vec!["Ana Kovac", "Brussels", "EU"]);
        assert!(parse_annotated("t", "[Broken|XYZ] text").is_err());
    }

    #[test]
    fn scores_count_exact_span_and_kind() {
        let gold = vec![
            (0, 0, 5, EntityKind::Person),
            (0, 10, 15, EntityKind::Place),
        ];
        let predicted = vec![
            (0, 0, 5, EntityKind::Person),
            (0, 10, 15, EntityKind::Organisation),
            (0, 20, 25, EntityKind::Place),
        ];
        let s = score(&gold, &predicted);
        assert_eq!((s.correct, s.span_correct), (1, 2));
        assert!((s.precision() - 1.0 / 3.0).abs() < 1e-9 && (s.recall() - 0.5).abs() < 1e-9);
    }
}
