//! The district sync server: axum handlers over one store. The server is an installation like
//! the others: it accepts sessions only from installations enrolled in its store, takes their
//! batches by resumable chunks, imports a batch once it is whole with the same
//! `rasoat_batch::import_batch` a USB stick goes through, and answers with its signed receipt.
//!
//! Store work runs on the blocking pool behind one mutex (SQLite has one writer anyway), never
//! on the async runtime. Every refusal is a JSON `ErrorBody` with a stable code; no input makes
//! a handler panic, and a refused request never stops the others.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::rejection::PathRejection;
use axum::extract::{ConnectInfo, Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::Router;
use http_body_util::BodyExt;
use rasoat_batch::codec::{sha256_hex, to_hex};
use rasoat_batch::BatchError;
// The server reads the clock at its edge, through the one reading every edge shares.
use rasoat_store::unix_millis_now as now_ms;
use rasoat_store::{ChunkOutcome, Store};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::ServerError;

mod monitor;
use rasoat_sync_protocol::{
    path, ChallengeRequest, ChallengeResponse, Completed, ErrorBody, ErrorCode, Handshake,
    PullRequest, SessionRequest, SessionResponse, UploadRequest, UploadState,
    DEFAULT_PULL_PAGE_ENTRIES, MAX_CHUNK_BYTES, MAX_JSON_BYTES, MAX_PULL_PAGE_ENTRIES,
    MAX_UPLOAD_BYTES, MORE_HEADER,
};

/// Limits of one server; the defaults suit a district on a mobile link.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// A request (body included) that takes longer is answered `timeout` and dropped, so a
    /// stalled link cannot hold a connection's handler for ever.
    pub request_timeout: Duration,
    /// How long a session token lives.
    pub session_ttl: Duration,
    /// How long a challenge may wait for its signature.
    pub challenge_ttl: Duration,
    /// Requests an installation may make at once before it is slowed down…
    pub rate_burst: u32,
    /// …and how many more it earns per second.
    pub rate_per_second: u32,
    /// The same for the unauthenticated session endpoints, per client address.
    pub anonymous_burst: u32,
    pub anonymous_per_second: u32,
    /// Uploads an installation may have in progress; announcing one more drops its oldest.
    pub max_uploads_per_installation: usize,
}

impl Default for ServerConfig {
    fn default() -> ServerConfig {
        ServerConfig {
            request_timeout: Duration::from_secs(60),
            session_ttl: Duration::from_secs(30 * 60),
            challenge_ttl: Duration::from_secs(60),
            rate_burst: 120,
            rate_per_second: 40,
            anonymous_burst: 600,
            anonymous_per_second: 100,
            max_uploads_per_installation: 8,
        }
    }
}

/// Outstanding challenges are capped so unauthenticated callers cannot grow memory.
const MAX_CHALLENGES: usize = 10_000;
const MAX_SESSIONS: usize = 10_000;
const MAX_BUCKETS: usize = 10_000;

struct Session {
    installation: String,
    expires: Instant,
}

struct Challenge {
    installation: String,
    expires: Instant,
}

struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// What the handlers share.
pub struct ServerState {
    store: Mutex<Store>,
    server_id: String,
    config: ServerConfig,
    sessions: Mutex<HashMap<String, Session>>,
    challenges: Mutex<HashMap<String, Challenge>>,
    buckets: Mutex<HashMap<String, Bucket>>,
    monitor: monitor::Monitor,
}

impl std::fmt::Debug for ServerState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerState")
            .field("server_id", &self.server_id)
            .finish_non_exhaustive()
    }
}

impl ServerState {
    /// The server over `store`, an initialised installation (it gets keys if it has none).
    pub fn new(mut store: Store, config: ServerConfig) -> Result<Arc<ServerState>, ServerError> {
        // A damaged store is not served: answering from it would spread the damage.
        let verdict = store.quick_check()?;
        if !verdict.is_sound() {
            return Err(ServerError::Damaged {
                problems: verdict.problems.join("; "),
            });
        }
        let identity = rasoat_batch::ensure_identity(&mut store, now_ms())?;
        Ok(Arc::new(ServerState {
            store: Mutex::new(store),
            server_id: identity.installation_id().to_string(),
            config,
            sessions: Mutex::new(HashMap::new()),
            challenges: Mutex::new(HashMap::new()),
            buckets: Mutex::new(HashMap::new()),
            monitor: monitor::Monitor::new(),
        }))
    }

    /// The server's installation id.
    pub fn server_id(&self) -> &str {
        &self.server_id
    }
}

/// A lock that survives a panic elsewhere: the data behind these mutexes stays consistent
/// (SQLite rolls back an unfinished transaction, the maps hold plain values).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A refusal, turned into its JSON body.
#[derive(Debug)]
pub struct ApiError {
    code: ErrorCode,
    message: String,
    retry_after: Option<u64>,
}

impl ApiError {
    fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
            retry_after: None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            code: self.code,
            message: self.message,
        };
        let bytes = serde_json::to_vec(&body).unwrap_or_else(|_| b"{}".to_vec());
        let status =
            StatusCode::from_u16(self.code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, bytes).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        // For the log line and the audit row (`monitor::observe`).
        response.extensions_mut().insert(self.code);
        if let Some(seconds) = self.retry_after {
            if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        response
    }
}

/// Sync errors as refusals. Their messages name installations, entries and hashes only,
/// never personal data, so they can go back to the caller.
impl From<BatchError> for ApiError {
    fn from(e: BatchError) -> ApiError {
        match &e {
            BatchError::MissingPrerequisites(_) => {
                ApiError::new(ErrorCode::MissingPrerequisites, e.to_string())
            }
            _ if e.is_refusal() => ApiError::new(ErrorCode::BatchRefused, e.to_string()),
            _ => internal(e),
        }
    }
}

impl From<rasoat_store::StoreError> for ApiError {
    fn from(e: rasoat_store::StoreError) -> ApiError {
        internal(e)
    }
}

fn internal(e: impl std::fmt::Display) -> ApiError {
    // The detail goes to the server's log, never to the caller. Store and batch errors name
    // installations, entries and hashes, never a person (their crates' invariant).
    tracing::error!(target: "rasoat_server::internal", error = %e, "internal error");
    ApiError::new(
        ErrorCode::Internal,
        "lỗi máy chủ, chưa ghi gì / server error, nothing was written",
    )
}

fn json_response<T: Serialize>(value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(bytes) => {
            let mut response = (StatusCode::OK, bytes).into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            response
        }
        Err(e) => internal(e).into_response(),
    }
}

/// Reads a body of at most `limit` bytes, refusing at once when `Content-Length` says more and
/// as soon as more arrives otherwise.
async fn read_body(headers: &HeaderMap, body: Body, limit: usize) -> Result<Bytes, ApiError> {
    let too_large = || {
        ApiError::new(
            ErrorCode::TooLarge,
            format!("thân yêu cầu quá lớn / request body over {limit} bytes"),
        )
    };
    if let Some(length) = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
    {
        if length > limit as u64 {
            return Err(too_large());
        }
    }
    let mut body = body;
    let mut out: Vec<u8> = Vec::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|_| {
            ApiError::new(
                ErrorCode::Malformed,
                "thân yêu cầu bị cắt / request body cut",
            )
        })?;
        if let Ok(data) = frame.into_data() {
            if out.len() + data.len() > limit {
                return Err(too_large());
            }
            out.extend_from_slice(&data);
        }
    }
    Ok(Bytes::from(out))
}

async fn read_json<T: DeserializeOwned>(headers: &HeaderMap, body: Body) -> Result<T, ApiError> {
    let bytes = read_body(headers, body, MAX_JSON_BYTES).await?;
    serde_json::from_slice(&bytes).map_err(|e| {
        // serde's message names a field or a position, never the value.
        ApiError::new(
            ErrorCode::Malformed,
            format!("JSON không hợp lệ / malformed JSON: {e}"),
        )
    })
}

/// Runs store work on the blocking pool, one at a time.
async fn with_store<T, F>(state: &Arc<ServerState>, work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut Store, &ServerState) -> Result<T, ApiError> + Send + 'static,
{
    let state = Arc::clone(state);
    tokio::task::spawn_blocking(move || {
        let mut store = lock(&state.store);
        work(&mut store, &state)
    })
    .await
    .map_err(internal)?
}

/// Takes one token from `key`'s bucket, or says how long to wait.
fn take_token(state: &ServerState, key: &str, burst: u32, per_second: u32) -> Result<(), ApiError> {
    let mut buckets = lock(&state.buckets);
    let now = Instant::now();
    if buckets.len() >= MAX_BUCKETS && !buckets.contains_key(key) {
        // Full buckets have forgotten their callers; dropping them only forgives.
        buckets.retain(|_, b| b.tokens < f64::from(burst));
    }
    let bucket = buckets.entry(key.to_string()).or_insert(Bucket {
        tokens: f64::from(burst),
        updated: now,
    });
    let elapsed = now.duration_since(bucket.updated).as_secs_f64();
    bucket.tokens = (bucket.tokens + elapsed * f64::from(per_second)).min(f64::from(burst));
    bucket.updated = now;
    if bucket.tokens >= 1.0 {
        bucket.tokens -= 1.0;
        Ok(())
    } else {
        let wait = ((1.0 - bucket.tokens) / f64::from(per_second.max(1))).ceil() as u64;
        Err(ApiError {
            code: ErrorCode::RateLimited,
            message: "quá nhiều yêu cầu, thử lại sau / too many requests, retry later".into(),
            retry_after: Some(wait.max(1)),
        })
    }
}

/// The installation of the session token in `Authorization: Bearer …`, rate-limited.
fn authenticate(state: &ServerState, headers: &HeaderMap) -> Result<String, ApiError> {
    let unauthenticated = || {
        ApiError::new(
            ErrorCode::Unauthenticated,
            "cần phiên làm việc / a session token is required (POST /v1/session)",
        )
    };
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(unauthenticated)?;
    let installation = {
        let mut sessions = lock(&state.sessions);
        let now = Instant::now();
        match sessions.get(token) {
            Some(session) if session.expires > now => session.installation.clone(),
            Some(_) => {
                sessions.remove(token);
                return Err(unauthenticated());
            }
            None => return Err(unauthenticated()),
        }
    };
    monitor::note(|n| n.installation = Some(installation.clone()));
    take_token(
        state,
        &format!("installation:{installation}"),
        state.config.rate_burst,
        state.config.rate_per_second,
    )?;
    Ok(installation)
}

fn random_hex() -> Result<String, ApiError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| internal(format!("random: {e}")))?;
    Ok(to_hex(&bytes))
}

/// The router of the sync protocol, for `serve` and for tests that drive it directly.
pub fn router(state: Arc<ServerState>) -> Router {
    let anonymous = Router::new()
        .route(path::CHALLENGE, post(challenge))
        .route(path::SESSION, post(session))
        .route(path::HEALTH, get(monitor::health))
        .route_layer(middleware::from_fn_with_state(
            Arc::clone(&state),
            limit_by_address,
        ));
    Router::new()
        .merge(anonymous)
        .route(path::HANDSHAKE, get(handshake))
        .route(path::UPLOADS, post(announce))
        .route("/v1/uploads/{batch_id}", get(upload_state))
        .route("/v1/uploads/{batch_id}/chunks/{offset}", put(chunk))
        .route("/v1/uploads/{batch_id}/complete", post(complete))
        .route(path::PULL, post(pull))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(
            Arc::clone(&state),
            time_limit,
        ))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&state),
            monitor::observe,
        ))
        .with_state(state)
}

async fn not_found() -> ApiError {
    ApiError::new(ErrorCode::NotFound, "không có đường dẫn này / no such path")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        ErrorCode::MethodNotAllowed,
        "phương thức không dùng được ở đây / method not allowed here",
    )
}

async fn time_limit(
    State(state): State<Arc<ServerState>>,
    request: Request,
    next: Next,
) -> Response {
    match tokio::time::timeout(state.config.request_timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::new(
            ErrorCode::Timeout,
            "yêu cầu quá lâu / the request took too long",
        )
        .into_response(),
    }
}

async fn limit_by_address(
    State(state): State<Arc<ServerState>>,
    request: Request,
    next: Next,
) -> Response {
    let address = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip().to_string())
        .unwrap_or_default();
    match take_token(
        &state,
        &format!("address:{address}"),
        state.config.anonymous_burst,
        state.config.anonymous_per_second,
    ) {
        Ok(()) => next.run(request).await,
        Err(e) => e.into_response(),
    }
}

async fn challenge(
    State(state): State<Arc<ServerState>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let request: ChallengeRequest = read_json(&headers, body).await?;
    let challenge = random_hex()?;
    {
        let mut challenges = lock(&state.challenges);
        let now = Instant::now();
        if challenges.len() >= MAX_CHALLENGES {
            challenges.retain(|_, c| c.expires > now);
        }
        if challenges.len() >= MAX_CHALLENGES {
            return Err(ApiError {
                code: ErrorCode::RateLimited,
                message: "máy chủ bận / server busy".into(),
                retry_after: Some(state.config.challenge_ttl.as_secs().max(1)),
            });
        }
        challenges.insert(
            challenge.clone(),
            Challenge {
                installation: request.installation,
                expires: now + state.config.challenge_ttl,
            },
        );
    }
    Ok(json_response(&ChallengeResponse {
        server: state.server_id.clone(),
        challenge,
        expires_in_ms: u64::try_from(state.config.challenge_ttl.as_millis()).unwrap_or(u64::MAX),
    }))
}

async fn session(
    State(state): State<Arc<ServerState>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let request: SessionRequest = read_json(&headers, body).await?;
    monitor::note(|n| {
        n.event = Some(rasoat_store::AuditEvent::SignIn);
        n.installation = monitor::claimed_installation(&request.installation);
    });
    // A challenge is used once, whatever the outcome.
    let issued = lock(&state.challenges).remove(&request.challenge);
    let bad = || {
        ApiError::new(
            ErrorCode::BadSignature,
            "chữ ký hoặc mã thử thách không hợp lệ / invalid signature or challenge",
        )
    };
    let Some(issued) = issued else {
        return Err(bad());
    };
    if issued.expires <= Instant::now() || issued.installation != request.installation {
        return Err(bad());
    }
    let installation = request.installation.clone();
    let peer = with_store(&state, move |store, _| {
        Ok(rasoat_batch::identity::peer(store, &installation)?)
    })
    .await?
    .filter(|p| p.enrolled_by.is_none())
    .ok_or_else(|| {
        ApiError::new(
            ErrorCode::NotEnrolled,
            format!(
                "máy {} chưa được đăng ký ở máy chủ / installation not enrolled on this server",
                request.installation
            ),
        )
    })?;
    if !rasoat_batch::session::verify_challenge(
        &peer,
        &state.server_id,
        &request.challenge,
        &request.signature,
    ) {
        return Err(bad());
    }
    let token = random_hex()?;
    {
        let mut sessions = lock(&state.sessions);
        let now = Instant::now();
        if sessions.len() >= MAX_SESSIONS {
            sessions.retain(|_, s| s.expires > now);
        }
        if sessions.len() >= MAX_SESSIONS {
            return Err(ApiError::new(
                ErrorCode::RateLimited,
                "máy chủ bận / server busy",
            ));
        }
        sessions.insert(
            token.clone(),
            Session {
                installation: request.installation,
                expires: now + state.config.session_ttl,
            },
        );
    }
    Ok(json_response(&SessionResponse {
        token,
        expires_in_ms: u64::try_from(state.config.session_ttl.as_millis()).unwrap_or(u64::MAX),
    }))
}

async fn handshake(
    State(state): State<Arc<ServerState>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let installation = authenticate(&state, &headers)?;
    let handshake = with_store(&state, move |store, state| {
        let receipt = rasoat_batch::export_receipt(store, &installation, now_ms())?;
        Ok(Handshake {
            server: state.server_id.clone(),
            holds: store.status_vector()?,
            receipt: to_hex(&receipt),
            max_chunk_bytes: MAX_CHUNK_BYTES as u64,
        })
    })
    .await?;
    Ok(json_response(&handshake))
}

fn check_batch_id(batch_id: &str) -> Result<(), ApiError> {
    // Batch ids are UUIDs; anything else is refused before it reaches the store.
    let valid =
        batch_id.len() == 36 && batch_id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-');
    if valid {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::Malformed,
            "mã lô không hợp lệ / malformed batch id",
        ))
    }
}

fn upload_state_of(upload: rasoat_store::Upload) -> UploadState {
    UploadState {
        batch_id: upload.batch_id,
        size: upload.size,
        received: upload.received,
        state: "receiving".into(),
    }
}

fn imported_state(batch_id: &str) -> UploadState {
    UploadState {
        batch_id: batch_id.to_string(),
        size: 0,
        received: 0,
        state: "imported".into(),
    }
}

async fn announce(
    State(state): State<Arc<ServerState>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let installation = authenticate(&state, &headers)?;
    let request: UploadRequest = read_json(&headers, body).await?;
    check_batch_id(&request.batch_id)?;
    if request.size == 0 || request.size > MAX_UPLOAD_BYTES {
        return Err(ApiError::new(
            ErrorCode::TooLarge,
            format!(
                "kích thước lô không nhận được / batch size must be 1..={MAX_UPLOAD_BYTES} bytes"
            ),
        ));
    }
    if request.sha256.len() != 64 || !request.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ApiError::new(
            ErrorCode::Malformed,
            "sha256 không hợp lệ / malformed sha256",
        ));
    }
    let upload = with_store(&state, move |store, state| {
        if store.batch_imported(&request.batch_id)? {
            return Ok(imported_state(&request.batch_id));
        }
        let upload = store.announce_upload(
            &installation,
            &request.batch_id,
            request.size,
            &request.sha256,
            state.config.max_uploads_per_installation,
            now_ms(),
        )?;
        Ok(upload_state_of(upload))
    })
    .await?;
    Ok(json_response(&upload))
}

fn path_error(e: PathRejection) -> ApiError {
    ApiError::new(
        ErrorCode::Malformed,
        format!("đường dẫn không hợp lệ / malformed path: {}", e.body_text()),
    )
}

async fn upload_state(
    State(state): State<Arc<ServerState>>,
    headers: HeaderMap,
    batch_id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let installation = authenticate(&state, &headers)?;
    let Path(batch_id) = batch_id.map_err(path_error)?;
    check_batch_id(&batch_id)?;
    let upload = with_store(&state, move |store, _| {
        if store.batch_imported(&batch_id)? {
            return Ok(imported_state(&batch_id));
        }
        store
            .upload(&installation, &batch_id)?
            .map(upload_state_of)
            .ok_or_else(unknown_upload)
    })
    .await?;
    Ok(json_response(&upload))
}

fn unknown_upload() -> ApiError {
    ApiError::new(
        ErrorCode::UploadUnknown,
        "không có lượt tải này, hãy báo trước (POST /v1/uploads) / no such upload, announce it first",
    )
}

async fn chunk(
    State(state): State<Arc<ServerState>>,
    headers: HeaderMap,
    params: Result<Path<(String, u64)>, PathRejection>,
    body: Body,
) -> Result<Response, ApiError> {
    let installation = authenticate(&state, &headers)?;
    let Path((batch_id, offset)) = params.map_err(path_error)?;
    check_batch_id(&batch_id)?;
    let bytes = read_body(&headers, body, MAX_CHUNK_BYTES).await?;
    let upload = with_store(&state, move |store, _| {
        if store.batch_imported(&batch_id)? {
            return Ok(imported_state(&batch_id));
        }
        match store.add_upload_chunk(&installation, &batch_id, offset, &bytes)? {
            ChunkOutcome::Kept(upload) => Ok(upload_state_of(upload)),
            ChunkOutcome::Unknown => Err(unknown_upload()),
            ChunkOutcome::Gap { received } => Err(ApiError::new(
                ErrorCode::ChunkGap,
                format!(
                    "phần này bắt đầu sau chỗ đã nhận; tiếp tục từ {received} / chunk starts past what was received; resume at {received}"
                ),
            )),
            ChunkOutcome::PastEnd => Err(ApiError::new(
                ErrorCode::TooLarge,
                "phần này vượt quá kích thước đã báo / chunk goes past the announced size",
            )),
        }
    })
    .await?;
    if upload.state == "receiving" && upload.received == upload.size {
        monitor::note(|n| {
            n.event = Some(rasoat_store::AuditEvent::Upload);
            n.bytes = i64::try_from(upload.size).unwrap_or(i64::MAX);
        });
    }
    Ok(json_response(&upload))
}

/// The part of a survey entry's payload that says where the household lives.
#[derive(Deserialize)]
struct SurveyPlace {
    record: Place,
}

#[derive(Deserialize)]
struct Place {
    commune_code: String,
}

/// Every survey entry of the batch is about a household of the sender's unit (a district
/// installation may send for any of its communes).
fn check_units(
    verified: &rasoat_batch::VerifiedBatch,
    peer: &rasoat_batch::Peer,
) -> Result<(), ApiError> {
    if peer.card.role == "district" {
        return Ok(());
    }
    for entry in verified.entries().filter(|e| e.entity == "survey") {
        let place: SurveyPlace = serde_json::from_str(&entry.payload).map_err(|_| {
            ApiError::new(
                ErrorCode::BatchRefused,
                format!(
                    "mục {}#{} không đọc được / entry unreadable",
                    entry.origin, entry.seq
                ),
            )
        })?;
        if place.record.commune_code != peer.card.unit_code {
            return Err(ApiError::new(
                ErrorCode::WrongUnit,
                format!(
                    "mục {}#{} thuộc xã {}, máy {} phụ trách {} / entry is for another unit than the sender's",
                    entry.origin,
                    entry.seq,
                    place.record.commune_code,
                    peer.installation_id(),
                    peer.card.unit_code
                ),
            ));
        }
    }
    Ok(())
}

fn receipt_for(store: &mut Store, installation: &str) -> Result<String, ApiError> {
    Ok(to_hex(&rasoat_batch::export_receipt(
        store,
        installation,
        now_ms(),
    )?))
}

fn complete_upload(
    store: &mut Store,
    installation: &str,
    batch_id: &str,
) -> Result<Completed, ApiError> {
    let imported_before = |store: &mut Store| -> Result<Completed, ApiError> {
        Ok(Completed {
            batch_id: batch_id.to_string(),
            already_imported: true,
            new_entries: 0,
            duplicates: 0,
            new_records: 0,
            updated_records: 0,
            conflicts: 0,
            receipt: receipt_for(store, installation)?,
        })
    };
    let Some(upload) = store.upload(installation, batch_id)? else {
        if store.batch_imported(batch_id)? {
            return imported_before(store);
        }
        return Err(unknown_upload());
    };
    if upload.received < upload.size {
        return Err(ApiError::new(
            ErrorCode::UploadIncomplete,
            format!(
                "mới nhận {} trên {} byte / only {} of {} bytes received",
                upload.received, upload.size, upload.received, upload.size
            ),
        ));
    }
    let file = store.upload_bytes(installation, batch_id)?;
    if sha256_hex(&file) != upload.sha256.to_ascii_lowercase() || file.len() as u64 != upload.size {
        store.drop_upload(installation, batch_id)?;
        return Err(ApiError::new(
            ErrorCode::HashMismatch,
            "tệp nhận được không khớp mã băm đã báo; hãy gửi lại từ đầu / the bytes do not match the announced hash; send again",
        ));
    }
    let refused = |store: &mut Store, e: ApiError| -> Result<Completed, ApiError> {
        if e.code != ErrorCode::Internal {
            // A refused file will be refused again: keep nothing of it.
            store.drop_upload(installation, batch_id)?;
        }
        Err(e)
    };
    let verified = match rasoat_batch::verify_batch(store, &file) {
        Ok(verified) => verified,
        Err(e) => return refused(store, e.into()),
    };
    if verified.manifest.sender != installation {
        return refused(
            store,
            ApiError::new(
                ErrorCode::WrongSender,
                "lô này do máy khác gửi / this batch was sent by another installation",
            ),
        );
    }
    if verified.manifest.batch_id != batch_id {
        return refused(
            store,
            ApiError::new(
                ErrorCode::Malformed,
                "mã lô khác với mã đã báo / batch id differs from the announced one",
            ),
        );
    }
    let peer = rasoat_batch::identity::peer(store, installation)?
        .ok_or_else(|| ApiError::new(ErrorCode::NotEnrolled, "máy chưa đăng ký / not enrolled"))?;
    if let Err(e) = check_units(&verified, &peer) {
        return refused(store, e);
    }
    if verified.already_imported {
        store.drop_upload(installation, batch_id)?;
        return imported_before(store);
    }
    // The store's mutex is held from verification to import: nothing changes in between.
    let report = match rasoat_batch::import_verified(store, verified, now_ms()) {
        Ok(report) => report,
        Err(e) => return refused(store, e.into()),
    };
    store.drop_upload(installation, batch_id)?;
    Ok(Completed {
        batch_id: batch_id.to_string(),
        already_imported: report.already_imported,
        new_entries: report.new_entries as u64,
        duplicates: report.duplicates as u64,
        new_records: report.new as u64,
        updated_records: report.updated as u64,
        conflicts: report.conflicts.len() as u64,
        receipt: receipt_for(store, installation)?,
    })
}

async fn complete(
    State(state): State<Arc<ServerState>>,
    headers: HeaderMap,
    batch_id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let installation = authenticate(&state, &headers)?;
    let Path(batch_id) = batch_id.map_err(path_error)?;
    check_batch_id(&batch_id)?;
    monitor::note(|n| n.event = Some(rasoat_store::AuditEvent::Import));
    let completed = with_store(&state, move |store, _| {
        complete_upload(store, &installation, &batch_id)
    })
    .await?;
    monitor::note(|n| {
        n.entries = i64::try_from(completed.new_entries).unwrap_or(i64::MAX);
        n.records =
            i64::try_from(completed.new_records + completed.updated_records).unwrap_or(i64::MAX);
        n.conflicts = i64::try_from(completed.conflicts).unwrap_or(i64::MAX);
    });
    Ok(json_response(&completed))
}

async fn pull(
    State(state): State<Arc<ServerState>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let installation = authenticate(&state, &headers)?;
    monitor::note(|n| n.event = Some(rasoat_store::AuditEvent::Pull));
    let request: PullRequest = read_json(&headers, body).await?;
    let receipt = rasoat_batch::codec::from_hex(&request.receipt).ok_or_else(|| {
        ApiError::new(
            ErrorCode::Malformed,
            "biên nhận không phải hex / receipt is not hex",
        )
    })?;
    let batch = with_store(&state, move |store, _| {
        let verified = rasoat_batch::verify_receipt(store, &receipt)?;
        if verified.from != installation {
            return Err(ApiError::new(
                ErrorCode::WrongSender,
                "biên nhận của máy khác / receipt of another installation",
            ));
        }
        rasoat_batch::import_receipt(store, &receipt)?;
        let page = request
            .max_entries
            .unwrap_or(DEFAULT_PULL_PAGE_ENTRIES)
            .clamp(1, MAX_PULL_PAGE_ENTRIES);
        let page = usize::try_from(page).unwrap_or(usize::MAX);
        match rasoat_batch::export_batch_page(store, &installation, now_ms(), page) {
            Ok(page) => Ok(Some(page)),
            Err(BatchError::NothingToSend { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    })
    .await?;
    monitor::note(|n| {
        n.bytes = batch.as_ref().map_or(0, |page| {
            i64::try_from(page.bytes.len()).unwrap_or(i64::MAX)
        });
    });
    Ok(match batch {
        Some(page) => {
            let mut response = (StatusCode::OK, page.bytes).into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/octet-stream"),
            );
            response.headers_mut().insert(
                MORE_HEADER,
                HeaderValue::from_static(if page.more { "true" } else { "false" }),
            );
            response
        }
        None => StatusCode::NO_CONTENT.into_response(),
    })
}

/// Serves the protocol on `listener` until `shutdown` resolves, in clear: for loopback, tests,
/// or behind a TLS-terminating proxy. `serve_tls` is the same over TLS.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: Arc<ServerState>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

/// How long a client may take over its TLS handshake before the connection is dropped: a
/// stalled handshake must not hold a slot for ever.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(20);
/// Handshakes in progress at once; connections past this are closed at once, so a flood of
/// half-open connections costs the server little.
const MAX_HANDSHAKES: usize = 256;

/// The server's TLS settings from its certificate chain and private key, both PEM (what
/// `rasoat serve --tls-cert F --tls-key F` reads). A district has no public CA: a self-signed
/// certificate does, and the communes trust it with `rasoat sync --ca F`.
pub fn tls_config(
    cert_pem: &[u8],
    key_pem: &[u8],
) -> Result<Arc<rustls::ServerConfig>, ServerError> {
    use rustls_pki_types::pem::PemObject;
    use rustls_pki_types::{CertificateDer, PrivateKeyDer};
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(cert_pem)
        .collect::<Result<_, _>>()
        .map_err(|source| ServerError::Certificate { source })?;
    if chain.is_empty() {
        return Err(ServerError::NoCertificate);
    }
    let key = PrivateKeyDer::from_pem_slice(key_pem)
        .map_err(|source| ServerError::PrivateKey { source })?;
    let mut config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()?
    .with_no_client_auth()
    .with_single_cert(chain, key)
    .map_err(|source| ServerError::KeyDoesNotFit { source })?;
    // The router speaks HTTP/1.1 only.
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// Serves the protocol over TLS on `listener` until `shutdown` resolves.
pub async fn serve_tls(
    listener: tokio::net::TcpListener,
    state: Arc<ServerState>,
    tls: Arc<rustls::ServerConfig>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use axum::serve::ListenerExt;
    let listener = TlsListener::new(listener, tls)?.tap_io(|io| {
        // Small JSON requests and answers: do not wait to fill a segment.
        let _ = io.get_ref().0.set_nodelay(true);
    });
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

/// TCP connections that finished their TLS handshake. Handshakes run in their own tasks, each
/// with a time limit, so a client that stalls in its handshake never delays another's.
struct TlsListener {
    ready: tokio::sync::mpsc::Receiver<(
        tokio_rustls::server::TlsStream<tokio::net::TcpStream>,
        SocketAddr,
    )>,
    local: SocketAddr,
    accepting: tokio::task::JoinHandle<()>,
}

impl TlsListener {
    fn new(
        listener: tokio::net::TcpListener,
        config: Arc<rustls::ServerConfig>,
    ) -> std::io::Result<TlsListener> {
        let local = listener.local_addr()?;
        let (sender, ready) = tokio::sync::mpsc::channel(64);
        let acceptor = tokio_rustls::TlsAcceptor::from(config);
        let slots = Arc::new(tokio::sync::Semaphore::new(MAX_HANDSHAKES));
        let accepting = tokio::spawn(async move {
            loop {
                let (tcp, address) = match listener.accept().await {
                    Ok(accepted) => accepted,
                    Err(_) => {
                        // Out of descriptors and the like: wait rather than spin.
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue;
                    }
                };
                let Ok(slot) = Arc::clone(&slots).try_acquire_owned() else {
                    continue;
                };
                let acceptor = acceptor.clone();
                let sender = sender.clone();
                tokio::spawn(async move {
                    let _slot = slot;
                    // A failed handshake (an untrusting client, a scanner) just closes.
                    if let Ok(Ok(stream)) =
                        tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(tcp)).await
                    {
                        let _ = sender.send((stream, address)).await;
                    }
                });
            }
        });
        Ok(TlsListener {
            ready,
            local,
            accepting,
        })
    }
}

impl Drop for TlsListener {
    fn drop(&mut self) {
        self.accepting.abort();
    }
}

impl std::fmt::Debug for TlsListener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsListener")
            .field("local", &self.local)
            .finish_non_exhaustive()
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = tokio_rustls::server::TlsStream<tokio::net::TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.ready.recv().await {
            Some(accepted) => accepted,
            // The accepting task only ends when this listener is dropped.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> std::io::Result<SocketAddr> {
        Ok(self.local)
    }
}
