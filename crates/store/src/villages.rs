//! The commune's list of villages (thôn, bản): the form chooses a household's village from it,
//! so "Thon Can Pan" cannot stand beside "Thôn Cán Pản". Kept by the installation of the commune
//! it serves (a commune's, or an enumerator's of that commune; a district installation has no
//! list), local and never journalled (migration 0018). A village is added, renamed or retired,
//! never deleted: a household that names a retired or unlisted village keeps its text.

use rusqlite::{params, OptionalExtension};

use rasoat_domain::workflow::Role;

use crate::error::{Result, StoreError};
use crate::households::search_key;
use crate::{Store, UnixMillis};

/// One village of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Village {
    pub name: String,
    /// No longer offered for a new household; households that name it still show it.
    pub retired: bool,
}

/// A name as the list keeps it: trimmed, inner runs of spaces made one.
fn tidy(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Store {
    /// The commune this installation keeps the list for.
    fn village_commune(&self) -> Result<String> {
        let installation = self.installation()?;
        match installation.role {
            Role::Commune | Role::Enumerator => Ok(installation.unit_code),
            Role::District => Err(StoreError::VillagesNotACommune),
        }
    }

    /// The list, retired villages included, by name.
    pub fn villages(&self) -> Result<Vec<Village>> {
        let commune = self.village_commune()?;
        let mut rows: Vec<Village> = self
            .conn
            .prepare_cached("SELECT name, retired FROM village WHERE commune_code = ?1")?
            .query_map(params![commune], |r| {
                Ok(Village {
                    name: r.get(0)?,
                    retired: r.get::<_, i64>(1)? != 0,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        // By the name as read, without its tones, so "Thôn Ả" sorts among the "Thôn A…".
        rows.sort_by_cached_key(|v| (search_key(&v.name), v.name.clone()));
        Ok(rows)
    }

    /// The listed village whose name folds like `name` (tones, case and spacing aside).
    fn village_like(&self, commune: &str, name: &str) -> Result<Option<String>> {
        let key = search_key(name);
        let names: Vec<String> = self
            .conn
            .prepare_cached("SELECT name FROM village WHERE commune_code = ?1")?
            .query_map(params![commune], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(names.into_iter().find(|n| search_key(n) == key))
    }

    /// Adds a village; refused when the name is empty or the list has it already, even
    /// written without tones or in other case ("Thon Can Pan" for "Thôn Cán Pản").
    pub fn add_village(&mut self, name: &str, at: UnixMillis) -> Result<Village> {
        let commune = self.village_commune()?;
        let name = tidy(name);
        if name.is_empty() {
            return Err(StoreError::VillageNameEmpty);
        }
        if let Some(existing) = self.village_like(&commune, &name)? {
            return Err(StoreError::VillageExists { name: existing });
        }
        self.conn
            .prepare_cached(
                "INSERT INTO village (commune_code, name, retired, added_at) VALUES (?1, ?2, 0, ?3)",
            )?
            .execute(params![commune, name, at])?;
        Ok(Village {
            name,
            retired: false,
        })
    }

    /// Renames a listed village. Households keep the name they were saved with: the form flags
    /// the old name as not in the list, and the enumerator chooses the new one.
    pub fn rename_village(&mut self, from: &str, to: &str) -> Result<Village> {
        let commune = self.village_commune()?;
        let to = tidy(to);
        if to.is_empty() {
            return Err(StoreError::VillageNameEmpty);
        }
        let retired = self.village_retired(&commune, from)?;
        if let Some(existing) = self.village_like(&commune, &to)? {
            // Only a change of tones, case or spacing of the same village is allowed.
            if existing != from {
                return Err(StoreError::VillageExists { name: existing });
            }
        }
        self.conn
            .prepare_cached("UPDATE village SET name = ?3 WHERE commune_code = ?1 AND name = ?2")?
            .execute(params![commune, from, to])?;
        Ok(Village { name: to, retired })
    }

    /// Retires a village (no longer offered for a new household) or brings it back.
    pub fn set_village_retired(&mut self, name: &str, retired: bool) -> Result<Village> {
        let commune = self.village_commune()?;
        self.village_retired(&commune, name)?;
        self.conn
            .prepare_cached(
                "UPDATE village SET retired = ?3 WHERE commune_code = ?1 AND name = ?2",
            )?
            .execute(params![commune, name, i64::from(retired)])?;
        Ok(Village {
            name: name.to_string(),
            retired,
        })
    }

    /// Lists the villages this installation's records name and the list lacks (a demo or an
    /// imported list just made); returns how many were added.
    pub fn list_villages_of_records(&mut self, at: UnixMillis) -> Result<usize> {
        let commune = self.village_commune()?;
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
            if self.village_like(&commune, &name)?.is_none() {
                self.add_village(&name, at)?;
                added += 1;
            }
        }
        Ok(added)
    }

    fn village_retired(&self, commune: &str, name: &str) -> Result<bool> {
        self.conn
            .prepare_cached("SELECT retired FROM village WHERE commune_code = ?1 AND name = ?2")?
            .query_row(params![commune, name], |r| r.get::<_, i64>(0))
            .optional()?
            .map(|r| r != 0)
            .ok_or_else(|| StoreError::VillageUnknown {
                name: name.to_string(),
            })
    }
}
