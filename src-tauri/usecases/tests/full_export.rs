//! Issue 11, part 4: everything out in open formats, and back into an empty store on another
//! computer, row for row and byte for byte; refused over existing data or from a tampered archive.

#[path = "../../documents/tests/letters_fixtures/mod.rs"]
mod fixtures;

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use erm_domain::case::{Ground, QuotedStatement};
use erm_domain::listing::{self, ListingInput};
use erm_domain::review::ack::AckKey;
use erm_domain::review::qualification::Qualification;
use erm_domain::review::ReviewInput;
use erm_domain::site::{self, Site, SiteInput};
use erm_documents::export::archive::verify_archive;
use erm_documents::letters::LayoutSettings;
use erm_store::listings as listings_store;
use erm_store::vault::Vault;
use erm_store::{practice, reviews as review_repo, sites, Store};
use erm_usecases::cases::evidence::{self, EvidenceForm};
use erm_usecases::cases::{self, form::CaseForm};
use erm_usecases::full_export::{import_full_export, plan_full_export, table_rows, write_full_export};
use erm_usecases::letters::listing::{plan, record, ListingLetterKind};
use erm_usecases::{letters, open_store, replies, reviews};
use erm_usecases::Error;
use fixtures::d;
use serde_json::{json, Value};

struct Place {
    dir: tempfile::TempDir,
    store: Store,
    vault: Vault,
}

fn place() -> Place {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(&dir.path().join("erm.sqlite3")).unwrap();
    let vault = Vault::new(dir.path().join("preuves"));
    Place { dir, store, vault }
}

/// A practice with a bit of everything.
fn populated() -> Place {
    let mut p = place();
    let store = &mut p.store;
    let today = d(2026, 9, 2);
    store.transaction(|tx| practice::save(tx, &fixtures::doctor())).unwrap();
    erm_usecases::settings::save_envelope(store, &LayoutSettings::default()).unwrap();
    // A catalogue site corrected by the doctor.
    let s = sites::find_by_domain(store.conn(), "keskeces.com").unwrap().unwrap();
    let mut input = SiteInput::from(&s);
    input.publisher_company = "Éditeur Exemple".into();
    input.publisher_legal_form = "SAS".into();
    input.publisher_office_lines = vec!["12 rue de la Paix".into(), "75002 Paris".into()];
    let edited = site::validate(&input, d(2026, 8, 29)).unwrap();
    let sid = store.transaction(|tx| sites::save(tx, &Site { id: s.id, builtin_key: s.builtin_key.clone(), ..edited })).unwrap().id.unwrap();
    // A listing, its erasure letter, posted (an event).
    let data = listing::validate(
        &ListingInput { site_id: sid, url: "https://www.keskeces.com/medecin/dupre".into(), shows: vec!["reviews".into()], found_on: "2026-09-01".into(), notes: "Vue par une patiente".into(), site_mismatch_ok: false, row_version: None },
        d(2026, 9, 1),
    )
    .unwrap();
    let lid = store.transaction(|tx| listings_store::create(tx, &data)).unwrap().id;
    let planned = plan(store, lid, ListingLetterKind::ErasureRequest, None, LayoutSettings::default(), today).unwrap();
    let letter = record(store, &planned).unwrap();
    letters::mark_sent(store, letter.row.id, "02/09/2026", "1A 123 456 7890 1", today).unwrap();
    // Reviews: one answered with an acknowledged warning, one illicit with its case.
    let input = ReviewInput { author: "Marie L.".into(), published: "01/08/2026".into(), rating: "5".into(), text: "Très à l'écoute, merci !".into(), platform: "Google".into(), ..Default::default() };
    let kind = reviews::add(store, &input, today).unwrap();
    reviews::qualify(store, kind.id, &Qualification::Lawful, today).unwrap();
    reviews::decide(store, kind.id, reviews::Decision::Reply, today).unwrap();
    replies::mark_answered(store, kind.id, "Merci pour votre message.", today).unwrap();
    store.transaction(|tx| review_repo::record_ack(tx, kind.id, &AckKey { category: "health".into(), matched: "votre message".into() })).unwrap();
    let input = ReviewInput { author: "Patient75".into(), url: "https://maps.exemple.fr/avis/42".into(), published: "il y a 2 mois".into(), seen_on: "2026-03-10".into(), rating: "1".into(), text: "Ce médecin est un charlatan.".into(), platform: "Google".into(), ..Default::default() };
    let bad = reviews::add(store, &input, d(2026, 3, 10)).unwrap();
    let q = Qualification::Illicit { statements: vec![QuotedStatement { quote: "Ce médecin est un charlatan.".into(), grounds: vec![Ground::Insult] }] };
    reviews::qualify(store, bad.id, &q, d(2026, 3, 10)).unwrap();
    let draft = cases::draft_from_review(store, bad.id, d(2026, 3, 10)).unwrap();
    let form: CaseForm = serde_json::from_value(json!({
        "title": draft.title, "url": draft.url, "site_name": draft.site_name, "author": draft.author,
        "review_id": bad.id, "statements": draft.statements,
        "parties": [{ "role": "host", "name": "Plateforme Exemple SAS", "address_lines": ["8 rue des Serveurs", "75010 PARIS"] }],
        "publication": draft.publication, "discovered_on": "10/03/2026",
    }))
    .unwrap();
    let case = cases::open(store, &form, d(2026, 3, 10)).unwrap().case.id;
    let step = serde_json::from_value(json!({ "kind": "report_made", "on": "10/03/2026", "reason": "Contenu injurieux" })).unwrap();
    cases::record_step(store, case, &step, d(2026, 3, 12)).unwrap();
    let capture = p.dir.path().join("capture.png");
    fs::write(&capture, b"\x89PNG capture de l'avis \x00\xff").unwrap();
    let form = EvidenceForm { url: "https://maps.exemple.fr/avis/42".into(), captured_on: "11/03/2026".into(), captured_time: "09:30".into(), ..Default::default() };
    let new = form.to_new("capture.png", d(2026, 3, 12)).unwrap();
    let file = p.vault.import_file(case, &capture, 1 << 20, |_, _| {}).unwrap();
    evidence::record(store, &p.vault, case, &new, &file).unwrap();
    // A Veille feed with one item received.
    let feed = erm_usecases::watch::add_feed(store, "https://www.google.fr/alerts/feeds/1/2").unwrap();
    let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>Alerte</title><item><title>Dr Dupre</title>
        <link>https://www.keskeces.com/medecin/dupre</link><description>Fiche</description></item></channel></rss>"#;
    let parsed = erm_net::feeds::parse_feed(rss).unwrap();
    erm_usecases::watch::record_fetch(store, feed.id, Ok(parsed), chrono::Utc::now()).unwrap();
    p
}

fn export(p: &Place) -> PathBuf {
    let plan = plan_full_export(&p.store, &p.vault, d(2026, 11, 30)).unwrap();
    assert_eq!(plan.file_name, "2026-11-30-export-complet-e-reputation-medecin.zip");
    let dest = p.dir.path().join("sortie").join(&plan.file_name);
    fs::create_dir_all(dest.parent().unwrap()).unwrap();
    let mut calls = 0;
    write_full_export(plan, &dest, |_, _| calls += 1).unwrap();
    assert!(calls > 0);
    dest
}

fn entry(zip_path: &Path, name: &str) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(fs::File::open(zip_path).unwrap()).unwrap();
    let mut out = Vec::new();
    zip.by_name(name).unwrap().read_to_end(&mut out).unwrap();
    out
}

fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    if let Ok(rd) = fs::read_dir(dir) {
        for e in rd {
            let p = e.unwrap().path();
            if p.is_dir() {
                out.extend(files(&p));
            } else {
                out.push((p.strip_prefix(dir).unwrap().to_owned(), fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn everything_goes_out_in_open_formats_and_comes_back_row_for_row() {
    let src = populated();
    let zip_path = export(&src);
    assert!(verify_archive(&zip_path).unwrap().iter().all(|(_, ok)| *ok));

    // Open formats: JSON arrays keyed by column, JSON columns as JSON, the schema in French.
    let letters: Value = serde_json::from_slice(&entry(&zip_path, "donnees/letter.json")).unwrap();
    assert_eq!(letters.as_array().unwrap().len(), 1);
    assert!(letters[0]["data"].is_object() && letters[0]["recipient"].is_array(), "{}", letters[0]);
    let practitioners: Value = serde_json::from_slice(&entry(&zip_path, "donnees/practitioner.json")).unwrap();
    assert_eq!(practitioners[0]["address_lines"], json!(fixtures::doctor().address_lines));
    let schema = String::from_utf8(entry(&zip_path, "donnees/SCHEMA.md")).unwrap();
    // Issue 20: « (1 ligne) », never « (1 lignes) ».
    assert!(!schema.contains("(1 lignes)") && !schema.contains("(0 ligne)"), "{schema}");
    assert!(schema.contains(" ligne)") || schema.contains(" lignes)"), "{schema}");
    for table in ["practitioner", "site", "listing", "listing_event", "letter", "review", "reply_ack", "case_file", "case_event", "evidence"] {
        assert!(schema.contains(&format!("## {table} (")), "{table} documented");
    }
    assert!(schema.contains("| registered_number |") && schema.contains("Les preuves d'un dossier"), "{schema}");
    assert!(!schema.contains("review_fts"), "the search index is not data");
    let mut zip = zip::ZipArchive::new(fs::File::open(&zip_path).unwrap()).unwrap();
    let names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
    let pdf = names.iter().find(|n| n.starts_with("courriers/") && n.ends_with(".pdf")).expect("the letter as PDF");
    let mut bytes = Vec::new();
    zip.by_name(pdf).unwrap().read_to_end(&mut bytes).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    let (stored, _) = letters::stored(&src.store, letters[0]["id"].as_i64().unwrap()).unwrap();
    assert_eq!(bytes, stored.render().unwrap(), "the PDF is the letter regenerated");
    assert!(names.iter().any(|n| n.starts_with("preuves/") && n.ends_with("-capture.png")), "{names:?}");
    assert!(names.contains(&"manifeste.json".into()) && names.contains(&"MANIFEST-SHA256.txt".into()));

    // Into a fresh store on "another computer".
    let mut dst = place();
    let mut steps = Vec::new();
    let report = import_full_export(&mut dst.store, &dst.vault, &zip_path, |done, total| steps.push((done, total))).unwrap();
    assert_eq!((report.counts.listings, report.counts.reviews, report.counts.letters, report.counts.cases), (1, 2, 1, 1));
    assert_eq!(report.evidence_files, 1);
    assert_eq!(steps.last().map(|(d, t)| d == t), Some(true), "{steps:?}");
    let (before, after) = (table_rows(&src.store).unwrap(), table_rows(&dst.store).unwrap());
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
    for (table, rows) in &before {
        assert!(!rows.is_empty() || table == "reply_template", "{table} has rows to compare");
        assert_eq!(rows, &after[table], "table {table} row for row");
    }
    assert_eq!(files(src.vault.root()), files(dst.vault.root()), "the evidence files, byte for byte");
    assert!(dst.store.integrity_check().unwrap().ok);
    // The search index was rebuilt by the store's own triggers.
    let found: i64 = dst.store.conn().query_row("SELECT count(*) FROM review_fts WHERE review_fts MATCH 'charlatan'", [], |r| r.get(0)).unwrap();
    assert_eq!(found, 1);
    // The imported store works: the letter regenerates identically, the evidence is intact.
    let (again, _) = letters::stored(&dst.store, letters[0]["id"].as_i64().unwrap()).unwrap();
    assert_eq!(again.render().unwrap(), bytes);
    let case_id = after["case_file"][0]["id"].as_i64().unwrap();
    let pieces = evidence::pieces(&dst.store, case_id).unwrap();
    assert!(evidence::verify(&dst.vault, &pieces).iter().all(|r| r.intact));

    // A second import over what is now a populated store is refused.
    let err = import_full_export(&mut dst.store, &dst.vault, &zip_path, |_, _| {}).unwrap_err();
    assert!(matches!(err, Error::Refused(_)) && err.to_string().contains("encore vide") && err.to_string().contains("2 avis"), "{err}");
}

#[test]
fn an_import_into_a_store_with_data_is_refused_and_changes_nothing() {
    let src = populated();
    let zip_path = export(&src);
    let mut dst = place();
    reviews::add(&mut dst.store, &ReviewInput { author: "Déjà là".into(), published: "01/08/2026".into(), text: "Bien.".into(), platform: "Google".into(), ..Default::default() }, d(2026, 9, 2)).unwrap();
    let before = table_rows(&dst.store).unwrap();
    let err = import_full_export(&mut dst.store, &dst.vault, &zip_path, |_, _| {}).unwrap_err();
    assert!(matches!(err, Error::Refused(_)) && err.to_string().contains("1 avis") && err.to_string().contains("Rien n'a été importé"), "{err}");
    assert_eq!(table_rows(&dst.store).unwrap(), before);
    assert!(files(dst.vault.root()).is_empty());
}

/// The archive with one entry's bytes replaced (the manifest left as it was).
fn tampered(zip_path: &Path, name: &str, change: impl Fn(Vec<u8>) -> Vec<u8>) -> PathBuf {
    let out = zip_path.with_file_name("modifiee.zip");
    let mut src = zip::ZipArchive::new(fs::File::open(zip_path).unwrap()).unwrap();
    let mut dst = zip::ZipWriter::new(fs::File::create(&out).unwrap());
    for i in 0..src.len() {
        let mut f = src.by_index(i).unwrap();
        let entry_name = f.name().unwrap().into_owned();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        if entry_name == name {
            bytes = change(bytes);
        }
        dst.start_file(entry_name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        dst.write_all(&bytes).unwrap();
    }
    dst.finish().unwrap();
    out
}

#[test]
fn a_tampered_archive_is_refused_with_nothing_written() {
    let src = populated();
    let zip_path = export(&src);
    let evidence_name = {
        let zip = zip::ZipArchive::new(fs::File::open(&zip_path).unwrap()).unwrap();
        let name = zip.file_names().map(|n| n.unwrap().into_owned()).find(|n| n.starts_with("preuves/")).unwrap();
        name
    };
    for (name, change) in [
        ("donnees/review.json", Box::new(|b: Vec<u8>| String::from_utf8(b).unwrap().replace("charlatan", "charmant").into_bytes()) as Box<dyn Fn(Vec<u8>) -> Vec<u8>>),
        (evidence_name.as_str(), Box::new(|mut b: Vec<u8>| { b[0] ^= 1; b })),
    ] {
        let bad = tampered(&zip_path, name, change);
        let mut dst = place();
        let before = table_rows(&dst.store).unwrap();
        let err = import_full_export(&mut dst.store, &dst.vault, &bad, |_, _| {}).unwrap_err();
        assert!(err.to_string().contains(&format!("« {name} »")) && err.to_string().contains("SHA-256"), "{err}");
        assert_eq!(table_rows(&dst.store).unwrap(), before, "{name}: no row written");
        assert!(files(dst.vault.root()).is_empty(), "{name}: no file written");
    }
}

#[test]
fn an_evidence_file_that_disagrees_with_its_row_rolls_everything_back() {
    let src = populated();
    // The row's sum no longer matches the file (the archive itself is consistent).
    src.store.conn().execute("UPDATE evidence SET sha256 = ?1", [&"0".repeat(64)]).unwrap();
    // The export refuses such a piece by default (issue 21.1); packed at the doctor's request, it
    // is listed with its recorded sum, so the import refuses it too.
    let plan = plan_full_export(&src.store, &src.vault, d(2026, 11, 30)).unwrap();
    let zip_path = src.dir.path().join("sortie").join(&plan.file_name);
    fs::create_dir_all(zip_path.parent().unwrap()).unwrap();
    assert!(matches!(write_full_export(plan, &zip_path, |_, _| {}), Err(erm_usecases::Error::ModifiedEvidence(_))));
    let mut plan = plan_full_export(&src.store, &src.vault, d(2026, 11, 30)).unwrap();
    plan.accept_modified = true;
    write_full_export(plan, &zip_path, |_, _| {}).unwrap();
    let mut dst = place();
    let before = table_rows(&dst.store).unwrap();
    let err = import_full_export(&mut dst.store, &dst.vault, &zip_path, |_, _| {}).unwrap_err();
    assert!(err.to_string().contains("ne correspond pas") && err.to_string().contains("Rien n'a été importé"), "{err}");
    assert_eq!(table_rows(&dst.store).unwrap(), before);
    assert!(files(dst.vault.root()).is_empty(), "the copied file was removed: {:?}", files(dst.vault.root()));
}

/// The archive with one table's rows changed by `change` and the manifest recomputed, as a
/// forger would: every sum is right, only the rows lie (issue 21.4).
fn forged(zip_path: &Path, table: &str, change: impl Fn(&mut Vec<Value>)) -> PathBuf {
    use sha2::{Digest, Sha256};
    let out = zip_path.with_file_name(format!("forgee-{table}.zip"));
    let mut src = zip::ZipArchive::new(fs::File::open(zip_path).unwrap()).unwrap();
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..src.len() {
        let mut f = src.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        if name == format!("donnees/{table}.json") {
            let mut rows: Vec<Value> = serde_json::from_slice(&bytes).unwrap();
            change(&mut rows);
            bytes = serde_json::to_vec(&rows).unwrap();
        }
        entries.push((name, bytes));
    }
    let manifest: String = entries
        .iter()
        .filter(|(n, _)| n != "MANIFEST-SHA256.txt" && n != "manifeste.json")
        .map(|(n, b)| format!("{}  {n}\n", Sha256::digest(b).iter().map(|x| format!("{x:02x}")).collect::<String>()))
        .collect();
    let mut dst = zip::ZipWriter::new(fs::File::create(&out).unwrap());
    for (name, bytes) in entries {
        let bytes = if name == "MANIFEST-SHA256.txt" { manifest.clone().into_bytes() } else { bytes };
        dst.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        dst.write_all(&bytes).unwrap();
    }
    dst.finish().unwrap();
    out
}

#[test]
fn a_forged_row_with_right_sums_is_refused_with_nothing_written() {
    let src = populated();
    let zip_path = export(&src);
    let cases: [(&str, Box<dyn Fn(&mut Vec<Value>)>); 5] = [
        ("letter", Box::new(|rows| rows[0]["data"]["file_name"] = json!("../../x"))),
        ("case_file", Box::new(|rows| rows[0]["parties"][0]["role"] = json!("pirate"))),
        ("case_file", Box::new(|rows| rows[0]["statements"][0]["grounds"] = json!(["not_a_ground"]))),
        ("case_file", Box::new(|rows| rows[0]["id"] = json!(-5))),
        ("review", Box::new(|rows| rows[0]["status"] = json!("piraté"))),
    ];
    for (table, change) in cases {
        let bad = forged(&zip_path, table, change);
        assert!(verify_archive(&bad).unwrap().iter().all(|(_, ok)| *ok), "the forged archive's sums are right");
        let mut dst = place();
        let before = table_rows(&dst.store).unwrap();
        let err = import_full_export(&mut dst.store, &dst.vault, &bad, |_, _| {}).unwrap_err();
        assert!(matches!(err, Error::Refused(_)) && err.to_string().contains("Rien n'a été importé"), "{table}: {err}");
        assert_eq!(table_rows(&dst.store).unwrap(), before, "{table}: no row written");
        assert!(files(dst.vault.root()).is_empty(), "{table}: no evidence left");
    }
    // The untouched archive still goes in: the checks refuse forgeries, not exports.
    let mut dst = place();
    import_full_export(&mut dst.store, &dst.vault, &forged(&zip_path, "review", |_| {}), |_, _| {}).unwrap();
}

/// A zip whose entries are `entries` (name, bytes, deflated?), with a manifest that lists them.
fn zip_of(path: &Path, entries: &[(String, Vec<u8>)]) {
    use sha2::{Digest, Sha256};
    let mut dst = zip::ZipWriter::new(fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(true);
    let mut manifest = String::new();
    for (name, bytes) in entries {
        dst.start_file(name.as_str(), opts).unwrap();
        dst.write_all(bytes).unwrap();
        manifest.push_str(&format!("{}  {name}\n", Sha256::digest(bytes).iter().map(|x| format!("{x:02x}")).collect::<String>()));
    }
    dst.start_file("MANIFEST-SHA256.txt", opts).unwrap();
    dst.write_all(manifest.as_bytes()).unwrap();
    dst.finish().unwrap();
}

#[test]
fn a_zip_bomb_or_a_flood_of_entries_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    // 40 MB of one byte: deflated about a thousand times, with a right sum.
    let bomb = dir.path().join("bombe.zip");
    zip_of(&bomb, &[("donnees/version.json".into(), br#"{"schema_version":1}"#.to_vec()), ("donnees/review.json".into(), vec![b' '; 40 << 20])]);
    assert!(fs::metadata(&bomb).unwrap().len() < 1 << 20);
    // 25,000 tiny entries.
    let flood = dir.path().join("inondation.zip");
    let many: Vec<(String, Vec<u8>)> = (0..25_000).map(|i| (format!("preuves/1/{i:05}.txt"), vec![b'x'])).collect();
    zip_of(&flood, &many);
    for (path, says) in [(&bomb, "fois plus gros"), (&flood, "25001 fichiers")] {
        let mut dst = place();
        let err = import_full_export(&mut dst.store, &dst.vault, path, |_, _| {}).unwrap_err();
        let msg = err.to_string();
        assert!(matches!(err, Error::Refused(_)) && msg.contains(says) && msg.contains("Rien n'a été importé"), "{msg}");
        assert!(files(dst.vault.root()).is_empty());
    }
}
