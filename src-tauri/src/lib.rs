//! The Tauri shell of E-Réputation Médecin: window, state, log and command wiring. All rules
//! live in `erm-usecases` and the layers below it; this crate only adapts them to the UI and does
//! what needs the operating system (dialogs, clipboard, viewer, browser).

pub mod clock;
pub mod commands;
pub mod error;
pub mod export;
pub mod hooks;
pub mod instance;
pub mod privacy;
pub mod reminders;
pub mod rendering;
pub mod state;

use std::path::{Path, PathBuf};

use tauri::Manager;

pub use state::AppState;

/// Environment variable that overrides the data directory (tests, portable installs).
pub const DATA_DIR_ENV: &str = "ERM_DATA_DIR";

/// The log's folder inside the data directory.
pub const LOG_DIR: &str = "journal";

/// Registers plugins and commands. Shared by the real app and the mock-runtime tests so that
/// both see exactly the same command table.
pub fn register<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_notification::init())
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

/// The log file, `<data>/journal/e-reputation-medecin.log`, rotated at 1 MB keeping three files.
/// Only events, identifiers and causes are logged: never a review's text, a reply or health data.
fn log_plugin<R: tauri::Runtime>(dir: &Path) -> tauri::plugin::TauriPlugin<R> {
    use tauri_plugin_log::{RotationStrategy, Target, TargetKind};
    tauri_plugin_log::Builder::new()
        .clear_targets()
        .target(Target::new(TargetKind::Folder { path: dir.join(LOG_DIR), file_name: Some("e-reputation-medecin".into()) }))
        .target(Target::new(TargetKind::Stderr))
        .level(log::LevelFilter::Warn)
        .level_for("erm_usecases", log::LevelFilter::Info)
        .level_for("erm_app", log::LevelFilter::Info)
        .level_for("e_reputation_medecin", log::LevelFilter::Info)
        .max_file_size(1_000_000)
        .rotation_strategy(RotationStrategy::KeepSome(3))
        .build()
}

pub fn run() {
    let started = std::time::Instant::now();
    // Before any file is created: what the app writes is the doctor's alone.
    privacy::private_by_default();
    rendering::prefer_cpu_painting();
    let mut builder = tauri::Builder::default();
    // First plugin, as the plugin requires; only on the installed app's own data folder.
    if std::env::var_os(DATA_DIR_ENV).is_none() {
        builder = builder.plugin(instance::plugin());
    }
    let launched = register(builder)
        .setup(move |app| {
            let state = match data_dir(app) {
                Ok(dir) => {
                    let tightened = privacy::tighten(&dir);
                    if let Err(e) = app.handle().plugin(log_plugin(&dir)) {
                        eprintln!("e-reputation-medecin: journal indisponible : {e}");
                    }
                    if tightened > 0 {
                        log::info!("data folder: {tightened} entries made private to the user");
                    }
                    AppState::pending(&dir, started)
                }
                Err(e) => AppState::failed(e, started),
            };
            app.manage(state);
            // The store opens beside the window being built, not before it: the integrity probe
            // of a large file (or a migration) no longer delays the first paint.
            let handle = app.handle().clone();
            let opening = std::thread::Builder::new().name("ouverture".into()).spawn(move || {
                handle.state::<AppState>().finish_opening();
                reminders::start(handle.clone());
                commands::watch_fetch::fetch_at_start_up(handle);
            });
            if let Err(e) = opening {
                log::error!("store opening thread not started: {e}");
                app.state::<AppState>().finish_opening();
            }
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(e) = launched {
        // Nothing is shown yet (no window): the log and stderr are all there is.
        log::error!("the application could not start: {e}");
        eprintln!("E-Réputation Médecin n'a pas pu démarrer : {e}");
        std::process::exit(1);
    }
}
