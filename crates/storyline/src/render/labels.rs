//! The words a rendered briefing is framed in — section titles, counts, dates —
//! in the language of its sources, from the `label.` lines of each language's
//! rules file (`text/languages/`). A briefing takes the language most of its
//! sources are written in, when that language has labels; else English. A label
//! a language lacks is English's. JSON keys and values stay English.

use chrono::{Datelike, NaiveDate};

use crate::model::Briefing;
use crate::text::Language;

/// The labels of one briefing.
#[derive(Debug, Clone, Copy)]
pub struct Labels {
    language: Language,
}

impl Labels {
    /// The labels of the language most of the briefing's sources are in (ties:
    /// the first source's), when it has labels; else English.
    pub fn of(briefing: &Briefing) -> Labels {
        let mut counts: Vec<(Language, usize)> = Vec::new();
        for source in &briefing.sources {
            let Some(language) = Language::from_code(&source.lang) else {
                continue;
            };
            match counts.iter_mut().find(|(l, _)| *l == language) {
                Some((_, n)) => *n += 1,
                None => counts.push((language, 1)),
            }
        }
        let most = counts
            .iter()
            .filter(|(l, _)| l.label("summary").is_some())
            .fold(None::<(Language, usize)>, |best, &(l, n)| match best {
                Some((_, m)) if m >= n => best,
                _ => Some((l, n)),
            });
        Labels {
            language: most.map_or(Language::ENGLISH, |(l, _)| l),
        }
    }

    /// English labels.
    pub fn english() -> Labels {
        Labels {
            language: Language::ENGLISH,
        }
    }

    /// The language's code, for HTML's `lang` attribute.
    pub fn code(self) -> &'static str {
        self.language.code()
    }

    /// A label as it is written.
    pub fn text(self, key: &str) -> &'static str {
        self.language
            .label(key)
            .or_else(|| Language::ENGLISH.label(key))
            .unwrap_or("")
    }

    /// A label's ` | `-separated parts ("name | kind | …").
    pub fn parts(self, key: &str) -> Vec<&'static str> {
        self.text(key).split(" | ").map(str::trim).collect()
    }

    /// A label with its `{name}` slots filled.
    pub fn fill(self, key: &str, values: &[(&str, &str)]) -> String {
        fill(self.text(key), values)
    }

    /// A count: the label's form for `n` (one | other, or Russian's one | few |
    /// many), with `{n}` filled.
    pub fn count(self, key: &str, n: usize) -> String {
        let forms = self.parts(key);
        let form = match forms.len() {
            3 => {
                let (last, last_two) = (n % 10, n % 100);
                if last == 1 && last_two != 11 {
                    0
                } else if (2..=4).contains(&last) && !(12..=14).contains(&last_two) {
                    1
                } else {
                    2
                }
            }
            // French counts 0 and 1 alike.
            2 if self.language.code() == "fr" => usize::from(n > 1),
            2 => usize::from(n != 1),
            _ => 0,
        };
        let template = forms.get(form).copied().unwrap_or_default();
        fill(template, &[("n", &n.to_string())])
    }

    fn month(self, date: NaiveDate, key: &str) -> &'static str {
        let months = self.parts(key);
        months.get(date.month0() as usize).copied().unwrap_or("")
    }

    /// "7 October 2021", "7 de octubre de 2021".
    pub fn date(self, date: NaiveDate) -> String {
        self.fill(
            "date",
            &[
                ("d", &date.day().to_string()),
                ("month", self.month(date, "date_months")),
                ("y", &date.year().to_string()),
            ],
        )
    }

    /// "7 October", "7. Oktober".
    pub fn day_month(self, date: NaiveDate) -> String {
        self.fill(
            "day_month",
            &[
                ("d", &date.day().to_string()),
                ("month", self.month(date, "date_months")),
            ],
        )
    }

    /// "October 2021", "октябрь 2021".
    pub fn month_year(self, date: NaiveDate) -> String {
        let key = if self.language.label("standalone_months").is_some() {
            "standalone_months"
        } else {
            "date_months"
        };
        self.fill(
            "month_year",
            &[
                ("month", self.month(date, key)),
                ("y", &date.year().to_string()),
            ],
        )
    }
}

fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut text = template.to_string();
    for (name, value) in values {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEYS: &[&str] = &[
        "summary",
        "since",
        "events",
        "perspectives",
        "conflicts",
        "quotes",
        "timeline",
        "entities",
        "sources",
        "unattributed",
        "no_statement",
        "see",
        "revised",
        "point",
        "reported_by",
        "articles",
        "outlets",
        "coverage",
        "coverage_omitted",
        "versus",
        "undated",
        "feed_only",
        "by",
        "table",
        "kinds",
        "date",
        "day_month",
        "month_year",
        "decade",
        "date_months",
        "briefing",
        "sentences",
        "put_it",
        "source",
        "footer",
        "stories",
    ];

    #[test]
    fn every_language_with_rules_labels_every_part_of_a_briefing() {
        for language in Language::with_rules() {
            for key in KEYS {
                assert!(
                    language.label(key).is_some(),
                    "{} lacks {key}",
                    language.code()
                );
            }
            let labels = Labels { language };
            assert_eq!(labels.parts("date_months").len(), 12, "{}", language.code());
            assert_eq!(labels.parts("table").len(), 5, "{}", language.code());
            assert_eq!(labels.parts("kinds").len(), 3, "{}", language.code());
        }
    }

    #[test]
    fn counts_and_dates_are_said_as_each_language_says_them() {
        let day = NaiveDate::from_ymd_opt(2011, 3, 15).unwrap();
        let labels = |code| Labels {
            language: Language::from_code(code).unwrap(),
        };
        assert_eq!(labels("en").count("reported_by", 1), "reported by 1 outlet");
        assert_eq!(
            labels("en").count("reported_by", 3),
            "reported by 3 outlets"
        );
        assert_eq!(labels("fr").count("articles", 0), "0 article");
        assert_eq!(labels("ru").count("articles", 3), "3 статьи");
        assert_eq!(labels("ru").count("articles", 11), "11 статей");
        assert_eq!(labels("ru").count("articles", 21), "21 статья");
        assert_eq!(labels("es").date(day), "15 de marzo de 2011");
        assert_eq!(labels("de").day_month(day), "15. März");
        assert_eq!(labels("ru").month_year(day), "март 2011");
        assert_eq!(labels("ru").date(day), "15 марта 2011");
        assert_eq!(Labels::english().date(day), "15 March 2011");
    }
}
