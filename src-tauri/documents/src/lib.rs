//! # erm-documents — what the application writes for someone else to read
//!
//! Documents built from plain data, knowing nothing of the store, the network or the use cases:
//!
//! * [`letters`]: letter models per kind, strict templates, the A4 window-envelope layout,
//!   pagination and the PDF (printpdf, subset Liberation Serif), the lawyer's dossier PDF;
//! * [`export`]: the lawyer's archive (zip with a SHA-256 manifest anyone can check) and the
//!   case deadlines as an RFC 5545 calendar file.
//!
//! Its one error type is [`DocumentError`]; the use cases choose what the doctor reads.

pub mod error;
pub mod export;
pub mod letters;

pub use error::DocumentError;
