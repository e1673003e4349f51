//! One self-contained HTML page: inline CSS, no scripts, no external assets, so that
//! a briefing can be mailed, archived or opened offline and look the same.

use std::fmt::Write;

use super::{
    cited_sources, coverage_line, event_dates, kind_label, line_id, line_label, reported_by,
    since_heading, source_details, span_label, Labels,
};
use crate::model::{Briefing, BriefingSection, Citation, LineRef, SummaryPoint};

const STYLE: &str = r#"
:root { --ink:#1d1d1f; --muted:#6e6e73; --rule:#e5e5ea; --accent:#0a5ad4; --paper:#fbfbf8; }
* { box-sizing:border-box; }
body { margin:0; background:var(--paper); color:var(--ink);
  font:18px/1.6 Charter, "Bitstream Charter", Georgia, Cambria, serif; }
main { max-width:44rem; margin:0 auto; padding:3rem 1.25rem 4rem; }
article + article { border-top:3px double var(--rule); margin-top:3rem; padding-top:2rem; }
.kicker { font:600 .75rem/1 system-ui, sans-serif; letter-spacing:.12em; text-transform:uppercase; color:var(--accent); }
h1 { font-size:2.1rem; line-height:1.2; margin:.4rem 0 .6rem; }
.meta { font:.9rem/1.4 system-ui, sans-serif; color:var(--muted); margin-bottom:2rem; }
h2 { font:600 .8rem/1 system-ui, sans-serif; letter-spacing:.1em; text-transform:uppercase;
  color:var(--muted); border-bottom:1px solid var(--rule); padding-bottom:.5rem; margin-top:2.5rem; }
ul.summary { list-style:none; padding:0; }
ul.summary > li { margin:0 0 1.1rem; padding-left:1.1rem; border-left:3px solid var(--rule); }
ul.summary > li:hover { border-left-color:var(--accent); }
sup a { font:600 .7rem system-ui, sans-serif; color:var(--accent); text-decoration:none; margin-left:.15rem; }
details { font:.85rem/1.5 system-ui, sans-serif; color:var(--muted); margin-top:.3rem; }
details summary { cursor:pointer; }
details blockquote { margin:.4rem 0 .4rem .2rem; padding-left:.8rem; border-left:2px solid var(--rule); }
ol.sources { padding-left:1.4rem; font:.95rem/1.5 system-ui, sans-serif; }
ol.sources li { margin-bottom:.8rem; }
ol.sources li:target { background:#fff6d6; }
.src-title { font-weight:600; }
.src-meta, .src-file { color:var(--muted); }
.src-file { font:.8rem ui-monospace, monospace; }
a { color:var(--accent); }
.support { font:.75rem system-ui, sans-serif; color:var(--muted); margin-left:.3rem; }
.revised { font:italic .75rem system-ui, sans-serif; color:var(--accent); margin-left:.3rem; }
.value { font-weight:600; }
q { quotes:"“" "”"; font-style:italic; }
.speaker { font:.85rem system-ui, sans-serif; color:var(--muted); }
ol.timeline { list-style:none; padding-left:0; border-left:2px solid var(--rule); }
ol.timeline li { margin:0 0 .9rem; padding-left:1rem; }
ol.timeline time { display:block; font:600 .8rem system-ui, sans-serif; color:var(--accent); }
table.entities { border-collapse:collapse; width:100%; font:.85rem/1.4 system-ui, sans-serif; }
table.entities th, table.entities td { text-align:left; padding:.35rem .5rem; border-bottom:1px solid var(--rule); vertical-align:top; }
table.entities th { color:var(--muted); font-weight:600; }
footer { margin-top:3rem; font:.8rem system-ui, sans-serif; color:var(--muted); }
"#;

pub fn to_html(briefings: &[Briefing]) -> String {
    // The page speaks its first story's language.
    let labels = briefings.first().map_or(Labels::english(), Labels::of);
    let title = match briefings {
        [one] => one.headline.clone(),
        _ => labels.fill("stories", &[("n", &briefings.len().to_string())]),
    };
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"Storyline\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        labels.code(),
        escape(&title)
    );
    for (story, briefing) in briefings.iter().enumerate() {
        write_briefing(&mut out, story + 1, briefing);
    }
    let _ = write!(
        out,
        "<footer>{}</footer>\n</main>\n</body>\n</html>\n",
        escape(labels.text("footer"))
    );
    out
}

fn write_briefing(out: &mut String, story: usize, briefing: &Briefing) {
    let labels = Labels::of(briefing);
    let _ = write!(
        out,
        "<article id=\"story-{story}\" lang=\"{}\">\n<div class=\"kicker\">{}</div>\n<h1>{}</h1>\n<p class=\"meta\">{}</p>\n<h2>{}</h2>\n<ul class=\"summary\">\n",
        labels.code(),
        escape(labels.text("briefing")),
        escape(&briefing.headline),
        escape(&coverage_line(labels, briefing)),
        escape(labels.text("summary"))
    );
    for (i, point) in briefing.summary.iter().enumerate() {
        let line = LineRef {
            section: BriefingSection::Summary,
            number: i + 1,
        };
        write_point(out, labels, (story, briefing), line, point);
    }
    out.push_str("</ul>\n");
    if let Some(development) = &briefing.development {
        let _ = writeln!(
            out,
            "<h2>{}</h2>\n<ul class=\"summary\">",
            escape(&since_heading(labels, development.since))
        );
        for (i, point) in development.points.iter().enumerate() {
            let line = LineRef {
                section: BriefingSection::Since,
                number: i + 1,
            };
            write_point(out, labels, (story, briefing), line, point);
        }
        out.push_str("</ul>\n");
    }
    if !briefing.events.is_empty() {
        let _ = writeln!(
            out,
            "<h2>{}</h2>\n<ol class=\"timeline\">",
            escape(labels.text("events"))
        );
        for event in &briefing.events {
            let _ = writeln!(
                out,
                "<li><time>{}</time> {}{}</li>",
                escape(&event_dates(labels, event)),
                escape(&event.headline),
                source_links(labels, story, &event.sources)
            );
        }
        out.push_str("</ol>\n");
    }
    if !briefing.perspectives.is_empty() {
        let _ = writeln!(
            out,
            "<h2>{}</h2>\n<ul class=\"summary\">",
            escape(labels.text("perspectives"))
        );
        for (i, p) in briefing.perspectives.iter().enumerate() {
            let line = LineRef {
                section: BriefingSection::Perspectives,
                number: i + 1,
            };
            let _ = writeln!(
                out,
                "<li id=\"{}\">{}{}</li>",
                line_id(story, line),
                escape(&p.text),
                links(labels, story, &p.citations)
            );
        }
        out.push_str("</ul>\n");
    }
    if !briefing.conflicts.is_empty() {
        let _ = writeln!(
            out,
            "<h2>{}</h2>\n<ul class=\"summary conflicts\">",
            escape(labels.text("conflicts"))
        );
        for conflict in &briefing.conflicts {
            let _ = write!(out, "<li><strong>{}</strong>: ", escape(&conflict.about));
            let sides: Vec<String> = conflict
                .sides
                .iter()
                .map(|side| {
                    format!(
                        "<span class=\"value\">{}</span>{}",
                        escape(&side.value),
                        links(labels, story, &side.citations)
                    )
                })
                .collect();
            out.push_str(&sides.join(&format!(" <em>{}</em> ", escape(labels.text("versus")))));
            let _ = write!(
                out,
                "<details><summary>{}</summary>",
                escape(labels.text("sentences"))
            );
            for side in &conflict.sides {
                for c in &side.citations {
                    let _ = write!(
                        out,
                        "<blockquote>{}{}</blockquote>",
                        escape(&c.text),
                        links(labels, story, std::slice::from_ref(c))
                    );
                }
            }
            out.push_str("</details></li>\n");
        }
        out.push_str("</ul>\n");
    }
    if !briefing.quotes.is_empty() {
        let _ = writeln!(
            out,
            "<h2>{}</h2>\n<ul class=\"summary quotes\">",
            escape(labels.text("quotes"))
        );
        for quote in &briefing.quotes {
            let _ = writeln!(
                out,
                "<li><q>{}</q> <span class=\"speaker\">— {}</span>{}</li>",
                escape(&quote.text),
                escape(
                    quote
                        .speaker
                        .as_deref()
                        .unwrap_or(labels.text("unattributed"))
                ),
                links(labels, story, &quote.citations)
            );
        }
        out.push_str("</ul>\n");
    }
    if !briefing.timeline.is_empty() {
        let _ = writeln!(
            out,
            "<h2>{}</h2>\n<ol class=\"timeline\">",
            escape(labels.text("timeline"))
        );
        for entry in &briefing.timeline {
            let told = match entry.told_in {
                Some(line) => format!(
                    "<em>{}</em>",
                    pointer(labels, (story, briefing), "see", line)
                ),
                None => escape(&entry.text),
            };
            let _ = writeln!(
                out,
                "<li><time datetime=\"{}\">{}</time> {told}{}</li>",
                entry.date.first,
                escape(&span_label(labels, &entry.date)),
                links(labels, story, &entry.citations)
            );
        }
        out.push_str("</ol>\n");
    }
    if !briefing.entities.is_empty() {
        let headers: String = labels
            .parts("table")
            .iter()
            .map(|h| format!("<th>{}</th>", escape(&capitalised(h))))
            .collect();
        let _ = writeln!(
            out,
            "<h2>{}</h2>\n<table class=\"entities\">\n<tr>{headers}</tr>",
            escape(labels.text("entities"))
        );
        for e in &briefing.entities {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&e.name),
                escape(kind_label(labels, e.kind)),
                escape(&e.aliases.join(", ")),
                e.mentions,
                escape(&e.outlets.join(", "))
            );
        }
        out.push_str("</table>\n");
    }
    let _ = writeln!(
        out,
        "<h2>{}</h2>\n<ol class=\"sources\">",
        escape(labels.text("sources"))
    );
    for source in &briefing.sources {
        let _ = write!(
            out,
            "<li id=\"s{story}-source-{}\"><span class=\"src-title\">",
            source.number
        );
        match source.url.as_deref().and_then(web_link) {
            Some(url) => {
                let _ = write!(
                    out,
                    "<a href=\"{}\">{}</a>",
                    escape(url),
                    escape(&source.title)
                );
            }
            None => {
                out.push_str(&escape(&source.title));
                // A URL that may not be a link is still shown, as text.
                if let Some(url) = &source.url {
                    let _ = write!(out, " <span class=\"src-url\">{}</span>", escape(url));
                }
            }
        }
        out.push_str("</span>");
        let details = source_details(labels, briefing, source, |d| labels.date(d));
        if !details.is_empty() {
            let _ = write!(
                out,
                "<br><span class=\"src-meta\">{}</span>",
                escape(&details.join(" · "))
            );
        }
        let _ = writeln!(
            out,
            "<br><span class=\"src-file\">{}</span></li>",
            escape(&source.origin)
        );
    }
    out.push_str("</ol>\n</article>\n");
}

/// A table heading: its first letter in capitals.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Superscript links from a statement to the sources it cites.
fn links(labels: Labels, story: usize, citations: &[Citation]) -> String {
    source_links(labels, story, &cited_sources(citations))
}

fn source_links(labels: Labels, story: usize, sources: &[usize]) -> String {
    sources
        .iter()
        .map(|source| {
            let title = labels.fill("source", &[("n", &source.to_string())]);
            format!(
                "<sup><a href=\"#s{story}-source-{source}\" title=\"{}\">[{source}]</a></sup>",
                escape(&title)
            )
        })
        .collect()
}

/// A label (`see`, `revised`) naming another line of the briefing, with a
/// link to it.
fn pointer(
    labels: Labels,
    (story, briefing): (usize, &Briefing),
    key: &str,
    line: LineRef,
) -> String {
    let link = format!(
        "<a href=\"#{}\">{}</a>",
        line_id(story, line),
        escape(&line_label(labels, briefing, line))
    );
    escape(labels.text(key)).replace("{line}", &link)
}

fn write_point(
    out: &mut String,
    labels: Labels,
    (story, briefing): (usize, &Briefing),
    line: LineRef,
    point: &SummaryPoint,
) {
    let _ = write!(
        out,
        "<li id=\"{}\">{}{} <span class=\"support\">{}</span>",
        line_id(story, line),
        escape(&point.text),
        links(labels, story, &point.citations),
        escape(&reported_by(labels, point.reported_by))
    );
    if let Some(revised) = point.revised_in {
        let _ = write!(
            out,
            " <span class=\"revised\">{}</span>",
            pointer(labels, (story, briefing), "revised", revised)
        );
    }
    if point.citations.len() > 1 {
        let _ = write!(
            out,
            "\n<details><summary>{}</summary>",
            escape(&labels.fill("put_it", &[("n", &point.citations.len().to_string())]))
        );
        for citation in &point.citations {
            let _ = write!(
                out,
                "<blockquote>{} <a href=\"#s{story}-source-{}\">[{}]</a></blockquote>",
                escape(&citation.text),
                citation.source,
                citation.source
            );
        }
        out.push_str("</details>");
    }
    out.push_str("</li>\n");
}

/// Escapes text for HTML element content and double-quoted attributes.
/// A URL that may become a link: `http` or `https` only, without control
/// characters. Anything else (`javascript:`, `data:`, `vbscript:`, in any case or
/// with a tab inside) is shown as text, never made clickable.
pub fn web_link(url: &str) -> Option<&str> {
    let url = url.trim();
    let scheme_ok = ["http://", "https://"].iter().any(|scheme| {
        url.get(..scheme.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(scheme))
    });
    (scheme_ok && !url.chars().any(char::is_control)).then_some(url)
}

/// Escapes text for HTML content and double- or single-quoted attributes.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            _ => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_is_escaped() {
        assert_eq!(
            escape(r#"<b>"x" & 'y'</b>"#),
            "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;"
        );
    }
}
