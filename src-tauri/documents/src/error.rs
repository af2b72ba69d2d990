//! The documents' one error type. Its texts are French (a template or a font that failed, a
//! letter that lacks what its checklist requires); the use cases decide how the doctor sees it.

use erm_domain::validation::Invalid;

#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// A field the letter needs is missing or wrong.
    #[error("{0}")]
    Invalid(#[from] Invalid),
    /// The letter cannot be written in this state (e.g. a CNIL complaint with no prior request).
    #[error("{0}")]
    Refused(String),
    /// A template, a font or the PDF itself could not be produced.
    #[error("{0}")]
    Document(String),
}
