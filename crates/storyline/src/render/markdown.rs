//! Markdown meant to be read as it is, in a terminal, as much as rendered.

use std::fmt::Write;

use super::{
    coverage_line, event_dates, kind_label, line_label, marks, reported_by, since_heading,
    source_details, span_label, Labels,
};
use crate::model::{Briefing, LineRef, SummaryPoint};

pub fn to_markdown(briefings: &[Briefing]) -> String {
    let mut out = String::new();
    for (i, briefing) in briefings.iter().enumerate() {
        if i > 0 {
            out.push_str("\n---\n\n");
        }
        write_briefing(&mut out, briefing);
    }
    out
}

fn write_briefing(out: &mut String, briefing: &Briefing) {
    let labels = Labels::of(briefing);
    let _ = writeln!(out, "# {}\n", briefing.headline);
    let _ = writeln!(out, "*{}*\n", coverage_line(labels, briefing));
    let _ = writeln!(out, "## {}\n", labels.text("summary"));
    if briefing.summary.is_empty() {
        let _ = writeln!(out, "{}", labels.text("no_statement"));
    }
    write_points(out, labels, briefing, &briefing.summary);
    if let Some(development) = &briefing.development {
        let _ = writeln!(out, "\n## {}\n", since_heading(labels, development.since));
        write_points(out, labels, briefing, &development.points);
    }
    if !briefing.events.is_empty() {
        let _ = writeln!(out, "\n## {}\n", labels.text("events"));
        for (number, event) in briefing.events.iter().enumerate() {
            let marks: String = event.sources.iter().map(|n| format!("[{n}]")).collect();
            let _ = writeln!(
                out,
                "{}. **{}** — {} {marks}",
                number + 1,
                event_dates(labels, event),
                event.headline
            );
        }
    }
    if !briefing.perspectives.is_empty() {
        let _ = writeln!(out, "\n## {}\n", labels.text("perspectives"));
        for p in &briefing.perspectives {
            let _ = writeln!(out, "- {} {}", p.text, marks(&p.citations));
        }
    }
    if !briefing.conflicts.is_empty() {
        let _ = writeln!(out, "\n## {}\n", labels.text("conflicts"));
        for conflict in &briefing.conflicts {
            let sides: Vec<String> = conflict
                .sides
                .iter()
                .map(|side| format!("{} {}", side.value, marks(&side.citations)))
                .collect();
            let versus = format!(" {} ", labels.text("versus"));
            let _ = writeln!(out, "- **{}**: {}", conflict.about, sides.join(&versus));
            for side in &conflict.sides {
                for citation in &side.citations {
                    let _ = writeln!(out, "  - [{}] {}", citation.source, citation.text);
                }
            }
        }
    }
    if !briefing.quotes.is_empty() {
        let _ = writeln!(out, "\n## {}\n", labels.text("quotes"));
        for quote in &briefing.quotes {
            let speaker = quote
                .speaker
                .as_deref()
                .unwrap_or(labels.text("unattributed"));
            let _ = writeln!(
                out,
                "- **{speaker}**: “{}” {}",
                quote.text,
                marks(&quote.citations)
            );
        }
    }
    if !briefing.timeline.is_empty() {
        let _ = writeln!(out, "\n## {}\n", labels.text("timeline"));
        for entry in &briefing.timeline {
            let told = match entry.told_in {
                Some(line) => format!("*{}*", pointer(labels, briefing, "see", line)),
                None => entry.text.clone(),
            };
            let _ = writeln!(
                out,
                "- **{}** — {told} {}",
                span_label(labels, &entry.date),
                marks(&entry.citations)
            );
        }
    }
    if !briefing.entities.is_empty() {
        let _ = writeln!(out, "\n## {}\n", labels.text("entities"));
        let _ = writeln!(
            out,
            "| {} |\n|---|---|---|---|---|",
            labels.parts("table").join(" | ")
        );
        for e in &briefing.entities {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                e.name,
                kind_label(labels, e.kind),
                e.aliases.join(", "),
                e.mentions,
                e.outlets.join(", ")
            );
        }
    }
    let _ = writeln!(out, "\n## {}\n", labels.text("sources"));
    for source in &briefing.sources {
        let _ = write!(out, "{}. **{}**", source.number, source.title);
        let details = source_details(labels, briefing, source, |d| d.to_string());
        if !details.is_empty() {
            let _ = write!(out, " — {}", details.join(", "));
        }
        out.push('\n');
        if let Some(url) = &source.url {
            // Only web links are written as links; anything else as inert code.
            match super::web_link(url) {
                Some(url) => {
                    let _ = writeln!(out, "   <{url}>");
                }
                None => {
                    let _ = writeln!(out, "   `{}`", url.replace('`', "'"));
                }
            }
        }
        let _ = writeln!(out, "   `{}`", source.origin);
    }
}

/// A label (`see`, `revised`) naming another line of the briefing.
fn pointer(labels: Labels, briefing: &Briefing, key: &str, line: LineRef) -> String {
    labels.fill(key, &[("line", &line_label(labels, briefing, line))])
}

fn write_points(out: &mut String, labels: Labels, briefing: &Briefing, points: &[SummaryPoint]) {
    for point in points {
        let mut support = reported_by(labels, point.reported_by);
        if let Some(line) = point.revised_in {
            support.push_str("; ");
            support.push_str(&pointer(labels, briefing, "revised", line));
        }
        let _ = writeln!(
            out,
            "- {} {} *({support})*",
            point.text,
            marks(&point.citations),
        );
    }
}
