//! Paramètres → « Protéger les données par un mot de passe » (SQLCipher): turn on, change, turn
//! off. Each rewrites the whole file and its backups: the store is taken out of its lock for the
//! swap (`AppState::swap`) and the work runs off the window's thread.

use erm_usecases::error::Invalid;
use erm_usecases::Passphrase;
use erm_usecases::full_export::PLAINTEXT_EXPORT_WARNING;
use erm_usecases::protection::{self, ProtectionReport, ProtectionStatus, PASSPHRASE_CANNOT_BE_RECOVERED};
use erm_usecases::Error;
use serde::{Deserialize, Serialize};
use tauri::State;

use crate::error::{Arg, CmdResult};
use crate::AppState;

#[derive(Serialize)]
pub struct ProtectionInfo {
    #[serde(flatten)]
    pub status: ProtectionStatus,
    /// Shown, to be acknowledged, before protection is turned on.
    pub cannot_be_recovered: &'static str,
    /// Shown before a full export of a protected store (the export is in clear).
    pub export_warning: &'static str,
}

#[tauri::command]
pub async fn store_protection(state: State<'_, AppState>) -> CmdResult<ProtectionInfo> {
    let status = state.run(|s| Ok(protection::status(s))).await?;
    Ok(ProtectionInfo { status, cannot_be_recovered: PASSPHRASE_CANNOT_BE_RECOVERED, export_warning: PLAINTEXT_EXPORT_WARNING })
}

#[derive(Deserialize)]
pub struct NewPassphrase {
    /// The current passphrase (changing or removing the protection).
    #[serde(default)]
    pub current: String,
    /// The new one, typed twice.
    #[serde(default)]
    pub passphrase: String,
    #[serde(default)]
    pub confirmation: String,
    /// The doctor ticked « J'ai compris qu'un mot de passe oublié ne peut pas être retrouvé ».
    #[serde(default)]
    pub understood: bool,
}

/// Both typings of the new passphrase, checked in Rust (every fault on its field).
fn new_passphrase(args: &NewPassphrase) -> Result<Passphrase, Error> {
    let mut inv = Invalid::new();
    if !args.understood {
        inv.push("understood", "Cochez la case pour confirmer que vous avez compris qu'un mot de passe oublié ne peut pas être retrouvé.");
    }
    if args.passphrase != args.confirmation {
        inv.push("confirmation", "Les deux saisies du mot de passe ne sont pas identiques.");
    }
    let key = Passphrase::new(args.passphrase.clone());
    if let Err(e) = &key {
        inv.errors.extend(e.errors.iter().cloned());
    }
    if !inv.is_empty() {
        return Err(inv.into());
    }
    key.map_err(Error::from)
}

fn current(args: &NewPassphrase) -> Result<Passphrase, Error> {
    Passphrase::new(args.current.clone()).map_err(|e| Error::from(e).rename_field("passphrase", "current"))
}

#[tauri::command]
pub async fn store_protect(state: State<'_, AppState>, args: Arg<NewPassphrase>) -> CmdResult<ProtectionReport> {
    let key = new_passphrase(&args.0)?;
    state.swap(move |s| protection::protect(s, &key)).await
}

#[tauri::command]
pub async fn store_change_passphrase(state: State<'_, AppState>, args: Arg<NewPassphrase>) -> CmdResult<ProtectionReport> {
    let old = current(&args.0)?;
    let new = new_passphrase(&NewPassphrase { understood: true, ..args.0 })?;
    state.swap(move |s| protection::change_passphrase(s, &old, &new)).await
}

#[tauri::command]
pub async fn store_unprotect(state: State<'_, AppState>, args: Arg<NewPassphrase>) -> CmdResult<ProtectionReport> {
    let key = current(&args.0)?;
    state.swap(move |s| protection::unprotect(s, &key)).await
}
