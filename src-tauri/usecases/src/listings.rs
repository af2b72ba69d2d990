//! Fiches nominatives: what the doctor can do with a listing — record it, follow its steps
//! (erasure request, receipt, answer, CNIL complaint, dereferencing, removal), check whether its
//! page is still online — each as one function over the store, with the view model the screen
//! shows. "Today" is given by the caller, so every deadline is computed here from facts.

pub mod recheck;
pub mod step;
pub mod view;

use crate::handle::Handle;
use chrono::NaiveDate;
use serde::Serialize;

use erm_domain::listing::{self as rules, Event, PresenceProof, Shown};
/// The listing form as the page sends it.
pub use erm_domain::listing::ListingInput;
use erm_domain::site::SiteKind;
use crate::error::Error;
use erm_documents::letters::LetterKind;
use erm_store::letters as letter_repo;
use erm_store::listings::{self as repo};
use erm_store::versions::{self, Versioned};
use erm_store::{practice, sites, Store};
use step::StepInput;
use crate::letters::letter_item;
use erm_domain::site::publisher_postal_address as publisher_address;
use view::{EventRow, ListingDetail, ListingRow, GENERAL_CAVEATS};

/// A value of a fixed list with its French label.
#[derive(Debug, Serialize)]
pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
}

/// The fixed lists the listing and site forms offer, with their French labels.
#[derive(Debug, Serialize)]
pub struct ListingOptions {
    pub shown: Vec<Choice>,
    pub site_kinds: Vec<Choice>,
    /// What a letter's receipt date may rest on (acknowledgement, first presentation, unclaimed).
    pub receipt_choices: Vec<Choice>,
    /// Default value of the date fields ("AAAA-MM-JJ").
    pub today: NaiveDate,
}

pub fn options(today: NaiveDate) -> ListingOptions {
    ListingOptions {
        shown: Shown::ALL.iter().map(|s| Choice { value: s.as_str(), label: s.label() }).collect(),
        site_kinds: SiteKind::ALL.iter().map(|k| Choice { value: k.as_str(), label: k.label() }).collect(),
        receipt_choices: receipt_choices(),
        today,
    }
}

pub fn list(store: &Store, today: NaiveDate) -> Result<Vec<ListingRow>, Error> {
    Ok(repo::list(store.conn(), today)?.into_iter().map(ListingRow::from).collect())
}

/// The listing screen's data on `today`.
pub fn detail(store: &Store, id: i64, today: NaiveDate) -> Result<ListingDetail, Error> {
    let conn = store.conn();
    let mut view = repo::view(conn, id, today)?;
    let site = sites::get(conn, view.listing.site_id)?;
    let status = view.listing.state.status;
    let letters = letter_repo::for_listing(conn, id)?;
    // Once a letter is written, writing it again is a choice that says what becomes of the first.
    if let Some(earlier) = crate::letters::listing::unposted_erasure_letter(&letters) {
        let on = crate::letters::StoredLetter::from_row(earlier).map(|s| s.date).unwrap_or(today);
        for a in view.next_actions.iter_mut().filter(|a| a.kind == erm_domain::listing::ActionKind::GenerateErasureLetter) {
            a.label = "Rédiger une nouvelle version de la demande".into();
            a.caveats.insert(0, crate::letters::listing::new_version_caveat(on));
        }
    }
    let publisher_address_problem = if site.route().erasure_letter_offered() { publisher_address(&site).err() } else { None };
    let history = repo::events(conn, id)?;
    let engines = view::engine_forms(&history.iter().map(|e| e.event.clone()).collect::<Vec<_>>());
    Ok(ListingDetail {
        engines,
        // Checks that could not run (recorded by earlier versions) are not facts: not shown.
        events: history.into_iter().filter(|e| !e.event.is_failed_check()).map(EventRow::from).collect(),
        letters: letters.iter().map(|l| letter_item(l, Some(status))).collect(),
        row_version: versions::current(conn, Versioned::Listing, id)?,
        site_row_version: site.id.map(|sid| versions::current(conn, Versioned::Site, sid)).transpose()?.unwrap_or(1),
        row: ListingRow::from(view),
        site,
        publisher_address_problem,
        caveats: GENERAL_CAVEATS.to_vec(),
        cnil_postal_address: &erm_domain::facts::CNIL_POSTAL_LINES,
        cnil_postal_caveat: erm_domain::facts::cnil_postal_address().caveat(),
        receipt_choices: receipt_choices(),
    })
}

/// What a letter's receipt date may rest on, for the forms that record it.
fn receipt_choices() -> Vec<Choice> {
    rules::ReceiptBasis::ALL.iter().map(|b| Choice { value: b.as_str(), label: b.label() }).collect()
}

/// Creates (`id` absent) or updates a listing from its form. An address whose host is not on
/// the site's domain is refused on `url`, naming the site it is on, unless the form carries
/// `site_mismatch_ok` (the doctor confirmed).
pub fn save(store: &mut Store, id: Option<i64>, input: &ListingInput, today: NaiveDate) -> Result<ListingDetail, Error> {
    let data = rules::validate(input, today)?;
    // The address must be on the chosen site, or the doctor says it is (several domains).
    let site = sites::get(store.conn(), data.site_id)?;
    rules::check_site_matches(&data, &site, &sites::list(store.conn())?, input.site_mismatch_ok)?;
    let expected = id.map(|_| versions::required(input.row_version)).transpose()?;
    let saved = store.transaction(|tx| match (id, expected) {
        (Some(id), Some(expected)) => {
            let current = repo::get(tx, id)?;
            versions::claim(tx, Versioned::Listing, id, expected, || listing_differs(&current, &data))?;
            repo::update(tx, id, &data)
        }
        _ => repo::create(tx, &data),
    })?;
    detail(store, saved.id, today)
}

/// The listing form's fields whose saved value differs from the form's, in French.
fn listing_differs(saved: &erm_domain::listing::Listing, form: &erm_domain::listing::ListingData) -> Vec<&'static str> {
    versions::differing([
        (saved.site_id != form.site_id, "site"),
        (saved.url != form.url, "adresse de la fiche"),
        (saved.shows != form.shows, "éléments affichés"),
        (saved.state.found_on != form.found_on, "date de découverte"),
        (saved.notes != form.notes, "notes"),
    ])
}

pub fn delete(store: &mut Store, id: i64) -> Result<(), Error> {
    Ok(store.transaction(|tx| repo::delete(tx, id))?)
}

/// Records one step through the state machine; an illegal step is refused with a French message
/// naming both states. An acknowledgement of receipt goes onto the erasure letter waiting for
/// it, so the letter row and the listing stay in step.
pub fn record_step(store: &mut Store, id: i64, input: &StepInput, today: NaiveDate) -> Result<ListingDetail, Error> {
    let history = repo::events(store.conn(), id)?;
    let event = input.to_event(&history)?;
    let awaiting_ack = letter_repo::for_listing(store.conn(), id)?
        .into_iter()
        .rfind(|l| l.kind == LetterKind::ErasureRequest && l.sent_on.is_some() && l.acknowledged_on.is_none());
    store.transaction(|tx| match (&event, awaiting_ack) {
        (Event::ReceiptAcknowledged { acknowledged_on, basis }, Some(letter)) => {
            letter_repo::mark_received(tx, letter.id, *acknowledged_on, *basis, today).map(|_| ())
        }
        _ => repo::record_event(tx, id, &event, &input.note, today).map(|_| ()),
    })?;
    detail(store, id, today)
}

/// What a presence check needs, read under the lock; the fetch itself runs without it.
#[derive(Debug, Clone)]
pub struct PresenceTarget {
    pub url: String,
    /// The practice's surnames, looked for on the page.
    pub names: Vec<String>,
}

pub fn presence_target(store: &Store, id: i64) -> Result<PresenceTarget, Error> {
    let listing = repo::get(store.conn(), id)?;
    let names = practice::list(store.conn())?.into_iter().map(|p| p.last_name).collect();
    Ok(PresenceTarget { url: listing.url, names })
}

/// What the presence check found, with the listing as it now stands.
#[derive(Debug, Serialize)]
pub struct PresenceReport {
    pub outcome: erm_domain::listing::PresenceOutcome,
    /// One French sentence, shown to the doctor as a message.
    pub detail: String,
    /// Whether the check went into the listing's history: only a check that ran (page online,
    /// page removed) is a fact about the listing; one that could not run is only reported.
    pub recorded: bool,
    pub listing: ListingDetail,
}

/// Records the verdict of a presence check as a dated event when the check ran (online,
/// removed). An unreachable or inconclusive check is returned to the caller but not recorded:
/// it says nothing about the listing and must not end up in a letter.
pub fn record_presence(store: &mut Store, id: i64, proof: PresenceProof, today: NaiveDate) -> Result<PresenceReport, Error> {
    let recorded = proof.outcome.is_finding();
    if recorded {
        let event = Event::PresenceChecked { checked_on: today, check: proof.clone() };
        store.transaction(|tx| repo::record_event(tx, id, &event, "", today))?;
    } else {
        log::info!("presence check of listing {id} not recorded: {:?}", proof.outcome);
    }
    Ok(PresenceReport { outcome: proof.outcome, detail: proof.detail, recorded, listing: detail(store, id, today)? })
}

/// « Vérifier si la fiche est en ligne »: the address read under the lock, the page fetched
/// without it, the verdict recorded under it.
pub async fn check_presence(h: &impl Handle, id: i64) -> Result<PresenceReport, Error> {
    let target = h.run(move |s| presence_target(s, id)).await?;
    let client = h.http()?;
    let names: Vec<&str> = target.names.iter().map(String::as_str).collect();
    let proof = erm_net::presence::check_presence(&client, &target.url, &names).await?.to_proof();
    let today = h.today();
    h.run(move |s| record_presence(s, id, proof, today)).await
}
