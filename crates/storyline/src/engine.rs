//! The engine: the pipeline behind one API, so that every caller — the CLI, the
//! store, the server, evaluation, tuning — runs the same stages with the same
//! options, and a change to the pipeline is made in one place.
//!
//! ```text
//! Engine::extract   RawDoc → Article          (per document, in parallel)
//! Engine::stories   Article → stories         (batch clustering: events, storylines)
//! Engine::live      stories over a growing corpus (crate::live)
//! Engine::analyze   a story's Articles → Analysis (Docs, copy groups, sentence space)
//! Engine::brief     a story's Articles → Briefing
//! Engine::digest    RawDocs → one Briefing per story
//! ```

use crate::align::SentenceSpace;
use crate::brief::BriefOptions;
use crate::cluster::{self, ClusterOptions, Level, Levels};
use crate::error::{Error, Result};
use crate::extract::ExtractOptions;
use crate::live::LiveStories;
use crate::model::{Article, Briefing, Doc, RawDoc, Source, StoryEvent};
use crate::summarize::{self, SummaryOptions};
use crate::{analyze, brief, contained, dedup, extract, limits};

/// Everything a run of the pipeline can be told: every tuned constant of every
/// stage is a documented field below it. [`EngineOptions::default`] is the tuned
/// setting; [`EngineOptions::briefing`] the one for briefings read by people.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EngineOptions {
    /// Extraction: how documents become articles.
    pub extract: ExtractOptions,
    /// The briefing, its summary included.
    pub brief: BriefOptions,
    pub cluster: ClusterOptions,
    /// Stories with fewer articles are left out of a digest.
    pub min_articles: usize,
}

impl EngineOptions {
    /// The briefing setting (see [`SummaryOptions::briefing`]).
    pub fn briefing() -> Self {
        let mut options = EngineOptions::default();
        options.brief.summary = SummaryOptions::briefing();
        options
    }

    /// The same with another summary setting.
    pub fn summary(mut self, summary: SummaryOptions) -> Self {
        self.brief.summary = summary;
        self
    }

    /// The summary's word budget.
    pub fn words(mut self, words: usize) -> Self {
        self.brief.summary.words = words;
        self
    }

    pub fn min_articles(mut self, min_articles: usize) -> Self {
        self.min_articles = min_articles;
        self
    }

    /// Judges whether sentences state one claim with this sentence encoder too
    /// (see [`crate::align::AlignOptions::encoder`]); None: on words alone.
    pub fn encoder(mut self, encoder: Option<crate::meaning::Encoder>) -> Self {
        self.brief.align.encoder = encoder;
        self
    }
}

/// What a digest produced: the briefings (largest story first) and the documents
/// it had to skip.
#[derive(Debug)]
pub struct Digest {
    pub briefings: Vec<Briefing>,
    pub skipped: Vec<Error>,
}

/// A story: its articles and, for each, its event within the story, numbered
/// from 0 in time order (by each event's earliest date; undated events last).
#[derive(Debug, Clone, Default)]
pub struct Story {
    pub articles: Vec<Article>,
    pub event_of: Vec<usize>,
}

impl Story {
    /// How many events the story holds.
    pub fn event_count(&self) -> usize {
        self.event_of.iter().max().map_or(0, |last| last + 1)
    }

    /// Each event's articles (indices into `articles`), in event order.
    pub fn event_members(&self) -> Vec<Vec<usize>> {
        let mut members = vec![Vec::new(); self.event_count()];
        for (article, &event) in self.event_of.iter().enumerate() {
            members[event].push(article);
        }
        members
    }

    fn number_events_in_time_order(&mut self) {
        let members = self.event_members();
        let mut order: Vec<usize> = (0..members.len()).collect();
        order.sort_by_key(|&e| {
            let earliest = members[e]
                .iter()
                .filter_map(|&a| self.articles[a].date)
                .min();
            (earliest.is_none(), earliest, e)
        });
        let mut number = vec![0; members.len()];
        for (new, &old) in order.iter().enumerate() {
            number[old] = new;
        }
        for event in &mut self.event_of {
            *event = number[*event];
        }
    }
}

/// A story analysed: its documents, the groups of copies among them (one text
/// run by several outlets), each document's event within the story, and the
/// sentence space the aligner compares in.
pub struct Analysis {
    pub docs: Vec<Doc>,
    pub copies: Vec<Vec<usize>>,
    pub events: Vec<usize>,
    pub space: SentenceSpace,
}

/// The pipeline with its options.
#[derive(Debug, Clone, Default)]
pub struct Engine {
    options: EngineOptions,
}

impl Engine {
    pub fn new(options: EngineOptions) -> Engine {
        Engine { options }
    }

    pub fn options(&self) -> &EngineOptions {
        &self.options
    }

    /// Extracts a batch: its articles in input order, and an error (or a warning)
    /// for each document that needed one.
    pub fn extract(&self, raws: Vec<RawDoc>) -> (Vec<Article>, Vec<Error>) {
        extract::extract_batch(raws, &self.options.extract)
    }

    /// Extracts one document on its own, as [`extract::extract_one`] does.
    pub fn extract_one(&self, raw: RawDoc) -> Result<Article> {
        extract::extract_one(raw, &self.options.extract)
    }

    /// Each article's event and storyline in a batch (see [`Levels`]).
    pub fn levels(&self, articles: &[Article]) -> Levels {
        cluster::cluster_levels(articles, &self.options.cluster)
    }

    /// Groups events formed elsewhere (a store's) into storylines: each
    /// article's storyline, given each article's event id.
    pub fn storylines_of(&self, articles: &[Article], event: &[i64]) -> Vec<usize> {
        cluster::group_into_storylines(articles, event, &self.options.cluster)
    }

    /// Groups a batch of articles into stories at one level, largest first (ties:
    /// the story whose first article came first); each story's articles keep
    /// input order, and each knows its event within the story.
    pub fn stories(&self, articles: Vec<Article>, level: Level) -> Vec<Story> {
        let levels = self.levels(&articles);
        let story_of = levels.at(level);
        let count = story_of.iter().copied().max().map_or(0, |m| m + 1);
        let mut stories: Vec<Story> = (0..count).map(|_| Story::default()).collect();
        // Each story numbers its events by first article, then in time order.
        let mut event_number: Vec<Option<usize>> = vec![None; levels.event.len()];
        let mut events_in = vec![0; count];
        for ((article, &story), &event) in articles.into_iter().zip(story_of).zip(&levels.event) {
            let number = *event_number[event].get_or_insert_with(|| {
                events_in[story] += 1;
                events_in[story] - 1
            });
            stories[story].articles.push(article);
            stories[story].event_of.push(number);
        }
        for story in &mut stories {
            story.number_events_in_time_order();
        }
        // Stable sort: stories are numbered by first article, so ties keep that order.
        stories.sort_by_key(|s| std::cmp::Reverse(s.articles.len()));
        stories
    }

    /// Story assignment over a growing corpus, for a store (see [`crate::live`]).
    pub fn live(&self) -> LiveStories {
        LiveStories::new(self.options.cluster.clone())
    }

    /// Analyses one story's articles, all of them (as one event).
    pub fn analyze(&self, articles: Vec<Article>) -> Analysis {
        let copies = dedup::copy_groups(&articles);
        let events = vec![0; articles.len()];
        self.analysis(articles, copies, events)
    }

    /// Analyses articles whose copy groups and events are known.
    fn analysis(
        &self,
        articles: Vec<Article>,
        copies: Vec<Vec<usize>>,
        events: Vec<usize>,
    ) -> Analysis {
        let docs = analyze::analyze_all(articles);
        let space = SentenceSpace::with_options(&docs, self.options.brief.align.clone());
        Analysis {
            docs,
            copies,
            events,
            space,
        }
    }

    /// The briefing of an analysed story.
    pub fn brief_analysis(&self, analysis: &Analysis) -> Briefing {
        brief::brief(
            &analysis.docs,
            &analysis.copies,
            &analysis.events,
            &analysis.space,
            &self.options.brief,
        )
    }

    /// The summary of an analysed story as evaluation reads it: its sentences in
    /// order, the last allowed to run over the budget (evaluation cuts it).
    pub fn summary_sentences<'a>(&self, analysis: &'a Analysis) -> Vec<&'a str> {
        let options = self.options.brief.summary.clone().allow_overflow(true);
        summarize::select(&analysis.docs, &analysis.space, &options)
            .into_iter()
            .map(|at| {
                let doc = &analysis.docs[at.doc];
                doc.sentence_text(&doc.sentences[at.sentence])
            })
            .collect()
    }

    /// Analyses one story's articles and writes its briefing, counting copies of
    /// one text (a wire story run by several outlets) as one voice, from at most
    /// [`limits::MAX_BRIEFED_ARTICLES`] articles. A failure inside Storyline (a bug)
    /// costs this story only: it is an [`Error::Crashed`] naming the story's first
    /// article.
    pub fn brief(&self, articles: Vec<Article>) -> Result<Briefing> {
        let event_of = vec![0; articles.len()];
        self.brief_story(Story { articles, event_of })
    }

    /// [`Engine::brief`] for a storyline: the briefing also lists its events,
    /// in time order, with the sources reporting each.
    pub fn brief_story(&self, story: Story) -> Result<Briefing> {
        let origin = story
            .articles
            .first()
            .map(|a| format!("the story of {}", a.origin))
            .unwrap_or_default();
        let several_events = story.event_count() > 1;
        contained(&origin, "writing the briefing", || {
            let copies = dedup::copy_groups(&story.articles);
            let (articles, copies, kept) = briefed_articles(story.articles, copies);
            let omitted = story.event_of.len() - kept.len();
            let events = kept.iter().map(|&k| story.event_of[k]).collect();
            let analysis = self.analysis(articles, copies, events);
            let mut briefing = self.brief_analysis(&analysis);
            briefing.omitted_articles = omitted;
            if several_events {
                briefing.events = story_events(&briefing.sources, &analysis.events);
            }
            Ok(briefing)
        })
    }

    /// Runs extract → cluster → analyze → brief: one briefing per story.
    ///
    /// Documents that yield no article are reported in [`Digest::skipped`] (with
    /// the warnings for documents kept with a problem); only when none is left is
    /// the whole digest an error, and its message names every skipped input and why.
    pub fn digest(&self, raws: Vec<RawDoc>) -> Result<Digest> {
        let (articles, mut skipped) = self.extract(raws);
        let stories = self.stories(articles, Level::Storyline);
        if stories.is_empty() {
            let count = skipped.iter().filter(|e| !e.is_warning()).count();
            let reasons: Vec<String> = skipped.iter().map(ToString::to_string).collect();
            let detail = match count {
                0 => String::new(),
                n => format!(": all {n} inputs were skipped ({})", reasons.join("; ")),
            };
            return Err(Error::NoInput(detail));
        }
        let mut briefings = Vec::new();
        for story in stories {
            if story.articles.len() < self.options.min_articles {
                continue;
            }
            match self.brief_story(story) {
                Ok(briefing) => briefings.push(briefing),
                Err(error) => skipped.push(error),
            }
        }
        Ok(Digest { briefings, skipped })
    }
}

/// Each event of a storyline as its briefing lists it: its briefed sources
/// (`events[i]` is source `i + 1`'s event), headline and dates, in event order.
/// Events with no briefed source are left out.
fn story_events(sources: &[Source], events: &[usize]) -> Vec<StoryEvent> {
    let mut members: Vec<Vec<&Source>> = Vec::new();
    for (source, &event) in sources.iter().zip(events) {
        if members.len() <= event {
            members.resize(event + 1, Vec::new());
        }
        members[event].push(source);
    }
    members
        .iter()
        .filter_map(|members| {
            let earliest = members
                .iter()
                .min_by_key(|s| (s.date.is_none(), s.date, s.number))?;
            Some(StoryEvent {
                headline: earliest.title.clone(),
                first_date: members.iter().filter_map(|s| s.date).min(),
                last_date: members.iter().filter_map(|s| s.date).max(),
                sources: members.iter().map(|s| s.number).collect(),
            })
        })
        .collect()
}

/// The articles a briefing is written from, at most
/// [`limits::MAX_BRIEFED_ARTICLES`]: every article of a small story; in a larger
/// one, one article of each copy group, then the most recent (undated last), kept
/// in story order. Returns them, their copy groups re-indexed, and the story
/// position of each.
fn briefed_articles(
    articles: Vec<Article>,
    copies: Vec<Vec<usize>>,
) -> (Vec<Article>, Vec<Vec<usize>>, Vec<usize>) {
    let cap = limits::MAX_BRIEFED_ARTICLES;
    if articles.len() <= cap {
        let kept = (0..articles.len()).collect();
        return (articles, copies, kept);
    }
    let mut is_copy = vec![false; articles.len()];
    for group in &copies {
        for &member in group.iter().skip(1) {
            is_copy[member] = true;
        }
    }
    let mut ranked: Vec<usize> = (0..articles.len()).collect();
    // Originals before copies, then newest first; ties in story order.
    ranked.sort_by_key(|&i| (is_copy[i], std::cmp::Reverse(articles[i].date), i));
    let mut kept: Vec<usize> = ranked.into_iter().take(cap).collect();
    kept.sort_unstable();
    let mut new_index = vec![None; articles.len()];
    for (new, &old) in kept.iter().enumerate() {
        new_index[old] = Some(new);
    }
    let copies = copies
        .iter()
        .map(|group| {
            group
                .iter()
                .filter_map(|&m| new_index[m])
                .collect::<Vec<_>>()
        })
        .filter(|group| group.len() > 1)
        .collect();
    let mut slots: Vec<Option<Article>> = articles.into_iter().map(Some).collect();
    let articles = kept.iter().filter_map(|&i| slots[i].take()).collect();
    (articles, copies, kept)
}
