//! The opening list's review track of a transition round (`rasoat_domain::opening_review`): a
//! record's village meeting, recognition and report on the list that opens the status year,
//! kept in `opening_review` (migration 0026) beside the closing list's steps on the record,
//! never changing them. Each step is journalled as its own entity (`opening_review`), whose
//! payload names the household's place as a survey entry does, so batches carry it to the
//! office and judge it by the same rule; an older installation keeps such entries in its journal
//! without reading them, so the batch format is unchanged.
//!
//! The steps are about the answers the village met on: when the form's answers change (a
//! closing meeting below half sends it back, and it is completed again) the opening track
//! reads as not met, and the village meets on the new answers.

use rasoat_domain::opening_review::{next_opening_state, opening_standard, OpeningState};
use rasoat_domain::standard::Standards;
use rasoat_domain::workflow::ReviewAction;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::{Result, StoreError};
use crate::households::{read_snapshot, record_key, Stamp};
use crate::installation::Installation;
use crate::journal::{self, Change, Entity, JournalEntry};
use crate::rounds::{load_round, Round, RoundKind};
use crate::village_steps::chosen_once;
use crate::{Store, UnixMillis};

/// A record's steps on the opening list, as the store holds them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpeningReview {
    /// The opening standard (`nd351-2025`), when the round has an opening list.
    pub standard_id: Option<String>,
    /// `NotMet` when no step was taken on the record's current answers.
    #[serde(serialize_with = "state_word")]
    pub status: OpeningState,
    pub meeting_attendees: Option<u32>,
    pub meeting_agreeing: Option<u32>,
    pub decision_number: Option<String>,
    pub decided_on: Option<String>,
}

fn state_word<S: serde::Serializer>(
    state: &OpeningState,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(state.as_str())
}

/// What an opening step returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedOpening {
    pub household_id: String,
    pub round_id: String,
    /// The journal seq of the step.
    pub seq: i64,
    pub status: OpeningState,
}

/// The journal payload of an opening step: the step and the whole track after it, with the
/// household's place (`household_id`, `code`, `commune_code`) where a survey entry has it.
#[derive(Debug, Serialize, Deserialize)]
struct OpeningEntry {
    action: ReviewAction,
    record: OpeningRecord,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct OpeningRecord {
    household_id: String,
    code: String,
    commune_code: String,
    round_id: String,
    standard_id: String,
    status: String,
    answers_hash: String,
    meeting_attendees: Option<u32>,
    meeting_agreeing: Option<u32>,
    decision_number: Option<String>,
    decided_on: Option<String>,
}

/// The row as stored.
struct Row {
    standard_id: String,
    status: OpeningState,
    answers_hash: String,
    meeting_attendees: Option<u32>,
    meeting_agreeing: Option<u32>,
    decision_number: Option<String>,
    decided_on: Option<String>,
    content_hash: String,
}

fn read_row(conn: &Connection, household_id: &str, round_id: &str) -> Result<Option<Row>> {
    let raw = conn
        .prepare_cached(
            "SELECT standard_id, status, answers_hash, meeting_attendees, meeting_agreeing,
                    decision_number, decided_on, content_hash
             FROM opening_review WHERE household_id = ?1 AND round_id = ?2",
        )?
        .query_row(params![household_id, round_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get::<_, String>(7)?,
            ))
        })
        .optional()?;
    let Some((standard_id, status, answers_hash, attendees, agreeing, number, on, hash)) = raw
    else {
        return Ok(None);
    };
    let status = OpeningState::parse(&status).ok_or_else(|| StoreError::StoredWord {
        what: "opening_review.status",
        word: status.clone(),
    })?;
    Ok(Some(Row {
        standard_id,
        status,
        answers_hash,
        meeting_attendees: attendees,
        meeting_agreeing: agreeing,
        decision_number: number,
        decided_on: on,
        content_hash: hash,
    }))
}

fn write_row(
    tx: &Transaction<'_>,
    record: &OpeningRecord,
    round_id: &str,
    content_hash: &str,
    at: UnixMillis,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO opening_review (household_id, round_id, standard_id, status, answers_hash,
             meeting_attendees, meeting_agreeing, decision_number, decided_on, content_hash,
             recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (household_id, round_id) DO UPDATE SET
             standard_id = excluded.standard_id, status = excluded.status,
             answers_hash = excluded.answers_hash,
             meeting_attendees = excluded.meeting_attendees,
             meeting_agreeing = excluded.meeting_agreeing,
             decision_number = excluded.decision_number, decided_on = excluded.decided_on,
             content_hash = excluded.content_hash, recorded_at = excluded.recorded_at",
    )?
    .execute(params![
        record.household_id,
        round_id,
        record.standard_id,
        record.status,
        record.answers_hash,
        record.meeting_attendees,
        record.meeting_agreeing,
        record.decision_number,
        record.decided_on,
        content_hash,
        at,
    ])?;
    Ok(())
}

/// The opening standard of `round` as this installation holds the standards.
fn round_opening<'a>(
    standards: &'a Standards,
    round: &Round,
) -> Option<&'a rasoat_domain::standard::Standard> {
    opening_standard(
        standards,
        round.year,
        round.kind == RoundKind::Periodic,
        &round.standard_id,
    )
}

/// The track of a record: its row when the row is about the record's current answers.
fn current(
    conn: &Connection,
    household_id: &str,
    round_id: &str,
    answers_hash: Option<&str>,
) -> Result<(Option<Row>, OpeningState)> {
    let row = read_row(conn, household_id, round_id)?;
    let state = match &row {
        Some(r) if Some(r.answers_hash.as_str()) == answers_hash => r.status,
        _ => OpeningState::NotMet,
    };
    Ok((row, state))
}

/// One opening step inside the caller's transaction: checked by the domain, written and
/// journalled. Nothing is written when it is refused.
pub(crate) fn review_opening_in(
    tx: &Transaction<'_>,
    installation: &Installation,
    standards: &Standards,
    household_id: &str,
    round_id: &str,
    action: &ReviewAction,
    stamp: Stamp<'_>,
) -> Result<SavedOpening> {
    let step = check_step(tx, installation, standards, household_id, round_id, action)?;
    let next = step.next;
    // A new meeting starts the track again; a later step keeps what the earlier ones recorded.
    let kept = step
        .row
        .filter(|_| !matches!(step.from, OpeningState::NotMet | OpeningState::Returned));
    let mut out = OpeningRecord {
        household_id: household_id.to_string(),
        code: step.code,
        commune_code: step.commune_code,
        round_id: round_id.to_string(),
        standard_id: step.standard_id,
        status: next.as_str().to_string(),
        answers_hash: step.answers_hash,
        meeting_attendees: kept.as_ref().and_then(|r| r.meeting_attendees),
        meeting_agreeing: kept.as_ref().and_then(|r| r.meeting_agreeing),
        decision_number: kept.as_ref().and_then(|r| r.decision_number.clone()),
        decided_on: kept.as_ref().and_then(|r| r.decided_on.clone()),
    };
    match action {
        ReviewAction::Meeting {
            attendees,
            agreeing,
        } => {
            out.meeting_attendees = Some(*attendees);
            out.meeting_agreeing = Some(*agreeing);
        }
        ReviewAction::Recognise {
            decision_number,
            decided_on,
        } => {
            out.decision_number = Some(decision_number.clone());
            out.decided_on = Some(decided_on.to_string());
        }
        _ => {}
    }
    let parent = read_row(tx, household_id, round_id)?.map(|r| r.content_hash);
    let payload = serde_json::to_string(&OpeningEntry {
        action: action.clone(),
        record: out.clone(),
    })?;
    let hash = journal::content_hash(payload.as_bytes());
    write_row(tx, &out, round_id, &hash, stamp.at)?;
    let seq = journal::append(
        tx,
        stamp.origin,
        stamp.at,
        &Change {
            entity: Entity::OpeningReview,
            entity_id: &record_key(household_id, round_id),
            operation: action.as_str(),
            parent_hash: parent.as_deref(),
            content_hash: &hash,
            actor: stamp.actor,
            reason: stamp.reason,
            payload: &payload,
        },
    )?;
    Ok(SavedOpening {
        household_id: household_id.to_string(),
        round_id: round_id.to_string(),
        seq,
        status: next,
    })
}

/// A step the domain allowed, with what writing it needs.
struct Step {
    code: String,
    commune_code: String,
    standard_id: String,
    answers_hash: String,
    from: OpeningState,
    next: OpeningState,
    row: Option<Row>,
}

/// Whether the step may be taken, and the state it leads to; reads only.
fn check_step(
    conn: &Connection,
    installation: &Installation,
    standards: &Standards,
    household_id: &str,
    round_id: &str,
    action: &ReviewAction,
) -> Result<Step> {
    let round = load_round(conn, round_id)?;
    round.check_not_locked()?;
    let (snapshot, _) =
        read_snapshot(conn, household_id, round_id)?.ok_or_else(|| StoreError::RecordNotFound {
            id: household_id.to_string(),
        })?;
    let (row, from) = current(
        conn,
        household_id,
        round_id,
        snapshot.answers_hash.as_deref(),
    )?;
    let opening = round_opening(standards, &round);
    let next = next_opening_state(
        from,
        snapshot.status,
        action,
        installation.role,
        round.year,
        opening,
    )?;
    let answers_hash = snapshot.answers_hash.ok_or(StoreError::NoAnswersYet)?;
    Ok(Step {
        code: snapshot.code,
        commune_code: snapshot.commune_code,
        standard_id: opening.map(|s| s.id.clone()).unwrap_or_default(),
        answers_hash,
        from,
        next,
        row,
    })
}

/// Keeps the opening steps other installations took: each record's track takes the state of
/// its latest entry (by time, then origin and seq, so every receiver ends alike whatever order
/// the entries came in), under this installation's id of the round.
pub(crate) fn apply_entries(tx: &Transaction<'_>, entries: &[JournalEntry]) -> Result<()> {
    let mut ids: Vec<&str> = entries
        .iter()
        .filter(|e| e.entity == Entity::OpeningReview.as_str())
        .map(|e| e.entity_id.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        let latest: Option<(String, String, UnixMillis, String, i64)> = tx
            .prepare_cached(
                "SELECT payload, content_hash, recorded_at, origin, seq FROM journal
                 WHERE entity = 'opening_review' AND entity_id = ?1
                 ORDER BY recorded_at DESC, origin DESC, seq DESC LIMIT 1",
            )?
            .query_row(params![id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .optional()?;
        let Some((payload, hash, at, origin, seq)) = latest else {
            continue;
        };
        let entry: OpeningEntry = serde_json::from_str(&payload)?;
        if OpeningState::parse(&entry.record.status).is_none() {
            return Err(StoreError::StoredWord {
                what: "opening_review.status",
                word: entry.record.status,
            });
        }
        let Some(local) = crate::merge::local_round(tx, &entry.record.round_id)? else {
            return Err(StoreError::MissingRound {
                round_id: entry.record.round_id,
                origin,
                seq,
            });
        };
        write_row(tx, &entry.record, &local, &hash, at)?;
    }
    Ok(())
}

impl Store {
    /// Takes one step on a record's opening list (a transition round's list of its status
    /// year): the village meeting, the chairman's recognition or the report. Refused, with
    /// nothing written, outside a transition round, while the opening standard names no
    /// official method, before the commune accepted the form, to any role but the commune's,
    /// for impossible counts or an empty decision number. Never changes the record itself.
    pub fn review_opening(
        &mut self,
        household_id: &str,
        round_id: &str,
        action: &ReviewAction,
        actor: &str,
        reason: &str,
        at: UnixMillis,
    ) -> Result<SavedOpening> {
        self.review_opening_several(
            &[household_id.to_string()],
            round_id,
            action,
            actor,
            reason,
            at,
        )
        .map(|mut saved| saved.remove(0))
    }

    /// Takes an opening step for each chosen household, all in one transaction, each
    /// journalled; every household is checked first, so a refusal of any leaves the store as
    /// it was. The same household chosen twice is stepped once.
    pub fn review_opening_several(
        &mut self,
        household_ids: &[String],
        round_id: &str,
        action: &ReviewAction,
        actor: &str,
        reason: &str,
        at: UnixMillis,
    ) -> Result<Vec<SavedOpening>> {
        let ids = chosen_once(household_ids)?;
        self.check_not_moved()?;
        let installation = self.installation()?;
        let standards = crate::standards::of_installation(&self.conn)?;
        for id in &ids {
            self.check_not_moved_away(id)?;
            check_step(&self.conn, &installation, &standards, id, round_id, action)?;
        }
        let tx = self.conn.transaction()?;
        let saved = ids
            .iter()
            .map(|id| {
                review_opening_in(
                    &tx,
                    &installation,
                    &standards,
                    id,
                    round_id,
                    action,
                    Stamp {
                        origin: &installation.id,
                        actor,
                        reason,
                        at,
                    },
                )
            })
            .collect::<Result<Vec<_>>>()?;
        tx.commit()?;
        Ok(saved)
    }

    /// A record's steps on its round's opening list; `standard_id` is `None` when the round
    /// has none (not a transition round).
    pub fn opening_review(&self, household_id: &str, round_id: &str) -> Result<OpeningReview> {
        let round = self.round(round_id)?;
        let standards = self.standards()?;
        let opening = round_opening(&standards, &round).map(|s| s.id.clone());
        let (snapshot, _) =
            read_snapshot(&self.conn, household_id, round_id)?.ok_or_else(|| {
                StoreError::RecordNotFound {
                    id: household_id.to_string(),
                }
            })?;
        let (row, status) = current(
            &self.conn,
            household_id,
            round_id,
            snapshot.answers_hash.as_deref(),
        )?;
        let row = row.filter(|_| status != OpeningState::NotMet);
        Ok(OpeningReview {
            standard_id: opening.or_else(|| row.as_ref().map(|r| r.standard_id.clone())),
            status,
            meeting_attendees: row.as_ref().and_then(|r| r.meeting_attendees),
            meeting_agreeing: row.as_ref().and_then(|r| r.meeting_agreeing),
            decision_number: row.as_ref().and_then(|r| r.decision_number.clone()),
            decided_on: row.as_ref().and_then(|r| r.decided_on.clone()),
        })
    }
}
