//! The catalogue of directory sites: the built-in entries (editable, restorable) and the sites
//! the doctor adds, with their publisher, SIREN, DPO, host and "vérifié le" date.

use chrono::NaiveDate;
use serde::Serialize;

use erm_domain::site::{self as rules, Site};
pub use erm_domain::site::SiteInput;
use crate::error::Error;
use erm_store::versions::{self, Versioned};
use erm_store::{sites as repo, Store};
use erm_domain::site::publisher_postal_address as publisher_address;

/// A site as the catalogue screen shows it.
#[derive(Debug, Serialize)]
pub struct SiteRow {
    #[serde(flatten)]
    pub site: Site,
    pub kind_label: &'static str,
    /// Shipped with the application (restorable, not deletable).
    pub builtin: bool,
    /// The contact data carry a "vérifié le" date; otherwise the UI shows "à vérifier".
    pub verified: bool,
    /// Why an erasure letter cannot be addressed to the publisher yet, if so (French).
    pub address_problem: Option<String>,
    /// How many listings the doctor follows on this site.
    pub listings: i64,
    /// The version the site form saves with (`store::versions`).
    pub row_version: i64,
}

fn row(site: Site, listings: i64, row_version: i64) -> SiteRow {
    SiteRow {
        row_version,
        kind_label: site.kind.label(),
        builtin: site.builtin_key.is_some(),
        verified: site.verified_on.is_some(),
        address_problem: if site.route().erasure_letter_offered() { publisher_address(&site).err() } else { None },
        listings,
        site,
    }
}

fn counted(store: &Store, site: Site) -> Result<SiteRow, Error> {
    let n = repo::listing_count(store.conn(), site.id)?;
    let version = match site.id {
        Some(id) => versions::current(store.conn(), Versioned::Site, id)?,
        None => 1,
    };
    Ok(row(site, n, version))
}

/// Every site with its listing count (one query for the counts, not one per site).
pub fn list(store: &Store) -> Result<Vec<SiteRow>, Error> {
    let counts = repo::listing_counts(store.conn())?;
    let versions = versions::all(store.conn(), Versioned::Site)?;
    Ok(repo::list(store.conn())?
        .into_iter()
        .map(|s| {
            let n = s.id.and_then(|id| counts.get(&id).copied()).unwrap_or(0);
            let v = s.id.and_then(|id| versions.get(&id).copied()).unwrap_or(1);
            row(s, n, v)
        })
        .collect())
}

pub fn save(store: &mut Store, id: Option<i64>, input: &SiteInput, today: NaiveDate) -> Result<SiteRow, Error> {
    let mut site = rules::validate(input, today)?;
    site.id = id;
    let expected = id.map(|_| versions::required(input.row_version)).transpose()?;
    let saved = store.transaction(|tx| {
        if let (Some(id), Some(expected)) = (id, expected) {
            let current = repo::get(tx, id)?;
            versions::claim(tx, Versioned::Site, id, expected, || site_differs(&current, &site))?;
        }
        repo::save(tx, &site)
    })?;
    counted(store, saved)
}

/// The site form's fields whose saved value differs from the form's, in French.
fn site_differs(saved: &Site, form: &Site) -> Vec<&'static str> {
    let (a, b) = (&saved.publisher, &form.publisher);
    versions::differing([
        (saved.name != form.name, "nom du site"),
        (saved.domain != form.domain, "domaine"),
        (saved.kind != form.kind, "type de site"),
        (saved.has_reviews != form.has_reviews, "avis publiés"),
        (a.company != b.company, "société éditrice"),
        (a.legal_form != b.legal_form, "forme juridique"),
        (a.siren != b.siren, "SIREN de l'éditeur"),
        (a.office_lines != b.office_lines, "adresse du siège"),
        (a.dpo_email != b.dpo_email, "courriel du DPO"),
        (a.dpo_form_url != b.dpo_form_url, "formulaire du DPO"),
        (saved.host != form.host, "hébergeur"),
        (saved.report_url != form.report_url, "page de signalement"),
        (saved.notice_url != form.notice_url, "page de notification"),
        (saved.verified_on != form.verified_on, "date de vérification"),
        (saved.notes != form.notes, "notes"),
    ])
}

/// Puts a catalogue site back as shipped.
pub fn reset(store: &mut Store, id: i64) -> Result<SiteRow, Error> {
    let site = store.transaction(|tx| {
        versions::bump(tx, Versioned::Site, id)?;
        repo::reset_builtin(tx, id)
    })?;
    counted(store, site)
}

pub fn delete(store: &mut Store, id: i64) -> Result<(), Error> {
    Ok(store.transaction(|tx| repo::delete(tx, id))?)
}

/// Whether `url` is a web address the app may open in the browser (http or https with a host);
/// the French reason on the `url` field otherwise.
pub fn check_web_address(url: &str) -> Result<(), Error> {
    erm_domain::web::parse_web_address(url).map(drop).map_err(|e| Error::Invalid(erm_domain::validation::Invalid::single("url", e.message(url))))
}
