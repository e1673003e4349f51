//! The bounds on what one document may cost.
//!
//! Storyline reads whatever it is handed — files from strangers, bodies POSTed to a
//! server, archives of the open web — so every stage whose cost grows with some
//! property of its input has a bound here, and every bound is enforced where the
//! input enters that stage, with a warning naming the document and the limit (a
//! document is trimmed to the bound and kept where that is meaningful, refused
//! where it is not). None of these is a tuned constant: each is set well above
//! what real news articles reach, so that no real article meets it, and well below
//! what makes one document cost seconds or hundreds of megabytes.
//!
//! | limit | what real articles reach | what it guards against |
//! |---|---|---|
//! | [`MAX_INPUT_BYTES`] | a large feed or JSON Lines file: a few MiB | reading a file or a decompressed stream without end |
//! | [`MAX_HTML_BYTES`] | pages are well under 2 MiB | the extractor's cost per page |
//! | [`MAX_NESTING`] | element depth 20–200 | recursion in the extractor (stack overflow), work quadratic in depth |
//! | [`MAX_ATTRIBUTES`] | a few dozen on one element | the HTML tokenizer's duplicate-attribute check, quadratic in their number |
//! | [`MAX_TEXT_BYTES`] | a long feature: 100 KiB of text | line cleaning over a document of tens of megabytes |
//! | [`MAX_PARAGRAPH_BYTES`] | a long paragraph: a few KiB | sentence splitting, superlinear in a paragraph's length |
//! | [`MAX_ARTICLE_BYTES`] | a long feature: 100 KiB of text | analysis and alignment cost per article |
//! | [`MAX_BRIEFED_ARTICLES`] | a big story: a few dozen distinct reports | briefing work that grows with the square of a story's articles (a wire story run by 5,000 outlets took minutes) |
//! | [`MAX_SENTENCES`] | a long feature: a few hundred | alignment, quadratic in a story's sentences |

/// Decompressed inputs (a file, standard input, a request body after decoding)
/// larger than this are refused rather than read into memory.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// HTML pages (a file, a web-archive record's payload, a JSON field) larger than
/// this are refused.
pub const MAX_HTML_BYTES: usize = 16 * 1024 * 1024;

/// Elements nested deeper than this are flattened into their parent (their text is
/// kept, their tags dropped) before the page reaches the extractor.
pub const MAX_NESTING: usize = 400;

/// Attributes of one element beyond this many are dropped before the page reaches
/// the extractor.
pub const MAX_ATTRIBUTES: usize = 256;

/// A plain-text or Markdown document is read up to the line that reaches this
/// size; the rest is left out with a warning (no article is this long, and every
/// later step would pay for it).
pub const MAX_TEXT_BYTES: usize = 2 * 1024 * 1024;

/// A paragraph (a line of text, a block of a page) longer than this is cut into
/// pieces of about this size at word boundaries, so that no sentence splitter sees
/// more at once.
pub const MAX_PARAGRAPH_BYTES: usize = 16 * 1024;

/// An article's cleaned text is cut at the paragraph that reaches this size.
pub const MAX_ARTICLE_BYTES: usize = 512 * 1024;

/// An article's sentences beyond this many are not analysed (a backstop: the
/// text limit already keeps articles below it).
pub const MAX_SENTENCES: usize = 5_000;

/// A story's briefing is written from at most this many of its articles: one of
/// each group of copies first (a wire story run by many outlets says nothing new
/// in its copies), then the most recent. The others are counted, not briefed.
pub const MAX_BRIEFED_ARTICLES: usize = 150;
