//! The list that opens a transition round's status year, tallied for a unit: every finished
//! form of the round (drafts and returned forms apart, as for the round's own figures) is read
//! from its answers and classified by the domain (`round::classify_opening`) under the opening
//! standard the installation holds, with the round's settings. Nothing is stored: the opening
//! list is derived from the answers whenever it is asked for, so a standards file loaded later
//! changes it at once.

use rasoat_domain::opening_review::OpeningState;
use rasoat_domain::round::classify_opening;
use rasoat_domain::standard::Standard;
use rasoat_domain::workflow::ReviewState;
use rusqlite::params;
use serde::Serialize;

use crate::error::{Result, StoreError};
use crate::Store;

/// How many finished forms of a unit fall in each class of the opening list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OpeningTally {
    pub poor: u64,
    pub near_poor: u64,
    pub middle: u64,
    pub other: u64,
    /// Finished forms the standard could not classify (no measured income, say).
    pub unclassified: u64,
    /// Of those forms, how many the opening list's own village meeting agreed on (agreed,
    /// recognised or reported on its track, `opening_review.rs`), and how many its chairman
    /// recognised (recognised or reported), on the answers they hold now.
    pub agreed: u64,
    pub recognised: u64,
}

/// Which records a tally counts: the round's, of one commune, or of one village of it.
#[derive(Debug, Clone, Copy, Default)]
pub struct TallyUnit<'a> {
    pub commune: Option<&'a str>,
    pub village: Option<&'a str>,
}

impl Store {
    /// The opening list of round `round_id` under `standard` for `status_year`, tallied over
    /// the finished forms of `unit`.
    pub fn opening_tally(
        &self,
        round_id: &str,
        standard: &Standard,
        status_year: i32,
        unit: TallyUnit<'_>,
    ) -> Result<OpeningTally> {
        let round = self.round(round_id)?;
        let settings = self.round_settings(round_id)?;
        let mut stmt = self.conn.prepare(
            "SELECT s.answers_hash, COALESCE(s.status, ''), o.status
             FROM record_summary s
             LEFT JOIN opening_review o ON o.household_id = s.household_id
                    AND o.round_id = s.round_id AND o.answers_hash = s.answers_hash
             WHERE s.round_id = ?1 AND s.answers_hash IS NOT NULL
               AND (?2 IS NULL OR s.commune_code = ?2) AND (?3 IS NULL OR s.village = ?3)",
        )?;
        let rows = stmt.query_map(params![round_id, unit.commune, unit.village], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })?;
        let mut tally = OpeningTally::default();
        for row in rows {
            let (hash, status, opening_step) = row?;
            let finished = ReviewState::parse(&status).is_some_and(ReviewState::is_reviewed);
            if !finished {
                continue;
            }
            let step = opening_step.as_deref().and_then(OpeningState::parse);
            if step.is_some_and(OpeningState::may_be_posted) {
                tally.agreed += 1;
            }
            if step.is_some_and(OpeningState::may_be_certified) {
                tally.recognised += 1;
            }
            let Some(json) = crate::answers::read(&self.conn, &hash)? else {
                continue;
            };
            let household = rasoat_domain::from_json(&json)
                .map_err(|source| StoreError::StoredAnswers { source })?;
            let opening =
                classify_opening(&household, standard, status_year, round.method, &settings);
            let slot = match opening.classification.map(|c| c.class.as_str()) {
                Some("poor") => &mut tally.poor,
                Some("near_poor") => &mut tally.near_poor,
                Some("middle") => &mut tally.middle,
                Some(_) => &mut tally.other,
                None => &mut tally.unclassified,
            };
            *slot += 1;
        }
        Ok(tally)
    }
}
