//! The handle a doctor action runs through: the store under its lock, a thread for slow work,
//! the data folder and today's date. An action that has phases (plan under the lock, render or
//! fetch outside it, record under it) is one use case written against this trait, so the shell
//! only implements it once over its own state and keeps the OS part (dialogs, viewer, clipboard).
//!
//! Invariant: the lock is held only inside [`Handle::run`]; a fetch, a hash or a PDF rendering
//! never runs there.

use std::future::Future;
use std::path::Path;

use chrono::NaiveDate;
use erm_net::http::{HttpClient, HttpConfig};
use erm_store::vault::Vault;
use erm_store::Store;

use crate::error::Error;

pub trait Handle: Sync {
    /// Runs `work` with the store under its lock, off the window's thread.
    fn run<T, F>(&self, work: F) -> impl Future<Output = Result<T, Error>> + Send
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, Error> + Send + 'static;

    /// Runs slow work that needs no store (rendering, hashing, archiving) off the window's thread.
    fn off_thread<T, F>(&self, work: F) -> impl Future<Output = Result<T, Error>> + Send
    where
        T: Send + 'static,
        F: FnOnce() -> Result<T, Error> + Send + 'static;

    /// The folder beside the store (evidence, backups).
    fn data_dir(&self) -> Result<&Path, Error>;

    /// The doctor's today (the shell's clock; tests choose it).
    fn today(&self) -> NaiveDate;

    /// The one configured HTTP client (timeouts, size caps, redirect rules).
    fn http(&self) -> Result<HttpClient, Error> {
        Ok(HttpClient::new(HttpConfig::default())?)
    }

    /// The evidence folder of the practice.
    fn vault(&self) -> Result<Vault, Error> {
        Ok(Vault::new(self.data_dir()?.join("preuves")))
    }
}
