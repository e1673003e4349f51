//! Issue 14: `storyline eval disagreements` scores the disagreements briefings
//! show against a reader's verdicts, and names those without one.

use crate::common::{scratch, storyline, workspace_root};

const CLUSTERS: &str = "crates/storyline-cli/tests/fixtures/disagreements/clusters.jsonl";

fn eval(verdicts: &str) -> (String, Option<i32>) {
    let out = storyline(
        &[
            "eval",
            "disagreements",
            "--clusters",
            CLUSTERS,
            "--verdicts",
            verdicts,
        ],
        &workspace_root(),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code(),
    )
}

#[test]
fn issue_14_disagreements_are_scored_against_verdicts() {
    // Two outlets count the evacuated residents differently; the third gives no
    // count. The verdict says that is a real disagreement.
    let (stdout, code) = eval("crates/storyline-cli/tests/fixtures/disagreements/verdicts.tsv");
    assert_eq!(code, Some(0), "{stdout}");
    assert!(
        stdout.contains(
            "1 clusters from number 1 (0 with nothing to brief): 1 disagreements shown, 0 without a verdict (1 verdicts)"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("figure        1       1      1.000     1       0    0        1.0 of 1.0"),
        "{stdout}"
    );

    // Without a verdict, the disagreement is listed with its sentences, ready to
    // be read, and the run says something is missing.
    let empty = scratch("disagreements").join("verdicts.tsv");
    std::fs::write(&empty, "# no verdicts yet\n").unwrap();
    let (stdout, code) = eval(empty.to_str().unwrap());
    assert_eq!(code, Some(3), "{stdout}");
    assert!(
        stdout.contains("no verdict: surge\tfigure\tresidents\t1,200 / 1,400"),
        "{stdout}"
    );
    assert!(
        stdout.contains("More than 1,400 residents of the Low Harbour district"),
        "{stdout}"
    );
}
