//! Background sync: when a district server address is set and sync is on, a task on
//! tauri's async runtime empties the outbox into the server whenever there is work, and pulls
//! periodically. A pass is the client's `sync_once` (`rasoat-server`), run on the blocking pool
//! with its OWN store connection (WAL lets it read and write beside the UI's), so a slow or
//! dropping link never holds the UI's store mutex and never blocks the form.
//!
//! After a failure it waits 5 s, doubling up to 15 min, with full jitter (a uniform draw below
//! the ceiling, so laptops that lost the same link do not all come back in the same second);
//! a success resets it, and "Đồng bộ ngay" tries at once. An error that the next pass would
//! only repeat (`SyncError::is_permanent`: a batch refused for good, a machine not enrolled)
//! is not a network failure: the task does not back off for it but holds, showing that a
//! person is needed, until something changes (a batch discarded, new settings, "Đồng bộ
//! ngay") or the periodic pull is due. An installation that moved to another machine
//! (`SyncError::is_moved`) is neither: no pass will ever run here again, so the task says so
//! once and ends (`Schedule::stop_for_good`), and "Đồng bộ ngay" is refused in plain words.
//! The schedule is a pure value (`Schedule`) with the randomness passed in, so it is tested
//! without sleeping.
//!
//! What a cadre sees is one `SyncStatusView`, sent as the `sync-status` event on every change
//! and returned by the commands. Errors reach it as a kind the UI says in plain Vietnamese
//! words (`error_kind`), with the client's own message as the detail; no log or message here
//! carries personal data (the client's errors name installations and codes only).
//!
//! Why this file is long: the task's schedule, its state and the commands that read them share
//! private state, and a sixth of it is their tests.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use rasoat_domain::messages::{Code, Message};
use rasoat_store::sync_history::{SyncHistoryRow, SyncPending};
use rasoat_store::{Reopen, Store, UnixMillis};
use rasoat_sync_client::{OutboxStatus, SyncError, SyncOptions};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::clock::now_ms;
use crate::error::{CommandError, CommandResult, ErrorCode};

/// The event every status change is sent as.
pub const EVENT: &str = "sync-status";

/// Store preferences (`store_meta`, `pref.` prefix) that hold the settings.
const PREF_URL: &str = "sync.server_url";
const PREF_ENABLED: &str = "sync.enabled";
/// The server's installation id, learnt at the first successful pass: pending work is counted
/// against what it acknowledged.
const PREF_SERVER_ID: &str = "sync.server_id";

/// The first wait after a failure; it doubles with each failure in a row.
pub const FIRST_RETRY: Duration = Duration::from_secs(5);
/// The longest wait after failures: a laptop back in signal is noticed within 15 min.
pub const MAX_RETRY: Duration = Duration::from_secs(15 * 60);
/// After a success with nothing to send, pull what the district has this often.
pub const PERIODIC: Duration = Duration::from_secs(15 * 60);
/// With work pending and the last pass good, try at most this often: a burst of saves goes
/// in one batch, and a server that keeps something unacknowledged cannot make us spin.
pub const PENDING_GAP: Duration = Duration::from_secs(30);
/// The task looks at the settings and the outbox at least this often.
pub const LOOK_EVERY: Duration = Duration::from_secs(30);
/// History rows shown.
const HISTORY_ROWS: usize = 30;
/// The page cache of the connection the sync status reads through, MiB.
const SYNC_READS_CACHE_MIB: u32 = 2;

fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// The ceiling of the wait after `failures` failed passes in a row: 5 s, 10 s, 20 s … 15 min.
pub fn backoff_ceiling(failures: u32) -> Duration {
    if failures == 0 {
        return Duration::ZERO;
    }
    let doublings = failures.saturating_sub(1).min(20);
    FIRST_RETRY.saturating_mul(1u32 << doublings).min(MAX_RETRY)
}

/// Full jitter: `unit` (uniform in [0, 1)) of the ceiling.
pub fn retry_delay(failures: u32, unit: f64) -> Duration {
    backoff_ceiling(failures).mul_f64(unit.clamp(0.0, 1.0))
}

/// When to try a pass: a pure value, fed the time and the randomness.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Schedule {
    /// Failed passes in a row.
    pub failures: u32,
    pub last_attempt_at: Option<UnixMillis>,
    /// When the next pass is due whatever is pending (a retry, or the periodic pull); `None`
    /// before the first pass, which is due at once.
    pub next_attempt_at: Option<UnixMillis>,
    /// The last pass failed in a way only a person can fix: pending work does not make a pass
    /// due before `next_attempt_at`.
    pub held: bool,
    /// The installation moved to another machine: no pass is ever due again.
    pub stopped: bool,
}

impl Schedule {
    /// Whether a pass is due at `now`.
    pub fn due(&self, now: UnixMillis, pending: bool) -> bool {
        if self.stopped {
            return false;
        }
        match self.next_attempt_at {
            None => true,
            Some(at) if now >= at => true,
            // Pending work does not cut a backoff short: that is what the backoff is for.
            Some(_) => !self.held && self.failures == 0 && pending && self.pending_gap_over(now),
        }
    }

    fn pending_gap_over(&self, now: UnixMillis) -> bool {
        self.last_attempt_at
            .is_none_or(|last| now.saturating_sub(last) >= ms(PENDING_GAP))
    }

    /// When the next pass will be tried, as the cadre is told.
    pub fn planned_at(&self, now: UnixMillis, pending: bool) -> UnixMillis {
        let Some(next) = self.next_attempt_at else {
            return now;
        };
        if !self.held && self.failures == 0 && pending {
            let gap_end = self
                .last_attempt_at
                .map_or(now, |last| last.saturating_add(ms(PENDING_GAP)));
            next.min(gap_end).max(now)
        } else {
            next.max(now)
        }
    }

    /// How long the task sleeps before looking again (it also wakes when nudged).
    pub fn wait(&self, now: UnixMillis, pending: bool) -> Duration {
        let until = self.planned_at(now, pending).saturating_sub(now).max(0);
        Duration::from_millis(until.unsigned_abs()).min(LOOK_EVERY)
    }

    pub fn succeeded(&mut self, now: UnixMillis) {
        self.failures = 0;
        self.held = false;
        self.last_attempt_at = Some(now);
        self.next_attempt_at = Some(now.saturating_add(ms(PERIODIC)));
    }

    /// `unit` is a uniform draw in [0, 1), passed in so tests choose it.
    pub fn failed(&mut self, now: UnixMillis, unit: f64) {
        self.failures = self.failures.saturating_add(1);
        self.held = false;
        self.last_attempt_at = Some(now);
        let delay = retry_delay(self.failures, unit);
        self.next_attempt_at = Some(now.saturating_add(ms(delay)));
    }

    /// The pass failed in a way that trying again cannot mend (a refusal for good): no
    /// backoff, since the network is fine, and no retry until something changes (a nudge) or
    /// the periodic pull is due.
    pub fn needs_person(&mut self, now: UnixMillis) {
        self.failures = 0;
        self.held = true;
        self.last_attempt_at = Some(now);
        self.next_attempt_at = Some(now.saturating_add(ms(PERIODIC)));
    }

    /// "Đồng bộ ngay", or a change a person made: due now, the failure count kept (a failed
    /// nudge backs off further).
    pub fn nudge(&mut self, now: UnixMillis) {
        self.next_attempt_at = Some(now);
    }

    /// The installation moved to another machine: nothing is due again, whatever is pending,
    /// however long it waits, and however often it is nudged.
    pub fn stop_for_good(&mut self, now: UnixMillis) {
        self.stopped = true;
        self.held = false;
        self.failures = 0;
        self.last_attempt_at = Some(now);
        self.next_attempt_at = None;
    }
}

/// A uniform draw in [0, 1) from the OS (jitter needs no more than that); a failing source
/// falls back to the top of the range, which is plain exponential backoff.
fn unit_draw() -> f64 {
    match getrandom::u64() {
        Ok(x) => (x >> 11) as f64 / (1u64 << 53) as f64,
        Err(_) => 1.0,
    }
}

/// Why a pass failed, as the cadre is told (the UI's `sync.error.*` words).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SyncErrorKind {
    /// No network at all (no name resolution, no route).
    NoNetwork,
    /// The network is there but the server does not answer.
    Unreachable,
    /// The district has not enrolled this machine.
    NotEnrolled,
    /// This machine has not enrolled the district server (its card).
    ServerNotEnrolled,
    /// The server refused the work; the detail says why.
    Refused,
    /// The server is busy; it will be tried again.
    Busy,
    /// The address answers but is not a Rà soát server (or a different version).
    WrongServer,
    /// The server failed on its side.
    ServerError,
    /// This installation moved to another machine: sync has stopped here for good.
    Moved,
    /// Something on this machine (store, keys).
    Local,
}

/// The kind of a client error, from its stable code: the same function reads a live error and
/// a history row (`code: message`), so both say the same words. The client classifies link
/// failures itself (`no_network` against `unreachable`), so no message text is ever read.
pub fn error_kind(code: &str) -> SyncErrorKind {
    match code {
        "no_network" => SyncErrorKind::NoNetwork,
        "unreachable" => SyncErrorKind::Unreachable,
        "not_enrolled" | "bad_signature" => SyncErrorKind::NotEnrolled,
        "server_not_enrolled" => SyncErrorKind::ServerNotEnrolled,
        "rate_limited" => SyncErrorKind::Busy,
        "timeout" | "internal" => SyncErrorKind::ServerError,
        "http_status" | "protocol" | "not_found" | "method_not_allowed" => {
            SyncErrorKind::WrongServer
        }
        "local" => SyncErrorKind::Local,
        "installation_moved" => SyncErrorKind::Moved,
        _ => SyncErrorKind::Refused,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SyncErrorView {
    pub kind: SyncErrorKind,
    /// The stable code (`unreachable`, `wrong_unit`…).
    pub code: String,
    /// The client's or server's own message, for the reason of a refusal.
    pub detail: String,
    /// Trying again cannot help until a person acts (`SyncError::is_permanent`).
    pub permanent: bool,
}

impl SyncErrorView {
    /// From a history row's `code: message`.
    fn from_recorded(text: &str) -> SyncErrorView {
        let (code, detail) = text.split_once(": ").unwrap_or(("local", text));
        SyncErrorView {
            kind: error_kind(code),
            code: code.to_string(),
            detail: detail.to_string(),
            permanent: permanent_code(code),
        }
    }

    /// What a moved installation's sync screen says, whether or not a pass was tried.
    fn moved(on: String) -> SyncErrorView {
        let refusal = SyncError::Store(rasoat_store::StoreError::InstallationMoved { on });
        SyncErrorView::from_error(&refusal)
    }

    fn from_error(e: &SyncError) -> SyncErrorView {
        let code = e.code();
        let detail = e.to_string();
        SyncErrorView {
            kind: error_kind(&code),
            code,
            detail,
            permanent: e.is_permanent(),
        }
    }
}

/// Whether a recorded code is one `SyncError::is_permanent` holds for: a server refusal code
/// it calls permanent, or the client's own codes that only a person can clear.
fn permanent_code(code: &str) -> bool {
    match code {
        "tls" | "server_not_enrolled" | "not_in_outbox" | "installation_moved" => true,
        _ => {
            serde_json::from_value::<rasoat_sync_protocol::ErrorCode>(serde_json::Value::from(code))
                .is_ok_and(rasoat_sync_protocol::ErrorCode::is_permanent)
        }
    }
}

/// One batch of the outbox for the configured server, as the sync screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SyncOutboxBatchView {
    pub batch_id: String,
    /// `pending` (a pass sends it) or `refused` (the server refused it for good).
    pub refused: bool,
    /// Journal entries it carries.
    pub size: i64,
    pub created_at: i64,
    /// Passes that tried to send it.
    pub attempts: i64,
    /// Why it was refused, or the last failure worth retrying, in the UI's words.
    pub reason: Option<SyncErrorView>,
}

impl From<rasoat_sync_client::OutboxBatch> for SyncOutboxBatchView {
    fn from(batch: rasoat_sync_client::OutboxBatch) -> SyncOutboxBatchView {
        let reason = match (&batch.refusal_code, &batch.reason) {
            (Some(code), reason) => {
                let detail = reason.clone().unwrap_or_default();
                Some(SyncErrorView {
                    kind: error_kind(code),
                    code: code.clone(),
                    detail,
                    permanent: true,
                })
            }
            // A failure worth retrying is recorded as `code: message`.
            (None, Some(text)) => Some(SyncErrorView::from_recorded(text)),
            (None, None) => None,
        };
        SyncOutboxBatchView {
            batch_id: batch.batch_id,
            refused: batch.status == OutboxStatus::Refused,
            size: batch.size,
            created_at: batch.created_at,
            attempts: batch.attempts,
            reason,
        }
    }
}

/// The header badge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SyncBadge {
    /// No server set, or sync switched off.
    Off,
    /// A pass is running.
    Syncing,
    /// The last pass failed.
    Error,
    /// Work waits to be sent.
    Pending,
    /// Everything sent.
    Synced,
}

/// One past pass.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SyncAttemptView {
    pub started_at: i64,
    pub finished_at: i64,
    pub ok: bool,
    pub batches_sent: i64,
    pub households_sent: i64,
    pub batches_received: i64,
    pub households_received: i64,
    pub error: Option<SyncErrorView>,
}

impl From<SyncHistoryRow> for SyncAttemptView {
    fn from(row: SyncHistoryRow) -> SyncAttemptView {
        SyncAttemptView {
            started_at: row.started_at,
            finished_at: row.finished_at,
            ok: row.ok,
            batches_sent: row.batches_sent,
            households_sent: row.households_sent,
            batches_received: row.batches_received,
            households_received: row.households_received,
            error: row.error.as_deref().map(SyncErrorView::from_recorded),
        }
    }
}

/// Where sync stands, as the sync screen and the header badge show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SyncStatusView {
    pub server_url: Option<String>,
    pub enabled: bool,
    pub badge: SyncBadge,
    pub running: bool,
    /// Batches a pass will send (refused ones are not counted).
    pub pending_batches: i64,
    /// Batches the server refused for good: they wait for a person ("Bỏ lô này").
    pub refused_batches: i64,
    pub pending_households: i64,
    /// The outbox's batches for the configured server (every unacknowledged batch before the
    /// server's id is known), oldest first.
    pub outbox: Vec<SyncOutboxBatchView>,
    /// The last pass failed in a way only a person can fix: the task waits for a change.
    pub needs_person: bool,
    pub last_success_at: Option<i64>,
    /// The error of the last pass, when it failed.
    pub last_error: Option<SyncErrorView>,
    /// When the task will try next (`None` when off).
    pub next_attempt_at: Option<i64>,
    /// Failed passes in a row, and the ceiling of the current wait (the wait itself is a
    /// random draw below it).
    pub failures: u32,
    pub retry_ceiling_ms: i64,
    /// Newest first.
    pub history: Vec<SyncAttemptView>,
}

/// What the sync screen saves.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SyncSettingsInput {
    pub server_url: String,
    pub enabled: bool,
}

/// Checks and normalises a server address: `http` or `https`, a host, nothing after the path
/// (no user, query or fragment); the trailing slash dropped.
pub fn normalise_server_url(text: &str) -> Result<String, CommandError> {
    let invalid = |why: &str| {
        CommandError::new(
            ErrorCode::Invalid,
            Message::new(Code::DesktopInvalidServerAddress).with("reason", why),
        )
    };
    let text = text.trim();
    let parsed = url::Url::parse(text).map_err(|e| invalid(&e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(invalid("phải bắt đầu bằng http:// hoặc https://"));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(invalid("thiếu tên máy"));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(invalid("không ghi tên đăng nhập trong địa chỉ"));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(invalid("không có ? hoặc # trong địa chỉ"));
    }
    Ok(parsed.as_str().trim_end_matches('/').to_string())
}

/// The task's shared state, managed by the app.
pub struct SyncControl {
    /// Opens the task's own connections, keyed like the window's (an encrypted store's key
    /// stays in memory, never on disk).
    store: Reopen,
    schedule: Mutex<Schedule>,
    running: Mutex<bool>,
    /// The last pass's error as it happened (the history keeps it too).
    last_error: Mutex<Option<SyncErrorView>>,
    /// One pass at a time, whoever asks (the task or "Đồng bộ ngay").
    pass: tokio::sync::Mutex<()>,
    /// A connection for the status and settings, separate from the UI's and from the pass's.
    reads: Mutex<Option<Store>>,
    /// The last count of pending work and what it was counted from: before the first sync of a
    /// 200,000-household store the count reads the whole journal (1.5 s here), so it is redone
    /// only when the journal, the server's acknowledgements or the outbox changed.
    pending: Mutex<Option<(PendingKey, SyncPending)>>,
    wake: tokio::sync::Notify,
    stop: tokio::sync::watch::Sender<bool>,
    task: Mutex<Option<tauri::async_runtime::JoinHandle<()>>>,
}

impl std::fmt::Debug for SyncControl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncControl")
            .field("path", &self.store.path())
            .finish()
    }
}

fn storage(message: impl Into<Message>) -> CommandError {
    CommandError::new(ErrorCode::Storage, message)
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic while holding one of these small locks leaves plain data behind: keep going.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// What a pending count depends on: the server, the journal's last row, the sum of the
/// server's acknowledgements, the outbox batches not acknowledged, and those refused.
type PendingKey = (String, rasoat_store::sync_history::SyncPendingMark);

/// The settings as stored.
#[derive(Debug, Clone)]
struct Settings {
    url: Option<String>,
    enabled: bool,
    server_id: Option<String>,
}

impl Settings {
    fn read(store: &Store) -> CommandResult<Settings> {
        Ok(Settings {
            url: store.preference(PREF_URL)?.filter(|u| !u.is_empty()),
            enabled: store.preference(PREF_ENABLED)?.as_deref() == Some("1"),
            server_id: store.preference(PREF_SERVER_ID)?,
        })
    }

    fn active_url(&self) -> Option<&str> {
        self.url.as_deref().filter(|_| self.enabled)
    }
}

/// A pass's options: the client's, with fewer tries per request, because this task retries
/// passes itself with a longer backoff.
fn options() -> SyncOptions {
    SyncOptions {
        attempts: 3,
        ..SyncOptions::default()
    }
}

impl SyncControl {
    /// The control for the store `store` opens, to be managed by the app; the task starts
    /// with `start` (the app's setup) or at the first sync command, whichever comes first.
    pub fn shared(store: Reopen) -> Arc<SyncControl> {
        Arc::new(SyncControl::new(store))
    }

    fn new(store: Reopen) -> SyncControl {
        SyncControl {
            store,
            schedule: Mutex::new(Schedule::default()),
            running: Mutex::new(false),
            last_error: Mutex::new(None),
            pass: tokio::sync::Mutex::new(()),
            reads: Mutex::new(None),
            pending: Mutex::new(None),
            wake: tokio::sync::Notify::new(),
            stop: tokio::sync::watch::channel(false).0,
            task: Mutex::new(None),
        }
    }

    /// Runs `f` with the status connection (opened on first use), on the calling thread: call
    /// it from the blocking pool.
    fn with_reads<T>(&self, f: impl FnOnce(&mut Store) -> CommandResult<T>) -> CommandResult<T> {
        let mut reads = lock(&self.reads);
        if reads.is_none() {
            // Kept open while the app runs, with a small page cache: what it reads most is the
            // count of what waits to be sent, a pass over the unsent journal (hundreds of
            // MiB at a district) that no cache of the window's size would keep, so a larger
            // one would only hold the main process's memory.
            let store = self.store.open()?;
            store.limit_page_cache(SYNC_READS_CACHE_MIB)?;
            *reads = Some(store);
        }
        match reads.as_mut() {
            Some(store) => f(store),
            None => Err(storage(Code::DesktopStoreNotOpen)),
        }
    }

    /// What waits to be sent to `peer`, counted again only when something it depends on moved.
    fn pending(&self, store: &Store, peer: &str) -> CommandResult<SyncPending> {
        let mark = store
            .sync_pending_mark(peer)
            .map_err(|e| storage(e.message()))?;
        let key: PendingKey = (peer.to_string(), mark);
        let mut cache = lock(&self.pending);
        if let Some((cached_key, counted)) = cache.as_ref() {
            if *cached_key == key {
                return Ok(*counted);
            }
        }
        let counted = store.sync_pending(peer)?;
        *cache = Some((key, counted));
        Ok(counted)
    }

    /// Settings and pending work (blocking).
    fn look(&self) -> CommandResult<(Settings, bool)> {
        self.with_reads(|store| {
            let settings = Settings::read(store)?;
            let pending = self.pending(store, settings.server_id.as_deref().unwrap_or(""))?;
            Ok((settings, pending.batches > 0 || pending.households > 0))
        })
    }

    /// The whole status (blocking).
    fn status(&self) -> CommandResult<SyncStatusView> {
        let now = now_ms();
        let schedule = *lock(&self.schedule);
        let running = *lock(&self.running);
        let live_error = lock(&self.last_error).clone();
        self.with_reads(|store| {
            let settings = Settings::read(store)?;
            let pending = self.pending(store, settings.server_id.as_deref().unwrap_or(""))?;
            let server_id = settings.server_id.as_deref().filter(|id| !id.is_empty());
            let outbox: Vec<SyncOutboxBatchView> = rasoat_sync_client::outbox(store)
                .map_err(|e| storage(e.message()))?
                .into_iter()
                .filter(|batch| server_id.is_none_or(|id| batch.recipient == id))
                .map(SyncOutboxBatchView::from)
                .collect();
            let history: Vec<SyncAttemptView> = store
                .sync_history(HISTORY_ROWS)?
                .into_iter()
                .map(SyncAttemptView::from)
                .collect();
            // A moved installation says so whether or not the task tried; otherwise, after a
            // restart the task has no live error yet: the newest row says it.
            let moved = store.moved_out()?;
            let last_error = match &moved {
                Some(mark) => Some(SyncErrorView::moved(mark.day())),
                None => live_error.or_else(|| {
                    history
                        .first()
                        .filter(|h| !h.ok)
                        .and_then(|h| h.error.clone())
                }),
            };
            let has_pending = pending.batches > 0 || pending.households > 0;
            let active = settings.active_url().is_some();
            // Moved away: sync is off here for good (the sync screen says why), not an error
            // waiting to be mended.
            let badge = if !active || moved.is_some() {
                SyncBadge::Off
            } else if running {
                SyncBadge::Syncing
            } else if last_error.is_some() {
                SyncBadge::Error
            } else if has_pending {
                SyncBadge::Pending
            } else {
                SyncBadge::Synced
            };
            Ok(SyncStatusView {
                server_url: settings.url.clone(),
                enabled: settings.enabled,
                badge,
                running,
                pending_batches: pending.batches,
                refused_batches: pending.refused_batches,
                pending_households: pending.households,
                outbox,
                // Moved away, nobody can mend it here: the banner and the error say so.
                needs_person: moved.is_none()
                    && (schedule.held || last_error.as_ref().is_some_and(|e| e.permanent)),
                last_success_at: store.last_sync_success()?,
                last_error,
                next_attempt_at: (active && moved.is_none() && !schedule.stopped)
                    .then(|| schedule.planned_at(now, has_pending)),
                failures: schedule.failures,
                retry_ceiling_ms: ms(backoff_ceiling(schedule.failures)),
                history,
            })
        })
    }

    /// One pass to `url` with a fresh connection (blocking): the client's `sync_once`, then the
    /// household counts added to the row it recorded.
    fn pass_blocking(&self, url: &str) -> Result<(), SyncErrorView> {
        let local = |e: &dyn std::fmt::Display| SyncErrorView {
            kind: SyncErrorKind::Local,
            code: "local".into(),
            detail: e.to_string(),
            permanent: false,
        };
        let started = now_ms();
        let mut store = self.store.open().map_err(|e| local(&e))?;
        store
            .limit_page_cache(crate::PAGE_CACHE_MIB)
            .map_err(|e| local(&e))?;
        let result = rasoat_sync_client::sync_once_with(&mut store, url, &options());
        // Batches may be acknowledged before a pass fails: count what landed either way.
        let sent = store.households_acknowledged_since(started).unwrap_or(0);
        let received = result
            .as_ref()
            .map_or(0, |r| i64::try_from(r.records_pulled).unwrap_or(i64::MAX));
        store
            .count_households_of_sync_pass(url, started, sent, received)
            .map_err(|e| local(&e))?;
        match result {
            Ok(report) => {
                store
                    .set_preference(PREF_SERVER_ID, &report.server)
                    .map_err(|e| local(&e))?;
                Ok(())
            }
            Err(e) => {
                if let SyncError::BatchRefused { batch_id, .. } = &e {
                    // The pass met the server and the refused batch was made for it: its id
                    // is the server's, so the screen can list that server's outbox now.
                    if let Some(batch) = rasoat_sync_client::outbox(&store)
                        .map_err(|e| local(&e))?
                        .into_iter()
                        .find(|b| &b.batch_id == batch_id)
                    {
                        store
                            .set_preference(PREF_SERVER_ID, &batch.recipient)
                            .map_err(|e| local(&e))?;
                    }
                }
                Err(SyncErrorView::from_error(&e))
            }
        }
    }
}

fn control<R: Runtime>(app: &AppHandle<R>) -> CommandResult<Arc<SyncControl>> {
    app.try_state::<Arc<SyncControl>>()
        .map(|c| Arc::clone(&c))
        .ok_or_else(|| storage(Code::DesktopSyncNotStarted))
}

/// Runs `f` with the control on the blocking pool.
async fn blocking<R: Runtime, T: Send + 'static>(
    app: &AppHandle<R>,
    f: impl FnOnce(&SyncControl) -> CommandResult<T> + Send + 'static,
) -> CommandResult<T> {
    let control = control(app)?;
    tauri::async_runtime::spawn_blocking(move || {
        let done = f(&control);
        crate::allocator::work_done();
        done
    })
    .await
    .map_err(|e| CommandError::detail(ErrorCode::Storage, e))?
}

/// Sends the status to the UI; a failure to build it is not worth more than a skipped event.
async fn announce<R: Runtime>(app: &AppHandle<R>) -> Option<SyncStatusView> {
    let status = blocking(app, SyncControl::status).await.ok()?;
    let _ = app.emit(EVENT, &status);
    Some(status)
}

/// One pass through the same path for the task and "Đồng bộ ngay": wait for any pass in
/// flight, read the settings, run, update the schedule, tell the UI. Returns whether a pass
/// ran (sync off or no address: none).
pub async fn attempt<R: Runtime>(app: &AppHandle<R>) -> CommandResult<bool> {
    let control = control(app)?;
    let _one = control.pass.lock().await;
    let (settings, _) = blocking(app, SyncControl::look).await?;
    let Some(url) = settings.active_url().map(str::to_string) else {
        return Ok(false);
    };
    *lock(&control.running) = true;
    announce(app).await;
    let worker = Arc::clone(&control);
    let outcome = tauri::async_runtime::spawn_blocking(move || {
        let passed = worker.pass_blocking(&url);
        crate::allocator::work_done();
        passed
    })
    .await
    .unwrap_or_else(|e| {
        Err(SyncErrorView {
            kind: SyncErrorKind::Local,
            code: "local".into(),
            detail: e.to_string(),
            permanent: false,
        })
    });
    let now = now_ms();
    {
        let mut schedule = lock(&control.schedule);
        match &outcome {
            Ok(()) => schedule.succeeded(now),
            Err(e) if e.kind == SyncErrorKind::Moved => schedule.stop_for_good(now),
            Err(e) if e.permanent => schedule.needs_person(now),
            Err(_) => schedule.failed(now, unit_draw()),
        }
    }
    *lock(&control.last_error) = outcome.err();
    *lock(&control.running) = false;
    announce(app).await;
    Ok(true)
}

/// The task: look, try when due, sleep until the next look or a nudge, end when told.
async fn run<R: Runtime>(app: AppHandle<R>, control: Arc<SyncControl>) {
    let mut stop = control.stop.subscribe();
    loop {
        // Moved away: the pass that found it out has told the window, once; nothing is left
        // for the task to do.
        if *stop.borrow() || lock(&control.schedule).stopped {
            break;
        }
        let now = now_ms();
        // A store that cannot be read now is looked at again later; the commands report it.
        let wait = match blocking(&app, SyncControl::look).await {
            Ok((settings, pending)) if settings.active_url().is_some() => {
                let due = lock(&control.schedule).due(now, pending);
                if due {
                    // On exit a pass in flight is left to its blocking thread: the store's
                    // transactions keep the file whole, and the outbox resumes next time.
                    tokio::select! {
                        _ = attempt(&app) => continue,
                        _ = stop.changed() => break,
                    }
                }
                lock(&control.schedule).wait(now_ms(), pending)
            }
            _ => LOOK_EVERY,
        };
        tokio::select! {
            _ = stop.changed() => {}
            _ = control.wake.notified() => {}
            _ = tokio::time::sleep(wait) => {}
        }
    }
}

/// Starts the task unless it runs or was shut down (idempotent).
pub fn start<R: Runtime>(app: &AppHandle<R>) {
    let Ok(control) = control(app) else {
        return;
    };
    let mut task = lock(&control.task);
    if task.is_none() && !*control.stop.borrow() {
        *task = Some(tauri::async_runtime::spawn(run(
            app.clone(),
            Arc::clone(&control),
        )));
    }
}

/// Ends the task (on exit): it stops between passes; a pass in flight on the blocking pool is
/// not waited for beyond a few seconds, since the store's transactions leave the file whole.
/// Returns whether the task ended.
pub fn shut_down<R: Runtime>(app: &AppHandle<R>) -> bool {
    let Ok(control) = control(app) else {
        return true;
    };
    let _ = control.stop.send(true);
    control.wake.notify_one();
    let Some(handle) = lock(&control.task).take() else {
        return true;
    };
    tauri::async_runtime::block_on(async {
        tokio::time::timeout(Duration::from_secs(5), handle)
            .await
            .is_ok()
    })
}

#[tauri::command]
pub async fn sync_status<R: Runtime>(app: AppHandle<R>) -> CommandResult<SyncStatusView> {
    // Locked or signed out: the window shows its sign-in screen, not the outbox.
    crate::commands::open_state(&app)?;
    start(&app);
    blocking(&app, SyncControl::status).await
}

/// Saves the address and the switch; a bad address is refused and nothing is saved.
#[tauri::command]
pub async fn sync_configure<R: Runtime>(
    app: AppHandle<R>,
    input: SyncSettingsInput,
) -> CommandResult<SyncStatusView> {
    // Locked or signed out: the window shows its sign-in screen, not the outbox.
    crate::commands::open_state(&app)?;
    start(&app);
    let url = if input.server_url.trim().is_empty() {
        if input.enabled {
            return Err(CommandError::new(
                ErrorCode::Invalid,
                Code::DesktopServerAddressNeeded,
            ));
        }
        String::new()
    } else {
        normalise_server_url(&input.server_url)?
    };
    let enabled = input.enabled;
    blocking(&app, move |control| {
        control.with_reads(|store| {
            let before = store.preference(PREF_URL)?.unwrap_or_default();
            store.set_preference(PREF_URL, &url)?;
            store.set_preference(PREF_ENABLED, if enabled { "1" } else { "0" })?;
            if before != url {
                // Another server: its acknowledgements are another story, learnt at its pass.
                store.set_preference(PREF_SERVER_ID, "")?;
            }
            Ok(())
        })?;
        let mut schedule = lock(&control.schedule);
        *schedule = Schedule::default();
        *lock(&control.last_error) = None;
        Ok(())
    })
    .await?;
    control(&app)?.wake.notify_one();
    announce(&app)
        .await
        .ok_or_else(|| CommandError::detail(ErrorCode::Storage, "sync status"))
}

/// "Đồng bộ ngay": a pass now, through the task's own path; returns the status after it.
#[tauri::command]
pub async fn sync_now<R: Runtime>(app: AppHandle<R>) -> CommandResult<SyncStatusView> {
    // Locked or signed out: the window shows its sign-in screen, not the outbox.
    crate::commands::open_state(&app)?;
    start(&app);
    let control = control(&app)?;
    // Moved away: refused in plain words, no pass tried.
    blocking(&app, |control| {
        control.with_reads(|store| Ok(store.check_not_moved()?))
    })
    .await?;
    lock(&control.schedule).nudge(now_ms());
    if !attempt(&app).await? {
        return Err(CommandError::new(ErrorCode::Invalid, Code::DesktopSyncOff));
    }
    // The task plans its next look from the new schedule.
    control.wake.notify_one();
    blocking(&app, SyncControl::status).await
}

/// "Bỏ lô này": drops a batch the server did not acknowledge (the client's `discard`). Its
/// entries stay unacknowledged, so the next pass exports them again in a new batch: nothing
/// is lost. The task is nudged, since this is the change it waits for after a refusal.
#[tauri::command]
pub async fn sync_discard<R: Runtime>(
    app: AppHandle<R>,
    batch_id: String,
) -> CommandResult<SyncStatusView> {
    // Locked or signed out: the window shows its sign-in screen, not the outbox.
    crate::commands::open_state(&app)?;
    start(&app);
    let control = control(&app)?;
    {
        // Not while a pass sends or settles the outbox.
        let _one = control.pass.lock().await;
        blocking(&app, move |control| {
            control.with_reads(
                |store| match rasoat_sync_client::discard(store, &batch_id) {
                    Ok(_) => Ok(()),
                    Err(e @ SyncError::NotInOutbox { .. }) => {
                        Err(CommandError::new(ErrorCode::NotFound, e.message()))
                    }
                    Err(e) => Err(storage(e.message())),
                },
            )
        })
        .await?;
        *lock(&control.last_error) = None;
        let mut schedule = lock(&control.schedule);
        schedule.held = false;
        schedule.nudge(now_ms());
    }
    control.wake.notify_one();
    announce(&app)
        .await
        .ok_or_else(|| CommandError::detail(ErrorCode::Storage, "sync status"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_759_305_600_000;

    #[test]
    fn the_ceiling_doubles_from_five_seconds_to_fifteen_minutes() {
        assert_eq!(backoff_ceiling(0), Duration::ZERO);
        assert_eq!(backoff_ceiling(1), Duration::from_secs(5));
        assert_eq!(backoff_ceiling(2), Duration::from_secs(10));
        assert_eq!(backoff_ceiling(3), Duration::from_secs(20));
        assert_eq!(backoff_ceiling(8), Duration::from_secs(640));
        assert_eq!(backoff_ceiling(9), MAX_RETRY);
        assert_eq!(backoff_ceiling(u32::MAX), MAX_RETRY);
    }

    #[test]
    fn full_jitter_draws_below_the_ceiling() {
        assert_eq!(retry_delay(3, 0.0), Duration::ZERO);
        assert_eq!(retry_delay(3, 0.5), Duration::from_secs(10));
        assert_eq!(retry_delay(3, 1.0), Duration::from_secs(20));
        // A draw outside [0, 1) cannot push the wait past the ceiling or below zero.
        assert_eq!(retry_delay(3, 7.0), Duration::from_secs(20));
        assert_eq!(retry_delay(3, -1.0), Duration::ZERO);
    }

    #[test]
    fn failures_back_off_further_and_a_success_resets() {
        let mut s = Schedule::default();
        assert!(s.due(T0, false), "the first pass is due at once");
        s.failed(T0, 1.0);
        assert_eq!(s.failures, 1);
        assert_eq!(s.next_attempt_at, Some(T0 + 5_000));
        assert!(
            !s.due(T0 + 4_999, true),
            "pending work waits for the backoff"
        );
        assert!(s.due(T0 + 5_000, false));
        s.failed(T0 + 5_000, 1.0);
        assert_eq!(s.next_attempt_at, Some(T0 + 15_000));
        s.failed(T0 + 15_000, 0.25);
        assert_eq!(s.failures, 3);
        assert_eq!(s.next_attempt_at, Some(T0 + 20_000), "a quarter of 20 s");
        assert_eq!(s.wait(T0 + 15_000, false), Duration::from_secs(5));

        s.succeeded(T0 + 20_000);
        assert_eq!(s.failures, 0);
        assert_eq!(s.next_attempt_at, Some(T0 + 20_000 + ms(PERIODIC)));
        // Nothing pending: the next pass is the periodic pull; the task still looks often.
        assert!(!s.due(T0 + 60_000, false));
        assert_eq!(s.wait(T0 + 20_000, false), LOOK_EVERY);
        assert_eq!(s.planned_at(T0 + 20_000, false), T0 + 20_000 + ms(PERIODIC));
        // New work: tried once the pending gap after the last pass is over.
        assert!(!s.due(T0 + 20_000 + ms(PENDING_GAP) - 1, true));
        assert!(s.due(T0 + 20_000 + ms(PENDING_GAP), true));
        assert_eq!(
            s.planned_at(T0 + 21_000, true),
            T0 + 20_000 + ms(PENDING_GAP)
        );
        assert!(s.due(T0 + 20_000 + ms(PERIODIC), false));
    }

    #[test]
    fn a_nudge_is_due_at_once_and_keeps_the_failure_count() {
        let mut s = Schedule::default();
        s.failed(T0, 1.0);
        s.failed(T0 + 5_000, 1.0);
        assert!(!s.due(T0 + 6_000, false));
        s.nudge(T0 + 6_000);
        assert!(s.due(T0 + 6_000, false));
        assert_eq!(s.wait(T0 + 6_000, false), Duration::ZERO);
        s.failed(T0 + 6_000, 1.0);
        assert_eq!(s.failures, 3);
        assert_eq!(s.next_attempt_at, Some(T0 + 26_000));
    }

    #[test]
    fn a_refusal_for_good_holds_without_backing_off_until_a_nudge_or_the_periodic_pull() {
        let mut s = Schedule::default();
        s.failed(T0, 1.0);
        s.needs_person(T0 + 5_000);
        assert_eq!(s.failures, 0, "the network did not fail");
        assert!(s.held);
        // Pending work (the refused batch's entries) does not make a pass due.
        assert!(!s.due(T0 + 5_000 + ms(PENDING_GAP), true));
        assert_eq!(
            s.planned_at(T0 + 6_000, true),
            T0 + 5_000 + ms(PERIODIC),
            "the periodic pull"
        );
        assert!(s.due(T0 + 5_000 + ms(PERIODIC), true));
        // A person's change (a discard) nudges it.
        s.nudge(T0 + 7_000);
        assert!(s.due(T0 + 7_000, true));
        s.succeeded(T0 + 8_000);
        assert!(!s.held);
    }

    #[test]
    fn a_moved_installation_is_never_due_again_not_even_when_nudged() {
        let mut s = Schedule::default();
        s.failed(T0, 0.5);
        s.stop_for_good(T0 + 1_000);
        for later in [T0 + 1_000, T0 + ms(MAX_RETRY) * 10, T0 + ms(PERIODIC) * 100] {
            assert!(!s.due(later, true), "pending work");
            assert!(!s.due(later, false), "the periodic pull");
        }
        s.nudge(T0 + 2_000);
        assert!(!s.due(T0 + 2_000, true), "Đồng bộ ngay");
        assert_eq!(s.failures, 0, "not counted as a network failure");
        assert_eq!(
            SyncErrorView::moved("01/10/2025".into()).kind,
            SyncErrorKind::Moved
        );
        assert!(permanent_code("installation_moved"));
    }

    #[test]
    fn recorded_codes_say_whether_a_person_is_needed() {
        assert!(permanent_code("wrong_unit"));
        assert!(permanent_code("not_enrolled"));
        assert!(permanent_code("server_not_enrolled"));
        assert!(permanent_code("tls"));
        assert!(!permanent_code("unreachable"));
        assert!(!permanent_code("rate_limited"));
        assert!(!permanent_code("local"));
        assert!(SyncErrorView::from_recorded("wrong_unit: x").permanent);
    }

    #[test]
    fn client_errors_become_plain_kinds() {
        let kind = |code: &str, _text: &str| error_kind(code);
        // The client tells a machine without network from a server that does not answer;
        // whatever the message says, the code decides.
        assert_eq!(
            kind(
                "no_network",
                "http://x/v1/session/challenge: Dns Failed: resolve"
            ),
            SyncErrorKind::NoNetwork
        );
        assert_eq!(
            kind("unreachable", "Dns Failed: a message is never read"),
            SyncErrorKind::Unreachable
        );
        assert_eq!(
            kind("unreachable", "Connection Failed: Connection refused"),
            SyncErrorKind::Unreachable
        );
        assert_eq!(kind("not_enrolled", ""), SyncErrorKind::NotEnrolled);
        assert_eq!(
            kind("server_not_enrolled", ""),
            SyncErrorKind::ServerNotEnrolled
        );
        assert_eq!(kind("wrong_unit", ""), SyncErrorKind::Refused);
        assert_eq!(kind("batch_refused", ""), SyncErrorKind::Refused);
        assert_eq!(kind("rate_limited", ""), SyncErrorKind::Busy);
        assert_eq!(kind("http_status", ""), SyncErrorKind::WrongServer);
        assert_eq!(kind("local", ""), SyncErrorKind::Local);

        let recorded = SyncErrorView::from_recorded("wrong_unit: máy chủ từ chối (wrong_unit): x");
        assert_eq!(recorded.kind, SyncErrorKind::Refused);
        assert_eq!(recorded.code, "wrong_unit");
        assert_eq!(recorded.detail, "máy chủ từ chối (wrong_unit): x");
    }

    #[test]
    fn server_addresses_are_checked_and_normalised() {
        assert_eq!(
            normalise_server_url(" https://huyen.example.vn/ ")
                .ok()
                .as_deref(),
            Some("https://huyen.example.vn")
        );
        assert_eq!(
            normalise_server_url("http://10.0.0.5:8443").ok().as_deref(),
            Some("http://10.0.0.5:8443")
        );
        for bad in [
            "",
            "huyen.example.vn",
            "ftp://huyen.example.vn",
            "http://",
            "http://user:pw@huyen.example.vn",
            "http://huyen.example.vn/?a=1",
            "http://huyen example.vn",
        ] {
            let e = normalise_server_url(bad).expect_err(bad);
            assert_eq!(e.code, ErrorCode::Invalid, "{bad}");
        }
    }
}
