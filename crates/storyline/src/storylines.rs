//! Storylines: each event with what follows from it.
//!
//! The clusterer ([`crate::cluster`]) forms *events*: articles close in words
//! and in time, one happening each. A *storyline* is an event with its
//! follow-ups — the arrest and the extradition hearings, the storm and its
//! aftermath, the trial months later. Follow-ups change their words (a profile
//! of a victim, a memorial, a plea), so they fall out of the event, but they
//! keep naming the same people and places. Two same-type events (two shootings
//! in one city) share their words and the city, but not their own people. So
//! events are linked by the names they share, each weighed by how rare it is in
//! the stream (IDF: a city named by many reports links little) and by how many
//! of the event's articles carry it (a name one report mentions in passing is
//! not what the event is about), and also need some content words in common, so
//! that one shared name is not enough. How far apart two events are in time is
//! not weighed at all: a storyline can run for months, and what keeps two
//! same-type events apart is their own names.
//!
//! Events are taken in order of their first article; each joins the storyline
//! whose pooled profile is most similar, when both similarities reach the
//! thresholds of [`StorylineOptions`], or starts a new one. A storyline is
//! compared with only through the names an event weighs most (an inverted
//! index, as the clusterer does), so the cost per event stays flat.

use rustc_hash::FxHashMap as HashMap;

use chrono::NaiveDate;

use crate::cluster::posted_under;

/// When an event joins a storyline. The default is the setting that scores
/// best on the corpora whose labels can score storylines (ECB+, Ground News,
/// Multi-News: `storyline eval cluster --loco`, which also reports each chosen
/// without the corpus it is scored on), ties going to the setting that best
/// tells SemEval-2022 task 8's same-story pairs from different ones: those
/// corpora hold no labelled follow-ups, so they can show what a link costs but
/// hardly what it gains (`eval::loco::best_storyline`, docs/benchmarks.md).
#[derive(Debug, Clone, PartialEq)]
pub struct StorylineOptions {
    /// Cosine of the name profiles (names weighed by rarity and by the share
    /// of an event's articles naming them) needed to join (above 1: never).
    pub min_names: f64,
    /// Cosine of the content-word profiles needed as well.
    pub min_words: f64,
}

impl Default for StorylineOptions {
    fn default() -> Self {
        StorylineOptions {
            min_names: 0.5,
            min_words: 0.4,
        }
    }
}

/// Names of an event used to find the storylines it could join.
const QUERY_NAMES: usize = 8;

/// A sparse profile with its length.
#[derive(Default)]
struct Profile {
    weights: HashMap<u32, f64>,
    squared: f64,
}

impl Profile {
    fn add(&mut self, id: u32, weight: f64) {
        let entry = self.weights.entry(id).or_default();
        self.squared += (*entry + weight) * (*entry + weight) - *entry * *entry;
        *entry += weight;
    }

    fn absorb(&mut self, other: &Profile) {
        let mut ids: Vec<(&u32, &f64)> = other.weights.iter().collect();
        ids.sort_unstable_by_key(|(id, _)| **id);
        for (&id, &weight) in ids {
            self.add(id, weight);
        }
    }

    fn cosine(&self, other: &Profile) -> f64 {
        let (small, large) = if self.weights.len() <= other.weights.len() {
            (self, other)
        } else {
            (other, self)
        };
        let mut pairs: Vec<(u32, f64)> = small
            .weights
            .iter()
            .filter_map(|(id, w)| large.weights.get(id).map(|v| (*id, w * v)))
            .collect();
        // Summed in id order: the same float every run.
        pairs.sort_unstable_by_key(|(id, _)| *id);
        let dot: f64 = pairs.iter().map(|(_, p)| p).sum();
        let lengths = (self.squared.max(0.0) * other.squared.max(0.0)).sqrt();
        if lengths > 0.0 {
            dot / lengths
        } else {
            0.0
        }
    }

    /// The ids weighing most, heaviest first (ties by id).
    fn strongest(&self, count: usize) -> Vec<u32> {
        let mut by_weight: Vec<(u32, f64)> = self.weights.iter().map(|(&i, &w)| (i, w)).collect();
        by_weight.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        by_weight.into_iter().take(count).map(|(i, _)| i).collect()
    }
}

/// An event's (or a storyline's) profiles.
#[derive(Default)]
struct Profiles {
    names: Profile,
    words: Profile,
}

impl Profiles {
    fn absorb(&mut self, other: &Profiles) {
        self.names.absorb(&other.names);
        self.words.absorb(&other.words);
    }
}

/// Where an event's first article stands: undated last, then by date, then by
/// position.
type FirstArticle = (bool, Option<NaiveDate>, usize);

/// Each event's profiles and the key of its first article (undated last, then
/// by date, then by position).
fn event_profiles(
    event_of: &[usize],
    names: &[Vec<u32>],
    words: &[Vec<(u32, f32)>],
    dates: &[Option<NaiveDate>],
) -> (Vec<Profiles>, Vec<FirstArticle>) {
    let events = event_of.iter().copied().max().map_or(0, |m| m + 1);
    // Document frequency of each name over the articles, for its rarity.
    let mut df: HashMap<u32, u32> = HashMap::default();
    for article in names {
        for &name in article {
            *df.entry(name).or_default() += 1;
        }
    }
    let total = names.len() as f64;
    let idf = |name: u32| {
        ((1.0 + total) / (1.0 + f64::from(df.get(&name).copied().unwrap_or(0)))).ln() + 1.0
    };
    let mut size = vec![0usize; events];
    for &e in event_of {
        size[e] += 1;
    }
    let mut profiles: Vec<Profiles> = (0..events).map(|_| Profiles::default()).collect();
    let mut first: Vec<FirstArticle> = vec![(true, None, usize::MAX); events];
    for (article, &e) in event_of.iter().enumerate() {
        let share = 1.0 / size[e] as f64;
        for &name in &names[article] {
            profiles[e].names.add(name, share * idf(name));
        }
        for &(id, w) in &words[article] {
            profiles[e].words.add(id, share * f64::from(w));
        }
        let key = (dates[article].is_none(), dates[article], article);
        first[e] = first[e].min(key);
    }
    (profiles, first)
}

/// The two similarities of the storyline link — names, content words — between
/// pairs of events (numbered as `event_of` numbers them).
pub fn link_similarities(
    event_of: &[usize],
    names: &[Vec<u32>],
    words: &[Vec<(u32, f32)>],
    pairs: &[(usize, usize)],
) -> Vec<(f64, f64)> {
    let dates = vec![None; event_of.len()];
    let (profiles, _) = event_profiles(event_of, names, words, &dates);
    pairs
        .iter()
        .map(|&(a, b)| {
            let (a, b) = (&profiles[a], &profiles[b]);
            (a.names.cosine(&b.names), a.words.cosine(&b.words))
        })
        .collect()
}

/// Groups events into storylines. `event_of` gives each article's event
/// (numbered from 0), `names` each article's name features, `words` its
/// content words with their weights, `dates` its date. Returns each event's
/// storyline, numbered from 0 in order of the storyline's first event.
pub fn storylines(
    event_of: &[usize],
    names: &[Vec<u32>],
    words: &[Vec<(u32, f32)>],
    dates: &[Option<NaiveDate>],
    options: &StorylineOptions,
) -> Vec<usize> {
    let (profiles, first) = event_profiles(event_of, names, words, dates);
    let events = profiles.len();
    let mut order: Vec<usize> = (0..events).collect();
    order.sort_by_key(|&e| first[e]);

    let mut storyline_of = vec![usize::MAX; events];
    let mut pooled: Vec<Profiles> = Vec::new();
    let mut postings: HashMap<u32, Vec<u32>> = HashMap::default();
    for e in order {
        let event = &profiles[e];
        let best = posted_under(&postings, &event.names.strongest(QUERY_NAMES))
            .into_iter()
            .filter_map(|s| {
                let storyline = &pooled[s as usize];
                let by_names = event.names.cosine(&storyline.names);
                (by_names >= options.min_names
                    && event.words.cosine(&storyline.words) >= options.min_words)
                    .then_some((by_names, s as usize))
            })
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
            .map(|(_, s)| s);
        let s = best.unwrap_or_else(|| {
            pooled.push(Profiles::default());
            pooled.len() - 1
        });
        for &name in event.names.weights.keys() {
            if !pooled[s].names.weights.contains_key(&name) {
                postings.entry(name).or_default().push(s as u32);
            }
        }
        pooled[s].absorb(event);
        storyline_of[e] = s;
    }
    // Number storylines by their first event.
    let mut renumber: Vec<Option<usize>> = vec![None; pooled.len()];
    let mut next = 0;
    for s in storyline_of.iter_mut() {
        let number = *renumber[*s].get_or_insert_with(|| {
            next += 1;
            next - 1
        });
        *s = number;
    }
    storyline_of
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUSTON: u32 = 1;
    const ALVAREZ: u32 = 2;
    const COURT: u32 = 3;
    const OKAFOR: u32 = 4;
    const FLOOD: u32 = 10;
    const TRIAL: u32 = 11;

    fn day(d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2024, 6, d)
    }

    #[test]
    fn a_follow_up_naming_the_same_people_joins_and_a_same_type_event_does_not() {
        // Event 0: a flood in Houston that killed Alvarez (three reports).
        // Event 1: weeks later, the court case over Alvarez's death.
        // Event 2: another Houston flood, another victim (Okafor).
        let event_of = [0, 0, 0, 1, 1, 2, 2, 2];
        let names = [
            vec![HOUSTON, ALVAREZ],
            vec![HOUSTON, ALVAREZ],
            vec![HOUSTON, ALVAREZ],
            vec![HOUSTON, ALVAREZ, COURT],
            vec![HOUSTON, ALVAREZ, COURT],
            vec![HOUSTON, OKAFOR],
            vec![HOUSTON, OKAFOR],
            vec![HOUSTON, OKAFOR],
        ];
        let flood = vec![(FLOOD, 1.0)];
        let trial = vec![(FLOOD, 0.6), (TRIAL, 0.8)];
        let words = [
            flood.clone(),
            flood.clone(),
            flood.clone(),
            trial.clone(),
            trial,
            flood.clone(),
            flood.clone(),
            flood,
        ];
        let dates = [
            day(1),
            day(1),
            day(2),
            day(28),
            day(29),
            day(3),
            day(3),
            day(4),
        ];
        let storyline = storylines(
            &event_of,
            &names,
            &words,
            &dates,
            &StorylineOptions::default(),
        );
        assert_eq!(storyline, [0, 0, 1]);
        // The same events never join when the link asks for more than a cosine.
        let never = StorylineOptions {
            min_names: 1.1,
            ..StorylineOptions::default()
        };
        assert_eq!(
            storylines(&event_of, &names, &words, &dates, &never),
            [0, 1, 2]
        );
    }

    #[test]
    fn events_sharing_only_common_words_and_no_name_stay_apart() {
        let event_of = [0, 1];
        let names = [vec![], vec![]];
        let words = [vec![(FLOOD, 1.0)], vec![(FLOOD, 1.0)]];
        let dates = [day(1), day(2)];
        let storyline = storylines(
            &event_of,
            &names,
            &words,
            &dates,
            &StorylineOptions::default(),
        );
        assert_eq!(storyline, [0, 1]);
    }
}
