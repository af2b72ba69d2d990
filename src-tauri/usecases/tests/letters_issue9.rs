//! Issue 9, point 2, wording: the profile says how the doctor is designated (« Médecin
//! libéral » did not agree for a woman doctor), the neutral « Médecin exerçant en libéral »
//! otherwise; letters stored under wording 2 keep theirs; the doctor is told to enclose the
//! screenshot the letters list.

#[path = "../../documents/tests/letters_fixtures/mod.rs"]
mod fixtures;

use erm_domain::practice::{self as practice_rules, Practitioner, PractitionerInput, NEUTRAL_DESIGNATION};
use erm_documents::letters::*;
use erm_store::{practice, Store};
use fixtures::*;

fn body(data: &LetterData, sender: &Practitioner, wording: u32) -> String {
    let opts = LetterOptions { wording, ..Default::default() };
    let letter = compose(data, sender, &publisher(), d(2026, 12, 1), &opts).unwrap();
    letter.body.iter().map(|b| format!("{b:?}")).collect::<Vec<_>>().join("\n")
}

#[test]
fn letters_designate_the_doctor_as_the_profile_says() {
    let neutral = doctor();
    assert!(neutral.designation.is_empty());
    let woman = Practitioner { designation: "Médecin libérale".into(), ..doctor() };
    for data in [erasure(), cnil()] {
        let kind = data.kind().as_str();
        assert!(body(&data, &neutral, CURRENT_WORDING).contains(&format!("{NEUTRAL_DESIGNATION} (Médecine générale")), "{kind}");
        let b = body(&data, &woman, CURRENT_WORDING);
        assert!(b.contains("Médecin libérale (Médecine générale") && !b.contains("Médecin libéral ("), "{kind}: {b}");
    }
    // Wording 2, as letters were stored before issue 9: unchanged.
    assert!(body(&erasure(), &woman, 2).contains("Médecin libéral (Médecine générale"));
    assert!(body(&cnil(), &woman, 2).contains("Médecin exerçant en libéral (Médecine générale"));
}

#[test]
fn the_designation_is_kept_in_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("erm.sqlite3")).unwrap();
    let input = PractitionerInput { designation: "Médecin généraliste libérale".into(), ..doctor_input() };
    let p = practice_rules::validate(&input).unwrap();
    let saved = store.transaction(|tx| practice::save(tx, &p)).unwrap();
    let back = practice::get(store.conn(), saved.id.unwrap()).unwrap();
    assert_eq!(back.designation, "Médecin généraliste libérale");
    let edited = Practitioner { designation: String::new(), ..back };
    store.transaction(|tx| practice::save(tx, &edited)).unwrap();
    assert_eq!(practice::get(store.conn(), saved.id.unwrap()).unwrap().designation_or_neutral(), NEUTRAL_DESIGNATION);
}

#[test]
fn the_doctor_is_told_to_enclose_the_screenshot_the_letter_lists() {
    for data in [erasure(), cnil()] {
        let letter = compose(&data, &doctor(), &publisher(), d(2026, 12, 1), &LetterOptions::default()).unwrap();
        assert!(letter.attachments.iter().any(|a| a.contains("écran")), "{:?}", letter.attachments);
        assert!(export_warnings(data.kind()).contains(&SCREENSHOT_TO_ENCLOSE), "{:?}", data.kind());
    }
}
