//! Case files against real SQLite files: the 0008 migration (the letter table rebuilt with its
//! rows, ids and references intact), cases, their history through the state machine, evidence
//! rows, letters of a case, and the refusals that protect evidence.

use erm_store::StoreError;
use chrono::{NaiveDate, NaiveDateTime};
use erm_domain::case::{
    CaseEvent, CaseInput, CaseStatus, EvidenceKind, FirstPublication, Ground, NewEvidence, Party, PartyRole, QuotedStatement,
};
use erm_domain::review::{validate as validate_review, ReviewInput};
use erm_documents::letters::LetterKind;
use erm_store::cases::{self, evidence};
use erm_store::letters::{self, NewLetter};
use erm_store::migrations::MIGRATIONS;
use erm_store::{reviews, Store};
use rusqlite::Connection;
use serde_json::json;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn open(dir: &tempfile::TempDir) -> Store {
    Store::open(&dir.path().join("erm.sqlite3")).unwrap()
}

fn input(title: &str, review_id: Option<i64>) -> CaseInput {
    CaseInput {
        title: title.into(),
        url: "https://www.google.com/maps/review/abc".into(),
        site_name: "Google Maps".into(),
        author: Some("Jean D.".into()),
        review_id,
        statements: vec![QuotedStatement { quote: "Ce médecin est un charlatan".into(), grounds: vec![Ground::Defamation] }],
        parties: vec![Party {
            role: PartyRole::Host,
            name: "Google Ireland Limited".into(),
            identified: true,
            address_lines: vec!["Gordon House, Barrow Street".into(), "DUBLIN 4".into(), "IRLANDE".into()],
            email: None,
            web_form: Some("https://support.google.com/legal".into()),
            notes: String::new(),
        }],
        first_publication: FirstPublication::Approximate {
            earliest_on: d(2026, 1, 1),
            latest_on: d(2026, 2, 1),
            seen_text: "il y a 2 mois".into(),
            seen_on: d(2026, 3, 1),
        },
        discovered_on: d(2026, 3, 1),
        notes: "Vu par ma secrétaire.".into(),
    }
}

fn add_review(store: &mut Store) -> i64 {
    let r = ReviewInput {
        platform: "Google".into(),
        author: "Jean D.".into(),
        published: "01/02/2026".into(),
        rating: "1".into(),
        text: "Ce médecin est un charlatan.".into(),
        ..Default::default()
    };
    let r = validate_review(&r, d(2026, 3, 2)).unwrap();
    store.transaction(|tx| reviews::insert(tx, &r)).unwrap().id
}

fn new_evidence() -> NewEvidence {
    NewEvidence {
        kind: EvidenceKind::Screenshot,
        original_name: "capture avis.png".into(),
        url: Some("https://www.google.com/maps/review/abc".into()),
        captured_at: NaiveDateTime::parse_from_str("2026-03-01 14:05:09", "%Y-%m-%d %H:%M:%S").unwrap(),
        visible_date: Some("il y a 2 mois".into()),
        note: String::new(),
    }
}

const SHA: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

fn count(store: &Store, table: &str) -> i64 {
    store.conn().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

/// Every column the letter table had before version 8, row by row, as SQLite values.
fn letter_rows(conn: &Connection) -> Vec<Vec<rusqlite::types::Value>> {
    let mut stmt = conn
        .prepare("SELECT id, kind, listing_id, recipient, data, created_at, sent_on, registered_number, acknowledged_on FROM letter ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| (0..9).map(|i| r.get(i)).collect()).unwrap().collect::<rusqlite::Result<_>>().unwrap()
}

#[test]
fn migration_8_rebuilds_letters_keeping_ids_data_and_references() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("erm.sqlite3");
    let before;
    {
        // The database as version 7 left it, with letters whose ids have gaps.
        let conn = Connection::open(&path).unwrap();
        for m in MIGRATIONS.iter().filter(|m| m.version <= 7) {
            conn.execute_batch(m.sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 7).unwrap();
        conn.execute_batch(
            "INSERT INTO site (id, name, domain, kind, has_reviews, created_at, updated_at)
                 VALUES (1, 'Annuaire', 'annuaire.fr', 'directory', 0, 'x', 'x');
             INSERT INTO listing (id, site_id, url, found_on, status, request_sent_on, received_on, created_at, updated_at)
                 VALUES (4, 1, 'https://annuaire.fr/dr', '2026-01-05', 'erasure_requested', '2026-01-06', NULL, 'x', 'x');
             INSERT INTO letter (id, kind, listing_id, recipient, data, created_at, sent_on, registered_number, acknowledged_on)
                 VALUES (3, 'erasure_request', 4, '{\"lines\":[\"EDITEUR\"]}', '{\"body\":\"é\"}', '2026-01-06T09:00:00Z', '2026-01-06', '1A00000000001', '2026-01-08'),
                        (7, 'cnil_complaint', NULL, '{}', '{\"n\":1}', '2026-02-01T09:00:00Z', NULL, NULL, NULL),
                        (9, 'formal_notice', 4, '[]', '{}', '2026-02-02T09:00:00Z', NULL, NULL, NULL);",
        )
        .unwrap();
        before = letter_rows(&conn);
        assert_eq!(before.len(), 3);
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), erm_store::migrations::latest_version());
    let conn = store.conn();
    assert_eq!(letter_rows(conn), before, "every letter kept with its id and data");
    let no_case: i64 = conn.query_row("SELECT count(*) FROM letter WHERE case_id IS NULL", [], |r| r.get(0)).unwrap();
    assert_eq!(no_case, 3);

    // Nothing points at a table that no longer exists, and the indexes are back.
    let fk: i64 = conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
    assert_eq!(fk, 0);
    let stale: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_schema WHERE name LIKE '%letter_new%' OR sql LIKE '%letter_new%'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stale, 0);
    let indexes: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'letter' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(indexes, ["letter_case", "letter_listing"]);
    assert!(store.integrity_check().unwrap().ok);

    // The repository reads the old rows; the new kind is accepted; ON DELETE SET NULL still works.
    let row = letters::get(conn, 3).unwrap();
    assert_eq!((row.kind, row.listing_id, row.case_id), (LetterKind::ErasureRequest, Some(4), None));
    assert_eq!(row.registered_number.as_deref(), Some("1A00000000001"));
    conn.execute("INSERT INTO letter (kind, recipient, data, created_at) VALUES ('follow_up', '{}', '{}', 'x')", []).unwrap();
    assert!(conn.execute("INSERT INTO letter (kind, recipient, data, created_at) VALUES ('nonsense', '{}', '{}', 'x')", []).is_err());
    conn.execute("DELETE FROM listing WHERE id = 4", []).unwrap();
    let detached: i64 = conn.query_row("SELECT count(*) FROM letter WHERE listing_id IS NULL", [], |r| r.get(0)).unwrap();
    assert_eq!(detached, 4);
}

#[test]
fn a_case_is_stored_read_listed_updated_and_reopened() {
    let dir = tempfile::tempdir().unwrap();
    let (id, review) = {
        let mut store = open(&dir);
        let review = add_review(&mut store);
        let case = store.transaction(|tx| cases::insert(tx, &input("Avis Google du 1er février", Some(review)), d(2026, 3, 2))).unwrap();
        assert_eq!(case.status, CaseStatus::Open);
        assert_eq!(case.outcome, None);
        assert_eq!(case.opened_on, d(2026, 3, 2));
        assert_eq!(case.review_id, Some(review));
        assert_eq!(case.statements, input("x", None).statements);
        assert_eq!(case.first_publication, input("x", None).first_publication);
        assert_eq!(case.parties[0].name, "Google Ireland Limited");
        (case.id, review)
    };
    let mut store = open(&dir);
    let case = cases::get(store.conn(), id).unwrap();
    assert_eq!(case.title, "Avis Google du 1er février");
    assert_eq!(cases::for_review(store.conn(), review).unwrap().map(|c| c.id), Some(id));
    assert_eq!(cases::for_review(store.conn(), review + 100).unwrap(), None);

    // One case per review.
    let err = store.transaction(|tx| cases::insert(tx, &input("Doublon", Some(review)), d(2026, 3, 2))).unwrap_err();
    assert!(matches!(&err, StoreError::Invalid(inv) if inv.has("review_id")), "{err:?}");
    let err = store.transaction(|tx| cases::insert(tx, &input("Avis absent", Some(review + 100)), d(2026, 3, 2))).unwrap_err();
    assert!(matches!(&err, StoreError::Invalid(inv) if inv.has("review_id")), "{err:?}");
    assert_eq!(count(&store, "case_file"), 1);

    let mut changed = input("Avis Google (titre revu)", Some(review));
    changed.first_publication = FirstPublication::Exact { on: d(2026, 1, 20) };
    changed.author = None;
    let updated = store.transaction(|tx| cases::update(tx, id, &changed)).unwrap();
    assert_eq!(updated.title, "Avis Google (titre revu)");
    assert_eq!(updated.first_publication, FirstPublication::Exact { on: d(2026, 1, 20) });
    assert_eq!(updated.author, None);
    assert_eq!((updated.opened_on, updated.status, &updated.created_at), (case.opened_on, case.status, &case.created_at));

    let other = store.transaction(|tx| cases::insert(tx, &input("Forum", None), d(2026, 3, 3))).unwrap().id;
    store.transaction(|tx| evidence::insert(tx, id, &new_evidence(), "0001-capture avis.png", SHA, 0)).unwrap();
    let all = cases::list(store.conn()).unwrap();
    assert_eq!(all.len(), 2);
    let first = all.iter().find(|s| s.case.id == id).unwrap();
    assert_eq!((first.evidence_count, first.letter_count, first.last_event_on), (1, 0, None));
    assert!(all.iter().any(|s| s.case.id == other && s.evidence_count == 0));

    assert!(matches!(cases::get(store.conn(), 999), Err(StoreError::NotFound(_))));
    assert!(matches!(store.transaction(|tx| cases::update(tx, 999, &changed)), Err(StoreError::NotFound(_))));

    // Deleting the review keeps the case, detached.
    store.transaction(|tx| reviews::delete(tx, review)).unwrap();
    assert_eq!(cases::get(store.conn(), id).unwrap().review_id, None);
}

#[test]
fn events_go_through_the_machine_and_are_kept_oldest_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir);
    let id = store.transaction(|tx| cases::insert(tx, &input("Avis", None), d(2026, 3, 2))).unwrap().id;
    let report = CaseEvent::ReportMade { on: d(2026, 3, 3), reason: "Propos diffamatoires".into(), reference: Some("R-1".into()) };
    let after = store.transaction(|tx| cases::record_event(tx, id, &report, "  signalé via le bouton  ", d(2026, 3, 3))).unwrap();
    let lawyer = CaseEvent::LawyerConsulted { on: d(2026, 3, 5), who: "Me Martin".into() };
    let last = store.transaction(|tx| cases::record_event(tx, id, &lawyer, "", d(2026, 3, 5))).unwrap();

    let history = cases::events(store.conn(), id).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].event, report);
    assert_eq!(history[0].note, "signalé via le bouton");
    assert_eq!(history[0].from_status, CaseStatus::Open);
    assert_eq!(history[0].to_status, after.status, "the stored step matches the case's new status");
    assert_eq!(history[1].event, lawyer);
    assert_eq!(history[1].from_status, after.status);
    assert_eq!(history[1].to_status, last.status);
    assert!(history[0].id < history[1].id && history[0].case_id == id);
    let kind: String = store.conn().query_row("SELECT kind FROM case_event WHERE id = ?1", [history[0].id], |r| r.get(0)).unwrap();
    assert_eq!(kind, "report_made");
    let summary = cases::list(store.conn()).unwrap();
    assert_eq!(summary[0].last_event_on, Some(d(2026, 3, 5)));
    assert!(matches!(cases::events(store.conn(), 999), Err(StoreError::NotFound(_))));
    assert!(matches!(store.transaction(|tx| cases::record_event(tx, 999, &report, "", d(2026, 3, 3))), Err(StoreError::NotFound(_))));

    // A case without evidence or letters can be deleted, with its history.
    store.transaction(|tx| cases::delete(tx, id)).unwrap();
    assert_eq!((count(&store, "case_file"), count(&store, "case_event")), (0, 0));
    assert!(matches!(store.transaction(|tx| cases::delete(tx, id)), Err(StoreError::NotFound(_))));
}

#[test]
fn evidence_rows_are_kept_and_protect_their_case() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir);
    let id = store.transaction(|tx| cases::insert(tx, &input("Avis", None), d(2026, 3, 2))).unwrap().id;
    let mut new = new_evidence();
    new.captured_at = NaiveDateTime::parse_from_str("2026-03-01 14:05:09.750", "%Y-%m-%d %H:%M:%S%.f").unwrap();
    let e = store.transaction(|tx| evidence::insert(tx, id, &new, "0001-capture avis.png", &SHA.to_uppercase(), 1234)).unwrap();
    assert_eq!(e.case_id, id);
    assert_eq!(e.kind, EvidenceKind::Screenshot);
    assert_eq!(e.sha256, SHA, "stored in lower case");
    assert_eq!(e.size_bytes, 1234);
    assert_eq!(e.captured_at, new_evidence().captured_at, "kept to the second");
    assert_eq!(e.visible_date.as_deref(), Some("il y a 2 mois"));
    assert_eq!(evidence::get(store.conn(), e.id).unwrap(), e);

    // Same stored name twice in a case, a bad hash, an unknown case: refused, nothing written.
    assert!(store.transaction(|tx| evidence::insert(tx, id, &new, "0001-capture avis.png", SHA, 1)).is_err());
    assert!(store.transaction(|tx| evidence::insert(tx, id, &new, "0002-x.png", "abc", 1)).is_err());
    assert!(store.transaction(|tx| evidence::insert(tx, id, &new, "../0003-x.png", SHA, 1)).is_err());
    assert!(matches!(store.transaction(|tx| evidence::insert(tx, 999, &new, "0001-x.png", SHA, 1)), Err(StoreError::NotFound(_))));
    let mut blank = new.clone();
    (blank.original_name, blank.url) = ("  ".into(), Some("www.exemple.fr".into()));
    let err = store.transaction(|tx| evidence::insert(tx, id, &blank, "0002-x.png", SHA, 1)).unwrap_err();
    assert!(matches!(&err, StoreError::Invalid(inv) if inv.has("original_name") && inv.has("url")), "{err:?}");
    blank = NewEvidence { url: Some(" ".into()), ..new.clone() };
    let second = store.transaction(|tx| evidence::insert(tx, id, &blank, "0002-page.txt", SHA, 0)).unwrap();
    assert_eq!(second.url, None, "a blank address is no address");
    assert_eq!(evidence::list(store.conn(), id).unwrap().iter().map(|e| e.id).collect::<Vec<_>>(), [e.id, second.id]);
    assert!(matches!(evidence::get(store.conn(), 999), Err(StoreError::NotFound(_))));

    let err = store.transaction(|tx| cases::delete(tx, id)).unwrap_err();
    assert!(matches!(&err, StoreError::Refused(m) if m.contains("2 preuve(s)")), "{err}");
    // The schema refuses it too, should a caller go around the repository.
    assert!(store.conn().execute("DELETE FROM case_file WHERE id = ?1", [id]).is_err());
    assert_eq!(count(&store, "evidence"), 2);
}

#[test]
fn letters_belong_to_a_case_and_keep_it_from_deletion() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir);
    let id = store.transaction(|tx| cases::insert(tx, &input("Avis", None), d(2026, 3, 2))).unwrap().id;
    let other = store.transaction(|tx| cases::insert(tx, &input("Autre", None), d(2026, 3, 2))).unwrap().id;
    let new = |case_id| NewLetter { kind: LetterKind::HostNotice, listing_id: None, case_id, recipient: json!({"lines": ["GOOGLE"]}), data: json!({}) };
    let a = store.transaction(|tx| letters::insert(tx, &new(Some(id)))).unwrap();
    let b = store.transaction(|tx| letters::insert(tx, &new(Some(id)))).unwrap();
    store.transaction(|tx| letters::insert(tx, &new(None))).unwrap();
    assert_eq!(a.case_id, Some(id));
    assert_eq!(letters::for_case(store.conn(), id).unwrap().iter().map(|l| l.id).collect::<Vec<_>>(), [a.id, b.id]);
    assert!(letters::for_case(store.conn(), other).unwrap().is_empty());
    assert!(matches!(store.transaction(|tx| letters::insert(tx, &new(Some(999)))), Err(StoreError::NotFound(_))));
    assert_eq!(cases::list(store.conn()).unwrap().iter().find(|s| s.case.id == id).unwrap().letter_count, 2);

    let err = store.transaction(|tx| cases::delete(tx, id)).unwrap_err();
    assert!(matches!(&err, StoreError::Refused(m) if m.contains("2 courrier(s)")), "{err}");
    store.transaction(|tx| cases::delete(tx, other)).unwrap();
    assert_eq!(count(&store, "letter"), 3);
}
