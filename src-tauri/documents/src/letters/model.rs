//! What a letter says, before it is placed on paper: the blocks of a formal French letter in
//! their conventional order (sender, recipient, registered-mail line, place and date, references,
//! object, salutation, body, closing, signature, attachments), and the envelope settings the
//! doctor can adjust in Paramètres.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use erm_domain::address::PostalAddress;
use erm_domain::practice::Practitioner;

/// Printed above the object on letters sent as lettre recommandée.
pub const REGISTERED_MAIL: &str = "LETTRE RECOMMANDÉE AVEC ACCUSÉ DE RÉCEPTION";

/// Where the envelope window sits on the A4 sheet, and whether to print fold marks.
/// Stored as a JSON setting; every field has a default so older settings still load.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LayoutSettings {
    /// Left edge of the window rectangle from the sheet's left edge, in mm.
    pub window_left_mm: f32,
    /// Top edge of the window rectangle from the sheet's top edge, in mm.
    pub window_top_mm: f32,
    pub window_width_mm: f32,
    pub window_height_mm: f32,
    /// Short marks in the left margin at 99 mm and 198 mm, to fold the sheet in three.
    pub fold_marks: bool,
}

impl Default for LayoutSettings {
    fn default() -> Self {
        LayoutSettings { window_left_mm: 110.0, window_top_mm: 55.0, window_width_mm: 85.0, window_height_mm: 33.0, fold_marks: false }
    }
}

impl LayoutSettings {
    /// Checks values typed in Paramètres: the window must be a plausible DL window and lie on
    /// the sheet. Unlike [`LayoutSettings::clamped`], which protects rendering, this tells the
    /// doctor which field is wrong instead of silently moving the window.
    pub fn validate(self) -> Result<LayoutSettings, erm_domain::validation::Invalid> {
        let mut inv = erm_domain::validation::Invalid::new();
        let mut range = |field: &str, label: &str, v: f32, min: f32, max: f32| {
            if !v.is_finite() || v < min || v > max {
                inv.push(field, format!("{label} doit être comprise entre {min} et {max} mm."));
            }
        };
        range("window_width_mm", "La largeur de la fenêtre", self.window_width_mm, 40.0, 120.0);
        range("window_height_mm", "La hauteur de la fenêtre", self.window_height_mm, 20.0, 60.0);
        range("window_top_mm", "La marge haute de la fenêtre", self.window_top_mm, 30.0, 150.0);
        let right_limit = 205.0 - self.window_width_mm.clamp(40.0, 120.0);
        range("window_left_mm", "La marge gauche de la fenêtre", self.window_left_mm, 5.0, right_limit);
        inv.into_result(self)
    }

    /// Keeps the window on the sheet whatever was typed in the settings form: a window outside
    /// the paper would silently print the address nowhere.
    pub fn clamped(self) -> LayoutSettings {
        let w = finite_or(self.window_width_mm, 85.0).clamp(40.0, 120.0);
        let h = finite_or(self.window_height_mm, 33.0).clamp(20.0, 60.0);
        LayoutSettings {
            window_width_mm: w,
            window_height_mm: h,
            window_left_mm: finite_or(self.window_left_mm, 110.0).clamp(5.0, 205.0 - w),
            window_top_mm: finite_or(self.window_top_mm, 55.0).clamp(30.0, 150.0),
            fold_marks: self.fold_marks,
        }
    }
}

fn finite_or(v: f32, default: f32) -> f32 {
    if v.is_finite() {
        v
    } else {
        default
    }
}

/// One block of the body. Headings and list items let the CNIL pack and the evidence inventory
/// read as structured documents while staying plain text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "text", rename_all = "snake_case")]
pub enum BodyBlock {
    /// A paragraph; `\n` forces a line break inside it.
    Paragraph(String),
    /// A list item, drawn with a dash and a hanging indent; `\n` forces a line break.
    Item(String),
    /// A short bold heading, kept on the same page as what follows.
    Heading(String),
}

/// A letter ready for layout. Every string is final French text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Letter {
    /// PDF title (shown by viewers), e.g. "Demande d'effacement — Exemple Annuaire".
    pub title: String,
    /// Sender block, top left; the first line is the name, printed in bold.
    pub sender: Vec<String>,
    /// Recipient lines as validated for the envelope window.
    pub recipient: Vec<String>,
    /// "Paris, le 1er décembre 2026".
    pub place_date: String,
    /// Registered-mail line with its number when known.
    pub registered: Option<String>,
    /// "V/Réf. : …", "N/Réf. : …".
    pub references: Vec<String>,
    /// Full object line including "Objet :".
    pub object: String,
    /// "À l'attention du …" line under the object, when the letter names a function.
    pub attention: Option<String>,
    pub salutation: String,
    pub body: Vec<BodyBlock>,
    pub closing: String,
    /// Signature block lines ("Dr Prénom NOM", specialty), under the space left for signing.
    pub signature: Vec<String>,
    pub attachments: Vec<String>,
    /// Repeated at the top of later pages: recipient name and date.
    pub header: String,
    /// Small print at the foot of every page (origin of the document, not legal advice).
    pub footer_note: Option<String>,
}

/// The sender block of a practitioner: name, specialty, address, phone, e-mail, RPPS.
pub fn sender_block(p: &Practitioner) -> Vec<String> {
    let mut lines = vec![p.display_name(), p.specialty.clone()];
    lines.extend(p.postal_lines());
    lines.push(format!("Tél.\u{a0}: {}", p.phone));
    lines.push(p.email.clone());
    lines.push(format!("RPPS\u{a0}: {}", p.rpps));
    lines
}

/// The lines under the signature space.
pub fn signature_block(p: &Practitioner) -> Vec<String> {
    vec![p.display_name(), p.specialty.clone()]
}

/// Recipient lines as the window shows them.
pub fn recipient_lines(a: &PostalAddress) -> Vec<String> {
    a.lines().to_vec()
}

pub use erm_domain::text::french_date;

/// "Paris, le 1er décembre 2026".
pub fn place_and_date(place: &str, d: NaiveDate) -> String {
    format!("{}, le {}", place.trim(), french_date(d))
}

/// The registered-mail line, with "n° …" when the number is known.
pub fn registered_line(number: Option<&str>) -> String {
    match number.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => format!("{REGISTERED_MAIL} n°\u{a0}{n}"),
        None => REGISTERED_MAIL.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn french_dates() {
        assert_eq!(place_and_date("Paris", d(2026, 12, 1)), "Paris, le 1er décembre 2026");
        assert_eq!(french_date(d(2026, 11, 28)), "28 novembre 2026");
        assert_eq!(french_date(d(2027, 2, 2)), "2 février 2027");
        assert_eq!(french_date(d(2027, 8, 15)), "15 août 2027");
    }

    #[test]
    fn registered_line_with_and_without_number() {
        assert_eq!(registered_line(None), REGISTERED_MAIL);
        assert_eq!(registered_line(Some("  ")), REGISTERED_MAIL);
        assert_eq!(registered_line(Some("1A 123 456 7890 1")), format!("{REGISTERED_MAIL} n°\u{a0}1A 123 456 7890 1"));
    }

    #[test]
    fn settings_round_trip_and_old_json_gets_defaults() {
        let s = LayoutSettings { window_left_mm: 112.5, fold_marks: true, ..Default::default() };
        let back: LayoutSettings = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
        assert_eq!(back, s);
        let partial: LayoutSettings = serde_json::from_str(r#"{"window_top_mm": 50}"#).unwrap();
        assert_eq!(partial.window_top_mm, 50.0);
        assert_eq!(partial.window_left_mm, 110.0);
    }

    #[test]
    fn absurd_settings_are_brought_back_on_the_sheet() {
        let s = LayoutSettings { window_left_mm: 500.0, window_top_mm: f32::NAN, window_width_mm: 5.0, ..Default::default() }.clamped();
        assert!(s.window_left_mm + s.window_width_mm <= 205.0);
        assert_eq!(s.window_top_mm, 55.0);
        assert_eq!(s.window_width_mm, 40.0);
    }
}

#[cfg(test)]
mod settings_tests {
    use super::LayoutSettings;

    #[test]
    fn defaults_validate_and_out_of_sheet_values_are_refused_per_field() {
        assert!(LayoutSettings::default().validate().is_ok());
        let bad = LayoutSettings { window_left_mm: 150.0, window_top_mm: f32::NAN, ..LayoutSettings::default() };
        let err = bad.validate().unwrap_err();
        assert!(err.has("window_left_mm") && err.has("window_top_mm"), "{err:?}");
        assert!(!err.has("window_width_mm"));
        assert!(err.errors[0].message.contains("mm"));
    }
}
