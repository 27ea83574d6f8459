//! How a domain classification is recorded with a survey record: the class, the scores, the
//! deprived indicators by the ids every later report reads, and Phiếu A's verdict.

use std::collections::HashMap;

use rasoat_domain::classify::Classification;
use rasoat_domain::phieu_a::{PhieuAOutcome, PhieuAVerdict};
use rusqlite::params;

use crate::error::Result;
use crate::{Store, SurveyResult};

impl SurveyResult {
    /// The record of a classification the domain computed.
    pub fn from_classification(c: &Classification) -> SurveyResult {
        SurveyResult {
            standard_id: c.standard_id.clone(),
            method: c.method.as_str().into(),
            class: c.class.as_str().into(),
            score_a: c.score_a.as_ref().map(|a| a.total),
            score_b: c.score_b,
            deprived: c.deprived().map(|i| i.id.as_str().to_string()).collect(),
            phieu_a: None,
        }
    }

    /// The same result, keeping Phiếu A's verdict when the household was screened with it.
    pub fn with_phieu_a(mut self, outcome: Option<&PhieuAOutcome>) -> SurveyResult {
        self.phieu_a = outcome.map(PhieuAOutcome::verdict);
        self
    }
}

impl Store {
    /// Phiếu A's stored verdicts of some households of a round, by household id (households
    /// not screened with Phiếu A are absent). For a list page: one query for its rows.
    pub fn phieu_a_verdicts(
        &self,
        round_id: &str,
        household_ids: &[String],
    ) -> Result<HashMap<String, PhieuAVerdict>> {
        let mut out = HashMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT phieu_a FROM survey_record
             WHERE household_id = ?1 AND round_id = ?2 AND phieu_a IS NOT NULL",
        )?;
        for id in household_ids {
            let text: Option<String> = stmt
                .query_row(params![id, round_id], |r| r.get(0))
                .map(Some)
                .or_else(|e| match e {
                    rusqlite::Error::QueryReturnedNoRows => Ok(None),
                    e => Err(e),
                })?;
            if let Some(text) = text {
                out.insert(id.clone(), serde_json::from_str(&text)?);
            }
        }
        Ok(out)
    }
}
