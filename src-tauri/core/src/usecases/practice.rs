//! The practice profile: the doctors who sign letters and whose details fill replies.

use serde::Serialize;

use crate::domain::practice::{self as rules, Practitioner, PractitionerInput};
use crate::error::Error;
use crate::store::{practice as repo, Store};

/// A practitioner as the screens show them, with the name as it is signed ("Dr Hélène DUPRÉ",
/// "Pr …"), so the page never builds it.
#[derive(Debug, Serialize)]
pub struct PractitionerView {
    #[serde(flatten)]
    pub practitioner: Practitioner,
    pub display_name: String,
}

impl From<Practitioner> for PractitionerView {
    fn from(p: Practitioner) -> Self {
        PractitionerView { display_name: p.display_name(), practitioner: p }
    }
}

/// The practice's doctors, the default signer first.
pub fn list(store: &Store) -> Result<Vec<PractitionerView>, Error> {
    Ok(repo::list(store.conn())?.into_iter().map(PractitionerView::from).collect())
}

/// Creates (`id` absent) or updates a practitioner from the form, every field checked at once.
pub fn save(store: &mut Store, id: Option<i64>, input: &PractitionerInput) -> Result<Practitioner, Error> {
    let mut p = rules::validate(input)?;
    p.id = id;
    store.transaction(|tx| repo::save(tx, &p))
}

pub fn delete(store: &mut Store, id: i64) -> Result<(), Error> {
    store.transaction(|tx| repo::delete(tx, id))
}

pub fn set_default(store: &mut Store, id: i64) -> Result<Vec<PractitionerView>, Error> {
    store.transaction(|tx| repo::set_default(tx, id))?;
    list(store)
}
