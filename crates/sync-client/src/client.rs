//! The sync client: one pass empties this installation's outbox into the district server and
//! fetches what the server has that this installation lacks. Meant for a link that comes and
//! goes: every request is retried a bounded number of times, an upload resumes where the server
//! says it stopped, and what one pass did not finish the next one continues, so nobody has to
//! press anything twice.
//!
//! The outbox (`sync_outbox`, migration 0003) keeps each exported batch byte for byte until the
//! server's signed receipt covers it: a batch is exported once and resent as the same file,
//! so the server sees one batch id however many tries it takes. Each pass is recorded in
//! `sync_history` (counts and error codes only) for `sync_state`.
//!
//! Blocking (ureq): the CLI calls it directly, the desktop from a blocking thread.

use std::collections::BTreeMap;
use std::time::Duration;

// The client reads the clock at its edge, through the one reading every edge shares.
use rasoat_store::unix_millis_now as now_ms;
use rasoat_store::{NewOutboxBatch, OutboxRefusal, Store, SyncPassRecord, UnixMillis};
use serde::Serialize;

pub use crate::error::SyncError;
use crate::http::Http;
use crate::outbox;
use rasoat_batch::codec::{from_hex, sha256_hex};
use rasoat_sync_protocol::{
    path, Completed, ErrorCode, Handshake, PullRequest, UploadRequest, UploadState,
    DEFAULT_PULL_PAGE_ENTRIES, MAX_CHUNK_BYTES,
};

/// How a pass behaves on a bad link.
#[derive(Debug, Clone)]
pub struct SyncOptions {
    /// Connect, read and write timeout of each request: a stalled link is given up and retried.
    pub timeout: Duration,
    /// How long to wait for the answer to `complete` and `pull`, which verify, import or export
    /// a whole batch on the server: a district importing a big batch takes seconds.
    pub import_timeout: Duration,
    /// Tries of one request before the pass gives up (the next pass resumes).
    pub attempts: u32,
    /// The largest chunk sent (the server may accept less).
    pub chunk_bytes: usize,
    /// Also fetch what the server holds and this installation lacks.
    pub pull: bool,
    /// The longest wait after a `rate_limited` answer before the pass gives up instead.
    pub max_wait: Duration,
    /// The largest page accepted from a pull.
    pub max_pull_bytes: u64,
    /// Entries per pull page: each page is imported in its own transaction, so a cut costs at
    /// most one page and the next pass resumes after what was imported.
    pub pull_page_entries: u64,
    /// Certificates (PEM) trusted for an `https://` server besides the system's roots: a
    /// district's self-signed certificate, since a district has no public CA.
    pub trusted_ca: Option<Vec<u8>>,
}

impl Default for SyncOptions {
    fn default() -> SyncOptions {
        SyncOptions {
            timeout: Duration::from_secs(30),
            import_timeout: Duration::from_secs(600),
            attempts: 6,
            chunk_bytes: 256 * 1024,
            pull: true,
            max_wait: Duration::from_secs(30),
            max_pull_bytes: 256 * 1024 * 1024,
            pull_page_entries: DEFAULT_PULL_PAGE_ENTRIES,
            trusted_ca: None,
        }
    }
}

/// What one pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    /// The server's installation id.
    pub server: String,
    /// Batches exported into the outbox during this pass.
    pub batches_exported: usize,
    /// Batches the server acknowledged during this pass (uploaded now, or found already held).
    pub batches_acknowledged: usize,
    /// Batches (pull pages) fetched from the server and imported.
    pub batches_pulled: usize,
    /// Survey records new or changed here from pulled batches.
    pub records_pulled: usize,
    /// Bytes of batch chunks sent (retries included).
    pub bytes_sent: u64,
    /// Requests tried again after a cut, a stall or a rate limit.
    pub retries: u32,
    /// Batches still waiting in the outbox after the pass.
    pub pending_batches: usize,
}

/// One past pass, for the desktop's sync panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncPass {
    pub server: String,
    pub started_at: UnixMillis,
    pub finished_at: UnixMillis,
    pub ok: bool,
    pub batches_sent: i64,
    pub batches_pulled: i64,
    pub bytes_sent: i64,
    /// `code: message` when the pass failed.
    pub error: Option<String>,
}

/// Where sync stands: what the desktop shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncState {
    /// Batches exported and not yet acknowledged by the server (refused ones excepted).
    pub pending_batches: usize,
    /// Batches the server refused for good, waiting for a person (`outbox::outbox` says why).
    pub refused_batches: usize,
    /// When the last pass that finished without error ended.
    pub last_success: Option<UnixMillis>,
    /// The error of the last pass, if it failed.
    pub last_error: Option<String>,
    /// The latest passes, newest first (at most 50).
    pub history: Vec<SyncPass>,
}

pub(crate) type Result<T, E = SyncError> = std::result::Result<T, E>;

/// One sync pass with the default options.
pub fn sync_once(store: &mut Store, server_url: &str) -> Result<SyncReport> {
    sync_once_with(store, server_url, &SyncOptions::default())
}

/// One sync pass: authenticate, learn what the server holds, upload the outbox (exporting a
/// new batch when it is empty and there is something to send), then pull. The pass is recorded
/// in the history whether it succeeds or not. An installation that moved to another machine is
/// refused before any request and nothing is recorded (`SyncError::is_moved`): its keys now
/// sign on the new machine, and no later pass can change that.
pub fn sync_once_with(
    store: &mut Store,
    server_url: &str,
    options: &SyncOptions,
) -> Result<SyncReport> {
    store.check_not_moved()?;
    let started_at = now_ms();
    let mut report = SyncReport::default();
    let result = pass(store, server_url, options, &mut report);
    report.pending_batches = pending_count(store).unwrap_or(0);
    let error = result.as_ref().err().map(|e| format!("{}: {e}", e.code()));
    store.record_sync_pass(&SyncPassRecord {
        server: server_url,
        started_at,
        finished_at: now_ms(),
        ok: result.is_ok(),
        batches_sent: report.batches_acknowledged as i64,
        batches_pulled: report.batches_pulled as i64,
        bytes_sent: report.bytes_sent as i64,
        error: error.as_deref(),
    })?;
    result.map(|()| report)
}

/// Where sync stands, from the store alone (no network).
pub fn sync_state(store: &Store) -> Result<SyncState> {
    let history: Vec<SyncPass> = store
        .sync_history(50)?
        .into_iter()
        .map(|row| SyncPass {
            server: row.server,
            started_at: row.started_at,
            finished_at: row.finished_at,
            ok: row.ok,
            batches_sent: row.batches_sent,
            batches_pulled: row.batches_received,
            bytes_sent: row.bytes_sent,
            error: row.error,
        })
        .collect();
    let last_success = store.last_sync_success()?;
    let (_, refused) = store.outbox_counts()?;
    Ok(SyncState {
        pending_batches: pending_count(store)?,
        refused_batches: usize::try_from(refused).unwrap_or(0),
        last_success,
        last_error: history.first().and_then(|p| p.error.clone()),
        history,
    })
}

fn pending_count(store: &Store) -> Result<usize> {
    let (pending, _) = store.outbox_counts()?;
    Ok(usize::try_from(pending).unwrap_or(0))
}

fn pass(
    store: &mut Store,
    server_url: &str,
    options: &SyncOptions,
    report: &mut SyncReport,
) -> Result<()> {
    let identity = rasoat_batch::identity(store)?;
    let mut http = Http::new(server_url, options)?;
    let server = http.authenticate(&identity)?;
    let enrolled =
        rasoat_batch::identity::peer(store, &server)?.is_some_and(|p| p.enrolled_by.is_none());
    if !enrolled {
        return Err(SyncError::ServerNotEnrolled { server });
    }
    report.server = server.clone();
    let handshake: Handshake = http.json("GET", path::HANDSHAKE, None::<&()>, &identity)?;
    if handshake.server != server {
        return Err(SyncError::Protocol("handshake names another server".into()));
    }
    refuse_fork(store, &identity, &server, &handshake.receipt)?;
    import_receipt_hex(store, &handshake.receipt)?;
    report.batches_acknowledged += settle_outbox(store, &server)?;
    if fill_outbox(store, &server)? {
        report.batches_exported += 1;
    }
    let chunk_bytes = options
        .chunk_bytes
        .clamp(
            1,
            usize::try_from(handshake.max_chunk_bytes).unwrap_or(MAX_CHUNK_BYTES),
        )
        .min(MAX_CHUNK_BYTES);
    for (batch_id, bytes) in pending(store, &server)? {
        outbox::count_attempt(store, &batch_id)?;
        let completed = match upload(&mut http, &identity, &batch_id, &bytes, chunk_bytes, report) {
            Ok(completed) => completed,
            Err(e) => {
                outbox::record_failure(store, &batch_id, &e, now_ms())?;
                if matches!(&e, SyncError::Refused { code, .. } if code.is_permanent()) {
                    // Set aside: the next batches (and the pull) need not wait for it.
                    continue;
                }
                return Err(e);
            }
        };
        if completed.batch_id != batch_id {
            return Err(SyncError::Protocol("completion names another batch".into()));
        }
        import_receipt_hex(store, &completed.receipt)?;
        // The receipt covers the batch once it was imported; mark it even if the server had
        // it from an earlier try.
        store.acknowledge_outbox_batch(&batch_id, now_ms())?;
        report.batches_acknowledged += 1;
        settle_outbox(store, &server)?;
    }
    if options.pull {
        pull(store, &mut http, &identity, &server, options, report)?;
    }
    report.retries = http.retries;
    if let Some(OutboxRefusal {
        batch_id,
        code,
        message,
    }) = outbox::refused_for(store, &server)?
    {
        return Err(SyncError::BatchRefused {
            batch_id,
            code,
            message,
        });
    }
    Ok(())
}

/// Fetches what the server holds and this installation lacks, page by page. The cursor is this
/// installation's receipt, made afresh before each page from what it holds: after a cut (in
/// this pass or an earlier one) the next request starts right after the last page imported,
/// and a page that arrives twice only repeats entries the import ignores.
fn pull(
    store: &mut Store,
    http: &mut Http,
    identity: &rasoat_batch::Identity,
    server: &str,
    options: &SyncOptions,
    report: &mut SyncReport,
) -> Result<()> {
    loop {
        let receipt = rasoat_batch::export_receipt(store, server, now_ms())?;
        let request = PullRequest {
            receipt: rasoat_batch::codec::to_hex(&receipt),
            max_entries: Some(options.pull_page_entries.max(1)),
        };
        let Some((page, more)) = http.pull(&request, identity, options.max_pull_bytes)? else {
            return Ok(());
        };
        // One page, one transaction (`import_batch`).
        let before = store.status_vector()?;
        let imported = rasoat_batch::import_batch(store, &page, now_ms())?;
        report.batches_pulled += imported.batches;
        report.records_pulled += imported.new + imported.updated;
        if !more {
            return Ok(());
        }
        // A page may carry no entry and still advance: every entry in it withheld (households
        // of other units), which the status vector passes over.
        if imported.new_entries == 0 && store.status_vector()? == before {
            // The next receipt would be the same: the server would send the same page again.
            return Err(SyncError::Protocol("pull does not advance".into()));
        }
    }
}

/// Exports a batch for `server` into the outbox when the outbox holds none for it and there is
/// something the server has not acknowledged; works offline, so a batch can be prepared before
/// the link comes. Returns whether a batch was added.
pub fn fill_outbox(store: &mut Store, server: &str) -> Result<bool> {
    let waiting = store.outbox_waiting_for(server)?;
    if waiting > 0 {
        // One batch at a time: a second export now would repeat the first one's entries (a
        // refused batch's too, which would only be refused again).
        return Ok(false);
    }
    match rasoat_batch::export_batch(store, server, now_ms()) {
        Ok(bytes) => {
            add_to_outbox(store, server, &bytes)?;
            Ok(true)
        }
        Err(rasoat_batch::BatchError::NothingToSend { .. }) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// A server holding more of this installation's own entries than it was ever sent or
/// acknowledged holding got them from another copy of this store (copied, or restored from an
/// old backup): the two copies wrote different entries under the same seqs. Refused before
/// the receipt raises any acknowledgement, so this copy does not skip the seqs the server holds
/// from the other one; `rasoat identity new-installation` makes it a new installation.
fn refuse_fork(
    store: &Store,
    identity: &rasoat_batch::Identity,
    server: &str,
    hex: &str,
) -> Result<()> {
    let bytes = from_hex(hex).ok_or_else(|| SyncError::Protocol("receipt is not hex".into()))?;
    let receipt = rasoat_batch::verify_receipt(store, &bytes)?;
    let own = identity.installation_id();
    let held = receipt.holds.get(own).copied().unwrap_or(0);
    let known = store
        .outbox_sent_through(server, own)?
        .max(store.acknowledged(server)?.get(own).copied().unwrap_or(0));
    if held > known {
        return Err(SyncError::Batch(rasoat_batch::BatchError::Fork {
            origin: own.to_string(),
            seq: known + 1,
        }));
    }
    Ok(())
}

fn import_receipt_hex(store: &mut Store, hex: &str) -> Result<()> {
    let bytes = from_hex(hex).ok_or_else(|| SyncError::Protocol("receipt is not hex".into()))?;
    rasoat_batch::import_receipt(store, &bytes)?;
    Ok(())
}

/// Marks acknowledged every outbox batch whose ranges the server's receipts now cover (the
/// server imported it on an earlier try whose answer was lost). Returns how many.
fn settle_outbox(store: &mut Store, server: &str) -> Result<usize> {
    let acks = rasoat_batch::acknowledged(store, server)?;
    let mut settled = 0;
    for (batch_id, ranges) in store.outbox_ranges(server)? {
        let covered = ranges
            .iter()
            .all(|(origin, (_, last))| acks.get(origin).is_some_and(|held| held >= last));
        if covered {
            store.acknowledge_outbox_batch(&batch_id, now_ms())?;
            settled += 1;
        }
    }
    Ok(settled)
}

/// The outbox batches still to send, oldest first.
fn pending(store: &Store, server: &str) -> Result<Vec<(String, Vec<u8>)>> {
    Ok(store.outbox_to_send(server)?)
}

/// The manifest fields the outbox needs, read from the clear-text head of a batch this
/// installation just wrote (layout: `docs/batch-format.md`).
#[derive(serde::Deserialize)]
struct ManifestHead {
    batch_id: String,
    ranges: BTreeMap<String, (i64, i64)>,
}

fn add_to_outbox(store: &mut Store, server: &str, bytes: &[u8]) -> Result<()> {
    let head = bytes
        .get(10..14)
        .and_then(|b| <[u8; 4]>::try_from(b).ok())
        .map(u32::from_be_bytes)
        .and_then(|len| bytes.get(14..14 + len as usize))
        .ok_or_else(|| SyncError::Protocol("exported batch has no manifest".into()))?;
    let manifest: ManifestHead = serde_json::from_slice(head)
        .map_err(|e| SyncError::Protocol(format!("exported batch manifest: {e}")))?;
    store.add_to_outbox(&NewOutboxBatch {
        batch_id: &manifest.batch_id,
        recipient: server,
        bytes,
        sha256: &sha256_hex(bytes),
        ranges: &manifest.ranges,
        created_at: now_ms(),
    })?;
    Ok(())
}

/// Sends one batch: announce, resume at what the server holds, chunks, complete.
fn upload(
    http: &mut Http,
    identity: &rasoat_batch::Identity,
    batch_id: &str,
    bytes: &[u8],
    chunk_bytes: usize,
    report: &mut SyncReport,
) -> Result<Completed> {
    let announce = UploadRequest {
        batch_id: batch_id.to_string(),
        size: bytes.len() as u64,
        sha256: sha256_hex(bytes),
    };
    let mut state: UploadState = http.json("POST", path::UPLOADS, Some(&announce), identity)?;
    // Bounded: each round trip either advances `received` or costs one of the request's tries;
    // a server that neither advances nor refuses is a protocol violation.
    let mut stuck = 0u32;
    while state.state != "imported" && state.received < announce.size {
        let start = usize::try_from(state.received).unwrap_or(usize::MAX);
        let end = start.saturating_add(chunk_bytes).min(bytes.len());
        let Some(chunk) = bytes.get(start..end) else {
            return Err(SyncError::Protocol(
                "server claims more bytes than sent".into(),
            ));
        };
        let url = format!("{}/{batch_id}/chunks/{start}", path::UPLOADS);
        report.bytes_sent += chunk.len() as u64;
        let before = state.received;
        state = match http.raw_json("PUT", &url, chunk, identity) {
            Ok(state) => state,
            Err(SyncError::Refused {
                code: ErrorCode::ChunkGap | ErrorCode::UploadUnknown,
                ..
            }) => {
                // The server lost or moved past our place (restart, late duplicate):
                // announce again and continue where it says.
                http.json("POST", path::UPLOADS, Some(&announce), identity)?
            }
            Err(e) => return Err(e),
        };
        if state.received <= before && state.state != "imported" {
            stuck += 1;
            if stuck > http.attempts {
                return Err(SyncError::Protocol("upload does not advance".into()));
            }
        }
    }
    let url = format!("{}/{batch_id}/complete", path::UPLOADS);
    match http.json("POST", &url, None::<&()>, identity) {
        Ok(completed) => Ok(completed),
        Err(SyncError::Refused {
            code: ErrorCode::HashMismatch | ErrorCode::UploadIncomplete,
            message,
        }) => {
            // The assembled file was wrong (the server discarded it) or short; the next pass
            // starts it again from what the server then holds.
            Err(SyncError::Refused {
                code: ErrorCode::HashMismatch,
                message,
            })
        }
        Err(e) => Err(e),
    }
}
