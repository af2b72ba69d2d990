//! Issue 11, part 1: crash tests. The test re-executes its own binary as a child "writer" that
//! loops over real use cases on a real store file (add a review, import a CSV file, write a
//! listing letter, open a case and record a step, add evidence through the vault, write the
//! lawyer's archive and a backup). After each use case returns, the child appends a line to a
//! journal and fsyncs it. The parent kills the child with SIGKILL after a random delay (seeded,
//! printed), many times over the same folder, and after each kill checks:
//!
//! * the store opens (`usecases::open_store`) and passes `integrity_check`;
//! * every change the journal says returned is present;
//! * no half-done change: an import is all its rows or none (counted against its batch size),
//!   a case's cached status agrees with its events;
//! * the evidence folder holds only files the store knows, except the documented ones below;
//! * the lawyer's archive is absent or complete (its manifest verifies), every backup under a
//!   backup's name is a sound database.
//!
//! Documented exceptions in the evidence folder (checked before the start-up sweep of
//! `erm_store::leftovers` would remove them): a hidden temporary `.NNNN-name.partiel` left by a copy in
//! flight, and a complete copy under its final name whose store row had not been committed yet
//! (killed between `Vault::import_bytes` and `evidence::record`). Each must be at most one per
//! kill, and a final-named orphan must hold exactly the bytes the child wrote (never torn).
//!
//! A second test kills a child while it opens a version-7 store (migrating it to 8): the file
//! is then at 7 or 8, never in between, and sound.
//!
//! `ERM_CRASH_SECS` (default 50 s for the first test, 40 s for the second; they run side by side) sets the time budget;
//! `ERM_CRASH_SEED` replays a run.

#[path = "../../documents/tests/letters_fixtures/mod.rs"]
mod fixtures;

use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use erm_domain::listing::{self, ListingInput};
use erm_domain::review::ReviewInput;
use erm_domain::site::{self, Site, SiteInput};
use erm_documents::export::archive::verify_archive;
use erm_documents::letters::LayoutSettings;
use erm_store::migrations::{self, latest_version, MIGRATIONS};
use erm_store::vault::Vault;
use erm_store::{listings as listings_store, practice, sites, Store};
use erm_usecases::cases::evidence::{self, EvidenceForm};
use erm_usecases::cases::form::{CaseForm, CaseStepInput};
use erm_usecases::cases::{self, export};
use erm_usecases::letters::listing::{plan_with, record, ListingLetterKind, PlanExtras};
use erm_usecases::{open_store, reviews};
use fixtures::d;
use rusqlite::{Connection, OpenFlags};
use serde_json::json;
use sha2::{Digest, Sha256};

const CHILD_DIR: &str = "ERM_CRASH_CHILD_DIR";
const CHILD_RUN: &str = "ERM_CRASH_CHILD_RUN";
const CHILD_MIGRATE: &str = "ERM_CRASH_CHILD_MIGRATE";
const CHILD_PROTECT: &str = "ERM_CRASH_CHILD_PROTECT";

// ---------------------------------------------------------------- small shared helpers

/// xorshift64*: a seeded generator, so a failing run can be replayed with `ERM_CRASH_SEED`.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn seed() -> u64 {
    std::env::var("ERM_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1
    })
}

fn budget(default_secs: u64) -> Duration {
    Duration::from_secs(std::env::var("ERM_CRASH_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(default_secs))
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Rows in an import batch: known to both sides, so the parent can count unjournaled batches.
fn batch_size(iteration: u64) -> u64 {
    5 + iteration % 20
}

/// The bytes of the evidence piece of run `r`, iteration `i` (known to both sides).
fn evidence_bytes(r: u64, i: u64) -> Vec<u8> {
    let len = 40_000 + ((r * 7919 + i * 104_729) % 200_000) as usize;
    (0..len).map(|k| (k as u64).wrapping_mul(31).wrapping_add(r * 13 + i) as u8).collect()
}

fn spawn_child(test: &str, dir: &Path, run: u64, extra: &[(&str, &str)]) -> std::process::Child {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args(["--exact", test, "--nocapture", "--test-threads", "1"])
        .env(CHILD_DIR, dir)
        .env(CHILD_RUN, run.to_string())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(dir.join(format!("child-{run}.stderr"))).unwrap());
    for (k, v) in extra {
        cmd.env(k, v);
    }
    cmd.spawn().unwrap()
}

/// Kills the child and checks it did not end on its own (a child that panics would make every
/// check after it pass trivially).
fn kill(mut child: std::process::Child, dir: &Path, run: u64) {
    let _ = child.kill();
    let status = child.wait().unwrap();
    if status.signal() != Some(9) {
        let err = std::fs::read_to_string(dir.join(format!("child-{run}.stderr"))).unwrap_or_default();
        panic!("child {run} ended by itself ({status:?}), not by the kill:\n{err}");
    }
    let _ = std::fs::remove_file(dir.join(format!("child-{run}.stderr")));
}

// ---------------------------------------------------------------- the child writer

struct Journal(std::fs::File);
impl Journal {
    fn open(dir: &Path) -> Journal {
        Journal(std::fs::OpenOptions::new().create(true).append(true).open(dir.join("journal.txt")).unwrap())
    }
    /// Written only after the use case returned; flushed to disk before the next one starts.
    fn note(&mut self, line: String) {
        self.0.write_all(format!("{line}\n").as_bytes()).unwrap();
        self.0.sync_data().unwrap();
    }
}

fn letters_today() -> NaiveDate {
    d(2026, 9, 2)
}
fn cases_today() -> NaiveDate {
    d(2026, 3, 12)
}

/// Makes sure the doctor, the publisher's address and one listing exist (each step is its own
/// transaction and idempotent, so a kill during setup is harmless).
fn child_setup(store: &mut Store) -> i64 {
    if practice::list(store.conn()).unwrap().is_empty() {
        store.transaction(|tx| practice::save(tx, &fixtures::doctor())).unwrap();
    }
    let s = sites::find_by_domain(store.conn(), "keskeces.com").unwrap().unwrap();
    if s.publisher.company.is_empty() {
        let mut input = SiteInput::from(&s);
        input.publisher_company = "Éditeur Exemple".into();
        input.publisher_legal_form = "SAS".into();
        input.publisher_office_lines = vec!["12 rue de la Paix".into(), "75002 Paris".into()];
        let edited = site::validate(&input, d(2026, 8, 29)).unwrap();
        let s = Site { id: s.id, builtin_key: s.builtin_key.clone(), ..edited };
        store.transaction(|tx| sites::save(tx, &s)).unwrap();
    }
    let existing: Option<i64> = store.conn().query_row("SELECT min(id) FROM listing", [], |r| r.get(0)).unwrap();
    if let Some(id) = existing {
        return id;
    }
    let sid = sites::find_by_domain(store.conn(), "keskeces.com").unwrap().unwrap().id.unwrap();
    let data = listing::validate(
        &ListingInput { site_id: sid, url: "https://www.keskeces.com/medecin/dupre".into(), shows: vec!["reviews".into()], found_on: "2026-09-01".into(), notes: String::new(), site_mismatch_ok: false, row_version: None },
        d(2026, 9, 1),
    )
    .unwrap();
    store.transaction(|tx| listings_store::create(tx, &data)).unwrap().id
}

fn child_writer(dir: &Path, run: u64) {
    let db = dir.join("erm.sqlite3");
    let mut store = open_store(&db).unwrap();
    let vault = Vault::new(dir.join("preuves"));
    let lid = child_setup(&mut store);
    let mut j = Journal::open(dir);
    std::fs::create_dir_all(dir.join("imports")).unwrap();
    std::fs::create_dir_all(dir.join("exports")).unwrap();
    for i in 0u64.. {
        // 1. A review typed in.
        let input = ReviewInput {
            platform: "Google".into(),
            author: format!("rev-{run}-{i}"),
            published: "01/02/2026".into(),
            rating: "2".into(),
            text: format!("Avis {run}/{i} : attente trop longue."),
            ..Default::default()
        };
        reviews::add(&mut store, &input, cases_today()).unwrap();
        j.note(format!("review {run} {i}"));

        // 2. A CSV import, read outside the store then written all or nothing.
        let n = batch_size(i);
        let mut csv = String::from("plateforme;auteur;date;note;texte\n");
        for k in 0..n {
            csv.push_str(&format!("Google;imp-{run}-{i}-{k};03/02/2026;{};Import {run} {i} {k}, un texte assez long pour peser.\n", 1 + k % 5));
        }
        let file = dir.join("imports").join(format!("imp-{run}-{i}.csv"));
        std::fs::write(&file, csv).unwrap();
        let parsed = reviews::read_import(&file, cases_today()).unwrap();
        let outcome = reviews::commit_import(&mut store, &file, parsed, |_| {}).unwrap();
        assert_eq!(outcome.report.inserted as u64, n);
        j.note(format!("import {run} {i} {n}"));

        // 3. A listing letter: planned, rendered (outside the store, as the shell does), recorded.
        let count: i64 = store.conn().query_row("SELECT count(*) FROM letter WHERE listing_id = ?1", [lid], |r| r.get(0)).unwrap();
        let extras = PlanExtras { new_version: count > 0, ..Default::default() };
        let planned = plan_with(&store, lid, ListingLetterKind::ErasureRequest, &extras, LayoutSettings::default(), letters_today()).unwrap();
        planned.stored.render().unwrap();
        let letter = record(&mut store, &planned).unwrap();
        j.note(format!("letter {}", letter.row.id));

        // 4. A case and one step of its ladder.
        let form: CaseForm = serde_json::from_value(json!({
            "title": format!("Forum {run}-{i}"), "url": format!("https://forum.exemple.fr/fil/{run}-{i}"), "site_name": "Forum santé",
            "author": "Xyz", "statements": [{ "quote": "Il a menti sur ses diplômes.", "grounds": ["defamation"] }],
            "parties": [{ "role": "host", "name": "Plateforme Exemple SAS", "address_lines": ["8 rue des Serveurs", "75010 PARIS"] }],
            "publication": { "kind": "exact", "on": "05/03/2026" }, "discovered_on": "06/03/2026",
        }))
        .unwrap();
        let case = cases::open(&mut store, &form, cases_today()).unwrap().case.id;
        j.note(format!("case {case}"));
        let step: CaseStepInput = serde_json::from_value(json!({ "kind": "report_made", "on": "10/03/2026", "reason": "Contenu diffamatoire" })).unwrap();
        cases::record_step(&mut store, case, &step, cases_today()).unwrap();
        j.note(format!("step {case}"));

        // 5. Evidence through the vault.
        let bytes = evidence_bytes(run, i);
        let name = format!("capture-{run}-{i}.png");
        let new = EvidenceForm { captured_on: "10/03/2026".into(), ..Default::default() }.to_new(&name, cases_today()).unwrap();
        let stored = vault.import_bytes(case, &name, &bytes).unwrap();
        evidence::record(&mut store, &vault, case, &new, &stored).unwrap();
        j.note(format!("evidence {case} {} {}", stored.stored_name, sha256_hex(&bytes)));

        // 6. The lawyer's archive (always the same file name, so a new one replaces the old one)
        // and a backup, every other iteration.
        if i % 2 == 1 {
            let plan = export::plan(&store, &vault, case, cases_today()).unwrap();
            export::write(plan, &dir.join("exports").join("dossier.zip"), |_, _| {}).unwrap();
            j.note(format!("archive {case}"));
            let path = store.backup_with_progress(|_, _| {}).unwrap();
            j.note(format!("backup {}", path.display()));
        }
    }
}

#[test]
fn crash_child_writer() {
    // Does nothing unless started by `killed_writers_leave_a_sound_store` as its child.
    let Ok(dir) = std::env::var(CHILD_DIR) else { return };
    let run: u64 = std::env::var(CHILD_RUN).unwrap().parse().unwrap();
    if std::env::var(CHILD_MIGRATE).is_ok() {
        // Opening migrates the version-7 file to 8; then stay alive until killed.
        let store = Store::open(&Path::new(&dir).join("erm.sqlite3")).unwrap();
        Journal::open(Path::new(&dir)).note(format!("migrated {}", store.schema_version().unwrap()));
        loop {
            std::thread::sleep(Duration::from_secs(1));
        }
    }
    if std::env::var(CHILD_PROTECT).is_ok() {
        protection_child(Path::new(&dir), run);
    }
    child_writer(Path::new(&dir), run);
}

// ---------------------------------------------------------------- the parent's checks

#[derive(Default)]
struct Seen {
    /// Backups already checked (then deleted to keep the folder small).
    backups_checked: HashSet<String>,
    /// Evidence already re-hashed.
    evidence_checked: HashSet<String>,
    /// Largest number of leftover temporary / orphan files seen.
    temp_files: usize,
    orphans: usize,
}

fn count(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> i64 {
    conn.query_row(sql, params, |r| r.get(0)).unwrap()
}

fn check_after_kill(dir: &Path, kills: usize, seen: &mut Seen) -> usize {
    let db = dir.join("erm.sqlite3");
    let store = open_store(&db).unwrap_or_else(|e| panic!("the store does not open after kill {kills}: {e}"));
    let report = store.integrity_check().unwrap();
    assert!(report.ok, "integrity check after kill {kills}: {:?}", report.messages);
    let conn = store.conn();
    let journal = std::fs::read_to_string(dir.join("journal.txt")).unwrap_or_default();
    let lines: Vec<&str> = journal.lines().collect();
    let mut archive_written = false;
    for line in &lines {
        let w: Vec<&str> = line.split(' ').collect();
        match w[0] {
            "review" => assert_eq!(count(conn, "SELECT count(*) FROM review WHERE author = ?1", [format!("rev-{}-{}", w[1], w[2])]), 1, "lost: {line}"),
            "import" => {
                let n: i64 = w[3].parse().unwrap();
                let got = count(conn, "SELECT count(*) FROM review WHERE author LIKE ?1", [format!("imp-{}-{}-%", w[1], w[2])]);
                assert_eq!(got, n, "import journaled as returned is not whole: {line}");
            }
            "letter" => assert_eq!(count(conn, "SELECT count(*) FROM letter WHERE id = ?1 AND json_valid(data)", [w[1].parse::<i64>().unwrap()]), 1, "lost: {line}"),
            "case" => assert_eq!(count(conn, "SELECT count(*) FROM case_file WHERE id = ?1", [w[1].parse::<i64>().unwrap()]), 1, "lost: {line}"),
            "step" => {
                let id: i64 = w[1].parse().unwrap();
                assert_eq!(count(conn, "SELECT count(*) FROM case_event WHERE case_id = ?1 AND kind = 'report_made'", [id]), 1, "lost: {line}");
                assert_eq!(count(conn, "SELECT count(*) FROM case_file WHERE id = ?1 AND status = 'reported'", [id]), 1, "status not moved: {line}");
            }
            "evidence" => {
                let case: i64 = w[1].parse().unwrap();
                assert_eq!(
                    count(conn, "SELECT count(*) FROM evidence WHERE case_id = ?1 AND stored_name = ?2 AND sha256 = ?3", rusqlite::params![case, w[2], w[3]]),
                    1,
                    "lost: {line}"
                );
                if seen.evidence_checked.insert(line.to_string()) {
                    let bytes = std::fs::read(dir.join("preuves").join(w[1]).join(w[2])).unwrap_or_else(|e| panic!("{line}: {e}"));
                    assert_eq!(sha256_hex(&bytes), w[3], "evidence copy changed: {line}");
                }
            }
            "archive" => archive_written = true,
            "backup" => assert!(seen.backups_checked.contains(w[1]) || Path::new(w[1]).exists(), "backup lost: {line}"),
            other => panic!("unknown journal line {other}"),
        }
    }

    // No half-done change, journaled or not.
    let mut batches: BTreeMap<(u64, u64), i64> = BTreeMap::new();
    let mut stmt = conn.prepare("SELECT author FROM review WHERE author LIKE 'imp-%'").unwrap();
    for a in stmt.query_map([], |r| r.get::<_, String>(0)).unwrap() {
        let a = a.unwrap();
        let p: Vec<u64> = a.split('-').skip(1).map(|x| x.parse().unwrap()).collect();
        *batches.entry((p[0], p[1])).or_default() += 1;
    }
    for ((r, i), got) in &batches {
        assert_eq!(*got as u64, batch_size(*i), "import {r}/{i} is half there after kill {kills}");
    }
    let torn: i64 = count(
        conn,
        "SELECT count(*) FROM case_file c WHERE c.status <> coalesce((SELECT to_status FROM case_event e WHERE e.case_id = c.id ORDER BY e.id DESC LIMIT 1), 'open')",
        [],
    );
    assert_eq!(torn, 0, "a case whose status disagrees with its events after kill {kills}");

    // The evidence folder: files the store knows, plus the documented exceptions.
    let known: HashSet<(String, String)> = conn
        .prepare("SELECT case_id, stored_name FROM evidence")
        .unwrap()
        .query_map([], |r| Ok((r.get::<_, i64>(0)?.to_string(), r.get::<_, String>(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let (mut temps, mut orphans) = (0, 0);
    if let Ok(cases) = std::fs::read_dir(dir.join("preuves")) {
        for case in cases {
            let case = case.unwrap();
            let case_id = case.file_name().to_string_lossy().into_owned();
            for f in std::fs::read_dir(case.path()).unwrap() {
                let name = f.unwrap().file_name().to_string_lossy().into_owned();
                if known.contains(&(case_id.clone(), name.clone())) {
                    continue;
                }
                if name.starts_with('.') && name.ends_with(".partiel") {
                    temps += 1;
                    continue;
                }
                // A copy whose row was not committed: it must be whole.
                orphans += 1;
                let original = name.split_once('-').unwrap().1;
                let p: Vec<u64> = original.trim_start_matches("capture-").trim_end_matches(".png").split('-').map(|x| x.parse().unwrap()).collect();
                let bytes = std::fs::read(case.path().join(&name)).unwrap();
                assert!(bytes == evidence_bytes(p[0], p[1]), "a torn evidence copy {case_id}/{name} after kill {kills}");
            }
        }
    }
    assert!(temps + orphans <= kills, "{temps} temporary and {orphans} orphan evidence files after {kills} kills: more than one per kill");
    seen.temp_files = temps;
    seen.orphans = orphans;

    // The archive: absent, or the old or the new complete one.
    let zip = dir.join("exports").join("dossier.zip");
    if zip.exists() {
        let checked = verify_archive(&zip).unwrap_or_else(|e| panic!("a torn archive after kill {kills}: {e:?}"));
        assert!(!checked.is_empty() && checked.iter().all(|(_, ok)| *ok), "archive after kill {kills}: {checked:?}");
    } else {
        assert!(!archive_written, "the archive was written, then lost");
    }
    // Backups: every file under a backup's name is a sound copy.
    if let Ok(entries) = std::fs::read_dir(dir.join("sauvegardes")) {
        for e in entries {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if !name.ends_with(".sqlite3") {
                continue; // `.partiel` (and its journal): the documented temporary name
            }
            let c = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
            let check: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap_or_else(|e| panic!("torn backup {name}: {e}"));
            assert_eq!(check, "ok", "torn backup {name} after kill {kills}");
            let v: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
            assert_eq!(v, migrations::latest_version());
            drop(c);
            seen.backups_checked.insert(path.display().to_string());
            std::fs::remove_file(&path).unwrap();
        }
    }
    lines.len()
}

#[test]
fn killed_writers_leave_a_sound_store() {
    let seed = seed();
    println!("crash test seed: {seed} (replay with ERM_CRASH_SEED={seed})");
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().unwrap();
    let budget = budget(50);
    let start = Instant::now();
    let mut seen = Seen::default();
    let (mut kills, mut journaled) = (0usize, 0usize);
    let mut delays = Vec::new();
    while start.elapsed() < budget {
        let run = kills as u64 + 1;
        let child = spawn_child("crash_child_writer", dir.path(), run, &[]);
        let delay = Duration::from_millis(20 + rng.below(900));
        delays.push(delay.as_millis());
        std::thread::sleep(delay);
        kill(child, dir.path(), run);
        kills += 1;
        journaled = check_after_kill(dir.path(), kills, &mut seen);
    }
    let store = open_store(&dir.path().join("erm.sqlite3")).unwrap();
    let reviews_count = count(store.conn(), "SELECT count(*) FROM review", []);
    let cases_count = count(store.conn(), "SELECT count(*) FROM case_file", []);
    println!(
        "crash test: {kills} kills survived in {:.1} s; {journaled} use cases journaled as returned; \
         {reviews_count} reviews, {cases_count} cases; {} backups checked; leftover evidence files: {} temporary, {} orphan",
        start.elapsed().as_secs_f64(),
        seen.backups_checked.len(),
        seen.temp_files,
        seen.orphans
    );
    // The test must have exercised something: many kills, and children that got work done.
    assert!(kills >= 10, "only {kills} kills ran");
    assert!(journaled >= kills, "the children returned from only {journaled} use cases in {kills} runs");
    let journal = std::fs::read_to_string(dir.path().join("journal.txt")).unwrap();
    let kinds: HashSet<&str> = journal.lines().filter_map(|l| l.split(' ').next()).collect();
    assert_eq!(kinds.len(), 8, "some use cases never returned before a kill: {kinds:?}");
}

// ---------------------------------------------------------------- a kill during a migration

/// A version-7 store with `reviews` reviews and `letters` letters, WAL, checkpointed.
fn v7_store(path: &Path, reviews: u32, letters: u32) {
    let mut conn = Connection::open(path).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    migrations::apply(&mut conn, &MIGRATIONS[..7]).unwrap();
    let legacy: serde_json::Value = serde_json::from_str(include_str!("../../documents/tests/letters_fixtures/legacy_v1.json")).unwrap();
    let data = serde_json::to_string(&legacy[0]).unwrap();
    let tx = conn.transaction().unwrap();
    {
        let mut add = tx
            .prepare(
                "INSERT INTO review (platform, author, published_on, rating, text, dedup_key, created_at, updated_at)
                 VALUES ('Google', ?1, '2026-01-05', 3, ?2, ?3, '2026-01-06T10:00:00Z', '2026-01-06T10:00:00Z')",
            )
            .unwrap();
        for k in 0..reviews {
            add.execute(rusqlite::params![format!("Auteur {k}"), format!("Avis numéro {k} : attente longue, accueil correct, explications claires."), sha256_hex(k.to_string().as_bytes())]).unwrap();
        }
        let mut letter = tx
            .prepare("INSERT INTO letter (kind, recipient, data, created_at) VALUES ('erasure_request', '[\"Exemple SAS\"]', ?1, '2026-01-06T10:00:00Z')")
            .unwrap();
        for _ in 0..letters {
            letter.execute([&data]).unwrap();
        }
    }
    tx.commit().unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
}

/// The version a file says it is at, and whether its tables are those of that version: 7 has no
/// case files, 8 adds them (and `letter.case_id`), 9 adds the Veille feeds.
fn schema_of(conn: &Connection) -> (i64, bool) {
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    let has = |sql: &str| count(conn, sql, []) == 1;
    let cases = has("SELECT count(*) FROM sqlite_schema WHERE name = 'case_file'");
    let letter_case = has("SELECT count(*) FROM pragma_table_info('letter') WHERE name = 'case_id'");
    let feeds = has("SELECT count(*) FROM sqlite_schema WHERE name = 'watch_feed'");
    let agrees = match v {
        7 => !cases && !letter_case && !feeds,
        8 => cases && letter_case && !feeds,
        _ => cases && letter_case && feeds,
    };
    (v, agrees)
}

#[test]
fn a_migration_killed_at_random_leaves_a_whole_version() {
    let seed = seed();
    println!("migration crash seed: {seed} (replay with ERM_CRASH_SEED={seed})");
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("v7.sqlite3");
    v7_store(&template, 10_000, 500);

    // The figure: 10,000 reviews and 500 letters from 7 to 8, measured here with Instant.
    let timed = dir.path().join("timed");
    std::fs::create_dir_all(&timed).unwrap();
    std::fs::copy(&template, timed.join("erm.sqlite3")).unwrap();
    let t = Instant::now();
    let store = Store::open(&timed.join("erm.sqlite3")).unwrap();
    let open_ms = t.elapsed().as_secs_f64() * 1000.0;
    assert_eq!(store.schema_version().unwrap(), latest_version());
    drop(store);
    let mut conn = Connection::open(dir.path().join("v7.sqlite3")).unwrap();
    std::fs::copy(&template, timed.join("bare.sqlite3")).unwrap();
    drop(conn);
    conn = Connection::open(timed.join("bare.sqlite3")).unwrap();
    let t = Instant::now();
    migrations::apply(&mut conn, MIGRATIONS).unwrap();
    let bare_ms = t.elapsed().as_secs_f64() * 1000.0;
    drop(conn);
    println!("migration 7 → 8 of 10,000 reviews and 500 letters: {open_ms:.0} ms for Store::open (backup copy included), {bare_ms:.0} ms for the migration alone");

    let budget = budget(40);
    let window = (open_ms as u64).max(20) * 3 + 60; // the child's start-up plus the open, with room either side
    let start = Instant::now();
    let (mut kills, mut at7, mut at8) = (0u64, 0u64, 0u64);
    while start.elapsed() < budget {
        let run = kills + 1;
        let folder = dir.path().join(format!("m{run}"));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::copy(&template, folder.join("erm.sqlite3")).unwrap();
        let child = spawn_child("crash_child_writer", &folder, run, &[(CHILD_MIGRATE, "1")]);
        std::thread::sleep(Duration::from_millis(rng.below(window)));
        kill(child, &folder, run);
        kills += 1;
        {
            // Opened without migrating: the version and the schema agree.
            let conn = Connection::open(folder.join("erm.sqlite3")).unwrap();
            let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
            assert_eq!(check, "ok", "run {run}");
            // Each migration is one transaction: any whole version from 7 to the latest, never
            // a version whose tables are not its own.
            match schema_of(&conn) {
                (7, true) => at7 += 1,
                (v, true) if (8..=latest_version()).contains(&v) => at8 += 1,
                other => panic!("run {run}: half-migrated file {other:?}"),
            }
            assert_eq!(count(&conn, "SELECT count(*) FROM review", []), 10_000, "run {run}");
            assert_eq!(count(&conn, "SELECT count(*) FROM letter", []), 500, "run {run}");
        }
        // The copy made before migrating: absent or whole, never torn under its final name.
        if let Ok(entries) = std::fs::read_dir(folder.join("sauvegardes")) {
            for e in entries {
                let path = e.unwrap().path();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                if !name.ends_with(".sqlite3") {
                    continue;
                }
                let c = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
                let sound = c.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0)).map(|s| s == "ok").unwrap_or(false)
                    && c.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)).ok() == Some(7)
                    && c.query_row("SELECT count(*) FROM review", [], |r| r.get::<_, i64>(0)).ok() == Some(10_000);
                assert!(sound, "run {run}: a torn pre-migration backup {name} ({} bytes)", std::fs::metadata(&path).unwrap().len());
            }
        }
        // And the app's own open finishes the job from whatever was left.
        let store = Store::open(&folder.join("erm.sqlite3")).unwrap_or_else(|e| panic!("run {run}: reopening after the kill: {e:?}"));
        assert_eq!(store.schema_version().unwrap(), latest_version());
        assert!(store.integrity_check().unwrap().ok, "run {run}");
        drop(store);
        std::fs::remove_dir_all(&folder).unwrap();
    }
    println!("migration crash test: {kills} kills survived ({at7} left at version 7, {at8} at a later whole version)");
    assert!(kills >= 10, "only {kills} kills ran");
    assert!(at7 > 0 && at8 > 0, "the kills never landed on both sides of the migration ({at7} at 7, {at8} later): window {window} ms");
}


// ---------------------------------------------------------------- kills while protecting (21.2)

const PROTECT_KEY: &str = "cheval agrafe batterie";

/// The child: turns the protection on or off, then makes a backup and restores it, for ever;
/// an odd run restores first, so that the kills land as often in a restore as in a protection
/// change.
fn protection_child(dir: &Path, run: u64) -> ! {
    use erm_usecases::protection;
    let db = dir.join("erm.sqlite3");
    let key = erm_usecases::Passphrase::new(PROTECT_KEY).unwrap();
    let mut journal = Journal::open(dir);
    let open = || {
        let encrypted = erm_store::probe(&db).unwrap() == erm_store::FileState::Encrypted;
        erm_usecases::open_store_or_read_only(&db, encrypted.then_some(&key)).unwrap().0
    };
    let mut restore_next = run % 2 == 1;
    loop {
        let store = open();
        if restore_next {
            let backup = store.backup_now().unwrap();
            let name = backup.file_name().unwrap().to_string_lossy().into_owned();
            let (_, restored) = erm_usecases::backups::restore_live(store, &name);
            restored.unwrap();
            journal.note("restored".to_string());
        } else {
            let encrypted = store.is_protected();
            let (_, done) = if encrypted { protection::unprotect(store, &key) } else { protection::protect(store, &key) };
            done.unwrap();
            journal.note(format!("{}", if encrypted { "unprotected" } else { "protected" }));
        }
        restore_next = !restore_next;
    }
}

/// Everything in `dir` (relative names), links included, folders walked.
fn every_file(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for p in std::fs::read_dir(&d).unwrap().flatten().map(|e| e.path()) {
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    out.sort();
    out
}

/// Issue 21.2: a kill at any moment of « Protéger » / « Retirer la protection » / « Restaurer »
/// (including the moment the live file is aside and the new one not yet in place). After the start-up recovery:
/// the store opens, whole, with or without the passphrase; no temporary copy of ours is left
/// (the plain copy a kill once left beside an encrypted store); and once a protected store is
/// opened, none of its backups stays in clear, and the status says so.
#[test]
fn a_kill_while_protecting_leaves_no_plain_copy() {
    use erm_usecases::protection;
    let seed = seed();
    println!("protection crash test seed: {seed} (replay with ERM_CRASH_SEED={seed})");
    let mut rng = Rng(seed ^ 0x5eed);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("erm.sqlite3");
    {
        // A store large enough for the rewrite to take a while (the kill lands inside it).
        let mut store = open_store(&db).unwrap();
        store
            .transaction(|tx| -> Result<(), erm_usecases::Error> {
                for i in 0..3_000 {
                    let input = ReviewInput { platform: "Google".into(), author: format!("Auteur {i}"), published: "01/03/2026".into(), rating: "4".into(), text: format!("Avis numéro {i}, cabinet très bien tenu."), ..Default::default() };
                    let review = erm_domain::review::validate(&input, d(2026, 3, 10)).map_err(erm_usecases::Error::from)?;
                    erm_store::reviews::insert(tx, &review)?;
                }
                Ok(())
            })
            .unwrap();
    }
    let key = erm_usecases::Passphrase::new(PROTECT_KEY).unwrap();
    let budget = budget(30);
    let start = Instant::now();
    let (mut kills, mut encrypted_seen, mut plain_seen) = (0usize, 0usize, 0usize);
    while start.elapsed() < budget {
        let run = 10_000 + kills as u64;
        let child = spawn_child("crash_child_writer", dir.path(), run, &[(CHILD_PROTECT, "1")]);
        std::thread::sleep(Duration::from_millis(30 + rng.below(1_500)));
        kill(child, dir.path(), run);
        kills += 1;
        erm_usecases::recover_leftovers(&db).unwrap();
        let leftovers: Vec<String> = every_file(dir.path())
            .into_iter()
            .filter(|n| n.starts_with('.') || n.contains(".tmp") || n.ends_with(".partiel"))
            .collect();
        assert!(leftovers.is_empty(), "kill {kills}: temporary copies left after recovery: {leftovers:?}");
        let encrypted = erm_store::probe(&db).unwrap() == erm_store::FileState::Encrypted;
        let (store, read_only) = erm_usecases::open_store_or_read_only(&db, encrypted.then_some(&key)).unwrap();
        assert!(!read_only);
        assert_eq!(count(store.conn(), "SELECT count(*) FROM review", []), 3_000, "kill {kills}: every review is there");
        if encrypted {
            encrypted_seen += 1;
            let status = protection::status(&store);
            assert!(status.protected && status.plain_backups.is_empty(), "kill {kills}: a protected store with plain backups: {status:?}");
        } else {
            plain_seen += 1;
        }
        drop(store);
        // Keep the backups folder small.
        for b in every_file(dir.path()).into_iter().filter(|n| n.starts_with("sauvegardes/")).skip(3) {
            let _ = std::fs::remove_file(dir.path().join(b));
        }
    }
    let journal = std::fs::read_to_string(dir.path().join("journal.txt")).unwrap_or_default();
    let restored = journal.lines().filter(|l| *l == "restored").count();
    println!("protection crash test: {kills} kills; store found encrypted {encrypted_seen} times, plain {plain_seen} times; {restored} restores done");
    assert!(kills >= 8, "only {kills} kills ran");
    assert!(restored > 0, "the kills must let some restores finish (and so land around them)");
    assert!(encrypted_seen > 0 && plain_seen > 0, "the kills must land on both sides of the swap");
}
