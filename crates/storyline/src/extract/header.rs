//! Metadata that outlets write into the text itself: publication dates, URLs,
//! bylines, and the outlet behind a domain.
//!
//! Copies of articles saved as text keep their metadata as loose lines ("October 07,
//! 2021", "Original url:", "By Jane Roe, Associated Press"). Recognising them serves
//! twice: the briefing learns when and where the article appeared, and the lines stop
//! polluting the prose that gets summarised.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use regex::Regex;

use crate::text::month_number;

static ISO_DATE: LazyLock<Regex> =
    LazyLock::new(|| crate::pattern(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:$|[T ]|\b)"));
static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    crate::pattern(
        r"^(?:[A-Za-z]{3,9},?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b",
    )
});
static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    crate::pattern(
        r"^(?:[A-Za-z]{3,9},?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b",
    )
});

/// The earliest year a date in metadata may have: older dates are typos or
/// placeholders (`0001-01-01`), and dates at the calendar library's limits overflow
/// the date arithmetic of the timeline.
pub const FIRST_YEAR: i32 = 1000;
/// The latest year a date in metadata may have (`9999-12-31` is a placeholder).
pub const LAST_YEAR: i32 = 2999;

/// Parses the date forms found in news metadata and header lines: ISO 8601 (with or
/// without time), "October 07, 2021", "Oct. 7, 2021", "Thursday, 7 October 2021",
/// and RFC 2822 ("Thu, 07 Oct 2021 10:00:00 +0000"). Dates outside
/// [`FIRST_YEAR`]..=[`LAST_YEAR`] are not dates.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    parse_any_date(text.trim()).filter(|d| (FIRST_YEAR..=LAST_YEAR).contains(&d.year()))
}

fn parse_any_date(text: &str) -> Option<NaiveDate> {
    if let Some(c) = ISO_DATE.captures(text) {
        return ymd(&c[1], &c[2], &c[3]);
    }
    if let Some(c) = MONTH_DAY_YEAR.captures(text) {
        let month = month_number(&c[1])?;
        return ymd(&c[3], &month.to_string(), &c[2]);
    }
    if let Some(c) = DAY_MONTH_YEAR.captures(text) {
        let month = month_number(&c[2])?;
        return ymd(&c[3], &month.to_string(), &c[1]);
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc2822(text) {
        return Some(dt.date_naive());
    }
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
        .ok()
        .map(|dt| dt.date())
}

fn ymd(year: &str, month: &str, day: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

/// A line that is nothing but a date ("October 07, 2021", "2021-10-07",
/// "Published: 7 Oct 2021"), as outlets print under headlines.
pub fn date_line(line: &str) -> Option<NaiveDate> {
    let line = line.trim();
    let stripped = strip_label(line, &["published", "updated", "date", "posted"]).unwrap_or(line);
    let date = parse_date(stripped)?;
    // Only the date (and perhaps a time) may be on the line.
    (stripped.split_whitespace().count() <= 7).then_some(date)
}

static DATE_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| crate::pattern(r"^\s*(?i:date):?\s+(\d{4}-\d{2}-\d{2})\s*"));

/// A "date 2021-10-07" label glued to the start of the text, as some archives
/// export it: returns the date and the rest of the line.
pub fn date_prefix(line: &str) -> Option<(NaiveDate, &str)> {
    let c = DATE_PREFIX.captures(line)?;
    let date = parse_date(&c[1])?;
    Some((date, &line[c.get(0)?.end()..]))
}

fn strip_label<'a>(line: &'a str, labels: &[&str]) -> Option<&'a str> {
    let (label, rest) = line.split_once(':')?;
    let label = label.trim().to_ascii_lowercase();
    labels
        .iter()
        .any(|l| label == *l || label == format!("{l} on") || label == format!("{l} at"))
        .then(|| rest.trim())
}

static URL: LazyLock<Regex> = LazyLock::new(|| crate::pattern(r"^<?(https?://[^\s<>]+)>?$"));

/// A line holding only a URL, optionally labelled ("Original url: …", "Source: <…>").
pub fn url_line(line: &str) -> Option<&str> {
    let line = line.trim();
    let bare = strip_label(
        line,
        &[
            "original url",
            "url",
            "source",
            "link",
            "originally published",
        ],
    )
    .unwrap_or(line);
    URL.captures(bare)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str())
}

/// A label line whose value follows on the next line ("Original url:").
pub fn is_url_label(line: &str) -> bool {
    let line = line.trim().to_ascii_lowercase();
    matches!(
        line.as_str(),
        "original url:" | "url:" | "source url:" | "link:"
    )
}

static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    crate::pattern(
        r"^(?:By|BY|Written by)\s+([A-Z][\p{L}.'-]+(?:\s+(?:[A-Z][\p{L}.'-]+|de|van|von|al|bin))*(?:\s+and\s+[A-Z][\p{L}.'-]+(?:\s+[A-Z][\p{L}.'-]+)*)?)(?:\s*[,|/–—-]\s*(.+))?$",
    )
});

/// A byline: returns the author and, when given, the agency or outlet after it.
pub fn byline(line: &str) -> Option<(String, Option<String>)> {
    let line = line.trim();
    if line.split_whitespace().count() > 10 {
        return None;
    }
    let c = BYLINE.captures(line)?;
    let author = c[1].trim().to_string();
    let agency = c
        .get(2)
        .map(|m| m.as_str().trim().trim_end_matches('.').to_string());
    Some((author, agency.filter(|a| !a.is_empty())))
}

/// Host part of a URL, lowercased and without `www.`.
pub fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest
        .split(['/', '?', '#', ':'])
        .next()?
        .to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty()).then_some(host)
}

/// Outlets whose names cannot be read off their domains.
const KNOWN_OUTLETS: &[(&str, &str)] = &[
    ("themoscowtimes.com", "The Moscow Times"),
    ("reuters.com", "Reuters"),
    ("apnews.com", "Associated Press"),
    ("afp.com", "AFP"),
    ("bbc.co.uk", "BBC"),
    ("bbc.com", "BBC"),
    ("theguardian.com", "The Guardian"),
    ("nytimes.com", "The New York Times"),
    ("washingtonpost.com", "The Washington Post"),
    ("wsj.com", "The Wall Street Journal"),
    ("ft.com", "Financial Times"),
    ("bloomberg.com", "Bloomberg"),
    ("aljazeera.com", "Al Jazeera"),
    ("cnn.com", "CNN"),
    ("foxnews.com", "Fox News"),
    ("nbcnews.com", "NBC News"),
    ("cbsnews.com", "CBS News"),
    ("abcnews.go.com", "ABC News"),
    ("npr.org", "NPR"),
    ("politico.com", "Politico"),
    ("politico.eu", "Politico Europe"),
    ("thehill.com", "The Hill"),
    ("axios.com", "Axios"),
    ("usatoday.com", "USA Today"),
    ("latimes.com", "Los Angeles Times"),
    ("independent.co.uk", "The Independent"),
    ("telegraph.co.uk", "The Telegraph"),
    ("thetimes.co.uk", "The Times"),
    ("dailymail.co.uk", "Daily Mail"),
    ("news.sky.com", "Sky News"),
    ("euronews.com", "Euronews"),
    ("france24.com", "France 24"),
    ("dw.com", "DW"),
    ("rferl.org", "RFE/RL"),
    ("tass.com", "TASS"),
    ("rt.com", "RT"),
    ("cnbc.com", "CNBC"),
    ("forbes.com", "Forbes"),
    ("time.com", "TIME"),
    ("newsweek.com", "Newsweek"),
    ("huffpost.com", "HuffPost"),
    ("irishtimes.com", "The Irish Times"),
    ("abc.net.au", "ABC (Australia)"),
    ("thehindu.com", "The Hindu"),
    ("dawn.com", "Dawn"),
];

/// The name of a known outlet behind a URL.
pub fn known_outlet(url: &str) -> Option<String> {
    let host = host(url)?;
    KNOWN_OUTLETS
        .iter()
        .find(|(domain, _)| host == *domain || host.ends_with(&format!(".{domain}")))
        .map(|(_, name)| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn dates_in_news_forms() {
        assert_eq!(parse_date("2021-10-07"), d(2021, 10, 7));
        assert_eq!(parse_date("2021-10-07T08:15:00+03:00"), d(2021, 10, 7));
        assert_eq!(parse_date("October 07, 2021"), d(2021, 10, 7));
        assert_eq!(parse_date("Oct. 7, 2021"), d(2021, 10, 7));
        assert_eq!(parse_date("Sept 30 2021"), d(2021, 9, 30));
        assert_eq!(parse_date("Thursday, 7 October 2021"), d(2021, 10, 7));
        assert_eq!(
            parse_date("Thu, 07 Oct 2021 10:00:00 +0000"),
            d(2021, 10, 7)
        );
        assert_eq!(parse_date("Octopus 7, 2021"), None);
        assert_eq!(parse_date("2021-13-40"), None);
        // Issue 17: dates at the calendar's limits overflowed the timeline.
        assert_eq!(parse_date("+262142-12-31 00:00:00"), None);
        assert_eq!(parse_date("-262143-01-01 00:00:00"), None);
        assert_eq!(parse_date("9999-12-31"), None);
        assert_eq!(parse_date("0001-01-01"), None);
    }

    #[test]
    fn date_lines_and_prefixes() {
        assert_eq!(date_line("Published: October 21, 2021"), d(2021, 10, 21));
        assert_eq!(
            date_line("October 21, 2021 was a day on which many things happened in Moscow"),
            None
        );
        let (date, rest) = date_prefix(" date 2021-10-07 At the initiative").unwrap();
        assert_eq!((Some(date), rest), (d(2021, 10, 7), "At the initiative"));
    }

    #[test]
    fn urls_bylines_and_outlets() {
        assert_eq!(
            url_line("<https://example.org/a>"),
            Some("https://example.org/a")
        );
        assert_eq!(
            url_line("Original url: https://example.org/a"),
            Some("https://example.org/a")
        );
        assert_eq!(url_line("See https://example.org/a for more"), None);
        assert_eq!(
            byline("By Vladimir Isachenkov, Associated Press"),
            Some((
                "Vladimir Isachenkov".into(),
                Some("Associated Press".into())
            ))
        );
        assert_eq!(
            byline("By the time talks began, the delegation had left."),
            None
        );
        assert_eq!(
            known_outlet("https://www.themoscowtimes.com/2021/10/07/x").as_deref(),
            Some("The Moscow Times")
        );
        assert_eq!(known_outlet("https://news.example.net/x"), None);
        assert_eq!(
            host("https://www.news.example.net:8080/x").as_deref(),
            Some("news.example.net")
        );
    }
}
