//! Aggregates over the reviews for the dashboard's trend: per platform and month, the number of
//! reviews and the average rating. One grouped query (the `review_by_date` index bounds it to
//! the months asked for), whatever the number of reviews.

use rusqlite::{params, Connection};

use crate::error::Result;

/// One platform in one month (`AAAA-MM`).
#[derive(Debug, Clone, PartialEq)]
pub struct MonthStat {
    pub platform: String,
    pub month: String,
    pub count: u32,
    /// Over the reviews that carry a rating; `None` when none does.
    pub average_rating: Option<f64>,
}

/// Every platform and month from `from_month` (`AAAA-MM`, included) on, oldest month first.
/// Platforms are grouped without regard to case (« google » and « Google » are one).
pub fn monthly(conn: &Connection, from_month: &str) -> Result<Vec<MonthStat>> {
    let mut stmt = conn.prepare(
        "SELECT min(platform), substr(published_on, 1, 7) AS month, count(*), avg(rating) \
         FROM review WHERE published_on >= ?1 || '-01' \
         GROUP BY platform COLLATE NOCASE, month ORDER BY month, count(*) DESC",
    )?;
    let rows = stmt
        .query_map(params![from_month], |r| {
            Ok(MonthStat { platform: r.get(0)?, month: r.get(1)?, count: r.get(2)?, average_rating: r.get(3)? })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
