//! Stories over a growing corpus: where the articles of a new batch go, given the
//! stories already formed.
//!
//! A store (SQLite today, others later) keeps articles and their stories; this
//! module decides, and the store only records the decision. So the clustering
//! policy lives in one crate, and the live path gives the stories the batch path
//! gives: each batch is clustered together with every stored story it could join
//! by the very function a batch run uses ([`cluster_stream`]: the single pass, the
//! merges, the split check), and the stories that come out are matched to the
//! stored ones. A batch can so tie two stories together (a merge), show that a
//! story holds two events (some of its articles move to a new story), or move an
//! article to the story the batch made it part of. The store tells
//! [`LiveStories`] what it holds ([`LiveStories::remember`],
//! [`LiveStories::merged`], [`LiveStories::moved`]), asks it to place a batch
//! ([`LiveStories::place`]), and writes the [`Placement`] in one transaction.
//!
//! Stories are named by the caller's ids ([`StoryId`]); ids of new stories are
//! taken from the `next_story` given, counting up. A story keeps its id while it
//! keeps most of its articles, so that a reader following it is not lost.

use std::collections::HashMap;

use chrono::NaiveDate;

use rustc_hash::FxHashMap;

use crate::cluster::{
    cluster_stream, in_one_language, join_across_languages, posted_under, strongest, Anchored,
    ClusterOptions, Counts, DocumentFrequencies, Featurizer, WithBatch, MAX_POSTINGS,
};
use crate::model::Article;
use crate::text::Language;

/// A story's id as the caller (a store) numbers stories.
pub type StoryId = i64;

/// The stories of a corpus as the clusterer needs them: every remembered
/// article's features, story and date.
pub struct LiveStories {
    options: ClusterOptions,
    featurizer: Featurizer,
    /// In replay order once sorted: dated articles by date, then undated; ties by
    /// the caller's article order.
    known: Vec<Known>,
    sorted: bool,
    /// Where each remembered article is in `known`, by the caller's order (valid
    /// while `sorted`).
    position: HashMap<i64, usize>,
    frequencies: DocumentFrequencies,
    /// The same for the anchors (names and numbers) that join languages.
    anchor_frequencies: DocumentFrequencies,
    /// Each story's latest article date (None while it has only undated ones).
    story_last: HashMap<StoryId, Option<NaiveDate>>,
    /// How many remembered articles are undated (without one, no story is).
    undated: usize,
    /// The stories holding each feature (in any of their articles), under the
    /// id a story had when the article was posted: how an undated article finds
    /// the stories it could join, whatever their dates (see
    /// [`LiveStories::joinable`]). Built when first needed, so a corpus whose
    /// articles all carry dates never pays for it.
    story_postings: Option<FxHashMap<u32, Vec<StoryId>>>,
    /// Stories merged into others (absorbed → kept), to read the postings' old ids.
    merged_into: HashMap<StoryId, StoryId>,
    /// The features of the last placed batch's articles, by their index in it,
    /// for [`LiveStories::remember_placed`].
    placed: Vec<Option<(Counts, Counts)>>,
}

struct Known {
    /// The caller's order of articles (a store's row id).
    order: i64,
    story: StoryId,
    date: Option<NaiveDate>,
    counts: Counts,
    language: Language,
    anchor_counts: Counts,
}

/// Where a batch went: what the caller stores, in this order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Placement {
    /// Each fresh article (its index in the batch) in publication order, with the
    /// story it joined or started.
    pub placed: Vec<(usize, StoryId)>,
    /// Stories the batch started (new ids, from `next_story` up), including those
    /// that take articles split off a stored story.
    pub new_stories: usize,
    /// Stored articles (by the caller's order) that go to another story: the
    /// batch showed their story to be two events, or them to belong with another.
    pub moves: Vec<(i64, StoryId)>,
    /// Stories that end: their articles (those not moved) join another story,
    /// whose id the merged story's keeps answering for. (merged away, kept).
    /// Applied after the moves; no kept story is merged away.
    pub merges: Vec<(StoryId, StoryId)>,
    /// The stories whose articles changed, after the merges: their briefings are
    /// to be written again. Ascending.
    pub changed: Vec<StoryId>,
}

impl Placement {
    /// The story `story` is part of after the batch's merges.
    pub fn current(&self, story: StoryId) -> StoryId {
        self.merges
            .iter()
            .find(|(absorbed, _)| *absorbed == story)
            .map_or(story, |&(_, kept)| kept)
    }
}

impl LiveStories {
    pub fn new(options: ClusterOptions) -> LiveStories {
        LiveStories {
            featurizer: Featurizer::new(options.clone()),
            options,
            known: Vec::new(),
            sorted: true,
            position: HashMap::new(),
            frequencies: DocumentFrequencies::default(),
            anchor_frequencies: DocumentFrequencies::default(),
            story_last: HashMap::new(),
            undated: 0,
            story_postings: None,
            merged_into: HashMap::new(),
            placed: Vec::new(),
        }
    }

    /// Records a stored article: `order` is the caller's order of articles (a row
    /// id), `story` the story it is in.
    pub fn remember(&mut self, order: i64, article: &Article, story: StoryId) {
        self.featurizer.furniture.observe(article);
        let features = self.featurizer.counts_and_anchors(article);
        self.remember_features(order, article, story, features);
    }

    /// [`LiveStories::remember`] for the article of the last placed batch at
    /// `index` (as the caller stored it), whose features the placement read.
    pub fn remember_placed(&mut self, index: usize, order: i64, article: &Article, story: StoryId) {
        match self.placed.get_mut(index).and_then(Option::take) {
            Some(features) => {
                self.featurizer.furniture.observe(article);
                self.remember_features(order, article, story, features)
            }
            None => self.remember(order, article, story),
        }
    }

    fn remember_features(
        &mut self,
        order: i64,
        article: &Article,
        story: StoryId,
        (counts, anchor_counts): (Counts, Counts),
    ) {
        self.frequencies.add(&counts, &self.featurizer);
        self.anchor_frequencies
            .add(&anchor_counts, &self.featurizer);
        let last = self.story_last.entry(story).or_default();
        *last = (*last).max(article.date);
        self.undated += usize::from(article.date.is_none());
        if let Some(postings) = &mut self.story_postings {
            post(postings, &counts, story);
        }
        self.known.push(Known {
            order,
            story,
            date: article.date,
            counts,
            language: article.language(),
            anchor_counts,
        });
        self.sorted = false;
    }

    /// Records that story `absorbed` was merged into `kept`.
    pub fn merged(&mut self, absorbed: StoryId, kept: StoryId) {
        self.merged_into.insert(absorbed, kept);
        for known in self.known.iter_mut().filter(|k| k.story == absorbed) {
            known.story = kept;
        }
        if let Some(last) = self.story_last.remove(&absorbed) {
            let kept_last = self.story_last.entry(kept).or_default();
            *kept_last = (*kept_last).max(last);
        }
    }

    /// Records that the article the caller orders as `order` is now in `story`.
    pub fn moved(&mut self, order: i64, story: StoryId) {
        self.sort();
        if let Some(known) = self.position.get(&order).map(|&at| &mut self.known[at]) {
            known.story = story;
            let last = self.story_last.entry(story).or_default();
            *last = (*last).max(known.date);
            if let Some(postings) = &mut self.story_postings {
                post(postings, &known.counts, story);
            }
        }
    }

    /// Puts the remembered articles in replay order, if any came since.
    fn sort(&mut self) {
        if !self.sorted {
            self.known
                .sort_by_key(|k| (k.date.is_none(), k.date, k.order));
            self.position = self
                .known
                .iter()
                .enumerate()
                .map(|(at, k)| (k.order, at))
                .collect();
            self.sorted = true;
        }
    }

    /// Places a batch of fresh articles among the remembered stories. It does not
    /// remember them: the caller stores the placement and remembers what it stored.
    ///
    /// `with_copies` are stories holding a copy of a fresh article (its words from
    /// another source): a report printed again, or misdated, belongs with its
    /// first printing however far apart their dates. Other stories whose latest
    /// date is beyond the clusterer's window of every fresh date are left out, so
    /// that a batch into a corpus of years costs what its recent weeks cost.
    pub fn place(
        &mut self,
        fresh: &[Article],
        with_copies: &[StoryId],
        next_story: StoryId,
    ) -> Placement {
        self.prepare_to_place(fresh);
        let (fresh_counts, fresh_anchors) = self.featurize_fresh(fresh);
        let frequencies = self.frequencies.with_batch(&fresh_counts, &self.featurizer);
        // The stream a batch run over these articles would see: publication order,
        // undated last, ties in the caller's order (stored before fresh).
        let joinable = self.joinable(fresh, &fresh_counts, &frequencies, with_copies);
        let mut stream: Vec<Member> = joinable
            .iter()
            .map(|&at| Member::Known(at))
            .chain((0..fresh.len()).map(Member::Fresh))
            .collect();
        let date = |m: &Member| match *m {
            Member::Known(at) => self.known[at].date,
            Member::Fresh(i) => fresh[i].date,
        };
        stream.sort_by_key(|m| {
            let (fresh_rank, order) = match *m {
                Member::Known(at) => (0, self.known[at].order),
                Member::Fresh(i) => (1, i as i64),
            };
            (date(m).is_none(), date(m), fresh_rank, order)
        });
        let groups = cluster_stream(
            stream.iter().map(|m| {
                let counts = match *m {
                    Member::Known(at) => &self.known[at].counts,
                    Member::Fresh(i) => &fresh_counts[i],
                };
                (frequencies.vector(counts), date(m))
            }),
            &self.options,
        );
        let groups = self.join_across_languages(fresh, &fresh_anchors, &stream, groups);
        self.placed = fresh_counts
            .into_iter()
            .zip(fresh_anchors)
            .map(Some)
            .collect();
        self.placement(&stream, &groups, next_story)
    }

    /// The features of a batch's articles, each read with the outlet furniture
    /// its storing will have seen: the stored articles', and those of the batch
    /// stored before it (in publication order, as [`Placement::placed`] lists
    /// them). A store that reads the rows back sees the same.
    fn featurize_fresh(&mut self, fresh: &[Article]) -> (Vec<Counts>, Vec<Counts>) {
        let saved = self.featurizer.furniture.save(fresh);
        let mut order: Vec<usize> = (0..fresh.len()).collect();
        order.sort_by_key(|&i| (fresh[i].date.is_none(), fresh[i].date, i));
        let mut features: Vec<(Counts, Counts)> = vec![Default::default(); fresh.len()];
        for i in order {
            self.featurizer.furniture.observe(&fresh[i]);
            features[i] = self.featurizer.counts_and_anchors(&fresh[i]);
        }
        self.featurizer.furniture.restore(saved);
        features.into_iter().unzip()
    }

    /// The batch run's last step (see [`join_across_languages`]) over the stream:
    /// groups in different languages joined by their names and numbers.
    fn join_across_languages(
        &mut self,
        fresh: &[Article],
        fresh_anchors: &[Counts],
        stream: &[Member],
        groups: Vec<usize>,
    ) -> Vec<usize> {
        let fresh_languages: Vec<Language> = fresh.iter().map(Article::language).collect();
        let languages: Vec<Language> = stream
            .iter()
            .map(|m| match *m {
                Member::Known(at) => self.known[at].language,
                Member::Fresh(i) => fresh_languages[i],
            })
            .collect();
        if in_one_language(&languages) {
            return groups;
        }
        let frequencies = self
            .anchor_frequencies
            .with_batch(fresh_anchors, &self.featurizer);
        let members: Vec<Anchored> = stream
            .iter()
            .zip(languages)
            .map(|(m, language)| {
                let (counts, date) = match *m {
                    Member::Known(at) => (&self.known[at].anchor_counts, self.known[at].date),
                    Member::Fresh(i) => (&fresh_anchors[i], fresh[i].date),
                };
                Anchored {
                    language,
                    anchors: frequencies.vector(counts),
                    date,
                }
            })
            .collect();
        let order: Vec<usize> = (0..stream.len()).collect();
        join_across_languages(&members, &groups, &order, &self.options)
    }

    /// The remembered articles (positions in `known`) of the stories a batch
    /// could join:
    ///
    /// - those with a copy of a fresh article;
    /// - those whose latest date is within the clusterer's window of a fresh
    ///   article's date;
    /// - those a batch run would compare a fresh article with although their
    ///   dates do not say so: stories holding one of an undated article's
    ///   strongest features ([`ClusterOptions::query_features`], the features a
    ///   batch run retrieves candidate stories by), and undated stories holding
    ///   one of any fresh article's.
    ///
    /// So an undated article costs what the stories sharing its rarest words
    /// cost, not the whole corpus. What that gives up: two stories the article
    /// does not both find cannot merge in its batch, as a batch run over the
    /// whole corpus may merge them. The search reads the postings that
    /// [`LiveStories::prepare_to_place`] built.
    fn joinable(
        &self,
        fresh: &[Article],
        fresh_counts: &[Counts],
        frequencies: &WithBatch,
        with_copies: &[StoryId],
    ) -> Vec<usize> {
        let window = chrono::Duration::days(self.options.window_days);
        let dates = || fresh.iter().filter_map(|a| a.date);
        let reach = dates()
            .min()
            .zip(dates().max())
            .map(|(first, last)| (first - window, last + window));
        // Stories found by content, for an undated article and for any article.
        let (mut for_undated, mut for_any) = (Vec::new(), Vec::new());
        let postings = self
            .story_postings
            .as_ref()
            .filter(|_| self.searches_by_content(fresh));
        if let Some(postings) = postings {
            let query_features = self.options.query_features;
            let undated_stories_may_exist = self.undated > 0;
            for (article, counts) in fresh.iter().zip(fresh_counts) {
                // A dated article searches only for undated stories.
                if article.date.is_some() && !undated_stories_may_exist {
                    continue;
                }
                let query = strongest(&frequencies.vector(counts), query_features);
                let found = posted_under(postings, &query);
                if article.date.is_none() {
                    for_undated.extend_from_slice(&found);
                }
                if undated_stories_may_exist {
                    for_any.extend(found);
                }
            }
            for found in [&mut for_undated, &mut for_any] {
                for story in found.iter_mut() {
                    *story = self.current_story(*story);
                }
                found.sort_unstable();
                found.dedup();
            }
        }
        let joinable = |story: StoryId| {
            with_copies.contains(&story)
                || match self.story_last.get(&story).copied().flatten() {
                    Some(last) => {
                        reach.is_some_and(|(from, to)| from <= last && last <= to)
                            || for_undated.binary_search(&story).is_ok()
                    }
                    None => for_any.binary_search(&story).is_ok(),
                }
        };
        (0..self.known.len())
            .filter(|&at| joinable(self.known[at].story))
            .collect()
    }

    /// Whether placing `fresh` searches stories by their content
    /// ([`LiveStories::joinable`]): when an article or a story is undated.
    fn searches_by_content(&self, fresh: &[Article]) -> bool {
        self.undated > 0 || fresh.iter().any(|a| a.date.is_none())
    }

    /// What placing `fresh` reads and does not change: the remembered articles in
    /// replay order, and [`LiveStories::story_postings`] if it searches by
    /// content (built from the remembered articles on first use; from then on
    /// each article remembered is posted).
    fn prepare_to_place(&mut self, fresh: &[Article]) {
        self.sort();
        if !self.searches_by_content(fresh) {
            return;
        }
        let known = &self.known;
        self.story_postings.get_or_insert_with(|| {
            let mut postings = FxHashMap::default();
            for article in known {
                post(&mut postings, &article.counts, article.story);
            }
            postings
        });
    }

    /// The story that `story` is now part of, through the merges since.
    fn current_story(&self, story: StoryId) -> StoryId {
        let mut current = story;
        // Each step goes to a story that was standing after the merge; the
        // bound only guards against a caller's cycle.
        for _ in 0..=self.merged_into.len() {
            match self.merged_into.get(&current) {
                Some(&kept) if kept != current => current = kept,
                _ => break,
            }
        }
        current
    }

    /// Names the groups a batch run formed with the caller's story ids. Each
    /// stored story keeps its id on the group holding most of its articles
    /// (greedily, the largest overlaps first; ties to the older story), so a
    /// story split in two stays itself on its larger side; a group with no id
    /// left takes a new one. A stored story left without a group ends: merged into
    /// the group holding most of its articles, the rest moved.
    fn placement(&self, stream: &[Member], groups: &[usize], next_story: StoryId) -> Placement {
        let group_count = groups.iter().max().map_or(0, |&g| g + 1);
        let mut overlap: HashMap<(usize, StoryId), usize> = HashMap::new();
        for (member, &group) in stream.iter().zip(groups) {
            if let Member::Known(at) = *member {
                *overlap.entry((group, self.known[at].story)).or_default() += 1;
            }
        }
        let mut pairs: Vec<((usize, StoryId), usize)> = overlap.into_iter().collect();
        pairs.sort_by_key(|&((group, story), count)| (std::cmp::Reverse(count), story, group));
        let mut id_of_group: Vec<Option<StoryId>> = vec![None; group_count];
        let mut kept: HashMap<StoryId, usize> = HashMap::new();
        for &((group, story), _) in &pairs {
            if id_of_group[group].is_none() && !kept.contains_key(&story) {
                id_of_group[group] = Some(story);
                kept.insert(story, group);
            }
        }
        let mut placement = Placement::default();
        let mut next_story = next_story;
        // Groups are numbered by their first article in the stream, so new ids
        // follow the stream too.
        let id_of_group: Vec<StoryId> = id_of_group
            .into_iter()
            .map(|id| {
                id.unwrap_or_else(|| {
                    placement.new_stories += 1;
                    next_story += 1;
                    next_story - 1
                })
            })
            .collect();
        // A stored story without a group of its own merges into the one that took
        // most of its articles (the first of `pairs` naming it).
        let mut merges: Vec<(StoryId, StoryId)> = Vec::new();
        for &((group, story), _) in &pairs {
            if !kept.contains_key(&story) && !merges.iter().any(|&(gone, _)| gone == story) {
                merges.push((story, id_of_group[group]));
            }
        }
        merges.sort_unstable();
        let mut changed: Vec<StoryId> = Vec::new();
        for (member, &group) in stream.iter().zip(groups) {
            let id = id_of_group[group];
            match *member {
                Member::Fresh(i) => {
                    placement.placed.push((i, id));
                    changed.push(id);
                }
                Member::Known(at) => {
                    let known = &self.known[at];
                    let merged_into = merges
                        .iter()
                        .find(|(gone, _)| *gone == known.story)
                        .map(|&(_, into)| into);
                    if known.story != id && merged_into != Some(id) {
                        placement.moves.push((known.order, id));
                        changed.extend([id, merged_into.unwrap_or(known.story)]);
                    } else if merged_into.is_some() {
                        changed.push(id);
                    }
                }
            }
        }
        placement.moves.sort_unstable();
        changed.sort_unstable();
        changed.dedup();
        placement.changed = changed;
        placement.merges = merges;
        placement
    }
}

/// An article of the stream a batch is clustered in: remembered (its position in
/// `known`) or fresh (its index in the batch).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Member {
    Known(usize),
    Fresh(usize),
}

/// Posts a story under each feature of one of its articles (once in a row). A
/// posting stops growing at [`MAX_POSTINGS`], where it is too common to
/// retrieve by, so the index holds the rare features a query uses and not every
/// word of every article.
fn post(postings: &mut FxHashMap<u32, Vec<StoryId>>, counts: &Counts, story: StoryId) {
    for &(feature, _) in counts {
        let posting = postings.entry(feature).or_default();
        if posting.len() < MAX_POSTINGS && posting.last() != Some(&story) {
            posting.push(story);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(title: &str, text: &str, day: u32) -> Article {
        Article {
            title: title.to_string(),
            date: NaiveDate::from_ymd_opt(2025, 3, day),
            ..crate::testing::article(None, text)
        }
    }

    const BRIDGE: &str = "The Meridian Bridge in Port Calder was closed after a storm surge damaged its southern pier, Mayor Elena Brandt said.";
    const SPILL: &str = "Marlow closed its water intake on the Orrin River after solvent leaked from the Kestrel Chemicals plant, Mayor Dana Whitcombe said.";

    #[test]
    fn a_report_in_another_language_joins_the_stored_story_as_a_batch_run_would() {
        let articles = crate::testing::two_languages();
        let mut live = LiveStories::new(ClusterOptions::default());
        live.remember(1, &articles[0], 7);
        let placement = live.place(&articles[1..], &[], 8);
        let mut placed = placement.placed.clone();
        placed.sort_unstable();
        assert_eq!(placed, [(0, 7), (1, 8)]);
    }

    #[test]
    fn an_outlets_furniture_is_learned_from_the_stream_one_article_at_a_time() {
        // As a store places them: one article an ingest, each remembered as
        // placed, the station's furniture learned as its reports come in.
        let mut live = LiveStories::new(ClusterOptions::default());
        let mut story_of = Vec::new();
        let mut next_story = 1;
        for (order, (article, _)) in crate::testing::local_station_stream()
            .into_iter()
            .enumerate()
        {
            let placement = live.place(std::slice::from_ref(&article), &[], next_story);
            let story = placement.placed[0].1;
            next_story += placement.new_stories as StoryId;
            live.remember_placed(0, order as i64, &article, story);
            story_of.push(story);
        }
        let gold: Vec<StoryId> = crate::testing::local_station_stream()
            .into_iter()
            .map(|(_, event)| event as StoryId + 1)
            .collect();
        assert_eq!(story_of, gold);
    }

    #[test]
    fn a_batch_joins_a_remembered_story_or_starts_new_ones_numbered_from_next() {
        let mut live = LiveStories::new(ClusterOptions::default());
        live.remember(1, &article("Storm shuts Meridian Bridge", BRIDGE, 14), 7);
        let fresh = [
            article("Spill closes Marlow intake", SPILL, 15),
            article("Meridian Bridge stays shut after storm", BRIDGE, 15),
        ];
        let placement = live.place(&fresh, &[], 8);
        let mut placed = placement.placed.clone();
        placed.sort_unstable();
        assert_eq!(placed, [(0, 8), (1, 7)]);
        assert_eq!(placement.new_stories, 1);
        assert!(placement.merges.is_empty());
        assert_eq!(placement.changed, [7, 8]);
    }

    #[test]
    fn a_story_found_to_hold_two_events_keeps_its_id_on_the_larger_and_the_rest_moves() {
        // A stored story that took two events (as a one-at-a-time pass can):
        // three bridge reports and two spill reports.
        let mut live = LiveStories::new(ClusterOptions::default());
        for (order, day) in [(1, 10), (2, 11), (3, 12)] {
            live.remember(
                order,
                &article("Storm shuts Meridian Bridge", BRIDGE, day),
                7,
            );
        }
        for (order, day) in [(4, 11), (5, 12)] {
            live.remember(order, &article("Spill closes Marlow intake", SPILL, day), 7);
        }
        let fresh = [article("Marlow intake stays shut after spill", SPILL, 13)];
        let placement = live.place(&fresh, &[], 8);
        assert_eq!(placement.placed, [(0, 8)]);
        assert_eq!(placement.moves, [(4, 8), (5, 8)]);
        assert!(placement.merges.is_empty());
        assert_eq!(placement.new_stories, 1);
        assert_eq!(placement.changed, [7, 8]);

        // Once the caller records the moves, the next batch starts from them.
        live.remember(6, &fresh[0], 8);
        live.moved(4, 8);
        live.moved(5, 8);
        let later = [article("Meridian Bridge reopens", BRIDGE, 14)];
        let placement = live.place(&later, &[], 9);
        assert_eq!(placement.placed, [(0, 7)]);
        assert!(placement.moves.is_empty() && placement.merges.is_empty());
        assert_eq!(placement.changed, [7]);
    }

    /// The stories `place` would re-cluster a batch with.
    fn joinable_stories(live: &mut LiveStories, fresh: &[Article]) -> Vec<StoryId> {
        let counts: Vec<Counts> = fresh
            .iter()
            .map(|a| live.featurizer.counts_and_anchors(a).0)
            .collect();
        live.prepare_to_place(fresh);
        let frequencies = live.frequencies.with_batch(&counts, &live.featurizer);
        let mut stories: Vec<StoryId> = live
            .joinable(fresh, &counts, &frequencies, &[])
            .into_iter()
            .map(|at| live.known[at].story)
            .collect();
        stories.sort_unstable();
        stories.dedup();
        stories
    }

    #[test]
    fn an_undated_article_is_clustered_with_the_stories_sharing_its_rarest_words_only() {
        const FINAL: &str =
            "Riverside Rovers beat Ashby Town 3-1 in the cup final at Kingsmead Park on Saturday.";
        const SAVE: &str = "Goalkeeper Tomasz Wilk saved a penalty from Kofi Oduya before Riverside lifted the trophy.";
        let undated = |title: &str, text: &str| Article {
            date: None,
            ..article(title, text, 1)
        };
        let last_year = |title: &str, text: &str, day: u32| Article {
            date: NaiveDate::from_ymd_opt(2024, 1, day),
            ..article(title, text, 1)
        };
        let mut live = LiveStories::new(ClusterOptions::default());
        live.remember(1, &article("Storm shuts Meridian Bridge", BRIDGE, 14), 7);
        live.remember(2, &last_year("Rovers win the cup", FINAL, 2), 8);
        // Dated, a bridge report is compared with the stories of its weeks.
        let bridge = [article(
            "Meridian Bridge stays shut after storm",
            BRIDGE,
            15,
        )];
        assert_eq!(joinable_stories(&mut live, &bridge), [7]);
        // Undated, with the stories its words find, whatever their dates.
        let fresh = [undated("Meridian Bridge stays shut after storm", BRIDGE)];
        assert_eq!(joinable_stories(&mut live, &fresh), [7]);
        assert_eq!(live.place(&fresh, &[], 9).placed, [(0, 7)]);
        let fresh = [undated("Rovers win the cup final", FINAL)];
        assert_eq!(joinable_stories(&mut live, &fresh), [8]);

        // A story is found under the id it had when its article came, and read
        // as the story it has been merged into since.
        live.remember(3, &undated("Wilk saves a penalty", SAVE), 9);
        live.merged(9, 8);
        let fresh = [undated("Wilk's save wins the cup", SAVE)];
        assert_eq!(joinable_stories(&mut live, &fresh), [8]);

        // An undated story is found by a dated article's words, and only by them.
        live.remember(4, &undated("Meridian Bridge shut", BRIDGE), 10);
        assert_eq!(joinable_stories(&mut live, &bridge), [7, 10]);
        let rovers = [last_year("Rovers celebrate the cup", FINAL, 3)];
        assert_eq!(joinable_stories(&mut live, &rovers), [8]);
    }

    #[test]
    fn a_story_started_twice_is_merged_into_the_older_when_a_batch_ties_them() {
        let mut live = LiveStories::new(ClusterOptions::default());
        live.remember(1, &article("Storm shuts Meridian Bridge", BRIDGE, 14), 3);
        live.remember(2, &article("Meridian Bridge closed", BRIDGE, 14), 5);
        let fresh = [article(
            "Meridian Bridge stays shut after storm",
            BRIDGE,
            15,
        )];
        let placement = live.place(&fresh, &[], 6);
        assert_eq!(placement.placed, [(0, 3)]);
        assert_eq!(placement.merges, [(5, 3)]);
        assert!(placement.moves.is_empty());
        assert_eq!(placement.changed, [3]);
        assert_eq!(placement.current(5), 3);
        assert_eq!(placement.current(4), 4);
    }
}
