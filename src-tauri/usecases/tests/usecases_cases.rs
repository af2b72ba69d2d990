//! Issue 10 at the use-case level, on a real SQLite file: a review qualified as illicit opens a
//! case with its quotes and an approximate date; the ladder is walked through the forms; the
//! host notice and the mise en demeure are planned, rendered, recorded and posted (which moves
//! the case); evidence is copied, hashed, verified and tampered with; the lawyer's archive is
//! written and its manifest checked; the calendar holds every deadline; the dashboard puts the
//! nearest lapse first.

#[path = "../../documents/tests/letters_fixtures/mod.rs"]
mod fixtures;

use std::process::Command;

use erm_domain::case::{CaseStatus, Ground, QuotedStatement};
use erm_domain::review::qualification::Qualification;
use erm_domain::review::ReviewInput;
use erm_documents::export::archive::verify_archive;
use erm_documents::letters::LayoutSettings;
use erm_store::vault::Vault;
use erm_store::{practice, Store};
use erm_usecases::cases::evidence::{self, EvidenceForm};
use erm_usecases::cases::form::{CaseForm, CaseStepInput};
use erm_usecases::cases::{self, export};
use erm_usecases::letters::case::{plan, record, CaseLetterExtras, CaseLetterKind};
use erm_usecases::{dashboard, letters, reviews};
use erm_usecases::Error;
use fixtures::d;
use serde_json::json;

fn setup() -> (tempfile::TempDir, Store, Vault) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = erm_usecases::open_store(&dir.path().join("erm.sqlite3")).unwrap();
    store.transaction(|tx| practice::save(tx, &fixtures::doctor())).unwrap();
    let vault = Vault::new(dir.path().join("preuves"));
    (dir, store, vault)
}

fn pdf_text(bytes: &[u8]) -> String {
    let f = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(f.path(), bytes).unwrap();
    let out = Command::new("pdftotext").arg(f.path()).arg("-").output().expect("pdftotext");
    String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ")
}

fn step(json: serde_json::Value) -> CaseStepInput {
    serde_json::from_value(json).unwrap()
}

fn host_party() -> serde_json::Value {
    json!({ "role": "host", "name": "Plateforme Exemple SAS", "address_lines": ["8 rue des Serveurs", "75010 PARIS"] })
}

/// A review with an insult, seen « il y a 2 mois » on 10 March 2026, qualified as illicit.
fn illicit_review(store: &mut Store) -> i64 {
    let input = ReviewInput {
        platform: "Google".into(),
        site_id: None,
        url: "https://maps.exemple.fr/avis/42".into(),
        author: "Patient75".into(),
        published: "il y a 2 mois".into(),
        seen_on: "2026-03-10".into(),
        rating: "1".into(),
        text: "Ce médecin est un charlatan. Attente trop longue.".into(),
    };
    let review = reviews::add(store, &input, d(2026, 3, 10)).unwrap();
    let q = Qualification::Illicit { statements: vec![QuotedStatement { quote: "Ce médecin est un charlatan.".into(), grounds: vec![Ground::Insult] }] };
    reviews::qualify(store, review.id, &q, d(2026, 3, 10)).unwrap();
    review.id
}

fn open_from_review(store: &mut Store, review_id: i64) -> cases::view::CaseDetail {
    let draft = cases::draft_from_review(store, review_id, d(2026, 3, 10)).unwrap();
    assert_eq!(draft.statements.len(), 1);
    // « il y a 2 mois » seen on 10 March: published between 10 December and 10 January.
    assert_eq!(draft.publication["kind"], "approximate");
    assert_eq!(draft.publication["earliest_on"], "2025-12-10");
    assert_eq!(draft.publication["latest_on"], "2026-01-10");
    let form: CaseForm = serde_json::from_value(json!({
        "title": draft.title, "url": draft.url, "site_name": draft.site_name, "author": draft.author,
        "review_id": review_id, "statements": draft.statements, "parties": [host_party()],
        "publication": draft.publication, "discovered_on": "10/03/2026",
    }))
    .unwrap();
    cases::open(store, &form, d(2026, 3, 10)).unwrap()
}

#[test]
fn a_case_from_an_illicit_review_keeps_its_quotes_and_computes_the_earliest_lapse() {
    let (_dir, mut store, _vault) = setup();
    let review = illicit_review(&mut store);
    let case = open_from_review(&mut store, review);
    assert_eq!(case.case.status, CaseStatus::Open);
    assert_eq!(case.statements[0].grounds[0].label, "Injure");
    // The earliest possible publication (10 December) + 3 months: 10 March — already reached.
    let lapse = case.nearest_lapse.as_ref().unwrap();
    assert_eq!(lapse.lapses_on, d(2026, 3, 10));
    assert!(lapse.approximate, "{lapse:?}");
    assert!(case.no_stop_warning.contains("assignation") || case.no_stop_warning.contains("plainte"));
    // A second case for the same review is refused; the draft points to the first.
    let again = cases::draft_from_review(&store, review, d(2026, 3, 10)).unwrap();
    assert_eq!(again.existing_case_id, Some(case.case.id));
    // A review that is not qualified illicit opens no case.
    let lawful = reviews::add(&mut store, &ReviewInput { author: "Autre".into(), published: "01/03/2026".into(), text: "Bien.".into(), platform: "Google".into(), ..Default::default() }, d(2026, 3, 10)).unwrap();
    assert!(matches!(cases::draft_from_review(&store, lawful.id, d(2026, 3, 10)), Err(Error::Refused(_))));
}

#[test]
fn bad_input_changes_nothing_and_is_reported_per_field() {
    let (_dir, mut store, _vault) = setup();
    let form: CaseForm = serde_json::from_value(json!({
        "title": "Forum", "url": "https://forum.exemple.fr/fil/9", "site_name": "Forum santé",
        "statements": [], "publication": { "kind": "exact", "on": "01/04/2026" }, "discovered_on": "10/03/2026",
    }))
    .unwrap();
    let Err(Error::Invalid(inv)) = cases::open(&mut store, &form, d(2026, 3, 10)) else { panic!("refused") };
    assert!(inv.has("statements") && inv.has("first_publication"), "{inv:?}");
    assert!(cases::list(&store, d(2026, 3, 10)).unwrap().is_empty(), "nothing stored");
}

#[test]
fn the_ladder_letters_and_postings_move_the_case() {
    let (dir, mut store, vault) = setup();
    let review = illicit_review(&mut store);
    let id = open_from_review(&mut store, review).case.id;
    let today = d(2026, 3, 12);

    // Rung 1: reported, refused, so an appeal is offered.
    cases::record_step(&mut store, id, &step(json!({ "kind": "report_made", "on": "10/03/2026", "reason": "Contenu injurieux" })), today).unwrap();
    let after = cases::record_step(&mut store, id, &step(json!({ "kind": "report_decided", "on": "11/03/2026", "decision": "no_violation", "note": "Aucune infraction" })), today).unwrap();
    assert_eq!(after.case.status, CaseStatus::Reported);
    assert!(after.next_actions.iter().any(|a| format!("{:?}", a.kind) == "Appeal"), "{:?}", after.next_actions);
    // A decision with no report before it is refused by the machine, in French.
    let err = cases::record_step(&mut store, id, &step(json!({ "kind": "host_decided", "on": "11/03/2026", "decision": "removed" })), today).unwrap_err();
    assert!(matches!(err, Error::Refused(_)), "{err:?}");

    // Evidence: the notice lists it. A capture is copied and hashed.
    let capture = dir.path().join("capture.png");
    std::fs::write(&capture, b"capture de l'avis").unwrap();
    let form = EvidenceForm { url: "https://maps.exemple.fr/avis/42".into(), captured_on: "11/03/2026".into(), captured_time: "09:30".into(), ..Default::default() };
    let new = form.to_new("capture.png", today).unwrap();
    let file = vault.import_file(id, &capture, 1 << 20, |_, _| {}).unwrap();
    evidence::record(&mut store, &vault, id, &new, &file).unwrap();

    // Rung 2: the host notice needs the host's form first and the warning read.
    let extras = CaseLetterExtras { factual_justification: "Le mot « charlatan » m'insulte sans fait précis.".into(), prior_contact_reason: "Auteur inconnu (pseudonyme).".into(), ..Default::default() };
    let Err(Error::Invalid(inv)) = plan(&store, id, CaseLetterKind::HostNotice, &extras, LayoutSettings::default(), today) else { panic!("checklist D refused") };
    assert!(inv.has("electronic_notice") && inv.has("false_notice_acknowledged"), "{inv:?}");
    let extras = CaseLetterExtras { electronic_notice_on: "11/03/2026".into(), electronic_notice_reference: "REF-9".into(), false_notice_acknowledged: true, ..extras };
    let planned = plan(&store, id, CaseLetterKind::HostNotice, &extras, LayoutSettings::default(), today).unwrap();
    let text = pdf_text(&planned.stored.render().unwrap());
    for needle in ["Plateforme Exemple SAS", "« Ce médecin est un charlatan. »", "Injure", "et 33 de la loi du 29 juillet 1881", "REF-9", "capture.png", "bonne foi", "Auteur inconnu"] {
        assert!(text.contains(needle), "host notice holds {needle:?}: {text}");
    }
    let file = record(&mut store, &planned).unwrap();
    letters::mark_sent(&mut store, file.row.id, "12/03/2026", "1A 123 456 7890 1", today).unwrap();
    let detail = cases::detail(&store, id, today).unwrap();
    assert_eq!(detail.case.status, CaseStatus::HostNotified);
    assert!(detail.events.iter().any(|e| e.label.contains("Plateforme Exemple SAS")), "{:?}", detail.events);
    assert_eq!(detail.letters.len(), 1);

    // Rung 3: a mise en demeure to an unidentified author is refused; to the publisher it needs
    // the publisher's address, a period of 8–30 days and the press-clock warning read.
    let to_author = CaseLetterExtras { recipient_role: Some(erm_domain::case::PartyRole::Author), deadline_days: Some(15), press_clock_acknowledged: true, ..Default::default() };
    assert!(plan(&store, id, CaseLetterKind::FormalNotice, &to_author, LayoutSettings::default(), today).is_err());
    let long = CaseLetterExtras { recipient_role: Some(erm_domain::case::PartyRole::Host), ..to_author.clone() };
    assert!(plan(&store, id, CaseLetterKind::FormalNotice, &long, LayoutSettings::default(), today).is_err(), "never to the host");
    let register = letters::register(&store, today).unwrap();
    assert!(register[0].about.as_deref().unwrap().contains("Dossier"), "the register says what the letter is about");
    assert_eq!(register[0].case_id, Some(id));
}

#[test]
fn evidence_is_verified_and_tampering_is_reported_not_fixed() {
    let (dir, mut store, vault) = setup();
    let review = illicit_review(&mut store);
    let id = open_from_review(&mut store, review).case.id;
    let src = dir.path().join("page.html");
    std::fs::write(&src, "<p>Ce médecin est un charlatan.</p>").unwrap();
    let new = EvidenceForm { captured_on: "10/03/2026".into(), ..Default::default() }.to_new("page.html", d(2026, 3, 10)).unwrap();
    let file = vault.import_file(id, &src, 1 << 20, |_, _| {}).unwrap();
    let stored = evidence::record(&mut store, &vault, id, &new, &file).unwrap();
    let pieces = evidence::pieces(&store, id).unwrap();
    assert!(evidence::verify(&vault, &pieces).iter().all(|r| r.intact));
    std::fs::write(vault.path(id, &stored.stored_name), "<p>Ce médecin est formidable.</p>").unwrap();
    let report = evidence::verify(&vault, &pieces);
    assert!(!report[0].intact && report[0].problem.as_deref().unwrap().contains("modifié"), "{report:?}");
    // Issue 20: the day it was added as the doctor reads dates, not « 2026-12-07 ».
    let problem = report[0].problem.as_deref().unwrap();
    assert!(!problem.split_whitespace().any(|w| w.len() >= 10 && w.as_bytes()[4] == b'-' && w[..4].bytes().all(|b| b.is_ascii_digit())), "{problem}");
    assert_eq!(std::fs::read_to_string(vault.path(id, &stored.stored_name)).unwrap(), "<p>Ce médecin est formidable.</p>", "not repaired");
    std::fs::remove_file(vault.path(id, &stored.stored_name)).unwrap();
    assert!(evidence::verify(&vault, &pieces)[0].problem.as_deref().unwrap().contains("introuvable"));
    // A case with evidence is not deleted (close it instead).
    assert!(cases::delete(&mut store, id).is_err());
}

#[test]
fn the_lawyer_archive_the_calendar_and_the_dashboard() {
    let (dir, mut store, vault) = setup();
    // An exact date this time: published 5 March 2026, alerts on 19 April, 4 May, 19 May.
    let form: CaseForm = serde_json::from_value(json!({
        "title": "Forum santé", "url": "https://forum.exemple.fr/fil/9", "site_name": "Forum santé", "author": "Xyz",
        "statements": [{ "quote": "Il a menti sur ses diplômes.", "grounds": ["defamation"] }],
        "parties": [host_party()], "publication": { "kind": "exact", "on": "05/03/2026" }, "discovered_on": "06/03/2026",
    }))
    .unwrap();
    let id = cases::open(&mut store, &form, d(2026, 3, 10)).unwrap().case.id;
    let src = dir.path().join("capture.png");
    std::fs::write(&src, vec![7u8; 300_000]).unwrap();
    let new = EvidenceForm { captured_on: "06/03/2026".into(), ..Default::default() }.to_new("capture.png", d(2026, 3, 10)).unwrap();
    let file = vault.import_file(id, &src, 1 << 20, |_, _| {}).unwrap();
    evidence::record(&mut store, &vault, id, &new, &file).unwrap();
    let planned = plan(&store, id, CaseLetterKind::EvidenceInventory, &CaseLetterExtras::default(), LayoutSettings::default(), d(2026, 3, 10)).unwrap();
    record(&mut store, &planned).unwrap();

    let plan = export::plan(&store, &vault, id, d(2026, 4, 20)).unwrap();
    assert!(plan.file_name.ends_with("-dossier-avocat-forum-sante.zip"), "{}", plan.file_name);
    let dest = dir.path().join("sortie").join(&plan.file_name);
    std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
    let mut calls = 0;
    let report = export::write(plan, &dest, |_, _| calls += 1).unwrap();
    assert!(calls > 0, "progress reported");
    let names: Vec<_> = report.entries.iter().map(|e| e.name.clone()).collect();
    assert!(names.contains(&"dossier.pdf".to_owned()) && names.iter().any(|n| n.starts_with("preuves/01-")) && names.iter().any(|n| n.starts_with("courriers/")), "{names:?}");
    assert!(verify_archive(&dest).unwrap().iter().all(|(_, ok)| *ok));

    let (name, ics) = export::calendar(&store, d(2026, 4, 20)).unwrap();
    assert!(name.ends_with(".ics"));
    for day in ["20260419", "20260504", "20260519", "20260605"] {
        assert!(ics.contains(&format!("DTSTART;VALUE=DATE:{day}")), "{day} in the calendar:\n{ics}");
    }

    let summary = dashboard::summary(&store, d(2026, 4, 20)).unwrap();
    assert_eq!(summary.case_lapses.len(), 1);
    assert_eq!(summary.case_lapses[0].lapse.lapses_on, d(2026, 6, 5));
    assert_eq!(summary.case_lapses[0].alert_passed, Some(d(2026, 4, 19)));
    // Before the first alert, none is reported as passed.
    assert_eq!(dashboard::summary(&store, d(2026, 4, 18)).unwrap().case_lapses[0].alert_passed, None);
}

/// Issue 21.1: a piece appended to after it was taken. The lawyer's archive refuses it by
/// default (nothing written), and when the doctor insists packs it marked as modified: the
/// manifest lists the digest recorded at capture (so `sha256sum -c` says FAILED for it), the
/// JSON manifest and the dossier give both digests. The recorded digest is never replaced.
#[test]
fn the_lawyer_archive_never_vouches_for_a_tampered_piece() {
    let (dir, mut store, vault) = setup();
    let review = illicit_review(&mut store);
    let id = open_from_review(&mut store, review).case.id;
    let src = dir.path().join("capture.png");
    std::fs::write(&src, vec![3u8; 50_000]).unwrap();
    let new = EvidenceForm { captured_on: "10/03/2026".into(), ..Default::default() }.to_new("capture.png", d(2026, 3, 10)).unwrap();
    let file = vault.import_file(id, &src, 1 << 20, |_, _| {}).unwrap();
    let stored = evidence::record(&mut store, &vault, id, &new, &file).unwrap();
    let recorded = stored.sha256.clone();
    // The attack: a few bytes appended to the stored copy.
    let path = vault.path(id, &stored.stored_name);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend_from_slice(b"tampered");
    std::fs::write(&path, &bytes).unwrap();
    let actual: String = {
        use sha2::{Digest, Sha256};
        Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect()
    };
    let out = dir.path().join("sortie");
    std::fs::create_dir_all(&out).unwrap();

    // By default: refused, with its own kind, before anything is written.
    let plan = export::plan(&store, &vault, id, d(2026, 4, 20)).unwrap();
    let err = export::check_pieces(plan, false).err().expect("a modified piece is refused");
    assert!(matches!(err, Error::ModifiedEvidence(_)), "{err:?}");
    assert!(err.to_string().contains("capture.png") && err.to_string().contains("n'a pas été créée"), "{err}");
    // Even without the check, the write itself compares what it packs with the recorded digest.
    let plan = export::plan(&store, &vault, id, d(2026, 4, 20)).unwrap();
    let dest = out.join(&plan.file_name);
    let err = export::write(plan, &dest, |_, _| {}).unwrap_err();
    assert!(matches!(err, Error::ModifiedEvidence(_)), "{err:?}");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0, "nothing left in the folder");

    // The doctor insists: packed, marked, both digests.
    let plan = export::check_pieces(export::plan(&store, &vault, id, d(2026, 4, 20)).unwrap(), true).unwrap();
    let report = export::write(plan, &dest, |_, _| {}).unwrap();
    let piece = report.entries.iter().find(|e| e.name.starts_with("preuves/")).unwrap();
    assert_eq!(piece.sha256, actual);
    assert_eq!(piece.recorded_sha256.as_deref(), Some(recorded.as_str()));
    let checks = verify_archive(&dest).unwrap();
    assert!(checks.iter().any(|(n, ok)| n.starts_with("preuves/") && !ok), "the manifest does not vouch for it: {checks:?}");
    assert!(checks.iter().filter(|(n, _)| !n.starts_with("preuves/")).all(|(_, ok)| *ok));
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&dest).unwrap()).unwrap();
    let mut manifest = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("MANIFEST-SHA256.txt").unwrap(), &mut manifest).unwrap();
    assert!(manifest.contains(&format!("{recorded}  {}", piece.name)) && !manifest.contains(&actual), "{manifest}");
    let mut json = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("manifeste.json").unwrap(), &mut json).unwrap();
    assert!(json.contains(&recorded) && json.contains(&actual) && json.contains("modifiée depuis son enregistrement"), "{json}");
    let mut pdf = Vec::new();
    std::io::Read::read_to_end(&mut zip.by_name("dossier.pdf").unwrap(), &mut pdf).unwrap();
    let text = pdf_text(&pdf);
    assert!(text.contains("modifiée depuis son enregistrement") && text.contains(&recorded[..20]) && text.contains(&actual[..20]), "{text}");
    // The store still holds the digest taken at capture.
    assert_eq!(evidence::pieces(&store, id).unwrap()[0].sha256, recorded);
}

/// Issue 21.1, the same rule for the full export: a modified piece stops it unless the doctor
/// includes it marked.
#[test]
fn the_full_export_refuses_a_tampered_piece_by_default() {
    use erm_usecases::full_export;
    let (dir, mut store, vault) = setup();
    let review = illicit_review(&mut store);
    let id = open_from_review(&mut store, review).case.id;
    let src = dir.path().join("page.html");
    std::fs::write(&src, "<p>original</p>").unwrap();
    let new = EvidenceForm { captured_on: "10/03/2026".into(), ..Default::default() }.to_new("page.html", d(2026, 3, 10)).unwrap();
    let file = vault.import_file(id, &src, 1 << 20, |_, _| {}).unwrap();
    let stored = evidence::record(&mut store, &vault, id, &new, &file).unwrap();
    std::fs::write(vault.path(id, &stored.stored_name), "<p>changed</p>").unwrap();
    let out = dir.path().join("export");
    std::fs::create_dir_all(&out).unwrap();
    let plan = full_export::plan_full_export(&store, &vault, d(2026, 4, 20)).unwrap();
    let dest = out.join(&plan.file_name);
    let err = full_export::write_full_export(plan, &dest, |_, _| {}).unwrap_err();
    assert!(matches!(err, Error::ModifiedEvidence(_)), "{err:?}");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0);
    let mut plan = full_export::plan_full_export(&store, &vault, d(2026, 4, 20)).unwrap();
    plan.accept_modified = true;
    full_export::write_full_export(plan, &dest, |_, _| {}).unwrap();
    assert!(verify_archive(&dest).unwrap().iter().any(|(n, ok)| n.starts_with("preuves/") && !ok));
}

/// Issue 20, the blocker: the host notice's form must show every field its check requires, in
/// every state the ladder proposes it (a fresh case, after the platform report — the first next
/// step —, after a mise en demeure sent). The form and the check share one rule; this walks the
/// states and, in each, submits the form with only its own fields filled.
#[test]
fn the_host_notice_form_shows_every_field_its_check_requires() {
    use erm_usecases::letters::case_form;
    let (dir, mut store, vault) = setup();
    let today = d(2026, 3, 20);
    let publisher = json!({ "role": "publisher", "name": "Éditions Exemple", "address_lines": ["1 rue du Web", "75002 PARIS"] });
    let form: CaseForm = serde_json::from_value(json!({
        "title": "Forum santé", "url": "https://forum.exemple.fr/fil/9", "site_name": "Forum santé", "author": "Xyz",
        "statements": [{ "quote": "Ce médecin est un charlatan.", "grounds": ["insult"] }],
        "parties": [host_party(), publisher], "publication": { "kind": "exact", "on": "05/03/2026" }, "discovered_on": "06/03/2026",
    }))
    .unwrap();
    let id = cases::open(&mut store, &form, d(2026, 3, 10)).unwrap().case.id;
    let capture = dir.path().join("capture.png");
    std::fs::write(&capture, b"capture").unwrap();
    let new = EvidenceForm { captured_on: "06/03/2026".into(), ..Default::default() }.to_new("capture.png", today).unwrap();
    let file = vault.import_file(id, &capture, 1 << 20, |_, _| {}).unwrap();
    evidence::record(&mut store, &vault, id, &new, &file).unwrap();
    let fill = |form: &case_form::LetterForm| -> CaseLetterExtras {
        let mut v = serde_json::Map::new();
        for f in &form.fields {
            let value = match f.name {
                "electronic_notice_on" => json!("11/03/2026"),
                "electronic_notice_reference" | "electronic_notice_unavailable" => json!(""),
                "prior_contact_reason" => json!("L'auteur n'est connu que par un pseudonyme."),
                "factual_justification" => json!("Le mot « charlatan » m'insulte sans fait précis."),
                other => panic!("a field this test does not know: {other}"),
            };
            v.insert(f.name.to_owned(), value);
        }
        v.insert(form.acknowledgement.unwrap().to_owned(), json!(true));
        serde_json::from_value(serde_json::Value::Object(v)).unwrap()
    };
    let check = |store: &Store, label: &str| {
        let form = case_form::form(store, id, CaseLetterKind::HostNotice).unwrap();
        let planned = plan(store, id, CaseLetterKind::HostNotice, &fill(&form), LayoutSettings::default(), today);
        assert!(planned.is_ok(), "{label}: the form's own fields are enough: {:?}", planned.err());
        form
    };
    let fresh = check(&store, "fresh case");
    assert!(fresh.fields.iter().any(|f| f.name == "prior_contact_reason" && f.required));
    cases::record_step(&mut store, id, &step(json!({ "kind": "report_made", "on": "10/03/2026", "reason": "Contenu injurieux" })), today).unwrap();
    let after_report = check(&store, "after the platform report");
    assert!(after_report.fields.iter().any(|f| f.name == "prior_contact_reason" && f.required), "still no mise en demeure: the reason is asked");
    // An empty reason is reported on the field the form shows.
    let mut extras = fill(&after_report);
    extras.prior_contact_reason.clear();
    let Err(Error::Invalid(inv)) = plan(&store, id, CaseLetterKind::HostNotice, &extras, LayoutSettings::default(), today) else { panic!("refused") };
    assert!(inv.has("prior_contact_reason"), "{inv:?}");
    // After a mise en demeure sent, the letter cites it and the form no longer asks.
    let notice = CaseLetterExtras { recipient_role: Some(erm_domain::case::PartyRole::Publisher), deadline_days: Some(15), press_clock_acknowledged: true, ..Default::default() };
    let planned = plan(&store, id, CaseLetterKind::FormalNotice, &notice, LayoutSettings::default(), today).unwrap();
    let file = record(&mut store, &planned).unwrap();
    letters::mark_sent(&mut store, file.row.id, "20/03/2026", "1A 123 456 7890 2", today).unwrap();
    let after_notice = check(&store, "after a mise en demeure");
    assert!(after_notice.fields.iter().all(|f| f.name != "prior_contact_reason"), "{:?}", after_notice.fields);
}

/// Issue 21.7: a newline or a right-to-left override in a file's name or a note is not kept:
/// the inventory's lines stay apart and no name reads backwards.
#[test]
fn evidence_names_and_notes_are_plain_text() {
    let form = EvidenceForm { captured_on: "10/03/2026".into(), note: "vue\u{202E} le soir\u{0007}".into(), ..Default::default() };
    let new = form.to_new("capture\nde l'avis\u{202E}gnp.exe", d(2026, 3, 10)).unwrap();
    assert_eq!(new.original_name, "capture de l'avisgnp.exe");
    assert_eq!(new.note, "vue le soir");
}

/// Issue 22.9: a follow-up says the contents are still online only as of a capture taken after
/// the period ended; without one it is refused, saying what to do.
#[test]
fn a_follow_up_dates_the_contents_by_a_capture_after_the_period() {
    let (dir, mut store, vault) = setup();
    let form: CaseForm = serde_json::from_value(json!({
        "title": "Forum santé", "url": "https://forum.exemple.fr/fil/9", "site_name": "Forum santé", "author": "Xyz",
        "statements": [{ "quote": "Ce médecin est un escroc.", "grounds": ["insult"] }],
        "parties": [host_party(), { "role": "publisher", "name": "Éditions Exemple", "address_lines": ["1 rue du Web", "75002 PARIS"] }],
        "publication": { "kind": "exact", "on": "05/03/2026" }, "discovered_on": "06/03/2026",
    }))
    .unwrap();
    let id = cases::open(&mut store, &form, d(2026, 3, 10)).unwrap().case.id;
    let add_capture = |store: &mut Store, on: &str| {
        let src = dir.path().join(format!("capture-{}.png", on.replace('/', "-")));
        std::fs::write(&src, on.as_bytes()).unwrap();
        let new = EvidenceForm { captured_on: on.into(), ..Default::default() }.to_new(src.file_name().unwrap().to_str().unwrap(), d(2026, 5, 1)).unwrap();
        let file = vault.import_file(id, &src, 1 << 20, |_, _| {}).unwrap();
        evidence::record(store, &vault, id, &new, &file).unwrap();
    };
    add_capture(&mut store, "06/03/2026");
    let today = d(2026, 3, 12);
    cases::record_step(&mut store, id, &step(json!({ "kind": "formal_notice_sent", "on": "12/03/2026", "to": "publisher", "deadline_days": "15" })), today).unwrap();
    cases::record_step(&mut store, id, &step(json!({ "kind": "formal_notice_received", "on": "14/03/2026", "basis": "acknowledged" })), d(2026, 3, 14)).unwrap();
    let later = d(2026, 4, 10);
    let extras = CaseLetterExtras { recipient_role: Some(erm_domain::case::PartyRole::Publisher), deadline_days: Some(8), press_clock_acknowledged: true, ..Default::default() };
    let Err(Error::Invalid(inv)) = plan(&store, id, CaseLetterKind::FollowUp, &extras, LayoutSettings::default(), later) else { panic!("a follow-up without a recent capture is refused") };
    assert!(inv.has("still_online_on"), "{inv:?}");
    add_capture(&mut store, "08/04/2026");
    let planned = plan(&store, id, CaseLetterKind::FollowUp, &extras, LayoutSettings::default(), later).unwrap();
    let text = pdf_text(&planned.stored.render().unwrap());
    assert!(text.contains("le 8 avril 2026, ils étaient toujours accessibles") && !text.contains("à ce jour"), "{text}");
    assert!(!text.contains("rien d'autre que ce retrait"), "{text}");
}
