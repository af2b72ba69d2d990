//! Issue 4 in the real window: a one-star review typed in, qualified first, answered through
//! the wizard with a risky phrase highlighted then fixed, copied, and found answered in the
//! inbox; and an insulting review quoted statement by statement into a case file.

use std::time::{Duration, Instant};

use erm_e2e::{complete_onboarding, prerequisites_ok, App, Locator, Sandbox};

const RISKY: &str = "Lors de votre consultation du 12 mars, nous avons pris le temps nécessaire.";

async fn value(app: &App, id: &str) -> erm_e2e::Result<String> {
    Ok(app.by_testid(id).await?.prop("value").await?.unwrap_or_default())
}

/// Chooses the option of a <select> whose label contains `needle` (template ids belong to the core).
async fn choose_option(app: &App, id: &str, needle: &str) -> erm_e2e::Result<String> {
    app.by_testid(id).await?;
    let script = "const s = document.querySelector(`[data-testid=\"${arguments[0]}\"]`); \
                  const o = [...s.options].find((o) => o.textContent.toLowerCase().includes(arguments[1])); \
                  if (!o) return null; s.value = o.value; s.dispatchEvent(new Event('change')); return o.textContent;";
    let v = app.client.execute(script, vec![serde_json::json!(id), serde_json::json!(needle)]).await?;
    Ok(v.as_str().ok_or_else(|| format!("no option with {needle:?} in [data-testid={id}]"))?.to_owned())
}

async fn wait_until<F, Fut>(what: &str, mut probe: F) -> erm_e2e::Result
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = erm_e2e::Result<bool>>,
{
    let deadline = Instant::now() + Duration::from_secs(10);
    while !probe().await.unwrap_or(false) {
        if Instant::now() > deadline {
            return Err(format!("timed out waiting for {what}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

async fn marks(app: &App) -> erm_e2e::Result<Vec<String>> {
    let mut out = Vec::new();
    for m in app.client.find_all(Locator::Css("[data-testid=guard-preview] mark")).await? {
        out.push(m.text().await?);
    }
    Ok(out)
}

/// Scrolls the window so that the element's top is near the top of the view.
async fn scroll_to(app: &App, id: &str) -> erm_e2e::Result {
    let script = "const el = document.querySelector(`[data-testid=\"${arguments[0]}\"]`); \
                  window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 60); \
                  document.scrollingElement.scrollTop = el.getBoundingClientRect().top + document.scrollingElement.scrollTop - 60;";
    app.client.execute(script, vec![serde_json::json!(id)]).await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    Ok(())
}

/// Fails the test with an error, not a panic: the harness then closes the window and its driver.
fn ensure(ok: bool, what: impl std::fmt::Display) -> erm_e2e::Result {
    if ok { Ok(()) } else { Err(format!("check failed: {what}").into()) }
}

async fn copy_enabled(app: &App) -> erm_e2e::Result<bool> {
    Ok(app.by_testid("reply-copy").await?.attr("disabled").await?.is_none())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_one_star_review_is_answered_through_the_wizard() -> erm_e2e::Result {
    if !prerequisites_ok("a_one_star_review_is_answered_through_the_wizard") {
        return Ok(());
    }
    let sandbox = Sandbox::new();
    // The harness points the app's clipboard at a file of the sandbox.
    let clipboard = sandbox.clipboard_file();
    let app = App::start(&sandbox, "reviews").await?;
    let clip = clipboard.clone();
    app.run(move |app| Box::pin(async move {
        complete_onboarding(app).await?;
        app.click("nav-avis").await?;
        app.wait_text("review-empty", "Aucun avis").await?;

        // Entry by hand: Rust's per-field messages, then the review recorded.
        app.click("review-add").await?;
        app.fill("field-url", "pas une adresse").await?;
        app.click("review-save").await?;
        app.wait_text("error-platform", "plateforme").await?;
        app.wait_text("error-url", "https://").await?;
        app.wait_text("error-published", "date").await?;
        app.screenshot("reviews-entry-errors").await;
        app.fill("field-platform", "Google").await?;
        app.fill("field-author", "Paul M.").await?;
        app.fill("field-published", "il y a 3 semaines").await?;
        app.select("field-rating", "1").await?;
        app.fill("field-url", "https://maps.google.com/avis/42").await?;
        app.fill("field-text", "Une heure d'attente dans une salle bondée, puis une consultation expédiée. À éviter.").await?;
        app.click("review-save").await?;
        app.wait_text("review-list", "Paul M.").await?;
        app.wait_text("review-count", "sur 1 avis").await?;
        // Full text, accents ignored.
        app.fill("filter-text", "ordonnance").await?;
        app.wait_text("review-empty", "Aucun avis ne correspond").await?;
        app.fill("filter-text", "expediee").await?;
        app.wait_text("review-list", "Paul M.").await?;
        app.fill("filter-text", " ").await?; // blank = no text filter (WebDriver cannot type "")
        app.wait_text("review-count", "1–1 sur 1 avis").await?;
        app.screenshot("reviews-inbox").await;

        // Step 1, qualification first, with the guide's grounds each explained.
        app.click("review-open").await?;
        let grounds = app.wait_text("grounds", "Diffamation").await?;
        ensure(grounds.contains("Dénigrement") && grounds.contains("Atteinte à la vie privée"), &grounds)?;
        app.by_testid("google-advice").await?;
        app.screenshot("reviews-qualify").await;
        app.click("qualify-lawful").await?;
        app.click("decide-reply").await?;

        // Step 2: a situation, a draft from the profile, then a risky phrase highlighted.
        app.by_testid("step-compose").await?;
        let label = choose_option(app, "reply-situation", "attente").await?;
        app.click("founded-yes").await?;
        wait_until("the draft", || async { Ok(value(app, "reply-draft").await?.contains("01 40 64 14 70")) }).await?;
        // A "founded" draft leaves the measure taken to the doctor: copy stays closed until the
        // bracketed passage is replaced by their own words.
        app.wait_text("guard-status", "entre crochets").await?;
        ensure(!copy_enabled(app).await?, "copy refused while a [placeholder] remains")?;
        let prepared = value(app, "reply-draft").await?;
        let (head, rest) = prepared.split_once('[').ok_or("a placeholder in the founded draft")?;
        let (_, tail) = rest.split_once(']').ok_or("a closed placeholder")?;
        let draft = format!("{head}les rendez-vous sont désormais espacés de vingt minutes{tail}");
        app.fill("reply-draft", &draft).await?;
        app.wait_text("guard-status", "vous pouvez copier").await?;
        ensure(draft.contains("cabinet@exemple.fr"), format!("draft of {label:?} filled from the profile: {draft}"))?;
        ensure(copy_enabled(app).await?, "the built-in template, completed, passes the guard")?;

        // The situation's template: a risky edit is refused, a clean one kept, then restored.
        app.click("template-edit").await?;
        wait_until("the template source", || async { Ok(value(app, "template-source").await?.contains("{{practice_phone}}")) }).await?;
        app.fill("template-source", "Bonjour,\nLors de votre consultation du 12 mars, merci. {{practice_phone}}").await?;
        app.click("template-save").await?;
        app.wait_text("template-error", "bloquant").await?;
        app.fill("template-source", "Bonjour,\nMerci pour ce retour. Le cabinet reste joignable au {{practice_phone}}.\nCordialement,").await?;
        app.click("template-save").await?;
        app.wait_text("template-editor", "modifié par vous").await?;
        app.click("template-restore").await?;
        app.wait_text("template-editor", "version d’origine").await?;

        let area = app.by_testid("reply-draft").await?;
        area.send_keys(&format!("\u{E007}{RISKY}")).await?;
        wait_until("a <mark> on the visit", || async { Ok(marks(app).await?.iter().any(|m| m.contains("12 mars"))) }).await?;
        let found = marks(app).await?;
        ensure(found.iter().any(|m| m.to_lowercase().contains("consultation")), format!("care relationship marked: {found:?}"))?;
        app.wait_text("guard-findings", "Suggestion").await?;
        app.wait_text("guard-status", "bloquant").await?;
        ensure(!copy_enabled(app).await?, "copy refused while a blocking finding is open")?;
        scroll_to(app, "guard-preview").await?;
        app.screenshot("reviews-guard-highlight").await;

        // Each blocking finding can be kept knowingly, one box each; all must be ticked.
        let boxes = app.client.find_all(Locator::Css("[data-testid^=guard-ack-]")).await?;
        ensure(boxes.len() >= 2, format!("one box per blocking finding, got {}", boxes.len()))?;
        boxes[0].click().await?;
        ensure(!copy_enabled(app).await?, "one box of two is not enough")?;
        for b in &boxes[1..] {
            b.click().await?;
        }
        wait_until("copy enabled once every box is ticked", || async { copy_enabled(app).await }).await?;
        boxes[0].click().await?;
        ensure(!copy_enabled(app).await?, "unticking closes the copy again")?;

        // Fixed: back to the safe draft, the marks go and the copy opens.
        app.fill("reply-draft", &draft).await?;
        wait_until("no more marks", || async { Ok(marks(app).await?.iter().all(|m| !m.contains("12 mars"))) }).await?;
        app.wait_text("guard-status", "vous pouvez copier").await?;
        ensure(copy_enabled(app).await?, "copy enabled once fixed")?;

        // Step 3: copy, open the page, mark answered.
        app.click("reply-copy").await?;
        app.by_testid("finishing").await?;
        let copied = std::fs::read_to_string(&clip)?;
        ensure(copied.trim() == draft.replace("\r\n", "\n").trim(), "the reply copied as written")?;
        app.click("review-open-page").await?;
        scroll_to(app, "step-finish").await?;
        app.screenshot("reviews-finish").await;
        app.click("reply-mark-answered").await?;
        let kept = app.wait_text("reply-kept", "01 40 64 14 70").await?;
        ensure(!kept.contains("12 mars"), "the fixed reply is the one kept")?;
        app.wait_text("answered", "Répondu le").await?;
        scroll_to(app, "answered").await?;
        app.screenshot("reviews-answered-detail").await;

        app.click("review-back").await?;
        let row = app.wait_text("review-list", "Paul M.").await?;
        ensure(row.contains("répondu"), &row)?;
        app.select("filter-status", "new").await?;
        app.wait_text("review-empty", "Aucun avis ne correspond").await?;
        app.select("filter-status", "answered").await?;
        app.wait_text("review-list", "Paul M.").await?;
        app.screenshot("reviews-answered").await;
        app.select("filter-status", "").await?;
        Ok(())
    })).await
}

#[tokio::test(flavor = "multi_thread")]
async fn an_insulting_review_is_quoted_into_a_case_file() -> erm_e2e::Result {
    if !prerequisites_ok("an_insulting_review_is_quoted_into_a_case_file") {
        return Ok(());
    }
    let sandbox = Sandbox::new();
    let csv = sandbox.data_dir().with_file_name("avis.csv");
    std::fs::write(&csv, "plateforme;auteur;date;note;texte\nGoogle;Jean D.;01/02/2025;2;Long.\nGoogle;;01/02/2025;9;Bof\n")?;
    // Replaces the file picker for this app only; the file is rewritten between imports.
    let app = App::start_with_env(&sandbox, "reviews-illicit", &[("ERM_IMPORT_FILE", csv.to_str().unwrap())]).await?;
    app.run(move |app| Box::pin(async move {
        complete_onboarding(app).await?;
        app.click("nav-avis").await?;

        // Import: the documented columns, a refused file reported line by line, then the fixed one.
        app.click("review-import").await?;
        app.wait_text("import-panel", "vu_le").await?;
        app.click("review-import-pick").await?;
        let report = app.wait_text("import-report", "Import annulé").await?;
        ensure(report.contains("pseudonyme") && report.contains("Ligne"), &report)?;
        app.screenshot("reviews-import-refused").await;
        std::fs::write(&csv, "plateforme;auteur;date;note;texte\nGoogle;Jean D.;01/02/2025;2;Long.\nDoctolib;Marie L.;05/03/2025;5;Très bien.\n")?;
        app.click("review-import-pick").await?;
        app.wait_text("import-report", "2 avis importés").await?;
        app.wait_text("review-list", "Marie L.").await?;

        app.click("review-add").await?;
        app.fill("field-platform", "Doctolib").await?;
        app.fill("field-author", "Anonyme").await?;
        app.fill("field-published", "02/01/2025").await?;
        app.fill("field-text", "Ce médecin est un charlatan. Il refuse de soigner les étrangers.").await?;
        app.click("review-save").await?;
        app.wait_text("review-list", "Anonyme").await?;
        app.fill("filter-text", "charlatan").await?;
        app.wait_text("review-count", "1–1 sur 1 avis").await?;
        app.click("review-open").await?;

        app.click("qualify-illicit").await?;
        // A quote that is not in the review is refused by Rust, nothing is recorded.
        app.fill("statement-quote-0", "un escroc").await?;
        app.click("statement-0-ground-insult").await?;
        app.click("qualify-illicit-save").await?;
        app.wait_text("qualify-error", "figure").await?;
        app.fill("statement-quote-0", "Ce médecin est un charlatan.").await?;
        app.click("statement-add").await?;
        app.fill("statement-quote-1", "Il refuse de soigner les étrangers.").await?;
        app.click("statement-1-ground-defamation").await?;
        app.click("statement-1-ground-discriminatory_remarks").await?;
        app.screenshot("reviews-illicit-form").await;
        app.click("qualify-illicit-save").await?;
        let st = app.wait_text("statements", "charlatan").await?;
        ensure(st.contains("Injure") && st.contains("Diffamation, Propos racistes"), &st)?;
        app.wait_text("escalated", "Seul un juge tranche").await?;
        app.screenshot("reviews-escalated").await;
        app.click("review-back").await?;
        app.wait_text("review-list", "possiblement illicite (propos cités)").await?;

        // A review recorded by mistake is deleted after confirmation.
        app.fill("filter-text", "Marie").await?;
        app.wait_text("review-list", "Marie L.").await?;
        app.click("review-open").await?;
        app.click("review-delete").await?;
        app.click("confirm-ok").await?;
        app.wait_text("review-empty", "Aucun avis ne correspond").await?;
        app.fill("filter-text", " ").await?;
        app.wait_text("review-count", "sur 2 avis").await?;

        // Lawful, the doctor starts a reply then deliberately leaves the review unanswered.
        app.fill("filter-text", "Jean").await?;
        app.wait_text("review-count", "1–1 sur 1 avis").await?;
        app.click("review-open").await?;
        app.click("qualify-lawful").await?;
        app.click("decide-reply").await?;
        app.by_testid("step-compose").await?;
        app.click("decide-leave-late").await?;
        app.wait_text("left-alone", "Laissé sans réponse").await?;
        app.wait_text("review-status", "ignoré volontairement").await?;
        Ok(())
    })).await
}

/// Issue 9, point 12: a review made of one very long word wraps; the page never grows wider
/// than the window, in the inbox or in the review's detail.
#[tokio::test(flavor = "multi_thread")]
async fn a_review_of_one_long_word_does_not_widen_the_window() -> erm_e2e::Result {
    if !prerequisites_ok("a_review_of_one_long_word_does_not_widen_the_window") {
        return Ok(());
    }
    let sandbox = Sandbox::new();
    let app = App::start(&sandbox, "long-word").await?;
    app.run(|app| Box::pin(async move {
        complete_onboarding(app).await?;
        app.click("nav-avis").await?;
        app.click("review-add").await?;
        app.fill("field-platform", "Google").await?;
        app.fill("field-author", "Clavier").await?;
        app.fill("field-published", "01/02/2026").await?;
        // Set in one go (typing 3,000 keys through WebDriver would only slow the test).
        app.client
            .execute("document.querySelector('[data-testid=field-text]').value = 'a'.repeat(3000); return true;", vec![])
            .await?;
        app.click("review-save").await?;
        app.wait_text("review-list", "Clavier").await?;
        let fits = "return document.documentElement.scrollWidth <= window.innerWidth;";
        ensure(app.client.execute(fits, vec![]).await? == serde_json::json!(true), "the inbox fits the window")?;
        app.click("review-open").await?;
        app.by_testid("review-text").await?;
        ensure(app.client.execute(fits, vec![]).await? == serde_json::json!(true), "the detail fits the window")?;
        app.screenshot("reviews-long-word").await;
        Ok(())
    })).await
}

/// Waits until the toasts (bottom right, over the bulk bar's buttons) are gone.
async fn no_toast(app: &App) -> erm_e2e::Result {
    wait_until("the toasts to go", || async { Ok(!app.exists("[data-testid=toast]").await?) }).await
}

/// Issue 9, point 8: after an import, the whole page is qualified lawful and left unanswered in
/// one action; then a five-star review gets its thank-you prepared, found in the wizard.
#[tokio::test(flavor = "multi_thread")]
async fn an_imported_page_is_handled_in_bulk() -> erm_e2e::Result {
    if !prerequisites_ok("an_imported_page_is_handled_in_bulk") {
        return Ok(());
    }
    let sandbox = Sandbox::new();
    let csv = sandbox.data_dir().with_file_name("avis.csv");
    std::fs::write(
        &csv,
        "plateforme;auteur;date;note;texte\n\
         Google;Jean D.;01/02/2025;3;Correct, un peu d'attente.\n\
         Google;Marie L.;05/03/2025;5;Très à l'écoute, je recommande.\n\
         Doctolib;Paul;07/03/2025;4;Ponctuel.\n\
         Google;Zoé;09/03/2025;2;Secrétariat difficile à joindre.\n",
    )?;
    let app = App::start_with_env(&sandbox, "reviews-bulk", &[("ERM_IMPORT_FILE", csv.to_str().unwrap())]).await?;
    app.run(move |app| Box::pin(async move {
        complete_onboarding(app).await?;
        app.click("nav-avis").await?;
        app.click("review-import").await?;
        app.click("review-import-pick").await?;
        app.wait_text("import-report", "4 avis importés").await?;
        app.wait_text("review-count", "sur 4 avis").await?;
        let opens = app.client.find_all(Locator::Css("[data-testid=review-open]")).await?;
        ensure(opens.len() == 4, "four rows")?;

        // Each row's box is named for screen readers by its author and date.
        let label = app.by_testid("review-select").await?.attr("aria-label").await?.unwrap_or_default();
        ensure(label.starts_with("Sélectionner l'avis de ") && label.contains("/2025"), &label)?;
        ensure(app.client.execute("return document.querySelector('[data-testid=bulk-bar]').hidden;", vec![]).await? == serde_json::json!(true), "no bar without a selection")?;
        app.click("review-select-all").await?;
        app.wait_text("bulk-bar", "4 avis sélectionnés").await?;
        no_toast(app).await?;
        scroll_to(app, "review-count").await?;
        app.screenshot("reviews-bulk-bar").await;

        app.click("bulk-leave-alone").await?;
        app.wait_text("confirm-text", "les 4 avis sélectionnés").await?;
        app.click("confirm-ok").await?;
        app.wait_text("bulk-summary", "4 avis qualifiés comme licites et ignorés volontairement").await?;
        let statuses = "return [...document.querySelectorAll('[data-testid=review-row]')]\
                        .filter((r) => r.textContent.includes('ignoré volontairement')).length;";
        wait_until("every row left alone", || async { Ok(app.client.execute(statuses, vec![]).await? == serde_json::json!(4)) }).await?;
        ensure(app.client.execute("return document.querySelector('[data-testid=bulk-bar]').hidden;", vec![]).await? == serde_json::json!(true), "the selection is cleared")?;
        scroll_to(app, "review-count").await?;
        tokio::time::sleep(Duration::from_millis(600)).await; // the dialog's closing frame
        app.screenshot("reviews-bulk-left-alone").await;

        // The five-star one: its thank-you is prepared, not published.
        app.fill("filter-text", "Marie").await?;
        app.wait_text("review-count", "1–1 sur 1 avis").await?;
        app.click("review-select").await?;
        app.wait_text("bulk-bar", "1 avis sélectionné").await?;
        no_toast(app).await?;
        app.click("bulk-thank-you").await?;
        app.wait_text("confirm-text", "l'avis sélectionné").await?;
        app.click("confirm-ok").await?;
        app.wait_text("bulk-summary", "1 réponse de remerciement préparée").await?;
        app.wait_text("review-list", "à répondre").await?;
        app.click("review-open").await?;
        app.by_testid("step-compose").await?;
        wait_until("the prepared draft", || async { Ok(value(app, "reply-draft").await?.contains("01 40 64 14 70")) }).await?;
        let draft = value(app, "reply-draft").await?;
        ensure(draft.contains("Merci beaucoup pour ce message"), &draft)?;
        app.wait_text("guard-status", "vous pouvez copier").await?;
        app.screenshot("reviews-bulk-thank-you-draft").await;
        Ok(())
    })).await
}
