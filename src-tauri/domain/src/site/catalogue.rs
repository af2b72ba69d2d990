//! The built-in site catalogue, embedded from `assets/catalogue/sites.json` at compile time.
//! The store seeds it into the database; the doctor can then edit every entry.

use chrono::NaiveDate;
use serde::Deserialize;

use super::{validate, Route, Site, SiteInput};

/// One entry of the built-in catalogue: a stable key plus the same fields as the form.
#[derive(Debug, Clone, Deserialize)]
pub struct CatalogueEntry {
    pub key: String,
    /// Which way a listing on this site is taken down (see [`Route`]).
    #[serde(default)]
    pub route: Option<Route>,
    #[serde(flatten)]
    pub input: SiteInput,
}

/// The route the catalogue names for the site with `key`.
pub fn catalogue_route(key: &str) -> Option<Route> {
    static ROUTES: std::sync::OnceLock<Vec<(String, Option<Route>)>> = std::sync::OnceLock::new();
    ROUTES
        .get_or_init(|| {
            let entries: Vec<CatalogueEntry> = serde_json::from_str(CATALOGUE_JSON).unwrap_or_default();
            entries.into_iter().map(|e| (e.key, e.route)).collect()
        })
        .iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, r)| *r)
}

const CATALOGUE_JSON: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/catalogue/sites.json"));

/// The sites shipped with the application, validated, each with its `builtin_key`.
/// Panics only if the embedded file is broken, which the tests rule out.
pub fn catalogue() -> Vec<Site> {
    let entries: Vec<CatalogueEntry> = serde_json::from_str(CATALOGUE_JSON).expect("assets/catalogue/sites.json is valid JSON");
    entries
        .into_iter()
        .map(|e| {
            let mut site = validate(&e.input, NaiveDate::MAX)
                .unwrap_or_else(|inv| panic!("catalogue entry {} is invalid: {inv}", e.key));
            site.builtin_key = Some(e.key);
            site
        })
        .collect()
}
