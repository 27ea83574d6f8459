//! Edits of a household that its old commune made before a transfer took the household away,
//! delivered after the transfer: every receiver keeps them in the journal as history and never
//! applies them to the household's records, so the transfer wins, nothing is lost, and the old
//! commune's later entries still land (the seq chain has no hole).
//!
//! Which entries those are is decided from the journal alone, the same way on every receiver
//! and whatever order entries arrived in. A transfer's history is what its office held of the
//! household when it transferred (`Transfer::held`, per origin the highest seq): an entry at
//! or below it was made before the household left and is applied as any edit. Among the
//! transfers whose history does not hold an entry naming commune `c`, in the order the store
//! keeps transfers, the last one that took the household away from `c` or brought it to `c`
//! decides: away, and the entry is kept as history; brought back, and it is `c`'s edit again.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{params, Connection};

use crate::error::Result;
use crate::journal::{self, JournalEntry};
use crate::transfers::{transfers_of, StoredTransfer, Transfer};
use crate::{Store, UnixMillis};

/// Whether an entry of `origin` numbered `seq` naming commune `commune` is kept as history
/// only, given the household's transfers in the order the store keeps them.
pub fn kept_as_history<'a>(
    transfers: impl IntoIterator<Item = &'a Transfer>,
    origin: &str,
    seq: i64,
    commune: &str,
) -> bool {
    let mut kept = false;
    for t in transfers {
        if t.held.get(origin).is_some_and(|held| seq <= *held) {
            continue;
        }
        if t.from == commune {
            kept = true;
        } else if t.to == commune {
            kept = false;
        }
    }
    kept
}

/// A survey entry kept as history only: made by the old commune's side, delivered after a
/// transfer took the household away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LateEdit {
    pub household_id: String,
    /// The household's code (never its head's name).
    pub code: String,
    pub origin: String,
    pub seq: i64,
    /// When the entry says it was made (its sender's clock: shown, never judged by).
    pub recorded_at: UnixMillis,
    pub actor: String,
    /// The commune the entry names: the one the household left.
    pub commune: String,
    /// The commune the transfer took the household to.
    pub to: String,
}

/// The commune a survey entry's payload names.
#[derive(serde::Deserialize)]
struct Named {
    record: NamedRecord,
}

#[derive(serde::Deserialize)]
struct NamedRecord {
    commune_code: String,
}

/// The commune a survey entry names, when its payload reads.
pub(crate) fn commune_named(payload: &str) -> Option<String> {
    serde_json::from_str::<Named>(payload)
        .ok()
        .map(|n| n.record.commune_code)
}

/// How many of `entries` (just stored, with the transfers that came with them) are survey
/// entries kept as history only. `moved_ever`: the households the journal holds a transfer of;
/// an entry of any other household is applied as any edit.
pub(crate) fn count_kept(
    conn: &Connection,
    entries: &[JournalEntry],
    moved_ever: &BTreeSet<String>,
) -> Result<usize> {
    let mut transfers: BTreeMap<&str, Vec<Transfer>> = BTreeMap::new();
    let mut kept = 0;
    for entry in entries.iter().filter(|e| e.entity == "survey") {
        let household_id = entry
            .entity_id
            .split_once('/')
            .map_or(entry.entity_id.as_str(), |(household, _)| household);
        if !moved_ever.contains(household_id) {
            continue;
        }
        let Some(commune) = commune_named(&entry.payload) else {
            continue;
        };
        let list = match transfers.get(household_id) {
            Some(list) => list,
            None => {
                let list = transfers_of(conn, household_id)?
                    .into_iter()
                    .map(|t| t.transfer)
                    .collect();
                transfers.entry(household_id).or_insert(list)
            }
        };
        if kept_as_history(list, &entry.origin, entry.seq, &commune) {
            kept += 1;
        }
    }
    Ok(kept)
}

/// The household's survey entries kept as history only, oldest (origin, seq) first.
pub(crate) fn late_edits_of(conn: &Connection, household_id: &str) -> Result<Vec<LateEdit>> {
    let transfers: Vec<StoredTransfer> = transfers_of(conn, household_id)?;
    let Some(last) = transfers.last() else {
        return Ok(Vec::new());
    };
    let code = last.transfer.code.clone();
    // Range on the indexed entity id: "<household>/" up to "<household>0" ('0' follows '/').
    let low = format!("{household_id}/");
    let high = format!("{household_id}0");
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {} FROM journal WHERE entity = 'survey' AND entity_id >= ?1 AND entity_id < ?2
         ORDER BY origin, seq",
        journal::ENTRY_COLUMNS
    ))?;
    let entries: Vec<JournalEntry> = stmt
        .query_map(params![low, high], journal::entry_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for entry in entries {
        let Some(commune) = commune_named(&entry.payload) else {
            continue;
        };
        let list = transfers.iter().map(|t| &t.transfer);
        if !kept_as_history(list, &entry.origin, entry.seq, &commune) {
            continue;
        }
        // The transfer that took the household away from the commune the entry names.
        let to = transfers
            .iter()
            .rev()
            .find(|t| t.transfer.from == commune)
            .map_or_else(String::new, |t| t.transfer.to.clone());
        out.push(LateEdit {
            household_id: household_id.to_string(),
            code: code.clone(),
            origin: entry.origin,
            seq: entry.seq,
            recorded_at: entry.recorded_at,
            actor: entry.actor,
            commune,
            to,
        });
    }
    Ok(out)
}

impl Store {
    /// The household's survey entries kept as history only (delivered after a transfer took
    /// the household away from the commune they name): shown beside its transfers.
    pub fn household_late_edits(&self, household_id: &str) -> Result<Vec<LateEdit>> {
        late_edits_of(&self.conn, household_id)
    }

    /// Every survey entry kept as history only, of every household transferred here.
    pub fn late_edits(&self) -> Result<Vec<LateEdit>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT entity_id FROM journal
             WHERE entity = 'household' AND operation = 'transfer' ORDER BY entity_id",
        )?;
        let ids: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for id in ids {
            out.extend(late_edits_of(&self.conn, &id)?);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn transfer(from: &str, to: &str, held: &[(&str, i64)]) -> Transfer {
        Transfer {
            household_id: "h".into(),
            code: "00715-01-000001".into(),
            from: from.into(),
            to: to.into(),
            round_id: "r".into(),
            held: held
                .iter()
                .map(|(o, s)| (o.to_string(), *s))
                .collect::<BTreeMap<_, _>>(),
        }
    }

    #[test]
    fn an_entry_the_transfer_held_is_history_applied_and_a_later_one_is_kept() {
        let moved = [transfer("A", "B", &[("a", 39)])];
        assert!(!kept_as_history(&moved, "a", 39, "A"));
        assert!(kept_as_history(&moved, "a", 40, "A"));
        // An origin the office held nothing of: all its entries came after.
        assert!(kept_as_history(&moved, "e", 1, "A"));
        // The new commune's edits are not the old commune's history.
        assert!(!kept_as_history(&moved, "b", 1, "B"));
        assert!(!kept_as_history(&[], "a", 40, "A"));
    }

    #[test]
    fn an_edit_of_the_first_commune_stays_history_after_a_second_transfer() {
        let twice = [
            transfer("A", "B", &[("a", 39)]),
            transfer("B", "C", &[("a", 39), ("b", 5)]),
        ];
        assert!(kept_as_history(&twice, "a", 40, "A"));
        assert!(kept_as_history(&twice, "b", 6, "B"));
        assert!(!kept_as_history(&twice, "b", 5, "B"));
        assert!(!kept_as_history(&twice, "c", 1, "C"));
    }

    #[test]
    fn a_household_moved_back_takes_its_old_communes_new_edits_again() {
        let there_and_back = [
            transfer("A", "B", &[("a", 39)]),
            transfer("B", "A", &[("a", 40), ("b", 5)]),
        ];
        // Held by the office that moved it back: kept as it was kept there.
        assert!(kept_as_history(&there_and_back, "a", 40, "A"));
        // Made after the return: the commune's own again.
        assert!(!kept_as_history(&there_and_back, "a", 41, "A"));
        // The commune it left the second time: a late edit of B is kept.
        assert!(kept_as_history(&there_and_back, "b", 6, "B"));
        assert!(!kept_as_history(&there_and_back, "b", 5, "B"));
    }
}
