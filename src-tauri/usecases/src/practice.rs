//! The practice profile: the doctors who sign letters and whose details fill replies.

use serde::Serialize;

use erm_domain::practice::{self as rules, Practitioner};
pub use erm_domain::practice::PractitionerInput;
use crate::error::Error;
use erm_store::versions::{self, Versioned};
use erm_store::{practice as repo, Store};

/// A practitioner as the screens show them, with the name as it is signed ("Dr Hélène DUPRÉ",
/// "Pr …"), so the page never builds it.
#[derive(Debug, Serialize)]
pub struct PractitionerView {
    #[serde(flatten)]
    pub practitioner: Practitioner,
    pub display_name: String,
    /// The version the profile form saves with (`store::versions`).
    pub row_version: i64,
}

impl PractitionerView {
    fn new(p: Practitioner, row_version: i64) -> Self {
        PractitionerView { display_name: p.display_name(), practitioner: p, row_version }
    }
}

/// The practice's doctors, the default signer first.
pub fn list(store: &Store) -> Result<Vec<PractitionerView>, Error> {
    let versions = versions::all(store.conn(), Versioned::Practitioner)?;
    Ok(repo::list(store.conn())?
        .into_iter()
        .map(|p| {
            let v = p.id.and_then(|id| versions.get(&id).copied()).unwrap_or(1);
            PractitionerView::new(p, v)
        })
        .collect())
}

/// Creates (`id` absent) or updates a practitioner from the form, every field checked at once.
pub fn save(store: &mut Store, id: Option<i64>, input: &PractitionerInput) -> Result<PractitionerView, Error> {
    let mut p = rules::validate(input)?;
    p.id = id;
    let expected = id.map(|_| versions::required(input.row_version)).transpose()?;
    let saved = store.transaction(|tx| {
        if let (Some(id), Some(expected)) = (id, expected) {
            let current = repo::get(tx, id)?;
            versions::claim(tx, Versioned::Practitioner, id, expected, || practitioner_differs(&current, &p))?;
        }
        repo::save(tx, &p)
    })?;
    let version = match saved.id {
        Some(id) => versions::current(store.conn(), Versioned::Practitioner, id)?,
        None => 1,
    };
    Ok(PractitionerView::new(saved, version))
}

/// The profile form's fields whose saved value differs from the form's, in French.
fn practitioner_differs(saved: &Practitioner, form: &Practitioner) -> Vec<&'static str> {
    versions::differing([
        (saved.civility != form.civility, "civilité"),
        (saved.title != form.title, "titre"),
        (saved.first_name != form.first_name, "prénom"),
        (saved.last_name != form.last_name, "nom"),
        (saved.specialty != form.specialty, "spécialité"),
        (saved.designation != form.designation, "désignation"),
        (saved.rpps != form.rpps, "RPPS"),
        (saved.address_lines != form.address_lines, "adresse"),
        (saved.postcode != form.postcode, "code postal"),
        (saved.city != form.city, "ville"),
        (saved.phone != form.phone, "téléphone"),
        (saved.email != form.email, "courriel"),
        (saved.signature_city != form.signature_city, "lieu de signature"),
        (saved.is_default != form.is_default, "signataire par défaut"),
    ])
}

pub fn delete(store: &mut Store, id: i64) -> Result<(), Error> {
    Ok(store.transaction(|tx| repo::delete(tx, id))?)
}

pub fn set_default(store: &mut Store, id: i64) -> Result<Vec<PractitionerView>, Error> {
    // Every profile's "signataire par défaut" changes: a form opened before must not undo it.
    store.transaction(|tx| {
        repo::set_default(tx, id)?;
        tx.execute("UPDATE practitioner SET row_version = row_version + 1", [])?;
        Ok::<_, Error>(())
    })?;
    list(store)
}
