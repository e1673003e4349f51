//! Shared helpers: where the corpora are, and the pipeline run stage by stage so
//! that tests can look at every stage's output, not only the final briefing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use storyline::align::SentenceSpace;
use storyline::model::{Briefing, Doc};
use storyline::{analyze, brief, extract, ingest, SummaryOptions};

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `../shared/corpora/NAME` beside the repository, as CI provides it.
pub fn corpus(name: &str) -> PathBuf {
    let path = workspace_root().join("../shared/corpora").join(name);
    assert!(path.is_dir(), "corpus missing: {}", path.display());
    path
}

/// A story read from `dir`, analysed, and briefed under `words`.
pub struct Run {
    pub docs: Vec<Doc>,
    pub briefing: Briefing,
    pub space: SentenceSpace,
}

pub fn run(dir: &Path, words: usize) -> Run {
    let (inputs, errors) = ingest::expand(&[dir.to_path_buf()]);
    assert!(errors.is_empty(), "{errors:?}");
    let mut batch = ingest::Batch::default();
    for input in &inputs {
        batch.extend(ingest::read(input));
    }
    assert!(batch.errors.is_empty(), "{:?}", batch.errors);
    let (articles, errors) = extract::extract_batch(batch.docs);
    assert!(errors.is_empty(), "{errors:?}");
    let docs = analyze::analyze_all(articles);
    let copies = storyline::dedup::copy_groups(docs.iter().map(|d| &d.article));
    let briefing = brief::brief(&docs, &copies, &SummaryOptions::briefing().words(words));
    let space = SentenceSpace::new(&docs);
    Run {
        docs,
        briefing,
        space,
    }
}

/// The index of the article read from a file whose name starts with `prefix`.
pub fn doc_index(docs: &[Doc], prefix: &str) -> usize {
    docs.iter()
        .position(|d| {
            Path::new(&d.article.origin)
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("no article from {prefix}*"))
}

/// Runs the `storyline` binary in `dir` with no standard input.
pub fn storyline(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("storyline runs")
}

/// A fresh, empty scratch folder for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("storyline-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Asserts that a run of the binary succeeded, showing its stderr when not.
pub fn assert_succeeded(out: &Output) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The number printed after `label` on the first line of `stdout` that starts with
/// `line_start` ("F1" on the "BCubed" line, say).
pub fn printed_figure(stdout: &str, line_start: &str, label: &str) -> f64 {
    stdout
        .lines()
        .find(|line| line.starts_with(line_start))
        .and_then(|line| line.split(label).nth(1))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no {label} on a line starting {line_start:?} in {stdout}"))
}
