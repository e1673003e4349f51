//! Which lines of a page are not the article.
//!
//! Boilerplate comes in three kinds, and each needs its own test: lines that *say*
//! what they are (calls to action, navigation, copyright), lines that are shaped like
//! captions and photo credits, and lines that only reveal themselves by repetition
//! (a caption printed twice, a footer shared by several articles). The first two are
//! judged here line by line; repetition is counted by the caller, which sees the
//! whole article and the whole batch.

use std::sync::LazyLock;

use regex::{Regex, RegexSet};

/// Calls to action, navigation, sharing and legal lines, anchored to the whole line.
static NOISE: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new([
        r"(?i)^read more\b.*$",
        r"(?i)^(?:also )?read(?: also)?:.*$",
        r"(?i)^(?:related(?: articles?| stories| coverage| content)?|see also|more on this(?: story)?|recommended|most read|trending)(?:\s*:.*)?$",
        r"(?i)^loading\s*(?:\.\.\.|…)?$",
        r"(?i)^share (?:this|on)\b.{0,40}$",
        r"(?i)^(?:leave a (?:reply|comment)|comments?|\d+ comments?|post a comment)\.?$",
        r"(?i)^want us to email you\b.*$",
        r"(?i)^(?:download|get) (?:our|the) (?:free )?apps?\b.*$",
        r"(?i)^(?:sign up|subscribe)\b.{0,120}$",
        r"(?i)^(?:follow us|like us|join us)\b.{0,120}$",
        r"(?i)^follow\b.{0,60}\b(?:on (?:social media|twitter|x|facebook|instagram|telegram)|for (?:live )?updates)\b.{0,40}$",
        r"(?i)^click here\b.*$",
        r"(?i)^(?:advertisement|sponsored(?: content)?|ad)$",
        r"(?i)^skip to (?:main )?content$",
        r"(?i)^(?:©|\(c\)|copyright\b).*$",
        r"(?i)^all rights reserved\.?$",
        r"(?i)^[^.]{0,80}\bcontributed (?:reporting|to this (?:report|story|article))\b[^.]*\.?$",
        r"(?i)^(?:additional )?(?:reporting|editing|writing) by\b.*$",
        r"(?i)^(?:watch|listen|photos?|video|image|gallery)\s*:.{0,120}$",
        r"(?i)^(?:tags?|topics?|filed under)\s*:.*$",
        r"(?i)^(?:this (?:article|story) (?:was|has been) (?:updated|corrected)).{0,100}$",
        r"(?i)^(?:previous|next) (?:article|story|post)\b.*$",
        r"(?i)^(?:print|email|tweet|whatsapp|facebook|twitter|linkedin)(?:\s*[|·•]\s*\w+)*$",
    ])
    .expect("boilerplate patterns compile")
});

/// Photo credits: "(AP Photo/Name)", "Photo: X", "Getty Images", "Name / Agency".
static CREDIT: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new([
        r"\((?:AP|AFP|Reuters|EPA|Getty)?\s*Photo(?:s|graph)?\s*(?:/|:|by)[^)]*\)\s*$",
        r"(?i)\b(?:photo(?:graph)?|image|picture)\s*(?:credit)?\s*:\s*\S.{0,60}$",
        r"(?i)\b(?:getty images|shutterstock|press association images|afp via getty images)\s*\)?\.?$",
        r"©",
        // "... movement. Alexander Zemlianichenko / TACC" — a name, a slash, an agency.
        r"(?:^|[.!?]\s+)\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+){0,3}\s*/\s*\p{Lu}[\p{L}&.'-]*(?:\s+\p{Lu}[\p{L}&.'-]*){0,3}\.?$",
    ])
    .expect("credit patterns compile")
});

static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[\p{L}\p{N}]+").unwrap());

/// Why a line is not part of the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Noise {
    /// A call to action, navigation, sharing or legal line.
    Chrome,
    /// A photo caption or credit.
    Caption,
    /// A fragment too short to be a sentence or a heading ("Route 6", "Reuters").
    Stray,
}

/// Judges one line on its own. Repetition is judged elsewhere.
pub fn classify(line: &str) -> Option<Noise> {
    let line = line.trim();
    if NOISE.is_match(line) {
        return Some(Noise::Chrome);
    }
    if CREDIT.is_match(line) {
        return Some(Noise::Caption);
    }
    if is_stray(line) {
        return Some(Noise::Stray);
    }
    None
}

/// Three words or fewer without sentence punctuation: a leftover label, credit
/// or widget, never a statement.
fn is_stray(line: &str) -> bool {
    let words = WORD.find_iter(line).count();
    words <= 3 && !ends_sentence(line)
}

/// Ends with sentence punctuation, possibly followed by closing quotes or brackets.
pub fn ends_sentence(line: &str) -> bool {
    let trimmed = line.trim_end_matches(['"', '\'', '”', '’', ')', ']', '»', ' ']);
    trimmed.ends_with(['.', '!', '?', '…', ':'])
}

/// A short line without final punctuation: a sub-heading when it sits among prose.
pub fn looks_like_heading(line: &str) -> bool {
    let words = WORD.find_iter(line).count();
    (4..=14).contains(&words) && !ends_sentence(line)
}

/// A key under which two lines count as the same for repetition: letters and digits
/// only, lowercased.
pub fn repetition_key(line: &str) -> String {
    WORD.find_iter(line)
        .map(|m| m.as_str().to_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
}

/// True when `line` is nothing but `title`, once or several times over (some pages
/// print the headline twice in a row as one line).
pub fn repeats_title(line: &str, title_key: &str) -> bool {
    if title_key.is_empty() {
        return false;
    }
    let key = repetition_key(line);
    !key.is_empty() && key.split(title_key).all(|rest| rest.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chrome_lines_from_the_seeds_are_recognised() {
        for line in [
            "READ MORE: UN: Afghanistan's economy on brink of collapse",
            "Read More",
            "Loading...",
            "Share this article",
            "Leave a Reply",
            "Want us to email you top stories each lunch time?",
            "Download our Apps",
            "Follow Northshore Radio on social media for live updates.",
            "© 2022, developed by Square1 and powered by",
            "AFP contributed reporting.",
            "Related article: Taliban Rule Will Be a 'Threat' to Russia",
        ] {
            assert_eq!(classify(line), Some(Noise::Chrome), "{line}");
        }
    }

    #[test]
    fn captions_and_credits_are_recognised() {
        for line in [
            "Taliban official Abdul Salam Hanafi speaks to the media (AP Photo/Alexander Zemlianichenko, Pool)",
            "Members of a political delegation from the Afghan Taliban's movement. Alexander Zemlianichenko / TACC",
            "The Taliban delegation in Moscow, © AP/Press Association Images",
        ] {
            assert_eq!(classify(line), Some(Noise::Caption), "{line}");
        }
        assert_eq!(classify("Route 6"), Some(Noise::Stray));
        assert_eq!(classify("Reuters"), Some(Noise::Stray));
    }

    #[test]
    fn prose_is_kept() {
        for line in [
            "Russia would do so, but the details were still being decided, Kabulov said.",
            "The talks will follow a G20 summit on Afghanistan on Oct. 12.",
            "Prices rose 3/4 of a point, the bank said.",
            "Share prices fell sharply on Monday after the announcement by the central bank.",
            "It worked.",
        ] {
            assert_eq!(classify(line), None, "{line}");
        }
    }

    #[test]
    fn doubled_titles_are_recognised() {
        let title = repetition_key("Russia hosts talks aimed at stabilising Afghanistan");
        assert!(repeats_title(
            "Russia Hosts Talks Aimed At Stabilising Afghanistan Russia Hosts Talks Aimed At Stabilising Afghanistan",
            &title
        ));
        assert!(!repeats_title(
            "Russia hosts talks aimed at stabilising Afghanistan, officials say",
            &title
        ));
    }
}
