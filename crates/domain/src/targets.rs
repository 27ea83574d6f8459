//! The targets of a local resolution (the Đồng Văn district resolution of 29/12/2020 ships in
//! `assets/targets/dong-van-2020.json`) and what a review measures of each, per household.
//!
//! The targets are data: values, comparisons, the formula in Vietnamese, the source section and
//! how sure each reading is. The rules a target needs that the poverty standard does not give
//! (which water is "hợp vệ sinh" — wider than the indicator's "nước sạch" —, who counts as
//! labour and as trained, the school ages 6–14) are parameters of the same file; the code only
//! knows what each *kind* of measure means. Aggregation (sums over a unit) is the store's job.

use serde::{Deserialize, Serialize};

use crate::indicators::device_count;
use crate::model::{AreaType, Dong, Employment, Household, Latrine, Training, WaterSource};
use crate::standard::{Confidence, Device};

/// The format tag of a targets document.
pub const TARGETS_V1: &str = "targets.v1";

static DONG_VAN_2020_JSON: &str = include_str!("../../../assets/targets/dong-van-2020.json");

/// A resolution's targets and the rules to measure them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Targets {
    pub format: String,
    pub id: String,
    pub name_vi: String,
    /// An English gloss of the resolution's name (its Vietnamese is the text that counts).
    #[serde(default)]
    pub name_en: String,
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Baseline>,
    pub rules: MeasureRules,
    pub targets: Vec<Target>,
}

/// Where the resolution starts from.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub year: i32,
    pub poor_rate_percent: f64,
    /// The standard the baseline rate was measured by.
    pub standard: String,
    pub note_vi: String,
    pub confidence: Confidence,
}

/// The rules behind the measures, with how sure each is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureRules {
    pub hygienic_water: Vec<WaterSource>,
    pub hygienic_water_confidence: Confidence,
    pub hygienic_water_note_vi: String,
    #[serde(default)]
    pub hygienic_water_note_en: String,
    pub hygienic_latrines: Vec<Latrine>,
    pub hygienic_latrines_confidence: Confidence,
    pub hygienic_latrines_note_vi: String,
    #[serde(default)]
    pub hygienic_latrines_note_en: String,
    /// Children from this age (completed years on the survey day)…
    pub school_from_age: i32,
    /// …to this age included.
    pub school_to_age: i32,
    pub school_confidence: Confidence,
    pub school_note_vi: String,
    #[serde(default)]
    pub school_note_en: String,
    pub labour_from_age: i32,
    pub labour_below_age: i32,
    pub labour_confidence: Confidence,
    pub labour_note_vi: String,
    #[serde(default)]
    pub labour_note_en: String,
    pub information_devices: Vec<Device>,
    pub information_internet_counts: bool,
    pub information_loudspeaker_counts: bool,
    pub information_confidence: Confidence,
    pub information_note_vi: String,
    #[serde(default)]
    pub information_note_en: String,
}

/// What a target measures.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureKind {
    /// Fall of the poor-household rate per year between rounds.
    PovertyReduction,
    /// People with a health-insurance card ÷ people.
    HealthInsurance,
    /// People of households whose main water source is hygienic ÷ people.
    HygienicWater,
    /// Households with a hygienic latrine ÷ households.
    HygienicLatrine,
    /// Children of the school ages in school ÷ children of those ages.
    SchoolAttendance,
    /// Trained labour ÷ labour.
    TrainedLabour,
    /// Households with access to information ÷ households.
    InformationAccess,
    /// Measured net income ÷ people of the households whose income was measured, per year.
    IncomePerPerson,
    /// Poor households with a Party member.
    PoorPartyMemberHouseholds,
}

/// How a value is compared with the target.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    /// Above ("trên").
    Gt,
    /// At least ("từ … trở lên").
    Ge,
    /// Below.
    Lt,
    /// At most ("không còn" = at most 0).
    Le,
}

impl Comparison {
    pub fn holds(self, value: f64, target: f64) -> bool {
        match self {
            Comparison::Gt => value > target,
            Comparison::Ge => value >= target,
            Comparison::Lt => value < target,
            Comparison::Le => value <= target,
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::Gt => ">",
            Comparison::Ge => "≥",
            Comparison::Lt => "<",
            Comparison::Le => "≤",
        }
    }
}

/// How "reduce the rate by N % a year" is read; the resolution does not say.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reduction {
    /// Percentage points a year: 41.96 % → 35.96 %.
    Points,
    /// Per cent of the previous rate a year: 41.96 % → 39.44 %.
    Relative,
}

/// One target.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub id: String,
    pub name_vi: String,
    /// An English gloss of the resolution's wording, for the window's English mode.
    #[serde(default)]
    pub name_en: String,
    pub measure: MeasureKind,
    /// Only households of this area count (rural or urban targets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<AreaType>,
    pub comparison: Comparison,
    pub value: f64,
    /// `percent`, `points_per_year`, `dong_per_person_year` or `households`.
    pub unit: String,
    /// For `poverty_reduction`: points or relative.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reduction: Option<Reduction>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reduction_confidence: Option<Confidence>,
    /// The formula, written next to the figure.
    pub formula_vi: String,
    #[serde(default)]
    pub formula_en: String,
    /// Section of the resolution.
    pub source: String,
    /// How sure the target itself is (value and wording).
    pub confidence: Confidence,
    pub note_vi: String,
    #[serde(default)]
    pub note_en: String,
}

/// Why a targets document was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetsError {
    #[error("tệp chỉ tiêu không hợp lệ tại `{path}`: {message} / invalid targets document")]
    Invalid { path: String, message: String },
}

impl Targets {
    /// The Đồng Văn resolution of 29/12/2020, as shipped.
    pub fn dong_van_2020() -> Result<Targets, TargetsError> {
        Targets::from_json(DONG_VAN_2020_JSON)
    }

    /// Parses and checks a targets document (a province's or district's own).
    pub fn from_json(text: &str) -> Result<Targets, TargetsError> {
        let de = &mut serde_json::Deserializer::from_str(text);
        let parsed: Targets =
            serde_path_to_error::deserialize(&mut *de).map_err(|e| TargetsError::Invalid {
                path: e.path().to_string(),
                message: e.into_inner().to_string(),
            })?;
        de.end().map_err(|e| TargetsError::Invalid {
            path: ".".into(),
            message: e.to_string(),
        })?;
        let invalid = |path: &str, message: &str| TargetsError::Invalid {
            path: path.into(),
            message: message.into(),
        };
        if parsed.format != TARGETS_V1 {
            return Err(invalid("format", &format!("cần `{TARGETS_V1}`")));
        }
        let r = &parsed.rules;
        if r.school_from_age > r.school_to_age || r.labour_from_age >= r.labour_below_age {
            return Err(invalid("rules", "khoảng tuổi rỗng / empty age band"));
        }
        for (i, t) in parsed.targets.iter().enumerate() {
            if !t.value.is_finite() {
                return Err(invalid(&format!("targets[{i}].value"), "không phải số"));
            }
            if t.measure == MeasureKind::PovertyReduction && t.reduction.is_none() {
                return Err(invalid(
                    &format!("targets[{i}].reduction"),
                    "cần `points` hoặc `relative`",
                ));
            }
        }
        Ok(parsed)
    }
}

/// What one household contributes to the targets: counts, so that the store only sums.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdMeasure {
    pub members: u32,
    /// Members holding a health-insurance card, whoever pays for it.
    pub insured: u32,
    pub hygienic_water: bool,
    pub hygienic_latrine: bool,
    /// Children of the school ages, and those of them in school.
    pub school_age_children: u32,
    pub school_age_in_school: u32,
    pub labour: u32,
    pub trained_labour: u32,
    pub information_access: bool,
    /// Net income of the last 12 months, allowances included, when it was measured.
    pub net_income: Option<Dong>,
    pub party_member: bool,
}

/// Measures one household by the rules.
pub fn measure(h: &Household, rules: &MeasureRules) -> HouseholdMeasure {
    let on = h.surveyed_on;
    let mut m = HouseholdMeasure {
        members: h.members.len() as u32,
        // An answer not given yet counts as not hygienic: a target is never met by a blank.
        hygienic_water: h.water.is_some_and(|w| rules.hygienic_water.contains(&w)),
        hygienic_latrine: h
            .latrine
            .is_some_and(|l| rules.hygienic_latrines.contains(&l)),
        information_access: information_access(h, rules),
        net_income: h.income.as_ref().map(|i| i.net_annual()),
        ..HouseholdMeasure::default()
    };
    for member in &h.members {
        // A member whose birth date is not answered yet is in no age group.
        let age = member.age_on(on).unwrap_or(-1);
        if member.health_insurance.is_some_and(|i| i.has_card()) {
            m.insured += 1;
        }
        if (rules.school_from_age..=rules.school_to_age).contains(&age) {
            m.school_age_children += 1;
            if member.in_school == Some(true) {
                m.school_age_in_school += 1;
            }
        }
        if is_labour(member.employment, age, rules) {
            m.labour += 1;
            if member.training.is_some_and(|t| t >= Training::Elementary) {
                m.trained_labour += 1;
            }
        }
        m.party_member |= member.party_member;
    }
    m
}

/// Labour force: of working age, and working or looking for work (column 15 codes 1–2).
fn is_labour(employment: Option<Employment>, age: i32, rules: &MeasureRules) -> bool {
    (rules.labour_from_age..rules.labour_below_age).contains(&age)
        && matches!(
            employment,
            Some(Employment::Working) | Some(Employment::Unemployed)
        )
}

fn information_access(h: &Household, rules: &MeasureRules) -> bool {
    rules
        .information_devices
        .iter()
        .any(|d| device_count(h, *d).is_some_and(|n| n > 0))
        || (rules.information_internet_counts && h.members.iter().any(|m| m.internet == Some(true)))
        || (rules.information_loudspeaker_counts && h.hears_loudspeaker == Some(true))
}

/// Whether a household is an ethnic-minority household in the sense of the report templates
/// (Mẫu 7.8 notes): its head or the head's spouse belongs to an ethnic minority, i.e. is not
/// Kinh (GSO code `01`).
pub fn is_ethnic_minority(h: &Household) -> bool {
    h.members.iter().any(|m| {
        matches!(
            m.relation,
            Some(crate::model::Relation::Head | crate::model::Relation::Spouse)
        ) && !m.ethnicity.is_empty()
            && m.ethnicity != KINH
    })
}

/// GSO ethnicity code of the Kinh majority.
pub const KINH: &str = "01";

/// The name of an ethnic group by its GSO code (the groups of Đồng Văn and the largest ones
/// nationally; other codes are shown as the code).
pub fn ethnicity_name_vi(code: &str) -> Option<&'static str> {
    Some(match code {
        "01" => "Kinh",
        "02" => "Tày",
        "03" => "Thái",
        "04" => "Hoa",
        "05" => "Khmer",
        "06" => "Mường",
        "07" => "Nùng",
        "08" => "Mông",
        "09" => "Dao",
        "10" => "Gia Rai",
        "12" => "Ê Đê",
        "13" => "Ba Na",
        "14" => "Sán Chay",
        "17" => "Sán Dìu",
        "19" => "Giáy",
        "24" => "La Chí",
        "27" => "Phù Lá",
        "28" => "Lô Lô",
        "31" => "Pu Péo",
        "32" => "Cơ Lao",
        "33" => "Bố Y",
        _ => return None,
    })
}

/// The value of a rate as the dashboard shows it: per cent, `None` when nobody is counted.
pub fn percent(numerator: u64, denominator: u64) -> Option<f64> {
    (denominator > 0).then(|| 100.0 * numerator as f64 / denominator as f64)
}

/// The yearly fall of the poor rate between two rounds, read the way the target says.
pub fn poverty_reduction_per_year(
    before_percent: f64,
    after_percent: f64,
    years: i32,
    reduction: Reduction,
) -> Option<f64> {
    if years <= 0 {
        return None;
    }
    let years = f64::from(years);
    match reduction {
        Reduction::Points => Some((before_percent - after_percent) / years),
        Reduction::Relative => {
            if before_percent <= 0.0 || after_percent < 0.0 {
                return None;
            }
            // The constant yearly relative fall that takes `before` to `after`.
            Some(100.0 * (1.0 - (after_percent / before_percent).powf(1.0 / years)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{HealthInsurance, Relation};
    use crate::testkit;

    fn rules() -> MeasureRules {
        Targets::dong_van_2020().expect("shipped targets").rules
    }

    #[test]
    fn the_shipped_targets_parse_and_name_every_measure_of_the_brief() {
        let t = Targets::dong_van_2020().expect("targets");
        let kinds: Vec<MeasureKind> = t.targets.iter().map(|t| t.measure).collect();
        for k in [
            MeasureKind::PovertyReduction,
            MeasureKind::HealthInsurance,
            MeasureKind::HygienicWater,
            MeasureKind::HygienicLatrine,
            MeasureKind::SchoolAttendance,
            MeasureKind::TrainedLabour,
            MeasureKind::InformationAccess,
            MeasureKind::IncomePerPerson,
            MeasureKind::PoorPartyMemberHouseholds,
        ] {
            assert!(kinds.contains(&k), "{k:?}");
        }
        let p = t
            .targets
            .iter()
            .find(|t| t.measure == MeasureKind::PovertyReduction)
            .expect("poverty");
        assert_eq!(p.reduction, Some(Reduction::Points));
        assert_eq!(p.reduction_confidence, Some(Confidence::Unconfirmed));
        assert!(t.targets.iter().all(|t| !t.formula_vi.is_empty()));
    }

    #[test]
    fn the_shipped_targets_say_everything_in_english_too() {
        // The dashboard's English mode shows these; a target added without its English would
        // show Vietnamese only.
        let t = Targets::dong_van_2020().expect("targets");
        assert!(!t.name_en.is_empty());
        for x in &t.targets {
            assert!(!x.name_en.is_empty(), "{}: name_en", x.id);
            assert!(!x.formula_en.is_empty(), "{}: formula_en", x.id);
            assert!(
                x.note_vi.is_empty() || !x.note_en.is_empty(),
                "{}: note_en",
                x.id
            );
        }
        let r = &t.rules;
        for (vi, en) in [
            (&r.hygienic_water_note_vi, &r.hygienic_water_note_en),
            (&r.hygienic_latrines_note_vi, &r.hygienic_latrines_note_en),
            (&r.school_note_vi, &r.school_note_en),
            (&r.labour_note_vi, &r.labour_note_en),
            (&r.information_note_vi, &r.information_note_en),
        ] {
            assert!(vi.is_empty() || !en.is_empty(), "a rule's note_en: {en:?}");
        }
    }

    #[test]
    fn a_document_with_text_after_it_or_a_bad_format_is_refused() {
        let text = DONG_VAN_2020_JSON.to_string();
        assert!(Targets::from_json(&format!("{text} {{}}")).is_err());
        assert!(Targets::from_json(&text.replace("targets.v1", "targets.v0")).is_err());
    }

    #[test]
    fn rainwater_is_hygienic_for_the_target_but_not_clean_for_the_indicator() {
        let r = rules();
        assert!(r.hygienic_water.contains(&WaterSource::Rainwater));
        assert!(!r.hygienic_water.contains(&WaterSource::SurfaceWater));
        assert!(!r.hygienic_latrines.contains(&Latrine::PitWithSlab));
    }

    #[test]
    fn a_household_is_measured_member_by_member() {
        let mut h = testkit::baseline();
        h.water = Some(WaterSource::Rainwater);
        h.latrine = Some(Latrine::None);
        h.assets = Default::default();
        h.hears_loudspeaker = None;
        for m in &mut h.members {
            m.internet = Some(false);
            m.health_insurance = Some(HealthInsurance::None);
            m.party_member = false;
        }
        h.members[0].health_insurance = Some(HealthInsurance::StateBudget);
        h.members[0].party_member = true;
        let m = measure(&h, &rules());
        assert_eq!(m.members, 4);
        assert_eq!(m.insured, 1);
        assert!(m.hygienic_water);
        assert!(!m.hygienic_latrine);
        assert!(!m.information_access);
        assert!(m.party_member);
        // Children of 12 and 8 on the survey day.
        assert_eq!(m.school_age_children, 2);
        assert_eq!(h.members[0].relation, Some(Relation::Head));
    }

    #[test]
    fn reduction_in_points_and_relative() {
        let p = poverty_reduction_per_year(41.96, 29.96, 2, Reduction::Points).expect("p");
        assert!((p - 6.0).abs() < 1e-9);
        let r = poverty_reduction_per_year(50.0, 40.5, 2, Reduction::Relative).expect("r");
        assert!((r - 10.0).abs() < 1e-9);
        assert_eq!(
            poverty_reduction_per_year(1.0, 1.0, 0, Reduction::Points),
            None
        );
        assert!(Comparison::Le.holds(0.0, 0.0));
        assert!(!Comparison::Gt.holds(99.0, 99.0));
    }
}
