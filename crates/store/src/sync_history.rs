//! What the desktop's sync screen reads: the history of sync passes (`sync_history`, written
//! by the sync client, migration 0003, with the household counts of migration 0007), what is
//! still to send to the district server, and what a pass sent, counted in households.
//!
//! Counts only: no row here names a person (household ids at most, inside the store).

use std::collections::{BTreeMap, HashSet};

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::error::{Result, StoreError};
use crate::{Store, UnixMillis};

/// One past sync pass.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncHistoryRow {
    pub id: i64,
    /// The server's address as it was given.
    pub server: String,
    pub started_at: UnixMillis,
    pub finished_at: UnixMillis,
    pub ok: bool,
    /// Batches the server acknowledged during the pass.
    pub batches_sent: i64,
    /// Batches fetched from the server and imported.
    pub batches_received: i64,
    pub households_sent: i64,
    pub households_received: i64,
    pub bytes_sent: i64,
    /// `code: message` as the client recorded it, when the pass failed.
    pub error: Option<String>,
}

/// What waits to go to one server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SyncPending {
    /// Batches exported into the outbox, not acknowledged yet and not refused: what a pass
    /// will send.
    pub batches: i64,
    /// Batches the server refused for good (migration 0008): no pass sends them again, they
    /// wait for a person to discard them, so they are not counted as pending.
    pub refused_batches: i64,
    /// Households with a change the server has not acknowledged (in the outbox or not yet
    /// exported).
    pub households: i64,
}

/// What `sync_pending` depends on: when none of it moved, its counts have not changed either,
/// so a screen polling every few seconds can keep its last answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncPendingMark {
    pub journal_rowid: i64,
    pub acknowledged_sum: i64,
    pub unacknowledged_batches: i64,
    pub refused_batches: i64,
}

/// The household a journal entry is about: a survey record's id is `<household>/<round>`.
const HOUSEHOLD_OF_ENTRY: &str = "CASE j.entity WHEN 'survey'
     THEN substr(j.entity_id, 1, instr(j.entity_id, '/') - 1) ELSE j.entity_id END";

impl Store {
    /// The latest `limit` passes, newest first.
    pub fn sync_history(&self, limit: usize) -> Result<Vec<SyncHistoryRow>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut stmt = self.conn.prepare(
            "SELECT id, server, started_at, finished_at, ok, batches_sent, batches_pulled,
                    households_sent, households_received, bytes_sent, error
             FROM sync_history ORDER BY id DESC LIMIT ?1",
        )?;
        let rows = stmt
            .query_map([limit], |r| {
                Ok(SyncHistoryRow {
                    id: r.get(0)?,
                    server: r.get(1)?,
                    started_at: r.get(2)?,
                    finished_at: r.get(3)?,
                    ok: r.get(4)?,
                    batches_sent: r.get(5)?,
                    batches_received: r.get(6)?,
                    households_sent: r.get(7)?,
                    households_received: r.get(8)?,
                    bytes_sent: r.get(9)?,
                    error: r.get(10)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// When the last pass that ended without error finished.
    pub fn last_sync_success(&self) -> Result<Option<UnixMillis>> {
        Ok(self
            .conn
            .query_row(
                "SELECT MAX(finished_at) FROM sync_history WHERE ok = 1",
                [],
                |r| r.get::<_, Option<i64>>(0),
            )
            .optional()?
            .flatten())
    }

    /// Adds the household counts to the pass the sync client just recorded for `server`
    /// (its newest row started at or after `since`). Returns whether such a row exists.
    pub fn count_households_of_sync_pass(
        &mut self,
        server: &str,
        since: UnixMillis,
        sent: i64,
        received: i64,
    ) -> Result<bool> {
        let changed = self.conn.execute(
            "UPDATE sync_history SET households_sent = ?3, households_received = ?4
             WHERE id = (SELECT MAX(id) FROM sync_history WHERE server = ?1 AND started_at >= ?2)",
            params![server, since, sent.max(0), received.max(0)],
        )?;
        Ok(changed == 1)
    }

    /// A cheap mark of everything `sync_pending(peer)` reads.
    pub fn sync_pending_mark(&self, peer: &str) -> Result<SyncPendingMark> {
        Ok(self.conn.query_row(
            "SELECT (SELECT COALESCE(MAX(rowid), 0) FROM journal),
                    (SELECT COALESCE(SUM(seq), 0) FROM sync_ack WHERE peer = ?1),
                    (SELECT COUNT(*) FROM sync_outbox WHERE acknowledged_at IS NULL),
                    (SELECT COUNT(*) FROM sync_outbox
                     WHERE acknowledged_at IS NULL AND refused_at IS NOT NULL)",
            [peer],
            |r| {
                Ok(SyncPendingMark {
                    journal_rowid: r.get(0)?,
                    acknowledged_sum: r.get(1)?,
                    unacknowledged_batches: r.get(2)?,
                    refused_batches: r.get(3)?,
                })
            },
        )?)
    }

    /// What waits to go to the server `peer` (its installation id; an id never acknowledged
    /// anything, so an unknown server sees every change as pending).
    pub fn sync_pending(&self, peer: &str) -> Result<SyncPending> {
        let (batches, refused_batches) = self.outbox_counts()?;
        // Driven by origin so that each origin's unacknowledged tail is a range on the
        // (origin, seq) index instead of a scan of the whole journal.
        let households: i64 = self.conn.query_row(
            &format!(
                "WITH origins AS (SELECT DISTINCT origin FROM journal),
                      marks AS (SELECT o.origin,
                                       COALESCE((SELECT seq FROM sync_ack
                                                 WHERE peer = ?1 AND origin = o.origin), 0) AS seq
                                FROM origins o)
                 SELECT COUNT(DISTINCT {HOUSEHOLD_OF_ENTRY})
                 FROM marks m JOIN journal j ON j.origin = m.origin AND j.seq > m.seq
                 WHERE j.entity IN ('household', 'survey')"
            ),
            [peer],
            |r| r.get(0),
        )?;
        Ok(SyncPending {
            batches,
            refused_batches,
            households,
        })
    }

    /// Distinct households in the outbox batches acknowledged at or after `since`: what a pass
    /// that started then delivered.
    pub fn households_acknowledged_since(&self, since: UnixMillis) -> Result<i64> {
        let ranges: Vec<String> = self
            .conn
            .prepare("SELECT ranges FROM sync_outbox WHERE acknowledged_at >= ?1")?
            .query_map([since], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {HOUSEHOLD_OF_ENTRY} FROM journal j
             WHERE j.origin = ?1 AND j.seq BETWEEN ?2 AND ?3 AND j.entity IN ('household', 'survey')"
        ))?;
        let mut households = HashSet::new();
        for text in ranges {
            let ranges: BTreeMap<String, (i64, i64)> =
                serde_json::from_str(&text).map_err(|source| StoreError::Corrupt {
                    what: "sync_outbox.ranges",
                    source,
                })?;
            for (origin, (first, last)) in ranges {
                let ids =
                    stmt.query_map(params![origin, first, last], |r| r.get::<_, String>(0))?;
                for id in ids {
                    households.insert(id?);
                }
            }
        }
        Ok(i64::try_from(households.len()).unwrap_or(i64::MAX))
    }
}
