//! The client's outbox as a person sees it: which batches wait for the server, how often each
//! was tried, which the server refused for good and why, and how to set a refused one aside.
//!
//! A refusal is for good when its code cannot change by sending the same file again
//! (`ErrorCode::is_permanent`: wrong unit, not enrolled, verification failed…). Such a batch is
//! marked refused (migration 0008) and no pass sends it again, nor exports a new batch for
//! that server, which would only repeat its entries. Once the cause is fixed (the district
//! enrols the laptop, the household is moved to the right commune), `discard` drops the batch:
//! its entries were never acknowledged, so the next pass exports them again in a new batch.
//! Nothing is lost; a batch the server did import is acknowledged and cannot be discarded.

use rasoat_store::{Store, UnixMillis};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::client::SyncError;

/// Where an outbox batch stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboxStatus {
    /// Waiting to be sent, or sent in part: the next pass continues.
    Pending,
    /// Refused by the server for good: waits for a person (`discard`).
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

/// Every unacknowledged batch of the outbox, oldest first.
pub fn outbox(store: &Store) -> Result<Vec<OutboxBatch>, SyncError> {
    let rows = store
        .connection()
        .prepare(
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

/// Drops an unacknowledged batch from the outbox (refused or not) and returns what it was. Its
/// entries stay in the journal, unacknowledged by the server, so the next pass exports them
/// again in a new batch. A batch that is not in the outbox, or that the server acknowledged,
/// is refused with `SyncError::NotInOutbox` and nothing changes.
pub fn discard(store: &mut Store, batch_id: &str) -> Result<OutboxBatch, SyncError> {
    let found = outbox(store)?
        .into_iter()
        .find(|batch| batch.batch_id == batch_id)
        .ok_or_else(|| SyncError::NotInOutbox {
            batch_id: batch_id.to_string(),
        })?;
    store.connection().execute(
        "DELETE FROM sync_outbox WHERE batch_id = ?1 AND acknowledged_at IS NULL",
        [batch_id],
    )?;
    Ok(found)
}

/// The first refused batch for `server`, if any: `(batch_id, code, message)`.
pub(crate) fn refused_for(
    store: &Store,
    server: &str,
) -> Result<Option<(String, String, String)>, SyncError> {
    Ok(store
        .connection()
        .query_row(
            "SELECT batch_id, COALESCE(refusal_code, ''), COALESCE(refusal, '') FROM sync_outbox
             WHERE recipient = ?1 AND acknowledged_at IS NULL AND refused_at IS NOT NULL
             ORDER BY created_at, batch_id LIMIT 1",
            [server],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?)
}

/// Counts a try of `batch_id`.
pub(crate) fn count_attempt(store: &Store, batch_id: &str) -> Result<(), SyncError> {
    store.connection().execute(
        "UPDATE sync_outbox SET attempts = attempts + 1 WHERE batch_id = ?1",
        [batch_id],
    )?;
    Ok(())
}

/// Records what stopped a try of `batch_id`: for good when `code` is permanent, else as the
/// last error the next pass retries past.
pub(crate) fn record_failure(
    store: &Store,
    batch_id: &str,
    error: &SyncError,
    at: UnixMillis,
) -> Result<(), SyncError> {
    match error {
        SyncError::Refused { code, message } if code.is_permanent() => {
            store.connection().execute(
                "UPDATE sync_outbox SET refused_at = ?2, refusal_code = ?3, refusal = ?4
                 WHERE batch_id = ?1",
                params![batch_id, at, code.as_str(), message],
            )?;
        }
        _ => {
            store.connection().execute(
                "UPDATE sync_outbox SET last_error = ?2 WHERE batch_id = ?1",
                params![batch_id, format!("{}: {error}", error.code())],
            )?;
        }
    }
    Ok(())
}
