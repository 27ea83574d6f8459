//! Sync over HTTP: the district sync server (`rasoat serve`) and the client that empties an
//! installation's outbox into it (`rasoat sync`, the desktop's background task). The protocol is
//! in `docs/sync-protocol.md`; what travels is the batch format of `rasoat-sync`, unchanged, so a
//! batch that reaches the district by HTTP is the same file a USB stick would carry.
//!
//! - `protocol`: the JSON of every request and answer, and the stable refusal codes;
//! - `server` (feature `server`): `router`, `serve`, `ServerState` — axum over one store;
//! - `client` (feature `client`): `sync_once`, `sync_state`;
//! - `outbox` (feature `client`): the outbox as a person sees it, refused batches, `discard`.
//!
//! Invariants: a batch is verified and imported only once it is whole, exactly once; a chunk
//! sent twice changes nothing; no request input makes the server panic; nothing personal is
//! logged (errors name installations, entries and hashes only).

pub mod protocol;

#[cfg(feature = "server")]
pub mod server;

#[cfg(feature = "client")]
pub mod client;

#[cfg(feature = "client")]
pub mod outbox;

#[cfg(feature = "server")]
pub use server::{router, serve, serve_tls, tls_config, ServerConfig, ServerState};

#[cfg(feature = "client")]
pub use client::{
    fill_outbox, sync_once, sync_once_with, sync_state, SyncError as ClientError, SyncOptions,
    SyncPass, SyncReport, SyncState,
};
#[cfg(feature = "client")]
pub use outbox::{discard, outbox, OutboxBatch, OutboxStatus};

/// Why a server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error(transparent)]
    Sync(#[from] rasoat_sync::SyncError),
    #[error(transparent)]
    Store(#[from] rasoat_store::StoreError),
    #[error("TLS: {0}")]
    Tls(String),
    #[error("không mở được cổng / cannot listen: {0}")]
    Io(#[from] std::io::Error),
}
