//! Issue 12 in the real window: a feed served from a loopback server is added and fetched, its
//! item (a Google Alerts redirect link) becomes a listing on the catalogue site it points to, the
//! erasure request is recorded, and with the app's clock moved near the answer date a reminder is
//! on the dashboard.

use erm_e2e::{complete_onboarding, prerequisites_ok, serve_feed, App, Sandbox};

fn ensure(ok: bool, what: &str) -> erm_e2e::Result {
    if ok { Ok(()) } else { Err(what.to_owned().into()) }
}

const FEED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Alerte Google – "Hélène Dupré"</title><link>https://www.google.fr/alerts</link>
<item><title>Dr Hélène Dupré - Médecin généraliste à Paris</title>
<link>https://www.google.com/url?rct=j&amp;sa=t&amp;url=https://www.keskeces.com/medecin/helene-dupre&amp;ct=ga</link>
<pubDate>Sun, 01 Nov 2026 08:00:00 GMT</pubDate>
<description>Fiche du &lt;b&gt;Dr Dupré&lt;/b&gt; : adresse, horaires, avis des patients.</description></item>
</channel></rss>"#;

#[tokio::test(flavor = "multi_thread")]
async fn a_feed_item_becomes_a_listing_and_its_deadline_comes_back_as_a_reminder() -> erm_e2e::Result {
    if !prerequisites_ok("a_feed_item_becomes_a_listing_and_its_deadline_comes_back_as_a_reminder") {
        return Ok(());
    }
    let feed = serve_feed(FEED, "/alerts/feeds/123/456").await;
    let sandbox = Sandbox::new();
    let app = App::start_with_env(&sandbox, "veille", &[("ERM_TODAY", "2026-11-02")]).await?;
    app.run(move |app| Box::pin(async move {
        complete_onboarding(app).await?;
        app.click("nav-veille").await?;
        app.wait_text("veille-empty", "Ajoutez un flux").await?;
        // A malformed address is refused in French, then the feed is followed and fetched.
        app.fill("field-url", "pas une adresse").await?;
        app.click("feed-add").await?;
        app.wait_for_css("[data-field=url] .field-error:not(:empty)").await?;
        app.fill("field-url", &feed).await?;
        app.click("feed-add").await?;
        app.wait_text("feed-list", "pas encore relevé").await?;
        app.click("veille-fetch").await?;
        app.wait_text_long("fetch-report", "1 nouveauté", 20).await?;
        let inbox = app.wait_text("veille-inbox", "Dr Hélène Dupré").await?;
        ensure(inbox.contains("https://www.keskeces.com/medecin/helene-dupre"), &format!("the redirect link is opened: {inbox}"))?;
        app.screenshot("veille-inbox").await;

        // The item becomes a listing on the catalogue site it points to.
        app.wait_for_css("[data-testid^=item-listing-]").await?.click().await?;
        app.by_testid("listing-form").await?;
        app.click("listing-save").await?;
        app.wait_text("veille-empty", "Rien de nouveau").await?;
        app.click("nav-fiches").await?;
        app.wait_text("listing-list", "keskeces.com").await?;
        app.wait_for_css("[data-testid^=listing-open-]").await?.click().await?;
        app.click("action-record_request_sent").await?;
        app.fill("field-occurred_on", "02/11/2026").await?;
        app.click("step-save").await?;
        app.wait_text("listing-status", "demande").await?;
        Ok(())
    })).await?;

    // Twenty-eight days later the answer date (2 December) is three days off: reminded.
    let app = App::start_with_env(&sandbox, "veille-later", &[("ERM_TODAY", "2026-11-29")]).await?;
    app.run(|app| Box::pin(async move {
        let reminders = app.wait_text("reminders", "Réponse attendue de").await?;
        ensure(reminders.contains("KesKeCes") || reminders.contains("keskeces"), &reminders)?;
        app.screenshot("veille-reminder").await;
        // Put off for a week: gone from the dashboard.
        app.wait_for_css("[data-testid^=reminder-snooze-listing-]").await?.click().await?;
        app.wait_text("toast", "reporté").await?;
        let still = app.exists("[data-testid^=reminder-snooze-listing-]").await?;
        ensure(!still, "the snoozed reminder left the dashboard")?;
        Ok(())
    })).await
}
