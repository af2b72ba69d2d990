//! Pure rules of the application: no SQL, no network, no window.

pub mod address;
pub mod case;
pub mod deadline;
pub mod facts;
pub mod letter;
pub mod named;
pub mod listing;
pub mod practice;
pub mod review;
pub mod site;
pub mod text;
pub mod validation;
pub mod web;
