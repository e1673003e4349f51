//! Outlet furniture: what one outlet prints on its articles whatever their story.
//!
//! A site puts the same things around each of its articles: a suffix on every
//! headline ("… – KSLA News 12 Shreveport, Louisiana News Weather"), a sign-in
//! notice, a tagline. Shared by all of an outlet's articles, they make its
//! unrelated stories look alike to the clusterer (a headline suffix weighs as
//! much as the event's own headline words), so they are set aside before an
//! article's features are computed. Which text is furniture is not listed by
//! hand: it is learned from the articles seen, outlet by outlet (the outlet the
//! article names, else its URL's host):
//!
//! - a title's first or last part, cut at a separator (" | ", " – " …), that at
//!   least [`FurnitureOptions::min_articles`] of the outlet's titles carry and
//!   that the article's own text does not say. "Titanfall – …" on each of a
//!   site's reviews of a game is their topic, and each text names the game; a
//!   station's name and slogan are said by no text. An article without text
//!   gives no such evidence and keeps its title whole;
//! - a short line that as many of the outlet's articles print: the rule
//!   extraction applies to the lines shared within a batch
//!   (`extract::drop_lines_shared_across_articles`), kept per outlet over the
//!   whole stream, where a store meets articles one at a time. Longer lines
//!   stay, whenever printed: an outlet repeats its background paragraph in
//!   each report of a story that runs for weeks, and that paragraph is what
//!   ties its later reports to the first.
//!
//! Only what the clusterer reads is looked at: the title and the first
//! [`crate::cluster::ClusterOptions::body_words`] words of the text.
//!
//! Counts are bounded, however long the stream: each outlet keeps a Misra–Gries
//! summary of its title parts and of its lines (at most
//! [`FurnitureOptions::parts_kept`] and [`FurnitureOptions::lines_kept`]
//! counters). It keeps every item printed on more than one in `kept + 1` of
//! what the outlet printed, and undercounts by at most that share, so text an
//! outlet prints on every article is always found while the one-off lines of
//! its news are forgotten.

use std::borrow::Cow;
use std::hash::Hasher;

use rustc_hash::{FxHashMap as HashMap, FxHasher};

use crate::extract::boilerplate::{repetition_key, TITLE_SEPARATORS};
use crate::extract::header::host;
use crate::model::Article;

/// How outlet furniture is told: see the module documentation.
#[derive(Debug, Clone, PartialEq)]
pub struct FurnitureOptions {
    /// A title part or a line is furniture once this many of the outlet's
    /// articles print it (set with the batch's shared-line check, which
    /// takes a line in two articles for a widget when it is short).
    pub min_articles: u32,
    /// Lines up to this many words printed by several of an outlet's articles
    /// are furniture: the batch's `ExtractOptions::max_shared_line_words`.
    pub max_line_words: usize,
    /// Counters each outlet keeps for its title parts (two an article). With
    /// `k` counters, whatever is on more than one in `k + 1` of the items
    /// counted is kept, undercounted by at most that share: 64 keep a part on
    /// every title however long the stream (2 items an article), and bound
    /// what an outlet costs. Set by that guarantee, not tuned.
    pub parts_kept: usize,
    /// Counters each outlet keeps for its short lines: as `parts_kept`, for an
    /// outlet printing fewer than 64 short lines an article in the words read.
    pub lines_kept: usize,
}

impl Default for FurnitureOptions {
    fn default() -> Self {
        FurnitureOptions {
            min_articles: 2,
            max_line_words: crate::extract::SHARED_LINE_WORDS,
            parts_kept: 64,
            lines_kept: 64,
        }
    }
}

/// What each outlet has printed, as far as furniture goes.
#[derive(Debug, Clone, Default)]
pub struct Furniture {
    options: FurnitureOptions,
    /// Words of an article's text read (see the module documentation).
    body_words: usize,
    outlets: HashMap<String, Outlet>,
}

/// Some outlets' summaries as they were (see [`Furniture::save`]).
pub struct Saved(Vec<(String, Option<Outlet>)>);

/// One outlet's summaries.
#[derive(Debug, Clone, Default)]
struct Outlet {
    parts: Frequent,
    lines: Frequent,
}

/// A Misra–Gries summary: the items counted (by hash) and their counts.
#[derive(Debug, Clone, Default)]
struct Frequent {
    counts: HashMap<u64, u32>,
}

impl Frequent {
    fn add(&mut self, item: u64, capacity: usize) {
        if let Some(count) = self.counts.get_mut(&item) {
            *count += 1;
        } else if self.counts.len() < capacity {
            self.counts.insert(item, 1);
        } else {
            // The newcomer and every counter lose one; those at zero go.
            self.counts.retain(|_, count| {
                *count -= 1;
                *count > 0
            });
        }
    }

    fn count(&self, item: u64) -> u32 {
        self.counts.get(&item).copied().unwrap_or(0)
    }

    /// Whether any item is counted at least `least` times.
    fn any_at_least(&self, least: u32) -> bool {
        self.counts.values().any(|&count| count >= least)
    }
}

/// Which end of a title a part is (its value seeds the part's hash, so that
/// one text at either end counts apart, and apart from a line).
#[derive(Clone, Copy)]
enum End {
    First = 1,
    Last = 2,
}

/// A title's first and last parts at its separators, each leaving at least two
/// words of the title beside it (else the title is all news): which end, the
/// part, and the rest of the title without it and its separator.
type Part = (End, std::ops::Range<usize>, std::ops::Range<usize>);

fn title_parts(title: &str) -> [Option<Part>; 2] {
    let cuts: Vec<(usize, usize)> = TITLE_SEPARATORS
        .iter()
        .flat_map(|sep| title.match_indices(sep).map(|(at, s)| (at, at + s.len())))
        .collect();
    let enough = |text: &str| text.split_whitespace().count() >= 2;
    let first = cuts
        .iter()
        .min()
        .filter(|&&(_, end)| enough(&title[end..]))
        .map(|&(at, end)| (End::First, 0..at, end..title.len()));
    let last = cuts
        .iter()
        .max()
        .filter(|&&(at, _)| enough(&title[..at]))
        .map(|&(at, end)| (End::Last, end..title.len(), 0..at));
    [first, last]
}

/// The outlet an article's furniture is counted under: the outlet it names,
/// else its URL's host.
fn outlet_of(article: &Article) -> Option<Cow<'_, str>> {
    match article.outlet.as_deref().map(str::trim) {
        Some(outlet) if !outlet.is_empty() => Some(Cow::Borrowed(outlet)),
        _ => article.url.as_deref().and_then(host).map(Cow::Owned),
    }
}

/// The hash of a text's [`repetition_key`] after `seed`, and its number of
/// words, computed without building the key.
fn key_hash(seed: u8, text: &str) -> (u64, usize) {
    let mut hasher = FxHasher::default();
    hasher.write_u8(seed);
    let mut words = 0;
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if words > 0 {
            hasher.write_u8(b' ');
        }
        for c in word.chars().flat_map(char::to_lowercase) {
            hasher.write_u32(c as u32);
        }
        words += 1;
    }
    (hasher.finish(), words)
}

/// The seed of a line's [`key_hash`].
const LINE: u8 = 0;

/// The non-empty lines of a text (letters or digits in them), each with its
/// [`key_hash`] and number of words.
fn lines(text: &str) -> impl Iterator<Item = (&str, u64, usize)> {
    text.lines().filter_map(|line| {
        let (hash, words) = key_hash(LINE, line);
        (words > 0).then_some((line, hash, words))
    })
}

/// The lines of `lines` until `words` words are read (the line that reaches
/// the count included).
fn up_to_words<'a>(
    lines: impl Iterator<Item = (&'a str, u64, usize)>,
    words: usize,
) -> impl Iterator<Item = (&'a str, u64, usize)> {
    let mut read = 0;
    lines.take_while(move |(_, _, count)| {
        let reading = read < words;
        read += count;
        reading
    })
}

impl Furniture {
    /// Nothing seen yet; `body_words` as the clusterer reads articles.
    pub fn new(options: FurnitureOptions, body_words: usize) -> Furniture {
        Furniture {
            options,
            body_words,
            outlets: HashMap::default(),
        }
    }

    /// Counts what an article prints.
    pub fn observe(&mut self, article: &Article) {
        let Some(name) = outlet_of(article) else {
            return;
        };
        let (parts_kept, lines_kept) = (self.options.parts_kept, self.options.lines_kept);
        let outlet = self.outlets.entry(name.into_owned()).or_default();
        for (end, part, _) in title_parts(&article.title).into_iter().flatten() {
            let (part, _) = key_hash(end as u8, &article.title[part]);
            outlet.parts.add(part, parts_kept);
        }
        let short = self.options.max_line_words;
        let mut printed: Vec<u64> = up_to_words(lines(&article.text), self.body_words)
            .filter(|&(_, _, words)| words <= short)
            .map(|(_, line, _)| line)
            .collect();
        printed.sort_unstable();
        printed.dedup();
        for line in printed {
            outlet.lines.add(line, lines_kept);
        }
    }

    /// The summaries of the outlets of `articles` as they are now, for
    /// [`Furniture::restore`]: a batch is read as if stored, each article
    /// after the ones before it, and then forgotten until it is stored.
    pub fn save(&self, articles: &[Article]) -> Saved {
        let mut names: Vec<String> = articles
            .iter()
            .filter_map(|a| outlet_of(a).map(Cow::into_owned))
            .collect();
        names.sort_unstable();
        names.dedup();
        Saved(
            names
                .into_iter()
                .map(|name| {
                    let outlet = self.outlets.get(&name).cloned();
                    (name, outlet)
                })
                .collect(),
        )
    }

    /// Puts back the outlets' summaries [`Furniture::save`] saved.
    pub fn restore(&mut self, saved: Saved) {
        for (name, outlet) in saved.0 {
            match outlet {
                Some(outlet) => self.outlets.insert(name, outlet),
                None => self.outlets.remove(&name),
            };
        }
    }

    /// What the clusterer reads of an article: its title and text without the
    /// furniture seen so far (the text only up to the words read).
    pub fn title_and_text<'a>(&self, article: &'a Article) -> (Cow<'a, str>, Cow<'a, str>) {
        let (title, text) = (
            Cow::Borrowed(article.title.as_str()),
            Cow::Borrowed(article.text.as_str()),
        );
        let Some(outlet) = outlet_of(article).and_then(|name| self.outlets.get(name.as_ref()))
        else {
            return (title, text);
        };
        (
            self.title_without_parts(article, outlet)
                .map_or(title, Cow::Owned),
            self.text_without_lines(article, outlet)
                .map_or(text, Cow::Owned),
        )
    }

    /// The title without the parts its outlet prints often and its text does
    /// not say, if it has any.
    fn title_without_parts(&self, article: &Article, outlet: &Outlet) -> Option<String> {
        let least = self.options.min_articles;
        if article.text.trim().is_empty() || !outlet.parts.any_at_least(least) {
            return None;
        }
        let mut text_key: Option<String> = None;
        let mut kept = 0..article.title.len();
        for (end, part, rest) in title_parts(&article.title).into_iter().flatten() {
            let part = &article.title[part];
            if outlet.parts.count(key_hash(end as u8, part).0) < least {
                continue;
            }
            let key = repetition_key(part);
            let said = text_key
                .get_or_insert_with(|| format!(" {} ", repetition_key(&article.text)))
                .contains(&format!(" {key} "));
            if said {
                continue;
            }
            match end {
                End::First => kept.start = kept.start.max(rest.start),
                End::Last => kept.end = kept.end.min(rest.end),
            }
        }
        (kept != (0..article.title.len())).then(|| {
            article
                .title
                .get(kept)
                .unwrap_or_default()
                .trim()
                .to_string()
        })
    }

    /// The text without the short lines its outlet prints often, if it has any.
    fn text_without_lines(&self, article: &Article, outlet: &Outlet) -> Option<String> {
        let least = self.options.min_articles;
        if !outlet.lines.any_at_least(least) {
            return None;
        }
        let mut dropped = false;
        let news = lines(&article.text).filter(|&(_, line, words)| {
            let furniture =
                words <= self.options.max_line_words && outlet.lines.count(line) >= least;
            dropped |= furniture;
            !furniture
        });
        // Lines kept until the words read are the clusterer's, furniture not counted.
        let mut kept = String::new();
        for (line, _, _) in up_to_words(news, self.body_words) {
            kept.push_str(line);
            kept.push('\n');
        }
        dropped.then_some(kept)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(outlet: &str, title: &str, text: &str) -> Article {
        Article {
            title: title.to_string(),
            ..crate::testing::article(Some(outlet), text)
        }
    }

    fn learned(articles: &[Article]) -> Furniture {
        let mut furniture = Furniture::new(FurnitureOptions::default(), 300);
        for article in articles {
            furniture.observe(article);
        }
        furniture
    }

    fn read(furniture: &Furniture, article: &Article) -> (String, String) {
        let (title, text) = furniture.title_and_text(article);
        (title.into_owned(), text.into_owned())
    }

    #[test]
    fn a_title_part_the_outlet_prints_often_and_no_text_says_is_set_aside() {
        let suffix = " | Harbour Radio: Your Coast, Your News";
        let first = article(
            "Harbour Radio",
            &format!("Ferry runs aground{suffix}"),
            "The ferry ran aground off Skerry Point.",
        );
        let second = article(
            "Harbour Radio",
            &format!("Council raises parking fees{suffix}"),
            "Parking in the old town will cost more from May.",
        );
        let once = learned(std::slice::from_ref(&first));
        assert_eq!(
            read(&once, &first).0,
            first.title,
            "printed once, it may be news"
        );
        let twice = learned(&[first.clone(), second.clone()]);
        assert_eq!(read(&twice, &first).0, "Ferry runs aground");
        assert_eq!(read(&twice, &second).0, "Council raises parking fees");
        // Another outlet's title with the same words is its own.
        let other = article(
            "Coast Daily",
            &format!("Ferry runs aground{suffix}"),
            "The ferry ran aground.",
        );
        assert_eq!(read(&twice, &other).0, other.title);
        // Without an outlet, the URL's host names it.
        let by_host = |title: String| Article {
            outlet: None,
            url: Some("https://www.harbourradio.example/news/1".into()),
            ..article("", &title, "A storm closed the harbour.")
        };
        let hosted = [
            by_host(format!("Storm closes harbour{suffix}")),
            by_host(format!("Harbour reopens{suffix}")),
        ];
        assert_eq!(
            read(&learned(&hosted), &hosted[0]).0,
            "Storm closes harbour"
        );
    }

    #[test]
    fn a_topic_the_text_names_and_the_title_of_an_article_without_text_stay() {
        let reviews = [
            article(
                "Game Hub",
                "Titanfall – the beta opens to all",
                "The Titanfall beta opens on Friday.",
            ),
            article(
                "Game Hub",
                "Titanfall – servers strain on launch day",
                "Titanfall's servers buckled under the load.",
            ),
        ];
        let furniture = learned(&reviews);
        assert_eq!(read(&furniture, &reviews[0]).0, reviews[0].title);
        let headlines = [
            article("Wire Desk", "Stocks fall on rate fears - Market News", ""),
            article(
                "Wire Desk",
                "Oil steadies after two-day slide - Market News",
                "",
            ),
        ];
        let furniture = learned(&headlines);
        assert_eq!(
            read(&furniture, &headlines[0]).0,
            headlines[0].title,
            "no text, no evidence"
        );
    }

    #[test]
    fn a_short_line_the_outlet_prints_often_is_set_aside_and_a_long_one_stays() {
        let slogan = "Harbour Radio: your coast, your news.";
        let background = "The Alder Queen, a 40-year-old ferry with room for 300 passengers, has run the Tessel Island crossing since 1998.";
        let reports = [
            article(
                "Harbour Radio",
                "Ferry aground",
                &format!(
                    "The ferry Alder Queen ran aground on Monday.\n\n{background}\n\n{slogan}"
                ),
            ),
            article(
                "Harbour Radio",
                "Ferry refloated",
                &format!("Tugs refloated the Alder Queen on Tuesday.\n\n{background}\n\n{slogan}"),
            ),
        ];
        let furniture = learned(&reports);
        let (_, text) = read(&furniture, &reports[1]);
        assert!(!text.contains(slogan), "{text}");
        assert!(
            text.contains(background) && text.contains("Tugs refloated"),
            "{text}"
        );
        // Printed once by another outlet, the line is that outlet's to say.
        let other = article(
            "Coast Daily",
            "Ferry aground",
            &format!("The ferry ran aground.\n\n{slogan}"),
        );
        assert_eq!(read(&furniture, &other).1, other.text);
    }

    #[test]
    fn counts_stay_bounded_and_keep_what_every_article_prints() {
        let options = FurnitureOptions::default();
        let mut furniture = Furniture::new(options.clone(), 300);
        let slogan = "Harbour Radio: your coast, your news.";
        let report = |n: usize| {
            let news: Vec<String> = (0..10)
                .map(|line| format!("Line {line} of report {n} says something new."))
                .collect();
            article(
                "Harbour Radio",
                &format!("Report number {n} of the day | Harbour Radio Coast News"),
                &format!("{}\n\n{slogan}", news.join("\n\n")),
            )
        };
        for n in 0..2000 {
            furniture.observe(&report(n));
        }
        let outlet = &furniture.outlets["Harbour Radio"];
        assert!(outlet.lines.counts.len() <= options.lines_kept);
        assert!(outlet.parts.counts.len() <= options.parts_kept);
        let last = report(2000);
        let (title, text) = read(&furniture, &last);
        assert_eq!(title, "Report number 2000 of the day");
        assert!(
            !text.contains(slogan) && text.contains("Line 9 of report 2000"),
            "{text}"
        );
    }
}
