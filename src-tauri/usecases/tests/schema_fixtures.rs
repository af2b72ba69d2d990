//! Issue 11, part 2 (b): a populated database for every schema version, migrated to the
//! current one with every row intact and usable.
//!
//! The files under `tests/fixtures/schemas/vN.sqlite3` (N = 1..10) are made by
//! `write_schema_fixtures` below, run once with `ERM_WRITE_SCHEMA_FIXTURES=1`:
//!
//! ```sh
//! ERM_WRITE_SCHEMA_FIXTURES=1 cargo test -p erm-usecases --test schema_fixtures write_schema_fixtures
//! ```
//!
//! Honest limits: each file is made by applying *that version's migrations* (the SQL shipped
//! with it, pinned by `tests/upgrades.rs`) and inserting representative rows by SQL — not by
//! the app binary of that version, which was never kept. The rows follow each version's
//! schema and CHECKs; the JSON columns (stored letters, event proofs, case statements and
//! parties) are written in the shapes the code reads, and the stored letters are real rows
//! of the first letter wording (`tests/letters_fixtures/legacy_v1.json`, with the SHA-256 of
//! the PDF that version produced). The files use 512-byte pages to stay small. Once written, a fixture is never regenerated: a new schema
//! version adds a new file.

#[path = "../../documents/tests/letters_fixtures/mod.rs"]
mod fixtures;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use erm_store::letters::{self as letter_repo, LetterRow};
use erm_store::migrations::{self, latest_version, MIGRATIONS};
use erm_store::reviews::ReviewFilter;
use erm_store::{practice, reviews as review_store};
use erm_usecases::letters::StoredLetter;
use erm_usecases::{self as usecases, cases, listings, open_store};
use fixtures::d;
use rusqlite::types::Value;
use rusqlite::Connection;
use serde_json::json;
use sha2::{Digest, Sha256};

const LAST: i64 = 10;

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schemas")
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Real stored-letter rows of the first wording, by kind and registered or not.
fn legacy(kind: &str, registered: bool) -> serde_json::Value {
    let rows: Vec<serde_json::Value> = serde_json::from_str(include_str!("../../documents/tests/letters_fixtures/legacy_v1.json")).unwrap();
    rows.into_iter()
        .find(|r| r["letter"]["kind"] == kind && r["options"]["registered"] == registered)
        .unwrap_or_else(|| panic!("no legacy {kind} row"))
}

/// The `letter.data` of a legacy row: the row as a `StoredLetter` (the hash set aside).
fn letter_data(row: &serde_json::Value, file_name: &str) -> String {
    let mut data = row.clone();
    data.as_object_mut().unwrap().remove("sha256");
    data["file_name"] = json!(file_name);
    data.to_string()
}

fn exec(conn: &Connection, sql: &str, params: impl rusqlite::Params) {
    conn.execute(sql, params).unwrap_or_else(|e| panic!("{e}: {sql}"));
}

/// Builds the database of schema version `v` at `path`: that version's migrations, then rows.
fn build(v: i64, path: &Path) {
    let _ = std::fs::remove_file(path);
    let mut conn = Connection::open(path).unwrap();
    // 512-byte pages keep the committed files small (the app's own files use SQLite's default,
    // 4,096; the page size plays no part in a migration).
    conn.execute_batch("PRAGMA page_size = 512;").unwrap();
    migrations::apply(&mut conn, &MIGRATIONS[..v as usize]).unwrap();
    let at = "2026-09-01T08:30:00Z";
    let tx = conn.transaction().unwrap();
    let c = &*tx;
    // v1: the practice and a setting.
    exec(c, "INSERT INTO practitioner (civility, title, first_name, last_name, specialty, rpps, address_lines, postcode, city, phone, email, signature_city, is_default, created_at, updated_at)
             VALUES ('madame', 'docteur', 'Hélène', 'Dupré-Lefèvre', 'Médecine générale', '10003456789', '[\"12 rue Cabanis\"]', '75014', 'Paris', '01 40 64 14 70', 'cabinet@exemple.fr', 'Paris', 1, ?1, ?1)", [at]);
    exec(c, "INSERT INTO practitioner (civility, title, first_name, last_name, specialty, rpps, address_lines, postcode, city, phone, email, signature_city, is_default, created_at, updated_at)
             VALUES ('monsieur', 'professeur', 'Éric', 'Nguyen', 'Dermatologie', '10000000002', '[\"3 place d''Italie\", \"Bâtiment B\"]', '75013', 'Paris', '', '', '', 0, ?1, ?1)", [at]);
    exec(c, "INSERT INTO setting (key, value) VALUES ('envelope', '{\"window\":\"right\"}'), ('last_backup_reminder', '\"2026-08-01\"')", []);
    if v >= 6 {
        exec(c, "UPDATE practitioner SET designation = 'Médecin libérale' WHERE rpps = '10003456789'", []);
    }
    if v >= 2 {
        exec(c, "INSERT INTO site (id, builtin_key, name, domain, kind, has_reviews, publisher_company, publisher_legal_form, publisher_siren, publisher_office_lines, dpo_email, verified_on, created_at, updated_at)
                 VALUES (1, NULL, 'Exemple Annuaire', 'annuaire-exemple.fr', 'directory', 1, 'Société Exemple Annuaire', 'SAS', '732829320', '[\"12 rue de la Paix\", \"75002 Paris\"]', 'dpo@annuaire-exemple.fr', '2026-08-30', ?1, ?1)", [at]);
        exec(c, "INSERT INTO listing (id, site_id, url, shows, found_on, status, request_sent_on, notes, created_at, updated_at)
                 VALUES (1, 1, ?2, '[\"reviews\",\"address\"]', '2026-08-30', 'erasure_requested', '2026-09-02', 'Fiche trouvée par une patiente.', ?1, ?1)", [at, fixtures::URL]);
        exec(c, "INSERT INTO listing (id, site_id, url, shows, found_on, notes, created_at, updated_at)
                 VALUES (2, 1, 'https://www.annuaire-exemple.fr/autre/fiche-2', '[]', '2026-08-31', '', ?1, ?1)", [at]);
        let erasure = legacy("erasure_request", true);
        let cnil = legacy("cnil_complaint", false);
        exec(c, "INSERT INTO letter (id, kind, listing_id, recipient, data, created_at, sent_on, registered_number, acknowledged_on)
                 VALUES (1, 'erasure_request', 1, ?1, ?2, ?3, '2026-09-02', '1A 123 456 7890 1', '2026-09-04')",
             rusqlite::params![erasure["recipient"].to_string(), letter_data(&erasure, "2026-12-01-demande-effacement-annuaire-exemple.fr.pdf"), at]);
        exec(c, "INSERT INTO letter (id, kind, listing_id, recipient, data, created_at) VALUES (2, 'cnil_complaint', 1, ?1, ?2, ?3)",
             rusqlite::params![cnil["recipient"].to_string(), letter_data(&cnil, "2026-12-01-plainte-cnil-annuaire-exemple.fr.pdf"), at]);
        exec(c, "INSERT INTO listing_event (listing_id, kind, occurred_on, recorded_at, from_status, to_status, proof, note)
                 VALUES (1, 'erasure_requested', '2026-09-02', ?1, 'found', 'erasure_requested', ?2, 'Envoyée en recommandé')",
             rusqlite::params![at, json!({ "kind": "erasure_requested", "sent_on": "2026-09-02", "channel": "registered_letter", "letter_id": 1, "registered_number": "1A 123 456 7890 1" }).to_string()]);
    }
    if v >= 3 {
        let key = |s: &str| sha256_hex(s.as_bytes());
        exec(c, "INSERT INTO review (id, platform, site_id, url, author, published_on, rating, text, status, dedup_key, created_at, updated_at)
                 VALUES (1, 'Google', NULL, 'https://maps.exemple.fr/avis/1', 'Jean D.', '2026-02-01', 2, 'Attente très longue ; secrétariat désagréable.', 'new', ?2, ?1, ?1)", [at, &key("1")]);
        exec(c, "INSERT INTO review (id, platform, author, published_on, published_approx, published_seen_text, published_seen_on, rating, text, status, qualification, qualified_on, reply_text, replied_on, dedup_key, created_at, updated_at)
                 VALUES (2, 'Doctolib', 'Marie L.', '2026-01-10', 1, 'il y a 2 mois', '2026-03-10', 5, 'Très à l''écoute.', 'answered', 'lawful', '2026-03-11', 'Merci pour votre message.', '2026-03-11', ?2, ?1, ?1)", [at, &key("2")]);
        exec(c, "INSERT INTO review (id, platform, site_id, author, published_on, rating, text, status, qualification, qualified_on, dedup_key, created_at, updated_at)
                 VALUES (3, 'Exemple Annuaire', 1, 'Patient75', '2026-03-05', 1, 'Ce médecin est un charlatan. Il a menti sur ses diplômes.', 'escalated', 'illicit', '2026-03-10', ?2, ?1, ?1)", [at, &key("3")]);
        exec(c, "INSERT INTO review_statement (review_id, position, quote, grounds) VALUES (3, 0, 'Ce médecin est un charlatan.', '[\"insult\"]'), (3, 1, 'Il a menti sur ses diplômes.', '[\"defamation\"]')", []);
        exec(c, "INSERT INTO reply_ack (review_id, category, matched_text, acknowledged_at) VALUES (2, 'care_relationship', 'votre message', ?1)", [at]);
    }
    if v >= 4 {
        exec(c, "INSERT INTO reply_template (id, source, updated_at) VALUES ('remerciement', 'Merci [prénom] pour votre message.', ?1)", [at]);
    }
    if v >= 5 {
        exec(c, "UPDATE review SET draft_text = 'Bonjour, merci pour votre retour.' WHERE id = 1", []);
    }
    if v >= 7 {
        exec(c, "INSERT INTO review (id, platform, author, published_on, rating, text, text_translation, status, dedup_key, created_at, updated_at)
                 VALUES (4, 'Google', 'John S.', '2026-02-20', 4, 'Very kind doctor.', 'Médecin très aimable.', 'new', ?2, ?1, ?1)", [at, &sha256_hex(b"4")]);
    }
    if v >= 8 {
        exec(c, "INSERT INTO case_file (id, title, url, site_name, author, review_id, statements, parties, first_publication, discovered_on, opened_on, status, notes, created_at, updated_at)
                 VALUES (1, 'Avis Patient75', 'https://www.annuaire-exemple.fr/avis/3', 'Exemple Annuaire', 'Patient75', 3, ?2, ?3, '{\"kind\":\"exact\",\"on\":\"2026-03-05\"}', '2026-03-06', '2026-03-10', 'reported', '', ?1, ?1)",
             rusqlite::params![
                 at,
                 json!([{ "quote": "Ce médecin est un charlatan.", "grounds": ["insult"] }, { "quote": "Il a menti sur ses diplômes.", "grounds": ["defamation"] }]).to_string(),
                 json!([{ "role": "host", "name": "Plateforme Exemple SAS", "identified": true, "address_lines": ["8 rue des Serveurs", "75010 PARIS"] }]).to_string(),
             ]);
        exec(c, "INSERT INTO case_event (case_id, kind, occurred_on, recorded_at, from_status, to_status, proof, note)
                 VALUES (1, 'report_made', '2026-03-10', ?1, 'open', 'reported', '{\"kind\":\"report_made\",\"on\":\"2026-03-10\",\"reason\":\"Contenu injurieux\",\"reference\":\"SIG-42\"}', '')", [at]);
        let bytes = b"capture de l'avis (fixture)";
        exec(c, "INSERT INTO evidence (case_id, kind, original_name, stored_name, url, captured_at, sha256, size_bytes, note, added_at)
                 VALUES (1, 'screenshot', 'capture.png', '0001-capture.png', 'https://www.annuaire-exemple.fr/avis/3', '2026-03-10 09:30:00', ?2, ?3, 'Capture du 10 mars', ?1)",
             rusqlite::params![at, sha256_hex(bytes), bytes.len() as i64]);
        let host = legacy("host_notice", true);
        exec(c, "INSERT INTO letter (id, kind, listing_id, case_id, recipient, data, created_at) VALUES (3, 'host_notice', NULL, 1, ?1, ?2, ?3)",
             rusqlite::params![host["recipient"].to_string(), letter_data(&host, "2026-12-01-notification-hebergeur.pdf"), at]);
    }
    if v >= 9 {
        exec(c, "INSERT INTO watch_feed (id, url, title, added_at, last_fetched_at, last_error, created_at, updated_at)
                 VALUES (1, 'https://www.google.com/alerts/feeds/0123/4567', 'Alerte Google : Dupré-Lefèvre', ?1, ?1, NULL, ?1, ?1)", [at]);
        exec(c, "INSERT INTO watch_item (id, feed_id, title, url, source_site, published_at, snippet, first_seen_at, status, linked_id, dedup_key, updated_at)
                 VALUES (1, 1, 'Dr Dupré-Lefèvre — avis', 'https://forum.exemple.fr/sujet/42', 'forum.exemple.fr', '2026-08-31T10:00:00Z', 'Un fil de discussion cite le cabinet.', ?1, 'new', NULL, 'https://forum.exemple.fr/sujet/42', ?1)", [at]);
        exec(c, "INSERT INTO watch_item (id, feed_id, title, url, source_site, published_at, snippet, first_seen_at, status, linked_id, dedup_key, updated_at)
                 VALUES (2, 1, 'Fiche annuaire', 'https://www.annuaire-exemple.fr/autre/fiche-2', 'annuaire-exemple.fr', NULL, '', ?1, 'listing', 2, 'https://www.annuaire-exemple.fr/autre/fiche-2', ?1)", [at]);
        exec(c, "INSERT INTO setting (key, value) VALUES ('watch.last_auto_fetch', '\"2026-08-31\"')", []);
    }
    if v >= 10 {
        // Rows saved a few times since: their versions must survive later migrations as they are.
        exec(c, "UPDATE listing SET row_version = 3 WHERE id = 1", []);
        exec(c, "UPDATE practitioner SET row_version = 2", []);
    }
    tx.commit().unwrap();
    conn.execute_batch("VACUUM").unwrap();
}

#[test]
fn write_schema_fixtures() {
    // Does nothing unless asked: the committed files are frozen (see the module comment).
    if std::env::var("ERM_WRITE_SCHEMA_FIXTURES").is_err() {
        return;
    }
    std::fs::create_dir_all(fixture_dir()).unwrap();
    for v in 1..=LAST {
        let path = fixture_dir().join(format!("v{v}.sqlite3"));
        // Frozen once written: only a new version's file is made.
        if !path.exists() {
            build(v, &path);
        }
    }
}

type Rows = BTreeMap<String, Vec<BTreeMap<String, Value>>>;

/// Every row of every table (FTS shadow tables aside), column by column.
fn snapshot(conn: &Connection) -> Rows {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'review_fts%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut out = Rows::new();
    for t in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\" ORDER BY rowid")).unwrap();
        let names: Vec<String> = stmt.column_names().map(|s| s.to_string()).collect();
        let rows = stmt
            .query_map([], |r| Ok(names.iter().enumerate().map(|(i, n)| (n.clone(), r.get::<_, Value>(i).unwrap())).collect::<BTreeMap<_, _>>()))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        out.insert(t, rows);
    }
    out
}

fn old_letter_row(conn: &Connection, id: i64) -> LetterRow {
    conn.query_row("SELECT kind, listing_id, recipient, data, created_at FROM letter WHERE id = ?1", [id], |r| {
        Ok(LetterRow {
            id,
            kind: serde_json::from_value(json!(r.get::<_, String>(0)?)).unwrap(),
            listing_id: r.get(1)?,
            case_id: None,
            recipient: serde_json::from_str(&r.get::<_, String>(2)?).unwrap(),
            data: serde_json::from_str(&r.get::<_, String>(3)?).unwrap(),
            created_at: r.get(4)?,
            sent_on: None,
            registered_number: None,
            acknowledged_on: None,
        })
    })
    .unwrap()
}

#[test]
fn every_schema_fixture_migrates_with_every_row_intact_and_usable() {
    let today = d(2026, 12, 1);
    for v in 1..=LAST {
        let fixture = fixture_dir().join(format!("v{v}.sqlite3"));
        let bytes = std::fs::read(&fixture).unwrap_or_else(|e| panic!("{}: {e} (see the module comment)", fixture.display()));
        assert!(bytes.len() < 200_000, "v{v} fixture is {} bytes", bytes.len());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("erm.sqlite3");
        std::fs::write(&path, &bytes).unwrap();

        // Before: the version, every row, and the PDF of every stored letter.
        let (before, pdfs) = {
            let conn = Connection::open(&path).unwrap();
            let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
            assert_eq!(found, v, "fixture v{v}");
            let before = snapshot(&conn);
            let ids: Vec<i64> = if v >= 2 { conn.prepare("SELECT id FROM letter ORDER BY id").unwrap().query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect() } else { vec![] };
            let pdfs: Vec<(i64, Vec<u8>)> = ids.iter().map(|&id| (id, StoredLetter::from_row(&old_letter_row(&conn, id)).unwrap().render().unwrap())).collect();
            (before, pdfs)
        };
        assert!(before.values().map(Vec::len).sum::<usize>() >= 3, "v{v} fixture holds rows");

        // Migrate with the app's own open.
        let store = open_store(&path).unwrap_or_else(|e| panic!("v{v}: {e}"));
        assert_eq!(store.schema_version().unwrap(), latest_version(), "v{v}");
        let report = store.integrity_check().unwrap();
        assert!(report.ok, "v{v}: {:?}", report.messages);
        if v < latest_version() {
            let copies: Vec<_> = std::fs::read_dir(dir.path().join("sauvegardes")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
            assert!(copies.iter().any(|n| n.starts_with(&format!("avant-migration-v{v}-"))), "v{v}: {copies:?}");
        }

        // Every old row, every old column: same count, same values (the site catalogue seeded
        // by open_store adds rows to `site`, so old sites are compared by id).
        let after = snapshot(store.conn());
        for (table, old_rows) in &before {
            let new_rows = after.get(table).unwrap_or_else(|| panic!("v{v}: table {table} gone"));
            let new_rows: Vec<_> = if table == "site" { new_rows.iter().filter(|r| old_rows.iter().any(|o| o["id"] == r["id"])).collect() } else { new_rows.iter().collect() };
            assert_eq!(new_rows.len(), old_rows.len(), "v{v}: row count of {table}");
            for (old, new) in old_rows.iter().zip(new_rows) {
                for (col, value) in old {
                    assert_eq!(new.get(col), Some(value), "v{v}: {table}.{col} changed in row {old:?}");
                }
            }
        }

        // Usable through the app's own reads.
        let doctors = practice::list(store.conn()).unwrap();
        assert_eq!(doctors.len(), 2, "v{v}");
        assert_eq!(doctors.iter().find(|p| p.is_default).unwrap().rpps, "10003456789", "v{v}");
        if v >= 6 {
            assert_eq!(doctors.iter().find(|p| p.is_default).unwrap().designation, "Médecin libérale", "v{v}");
        }
        for (id, pdf) in &pdfs {
            let row = letter_repo::get(store.conn(), *id).unwrap();
            let again = StoredLetter::from_row(&row).unwrap().render().unwrap();
            assert!(again == *pdf, "v{v}: letter {id} does not regenerate byte for byte after migration");
        }
        if v >= 2 {
            // The stored letters still give the bytes the first wording produced.
            let first = &pdfs.iter().find(|(id, _)| *id == 1).unwrap().1;
            assert_eq!(sha256_hex(first), legacy("erasure_request", true)["sha256"].as_str().unwrap(), "v{v}");
            let detail = listings::detail(&store, 1, today).unwrap_or_else(|e| panic!("v{v}: {e}"));
            let shown = serde_json::to_string(&detail).unwrap();
            assert!(shown.contains("erasure_requested") || shown.contains("Demande d"), "v{v}: {shown}");
            assert_eq!(usecases::letters::register(&store, today).unwrap().len(), pdfs.len(), "v{v}");
        }
        if v >= 3 {
            let page = review_store::list(store.conn(), &ReviewFilter::default()).unwrap();
            assert_eq!(page.total, if v >= 7 { 4 } else { 3 }, "v{v}");
            // The full-text index still finds old reviews, accents folded.
            let found = review_store::list(store.conn(), &ReviewFilter { text: Some("medecin charlatan".into()), ..Default::default() }).unwrap();
            assert_eq!(found.total, 1, "v{v}: search after migration");
            let detail = usecases::reviews::detail(&store, 3).unwrap_or_else(|e| panic!("v{v}: {e}"));
            let shown = serde_json::to_string(&detail).unwrap();
            assert!(shown.contains("Il a menti sur ses diplômes."), "v{v}: {shown}");
        }
        if v >= 8 {
            let case = cases::detail(&store, 1, today).unwrap_or_else(|e| panic!("v{v}: {e}"));
            assert_eq!(case.events.len(), 1, "v{v}");
            assert_eq!(case.evidence.len(), 1, "v{v}");
            assert_eq!(case.letters.len(), 1, "v{v}");
            assert_eq!(serde_json::to_value(case.case.status).unwrap(), "reported", "v{v}");
        }
        if v >= 9 {
            let new = usecases::watch::inbox(&store, usecases::watch::InboxFilter::New).unwrap();
            assert_eq!(new.iter().map(|i| i.id).collect::<Vec<_>>(), [1], "v{v}");
            let converted = usecases::watch::inbox(&store, usecases::watch::InboxFilter::Converted).unwrap();
            assert_eq!(converted.len(), 1, "v{v}");
            assert_eq!(usecases::watch::list_feeds(&store).unwrap().len(), 1, "v{v}");
            assert!(!usecases::watch::due_for_daily_fetch(&store, d(2026, 8, 31)).unwrap(), "v{v}: the day of the last fetch kept");
        }
    }
}
