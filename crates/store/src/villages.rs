//! The commune's list of villages (thôn, bản): the form chooses a household's village from it,
//! so "Thon Can Pan" cannot stand beside "Thôn Cán Pản". Kept by the installation of the commune
//! it serves (a commune's, or an enumerator's of that commune; a district installation keeps
//! the lists that came to it but edits none). A village is added, renamed or retired, never
//! deleted: a household that names a retired or unlisted village keeps its text.
//!
//! The list travels (migration 0021, `village_entries.rs`): each change a commune installation
//! makes is journalled as the village's whole state and goes with the commune's batches to its
//! enumerators and up to the district. An enumerator's own additions stay on its laptop until
//! the commune lists the village; what the commune sends wins. A village keeps a stable id and
//! the names it had, so a household saved under a former name is found under the village it
//! now is, while its answers still say what the enumerator chose (`village_named`).

use rusqlite::{params, OptionalExtension, Transaction};

use rasoat_domain::workflow::Role;

use crate::error::{Result, StoreError};
use crate::households::search_key;
use crate::village_entries::{journal_village, write_village, VillageState};
use crate::{new_id, Store, UnixMillis};

/// One village of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Village {
    /// Stable across renames; the same on every installation the list travels to.
    pub id: String,
    pub name: String,
    /// No longer offered for a new household; households that name it still show it.
    pub retired: bool,
    /// The names it had before, oldest first: a household saved under one of them is in it.
    pub former_names: Vec<String>,
}

/// A name as the list keeps it: trimmed, inner runs of spaces made one.
fn tidy(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The columns `village_from_row` reads, in order. A row an older app added has no id: its id
/// is then its commune and name, as migration 0021 gave the rows it found.
pub(crate) const VILLAGE_COLUMNS: &str =
    "COALESCE(id, commune_code || ':' || name), commune_code, name, retired, former_names";

pub(crate) fn village_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<VillageState> {
    let former: String = r.get(4)?;
    Ok(VillageState {
        id: r.get(0)?,
        commune_code: r.get(1)?,
        name: r.get(2)?,
        retired: r.get::<_, i64>(3)? != 0,
        // Written only by this module as a JSON array; anything else reads as none.
        former_names: serde_json::from_str(&former).unwrap_or_default(),
    })
}

impl From<VillageState> for Village {
    fn from(v: VillageState) -> Village {
        Village {
            id: v.id,
            name: v.name,
            retired: v.retired,
            former_names: v.former_names,
        }
    }
}

impl Store {
    /// The commune this installation keeps the list for, and whether its changes travel
    /// (the commune's own installation) or stay here (an enumerator's additions).
    fn village_commune(&self) -> Result<(String, bool)> {
        let installation = self.installation()?;
        match installation.role {
            Role::Commune => Ok((installation.unit_code, true)),
            Role::Enumerator => Ok((installation.unit_code, false)),
            Role::District | Role::Province => Err(StoreError::VillagesNotACommune),
        }
    }

    /// The list, retired villages included, by name.
    pub fn villages(&self) -> Result<Vec<Village>> {
        let (commune, _) = self.village_commune()?;
        let mut rows: Vec<Village> = self
            .conn
            .prepare_cached(&format!(
                "SELECT {VILLAGE_COLUMNS} FROM village WHERE commune_code = ?1"
            ))?
            .query_map(params![commune], village_from_row)?
            .map(|v| v.map(Village::from))
            .collect::<rusqlite::Result<_>>()?;
        // By the name as read, without its tones, so "Thôn Ả" sorts among the "Thôn A…".
        rows.sort_by_cached_key(|v| (search_key(&v.name), v.name.clone()));
        Ok(rows)
    }

    /// The commune a village of any list held here belongs to, by its id: a village never
    /// moves to another commune's list.
    pub fn village_commune_by_id(&self, id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT commune_code FROM village
                 WHERE COALESCE(id, commune_code || ':' || name) = ?1",
            )?
            .query_row(params![id], |r| r.get(0))
            .optional()?)
    }

    /// The listed village a household's answer names: by its name, or by a name it had before
    /// a rename (the household's answers keep the name they were saved with).
    pub fn village_named(&self, name: &str) -> Result<Option<Village>> {
        let name = tidy(name);
        Ok(self
            .villages()?
            .into_iter()
            .find(|v| v.name == name)
            .or_else(|| {
                self.villages()
                    .ok()?
                    .into_iter()
                    .find(|v| v.former_names.contains(&name))
            }))
    }

    /// The listed village whose name folds like `name` (tones, case and spacing aside).
    fn village_like(&self, commune: &str, name: &str) -> Result<Option<VillageState>> {
        let key = search_key(name);
        let rows: Vec<VillageState> = self
            .conn
            .prepare_cached(&format!(
                "SELECT {VILLAGE_COLUMNS} FROM village WHERE commune_code = ?1"
            ))?
            .query_map(params![commune], village_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows.into_iter().find(|v| search_key(&v.name) == key))
    }

    /// Adds a village; refused when the name is empty or the list has it already, even
    /// written without tones or in other case ("Thon Can Pan" for "Thôn Cán Pản").
    pub fn add_village(&mut self, name: &str, actor: &str, at: UnixMillis) -> Result<Village> {
        self.check_not_moved()?;
        let (commune, travels) = self.village_commune()?;
        let name = tidy(name);
        if name.is_empty() {
            return Err(StoreError::VillageNameEmpty);
        }
        if let Some(existing) = self.village_like(&commune, &name)? {
            return Err(StoreError::VillageExists {
                name: existing.name,
            });
        }
        let state = VillageState {
            id: new_id(at).to_string(),
            commune_code: commune,
            name,
            retired: false,
            former_names: Vec::new(),
        };
        self.change_village(
            None,
            &state,
            travels,
            "thêm thôn / village added",
            actor,
            at,
        )?;
        Ok(state.into())
    }

    /// Renames a listed village. The village keeps its id and the old name among its former
    /// names, so the households saved under it are still found in it; their answers keep the
    /// name they were saved with until someone saves the form with the new one.
    pub fn rename_village(
        &mut self,
        from: &str,
        to: &str,
        actor: &str,
        at: UnixMillis,
    ) -> Result<Village> {
        self.check_not_moved()?;
        let (commune, travels) = self.village_commune()?;
        let to = tidy(to);
        if to.is_empty() {
            return Err(StoreError::VillageNameEmpty);
        }
        let before = self.listed_village(&commune, from)?;
        if let Some(existing) = self.village_like(&commune, &to)? {
            // Only a change of tones, case or spacing of the same village is allowed.
            if existing.id != before.id {
                return Err(StoreError::VillageExists {
                    name: existing.name,
                });
            }
        }
        let mut after = before.clone();
        if to != before.name && !after.former_names.contains(&before.name) {
            after.former_names.push(before.name.clone());
        }
        after.former_names.retain(|n| *n != to);
        after.name = to;
        self.change_village(
            Some(&before),
            &after,
            travels,
            "đổi tên thôn / village renamed",
            actor,
            at,
        )?;
        Ok(after.into())
    }

    /// Retires a village (no longer offered for a new household) or brings it back.
    pub fn set_village_retired(
        &mut self,
        name: &str,
        retired: bool,
        actor: &str,
        at: UnixMillis,
    ) -> Result<Village> {
        self.check_not_moved()?;
        let (commune, travels) = self.village_commune()?;
        let before = self.listed_village(&commune, name)?;
        let after = VillageState {
            retired,
            ..before.clone()
        };
        let reason = if retired {
            "thôi dùng thôn / village retired"
        } else {
            "dùng lại thôn / village in use again"
        };
        self.change_village(Some(&before), &after, travels, reason, actor, at)?;
        Ok(after.into())
    }

    /// Lists the villages this installation's records name and the list lacks (a demo or an
    /// imported list just made); returns how many were added.
    pub fn list_villages_of_records(&mut self, actor: &str, at: UnixMillis) -> Result<usize> {
        self.check_not_moved()?;
        let (commune, _) = self.village_commune()?;
        let named: Vec<String> = self
            .conn
            .prepare_cached(
                "SELECT DISTINCT trim(village) FROM survey_record
                 WHERE commune_code = ?1 AND trim(village) <> ''",
            )?
            .query_map(params![commune], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut added = 0;
        for name in named {
            if self.village_like(&commune, &name)?.is_none() && self.village_named(&name)?.is_none()
            {
                self.add_village(&name, actor, at)?;
                added += 1;
            }
        }
        Ok(added)
    }

    /// Journals the commune's villages whose present state has not travelled yet (those listed
    /// before the list travelled), so its next batch carries them; returns how many. Nothing
    /// on an installation that is not the commune's own.
    pub fn journal_unsent_villages(&mut self, actor: &str, at: UnixMillis) -> Result<usize> {
        self.check_not_moved()?;
        let installation = self.installation()?;
        if installation.role != Role::Commune {
            return Ok(0);
        }
        let tx = self.conn.transaction()?;
        let n = journal_unsent(&tx, &installation.id, &installation.unit_code, actor, at)?;
        tx.commit()?;
        Ok(n)
    }

    /// Writes a village's new state and, on the commune's installation, journals it (with the
    /// commune's villages not journalled yet) in the same transaction.
    fn change_village(
        &mut self,
        before: Option<&VillageState>,
        after: &VillageState,
        travels: bool,
        reason: &str,
        actor: &str,
        at: UnixMillis,
    ) -> Result<()> {
        let origin = self.installation()?.id;
        let tx = self.conn.transaction()?;
        if let Some(before) = before {
            tx.prepare_cached(
                "DELETE FROM village WHERE COALESCE(id, commune_code || ':' || name) = ?1",
            )?
            .execute(params![before.id])?;
        }
        write_village(&tx, after, travels)?;
        if travels {
            journal_unsent(&tx, &origin, &after.commune_code, actor, at)?;
            journal_village(&tx, &origin, before, after, actor, reason, at)?;
        }
        tx.commit()?;
        Ok(())
    }

    fn listed_village(&self, commune: &str, name: &str) -> Result<VillageState> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {VILLAGE_COLUMNS} FROM village WHERE commune_code = ?1 AND name = ?2"
            ))?
            .query_row(params![commune, name], village_from_row)
            .optional()?
            .ok_or_else(|| StoreError::VillageUnknown {
                name: name.to_string(),
            })
    }
}

/// Journals every village of `commune` whose state has not travelled yet.
fn journal_unsent(
    tx: &Transaction<'_>,
    origin: &str,
    commune: &str,
    actor: &str,
    at: UnixMillis,
) -> Result<usize> {
    let unsent: Vec<VillageState> = tx
        .prepare_cached(&format!(
            "SELECT {VILLAGE_COLUMNS} FROM village WHERE commune_code = ?1 AND journalled = 0"
        ))?
        .query_map(params![commune], village_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    for v in &unsent {
        journal_village(
            tx,
            origin,
            None,
            v,
            actor,
            "danh sách thôn của xã / the commune's village",
            at,
        )?;
        tx.prepare_cached(
            "UPDATE village SET journalled = 1, id = ?2
             WHERE commune_code = ?1 AND name = ?3",
        )?
        .execute(params![commune, v.id, v.name])?;
    }
    Ok(unsent.len())
}

/// Every renamed village's former names, by (commune, former name), with the name it has now:
/// what a report counts a household under whose answers still name the village as it was.
pub(crate) fn renamed(
    conn: &rusqlite::Connection,
) -> Result<std::collections::HashMap<(String, String), String>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {VILLAGE_COLUMNS} FROM village WHERE former_names <> '[]'"
    ))?;
    let mut names = std::collections::HashMap::new();
    for village in stmt.query_map([], village_from_row)? {
        let village = village?;
        for former in village.former_names {
            names.insert((village.commune_code.clone(), former), village.name.clone());
        }
    }
    Ok(names)
}
