//! The inbox query: filters, full-text search made safe for anything typed, newest first,
//! one page at a time with the total.

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};
use serde::{Deserialize, Serialize};

use erm_domain::review::{Review, ReviewStatus};
use crate::Result;

use super::{from_row, load_statements, COLUMNS};

/// Default and largest page of the inbox.
pub const DEFAULT_PAGE: u32 = 50;
pub const MAX_PAGE: u32 = 500;

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
    // FTS5 reads a NUL or another control character inside a phrase as the end of the query
    // ("unterminated string"): they are word separators here, as they are for the doctor.
    let cleaned: String = input.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let phrases: Vec<String> = cleaned
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
