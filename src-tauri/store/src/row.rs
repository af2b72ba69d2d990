//! Reading the columns every repository reads the same way: JSON text, a name from a fixed list.
//! A value this version cannot read is a conversion error (logged and shown in French by the
//! layers above), never a guess.

use rusqlite::types::Type;
use rusqlite::Row;
use serde::de::DeserializeOwned;

/// A column whose text this version cannot read.
pub(crate) fn unreadable(col: usize, why: impl std::fmt::Display) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(col, Type::Text, why.to_string().into())
}

/// A JSON text column, read into `T`.
pub(crate) fn json<T: DeserializeOwned>(row: &Row<'_>, col: usize) -> rusqlite::Result<T> {
    let raw: String = row.get(col)?;
    serde_json::from_str(&raw).map_err(|e| unreadable(col, e))
}

/// A column holding the stored name of a value of a fixed list (`parse` finds it).
pub(crate) fn named<T>(row: &Row<'_>, col: usize, parse: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    let raw: String = row.get(col)?;
    parse(&raw).ok_or_else(|| unreadable(col, format!("unknown value {raw:?}")))
}
