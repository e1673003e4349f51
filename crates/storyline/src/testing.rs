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

/// A local station's furniture: the suffix it puts on every headline, and the
/// lines it prints on every page (see [`local_station_stream`]).
pub const STATION_SUFFIX: &str = " – Valley 7 News Riverton, Westland News Weather";

/// A week of local news, as (day, outlet, title, text, event): a station that
/// prints its furniture on every report (a headline suffix, a sign-in notice,
/// a slogan) covers three unrelated events, each also reported by a paper that
/// prints none. Written for the project.
pub fn local_station_stream() -> Vec<(Article, usize)> {
    const NOTICE: &str = "Just one more thing: confirm your email to keep reading.";
    const SLOGAN: &str = "Valley 7 News: Riverton first, weather always.";
    let reports: [(u32, &str, &str, &str, usize); 6] = [
        (3, "Valley 7", "School board approves four-day week", "The Riverton school board voted 5-2 on Monday to move to a four-day school week from August, superintendent Carla Mendes said.\n\nParents who spoke at the meeting were divided over childcare on Fridays.", 0),
        (3, "Riverton Courier", "Riverton school board votes for four-day week", "Riverton's school board approved a four-day week on Monday by five votes to two.\n\nSuperintendent Carla Mendes said the shorter week starts in August and saves on buses.", 0),
        (5, "Valley 7", "Fire guts Main Street bakery", "A fire gutted the Lindqvist bakery on Main Street early on Wednesday, fire chief Omar Haddad said.\n\nNobody was inside, and the cause is under investigation.", 1),
        (5, "Riverton Courier", "Bakery destroyed in early-morning blaze", "The Lindqvist family's bakery on Main Street burned down before dawn on Wednesday.\n\nFire chief Omar Haddad said crews from two stations fought the blaze for three hours.", 1),
        (7, "Valley 7", "Hawks win regional title", "The Riverton Hawks beat Dunmore 28-21 on Friday night to win the regional football title, their first since 2009.\n\nQuarterback Eli Brandt threw three touchdown passes.", 2),
        (7, "Riverton Courier", "Hawks claim first regional crown since 2009", "Eli Brandt threw three touchdowns as the Riverton Hawks beat Dunmore 28-21 on Friday.\n\nThe win gives the Hawks the regional football title.", 2),
    ];
    reports
        .into_iter()
        .map(|(day, outlet, title, text, event)| {
            let station = outlet == "Valley 7";
            let article = Article {
                title: if station {
                    format!("{title}{STATION_SUFFIX}")
                } else {
                    title.to_string()
                },
                date: chrono::NaiveDate::from_ymd_opt(2024, 9, day),
                ..article(
                    Some(outlet),
                    &if station {
                        format!("{NOTICE}\n\n{text}\n\n{SLOGAN}")
                    } else {
                        text.to_string()
                    },
                )
            };
            (article, event)
        })
        .collect()
}
