//! Repository of reviews: recording (one by one or a whole import), the inbox list with its
//! filters and full-text search, status moves, qualification and replies.
//!
//! Every function takes a `&Connection`; the ones that write expect to run inside
//! [`super::Store::transaction`] so that a refused step leaves nothing behind. Status rules come
//! from [`erm_domain::review::status`]; this module only applies them.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use erm_domain::review::qualification::validate_qualification;
use erm_domain::review::AckKey;
use erm_domain::review::{
    check_transition, normalise_text, Ground, NewReview, PublishedDate, Qualification, QualificationKind,
    QuotedStatement, Reply, Review, ReviewStatus, MAX_TEXT_CHARS,
};
use erm_domain::text::char_len;
use erm_domain::validation::Invalid;
use crate::{Result, StoreError};

use super::now_utc;

mod search;
pub mod stats;
pub use search::{fts_query, list, platforms, ReviewFilter, ReviewPage, DEFAULT_PAGE, MAX_PAGE};

const COLUMNS: &str = "id, platform, site_id, url, author, published_on, published_approx, published_seen_text, \
     published_seen_on, rating, text, status, qualification, qualified_on, reply_text, replied_on, left_alone_on, \
     created_at, updated_at, text_translation";

fn not_found() -> StoreError {
    StoreError::NotFound("Cet avis n'existe plus.".into())
}

use super::row::unreadable;

fn bad_value(col: usize, what: &str) -> rusqlite::Error {
    unreadable(col, format!("unknown value {what:?}"))
}

/// A row without its statements (loaded apart, only for illicit reviews).
fn from_row(row: &Row<'_>) -> rusqlite::Result<Review> {
    let published_on = row.get::<_, NaiveDate>(5)?;
    let published = if row.get::<_, bool>(6)? {
        PublishedDate::Approximate { seen_text: row.get(7)?, seen_on: row.get::<_, NaiveDate>(8)?, estimated_on: published_on }
    } else {
        PublishedDate::Exact { on: published_on }
    };
    let qualification: Option<String> = row.get(12)?;
    let qualification = match qualification.as_deref() {
        None => None,
        Some(q) => Some(match QualificationKind::parse(q).ok_or_else(|| bad_value(12, q))? {
            QualificationKind::Lawful => Qualification::Lawful,
            QualificationKind::Illicit => Qualification::Illicit { statements: Vec::new() },
        }),
    };
    let reply_text: Option<String> = row.get(14)?;
    let replied_on = row.get::<_, Option<NaiveDate>>(15)?;
    Ok(Review {
        id: row.get(0)?,
        platform: row.get(1)?,
        site_id: row.get(2)?,
        url: row.get(3)?,
        author: row.get(4)?,
        published,
        rating: row.get(9)?,
        text: row.get(10)?,
        text_translation: row.get(19)?,
        status: super::row::named(row, 11, ReviewStatus::parse)?,
        qualification,
        qualified_on: row.get::<_, Option<NaiveDate>>(13)?,
        reply: reply_text.zip(replied_on).map(|(text, replied_on)| Reply { text, replied_on }),
        left_alone_on: row.get::<_, Option<NaiveDate>>(16)?,
        created_at: row.get(17)?,
        updated_at: row.get(18)?,
    })
}

fn load_statements(conn: &Connection, review: &mut Review) -> Result<()> {
    if let Some(Qualification::Illicit { statements }) = &mut review.qualification {
        let mut stmt = conn.prepare_cached(
            "SELECT quote, grounds FROM review_statement WHERE review_id = ?1 ORDER BY position",
        )?;
        let rows = stmt.query_map([review.id], |r| {
            let grounds: String = r.get(1)?;
            let names: Vec<String> = serde_json::from_str(&grounds).map_err(|e| unreadable(1, e))?;
            let grounds = names
                .iter()
                .map(|n| Ground::parse(n).ok_or_else(|| bad_value(1, n)))
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(QuotedStatement { quote: r.get(0)?, grounds })
        })?;
        *statements = rows.collect::<rusqlite::Result<_>>()?;
    }
    Ok(())
}

pub fn get(conn: &Connection, id: i64) -> Result<Review> {
    let mut review = conn
        .query_row(&format!("SELECT {COLUMNS} FROM review WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or_else(not_found)?;
    load_statements(conn, &mut review)?;
    Ok(review)
}

/// A chosen catalogue site must still exist (the foreign key would only give an SQL error).
fn check_site(conn: &Connection, site_id: Option<i64>) -> Result<()> {
    if let Some(site_id) = site_id {
        let exists: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM site WHERE id = ?1)", [site_id], |x| x.get(0))?;
        if !exists {
            return Err(Invalid::single("site_id", "Cette plateforme n'existe plus dans le catalogue des sites.").into());
        }
    }
    Ok(())
}

/// Links to the catalogue site named like the platform when none was chosen (`?1` = platform, `?2` = site id).
const SITE_OR_NAMESAKE: &str = "coalesce(?2, (SELECT id FROM site WHERE name = ?1 COLLATE NOCASE ORDER BY id LIMIT 1))";

/// Inserts `r` unless a review with the same dedup key exists. `Ok(None)` = already present.
/// Without a `site_id`, the review is linked to the catalogue site of the same name, if any.
fn insert_if_new(conn: &Connection, r: &NewReview, now: &str) -> Result<Option<i64>> {
    let (approx, seen_text, seen_on) = match &r.published {
        PublishedDate::Exact { .. } => (false, None, None),
        PublishedDate::Approximate { seen_text, seen_on, .. } => (true, Some(seen_text.as_str()), Some(*seen_on)),
    };
    let status = if r.reply.is_some() { ReviewStatus::Answered } else { ReviewStatus::New };
    check_site(conn, r.site_id)?;
    if let Some(legacy) = r.legacy_dedup_key() {
        // Imported before the translation was kept apart: the same review. Its text becomes the
        // author's words, unless quotes of a qualification were taken from the whole text.
        let id: Option<i64> =
            conn.query_row("SELECT id FROM review WHERE dedup_key = ?1", [&legacy], |x| x.get(0)).optional()?;
        if let Some(id) = id {
            conn.execute(
                "UPDATE review SET text = ?2, text_translation = ?3, dedup_key = ?4, updated_at = ?5 \
                 WHERE id = ?1 AND qualification IS NULL \
                 AND NOT EXISTS (SELECT 1 FROM review WHERE dedup_key = ?4)",
                params![id, r.text, r.text_translation, r.dedup_key(), now],
            )?;
            return Ok(None);
        }
    }
    let mut stmt = conn.prepare_cached(&format!(
        "INSERT INTO review (platform, site_id, url, author, published_on, published_approx, published_seen_text, \
         published_seen_on, rating, text, status, reply_text, replied_on, dedup_key, created_at, updated_at, \
         text_translation) \
         VALUES (?1, {SITE_OR_NAMESAKE}, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15, ?16) \
         ON CONFLICT (dedup_key) DO NOTHING"
    ))?;
    let changed = stmt.execute(params![
        r.platform,
        r.site_id,
        r.url,
        r.author,
        r.published.date(),
        approx,
        seen_text,
        seen_on,
        r.rating,
        r.text,
        status.as_str(),
        r.reply.as_ref().map(|x| x.text.as_str()),
        r.reply.as_ref().map(|x| x.replied_on),
        r.dedup_key(),
        now,
        r.text_translation,
    ])?;
    Ok((changed == 1).then(|| conn.last_insert_rowid()))
}

/// Records one review typed or pasted by the doctor. Refused if the same review is recorded.
pub fn insert(conn: &Connection, r: &NewReview) -> Result<Review> {
    match insert_if_new(conn, r, &now_utc())? {
        Some(id) => get(conn, id),
        None => Err(StoreError::Refused(format!(
            "Cet avis de « {} » sur {} est déjà enregistré.",
            r.author, r.platform
        ))),
    }
}

/// How many reviews an import wrote, and how many were already there (or twice in the file).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct InsertCounts {
    pub inserted: usize,
    pub duplicates: usize,
}

/// Records many reviews in the caller's transaction, skipping those already present.
pub fn insert_many(conn: &Connection, reviews: &[NewReview]) -> Result<InsertCounts> {
    insert_many_with_progress(conn, reviews, |_| {})
}

/// [`insert_many`], telling `progress` how many rows are done every 500 rows and at the end.
pub fn insert_many_with_progress(conn: &Connection, reviews: &[NewReview], mut progress: impl FnMut(usize)) -> Result<InsertCounts> {
    let now = now_utc();
    let mut counts = InsertCounts::default();
    for (i, r) in reviews.iter().enumerate() {
        match insert_if_new(conn, r, &now)? {
            Some(_) => counts.inserted += 1,
            None => counts.duplicates += 1,
        }
        if (i + 1) % 500 == 0 {
            progress(i + 1);
        }
    }
    progress(reviews.len());
    Ok(counts)
}

/// Corrects what was recorded about a review (a typo in a pasted text, the real date found
/// later…). Its status, qualification and reply stay; so does Google's translation while the
/// text is unchanged (the entry form does not send it back). Refused if the new content makes it the
/// same review as another one, or if a quoted statement no longer occurs in the new text.
pub fn update(conn: &Connection, id: i64, r: &NewReview) -> Result<Review> {
    let current = get(conn, id)?;
    if let Some(q) = &current.qualification {
        validate_qualification(q, &r.text).map_err(|_| {
            StoreError::Refused(
                "Un propos cité dans la qualification ne figure plus dans le nouveau texte : modifiez d'abord \
                 la qualification."
                    .into(),
            )
        })?;
    }
    check_site(conn, r.site_id)?;
    let key = r.dedup_key();
    let clash: Option<i64> = conn
        .query_row("SELECT id FROM review WHERE dedup_key = ?1 AND id <> ?2", params![key, id], |x| x.get(0))
        .optional()?;
    if clash.is_some() {
        return Err(StoreError::Refused("Un autre avis enregistré a déjà exactement ce contenu.".into()));
    }
    let (approx, seen_text, seen_on) = match &r.published {
        PublishedDate::Exact { .. } => (false, None, None),
        PublishedDate::Approximate { seen_text, seen_on, .. } => (true, Some(seen_text.as_str()), Some(*seen_on)),
    };
    conn.execute(
        &format!(
            "UPDATE review SET platform = ?1, site_id = {SITE_OR_NAMESAKE}, url = ?3, author = ?4, published_on = ?5, \
             published_approx = ?6, published_seen_text = ?7, published_seen_on = ?8, rating = ?9, text = ?10, \
             dedup_key = ?11, updated_at = ?12, \
             text_translation = coalesce(?14, CASE WHEN text = ?10 THEN text_translation END) WHERE id = ?13"
        ),
        params![r.platform, r.site_id, r.url, r.author, r.published.date(), approx, seen_text, seen_on,
                r.rating, r.text, key, now_utc(), id, r.text_translation],
    )?;
    get(conn, id)
}

pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    if conn.execute("DELETE FROM review WHERE id = ?1", [id])? == 0 {
        return Err(not_found());
    }
    Ok(())
}

/// Moves a review to `to` (never to "répondu": see [`set_reply`]). `on` is the decision date,
/// kept when the doctor deliberately leaves the review unanswered.
pub fn set_status(conn: &Connection, id: i64, to: ReviewStatus, on: NaiveDate) -> Result<Review> {
    let review = get(conn, id)?;
    if to == ReviewStatus::Answered && review.reply.is_none() {
        return Err(StoreError::Refused("Enregistrez le texte de la réponse publiée pour marquer l'avis comme répondu.".into()));
    }
    check_transition(review.status, to, review.qualification.as_ref().map(Qualification::kind))
        .map_err(StoreError::Refused)?;
    let left_alone_on = (to == ReviewStatus::LeftAlone).then_some(on);
    conn.execute(
        "UPDATE review SET status = ?2, left_alone_on = ?3, updated_at = ?4 WHERE id = ?1",
        params![id, to.as_str(), left_alone_on, now_utc()],
    )?;
    get(conn, id)
}

/// Records the doctor's qualification (level 0). Possibly illicit → the review goes to
/// "signalé / en dossier" with its quoted statements; lawful again after a case was dropped →
/// back to "nouveau" so that the doctor decides to reply or not.
pub fn set_qualification(conn: &Connection, id: i64, q: &Qualification, on: NaiveDate) -> Result<Review> {
    let review = get(conn, id)?;
    let q = validate_qualification(q, &review.text)?;
    let status = match (q.kind(), review.status) {
        (QualificationKind::Illicit, ReviewStatus::Escalated) => ReviewStatus::Escalated,
        (QualificationKind::Illicit, from) => {
            check_transition(from, ReviewStatus::Escalated, Some(QualificationKind::Illicit)).map_err(StoreError::Refused)?;
            ReviewStatus::Escalated
        }
        (QualificationKind::Lawful, ReviewStatus::Escalated) => ReviewStatus::New,
        (QualificationKind::Lawful, other) => other,
    };
    conn.execute(
        "UPDATE review SET qualification = ?2, qualified_on = ?3, status = ?4, \
         left_alone_on = CASE WHEN ?4 = 'left_alone' THEN left_alone_on END, updated_at = ?5 WHERE id = ?1",
        params![id, q.kind().as_str(), on, status.as_str(), now_utc()],
    )?;
    conn.execute("DELETE FROM review_statement WHERE review_id = ?1", [id])?;
    let mut insert =
        conn.prepare_cached("INSERT INTO review_statement (review_id, position, quote, grounds) VALUES (?1, ?2, ?3, ?4)")?;
    for (position, st) in q.statements().iter().enumerate() {
        let grounds: Vec<&str> = st.grounds.iter().map(|g| g.as_str()).collect();
        let grounds = serde_json::to_string(&grounds).expect("strings serialise");
        insert.execute(params![id, position as i64, st.quote, grounds])?;
    }
    get(conn, id)
}

/// Records the reply as published and marks the review "répondu". Allowed from "à répondre",
/// or on an answered review to keep a revised reply.
pub fn set_reply(conn: &Connection, id: i64, text: &str, replied_on: NaiveDate) -> Result<Review> {
    let review = get(conn, id)?;
    if review.status != ReviewStatus::Answered {
        check_transition(review.status, ReviewStatus::Answered, review.qualification.as_ref().map(Qualification::kind))
            .map_err(StoreError::Refused)?;
    }
    let text = normalise_text(text);
    if text.is_empty() {
        return Err(Invalid::single("reply", "La réponse est vide.").into());
    }
    if char_len(&text) > MAX_TEXT_CHARS {
        return Err(Invalid::single("reply", "La réponse est trop longue (20 000 caractères au plus).").into());
    }
    conn.execute(
        "UPDATE review SET status = 'answered', reply_text = ?2, replied_on = ?3, left_alone_on = NULL, \
         updated_at = ?4 WHERE id = ?1",
        params![id, text, replied_on, now_utc()],
    )?;
    get(conn, id)
}

/// One acknowledged blocking finding of the secrecy guard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReplyAck {
    #[serde(flatten)]
    pub key: AckKey,
    pub acknowledged_at: String,
}

/// Records that the doctor explicitly kept a blocking finding in the reply to `review_id`. An
/// acknowledgement already recorded stays as it was (first date kept; the table is unique on it).
pub fn record_ack(conn: &Connection, review_id: i64, key: &AckKey) -> Result<()> {
    get(conn, review_id)?;
    conn.execute(
        "INSERT INTO reply_ack (review_id, category, matched_text, acknowledged_at) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT (review_id, category, matched_text) DO NOTHING",
        params![review_id, key.category, key.matched, now_utc()],
    )?;
    Ok(())
}

pub fn acks(conn: &Connection, review_id: i64) -> Result<Vec<ReplyAck>> {
    let mut stmt = conn.prepare(
        "SELECT category, matched_text, acknowledged_at FROM reply_ack WHERE review_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([review_id], |r| {
            Ok(ReplyAck { key: AckKey { category: r.get(0)?, matched: r.get(1)? }, acknowledged_at: r.get(2)? })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The reply being written for `review_id`, kept so a closed window or a crash loses nothing.
pub fn save_draft(conn: &Connection, review_id: i64, text: &str) -> Result<()> {
    get(conn, review_id)?;
    let text = (!text.trim().is_empty()).then_some(text);
    conn.execute("UPDATE review SET draft_text = ?2 WHERE id = ?1", params![review_id, text])?;
    Ok(())
}

pub fn draft(conn: &Connection, review_id: i64) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT draft_text FROM review WHERE id = ?1", [review_id], |r| r.get(0)).optional()?.flatten())
}
