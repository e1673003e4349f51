//! Facts across outlets: what many report, what few report, where they disagree.
//!
//! A *fact* is a group of sentences, at most one per article, that state the same
//! thing (see [`crate::align`]); its support is the number of distinct outlets in
//! it, so that two copies of one wire story count once. Facts with little support
//! are the *perspectives*: the details a reader of one article would miss, ranked
//! by how much specific information they carry (names, numbers, dates). *Conflicts*
//! are numbers given for the same thing with different values — the same counted
//! noun in sentences that otherwise say the same thing — unless the sentence with
//! the newer value also cites the older one ("less than his first estimate of 4.5
//! million" updates, it does not contradict).

use std::collections::BTreeMap;

use compact_str::CompactString;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::align::{cite, numbers, SentenceRef, SentenceSpace};
use crate::entities::Mention;
use crate::model::{Citation, Conflict, ConflictKind, ConflictSide, Doc, Perspective};
use crate::temporal::bounds_a_span;

/// Sentences shorter than this many words state no fact of their own.
/// How facts, perspectives and conflicts are found and ranked. The values were
/// set by reading the briefings of the seeds and `examples/` when each section
/// was built (issue 5, commits d42fd7d and 18046bb), not fitted on a benchmark;
/// the faithfulness audit of issue 14 is where they are to be measured.
#[derive(Debug, Clone, PartialEq)]
pub struct FactOptions {
    /// Sentences shorter than this many words are not statements.
    pub min_fact_words: usize,
    /// Conflicting sentences must share this many content words besides the number.
    pub min_shared_context: usize,
    /// Two reports of one count differ by less than this factor (the larger value
    /// over the smaller): "1,200" and "1,400 residents evacuated" is a
    /// disagreement, "10" and "612 people killed" two counts of two things. Set
    /// by reading ECB+'s figure disagreements; measured on the Multi-News
    /// clusters, read blind (`docs/benchmarks.md`, Disagreements).
    pub max_figure_ratio: f64,
    /// Perspectives listed per briefing.
    pub max_perspectives: usize,
    /// Aligned sentences this similar report the same event; below it, two dates
    /// in them may belong to two events ("the UN warned Wednesday", "Kabulov said
    /// Thursday"). Set on the unit cases of `date_conflicts` (both ways).
    pub same_event_for_dates: f64,
    /// How a perspective is ranked: names + `figure_weight` × figures +
    /// min(words, `word_cap`) / `words_per_point` + 1 / (1 + position /
    /// `lead_decay`).
    pub figure_weight: f64,
    pub word_cap: f64,
    pub words_per_point: f64,
    pub lead_decay: f64,
}

impl Default for FactOptions {
    fn default() -> Self {
        FactOptions {
            min_fact_words: 5,
            min_shared_context: 2,
            max_figure_ratio: 1.5,
            max_perspectives: 12,
            same_event_for_dates: 0.45,
            figure_weight: 1.5,
            word_cap: 30.0,
            words_per_point: 15.0,
            lead_decay: 5.0,
        }
    }
}

/// Who speaks for each article: its outlet, or the article itself when the outlet
/// is unknown — and for copies of one text (a wire story run by several outlets),
/// the first copy's voice, so that syndication does not pass for corroboration.
/// Articles with one key are one voice. `copies` are the dedup stage's groups.
pub fn voices(docs: &[Doc], copies: &[Vec<usize>]) -> Vec<String> {
    let own: Vec<String> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| match &d.article.outlet {
            Some(outlet) => outlet.to_lowercase(),
            None => format!("#{i}"),
        })
        .collect();
    let mut voices = own.clone();
    for group in copies {
        for &member in group {
            voices[member] = own[group[0]].clone();
        }
    }
    voices
}

/// Distinct voices among some articles.
pub fn support(members: &[SentenceRef], voices: &[String]) -> usize {
    members
        .iter()
        .map(|m| &voices[m.doc])
        .collect::<HashSet<_>>()
        .len()
}

fn is_statement(docs: &[Doc], at: SentenceRef, options: &FactOptions) -> bool {
    let doc = &docs[at.doc];
    let sentence = &doc.sentences[at.sentence];
    !sentence.heading && sentence.words >= options.min_fact_words
}

/// Groups sentences into facts: most similar pairs first, a group never taking a
/// second sentence from an article it already has. Every statement is in exactly
/// one fact; facts are returned in article, then position order.
pub fn facts(docs: &[Doc], space: &SentenceSpace, options: &FactOptions) -> Vec<Vec<SentenceRef>> {
    let statements: Vec<SentenceRef> = docs
        .iter()
        .enumerate()
        .flat_map(|(doc, d)| {
            (0..d.sentences.len()).map(move |sentence| SentenceRef { doc, sentence })
        })
        .filter(|&at| is_statement(docs, at, options))
        .collect();
    let index: HashMap<SentenceRef, usize> = statements
        .iter()
        .enumerate()
        .map(|(i, &at)| (at, i))
        .collect();
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (i, &a) in statements.iter().enumerate() {
        for &(b, similarity) in space.claims(a) {
            if let Some(&j) = index.get(&b).filter(|&&j| j > i) {
                pairs.push((similarity, i, j));
            }
        }
    }
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    let mut group: Vec<usize> = (0..statements.len()).collect();
    let mut members: Vec<Vec<usize>> = (0..statements.len()).map(|i| vec![i]).collect();
    // Each group's articles, kept up to date as groups merge (the smaller into
    // the larger), so a merge costs the smaller group's size, not the larger's.
    let mut docs_of: Vec<HashSet<usize>> = statements
        .iter()
        .map(|s| HashSet::from_iter([s.doc]))
        .collect();
    for (_, i, j) in pairs {
        let (mut gi, mut gj) = (group[i], group[j]);
        if gi == gj {
            continue;
        }
        if members[gi].len() < members[gj].len() {
            std::mem::swap(&mut gi, &mut gj);
        }
        if docs_of[gj].iter().any(|doc| docs_of[gi].contains(doc)) {
            continue;
        }
        let moved = std::mem::take(&mut members[gj]);
        for &k in &moved {
            group[k] = gi;
        }
        members[gi].extend(moved);
        let moved_docs = std::mem::take(&mut docs_of[gj]);
        docs_of[gi].extend(moved_docs);
    }
    let mut facts: Vec<Vec<SentenceRef>> = members
        .into_iter()
        .filter(|m| !m.is_empty())
        .map(|m| {
            let mut refs: Vec<SentenceRef> = m.into_iter().map(|k| statements[k]).collect();
            refs.sort();
            refs
        })
        .collect();
    facts.sort();
    facts
}

/// The facts few outlets report, most informative first. One fact, one place: a
/// fact is left out when one of its sentences is about the same thing as a
/// sentence `said` holds (what the briefing's other lines cite, or what later
/// news overtakes) or as one of a perspective ranked above it: "about the same
/// thing" is the summarizer's test of two points too alike to both be chosen
/// ([`SentenceSpace::same_content`]), so that a detail told in other words
/// ("Eleven of the train's 24 wagons left the tracks" after "Eleven wagons of a
/// Castor Rail freight train came off the rails …") is not told twice, once as
/// what only some report. `said` is checked as such too: a sentence with no
/// content feature is about nothing, even the same as itself.
pub fn perspectives(
    docs: &[Doc],
    space: &SentenceSpace,
    facts: &[Vec<SentenceRef>],
    voices: &[String],
    mentions: &[Mention],
    said: &HashSet<SentenceRef>,
    options: &FactOptions,
) -> Vec<Perspective> {
    let all_voices: HashSet<&String> = voices.iter().collect();
    let few = (all_voices.len() / 3).max(1);
    if all_voices.len() < 2 {
        return Vec::new();
    }
    let mut names_in: BTreeMap<SentenceRef, HashSet<&str>> = BTreeMap::new();
    for m in mentions.iter().filter(|m| m.kind.is_some()) {
        names_in
            .entry(SentenceRef {
                doc: m.doc,
                sentence: m.sentence,
            })
            .or_default()
            .insert(m.text.as_str());
    }
    let mut ranked: Vec<(f64, &Vec<SentenceRef>)> = facts
        .iter()
        .filter(|fact| support(fact, voices) <= few)
        // A detail told only in capitals is a transcript's or a banner's line,
        // one in the first person outside quotation marks someone's speech
        // whose marks are elsewhere, and a post embedded in the page its
        // author's words (`Doc::speaks_unmarked`).
        .filter(|fact| {
            let (doc, lead) = (&docs[fact[0].doc], fact[0].sentence);
            !doc.in_capitals(&doc.sentences[lead]) && !doc.speaks_unmarked(&doc.sentences[lead])
        })
        .map(|fact| {
            let lead = fact[0];
            let sentence = &docs[lead.doc].sentences[lead.sentence];
            let names = names_in.get(&lead).map_or(0, HashSet::len) as f64;
            let figures = numbers(&sentence.tokens).len() as f64;
            let words = sentence.words as f64;
            let lead_bonus = 1.0 / (1.0 + sentence.position as f64 / options.lead_decay);
            let score = names
                + options.figure_weight * figures
                + words.min(options.word_cap) / options.words_per_point
                + lead_bonus;
            (score, fact)
        })
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let mut chosen: Vec<&Vec<SentenceRef>> = Vec::new();
    for (_, fact) in ranked {
        if chosen.len() == options.max_perspectives {
            break;
        }
        let repeats = |at: &SentenceRef| {
            said.contains(at)
                || said
                    .iter()
                    .chain(chosen.iter().copied().flatten())
                    .any(|&other| space.similarity(*at, other) >= space.same_content())
        };
        if !fact.iter().any(repeats) {
            chosen.push(fact);
        }
    }
    chosen
        .into_iter()
        .map(|fact| {
            let citations: Vec<Citation> = fact.iter().map(|&at| cite(docs, at)).collect();
            Perspective {
                text: citations[0].text.clone(),
                reported_by: support(fact, voices),
                citations,
            }
        })
        .collect()
}

/// Numbers given for the same counted thing with different values, by different
/// voices reporting the same event (`events`: each document's), no article
/// giving two of them.
pub fn conflicts(
    docs: &[Doc],
    voices: &[String],
    events: &[usize],
    options: &FactOptions,
) -> Vec<Conflict> {
    // Every quantity: (qualifier stem, value, where, content stems of its sentence).
    struct Quantity<'a> {
        qualifier: CompactString,
        value: CompactString,
        amount: f64,
        shown: &'a str,
        at: SentenceRef,
        context: HashSet<&'a str>,
        values_in_sentence: HashSet<CompactString>,
    }
    let mut quantities: Vec<Quantity> = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        for (s, sentence) in doc.sentences.iter().enumerate() {
            let found = numbers(&sentence.tokens);
            let values_in_sentence: HashSet<CompactString> =
                found.iter().map(|(v, _, _)| v.clone()).collect();
            for (value, qualifier, at) in found {
                let token = &sentence.tokens[at];
                let Some(qualifier) = qualifier else { continue };
                let Some(amount) = amount(&value) else {
                    continue;
                };
                if is_year(&value) || qualifier_is_calendar(&qualifier) {
                    continue;
                }
                quantities.push(Quantity {
                    amount,
                    context: sentence
                        .content_stems()
                        .filter(|stem| *stem != qualifier)
                        .collect(),
                    qualifier,
                    shown: &doc.article.text[token.start..token.end],
                    value,
                    at: SentenceRef {
                        doc: d,
                        sentence: s,
                    },
                    values_in_sentence: values_in_sentence.clone(),
                });
            }
        }
    }
    // Group by qualifier; a conflict needs two voices with different values whose
    // sentences share context, neither echoing the other's value.
    let mut by_qualifier: BTreeMap<&str, Vec<&Quantity>> = BTreeMap::new();
    for q in &quantities {
        by_qualifier
            .entry(q.qualifier.as_str())
            .or_default()
            .push(q);
    }
    let mut conflicts = Vec::new();
    for (qualifier, list) in by_qualifier {
        let mut disagreeing: Vec<(&Quantity, &Quantity)> = Vec::new();
        for (i, a) in list.iter().enumerate() {
            for b in &list[i + 1..] {
                let comparable = a.amount != b.amount
                    && a.amount.max(b.amount) < options.max_figure_ratio * a.amount.min(b.amount)
                    && voices[a.at.doc] != voices[b.at.doc]
                    && events.get(a.at.doc) == events.get(b.at.doc)
                    && a.context.intersection(&b.context).count() >= options.min_shared_context
                    && !a.values_in_sentence.contains(&b.value)
                    && !b.values_in_sentence.contains(&a.value);
                if comparable {
                    disagreeing.push((a, b));
                }
            }
        }
        if disagreeing.is_empty() {
            continue;
        }
        // Sides, smallest amount first: the quantities that disagree, and those
        // giving one of their amounts for the same thing (sharing its context).
        let members: Vec<&Quantity> = list
            .iter()
            .copied()
            .filter(|q| {
                disagreeing.iter().flat_map(|(a, b)| [a, b]).any(|part| {
                    q.amount == part.amount
                        && q.context.intersection(&part.context).count()
                            >= options.min_shared_context
                })
            })
            .collect();
        // An article that gives two of the amounts is counting two things
        // ("6 wins" this season and "9 wins" the last), not disagreeing with
        // itself: the qualifier does not name one count.
        let one_article_gives_two = members.iter().enumerate().any(|(i, a)| {
            members[i + 1..]
                .iter()
                .any(|b| a.at.doc == b.at.doc && a.amount != b.amount)
        });
        if one_article_gives_two {
            continue;
        }
        let mut sides: Vec<(f64, ConflictSide)> = Vec::new();
        for q in members {
            let citations =
                &mut ConflictSide::of(&mut sides, q.amount, || q.shown.to_string()).citations;
            if !citations
                .iter()
                .any(|c| c.source == q.at.doc + 1 && c.sentence == q.at.sentence)
            {
                citations.push(cite(docs, q.at));
            }
        }
        sides.sort_by(|(a, _), (b, _)| a.total_cmp(b));
        let about = list
            .iter()
            .find_map(|q| {
                let doc = &docs[q.at.doc];
                let sentence = &doc.sentences[q.at.sentence];
                sentence
                    .tokens
                    .iter()
                    .find(|t| t.stem == qualifier && !t.stopword)
                    .map(|t| doc.article.text[t.start..t.end].to_string())
            })
            .unwrap_or_else(|| qualifier.to_string());
        conflicts.push(Conflict {
            about,
            kind: ConflictKind::Number,
            sides: sides.into_iter().map(|(_, side)| side).collect(),
        });
    }
    conflicts
}

/// The same event given different days by different outlets: sentences of one fact,
/// very similar, from articles on the same event (`events`), each naming exactly
/// one day, the days differing, neither sentence naming the other's day, and
/// neither one's words giving the other's day in another article.
pub fn date_conflicts(
    docs: &[Doc],
    space: &SentenceSpace,
    facts: &[Vec<SentenceRef>],
    voices: &[String],
    events: &[usize],
    reference: &[Option<chrono::NaiveDate>],
    options: &FactOptions,
) -> Vec<Conflict> {
    let day_of = |at: SentenceRef| -> Option<(chrono::NaiveDate, String)> {
        let published = reference[at.doc]?;
        let doc = &docs[at.doc];
        let text = doc.sentence_text(&doc.sentences[at.sentence]);
        // A day that bounds a span ("until May 9", "since Monday") is not when
        // the stated thing happened.
        let mentions: Vec<_> = crate::temporal::find_dates(doc.language, text, published)
            .into_iter()
            .filter(|m| !bounds_a_span(doc.language, text, m))
            .collect();
        let days: Vec<chrono::NaiveDate> = mentions
            .iter()
            .filter(|m| m.span.first == m.span.last)
            .map(|m| m.span.first)
            .collect();
        let [day] = days[..] else { return None };
        let shown = mentions.iter().find(|m| m.span.first == day)?;
        Some((day, text[shown.start..shown.end].to_string()))
    };
    let mut conflicts = Vec::new();
    for fact in facts.iter().filter(|f| f.len() > 1) {
        let dated: Vec<(SentenceRef, (chrono::NaiveDate, String))> = fact
            .iter()
            .filter_map(|&at| day_of(at).map(|d| (at, d)))
            .collect();
        // Words that give one day in one article and another day in another
        // ("on Friday" in two copies of a wire story, one stamped the day
        // before) differ by the articles' publication dates, not by what the
        // outlets say: a pair disagrees only when each one's words give its
        // day alone.
        let given: HashSet<(chrono::NaiveDate, String)> = dated
            .iter()
            .map(|(_, (day, words))| (*day, words.to_lowercase()))
            .collect();
        let gives =
            |shown: &str, day: chrono::NaiveDate| given.contains(&(day, shown.to_lowercase()));
        let disagree = dated.iter().enumerate().any(|(i, (a, (day_a, shown_a)))| {
            dated[i + 1..].iter().any(|(b, (day_b, shown_b))| {
                day_a != day_b
                    && !gives(shown_a, *day_b)
                    && !gives(shown_b, *day_a)
                    && voices[a.doc] != voices[b.doc]
                    && events.get(a.doc) == events.get(b.doc)
                    && space.similarity(*a, *b) >= options.same_event_for_dates
            })
        });
        if !disagree {
            continue;
        }
        let mut sides: Vec<(chrono::NaiveDate, ConflictSide)> = Vec::new();
        for (at, (day, shown)) in &dated {
            ConflictSide::of(&mut sides, *day, || {
                format!("{} ({shown})", day.format("%-d %B %Y"))
            })
            .citations
            .push(cite(docs, *at));
        }
        sides.sort_by_key(|(d, _)| *d);
        let first = &docs[fact[0].doc];
        let opening: Vec<&str> = first
            .sentence_text(&first.sentences[fact[0].sentence])
            .split_whitespace()
            .take(8)
            .collect();
        conflicts.push(Conflict {
            about: format!("when: “{}…”", opening.join(" ")),
            kind: ConflictKind::Date,
            sides: sides.into_iter().map(|(_, side)| side).collect(),
        });
    }
    conflicts
}

/// A number as an amount, when it is one: digits with thousands commas and a
/// decimal point ("1,200", "53.23"). Ordinals, versions and models ("10th",
/// "IE8", "9600M", "2.4GHz") name things rather than count them.
fn amount(value: &str) -> Option<f64> {
    let plain = value.replace(',', "");
    let digits = plain.trim_end_matches('.');
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    digits.parse().ok()
}

fn is_year(value: &str) -> bool {
    value.len() == 4
        && value
            .parse::<u32>()
            .is_ok_and(|y| (1800..=2100).contains(&y))
}

fn qualifier_is_calendar(stem: &str) -> bool {
    crate::text::month_number(stem).is_some()
        || matches!(
            stem,
            "year" | "month" | "week" | "day" | "hour" | "minut" | "percent" | "time" | "am" | "pm"
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    fn doc(outlet: &str, text: &str) -> Doc {
        testing::doc(Some(outlet), text)
    }

    fn copies(docs: &[Doc]) -> Vec<Vec<usize>> {
        crate::dedup::copy_groups(docs.iter().map(|d| &d.article))
    }

    /// The figure disagreements of articles all reporting one event.
    fn conflicts_in_one_event(docs: &[Doc]) -> Vec<Conflict> {
        let events = vec![0; docs.len()];
        conflicts(
            docs,
            &voices(docs, &copies(docs)),
            &events,
            &FactOptions::default(),
        )
    }

    #[test]
    fn different_counts_of_the_same_thing_conflict() {
        let docs = vec![
            doc("A", "At least 12 people were killed when the ferry capsized off the northern coast on Sunday."),
            doc("B", "The ferry capsized off the northern coast on Sunday, killing 15 people, the coastguard said."),
            doc("C", "Rescuers said 12 people died after the ferry capsized near the northern coast."),
        ];
        let voices = voices(&docs, &copies(&docs));
        let found = conflicts(&docs, &voices, &[0, 0, 0], &FactOptions::default());
        assert_eq!(found.len(), 1, "{found:#?}");
        let values: Vec<&str> = found[0].sides.iter().map(|s| s.value.as_str()).collect();
        assert_eq!(values, vec!["12", "15"]);
        assert_eq!(found[0].about, "people");
        assert_eq!(found[0].sides[0].citations.len(), 2);
        // Reports of two events of a storyline (the capsizing, a later inquiry)
        // giving other counts are news, not a disagreement.
        let apart = conflicts(&docs, &voices, &[0, 1, 0], &FactOptions::default());
        assert!(apart.is_empty(), "{apart:#?}");
    }

    #[test]
    fn different_numbers_about_different_things_do_not_conflict() {
        let docs = vec![
            doc("A", "At least 12 people were killed when the ferry capsized off the northern coast on Sunday."),
            doc("B", "The ferry capsized off the northern coast on Sunday and 15 passengers were injured."),
            doc("C", "The ferry, built in 1998, carried 40 cars and capsized near the coast in 2024."),
            doc("D", "Officials first counted 12 dead; the toll was later revised to 14 people as the ferry search went on off the northern coast."),
        ];
        let found = conflicts_in_one_event(&docs);
        assert!(found.is_empty(), "{found:#?}");
    }

    #[test]
    fn an_article_giving_two_of_the_amounts_counts_two_things() {
        let town = "Rescuers said 40 people were injured in the town after the storm on Monday.";
        let city = "Rescuers said 50 people were injured in the city after the storm on Monday.";
        let region =
            "Rescuers said 45 people were injured in the region after the storm on Monday.";
        // A gives 40 and 50 for two places: B's 45 counts a third, not one of A's.
        let found =
            conflicts_in_one_event(&[doc("A", &format!("{town} {city}")), doc("B", region)]);
        assert!(found.is_empty(), "{found:#?}");
        // Each giving one amount, they disagree.
        let found = conflicts_in_one_event(&[doc("A", town), doc("B", region)]);
        assert_eq!(found.len(), 1, "{found:#?}");
    }

    #[test]
    fn only_amounts_of_one_magnitude_disagree() {
        let docs = vec![
            doc("A", "About 1,200 residents of the harbour district were evacuated overnight, the city said."),
            doc("B", "More than 1,400 residents of the harbour district were evacuated, officials said."),
            doc("C", "All 4,000 residents of the harbour district were told to leave before they were evacuated."),
            doc("D", "The 11th Doctor was played by Matt Smith in the long-running series."),
            doc("E", "The 12th Doctor was played by Peter Capaldi in the long-running series."),
        ];
        let found = conflicts_in_one_event(&docs);
        // The district's population is not a third count of the evacuated, and
        // ordinals name the Doctors rather than count them.
        assert_eq!(found.len(), 1, "{found:#?}");
        let values: Vec<&str> = found[0].sides.iter().map(|s| s.value.as_str()).collect();
        assert_eq!(values, vec!["1,200", "1,400"]);
    }

    #[test]
    fn the_same_event_on_different_days_conflicts_and_different_events_do_not() {
        let day = chrono::NaiveDate::from_ymd_opt(2024, 5, 10);
        let check_published = |texts: [&str; 2], published: [Option<chrono::NaiveDate>; 2]| {
            let docs: Vec<Doc> = texts
                .iter()
                .enumerate()
                .map(|(i, t)| doc(&format!("Outlet {i}"), t))
                .collect();
            let space = SentenceSpace::new(&docs);
            let options = FactOptions::default();
            let facts = facts(&docs, &space, &options);
            date_conflicts(
                &docs,
                &space,
                &facts,
                &voices(&docs, &copies(&docs)),
                &[0, 0],
                &published,
                &options,
            )
        };
        let check = |texts| check_published(texts, [day, day]);
        let found = check([
            "The new bridge over the Arle river opened to traffic on May 6, the transport ministry said.",
            "The new bridge over the Arle river opened to traffic on May 7, the transport ministry said.",
        ]);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].sides[0].value, "6 May 2024 (May 6)");
        let apart = check([
            "The transport ministry said on Thursday that the new bridge over the Arle river would open soon.",
            "A ministry engineer warned on Wednesday that the new bridge over the Arle river had a crack.",
        ]);
        assert!(apart.is_empty(), "{apart:#?}");
        // A day that bounds a span ("until", "since") is not the day of the event.
        let bounded = check([
            "The town closed its water intake on the Arle river on May 6, the water board said.",
            "The town closed its water intake on the Arle river until May 9, the water board said.",
        ]);
        assert!(bounded.is_empty(), "{bounded:#?}");
        // The same words in copies dated a day apart (a wire story, one copy
        // stamped the day before) are no disagreement of the outlets.
        let stamped = check_published(
            [
                "On Friday, the health ministry reported 16,797 new cases across the country.",
                "On Friday, the health ministry reported 16,797 new cases, most without symptoms.",
            ],
            [day, day.and_then(|d| d.pred_opt())],
        );
        assert!(stamped.is_empty(), "{stamped:#?}");
    }

    #[test]
    fn facts_take_one_sentence_per_article_and_count_outlets_once() {
        let docs = vec![
            doc("Wire", "The central bank raised its main interest rate to 4.5 percent on Thursday."),
            doc("Wire", "The central bank raised its main interest rate to 4.5 percent on Thursday."),
            doc("Daily", "On Thursday the central bank lifted its main rate to 4.5 percent, the highest in a decade."),
        ];
        let space = SentenceSpace::new(&docs);
        let facts = facts(&docs, &space, &FactOptions::default());
        assert_eq!(facts.len(), 1, "{facts:?}");
        assert_eq!(facts[0].len(), 3);
        assert_eq!(support(&facts[0], &voices(&docs, &copies(&docs))), 2);
    }
}
