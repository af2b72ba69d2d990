//! Aggregates over the reviews for the dashboard's trend: per platform and month, the number of
//! reviews and the average rating. One grouped query (the `review_by_date` index bounds it to
//! the months asked for), whatever the number of reviews.

use rusqlite::{params, Connection};

use crate::Result;

/// One platform in one month (`AAAA-MM`).
#[derive(Debug, Clone, PartialEq)]
pub struct MonthStat {
    pub platform: String,
    pub month: String,
    pub count: u32,
    /// Over the reviews that carry a rating; `None` when none does.
    pub average_rating: Option<f64>,
}

const MONTHLY: &str = "SELECT min(platform), substr(published_on, 1, 7) AS month, count(*), avg(rating) \
     FROM review INDEXED BY review_by_month WHERE published_on >= ?1 || '-01' \
     GROUP BY platform COLLATE NOCASE, month ORDER BY month, count(*) DESC";

/// Every platform and month from `from_month` (`AAAA-MM`, included) on, oldest month first.
/// Platforms are grouped without regard to case (« google » and « Google » are one).
/// Read from the covering index `review_by_month` only (named: without statistics SQLite
/// prefers the platform index for the grouping, which reads every row of the table).
pub fn monthly(conn: &Connection, from_month: &str) -> Result<Vec<MonthStat>> {
    let mut stmt = conn.prepare(MONTHLY)?;
    let rows = stmt
        .query_map(params![from_month], |r| {
            Ok(MonthStat { platform: r.get(0)?, month: r.get(1)?, count: r.get(2)?, average_rating: r.get(3)? })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    fn store_with(reviews: &[(&str, &str, Option<u8>)]) -> Store {
        let store = Store::open_in_memory().unwrap();
        for (i, (platform, on, rating)) in reviews.iter().enumerate() {
            store
                .conn()
                .execute(
                    "INSERT INTO review (platform, author, published_on, rating, text, status, dedup_key, created_at, updated_at)
                     VALUES (?1, 'A', ?2, ?3, 'texte', 'new', ?4, '2026-11-30T00:00:00Z', '2026-11-30T00:00:00Z')",
                    rusqlite::params![platform, on, rating, format!("{i:064}")],
                )
                .unwrap();
        }
        store
    }

    #[test]
    fn months_are_counted_per_platform_whatever_its_case_from_the_first_month_on() {
        let store = store_with(&[
            ("Google", "2026-10-03", Some(4)),
            ("google", "2026-10-20", Some(2)),
            ("Doctolib", "2026-10-05", None),
            ("Google", "2026-11-01", Some(5)),
            ("Google", "2026-09-30", Some(1)), // before the first month asked
        ]);
        let rows = monthly(store.conn(), "2026-10").unwrap();
        let seen: Vec<(String, String, u32, Option<f64>)> =
            rows.into_iter().map(|r| (r.platform.to_lowercase(), r.month, r.count, r.average_rating)).collect();
        assert_eq!(
            seen,
            vec![
                ("google".into(), "2026-10".into(), 2, Some(3.0)),
                ("doctolib".into(), "2026-10".into(), 1, None),
                ("google".into(), "2026-11".into(), 1, Some(5.0)),
            ]
        );
    }

    #[test]
    fn the_trend_reads_the_covering_index_not_the_table() {
        let store = store_with(&[("Google", "2026-10-03", Some(4))]);
        let plan: Vec<String> = store
            .conn()
            .prepare(&format!("EXPLAIN QUERY PLAN {MONTHLY}"))
            .unwrap()
            .query_map(["2026-01"], |r| r.get::<_, String>(3))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(plan.iter().any(|step| step.contains("COVERING INDEX review_by_month")), "{plan:?}");
    }
}
