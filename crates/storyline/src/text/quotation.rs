//! Quotation marks, as written and as lost in decoding.
//!
//! A page decoded with the wrong character set loses its typographic marks to
//! the replacement character ("�It will be all over the country,� said Ali
//! Mokdad"); where one stands as a mark would, it is read as that mark, so a
//! quotation, its attribution and a speaker's first person are found alike on
//! such pages ([`lost_mark`]).

/// The marks that close a quotation, straight and typographic: a speech verb
/// right after one belongs to the attribution ("…,” said Ines Carvalho).
pub const CLOSING_QUOTE_MARKS: [char; 4] = ['"', '”', '’', '»'];

/// The marks that open a quotation, straight and typographic.
pub const OPENING_QUOTE_MARKS: [char; 6] = ['"', '“', '‘', '\'', '«', '„'];

/// What a replacement character stands for in a sentence: see [`lost_mark`].
pub enum LostMark {
    Opening,
    Closing,
}

/// The quotation mark a replacement character (U+FFFD, at byte `at`) stands
/// for, if any. Only characters outside ASCII are lost in decoding, and
/// typographic quotation marks are the commonest of them in news ("�It will be
/// all over the country,� said Ali Mokdad"). It opens a quotation at the start
/// or after a space or a bracket and before a word, and closes an open one
/// (`open`) after anything but a space and before a space, a point or the end;
/// elsewhere it is an apostrophe or a letter ("China�s", "Jos� Mourinho" with
/// no quotation open) and marks nothing.
pub fn lost_mark(text: &str, at: usize, open: bool) -> Option<LostMark> {
    let before = text[..at].chars().next_back();
    let after = text[at + '\u{FFFD}'.len_utf8()..].chars().next();
    if before.is_none_or(|b| b.is_whitespace() || b == '(')
        && after.is_some_and(char::is_alphanumeric)
    {
        Some(LostMark::Opening)
    } else if open
        && before.is_some_and(|b| !b.is_whitespace())
        && after.is_none_or(|a| a.is_whitespace() || ".,;:!?)".contains(a))
    {
        Some(LostMark::Closing)
    } else {
        None
    }
}

/// Whether `text[range]`, the gap between two words, holds a closing mark, or
/// one lost in decoding (no range of `text`: no).
pub fn closes_quotation(text: &str, range: std::ops::Range<usize>) -> bool {
    let Some(gap) = text.get(range.clone()) else {
        return false;
    };
    gap.contains(CLOSING_QUOTE_MARKS)
        || gap
            .match_indices('\u{FFFD}')
            .any(|(at, _)| lost_closing_mark(text, range.start + at))
}

/// Whether the replacement character at byte `at` closes a quotation. Where
/// no one knows whether a quotation is open, only after the point or comma
/// that ends quoted speech ("…country,� said"), not after a letter ("Jos�
/// said", where it was "é").
fn lost_closing_mark(text: &str, at: usize) -> bool {
    text[..at].ends_with([',', '.', '!', '?'])
        && matches!(lost_mark(text, at, true), Some(LostMark::Closing))
}

/// Whether `text`, less its trailing whitespace, ends with a closing mark, or
/// one lost in decoding ("…,” said", "…,� said").
pub fn ends_with_quotation(text: &str) -> bool {
    let trimmed = text.trim_end();
    trimmed.ends_with(CLOSING_QUOTE_MARKS)
        || trimmed
            .strip_suffix('\u{FFFD}')
            .is_some_and(|before| lost_closing_mark(text, before.len()))
}

/// Whether `text`, less its leading whitespace, opens with a quotation mark,
/// or one lost in decoding.
pub fn opens_with_quotation(text: &str) -> bool {
    let trimmed = text.trim_start();
    let at = text.len() - trimmed.len();
    trimmed.starts_with(OPENING_QUOTE_MARKS)
        || (trimmed.starts_with('\u{FFFD}')
            && matches!(lost_mark(text, at, false), Some(LostMark::Opening)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lost_mark_quotes_as_the_mark_it_stands_for() {
        let text = "\u{FFFD}It will spread,\u{FFFD} said Ali Mokdad. China\u{FFFD}s cases rose.";
        assert!(opens_with_quotation(text));
        let said = text.find(" said").unwrap();
        assert!(ends_with_quotation(&text[..said]));
        assert!(closes_quotation(text, said - 4..said + 1));
        // An apostrophe lost in decoding marks nothing.
        let apostrophe = text.find("\u{FFFD}s").unwrap();
        assert!(!closes_quotation(text, apostrophe..apostrophe + 3));
        assert!(!opens_with_quotation("China\u{FFFD}s cases rose."));
        assert!(!ends_with_quotation("Jos\u{FFFD}"));
    }
}
