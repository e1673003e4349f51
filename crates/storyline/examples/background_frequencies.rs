//! Writes the clusterer's background document frequencies
//! (`crates/storyline/data/background-frequencies.tsv`) from the article texts
//! of the extraction benchmarks whose licences allow shipping what is derived
//! from them: WCXB (CC BY 4.0), the ScrapingHub benchmark (MIT) and
//! Readability's test pages (Apache-2.0). Only counts are written — how many of
//! those articles hold each feature, for features held by at least two — never
//! their text.
//!
//! ```console
//! cargo run --release -p storyline --example background_frequencies -- ../shared/corpora > crates/storyline/data/background-frequencies.tsv
//! ```

use std::collections::BTreeMap;

use storyline::cluster::{ClusterOptions, Featurizer};
use storyline::model::Article;

const SETS: [&str; 3] = [
    "wcxb-articles-dev",
    "article-extraction-benchmark",
    "readability-test-pages",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let corpora = std::env::args()
        .nth(1)
        .ok_or("usage: background_frequencies CORPORA_DIR")?;
    let mut featurizer = Featurizer::new(ClusterOptions::default());
    let mut held: Vec<Vec<u32>> = Vec::new();
    for set in SETS {
        let path = std::path::Path::new(&corpora)
            .join(set)
            .join("ground-truth.json");
        let truth: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
        let pages = truth.as_object().ok_or("ground truth is an object")?;
        // In key order: the same vocabulary, the same file, every run.
        let ordered: BTreeMap<&String, &serde_json::Value> = pages.iter().collect();
        for page in ordered.values() {
            let text = page["articleBody"].as_str().unwrap_or_default();
            if text.trim().is_empty() {
                continue;
            }
            let article = Article::from_text(page["title"].as_str().unwrap_or_default(), text);
            held.push(
                featurizer
                    .counts(&article)
                    .iter()
                    .map(|(id, _)| *id & !(3 << 30))
                    .collect(),
            );
        }
    }
    let strings = featurizer.feature_strings();
    let mut frequencies: BTreeMap<&str, u32> = BTreeMap::new();
    for features in &held {
        for &index in features {
            *frequencies.entry(strings[index as usize]).or_default() += 1;
        }
    }
    println!("# documents\t{}", held.len());
    for (feature, count) in frequencies {
        if count >= 2 {
            println!("{feature}\t{count}");
        }
    }
    Ok(())
}
