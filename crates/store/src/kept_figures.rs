//! Figures kept in the store file, so a window opened again gives them without counting.
//!
//! The memo of a connection (`report_memo`) forgets everything when the window closes, and
//! the first dashboard after opening counted every round of its trend again: about 2 s at
//! 200,000 households. So a report or a round's target sums, once counted, is also written to
//! `kept_figures` (migration 0032) with the generations of what it read, and a later
//! connection gives it while those generations are still the store's.
//!
//! The generations (`figures_generation`) are moved by triggers in the same transaction as
//! any write of a table the reports read: by round for the records and their summaries, and
//! one for everything every round's figures read. Every writer moves them, whichever process
//! or version of the app. A table the reports never read is listed in [`UNWATCHED`] with why;
//! the store's tests fail on a table that is neither watched nor listed, and on a table named
//! by the counting code that is not watched.
//!
//! A figure is also keyed by the build of the code that counted it ([`counted_by`]): a
//! figure counted by another version of the counting code is never given.
//!
//! Keeping waits for no other writer: while another process holds the write lock (the CLI,
//! a sync), the figure is simply not kept, rather than the dashboard waiting for the lock.
//! A moved store (`read_only`) keeps nothing: it stays as it was.
//!
//! Keeping is an optimisation and never a reason to fail a report: a store that cannot be
//! written (opened read-only, busy) or a kept body that no longer reads as a figure is
//! counted as if nothing were kept.

use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::report_memo::{ContentStamp, Reads, Touched};

/// Tables no report, target sum or earlier round's classes read, so writing them moves no
/// generation: a save writes several of them, and moving the generation every round's
/// figures read would make each save forget the earlier rounds' figures.
pub const UNWATCHED: &[(&str, &str)] = &[
    ("action_log", "the log of actions, never counted"),
    ("action_log_received", "the log of actions, never counted"),
    ("action_log_sent", "the log of actions, never counted"),
    (
        "answers",
        "keyed by the hash of its content: a report reaches answers only through a record's \
         answers_hash, which is in the watched record_summary",
    ),
    (
        "answers_digest",
        "derived from the answers of the same hash, filled by the target sums themselves",
    ),
    ("audit_log", "who did what, never counted"),
    ("figures_generation", "the generations themselves"),
    ("form_scratch", "the typing buffer, never counted"),
    (
        "household",
        "the household's own row: reports read its records' rows, which are watched",
    ),
    (
        "household_list",
        "the household list's rows, derived from records",
    ),
    (
        "household_list_row",
        "the household list's rows, derived from records",
    ),
    (
        "journal",
        "the history of changes; the records it changed are watched",
    ),
    ("kept_figures", "the kept figures themselves"),
    (
        "list_import",
        "imports of household lists; the records they make are watched",
    ),
    (
        "list_round",
        "imports of household lists; the records they make are watched",
    ),
    (
        "opening_review",
        "the opening review's decisions; the records they make are watched",
    ),
    ("person", "the people who sign in"),
    (
        "record_conflict",
        "conflicts to resolve; a resolution writes the watched records",
    ),
    (
        "store_meta",
        "the store's own settings (compatibility, caches of the overview)",
    ),
    ("sync_ack", "the exchange's bookkeeping"),
    ("sync_batch", "the exchange's bookkeeping"),
    ("sync_entry_signature", "the exchange's bookkeeping"),
    ("sync_history", "the exchange's bookkeeping"),
    ("sync_identity", "the exchange's bookkeeping"),
    ("sync_outbox", "the exchange's bookkeeping"),
    ("sync_own_certificate", "the exchange's bookkeeping"),
    ("sync_peer", "the exchange's bookkeeping"),
    ("sync_revocation", "the exchange's bookkeeping"),
    ("sync_upload", "the exchange's bookkeeping"),
    ("sync_upload_chunk", "the exchange's bookkeeping"),
    ("sync_withheld", "the exchange's bookkeeping"),
];

/// Tables whose generation is their rows' round's; every other watched table moves the one
/// every round's figures read.
pub const BY_ROUND: &[&str] = &["record_summary", "survey_record"];

/// How many figures the file keeps: a dashboard's rounds and drill-downs, not every unit ever
/// looked at.
const MOST_KEPT: i64 = 64;

/// The build of the code that counts the kept figures: a hash of the store's sources and
/// migrations, the domain's sources and the shipped assets (`build.rs`). A figure counted by
/// another build is another key, never given.
pub fn counted_by() -> &'static str {
    env!("RASOAT_COUNTED_BY")
}

/// The generations of what `reads` read, as written beside a figure: `None` when they cannot
/// be read (the figure is then neither given nor kept).
pub(crate) fn generations(conn: &Connection, reads: &Reads) -> Option<String> {
    let all = (|| -> rusqlite::Result<BTreeMap<String, i64>> {
        let mut stmt = conn.prepare_cached("SELECT round_id, n FROM figures_generation")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect()
    })()
    .ok()?;
    let at = |round: &str| all.get(round).copied().unwrap_or(0);
    let mut text = format!("*={}", at(""));
    if reads.earlier_rounds() {
        // Every round: the figures read earlier rounds, and a round written later is one too.
        for (round, n) in all.iter().filter(|(round, _)| !round.is_empty()) {
            text.push_str(&format!(";{round}={n}"));
        }
        text.push_str(";all");
    } else {
        let mut rounds: Vec<&String> = reads.round_ids().iter().collect();
        rounds.sort();
        rounds.dedup();
        for round in rounds {
            text.push_str(&format!(";{round}={}", at(round)));
        }
    }
    Some(text)
}

/// The body kept under `key` if it was counted at `generations`.
fn find(conn: &Connection, key: &str, generations: &str) -> Option<Vec<u8>> {
    conn.prepare_cached("SELECT body FROM kept_figures WHERE key = ?1 AND generations = ?2")
        .and_then(|mut stmt| {
            stmt.query_row(params![key, generations], |r| r.get(0))
                .optional()
        })
        .ok()
        .flatten()
}

/// Keeps a body counted at `generations`, letting go of the oldest beyond the few kept.
/// Whether it was written: a store that cannot be written keeps nothing.
fn keep(conn: &Connection, key: &str, generations: &str, body: &[u8]) -> bool {
    // Busy means another writer: skip rather than wait for it (the store's usual wait is
    // restored after).
    if conn.busy_timeout(std::time::Duration::ZERO).is_err() {
        return false;
    }
    let written = (|| -> rusqlite::Result<()> {
        let tx = conn.unchecked_transaction()?;
        tx.execute(
            "INSERT OR REPLACE INTO kept_figures (key, generations, kept_seq, body)
             VALUES (?1, ?2, (SELECT COALESCE(MAX(kept_seq), 0) + 1 FROM kept_figures), ?3)",
            params![key, generations, body],
        )?;
        tx.execute(
            "DELETE FROM kept_figures
             WHERE kept_seq <= (SELECT MAX(kept_seq) FROM kept_figures) - ?1",
            [MOST_KEPT],
        )?;
        tx.commit()
    })();
    let restored = conn.busy_timeout(crate::BUSY_WAIT).is_ok();
    written.is_ok() && restored
}

impl crate::Store {
    /// The generations of what `reads` reads now, and the figure kept in the file for `key`
    /// at them, if any (JSON). The generations are given back to [`Store::keep_figure`] after
    /// a count: a figure is kept at the generations read before it was counted.
    pub(crate) fn kept_figure<T: DeserializeOwned>(
        &self,
        kind: &str,
        key: &str,
        reads: &Reads,
    ) -> (Option<String>, Option<T>) {
        let (at, body) = self.kept_figure_bytes(kind, key, reads);
        (at, body.and_then(|b| serde_json::from_slice(&b).ok()))
    }

    /// Whether a figure is kept in the file for `key` at the generations of what it reads
    /// now, without reading its body.
    pub(crate) fn figure_kept(&self, kind: &str, key: &str, reads: &Reads) -> bool {
        let Some(at) = generations(&self.conn, reads) else {
            return false;
        };
        self.conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM kept_figures WHERE key = ?1 AND generations = ?2)",
            )
            .and_then(|mut stmt| stmt.query_row(params![file_key(kind, key), at], |r| r.get(0)))
            .unwrap_or(false)
    }

    /// As [`Store::kept_figure`], the body as it was kept.
    pub(crate) fn kept_figure_bytes(
        &self,
        kind: &str,
        key: &str,
        reads: &Reads,
    ) -> (Option<String>, Option<Vec<u8>>) {
        let Some(at) = generations(&self.conn, reads) else {
            return (None, None);
        };
        let found = find(&self.conn, &file_key(kind, key), &at);
        (Some(at), found)
    }

    /// Keeps in the file a figure the memo kept (so nothing was written while it was counted,
    /// `now` being the stamp after the count), if what it read is still at `at`. The memo
    /// follows the write: it changes nothing any figure reads.
    pub(crate) fn keep_figure<T: Serialize>(
        &self,
        kind: &str,
        key: &str,
        reads: &Reads,
        at: Option<String>,
        now: Option<ContentStamp>,
        figure: &T,
    ) {
        if let Ok(body) = serde_json::to_vec(figure) {
            let _ = self.keep_figure_bytes(kind, key, reads, at, now, &body);
        }
    }

    /// As [`Store::keep_figure`], a body already written out; whether it was kept.
    pub(crate) fn keep_figure_bytes(
        &self,
        kind: &str,
        key: &str,
        reads: &Reads,
        at: Option<String>,
        now: Option<ContentStamp>,
        body: &[u8],
    ) -> bool {
        let (Some(at), Some(now)) = (at, now) else {
            return false;
        };
        // A moved store stays exactly as it was (`read_only`).
        if self.check_not_moved().is_err() {
            return false;
        }
        if generations(&self.conn, reads).as_deref() != Some(at.as_str()) {
            return false;
        }
        if !keep(&self.conn, &file_key(kind, key), &at, body) {
            return false;
        }
        if let Ok(after) = ContentStamp::of(&self.conn) {
            self.reports
                .wrote(Some(now), after, Touched::NothingCounted);
        }
        true
    }
}

fn file_key(kind: &str, key: &str) -> String {
    format!("{kind}|{}|{key}", counted_by())
}
