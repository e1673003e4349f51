//! One error type for the engine, split by whose fault it is.
//!
//! A caller has to decide two things about every failure: whether to blame the input
//! (skip it, warn, carry on with the batch) or itself (stop), and what to print. The
//! variants name the offending input so that a warning can say which file to look at;
//! [`Error::is_input_error`] answers the first question without matching on variants.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read at all.
    #[error("{path}: cannot read: {source}")]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Bytes that are not text in a format Storyline reads.
    #[error("{origin}: not text ({reason})")]
    NotText { origin: String, reason: String },
    /// Text that does not parse as the format its name or content claims.
    #[error("{origin}: malformed {format}: {message}")]
    Malformed {
        origin: String,
        format: &'static str,
        message: String,
    },
    /// Parsed, but nothing usable was in it (for example an empty page).
    #[error("{origin}: no article text found")]
    Empty { origin: String },
    /// A file whose extension names no format Storyline reads.
    #[error(
        "{path}: unsupported file type (expected {})",
        crate::ingest::supported_extensions()
    )]
    UnsupportedType { path: PathBuf },
    /// Not a regular file or folder (a FIFO, a device, a socket), or a link that
    /// leads back into what is being read: passed over.
    #[error("{path}: {reason}; passed over")]
    NotAFile { path: PathBuf, reason: String },
    /// Kept after a repair (a warning, not a skip): trimmed to a limit of
    /// [`crate::limits`], or some lines decoded from another charset.
    #[error("{origin}: {message}")]
    Repaired { origin: String, message: String },
    /// Kept, but one field could not be used (a warning, not a skip).
    #[error("{origin}: field {field:?}: {message}")]
    BadField {
        origin: String,
        field: &'static str,
        message: String,
    },
    /// Kept, but written in a language Storyline has no date, quotation and
    /// attribution rules for (a warning, one per language and batch): its
    /// briefing has no resolved dates and no attributed quotations.
    #[error("{origin}{}: written in {language}, which Storyline reads without date, quotation and attribution rules", others_note(*others))]
    WithoutRules {
        origin: String,
        language: String,
        /// Further articles of the batch in that language.
        others: usize,
    },
    /// Processing one document failed inside Storyline (a bug): that document is
    /// skipped and the rest of the batch goes on.
    #[error("{origin}: internal error while {stage}; the document was skipped (please report it)")]
    Crashed { origin: String, stage: &'static str },
    /// The whole run had nothing to work on.
    #[error("no input articles{0}")]
    NoInput(String),
    /// A bug or an environment failure on our side.
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    /// True when the input is to blame; false when Storyline itself failed.
    pub fn is_input_error(&self) -> bool {
        !matches!(self, Error::Internal(_) | Error::Crashed { .. })
    }

    /// True when the input was kept despite the problem (trimmed to a limit, or
    /// one field left out): a warning rather than a skipped input.
    pub fn is_warning(&self) -> bool {
        matches!(
            self,
            Error::Repaired { .. } | Error::BadField { .. } | Error::WithoutRules { .. }
        )
    }

    /// The document it is about, when it is about one (not a file or the run).
    pub fn origin(&self) -> Option<&str> {
        match self {
            Error::NotText { origin, .. }
            | Error::Malformed { origin, .. }
            | Error::Empty { origin }
            | Error::Repaired { origin, .. }
            | Error::BadField { origin, .. }
            | Error::WithoutRules { origin, .. }
            | Error::Crashed { origin, .. } => Some(origin),
            Error::Unreadable { .. }
            | Error::UnsupportedType { .. }
            | Error::NotAFile { .. }
            | Error::NoInput(_)
            | Error::Internal(_) => None,
        }
    }

    /// A stable, machine-readable code for the kind of failure.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Unreadable { .. } => "unreadable",
            Error::NotText { .. } => "not_text",
            Error::Malformed { .. } => "malformed",
            Error::Empty { .. } => "empty",
            Error::UnsupportedType { .. } => "unsupported_type",
            Error::NotAFile { .. } => "not_a_file",
            Error::Repaired { .. } => "repaired",
            Error::BadField { .. } => "bad_field",
            Error::WithoutRules { .. } => "without_rules",
            Error::Crashed { .. } => "crashed",
            Error::NoInput(_) => "no_input",
            Error::Internal(_) => "internal",
        }
    }
}

/// " and 3 more articles", or nothing.
fn others_note(others: usize) -> String {
    match others {
        0 => String::new(),
        1 => " and 1 more article".to_string(),
        n => format!(" and {n} more articles"),
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{self, Input};
    use crate::{Engine, EngineOptions};

    /// The codes of what reading and extracting `name` with `bytes` reported.
    fn codes_of(name: &str, bytes: &[u8]) -> Vec<&'static str> {
        let batch = ingest::read_named(name, bytes);
        let (_, extracted) = Engine::default().extract(batch.docs);
        batch
            .errors
            .iter()
            .chain(&extracted)
            .map(Error::code)
            .collect()
    }

    #[test]
    fn each_code_is_reached_by_the_input_it_names() {
        let missing = Input::File(PathBuf::from("/nonexistent/storyline/article.txt"));
        let unreadable: Vec<_> = ingest::read(&missing)
            .errors
            .iter()
            .map(Error::code)
            .collect();
        assert_eq!(unreadable, ["unreadable"]);
        assert_eq!(codes_of("a.txt", b"text\0with\0NUL bytes"), ["not_text"]);
        assert_eq!(codes_of("a.json", b"{not json"), ["malformed"]);
        assert_eq!(codes_of("a.html", b"<html><body></body></html>"), ["empty"]);
        let long_paragraph = format!("Title\n\n{}", "A sentence of news. ".repeat(2_000));
        assert_eq!(codes_of("a.txt", long_paragraph.as_bytes()), ["repaired"]);
        let bad_date = br#"{"title": "T", "text": "The council met on Monday to vote on the plan for the harbour.", "date": 5}"#;
        assert_eq!(codes_of("a.json", bad_date), ["bad_field"]);
        let turkish = "Cumhurbaşkanı bugün Ankara'da yaptığı açıklamada yeni ekonomik tedbirleri duyurdu.\n\nBakan, enflasyonla mücadelenin süreceğini söyledi.";
        assert_eq!(codes_of("a.txt", turkish.as_bytes()), ["without_rules"]);

        let folder = crate::testing::scratch_dir("codes");
        std::fs::write(folder.join("notes.docx"), "not an article").unwrap();
        let (_, problems) = ingest::expand(&[folder.join("notes.docx")]);
        let codes: Vec<_> = problems.iter().map(Error::code).collect();
        assert_eq!(codes, ["unsupported_type"]);

        let crashed = crate::contained("a.txt", "testing", || -> Result<()> { panic!("a bug") });
        assert_eq!(crashed.unwrap_err().code(), "crashed");
        let none = Engine::new(EngineOptions::briefing()).digest(Vec::new());
        assert_eq!(none.unwrap_err().code(), "no_input");
    }

    #[test]
    fn codes_are_distinct_and_warnings_are_input_errors() {
        let path = PathBuf::from("a.txt");
        let origin = || "a.txt".to_string();
        let all = [
            Error::Unreadable {
                path: path.clone(),
                source: std::io::Error::other("gone"),
            },
            Error::NotText {
                origin: origin(),
                reason: "binary".into(),
            },
            Error::Malformed {
                origin: origin(),
                format: "JSON",
                message: "bad".into(),
            },
            Error::Empty { origin: origin() },
            Error::UnsupportedType { path: path.clone() },
            Error::NotAFile {
                path: path.clone(),
                reason: "a FIFO".into(),
            },
            Error::Repaired {
                origin: origin(),
                message: "trimmed".into(),
            },
            Error::BadField {
                origin: origin(),
                field: "date",
                message: "not a date".into(),
            },
            Error::Crashed {
                origin: origin(),
                stage: "testing",
            },
            Error::NoInput(String::new()),
            Error::Internal("a bug".into()),
        ];
        let mut codes: Vec<&str> = all.iter().map(Error::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
        for error in &all {
            if error.is_warning() {
                assert!(error.is_input_error(), "{error}");
            }
            if !matches!(error, Error::NoInput(_) | Error::Internal(_)) {
                assert!(error.to_string().starts_with("a.txt"), "{error}");
            }
        }
    }
}
