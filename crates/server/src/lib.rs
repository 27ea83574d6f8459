//! The district sync server (`rasoat serve`): axum over one store, speaking the protocol of
//! `rasoat-sync-protocol` (`docs/sync-protocol.md`). What travels is the batch format of
//! `rasoat-batch`, unchanged, so a batch that reaches the district by HTTP is the same file a USB
//! stick would carry.
//!
//! Invariants: a batch is verified and imported only once it is whole, exactly once; a chunk
//! sent twice changes nothing; no request input makes the server panic; nothing personal is
//! logged (errors name installations, entries and hashes only; `server/monitor.rs` writes one log
//! line per request and an audit row per sign-in, refusal, upload, import and pull); a store that
//! fails `quick_check` is not served.

pub mod server;

pub use server::{router, serve, serve_tls, tls_config, ServerConfig, ServerState};

/// Why a server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error(transparent)]
    Batch(#[from] rasoat_batch::BatchError),
    #[error(transparent)]
    Store(#[from] rasoat_store::StoreError),
    #[error("chứng chỉ không đọc được / certificate: {source}")]
    Certificate {
        source: rustls_pki_types::pem::Error,
    },
    #[error(
        "tệp chứng chỉ không có chứng chỉ PEM nào / no PEM certificate in the certificate file"
    )]
    NoCertificate,
    #[error("khóa riêng không đọc được / private key: {source}")]
    PrivateKey {
        source: rustls_pki_types::pem::Error,
    },
    #[error("chứng chỉ và khóa không khớp / certificate and key do not fit: {source}")]
    KeyDoesNotFit { source: rustls::Error },
    #[error("TLS: {0}")]
    Tls(#[from] rustls::Error),
    #[error("kho dữ liệu bị hỏng, máy chủ không chạy; chạy `rasoat check --full` rồi khôi phục từ bản sao lưu (docs/operating-the-server.md) / the store is damaged, not serving; run `rasoat check --full` and restore from a backup: {problems}")]
    Damaged { problems: String },
    #[error("không mở được cổng / cannot listen: {0}")]
    Io(#[from] std::io::Error),
}
