//! The one error shape the UI receives: `{ kind, message, fields }`, in French. The cause of a
//! failure stays in the log; the doctor gets a sentence about what to do.

use erm_usecases::error::{Error, ErrorKind, FieldError, Invalid};
use serde::de::DeserializeOwned;
use serde::Serialize;
use tauri::ipc::{CommandArg, CommandItem, InvokeError};
use tauri::Runtime;

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
        Error::Invalid(Invalid::single(field, message)).into()
    }

    /// Something that should not happen (a worker thread that died): logged, and told plainly.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        log::error!("internal: {cause}");
        CommandError::document("L'opération s'est interrompue de façon inattendue ; rien n'a été modifié. Le détail est dans le journal de l'application.")
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

impl From<erm_usecases::StoreError> for CommandError {
    fn from(e: erm_usecases::StoreError) -> Self {
        Error::from(e).into()
    }
}

pub type CmdResult<T> = Result<T, CommandError>;

/// A command argument read from the page's JSON. Tauri's own reading answers a malformed value
/// with serde's English text; this one logs that text and answers in French, in the same
/// `{ kind, message, fields }` shape as every other error (the UI is not a trust boundary).
pub struct Arg<T>(pub T);

impl<'de, T: DeserializeOwned, R: Runtime> CommandArg<'de, R> for Arg<T> {
    fn from_command(command: CommandItem<'de, R>) -> Result<Self, InvokeError> {
        let (name, key) = (command.name, command.key);
        T::deserialize(command).map(Arg).map_err(|e| {
            log::warn!("command {name}: argument `{key}` refused: {e}");
            let err = CommandError {
                kind: ErrorKind::Invalid,
                message: "L'application a reçu une demande mal formée ; rien n'a été modifié. Rechargez l'écran (Ctrl+R) puis recommencez.".into(),
                fields: vec![],
            };
            InvokeError::from(err)
        })
    }
}
