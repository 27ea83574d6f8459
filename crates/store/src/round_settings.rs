//! The readings each round classifies by (`classify::Settings`), stored with the round and
//! journalled as a round entry (operation `settings`) so they travel down with it; and the
//! reclassification they imply. A record's class is derived data: when the round's settings
//! change, here or by an entry from the office, every record of the round not yet recognised is
//! classified again from its answers, in the same transaction, without a journal entry of its
//! own (every installation derives the same class from the same answers and settings).

use rasoat_domain::authorisation::{Cadence, Office};
use rasoat_domain::classify::{classify, Settings};
use rasoat_domain::round_settings::{may_set_round_settings, recognised};
use rasoat_domain::workflow::ReviewState;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::{Result, StoreError};
use crate::journal::{self, Change, Entity, JournalEntry};
use crate::rounds::{load_round, Round, RoundKind};
use crate::{Store, SurveyResult, UnixMillis};

/// The operation of a round entry that sets its settings.
pub const SETTINGS_OPERATION: &str = "settings";

/// The payload of a settings entry: the round as the office knows it (a receiver maps it onto
/// its own round of the same review, as for the round's creation) and the whole settings.
#[derive(Debug, Serialize, Deserialize)]
struct SettingsEntry {
    id: String,
    year: i32,
    kind: RoundKind,
    month: u8,
    /// With the keys a newer app set that this one does not know, kept as they came.
    #[serde(with = "rasoat_domain::round_settings::travelling")]
    settings: Settings,
}

/// The settings stored for a round, if any were set.
pub(crate) fn stored(conn: &Connection, round_id: &str) -> Result<Option<Settings>> {
    let text: Option<String> = conn
        .prepare_cached("SELECT settings FROM round_settings WHERE round_id = ?1")?
        .query_row([round_id], |r| r.get(0))
        .optional()?;
    text.map(|t| {
        serde_json::from_str(&t)
            .and_then(|json| rasoat_domain::round_settings::from_json(&json))
            .map_err(|source| StoreError::Corrupt {
                what: "round_settings.settings",
                source,
            })
    })
    .transpose()
}

/// Keeps `settings` for the round unless the settings it holds come from a later entry (by
/// `recorded_at`, then entry id), so the outcome does not depend on arrival order. Returns
/// whether the stored settings changed.
fn keep(
    tx: &Transaction<'_>,
    round_id: &str,
    settings: &Settings,
    entry_id: &str,
    recorded_at: UnixMillis,
) -> Result<bool> {
    let held: Option<(String, UnixMillis, String)> = tx
        .prepare_cached(
            "SELECT entry_id, recorded_at, settings FROM round_settings WHERE round_id = ?1",
        )?
        .query_row([round_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let text = serde_json::to_string(&rasoat_domain::round_settings::to_json(settings))?;
    if let Some((held_id, held_at, held_text)) = &held {
        if (*held_at, held_id.as_str()) >= (recorded_at, entry_id) {
            return Ok(false);
        }
        if *held_text == text {
            tx.prepare_cached(
                "UPDATE round_settings SET entry_id = ?2, recorded_at = ?3 WHERE round_id = ?1",
            )?
            .execute(params![round_id, entry_id, recorded_at])?;
            return Ok(false);
        }
    }
    tx.prepare_cached(
        "INSERT INTO round_settings (round_id, settings, entry_id, recorded_at)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (round_id) DO UPDATE SET settings = excluded.settings,
             entry_id = excluded.entry_id, recorded_at = excluded.recorded_at",
    )?
    .execute(params![round_id, text, entry_id, recorded_at])?;
    Ok(held.is_none_or(|(_, _, held_text)| held_text != text))
}

fn cadence(kind: RoundKind) -> Cadence {
    match kind {
        RoundKind::Periodic => Cadence::Periodic,
        RoundKind::Regular => Cadence::Regular,
    }
}

/// How many records of the round have been recognised (or reported) already.
fn recognised_records(conn: &Connection, round_id: &str) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT count(*) FROM survey_record WHERE round_id = ?1 AND status IN (?2, ?3)",
        )?
        .query_row(
            params![
                round_id,
                ReviewState::Recognised.as_str(),
                ReviewState::Reported.as_str()
            ],
            |r| r.get(0),
        )?)
}

/// Classifies again the records of `round` (all of them, or the households in `only`) whose
/// answers are held and that are not recognised yet, by the round's standard and method and
/// `settings`. A record the standard cannot classify (no region, …) is left without a class, as
/// a save would leave it. A round whose standard this build does not know is left as it is.
pub(crate) fn reclassify(
    tx: &Connection,
    round: &Round,
    settings: &Settings,
    only: Option<&[String]>,
) -> Result<usize> {
    let standards = crate::standards::of_installation(tx)?;
    let Some(standard) = standards.by_id(&round.standard_id) else {
        return Ok(0);
    };
    let records: Vec<(String, String, String)> = match only {
        None => tx
            .prepare_cached(
                "SELECT household_id, answers_hash, status FROM survey_record
                 WHERE round_id = ?1 AND answers_hash IS NOT NULL",
            )?
            .query_map([&round.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?,
        Some(households) => {
            let mut stmt = tx.prepare_cached(
                "SELECT household_id, answers_hash, status FROM survey_record
                 WHERE round_id = ?1 AND household_id = ?2 AND answers_hash IS NOT NULL",
            )?;
            let mut out = Vec::new();
            for id in households {
                if let Some(row) = stmt
                    .query_row(params![round.id, id], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                    })
                    .optional()?
                {
                    out.push(row);
                }
            }
            out
        }
    };
    let mut n = 0;
    for (household_id, hash, status) in records {
        let state = ReviewState::parse(&status).ok_or_else(|| StoreError::StoredWord {
            what: "survey_record.status",
            word: status.clone(),
        })?;
        if recognised(state) {
            continue;
        }
        let Some(json) = crate::answers::read(tx, &hash)? else {
            continue;
        };
        let household = rasoat_domain::from_json(&json)
            .map_err(|source| StoreError::StoredAnswers { source })?;
        let result = classify(&household, standard, round.method, settings)
            .ok()
            .map(|c| SurveyResult::from_classification(&c));
        result_columns(tx, &round.id, &household_id, result.as_ref())?;
        crate::household_list::write(tx, &household_id, &round.id)?;
        n += 1;
    }
    Ok(n)
}

/// The local round a settings entry names: the round itself, the round it was mapped onto, or
/// this installation's round of the same review.
fn local_round_of(tx: &Transaction<'_>, incoming: &SettingsEntry) -> Result<Option<String>> {
    if let Some(local) = crate::merge::local_round(tx, &incoming.id)? {
        return Ok(Some(local));
    }
    Ok(tx
        .prepare_cached("SELECT id FROM round WHERE year = ?1 AND kind = ?2 AND month = ?3")?
        .query_row(
            params![incoming.year, incoming.kind.as_str(), incoming.month],
            |r| r.get(0),
        )
        .optional()?)
}

/// Writes a record's classification (its Phiếu A verdict stays as decided at the save) and the
/// class its summary row lists.
fn result_columns(
    tx: &Connection,
    round_id: &str,
    household_id: &str,
    result: Option<&SurveyResult>,
) -> Result<()> {
    let deprived = result
        .map(|r| serde_json::to_string(&r.deprived))
        .transpose()?;
    tx.prepare_cached(
        "UPDATE survey_record SET standard_id = ?3, method = ?4, class = ?5, score_a = ?6,
             score_b = ?7, deprived = ?8
         WHERE household_id = ?1 AND round_id = ?2",
    )?
    .execute(params![
        household_id,
        round_id,
        result.map(|r| &r.standard_id),
        result.map(|r| &r.method),
        result.map(|r| &r.class),
        result.and_then(|r| r.score_a),
        result.and_then(|r| r.score_b),
        deprived,
    ])?;
    tx.prepare_cached(
        "UPDATE record_summary SET class = ?3, deprived = ?4
         WHERE household_id = ?1 AND round_id = ?2",
    )?
    .execute(params![
        household_id,
        round_id,
        result.map(|r| &r.class),
        deprived
    ])?;
    Ok(())
}

/// Applies a settings entry of another installation: keeps its settings for the local round of
/// the same review (when this installation holds that round) and, when they changed,
/// reclassifies the round. Returns the local round whose settings changed.
pub(crate) fn apply_entry(tx: &Transaction<'_>, entry: &JournalEntry) -> Result<Option<String>> {
    let incoming: SettingsEntry = serde_json::from_str(&entry.payload)?;
    let Some(local) = local_round_of(tx, &incoming)? else {
        return Ok(None);
    };
    if !keep(tx, &local, &incoming.settings, &entry.id, entry.recorded_at)? {
        return Ok(None);
    }
    let round = load_round(tx, &local)?;
    reclassify(tx, &round, &incoming.settings, None)?;
    Ok(Some(local))
}

/// Reclassifies the households of `touched` (household, local round) whose round has stored
/// settings: what another installation classified arrives with its classifier's readings.
pub(crate) fn follow_touched(tx: &Transaction<'_>, touched: &[(String, String)]) -> Result<()> {
    let mut by_round: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
    for (household, round) in touched {
        by_round
            .entry(round.as_str())
            .or_default()
            .push(household.clone());
    }
    for (round_id, households) in by_round {
        let Some(settings) = stored(tx, round_id)? else {
            continue;
        };
        let round = load_round(tx, round_id)?;
        reclassify(tx, &round, &settings, Some(&households))?;
    }
    Ok(())
}

impl Store {
    /// The readings the round classifies by: those its office set, or the defaults.
    pub fn round_settings(&self, round_id: &str) -> Result<Settings> {
        load_round(&self.conn, round_id)?;
        Ok(stored(&self.conn, round_id)?.unwrap_or_default())
    }

    /// Sets the round's readings, journalled so they travel down with the round, and classifies
    /// the round's households again. Refused to an installation that may not open such a round
    /// (`round_settings::may_set_round_settings`), for a locked round, and once any household
    /// of the round has been recognised. Returns how many records were classified again.
    pub fn set_round_settings(
        &mut self,
        round_id: &str,
        settings: &Settings,
        actor: &str,
        at: UnixMillis,
    ) -> Result<usize> {
        self.check_not_moved()?;
        let installation = self.installation()?;
        let tx = self.conn.transaction()?;
        let round = load_round(&tx, round_id)?;
        let office = Office::parse(installation.role.as_str());
        let allowed =
            office.is_some_and(|o| may_set_round_settings(o, cadence(round.kind)).is_ok());
        if !allowed {
            return Err(StoreError::RoundSettingsNotTheOffice {
                what: round.label(),
                office: installation.role.as_str().to_string(),
            });
        }
        round.check_not_locked()?;
        let recognised = recognised_records(&tx, round_id)?;
        if recognised > 0 {
            return Err(StoreError::RoundSettingsRecognised {
                what: round.label(),
                recognised,
            });
        }
        let payload = serde_json::to_string(&SettingsEntry {
            id: round.id.clone(),
            year: round.year,
            kind: round.kind,
            month: round.month,
            settings: settings.clone(),
        })?;
        let hash = journal::content_hash(payload.as_bytes());
        let seq = journal::append(
            &tx,
            &installation.id,
            at,
            &Change {
                entity: Entity::Round,
                entity_id: &round.id,
                operation: SETTINGS_OPERATION,
                parent_hash: None,
                content_hash: &hash,
                actor,
                reason: "đổi thiết lập của kỳ rà soát / round settings changed",
                payload: &payload,
            },
        )?;
        let entry_id: String = tx.query_row(
            "SELECT id FROM journal WHERE origin = ?1 AND seq = ?2",
            params![installation.id, seq],
            |r| r.get(0),
        )?;
        keep(&tx, round_id, settings, &entry_id, at)?;
        let n = reclassify(&tx, &round, settings, None)?;
        tx.commit()?;
        Ok(n)
    }
}
