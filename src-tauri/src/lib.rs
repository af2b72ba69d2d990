//! The Tauri shell of E-Réputation Médecin: window, state and command wiring. All rules live
//! in `erm-core`; this crate only adapts them to the UI.

pub mod clock;
pub mod commands;
pub mod error;
pub mod export;
pub mod state;

use std::path::PathBuf;

use tauri::Manager;

pub use state::AppState;

/// Environment variable that overrides the data directory (tests, portable installs).
pub const DATA_DIR_ENV: &str = "ERM_DATA_DIR";

/// Registers plugins and commands. Shared by the real app and the mock-runtime tests so that
/// both see exactly the same command table.
pub fn register<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .invoke_handler(commands::handler())
}

/// The data directory: `$ERM_DATA_DIR` if set, the platform's app-data directory otherwise
/// (`~/.local/share/fr.e-reputation-medecin.app` on Linux).
pub fn data_dir<R: tauri::Runtime>(app: &tauri::App<R>) -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    app.path().app_data_dir().map_err(|e| format!("dossier de données introuvable : {e}"))
}

pub fn run() {
    let started = std::time::Instant::now();
    register(tauri::Builder::default())
        .setup(move |app| {
            let state = match data_dir(app) {
                Ok(dir) => AppState::open(&dir, started),
                Err(e) => AppState::failed(e, started),
            };
            if let Some(err) = state.open_error() {
                eprintln!("e-reputation-medecin: {err}");
            }
            app.manage(state);
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("error while running the E-Réputation Médecin application");
}
