//! Letters for the doctor to print and post: the letter model, its layout on A4 for a French DL
//! window envelope, the handlebars templates of every kind of letter, and PDF output.
//!
//! The pipeline is `LetterData` (what the app stores) → [`compose`] → [`Letter`] (final text) →
//! [`layout()`] → [`LetterLayout`] (positioned lines) → [`write_pdf`] → PDF bytes.
//! [`render_letter`] runs it all; each stage is public so that tests can stop at any point.
//!
//! Entry points for the app:
//! * [`render_letter`]`(data, sender, recipient, date, options) -> Result<Vec<u8>>`: the PDF of a
//!   letter; deterministic, so a stored letter row regenerates the same bytes;
//! * [`compose`]: the same letter as text, without PDF (previews, tests);
//! * [`dereferencing_form_text`]: the text to paste into a search engine's form;
//! * [`calibration_pdf`]`(settings)`: the page that shows the window rectangle;
//! * [`LayoutSettings`]: window position and fold marks, stored as a JSON setting;
//! * [`LetterKind`] (`label()`, `as_str()`), [`LetterData`] and one struct per kind.

pub mod assembly;
mod calibration;
mod cnil;
pub mod dossier;
mod fonts;
mod kinds;
mod layout;
mod model;
mod page;
mod paginate;
mod pdf;
mod templates;
mod wrap;

use chrono::NaiveDate;

use erm_domain::address::PostalAddress;
use erm_domain::practice::Practitioner;
use crate::DocumentError;

pub use fonts::{fonts, printable, FontSet, FontStyle, Metrics};
pub use kinds::{
    Capture, ChronologyEntry, CnilComplaint, ContentFact, CopyChannel, CopySent, DereferencingRequest, ElectronicNotice,
    export_warnings, ErasureRequest, EvidenceInventory, FollowUp, FormalNotice, HostNotice, LetterData, LetterKind, NoticeRecipient, PriorContact,
    RequestEvidence, RequestOutcome, CURRENT_WORDING, FALSE_NOTICE_WARNING, HOST_FORM_FIRST, NO_LAWYER_NEEDED_FOR_LETTERS,
    PRESS_CLOCK_WARNING, SCREENSHOT_TO_ENCLOSE,
};
pub use cnil::{chronology as cnil_chronology, deadline_text as cnil_deadline_text, prior_request_text as cnil_prior_request_text};
pub use calibration::calibration_layout;
pub use layout::{layout, layout_with, CURRENT_LAYOUT};
pub use page::{
    LetterLayout, PageLayout, PlacedLine, Role, Stroke, BODY_PT, MARGIN_MM, PAGE_HEIGHT_MM, PAGE_WIDTH_MM, PT_MM,
    SIGNATURE_SPACE_MM, TEXT_WIDTH_MM,
};
pub use model::{french_date, place_and_date, registered_line, BodyBlock, LayoutSettings, Letter, REGISTERED_MAIL};
pub use pdf::write_pdf;
pub use templates::{compose, dereferencing_form_text, french_spacing, render_template, LetterOptions};
pub use wrap::{balanced, wrap, wrap_v2};

/// The PDF of a letter, ready to save and print.
pub fn render_letter(
    data: &LetterData,
    sender: &Practitioner,
    recipient: &PostalAddress,
    date: NaiveDate,
    options: &LetterOptions,
) -> Result<Vec<u8>, DocumentError> {
    let letter = compose(data, sender, recipient, date, options)?;
    let placed = layout_with(&letter, &options.layout, options.layout_version, fonts()?);
    write_pdf(&placed, date, &sender.display_name())
}

/// The calibration page for the given envelope settings (Paramètres → « Imprimer une page de
/// calibrage »). The date only fixes the PDF's metadata.
pub fn calibration_pdf(settings: &LayoutSettings, date: NaiveDate) -> Result<Vec<u8>, DocumentError> {
    write_pdf(&calibration_layout(settings, fonts()?), date, PRODUCER_NAME)
}

const PRODUCER_NAME: &str = "E-Réputation Médecin";
