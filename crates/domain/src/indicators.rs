//! The deprivation indicators decided from a household's answers: each says deprived or not,
//! why, in words a commune cadre reads, and which members caused it.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::labels::{decimal_vi, Label};
use crate::model::{Employment, HealthInsurance, Household, Member, SocialAllowance, WageJob};
use crate::nutrition::{nutrition, NutritionSettings};
use crate::standard::{Confidence, Device, IndicatorId, IndicatorSpec, Rule};

/// How to read the state-budget exclusion of Phiếu B2 item 2.2 ("Không tính đối tượng thuộc
/// nhóm do ngân sách nhà nước đóng bảo hiểm y tế theo quy định của Luật Bảo hiểm y tế"); the
/// text allows both (poverty-scoring-tt07.md §1.3, [U]), so the round chooses and every
/// explanation that rests on it says "chưa rõ trong văn bản".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HealthInsuranceReading {
    /// Members of a group whose card the state budget pays are left out of the test, with a
    /// card or without one (`Member::state_budget_group_no_card`), so they never make the
    /// household deprived. Default: the plain reading of "Không tính đối tượng …".
    #[default]
    StateBudgetGroupExcluded,
    /// A card paid by the state budget does not count as having insurance, and a member of
    /// such a group without a card is counted like anyone without one.
    StateBudgetCardNotCounted,
}

/// Choices the official text leaves open, for the indicators.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IndicatorSettings {
    pub health_insurance: HealthInsuranceReading,
    pub nutrition: NutritionSettings,
}

/// A member named by an indicator: position on the form (1-based, "TT") and identity.
/// Never the name: results travel into logs and reports.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRef {
    pub number: usize,
    pub id: Uuid,
}

/// One indicator decided for one household.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorResult {
    pub id: IndicatorId,
    pub dimension_vi: String,
    pub name_vi: String,
    pub name_en: String,
    /// The official threshold wording.
    pub wording_vi: String,
    pub deprived: bool,
    /// Why, in Vietnamese: the facts that decided it.
    pub reason_vi: String,
    pub reason_en: String,
    /// The members that make the household deprived (empty for household-level facts).
    pub members: Vec<MemberRef>,
    /// How sure the rule is (shown as a label).
    pub confidence: Confidence,
    /// Some answers the rule needs are missing; the indicator was decided without them.
    pub missing_answers: bool,
    /// Not decided: answers the rule needs are missing and what is answered does not already
    /// make the household deprived. Never shown as "not deprived".
    pub unknown: bool,
}

/// Decides one indicator.
pub fn evaluate(
    h: &Household,
    spec: &IndicatorSpec,
    settings: &IndicatorSettings,
) -> IndicatorResult {
    let mut outcome = decide(h, &spec.rule, settings);
    let unknown = outcome.missing && !outcome.deprived;
    if unknown {
        // What the rule says of the answers it has is a "not deprived" sentence ("everyone
        // aged 6+ is insured"), which read beside an undecided indicator as good news.
        outcome.reason_vi = "Chưa xác định: còn thiếu câu trả lời mà chỉ số này cần; \
                             những câu đã trả lời chưa cho thấy thiếu hụt."
            .to_string();
        outcome.reason_en = "Not decided yet: answers this indicator needs are missing; \
                             those given show no deprivation so far."
            .to_string();
    }
    IndicatorResult {
        id: spec.id,
        dimension_vi: spec.dimension_vi.clone(),
        name_vi: spec.name_vi.clone(),
        name_en: spec.name_en.clone(),
        wording_vi: spec.wording_vi.clone(),
        deprived: outcome.deprived,
        reason_vi: outcome.reason_vi,
        reason_en: outcome.reason_en,
        members: outcome.members,
        confidence: spec.confidence,
        missing_answers: outcome.missing,
        unknown,
    }
}

struct Outcome {
    deprived: bool,
    reason_vi: String,
    reason_en: String,
    members: Vec<MemberRef>,
    missing: bool,
}

impl Outcome {
    fn household(deprived: bool, reason_vi: String, reason_en: String) -> Outcome {
        Outcome {
            deprived,
            reason_vi,
            reason_en,
            members: Vec::new(),
            missing: false,
        }
    }

    /// A household-level answer the rule needs is not given yet.
    fn unanswered(what_vi: &str, what_en: &str) -> Outcome {
        Outcome {
            missing: true,
            ..Outcome::household(
                false,
                format!("chưa trả lời: {what_vi}"),
                format!("not answered yet: {what_en}"),
            )
        }
    }

    /// Builds the outcome of a per-member rule from the members it caught.
    fn from_members(
        caught: Vec<(MemberRef, String, String)>,
        none_vi: &str,
        none_en: &str,
        missing: bool,
    ) -> Outcome {
        if caught.is_empty() {
            return Outcome {
                deprived: false,
                reason_vi: none_vi.to_string(),
                reason_en: none_en.to_string(),
                members: Vec::new(),
                missing,
            };
        }
        let reason_vi = caught
            .iter()
            .map(|c| c.1.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        let reason_en = caught
            .iter()
            .map(|c| c.2.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        Outcome {
            deprived: true,
            reason_vi,
            reason_en,
            members: caught.into_iter().map(|c| c.0).collect(),
            missing,
        }
    }
}

/// Each member with its age, `None` while the birth date is not answered.
fn members(h: &Household) -> impl Iterator<Item = (MemberRef, &Member, Option<i32>)> {
    h.members.iter().enumerate().map(|(i, m)| {
        (
            MemberRef {
                number: i + 1,
                id: m.id,
            },
            m,
            m.age_on(h.surveyed_on),
        )
    })
}

/// Members of a known age in `[from, below)`; a member of unknown age sets `missing`, since
/// the rule may concern them.
fn members_aged<'h>(
    h: &'h Household,
    from: i32,
    below: i32,
    missing: &mut bool,
) -> Vec<(MemberRef, &'h Member, i32)> {
    let mut found = Vec::new();
    for (r, m, age) in members(h) {
        match age {
            Some(age) if from <= age && age < below => found.push((r, m, age)),
            Some(_) => {}
            None => *missing = true,
        }
    }
    found
}

/// Names a member whose age may not be known yet.
fn who_maybe(r: MemberRef, age: Option<i32>) -> (String, String) {
    match age {
        Some(age) => who(r, age),
        None => (
            format!("thành viên số {}", r.number),
            format!("member {}", r.number),
        ),
    }
}

fn who(r: MemberRef, age: i32) -> (String, String) {
    (
        format!("thành viên số {} ({} tuổi)", r.number, age),
        format!("member {} (age {})", r.number, age),
    )
}

fn decide(h: &Household, rule: &Rule, settings: &IndicatorSettings) -> Outcome {
    match rule {
        Rule::Employment { min_age } => {
            let mut missing = false;
            let mut caught = Vec::new();
            for (r, m, age) in members_aged(h, *min_age, i32::MAX, &mut missing) {
                let (w_vi, w_en) = who(r, age);
                if m.employment == Some(Employment::Unemployed) {
                    caught.push((
                        r,
                        format!("{w_vi} không có việc làm"),
                        format!("{w_en} is unemployed"),
                    ));
                } else if m.employment == Some(Employment::Working)
                    && m.wage_job == Some(WageJob::WithoutContract)
                {
                    // "có việc làm công ăn lương nhưng không có hợp đồng": a contract answer
                    // left on a member who is not working is no wage job.
                    caught.push((
                        r,
                        format!("{w_vi} làm công ăn lương không có hợp đồng lao động"),
                        format!("{w_en} has a wage job without a labour contract"),
                    ));
                } else if m.employment.is_none()
                    || (m.employment == Some(Employment::Working) && m.wage_job.is_none())
                {
                    // Not asked yet, or working with column 17 open: a wage job without a
                    // contract is still possible.
                    missing = true;
                }
            }
            Outcome::from_members(
                caught,
                "không ai không có việc làm hoặc làm công ăn lương không có hợp đồng",
                "nobody is unemployed or in a wage job without contract",
                missing,
            )
        }
        Rule::Dependants {
            child_under_age,
            ratio_above_percent,
        } => {
            let mut dependants = Vec::new();
            // Members who are dependants or not by an answer still open (the age, or column
            // 14 of a member who is no child).
            let mut unknown_age = 0i64;
            for (r, m, age) in members(h) {
                let allowance = matches!(
                    m.social_allowance,
                    Some(SocialAllowance::Elderly | SocialAllowance::Disabled)
                );
                match age {
                    _ if allowance => dependants.push(r),
                    Some(age) if age < *child_under_age => dependants.push(r),
                    Some(_) if m.social_allowance.is_none() => unknown_age += 1,
                    Some(_) => {}
                    None => unknown_age += 1,
                }
            }
            let n = h.members.len();
            let d = dependants.len();
            // Integer comparison: "lớn hơn 50%" must not depend on float rounding.
            let above = |d: i64| n > 0 && d * 100 > i64::from(*ratio_above_percent) * n as i64;
            let deprived = above(d as i64);
            // Members whose age is not known yet could still tip the ratio over.
            let missing = !deprived && unknown_age > 0 && above(d as i64 + unknown_age);
            let pct = if n == 0 {
                0.0
            } else {
                d as f64 * 100.0 / n as f64
            };
            let cmp = if deprived { ">" } else { "≤" };
            let mut o = Outcome::household(
                deprived,
                format!(
                    "{d}/{n} người phụ thuộc (trẻ dưới {child_under_age} tuổi, người cao tuổi hoặc khuyết tật hưởng trợ cấp hằng tháng) = {}% {cmp} {ratio_above_percent}%",
                    decimal_vi(pct)
                ),
                format!("{d}/{n} dependants = {pct:.1}% {cmp} {ratio_above_percent}%"),
            );
            if deprived {
                o.members = dependants;
            }
            o.missing = missing;
            o
        }
        Rule::Nutrition { under_age } => {
            let mut missing = false;
            let mut caught = Vec::new();
            for (r, m, age) in members_aged(h, i32::MIN, *under_age, &mut missing) {
                if m.height_cm.is_none() && (age >= 10 || m.weight_kg.is_none()) {
                    missing = true;
                }
                let Some(sex) = m.sex else {
                    // The references differ by sex: without it nothing can be looked up.
                    missing = true;
                    continue;
                };
                let months = m.age_months_on(h.surveyed_on).unwrap_or_default();
                if let Some(found) =
                    nutrition(sex, months, m.height_cm, m.weight_kg, &settings.nutrition)
                {
                    let (w_vi, w_en) = who(r, age);
                    caught.push((
                        r,
                        format!("{w_vi}: {}", found.reason_vi),
                        format!("{w_en}: {}", found.reason_en),
                    ));
                }
            }
            Outcome::from_members(
                caught,
                "không có trẻ dưới 16 tuổi suy dinh dưỡng theo Mẫu 3.11",
                "no child under 16 below the Mẫu 3.11 references",
                missing,
            )
        }
        Rule::HealthcareAccess => {
            let missing = h.members.iter().any(|m| m.sick_without_care.is_none());
            let caught = members(h)
                .filter(|(_, m, _)| m.sick_without_care == Some(true))
                .map(|(r, _, age)| {
                    let (w_vi, w_en) = who_maybe(r, age);
                    (
                        r,
                        format!("{w_vi} ốm đau nhưng không đi khám chữa bệnh"),
                        format!("{w_en} was sick and did not seek care"),
                    )
                })
                .collect();
            Outcome::from_members(
                caught,
                "không có người ốm đau mà không đi khám chữa bệnh",
                "nobody went without care when sick",
                missing,
            )
        }
        Rule::HealthInsurance { from_age } => {
            let mut missing = false;
            let aged = members_aged(h, *from_age, i32::MAX, &mut missing);
            if aged.iter().any(|(_, m, _)| m.health_insurance.is_none()) {
                missing = true;
            }
            let reading = settings.health_insurance;
            let mut left_out = 0usize;
            let caught = aged
                .into_iter()
                .filter_map(|(r, m, age)| {
                    let (w_vi, w_en) = who(r, age);
                    match (m.health_insurance?, reading) {
                        (
                            HealthInsurance::None,
                            HealthInsuranceReading::StateBudgetGroupExcluded,
                        ) if m.state_budget_group_no_card => {
                            left_out += 1;
                            None
                        }
                        (HealthInsurance::None, _) if m.state_budget_group_no_card => Some((
                            r,
                            format!("{w_vi} thuộc nhóm do ngân sách nhà nước đóng BHYT nhưng không có thẻ (vẫn tính theo cách đọc của kỳ rà soát, chưa rõ trong văn bản)"),
                            format!("{w_en} belongs to a state-paid group but has no card (counted by the round's reading, not settled by the text)"),
                        )),
                        (HealthInsurance::None, _) => Some((
                            r,
                            format!("{w_vi} không có bảo hiểm y tế"),
                            format!("{w_en} has no health insurance"),
                        )),
                        (
                            HealthInsurance::StateBudget,
                            HealthInsuranceReading::StateBudgetCardNotCounted,
                        ) => Some((
                            r,
                            format!("{w_vi} chỉ có thẻ BHYT do ngân sách nhà nước đóng (không tính là có BHYT theo cách đọc của kỳ rà soát, chưa rõ trong văn bản)"),
                            format!("{w_en} only has a state-paid card (not counted as insured by the round's reading, not settled by the text)"),
                        )),
                        _ => None,
                    }
                })
                .collect();
            let (none_vi, none_en) = if left_out == 0 {
                (
                    format!("mọi người từ đủ {from_age} tuổi đều có bảo hiểm y tế"),
                    format!("everyone aged {from_age}+ is insured"),
                )
            } else {
                (
                    format!("mọi người từ đủ {from_age} tuổi đều có bảo hiểm y tế, trừ {left_out} người thuộc nhóm do ngân sách nhà nước đóng BHYT chưa có thẻ, không tính theo cách đọc của kỳ rà soát (chưa rõ trong văn bản)"),
                    format!("everyone aged {from_age}+ is insured, but for {left_out} of a state-paid group without a card, left out by the round's reading (not settled by the text)"),
                )
            };
            Outcome::from_members(caught, &none_vi, &none_en, missing)
        }
        Rule::AdultEducation {
            bands,
            born_from_year,
        } => {
            let mut missing = false;
            let mut caught = Vec::new();
            for (r, m, age) in members(h) {
                let (Some(birth), Some(age)) = (m.birth, age) else {
                    missing = true;
                    continue;
                };
                if born_from_year.is_some_and(|y| birth.year() < y) {
                    continue;
                }
                let Some(band) = bands
                    .iter()
                    .find(|b| b.from_age <= age && age < b.below_age)
                else {
                    continue;
                };
                let trained = band
                    .or_training
                    .is_some_and(|t| m.training.is_some_and(|have| have >= t));
                let schooled = m.education.is_some_and(|e| e >= band.min_education);
                if m.in_school == Some(true) || schooled || trained {
                    continue;
                }
                // Not schooled enough by what is answered; an open answer could still clear them.
                if m.in_school.is_none()
                    || m.education.is_none()
                    || (band.or_training.is_some() && m.training.is_none())
                {
                    missing = true;
                    continue;
                }
                let (w_vi, w_en) = who(r, age);
                let need_vi = match band.or_training {
                    Some(t) => format!(
                        "chưa tốt nghiệp {} và chưa có {}",
                        band.min_education.label_vi(),
                        t.label_vi()
                    ),
                    None => format!("chưa tốt nghiệp {}", band.min_education.label_vi()),
                };
                caught.push((
                    r,
                    format!("{w_vi} không đi học, {need_vi}"),
                    format!(
                        "{w_en} is not in school and has not completed {}",
                        band.min_education.label_en()
                    ),
                ));
            }
            Outcome::from_members(
                caught,
                "mọi người trong độ tuổi có bằng cấp phù hợp hoặc đang đi học",
                "everyone in the age band is schooled enough or in school",
                missing,
            )
        }
        Rule::ChildSchooling { bands } => {
            let mut missing = false;
            let mut caught = Vec::new();
            for (r, m, age) in members(h) {
                let Some(age) = age else {
                    missing = true;
                    continue;
                };
                let Some(band) = bands
                    .iter()
                    .find(|b| b.from_age <= age && age < b.below_age)
                else {
                    continue;
                };
                let (w_vi, w_en) = who(r, age);
                let Some(in_school) = m.in_school else {
                    // Column 8 not asked yet: neither at school nor out of it.
                    missing = true;
                    continue;
                };
                if !in_school {
                    caught.push((
                        r,
                        format!("{w_vi} không đi học"),
                        format!("{w_en} is not in school"),
                    ));
                    continue;
                }
                match (band.min_level, m.school_level) {
                    // Mẫu 7.11 names the stage each age should reach ("trẻ từ 6 tuổi đến dưới
                    // 12 tuổi được tiếp cận giáo dục tiểu học", …): a stage below it, or a
                    // course that is no stage at all, does not attend at the right level.
                    (Some(need), Some(level)) if !level.is_school_stage() || level < need => caught
                        .push((
                            r,
                            format!(
                                "{w_vi} đang học {} — chưa đúng cấp {}",
                                level.label_vi(),
                                need.label_vi()
                            ),
                            format!(
                                "{w_en} attends {} below {}",
                                level.label_en(),
                                need.label_en()
                            ),
                        )),
                    (Some(_), None) => missing = true,
                    _ => {}
                }
            }
            Outcome::from_members(
                caught,
                "trẻ em trong độ tuổi đều đi học đúng cấp",
                "every child of school age attends the right level",
                missing,
            )
        }
        Rule::HousingQuality {
            min_non_durable_parts,
            durable_walls,
            durable_columns,
            durable_roofs,
        } => {
            let hs = &h.housing;
            let mut weak_vi = Vec::new();
            let mut weak_en = Vec::new();
            let mut open = 0u32;
            match hs.wall {
                Some(wall) if !durable_walls.contains(&wall) => {
                    weak_vi.push(format!("tường ({})", wall.label_vi()));
                    weak_en.push("wall");
                }
                Some(_) => {}
                None => open += 1,
            }
            match hs.column {
                Some(column) if !durable_columns.contains(&column) => {
                    weak_vi.push(format!("cột ({})", column.label_vi()));
                    weak_en.push("column");
                }
                Some(_) => {}
                None => open += 1,
            }
            match hs.roof {
                Some(roof) if !durable_roofs.contains(&roof) => {
                    weak_vi.push(format!("mái ({})", roof.label_vi()));
                    weak_en.push("roof");
                }
                Some(_) => {}
                None => open += 1,
            }
            let n = weak_vi.len() as u32;
            let deprived = n >= *min_non_durable_parts;
            if !deprived && n + open >= *min_non_durable_parts {
                return Outcome::unanswered("tường, cột hoặc mái nhà", "walls, columns or roof");
            }
            let list = if weak_vi.is_empty() {
                "không có".to_string()
            } else {
                weak_vi.join(", ")
            };
            Outcome::household(
                deprived,
                format!(
                    "{n}/3 bộ phận chủ yếu không bền chắc: {list} — nhà {}",
                    if deprived {
                        "không bền chắc"
                    } else {
                        "bền chắc"
                    }
                ),
                format!("{n}/3 main parts not durable: {}", weak_en.join(", ")),
            )
        }
        Rule::HousingArea { min_m2_per_person } => {
            let Some(area) = h.housing.counted_area_m2() else {
                return Outcome::unanswered("diện tích nhà ở", "living area");
            };
            let n = h.members.len().max(1) as f64;
            // Compare area with threshold × members, not area / members with the threshold:
            // 40 m² for 5 people is exactly 8 m² each and must not be deprived.
            let deprived = area < min_m2_per_person * n;
            let per = area / n;
            let cmp = if deprived { "<" } else { "≥" };
            Outcome::household(
                deprived,
                format!(
                    "{} m² / {} người = {} m²/người {cmp} {} m²",
                    decimal_vi(area),
                    h.members.len(),
                    decimal_vi(per),
                    decimal_vi(*min_m2_per_person)
                ),
                format!(
                    "{area:.1} m² / {} people = {per:.2} m² each {cmp} {min_m2_per_person} m²",
                    h.members.len()
                ),
            )
        }
        Rule::Water { clean } => {
            let Some(water) = h.water else {
                return Outcome::unanswered("nguồn nước sinh hoạt", "drinking water source");
            };
            let deprived = !clean.contains(&water);
            Outcome::household(
                deprived,
                format!(
                    "nguồn nước chính: {} — {}",
                    water.label_vi(),
                    if deprived {
                        "không phải nước sạch"
                    } else {
                        "nước sạch"
                    }
                ),
                format!("main water source: {}", water.label_en()),
            )
        }
        Rule::Latrine { hygienic } => {
            let Some(latrine) = h.latrine else {
                return Outcome::unanswered("loại nhà tiêu", "latrine type");
            };
            let deprived = !hygienic.contains(&latrine);
            Outcome::household(
                deprived,
                format!(
                    "nhà tiêu: {} — {}",
                    latrine.label_vi(),
                    if deprived {
                        "không hợp vệ sinh"
                    } else {
                        "hợp vệ sinh"
                    }
                ),
                format!("latrine: {}", latrine.label_en()),
            )
        }
        Rule::Waste { adequate } => match h.waste {
            Some(w) => {
                let deprived = !adequate.contains(&w);
                Outcome::household(
                    deprived,
                    format!("rác thải: {}", w.label_vi()),
                    format!("waste: {}", w.label_en()),
                )
            }
            None => Outcome {
                missing: true,
                ..Outcome::household(
                    false,
                    "chưa ghi cách xử lý rác thải".into(),
                    "waste handling not recorded".into(),
                )
            },
        },
        Rule::Telecom { phone_counts } => {
            let users = h
                .members
                .iter()
                .filter(|m| m.internet == Some(true))
                .count();
            let a = &h.assets;
            let phone_answers = [a.landline_phone, a.mobile_phone, a.smartphone];
            let phones = phone_answers
                .iter()
                .flatten()
                .fold(0u32, |n, c| n.saturating_add(*c));
            if users > 0 {
                return Outcome::household(
                    false,
                    format!("{users} người sử dụng internet"),
                    format!("{users} internet users"),
                );
            }
            if *phone_counts && phones > 0 {
                return Outcome::household(
                    false,
                    format!("có {phones} điện thoại"),
                    format!("{phones} phones"),
                );
            }
            // Nothing answered clears the household yet: a question still open could, so it
            // is not deprived until every one is answered.
            let internet_open = h.members.iter().any(|m| m.internet.is_none());
            let phones_open = *phone_counts && phone_answers.iter().any(Option::is_none);
            if internet_open || phones_open {
                return Outcome::unanswered(
                    "sử dụng internet (cột 13) hoặc số điện thoại (mục IX)",
                    "internet use (column 13) or phone counts (item IX)",
                );
            }
            Outcome::household(
                true,
                "không có thành viên nào sử dụng internet".to_string(),
                "nobody uses the internet".to_string(),
            )
        }
        Rule::InformationDevices {
            devices,
            loudspeaker_counts,
        } => {
            let owned: Vec<Device> = devices
                .iter()
                .copied()
                .filter(|d| device_count(h, *d).is_some_and(|n| n > 0))
                .collect();
            let loudspeaker = *loudspeaker_counts && h.hears_loudspeaker == Some(true);
            if !owned.is_empty() {
                return Outcome::household(
                    false,
                    format!(
                        "có {}",
                        owned
                            .iter()
                            .map(|d| d.label_vi())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    format!(
                        "owns {}",
                        owned
                            .iter()
                            .map(|d| d.label_en())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
            }
            if loudspeaker {
                return Outcome::household(
                    false,
                    "nghe được loa truyền thanh".to_string(),
                    "hears the loudspeakers".to_string(),
                );
            }
            // A device whose count is still open could clear the household.
            if devices.iter().any(|d| device_count(h, *d).is_none()) {
                return Outcome::unanswered(
                    "phương tiện phục vụ tiếp cận thông tin (mục IX)",
                    "information devices (item IX)",
                );
            }
            Outcome::household(
                true,
                "không có phương tiện nào phục vụ tiếp cận thông tin".to_string(),
                "no information device".to_string(),
            )
        }
    }
}

/// How many of a device the household has; `None` while not answered.
pub fn device_count(h: &Household, d: Device) -> Option<u32> {
    let a = &h.assets;
    match d {
        Device::ColorTv => a.color_tv,
        Device::Radio => a.radio,
        Device::DesktopComputer => a.desktop_computer,
        Device::LandlinePhone => a.landline_phone,
        Device::MobilePhone => a.mobile_phone,
        Device::Laptop => a.laptop,
        Device::Tablet => a.tablet,
        Device::Smartphone => a.smartphone,
    }
}

/// All indicators of a standard, in the standard's order.
pub fn evaluate_all(
    h: &Household,
    specs: &[IndicatorSpec],
    settings: &IndicatorSettings,
) -> Vec<IndicatorResult> {
    specs.iter().map(|s| evaluate(h, s, settings)).collect()
}
