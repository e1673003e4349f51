//! Shared helpers: where the fixtures and the corpora are, and the pipeline run
//! stage by stage so that tests can look at every stage's output, not only the
//! final briefing.
//!
//! Two suites share this binary. The default one reads only what the repository
//! holds (`examples/` and `tests/fixtures/`), so `cargo test` passes on a clean
//! clone. The corpus suite checks quality on the public benchmarks in
//! `../shared/corpora` (README, "Corpora"); its tests carry
//! `#[ignore = "corpus suite: …"]`, so that without the corpora they are reported
//! as ignored with that reason, and run with
//! `cargo test -p storyline-cli --test integration -- --ignored` (which also runs
//! the browser test, ignored by default for want of Chromium).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use storyline::align::SentenceSpace;
use storyline::model::{Briefing, Doc};
use storyline::{ingest, Engine, EngineOptions};

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `../shared/corpora/NAME` beside the repository, for the corpus suite.
pub fn corpus(name: &str) -> PathBuf {
    let path = workspace_root().join("../shared/corpora").join(name);
    assert!(
        path.is_dir(),
        "corpus missing: {} (the corpus suite needs ../shared/corpora beside the repository; see README, Corpora)",
        path.display()
    );
    path
}

/// `tests/fixtures/NAME`: data written by the project for the default suite.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The bundled example story (the Meridian Bridge storm), five articles.
pub fn examples() -> PathBuf {
    workspace_root().join("examples")
}

/// The second project-written story (a chemical spill, four articles over eleven
/// days; `tests/fixtures/spill/README`).
pub fn spill() -> PathBuf {
    fixture("spill")
}

/// A story read from `dir`, analysed, and briefed under `words`.
pub struct Run {
    pub docs: Vec<Doc>,
    pub briefing: Briefing,
    pub space: SentenceSpace,
}

/// The articles of some folders, read and extracted as one batch.
pub fn read_articles(dirs: &[PathBuf]) -> Vec<storyline::model::Article> {
    let (inputs, errors) = ingest::expand(dirs);
    assert!(errors.is_empty(), "{errors:?}");
    let mut batch = ingest::Batch::default();
    for input in &inputs {
        batch.extend(ingest::read(input));
    }
    assert!(batch.errors.is_empty(), "{:?}", batch.errors);
    let (articles, errors) = Engine::default().extract(batch.docs);
    assert!(errors.is_empty(), "{errors:?}");
    articles
}

pub fn run(dir: &Path, words: usize) -> Run {
    let articles = read_articles(&[dir.to_path_buf()]);
    let engine = Engine::new(EngineOptions::briefing().words(words));
    let analysis = engine.analyze(articles);
    let briefing = engine.brief_analysis(&analysis);
    Run {
        docs: analysis.docs,
        briefing,
        space: analysis.space,
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

/// Article `i` as a JSON body to post: words made up for it alone, so that it
/// is a story of its own (a template with only a name changed would be one
/// story to the clusterer).
pub fn made_up_article(i: usize) -> String {
    // Word k of article i: seven letters drawn by a 64-bit mix of (i, k), so
    // that no two articles share words, or more letter sequences than chance.
    let word = |k: usize| -> String {
        let mut n = ((i as u64) << 8 | k as u64).wrapping_add(0x9e37_79b9_7f4a_7c15);
        n = (n ^ (n >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        n = (n ^ (n >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        n ^= n >> 31;
        (0..7)
            .map(|_| {
                let letter = char::from(b'a' + (n % 26) as u8);
                n /= 26;
                letter
            })
            .collect()
    };
    let words = |from: usize, count: usize| -> String {
        (from..from + count).map(word).collect::<Vec<_>>().join(" ")
    };
    serde_json::json!({
        "title": format!("{} {}", word(0).to_uppercase(), words(1, 5)),
        "text": format!("{} said {}. {} {}. {} reported {}.",
            word(6).to_uppercase(), words(7, 12), word(19).to_uppercase(), words(20, 12),
            word(32).to_uppercase(), words(33, 12)),
        "outlet": format!("Outlet {}", i % 7),
        "url": format!("https://{}.example/news/{i}", word(45)),
        // Made-up words are no language: say which rules to read them by.
        "lang": "en",
    })
    .to_string()
}
