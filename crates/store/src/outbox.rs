//! The sync client's outbox: batches exported for a server, kept until the server acknowledges
//! them, with how often each was tried and, when the server refused one for good, why. The
//! client (`rasoat-sync-client`) decides what to send and when; this module only keeps it.
//!
//! A refused batch is not sent again and no new batch is exported for that server while it
//! waits, since it would only repeat its entries; discarding it leaves its entries
//! unacknowledged in the journal, so the next pass exports them again. Nothing is lost.

use std::collections::BTreeMap;

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::error::{Result, StoreError};
use crate::{Store, UnixMillis};

/// Where an outbox batch stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboxStatus {
    /// Waiting to be sent, or sent in part: the next pass continues.
    Pending,
    /// Refused by the server for good: waits for a person to discard it.
    Refused,
}

/// One batch exported for a server and not acknowledged by it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutboxBatch {
    pub batch_id: String,
    /// The server's installation id.
    pub recipient: String,
    pub size: i64,
    pub created_at: UnixMillis,
    pub status: OutboxStatus,
    /// Passes that tried to send it.
    pub attempts: i64,
    /// The refusal's code when refused (`wrong_unit`, …).
    pub refusal_code: Option<String>,
    /// Why: the server's refusal when refused, else the last failure worth retrying.
    pub reason: Option<String>,
    pub refused_at: Option<UnixMillis>,
}

/// A refused batch: `(batch_id, code, message)` as the server gave them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxRefusal {
    pub batch_id: String,
    pub code: String,
    pub message: String,
}

/// Per origin, the (first, last) seq a batch carries.
pub type BatchRanges = BTreeMap<String, (i64, i64)>;

/// A batch to put in the outbox.
#[derive(Debug)]
pub struct NewOutboxBatch<'a> {
    pub batch_id: &'a str,
    pub recipient: &'a str,
    pub bytes: &'a [u8],
    /// SHA-256 of `bytes`, lower-case hex.
    pub sha256: &'a str,
    /// Per origin, the (first, last) seq the batch carries.
    pub ranges: &'a BatchRanges,
    pub created_at: UnixMillis,
}

/// One sync pass as the client records it in the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncPassRecord<'a> {
    pub server: &'a str,
    pub started_at: UnixMillis,
    pub finished_at: UnixMillis,
    pub ok: bool,
    pub batches_sent: i64,
    pub batches_pulled: i64,
    pub bytes_sent: i64,
    /// `code: message` when the pass failed.
    pub error: Option<&'a str>,
}

impl Store {
    /// Every unacknowledged batch of the outbox, oldest first.
    pub fn outbox(&self) -> Result<Vec<OutboxBatch>> {
        let rows = self
            .conn
            .prepare_cached(
                "SELECT batch_id, recipient, size, created_at, attempts, refusal_code,
                        COALESCE(refusal, last_error), refused_at
                 FROM sync_outbox WHERE acknowledged_at IS NULL
                 ORDER BY created_at, batch_id",
            )?
            .query_map([], |r| {
                let refused_at: Option<UnixMillis> = r.get(7)?;
                Ok(OutboxBatch {
                    batch_id: r.get(0)?,
                    recipient: r.get(1)?,
                    size: r.get(2)?,
                    created_at: r.get(3)?,
                    status: if refused_at.is_some() {
                        OutboxStatus::Refused
                    } else {
                        OutboxStatus::Pending
                    },
                    attempts: r.get(4)?,
                    refusal_code: r.get(5)?,
                    reason: r.get(6)?,
                    refused_at,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Drops an unacknowledged batch; `false` when there was none with that id.
    pub fn discard_outbox_batch(&mut self, batch_id: &str) -> Result<bool> {
        let n = self.conn.execute(
            "DELETE FROM sync_outbox WHERE batch_id = ?1 AND acknowledged_at IS NULL",
            [batch_id],
        )?;
        Ok(n > 0)
    }

    /// Batches waiting for `recipient`, refused ones included.
    pub fn outbox_waiting_for(&self, recipient: &str) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT COUNT(*) FROM sync_outbox WHERE recipient = ?1 AND acknowledged_at IS NULL",
            [recipient],
            |r| r.get(0),
        )?)
    }

    /// Unacknowledged batches for any server: (to send, refused for good).
    pub fn outbox_counts(&self) -> Result<(i64, i64)> {
        Ok(self.conn.query_row(
            "SELECT COUNT(*) FILTER (WHERE refused_at IS NULL),
                    COUNT(*) FILTER (WHERE refused_at IS NOT NULL)
             FROM sync_outbox WHERE acknowledged_at IS NULL",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }

    /// The batches still to send to `recipient`, oldest first: (batch id, bytes).
    pub fn outbox_to_send(&self, recipient: &str) -> Result<Vec<(String, Vec<u8>)>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT batch_id, bytes FROM sync_outbox
                 WHERE recipient = ?1 AND acknowledged_at IS NULL AND bytes IS NOT NULL
                       AND refused_at IS NULL
                 ORDER BY created_at, batch_id",
            )?
            .query_map([recipient], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The highest seq of `origin` any batch put in the outbox for `recipient` carried,
    /// acknowledged or not: what this installation ever sent it of that origin.
    pub fn outbox_sent_through(&self, recipient: &str, origin: &str) -> Result<i64> {
        let rows: Vec<String> = self
            .conn
            .prepare_cached("SELECT ranges FROM sync_outbox WHERE recipient = ?1")?
            .query_map([recipient], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut through = 0;
        for text in rows {
            let ranges: BatchRanges =
                serde_json::from_str(&text).map_err(|source| StoreError::Corrupt {
                    what: "sync_outbox.ranges",
                    source,
                })?;
            if let Some((_, last)) = ranges.get(origin) {
                through = through.max(*last);
            }
        }
        Ok(through)
    }

    /// The unacknowledged batches for `recipient` with the ranges each carries.
    pub fn outbox_ranges(&self, recipient: &str) -> Result<Vec<(String, BatchRanges)>> {
        let rows: Vec<(String, String)> = self
            .conn
            .prepare_cached(
                "SELECT batch_id, ranges FROM sync_outbox
                 WHERE recipient = ?1 AND acknowledged_at IS NULL",
            )?
            .query_map([recipient], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter()
            .map(|(batch_id, text)| {
                let ranges = serde_json::from_str(&text).map_err(|source| StoreError::Corrupt {
                    what: "sync_outbox.ranges",
                    source,
                })?;
                Ok((batch_id, ranges))
            })
            .collect()
    }

    /// Puts a freshly exported batch in the outbox.
    pub fn add_to_outbox(&mut self, batch: &NewOutboxBatch<'_>) -> Result<()> {
        let ranges = serde_json::to_string(batch.ranges).map_err(|source| StoreError::Corrupt {
            what: "sync_outbox.ranges",
            source,
        })?;
        self.conn.execute(
            "INSERT INTO sync_outbox (batch_id, recipient, bytes, size, sha256, ranges, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                batch.batch_id,
                batch.recipient,
                batch.bytes,
                batch.bytes.len() as i64,
                batch.sha256,
                ranges,
                batch.created_at
            ],
        )?;
        Ok(())
    }

    /// Marks a batch acknowledged by the server and drops its bytes (the journal keeps the
    /// entries). Acknowledging twice keeps the first time.
    pub fn acknowledge_outbox_batch(&mut self, batch_id: &str, at: UnixMillis) -> Result<()> {
        self.conn.execute(
            "UPDATE sync_outbox SET acknowledged_at = ?2, bytes = NULL
             WHERE batch_id = ?1 AND acknowledged_at IS NULL",
            params![batch_id, at],
        )?;
        Ok(())
    }

    /// The first batch `recipient` refused for good, if any.
    pub fn outbox_refusal(&self, recipient: &str) -> Result<Option<OutboxRefusal>> {
        Ok(self
            .conn
            .query_row(
                "SELECT batch_id, COALESCE(refusal_code, ''), COALESCE(refusal, '')
                 FROM sync_outbox
                 WHERE recipient = ?1 AND acknowledged_at IS NULL AND refused_at IS NOT NULL
                 ORDER BY created_at, batch_id LIMIT 1",
                [recipient],
                |r| {
                    Ok(OutboxRefusal {
                        batch_id: r.get(0)?,
                        code: r.get(1)?,
                        message: r.get(2)?,
                    })
                },
            )
            .optional()?)
    }

    /// Counts a try of `batch_id`.
    pub fn count_outbox_attempt(&mut self, batch_id: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE sync_outbox SET attempts = attempts + 1 WHERE batch_id = ?1",
            [batch_id],
        )?;
        Ok(())
    }

    /// Sets a batch aside: the server refused it for good.
    pub fn refuse_outbox_batch(
        &mut self,
        batch_id: &str,
        code: &str,
        message: &str,
        at: UnixMillis,
    ) -> Result<()> {
        self.conn.execute(
            "UPDATE sync_outbox SET refused_at = ?2, refusal_code = ?3, refusal = ?4
             WHERE batch_id = ?1",
            params![batch_id, at, code, message],
        )?;
        Ok(())
    }

    /// Records the last failure of a try that the next pass retries past.
    pub fn note_outbox_error(&mut self, batch_id: &str, error: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE sync_outbox SET last_error = ?2 WHERE batch_id = ?1",
            params![batch_id, error],
        )?;
        Ok(())
    }

    /// Adds a pass to the sync history.
    pub fn record_sync_pass(&mut self, pass: &SyncPassRecord<'_>) -> Result<()> {
        self.conn.execute(
            "INSERT INTO sync_history (server, started_at, finished_at, ok, batches_sent,
                                       batches_pulled, bytes_sent, error)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                pass.server,
                pass.started_at,
                pass.finished_at,
                pass.ok,
                pass.batches_sent,
                pass.batches_pulled,
                pass.bytes_sent,
                pass.error
            ],
        )?;
        Ok(())
    }
}
