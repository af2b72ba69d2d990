//! Repository of listings and their event history. Every status change goes through
//! [`record_event`], which asks `domain::listing::apply` first and only then writes the event and
//! the new state, in the caller's transaction: a refused step leaves nothing behind.
//! Letters about listings are in [`letters`].


use std::collections::BTreeSet;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use erm_domain::deadline::{days_left, is_overdue, Deadline};
use erm_domain::listing::{apply, next_actions, Event, Listing, ListingData, ListingState, NextAction, Shown, Status};
use erm_domain::site::SiteKind;
use erm_domain::validation::Invalid;
use crate::{Result, StoreError};

use super::now_utc;

/// A listing with what its view shows: site, computed deadline, next actions.
#[derive(Debug, Clone, Serialize)]
pub struct ListingView {
    pub listing: Listing,
    pub site_name: String,
    pub site_domain: String,
    pub site_kind: SiteKind,
    pub site_has_reviews: bool,
    /// False while the site's contact data are "à vérifier".
    pub site_verified: bool,
    /// The publisher's answer deadline (art. 12.3 RGPD), once receipt is known.
    pub answer_deadline: Option<Deadline>,
    /// Days left until `answer_deadline` while an answer is awaited (negative once passed).
    pub days_left: Option<i64>,
    /// How the screens mark the answer date (overdue, within a week, later).
    pub urgency: Option<erm_domain::deadline::Urgency>,
    pub overdue: bool,
    pub next_actions: Vec<NextAction>,
}

/// One stored step of a listing's history.
#[derive(Debug, Clone, Serialize)]
pub struct StoredEvent {
    pub id: i64,
    pub listing_id: i64,
    pub occurred_on: NaiveDate,
    /// UTC, RFC 3339.
    pub recorded_at: String,
    pub from_status: Status,
    pub to_status: Status,
    pub event: Event,
    pub note: String,
}

const LISTING_COLUMNS: &str = "l.id, l.site_id, l.url, l.shows, l.found_on, l.status, l.request_sent_on, l.received_on, \
                               l.extension_notified_on, l.cnil_complaint_on, l.dereferencing_requested_on, l.notes, \
                               s.kind, s.name, s.domain, s.has_reviews, s.verified_on, s.builtin_key";

struct Joined {
    listing: Listing,
    site_name: String,
    site_domain: String,
    site_kind: SiteKind,
    site_has_reviews: bool,
    site_verified: bool,
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<Joined> {
    let shows: BTreeSet<Shown> = super::row::json(row, 3)?;
    let kind: String = row.get(12)?;
    let site_kind = SiteKind::parse(&kind).unwrap_or(SiteKind::Other);
    let builtin_key: Option<String> = row.get(17)?;
    let route = erm_domain::site::route_for(site_kind, builtin_key.as_deref());
    let state = ListingState {
        status: super::row::named(row, 5, Status::parse)?,
        found_on: row.get::<_, NaiveDate>(4)?,
        request_sent_on: row.get::<_, Option<NaiveDate>>(6)?,
        received_on: row.get::<_, Option<NaiveDate>>(7)?,
        extension_notified_on: row.get::<_, Option<NaiveDate>>(8)?,
        cnil_complaint_on: row.get::<_, Option<NaiveDate>>(9)?,
        dereferencing_requested_on: row.get::<_, Option<NaiveDate>>(10)?,
        erasure_applies: route.erasure_letter_offered(),
        route,
    };
    Ok(Joined {
        listing: Listing { id: row.get(0)?, site_id: row.get(1)?, url: row.get(2)?, shows, notes: row.get(11)?, state },
        site_name: row.get(13)?,
        site_domain: row.get(14)?,
        site_kind,
        site_has_reviews: row.get(15)?,
        site_verified: row.get::<_, Option<NaiveDate>>(16)?.is_some(),
    })
}

fn not_found() -> StoreError {
    StoreError::NotFound("Cette fiche n'existe plus.".into())
}

fn load(conn: &Connection, id: i64) -> Result<Joined> {
    conn.query_row(
        &format!("SELECT {LISTING_COLUMNS} FROM listing l JOIN site s ON s.id = l.site_id WHERE l.id = ?1"),
        [id],
        from_row,
    )
    .optional()?
    .ok_or_else(not_found)
}

pub fn get(conn: &Connection, id: i64) -> Result<Listing> {
    Ok(load(conn, id)?.listing)
}

fn view_of(j: Joined, today: NaiveDate) -> ListingView {
    let state = &j.listing.state;
    let answer_deadline = state.answer_deadline();
    let waiting = state.awaiting_answer();
    let days = answer_deadline.filter(|_| waiting).map(|d| days_left(d.due_on, today));
    let urgency = days.map(|d| erm_domain::deadline::urgency(d, erm_domain::deadline::ANSWER_SOON_DAYS));
    let overdue = waiting && answer_deadline.is_some_and(|d| is_overdue(d.due_on, today));
    let next_actions = next_actions(state, today);
    ListingView {
        listing: j.listing,
        site_name: j.site_name,
        site_domain: j.site_domain,
        site_kind: j.site_kind,
        site_has_reviews: j.site_has_reviews,
        site_verified: j.site_verified,
        answer_deadline,
        days_left: days,
        urgency,
        overdue,
        next_actions,
    }
}

/// One listing as its view shows it on `today`.
pub fn view(conn: &Connection, id: i64, today: NaiveDate) -> Result<ListingView> {
    Ok(view_of(load(conn, id)?, today))
}

/// All listings as of `today`: overdue first, then by nearest deadline, removed ones last.
pub fn list(conn: &Connection, today: NaiveDate) -> Result<Vec<ListingView>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {LISTING_COLUMNS} FROM listing l JOIN site s ON s.id = l.site_id ORDER BY l.found_on DESC, l.id DESC"
    ))?;
    let rows = stmt.query_map([], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    let mut views: Vec<ListingView> = rows.into_iter().map(|j| view_of(j, today)).collect();
    views.sort_by_key(|v| (v.listing.state.status == Status::Removed, !v.overdue, v.days_left.is_none(), v.days_left));
    Ok(views)
}

fn check_site(conn: &Connection, site_id: i64) -> Result<SiteKind> {
    let kind: Option<String> = conn.query_row("SELECT kind FROM site WHERE id = ?1", [site_id], |r| r.get(0)).optional()?;
    kind.and_then(|k| SiteKind::parse(&k))
        .ok_or_else(|| Invalid::single("site_id", "Ce site n'existe plus ; choisissez-en un autre.").into())
}

fn check_url_free(conn: &Connection, url: &str, except: Option<i64>) -> Result<()> {
    let other: Option<i64> =
        conn.query_row("SELECT id FROM listing WHERE url = ?1 AND id IS NOT ?2", params![url, except], |r| r.get(0)).optional()?;
    match other {
        Some(_) => Err(Invalid::single("url", "Cette adresse est déjà suivie dans une autre fiche.").into()),
        None => Ok(()),
    }
}

/// Stores a new listing (status "trouvée").
pub fn create(conn: &Connection, data: &ListingData) -> Result<Listing> {
    check_site(conn, data.site_id)?;
    check_url_free(conn, &data.url, None)?;
    let now = now_utc();
    let shows = serde_json::to_string(&data.shows).expect("shown items serialise");
    conn.execute(
        "INSERT INTO listing (site_id, url, shows, found_on, status, notes, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, 'found', ?5, ?6, ?6)",
        params![data.site_id, data.url, shows, data.found_on.to_string(), data.notes, now],
    )?;
    get(conn, conn.last_insert_rowid())
}

/// Edits what the doctor typed (URL, items shown, date found, notes). The site may change only
/// while nothing has been sent, and the date found cannot move after the request.
pub fn update(conn: &Connection, id: i64, data: &ListingData) -> Result<Listing> {
    let current = get(conn, id)?;
    check_site(conn, data.site_id)?;
    if data.site_id != current.site_id && current.state.status != Status::Found {
        return Err(StoreError::Refused("Le site d'une fiche ne peut plus changer une fois la demande d'effacement envoyée.".into()));
    }
    if let Some(sent) = current.state.request_sent_on {
        if data.found_on > sent {
            return Err(Invalid::single("found_on", "La fiche a été trouvée avant l'envoi de la demande : la date ne peut pas être postérieure.").into());
        }
    }
    check_url_free(conn, &data.url, Some(id))?;
    let shows = serde_json::to_string(&data.shows).expect("shown items serialise");
    conn.execute(
        "UPDATE listing SET site_id=?2, url=?3, shows=?4, found_on=?5, notes=?6, updated_at=?7 WHERE id=?1",
        params![id, data.site_id, data.url, shows, data.found_on.to_string(), data.notes, now_utc()],
    )?;
    get(conn, id)
}

/// Deletes a listing and its history; its letters stay, detached.
pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    if conn.execute("DELETE FROM listing WHERE id = ?1", [id])? == 0 {
        return Err(not_found());
    }
    Ok(())
}

/// Applies `event` to the listing through the state machine and, if accepted, stores the event
/// and the new state. Must run inside the caller's transaction.
pub fn record_event(conn: &Connection, id: i64, event: &Event, note: &str, today: NaiveDate) -> Result<Listing> {
    let current = get(conn, id)?;
    let next = apply(&current.state, event, today)?;
    let proof = serde_json::to_string(event).expect("events serialise");
    conn.execute(
        "INSERT INTO listing_event (listing_id, kind, occurred_on, recorded_at, from_status, to_status, proof, note) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![id, event.kind(), event.occurred_on().to_string(), now_utc(), current.state.status.as_str(),
                next.status.as_str(), proof, note.trim()],
    )?;
    conn.execute(
        "UPDATE listing SET status=?2, request_sent_on=?3, received_on=?4, extension_notified=?5, extension_notified_on=?6, \
         cnil_complaint_on=?7, dereferencing_requested_on=?8, updated_at=?9 WHERE id=?1",
        params![id, next.status.as_str(), next.request_sent_on, next.received_on,
                next.extension_notified_on.is_some(), next.extension_notified_on,
                next.cnil_complaint_on, next.dereferencing_requested_on, now_utc()],
    )?;
    get(conn, id)
}

/// The listing's history, oldest first.
pub fn events(conn: &Connection, id: i64) -> Result<Vec<StoredEvent>> {
    get(conn, id)?;
    let mut stmt = conn.prepare(
        "SELECT id, listing_id, occurred_on, recorded_at, from_status, to_status, proof, note \
         FROM listing_event WHERE listing_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([id], |r| {
            Ok(StoredEvent {
                id: r.get(0)?,
                listing_id: r.get(1)?,
                occurred_on: r.get::<_, NaiveDate>(2)?,
                recorded_at: r.get(3)?,
                from_status: super::row::named(r, 4, Status::parse)?,
                to_status: super::row::named(r, 5, Status::parse)?,
                event: super::row::json(r, 6)?,
                note: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
