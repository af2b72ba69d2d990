//! Test hooks: environment variables the end-to-end tests use where a native dialog, the system
//! clipboard or the calendar cannot be driven. They are honoured in debug builds only (what
//! `cargo test` builds); the released application reads none of them, so a stray variable on a
//! practice computer cannot redirect a letter or move the clock.
//!
//! * `ERM_TODAY=AAAA-MM-JJ`: the doctor's today;
//! * `ERM_EXPORT_DIR`: save documents into this folder instead of showing the save dialog;
//! * `ERM_IMPORT_FILE`: import this file instead of showing the open dialog;
//! * `ERM_CLIPBOARD_FILE`: write copied text to this file instead of the clipboard;
//! * `ERM_NO_OPEN=1`: log instead of opening a viewer or a browser.

use std::path::PathBuf;

use chrono::NaiveDate;

fn var(name: &str) -> Option<std::ffi::OsString> {
    if cfg!(debug_assertions) {
        std::env::var_os(name).filter(|v| !v.is_empty())
    } else {
        None
    }
}

pub fn today() -> Option<NaiveDate> {
    var("ERM_TODAY").and_then(|s| NaiveDate::parse_from_str(s.to_str()?.trim(), "%Y-%m-%d").ok())
}

pub fn export_dir() -> Option<PathBuf> {
    var("ERM_EXPORT_DIR").map(PathBuf::from)
}

pub fn import_file() -> Option<PathBuf> {
    var("ERM_IMPORT_FILE").map(PathBuf::from)
}

pub fn clipboard_file() -> Option<PathBuf> {
    var("ERM_CLIPBOARD_FILE").map(PathBuf::from)
}

pub fn no_open() -> bool {
    var("ERM_NO_OPEN").is_some_and(|v| v == "1")
}
