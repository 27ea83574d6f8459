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

pub use rasoat_store::{OutboxBatch, OutboxStatus};
use rasoat_store::{OutboxRefusal, Store, UnixMillis};

use crate::client::SyncError;

/// Every unacknowledged batch of the outbox, oldest first.
pub fn outbox(store: &Store) -> Result<Vec<OutboxBatch>, SyncError> {
    Ok(store.outbox()?)
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
    store.discard_outbox_batch(batch_id)?;
    Ok(found)
}

/// The first refused batch for `server`, if any.
pub(crate) fn refused_for(store: &Store, server: &str) -> Result<Option<OutboxRefusal>, SyncError> {
    Ok(store.outbox_refusal(server)?)
}

/// Counts a try of `batch_id`.
pub(crate) fn count_attempt(store: &mut Store, batch_id: &str) -> Result<(), SyncError> {
    Ok(store.count_outbox_attempt(batch_id)?)
}

/// Records what stopped a try of `batch_id`: for good when `code` is permanent, else as the
/// last error the next pass retries past.
pub(crate) fn record_failure(
    store: &mut Store,
    batch_id: &str,
    error: &SyncError,
    at: UnixMillis,
) -> Result<(), SyncError> {
    match error {
        SyncError::Refused { code, message } if code.is_permanent() => {
            store.refuse_outbox_batch(batch_id, code.as_str(), message, at)?;
        }
        _ => {
            store.note_outbox_error(batch_id, &format!("{}: {error}", error.code()))?;
        }
    }
    Ok(())
}
