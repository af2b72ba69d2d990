//! # erm-core — everything E-Réputation Médecin knows, with no window attached
//!
//! This crate holds the rules and documents of the application and nothing of Tauri:
//!
//! * [`domain`]: pure rules — validation of the practice profile, French postal addresses
//!   (NF Z 10-011), listing and case state machines, legal deadlines;
//! * [`store`]: the local SQLite file — opening, pragmas, numbered migrations with an automatic
//!   copy beforehand, integrity check and on-demand backups, one repository module per table family;
//! * [`import`]: review import from CSV and Google Business Profile JSON, all or nothing per file;
//! * [`replies`]: the guided reply wizard and the medical-secrecy guard;
//! * [`letters`]: letter models, window-envelope layout and PDF output;
//! * [`export`]: the lawyer's archive (zip with SHA-256 manifest) and calendar (.ics) exports;
//! * [`watch`]: the few network calls the doctor can ask for (listing presence checks);
//! * [`help`]: the directory of help (Ordre, URPS, insurers, specialised firms).
//!
//! The Tauri shell (`src-tauri/src`) only adapts these to commands, so every rule and every
//! document can be tested with `cargo test -p erm-core` and no display.

pub mod domain;
pub mod error;
pub mod export;
pub mod help;
pub mod import;
pub mod letters;
pub mod replies;
pub mod store;
pub mod usecases;
pub mod watch;

pub use error::{Error, Result};
