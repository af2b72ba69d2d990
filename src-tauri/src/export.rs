//! Handing documents to the doctor: "save as" dialog, then the system viewer for printing, and
//! opening web pages in the browser. All driven from Rust so the web view needs no plugin
//! permission.
//!
//! Environment variables exist for the end-to-end tests, where native dialogs and the system
//! clipboard cannot be checked: `ERM_EXPORT_DIR` saves into that folder without asking,
//! `ERM_NO_OPEN=1` records what would have been opened instead of launching a viewer or browser,
//! and `ERM_CLIPBOARD_FILE` receives copied text instead of the clipboard.

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
    let target = match std::env::var_os("ERM_EXPORT_DIR") {
        Some(dir) => Some(PathBuf::from(dir).join(file_name)),
        None => app
            .dialog()
            .file()
            .set_title("Enregistrer le courrier")
            .set_file_name(file_name)
            .add_filter("Document PDF", &["pdf"])
            .blocking_save_file()
            .and_then(|p| p.into_path().ok()),
    };
    let Some(target) = target else { return Ok(None) };
    write_atomically(&target, bytes)?;
    Ok(Some(target))
}

/// Writes through a temporary file in the same folder, so a crash never leaves half a PDF.
fn write_atomically(target: &Path, bytes: &[u8]) -> Result<(), CommandError> {
    let fail = |e: std::io::Error| {
        CommandError::document(format!("Impossible d'écrire le fichier {} : {e}", target.display()))
    };
    let dir = target.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(fail)?;
    let tmp = dir.join(format!(".{}.partiel", target.file_name().and_then(|n| n.to_str()).unwrap_or("export")));
    std::fs::write(&tmp, bytes).map_err(fail)?;
    std::fs::rename(&tmp, target).map_err(fail)
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
            eprintln!("e-reputation-medecin: aucun lecteur n'a pu ouvrir {} : {e}", path.display());
            false
        }
    }
}

/// Opens an http(s) address in the default browser. Other schemes are refused.
pub fn open_web_page<R: Runtime>(app: &AppHandle<R>, url: &str) -> Result<(), CommandError> {
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(CommandError::invalid("url", "Seules les adresses web (http ou https) peuvent être ouvertes."));
    }
    if test_mode_no_open(url) {
        return Ok(());
    }
    app.opener()
        .open_url(url, None::<&str>)
        .map_err(|e| CommandError::document(format!("Impossible d'ouvrir le navigateur : {e}")))
}

/// Test override: copied text goes to this file instead of the system clipboard.
pub const CLIPBOARD_FILE_ENV: &str = "ERM_CLIPBOARD_FILE";

/// Puts `text` on the system clipboard (from Rust, so the web view needs no clipboard permission).
pub fn copy_text<R: Runtime>(app: &AppHandle<R>, text: &str) -> Result<(), CommandError> {
    if let Some(path) = std::env::var_os(CLIPBOARD_FILE_ENV).filter(|p| !p.is_empty()) {
        return std::fs::write(&path, text)
            .map_err(|e| CommandError::document(format!("Impossible d'écrire {} : {e}", path.to_string_lossy())));
    }
    app.clipboard()
        .write_text(text.to_owned())
        .map_err(|e| CommandError::document(format!("Impossible de copier le texte dans le presse-papiers : {e}")))
}

fn test_mode_no_open(what: &str) -> bool {
    if std::env::var("ERM_NO_OPEN").as_deref() == Ok("1") {
        eprintln!("e-reputation-medecin: (ERM_NO_OPEN) ouverture ignorée : {what}");
        return true;
    }
    false
}
