//! Administrative units with their validity, the old → new mapping of the 01/07/2025
//! reorganisation, and reports that count households by unit in old or in new units.
//!
//! A unit is identified by (code, valid_from), never by the code alone: the 2025 communes
//! reuse codes of the units they absorbed. A survey record keeps the commune code of its own
//! round, so a household's history survives the change and can be read either way.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::{Result, StoreError};
use crate::import::{fold_header, read_table};
use crate::Store;

/// A unit version's key: (code, valid_from).
type UnitKey = (String, String);
/// Old unit version -> the unit versions it became.
type Successions = HashMap<UnitKey, Vec<UnitKey>>;

/// The reference units shipped with the app (former Đồng Văn district and its successors).
const UNITS_CSV: &str = include_str!("../../../assets/admin-units/units.csv");
const SUCCESSIONS_CSV: &str = include_str!("../../../assets/admin-units/successions.csv");

/// One version of an administrative unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminUnit {
    pub code: String,
    /// First day of validity, `YYYY-MM-DD`.
    pub valid_from: String,
    /// Last day of validity; `None` while the unit exists.
    pub valid_to: Option<String>,
    pub name: String,
    /// `province`, `district` or `commune`.
    pub level: String,
    /// "Xã", "Thị trấn", "Phường"...
    pub kind: String,
    pub parent_code: Option<String>,
    pub source: String,
}

impl AdminUnit {
    fn holds_on(&self, day: &str) -> bool {
        self.valid_from.as_str() <= day && self.valid_to.as_deref().is_none_or(|to| day <= to)
    }
}

/// Which units a report counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitBasis {
    /// The unit each record was surveyed under.
    AsRecorded,
    /// Today's units: older records are carried forward along the successions.
    New,
    /// The pre-reorganisation units: newer records are carried back through the household's
    /// own earlier records (a merged commune cannot be split otherwise).
    Old,
}

/// One line of a report: households of one class in one unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitClassCount {
    /// Unit code, or `?` when the unit cannot be told (see `UnitBasis::Old`).
    pub unit_code: String,
    pub unit_name: String,
    /// `poor`, `near_poor`, `middle`, `other`, or `unclassified`.
    pub class: String,
    pub households: i64,
}

/// Writes a unit of a list. A version closed by its successors (a succession row, written
/// with the list that closed it, `insert_succession`) keeps that closing whatever a list
/// says of it: the shipped units load again at every open, and a merger they do not know of
/// is news, not a mistake to undo. Any other closing is the list's word.
fn insert_unit(tx: &Transaction<'_>, unit: &AdminUnit) -> Result<bool> {
    let n = tx
        .prepare_cached(
            "INSERT INTO admin_unit (code, valid_from, valid_to, name, level, kind, parent_code,
                                     source)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (code, valid_from) DO UPDATE
                 SET valid_to = CASE WHEN valid_to IS NOT NULL AND EXISTS (
                         SELECT 1 FROM admin_unit_succession s
                         WHERE s.old_code = admin_unit.code
                           AND s.old_valid_from = admin_unit.valid_from)
                     THEN valid_to ELSE excluded.valid_to END,
                 name = excluded.name, level = excluded.level, kind = excluded.kind,
                 parent_code = excluded.parent_code, source = excluded.source
             -- The same unit loaded again (the reference list, at every open) writes nothing,
             -- so the figures kept in the file (`kept_figures`) stay true.
             WHERE (valid_to, name, level, kind, parent_code, source)
                   IS NOT (CASE WHEN valid_to IS NOT NULL AND EXISTS (
                               SELECT 1 FROM admin_unit_succession s
                               WHERE s.old_code = admin_unit.code
                                 AND s.old_valid_from = admin_unit.valid_from)
                           THEN valid_to ELSE excluded.valid_to END,
                           excluded.name, excluded.level, excluded.kind,
                           excluded.parent_code, excluded.source)",
        )?
        .execute(params![
            unit.code,
            unit.valid_from,
            unit.valid_to,
            unit.name,
            unit.level,
            unit.kind,
            unit.parent_code,
            unit.source
        ])?;
    Ok(n > 0)
}

/// One succession of a loaded list: the former commune's version valid the day before
/// `valid_from` is closed on that day and followed by the new commune.
fn insert_succession(
    tx: &Transaction<'_>,
    old: &str,
    new_code: &str,
    valid_from: &str,
    source: &str,
) -> Result<()> {
    let old_from: Option<String> = tx
        .query_row(
            "SELECT valid_from FROM admin_unit
             WHERE code = ?1 AND level = 'commune' AND valid_from < ?2
               AND (valid_to IS NULL OR valid_to >= date(?2, '-1 day'))
             ORDER BY valid_from DESC LIMIT 1",
            params![old, valid_from],
            |r| r.get(0),
        )
        .optional()?;
    let Some(old_from) = old_from else {
        return Err(StoreError::ListUnreadable {
            path: String::new(),
            message: format!(
                "xã cũ mã {old} không có trong danh mục trước ngày {valid_from}, hãy nạp danh mục cũ trước / former commune {old} is not among the units before that day, load the earlier list first"
            ),
        });
    };
    tx.execute(
        "UPDATE admin_unit SET valid_to = date(?3, '-1 day')
         WHERE code = ?1 AND valid_from = ?2 AND valid_to IS NULL",
        params![old, old_from, valid_from],
    )?;
    tx.execute(
        "INSERT OR IGNORE INTO admin_unit_succession
             (old_code, old_valid_from, new_code, new_valid_from, effective_on, basis)
         VALUES (?1, ?2, ?3, ?4, ?4, ?5)",
        params![old, old_from, new_code, valid_from, source],
    )?;
    Ok(())
}

fn csv_records(text: &str) -> Result<Vec<csv::StringRecord>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    reader
        .records()
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|source| StoreError::ReferenceUnits { source })
}

fn field(record: &csv::StringRecord, i: usize) -> String {
    record.get(i).unwrap_or("").trim().to_string()
}

fn optional(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

impl Store {
    /// Loads the reference units shipped in `assets/admin-units/` (idempotent). Reference data
    /// is the same on every installation, so it is not journalled.
    pub fn load_reference_units(&mut self) -> Result<usize> {
        let tx = self.conn.transaction()?;
        let mut n = 0;
        for record in csv_records(UNITS_CSV)? {
            let unit = AdminUnit {
                code: field(&record, 0),
                valid_from: field(&record, 1),
                valid_to: optional(field(&record, 2)),
                name: field(&record, 3),
                level: field(&record, 4),
                kind: field(&record, 5),
                parent_code: optional(field(&record, 6)),
                source: field(&record, 7),
            };
            insert_unit(&tx, &unit)?;
            n += 1;
        }
        for record in csv_records(SUCCESSIONS_CSV)? {
            tx.execute(
                "INSERT OR IGNORE INTO admin_unit_succession
                     (old_code, old_valid_from, new_code, new_valid_from, effective_on, basis)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    field(&record, 0),
                    field(&record, 1),
                    field(&record, 2),
                    field(&record, 3),
                    field(&record, 4),
                    field(&record, 5)
                ],
            )?;
        }
        tx.commit()?;
        Ok(n)
    }

    /// Loads a unit list in the GSO export format (CSV or XLSX with the columns "Tỉnh / Thành
    /// Phố", "Mã TP", "Quận Huyện", "Mã QH", "Phường Xã", "Mã PX", "Cấp"; the district columns
    /// are absent from post-2025 lists). Every unit gets `valid_from`. Returns the number of
    /// units written.
    ///
    /// A list of new communes may name the communes each was formed from in a column "Mã xã
    /// cũ" (codes separated by commas or semicolons): each becomes a succession row, and the
    /// former commune's version closes the day before, so a new commune's former province (its
    /// region for score A) is known. A former code must already be in the store (load the
    /// earlier list first); otherwise nothing of the file is written.
    pub fn load_gso_units(&mut self, path: &Path, valid_from: &str, source: &str) -> Result<usize> {
        if valid_from.parse::<rasoat_domain::Date>().is_err() {
            return Err(StoreError::UnitDate {
                date: valid_from.to_string(),
            });
        }
        let table = read_table(path)?;
        let Some((header, rows)) = table.split_first() else {
            return Ok(0);
        };
        let header: Vec<String> = header.iter().map(|h| fold_header(h)).collect();
        let find = |names: &[&str]| header.iter().position(|h| names.contains(&h.as_str()));
        let col = |names: &[&str], what: &str| {
            find(names).ok_or_else(|| StoreError::ListUnreadable {
                path: path.display().to_string(),
                message: format!("thiếu cột «{what}» / missing column"),
            })
        };
        let province_code = col(&["ma tp", "ma tinh"], "Mã TP")?;
        let province_name = col(
            &["tinh / thanh pho", "tinh thanh pho", "tinh"],
            "Tỉnh / Thành Phố",
        )?;
        let commune_code = col(&["ma px", "ma xa"], "Mã PX")?;
        let commune_name = col(&["phuong xa", "xa"], "Phường Xã")?;
        let district_code = find(&["ma qh", "ma huyen"]);
        let district_name = find(&["quan huyen", "huyen"]);
        let level_col = find(&["cap"]);
        let former_col = find(&["ma xa cu", "ma px cu", "ma dvhc cu"]);
        let cell = |row: &[String], i: usize| row.get(i).map_or("", |s| s.trim()).to_string();
        let tx = self.conn.transaction()?;
        let mut n = 0;
        for (i, row) in rows.iter().enumerate() {
            let code = cell(row, commune_code);
            if code.is_empty() {
                continue;
            }
            let new_code = code.clone();
            let p_code = cell(row, province_code);
            let unit = |code: String, name: String, level: &str, kind: String, parent| AdminUnit {
                code,
                valid_from: valid_from.to_string(),
                valid_to: None,
                name,
                level: level.to_string(),
                kind,
                parent_code: parent,
                source: source.to_string(),
            };
            let province_name_text = cell(row, province_name);
            let province_kind = province_name_text
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_string();
            insert_unit(
                &tx,
                &unit(
                    p_code.clone(),
                    province_name_text,
                    "province",
                    province_kind,
                    None,
                ),
            )?;
            let mut parent = Some(p_code);
            if let (Some(dc), Some(dn)) = (district_code, district_name) {
                let d_code = cell(row, dc);
                if !d_code.is_empty() {
                    let d_name = cell(row, dn);
                    let d_kind = d_name.split_whitespace().next().unwrap_or("").to_string();
                    insert_unit(
                        &tx,
                        &unit(d_code.clone(), d_name, "district", d_kind, parent),
                    )?;
                    parent = Some(d_code);
                }
            }
            let name = cell(row, commune_name);
            let kind = match level_col.map(|i| cell(row, i)) {
                Some(level) if !level.is_empty() => level,
                _ => name.split_whitespace().next().unwrap_or("").to_string(),
            };
            insert_unit(&tx, &unit(code, name, "commune", kind, parent))?;
            if let Some(fc) = former_col {
                let formers = cell(row, fc);
                for old in formers
                    .split([',', ';'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                {
                    insert_succession(&tx, old, &new_code, valid_from, source).map_err(
                        |e| match e {
                            StoreError::ListUnreadable { message, .. } => {
                                StoreError::ListUnreadable {
                                    path: path.display().to_string(),
                                    message: format!("dòng {} / line {}: {message}", i + 2, i + 2),
                                }
                            }
                            other => other,
                        },
                    )?;
                }
            }
            n += 1;
        }
        tx.commit()?;
        Ok(n)
    }

    /// Whether any version of a unit with this code is known.
    /// The units as the authorisation rule needs them: every unit version's parent and every
    /// succession of the reorganisation.
    pub fn unit_tree(&self) -> Result<rasoat_domain::authorisation::UnitTree> {
        let units = self
            .conn
            .prepare_cached("SELECT code, parent_code FROM admin_unit")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<(String, Option<String>)>>>()?;
        let successions = self
            .conn
            .prepare_cached("SELECT old_code, new_code FROM admin_unit_succession")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<(String, String)>>>()?;
        Ok(rasoat_domain::authorisation::UnitTree::new(
            units,
            successions,
        ))
    }

    pub fn unit_exists(&self, code: &str) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM admin_unit WHERE code = ?1)",
            [code],
            |r| r.get(0),
        )?)
    }

    /// Every unit version, ordered by code and validity.
    pub fn units(&self) -> Result<Vec<AdminUnit>> {
        let mut stmt = self.conn.prepare(
            "SELECT code, valid_from, valid_to, name, level, kind, parent_code, source
             FROM admin_unit ORDER BY code, valid_from",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(AdminUnit {
                code: r.get(0)?,
                valid_from: r.get(1)?,
                valid_to: r.get(2)?,
                name: r.get(3)?,
                level: r.get(4)?,
                kind: r.get(5)?,
                parent_code: r.get(6)?,
                source: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The unit version a code meant on a day.
    pub fn unit_on(&self, code: &str, day: &str) -> Result<Option<AdminUnit>> {
        Ok(self
            .units()?
            .into_iter()
            .find(|u| u.code == code && u.holds_on(day)))
    }

    /// The current successor(s) of a unit version, following the mapping to today's units.
    pub fn successors(&self, code: &str, valid_from: &str) -> Result<Vec<AdminUnit>> {
        let units = self.units()?;
        let map = self.succession_map()?;
        let mut out = Vec::new();
        let mut todo = vec![(code.to_string(), valid_from.to_string())];
        while let Some(key) = todo.pop() {
            match map.get(&key) {
                Some(next) => todo.extend(next.iter().cloned()),
                None => out.extend(
                    units
                        .iter()
                        .filter(|u| u.code == key.0 && u.valid_from == key.1)
                        .cloned(),
                ),
            }
        }
        Ok(out)
    }

    fn succession_map(&self) -> Result<Successions> {
        let mut stmt = self.conn.prepare(
            "SELECT old_code, old_valid_from, new_code, new_valid_from FROM admin_unit_succession",
        )?;
        let rows = stmt.query_map([], |r| Ok(((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?))))?;
        let mut map: Successions = HashMap::new();
        for row in rows {
            let (old, new) = row?;
            map.entry(old).or_default().push(new);
        }
        Ok(map)
    }

    /// Households of a round by unit and class, in the units asked for.
    pub fn class_counts(&self, round_id: &str, basis: UnitBasis) -> Result<Vec<UnitClassCount>> {
        let round = self.round(round_id)?;
        // A record not yet surveyed is placed on the round's reference day.
        let round_day = if round.month == 0 {
            format!("{}-09-01", round.year)
        } else {
            format!("{}-{:02}-15", round.year, round.month)
        };
        let units = self.units()?;
        let successions = self.succession_map()?;
        let find = |code: &str, day: &str| units.iter().find(|u| u.code == code && u.holds_on(day));
        let forward = |unit: &AdminUnit| -> AdminUnit {
            let mut current = unit.clone();
            // Follow single successions; a split (several successors) stays where it is.
            while let Some(next) =
                successions.get(&(current.code.clone(), current.valid_from.clone()))
            {
                let [only] = next.as_slice() else { break };
                match units
                    .iter()
                    .find(|u| u.code == only.0 && u.valid_from == only.1)
                {
                    Some(u) => current = u.clone(),
                    None => break,
                }
            }
            current
        };
        let mut stmt = self.conn.prepare(
            "SELECT household_id, commune_code, COALESCE(surveyed_on, ?2),
                    COALESCE(class, 'unclassified')
             FROM survey_record WHERE round_id = ?1",
        )?;
        let rows = stmt.query_map(params![round_id, round_day], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut history_stmt = self.conn.prepare(
            "SELECT commune_code, COALESCE(surveyed_on, '') FROM survey_record
             WHERE household_id = ?1 AND round_id != ?2",
        )?;
        let unknown = || {
            (
                "?".to_string(),
                "không rõ đơn vị / unknown unit".to_string(),
            )
        };
        let mut counts: BTreeMap<(String, String, String), i64> = BTreeMap::new();
        for row in rows {
            let (household_id, code, day, class) = row?;
            let recorded = find(&code, &day);
            let (unit_code, unit_name) = match (basis, recorded) {
                (_, None) => unknown(),
                (UnitBasis::AsRecorded, Some(u)) => (u.code.clone(), u.name.clone()),
                (UnitBasis::New, Some(u)) => {
                    let u = forward(u);
                    (u.code, u.name)
                }
                (UnitBasis::Old, Some(u)) => {
                    let is_successor = successions
                        .values()
                        .any(|news| news.contains(&(u.code.clone(), u.valid_from.clone())));
                    if !is_successor {
                        (u.code.clone(), u.name.clone())
                    } else {
                        // The household's latest earlier record under a predecessor of `u`.
                        let earlier = history_stmt
                            .query_map(params![household_id, round_id], |r| {
                                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
                            })?
                            .collect::<rusqlite::Result<Vec<_>>>()?;
                        let predecessor = earlier
                            .iter()
                            .filter(|(_, d)| !d.is_empty() && d.as_str() < u.valid_from.as_str())
                            .max_by(|a, b| a.1.cmp(&b.1))
                            .and_then(|(c, d)| find(c, d))
                            .filter(|old| forward(old).code == u.code);
                        match predecessor {
                            Some(old) => (old.code.clone(), old.name.clone()),
                            None => unknown(),
                        }
                    }
                }
            };
            *counts.entry((unit_code, unit_name, class)).or_insert(0) += 1;
        }
        Ok(counts
            .into_iter()
            .map(
                |((unit_code, unit_name, class), households)| UnitClassCount {
                    unit_code,
                    unit_name,
                    class,
                    households,
                },
            )
            .collect())
    }
}
