//! The practice profile: the doctors who sign letters and whose details fill replies.

use crate::domain::practice::{self as rules, Practitioner, PractitionerInput};
use crate::error::Error;
use crate::store::{practice as repo, Store};

pub fn list(store: &Store) -> Result<Vec<Practitioner>, Error> {
    repo::list(store.conn())
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

pub fn set_default(store: &mut Store, id: i64) -> Result<Vec<Practitioner>, Error> {
    store.transaction(|tx| repo::set_default(tx, id))?;
    list(store)
}
