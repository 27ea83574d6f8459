//! Households that share one code in a round ("trùng mã hộ"): the window's save refuses a
//! second household with a code already used, but batches can still bring two (two
//! enumerators of one commune working offline, or one household entered twice on two
//! machines). Importing refuses neither, since refusing a signed batch would stop the commune's
//! sync and dropping either household would lose a form; the pair is found here, from what
//! the store holds, and listed beside the edit conflicts until the commune renumbers one.
//!
//! Found, never stored: the list is true after any import, in any order, any number of times,
//! and a renumbering that travels clears it everywhere.

use rusqlite::params;
use serde::Serialize;

use crate::error::Result;
use crate::Store;

/// One household of a shared code, named the way the office finds it: its code, commune,
/// village and who filled its form (never the head's name: the list is printed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeHolder {
    pub household_id: String,
    pub commune_code: String,
    pub village: String,
    /// The record's review state (`ReviewState::as_str`).
    pub status: String,
    /// Who last saved the form (the journal's actor), and on which installation.
    pub filled_by: Option<String>,
    pub filled_on: Option<String>,
    pub filled_at: Option<i64>,
}

/// A code that more than one household of a round holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DuplicateCode {
    /// This installation's round, and its year for people.
    pub round_id: String,
    pub round_year: i32,
    pub code: String,
    /// Two or more, by household id.
    pub households: Vec<CodeHolder>,
}

impl Store {
    /// Every code held by more than one household of the same round, by round and code.
    pub fn duplicate_codes(&self) -> Result<Vec<DuplicateCode>> {
        // Codes are compared as the window's check compares them (trimmed); an empty code is
        // a household not numbered yet, never a duplicate.
        let mut stmt = self.conn.prepare(
            "WITH coded AS (
                 SELECT r.round_id, TRIM(h.code) AS code, h.id, r.commune_code, r.village,
                        r.status
                 FROM survey_record r JOIN household h ON h.id = r.household_id
                 WHERE TRIM(h.code) <> ''
             ),
             shared AS (
                 SELECT round_id, code FROM coded GROUP BY round_id, code HAVING COUNT(*) > 1
             )
             SELECT c.round_id, round.year, c.code, c.id, c.commune_code, c.village, c.status
             FROM coded c
             JOIN shared s ON s.round_id = c.round_id AND s.code = c.code
             JOIN round ON round.id = c.round_id
             ORDER BY round.year, c.round_id, c.code, c.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i32>(1)?,
                r.get::<_, String>(2)?,
                CodeHolder {
                    household_id: r.get(3)?,
                    commune_code: r.get(4)?,
                    village: r.get(5)?,
                    status: r.get(6)?,
                    filled_by: None,
                    filled_on: None,
                    filled_at: None,
                },
            ))
        })?;
        let mut out: Vec<DuplicateCode> = Vec::new();
        for row in rows {
            let (round_id, round_year, code, holder) = row?;
            match out.last_mut() {
                Some(last) if last.round_id == round_id && last.code == code => {
                    last.households.push(holder);
                }
                _ => out.push(DuplicateCode {
                    round_id,
                    round_year,
                    code,
                    households: vec![holder],
                }),
            }
        }
        // Who filled each form: the latest save of its record. Entries made elsewhere name the
        // round by its id there, which `round_alias` maps onto this installation's round.
        let mut filled = self.conn.prepare_cached(
            "SELECT actor, origin, recorded_at FROM journal
             WHERE entity = 'survey' AND operation <> 'review'
               AND entity_id IN (SELECT ?1 || '/' || ?2
                                 UNION ALL
                                 SELECT ?1 || '/' || foreign_id FROM round_alias
                                 WHERE local_id = ?2)
             ORDER BY recorded_at DESC LIMIT 1",
        )?;
        for group in &mut out {
            for holder in &mut group.households {
                let mut rows = filled.query(params![holder.household_id, group.round_id])?;
                if let Some(r) = rows.next()? {
                    holder.filled_by = Some(r.get(0)?);
                    holder.filled_on = Some(r.get(1)?);
                    holder.filled_at = Some(r.get(2)?);
                }
            }
        }
        Ok(out)
    }
}
