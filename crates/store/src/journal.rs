//! The journal: every change to the store is one entry, written in the same transaction as the
//! change (a transactional outbox), so there is never data without its entry or the reverse.
//!
//! An entry is what batches and sync will carry: its id (UUIDv7), its origin installation and
//! that origin's contiguous `seq`, the entity it changes, the content hash of the entity before
//! (`parent_hash`, for conflict detection: two installations editing the same household from the
//! same parent) and after, who did it and why, and a payload that re-creates the change on
//! another installation. Entries from other origins are stored as given (`import_entry`) and
//! importing one twice changes nothing.

use std::collections::BTreeMap;

use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Result, StoreError};
use crate::{new_id, UnixMillis};

/// What kind of thing an entry changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    Installation,
    Round,
    Household,
    /// A household's survey record in one round (answers, result, review state).
    Survey,
    /// One village of a commune's list, its whole state (`village_entries.rs`).
    Village,
    /// A standards file an office loaded (`standards.rs`).
    Standards,
    /// A household's steps on a transition round's opening list (`opening_review.rs`).
    OpeningReview,
}

impl Entity {
    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Installation => "installation",
            Entity::Round => "round",
            Entity::Household => "household",
            Entity::Survey => "survey",
            Entity::Village => "village",
            Entity::Standards => "standards",
            Entity::OpeningReview => "opening_review",
        }
    }
}

/// One stored journal entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntry {
    pub id: String,
    pub origin: String,
    pub seq: i64,
    pub entity: String,
    pub entity_id: String,
    pub operation: String,
    pub parent_hash: Option<String>,
    pub content_hash: String,
    pub recorded_at: UnixMillis,
    pub actor: String,
    pub reason: String,
    pub payload: String,
}

/// A change about to be journalled by this installation.
#[derive(Debug)]
pub(crate) struct Change<'a> {
    pub entity: Entity,
    pub entity_id: &'a str,
    pub operation: &'a str,
    pub parent_hash: Option<&'a str>,
    pub content_hash: &'a str,
    pub actor: &'a str,
    pub reason: &'a str,
    pub payload: &'a str,
}

/// SHA-256 of `bytes` as lower-case hex: the content hash of an entity state.
pub fn content_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for byte in digest.iter() {
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    out
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// The seq the next entry of `origin` gets.
pub(crate) fn next_seq(tx: &Transaction<'_>, origin: &str) -> Result<i64> {
    Ok(tx
        .prepare_cached("SELECT COALESCE(MAX(seq), 0) + 1 FROM journal WHERE origin = ?1")?
        .query_row([origin], |r| r.get(0))?)
}

/// Appends a local change under the next seq of `origin`. Must run in the transaction that
/// makes the change.
pub(crate) fn append(
    tx: &Transaction<'_>,
    origin: &str,
    at: UnixMillis,
    change: &Change<'_>,
) -> Result<i64> {
    crate::moving::refuse_if_moved(tx)?;
    let seq = next_seq(tx, origin)?;
    tx.prepare_cached(
        "INSERT INTO journal (id, origin, seq, entity, entity_id, operation, parent_hash,
                              content_hash, recorded_at, actor, reason, payload)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        new_id(at).to_string(),
        origin,
        seq,
        change.entity.as_str(),
        change.entity_id,
        change.operation,
        change.parent_hash,
        change.content_hash,
        at,
        change.actor,
        change.reason,
        change.payload,
    ])?;
    Ok(seq)
}

/// Stores an entry from another installation as given. Returns `false` when it was already
/// present (idempotent re-delivery); refuses the same (origin, seq) with different content.
pub(crate) fn import_entry(tx: &Transaction<'_>, entry: &JournalEntry) -> Result<bool> {
    // Cached statements: a batch imports thousands of entries in one transaction.
    let existing: Option<String> = tx
        .prepare_cached("SELECT content_hash FROM journal WHERE origin = ?1 AND seq = ?2")?
        .query_row(params![entry.origin, entry.seq], |r| r.get(0))
        .optional()?;
    if let Some(hash) = existing {
        if hash == entry.content_hash {
            return Ok(false);
        }
        return Err(StoreError::JournalMismatch {
            origin: entry.origin.clone(),
            seq: entry.seq,
        });
    }
    tx.prepare_cached(
        "INSERT INTO journal (id, origin, seq, entity, entity_id, operation, parent_hash,
                              content_hash, recorded_at, actor, reason, payload)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        entry.id,
        entry.origin,
        entry.seq,
        entry.entity,
        entry.entity_id,
        entry.operation,
        entry.parent_hash,
        entry.content_hash,
        entry.recorded_at,
        entry.actor,
        entry.reason,
        entry.payload,
    ])?;
    Ok(true)
}

/// A journal row, selected as `ENTRY_COLUMNS`, as an entry: the one reader of journal rows.
pub(crate) fn entry_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<JournalEntry> {
    Ok(JournalEntry {
        id: r.get(0)?,
        origin: r.get(1)?,
        seq: r.get(2)?,
        entity: r.get(3)?,
        entity_id: r.get(4)?,
        operation: r.get(5)?,
        parent_hash: r.get(6)?,
        content_hash: r.get(7)?,
        recorded_at: r.get(8)?,
        actor: r.get(9)?,
        reason: r.get(10)?,
        payload: r.get(11)?,
    })
}

pub(crate) const ENTRY_COLUMNS: &str =
    "id, origin, seq, entity, entity_id, operation, parent_hash, \
                             content_hash, recorded_at, actor, reason, payload";

impl crate::Store {
    /// Entries of `origin` with seq above `after_seq`, in seq order: what a batch carries.
    pub fn journal_since(&self, origin: &str, after_seq: i64) -> Result<Vec<JournalEntry>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {ENTRY_COLUMNS} FROM journal WHERE origin = ?1 AND seq > ?2 ORDER BY seq"
        ))?;
        let rows = stmt.query_map(params![origin, after_seq], entry_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Entries of `origin` with seq above `after_seq` up to `up_to_seq`, in seq order: one
    /// page of a batch, read without loading the entries past it.
    pub fn journal_between(
        &self,
        origin: &str,
        after_seq: i64,
        up_to_seq: i64,
    ) -> Result<Vec<JournalEntry>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ENTRY_COLUMNS} FROM journal WHERE origin = ?1 AND seq > ?2 AND seq <= ?3
             ORDER BY seq"
        ))?;
        let rows = stmt.query_map(params![origin, after_seq, up_to_seq], entry_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The history of one entity, oldest first (e.g. every review step of a survey record).
    pub fn journal_of(&self, entity: Entity, entity_id: &str) -> Result<Vec<JournalEntry>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {ENTRY_COLUMNS} FROM journal WHERE entity = ?1 AND entity_id = ?2
             ORDER BY recorded_at, origin, seq"
        ))?;
        let rows = stmt.query_map(params![entity.as_str(), entity_id], entry_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Status vector: for each origin, the highest seq held with no gap below it. This is what
    /// a receipt acknowledges and what the next batch starts from.
    pub fn status_vector(&self) -> Result<BTreeMap<String, i64>> {
        // Seqs withheld from this installation (entries it may not read) count as held: they
        // will never come, and must not stop the vector at a gap.
        let withheld = self.withheld_ranges()?;
        let extend = |origin: &str, held: &mut i64| {
            let Some(ranges) = withheld.get(origin) else {
                return;
            };
            // Ranges are sorted by their first seq; one pass may open the next.
            let mut moved = true;
            while moved {
                moved = false;
                for (first, last) in ranges {
                    if *first <= *held + 1 && *last > *held {
                        *held = *last;
                        moved = true;
                    }
                }
            }
        };
        let mut stmt = self
            .conn
            .prepare("SELECT origin, seq FROM journal ORDER BY origin, seq")?;
        let mut rows = stmt.query([])?;
        let mut out: BTreeMap<String, i64> = BTreeMap::new();
        let mut gap_seen: BTreeMap<String, bool> = BTreeMap::new();
        while let Some(row) = rows.next()? {
            let origin: String = row.get(0)?;
            let seq: i64 = row.get(1)?;
            let gap = gap_seen.entry(origin.clone()).or_insert(false);
            let held = out.entry(origin.clone()).or_insert(0);
            if *gap {
                continue;
            }
            if seq > *held + 1 {
                extend(&origin, held);
            }
            if seq == *held + 1 {
                *held = seq;
            } else if seq > *held {
                *gap = true;
            }
        }
        for origin in withheld.keys() {
            if gap_seen.get(origin).copied().unwrap_or(false) {
                continue;
            }
            let mut held = out.get(origin).copied().unwrap_or(0);
            extend(origin, &mut held);
            if held > 0 {
                out.insert(origin.clone(), held);
            }
        }
        Ok(out)
    }

    /// Per origin, the seq ranges withheld from this installation, sorted.
    pub fn withheld_ranges(&self) -> Result<BTreeMap<String, Vec<(i64, i64)>>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT origin, first, last FROM sync_withheld ORDER BY origin, first",
        )?;
        let mut out: BTreeMap<String, Vec<(i64, i64)>> = BTreeMap::new();
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?)))?;
        for row in rows {
            let (origin, first, last) = row?;
            out.entry(origin).or_default().push((first, last));
        }
        Ok(out)
    }

    /// Stores entries received from other installations, all or none. Returns how many were
    /// new. Applying them to the tables is the sync crate's work; this keeps them so that they
    /// can be relayed unchanged.
    pub fn import_journal(&mut self, entries: &[JournalEntry]) -> Result<usize> {
        let tx = self.conn.transaction()?;
        let mut n_new = 0;
        for entry in entries {
            if import_entry(&tx, entry)? {
                n_new += 1;
                // A record's entry changes who filled it last, which its list row shows.
                if entry.entity == "survey" {
                    if let Some((household_id, round_id)) = entry.entity_id.split_once('/') {
                        crate::household_list::write(&tx, household_id, round_id)?;
                    }
                }
            }
        }
        tx.commit()?;
        Ok(n_new)
    }
}
