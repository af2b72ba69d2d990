//! Network checks the doctor asks for (see issue 3): is a listing still online? Everything goes
//! through the one configured client of [`http`]; [`presence`] turns a fetch into a verdict that
//! can be stored as a listing event. No check runs on its own: each one is a click.
//! [`feeds`] reads the Veille's alert feeds (issue 12).

pub mod capture;
pub mod feeds;
pub mod http;
pub mod presence;

/// A network call refused before it ran (an address that is not a web page) or failed on the
/// way; both told in French.
#[derive(Debug, thiserror::Error)]
pub enum NetError {
    #[error("{0}")]
    Invalid(#[from] erm_domain::validation::Invalid),
    #[error(transparent)]
    Fetch(#[from] http::FetchError),
}
