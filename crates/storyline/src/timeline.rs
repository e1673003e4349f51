//! Timeline: the story's dated events, in order, merged across outlets.
//!
//! Every sentence with a date expression is an event on the most specific date it
//! names, resolved against its article's publication date. Articles that carry no
//! date borrow one from the dated article they most resemble — an undated report
//! of the talks is read as of the day the other reports of the talks appeared —
//! because "on Wednesday" means nothing without a week to be in. Two outlets'
//! sentences on the same date that share content are one entry, which cites
//! those of them that state its claim.

use rustc_hash::FxHashSet;

use chrono::NaiveDate;

use crate::align::{cite, SentenceRef, SentenceSpace};
use crate::model::{Doc, TimelineEntry};
use crate::temporal::{bounds_a_span, find_dates, in_side_clause, is_possessive, DateMention};
use crate::text::Language;

/// What makes a timeline entry. Set by reading the seeds' and `examples/`
/// timelines when the section was built (issue 5, commit d42fd7d), not fitted on a
/// benchmark.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineOptions {
    /// Sentences shorter than this many words are not events.
    pub min_event_words: usize,
    /// Same-date sentences this similar report the same event (a shared date is
    /// itself strong evidence, so the bar is lower than for facts).
    pub same_event: f64,
}

impl Default for TimelineOptions {
    fn default() -> Self {
        TimelineOptions {
            min_event_words: 5,
            same_event: 0.15,
        }
    }
}

/// Each article's reference date: its publication date, or, when it has none, the
/// date of the dated article whose sentences it shares most. `None` when no
/// article of the story is dated.
pub fn reference_dates(docs: &[Doc], space: &SentenceSpace) -> Vec<Option<NaiveDate>> {
    docs.iter()
        .enumerate()
        .map(|(u, doc)| {
            doc.article.date.or_else(|| {
                let closeness = |d: usize| -> f64 {
                    (0..doc.sentences.len())
                        .map(|s| {
                            (0..docs[d].sentences.len())
                                .map(|t| {
                                    space.similarity(
                                        SentenceRef {
                                            doc: u,
                                            sentence: s,
                                        },
                                        SentenceRef {
                                            doc: d,
                                            sentence: t,
                                        },
                                    )
                                })
                                .fold(0.0, f64::max)
                        })
                        .sum()
                };
                (0..docs.len())
                    .filter(|&d| docs[d].article.date.is_some())
                    .map(|d| (closeness(d), d))
                    .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
                    .and_then(|(_, d)| docs[d].article.date)
            })
        })
        .collect()
}

/// Day, week, month, year, longer: how specific a date expression is.
fn granularity(mention: &DateMention) -> u8 {
    match (mention.span.last - mention.span.first).num_days() {
        0 => 0,
        1..=6 => 1,
        7..=30 => 2,
        31..=365 => 3,
        _ => 4,
    }
}

/// The date a sentence's news happened on, read against its article's date
/// `published`: its most specific date expression, leaving out the bounds of a
/// span ("since 1987", "until August") and the dates of side clauses and
/// quotations (see [`in_side_clause`]); a possessive ("Wednesday's talks") only
/// names another event and yields to any other expression.
pub fn event_date(language: Language, text: &str, published: NaiveDate) -> Option<DateMention> {
    find_dates(language, text, published)
        .into_iter()
        .filter(|m| !bounds_a_span(language, text, m) && !in_side_clause(language, text, m))
        .min_by_key(|m| (is_possessive(text, m), granularity(m), m.start))
}

/// A possessive date names the day of another event ("last week's surge"); the
/// article itself often gives that day outright ("the storm surge on
/// Thursday"), and "last week" read against a Sunday paper is a guess. So a
/// possessive mention of sentence `s` takes the plain day (not after
/// publication) that another sentence of its article gives the same event: the
/// noun after the possessive, with the day at most
/// [`MAX_WORDS_TO_EVENT_DAY`] words from it ("reopened on Thursday, three days
/// after the derailment" dates the reopening, not the derailment). Without one
/// it stays as it is.
const MAX_WORDS_TO_EVENT_DAY: usize = 3;

fn anchored(doc: &Doc, s: usize, mention: DateMention, published: NaiveDate) -> DateMention {
    let sentence = &doc.sentences[s];
    let text = doc.sentence_text(sentence);
    if !is_possessive(text, &mention) {
        return mention;
    }
    let Some(event) = sentence
        .tokens
        .iter()
        .find(|t| t.start >= sentence.start + mention.end && !t.stopword)
    else {
        return mention;
    };
    let day = doc
        .sentences
        .iter()
        .enumerate()
        .filter(|(other, _)| *other != s)
        .find_map(|(_, o)| {
            let other = doc.sentence_text(o);
            // Where the event is named in it, as byte offsets in its text.
            let named: Vec<usize> = o
                .tokens
                .iter()
                .filter(|t| t.stem == event.stem)
                .map(|t| t.start - o.start)
                .collect();
            find_dates(doc.language, other, published)
                .into_iter()
                .find(|m| {
                    let words_between = |from: usize, to: usize| {
                        other
                            .get(from.min(to)..from.max(to))
                            .map_or(usize::MAX, |gap| gap.split_whitespace().count())
                    };
                    granularity(m) == 0
                        && m.span.last <= published
                        && !is_possessive(other, m)
                        && !bounds_a_span(doc.language, other, m)
                        && named
                            .iter()
                            .any(|&at| words_between(at, m.start) <= MAX_WORDS_TO_EVENT_DAY)
                })
        });
    match day {
        Some(day) => DateMention {
            span: day.span,
            ..mention
        },
        None => mention,
    }
}

/// Per article, per sentence: when its news happened ([`event_date`], a
/// possessive anchored on its article's own day for the event), read against
/// the article's reference date; None without one. Read once per briefing:
/// the summary, "since", the support of its lines and the timeline all ask.
pub fn news_dates(docs: &[Doc], reference: &[Option<NaiveDate>]) -> Vec<Vec<Option<DateMention>>> {
    docs.iter()
        .zip(reference)
        .map(|(doc, published)| {
            (0..doc.sentences.len())
                .map(|s| {
                    let published = (*published)?;
                    let text = doc.sentence_text(&doc.sentences[s]);
                    event_date(doc.language, text, published)
                        .map(|mention| anchored(doc, s, mention, published))
                })
                .collect()
        })
        .collect()
}

/// One event of the timeline: sentences of different articles, on one date,
/// that share content. The first member tells it.
struct Event {
    mention: DateMention,
    members: Vec<SentenceRef>,
}

/// The story's dated events in date order, from the sentences `current`
/// accepts. An event told by a plan is told by the report of what happened,
/// once one comes: the talks "will take place on 20 October", then "were held
/// on Wednesday".
fn events(
    docs: &[Doc],
    space: &SentenceSpace,
    dates: &[Vec<Option<DateMention>>],
    current: &dyn Fn(SentenceRef) -> bool,
    options: &TimelineOptions,
) -> Vec<Event> {
    let mut dated: Vec<(DateMention, SentenceRef)> = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        for (s, sentence) in doc.sentences.iter().enumerate() {
            let at = SentenceRef {
                doc: d,
                sentence: s,
            };
            if sentence.heading || sentence.words < options.min_event_words || !current(at) {
                continue;
            }
            if let Some(mention) = &dates[d][s] {
                dated.push((mention.clone(), at));
            }
        }
    }
    dated.sort_by_key(|(m, at)| (m.span, *at));

    let text = |at: SentenceRef| docs[at.doc].sentence_text(&docs[at.doc].sentences[at.sentence]);
    let mut events: Vec<Event> = Vec::new();
    for (mention, at) in dated {
        let same = events.iter_mut().find(|event| {
            event.mention.span == mention.span
                && if event.members.iter().any(|m| m.doc == at.doc) {
                    // An article that tells the day twice is one event's
                    // once, unless its sentence is a copy of the event's own
                    // (the same sentence printed by another report).
                    crate::dedup::copies(text(event.members[0]), text(at))
                } else {
                    event
                        .members
                        .iter()
                        .any(|&m| space.similarity(m, at) >= options.same_event)
                }
        });
        match same {
            Some(event)
                if space.tells_what_will_happen(event.members[0])
                    && !space.tells_what_will_happen(at) =>
            {
                event.members.insert(0, at);
                event.mention = mention;
            }
            Some(event) => event.members.push(at),
            None => events.push(Event {
                mention,
                members: vec![at],
            }),
        }
    }
    events
}

/// The story's dated events in date order, from the sentences `current` accepts
/// (a briefing leaves out the plans a later report has overtaken). `dates` are
/// the sentences' [`news_dates`]. An entry cites those of its event's
/// sentences that state its own sentence's claim (what every line of a
/// briefing cites, [`SentenceSpace::claim_similarity`]): the plan an outcome
/// overtook ("schools will reopen on Wednesday" for "pupils went back on
/// Wednesday") and another claim about the same day ("talks broke up on
/// Thursday" for "the mediator will chair Thursday's talks") are of its
/// event, not cited for it.
pub fn timeline(
    docs: &[Doc],
    space: &SentenceSpace,
    dates: &[Vec<Option<DateMention>>],
    current: &dyn Fn(SentenceRef) -> bool,
    options: &TimelineOptions,
) -> Vec<TimelineEntry> {
    events(docs, space, dates, current, options)
        .into_iter()
        .map(|event| {
            // The entry's own sentence first, then those stating its claim.
            let own = event.members[0];
            let mut cited_docs = FxHashSet::default();
            let citations: Vec<_> = event
                .members
                .iter()
                .filter(|&&m| m == own || space.claim_similarity(own, m) >= space.same_claim())
                .filter(|m| cited_docs.insert(m.doc))
                .map(|&m| cite(docs, m))
                .collect();
            let text = citations[0].text.clone();
            TimelineEntry {
                date: event.mention.span,
                expression: text[event.mention.start..event.mention.end].to_string(),
                text,
                citations,
                told_in: None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::SentenceSpace;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 3, d).unwrap()
    }

    #[test]
    fn the_bound_of_a_span_is_not_when_the_news_happened() {
        let text =
            "The surge was the highest in Port Calder since 1987, forecasters said on Friday.";
        let mention = event_date(Language::ENGLISH, text, day(16)).unwrap();
        assert_eq!(&text[mention.start..mention.end], "on Friday");
        assert!(event_date(Language::ENGLISH, "Prices have risen since 1987.", day(16)).is_none());
    }

    /// The timeline of one article of Sunday 16 March 2025.
    fn sunday_timeline(text: &str) -> Vec<TimelineEntry> {
        let article = crate::model::Article {
            date: Some(day(16)),
            ..crate::testing::article(Some("Harbour Wire"), text)
        };
        let docs = vec![crate::analyze::Analyzer::default().analyze(article)];
        let space = SentenceSpace::new(&docs);
        timeline(
            &docs,
            &space,
            &news_dates(&docs, &[Some(day(16))]),
            &|_| true,
            &TimelineOptions::default(),
        )
    }

    /// Issue 14: a timeline entry cites only the sentences that state its
    /// claim. The plan its outcome overtook shares the day and words, but
    /// does not state what happened; a restatement does.
    #[test]
    fn an_entry_cites_what_states_its_claim_not_the_plan_it_overtook() {
        let report = |outlet: &str, d: u32, text: &str| {
            let article = crate::model::Article {
                date: Some(day(d)),
                ..crate::testing::article(Some(outlet), text)
            };
            crate::analyze::Analyzer::default().analyze(article)
        };
        let docs = vec![
            report(
                "Harbour Wire",
                10,
                "Schools in the eastern districts will reopen on Wednesday after closing for two days.",
            ),
            report(
                "Calder Post",
                13,
                "Pupils in the eastern districts went back to their classrooms on Wednesday morning.",
            ),
            report(
                "Evening Star",
                13,
                "Pupils in the eastern districts went back to their classrooms on Wednesday.",
            ),
        ];
        let space = SentenceSpace::new(&docs);
        let reference: Vec<_> = docs.iter().map(|d| d.article.date).collect();
        let entries = timeline(
            &docs,
            &space,
            &news_dates(&docs, &reference),
            &|_| true,
            &TimelineOptions::default(),
        );
        assert_eq!(entries.len(), 1, "{entries:?}");
        let entry = &entries[0];
        assert!(entry.text.starts_with("Pupils"), "{}", entry.text);
        let cited: Vec<usize> = entry.citations.iter().map(|c| c.source).collect();
        assert_eq!(cited, [2, 3], "{:?}", entry.citations);
    }

    /// Issue 14, one fact in one place: a report that tells the day twice
    /// (the crowds at the pier, then the divers' finding) has its copy of
    /// another report's sentence in that sentence's entry, not in an entry of
    /// its own.
    #[test]
    fn one_sentence_of_one_day_is_one_entry() {
        let report = |outlet: &str, text: &str| {
            let article = crate::model::Article {
                date: Some(day(14)),
                ..crate::testing::article(Some(outlet), text)
            };
            crate::analyze::Analyzer::default().analyze(article)
        };
        let finding =
            "Divers inspected the damaged pier on Thursday and found its foundations intact.";
        let docs = vec![
            report("Harbour Wire", finding),
            report(
                "Calder Post",
                &format!("Crowds gathered at the damaged pier on Thursday to watch the divers. {finding}"),
            ),
        ];
        let space = SentenceSpace::new(&docs);
        let entries = timeline(
            &docs,
            &space,
            &news_dates(&docs, &[Some(day(14)), Some(day(14))]),
            &|_| true,
            &TimelineOptions::default(),
        );
        let finding_entries: Vec<_> = entries.iter().filter(|e| e.text == finding).collect();
        assert_eq!(finding_entries.len(), 1, "{entries:#?}");
        let cited: Vec<usize> = finding_entries[0]
            .citations
            .iter()
            .map(|c| c.source)
            .collect();
        assert_eq!(cited, [1, 2], "{entries:#?}");
    }

    /// Issue 14: "last week's surge", in a Sunday paper, was dated the week
    /// before the surge the same article puts on Thursday.
    #[test]
    fn a_possessive_date_takes_the_day_its_article_gives_the_event() {
        let entries = sunday_timeline(
            "The storm surge on Thursday destroyed part of the harbour wall. \
             The weather service said last week's surge was the highest in a generation.",
        );
        let highest = entries
            .iter()
            .find(|e| e.text.contains("highest"))
            .expect("the record is dated");
        assert_eq!((highest.date.first, highest.date.last), (day(13), day(13)));
        assert_eq!(highest.expression, "last week");

        // A day given to another event of the sentence does not anchor it.
        let entries = sunday_timeline(
            "The line reopened on Sunday morning, three days after the derailment. \
             Inspectors said a broken rail caused Thursday's derailment near the bridge.",
        );
        let cause = entries
            .iter()
            .find(|e| e.text.contains("broken rail"))
            .expect("the cause is dated");
        assert_eq!((cause.date.first, cause.date.last), (day(13), day(13)));
    }
}
