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

use crate::text::calendar::{MONTH_PATTERN, WEEKDAY_PATTERN};
use crate::text::WEEKDAY_NAMES;

// Word boundaries are ASCII (`(?-u:\b)`) throughout: with Unicode ones the regex
// engine gives up its fast DFA on any non-ASCII text, which news always has.

/// Calls to action, navigation, sharing and legal lines, anchored to the whole line.
static NOISE: LazyLock<RegexSet> = LazyLock::new(|| {
    crate::pattern_set([
        r"(?i)^read more(?-u:\b).*$",
        r"(?i)^(?:also )?read(?: also)?:.*$",
        r"(?i)^(?:related(?: articles?| stories| coverage| content)?|see also|more on this(?: story)?|recommended|most read|trending)(?:\s*:.*)?$",
        r"(?i)^loading\s*(?:\.\.\.|…)?$",
        r"(?i)^share (?:this|on)(?-u:\b).{0,40}$",
        r"(?i)^(?:leave a (?:reply|comment)|comments?|\d+ comments?|post a comment)\.?$",
        r"(?i)^want us to email you(?-u:\b).*$",
        r"(?i)^(?:download|get) (?:our|the) (?:free )?apps?(?-u:\b).*$",
        r"(?i)^(?:sign up|subscribe)(?-u:\b).{0,120}$",
        r"(?i)^(?:follow us|like us|join us)(?-u:\b).{0,120}$",
        r"(?i)^follow(?-u:\b).{0,60}(?-u:\b)(?:on (?:social media|twitter|x|facebook|instagram|telegram)|for (?:live )?updates)(?-u:\b).{0,40}$",
        r"(?i)^click here(?-u:\b).*$",
        r"(?i)^(?:advertisement|sponsored(?: content)?|ad)$",
        r"(?i)^skip to (?:main )?content$",
        r"(?i)^(?:©|\(c\)|copyright(?-u:\b)).*$",
        r"(?i)^all rights reserved\.?$",
        r"(?i)^[^.]{0,80}(?-u:\b)contributed (?:reporting|to this (?:report|story|article))(?-u:\b)[^.]*\.?$",
        r"(?i)^(?:additional )?(?:reporting|editing|writing) by(?-u:\b).*$",
        r"(?i)^(?:watch|listen|photos?|video|image|gallery)\s*:.{0,120}$",
        r"(?i)^(?:tags?|topics?|filed under)\s*:.*$",
        r"(?i)^tags?\s+[^.!?]*,[^.!?]*$",
        r"(?i)^(?:this (?:article|story) (?:was|has been) (?:updated|corrected)).{0,100}$",
        r"(?i)^(?:previous|next) (?:article|story|post)(?-u:\b).*$",
        r"(?i)^(?:print|email|tweet|whatsapp|facebook|twitter|linkedin)(?:\s*[|·•]\s*\w+)*$",
        r"(?i)^also on [a-z0-9-]+\.[a-z]{2,}(?-u:\b).*$",
        r"(?i)^(?:see more|don't miss|don’t miss|more)\s*:.*$",
        r"(?i)^like this (?:story|article)\?.{0,60}$",
        r"(?i)^(?:last )?(?:updated|published)(?: at| on)?:? [\w ,:./-]{1,40}$",
        r"(?i)^[\w' ]{0,40} newsletter$",
        r"(?i)^(?:(?:whatsapp|facebook|pint|pinterest|twitter|email|e-mail|print|baixar|share|compartilhar|tweet|linkedin|telegram|reddit|copy link)\s*)+$",
        // Gallery counters: "Hide Caption 5 of 23 Photos", "Photo 3 of 12", "4 / 9".
        r"(?i)^(?:(?:hide|show|expand|close) )?caption(?:\s+\d+\s*(?:of|/)\s*\d+)?(?:\s+(?:photos?|images?|slides?))?$",
        r"(?i)^(?:(?:photo|image|picture|slide)s?\s+)?\d+\s*(?:of|/)\s*\d+(?:\s+(?:photos?|images?|slides?|pictures?))?$",
    ])
});

/// Headings of link lists: "More Great WIRED Stories", "Don't miss", "Read next".
static LINK_LIST: LazyLock<RegexSet> = LazyLock::new(|| {
    crate::pattern_set([
        r"(?i)^(?:more (?:great |top |from |on )?[\w' ]{0,30}(?:stories|news|articles|videos|reads)|more|more from .{1,40}|don[’']t miss|see more|you (?:may|might) (?:also )?like|related(?: articles?| stories| coverage| content| links| news)?|recommended(?: for you| stories)?|most (?:read|popular|viewed|shared)|trending(?: now| stories)?|latest (?:news|stories|headlines)|top stories|what to read next|read next|up next|editor'?s picks)\s*:?$",
    ])
});

/// A heading that introduces a list of links to other articles.
pub fn starts_link_list(line: &str) -> bool {
    LINK_LIST.is_match(line.trim())
}

/// Photo credits: "(AP Photo/Name)", "Photo: X", "Getty Images", "Name / Agency".
static CREDIT: LazyLock<RegexSet> = LazyLock::new(|| {
    crate::pattern_set([
        r"\((?:AP|AFP|Reuters|EPA|Getty)?\s*Photo(?:s|graph)?\s*(?:/|:|by)[^)]*\)\s*$",
        r"(?i)(?-u:\b)(?:photo(?:graph)?|image|picture)\s*(?:credit)?\s*:\s*\S.{0,60}$",
        r"(?i)(?-u:\b)(?:getty images|shutterstock|press association images|afp via getty images)\s*\)?\.?$",
        r"©",
        // "... movement. Alexander Zemlianichenko / TACC" — a name, a slash, an agency.
        r"(?:^|[.!?]\s+)\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+){0,3}\s*/\s*\p{Lu}[\p{L}&.'-]*(?:\s+\p{Lu}[\p{L}&.'-]*){0,3}\.?$",
    ])
});

/// The day a wire photo caption ends on: the place, then the day after a
/// comma ("A resident carries away medicine bought at a pharmacy in Beijing,
/// Friday, Dec. 9, 2022.", "… outside the fever clinic of a hospital in
/// Beijing, Dec. 9."). The word before the comma, captured, names the place:
/// prose puts a preposition before a day ("was arrested on Sunday, February
/// 1, 2009.", a weekday before the comma) or a date after a common noun ("the
/// final date on the tour, Oct. 10."). English month names only. Matched
/// anywhere, as a caption often shares its line with the lines under it; a
/// sentence is a caption when it ends on one.
static WIRE_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    crate::pattern(&format!(
        r"(?i)(\S+),\s+(?:{WEEKDAY_PATTERN},\s+)?{MONTH_PATTERN}\s+\d{{1,2}}(?:,\s+\d{{4}})?\.(?:\s|$)"
    ))
});

/// Whether a sentence is a wire photo caption (see [`WIRE_DATELINE`]): short,
/// and ending on the caption's day.
fn is_wire_caption(sentence: &str) -> bool {
    let sentence = sentence.trim_end();
    words(sentence).count() <= MAX_CAPTION_WORDS
        && WIRE_DATELINE
            .captures_iter(sentence)
            .last()
            .is_some_and(|found| {
                let place = &found[1];
                found.get(0).is_some_and(|all| all.end() == sentence.len())
                    && place.starts_with(char::is_uppercase)
                    && !WEEKDAY_NAMES.contains(&place.to_lowercase().as_str())
            })
}

/// Sentences of web chrome that arrive glued to prose on one line: social-media
/// embeds, newsletter boxes, video-player errors, archive crawl notices. Matched
/// anywhere in a sentence; the caller drops just that sentence.
static CHROME_SENTENCE: LazyLock<RegexSet> = LazyLock::new(|| {
    crate::pattern_set([
        r"(?i)javascript is (?:disabled|required|not enabled)|enable javascript|switch to a supported browser",
        r"(?i)location information to your tweets|tweet location history|tweet with a location|add a location to your tweets|tweet, twitter stores|legacy twitter|delete your location history",
        r"(?i)continue reading the main story|story continues below(?: the)? advertisement",
        r"(?i)(?:select|subscribe to) a newsletter|thank(?:s| you) for subscribing|newsletters? (?:sign up|alerts)|agree to receive|unsubscribe at any time|by signing up|sign up for (?:our|the|breaking)",
        r"(?i)please try again later|an error has occurred|this feature is not available right now|this video is (?:unavailable|not available)|interactive transcript could not be loaded|rating is available when the video",
        r"(?i)donating their crawl data|added to the wayback machine|crawls of supported|these crawls are part of an effort|web captures (?:of|are available)|archive-it service|no more 404|internet archive hopes that|fix all broken links on the web|the version that was live when the page was written|more information about this collection|warczone is a collection|outsider-uploaded warcs|kept in this location for reference",
        r"(?i)dow jones reprints|for your personal,? non-commercial use only|order presentation-ready copies",
        r"(?i)not a robot|characters with black color|page you requested was not found",
        r"(?i)^originally published (?:on|in|at)(?-u:\b)|^follow (?:us|him|her) (?:@|on )|^embed more news videos|^like this: like loading",
        r"(?i)^(?:photo|image|video|file)(?: \d+ of \d+)?\s*(?:-|—|:)?\s*(?:in this|this)(?-u:\b).{0,40}(?:photo|file)",
        // A gallery's counter glued to the caption it heads ("Hide Caption 5 of
        // 23 Photos: The rise and fall of …", "Image 2 of 4 Will Smith plays …",
        // "1 of 22 Full Screen Autoplay Close Skip Ad"), a photo's credit line
        // ("Image copyright AFP Image caption Jean McConville, …"), a photo
        // shop's and a highlights box's labels ("Buy Photo Story Highlights"),
        // a share box ("Read or Share this story: http://…") and a player's
        // notice.
        r"(?i)(?:^|\s)(?:(?:hide|show|close) caption|(?:photo|image|picture|slide) \d+ of \d+|\d+ of \d+ full screen)(?-u:\b)|image copyright .{1,60}(?-u:\b)image caption(?-u:\b)|(?:^|\s)read or share this story|(?-u:\b)buy photo(?-u:\b)|(?:^|\s)story highlights(?-u:\b)|media playback is unsupported on your device",
        r"(?i)(?:delivered|straight|right) (?:straight )?(?:to|in|into) your inbox|let our news meet your inbox|delivered through your letterbox|share it with a friend|thanks? (?:you )?for signing up|keep an eye on your inbox|error processing your subscription|we(?:'|’)d like to hear what you think|committed to publishing a diversity of letters|^have a tip\?|^if you enjoyed this article|^follow @\w+ on twitter",
    ])
});

/// The signature of an embedded social-media post, with the link to its picture
/// before it: "pic.twitter.com/AbC — Name (@handle) May 10, 2016", "A post
/// shared by Name (@handle) on May 4, 2017 at 5:57pm PDT".
static POST_SIGNATURE: LazyLock<Regex> = LazyLock::new(|| {
    crate::pattern(
        r"(?i)(?:pic\.twitter\.com/\w+\s*)?(?:—|–|-{1,2})\s*[^—–()]{1,80}\(@\w{1,30}\)\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},\s+\d{4}|a post shared by [^()]{1,80}\(@[\w.]{1,30}\)(?:\s+on\s+\w+\.?\s+\d{1,2},\s+\d{4}(?:\s+at\s+\d{1,2}:\d{2}\s*[ap]m(?:\s+[A-Z]{2,4})?)?)?",
    )
});

/// A line without the signatures of the social-media posts embedded in it, or
/// `None` when it has none. The post's own words stay: they are what someone
/// said (a reader's quotation); the signature is page furniture.
pub fn without_post_signatures(line: &str) -> Option<String> {
    // Every signature holds "(@" (the handle). The pattern's bounded runs of
    // any character make it slow to search, and almost no line has a handle.
    (line.contains("(@") && POST_SIGNATURE.is_match(line)).then(|| {
        POST_SIGNATURE
            .replace_all(line, " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    })
}

/// True when a sentence is web chrome or a wire photo caption even though its
/// line also holds prose.
pub fn is_chrome_sentence(sentence: &str) -> bool {
    let sentence = sentence.trim();
    CHROME_SENTENCE.is_match(sentence) || is_wire_caption(sentence)
}

/// True when a line may hold a sentence [`is_chrome_sentence`] drops: the
/// cheap test that spares most lines the sentence splitting.
pub fn may_hold_chrome(line: &str) -> bool {
    CHROME_SENTENCE.is_match(line) || WIRE_DATELINE.is_match(line)
}

/// True when [`classify`] finds a line chrome or a caption, or when it is one
/// sentence of chrome ([`is_chrome_sentence`]): a line that is no part of the
/// article whatever stands around it.
pub fn is_caption_or_chrome(line: &str) -> bool {
    matches!(classify(line), Some(Noise::Chrome | Noise::Caption)) || is_chrome_sentence(line)
}

/// Lines longer than this are never judged captions.
const MAX_CAPTION_WORDS: usize = 60;

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
    // Captions are short; a long line ending in a credit is prose with a credit
    // glued on (extractors often return a whole article as one line).
    if words(line).count() <= MAX_CAPTION_WORDS && CREDIT.is_match(line) {
        return Some(Noise::Caption);
    }
    if is_stray(line) {
        return Some(Noise::Stray);
    }
    None
}

/// Runs of letters and digits: words as repetition and length checks count them.
fn words(line: &str) -> impl Iterator<Item = &str> {
    line.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Three words or fewer without sentence punctuation: a leftover label, credit
/// or widget, never a statement. Scripts written without spaces (Chinese,
/// Japanese) make few "words" of long sentences, so length counts too.
fn is_stray(line: &str) -> bool {
    let words = words(line).count();
    words <= 3 && line.chars().filter(|c| c.is_alphanumeric()).count() < 20 && !ends_sentence(line)
}

/// A link at the end of a line, glued to the last word or not: posts end with one
/// ("…I hope it inspires you.pic.twitter.com/QRo…").
static TRAILING_LINK: LazyLock<Regex> =
    LazyLock::new(|| crate::pattern(r"(?:https?://|www\.|pic\.twitter\.com/)\S*$"));

/// Ends with sentence punctuation, possibly followed by closing quotes or brackets
/// (and a link: a post's sentence ends before the link it shares).
pub fn ends_sentence(line: &str) -> bool {
    let line = TRAILING_LINK
        .find(line)
        .filter(|link| link.start() > 0)
        .map_or(line, |link| &line[..link.start()]);
    let trimmed = line.trim_end_matches(['"', '\'', '”', '’', ')', ']', '»', ' ']);
    trimmed.ends_with(['.', '!', '?', '…', ':', '。', '！', '？'])
}

/// A short line without final punctuation: a sub-heading when it sits among prose.
pub fn looks_like_heading(line: &str) -> bool {
    let words = words(line).count();
    (4..=14).contains(&words) && !ends_sentence(line)
}

/// What separates the parts of a page's title ("Dam opens on time | Valley
/// Post"): the site's name, a section or a slogan sits beyond one.
pub const TITLE_SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " « ", " » ", " · "];

/// A key under which two lines count as the same for repetition: letters and digits
/// only, lowercased.
pub fn repetition_key(line: &str) -> String {
    let mut key = String::with_capacity(line.len());
    for word in words(line) {
        if !key.is_empty() {
            key.push(' ');
        }
        key.extend(word.chars().flat_map(char::to_lowercase));
    }
    key
}

/// True when a line (by its [`repetition_key`]) is nothing but the title (by
/// its), once or several times over (some pages print the headline twice in a
/// row as one line).
pub fn repeats_title(key: &str, title_key: &str) -> bool {
    if title_key.is_empty() {
        return false;
    }
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

    /// Issue 14: a photo counter became a summary point (and "Hide Caption" a
    /// person).
    #[test]
    fn gallery_counters_are_chrome() {
        for line in [
            "Hide Caption 5 of 23 Photos",
            "Caption",
            "Photo 3 of 12",
            "4 / 9",
        ] {
            assert_eq!(classify(line), Some(Noise::Chrome), "{line}");
        }
        for line in [
            "Prices rose 4 of the last 5 months, the statistics office said.",
            "Caption contest winners announced",
        ] {
            assert_eq!(classify(line), None, "{line}");
        }
    }

    /// Issue 14: the signature of an embedded post became a perspective.
    #[test]
    fn the_signatures_of_embedded_posts_are_cut_and_their_words_kept() {
        let cases = [
            (
                "Back in service from Monday! pic.twitter.com/AbC123 — Northway Ferries (@northwayferries) June 12, 2025",
                "Back in service from Monday!",
            ),
            ("— Port Calder Council (@portcalder) March 14, 2025", ""),
            (
                "Sunrise over the harbour A post shared by Ines Carvalho (@ines.carvalho) on Jun 9, 2025 at 6:01am PDT",
                "Sunrise over the harbour",
            ),
        ];
        for (line, kept) in cases {
            assert_eq!(
                without_post_signatures(line).as_deref(),
                Some(kept),
                "{line}"
            );
        }
        for line in [
            "The company said on Twitter (@northwayferries) that crossings would resume on June 12, 2025.",
            "Crossings resume on Monday — the company said so on June 12, 2025.",
        ] {
            assert_eq!(without_post_signatures(line), None, "{line}");
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
    fn a_wire_photo_caption_is_a_sentence_to_drop_and_prose_ending_on_a_day_is_not() {
        for caption in [
            "A resident carries away medicine bought at a pharmacy in Beijing, Friday, Dec. 9, 2022.",
            "Medical workers in protective overalls walk past a line outside the fever clinic of a hospital in Beijing, Dec. 9.",
        ] {
            assert!(is_chrome_sentence(caption), "{caption}");
        }
        let line = "Medical workers walk past a line outside a hospital in Beijing, Dec. 9. China began easing its rules on Thursday.";
        assert!(may_hold_chrome(line) && !is_chrome_sentence(line));
        for prose in [
            // A day after a preposition is prose.
            "The defensive tackle was arrested on suspicion of drunk driving early on Sunday, February 1, 2009.",
            "The case had not been submitted as of Tuesday, Feb. 3.",
            "The talks will follow a G20 summit on Afghanistan on Oct. 12.",
            // A date after a common noun is prose.
            "We move closer to Christmas and the winter solstice tomorrow, December 21.",
        ] {
            assert!(!is_chrome_sentence(prose), "{prose}");
        }
    }

    #[test]
    fn prose_is_kept() {
        for line in [
            "Russia would do so, but the details were still being decided, Kabulov said.",
            "The talks will follow a G20 summit on Afghanistan on Oct. 12.",
            "Prices rose 3/4 of a point, the bank said.",
            "Share prices fell sharply on Monday after the announcement by the central bank.",
            "It worked.",
            // Written without spaces: few "words", but a sentence.
            "これが非常に困ったもの。",
            "特に困ったのが、起動ショートカットキーに関する設定",
        ] {
            assert_eq!(classify(line), None, "{line}");
        }
    }

    #[test]
    fn a_sentence_ends_before_the_link_a_post_shares() {
        for line in [
            "The ferry runs again on Monday, and we hope you take it.pic.twitter.com/AbC123",
            "The ferry runs again on Monday! https://example.org/ferry",
        ] {
            assert!(ends_sentence(line), "{line}");
        }
        assert!(!ends_sentence("Ferry timetable https://example.org/ferry"));
    }

    #[test]
    fn link_lists_and_promotions_are_recognised() {
        for heading in [
            "More Great WIRED Stories",
            "DON'T MISS",
            "You may also like:",
            "Read next",
        ] {
            assert!(starts_link_list(heading), "{heading}");
        }
        assert!(!starts_link_list("More than 40 people were hurt."));
        for line in [
            "Also on rt.com Journalists threatened with sedition arrests",
            "Like this story? Share it with a friend!",
            "Updated at 1:23 p.m.",
            "Tags calendario stock car 2018, stock car brasil, stock car interlagos",
            "Pick Six Newsletter",
            "Whatsapp Facebook Pint Baixar",
        ] {
            assert_eq!(classify(line), Some(Noise::Chrome), "{line}");
        }
        assert!(is_chrome_sentence(
            "Get the latest updates right in your inbox."
        ));
    }

    #[test]
    fn chrome_sentences_inside_prose_lines_are_recognised() {
        for sentence in [
            "You can add location information to your Tweets, such as your city.",
            "We've detected that JavaScript is disabled in your browser.",
            "Advertisement Continue reading the main story",
            "Starting in 1996, Alexa Internet has been donating their crawl data to the Internet Archive.",
            "Please try again later.",
            "The Internet Archive hopes that links to these pages will be kept.",
            "Our goal: fix all broken links on the web.",
            "These web captures are available to anyone.",
            "Dow Jones Reprints: this copy is for your personal, non-commercial use only.",
            "Hide Caption 5 of 23 Photos: The rise and fall of the harbour master Okafor married in 1985.",
            "Photo: Frank Masi / Warner Bros. Pictures Image 2 of 4 The actor plays a swindler.",
            "1 of 22 Full Screen Autoplay Close Skip Ad × 22 photos of the ferry View Photos.",
            "Image copyright Reading University Image caption The body was found in a foetal position.",
            "Read or Share this story: http://example.org/story/ferry",
            "Media playback is unsupported on your device Media caption The ferry ran aground.",
            "(Photo: Ines Carvalho / The Skerry Herald)Buy Photo Story Highlights The ferry ran aground.",
        ] {
            assert!(is_chrome_sentence(sentence), "{sentence}");
        }
        for prose in [
            "The archive said it would try again later this year.",
            "Twitter said the feature would launch in May.",
            "The museum showed image 12 of the series, a caption beneath it.",
            "She hid the caption from the editor, who read the story aloud.",
            "Police released 3 of 4 photos taken on Monday.",
            "Readers can buy photos of the ferry from the archive.",
        ] {
            assert!(!is_chrome_sentence(prose), "{prose}");
        }
    }

    #[test]
    fn doubled_titles_are_recognised() {
        let title = repetition_key("Russia hosts talks aimed at stabilising Afghanistan");
        assert!(repeats_title(
            &repetition_key("Russia Hosts Talks Aimed At Stabilising Afghanistan Russia Hosts Talks Aimed At Stabilising Afghanistan"),
            &title
        ));
        assert!(!repeats_title(
            &repetition_key("Russia hosts talks aimed at stabilising Afghanistan, officials say"),
            &title
        ));
    }
}
