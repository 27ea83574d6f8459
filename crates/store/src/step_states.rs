//! The review state of a survey record's content this store holds, by its content hash: where
//! an incoming entry that builds on that content starts its step from, so a receiver judges a
//! step by what it holds rather than by what the entry says it built on.

use rasoat_domain::workflow::ReviewState;
use rusqlite::{params, OptionalExtension};
use serde::Deserialize;

use crate::error::Result;
use crate::Store;

#[derive(Deserialize)]
struct StatePayload {
    record: StateRecord,
}

#[derive(Deserialize)]
struct StateRecord {
    status: ReviewState,
}

impl Store {
    /// The review state of household `household_id`'s survey content hashed `content_hash`, in
    /// any round, when this store holds an entry with that content; `None` when it holds none.
    pub fn survey_state_held(
        &self,
        household_id: &str,
        content_hash: &str,
    ) -> Result<Option<ReviewState>> {
        // Range on the indexed entity id, as `merge.rs` reads a record's entries: "<household>/"
        // up to "<household>0" ('0' follows '/').
        let low = format!("{household_id}/");
        let high = format!("{household_id}0");
        let payload: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT payload FROM journal
                 WHERE entity = 'survey' AND entity_id >= ?1 AND entity_id < ?2
                   AND content_hash = ?3
                 LIMIT 1",
            )?
            .query_row(params![low, high, content_hash], |r| r.get(0))
            .optional()?;
        match payload {
            Some(payload) => {
                let parsed: StatePayload = serde_json::from_str(&payload)?;
                Ok(Some(parsed.record.status))
            }
            None => Ok(None),
        }
    }
}
