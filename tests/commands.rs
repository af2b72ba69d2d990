//! Commands through Tauri's mock runtime, with the real configuration and capability file, so
//! these tests also prove what the window may and may not call. No display needed.

mod support;

use serde_json::{json, Value};
use support::*;
use erm_app::AppState;

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
    let mut input = valid_input();
    input["row_version"] = json!(1);
    let err = call(&app, "practitioner_save", json!({ "args": { "id": 999, "input": input } })).unwrap_err();
    assert_eq!(err["kind"], "not_found", "{err}");
}

#[test]
fn backup_and_integrity_check_from_settings() {
    let app = app();
    call(&app, "practitioner_save", json!({ "args": { "id": null, "input": valid_input() } })).unwrap();
    let report = call(&app, "store_check", json!({})).unwrap();
    assert_eq!(report["ok"], true, "{report}");
    let path = call(&app, "store_backup", json!({ "progress": "__CHANNEL__:1" })).unwrap();
    let path = std::path::PathBuf::from(path.as_str().unwrap());
    assert!(path.exists() && path.metadata().unwrap().len() > 0);
    assert!(path.parent().unwrap().ends_with("sauvegardes"));

    // Listed with its counts; a listing added after it is gone once it is restored, and the
    // file replaced is kept aside.
    let list = call(&app, "backup_list", json!({})).unwrap();
    let name = path.file_name().unwrap().to_str().unwrap();
    let row = list.as_array().unwrap().iter().find(|b| b["file_name"] == name).unwrap_or_else(|| panic!("{list}"));
    assert_eq!(row["counts"]["listings"], 0, "{row}");
    let site = site_by_domain(&app, "keskeces.com")["id"].as_i64().unwrap();
    new_listing(&app, site, "https://www.keskeces.com/apres-la-sauvegarde", 1);
    assert_eq!(call(&app, "listing_list", json!({})).unwrap().as_array().unwrap().len(), 1);
    let restored = call(&app, "backup_restore", json!({ "fileName": name })).unwrap();
    assert!(std::path::Path::new(restored["kept_aside"].as_str().unwrap()).exists(), "{restored}");
    assert_eq!(call(&app, "listing_list", json!({})).unwrap().as_array().unwrap().len(), 0, "the restored store is in use");
    assert_eq!(call(&app, "practitioner_list", json!({})).unwrap().as_array().unwrap().len(), 1);
    // Only a file of the backup folder can be restored.
    let err = call(&app, "backup_restore", json!({ "fileName": "../e-reputation-medecin.sqlite3" })).unwrap_err();
    assert_eq!(err["kind"], "invalid", "{err}");

    // Everything out, in open formats, where the doctor chose (the export folder hook).
    export_dir();
    let saved = call(&app, "data_export", json!({ "progress": "__CHANNEL__:1" })).unwrap();
    let zip = std::path::PathBuf::from(saved["path"].as_str().unwrap());
    assert!(zip.exists() && erm_documents::export::archive::verify_archive(&zip).unwrap().iter().all(|(_, ok)| *ok), "{saved}");
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
    // Without the SQLite header it may be a protected store (SQLCipher files look random): the
    // passphrase is asked, and the message says what else the file may be.
    assert_eq!(info["store_state"], "locked", "{info}");
    assert!(info["store_message"].as_str().unwrap().contains("endommagé"), "{info}");
    let err = call(&app, "store_unlock", json!({ "passphrase": "un mot de passe" })).unwrap_err();
    assert!(err["message"].as_str().unwrap().contains("Mot de passe incorrect"), "{err}");
    let err = call(&app, "practitioner_list", json!({})).unwrap_err();
    assert_eq!(err["kind"], "store");
}

#[test]
fn a_second_instance_on_the_same_data_folder_is_told_so_and_opens_nothing() {
    let dir = tempfile::tempdir().unwrap();
    // A first run: the data folder does not exist yet, and is held all the same.
    let data = dir.path().join("premier-lancement");
    let first = AppState::open(&data, std::time::Instant::now());
    assert_eq!(first.status().0, erm_app::state::StoreState::Open);
    let second = AppState::open(&data, std::time::Instant::now());
    let (state, message) = second.status();
    assert_eq!(state, erm_app::state::StoreState::Busy);
    assert!(message.unwrap().contains("déjà ouverte sur ce dossier"));
    let app = app_with(dir, second);
    let err = call(&app, "practitioner_list", json!({})).unwrap_err();
    assert_eq!(err["kind"], "store", "{err}");
    drop(first);
}

#[test]
fn a_window_started_while_the_last_one_is_closing_waits_for_it_instead_of_refusing() {
    let dir = tempfile::tempdir().unwrap();
    let closing = AppState::open(dir.path(), std::time::Instant::now());
    let closer = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(800));
        drop(closing);
    });
    let next = AppState::open(dir.path(), std::time::Instant::now());
    assert_eq!(next.status().0, erm_app::state::StoreState::Open, "{:?}", next.status().1);
    closer.join().unwrap();
}

#[test]
fn help_directory_keeps_the_doctors_notes() {
    let app = app();
    let dir = call(&app, "help_directory", json!({})).unwrap();
    let groups: Vec<&str> = dir["groups"].as_array().unwrap().iter().map(|g| g["id"].as_str().unwrap()).collect();
    assert_eq!(groups, ["ordre", "urps", "cnil", "assureurs", "societes", "bibliographie"]);
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

// ---- Fiches nominatives and sites (listings flow) ----

fn days_ago(n: u64) -> String {
    (chrono::Local::now().date_naive() - chrono::Days::new(n)).to_string()
}

fn site_by_domain(app: &App, domain: &str) -> Value {
    let sites = call(app, "site_list", json!({})).unwrap();
    sites.as_array().unwrap().iter().find(|s| s["domain"] == domain).unwrap_or_else(|| panic!("{domain} in the catalogue")).clone()
}

fn publisher_filled(site: &Value) -> Value {
    json!({
        "name": site["name"], "domain": site["domain"], "kind": site["kind"], "has_reviews": site["has_reviews"],
        "publisher_company": "Exemple Annuaire", "publisher_legal_form": "SAS", "publisher_siren": "732 829 320",
        "publisher_office_lines": ["12 rue de la Paix", "75002 Paris"], "verified_on": days_ago(1),
        "row_version": site["row_version"],
    })
}

fn new_listing(app: &App, site_id: i64, url: &str, found_days_ago: u64) -> Value {
    // A test server's address (127.0.0.1) is on no known site: the doctor confirms it is right.
    let local = url.starts_with("http://127.0.0.1");
    let input = json!({ "site_id": site_id, "url": url, "shows": ["reviews", "rating"], "found_on": days_ago(found_days_ago), "notes": "", "site_mismatch_ok": local });
    call(app, "listing_save", json!({ "args": { "id": null, "input": input } })).unwrap()
}

#[test]
fn a_listing_address_on_another_known_site_is_refused_on_its_field() {
    let app = app();
    let site = site_by_domain(&app, "annuaire-horaire.fr");
    let input = json!({ "site_id": site["id"], "url": "https://www.choisirunmedecin.com/medecin/x", "shows": [], "found_on": days_ago(1), "notes": "", "site_mismatch_ok": true });
    let err = call(&app, "listing_save", json!({ "args": { "id": null, "input": input } })).unwrap_err();
    assert_eq!(err["kind"], "invalid", "{err}");
    assert_eq!(err["fields"][0]["field"], "url", "{err}");
    assert!(err["fields"][0]["message"].as_str().unwrap().contains("Choisir un médecin"), "{err}");
}

fn action_kinds(listing: &Value) -> Vec<String> {
    listing["next_actions"].as_array().unwrap().iter().map(|a| a["kind"].as_str().unwrap().to_owned()).collect()
}

fn read_pdf(path: &Value) -> Vec<u8> {
    let path = std::path::PathBuf::from(path.as_str().expect("a saved path"));
    assert!(path.starts_with(export_dir()), "saved in ERM_EXPORT_DIR: {path:?}");
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "{path:?} is a PDF");
    bytes
}

#[test]
fn a_listing_gets_its_letter_posted_and_acknowledged() {
    let app = app();
    export_dir();
    call(&app, "practitioner_save", json!({ "args": { "id": null, "input": valid_input() } })).unwrap();
    let site = site_by_domain(&app, "lemedecin.fr");
    assert_eq!(site["verified"], false, "catalogue contact data ship unverified");
    assert!(site["address_problem"].as_str().unwrap().contains("pas encore renseignés"), "{site}");

    // Rust validates the form, field by field.
    let bad = json!({ "site_id": site["id"], "url": "ftp://exemple.fr", "shows": [], "found_on": days_ago(0).replace('-', "/") });
    let err = call(&app, "listing_save", json!({ "args": { "id": null, "input": bad } })).unwrap_err();
    assert_eq!(err["kind"], "invalid");
    let fields: Vec<&str> = err["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"url") && fields.contains(&"found_on"), "{err}");

    let url = "https://www.lemedecin.fr/medecin/celik-noel-jerome";
    let listing = new_listing(&app, site["id"].as_i64().unwrap(), url, 90);
    let id = listing["listing"]["id"].as_i64().unwrap();
    assert_eq!(listing["status_label"], "trouvée");
    assert_eq!(action_kinds(&listing)[0], "generate_erasure_letter");

    // No publisher address yet: the letter is refused with a message about the site.
    let generate = |kind: &str| call(&app, "listing_letter_generate", json!({ "args": { "id": id, "kind": kind } }));
    let err = generate("erasure_request").unwrap_err();
    assert_eq!(err["kind"], "invalid");
    assert_eq!(err["fields"][0]["field"], "site", "{err}");

    // An illegal step is refused by the state machine, naming the current state.
    let cnil_now = json!({ "args": { "id": id, "input": { "kind": "cnil_complaint_filed", "occurred_on": days_ago(0) } } });
    let err = call(&app, "listing_record_event", cnil_now).unwrap_err();
    assert_eq!(err["kind"], "refused", "{err}");
    assert!(err["message"].as_str().unwrap().contains("« trouvée »"), "{err}");
    let err = generate("cnil_complaint").unwrap_err();
    assert_eq!(err["kind"], "refused", "no CNIL pack before the request: {err}");

    let saved = call(&app, "site_save", json!({ "args": { "id": site["id"], "input": publisher_filled(&site) } })).unwrap();
    assert!(saved["address_problem"].is_null(), "{saved}");
    assert_eq!(saved["verified"], true);

    let letter = generate("erasure_request").unwrap();
    let first = read_pdf(&letter["path"]);
    let letter_id = letter["letter"]["id"].as_i64().unwrap();
    assert_eq!(letter["letter"]["can_mark_sent"], true);
    // The row is the truth: exporting it again gives the same document, byte for byte.
    let again = call(&app, "letter_export", json!({ "id": letter_id })).unwrap();
    assert_eq!(read_pdf(&again["path"]), first);
    assert_eq!(again["opened"], true, "ERM_NO_OPEN counts as opened");

    let mark_sent = |on: String, number: &str| call(&app, "letter_mark_sent", json!({ "args": { "id": letter_id, "sent_on": on, "registered_number": number } }));
    let err = mark_sent(days_ago(0), "").unwrap_err();
    assert_eq!(err["fields"][0]["field"], "registered_number", "{err}");
    let err = mark_sent(days_ago(5), "1A 234 567 8901 2").unwrap_err();
    assert_eq!(err["fields"][0]["field"], "sent_on", "posted before it was written: {err}");
    mark_sent(days_ago(0), "1A 234 567 8901 2").unwrap();
    let listing = call(&app, "listing_get", json!({ "id": id })).unwrap();
    assert_eq!(listing["listing"]["state"]["status"], "erasure_requested");
    assert_eq!(action_kinds(&listing)[0], "record_receipt");
    assert!(listing["answer_deadline"].is_null(), "no clock before the acknowledgement");

    // The acknowledgement goes onto the letter and starts the one-month clock.
    let ack = json!({ "args": { "id": id, "input": { "kind": "receipt_acknowledged", "occurred_on": days_ago(0) } } });
    let listing = call(&app, "listing_record_event", ack).unwrap();
    assert_eq!(listing["letters"][0]["acknowledged_on"], days_ago(0));
    let again = call(&app, "letter_mark_acknowledged", json!({ "args": { "id": letter_id, "acknowledged_on": days_ago(0) } })).unwrap_err();
    assert_eq!(again["kind"], "refused", "one acknowledgement per letter: {again}");
    assert_eq!(listing["overdue"], false);
    assert!(listing["days_left"].as_i64().unwrap() >= 28, "{listing}");
    let err = generate("cnil_complaint").unwrap_err();
    assert_eq!(err["kind"], "refused");
    assert!(err["message"].as_str().unwrap().contains("art. 12.3 RGPD"), "says until when: {err}");
}

#[test]
fn once_the_answer_is_overdue_the_cnil_pack_and_dereferencing_are_offered() {
    let app = app();
    export_dir();
    call(&app, "practitioner_save", json!({ "args": { "id": null, "input": valid_input() } })).unwrap();
    let site = site_by_domain(&app, "choisirunmedecin.com");
    call(&app, "site_save", json!({ "args": { "id": site["id"], "input": publisher_filled(&site) } })).unwrap();
    let url = "https://www.choisirunmedecin.com/medecin/celik-noel-jerome";
    let id = new_listing(&app, site["id"].as_i64().unwrap(), url, 90)["listing"]["id"].as_i64().unwrap();
    let record = |input: Value| call(&app, "listing_record_event", json!({ "args": { "id": id, "input": input } }));

    // A registered letter the doctor posted by hand two months ago, acknowledged three days later.
    record(json!({ "kind": "erasure_requested", "channel": "registered_letter", "occurred_on": days_ago(65), "registered_number": "1A 234 567 8901 2" })).unwrap();
    let listing = record(json!({ "kind": "receipt_acknowledged", "occurred_on": days_ago(62) })).unwrap();
    assert_eq!(listing["overdue"], true, "{listing}");
    assert!(listing["days_left"].as_i64().unwrap() < 0);
    assert!(listing["answer_deadline"]["basis"].as_str().unwrap().contains("12.3"));
    let kinds = action_kinds(&listing);
    assert!(kinds.contains(&"cnil_complaint_pack".into()) && kinds.contains(&"dereferencing_request".into()), "{kinds:?}");
    let history: Vec<&str> = listing["events"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(history, ["erasure_requested", "receipt_acknowledged"]);
    assert!(listing["events"][0]["proof"][0].as_str().unwrap().contains("1A23456789012"), "{}", listing["events"][0]);

    let pack = call(&app, "listing_letter_generate", json!({ "args": { "id": id, "kind": "cnil_complaint" } })).unwrap();
    assert!(read_pdf(&pack["path"]).len() > 1000);
    let deref = call(&app, "listing_letter_generate", json!({ "args": { "id": id, "kind": "dereferencing_request", "engine": "Google" } })).unwrap();
    assert!(deref["path"].is_null(), "the printable copy comes on demand");
    assert!(deref["form_text"].as_str().unwrap().contains(url), "{deref}");
    read_pdf(&call(&app, "letter_export", json!({ "id": deref["letter"]["id"] })).unwrap()["path"]);
    let kinds: Vec<String> = call(&app, "listing_get", json!({ "id": id })).unwrap()["letters"]
        .as_array().unwrap().iter().map(|l| l["kind"].as_str().unwrap().to_owned()).collect();
    assert_eq!(kinds, ["cnil_complaint", "dereferencing_request"]);

    // Recording the filing moves the listing on; a second filing is refused.
    let filed = json!({ "kind": "cnil_complaint_filed", "occurred_on": days_ago(0), "reference": "PLAINTE-42" });
    assert_eq!(record(filed.clone()).unwrap()["status_label"], "plainte CNIL déposée");
    assert_eq!(record(filed).unwrap_err()["kind"], "refused");
}

/// Serves one HTTP answer with `status` on a loopback port.
fn one_shot_server(status: &'static str) -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        if let Ok((mut socket, _)) = listener.accept() {
            let mut buf = [0u8; 4096];
            let _ = socket.read(&mut buf);
            let body = "<html><body>Introuvable</body></html>";
            let _ = write!(socket, "HTTP/1.1 {status}\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
        }
    });
    format!("http://{addr}/medecin/celik-noel")
}

#[test]
fn presence_checks_that_ran_are_recorded_and_failed_ones_are_not() {
    let app = app();
    call(&app, "practitioner_save", json!({ "args": { "id": null, "input": valid_input() } })).unwrap();
    let site = site_by_domain(&app, "keskeces.com");
    let url = one_shot_server("404 Not Found");
    let id = new_listing(&app, site["id"].as_i64().unwrap(), &url, 3)["listing"]["id"].as_i64().unwrap();
    let report = call(&app, "listing_check_presence", json!({ "id": id })).unwrap();
    assert_eq!(report["outcome"], "removed", "{report}");
    assert!(report["detail"].as_str().unwrap().contains("404"));
    let event = &report["listing"]["events"][0];
    assert_eq!(event["kind"], "presence_checked");
    assert_eq!(event["occurred_on"], days_ago(0));

    // The removal can now be confirmed with that check as its proof.
    let confirm = json!({ "args": { "id": id, "input": { "kind": "removal_confirmed", "occurred_on": days_ago(0), "proof_by": "presence_check" } } });
    let listing = call(&app, "listing_record_event", confirm).unwrap();
    assert_eq!(listing["status_label"], "supprimée");

    // Nobody listens on a freed port: "unreachable", explained in French — and not recorded: a
    // check that could not run says nothing about the listing (issue 9, point 1).
    let closed = { let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap(); l.local_addr().unwrap() };
    let other = new_listing(&app, site["id"].as_i64().unwrap(), &format!("http://{closed}/fiche"), 3)["listing"]["id"].as_i64().unwrap();
    let report = call(&app, "listing_check_presence", json!({ "id": other })).unwrap();
    assert_eq!(report["outcome"], "unreachable", "{report}");
    assert!(report["detail"].as_str().unwrap().contains("connexion"), "{report}");
    assert_eq!(report["recorded"], false, "{report}");
    assert!(report["listing"]["events"].as_array().unwrap().is_empty(), "{report}");
}

#[test]
fn every_listing_is_checked_in_one_go_and_pages_gone_after_a_request_are_proposed_for_closing() {
    let app = app();
    call(&app, "practitioner_save", json!({ "args": { "id": null, "input": valid_input() } })).unwrap();
    let site = site_by_domain(&app, "keskeces.com")["id"].as_i64().unwrap();
    // One page gone after an erasure request, one gone with no request, one unreachable.
    let requested = new_listing(&app, site, &one_shot_server("404 Not Found"), 10)["listing"]["id"].as_i64().unwrap();
    let sent = json!({ "args": { "id": requested, "input": { "kind": "erasure_requested", "occurred_on": days_ago(5), "channel": "web_form" } } });
    call(&app, "listing_record_event", sent).unwrap();
    let plain = new_listing(&app, site, &one_shot_server("410 Gone"), 3)["listing"]["id"].as_i64().unwrap();
    let closed = { let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap(); l.local_addr().unwrap() };
    let unreachable = new_listing(&app, site, &format!("http://{closed}/fiche"), 3)["listing"]["id"].as_i64().unwrap();

    let report = call(&app, "listing_check_all", json!({ "progress": "__CHANNEL__:1" })).unwrap();
    assert_eq!(report["total"], 3, "{report}");
    assert_eq!(report["stopped"], false);
    let lines = report["lines"].as_array().unwrap();
    let line = |id: i64| lines.iter().find(|l| l["listing_id"] == id).unwrap_or_else(|| panic!("{id} in {report}"));
    assert_eq!(line(requested)["outcome"], "removed");
    assert_eq!(line(requested)["propose_removal"], true, "gone after a request: close it");
    assert_eq!(line(plain)["propose_removal"], false, "no request was made for this one");
    assert_eq!(line(unreachable)["outcome"], "unreachable", "reported…");
    let silent = call(&app, "listing_get", json!({ "id": unreachable })).unwrap();
    assert!(silent["events"].as_array().unwrap().is_empty(), "…but not recorded: {silent}");
    // The verdicts are in the listings' histories, as a single check records them.
    let listing = call(&app, "listing_get", json!({ "id": requested })).unwrap();
    assert!(listing["events"].as_array().unwrap().iter().any(|e| e["kind"] == "presence_checked"), "{listing}");
    // « Arrêter » before the start: nothing fetched, said as stopped.
    call(&app, "listing_check_cancel", json!({})).unwrap();
}

#[test]
fn the_site_catalogue_is_seeded_editable_and_restorable() {
    let app = app();
    let sites = call(&app, "site_list", json!({})).unwrap();
    let builtin: Vec<&Value> = sites.as_array().unwrap().iter().filter(|s| s["builtin"] == true).collect();
    assert!(builtin.len() >= 8, "the guide's eight sites at least");
    assert!(builtin.iter().all(|s| s["verified"] == false && s["publisher"]["office_lines"].as_array().unwrap().is_empty()));

    let site = site_by_domain(&app, "doctooome.com");
    let mut input = publisher_filled(&site);
    input["publisher_siren"] = json!("123 456 789");
    let err = call(&app, "site_save", json!({ "args": { "id": site["id"], "input": input } })).unwrap_err();
    assert_eq!(err["fields"][0]["field"], "publisher_siren", "{err}");
    let edited = call(&app, "site_save", json!({ "args": { "id": site["id"], "input": publisher_filled(&site) } })).unwrap();
    assert_eq!(edited["publisher"]["siren"], "732829320");
    let restored = call(&app, "site_reset", json!({ "id": site["id"] })).unwrap();
    assert_eq!(restored["verified"], false);
    assert_eq!(restored["publisher"]["company"], "");
    assert_eq!(call(&app, "site_delete", json!({ "id": site["id"] })).unwrap_err()["kind"], "refused");

    let mine = json!({ "name": "Annuaire de quartier", "domain": "https://www.annuaire-quartier.fr/x", "kind": "directory" });
    let added = call(&app, "site_save", json!({ "args": { "id": null, "input": mine } })).unwrap();
    assert_eq!(added["domain"], "annuaire-quartier.fr");
    assert_eq!(added["builtin"], false);
    call(&app, "site_delete", json!({ "id": added["id"] })).unwrap();
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

// ---- Avis et commentaires (issue 4) ----

fn review_input(author: &str, rating: &str, text: &str) -> Value {
    json!({ "platform": "Google", "url": "https://maps.google.com/avis/1", "author": author,
            "published": "il y a 2 mois", "rating": rating, "text": text })
}

fn add_review(app: &App, author: &str, rating: &str, text: &str) -> Value {
    call(app, "review_add", json!({ "input": review_input(author, rating, text) })).unwrap()
}

fn list_reviews(app: &App, filter: Value) -> Value {
    call(app, "review_list", json!({ "filter": filter })).unwrap()
}

#[test]
fn reviews_are_entered_checked_per_field_and_filtered() {
    let app = app();
    let bad = json!({ "platform": "", "url": "ftp://x", "author": " ", "published": "bientôt", "rating": "6", "text": "" });
    let err = call(&app, "review_add", json!({ "input": bad })).unwrap_err();
    assert_eq!(err["kind"], "invalid");
    let fields: Vec<&str> = err["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    for f in ["platform", "url", "author", "published", "rating"] {
        assert!(fields.contains(&f), "{f} missing in {err}");
    }

    let one = add_review(&app, "Jean D.", "1", "Attente interminable, secrétariat désagréable.");
    assert_eq!(one["status"], "new");
    assert_eq!(one["published"]["kind"], "approximate");
    add_review(&app, "Marie L.", "5", "Très à l'écoute, je recommande.");
    let again = call(&app, "review_add", json!({ "input": review_input("Jean D.", "1", "Attente interminable, secrétariat désagréable.") }));
    assert_eq!(again.unwrap_err()["kind"], "refused", "the same review is not recorded twice");

    assert_eq!(list_reviews(&app, json!({}))["total"], 2);
    let found = list_reviews(&app, json!({ "text": "desagreable" }));
    assert_eq!(found["total"], 1, "full text ignores accents: {found}");
    assert_eq!(found["items"][0]["author"], "Jean D.");
    assert_eq!(list_reviews(&app, json!({ "min_rating": 5, "max_rating": 5 }))["items"][0]["author"], "Marie L.");
    assert_eq!(list_reviews(&app, json!({ "statuses": ["answered"] }))["total"], 0);
    assert_eq!(list_reviews(&app, json!({ "platform": "doctolib" }))["total"], 0);
    assert_eq!(list_reviews(&app, json!({ "text": "\"NEAR(" }))["total"], 0, "odd input is no syntax error");

    let choices = call(&app, "review_choices", json!({})).unwrap();
    assert_eq!(choices["platforms"], json!(["Google"]));
    assert_eq!(choices["grounds"].as_array().unwrap().len(), 8);
    assert!(choices["grounds"][0]["explanation"].as_str().unwrap().len() > 20);
    assert!(choices["statuses"].as_array().unwrap().iter().any(|s| s["label"] == "ignoré volontairement"));
}

#[test]
fn qualification_comes_first_and_illicit_reviews_go_to_a_case_file() {
    let app = app();
    let id = add_review(&app, "Anonyme", "1", "Ce médecin est un charlatan. Il m'a fait attendre deux heures.")["id"].clone();
    // No reply decision before a lawful qualification.
    let err = call(&app, "review_decide", json!({ "id": id, "decision": "reply" })).unwrap_err();
    assert_eq!(err["kind"], "refused", "{err}");

    let not_in_text = json!({ "kind": "illicit", "statements": [{ "quote": "escroc", "grounds": ["insult"] }] });
    let err = call(&app, "review_qualify", json!({ "id": id, "qualification": not_in_text })).unwrap_err();
    assert_eq!(err["kind"], "invalid", "a quote must occur in the review: {err}");

    let illicit = json!({ "kind": "illicit", "statements": [
        { "quote": "Ce médecin est un charlatan.", "grounds": ["insult"] },
        { "quote": "Il m'a fait attendre deux heures.", "grounds": ["defamation", "disparagement"] } ] });
    let r = call(&app, "review_qualify", json!({ "id": id, "qualification": illicit })).unwrap();
    assert_eq!(r["status"], "escalated");
    assert_eq!(r["qualification"]["statements"].as_array().unwrap().len(), 2);
    assert_eq!(r["qualification"]["statements"][1]["grounds"], json!(["defamation", "disparagement"]));

    // Lawful after all: back to "nouveau", then deliberately left unanswered, dated today.
    let r = call(&app, "review_qualify", json!({ "id": id, "qualification": { "kind": "lawful" } })).unwrap();
    assert_eq!(r["status"], "new");
    let r = call(&app, "review_decide", json!({ "id": id, "decision": "leave_alone" })).unwrap();
    assert_eq!(r["status"], "left_alone");
    assert_eq!(r["left_alone_on"], chrono::Local::now().date_naive().to_string());
    let detail = call(&app, "review_get", json!({ "id": id })).unwrap();
    assert_eq!(detail["review"]["status"], "left_alone");
    assert_eq!(call(&app, "review_get", json!({ "id": 999 })).unwrap_err()["kind"], "not_found");
    call(&app, "review_delete", json!({ "id": id })).unwrap();
    assert_eq!(call(&app, "review_get", json!({ "id": id })).unwrap_err()["kind"], "not_found");
    assert_eq!(call(&app, "review_delete", json!({ "id": id })).unwrap_err()["kind"], "not_found");
}

#[test]
fn import_is_all_or_nothing_with_each_rejected_line() {
    let app = app();
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("avis.csv");
    std::fs::write(&bad, "plateforme;auteur;date;note;texte\nGoogle;Jean D.;01/02/2025;2;Long.\nGoogle;;01/02/2025;9;Bof\n").unwrap();
    let good = dir.path().join("avis-corrige.csv");
    std::fs::write(&good, "plateforme;auteur;date;note;texte\nGoogle;Jean D.;01/02/2025;2;Long.\nDoctolib;Marie L.;05/03/2025;5;Très bien.\n").unwrap();
    let other = dir.path().join("avis.pdf");
    std::fs::write(&other, "x").unwrap();

    // The file picker is replaced by this variable (only this test imports).
    std::env::set_var("ERM_IMPORT_FILE", &bad);
    let out = call(&app, "review_import", json!({ "progress": "__CHANNEL__:1" })).unwrap();
    let rejected = out["report"]["rejected"].as_array().unwrap();
    assert_eq!(rejected.len(), 1, "{out}");
    assert_eq!(rejected[0]["line"], 3);
    assert!(out["summary"].as_str().unwrap().contains("aucun avis"), "{out}");
    assert_eq!(list_reviews(&app, json!({}))["total"], 0, "nothing written");

    std::env::set_var("ERM_IMPORT_FILE", &good);
    let out = call(&app, "review_import", json!({ "progress": "__CHANNEL__:1" })).unwrap();
    assert_eq!(out["report"]["inserted"], 2, "{out}");
    let out = call(&app, "review_import", json!({ "progress": "__CHANNEL__:1" })).unwrap();
    assert_eq!((out["report"]["inserted"].clone(), out["report"]["duplicates"].clone()), (json!(0), json!(2)));
    assert_eq!(list_reviews(&app, json!({}))["total"], 2);

    // The JSON of Google Business Profile reviews: a reply already published makes it "répondu".
    let google = dir.path().join("avis-google.json");
    std::fs::write(&google, r#"{ "reviews": [
        { "reviewer": { "displayName": "Lou" }, "starRating": "ONE", "comment": "Jamais de réponse au téléphone.",
          "createTime": "2026-01-05T23:30:00+01:00",
          "reviewReply": { "comment": "Merci pour ce retour, le cabinet revoit son accueil téléphonique.", "updateTime": "2026-01-07T09:00:00Z" } },
        { "reviewer": { "isAnonymous": true }, "starRating": "FIVE", "createTime": "2026-01-06T10:00:00Z" } ] }"#).unwrap();
    std::env::set_var("ERM_IMPORT_FILE", &google);
    let out = call(&app, "review_import", json!({ "progress": "__CHANNEL__:1" })).unwrap();
    assert_eq!(out["report"]["inserted"], 2, "{out}");
    let answered = list_reviews(&app, json!({ "statuses": ["answered"], "platform": "google" }));
    assert_eq!(answered["total"], 1, "{answered}");
    assert_eq!(answered["items"][0]["published"]["on"], "2026-01-05", "dated in French time");
    assert_eq!(answered["items"][0]["reply"]["replied_on"], "2026-01-07");

    std::env::set_var("ERM_IMPORT_FILE", &other);
    let err = call(&app, "review_import", json!({ "progress": "__CHANNEL__:1" })).unwrap_err();
    assert_eq!(err["kind"], "invalid", "{err}");
    std::env::remove_var("ERM_IMPORT_FILE");
}

#[test]
fn a_selection_is_left_alone_or_thanked_in_bulk_through_the_command() {
    let app = app();
    call(&app, "practitioner_save", json!({ "args": { "id": null, "input": valid_input() } })).unwrap();
    let low = add_review(&app, "Jean D.", "2", "Attente interminable.")["id"].as_i64().unwrap();
    let high = add_review(&app, "Marie L.", "5", "Très à l'écoute, je recommande.")["id"].as_i64().unwrap();

    // Malformed arguments are refused in French, before any use case runs.
    for args in [json!({ "ids": "1,2", "action": "leave_alone" }), json!({ "ids": [low], "action": "delete_all" })] {
        let err = call(&app, "review_bulk", args).unwrap_err();
        assert_eq!(err["kind"], "invalid", "{err}");
        assert!(err["message"].as_str().unwrap().contains("mal formée"), "{err}");
    }
    let err = call(&app, "review_bulk", json!({ "ids": [low, 424242], "action": "leave_alone" })).unwrap_err();
    assert_eq!(err["kind"], "not_found", "{err}");
    assert_eq!(list_reviews(&app, json!({ "statuses": ["new"] }))["total"], 2, "all or nothing");

    let out = call(&app, "review_bulk", json!({ "ids": [low, high], "action": "thank_you" })).unwrap();
    assert_eq!(out["done"], 1, "{out}");
    assert_eq!(out["skipped"][0]["id"], low);
    assert!(out["summary"].as_str().unwrap().contains("1 réponse de remerciement préparée"), "{out}");
    let detail = call(&app, "review_get", json!({ "id": high })).unwrap();
    assert_eq!(detail["review"]["status"], "to_answer");
    assert!(detail["draft"].as_str().unwrap().contains("Merci"), "{detail}");

    let out = call(&app, "review_bulk", json!({ "ids": [low, high], "action": "leave_alone" })).unwrap();
    assert_eq!(out["done"], 2, "{out}");
    assert_eq!(list_reviews(&app, json!({ "statuses": ["left_alone"] }))["total"], 2);
}

/// A review qualified lawful and chosen for a reply, with a practice profile to fill the draft.
fn review_to_answer(app: &App) -> Value {
    call(app, "practitioner_save", json!({ "args": { "id": null, "input": valid_input() } })).unwrap();
    let id = add_review(app, "Zorglub75", "1", "Une heure d'attente, puis une consultation expédiée.")["id"].clone();
    call(app, "review_qualify", json!({ "id": id, "qualification": { "kind": "lawful" } })).unwrap();
    call(app, "review_decide", json!({ "id": id, "decision": "reply" })).unwrap();
    id
}

/// The clipboard override is process-wide: only `a_reply_is_copied_...` copies successfully.
fn clipboard_file() -> &'static std::path::Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    let dir = DIR.get_or_init(|| tempfile::tempdir().unwrap()).path();
    let file = dir.join("presse-papiers.txt");
    std::env::set_var("ERM_CLIPBOARD_FILE", &file);
    Box::leak(file.into_boxed_path())
}

#[test]
fn copying_is_refused_while_a_blocking_secrecy_finding_is_not_acknowledged() {
    let app = app();
    let id = review_to_answer(&app);
    let risky = "Bonjour,\n\nLors de votre consultation du 12 mars, nous avons pris le temps nécessaire.\n\nCordialement.";
    let check = call(&app, "reply_check", json!({ "reviewId": id, "text": risky })).unwrap();
    let blocks: Vec<&Value> = check["findings"].as_array().unwrap().iter().filter(|f| f["severity"] == "block").collect();
    assert!(!blocks.is_empty(), "{check}");
    assert_eq!(check["blocking"], blocks.len());
    for f in &blocks {
        let (s, e) = (f["start"].as_u64().unwrap() as usize, f["end"].as_u64().unwrap() as usize);
        let utf16: Vec<u16> = risky.encode_utf16().collect();
        assert_eq!(String::from_utf16(&utf16[s..e]).unwrap(), f["ack"]["matched"].as_str().unwrap(), "UTF-16 span of {f}");
    }

    // No acknowledgement, or only some: refused, nothing recorded.
    let err = call(&app, "reply_copy", json!({ "reviewId": id, "text": risky, "acks": [] })).unwrap_err();
    assert_eq!(err["kind"], "refused", "{err}");
    assert!(err["message"].as_str().unwrap().contains("secret médical"), "{err}");
    if blocks.len() > 1 {
        let one = json!([blocks[0]["ack"]]);
        assert_eq!(call(&app, "reply_copy", json!({ "reviewId": id, "text": risky, "acks": one })).unwrap_err()["kind"], "refused");
    }
    // An acknowledgement for other words does not cover these ones.
    let wrong = json!([{ "category": blocks[0]["ack"]["category"], "matched": "autre chose" }]);
    assert_eq!(call(&app, "reply_copy", json!({ "reviewId": id, "text": risky, "acks": wrong })).unwrap_err()["kind"], "refused");
    assert!(call(&app, "review_get", json!({ "id": id })).unwrap()["acks"].as_array().unwrap().is_empty());

    // Marking answered re-runs the guard too.
    let err = call(&app, "reply_mark_answered", json!({ "reviewId": id, "text": risky })).unwrap_err();
    assert_eq!(err["kind"], "refused", "{err}");
    assert_eq!(call(&app, "review_get", json!({ "id": id })).unwrap()["review"]["status"], "to_answer");

    // With the review, its author's pseudonym is caught too; without it, the guard cannot know it.
    let named = "Bonjour Zorglub75, merci pour ce retour.";
    let flags = |review_id: Value| {
        let out = call(&app, "reply_check", json!({ "reviewId": review_id, "text": named })).unwrap();
        out["findings"].as_array().unwrap().iter().any(|f| f["ack"]["matched"].as_str().unwrap().contains("Zorglub"))
    };
    assert!(flags(id.clone()), "the reviewer's pseudonym is flagged");
    // A check writes nothing (issue 19.5); the wizard keeps the draft through its own command,
    // so leaving the wizard or a crash loses nothing.
    assert_ne!(call(&app, "review_get", json!({ "id": id })).unwrap()["draft"], named);
    call(&app, "reply_save_draft", json!({ "reviewId": id, "text": named })).unwrap();
    assert_eq!(call(&app, "review_get", json!({ "id": id })).unwrap()["draft"], named);
    // Past Google's 4,096 characters, a French refusal before any work on the text.
    let long = "a".repeat(4097);
    let err = call(&app, "reply_check", json!({ "reviewId": id, "text": long })).unwrap_err();
    assert_eq!(err["kind"], "invalid", "{err}");
    assert!(err["message"].as_str().unwrap().contains("4\u{202f}096"), "{err}");
    assert!(!flags(Value::Null), "an unknown pseudonym is not a name the guard can know");

    // A review not chosen for a reply cannot have one copied.
    let other = add_review(&app, "Zoé", "2", "Bof.")["id"].clone();
    let err = call(&app, "reply_copy", json!({ "reviewId": other, "text": "Bonjour, merci.", "acks": [] })).unwrap_err();
    assert_eq!(err["kind"], "refused", "{err}");
}

#[test]
fn a_reply_is_drafted_copied_with_its_acknowledgements_and_kept_when_answered() {
    let app = app();
    let clip = clipboard_file();
    let id = review_to_answer(&app);
    let catalogue = call(&app, "reply_templates", json!({})).unwrap();
    let ids: Vec<&str> = catalogue["templates"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert!(ids.len() >= 8, "{catalogue}");
    assert!(!catalogue["steps"].as_array().unwrap().is_empty());

    // Every built-in situation, both wordings, fills from the profile and passes the guard.
    for t in &ids {
        for founded in [true, false] {
            let d = call(&app, "reply_draft", json!({ "reviewId": id, "templateId": t, "founded": founded })).unwrap();
            let text = d["text"].as_str().unwrap();
            assert!(text.contains("04 72 00 00 00") && text.contains("secretariat@cabinet-exemple.fr"), "{t}: {text}");
            let check = call(&app, "reply_check", json!({ "reviewId": id, "text": text })).unwrap();
            assert_eq!(check["blocking"], 0, "{t} (founded {founded}): {check}");
        }
    }
    assert_eq!(call(&app, "reply_draft", json!({ "reviewId": id, "templateId": "inconnu", "founded": true })).unwrap_err()["kind"], "not_found");

    // Kept on purpose: each blocking finding acknowledged one by one, recorded with the copy.
    let text = format!("{}\n\nLors de votre consultation du 12 mars, nous avons pris le temps nécessaire.",
        call(&app, "reply_draft", json!({ "reviewId": id, "templateId": ids[2], "founded": true })).unwrap()["text"].as_str().unwrap());
    // A "founded" draft holds a bracketed placeholder ("[mesure prise…]"): not copied as it is.
    assert!(text.contains('['), "{text}");
    let err = call(&app, "reply_copy", json!({ "reviewId": id, "text": text, "acks": [] })).unwrap_err();
    assert_eq!(err["kind"], "refused", "{err}");
    assert!(err["message"].as_str().unwrap().contains("entre crochets"), "{err}");
    let text = fill_placeholders(&text);
    let check = call(&app, "reply_check", json!({ "reviewId": id, "text": text })).unwrap();
    let acks: Vec<Value> = check["findings"].as_array().unwrap().iter().filter(|f| f["severity"] == "block")
        .map(|f| f["ack"].clone()).collect();
    let out = call(&app, "reply_copy", json!({ "reviewId": id, "text": text, "acks": acks })).unwrap();
    assert_eq!(out["acknowledged"], acks.len());
    assert_eq!(std::fs::read_to_string(clip).unwrap(), text, "copied as written");
    let detail = call(&app, "review_get", json!({ "id": id })).unwrap();
    assert_eq!(detail["acks"].as_array().unwrap().len(), acks.len(), "{detail}");
    // Copying again does not record the same acknowledgement twice.
    call(&app, "reply_copy", json!({ "reviewId": id, "text": text, "acks": acks })).unwrap();
    assert_eq!(call(&app, "review_get", json!({ "id": id })).unwrap()["acks"].as_array().unwrap().len(), acks.len());

    let r = call(&app, "reply_mark_answered", json!({ "reviewId": id, "text": text })).unwrap();
    assert_eq!(r["status"], "answered");
    assert_eq!(r["reply"]["text"], text.as_str());
    assert_eq!(r["reply"]["replied_on"], chrono::Local::now().date_naive().to_string());
    assert_eq!(list_reviews(&app, json!({ "statuses": ["answered"] }))["total"], 1);
}

#[test]
fn reply_templates_are_editable_checked_and_restorable() {
    let app = app();
    call(&app, "practitioner_save", json!({ "args": { "id": null, "input": valid_input() } })).unwrap();
    let builtin = call(&app, "reply_template_get", json!({ "id": "attente" })).unwrap();
    assert_eq!(builtin["edited"], false);
    let mine = "Bonjour,\n\nMerci pour ce retour sur l'attente. Le cabinet revoit son planning.\n\nJoignable au {{practice_phone}}.\n\nCordialement.";
    let saved = call(&app, "reply_template_save", json!({ "id": "attente", "source": mine })).unwrap();
    assert_eq!((saved["edited"].clone(), saved["source"].clone()), (json!(true), json!(mine)));
    let list = call(&app, "reply_templates", json!({})).unwrap();
    assert!(list["templates"].as_array().unwrap().iter().any(|t| t["id"] == "attente" && t["edited"] == true));

    // A template must render and carry no blocking finding; nothing is saved otherwise.
    let err = call(&app, "reply_template_save", json!({ "id": "attente", "source": "Bonjour {{nom_du_patient}}" })).unwrap_err();
    assert_eq!((err["kind"].clone(), err["fields"][0]["field"].clone()), (json!("invalid"), json!("source")), "{err}");
    let err = call(&app, "reply_template_save", json!({ "id": "attente", "source": "Lors de votre consultation du 12 mars, tout allait bien." })).unwrap_err();
    assert_eq!(err["kind"], "invalid", "{err}");
    assert_eq!(call(&app, "reply_template_get", json!({ "id": "attente" })).unwrap()["source"], mine);
    assert_eq!(call(&app, "reply_template_save", json!({ "id": "inconnu", "source": mine })).unwrap_err()["kind"], "not_found");

    let restored = call(&app, "reply_template_restore", json!({ "id": "attente" })).unwrap();
    assert_eq!(restored["edited"], false);
    assert_eq!(restored["source"], builtin["source"]);
}
// ---- end of Avis et commentaires ----

#[test]
fn the_dashboard_counts_what_needs_attention() {
    let app = app();
    let empty = call(&app, "dashboard_summary", json!({})).unwrap();
    assert_eq!(empty["listings"], 0);
    assert_eq!(empty["reviews_to_handle"], 0);
    call(&app, "practitioner_save", json!({ "args": { "id": null, "input": valid_input() } })).unwrap();
    let review = json!({ "platform": "Google", "author": "Paul M.", "published": "il y a 2 mois", "rating": "1", "text": "Attente interminable." });
    call(&app, "review_add", json!({ "input": review })).unwrap();
    let s = call(&app, "dashboard_summary", json!({})).unwrap();
    assert_eq!(s["reviews"], 1);
    assert_eq!(s["reviews_to_handle"], 1, "a new review waits to be qualified: {s}");
}

/// The three lists that must agree: the command table, `COMMANDS` in build.rs (which makes Tauri
/// deny anything unlisted) and the capability granting them to the window. A command missing
/// from the capability would be refused at run time with an English error.
#[test]
fn every_command_is_declared_and_granted_and_nothing_else() {
    let build = include_str!("../src-tauri/build.rs");
    let list = &build[build.find("COMMANDS: &[&str] = &[").unwrap()..];
    let list = &list[..list.find("];").unwrap()];
    let declared: std::collections::BTreeSet<String> =
        list.lines().filter_map(|l| l.trim().strip_prefix('"')?.split('"').next().map(str::to_owned)).collect();
    let capability: Value = serde_json::from_str(include_str!("../src-tauri/capabilities/default.json")).unwrap();
    let granted: std::collections::BTreeSet<String> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().strip_prefix("allow-").expect("only allow-<our command> permissions").replace('-', "_"))
        .collect();
    assert_eq!(declared, granted, "build.rs COMMANDS and the capability differ");
    let handler = include_str!("../src-tauri/src/commands/mod.rs");
    let registered: std::collections::BTreeSet<String> = handler
        .lines()
        .filter_map(|l| l.trim().strip_suffix(',')?.rsplit("::").next().map(str::to_owned))
        .filter(|name| name.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .collect();
    assert_eq!(declared, registered, "build.rs COMMANDS and the command table differ");
}

#[test]
fn a_malformed_argument_is_answered_in_french_without_serde_text() {
    let app = app();
    for (cmd, args) in [
        ("listing_get", json!({ "id": "douze" })),
        ("listing_record_event", json!({ "args": { "id": 1, "input": { "kind": "rumour", "occurred_on": "2026-01-01" } } })),
        ("reply_copy", json!({ "reviewId": 1, "text": "x", "acks": [{ "category": 3 }] })),
    ] {
        let err = call(&app, cmd, args).unwrap_err();
        assert_eq!(err["kind"], "invalid", "{cmd}: {err}");
        let msg = err["message"].as_str().unwrap();
        assert!(msg.contains("demande mal formée"), "{cmd}: {msg}");
        assert!(!msg.contains("invalid type") && !msg.contains("unknown variant"), "{cmd}: serde text leaked: {msg}");
    }
}

/// What the doctor does with a template's "[…]": writes their own words in its place.
fn fill_placeholders(text: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in text.chars() {
        match c {
            '[' => inside = true,
            ']' if inside => {
                inside = false;
                out.push_str("le planning des rendez-vous a été revu");
            }
            _ if !inside => out.push(c),
            _ => {}
        }
    }
    out
}
