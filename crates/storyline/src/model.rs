//! The plain data types that flow between the stages.
//!
//! Every stage takes and returns these types and nothing else, so a stage can be
//! tested, replaced or run on its own without dragging the others along. They carry
//! no behaviour beyond small accessors: the logic lives in the stage modules.

use chrono::NaiveDate;
use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use crate::text::Language;

/// How the bytes of a [`RawDoc`] are to be read by the extract stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text: header lines, paragraphs separated by blank lines.
    Text,
    /// Markdown: like text, with markup to strip.
    Markdown,
    /// An HTML page: main content must be found among navigation and chrome.
    Html,
}

/// Metadata that arrived next to the content (JSON fields), before extraction.
///
/// Extraction prefers these over anything it finds in the content itself, because a
/// producer that bothered to fill a field knows better than a heuristic.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GivenMeta {
    pub title: Option<String>,
    pub url: Option<String>,
    pub date: Option<String>,
    pub outlet: Option<String>,
    pub author: Option<String>,
    /// The content is a summary (a feed item without its full text).
    pub partial: bool,
    /// The language the producer states ("fr", "pt-BR").
    pub lang: Option<String>,
}

/// One input document as read from its source, not yet understood.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RawDoc {
    /// Where it came from, as the user named it: a path, `path:LINE` for a JSON
    /// Lines record, `path[INDEX]` for a JSON array element, or `-` for stdin.
    pub origin: String,
    pub format: Format,
    pub content: String,
    pub given: GivenMeta,
}

impl RawDoc {
    /// What makes two documents one in the article log (`storyline-log`):
    /// their origin and content (FNV-1a, whose values never change between
    /// versions), so that the same file appended twice is one message.
    pub fn content_key(&self) -> String {
        let mut hash = crate::text::Fnv1a::default();
        hash.bytes(self.origin.as_bytes());
        hash.bytes(b"\x1f");
        hash.bytes(self.content.as_bytes());
        format!("{:016x}", hash.value())
    }
}

/// An article: cleaned text plus what is known about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// Where it came from (see [`RawDoc::origin`]).
    pub origin: String,
    pub title: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub author: Option<String>,
    pub date: Option<NaiveDate>,
    /// Cleaned display text: paragraphs separated by one blank line, typography
    /// kept as the outlet wrote it. Sentence offsets point into this string.
    pub text: String,
    /// Byte ranges of paragraphs in `text` that are sub-headings, not prose.
    #[serde(skip)]
    pub headings: Vec<(usize, usize)>,
    /// Only a summary of the article was available (a feed item).
    pub partial: bool,
    /// The language it is written in, as a code ("en", "fr"; "und" when
    /// undetermined): the one the input stated, or the one identified (see
    /// [`crate::text::Language`]). Empty means not yet identified.
    #[serde(default)]
    pub lang: String,
}

impl Article {
    /// An article of a title and a text alone (as evaluation data gives them):
    /// no origin, date, outlet or headings.
    pub fn from_text(title: &str, text: &str) -> Article {
        Article {
            origin: String::new(),
            title: title.to_string(),
            url: None,
            outlet: None,
            author: None,
            date: None,
            text: text.to_string(),
            headings: Vec::new(),
            partial: false,
            lang: String::new(),
        }
    }

    /// The language it is read in: the one recorded, else the one identified.
    pub fn language(&self) -> Language {
        Language::of_article(&self.lang, &self.title, &self.text)
    }
}

/// One word of a sentence, as analysis sees it. Its texts are compact strings,
/// kept inline when short, as most words are: analysing an article then
/// allocates nothing per word, and the stem cache compares its keys without
/// following a pointer (in `perf` of briefing a replay, making each word's
/// strings and looking up its stem were about a tenth of the time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte range in the article text.
    pub start: usize,
    pub end: usize,
    /// Lowercased, typography-normalised form.
    pub norm: CompactString,
    /// Stem of `norm` (months and their abbreviations share one stem).
    pub stem: CompactString,
    pub stopword: bool,
    /// It credits a statement to a speaker in the article's language ("said",
    /// "a déclaré", "según").
    pub speech_verb: bool,
    /// The month it names in the article's language (1–12).
    pub month: Option<u32>,
}

/// One sentence of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte range in the article text, without surrounding whitespace.
    pub start: usize,
    pub end: usize,
    /// Index of the sentence in its article, counting from 0.
    pub position: usize,
    /// Index of the paragraph it belongs to.
    pub paragraph: usize,
    /// Sub-heading rather than prose; not a candidate for summaries.
    pub heading: bool,
    /// Number of words, as a reader (and a ROUGE budget) counts them: runs
    /// of characters between white space.
    pub words: usize,
    pub tokens: Vec<Token>,
}

impl Sentence {
    /// Stems of the words that carry content (no stopwords, no punctuation).
    pub fn content_stems(&self) -> impl Iterator<Item = &str> {
        self.tokens
            .iter()
            .filter(|t| !t.stopword)
            .map(|t| t.stem.as_str())
    }
}

/// An analysed article.
#[derive(Debug, Clone)]
pub struct Doc {
    pub article: Article,
    /// The language its words were read in.
    pub language: Language,
    pub sentences: Vec<Sentence>,
}

impl Doc {
    pub fn sentence_text(&self, sentence: &Sentence) -> &str {
        &self.article.text[sentence.start..sentence.end]
    }

    /// Whether a sentence is written in capitals throughout
    /// ([`crate::text::in_capitals`]): a transcript's or a banner's line.
    pub fn in_capitals(&self, sentence: &Sentence) -> bool {
        crate::text::in_capitals(
            &self.article.text,
            sentence.tokens.iter().map(|t| (t.start, t.end)),
        )
    }

    /// Whether a sentence is someone's words outside quotation marks: an
    /// English sentence opening in the first person
    /// ([`crate::text::speaks_unmarked`]: speech whose marks are elsewhere),
    /// or a post embedded in the page ([`crate::text::embeds_a_post`]).
    pub fn speaks_unmarked(&self, sentence: &Sentence) -> bool {
        let text = self.sentence_text(sentence);
        (self.language == Language::ENGLISH
            && crate::text::speaks_unmarked(text, sentence.tokens.first().map(|t| t.norm.as_str())))
            || crate::text::embeds_a_post(text)
    }
}

/// A pointer from a briefing statement to the exact source sentence it rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    /// Number of the source in [`Briefing::sources`], counting from 1.
    pub source: usize,
    /// Index of the sentence in that article.
    pub sentence: usize,
    /// Byte range of the sentence in the article's cleaned text.
    pub start: usize,
    pub end: usize,
    /// The sentence as the article words it.
    pub text: String,
}

/// One statement of the summary with every article that states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryPoint {
    /// The statement, verbatim from the first citation's article.
    pub text: String,
    /// Distinct outlets stating it (syndicated copies count once).
    pub reported_by: usize,
    /// The source the text is taken from comes first; the others state
    /// substantially the same content in their own words.
    pub citations: Vec<Citation>,
    /// The line telling a later report's revision of a figure the statement
    /// gives, when one does: the statement still tells what happened, and the
    /// reader is pointed to the newer figure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revised_in: Option<LineRef>,
}

/// What an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Place,
    Organisation,
}

/// A person, place or organisation with every name it goes by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    pub name: String,
    pub kind: EntityKind,
    /// Other names it is mentioned by, sorted.
    pub aliases: Vec<String>,
    pub mentions: usize,
    /// Numbers of the sources that name it.
    pub sources: Vec<usize>,
    /// The outlets of those sources (an unknown outlet as "source N").
    pub outlets: Vec<String>,
}

/// A direct quotation with its speaker and every article that carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted words, as the first citing article prints them.
    pub text: String,
    /// Canonical name of the speaker, when found.
    pub speaker: Option<String>,
    /// The sentences carrying it, one per article.
    pub citations: Vec<Citation>,
}

/// A span of calendar days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct DateSpan {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

/// A detail only one or a few outlets report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Perspective {
    pub text: String,
    /// Distinct outlets reporting it.
    pub reported_by: usize,
    pub citations: Vec<Citation>,
}

/// One side of a conflict: a value and the sentences that give it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictSide {
    pub value: String,
    pub citations: Vec<Citation>,
}

impl ConflictSide {
    /// The side of a disagreement that gives `key` (an amount, a day, a
    /// speaker), added with its value as shown when it is not there yet.
    pub(crate) fn of<K: PartialEq>(
        sides: &mut Vec<(K, ConflictSide)>,
        key: K,
        shown: impl FnOnce() -> String,
    ) -> &mut ConflictSide {
        let at = match sides.iter().position(|(k, _)| *k == key) {
            Some(at) => at,
            None => {
                sides.push((
                    key,
                    ConflictSide {
                        value: shown(),
                        citations: Vec::new(),
                    },
                ));
                sides.len() - 1
            }
        };
        &mut sides[at].1
    }
}

/// Outlets that disagree on a number, a date or a speaker about the same thing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    /// What the values are about ("residents", "the talks").
    pub about: String,
    pub kind: ConflictKind,
    pub sides: Vec<ConflictSide>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConflictKind {
    /// Different figures for the same counted thing.
    Number,
    /// Different days for the same event.
    Date,
    /// The same quotation credited to different people.
    Speaker,
}

/// A dated event, merged across the articles that report it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub date: DateSpan,
    /// The date expression as the first citing article writes it.
    pub expression: String,
    pub text: String,
    pub citations: Vec<Citation>,
    /// The line of another section that already tells this entry's news, when
    /// one does (it cites the sentence the entry quotes): the timeline then
    /// points to that line rather than telling the news twice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub told_in: Option<LineRef>,
}

/// A line of a briefing, by its section and its number there (from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineRef {
    pub section: BriefingSection,
    pub number: usize,
}

/// The sections of a briefing whose lines a timeline entry can point to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BriefingSection {
    Summary,
    /// "Since …": what later articles add.
    Since,
    /// "What only some report".
    Perspectives,
}

/// What later articles add to a story that spans several days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Development {
    /// The first day of the story: everything here was reported after it.
    pub since: NaiveDate,
    pub points: Vec<SummaryPoint>,
}

/// One event of a storyline, as its briefing lists them: in time order, each
/// with the sources that report it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryEvent {
    /// The title of the event's earliest source.
    pub headline: String,
    pub first_date: Option<NaiveDate>,
    pub last_date: Option<NaiveDate>,
    /// Source numbers, ascending.
    pub sources: Vec<usize>,
}

/// A source article as listed at the end of a briefing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// Number used by citations, counting from 1.
    pub number: usize,
    pub title: String,
    pub outlet: Option<String>,
    pub author: Option<String>,
    pub date: Option<NaiveDate>,
    pub url: Option<String>,
    /// Where the article was read from.
    pub origin: String,
    pub words: usize,
    /// Only a summary of the article was available (a feed item).
    pub partial: bool,
    /// The article's language code ("en", "fr"; "und" when undetermined).
    #[serde(default)]
    pub lang: String,
}

/// A sourced briefing on one story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Briefing {
    pub headline: String,
    /// Earliest and latest publication dates among the sources, when known.
    pub first_date: Option<NaiveDate>,
    pub last_date: Option<NaiveDate>,
    /// The word budget the summary was written under.
    pub word_budget: usize,
    pub summary: Vec<SummaryPoint>,
    pub perspectives: Vec<Perspective>,
    pub conflicts: Vec<Conflict>,
    pub quotes: Vec<Quote>,
    pub timeline: Vec<TimelineEntry>,
    pub development: Option<Development>,
    pub entities: Vec<Entity>,
    pub sources: Vec<Source>,
    /// Articles of the story left out of this briefing, which is written from at
    /// most [`crate::limits::MAX_BRIEFED_ARTICLES`] (copies of a briefed text are
    /// left out first).
    #[serde(default)]
    pub omitted_articles: usize,
    /// The storyline's events in time order, when it has more than one.
    #[serde(default)]
    pub events: Vec<StoryEvent>,
}

impl Briefing {
    /// Articles in the story, briefed or not.
    pub fn article_count(&self) -> usize {
        self.sources.len() + self.omitted_articles
    }

    /// Number of distinct outlets (articles with no known outlet count once each).
    pub fn outlet_count(&self) -> usize {
        let mut named: Vec<&str> = Vec::new();
        let mut unnamed = 0;
        for source in &self.sources {
            match &source.outlet {
                Some(outlet) if !named.contains(&outlet.as_str()) => named.push(outlet),
                Some(_) => {}
                None => unnamed += 1,
            }
        }
        named.len() + unnamed
    }

    /// What later articles add: the points of `development`, none when the
    /// story spans one day.
    pub fn since(&self) -> &[SummaryPoint] {
        self.development.as_ref().map_or(&[], |d| &d.points)
    }

    pub fn summary_words(&self) -> usize {
        self.summary
            .iter()
            .map(|p| p.text.split_whitespace().count())
            .sum()
    }
}
