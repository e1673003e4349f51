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

/// Three reports of 7 May 2024, as (language, title, text): a flood in English
/// and in French, and a strike in French — one event told in two languages,
/// and another.
pub const TWO_LANGUAGES: [(&str, &str, &str); 3] = [
    ("en", "Calder floods", "The river Ouseburn burst its banks in Calder on Tuesday, and 1,500 residents of Marlow Street were evacuated, said mayor Ines Carvalho."),
    ("fr", "Inondations à Calder", "La rivière Ouseburn a débordé mardi à Calder, et 1.500 habitants de la rue Marlow ont été évacués, a déclaré la maire Ines Carvalho."),
    ("fr", "Grève à Dunmore", "Les dockers du port de Dunmore ont cessé le travail jeudi, a annoncé le syndicat de Tomas Okafor, qui réclame 12 pour cent."),
];

/// [`TWO_LANGUAGES`] as articles.
pub fn two_languages() -> Vec<Article> {
    TWO_LANGUAGES
        .iter()
        .map(|(lang, title, text)| Article {
            title: title.to_string(),
            lang: lang.to_string(),
            date: chrono::NaiveDate::from_ymd_opt(2024, 5, 7),
            ..article(None, text)
        })
        .collect()
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

/// A week of local news (`testing/local-station.jsonl`, written for the
/// project), as (article, event): a station that prints its furniture on every
/// report (a headline suffix, a sign-in notice, a slogan) covers three
/// unrelated events, each also reported by a paper that prints none.
pub const LOCAL_STATION: &str = include_str!("testing/local-station.jsonl");

/// [`LOCAL_STATION`] as articles, each with its event.
pub fn local_station_stream() -> Vec<(Article, usize)> {
    LOCAL_STATION
        .lines()
        .map(|line| {
            let record: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
            let field = |name: &str| record[name].as_str().expect(name);
            let article = Article {
                title: field("title").to_string(),
                date: chrono::NaiveDate::parse_from_str(field("date"), "%Y-%m-%d").ok(),
                ..article(Some(field("outlet")), field("text"))
            };
            (article, record["event"].as_u64().expect("event") as usize)
        })
        .collect()
}
