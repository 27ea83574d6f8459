//! The district sync server: axum handlers over one store. The server is an installation like
//! the others: it accepts sessions only from installations enrolled in its store, takes their
//! batches by resumable chunks, imports a batch once it is whole with the same
//! `rasoat_batch::import_batch` a USB stick goes through, and answers with its signed receipt.
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
use serde::Serialize;

use crate::ServerError;

mod api;
mod connections;
mod monitor;
mod pull;
mod sessions;
mod turns;
mod uploads;

use api::*;
use pull::*;
use sessions::*;
use turns::*;
use uploads::*;

pub use connections::{serve, serve_tls, tls_config};
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
    /// MiB of SQLite page cache for the writer's connection at most (each pull reader keeps
    /// 16 MiB): the store would take up to 256 MiB, too much beside the page builds.
    pub writer_page_cache_mib: u32,
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
            writer_page_cache_mib: 64,
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
        store.limit_page_cache(config.writer_page_cache_mib)?;
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
