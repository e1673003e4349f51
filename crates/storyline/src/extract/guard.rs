//! Markup guard: bounds a page's nesting depth and attribute count before the
//! extractor sees it, and rewrites two shapes of markup the extractor misreads.
//!
//! The HTML parser and the extractor behind it do work that grows faster than the
//! page for two shapes of markup no real article has: elements nested thousands
//! deep (the extractor recurses, and a worker thread's stack overflows at about
//! 8,000 levels, aborting the whole process) and one element with many thousands
//! of attributes (the tokenizer checks each new attribute against all earlier
//! ones). One linear scan over the tags finds both; only a page that has them is
//! rewritten, by deleting the tags nested past [`MAX_NESTING`] (their text stays,
//! in the nearest element kept) and the attributes past [`MAX_ATTRIBUTES`].
//!
//! The same scan mends what the extractor would lose from real pages (each case
//! has a test below):
//!
//! - **Ruby annotations.** The extractor drops `<rt>` and `<rp>` and unwraps
//!   `<ruby>`, and in doing so loses the text that follows `</ruby>` up to the end
//!   of its paragraph. The annotations (readings printed above the base text) are
//!   deleted here with the `<ruby>` tags, so the base text reads inline.
//! - **Posts kept in template scripts.** Blogging platforms ship a post's markup
//!   inside `<script type="text/template">` for their script to render; the
//!   extractor never looks inside scripts and finds only the sidebar. The script
//!   tags around markup (content that opens with a tag, holds a `<p` or `<div`
//!   and no placeholders) are deleted, so the markup is part of the page.
//!
//! The depth counted is an upper bound on the parser's: elements that HTML closes
//! implicitly (`<p>`, `<li>`, table cells, …) and void elements (`<br>`, `<img>`)
//! do not add to it, and raw text (`<script>`, `<style>`, comments) is not scanned
//! for tags.

use std::borrow::Cow;
use std::ops::Range;

use crate::limits::{MAX_ATTRIBUTES, MAX_NESTING};

/// Elements without content: never add depth.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "basefont", "bgsound", "frame", "image",
];

/// Elements whose end tag HTML lets a page leave out (or that the parser closes
/// when a sibling opens): counting them would overstate the depth.
const IMPLICITLY_CLOSED: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot",
    "colgroup", "caption", "rb", "rt", "rtc", "rp", "html", "head", "body",
];

/// A ruby annotation (`<rt>`, `<rp>`) longer than this is not one.
const MAX_ANNOTATION_BYTES: usize = 256;

/// Script types whose content is markup to be rendered later (a template).
const TEMPLATE_TYPES: &[&str] = &[
    "text/template",
    "text/x-template",
    "text/html",
    "text/x-handlebars-template",
    "text/x-jquery-tmpl",
    "text/ng-template",
];

/// Elements whose content is text, not markup, up to their end tag.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// What the guard changed, for the warning.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Guarded {
    /// Tags deleted because they were nested past the limit.
    pub flattened_tags: usize,
    /// Attributes deleted because their element had too many.
    pub dropped_attributes: usize,
}

impl Guarded {
    pub fn changed(&self) -> bool {
        self.flattened_tags + self.dropped_attributes > 0
    }

    /// A sentence for the warning that names the limits met.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.flattened_tags > 0 {
            parts.push(format!(
                "{} tags nested deeper than {MAX_NESTING} levels were flattened",
                self.flattened_tags
            ));
        }
        if self.dropped_attributes > 0 {
            parts.push(format!(
                "{} attributes past {MAX_ATTRIBUTES} on one element were dropped",
                self.dropped_attributes
            ));
        }
        parts.join("; ")
    }
}

/// The page within the limits, and what had to change to make it so.
pub fn guard(html: &str) -> (Cow<'_, str>, Guarded) {
    let bytes = html.as_bytes();
    let mut deletions: Vec<Range<usize>> = Vec::new();
    let mut report = Guarded::default();
    let mut depth = 0usize;
    // Opened past the limit and not yet closed.
    let mut excess = 0usize;
    // Where the `</script>` of a template script read as markup starts.
    let mut template_end = None;
    let mut at = 0;
    while let Some(offset) = memchr(b'<', &bytes[at..]) {
        let start = at + offset;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            at = find_from(html, start + 4, "-->").map_or(bytes.len(), |end| end + 3);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            at = memchr(b'>', &bytes[start..]).map_or(bytes.len(), |end| start + end + 1);
            continue;
        }
        let closing = rest.as_bytes().get(1) == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        let name_end = bytes[name_start..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-' || *b == b':'))
            .map_or(bytes.len(), |n| name_start + n);
        if name_end == name_start || !bytes[name_start].is_ascii_alphabetic() {
            at = start + 1;
            continue;
        }
        let name = html[name_start..name_end].to_ascii_lowercase();
        let tag = scan_attributes(bytes, name_end);
        let end = tag.end;
        if matches!(name.as_str(), "ruby" | "rb") {
            deletions.push(start..tag.end);
            at = tag.end;
            continue;
        }
        if !closing && matches!(name.as_str(), "rt" | "rp") {
            // An annotation runs to its end tag, or to the next annotation or the
            // end of the ruby when its end tag is left out. Annotations are a few
            // characters; a tag with no end near it is deleted alone, so that a
            // stray `<rt>` costs no text and the search stays linear.
            let window =
                &html[tag.end..super::floor_char_boundary(html, tag.end + MAX_ANNOTATION_BYTES)];
            let own_end = format!("</{name}");
            let own = find_ignoring_case(window, 0, &own_end);
            let next = ["<rt", "<rp", "</ruby"]
                .iter()
                .filter_map(|needle| find_ignoring_case(window, 0, needle))
                .min();
            let end = match (own, next) {
                (Some(own), next) if next.is_none_or(|next| own <= next) => window[own..]
                    .find('>')
                    .map_or(tag.end, |n| tag.end + own + n + 1),
                (_, Some(next)) => tag.end + next,
                _ => tag.end,
            };
            deletions.push(start..end);
            at = end;
            continue;
        }
        if !closing && name == "script" && is_template(html, &tag) {
            let close = find_ignoring_case(html, tag.end, "</script").unwrap_or(bytes.len());
            let content = &html[tag.end..close];
            // Markup, not data that happens to hold some (JSON with HTML in
            // its strings, CDATA): it opens with a tag. A template still to be
            // filled in (`{{name}}`, `<%= name %>`) is not content either.
            let opening = content.trim_start().as_bytes();
            let markup = opening.first() == Some(&b'<')
                && opening.get(1).is_some_and(u8::is_ascii_alphabetic)
                && !content.contains("{{")
                && !content.contains("<%")
                && (find_ignoring_case(content, 0, "<p").is_some()
                    || find_ignoring_case(content, 0, "<div").is_some());
            if markup && find_ignoring_case(content, 0, "<script").is_none() {
                // The content is scanned as markup; its end tag is deleted when
                // the scan reaches it.
                deletions.push(start..tag.end);
                template_end = Some(close);
                at = tag.end;
                continue;
            }
        }
        if closing && template_end == Some(start) {
            template_end = None;
            deletions.push(start..tag.end);
            at = tag.end;
            continue;
        }
        let counted = !VOID.contains(&name.as_str())
            && !IMPLICITLY_CLOSED.contains(&name.as_str())
            && !tag.self_closing;
        // At most one deletion per tag, so deletions stay in order and apart: a
        // tag dropped whole takes its attributes with it.
        let dropped = if !counted {
            false
        } else if !closing && depth >= MAX_NESTING {
            excess += 1;
            true
        } else if !closing {
            depth += 1;
            false
        } else if excess > 0 {
            excess -= 1;
            true
        } else {
            depth = depth.saturating_sub(1);
            false
        };
        if dropped {
            report.flattened_tags += 1;
            deletions.push(start..end);
        } else if !closing && tag.attributes.len() > MAX_ATTRIBUTES {
            let keep_until = tag.attributes[MAX_ATTRIBUTES - 1].end;
            let last = tag.attributes[tag.attributes.len() - 1].end;
            deletions.push(keep_until..last);
            report.dropped_attributes += tag.attributes.len() - MAX_ATTRIBUTES;
        }
        at = end;
        if !closing && RAW_TEXT.contains(&name.as_str()) {
            let close = format!("</{name}");
            at = find_ignoring_case(html, end, &close).unwrap_or(bytes.len());
        }
    }
    if deletions.is_empty() {
        return (Cow::Borrowed(html), report);
    }
    let mut out = String::with_capacity(html.len());
    let mut from = 0;
    for range in deletions {
        // Deletions are in document order and never overlap.
        out.push_str(&html[from..range.start]);
        from = range.end;
    }
    out.push_str(&html[from..]);
    (Cow::Owned(out), report)
}

/// A start or end tag's extent after its name.
struct Tag {
    /// Byte ranges of the attributes, each from the space before it.
    attributes: Vec<Range<usize>>,
    self_closing: bool,
    /// Just past the tag's `>` (or the end of the page).
    end: usize,
}

/// Reads attributes from just after a tag's name up to its `>`, honouring quotes.
fn scan_attributes(bytes: &[u8], from: usize) -> Tag {
    let mut attributes = Vec::new();
    let mut i = from;
    let mut self_closing = false;
    loop {
        let attribute_start = i;
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            self_closing = bytes[i] == b'/';
            i += 1;
        }
        if i >= bytes.len() {
            return Tag {
                attributes,
                self_closing: false,
                end: bytes.len(),
            };
        }
        if bytes[i] == b'>' {
            return Tag {
                attributes,
                self_closing,
                end: i + 1,
            };
        }
        self_closing = false;
        // The name, up to `=`, white space or the end of the tag.
        while i < bytes.len()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
            && !bytes[i].is_ascii_whitespace()
        {
            i += 1;
        }
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            match bytes.get(i) {
                Some(&quote @ (b'"' | b'\'')) => {
                    i = memchr(quote, &bytes[i + 1..]).map_or(bytes.len(), |n| i + 1 + n + 1);
                }
                _ => {
                    while i < bytes.len() && bytes[i] != b'>' && !bytes[i].is_ascii_whitespace() {
                        i += 1;
                    }
                }
            }
        }
        attributes.push(attribute_start..i);
    }
}

/// Whether a `<script>` tag declares a template type.
fn is_template(html: &str, tag: &Tag) -> bool {
    tag.attributes.iter().any(|range| {
        let attribute =
            html[range.clone()].trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        let Some((name, value)) = attribute.split_once('=') else {
            return false;
        };
        let value = value.trim().trim_matches(['"', '\'']).trim();
        name.trim().eq_ignore_ascii_case("type")
            && TEMPLATE_TYPES.iter().any(|t| value.eq_ignore_ascii_case(t))
    })
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

fn find_from(text: &str, from: usize, needle: &str) -> Option<usize> {
    text.get(from..)?.find(needle).map(|n| from + n)
}

/// The next `needle` (ASCII) from `from`, ignoring ASCII case.
fn find_ignoring_case(text: &str, from: usize, needle: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let needle = needle.as_bytes();
    (from..bytes.len().saturating_sub(needle.len() - 1))
        .find(|&i| bytes[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_pages_pass_unchanged() {
        let html = "<html><head><script>if (a<b && c>d) {}</script></head><body>\
                    <div class=\"x\" id='y' data-z=1><p>One<p>Two<br><img src=a.png/></div>\
                    <!-- <div><div> --><ul><li>a<li>b</ul></body></html>";
        let (out, report) = guard(html);
        assert!(matches!(out, Cow::Borrowed(_)));
        assert_eq!(report, Guarded::default());
    }

    /// Issue 17: 8,000 nested `<div>`s POSTed to the server overflowed a worker's stack.
    #[test]
    fn tags_nested_past_the_limit_are_flattened_and_their_text_kept() {
        let levels = MAX_NESTING + 600;
        let html = format!(
            "{}deep text{}",
            "<div>".repeat(levels),
            "</div>".repeat(levels)
        );
        let (out, report) = guard(&html);
        assert_eq!(report.flattened_tags, 2 * 600);
        assert_eq!(
            out,
            format!(
                "{}deep text{}",
                "<div>".repeat(MAX_NESTING),
                "</div>".repeat(MAX_NESTING)
            )
        );
        assert!(
            report.describe().contains("400 levels"),
            "{}",
            report.describe()
        );
    }

    /// Found by fuzzing: a tag both nested past the limit and carrying too many
    /// attributes was deleted twice, out of order.
    #[test]
    fn a_deep_tag_with_too_many_attributes_is_deleted_once() {
        let attributes: Vec<String> = (0..MAX_ATTRIBUTES + 5).map(|i| format!("a{i}")).collect();
        let html = format!(
            "{}<div {}>x</div>{}",
            "<div>".repeat(MAX_NESTING),
            attributes.join(" "),
            "</div>".repeat(MAX_NESTING)
        );
        let (out, report) = guard(&html);
        assert_eq!(report.flattened_tags, 2);
        assert_eq!(report.dropped_attributes, 0);
        assert!(out.contains(">x<") && !out.contains("a0"), "{out}");
        // And truncated inside such a tag: no closing `>` at all.
        let cut = &html[..html.len() / 2];
        let _ = guard(cut);
    }

    /// Issue 17: one element with 100,000 attributes took over a minute to tokenize.
    #[test]
    fn attributes_past_the_limit_are_dropped() {
        let attributes: Vec<String> = (0..MAX_ATTRIBUTES + 10)
            .map(|i| format!("a{i}=\"v>{i}\""))
            .collect();
        let html = format!("<div {}>kept</div>", attributes.join(" "));
        let (out, report) = guard(&html);
        assert_eq!(report.dropped_attributes, 10);
        let kept = &attributes[..MAX_ATTRIBUTES];
        assert_eq!(out, format!("<div {}>kept</div>", kept.join(" ")));
    }

    /// Issue 20: the text after `</ruby>` was lost by the extractor.
    #[test]
    fn ruby_annotations_are_deleted_and_the_base_text_kept() {
        let html =
            "<p>The mayor of <ruby>東京<rp>(</rp><rt>とうきょう</rt><rp>)</rp></ruby> spoke.</p>\
                    <p><RUBY>漢<rt>kan<rt>ji</RUBY> and after</p>";
        let (out, report) = guard(html);
        assert_eq!(out, "<p>The mayor of 東京 spoke.</p><p>漢 and after</p>");
        // A stray annotation tag far from any end costs no text, and many of
        // them cost linear time.
        let stray = format!("<p><rt>{}</p>", "word ".repeat(100));
        assert_eq!(guard(&stray).0, format!("<p>{}</p>", "word ".repeat(100)));
        let many = "<rt>x ".repeat(200_000);
        assert_eq!(guard(&many).0, "x ", "each annotation runs to the next");
        assert!(!report.changed(), "a repair is not a limit met");
    }

    /// Issue 20: a Blogger post kept in a template script came out empty.
    #[test]
    fn template_scripts_of_markup_become_markup() {
        let html = "<div id=main><script type='text/template'><div class=post><p>Post text.</p></div></script></div>\
                    <script type=\"text/template\">{{name}}</script><script>var t = '<p>x</p>';</script>\
                    <script type=text/html>{\"html\":\"<p>data<\\/p>\"}</script>\
                    <script type=text/template><li class=\"{{kind}}\"><p>{{text}}</p></li></script>";
        let (out, _) = guard(html);
        assert_eq!(
            out,
            "<div id=main><div class=post><p>Post text.</p></div></div>\
             <script type=\"text/template\">{{name}}</script><script>var t = '<p>x</p>';</script>\
             <script type=text/html>{\"html\":\"<p>data<\\/p>\"}</script>\
             <script type=text/template><li class=\"{{kind}}\"><p>{{text}}</p></li></script>"
        );
    }
}
