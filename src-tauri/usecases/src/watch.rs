//! Veille: the alert feeds the doctor follows and the inbox of what they brought. Fetching runs
//! outside the store's lock ([`erm_net::feeds::fetch_feed`], given [`list_feeds`]' addresses);
//! [`record_fetch`] then stores the result in one transaction: new items once each (across feeds
//! and fetches), or the French error on the feed with every item already received kept.
//!
//! An item can be dismissed or become a listing, a review or a case. The `to_*_draft` functions
//! prefill the form; the `convert_to_*` functions save the record and mark the item in one
//! transaction. No draft quotes the snippet: a review's text and a case's statements must be the
//! author's exact words, which the doctor copies from the page.

use crate::handle::Handle;
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use erm_domain::listing::{self as listing_rules, ListingInput};
use erm_domain::review::{self as review_rules, Review, ReviewInput};
use erm_domain::site::site_on_url;
use erm_domain::text::french_date;
use erm_domain::validation::Invalid;
use erm_domain::web::parse_web_address;
use crate::error::Error;
use erm_store::watch::{self as repo, Item, ItemStatus, NewItem};
use erm_store::{cases as case_repo, listings as listing_repo, reviews as review_repo, settings, sites, Store};
use crate::cases::form::CaseForm;
use crate::cases::view::CaseDetail;
use crate::listings::view::ListingDetail;
use erm_net::feeds::{dedup_key, FeedError, ParsedFeed};

/// Setting key of the day of the last automatic fetch (a "AAAA-MM-JJ" JSON string).
pub const LAST_AUTO_FETCH_KEY: &str = "watch.last_auto_fetch";

/// A followed feed, as the Veille page lists it: the stored feed, its title being the address
/// until the feed has been read once ([`shown`]).
pub type FeedView = repo::Feed;

fn shown(f: repo::Feed) -> FeedView {
    if f.title.is_empty() {
        FeedView { title: f.url.clone(), ..f }
    } else {
        f
    }
}

/// Which items the inbox shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InboxFilter {
    /// Not yet dismissed nor converted.
    #[default]
    New,
    Dismissed,
    /// Became a listing, a review or a case.
    Converted,
    All,
}

/// One item of the inbox.
#[derive(Debug, Clone, Serialize)]
pub struct WatchItemView {
    pub id: i64,
    pub title: String,
    /// The real page address (redirect wrappers opened).
    pub url: String,
    /// "lemonde.fr".
    pub source_site: String,
    /// The catalogue site the address is on, when there is one.
    pub site_name: Option<String>,
    /// UTC, RFC 3339.
    pub published_at: Option<String>,
    /// "12 mars 2026", or empty when the feed gave no date.
    pub published_label: String,
    pub snippet: String,
    pub first_seen_at: String,
    pub status: ItemStatus,
    pub status_label: &'static str,
    /// The listing, review or case it became.
    pub linked_id: Option<i64>,
    /// The feed that brought it (`None` once that feed is removed).
    pub feed_id: Option<i64>,
    pub feed_title: Option<String>,
}

/// What a fetch brought.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FetchReport {
    pub feed_id: i64,
    pub new_items: usize,
    /// Items already in the inbox (from this feed or another).
    pub duplicates: usize,
    /// Entries without a web address, left out.
    pub skipped: usize,
    /// The French message when the fetch failed (also kept on the feed).
    pub error: Option<String>,
}

/// Follows the feed at `url`. A second copy of a followed feed is refused on `url`.
pub fn add_feed(store: &mut Store, url: &str) -> Result<FeedView, Error> {
    let parsed = parse_web_address(url).map_err(|e| Invalid::single("url", e.message(url)))?;
    let url = parsed.to_string();
    if repo::feed_by_url(store.conn(), &url)?.is_some() {
        return Err(Invalid::single("url", "Ce flux est déjà suivi.").into());
    }
    let feed = store.transaction(|tx| repo::insert_feed(tx, &url))?;
    log::info!("watch feed {} added", feed.id);
    Ok(shown(feed))
}

/// Stops following a feed. What it brought stays in the inbox.
pub fn remove_feed(store: &mut Store, feed_id: i64) -> Result<(), Error> {
    store.transaction(|tx| repo::delete_feed(tx, feed_id))?;
    log::info!("watch feed {feed_id} removed");
    Ok(())
}

pub fn list_feeds(store: &Store) -> Result<Vec<FeedView>, Error> {
    Ok(repo::list_feeds(store.conn())?.into_iter().map(shown).collect())
}

/// The inbox: new items first, then by publication date, newest first.
pub fn inbox(store: &Store, filter: InboxFilter) -> Result<Vec<WatchItemView>, Error> {
    let statuses: &[ItemStatus] = match filter {
        InboxFilter::New => &[ItemStatus::New],
        InboxFilter::Dismissed => &[ItemStatus::Dismissed],
        InboxFilter::Converted => &[ItemStatus::Listing, ItemStatus::Review, ItemStatus::Case],
        InboxFilter::All => &[],
    };
    let catalogue = sites::list(store.conn())?;
    Ok(repo::items(store.conn(), statuses)?.into_iter().map(|i| item_view(i, &catalogue)).collect())
}

fn item_view(i: Item, catalogue: &[erm_domain::site::Site]) -> WatchItemView {
    let published_label = i
        .published_at
        .as_deref()
        .and_then(|p| DateTime::parse_from_rfc3339(p).ok())
        .map(|d| french_date(d.with_timezone(&Utc).date_naive()))
        .unwrap_or_default();
    WatchItemView {
        site_name: site_on_url(catalogue, &i.url).map(|s| s.name.clone()),
        id: i.id,
        title: i.title,
        url: i.url,
        source_site: i.source_site,
        published_at: i.published_at,
        published_label,
        snippet: i.snippet,
        first_seen_at: i.first_seen_at,
        status_label: i.status.label(),
        status: i.status,
        linked_id: i.linked_id,
        feed_id: i.feed_id,
        feed_title: i.feed_title,
    }
}

/// Whether the start-up fetch should run on `today`: there is a feed and none ran today.
pub fn due_for_daily_fetch(store: &Store, today: NaiveDate) -> Result<bool, Error> {
    if repo::list_feeds(store.conn())?.is_empty() {
        return Ok(false);
    }
    let last: Option<NaiveDate> = settings::get(store.conn(), LAST_AUTO_FETCH_KEY)?;
    Ok(last.is_none_or(|d| d < today))
}

/// Notes that the automatic fetch ran on `today` (call it before fetching, so a failing feed
/// is not retried at every start the same day).
pub fn mark_daily_fetch(store: &mut Store, today: NaiveDate) -> Result<(), Error> {
    Ok(store.transaction(|tx| settings::set(tx, LAST_AUTO_FETCH_KEY, &today))?)
}

/// Stores what fetching `feed_id` gave, in one transaction. Success: each item not yet in the
/// inbox is added (one already there, from any feed, is left as it is) and the feed's error is
/// cleared. Failure: the French message is kept on the feed and no item is touched.
pub fn record_fetch(store: &mut Store, feed_id: i64, result: Result<ParsedFeed, FeedError>, now: DateTime<Utc>) -> Result<FetchReport, Error> {
    let at = now.to_rfc3339_opts(SecondsFormat::Secs, true);
    repo::get_feed(store.conn(), feed_id)?;
    let parsed = match result {
        Ok(parsed) => parsed,
        Err(e) => {
            let message = e.to_string();
            store.transaction(|tx| repo::record_failure(tx, feed_id, &message, &at))?;
            log::warn!("watch feed {feed_id}: fetch failed ({e:?})");
            return Ok(FetchReport { feed_id, new_items: 0, duplicates: 0, skipped: 0, error: Some(message) });
        }
    };
    let mut report = FetchReport { feed_id, new_items: 0, duplicates: 0, skipped: parsed.skipped, error: None };
    let items: Vec<NewItem> = parsed
        .items
        .iter()
        .filter_map(|item| {
            let key = dedup_key(&item.link);
            if key.is_none() {
                report.skipped += 1;
            }
            Some(NewItem {
                title: item.title.clone(),
                url: item.link.clone(),
                source_site: item.source_site.clone(),
                published_at: item.published.or(item.updated).map(|d| d.to_rfc3339_opts(SecondsFormat::Secs, true)),
                snippet: item.snippet.clone(),
                dedup_key: key?,
            })
        })
        .collect();
    let (new_items, duplicates) = store.transaction(|tx| {
        let mut added = 0;
        for item in &items {
            if repo::insert_item(tx, feed_id, item, &at)? {
                added += 1;
            }
        }
        repo::record_success(tx, feed_id, &parsed.title, &at)?;
        Ok::<_, Error>((added, items.len() - added))
    })?;
    report.new_items = new_items;
    report.duplicates = duplicates;
    log::info!("watch feed {feed_id}: {new_items} new, {duplicates} already seen, {} skipped", report.skipped);
    Ok(report)
}

/// Sets a new item aside. A converted item keeps its status.
pub fn dismiss(store: &mut Store, item_id: i64) -> Result<WatchItemView, Error> {
    set_plain_status(store, item_id, ItemStatus::Dismissed)
}

/// Brings a dismissed item back to the new ones.
pub fn restore(store: &mut Store, item_id: i64) -> Result<WatchItemView, Error> {
    set_plain_status(store, item_id, ItemStatus::New)
}

fn set_plain_status(store: &mut Store, item_id: i64, to: ItemStatus) -> Result<WatchItemView, Error> {
    let item = store.transaction(|tx| -> Result<_, Error> {
        let item = repo::get_item(tx, item_id)?;
        refuse_converted(&item)?;
        Ok(repo::set_status(tx, item_id, to, None)?)
    })?;
    Ok(item_view(item, &sites::list(store.conn())?))
}

fn refuse_converted(item: &Item) -> Result<(), Error> {
    let what = match item.status {
        ItemStatus::Listing => "une fiche",
        ItemStatus::Review => "un avis",
        ItemStatus::Case => "un dossier",
        ItemStatus::New | ItemStatus::Dismissed => return Ok(()),
    };
    Err(Error::Refused(format!("Cet élément de la veille est déjà devenu {what}.")))
}

/// What an item became.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Conversion {
    Listing,
    Review,
    Case,
}

impl Conversion {
    fn status(self) -> ItemStatus {
        match self {
            Conversion::Listing => ItemStatus::Listing,
            Conversion::Review => ItemStatus::Review,
            Conversion::Case => ItemStatus::Case,
        }
    }
}

/// Marks an item as having become the listing, review or case `linked_id` (which must exist),
/// for a record saved by another path. Prefer the `convert_to_*` functions, which save and mark
/// together.
pub fn mark_converted(store: &mut Store, item_id: i64, kind: Conversion, linked_id: i64) -> Result<WatchItemView, Error> {
    let item = store.transaction(|tx| {
        match kind {
            Conversion::Listing => listing_repo::get(tx, linked_id).map(drop)?,
            Conversion::Review => review_repo::get(tx, linked_id).map(drop)?,
            Conversion::Case => case_repo::get(tx, linked_id).map(drop)?,
        }
        mark_in(tx, item_id, kind, linked_id)
    })?;
    Ok(item_view(item, &sites::list(store.conn())?))
}

fn mark_in(tx: &rusqlite::Connection, item_id: i64, kind: Conversion, linked_id: i64) -> Result<Item, Error> {
    let item = repo::get_item(tx, item_id)?;
    refuse_converted(&item)?;
    Ok(repo::set_status(tx, item_id, kind.status(), Some(linked_id))?)
}

/// The listing form prefilled from an item.
#[derive(Debug, Clone, Serialize)]
pub struct ListingDraft {
    pub item_id: i64,
    /// The item's title, shown above the form (not a field).
    pub title: String,
    pub url: String,
    /// The catalogue site the address is on; `None` when no site matches (the doctor picks).
    pub site_id: Option<i64>,
    pub site_name: Option<String>,
    pub found_on: NaiveDate,
    pub notes: String,
}

/// The review form prefilled from an item: the page and its site. The text, the author and the
/// rating stay empty — the review's text must be the author's exact words.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewDraft {
    pub item_id: i64,
    pub title: String,
    pub url: String,
    /// The catalogue site's name, else the page's host.
    pub platform: String,
    pub site_id: Option<i64>,
    /// "JJ/MM/AAAA" from the feed's date, or empty.
    pub published: String,
    pub snippet: String,
}

/// The case form prefilled from an item: title, address and site. No statement is prefilled:
/// quotes must be the doctor's copy of the exact words. The feed's date is only a hint for the
/// first publication (an alert may come days after).
#[derive(Debug, Clone, Serialize)]
pub struct CaseItemDraft {
    pub item_id: i64,
    pub title: String,
    pub url: String,
    pub site_name: String,
    pub published_hint: Option<NaiveDate>,
    /// What the hint means for the first publication, in French, shown above the form.
    pub published_note: Option<String>,
    /// The day the item arrived, as the discovery date (never after today).
    pub discovered_on: NaiveDate,
    pub snippet: String,
}

fn open_item(store: &Store, item_id: i64) -> Result<Item, Error> {
    let item = repo::get_item(store.conn(), item_id)?;
    refuse_converted(&item)?;
    Ok(item)
}

fn published_day(item: &Item) -> Option<NaiveDate> {
    item.published_at.as_deref().and_then(|p| DateTime::parse_from_rfc3339(p).ok()).map(|d| d.with_timezone(&Utc).date_naive())
}

pub fn to_listing_draft(store: &Store, item_id: i64, today: NaiveDate) -> Result<ListingDraft, Error> {
    let item = open_item(store, item_id)?;
    let catalogue = sites::list(store.conn())?;
    let site = site_on_url(&catalogue, &item.url);
    Ok(ListingDraft {
        item_id,
        site_id: site.and_then(|s| s.id),
        site_name: site.map(|s| s.name.clone()),
        title: item.title,
        url: item.url,
        found_on: today,
        notes: String::new(),
    })
}

pub fn to_review_draft(store: &Store, item_id: i64) -> Result<ReviewDraft, Error> {
    let item = open_item(store, item_id)?;
    let catalogue = sites::list(store.conn())?;
    let site = site_on_url(&catalogue, &item.url);
    Ok(ReviewDraft {
        item_id,
        platform: site.map_or_else(|| item.source_site.clone(), |s| s.name.clone()),
        site_id: site.and_then(|s| s.id),
        published: published_day(&item).map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default(),
        title: item.title,
        url: item.url,
        snippet: item.snippet,
    })
}

/// What an item can become, prefilled from it.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Draft {
    Listing(ListingDraft),
    Review(ReviewDraft),
    Case(CaseItemDraft),
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftKind {
    Listing,
    Review,
    Case,
}

/// « Créer une fiche / un avis / un dossier » from an item: its form, prefilled.
pub fn draft(store: &Store, item_id: i64, kind: DraftKind, today: NaiveDate) -> Result<Draft, Error> {
    Ok(match kind {
        DraftKind::Listing => Draft::Listing(to_listing_draft(store, item_id, today)?),
        DraftKind::Review => Draft::Review(to_review_draft(store, item_id)?),
        DraftKind::Case => Draft::Case(to_case_draft(store, item_id, today)?),
    })
}

pub fn to_case_draft(store: &Store, item_id: i64, today: NaiveDate) -> Result<CaseItemDraft, Error> {
    let item = open_item(store, item_id)?;
    let catalogue = sites::list(store.conn())?;
    let site_name = site_on_url(&catalogue, &item.url).map_or_else(|| item.source_site.clone(), |s| s.name.clone());
    let discovered_on = DateTime::parse_from_rfc3339(&item.first_seen_at).map(|d| d.with_timezone(&Utc).date_naive()).unwrap_or_else(|_| Utc::now().date_naive());
    let published_hint = published_day(&item);
    let published_note = published_hint.map(|on| {
        format!("D'après l'alerte, le contenu était en ligne le {} : sa première publication date de ce jour ou d'avant. Vérifiez sur la page la date qu'elle affiche, puis indiquez-la.", french_date(on))
    });
    Ok(CaseItemDraft { item_id, published_hint, published_note, title: item.title, url: item.url, site_name, discovered_on: discovered_on.min(today), snippet: item.snippet })
}

/// Saves the listing of the form and marks the item as that listing, together: if either is
/// refused, neither is written.
pub fn convert_to_listing(store: &mut Store, item_id: i64, input: &ListingInput, today: NaiveDate) -> Result<ListingDetail, Error> {
    open_item(store, item_id)?;
    let data = listing_rules::validate(input, today)?;
    let site = sites::get(store.conn(), data.site_id)?;
    listing_rules::check_site_matches(&data, &site, &sites::list(store.conn())?, input.site_mismatch_ok)?;
    let listing = store.transaction(|tx| {
        let listing = listing_repo::create(tx, &data)?;
        mark_in(tx, item_id, Conversion::Listing, listing.id)?;
        Ok::<_, Error>(listing)
    })?;
    log::info!("watch item {item_id} became listing {}", listing.id);
    crate::listings::detail(store, listing.id, today)
}

/// Saves the review of the form and marks the item as that review, together.
pub fn convert_to_review(store: &mut Store, item_id: i64, input: &ReviewInput, today: NaiveDate) -> Result<Review, Error> {
    open_item(store, item_id)?;
    let review = review_rules::validate(input, today)?;
    let saved = store.transaction(|tx| {
        let saved = review_repo::insert(tx, &review)?;
        mark_in(tx, item_id, Conversion::Review, saved.id)?;
        Ok::<_, Error>(saved)
    })?;
    log::info!("watch item {item_id} became review {}", saved.id);
    Ok(saved)
}

/// Opens the case of the form and marks the item as that case, together (the checks of
/// [`crate::cases::open`] apply).
pub fn convert_to_case(store: &mut Store, item_id: i64, form: &CaseForm, today: NaiveDate) -> Result<CaseDetail, Error> {
    open_item(store, item_id)?;
    let input = form.validate(today)?;
    if let Some(review_id) = input.review_id {
        review_repo::get(store.conn(), review_id)?;
        if let Some(existing) = case_repo::for_review(store.conn(), review_id)? {
            return Err(Error::Refused(format!("Un dossier est déjà ouvert pour cet avis : « {} ».", existing.title)));
        }
    }
    let case = store.transaction(|tx| {
        let case = case_repo::insert(tx, &input, today)?;
        mark_in(tx, item_id, Conversion::Case, case.id)?;
        Ok::<_, Error>(case)
    })?;
    log::info!("watch item {item_id} became case {}", case.id);
    crate::cases::detail(store, case.id, today)
}

/// « Relever les flux »: every feed fetched without holding the store (one after another),
/// each result recorded as it comes; `progress` gets (done, total).
pub async fn fetch_all(h: &impl Handle, mut progress: impl FnMut(usize, usize) + Send) -> Result<Vec<FetchReport>, Error> {
    let feeds = h.run(|s| list_feeds(s)).await?;
    let client = h.http()?;
    let mut reports = Vec::new();
    progress(0, feeds.len());
    for (i, feed) in feeds.iter().enumerate() {
        let fetched = erm_net::feeds::fetch_feed(&client, &feed.url).await;
        let id = feed.id;
        reports.push(h.run(move |s| record_fetch(s, id, fetched, Utc::now())).await?);
        progress(i + 1, feeds.len());
    }
    Ok(reports)
}

/// At start-up, at most once a day: `None` when today's fetch was already made.
pub async fn fetch_if_due(h: &impl Handle) -> Result<Option<Vec<FetchReport>>, Error> {
    let today = h.today();
    let due = h
        .run(move |s| {
            let due = due_for_daily_fetch(s, today)?;
            if due {
                mark_daily_fetch(s, today)?;
            }
            Ok(due)
        })
        .await?;
    if !due {
        return Ok(None);
    }
    fetch_all(h, |_, _| {}).await.map(Some)
}
