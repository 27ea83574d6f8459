//! The survey date checked against the round the form is entered in: a day of another year is
//! most often a date left at today while entering an earlier round's forms. A warning, since
//! the date is the enumerator's to correct: the queue, the CLI and the window all say it.

use crate::messages::{Code, Message};
use crate::validate::{Finding, Severity};
use crate::Household;

/// The finding's stable code.
pub const OTHER_YEAR: &str = "surveyed_other_year";

/// Warnings about `h`'s survey date in a round of `round_year`: one when the day is in
/// another year.
pub fn round_findings(h: &Household, round_year: i32) -> Vec<Finding> {
    let year = h.surveyed_on.year();
    if year == round_year {
        return Vec::new();
    }
    vec![Finding {
        severity: Severity::Warning,
        path: "surveyed_on".into(),
        code: OTHER_YEAR.into(),
        message: Message::new(Code::FindingSurveyedOtherYear)
            .with("year", year)
            .with("round", round_year),
    }]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::{render, Lang};
    use crate::testkit::baseline;

    #[test]
    fn a_day_of_another_year_than_the_round_is_a_warning_and_the_rounds_year_is_none() {
        let mut h = baseline();
        h.surveyed_on = "2026-12-06".parse().expect("date");
        let found = round_findings(&h, 2024);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(found[0].path, "surveyed_on");
        let said = render(Lang::Vi, &found[0].message);
        assert!(said.contains("2026") && said.contains("2024"), "{said}");
        h.surveyed_on = "2024-10-01".parse().expect("date");
        assert!(round_findings(&h, 2024).is_empty());
    }
}
