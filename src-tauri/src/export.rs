//! Handing documents to the doctor: "save as" dialog, then the system viewer for printing, and
//! opening web pages in the browser. All driven from Rust so the web view needs no plugin
//! permission.
//!
//! Where native dialogs and the system clipboard cannot be driven (end-to-end tests, debug builds
//! only), the hooks of `hooks.rs` replace them.

use std::path::{Path, PathBuf};

use tauri::{AppHandle, Runtime};
use tauri_plugin_clipboard_manager::ClipboardExt;
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use crate::error::CommandError;

/// Asks where to save `bytes` (suggesting `file_name`) and writes them there. `Ok(None)` when the
/// doctor cancels. Must be called from an async command: the dialog blocks its thread.
pub fn save_with_dialog<R: Runtime>(
    app: &AppHandle<R>,
    file_name: &str,
    bytes: &[u8],
) -> Result<Option<PathBuf>, CommandError> {
    let Some(target) = pick_target(app, "Enregistrer le courrier", file_name, ("Document PDF", "pdf")) else { return Ok(None) };
    write_atomically(&target, bytes)?;
    Ok(Some(target))
}

/// Asks where to save a file (suggesting `file_name`, filtered on `filter`'s extension); `None`
/// when the doctor cancels. For documents the core writes itself (archives, calendars).
pub fn pick_target<R: Runtime>(app: &AppHandle<R>, title: &str, file_name: &str, filter: (&str, &str)) -> Option<PathBuf> {
    match crate::hooks::export_dir() {
        Some(dir) => Some(free_name(&dir.join(file_name))),
        None => app
            .dialog()
            .file()
            .set_title(title)
            .set_file_name(file_name)
            .add_filter(filter.0, &[filter.1])
            .blocking_save_file()
            .and_then(|p| p.into_path().ok()),
    }
}

/// `path`, or `name-2.pdf`, `name-3.pdf`… when a file is already there: a letter file is never
/// replaced without the doctor choosing so in the save dialog.
fn free_name(path: &Path) -> PathBuf {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("document").to_owned();
    let ext = path.extension().and_then(|s| s.to_str()).map(|e| format!(".{e}")).unwrap_or_default();
    let mut candidate = path.to_owned();
    let mut n = 1;
    while candidate.exists() {
        n += 1;
        candidate = path.with_file_name(format!("{stem}-{n}{ext}"));
    }
    candidate
}

/// Writes through the one atomic helper (`erm_usecases::write_file_atomically`): a crash or a
/// power cut leaves the old file or the new one, never half a PDF, and the file is private.
pub fn write_atomically(target: &Path, bytes: &[u8]) -> Result<(), CommandError> {
    erm_usecases::write_file_atomically(target, bytes).map_err(|e| {
        log::warn!("writing {}: {e}", target.display());
        CommandError::document(format!(
            "Le fichier {} n'a pas pu être écrit (dossier en lecture seule ou disque plein ?). Choisissez un autre dossier.",
            target.display()
        ))
    })
}

/// A document handed to the doctor: where it was saved, and whether a viewer opened it.
#[derive(Debug, serde::Serialize)]
pub struct Saved {
    pub path: String,
    /// False when no PDF viewer could be launched; the file is saved all the same and the UI
    /// tells the doctor to open it themselves.
    pub opened: bool,
}

/// Asks where to save a PDF, writes it, then opens it in the system viewer for printing.
/// `Ok(None)` when the doctor cancels. A viewer that fails to start does not undo the save.
pub fn save_and_open<R: Runtime>(app: &AppHandle<R>, file_name: &str, pdf: &[u8]) -> Result<Option<Saved>, CommandError> {
    let Some(path) = save_with_dialog(app, file_name, pdf)? else { return Ok(None) };
    let opened = open_file(app, &path);
    Ok(Some(Saved { path: path.display().to_string(), opened }))
}

/// Opens a file with the system's default application (a PDF viewer, to print). Returns false,
/// after logging why, when none could be started.
pub fn open_file<R: Runtime>(app: &AppHandle<R>, path: &Path) -> bool {
    if test_mode_no_open(&path.display().to_string()) {
        return true;
    }
    match app.opener().open_path(path.display().to_string(), None::<&str>) {
        Ok(()) => true,
        Err(e) => {
            log::warn!("no viewer could open {}: {e}", path.display());
            false
        }
    }
}

/// Opens an http(s) address in the default browser. Other schemes are refused.
pub fn open_web_page<R: Runtime>(app: &AppHandle<R>, url: &str) -> Result<(), CommandError> {
    erm_usecases::sites::check_web_address(url)?;
    if test_mode_no_open(url) {
        return Ok(());
    }
    app.opener().open_url(url, None::<&str>).map_err(|e| {
        log::warn!("browser: {e}");
        CommandError::document("Le navigateur n'a pas pu être ouvert. Copiez l'adresse et ouvrez-la vous-même.")
    })
}

/// Puts `text` on the system clipboard (from Rust, so the web view needs no clipboard permission).
pub fn copy_text<R: Runtime>(app: &AppHandle<R>, text: &str) -> Result<(), CommandError> {
    if let Some(path) = crate::hooks::clipboard_file() {
        return write_atomically(&path, text.as_bytes());
    }
    app.clipboard().write_text(text.to_owned()).map_err(|e| {
        log::warn!("clipboard: {e}");
        CommandError::document("Le texte n'a pas pu être copié dans le presse-papiers. Sélectionnez-le et copiez-le vous-même (Ctrl+C).")
    })
}

fn test_mode_no_open(what: &str) -> bool {
    if crate::hooks::no_open() {
        log::info!("(ERM_NO_OPEN) not opened: {what}");
        return true;
    }
    false
}
