//! The sync protocol's wire types (`docs/sync-protocol.md`), shared by the server and the
//! client so both sides read and write the same JSON. Every refusal is an `ErrorBody` whose
//! `code` is one of `ErrorCode`: clients decide on the code, people read the message.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The version prefix of every path.
pub const PREFIX: &str = "/v1";
/// The largest chunk a server accepts. Small enough that a minute of a slow link moves
/// several, so a cut costs little; large enough that a 17,000-household district ingest is a
/// few dozen requests.
pub const MAX_CHUNK_BYTES: usize = 1024 * 1024;
/// The largest JSON request body.
pub const MAX_JSON_BYTES: usize = 64 * 1024;
/// The largest batch a server accepts by upload (the batch format's own cap is larger; a
/// district's yearly batch is a few MB).
pub const MAX_UPLOAD_BYTES: u64 = 256 * 1024 * 1024;
/// The header that carries the session token.
pub const TOKEN_HEADER: &str = "authorization";

/// `POST /v1/session/challenge`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChallengeRequest {
    pub installation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChallengeResponse {
    /// The server's installation id (signed into the answer).
    pub server: String,
    pub challenge: String,
    pub expires_in_ms: u64,
}

/// `POST /v1/session`: the signed challenge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionRequest {
    pub installation: String,
    pub challenge: String,
    pub signature: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionResponse {
    /// Sent back as `Authorization: Bearer <token>`.
    pub token: String,
    pub expires_in_ms: u64,
}

/// `GET /v1/handshake`: what the server holds, as a receipt signed by it for the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Handshake {
    pub server: String,
    /// Per origin, the highest seq the server holds with nothing missing below.
    pub holds: BTreeMap<String, i64>,
    /// The same, as a receipt file (hex) the client imports: signed, so a client only trusts
    /// acknowledgements its server really made.
    pub receipt: String,
    pub max_chunk_bytes: u64,
}

/// `POST /v1/uploads`: announce (or look up) an upload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UploadRequest {
    pub batch_id: String,
    pub size: u64,
    /// SHA-256 of the whole batch file, lower-case hex.
    pub sha256: String,
}

/// Where an upload stands: the client resumes at `received`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UploadState {
    pub batch_id: String,
    pub size: u64,
    pub received: u64,
    /// `receiving`, or `imported` when this batch id was imported before.
    pub state: String,
}

/// `POST /v1/uploads/{batch_id}/complete`: the batch was imported (now or before).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Completed {
    pub batch_id: String,
    pub already_imported: bool,
    pub new_entries: u64,
    pub duplicates: u64,
    pub new_records: u64,
    pub updated_records: u64,
    pub conflicts: u64,
    /// The server's receipt for the caller (hex).
    pub receipt: String,
}

/// `POST /v1/pull`: the caller's receipt (hex), so the server sends only what it lacks. The
/// receipt is the cursor: the answer is one page (a batch of at most about `max_entries`
/// entries, right after what the receipt acknowledges), and `MORE_HEADER` says whether
/// another follows; the caller imports the page and asks again with its new receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PullRequest {
    pub receipt: String,
    /// The page size the caller wants (the server caps it at `MAX_PULL_PAGE_ENTRIES`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_entries: Option<u64>,
}

/// The answer header of a pull page: `true` when more remains after this page.
pub const MORE_HEADER: &str = "rasoat-more";
/// The page size of a pull when the caller names none: a few hundred KB over the wire, so a
/// minute of a slow link brings a page in, and a cut loses at most one.
pub const DEFAULT_PULL_PAGE_ENTRIES: u64 = 2_000;
/// The largest page a server sends.
pub const MAX_PULL_PAGE_ENTRIES: u64 = 20_000;

/// The body of every refusal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub message: String,
}

/// Stable refusal codes: clients branch on these, so they never change meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// No or unknown session token (401).
    Unauthenticated,
    /// The challenge signature does not verify, or the challenge is unknown or expired (401).
    BadSignature,
    /// The installation is not enrolled on this server (403).
    NotEnrolled,
    /// The batch was sent by another installation than the caller (403).
    WrongSender,
    /// The batch carries households of a unit the caller does not serve (403).
    WrongUnit,
    /// The body is not the JSON or bytes this endpoint takes (400).
    Malformed,
    /// The body or the announced upload is larger than allowed (413).
    TooLarge,
    /// No such path (404).
    NotFound,
    /// Path exists, method does not (405).
    MethodNotAllowed,
    /// No upload with this batch id for the caller: announce it first (404).
    UploadUnknown,
    /// A chunk starts past what was received: resume at `received` (409).
    ChunkGap,
    /// `complete` before every byte arrived (409).
    UploadIncomplete,
    /// The upload's bytes do not hash to what was announced; it was discarded (422).
    HashMismatch,
    /// The batch file was refused by verification (422).
    BatchRefused,
    /// The batch needs entries the server does not hold yet (409).
    MissingPrerequisites,
    /// Too many requests from this installation; retry after the header's seconds (429).
    RateLimited,
    /// The request took too long (408).
    Timeout,
    /// The server failed; nothing was half-written (500).
    Internal,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::BadSignature => "bad_signature",
            ErrorCode::NotEnrolled => "not_enrolled",
            ErrorCode::WrongSender => "wrong_sender",
            ErrorCode::WrongUnit => "wrong_unit",
            ErrorCode::Malformed => "malformed",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::UploadUnknown => "upload_unknown",
            ErrorCode::ChunkGap => "chunk_gap",
            ErrorCode::UploadIncomplete => "upload_incomplete",
            ErrorCode::HashMismatch => "hash_mismatch",
            ErrorCode::BatchRefused => "batch_refused",
            ErrorCode::MissingPrerequisites => "missing_prerequisites",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::Timeout => "timeout",
            ErrorCode::Internal => "internal",
        }
    }

    /// The HTTP status that goes with the code.
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::Unauthenticated | ErrorCode::BadSignature => 401,
            ErrorCode::NotEnrolled | ErrorCode::WrongSender | ErrorCode::WrongUnit => 403,
            ErrorCode::Malformed => 400,
            ErrorCode::TooLarge => 413,
            ErrorCode::NotFound | ErrorCode::UploadUnknown => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::ChunkGap | ErrorCode::UploadIncomplete | ErrorCode::MissingPrerequisites => {
                409
            }
            ErrorCode::HashMismatch | ErrorCode::BatchRefused => 422,
            ErrorCode::RateLimited => 429,
            ErrorCode::Timeout => 408,
            ErrorCode::Internal => 500,
        }
    }
}

impl ErrorCode {
    /// True when sending the same batch again will be refused again: the batch is set aside
    /// (`OutboxStatus::Refused`) rather than retried. Cuts, stalls, rate limits, server errors,
    /// a hash mismatch (bytes damaged on the way), missing prerequisites (another batch may
    /// bring them) and `malformed` (also what a body cut on the way gets) are worth retrying.
    pub fn is_permanent(self) -> bool {
        matches!(
            self,
            ErrorCode::NotEnrolled
                | ErrorCode::WrongSender
                | ErrorCode::WrongUnit
                | ErrorCode::BatchRefused
                | ErrorCode::TooLarge
        )
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The paths, relative to the server URL.
pub mod path {
    pub const CHALLENGE: &str = "/v1/session/challenge";
    pub const SESSION: &str = "/v1/session";
    pub const HANDSHAKE: &str = "/v1/handshake";
    pub const UPLOADS: &str = "/v1/uploads";
    pub const PULL: &str = "/v1/pull";
    /// Monitoring: no session needed, says nothing about who is enrolled.
    pub const HEALTH: &str = "/v1/health";
}
