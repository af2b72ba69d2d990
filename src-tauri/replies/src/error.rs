//! The reply material's one error type (French texts): a draft too long, a template that cannot
//! be filled, a reply not ready to copy.

use erm_domain::validation::Invalid;

#[derive(Debug, thiserror::Error)]
pub enum ReplyError {
    #[error("{0}")]
    Invalid(#[from] Invalid),
    #[error("{0}")]
    Refused(String),
    /// A reply template that is malformed or names a field the context does not have.
    #[error("{0}")]
    Document(String),
}
