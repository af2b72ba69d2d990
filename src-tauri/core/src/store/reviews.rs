//! Repository of reviews: recording (one by one or a whole import), the inbox list with its
//! filters and full-text search, status moves, qualification and replies.
//!
//! Every function takes a `&Connection`; the ones that write expect to run inside
//! [`super::Store::transaction`] so that a refused step leaves nothing behind. Status rules come
//! from [`crate::domain::review::status`]; this module only applies them.

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::domain::review::qualification::validate_qualification;
use crate::domain::review::{
    check_transition, normalise_text, Ground, NewReview, PublishedDate, Qualification, QualificationKind,
    QuotedStatement, Reply, Review, ReviewStatus, MAX_TEXT_CHARS,
};
use crate::domain::text::char_len;
use crate::domain::validation::Invalid;
use crate::error::{Error, Result};

use super::now_utc;

const COLUMNS: &str = "id, platform, site_id, url, author, published_on, published_approx, published_seen_text, \
     published_seen_on, rating, text, status, qualification, qualified_on, reply_text, replied_on, left_alone_on, \
     created_at, updated_at";

/// Default and largest page of the inbox.
pub const DEFAULT_PAGE: u32 = 50;
pub const MAX_PAGE: u32 = 500;

fn not_found() -> Error {
    Error::NotFound("Cet avis n'existe plus.".into())
}

fn conversion(col: usize, e: impl std::error::Error + Send + Sync + 'static) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, Box::new(e))
}

fn bad_value(col: usize, what: &str) -> rusqlite::Error {
    conversion(col, std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_owned()))
}

/// Dates are stored as `AAAA-MM-JJ` text (the CHECKs keep them well-formed).
fn sql_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn opt_date_at(row: &Row<'_>, col: usize) -> rusqlite::Result<Option<NaiveDate>> {
    let text: Option<String> = row.get(col)?;
    text.map(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").map_err(|e| conversion(col, e))).transpose()
}

fn date_at(row: &Row<'_>, col: usize) -> rusqlite::Result<NaiveDate> {
    opt_date_at(row, col)?.ok_or(rusqlite::Error::InvalidColumnType(col, "date".into(), rusqlite::types::Type::Null))
}

/// A row without its statements (loaded apart, only for illicit reviews).
fn from_row(row: &Row<'_>) -> rusqlite::Result<Review> {
    let published_on = date_at(row, 5)?;
    let published = if row.get::<_, bool>(6)? {
        PublishedDate::Approximate { seen_text: row.get(7)?, seen_on: date_at(row, 8)?, estimated_on: published_on }
    } else {
        PublishedDate::Exact { on: published_on }
    };
    let status: String = row.get(11)?;
    let qualification: Option<String> = row.get(12)?;
    let qualification = match qualification.as_deref() {
        None => None,
        Some(q) => Some(match QualificationKind::parse(q).ok_or_else(|| bad_value(12, q))? {
            QualificationKind::Lawful => Qualification::Lawful,
            QualificationKind::Illicit => Qualification::Illicit { statements: Vec::new() },
        }),
    };
    let reply_text: Option<String> = row.get(14)?;
    let replied_on = opt_date_at(row, 15)?;
    Ok(Review {
        id: row.get(0)?,
        platform: row.get(1)?,
        site_id: row.get(2)?,
        url: row.get(3)?,
        author: row.get(4)?,
        published,
        rating: row.get(9)?,
        text: row.get(10)?,
        status: ReviewStatus::parse(&status).ok_or_else(|| bad_value(11, &status))?,
        qualification,
        qualified_on: opt_date_at(row, 13)?,
        reply: reply_text.zip(replied_on).map(|(text, replied_on)| Reply { text, replied_on }),
        left_alone_on: opt_date_at(row, 16)?,
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
            let names: Vec<String> = serde_json::from_str(&grounds).map_err(|e| conversion(1, e))?;
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

/// Inserts `r` unless a review with the same dedup key exists. `Ok(None)` = already present.
/// Without a `site_id`, the review is linked to the catalogue site of the same name, if any.
fn insert_if_new(conn: &Connection, r: &NewReview, now: &str) -> Result<Option<i64>> {
    let (approx, seen_text, seen_on) = match &r.published {
        PublishedDate::Exact { .. } => (false, None, None),
        PublishedDate::Approximate { seen_text, seen_on, .. } => (true, Some(seen_text.as_str()), Some(sql_date(*seen_on))),
    };
    let status = if r.reply.is_some() { ReviewStatus::Answered } else { ReviewStatus::New };
    if let Some(site_id) = r.site_id {
        let exists: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM site WHERE id = ?1)", [site_id], |x| x.get(0))?;
        if !exists {
            return Err(Invalid::single("site_id", "Cette plateforme n'existe plus dans le catalogue des sites.").into());
        }
    }
    let mut stmt = conn.prepare_cached(
        "INSERT INTO review (platform, site_id, url, author, published_on, published_approx, published_seen_text, \
         published_seen_on, rating, text, status, reply_text, replied_on, dedup_key, created_at, updated_at) \
         VALUES (?1, coalesce(?2, (SELECT id FROM site WHERE name = ?1 COLLATE NOCASE ORDER BY id LIMIT 1)), \
                 ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15) \
         ON CONFLICT (dedup_key) DO NOTHING",
    )?;
    let changed = stmt.execute(params![
        r.platform,
        r.site_id,
        r.url,
        r.author,
        sql_date(r.published.date()),
        approx,
        seen_text,
        seen_on,
        r.rating,
        r.text,
        status.as_str(),
        r.reply.as_ref().map(|x| x.text.as_str()),
        r.reply.as_ref().map(|x| sql_date(x.replied_on)),
        r.dedup_key(),
        now,
    ])?;
    Ok((changed == 1).then(|| conn.last_insert_rowid()))
}

/// Records one review typed or pasted by the doctor. Refused if the same review is recorded.
pub fn insert(conn: &Connection, r: &NewReview) -> Result<Review> {
    match insert_if_new(conn, r, &now_utc())? {
        Some(id) => get(conn, id),
        None => Err(Error::Refused(format!(
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
    let now = now_utc();
    let mut counts = InsertCounts::default();
    for r in reviews {
        match insert_if_new(conn, r, &now)? {
            Some(_) => counts.inserted += 1,
            None => counts.duplicates += 1,
        }
    }
    Ok(counts)
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
        return Err(Error::Refused("Enregistrez le texte de la réponse publiée pour marquer l'avis comme répondu.".into()));
    }
    check_transition(review.status, to, review.qualification.as_ref().map(Qualification::kind))
        .map_err(Error::Refused)?;
    let left_alone_on = (to == ReviewStatus::LeftAlone).then(|| sql_date(on));
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
            check_transition(from, ReviewStatus::Escalated, Some(QualificationKind::Illicit)).map_err(Error::Refused)?;
            ReviewStatus::Escalated
        }
        (QualificationKind::Lawful, ReviewStatus::Escalated) => ReviewStatus::New,
        (QualificationKind::Lawful, other) => other,
    };
    conn.execute(
        "UPDATE review SET qualification = ?2, qualified_on = ?3, status = ?4, \
         left_alone_on = CASE WHEN ?4 = 'left_alone' THEN left_alone_on END, updated_at = ?5 WHERE id = ?1",
        params![id, q.kind().as_str(), sql_date(on), status.as_str(), now_utc()],
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
            .map_err(Error::Refused)?;
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
        params![id, text, sql_date(replied_on), now_utc()],
    )?;
    get(conn, id)
}

/// What the inbox asks for. Empty fields do not filter.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ReviewFilter {
    /// Any of these statuses; empty = all.
    pub statuses: Vec<ReviewStatus>,
    /// Platform name, case-insensitive.
    pub platform: Option<String>,
    /// Catalogue site.
    pub site_id: Option<i64>,
    pub min_rating: Option<u8>,
    pub max_rating: Option<u8>,
    /// Words typed in the search box, taken literally (see [`fts_query`]).
    pub text: Option<String>,
    pub offset: u32,
    /// Page size; 0 = [`DEFAULT_PAGE`], capped at [`MAX_PAGE`].
    pub limit: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReviewPage {
    pub items: Vec<Review>,
    /// How many reviews match the filter, over all pages.
    pub total: u64,
}

/// Turns what the doctor typed into a safe FTS5 query: each word becomes a quoted prefix phrase
/// (`"attente"*`), all required. Quotes are doubled and operators (`NEAR`, `OR`, `-`, `*`, `:`)
/// lose their meaning inside quotes, so no input can be a syntax error. `None` when no word
/// remains (only punctuation).
pub fn fts_query(input: &str) -> Option<String> {
    let phrases: Vec<String> = input
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .map(|w| format!("\"{}\"*", w.replace('"', "\"\"")))
        .collect();
    (!phrases.is_empty()).then(|| phrases.join(" "))
}

/// The inbox: newest first (by exact or estimated publication date), one page, and the total.
pub fn list(conn: &Connection, f: &ReviewFilter) -> Result<ReviewPage> {
    let mut clauses: Vec<String> = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    // Each clause has one `?`, numbered as its value is pushed.
    fn bind(clauses: &mut Vec<String>, values: &mut Vec<Value>, clause: &str, v: Value) {
        values.push(v);
        clauses.push(clause.replace('?', &format!("?{}", values.len())));
    }
    if !f.statuses.is_empty() {
        let start = values.len();
        for s in &f.statuses {
            values.push(Value::Text(s.as_str().to_owned()));
        }
        let marks: Vec<String> = (start + 1..=values.len()).map(|i| format!("?{i}")).collect();
        clauses.push(format!("status IN ({})", marks.join(", ")));
    }
    if let Some(p) = f.platform.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        bind(&mut clauses, &mut values, "platform = ? COLLATE NOCASE", Value::Text(p.to_owned()));
    }
    if let Some(site_id) = f.site_id {
        bind(&mut clauses, &mut values, "site_id = ?", Value::Integer(site_id));
    }
    if let Some(min) = f.min_rating {
        bind(&mut clauses, &mut values, "rating >= ?", Value::Integer(min.into()));
    }
    if let Some(max) = f.max_rating {
        bind(&mut clauses, &mut values, "rating <= ?", Value::Integer(max.into()));
    }
    if let Some(q) = f.text.as_deref().and_then(fts_query) {
        bind(&mut clauses, &mut values, "id IN (SELECT rowid FROM review_fts WHERE review_fts MATCH ?)", Value::Text(q));
    }
    let filter = if clauses.is_empty() { String::new() } else { format!("WHERE {}", clauses.join(" AND ")) };

    let total: i64 =
        conn.query_row(&format!("SELECT count(*) FROM review {filter}"), params_from_iter(values.iter()), |r| r.get(0))?;
    let limit = match f.limit {
        0 => DEFAULT_PAGE,
        n => n.min(MAX_PAGE),
    };
    let sql = format!(
        "SELECT {COLUMNS} FROM review {filter} ORDER BY published_on DESC, id DESC LIMIT {limit} OFFSET {}",
        f.offset
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut items = stmt.query_map(params_from_iter(values.iter()), from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    for r in &mut items {
        load_statements(conn, r)?;
    }
    Ok(ReviewPage { items, total: total as u64 })
}

/// Platform names present in the inbox, for the filter's drop-down.
pub fn platforms(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT DISTINCT platform FROM review ORDER BY platform COLLATE NOCASE")?;
    let names = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(names)
}

/// One acknowledged blocking finding of the secrecy guard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReplyAck {
    pub category: String,
    pub matched_text: String,
    pub acknowledged_at: String,
}

/// Records that the doctor explicitly kept a blocking finding in the reply to `review_id`.
pub fn record_ack(conn: &Connection, review_id: i64, category: &str, matched_text: &str) -> Result<()> {
    get(conn, review_id)?;
    conn.execute(
        "INSERT INTO reply_ack (review_id, category, matched_text, acknowledged_at) VALUES (?1, ?2, ?3, ?4)",
        params![review_id, category, matched_text, now_utc()],
    )?;
    Ok(())
}

pub fn acks(conn: &Connection, review_id: i64) -> Result<Vec<ReplyAck>> {
    let mut stmt = conn.prepare(
        "SELECT category, matched_text, acknowledged_at FROM reply_ack WHERE review_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([review_id], |r| Ok(ReplyAck { category: r.get(0)?, matched_text: r.get(1)?, acknowledged_at: r.get(2)? }))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
