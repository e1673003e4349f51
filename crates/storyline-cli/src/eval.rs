//! `storyline eval rouge`: summarize evaluation clusters and score them.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use storyline::eval::{self, rouge::Rouge, Scored};
use storyline::SummaryOptions;

use crate::progress_bar;

#[derive(clap::Args)]
pub struct RougeArgs {
    /// Clusters JSONL: {"id", "articles": [{"title", "text"}], "summary" | "summaries"}
    #[arg(long, value_name = "FILE")]
    clusters: PathBuf,
    /// Summary length in words; predictions and references are cut at it
    #[arg(long, default_value_t = 300)]
    words: usize,
    /// Write predictions as JSONL {"id", "system": "storyline", "summary"}
    #[arg(long, value_name = "FILE")]
    predictions: Option<PathBuf>,
    /// Only the first N clusters
    #[arg(long)]
    limit: Option<usize>,
    /// Also write the mean scores (0 to 1, full precision) as JSON
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// Score these predictions (JSONL {"id", "summary"}, one system) instead of
    /// summarizing; a cluster without a prediction scores 0, as in rouge.py
    #[arg(long, value_name = "FILE", conflicts_with = "predictions")]
    score: Option<PathBuf>,
}

/// Reads a predictions JSONL into id → summary.
fn read_predictions(
    path: &std::path::Path,
) -> anyhow::Result<std::collections::HashMap<String, String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut predictions = std::collections::HashMap::new();
    for (index, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let row: serde_json::Value = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: malformed JSON", path.display(), index + 1))?;
        let (Some(id), Some(summary)) = (row["id"].as_str(), row["summary"].as_str()) else {
            anyhow::bail!(
                "{}:{}: needs \"id\" and \"summary\" strings",
                path.display(),
                index + 1
            );
        };
        anyhow::ensure!(
            predictions
                .insert(id.to_string(), summary.to_string())
                .is_none(),
            "{}:{}: a second prediction for {id} (one system per file)",
            path.display(),
            index + 1
        );
    }
    Ok(predictions)
}

pub fn rouge(args: RougeArgs) -> anyhow::Result<ExitCode> {
    // Timed on one thread, as the figures it prints say (and as the peers run).
    storyline::parallel::set_threads(1);
    let text = std::fs::read_to_string(&args.clusters)
        .with_context(|| format!("cannot read {}", args.clusters.display()))?;
    let (mut clusters, problems) = eval::read_clusters(&args.clusters.display().to_string(), &text);
    for problem in &problems {
        eprintln!("warning: {problem}");
    }
    if let Some(limit) = args.limit {
        clusters.truncate(limit);
    }
    anyhow::ensure!(
        !clusters.is_empty(),
        "no clusters in {}",
        args.clusters.display()
    );

    let options = SummaryOptions::default().words(args.words);
    let given = args.score.as_deref().map(read_predictions).transpose()?;
    let progress = progress_bar(clusters.len() as u64, "clusters");
    let started = std::time::Instant::now();
    let mut missing = 0;
    let scored: Vec<Scored> = clusters
        .into_iter()
        .map(|cluster| {
            let scored = match &given {
                Some(given) => {
                    let summary = given.get(&cluster.id).cloned().unwrap_or_else(|| {
                        missing += 1;
                        String::new()
                    });
                    eval::score_prediction(&cluster.references, cluster.id, summary, args.words)
                }
                None => eval::evaluate_cluster(cluster, &options),
            };
            progress.inc(1);
            scored
        })
        .collect();
    if missing > 0 {
        eprintln!("warning: {missing} clusters without a prediction (scored 0)");
    }
    let elapsed = started.elapsed().as_secs_f64();
    progress.finish_and_clear();

    if let Some(path) = &args.predictions {
        let mut out = std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot write {}", path.display()))?,
        );
        for s in &scored {
            let line = serde_json::json!({"id": s.id, "system": "storyline", "summary": s.summary});
            writeln!(out, "{line}")?;
        }
        out.flush()?;
    }

    let mean = Rouge::mean(&scored.iter().map(|s| s.rouge).collect::<Vec<_>>());
    if let Some(path) = &args.json {
        let score = |s: storyline::eval::rouge::Score| serde_json::json!({"r": s.recall, "p": s.precision, "f": s.f1});
        let json = serde_json::json!({
            "clusters": scored.len(),
            "words": args.words,
            "rouge1": score(mean.rouge1),
            "rouge2": score(mean.rouge2),
            "rougeL": score(mean.rouge_l),
        });
        std::fs::write(path, format!("{json:#}\n"))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    println!(
        "{} clusters, {} words, rouge-score 0.1.2 protocol (Porter stemming, mean over references), x100",
        scored.len(),
        args.words
    );
    println!("{:<10}{:>8}{:>8}{:>8}", "measure", "R", "P", "F1");
    for (name, score) in [
        ("ROUGE-1", mean.rouge1),
        ("ROUGE-2", mean.rouge2),
        ("ROUGE-L", mean.rouge_l),
    ] {
        println!(
            "{name:<10}{:>8.2}{:>8.2}{:>8.2}",
            100.0 * score.recall,
            100.0 * score.precision,
            100.0 * score.f1
        );
    }
    if given.is_none() {
        eprintln!(
            "{:.2} s, {:.1} clusters/s (single thread, including extraction and analysis)",
            elapsed,
            scored.len() as f64 / elapsed
        );
    }
    Ok(crate::exit_status(&problems))
}

#[derive(clap::Args)]
pub struct EntitiesArgs {
    /// Annotated text: mentions as [name|PER], [name|LOC], [name|ORG]; blank lines
    /// separate articles of one story
    #[arg(long, value_name = "FILE")]
    annotated: PathBuf,
}

pub fn entities(args: EntitiesArgs) -> anyhow::Result<ExitCode> {
    use storyline::eval::entities as measure;
    let (origin, text) = read_named(&args.annotated)?;
    let (docs, gold) = measure::parse_annotated(&origin, &text)?;
    let scores = measure::score(&gold, &measure::predict(&docs));
    println!(
        "{} articles, {} gold mentions, {} predicted; exact span and kind:",
        docs.len(),
        scores.gold,
        scores.predicted
    );
    println!(
        "precision {:.3}  recall {:.3}  F1 {:.3}  (span only: {} of {} predicted spans are gold spans)",
        scores.precision(),
        scores.recall(),
        scores.f1(),
        scores.span_correct,
        scores.predicted
    );
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct DatesArgs {
    /// Annotated sentences: `@ YYYY-MM-DD` sets the publication day of the lines
    /// after it; each date is marked [on Tuesday|2025-02-25] or
    /// [in March|2025-03-01/2025-03-31]
    #[arg(long, value_name = "FILE")]
    annotated: PathBuf,
}

pub fn dates(args: DatesArgs) -> anyhow::Result<ExitCode> {
    use storyline::eval::dates as measure;
    let (origin, text) = read_named(&args.annotated)?;
    let sentences = measure::parse_annotated(&origin, &text)?;
    let (scores, errors) = measure::score(&sentences);
    println!(
        "{} sentences, {} marked dates: {} given their day or span ({:.3}), {} another, {} missed; \
         {} found where none is marked",
        sentences.len(),
        scores.gold,
        scores.right,
        scores.right as f64 / scores.gold.max(1) as f64,
        scores.wrong,
        scores.missed,
        scores.unmarked
    );
    for error in errors {
        println!("  {error}");
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct FaithfulnessArgs {
    /// The audit set: a folder of stories (or one story), each a folder of articles
    /// with its annotations in claims.json
    #[arg(long, value_name = "DIR")]
    audit: PathBuf,
    /// Word budget of each summary
    #[arg(long, default_value_t = 120)]
    words: usize,
    #[command(flatten)]
    sentence_model: crate::sentence_model::SentenceModelArgs,
}

#[derive(clap::Args)]
pub struct DisagreementsArgs {
    /// Clusters JSONL, as for `storyline eval rouge`
    #[arg(long, value_name = "FILE")]
    clusters: PathBuf,
    /// The reader's verdicts: cluster, kind (figure | day | speaker), about,
    /// values, real | partly | not (TSV)
    #[arg(long, value_name = "FILE")]
    verdicts: PathBuf,
    /// The first cluster briefed, counting from 1
    #[arg(long, default_value_t = 1)]
    from: usize,
    /// Only this many clusters
    #[arg(long)]
    limit: Option<usize>,
}

pub fn disagreements(args: DisagreementsArgs) -> anyhow::Result<ExitCode> {
    use storyline::eval::disagreements::{disagreements, read_verdicts, score, KINDS};
    let (origin, text) = read_named(&args.clusters)?;
    let (clusters, mut problems) = eval::read_clusters(&origin, &text);
    let (verdicts_origin, verdicts_text) = read_named(&args.verdicts)?;
    let (verdicts, bad_verdicts) = read_verdicts(&verdicts_origin, &verdicts_text);
    problems.extend(bad_verdicts);
    let clusters: Vec<eval::Cluster> = clusters
        .into_iter()
        .skip(args.from.saturating_sub(1))
        .take(args.limit.unwrap_or(usize::MAX))
        .collect();
    anyhow::ensure!(
        !clusters.is_empty(),
        "no clusters from number {} in {origin}",
        args.from
    );
    let count = clusters.len();
    let progress = progress_bar(count as u64, "clusters");
    let (mut shown, mut unbriefed) = (Vec::new(), Vec::new());
    for (cluster_id, briefed) in storyline::parallel::map(clusters, |cluster| {
        let id = cluster.id.clone();
        let briefed = disagreements(cluster);
        progress.inc(1);
        (id, briefed)
    }) {
        match briefed {
            Ok(found) => shown.extend(found),
            Err(error) => unbriefed.push(format!("{origin}#{cluster_id}: {error}")),
        }
    }
    progress.finish_and_clear();
    for problem in &problems {
        eprintln!("warning: skipped: {problem}");
    }
    // A cluster with no article text (an empty page) shows no disagreement:
    // counted, not a failure of the measure.
    for cluster in &unbriefed {
        eprintln!("note: nothing to brief: {cluster}");
    }
    let (scores, unjudged) = score(&shown, &verdicts);
    println!(
        "{count} clusters from number {} ({} with nothing to brief): {} disagreements shown, {} without a verdict ({} verdicts)",
        args.from,
        unbriefed.len(),
        shown.len(),
        unjudged.len(),
        verdicts.len()
    );
    println!("kind      shown  judged  precision  real  partly  not  real ones shown of known");
    for (kind, score) in KINDS.iter().zip(&scores) {
        let [real, partly, not] = score.by_verdict;
        let precision = if score.judged == 0 {
            "-".to_string()
        } else {
            format!("{:.3}", score.precision())
        };
        println!(
            "{kind:<8}  {:>5}  {:>6}  {precision:>9}  {real:>4}  {partly:>6}  {not:>3}  {:>9.1} of {:.1}",
            score.shown, score.judged, score.real, score.known_real
        );
    }
    for disagreement in &unjudged {
        let (cluster, kind, about, values) = &disagreement.key;
        println!(
            "no verdict: {cluster}\t{kind}\t{about}\t{}",
            values.join(" / ")
        );
        for sentence in &disagreement.sentences {
            println!("    {sentence}");
        }
    }
    Ok(if problems.is_empty() && unjudged.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(3)
    })
}

/// The annotations file of an audit story.
const AUDIT_ANNOTATIONS: &str = "claims.json";

pub fn faithfulness(args: FaithfulnessArgs) -> anyhow::Result<ExitCode> {
    use storyline::eval::faithfulness::{score, Audit, Faithfulness};
    let mut stories: Vec<PathBuf> = Vec::new();
    if args.audit.join(AUDIT_ANNOTATIONS).is_file() {
        stories.push(args.audit.clone());
    } else {
        let entries = std::fs::read_dir(&args.audit)
            .with_context(|| format!("cannot read {}", args.audit.display()))?;
        for entry in entries {
            let path = entry?.path();
            if path.join(AUDIT_ANNOTATIONS).is_file() {
                stories.push(path);
            }
        }
        stories.sort();
    }
    anyhow::ensure!(
        !stories.is_empty(),
        "no audit story in {} (a folder with {AUDIT_ANNOTATIONS})",
        args.audit.display()
    );
    let engine = storyline::Engine::new(
        storyline::EngineOptions::briefing()
            .words(args.words)
            .encoder(args.sentence_model.encoder()?),
    );
    let mut total = Faithfulness::default();
    let mut problems = Vec::new();
    for story in &stories {
        let annotations = story.join(AUDIT_ANNOTATIONS);
        let (origin, text) = read_named(&annotations)?;
        let audit = Audit::parse(&origin, &text)?;
        let (inputs, errors) = storyline::ingest::expand(std::slice::from_ref(story));
        problems.extend(errors);
        let mut batch = storyline::ingest::Batch::default();
        for input in inputs.iter().filter(|i| i.name() != origin) {
            batch.extend(storyline::ingest::read(input));
        }
        problems.extend(batch.errors);
        let digest = engine.digest(batch.docs)?;
        problems.extend(digest.skipped);
        let scores = score(&audit, &digest.briefings);
        println!(
            "== {}: {} stories formed (1 expected)",
            story.display(),
            scores.stories
        );
        for failure in &scores.failures {
            println!("  {failure}");
        }
        total.merge(scores);
    }
    for problem in &problems {
        eprintln!("warning: {problem}");
    }
    let t = &total;
    println!(
        "\n{} audit stories, {} stories formed",
        stories.len(),
        t.stories
    );
    println!(
        "citation precision {:.3} ({} of {} cited sentences state the line's claim; {} not annotated)",
        t.citation_precision(),
        t.citations_correct,
        t.citations_judged,
        t.citations_unjudged
    );
    println!(
        "citation recall    {:.3} ({} of {} sentences stating a line's claim are cited)",
        t.citation_recall(),
        t.support_cited,
        t.support_expected
    );
    println!(
        "reported by exact  {:.3} ({} of {} lines)",
        t.reported_by_accuracy(),
        t.reported_by_exact,
        t.reported_by_judged
    );
    println!(
        "speakers           {:.3} ({} of {} quotations credited right, {} not shown)",
        t.speaker_accuracy(),
        t.speakers_correct,
        t.speakers_judged,
        t.quotations_missed
    );
    println!(
        "dates              {:.3} ({} of {} timeline entries)",
        t.date_accuracy(),
        t.dates_correct,
        t.dates_judged
    );
    println!(
        "stale lines {} ({} more marked revised), updates told {} of {}, leads told {} of {}, duplicates {}, timeline entries pointing to a line {} ({} to another claim's)",
        t.stale_points,
        t.revisions_marked,
        t.updates_told,
        t.updates_expected,
        t.leads_told,
        t.leads_expected,
        t.duplicates,
        t.links,
        t.links_wrong
    );
    if t.annotations_unmatched > 0 {
        println!(
            "warning: {} annotated sentences are in no briefing's sources",
            t.annotations_unmatched
        );
    }
    Ok(crate::exit_status(&problems))
}

#[derive(clap::Args)]
pub struct ClusterArgs {
    /// Articles JSONL {"id","story","title","text","date",...}; `story` is the gold label
    #[arg(
        long,
        value_name = "FILE",
        required_unless_present_any = ["clusters", "loco"],
        conflicts_with_all = ["clusters", "loco"]
    )]
    articles: Option<PathBuf>,
    /// Or summarization clusters JSONL {"id","articles":[...]}: each cluster is a story
    #[arg(long, value_name = "FILE", conflicts_with = "loco")]
    clusters: Option<PathBuf>,
    /// Or the story corpora folder (../shared/corpora): hold each labelled corpus
    /// out in turn, choose or train on the other three, score on it
    #[arg(long, value_name = "DIR", conflicts_with_all = ["predictions", "through_store"])]
    loco: Option<PathBuf>,
    /// Write {"id","cluster"} lines, scored identically by cluster_metrics.py score
    #[arg(long, value_name = "FILE")]
    predictions: Option<PathBuf>,
    /// Cluster as the server does instead of in one batch: through a new store (a
    /// temporary database), one article per ingest in publication order
    #[arg(long)]
    through_store: bool,
    #[arg(long, value_enum, default_value_t = crate::LevelArg::Storyline, help = crate::LEVEL_HELP)]
    level: crate::LevelArg,
}

pub fn cluster(args: ClusterArgs) -> anyhow::Result<ExitCode> {
    // Timed on one thread, as the figures it prints say (and as the peers run).
    storyline::parallel::set_threads(1);
    use storyline::eval::clustering;
    if let Some(corpora) = &args.loco {
        return leave_one_corpus_out(corpora);
    }
    let (path, pooled) = match (&args.articles, &args.clusters) {
        (Some(path), _) => (path, false),
        (None, Some(path)) => (path, true),
        (None, None) => anyhow::bail!("give --articles or --clusters"),
    };
    let (origin, text) = read_named(path)?;
    let (labelled, problems) = clustering::read_labelled(&origin, &text, pooled);
    for problem in &problems {
        eprintln!("warning: {problem}");
    }
    anyhow::ensure!(!labelled.is_empty(), "no articles in {origin}");
    let articles: Vec<_> = labelled.iter().map(|(_, _, a)| a.clone()).collect();
    let started = std::time::Instant::now();
    let engine = storyline::Engine::default();
    let level = storyline::Level::from(args.level);
    let at_level = |articles: &[storyline::model::Article], events: Vec<i64>| -> Vec<i64> {
        match level {
            storyline::Level::Event => events,
            storyline::Level::Storyline => engine
                .storylines_of(articles, &events)
                .into_iter()
                .map(|s| s as i64)
                .collect(),
        }
    };
    let stories: Vec<i64> = if args.through_store {
        at_level(&articles, stories_through_store(&articles)?)
    } else {
        engine
            .levels(&articles)
            .at(level)
            .iter()
            .map(|&story| story as i64)
            .collect()
    };
    let elapsed = started.elapsed().as_secs_f64();
    let gold: Vec<&str> = labelled
        .iter()
        .map(|(_, story, _)| story.as_str())
        .collect();
    let s = clustering::score(&gold, &stories);
    if let Some(out) = &args.predictions {
        let mut file = std::io::BufWriter::new(
            std::fs::File::create(out)
                .with_context(|| format!("cannot write {}", out.display()))?,
        );
        for ((id, _, _), story) in labelled.iter().zip(&stories) {
            writeln!(file, "{}", serde_json::json!({"id": id, "cluster": story}))?;
        }
        file.flush()?;
    }
    println!(
        "{} articles, {} stories found, {} gold",
        s.articles, s.clusters, s.gold_stories
    );
    println!(
        "BCubed   P {:.3}  R {:.3}  F1 {:.3}",
        s.bcubed.precision, s.bcubed.recall, s.bcubed.f1
    );
    println!(
        "pairwise P {:.3}  R {:.3}  F1 {:.3}",
        s.pairwise.precision, s.pairwise.recall, s.pairwise.f1
    );
    println!("NMI {:.3}  ARI {:.3}", s.nmi, s.ari);
    if !args.through_store {
        let stories_alone = each_story_alone(&engine, &labelled, level);
        println!(
            "each gold story clustered alone: {} of {} one story; {} articles apart from their story's largest part",
            stories_alone.whole, stories_alone.stories, stories_alone.apart
        );
    } else {
        // The store takes only articles with words: the batch run on the same
        // ones is what the live path is held to.
        let with_words: Vec<usize> = (0..articles.len())
            .filter(|&i| !featureless(&articles[i]))
            .collect();
        let subset: Vec<_> = with_words.iter().map(|&i| articles[i].clone()).collect();
        let mut batch: Vec<i64> = (1..=articles.len() as i64).map(|alone| -alone).collect();
        let numbers = engine.levels(&subset);
        for (&i, &story) in with_words.iter().zip(numbers.at(level)) {
            batch[i] = story as i64;
        }
        let batch = clustering::score(&gold, &batch).bcubed.f1;
        println!(
            "batch on the same articles: BCubed F1 {batch:.3} (through the store {:+.3})",
            s.bcubed.f1 - batch
        );
    }
    let alone = articles.iter().filter(|a| featureless(a)).count();
    if alone > 0 {
        let best: Vec<String> = labelled
            .iter()
            .enumerate()
            .map(|(i, (_, story, article))| match featureless(article) {
                true => format!("\u{0}alone {i}"),
                false => story.clone(),
            })
            .collect();
        println!(
            "{alone} articles have neither title nor text: with them alone and every other article in its story, BCubed F1 {:.4}",
            clustering::score(&gold, &best).bcubed.f1
        );
    }
    eprintln!(
        "{:.3} s, {:.0} articles/s (single thread)",
        elapsed,
        s.articles as f64 / elapsed
    );
    Ok(crate::exit_status(&problems))
}

/// Prints what each way of forming stories scores on each corpus it did not see
/// (see `storyline::eval::loco`).
fn leave_one_corpus_out(corpora_dir: &Path) -> anyhow::Result<ExitCode> {
    use storyline::cluster::{ClusterOptions, JoinRule};
    use storyline::eval::loco;
    let corpora = loco::load(corpora_dir)?;
    let base = ClusterOptions::default();
    let started = std::time::Instant::now();
    let report = loco::leave_one_corpus_out(&corpora, &base);
    let describe = |options: &ClusterOptions| match &options.join {
        JoinRule::Threshold => format!(
            "threshold {}, staleness {}/day, merge {}, background {}",
            options.threshold,
            options.staleness_per_day,
            options.merge_threshold,
            options.background_weight
        ),
        JoinRule::Learned {
            model,
            min_probability,
        } => {
            let weights: Vec<String> = std::iter::once("bias")
                .chain(storyline::cluster::JOIN_FEATURES)
                .zip(&model.weights)
                .map(|(name, w)| format!("{name} {w:.2}"))
                .collect();
            format!("join at p ≥ {min_probability}; {}", weights.join(", "))
        }
    };
    println!("Leave one corpus out: BCubed F1 on each corpus, everything chosen or trained on the other three");
    println!("(whole corpus / story by story: each of its topics or stories clustered on its own, the mean over them; options are chosen by the mean of the two)");
    println!(
        "{:<28} {:>13} {:>13} {:>15} {:>19}",
        "held out", "hand-set", "learned", "default (seen)", "learned, shippable"
    );
    let both = |r: &loco::Regimes| format!("{:.3} / {:.3}", r.whole, r.small);
    for fold in &report.folds {
        let seen = corpora
            .iter()
            .any(|c| c.name == fold.held_out && c.shippable);
        println!(
            "{:<28} {:>13} {:>13} {:>15} {:>13}{}",
            fold.held_out,
            both(&fold.hand_set_f1),
            both(&fold.learned_f1),
            both(&fold.default_f1),
            both(&fold.shippable_f1),
            if seen { " (seen)" } else { "" }
        );
    }
    let mean = |f: fn(&loco::Fold) -> loco::Regimes| {
        let count = report.folds.len().max(1) as f64;
        loco::Regimes {
            whole: report.folds.iter().map(|x| f(x).whole).sum::<f64>() / count,
            small: report.folds.iter().map(|x| f(x).small).sum::<f64>() / count,
        }
    };
    let (hand_set, learned, default) = (
        mean(|f| f.hand_set_f1),
        mean(|f| f.learned_f1),
        mean(|f| f.default_f1),
    );
    println!(
        "{:<28} {:>13} {:>13} {:>15}",
        "mean",
        both(&hand_set),
        both(&learned),
        both(&default)
    );
    println!(
        "{:<28} {:>13.3} {:>13.3} {:>15.3}",
        "mean of both (the headline)",
        hand_set.mean(),
        learned.mean(),
        default.mean()
    );
    println!("\nChosen on the other three:");
    for fold in &report.folds {
        println!("{} held out:", fold.held_out);
        println!("  hand-set: {}", describe(&fold.hand_set));
        println!("  learned:  {}", describe(&fold.learned));
    }
    let shippable: Vec<&str> = corpora
        .iter()
        .filter(|c| c.shippable)
        .map(|c| c.name)
        .collect();
    println!(
        "\nLearned on the corpora whose licence allows shipping weights ({}): {}",
        shippable.join(", "),
        describe(&report.shippable)
    );
    println!(
        "Hand-set, chosen on all four (the default's setting): {}",
        describe(&report.hand_set_on_all)
    );
    println!("The default: {}", describe(&base));
    let scorable: Vec<&str> = corpora
        .iter()
        .filter(|c| c.storyline_labels)
        .map(|c| c.name)
        .collect();
    println!(
        "\nStorylines: events grouped by the names they share, the link chosen on the other corpora whose labels can score storylines ({}); events by the default options",
        scorable.join(", ")
    );
    println!(
        "{:<28} {:>9} {:>10}   chosen on the others",
        "held out", "events", "storylines"
    );
    let link = |o: &storyline::storylines::StorylineOptions| {
        format!("names ≥ {}, words ≥ {}", o.min_names, o.min_words)
    };
    let pairs_path = corpora_dir.join("semeval2022-task8").join("pairs.jsonl");
    let pairs = if pairs_path.exists() {
        Some(loco::RatedPairs::load(&pairs_path, &base)?)
    } else {
        None
    };
    let with_events = loco::events_of(&corpora, &base);
    let folds = loco::storyline_folds(&with_events, &base, pairs.as_ref());
    for fold in &folds {
        println!(
            "{:<28} {:>9.3} {:>10.3}   {}",
            fold.held_out,
            fold.event_f1,
            fold.storyline_f1,
            link(&fold.chosen)
        );
    }
    let count = folds.len().max(1) as f64;
    println!(
        "{:<28} {:>9.3} {:>10.3}",
        "mean",
        folds.iter().map(|f| f.event_f1).sum::<f64>() / count,
        folds.iter().map(|f| f.storyline_f1).sum::<f64>() / count
    );
    let everywhere: Vec<&loco::EventsOf> = with_events.iter().collect();
    println!(
        "Chosen on all of them: {}; the default: {}",
        link(&loco::best_storyline(&everywhere, &base, pairs.as_ref())),
        link(&base.storyline)
    );
    if let Some(pairs) = &pairs {
        for (half, name) in [
            (loco::Half::Training, "training half (ties chosen on it)"),
            (loco::Half::Test, "test half (not seen)"),
        ] {
            let check = pairs.check(&base.storyline, half);
            let classes: Vec<String> = check
                .classes
                .iter()
                .map(|(name, linked, all)| format!("{name} {linked}/{all}"))
                .collect();
            println!(
                "SemEval-2022 task 8 English pairs, {name}, linked by the default: {} (F1 {:.3})",
                classes.join(", "),
                check.f1()
            );
        }
    } else {
        println!("(SemEval-2022 task 8 pairs not found: ties go to the setting that links least)");
    }
    eprintln!("{:.1} s", started.elapsed().as_secs_f64());
    Ok(ExitCode::SUCCESS)
}

/// A record left with neither title nor text has nothing to be clustered by and
/// can only stand alone, which bounds what any clusterer can score on its data.
fn featureless(article: &storyline::model::Article) -> bool {
    article.text.trim().is_empty() && article.title.trim().is_empty()
}

/// How the gold stories fare each clustered on its own, as when a reader gives
/// Storyline the articles of one event: every one should come out one story.
struct StoriesAlone {
    /// Gold stories with two or more articles with words.
    stories: usize,
    /// Those that came out one story.
    whole: usize,
    /// Articles outside their story's largest part, summed over the stories.
    apart: usize,
}

fn each_story_alone(
    engine: &storyline::Engine,
    labelled: &[storyline::eval::clustering::Labelled],
    level: storyline::Level,
) -> StoriesAlone {
    let mut by_story: std::collections::BTreeMap<&str, Vec<storyline::model::Article>> =
        std::collections::BTreeMap::new();
    for (_, story, article) in labelled.iter().filter(|(_, _, a)| !featureless(a)) {
        by_story.entry(story).or_default().push(article.clone());
    }
    let mut alone = StoriesAlone {
        stories: 0,
        whole: 0,
        apart: 0,
    };
    for articles in by_story.into_values().filter(|a| a.len() >= 2) {
        let levels = engine.levels(&articles);
        let mut sizes: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
        for &story in levels.at(level) {
            *sizes.entry(story).or_default() += 1;
        }
        let largest = sizes.values().copied().max().unwrap_or(0);
        alone.stories += 1;
        alone.whole += usize::from(sizes.len() == 1);
        alone.apart += articles.len() - largest;
    }
    alone
}

/// Each article's story after ingesting the articles one at a time, in publication
/// order, into a new store. An article with neither title nor text stands alone
/// (see [`featureless`]); one that repeats stored content is in the story of the
/// stored copy; a headline alone is an article as in a batch run.
fn stories_through_store(articles: &[storyline::model::Article]) -> anyhow::Result<Vec<i64>> {
    /// The temporary database, removed however the evaluation ends.
    struct Scratch(PathBuf);
    impl Drop for Scratch {
        fn drop(&mut self) {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", self.0.display()));
            }
        }
    }
    let scratch =
        Scratch(std::env::temp_dir().join(format!("storyline-eval-{}.db", std::process::id())));
    let mut store = storyline_store::Store::open(&scratch.0)?;
    let progress = progress_bar(articles.len() as u64, "articles");
    // Each article's id in the store, or None when it stands alone.
    let mut ids: Vec<Option<i64>> = vec![None; articles.len()];
    for i in storyline::cluster::publication_order(articles) {
        let article = &articles[i];
        if !featureless(article) {
            ids[i] = Some(store.ingest_articles(vec![article.clone()])?.articles[0].id);
        }
        progress.inc(1);
    }
    progress.finish_and_clear();
    // Later ingests merge stories and move articles: every article ends in the
    // story the store now holds it in.
    let mut stories = Vec::with_capacity(articles.len());
    for (alone, id) in (1i64..).zip(&ids) {
        stories.push(match id {
            Some(id) => store.article(*id)?.map_or(-alone, |(story, _)| story),
            None => -alone,
        });
    }
    drop(store);
    drop(scratch);
    Ok(stories)
}

#[derive(clap::Args)]
pub struct DedupArgs {
    /// Articles JSONL {"id","story","title","text",...}
    #[arg(long, value_name = "FILE")]
    articles: PathBuf,
    /// Jaccard similarity of word 3-gram shingles from which articles are copies
    #[arg(long, default_value_t = storyline::dedup::DEFAULT_THRESHOLD)]
    threshold: f64,
    /// Timed runs (the median is reported)
    #[arg(long, default_value_t = 5)]
    runs: usize,
}

pub fn dedup(args: DedupArgs) -> anyhow::Result<ExitCode> {
    // Timed on one thread, as the figures it prints say (and as the peers run).
    storyline::parallel::set_threads(1);
    use storyline::dedup;
    use storyline::eval::clustering;
    let (origin, text) = read_named(&args.articles)?;
    let (labelled, _) = clustering::read_labelled(&origin, &text, false);
    anyhow::ensure!(!labelled.is_empty(), "no articles in {origin}");
    let mut rates = Vec::new();
    let mut pairs = Vec::new();
    for _ in 0..args.runs.max(1) {
        let started = std::time::Instant::now();
        let fingerprints: Vec<_> = labelled
            .iter()
            .map(|(_, _, a)| dedup::fingerprint(a))
            .collect();
        pairs = dedup::duplicate_pairs(fingerprints, args.threshold);
        rates.push(labelled.len() as f64 / started.elapsed().as_secs_f64());
    }
    rates.sort_by(f64::total_cmp);
    let fingerprints: Vec<_> = labelled
        .iter()
        .map(|(_, _, a)| dedup::fingerprint(a))
        .collect();
    let reference = dedup::brute_force_pairs(&fingerprints, args.threshold);
    let found: std::collections::HashSet<_> = pairs.iter().collect();
    let true_found = reference.iter().filter(|p| found.contains(p)).count();
    let groups = dedup::groups(labelled.len(), &pairs);
    let mut group_of = vec![0; labelled.len()];
    for (g, members) in groups.iter().enumerate() {
        for &m in members {
            group_of[m] = g;
        }
    }
    let gold: Vec<&str> = labelled
        .iter()
        .map(|(_, story, _)| story.as_str())
        .collect();
    let purity = clustering::score(&gold, &group_of).bcubed.precision;
    println!(
        "{} articles, Jaccard ≥ {}: {} near-duplicate pairs found, {} by brute force over all pairs",
        labelled.len(),
        args.threshold,
        pairs.len(),
        reference.len()
    );
    println!(
        "recall {:.4}  precision {:.4}",
        true_found as f64 / reference.len().max(1) as f64,
        true_found as f64 / pairs.len().max(1) as f64
    );
    println!(
        "{} groups, {} articles in groups of copies, BCubed precision of the groups vs stories {:.3}",
        groups.len(),
        groups.iter().filter(|g| g.len() > 1).map(Vec::len).sum::<usize>(),
        purity
    );
    println!(
        "speed: {:.0} articles/s (median of {} runs, single thread, fingerprinting included)",
        rates[rates.len() / 2],
        rates.len()
    );
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct ExtractArgs {
    /// The benchmark folder: ground-truth.json and html/<id>.html.gz
    #[arg(long, value_name = "DIR")]
    benchmark: PathBuf,
    /// Write {id: text} JSON, which the peers' extract_eval.py scores identically
    #[arg(long, value_name = "FILE")]
    predictions: Option<PathBuf>,
    /// Compare with another extractor's {id: text} JSON (extract_eval.py
    /// --save-outputs writes one): both F1s with 95% bootstrap intervals, and the
    /// difference with its paired interval
    #[arg(long, value_name = "NAME=FILE")]
    versus: Option<String>,
    /// Timed extraction passes over the pages (the median pass is reported: one
    /// pass of a few seconds on a shared machine says little about speed). On
    /// more than one thread each pass is paired with one on a single thread,
    /// run before it in odd pairs and after it in even ones, and the median of
    /// the pairs' ratios is the speed-up
    #[arg(long, default_value_t = 5)]
    runs: usize,
}

pub fn extract(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    use storyline::eval::extraction;
    use storyline::ingest;
    let started = std::time::Instant::now();
    let truth_path = args.benchmark.join("ground-truth.json");
    let truth: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&truth_path)
            .with_context(|| format!("cannot read {}", truth_path.display()))?,
    )
    .with_context(|| format!("{}: malformed JSON", truth_path.display()))?;
    let truth = truth.as_object().context("ground truth is not an object")?;
    let mut ids: Vec<&String> = truth.keys().collect();
    ids.sort();
    // Decompression and decoding are timed apart from extraction: the peers are
    // timed on pages already decompressed and decoded.
    let pages = storyline::parallel::map(ids, |id| {
        let path = args.benchmark.join("html").join(format!("{id}.html.gz"));
        let batch = ingest::read(&ingest::Input::File(path));
        (id.as_str(), batch.docs.into_iter().next())
    });
    let reading = started.elapsed().as_secs_f64();
    let engine = storyline::Engine::default();
    // Every pass extracts the same pages the same way; the last one's output is
    // scored.
    let threads = storyline::parallel::threads();
    let timed_pass = |threads: usize| {
        storyline::parallel::set_threads(threads);
        let pages = pages.clone();
        let extracting = std::time::Instant::now();
        let extracted: Vec<(&str, Option<storyline::model::Article>)> =
            storyline::parallel::map(pages, |(id, raw)| {
                let article = raw.and_then(|raw| engine.extract_one(raw).ok());
                (id, article)
            });
        (extracting.elapsed().as_secs_f64(), extracted)
    };
    let mut passes = Vec::new();
    let mut speedups = Vec::new();
    let mut extracted = Vec::new();
    for run in 0..args.runs.max(1) {
        // Which of a pair runs first alternates, so that a neighbour's load
        // rising or falling through the run weighs on both sides alike.
        let single_pass = || (threads > 1).then(|| timed_pass(1).0);
        let (single, (seconds, output)) = if run % 2 == 0 {
            (single_pass(), timed_pass(threads))
        } else {
            let pass = timed_pass(threads);
            (single_pass(), pass)
        };
        if let Some(single) = single {
            speedups.push(single / seconds);
        }
        passes.push(seconds);
        extracted = output;
    }
    storyline::parallel::set_threads(threads);
    passes.sort_by(f64::total_cmp);
    speedups.sort_by(f64::total_cmp);
    let seconds = passes[passes.len() / 2];
    let whole = reading + seconds;
    let metadata = metadata_report(truth, &extracted);
    let predicted: Vec<(&str, String)> = extracted
        .into_iter()
        .map(|(id, article)| (id, article.map(|a| a.text).unwrap_or_default()))
        .collect();
    let pairs: Vec<(&str, &str)> = predicted
        .iter()
        .map(|(id, text)| {
            (
                truth[*id]["articleBody"].as_str().unwrap_or(""),
                text.as_str(),
            )
        })
        .collect();
    let s = extraction::score(&pairs);
    if let Some(out) = &args.predictions {
        let map: serde_json::Map<String, serde_json::Value> = predicted
            .iter()
            .map(|(id, text)| (id.to_string(), serde_json::Value::from(text.as_str())))
            .collect();
        std::fs::write(out, serde_json::to_string(&map)?)
            .with_context(|| format!("cannot write {}", out.display()))?;
    }
    println!(
        "{} pages: F1 {:.3}  precision {:.3}  recall {:.3}  accuracy {:.3}  empty {}",
        s.documents, s.f1, s.precision, s.recall, s.accuracy, s.empty
    );
    println!("{metadata}");
    if let Some(versus) = &args.versus {
        let (name, path) = versus.split_once('=').context("--versus takes NAME=FILE")?;
        let peer: serde_json::Map<String, serde_json::Value> = serde_json::from_str(
            &std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))?,
        )
        .with_context(|| format!("{path}: not a JSON object of texts"))?;
        let triples: Vec<(&str, &str, &str)> = predicted
            .iter()
            .map(|(id, text)| {
                (
                    truth[*id]["articleBody"].as_str().unwrap_or(""),
                    text.as_str(),
                    peer.get(*id).and_then(|t| t.as_str()).unwrap_or(""),
                )
            })
            .collect();
        let c = extraction::compare(&triples);
        println!(
            "F1 storyline {:.3} [{:.3}, {:.3}], {name} {:.3} [{:.3}, {:.3}], difference {:+.3} [{:+.3}, {:+.3}] \
             (95% intervals, 1000 bootstrap resamples of the pages, paired)",
            c.ours.0, c.ours.1, c.ours.2, c.peer.0, c.peer.1, c.peer.2,
            c.difference.0, c.difference.1, c.difference.2
        );
    }
    let rate = |seconds: f64| s.documents as f64 / seconds;
    let spread = if passes.len() == 1 {
        "one pass".to_string()
    } else {
        format!(
            "median of {} passes, {:.1} to {:.1}",
            passes.len(),
            rate(passes[passes.len() - 1]),
            rate(passes[0])
        )
    };
    println!(
        "{:.1} pages/s extracting and cleaning ({:.1} ms/page; {spread}), \
         {:.1} pages/s with reading, decompression and decoding; {threads} thread{}",
        rate(seconds),
        1000.0 * seconds / s.documents as f64,
        rate(whole),
        if threads == 1 { "" } else { "s" }
    );
    if let Some(median) = speedups.get(speedups.len() / 2) {
        let spread = if speedups.len() == 1 {
            format!("one pair of passes on one thread and on {threads}")
        } else {
            format!(
                "median of {} pairs of passes on one thread and on {threads}, in alternating order, \
                 {:.2}x to {:.2}x",
                speedups.len(),
                speedups[0],
                speedups[speedups.len() - 1]
            )
        };
        println!("{median:.2}x the speed of one thread ({spread})");
    }
    Ok(ExitCode::SUCCESS)
}

/// How often the page's metadata came out: an outlet named, and the date and
/// title where the benchmark records them (`publish_date` or `date`, `title`).
fn metadata_report(
    truth: &serde_json::Map<String, serde_json::Value>,
    extracted: &[(&str, Option<storyline::model::Article>)],
) -> String {
    let field = |id: &str, names: &[&str]| {
        names
            .iter()
            .find_map(|name| truth[id][*name].as_str().filter(|v| !v.trim().is_empty()))
            .map(str::to_string)
    };
    // Case, spacing and typographic apostrophes aside.
    let simple = |text: &str| -> String {
        text.replace(['’', '‘'], "'")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let (mut outlets, mut dates, mut dated, mut titles, mut titled) = (0, 0, 0, 0, 0);
    for (id, article) in extracted {
        let article = article.as_ref();
        outlets += usize::from(article.is_some_and(|a| a.outlet.is_some()));
        if let Some(date) = field(id, &["publish_date", "date"]) {
            dated += 1;
            let ours = article.and_then(|a| a.date).map(|d| d.to_string());
            dates += usize::from(ours.is_some_and(|ours| date.starts_with(&ours)));
        }
        if let Some(title) = field(id, &["title"]) {
            titled += 1;
            titles += usize::from(article.is_some_and(|a| simple(&a.title) == simple(&title)));
        }
    }
    let mut parts = vec![format!(
        "outlet named on {outlets} of {} pages",
        extracted.len()
    )];
    if dated > 0 {
        parts.push(format!("date right on {dates} of {dated}"));
    }
    if titled > 0 {
        parts.push(format!("title right on {titles} of {titled}"));
    }
    format!("metadata: {}", parts.join("; "))
}

#[derive(clap::Args)]
pub struct AlignArgs {
    /// Sentence pairs JSONL {"s1","s2","label"} (0/1) or {"s1","s2","score"} (0–5)
    #[arg(long, value_name = "FILE")]
    pairs: PathBuf,
    /// Only pairs whose "genre" is this (STS-B: main-news)
    #[arg(long, value_name = "GENRE")]
    genre: Option<String>,
    /// Only pairs whose "file" is one of these (STS-B: headlines,deft-news)
    #[arg(long, value_name = "FILE,...", value_delimiter = ',')]
    files: Vec<String>,
    /// Fit the same-claim model to these pairs and print its weights (what
    /// `storyline::align::CLAIM_WEIGHTS` ships) instead of measuring
    #[arg(long)]
    fit: bool,
    /// For graded pairs: a score at least this is "the same content"
    #[arg(long, default_value_t = 4.0, value_name = "SCORE")]
    same_score: f64,
    /// Write one {"line","score","same"} a pair (`same`: the citation decision)
    #[arg(long, value_name = "FILE")]
    predictions: Option<PathBuf>,
    #[command(flatten)]
    sentence_model: crate::sentence_model::SentenceModelArgs,
}

pub fn align(args: AlignArgs) -> anyhow::Result<ExitCode> {
    use storyline::eval::alignment::{self as measure, Decisions, Gold};
    let selection = measure::Selection {
        genre: args.genre.clone(),
        files: args.files.clone(),
    };
    let (pairs, problems) = read_pairs_file(&args.pairs, |origin, text| {
        measure::read_pairs(origin, text, &selection)
    })?;
    let options = match args.sentence_model.encoder()? {
        Some(encoder) => storyline::align::AlignOptions::default().with_encoder(encoder),
        None => storyline::align::AlignOptions::default(),
    };
    if args.fit {
        let (model, fitted) = measure::fit_claim_model(&pairs, args.same_score, &options);
        println!(
            "{fitted} of {} pairs are ones the model is asked about (a content feature shared, or an encoder) and were fitted (the same: a score of {} or more)",
            pairs.len(),
            args.same_score
        );
        let meaning = options.encoder.is_some();
        for (name, weight) in std::iter::once("bias")
            .chain(storyline::align::CLAIM_FEATURES)
            .chain(meaning.then_some(storyline::align::MEANING_FEATURE))
            .zip(&model.weights)
        {
            println!("{name:>18} {weight:9.4}");
        }
        let weights: Vec<String> = model.weights.iter().map(|w| format!("{w:.4}")).collect();
        println!(
            "pub const {}: [f64; {}] = [{}];",
            if meaning {
                "CLAIM_WEIGHTS_WITH_MEANING"
            } else {
                "CLAIM_WEIGHTS"
            },
            weights.len(),
            weights.join(", ")
        );
        return Ok(crate::exit_status(&problems));
    }
    let (scores, decided) = measure::judge(&pairs, &options);
    let gold: Vec<bool> = pairs
        .iter()
        .map(|p| p.gold.is_same(args.same_score))
        .collect();
    let same = gold.iter().filter(|g| **g).count();
    println!(
        "{} pairs: {same} the same content, {} not",
        pairs.len(),
        pairs.len() - same
    );
    let decision = Decisions::of(&decided, &gold);
    println!(
        "citation decision (same-claim probability >= {}): precision {:.3}  recall {:.3}  F1 {:.3}  accuracy {:.3}",
        options.same_claim,
        decision.precision(),
        decision.recall(),
        decision.f1(),
        decision.accuracy()
    );
    println!(
        "best precision at recall >= 0.5: {:.3}  at recall >= 0.8: {:.3}",
        measure::precision_at_recall(&scores, &gold, 0.5),
        measure::precision_at_recall(&scores, &gold, 0.8)
    );
    println!(
        "average precision {:.3}  ROC-AUC {:.3}",
        measure::average_precision(&scores, &gold),
        measure::roc_auc(&scores, &gold)
    );
    let graded: Vec<f64> = pairs
        .iter()
        .filter_map(|p| match p.gold {
            Gold::Score(score) => Some(score),
            Gold::Same(_) => None,
        })
        .collect();
    if graded.len() == pairs.len() {
        println!(
            "Pearson {:.3}  Spearman {:.3}",
            measure::pearson(&scores, &graded),
            measure::spearman(&scores, &graded)
        );
    }
    if let Some(out) = &args.predictions {
        let mut file = std::io::BufWriter::new(
            std::fs::File::create(out)
                .with_context(|| format!("cannot write {}", out.display()))?,
        );
        for ((pair, score), same) in pairs.iter().zip(&scores).zip(&decided) {
            let json = serde_json::json!({"line": pair.line, "score": score, "same": same});
            writeln!(file, "{json}")?;
        }
        file.flush()?;
    }
    Ok(crate::exit_status(&problems))
}

#[derive(clap::Args)]
pub struct PairsArgs {
    /// Rated article pairs JSONL {"pair_id","lang1","lang2","text1","text2","overall","split"}
    /// (SemEval-2022 task 8: overall 1 = the same story … 4 = unrelated)
    #[arg(long, value_name = "FILE")]
    pairs: PathBuf,
    /// Write one {"pair_id","similarity","same_story"} a pair
    #[arg(long, value_name = "FILE")]
    predictions: Option<PathBuf>,
}

pub fn pairs(args: PairsArgs) -> anyhow::Result<ExitCode> {
    use storyline::eval::pairs::{evaluate, read_pairs, HalfReport};
    let (pairs, problems) = read_pairs_file(&args.pairs, read_pairs)?;
    let report = evaluate(&pairs, &storyline::cluster::ClusterOptions::default());
    println!(
        "language identification: {} of {} distinct texts get their stated language ({:.3})",
        report.identified,
        report.texts,
        report.identified as f64 / report.texts.max(1) as f64
    );
    println!(
        "same-story thresholds chosen on train: similarity >= {:.3} (one language), >= {:.3} (two)",
        report.thresholds.0, report.thresholds.1
    );
    println!(
        "joining stories across languages: similarity >= {:.3} by F0.5 on train's cross-lingual pairs (the clusterer's default: {})",
        report.join_threshold,
        storyline::cluster::ClusterOptions::default().cross_lingual_threshold
    );
    let show = |name: &str, half: &HalfReport| {
        println!(
            "{name}: {} pairs ({} monolingual, {} cross-lingual)\n  Pearson(similarity, -overall): all {:.3}, monolingual {:.3}, cross-lingual {:.3}; same-story accuracy {:.3}",
            half.pairs,
            half.monolingual,
            half.pairs - half.monolingual,
            half.r_all,
            half.r_monolingual,
            half.r_cross_lingual,
            half.accuracy
        );
    };
    show("train", &report.train);
    show("test", &report.test);
    println!("test by language pair: pairs, Pearson");
    for (languages, (n, r)) in &report.by_languages {
        println!("  {languages}\t{n}\t{r:.3}");
    }
    if let Some(out) = &args.predictions {
        let mut file = std::io::BufWriter::new(
            std::fs::File::create(out)
                .with_context(|| format!("cannot write {}", out.display()))?,
        );
        for p in &report.predictions {
            let json = serde_json::json!({"pair_id": p.id, "similarity": p.similarity, "same_story": p.same_story});
            writeln!(file, "{json}")?;
        }
        file.flush()?;
    }
    Ok(crate::exit_status(&problems))
}

#[derive(clap::Args)]
pub struct TimelinesArgs {
    /// A folder of <lang>/<topic>/ folders, each with articles.jsonl and timeline.txt
    #[arg(long, value_name = "DIR")]
    corpus: PathBuf,
    /// Brief this many of each collection's largest storylines
    #[arg(long, default_value_t = 3, value_name = "N")]
    largest: usize,
}

pub fn timelines(args: TimelinesArgs) -> anyhow::Result<ExitCode> {
    use storyline::eval::timelines::{evaluate, LevelReport};
    use storyline::ingest::{read, Input};
    let mut collections: Vec<PathBuf> = Vec::new();
    let mut languages: Vec<PathBuf> = std::fs::read_dir(&args.corpus)
        .with_context(|| format!("cannot read {}", args.corpus.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    languages.sort();
    for language in languages {
        let mut topics: Vec<PathBuf> = std::fs::read_dir(&language)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.join("articles.jsonl").is_file() && p.join("timeline.txt").is_file())
            .collect();
        topics.sort();
        collections.extend(topics);
    }
    anyhow::ensure!(
        !collections.is_empty(),
        "no <lang>/<topic>/ folders with articles.jsonl and timeline.txt under {}",
        args.corpus.display()
    );
    let engine = storyline::Engine::default();
    let share = |n: usize, of: usize| n as f64 / of.max(1) as f64;
    let mut problems = Vec::new();
    println!("collection\tarticles\tstorylines\tin shared storylines\treference dates in a shared storyline's span\tevents\tin shared events\tdates in a shared event's span\tquotations credited to a speaker");
    let mut readings = String::new();
    let mut without_text = 0;
    for folder in &collections {
        let name = folder
            .strip_prefix(&args.corpus)
            .unwrap_or(folder)
            .display()
            .to_string();
        let batch = read(&Input::File(folder.join("articles.jsonl")));
        problems.extend(batch.errors);
        // Pages with no article left (a bare menu, a video page) are part of
        // what is measured: counted in the table, not failures of the run.
        let pages = batch.docs.len();
        let (articles, _) = engine.extract(batch.docs);
        without_text += pages - articles.len();
        let timeline = std::fs::read_to_string(folder.join("timeline.txt"))?;
        let report = evaluate(&engine, articles, &timeline, args.largest);
        let level = |l: &LevelReport| {
            format!(
                "{}\t{:.3}\t{:.3} ({} of {})",
                l.stories,
                share(l.in_shared_stories, report.articles),
                share(l.dates_covered, report.reference_dates),
                l.dates_covered,
                report.reference_dates
            )
        };
        println!(
            "{name}\t{}\t{}\t{}\t{:.3} ({} of {})",
            report.articles,
            level(&report.storyline),
            level(&report.event),
            share(report.attributed, report.quotations),
            report.attributed,
            report.quotations
        );
        for (rank, briefing) in report.largest.iter().enumerate() {
            readings.push_str(&format!(
                "\n{name} #{}: {} ({} articles, {} – {})\n",
                rank + 1,
                briefing.headline,
                briefing.article_count(),
                briefing
                    .first_date
                    .map_or("undated".to_string(), |d| d.to_string()),
                briefing
                    .last_date
                    .map_or("undated".to_string(), |d| d.to_string()),
            ));
            for point in briefing.summary.iter().take(3) {
                readings.push_str(&format!("  - {}\n", point.text));
            }
        }
    }
    println!("({without_text} pages had no article text and are not counted)");
    print!("{readings}");
    for problem in &problems {
        eprintln!("warning: skipped: {problem}");
    }
    Ok(crate::exit_status(&problems))
}

/// Reads a file of labelled pairs with `parse`, reporting the records it
/// skipped; an error when none is left.
/// A file's text and the name its errors give it ("cannot read …" when it
/// cannot be read).
fn read_named(path: &Path) -> anyhow::Result<(String, String)> {
    let origin = path.display().to_string();
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {origin}"))?;
    Ok((origin, text))
}

fn read_pairs_file<T>(
    path: &Path,
    parse: impl FnOnce(&str, &str) -> (Vec<T>, Vec<storyline::Error>),
) -> anyhow::Result<(Vec<T>, Vec<storyline::Error>)> {
    let (origin, text) = read_named(path)?;
    let (pairs, problems) = parse(&origin, &text);
    for problem in &problems {
        eprintln!("warning: skipped: {problem}");
    }
    anyhow::ensure!(!pairs.is_empty(), "no pairs in {origin}");
    Ok((pairs, problems))
}
