//! Build script: tauri-build reads ../tauri.conf.json (next to the top-level manifest) and the
//! capability files. Declaring our commands in an app manifest makes Tauri deny every command
//! that a capability does not grant, so the window can call only what we list there.

/// Every command the UI may call. Keep in step with `commands::register` (a test checks it).
pub const COMMANDS: &[&str] = &[
    "app_info",
    "ui_ready",
    "dashboard_summary",
    "practitioner_list",
    "practitioner_save",
    "practitioner_delete",
    "practitioner_set_default",
    "store_check",
    "store_backup",
    "listing_options",
    "listing_list",
    "listing_get",
    "listing_save",
    "listing_delete",
    "listing_record_event",
    "listing_check_presence",
    "listing_letter_generate",
    "letter_export",
    "letter_copy_form_text",
    "letter_mark_sent",
    "letter_mark_acknowledged",
    "site_list",
    "site_save",
    "site_reset",
    "site_delete",
    "help_directory",
    "help_note_save",
    "help_open_site",
    "envelope_settings_get",
    "envelope_settings_save",
    "calibration_page_export",
    "letter_list",
    "review_list",
    "review_choices",
    "review_get",
    "review_add",
    "review_import",
    "review_qualify",
    "review_decide",
    "review_bulk",
    "review_open_page",
    "review_delete",
    "reply_templates",
    "reply_template_get",
    "reply_template_save",
    "reply_template_restore",
    "reply_draft",
    "reply_check",
    "reply_copy",
    "reply_mark_answered",
    "case_options",
    "case_list",
    "case_get",
    "case_draft_from_review",
    "case_save",
    "case_delete",
    "case_record_event",
    "case_letter_generate",
    "case_evidence_add",
    "case_evidence_fetch",
    "case_evidence_verify",
    "case_export_dossier",
    "calendar_export",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("src-tauri/capabilities/**/*")
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed");
}
