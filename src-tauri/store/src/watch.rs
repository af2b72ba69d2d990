//! Repository of the Veille: followed feeds (`watch_feed`) and the items they brought
//! (`watch_item`), each item stored once under its de-duplication key whatever feed or fetch
//! brings it again. Items outlive their feed (ON DELETE SET NULL): what was received is kept.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use crate::{Result, StoreError};

use super::now_utc;
use super::row::named;

/// Where an item of the inbox stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    New,
    Dismissed,
    /// Became a listing (`linked_id` is the listing's id).
    Listing,
    /// Became a review.
    Review,
    /// Became a case file.
    Case,
}

impl ItemStatus {
    pub const ALL: [ItemStatus; 5] = [ItemStatus::New, ItemStatus::Dismissed, ItemStatus::Listing, ItemStatus::Review, ItemStatus::Case];

    pub fn as_str(self) -> &'static str {
        match self {
            ItemStatus::New => "new",
            ItemStatus::Dismissed => "dismissed",
            ItemStatus::Listing => "listing",
            ItemStatus::Review => "review",
            ItemStatus::Case => "case",
        }
    }

    pub fn parse(s: &str) -> Option<ItemStatus> {
        ItemStatus::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            ItemStatus::New => "Nouveau",
            ItemStatus::Dismissed => "Écarté",
            ItemStatus::Listing => "Devenu une fiche",
            ItemStatus::Review => "Devenu un avis",
            ItemStatus::Case => "Devenu un dossier",
        }
    }

    /// Whether the item became a listing, a review or a case.
    pub fn is_converted(self) -> bool {
        matches!(self, ItemStatus::Listing | ItemStatus::Review | ItemStatus::Case)
    }
}

/// A followed feed, with its item counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Feed {
    pub id: i64,
    pub url: String,
    pub title: String,
    pub added_at: String,
    pub last_fetched_at: Option<String>,
    /// The French message of the last attempt when it failed.
    pub last_error: Option<String>,
    pub item_count: i64,
    pub new_count: i64,
}

/// An item as received, ready to be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewItem {
    pub title: String,
    pub url: String,
    pub source_site: String,
    /// UTC, RFC 3339.
    pub published_at: Option<String>,
    pub snippet: String,
    pub dedup_key: String,
}

/// A stored item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    pub id: i64,
    pub feed_id: Option<i64>,
    /// The feed's title (or address when it has none); `None` once the feed is removed.
    pub feed_title: Option<String>,
    pub title: String,
    pub url: String,
    pub source_site: String,
    pub published_at: Option<String>,
    pub snippet: String,
    pub first_seen_at: String,
    pub status: ItemStatus,
    pub linked_id: Option<i64>,
}

fn feed_not_found() -> StoreError {
    StoreError::NotFound("Ce flux n'est plus suivi.".into())
}

fn item_not_found() -> StoreError {
    StoreError::NotFound("Cet élément de la veille n'existe plus.".into())
}

const FEED_COLUMNS: &str = "f.id, f.url, f.title, f.added_at, f.last_fetched_at, f.last_error, \
     (SELECT count(*) FROM watch_item i WHERE i.feed_id = f.id), \
     (SELECT count(*) FROM watch_item i WHERE i.feed_id = f.id AND i.status = 'new')";

fn feed_row(r: &Row<'_>) -> rusqlite::Result<Feed> {
    Ok(Feed {
        id: r.get(0)?,
        url: r.get(1)?,
        title: r.get(2)?,
        added_at: r.get(3)?,
        last_fetched_at: r.get(4)?,
        last_error: r.get(5)?,
        item_count: r.get(6)?,
        new_count: r.get(7)?,
    })
}

pub fn insert_feed(conn: &Connection, url: &str) -> Result<Feed> {
    let now = now_utc();
    conn.execute(
        "INSERT INTO watch_feed (url, added_at, created_at, updated_at) VALUES (?1, ?2, ?2, ?2)",
        params![url, now],
    )?;
    get_feed(conn, conn.last_insert_rowid())
}

pub fn get_feed(conn: &Connection, id: i64) -> Result<Feed> {
    conn.query_row(&format!("SELECT {FEED_COLUMNS} FROM watch_feed f WHERE f.id = ?1"), [id], feed_row)
        .optional()?
        .ok_or_else(feed_not_found)
}

pub fn feed_by_url(conn: &Connection, url: &str) -> Result<Option<Feed>> {
    Ok(conn.query_row(&format!("SELECT {FEED_COLUMNS} FROM watch_feed f WHERE f.url = ?1"), [url], feed_row).optional()?)
}

/// Every feed, in the order added.
pub fn list_feeds(conn: &Connection) -> Result<Vec<Feed>> {
    let mut stmt = conn.prepare(&format!("SELECT {FEED_COLUMNS} FROM watch_feed f ORDER BY f.id"))?;
    let rows = stmt.query_map([], feed_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Stops following a feed; its items stay (detached).
pub fn delete_feed(conn: &Connection, id: i64) -> Result<()> {
    if conn.execute("DELETE FROM watch_feed WHERE id = ?1", [id])? == 0 {
        return Err(feed_not_found());
    }
    Ok(())
}

/// A successful fetch at `at`: the error is cleared, the feed's own title kept when it gives one.
pub fn record_success(conn: &Connection, id: i64, title: &str, at: &str) -> Result<()> {
    let n = conn.execute(
        "UPDATE watch_feed SET last_fetched_at = ?2, last_error = NULL, \
         title = CASE WHEN ?3 <> '' THEN ?3 ELSE title END, updated_at = ?4 WHERE id = ?1",
        params![id, at, title, now_utc()],
    )?;
    if n == 0 {
        return Err(feed_not_found());
    }
    Ok(())
}

/// A failed fetch at `at`: its French message is kept on the feed; nothing else changes.
pub fn record_failure(conn: &Connection, id: i64, message: &str, at: &str) -> Result<()> {
    let n = conn.execute(
        "UPDATE watch_feed SET last_fetched_at = ?2, last_error = ?3, updated_at = ?4 WHERE id = ?1",
        params![id, at, message, now_utc()],
    )?;
    if n == 0 {
        return Err(feed_not_found());
    }
    Ok(())
}

/// Stores `item` unless an item with its key is already there; true when it was new.
pub fn insert_item(conn: &Connection, feed_id: i64, item: &NewItem, seen_at: &str) -> Result<bool> {
    let n = conn.execute(
        "INSERT INTO watch_item (feed_id, title, url, source_site, published_at, snippet, first_seen_at, dedup_key, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7) ON CONFLICT (dedup_key) DO NOTHING",
        params![feed_id, item.title, item.url, item.source_site, item.published_at, item.snippet, seen_at, item.dedup_key],
    )?;
    Ok(n == 1)
}

const ITEM_COLUMNS: &str = "i.id, i.feed_id, CASE WHEN f.id IS NULL THEN NULL WHEN f.title <> '' THEN f.title ELSE f.url END, \
     i.title, i.url, i.source_site, i.published_at, i.snippet, i.first_seen_at, i.status, i.linked_id";

fn item_row(r: &Row<'_>) -> rusqlite::Result<Item> {
    Ok(Item {
        id: r.get(0)?,
        feed_id: r.get(1)?,
        feed_title: r.get(2)?,
        title: r.get(3)?,
        url: r.get(4)?,
        source_site: r.get(5)?,
        published_at: r.get(6)?,
        snippet: r.get(7)?,
        first_seen_at: r.get(8)?,
        status: named(r, 9, ItemStatus::parse)?,
        linked_id: r.get(10)?,
    })
}

pub fn get_item(conn: &Connection, id: i64) -> Result<Item> {
    conn.query_row(
        &format!("SELECT {ITEM_COLUMNS} FROM watch_item i LEFT JOIN watch_feed f ON f.id = i.feed_id WHERE i.id = ?1"),
        [id],
        item_row,
    )
    .optional()?
    .ok_or_else(item_not_found)
}

/// The items whose status is in `statuses` (all when empty): new ones first, then the most
/// recently published (undated ones by arrival), newest first.
pub fn items(conn: &Connection, statuses: &[ItemStatus]) -> Result<Vec<Item>> {
    let wanted: Vec<&str> = if statuses.is_empty() { ItemStatus::ALL.iter().map(|s| s.as_str()).collect() } else { statuses.iter().map(|s| s.as_str()).collect() };
    let json = serde_json::to_string(&wanted).expect("status names serialise");
    let mut stmt = conn.prepare(&format!(
        "SELECT {ITEM_COLUMNS} FROM watch_item i LEFT JOIN watch_feed f ON f.id = i.feed_id \
         WHERE i.status IN (SELECT value FROM json_each(?1)) \
         ORDER BY i.status <> 'new', coalesce(i.published_at, i.first_seen_at) DESC, i.id DESC"
    ))?;
    let rows = stmt.query_map([json], item_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Moves an item to `status` (with the record it became, for a conversion).
pub fn set_status(conn: &Connection, id: i64, status: ItemStatus, linked_id: Option<i64>) -> Result<Item> {
    let n = conn.execute(
        "UPDATE watch_item SET status = ?2, linked_id = ?3, updated_at = ?4 WHERE id = ?1",
        params![id, status.as_str(), linked_id, now_utc()],
    )?;
    if n == 0 {
        return Err(item_not_found());
    }
    get_item(conn, id)
}
