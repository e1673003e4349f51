//! Direct quotations and who said them.
//!
//! A quotation is text between quotation marks of at least four words (shorter
//! ones are scare quotes: “cargo”, “material”). Its speaker is found the way a
//! reader finds it: a person named next to a speech verb in the same sentence
//! ("…,” Lavrov said), else a pronoun or a description there ("he told
//! journalists", "Russia’s top diplomat urged") resolved to the person named last
//! before it in the article; a sentence that is nothing but a quotation continues
//! the previous speaker. Outlets carrying the same quotation are merged into one;
//! when they credit it to different people, that is a conflict.

use std::collections::BTreeSet;

use crate::entities::Mention;
use crate::model::{Citation, Conflict, ConflictKind, ConflictSide, Doc, EntityKind, Quote};
use crate::text::is_speech_verb;

/// Quotations shorter than this many words are scare quotes, not statements.
const MIN_QUOTE_WORDS: usize = 4;

/// Finds the quotations of a story, and the ones outlets credit to different
/// people. `mentions` are the story's entity mentions and `canonical` maps a
/// mention's text to its entity's name.
pub fn quotes(
    docs: &[Doc],
    mentions: &[Mention],
    canonical: &dyn Fn(&str) -> Option<String>,
) -> (Vec<Quote>, Vec<Conflict>) {
    let mut found: Vec<(String, Option<String>, Citation)> = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        let people: Vec<&Mention> = mentions
            .iter()
            .filter(|m| m.doc == d && m.kind == Some(EntityKind::Person))
            .collect();
        let mut previous_speaker: Option<String> = None;
        for (s, sentence) in doc.sentences.iter().enumerate() {
            let text = doc.sentence_text(sentence);
            let spans = quoted_spans(text);
            let Some(&(q_start, q_end)) = spans.iter().find(|(a, b)| is_quotation(&text[*a..*b]))
            else {
                if spans.is_empty() {
                    previous_speaker = None;
                }
                continue;
            };
            let outside: String = format!("{} {}", &text[..q_start], &text[q_end..]);
            let verb = outside
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| is_speech_verb(&w.to_lowercase()));
            let in_sentence = |m: &&&Mention| {
                m.sentence == s && {
                    let offset = m.start - sentence.start;
                    offset < q_start || offset >= q_end
                }
            };
            let named = people.iter().filter(in_sentence).min_by_key(|m| {
                let offset = m.start - sentence.start;
                offset.abs_diff(q_end).min(offset.abs_diff(q_start))
            });
            let speaker = match (named, verb) {
                (Some(m), true) => canonical(&m.text),
                (None, true) => people
                    .iter()
                    .filter(|m| {
                        m.sentence < s || (m.sentence == s && m.start - sentence.start < q_start)
                    })
                    .max_by_key(|m| m.start)
                    .and_then(|m| canonical(&m.text)),
                // A sentence that is all quotation continues the last speaker.
                (_, false) if !outside.chars().any(char::is_alphanumeric) => {
                    previous_speaker.clone()
                }
                _ => None,
            };
            previous_speaker = speaker.clone();
            let quoted = text[q_start..q_end]
                .trim()
                .trim_end_matches([',', ' '])
                .to_string();
            found.push((
                quoted,
                speaker,
                Citation {
                    source: d + 1,
                    sentence: s,
                    start: sentence.start,
                    end: sentence.end,
                    text: text.to_string(),
                },
            ));
        }
    }
    let merged = merge(found);
    let conflicts = merged.iter().filter_map(speaker_conflict).collect();
    (
        merged.into_iter().map(|(_, quote)| quote).collect(),
        conflicts,
    )
}

/// The same quotation credited to different people by different articles.
fn speaker_conflict((attributions, quote): &(Vec<Option<String>>, Quote)) -> Option<Conflict> {
    let mut sides: Vec<ConflictSide> = Vec::new();
    for (speaker, citation) in attributions.iter().zip(&quote.citations) {
        let Some(speaker) = speaker else { continue };
        match sides.iter_mut().find(|side| &side.value == speaker) {
            Some(side) => side.citations.push(citation.clone()),
            None => sides.push(ConflictSide {
                value: speaker.clone(),
                citations: vec![citation.clone()],
            }),
        }
    }
    (sides.len() > 1).then(|| {
        let opening: Vec<&str> = quote.text.split_whitespace().take(8).collect();
        Conflict {
            about: format!("who said “{}…”", opening.join(" ")),
            kind: ConflictKind::Speaker,
            sides,
        }
    })
}

/// Long enough to be a statement, and not a name in quotation marks ("Moscow
/// Format on Afghanistan").
fn is_quotation(quoted: &str) -> bool {
    let words: Vec<&str> = quoted.split_whitespace().collect();
    let capitalised = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    words.len() >= MIN_QUOTE_WORDS && capitalised * 2 < words.len()
}

/// Byte ranges (inside the marks) of the quoted passages of a sentence. A closing
/// mark without an opening one quotes from the start of the sentence, as when an
/// outlet's quotation spans two sentences.
fn quoted_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut open: Option<usize> = None;
    let mut straight_open = false;
    for (i, c) in text.char_indices() {
        match c {
            '“' => open = Some(i + c.len_utf8()),
            '”' => {
                spans.push((open.take().unwrap_or(0), i));
            }
            '"' => {
                if straight_open {
                    spans.push((open.take().unwrap_or(0), i));
                } else {
                    open = Some(i + 1);
                }
                straight_open = !straight_open;
            }
            _ => {}
        }
    }
    spans
}

/// Merges the same quotation carried by several articles (same words, or one a
/// part of the other), keeping each article's attribution beside its citation.
fn merge(found: Vec<(String, Option<String>, Citation)>) -> Vec<(Vec<Option<String>>, Quote)> {
    let mut quotes: Vec<(BTreeSet<String>, Vec<Option<String>>, Quote)> = Vec::new();
    for (text, speaker, citation) in found {
        let words = word_set(&text);
        let existing = quotes.iter_mut().find(|(other, _, quote)| {
            let shared = words.intersection(other).count();
            shared * 10 >= words.len().min(other.len()) * 8
                && !quote.citations.iter().any(|c| c.source == citation.source)
        });
        match existing {
            Some((_, attributions, quote)) => {
                if quote.speaker.is_none() {
                    quote.speaker = speaker.clone();
                }
                attributions.push(speaker);
                quote.citations.push(citation);
            }
            None => quotes.push((
                words,
                vec![speaker.clone()],
                Quote {
                    text,
                    speaker,
                    citations: vec![citation],
                },
            )),
        }
    }
    quotes.into_iter().map(|(_, a, q)| (a, q)).collect()
}

fn word_set(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities;
    use crate::testing::doc;

    fn story_quotes(texts: &[&str]) -> (Vec<Quote>, Vec<Conflict>) {
        let docs: Vec<Doc> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| doc(Some(&format!("Outlet {i}")), t))
            .collect();
        let mentions = entities::mentions(&docs);
        let found = entities::entities(&docs, &mentions);
        let names = entities::canonical_names(&found);
        quotes(&docs, &mentions, &|m| names.get(&entities::key(m)).cloned())
    }

    #[test]
    fn one_quotation_credited_to_two_people_is_a_conflict() {
        let (quotes, conflicts) = story_quotes(&[
            "Mayor Ana Ruiz opened the bridge on Monday. “This bridge joins two halves of one city,” Ruiz said.",
            "Governor Tomas Berg opened the bridge on Monday. “This bridge joins two halves of one city,” Berg said.",
        ]);
        assert_eq!(quotes.len(), 1);
        assert_eq!(conflicts.len(), 1, "{conflicts:#?}");
        let speakers: Vec<&str> = conflicts[0]
            .sides
            .iter()
            .map(|s| s.value.as_str())
            .collect();
        assert_eq!(speakers, vec!["Ana Ruiz", "Tomas Berg"]);
    }

    #[test]
    fn one_quotation_credited_to_one_person_is_not() {
        let (quotes, conflicts) = story_quotes(&[
            "Mayor Ana Ruiz opened the bridge on Monday. “This bridge joins two halves of one city,” Ruiz said.",
            "“This bridge joins two halves of one city,” said Mayor Ana Ruiz at the opening on Monday.",
        ]);
        assert_eq!(quotes[0].citations.len(), 2);
        assert!(conflicts.is_empty(), "{conflicts:#?}");
    }

    #[test]
    fn quoted_spans_handle_curly_straight_and_unopened_marks() {
        let text = "“We are satisfied,” Lavrov said.";
        let spans = quoted_spans(text);
        assert_eq!(&text[spans[0].0..spans[0].1], "We are satisfied,");
        let text =
            "\"This is being worked out,\" he told journalists, saying \"cargo\" was collected.";
        let spans = quoted_spans(text);
        assert_eq!(spans.len(), 2);
        assert_eq!(&text[spans[1].0..spans[1].1], "cargo");
        let text = "The recognition is not being discussed,” Lavrov said.";
        assert_eq!(quoted_spans(text)[0].0, 0);
    }
}
