//! The first screen's commands through Tauri's mock runtime: an empty data file whose practice
//! was protected by a password is brought back from its encrypted backup, with the passphrase
//! typed on that screen.

mod support;

use erm_app::state::{StoreState, DB_FILE};
use erm_app::AppState;
use erm_usecases::Passphrase;
use erm_usecases::{self as usecases, protection};
use serde_json::json;
use support::*;

#[test]
fn an_empty_file_of_a_protected_practice_is_restored_from_its_backup_with_the_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(DB_FILE);
    let key = Passphrase::new("cabinet-2026").unwrap();
    {
        let mut store = usecases::open_store(&db).unwrap();
        let doctor = serde_json::from_value(valid_input()).unwrap();
        usecases::practice::save(&mut store, None, &doctor).unwrap();
        let (store, done) = protection::protect(store, &key);
        done.unwrap();
        store.backup_now().unwrap();
    }
    std::fs::write(&db, b"").unwrap();
    for side in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(dir.path().join(format!("{DB_FILE}{side}")));
    }

    let state = AppState::open(dir.path(), std::time::Instant::now());
    assert_eq!(state.status().0, StoreState::Empty);
    let app = app_with(dir, state);

    // Without the passphrase the backup is listed, unreadable, with the reason.
    let listed = call(&app, "store_gate_backups", json!({ "passphrase": null })).unwrap();
    let backup = &listed.as_array().unwrap()[0];
    assert!(backup["unreadable"].as_str().unwrap().contains("mot de passe"), "{backup}");
    let name = backup["file_name"].as_str().unwrap().to_owned();
    // Too short to be a passphrase: refused in French on its field, nothing read.
    let err = call(&app, "store_gate_backups", json!({ "passphrase": "court" })).unwrap_err();
    assert_eq!(err["fields"][0]["field"], "passphrase", "{err}");

    // With it, the backup is read and counted, then restored and opened.
    let listed = call(&app, "store_gate_backups", json!({ "passphrase": "cabinet-2026" })).unwrap();
    assert!(listed[0]["unreadable"].is_null(), "{listed}");
    call(&app, "store_restore_into_empty", json!({ "fileName": name, "passphrase": "cabinet-2026" })).unwrap();
    let info = call(&app, "app_info", json!({})).unwrap();
    assert_eq!(info["store_state"], "open", "{info}");
    assert_eq!(info["has_practitioner"], true, "{info}");
    let protected = call(&app, "store_protection", json!({})).unwrap();
    assert_eq!(protected["protected"], true, "still protected after the restore");
}
