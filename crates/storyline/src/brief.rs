//! Brief: a story's analysed articles → a sourced [`Briefing`].
//!
//! The briefing is assembled from the other stages' answers: the summarizer chooses
//! the statements, alignment finds every article that makes each statement, facts
//! say what few outlets report and where numbers disagree, entities, quotations and
//! dates are read off the sentences. This module only puts them together, turning
//! sentence positions into citations that quote the source verbatim, so that a
//! reader can check every line against the article it came from.

use compact_str::CompactString;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use chrono::NaiveDate;

use crate::align::{cite, cited, AlignOptions, SentenceRef, SentenceSpace};
use crate::entities;
use crate::facts::{self, support, voices, FactOptions};
use crate::model::{
    Briefing, BriefingSection, Citation, Development, Doc, LineRef, Perspective, Source,
    SummaryPoint, TimelineEntry,
};
use crate::quotes;
use crate::summarize::{self, Preferences, SummaryOptions};
use crate::temporal::DateMention;
use crate::timeline::{self, TimelineOptions};

/// How a briefing is put together around its summary: every section's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct BriefOptions {
    pub summary: SummaryOptions,
    pub align: AlignOptions,
    pub facts: FactOptions,
    pub timeline: TimelineOptions,
    /// Word budget of the "what later articles add" section (set with the
    /// section, issue 5, commit d42fd7d, by reading the seeds' briefing).
    pub development_words: usize,
    /// A title cut short ("…") scores this share of a whole one as the headline
    /// (set in the first version, by reading the seeds' titles).
    pub truncated_title_weight: f64,
    /// A sentence whose news happened more than this many days before the
    /// story's first report is background ("the group seized power in
    /// August", in a story of October): the summary tells it only when nothing
    /// newer fills the budget, as issue 14 asks ("no sentence whose date lies
    /// well before the story's span unless nothing newer covers it"). A week,
    /// so that what a first report calls "last week" is still the story's news:
    /// set as that principle, not tuned. No corpus with reference summaries
    /// has dates (Multi-News has none, so its ROUGE does not move); its effect
    /// was read on the 15 ECB+ and Ground News briefings whose summary it
    /// changes (docs/benchmarks.md).
    pub background_days: i64,
}

impl Default for BriefOptions {
    fn default() -> Self {
        BriefOptions {
            summary: SummaryOptions::default(),
            align: AlignOptions::default(),
            facts: FactOptions::default(),
            timeline: TimelineOptions::default(),
            development_words: 60,
            truncated_title_weight: 0.5,
            background_days: 7,
        }
    }
}

/// Builds the briefing for one story. `docs` are the story's articles in source
/// order; `copies` are their copy groups from the dedup stage; `events` each
/// one's event within the story (figures and days are compared within an event
/// only: a later event's are news, not a disagreement); `space` their
/// sentences, built with `options.align`.
pub fn brief(
    docs: &[Doc],
    copies: &[Vec<usize>],
    events: &[usize],
    space: &SentenceSpace,
    options: &BriefOptions,
) -> Briefing {
    let story = Reading::new(docs, copies, space, &options.summary);
    let current = |at: SentenceRef| story.current(at);
    let background = |at: SentenceRef| {
        story.first_report.is_some_and(|first| {
            story
                .news_day(at)
                .is_some_and(|last| (first - last).num_days() > options.background_days)
        })
    };
    let different_news = |a: SentenceRef, b: SentenceRef| story.tell_different_news(a, b);
    // A report's lead tells its event, whatever later reports revise of the
    // figures it gives ("ran aground … with 212 passengers on board"): the
    // summary may choose it, and its line points to the revision. Another
    // sentence whose figure is revised tells mostly the figure, and a plan's
    // outcome replaces the plan.
    let summarisable = |at: SentenceRef| current(at) || (is_lead(at) && story.revised_figure(at));
    let day_leads =
        story.day_leads(|at| summarisable(at) && !background(at) && !story.outdated(at));
    let chosen = summarize::select_preferring(
        docs,
        space,
        &story.candidates,
        &options.summary,
        &Preferences {
            eligible: &summarisable,
            rank: &|at| story.summary_rank(at, background(at), &day_leads),
            different_news: &different_news,
        },
    );
    let mut summary: Vec<SummaryPoint> = chosen.iter().map(|&at| story.point(at)).collect();
    // What the summary tells: every sentence its points cite.
    let summarised: HashSet<SentenceRef> = summary
        .iter()
        .flat_map(|p| p.citations.iter().map(cited))
        .collect();

    let facts = facts::facts(docs, space, &options.facts);
    let mentions = entities::mentions(docs);
    let entities = entities::entities(docs, &mentions);
    let names = entities::Names::new(&entities);
    let (quotes, speaker_conflicts) = quotes::quotes(docs, &mentions, &names);
    let Reading {
        voices,
        reference,
        superseded,
        ..
    } = &story;
    let mut conflicts = facts::conflicts(docs, voices, events, &options.facts);
    conflicts.extend(facts::date_conflicts(
        docs,
        space,
        &facts,
        voices,
        events,
        reference,
        &options.facts,
    ));
    conflicts.extend(speaker_conflicts);
    let development = development(&story, &summarised, options);
    // Perspectives leave out what the summary and the development already say
    // (every sentence they cite, and what is about the same thing), what
    // later news overtakes and what time has overtaken (`outdated`).
    let mut said = summarised;
    said.extend(superseded.keys());
    said.extend(story.outdated.iter().copied());
    for point in development.iter().flat_map(|d| &d.points) {
        said.extend(point.citations.iter().map(cited));
    }
    let perspectives = facts::perspectives(
        docs,
        space,
        &facts,
        voices,
        &mentions,
        &said,
        &options.facts,
    );
    let told = lines_telling(&summary, development.as_ref(), &perspectives);
    for (point, &at) in summary.iter_mut().zip(&chosen) {
        point.revised_in = story.revision_told(at, &told);
    }
    let mut timeline = timeline::timeline(docs, space, &story.dates, &current, &options.timeline);
    point_to_lines(&mut timeline, &told);

    Briefing {
        headline: headline(docs, options.truncated_title_weight),
        first_date: docs.iter().filter_map(|d| d.article.date).min(),
        last_date: docs.iter().filter_map(|d| d.article.date).max(),
        word_budget: options.summary.words,
        summary,
        perspectives,
        conflicts,
        quotes,
        timeline,
        development,
        entities,
        sources: sources(docs),
        omitted_articles: 0,
        events: Vec::new(),
    }
}

/// One fact, one place: a timeline entry whose own sentence (the one it
/// quotes; the others only share its date and some words) a line of the
/// summary, "since" or the perspectives cites (`told`: [`lines_telling`])
/// points to the first such line instead of telling its news again.
fn point_to_lines(timeline: &mut [TimelineEntry], told: &HashMap<SentenceRef, LineRef>) {
    for entry in timeline {
        entry.told_in = entry
            .citations
            .first()
            .and_then(|own| told.get(&cited(own)).copied());
    }
}

/// Every sentence the summary, "since" and the perspectives cite, with the
/// first line that cites it.
fn lines_telling(
    summary: &[SummaryPoint],
    development: Option<&Development>,
    perspectives: &[Perspective],
) -> HashMap<SentenceRef, LineRef> {
    let mut told: HashMap<SentenceRef, LineRef> = HashMap::default();
    let mut record = |section: BriefingSection, lines: Vec<&[Citation]>| {
        for (i, citations) in lines.into_iter().enumerate() {
            for citation in citations {
                told.entry(cited(citation)).or_insert(LineRef {
                    section,
                    number: i + 1,
                });
            }
        }
    };
    record(
        BriefingSection::Summary,
        summary.iter().map(|p| p.citations.as_slice()).collect(),
    );
    record(
        BriefingSection::Since,
        development
            .iter()
            .flat_map(|d| &d.points)
            .map(|p| p.citations.as_slice())
            .collect(),
    );
    record(
        BriefingSection::Perspectives,
        perspectives
            .iter()
            .map(|p| p.citations.as_slice())
            .collect(),
    );
    told
}

/// Whether a sentence is its report's lead, the first: by news writing's
/// convention, the report's news.
fn is_lead(at: SentenceRef) -> bool {
    at.sentence == 0
}

/// What time has overtaken: the sentences of a report that a later report
/// (one of a later reference date) can tell again as it then stood, so that
/// they are no longer the story's news, whether or not the later report's
/// words are found to tell the same content (issue 14: "updates supersede"):
///
/// - a plan whose day had come when the later report was written ("will
///   reopen on Saturday", and a report of that Saturday or after; the day is
///   the last one the plan's main clause names, read against its article's
///   reference date): the later report can tell what happened ("turns a
///   future into a past");
/// - a question the report left open ("the cause of the fire is not yet
///   known", [`SentenceSpace::leaves_open`]): the later report can tell the
///   answer, or that the question is still open.
fn outdated(
    docs: &[Doc],
    space: &SentenceSpace,
    reference: &[Option<NaiveDate>],
) -> HashSet<SentenceRef> {
    let Some(last_report) = reference.iter().flatten().max() else {
        return HashSet::default();
    };
    let mut outdated = HashSet::default();
    for (doc, article) in docs.iter().enumerate() {
        let Some(own) = reference[doc].filter(|own| own < last_report) else {
            continue;
        };
        for sentence in 0..article.sentences.len() {
            let at = SentenceRef { doc, sentence };
            let day = space
                .plan(at)
                .and_then(|plan| article.article.text.get(plan.clause.clone()))
                .and_then(|clause| {
                    crate::temporal::find_dates(article.language, clause, own)
                        .iter()
                        .map(|mention| mention.span.last)
                        .max()
                });
            if day.is_some_and(|day| day <= *last_report) || space.leaves_open(at) {
                outdated.insert(at);
            }
        }
    }
    outdated
}

/// What every section of a briefing reads off a story: its sentences, the
/// outlet and reference date of each article, the day of each sentence's news
/// and what later news overtakes.
struct Reading<'a> {
    docs: &'a [Doc],
    space: &'a SentenceSpace,
    voices: Vec<String>,
    reference: Vec<Option<NaiveDate>>,
    /// Per article, per sentence: when its news happened
    /// ([`timeline::news_dates`]).
    dates: Vec<Vec<Option<DateMention>>>,
    /// Each overtaken sentence (a plan by its outcome, a figure by its
    /// revision) with its update (see [`SentenceSpace::superseded`]): the later
    /// news tells it.
    superseded: HashMap<SentenceRef, SentenceRef>,
    /// What a later report can tell as it then stood: plans whose day had
    /// come, questions left open ([`outdated`]).
    outdated: HashSet<SentenceRef>,
    /// The earliest reference date: the story's first report.
    first_report: Option<NaiveDate>,
    /// The sentences a summary may choose, for the summary and for "since".
    candidates: summarize::Candidates,
}

impl<'a> Reading<'a> {
    fn new(
        docs: &'a [Doc],
        copies: &[Vec<usize>],
        space: &'a SentenceSpace,
        summary: &SummaryOptions,
    ) -> Reading<'a> {
        let reference = timeline::reference_dates(docs, space);
        Reading {
            docs,
            space,
            voices: voices(docs, copies),
            dates: timeline::news_dates(docs, &reference),
            superseded: space.superseded(&reference),
            outdated: outdated(docs, space, &reference),
            first_report: reference.iter().flatten().min().copied(),
            reference,
            candidates: summarize::Candidates::of(docs, summary),
        }
    }

    /// Whether no later news overtakes a sentence.
    fn current(&self, at: SentenceRef) -> bool {
        !self.superseded.contains_key(&at)
    }

    /// Whether a later report revises a figure of a sentence that is not a
    /// plan (see [`SentenceSpace::superseded`]): the rest of what it tells
    /// still stands.
    fn revised_figure(&self, at: SentenceRef) -> bool {
        self.superseded.contains_key(&at) && !self.space.tells_what_will_happen(at)
    }

    /// Whether a later report can tell a sentence as it then stood
    /// ([`outdated`]).
    fn outdated(&self, at: SentenceRef) -> bool {
        self.outdated.contains(&at)
    }

    /// The articles whose lead tells their day's news: of each reference
    /// date's articles whose lead the summary may tell first (`first`: not
    /// background, not overtaken), the one whose lead it would rank highest by
    /// position alone (the most central; the first on a tie). One a day: many
    /// outlets' leads on one day tell one piece of news in other words, which
    /// shared words do not always show.
    fn day_leads(&self, first: impl Fn(SentenceRef) -> bool) -> HashSet<usize> {
        let mut best_of_day: HashMap<Option<NaiveDate>, (f64, usize)> = HashMap::default();
        for (doc, day) in self.reference.iter().enumerate() {
            let lead = SentenceRef { doc, sentence: 0 };
            let Some(prior) = self.candidates.prior(lead).filter(|_| first(lead)) else {
                continue;
            };
            let best = best_of_day.entry(*day).or_insert((prior, doc));
            if prior > best.0 {
                *best = (prior, doc);
            }
        }
        best_of_day.into_values().map(|(_, doc)| doc).collect()
    }

    /// When the summary chooses a sentence ([`summarize::Preferences::rank`]):
    /// the first reports' day lead ([`Reading::day_leads`]), which tells the
    /// event and which "since" never tells; then each later day's lead, its
    /// news; then the rest; and the `background`, or what time has overtaken,
    /// only when nothing else fills the budget.
    fn summary_rank(&self, at: SentenceRef, background: bool, day_leads: &HashSet<usize>) -> usize {
        if background || self.outdated(at) {
            3
        } else if !is_lead(at) || !day_leads.contains(&at.doc) {
            2
        } else if self.reference[at.doc] == self.first_report {
            0
        } else {
            1
        }
    }

    /// The line telling the update of a sentence a later report overtakes
    /// (following updates that are overtaken in turn), from `told`
    /// ([`lines_telling`]).
    fn revision_told(
        &self,
        at: SentenceRef,
        told: &HashMap<SentenceRef, LineRef>,
    ) -> Option<LineRef> {
        let mut update = *self.superseded.get(&at)?;
        for _ in 0..self.superseded.len() {
            if let Some(&line) = told.get(&update) {
                return Some(line);
            }
            update = *self.superseded.get(&update)?;
        }
        None
    }

    /// The last day of the news a sentence tells; None when it gives no date.
    fn news_day(&self, at: SentenceRef) -> Option<NaiveDate> {
        self.dates[at.doc][at.sentence]
            .as_ref()
            .map(|mention| mention.span.last)
    }

    /// Whether two sentences tell news of different days, one of them after
    /// the story's first report: a later development and the earlier event it
    /// names ("police arrested two men on Tuesday in connection with the
    /// theft", and the theft of Sunday) are two pieces of news, however many
    /// words they share. Two days for one first-day event are not (outlets
    /// that disagree on the day state the same claim; the briefing shows the
    /// disagreement), nor are two days named in the same words: "on
    /// Thursday" or "on April 9" is read against its article's date, and an
    /// article dated a few days off, or written weeks after, reads the same
    /// day as another week's or year's.
    fn tell_different_news(&self, a: SentenceRef, b: SentenceRef) -> bool {
        match (self.news_day(a), self.news_day(b), self.first_report) {
            (Some(day_a), Some(day_b), Some(first)) => {
                day_a != day_b
                    && day_a.max(day_b) > first
                    && self.date_words(a) != self.date_words(b)
            }
            _ => false,
        }
    }

    /// The words a sentence names its news's day in, normalised, from its
    /// first content word ("on Thursday" and "Thursday" are one).
    fn date_words(&self, at: SentenceRef) -> Vec<&str> {
        let Some(mention) = &self.dates[at.doc][at.sentence] else {
            return Vec::new();
        };
        let sentence = &self.docs[at.doc].sentences[at.sentence];
        let (start, end) = (sentence.start + mention.start, sentence.start + mention.end);
        sentence
            .tokens
            .iter()
            .filter(|t| t.start >= start && t.end <= end)
            .skip_while(|t| t.stopword)
            .map(|t| t.norm.as_str())
            .collect()
    }

    /// A summary point: the chosen sentence and every article stating the same.
    /// Neither what later news overtakes (a revised figure is not support for
    /// its revision), nor the revision for the figure it revises, nor news of
    /// another day that names the point's event
    /// supports it: Tuesday's arrest "in connection with the theft" is news of
    /// its own, told in its own line, and the theft of Sunday does not state
    /// the arrest (issue 14: "neither counts as support for the other"). A
    /// day misread costs a citation, never asserts one.
    fn point(&self, at: SentenceRef) -> SummaryPoint {
        let mut members = vec![at];
        members.extend(
            self.space
                .supporting(at)
                .into_iter()
                .map(|(other, _)| other)
                .filter(|&other| {
                    self.current(other)
                        && self.superseded.get(&at) != Some(&other)
                        && !self.tell_different_news(at, other)
                }),
        );
        let citations: Vec<_> = members.iter().map(|&m| cite(self.docs, m)).collect();
        SummaryPoint {
            text: citations[0].text.clone(),
            reported_by: support(&members, &self.voices),
            citations,
            revised_in: None,
        }
    }
}

/// When a story spans several days: the updates of later articles (what
/// overtakes an earlier plan or figure) the summary does not already tell, then
/// the main points of the later articles that the summary does not already
/// say and that none of the first day's articles made (a first-day sentence
/// that names the same event on another day, the theft for the arrest "in
/// connection with the theft", does not make it). What a later article tells
/// of the first day or before is left out. `summarised` holds every sentence
/// the summary cites.
fn development(
    story: &Reading,
    summarised: &HashSet<SentenceRef>,
    options: &BriefOptions,
) -> Option<Development> {
    let (docs, space) = (story.docs, story.space);
    let since = story.first_report?;
    let is_later = |doc: usize| story.reference[doc].is_some_and(|r| r > since);
    // A later article's account of the first day (or before) is not news since.
    let about_since_or_before =
        |at: SentenceRef| story.news_day(at).is_some_and(|day| day <= since);
    let new = |at: SentenceRef| {
        is_later(at.doc)
            && story.current(at)
            && !summarised.contains(&at)
            && !about_since_or_before(at)
            && space
                .supporting(at)
                .iter()
                .all(|&(other, _)| is_later(other.doc) || story.tell_different_news(at, other))
    };
    let mut told: Vec<SentenceRef> = story
        .superseded
        .values()
        .copied()
        .filter(|at| story.current(*at) && !summarised.contains(at))
        .collect();
    told.sort_unstable();
    told.dedup();
    let words = |at: &SentenceRef| docs[at.doc].sentences[at.sentence].words;
    let left = options
        .development_words
        .saturating_sub(told.iter().map(words).sum());
    let options = options.summary.clone().words(left);
    let points: Vec<SummaryPoint> = told
        .iter()
        .copied()
        .chain(summarize::select_preferring(
            docs,
            space,
            &story.candidates,
            &options,
            &Preferences {
                // What time has overtaken is no longer news since.
                eligible: &|at| new(at) && !told.contains(&at) && !story.outdated(at),
                // A later report's lead is its news: the rest of it fills
                // the section only when no lead does.
                rank: &|at| usize::from(!is_lead(at)),
                different_news: &|a, b| story.tell_different_news(a, b),
            },
        ))
        .map(|at| story.point(at))
        .collect();
    (!points.is_empty()).then_some(Development { since, points })
}

fn sources(docs: &[Doc]) -> Vec<Source> {
    docs.iter()
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
                partial: article.partial,
                lang: doc.language.code().to_string(),
            }
        })
        .collect()
}

/// The most representative title: the one whose words the other articles use most.
/// Titles cut short ("…") lose to whole ones; ties go to the earliest source.
fn headline(docs: &[Doc], truncated_title_weight: f64) -> String {
    let vocabularies: Vec<HashSet<&str>> = docs
        .iter()
        .map(|d| d.sentences.iter().flat_map(|s| s.content_stems()).collect())
        .collect();
    let mut best: Option<(f64, &str)> = None;
    for (i, doc) in docs.iter().enumerate() {
        let title = doc.article.title.as_str();
        let stems: HashSet<CompactString> = crate::analyze::tokens(doc.language, title)
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
            score *= truncated_title_weight;
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
    use crate::testing;

    /// The briefing of `docs`, all on one event, with a summary of `words`.
    fn briefing_of(docs: &[Doc], words: usize) -> Briefing {
        let copies = crate::dedup::copy_groups(docs.iter().map(|d| &d.article));
        let options = BriefOptions {
            summary: SummaryOptions::default().words(words),
            ..BriefOptions::default()
        };
        let space = SentenceSpace::with_options(docs, options.align.clone());
        brief(docs, &copies, &vec![0; docs.len()], &space, &options)
    }

    /// The text of each point.
    fn texts<'a>(points: impl IntoIterator<Item = &'a SummaryPoint>) -> Vec<&'a str> {
        points.into_iter().map(|p| p.text.as_str()).collect()
    }

    fn doc(title: &str, text: &str) -> Doc {
        let mut doc = testing::doc(None, text);
        doc.article.title = title.to_string();
        doc
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
        let briefing = briefing_of(&docs, 40);
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

    /// Issue 14: a station's transcript in capitals gave a summary point and
    /// its "only some report" details; a briefing does not shout.
    #[test]
    fn a_briefing_tells_no_line_in_capitals_when_others_tell_the_news() {
        let docs = vec![
            testing::doc(
                Some("Calder Courier"),
                "The harbour bridge was closed on Monday after the storm damaged its deck. Crews said the bridge would stay shut until Friday.",
            ),
            testing::doc(
                Some("Harbour Wire"),
                "The storm damaged the deck of the harbour bridge, which was closed on Monday. The bridge will stay shut until Friday, crews said.",
            ),
            testing::doc(
                Some("Channel Six"),
                "NEW AT SIX, THE HARBOUR BRIDGE IS CLOSED AFTER THE STORM DAMAGED ITS DECK. THE MAYOR WILL ASK THE COUNCIL FOR EMERGENCY FUNDS ON THURSDAY.",
            ),
        ];
        let briefing = briefing_of(&docs, 60);
        let lines: Vec<&str> = texts(&briefing.summary)
            .into_iter()
            .chain(briefing.perspectives.iter().map(|p| p.text.as_str()))
            .collect();
        assert!(!briefing.summary.is_empty());
        assert!(
            lines.iter().all(|l| l.chars().any(char::is_lowercase)),
            "{lines:#?}"
        );
    }

    #[test]
    fn what_only_some_report_tells_one_thing_once() {
        let docs = vec![
            testing::doc(
                Some("Calder Courier"),
                "The city council approved the new tram line on Tuesday after a three-hour debate. The first trams will run on the new line in 2027, the mayor said.",
            ),
            testing::doc(
                Some("Harbour Wire"),
                "Councillors approved the new tram line on Tuesday, ending a year of debate. The mayor has promised the first trams on the new line by 2027.",
            ),
            testing::doc(
                Some("Valley Post"),
                "The new tram line was approved by the city council on Tuesday. Opponents said the tram line would cost far too much.",
            ),
        ];
        let briefing = briefing_of(&docs, 20);
        let told: Vec<&str> = briefing
            .perspectives
            .iter()
            .map(|p| p.text.as_str())
            .collect();
        assert!(told.iter().any(|t| t.contains("Opponents")), "{told:?}");
        assert_eq!(
            told.iter().filter(|t| t.contains("2027")).count(),
            1,
            "{told:?}"
        );
    }

    fn dated(outlet: &str, day: u32, text: &str) -> Doc {
        crate::analyze::Analyzer::default().analyze(crate::model::Article {
            date: NaiveDate::from_ymd_opt(2025, 6, day),
            ..testing::article(Some(outlet), text)
        })
    }

    #[test]
    fn what_later_articles_add_leaves_out_their_accounts_of_the_first_day() {
        let docs = vec![
            dated("Ferry aground", 9, "The ferry Alder Queen ran aground off Skerry Point on Monday with 212 passengers on board. Crossings to Tessel Island were cancelled."),
            dated("Ferry freed", 10, "The ferry struck the reef at Skerry Point on Monday with 230 people on board. Two tugs pulled the Alder Queen off the rocks on Tuesday morning."),
        ];
        let briefing = briefing_of(&docs, 16);
        assert_eq!(briefing.summary.len(), 1, "{:#?}", briefing.summary);
        let since = texts(briefing.since());
        assert!(since.iter().any(|t| t.contains("tugs")), "{since:?}");
        assert!(!since.iter().any(|t| t.contains("struck")), "{since:?}");
        // The timeline points to the lines that tell its entries' news.
        let told_in = |what: &str| {
            briefing
                .timeline
                .iter()
                .find(|e| e.text.contains(what))
                .and_then(|e| e.told_in)
        };
        let line = |section, number| Some(LineRef { section, number });
        assert_eq!(told_in("tugs"), line(BriefingSection::Since, 1));
        assert_eq!(
            told_in(&briefing.summary[0].text),
            line(BriefingSection::Summary, 1)
        );
    }

    /// The sources each line of a briefing's summary and "since" cites, by
    /// the line's first words.
    fn cited_sources(briefing: &Briefing) -> Vec<(String, Vec<usize>)> {
        briefing
            .summary
            .iter()
            .chain(briefing.since())
            .map(|p| {
                let opening: String = p
                    .text
                    .split_whitespace()
                    .take(3)
                    .collect::<Vec<_>>()
                    .join(" ");
                (opening, p.citations.iter().map(|c| c.source).collect())
            })
            .collect()
    }

    /// Issue 14: a later report's lead that names the first day's event ("in
    /// connection with the fire") was taken for support of that event's line,
    /// so its own news was told nowhere.
    #[test]
    fn a_later_development_naming_the_first_event_is_news_of_its_own() {
        let docs = vec![
            dated("Harbour Wire", 9, "A fire destroyed the boathouse of the Calder Rowing Club on Sunday night, the fire service said. The club lost all twelve of its racing boats in the blaze."),
            dated("Calder Courier", 11, "Police arrested a man on Tuesday in connection with the fire that destroyed the boathouse of the Calder Rowing Club. The man was released on bail the same evening."),
        ];
        let lines = cited_sources(&briefing_of(&docs, 40));
        let line = |opening: &str| {
            lines
                .iter()
                .find(|(text, _)| text == opening)
                .map(|(_, sources)| sources.clone())
        };
        // Each is told, and neither cites the other.
        assert_eq!(line("A fire destroyed"), Some(vec![1]), "{lines:?}");
        assert_eq!(line("Police arrested a"), Some(vec![2]), "{lines:?}");

        // One day named in the same words is one day, however its articles'
        // dates read it: "on Sunday" in a report of a week later is the same
        // Sunday's fire, and supports the line.
        let docs = vec![
            dated("Harbour Wire", 9, "A fire destroyed the boathouse of the Calder Rowing Club on Sunday night, the fire service said."),
            dated("Calder Courier", 17, "A fire destroyed the boathouse of the Calder Rowing Club on Sunday night, investigators said."),
        ];
        let mut sources = cited_sources(&briefing_of(&docs, 40))[0].1.clone();
        sources.sort_unstable();
        assert_eq!(sources, vec![1, 2]);
    }

    /// Issue 14: a lead that gives a figure a later report revises still
    /// tells what happened; its line points to the revision.
    #[test]
    fn a_lead_whose_figure_is_revised_is_told_and_points_to_its_revision() {
        let docs = vec![
            dated("Harbour Wire", 9, "The ferry Alder Queen ran aground off Skerry Point on Monday with 212 passengers on board. Crossings to Tessel Island were cancelled for the day."),
            dated("Calder Courier", 10, "Two tugs pulled the Alder Queen off the rocks at Skerry Point on Tuesday morning. The ferry had 230 passengers on board when it ran aground off Skerry Point, Northway Ferries said, correcting its earlier count of 212."),
        ];
        let briefing = briefing_of(&docs, 60);
        let lead = briefing
            .summary
            .iter()
            .find(|p| p.text.contains("212 passengers"))
            .expect("the lead is told");
        let revision = lead.revised_in.expect("it points to its revision");
        let told: Vec<&SummaryPoint> = match revision.section {
            BriefingSection::Summary => briefing.summary.iter().collect(),
            BriefingSection::Since => briefing.since().iter().collect(),
            BriefingSection::Perspectives => panic!("{revision:?}"),
        };
        assert!(
            told[revision.number - 1].text.contains("230 passengers"),
            "{briefing:#?}"
        );
        // Neither cites the other.
        assert_eq!(lead.citations.len(), 1, "{lead:#?}");
        // Both renderings say so, the page with a link.
        let markdown = crate::render::to_markdown(std::slice::from_ref(&briefing));
        assert!(markdown.contains("; later revised: "), "{markdown}");
        let html = crate::render::to_html(std::slice::from_ref(&briefing));
        assert!(
            html.contains("<span class=\"revised\">later revised: <a href=\"#s1-"),
            "{html}"
        );
    }

    /// Asserts that, told with the story's later report, the first report's
    /// `overtaken` line gives way to the later `news` in every section, and
    /// that before the later report it is the summary's news.
    fn gives_way(docs: &[Doc], news: &str, overtaken: &str) {
        let briefing = briefing_of(docs, 26);
        let mut lines = texts(briefing.summary.iter().chain(briefing.since()));
        lines.extend(briefing.perspectives.iter().map(|p| p.text.as_str()));
        assert!(lines.iter().any(|t| t.contains(news)), "{lines:?}");
        assert!(!lines.iter().any(|t| t.contains(overtaken)), "{lines:?}");
        let briefing = briefing_of(&docs[..1], 40);
        assert!(
            briefing.summary.iter().any(|p| p.text.contains(overtaken)),
            "{:#?}",
            briefing.summary
        );
    }

    /// Issue 14: a plan whose day has come by a later report is no longer the
    /// story's news, whether or not the report's words are found to tell its
    /// outcome.
    #[test]
    fn a_plan_whose_day_has_come_gives_way_to_what_happened() {
        // Monday 2 June, and Friday 6 June.
        let docs = vec![
            dated("Harbour Wire", 2, "Dockworkers at the Port of Hallam walked off the job on Monday, halting cargo handling. The two sides will meet again on Thursday with a government mediator."),
            dated("Calder Courier", 6, "The strike at the Port of Hallam dragged on into its fifth day on Friday, with forty ships waiting offshore. Supermarkets in the region said fresh fruit was running short."),
        ];
        gives_way(&docs, "fifth day", "meet again");
    }

    /// Issue 14: a question a report left open ("not yet known") is no longer
    /// the story's news once a later report was written, which answers it or
    /// tells it as still open; the last report's open questions stand.
    #[test]
    fn a_question_left_open_gives_way_to_a_later_report() {
        // Sunday 8 June, and Wednesday 11 June.
        let docs = vec![
            dated("Harbour Wire", 8, "A fire blacked out much of Varnholm on Sunday. The cause of the fire is not yet known."),
            dated("Calder Courier", 11, "A faulty transformer started the fire that blacked out much of Varnholm, the grid regulator said on Wednesday. Power was restored to the last homes in Varnholm on Wednesday."),
        ];
        gives_way(&docs, "transformer", "not yet known");
    }

    /// A later report's lead is its news: "since" tells it before the rest
    /// of that report.
    #[test]
    fn since_tells_each_later_reports_lead_first() {
        let docs = vec![
            dated("Harbour Wire", 9, "A fire destroyed the boathouse of the Calder Rowing Club on Sunday night, the fire service said. The club kept its twelve racing boats in the boathouse."),
            dated("Calder Courier", 11, "Police arrested a man on Tuesday over the fire. Members of the Calder Rowing Club raised money for new racing boats."),
        ];
        let options = BriefOptions {
            development_words: 12,
            ..BriefOptions::default()
        };
        let copies = crate::dedup::copy_groups(docs.iter().map(|d| &d.article));
        let space = SentenceSpace::with_options(&docs, options.align.clone());
        let summary_only_first = BriefOptions {
            summary: SummaryOptions::default().words(20),
            ..options
        };
        let briefing = brief(&docs, &copies, &[0, 0], &space, &summary_only_first);
        assert_eq!(
            texts(briefing.since()),
            ["Police arrested a man on Tuesday over the fire."]
        );
    }

    /// A report's lead is its news, and the first reports' is the event: a
    /// summary tells it before the shorter sentences that would cover as
    /// much for their length ("About 2,000 people spent a second night away
    /// from home", chosen first, kept it out as too alike).
    #[test]
    fn the_summary_tells_the_first_reports_lead_first() {
        let docs = vec![
            dated("Orbeck Herald", 16, "A leak of chlorine gas at the Tandri Chemicals plant in Orbeck forced the evacuation of about 2,000 residents on Monday afternoon, the fire brigade said. Fourteen people were taken to hospital with breathing problems. The plant, which opened in 1964, makes water-treatment chemicals for much of the region."),
            dated("Kessling Post", 17, "About 2,000 people spent a second night away from home. Inspectors began examining the plant's storage tanks at the Tandri Chemicals plant on Tuesday. The chlorine plant makes chemicals for the region."),
        ];
        let summary = briefing_of(&docs, 45).summary;
        assert!(
            texts(&summary)
                .iter()
                .any(|t| t.starts_with("A leak of chlorine gas")),
            "{:?}",
            texts(&summary)
        );
    }

    /// Many outlets' leads on one day tell one piece of news in other words:
    /// the summary puts one of them first each day, the most central report's.
    #[test]
    fn one_lead_a_day_comes_first() {
        let docs = vec![
            dated("Harbour Wire", 9, "Spain sacked coach Luis Enrique on Thursday after the team's World Cup exit. Luis de la Fuente replaces him."),
            dated("Calder Courier", 9, "Luis Enrique will not continue as Spain's coach following the World Cup. The federation thanked him for his work."),
            dated("Valley Post", 10, "Luis de la Fuente said on Friday he was proud to coach Spain. He named his staff."),
        ];
        let copies = crate::dedup::copy_groups(docs.iter().map(|d| &d.article));
        let space = SentenceSpace::new(&docs);
        let story = Reading::new(&docs, &copies, &space, &SummaryOptions::briefing());
        let chosen = story.day_leads(|_| true);
        let mut day_leads: Vec<usize> = chosen.iter().copied().collect();
        day_leads.sort_unstable();
        assert_eq!(day_leads.len(), 2, "{day_leads:?}");
        assert_eq!(day_leads[1], 2);
        let lead_ranks: Vec<usize> = (0..3)
            .map(|doc| story.summary_rank(SentenceRef { doc, sentence: 0 }, false, &chosen))
            .collect();
        assert_eq!(lead_ranks.iter().filter(|&&r| r == 0).count(), 1);
        assert_eq!(lead_ranks[2], 1);
        // A day's lead is one the summary may tell first: of the first day's,
        // the other one when the most central is not.
        let other = story.day_leads(|at| at.doc != day_leads[0]);
        assert!(other.contains(&(1 - day_leads[0])), "{other:?}");
    }

    #[test]
    fn the_summary_tells_background_only_when_nothing_newer_fills_it() {
        // The two reports of 9 and 10 June both recall the 2004 grounding; what
        // happened this week is told by one each.
        let docs = vec![
            dated("Harbour Wire", 9, "The ferry Alder Queen ran aground off Skerry Point on Monday with 212 passengers on board. The Alder Queen last ran aground at Skerry Point in 2004 with no one hurt."),
            dated("Calder Courier", 10, "Two tugs pulled the Alder Queen off the rocks at Skerry Point on Tuesday morning. The Alder Queen last ran aground at Skerry Point in 2004 with no one hurt."),
        ];
        let summary = |words: usize| -> Vec<String> {
            briefing_of(&docs, words)
                .summary
                .into_iter()
                .map(|p| p.text)
                .collect()
        };
        let told = summary(40);
        assert!(!told.iter().any(|t| t.contains("2004")), "{told:?}");
        assert!(
            told.iter().any(|t| t.contains("ran aground off")),
            "{told:?}"
        );
        // With room for everything, the background comes in too.
        let told = summary(120);
        assert!(told.iter().any(|t| t.contains("2004")), "{told:?}");
        // As it does when it is all a story has to tell.
        let background = vec![dated(
            "Harbour Wire",
            9,
            "The Alder Queen last ran aground at Skerry Point in 2004 with no one hurt.",
        )];
        assert_eq!(briefing_of(&background, 40).summary.len(), 1);
    }
}
