//! The core's error type, the one the use cases return. Its `Display` texts are French and meant
//! for the doctor: the command layer shows them as they are, together with a machine-readable
//! kind. Causes in English (SQLite, I/O, parsers) go to the log, never into these texts.

use serde::Serialize;

pub use erm_domain::validation::{FieldError, Invalid};
use erm_store::StoreError;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input that breaks a rule; carries one message per faulty field.
    #[error("{0}")]
    Invalid(#[from] Invalid),
    /// The thing asked for does not exist (any more).
    #[error("{0}")]
    NotFound(String),
    /// The action is not allowed in the current state (e.g. an illegal status transition).
    #[error("{0}")]
    Refused(String),
    /// A save made from a form loaded before another save of the same record (row versions).
    #[error("{0}")]
    Stale(String),
    #[error(transparent)]
    Store(StoreError),
    /// The store is not open (locked, being opened, held by another window): the text says why.
    #[error("{0}")]
    Unavailable(String),
    /// A template, a font or a document could not be produced.
    #[error("{0}")]
    Document(String),
    /// A network check failed; the message says whether the machine is offline or the site is.
    #[error("{0}")]
    Network(String),
    /// An evidence file could not be copied or read (too large, unreadable, disk full…).
    #[error(transparent)]
    Evidence(#[from] erm_store::vault::VaultError),
    /// A piece of evidence no longer matches the digest recorded when it was taken: the export
    /// stops; the doctor may choose to include it marked as modified.
    #[error("{0}")]
    ModifiedEvidence(String),
}

/// What the UI needs to tell a validation problem from a storage failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    Invalid,
    NotFound,
    Refused,
    Stale,
    Store,
    Document,
    Network,
    Evidence,
    ModifiedEvidence,
}

impl Error {
    /// The same error with per-field messages of `from` reported on `to` (a rule that names its
    /// date `occurred_on` shown in a form that calls it `sent_on`).
    pub fn rename_field(mut self, from: &str, to: &str) -> Error {
        if let Error::Invalid(inv) = &mut self {
            for f in &mut inv.errors {
                if f.field == from {
                    f.field = to.to_owned();
                }
            }
        }
        self
    }

    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Invalid(_) => ErrorKind::Invalid,
            Error::NotFound(_) => ErrorKind::NotFound,
            Error::Refused(_) => ErrorKind::Refused,
            Error::Stale(_) => ErrorKind::Stale,
            Error::Store(_) | Error::Unavailable(_) => ErrorKind::Store,
            Error::Document(_) => ErrorKind::Document,
            Error::Network(_) => ErrorKind::Network,
            Error::Evidence(_) => ErrorKind::Evidence,
            Error::ModifiedEvidence(_) => ErrorKind::ModifiedEvidence,
        }
    }
}

impl From<erm_domain::listing::ApplyError> for Error {
    fn from(e: erm_domain::listing::ApplyError) -> Self {
        use erm_domain::listing::ApplyError;
        match e {
            ApplyError::Refused(m) => Error::Refused(m),
            ApplyError::Invalid(i) => Error::Invalid(i),
        }
    }
}

impl From<erm_domain::case::machine::ApplyError> for Error {
    fn from(e: erm_domain::case::machine::ApplyError) -> Self {
        use erm_domain::case::machine::ApplyError;
        match e {
            ApplyError::Refused(m) => Error::Refused(m),
            ApplyError::Invalid(i) => Error::Invalid(i),
        }
    }
}

/// The store's refusals keep their kind (not found, refused, stale, invalid); everything else
/// about the file itself stays a store error.
impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(m) => Error::NotFound(m),
            StoreError::Refused(m) => Error::Refused(m),
            StoreError::Stale(m) => Error::Stale(m),
            StoreError::Invalid(i) => Error::Invalid(i),
            other => Error::Store(other),
        }
    }
}

impl From<erm_documents::DocumentError> for Error {
    fn from(e: erm_documents::DocumentError) -> Self {
        use erm_documents::DocumentError as D;
        match e {
            D::Invalid(i) => Error::Invalid(i),
            D::Refused(m) => Error::Refused(m),
            D::Document(m) => Error::Document(m),
        }
    }
}

impl From<erm_replies::ReplyError> for Error {
    fn from(e: erm_replies::ReplyError) -> Self {
        use erm_replies::ReplyError as R;
        match e {
            R::Invalid(i) => Error::Invalid(i),
            R::Refused(m) => Error::Refused(m),
            R::Document(m) => Error::Document(m),
        }
    }
}

/// Network failures are told in French by the network crate; here they become the network kind.
impl From<erm_net::http::FetchError> for Error {
    fn from(e: erm_net::http::FetchError) -> Self {
        Error::Network(e.to_string())
    }
}

impl From<erm_net::NetError> for Error {
    fn from(e: erm_net::NetError) -> Self {
        match e {
            erm_net::NetError::Invalid(i) => Error::Invalid(i),
            erm_net::NetError::Fetch(f) => f.into(),
        }
    }
}

impl From<erm_net::capture::CaptureError> for Error {
    fn from(e: erm_net::capture::CaptureError) -> Self {
        Error::Network(e.to_string())
    }
}

impl From<erm_net::feeds::FeedError> for Error {
    fn from(e: erm_net::feeds::FeedError) -> Self {
        Error::Network(e.to_string())
    }
}

/// An archive that could not be written, in the doctor's words; one stopped on a modified piece
/// keeps its own kind so the screen can offer to include it, marked.
pub fn archive_error(e: erm_documents::export::ExportError) -> Error {
    if e.is_modified_evidence() {
        Error::ModifiedEvidence(e.message().to_owned())
    } else {
        Error::Document(e.message().to_owned())
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Store(StoreError::from(e))
    }
}
