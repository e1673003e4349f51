//! Date expressions in sentences, resolved against the article's publication date.
//!
//! News dates its events relative to the day it is published ("on Thursday", "last
//! week", "in March"), so a timeline across outlets needs every expression turned
//! into calendar dates first. Each expression resolves to a span of days: a day
//! ("October 20", "on Thursday"), a week ("last week"), a month ("in March"), a year
//! ("in 2003") or an open span ("since 2017", up to the publication date). Weekdays
//! and month names without a year take the occurrence nearest the publication date
//! in the direction the sentence's tense points: the tense of the verb nearest the
//! expression ("voted on Tuesday" is past, "will vote on Tuesday" future), and
//! the nearest occurrence either way when no verb says.

use rustc_hash::FxHashMap as HashMap;
use std::sync::{LazyLock, OnceLock};

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use regex::Regex;

use crate::model::DateSpan;
use crate::text::calendar::{MONTH_PATTERN as MONTH, WEEKDAY_PATTERN as WEEKDAY};
use crate::text::Language;

fn single_day(date: NaiveDate) -> DateSpan {
    DateSpan {
        first: date,
        last: date,
    }
}

/// A date expression found in a text, with its resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    /// Byte range in the text searched.
    pub start: usize,
    pub end: usize,
    pub span: DateSpan,
}

/// Whether a date mention of `text`, written in `language`, bounds a span
/// ("until 9 May", "since 1987", "by Friday", "depuis mars") rather than giving
/// the time of what is stated: the word before it (past one function word:
/// "depuis le 8 mars", "desde el lunes"), or its own first word, says so.
pub fn bounds_a_span(language: Language, text: &str, mention: &DateMention) -> bool {
    let lowercase = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    let bound = |word: Option<&str>| word.is_some_and(|w| language.bounds_a_span(&lowercase(w)));
    let mut before = text[..mention.start].split_whitespace().rev();
    let previous = before.next();
    let past_function_word = previous
        .is_some_and(|w| language.is_stopword(&lowercase(w)))
        .then(|| before.next())
        .flatten();
    bound(previous)
        || bound(past_function_word)
        || bound(text[mention.start..mention.end].split_whitespace().next())
}

/// Whether a date mention of `text`, written in `language`, lies outside what
/// the sentence itself reports: inside a quotation (the speaker's words), or in
/// a later clause (one after a comma, colon, semicolon, dash or bracket) with a
/// subordinating word before the date ("Harlow Timber rejected the finding,
/// saying its sprinklers had worked when they were inspected in January":
/// January is the inspection's, not the rejection's; "the bridge, which was
/// built in 1964"). The words are the language's `subordinate` list: relative,
/// reported, causal and conditional clauses, not temporal ones ("two workers
/// died when a fire destroyed the warehouse on Saturday" is dated Saturday).
/// The first clause is the one that holds the news, and what is subordinate
/// there times it: "divers who inspected the bridge on Saturday found its
/// foundations intact" is Saturday's news.
pub fn in_side_clause(language: Language, text: &str, mention: &DateMention) -> bool {
    let before = &text[..mention.start];
    let straight_quotes = before.matches('"').count();
    let opened = before.matches(['“', '«', '„']).count();
    let closed = before.matches(['”', '»']).count();
    if straight_quotes % 2 == 1 || opened > closed {
        return true;
    }
    let Some(clause_start) = before.rfind([',', ';', ':', '—', '–', '(', ')']) else {
        return false;
    };
    before[clause_start..]
        .split(|c: char| c.is_whitespace() || c == '\'' || c == '’')
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .any(|w| language.opens_subordinate_clause(&w))
}

/// Whether a date mention of `text` is a possessive, naming the day of
/// another event ("Wednesday's talks", "last week's surge").
pub fn is_possessive(text: &str, mention: &DateMention) -> bool {
    crate::text::is_possessive(text, mention.start, mention.end)
}

/// Each language's date patterns, by code: English's written out, the others'
/// built from their calendar words, each compiled when its language is first
/// read (a batch in one language pays for one).
static PATTERNS: LazyLock<HashMap<&'static str, OnceLock<Patterns>>> = LazyLock::new(|| {
    Language::with_rules()
        .map(|language| (language.code(), OnceLock::new()))
        .collect()
});

/// A language's date patterns, each with the kind of expression it finds, and
/// all of them as one set: most sentences hold no date, and one pass of the set
/// tells so (or which patterns match) at a fraction of the cost of running each
/// pattern for its captures.
struct Patterns {
    each: Vec<(Kind, Regex)>,
    any: regex::RegexSet,
    /// Whether the set is written in ASCII alone (with `’` as `'`), so that it
    /// may read a sentence's [`ascii_shape`].
    ascii: bool,
}

/// The date patterns of a language with rules.
fn patterns(language: Language) -> Option<&'static Patterns> {
    let compiled = PATTERNS.get(language.code())?.get_or_init(|| {
        let each = if language == Language::ENGLISH {
            english_patterns()
        } else {
            patterns_from_words(language)
        };
        let sources: Vec<String> = each
            .iter()
            .map(|(_, regex)| regex.as_str().replace('’', "'"))
            .collect();
        let ascii = sources.iter().all(|source| source.is_ascii());
        let any = crate::pattern_set(&sources);
        Patterns { each, any, ascii }
    });
    Some(compiled)
}

/// A sentence as a set of ASCII patterns reads it, in ASCII: every other
/// character stands in by its kind, so that the fast automaton reads it
/// (Unicode word boundaries send a search over non-ASCII text to a far slower
/// one). A word character (`\w`) stays one: a digit as `0`, any other as `a`;
/// a space stays a space, `’` becomes an apostrophe, and anything else `#`,
/// which no pattern names. Word boundaries and spaces fall where they fell, so a
/// pattern that matches the sentence matches its shape (one whose digits are not
/// ASCII may be missed, and those are never read as dates); a pattern the set
/// names is then run on the sentence itself.
fn ascii_shape(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            c if c.is_ascii() => c,
            '’' => '\'',
            c if regex_syntax::is_word_character(c) => {
                if c.is_numeric() {
                    '0'
                } else {
                    'a'
                }
            }
            c if c.is_whitespace() => ' ',
            _ => '#',
        })
        .collect()
}

fn english_patterns() -> Vec<(Kind, Regex)> {
    let p = |s: &str| crate::pattern(&format!("(?i){s}"));
    vec![
        (
            Kind::MonthDayYear,
            p(&format!(
                r"\b({MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"
            )),
        ),
        (
            Kind::DayMonthYear,
            p(&format!(
                r"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTH})\s+(\d{{4}})\b"
            )),
        ),
        (
            Kind::MonthDay,
            p(&format!(r"\b({MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b")),
        ),
        (
            Kind::DayMonth,
            p(&format!(
                r"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTH})(?:\s|[,.;]|$)"
            )),
        ),
        (Kind::MonthYear, p(&format!(r"\b({MONTH})\s+(\d{{4}})\b"))),
        (
            Kind::InMonth,
            p(&format!(
                r"\b(?:in|since|until|by|during|early|late|mid-?)\s*(?:early |late |mid-?)?({MONTH})(?:\s|[,.;]|$)"
            )),
        ),
        (Kind::Since, p(r"\bsince\s+(1[89]\d\d|20\d\d)\b")),
        (
            Kind::Decade,
            p(r"\b(?:in|during)\s+the\s+(1[89]\d0|20\d0)s\b"),
        ),
        (
            Kind::Year,
            p(r"\b(?:in|of|by|until|from|during|early|late|mid-?)\s+(1[89]\d\d|20\d\d)\b"),
        ),
        (
            Kind::Weekday,
            p(&format!(
                r"\b(on|last|this|next|said|says|from|until|by|since)\s+({WEEKDAY})\b|\b({WEEKDAY})(?:'s|’s)"
            )),
        ),
        (
            Kind::RelativeWeek,
            p(r"\b(last|this|next|earlier this|later this)\s+week\b"),
        ),
        (
            Kind::RelativeMonth,
            p(r"\b(last|this|next|earlier this|later this)\s+month\b"),
        ),
        (Kind::RelativeDay, p(r"\b(yesterday|today|tomorrow)\b")),
    ]
}

/// Patterns for a language other than English, from its month, weekday and
/// relative-day words: a day and month with or without a year ("3 mars 2011",
/// "3 de marzo de 2011", "3. März", "3 марта"), a month and year ("marzo
/// 2011"), a weekday ("jeudi", "el jueves"), yesterday / today / tomorrow, and
/// last / this / next week or month ("la semaine dernière", "letzten Monat").
fn patterns_from_words(language: Language) -> Vec<(Kind, Regex)> {
    let [months, weekdays, days] = language.calendar_words();
    let alternation = |words: &[&str]| {
        words
            .iter()
            .map(|w| regex::escape(w))
            .collect::<Vec<_>>()
            .join("|")
    };
    let month = format!(r"(?:{})\.?", alternation(&months));
    // A phrase's words with any run of spaces between them.
    let phrases = |weeks: bool| {
        language
            .period_phrases(weeks)
            .iter()
            .map(|p| {
                p.split_whitespace()
                    .map(regex::escape)
                    .collect::<Vec<_>>()
                    .join(r"\s+")
            })
            .collect::<Vec<_>>()
            .join("|")
    };
    let day = r"(\d{1,2})(?:er|º|°|\.)?\s+(?:de\s+)?";
    let year = r"\s+(?:de\s+|del\s+)?(\d{4})\b";
    let p = |s: String| crate::pattern(&format!("(?i){s}"));
    vec![
        (Kind::DayMonthYear, p(format!(r"\b{day}({month}){year}"))),
        (
            Kind::DayMonth,
            p(format!(r"\b{day}({month})(?:\s|[,.;]|$)")),
        ),
        (Kind::MonthYear, p(format!(r"\b({month}){year}"))),
        (
            Kind::BareWeekday,
            p(format!(r"\b({})\b", alternation(&weekdays))),
        ),
        (
            Kind::RelativeDay,
            p(format!(r"\b({})\b", alternation(&days))),
        ),
        (Kind::RelativeWeek, p(format!(r"\b({})\b", phrases(true)))),
        (Kind::RelativeMonth, p(format!(r"\b({})\b", phrases(false)))),
    ]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    MonthDayYear,
    DayMonthYear,
    MonthDay,
    DayMonth,
    MonthYear,
    InMonth,
    Since,
    Decade,
    Year,
    Weekday,
    /// A weekday name alone, as languages other than English date with it.
    BareWeekday,
    RelativeWeek,
    RelativeMonth,
    RelativeDay,
}

/// Which way a date without a year or week points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tense {
    Past,
    Future,
    /// No marker: the nearest occurrence either way.
    Unknown,
}

static TENSE_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    crate::pattern(
        r"(?i)\b(?P<neither>hundred|be\s+(?:\w+ly\s+)?\w+ed|(?:the|a|an|its|their|his|her|our|this|that|these|those)\s+plans?)\b|\b(?P<future>will|would|could|shall|might|(?-i:may)|probably|expects?|expected|plans?|planned|scheduled|due|upcoming|next|tomorrow)\b|\b(?P<past>took|was|were|had|did|came|went|seized|fell|struck|began|ended|happened|occurred|arrived|left|held|hosted|killed|died|met|won|lost|made|gave|sent|saw|found|led|rose|broke|became|(?-i:[a-z]{2,}[^e\W]ed))\b",
    )
});

/// The tense of the sentence's verb nearest a date expression: the marker
/// nearest before it ("took over … in August" is past even in a sentence that
/// also says "would"), else the first after it ("On Friday, the ministry
/// reported …"). A regular past form (a lowercase word ending in "-ed", not
/// "-eed", nor "hundred", nor a participle after "be": "will be presented") is
/// a past marker, and "plan" is a future marker only as a verb ("they plan
/// to"), not after a determiner ("struck a deal on the plan in October"):
/// news tells most of what it dates in the past tense, and a closed list of
/// irregular verbs missed "voted on Tuesday". "May" the modal is a future
/// marker only in lowercase, as the month is written capitalised. Chosen
/// reading the mentions whose day it changes in Ground News, checked by
/// reading those in ECB+; `eval dates` measures it on the project's annotated
/// sentences.
fn tense_near(before: &str, after: &str) -> Tense {
    let tense = |c: regex::Captures| {
        if c.name("future").is_some() {
            Tense::Future
        } else {
            Tense::Past
        }
    };
    let markers = |text| {
        TENSE_MARKER
            .captures_iter(text)
            .filter(|c| c.name("neither").is_none())
    };
    match markers(before).last() {
        Some(c) => tense(c),
        None => markers(after).next().map_or(Tense::Unknown, tense),
    }
}

/// Finds and resolves the date expressions of `text`, a sentence in `language`
/// published on `published`. Overlapping matches keep the longest (most
/// specific) one. A language without rules has no dates to find.
pub fn find_dates(language: Language, text: &str, published: NaiveDate) -> Vec<DateMention> {
    let mut found: Vec<DateMention> = Vec::new();
    let Some(patterns) = patterns(language) else {
        return found;
    };
    let matching = if patterns.ascii && !text.is_ascii() {
        patterns.any.matches(&ascii_shape(text))
    } else {
        patterns.any.matches(text)
    };
    for at in matching.iter() {
        let (kind, regex) = &patterns.each[at];
        for captures in regex.captures_iter(text) {
            let Some(whole) = captures.get(0) else {
                continue;
            };
            if found
                .iter()
                .any(|m| m.start < whole.end() && whole.start() < m.end)
            {
                continue;
            }
            let tense = if language == Language::ENGLISH {
                tense_near(&text[..whole.start()], &text[whole.end()..])
            } else {
                Tense::Unknown
            };
            let groups: Vec<&str> = captures
                .iter()
                .skip(1)
                .flatten()
                .map(|m| m.as_str())
                .collect();
            if let Some(span) = resolve(language, *kind, &groups, published, tense) {
                let shown = whole
                    .as_str()
                    .trim_end_matches(|c: char| c.is_whitespace() || ",.;".contains(c));
                found.push(DateMention {
                    start: whole.start(),
                    end: whole.start() + shown.len(),
                    span,
                });
            }
        }
    }
    found.sort_by_key(|m| m.start);
    found
}

fn resolve(
    language: Language,
    kind: Kind,
    groups: &[&str],
    published: NaiveDate,
    tense: Tense,
) -> Option<DateSpan> {
    let future = tense == Tense::Future;
    let number = |s: &str| s.parse::<i32>().ok();
    // English month names are capitalised: "may" and "march" are verbs too.
    // Other languages write them in lowercase.
    let month_number = |word: &str| {
        let capitalised = word.chars().next().is_some_and(char::is_uppercase);
        (capitalised || language != Language::ENGLISH)
            .then(|| language.month_number(word))
            .flatten()
    };
    // "last", "this", "next", "earlier this" or "later this", in English
    // whatever the language said.
    let period = |phrase: &str| -> Option<String> {
        if language == Language::ENGLISH {
            Some(phrase.to_ascii_lowercase())
        } else {
            language.period_of(phrase).map(str::to_string)
        }
    };
    let weekday = |word: &str| {
        let number = language.weekday_number(word)?;
        Weekday::try_from(number as u8 - 1).ok()
    };
    let day_of = |month: u32, day: u32| {
        nearest_year(published, future, |year| {
            NaiveDate::from_ymd_opt(year, month, day)
        })
    };
    let month_of = |month: u32| {
        let first = nearest_year(published, future, |year| {
            NaiveDate::from_ymd_opt(year, month, 1)
        })?;
        Some(month_span(first))
    };
    Some(match kind {
        Kind::MonthDayYear => {
            let date = NaiveDate::from_ymd_opt(
                number(groups[2])?,
                month_number(groups[0])?,
                number(groups[1])? as u32,
            )?;
            single_day(date)
        }
        Kind::DayMonthYear => {
            let date = NaiveDate::from_ymd_opt(
                number(groups[2])?,
                month_number(groups[1])?,
                number(groups[0])? as u32,
            )?;
            single_day(date)
        }
        Kind::MonthDay => single_day(day_of(month_number(groups[0])?, number(groups[1])? as u32)?),
        Kind::DayMonth => single_day(day_of(month_number(groups[1])?, number(groups[0])? as u32)?),
        Kind::MonthYear => {
            let first = NaiveDate::from_ymd_opt(number(groups[1])?, month_number(groups[0])?, 1)?;
            month_span(first)
        }
        Kind::InMonth => month_of(month_number(groups[0])?)?,
        Kind::Decade => {
            let year = number(groups[0])?;
            let first = NaiveDate::from_ymd_opt(year, 1, 1)?;
            let last = NaiveDate::from_ymd_opt(year + 9, 12, 31)?;
            DateSpan { first, last }
        }
        // "since 2017" dates the start of what it describes: the year itself.
        Kind::Year | Kind::Since => {
            let year = number(groups[0])?;
            let first = NaiveDate::from_ymd_opt(year, 1, 1)?;
            let last = NaiveDate::from_ymd_opt(year, 12, 31)?;
            DateSpan { first, last }
        }
        Kind::Weekday => {
            // A possessive ("Thursday's surge") names an event of its own,
            // whatever the sentence's tense: the nearest such day.
            let (preposition, weekday_word) = match groups {
                [preposition, word] => (preposition.to_ascii_lowercase(), *word),
                _ => ("'s".to_string(), groups[0]),
            };
            let tense = match preposition.as_str() {
                "next" => Tense::Future,
                "last" | "said" | "says" | "since" => Tense::Past,
                "'s" => Tense::Unknown,
                _ => tense,
            };
            single_day(nearest_weekday(published, weekday(weekday_word)?, tense))
        }
        Kind::BareWeekday => single_day(nearest_weekday(published, weekday(groups[0])?, tense)),
        Kind::RelativeWeek => {
            let monday =
                published - Duration::days(published.weekday().num_days_from_monday() as i64);
            let which = period(groups[0])?;
            let span = match which.as_str() {
                "last" => DateSpan {
                    first: monday - Duration::days(7),
                    last: monday - Duration::days(1),
                },
                "next" => DateSpan {
                    first: monday + Duration::days(7),
                    last: monday + Duration::days(13),
                },
                "earlier this" => DateSpan {
                    first: monday,
                    last: (published - Duration::days(1)).max(monday),
                },
                "later this" => DateSpan {
                    first: published,
                    last: monday + Duration::days(6),
                },
                _ => DateSpan {
                    first: monday,
                    last: monday + Duration::days(6),
                },
            };
            span
        }
        Kind::RelativeMonth => {
            let this = published.with_day(1)?;
            let which = period(groups[0])?;
            let span = match which.as_str() {
                "last" => month_span((this - Duration::days(1)).with_day(1)?),
                "next" => month_span(month_span(this).last + Duration::days(1)),
                "earlier this" => DateSpan {
                    first: this,
                    last: published,
                },
                "later this" => DateSpan {
                    first: published,
                    last: month_span(this).last,
                },
                _ => month_span(this),
            };
            span
        }
        Kind::RelativeDay => {
            single_day(published + Duration::days(language.relative_day(groups[0])?))
        }
    })
}

/// The occurrence of a yearless date nearest to publication: within the past
/// year, or the coming year when the sentence speaks of the future.
fn nearest_year(
    published: NaiveDate,
    future: bool,
    make: impl Fn(i32) -> Option<NaiveDate>,
) -> Option<NaiveDate> {
    let this_year = make(published.year())?;
    Some(if future {
        if this_year < published - Duration::days(31) {
            make(published.year() + 1)?
        } else {
            this_year
        }
    } else if this_year > published + Duration::days(31) {
        make(published.year() - 1)?
    } else {
        this_year
    })
}

fn month_span(first: NaiveDate) -> DateSpan {
    let next = if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
    };
    DateSpan {
        first,
        // At the calendar's last month there is no next one: the span ends there.
        last: next.and_then(|next| next.pred_opt()).unwrap_or(first),
    }
}

/// The weekday on or before publication (within the past week) for the past,
/// on or after it for the future, and the nearer of the two otherwise.
fn nearest_weekday(published: NaiveDate, weekday: Weekday, tense: Tense) -> NaiveDate {
    let today = published.weekday().num_days_from_monday() as i64;
    let target = weekday.num_days_from_monday() as i64;
    let back = (today - target).rem_euclid(7);
    let ahead = (target - today).rem_euclid(7);
    match tense {
        Tense::Future => published + Duration::days(ahead),
        Tense::Past => published - Duration::days(back),
        Tense::Unknown if ahead < back => published + Duration::days(ahead),
        Tense::Unknown => published - Duration::days(back),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn spans(text: &str, published: NaiveDate) -> Vec<(String, NaiveDate, NaiveDate)> {
        find_dates(Language::ENGLISH, text, published)
            .into_iter()
            .map(|m| (text[m.start..m.end].to_string(), m.span.first, m.span.last))
            .collect()
    }

    #[test]
    fn the_ascii_shape_of_a_sentence_misses_no_pattern_that_matches_it() {
        let patterns = patterns(Language::ENGLISH).unwrap();
        assert!(patterns.ascii);
        for text in [
            "Monday’s vote was put off until “next week”, Zoë Müller said.",
            "On\u{a0}March\u{a0}3,\u{a0}2011 the café in Zürich closed — since 1987.",
            "Élections: résultats attendus «\u{2009}yesterday\u{2009}» in mid-März and in March.",
            "Its 2ⁿᵈ quarter ended 30 June² 2019; by 2020… during the 1990s.",
            "Ⅻ March 5 ٣ and 7 April ٢٠١١, this month, later this week, tomorrow.",
        ] {
            let shape = ascii_shape(text);
            assert!(shape.is_ascii());
            let named = patterns.any.matches(&shape);
            for (at, (kind, regex)) in patterns.each.iter().enumerate() {
                if regex.is_match(text) {
                    assert!(
                        named.matched(at),
                        "{kind:?} matches {text:?}, not its shape {shape:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn absolute_dates_take_the_nearest_year() {
        let published = d(2021, 10, 7);
        assert_eq!(
            spans("talks will take place in Moscow on October 20.", published),
            vec![("October 20".into(), d(2021, 10, 20), d(2021, 10, 20))]
        );
        assert_eq!(
            spans("a summit on Oct. 12 that", published)[0].1,
            d(2021, 10, 12)
        );
        assert_eq!(spans("on 12 October.", published)[0].1, d(2021, 10, 12));
        assert_eq!(
            spans("seized Kabul in August after", published)[0].1,
            d(2021, 8, 1)
        );
        assert_eq!(
            spans("a conference in March at which", published)[0].2,
            d(2021, 3, 31)
        );
        assert_eq!(
            spans("withdrawal in 1989 after", published)[0].1,
            d(1989, 1, 1)
        );
        assert_eq!(
            spans("held since 2017 also", published)[0].2,
            d(2017, 12, 31)
        );
        assert_eq!(
            spans("In the 1980s, Moscow", published)[0].2,
            d(1989, 12, 31)
        );
        assert_eq!(spans("on October 07, 2021", published)[0].1, d(2021, 10, 7));
    }

    #[test]
    fn relative_dates_resolve_against_publication() {
        let thursday = d(2021, 10, 21);
        assert_eq!(
            spans("said on Thursday.", d(2021, 10, 7))[0].1,
            d(2021, 10, 7)
        );
        assert_eq!(
            spans("the envoy said Thursday.", d(2021, 10, 7))[0].1,
            d(2021, 10, 7)
        );
        assert_eq!(
            spans("Wednesday's talks were", thursday)[0].1,
            d(2021, 10, 20)
        );
        let earlier = &spans("preceded earlier this week by a meeting", thursday)[0];
        assert_eq!((earlier.1, earlier.2), (d(2021, 10, 18), d(2021, 10, 20)));
        let last = &spans("Putin warned last week that", thursday)[0];
        assert_eq!((last.1, last.2), (d(2021, 10, 11), d(2021, 10, 17)));
        assert_eq!(
            spans("reported last month that", thursday)[0].1,
            d(2021, 9, 1)
        );
        assert_eq!(
            spans("The talks will open on Monday.", thursday)[0].1,
            d(2021, 10, 25)
        );
        assert_eq!(
            spans("It rained yesterday.", thursday)[0].1,
            d(2021, 10, 20)
        );
        let mixed =
            "who would be invited, among the new leaders who took over the country in August after";
        assert_eq!(spans(mixed, d(2021, 10, 7))[0].1, d(2021, 8, 1));
        assert_eq!(spans("on 12 October.", d(2021, 10, 7))[0].0, "12 October");
        let friday = d(2025, 3, 14);
        assert_eq!(
            spans(
                "divers would inspect the pier as soon as the sea calmed, probably on Saturday.",
                friday
            )[0]
            .1,
            d(2025, 3, 15)
        );
        assert_eq!(
            spans("It was closed on Wednesday.", friday)[0].1,
            d(2025, 3, 12)
        );
        assert_eq!(
            spans(
                "the bridge, which was built in 1964 and renovated in 2009",
                friday
            )[0]
            .1,
            d(1964, 1, 1)
        );
        let both = spans(
            "It will stay closed after Thursday's surge, the mayor said on Friday.",
            friday,
        );
        assert_eq!((both[0].1, both[1].1), (d(2025, 3, 13), friday));
    }

    #[test]
    fn a_weekday_takes_the_tense_of_the_verb_nearest_it() {
        // Published on Monday 3 March 2025.
        let published = d(2025, 3, 3);
        let day = |text: &str| spans(text, published)[0].1;
        // A regular past form before the date, or the first marker after it.
        assert_eq!(
            day("Residents voted on Tuesday to keep it open."),
            d(2025, 2, 25)
        );
        assert_eq!(
            day("On Friday, the ministry reported 40 new cases."),
            d(2025, 2, 28)
        );
        assert_eq!(
            day("On Thursday the bridge reopened to traffic."),
            d(2025, 2, 27)
        );
        // A modal of possibility tells what may happen; the month does not.
        assert_eq!(
            day("Residents may return on Thursday, once the air has been tested."),
            d(2025, 3, 6)
        );
        assert_eq!(
            day("Residents of May Street on Thursday reported damage."),
            d(2025, 2, 27)
        );
        // A participle after "be" is no past: the future marker before it wins.
        assert_eq!(
            day("The coach will be formally presented on Friday."),
            d(2025, 3, 7)
        );
        assert_eq!(day("On Friday the council will vote again."), d(2025, 3, 7));
        // "expected" speaks of what is to come; "hundred" is no verb.
        assert_eq!(
            spans("He is expected to start in April.", published)[0].1,
            d(2025, 4, 1)
        );
        assert_eq!(
            day("Police will send a hundred officers on Tuesday."),
            d(2025, 3, 4)
        );
        // No marker at all: the nearest such day.
        assert_eq!(day("Talks on Tuesday."), d(2025, 3, 4));
    }

    #[test]
    fn numbers_that_are_not_dates_are_left_alone() {
        let published = d(2021, 10, 7);
        assert!(spans("2,000 fighters and 5,000 troops", published).is_empty());
        assert!(spans("a 20-year war", published).is_empty());
        assert!(spans("May I ask what the march was for?", published).is_empty());
    }

    #[test]
    fn each_language_dates_in_its_own_words() {
        let published = d(2011, 3, 18); // a Friday
        let dates = |code: &str, text: &str| -> Vec<(String, NaiveDate, NaiveDate)> {
            let language = Language::from_code(code).unwrap();
            find_dates(language, text, published)
                .into_iter()
                .map(|m| (text[m.start..m.end].to_string(), m.span.first, m.span.last))
                .collect()
        };
        let day = |code: &str, text: &str| dates(code, text).first().map(|m| m.1);
        assert_eq!(
            day("fr", "Les manifestations du 15 mars 2011 à Damas"),
            Some(d(2011, 3, 15))
        );
        assert_eq!(
            day("es", "protestas el 3 de marzo de 2011 en Deraa"),
            Some(d(2011, 3, 3))
        );
        assert_eq!(
            day("de", "Am 3. März 2011 begannen die Proteste"),
            Some(d(2011, 3, 3))
        );
        assert_eq!(
            day("it", "le proteste del 15 marzo a Damasco"),
            Some(d(2011, 3, 15))
        );
        assert_eq!(
            day("ru", "протесты 15 марта 2011 года"),
            Some(d(2011, 3, 15))
        );
        assert_eq!(day("fr", "Le ministre a parlé jeudi"), Some(d(2011, 3, 17)));
        assert_eq!(day("es", "Ayer hubo protestas"), Some(d(2011, 3, 17)));
        assert_eq!(dates("es", "en marzo de 2011")[0].2, d(2011, 3, 31));
        // Last week of a Friday's paper: the Monday to Sunday before.
        let last_week = dates("fr", "Les combats de la semaine  dernière à Homs");
        assert_eq!(
            (last_week[0].1, last_week[0].2),
            (d(2011, 3, 7), d(2011, 3, 13))
        );
        assert_eq!(
            dates("de", "Die Proteste letzten Monat")[0].1,
            d(2011, 2, 1)
        );
        assert_eq!(dates("ru", "на следующей неделе")[0].1, d(2011, 3, 21));
        // "depuis" bounds a span: not when what is stated happened.
        let text = "en vigueur depuis le 8 mars 1963";
        let french = Language::from_code("fr").unwrap();
        let mention = &find_dates(french, text, published)[0];
        assert!(bounds_a_span(french, text, mention));
        let text = "la manifestation du 8 mars 2011";
        assert!(!bounds_a_span(
            french,
            text,
            &find_dates(french, text, published)[0]
        ));
        // No language falls back to English rules.
        assert!(dates("fr", "on October 20, 2021").is_empty());
        let turkish = Language::from_code("tr").unwrap();
        assert!(find_dates(turkish, "15 Mart 2011", published).is_empty());
    }

    #[test]
    fn a_date_in_a_later_subordinate_clause_or_a_quotation_is_not_the_news() {
        let english = Language::ENGLISH;
        let published = NaiveDate::from_ymd_opt(2025, 3, 5).unwrap();
        let side = |text: &str| -> Vec<bool> {
            find_dates(english, text, published)
                .iter()
                .map(|m| in_side_clause(english, text, m))
                .collect()
        };
        // Reported, relative and causal clauses after the news: another event.
        assert_eq!(
            side("Harlow Timber rejected the finding, saying its sprinklers had worked when they were inspected in January."),
            [true]
        );
        assert_eq!(side("The mayor said the city would not take risks with the bridge, which was built in 1964."), [true]);
        assert_eq!(
            side("Russia kept contacts, even though it had listed the group in 2003."),
            [true]
        );
        // A span's start: what the news is measured from, not when it happened.
        assert_eq!(
            side("The talks, attended by ten countries, are its biggest gathering since seizing power in mid-August."),
            [true]
        );
        // The first clause holds the news; what is subordinate there times it.
        assert_eq!(
            side("Divers who inspected the bridge on Saturday found its foundations intact."),
            [false]
        );
        assert_eq!(side("Two workers died when a fire destroyed a warehouse on Saturday, the fire service said."), [false]);
        assert_eq!(
            side("In 2008, Klitschko stopped Thompson in the 11th round."),
            [false]
        );
        // A quotation holds the speaker's words, and its dates are theirs.
        assert_eq!(side("\"It was fun today,\" Charles said."), [true]);
        assert_eq!(
            side("“It was fun today,” Charles said on Sunday."),
            [true, false]
        );
        // Other languages read their own words.
        let french = Language::from_code("fr").unwrap();
        let text = "Le maire a parlé du pont, qui a été fermé le 8 mars 2011.";
        let mention = &find_dates(french, text, published)[0];
        assert!(in_side_clause(french, text, mention));
    }
}
