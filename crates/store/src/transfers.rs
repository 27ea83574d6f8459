//! A household moved from one commune to another by an explicit transfer: one journal entry
//! (entity `household`, operation `transfer`) naming the household, both communes, the round
//! and the reason, and one survey entry (operation `transfer`) naming the new commune per
//! record of the household in the round the transfer is made in and in later ones, so the new
//! commune receives the household's records and every later edit builds on them; records of
//! earlier rounds stay the commune's that reviewed them. Who may transfer is the authorisation
//! rule's (`rasoat-batch` checks it before calling here); this module keeps the entries and
//! what they change.

use std::collections::BTreeMap;

use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::{Result, StoreError};
use crate::households::{read_snapshot, write_record, Stamp};
use crate::journal::{self, Change, Entity};
use crate::{Store, UnixMillis};

/// What a transfer entry says (its payload, hashed as it is written).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transfer {
    pub household_id: String,
    /// The household's code, for messages and the history (never its head's name).
    pub code: String,
    /// The commune the household was on record at.
    pub from: String,
    /// The commune it moves to.
    pub to: String,
    /// The round open when the transfer was made.
    pub round_id: String,
    /// Per origin, the highest seq of the household's survey entries the transferring office
    /// held: those entries are the household's history at `from`, applied wherever they
    /// arrive after the transfer; any later entry naming `from` is kept as history only
    /// (`late_edits`).
    pub held: BTreeMap<String, i64>,
}

/// A transfer as a store holds it: what it says and who made it, when and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTransfer {
    pub transfer: Transfer,
    pub origin: String,
    pub seq: i64,
    pub recorded_at: UnixMillis,
    pub actor: String,
    pub reason: String,
}

impl Store {
    /// Households with this code, with the commune each is on record at.
    pub fn households_with_code(&self, code: &str) -> Result<Vec<(String, String)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, commune_code FROM household WHERE code = ?1 ORDER BY id")?;
        let rows = stmt.query_map([code], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A household's code and the commune it is on record at, if it is held here.
    pub fn household_place(&self, household_id: &str) -> Result<Option<(String, String)>> {
        Ok(self
            .conn
            .prepare_cached("SELECT code, commune_code FROM household WHERE id = ?1")?
            .query_row([household_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// Whether `code` is a commune of the reference units (in any version).
    pub fn is_commune(&self, code: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM admin_unit WHERE code = ?1 AND level = 'commune')",
            )?
            .query_row([code], |r| r.get(0))?)
    }

    /// Moves a household to commune `to`, journalled: the transfer entry, then the household's
    /// records of the current round and of rounds opened after it rewritten to name `to` (each
    /// building on the record's current content). A household without such a record is not
    /// moved (`RecordNotFound`): the new commune would hold nothing of it.
    /// The caller has checked the rule; the store checks only that the household is here.
    pub fn transfer_household(
        &mut self,
        household_id: &str,
        to: &str,
        reason: &str,
        actor: &str,
        at: UnixMillis,
    ) -> Result<StoredTransfer> {
        let installation = self.installation()?;
        let current = self.current_round()?;
        let round_id = current.id.clone();
        let tx = self.conn.transaction()?;
        let place: Option<(String, String)> = tx
            .prepare_cached("SELECT code, commune_code FROM household WHERE id = ?1")?
            .query_row([household_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let (code, from) = place.ok_or_else(|| StoreError::HouseholdNotFound {
            id: household_id.to_string(),
        })?;
        let rounds = moving_rounds(&tx, household_id, &current)?;
        if rounds.is_empty() {
            // Nothing of this round to give the new commune: it would hold a transfer of a
            // household it cannot see.
            return Err(StoreError::RecordNotFound { id: code });
        }
        let transfer = Transfer {
            household_id: household_id.to_string(),
            code,
            from,
            to: to.to_string(),
            round_id,
            held: held_history(&tx, household_id)?,
        };
        let payload = serde_json::to_string(&transfer)?;
        let hash = journal::content_hash(payload.as_bytes());
        let seq = journal::append(
            &tx,
            &installation.id,
            at,
            &Change {
                entity: Entity::Household,
                entity_id: household_id,
                operation: "transfer",
                parent_hash: None,
                content_hash: &hash,
                actor,
                reason,
                payload: &payload,
            },
        )?;
        for round_id in rounds {
            let Some((mut snapshot, parent)) = read_snapshot(&tx, household_id, &round_id)? else {
                continue;
            };
            snapshot.commune_code = to.to_string();
            write_record(
                &tx,
                &snapshot,
                Some(&parent),
                None,
                None,
                "transfer",
                Stamp {
                    origin: &installation.id,
                    actor,
                    reason,
                    at,
                },
            )?;
        }
        settle(&tx, household_id)?;
        tx.commit()?;
        Ok(StoredTransfer {
            transfer,
            origin: installation.id,
            seq,
            recorded_at: at,
            actor: actor.to_string(),
            reason: reason.to_string(),
        })
    }

    /// The rounds whose records of the household a transfer made now would move (the current
    /// round and any opened after it); none when it has no record there.
    pub fn rounds_a_transfer_moves(&self, household_id: &str) -> Result<Vec<String>> {
        let current = self.current_round()?;
        moving_rounds(&self.conn, household_id, &current)
    }

    /// Refuses to change a household this installation no longer covers because a transfer
    /// took it to another commune: the commune it left keeps the record as history only.
    pub(crate) fn check_not_moved_away(&self, household_id: &str) -> Result<()> {
        let Some(last) = transfers_of(&self.conn, household_id)?.pop() else {
            return Ok(());
        };
        let installation = self.installation()?;
        let Some(office) = rasoat_domain::authorisation::Office::parse(installation.role.as_str())
        else {
            return Ok(());
        };
        let scope = rasoat_domain::authorisation::Scope::new(office, [installation.unit_code]);
        let now_at = self
            .household_commune(household_id)?
            .unwrap_or(last.transfer.to);
        if rasoat_domain::authorisation::covers(&scope, &self.unit_tree()?, &now_at) {
            return Ok(());
        }
        Err(StoreError::TransferredAway {
            code: last.transfer.code,
            to: now_at,
        })
    }

    /// Every transfer this store holds, newest first: the history the conflicts screen shows.
    pub fn transfers(&self) -> Result<Vec<StoredTransfer>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT entity_id FROM journal WHERE entity = 'household' AND operation = 'transfer'
             GROUP BY entity_id",
        )?;
        let ids: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for id in ids {
            out.extend(transfers_of(&self.conn, &id)?);
        }
        out.sort_by(|a, b| {
            (b.recorded_at, &b.origin, b.seq).cmp(&(a.recorded_at, &a.origin, a.seq))
        });
        Ok(out)
    }

    /// Every transfer of a household this store holds, oldest first.
    pub fn household_transfers(&self, household_id: &str) -> Result<Vec<StoredTransfer>> {
        transfers_of(&self.conn, household_id)
    }
}

/// The rounds of the household's records a transfer made in round `current` moves: that round
/// and any opened after it. A record of an earlier round stays with the commune that reviewed
/// it, so that round's reports still count the household there.
fn moving_rounds(
    conn: &rusqlite::Connection,
    household_id: &str,
    current: &crate::Round,
) -> Result<Vec<String>> {
    let rounds = conn
        .prepare_cached(
            "SELECT r.round_id FROM survey_record r JOIN round ON round.id = r.round_id
             WHERE r.household_id = ?1 AND (round.id = ?2 OR round.opened_at > ?3)
             ORDER BY round.opened_at, round.id",
        )?
        .query_map(params![household_id, current.id, current.opened_at], |r| {
            r.get(0)
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rounds)
}

/// Per origin, the highest seq of the household's survey entries held here.
fn held_history(tx: &Transaction<'_>, household_id: &str) -> Result<BTreeMap<String, i64>> {
    // Range on the indexed entity id: "<household>/" up to "<household>0" ('0' follows '/').
    let low = format!("{household_id}/");
    let high = format!("{household_id}0");
    let mut stmt = tx.prepare_cached(
        "SELECT origin, MAX(seq) FROM journal
         WHERE entity = 'survey' AND entity_id >= ?1 AND entity_id < ?2 GROUP BY origin",
    )?;
    let rows = stmt.query_map(params![low, high], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn transfers_of(
    conn: &rusqlite::Connection,
    household_id: &str,
) -> Result<Vec<StoredTransfer>> {
    let mut stmt = conn.prepare_cached(
        "SELECT origin, seq, recorded_at, actor, reason, payload FROM journal
         WHERE entity = 'household' AND entity_id = ?1 AND operation = 'transfer'
         ORDER BY recorded_at, origin, seq",
    )?;
    let rows = stmt.query_map([household_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (origin, seq, recorded_at, actor, reason, payload) = row?;
        out.push(StoredTransfer {
            transfer: serde_json::from_str(&payload)?,
            origin,
            seq,
            recorded_at,
            actor,
            reason,
        });
    }
    Ok(out)
}

/// Puts the household where its latest transfer took it. A record rebuilt from an entry made
/// before the transfer names the old commune; the household stays where it was moved.
pub(crate) fn settle(tx: &Transaction<'_>, household_id: &str) -> Result<()> {
    if let Some(last) = transfers_of(tx, household_id)?.pop() {
        let listed_at = crate::household_list::key_of(tx, household_id)?;
        tx.prepare_cached("UPDATE household SET commune_code = ?2 WHERE id = ?1")?
            .execute(params![household_id, last.transfer.to])?;
        crate::household_list::moved(tx, household_id, listed_at.as_ref())?;
    }
    Ok(())
}
