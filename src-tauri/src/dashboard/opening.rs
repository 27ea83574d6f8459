//! The list that opens a transition round's status year, as the dashboard names it beside the
//! round's own figures, and tallied for the unit once its standard names an official method.

use rasoat_domain::messages::Message;
use rasoat_domain::standard::{Standard, Standards};
use rasoat_store::report::{ReportLevel, ReportUnit};
use rasoat_store::{Round, RoundKind, Store, TallyUnit};
use serde::Serialize;

use crate::error::CommandResult;

/// The other list of a transition round, as the dashboard names it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DashOpeningList {
    /// "danh sách áp dụng năm 2027 theo …".
    pub label: Message,
    /// Whether its standard names an official review method.
    pub official: bool,
    /// The official method its standard names (the office's loaded file), if any.
    pub method: Option<String>,
    /// Where the standard's numbers come from, as its file says.
    pub source: String,
    /// With an official method: the unit's finished forms in each class of the list, classified
    /// from their answers; none without one (the list is then not tallied).
    pub tally: Option<DashOpeningTally>,
}

/// The opening list of the unit, class by class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DashOpeningTally {
    pub poor: u64,
    pub near_poor: u64,
    pub middle: u64,
    pub other: u64,
    /// Finished forms the standard could not classify.
    pub unclassified: u64,
    /// Of the finished forms, those the opening list's own village meeting agreed on, and those
    /// its chairman recognised.
    pub agreed: u64,
    pub recognised: u64,
}

/// The opening list of `round` for `unit`, when the round is a yearly transition round whose
/// recorded standard is the closing one.
pub(super) fn opening_list(
    store: &Store,
    standards: &Standards,
    round: &Round,
    standard: Option<&Standard>,
    unit: &ReportUnit,
) -> CommandResult<Option<DashOpeningList>> {
    let yearly = round.kind == RoundKind::Periodic;
    let opening = rasoat_domain::round::round_standards(standards, round.year)
        .ok()
        .filter(|r| yearly && standard.is_some_and(|s| s.id == r.closing.id))
        .and_then(|r| r.opening.map(|s| (s, r.status_year)));
    let Some((s, status_year)) = opening else {
        return Ok(None);
    };
    // Only a list with an official method is tallied: without one it is never a list anybody
    // may rely on (each household's form still shows it).
    let tally = match s.official_method {
        Some(_) => {
            let within = match unit.level {
                ReportLevel::District => TallyUnit::default(),
                ReportLevel::Commune => TallyUnit {
                    commune: Some(&unit.code),
                    village: None,
                },
                ReportLevel::Village => TallyUnit {
                    commune: Some(&unit.code),
                    village: unit.village.as_deref(),
                },
            };
            let t = store.opening_tally(&round.id, s, status_year, within)?;
            Some(DashOpeningTally {
                poor: t.poor,
                near_poor: t.near_poor,
                middle: t.middle,
                other: t.other,
                unclassified: t.unclassified,
                agreed: t.agreed,
                recognised: t.recognised,
            })
        }
        None => None,
    };
    Ok(Some(DashOpeningList {
        label: rasoat_domain::round::list_label(status_year, s, true),
        official: s.official_method.is_some(),
        method: s.official_method.clone(),
        source: s.source.clone(),
        tally,
    }))
}
