//! The sync client: empties an installation's outbox into the district server over HTTP(S)
//! (`rasoat sync`, the desktop's background task) and pulls, page by page, what the server holds
//! for it. The protocol is `rasoat-sync-protocol` (`docs/sync-protocol.md`); what travels is the
//! batch format of `rasoat-batch`.
//!
//! - `client`: `sync_once`, `sync_state`, `fill_outbox`;
//! - `outbox`: the outbox as a person sees it, refused batches, `discard`.
//!
//! Invariants: a batch stays in the outbox until the server has acknowledged it; a refusal for
//! good sets it aside with its reason until a person discards it; nothing personal is logged.

pub mod client;
mod error;
mod http;
pub mod outbox;

pub use client::{
    fill_outbox, sync_once, sync_once_with, sync_state, SyncOptions, SyncPass, SyncReport,
    SyncState,
};
pub use error::SyncError;
pub use outbox::{discard, outbox, OutboxBatch, OutboxStatus};
