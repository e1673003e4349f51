//! Related words: English words that can state one claim in other words.
//!
//! Outlets that report one fact rarely share all its words: "the theft" and
//! "thieves stole", "his death" and "he died". Matching stems alone, the
//! aligner judges such sentences as two claims, so a line cites fewer of the
//! articles that state it and a fact is told twice. A word here stands for the
//! groups (concepts) it belongs to, and two words are related when they share
//! one: the most frequent sense of both (synonyms), or a word and its
//! derivation ("injure" / "injury", "death" / "die"), with irregular forms
//! ("stole") beside their base. Rarer senses are left out: "hurt" and "injure"
//! share only those, as do "buy" and "steal".
//!
//! The groups are read from WordNet 3.0 by `scripts/related-words`; how much
//! a related word counts beside the same word is
//! [`crate::align::AlignOptions::related_word_weight`]. English only: other
//! languages match on stems alone.

use std::sync::LazyLock;

use compact_str::CompactString;
use rustc_hash::FxHashMap as HashMap;

use crate::text::{Language, Stems};

/// The groups, one a line, words separated by spaces, then the irregular forms,
/// one "=form base" a line (see `data/README.md` for the licence of WordNet,
/// from which they are derived).
const GROUPS: &str = include_str!("../data/related-words.txt");

/// Every stem of a word in some group, with the groups it belongs to, sorted.
/// An irregular form ("stole") belongs to its base form's groups ("steal").
static CONCEPTS: LazyLock<HashMap<CompactString, Vec<u32>>> = LazyLock::new(|| {
    let stems = Stems::default();
    let stem = |word: &str| stems.of(Language::ENGLISH, word);
    let mut concepts: HashMap<CompactString, Vec<u32>> = HashMap::default();
    let (forms, groups): (Vec<&str>, Vec<&str>) =
        GROUPS.lines().partition(|line| line.starts_with('='));
    for (concept, group) in groups.into_iter().enumerate() {
        for word in group.split_whitespace() {
            let ids = concepts.entry(stem(word)).or_default();
            if ids.last() != Some(&(concept as u32)) {
                ids.push(concept as u32);
            }
        }
    }
    for line in forms {
        let Some((form, base)) = line[1..].split_once(' ') else {
            continue;
        };
        let Some(of_base) = concepts.get(&stem(base)).cloned() else {
            continue;
        };
        let ids = concepts.entry(stem(form)).or_default();
        ids.extend(of_base);
        ids.sort_unstable();
        ids.dedup();
    }
    concepts
});

/// The concepts of an English stem, sorted; empty when it is in no group.
pub fn concepts(stem: &str) -> &'static [u32] {
    CONCEPTS.get(stem).map_or(&[], Vec::as_slice)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stem(word: &str) -> CompactString {
        Stems::default().of(Language::ENGLISH, word)
    }

    /// Whether two English stems share a concept.
    fn related(a: &str, b: &str) -> bool {
        let (a, b) = (concepts(a), concepts(b));
        a.iter().any(|c| b.binary_search(c).is_ok())
    }

    #[test]
    fn synonyms_derivations_and_irregular_forms_are_related_and_other_words_are_not() {
        let related = |a: &str, b: &str| related(&stem(a), &stem(b));
        assert!(related("injured", "injury"));
        assert!(related("theft", "stealing"));
        assert!(related("stole", "theft"));
        assert!(related("blaze", "blazing"));
        assert!(!related("ferry", "injured"));
        assert!(!related("theft", "ferry"));
        assert!(concepts("qzxv").is_empty());
    }
}
