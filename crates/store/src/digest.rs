//! Per-answers digests for reports: the area type and what the domain's target measures count
//! of one household's answers, computed once per answers and rules and kept in
//! `answers_digest` (migration 0005).
//!
//! Answers are content-addressed and immutable, so a digest never goes stale; the rules'
//! fingerprint includes `MEASURE_VERSION`, which a change to `targets::measure` must bump.
//! The digests are derived data like an index: not journalled and not exchanged.

use crate::report_memo::{ContentStamp, Touched};
use rasoat_domain::targets::{measure, HouseholdMeasure, MeasureRules};
use rasoat_domain::{AreaType, Household};
use rusqlite::{params, Transaction, TransactionBehavior};
use sha2::{Digest, Sha256};

use crate::error::Result;
use crate::Store;

/// Bump when `rasoat_domain::targets::measure` changes what it counts.
pub const MEASURE_VERSION: &str = "measure.v1";

/// The fingerprint of the measure version and a set of rules.
pub fn rules_fingerprint(rules: &MeasureRules) -> Result<String> {
    let json = serde_json::to_string(rules)?;
    let digest = Sha256::digest(format!("{MEASURE_VERSION}\n{json}").as_bytes());
    Ok(digest.iter().take(12).map(|b| format!("{b:02x}")).collect())
}

/// A digest row as read back.
pub(crate) fn measure_from_row(
    row: &rusqlite::Row<'_>,
    first: usize,
) -> rusqlite::Result<Option<(AreaType, HouseholdMeasure)>> {
    let area: Option<String> = row.get(first)?;
    // A draft whose "Khu vực" is not answered yet ("") belongs to neither area's counts.
    let area = match area.as_deref() {
        Some("urban") => AreaType::Urban,
        Some("rural") => AreaType::Rural,
        _ => return Ok(None),
    };
    let n = |i: usize| -> rusqlite::Result<u32> { row.get::<_, u32>(first + i) };
    Ok(Some((
        area,
        HouseholdMeasure {
            members: n(1)?,
            insured: n(2)?,
            hygienic_water: n(3)? != 0,
            hygienic_latrine: n(4)? != 0,
            school_age_children: n(5)?,
            school_age_in_school: n(6)?,
            labour: n(7)?,
            trained_labour: n(8)?,
            information_access: n(9)? != 0,
            net_income: row.get(first + 10)?,
            party_member: n(11)? != 0,
        },
    )))
}

/// The digest columns, in `measure_from_row`'s order, for a table aliased `d`.
pub(crate) const DIGEST_COLUMNS: &str = "d.area, d.members, d.insured, d.hygienic_water,
    d.hygienic_latrine, d.school_age_children, d.school_age_in_school, d.labour,
    d.trained_labour, d.information_access, d.net_income, d.party_member";

impl Store {
    /// Whether some answers of the round have no digest under the rules of `fingerprint`.
    pub(crate) fn answers_digests_missing(
        &self,
        round_id: &str,
        fingerprint: &str,
    ) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM survey_record r
                 WHERE r.round_id = ?1 AND r.answers_hash IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM answers_digest d
                                   WHERE d.hash = r.answers_hash AND d.rules = ?2))",
            params![round_id, fingerprint],
            |r| r.get(0),
        )?)
    }

    /// Computes the digests a round's answers lack under `rules` (streaming the answers, one
    /// household at a time), and returns the rules' fingerprint and how many were computed.
    /// The first report of a round pays for parsing its answers; later ones read the digests.
    pub fn ensure_answers_digests(
        &self,
        round_id: &str,
        rules: &MeasureRules,
    ) -> Result<(String, u64)> {
        let fingerprint = rules_fingerprint(rules)?;
        if !self.answers_digests_missing(round_id, &fingerprint)? {
            return Ok((fingerprint, 0));
        }
        // A write inside a report: the store is shared with other processes, so take the
        // write lock up front (busy timeout) rather than fail on an upgrade.
        let before = ContentStamp::of(&self.conn)?;
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let mut computed = 0;
        {
            let mut select = tx.prepare(
                "SELECT r.answers_hash, a.json, a.packed FROM survey_record r
                 JOIN answers a ON a.hash = r.answers_hash
                 WHERE r.round_id = ?1
                   AND NOT EXISTS (SELECT 1 FROM answers_digest d
                                   WHERE d.hash = r.answers_hash AND d.rules = ?2)",
            )?;
            let mut insert = tx.prepare(
                "INSERT OR IGNORE INTO answers_digest (hash, rules, area, members, insured,
                     hygienic_water, hygienic_latrine, school_age_children,
                     school_age_in_school, labour, trained_labour, information_access,
                     net_income, party_member)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            )?;
            let mut rows = select.query(params![round_id, fingerprint])?;
            while let Some(row) = rows.next()? {
                let hash: String = row.get(0)?;
                let json = crate::answers::text(row.get(1)?, row.get(2)?, &hash)?;
                // The store wrote these answers itself from a checked household.v1: the plain
                // typed parse is enough (the reader's second, diagnosing pass is not needed).
                let household: Household = serde_json::from_str(&json)?;
                let m = measure(&household, rules);
                insert.execute(params![
                    hash,
                    fingerprint,
                    match household.area {
                        Some(AreaType::Urban) => "urban",
                        Some(AreaType::Rural) => "rural",
                        None => "",
                    },
                    m.members,
                    m.insured,
                    m.hygienic_water,
                    m.hygienic_latrine,
                    m.school_age_children,
                    m.school_age_in_school,
                    m.labour,
                    m.trained_labour,
                    m.information_access,
                    m.net_income,
                    m.party_member,
                ])?;
                computed += 1;
            }
        }
        tx.commit()?;
        // Digests are derived from answers the store held already: no report changes.
        self.reports.wrote(
            before,
            ContentStamp::of(&self.conn)?,
            Touched::NothingCounted,
        );
        Ok((fingerprint, computed))
    }
}
