//! Issue 5 on the seeds (corpus suite) and the project's two stories (default
//! suite): corroboration, perspectives, conflicts, entities, quotes, timeline and
//! story development, read off the real briefing.

use chrono::NaiveDate;
use storyline::model::{Briefing, EntityKind};

use crate::common::{corpus, doc_index, examples, run, spill, workspace_root};

fn seeds() -> (Briefing, Vec<storyline::model::Doc>) {
    let run = run(&corpus("seeds"), 120);
    (run.briefing, run.docs)
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
#[ignore = "corpus suite: needs ../shared/corpora (README, Corpora)"]
fn issue_5_summary_points_say_how_many_outlets_report_them() {
    let (briefing, _) = seeds();
    let delegation = briefing
        .summary
        .iter()
        .find(|p| p.text.contains("Hanafi"))
        .expect("the Taliban delegation is summarised");
    // The two outlets that name its leader.
    assert_eq!(delegation.reported_by, 2, "{delegation:#?}");
    for point in &briefing.summary {
        assert!(point.reported_by >= 1 && point.reported_by <= point.citations.len());
    }
}

#[test]
#[ignore = "corpus suite: needs ../shared/corpora (README, Corpora)"]
fn issue_5_perspectives_hold_what_only_one_outlet_reports() {
    let (briefing, _) = seeds();
    for detail in [
        "2,000 militant Islamic State fighters",
        "5,000 troops",
        "bounties to kill American troops",
        "released a joint statement",
    ] {
        let found = briefing
            .perspectives
            .iter()
            .find(|p| p.text.contains(detail));
        let found =
            found.unwrap_or_else(|| panic!("{detail:?} missing from {:#?}", briefing.perspectives));
        assert_eq!(found.reported_by, 1);
        assert_eq!(found.citations[0].text, found.text);
    }
    let summarised: Vec<&str> = briefing.summary.iter().map(|p| p.text.as_str()).collect();
    assert!(briefing
        .perspectives
        .iter()
        .all(|p| !summarised.contains(&p.text.as_str())));
}

#[test]
#[ignore = "corpus suite: needs ../shared/corpora (README, Corpora)"]
fn issue_5_conflicts_are_found_where_numbers_disagree_and_never_invented() {
    let (briefing, _) = seeds();
    assert!(
        briefing.conflicts.is_empty(),
        "false conflict on the seeds: {:#?}",
        briefing.conflicts
    );

    let example = run(&workspace_root().join("examples"), 120).briefing;
    assert_eq!(example.conflicts.len(), 1, "{:#?}", example.conflicts);
    let conflict = &example.conflicts[0];
    assert_eq!(conflict.about, "residents");
    let values: Vec<&str> = conflict.sides.iter().map(|s| s.value.as_str()).collect();
    assert_eq!(values, vec!["1,200", "1,400"]);
    // 4.5 million and 3.8 million euros are an update that cites the first figure.
    assert!(!example
        .conflicts
        .iter()
        .any(|c| c.about.contains("million")));
}

#[test]
#[ignore = "corpus suite: needs ../shared/corpora (README, Corpora)"]
fn issue_5_entities_merge_name_variants_and_are_typed() {
    let (briefing, _) = seeds();
    let entity = |name: &str| {
        briefing
            .entities
            .iter()
            .find(|e| e.name == name || e.aliases.iter().any(|a| a == name))
            .unwrap_or_else(|| panic!("no entity {name:?} in {:#?}", briefing.entities))
    };
    let same = |names: &[&str], kind: EntityKind| {
        let first = entity(names[0]);
        assert_eq!(first.kind, kind, "{first:?}");
        for name in &names[1..] {
            assert_eq!(
                entity(name).name,
                first.name,
                "{name} is not merged with {}",
                names[0]
            );
        }
    };
    same(
        &["Sergei Lavrov", "Sergey Lavrov", "Lavrov"],
        EntityKind::Person,
    );
    same(&["Zamir Kabulov", "Kabulov"], EntityKind::Person);
    same(&["Vladimir Putin", "Putin"], EntityKind::Person);
    same(&["Abdul Salam Hanafi"], EntityKind::Person);
    same(&["Emomali Rakhmon"], EntityKind::Person);
    same(&["Islamic State", "IS"], EntityKind::Organisation);
    for place in [
        "Moscow",
        "Kabul",
        "Tajikistan",
        "Uzbekistan",
        "Central Asia",
    ] {
        same(&[place], EntityKind::Place);
    }
    for organisation in ["Taliban", "al-Qaida", "UN", "G20", "RIA Novosti"] {
        same(&[organisation], EntityKind::Organisation);
    }
    let lavrov = entity("Lavrov");
    assert!(
        lavrov.mentions >= 6 && lavrov.sources == vec![4, 5],
        "{lavrov:?}"
    );
    assert_eq!(entity("Taliban").outlets.len(), 5);
}

#[test]
#[ignore = "corpus suite: needs ../shared/corpora (README, Corpora)"]
fn issue_5_quotes_have_resolved_speakers_and_merge_across_outlets() {
    let (briefing, _) = seeds();
    let speaker = |words: &str| {
        briefing
            .quotes
            .iter()
            .find(|q| q.text.contains(words))
            .unwrap_or_else(|| panic!("no quote {words:?}: {:#?}", briefing.quotes))
            .speaker
            .clone()
    };
    // "…," he told journalists: the speaker named last is Kabulov.
    assert_eq!(
        speaker("This is being worked out").as_deref(),
        Some("Zamir Kabulov")
    );
    assert_eq!(
        speaker("We are satisfied").as_deref(),
        Some("Sergei Lavrov")
    );
    assert_eq!(
        speaker("the meeting is very important").as_deref(),
        Some("Abdul Salam Hanafi")
    );
    // A quotation that continues the previous one keeps its speaker.
    assert_eq!(
        speaker("There is a real danger").as_deref(),
        Some("Sergei Lavrov")
    );
    // Scare quotes are not quotations.
    assert!(briefing
        .quotes
        .iter()
        .all(|q| q.text != "cargo" && q.text != "material"));
    // One quote carried by two outlets is one entry: checked on the example in
    // `issue_5_the_project_stories_cross_source_sections`.
}

#[test]
#[ignore = "corpus suite: needs ../shared/corpora (README, Corpora)"]
fn issue_5_timeline_orders_the_story_with_resolved_dates() {
    let (briefing, docs) = seeds();
    let entry = |words: &str| {
        briefing
            .timeline
            .iter()
            .find(|e| e.citations.iter().any(|c| c.text.contains(words)))
            .unwrap_or_else(|| panic!("no timeline entry for {words:?}"))
    };
    let year = |y| (d(y, 1, 1), d(y, 12, 31));
    let cases = [
        ("their withdrawal in 1989", year(1989)),
        (
            "conference on Afghanistan in March",
            (d(2021, 3, 1), d(2021, 3, 31)),
        ),
        (
            "seized the Afghan capital Kabul in August",
            (d(2021, 8, 1), d(2021, 8, 31)),
        ),
        (
            "Zamir Kabulov said on Thursday",
            (d(2021, 10, 7), d(2021, 10, 7)),
        ),
        (
            "extraordinary G20 summit",
            (d(2021, 10, 12), d(2021, 10, 12)),
        ),
        (
            "top diplomats from Russia, China and Pakistan",
            (d(2021, 10, 18), d(2021, 10, 20)),
        ),
        (
            "Russia hosted talks on Afghanistan on Wednesday",
            (d(2021, 10, 20), d(2021, 10, 20)),
        ),
    ];
    for (words, (first, last)) in cases {
        let e = entry(words);
        assert_eq!((e.date.first, e.date.last), (first, last), "{words}");
    }
    // "since 2017" bounds how long the talks have run; it does not date the
    // sentence's news (issue 14: an entry's date is its main clause's).
    // Nor do the dates of a later clause that tells another event: "Russia had
    // worked for years …, even though it had designated the group a terror
    // organisation in 2003" is not news of 2003.
    for words in ["held since 2017", "terror organisation in 2003"] {
        assert!(
            !briefing
                .timeline
                .iter()
                .any(|e| e.citations.iter().any(|c| c.text.contains(words))),
            "{words}"
        );
    }
    // The talks on 20 October are one entry, told by the report that they
    // were held, not by the plans three outlets gave; and it cites that report
    // alone: a plan does not state its outcome (issue 14).
    let talks = entry("Russia hosted talks on Afghanistan on Wednesday");
    assert!(
        talks.text.starts_with("Russia hosted talks"),
        "{}",
        talks.text
    );
    let sources: Vec<usize> = talks.citations.iter().map(|c| c.source).collect();
    assert_eq!(sources, [doc_index(&docs, "004") + 1]);
    for plan in ["000", "001", "002"] {
        let plan = doc_index(&docs, plan) + 1;
        assert!(
            !briefing
                .timeline
                .iter()
                .any(|e| e.date == talks.date && e.citations.iter().any(|c| c.source == plan)),
            "a plan for the talks is told on their day"
        );
    }
    // In order.
    assert!(briefing.timeline.windows(2).all(|w| w[0].date <= w[1].date));
}

#[test]
#[ignore = "corpus suite: needs ../shared/corpora (README, Corpora)"]
fn issue_5_story_development_says_what_later_articles_add() {
    let (briefing, _) = seeds();
    let development = briefing
        .development
        .as_ref()
        .expect("the seeds span two weeks");
    assert_eq!(development.since, d(2021, 10, 7));
    assert!(
        development.points.iter().any(|p| p
            .text
            .starts_with("Russia hosted talks on Afghanistan on Wednesday")),
        "{development:#?}"
    );
    for point in &development.points {
        for c in &point.citations {
            assert!(
                c.source == 4 || c.source == 5,
                "only the later articles: {point:#?}"
            );
        }
    }
    let markdown = storyline::render::to_markdown(std::slice::from_ref(&briefing));
    for heading in [
        "## Since 7 October",
        "## What only some report",
        "## Who said what",
        "## Timeline",
        "## People, places and organisations",
    ] {
        assert!(markdown.contains(heading), "{heading}");
    }
}

/// Entity recognition on the project's annotated samples (see docs/benchmarks.md):
/// the development set the rules were written against, and a held-out set written
/// afterwards. The floors are the measured figures, so that a change that loses
/// ground fails.
#[test]
fn issue_5_entity_precision_and_recall_on_annotated_samples() {
    use storyline::eval::entities::{parse_annotated, predict, score};
    let fixtures = workspace_root().join("crates/storyline-cli/tests/fixtures/entities");
    for (file, min_precision, min_recall, min_sentences) in [
        ("development.txt", 0.99, 0.99, 40),
        ("heldout.txt", 0.81, 0.72, 40),
    ] {
        let text = std::fs::read_to_string(fixtures.join(file)).unwrap();
        let (docs, gold) = parse_annotated(file, &text).unwrap();
        let sentences: usize = docs.iter().map(|d| d.sentences.len()).sum();
        assert!(sentences >= min_sentences, "{file}: {sentences} sentences");
        let scores = score(&gold, &predict(&docs));
        assert!(
            scores.precision() >= min_precision && scores.recall() >= min_recall,
            "{file}: precision {:.3} recall {:.3}",
            scores.precision(),
            scores.recall()
        );
    }
}

/// Date resolution on the project's annotated sentences (see docs/benchmarks.md):
/// the floor is the measured figure (38 of 40), so that a change that loses
/// ground fails; the two sentences still wrong are named in the document.
#[test]
fn issue_14_dates_take_the_tense_of_their_sentence() {
    use storyline::eval::dates::{parse_annotated, score};
    let file = workspace_root().join("crates/storyline-cli/tests/fixtures/dates/tense.txt");
    let sentences = parse_annotated("tense.txt", &std::fs::read_to_string(file).unwrap()).unwrap();
    let (scores, errors) = score(&sentences);
    assert!(scores.gold >= 40, "{scores:?}");
    assert!(
        scores.right >= 38 && scores.unmarked == 0,
        "{scores:?}\n{errors:#?}"
    );
}

/// The cross-source sections on the project's own stories (default suite): the
/// outlets' disagreement on evacuees is found, a quotation carried by two outlets
/// is one entry with its speaker, each named speaker is credited, the timeline is
/// in order with each day resolved, and what the later reports add is "since"
/// the first day.
#[test]
fn issue_5_the_project_stories_cross_source_sections() {
    let example = run(&examples(), 120).briefing;
    let residents = example
        .conflicts
        .iter()
        .find(|c| c.about == "residents")
        .unwrap_or_else(|| panic!("{:#?}", example.conflicts));
    let values: Vec<&str> = residents.sides.iter().map(|s| s.value.as_str()).collect();
    assert_eq!(values, ["1,200", "1,400"]);
    let nobody = example
        .quotes
        .iter()
        .find(|q| q.text.starts_with("Nobody crosses"))
        .unwrap();
    let sources: Vec<usize> = nobody.citations.iter().map(|c| c.source).collect();
    assert_eq!(
        sources,
        [1, 2],
        "one quote carried by two outlets is one entry"
    );
    assert_eq!(nobody.speaker.as_deref(), Some("Elena Brandt"));

    let spill = run(&spill(), 120).briefing;
    for (words, speaker) in [
        ("The water in your taps", "Dana Whitcombe"),
        ("We expect it to thin out", "Colm Feeney"),
        ("We made a mistake", "Ilse Brandauer"),
    ] {
        let quote = spill.quotes.iter().find(|q| q.text.starts_with(words));
        assert_eq!(
            quote.and_then(|q| q.speaker.as_deref()),
            Some(speaker),
            "{words}: {:#?}",
            spill.quotes
        );
    }
    let days: Vec<String> = spill
        .timeline
        .iter()
        .map(|e| e.date.first.to_string())
        .collect();
    assert_eq!(days, ["2025-03-03", "2025-03-04", "2025-03-14"]);
    let development = spill.development.as_ref().expect("the story spans days");
    assert_eq!(development.since, d(2025, 3, 3));
    assert!(development
        .points
        .iter()
        .all(|p| p.citations.iter().all(|c| c.source >= 3)));
}
