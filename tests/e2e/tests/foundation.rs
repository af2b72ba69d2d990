//! First run in the real window: onboarding, validation messages, profile kept across restarts.

use erm_e2e::{complete_onboarding, fill_practice_form, prerequisites_ok, App, Sandbox, PROFILE};

#[tokio::test(flavor = "multi_thread")]
async fn first_run_profile_survives_a_restart() -> erm_e2e::Result {
    if !prerequisites_ok("first_run_profile_survives_a_restart") {
        return Ok(());
    }
    let sandbox = Sandbox::new();

    let app = App::start(&sandbox, "first-run").await?;
    app.run(|app| Box::pin(async move {
        app.by_testid("onboarding").await?;
        // A wrong RPPS is refused by Rust with a message on its field, and nothing is saved.
        fill_practice_form(app, PROFILE).await?;
        app.fill("field-rpps", "1234").await?;
        app.click("practice-save").await?;
        app.wait_text("error-rpps", "11 chiffres").await?;
        app.screenshot("onboarding-error").await;

        app.fill("field-rpps", "10003456789").await?;
        app.click("practice-save").await?;
        app.wait_text("welcome", "Dr Hélène-Éloïse DUPRÉ-LEFÈVRE").await?;
        app.screenshot("dashboard").await;
        Ok(())
    })).await?;

    // Start again on the same data: no onboarding, the profile is there with its accents.
    let app = App::start(&sandbox, "restart").await?;
    app.run(|app| Box::pin(async move {
        app.wait_text("welcome", "Hélène-Éloïse").await?;
        assert!(!app.exists("[data-testid=onboarding]").await?, "onboarding shown again after restart");
        app.click("nav-parametres").await?;
        let card = app.wait_text("practitioner-list", "Dr Hélène-Éloïse DUPRÉ-LEFÈVRE").await?;
        assert!(card.contains("Cabinet médical\n12 rue de l'Église\n75014 Paris"), "{card}");
        assert!(card.contains("10003456789"), "{card}");
        app.click("store-check").await?;
        app.wait_text("store-report", "Base saine").await?;

        // Envelope settings: a window off the sheet is refused on its field; the calibration
        // page is written as a PDF that shows the window's measurements.
        app.fill("field-window_left_mm", "190").await?;
        app.click("envelope-save").await?;
        app.wait_text("error-window_left_mm", "mm").await?;
        app.fill("field-window_left_mm", "108").await?;
        app.click("envelope-save").await?;
        app.wait_text("envelope-status", "Réglage enregistré").await?;
        app.click("calibration-print").await?;
        let status = app.wait_text("envelope-status", "Page de calibrage enregistrée").await?;
        assert!(status.contains("page-de-calibrage-enveloppe.pdf"), "{status}");
        app.screenshot("settings-envelope").await;
        app.screenshot("settings").await;
        Ok(())
    })).await?;

    let pdf = sandbox.exports_dir().join("page-de-calibrage-enveloppe.pdf");
    let text = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output()?;
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("à 108 mm du bord gauche"), "calibration page uses the saved offset: {text}");

    let db = sandbox.data_dir().join("e-reputation-medecin.sqlite3");
    assert!(db.exists(), "the app wrote its database in ERM_DATA_DIR");
    // Issue 21.7: the data folder, the store, its backups, the log and the saved PDF are the
    // doctor's alone (0700 / 0600).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).map(|m| m.permissions().mode() & 0o777).unwrap_or(0);
        let data = sandbox.data_dir();
        assert_eq!(mode(&data), 0o700, "data folder");
        assert_eq!(mode(&db), 0o600, "store");
        assert_eq!(mode(&data.join("journal")), 0o700, "log folder");
        for entry in std::fs::read_dir(data.join("journal"))? {
            assert_eq!(mode(&entry?.path()), 0o600, "log file");
        }
        assert_eq!(mode(&pdf), 0o600, "a letter saved by the app");
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn every_area_of_the_product_is_reachable() -> erm_e2e::Result {
    if !prerequisites_ok("every_area_of_the_product_is_reachable") {
        return Ok(());
    }
    let sandbox = Sandbox::new();
    let app = App::start(&sandbox, "areas").await?;
    app.run(|app| Box::pin(async move {
        fill_practice_form(app, PROFILE).await?;
        app.click("practice-save").await?;
        app.by_testid("dashboard").await?;
        for (route, heading) in [
            ("fiches", "Fiches nominatives"),
            ("avis", "Avis et commentaires"),
            ("dossiers", "Dossiers"),
            ("courriers", "Courriers"),
            ("aides", "Aides et assurances"),
            ("parametres", "Paramètres"),
            ("tableau-de-bord", "Tableau de bord"),
        ] {
            app.click(&format!("nav-{route}")).await?;
            let h1 = app.wait_for_css("main h1").await?.text().await?;
            assert!(h1.contains(heading), "{route}: heading {h1:?}");
        }
        Ok(())
    })).await
}

/// Two areas asked for in a row: only the last one is shown, even when the first one's drawing
/// (its module loaded for the first time, its data asked of Rust) ends after the second's.
#[tokio::test(flavor = "multi_thread")]
async fn only_the_last_area_asked_for_is_shown() -> erm_e2e::Result {
    if !prerequisites_ok("only_the_last_area_asked_for_is_shown") {
        return Ok(());
    }
    let sandbox = Sandbox::new();
    let app = App::start(&sandbox, "last-area").await?;
    app.run(|app| Box::pin(async move {
        complete_onboarding(app).await?;
        // « Aides » once, so that its module is loaded and its drawing is the quicker one.
        app.click("nav-aides").await?;
        app.by_testid("help").await?;
        app.click("nav-tableau-de-bord").await?;
        app.by_testid("dashboard").await?;
        for _ in 0..3 {
            // « Aides » is asked for as soon as the drawing of « Avis » has begun (the app's own
            // listener was added first, so it runs first).
            let twice = "window.__ermTrace.length = 0; \
                window.addEventListener('hashchange', () => { location.hash = '#/aides'; }, { once: true }); \
                location.hash = '#/avis';";
            app.client.execute(twice, vec![]).await?;
            app.by_testid("help").await?;
            // The drawing of « Avis » has ended once its list is answered (the harness's trace
            // of commands): it has placed its area, wherever that is, before asking for it.
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
            let answered = "return window.__ermTrace.some((t) => t.endsWith(' ok review_list'));";
            while app.client.execute(answered, vec![]).await? != serde_json::json!(true) {
                assert!(std::time::Instant::now() < deadline, "the drawing of « Avis » never asked for its list");
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            let areas = app.client.execute("return [...document.querySelectorAll('#main .area')].map((a) => a.dataset.testid);", vec![]).await?;
            assert_eq!(areas, serde_json::json!(["help"]), "the content shows the last area asked for, alone");
            app.click("nav-tableau-de-bord").await?;
            app.by_testid("dashboard").await?;
        }
        Ok(())
    })).await
}
