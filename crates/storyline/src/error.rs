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
        crate::ingest::SUPPORTED_EXTENSIONS
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
        matches!(self, Error::Repaired { .. } | Error::BadField { .. })
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
            Error::Crashed { .. } => "crashed",
            Error::NoInput(_) => "no_input",
            Error::Internal(_) => "internal",
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
