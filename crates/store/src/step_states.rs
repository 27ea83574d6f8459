//! The review state of a survey record's content this store holds, by the record and its
//! content hash: where an incoming entry that builds on that content starts its step from, so a
//! receiver judges a step by what it holds rather than by what the entry says it built on; and,
//! for a pull page, where the content each of its entries builds on is held, so the page can
//! carry it.

use std::collections::BTreeSet;

use rasoat_domain::workflow::ReviewState;
use rusqlite::{params, OptionalExtension};
use serde::Deserialize;

use crate::error::Result;
use crate::Store;

#[derive(Deserialize)]
struct StatePayload {
    record: StateRecord,
}

#[derive(Deserialize)]
struct StateRecord {
    status: ReviewState,
    #[serde(default)]
    answers_hash: Option<String>,
    #[serde(flatten)]
    rest: serde_json::Map<String, serde_json::Value>,
}

/// What a step is judged from: the state of the content it builds on, the answers it held, and
/// the rest of the record but its household and round (the class, the head's name, the review's
/// words), which an office may not change under some states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldContent {
    pub status: ReviewState,
    pub answers_hash: Option<String>,
    pub rest: serde_json::Map<String, serde_json::Value>,
}

/// A survey entry of a journal range (its seq and record, `entity_id`) that builds on content
/// (`parent_hash`), and one entry of the same household holding that content: its origin and
/// seq.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParentHeldAt {
    pub child_seq: i64,
    pub entity_id: String,
    pub parent_hash: String,
    pub origin: String,
    pub seq: i64,
}

/// The review a round stands for, whichever installation's copy of it: its year, kind and
/// month. Two entries are about one record when they name one household and rounds of one review.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RoundReview {
    pub year: i32,
    pub kind: String,
    pub month: u8,
}

/// A record's content but its household and round.
fn held_content(parsed: StatePayload) -> HeldContent {
    let mut rest = parsed.record.rest;
    rest.remove("household_id");
    rest.remove("round_id");
    HeldContent {
        status: parsed.record.status,
        answers_hash: parsed.record.answers_hash,
        rest,
    }
}

impl Store {
    /// Every entry of household `household_id`'s survey records, in any round, whose content
    /// hashes to `content_hash`: the round id its entry names and what it holds. Usually none
    /// or one; the caller keeps those of the record it judges.
    pub fn survey_contents_held(
        &self,
        household_id: &str,
        content_hash: &str,
    ) -> Result<Vec<(String, HeldContent)>> {
        // Range on the indexed entity id, as `merge.rs` reads a record's entries: "<household>/"
        // up to "<household>0" ('0' follows '/').
        let low = format!("{household_id}/");
        let high = format!("{household_id}0");
        let mut stmt = self.conn.prepare_cached(
            "SELECT entity_id, payload FROM journal
             WHERE entity = 'survey' AND entity_id >= ?1 AND entity_id < ?2
               AND content_hash = ?3",
        )?;
        let rows = stmt.query_map(params![low, high, content_hash], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        let mut held = Vec::new();
        for row in rows {
            let (entity_id, payload) = row?;
            let round = entity_id
                .split_once('/')
                .map(|(_, round)| round.to_string())
                .unwrap_or_default();
            held.push((round, held_content(serde_json::from_str(&payload)?)));
        }
        Ok(held)
    }

    /// The review round `round_id` stands for here (its own round, or the local round another
    /// installation's copy was joined to); `None` when this store does not know the round.
    pub fn round_review(&self, round_id: &str) -> Result<Option<RoundReview>> {
        let Some(local) = crate::merge::local_round(&self.conn, round_id)? else {
            return Ok(None);
        };
        Ok(self
            .conn
            .prepare_cached("SELECT year, kind, month FROM round WHERE id = ?1")?
            .query_row([local], |r| {
                Ok(RoundReview {
                    year: r.get(0)?,
                    kind: r.get(1)?,
                    month: r.get(2)?,
                })
            })
            .optional()?)
    }

    /// For each survey entry of `origin` with `after < seq <= last` that builds on content
    /// (`parent_hash`), every other entry of the same household holding that content.
    pub fn parents_of_between(
        &self,
        origin: &str,
        after: i64,
        last: i64,
    ) -> Result<Vec<ParentHeldAt>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.seq, c.entity_id, c.parent_hash, p.origin, p.seq
             FROM journal c
             JOIN journal p ON p.entity = 'survey'
                 AND p.entity_id >= substr(c.entity_id, 1, instr(c.entity_id, '/'))
                 AND p.entity_id < substr(c.entity_id, 1, instr(c.entity_id, '/') - 1) || '0'
                 AND p.content_hash = c.parent_hash AND p.id <> c.id
             WHERE c.origin = ?1 AND c.seq > ?2 AND c.seq <= ?3 AND c.entity = 'survey'
               AND c.parent_hash IS NOT NULL
             ORDER BY c.seq, p.origin, p.seq",
        )?;
        let rows = stmt.query_map(params![origin, after, last], |r| {
            Ok(ParentHeldAt {
                child_seq: r.get(0)?,
                entity_id: r.get(1)?,
                parent_hash: r.get(2)?,
                origin: r.get(3)?,
                seq: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether this store holds any survey entry of household `household_id`: when not, none of
    /// its contents is looked up one by one.
    pub fn holds_survey_of(&self, household_id: &str) -> Result<bool> {
        let low = format!("{household_id}/");
        let high = format!("{household_id}0");
        Ok(self
            .conn
            .prepare_cached(
                "SELECT EXISTS(SELECT 1 FROM journal
                 WHERE entity = 'survey' AND entity_id >= ?1 AND entity_id < ?2)",
            )?
            .query_row(params![low, high], |r| r.get(0))?)
    }

    /// The seqs of `origin` with `from <= seq <= to` this store holds.
    pub fn held_seqs_between(&self, origin: &str, from: i64, to: i64) -> Result<BTreeSet<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq FROM journal WHERE origin = ?1 AND seq >= ?2 AND seq <= ?3",
        )?;
        let rows = stmt.query_map(params![origin, from, to], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether any entry this store holds carries content hashing to `content_hash`: read only
    /// when an entry is refused, to tell content that has not arrived from another record's.
    pub fn holds_content(&self, content_hash: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT EXISTS(SELECT 1 FROM journal WHERE content_hash = ?1)")?
            .query_row([content_hash], |r| r.get(0))?)
    }

    /// Each round the survey entries of `origin` with `after < seq <= last` name, with the
    /// first seq naming it.
    pub fn rounds_first_named_between(
        &self,
        origin: &str,
        after: i64,
        last: i64,
    ) -> Result<Vec<(String, i64)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT substr(entity_id, instr(entity_id, '/') + 1), MIN(seq) FROM journal
             WHERE origin = ?1 AND seq > ?2 AND seq <= ?3 AND entity = 'survey'
             GROUP BY 1",
        )?;
        let rows = stmt.query_map(params![origin, after, last], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
