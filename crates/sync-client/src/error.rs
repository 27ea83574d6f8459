//! Why a sync pass stopped, with a stable code for the history and the desktop, whether
//! trying again can help before a person acts, and its words as a code with values
//! ([`SyncError::message`]) for a window that renders them in the user's language.

use rasoat_domain::messages::{Code, Message};
use rasoat_sync_protocol::ErrorCode;

/// Why a pass stopped. Its outbox is intact: the next pass resumes.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Batch(#[from] rasoat_batch::BatchError),
    #[error(transparent)]
    Store(#[from] rasoat_store::StoreError),
    #[error("máy chủ từ chối ({code}): {message} / server refused")]
    Refused { code: ErrorCode, message: String },
    #[error("máy chủ trả lời HTTP {status} không rõ / unexpected HTTP {status}")]
    Status { status: u16 },
    #[error("không liên lạc được máy chủ sau {attempts} lần: {reason} / server unreachable")]
    Unreachable { attempts: u32, reason: String },
    /// No network at all on the last try: the name could not be looked up, or there is no
    /// route (an unplugged or offline machine).
    #[error("máy này chưa có mạng (thử {attempts} lần): {reason} / no network")]
    NoNetwork { attempts: u32, reason: String },
    #[error("máy chủ {server} chưa được đăng ký ở máy này / server not enrolled here")]
    ServerNotEnrolled { server: String },
    #[error("máy chủ trả lời sai giao thức: {0} / protocol violation")]
    Protocol(String),
    /// The TLS link could not be set up: the server's certificate is not trusted (or the
    /// trusted certificates given could not be read). Not retried: trying again cannot help.
    #[error("không tin được chứng chỉ của máy chủ: {reason}; nếu huyện dùng chứng chỉ tự ký, chỉ định nó bằng --ca TỆP / the server's certificate is not trusted: {reason}; for a district's self-signed certificate pass --ca FILE")]
    Tls { reason: String },
    /// A batch of the outbox was refused by the server for good (`ErrorCode::is_permanent`):
    /// it is set aside, not sent again, and no new batch is exported for that server until a
    /// person fixes the cause and discards it (`outbox::discard`, `rasoat sync discard`).
    #[error("máy chủ từ chối hẳn lô {batch_id} ({code}): {message}; sửa nguyên nhân rồi bỏ lô này (rasoat sync discard {batch_id}), các mục sẽ được gửi lại trong lô sau / the server refused batch {batch_id} for good; fix the cause, then discard it and its entries go in a later batch")]
    BatchRefused {
        batch_id: String,
        code: String,
        message: String,
    },
    #[error("lô {batch_id} không có trong hộp thư đi hoặc máy chủ đã nhận / batch {batch_id} is not in the outbox, or the server acknowledged it")]
    NotInOutbox { batch_id: String },
}

impl SyncError {
    /// The error as a code and its values; its `bilingual` rendering is the `Display` text
    /// (`sync_errors_say_the_same_words_from_the_catalogue`).
    pub fn message(&self) -> Message {
        use SyncError as E;
        let m = Message::new;
        match self {
            E::Batch(e) => e.message(),
            E::Store(e) => e.message(),
            E::Refused { code, message } => m(Code::SyncRefused)
                .with("code", code.as_str())
                .with("reason", message.as_str()),
            E::Status { status } => m(Code::SyncStatus).with("status", *status),
            E::Unreachable { attempts, reason } => m(Code::SyncUnreachable)
                .with("attempts", *attempts)
                .with("reason", reason.as_str()),
            E::NoNetwork { attempts, reason } => m(Code::SyncNoNetwork)
                .with("attempts", *attempts)
                .with("reason", reason.as_str()),
            E::ServerNotEnrolled { server } => {
                m(Code::SyncServerNotEnrolled).with("server", server.as_str())
            }
            E::Protocol(detail) => m(Code::SyncProtocol).with("detail", detail.as_str()),
            E::Tls { reason } => m(Code::SyncTls).with("reason", reason.as_str()),
            E::BatchRefused {
                batch_id,
                code,
                message,
            } => m(Code::SyncBatchRefused)
                .with("batch_id", batch_id.as_str())
                .with("code", code.as_str())
                .with("reason", message.as_str()),
            E::NotInOutbox { batch_id } => {
                m(Code::SyncNotInOutbox).with("batch_id", batch_id.as_str())
            }
        }
    }

    /// A stable code for the history and the desktop.
    pub fn code(&self) -> String {
        match self {
            SyncError::Refused { code, .. } => code.as_str().to_string(),
            SyncError::Status { .. } => "http_status".into(),
            SyncError::Unreachable { .. } => "unreachable".into(),
            SyncError::NoNetwork { .. } => "no_network".into(),
            SyncError::ServerNotEnrolled { .. } => "server_not_enrolled".into(),
            SyncError::Protocol(_) => "protocol".into(),
            SyncError::Tls { .. } => "tls".into(),
            SyncError::BatchRefused { code, .. } => code.clone(),
            SyncError::NotInOutbox { .. } => "not_in_outbox".into(),
            SyncError::Store(rasoat_store::StoreError::InstallationMoved { .. }) => {
                "installation_moved".into()
            }
            SyncError::Batch(_) | SyncError::Store(_) => "local".into(),
        }
    }
}

impl SyncError {
    /// True when the next pass will fail the same way until a person acts (a batch refused
    /// for good, an untrusted certificate, a server not enrolled here, or this installation
    /// not enrolled there): a background task should show the error and stop retrying often.
    /// Cuts, stalls and server errors are not: the next pass may well succeed.
    pub fn is_permanent(&self) -> bool {
        match self {
            SyncError::Refused { code, .. } => code.is_permanent(),
            SyncError::Tls { .. }
            | SyncError::BatchRefused { .. }
            | SyncError::ServerNotEnrolled { .. }
            | SyncError::NotInOutbox { .. } => true,
            _ => self.is_moved(),
        }
    }

    /// True when this installation moved to another machine: no pass will ever run here again,
    /// so a background task should say so once and stop, not hold and try later.
    pub fn is_moved(&self) -> bool {
        matches!(
            self,
            SyncError::Store(rasoat_store::StoreError::InstallationMoved { .. })
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rasoat_domain::messages::bilingual;

    #[test]
    fn sync_errors_say_the_same_words_from_the_catalogue() {
        use SyncError as E;
        let s = |t: &str| t.to_string();
        let every = vec![
            E::Batch(rasoat_batch::BatchError::FromSelf),
            E::Store(rasoat_store::StoreError::NoOpenRound),
            E::Refused {
                code: ErrorCode::NotEnrolled,
                message: s("not enrolled"),
            },
            E::Status { status: 502 },
            E::Unreachable {
                attempts: 3,
                reason: s("connection refused"),
            },
            E::NoNetwork {
                attempts: 1,
                reason: s("dns"),
            },
            E::ServerNotEnrolled { server: s("s-1") },
            E::Protocol(s("bad json")),
            E::Tls {
                reason: s("unknown issuer"),
            },
            E::BatchRefused {
                batch_id: s("b-1"),
                code: s("bad_signature"),
                message: s("forged"),
            },
            E::NotInOutbox { batch_id: s("b-2") },
        ];
        let mut seen = Vec::new();
        for e in every {
            assert_eq!(bilingual(&e.message()), e.to_string(), "{e:?}");
            seen.push(e.message().code);
        }
        // The sample holds every sync code, so no variant is left unchecked.
        for code in Code::ALL {
            if code.as_str().starts_with("error.sync.") {
                assert!(seen.contains(code), "no sample says {}", code.as_str());
            }
        }
    }
}
