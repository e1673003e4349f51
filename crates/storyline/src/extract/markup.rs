//! Markdown markup removal that keeps the words.
//!
//! Articles saved from the web as Markdown carry links, emphasis and headings that
//! mean nothing to a reader of the briefing but break sentence splitting and word
//! matching. Link text is kept (it is usually part of the sentence: "the envoy
//! [said](#) Thursday"), images are dropped (their alt text is a caption), and
//! headings are reported so that the caller can treat them as titles or sub-headings.

use std::sync::LazyLock;

use regex::Regex;

static IMAGE: LazyLock<Regex> = LazyLock::new(|| crate::pattern(r"!\[[^\]]*\]\([^)]*\)"));
static LINK: LazyLock<Regex> =
    LazyLock::new(|| crate::pattern(r"\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])"));
static AUTOLINK: LazyLock<Regex> = LazyLock::new(|| crate::pattern(r"<(https?://[^>\s]+)>"));
static TAG: LazyLock<Regex> = LazyLock::new(|| crate::pattern(r"</?[A-Za-z][^<>]*>"));
static EMPHASIS: LazyLock<Regex> = LazyLock::new(|| {
    // Single `*` / `_` touching a word on one side only (after `**`, `__` are gone).
    crate::pattern(
        r"(?:^|(?P<pre>[\s(\[]))[*_](?P<open>\S)|(?P<close>\S)[*_](?:$|(?P<post>[\s.,;:!?)\]]))",
    )
});
static HEADING: LazyLock<Regex> = LazyLock::new(|| crate::pattern(r"^\s{0,3}#{1,6}\s+"));
static PREFIX: LazyLock<Regex> =
    LazyLock::new(|| crate::pattern(r"^\s{0,3}(?:>\s?)+|^\s{0,3}[-*+]\s+"));
static RULE: LazyLock<Regex> =
    LazyLock::new(|| crate::pattern(r"^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$"));

/// A line with its markup removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainLine {
    pub text: String,
    /// The line was a Markdown heading (`# …`).
    pub heading: bool,
}

/// Strips Markdown from one line. Horizontal rules become empty lines.
pub fn strip_markdown_line(line: &str) -> PlainLine {
    if RULE.is_match(line) {
        return PlainLine {
            text: String::new(),
            heading: false,
        };
    }
    let heading = HEADING.is_match(line);
    let line = HEADING.replace(line, "");
    let line = PREFIX.replace(&line, "");
    let line = IMAGE.replace_all(&line, "");
    let line = LINK.replace_all(&line, "$1");
    let line = AUTOLINK.replace_all(&line, "$1");
    let line = TAG.replace_all(&line, "");
    let line = line.replace("**", "").replace("__", "");
    let line = EMPHASIS.replace_all(&line, "$pre$open$close$post");
    let line = line.replace('`', "");
    PlainLine {
        text: line.trim_end_matches('#').trim().to_string(),
        heading,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(line: &str) -> String {
        strip_markdown_line(line).text
    }

    #[test]
    fn markup_goes_and_words_stay() {
        assert_eq!(plain("# Russia Invites Taliban"), "Russia Invites Taliban");
        assert!(strip_markdown_line("## Sub").heading);
        assert_eq!(
            plain("the envoy [said](#) Thursday"),
            "the envoy said Thursday"
        );
        assert_eq!(
            plain("Caption. **Alexander Zemlianichenko / TACC**"),
            "Caption. Alexander Zemlianichenko / TACC"
        );
        assert_eq!(
            plain("*The Taliban is a terrorist organization banned in Russia.*"),
            "The Taliban is a terrorist organization banned in Russia."
        );
        assert_eq!(plain("<https://example.org/a>"), "https://example.org/a");
        assert_eq!(plain("![photo](x.jpg) Text _here_."), "Text here.");
        assert_eq!(plain("> quoted line"), "quoted line");
        assert_eq!(
            plain("5 * 3 = 15 and snake_case stays"),
            "5 * 3 = 15 and snake_case stays"
        );
        assert_eq!(plain("---"), "");
    }
}
