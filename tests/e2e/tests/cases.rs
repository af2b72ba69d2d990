//! Issue 10 in the real window: a review qualified as illicit becomes a case file with its quoted
//! statement; a capture is attached and hashed; the host notice is written to a PDF and its
//! posting recorded; with the app's clock moved past the +45-day alert (`ERM_TODAY`) the
//! dashboard shows the case's nearest lapse and the alert; then the lawyer's archive is exported
//! and its manifest checked against the files it holds.

use std::path::{Path, PathBuf};
use std::process::Command;

use erm_e2e::{check_archive, complete_onboarding, prerequisites_ok, saved, value, App, Sandbox};

fn ensure(ok: bool, what: &str) -> erm_e2e::Result {
    if ok { Ok(()) } else { Err(what.to_owned().into()) }
}

/// Files saved in `dir` whose name contains `needle` and ends with `ext`.
fn sha256_of(path: &Path) -> String {
    let out = Command::new("sha256sum").arg(path).output().expect("sha256sum runs");
    String::from_utf8_lossy(&out.stdout).split_whitespace().next().unwrap_or_default().to_owned()
}

/// A Google review by « Anonyme <id> », published 5 March 2026, entered by hand and qualified as
/// an insult for the words `quote`.
async fn insulting_review(app: &App, id: &str, text: &str, quote: &str) -> erm_e2e::Result {
    app.click("nav-avis").await?;
    app.click("review-add").await?;
    app.fill("field-platform", "Google").await?;
    app.fill("field-author", &format!("Anonyme {id}")).await?;
    app.fill("field-published", "05/03/2026").await?;
    app.fill("field-url", &format!("https://www.google.com/maps/contrib/{id}/reviews")).await?;
    app.fill("field-text", text).await?;
    app.click("review-save").await?;
    app.click("review-open").await?;
    app.click("qualify-illicit").await?;
    app.fill("statement-quote-0", quote).await?;
    app.click("statement-0-ground-insult").await?;
    app.click("qualify-illicit-save").await
}

/// Google's Irish company as the case's host, with its postal address.
async fn add_google_as_host(app: &App) -> erm_e2e::Result {
    app.click("party-add").await?;
    app.select("party-0-role", "host").await?;
    app.fill("party-0-name", "Google Ireland Limited").await?;
    app.fill("party-0-address", "Gordon House\nBarrow Street\nDUBLIN 4\nIRLANDE").await
}

/// The capture the doctor attaches: any bytes will do, the app hashes what it copies.
const CAPTURE: &[u8] = b"\x89PNG\r\n\x1a\n capture d'ecran de l'avis, 06/03/2026 14:05";

#[tokio::test(flavor = "multi_thread")]
async fn an_illicit_review_becomes_a_case_with_its_notice_alert_and_lawyer_archive() -> erm_e2e::Result {
    if !prerequisites_ok("an_illicit_review_becomes_a_case_with_its_notice_alert_and_lawyer_archive") {
        return Ok(());
    }
    let sandbox = Sandbox::new();
    let exports = sandbox.exports_dir();
    let capture = sandbox.data_dir().with_file_name("capture-avis.png");
    std::fs::write(&capture, CAPTURE)?;
    let env = [("ERM_TODAY", "2026-03-10"), ("ERM_IMPORT_FILE", capture.to_str().unwrap())];
    let app = App::start_with_env(&sandbox, "cases", &env).await?;
    let exports_first = exports.clone();
    app.run(move |app| Box::pin(async move {
        complete_onboarding(app).await?;
        insulting_review(app, "42", "Ce médecin est un charlatan. Je ne reviendrai pas.", "Ce médecin est un charlatan.").await?;
        app.wait_text("escalated", "Seul un juge").await?;

        // The case opens from the review with its quoted statement and its date.
        app.click("review-open-case").await?;
        app.by_testid("case-form").await?;
        ensure(value(app, "statement-0-quote").await? == "Ce médecin est un charlatan.", "the quote comes with the review")?;
        ensure(app.by_testid("statement-0-ground-insult").await?.prop("checked").await?.as_deref() == Some("true"), "its ground too")?;
        ensure(value(app, "field-publication_on").await? == "05/03/2026", "and its publication date")?;
        app.wait_text("only-a-judge", "Seul un juge").await?;
        // Without the host's address the notice cannot be addressed: the party is added.
        add_google_as_host(app).await?;
        app.screenshot("cases-form").await;
        app.click("case-save").await?;

        // The clock: three months after first publication, and why a letter does not stop it.
        app.wait_text("case-nearest-lapse", "5 juin 2026").await?;
        app.wait_text("no-stop-warning", "assignation").await?;
        app.wait_text("case-statements", "charlatan").await?;

        // A capture attached: copied, hashed with the digest of the file itself.
        app.fill("field-captured_time", "14:05").await?;
        app.click("evidence-add").await?;
        let list = app.wait_text("evidence-list", "capture-avis.png").await?;
        let digest = sha256_of(&capture);
        ensure(digest.len() == 64 && list.contains(&digest), &format!("evidence list shows the file's SHA-256 {digest}: {list}"))?;
        app.click("evidence-verify").await?;
        app.wait_text("evidence-report", "intactes").await?;

        // The host notice, after the host's own form, with the false-notice warning confirmed.
        app.click("case-action-host_notice").await?;
        app.fill("field-electronic_notice_on", "06/03/2026").await?;
        app.fill("field-electronic_notice_reference", "GGL-2026-123").await?;
        app.fill("field-prior_contact_reason", "L'auteur n'est connu que par un pseudonyme et Google ne publie aucun moyen de le joindre.").await?;
        app.fill("field-factual_justification", "Le terme « charlatan » me traite d'imposteur sans aucun fait précis : c'est une injure publique.").await?;
        app.click("case-letter-generate").await?;
        app.wait_text("error-false_notice_acknowledged", "infraction").await?;
        app.click("letter-warnings-ack").await?;
        app.click("case-letter-generate").await?;
        app.wait_text_long("case-result", "enregistré", 30).await?;
        let pdf = saved(&exports_first, "notification-hebergeur", "pdf");
        ensure(pdf.len() == 1, &format!("one host notice saved: {pdf:?}"))?;
        let text = Command::new("pdftotext").args(["-layout"]).arg(&pdf[0]).arg("-").output()?;
        let text = String::from_utf8_lossy(&text.stdout).into_owned();
        for needle in ["Google Ireland Limited", "charlatan", "bonne foi", "GGL-2026-123", "capture-avis.png"] {
            ensure(text.contains(needle), &format!("the notice holds {needle:?}:\n{text}"))?;
        }
        app.screenshot("cases-notice-written").await;

        // Posting recorded from the case: the host is notified in the chronology.
        let sent = app.wait_for_css("[data-testid^=case-letter-sent-]").await?;
        sent.click().await?;
        app.fill("field-sent_on", "10/03/2026").await?;
        app.fill("field-registered_number", "1A 123 456 7890 1").await?;
        app.click("step-save").await?;
        app.wait_text("case-timeline", "Notification à l'hébergeur Google Ireland Limited").await?;
        app.wait_text("case-status", "notifié").await?;

        // The mise en demeure (issue 8, point 16): recipient chosen explicitly — the author is
        // not identified, so the publisher — and the press-clock warning confirmed before export.
        app.click("case-action-formal_notice").await?;
        let form = app.wait_text("case-letter-form", "n'interrompt pas").await?;
        ensure(form.contains("L’auteur (non identifié)") && form.contains("L’éditeur du site"), &form)?;
        ensure(value(app, "field-recipient_role").await? == "publisher", "the publisher is chosen when the author is unknown")?;
        app.fill("field-deadline_days", "45").await?;
        app.click("case-letter-generate").await?;
        // Every fault at once: the warning not confirmed, the period, the publisher's address.
        app.wait_text("error-press_clock_acknowledged", "n'interrompt pas").await?;
        app.wait_text("error-deadline_days", "entre 8 et 30 jours").await?;
        app.wait_text("form-error", "Éditeur du site").await?;
        app.screenshot("cases-formal-notice-refused").await;
        Ok(())
    })).await?;

    // Forty-six days after publication: the +45-day alert is on the dashboard, nearest lapse first.
    let capture_dir = sandbox.data_dir();
    let app = App::start_with_env(&sandbox, "cases-later", &[("ERM_TODAY", "2026-04-20")]).await?;
    app.run(move |app| Box::pin(async move {
        let lapses = app.wait_text("case-lapses", "5 juin 2026").await?;
        ensure(lapses.contains("Avis Google"), &lapses)?;
        app.wait_text("case-alert", "19 avril 2026").await?;
        app.screenshot("cases-dashboard-alert").await;
        // The trend (issue 12, point 3): the review of March drawn, readable at 1024×700 —
        // the chart fits the window, nothing scrolls sideways.
        app.client.set_window_size(1024, 700).await?;
        app.by_testid("trend-chart").await?;
        let fits = app.client.execute(
            "const c = document.querySelector('[data-testid=trend-chart]').getBoundingClientRect(); \
             return document.documentElement.scrollWidth <= window.innerWidth && c.right <= window.innerWidth && c.width > 300;", vec![]).await?;
        ensure(fits == serde_json::json!(true), "the trend chart fits a 1024×700 window")?;
        app.wait_for_css("[data-testid=trend-chart] rect.bar[height]:not([height='0'])").await?;
        app.client.execute("document.querySelector('[data-testid=trend]').scrollIntoView();", vec![]).await?;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        app.screenshot("cases-dashboard-trend-1024").await;
        app.client.set_window_size(1280, 800).await?;

        // The lawyer's archive: dossier PDF, the notice, the capture and a manifest of sums.
        app.click("nav-dossiers").await?;
        app.wait_for_css("[data-testid^=case-open-]").await?.click().await?;
        app.click("case-export").await?;
        app.wait_text_long("case-result", "Archive enregistrée", 60).await?;
        app.screenshot("cases-archive").await;
        let zips = saved(&exports, "dossier", "zip");
        ensure(zips.len() == 1, &format!("one archive saved: {zips:?}"))?;
        let out_dir = capture_dir.with_file_name("archive-ouverte");
        let (all_ok, report) = check_archive(&zips[0], &out_dir)?;
        ensure(all_ok, &format!("every sum of the manifest matches:\n{report}"))?;
        ensure(report.contains("capture-avis.png: OK") && report.contains(".pdf: OK"), &report)?;
        Ok(())
    })).await
}

/// Issues 20 and 21 in the real window. The case's first next step (the platform report) is
/// taken, then the host notice: every field Rust requires is on its form, so it is written on
/// the first complete try (the blocker of issue 20). Then a stored piece is altered on disk: the
/// lawyer's archive is refused, and once the doctor chooses to include it, the piece is marked
/// and `sha256sum -c` reports it as FAILED instead of vouching for it (issue 21.1).
#[tokio::test(flavor = "multi_thread")]
async fn the_report_first_then_the_notice_and_a_tampered_piece_never_vouched_for() -> erm_e2e::Result {
    if !prerequisites_ok("the_report_first_then_the_notice_and_a_tampered_piece_never_vouched_for") {
        return Ok(());
    }
    let sandbox = Sandbox::new();
    let exports = sandbox.exports_dir();
    let data = sandbox.data_dir();
    let capture = data.with_file_name("capture-avis.png");
    std::fs::write(&capture, CAPTURE)?;
    let env = [("ERM_TODAY", "2026-03-10"), ("ERM_IMPORT_FILE", capture.to_str().unwrap())];
    let app = App::start_with_env(&sandbox, "cases-report-first", &env).await?;
    app.run(move |app| Box::pin(async move {
        complete_onboarding(app).await?;
        insulting_review(app, "7", "Ce médecin est un escroc.", "Ce médecin est un escroc.").await?;
        app.click("review-open-case").await?;
        app.by_testid("case-form").await?;
        add_google_as_host(app).await?;
        app.click("case-save").await?;
        app.wait_text("no-stop-warning", "assignation").await?;
        app.fill("field-captured_time", "14:05").await?;
        app.click("evidence-add").await?;
        app.wait_text("evidence-list", "capture-avis.png").await?;

        // The first step the case proposes: the platform's own report.
        app.click("case-action-report").await?;
        app.fill("field-reason", "Injure").await?;
        app.click("case-step-save").await?;
        app.wait_text("case-timeline", "Signalement").await?;

        // The host notice: the reason no mise en demeure was sent is asked, because Rust needs it.
        app.click("case-action-host_notice").await?;
        app.by_testid("field-prior_contact_reason").await?;
        app.fill("field-electronic_notice_on", "09/03/2026").await?;
        app.fill("field-prior_contact_reason", "L'auteur n'est connu que par un pseudonyme.").await?;
        app.fill("field-factual_justification", "Le mot « escroc » m'impute un délit sans aucun fait : c'est une injure.").await?;
        app.click("letter-warnings-ack").await?;
        app.click("case-letter-generate").await?;
        app.wait_text_long("case-result", "enregistré", 30).await?;
        ensure(saved(&exports, "notification-hebergeur", "pdf").len() == 1, "the notice is written on the first complete try")?;

        // A few bytes appended to the stored copy, as an intruder would.
        let pieces: Vec<_> = walk(&data.join("preuves"));
        ensure(pieces.len() == 1, &format!("one stored piece: {pieces:?}"))?;
        let mut bytes = std::fs::read(&pieces[0])?;
        bytes.extend_from_slice(b"altered");
        std::fs::write(&pieces[0], &bytes)?;

        app.click("case-export").await?;
        app.wait_text_long("case-result", "ne correspond plus", 30).await?;
        ensure(saved(&exports, "dossier", "zip").is_empty(), "no archive written for a tampered piece")?;
        app.screenshot("cases-archive-refused-tampered").await;
        app.click("dossier-include-modified").await?;
        app.wait_text_long("case-result", "Archive enregistrée", 60).await?;
        let zips = saved(&exports, "dossier", "zip");
        ensure(zips.len() == 1, &format!("one archive: {zips:?}"))?;
        let out_dir = data.with_file_name("archive-alteree");
        let (all_ok, report) = check_archive(&zips[0], &out_dir)?;
        ensure(!all_ok && report.contains("capture-avis.png: FAILED") && report.contains("dossier.pdf: OK"), &report)?;
        let text = Command::new("pdftotext").arg(out_dir.join("dossier.pdf")).arg("-").output()?;
        let text = String::from_utf8_lossy(&text.stdout).split_whitespace().collect::<Vec<_>>().join(" ");
        ensure(text.contains("modifiée depuis son enregistrement"), &text)?;
        Ok(())
    })).await
}

/// Every file under `dir`.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
