//! Issue 3 in the real window: a listing found on a catalogue site, the publisher's address
//! filled in, the erasure letter written to a PDF, posted and acknowledged; then, with the app's
//! clock moved forty days on (`ERM_TODAY`), the due date shown as passed and the CNIL complaint
//! pack and the dereferencing request offered and written.

use std::path::Path;

use erm_e2e::{complete_onboarding, local_date_days_ago, prerequisites_ok, set_date, value, App, Sandbox};

const URL: &str = "https://www.lemedecin.fr/medecin-generaliste/paris-14/helene-eloise-dupre-lefevre";

/// The PDFs saved in `dir` whose name contains `needle`, each checked to be a PDF.
fn pdfs(dir: &Path, needle: &str) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return vec![] };
    let mut out: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| {
        p.extension().is_some_and(|x| x == "pdf") && p.file_name().unwrap().to_string_lossy().contains(needle)
    }).collect();
    out.sort();
    for p in &out {
        let bytes = std::fs::read(p).unwrap();
        assert!(bytes.starts_with(b"%PDF-") && bytes.len() > 2000, "{p:?} is not a PDF");
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn a_listing_from_discovery_to_the_cnil_pack() -> erm_e2e::Result {
    if !prerequisites_ok("a_listing_from_discovery_to_the_cnil_pack") {
        return Ok(());
    }
    let sandbox = Sandbox::new();
    let exports = sandbox.exports_dir();
    let exports_later = exports.clone();
    let app = App::start(&sandbox, "listings").await?;
    app.run(|app| Box::pin(async move {
        complete_onboarding(app).await?;
        app.click("nav-fiches").await?;
        app.by_testid("listing-empty").await?;

        // The catalogue ships unverified contact data, marked as such.
        app.click("tab-sites").await?;
        app.wait_text("site-list", "Le médecin").await?;
        assert!(app.exists("[data-testid=site-unverified]").await?, "unverified sites say so");
        app.screenshot("listings-sites").await;
        app.click("tab-listings").await?;

        // Add a listing; a wrong URL is refused by Rust on its field.
        app.click("listing-add").await?;
        app.by_testid("listing-form").await?;
        app.by_testid("field-site_id").await?.select_by_label("Le médecin (lemedecin.fr)").await?;
        app.fill("field-url", "www.lemedecin.fr/fiche").await?;
        app.click("shows-booking_redirect").await?;
        app.click("shows-reviews").await?;
        let found = local_date_days_ago(app, 10).await?;
        set_date(app, "field-found_on", &found).await?;
        app.click("listing-save").await?;
        app.wait_text("error-url", "http").await?;
        app.screenshot("listing-form-error").await;
        app.fill("field-url", URL).await?;
        app.click("listing-save").await?;
        app.wait_text("listing-status", "trouvée").await?;

        // No publisher address yet: the letter cannot be addressed; the site form opens.
        app.wait_text("publisher-warning", "pas encore renseignés").await?;
        app.screenshot("listing-found").await;
        app.click("action-generate_erasure_letter").await?;
        app.wait_text("step-panel", "mentions légales").await?;
        app.by_testid("site-form").await?;
        app.fill("field-publisher_company", "Exemple Santé").await?;
        app.fill("field-publisher_legal_form", "SAS").await?;
        app.fill("field-publisher_siren", "732 829 320").await?;
        app.fill("field-publisher_office_lines", "12 rue de la Paix\n75002 Paris").await?;
        set_date(app, "field-verified_on", &local_date_days_ago(app, 0).await?).await?;
        app.screenshot("site-form").await;
        app.click("site-save").await?;
        app.wait_text("listing-detail", "coordonnées vérifiées").await?;
        assert!(!app.exists("[data-testid=publisher-warning]").await?);

        // One click: the erasure letter is written, saved and (in a real run) opened. Whether the
        // site ever informed the doctor (GDPR art. 14) is asked, not assumed (issue 22.12).
        app.click("not-informed").await?;
        app.click("action-generate_erasure_letter").await?;
        app.wait_text("action-result", "enregistré :").await?;
        // The letter encloses a screenshot the app cannot take: the doctor is told to add it.
        app.wait_text("letter-warnings", "copie d'écran").await?;
        let letters = pdfs(&exports, "demande-effacement");
        assert_eq!(letters.len(), 1, "one erasure letter in {exports:?}");
        let text = std::process::Command::new("pdftotext").arg(&letters[0]).arg("-").output()?;
        let text = String::from_utf8_lossy(&text.stdout).split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(text.contains("article 14 du RGPD"), "the doctor's answer is written: {text}");
        app.wait_text("listing-letters", "Opposition et demande d'effacement (RGPD)").await?;
        app.screenshot("letter-generated").await;

        // Writing it again is a choice that says what becomes of the first: cancelled, nothing new.
        app.wait_text("next-actions", "nouvelle version").await?;
        app.click("action-generate_erasure_letter").await?;
        app.wait_text("confirm-text", "ne la remplace pas").await?;
        app.click("confirm-cancel").await?;
        assert_eq!(pdfs(&exports, "demande-effacement").len(), 1, "no second letter without the doctor's choice");

        // Posted today: the registered-mail number is required.
        app.click("letter-mark-sent").await?;
        app.click("step-save").await?;
        app.wait_text("error-registered_number", "numéro").await?;
        app.fill("field-registered_number", "1A 234 567 8901 2").await?;
        app.click("step-save").await?;
        app.wait_text("listing-status", "demande d'effacement envoyée").await?;
        app.wait_text("listing-deadline", "accusé de réception").await?;
        app.wait_text("listing-timeline", "1A23456789012").await?;

        // Acknowledged today: the due date shows with its legal basis and the days left.
        // The letter came back unclaimed: its first presentation starts the clock all the same.
        app.click("action-record_receipt").await?;
        app.select("field-basis", "returned_unclaimed").await?;
        app.click("step-save").await?;
        app.wait_text("listing-timeline", "non réclamé").await?;
        let deadline = app.wait_text("listing-deadline", "Il reste").await?;
        assert!(deadline.contains("art. 12.3 RGPD") && deadline.contains("Au plus tard le"), "{deadline}");
        let actions = app.text("next-actions").await?;
        assert!(!actions.contains("plainte à la CNIL"), "no CNIL pack before the due date: {actions}");
        app.screenshot("listing-waiting").await;
        Ok(())
    })).await?;

    // Forty days later (the app's clock is moved on): the due date has passed.
    let later = {
        let probe = App::start(&sandbox, "listings-clock").await?;
        let d = local_date_days_ago(&probe, -40).await?;
        probe.quit().await?;
        d
    };
    let app = App::start_with_env(&sandbox, "listings-later", &[("ERM_TODAY", &later)]).await?;
    let exports = exports_later;
    let clipboard = sandbox.clipboard_file();
    app.run(|app| Box::pin(async move {
        // The dashboard says first what is overdue.
        app.wait_text("attention", "1 fiche dont le délai de réponse est dépassé").await?;
        app.click("nav-fiches").await?;
        app.wait_text("listing-list", "échéance dépassée").await?;
        app.screenshot("listings-overdue").await;
        app.wait_for_css("[data-testid=listing-row] button").await?.click().await?;
        let deadline = app.wait_text("listing-deadline", "Échéance dépassée").await?;
        assert!(deadline.contains("art. 12.3 RGPD"), "{deadline}");
        let actions = app.wait_text("next-actions", "Préparer la plainte à la CNIL").await?;
        assert!(actions.contains("déréférencement") && actions.contains("reste en ligne"), "caveats shown: {actions}");
        app.screenshot("listing-overdue").await;

        // The CNIL complaint pack is written as a PDF too.
        app.click("action-cnil_complaint_pack").await?;
        app.wait_text("action-result", "Le dossier de plainte est enregistré").await?;
        assert_eq!(pdfs(&exports, "plainte-cnil").len(), 1, "CNIL pack in {exports:?}");
        app.screenshot("cnil-pack").await;

        // The dereferencing request: text to paste, shown in a copyable field, and a printable copy.
        app.click("action-dereferencing_request").await?;
        // One request per engine, each with its own form and its « à vérifier » note.
        let engines = app.wait_text("engine-forms", "Google").await?;
        assert!(engines.contains("Bing") && engines.contains("vérifier"), "{engines}");
        app.click("dereferencing-prepare").await?;
        app.by_testid("dereferencing-text").await?;
        let text = value(app, "dereferencing-text").await?;
        assert!(text.contains(URL) && text.contains("Hélène-Éloïse Dupré-Lefèvre"), "{text}");
        app.click("dereferencing-copy").await?;
        let copied = wait_file(&clipboard).await?;
        assert_eq!(copied.trim(), text.trim(), "the copied text is the one shown");
        app.screenshot("dereferencing").await;
        app.click("dereferencing-pdf").await?;
        app.wait_text("action-result", "La copie imprimable est enregistrée").await?;
        assert_eq!(pdfs(&exports, "dereferencement").len(), 1);

        // Recording the complaint moves the listing on, with its date in the history.
        app.click("cnil-filed").await?;
        app.fill("field-reference", "PLAINTE-2026-42").await?;
        app.click("step-save").await?;
        app.wait_text("listing-status", "plainte CNIL déposée").await?;
        app.wait_text("listing-timeline", "PLAINTE-2026-42").await?;
        app.screenshot("listing-cnil-filed").await;

        // "Vérifier la présence" on a site that cannot be reached: a clear French message; a check
        // that could not run is not a fact about the listing, so the history does not keep it.
        let closed = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?;
        app.click("back-to-list").await?;
        app.click("listing-add").await?;
        app.by_testid("field-site_id").await?.select_by_label("Doctooome (doctooome.com)").await?;
        app.fill("field-url", &format!("http://{closed}/medecin/dupre-lefevre")).await?;
        // An address on no known site is saved only once the doctor confirms it belongs here.
        app.click("listing-save").await?;
        app.wait_text("error-url", "Doctooome").await?;
        app.click("field-site_mismatch_ok").await?;
        app.click("listing-save").await?;
        app.wait_text("listing-status", "trouvée").await?;
        app.click("action-check_presence").await?;
        let said = app.wait_text("action-result", "hors ligne").await?;
        assert!(said.contains("non enregistrée"), "{said}");
        let history = app.text("listing-timeline").await.unwrap_or_default();
        assert!(!history.contains("Vérification de présence"), "a failed check stays out of the history: {history}");
        app.screenshot("presence-offline").await;

        // « Courriers » keeps the register: the erasure request (posted, AR received) and the
        // two later letters, each linked back to its listing.
        app.click("nav-courriers").await?;
        let register = app.wait_text("letter-register", "Opposition et demande d'effacement (RGPD)").await?;
        assert!(register.contains("Réclamation auprès de la CNIL"), "{register}");
        assert!(register.contains("AR reçu le"), "{register}");
        assert!(register.contains(URL), "{register}");
        app.screenshot("letters-register").await;
        app.wait_for_css("[data-testid=letter-row] a.button-link").await?.click().await?;
        app.wait_text("listing-status", "plainte CNIL déposée").await?;
        Ok(())
    })).await
}

/// The content of `path` once the app has written it (the copy is asynchronous).
async fn wait_file(path: &std::path::Path) -> erm_e2e::Result<String> {
    for _ in 0..50 {
        if let Ok(text) = std::fs::read_to_string(path) {
            return Ok(text);
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    Err(format!("{} was never written", path.display()).into())
}

/// Issue 9, point 3: on a computer configured in English, dates are still shown and typed as
/// JJ/MM/AAAA (WebKitGTK's own date field would follow the system and put the month first).
#[tokio::test(flavor = "multi_thread")]
async fn dates_are_french_on_an_english_computer() -> erm_e2e::Result {
    if !prerequisites_ok("dates_are_french_on_an_english_computer") {
        return Ok(());
    }
    let sandbox = Sandbox::new();
    let env = [("LANG", "en_US.UTF-8"), ("LC_ALL", "en_US.UTF-8"), ("LANGUAGE", "en_US"), ("ERM_TODAY", "2026-11-30")];
    let app = App::start_with_env(&sandbox, "english-locale", &env).await?;
    app.run(|app| Box::pin(async move {
        complete_onboarding(app).await?;
        app.click("nav-fiches").await?;
        app.click("listing-add").await?;
        // Today, as the form proposes it: day first.
        assert_eq!(value(app, "field-found_on").await?, "30/11/2026");
        app.by_testid("field-site_id").await?.select_by_label("Le médecin (lemedecin.fr)").await?;
        app.fill("field-url", "https://www.lemedecin.fr/medecin/dupre").await?;
        // A month-first date is refused in French, not read as 5 March.
        app.fill("field-found_on", "03/25/2026").await?;
        app.click("listing-save").await?;
        app.wait_text("error-found_on", "JJ/MM/AAAA").await?;
        app.fill("field-found_on", "05/03/2026").await?;
        app.click("listing-save").await?;
        app.wait_text("listing-detail", "5 mars 2026").await?;
        app.wait_text("listing-status", "trouvée").await?;
        app.screenshot("dates-english-locale").await;
        Ok(())
    })).await
}
