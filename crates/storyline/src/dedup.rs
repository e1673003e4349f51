//! Dedup: syndicated copies and near-duplicates, found in near-linear time.
//!
//! Wire stories run in many outlets with small edits, so an exact hash of the text
//! finds only some copies. Each article becomes a set of word 3-gram shingles
//! (title and text, as the MinHash peer uses); two articles are near-duplicates when
//! the Jaccard similarity of their shingle sets reaches a threshold (0.8 by default).
//! Comparing all pairs is quadratic, so candidates come from MinHash with LSH
//! banding: a 128-value signature (one-permutation hashing, densified) in 32 bands of
//! 4 rows. A pair with Jaccard `s` becomes a candidate with probability
//! `1 − (1 − s⁴)³²`, which is above 0.99999 at `s = 0.8` (a pair at the threshold is
//! missed less than once in twenty million), and every candidate is then checked with
//! the exact Jaccard, so no pair below the threshold is ever reported. Exact copies are caught first by a hash of the normalised text.

use std::collections::HashMap;

use crate::model::Article;
use crate::text::{Fnv1a, UnionFind};

/// Jaccard similarity from which two articles are copies of one another.
pub const DEFAULT_THRESHOLD: f64 = 0.8;
const PERMUTATIONS: usize = 128;
const BANDS: usize = 32;
const ROWS: usize = PERMUTATIONS / BANDS;
const SHINGLE_WORDS: usize = 3;

/// What dedup keeps of an article.
#[derive(Debug, Clone)]
pub struct Fingerprint {
    /// Hash of the normalised words: equal for exact copies.
    pub content: u64,
    /// Sorted, distinct shingle hashes.
    pub shingles: Vec<u64>,
    signature: [u64; PERMUTATIONS],
}

/// Hashes of the words as dedup compares them (runs of letters and digits,
/// lowercased), computed without allocating; ASCII takes a byte-wise fast path.
/// The values are part of the store's keys: they must not change.
fn word_hashes(text: &str, into: &mut Vec<u64>) {
    let mut hash = Fnv1a::default();
    let mut in_word = false;
    let mut end_word = |hash: &mut Fnv1a, in_word: &mut bool| {
        if *in_word {
            into.push(hash.value());
            *hash = Fnv1a::default();
            *in_word = false;
        }
    };
    for c in text.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                hash.byte(c.to_ascii_lowercase() as u8);
                in_word = true;
            } else {
                end_word(&mut hash, &mut in_word);
            }
        } else if c.is_alphanumeric() {
            for lower in c.to_lowercase() {
                let mut buffer = [0u8; 4];
                hash.bytes(lower.encode_utf8(&mut buffer).as_bytes());
            }
            in_word = true;
        } else {
            end_word(&mut hash, &mut in_word);
        }
    }
    end_word(&mut hash, &mut in_word);
}

/// A well-mixed 64-bit hash (splitmix64's finaliser); also a seeded stream of
/// pseudo-random numbers where one is needed (`mix(seed + i)`).
pub fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// The hashes of an article's words, title first.
fn article_word_hashes(article: &Article) -> Vec<u64> {
    let mut hashes: Vec<u64> = Vec::with_capacity(article.text.len() / 5);
    word_hashes(&article.title, &mut hashes);
    word_hashes(&article.text, &mut hashes);
    hashes
}

/// The hash of words that exact copies share ([`Fingerprint::content`]).
fn content_of(hashes: &[u64]) -> u64 {
    hashes.iter().fold(0u64, |h, &w| mix(h ^ w))
}

/// [`Fingerprint::content`] alone, without the shingles and signature that
/// near-duplicate search needs: what a store keys its articles by.
pub fn content_hash(article: &Article) -> u64 {
    content_of(&article_word_hashes(article))
}

pub fn fingerprint(article: &Article) -> Fingerprint {
    let hashes = article_word_hashes(article);
    let content = content_of(&hashes);
    let shingles = shingles(&hashes, content);
    let signature = one_permutation_signature(&shingles);
    Fingerprint {
        content,
        shingles,
        signature,
    }
}

/// The sorted, distinct shingles of a text's word hashes (the whole text's
/// hash when it is shorter than a shingle).
fn shingles(hashes: &[u64], content: u64) -> Vec<u64> {
    let mut shingles: Vec<u64> = if hashes.len() < SHINGLE_WORDS {
        vec![content]
    } else {
        hashes
            .windows(SHINGLE_WORDS)
            .map(|w| mix(mix(w[0]) ^ w[1].rotate_left(21) ^ w[2].rotate_left(42)))
            .collect()
    };
    shingles.sort_unstable();
    shingles.dedup();
    shingles
}

/// Whether two passages (two sentences) are copies of one another, as two
/// articles are: the Jaccard similarity of their shingles reaches
/// [`DEFAULT_THRESHOLD`].
pub fn copies(a: &str, b: &str) -> bool {
    let shingles_of = |text: &str| {
        let mut hashes = Vec::new();
        word_hashes(text, &mut hashes);
        let content = content_of(&hashes);
        shingles(&hashes, content)
    };
    shingle_jaccard(&shingles_of(a), &shingles_of(b)) >= DEFAULT_THRESHOLD
}

/// One-permutation MinHash with rotation densification (Li, Owen & Zhang 2012;
/// Shrivastava & Li 2014): one hash per shingle picks a bin (its top 7 bits) and
/// competes for that bin's minimum; empty bins borrow from the next non-empty bin
/// to the right, marked by the distance. Two sets agree on a bin with probability
/// equal to their Jaccard similarity, as with 128 independent permutations, at
/// 1/128 of the hashing cost.
fn one_permutation_signature(shingles: &[u64]) -> [u64; PERMUTATIONS] {
    let mut bins = [u64::MAX; PERMUTATIONS];
    for &shingle in shingles {
        let bin = (shingle >> 57) as usize;
        let value = shingle << 7;
        if value < bins[bin] {
            bins[bin] = value;
        }
    }
    if bins.iter().all(|&b| b == u64::MAX) {
        return bins;
    }
    let mut signature = bins;
    for (i, slot) in signature.iter_mut().enumerate() {
        if bins[i] != u64::MAX {
            continue;
        }
        let Some(distance) = (1..PERMUTATIONS).find(|d| bins[(i + d) % PERMUTATIONS] != u64::MAX)
        else {
            // No bin filled at all (no shingles): the signature stays empty.
            break;
        };
        *slot = mix(bins[(i + distance) % PERMUTATIONS]
            ^ (distance as u64).wrapping_mul(0xA24B_AED4_963E_E407));
    }
    signature
}

/// How many items two sorted, duplicate-free slices share.
pub(crate) fn shared_sorted<T: Ord>(x: &[T], y: &[T]) -> usize {
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared
}

/// Exact Jaccard similarity of two fingerprints' shingle sets.
pub fn jaccard(a: &Fingerprint, b: &Fingerprint) -> f64 {
    shingle_jaccard(&a.shingles, &b.shingles)
}

/// Jaccard similarity of two sorted, distinct shingle sets.
fn shingle_jaccard(x: &[u64], y: &[u64]) -> f64 {
    let shared = shared_sorted(x, y);
    let union = x.len() + y.len() - shared;
    if union == 0 {
        1.0
    } else {
        shared as f64 / union as f64
    }
}

/// An incremental near-duplicate index: articles are added one at a time and each
/// is told which earlier articles it copies.
pub struct DuplicateIndex {
    threshold: f64,
    fingerprints: Vec<Fingerprint>,
    exact: HashMap<u64, u32>,
    bands: Vec<HashMap<u64, Vec<u32>>>,
}

impl DuplicateIndex {
    pub fn new(threshold: f64) -> DuplicateIndex {
        DuplicateIndex {
            threshold,
            fingerprints: Vec::new(),
            exact: HashMap::new(),
            bands: (0..BANDS).map(|_| HashMap::new()).collect(),
        }
    }

    /// Adds an article (numbered in insertion order) and returns the earlier
    /// articles it is a near-duplicate of, ascending.
    pub fn insert(&mut self, fingerprint: Fingerprint) -> Vec<usize> {
        let id = self.fingerprints.len() as u32;
        let mut candidates: Vec<u32> = Vec::new();
        if let Some(&first) = self.exact.get(&fingerprint.content) {
            candidates.push(first);
        } else {
            self.exact.insert(fingerprint.content, id);
        }
        for (band, table) in self.bands.iter_mut().enumerate() {
            let rows = &fingerprint.signature[band * ROWS..(band + 1) * ROWS];
            let key = rows.iter().fold(band as u64, |h, &v| mix(h ^ v));
            let bucket = table.entry(key).or_default();
            candidates.extend(bucket.iter().copied());
            bucket.push(id);
        }
        candidates.sort_unstable();
        candidates.dedup();
        let copies = candidates
            .into_iter()
            .filter(|&c| {
                let other = &self.fingerprints[c as usize];
                other.content == fingerprint.content
                    || jaccard(other, &fingerprint) >= self.threshold
            })
            .map(|c| c as usize)
            .collect();
        self.fingerprints.push(fingerprint);
        copies
    }
}

/// Near-duplicate pairs (i < j) of a batch, through the index.
pub fn duplicate_pairs(fingerprints: Vec<Fingerprint>, threshold: f64) -> Vec<(usize, usize)> {
    let mut index = DuplicateIndex::new(threshold);
    let mut pairs = Vec::new();
    for (j, fingerprint) in fingerprints.into_iter().enumerate() {
        pairs.extend(index.insert(fingerprint).into_iter().map(|i| (i, j)));
    }
    pairs
}

/// Every pair at or above the threshold by comparing all pairs: the reference the
/// index is measured against.
pub fn brute_force_pairs(fingerprints: &[Fingerprint], threshold: f64) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    for j in 0..fingerprints.len() {
        for i in 0..j {
            let (a, b) = (&fingerprints[i], &fingerprints[j]);
            if a.content == b.content || jaccard(a, b) >= threshold {
                pairs.push((i, j));
            }
        }
    }
    pairs
}

/// The copy groups of a story's articles: the dedup stage's answer, handed on to
/// the briefing so that syndicated copies count as one voice.
///
/// Exact copies (the same normalised words) are joined to the first article with
/// those words directly, and only distinct texts go through the index: a wire story
/// printed by thousands of outlets costs one lookup per copy, not a comparison
/// with every earlier copy.
pub fn copy_groups<'a>(articles: impl IntoIterator<Item = &'a Article>) -> Vec<Vec<usize>> {
    let mut count = 0;
    let mut first_with: HashMap<u64, usize> = HashMap::new();
    let mut pairs = Vec::new();
    let mut distinct: Vec<usize> = Vec::new();
    let mut fingerprints: Vec<Fingerprint> = Vec::new();
    for (index, article) in articles.into_iter().enumerate() {
        count += 1;
        let print = fingerprint(article);
        match first_with.entry(print.content) {
            std::collections::hash_map::Entry::Occupied(first) => pairs.push((*first.get(), index)),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(index);
                distinct.push(index);
                fingerprints.push(print);
            }
        }
    }
    pairs.extend(
        duplicate_pairs(fingerprints, DEFAULT_THRESHOLD)
            .into_iter()
            .map(|(a, b)| (distinct[a], distinct[b])),
    );
    groups(count, &pairs)
}

/// Groups of copies (connected through near-duplicate pairs), each sorted, in
/// order of their first member; articles without copies are singletons.
pub fn groups(count: usize, pairs: &[(usize, usize)]) -> Vec<Vec<usize>> {
    let mut sets = UnionFind::new(count);
    for &(a, b) in pairs {
        sets.union(a, b);
    }
    let mut by_root: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..count {
        by_root.entry(sets.root(i)).or_default().push(i);
    }
    let mut groups: Vec<Vec<usize>> = by_root.into_values().collect();
    groups.sort();
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(title: &str, text: &str) -> Article {
        let mut a = crate::testing::article(None, text);
        a.title = title.to_string();
        a
    }

    #[test]
    fn the_content_hash_alone_is_the_fingerprint_s() {
        for (title, text) in [
            ("Dam opens", "The dam opened on Tuesday, two years late."),
            ("", "Ünïcode wörds, ASCII words and 1,500 figures."),
            ("Only a title", ""),
        ] {
            let a = article(title, text);
            assert_eq!(content_hash(&a), fingerprint(&a).content, "{title}");
        }
        assert_ne!(
            content_hash(&article("Dam opens", "The dam opened.")),
            content_hash(&article("Dam opens", "The dam closed."))
        );
    }

    #[test]
    fn copies_with_small_edits_are_found_and_other_articles_are_not() {
        let wire = "The central bank raised its main interest rate by a quarter point on Thursday, its third increase this year, citing persistent inflation in services and a tight labour market. Economists had expected the move. The bank said further increases could follow if price growth did not slow, and it would publish new forecasts next month.";
        let edited = wire.replace(
            "Economists had expected the move.",
            "Most economists had expected the move.",
        );
        let other = "The city council approved a new cycling plan on Monday that will add forty kilometres of protected lanes by 2027, paid for by a parking levy.";
        let fingerprints: Vec<Fingerprint> = [
            article("Bank raises rates", wire),
            article("Rates up again", &edited),
            article("Cycling plan approved", other),
            article("Bank raises rates", wire),
        ]
        .iter()
        .map(fingerprint)
        .collect();
        assert!(jaccard(&fingerprints[0], &fingerprints[1]) >= DEFAULT_THRESHOLD);
        let pairs = duplicate_pairs(fingerprints.clone(), DEFAULT_THRESHOLD);
        assert_eq!(pairs, brute_force_pairs(&fingerprints, DEFAULT_THRESHOLD));
        assert_eq!(pairs, vec![(0, 1), (0, 3), (1, 3)]);
        assert_eq!(groups(4, &pairs), vec![vec![0, 1, 3], vec![2]]);
    }

    #[test]
    fn banding_catches_pairs_at_the_threshold() {
        // Probability that a pair with Jaccard 0.8 shares no band.
        let miss = (1.0 - 0.8f64.powi(ROWS as i32)).powi(BANDS as i32);
        assert!(miss < 1e-7, "{miss}");
    }
}
