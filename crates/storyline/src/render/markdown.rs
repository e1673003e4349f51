//! Markdown meant to be read as it is, in a terminal, as much as rendered.

use std::fmt::Write;

use super::{
    coverage_line, event_dates, kind_label, line_label, marks, reported_by, source_details,
    span_label,
};
use crate::model::{Briefing, SummaryPoint};

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
    let _ = writeln!(out, "# {}\n", briefing.headline);
    let _ = writeln!(out, "*{}*\n", coverage_line(briefing));
    out.push_str("## Summary\n\n");
    if briefing.summary.is_empty() {
        out.push_str("No statement fit the word budget.\n");
    }
    write_points(out, &briefing.summary);
    if let Some(development) = &briefing.development {
        let _ = writeln!(out, "\n## Since {}\n", development.since.format("%-d %B"));
        write_points(out, &development.points);
    }
    if !briefing.events.is_empty() {
        out.push_str("\n## Events\n\n");
        for (number, event) in briefing.events.iter().enumerate() {
            let marks: String = event.sources.iter().map(|n| format!("[{n}]")).collect();
            let _ = writeln!(
                out,
                "{}. **{}** — {} {marks}",
                number + 1,
                event_dates(event),
                event.headline
            );
        }
    }
    if !briefing.perspectives.is_empty() {
        out.push_str("\n## What only some report\n\n");
        for p in &briefing.perspectives {
            let _ = writeln!(out, "- {} {}", p.text, marks(&p.citations));
        }
    }
    if !briefing.conflicts.is_empty() {
        out.push_str("\n## Where they disagree\n\n");
        for conflict in &briefing.conflicts {
            let sides: Vec<String> = conflict
                .sides
                .iter()
                .map(|side| format!("{} {}", side.value, marks(&side.citations)))
                .collect();
            let _ = writeln!(out, "- **{}**: {}", conflict.about, sides.join(" vs. "));
            for side in &conflict.sides {
                for citation in &side.citations {
                    let _ = writeln!(out, "  - [{}] {}", citation.source, citation.text);
                }
            }
        }
    }
    if !briefing.quotes.is_empty() {
        out.push_str("\n## Who said what\n\n");
        for quote in &briefing.quotes {
            let speaker = quote.speaker.as_deref().unwrap_or("Unattributed");
            let _ = writeln!(
                out,
                "- **{speaker}**: “{}” {}",
                quote.text,
                marks(&quote.citations)
            );
        }
    }
    if !briefing.timeline.is_empty() {
        out.push_str("\n## Timeline\n\n");
        for entry in &briefing.timeline {
            let told = match entry.told_in {
                Some(line) => format!("*see {}*", line_label(briefing, line)),
                None => entry.text.clone(),
            };
            let _ = writeln!(
                out,
                "- **{}** — {told} {}",
                span_label(&entry.date),
                marks(&entry.citations)
            );
        }
    }
    if !briefing.entities.is_empty() {
        out.push_str("\n## People, places and organisations\n\n");
        out.push_str("| name | kind | also called | mentions | outlets |\n|---|---|---|---|---|\n");
        for e in &briefing.entities {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                e.name,
                kind_label(e.kind),
                e.aliases.join(", "),
                e.mentions,
                e.outlets.join(", ")
            );
        }
    }
    out.push_str("\n## Sources\n\n");
    for source in &briefing.sources {
        let _ = write!(out, "{}. **{}**", source.number, source.title);
        let details = source_details(briefing, source, "%Y-%m-%d");
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

fn write_points(out: &mut String, points: &[SummaryPoint]) {
    for point in points {
        let _ = writeln!(
            out,
            "- {} {} *({})*",
            point.text,
            marks(&point.citations),
            reported_by(point.reported_by)
        );
    }
}
