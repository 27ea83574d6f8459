//! Classifying a household before Phiếu B is all in: an open "Khu vực" is classified in
//! both areas, the poorer class shown as provisional; a household Phiếu A stops (mã 0) is not
//! classified by Phiếu B at all.

use super::{classify_in, Class, Classification, ClassifyError, Method, Settings};
use crate::messages::{Code, Message, Words};
use crate::model::{AreaType, Household};
use crate::phieu_a::{phieu_a, PhieuAOutcome, PhieuAResult, PhieuARules};
use crate::standard::Standard;
use crate::validate::unanswered;

/// Classifies a household by one standard. While "Khu vực" is not answered the household is
/// classified in both areas: the class is the poorer of the two, provisional (`area` is listed
/// in `provisional`), and a caveat names both, so an open area never passes for rural.
pub fn classify(
    h: &Household,
    standard: &Standard,
    method: Method,
    settings: &Settings,
) -> Result<Classification, ClassifyError> {
    if let Some(outcome) = phieu_a_stop(h, standard) {
        return stopped_by_phieu_a(h, standard, method, outcome);
    }
    let Some(area) = h.area else {
        let in_area = |area: AreaType| {
            let placed = Household {
                area: Some(area),
                ..h.clone()
            };
            classify_in(&placed, area, standard, method, settings).map(|mut c| {
                // Classified as if answered: what is open is the original's.
                c.provisional = provisional(h);
                c
            })
        };
        let rural = in_area(AreaType::Rural)?;
        let urban = in_area(AreaType::Urban)?;
        let (rural_class, urban_class) = (rural.class, urban.class);
        let mut chosen = if urban_class < rural_class {
            urban
        } else {
            rural
        };
        chosen.area = None;
        chosen.caveats.insert(
            0,
            Message::new(Code::CaveatAreaOpen)
                .with("rural", rural_class.code())
                .with("urban", urban_class.code()),
        );
        return Ok(chosen);
    };
    classify_in(h, area, standard, method, settings)
}

/// The answers not given yet that the class depends on, in the form's order.
pub(super) fn provisional(h: &Household) -> Vec<String> {
    unanswered(h)
        .into_iter()
        .filter(|u| u.affects_class)
        .map(|u| u.path)
        .collect()
}

/// Phiếu A's mã 0 "ngừng rà soát" (TT 07/2021, Phụ lục II, cột E): the household is not
/// reviewed with Phiếu B, so no score or deprivation decides anything. Phụ lục IV: "Phiếu A
/// dùng để nhận dạng nhanh hộ gia đình không thuộc diện hộ nghèo, hộ cận nghèo": the class
/// shown is "other" (neither poor nor near-poor, KN on the lists), with Phiếu A's reason.
fn stopped_by_phieu_a(
    h: &Household,
    standard: &Standard,
    method: Method,
    outcome: PhieuAOutcome,
) -> Result<Classification, ClassifyError> {
    if h.members.is_empty() {
        return Err(ClassifyError::NoMembers);
    }
    Ok(Classification {
        standard_id: standard.id.clone(),
        standard_name_vi: standard.name_vi.clone(),
        standard_name_en: standard.name_en.clone(),
        method,
        class: Class::Other,
        area: h.area,
        income: None,
        score_a: None,
        score_b: None,
        deprivation_count: 0,
        indicators: Vec::new(),
        explanation: Message::new(Code::ExplanationPhieuAStop).with(
            "reason",
            Words {
                vi: outcome.reason_vi,
                en: outcome.reason_en,
            },
        ),
        caveats: Vec::new(),
        provisional: Vec::new(),
    })
}

/// Phiếu A's outcome when it stops the review of a household that asked to be reviewed, under
/// a standard whose procedure has Phiếu A (TT 07/2021: the one with a score table).
fn phieu_a_stop(h: &Household, standard: &Standard) -> Option<PhieuAOutcome> {
    standard.score.as_ref()?;
    let answers = h.phieu_a.as_ref()?;
    let outcome = phieu_a(answers, &PhieuARules::for_province(&h.location.province));
    (outcome.result == PhieuAResult::Stop).then_some(outcome)
}
