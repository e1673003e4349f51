//! Analyze: [`Article`] → [`Doc`], sentences and words with their positions.
//!
//! Everything later compares articles through what this stage produces, so it is
//! where wording differences that mean nothing are erased: typographic quotes become
//! ASCII, "Oct." and "October" share a stem, "1,500" and "1500" are one number,
//! possessives lose their "'s". Offsets always point into the article's display
//! text, so that whatever is matched here can be quoted verbatim there.

use crate::model::{Article, Doc, Sentence, Token};
use crate::text::{normalize, word_spans, Language, Stems};

/// Reusable analysis state (the stemmer and a cache of its answers), so that a
/// batch pays for it once.
#[derive(Default)]
pub struct Analyzer {
    stems: Stems,
}

impl Analyzer {
    pub fn analyze(&self, article: Article) -> Doc {
        let language = article.language();
        let mut sentences = Vec::new();
        for (paragraph, (start, end)) in paragraphs(&article.text).into_iter().enumerate() {
            let heading = article.headings.contains(&(start, end));
            let text = &article.text[start..end];
            let boundaries = sentencex::get_sentence_boundaries(language.sentence_code(), text);
            // A sentence that ends on a title the splitter does not know
            // ("M." before "Morsi"), or on a time of day the weekday follows
            // ("3:30 a.m." before "Tuesday"), runs on into the next.
            let mut from: Option<usize> = None;
            for (i, boundary) in boundaries.iter().enumerate() {
                let opened = *from.get_or_insert(boundary.start_byte);
                let raw = &text[opened..boundary.end_byte];
                let runs_on = boundaries.get(i + 1).is_some_and(|next| {
                    language.ends_with_title(raw)
                        || language
                            .ends_with_time_before_day(raw, &text[next.start_byte..next.end_byte])
                });
                if runs_on {
                    continue;
                }
                from = None;
                let lead = raw.len() - raw.trim_start().len();
                let s_start = start + opened + lead;
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
                    words: raw.split_whitespace().count(),
                    tokens: self.tokens(language, &article.text, s_start, s_end),
                });
            }
        }
        Doc {
            article,
            language,
            sentences,
        }
    }

    /// Words of `text[start..end]`, written in `language`, with offsets into
    /// `text`. An elided article glued to its word ("l'armée") is a word of its
    /// own.
    pub fn tokens(&self, language: Language, text: &str, start: usize, end: usize) -> Vec<Token> {
        let mut tokens = Vec::new();
        for (word_start, word_end) in word_spans(&text[start..end]) {
            let (word_start, word_end) = (start + word_start, start + word_end);
            let glued = language.elided_prefix(&text[word_start..word_end]);
            if glued > 0 {
                tokens.push(self.token(language, text, word_start, word_start + glued));
            }
            tokens.push(self.token(language, text, word_start + glued, word_end));
        }
        tokens
    }

    fn token(&self, language: Language, text: &str, start: usize, end: usize) -> Token {
        let norm = normalize(&text[start..end]);
        let facts = self.stems.facts(language, &norm);
        Token {
            start,
            end,
            stopword: facts.stopword,
            speech_verb: facts.speech_verb,
            month: facts.month,
            norm,
            stem: facts.stem,
        }
    }
}

thread_local! {
    /// Each thread's analyzer, kept from one batch to the next: a store briefs
    /// its stories one at a time, a few articles each, and an analyzer made for
    /// each story would stem every word of it anew (its cache is bounded, see
    /// [`crate::text::STEM_CACHE_LIMIT`]).
    static ANALYZER: Analyzer = Analyzer::default();
}

/// Analyses a batch of articles.
pub fn analyze_all(articles: Vec<Article>) -> Vec<Doc> {
    crate::parallel::map(articles, |a| ANALYZER.with(|analyzer| analyzer.analyze(a)))
}

/// The words of a short text (a title) in `language`, as [`Analyzer::tokens`]
/// finds them, with this thread's analyzer.
pub fn tokens(language: Language, text: &str) -> Vec<Token> {
    ANALYZER.with(|analyzer| analyzer.tokens(language, text, 0, text.len()))
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
    fn sentences_survive_abbreviations_and_keep_offsets() {
        let text = "The talks on Oct. 20 follow a U.S. decision. Mr. Kabulov said so. “We were unlucky,” said Ms. Shourd, concluding.\n\nA second paragraph here. Dispatchers got a call shortly after 3:30 a.m. Tuesday that the building was on fire. It burned until 9 a.m. Tuesday's vote was put off.";
        let doc = Analyzer::default().analyze(article(text));
        let texts: Vec<&str> = doc.sentences.iter().map(|s| doc.sentence_text(s)).collect();
        assert_eq!(
            texts,
            vec![
                "The talks on Oct. 20 follow a U.S. decision.",
                "Mr. Kabulov said so.",
                "“We were unlucky,” said Ms. Shourd, concluding.",
                "A second paragraph here.",
                "Dispatchers got a call shortly after 3:30 a.m. Tuesday that the building was on fire.",
                "It burned until 9 a.m.",
                "Tuesday's vote was put off.",
            ]
        );
        assert_eq!(doc.sentences[3].paragraph, 1);
        assert_eq!(doc.sentences[3].position, 3);
    }

    #[test]
    fn each_language_splits_sentences_with_its_own_abbreviations_and_titles() {
        let doc = |lang: &str, text: &str| {
            let doc = Analyzer::default().analyze(Article {
                lang: lang.to_string(),
                ..article(text)
            });
            let texts: Vec<String> = doc
                .sentences
                .iter()
                .map(|s| doc.sentence_text(s).to_string())
                .collect();
            texts
        };
        assert_eq!(
            doc(
                "fr",
                "La ville natale de M. Morsi, Zagazig, a manifesté. Mme Clinton a réagi."
            ),
            [
                "La ville natale de M. Morsi, Zagazig, a manifesté.",
                "Mme Clinton a réagi."
            ]
        );
        assert_eq!(
            doc("es", "Los EE. UU. anunciaron sanciones. Siria respondió."),
            ["Los EE. UU. anunciaron sanciones.", "Siria respondió."]
        );
        let french = doc("fr", "Le ministre a déclaré mardi que la réforme passera.");
        assert_eq!(french.len(), 1);
    }

    #[test]
    fn wording_differences_that_mean_nothing_are_erased() {
        let analyzer = Analyzer::default();
        let stems = |s: &str| -> Vec<compact_str::CompactString> {
            analyzer
                .tokens(Language::ENGLISH, s, 0, s.len())
                .into_iter()
                .map(|t| t.stem)
                .collect()
        };
        assert_eq!(stems("Oct. 20"), stems("October 20"));
        assert_eq!(stems("“Moscow\u{a0}format”"), stems("\"Moscow format\""));
        assert_eq!(stems("Russia’s 1,500 talks"), stems("Russia's 1500 talk"));
        let tokens = analyzer.tokens(Language::ENGLISH, "The envoy said", 0, 14);
        assert!(tokens[0].stopword && !tokens[1].stopword);
        assert_eq!((tokens[1].start, tokens[1].end), (4, 9));
    }
}
