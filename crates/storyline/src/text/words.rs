//! Words: where they are in a text, their normal form, whether they carry
//! content, and their stems.

use std::cell::RefCell;
use std::sync::LazyLock;

use compact_str::CompactString;
use rust_stemmers::Stemmer;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::calendar::MONTH_NAMES;
use super::Language;

/// A word: letters, marks and digits, with inner apostrophes, points and commas
/// ("don't", "U.S", "1,500"), as the pattern
/// `[\p{L}\p{M}\p{N}]+(?:['’.,][\p{L}\p{M}\p{N}]+)*` finds them. Every
/// word of every briefed article passes through here, and scanning the
/// characters directly costs a fraction of a regex search per word (`perf` of
/// briefing a replay: the searches were a twentieth of the briefing).
pub fn word_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    WordSpans { text, at: 0 }
}

struct WordSpans<'a> {
    text: &'a str,
    /// Where the next word is looked for.
    at: usize,
}

impl Iterator for WordSpans<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let rest = &self.text[self.at..];
        let Some((offset, _)) = rest.char_indices().find(|&(_, c)| is_word_character(c)) else {
            self.at = self.text.len();
            return None;
        };
        let start = self.at + offset;
        let mut end = start + word_run(&self.text[start..]);
        loop {
            let mut after = self.text[end..].chars();
            match (after.next(), after.next()) {
                (Some(joint @ ('\'' | '’' | '.' | ',')), Some(next)) if is_word_character(next) =>
                {
                    let from = end + joint.len_utf8();
                    end = from + word_run(&self.text[from..]);
                }
                _ => break,
            }
        }
        self.at = end;
        Some((start, end))
    }
}

/// The length in bytes of the word characters `text` opens with.
fn word_run(text: &str) -> usize {
    text.char_indices()
        .find(|&(_, c)| !is_word_character(c))
        .map_or(text.len(), |(at, _)| at)
}

/// Whether `c` is a letter, a mark or a digit (Unicode's L, M and N).
fn is_word_character(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    WORD_CHARACTERS
        .binary_search_by(|&(first, last)| {
            if last < c {
                std::cmp::Ordering::Less
            } else if first > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// The ranges of letters, marks and digits, in order, from the Unicode tables
/// the regex crate reads `[\p{L}\p{M}\p{N}]` with.
static WORD_CHARACTERS: LazyLock<Vec<(char, char)>> = LazyLock::new(|| {
    use regex_syntax::hir::{Class, HirKind};
    let parsed = regex_syntax::Parser::new().parse(r"[\p{L}\p{M}\p{N}]");
    match parsed.as_ref().map(|hir| hir.kind()) {
        Ok(HirKind::Class(Class::Unicode(class))) => class
            .ranges()
            .iter()
            .map(|range| (range.start(), range.end()))
            .collect(),
        _ => Vec::new(),
    }
});

/// Stems, cached (news repeats its words), so that a batch pays for each once.
/// Every language's month names and abbreviations share one stem, the English
/// month's ("Oct.", "octobre" and "October"), so dates match across languages.
/// A language without a stemmer keeps its words whole.
#[derive(Default)]
pub struct Stems {
    stemmers: RefCell<HashMap<&'static str, Option<Stemmer>>>,
    cache: RefCell<HashMap<&'static str, HashMap<CompactString, WordFacts>>>,
}

/// What analysis asks of every normalised word, cached with its stem: one
/// lookup per word of every article instead of four (`perf` of briefing a
/// replay: the lookups, not the stemming, were the cost).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordFacts {
    pub stem: CompactString,
    pub stopword: bool,
    /// It credits a statement to a speaker ([`Language::is_speech_verb`]).
    pub speech_verb: bool,
    /// The month it names ([`Language::month_number`]).
    pub month: Option<u32>,
}

/// Entries kept in one language's stem cache before it is cleared.
pub const STEM_CACHE_LIMIT: usize = 100_000;

impl Stems {
    /// The stem of a normalised word (see [`normalize`]) of `language`.
    pub fn of(&self, language: Language, norm: &str) -> CompactString {
        self.facts(language, norm).stem
    }

    /// The [`WordFacts`] of a normalised word of `language`.
    pub fn facts(&self, language: Language, norm: &str) -> WordFacts {
        if let Some(facts) = self
            .cache
            .borrow()
            .get(language.code())
            .and_then(|cache| cache.get(norm))
        {
            return facts.clone();
        }
        let month = language.month_number(norm);
        let stem = match month {
            Some(month) => CompactString::const_new(MONTH_NAMES[month as usize - 1]),
            None => {
                let mut stemmers = self.stemmers.borrow_mut();
                let stemmer = stemmers
                    .entry(language.code())
                    .or_insert_with(|| language.stemmer().map(Stemmer::create));
                match stemmer {
                    Some(stemmer) => CompactString::from(stemmer.stem(norm)),
                    None => CompactString::from(norm),
                }
            }
        };
        let facts = WordFacts {
            stem,
            stopword: language.is_stopword(norm),
            speech_verb: language.is_speech_verb(norm),
            month,
        };
        let mut caches = self.cache.borrow_mut();
        let cache = caches.entry(language.code()).or_default();
        if cache.len() >= STEM_CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(CompactString::from(norm), facts.clone());
        facts
    }
}

/// Lowercase, ASCII quotes, no thousands separators, no possessive "'s". A
/// replacement character inside a word is read as an apostrophe: it is what a
/// typographic apostrophe becomes when a page's encoding was guessed wrong.
pub fn normalize(word: &str) -> CompactString {
    // Most words of most news are ASCII: lowercased in place, as the general
    // path below would.
    let mut norm: CompactString = if word.is_ascii() {
        let mut norm = CompactString::from(word);
        if norm.contains(',') {
            norm.retain(|c| c != ',');
        }
        norm.make_ascii_lowercase();
        norm
    } else {
        word.chars()
            .filter(|c| *c != ',')
            .map(|c| {
                if matches!(c, '’' | '‘' | '\u{FFFD}') {
                    '\''
                } else {
                    c
                }
            })
            .flat_map(char::to_lowercase)
            .collect()
    };
    if norm.ends_with("'s") {
        norm.truncate(norm.len() - 2);
    }
    norm
}

/// A sentence in capitals has at least this many words: shorter ones are
/// acronyms and labels ("UN, EU AND NATO").
const MIN_WORDS_IN_CAPITALS: usize = 4;

/// Whether the words of a sentence (each `text[start..end]`) are written in
/// capitals throughout — a broadcast transcript ("WE CHECKED THE SHERIFF'S
/// OFFICE AND ALL THEY WOULD SAY IS THIS CASE IS ACTIVE AND OPEN"), a banner
/// ("SUBSCRIBE TO HAARETZ AND GET FULL COVERAGE"). Its capitals tell no name
/// from any other word, and a briefing that quotes it shouts.
pub fn in_capitals(text: &str, words: impl IntoIterator<Item = (usize, usize)>) -> bool {
    let mut count = 0;
    for (start, end) in words {
        let word = &text[start..end];
        if word.chars().any(char::is_lowercase) {
            return false;
        }
        count += usize::from(word.chars().any(char::is_alphabetic));
    }
    count >= MIN_WORDS_IN_CAPITALS
}

/// Words of an English speaker speaking of themselves.
const FIRST_PERSON: &[&str] = &["i", "me", "my", "we", "us", "our"];

/// Whether an English sentence (`text`, its first word normalised
/// `first_word`) opens with a speaker's "I" or "we" outside quotation marks.
/// A news sentence that does is speech whose marks are elsewhere — a
/// quotation running over several sentences or paragraphs ("“How could I not
/// be grateful … I'm sorry I wasn't able to help you more."), a post — so it
/// is not the reporter's line, and out of its quotation no reader knows whose.
pub fn speaks_unmarked(text: &str, first_word: Option<&str>) -> bool {
    let quoted = super::opens_with_quotation(text);
    !quoted
        && first_word
            .is_some_and(|word| FIRST_PERSON.contains(&word.split('\'').next().unwrap_or(word)))
}

/// Whether the word at `text[start..end]` is a possessive: it ends in "'s"
/// ("Okafor's", "Wednesday’s"), the text goes on with one ("Wednesday" then
/// "'s"), or a word ending in "s" is followed by a bare apostrophe ("Harris'
/// threat").
pub fn is_possessive(text: &str, start: usize, end: usize) -> bool {
    let (word, after) = (&text[start..end], &text[end..]);
    let ends_in_s = word.ends_with('s') || word.ends_with('S');
    word.ends_with("'s")
        || word.ends_with("’s")
        || after.starts_with("'s")
        || after.starts_with("’s")
        || (ends_in_s && after.starts_with(['\'', '’']))
}

/// Whether a sentence is a social-media post embedded in the page, which the
/// page shows as the post's author wrote it: it carries the post's link
/// ("pic.twitter.com/…", "https://t.co/…") or its author's handle in brackets
/// ("KANYE WEST (@kanyewest) Here is my …"). Like speech in the first person
/// outside quotation marks ([`speaks_unmarked`]), it is someone's words, not
/// the reporter's line.
pub fn embeds_a_post(text: &str) -> bool {
    const POST_LINKS: [&str; 3] = ["pic.twitter.com/", "://t.co/", "://x.com/"];
    POST_LINKS.iter().any(|link| text.contains(link))
        || text.match_indices("(@").any(|(at, _)| {
            let handle = &text[at + 2..];
            let length = handle
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(handle.len());
            (1..=30).contains(&length) && handle[length..].starts_with(')')
        })
}

/// English function words that carry no content of their own (a news-oriented
/// list; other languages' come from [`super::Language::is_stopword`]).
pub(super) fn is_english_stopword(norm: &str) -> bool {
    // A hash set: every word of every article is asked about, and a binary
    // search of the list compares each with eight of its words.
    static SET: LazyLock<HashSet<&str>> = LazyLock::new(|| STOPWORDS.iter().copied().collect());
    SET.contains(norm)
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

/// Letters of a name's skeleton: enough to tell names apart, few enough that
/// one name's spellings in several languages share them.
const SKELETON_LETTERS: usize = 4;

/// A name as every language spells it alike, or nearly: transliterated to
/// ASCII ("Сирия" → "siriia", "Égypte" → "egypte"), with the letters that
/// spellings trade mapped to one ("y"/"j" → "i", "k" → "c", "sh" → "ch", "w" →
/// "v", "ph" → "f"), doubled letters single, cut to its first
/// [`SKELETON_LETTERS`]: "Syria", "Syrie", "Siria", "Syrien" and "Сирия" are all
/// "siri"; "Bashar" and "Bachar" both "bach". `None` for a name too short to
/// tell apart.
pub fn name_skeleton(norm: &str) -> Option<String> {
    let ascii = deunicode::deunicode(norm).to_ascii_lowercase();
    let mapped = ascii
        .replace("sh", "ch")
        .replace("ph", "f")
        .replace(['y', 'j'], "i")
        .replace('k', "c")
        .replace('w', "v");
    let mut skeleton = String::new();
    for c in mapped.chars().filter(char::is_ascii_lowercase) {
        if !skeleton.ends_with(c) {
            skeleton.push(c);
        }
        if skeleton.len() == SKELETON_LETTERS {
            break;
        }
    }
    (skeleton.len() >= 3).then_some(skeleton)
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    #[test]
    fn a_sentence_in_the_first_person_outside_quotation_marks_is_unmarked_speech() {
        for (text, first, unmarked) in [
            ("I'm sorry I wasn't able to help you more.", "i'm", true),
            ("We will rebuild the pier by April.", "we", true),
            ("My thanks go to the volunteers.", "my", true),
            (
                "“I would rather lose a week of traffic,” she said.",
                "i",
                false,
            ),
            ("\"We are safe,\" the captain said.", "we", false),
            ("It was the highest surge since 1987.", "it", false),
            ("Iris Holm said the ferry was safe.", "iris", false),
        ] {
            assert_eq!(speaks_unmarked(text, Some(first)), unmarked, "{text}");
        }
    }

    #[test]
    fn a_post_embedded_in_the_page_is_told_by_its_link_or_its_author_s_handle() {
        for (text, post) in [
            (
                "IRIS HOLM (@irisholm) The pier is safe… pic.twitter.com/AbC123",
                true,
            ),
            ("The quay is closed today 🎥 https://t.co/rfdg88", true),
            (
                "Port of Tessel (@TesselPort) Crossings resume at noon",
                true,
            ),
            ("Iris Holm said the ferry was safe.", false),
            (
                "Write to the port (@ the harbour office) for a permit.",
                false,
            ),
            (
                "Register at http://tessel.example/ferries by Monday.",
                false,
            ),
        ] {
            assert_eq!(embeds_a_post(text), post, "{text}");
        }
    }

    #[test]
    fn the_stop_word_list_is_sorted_without_repeats() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn words_keep_inner_apostrophes_points_and_commas() {
        let text = "Don't pay 1,500 to the U.S. now";
        let words: Vec<&str> = word_spans(text).map(|(s, e)| &text[s..e]).collect();
        assert_eq!(words, ["Don't", "pay", "1,500", "to", "the", "U.S", "now"]);
    }

    #[test]
    fn every_character_is_a_word_character_as_the_pattern_says() {
        let pattern = Regex::new(r"^[\p{L}\p{M}\p{N}]$").unwrap();
        assert!(!WORD_CHARACTERS.is_empty());
        let mut buffer = [0u8; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(
                is_word_character(c),
                pattern.is_match(c.encode_utf8(&mut buffer)),
                "{c:?}"
            );
        }
    }

    #[test]
    fn words_are_the_pattern_s_matches() {
        let pattern = Regex::new(r"[\p{L}\p{M}\p{N}]+(?:['’.,][\p{L}\p{M}\p{N}]+)*").unwrap();
        let pieces = [
            "a", "Z", "é", "e\u{301}", "9", "٣", "中", "д", "ß", "'", "’", ".", ",", " ", "-",
            "\"", "😀", "\u{200b}", "\n", "Ⅻ", "²", "a.", ".a", "''", "l'", "1,5",
        ];
        // A fixed pseudo-random walk over the pieces (a linear congruential
        // generator), so that every run checks the same texts.
        let mut state: u64 = 0x5EED;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..(state % 12) {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(pieces[(state >> 33) as usize % pieces.len()]);
            }
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let expected: Vec<(usize, usize)> = pattern
                .find_iter(&text)
                .map(|m| (m.start(), m.end()))
                .collect();
            assert_eq!(word_spans(&text).collect::<Vec<_>>(), expected, "{text:?}");
        }
    }

    #[test]
    fn months_share_a_stem_with_their_abbreviations() {
        let stems = Stems::default();
        let english = Language::ENGLISH;
        assert_eq!(stems.of(english, "oct"), stems.of(english, "october"));
        assert_eq!(stems.of(english, "talks"), "talk");
        let french = Language::from_code("fr").unwrap();
        assert_eq!(stems.of(french, "octobre"), "october");
        let facts = stems.facts(french, "octobre");
        assert_eq!((facts.month, facts.stopword), (Some(10), false));
        assert!(stems.facts(english, "said").speech_verb);
        assert!(stems.facts(english, "the").stopword);
        assert_eq!(
            stems.of(french, "négociations"),
            stems.of(french, "négociation")
        );
    }
}
