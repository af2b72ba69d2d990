//! The one error shape the UI receives: `{ kind, message, fields }`, in French.

use erm_core::domain::validation::FieldError;
use erm_core::error::{Error, ErrorKind};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct CommandError {
    pub kind: ErrorKind,
    pub message: String,
    /// Per-field messages for forms (empty unless `kind` is `invalid`).
    pub fields: Vec<FieldError>,
}

impl CommandError {
    pub fn store(message: String) -> Self {
        CommandError { kind: ErrorKind::Store, message, fields: vec![] }
    }

    pub fn document(message: impl Into<String>) -> Self {
        CommandError { kind: ErrorKind::Document, message: message.into(), fields: vec![] }
    }

    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Error::Invalid(erm_core::domain::validation::Invalid::single(field, message)).into()
    }
}

impl From<Error> for CommandError {
    fn from(e: Error) -> Self {
        let fields = match &e {
            Error::Invalid(inv) => inv.errors.clone(),
            _ => vec![],
        };
        CommandError { kind: e.kind(), message: e.to_string(), fields }
    }
}

impl From<erm_core::store::StoreError> for CommandError {
    fn from(e: erm_core::store::StoreError) -> Self {
        Error::from(e).into()
    }
}

pub type CmdResult<T> = Result<T, CommandError>;
