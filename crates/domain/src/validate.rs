//! Validation of a household's answers: findings, never panics. Errors block "complete";
//! warnings are shown but do not. Messages name the member by number, never by name; their
//! words are in the catalogue (`messages.rs`), shared with the UI.

use serde::{Deserialize, Serialize};

use crate::messages::{Code, Message};
use crate::model::{
    Education, Employment, Household, Pension, PowerSource, Relation, Training, WageJob,
};

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem with the answers, placed on a field. Its words are the catalogue's
/// (`messages.rs`): the finding carries a code and its parameters, never a sentence.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub severity: Severity,
    /// The field, as a household.v1 JSON path (`members[2].birth`).
    pub path: String,
    /// A stable code for tests and tools (`two_heads`); several messages may share one.
    pub code: String,
    /// What to tell the person, in the catalogue's words.
    pub message: Message,
}

struct Findings(Vec<Finding>);

impl Findings {
    fn push(&mut self, severity: Severity, path: impl Into<String>, code: &str, message: Message) {
        self.0.push(Finding {
            severity,
            path: path.into(),
            code: code.into(),
            message,
        });
    }
    fn error(&mut self, path: impl Into<String>, code: &str, message: Message) {
        self.push(Severity::Error, path, code, message);
    }
    fn warn(&mut self, path: impl Into<String>, code: &str, message: Message) {
        self.push(Severity::Warning, path, code, message);
    }
}

fn is_digits(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_digit())
}

fn bad_number(x: f64) -> bool {
    !x.is_finite() || x < 0.0
}

/// An answer a draft has not given yet.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unanswered {
    /// The field, as a household.v1 JSON path (`members[2].sex`).
    pub path: String,
    /// The form cannot be completed without it.
    pub required: bool,
    /// The household's class depends on it: while it is open the class is provisional.
    pub affects_class: bool,
    /// A household.v1 reader from before drafts refuses the document while this is open: a
    /// completed form, which travels to installations of any version, never has one.
    pub strict_v1: bool,
}

/// The answers every household.v1 document had before drafts (a member's by field name), or
/// that a reader from before drafts refuses as `null` (the item IX–XI counts, columns 8, 13,
/// 14, 18, 19 and the other yes/no answers).
const STRICT_V1: [&str; 24] = [
    "area",
    "housing.column",
    "housing.roof",
    "housing.wall",
    "housing.floor_area_m2",
    "latrine",
    "electricity.source",
    "water",
    "relation",
    "birth",
    "ethnicity",
    "sex",
    "education",
    "training",
    "health_insurance",
    "internet",
    "aquaculture",
    "in_school",
    "social_allowance",
    "disabled",
    "non_farm_work",
    "pension",
    "serious_illness",
    "sick_without_care",
];

/// The answers a household has not given yet, in the form's order, with the form's own skip
/// rules (Phiếu B1 part B: height only under 16, weight only under 10, columns 15–18 only from
/// 15 years old; school level only for a member at school). A completed form has none that
/// are `required`.
pub fn unanswered(h: &Household) -> Vec<Unanswered> {
    let mut out = Vec::new();
    questions(h, |q, answered| {
        if !answered {
            out.push(q.unanswered());
        }
    });
    out
}

/// Every required question the form asks this household, answered or not, in the form's
/// order and with the same skip rules as [`unanswered`]: what a form's progress counts
/// against (the open ones are [`unanswered`]'s `required` entries).
pub fn required_questions(h: &Household) -> Vec<String> {
    let mut out = Vec::new();
    questions(h, |q, _| {
        if q.required {
            out.push(q.place.path());
        }
    });
    out
}

/// Where a question's answer sits in household.v1, kept in parts so that a walk of a complete
/// form formats no path: the walk runs at every save of every household (the provisional
/// answers), and a path string built for each of a form's hundred questions was most of a bulk
/// insert's CPU outside SQLite.
#[derive(Debug, Clone, Copy)]
enum Place {
    /// A field of the household itself (`housing.roof`).
    Field(&'static str),
    /// A count or area of item IX–XI (`assets.tv`): every one strict in v1.
    Item(&'static str, &'static str),
    /// A member's field (`members[2].sex`).
    Member(usize, &'static str),
}

impl Place {
    fn path(self) -> String {
        match self {
            Place::Field(field) => field.to_string(),
            Place::Item(item, field) => format!("{item}.{field}"),
            Place::Member(i, field) => format!("members[{i}].{field}"),
        }
    }

    /// Every answer v1 required before drafts is strict; the questionnaire's own (employment,
    /// measurements, school level, kWh) never were.
    fn strict_v1(self) -> bool {
        match self {
            Place::Field(field) | Place::Member(_, field) => STRICT_V1.contains(&field),
            Place::Item(..) => true,
        }
    }
}

/// One question the form asks, its path built only when someone reads it.
#[derive(Debug, Clone, Copy)]
struct Question {
    place: Place,
    required: bool,
    affects_class: bool,
}

impl Question {
    fn unanswered(self) -> Unanswered {
        Unanswered {
            path: self.place.path(),
            required: self.required,
            affects_class: self.affects_class,
            strict_v1: self.place.strict_v1(),
        }
    }
}

/// Walks the questions the form asks this household, each with whether it is answered.
fn questions(h: &Household, mut visit: impl FnMut(Question, bool)) {
    let mut ask = |place: Place, required: bool, affects_class: bool, answered: bool| {
        visit(
            Question {
                place,
                required,
                affects_class,
            },
            answered,
        );
    };
    // Phiếu A's mã 0 ends the review there ("ngừng rà soát"): Phiếu B is not asked, only the
    // day of the screening (column C) is.
    if crate::phieu_a::stops_review(h) {
        let screened = h.phieu_a.as_ref().and_then(|a| a.screened_on);
        ask(
            Place::Field("phieu_a.screened_on"),
            true,
            false,
            screened.is_some(),
        );
        return;
    }
    // The household's code and village start blank like every other answer: not typed yet is
    // open, not a mistake (the class depends on neither).
    ask(Place::Field("code"), true, false, !h.code.trim().is_empty());
    ask(
        Place::Field("location.village"),
        true,
        false,
        !h.location.village.trim().is_empty(),
    );
    // "Khu vực" (Thành thị 1, Nông thôn 2): the poverty lines and score A's column depend on
    // it, and whether a former town is urban is for the cadre to say, never a default.
    ask(Place::Field("area"), true, true, h.area.is_some());
    let hs = &h.housing;
    ask(
        Place::Field("housing.column"),
        true,
        true,
        hs.column.is_some(),
    );
    ask(Place::Field("housing.roof"), true, true, hs.roof.is_some());
    ask(Place::Field("housing.wall"), true, true, hs.wall.is_some());
    ask(
        Place::Field("housing.floor_area_m2"),
        true,
        true,
        hs.floor_area_m2.is_some(),
    );
    ask(Place::Field("latrine"), true, true, h.latrine.is_some());
    ask(
        Place::Field("electricity.source"),
        true,
        false,
        h.electricity.source.is_some(),
    );
    // Item VII is asked of a household with power: score A's section 9 reads it, so while it
    // is blank the class is provisional (a blank is not 0 kWh). A household without power
    // uses none, which the reading knows without asking.
    if h.electricity.source != Some(PowerSource::None) {
        ask(
            Place::Field("electricity.kwh_per_month"),
            false,
            true,
            h.electricity.kwh_per_month.is_some(),
        );
    }
    ask(Place::Field("water"), true, true, h.water.is_some());
    // Item IX: every count is asked (0 is an answer). Score A or the information and
    // telecom indicators read each one but the generator, which no rule reads.
    for (field, count) in h.assets.counts() {
        ask(
            Place::Item("assets", field),
            true,
            field != "generator",
            count.is_some(),
        );
    }
    // Items X–XII: every area and count is asked (0 is an answer); score A's sections 13 and
    // 14 read each one but the other livestock, which no rule reads.
    for (field, area) in h.land.areas() {
        ask(Place::Item("land", field), true, true, area.is_some());
    }
    for (field, count) in h.livestock.counts() {
        ask(
            Place::Item("livestock", field),
            true,
            field != "other",
            count.is_some(),
        );
    }
    ask(
        Place::Field("aquaculture"),
        true,
        true,
        h.aquaculture.is_some(),
    );
    for (i, m) in h.members.iter().enumerate() {
        let p = |field: &'static str| Place::Member(i, field);
        ask(p("name"), true, false, !m.name.trim().is_empty());
        ask(p("relation"), true, false, m.relation.is_some());
        ask(p("birth"), true, true, m.birth.is_some());
        ask(p("ethnicity"), true, false, !m.ethnicity.is_empty());
        ask(p("sex"), true, true, m.sex.is_some());
        let age = m.age_on(h.surveyed_on);
        // Asked only under 16 and under 10; a refused measurement leaves nutrition open but
        // does not stop the form.
        if age.is_some_and(|a| a < 16) {
            ask(p("height_cm"), false, true, m.height_cm.is_some());
        }
        if age.is_some_and(|a| a < 10) {
            ask(p("weight_kg"), false, true, m.weight_kg.is_some());
        }
        // Column 8 has no skip rule: everyone is asked whether they attend school. The child
        // schooling and adult education items read it.
        ask(p("in_school"), true, true, m.in_school.is_some());
        // Mẫu 3.1 column 9 asks the level of everyone at school, and item 3.2 cannot be
        // decided without it: the form is not complete while it is open.
        if m.in_school == Some(true) {
            ask(p("school_level"), true, true, m.school_level.is_some());
        }
        ask(p("education"), true, true, m.education.is_some());
        ask(p("training"), true, true, m.training.is_some());
        ask(
            p("health_insurance"),
            true,
            true,
            m.health_insurance.is_some(),
        );
        // Column 13 decides the telecom indicator with the phone counts.
        ask(p("internet"), true, true, m.internet.is_some());
        // Column 14: the dependants of B2 item 1.2 and score A's sections 2 and 3.
        ask(
            p("social_allowance"),
            true,
            true,
            m.social_allowance.is_some(),
        );
        // Not on Phiếu B1 and read by no rule: asked, but it does not stop the form.
        ask(p("disabled"), false, false, m.disabled.is_some());
        // Column 19 is asked of everyone; score A's section 2 leaves the seriously ill out.
        ask(
            p("serious_illness"),
            true,
            true,
            m.serious_illness.is_some(),
        );
        // QĐ 59/2015's health-care access, not on Phiếu B1: a blank leaves that indicator
        // open without stopping the form (as a refused measurement does).
        ask(
            p("sick_without_care"),
            false,
            true,
            m.sick_without_care.is_some(),
        );
        // Columns 15–18 only from 15 years old (asked once the age is known; while the birth
        // date is open the class is provisional by it already).
        if age.is_some_and(|a| a >= 15) {
            ask(p("employment"), true, true, m.employment.is_some());
            // Columns 16–17 and the non-farm question describe the work of a member who works.
            if m.employment == Some(Employment::Working) {
                ask(p("job_kind"), true, true, m.job_kind.is_some());
                ask(p("wage_job"), true, true, m.wage_job.is_some());
                ask(p("non_farm_work"), true, true, m.non_farm_work.is_some());
            }
            ask(p("pension"), true, true, m.pension.is_some());
        }
    }
}

/// The member questions the form skips for this household, by Phiếu B1's own instructions:
/// column 6 (height) only under 16, column 7 (weight) only under 10, columns 15–18 (work,
/// pension) only from 15, columns 16–17 (the kind of work, a wage job) only of a member who
/// works, column 9 (school level) only for a member at school. A member whose
/// age is not known yet is asked everything. Paths as in household.v1 (`members[2].height_cm`).
pub fn skipped(h: &Household) -> Vec<String> {
    let mut out = Vec::new();
    for (i, m) in h.members.iter().enumerate() {
        let p = |field: &str| format!("members[{i}].{field}");
        if let Some(age) = m.age_on(h.surveyed_on) {
            if age >= 16 {
                out.push(p("height_cm"));
            }
            if age >= 10 {
                out.push(p("weight_kg"));
            }
            if age < 15 {
                for field in [
                    "employment",
                    "job_kind",
                    "wage_job",
                    "pension",
                    "works_away",
                ] {
                    out.push(p(field));
                }
            }
        }
        // Columns 16–17 (the kind of work, a wage job) are asked of a member who works.
        if m.employment.is_some_and(|e| e != Employment::Working) {
            for field in ["job_kind", "wage_job"] {
                let path = p(field);
                if !out.contains(&path) {
                    out.push(path);
                }
            }
        }
        if m.in_school == Some(false) {
            out.push(p("school_level"));
        }
        // The non-farm question, like columns 16–17, describes the work of a member who works.
        let not_working = m.employment.is_some_and(|e| e != Employment::Working)
            || m.age_on(h.surveyed_on).is_some_and(|a| a < 15);
        if not_working {
            out.push(p("non_farm_work"));
        }
    }
    out
}

/// Checks a household. The result is empty for a clean form. Each required answer not given
/// yet is an error (`unanswered`), so a form is completed only when every one is given.
pub fn validate(h: &Household) -> Vec<Finding> {
    let mut f = Findings(Vec::new());
    // A missing school level has its own, plainer error below.
    for u in unanswered(h)
        .into_iter()
        .filter(|u| u.required && !u.path.ends_with(".school_level"))
    {
        f.error(u.path, "unanswered", Message::new(Code::FindingUnanswered));
    }

    if !is_digits(&h.location.province, 2) {
        f.error(
            "location.province",
            "province_code",
            Message::new(Code::FindingProvinceCode),
        );
    }
    if !is_digits(&h.location.commune, 5) {
        f.error(
            "location.commune",
            "commune_code",
            Message::new(Code::FindingCommuneCode),
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
            Message::new(Code::FindingNoMembers),
        );
        return;
    }
    let heads = h
        .members
        .iter()
        .filter(|m| m.relation == Some(Relation::Head))
        .count();
    if heads == 0 {
        f.error("members", "no_head", Message::new(Code::FindingNoHead));
    } else if heads > 1 {
        f.error(
            "members",
            "two_heads",
            Message::new(Code::FindingTwoHeads).with("heads", heads),
        );
    }
    let spouses = h
        .members
        .iter()
        .filter(|m| m.relation == Some(Relation::Spouse))
        .count();
    if spouses > 1 {
        f.warn(
            "members",
            "several_spouses",
            Message::new(Code::FindingSeveralSpouses).with("spouses", spouses),
        );
    }

    for (i, m) in h.members.iter().enumerate() {
        let p = |field: &str| format!("members[{i}].{field}");
        let no = i + 1;
        if h.members[..i].iter().any(|o| o.id == m.id) {
            f.error(
                p("id"),
                "duplicate_member",
                Message::new(Code::FindingDuplicateMember).with("no", no),
            );
        }
        if !m.ethnicity.is_empty() && !is_digits(&m.ethnicity, 2) {
            f.error(
                p("ethnicity"),
                "ethnicity_code",
                Message::new(Code::FindingEthnicityCode).with("no", no),
            );
        }
        if let Some(idn) = &m.id_number {
            if !(is_digits(idn, 12) || is_digits(idn, 9)) {
                f.warn(
                    p("id_number"),
                    "id_number_format",
                    Message::new(Code::FindingIdNumberFormat).with("no", no),
                );
            }
        }
        // At school with no level: the child-schooling item cannot be decided, so the form
        // cannot be completed (an error, never a silent "not deprived").
        if m.in_school == Some(true) && m.school_level.is_none() {
            f.error(
                p("school_level"),
                "school_level_missing",
                Message::new(Code::FindingSchoolLevelMissing).with("no", no),
            );
        }
        if m.in_school == Some(false) && m.school_level.is_some() {
            f.warn(
                p("school_level"),
                "school_level_not_in_school",
                Message::new(Code::FindingSchoolLevelNotInSchool).with("no", no),
            );
        }
        // Every check below needs the member's age.
        let Some(birth) = m.birth else {
            continue;
        };
        if birth.earliest() > h.surveyed_on {
            f.error(
                p("birth"),
                "birth_in_future",
                Message::new(Code::FindingBirthInFuture).with("no", no),
            );
            continue;
        }
        let age = birth.age_years(h.surveyed_on);
        if age > 120 {
            f.warn(
                p("birth"),
                "implausible_age",
                Message::new(Code::FindingImplausibleAge)
                    .with("age", age)
                    .with("no", no),
            );
        }
        if m.relation == Some(Relation::Head) && age < 15 {
            f.warn(
                p("relation"),
                "young_head",
                Message::new(Code::FindingYoungHead).with("age", age),
            );
        }
        // Diplomas that a child of this age cannot hold.
        let education = m.education.unwrap_or_default();
        let training = m.training.unwrap_or_default();
        if age < 5 && (education > Education::None || training > Training::None) {
            f.error(
                p("education"),
                "diploma_too_young",
                Message::new(Code::FindingDiplomaTooYoung)
                    .with("age", age)
                    .with("no", no),
            );
        } else if age < 14 && education >= Education::LowerSecondary {
            f.error(
                p("education"),
                "diploma_too_young",
                Message::new(Code::FindingLowerSecondaryTooYoung)
                    .with("age", age)
                    .with("no", no),
            );
        } else if age < 17 && training >= Training::College {
            f.error(
                p("training"),
                "diploma_too_young",
                Message::new(Code::FindingCollegeTooYoung)
                    .with("age", age)
                    .with("no", no),
            );
        }
        if let Some(hc) = m.height_cm {
            if bad_number(hc) || hc == 0.0 || hc > 250.0 {
                f.error(
                    p("height_cm"),
                    "height_range",
                    Message::new(Code::FindingHeightRange).with("no", no),
                );
            }
        } else if age < 16 {
            f.warn(
                p("height_cm"),
                "height_missing",
                Message::new(Code::FindingHeightMissing).with("no", no),
            );
        }
        if let Some(w) = m.weight_kg {
            if bad_number(w) || w == 0.0 || w > 300.0 {
                f.error(
                    p("weight_kg"),
                    "weight_range",
                    Message::new(Code::FindingWeightRange).with("no", no),
                );
            }
        } else if age < 10 {
            f.warn(
                p("weight_kg"),
                "weight_missing",
                Message::new(Code::FindingWeightMissing).with("no", no),
            );
        }
        if age < 15
            && (m.employment.is_some()
                || m.job_kind.is_some()
                || m.wage_job.is_some()
                || m.non_farm_work == Some(true)
                || m.pension.is_some_and(|p| p != Pension::None))
        {
            f.warn(
                p("employment"),
                "employment_under_15",
                Message::new(Code::FindingEmploymentUnder15).with("no", no),
            );
        }
        // The job answers (kind, contract, non-farm work) describe a job: recorded for a member
        // who is not working they are not scored (score A section 5, Phiếu B2 item 1.1), so
        // say which answer disagrees rather than let it pass unseen.
        if age >= 15
            && m.employment.is_some_and(|e| e != Employment::Working)
            && (m.job_kind.is_some()
                || m.wage_job.is_some_and(|w| w != WageJob::NotWage)
                || m.non_farm_work == Some(true))
        {
            f.warn(
                p("job_kind"),
                "job_not_working",
                Message::new(Code::FindingJobNotWorking).with("no", no),
            );
        }
    }
}

fn validate_housing(h: &Household, f: &mut Findings) {
    let hs = &h.housing;
    // Not answered yet is not an error of the value: `unanswered` lists it.
    if let Some(floor_area_m2) = hs.floor_area_m2 {
        if !floor_area_m2.is_finite() || floor_area_m2 <= 0.0 {
            f.error(
                "housing.floor_area_m2",
                "floor_area",
                Message::new(Code::FindingFloorArea),
            );
        } else if floor_area_m2 > 2000.0 {
            f.warn(
                "housing.floor_area_m2",
                "floor_area_large",
                Message::new(Code::FindingFloorAreaLarge),
            );
        }
    }
    if bad_number(hs.loft_area_m2) {
        f.error(
            "housing.loft_area_m2",
            "loft_area",
            Message::new(Code::FindingLoftArea),
        );
    }
    if h.electricity.kwh_per_month.is_some_and(bad_number) {
        f.error(
            "electricity.kwh_per_month",
            "kwh",
            Message::new(Code::FindingKwh),
        );
    }
    for (name, v) in h.land.areas() {
        if v.is_some_and(bad_number) {
            f.error(
                format!("land.{name}"),
                "land_area",
                Message::new(Code::FindingLandArea),
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
                Message::new(Code::FindingNegativeIncome),
            );
        }
    }
    if inc.production_costs < 0 {
        f.error(
            "income.production_costs",
            "negative_costs",
            Message::new(Code::FindingNegativeCosts),
        );
    }
    if inc.social_allowances < 0 {
        f.error(
            "income.social_allowances",
            "negative_allowances",
            Message::new(Code::FindingNegativeAllowances),
        );
    }
    if inc.net_annual_without_allowances() < 0 {
        f.warn(
            "income.production_costs",
            "loss",
            Message::new(Code::FindingLoss),
        );
    }
}

/// True when no finding blocks "complete".
pub fn can_complete(findings: &[Finding]) -> bool {
    findings.iter().all(|f| f.severity != Severity::Error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::{render, Lang};
    use crate::testkit::baseline;

    fn texts(h: &Household, lang: Lang) -> Vec<String> {
        validate(h)
            .iter()
            .map(|f| render(lang, &f.message))
            .collect()
    }

    #[test]
    fn a_clean_household_has_no_findings() {
        assert_eq!(validate(&baseline()), Vec::new());
    }

    #[test]
    fn findings_carry_a_code_and_read_the_same_words_in_each_language() {
        let mut h = baseline();
        let head = h.members[0].clone();
        h.members.push(crate::model::Member {
            id: crate::testkit::test_uuid(9, 9),
            ..head
        });
        h.housing.floor_area_m2 = Some(0.0);
        let found = validate(&h);
        let codes: Vec<_> = found.iter().map(|f| f.code.as_str()).collect();
        assert!(codes.contains(&"two_heads"), "{codes:?}");
        assert!(texts(&h, Lang::Vi).contains(&"Có 2 chủ hộ: mỗi hộ chỉ có một chủ hộ.".to_string()));
        assert!(texts(&h, Lang::En).contains(&"2 heads: a household has exactly one.".to_string()));
        assert!(texts(&h, Lang::Vi).contains(&"Diện tích nhà ở phải lớn hơn 0 m².".to_string()));
        // Every placeholder is filled: no `{name}` reaches a person.
        for t in texts(&h, Lang::Vi).iter().chain(&texts(&h, Lang::En)) {
            assert!(!t.contains('{'), "{t}");
        }
    }
}
