//! Stories over a growing corpus: where the articles of a new batch go, given the
//! stories already formed.
//!
//! A store (SQLite today, others later) keeps articles and their stories; this
//! module decides, and the store only records the decision. So the clustering
//! policy lives in one crate, and the live path and the batch path can be held to
//! the same results. The store tells [`LiveStories`] what it holds
//! ([`LiveStories::remember`], [`LiveStories::merged`]), asks it to place a batch
//! ([`LiveStories::place`]), and writes the [`Placement`] in one transaction: each
//! article in the order and story it was placed, then the merges in order.
//!
//! Stories are named by the caller's ids ([`StoryId`]); ids of new stories are
//! taken from the `next_story` given, counting up.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::cluster::{
    publication_order, ClusterOptions, DocumentFrequencies, Featurizer, StoryClusterer, Vector,
};
use crate::model::Article;

/// A story's id as the caller (a store) numbers stories.
pub type StoryId = i64;

/// An article's weighted feature counts, as the featurizer makes them.
type Counts = Vec<(u32, f32)>;

/// The stories of a corpus as the clusterer needs them: every remembered
/// article's features, story and date.
pub struct LiveStories {
    options: ClusterOptions,
    featurizer: Featurizer,
    /// In replay order once sorted: dated articles by date, then undated; ties by
    /// the caller's article order.
    known: Vec<Known>,
    sorted: bool,
    frequencies: DocumentFrequencies,
    /// Each story's latest article date (None while it has only undated ones).
    story_last: HashMap<StoryId, Option<NaiveDate>>,
}

struct Known {
    /// The caller's order of articles (a store's row id).
    order: i64,
    story: StoryId,
    date: Option<NaiveDate>,
    counts: Counts,
}

/// Where a batch went: what the caller stores, in this order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Placement {
    /// Each fresh article (its index in the batch) in the order it was placed, with
    /// the story it joined or started.
    pub placed: Vec<(usize, StoryId)>,
    /// Stories the batch started.
    pub new_stories: usize,
    /// Stories merged into others because the batch tied them together, in order:
    /// (merged away, kept). The kept story is the older (lower id).
    pub merges: Vec<(StoryId, StoryId)>,
    /// The stories whose articles changed, after the merges: their briefings are
    /// to be written again. Ascending.
    pub changed: Vec<StoryId>,
}

impl Placement {
    /// The story `story` is part of after the batch's merges.
    pub fn current(&self, story: StoryId) -> StoryId {
        self.merges.iter().fold(
            story,
            |now, &(absorbed, kept)| if now == absorbed { kept } else { now },
        )
    }
}

impl LiveStories {
    pub fn new(options: ClusterOptions) -> LiveStories {
        LiveStories {
            featurizer: Featurizer::new(options.clone()),
            options,
            known: Vec::new(),
            sorted: true,
            frequencies: DocumentFrequencies::default(),
            story_last: HashMap::new(),
        }
    }

    /// Records a stored article: `order` is the caller's order of articles (a row
    /// id), `story` the story it is in.
    pub fn remember(&mut self, order: i64, article: &Article, story: StoryId) {
        let counts = self.featurizer.counts(article);
        self.frequencies.add(&counts);
        let last = self.story_last.entry(story).or_default();
        *last = (*last).max(article.date);
        self.known.push(Known {
            order,
            story,
            date: article.date,
            counts,
        });
        self.sorted = false;
    }

    /// Records that story `absorbed` was merged into `kept`.
    pub fn merged(&mut self, absorbed: StoryId, kept: StoryId) {
        for known in self.known.iter_mut().filter(|k| k.story == absorbed) {
            known.story = kept;
        }
        if let Some(last) = self.story_last.remove(&absorbed) {
            let kept_last = self.story_last.entry(kept).or_default();
            *kept_last = (*kept_last).max(last);
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
        if !self.sorted {
            self.known
                .sort_by_key(|k| (k.date.is_none(), k.date, k.order));
            self.sorted = true;
        }
        let fresh_counts: Vec<Counts> = fresh.iter().map(|a| self.featurizer.counts(a)).collect();
        let mut frequencies = self.frequencies.clone();
        for counts in &fresh_counts {
            frequencies.add(counts);
        }
        let (mut clusterer, mut story_of_internal) =
            self.replayed(fresh, with_copies, &frequencies);

        let mut placement = Placement::default();
        let mut next_story = next_story;
        // Each story the batch touched, with the vectors of the articles it took.
        let mut touched: Vec<(usize, Vec<Vector>)> = Vec::new();
        for i in publication_order(fresh) {
            let vector = frequencies.vector(&fresh_counts[i]);
            let internal = clusterer.add(&vector, fresh[i].date);
            if internal == story_of_internal.len() {
                story_of_internal.push(next_story);
                next_story += 1;
                placement.new_stories += 1;
            }
            placement.placed.push((i, story_of_internal[internal]));
            match touched.iter_mut().find(|(t, _)| *t == internal) {
                Some((_, added)) => added.push(vector),
                None => touched.push((internal, vec![vector])),
            }
        }
        placement.merges = merge_touched(&mut clusterer, &story_of_internal, &touched);
        let mut changed: Vec<StoryId> = touched
            .iter()
            .map(|(internal, _)| placement.current(story_of_internal[*internal]))
            .collect();
        changed.sort_unstable();
        changed.dedup();
        placement.changed = changed;
        placement
    }

    /// A clusterer with the joinable remembered stories replayed into it, and the
    /// caller's story id of each of its story numbers.
    fn replayed(
        &self,
        fresh: &[Article],
        with_copies: &[StoryId],
        frequencies: &DocumentFrequencies,
    ) -> (StoryClusterer, Vec<StoryId>) {
        let window = chrono::Duration::days(self.options.window_days);
        let dates: Option<Vec<NaiveDate>> = fresh.iter().map(|a| a.date).collect();
        let reach = dates
            .and_then(|dates| Some((*dates.iter().min()? - window, *dates.iter().max()? + window)));
        let joinable =
            |story: StoryId| match (reach, self.story_last.get(&story).copied().flatten()) {
                (Some((from, to)), Some(last)) => {
                    (from <= last && last <= to) || with_copies.contains(&story)
                }
                _ => true,
            };
        let mut clusterer = StoryClusterer::new(self.options.clone());
        let mut internal_of_story: HashMap<StoryId, usize> = HashMap::new();
        let mut story_of_internal: Vec<StoryId> = Vec::new();
        for known in self.known.iter().filter(|k| joinable(k.story)) {
            let next = story_of_internal.len();
            let internal = *internal_of_story.entry(known.story).or_insert(next);
            if internal == next {
                story_of_internal.push(known.story);
            }
            clusterer.add_known(&frequencies.vector(&known.counts), known.date, internal);
        }
        (clusterer, story_of_internal)
    }
}

/// Merges each story a batch touched with the stories now close to it (see
/// [`StoryClusterer::close_stories`]), the younger into the older, unless the two
/// together would split again by their names and numbers. Returns the merges in
/// order, as (merged away, kept).
fn merge_touched(
    clusterer: &mut StoryClusterer,
    story_of_internal: &[StoryId],
    touched: &[(usize, Vec<Vector>)],
) -> Vec<(StoryId, StoryId)> {
    let mut merges = Vec::new();
    for (story, added) in touched {
        let story = *story;
        for other in clusterer.close_stories(story, added) {
            if !clusterer.hold_together(story, other) {
                continue;
            }
            let (kept, absorbed) = if story_of_internal[story] < story_of_internal[other] {
                (story, other)
            } else {
                (other, story)
            };
            clusterer.merge(kept, absorbed);
            merges.push((story_of_internal[absorbed], story_of_internal[kept]));
            if story_of_internal[story] == story_of_internal[absorbed] {
                break;
            }
        }
    }
    merges
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
    fn current_follows_merges_in_order() {
        let placement = Placement {
            merges: vec![(5, 3), (3, 2)],
            ..Placement::default()
        };
        assert_eq!(placement.current(5), 2);
        assert_eq!(placement.current(3), 2);
        assert_eq!(placement.current(4), 4);
    }
}
