//! Markdown meant to be read as it is, in a terminal, as much as rendered.

use std::fmt::Write;

use super::{cited_sources, coverage_line};
use crate::model::Briefing;

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
    for point in &briefing.summary {
        let marks: String = cited_sources(&point.citations)
            .iter()
            .map(|n| format!("[{n}]"))
            .collect();
        let _ = writeln!(out, "- {} {marks}", point.text);
    }
    out.push_str("\n## Sources\n\n");
    for source in &briefing.sources {
        let _ = write!(out, "{}. **{}**", source.number, source.title);
        let mut details: Vec<String> = Vec::new();
        details.extend(source.outlet.clone());
        details.extend(source.author.as_ref().map(|a| format!("by {a}")));
        details.extend(source.date.map(|d| d.to_string()));
        if !details.is_empty() {
            let _ = write!(out, " — {}", details.join(", "));
        }
        out.push('\n');
        if let Some(url) = &source.url {
            let _ = writeln!(out, "   <{url}>");
        }
        let _ = writeln!(out, "   `{}`", source.origin);
    }
}
