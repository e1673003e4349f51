//! Date resolution measured on sentences annotated by hand.
//!
//! A timeline is only as right as the day each sentence is given, and the same
//! words name different days: "on Tuesday" in a story published on a Monday is
//! the day before yesterday if residents "voted" then and tomorrow if the council
//! "will vote". The format is one English sentence a line, each date expression
//! marked with the day or span it names, `[on Tuesday|2025-02-25]` or
//! `[in March|2025-03-01/2025-03-31]`; a line `@ 2025-03-03` sets the publication
//! day of the lines after it, and lines starting with `#` are comments. A gold
//! date is right when a date Storyline finds overlaps its mark and names the
//! same span.

use chrono::NaiveDate;

use crate::error::Error;
use crate::temporal::find_dates;
use crate::text::Language;

/// A sentence, the day it was published and its marked dates (byte range, first
/// and last day).
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    pub text: String,
    pub published: NaiveDate,
    pub gold: Vec<(usize, usize, NaiveDate, NaiveDate)>,
}

/// How many gold dates were given their span, another span, or none; and how
/// many dates were found where none is marked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateScores {
    pub gold: usize,
    pub right: usize,
    pub wrong: usize,
    pub missed: usize,
    pub unmarked: usize,
}

/// Parses the annotated sentences.
pub fn parse_annotated(origin: &str, text: &str) -> Result<Vec<Sentence>, Error> {
    let malformed = |line: usize, message: String| Error::Malformed {
        origin: format!("{origin}:{line}"),
        format: "date annotation",
        message,
    };
    let day = |line: usize, text: &str| {
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map_err(|_| malformed(line, format!("{text:?} is not a YYYY-MM-DD day")))
    };
    let mut sentences = Vec::new();
    let mut published = None;
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(date) = line.strip_prefix('@') {
            published = Some(day(number, date)?);
            continue;
        }
        let Some(published) = published else {
            return Err(malformed(number, "a sentence before any @ day".into()));
        };
        let (text, marks) = super::marked(line).map_err(|message| malformed(number, message))?;
        let mut gold = Vec::new();
        for (start, end, label) in marks {
            let (first, last) = label.split_once('/').unwrap_or((label, label));
            gold.push((start, end, day(number, first)?, day(number, last)?));
        }
        sentences.push(Sentence {
            text,
            published,
            gold,
        });
    }
    Ok(sentences)
}

/// Scores Storyline's English date resolution on the sentences; each sentence
/// whose dates were not all right is told with what was found.
pub fn score(sentences: &[Sentence]) -> (DateScores, Vec<String>) {
    let mut scores = DateScores::default();
    let mut errors = Vec::new();
    for sentence in sentences {
        let found = find_dates(Language::ENGLISH, &sentence.text, sentence.published);
        let before = scores;
        let mut matched = vec![false; found.len()];
        for &(start, end, first, last) in &sentence.gold {
            scores.gold += 1;
            let overlapping = found.iter().position(|m| m.start < end && start < m.end);
            match overlapping {
                Some(i) => {
                    matched[i] = true;
                    if found[i].span.first == first && found[i].span.last == last {
                        scores.right += 1;
                    } else {
                        scores.wrong += 1;
                    }
                }
                None => scores.missed += 1,
            }
        }
        scores.unmarked += matched.iter().filter(|m| !**m).count();
        if scores.right - before.right != sentence.gold.len() || scores.unmarked != before.unmarked
        {
            let shown: Vec<String> = found
                .iter()
                .map(|m| {
                    format!(
                        "{:?} {}/{}",
                        &sentence.text[m.start..m.end],
                        m.span.first,
                        m.span.last
                    )
                })
                .collect();
            errors.push(format!(
                "{} (published {}): found [{}]",
                sentence.text,
                sentence.published,
                shown.join(", ")
            ));
        }
    }
    (scores, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marked_dates_are_scored_by_span() {
        let text = "# a comment\n@ 2025-03-03\n\
                    Residents voted [on Tuesday|2025-02-25] to keep it.\n\
                    The fair opens [in April|2025-04-01/2025-04-30].\n\
                    It rained.\n";
        let sentences = parse_annotated("t.txt", text).unwrap();
        assert_eq!(sentences.len(), 3);
        assert_eq!(sentences[0].text, "Residents voted on Tuesday to keep it.");
        let (scores, errors) = score(&sentences);
        let expected = DateScores {
            gold: 2,
            right: 2,
            ..DateScores::default()
        };
        assert_eq!((scores, errors.len()), (expected, 0), "{errors:?}");
        // A wrong day, a missed date and an unmarked one are each counted.
        let wrong =
            "@ 2025-03-03\nIt opened [on Friday|2025-03-07]. Talks [soonish|2025-03-04] on 9 May.";
        let (scores, errors) = score(&parse_annotated("t.txt", wrong).unwrap());
        let expected = DateScores {
            gold: 2,
            wrong: 1,
            missed: 1,
            unmarked: 1,
            ..DateScores::default()
        };
        assert_eq!((scores, errors.len()), (expected, 1), "{errors:?}");
    }

    #[test]
    fn malformed_annotations_name_the_line() {
        let no_day = parse_annotated("t.txt", "On [Monday|2025-03-03] it rained.").unwrap_err();
        assert!(no_day.to_string().contains("t.txt:1"), "{no_day}");
        let bad = parse_annotated("t.txt", "@ 2025-03-03\n\n[Monday|March]").unwrap_err();
        assert!(bad.to_string().contains("t.txt:3"), "{bad}");
    }
}
