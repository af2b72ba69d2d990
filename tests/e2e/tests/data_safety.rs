//! Issue 11, part 7 in the real window: a second window on the same data is told so and opens
//! nothing; a form left open while the record is saved elsewhere is refused, saying what
//! differs, and the saved version can be reloaded; an empty (zero-byte) data file offers the
//! backups before any fresh start.

use std::path::Path;

use chrono::NaiveDate;
use erm_domain::listing::ListingInput;
use erm_store::{sites, Store};
use erm_usecases::{self as usecases, listings, practice};
use erm_e2e::{prerequisites_ok, App, Sandbox};

const DB_FILE: &str = "e-reputation-medecin.sqlite3";

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()
}

/// A practice with one listing, written by the core before the app starts; returns its id.
fn seed(dir: &Path) -> i64 {
    std::fs::create_dir_all(dir).unwrap();
    let mut store = usecases::open_store(&dir.join(DB_FILE)).unwrap();
    let doctor = serde_json::from_value(serde_json::json!({
        "civility": "madame", "title": "docteur", "first_name": "Hélène", "last_name": "Dupré",
        "specialty": "Médecine générale", "rpps": "10003456789", "address_lines": ["12 rue Cabanis"],
        "postcode": "75014", "city": "Paris", "phone": "01 40 64 14 70", "email": "cabinet@exemple.fr", "is_default": true,
    }))
    .unwrap();
    practice::save(&mut store, None, &doctor).unwrap();
    let site_id = sites::find_by_domain(store.conn(), "keskeces.com").unwrap().unwrap().id.unwrap();
    let input = ListingInput { site_id, url: "https://www.keskeces.com/dr-dupre".into(), found_on: day().to_string(), ..Default::default() };
    listings::save(&mut store, None, &input, day()).unwrap().row.view.listing.id
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_window_is_told_the_data_are_open_and_a_stale_form_is_refused() -> erm_e2e::Result {
    if !prerequisites_ok("a_second_window_is_told_the_data_are_open_and_a_stale_form_is_refused") {
        return Ok(());
    }
    let sandbox = Sandbox::new();
    let id = seed(&sandbox.data_dir());
    let first = App::start(&sandbox, "safety-first").await?;

    // A second launch on the same data folder opens nothing and says why.
    let second = App::start(&sandbox, "safety-second").await?;
    second
        .run(|app| Box::pin(async move {
            app.wait_text("store-message", "déjà ouverte sur ce dossier").await?;
            assert!(!app.exists("[data-testid=nav-fiches]").await?, "no area is offered");
            app.by_testid("store-busy").await?;
            tokio::time::sleep(std::time::Duration::from_secs(2)).await;
            app.screenshot("store-busy").await;
            Ok(())
        }))
        .await?;

    let db = sandbox.data_dir().join(DB_FILE);
    first
        .run(|app| Box::pin(async move {
            app.click("nav-fiches").await?;
            app.click(&format!("listing-open-{id}")).await?;
            app.click("listing-edit").await?;
            app.fill("field-notes", "Vue par une patiente").await?;

            // Meanwhile the listing is saved elsewhere (another copy of the app on these data).
            let mut other = Store::open(&db)?;
            let now = listings::detail(&other, id, day())?;
            let input = ListingInput {
                site_id: now.row.view.listing.site_id,
                url: now.row.view.listing.url.clone(),
                found_on: day().to_string(),
                notes: "Appeler l'éditeur lundi".into(),
                row_version: Some(now.row_version),
                ..Default::default()
            };
            listings::save(&mut other, Some(id), &input, day())?;
            drop(other);

            app.click("listing-save").await?;
            let refused = app.wait_text("form-error", "ailleurs").await?;
            assert!(refused.contains("notes") && refused.contains("Rien n'a été enregistré"), "{refused}");
            assert!(erm_e2e::value(app, "field-notes").await? == "Vue par une patiente", "what was typed stays in the form");
            app.screenshot("stale-form").await;

            app.click("form-reload").await?;
            app.wait_text("listing-detail", "Appeler l'éditeur lundi").await?;
            Ok(())
        }))
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_data_file_offers_the_backups_before_a_fresh_start() -> erm_e2e::Result {
    if !prerequisites_ok("an_empty_data_file_offers_the_backups_before_a_fresh_start") {
        return Ok(());
    }
    let sandbox = Sandbox::new();
    let dir = sandbox.data_dir();
    seed(&dir);
    let backup = Store::open(&dir.join(DB_FILE))?.backup_now()?;
    // A copy that failed, a crash at the worst moment: the file is there, with nothing in it.
    std::fs::write(dir.join(DB_FILE), b"")?;
    for side in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(dir.join(format!("{DB_FILE}{side}")));
    }

    let app = App::start(&sandbox, "safety-empty").await?;
    let name = backup.file_name().unwrap().to_string_lossy().into_owned();
    app.run(|app| Box::pin(async move {
        app.wait_text("store-message", "vide").await?;
        app.wait_text("empty-backups", "1 fiche(s)").await?;
        assert!(app.exists("[data-testid=start-afresh]").await?, "a fresh start is offered, after the backups");
        let violations = erm_e2e::axe_violations(app).await?;
        assert!(violations.is_empty(), "accessibility of the empty-file screen: {violations:?}");
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        app.screenshot("store-empty").await;
        app.click(&format!("gate-restore-{name}")).await?;
        app.click("confirm-ok").await?;
        app.by_testid("dashboard").await?;
        app.click("nav-fiches").await?;
        app.wait_text("listing-list", "KesKeCes").await?;
        Ok(())
    }))
    .await?;
    let kept: Vec<String> = std::fs::read_dir(dir.join("sauvegardes"))?.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(kept.iter().any(|n| n.starts_with("avant-restauration-")), "the empty file is kept aside: {kept:?}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_password_protects_the_data_and_is_asked_at_the_next_start() -> erm_e2e::Result {
    if !prerequisites_ok("a_password_protects_the_data_and_is_asked_at_the_next_start") {
        return Ok(());
    }
    let sandbox = Sandbox::new();
    let dir = sandbox.data_dir();
    seed(&dir);
    let app = App::start(&sandbox, "protect").await?;
    app.run(|app| Box::pin(async move {
        app.click("nav-parametres").await?;
        app.wait_text("protection-warning", "ne pourront plus jamais être ouvertes").await?;
        // Rust checks the form: both typings must match and the warning be acknowledged.
        app.fill("field-passphrase", "cabinet-2026").await?;
        app.fill("field-confirmation", "cabinet-2027").await?;
        app.click("protect-submit").await?;
        app.wait_text("error-confirmation", "pas identiques").await?;
        app.wait_text("error-understood", "Cochez la case").await?;
        app.fill("field-confirmation", "cabinet-2026").await?;
        app.click("field-understood").await?;
        app.click("protect-submit").await?;
        app.by_testid("protection-on").await?;
        app.screenshot("protection-on").await;
        Ok(())
    }))
    .await?;
    let head = std::fs::read(dir.join(DB_FILE))?;
    assert!(!head.starts_with(b"SQLite format 3"), "the file is encrypted on disk");
    assert!(!head.windows(12).any(|w| w == b"keskeces.com"), "no plain text left in it");

    let app = App::start(&sandbox, "unlock").await?;
    app.run(|app| Box::pin(async move {
        app.by_testid("store-locked").await?;
        assert!(!app.exists("[data-testid=nav-fiches]").await?, "nothing is shown before the passphrase");
        let violations = erm_e2e::axe_violations(app).await?;
        assert!(violations.is_empty(), "accessibility of the passphrase screen: {violations:?}");
        app.fill("field-passphrase", "pas-le-bon-mot").await?;
        app.click("unlock").await?;
        app.wait_text("form-error", "Mot de passe incorrect").await?;
        app.screenshot("unlock-refused").await;
        app.fill("field-passphrase", "cabinet-2026").await?;
        app.click("unlock").await?;
        app.by_testid("dashboard").await?;
        app.click("nav-fiches").await?;
        app.wait_text("listing-list", "KesKeCes").await?;
        Ok(())
    }))
    .await
}

/// `chattr +i` for the guard's life: not even root can then write the path.
struct Immutable(std::path::PathBuf);

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = std::process::Command::new("chattr").arg("-i").arg(&self.0).status();
    }
}

fn immutable(path: &Path) -> Immutable {
    let ok = std::process::Command::new("chattr").arg("+i").arg(path).status().is_ok_and(|s| s.success());
    assert!(ok, "chattr +i failed on {path:?}: this test needs an ext2/3/4 temporary folder");
    Immutable(path.to_owned())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_read_only_data_folder_still_shows_the_data_and_says_what_to_do() -> erm_e2e::Result {
    if !prerequisites_ok("a_read_only_data_folder_still_shows_the_data_and_says_what_to_do") {
        return Ok(());
    }
    let sandbox = Sandbox::new();
    let dir = sandbox.data_dir();
    seed(&dir);
    std::fs::create_dir_all(dir.join("journal"))?;
    let _file = immutable(&dir.join(DB_FILE));
    let _dir = immutable(&dir);
    let app = App::start(&sandbox, "read-only").await?;
    app.run(|app| Box::pin(async move {
        app.wait_text("read-only-banner", "lecture seule").await?;
        app.click("nav-fiches").await?;
        app.wait_text("listing-list", "KesKeCes").await?;
        app.wait_text("read-only-banner", "Rendez le dossier modifiable").await?;
        // A fresh window may not have painted yet: the screenshot is for a person to look at.
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        app.screenshot("read-only").await;
        // A change is refused in French; nothing pretends to be saved.
        app.click("nav-parametres").await?;
        app.click("store-backup").await?;
        app.wait_text("store-report", "lecture seule").await?;
        Ok(())
    }))
    .await
}
