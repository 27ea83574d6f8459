//! The district sync server: axum handlers over one store. The server is an installation like
//! the others: it accepts sessions only from installations enrolled in its store, takes their
//! batches by resumable chunks, imports a batch once it is whole with the same
//! `rasoat_batch::import_batch` a USB stick goes through, and answers with its signed receipt.
//!
//! Why this file is long: every handler and every limit a request meets are read together
//! here, so what one request may cost the server is seen in one place.
//!
//! Store work runs on the blocking pool, never on the async runtime. Writes take turns on the
//! one writer connection through a first-come first-served queue (`tokio::sync::Mutex` is
//! fair); pull pages, the long reads, go through their own read-only connections (SQLite's WAL
//! lets them run beside the writer), so a big pull never holds the writer's lock. Every refusal
//! is a JSON `ErrorBody` with a stable code; no input makes a handler panic, and a refused
//! request never stops the others.
//!
//! Every input is bounded before any work: ids must be UUIDs, bodies are read through
//! `http_body_util::Limited`, and every limit is a field of `ServerConfig` (and a flag of
//! `rasoat serve`). The pieces come from the ecosystem where one fits: hyper's HTTP/1.1
//! connection with its header-read timeout (which also closes a connection idle between
//! requests), tower's `TimeoutLayer` for whole requests, governor's keyed token buckets for
//! rates. Four small counters remain hand-written because no layer is keyed the way the server
//! needs: connections per client address, requests in flight per installation, sessions per
//! installation and the challenge queue (oldest dropped first), each a map under a mutex.

use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::error_handling::HandleErrorLayer;
use axum::extract::rejection::PathRejection;
use axum::extract::{ConnectInfo, Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::Router;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
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

/// Limits of one server; the defaults suit a district on a mobile link. Each is a flag of
/// `rasoat serve` (its `--help` lists them with these defaults).
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// A request (body included) that takes longer is answered `timeout` and dropped, so a
    /// stalled link cannot hold a connection's handler for ever.
    pub request_timeout: Duration,
    /// A connection must send a whole request head within this time of opening, and of its
    /// previous answer: a half-sent head, or a socket that sends nothing, is closed.
    pub header_read_timeout: Duration,
    /// A TLS client must finish its handshake within this time.
    pub tls_handshake_timeout: Duration,
    /// Connections open at once, in all; past it a new one is closed at once. Keep it below
    /// the process's descriptor limit (`rasoat serve` raises that limit as far as the system
    /// allows, and lowers this one to fit).
    pub max_connections: usize,
    /// Connections open at once from one client address (an IPv6 /64 counts as one).
    pub max_connections_per_address: usize,
    /// How long a session token lives.
    pub session_ttl: Duration,
    /// Sessions held at once, in all…
    pub max_sessions: usize,
    /// …and per installation: opening one more ends its oldest.
    pub max_sessions_per_installation: usize,
    /// How long a challenge may wait for its signature.
    pub challenge_ttl: Duration,
    /// Challenges waiting for their signature; one more drops the oldest, so a flood of
    /// challenges can delay nobody's sign-in by more than it takes to sign one.
    pub max_challenges: usize,
    /// Requests an installation may make at once before it is slowed down…
    pub rate_burst: u32,
    /// …and how many more it earns per second.
    pub rate_per_second: u32,
    /// The same for the unauthenticated session endpoints, per client address.
    pub anonymous_burst: u32,
    pub anonymous_per_second: u32,
    /// Requests one installation may have at the store at once (`rate_limited` past it).
    pub max_requests_per_installation: usize,
    /// Read-only connections serving pull pages beside the writer.
    pub pull_readers: usize,
    /// Entries in one pull page at most, whatever the client asks (the page says whether more
    /// remain): a page is built in memory, so this bounds what each pull costs.
    pub max_pull_page_entries: u64,
    /// Uploads an installation may have in progress; announcing one more drops its oldest.
    pub max_uploads_per_installation: usize,
    /// Bytes the unfinished uploads of one installation may announce in all; announcing more
    /// drops its oldest.
    pub max_upload_bytes_per_installation: u64,
    /// An upload not finished within this time is dropped and its space reused.
    pub upload_ttl: Duration,
}

impl Default for ServerConfig {
    fn default() -> ServerConfig {
        ServerConfig {
            request_timeout: Duration::from_secs(60),
            header_read_timeout: Duration::from_secs(15),
            tls_handshake_timeout: Duration::from_secs(10),
            max_connections: 4_096,
            max_connections_per_address: 64,
            session_ttl: Duration::from_secs(30 * 60),
            max_sessions: 10_000,
            max_sessions_per_installation: 16,
            challenge_ttl: Duration::from_secs(60),
            max_challenges: 10_000,
            rate_burst: 120,
            rate_per_second: 40,
            anonymous_burst: 600,
            anonymous_per_second: 100,
            max_requests_per_installation: 4,
            pull_readers: 2,
            max_pull_page_entries: 5_000,
            max_uploads_per_installation: 8,
            max_upload_bytes_per_installation: MAX_UPLOAD_BYTES,
            upload_ttl: Duration::from_secs(24 * 60 * 60),
        }
    }
}

/// The most a request head may take in a connection's read buffer (hyper's floor is 8 KiB):
/// with `max_connections` connections this bounds what heads can hold.
const MAX_HEAD_BYTES: usize = 64 * 1024;
/// Rate-limit state is kept for at most about this many keys before idle ones are dropped.
const MAX_RATE_KEYS: usize = 10_000;

struct Session {
    installation: String,
    expires: Instant,
}

/// Session tokens, and per installation its tokens oldest first (some perhaps already gone).
#[derive(Default)]
struct Sessions {
    by_token: HashMap<String, Session>,
    by_installation: HashMap<String, VecDeque<String>>,
}

struct Challenge {
    installation: String,
    expires: Instant,
}

/// Challenges waiting for their signature, and their order of issue.
#[derive(Default)]
struct Challenges {
    by_value: HashMap<String, Challenge>,
    order: VecDeque<String>,
}

/// Connections open, per client address and in all.
#[derive(Default)]
struct Connections {
    per_address: HashMap<IpAddr, usize>,
    total: usize,
}

/// The read-only connections for pull pages: a fair semaphore hands out turns.
struct Readers {
    turns: Arc<tokio::sync::Semaphore>,
    stores: Mutex<Vec<Store>>,
}

/// What the handlers share.
pub struct ServerState {
    store: Arc<tokio::sync::Mutex<Store>>,
    readers: Option<Readers>,
    server_id: String,
    config: ServerConfig,
    sessions: Mutex<Sessions>,
    challenges: Mutex<Challenges>,
    installation_rate: DefaultKeyedRateLimiter<String>,
    address_rate: DefaultKeyedRateLimiter<IpAddr>,
    in_flight: Mutex<HashMap<String, usize>>,
    connections: Mutex<Connections>,
    monitor: monitor::Monitor,
}

impl std::fmt::Debug for ServerState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerState")
            .field("server_id", &self.server_id)
            .finish_non_exhaustive()
    }
}

fn quota(burst: u32, per_second: u32) -> Quota {
    let per_second = NonZeroU32::new(per_second).unwrap_or(NonZeroU32::MIN);
    let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
    Quota::per_second(per_second).allow_burst(burst)
}

impl ServerState {
    /// The server over `store`, an initialised installation (it gets keys if it has none).
    /// A store on disk also gets `config.pull_readers` read-only connections for pulls.
    pub fn new(mut store: Store, config: ServerConfig) -> Result<Arc<ServerState>, ServerError> {
        // A damaged store is not served: answering from it would spread the damage.
        let verdict = store.quick_check()?;
        if !verdict.is_sound() {
            return Err(ServerError::Damaged {
                problems: verdict.problems.join("; "),
            });
        }
        let identity = rasoat_batch::ensure_identity(&mut store, now_ms())?;
        let mut readers = Vec::new();
        for _ in 0..config.pull_readers {
            match store.open_reader()? {
                Some(reader) => readers.push(reader),
                None => break,
            }
        }
        let readers = (!readers.is_empty()).then(|| Readers {
            turns: Arc::new(tokio::sync::Semaphore::new(readers.len())),
            stores: Mutex::new(readers),
        });
        Ok(Arc::new(ServerState {
            store: Arc::new(tokio::sync::Mutex::new(store)),
            readers,
            server_id: identity.installation_id().to_string(),
            installation_rate: RateLimiter::keyed(quota(config.rate_burst, config.rate_per_second)),
            address_rate: RateLimiter::keyed(quota(
                config.anonymous_burst,
                config.anonymous_per_second,
            )),
            config,
            sessions: Mutex::new(Sessions::default()),
            challenges: Mutex::new(Challenges::default()),
            in_flight: Mutex::new(HashMap::new()),
            connections: Mutex::new(Connections::default()),
            monitor: monitor::Monitor::new(),
        }))
    }

    /// The server's installation id.
    pub fn server_id(&self) -> &str {
        &self.server_id
    }

    /// The limits this server runs with.
    pub fn config(&self) -> &ServerConfig {
        &self.config
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
    match http_body_util::Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => Err(too_large()),
        Err(_) => Err(ApiError::new(
            ErrorCode::Malformed,
            "thân yêu cầu bị cắt / request body cut",
        )),
    }
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

/// One of an installation's requests at the store; dropping it frees the place.
struct Turn {
    state: Arc<ServerState>,
    installation: String,
}

impl Drop for Turn {
    fn drop(&mut self) {
        let mut in_flight = lock(&self.state.in_flight);
        if let Some(count) = in_flight.get_mut(&self.installation) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                in_flight.remove(&self.installation);
            }
        }
    }
}

/// A place for one more request of `installation` at the store, or `rate_limited` when it has
/// `max_requests_per_installation` there already: one installation cannot fill the queue.
fn take_turn(state: &Arc<ServerState>, installation: &str) -> Result<Turn, ApiError> {
    let mut in_flight = lock(&state.in_flight);
    let count = in_flight.entry(installation.to_string()).or_insert(0);
    if *count >= state.config.max_requests_per_installation.max(1) {
        return Err(ApiError {
            code: ErrorCode::RateLimited,
            message: "quá nhiều yêu cầu cùng lúc / too many requests at once, retry later".into(),
            retry_after: Some(1),
        });
    }
    *count += 1;
    Ok(Turn {
        state: Arc::clone(state),
        installation: installation.to_string(),
    })
}

/// Runs store work on the blocking pool with the writer, one at a time and in the order asked.
async fn with_store<T, F>(state: &Arc<ServerState>, work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut Store, &ServerState) -> Result<T, ApiError> + Send + 'static,
{
    let store = Arc::clone(&state.store).lock_owned().await;
    let state = Arc::clone(state);
    tokio::task::spawn_blocking(move || {
        let mut store = store;
        work(&mut store, &state)
    })
    .await
    .map_err(internal)?
}

/// Runs read-only store work on one of the read connections (the writer when the store has no
/// file to share), so it never waits for, nor holds up, the writer.
async fn with_reader<T, F>(state: &Arc<ServerState>, work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut Store, &ServerState) -> Result<T, ApiError> + Send + 'static,
{
    let Some(readers) = &state.readers else {
        return with_store(state, work).await;
    };
    let turn = Arc::clone(&readers.turns)
        .acquire_owned()
        .await
        .map_err(internal)?;
    let worker = Arc::clone(state);
    // The turn and the connection live in the blocking task: a request given up half-way
    // (timed out, cut) still hands its connection back when the work ends.
    tokio::task::spawn_blocking(move || {
        let _turn = turn;
        let readers = worker
            .readers
            .as_ref()
            .ok_or_else(|| internal("no readers"))?;
        let Some(mut reader) = lock(&readers.stores).pop() else {
            return Err(internal("no read connection left"));
        };
        let result = work(&mut reader, &worker);
        lock(&readers.stores).push(reader);
        result
    })
    .await
    .map_err(internal)?
}

fn rate_limited(wait: Duration) -> ApiError {
    ApiError {
        code: ErrorCode::RateLimited,
        message: "quá nhiều yêu cầu, thử lại sau / too many requests, retry later".into(),
        retry_after: Some(wait.as_secs_f64().ceil().max(1.0) as u64),
    }
}

/// Takes one token from `key`'s bucket, or says how long to wait. Buckets of keys not seen
/// for a while are dropped once there are many, so the limiter's memory stays bounded.
fn take_token<K>(limiter: &DefaultKeyedRateLimiter<K>, key: &K) -> Result<(), ApiError>
where
    K: std::hash::Hash + Eq + Clone,
{
    if limiter.len() >= MAX_RATE_KEYS {
        limiter.retain_recent();
        limiter.shrink_to_fit();
    }
    limiter
        .check_key(key)
        .map_err(|not_until| rate_limited(not_until.wait_time_from(DefaultClock::default().now())))
}

/// Ids on the wire are UUIDs (36 characters); anything else is refused before any work.
fn is_uuid(id: &str) -> bool {
    id.len() == 36 && uuid::Uuid::try_parse(id).is_ok()
}

fn check_installation_id(installation: &str) -> Result<(), ApiError> {
    if is_uuid(installation) {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::Malformed,
            "mã máy không hợp lệ / malformed installation id",
        ))
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
        match sessions.by_token.get(token) {
            Some(session) if session.expires > now => session.installation.clone(),
            Some(_) => {
                sessions.by_token.remove(token);
                return Err(unauthenticated());
            }
            None => return Err(unauthenticated()),
        }
    };
    monitor::note(|n| n.installation = Some(installation.clone()));
    take_token(&state.installation_rate, &installation)?;
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
    let request_timeout = state.config.request_timeout;
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
        .layer(
            tower::ServiceBuilder::new()
                .layer(HandleErrorLayer::new(|_: tower::BoxError| async {
                    ApiError::new(
                        ErrorCode::Timeout,
                        "yêu cầu quá lâu / the request took too long",
                    )
                }))
                .layer(tower::timeout::TimeoutLayer::new(request_timeout)),
        )
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

/// The key of a client address for the per-address limits: an IPv4 address, or the /64 of an
/// IPv6 one (a single host usually holds a whole /64).
fn address_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let mut segments = v6.segments();
                segments[4..].fill(0);
                IpAddr::V6(std::net::Ipv6Addr::from(segments))
            }
        },
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
        .map(|info| address_key(info.0.ip()))
        .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED));
    match take_token(&state.address_rate, &address) {
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
    check_installation_id(&request.installation)?;
    let challenge = random_hex()?;
    {
        let mut challenges = lock(&state.challenges);
        let challenges = &mut *challenges;
        // The oldest challenge makes room: an honest client signs within a moment, so only a
        // flood larger than `max_challenges` within that moment could push its one out.
        while challenges.by_value.len() >= state.config.max_challenges.max(1) {
            match challenges.order.pop_front() {
                Some(oldest) => {
                    challenges.by_value.remove(&oldest);
                }
                None => break,
            }
        }
        if challenges.order.len() >= 2 * state.config.max_challenges.max(1) {
            // Used challenges leave the map but not the queue: forget them now and then.
            let by_value = &challenges.by_value;
            challenges.order.retain(|c| by_value.contains_key(c));
        }
        challenges.by_value.insert(
            challenge.clone(),
            Challenge {
                installation: request.installation,
                expires: Instant::now() + state.config.challenge_ttl,
            },
        );
        challenges.order.push_back(challenge.clone());
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
    check_installation_id(&request.installation)?;
    // A challenge is used once, whatever the outcome.
    let issued = lock(&state.challenges).by_value.remove(&request.challenge);
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
        let sessions = &mut *sessions;
        let now = Instant::now();
        // An installation's oldest session ends when it opens one too many: it can crowd out
        // only itself.
        let mine = sessions
            .by_installation
            .entry(request.installation.clone())
            .or_default();
        mine.retain(|t| sessions.by_token.get(t).is_some_and(|s| s.expires > now));
        while mine.len() >= state.config.max_sessions_per_installation.max(1) {
            if let Some(oldest) = mine.pop_front() {
                sessions.by_token.remove(&oldest);
            }
        }
        if sessions.by_token.len() >= state.config.max_sessions {
            sessions.by_token.retain(|_, s| s.expires > now);
            sessions
                .by_installation
                .retain(|_, tokens| !tokens.is_empty());
        }
        if sessions.by_token.len() >= state.config.max_sessions {
            return Err(ApiError::new(
                ErrorCode::RateLimited,
                "máy chủ bận / server busy",
            ));
        }
        sessions.by_token.insert(
            token.clone(),
            Session {
                installation: request.installation.clone(),
                expires: now + state.config.session_ttl,
            },
        );
        sessions
            .by_installation
            .entry(request.installation)
            .or_default()
            .push_back(token.clone());
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
    let _turn = take_turn(&state, &installation)?;
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
    if is_uuid(batch_id) {
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
    if request.size == 0
        || request.size > MAX_UPLOAD_BYTES
        || request.size > state.config.max_upload_bytes_per_installation
    {
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
    let _turn = take_turn(&state, &installation)?;
    let upload = with_store(&state, move |store, state| {
        if store.batch_imported(&request.batch_id)? {
            return Ok(imported_state(&request.batch_id));
        }
        let ttl = i64::try_from(state.config.upload_ttl.as_millis()).unwrap_or(i64::MAX);
        store.expire_uploads(now_ms().saturating_sub(ttl))?;
        let upload = store.announce_upload(
            &installation,
            &request.batch_id,
            request.size,
            &request.sha256,
            state.config.max_uploads_per_installation,
            state.config.max_upload_bytes_per_installation,
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
    let _turn = take_turn(&state, &installation)?;
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
    let _turn = take_turn(&state, &installation)?;
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
    let _turn = take_turn(&state, &installation)?;
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
    let _turn = take_turn(&state, &installation)?;
    let from = installation.clone();
    with_store(&state, move |store, _| {
        let verified = rasoat_batch::verify_receipt(store, &receipt)?;
        if verified.from != from {
            return Err(ApiError::new(
                ErrorCode::WrongSender,
                "biên nhận của máy khác / receipt of another installation",
            ));
        }
        rasoat_batch::import_receipt(store, &receipt)?;
        Ok(())
    })
    .await?;
    // The page is read beside the writer: it sees the receipt just committed, and however
    // long it takes, nobody's writes wait for it.
    let max_page = state.config.max_pull_page_entries.max(1);
    let batch = with_reader(&state, move |store, _| {
        let page = request
            .max_entries
            .unwrap_or(DEFAULT_PULL_PAGE_ENTRIES)
            .clamp(1, MAX_PULL_PAGE_ENTRIES.min(max_page));
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
    serve_connections(listener, state, None, shutdown).await
}

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
    let acceptor = tokio_rustls::TlsAcceptor::from(tls);
    serve_connections(listener, state, Some(acceptor), shutdown).await
}

/// A place among the open connections; dropping it (the connection closed) frees it.
struct Admitted {
    state: Arc<ServerState>,
    address: IpAddr,
}

impl Admitted {
    /// A place for one more connection from `ip`, or `None` when the server or that address
    /// already holds its most.
    fn take(state: &Arc<ServerState>, ip: IpAddr) -> Option<Admitted> {
        let address = address_key(ip);
        let mut connections = lock(&state.connections);
        let connections = &mut *connections;
        if connections.total >= state.config.max_connections {
            return None;
        }
        let from_address = connections.per_address.entry(address).or_insert(0);
        if *from_address >= state.config.max_connections_per_address {
            return None;
        }
        *from_address += 1;
        connections.total += 1;
        Some(Admitted {
            state: Arc::clone(state),
            address,
        })
    }
}

impl Drop for Admitted {
    fn drop(&mut self) {
        let mut connections = lock(&self.state.connections);
        connections.total = connections.total.saturating_sub(1);
        if let Some(count) = connections.per_address.get_mut(&self.address) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                connections.per_address.remove(&self.address);
            }
        }
    }
}

/// Drops unfinished uploads older than `upload_ttl`, now and then, for the server's life.
async fn expire_uploads(state: Arc<ServerState>) {
    let every = (state.config.upload_ttl / 4).clamp(Duration::from_millis(100), MINUTE);
    loop {
        let ttl = i64::try_from(state.config.upload_ttl.as_millis()).unwrap_or(i64::MAX);
        let _ = with_store(&state, move |store, _| {
            Ok(store.expire_uploads(now_ms().saturating_sub(ttl))?)
        })
        .await;
        tokio::time::sleep(every).await;
    }
}

const MINUTE: Duration = Duration::from_secs(60);

/// The accept loop: each connection in its own task, admitted within the connection limits,
/// its TLS handshake (if any) and each request head under a time limit, served by hyper's
/// HTTP/1.1 connection. On shutdown, connections finish their request in flight (a few
/// seconds at most) and close.
async fn serve_connections(
    listener: tokio::net::TcpListener,
    state: Arc<ServerState>,
    tls: Option<tokio_rustls::TlsAcceptor>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(Arc::clone(&state));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let expiry = tokio::spawn(expire_uploads(Arc::clone(&state)));
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let (tcp, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(_) => {
                // Out of descriptors and the like: wait rather than spin.
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let Some(admitted) = Admitted::take(&state, peer.ip()) else {
            // Over a limit: closed at once, which costs the server nothing to keep.
            continue;
        };
        // Small JSON requests and answers: do not wait to fill a segment.
        let _ = tcp.set_nodelay(true);
        let app = app.clone();
        let tls = tls.clone();
        let watcher = graceful.watcher();
        let handshake_timeout = state.config.tls_handshake_timeout;
        let header_read_timeout = state.config.header_read_timeout;
        tokio::spawn(async move {
            let _admitted = admitted;
            match tls {
                None => serve_connection(tcp, peer, app, header_read_timeout, watcher).await,
                Some(acceptor) => {
                    // A failed or stalled handshake (an untrusting client, a scanner) closes.
                    if let Ok(Ok(stream)) =
                        tokio::time::timeout(handshake_timeout, acceptor.accept(tcp)).await
                    {
                        serve_connection(stream, peer, app, header_read_timeout, watcher).await;
                    }
                }
            }
        });
    }
    expiry.abort();
    drop(listener);
    let _ = tokio::time::timeout(Duration::from_secs(5), graceful.shutdown()).await;
    Ok(())
}

async fn serve_connection<I>(
    io: I,
    peer: SocketAddr,
    app: Router,
    header_read_timeout: Duration,
    watcher: hyper_util::server::graceful::Watcher,
) where
    I: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let service = hyper::service::service_fn(move |mut request: Request<hyper::body::Incoming>| {
        request.extensions_mut().insert(ConnectInfo(peer));
        tower::ServiceExt::oneshot(app.clone(), request)
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(header_read_timeout)
        .max_buf_size(MAX_HEAD_BYTES);
    let connection = builder.serve_connection(hyper_util::rt::TokioIo::new(io), service);
    // A connection that ends badly (cut, timed out) has nothing more to say.
    let _ = watcher.watch(connection).await;
}
