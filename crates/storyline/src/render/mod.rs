//! Render: [`Briefing`]s → Markdown, JSON or one self-contained HTML page.
//!
//! Renderers only format; every fact they print was decided upstream, so the three
//! formats cannot disagree. Output is a pure function of the briefings: no clocks,
//! no hash-map order, no absolute paths, so the same input gives the same bytes.

mod html;
mod json;
mod labels;
mod listing;
mod markdown;

use chrono::{Datelike, NaiveDate};

use crate::model::{
    Briefing, BriefingSection, Citation, DateSpan, EntityKind, LineRef, Source, StoryEvent,
};
use crate::text::Language;

pub use html::{escape as escape_html, to_html, web_link};
pub use json::{to_json, SCHEMA_VERSION};
pub use labels::Labels;
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
fn date_span(labels: Labels, first: Option<NaiveDate>, last: Option<NaiveDate>) -> Option<String> {
    let (first, last) = (first?, last?);
    Some(if first == last {
        labels.date(first)
    } else if (first.year(), first.month()) == (last.year(), last.month()) {
        format!("{}–{}", first.day(), labels.date(last))
    } else if first.year() == last.year() {
        format!("{} – {}", labels.day_month(first), labels.date(last))
    } else {
        format!("{} – {}", labels.date(first), labels.date(last))
    })
}

/// A date span as a reader says it: "20 October 2021", "March 2021", "1989",
/// "the 1980s", "11–17 October 2021".
fn span_label(labels: Labels, span: &DateSpan) -> String {
    let (first, last) = (span.first, span.last);
    let next_day = last + chrono::Duration::days(1);
    if first.day() == 1 && first.month() == 1 && last.month() == 12 && last.day() == 31 {
        let years = last.year() - first.year() + 1;
        return match years {
            1 => first.year().to_string(),
            10 if first.year() % 10 == 0 => {
                labels.fill("decade", &[("y", &first.year().to_string())])
            }
            _ => format!("{}–{}", first.year(), last.year()),
        };
    }
    if first.day() == 1
        && next_day.day() == 1
        && first.month() == last.month()
        && first.year() == last.year()
    {
        return labels.month_year(first);
    }
    if first.month() == 1 && first.day() == 1 && first.year() < last.year() {
        return format!("{} – {}", first.year(), labels.date(last));
    }
    date_span(labels, Some(first), Some(last)).unwrap_or_default()
}

/// Outlet, author and date of a source, those that are known, in that order.
/// The details of a source after its title: outlet, author, date, and its
/// language when the story's sources are not all in one.
fn source_details(
    labels: Labels,
    briefing: &Briefing,
    source: &Source,
    date: impl Fn(NaiveDate) -> String,
) -> Vec<String> {
    let mut details: Vec<String> = Vec::new();
    details.extend(source.outlet.clone());
    let multilingual = briefing.sources.iter().any(|s| s.lang != source.lang);
    if multilingual {
        let name = Language::from_code(&source.lang).map_or("language unknown", Language::name);
        details.push(name.to_string());
    }
    details.extend(
        source
            .author
            .as_ref()
            .map(|a| labels.fill("by", &[("author", a)])),
    );
    details.extend(source.date.map(date));
    if source.partial {
        details.push(labels.text("feed_only").to_string());
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
fn reported_by(labels: Labels, n: usize) -> String {
    labels.count("reported_by", n)
}

/// "5 articles from 4 outlets · 7–21 October 2021"
fn coverage_line(labels: Labels, briefing: &Briefing) -> String {
    let articles = labels.count("articles", briefing.article_count());
    let outlets = labels.count("outlets", briefing.outlet_count());
    let mut line = if briefing.omitted_articles == 0 {
        labels.fill(
            "coverage",
            &[("articles", &articles), ("outlets", &outlets)],
        )
    } else {
        labels.fill(
            "coverage_omitted",
            &[
                ("articles", &articles),
                ("briefed", &briefing.sources.len().to_string()),
                ("outlets", &outlets),
                ("omitted", &briefing.omitted_articles.to_string()),
                ("limit", &crate::limits::MAX_BRIEFED_ARTICLES.to_string()),
            ],
        )
    };
    if let Some(span) = date_span(labels, briefing.first_date, briefing.last_date) {
        line.push_str(" · ");
        line.push_str(&span);
    }
    line
}

/// When an event was reported: "14 March 2025", "14–16 March 2025" or "undated".
fn event_dates(labels: Labels, event: &StoryEvent) -> String {
    date_span(labels, event.first_date, event.last_date)
        .unwrap_or_else(|| labels.text("undated").to_string())
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
fn line_label(labels: Labels, briefing: &Briefing, line: LineRef) -> String {
    let section = match (line.section, &briefing.development) {
        (BriefingSection::Summary, _) => labels.text("summary").to_string(),
        (BriefingSection::Since, Some(development)) => since_heading(labels, development.since),
        (BriefingSection::Since, None) => labels.fill("since", &[("date", "")]).trim().to_string(),
        (BriefingSection::Perspectives, _) => labels.text("perspectives").to_string(),
    };
    labels.fill(
        "point",
        &[("section", &section), ("n", &line.number.to_string())],
    )
}

/// "Since 9 June": the heading of what later reports add.
fn since_heading(labels: Labels, since: NaiveDate) -> String {
    labels.fill("since", &[("date", &labels.day_month(since))])
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

fn kind_label(labels: Labels, kind: EntityKind) -> &'static str {
    let kinds = labels.parts("kinds");
    let index = match kind {
        EntityKind::Person => 0,
        EntityKind::Place => 1,
        EntityKind::Organisation => 2,
    };
    kinds.get(index).copied().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_labelled_as_a_reader_says_them() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let label = |a, b| span_label(Labels::english(), &DateSpan { first: a, last: b });
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
            date_span(Labels::english(), d(2021, 10, 7), d(2021, 10, 7)).unwrap(),
            "7 October 2021"
        );
        assert_eq!(
            date_span(Labels::english(), d(2021, 10, 7), d(2021, 10, 21)).unwrap(),
            "7–21 October 2021"
        );
        assert_eq!(
            date_span(Labels::english(), d(2021, 9, 30), d(2021, 10, 2)).unwrap(),
            "30 September – 2 October 2021"
        );
        assert_eq!(date_span(Labels::english(), None, d(2021, 10, 2)), None);
    }
}
