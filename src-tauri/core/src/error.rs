//! The core's error type, the one the use cases return. Its `Display` texts are French and meant
//! for the doctor: the command layer shows them as they are, together with a machine-readable
//! kind. Causes in English (SQLite, I/O, parsers) go to the log, never into these texts.

use serde::Serialize;

use crate::domain::validation::Invalid;
use crate::store::StoreError;

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
    Store(#[from] StoreError),
    /// A template, a font or a document could not be produced.
    #[error("{0}")]
    Document(String),
    /// A network check failed; the message says whether the machine is offline or the site is.
    #[error("{0}")]
    Network(String),
    /// An evidence file could not be copied or read (too large, unreadable, disk full…).
    #[error(transparent)]
    Evidence(#[from] crate::store::vault::VaultError),
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
            Error::Store(_) => ErrorKind::Store,
            Error::Document(_) => ErrorKind::Document,
            Error::Network(_) => ErrorKind::Network,
            Error::Evidence(_) => ErrorKind::Evidence,
        }
    }
}

impl From<crate::domain::listing::ApplyError> for Error {
    fn from(e: crate::domain::listing::ApplyError) -> Self {
        use crate::domain::listing::ApplyError;
        match e {
            ApplyError::Refused(m) => Error::Refused(m),
            ApplyError::Invalid(i) => Error::Invalid(i),
        }
    }
}

impl From<crate::domain::case::machine::ApplyError> for Error {
    fn from(e: crate::domain::case::machine::ApplyError) -> Self {
        use crate::domain::case::machine::ApplyError;
        match e {
            ApplyError::Refused(m) => Error::Refused(m),
            ApplyError::Invalid(i) => Error::Invalid(i),
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Store(StoreError::from(e))
    }
}
