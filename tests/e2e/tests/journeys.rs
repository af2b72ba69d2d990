//! Issue 20: journeys a doctor completes alone, in the real window, taking at each screen the
//! action the app itself puts first in « Prochaines étapes » — the test asserts which one it is
//! before taking it, so a journey that breaks (a blocker, a wrong order, a missing field) fails
//! here. Dates move on by restarting the app with a later `ERM_TODAY`.
//!
//! Journey (a): an insulting Google review → qualified → case → report → the platform's refusal
//! → appeal → refusal again → host notice → posted → the host's refusal → appeal → refused again
//! → mise en demeure →
//! posted → received → its period over → follow-up → posted → a constat ordered and done →
//! a lawyer consulted → a court act → the lawyer's archive, every sum right.
//!
//! Journey (b): the same with the author identified, up to the mise en demeure, which the app
//! addresses to the author.
//!
//! Journey (e): a Veille mention becomes a case (address, title and discovery carried over, the
//! alert's date said for what it is), the app opens the case, and its ladder starts.

use std::path::Path;
use std::process::Command;

use erm_e2e::{check_archive, complete_onboarding, prerequisites_ok, saved, serve_feed, App, Sandbox};

fn ensure(ok: bool, what: &str) -> erm_e2e::Result {
    if ok {
        Ok(())
    } else {
        Err(what.to_string().into())
    }
}

/// The kind of the first action « Prochaines étapes » proposes (an item that only informs, such
/// as « Agir en justice », has no button and is read, not taken).
async fn first_action(app: &App) -> erm_e2e::Result<String> {
    app.wait_for_css("[data-testid=case-actions] .next-action").await?;
    let kind = app
        .client
        .execute("return [...document.querySelectorAll('[data-testid=case-actions] .next-action')].find((e) => e.querySelector('button'))?.dataset.kind || '';", vec![])
        .await?;
    Ok(kind.as_str().unwrap_or_default().to_owned())
}

/// Takes the app's first proposal, which must be `kind`.
async fn take_first(app: &App, kind: &str) -> erm_e2e::Result {
    let first = first_action(app).await?;
    ensure(first == kind, &format!("the app proposes « {first} » first; the journey expected « {kind} »"))?;
    app.click(&format!("case-action-{kind}")).await
}

async fn events(app: &App) -> erm_e2e::Result<u64> {
    let n = app.client.execute("return document.querySelectorAll('[data-testid=case-timeline] li').length;", vec![]).await?;
    Ok(n.as_u64().unwrap_or_default())
}

/// Saves the open step form, waits for one more event in the chronology, and checks that its
/// text holds `line`.
async fn save_step(app: &App, line: &str) -> erm_e2e::Result {
    let before = events(app).await?;
    app.click("case-step-save").await?;
    for _ in 0..100 {
        if events(app).await? > before {
            app.wait_text("case-timeline", line).await?;
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let form = app.text("case-panel").await.unwrap_or_default();
    Err(format!("the step was not recorded; the form says: {form}").into())
}

/// Records the posting of the letter the app proposes first to post.
async fn post_first_letter(app: &App, on: &str, number: &str) -> erm_e2e::Result {
    take_first(app, "post_letter").await?;
    app.fill("field-sent_on", on).await?;
    app.fill("field-registered_number", number).await?;
    app.click("step-save").await?;
    // Posting moves the case on: the posting is no longer the first proposal.
    for _ in 0..50 {
        if first_action(app).await? != "post_letter" {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    Err("the posting was not recorded".into())
}

/// 10 March: the review, the case, and every rung up to the mise en demeure posted, each the
/// first the app proposes. `author`: the author is identified (journey b).
async fn march(app: &App, exports: &Path, author: bool) -> erm_e2e::Result {
    complete_onboarding(app).await?;
    app.click("nav-avis").await?;
    app.click("review-add").await?;
    app.fill("field-platform", "Google").await?;
    app.fill("field-author", "Anonyme 9").await?;
    app.fill("field-published", "05/03/2026").await?;
    app.fill("field-url", "https://www.google.com/maps/contrib/9/reviews").await?;
    app.fill("field-text", "Ce médecin est un incapable et un voleur.").await?;
    app.click("review-save").await?;
    app.click("review-open").await?;
    app.click("qualify-illicit").await?;
    app.fill("statement-quote-0", "Ce médecin est un incapable et un voleur.").await?;
    app.click("statement-0-ground-insult").await?;
    app.click("qualify-illicit-save").await?;
    app.click("review-open-case").await?;
    app.by_testid("case-form").await?;
    // What the app cannot know: the host's and the publisher's addresses.
    app.click("party-add").await?;
    app.select("party-0-role", "host").await?;
    app.fill("party-0-name", "Google Ireland Limited").await?;
    app.fill("party-0-address", "Gordon House\nBarrow Street\nDUBLIN 4\nIRLANDE").await?;
    // Google publishes its reviews and hosts them: the same company, not typed twice.
    app.click("party-add").await?;
    app.select("party-1-role", "publisher").await?;
    app.click("party-1-same-company").await?;
    ensure(erm_e2e::value(app, "party-1-name").await? == "Google Ireland Limited", "the publisher is the host's company")?;
    if author {
        // Journey (b): the author is known by name and address (a former patient's
        // relative, a neighbour…): the mise en demeure goes to them.
        app.click("party-add").await?;
        app.select("party-2-role", "author").await?;
        app.fill("party-2-name", "Jean Exemple").await?;
        app.fill("party-2-address", "3 RUE DES LILAS\n69003 LYON").await?;
        app.click("party-2-identified").await?;
    }
    app.click("case-save").await?;
    app.wait_text("no-stop-warning", "assignation").await?;
    app.fill("field-captured_time", "14:05").await?;
    app.click("evidence-add").await?;
    app.wait_text("evidence-list", "capture-avis.png").await?;

    take_first(app, "report").await?;
    app.fill("field-reason", "Injure").await?;
    save_step(app, "Signalement à la plateforme").await?;

    take_first(app, "record_report_decision").await?;
    app.select("field-decision", "no_violation").await?;
    save_step(app, "Décision de la plateforme").await?;

    take_first(app, "appeal").await?;
    save_step(app, "Contestation de la décision").await?;

    take_first(app, "record_report_decision").await?;
    app.select("field-decision", "no_violation").await?;
    save_step(app, "Décision de la plateforme").await?;
    app.screenshot("journey-a-refused-twice").await;

    take_first(app, "host_notice").await?;
    app.fill("field-electronic_notice_on", "09/03/2026").await?;
    app.fill("field-prior_contact_reason", "L'auteur n'est connu que par un pseudonyme.").await?;
    app.fill("field-factual_justification", "« Voleur » m'impute un délit sans aucun fait : c'est une injure publique.").await?;
    app.click("letter-warnings-ack").await?;
    app.click("case-letter-generate").await?;
    app.wait_text_long("case-result", "enregistré", 30).await?;
    ensure(saved(&exports, "notification-hebergeur", "pdf").len() == 1, "the host notice is written")?;
    post_first_letter(app, "10/03/2026", "1A 111 111 1111 1").await?;
    app.wait_text("case-timeline", "Notification à l'hébergeur Google Ireland Limited").await?;

    take_first(app, "record_host_decision").await?;
    app.select("field-decision", "no_violation").await?;
    save_step(app, "Décision de l'hébergeur").await?;
    // The host's refusal can be contested once too (DSA art. 20), then the mise en demeure.
    take_first(app, "appeal").await?;
    save_step(app, "Contestation").await?;
    take_first(app, "record_host_decision").await?;
    app.select("field-decision", "no_violation").await?;
    save_step(app, "Décision de l'hébergeur").await?;

    take_first(app, "formal_notice").await?;
    let to = erm_e2e::value(app, "field-recipient_role").await?;
    ensure(to == if author { "author" } else { "publisher" }, &format!("the mise en demeure goes to {to}"))?;
    app.fill("field-deadline_days", "15").await?;
    app.click("letter-warnings-ack").await?;
    app.click("case-letter-generate").await?;
    app.wait_text_long("case-result", "enregistré", 30).await?;
    ensure(saved(&exports, "mise-en-demeure", "pdf").len() == 1, "the mise en demeure is written")?;
    post_first_letter(app, "10/03/2026", "1A 222 222 2222 2").await?;
    app.wait_text("case-timeline", "Mise en demeure envoyée").await?;

    Ok(())
}

const CAPTURE: &[u8] = b"\x89PNG\r\n\x1a\n capture de l'avis injurieux";

#[tokio::test(flavor = "multi_thread")]
async fn journey_a_an_insulting_review_to_the_lawyers_archive() -> erm_e2e::Result {
    if !prerequisites_ok("journey_a_an_insulting_review_to_the_lawyers_archive") {
        return Ok(());
    }
    let sandbox = Sandbox::new();
    let exports = sandbox.exports_dir();
    let capture = sandbox.data_dir().with_file_name("capture-avis.png");
    std::fs::write(&capture, CAPTURE)?;
    let import = [("ERM_IMPORT_FILE", capture.to_str().unwrap())];

    // 10 March: the review, the case, and the first rungs.
    let env = [("ERM_TODAY", "2026-03-10"), import[0]];
    let app = App::start_with_env(&sandbox, "journey-a-march", &env).await?;
    let exports_march = exports.clone();
    app.run(move |app| Box::pin(async move {
        march(app, &exports_march, false).await?;
        take_first(app, "record_formal_notice_received").await?;
        save_step(app, "Mise en demeure reçue").await?;
        app.screenshot("journey-a-march").await;
        Ok(())
    })).await?;

    // 10 April: the period is over; a fresh capture shows the content still online.
    let env = [("ERM_TODAY", "2026-04-10"), import[0]];
    let app = App::start_with_env(&sandbox, "journey-a-april", &env).await?;
    let exports_april = exports.clone();
    app.run(move |app| Box::pin(async move {
        app.click("nav-dossiers").await?;
        app.wait_for_css("[data-testid^=case-open-]").await?.click().await?;
        app.fill("field-captured_time", "09:30").await?;
        app.click("evidence-add").await?;
        // The second piece listed: the screen is drawn again before the next step is read.
        app.wait_for_css("[data-testid=evidence-row]:nth-of-type(2)").await?;

        take_first(app, "follow_up").await?;
        app.click("letter-warnings-ack").await?;
        app.click("case-letter-generate").await?;
        app.wait_text_long("case-result", "enregistré", 30).await?;
        ensure(saved(&exports_april, "relance", "pdf").len() == 1, "the follow-up is written")?;
        post_first_letter(app, "10/04/2026", "1A 333 333 3333 3").await?;
        app.wait_text("case-timeline", "Relance envoyée").await?;
        app.screenshot("journey-a-april").await;

        take_first(app, "order_constat").await?;
        app.fill("field-officer", "Me Exemple, commissaire de justice à Lyon").await?;
        save_step(app, "Constat commandé").await?;
        take_first(app, "record_constat_done").await?;
        app.fill("field-reference", "CJ-2026-0412").await?;
        save_step(app, "Constat dressé").await?;
        take_first(app, "seek_help").await?;
        app.fill("field-who", "Me Avocat, barreau de Lyon").await?;
        save_step(app, "Conseil consulté").await?;
        // « Agir en justice » informs (no form); the first thing to do is recording the act.
        take_first(app, "record_court_action").await?;
        app.fill("field-reference", "RG 26/01234").await?;
        save_step(app, "Action en justice").await?;
        app.wait_text("case-clocks", "interrompu").await?;

        // The lawyer's archive: every piece checked against its recorded sum.
        app.click("case-export").await?;
        app.wait_text_long("case-result", "Archive enregistrée", 60).await?;
        let zips = saved(&exports_april, "dossier", "zip");
        ensure(zips.len() == 1, &format!("one archive: {zips:?}"))?;
        let out_dir = zips[0].with_extension("ouvert");
        let (all_ok, report) = check_archive(&zips[0], &out_dir)?;
        ensure(all_ok && report.matches(": OK").count() >= 6, &report)?;
        app.screenshot("journey-a-archive").await;
        Ok(())
    })).await?;
    Ok(())
}

/// Journey (b): the same with the author identified: the mise en demeure goes to the author,
/// chosen by the app, and the case moves on the same way.
#[tokio::test(flavor = "multi_thread")]
async fn journey_b_the_same_with_the_author_identified() -> erm_e2e::Result {
    if !prerequisites_ok("journey_b_the_same_with_the_author_identified") {
        return Ok(());
    }
    let sandbox = Sandbox::new();
    let exports = sandbox.exports_dir();
    let capture = sandbox.data_dir().with_file_name("capture-avis.png");
    std::fs::write(&capture, CAPTURE)?;
    let env = [("ERM_TODAY", "2026-03-10"), ("ERM_IMPORT_FILE", capture.to_str().unwrap())];
    let app = App::start_with_env(&sandbox, "journey-b", &env).await?;
    app.run(move |app| Box::pin(async move {
        march(app, &exports, true).await?;
        let pdf = saved(&exports, "mise-en-demeure", "pdf");
        let text = Command::new("pdftotext").arg(&pdf[0]).arg("-").output()?;
        let text = String::from_utf8_lossy(&text.stdout).into_owned();
        ensure(text.contains("Jean Exemple") || text.contains("JEAN EXEMPLE"), &format!("addressed to the author:\n{text}"))?;
        take_first(app, "record_formal_notice_received").await?;
        save_step(app, "Mise en demeure reçue").await?;
        Ok(())
    })).await
}

const FORUM_FEED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Alerte Google – "Claire Morel"</title><link>https://www.google.fr/alerts</link>
<item><title>Forum santé : « le Dr Morel est une criminelle »</title>
<link>https://www.google.com/url?rct=j&amp;sa=t&amp;url=https://forum.exemple.fr/t/dr-morel/42&amp;ct=ga</link>
<pubDate>Thu, 05 Mar 2026 08:00:00 GMT</pubDate>
<description>Un message du forum traite le &lt;b&gt;Dr Morel&lt;/b&gt; de criminelle.</description></item>
</channel></rss>"#;

/// Journey (e): a mention found by the Veille becomes a case, its address, title and date
/// carried over (nothing the app knows is typed again), and the case's ladder starts.
#[tokio::test(flavor = "multi_thread")]
async fn journey_e_a_veille_mention_becomes_a_case() -> erm_e2e::Result {
    if !prerequisites_ok("journey_e_a_veille_mention_becomes_a_case") {
        return Ok(());
    }
    let feed = serve_feed(FORUM_FEED, "/alerts/feeds/7/8").await;
    let sandbox = Sandbox::new();
    let app = App::start_with_env(&sandbox, "journey-e", &[("ERM_TODAY", "2026-03-10")]).await?;
    app.run(move |app| Box::pin(async move {
        complete_onboarding(app).await?;
        app.click("nav-veille").await?;
        app.fill("field-url", &feed).await?;
        app.click("feed-add").await?;
        app.click("veille-fetch").await?;
        app.wait_text_long("fetch-report", "1 nouveauté", 20).await?;
        app.wait_for_css("[data-testid^=item-case-]").await?.click().await?;
        app.by_testid("case-form").await?;
        let url = app.client.execute("return document.querySelector('[data-testid=case-form] [data-testid=field-url]').value;", vec![]).await?;
        ensure(url == serde_json::json!("https://forum.exemple.fr/t/dr-morel/42"), &format!("the address comes from the mention: {url}"))?;
        // The alert's date is said as what it is (an upper bound of the first publication); the
        // discovery is today, not a date in the future.
        app.wait_text("veille-published-note", "5 mars 2026").await?;
        ensure(erm_e2e::value(app, "field-discovered_on").await? == "10/03/2026", "discovered today")?;
        // What only the doctor can say: the words, their ground, the date the page shows.
        app.fill("statement-0-quote", "le Dr Morel est une criminelle").await?;
        app.fill("field-publication_on", "04/03/2026").await?;
        app.click("statement-0-ground-defamation").await?;
        app.click("case-save").await?;
        app.wait_text("no-stop-warning", "assignation").await?;
        take_first(app, "report").await?;
        app.fill("field-reason", "Diffamation").await?;
        save_step(app, "Signalement à la plateforme").await?;
        // The mention is no longer new.
        app.click("nav-veille").await?;
        app.wait_text("veille-empty", "Rien de nouveau").await?;
        Ok(())
    })).await
}
