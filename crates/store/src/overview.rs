//! What a screen needs at a glance: counts of a round's records by review state and by class,
//! its villages, and this user's local preferences (kept in the store file, never journalled:
//! they are about this laptop, not about households).

use std::collections::BTreeMap;

use rasoat_domain::workflow::ReviewState;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{Result, StoreError};
use crate::Store;

/// Counts of one round.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundOverview {
    pub total: u32,
    /// Records per review state, in workflow order (every state present, zero included).
    pub by_status: Vec<(ReviewState, u32)>,
    /// Records per class (`poor`, `near_poor`, `middle`, `other`, or `unclassified`).
    pub by_class: BTreeMap<String, u32>,
    /// The villages of the round's records, sorted.
    pub villages: Vec<String>,
}

impl Store {
    /// Counts of a round's records by state and class, and its villages.
    pub fn round_overview(&self, round_id: &str) -> Result<RoundOverview> {
        let mut out = RoundOverview {
            by_status: ReviewState::ALL.iter().map(|s| (*s, 0)).collect(),
            ..RoundOverview::default()
        };
        let mut stmt = self.conn.prepare(
            "SELECT status, COALESCE(class, 'unclassified'), COUNT(*)
             FROM survey_record WHERE round_id = ?1 GROUP BY status, class",
        )?;
        let rows = stmt.query_map(params![round_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, u32>(2)?,
            ))
        })?;
        for row in rows {
            let (status, class, n) = row?;
            let state = ReviewState::parse(&status).ok_or_else(|| StoreError::StoredWord {
                what: "survey_record.status",
                word: status.clone(),
            })?;
            out.total += n;
            if let Some(slot) = out.by_status.iter_mut().find(|(s, _)| *s == state) {
                slot.1 += n;
            }
            *out.by_class.entry(class).or_insert(0) += n;
        }
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT village FROM survey_record WHERE round_id = ?1 ORDER BY village",
        )?;
        out.villages = stmt
            .query_map(params![round_id], |r| r.get::<_, String>(0))?
            .collect::<std::result::Result<_, _>>()?;
        Ok(out)
    }

    /// A local preference (the user's name on this laptop, the UI language…).
    pub fn preference(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM store_meta WHERE key = ?1",
                params![format!("pref.{key}")],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Sets a local preference.
    pub fn set_preference(&mut self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO store_meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![format!("pref.{key}"), value],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preferences_round_trip_and_overview_of_an_empty_round_has_every_state() {
        let mut store = Store::open_in_memory().expect("store");
        assert_eq!(store.preference("user").expect("read"), None);
        store.set_preference("user", "Cán bộ thử").expect("write");
        store
            .set_preference("user", "Cán bộ thử 2")
            .expect("overwrite");
        assert_eq!(
            store.preference("user").expect("read").as_deref(),
            Some("Cán bộ thử 2")
        );
        let o = store.round_overview("no-such-round").expect("overview");
        assert_eq!(o.total, 0);
        assert_eq!(o.by_status.len(), ReviewState::ALL.len());
    }
}
