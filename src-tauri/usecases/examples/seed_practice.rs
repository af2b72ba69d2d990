//! Writes a practice's data folder for start-up measurements: a doctor's profile and N reviews
//! spread over the last two years on four platforms, in the file the app opens at start.
//! Run: `cargo run --release -p erm-usecases --example seed_practice -- DATA_DIR [REVIEWS]`
//! (used by `scripts/perf-side-by-side.sh`; the app then opens on its dashboard, not onboarding).

use erm_domain::practice::PractitionerInput;
use erm_usecases::{open_store, practice};
use std::path::PathBuf;

/// The file name the shell opens in its data folder (`src-tauri/src/state.rs`, `DB_FILE`).
const DB_FILE: &str = "e-reputation-medecin.sqlite3";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().ok_or("usage: seed_practice DATA_DIR [REVIEWS]")?);
    let reviews: u32 = args.next().map(|n| n.parse()).transpose()?.unwrap_or(10_000);
    std::fs::create_dir_all(&dir)?;
    let mut store = open_store(&dir.join(DB_FILE))?;
    let doctor = PractitionerInput {
        civility: "madame".into(),
        first_name: "Hélène".into(),
        last_name: "Dupré".into(),
        specialty: "Médecine générale".into(),
        rpps: "10003456789".into(),
        address_lines: vec!["12 rue Cabanis".into()],
        postcode: "75014".into(),
        city: "Paris".into(),
        phone: "0140641470".into(),
        email: "cabinet@exemple.fr".into(),
        is_default: true,
        ..Default::default()
    };
    practice::save(&mut store, None, &doctor)?;
    // By SQL: the figure wanted is the start-up's on a full store, not the import's. About thirty
    // words per review, as real ones; dates relative to today so the dashboard's trend is full.
    store.conn().execute(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
         INSERT INTO review (platform, author, published_on, rating, text, status, dedup_key, created_at, updated_at)
         SELECT CASE i % 4 WHEN 0 THEN 'Google' WHEN 1 THEN 'Doctolib' WHEN 2 THEN 'PagesJaunes' ELSE 'Mondocteur' END,
                'Auteur ' || i, date('now', '-' || (i % 730) || ' days'), 1 + i % 5,
                'Avis numéro ' || i || ' : attente assez longue en salle, accueil correct au secrétariat, '
                  || 'explications claires pendant la consultation et ordonnance bien détaillée, '
                  || 'je recommande malgré le retard du jour.',
                'new', printf('%064d', i), datetime('now'), datetime('now')
         FROM n",
        [reviews],
    )?;
    println!("{}: {} reviews", dir.join(DB_FILE).display(), reviews);
    Ok(())
}
