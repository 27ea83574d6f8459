//! The poverty standards as data: income lines, the deprivation indicators with their
//! thresholds, and the score rule. The national set ships in `assets/standards/national.json`;
//! a province can load its own standard beside it (a second classification, as the official
//! forms have). No threshold is written in code: code only knows what a rule *kind* means.

use serde::{Deserialize, Serialize};

use crate::model::{
    AreaType, ColumnMaterial, Dong, Education, Latrine, RoofMaterial, SchoolLevel, Training,
    WallMaterial, WasteHandling, WaterSource,
};
use crate::score_a::{ScoreTable, ScoreTableError};

/// The file every standards document starts with.
pub const STANDARDS_V1: &str = "standards.v1";

static NATIONAL_JSON: &str = include_str!("../../../assets/standards/national.json");

/// How sure we are of a rule: the reference marks every fact confirmed, partial or
/// unconfirmed, and the UI shows the label next to the rule.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Read in the official text.
    Confirmed,
    /// The gist is sourced, the exact legal wording is not (or it is our reading).
    Partial,
    /// Not found in any source: implemented as correctable data.
    Unconfirmed,
}

impl Confidence {
    pub fn label_vi(self) -> &'static str {
        match self {
            Confidence::Confirmed => "đã xác nhận",
            Confidence::Partial => "xác nhận một phần",
            Confidence::Unconfirmed => "chưa xác nhận",
        }
    }
}

/// A set of standards: the national ones plus any local ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Standards {
    pub format: String,
    pub standards: Vec<Standard>,
}

/// National, or a province's own standard applied beside the national one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    National,
    Local,
}

/// One standard: who is poor, near-poor, middle, for which review years.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Standard {
    /// Stable id, e.g. `nd07-2021`.
    pub id: String,
    pub name_vi: String,
    pub name_en: String,
    pub scope: Scope,
    /// For a local standard: the GSO province code it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    /// First and last calendar year (inclusive) the standard is in force. A review done in
    /// year N closes N under the standard of N and decides the list of N + 1 (its status
    /// year) under the standard of N + 1 (`round::round_standards`).
    pub years: [i32; 2],
    pub rural: Lines,
    pub urban: Lines,
    /// Deprivations from which an income-poor household is poor rather than near-poor.
    pub min_deprivations: u32,
    pub indicators: Vec<IndicatorSpec>,
    /// The TT 07/2021 score rule, for standards reviewed by scores.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<ScoreRule>,
    /// The standard's own point table (`rasoat.score-table.v1`), written into the standards
    /// file beside its cut-offs, so the table, its cut-offs and the file's digest travel as
    /// one. `score` then holds that table's cut-offs; without it score A is TT 07/2021's
    /// compiled-in table, which only TT 07's own cut-offs may use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score_table: Option<ScoreTable>,
    /// The official text that says how a review measures households against this standard
    /// (forms, score tables), when one is known. Without it a list under the standard is
    /// "chưa có phương pháp chính thức": shown, never recognised or certified. An office
    /// corrects it by loading a file, as any other rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub official_method: Option<String>,
    /// How sure we are of the lines.
    pub lines_confidence: Confidence,
    /// Where the numbers come from.
    pub source: String,
}

/// Income lines in đồng per person per month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lines {
    /// QĐ 59/2015's first branch: at or below this income a household is poor whatever its
    /// deprivations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poor_income_only: Option<Dong>,
    /// At or below: poor (with enough deprivations) or near-poor.
    pub poverty: Dong,
    /// At or below (and above `poverty`): middle living standard. `None` where the law's line
    /// is not known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle: Option<Dong>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_confidence: Option<Confidence>,
}

/// The score rule of TT 07/2021 Art. 1: score A stands for income, score B for deprivations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreRule {
    /// Score A at or below which a rural household is income-poor (140).
    pub a_max_rural: i32,
    /// Same for urban households (175).
    pub a_max_urban: i32,
    /// Points per deprivation (10).
    pub b_per_deprivation: i32,
    /// Score B from which an income-poor household is poor (30).
    pub b_min_poor: i32,
}

impl ScoreRule {
    pub fn a_max(&self, area: AreaType) -> i32 {
        match area {
            AreaType::Rural => self.a_max_rural,
            AreaType::Urban => self.a_max_urban,
        }
    }
}

/// The indicators every standard draws from. The id is stable across standards, so a
/// report can follow "health insurance" from 2016 to 2030.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorId {
    Employment,
    Dependants,
    Nutrition,
    HealthcareAccess,
    HealthInsurance,
    AdultEducation,
    ChildSchooling,
    HousingQuality,
    HousingArea,
    Water,
    Latrine,
    Waste,
    Telecom,
    InformationDevices,
}

impl IndicatorId {
    pub fn as_str(self) -> &'static str {
        match self {
            IndicatorId::Employment => "employment",
            IndicatorId::Dependants => "dependants",
            IndicatorId::Nutrition => "nutrition",
            IndicatorId::HealthcareAccess => "healthcare_access",
            IndicatorId::HealthInsurance => "health_insurance",
            IndicatorId::AdultEducation => "adult_education",
            IndicatorId::ChildSchooling => "child_schooling",
            IndicatorId::HousingQuality => "housing_quality",
            IndicatorId::HousingArea => "housing_area",
            IndicatorId::Water => "water",
            IndicatorId::Latrine => "latrine",
            IndicatorId::Waste => "waste",
            IndicatorId::Telecom => "telecom",
            IndicatorId::InformationDevices => "information_devices",
        }
    }
}

/// One deprivation indicator of one standard: its official words and its rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorSpec {
    pub id: IndicatorId,
    pub dimension_vi: String,
    pub name_vi: String,
    pub name_en: String,
    /// The threshold as the official form words it (Phiếu B2), shown to the user.
    pub wording_vi: String,
    pub rule: Rule,
    pub confidence: Confidence,
    pub source: String,
}

/// What decides an indicator, with its parameters. The kinds are code; the numbers are data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Rule {
    /// A member from `min_age` is unemployed, or has a wage job without a contract.
    Employment { min_age: i32 },
    /// Dependants (children under `child_under_age`, elderly or disabled people paid a monthly
    /// social allowance) are more than `ratio_above_percent` % of the members.
    Dependants {
        child_under_age: i32,
        ratio_above_percent: i32,
    },
    /// A child under `under_age` is below the Mẫu 3.11 reference height or weight.
    Nutrition { under_age: i32 },
    /// A member was sick and did not seek care (QĐ 59/2015).
    HealthcareAccess,
    /// A member from `from_age` has no health insurance.
    HealthInsurance { from_age: i32 },
    /// A member in one of the bands is not in school and lacks the education of the band.
    AdultEducation {
        bands: Vec<EducationBand>,
        /// Only members born in or after this year count (QĐ 59/2015's "born from 1986").
        #[serde(default, skip_serializing_if = "Option::is_none")]
        born_from_year: Option<i32>,
    },
    /// A child in one of the bands does not attend school at the band's level or above.
    ChildSchooling { bands: Vec<SchoolBand> },
    /// At least `min_non_durable_parts` of wall, column and roof are not of a durable material.
    HousingQuality {
        min_non_durable_parts: u32,
        durable_walls: Vec<WallMaterial>,
        durable_columns: Vec<ColumnMaterial>,
        durable_roofs: Vec<RoofMaterial>,
    },
    /// Living area per person below `min_m2_per_person`.
    HousingArea { min_m2_per_person: f64 },
    /// The main water source is not in the `clean` list.
    Water { clean: Vec<WaterSource> },
    /// The latrine is not in the `hygienic` list.
    Latrine { hygienic: Vec<Latrine> },
    /// Domestic waste is not handled in one of the `adequate` ways.
    Waste { adequate: Vec<WasteHandling> },
    /// No member uses the internet (and, when `phone_counts`, the household has no phone).
    Telecom { phone_counts: bool },
    /// The household has none of the `devices`; with `loudspeaker_counts`, hearing the
    /// commune loudspeakers is enough (QĐ 59/2015).
    InformationDevices {
        devices: Vec<Device>,
        #[serde(default)]
        loudspeaker_counts: bool,
    },
}

/// An age band and the education that counts as enough in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EducationBand {
    pub from_age: i32,
    pub below_age: i32,
    pub min_education: Education,
    /// Vocational training that counts instead of `min_education`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub or_training: Option<Training>,
}

/// An age band and the school level a child of it should attend (any level when `None`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchoolBand {
    pub from_age: i32,
    pub below_age: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_level: Option<SchoolLevel>,
}

/// Information devices named by Phiếu B2 item 6.2 (and QĐ 59/2015).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Device {
    ColorTv,
    Radio,
    DesktopComputer,
    LandlinePhone,
    MobilePhone,
    Laptop,
    Tablet,
    Smartphone,
}

/// Why a standards document was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StandardsError {
    #[error("tệp chuẩn nghèo không hợp lệ tại `{path}`: {message} / invalid standards file at `{path}`: {message}")]
    Invalid { path: String, message: String },
    #[error("chuẩn `{id}` có lỗi: {message} / standard `{id}`: {message}")]
    Inconsistent { id: String, message: String },
    #[error("chuẩn `{id}` có bảng điểm riêng sai: {fault} / standard `{id}` carries a faulty score table: {fault}")]
    ScoreTable { id: String, fault: ScoreTableError },
}

impl Standards {
    /// The national standards shipped with the app.
    pub fn national() -> Standards {
        // The embedded file is checked by a test; an error here would be a build defect,
        // so fall back to an empty set rather than panic in the field.
        Standards::from_json(NATIONAL_JSON).unwrap_or(Standards {
            format: STANDARDS_V1.into(),
            standards: Vec::new(),
        })
    }

    /// Parses and checks a standards document (a province's local standard, say).
    pub fn from_json(text: &str) -> Result<Standards, StandardsError> {
        let de = &mut serde_json::Deserializer::from_str(text);
        let parsed: Standards =
            serde_path_to_error::deserialize(&mut *de).map_err(|e| StandardsError::Invalid {
                path: e.path().to_string(),
                message: e.into_inner().to_string(),
            })?;
        // Text after the document (two files pasted together) is refused, as household.v1 is.
        de.end().map_err(|e| StandardsError::Invalid {
            path: ".".into(),
            message: e.to_string(),
        })?;
        if parsed.format != STANDARDS_V1 {
            return Err(StandardsError::Invalid {
                path: "format".into(),
                message: format!("cần `{STANDARDS_V1}`"),
            });
        }
        for s in &parsed.standards {
            s.check()?;
        }
        Ok(parsed)
    }

    /// Adds the standards of `other`; a standard with an id already present replaces it, so a
    /// district can correct an unconfirmed national rule by shipping a file.
    pub fn extend(&mut self, other: Standards) {
        for s in other.standards {
            if let Some(slot) = self.standards.iter_mut().find(|x| x.id == s.id) {
                *slot = s;
            } else {
                self.standards.push(s);
            }
        }
    }

    pub fn by_id(&self, id: &str) -> Option<&Standard> {
        self.standards.iter().find(|s| s.id == id)
    }

    /// The national standard that governs a review of `year`.
    pub fn national_for_year(&self, year: i32) -> Option<&Standard> {
        self.standards
            .iter()
            .find(|s| s.scope == Scope::National && s.applies_to(year))
    }

    /// Local standards of a province for `year`.
    pub fn local_for(&self, province: &str, year: i32) -> impl Iterator<Item = &Standard> {
        let province = province.to_string();
        self.standards.iter().filter(move |s| {
            s.scope == Scope::Local
                && s.province.as_deref() == Some(&province)
                && s.applies_to(year)
        })
    }
}

impl Standard {
    pub fn applies_to(&self, year: i32) -> bool {
        self.years[0] <= year && year <= self.years[1]
    }

    pub fn lines(&self, area: AreaType) -> &Lines {
        match area {
            AreaType::Rural => &self.rural,
            AreaType::Urban => &self.urban,
        }
    }

    /// The point table score A is counted on: the standard's own when its file carries one,
    /// TT 07/2021's otherwise.
    pub fn points(&self) -> &ScoreTable {
        self.score_table
            .as_ref()
            .unwrap_or_else(|| ScoreTable::tt07_2021())
    }

    pub fn indicator(&self, id: IndicatorId) -> Option<&IndicatorSpec> {
        self.indicators.iter().find(|i| i.id == id)
    }

    fn check(&self) -> Result<(), StandardsError> {
        let bad = |message: String| StandardsError::Inconsistent {
            id: self.id.clone(),
            message,
        };
        if self.years[0] > self.years[1] {
            return Err(bad("năm bắt đầu sau năm kết thúc".into()));
        }
        if self.scope == Scope::Local && self.province.is_none() {
            return Err(bad("chuẩn địa phương cần mã tỉnh (`province`)".into()));
        }
        for (area, l) in [("rural", &self.rural), ("urban", &self.urban)] {
            if l.poverty <= 0 {
                return Err(bad(format!("{area}: chuẩn nghèo phải dương")));
            }
            if l.poor_income_only.is_some_and(|p| p <= 0 || p > l.poverty) {
                return Err(bad(format!(
                    "{area}: ngưỡng nghèo thu nhập phải ≤ chuẩn nghèo"
                )));
            }
            if l.middle.is_some_and(|m| m <= l.poverty) {
                return Err(bad(format!("{area}: ngưỡng trung bình phải > chuẩn nghèo")));
            }
        }
        if let Some(table) = &self.score_table {
            table.check().map_err(|fault| StandardsError::ScoreTable {
                id: self.id.clone(),
                fault,
            })?;
        }
        let mut seen = Vec::new();
        for i in &self.indicators {
            if seen.contains(&i.id) {
                return Err(bad(format!("chỉ số `{}` lặp lại", i.id.as_str())));
            }
            seen.push(i.id);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_national_file_is_valid() {
        let parsed = Standards::from_json(NATIONAL_JSON).expect("national.json is valid");
        let ids: Vec<_> = parsed.standards.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["qd59-2015", "nd07-2021", "nd351-2025"]);
    }

    #[test]
    fn each_review_year_has_exactly_one_national_standard() {
        let all = Standards::national();
        for (year, id) in [
            (2016, "qd59-2015"),
            (2021, "qd59-2015"),
            (2022, "nd07-2021"),
            (2024, "nd07-2021"),
            (2026, "nd07-2021"),
            (2027, "nd351-2025"),
            (2030, "nd351-2025"),
        ] {
            let found: Vec<_> = all
                .standards
                .iter()
                .filter(|s| s.scope == Scope::National && s.applies_to(year))
                .map(|s| s.id.as_str())
                .collect();
            assert_eq!(found, [id], "year {year}");
        }
        assert!(all.national_for_year(2015).is_none());
        assert!(all.national_for_year(2031).is_none());
    }

    #[test]
    fn the_2022_standard_has_the_twelve_official_indicators() {
        let all = Standards::national();
        let nd07 = all.by_id("nd07-2021").expect("nd07");
        let names: Vec<_> = nd07.indicators.iter().map(|i| i.name_vi.as_str()).collect();
        assert_eq!(
            names,
            [
                "Việc làm",
                "Người phụ thuộc trong hộ gia đình",
                "Dinh dưỡng",
                "Bảo hiểm y tế",
                "Trình độ giáo dục của người lớn",
                "Tình trạng đi học của trẻ em",
                "Chất lượng nhà ở",
                "Diện tích nhà ở bình quân đầu người",
                "Nguồn nước sinh hoạt",
                "Nhà tiêu hợp vệ sinh",
                "Sử dụng dịch vụ viễn thông",
                "Phương tiện phục vụ tiếp cận thông tin",
            ]
        );
        assert_eq!(all.by_id("qd59-2015").map(|s| s.indicators.len()), Some(10));
    }

    #[test]
    fn a_local_standard_needs_its_province_and_sane_lines() {
        let mut doc: serde_json::Value = serde_json::from_str(NATIONAL_JSON).expect("json");
        doc["standards"][1]["scope"] = "local".into();
        let err = Standards::from_json(&doc.to_string()).expect_err("no province");
        assert!(err.to_string().contains("province"), "{err}");
        doc["standards"][1]["province"] = "08".into();
        doc["standards"][1]["rural"]["middle"] = 1_000_000.into();
        let err = Standards::from_json(&doc.to_string()).expect_err("middle below poverty");
        assert!(err.to_string().contains("trung bình"), "{err}");
    }

    #[test]
    fn text_after_the_document_is_refused() {
        let doubled = format!("{NATIONAL_JSON}\n{{}}");
        assert!(Standards::from_json(&doubled).is_err());
        assert!(Standards::from_json(&format!("{NATIONAL_JSON}\n  ")).is_ok());
    }

    #[test]
    fn a_district_file_can_correct_a_national_rule() {
        let mut all = Standards::national();
        let mut fix = Standards::national();
        fix.standards.retain(|s| s.id == "nd351-2025");
        fix.standards[0].urban.middle = Some(4_000_000);
        all.extend(fix);
        assert_eq!(
            all.by_id("nd351-2025").and_then(|s| s.urban.middle),
            Some(4_000_000)
        );
        assert_eq!(all.standards.len(), 3);
    }
}
