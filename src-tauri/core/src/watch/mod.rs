//! Network checks the doctor asks for (see issue 3): is a listing still online? Everything goes
//! through the one configured client of [`http`]; [`presence`] turns a fetch into a verdict that
//! can be stored as a listing event. No check runs on its own: each one is a click.
//! [`feeds`] reads the Veille's alert feeds (issue 12).

pub mod capture;
pub mod feeds;
pub mod http;
pub mod presence;
