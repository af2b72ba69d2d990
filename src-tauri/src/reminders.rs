//! Desktop notifications for the reminders of `erm_usecases::reminders`: at start-up and
//! then every hour, the reminders not yet shown are notified (each once: the core marks them in
//! the same transaction) through the Tauri notification plugin. The permission is asked the way
//! the platform expects (the plugin asks the system where one is needed; Linux needs none). A
//! notification that cannot be shown is only logged: the dashboard lists the same reminders.

use std::time::Duration;

use erm_usecases::reminders;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::{NotificationExt, PermissionState};

use crate::clock::today;
use crate::AppState;

const EVERY: Duration = Duration::from_secs(60 * 60);

/// Starts the reminder clock: one thread of its own that wakes every hour (no timer crate
/// needed, and nothing held while it sleeps).
pub fn start<R: Runtime>(app: AppHandle<R>) {
    let spawned = std::thread::Builder::new().name("rappels".into()).spawn(move || loop {
        tauri::async_runtime::block_on(notify_due(&app));
        std::thread::sleep(EVERY);
    });
    if let Err(e) = spawned {
        log::warn!("reminder clock not started: {e}");
    }
}

/// Once a protected store is unlocked: the reminders the locked start could not read are
/// notified now, not at the next hourly tick (issue 20: none were sent with protection on).
pub fn notify_now<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move { notify_due(&app).await });
}

async fn notify_due<R: Runtime>(app: &AppHandle<R>) {
    let state = app.state::<AppState>();
    if !state.is_writable() {
        return;
    }
    let allowed = match app.notification().permission_state() {
        Ok(PermissionState::Granted) => true,
        Ok(_) => matches!(app.notification().request_permission(), Ok(PermissionState::Granted)),
        Err(e) => {
            log::info!("notification permission unknown: {e}");
            false
        }
    };
    if !allowed {
        return; // not marked shown: the dashboard lists them, and permission may come later
    }
    let fresh = match state.run(|s| reminders::take_unshown(s, today())).await {
        Ok(fresh) => fresh,
        Err(e) => {
            log::warn!("reminders not computed: {}", e.message);
            return;
        }
    };
    for r in fresh {
        if let Err(e) = app.notification().builder().title(&r.title).body(&r.body).show() {
            log::info!("reminder {} not notified: {e}", r.key);
        }
    }
}
