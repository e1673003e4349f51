//! Faithfulness: whether a briefing says what its sources say, checked line by line
//! against an annotated audit set.
//!
//! ROUGE rewards a summary for sharing words with a reference; it cannot tell a
//! citation that states the point's claim from one that only shares its words, an
//! update hidden as support for the plan it revises, or a quotation credited to
//! the wrong person. An audit set can: project-written articles (`audit/`) whose
//! every sentence is annotated with the claims it states (its news first), which
//! claims revise which, who speaks each quotation and the day each dated
//! sentence's news happened. A briefing's lines are then judged as a careful
//! fact-checker would judge them:
//!
//! - **citation precision**: of the sentences cited in support of a line (the
//!   summary, "since", what only some report, the timeline), how many state the
//!   line's claim;
//! - **citation recall**: of the sentences in the briefing's sources that state a
//!   line's claim, how many it cites;
//! - **reported by**: whether a line's count of outlets is the number of sources
//!   stating its claim;
//! - **speakers**: whether each quotation is credited to its speaker;
//! - **dates**: whether each timeline entry's date is its news's day;
//! - **stale**: summary and "since" lines stating a claim that a later source
//!   revises, unless the line points to the line telling the revision (it is
//!   then *marked* revised: the rest of what it tells stands);
//! - **updates**: revisions that a reader is told, in the summary or "since"
//!   (or through a later revision of the same claim that is told);
//! - **duplicates**: claims told by more than one line across the sections.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use crate::error::Error;
use crate::model::{Briefing, BriefingSection, Citation, DateSpan, LineRef};

/// An audit story's annotations (`claims.json` beside its articles).
#[derive(Debug, Deserialize)]
pub struct Audit {
    /// Each claim's id and what it says.
    pub claims: BTreeMap<String, String>,
    /// Claims that revise earlier ones: a corrected figure, a plan's outcome.
    #[serde(default)]
    pub revisions: Vec<Revision>,
    pub sentences: Vec<AnnotatedSentence>,
}

#[derive(Debug, Deserialize)]
pub struct Revision {
    pub claim: String,
    pub revises: String,
}

/// One sentence of an audit article, as its reader should take it.
#[derive(Debug, Deserialize)]
pub struct AnnotatedSentence {
    /// The article's id (a JSON record's `id`) or file name.
    pub article: String,
    pub text: String,
    /// The claims it states, its news first.
    pub claims: Vec<String>,
    /// Who speaks, when it is a quotation.
    #[serde(default)]
    pub speaker: Option<String>,
    /// The day its news happened (`YYYY-MM-DD`, `YYYY-MM` for a month,
    /// `YYYY` for a year), or `undated` when its news gives no date of its own
    /// (its only date is a side clause's, "the museum, which opened in 1881,
    /// holds …"), so that a timeline entry dating it is wrong.
    #[serde(default)]
    pub date: Option<String>,
}

impl Audit {
    /// Reads an audit's annotations; every claim a sentence or revision names must
    /// be declared.
    pub fn parse(origin: &str, text: &str) -> Result<Audit, Error> {
        let malformed = |message: String| Error::Malformed {
            origin: origin.to_string(),
            format: "audit annotations",
            message,
        };
        let audit: Audit = serde_json::from_str(text).map_err(|e| malformed(e.to_string()))?;
        let named = audit
            .sentences
            .iter()
            .flat_map(|s| &s.claims)
            .chain(audit.revisions.iter().flat_map(|r| [&r.claim, &r.revises]));
        for claim in named {
            if !audit.claims.contains_key(claim) {
                return Err(malformed(format!("claim {claim:?} is not declared")));
            }
        }
        if let Some(bare) = audit.sentences.iter().find(|s| s.claims.is_empty()) {
            return Err(malformed(format!(
                "sentence {:?} states no claim",
                bare.text
            )));
        }
        Ok(audit)
    }

    /// The annotation of a cited sentence (its index), if the audit has it.
    fn sentence(&self, briefing: &Briefing, citation: &Citation) -> Option<usize> {
        let source = briefing
            .sources
            .iter()
            .find(|s| s.number == citation.source)?;
        let text = normalized(&citation.text);
        self.sentences
            .iter()
            .position(|s| is_article(&source.origin, &s.article) && normalized(&s.text) == text)
    }

    /// The annotated sentences (indices) of a briefing's sources, with the
    /// number of the source each is in.
    fn in_sources(&self, briefing: &Briefing) -> Vec<(usize, usize)> {
        (0..self.sentences.len())
            .filter_map(|at| {
                briefing
                    .sources
                    .iter()
                    .find(|source| is_article(&source.origin, &self.sentences[at].article))
                    .map(|source| (source.number, at))
            })
            .collect()
    }
}

/// Whether a source's origin (`file.jsonl:3#id`, or a path) is the annotated article.
fn is_article(origin: &str, article: &str) -> bool {
    match origin.rsplit_once('#') {
        Some((_, id)) => id == article,
        None => std::path::Path::new(origin)
            .file_name()
            .is_some_and(|name| name.to_string_lossy() == article),
    }
}

/// A sentence compared as text: straight quotes, single spaces.
fn normalized(text: &str) -> String {
    text.replace(['“', '”'], "\"")
        .replace(['‘', '’'], "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The measures, as counts, and every failure found, for reading.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Faithfulness {
    /// Briefings that hold an audit article (one is expected per audit story).
    pub stories: usize,
    pub citations_judged: usize,
    pub citations_correct: usize,
    /// Cited sentences the audit does not annotate.
    pub citations_unjudged: usize,
    pub support_expected: usize,
    pub support_cited: usize,
    pub reported_by_judged: usize,
    pub reported_by_exact: usize,
    pub speakers_judged: usize,
    pub speakers_correct: usize,
    /// Annotated quotations that no quotation of the briefing shows.
    pub quotations_missed: usize,
    pub dates_judged: usize,
    pub dates_correct: usize,
    pub stale_points: usize,
    /// Summary and "since" lines stating a revised claim that point to the
    /// line telling its revision.
    pub revisions_marked: usize,
    pub updates_expected: usize,
    /// Revisions told in the summary or "since".
    pub updates_told: usize,
    /// The news of each report's lead (its first sentence's first claim), and
    /// how many of those the summary or "since" tell: what a reader who reads
    /// only those two sections learns of each day's news.
    pub leads_expected: usize,
    pub leads_told: usize,
    pub duplicates: usize,
    /// Timeline entries pointing to a line of the briefing (rather than
    /// telling their news again), and those whose line states another claim.
    pub links: usize,
    pub links_wrong: usize,
    /// Annotated sentences found in no source: an audit that no longer matches its
    /// articles.
    pub annotations_unmatched: usize,
    pub failures: Vec<String>,
}

impl Faithfulness {
    /// Adds another audit story's counts and failures to these.
    pub fn merge(&mut self, other: Faithfulness) {
        self.stories += other.stories;
        self.citations_judged += other.citations_judged;
        self.citations_correct += other.citations_correct;
        self.citations_unjudged += other.citations_unjudged;
        self.support_expected += other.support_expected;
        self.support_cited += other.support_cited;
        self.reported_by_judged += other.reported_by_judged;
        self.reported_by_exact += other.reported_by_exact;
        self.speakers_judged += other.speakers_judged;
        self.speakers_correct += other.speakers_correct;
        self.quotations_missed += other.quotations_missed;
        self.dates_judged += other.dates_judged;
        self.dates_correct += other.dates_correct;
        self.stale_points += other.stale_points;
        self.revisions_marked += other.revisions_marked;
        self.updates_expected += other.updates_expected;
        self.updates_told += other.updates_told;
        self.leads_expected += other.leads_expected;
        self.leads_told += other.leads_told;
        self.duplicates += other.duplicates;
        self.links += other.links;
        self.links_wrong += other.links_wrong;
        self.annotations_unmatched += other.annotations_unmatched;
        self.failures.extend(other.failures);
    }

    pub fn citation_precision(&self) -> f64 {
        ratio(self.citations_correct, self.citations_judged)
    }
    pub fn citation_recall(&self) -> f64 {
        ratio(self.support_cited, self.support_expected)
    }
    pub fn reported_by_accuracy(&self) -> f64 {
        ratio(self.reported_by_exact, self.reported_by_judged)
    }
    pub fn speaker_accuracy(&self) -> f64 {
        ratio(
            self.speakers_correct,
            self.speakers_judged + self.quotations_missed,
        )
    }
    pub fn date_accuracy(&self) -> f64 {
        ratio(self.dates_correct, self.dates_judged)
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

/// A line of a briefing that cites sentences: its section, its text, and its
/// citations.
struct Line<'a> {
    section: &'static str,
    text: &'a str,
    reported_by: Option<usize>,
    /// A timeline entry's date.
    date: Option<&'a DateSpan>,
    citations: &'a [Citation],
    /// The line a timeline entry points to instead of telling its news.
    told_in: Option<LineRef>,
    /// The line a summary or "since" point names as telling the revision of
    /// a figure it gives.
    revised_in: Option<LineRef>,
}

fn lines(briefing: &Briefing) -> Vec<Line<'_>> {
    let mut lines: Vec<Line<'_>> = Vec::new();
    for point in &briefing.summary {
        lines.push(Line {
            section: "summary",
            text: &point.text,
            reported_by: Some(point.reported_by),
            date: None,
            citations: &point.citations,
            told_in: None,
            revised_in: point.revised_in,
        });
    }
    for point in briefing.since() {
        lines.push(Line {
            section: "since",
            text: &point.text,
            reported_by: Some(point.reported_by),
            date: None,
            citations: &point.citations,
            told_in: None,
            revised_in: point.revised_in,
        });
    }
    for perspective in &briefing.perspectives {
        lines.push(Line {
            section: "only some report",
            text: &perspective.text,
            reported_by: Some(perspective.reported_by),
            date: None,
            citations: &perspective.citations,
            told_in: None,
            revised_in: None,
        });
    }
    for entry in &briefing.timeline {
        lines.push(Line {
            section: "timeline",
            text: &entry.text,
            reported_by: None,
            date: Some(&entry.date),
            citations: &entry.citations,
            told_in: entry.told_in,
            revised_in: None,
        });
    }
    lines
}

/// Scores briefings against an audit.
pub fn score(audit: &Audit, briefings: &[Briefing]) -> Faithfulness {
    let mut f = Faithfulness::default();
    let mut matched: BTreeSet<usize> = BTreeSet::new();
    for briefing in briefings {
        let sources = audit.in_sources(briefing);
        if sources.is_empty() {
            continue;
        }
        f.stories += 1;
        matched.extend(sources.iter().map(|&(_, at)| at));
        score_briefing(audit, briefing, &sources, &mut f);
        score_speakers(audit, briefing, &sources, &mut f);
    }
    f.annotations_unmatched = audit.sentences.len() - matched.len();
    f
}

/// Citations, support, outlet counts, dates, stale lines, updates and
/// duplicates of one briefing; `sources` are its annotated sentences.
fn score_briefing(
    audit: &Audit,
    briefing: &Briefing,
    sources: &[(usize, usize)],
    f: &mut Faithfulness,
) {
    let claims_of = |at: usize| &audit.sentences[at].claims;
    let text_of = |at: usize| audit.sentences[at].text.as_str();
    // The annotated sentences stating a claim, with their source numbers.
    let stating = |claim: &str| -> Vec<(usize, usize)> {
        sources
            .iter()
            .copied()
            .filter(|&(_, at)| claims_of(at).iter().any(|c| c == claim))
            .collect()
    };
    let lines = lines(briefing);
    // Each line's own sentence (the one it quotes, else its first citation).
    fn own_of<'a>(line: &Line<'a>) -> Option<&'a Citation> {
        line.citations
            .iter()
            .find(|c| normalized(&c.text) == normalized(line.text))
            .or(line.citations.first())
    }
    // The claims the own sentence of a line another one points to states.
    let claims_of_line = |target: LineRef| {
        let section = match target.section {
            BriefingSection::Summary => "summary",
            BriefingSection::Since => "since",
            BriefingSection::Perspectives => "only some report",
        };
        lines
            .iter()
            .filter(|l| l.section == section)
            .nth(target.number - 1)
            .and_then(own_of)
            .and_then(|own| audit.sentence(briefing, own))
            .map_or(&[][..], |at| claims_of(at).as_slice())
    };
    let mut told: BTreeMap<&str, Vec<&'static str>> = BTreeMap::new();
    for line in &lines {
        let Some(own) = own_of(line) else { continue };
        let Some(own_at) = audit.sentence(briefing, own) else {
            f.citations_unjudged += line.citations.len();
            continue;
        };
        let claim = claims_of(own_at)[0].as_str();
        match line.told_in {
            // A pointer tells nothing twice; it is right when its line tells a
            // claim the entry's sentence states.
            Some(target) => {
                f.links += 1;
                let pointed = claims_of_line(target).first().map(String::as_str);
                if !pointed.is_some_and(|c| claims_of(own_at).iter().any(|own| own == c)) {
                    f.links_wrong += 1;
                    f.failures.push(format!(
                        "timeline: \"{}\" ({claim}) points to a line of {}",
                        line.text,
                        pointed.unwrap_or("no annotated claim")
                    ));
                }
            }
            None => told.entry(claim).or_default().push(line.section),
        }
        let mut cited = vec![own_at];
        for citation in line.citations.iter().filter(|c| !std::ptr::eq(*c, own)) {
            let Some(at) = audit.sentence(briefing, citation) else {
                f.citations_unjudged += 1;
                continue;
            };
            f.citations_judged += 1;
            cited.push(at);
            if claims_of(at).iter().any(|c| c == claim) {
                f.citations_correct += 1;
            } else {
                f.failures.push(format!(
                    "{}: \"{}\" ({claim}) cites \"{}\" ({})",
                    line.section,
                    line.text,
                    text_of(at),
                    claims_of(at).join(", ")
                ));
            }
        }
        if line.section == "timeline" {
            score_date(audit, line, own_at, f);
            continue;
        }
        let stated = stating(claim);
        for &(_, at) in stated.iter().filter(|&&(_, at)| at != own_at) {
            f.support_expected += 1;
            if cited.contains(&at) {
                f.support_cited += 1;
            } else {
                f.failures.push(format!(
                    "{}: \"{}\" ({claim}) does not cite \"{}\"",
                    line.section,
                    line.text,
                    text_of(at)
                ));
            }
        }
        if let Some(reported_by) = line.reported_by {
            let outlets: BTreeSet<usize> = stated.iter().map(|&(number, _)| number).collect();
            f.reported_by_judged += 1;
            if reported_by == outlets.len() {
                f.reported_by_exact += 1;
            } else {
                f.failures.push(format!(
                    "{}: \"{}\" reported by {reported_by}, stated by {}",
                    line.section,
                    line.text,
                    outlets.len()
                ));
            }
        }
        if line.section != "summary" && line.section != "since" {
            continue;
        }
        // Whatever claim of the line a source revises.
        let revised: Vec<&str> = audit
            .revisions
            .iter()
            .filter(|r| claims_of(own_at).contains(&r.revises) && !stating(&r.claim).is_empty())
            .map(|r| r.claim.as_str())
            .collect();
        if revised.is_empty() {
            continue;
        }
        let marked = line.revised_in.is_some_and(|target| {
            claims_of_line(target)
                .iter()
                .any(|c| revised.contains(&c.as_str()))
        });
        if marked {
            f.revisions_marked += 1;
        } else {
            f.stale_points += 1;
            f.failures.push(format!(
                "{}: \"{}\" ({}) is revised by {}",
                line.section,
                line.text,
                claims_of(own_at).join(", "),
                revised.join(", ")
            ));
        }
    }
    let in_summary_or_since = |claim: &str| {
        told.get(claim)
            .is_some_and(|sections| sections.contains(&"summary") || sections.contains(&"since"))
    };
    // A claim or a later revision of it is told: a reader who learns that the
    // museum reopened on Saturday has learnt what the plan to reopen on
    // Saturday revised.
    let told_or_revised = |claim: &str| {
        let mut newest = vec![claim];
        let mut i = 0;
        while let Some(&at) = newest.get(i) {
            for revision in audit.revisions.iter().filter(|r| r.revises == at) {
                if !newest.contains(&revision.claim.as_str()) {
                    newest.push(&revision.claim);
                }
            }
            i += 1;
        }
        newest
            .iter()
            .any(|c| in_summary_or_since(c) && !stating(c).is_empty())
    };
    for revision in &audit.revisions {
        if stating(&revision.claim).is_empty() || stating(&revision.revises).is_empty() {
            continue;
        }
        f.updates_expected += 1;
        if told_or_revised(&revision.claim) {
            f.updates_told += 1;
        } else {
            f.failures.push(format!(
                "the update {} (revising {}) is neither in the summary nor in \"since\"",
                revision.claim, revision.revises
            ));
        }
    }
    // Each source's lead: its first annotated sentence (sentences are
    // annotated in article order).
    let mut leads: BTreeMap<usize, usize> = BTreeMap::new();
    for &(number, at) in sources {
        leads.entry(number).or_insert(at);
    }
    for at in leads.into_values() {
        let news = claims_of(at)[0].as_str();
        f.leads_expected += 1;
        if in_summary_or_since(news) {
            f.leads_told += 1;
        } else {
            f.failures.push(format!(
                "the lead \"{}\" ({news}) is neither in the summary nor in \"since\"",
                text_of(at)
            ));
        }
    }
    for (claim, sections) in &told {
        if sections.len() > 1 {
            f.duplicates += sections.len() - 1;
            f.failures.push(format!(
                "{claim} is told {} times: {}",
                sections.len(),
                sections.join(", ")
            ));
        }
    }
}

/// A timeline entry's date against its sentence's annotated day.
fn score_date(audit: &Audit, line: &Line<'_>, own_at: usize, f: &mut Faithfulness) {
    let (Some(date), Some(span)) = (&audit.sentences[own_at].date, line.date) else {
        return;
    };
    f.dates_judged += 1;
    if date_within(date, span.first, span.last) {
        f.dates_correct += 1;
    } else {
        f.failures.push(format!(
            "timeline: \"{}\" dated {}–{}, its news is of {date}",
            line.text, span.first, span.last
        ));
    }
}

/// Speakers: each shown quotation against its annotation, and the annotated
/// quotations that no shown quotation carries.
fn score_speakers(
    audit: &Audit,
    briefing: &Briefing,
    sources: &[(usize, usize)],
    f: &mut Faithfulness,
) {
    let mut shown: Vec<usize> = Vec::new();
    for quote in &briefing.quotes {
        let Some(at) = quote
            .citations
            .first()
            .and_then(|c| audit.sentence(briefing, c))
        else {
            continue;
        };
        shown.push(at);
        let Some(speaker) = &audit.sentences[at].speaker else {
            continue;
        };
        f.speakers_judged += 1;
        if quote.speaker.as_deref() == Some(speaker.as_str()) {
            f.speakers_correct += 1;
        } else {
            f.failures.push(format!(
                "quote: \"{}\" credited to {}, spoken by {speaker}",
                quote.text,
                quote.speaker.as_deref().unwrap_or("nobody")
            ));
        }
    }
    for &(_, at) in sources {
        if audit.sentences[at].speaker.is_some() && !shown.contains(&at) {
            f.quotations_missed += 1;
            f.failures.push(format!(
                "quote: \"{}\" is not shown",
                audit.sentences[at].text
            ));
        }
    }
}

/// Whether an annotated date (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`) falls within
/// a span, a day inside it, a month or a year holding all of it; `undated`
/// never does.
fn date_within(date: &str, first: chrono::NaiveDate, last: chrono::NaiveDate) -> bool {
    use chrono::Datelike;
    if date == "undated" {
        return false;
    }
    if let Ok(day) = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d") {
        return first <= day && day <= last;
    }
    // A month is its first day's year and month.
    if let Ok(day) = chrono::NaiveDate::parse_from_str(&format!("{date}-01"), "%Y-%m-%d") {
        let month = |d: chrono::NaiveDate| (d.year(), d.month());
        return month(first) == month(day) && month(last) == month(day);
    }
    date.parse::<i32>()
        .is_ok_and(|year| first.year() == year && last.year() == year)
}

#[cfg(test)]
mod tests {
    use super::*;

    const AUDIT: &str = r#"{
      "claims": {"closed": "the bridge closed", "plan": "divers will inspect", "done": "divers inspected",
                 "cost": "repairs cost 4 million"},
      "revisions": [{"claim": "done", "revises": "plan"}],
      "sentences": [
        {"article": "a", "text": "The bridge was closed on Thursday.", "claims": ["closed"]},
        {"article": "a", "text": "Divers will inspect the pier on Saturday.", "claims": ["plan"], "date": "2025-03-15"},
        {"article": "b", "text": "Officials shut the bridge on Thursday.", "claims": ["closed"]},
        {"article": "b", "text": "Divers inspected the pier on Saturday.", "claims": ["done"]},
        {"article": "b", "text": "“Repairs will cost 4 million,” he said.", "claims": ["cost"], "speaker": "Tomas Okafor"}
      ]}"#;

    fn citation(source: usize, text: &str) -> serde_json::Value {
        serde_json::json!({"source": source, "sentence": 0, "start": 0, "end": 0, "text": text})
    }

    /// The audit's two articles as a briefing's sources.
    fn sources() -> serde_json::Value {
        serde_json::json!([
            {"number": 1, "title": "A", "outlet": "A", "author": null, "date": null, "url": null,
             "origin": "audit.jsonl:1#a", "words": 10, "partial": false},
            {"number": 2, "title": "B", "outlet": "B", "author": null, "date": null, "url": null,
             "origin": "audit.jsonl:2#b", "words": 10, "partial": false}
        ])
    }

    fn point(reported_by: usize, citations: Vec<serde_json::Value>) -> serde_json::Value {
        let text = citations[0]["text"].clone();
        serde_json::json!({"text": text, "reported_by": reported_by, "citations": citations})
    }

    #[test]
    fn each_line_is_judged_by_the_claims_its_citations_state() {
        let audit = Audit::parse("claims.json", AUDIT).unwrap();
        let briefing: Briefing = serde_json::from_value(serde_json::json!({
            "headline": "Bridge closed", "first_date": null, "last_date": null, "word_budget": 120,
            "summary": [
                // Right, with its paraphrase cited.
                point(2, vec![citation(1, "The bridge was closed on Thursday."),
                              citation(2, "Officials shut the bridge on Thursday.")]),
                // The plan, with its outcome taken for support: a wrong citation, a
                // wrong count, a stale line.
                point(2, vec![citation(1, "Divers will inspect the pier on Saturday."),
                              citation(2, "Divers inspected the pier on Saturday.")]),
            ],
            "perspectives": [], "conflicts": [],
            "quotes": [{"text": "Repairs will cost 4 million", "speaker": null,
                        "citations": [citation(2, "\"Repairs will cost 4 million,\" he said.")]}],
            "timeline": [{"date": {"first": "2025-03-15", "last": "2025-03-15"}, "expression": "Saturday",
                          "text": "Divers will inspect the pier on Saturday.",
                          "citations": [citation(1, "Divers will inspect the pier on Saturday.")]}],
            "development": null, "entities": [],
            "sources": sources()
        }))
        .unwrap();
        let f = score(&audit, &[briefing]);
        assert_eq!(f.stories, 1);
        assert_eq!((f.citations_correct, f.citations_judged), (1, 2), "{f:#?}");
        assert_eq!((f.support_cited, f.support_expected), (1, 1));
        assert_eq!((f.reported_by_exact, f.reported_by_judged), (1, 2));
        assert_eq!(f.stale_points, 1);
        assert_eq!((f.updates_told, f.updates_expected), (0, 1));
        assert_eq!((f.dates_correct, f.dates_judged), (1, 1));
        // The plan is told twice: in the summary and in the timeline.
        assert_eq!(f.duplicates, 1);
        // The quotation is shown, credited to nobody.
        assert_eq!(
            (f.speakers_correct, f.speakers_judged, f.quotations_missed),
            (0, 1, 0)
        );
        assert_eq!(f.annotations_unmatched, 0);
        assert!(f.failures.iter().any(|s| s.contains("credited to nobody")));
    }

    #[test]
    fn a_timeline_entry_pointing_to_a_line_tells_nothing_twice_and_its_pointer_is_checked() {
        let audit = Audit::parse("claims.json", AUDIT).unwrap();
        let entry = |text: &str, number: usize| {
            serde_json::json!({"date": {"first": "2025-03-13", "last": "2025-03-13"},
                "expression": "Thursday", "text": text, "citations": [citation(2, text)],
                "told_in": {"section": "summary", "number": number}})
        };
        let briefing: Briefing = serde_json::from_value(serde_json::json!({
            "headline": "Bridge closed", "first_date": null, "last_date": null, "word_budget": 120,
            "summary": [
                point(2, vec![citation(1, "The bridge was closed on Thursday."),
                              citation(2, "Officials shut the bridge on Thursday.")]),
                point(1, vec![citation(2, "Divers inspected the pier on Saturday.")]),
            ],
            "perspectives": [], "conflicts": [], "quotes": [],
            "timeline": [
                // Right: the first point states the entry's claim.
                entry("Officials shut the bridge on Thursday.", 1),
                // Wrong: the second point states another.
                entry("Officials shut the bridge on Thursday.", 2),
            ],
            "development": null, "entities": [],
            "sources": sources()
        }))
        .unwrap();
        let f = score(&audit, &[briefing]);
        assert_eq!(f.duplicates, 0, "{f:#?}");
        assert_eq!((f.links, f.links_wrong), (2, 1));
        assert!(f
            .failures
            .iter()
            .any(|s| s.contains("points to a line of done")));
    }

    #[test]
    fn a_line_pointing_to_its_revision_is_marked_not_stale_and_a_later_revision_tells_an_update() {
        let audit = Audit::parse(
            "claims.json",
            r#"{
          "claims": {"grounded": "the ferry grounded", "pax212": "212 aboard", "pax230": "230 aboard",
                     "plan": "reopen on Saturday", "later": "reopen on Monday", "done": "reopened on Monday"},
          "revisions": [{"claim": "pax230", "revises": "pax212"}, {"claim": "later", "revises": "plan"},
                        {"claim": "done", "revises": "later"}],
          "sentences": [
            {"article": "a", "text": "The ferry grounded with 212 aboard.", "claims": ["grounded", "pax212"]},
            {"article": "a", "text": "The pier will reopen on Saturday.", "claims": ["plan"]},
            {"article": "b", "text": "The ferry had 230 aboard, not 212.", "claims": ["pax230"]},
            {"article": "b", "text": "The pier will reopen on Monday instead.", "claims": ["later"]},
            {"article": "b", "text": "The pier reopened on Monday.", "claims": ["done"]}
          ]}"#,
        )
        .unwrap();
        let score_summary = |revised_in: serde_json::Value| {
            let mut grounded = point(1, vec![citation(1, "The ferry grounded with 212 aboard.")]);
            grounded["revised_in"] = revised_in;
            let briefing: Briefing = serde_json::from_value(serde_json::json!({
                "headline": "Ferry", "first_date": null, "last_date": null, "word_budget": 120,
                "summary": [grounded,
                            point(1, vec![citation(2, "The ferry had 230 aboard, not 212.")]),
                            point(1, vec![citation(2, "The pier reopened on Monday.")])],
                "perspectives": [], "conflicts": [], "quotes": [], "timeline": [],
                "development": null, "entities": [], "sources": sources()
            }))
            .unwrap();
            score(&audit, &[briefing])
        };
        // Its second claim is revised, and nothing says so: stale.
        let f = score_summary(serde_json::Value::Null);
        assert_eq!((f.stale_points, f.revisions_marked), (1, 0), "{f:#?}");
        // Pointing to the revision: marked.
        let f = score_summary(serde_json::json!({"section": "summary", "number": 2}));
        assert_eq!((f.stale_points, f.revisions_marked), (0, 1), "{f:#?}");
        // Pointing elsewhere: stale.
        let f = score_summary(serde_json::json!({"section": "summary", "number": 3}));
        assert_eq!((f.stale_points, f.revisions_marked), (1, 0), "{f:#?}");
        // "Reopen on Monday" is told through its outcome; every update is.
        assert_eq!((f.updates_told, f.updates_expected), (3, 3), "{f:#?}");
    }

    #[test]
    fn a_lead_is_told_only_by_the_summary_or_since() {
        let audit = Audit::parse("claims.json", AUDIT).unwrap();
        // Both articles lead with the closure; the timeline alone tells it.
        let leads = |summary: serde_json::Value| {
            let closed = "Officials shut the bridge on Thursday.";
            let briefing: Briefing = serde_json::from_value(serde_json::json!({
                "headline": "Bridge closed", "first_date": null, "last_date": null, "word_budget": 120,
                "summary": summary, "perspectives": [], "conflicts": [], "quotes": [],
                "timeline": [{"date": {"first": "2025-03-13", "last": "2025-03-13"},
                              "expression": "Thursday", "text": closed,
                              "citations": [citation(2, closed)]}],
                "development": null, "entities": [], "sources": sources()
            }))
            .unwrap();
            let f = score(&audit, &[briefing]);
            (f.leads_told, f.leads_expected)
        };
        let plan = point(
            1,
            vec![citation(1, "Divers will inspect the pier on Saturday.")],
        );
        assert_eq!(leads(serde_json::json!([plan])), (0, 2));
        let closed = point(1, vec![citation(1, "The bridge was closed on Thursday.")]);
        assert_eq!(leads(serde_json::json!([plan, closed])), (2, 2));
    }

    #[test]
    fn an_annotated_day_month_or_year_holds_the_entry_and_undated_none() {
        let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert!(date_within("2025-10-05", d(2025, 10, 5), d(2025, 10, 5)));
        assert!(!date_within("2025-10-05", d(2025, 10, 6), d(2025, 10, 6)));
        assert!(date_within("2025-03", d(2025, 3, 1), d(2025, 3, 31)));
        assert!(!date_within("2025-03", d(2025, 3, 1), d(2025, 4, 30)));
        assert!(date_within("1994", d(1994, 1, 1), d(1994, 12, 31)));
        assert!(!date_within("undated", d(1881, 1, 1), d(1881, 12, 31)));
    }

    #[test]
    fn an_annotation_naming_an_undeclared_claim_is_refused() {
        let bad = AUDIT.replace(r#""claims": ["cost"]"#, r#""claims": ["costs"]"#);
        let error = Audit::parse("claims.json", &bad).unwrap_err().to_string();
        assert!(
            error.contains("claims.json") && error.contains("costs"),
            "{error}"
        );
    }
}
