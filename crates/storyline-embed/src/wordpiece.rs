//! BERT's uncased tokenizer: text to the word-piece ids the encoder was trained
//! on. Written out rather than taken from a tokenizer library because the model
//! needs only this one scheme, and it is short: clean the text (drop control
//! characters, space out CJK ideographs), lowercase and strip accents, split at
//! whitespace and around each punctuation mark, then cut each word greedily into
//! the longest pieces the vocabulary holds ("##" marks a piece inside a word). A
//! word that cannot be cut, or is longer than [`MAX_WORD_CHARS`], is one unknown
//! piece. This is what `tokenizer.json` of all-MiniLM-L6-v2 declares
//! (BertNormalizer with lowercasing and accent stripping, BertPreTokenizer,
//! WordPiece); the tests pin ids the reference tokenizer gives.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

/// Longer words are not cut into pieces but read as unknown.
const MAX_WORD_CHARS: usize = 100;

/// A vocabulary (`vocab.txt`: one piece a line, its id the line number) and the
/// ids of the pieces every input is framed with.
pub struct WordPiece {
    ids: HashMap<String, u32>,
    unknown: u32,
    pub(crate) start: u32,
    pub(crate) end: u32,
}

impl WordPiece {
    /// Reads a vocabulary; None when it lacks one of the special pieces
    /// (`[UNK]`, `[CLS]`, `[SEP]`).
    pub fn from_vocabulary(text: &str) -> Option<WordPiece> {
        let ids: HashMap<String, u32> = text
            .lines()
            .enumerate()
            .map(|(id, piece)| (piece.to_string(), id as u32))
            .collect();
        Some(WordPiece {
            unknown: *ids.get("[UNK]")?,
            start: *ids.get("[CLS]")?,
            end: *ids.get("[SEP]")?,
            ids,
        })
    }

    /// The ids of a text's pieces, at most `limit` of them (the first), without
    /// the framing pieces.
    pub fn pieces(&self, text: &str, limit: usize) -> Vec<u32> {
        let mut out = Vec::new();
        for word in words(&normalise(text)) {
            if out.len() >= limit {
                break;
            }
            self.cut(&word, &mut out);
        }
        out.truncate(limit);
        out
    }

    /// Appends a word's pieces: the longest known prefix, then the longest known
    /// "##" continuation, and so on; one unknown piece when that fails.
    fn cut(&self, word: &str, out: &mut Vec<u32>) {
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        if chars.len() > MAX_WORD_CHARS {
            out.push(self.unknown);
            return;
        }
        let mut pieces = Vec::new();
        let mut start = 0;
        while start < chars.len() {
            let from = chars[start].0;
            let found = (start + 1..=chars.len()).rev().find_map(|end| {
                let to = chars.get(end).map_or(word.len(), |&(at, _)| at);
                let piece = &word[from..to];
                let id = if start == 0 {
                    self.ids.get(piece)
                } else {
                    self.ids.get(&format!("##{piece}"))
                };
                id.map(|&id| (id, end))
            });
            match found {
                Some((id, end)) => {
                    pieces.push(id);
                    start = end;
                }
                None => {
                    out.push(self.unknown);
                    return;
                }
            }
        }
        out.extend(pieces);
    }
}

/// Cleans, lowercases and strips accents, and spaces out CJK ideographs.
fn normalise(text: &str) -> String {
    let mut cleaned = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\0' || c == '\u{fffd}' || is_control(c) {
            continue;
        }
        if is_whitespace(c) {
            cleaned.push(' ');
        } else if is_cjk(c) {
            cleaned.extend([' ', c, ' ']);
        } else {
            cleaned.push(c);
        }
    }
    cleaned
        .nfd()
        .filter(|c| c.general_category() != GeneralCategory::NonspacingMark)
        .flat_map(char::to_lowercase)
        .collect()
}

/// Splits at whitespace, with every punctuation mark a word of its own.
fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    for chunk in text.split(is_whitespace).filter(|c| !c.is_empty()) {
        let mut word = String::new();
        for c in chunk.chars() {
            if is_punctuation(c) {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                words.push(c.to_string());
            } else {
                word.push(c);
            }
        }
        if !word.is_empty() {
            words.push(word);
        }
    }
    words
}

fn is_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r') || c.general_category() == GeneralCategory::SpaceSeparator
}

fn is_control(c: char) -> bool {
    !matches!(c, '\t' | '\n' | '\r')
        && matches!(
            c.general_category(),
            GeneralCategory::Control
                | GeneralCategory::Format
                | GeneralCategory::Unassigned
                | GeneralCategory::PrivateUse
        )
}

fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation() || c.general_category_group() == GeneralCategoryGroup::Punctuation
}

/// The CJK ideograph blocks BERT spaces out (not Hangul, kana or Thai).
fn is_cjk(c: char) -> bool {
    matches!(u32::from(c),
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x20000..=0x2A6DF | 0x2A700..=0x2B73F
        | 0x2B740..=0x2B81F | 0x2B820..=0x2CEAF | 0xF900..=0xFAFF | 0x2F800..=0x2FA1F)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A vocabulary of a few pieces, ids by line.
    fn vocabulary() -> WordPiece {
        let pieces = [
            "[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "ferry", "ran", "a", "##gro", "##und", ",",
            ".", "cafe", "un", "##aff", "##ord", "##able", "中", "'", "s",
        ];
        WordPiece::from_vocabulary(&pieces.join("\n")).expect("special pieces")
    }

    #[test]
    fn words_are_lowercased_stripped_of_accents_and_cut_into_known_pieces() {
        let vocabulary = vocabulary();
        assert_eq!(
            vocabulary.pieces("The FERRY ran aground, Café.", 64),
            [4, 5, 6, 7, 8, 9, 10, 12, 11]
        );
        assert_eq!(vocabulary.pieces("unaffordable", 64), [13, 14, 15, 16]);
        // Unknown as a whole when a part is not in the vocabulary.
        assert_eq!(vocabulary.pieces("unafx ferry", 64), [1, 5]);
        // Punctuation inside a word splits it; ideographs stand alone.
        assert_eq!(vocabulary.pieces("ferry's 中中", 64), [5, 18, 19, 17, 17]);
        assert_eq!(vocabulary.pieces("the ferry ran", 2), [4, 5]);
        assert_eq!(vocabulary.pieces("\u{0}\u{200b}the\u{a0}ferry", 64), [4, 5]);
    }

    #[test]
    fn a_vocabulary_without_its_special_pieces_is_refused() {
        assert!(WordPiece::from_vocabulary("[PAD]\nthe\nferry").is_none());
    }
}
