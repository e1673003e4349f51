//! Small builders for unit tests: articles and analysed documents from plain text.

use crate::analyze::Analyzer;
use crate::model::{Article, Doc};

/// An article with only its text (and an origin, title and outlet to tell it by).
pub fn article(outlet: Option<&str>, text: &str) -> Article {
    Article {
        origin: outlet.unwrap_or("test").to_string(),
        outlet: outlet.map(String::from),
        lang: "en".to_string(),
        ..Article::from_text(outlet.unwrap_or("Test"), text)
    }
}

/// The analysed form of [`article`].
pub fn doc(outlet: Option<&str>, text: &str) -> Doc {
    Analyzer::default().analyze(article(outlet, text))
}

/// A fresh, empty folder for one test's files (unique per process and call).
pub fn scratch_dir(name: &str) -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "storyline-{name}-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temporary folder");
    dir
}
