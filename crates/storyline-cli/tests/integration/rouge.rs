//! Issue 3: `storyline eval rouge` scores exactly as the peers' rouge.py, and the
//! summarizer beats the classic summarizers on Multi-News.

use std::path::Path;

use crate::common::{corpus, scratch, storyline, workspace_root};

fn run(args: &[&str]) -> (String, String, Option<i32>) {
    let out = storyline(args, &workspace_root());
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

fn scores(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn scratch_file(name: &str) -> std::path::PathBuf {
    scratch("rouge").join(name)
}

/// Expected values: the peers' scorer on the same fixed predictions, printed with
/// ```sh
/// PY=$(../shared/peers/setup.sh | tail -1)/bin/python
/// $PY ../shared/peers/rouge.py crates/storyline-cli/tests/fixtures/rouge/clusters.jsonl \
///     crates/storyline-cli/tests/fixtures/rouge/predictions.jsonl --words 30 --truncate-refs --json out.json
/// python3 -c "import json; d=json.load(open('out.json'))['systems']['fixture']['avg']; print(d)"
/// ```
/// The fixture has one, two (a dict) and three (a list) references per cluster.
#[test]
fn issue_3_scores_equal_rouge_py_on_fixed_predictions() {
    let json = scratch_file("fixture.json");
    let (_, stderr, code) = run(&[
        "eval",
        "rouge",
        "--clusters",
        "crates/storyline-cli/tests/fixtures/rouge/clusters.jsonl",
        "--score",
        "crates/storyline-cli/tests/fixtures/rouge/predictions.jsonl",
        "--words",
        "30",
        "--json",
        json.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let got = scores(&json);
    let expected = [
        ("rouge1", [0.70158126, 0.54363188, 0.60195541]),
        ("rouge2", [0.30789979, 0.25002560, 0.27205976]),
        ("rougeL", [0.50985246, 0.39686685, 0.43909719]),
    ];
    for (measure, [r, p, f]) in expected {
        for (key, want) in [("r", r), ("p", p), ("f", f)] {
            let value = got[measure][key].as_f64().unwrap();
            // Within 0.0001 points (the issue asks for 0.01).
            assert!(
                (value - want).abs() < 1e-6,
                "{measure} {key}: {value} vs rouge.py {want}"
            );
        }
    }
}

#[test]
#[ignore = "corpus suite: needs ../shared/corpora (README, Corpora)"]
fn issue_3_beats_every_peer_on_multi_news_at_300_words() {
    let clusters = corpus("multi_news").join("test_longbench200.jsonl");
    let (json, predictions) = (scratch_file("mn.json"), scratch_file("mn.jsonl"));
    let (stdout, stderr, code) = run(&[
        "eval",
        "rouge",
        "--clusters",
        clusters.to_str().unwrap(),
        "--words",
        "300",
        "--json",
        json.to_str().unwrap(),
        "--predictions",
        predictions.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("ROUGE-2"));
    let got = scores(&json);
    // The best peer on each measure (../shared/peers/README.md): LeadEach.
    for (measure, peer) in [("rouge1", 0.4408), ("rouge2", 0.1491), ("rougeL", 0.1949)] {
        let f = got[measure]["f"].as_f64().unwrap();
        assert!(
            f > peer,
            "{measure} F1 {f:.4} does not beat the best peer's {peer}"
        );
    }
    // Predictions: one per cluster, one sentence a line, cut at exactly 300 words
    // unless the articles are shorter.
    let text = std::fs::read_to_string(&predictions).unwrap();
    let rows: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 200);
    let full = rows
        .iter()
        .filter(|row| {
            let words = row["summary"].as_str().unwrap().split_whitespace().count();
            assert!(words <= 300);
            words == 300
        })
        .count();
    assert!(full >= 190, "only {full} summaries use the whole budget");
    assert!(rows.iter().all(|r| r["system"] == "storyline"));
}
