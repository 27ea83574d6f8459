//! The household list's village filter: the commune's listed villages by their stable id and
//! current name, each gathering the households whose answers name it by any name it had, so a
//! renamed village shows once, and a listed village shows before any household names it. A name
//! the answers hold that no listed village ever had (typed before the list existed, or on a
//! district installation, which keeps no list of its own) is offered as it is written.

use std::collections::BTreeSet;

use rusqlite::params;

use crate::error::Result;
use crate::households::search_key;
use crate::village_entries::VillageState;
use crate::villages::{village_from_row, VILLAGE_COLUMNS};
use crate::Store;

/// One choice of the filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VillageChoice {
    /// The listed village's stable id; `None` for a name no listed village had.
    pub id: Option<String>,
    /// The village's current name, or the name as the answers hold it.
    pub name: String,
}

/// A name as the list compares it: trimmed, inner runs of spaces made one.
fn tidy(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A listed village's names: its current one and every former one.
pub(crate) fn names_of(village: &VillageState) -> Vec<String> {
    std::iter::once(village.name.clone())
        .chain(village.former_names.iter().cloned())
        .collect()
}

impl Store {
    /// The listed villages of the commune this installation serves (none for a district or a
    /// province).
    fn listed_villages(&self) -> Result<Vec<VillageState>> {
        let installation = self.installation()?;
        if installation.role.is_office() {
            return Ok(Vec::new());
        }
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {VILLAGE_COLUMNS} FROM village WHERE commune_code = ?1"
            ))?
            .query_map(params![installation.unit_code], village_from_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// A listed village of any list held here, by its stable id.
    pub(crate) fn village_by_id(&self, id: &str) -> Result<Option<VillageState>> {
        let rows: Vec<VillageState> = self
            .conn
            .prepare_cached(&format!(
                "SELECT {VILLAGE_COLUMNS} FROM village
                 WHERE COALESCE(id, commune_code || ':' || name) = ?1"
            ))?
            .query_map(params![id], village_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows.into_iter().next())
    }

    /// The names the round's answers give a listed village: its current and former names,
    /// as each household's answers spell them (spacing aside), for the list's filter by id.
    pub(crate) fn names_in_answers(
        &self,
        round_id: &str,
        village: &VillageState,
    ) -> Result<Vec<String>> {
        let names: Vec<String> = names_of(village).iter().map(|n| tidy(n)).collect();
        let in_answers: Vec<String> = self
            .conn
            .prepare_cached("SELECT DISTINCT village FROM survey_record WHERE round_id = ?1")?
            .query_map(params![round_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out: Vec<String> = in_answers
            .into_iter()
            .filter(|name| names.contains(&tidy(name)))
            .collect();
        // The list's own names too, so the query is never an empty `IN ()`.
        out.extend(names_of(village));
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// The choices of the round's village filter, by name as read without tones: the listed
    /// villages of this installation's commune (a retired one only while households of the
    /// round name it), then every other name the round's answers hold.
    pub fn village_choices(&self, round_id: &str) -> Result<Vec<VillageChoice>> {
        let listed = self.listed_villages()?;
        // The names alone, read from the index `survey_record_round_village`: a commune's
        // records are of its own villages (a district keeps no list, so it groups nothing).
        let named: Vec<String> = self
            .conn
            .prepare_cached("SELECT DISTINCT village FROM survey_record WHERE round_id = ?1")?
            .query_map(params![round_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut used = vec![false; listed.len()];
        let mut unlisted = BTreeSet::new();
        for name in named {
            let name_tidy = tidy(&name);
            let of = listed
                .iter()
                .position(|v| names_of(v).iter().any(|n| tidy(n) == name_tidy));
            match of {
                Some(i) => used[i] = true,
                None if name_tidy.is_empty() => {}
                None => {
                    unlisted.insert(name);
                }
            }
        }
        let mut out: Vec<VillageChoice> = listed
            .into_iter()
            .zip(used)
            .filter(|(v, used)| !v.retired || *used)
            .map(|(v, _)| VillageChoice {
                id: Some(v.id),
                name: v.name,
            })
            .chain(
                unlisted
                    .into_iter()
                    .map(|name| VillageChoice { id: None, name }),
            )
            .collect();
        out.sort_by_cached_key(|c| (search_key(&c.name), c.name.clone(), c.id.clone()));
        Ok(out)
    }
}
