//! Cluster: a stream of articles → events (one happening each), then events →
//! storylines ([`crate::storylines`]: an event with what follows from it).
//!
//! Articles arrive in publication order; each joins the story whose centroid it is
//! most similar to, when that similarity reaches a threshold, or starts a new one.
//! Similarity is a TF-IDF cosine over four kinds of features: content-word stems
//! (title words count extra), *headline* words, which only other headlines match
//! (headlines name the event, in few words: two that share them say more than the
//! same words somewhere in two long bodies), *names* (capitalised words inside
//! sentences) and *numbers*, the last two weighted up because they are what
//! separate two earthquakes of the same week — the topic words are the same. Only
//! stories sharing one of an article's strongest features are compared (an inverted
//! index from feature to story). Stories go stale: each day since a story's latest
//! article raises the similarity a new article needs to join it (up to what two
//! stories need to merge), since the same topic a few days on is often a new event
//! (a new ruling, another day's market), and a story not updated within a time
//! window is left alone, so the cost per article stays flat as the stream grows.
//! After the pass, stories whose centroids are close enough are merged —
//! transitively, and across the window when nearly the same text, since dates can
//! be wrong — which repairs the order-dependence of a single pass, and a story
//! whose articles fall into two groups by their names and numbers, at least one group
//! with details the other lacks, is split: the single pass joins same-type events
//! on their shared topic words, and only their details tell them apart. Two
//! groups reported over the same days are not split: an event is one
//! happening, and the reports of one day differ in the details each outlet adds
//! (a wire's background figures printed by three papers, another wire's quote).

// Fx hashing: fast on the integer keys here, and seedless, so that the order in
// which a centroid's entries are summed (and so every float) is the same each run.
use rustc_hash::FxHashMap as HashMap;

use chrono::NaiveDate;
use compact_str::CompactString;

use crate::furniture::{Furniture, FurnitureOptions};
use crate::learn::{Example, Logistic};
use crate::model::Article;
use crate::storylines::{self, StorylineOptions};
use crate::text::{name_skeleton, normalize, Language, Stems, UnionFind, STEM_CACHE_LIMIT};

/// How stories are formed. [`ClusterOptions::default`] is the one configuration
/// used on every corpus. Its join threshold, staleness, merge threshold and
/// background weight are what `storyline eval cluster --loco` chooses on all
/// four labelled story corpora, whole and in small batches (the same procedure
/// gives the held-out figures of docs/benchmarks.md); the other constants were
/// chosen by `examples/tune_cluster.rs` on the tuning parts of ECB+ (topics
/// 1–35), the UCI sample (first half), Multi-News (clusters 1–100) and Ground
/// News.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterOptions {
    /// Cosine similarity to a story's centroid needed to join it.
    pub threshold: f64,
    /// Centroid similarity at which two stories are merged after the pass.
    pub merge_threshold: f64,
    /// The same for stories whose dates are further apart than the window.
    pub far_merge_threshold: f64,
    /// Weight of a title word relative to a body word.
    pub title_weight: f32,
    /// Weight of a title word as a *headline* feature, which only other titles
    /// match: two headlines naming the event in the same words say more than the
    /// same words anywhere in two bodies (0 turns headline features off).
    pub headline_weight: f32,
    /// Weight of a name or a number relative to a content word.
    pub name_weight: f32,
    /// A story not updated for this many days takes no new articles.
    pub window_days: i64,
    /// Within the window, stories go stale gradually: for each day between an
    /// article and a story's latest article, the article must be this much more
    /// similar to join it, up to `merge_threshold`.
    pub staleness_per_day: f64,
    /// Body words read per article (leads carry the event).
    pub body_words: usize,
    /// How much each background article counts in IDF against one of the batch
    /// (see [`Background`]; 0 leaves IDF to the batch alone). Its cost: in a
    /// small batch of short reports of two stories from one town, the town's
    /// name, rare elsewhere, can outweigh each story's own words and join them.
    pub background_weight: f32,
    /// Features of an article used to find candidate stories.
    pub query_features: usize,
    /// After the pass, a story whose articles fall in two groups with their own
    /// names and numbers, overlapping less than this (cosine), is split in two
    /// (0 never splits).
    pub split_overlap: f64,
    /// The rest of the split check (see `split`): stories smaller than
    /// `min_story` are never split, neither side may be smaller than `min_side`,
    /// features in fewer than `band` of a story's articles (or more than 1 −
    /// `band`) do not tell its events apart, a side's own feature is in at least
    /// `own_share` of its articles and at most `other_share` of the other's, and a
    /// side is an event when a feature is in `coherent_share` of its articles.
    /// Chosen with `split_overlap` on ECB+ and Multi-News (commit 2db7256, the
    /// two-stage tuning of `examples/tune_cluster.rs`).
    pub split: SplitShape,
    /// How the single pass decides whether an article joins a story.
    pub join: JoinRule,
    /// How events are grouped into storylines.
    pub storyline: StorylineOptions,
    /// What an outlet prints on its articles whatever their story (a headline
    /// suffix, a sign-in notice), set aside before features are computed:
    /// learned from the batch, or from the stream a store has seen
    /// ([`crate::furniture`]).
    pub furniture: FurnitureOptions,
    /// Events told in different languages are one event when their names and
    /// numbers (see [`Featurizer::anchor_counts`]) are at least this similar
    /// (cosine) and their dates within `window_days`. Chosen on the training
    /// half of SemEval-2022 task 8's cross-lingual pairs by F0.5 of calling a
    /// pair the same story (precision weighed over recall, since a wrong join
    /// merges two stories): 0.247, which `storyline eval pairs` prints with the
    /// test half's figures.
    pub cross_lingual_threshold: f64,
}

/// How the single pass decides whether an article joins a story.
#[derive(Debug, Clone, PartialEq)]
pub enum JoinRule {
    /// The hand-set rule: the most similar story (centroid cosine) within the
    /// window, when the similarity reaches `threshold` raised by
    /// `staleness_per_day` for each day since the story's latest article.
    Threshold,
    /// A model fitted to labelled stories over [`JOIN_FEATURES`]: the story most
    /// probably the article's, when that probability is at least `min_probability`.
    /// Time is one of its features: no window applies.
    Learned {
        model: Logistic,
        min_probability: f64,
    },
}

/// The shape of the split check's decision: see [`ClusterOptions::split`].
#[derive(Debug, Clone, PartialEq)]
pub struct SplitShape {
    pub min_story: usize,
    pub min_side: usize,
    pub band: f64,
    pub own_share: f64,
    pub other_share: f64,
    pub coherent_share: f64,
}

impl Default for SplitShape {
    fn default() -> Self {
        SplitShape {
            min_story: 6,
            min_side: 3,
            band: 0.1,
            own_share: 0.6,
            other_share: 0.2,
            coherent_share: 0.6,
        }
    }
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            threshold: 0.15,
            merge_threshold: 0.3,
            far_merge_threshold: 0.4,
            title_weight: 1.0,
            headline_weight: 4.0,
            name_weight: 2.0,
            window_days: 30,
            staleness_per_day: 0.2,
            body_words: 300,
            background_weight: 1.0,
            query_features: 12,
            split_overlap: 0.45,
            split: SplitShape::default(),
            join: JoinRule::Threshold,
            storyline: StorylineOptions::default(),
            furniture: FurnitureOptions::default(),
            cross_lingual_threshold: 0.25,
        }
    }
}

/// The bit that marks a feature id as specific to an event: a name or a number.
/// (Vocabulary ids are unique without it; it only tells the kinds apart.)
const SPECIFIC: u32 = 1 << 31;
/// The bit that marks a headline feature (a title word only other titles match).
const HEADLINE: u32 = 1 << 30;
/// The kinds of feature, told apart by their id's bits: content words, headline
/// words, names and numbers.
const KINDS: usize = 3;

fn kind(id: u32) -> usize {
    if id & SPECIFIC != 0 {
        2
    } else if id & HEADLINE != 0 {
        1
    } else {
        0
    }
}

/// A feature id without its kind bits: its place in the vocabulary.
fn vocabulary_index(id: u32) -> usize {
    (id & !(SPECIFIC | HEADLINE)) as usize
}

/// Document frequencies of the clusterer's features in a background of news and
/// web articles (`data/background-frequencies.tsv`, written by
/// `examples/background_frequencies.rs` from the extraction benchmarks whose
/// licences allow it). A batch's own frequencies say little when it is small:
/// in five reports of one ferry grounding the ship's name is in every one and
/// so weighs least, and a follow-up naming it looks unrelated. Counted together
/// with a background, words common in any news ("said", "police") weigh little
/// and a story's own names weigh much, however small the batch; in a large one
/// the batch's own counts dominate.
pub struct Background {
    documents: u32,
    frequencies: HashMap<&'static str, u32>,
}

impl Background {
    fn parse(table: &'static str) -> Background {
        let mut background = Background {
            documents: 0,
            frequencies: HashMap::default(),
        };
        for line in table.lines() {
            let Some((feature, count)) = line.rsplit_once('\t') else {
                continue;
            };
            let Ok(count) = count.parse::<u32>() else {
                continue;
            };
            if feature == "# documents" {
                background.documents = count;
            } else {
                background.frequencies.insert(feature, count);
            }
        }
        background
    }

    /// A feature's background frequency. A headline word's is its stem's:
    /// the background has too few titles to tell how rare a word is in them,
    /// and a word rare in articles is rare in their titles.
    fn frequency(&self, feature: &str) -> u32 {
        let feature = feature.strip_prefix('^').unwrap_or(feature);
        self.frequencies.get(feature).copied().unwrap_or(0)
    }
}

static BACKGROUND: std::sync::LazyLock<Background> = std::sync::LazyLock::new(|| {
    Background::parse(include_str!("../data/background-frequencies.tsv"))
});

/// A sparse vector: sorted (feature id, weight), unit length.
pub type Vector = Vec<(u32, f32)>;

/// An article's weighted feature counts, sorted by feature id, as the
/// featurizer makes them.
pub type Counts = Vec<(u32, f32)>;

/// Turns articles into raw feature counts, sharing one vocabulary.
pub struct Featurizer {
    stems: Stems,
    vocabulary: HashMap<String, u32>,
    /// Each vocabulary entry's document frequency in the background.
    background: Vec<u32>,
    /// Whether each vocabulary entry is a name (the storyline level links
    /// events by names, not numbers).
    is_name: Vec<bool>,
    /// Where a feature's string is put together to be looked up: most are
    /// in the vocabulary already, and need no string of their own.
    key: String,
    /// Per language, the features of each normalised word met: its stem's, and
    /// its stem's as a headline word once a headline has had it. Every word of
    /// every article is featurised, and most have been met before: one lookup
    /// instead of a stem's and its feature's. Cleared as [`Stems`]' cache is.
    stem_features: HashMap<&'static str, HashMap<String, StemFeatures>>,
    /// The outlet furniture an article's words are read without.
    pub furniture: Furniture,
    options: ClusterOptions,
}

impl Featurizer {
    pub fn new(options: ClusterOptions) -> Featurizer {
        Featurizer {
            stems: Stems::default(),
            vocabulary: HashMap::default(),
            background: Vec::new(),
            is_name: Vec::new(),
            key: String::new(),
            stem_features: HashMap::default(),
            furniture: Furniture::new(options.furniture.clone(), options.body_words),
            options,
        }
    }

    /// A featurizer for one batch: its furniture learned from the whole batch.
    pub fn for_batch(articles: &[Article], options: &ClusterOptions) -> Featurizer {
        let mut featurizer = Featurizer::new(options.clone());
        for article in articles {
            featurizer.furniture.observe(article);
        }
        featurizer
    }

    /// The vocabulary index of the feature `prefix` + `body` (see
    /// [`Featurizer::feature_strings`]), added when new.
    fn id(&mut self, prefix: &str, body: &str) -> u32 {
        self.key.clear();
        self.key.push_str(prefix);
        self.key.push_str(body);
        if let Some(&id) = self.vocabulary.get(self.key.as_str()) {
            return id;
        }
        let next = self.vocabulary.len() as u32;
        self.background.push(BACKGROUND.frequency(&self.key));
        self.vocabulary.insert(self.key.clone(), next);
        self.is_name.push(false);
        next
    }

    /// How many background articles a batch's IDF counts (weighed).
    pub fn background_documents(&self) -> f32 {
        BACKGROUND.documents as f32 * self.options.background_weight
    }

    /// In how many of them a vocabulary entry is (weighed).
    fn background_frequency(&self, index: usize) -> f32 {
        self.background.get(index).copied().unwrap_or(0) as f32 * self.options.background_weight
    }

    /// Each vocabulary entry's feature as a string (by vocabulary index): a stem,
    /// `^stem` for a headline word, `@word` for a name, `#number`.
    pub fn feature_strings(&self) -> Vec<&str> {
        let mut strings = vec![""; self.vocabulary.len()];
        for (feature, &id) in &self.vocabulary {
            strings[id as usize] = feature;
        }
        strings
    }

    /// Whether a feature id (as [`Featurizer::counts`] gives it) is a name.
    pub fn is_name(&self, id: u32) -> bool {
        id & SPECIFIC != 0 && self.is_name.get(vocabulary_index(id)) == Some(&true)
    }

    /// Raw weighted counts of an article's features.
    ///
    /// Words here are whitespace-separated and trimmed of punctuation, not the
    /// shared [`crate::text::word_spans`]: hyphenated names and dates
    /// ("al-Qaeda", "2021-10-07") stay one feature. Measured: the clusterer on
    /// the shared word spans scored BCubed F1 0.912 on ECB+ (0.929 as here) and
    /// 0.772 on the UCI sample (0.779), 0.855 on Multi-News (0.849).
    pub fn counts(&mut self, article: &Article) -> Vec<(u32, f32)> {
        let language = article.language();
        let words = self.words(article, language);
        self.counts_of(language, &words)
    }

    /// Raw counts of the features of an article that read alike in every
    /// language: its names, transliterated to a skeleton (see
    /// [`name_skeleton`]), and its numbers. Two reports of one event in two
    /// languages share few words but name the same people and places and give
    /// the same figures.
    pub fn anchor_counts(&mut self, article: &Article) -> Vec<(u32, f32)> {
        let words = self.words(article, article.language());
        self.anchor_counts_of(&words)
    }

    /// [`Featurizer::counts`] and [`Featurizer::anchor_counts`], reading the
    /// article's words once (a store keeps both for every article).
    pub fn counts_and_anchors(&mut self, article: &Article) -> (Counts, Counts) {
        let language = article.language();
        let words = self.words(article, language);
        (
            self.counts_of(language, &words),
            self.anchor_counts_of(&words),
        )
    }

    /// An article's words as the features read them, its outlet's furniture
    /// set aside.
    fn words(&self, article: &Article, language: Language) -> Vec<Word> {
        let (title, text) = self.furniture.title_and_text(article);
        words(&title, &text, language, self.options.body_words)
    }

    fn counts_of(&mut self, language: Language, words: &[Word]) -> Vec<(u32, f32)> {
        let mut counts: HashMap<u32, f32> = HashMap::default();
        for word in words {
            let norm = &word.norm;
            let weight = if word.in_title {
                self.options.title_weight
            } else {
                1.0
            };
            if word.is_number {
                let id = self.id("#", norm) | SPECIFIC;
                *counts.entry(id).or_default() += weight * self.options.name_weight;
            } else if norm.len() > 1 && !language.is_stopword(norm) {
                let in_headline = word.in_title && self.options.headline_weight > 0.0;
                let features = self.stem_features(language, norm, in_headline);
                if let Some(id) = features.headline {
                    *counts.entry(id | HEADLINE).or_default() += self.options.headline_weight;
                }
                *counts.entry(features.stem).or_default() += weight;
                if word.is_name {
                    let id = self.id("@", norm);
                    self.is_name[id as usize] = true;
                    let id = id | SPECIFIC;
                    *counts.entry(id).or_default() += self.options.name_weight;
                }
            }
        }
        sorted(counts)
    }

    /// The features of a word's stem ([`StemFeatures`]); its headline feature
    /// only `in_headline`. New features are added in the order a word's are
    /// counted (the headline's first), cached or not, so ids do not depend on
    /// the cache.
    fn stem_features(&mut self, language: Language, norm: &str, in_headline: bool) -> StemFeatures {
        let cached = self
            .stem_features
            .get(language.code())
            .and_then(|words| words.get(norm))
            .copied();
        match cached {
            Some(features) if !in_headline => {
                return StemFeatures {
                    headline: None,
                    ..features
                }
            }
            Some(features) if features.headline.is_some() => return features,
            _ => {}
        }
        let stem = self.stems.of(language, norm);
        let headline = in_headline.then(|| self.id("^", &stem));
        let features = StemFeatures {
            stem: self.id("", &stem),
            headline,
        };
        let words = self.stem_features.entry(language.code()).or_default();
        if words.len() >= STEM_CACHE_LIMIT {
            words.clear();
        }
        let kept = words.entry(norm.to_string()).or_insert(features);
        kept.headline = kept.headline.or(headline);
        features
    }

    fn anchor_counts_of(&mut self, words: &[Word]) -> Vec<(u32, f32)> {
        let mut counts: HashMap<u32, f32> = HashMap::default();
        for word in words {
            let id = if word.is_number {
                self.id("#", &number_key(&word.norm))
            } else if word.is_name {
                match name_skeleton(&word.norm) {
                    Some(skeleton) => self.id("~", &skeleton),
                    None => continue,
                }
            } else {
                continue;
            } | SPECIFIC;
            *counts.entry(id).or_default() += 1.0;
        }
        sorted(counts)
    }
}

fn sorted(counts: HashMap<u32, f32>) -> Vec<(u32, f32)> {
    let mut counts: Vec<(u32, f32)> = counts.into_iter().collect();
    counts.sort_unstable_by_key(|(id, _)| *id);
    counts
}

/// The vocabulary ids of a word's stem, and of its stem as a headline word.
#[derive(Debug, Clone, Copy)]
struct StemFeatures {
    stem: u32,
    headline: Option<u32>,
}

/// A word of an article's headline or opening, as the featurizer reads it.
struct Word {
    norm: CompactString,
    in_title: bool,
    /// Capitalised in the body, not at a sentence's start.
    is_name: bool,
    is_number: bool,
}

/// The headline's words, then the body's first `body_words`, without the
/// elided articles glued to them.
///
/// Words here are whitespace-separated and trimmed of punctuation, not the
/// shared [`crate::text::word_spans`]: hyphenated names and dates
/// ("al-Qaeda", "2021-10-07") stay one feature.
fn words(title: &str, text: &str, language: Language, body_words: usize) -> Vec<Word> {
    let body = text.split_whitespace().take(body_words);
    let title = title.split_whitespace();
    let mut sentence_start = true;
    let mut words = Vec::new();
    for (raw, in_title) in title.map(|w| (w, true)).chain(body.map(|w| (w, false))) {
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        // "d'Égypte" is "Égypte".
        let word = &word[language.elided_prefix(word)..];
        let ends_sentence =
            raw.ends_with(['.', '!', '?', ':']) || raw.ends_with(".\"") || raw.ends_with(".”");
        if !word.is_empty() {
            let norm = normalize(word);
            words.push(Word {
                is_number: norm.chars().any(|c| c.is_ascii_digit()),
                is_name: !in_title
                    && !sentence_start
                    && word.chars().next().is_some_and(char::is_uppercase),
                norm,
                in_title,
            });
            sentence_start = ends_sentence;
        } else {
            sentence_start |= ends_sentence;
        }
    }
    words
}

/// A number as every language writes it: thousands separated by points
/// ("1.500", German and Spanish) or commas (already gone, see
/// [`normalize`]) read alike.
fn number_key(norm: &str) -> String {
    let grouped = norm.split('.').enumerate().all(|(i, group)| {
        group.chars().all(|c| c.is_ascii_digit())
            && if i == 0 {
                (1..=3).contains(&group.len())
            } else {
                group.len() == 3
            }
    });
    if grouped && norm.contains('.') {
        norm.replace('.', "")
    } else {
        norm.to_string()
    }
}

/// Document frequencies, for IDF: the batch's own, added to the background's
/// (see [`Background`]) weighed by [`ClusterOptions::background_weight`].
/// (Letting a feature in most of the batch's articles keep the batch's own IDF,
/// so that a town every report names weighs little, was tried: every report of
/// a four-report story then stood alone, the story's shared words outweighed by
/// each report's own.)
#[derive(Default, Clone)]
pub struct DocumentFrequencies {
    counts: Vec<f32>,
    documents: f32,
}

impl DocumentFrequencies {
    /// Counts an article's features (as `featurizer` made them).
    pub fn add(&mut self, counts: &[(u32, f32)], featurizer: &Featurizer) {
        if self.documents == 0.0 {
            self.documents = featurizer.background_documents();
        }
        self.documents += 1.0;
        for &(id, _) in counts {
            let index = vocabulary_index(id);
            if self.counts.len() <= index {
                let known = self.counts.len();
                self.counts
                    .extend((known..=index).map(|i| featurizer.background_frequency(i)));
            }
            self.counts[index] += 1.0;
        }
    }

    fn idf(&self, id: u32) -> f32 {
        let df = self
            .counts
            .get(vocabulary_index(id))
            .copied()
            .unwrap_or(0.0);
        inverse_document_frequency(self.documents, df)
    }

    /// Sublinear TF × IDF, normalised to unit length.
    pub fn vector(&self, counts: &[(u32, f32)]) -> Vector {
        weigh(counts, |id| self.idf(id))
    }

    /// These frequencies with a batch of articles counted too, exactly as
    /// [`DocumentFrequencies::add`] would count them, without copying these: a
    /// live batch is a few hundred articles, and the frequencies it is placed
    /// against cover a vocabulary that grows with every article remembered.
    pub fn with_batch<'a>(&'a self, batch: &[Counts], featurizer: &'a Featurizer) -> WithBatch<'a> {
        let mut documents = self.documents;
        let mut added: HashMap<usize, u32> = HashMap::default();
        for counts in batch {
            if documents == 0.0 {
                documents = featurizer.background_documents();
            }
            documents += 1.0;
            for &(id, _) in counts {
                *added.entry(vocabulary_index(id)).or_default() += 1;
            }
        }
        WithBatch {
            remembered: self,
            featurizer,
            added,
            documents,
        }
    }
}

/// [`DocumentFrequencies`] with a batch on top (see
/// [`DocumentFrequencies::with_batch`]).
pub struct WithBatch<'a> {
    remembered: &'a DocumentFrequencies,
    featurizer: &'a Featurizer,
    /// The batch's articles holding each vocabulary entry.
    added: HashMap<usize, u32>,
    documents: f32,
}

impl WithBatch<'_> {
    fn idf(&self, id: u32) -> f32 {
        let index = vocabulary_index(id);
        let added = self.added.get(&index).copied().unwrap_or(0);
        // An entry first seen in the batch starts from the background, as
        // `add` starts it; the additions are made one by one, as `add` makes
        // them, so that the sums are the same to the last bit.
        let mut df = match self.remembered.counts.get(index) {
            Some(&df) => df,
            None if added > 0 => self.featurizer.background_frequency(index),
            None => 0.0,
        };
        for _ in 0..added {
            df += 1.0;
        }
        inverse_document_frequency(self.documents, df)
    }

    /// [`DocumentFrequencies::vector`] with the batch counted.
    pub fn vector(&self, counts: &[(u32, f32)]) -> Vector {
        weigh(counts, |id| self.idf(id))
    }
}

fn inverse_document_frequency(documents: f32, df: f32) -> f32 {
    ((1.0 + documents) / (1.0 + df)).ln() + 1.0
}

/// Sublinear TF × IDF, normalised to unit length.
fn weigh(counts: &[(u32, f32)], idf: impl Fn(u32) -> f32) -> Vector {
    let mut vector: Vector = counts
        .iter()
        .map(|&(id, tf)| (id, (1.0 + tf.ln().max(0.0)) * idf(id)))
        .collect();
    let norm = vector.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, w) in &mut vector {
            *w /= norm;
        }
    }
    vector
}

struct Story {
    /// Sum of member vectors.
    centroid: HashMap<u32, f32>,
    /// Length of `centroid`.
    norm: f32,
    /// Squared length of `centroid` over each kind of feature.
    squared_by_kind: [f32; KINDS],
    last: Option<NaiveDate>,
    members: Vec<usize>,
    /// Merged into another story.
    merged_into: Option<usize>,
}

impl Story {
    fn new() -> Story {
        Story {
            centroid: HashMap::default(),
            norm: 0.0,
            squared_by_kind: [0.0; KINDS],
            last: None,
            members: Vec::new(),
            merged_into: None,
        }
    }

    /// Cosine similarity between a unit vector and the story's centroid.
    fn similarity(&self, vector: &Vector) -> f32 {
        if self.norm == 0.0 {
            return 0.0;
        }
        let dot: f32 = vector
            .iter()
            .filter_map(|(id, w)| self.centroid.get(id).map(|c| c * w))
            .sum();
        dot / self.norm
    }

    /// What the join model weighs about an article (a unit vector, dated `date`)
    /// and this story: see [`JOIN_FEATURES`].
    fn join_features(
        &self,
        vector: &Vector,
        date: Option<NaiveDate>,
    ) -> [f64; JOIN_FEATURES.len()] {
        let mut dot = [0.0f64; KINDS];
        let mut squared = [0.0f64; KINDS];
        for &(id, w) in vector {
            let k = kind(id);
            squared[k] += f64::from(w * w);
            if let Some(c) = self.centroid.get(&id) {
                dot[k] += f64::from(c * w);
            }
        }
        let cosine = |k: usize| {
            let lengths = (squared[k] * f64::from(self.squared_by_kind[k])).sqrt();
            if lengths > 0.0 {
                dot[k] / lengths
            } else {
                0.0
            }
        };
        let all = dot.iter().sum::<f64>() / f64::from(self.norm).max(f64::MIN_POSITIVE);
        let days = days_apart(self.last, date);
        [
            all,
            cosine(0),
            cosine(1),
            cosine(2),
            days.map_or(0.0, |d| (1.0 + d as f64).ln()),
            if days.is_none() { 1.0 } else { 0.0 },
            (self.members.len() as f64).ln(),
        ]
    }

    fn renormalise(&mut self) {
        self.squared_by_kind = [0.0; KINDS];
        for (&id, &w) in &self.centroid {
            self.squared_by_kind[kind(id)] += w * w;
        }
        self.norm = self.squared_by_kind.iter().sum::<f32>().sqrt();
    }

    /// Adds a member's vector, updating the lengths from the touched entries only
    /// (a large story's centroid has thousands).
    fn add(&mut self, vector: &Vector) {
        for &(id, w) in vector {
            let entry = self.centroid.entry(id).or_default();
            self.squared_by_kind[kind(id)] += (*entry + w) * (*entry + w) - *entry * *entry;
            *entry += w;
        }
        for squared in &mut self.squared_by_kind {
            *squared = squared.max(0.0);
        }
        self.norm = self.squared_by_kind.iter().sum::<f32>().sqrt();
    }
}

/// The names of what the join model weighs, in order: the cosine of an article
/// with a story's centroid over all features, then over content words, headline
/// words and names and numbers alone; the days between the article and the
/// story's latest article (log of 1 + days; 0 when either is undated), whether
/// either is undated, and the log of the story's size.
pub const JOIN_FEATURES: [&str; 7] = [
    "cosine",
    "words",
    "headline",
    "names and numbers",
    "log days apart",
    "undated",
    "log size",
];

/// The incremental clusterer.
pub struct StoryClusterer {
    options: ClusterOptions,
    stories: Vec<Story>,
    postings: HashMap<u32, Vec<u32>>,
    assignments: Vec<usize>,
    /// Each article's specific features (names, numbers), for the split check.
    specifics: Vec<Box<[u32]>>,
    /// Each article's date, for the split check.
    dates: Vec<Option<NaiveDate>>,
    /// The latest publication date seen: stories older than the window before it
    /// are pruned from the postings as they are met.
    now: Option<NaiveDate>,
}

/// Postings longer than this belong to features too common to retrieve by.
pub(crate) const MAX_POSTINGS: usize = 2_000;
/// Postings are pruned of stale stories when they reach this length (and each
/// doubling after).
const PRUNE_AT: usize = 64;

impl StoryClusterer {
    pub fn new(options: ClusterOptions) -> StoryClusterer {
        StoryClusterer {
            options,
            stories: Vec::new(),
            postings: HashMap::default(),
            assignments: Vec::new(),
            specifics: Vec::new(),
            dates: Vec::new(),
            now: None,
        }
    }

    fn active(&self, story: &Story, date: Option<NaiveDate>) -> bool {
        days_apart(story.last, date).is_none_or(|days| days <= self.options.window_days)
    }

    /// The similarity an article dated `date` needs to join `story`: more each day
    /// the story has gone without news, but never more than two stories need to
    /// merge (an article that close is the same event however late it comes).
    fn needed_to_join(&self, story: &Story, date: Option<NaiveDate>) -> f64 {
        let days = days_apart(story.last, date).unwrap_or(0);
        let stale = self.options.threshold + self.options.staleness_per_day * days as f64;
        stale.min(self.options.merge_threshold.max(self.options.threshold))
    }

    /// The stories standing that share one of an article's strongest features
    /// (through the inverted index): the only ones it is compared with.
    fn candidates(&self, vector: &Vector) -> Vec<usize> {
        posted_under(
            &self.postings,
            &strongest(vector, self.options.query_features),
        )
        .into_iter()
        .map(|s| s as usize)
        .filter(|&s| self.stories[s].merged_into.is_none())
        .collect()
    }

    /// The story an article joins, if any, by the join rule: the candidate most
    /// similar (hand-set rule) or most probably the same story (learned rule),
    /// when that is enough.
    fn best_match(&self, vector: &Vector, date: Option<NaiveDate>) -> Option<usize> {
        let scored = self.candidates(vector).into_iter().filter_map(|s| {
            let story = &self.stories[s];
            match &self.options.join {
                // A story past the window is not compared at all: in a long
                // stream most stories are.
                JoinRule::Threshold if !self.active(story, date) => None,
                JoinRule::Threshold => {
                    let similarity = f64::from(story.similarity(vector));
                    (similarity >= self.needed_to_join(story, date)).then_some((similarity, s))
                }
                JoinRule::Learned {
                    model,
                    min_probability,
                } => {
                    let p = model.probability(&story.join_features(vector, date));
                    (p >= *min_probability).then_some((p, s))
                }
            }
        });
        scored
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
            .map(|(_, s)| s)
    }

    /// Adds the next article of the stream; returns its story number.
    pub fn add(&mut self, vector: &Vector, date: Option<NaiveDate>) -> usize {
        let story = self.best_match(vector, date);
        self.assign(vector, date, story)
    }

    /// Adds an article to `story`, or to a new story.
    fn assign(&mut self, vector: &Vector, date: Option<NaiveDate>, story: Option<usize>) -> usize {
        let article = self.assignments.len();
        let story = match story {
            Some(s) if s < self.stories.len() => s,
            _ => {
                self.stories.push(Story::new());
                self.stories.len() - 1
            }
        };
        // Every feature new to the story is indexed (queries use only an article's
        // strongest features, so the index must hold all of a story's).
        let new_features: Vec<u32> = vector
            .iter()
            .map(|(id, _)| *id)
            .filter(|id| !self.stories[story].centroid.contains_key(id))
            .collect();
        let s = &mut self.stories[story];
        s.add(vector);
        s.members.push(article);
        s.last = match (s.last, date) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        self.now = self.now.max(date);
        for id in new_features {
            let posting = self.postings.entry(id).or_default();
            posting.push(story as u32);
            // Long lists shed the stories that have gone stale, so that lookups
            // stay short however long the stream runs.
            if posting.len() >= PRUNE_AT && posting.len().is_power_of_two() {
                let (stories, now, window) = (&self.stories, self.now, self.options.window_days);
                posting.retain(|&s| match (stories[s as usize].last, now) {
                    (Some(last), Some(now)) => (now - last).num_days() <= window,
                    _ => true,
                });
            }
        }
        self.assignments.push(story);
        self.dates.push(date);
        self.specifics.push(
            vector
                .iter()
                .map(|(id, _)| *id)
                .filter(|id| id & SPECIFIC != 0)
                .collect(),
        );
        story
    }

    /// The stories (still standing) whose centroids are close enough to this
    /// story's to be the same event: a single pass meets an event's articles in an
    /// order that can start it twice, before the articles that tie the halves
    /// together arrive. Stories with dates within the window of each other merge at
    /// `merge_threshold`; further apart, only at `far_merge_threshold` (dates can be
    /// wrong, and a story can be printed again weeks later). Candidates are the
    /// stories sharing one of the strongest features of the story; the stories
    /// `skip` names are not compared.
    fn close_stories(&self, story: usize, skip: impl Fn(usize) -> bool) -> Vec<usize> {
        let s = &self.stories[story];
        if s.merged_into.is_some() || s.members.is_empty() {
            return Vec::new();
        }
        // The story's centroid as a unit vector.
        let mut vector: Vector = s
            .centroid
            .iter()
            .map(|(&id, &w)| (id, w / s.norm.max(f32::MIN_POSITIVE)))
            .collect();
        vector.sort_unstable_by_key(|(id, _)| *id);
        let mut candidates: Vec<usize> = posted_under(
            &self.postings,
            &strongest(&vector, self.options.query_features),
        )
        .into_iter()
        .map(|c| c as usize)
        .filter(|&c| c != story && self.stories[c].merged_into.is_none() && !skip(c))
        .collect();
        candidates.retain(|&c| {
            let other = &self.stories[c];
            let within_window =
                days_apart(s.last, other.last).is_none_or(|days| days <= self.options.window_days);
            let needed = if within_window {
                self.options.merge_threshold
            } else {
                self.options.far_merge_threshold
            };
            other.similarity(&vector) as f64 >= needed
        });
        candidates
    }

    /// Moves every article of story `from` into story `into`.
    fn merge(&mut self, into: usize, from: usize) {
        if into == from {
            return;
        }
        let moved = std::mem::take(&mut self.stories[from].members);
        let centroid = std::mem::take(&mut self.stories[from].centroid);
        let last = self.stories[from].last;
        self.stories[from].merged_into = Some(into);
        self.stories[from].norm = 0.0;
        let target = &mut self.stories[into];
        target.members.extend(moved);
        for (id, w) in centroid {
            let entry = target.centroid.entry(id).or_insert_with(|| {
                // A feature new to the story is indexed under it, as in `assign`.
                self.postings.entry(id).or_default().push(into as u32);
                0.0
            });
            *entry += w;
        }
        target.last = target.last.max(last);
        target.renormalise();
    }

    /// Which of these articles (by position in the stream) form a second event, if
    /// their names and numbers say they hold two (see [`split`]) and their dates
    /// do not say they are one: two sides reported over the same days (their
    /// date ranges overlap) are one happening told with different details. A
    /// side with no dates gives no evidence either way.
    fn second_event(&self, members: &[usize]) -> Option<Vec<bool>> {
        let specifics: Vec<&[u32]> = members.iter().map(|&m| &*self.specifics[m]).collect();
        let in_second = split(&specifics, self.options.split_overlap, &self.options.split)?;
        let span = |side: bool| {
            let mut dates = members
                .iter()
                .zip(&in_second)
                .filter(|(_, s)| **s == side)
                .filter_map(|(&m, _)| self.dates[m]);
            let first = dates.next()?;
            Some(dates.fold((first, first), |(low, high), d| (low.min(d), high.max(d))))
        };
        match (span(false), span(true)) {
            (Some((a_first, a_last)), Some((b_first, b_last)))
                if a_first <= b_last && b_first <= a_last =>
            {
                None
            }
            _ => Some(in_second),
        }
    }

    /// Merges into story `a` every later story close to it, those close to the ones
    /// it takes (before their centroids join its own), and then those close to the
    /// grown story, until none is left: which stories end up together should not
    /// depend on which of them the pass happened to start first.
    fn absorb_close_stories(&mut self, a: usize) {
        let mut queued: std::collections::HashSet<usize> = std::collections::HashSet::new();
        loop {
            let mut queue: Vec<usize> = self.close_stories(a, |c| c < a);
            if queue.is_empty() {
                return;
            }
            queued.extend(&queue);
            while let Some(b) = queue.pop() {
                if self.stories[b].merged_into.is_some() {
                    continue;
                }
                let further = self.close_stories(b, |c| c <= a || queued.contains(&c));
                queued.extend(&further);
                queue.extend(further);
                self.merge(a, b);
            }
        }
    }

    /// Merges stories whose centroids are close, then returns each article's story,
    /// numbered from 0 in order of first article.
    pub fn finish(mut self) -> Vec<usize> {
        for a in 0..self.stories.len() {
            self.absorb_close_stories(a);
        }
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for story in &self.stories {
            if story.merged_into.is_some() || story.members.is_empty() {
                continue;
            }
            match self.second_event(&story.members) {
                Some(in_second) => {
                    let (b, a): (Vec<_>, Vec<_>) =
                        story.members.iter().zip(in_second).partition(|(_, s)| *s);
                    groups.push(a.into_iter().map(|(&m, _)| m).collect());
                    groups.push(b.into_iter().map(|(&m, _)| m).collect());
                }
                None => groups.push(story.members.clone()),
            }
        }
        groups.sort_by_key(|members| members.iter().min().copied());
        let mut story_of = vec![0usize; self.assignments.len()];
        for (number, members) in groups.iter().enumerate() {
            for &m in members {
                story_of[m] = number;
            }
        }
        story_of
    }
}

/// The `count` features of a vector weighing most, heaviest first (ties by
/// id): what an article or a story is retrieved by ([`ClusterOptions::query_features`]).
pub(crate) fn strongest(vector: &Vector, count: usize) -> Vec<u32> {
    let mut by_weight: Vec<&(u32, f32)> = vector.iter().collect();
    by_weight.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    by_weight.iter().take(count).map(|(id, _)| *id).collect()
}

/// What an inverted index holds under any of these features, ascending and
/// once each; features under more than [`MAX_POSTINGS`] entries are too common
/// to retrieve by.
pub(crate) fn posted_under<T: Copy + Ord>(
    postings: &HashMap<u32, Vec<T>>,
    features: &[u32],
) -> Vec<T> {
    let mut found: Vec<T> = features
        .iter()
        .filter_map(|id| postings.get(id))
        .filter(|p| p.len() < MAX_POSTINGS)
        .flatten()
        .copied()
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

/// Days between two dates, when both are known.
fn days_apart(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<i64> {
    Some((a? - b?).num_days().abs())
}

/// Whether a story is two events, judged by its names and numbers alone: two
/// same-type events (two pirate attacks foiled by the same navy, years apart)
/// share their topic words but each has its own ship, its own count of pirates.
/// The features that some but not all of the articles have are clustered in two
/// (2-means over binary vectors, seeded with the most dissimilar pair); the split
/// stands when the two sides' feature profiles overlap less than `max_overlap`
/// (cosine), one side has a feature of its own (in at least 60% of its articles
/// and at most 20% of the other side's) and the other is an event too (a feature
/// in at least 60% of its articles). Only one side need have details the other
/// lacks: reports of the later event recall the earlier one ("the same store was
/// robbed in 2008"), so the earlier event's details are found on both sides.
/// Returns which articles go to the second side.
fn split(specifics: &[&[u32]], max_overlap: f64, shape: &SplitShape) -> Option<Vec<bool>> {
    let n = specifics.len();
    if n < shape.min_story || max_overlap <= 0.0 {
        return None;
    }
    let mut df: HashMap<u32, usize> = HashMap::default();
    for features in specifics {
        for &f in features.iter() {
            *df.entry(f).or_default() += 1;
        }
    }
    let (low, high) = (shape.band * n as f64, (1.0 - shape.band) * n as f64);
    let kept: Vec<Vec<u32>> = specifics
        .iter()
        .map(|features| {
            features
                .iter()
                .copied()
                .filter(|f| {
                    let d = df[f];
                    d >= 2 && d as f64 >= low && d as f64 <= high
                })
                .collect()
        })
        .collect();
    // Seeds: the least similar pair (among the first few hundred articles).
    let seeds = kept.len().min(400);
    let mut farthest: Option<(f64, usize, usize)> = None;
    for a in 0..seeds {
        for b in a + 1..seeds {
            let similarity = set_cosine(&kept[a], &kept[b]);
            if farthest.is_none_or(|(s, _, _)| similarity < s) {
                farthest = Some((similarity, a, b));
            }
        }
    }
    let (_, a, b) = farthest?;
    let mut first = Profile::of([&kept[a]]);
    let mut second = Profile::of([&kept[b]]);
    let mut in_second = vec![false; n];
    for _ in 0..10 {
        let next: Vec<bool> = kept
            .iter()
            .map(|features| second.cosine_to(features) > first.cosine_to(features))
            .collect();
        let stable = next == in_second;
        in_second = next;
        let side = |wanted: bool| {
            kept.iter()
                .zip(&in_second)
                .filter(move |(_, s)| **s == wanted)
                .map(|(f, _)| f)
        };
        first = Profile::of(side(false));
        second = Profile::of(side(true));
        if stable {
            break;
        }
    }
    let sizes = (
        in_second.iter().filter(|s| !**s).count(),
        in_second.iter().filter(|s| **s).count(),
    );
    if sizes.0.min(sizes.1) < shape.min_side {
        return None;
    }
    let overlap = {
        let dot: f64 = first
            .counts
            .iter()
            .filter_map(|(f, w)| second.counts.get(f).map(|v| v * w))
            .sum();
        dot / (first.length * second.length).max(f64::MIN_POSITIVE)
    };
    // A side's own feature: common in it, rare in the other.
    let has_own = |mine: &Profile, size: usize, theirs: &Profile, other: usize| {
        mine.counts.iter().any(|(f, &count)| {
            count >= shape.own_share * size as f64
                && theirs.counts.get(f).copied().unwrap_or(0.0) <= shape.other_share * other as f64
        })
    };
    // A side that is an event of its own: most of its articles share a detail.
    let coherent = |mine: &Profile, size: usize| {
        mine.counts
            .values()
            .any(|&count| count >= shape.coherent_share * size as f64)
    };
    let distinct = (has_own(&first, sizes.0, &second, sizes.1) && coherent(&second, sizes.1))
        || (has_own(&second, sizes.1, &first, sizes.0) && coherent(&first, sizes.0));
    (overlap <= max_overlap && distinct).then_some(in_second)
}

/// How often each feature occurs among a group of articles, and the length of that
/// count vector.
struct Profile {
    counts: HashMap<u32, f64>,
    length: f64,
}

impl Profile {
    fn of<'a>(members: impl IntoIterator<Item = &'a Vec<u32>>) -> Profile {
        let mut counts: HashMap<u32, f64> = HashMap::default();
        for features in members {
            for &f in features {
                *counts.entry(f).or_default() += 1.0;
            }
        }
        let length = counts.values().map(|w| w * w).sum::<f64>().sqrt();
        Profile { counts, length }
    }

    /// Cosine between an article's (binary) features and the profile.
    fn cosine_to(&self, features: &[u32]) -> f64 {
        if features.is_empty() || self.length == 0.0 {
            return 0.0;
        }
        let dot: f64 = features.iter().filter_map(|f| self.counts.get(f)).sum();
        dot / ((features.len() as f64).sqrt() * self.length)
    }
}

/// Cosine of two sorted feature sets.
fn set_cosine(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = crate::dedup::shared_sorted(a, b);
    shared as f64 / ((a.len() * b.len()) as f64).sqrt()
}

/// The order in which a batch is streamed: by publication date, undated articles
/// after the dated ones, ties in input order.
pub fn publication_order(articles: &[Article]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.sort_by_key(|&i| (articles[i].date.is_none(), articles[i].date, i));
    order
}

/// Clusters a batch into events: IDF over the whole batch, then the articles as
/// a stream in publication order (undated ones in input order, after the dated
/// ones of their position). Returns each article's event number.
pub fn cluster(articles: &[Article], options: &ClusterOptions) -> Vec<usize> {
    events(articles, batch_vectors(articles, options).0, options)
}

/// The two levels of stories: an *event* is one happening, a *storyline* an
/// event with what follows from it (see [`crate::storylines`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Level {
    Event,
    #[default]
    Storyline,
}

/// Each article's event and storyline, both numbered from 0 (events by their
/// first article in publication order, storylines by their first event). Every
/// article of an event is in the event's storyline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Levels {
    pub event: Vec<usize>,
    pub storyline: Vec<usize>,
}

impl Levels {
    /// Each article's story at one level.
    pub fn at(&self, level: Level) -> &[usize] {
        match level {
            Level::Event => &self.event,
            Level::Storyline => &self.storyline,
        }
    }
}

/// Clusters a batch into events, then groups the events into storylines.
pub fn cluster_levels(articles: &[Article], options: &ClusterOptions) -> Levels {
    let (vectors, link) = batch_link_features(articles, options);
    let event = events(articles, vectors, options);
    let storyline = storylines_from(articles, &event, &link, options);
    Levels { event, storyline }
}

/// Groups events formed elsewhere (a store's: `event` is each article's event,
/// any ids) into storylines: each article's storyline, numbered as [`Levels`]
/// numbers them.
pub fn group_into_storylines(
    articles: &[Article],
    event: &[i64],
    options: &ClusterOptions,
) -> Vec<usize> {
    let mut dense: HashMap<i64, usize> = HashMap::default();
    let event: Vec<usize> = event
        .iter()
        .map(|&id| {
            let next = dense.len();
            *dense.entry(id).or_insert(next)
        })
        .collect();
    let (_, link) = batch_link_features(articles, options);
    storylines_from(articles, &event, &link, options)
}

fn storylines_from(
    articles: &[Article],
    event: &[usize],
    link: &LinkFeatures,
    options: &ClusterOptions,
) -> Vec<usize> {
    let dates: Vec<Option<NaiveDate>> = articles.iter().map(|a| a.date).collect();
    let storyline_of_event =
        storylines::storylines(event, &link.names, &link.words, &dates, &options.storyline);
    event.iter().map(|&e| storyline_of_event[e]).collect()
}

/// How alike each pair of articles of a batch is, as the clusterer reads them:
/// the cosine of their feature vectors when both are in one language, of their
/// anchor vectors (names and numbers, see [`Featurizer::anchor_counts`]) when
/// they are not, since two languages share no other feature.
pub fn pair_similarities(
    articles: &[Article],
    pairs: &[(usize, usize)],
    options: &ClusterOptions,
) -> Vec<f64> {
    let (vectors, mut featurizer) = batch_vectors(articles, options);
    let languages: Vec<Language> = articles.iter().map(Article::language).collect();
    let anchors = anchor_vectors(articles, &mut featurizer);
    pairs
        .iter()
        .map(|&(a, b)| {
            let (x, y) = if languages[a] == languages[b] {
                (&vectors[a], &vectors[b])
            } else {
                (&anchors[a], &anchors[b])
            };
            f64::from(dot(x, y))
        })
        .collect()
}

/// Each article's anchor vector: TF-IDF over the batch of its names and
/// numbers (see [`Featurizer::anchor_counts`]).
fn anchor_vectors(articles: &[Article], featurizer: &mut Featurizer) -> Vec<Vector> {
    let counts: Vec<Vec<(u32, f32)>> = articles
        .iter()
        .map(|a| featurizer.anchor_counts(a))
        .collect();
    let mut frequencies = DocumentFrequencies::default();
    for c in &counts {
        frequencies.add(c, featurizer);
    }
    counts.iter().map(|c| frequencies.vector(c)).collect()
}

/// The dot product of two sparse vectors sorted by feature id (their cosine,
/// when both are unit length).
pub fn dot(a: &Vector, b: &Vector) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// The storyline link's two similarities (names, content words) between pairs
/// of articles of a batch, each taken as an event of its own.
pub fn link_similarities(
    articles: &[Article],
    pairs: &[(usize, usize)],
    options: &ClusterOptions,
) -> Vec<(f64, f64)> {
    let (_, link) = batch_link_features(articles, options);
    let own: Vec<usize> = (0..articles.len()).collect();
    storylines::link_similarities(&own, &link.names, &link.words, pairs)
}

/// What the storyline level reads of each article: its name features and its
/// content words with their TF-IDF weights.
struct LinkFeatures {
    names: Vec<Vec<u32>>,
    words: Vec<Vector>,
}

/// Each article's batch vector and its storyline link features.
fn batch_link_features(
    articles: &[Article],
    options: &ClusterOptions,
) -> (Vec<Vector>, LinkFeatures) {
    let (vectors, featurizer) = batch_vectors(articles, options);
    let names = vectors
        .iter()
        .map(|v| {
            v.iter()
                .map(|(id, _)| *id)
                .filter(|&id| featurizer.is_name(id))
                .collect()
        })
        .collect();
    let words = vectors
        .iter()
        .map(|v| v.iter().filter(|(id, _)| kind(*id) == 0).copied().collect())
        .collect();
    (vectors, LinkFeatures { names, words })
}

/// Each article's event, from its batch vector.
fn events(articles: &[Article], vectors: Vec<Vector>, options: &ClusterOptions) -> Vec<usize> {
    let mut vectors: Vec<Option<Vector>> = vectors.into_iter().map(Some).collect();
    let order = publication_order(articles);
    let by_stream_position = cluster_stream(
        order
            .iter()
            .map(|&i| (vectors[i].take().unwrap_or_default(), articles[i].date)),
        options,
    );
    let mut story_of = vec![0usize; articles.len()];
    for (position, &i) in order.iter().enumerate() {
        story_of[i] = by_stream_position[position];
    }
    let languages: Vec<Language> = articles.iter().map(Article::language).collect();
    if in_one_language(&languages) {
        return story_of;
    }
    let anchors = anchor_vectors(articles, &mut Featurizer::for_batch(articles, options));
    let members: Vec<Anchored> = anchors
        .into_iter()
        .zip(languages)
        .zip(articles)
        .map(|((anchors, language), article)| Anchored {
            language,
            anchors,
            date: article.date,
        })
        .collect();
    join_across_languages(&members, &story_of, &order, options)
}

/// Whether every article of a batch is in one language (none needs joining
/// across languages).
pub fn in_one_language(languages: &[Language]) -> bool {
    languages.iter().all(|l| *l == languages[0])
}

/// What the join across languages reads of an article: its language, its
/// anchor vector (see [`Featurizer::anchor_counts`]) and its date.
pub struct Anchored {
    pub language: Language,
    pub anchors: Vector,
    pub date: Option<NaiveDate>,
}

/// Joins events told in different languages: each event's names and numbers
/// (summed over its articles) against every other event's in another
/// language, within the window (see
/// [`ClusterOptions::cross_lingual_threshold`]). `event` is each member's
/// event; events are numbered again by their first member in `order` (the
/// stream's order).
pub fn join_across_languages(
    members: &[Anchored],
    event: &[usize],
    order: &[usize],
    options: &ClusterOptions,
) -> Vec<usize> {
    let events = event.iter().max().map_or(0, |&e| e + 1);
    // Each event's summed anchor vector, its language (its first member's),
    // and its dates.
    let mut sums: Vec<HashMap<u32, f32>> = vec![HashMap::default(); events];
    let mut language: Vec<Option<Language>> = vec![None; events];
    let mut dates: Vec<(Option<NaiveDate>, Option<NaiveDate>)> = vec![(None, None); events];
    for &i in order {
        let e = event[i];
        for &(id, w) in &members[i].anchors {
            *sums[e].entry(id).or_default() += w;
        }
        language[e].get_or_insert(members[i].language);
        if let Some(date) = members[i].date {
            let (first, last) = &mut dates[e];
            *first = Some(first.map_or(date, |f| f.min(date)));
            *last = Some(last.map_or(date, |l| l.max(date)));
        }
    }
    let centroids: Vec<Vector> = sums
        .into_iter()
        .map(|sum| {
            let mut vector: Vector = sum.into_iter().collect();
            vector.sort_unstable_by_key(|(id, _)| *id);
            let norm = vector.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
            if norm > 0.0 {
                for (_, w) in &mut vector {
                    *w /= norm;
                }
            }
            vector
        })
        .collect();
    let near = |a: usize, b: usize| {
        let gap = match (dates[a], dates[b]) {
            ((Some(first_a), Some(last_a)), (Some(first_b), Some(last_b))) => (first_b - last_a)
                .num_days()
                .max((first_a - last_b).num_days()),
            _ => 0,
        };
        gap <= options.window_days
    };
    // Candidates share one of their strongest features, as in the single pass.
    let heaviest = |vector: &Vector| strongest(vector, options.query_features);
    let mut postings: HashMap<u32, Vec<usize>> = HashMap::default();
    for (e, centroid) in centroids.iter().enumerate() {
        for id in heaviest(centroid) {
            postings.entry(id).or_default().push(e);
        }
    }
    let mut joined = UnionFind::new(events);
    for (a, centroid) in centroids.iter().enumerate() {
        let mut candidates: Vec<usize> = heaviest(centroid)
            .iter()
            .flat_map(|id| postings[id].iter().copied())
            .filter(|&b| b > a && language[a] != language[b])
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        for b in candidates {
            if near(a, b)
                && f64::from(dot(centroid, &centroids[b])) >= options.cross_lingual_threshold
            {
                joined.union(a, b);
            }
        }
    }
    let mut number: HashMap<usize, usize> = HashMap::default();
    let mut renumbered = vec![0; members.len()];
    for &i in order {
        let root = joined.root(event[i]);
        let next = number.len();
        renumbered[i] = *number.entry(root).or_insert(next);
    }
    renumbered
}

/// Each article's TF-IDF vector, IDF taken over the whole batch, and the
/// featurizer that made them (it knows which features are names).
fn batch_vectors(articles: &[Article], options: &ClusterOptions) -> (Vec<Vector>, Featurizer) {
    let mut featurizer = Featurizer::for_batch(articles, options);
    let counts: Vec<Vec<(u32, f32)>> = articles.iter().map(|a| featurizer.counts(a)).collect();
    let mut frequencies = DocumentFrequencies::default();
    for c in &counts {
        frequencies.add(c, &featurizer);
    }
    let vectors = counts.iter().map(|c| frequencies.vector(c)).collect();
    (vectors, featurizer)
}

/// The join model's training examples from a labelled batch (`gold`: each
/// article's story). The articles are streamed in publication order as
/// [`cluster`] streams them; each story an article is compared with (see
/// `StoryClusterer::candidates`) is an example, labelled by whether most of that
/// story's articles so far are of the article's gold story. With the hand-set
/// join rule each article then joins its gold story (teacher forcing: the stories
/// are the true ones); with a learned rule it goes where that rule puts it, so
/// the examples are the stories a clusterer really meets, mistakes included
/// (one round of imitation learning, as in DAgger). Every example weighs
/// `weight`.
pub fn join_examples(
    articles: &[Article],
    gold: &[usize],
    options: &ClusterOptions,
    weight: f64,
) -> Vec<Example> {
    let (vectors, _) = batch_vectors(articles, options);
    let mut clusterer = StoryClusterer::new(options.clone());
    let mut story_of_gold: HashMap<usize, usize> = HashMap::default();
    // Each story's members by gold story, and its majority gold story.
    let mut golds: Vec<HashMap<usize, usize>> = Vec::new();
    let majority = |counts: &HashMap<usize, usize>| {
        counts
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(&g, _)| g)
    };
    let on_policy = matches!(options.join, JoinRule::Learned { .. });
    let mut examples = Vec::new();
    for i in publication_order(articles) {
        let vector = &vectors[i];
        let date = articles[i].date;
        for s in clusterer.candidates(vector) {
            examples.push(Example {
                features: clusterer.stories[s].join_features(vector, date).to_vec(),
                label: majority(&golds[s]) == Some(gold[i]),
                weight,
            });
        }
        let story = if on_policy {
            clusterer.best_match(vector, date)
        } else {
            story_of_gold.get(&gold[i]).copied()
        };
        let story = clusterer.assign(vector, date, story);
        if story == golds.len() {
            golds.push(HashMap::default());
        }
        *golds[story].entry(gold[i]).or_default() += 1;
        story_of_gold.insert(gold[i], story);
    }
    examples
}

/// Clusters a stream of article vectors (with their dates), in the order given:
/// the single pass, then the merges and the split check of
/// [`StoryClusterer::finish`]. Returns each article's story number, by stream
/// position. The batch ([`cluster`]) and the live path ([`crate::live`]) both
/// form their stories here, so the two cannot drift apart.
pub fn cluster_stream(
    stream: impl IntoIterator<Item = (Vector, Option<NaiveDate>)>,
    options: &ClusterOptions,
) -> Vec<usize> {
    let mut clusterer = StoryClusterer::new(options.clone());
    for (vector, date) in stream {
        clusterer.add(&vector, date);
    }
    clusterer.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feature ids for the split tests: shared topic names, each event's own.
    const INDIA: u32 = SPECIFIC | 1;
    const ADEN: u32 = SPECIFIC | 2;
    const MYSORE: u32 = SPECIFIC | 3;
    const TWENTY_THREE: u32 = SPECIFIC | 4;
    const SUKANYA: u32 = SPECIFIC | 5;
    const TWENTY_SIX: u32 = SPECIFIC | 6;

    fn sides(stories: &[Vec<u32>]) -> Option<Vec<bool>> {
        let refs: Vec<&[u32]> = stories.iter().map(Vec::as_slice).collect();
        let options = ClusterOptions::default();
        split(&refs, options.split_overlap, &options.split)
    }

    /// Asserts that the split puts the articles before `at` on one side and the
    /// rest on the other.
    fn assert_split_at(articles: &[Vec<u32>], at: usize) {
        let second = sides(articles).expect("two events");
        assert!(second[..at].iter().all(|s| *s != second[at]), "{second:?}");
        assert!(second[at..].iter().all(|s| *s == second[at]), "{second:?}");
    }

    #[test]
    fn two_events_with_their_own_names_and_numbers_are_split() {
        let mut articles = vec![vec![INDIA, ADEN, MYSORE, TWENTY_THREE]; 5];
        articles.push(vec![INDIA, MYSORE]);
        articles.extend(vec![vec![INDIA, ADEN, SUKANYA, TWENTY_SIX]; 4]);
        assert_split_at(&articles, 6);
    }

    #[test]
    fn one_event_told_with_varying_detail_stays_whole() {
        // Every article names the ship; details come and go.
        let articles = vec![
            vec![INDIA, MYSORE, TWENTY_THREE],
            vec![INDIA, MYSORE, ADEN],
            vec![MYSORE, TWENTY_THREE, ADEN],
            vec![INDIA, MYSORE],
            vec![MYSORE, ADEN, TWENTY_THREE],
            vec![INDIA, MYSORE, TWENTY_THREE, ADEN],
            vec![MYSORE],
        ];
        assert_eq!(sides(&articles), None);
    }

    #[test]
    fn a_later_event_whose_reports_recall_the_earlier_one_is_split() {
        // The second attack's reports name their own ship and count, and one of
        // them recalls the first attack's: the first has no detail of its own.
        let mut articles = vec![vec![INDIA, ADEN, MYSORE, TWENTY_THREE]; 5];
        articles.push(vec![INDIA, ADEN, SUKANYA, TWENTY_SIX, MYSORE, TWENTY_THREE]);
        articles.extend(vec![vec![INDIA, ADEN, SUKANYA, TWENTY_SIX]; 3]);
        assert_split_at(&articles, 5);
    }

    #[test]
    fn reports_of_the_same_days_with_details_of_their_own_are_one_event() {
        // The two groups of details above, with the topic words they share:
        // reported days apart, two events; over the same days, one event whose
        // reports add different details.
        let day = |d| NaiveDate::from_ymd_opt(2024, 5, d);
        let mut details = vec![vec![INDIA, ADEN, MYSORE, TWENTY_THREE]; 5];
        details.push(vec![INDIA, ADEN, SUKANYA, TWENTY_SIX, MYSORE, TWENTY_THREE]);
        details.extend(vec![vec![INDIA, ADEN, SUKANYA, TWENTY_SIX]; 3]);
        let stories = |second_group_on: u32| {
            let mut clusterer = StoryClusterer::new(ClusterOptions::default());
            for (i, specifics) in details.iter().enumerate() {
                let features: Vec<u32> = [1, 2, 3].into_iter().chain(specifics.clone()).collect();
                let date = if i < 5 { day(1) } else { day(second_group_on) };
                clusterer.add(&unit(&features), date);
            }
            clusterer.finish()
        };
        assert_eq!(stories(4), [vec![0; 5], vec![1; 4]].concat());
        assert_eq!(stories(1), vec![0; 9]);
    }

    #[test]
    fn a_group_without_a_shared_detail_is_not_an_event() {
        // Four articles share a ship and a count; four others each mention two of
        // four names, none of them in most of the four.
        let mut articles = vec![vec![MYSORE, TWENTY_THREE]; 4];
        articles.extend([
            vec![INDIA, ADEN],
            vec![SUKANYA, TWENTY_SIX],
            vec![INDIA, SUKANYA],
            vec![ADEN, TWENTY_SIX],
        ]);
        assert_eq!(sides(&articles), None);
    }

    #[test]
    fn stories_months_apart_merge_only_when_their_text_is_nearly_the_same() {
        let date = |m| NaiveDate::from_ymd_opt(2024, m, 1);
        let mut clusterer = StoryClusterer::new(ClusterOptions::default());
        // A report, the same report printed five months later, and a report half a
        // year after that which shares a third of its weight with them (cosine 1/3:
        // enough to merge within the window, not across it).
        clusterer.add(&unit(&[1, 2, 3]), date(1));
        clusterer.add(&unit(&[1, 2, 3]), date(6));
        clusterer.add(&unit(&[1, 7, 8]), date(12));
        // Each came after the one before had gone stale: three stories in the pass.
        assert_eq!(clusterer.stories.len(), 3);
        assert_eq!(clusterer.finish(), vec![0, 0, 1]);
    }

    /// A unit vector over the given feature ids, each weighted 1.
    fn unit(ids: &[u32]) -> Vector {
        let w = 1.0 / (ids.len() as f32).sqrt();
        ids.iter().map(|&id| (id, w)).collect()
    }

    #[test]
    fn an_article_needs_more_similarity_to_join_a_story_each_day_it_ages() {
        let options = ClusterOptions {
            threshold: 0.15,
            staleness_per_day: 0.1,
            merge_threshold: 0.3,
            ..ClusterOptions::default()
        };
        let day = |d| NaiveDate::from_ymd_opt(2024, 5, d);
        // The second article shares one of five features with the first (cosine
        // 0.2): enough the same day (0.15), not three days on (0.3, capped).
        let (first, second) = (unit(&[1, 2, 3, 4, 5]), unit(&[1, 6, 7, 8, 9]));
        let mut same_day = StoryClusterer::new(options.clone());
        same_day.add(&first, day(1));
        assert_eq!(same_day.add(&second, day(1)), 0);
        let mut days_later = StoryClusterer::new(options);
        days_later.add(&first, day(1));
        assert_eq!(days_later.add(&second, day(4)), 1);
        // An article as close as merging stories need (cosine 0.8) still joins
        // ten days on, within the window.
        assert_eq!(days_later.add(&unit(&[1, 2, 3, 4, 6]), day(11)), 0);
    }

    #[test]
    fn a_learned_rule_weighs_similarity_against_time_with_no_window() {
        // Joins when 12 × cosine − log(1 + days) − 3 ≥ 0 (p ≥ one half).
        let mut weights = vec![0.0; JOIN_FEATURES.len() + 1];
        weights[0] = -3.0;
        weights[1] = 12.0;
        weights[5] = -1.0;
        let options = ClusterOptions {
            join: JoinRule::Learned {
                model: Logistic { weights },
                min_probability: 0.5,
            },
            ..ClusterOptions::default()
        };
        let day = |d| NaiveDate::from_ymd_opt(2024, 1, 1).map(|start| start + chrono::Days::new(d));
        let first = unit(&[1, 2, 3, 4, 5]);
        // Cosine 0.8 joins however late, past any window: 9.6 − log(201) − 3 > 0.
        let mut late = StoryClusterer::new(options.clone());
        late.add(&first, day(0));
        assert_eq!(late.add(&unit(&[1, 2, 3, 4, 6]), day(200)), 0);
        // Cosine 0.4 joins the same day (4.8 − 3 > 0); the next article, cosine 0.48
        // with the two, not a month on (5.7 − log(31) − 3 < 0).
        let mut weak = StoryClusterer::new(options);
        weak.add(&first, day(0));
        assert_eq!(weak.add(&unit(&[1, 2, 6, 7, 8]), day(0)), 0);
        assert_eq!(weak.add(&unit(&[1, 2, 9, 10, 11]), day(30)), 1);
    }

    #[test]
    fn reports_of_one_event_in_two_languages_are_one_event() {
        let articles = crate::testing::two_languages();
        let events = cluster(&articles, &ClusterOptions::default());
        assert_eq!(events, [0, 0, 1]);
        // In one language, nothing is joined across languages.
        assert_eq!(cluster(&articles[1..], &ClusterOptions::default()), [0, 1]);
        assert_eq!(name_skeleton("Сирия"), name_skeleton("Syrie"));
        assert_eq!(name_skeleton("Bashar"), name_skeleton("Bachar"));
        assert_eq!(number_key("1.500"), "1500");
        assert_eq!(number_key("2.5"), "2.5");
    }

    #[test]
    fn join_examples_label_each_compared_story_by_its_gold_majority() {
        let article = |title: &str, text: &str, day: u32| Article {
            title: title.to_string(),
            date: NaiveDate::from_ymd_opt(2024, 5, day),
            ..crate::testing::article(None, text)
        };
        let articles = [
            article("Calder floods", "Flood waters rose in Calder overnight.", 1),
            article("Calder floods again", "Calder flood waters rose again.", 2),
            article("Marlow strike", "Dockers in Marlow went on strike.", 3),
            article("Marlow strike goes on", "The Marlow dockers stayed out.", 3),
        ];
        let examples = join_examples(&articles, &[0, 0, 1, 1], &ClusterOptions::default(), 0.5);
        // The second flood report meets the flood story (its own), the second
        // strike report the strike story (its own) and perhaps the flood story.
        let positives = examples.iter().filter(|e| e.label).count();
        assert_eq!(positives, 2, "{examples:?}");
        assert!(examples.len() <= 3, "{examples:?}");
        for example in &examples {
            assert_eq!(example.weight, 0.5);
            assert_eq!(example.features.len(), JOIN_FEATURES.len());
            // A compared story is the article's own exactly when it is closer.
            assert_eq!(example.label, example.features[0] > 0.3, "{examples:?}");
        }
    }

    fn article(title: &str, text: &str) -> Article {
        Article {
            title: title.to_string(),
            ..crate::testing::article(None, text)
        }
    }

    #[test]
    fn an_outlets_furniture_does_not_join_its_unrelated_reports() {
        let (articles, gold): (Vec<Article>, Vec<usize>) =
            crate::testing::local_station_stream().into_iter().unzip();
        let learned = cluster(&articles, &ClusterOptions::default());
        assert_eq!(learned, gold, "each report with its own event");
        // Read whole, the station's headline suffix, notice and slogan are what
        // its three reports share most: they join one another.
        let unlearned = ClusterOptions {
            furniture: FurnitureOptions {
                min_articles: u32::MAX,
                ..FurnitureOptions::default()
            },
            ..ClusterOptions::default()
        };
        let read_whole = cluster(&articles, &unlearned);
        let mut station: Vec<usize> = (0..articles.len())
            .filter(|&i| articles[i].outlet.as_deref() == Some("Valley 7"))
            .map(|i| read_whole[i])
            .collect();
        station.sort_unstable();
        assert!(station.windows(2).any(|w| w[0] == w[1]), "{read_whole:?}");
    }

    #[test]
    fn a_background_keeps_the_names_a_small_batch_shares_weighty() {
        // Two reports of one grounding share the ship's name and the everyday
        // words of any report; alone, the batch cannot tell which is which.
        let first = article(
            "Tugs free the Alder Queen",
            "Tugs freed the ferry Alder Queen from the reef on Tuesday, officials said.",
        );
        let second = article(
            "Inquiry into grounding",
            "The inquiry into why the Alder Queen hit the reef began, officials said on Thursday.",
        );
        let similarity = |background_weight| {
            let options = ClusterOptions {
                background_weight,
                ..ClusterOptions::default()
            };
            let mut featurizer = Featurizer::new(options);
            let counts = [featurizer.counts(&first), featurizer.counts(&second)];
            let mut frequencies = DocumentFrequencies::default();
            counts.iter().for_each(|c| frequencies.add(c, &featurizer));
            dot(
                &frequencies.vector(&counts[0]),
                &frequencies.vector(&counts[1]),
            )
        };
        let (alone, with_background) = (similarity(0.0), similarity(1.0));
        assert!(with_background > alone + 0.05, "{alone} {with_background}");
    }

    /// A batch on top of remembered frequencies weighs every vector to the
    /// bit as the remembered frequencies with the batch added would, for
    /// features the remembered articles hold and features new in the batch,
    /// from an empty start too.
    #[test]
    fn a_batch_on_top_weighs_as_the_batch_added() {
        let remembered = [
            article(
                "Tugs free the Alder Queen",
                "Tugs freed the ferry from the reef on Tuesday.",
            ),
            article(
                "Inquiry into grounding",
                "The inquiry into the grounding began on Thursday.",
            ),
        ];
        let batch = [
            article(
                "Ferry back in service",
                "The Alder Queen sailed again on Friday, 14 days later.",
            ),
            article(
                "Harbour reopens",
                "The harbour at Tessel reopened to ferries on Friday.",
            ),
        ];
        let mut featurizer = Featurizer::new(ClusterOptions::default());
        let remembered: Vec<Counts> = remembered.iter().map(|a| featurizer.counts(a)).collect();
        let batch: Vec<Counts> = batch.iter().map(|a| featurizer.counts(a)).collect();
        for known in [&remembered[..], &[]] {
            let mut frequencies = DocumentFrequencies::default();
            known.iter().for_each(|c| frequencies.add(c, &featurizer));
            let on_top = frequencies.with_batch(&batch, &featurizer);
            let mut added = frequencies.clone();
            batch.iter().for_each(|c| added.add(c, &featurizer));
            for counts in known.iter().chain(&batch) {
                assert_eq!(on_top.vector(counts), added.vector(counts));
            }
        }
    }

    /// A word's features are the same, with the same ids, whether its stem
    /// was cached or not: met in a body and then in a headline, in a headline
    /// and then in a body, as a name and as a number.
    #[test]
    fn cached_stems_give_the_features_fresh_ones_do() {
        let articles = [
            article(
                "Tugs free the Alder Queen",
                "Tugs freed the ferry from the reef on Tuesday with 212 aboard.",
            ),
            article(
                "Ferry freed, reef inquiry opens",
                "The Alder Queen inquiry began, the ferry's owners said.",
            ),
            article(
                "Inquiry into grounding",
                "Tugs and divers joined the inquiry into the Queen's grounding.",
            ),
        ];
        let mut cached = Featurizer::new(ClusterOptions::default());
        let mut uncached = Featurizer::new(ClusterOptions::default());
        for article in &articles {
            uncached.stem_features.clear();
            let expected = uncached.counts(article);
            assert_eq!(cached.counts(article), expected);
        }
        assert!(!cached.stem_features.is_empty());
        assert_eq!(cached.feature_strings(), uncached.feature_strings());
    }

    #[test]
    fn shared_headline_words_count_more_than_the_same_words_in_a_body() {
        let flood = article("Flood closes river bridge", "Officials spoke on Monday.");
        let same_headline = article("River bridge closed by flood", "Residents waited.");
        let in_the_body = article("Officials meet", "The flood closed the river bridge.");
        let cosines = |headline_weight| {
            let options = ClusterOptions {
                headline_weight,
                ..ClusterOptions::default()
            };
            let mut featurizer = Featurizer::new(options);
            let counts: Vec<_> = [&flood, &same_headline, &in_the_body]
                .map(|a| featurizer.counts(a))
                .to_vec();
            let mut frequencies = DocumentFrequencies::default();
            counts.iter().for_each(|c| frequencies.add(c, &featurizer));
            let v: Vec<Vector> = counts.iter().map(|c| frequencies.vector(c)).collect();
            (dot(&v[0], &v[1]), dot(&v[0], &v[2]))
        };
        let (headlines_off, headlines_on) = (cosines(0.0), cosines(4.0));
        assert!(
            headlines_on.0 > headlines_off.0,
            "{headlines_on:?} {headlines_off:?}"
        );
        assert!(
            headlines_on.1 < headlines_off.1,
            "{headlines_on:?} {headlines_off:?}"
        );
        assert!(headlines_on.0 > headlines_on.1);
    }

    #[test]
    fn small_stories_are_never_split() {
        let mut articles = vec![vec![MYSORE, TWENTY_THREE]; 3];
        articles.extend(vec![vec![SUKANYA, TWENTY_SIX]; 2]);
        assert_eq!(sides(&articles), None);
    }
}
