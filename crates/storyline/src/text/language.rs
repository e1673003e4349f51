//! Languages: which one an article is written in, and what reading it takes —
//! where its sentences end, its stems, its function words, the words that
//! credit a statement to a speaker, and its calendar's names.
//!
//! Every stage asks the article's [`Language`] rather than assuming English, so
//! that a French report's "mars" is a month, its "selon" an attribution and its
//! "de" a function word. A language has up to three layers, and says which it
//! has: a Snowball stemmer (`rust-stemmers`), a stop-word list (the `stop-words`
//! crate; English keeps the project's news-oriented list), and *rules* — speech
//! verbs and calendar names written for Storyline in `languages/<code>.txt`, for
//! English, French, Spanish, Italian, German, Portuguese and Russian. A language
//! without rules is read with none (no dates, no attributed quotations), never
//! with English ones: [`Language::has_rules`] says so, and the digest warns.
//!
//! Identification is `whatlang` (trigrams, already in the tree through the
//! extractor) over the headline and the opening of the text; a language the
//! input states wins. Against `lingua` 1.8 (restricted to 19 languages), in a
//! one-off comparison on texts whose language is known: on whole articles the
//! two agree (SemEval-2022 task 8's texts: whatlang 0.994 right, lingua 0.998;
//! ML-Crisis's pages: 0.999 both) and whatlang is 30–50 times faster (0.17 ms
//! a text against 5.6); on a headline alone lingua is far better (the UCI
//! sample's 6,366 English headlines: 0.978 against 0.692). Articles are whole
//! texts, and a headline that whatlang cannot read reliably takes its batch's
//! language (see `extract`), so whatlang it is; `docs/benchmarks.md` measures
//! it on the SemEval texts with every run.

use std::sync::{LazyLock, OnceLock};

use rust_stemmers::Algorithm;
// Fx-hashed: every word of every article is looked up in these.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::calendar;

/// How much of an article identification reads: the opening is enough, and a
/// two-million-character comment thread must not cost more than a page.
/// Measured on SemEval 2022 task 8's 4,675 texts in ten languages
/// (`storyline eval pairs`): 4,645 identified right reading 1,000 bytes, 4,646
/// reading 2,000 or 4,000; reading 1,000 makes `storyline ingest` about 12%
/// faster than 4,000 (identification was a quarter of extraction's cost).
const IDENTIFICATION_BYTES: usize = 1_000;

/// One language Storyline knows by name.
#[derive(Debug)]
struct Profile {
    /// ISO 639-1 where the language has one (what output shows), else 639-3.
    code: &'static str,
    /// ISO 639-3, as `whatlang` names it.
    iso3: &'static str,
    name: &'static str,
    stemmer: Option<Algorithm>,
    /// The rules file, when the language has one.
    rules: Option<&'static str>,
}

const fn profile(
    code: &'static str,
    iso3: &'static str,
    name: &'static str,
    stemmer: Option<Algorithm>,
    rules: Option<&'static str>,
) -> Profile {
    Profile {
        code,
        iso3,
        name,
        stemmer,
        rules,
    }
}

use Algorithm as A;

static PROFILES: &[Profile] = &[
    profile("und", "und", "undetermined", None, None),
    profile(
        "en",
        "eng",
        "English",
        Some(A::English),
        Some(include_str!("languages/en.txt")),
    ),
    profile(
        "fr",
        "fra",
        "French",
        Some(A::French),
        Some(include_str!("languages/fr.txt")),
    ),
    profile(
        "es",
        "spa",
        "Spanish",
        Some(A::Spanish),
        Some(include_str!("languages/es.txt")),
    ),
    profile(
        "it",
        "ita",
        "Italian",
        Some(A::Italian),
        Some(include_str!("languages/it.txt")),
    ),
    profile(
        "de",
        "deu",
        "German",
        Some(A::German),
        Some(include_str!("languages/de.txt")),
    ),
    profile(
        "pt",
        "por",
        "Portuguese",
        Some(A::Portuguese),
        Some(include_str!("languages/pt.txt")),
    ),
    profile(
        "ru",
        "rus",
        "Russian",
        Some(A::Russian),
        Some(include_str!("languages/ru.txt")),
    ),
    profile("ar", "ara", "Arabic", Some(A::Arabic), None),
    profile("da", "dan", "Danish", Some(A::Danish), None),
    profile("el", "ell", "Greek", Some(A::Greek), None),
    profile("fi", "fin", "Finnish", Some(A::Finnish), None),
    profile("hu", "hun", "Hungarian", Some(A::Hungarian), None),
    profile("nl", "nld", "Dutch", Some(A::Dutch), None),
    profile("nb", "nob", "Norwegian", Some(A::Norwegian), None),
    profile("ro", "ron", "Romanian", Some(A::Romanian), None),
    profile("sv", "swe", "Swedish", Some(A::Swedish), None),
    profile("ta", "tam", "Tamil", Some(A::Tamil), None),
    profile("tr", "tur", "Turkish", Some(A::Turkish), None),
    profile("pl", "pol", "Polish", None, None),
    profile("uk", "ukr", "Ukrainian", None, None),
    profile("cs", "ces", "Czech", None, None),
    profile("zh", "cmn", "Chinese", None, None),
    profile("ja", "jpn", "Japanese", None, None),
    profile("ko", "kor", "Korean", None, None),
    profile("he", "heb", "Hebrew", None, None),
    profile("hi", "hin", "Hindi", None, None),
    profile("fa", "pes", "Persian", None, None),
];

/// A language, as analysis reads it. Cheap to copy and compare.
#[derive(Clone, Copy)]
pub struct Language(&'static Profile);

impl PartialEq for Language {
    fn eq(&self, other: &Language) -> bool {
        self.0.code == other.0.code
    }
}

impl Eq for Language {}

impl std::fmt::Debug for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.code)
    }
}

impl Default for Language {
    fn default() -> Self {
        Language::ENGLISH
    }
}

impl Language {
    pub const ENGLISH: Language = Language(&PROFILES[1]);
    pub const UNDETERMINED: Language = Language(&PROFILES[0]);

    /// The language a code names: ISO 639-1 or 639-3, any case, a region
    /// suffix ignored ("fr", "FRA", "pt-BR"). `None` for a code Storyline does
    /// not know.
    pub fn from_code(code: &str) -> Option<Language> {
        let code = code.trim();
        let base = code
            .split(['-', '_'])
            .next()
            .unwrap_or(code)
            .to_ascii_lowercase();
        PROFILES
            .iter()
            .find(|p| p.code == base || p.iso3 == base)
            .map(Language)
    }

    /// The language of an article, from its headline and the opening of its
    /// text; undetermined when there are no letters to read.
    pub fn identify(title: &str, text: &str) -> Language {
        Language::identify_reliably(title, text).0
    }

    /// [`Language::identify`], and whether the identification is reliable.
    /// Measured: on headlines alone `whatlang` is right 62% of the time when
    /// it calls itself unreliable, 99.8% when reliable; on whole articles it is
    /// above 99% (`docs/benchmarks.md`). A batch lends its unreliably
    /// identified articles its own language (see `extract`).
    pub fn identify_reliably(title: &str, text: &str) -> (Language, bool) {
        let mut end = text.len().min(IDENTIFICATION_BYTES);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let sample = format!("{title}\n{}", &text[..end]);
        let Some(info) = whatlang::detect(&sample) else {
            return (Language::UNDETERMINED, false);
        };
        let iso3 = info.lang().code();
        let language = PROFILES
            .iter()
            .find(|p| p.iso3 == iso3)
            .map(Language)
            .unwrap_or(Language::UNDETERMINED);
        (language, info.is_reliable())
    }

    /// The language an article states or, failing that, the one it is written in.
    pub fn of_article(stated: &str, title: &str, text: &str) -> Language {
        if stated.trim().is_empty() {
            Language::identify(title, text)
        } else {
            Language::from_code(stated).unwrap_or(Language::UNDETERMINED)
        }
    }

    /// Every language Storyline has rules for.
    pub fn with_rules() -> impl Iterator<Item = Language> {
        PROFILES.iter().filter(|p| p.rules.is_some()).map(Language)
    }

    /// ISO 639-1 code where there is one ("fr"), else ISO 639-3; "und" when
    /// undetermined.
    pub fn code(self) -> &'static str {
        self.0.code
    }

    /// The language's name in English ("French").
    pub fn name(self) -> &'static str {
        self.0.name
    }

    /// Whether Storyline has date, quotation and attribution rules for it.
    pub fn has_rules(self) -> bool {
        self.0.rules.is_some()
    }

    /// The code `sentencex` splits sentences by: the language's own; for a
    /// language it lacks, `sentencex` falls back to a related one or, failing
    /// that, to its English abbreviations.
    pub fn sentence_code(self) -> &'static str {
        self.0.code
    }

    pub(crate) fn stemmer(self) -> Option<Algorithm> {
        self.0.stemmer
    }

    /// Whether a normalised word is a function word of this language.
    pub fn is_stopword(self, norm: &str) -> bool {
        if self == Language::ENGLISH {
            return super::words::is_english_stopword(norm);
        }
        STOPWORDS.get(self.0.code).is_some_and(|words| {
            words
                .get_or_init(|| {
                    stop_words::lookup(self.0.code)
                        .map(|list| list.iter().copied().collect())
                        .unwrap_or_default()
                })
                .contains(norm)
        })
    }

    /// Whether a normalised word credits a statement to a speaker ("said",
    /// "a déclaré", "según").
    pub fn is_speech_verb(self, norm: &str) -> bool {
        self.rules().is_some_and(|r| r.speech.contains(norm))
    }

    /// Month number (1–12) for a month name or abbreviation of this language,
    /// any case, with or without a point.
    pub fn month_number(self, word: &str) -> Option<u32> {
        if self == Language::ENGLISH {
            return calendar::month_number(word);
        }
        let word = word.trim_end_matches('.').to_lowercase();
        self.rules()?.months.get(word.as_str()).copied()
    }

    /// Weekday number (1 = Monday … 7 = Sunday) for a weekday name.
    pub fn weekday_number(self, word: &str) -> Option<u32> {
        let word = word.to_lowercase();
        self.rules()?.weekdays.get(word.as_str()).copied()
    }

    /// Days from today a word names: yesterday −1, today 0, tomorrow 1.
    pub fn relative_day(self, word: &str) -> Option<i64> {
        let word = word.to_lowercase();
        let day = *self.rules()?.days.get(word.as_str())?;
        Some(day as i64 - 2)
    }

    /// Whether a lowercase word before a date makes it a span's bound
    /// ("since", "until", "depuis").
    pub fn bounds_a_span(self, norm: &str) -> bool {
        self.rules().is_some_and(|r| r.bounds.contains(norm))
    }

    /// Whether a lowercase word opens a clause that tells another event than
    /// a sentence's news ("which", "saying", "because", "dont").
    pub fn opens_subordinate_clause(self, norm: &str) -> bool {
        self.rules().is_some_and(|r| r.subordinate.contains(norm))
    }

    /// The phrases for last / this / next week (`weeks`) or month, longest
    /// first, for the date patterns.
    pub fn period_phrases(self, weeks: bool) -> Vec<&'static str> {
        let Some(rules) = self.rules() else {
            return Vec::new();
        };
        let mut phrases: Vec<&'static str> = rules
            .periods
            .iter()
            .filter(|(_, week, _)| *week == weeks)
            .map(|(phrase, _, _)| *phrase)
            .collect();
        phrases.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        phrases
    }

    /// Which of last, this or next a period phrase says ("semaine dernière":
    /// "last"), whitespace and case aside.
    pub fn period_of(self, phrase: &str) -> Option<&'static str> {
        let phrase = phrase
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        self.rules()?
            .periods
            .iter()
            .find(|(p, _, _)| *p == phrase)
            .map(|(_, _, which)| *which)
    }

    /// Where the word proper starts in `word`, after an elided article or
    /// pronoun glued on with an apostrophe ("d'Égypte": 2, "l'armée": 2); 0
    /// when there is none.
    pub fn elided_prefix(self, word: &str) -> usize {
        let Some(at) = word.find(['\'', '’']) else {
            return 0;
        };
        let prefix = word[..at].to_lowercase();
        let glued = self
            .rules()
            .is_some_and(|r| r.elisions.contains(prefix.as_str()));
        let rest = at + word[at..].chars().next().map_or(1, char::len_utf8);
        if glued && rest < word.len() {
            rest
        } else {
            0
        }
    }

    /// Whether a text ends on a title written with a point ("… de M."), which
    /// a name follows rather than a new sentence.
    pub fn ends_with_title(self, text: &str) -> bool {
        let Some(before) = text.trim_end().strip_suffix('.') else {
            return false;
        };
        let word = before
            .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '«')
            .next()
            .unwrap_or_default();
        self.writes_title_with_point(word)
    }

    /// Whether a normalised word is one of the language's articles ("the",
    /// "le", "el").
    pub fn is_article(self, norm: &str) -> bool {
        self.rules().is_some_and(|r| r.articles.contains(norm))
    }

    /// Whether a word, without its point, is a title this language writes
    /// with one before a name ("M", "Mme", "Sra").
    pub fn writes_title_with_point(self, word: &str) -> bool {
        self.rules().is_some_and(|r| r.titles.contains(word))
    }

    /// Whether a text ends on a time of day written with points ("shortly
    /// after 3:30 a.m.") and the next begins with a weekday's name: news style
    /// writes the day after the time ("a call shortly after 3:30 a.m. Tuesday
    /// that the building was on fire"), so the two are one sentence. A
    /// weekday's possessive ("a.m. Tuesday's vote …") may begin a sentence and
    /// does not join.
    pub fn ends_with_time_before_day(self, text: &str, next: &str) -> bool {
        let text = text.trim_end();
        let time = text.get(text.len().saturating_sub(5)..).unwrap_or_default();
        if !time.eq_ignore_ascii_case(" a.m.") && !time.eq_ignore_ascii_case(" p.m.") {
            return false;
        }
        let next = next.trim_start();
        let day = next
            .split(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or_default();
        self.weekday_number(day).is_some() && !next[day.len()..].starts_with(['\'', '’'])
    }

    /// Every spelling of the language's months, weekdays and relative days
    /// (in that order), for the date patterns.
    pub fn calendar_words(self) -> [Vec<&'static str>; 3] {
        let Some(rules) = self.rules() else {
            return Default::default();
        };
        let sorted = |words: &HashMap<&'static str, u32>| {
            let mut words: Vec<&'static str> = words.keys().copied().collect();
            // Longest first, so that an alternation prefers "juillet" to "juil".
            words.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
            words
        };
        [
            sorted(&rules.months),
            sorted(&rules.weekdays),
            sorted(&rules.days),
        ]
    }

    /// A label of rendered briefings in this language (`label.KEY` in its
    /// rules file), if it has one.
    pub fn label(self, key: &str) -> Option<&'static str> {
        self.rules()?.labels.get(key).copied()
    }

    fn rules(self) -> Option<&'static Rules> {
        RULES.get(self.0.code)
    }
}

/// A language's rules file, read.
#[derive(Default)]
struct Rules {
    speech: HashSet<&'static str>,
    months: HashMap<&'static str, u32>,
    weekdays: HashMap<&'static str, u32>,
    /// Yesterday, today, tomorrow: 1, 2, 3.
    days: HashMap<&'static str, u32>,
    bounds: HashSet<&'static str>,
    subordinate: HashSet<&'static str>,
    /// Phrases for last / this / next week or month: (phrase, is a week,
    /// "last" | "this" | "next").
    periods: Vec<(&'static str, bool, &'static str)>,
    /// Titles written with a point before a name ("M.", "Mme.").
    titles: HashSet<&'static str>,
    /// The articles ("the", "le", "el").
    articles: HashSet<&'static str>,
    /// Words elided before a vowel and glued on with an apostrophe ("l'",
    /// "d'", "dell'"), lowercase, without the apostrophe.
    elisions: HashSet<&'static str>,
    /// Labels of rendered briefings, by key (`label.KEY` in the file).
    labels: HashMap<&'static str, &'static str>,
}

impl Rules {
    fn parse(text: &'static str) -> Rules {
        let mut rules = Rules::default();
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let Some((field, words)) = line.split_once(':') else {
                continue;
            };
            let numbered = |words: &'static str| -> HashMap<&'static str, u32> {
                words
                    .split('|')
                    .enumerate()
                    .flat_map(|(i, names)| names.split_whitespace().map(move |n| (n, i as u32 + 1)))
                    .collect()
            };
            if let Some(key) = field.trim().strip_prefix("label.") {
                rules.labels.insert(key, words.trim());
                continue;
            }
            match field.trim() {
                "speech" => rules.speech = words.split_whitespace().collect(),
                "months" => rules.months = numbered(words),
                "weekdays" => rules.weekdays = numbered(words),
                "days" => rules.days = numbered(words),
                "bounds" => rules.bounds = words.split_whitespace().collect(),
                "subordinate" => rules.subordinate = words.split_whitespace().collect(),
                "titles" => rules.titles = words.split_whitespace().collect(),
                "articles" => rules.articles = words.split_whitespace().collect(),
                "elisions" => rules.elisions = words.split_whitespace().collect(),
                period @ ("last_week" | "this_week" | "next_week" | "last_month" | "this_month"
                | "next_month") => {
                    let (which, unit) = period.split_once('_').unwrap_or_default();
                    rules.periods.extend(
                        words
                            .split('|')
                            .map(str::trim)
                            .filter(|p| !p.is_empty())
                            .map(|p| (p, unit == "week", which)),
                    );
                }
                _ => {}
            }
        }
        rules
    }
}

static RULES: LazyLock<HashMap<&'static str, Rules>> = LazyLock::new(|| {
    PROFILES
        .iter()
        .filter_map(|p| Some((p.code, Rules::parse(p.rules?))))
        .collect()
});

/// The `stop-words` crate's lists (ISO collection) for every language but
/// English, lowercase, each read into a set when its language is first read.
static STOPWORDS: LazyLock<HashMap<&'static str, OnceLock<HashSet<&'static str>>>> =
    LazyLock::new(|| {
        PROFILES
            .iter()
            .filter(|p| p.code != "en")
            .map(|p| (p.code, OnceLock::new()))
            .collect()
    });

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rules_file_names_twelve_months_and_seven_weekdays() {
        for profile in PROFILES.iter().filter(|p| p.rules.is_some()) {
            let rules = Language(profile).rules().expect("parsed");
            let months: HashSet<u32> = rules.months.values().copied().collect();
            let weekdays: HashSet<u32> = rules.weekdays.values().copied().collect();
            assert_eq!(months.len(), 12, "{}", profile.code);
            assert!(weekdays.len() >= 6, "{}", profile.code);
            assert!(rules.speech.len() >= 10, "{}", profile.code);
            assert!(rules.subordinate.len() >= 10, "{}", profile.code);
        }
    }

    #[test]
    fn codes_are_read_in_either_standard_and_any_case() {
        let french = Language::from_code("fr").unwrap();
        assert_eq!(Language::from_code("FRA"), Some(french));
        assert_eq!(Language::from_code("pt-BR").map(Language::code), Some("pt"));
        assert_eq!(Language::from_code("xx"), None);
        assert_eq!(
            Language::of_article("xx", "", "Bonjour"),
            Language::UNDETERMINED
        );
    }

    #[test]
    fn articles_are_identified_by_their_words() {
        let cases = [
            ("en", "The minister said on Tuesday that the talks would resume next week."),
            ("fr", "Le ministre a déclaré mardi que les négociations reprendraient la semaine prochaine."),
            ("es", "El ministro dijo el martes que las negociaciones se reanudarían la próxima semana."),
            ("it", "Il ministro ha detto martedì che i negoziati riprenderanno la prossima settimana."),
            ("de", "Der Minister sagte am Dienstag, die Verhandlungen würden nächste Woche fortgesetzt."),
            ("ru", "Министр заявил во вторник, что переговоры возобновятся на следующей неделе."),
        ];
        for (code, text) in cases {
            assert_eq!(Language::identify("", text).code(), code, "{text}");
        }
        assert_eq!(
            Language::identify("", "1234 — 5678"),
            Language::UNDETERMINED
        );
    }

    #[test]
    fn each_language_reads_its_own_words_and_not_english_ones() {
        let french = Language::from_code("fr").unwrap();
        let spanish = Language::from_code("es").unwrap();
        assert!(french.is_stopword("de") && french.is_speech_verb("déclaré"));
        assert_eq!(french.month_number("Mars"), Some(3));
        assert_eq!(spanish.month_number("marzo"), Some(3));
        assert_eq!(spanish.weekday_number("Jueves"), Some(4));
        assert!(!french.is_speech_verb("said") && french.month_number("March").is_none());
        assert!(Language::ENGLISH.is_speech_verb("said") && Language::ENGLISH.is_stopword("the"));
        let turkish = Language::from_code("tr").unwrap();
        assert!(!turkish.has_rules() && turkish.month_number("Mart").is_none());
    }
}
