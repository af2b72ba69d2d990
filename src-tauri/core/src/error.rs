//! The core's error type. Its `Display` texts are French and meant for the doctor: the command
//! layer shows them as they are, together with a machine-readable kind.

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
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A template, a font or a document could not be produced.
    #[error("{0}")]
    Document(String),
    /// A network check failed; the message says whether the machine is offline or the site is.
    #[error("{0}")]
    Network(String),
}

/// What the UI needs to tell a validation problem from a storage failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    Invalid,
    NotFound,
    Refused,
    Store,
    Document,
    Network,
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Invalid(_) => ErrorKind::Invalid,
            Error::NotFound(_) => ErrorKind::NotFound,
            Error::Refused(_) => ErrorKind::Refused,
            Error::Store(_) => ErrorKind::Store,
            Error::Document(_) => ErrorKind::Document,
            Error::Network(_) => ErrorKind::Network,
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Store(StoreError::from(e))
    }
}
