//! The doctor's own versions of the reply templates. A template without a row here is used in
//! its built-in version (see [`crate::replies`]); restoring the built-in version deletes the row,
//! so an app update that improves a built-in template reaches every template not edited.

use rusqlite::{params, Connection, OptionalExtension};

use erm_domain::validation::Invalid;
use crate::Result;

use super::now_utc;

/// Largest template accepted, in characters (a reply is a few hundred).
pub const MAX_SOURCE_CHARS: usize = 20_000;

/// The edited source of template `id`, if the doctor edited it.
pub fn get(conn: &Connection, id: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT source FROM reply_template WHERE id = ?1", [id], |r| r.get(0))
        .optional()?)
}

/// Ids of every edited template.
pub fn edited_ids(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT id FROM reply_template ORDER BY id")?;
    let ids = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// Keeps the doctor's version of template `id`. The caller checks that it renders.
pub fn save(conn: &Connection, id: &str, source: &str) -> Result<()> {
    let chars = source.chars().count();
    if source.trim().is_empty() {
        return Err(Invalid::single("source", "Le modèle est vide : écrivez un texte ou restaurez la version d'origine.").into());
    }
    if chars > MAX_SOURCE_CHARS {
        return Err(Invalid::single("source", "Le modèle est trop long (20 000 caractères au plus).").into());
    }
    conn.execute(
        "INSERT INTO reply_template (id, source, updated_at) VALUES (?1, ?2, ?3) \
         ON CONFLICT (id) DO UPDATE SET source = excluded.source, updated_at = excluded.updated_at",
        params![id, source, now_utc()],
    )?;
    Ok(())
}

/// Goes back to the built-in version. Returns whether an edited version existed.
pub fn restore(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn.execute("DELETE FROM reply_template WHERE id = ?1", [id])? == 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    #[test]
    fn edit_then_restore() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(get(store.conn(), "attente").unwrap(), None);
        store.transaction(|tx| save(tx, "attente", "Bonjour,\n\nMerci.")).unwrap();
        store.transaction(|tx| save(tx, "attente", "Bonjour,\n\nMerci beaucoup.")).unwrap();
        assert_eq!(get(store.conn(), "attente").unwrap().as_deref(), Some("Bonjour,\n\nMerci beaucoup."));
        assert_eq!(edited_ids(store.conn()).unwrap(), ["attente"]);
        assert!(store.transaction(|tx| restore(tx, "attente")).unwrap());
        assert!(!store.transaction(|tx| restore(tx, "attente")).unwrap());
        assert_eq!(get(store.conn(), "attente").unwrap(), None);
        let err = store.transaction(|tx| save(tx, "attente", "  \n")).unwrap_err();
        assert!(err.to_string().contains("vide"), "{err}");
    }
}
