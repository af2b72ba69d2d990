//! Commands through Tauri's mock runtime, with the real configuration and capability file, so
//! these tests also prove what the window may and may not call. No display needed.

use erm_app::{register, AppState};
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow};

struct App {
    _app: tauri::App<tauri::test::MockRuntime>,
    window: WebviewWindow<tauri::test::MockRuntime>,
    _dir: tempfile::TempDir,
}

fn app_with(dir: tempfile::TempDir, state: AppState) -> App {
    let app = register(mock_builder()).build(tauri::generate_context!(test = true)).expect("app builds");
    app.manage(state);
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    App { _app: app, window, _dir: dir }
}

fn app() -> App {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::open(dir.path(), std::time::Instant::now());
    assert!(state.open_error().is_none());
    app_with(dir, state)
}

fn call(app: &App, cmd: &str, args: Value) -> Result<Value, Value> {
    call_from(app, "tauri://localhost", cmd, args)
}

fn call_from(app: &App, origin: &str, cmd: &str, args: Value) -> Result<Value, Value> {
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

fn valid_input() -> Value {
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

#[test]
fn first_run_then_profile_saved_and_listed() {
    let app = app();
    let info = call(&app, "app_info", json!({})).unwrap();
    assert_eq!(info["has_practitioner"], false);
    assert!(info["store_error"].is_null());

    let saved = call(&app, "practitioner_save", json!({ "args": { "id": null, "input": valid_input() } })).unwrap();
    assert_eq!(saved["last_name"], "Çelik-Noël");
    assert_eq!(saved["address_lines"][1], "3 place de l'Église");
    assert_eq!(saved["signature_city"], "Lyon");

    let list = call(&app, "practitioner_list", json!({})).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["first_name"], "Jérôme");
    assert_eq!(call(&app, "app_info", json!({})).unwrap()["has_practitioner"], true);
}

#[test]
fn invalid_input_is_refused_with_french_messages_per_field() {
    let app = app();
    let mut input = valid_input();
    input["rpps"] = json!("12345");
    input["email"] = json!("pas une adresse");
    input["address_lines"] = json!(["Une ligne d'adresse beaucoup trop longue pour une enveloppe"]);
    let err = call(&app, "practitioner_save", json!({ "args": { "id": null, "input": input } })).unwrap_err();
    assert_eq!(err["kind"], "invalid");
    let fields: Vec<&str> = err["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"rpps") && fields.contains(&"email"), "{err}");
    let rpps_msg = err["fields"].as_array().unwrap().iter().find(|f| f["field"] == "rpps").unwrap()["message"].as_str().unwrap();
    assert!(rpps_msg.contains("11 chiffres"), "{rpps_msg}");
    assert_eq!(call(&app, "practitioner_list", json!({})).unwrap().as_array().unwrap().len(), 0, "nothing stored");
}

#[test]
fn updating_a_vanished_practitioner_is_not_found() {
    let app = app();
    let err = call(&app, "practitioner_save", json!({ "args": { "id": 999, "input": valid_input() } })).unwrap_err();
    assert_eq!(err["kind"], "not_found", "{err}");
}

#[test]
fn backup_and_integrity_check_from_settings() {
    let app = app();
    call(&app, "practitioner_save", json!({ "args": { "id": null, "input": valid_input() } })).unwrap();
    let report = call(&app, "store_check", json!({})).unwrap();
    assert_eq!(report["ok"], true, "{report}");
    let path = call(&app, "store_backup", json!({})).unwrap();
    let path = std::path::PathBuf::from(path.as_str().unwrap());
    assert!(path.exists() && path.metadata().unwrap().len() > 0);
    assert!(path.parent().unwrap().ends_with("sauvegardes"));
}

#[test]
fn the_window_cannot_reach_plugin_or_core_apis() {
    let app = app();
    for cmd in ["plugin:dialog|open", "plugin:opener|open_url", "plugin:fs|read_file", "plugin:app|version"] {
        let err = call(&app, cmd, json!({})).expect_err(cmd);
        let text = err.to_string();
        assert!(text.contains("not allowed") || text.contains("not found"), "{cmd}: {text}");
    }
    // The ACL is really enforced: our own commands are refused to a page from any other origin.
    let err = call_from(&app, "https://example.com", "app_info", json!({})).expect_err("remote origin");
    assert!(err.to_string().contains("not allowed"), "{err}");
    assert!(call(&app, "app_info", json!({})).is_ok());
}

#[test]
fn an_unusable_database_is_reported_and_commands_refuse_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(erm_app::state::DB_FILE), b"pas une base de donnees du tout, vraiment pas").unwrap();
    let state = AppState::open(dir.path(), std::time::Instant::now());
    let app = app_with(dir, state);
    let info = call(&app, "app_info", json!({})).unwrap();
    assert!(info["store_error"].as_str().unwrap().contains("endommagé"), "{info}");
    let err = call(&app, "practitioner_list", json!({})).unwrap_err();
    assert_eq!(err["kind"], "store");
}

#[test]
fn help_directory_keeps_the_doctors_notes() {
    let app = app();
    let dir = call(&app, "help_directory", json!({})).unwrap();
    let groups: Vec<&str> = dir["groups"].as_array().unwrap().iter().map(|g| g["id"].as_str().unwrap()).collect();
    assert_eq!(groups, ["ordre", "urps", "assureurs", "societes"]);
    let saved = call(&app, "help_note_save", json!({ "entryId": "macsf", "note": "  Contrat RCP n° 42  " })).unwrap();
    assert_eq!(saved, "Contrat RCP n° 42");
    let dir = call(&app, "help_directory", json!({})).unwrap();
    let macsf = dir["groups"].as_array().unwrap().iter().flat_map(|g| g["entries"].as_array().unwrap()).find(|e| e["id"] == "macsf").unwrap().clone();
    assert_eq!(macsf["note"], "Contrat RCP n° 42");
    let err = call(&app, "help_note_save", json!({ "entryId": "inconnu", "note": "x" })).unwrap_err();
    assert_eq!(err["kind"], "not_found");
    let err = call(&app, "help_open_site", json!({ "entryId": "cdom" })).unwrap_err();
    assert_eq!(err["kind"], "not_found", "an entry without a web site opens nothing: {err}");
}

#[test]
fn envelope_settings_are_validated_per_field_and_kept() {
    let app = app();
    let defaults = call(&app, "envelope_settings_get", json!({})).unwrap();
    assert_eq!(defaults["window_left_mm"], 110.0);
    assert_eq!(defaults["window_top_mm"], 55.0);
    let mut bad = defaults.clone();
    bad["window_left_mm"] = json!(190.0);
    let err = call(&app, "envelope_settings_save", json!({ "settings": bad })).unwrap_err();
    assert_eq!(err["kind"], "invalid");
    assert_eq!(err["fields"][0]["field"], "window_left_mm", "{err}");
    let mut good = defaults.clone();
    good["window_left_mm"] = json!(108.5);
    good["fold_marks"] = json!(true);
    call(&app, "envelope_settings_save", json!({ "settings": good })).unwrap();
    let saved = call(&app, "envelope_settings_get", json!({})).unwrap();
    assert_eq!(saved["window_left_mm"], 108.5);
    assert_eq!(saved["fold_marks"], true);
}
