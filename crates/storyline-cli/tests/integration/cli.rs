//! The `storyline` binary as a user runs it: exit statuses, warnings, stdin, files.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::common::{assert_succeeded, printed_figure, scratch, spill, storyline, workspace_root};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn issue_2_digest_of_a_story_succeeds_in_every_format() {
    let story = spill();
    let story = story.to_str().unwrap();
    let out = storyline(&["digest", story], &workspace_root());
    assert_succeeded(&out);
    let markdown = text(&out.stdout);
    assert!(markdown.starts_with("# "));
    assert!(markdown.contains("## Sources"));
    // The story's first days and its end eleven days later are one story, not two.
    assert_eq!(
        markdown.matches("\n# ").count(),
        0,
        "one briefing only:\n{markdown}"
    );
    assert!(markdown.contains("*4 articles from"), "{markdown}");

    let dir = scratch("formats");
    for (format, file) in [("json", "b.json"), ("html", "b.html"), ("md", "b.md")] {
        let path = dir.join(file);
        let out = storyline(
            &[
                "digest",
                story,
                "--format",
                format,
                "-o",
                path.to_str().unwrap(),
                "--words",
                "200",
            ],
            &dir,
        );
        assert_succeeded(&out);
        assert!(out.stdout.is_empty(), "-o writes to the file, not stdout");
        let written = std::fs::read_to_string(&path).unwrap();
        match format {
            "json" => {
                let json: serde_json::Value = serde_json::from_str(&written).unwrap();
                assert_eq!(json["stories"][0]["word_budget"], 200);
            }
            "html" => assert!(written.starts_with("<!DOCTYPE html>")),
            _ => assert!(written.starts_with("# ")),
        }
    }
}

#[test]
fn issue_2_stdin_is_read_with_a_dash() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(["digest", "-", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            b"Ferry service resumes\n\nMay 2, 2024\n\nThe island ferry resumed service on Thursday after a two-week strike ended with a new pay deal. The operator said all routes would run normally by the weekend.\n",
        )
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_succeeded(&out);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let story = &json["stories"][0];
    assert_eq!(story["headline"], "Ferry service resumes");
    assert_eq!(story["sources"][0]["origin"], "-");
    assert_eq!(story["sources"][0]["date"], "2024-05-02");
}

#[test]
fn issue_2_bad_inputs_are_named_skipped_and_flagged_in_the_exit_status() {
    let dir = scratch("bad");
    std::fs::write(
        dir.join("good.txt"),
        "Library reopens\n\nThe city library reopened on Monday after a year of renovation, with a new children's wing and longer opening hours.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("binary.html"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0",
    )
    .unwrap();
    std::fs::write(dir.join("broken.json"), "{\"title\": \"unterminated").unwrap();
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    std::fs::write(dir.join("lines.jsonl"), "{\"text\": \"The council met on Tuesday and approved the budget for next year.\"}\n[oops\n").unwrap();
    std::fs::write(dir.join("notes.docx"), "ignored inside folders").unwrap();

    let out = storyline(&["digest", "."], &dir);
    assert_eq!(
        out.status.code(),
        Some(3),
        "skipped inputs set the exit status"
    );
    let stderr = text(&out.stderr);
    for named in ["binary.html", "broken.json", "empty.txt", "lines.jsonl:2"] {
        assert!(stderr.contains(named), "{named} not named in:\n{stderr}");
    }
    assert!(!stderr.contains("notes.docx"));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("The city library reopened"), "{stdout}");
    assert!(
        stdout.contains("approved the budget"),
        "the good JSON line is kept: {stdout}"
    );

    // A named file of an unknown type is reported, not silently ignored.
    let out = storyline(&["digest", "good.txt", "notes.docx"], &dir);
    assert_eq!(out.status.code(), Some(3));
    assert!(text(&out.stderr).contains("notes.docx: unsupported file type"));
}

#[test]
fn issue_2_an_empty_input_set_is_a_clear_error() {
    let dir = scratch("empty");
    let out = storyline(&["digest", "."], &dir);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("error: no input articles"),
        "{}",
        text(&out.stderr)
    );
    assert!(out.stdout.is_empty());

    let out = storyline(&["digest", "missing-folder"], &dir);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("missing-folder: cannot read"), "{stderr}");
}

#[test]
fn issue_2_help_shows_examples() {
    let out = storyline(&["digest", "--help"], &workspace_root());
    let help = text(&out.stdout);
    assert!(help.contains("Examples:"));
    assert!(help.contains("cat article.txt | storyline digest -"));
}

/// Issue 14: `eval faithfulness` briefs the project's audit stories and judges
/// every line against their annotations; each annotated sentence is one of the
/// sources' (an audit that drifts from its articles says so).
#[test]
fn issue_14_eval_faithfulness_judges_the_audit_stories() {
    let audit = workspace_root().join("audit");
    let out = storyline(
        &["eval", "faithfulness", "--audit", audit.to_str().unwrap()],
        &workspace_root(),
    );
    assert_succeeded(&out);
    let printed = text(&out.stdout);
    assert!(printed.contains("\n9 audit stories"), "{printed}");
    for measure in [
        "citation precision",
        "citation recall",
        "reported by exact",
        "speakers",
        "dates",
        "stale lines",
        "leads told",
    ] {
        assert!(printed.contains(measure), "{printed}");
    }
    assert!(!printed.contains("in no briefing's sources"), "{printed}");
    let precision = printed_figure(&printed, "citation precision", "precision ");
    assert!((0.0..=1.0).contains(&precision), "{printed}");
}

/// Issue 14: `eval align` scores the aligner's "same content" judgement on
/// labelled pairs and writes one decision a pair.
#[test]
fn issue_14_eval_align_scores_pairs_and_writes_each_decision() {
    let pairs = workspace_root().join("crates/storyline-cli/tests/fixtures/align/pairs.jsonl");
    let dir = scratch("align");
    let predictions = dir.join("align.jsonl");
    let out = storyline(
        &[
            "eval",
            "align",
            "--pairs",
            pairs.to_str().unwrap(),
            "--predictions",
            predictions.to_str().unwrap(),
        ],
        &dir,
    );
    assert_succeeded(&out);
    let printed = text(&out.stdout);
    assert!(
        printed.starts_with("12 pairs: 6 the same content, 6 not"),
        "{printed}"
    );
    for measure in ["citation decision", "best precision at recall", "ROC-AUC"] {
        assert!(printed.contains(measure), "{printed}");
    }
    let written = std::fs::read_to_string(&predictions).unwrap();
    let lines: Vec<serde_json::Value> = written
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 12);
    assert_eq!(lines[11]["line"], 12);
    assert!(lines
        .iter()
        .all(|l| l["same"].is_boolean() && l["score"].is_f64()));
}
