//! Issue 14 on public sentence pairs (corpus suite): the same-claim model's
//! shipped weights are the ones its training pairs give, and on pairs it never
//! saw it ranks and decides at least as well as the shared-word cosine it
//! replaced.

use storyline::align::{AlignOptions, CLAIM_WEIGHTS};
use storyline::eval::alignment::{
    fit_claim_model, judge, precision_at_recall, read_pairs, Decisions, Pair, Selection,
};

use crate::common::corpus;

fn pairs(corpus_name: &str, file: &str, selection: &Selection) -> Vec<Pair> {
    let path = corpus(corpus_name).join(file);
    let (pairs, errors) = read_pairs(file, &std::fs::read_to_string(path).unwrap(), selection);
    assert!(errors.is_empty(), "{errors:?}");
    pairs
}

#[test]
#[ignore = "corpus suite: needs ../shared/corpora (README, Corpora)"]
fn issue_14_the_shipped_claim_weights_are_fitted_on_reusable_sts_b_news() {
    let news = Selection {
        files: vec!["headlines".to_string(), "deft-news".to_string()],
        ..Selection::default()
    };
    let training = pairs("stsb", "train.jsonl", &news);
    let (model, fitted) = fit_claim_model(&training, 3.0, &AlignOptions::default());
    assert!(fitted > 2000, "{fitted}");
    for (fitted, shipped) in model.weights.iter().zip(CLAIM_WEIGHTS) {
        assert!((fitted - shipped).abs() < 1e-3, "{:?}", model.weights);
    }
}

#[test]
#[ignore = "corpus suite: needs ../shared/corpora (README, Corpora)"]
fn issue_14_the_claim_model_decides_more_precisely_than_the_cosine_on_unseen_msrp() {
    let test = pairs("msrp", "test.jsonl", &Selection::default());
    let gold: Vec<bool> = test.iter().map(|p| p.gold.is_same(4.0)).collect();
    let (scores, decided) = judge(&test, &AlignOptions::default());
    let decision = Decisions::of(&decided, &gold);
    // The cosine at 0.28 it replaced: precision 0.703 at recall 0.873, and 0.858
    // at recall 0.5; the peer's TF-IDF 0.833 at recall 0.5.
    assert!(decision.precision() > 0.703, "{decision:?}");
    assert!(decision.recall() > 0.75, "{decision:?}");
    assert!(precision_at_recall(&scores, &gold, 0.5) > 0.833);
}
