//! Validation of a household's answers: findings, never panics. Errors block "complete";
//! warnings are shown but do not. Messages name the member by number, never by name.

use serde::{Deserialize, Serialize};

use crate::model::{Education, Employment, Household, Relation, Training};

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem with the answers, placed on a field.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub severity: Severity,
    /// The field, as a household.v1 JSON path (`members[2].birth`).
    pub path: String,
    /// A stable code for tests and translations.
    pub code: String,
    pub message_vi: String,
    pub message_en: String,
}

struct Findings(Vec<Finding>);

impl Findings {
    fn push(
        &mut self,
        severity: Severity,
        path: impl Into<String>,
        code: &str,
        vi: String,
        en: String,
    ) {
        self.0.push(Finding {
            severity,
            path: path.into(),
            code: code.into(),
            message_vi: vi,
            message_en: en,
        });
    }
    fn error(&mut self, path: impl Into<String>, code: &str, vi: String, en: String) {
        self.push(Severity::Error, path, code, vi, en);
    }
    fn warn(&mut self, path: impl Into<String>, code: &str, vi: String, en: String) {
        self.push(Severity::Warning, path, code, vi, en);
    }
}

fn is_digits(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_digit())
}

fn bad_number(x: f64) -> bool {
    !x.is_finite() || x < 0.0
}

/// Checks a household. The result is empty for a clean form.
pub fn validate(h: &Household) -> Vec<Finding> {
    let mut f = Findings(Vec::new());

    if h.code.trim().is_empty() {
        f.error(
            "code",
            "code_missing",
            "Chưa ghi mã hộ.".into(),
            "Household code is missing.".into(),
        );
    }
    if !is_digits(&h.location.province, 2) {
        f.error(
            "location.province",
            "province_code",
            "Mã tỉnh phải gồm 2 chữ số (mã TCTK).".into(),
            "Province code must be 2 digits (GSO).".into(),
        );
    }
    if !is_digits(&h.location.commune, 5) {
        f.error(
            "location.commune",
            "commune_code",
            "Mã xã phải gồm 5 chữ số (mã TCTK).".into(),
            "Commune code must be 5 digits (GSO).".into(),
        );
    }
    if h.location.village.trim().is_empty() {
        f.error(
            "location.village",
            "village_missing",
            "Chưa ghi thôn/bản.".into(),
            "Village is missing.".into(),
        );
    }

    validate_members(h, &mut f);
    validate_housing(h, &mut f);
    validate_income(h, &mut f);
    f.0
}

fn validate_members(h: &Household, f: &mut Findings) {
    if h.members.is_empty() {
        f.error(
            "members",
            "no_members",
            "Hộ chưa có thành viên nào.".into(),
            "The household has no members.".into(),
        );
        return;
    }
    let heads = h
        .members
        .iter()
        .filter(|m| m.relation == Relation::Head)
        .count();
    if heads == 0 {
        f.error(
            "members",
            "no_head",
            "Chưa có chủ hộ: một thành viên phải là chủ hộ.".into(),
            "No member is the head.".into(),
        );
    } else if heads > 1 {
        f.error(
            "members",
            "two_heads",
            format!("Có {heads} chủ hộ: mỗi hộ chỉ có một chủ hộ."),
            format!("{heads} heads: a household has exactly one."),
        );
    }
    let spouses = h
        .members
        .iter()
        .filter(|m| m.relation == Relation::Spouse)
        .count();
    if spouses > 1 {
        f.warn(
            "members",
            "several_spouses",
            format!("Có {spouses} người ghi là vợ/chồng chủ hộ: kiểm tra lại quan hệ."),
            format!("{spouses} members are recorded as the head's spouse."),
        );
    }

    for (i, m) in h.members.iter().enumerate() {
        let p = |field: &str| format!("members[{i}].{field}");
        let no = i + 1;
        if h.members[..i].iter().any(|o| o.id == m.id) {
            f.error(
                p("id"),
                "duplicate_member",
                format!("Thành viên số {no} trùng mã với một thành viên khác."),
                format!("Member {no} repeats another member's id."),
            );
        }
        if m.name.trim().is_empty() {
            f.error(
                p("name"),
                "name_missing",
                format!("Thành viên số {no} chưa có họ tên."),
                format!("Member {no} has no name."),
            );
        }
        if m.birth.earliest() > h.surveyed_on {
            f.error(
                p("birth"),
                "birth_in_future",
                format!("Thành viên số {no}: ngày sinh sau ngày rà soát."),
                format!("Member {no} is born after the interview date."),
            );
            continue;
        }
        let age = m.birth.age_years(h.surveyed_on);
        if age > 120 {
            f.warn(
                p("birth"),
                "implausible_age",
                format!("Thành viên số {no}: {age} tuổi — kiểm tra năm sinh."),
                format!("Member {no} is {age}: check the birth year."),
            );
        }
        if !is_digits(&m.ethnicity, 2) {
            f.error(
                p("ethnicity"),
                "ethnicity_code",
                format!("Thành viên số {no}: mã dân tộc phải gồm 2 chữ số (mã TCTK)."),
                format!("Member {no}: ethnicity must be a 2-digit GSO code."),
            );
        }
        if let Some(idn) = &m.id_number {
            if !(is_digits(idn, 12) || is_digits(idn, 9)) {
                f.warn(
                    p("id_number"),
                    "id_number_format",
                    format!("Thành viên số {no}: số CCCD/CMND thường có 12 (hoặc 9) chữ số."),
                    format!("Member {no}: ID numbers have 12 (or 9) digits."),
                );
            }
        }
        if m.relation == Relation::Head && age < 15 {
            f.warn(
                p("relation"),
                "young_head",
                format!("Chủ hộ mới {age} tuổi — kiểm tra lại."),
                format!("The head is only {age}."),
            );
        }
        // Diplomas that a child of this age cannot hold.
        if age < 5 && (m.education > Education::None || m.training > Training::None) {
            f.error(
                p("education"),
                "diploma_too_young",
                format!("Thành viên số {no} mới {age} tuổi nhưng có bằng cấp."),
                format!("Member {no} is {age} but has a diploma."),
            );
        } else if age < 14 && m.education >= Education::LowerSecondary {
            f.error(
                p("education"),
                "diploma_too_young",
                format!("Thành viên số {no} mới {age} tuổi nhưng đã tốt nghiệp THCS trở lên."),
                format!("Member {no} is {age} but finished lower secondary."),
            );
        } else if age < 17 && m.training >= Training::College {
            f.error(
                p("training"),
                "diploma_too_young",
                format!("Thành viên số {no} mới {age} tuổi nhưng có bằng cao đẳng/đại học."),
                format!("Member {no} is {age} but holds a college degree."),
            );
        }
        if m.in_school && m.school_level.is_none() {
            f.warn(
                p("school_level"),
                "school_level_missing",
                format!("Thành viên số {no} đang đi học: ghi cấp học."),
                format!("Member {no} is in school: record the level."),
            );
        }
        if !m.in_school && m.school_level.is_some() {
            f.warn(
                p("school_level"),
                "school_level_not_in_school",
                format!("Thành viên số {no} không đi học nhưng có ghi cấp học."),
                format!("Member {no} is not in school but has a level."),
            );
        }
        if let Some(hc) = m.height_cm {
            if bad_number(hc) || hc == 0.0 || hc > 250.0 {
                f.error(
                    p("height_cm"),
                    "height_range",
                    format!("Thành viên số {no}: chiều cao không hợp lệ."),
                    format!("Member {no}: invalid height."),
                );
            }
        } else if age < 16 {
            f.warn(
                p("height_cm"),
                "height_missing",
                format!("Thành viên số {no} dưới 16 tuổi: cần ghi chiều cao (chỉ số dinh dưỡng)."),
                format!("Member {no} is under 16: record height (nutrition)."),
            );
        }
        if let Some(w) = m.weight_kg {
            if bad_number(w) || w == 0.0 || w > 300.0 {
                f.error(
                    p("weight_kg"),
                    "weight_range",
                    format!("Thành viên số {no}: cân nặng không hợp lệ."),
                    format!("Member {no}: invalid weight."),
                );
            }
        } else if age < 10 {
            f.warn(
                p("weight_kg"),
                "weight_missing",
                format!("Thành viên số {no} dưới 10 tuổi: cần ghi cân nặng (chỉ số dinh dưỡng)."),
                format!("Member {no} is under 10: record weight (nutrition)."),
            );
        }
        if age < 15
            && (m.employment.is_some()
                || m.job_kind.is_some()
                || m.wage_job.is_some()
                || m.pension.is_some())
        {
            f.warn(
                p("employment"),
                "employment_under_15",
                format!("Thành viên số {no} dưới 15 tuổi: cột 15–18 chỉ hỏi người từ 15 tuổi."),
                format!("Member {no} is under 15: employment is asked from 15."),
            );
        }
        if age >= 15 && m.employment.is_none() {
            f.warn(
                p("employment"),
                "employment_missing",
                format!("Thành viên số {no}: chưa ghi tình trạng việc làm."),
                format!("Member {no}: employment status missing."),
            );
        }
        if m.employment == Some(Employment::Working) && m.wage_job.is_none() && age >= 15 {
            f.warn(
                p("wage_job"),
                "wage_job_missing",
                format!("Thành viên số {no} đang làm việc: ghi có/không hợp đồng lao động."),
                format!("Member {no} works: record the labour contract."),
            );
        }
    }
}

fn validate_housing(h: &Household, f: &mut Findings) {
    let hs = &h.housing;
    if !hs.floor_area_m2.is_finite() || hs.floor_area_m2 <= 0.0 {
        f.error(
            "housing.floor_area_m2",
            "floor_area",
            "Diện tích nhà ở phải lớn hơn 0 m².".into(),
            "Floor area must be above 0 m².".into(),
        );
    } else if hs.floor_area_m2 > 2000.0 {
        f.warn(
            "housing.floor_area_m2",
            "floor_area_large",
            "Diện tích nhà ở trên 2.000 m² — kiểm tra lại.".into(),
            "Floor area above 2,000 m².".into(),
        );
    }
    if bad_number(hs.loft_area_m2) {
        f.error(
            "housing.loft_area_m2",
            "loft_area",
            "Diện tích gác xép không được âm.".into(),
            "Loft area cannot be negative.".into(),
        );
    }
    if bad_number(h.electricity.kwh_per_month) {
        f.error(
            "electricity.kwh_per_month",
            "kwh",
            "Số điện tiêu thụ không được âm.".into(),
            "Electricity use cannot be negative.".into(),
        );
    }
    let land = &h.land;
    for (name, v) in [
        ("garden_pond", land.garden_pond),
        ("annual_crops", land.annual_crops),
        ("perennial_crops", land.perennial_crops),
        ("water_surface", land.water_surface),
        ("forest", land.forest),
    ] {
        if bad_number(v) {
            f.error(
                format!("land.{name}"),
                "land_area",
                "Diện tích đất không được âm.".into(),
                "Land area cannot be negative.".into(),
            );
        }
    }
}

fn validate_income(h: &Household, f: &mut Findings) {
    let Some(inc) = &h.income else { return };
    for (i, s) in inc.sources.iter().enumerate() {
        if s.amount < 0 {
            f.error(
                format!("income.sources[{i}].amount"),
                "negative_income",
                "Khoản thu nhập không được âm (ghi chi phí vào chi phí sản xuất).".into(),
                "An income amount cannot be negative (record costs as production costs).".into(),
            );
        }
    }
    if inc.production_costs < 0 {
        f.error(
            "income.production_costs",
            "negative_costs",
            "Chi phí sản xuất không được âm.".into(),
            "Production costs cannot be negative.".into(),
        );
    }
    if inc.social_allowances < 0 {
        f.error(
            "income.social_allowances",
            "negative_allowances",
            "Trợ cấp xã hội không được âm.".into(),
            "Social allowances cannot be negative.".into(),
        );
    }
    if inc.net_annual_without_allowances() < 0 {
        f.warn(
            "income.production_costs",
            "loss",
            "Chi phí sản xuất lớn hơn tổng thu: hộ bị lỗ — kiểm tra lại.".into(),
            "Costs exceed income: the household made a loss.".into(),
        );
    }
}

/// True when no finding blocks "complete".
pub fn can_complete(findings: &[Finding]) -> bool {
    findings.iter().all(|f| f.severity != Severity::Error)
}
