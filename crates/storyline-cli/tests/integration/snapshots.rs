//! Snapshots of the three renderings of the bundled example (`examples/`): any
//! change in what a reader sees shows up as a reviewable diff.

use crate::common::{assert_succeeded, storyline, workspace_root};

fn digest_examples(format: &str) -> String {
    let out = storyline(
        &["digest", "examples", "--format", format],
        &workspace_root(),
    );
    assert_succeeded(&out);
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn examples_markdown() {
    insta::assert_snapshot!(digest_examples("markdown"));
}

#[test]
fn examples_json() {
    insta::assert_snapshot!(digest_examples("json"));
}

#[test]
fn examples_html() {
    insta::assert_snapshot!(digest_examples("html"));
}

#[test]
fn output_is_deterministic() {
    assert_eq!(digest_examples("json"), digest_examples("json"));
}
