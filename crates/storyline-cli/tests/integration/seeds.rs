//! Issue 2 on the canonical example, `../shared/corpora/seeds` (corpus suite): five
//! real articles about Russia inviting the Taliban to the October 2021 Moscow
//! talks; and the properties every briefing must have, checked on the seeds and on
//! the project's own two stories (default suite).

use std::collections::BTreeSet;

use storyline::align::SentenceRef;
use storyline::render;

use crate::common::{corpus, doc_index, examples, run, spill, Run};

/// Boilerplate lines present in the raw seeds, each of which must be gone.
const BOILERPLATE: &[&str] = &[
    "READ MORE",
    "Read More",
    "Loading...",
    "Share this article",
    "Leave a Reply",
    "Want us to email you",
    "Download our Apps",
    "©",
    "developed by Square1",
    "(AP Photo",
    "Zemlianichenko / TACC",
    "Press Association Images",
    "Route 6",
    "via a video link at the Novo-Ogaryovo",
    "Original url",
    "Related article",
    "AFP contributed reporting",
    "Russia Hosts Talks Aimed At Stabilising Afghanistan Under The Taliban Russia Hosts",
];

#[test]
#[ignore = "corpus suite: needs ../shared/corpora (README, Corpora)"]
fn issue_2_no_boilerplate_survives_in_articles_or_briefing() {
    let run = run(&corpus("seeds"), 120);
    assert_none_survives(&run, BOILERPLATE);
    // Text is kept: the article bodies still hold their substance.
    let words: usize = run
        .docs
        .iter()
        .map(|d| d.article.text.split_whitespace().count())
        .sum();
    assert!(words > 1500, "only {words} words left");
}

/// The noise the project's two stories were written with: captions, credits,
/// "Related article", share and newsletter lines, a site's menu and "Most read".
const PROJECT_BOILERPLATE: &[&str] = &[
    "Ilse Marten / Calder Courier",
    "Related article",
    "Original url",
    "Additional reporting",
    "Share this article",
    "Most read",
    "Marlow Rovers",
    "© Radio Marlow",
];

#[test]
fn issue_2_no_boilerplate_survives_in_the_project_stories() {
    for story in [examples(), spill()] {
        assert_none_survives(&run(&story, 120), PROJECT_BOILERPLATE);
    }
}

/// None of `lines` is left in any article's text or in the briefing.
fn assert_none_survives(run: &Run, lines: &[&str]) {
    let markdown = render::to_markdown(std::slice::from_ref(&run.briefing));
    for line in lines {
        for doc in &run.docs {
            assert!(
                !doc.article.text.contains(line),
                "{line:?} survives in {}",
                doc.article.origin
            );
        }
        assert!(
            !markdown.contains(line),
            "{line:?} survives in the briefing"
        );
    }
}

#[test]
#[ignore = "corpus suite: needs ../shared/corpora (README, Corpora)"]
fn issue_2_all_five_articles_are_sources_with_their_metadata() {
    let run = run(&corpus("seeds"), 120);
    let sources = &run.briefing.sources;
    assert_eq!(sources.len(), 5);
    let source = |prefix: &str| &sources[doc_index(&run.docs, prefix)];
    assert_eq!(source("000").date.unwrap().to_string(), "2021-10-07");
    assert_eq!(source("001").date.unwrap().to_string(), "2021-10-07");
    assert_eq!(source("003").date.unwrap().to_string(), "2021-10-21");
    assert_eq!(
        source("002").date,
        None,
        "a caption's date is not a publication date"
    );
    assert_eq!(
        source("001").url.as_deref(),
        Some("https://www.themoscowtimes.com/2021/10/07/russia-invites-taliban-for-afghan-talks-a75240")
    );
    assert_eq!(source("001").outlet.as_deref(), Some("The Moscow Times"));
    assert_eq!(
        source("001").title,
        "Russia Invites Taliban for Afghan Talks"
    );
    assert_eq!(
        source("002").title,
        "Moscow invites Taliban to Afghanistan talks"
    );
    assert_eq!(source("004").author.as_deref(), Some("Vladimir Isachenkov"));
}

#[test]
#[ignore = "corpus suite: needs ../shared/corpora (README, Corpora)"]
fn issue_2_summary_is_budgeted_diverse_and_quoted_verbatim() {
    assert_budgeted_diverse_and_verbatim(&run(&corpus("seeds"), 120), 120);
}

#[test]
fn issue_2_the_project_stories_summaries_are_budgeted_diverse_and_quoted_verbatim() {
    for (story, words) in [(examples(), 120), (spill(), 80), (examples(), 250)] {
        assert_budgeted_diverse_and_verbatim(&run(&story, words), words);
    }
}

/// A summary of at least three points within `words`, each quoted verbatim from
/// the articles it cites, citing at least three articles, with no two points
/// saying the same thing.
fn assert_budgeted_diverse_and_verbatim(run: &Run, words: usize) {
    let summary = &run.briefing.summary;
    assert!(summary.len() >= 3, "{summary:#?}");
    assert!(run.briefing.summary_words() <= words);

    let mut cited = BTreeSet::new();
    for point in summary {
        assert_eq!(point.text, point.citations[0].text);
        for citation in &point.citations {
            let article = &run.docs[citation.source - 1].article;
            assert_eq!(&article.text[citation.start..citation.end], citation.text);
            assert!(article.text.contains(&citation.text));
            cited.insert(citation.source);
        }
    }
    assert!(cited.len() >= 3, "cites only {cited:?}");

    // No duplicate or near-duplicate statements: neither by shared words nor by
    // the aligner's judgement of "same content".
    let words = |text: &str| -> BTreeSet<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 3)
            .map(str::to_lowercase)
            .collect()
    };
    let at = |i: usize| {
        let c = &summary[i].citations[0];
        SentenceRef {
            doc: c.source - 1,
            sentence: c.sentence,
        }
    };
    for i in 0..summary.len() {
        for j in i + 1..summary.len() {
            let (a, b) = (words(&summary[i].text), words(&summary[j].text));
            let shared = a.intersection(&b).count() as f64 / a.len().min(b.len()).max(1) as f64;
            assert!(
                shared < 0.6,
                "near-duplicates:\n{}\n{}",
                summary[i].text,
                summary[j].text
            );
            assert!(run.space.similarity(at(i), at(j)) < run.space.same_content());
        }
    }
}

#[test]
#[ignore = "corpus suite: needs ../shared/corpora (README, Corpora)"]
fn issue_2_the_october_20_statement_is_supported_by_the_articles_stating_it() {
    let run = run(&corpus("seeds"), 120);
    // "001" states it too ("a Taliban delegation has been invited for Afghan
    // talks in the Russian capital on Oct. 20"), but as part of another claim:
    // the same-claim model puts it just under the citation cut, which stays
    // where citations elsewhere are precise (`AlignOptions::same_claim`).
    let expected: BTreeSet<usize> = ["000", "002"]
        .iter()
        .map(|p| doc_index(&run.docs, p))
        .collect();
    let doc = doc_index(&run.docs, "000");
    let sentence = run.docs[doc]
        .sentences
        .iter()
        .position(|s| {
            run.docs[doc]
                .sentence_text(s)
                .contains("Moscow on October 20")
        })
        .expect("000 names the talks of October 20");
    let at = SentenceRef { doc, sentence };
    let mut stating: BTreeSet<usize> = run
        .space
        .supporting(at)
        .iter()
        .map(|(o, _)| o.doc)
        .collect();
    stating.insert(doc);
    assert_eq!(stating, expected);
}

/// Issue 14: by the last report (21 October) the talks of 20 October have
/// been held, and it says so: the plan is no longer told as what will
/// happen, and "since" tells that they took place.
#[test]
#[ignore = "corpus suite: needs ../shared/corpora (README, Corpora)"]
fn issue_14_the_talks_once_held_are_not_told_as_a_plan() {
    let briefing = run(&corpus("seeds"), 120).briefing;
    let text = |p: &storyline::model::SummaryPoint| p.text.clone();
    let since: Vec<String> = briefing.since().iter().map(text).collect();
    let mut told: Vec<String> = briefing.summary.iter().map(text).collect();
    told.extend(since.iter().cloned());
    told.extend(briefing.perspectives.iter().map(|p| p.text.clone()));
    assert!(
        !told
            .iter()
            .any(|t| t.contains("will take place in Moscow on October 20")),
        "{told:#?}"
    );
    assert!(
        since.iter().any(|t| t.contains("Russia hosted talks")),
        "{since:#?}"
    );
}

#[test]
#[ignore = "corpus suite: needs ../shared/corpora (README, Corpora)"]
fn issue_2_citations_are_traceable_in_every_rendering() {
    assert_traceable_in_every_rendering(&run(&corpus("seeds"), 120), 5);
}

#[test]
fn issue_2_the_project_stories_citations_are_traceable_in_every_rendering() {
    assert_traceable_in_every_rendering(&run(&examples(), 120), 5);
    assert_traceable_in_every_rendering(&run(&spill(), 120), 4);
}

/// The JSON holds every article and point; every point of the HTML page links
/// to its first source; the page loads nothing from elsewhere.
fn assert_traceable_in_every_rendering(run: &Run, articles: usize) {
    let briefings = std::slice::from_ref(&run.briefing);
    let json: serde_json::Value = serde_json::from_str(&render::to_json(briefings)).unwrap();
    assert_eq!(json["schema_version"], 1);
    let story = &json["stories"][0];
    assert_eq!(story["article_count"], articles);
    assert_eq!(
        story["summary"].as_array().unwrap().len(),
        run.briefing.summary.len()
    );
    let html = render::to_html(briefings);
    for point in &run.briefing.summary {
        let first = point.citations[0].source;
        assert!(html.contains(&format!("href=\"#s1-source-{first}\"")));
    }
    for external in ["<link", "<script", "src=", "@import", "url("] {
        assert!(
            !html.contains(external),
            "the page must be self-contained: {external}"
        );
    }
}
