//! Thin command adapters: read the arguments, call one use case of `erm_usecases::usecases` on a
//! blocking thread, map its error to French for the UI, and do the OS part (dialogs, clipboard,
//! viewer, browser).
//! One file per area of the product.

pub mod app;
pub mod case_files;
pub mod cases;
pub mod data;
pub mod listing_checks;
pub mod listings;
pub mod help;
pub mod opening;
pub mod protection;
pub mod letters;
pub mod practice;
pub mod sites;
pub mod settings;
pub mod replies;
pub mod reviews;
pub mod store;
pub mod watch;
pub mod watch_fetch;

/// The full command table (names must match `COMMANDS` in build.rs and the capability file).
pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        app::app_info,
        app::ui_ready,
        app::dashboard_summary,
        app::reminder_snooze,
        practice::practitioner_list,
        practice::practitioner_save,
        practice::practitioner_delete,
        practice::practitioner_set_default,
        store::store_check,
        store::store_backup,
        opening::store_unlock,
        opening::store_gate_backups,
        opening::store_restore_into_empty,
        opening::store_start_afresh,
        protection::store_protection,
        protection::store_protect,
        protection::store_change_passphrase,
        protection::store_unprotect,
        data::backup_list,
        data::backup_restore,
        data::data_export,
        data::data_import,
        listings::listing_options,
        listings::listing_list,
        listings::listing_get,
        listings::listing_save,
        listings::listing_delete,
        listings::listing_record_event,
        listings::listing_check_presence,
        listing_checks::listing_check_all,
        listing_checks::listing_check_cancel,
        listings::listing_letter_generate,
        letters::letter_export,
        letters::letter_copy_form_text,
        letters::letter_mark_sent,
        letters::letter_mark_acknowledged,
        sites::site_list,
        sites::site_save,
        sites::site_reset,
        sites::site_delete,
        help::help_directory,
        help::help_note_save,
        help::help_open_site,
        settings::envelope_settings_get,
        settings::envelope_settings_save,
        settings::calibration_page_export,
        letters::letter_list,
        reviews::review_list,
        reviews::review_choices,
        reviews::review_get,
        reviews::review_add,
        reviews::review_import,
        reviews::review_qualify,
        reviews::review_decide,
        reviews::review_bulk,
        reviews::review_open_page,
        reviews::review_delete,
        replies::reply_templates,
        replies::reply_template_get,
        replies::reply_template_save,
        replies::reply_template_restore,
        replies::reply_draft,
        replies::reply_check,
        replies::reply_save_draft,
        replies::reply_copy,
        replies::reply_mark_answered,
        cases::case_options,
        cases::case_list,
        cases::case_get,
        cases::case_draft_from_review,
        cases::case_save,
        cases::case_delete,
        cases::case_record_event,
        cases::case_letter_form,
        cases::case_step_form,
        cases::case_letter_generate,
        case_files::case_evidence_add,
        case_files::case_evidence_fetch,
        case_files::case_evidence_verify,
        case_files::case_export_dossier,
        case_files::calendar_export,
        watch::watch_feeds,
        watch::watch_feed_add,
        watch::watch_feed_remove,
        watch::watch_inbox,
        watch_fetch::watch_fetch,
        watch::watch_item_dismiss,
        watch::watch_item_restore,
        watch::watch_item_draft,
        watch::watch_to_listing,
        watch::watch_to_review,
        watch::watch_to_case,
    ]
}
