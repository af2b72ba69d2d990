//! What the mock-runtime command tests share: an app over a fresh data folder with the real
//! configuration and capability file, and a call that goes through the IPC like the window's.
#![allow(dead_code)] // each test file uses its own subset

use erm_app::{register, AppState};
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow};

pub struct App {
    pub _app: tauri::App<tauri::test::MockRuntime>,
    pub window: WebviewWindow<tauri::test::MockRuntime>,
    pub _dir: tempfile::TempDir,
}

pub fn app_with(dir: tempfile::TempDir, state: AppState) -> App {
    let app = register(mock_builder()).build(tauri::generate_context!(test = true)).expect("app builds");
    app.manage(state);
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    App { _app: app, window, _dir: dir }
}

pub fn app() -> App {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::open(dir.path(), std::time::Instant::now());
    assert_eq!(state.status().0, erm_app::state::StoreState::Open);
    app_with(dir, state)
}

pub fn call(app: &App, cmd: &str, args: Value) -> Result<Value, Value> {
    call_from(app, "tauri://localhost", cmd, args)
}

pub fn call_from(app: &App, origin: &str, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(
        &app.window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: origin.parse().unwrap(),
            body: InvokeBody::from(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().unwrap())
}

pub fn valid_input() -> Value {
    json!({
        "civility": "monsieur", "title": "docteur",
        "first_name": "Jérôme", "last_name": "Çelik-Noël",
        "specialty": "Pédiatrie", "rpps": "10101010101",
        "address_lines": ["Maison de santé", "3 place de l'Église"],
        "postcode": "69003", "city": "Lyon",
        "phone": "04 72 00 00 00", "email": "secretariat@cabinet-exemple.fr",
        "signature_city": "", "is_default": true
    })
}

/// The export overrides are process-wide: every test that saves a PDF shares one folder and
/// gets its files' paths back from the command, so tests never read each other's files.
pub fn export_dir() -> &'static std::path::Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        std::env::set_var("ERM_EXPORT_DIR", dir.path());
        std::env::set_var("ERM_NO_OPEN", "1");
        dir
    })
    .path()
}

