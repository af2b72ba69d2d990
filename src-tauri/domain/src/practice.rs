//! The doctors of the practice: who signs letters and whose contact details go into replies.
//! Input arrives as typed in the form; [`validate`] turns it into a [`Practitioner`] or says,
//! field by field and in French, what to fix.

use serde::{Deserialize, Serialize};

use super::address::{check_locality_chars, check_postcode, clean_line, postal_line, AddedLine, AddressBlock, PostalAddress};
use super::review::published::quoted;
use super::text::char_len;
use super::validation::{clean, is_email, Invalid};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Civility {
    Madame,
    Monsieur,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Title {
    Docteur,
    Professeur,
}

impl Title {
    pub fn abbreviation(self) -> &'static str {
        match self {
            Title::Docteur => "Dr",
            Title::Professeur => "Pr",
        }
    }
}

impl Civility {
    pub const ALL: [Civility; 2] = [Civility::Madame, Civility::Monsieur];

    pub fn as_str(self) -> &'static str {
        match self {
            Civility::Madame => "madame",
            Civility::Monsieur => "monsieur",
        }
    }

    pub fn parse(s: &str) -> Option<Civility> {
        Civility::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

impl Title {
    pub const ALL: [Title; 2] = [Title::Docteur, Title::Professeur];

    pub fn as_str(self) -> &'static str {
        match self {
            Title::Docteur => "docteur",
            Title::Professeur => "professeur",
        }
    }

    /// The stored or typed name; an unknown one is `None`, never silently a doctor.
    pub fn parse(s: &str) -> Option<Title> {
        Title::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// What the profile form sends. Every field is a string so that a wrong value is reported on
/// its field instead of failing deserialisation as a whole.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct PractitionerInput {
    pub civility: String,
    pub title: String,
    pub first_name: String,
    pub last_name: String,
    pub specialty: String,
    /// How the letters designate the doctor in their first sentence (« Médecin libérale »,
    /// « Médecin généraliste libéral »…); empty for the neutral « Médecin exerçant en libéral ».
    pub designation: String,
    pub rpps: String,
    /// Street lines of the professional address (building, street, BP…), postcode and city apart.
    pub address_lines: Vec<String>,
    pub postcode: String,
    pub city: String,
    pub phone: String,
    pub email: String,
    /// The place written in "Fait à …" and "Paris, le …".
    pub signature_city: String,
    pub is_default: bool,
    /// The version the form was loaded with (see `store::versions`); required to update.
    pub row_version: Option<i64>,
}

/// A validated practitioner, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Practitioner {
    pub id: Option<i64>,
    pub civility: Civility,
    pub title: Title,
    pub first_name: String,
    pub last_name: String,
    pub specialty: String,
    /// As typed in the profile (see [`PractitionerInput::designation`]); empty when not set, and
    /// in letters stored before issue 9.
    #[serde(default)]
    pub designation: String,
    pub rpps: String,
    pub address_lines: Vec<String>,
    pub postcode: String,
    pub city: String,
    pub phone: String,
    pub email: String,
    pub signature_city: String,
    pub is_default: bool,
}

/// The designation letters use when the profile gives none: true of every doctor in private
/// practice and agreed for everyone.
pub const NEUTRAL_DESIGNATION: &str = "Médecin exerçant en libéral";

impl Practitioner {
    /// The designation printed in letters: the profile's, or [`NEUTRAL_DESIGNATION`].
    pub fn designation_or_neutral(&self) -> String {
        let d = self.designation.trim();
        if d.is_empty() {
            NEUTRAL_DESIGNATION.to_owned()
        } else {
            d.to_owned()
        }
    }

    /// "Dr Hélène DUPRÉ": the form used in signatures and sender blocks.
    pub fn display_name(&self) -> String {
        format!("{} {} {}", self.title.abbreviation(), self.first_name, self.last_name.to_uppercase())
    }

    /// The address lines under the name as printed (street lines, then "75014 PARIS"): the
    /// postal block's own form when it passes today's rules, the lines as stored otherwise (a
    /// letter is still printed; the profile form then asks for the correction).
    pub fn postal_lines(&self) -> Vec<String> {
        match self.postal_address() {
            Ok(block) => block.lines().iter().skip(1).cloned().collect(),
            Err(_) => {
                let mut lines = self.address_lines.clone();
                lines.push(format!("{} {}", self.postcode, self.city));
                lines
            }
        }
    }

    /// The professional address as a postal block (name first, "75014 PARIS" last). Stored data
    /// written by an older version may no longer pass today's rules: that is an error to show,
    /// never a panic.
    pub fn postal_address(&self) -> Result<PostalAddress, Invalid> {
        let mut lines = vec![self.display_name()];
        lines.extend(self.address_lines.iter().cloned());
        lines.push(format!("{} {}", self.postcode, self.city));
        PostalAddress::parse("address", &lines)
    }
}

const NAME_MAX: usize = 60;

/// Validates the form. The returned practitioner has no id; the store gives it one.
pub fn validate(input: &PractitionerInput) -> Result<Practitioner, Invalid> {
    let mut inv = Invalid::new();

    let civility = match Civility::parse(input.civility.trim()) {
        Some(c) => Some(c),
        None => {
            inv.push("civility", "Choisissez « Madame » ou « Monsieur ».");
            None
        }
    };
    let title = match input.title.trim() {
        "" => Some(Title::Docteur),
        other => Title::parse(other).or_else(|| {
            inv.push("title", "Choisissez le titre « Docteur » ou « Professeur ».");
            None
        }),
    };
    let first_name = person_name(&mut inv, "first_name", "Le prénom", &input.first_name);
    let last_name = person_name(&mut inv, "last_name", "Le nom", &input.last_name);

    let specialty = clean(&input.specialty);
    if specialty.is_empty() {
        inv.push("specialty", "Indiquez la spécialité (par exemple « Médecine générale »).");
    } else if char_len(&specialty) > 80 {
        inv.push("specialty", "La spécialité dépasse 80 caractères.");
    }

    let designation = clean(&input.designation);
    if char_len(&designation) > 60 {
        inv.push("designation", "La désignation dépasse 60 caractères (par exemple « Médecin libérale »).");
    }

    let rpps: String = input.rpps.chars().filter(|c| !c.is_whitespace()).collect();
    if rpps.is_empty() {
        inv.push("rpps", "Indiquez le numéro RPPS (11 chiffres, sur la carte CPS).");
    } else if rpps.len() != 11 || !rpps.bytes().all(|b| b.is_ascii_digit()) {
        inv.push(
            "rpps",
            format!("Le numéro RPPS compte exactement 11 chiffres ; {} n'en a pas la forme.", quoted(&input.rpps)),
        );
    }

    let address_lines: Vec<String> =
        input.address_lines.iter().map(|l| clean_line(l)).filter(|l| !l.is_empty()).collect();
    if address_lines.is_empty() {
        inv.push("address_lines", "Indiquez au moins la ligne « numéro et voie » de l'adresse du cabinet.");
    }
    let postcode = input.postcode.trim().to_owned();
    if let Err(m) = check_postcode(&postcode) {
        inv.push("postcode", m);
    }
    let city = clean(&input.city);
    if city.is_empty() {
        inv.push("city", "Indiquez la commune du cabinet.");
    } else if let Err(m) = check_locality_chars(&city) {
        inv.push("city", m);
    }

    let phone = match normalize_phone(&input.phone) {
        Ok(p) => p,
        Err(m) => {
            inv.push("phone", m);
            String::new()
        }
    };
    let email = input.email.trim().to_owned();
    if let Err(m) = check_email(&email) {
        inv.push("email", m);
    }
    let signature_city = clean(&input.signature_city);
    if let Err(m) = check_locality_chars(&signature_city) {
        inv.push("signature_city", m.replacen("La commune", "La ville de signature", 1));
    }
    let signature_city = if signature_city.is_empty() { city.clone() } else { signature_city };

    // The whole block must fit a window envelope: name line, street lines, « 75014 PARIS ».
    // Checked on every submit, whatever else is wrong, so each problem shows at once.
    if !address_lines.is_empty() {
        let name_ok = !inv.has("first_name") && !inv.has("last_name");
        let block = AddressBlock {
            field: "address_lines",
            // A name line too long is said on the name (once the name itself is right).
            head: vec![AddedLine::new(if name_ok { "last_name" } else { "" }, name_line(title, &first_name, &last_name))],
            tail: Some(AddedLine::new(
                if inv.has("postcode") || inv.has("city") { "" } else { "city" },
                format!("{postcode} {}", postal_line(&city)),
            )),
        };
        if let Err(e) = block.check(&input.address_lines) {
            inv.errors.extend(e.errors);
        }
    }

    inv.into_result(())?;
    Ok(Practitioner {
        id: None,
        civility: civility.expect("checked"),
        title: title.expect("checked"),
        first_name,
        last_name,
        specialty,
        designation,
        rpps,
        address_lines,
        postcode,
        city,
        phone,
        email,
        signature_city,
        is_default: input.is_default,
    })
}

/// « Dr Hélène DUPRÉ »: the first line of the practice's postal block.
fn name_line(title: Option<Title>, first_name: &str, last_name: &str) -> String {
    format!("{} {} {}", title.map(Title::abbreviation).unwrap_or("Dr"), first_name, last_name.to_uppercase())
}

fn person_name(inv: &mut Invalid, field: &str, label: &str, raw: &str) -> String {
    let name = clean(raw);
    if name.is_empty() {
        inv.push(field, format!("{label} est obligatoire."));
    } else if char_len(&name) > NAME_MAX {
        inv.push(field, format!("{label} dépasse {NAME_MAX} caractères."));
    } else if !name.chars().all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '’' | '.')) {
        inv.push(field, format!("{label} ne peut contenir que des lettres, des espaces, des traits d'union et des apostrophes."));
    }
    name
}

/// French numbers only ("01 40 64 14 70", "+33 1 40 64 14 70"), written back in pairs.
pub fn normalize_phone(raw: &str) -> Result<String, String> {
    let compact: String = raw.chars().filter(|c| !matches!(c, ' ' | '.' | '-' | '\u{a0}')).collect();
    let national = if let Some(rest) = compact.strip_prefix("+33") {
        format!("0{}", rest.trim_start_matches("(0)"))
    } else {
        compact
    };
    let ok = national.len() == 10
        && national.starts_with('0')
        && !national.starts_with("00")
        && national.bytes().all(|b| b.is_ascii_digit());
    if !ok {
        return Err("Le téléphone doit être un numéro français à 10 chiffres, par exemple 01 40 64 14 70.".into());
    }
    Ok(national.as_bytes().chunks(2).map(|p| std::str::from_utf8(p).unwrap()).collect::<Vec<_>>().join(" "))
}

/// The practice's email: required, and of the plain shape [`is_email`] accepts.
pub fn check_email(email: &str) -> Result<(), String> {
    if email.is_empty() {
        return Err("Indiquez l'adresse électronique professionnelle du cabinet.".into());
    }
    if is_email(email) {
        Ok(())
    } else {
        Err(format!("L'adresse électronique {} n'est pas valide (exemple : cabinet@exemple.fr).", quoted(email)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample_input() -> PractitionerInput {
        PractitionerInput {
            civility: "madame".into(),
            title: "docteur".into(),
            first_name: "Hélène".into(),
            last_name: "Dupré-Lefèvre".into(),
            specialty: "Médecine générale".into(),
            designation: String::new(),
            rpps: "10 003 456 789".into(),
            address_lines: vec!["12 rue Cabanis".into()],
            postcode: "75014".into(),
            city: "Paris".into(),
            phone: "01.40.64.14.70".into(),
            email: "cabinet@exemple.fr".into(),
            signature_city: String::new(),
            is_default: true,
            row_version: None,
        }
    }

    #[test]
    fn a_complete_profile_validates_and_normalises() {
        let p = validate(&sample_input()).unwrap();
        assert_eq!(p.rpps, "10003456789");
        assert_eq!(p.phone, "01 40 64 14 70");
        assert_eq!(p.signature_city, "Paris", "defaults to the practice's city");
        assert_eq!(p.display_name(), "Dr Hélène DUPRÉ-LEFÈVRE");
        assert_eq!(p.postal_address().unwrap().lines().last().unwrap(), "75014 PARIS");
        assert_eq!(p.designation_or_neutral(), NEUTRAL_DESIGNATION);
    }

    #[test]
    fn the_designation_is_the_profiles_or_neutral() {
        let p = validate(&PractitionerInput { designation: "  Médecin   libérale ".into(), ..sample_input() }).unwrap();
        assert_eq!(p.designation_or_neutral(), "Médecin libérale");
        let long = validate(&PractitionerInput { designation: "x".repeat(61), ..sample_input() }).unwrap_err();
        assert!(long.has("designation"));
        // A practitioner stored in a letter row before the field existed reads as neutral.
        let mut json = serde_json::to_value(validate(&sample_input()).unwrap()).unwrap();
        json.as_object_mut().unwrap().remove("designation");
        let old: Practitioner = serde_json::from_value(json).unwrap();
        assert_eq!(old.designation_or_neutral(), NEUTRAL_DESIGNATION);
    }

    #[test]
    fn every_faulty_field_gets_its_own_message() {
        let input = PractitionerInput {
            civility: "mx".into(),
            rpps: "123".into(),
            postcode: "7501".into(),
            phone: "12345".into(),
            email: "pas-une-adresse".into(),
            ..Default::default()
        };
        let err = validate(&input).unwrap_err();
        for field in ["civility", "first_name", "last_name", "specialty", "rpps", "address_lines", "postcode", "city", "phone", "email"] {
            assert!(err.has(field), "no error on {field}: {err:?}");
        }
        assert!(!err.has("title"), "an empty title defaults to docteur");
    }

    #[test]
    fn rpps_needs_eleven_digits() {
        for bad in ["1000345678", "100034567890", "1000345678A"] {
            let mut i = sample_input();
            i.rpps = bad.into();
            assert!(validate(&i).unwrap_err().has("rpps"), "{bad} accepted");
        }
    }

    #[test]
    fn phone_forms() {
        assert_eq!(normalize_phone("+33 1 40 64 14 70").unwrap(), "01 40 64 14 70");
        assert_eq!(normalize_phone("+33 (0)1 40 64 14 70").unwrap(), "01 40 64 14 70");
        assert!(normalize_phone("0040641470").is_err());
        assert!(normalize_phone("01 40 64 14 7").is_err());
    }

    #[test]
    fn emails() {
        assert!(check_email("a.b@c-d.fr").is_ok());
        for bad in ["a@b", "@b.fr", "a@@b.fr", "a b@c.fr", "a@.fr", "a@b..fr"] {
            assert!(check_email(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn names_accept_accents_hyphens_and_apostrophes_but_not_digits() {
        let mut i = sample_input();
        i.last_name = "N'Diaye-Œhlenschläger".into();
        assert!(validate(&i).is_ok());
        i.last_name = "R2D2".into();
        assert!(validate(&i).unwrap_err().has("last_name"));
    }

    #[test]
    fn a_long_street_is_reported_with_the_other_errors_numbered_as_typed() {
        let mut i = sample_input();
        i.rpps = "123".into();
        i.phone = "12345".into();
        i.address_lines = vec!["Résidence des Grands Chênes Bâtiment B escalier 4".into(), "12 rue Cabanis".into()];
        let e = validate(&i).unwrap_err();
        assert!(e.has("rpps") && e.has("phone"), "{e:?}");
        let street: Vec<&str> = e.errors.iter().filter(|x| x.field == "address_lines").map(|x| x.message.as_str()).collect();
        assert_eq!(street.len(), 1, "{e:?}");
        assert!(street[0].starts_with("La ligne 1 de l'adresse compte 49 caractères"), "{street:?}");
        assert!(!street[0].contains("nom"), "speaks of the lines typed, not of the name line: {street:?}");
    }

    #[test]
    fn a_name_line_too_long_for_the_envelope_is_reported_on_the_name() {
        let mut i = sample_input();
        i.title = "professeur".into();
        i.first_name = "Marie-Amélie-Bérengère".into();
        i.last_name = "de La Rochefoucauld".into();
        let e = validate(&i).unwrap_err();
        assert!(e.has("last_name") && !e.has("address_lines"), "{e:?}");
        assert!(e.errors[0].message.contains("38"), "{e}");
    }

    #[test]
    fn an_address_block_longer_than_the_norm_is_refused_on_its_field() {
        let mut i = sample_input();
        i.address_lines = vec!["Centre médical".into(), "Bâtiment A".into(), "Escalier 2".into(), "Porte 3".into(), "12 rue Cabanis".into()];
        let e = validate(&i).unwrap_err();
        assert!(e.has("address_lines"), "{e:?}");
    }
}
