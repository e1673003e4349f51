//! Analyze: [`Article`] → [`Doc`], sentences and words with their positions.
//!
//! Everything later compares articles through what this stage produces, so it is
//! where wording differences that mean nothing are erased: typographic quotes become
//! ASCII, "Oct." and "October" share a stem, "1,500" and "1500" are one number,
//! possessives lose their "'s". Offsets always point into the article's display
//! text, so that whatever is matched here can be quoted verbatim there.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use rust_stemmers::{Algorithm, Stemmer};

use crate::extract::header::{month_number, MONTH_NAMES};
use crate::model::{Article, Doc, Sentence, Token};

static WORD: LazyLock<Regex> =
    LazyLock::new(|| crate::pattern(r"[\p{L}\p{M}\p{N}]+(?:['’.,][\p{L}\p{M}\p{N}]+)*"));

/// Reusable analysis state (the stemmer and a cache of its answers, since news
/// repeats its words), so that a batch pays for it once.
pub struct Analyzer {
    stemmer: Stemmer,
    stems: RefCell<HashMap<String, String>>,
}

/// Entries kept in the stem cache before it is cleared.
const STEM_CACHE_LIMIT: usize = 100_000;

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer {
            stemmer: Stemmer::create(Algorithm::English),
            stems: RefCell::new(HashMap::new()),
        }
    }
}

impl Analyzer {
    pub fn analyze(&self, article: Article) -> Doc {
        let mut sentences = Vec::new();
        for (paragraph, (start, end)) in paragraphs(&article.text).into_iter().enumerate() {
            let heading = article.headings.contains(&(start, end));
            let text = &article.text[start..end];
            for boundary in sentencex::get_sentence_boundaries("en", text) {
                let raw = &text[boundary.start_byte..boundary.end_byte];
                let lead = raw.len() - raw.trim_start().len();
                let s_start = start + boundary.start_byte + lead;
                let s_end = s_start + raw.trim().len();
                if s_start == s_end {
                    continue;
                }
                sentences.push(Sentence {
                    start: s_start,
                    end: s_end,
                    position: sentences.len(),
                    paragraph,
                    heading,
                    tokens: self.tokens(&article.text, s_start, s_end),
                });
            }
        }
        Doc { article, sentences }
    }

    /// Words of `text[start..end]` with offsets into `text`.
    pub fn tokens(&self, text: &str, start: usize, end: usize) -> Vec<Token> {
        WORD.find_iter(&text[start..end])
            .map(|m| {
                let norm = normalize(m.as_str());
                let stem = self.stem(&norm);
                Token {
                    start: start + m.start(),
                    end: start + m.end(),
                    stopword: is_stopword(&norm),
                    norm,
                    stem,
                }
            })
            .collect()
    }

    /// The stem of a normalised word; month names and abbreviations share one.
    pub fn stem(&self, norm: &str) -> String {
        if let Some(stem) = self.stems.borrow().get(norm) {
            return stem.clone();
        }
        let stem = match month_number(norm) {
            Some(month) => MONTH_NAMES[month as usize - 1].to_string(),
            None => self.stemmer.stem(norm).into_owned(),
        };
        let mut cache = self.stems.borrow_mut();
        if cache.len() >= STEM_CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(norm.to_string(), stem.clone());
        stem
    }
}

/// Analyses a batch of articles.
pub fn analyze_all(articles: Vec<Article>) -> Vec<Doc> {
    let analyzer = Analyzer::default();
    articles.into_iter().map(|a| analyzer.analyze(a)).collect()
}

/// Byte ranges of the blank-line separated paragraphs of a cleaned text.
fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut start = 0;
    for part in text.split("\n\n") {
        let end = start + part.len();
        if !part.trim().is_empty() {
            ranges.push((start, end));
        }
        start = end + 2;
    }
    ranges
}

/// Lowercase, ASCII quotes, no thousands separators, no possessive "'s". A
/// replacement character inside a word is read as an apostrophe: it is what a
/// typographic apostrophe becomes when a page's encoding was guessed wrong.
pub fn normalize(word: &str) -> String {
    let mut norm: String = word
        .chars()
        .filter(|c| *c != ',')
        .map(|c| {
            if matches!(c, '’' | '‘' | '\u{FFFD}') {
                '\''
            } else {
                c
            }
        })
        .flat_map(char::to_lowercase)
        .collect();
    if norm.ends_with("'s") {
        norm.truncate(norm.len() - 2);
    }
    norm
}

/// Function words that carry no content of their own (news-oriented English list).
pub fn is_stopword(norm: &str) -> bool {
    STOPWORDS.binary_search(&norm).is_ok()
}

static STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "even",
    "ever",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "says",
    "she",
    "should",
    "since",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn article(text: &str) -> Article {
        crate::testing::article(None, text)
    }

    #[test]
    fn possessives_go_however_their_apostrophe_arrived() {
        for word in ["China's", "China’s", "China\u{FFFD}s", "CHINA"] {
            assert_eq!(normalize(word), "china", "{word}");
        }
        assert_eq!(normalize("1,200"), "1200");
    }

    #[test]
    fn stopword_list_is_sorted_for_binary_search() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn sentences_survive_abbreviations_and_keep_offsets() {
        let text = "The talks on Oct. 20 follow a U.S. decision. Mr. Kabulov said so.\n\nA second paragraph here.";
        let doc = Analyzer::default().analyze(article(text));
        let texts: Vec<&str> = doc.sentences.iter().map(|s| doc.sentence_text(s)).collect();
        assert_eq!(
            texts,
            vec![
                "The talks on Oct. 20 follow a U.S. decision.",
                "Mr. Kabulov said so.",
                "A second paragraph here."
            ]
        );
        assert_eq!(doc.sentences[2].paragraph, 1);
        assert_eq!(doc.sentences[2].position, 2);
    }

    #[test]
    fn wording_differences_that_mean_nothing_are_erased() {
        let analyzer = Analyzer::default();
        let stems = |s: &str| -> Vec<String> {
            analyzer
                .tokens(s, 0, s.len())
                .into_iter()
                .map(|t| t.stem)
                .collect()
        };
        assert_eq!(stems("Oct. 20"), stems("October 20"));
        assert_eq!(stems("“Moscow\u{a0}format”"), stems("\"Moscow format\""));
        assert_eq!(stems("Russia’s 1,500 talks"), stems("Russia's 1500 talk"));
        let tokens = analyzer.tokens("The envoy said", 0, 14);
        assert!(tokens[0].stopword && !tokens[1].stopword);
        assert_eq!((tokens[1].start, tokens[1].end), (4, 9));
    }
}
