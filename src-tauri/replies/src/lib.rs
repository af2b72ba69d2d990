//! The guided reply wizard and the medical-secrecy guard (issue 4).
//!
//! * [`check_reply`] — the guard: a draft reply and the practice's own contact details in,
//!   [`Finding`]s out (byte span, [`Category`], [`Severity`], French explanation and suggestion).
//!   [`GuardContext`] holds what is allowed (the practice's phones, emails, website, practitioners'
//!   names) and, optionally, the reviewer's pseudonym. Lexicons live in `assets/lexicons/`.
//! * [`check_reply_length`] and [`MAX_REPLY_CHARS`] — replies and templates are capped at the
//!   platforms' own limit (Google: 4,096 characters), with a French message.
//! * [`templates`] — built-in reply templates ([`builtin_templates`], [`builtin_template`]) and
//!   [`render_reply`] for a built-in or user-edited template source with a [`ReplyContext`].
//! * [`wizard`] — the steps of the reply wizard ([`wizard_steps`]) and the grounds that may make a
//!   review illicit ([`illicit_grounds`]), as data for the interface.

mod anchor;
mod detectors;
pub mod error;
pub mod finding;
mod lexicon;
pub mod limits;
mod messages;
mod normalize;
pub mod secrecy;
pub mod templates;
pub mod wizard;

pub use error::ReplyError;
pub use finding::{Category, Finding, GuardContext, Severity};
pub use limits::{check_reply_length, MAX_REPLY_CHARS};
pub use secrecy::{check_reply, Guard};
pub use templates::{builtin_template, builtin_templates, check_template_source, ready_to_copy, render_reply, unfilled_placeholders, ReplyContext, ReplyTemplate};
pub use wizard::{illicit_grounds, wizard_steps, GroundInfo, WizardStep};
