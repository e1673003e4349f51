//! Render: [`Briefing`]s → Markdown, JSON or one self-contained HTML page.
//!
//! Renderers only format; every fact they print was decided upstream, so the three
//! formats cannot disagree. Output is a pure function of the briefings: no clocks,
//! no hash-map order, no absolute paths, so the same input gives the same bytes.

mod html;
mod json;
mod listing;
mod markdown;

use chrono::{Datelike, NaiveDate};

use crate::model::{
    Briefing, BriefingSection, Citation, DateSpan, EntityKind, LineRef, Source, StoryEvent,
};
use crate::text::Language;

pub use html::{escape as escape_html, to_html, web_link};
pub use json::{to_json, SCHEMA_VERSION};
pub use listing::{stories_to_json, stories_to_text};
pub use markdown::to_markdown;

/// Output formats of `storyline digest`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Markdown,
    Json,
    Html,
}

/// Renders briefings in the chosen format.
pub fn render(briefings: &[Briefing], format: OutputFormat) -> String {
    match format {
        OutputFormat::Markdown => to_markdown(briefings),
        OutputFormat::Json => to_json(briefings),
        OutputFormat::Html => to_html(briefings),
    }
}

/// "7 October 2021", "7–21 October 2021", "30 September – 2 October 2021".
fn date_span(first: Option<NaiveDate>, last: Option<NaiveDate>) -> Option<String> {
    let (first, last) = (first?, last?);
    let long = |d: NaiveDate| d.format("%-d %B %Y").to_string();
    Some(if first == last {
        long(first)
    } else if first.format("%Y-%m").to_string() == last.format("%Y-%m").to_string() {
        format!("{}–{}", first.format("%-d"), long(last))
    } else if first.format("%Y").to_string() == last.format("%Y").to_string() {
        format!("{} – {}", first.format("%-d %B"), long(last))
    } else {
        format!("{} – {}", long(first), long(last))
    })
}

/// A date span as a reader says it: "20 October 2021", "March 2021", "1989",
/// "the 1980s", "11–17 October 2021".
fn span_label(span: &DateSpan) -> String {
    let (first, last) = (span.first, span.last);
    let next_day = last + chrono::Duration::days(1);
    if first.day() == 1 && first.month() == 1 && last.month() == 12 && last.day() == 31 {
        let years = last.year() - first.year() + 1;
        return match years {
            1 => first.year().to_string(),
            10 if first.year() % 10 == 0 => format!("the {}s", first.year()),
            _ => format!("{}–{}", first.year(), last.year()),
        };
    }
    if first.day() == 1
        && next_day.day() == 1
        && first.month() == last.month()
        && first.year() == last.year()
    {
        return first.format("%B %Y").to_string();
    }
    if first.month() == 1 && first.day() == 1 && first.year() < last.year() {
        return format!("{} – {}", first.year(), last.format("%-d %B %Y"));
    }
    date_span(Some(first), Some(last)).unwrap_or_default()
}

/// Outlet, author and date of a source, those that are known, in that order.
/// The details of a source after its title: outlet, author, date, and its
/// language when the story's sources are not all in one.
fn source_details(briefing: &Briefing, source: &Source, date_format: &str) -> Vec<String> {
    let mut details: Vec<String> = Vec::new();
    details.extend(source.outlet.clone());
    let multilingual = briefing.sources.iter().any(|s| s.lang != source.lang);
    if multilingual {
        let name = Language::from_code(&source.lang).map_or("language unknown", Language::name);
        details.push(name.to_string());
    }
    details.extend(source.author.as_ref().map(|a| format!("by {a}")));
    details.extend(source.date.map(|d| d.format(date_format).to_string()));
    if source.partial {
        details.push("feed summary only".to_string());
    }
    details
}

/// "[1][3]" for a list of citations.
fn marks(citations: &[Citation]) -> String {
    cited_sources(citations)
        .iter()
        .map(|n| format!("[{n}]"))
        .collect()
}

/// "reported by 3 outlets"
fn reported_by(n: usize) -> String {
    format!("reported by {n} outlet{}", plural(n))
}

/// "5 articles from 4 outlets · 7–21 October 2021"
fn coverage_line(briefing: &Briefing) -> String {
    let articles = briefing.article_count();
    let outlets = briefing.outlet_count();
    let mut line = if briefing.omitted_articles == 0 {
        format!(
            "{articles} article{} from {outlets} outlet{}",
            plural(articles),
            plural(outlets)
        )
    } else {
        format!(
            "{articles} articles; {} briefed, from {outlets} outlet{} (the other {} are copies or beyond the {} a briefing reads)",
            briefing.sources.len(),
            plural(outlets),
            briefing.omitted_articles,
            crate::limits::MAX_BRIEFED_ARTICLES
        )
    };
    if let Some(span) = date_span(briefing.first_date, briefing.last_date) {
        line.push_str(" · ");
        line.push_str(&span);
    }
    line
}

/// When an event was reported: "14 March 2025", "14–16 March 2025" or "undated".
fn event_dates(event: &StoryEvent) -> String {
    date_span(event.first_date, event.last_date).unwrap_or_else(|| "undated".to_string())
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Distinct source numbers of a point's citations, ascending.
fn cited_sources(citations: &[Citation]) -> Vec<usize> {
    let mut sources: Vec<usize> = citations.iter().map(|c| c.source).collect();
    sources.sort_unstable();
    sources.dedup();
    sources
}

/// Where a timeline entry's news is told, by the section's heading: "Summary,
/// point 2", "Since 9 June, point 1".
fn line_label(briefing: &Briefing, line: LineRef) -> String {
    let section = match (line.section, &briefing.development) {
        (BriefingSection::Summary, _) => "Summary".to_string(),
        (BriefingSection::Since, Some(development)) => {
            format!("Since {}", development.since.format("%-d %B"))
        }
        (BriefingSection::Since, None) => "Since".to_string(),
        (BriefingSection::Perspectives, _) => "What only some report".to_string(),
    };
    format!("{section}, point {}", line.number)
}

/// The HTML id of a line of story `story`'s briefing, for a timeline entry to
/// link to.
fn line_id(story: usize, line: LineRef) -> String {
    let section = match line.section {
        BriefingSection::Summary => "summary",
        BriefingSection::Since => "since",
        BriefingSection::Perspectives => "some",
    };
    format!("s{story}-{section}-{}", line.number)
}

fn kind_label(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "person",
        EntityKind::Place => "place",
        EntityKind::Organisation => "organisation",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_labelled_as_a_reader_says_them() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let label = |a, b| span_label(&DateSpan { first: a, last: b });
        assert_eq!(label(d(2021, 10, 20), d(2021, 10, 20)), "20 October 2021");
        assert_eq!(label(d(2021, 3, 1), d(2021, 3, 31)), "March 2021");
        assert_eq!(label(d(1989, 1, 1), d(1989, 12, 31)), "1989");
        assert_eq!(label(d(1980, 1, 1), d(1989, 12, 31)), "the 1980s");
        assert_eq!(
            label(d(2021, 10, 11), d(2021, 10, 17)),
            "11–17 October 2021"
        );
        assert_eq!(
            label(d(2017, 1, 1), d(2021, 10, 21)),
            "2017 – 21 October 2021"
        );
    }

    #[test]
    fn date_spans_read_naturally() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        assert_eq!(
            date_span(d(2021, 10, 7), d(2021, 10, 7)).unwrap(),
            "7 October 2021"
        );
        assert_eq!(
            date_span(d(2021, 10, 7), d(2021, 10, 21)).unwrap(),
            "7–21 October 2021"
        );
        assert_eq!(
            date_span(d(2021, 9, 30), d(2021, 10, 2)).unwrap(),
            "30 September – 2 October 2021"
        );
        assert_eq!(date_span(None, d(2021, 10, 2)), None);
    }
}
