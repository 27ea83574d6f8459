//! The commune's village list as journal entries (entity `village`): each entry is one
//! village's whole state (id, commune, name, retired, former names), so applying the entries
//! of a village in any order, or twice, ends in the same list: the latest state by
//! (`recorded_at`, origin, seq) wins. Who may send them (the commune, or an office above it) is
//! `rasoat-batch`'s rule; this module only writes and reads them.

use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::households::search_key;
use crate::journal::{self, Change, Entity, JournalEntry};
use crate::UnixMillis;

/// One village as it travels, and as the store holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VillageState {
    pub id: String,
    pub commune_code: String,
    pub name: String,
    pub retired: bool,
    #[serde(default)]
    pub former_names: Vec<String>,
}

/// The commune a village entry's payload names, for the batch crate's rule; `None` when the
/// payload is not a village's state.
pub fn village_commune_of(entry: &JournalEntry) -> Option<String> {
    if entry.entity != Entity::Village.as_str() {
        return None;
    }
    serde_json::from_str::<VillageState>(&entry.payload)
        .ok()
        .map(|v| v.commune_code)
}

/// Writes `state` over the row of the same id, and over a row of the same commune and name
/// (an enumerator's own addition the commune has now listed: the commune's word wins).
pub(crate) fn write_village(
    tx: &Transaction<'_>,
    state: &VillageState,
    journalled: bool,
) -> Result<()> {
    tx.prepare_cached(
        "DELETE FROM village WHERE COALESCE(id, commune_code || ':' || name) = ?1
            OR (commune_code = ?2 AND name = ?3)",
    )?
    .execute(params![state.id, state.commune_code, state.name])?;
    tx.prepare_cached(
        "INSERT INTO village (commune_code, name, retired, added_at, id, former_names, journalled)
         VALUES (?1, ?2, ?3, 0, ?4, ?5, ?6)",
    )?
    .execute(params![
        state.commune_code,
        state.name,
        i64::from(state.retired),
        state.id,
        serde_json::to_string(&state.former_names)?,
        i64::from(journalled),
    ])?;
    Ok(())
}

/// Journals a village's new state as this installation's entry.
pub(crate) fn journal_village(
    tx: &Transaction<'_>,
    origin: &str,
    before: Option<&VillageState>,
    after: &VillageState,
    actor: &str,
    reason: &str,
    at: UnixMillis,
) -> Result<()> {
    let payload = serde_json::to_string(after)?;
    let hash = journal::content_hash(payload.as_bytes());
    let parent = match before {
        Some(b) => Some(journal::content_hash(serde_json::to_string(b)?.as_bytes())),
        None => None,
    };
    journal::append(
        tx,
        origin,
        at,
        &Change {
            entity: Entity::Village,
            entity_id: &after.id,
            operation: "set",
            parent_hash: parent.as_deref(),
            content_hash: &hash,
            actor,
            reason,
            payload: &payload,
        },
    )?;
    Ok(())
}

/// Applies the village entries just stored: each village they touch takes the state of its
/// latest entry in the journal (these and any earlier ones). Returns how many villages.
pub(crate) fn apply_village_entries(
    tx: &Transaction<'_>,
    entries: &[JournalEntry],
) -> Result<usize> {
    let mut ids: Vec<&str> = entries
        .iter()
        .filter(|e| e.entity == Entity::Village.as_str())
        .map(|e| e.entity_id.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    for id in &ids {
        let latest: Option<String> = tx
            .prepare_cached(
                "SELECT payload FROM journal WHERE entity = 'village' AND entity_id = ?1
                 ORDER BY recorded_at DESC, origin DESC, seq DESC LIMIT 1",
            )?
            .query_row(params![id], |r| r.get(0))
            .optional()?;
        if let Some(payload) = latest {
            let state: VillageState = serde_json::from_str(&payload)?;
            // A village this installation listed itself under another spelling ("thôn cán
            // pản") is the commune's village: the commune's spelling replaces it.
            let key = search_key(&state.name);
            let same: Vec<String> = tx
                .prepare_cached(
                    "SELECT name FROM village WHERE commune_code = ?1
                       AND COALESCE(id, commune_code || ':' || name) <> ?2",
                )?
                .query_map(params![state.commune_code, state.id], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?
                .into_iter()
                .filter(|n| search_key(n) == key)
                .collect();
            for name in same {
                tx.prepare_cached("DELETE FROM village WHERE commune_code = ?1 AND name = ?2")?
                    .execute(params![state.commune_code, name])?;
            }
            write_village(tx, &state, true)?;
        }
    }
    Ok(ids.len())
}
