//! Issue 12, point 2, with the app's clock moved (no real waiting): reminders come due a few days
//! before their date, are notified once, can be put off for a week and then come back.

#[path = "../../documents/tests/letters_fixtures/mod.rs"]
mod fixtures;

use erm_store::practice;
use erm_usecases::cases::form::CaseForm;
use erm_usecases::{cases, reminders};
use fixtures::d;
use serde_json::json;

fn keys(r: &[reminders::Reminder]) -> Vec<String> {
    r.iter().map(|r| r.key.clone()).collect()
}

#[test]
fn a_case_alert_is_notified_once_snoozed_for_a_week_then_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = erm_usecases::open_store(&dir.path().join("erm.sqlite3")).unwrap();
    store.transaction(|tx| practice::save(tx, &fixtures::doctor())).unwrap();
    // Published 5 March 2026: alerts on 19 April, 4 May, 19 May; lapse on 5 June.
    let form: CaseForm = serde_json::from_value(json!({
        "title": "Forum", "url": "https://forum.exemple.fr/fil/9", "site_name": "Forum santé",
        "statements": [{ "quote": "Il a menti sur ses diplômes.", "grounds": ["defamation"] }],
        "publication": { "kind": "exact", "on": "05/03/2026" }, "discovered_on": "06/03/2026",
    }))
    .unwrap();
    let id = cases::open(&mut store, &form, d(2026, 3, 10)).unwrap().case.id;
    let alert = format!("case-{id}-alert-2026-04-19");

    // Too early on 10 April (the monthly watch is over after the first week).
    assert!(reminders::due(&store, d(2026, 4, 10)).unwrap().is_empty());
    // Three days before, it is due and notified once.
    assert_eq!(keys(&reminders::due(&store, d(2026, 4, 16)).unwrap()), vec![alert.clone()]);
    assert_eq!(keys(&reminders::take_unshown(&mut store, d(2026, 4, 16)).unwrap()), vec![alert.clone()]);
    assert!(reminders::take_unshown(&mut store, d(2026, 4, 17)).unwrap().is_empty(), "shown once");
    assert!(keys(&reminders::due(&store, d(2026, 4, 17)).unwrap()).contains(&alert), "still listed on the dashboard");
    // Put off: gone for a week, then back, and notified again.
    reminders::snooze(&mut store, &alert, d(2026, 4, 17)).unwrap();
    assert!(!keys(&reminders::due(&store, d(2026, 4, 23)).unwrap()).contains(&alert));
    assert!(keys(&reminders::take_unshown(&mut store, d(2026, 4, 24)).unwrap()).contains(&alert));
    // The monthly watch on the first days of May, with the next alert (4 May) three days ahead.
    let may = keys(&reminders::due(&store, d(2026, 5, 1)).unwrap());
    assert!(may.contains(&"watch-2026-05".to_owned()) && may.contains(&format!("case-{id}-alert-2026-05-04")), "{may:?}");
    // A closed case reminds nothing.
    let close = serde_json::from_value(json!({ "kind": "closed", "on": "02/05/2026", "outcome": "abandoned" })).unwrap();
    cases::record_step(&mut store, id, &close, d(2026, 5, 2)).unwrap();
    assert_eq!(keys(&reminders::due(&store, d(2026, 5, 2)).unwrap()), vec!["watch-2026-05".to_owned()]);
}

#[test]
fn the_monthly_watch_is_a_nudge_never_urgent_and_a_passed_date_is() {
    // Issue 20: on a new practice's first day (the 3rd of the month) the monthly watch was red.
    let dir = tempfile::tempdir().unwrap();
    let store = erm_usecases::open_store(&dir.path().join("erm.sqlite3")).unwrap();
    let due = reminders::due(&store, d(2026, 12, 3)).unwrap();
    let watch = due.iter().find(|r| r.key == "watch-2026-12").expect("the monthly watch is due");
    assert!(watch.days_left < 0 && !watch.urgent, "{watch:?}");
}
