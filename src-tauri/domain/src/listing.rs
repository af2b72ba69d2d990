//! A listing (fiche nominative): a page of a directory site about the doctor, from the day it is
//! found to the day it is gone. Its status follows the state machine of [`machine::apply`]; each
//! step is an [`Event`] carrying its proof (letter, registered-mail number, dates, reply…), so the
//! history can back a CNIL complaint. [`actions::next_actions`] says what the UI should offer.
//!
//! This module holds the types and the form validation; the rules live in the two submodules.

pub mod actions;
pub mod event;
pub mod machine;

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::deadline::{gdpr_answer_due, Deadline};
use super::site::{check_web_url, host_on_domain, site_on_url, url_host, Route, Site};
use super::text::char_len;
use super::validation::Invalid;

pub use actions::{next_actions, ActionKind, NextAction};
pub use event::{Event, PresenceOutcome, PresenceProof, ReceiptBasis, RemovalProof, RequestChannel, RECEIPT_RULE};
pub use machine::{apply, ApplyError};

crate::named_enum! {
    /// Where a listing stands. Stored as the snake_case name.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Status {
        Found = "found" => "trouvée",
        ErasureRequested = "erasure_requested" => "demande d'effacement envoyée",
        Answered = "answered" => "réponse reçue",
        Extended = "extended" => "prolongation notifiée",
        NoAnswer = "no_answer" => "sans réponse",
        Refused = "refused" => "refus",
        CnilComplaint = "cnil_complaint" => "plainte CNIL déposée",
        DereferencingRequested = "dereferencing_requested" => "déréférencement demandé",
        Removed = "removed" => "supprimée",
    }
}

crate::named_enum! {
    /// What the page shows about the doctor.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Shown {
        Reviews = "reviews" => "avis et commentaires",
        Rating = "rating" => "note",
        Photo = "photo" => "photographie",
        BookingRedirect = "booking_redirect" => "renvoi vers une prise de rendez-vous",
        Phone = "phone" => "numéro de téléphone",
        Address = "address" => "adresse du cabinet",
        OpeningHours = "opening_hours" => "horaires",
        Specialty = "specialty" => "spécialité",
    }
}

/// The facts the state machine needs, kept in the `listing` row beside the status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListingState {
    pub status: Status,
    pub found_on: NaiveDate,
    /// When the erasure request left (letter posted, email or form sent).
    pub request_sent_on: Option<NaiveDate>,
    /// When the publisher received it: the AR date, or the sending date for an email or form.
    /// Starts the art. 12.3 clock.
    pub received_on: Option<NaiveDate>,
    pub extension_notified_on: Option<NaiveDate>,
    pub cnil_complaint_on: Option<NaiveDate>,
    pub dereferencing_requested_on: Option<NaiveDate>,
    /// False on official directories and contract pages (taken from the site's route, not
    /// stored with the listing).
    pub erasure_applies: bool,
    /// How this listing can be taken down (taken from the site, not stored with the listing).
    #[serde(default)]
    pub route: Route,
}

impl ListingState {
    pub fn new(found_on: NaiveDate, erasure_applies: bool) -> Self {
        Self::on_route(found_on, if erasure_applies { Route::Objection } else { Route::Correction })
    }

    /// A new listing on a site whose route is `route`.
    pub fn on_route(found_on: NaiveDate, route: Route) -> Self {
        ListingState {
            status: Status::Found,
            found_on,
            request_sent_on: None,
            received_on: None,
            extension_notified_on: None,
            cnil_complaint_on: None,
            dereferencing_requested_on: None,
            erasure_applies: route.erasure_letter_offered(),
            route,
        }
    }

    /// The publisher's answer deadline, once the request is known to be received.
    pub fn answer_deadline(&self) -> Option<Deadline> {
        self.received_on.map(|r| gdpr_answer_due(r, self.extension_notified_on.is_some()))
    }

    /// True while the publisher's answer is awaited (the clock matters).
    pub fn awaiting_answer(&self) -> bool {
        matches!(self.status, Status::ErasureRequested | Status::Extended)
    }
}

/// What the listing form sends.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ListingInput {
    pub site_id: i64,
    pub url: String,
    /// `Shown` names ("reviews", "rating"…).
    pub shows: Vec<String>,
    /// "AAAA-MM-JJ".
    pub found_on: String,
    pub notes: String,
    /// The doctor confirmed that the address is on the chosen site although its host is not the
    /// site's domain (a site that publishes under several domains). Not stored: asked again on
    /// each save while they differ.
    pub site_mismatch_ok: bool,
    /// The version the form was loaded with (see `store::versions`); required to update.
    pub row_version: Option<i64>,
}

/// A validated listing not yet stored (or its edited fields).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListingData {
    pub site_id: i64,
    pub url: String,
    pub shows: BTreeSet<Shown>,
    pub found_on: NaiveDate,
    pub notes: String,
}

/// A stored listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listing {
    pub id: i64,
    pub site_id: i64,
    pub url: String,
    pub shows: BTreeSet<Shown>,
    pub notes: String,
    pub state: ListingState,
}

const URL_MAX: usize = 2000;
const NOTES_MAX: usize = 4000;

/// Validates the form; `today` bounds the date found.
pub fn validate(input: &ListingInput, today: NaiveDate) -> Result<ListingData, Invalid> {
    let mut inv = Invalid::new();
    if input.site_id <= 0 {
        inv.push("site_id", "Choisissez le site qui publie la fiche.");
    }
    let url = if input.url.trim().is_empty() {
        inv.push("url", "Collez l'adresse (URL) de la fiche, telle qu'elle apparaît dans le navigateur.");
        String::new()
    } else {
        match check_web_url(&input.url) {
            Ok(u) if char_len(&u) > URL_MAX => {
                inv.push("url", format!("L'adresse de la fiche dépasse {URL_MAX} caractères."));
                u
            }
            Ok(u) => u,
            Err(msg) => {
                inv.push("url", msg);
                String::new()
            }
        }
    };
    let mut shows = BTreeSet::new();
    for s in &input.shows {
        match Shown::parse(s) {
            Some(x) => {
                shows.insert(x);
            }
            None => inv.push("shows", format!("« {s} » n'est pas un élément connu d'une fiche.")),
        }
    }
    let found_on = match super::validation::calendar_date(&input.found_on).ok_or(()) {
        Ok(d) if d > today => {
            inv.push("found_on", "La date où la fiche a été trouvée ne peut pas être dans le futur.");
            d
        }
        Ok(d) => d,
        Err(_) => {
            inv.push("found_on", "Indiquez la date où la fiche a été trouvée (format JJ/MM/AAAA).");
            today
        }
    };
    let notes = input.notes.trim().to_owned();
    if char_len(&notes) > NOTES_MAX {
        inv.push("notes", format!("Les notes dépassent {NOTES_MAX} caractères."));
    }
    inv.into_result(ListingData { site_id: input.site_id, url, shows, found_on, notes })
}

/// A listing's address must be on its site. When the host of `data.url` is not on `site`'s
/// domain, says so on `url`: naming the site of `sites` the address is on if there is one (no
/// confirmation then: the address belongs to that site), otherwise unless the doctor confirmed
/// (`confirmed`, see [`ListingInput::site_mismatch_ok`]: a site publishing under several domains).
pub fn check_site_matches(data: &ListingData, site: &Site, sites: &[Site], confirmed: bool) -> Result<(), Invalid> {
    let Some(host) = url_host(&data.url) else { return Ok(()) };
    if host_on_domain(&host, &site.domain) {
        return Ok(());
    }
    match site_on_url(sites, &data.url).filter(|s| s.id != site.id) {
        Some(other) => Err(Invalid::single(
            "url",
            format!("Cette adresse est sur {} : choisissez le site « {} », ou corrigez l'adresse.", other.domain, other.name),
        )),
        None if confirmed => Ok(()),
        None => Err(Invalid::single(
            "url",
            format!(
                "Cette adresse est sur {host}, pas sur {} (« {} ») : corrigez l'adresse ou le site ; si ce site publie aussi sous {host}, cochez « L'adresse est bien sur ce site ».",
                site.domain, site.name
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
    }

    #[test]
    fn valid_listing_form() {
        let input = ListingInput {
            site_id: 3,
            url: "https://www.lemedecin.fr/medecin/dupre-helene".into(),
            shows: vec!["reviews".into(), "rating".into(), "reviews".into()],
            found_on: "2026-11-02".into(),
            notes: "  vue via Google  ".into(),
            site_mismatch_ok: false,
        row_version: None,
        };
        let l = validate(&input, today()).unwrap();
        assert_eq!(l.shows.len(), 2);
        assert_eq!(l.notes, "vue via Google");
    }

    #[test]
    fn invalid_listing_form_names_each_field() {
        let input = ListingInput {
            site_id: 0,
            url: "ftp://exemple.fr/fiche".into(),
            shows: vec!["tattoo".into()],
            found_on: "2026-12-01".into(),
            notes: String::new(),
            site_mismatch_ok: false,
        row_version: None,
        };
        let inv = validate(&input, today()).unwrap_err();
        for f in ["site_id", "url", "shows", "found_on"] {
            assert!(inv.has(f), "{f}: {inv:?}");
        }
        let empty = validate(&ListingInput { site_id: 1, ..Default::default() }, today()).unwrap_err();
        assert!(empty.has("url") && empty.has("found_on"));
    }

    #[test]
    fn names_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        for x in Shown::ALL {
            assert_eq!(Shown::parse(x.as_str()), Some(x));
        }
    }

    #[test]
    fn events_serialise_with_their_kind() {
        let e = Event::ReceiptAcknowledged { acknowledged_on: today(), basis: Default::default() };
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["kind"], e.kind());
        assert_eq!(v["acknowledged_on"], "2026-11-29");
        let back: Event = serde_json::from_value(v).unwrap();
        assert_eq!(back, e);
        assert_eq!(back.occurred_on(), today());
    }
}
