//! Disagreements against a reader's verdicts.
//!
//! No corpus says which of two numbers in two reports count one thing ("1,200
//! residents evacuated" against "1,400" is a disagreement, "10 people killed"
//! against "612" two counts of two earthquakes), nor whether two outlets crediting
//! one quotation to two people disagree or the briefing misread a pronoun. So a
//! reader judges each disagreement a briefing shows, once, and writes the
//! verdict down (a TSV line: cluster, kind, what it is about, the values, `real`
//! / `partly` / `not`); this module briefs each cluster as `digest` does, finds
//! every disagreement shown, and scores them against the verdicts, by kind. Verdicts are kept for every version's
//! disagreements, so the pool of real ones grows as rules change and "real ones
//! found" says how many of those known a version still shows. What no verdict
//! covers is listed, to be read before a figure is quoted.

use std::collections::BTreeMap;

use crate::engine::{Engine, EngineOptions};
use crate::eval::Cluster;
use crate::model::ConflictKind;
use crate::Error;

/// A reader's verdict on a figure disagreement.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Verdict {
    /// One thing counted differently by different reports.
    Real,
    /// Some of the values count one thing, others do not.
    Partly,
    /// Numbers of different things.
    Not,
}

impl Verdict {
    /// How much of a real disagreement the verdict credits.
    pub fn worth(self) -> f64 {
        match self {
            Verdict::Real => 1.0,
            Verdict::Partly => 0.5,
            Verdict::Not => 0.0,
        }
    }
}

/// A disagreement as a verdict names it: the cluster, its kind (see [`kind`]),
/// what it is about (as the briefing shows it, lower-cased) and the values
/// shown, sorted.
pub type Key = (String, &'static str, String, Vec<String>);

/// The word a verdict gives each kind of disagreement.
pub fn kind(kind: ConflictKind) -> &'static str {
    match kind {
        ConflictKind::Number => "figure",
        ConflictKind::Date => "day",
        ConflictKind::Speaker => "speaker",
    }
}

/// The kinds, in the order they are reported.
pub const KINDS: [&str; 3] = ["figure", "day", "speaker"];

/// A disagreement a briefing shows, with a sentence for each side.
#[derive(Debug, Clone)]
pub struct Shown {
    pub key: Key,
    pub sentences: Vec<String>,
}

/// Reads verdicts: one `cluster<TAB>kind<TAB>about<TAB>value / value …<TAB>verdict`
/// a line, `#` starting a comment. Bad lines are reported, naming the line, and
/// skipped.
pub fn read_verdicts(origin: &str, text: &str) -> (BTreeMap<Key, Verdict>, Vec<Error>) {
    let mut verdicts = BTreeMap::new();
    let mut errors = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let malformed = |message: &str| Error::Malformed {
            origin: format!("{origin}:{}", index + 1),
            format: "verdict",
            message: message.to_string(),
        };
        let fields: Vec<&str> = line.split('\t').collect();
        let [cluster, kind, about, values, verdict] = fields[..] else {
            errors.push(malformed(
                "expected five tab-separated fields: cluster, kind, about, values, verdict",
            ));
            continue;
        };
        let Some(kind) = KINDS.into_iter().find(|k| *k == kind.trim()) else {
            errors.push(malformed(&format!(
                "kind {kind:?} is not figure, day or speaker"
            )));
            continue;
        };
        let verdict = match verdict.trim() {
            "real" => Verdict::Real,
            "partly" => Verdict::Partly,
            "not" => Verdict::Not,
            other => {
                errors.push(malformed(&format!(
                    "verdict {other:?} is not real, partly or not"
                )));
                continue;
            }
        };
        let values = values.split(" / ").map(|v| v.trim().to_string()).collect();
        verdicts.insert(key(cluster.trim(), kind, about.trim(), values), verdict);
    }
    (verdicts, errors)
}

fn key(cluster: &str, kind: &'static str, about: &str, mut values: Vec<String>) -> Key {
    values.sort();
    (cluster.to_string(), kind, about.to_lowercase(), values)
}

/// The disagreements the briefings of one cluster show, briefed as `digest`
/// briefs them; an error when nothing in the cluster can be briefed.
pub fn disagreements(cluster: Cluster) -> Result<Vec<Shown>, Error> {
    let engine = Engine::new(EngineOptions::briefing());
    let digest = engine.digest(cluster.articles)?;
    Ok(digest
        .briefings
        .iter()
        .flat_map(|briefing| &briefing.conflicts)
        .map(|conflict| Shown {
            key: key(
                &cluster.id,
                kind(conflict.kind),
                &conflict.about,
                conflict.sides.iter().map(|s| s.value.clone()).collect(),
            ),
            sentences: conflict
                .sides
                .iter()
                .filter_map(|s| s.citations.first().map(|c| c.text.clone()))
                .collect(),
        })
        .collect())
}

/// How the disagreements of one kind shown fare against the verdicts.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Score {
    pub shown: usize,
    pub judged: usize,
    /// Real disagreements among those judged (a partly real one counts half).
    pub real: f64,
    /// Counts of the judged ones by verdict: real, partly, not.
    pub by_verdict: [usize; 3],
    /// Real disagreements among all verdicts (those of earlier versions too).
    pub known_real: f64,
}

impl Score {
    /// The share of judged disagreements that are real.
    pub fn precision(&self) -> f64 {
        self.real / self.judged.max(1) as f64
    }
}

/// Scores the disagreements shown against the verdicts, kind by kind (in the
/// order of [`KINDS`]); returns the scores and the disagreements no verdict
/// covers.
pub fn score<'a>(
    shown: &'a [Shown],
    verdicts: &BTreeMap<Key, Verdict>,
) -> (Vec<Score>, Vec<&'a Shown>) {
    let mut scores = vec![Score::default(); KINDS.len()];
    let at = |kind: &str| KINDS.iter().position(|k| *k == kind).unwrap_or(0);
    for (key, verdict) in verdicts {
        scores[at(key.1)].known_real += verdict.worth();
    }
    let mut unjudged = Vec::new();
    for disagreement in shown {
        let score = &mut scores[at(disagreement.key.1)];
        score.shown += 1;
        match verdicts.get(&disagreement.key) {
            Some(verdict) => {
                score.judged += 1;
                score.real += verdict.worth();
                score.by_verdict[*verdict as usize] += 1;
            }
            None => unjudged.push(disagreement),
        }
    }
    (scores, unjudged)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(cluster: &str, kind: &'static str, about: &str, values: &[&str]) -> Shown {
        Shown {
            key: key(
                cluster,
                kind,
                about,
                values.iter().map(|v| v.to_string()).collect(),
            ),
            sentences: Vec::new(),
        }
    }

    #[test]
    fn verdicts_score_what_is_shown_and_name_what_is_not_judged() {
        let text = "# cluster\tkind\tabout\tvalues\tverdict\n\
                    c1\tfigure\tresidents\t1,400 / 1,200\treal\n\
                    c1\tfigure\tmiles\t10 / 612\tnot\n\
                    c2\tfigure\tdegrees\t1,370 / 2,500 / 2,550\tpartly\n\
                    c3\tfigure\tpounds\t120 / 130\treal\n\
                    c3\tspeaker\twho said “we are all safe…”\tAna Ruiz / Tomas Berg\tnot\n\
                    c3\tfigure\tpounds\t120\n\
                    c3\tfigure\tpounds\t120 / 135\tmaybe\n\
                    c3\tquote\tpounds\t120 / 135\treal\n";
        let (verdicts, errors) = read_verdicts("judged.tsv", text);
        assert_eq!(verdicts.len(), 5);
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].contains("judged.tsv:7"), "{messages:?}");
        assert!(messages[1].contains("\"maybe\""), "{messages:?}");
        assert!(messages[2].contains("\"quote\""), "{messages:?}");

        let shown = vec![
            shown("c1", "figure", "Residents", &["1,200", "1,400"]),
            shown("c1", "figure", "miles", &["10", "612"]),
            shown("c2", "figure", "degrees", &["2,550", "1,370", "2,500"]),
            shown("c2", "figure", "feet", &["7.5", "10"]),
            shown(
                "c3",
                "speaker",
                "who said “We are all safe…”",
                &["Tomas Berg", "Ana Ruiz"],
            ),
        ];
        let (scores, unjudged) = score(&shown, &verdicts);
        assert_eq!(
            scores[0],
            Score {
                shown: 4,
                judged: 3,
                real: 1.5,
                by_verdict: [1, 1, 1],
                known_real: 2.5,
            }
        );
        assert!((scores[0].precision() - 0.5).abs() < 1e-9);
        assert_eq!(scores[1], Score::default());
        assert_eq!(
            scores[2],
            Score {
                shown: 1,
                judged: 1,
                real: 0.0,
                by_verdict: [0, 0, 1],
                known_real: 0.0,
            }
        );
        assert_eq!(unjudged.len(), 1);
        assert_eq!(unjudged[0].key.2, "feet");
    }
}
