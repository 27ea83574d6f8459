//! The lists behind the report files, read row by row for `rasoat-reports`: the round's
//! reviewed households (the export's "Danh sách hộ") and its poor and near-poor households (the
//! posting lists and certificates). The SQL stays here; the files are written elsewhere.
//!
//! Both stream through a callback, one row at a time, so a 200,000-household round is never
//! held in memory. The callback's error type is the caller's (it only has to take a
//! `StoreError`), so a writer's own failure stops the walk and comes back unchanged.
//!
//! The rows carry heads' names: they are the official lists. Nothing here logs.

use rasoat_domain::workflow::ReviewState;
use rasoat_domain::Household;
use rusqlite::params;

use crate::error::StoreError;
use crate::report::round_day;
use crate::Store;

/// One line of a round's household list.
#[derive(Debug, Clone, PartialEq)]
pub struct ListedHousehold {
    pub code: String,
    /// The head's name as recorded on the household.
    pub head: String,
    pub commune: String,
    pub village: String,
    /// `poor`, `near_poor`, `middle`, `other`, or none before classification.
    pub class: Option<String>,
    pub score_a: Option<i64>,
    pub score_b: Option<i64>,
    /// Ids of the deprivation indicators the household lacks.
    pub deprived: Vec<String>,
    /// The record's review state (`draft`, `completed`, …).
    pub status: String,
}

/// One poor or near-poor household of a round, with its answers.
#[derive(Debug, Clone, PartialEq)]
pub struct PoorOrNearPoor {
    pub household_id: String,
    pub code: String,
    /// The head's name as recorded on the household.
    pub head: String,
    pub commune: String,
    pub village: String,
    /// `poor` or `near_poor`.
    pub class: String,
    pub score_a: Option<i64>,
    pub score_b: Option<i64>,
    /// The household.v1 answers of the record, when it has any.
    pub answers: Option<Household>,
    /// The survey day (ISO), or the round's reference day when not surveyed yet.
    pub surveyed_on: String,
    /// The commune chairman's recognition decision, as recorded at step 6: its number as
    /// typed and its day (ISO); `None` before the household was recognised.
    pub decision_number: Option<String>,
    pub decided_on: Option<String>,
}

impl Store {
    /// Calls `each` with the running number and the line of every reviewed household of a
    /// round (its form finished: `ReviewState::is_reviewed`, the households the summary's
    /// class columns count), in commune, village and name order, one row at a time (nothing
    /// is collected); returns how many there were. A draft or a returned form is left out: its
    /// class is not a result yet, and the list is titled and used as the reviewed households'.
    /// One commune at a time, so the sort SQLite does holds one commune's rows, not the whole
    /// round's.
    pub fn for_each_listed_household<E: From<StoreError>>(
        &self,
        round_id: &str,
        mut each: impl FnMut(u64, ListedHousehold) -> Result<(), E>,
    ) -> Result<u64, E> {
        let communes: Vec<String> = self
            .conn
            .prepare(
                "SELECT DISTINCT commune_code FROM survey_record WHERE round_id = ?1
                 ORDER BY commune_code",
            )
            .and_then(|mut stmt| {
                stmt.query_map([round_id], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()
            })
            .map_err(StoreError::from)?;
        let mut stmt = self
            .conn
            // The commune's records are picked from the round's index alone (it holds the
            // commune, migration 0031) before any record is read: joined directly, SQLite read
            // every record of the round for each commune and kept those of the commune, about
            // 180,000 pages a commune at 200,000 households against 18,000, each decrypted in
            // an encrypted store (docs/benchmarks.md).
            .prepare(
                "WITH chosen AS MATERIALIZED (
                     SELECT household_id FROM survey_record
                     WHERE round_id = ?1 AND commune_code = ?2)
                 SELECT h.code, h.head_name, r.commune_code, r.village, r.class, r.score_a,
                        r.score_b, r.deprived, r.status
                 FROM chosen
                 JOIN survey_record r ON r.household_id = chosen.household_id
                                     AND r.round_id = ?1
                 JOIN household h ON h.id = r.household_id
                 ORDER BY r.village, h.search_key",
            )
            .map_err(StoreError::from)?;
        let mut n = 0;
        for commune in &communes {
            let mut rows = stmt
                .query(params![round_id, commune])
                .map_err(StoreError::from)?;
            while let Some(r) = rows.next().map_err(StoreError::from)? {
                let line = listed_household(r)?;
                // A state this version does not know is never taken for a finished form.
                if !ReviewState::parse(&line.status).is_some_and(ReviewState::is_reviewed) {
                    continue;
                }
                n += 1;
                each(n, line)?;
            }
        }
        Ok(n)
    }

    /// Calls `each` with every poor and near-poor household of a round (optionally of one
    /// commune) whose review state `allowed` accepts, by commune, village, class and name, one
    /// at a time; returns how many poor or near-poor households were held back because of
    /// their state (their answers are not even read). The rule of which state allows what is
    /// the domain's (`ReviewState::may_be_posted`, `may_be_certified`).
    pub fn for_each_poor_or_near_poor<E: From<StoreError>>(
        &self,
        round_id: &str,
        commune: Option<&str>,
        allowed: impl Fn(ReviewState) -> bool,
        mut each: impl FnMut(PoorOrNearPoor) -> Result<(), E>,
    ) -> Result<u64, E> {
        let round = self.round(round_id)?;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT r.household_id, h.code, h.head_name, r.commune_code, r.village, r.class,
                        r.score_a, r.score_b, r.answers_hash, COALESCE(r.surveyed_on, ?3),
                        r.status, r.decision_number, r.decided_on
                 FROM survey_record r JOIN household h ON h.id = r.household_id
                 WHERE r.round_id = ?1 AND r.class IN ('poor', 'near_poor')
                   AND (?2 IS NULL OR r.commune_code = ?2)
                 ORDER BY r.commune_code, r.village, r.class DESC, h.search_key",
            )
            .map_err(StoreError::from)?;
        let mut rows = stmt
            .query(params![round_id, commune, round_day(&round)])
            .map_err(StoreError::from)?;
        let mut held_back = 0;
        while let Some(r) = rows.next().map_err(StoreError::from)? {
            let status: String = r.get(10).map_err(StoreError::from)?;
            // A state this version does not know is never taken for a later one.
            if !ReviewState::parse(&status).is_some_and(&allowed) {
                held_back += 1;
                continue;
            }
            let household = self.poor_or_near_poor(r)?;
            each(household)?;
        }
        Ok(held_back)
    }

    fn poor_or_near_poor(&self, r: &rusqlite::Row<'_>) -> Result<PoorOrNearPoor, StoreError> {
        let answers_hash: Option<String> = r.get(8)?;
        Ok(PoorOrNearPoor {
            household_id: r.get(0)?,
            code: r.get(1)?,
            head: r.get(2)?,
            commune: r.get(3)?,
            village: r.get(4)?,
            class: r.get(5)?,
            score_a: r.get(6)?,
            score_b: r.get(7)?,
            answers: match answers_hash {
                Some(hash) => Some(self.answers(&hash)?),
                None => None,
            },
            surveyed_on: r.get(9)?,
            decision_number: r.get(11)?,
            decided_on: r.get(12)?,
        })
    }
}

fn listed_household(r: &rusqlite::Row<'_>) -> Result<ListedHousehold, StoreError> {
    let deprived: Option<String> = r.get(7)?;
    Ok(ListedHousehold {
        code: r.get(0)?,
        head: r.get(1)?,
        commune: r.get(2)?,
        village: r.get(3)?,
        class: r.get(4)?,
        score_a: r.get(5)?,
        score_b: r.get(6)?,
        deprived: match deprived {
            Some(text) => serde_json::from_str(&text)?,
            None => Vec::new(),
        },
        status: r.get(8)?,
    })
}
