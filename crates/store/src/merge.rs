//! Entries from other installations applied to this store's tables: another installation's
//! round maps onto the local round of the same review, and a survey record is rebuilt from
//! every entry that touched it, so the result does not depend on the order entries arrived in.
//!
//! Conflicts are kept, never lost. The entries of one record form a graph (each names the
//! content hash it started from); the *heads* are the entries nothing later builds on. One head
//! is the normal case. Two heads with different content are two edits of the same record made
//! from the same parent on different installations: both stay in the journal, the record shows
//! a provisional winner picked by a rule every installation applies alike (`merge/winner.rs`:
//! the head whose latest decision of the commune or an office above went further, then the
//! head whose own review went further, then the one with the longest chain of parents, then
//! the greater content hash and entry id; never `recorded_at`, which the sender chose), and
//! the record is listed in `record_conflict` until a person resolves it. An enumerator's
//! resolution never sets aside the commune's decisions. The resolution is a journal entry
//! (operation `resolve`, naming the heads it settles) that travels like any other.
//!
//! A head that only carries a listing (no answers yet) yields to a surveyed head: two
//! installations importing the same household list must not make every household a conflict.

use std::collections::{BTreeMap, BTreeSet};

use rasoat_domain::workflow::ReviewState;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::{Result, StoreError};
use crate::households::{
    record_key, refresh_summary, upsert_household, upsert_record, write_summary, SavedRecord,
    Snapshot,
};
use crate::journal::{self, Change, Entity, JournalEntry};
use crate::rounds::RoundKind;
use crate::{Store, UnixMillis};

mod winner;
use winner::{heads, may_set_aside_head, Makers};

/// What applying a set of entries did to the tables.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Survey records that did not exist here before.
    pub new_records: usize,
    /// Survey records whose content changed.
    pub updated_records: usize,
    /// Records touched by these entries that are in conflict afterwards.
    pub conflicts: Vec<(String, String)>,
    /// Survey entries among these kept as history only: delivered after a transfer took their
    /// household away from the commune they name (`late_edits`), stored and never applied.
    pub kept_as_history: usize,
}

/// One competing edit of a record in conflict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConflictHead {
    pub entry_id: String,
    pub origin: String,
    pub seq: i64,
    pub recorded_at: UnixMillis,
    pub actor: String,
    pub content_hash: String,
    pub status: ReviewState,
    /// The class the edit carries, if classified.
    pub class: Option<String>,
}

/// A survey record edited from the same parent on different installations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    pub household_id: String,
    /// The local round.
    pub round_id: String,
    /// The household code (never the head's name: conflicts are printed and logged).
    pub code: String,
    /// The competing edits, the provisional winner first.
    pub heads: Vec<ConflictHead>,
}

/// The journal payload of a survey change, as read back.
#[derive(Debug, Deserialize)]
struct SurveyPayloadIn {
    record: Snapshot,
    /// Entry ids a resolution settles.
    #[serde(default)]
    resolves: Vec<String>,
}

#[derive(Debug, Serialize)]
struct ResolvePayload<'a> {
    record: &'a Snapshot,
    resolves: &'a [String],
}

/// One entry of a record, parsed.
#[derive(Debug)]
struct Edit {
    id: String,
    origin: String,
    seq: i64,
    parent_hash: Option<String>,
    content_hash: String,
    recorded_at: UnixMillis,
    actor: String,
    resolves: Vec<String>,
    snapshot: Snapshot,
}

impl Store {
    /// Records in conflict, oldest household id first.
    pub fn conflicts(&self) -> Result<Vec<Conflict>> {
        list_conflicts(&self.conn)
    }

    /// Settles a conflict by keeping the edit `keep_entry_id` (one of the heads). Writes a
    /// `resolve` entry in this installation's journal, which travels to the others.
    pub fn resolve_conflict(
        &mut self,
        household_id: &str,
        round_id: &str,
        keep_entry_id: &str,
        actor: &str,
        at: UnixMillis,
    ) -> Result<SavedRecord> {
        let installation = self.installation()?;
        let tx = self.conn.transaction()?;
        let heads: Option<String> = tx
            .query_row(
                "SELECT heads FROM record_conflict WHERE household_id = ?1 AND round_id = ?2",
                params![household_id, round_id],
                |r| r.get(0),
            )
            .optional()?;
        let Some(heads) = heads else {
            return Err(StoreError::NoConflict {
                household_id: household_id.to_string(),
            });
        };
        let heads: Vec<String> = serde_json::from_str(&heads)?;
        if !heads.iter().any(|h| h == keep_entry_id) {
            return Err(StoreError::NotAConflictingEdit {
                entry_id: keep_entry_id.to_string(),
            });
        }
        let transfers = transfers_here(&tx, household_id)?;
        let edits = record_edits(&tx, household_id, round_id, &transfers)?;
        let kept = edits
            .iter()
            .find(|e| e.id == keep_entry_id)
            .ok_or_else(|| StoreError::NotAConflictingEdit {
                entry_id: keep_entry_id.to_string(),
            })?;
        // The receivers would leave the conflict listed after a resolution setting aside a head
        // this installation may not set aside (`winner::set_aside`): say so here instead.
        let makers = Makers::new(&tx);
        for head in edits
            .iter()
            .filter(|e| heads.contains(&e.id) && e.id != kept.id)
        {
            if !may_set_aside_head(installation.role, head, &kept.snapshot, &makers)? {
                return Err(StoreError::SetAsideNotAllowed {
                    state: head.snapshot.status,
                });
            }
        }
        let mut snapshot = kept.snapshot.clone();
        snapshot.round_id = round_id.to_string();
        let content = serde_json::to_string(&snapshot)?;
        let hash = journal::content_hash(content.as_bytes());
        let payload = serde_json::to_string(&ResolvePayload {
            record: &snapshot,
            resolves: &heads,
        })?;
        let seq = journal::append(
            &tx,
            &installation.id,
            at,
            &Change {
                entity: Entity::Survey,
                entity_id: &record_key(household_id, round_id),
                operation: "resolve",
                parent_hash: Some(&kept.content_hash),
                content_hash: &hash,
                actor,
                reason: "giải quyết xung đột / conflict resolved",
                payload: &payload,
            },
        )?;
        let listed_at = crate::household_list::key_of(&tx, household_id)?;
        rebuild_record(&tx, household_id, round_id, &BTreeMap::new(), &transfers)?;
        crate::household_list::moved(&tx, household_id, listed_at.as_ref())?;
        crate::household_list::write(&tx, household_id, round_id)?;
        tx.commit()?;
        Ok(SavedRecord {
            household_id: household_id.to_string(),
            round_id: round_id.to_string(),
            seq,
            content_hash: hash,
            status: snapshot.status,
        })
    }
}

/// Stores an entry from another installation as given. `false` when it was already here;
/// refuses the same (origin, seq) with different content.
pub(crate) fn import_entry(tx: &Transaction<'_>, entry: &JournalEntry) -> Result<bool> {
    journal::import_entry(tx, entry)
}

/// The journal entry with this id, if held.
pub(crate) fn entry_by_id(conn: &Connection, id: &str) -> Result<Option<JournalEntry>> {
    let entries = conn
        .prepare_cached(&format!(
            "SELECT {} FROM journal WHERE id = ?1",
            journal::ENTRY_COLUMNS
        ))?
        .query_row([id], journal::entry_from_row)
        .optional()?;
    Ok(entries)
}

/// The household.v1 answers stored under `hash`, as JSON text.
pub(crate) fn answers_json(conn: &Connection, hash: &str) -> Result<Option<String>> {
    crate::answers::read(conn, hash)
}

/// Stores answers received with a batch. The hash is checked here too: the answers table is
/// content-addressed, and a wrong row would poison every record naming it.
pub(crate) fn store_answers(tx: &Transaction<'_>, hash: &str, json: &str) -> Result<()> {
    if journal::content_hash(json.as_bytes()) != hash {
        return Err(StoreError::AnswersHashMismatch {
            hash: hash.to_string(),
        });
    }
    crate::answers::store(tx, hash, json)?;
    Ok(())
}

/// The answers hash a survey entry's payload names, if any (what a batch must carry with it).
pub fn answers_hash_of(entry: &JournalEntry) -> Result<Option<String>> {
    if entry.entity != Entity::Survey.as_str() {
        return Ok(None);
    }
    let payload: SurveyPayloadIn = serde_json::from_str(&entry.payload)?;
    Ok(payload.record.answers_hash)
}

/// Applies entries that were just stored by `import_entry` to the tables: rounds first (a
/// record names its round), then every survey record they touch is rebuilt from all its
/// entries. Installation and round-state entries of other installations stay in the journal
/// only: each installation decides its own rounds' state. `arrived` are the answers that came
/// with the entries (by hash), already stored: used as they are instead of read back.
pub(crate) fn apply_entries(
    tx: &Transaction<'_>,
    entries: &[JournalEntry],
    arrived: &BTreeMap<&str, &str>,
) -> Result<MergeReport> {
    for entry in entries.iter().filter(|e| e.entity == "round") {
        if entry.operation == "create" {
            apply_round(tx, entry)?;
        }
    }
    // The office's readings for a round, after the round they name is known here.
    for entry in entries
        .iter()
        .filter(|e| e.entity == "round" && e.operation == crate::round_settings::SETTINGS_OPERATION)
    {
        crate::round_settings::apply_entry(tx, entry)?;
    }
    // An office's standards file, before the records it may classify.
    for entry in entries.iter().filter(|e| {
        e.entity == crate::journal::Entity::Standards.as_str()
            && e.operation == crate::standards::LOAD_OPERATION
    }) {
        crate::standards::apply_entry(tx, entry)?;
    }
    // A revocation travels as its office's entry; every receiver keeps what it says.
    for entry in entries
        .iter()
        .filter(|e| e.entity == "installation" && e.operation == "revoke")
    {
        let revocation: crate::exchange::Revocation = serde_json::from_str(&entry.payload)?;
        crate::exchange::keep_revocation(tx, &revocation, &entry.origin)?;
    }
    // A commune's villages: each takes the state of its latest entry.
    crate::village_entries::apply_village_entries(tx, entries)?;
    // The opening list's steps of a transition round, after the rounds they name.
    crate::opening_review::apply_entries(tx, entries)?;
    let mut touched: BTreeSet<(String, String)> = BTreeSet::new();
    // A batch names a handful of rounds for thousands of entries: look each up once.
    let mut rounds: BTreeMap<&str, Option<String>> = BTreeMap::new();
    for entry in entries.iter().filter(|e| e.entity == "survey") {
        let (household_id, round_id) = split_key(&entry.entity_id)?;
        let local = match rounds.get(round_id) {
            Some(local) => local.clone(),
            None => {
                let local = local_round(tx, round_id)?;
                rounds.insert(round_id, local.clone());
                local
            }
        };
        let local = local.ok_or_else(|| StoreError::MissingRound {
            round_id: round_id.to_string(),
            origin: entry.origin.clone(),
            seq: entry.seq,
        })?;
        touched.insert((household_id.to_string(), local));
    }
    // A transfer arriving decides which of the household's edits are history only: each of
    // its records is rebuilt, so every receiver ends with the same records whichever arrived
    // first (the old commune's own late edits included).
    for entry in entries
        .iter()
        .filter(|e| e.entity == "household" && e.operation == "transfer")
    {
        let rounds: Vec<String> = tx
            .prepare_cached("SELECT round_id FROM survey_record WHERE household_id = ?1")?
            .query_map([entry.entity_id.as_str()], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for round_id in rounds {
            touched.insert((entry.entity_id.clone(), round_id));
        }
    }
    // Most households were never transferred: their transfers are looked up only when the
    // journal holds one, not once per record of a large import.
    let moved_ever: BTreeSet<String> = tx
        .prepare_cached(
            "SELECT DISTINCT entity_id FROM journal
             WHERE entity = 'household' AND operation = 'transfer'",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    // Where each touched household sits in the list before these entries move it (a new
    // head name, a transfer): its rows are moved once all of them are applied.
    let mut listed_at: BTreeMap<String, Option<crate::household_list::ListKey>> = BTreeMap::new();
    for (household_id, _) in &touched {
        if !listed_at.contains_key(household_id) {
            let key = crate::household_list::key_of(tx, household_id)?;
            listed_at.insert(household_id.clone(), key);
        }
    }
    let mut report = MergeReport::default();
    for (household_id, round_id) in &touched {
        let transfers = if moved_ever.contains(household_id) {
            transfers_here(tx, household_id)?
        } else {
            Vec::new()
        };
        let (rebuilt, in_conflict) =
            rebuild_record(tx, household_id, round_id, arrived, &transfers)?;
        match rebuilt {
            Rebuilt::New => report.new_records += 1,
            Rebuilt::Updated => report.updated_records += 1,
            Rebuilt::Unchanged => {}
        }
        if in_conflict {
            report
                .conflicts
                .push((household_id.clone(), round_id.clone()));
        }
    }
    report.kept_as_history = crate::late_edits::count_kept(tx, entries, &moved_ever)?;
    // A transfer moves the household, and a record rebuilt from an entry made before it must
    // not move it back: every household these entries touch goes where its last transfer put it.
    let moved: BTreeSet<&str> = entries
        .iter()
        .filter(|e| e.entity == "household" && e.operation == "transfer")
        .map(|e| e.entity_id.as_str())
        .chain(
            touched
                .iter()
                .map(|(household_id, _)| household_id.as_str()),
        )
        .collect();
    for household_id in moved {
        crate::transfers::settle(tx, household_id)?;
    }
    let touched: Vec<(String, String)> = touched.into_iter().collect();
    crate::round_settings::follow_touched(tx, &touched)?;
    // The list's rows of every record these entries touched, rebuilt or not: an entry that
    // lost to another still changes who filled the record last.
    for (household_id, before) in &listed_at {
        crate::household_list::moved(tx, household_id, before.as_ref())?;
    }
    for (household_id, round_id) in &touched {
        crate::household_list::write(tx, household_id, round_id)?;
    }
    Ok(report)
}

fn split_key(entity_id: &str) -> Result<(&str, &str)> {
    entity_id
        .split_once('/')
        .ok_or_else(|| StoreError::MalformedEntityId {
            entity_id: entity_id.to_string(),
        })
}

/// A round journal entry as any version wrote it: `method` arrived with migration 0006.
#[derive(Deserialize)]
struct RoundEntry {
    id: String,
    year: i32,
    kind: RoundKind,
    month: u8,
    standard_id: String,
    #[serde(default)]
    method: Option<rasoat_domain::classify::Method>,
    opened_at: UnixMillis,
}

/// Maps another installation's round onto the local round of the same year, kind and month,
/// or creates it when this installation has none.
fn apply_round(tx: &Transaction<'_>, entry: &JournalEntry) -> Result<()> {
    let round: RoundEntry = serde_json::from_str(&entry.payload)?;
    // Entries written before rounds recorded their method mean their standard's default.
    let method = round
        .method
        .unwrap_or_else(|| crate::rounds::standard_default_method(&round.standard_id));
    if local_round(tx, &round.id)?.is_some() {
        return Ok(());
    }
    let same: Option<String> = tx
        .prepare_cached("SELECT id FROM round WHERE year = ?1 AND kind = ?2 AND month = ?3")?
        .query_row(params![round.year, round.kind.as_str(), round.month], |r| {
            r.get(0)
        })
        .optional()?;
    match same {
        Some(local) => {
            tx.prepare_cached("INSERT INTO round_alias (foreign_id, local_id) VALUES (?1, ?2)")?
                .execute(params![round.id, local])?;
        }
        None => {
            tx.prepare_cached(
                "INSERT INTO round (id, year, kind, month, standard_id, state, opened_at, method)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'open', ?6, ?7)",
            )?
            .execute(params![
                round.id,
                round.year,
                round.kind.as_str(),
                round.month,
                round.standard_id,
                round.opened_at,
                method.as_str()
            ])?;
        }
    }
    Ok(())
}

/// The local rounds of `entries` when every one is a survey record's (`None` otherwise, or
/// when a round is not known here).
pub(crate) fn survey_rounds(
    conn: &Connection,
    entries: &[JournalEntry],
) -> Result<Option<Vec<String>>> {
    let mut foreign: BTreeSet<&str> = BTreeSet::new();
    for entry in entries {
        if entry.entity != crate::journal::Entity::Survey.as_str() {
            return Ok(None);
        }
        foreign.insert(split_key(&entry.entity_id)?.1);
    }
    let mut local = Vec::with_capacity(foreign.len());
    for round_id in foreign {
        match local_round(conn, round_id)? {
            Some(id) => local.push(id),
            None => return Ok(None),
        }
    }
    Ok(Some(local))
}

/// The local round a round id stands for here.
pub(crate) fn local_round(conn: &Connection, round_id: &str) -> Result<Option<String>> {
    let own: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM round WHERE id = ?1)")?
        .query_row([round_id], |r| r.get(0))?;
    if own {
        return Ok(Some(round_id.to_string()));
    }
    Ok(conn
        .prepare_cached("SELECT local_id FROM round_alias WHERE foreign_id = ?1")?
        .query_row([round_id], |r| r.get(0))
        .optional()?)
}

/// The household's transfers held here, in the store's order.
fn transfers_here(
    conn: &Connection,
    household_id: &str,
) -> Result<Vec<crate::transfers::Transfer>> {
    Ok(crate::transfers::transfers_of(conn, household_id)?
        .into_iter()
        .map(|t| t.transfer)
        .collect())
}

/// Every survey entry of a household that belongs to `round_id` here and makes its record:
/// an edit its old commune's side made but delivered after one of `transfers` (the
/// household's) took it away stays in the journal as history and is left out.
fn record_edits(
    tx: &Connection,
    household_id: &str,
    round_id: &str,
    transfers: &[crate::transfers::Transfer],
) -> Result<Vec<Edit>> {
    // Range on the indexed entity id: "<household>/" up to "<household>0" ('0' follows '/').
    let low = format!("{household_id}/");
    let high = format!("{household_id}0");
    let mut stmt = tx.prepare_cached(
        "SELECT id, origin, seq, entity_id, parent_hash, content_hash, recorded_at, actor, payload
         FROM journal WHERE entity = 'survey' AND entity_id >= ?1 AND entity_id < ?2
         ORDER BY origin, seq",
    )?;
    let rows = stmt.query_map(params![low, high], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, i64>(6)?,
            r.get::<_, String>(7)?,
            r.get::<_, String>(8)?,
        ))
    })?;
    let mut rounds: BTreeMap<String, Option<String>> = BTreeMap::new();
    let mut edits = Vec::new();
    for row in rows {
        let (id, origin, seq, entity_id, parent_hash, content_hash, recorded_at, actor, payload) =
            row?;
        let (_, entry_round) = split_key(&entity_id)?;
        let local = match rounds.get(entry_round) {
            Some(local) => local.clone(),
            None => {
                let local = local_round(tx, entry_round)?;
                rounds.insert(entry_round.to_string(), local.clone());
                local
            }
        };
        if local.as_deref() != Some(round_id) {
            continue;
        }
        let parsed: SurveyPayloadIn = serde_json::from_str(&payload)?;
        if !transfers.is_empty()
            && crate::late_edits::kept_as_history(
                transfers,
                &origin,
                seq,
                &parsed.record.commune_code,
            )
        {
            continue;
        }
        edits.push(Edit {
            id,
            origin,
            seq,
            parent_hash,
            content_hash,
            recorded_at,
            actor,
            resolves: parsed.resolves,
            snapshot: parsed.record,
        });
    }
    Ok(edits)
}

enum Rebuilt {
    New,
    Updated,
    Unchanged,
}

/// Recomputes one record from all its entries and writes the winner to the tables; says
/// whether the record is in conflict afterwards.
fn rebuild_record(
    tx: &Transaction<'_>,
    household_id: &str,
    round_id: &str,
    arrived: &BTreeMap<&str, &str>,
    transfers: &[crate::transfers::Transfer],
) -> Result<(Rebuilt, bool)> {
    let edits = record_edits(tx, household_id, round_id, transfers)?;
    let heads = heads(&edits, &Makers::new(tx))?;
    let Some(winner) = heads.first() else {
        let in_conflict: bool = tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM record_conflict
                                WHERE household_id = ?1 AND round_id = ?2)",
            )?
            .query_row(params![household_id, round_id], |r| r.get(0))?;
        return Ok((Rebuilt::Unchanged, in_conflict));
    };
    let distinct: BTreeSet<&str> = heads.iter().map(|e| e.content_hash.as_str()).collect();
    let in_conflict = distinct.len() > 1;
    if in_conflict {
        let ids: Vec<&str> = heads.iter().map(|e| e.id.as_str()).collect();
        tx.prepare_cached(
            "INSERT INTO record_conflict (household_id, round_id, heads) VALUES (?1, ?2, ?3)
             ON CONFLICT (household_id, round_id) DO UPDATE SET heads = excluded.heads",
        )?
        .execute(params![
            household_id,
            round_id,
            serde_json::to_string(&ids)?
        ])?;
    } else {
        tx.prepare_cached("DELETE FROM record_conflict WHERE household_id = ?1 AND round_id = ?2")?
            .execute(params![household_id, round_id])?;
    }
    let current: Option<String> = tx
        .prepare_cached(
            "SELECT content_hash FROM survey_record WHERE household_id = ?1 AND round_id = ?2",
        )?
        .query_row(params![household_id, round_id], |r| r.get(0))
        .optional()?;
    if current.as_deref() == Some(winner.content_hash.as_str()) {
        return Ok((Rebuilt::Unchanged, in_conflict));
    }
    let created_at = edits
        .iter()
        .map(|e| e.recorded_at)
        .min()
        .unwrap_or(winner.recorded_at);
    write_tables(
        tx,
        &winner.snapshot,
        round_id,
        &winner.content_hash,
        created_at,
        winner.recorded_at,
        arrived,
    )?;
    let rebuilt = if current.is_some() {
        Rebuilt::Updated
    } else {
        Rebuilt::New
    };
    Ok((rebuilt, in_conflict))
}

/// Writes a snapshot to the household, survey_record and summary tables, as `write_record`
/// does for local changes, without journalling (the entry is already in the journal).
fn write_tables(
    tx: &Transaction<'_>,
    snapshot: &Snapshot,
    round_id: &str,
    content_hash: &str,
    created_at: UnixMillis,
    at: UnixMillis,
    arrived: &BTreeMap<&str, &str>,
) -> Result<()> {
    upsert_household(tx, snapshot, created_at, at)?;
    // Read once: checked present before the record is written, then read for its members.
    let answers = match &snapshot.answers_hash {
        Some(hash) => Some(match arrived.get(hash.as_str()) {
            Some(json) => std::borrow::Cow::Borrowed(*json),
            None => std::borrow::Cow::Owned(
                answers_json(tx, hash)?
                    .ok_or_else(|| StoreError::AnswersMissing { hash: hash.clone() })?,
            ),
        }),
        None => None,
    };
    upsert_record(tx, snapshot, round_id, content_hash, at)?;
    let Some(json) = answers else {
        return refresh_summary(tx, &snapshot.household_id, round_id);
    };
    let household = read_answers(&json)?;
    write_summary(tx, snapshot, round_id, &household)?;
    Ok(())
}

/// Reads stored household.v1 answers for their members. The same typed parse as
/// `rasoat_domain::from_json` (unknown fields refused, the format tag checked) in one pass:
/// the answers were hash-checked on arrival, and `from_json`'s first pass only exists to word
/// its errors for a person editing a file, while it doubled the cost of a large import.
pub(crate) fn read_answers(json: &str) -> Result<rasoat_domain::Household> {
    // Position only: serde's message may quote a value, and values here are personal data.
    let household: rasoat_domain::Household =
        serde_json::from_str(json).map_err(|e| StoreError::AnswersAt {
            line: e.line(),
            column: e.column(),
        })?;
    if household.format != rasoat_domain::HOUSEHOLD_V1 {
        return Err(StoreError::StoredWord {
            what: "answers.format",
            word: household.format,
        });
    }
    Ok(household)
}

/// Records in conflict with their competing edits.
pub(crate) fn list_conflicts(conn: &Connection) -> Result<Vec<Conflict>> {
    let mut stmt = conn.prepare(
        "SELECT c.household_id, c.round_id, c.heads, COALESCE(h.code, '')
         FROM record_conflict c LEFT JOIN household h ON h.id = c.household_id
         ORDER BY c.household_id, c.round_id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (household_id, round_id, heads, code) = row?;
        let ids: Vec<String> = serde_json::from_str(&heads)?;
        let transfers = transfers_here(conn, &household_id)?;
        let edits = record_edits(conn, &household_id, &round_id, &transfers)?;
        let heads = ids
            .iter()
            .filter_map(|id| edits.iter().find(|e| &e.id == id))
            .map(|e| ConflictHead {
                entry_id: e.id.clone(),
                origin: e.origin.clone(),
                seq: e.seq,
                recorded_at: e.recorded_at,
                actor: e.actor.clone(),
                content_hash: e.content_hash.clone(),
                status: e.snapshot.status,
                class: e.snapshot.result.as_ref().map(|r| r.class.clone()),
            })
            .collect();
        out.push(Conflict {
            household_id,
            round_id,
            code,
            heads,
        });
    }
    Ok(out)
}
