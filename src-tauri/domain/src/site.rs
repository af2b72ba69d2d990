//! Directory and review sites where a doctor may find a listing about them, with what a letter
//! needs to reach their publisher (company, SIREN, registered office, DPO) and host.
//!
//! Contact data are facts someone must check on the site's *mentions légales*: each site carries
//! a `verified_on` date, and the built-in catalogue (`assets/catalogue/sites.json`) ships those
//! fields empty when we could not verify them, so the UI shows "à vérifier" instead of a guess.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

mod catalogue;
mod checks;

pub use catalogue::{catalogue, catalogue_route, CatalogueEntry};
pub use checks::{check_web_url, host_on_domain, is_valid_siren, normalize_domain, site_for_url, site_on_url, url_host};

use super::text::char_len;
use super::validation::{clean, is_email, Invalid};

crate::named_enum! {
    /// What kind of site it is; decides which steps the UI offers.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum SiteKind {
        /// A general or health directory (annuaire), often built from the public RPPS data.
        Directory = "directory" => "Annuaire",
        /// A platform whose main content is reviews and ratings (Google Maps…).
        ReviewPlatform = "review_platform" => "Plateforme d'avis",
        /// Online booking or teleconsultation (prise de rendez-vous).
        Booking = "booking" => "Prise de rendez-vous",
        /// A company register aggregator (registre d'entreprises).
        CompanyRegister = "company_register" => "Registre d'entreprises",
        /// An official directory (Annuaire Santé, Ameli): the listing stems from a legal duty.
        Official = "official" => "Annuaire officiel",
        Other = "other" => "Autre",
    }
}

impl SiteKind {
    /// An erasure request makes no sense for an official directory: being listed there follows
    /// from the doctor's registration duties; a correction is asked of the body that runs it.
    pub fn erasure_applies(self) -> bool {
        self.default_route().erasure_letter_offered()
    }

    /// The route that applies to a site of this kind when its catalogue entry names none.
    pub fn default_route(self) -> Route {
        match self {
            SiteKind::Directory | SiteKind::Other => Route::Objection,
            SiteKind::Booking => Route::Contract,
            SiteKind::CompanyRegister => Route::RegisterDiffusion,
            SiteKind::ReviewPlatform => Route::BusinessListing,
            SiteKind::Official => Route::Correction,
        }
    }
}

crate::named_enum! {
    /// Which way a listing can be taken down. The site catalogue names it per site
    /// (`assets/catalogue/sites.json`, field `route`); other sites get [`SiteKind::default_route`].
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Route {
        /// RGPD objection and erasure (art. 21 and 17) to a publisher that lists the doctor without
        /// any contract with them.
        #[default]
        Objection = "objection" => "Opposition et effacement (RGPD)",
        /// The doctor holds a contract with the site (a booking platform's subscriber page): the
        /// processing rests on that contract (art. 6(1)(b)), so the art. 21 objection does not apply;
        /// the page is closed by asking the platform or by ending the subscription.
        Contract = "contract" => "Fermeture de la page prévue par votre contrat",
        /// A re-user of the company registers (SIRENE): ask INSEE for « diffusion partielle » first;
        /// an objection to the re-user remains possible.
        RegisterDiffusion = "register_diffusion" => "Diffusion partielle auprès de l'INSEE",
        /// A business listing on a map or review platform (Google): objections are often rejected;
        /// claiming the listing and reporting reviews remain.
        BusinessListing = "business_listing" => "Fiche d'établissement sur une plateforme",
        /// An official directory: correction, not erasure.
        Correction = "correction" => "Correction auprès de l'organisme officiel",
    }
}

impl Route {
    /// Whether the RGPD objection + erasure letter is offered on this route.
    pub fn erasure_letter_offered(self) -> bool {
        matches!(self, Route::Objection | Route::RegisterDiffusion | Route::BusinessListing)
    }

    /// Whether a dereferencing request to search engines is offered on this route.
    pub fn dereferencing_offered(self) -> bool {
        matches!(self, Route::Objection | Route::RegisterDiffusion)
    }
}

/// Second line of the publisher's window address: many publishers have no data-protection
/// officer, so the letter goes to the controller, « ou DPO » when there is one. Fits the 38
/// characters of an NF Z 10-011 line.
pub const PUBLISHER_ATTENTION_LINE: &str = "Au responsable du traitement (ou DPO)";

/// The publisher's address block for a window envelope: company (with its legal form when the
/// line allows), [`PUBLISHER_ATTENTION_LINE`] when there is room, then the registered office.
/// `Err` is a French sentence saying what to fill in on the site's record.
pub fn publisher_postal_address(site: &Site) -> Result<super::address::PostalAddress, String> {
    let p = &site.publisher;
    let fill_in = format!("Relevez-les dans les mentions légales de {} et complétez la fiche du site.", site.domain);
    if p.company.trim().is_empty() && p.office_lines.is_empty() {
        return Err(format!("L'éditeur de « {} » et l'adresse de son siège ne sont pas encore renseignés. {fill_in}", site.name));
    }
    if p.company.trim().is_empty() {
        return Err(format!("Le nom de la société qui édite « {} » n'est pas encore renseigné. {fill_in}", site.name));
    }
    if p.office_lines.is_empty() {
        return Err(format!("L'adresse postale du siège de l'éditeur de « {} » n'est pas encore renseignée. {fill_in}", site.name));
    }
    publisher_block(&p.company, &p.legal_form, &p.office_lines).map_err(|inv| {
        format!("L'adresse de l'éditeur ne convient pas à une enveloppe à fenêtre : {inv} Corrigez-la dans la fiche du site.")
    })
}

/// The publisher's window block: company (with its legal form when the line allows),
/// [`PUBLISHER_ATTENTION_LINE`] when there is room, then the office lines as typed. The same
/// rule checks the site form at save and addresses the letter, so a site that saved is a site a
/// letter can reach. Errors go on `publisher_office_lines` (lines numbered as typed) and
/// `publisher_company`.
fn publisher_block(company: &str, legal_form: &str, office_lines: &[String]) -> Result<super::address::PostalAddress, Invalid> {
    use super::address::{AddedLine, AddressBlock};
    let company = clean(company);
    let legal_form = clean(legal_form);
    let with_form = format!("{company} {legal_form}");
    let name = if !legal_form.is_empty() && char_len(&with_form) <= 38 { with_form } else { company };
    let typed = office_lines.iter().filter(|l| !clean(l).is_empty()).count();
    let mut head = vec![AddedLine::new("publisher_company", name)];
    if typed <= 4 {
        head.push(AddedLine::new("", PUBLISHER_ATTENTION_LINE));
    }
    AddressBlock { field: "publisher_office_lines", head, tail: None }.check(office_lines)
}

/// The route of a site: its catalogue entry's, else its kind's.
pub fn route_for(kind: SiteKind, builtin_key: Option<&str>) -> Route {
    builtin_key.and_then(catalogue::catalogue_route).unwrap_or_else(|| kind.default_route())
}

impl Site {
    /// The route that applies to this site: its catalogue entry's, else its kind's.
    pub fn route(&self) -> Route {
        route_for(self.kind, self.builtin_key.as_deref())
    }
}

/// The company that publishes the site (responsable de traitement). Empty strings = unknown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Publisher {
    pub company: String,
    pub legal_form: String,
    /// 9 digits, no spaces.
    pub siren: String,
    /// Registered office (siège social), street lines down to "75002 PARIS".
    pub office_lines: Vec<String>,
    pub dpo_email: String,
    /// DPO or privacy contact form.
    pub dpo_form_url: String,
}

/// The host (hébergeur), who must act on a notice of illegal content.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Host {
    pub name: String,
    pub address_lines: Vec<String>,
}

/// A validated site, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Site {
    pub id: Option<i64>,
    /// Set for catalogue sites; the user's own sites have none.
    pub builtin_key: Option<String>,
    pub name: String,
    /// Lower-case host name without "www." ("lemedecin.fr").
    pub domain: String,
    pub kind: SiteKind,
    pub has_reviews: bool,
    pub publisher: Publisher,
    pub host: Host,
    /// Where a review or content can be reported on the site.
    pub report_url: String,
    /// Where a notice of illegal content (DSA art. 16) is filed.
    pub notice_url: String,
    /// When someone last checked the contact data against the site; `None` = "à vérifier".
    pub verified_on: Option<NaiveDate>,
    pub notes: String,
}

/// What the site form sends: plain strings so each bad value is reported on its own field.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SiteInput {
    pub name: String,
    pub domain: String,
    pub kind: String,
    pub has_reviews: bool,
    pub publisher_company: String,
    pub publisher_legal_form: String,
    pub publisher_siren: String,
    pub publisher_office_lines: Vec<String>,
    pub dpo_email: String,
    pub dpo_form_url: String,
    pub host_name: String,
    pub host_address_lines: Vec<String>,
    pub report_url: String,
    pub notice_url: String,
    /// "AAAA-MM-JJ" or empty.
    pub verified_on: String,
    pub notes: String,
    /// The version the form was loaded with (see `store::versions`); required to update.
    pub row_version: Option<i64>,
}

impl From<&Site> for SiteInput {
    fn from(s: &Site) -> Self {
        SiteInput {
            name: s.name.clone(),
            domain: s.domain.clone(),
            kind: s.kind.as_str().into(),
            has_reviews: s.has_reviews,
            publisher_company: s.publisher.company.clone(),
            publisher_legal_form: s.publisher.legal_form.clone(),
            publisher_siren: s.publisher.siren.clone(),
            publisher_office_lines: s.publisher.office_lines.clone(),
            dpo_email: s.publisher.dpo_email.clone(),
            dpo_form_url: s.publisher.dpo_form_url.clone(),
            host_name: s.host.name.clone(),
            host_address_lines: s.host.address_lines.clone(),
            report_url: s.report_url.clone(),
            notice_url: s.notice_url.clone(),
            verified_on: s.verified_on.map(|d| d.to_string()).unwrap_or_default(),
            notes: s.notes.clone(),
            row_version: None,
        }
    }
}

const NAME_MAX: usize = 80;
const FIELD_MAX: usize = 120;
const NOTES_MAX: usize = 4000;
const ADDRESS_MAX_LINES: usize = 6;
const ADDRESS_LINE_MAX: usize = 38;

/// Validates the form (`today` bounds the "vérifié le" date). The site has no id yet.
pub fn validate(input: &SiteInput, today: NaiveDate) -> Result<Site, Invalid> {
    let mut inv = Invalid::new();
    let name = clean(&input.name);
    if name.is_empty() {
        inv.push("name", "Indiquez le nom du site.");
    } else if char_len(&name) > NAME_MAX {
        inv.push("name", format!("Le nom du site dépasse {NAME_MAX} caractères."));
    }
    let domain = match normalize_domain(&input.domain) {
        Ok(d) => d,
        Err(msg) => {
            inv.push("domain", msg);
            String::new()
        }
    };
    let kind = SiteKind::parse(&input.kind).unwrap_or_else(|| {
        inv.push("kind", "Choisissez le type de site (annuaire, plateforme d'avis, prise de rendez-vous…).");
        SiteKind::Other
    });
    let short = |inv: &mut Invalid, field: &str, what: &str, raw: &str| {
        let v = clean(raw);
        if char_len(&v) > FIELD_MAX {
            inv.push(field, format!("{what} dépasse {FIELD_MAX} caractères."));
        }
        v
    };
    let company = short(&mut inv, "publisher_company", "Le nom de l'éditeur", &input.publisher_company);
    let legal_form = short(&mut inv, "publisher_legal_form", "La forme juridique", &input.publisher_legal_form);
    let siren: String = input.publisher_siren.chars().filter(|c| !c.is_whitespace()).collect();
    if !siren.is_empty() && !is_valid_siren(&siren) {
        inv.push(
            "publisher_siren",
            format!(
                "Le SIREN « {} » n'est pas valide : il compte 9 chiffres et sa clé de contrôle doit être juste (vérifiez-le sur annuaire-entreprises.data.gouv.fr).",
                input.publisher_siren.trim()
            ),
        );
    }
    // The registered office must be an address a letter can reach, down to « 75002 PARIS »:
    // checked here, with the company line it goes under, not when a letter is written.
    let office_lines: Vec<String> =
        input.publisher_office_lines.iter().map(|l| clean(l)).filter(|l| !l.is_empty()).collect();
    if !office_lines.is_empty() {
        let shown = if company.is_empty() { "Éditeur" } else { company.as_str() };
        if let Err(e) = publisher_block(shown, &legal_form, &input.publisher_office_lines) {
            let company_said = inv.has("publisher_company");
            inv.errors.extend(e.errors.into_iter().filter(|x| !(company_said && x.field == "publisher_company")));
        }
    }
    let dpo_email = clean(&input.dpo_email);
    if !dpo_email.is_empty() && !is_email(&dpo_email) {
        inv.push("dpo_email", format!("L'adresse électronique « {dpo_email} » n'a pas la forme nom@domaine.fr."));
    }
    let mut url_field = |field: &str, raw: &str| match check_web_url(raw) {
        Ok(u) => u,
        Err(msg) => {
            inv.push(field, msg);
            String::new()
        }
    };
    let dpo_form_url = url_field("dpo_form_url", &input.dpo_form_url);
    let report_url = url_field("report_url", &input.report_url);
    let notice_url = url_field("notice_url", &input.notice_url);
    let host_name = short(&mut inv, "host_name", "Le nom de l'hébergeur", &input.host_name);
    let host_lines = address_lines(&mut inv, "host_address_lines", "de l'hébergeur", &input.host_address_lines);
    let verified_on = match input.verified_on.trim() {
        "" => None,
        raw => match super::validation::calendar_date(raw).ok_or(()) {
            Ok(d) if d > today => {
                inv.push("verified_on", "La date de vérification ne peut pas être dans le futur.");
                None
            }
            Ok(d) => Some(d),
            Err(_) => {
                inv.push("verified_on", format!("La date de vérification « {raw} » n'est pas une date (format JJ/MM/AAAA)."));
                None
            }
        },
    };
    let notes = input.notes.trim().to_owned();
    if char_len(&notes) > NOTES_MAX {
        inv.push("notes", format!("Les notes dépassent {NOTES_MAX} caractères."));
    }
    inv.into_result(Site {
        id: None,
        builtin_key: None,
        name,
        domain,
        kind,
        has_reviews: input.has_reviews,
        publisher: Publisher { company, legal_form, siren, office_lines, dpo_email, dpo_form_url },
        host: Host { name: host_name, address_lines: host_lines },
        report_url,
        notice_url,
        verified_on,
        notes,
    })
}

/// The host's address typed one per line (not a letter's window block, may be abroad): empty
/// ones dropped, at most 5 of at most 38 characters.
fn address_lines(inv: &mut Invalid, field: &str, whose: &str, raw: &[String]) -> Vec<String> {
    // Numbered as typed: an empty line the doctor left still counts in their numbering.
    let numbered: Vec<(usize, String)> =
        raw.iter().enumerate().map(|(i, l)| (i + 1, clean(l))).filter(|(_, l)| !l.is_empty()).collect();
    if numbered.len() > ADDRESS_MAX_LINES - 1 {
        inv.push(field, format!("L'adresse {whose} compte {} lignes ; avec le nom, une adresse postale en admet {ADDRESS_MAX_LINES} au plus.", numbered.len()));
    }
    for (k, l) in &numbered {
        let n = char_len(l);
        if n > ADDRESS_LINE_MAX {
            inv.push(field, format!("La ligne {k} de l'adresse {whose} compte {n} caractères ; {ADDRESS_LINE_MAX} au plus sont admis."));
        }
    }
    numbered.into_iter().map(|(_, l)| l).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
    }

    fn input() -> SiteInput {
        SiteInput { name: "Exemple annuaire".into(), domain: "exemple-annuaire.fr".into(), kind: "directory".into(), ..Default::default() }
    }

    #[test]
    fn siren_luhn_check() {
        assert!(is_valid_siren("732829320"));
        assert!(is_valid_siren("356000000"), "La Poste's SIREN passes the key");
        assert!(!is_valid_siren("732829321"), "wrong key");
        assert!(!is_valid_siren("73282932"), "8 digits");
        assert!(!is_valid_siren("73282932A"));
    }

    #[test]
    fn minimal_site_validates_and_normalises_domain() {
        let mut i = input();
        i.domain = "https://WWW.Exemple-Annuaire.fr/medecins/x".into();
        let s = validate(&i, today()).unwrap();
        assert_eq!(s.domain, "exemple-annuaire.fr");
        assert_eq!(s.kind, SiteKind::Directory);
        assert_eq!(s.verified_on, None);
    }

    #[test]
    fn each_bad_field_gets_its_own_french_message() {
        let i = SiteInput {
            name: " ".into(),
            domain: "pas un domaine".into(),
            kind: "forum".into(),
            publisher_siren: "123 456 789".into(),
            dpo_email: "dpo.exemple.fr".into(),
            dpo_form_url: "javascript:alert(1)".into(),
            report_url: "ftp://exemple.fr/signaler".into(),
            notice_url: "exemple.fr/notice".into(),
            verified_on: "2026-12-25".into(),
            publisher_office_lines: vec!["12 rue d'un nom vraiment beaucoup trop long pour la poste".into(), "75002 PARIS".into()],
            ..Default::default()
        };
        let inv = validate(&i, today()).unwrap_err();
        for f in ["name", "domain", "kind", "publisher_siren", "dpo_email", "dpo_form_url", "report_url", "notice_url", "verified_on", "publisher_office_lines"] {
            assert!(inv.has(f), "expected an error on {f}: {inv:?}");
        }
        let msg = |f: &str| inv.errors.iter().find(|e| e.field == f).unwrap().message.clone();
        assert!(msg("report_url").contains("« ftp »"));
        assert!(msg("publisher_siren").contains("SIREN"));
        assert!(msg("publisher_office_lines").contains("ligne 1"));
        assert!(msg("verified_on").contains("futur"));
    }

    #[test]
    fn urls_must_be_http_or_https() {
        assert_eq!(check_web_url(""), Ok(String::new()));
        assert_eq!(check_web_url(" https://exemple.fr/dpo "), Ok("https://exemple.fr/dpo".into()));
        assert!(check_web_url("http://exemple.fr").is_ok());
        assert!(check_web_url("file:///etc/passwd").unwrap_err().contains("file"));
        assert!(check_web_url("mailto:dpo@exemple.fr").is_err());
        assert!(check_web_url("www.exemple.fr").is_err());
    }

    #[test]
    fn each_catalogue_site_has_the_route_that_fits_it() {
        assert_eq!(route_for(SiteKind::Booking, Some("doctolib")), Route::Contract, "a subscriber page: the contract");
        assert_eq!(route_for(SiteKind::Booking, Some("lemedecin")), Route::Objection, "lists doctors who never subscribed");
        assert_eq!(route_for(SiteKind::CompanyRegister, Some("societe-com")), Route::RegisterDiffusion);
        assert_eq!(route_for(SiteKind::ReviewPlatform, Some("google-business-profile")), Route::BusinessListing);
        assert_eq!(route_for(SiteKind::Directory, Some("choisirunmedecin")), Route::Objection);
        assert_eq!(route_for(SiteKind::Official, Some("annuaire-sante")), Route::Correction);
        // A site the doctor added: its kind decides.
        assert_eq!(route_for(SiteKind::Booking, None), Route::Contract);
        assert_eq!(route_for(SiteKind::Directory, None), Route::Objection);
        assert!(!Route::Contract.erasure_letter_offered() && !Route::Correction.erasure_letter_offered());
        for r in Route::ALL {
            assert_eq!(Route::parse(r.as_str()), Some(r));
        }
        for site in catalogue() {
            let key = site.builtin_key.as_deref().unwrap();
            assert!(catalogue_route(key).is_some(), "{key}: the catalogue must name its route");
        }
    }

    #[test]
    fn the_publisher_address_names_the_controller_not_only_a_dpo() {
        assert!(PUBLISHER_ATTENTION_LINE.chars().count() <= 38);
        let mut i = input();
        i.publisher_company = "Exemple Annuaire".into();
        i.publisher_legal_form = "SAS".into();
        i.publisher_office_lines = vec!["12 rue de la Paix".into(), "75002 Paris".into()];
        let site = validate(&i, today()).unwrap();
        let a = publisher_postal_address(&site).unwrap();
        assert_eq!(a.lines()[0], "Exemple Annuaire SAS");
        assert_eq!(a.lines()[1], PUBLISHER_ATTENTION_LINE);
        assert!(a.lines().iter().all(|l| !l.starts_with("Délégué")), "{:?}", a.lines());
        let mut empty = site.clone();
        empty.publisher.office_lines.clear();
        assert!(publisher_postal_address(&empty).unwrap_err().contains("siège"));
    }

    #[test]
    fn a_publisher_office_without_postcode_and_town_is_refused_at_save() {
        let mut i = input();
        i.publisher_company = "Exemple Annuaire".into();
        i.publisher_office_lines = vec!["12 rue de la Paix".into(), "Paris".into()];
        let e = validate(&i, today()).unwrap_err();
        let m = &e.errors.iter().find(|x| x.field == "publisher_office_lines").expect("an error on the office lines").message;
        assert!(m.starts_with("La ligne 2 de l'adresse") && m.contains("75014 PARIS"), "{m}");
        // Every problem at once, numbered as typed even though the letter adds two lines above.
        i.publisher_office_lines = vec!["Résidence des Grands Chênes Bâtiment B escalier 4".into(), "12 rue de la Paix".into()];
        i.publisher_siren = "123".into();
        let e = validate(&i, today()).unwrap_err();
        let msgs: Vec<&str> = e.errors.iter().filter(|x| x.field == "publisher_office_lines").map(|x| x.message.as_str()).collect();
        assert!(e.has("publisher_siren"), "{e:?}");
        assert!(msgs.iter().any(|m| m.starts_with("La ligne 1 ")), "{msgs:?}");
        assert!(msgs.iter().any(|m| m.starts_with("La ligne 2 ") && m.contains("code postal")), "{msgs:?}");
        // What saves is what a letter can be addressed to.
        i.publisher_siren.clear();
        i.publisher_office_lines = vec!["12 rue de la Paix".into(), "75002 Paris".into()];
        assert!(publisher_postal_address(&validate(&i, today()).unwrap()).is_ok());
    }

    #[test]
    fn a_publisher_company_too_long_for_the_envelope_is_said_on_the_company() {
        let mut i = input();
        i.publisher_company = "Société européenne des annuaires médicaux en ligne".into();
        i.publisher_office_lines = vec!["12 rue de la Paix".into(), "75002 Paris".into()];
        let e = validate(&i, today()).unwrap_err();
        assert!(e.has("publisher_company") && !e.has("publisher_office_lines"), "{e:?}");
    }

    #[test]
    fn official_directories_are_not_for_erasure() {
        assert!(!SiteKind::Official.erasure_applies());
        assert!(SiteKind::Directory.erasure_applies());
        for k in SiteKind::ALL {
            assert_eq!(SiteKind::parse(k.as_str()), Some(k));
        }
    }

    #[test]
    fn input_round_trips_through_a_site() {
        let mut i = input();
        i.publisher_siren = "732 829 320".into();
        i.verified_on = "2026-11-01".into();
        i.publisher_office_lines = vec!["12 rue de la Paix".into(), "75002 PARIS".into()];
        let s = validate(&i, today()).unwrap();
        assert_eq!(s.publisher.siren, "732829320");
        let again = validate(&SiteInput::from(&s), today()).unwrap();
        assert_eq!(again, s);
    }
}
