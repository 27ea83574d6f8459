//! Whether each record's class is provisional ("tạm tính"): the answers its class depends on
//! that are still open, kept once per answers document (`answers.open`, migrations 0024 and
//! 0030) and copied into the record's `record_summary` row, so the list, the queue and the
//! reports tell a provisional class from a final one without reading any answers.

use rusqlite::{params, Connection};

use crate::error::Result;

/// The answers `household` leaves open that its class depends on, as the JSON array kept in
/// `answers.open` and `record_summary.provisional` (`[]` when the class is final).
pub(crate) fn open_text(household: &rasoat_domain::Household) -> Result<String> {
    Ok(serde_json::to_string(
        &rasoat_domain::provisional::open_for_class(household),
    )?)
}

/// Keeps what the answers under `hash` leave open (computed once per document: a second
/// keep of the same answers changes nothing).
pub(crate) fn keep(tx: &Connection, hash: &str, open: &str) -> Result<()> {
    tx.prepare_cached("UPDATE answers SET open = ?2 WHERE hash = ?1 AND open IS NULL")?
        .execute(params![hash, open])?;
    Ok(())
}

/// Reads a stored list back (`[]` for a final class).
pub fn parse(open: Option<&str>) -> Vec<String> {
    open.and_then(|text| serde_json::from_str(text).ok())
        .unwrap_or_default()
}

/// Whether a kept list says the class is provisional.
pub(crate) fn is_provisional(open: Option<&str>) -> bool {
    open.is_some_and(|text| text != "[]")
}

/// Fills `answers.open` for every record's answers that lack it and copies it into their
/// summary rows: for the records a store held before migration 0024, since only the domain
/// can tell which answers a class depends on. Runs in the migration's transaction.
pub(crate) fn fill(tx: &Connection) -> Result<()> {
    let missing: Vec<String> = tx
        .prepare(
            "SELECT DISTINCT s.answers_hash FROM record_summary s
               JOIN answers a ON a.hash = s.answers_hash
              WHERE a.open IS NULL",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for hash in missing {
        let Some(json) = crate::answers::read(tx, &hash)? else {
            continue;
        };
        let household = crate::merge::read_answers(&json)?;
        keep(tx, &hash, &open_text(&household)?)?;
    }
    tx.execute(
        "UPDATE record_summary
            SET provisional = (SELECT a.open FROM answers a
                                WHERE a.hash = record_summary.answers_hash)
          WHERE answers_hash IS NOT NULL AND provisional IS NULL",
        [],
    )?;
    Ok(())
}
