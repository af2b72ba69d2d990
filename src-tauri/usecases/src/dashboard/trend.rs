//! The trend of the last twelve months: reviews per month, and the average rating per month of
//! the platforms with the most reviews (a few lines stay readable at 1024×700; the bars count
//! every platform).

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

use crate::error::Error;
use erm_store::reviews::stats;

pub const MONTHS: u32 = 12;
/// Lines drawn; the other platforms are in the bars only.
pub const MAX_PLATFORMS: usize = 4;

#[derive(Debug, Clone, Serialize)]
pub struct PlatformTrend {
    pub platform: String,
    pub total: u32,
    /// One per month of [`Trend::months`]; `None` for a month without a rated review.
    pub averages: Vec<Option<f64>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Trend {
    /// `AAAA-MM`, oldest first, the current month last.
    pub months: Vec<String>,
    /// Reviews published each month, all platforms.
    pub counts: Vec<u32>,
    pub platforms: Vec<PlatformTrend>,
}

fn month_key(d: NaiveDate) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

pub fn trend(conn: &rusqlite::Connection, today: NaiveDate) -> Result<Trend, Error> {
    let first_of_month = today.with_day(1).expect("day 1 exists");
    let months: Vec<String> =
        (0..MONTHS).rev().map(|back| month_key(first_of_month.checked_sub_months(Months::new(back)).expect("in range"))).collect();
    let rows = stats::monthly(conn, &months[0])?;
    let index = |m: &str| months.iter().position(|x| x == m);
    let mut counts = vec![0u32; months.len()];
    let mut by_platform: Vec<PlatformTrend> = Vec::new();
    for r in &rows {
        let Some(i) = index(&r.month) else { continue }; // a review dated in the future
        counts[i] += r.count;
        let p = match by_platform.iter_mut().position(|p| p.platform.eq_ignore_ascii_case(&r.platform)) {
            Some(k) => &mut by_platform[k],
            None => {
                by_platform.push(PlatformTrend { platform: r.platform.clone(), total: 0, averages: vec![None; months.len()] });
                by_platform.last_mut().expect("just pushed")
            }
        };
        p.total += r.count;
        p.averages[i] = r.average_rating.map(|a| (a * 10.0).round() / 10.0);
    }
    by_platform.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.platform.cmp(&b.platform)));
    by_platform.truncate(MAX_PLATFORMS);
    Ok(Trend { months, counts, platforms: by_platform })
}
