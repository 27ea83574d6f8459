//! How a domain classification is recorded with a survey record: the class, the scores and
//! the deprived indicators, by the ids every later report reads.

use rasoat_domain::classify::{Classification, Method};

use crate::SurveyResult;

impl SurveyResult {
    /// The record of a classification the domain computed.
    pub fn from_classification(c: &Classification) -> SurveyResult {
        SurveyResult {
            standard_id: c.standard_id.clone(),
            method: match c.method {
                Method::Score => "score",
                Method::Income => "income",
            }
            .into(),
            class: c.class.as_str().into(),
            score_a: c.score_a.as_ref().map(|a| a.total),
            score_b: c.score_b,
            deprived: c.deprived().map(|i| i.id.as_str().to_string()).collect(),
        }
    }
}
