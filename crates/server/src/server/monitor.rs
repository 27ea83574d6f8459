//! What the server tells the people who run it: one log line per request outcome (`tracing`),
//! a row in the store's audit log for each sign-in, refusal, upload, import and pull, and the
//! health endpoint for monitoring.
//!
//! Nothing here carries personal data: a log line has the route template (never the path as
//! sent), the method, the status, the refusal code, the installation id and the duration; an
//! audit row has installations, units, counts, bytes and codes. Request bodies and refusal
//! messages (which may quote what the caller sent) are never logged.
//!
//! Handlers say what a request was about with `note`, which fills a task-local slot the
//! `observe` middleware set around them (handler and middleware run in the same task).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rasoat_store::{AuditEvent, AuditRecord};
use rasoat_sync_protocol::ErrorCode;
use serde::Serialize;

use super::{json_response, lock, now_ms, with_store, ServerState};

/// What the monitor keeps between requests.
#[derive(Debug)]
pub(super) struct Monitor {
    started: Instant,
    requests: AtomicU64,
}

impl Monitor {
    pub(super) fn new() -> Monitor {
        Monitor {
            started: Instant::now(),
            requests: AtomicU64::new(0),
        }
    }
}

/// What a handler says about its request, for the log line and the audit row.
#[derive(Debug, Default, Clone)]
pub(super) struct Note {
    /// The installation making the request (as authenticated, or as claimed when signing in).
    pub installation: Option<String>,
    /// The audited event this request is, if any: handshakes, announcements and chunks that
    /// do not finish a batch are logged but not audited.
    pub event: Option<AuditEvent>,
    pub entries: i64,
    pub records: i64,
    pub conflicts: i64,
    pub bytes: i64,
}

tokio::task_local! {
    static NOTE: Arc<Mutex<Note>>;
}

/// Adds to the current request's note; outside a request (a unit test calling a handler
/// directly) it does nothing.
pub(super) fn note(change: impl FnOnce(&mut Note)) {
    let _ = NOTE.try_with(|slot| change(&mut lock(slot)));
}

/// An installation id as claimed by an unauthenticated caller, kept only when it has the shape
/// of one (a UUID), so whatever else a caller sends never reaches the log or the audit.
pub(super) fn claimed_installation(text: &str) -> Option<String> {
    uuid_shaped(text).then(|| text.to_ascii_lowercase())
}

fn uuid_shaped(text: &str) -> bool {
    text.len() == 36
        && text.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// Runs the request inside its note, then writes its log line and, for an audited event, its
/// audit row. The outermost layer, so it sees time-outs and refusals of the other layers too.
pub(super) async fn observe(
    State(state): State<Arc<ServerState>>,
    request: Request,
    next: Next,
) -> Response {
    let began = Instant::now();
    state.monitor.requests.fetch_add(1, Ordering::Relaxed);
    // The route as declared (`/v1/uploads/{batch_id}`), never the path as sent.
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_else(|| "(no route)".to_string());
    let method = request.method().to_string();
    let slot = Arc::new(Mutex::new(Note::default()));
    let response = NOTE.scope(Arc::clone(&slot), next.run(request)).await;
    let note = lock(&slot).clone();
    let code = response.extensions().get::<ErrorCode>().copied();
    let status = response.status().as_u16();
    let duration_ms = u64::try_from(began.elapsed().as_millis()).unwrap_or(u64::MAX);
    let installation = note.installation.as_deref().unwrap_or("-");
    let outcome = code.map_or("ok", ErrorCode::as_str);
    if route == rasoat_sync_protocol::path::HEALTH && status < 500 {
        // Monitoring polls every few seconds: its lines stay out of the normal log.
        tracing::debug!(
            target: "rasoat_server::request",
            route, method, status, outcome, installation, duration_ms, "request"
        );
    } else if status >= 500 {
        tracing::error!(
            target: "rasoat_server::request",
            route, method, status, outcome, installation, duration_ms, "request"
        );
    } else {
        tracing::info!(
            target: "rasoat_server::request",
            route, method, status, outcome, installation, duration_ms, "request"
        );
    }
    if let Some(event) = note.event {
        let record = AuditRecord {
            event: if code.is_some() {
                AuditEvent::Refusal
            } else {
                event
            },
            action: code.is_some().then_some(event),
            installation: note.installation.clone(),
            entries: note.entries,
            records: note.records,
            conflicts: note.conflicts,
            bytes: note.bytes,
            outcome: outcome.to_string(),
        };
        let written = with_store(&state, move |store, _| {
            store.append_audit(now_ms(), &record)?;
            Ok(())
        })
        .await;
        if written.is_err() {
            // The answer stands: the caller's work is done; only its audit row is missing, and
            // the failure itself was logged by `internal`.
            tracing::error!(
                target: "rasoat_server::audit",
                route,
                installation,
                "audit row not written"
            );
        }
    }
    response
}

/// `GET /v1/health`: is the server up and its store answering. No authentication, so it says
/// nothing about who is enrolled or what the store holds: counts of the server's own activity
/// only. Rate-limited per address like the sign-in, since each answer asks the store.
#[derive(Debug, Serialize)]
struct Health {
    status: &'static str,
    version: &'static str,
    schema_version: i64,
    uptime_seconds: u64,
    /// Requests answered since the server started.
    requests: u64,
    /// Sessions open now.
    sessions: usize,
    /// Uploads begun and not finished.
    uploads_in_progress: i64,
}

pub(super) async fn health(State(state): State<Arc<ServerState>>) -> Response {
    let sessions = {
        let now = Instant::now();
        lock(&state.sessions)
            .by_token
            .values()
            .filter(|s| s.expires > now)
            .count()
    };
    let store = with_store(&state, |store, _| {
        Ok((store.schema_version()?, store.uploads_in_progress()?))
    })
    .await;
    match store {
        Ok((schema_version, uploads_in_progress)) => json_response(&Health {
            status: "ok",
            version: env!("CARGO_PKG_VERSION"),
            schema_version,
            uptime_seconds: state.monitor.started.elapsed().as_secs(),
            requests: state.monitor.requests.load(Ordering::Relaxed),
            sessions,
            uploads_in_progress,
        }),
        Err(e) => e.into_response(),
    }
}
