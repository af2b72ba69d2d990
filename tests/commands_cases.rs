//! The Dossiers commands through Tauri's mock runtime: arguments as the window sends them, French
//! refusals, the files written where the doctor chose (the export folder hook) and the evidence
//! picked through the open-file hook.

mod support;

use serde_json::{json, Value};
use support::*;

fn case_form() -> Value {
    json!({
        "title": "Forum santé", "url": "https://forum.exemple.fr/fil/9", "site_name": "Forum santé", "author": "Xyz",
        "statements": [{ "quote": "Il a menti sur ses diplômes.", "grounds": ["defamation"] }],
        "parties": [{ "role": "host", "name": "Hébergeur Exemple SAS", "address_lines": ["8 rue des Serveurs", "75010 Paris"] }],
        "publication": { "kind": "exact", "on": "05/03/2026" }, "discovered_on": "06/03/2026", "notes": ""
    })
}

fn opened(app: &App) -> Value {
    call(app, "practitioner_save", json!({ "args": { "id": null, "input": valid_input() } })).unwrap();
    call(app, "case_save", json!({ "args": { "id": null, "form": case_form() } })).unwrap()
}

#[test]
fn a_case_is_opened_listed_and_its_steps_are_checked_by_the_machine() {
    let app = app();
    let options = call(&app, "case_options", json!({})).unwrap();
    assert_eq!(options["formal_notice_days_min"], 8);
    assert_eq!(options["formal_notice_days_max"], 30);
    assert!(options["only_a_judge"].as_str().unwrap().contains("juge"));
    assert_eq!(options["grounds"].as_array().unwrap().len(), 8);

    // A publication date in the future is refused on its field, nothing is stored.
    let mut future = case_form();
    future["publication"] = json!({ "kind": "exact", "on": "01/01/2099" });
    let err = call(&app, "case_save", json!({ "args": { "id": null, "form": future } })).unwrap_err();
    assert_eq!(err["kind"], "invalid", "{err}");
    assert!(err["fields"].as_array().unwrap().iter().any(|f| f["field"] == "first_publication"), "{err}");
    assert_eq!(call(&app, "case_list", json!({})).unwrap().as_array().unwrap().len(), 0);

    let case = opened(&app);
    let id = case["case"]["id"].as_i64().unwrap();
    assert_eq!(case["case"]["status"], "open");
    assert!(case["no_stop_warning"].as_str().unwrap().contains("n'arrête") || case["no_stop_warning"].as_str().unwrap().contains("interromp"), "{}", case["no_stop_warning"]);
    let list = call(&app, "case_list", json!({})).unwrap();
    assert_eq!(list[0]["id"], id);
    assert!(list[0]["nearest_lapse"]["lapses_on"].as_str().unwrap().starts_with("2026-06-05"), "{list}");

    // A step as the form sends it; a decision with no report before it is refused.
    let step = |input: Value| call(&app, "case_record_event", json!({ "args": { "id": id, "input": input } }));
    let reported = step(json!({ "kind": "report_made", "on": "06/03/2026", "reason": "Diffamation", "note": "" })).unwrap();
    assert_eq!(reported["case"]["status"], "reported");
    let refused = step(json!({ "kind": "host_decided", "on": "07/03/2026", "decision": "removed" })).unwrap_err();
    assert_eq!(refused["kind"], "refused", "{refused}");
    let bad_kind = step(json!({ "kind": "pigeon_sent", "on": "07/03/2026" })).unwrap_err();
    assert_eq!(bad_kind["kind"], "invalid", "{bad_kind}");
    // A malformed argument is answered in French, not with serde's English.
    let malformed = call(&app, "case_get", json!({ "id": "douze" })).unwrap_err();
    assert!(!malformed["message"].as_str().unwrap().contains("invalid type"), "{malformed}");
}

#[test]
fn a_host_notice_is_written_posted_and_moves_the_case() {
    let app = app();
    let exports = export_dir();
    let case = opened(&app);
    let id = case["case"]["id"].as_i64().unwrap();
    let args = json!({ "args": {
        "id": id, "kind": "host_notice", "electronic_notice_on": "06/03/2026", "electronic_notice_reference": "REF-1",
        "prior_contact_reason": "Auteur connu par un pseudonyme seulement.", "factual_justification": "Le fait imputé est faux.",
        "false_notice_acknowledged": true
    }});
    let out = call(&app, "case_letter_generate", args).unwrap();
    let path = std::path::PathBuf::from(out["path"].as_str().unwrap());
    assert!(path.starts_with(exports) && std::fs::read(&path).unwrap().starts_with(b"%PDF-"), "{out}");
    assert!(out["warnings"].as_array().unwrap().iter().any(|w| w.as_str().unwrap().contains("infraction")), "{out}");
    let letter = out["letter"]["id"].as_i64().unwrap();
    assert_eq!(out["letter"]["can_mark_sent"], true);
    // Posted today (the letter is dated today: it cannot have been posted before).
    let today = chrono::Local::now().date_naive().format("%d/%m/%Y").to_string();
    call(&app, "letter_mark_sent", json!({ "args": { "id": letter, "sent_on": today, "registered_number": "1A 123 456 7890 1" } })).unwrap();
    let after = call(&app, "case_get", json!({ "id": id })).unwrap();
    assert_eq!(after["case"]["status"], "host_notified", "{after}");
    let register = call(&app, "letter_list", json!({})).unwrap();
    assert!(register.as_array().unwrap().iter().any(|l| l["case_id"] == id), "{register}");

    // A mise en demeure with a period out of 8–30 days is refused on that field.
    let bad = json!({ "args": { "id": id, "kind": "formal_notice", "recipient_role": "publisher", "deadline_days": 60, "press_clock_acknowledged": true } });
    let err = call(&app, "case_letter_generate", bad).unwrap_err();
    assert!(err["fields"].as_array().unwrap().iter().any(|f| f["field"] == "deadline_days"), "{err}");

    // The calendar holds the lapse and its alerts.
    let saved = call(&app, "calendar_export", json!({})).unwrap();
    let ics = std::fs::read_to_string(saved["path"].as_str().unwrap()).unwrap();
    assert!(ics.contains("BEGIN:VCALENDAR") && ics.contains("DTSTART;VALUE=DATE:20260605") && ics.contains("DTSTART;VALUE=DATE:20260419"), "{ics}");
}
