//! Extract: [`RawDoc`] → [`Article`], the clean text a reader would call the article.
//!
//! Every format is reduced to lines first (HTML through a real extractor, Markdown by
//! stripping markup), and from there one path handles all of them: metadata lines
//! are read and removed, boilerplate lines are dropped, lines broken in the middle of
//! a sentence are rejoined, and short lines among prose become sub-headings. Lines
//! that repeat across the articles of a batch are only visible with the whole batch
//! in hand, which is why the entry point takes a batch.

pub(crate) mod boilerplate;
mod guard;
pub mod header;
mod html;
mod json_ld;
mod markup;

use std::collections::{HashMap, HashSet};

use crate::error::Error;
use crate::limits::{MAX_ARTICLE_BYTES, MAX_PARAGRAPH_BYTES, MAX_TEXT_BYTES};
use crate::model::{Article, Format, GivenMeta, RawDoc};
use crate::text::Language;
use chrono::NaiveDate;

/// How documents become articles: the tuned constants of extraction. The
/// default is the setting measured in docs/benchmarks.md.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtractOptions {
    /// Lines up to this many words that recur in several articles of a batch
    /// are boilerplate (footers, widgets). [`SHARED_LINE_WORDS`] by default.
    pub max_shared_line_words: usize,
    /// A line shared by articles dated further apart than this many days is
    /// not news they share: one event's reports, and the wire copies they
    /// quote, come within a month (the clusterer's window,
    /// `ClusterOptions::window_days`).
    pub max_shared_line_span_days: i64,
    /// A page reading shorter than this many words is checked against a
    /// fuller one (the wrong blocks seen were 50 to 170 words long; few
    /// articles are that short, so few pages pay for a second reading). This
    /// and the next two were chosen reading the WCXB and daniel sets' pages;
    /// on the other two extraction sets the check changes nothing.
    pub short_reading_words: usize,
    /// A fuller reading is taken only when it holds at least this many times
    /// the prose of the short one, and at least `short_reading_words` words of
    /// prose.
    pub fuller_reading_ratio: usize,
    /// A paragraph of prose has at least this many words and ends a sentence.
    pub prose_words: usize,
    /// A body a page states in its structured data (JSON-LD `articleBody`)
    /// shorter than this many words is a teaser, not a second opinion.
    pub min_stated_words: usize,
}

impl Default for ExtractOptions {
    fn default() -> Self {
        ExtractOptions {
            max_shared_line_words: SHARED_LINE_WORDS,
            max_shared_line_span_days: 30,
            short_reading_words: 200,
            fuller_reading_ratio: 4,
            prose_words: 8,
            min_stated_words: 50,
        }
    }
}

/// The default [`ExtractOptions::max_shared_line_words`]; outlet furniture
/// ([`crate::furniture`]) applies the same rule to an outlet's stream.
pub const SHARED_LINE_WORDS: usize = 12;

/// Metadata lines are looked for among this many leading lines.
const HEADER_LINES: usize = 8;
/// A derived title is cut to this many words.
const MAX_TITLE_WORDS: usize = 20;

/// Extracts a batch. Documents without any article text are reported, not
/// returned; documents kept with a problem (trimmed to a limit, a field left out)
/// are returned and reported too ([`Error::is_warning`]). A document whose
/// extraction fails inside Storyline is reported as [`Error::Crashed`] and the
/// rest of the batch goes on.
pub fn extract_batch(raws: Vec<RawDoc>, options: &ExtractOptions) -> (Vec<Article>, Vec<Error>) {
    let drafted = crate::parallel::map(raws, |raw| {
        let origin = raw.origin.clone();
        let mut warnings = Vec::new();
        let draft = crate::contained(&origin, "extracting", || draft(raw, options, &mut warnings));
        (draft, warnings)
    });
    let mut drafts = Vec::with_capacity(drafted.len());
    let mut errors = Vec::new();
    for (draft, mut warnings) in drafted {
        errors.append(&mut warnings);
        match draft {
            Ok(draft) => drafts.push(draft),
            Err(error) => errors.push(error),
        }
    }
    drop_lines_shared_across_articles(&mut drafts, options);
    let finished = crate::parallel::map(drafts, |mut draft| {
        let warnings = std::mem::take(&mut draft.warnings);
        let origin = draft.origin.clone();
        (
            warnings,
            crate::contained(&origin, "extracting", || draft.finish()),
        )
    });
    let mut articles = Vec::with_capacity(finished.len());
    let mut unsure = Vec::new();
    for (mut warnings, finished) in finished {
        errors.append(&mut warnings);
        match finished {
            Ok((article, warnings, reliable)) => {
                errors.extend(warnings);
                if !reliable {
                    unsure.push(articles.len());
                }
                articles.push(article);
            }
            Err(error) => errors.push(error),
        }
    }
    lend_batch_language(&mut articles, &unsure);
    errors.extend(languages_without_rules(&articles));
    (articles, errors)
}

/// One warning per language of the batch that Storyline has no rules for,
/// naming its first article and counting the others.
fn languages_without_rules(articles: &[Article]) -> Vec<Error> {
    let mut found: Vec<(Language, &str, usize)> = Vec::new();
    for article in articles {
        let language = article.language();
        if language.has_rules() {
            continue;
        }
        match found.iter_mut().find(|(l, _, _)| *l == language) {
            Some((_, _, others)) => *others += 1,
            None => found.push((language, &article.origin, 0)),
        }
    }
    found
        .into_iter()
        .map(|(language, origin, others)| Error::WithoutRules {
            origin: origin.to_string(),
            language: format!("{} ({})", language.name(), language.code()),
            others,
        })
        .collect()
}

/// Gives the articles whose language was identified unreliably (a headline
/// alone, a few words) the batch's most common reliably known language, when
/// there is one: a batch is usually one outlet's or one search's, and a short
/// text's trigrams are a worse guess than its neighbours' language.
fn lend_batch_language(articles: &mut [Article], unsure: &[usize]) {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let mut next = unsure.iter().peekable();
    for (i, article) in articles.iter().enumerate() {
        if next.peek() == Some(&&i) {
            next.next();
        } else {
            *counts.entry(article.lang.as_str()).or_default() += 1;
        }
    }
    let Some(common) = counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(code, _)| code.to_string())
    else {
        return;
    };
    for &i in unsure {
        articles[i].lang.clone_from(&common);
    }
}

/// Extracts one document on its own (no cross-article repetition check); its
/// warnings, if any, are dropped (see [`extract_batch`]).
pub fn extract_one(raw: RawDoc, options: &ExtractOptions) -> Result<Article, Error> {
    let origin = raw.origin.clone();
    crate::contained(&origin, "extracting", || {
        draft(raw, options, &mut Vec::new())?
            .finish()
            .map(|(article, _, _)| article)
    })
}

#[derive(Debug, Clone)]
struct Line {
    text: String,
    heading: bool,
    /// The text's [`boilerplate::repetition_key`], set by `drop_boilerplate`
    /// once the text is final (empty before): the batch's shared-line check
    /// reads it there, where computing it anew was a serial step per batch.
    key: String,
}

impl Line {
    fn new(text: String, heading: bool) -> Line {
        Line {
            text,
            heading,
            key: String::new(),
        }
    }
}

/// An article whose lines are known but whose text is not yet final.
#[derive(Debug)]
struct Draft {
    origin: String,
    given: GivenMeta,
    title: Option<String>,
    date: Option<chrono::NaiveDate>,
    url: Option<String>,
    author: Option<String>,
    outlet: Option<String>,
    /// A web page's `<h1>` headings (see [`visible_headline`]).
    headlines: Vec<String>,
    lines: Vec<Line>,
    /// The lines are the blocks of a web page's main content, as the extractor
    /// found them. Its structure is trusted: short blocks (a sub-heading, a list
    /// item), blocks printed twice (a recipe's steps, an interview's questions) and
    /// bare URLs are content there, where in pasted text they are leftovers.
    from_page: bool,
    /// What had to be trimmed or left out, for the caller to report.
    warnings: Vec<Error>,
}

/// The document's lines, cleaned. What the markup guard trims is reported into
/// `warnings` at once, so that it is said even when the page then has no article.
fn draft(raw: RawDoc, options: &ExtractOptions, warnings: &mut Vec<Error>) -> Result<Draft, Error> {
    let RawDoc {
        origin,
        format,
        content,
        given,
    } = raw;
    let mut draft = Draft {
        origin,
        given,
        title: None,
        date: None,
        url: None,
        author: None,
        outlet: None,
        headlines: Vec::new(),
        lines: Vec::new(),
        from_page: format == Format::Html,
        warnings: Vec::new(),
    };
    draft.lines = match format {
        Format::Html => {
            let (content, guarded) = guard::guard(&content);
            if guarded.changed() {
                warnings.push(Error::Repaired {
                    origin: draft.origin.clone(),
                    message: guarded.describe(),
                });
            }
            let page = html::extract_page(&draft.origin, &content, options)?;
            draft.title = page.meta.title;
            draft.date = page.meta.date.as_deref().and_then(header::parse_date);
            draft.url = page.meta.url;
            draft.author = page.meta.author;
            draft.outlet = page.sitename;
            draft.headlines = page.headlines;
            page.blocks
                .into_iter()
                .map(|block| Line::new(block.text, block.heading))
                .collect()
        }
        Format::Text | Format::Markdown => {
            let markdown = format == Format::Markdown;
            let mut content = content;
            if content.len() > MAX_TEXT_BYTES {
                let cut = floor_char_boundary(&content, MAX_TEXT_BYTES);
                let cut = content[..cut].rfind('\n').unwrap_or(cut);
                draft.warnings.push(Error::Repaired {
                    origin: draft.origin.clone(),
                    message: format!(
                        "only the first {} MiB of {:.1} MiB of text were read",
                        MAX_TEXT_BYTES / 1024 / 1024,
                        content.len() as f64 / 1024.0 / 1024.0
                    ),
                });
                content.truncate(cut);
            }
            content
                .replace("\r\n", "\n")
                .replace('\r', "\n")
                .lines()
                .map(|line| {
                    if markdown {
                        let plain = markup::strip_markdown_line(line);
                        Line::new(plain.text, plain.heading)
                    } else {
                        Line::new(line.trim().to_string(), false)
                    }
                })
                .collect()
        }
    };
    draft.read_header();
    draft.rejoin_broken_lines();
    draft.cut_long_paragraphs();
    draft.drop_chrome_sentences();
    draft.drop_boilerplate();
    Ok(draft)
}

impl Draft {
    /// Reads date, URL, byline and title lines, and removes them from the body.
    fn read_header(&mut self) {
        let mut kept = Vec::with_capacity(self.lines.len());
        let mut seen = 0;
        let mut pending_url_label = false;
        for mut line in std::mem::take(&mut self.lines) {
            if line.text.is_empty() {
                continue;
            }
            seen += 1;
            if seen == 1 {
                if let Some((date, rest)) = header::date_prefix(&line.text) {
                    self.date.get_or_insert(date);
                    line.text = rest.trim().to_string();
                    if line.text.is_empty() {
                        continue;
                    }
                }
            }
            if header::is_url_label(&line.text) {
                pending_url_label = true;
                continue;
            }
            if let Some(url) = header::url_line(&line.text).filter(|_| !self.from_page) {
                if pending_url_label || self.url.is_none() {
                    self.url = Some(url.to_string());
                }
                pending_url_label = false;
                continue;
            }
            pending_url_label = false;
            if let Some(date) = header::date_line(&line.text) {
                if seen <= HEADER_LINES {
                    self.date.get_or_insert(date);
                }
                continue;
            }
            if let Some((author, agency)) = header::byline(&line.text) {
                self.author.get_or_insert(author);
                if let Some(agency) = agency {
                    self.outlet.get_or_insert(agency);
                }
                continue;
            }
            kept.push(line);
        }
        if self.title.is_none() {
            // A photo caption or a line of page chrome over the text is no
            // headline: the cleaning below drops it, and the headline is then
            // the cleaned text's first sentence.
            let opening = kept
                .first()
                .filter(|line| !boilerplate::is_caption_or_chrome(&line.text));
            if let Some(first) = opening {
                let words = first.text.split_whitespace().count();
                if first.heading || (words <= 25 && !boilerplate::ends_sentence(&first.text)) {
                    self.title = Some(first.text.clone());
                    kept.remove(0);
                }
            }
        } else if kept
            .first()
            .zip(self.title.as_ref())
            .is_some_and(|(first, title)| {
                // A page's leading heading is its headline, however the page's
                // metadata words it.
                (self.from_page && first.heading)
                    || boilerplate::repetition_key(&first.text)
                        == boilerplate::repetition_key(title)
            })
        {
            kept.remove(0);
            // On a page, a long heading right under the headline is its standfirst
            // (a section label under it is short).
            if self.from_page
                && kept
                    .first()
                    .is_some_and(|l| l.heading && l.text.split_whitespace().count() >= 7)
            {
                kept.remove(0);
            }
        }
        self.lines = kept;
    }

    /// Joins a line that stops mid-sentence with a next line that carries on in
    /// lowercase ("…the so-called "Moscow" / "format” talks.").
    fn rejoin_broken_lines(&mut self) {
        let mut joined: Vec<Line> = Vec::with_capacity(self.lines.len());
        for line in std::mem::take(&mut self.lines) {
            let continues = line.text.chars().next().is_some_and(char::is_lowercase);
            match joined.last_mut() {
                Some(previous)
                    if continues
                        && !line.heading
                        && !previous.heading
                        && !boilerplate::ends_sentence(&previous.text) =>
                {
                    previous.text.push(' ');
                    previous.text.push_str(&line.text);
                }
                _ => joined.push(line),
            }
        }
        self.lines = joined;
    }

    /// Cuts paragraphs longer than [`MAX_PARAGRAPH_BYTES`] into pieces (a 4 MB
    /// line of prose took sentence splitting 38 s), preferring to cut after a
    /// sentence's end, else at a space.
    fn cut_long_paragraphs(&mut self) {
        if self
            .lines
            .iter()
            .all(|l| l.text.len() <= MAX_PARAGRAPH_BYTES)
        {
            return;
        }
        let mut cut = 0;
        let mut lines = Vec::with_capacity(self.lines.len());
        for line in std::mem::take(&mut self.lines) {
            if line.text.len() <= MAX_PARAGRAPH_BYTES {
                lines.push(line);
                continue;
            }
            cut += 1;
            let mut rest = line.text.as_str();
            while rest.len() > MAX_PARAGRAPH_BYTES {
                let at = paragraph_cut(rest);
                lines.push(Line::new(rest[..at].trim().to_string(), false));
                rest = rest[at..].trim_start();
            }
            lines.push(Line::new(rest.to_string(), false));
        }
        lines.retain(|l| !l.text.is_empty());
        self.lines = lines;
        self.warnings.push(Error::Repaired {
            origin: self.origin.clone(),
            message: format!(
                "{cut} paragraphs longer than {} KiB were cut into pieces",
                MAX_PARAGRAPH_BYTES / 1024
            ),
        });
    }

    /// Removes web-chrome sentences (embeds, newsletter boxes, player errors,
    /// wire photo captions) and the signatures of embedded posts that share a
    /// line with prose, keeping the prose.
    fn drop_chrome_sentences(&mut self) {
        for line in &mut self.lines {
            if let Some(kept) = boilerplate::without_post_signatures(&line.text) {
                line.text = kept;
            }
            // The patterns also match inside a whole line, so only lines that
            // hold some chrome pay for sentence splitting.
            if !boilerplate::may_hold_chrome(&line.text) {
                continue;
            }
            let sentences = sentencex::segment("en", &line.text);
            if !sentences.iter().any(|s| boilerplate::is_chrome_sentence(s)) {
                continue;
            }
            let kept: Vec<&str> = sentences
                .iter()
                .map(|s| s.trim())
                .filter(|s| !s.is_empty() && !boilerplate::is_chrome_sentence(s))
                .collect();
            line.text = kept.join(" ");
        }
        self.lines.retain(|line| !line.text.is_empty());
    }

    /// Drops chrome, captions, stray fragments, repeats of the title and lines
    /// printed twice (captions under a photo and again in a gallery).
    fn drop_boilerplate(&mut self) {
        let title_key = self
            .title
            .as_deref()
            .map(boilerplate::repetition_key)
            .unwrap_or_default();
        // A link-list heading takes the headlines under it along: short lines
        // that do not end a sentence, up to the next line of prose.
        let mut in_list = false;
        self.lines.retain(|line| {
            if boilerplate::starts_link_list(&line.text) {
                in_list = true;
                return false;
            }
            in_list &= line.text.split_whitespace().count() <= 20
                && !boilerplate::ends_sentence(&line.text);
            !in_list
        });
        let keys: Vec<String> = self
            .lines
            .iter()
            .map(|line| boilerplate::repetition_key(&line.text))
            .collect();
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for key in &keys {
            *counts.entry(key).or_default() += 1;
        }
        let kept: Vec<bool> = self
            .lines
            .iter()
            .zip(&keys)
            .map(|(line, key)| {
                !key.is_empty()
                    && (counts[key.as_str()] == 1 || self.from_page)
                    && match boilerplate::classify(&line.text) {
                        None => true,
                        Some(boilerplate::Noise::Stray) => self.from_page,
                        Some(_) => false,
                    }
                    && !boilerplate::repeats_title(key, &title_key)
            })
            .collect();
        for (line, key) in self.lines.iter_mut().zip(keys) {
            line.key = key;
        }
        keep(&mut self.lines, kept);
        // A line whose sentence ends on a broken translation ("Kabulov.") is kept:
        // analysis marks such fragments, extraction keeps every word it can.
        for (index, line) in self.lines.iter_mut().enumerate() {
            if index > 0 && !self.from_page && boilerplate::looks_like_heading(&line.text) {
                line.heading = true;
            }
        }
    }

    /// Applies given metadata, derives what is missing, and builds the article;
    /// with it come warnings for given fields that could not be used and for text
    /// cut at [`MAX_ARTICLE_BYTES`], and whether its language is stated or
    /// reliably identified.
    fn finish(self) -> Result<(Article, Vec<Error>, bool), Error> {
        let Draft {
            origin,
            given,
            title,
            date,
            url,
            author,
            outlet,
            headlines,
            lines,
            from_page: _,
            warnings: _,
        } = self;
        let mut warnings = Vec::new();
        if !lines.iter().any(|l| !l.heading) {
            return Err(Error::Empty { origin });
        }
        let mut text = String::new();
        let mut headings = Vec::new();
        for (index, line) in lines.iter().enumerate() {
            if text.len() >= MAX_ARTICLE_BYTES {
                warnings.push(Error::Repaired {
                    origin: origin.clone(),
                    message: format!(
                        "text cut at {} KiB ({} of {} paragraphs kept)",
                        MAX_ARTICLE_BYTES / 1024,
                        index,
                        lines.len()
                    ),
                });
                break;
            }
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            let start = text.len();
            text.push_str(&line.text);
            if line.heading {
                headings.push((start, text.len()));
            }
        }
        let url = given.url.or(url);
        // A name the producer gave beats a name we know for the domain, which beats
        // the page's own site name or a byline agency, which beats the bare domain.
        let outlet = given
            .outlet
            .or_else(|| url.as_deref().and_then(header::known_outlet))
            .or(outlet)
            .or_else(|| url.as_deref().and_then(header::host));
        let stated = given.lang.as_deref().and_then(|code| {
            let language = Language::from_code(code);
            if language.is_none() {
                warnings.push(Error::BadField {
                    origin: origin.clone(),
                    field: "lang",
                    message: format!(
                        "{:?} is not a language code Storyline knows; the language was identified from the text",
                        code.chars().take(20).collect::<String>()
                    ),
                });
            }
            language
        });
        let (language, reliable) = match stated {
            Some(language) => (language, true),
            None => Language::identify_reliably(
                given.title.as_deref().or(title.as_deref()).unwrap_or(""),
                &text,
            ),
        };
        let title = given
            .title
            .or_else(|| {
                title.map(|t| {
                    visible_headline(&t, &headlines, outlet.as_deref(), url.as_deref()).to_string()
                })
            })
            .unwrap_or_else(|| derive_title(language, &lines[0].text));
        let given_date = given.date.as_deref().and_then(|given| {
            let parsed = header::parse_date(given);
            if parsed.is_none() {
                warnings.push(Error::BadField {
                    origin: origin.clone(),
                    field: "date",
                    message: format!(
                        "{:?} is not a date between the years {} and {}; left out",
                        given.chars().take(60).collect::<String>(),
                        header::FIRST_YEAR,
                        header::LAST_YEAR
                    ),
                });
            }
            parsed
        });
        let article = Article {
            origin,
            title,
            url,
            outlet,
            author: given.author.or(author),
            date: given_date.or(date),
            text,
            headings,
            partial: given.partial,
            lang: language.code().to_string(),
        };
        Ok((article, warnings, reliable))
    }
}

/// Removes lines that recur in two or more articles of the batch and cannot be
/// their news: short ones (footers, widgets), and any whose articles are dated
/// further apart than [`ExtractOptions::max_shared_line_span_days`] (a site's
/// sidebar headlines and notices, printed on every page it serves, whatever the
/// page's date).
/// Other long lines are left alone, because syndicated copies of one wire story
/// legitimately share every sentence, and reports of one event quote one wire
/// paragraph within days of each other.
fn drop_lines_shared_across_articles(drafts: &mut [Draft], options: &ExtractOptions) {
    if drafts.len() < 2 {
        return;
    }
    let dates: Vec<Option<NaiveDate>> = drafts
        .iter()
        .map(|d| {
            d.given
                .date
                .as_deref()
                .and_then(header::parse_date)
                .or(d.date)
        })
        .collect();
    /// The articles a line is in, and the first and last of their dates.
    #[derive(Default)]
    struct Seen {
        articles: usize,
        dates: Option<(NaiveDate, NaiveDate)>,
    }
    // A headline taken from the text's first line may be such a line too.
    let title_keys: Vec<Option<String>> = drafts
        .iter()
        .map(|d| d.title.as_deref().map(boilerplate::repetition_key))
        .collect();
    let mut seen: HashMap<&str, Seen> = HashMap::new();
    for ((draft, date), title_key) in drafts.iter().zip(&dates).zip(&title_keys) {
        let keys: HashSet<&str> = draft
            .lines
            .iter()
            .map(|l| l.key.as_str())
            .chain(title_key.as_deref())
            .collect();
        for key in keys {
            let entry = seen.entry(key).or_default();
            entry.articles += 1;
            if let Some(date) = *date {
                entry.dates = Some(entry.dates.map_or((date, date), |(first, last)| {
                    (first.min(date), last.max(date))
                }));
            }
        }
    }
    let kept = |key: &str, text: &str| {
        let Some(seen) = seen.get(key) else {
            return true;
        };
        let short = text.split_whitespace().count() <= options.max_shared_line_words;
        let far_apart = seen.dates.is_some_and(|(first, last)| {
            (last - first).num_days() > options.max_shared_line_span_days
        });
        seen.articles < 2 || !(short || far_apart)
    };
    let verdicts: Vec<(Vec<bool>, bool)> = drafts
        .iter()
        .zip(&title_keys)
        .map(|(draft, title_key)| {
            let lines = draft.lines.iter().map(|l| kept(&l.key, &l.text)).collect();
            let title_goes = draft.given.title.is_none()
                && draft
                    .title
                    .as_deref()
                    .zip(title_key.as_deref())
                    .is_some_and(|(title, key)| !kept(key, title));
            (lines, title_goes)
        })
        .collect();
    for (draft, (lines_kept, title_goes)) in drafts.iter_mut().zip(verdicts) {
        keep(&mut draft.lines, lines_kept);
        if title_goes {
            draft.title = None;
        }
    }
}

/// Keeps the lines whose verdict (in their order) is true, and any past the
/// verdicts.
fn keep(lines: &mut Vec<Line>, verdicts: Vec<bool>) {
    let mut verdicts = verdicts.into_iter();
    lines.retain(|_| verdicts.next().unwrap_or(true));
}

/// The largest char boundary of `text` at or before `at`.
fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Where to cut a paragraph longer than [`MAX_PARAGRAPH_BYTES`]: after the last
/// sentence end in its first piece, else at the last space, else at a character
/// boundary.
fn paragraph_cut(text: &str) -> usize {
    let limit = floor_char_boundary(text, MAX_PARAGRAPH_BYTES);
    let piece = &text[..limit];
    let sentence_end = ['.', '!', '?']
        .iter()
        .filter_map(|p| piece.rfind(&format!("{p} ")))
        .max()
        .filter(|&at| at > limit / 2);
    if let Some(at) = sentence_end {
        return at + 1;
    }
    match piece.rfind(char::is_whitespace) {
        Some(at) if at > 0 => at,
        _ => limit.max(1),
    }
}

/// The headline a page shows its readers. A page's `<title>` (or `og:title`)
/// wraps the headline in what a browser tab or a search result needs: the
/// site's name, a section, an author ("Dam opens on time - Region | Valley
/// Post", "Valley Post | Dam opens on time"). When one of the page's `<h1>`
/// headings is the title's core — a run of its parts between separators, no
/// shorter than any part left out, and not the site's name (a site whose `<h1>`
/// is its logo) — that heading is the headline (the longest, if several are).
/// Otherwise the title loses a trailing site name ([`without_site_name`]).
///
/// Found reading WCXB's pages, where it makes 15 more titles the recorded
/// headline and none fewer; checked on the other three benchmark sets' pages
/// (`docs/benchmarks.md`, "Extraction").
fn visible_headline<'a>(
    title: &'a str,
    headlines: &'a [String],
    outlet: Option<&str>,
    url: Option<&str>,
) -> &'a str {
    headlines
        .iter()
        .filter(|headline| is_core_of(title, headline) && !names_site(headline, outlet, url))
        .max_by_key(|headline| headline.len())
        .map_or_else(|| without_site_name(title, outlet, url), String::as_str)
}

/// What stands between a title's parts: its separators, and the colon after a
/// label that opens it ("Valley Post: Dam opens on time").
fn title_part_separators() -> impl Iterator<Item = &'static str> {
    boilerplate::TITLE_SEPARATORS.iter().copied().chain([": "])
}

/// Whether a title has parts, so that it may wrap a page's `<h1>`
/// ([`visible_headline`]); a page whose title has none need not be searched
/// for its headings.
fn has_parts(title: &str) -> bool {
    title_part_separators().any(|sep| title.contains(sep))
}

/// Whether `part` is `title` with only separated parts around it, each no
/// longer than `part`. A label before a colon counts as such a part.
fn is_core_of(title: &str, part: &str) -> bool {
    let Some(at) = title.find(part).filter(|_| part.len() < title.len()) else {
        return false;
    };
    let (before, after) = (&title[..at], &title[at + part.len()..]);
    let opens = before.is_empty() || title_part_separators().any(|sep| before.ends_with(sep));
    let closes = after.is_empty()
        || boilerplate::TITLE_SEPARATORS
            .iter()
            .any(|sep| after.starts_with(sep));
    let length = part.chars().count();
    let others_shorter = title_part_separators()
        .fold(vec![before, after], |pieces, sep| {
            pieces.iter().flat_map(|piece| piece.split(sep)).collect()
        })
        .iter()
        .all(|piece| piece.trim().chars().count() <= length);
    opens && closes && others_shorter
}

/// A page's title without the site's name that pages append to it ("Dam opens
/// on time | Valley Post", "… - valleypost.com"): the part after the last
/// separator goes when it names the outlet or the URL's host.
fn without_site_name<'a>(title: &'a str, outlet: Option<&str>, url: Option<&str>) -> &'a str {
    let Some((cut, separator)) = boilerplate::TITLE_SEPARATORS
        .iter()
        .filter_map(|sep| title.rfind(sep).map(|at| (at, sep.len())))
        .max()
    else {
        return title;
    };
    let (kept, site) = (title[..cut].trim(), &title[cut + separator..]);
    if kept.split_whitespace().count() < 2 || !names_site(site, outlet, url) {
        return title;
    }
    kept
}

/// Whether a part of a title names the outlet or the URL's host ("Valley Post",
/// "valleypost.com" for www.valleypost.com).
fn names_site(part: &str, outlet: Option<&str>, url: Option<&str>) -> bool {
    // Words run together and accents dropped, so that "Valley Post" and
    // "valleypost.com", "Aktuálně.cz" and "aktualne.cz" compare.
    let key =
        |text: &str| deunicode::deunicode(&boilerplate::repetition_key(text)).replace(' ', "");
    let site = key(part);
    if site.is_empty() {
        return false;
    }
    let names_outlet = outlet.is_some_and(|outlet| key(outlet) == site);
    // The host's name without its top-level domain: "valleypost" of "www.valleypost.com".
    let host_name = url.and_then(header::host).map(|host| {
        let name = host
            .rsplit_once('.')
            .map_or(host.as_str(), |(name, _)| name);
        key(name.rsplit('.').next().unwrap_or(name))
    });
    let names_host = host_name.is_some_and(|name| {
        name.len() >= 3 && (site == name || site.starts_with(&name) || name.starts_with(&site))
    });
    names_outlet || names_host
}

/// A title for an article that has none: its first sentence (in its language),
/// shortened.
fn derive_title(language: Language, first_paragraph: &str) -> String {
    let first_sentence = sentencex::segment(language.sentence_code(), first_paragraph)
        .into_iter()
        .next()
        .unwrap_or(first_paragraph)
        .trim();
    let words: Vec<&str> = first_sentence.split_whitespace().collect();
    if words.len() > MAX_TITLE_WORDS {
        format!("{}…", words[..MAX_TITLE_WORDS].join(" "))
    } else {
        first_sentence.trim_end_matches('.').to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One document extracted on its own, with the default options.
    fn one(raw: RawDoc) -> Result<Article, Error> {
        extract_one(raw, &ExtractOptions::default())
    }

    /// A batch extracted with the default options.
    fn batch(raws: Vec<RawDoc>) -> (Vec<Article>, Vec<Error>) {
        extract_batch(raws, &ExtractOptions::default())
    }

    fn raw(origin: &str, format: Format, content: &str) -> RawDoc {
        RawDoc {
            origin: origin.into(),
            format,
            content: content.into(),
            given: GivenMeta::default(),
        }
    }

    #[test]
    fn header_lines_become_metadata() {
        let text = "# Bridge reopens\n\nMarch 3, 2024\n\nBy Ana Ruiz, Coastal Wire\n\nThe bridge reopened on Monday after repairs.\n\nOriginal url:\n\n<https://www.reuters.com/x>\n";
        let article = one(raw("a.md", Format::Markdown, text)).unwrap();
        assert_eq!(article.title, "Bridge reopens");
        assert_eq!(article.date.unwrap().to_string(), "2024-03-03");
        assert_eq!(article.author.as_deref(), Some("Ana Ruiz"));
        assert_eq!(article.url.as_deref(), Some("https://www.reuters.com/x"));
        assert_eq!(article.outlet.as_deref(), Some("Reuters"));
        assert_eq!(article.text, "The bridge reopened on Monday after repairs.");
    }

    #[test]
    fn boilerplate_and_doubled_captions_go_and_broken_lines_rejoin() {
        let text = "Storm hits coast\n\nA caption under the photo of the harbour.\nReuters\n\nThe storm reached the coast at dawn, officials said the \"worst\n\nin decades\" had passed.\n\nA caption under the photo of the harbour.\n\nREAD MORE: Other storms\n\nLoading...\n\nRoute 6";
        let article = one(raw("b.txt", Format::Text, text)).unwrap();
        assert_eq!(
            article.text,
            "The storm reached the coast at dawn, officials said the \"worst in decades\" had passed."
        );
    }

    #[test]
    fn a_wire_caption_sharing_a_line_with_its_context_goes_and_the_context_stays() {
        let text = "Clinics fill in Beijing\n\nMedical workers walk past a line outside the fever clinic of a hospital in Beijing, Dec. 9. China began easing its rules on Thursday.\n\nHospitals in the capital said on Friday that their fever clinics were full.";
        let article = one(raw("c.txt", Format::Text, text)).unwrap();
        assert_eq!(
            article.text,
            "China began easing its rules on Thursday.\n\nHospitals in the capital said on Friday that their fever clinics were full."
        );
    }

    #[test]
    fn shared_short_lines_are_dropped_but_shared_sentences_are_not() {
        let wire = "The council voted on Monday to close the old mine, ending a dispute that had run for six years and cost the town dearly.";
        let a = format!("Mine to close\n\n{wire}\n\nGet the Daily Brief in your inbox");
        let b = format!("Council closes mine\n\n{wire}\n\nGet the Daily Brief in your inbox");
        let (articles, errors) = batch(vec![
            raw("a.txt", Format::Text, &a),
            raw("b.txt", Format::Text, &b),
        ]);
        assert!(errors.is_empty());
        for article in articles {
            assert_eq!(article.text, wire);
        }
    }

    #[test]
    fn a_site_s_sidebar_on_pages_months_apart_is_not_their_news() {
        let sidebar = "Printemps annonce la fermeture de sept magasins du groupe dans toute la France cette année";
        let page = |date: &str, body: &str| RawDoc {
            given: GivenMeta {
                date: Some(date.to_string()),
                ..GivenMeta::default()
            },
            ..raw(date, Format::Text, &format!("{sidebar}\n{body}"))
        };
        let first = "Le régime syrien a levé mardi l'état d'urgence en vigueur depuis 1963, a annoncé l'agence officielle.";
        let second =
            "L'Union européenne a sanctionné vendredi l'épouse du président syrien, Asma el-Assad.";
        let (articles, _) = batch(vec![page("2011-04-19", first), page("2012-03-23", second)]);
        assert_eq!(
            (articles[0].text.as_str(), articles[1].text.as_str()),
            (first, second)
        );
        assert!(articles.iter().all(|a| a.title != sidebar), "{articles:?}");
        // Within days of each other, a long shared line is a shared report.
        let (articles, _) = batch(vec![page("2011-04-19", first), page("2011-04-21", second)]);
        assert!(articles.iter().all(|a| a.title == sidebar), "{articles:?}");
        // How far apart is too far is the options' call.
        let (articles, _) = extract_batch(
            vec![page("2011-04-19", first), page("2012-03-23", second)],
            &ExtractOptions {
                max_shared_line_span_days: 400,
                ..ExtractOptions::default()
            },
        );
        assert!(articles.iter().all(|a| a.title == sidebar), "{articles:?}");
    }

    #[test]
    fn a_headline_too_short_to_identify_takes_its_batch_s_language() {
        let stated = |text: &str, lang: &str| RawDoc {
            given: GivenMeta {
                lang: Some(lang.to_string()),
                ..GivenMeta::default()
            },
            ..raw("stated.txt", Format::Text, text)
        };
        let pages = vec![
            raw("a.txt", Format::Text, "Le gouvernement a annoncé mardi une réforme des retraites, qui sera présentée au Parlement la semaine prochaine."),
            raw("b.txt", Format::Text, "Les syndicats appellent à une grève nationale contre le projet du gouvernement, jeudi prochain."),
            raw("c.txt", Format::Text, "Retraites : la réforme."),
            // A stated language wins, even a doubtful one.
            stated("Grève : jeudi noir.", "en"),
        ];
        let (articles, _) = batch(pages);
        let languages: Vec<&str> = articles.iter().map(|a| a.lang.as_str()).collect();
        assert_eq!(languages, ["fr", "fr", "fr", "en"]);
        let alone = Language::identify_reliably("", "Retraites : la réforme.");
        assert_ne!(alone, (Language::from_code("fr").unwrap(), true));
        let (unknown, warnings) = batch(vec![stated("Retraites : la réforme.", "klingon")]);
        assert_eq!(unknown.len(), 1);
        assert!(warnings[0].to_string().contains("klingon"), "{warnings:?}");
    }

    #[test]
    fn web_pages_keep_their_paragraphs_and_lose_their_chrome() {
        let page = "<html><head><title>Dam opens | Valley Post</title></head><body><article>\
            <h1>Valley dam opens on time after two years</h1>\
            <h2>The reservoir will take three months to fill, engineers say</h2>\
            <p>The new dam on the Arle river opened on Tuesday, two years after work began, and the water authority said it came in on budget.</p>\
            <p>Turbines</p>\
            <p>Engineers said the reservoir would take three months to fill and would then supply forty thousand homes.</p>\
            <p>Engineers said the reservoir would take three months to fill and would then supply forty thousand homes.</p>\
            <p>Updated at 1:23 p.m.</p><p>Like this story? Share it with a friend!</p>\
            <h3>More Great Valley Stories</h3><p>Flood defences tested in the north</p><p>Mayor opens bridge</p>\
            </article></body></html>";
        let article = one(raw("dam.html", Format::Html, page)).unwrap();
        let paragraphs: Vec<&str> = article.text.split("\n\n").collect();
        assert_eq!(
            paragraphs,
            [
                "The new dam on the Arle river opened on Tuesday, two years after work began, and the water authority said it came in on budget.",
                // A page's short blocks and repeated blocks are its own.
                "Turbines",
                "Engineers said the reservoir would take three months to fill and would then supply forty thousand homes.",
                "Engineers said the reservoir would take three months to fill and would then supply forty thousand homes.",
            ]
        );
    }

    #[test]
    fn a_page_of_only_boilerplate_is_empty() {
        let error = one(raw(
            "c.txt",
            Format::Text,
            "Title\n\nShare this article\n\nLoading...",
        ))
        .unwrap_err();
        assert!(matches!(error, Error::Empty { origin } if origin == "c.txt"));
    }

    #[test]
    fn untitled_articles_get_their_first_sentence_as_title() {
        let article = one(raw(
            "d.txt",
            Format::Text,
            "The river rose two metres overnight. Roads closed.",
        ))
        .unwrap();
        assert_eq!(article.title, "The river rose two metres overnight");
    }

    /// Issue 14: a photo caption or a player's notice over an untitled text
    /// became the story's headline.
    #[test]
    fn a_caption_over_the_text_is_not_its_headline() {
        for opening in [
            "Image copyright Valley Post Image caption The dam's turbine hall seen from the river",
            "Engineers inspect the spillway on Monday (Photo by Jo Marsh/Valley Post)",
            "Media playback is unsupported on your device Media caption The dam opens its gates",
        ] {
            let text = format!(
                "{opening}\n\nThe new dam on the Arle river opened on Tuesday, two years after work began.\n\n\
                 Engineers said the reservoir would take three months to fill."
            );
            let article = one(raw("dam.txt", Format::Text, &text)).unwrap();
            assert_eq!(
                article.title,
                "The new dam on the Arle river opened on Tuesday, two years after work began",
                "{opening}"
            );
            assert!(!article.text.contains("Image"), "{}", article.text);
        }
    }

    /// Issue 20: page titles carried the site's name into headlines.
    #[test]
    fn the_site_name_is_cut_from_a_title() {
        let url = Some("https://www.valleypost.com/news/dam");
        for (title, outlet, url, cut) in [
            (
                "Dam opens on time | Valley Post",
                None,
                url,
                "Dam opens on time",
            ),
            (
                "Dam opens on time - The Post",
                Some("The Post"),
                None,
                "Dam opens on time",
            ),
            ("Dam opens - valleypost.com", None, url, "Dam opens"),
            // A dash inside the headline, or a part that is not the site, stays.
            (
                "Dam opens - two years late",
                None,
                url,
                "Dam opens - two years late",
            ),
            ("Valley Post", Some("Valley Post"), url, "Valley Post"),
            // A host is written without the name's accents.
            (
                "Přehrada otevřena | Údolní Pošta",
                None,
                Some("https://udolniposta.cz/zpravy"),
                "Přehrada otevřena",
            ),
        ] {
            assert_eq!(without_site_name(title, outlet, url), cut, "{title}");
        }
    }

    /// Issue 20: a page's `<title>` wraps its headline in a section, an author
    /// or the site's name, before it or after it; the page's `<h1>` is the
    /// headline the reader sees.
    #[test]
    fn the_visible_headline_is_the_h1_inside_the_title() {
        let url = Some("https://www.valleypost.com/news/dam");
        let h1 = |text: &str| vec![text.to_string()];
        for (title, headlines, outlet, headline) in [
            (
                "Opinion | Dam opens on time",
                h1("Dam opens on time"),
                None,
                "Dam opens on time",
            ),
            (
                "Dam opens on time - Jo Marsh - Riverside Weekly",
                h1("Dam opens on time"),
                None,
                "Dam opens on time",
            ),
            (
                "Riverside Weekly: Dam opens on time",
                h1("Dam opens on time"),
                None,
                "Dam opens on time",
            ),
            // The heading that is the site's logo is not the headline, and
            // the trailing site name still goes.
            (
                "Dam opens on time | Valley Post",
                h1("Valley Post"),
                None,
                "Dam opens on time",
            ),
            (
                "Dam opens on time | Riverside Weekly",
                h1("Riverside Weekly"),
                Some("Riverside Weekly"),
                "Dam opens on time",
            ),
            // A heading shorter than a part it would leave out is a label.
            (
                "Dam opens on time after two years of work | Local",
                h1("Local"),
                None,
                "Dam opens on time after two years of work | Local",
            ),
            // A heading the title runs on from, with no separator, is not its core.
            (
                "Best dams of 2025",
                h1("Best dams of"),
                None,
                "Best dams of 2025",
            ),
            // Among several headings, the one inside the title.
            (
                "Dam opens on time | News | Riverside",
                vec!["Riverside".to_string(), "Dam opens on time".to_string()],
                None,
                "Dam opens on time",
            ),
        ] {
            assert_eq!(
                visible_headline(title, &headlines, outlet, url),
                headline,
                "{title}"
            );
        }
    }

    #[test]
    fn a_page_is_titled_by_its_h1_when_the_title_wraps_it() {
        let page = "<html><head><title>Opinion | Dam opens on time - Riverside Weekly</title></head>\
            <body><header><h1 class=\"logo\">Riverside <em>Weekly</em></h1></header><article>\
            <h1>Dam opens  on&nbsp;time</h1>\
            <p>The new dam on the Arle river opened on Tuesday, two years after work began, and the water authority said it came in on budget.</p>\
            <p>Engineers said the reservoir would take three months to fill and would then supply forty thousand homes.</p>\
            </article></body></html>";
        let article = one(raw("dam.html", Format::Html, page)).unwrap();
        assert_eq!(article.title, "Dam opens on time");
    }

    /// Issue 20: pages of each kind the extractor lost text on (project-written
    /// pages in `extract/pages/`, shaped as the real ones were).
    mod pages {
        use super::*;

        /// The page's article, after checking that it holds every `kept` passage
        /// and none of the `left_out` ones.
        fn read(html: &str, kept: &[&str], left_out: &[&str]) -> Article {
            let article = one(raw("page.html", Format::Html, html)).unwrap();
            for passage in kept {
                assert!(
                    article.text.contains(passage),
                    "{passage:?} in {}",
                    article.text
                );
            }
            for passage in left_out {
                assert!(
                    !article.text.contains(passage),
                    "{passage:?} in {}",
                    article.text
                );
            }
            article
        }

        #[test]
        fn text_after_a_ruby_annotation_is_kept() {
            read(
                include_str!("pages/ruby.html"),
                &["The governor of 東京 said the budget was fair and that the schools"],
                &["とうきょう"],
            );
        }

        /// Issue 20: the extractor kept a bold label or a heading standing
        /// outside any paragraph ("<b>Date</b>: Saturday 14 June<br>",
        /// "<h3>Getting there</h3>Extra buses …") and lost the text after it.
        #[test]
        fn the_text_after_a_bold_label_or_a_heading_is_kept() {
            read(
                include_str!("pages/labelled-lines.html"),
                &[
                    "Date: Saturday 14 June, from ten in the morning",
                    "Place: the riverside park, Carrow",
                    "Tickets: five euros, children free",
                    "Extra buses run every twenty minutes from the station",
                ],
                &[],
            );
        }

        /// Issue 20: a quotation set in one `<i>` over several lines
        /// (`<br>` between them) came out with every line after the first
        /// twice.
        #[test]
        fn a_formatted_passage_over_several_lines_is_read_once() {
            let article = read(
                include_str!("pages/italic-quotation.html"),
                &["a very dreary mood on campus", "they now need only two"],
                &[],
            );
            for passage in ["a very dreary mood on campus", "they now need only two"] {
                assert_eq!(article.text.matches(passage).count(), 1, "{}", article.text);
            }
        }

        #[test]
        fn a_post_kept_in_a_template_script_is_the_article() {
            read(
                include_str!("pages/blogger-template.html"),
                &[
                    "eleven cars and a tractor",
                    "nurses going to the early shift",
                ],
                &["About me"],
            );
        }

        #[test]
        fn a_body_stated_only_in_json_ld_is_read_with_its_metadata() {
            let article = read(
                include_str!("pages/json-ld-body.html"),
                &[
                    "The city council approved the new tram line",
                    "a quieter kind of rail",
                ],
                &["leaving our site"],
            );
            assert_eq!(
                article.date,
                chrono::NaiveDate::from_ymd_opt(2024, 8, 25),
                "published, not modified"
            );
            assert_eq!(article.outlet.as_deref(), Some("Valley Post"));
            assert_eq!(article.title, "Council approves the new tram line");
        }

        #[test]
        fn an_outdated_browser_banner_is_not_the_article() {
            let article = read(
                include_str!("pages/outdated-browser.html"),
                &["divers had checked the foundations"],
                &["browser", "Update my"],
            );
            assert_eq!(article.title, "Harbour reopens after storm");
        }

        #[test]
        fn a_recipe_keeps_its_subtitle_ingredients_and_steps() {
            read(
                include_str!("pages/recipe.html"),
                &[
                    "A bright, sticky loaf for spring afternoons",
                    "225 g caster sugar",
                    "2 unwaxed lemons, zest and juice",
                    "leave it to cool in the tin",
                ],
                &["Banana bread"],
            );
        }

        #[test]
        fn a_paywall_preview_is_the_article_and_the_paywall_is_not() {
            let article = read(
                include_str!("pages/paywall-preview.html"),
                &[
                    "Northway Ferries will close its island line",
                    "would return with new engines in the spring",
                ],
                &["for subscribers", "Subscribe", "Most read"],
            );
            assert_eq!(article.outlet.as_deref(), Some("The Harbour Wire"));
        }

        #[test]
        fn an_article_the_precise_reading_skips_is_read_from_the_fuller_one() {
            // Favouring precision, the extractor drops the article's block and
            // reads the tag, headline and footer links around it instead.
            read(
                include_str!("pages/link-list-reading.html"),
                &[
                    "ferry subsidies cost the islands about 40 million a year",
                    "answer the report at their joint meeting next month",
                ],
                &["More from World", "Climber rescued", "News Alerts"],
            );
        }

        #[test]
        fn a_forum_thread_keeps_every_post_and_not_the_sidebar() {
            read(
                include_str!("pages/forum.html"),
                &[
                    "detour takes",
                    "twenty minutes extra",
                    "Take the ferry",
                    "report back",
                ],
                &["Lost cat"],
            );
        }
    }
}
