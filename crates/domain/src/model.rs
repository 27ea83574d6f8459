//! The household as the review collects it: `household.v1`, field for field (Phiếu B1 parts A
//! and B, plus what Phiếu B2 and the later standards need). Raw answers only: nothing derived
//! (class, scores, deprivations) is stored here, so a household can always be re-classified.
//!
//! Every enum is serialised as a stable snake_case word; each also knows the code the paper
//! form uses (`b1_code`), so a reviewer's sheet and the file speak the same language.
//!
//! Why this file is long: it is the `household.v1` contract in one place, one type per section
//! of the paper form in the form's order; split, a reader would have to assemble the format from
//! several files to know what a document may say.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::date::{BirthDate, Date};

/// The format tag every household.v1 document carries.
pub const HOUSEHOLD_V1: &str = "household.v1";

/// Money in đồng (VND). Whole đồng: the law's lines are whole numbers and float rounding
/// must never decide a household's class.
pub type Dong = i64;

/// One household of one review, as collected.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Household {
    /// Always `household.v1`.
    pub format: String,
    /// Stable identity across rounds and installations (UUIDv7).
    pub id: Uuid,
    /// The household code ("Mã hộ") as the commune writes it.
    pub code: String,
    /// Where the household lives.
    pub location: Location,
    /// "Khu vực": rural or urban (from 2027 "khu vực đô thị"); `None` while not answered (a
    /// draft). The poverty lines and score A's column depend on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<AreaType>,
    /// Day of the interview ("Ngày rà soát"); ages are computed on this day.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub surveyed_on: Date,
    /// Street, hamlet, house number: free text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub address: String,
    /// Phone number of the household, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// "Phân loại hộ theo kết quả rà soát năm trước kỳ rà soát".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_class: Option<PreviousClass>,
    /// Phiếu B1 part B: the members, head included (relation `head`).
    pub members: Vec<Member>,
    /// Phiếu B1 part A, items I–IV.
    #[serde(default)]
    pub housing: Housing,
    /// Item V; `None` while not answered (a draft).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latrine: Option<Latrine>,
    /// Items VI–VII.
    #[serde(default)]
    pub electricity: Electricity,
    /// Item VIII: the source used most often; `None` while not answered (a draft).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub water: Option<WaterSource>,
    /// Item IX, with radio, laptop, tablet and smartphone counted apart (Phiếu B2 item 6.2).
    #[serde(default)]
    pub assets: Assets,
    /// Item X, square metres.
    #[serde(default)]
    pub land: Land,
    /// Item XI, head counts (poultry in single birds, not in tens).
    #[serde(default)]
    pub livestock: Livestock,
    /// Item XII. Absent in a file written before drafts existed reads as no; `null` is a
    /// draft's "not answered yet" (see `answered_default`).
    #[serde(default = "answered_default")]
    #[cfg_attr(feature = "ts", ts(type = "boolean | null"))]
    pub aquaculture: Option<bool>,
    /// Item XIII.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hardship_causes: Vec<HardshipCause>,
    /// Item XIV: policies received ("Đang hưởng") and needed ("Nhu cầu").
    #[serde(default)]
    pub support: Support,
    /// Measured income of the last 12 months (Phụ lục VIII), when the round measures it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub income: Option<Income>,
    /// Domestic waste handling (NĐ 351/2025, from 2027).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waste: Option<WasteHandling>,
    /// Whether the household can hear the commune/village loudspeakers (QĐ 59/2015 indicator).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hears_loudspeaker: Option<bool>,
    /// Phiếu A, when the household asked to be reviewed and was screened first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phieu_a: Option<PhieuA>,
    /// The enumerator's notes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

/// Administrative place of a household.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// GSO province code (2 digits), e.g. `02` Hà Giang (before 07/2025), `08` Tuyên Quang.
    pub province: String,
    /// GSO commune code (5 digits) valid on `surveyed_on`.
    pub commune: String,
    /// Village / hamlet ("thôn, bản, tổ dân phố") name or code.
    pub village: String,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AreaType {
    Rural,
    Urban,
}

impl AreaType {
    /// Phiếu B1 header: "Thành thị: 1; Nông thôn: 2".
    pub fn b1_code(self) -> u8 {
        match self {
            AreaType::Urban => 1,
            AreaType::Rural => 2,
        }
    }
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PreviousClass {
    Poor,
    NearPoor,
    NotPoor,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

/// Column 3 "Quan hệ với chủ hộ", with the form's five codes.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    Head,
    Spouse,
    Child,
    Parent,
    Other,
}

impl Relation {
    pub fn b1_code(self) -> u8 {
        match self {
            Relation::Head => 1,
            Relation::Spouse => 2,
            Relation::Child => 3,
            Relation::Parent => 4,
            Relation::Other => 5,
        }
    }
}

/// One person of the household (Phiếu B1 part B, columns 1–19, and more).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// Stable identity of the person across rounds (UUIDv7).
    pub id: Uuid,
    /// Column 2.
    #[serde(default)]
    pub name: String,
    /// Column 3; `None` while not answered (a draft).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation: Option<Relation>,
    /// Column 4: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; `None` while not answered (a draft).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub birth: Option<BirthDate>,
    /// Column 4a: CCCD / CMND / personal id number. Personal data: never logged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_number: Option<String>,
    /// Column 4b: ethnicity by GSO code (`01` Kinh, `08` Mông, ...); empty while not answered
    /// (a draft).
    #[serde(default)]
    pub ethnicity: String,
    /// Column 5; `None` while not answered (a draft).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    /// Column 6: height in cm (asked under 16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height_cm: Option<f64>,
    /// Column 7: weight in kg (asked under 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight_kg: Option<f64>,
    /// Column 8: currently attending school or a course.
    /// Absent in a file written before drafts existed reads as no; `null` is a draft's "not
    /// answered yet" (see `answered_default`).
    #[serde(default = "answered_default")]
    #[cfg_attr(feature = "ts", ts(type = "boolean | null"))]
    pub in_school: Option<bool>,
    /// Column 9: level attended now (when `in_school`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub school_level: Option<SchoolLevel>,
    /// Column 10: highest general education completed.
    /// Absent in a file written before drafts existed reads as the v1 default; `null` is a
    /// draft's "not answered yet" (see `answered_default`).
    #[serde(default = "answered_default")]
    #[cfg_attr(feature = "ts", ts(type = "Education | null"))]
    pub education: Option<Education>,
    /// Column 11: highest vocational / professional training.
    /// Absent in a file written before drafts existed reads as the v1 default; `null` is a
    /// draft's "not answered yet" (see `answered_default`).
    #[serde(default = "answered_default")]
    #[cfg_attr(feature = "ts", ts(type = "Training | null"))]
    pub training: Option<Training>,
    /// Column 12, with who pays (the state-budget exclusion of item 2.2).
    /// Absent in a file written before drafts existed reads as the v1 default; `null` is a
    /// draft's "not answered yet" (see `answered_default`).
    #[serde(default = "answered_default")]
    #[cfg_attr(feature = "ts", ts(type = "HealthInsurance | null"))]
    pub health_insurance: Option<HealthInsurance>,
    /// With `health_insurance: none`: the member belongs to a group whose card the state
    /// budget pays under the Law on Health Insurance (poor households, children under 6,
    /// ethnic minorities of hard areas, ...) but has no card. Item 2.2 excludes "đối tượng
    /// thuộc nhóm do ngân sách nhà nước đóng bảo hiểm y tế", and whether such a member is left
    /// out is the round's reading (`IndicatorSettings::health_insurance`). Absent means no, as
    /// every earlier file meant it; written only when true, so a file without such a member
    /// is byte for byte what an earlier writer wrote.
    #[serde(default, skip_serializing_if = "is_false")]
    pub state_budget_group_no_card: bool,
    /// Column 13: uses internet services.
    /// Absent in a file written before drafts existed reads as the v1 default (no); `null` is
    /// a draft's "not answered yet" (see `answered_default`).
    #[serde(default = "answered_default")]
    #[cfg_attr(feature = "ts", ts(type = "boolean | null"))]
    pub internet: Option<bool>,
    /// Column 14: monthly social allowance and its kind, `none` for none.
    /// Absent in a file written before drafts existed reads as none, and none is written by
    /// leaving it out (as every earlier writer did); `null` is a draft's "not answered yet".
    #[serde(default = "answered_default", skip_serializing_if = "is_answered_none")]
    #[cfg_attr(feature = "ts", ts(type = "SocialAllowance | null"))]
    pub social_allowance: Option<SocialAllowance>,
    /// Has a disability (whether or not it is paid an allowance).
    /// Absent in a file written before drafts existed reads as no; `null` is a draft's "not
    /// answered yet" (see `answered_default`).
    #[serde(default = "answered_default")]
    #[cfg_attr(feature = "ts", ts(type = "boolean | null"))]
    pub disabled: Option<bool>,
    /// Column 15 (asked from 15 years old).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employment: Option<Employment>,
    /// Column 16 (asked of a member who works); `None` while not answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_kind: Option<JobKind>,
    /// Column 17 (asked of a member who works); `None` while not answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wage_job: Option<WageJob>,
    /// Works outside agriculture, 3 months or more of the last 12 (score A item 5; asked of a
    /// member who works).
    /// Absent in a file written before drafts existed reads as no; `null` is a draft's "not
    /// answered yet" (see `answered_default`).
    #[serde(default = "answered_default")]
    #[cfg_attr(feature = "ts", ts(type = "boolean | null"))]
    pub non_farm_work: Option<bool>,
    /// Column 18, `none` for none.
    /// Absent in a file written before drafts existed reads as none, and none is written by
    /// leaving it out (as every earlier writer did); `null` is a draft's "not answered yet".
    #[serde(default = "answered_default", skip_serializing_if = "is_answered_none")]
    #[cfg_attr(feature = "ts", ts(type = "Pension | null"))]
    pub pension: Option<Pension>,
    /// Column 19: serious illness (list of NĐ 134/2016, Phụ lục IV).
    /// Absent in a file written before drafts existed reads as no; `null` is a draft's "not
    /// answered yet" (see `answered_default`).
    #[serde(default = "answered_default")]
    #[cfg_attr(feature = "ts", ts(type = "boolean | null"))]
    pub serious_illness: Option<bool>,
    /// Was sick in the last 12 months and did not seek care (QĐ 59/2015 indicator).
    /// Absent in a file written before drafts existed reads as no; `null` is a draft's "not
    /// answered yet" (see `answered_default`).
    #[serde(default = "answered_default")]
    #[cfg_attr(feature = "ts", ts(type = "boolean | null"))]
    pub sick_without_care: Option<bool>,
    /// Works outside the province or abroad.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub works_away: Option<WorksAway>,
    /// Party member: the district resolution wants no poor Party-member family. Not on the
    /// official forms.
    #[serde(default)]
    pub party_member: bool,
}

impl Member {
    /// A member with only the columns every person has (identity, name, relation, sex, birth,
    /// ethnicity); every other answer is what a `household.v1` file that leaves it out reads as:
    /// no measurement, not at school, no education, training or insurance, no internet, no
    /// allowance, work or pension, not ill, at home, not a Party member. Generators set the
    /// rest with struct update syntax (`Member { internet: Some(true), ..Member::new(…) }`).
    pub fn new(
        id: Uuid,
        name: impl Into<String>,
        relation: Relation,
        sex: Sex,
        birth: BirthDate,
        ethnicity: impl Into<String>,
    ) -> Self {
        Member {
            id,
            name: name.into(),
            relation: Some(relation),
            birth: Some(birth),
            id_number: None,
            ethnicity: ethnicity.into(),
            sex: Some(sex),
            height_cm: None,
            weight_kg: None,
            in_school: Some(false),
            school_level: None,
            education: Some(Education::default()),
            training: Some(Training::default()),
            health_insurance: Some(HealthInsurance::default()),
            state_budget_group_no_card: false,
            internet: Some(false),
            social_allowance: Some(SocialAllowance::None),
            disabled: Some(false),
            employment: None,
            job_kind: None,
            wage_job: None,
            non_farm_work: Some(false),
            pension: Some(Pension::None),
            serious_illness: Some(false),
            sick_without_care: Some(false),
            works_away: None,
            party_member: false,
        }
    }
}

/// What a member column that v1 always defaulted reads as when a file leaves it out: the v1
/// default, answered. Only an explicit `null` says "not answered yet" (serde reads `null` as
/// `None` for an `Option`), so every file written before drafts could leave answers open still
/// reads exactly as it did.
fn answered_default<T: Default>() -> Option<T> {
    Some(T::default())
}

/// Leaves a column-14 or column-18 answer "none" out of the document, as every writer before
/// drafts did (their files had no word for it); an open answer is written as `null`.
fn is_answered_none<T: Default + PartialEq>(answer: &Option<T>) -> bool {
    answer.as_ref() == Some(&T::default())
}

/// Leaves a flag that is off out of the document (see `Member::state_budget_group_no_card`).
fn is_false(b: &bool) -> bool {
    !*b
}

impl Member {
    /// Completed years on `on`, when the birth date is answered.
    pub fn age_on(&self, on: Date) -> Option<i32> {
        self.birth.map(|b| b.age_years(on))
    }

    /// Completed months on `on`, when the birth date is answered.
    pub fn age_months_on(&self, on: Date) -> Option<i32> {
        self.birth.map(|b| b.age_months(on))
    }
}

/// Column 9 "Cấp học" codes 1–8.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SchoolLevel {
    Preschool,
    Primary,
    LowerSecondary,
    UpperSecondary,
    ShortCourse,
    Intermediate,
    College,
    University,
}

impl SchoolLevel {
    pub fn b1_code(self) -> u8 {
        self as u8 + 1
    }

    /// Whether the level is a stage (bậc, cấp học) of the education system. Column 9 lists a
    /// short course ("Khóa đào tạo ngắn hạn", code 5) beside the stages, but it is none: a
    /// child on one is not "học đúng bậc, cấp học phù hợp với độ tuổi" (Phiếu B2 item 3.2),
    /// whatever its place in the column's order.
    pub fn is_school_stage(self) -> bool {
        self != SchoolLevel::ShortCourse
    }
}

/// Column 10 "Trình độ văn hóa" codes 1–4.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Education {
    /// "Chưa tốt nghiệp Tiểu học".
    #[default]
    None,
    Primary,
    LowerSecondary,
    UpperSecondary,
}

impl Education {
    pub fn b1_code(self) -> u8 {
        self as u8 + 1
    }
}

/// Column 11 "Trình độ đào tạo" codes 1–6.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Training {
    /// "Chưa qua đào tạo nghề".
    #[default]
    None,
    /// "Sơ cấp, chứng chỉ dạy nghề".
    Elementary,
    /// "Trung cấp".
    Intermediate,
    College,
    University,
    Postgraduate,
}

impl Training {
    pub fn b1_code(self) -> u8 {
        self as u8 + 1
    }
}

/// Column 12, refined by who pays for the card.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HealthInsurance {
    #[default]
    None,
    /// A card paid by the state budget (poor households, children under 6, ethnic minorities
    /// in hard areas, ...): the group item 2.2 excludes.
    StateBudget,
    /// Paid through employment (compulsory social insurance).
    Employment,
    /// Bought by the household (hộ gia đình), voluntary or subsidised.
    Household,
    /// Student or other scheme.
    Other,
}

impl HealthInsurance {
    pub fn has_card(self) -> bool {
        self != HealthInsurance::None
    }
}

/// Column 14 codes 1–3, and `None` for a member who receives no allowance (the column left
/// empty on paper).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SocialAllowance {
    #[default]
    None,
    Elderly,
    Disabled,
    Orphan,
}

/// Column 15 codes 1–6.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Employment {
    Working,
    Unemployed,
    UnableToWork,
    Studying,
    NotWanting,
    RetiredOrHomemaker,
}

/// Column 16 codes 1–4.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobKind {
    CivilServant,
    Enterprise,
    HiredByHousehold,
    Other,
}

/// Column 17 codes 1–3.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WageJob {
    WithContract,
    WithoutContract,
    NotWage,
}

/// Column 18 codes 1–3, and `None` for a member who receives none (the column left empty on
/// paper).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pension {
    #[default]
    None,
    Pension,
    SocialInsurance,
    MeritAllowance,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorksAway {
    OtherProvince,
    Abroad,
}

/// Phiếu B1 part A items I–IV; each `None` while not answered (a draft).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Housing {
    /// Item I.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<ColumnMaterial>,
    /// Item II.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roof: Option<RoofMaterial>,
    /// Item III.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wall: Option<WallMaterial>,
    /// Item IV: living area in m², without bathroom, toilet, kitchen, store or business space.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub floor_area_m2: Option<f64>,
    /// Loft area in m²; counts for half (Phụ lục IV).
    #[serde(default)]
    pub loft_area_m2: f64,
}

impl Housing {
    /// Area that counts: floor area plus half the loft; `None` while the floor area is not
    /// answered.
    pub fn counted_area_m2(&self) -> Option<f64> {
        self.floor_area_m2
            .map(|floor| floor + self.loft_area_m2 / 2.0)
    }
}

/// Item I codes 1–4.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnMaterial {
    ReinforcedConcrete,
    BrickStone,
    SteelOrDurableWood,
    Other,
}

/// Item II codes 1–4.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoofMaterial {
    ReinforcedConcrete,
    Tiles,
    MetalSheet,
    Other,
}

/// Item III codes 1–4.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WallMaterial {
    ReinforcedConcrete,
    BrickStone,
    DurableWoodOrMetal,
    Other,
}

/// Item V, finer than the form's three codes so that each Phụ lục IV type is named.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Latrine {
    /// Code 1 "Tự hoại/bán tự hoại".
    SepticOrSemiSeptic,
    /// Code 2: "Thấm dội nước (Suilabh)".
    PourFlush,
    /// Code 2: "cải tiến có ống thông hơi (VIP)".
    VentilatedImprovedPit,
    /// Code 2: "hố xí đào có bệ ngồi".
    PitWithSlab,
    /// Code 2: "hai ngăn".
    DoubleVault,
    /// Code 3: simple pit, hanging latrine ("cầu cá") and other types.
    Other,
    /// Code 3: none, open defecation.
    None,
}

impl Latrine {
    pub fn b1_code(self) -> u8 {
        match self {
            Latrine::SepticOrSemiSeptic => 1,
            Latrine::PourFlush
            | Latrine::VentilatedImprovedPit
            | Latrine::PitWithSlab
            | Latrine::DoubleVault => 2,
            Latrine::Other | Latrine::None => 3,
        }
    }
}

/// Items VI–VII.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Electricity {
    /// `None` while not answered (a draft).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<PowerSource>,
    /// Average monthly consumption of the whole household, kWh; `None` while not answered
    /// (left out of the file), which score A reads as unknown, never as 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kwh_per_month: Option<f64>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PowerSource {
    Grid,
    Generator,
    Other,
    None,
}

/// Item VIII, finer than the form's four codes so that rainwater and unprotected sources are
/// named (they are not "nước sạch").
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WaterSource {
    /// Code 1.
    Tap,
    /// Code 1: bottled or bought water.
    BottledOrBought,
    /// Code 2.
    Borehole,
    /// Code 3.
    ProtectedDugWell,
    /// Code 3.
    ProtectedSpring,
    /// Code 4.
    Rainwater,
    /// Code 4.
    UnprotectedWell,
    /// Code 4.
    UnprotectedSpring,
    /// Code 4: river, stream, pond, lake.
    SurfaceWater,
    /// Code 4.
    Other,
}

impl WaterSource {
    pub fn b1_code(self) -> u8 {
        match self {
            WaterSource::Tap | WaterSource::BottledOrBought => 1,
            WaterSource::Borehole => 2,
            WaterSource::ProtectedDugWell | WaterSource::ProtectedSpring => 3,
            _ => 4,
        }
    }
}

/// Item IX counts, plus the devices Phiếu B2 item 6.2 names that the form lumps together.
/// Each count is `None` while not answered (a draft writes `null`); a count a file leaves out
/// is 0, as every file written before drafts meant it (see `Default`).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Assets {
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub car: Option<u32>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub motorbike: Option<u32>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub motor_boat: Option<u32>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub generator: Option<u32>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub printer_fax: Option<u32>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub color_tv: Option<u32>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub sound_system: Option<u32>,
    /// Desktop computers ("máy tính để bàn").
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub desktop_computer: Option<u32>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub laptop: Option<u32>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub tablet: Option<u32>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub fridge: Option<u32>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub air_conditioner: Option<u32>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub washing_machine: Option<u32>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub water_heater: Option<u32>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub microwave_oven: Option<u32>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub landline_phone: Option<u32>,
    /// Mobile phones that are not smartphones.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub mobile_phone: Option<u32>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub smartphone: Option<u32>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub radio: Option<u32>,
}

impl Default for Assets {
    /// Every count answered 0: what a `household.v1` file that leaves a count (or the whole
    /// section) out has always meant. Only an explicit `null` is "not answered yet".
    fn default() -> Self {
        Assets {
            car: Some(0),
            motorbike: Some(0),
            motor_boat: Some(0),
            generator: Some(0),
            printer_fax: Some(0),
            color_tv: Some(0),
            sound_system: Some(0),
            desktop_computer: Some(0),
            laptop: Some(0),
            tablet: Some(0),
            fridge: Some(0),
            air_conditioner: Some(0),
            washing_machine: Some(0),
            water_heater: Some(0),
            microwave_oven: Some(0),
            landline_phone: Some(0),
            mobile_phone: Some(0),
            smartphone: Some(0),
            radio: Some(0),
        }
    }
}

impl Assets {
    /// Every count in the paper form's order, with its household.v1 field name.
    pub fn counts(&self) -> [(&'static str, Option<u32>); 19] {
        [
            ("car", self.car),
            ("motorbike", self.motorbike),
            ("motor_boat", self.motor_boat),
            ("generator", self.generator),
            ("printer_fax", self.printer_fax),
            ("color_tv", self.color_tv),
            ("sound_system", self.sound_system),
            ("desktop_computer", self.desktop_computer),
            ("laptop", self.laptop),
            ("tablet", self.tablet),
            ("fridge", self.fridge),
            ("air_conditioner", self.air_conditioner),
            ("washing_machine", self.washing_machine),
            ("water_heater", self.water_heater),
            ("microwave_oven", self.microwave_oven),
            ("landline_phone", self.landline_phone),
            ("mobile_phone", self.mobile_phone),
            ("smartphone", self.smartphone),
            ("radio", self.radio),
        ]
    }

    /// Section IX with no count answered yet: what a new form starts with.
    pub fn unanswered() -> Self {
        Assets {
            car: None,
            motorbike: None,
            motor_boat: None,
            generator: None,
            printer_fax: None,
            color_tv: None,
            sound_system: None,
            desktop_computer: None,
            laptop: None,
            tablet: None,
            fridge: None,
            air_conditioner: None,
            washing_machine: None,
            water_heater: None,
            microwave_oven: None,
            landline_phone: None,
            mobile_phone: None,
            smartphone: None,
            radio: None,
        }
    }
}

/// Item X, m². Each area is `None` while not answered (a draft writes `null`); an area a file
/// leaves out is 0, as every file written before drafts meant it (see `Default`).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Land {
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub garden_pond: Option<f64>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub annual_crops: Option<f64>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub perennial_crops: Option<f64>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub water_surface: Option<f64>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub forest: Option<f64>,
}

impl Default for Land {
    /// Every area answered 0: what a `household.v1` file that leaves an area (or the whole
    /// section) out has always meant. Only an explicit `null` is "not answered yet".
    fn default() -> Self {
        Land {
            garden_pond: Some(0.0),
            annual_crops: Some(0.0),
            perennial_crops: Some(0.0),
            water_surface: Some(0.0),
            forest: Some(0.0),
        }
    }
}

impl Land {
    /// Every area in the paper form's order, with its household.v1 field name.
    pub fn areas(&self) -> [(&'static str, Option<f64>); 5] {
        [
            ("garden_pond", self.garden_pond),
            ("annual_crops", self.annual_crops),
            ("perennial_crops", self.perennial_crops),
            ("water_surface", self.water_surface),
            ("forest", self.forest),
        ]
    }

    /// Section X with no area answered yet: what a new form starts with.
    pub fn unanswered() -> Self {
        Land {
            garden_pond: None,
            annual_crops: None,
            perennial_crops: None,
            water_surface: None,
            forest: None,
        }
    }
}

/// Item XI, head counts. Each count is `None` while not answered (a draft writes `null`); a
/// count a file leaves out is 0, as every file written before drafts meant it (see `Default`).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Livestock {
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub buffalo_cattle_horse: Option<u32>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub pig_goat_sheep: Option<u32>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub poultry: Option<u32>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub other: Option<u32>,
}

impl Default for Livestock {
    /// Every count answered 0: what a `household.v1` file that leaves a count (or the whole
    /// section) out has always meant. Only an explicit `null` is "not answered yet".
    fn default() -> Self {
        Livestock {
            buffalo_cattle_horse: Some(0),
            pig_goat_sheep: Some(0),
            poultry: Some(0),
            other: Some(0),
        }
    }
}

impl Livestock {
    /// Every count in the paper form's order, with its household.v1 field name.
    pub fn counts(&self) -> [(&'static str, Option<u32>); 4] {
        [
            ("buffalo_cattle_horse", self.buffalo_cattle_horse),
            ("pig_goat_sheep", self.pig_goat_sheep),
            ("poultry", self.poultry),
            ("other", self.other),
        ]
    }

    /// Section XI with no count answered yet: what a new form starts with.
    pub fn unanswered() -> Self {
        Livestock {
            buffalo_cattle_horse: None,
            pig_goat_sheep: None,
            poultry: None,
            other: None,
        }
    }
}

/// Item XIII.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HardshipCause {
    NoProductionLand,
    NoCapital,
    NoLabour,
    NoTools,
    NoBusinessKnowHow,
    NoSkills,
    IllnessInFamily,
    Other,
}

/// Item XIV policy areas.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Policy {
    Health,
    Education,
    VocationalTraining,
    Employment,
    Housing,
    WaterSanitation,
    ProductionLand,
    Credit,
    Livelihood,
    Information,
    Legal,
    Electricity,
    Other,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Support {
    pub received: Vec<Policy>,
    pub needed: Vec<Policy>,
}

/// Measured income of the last 12 months, itemised (Phụ lục VIII).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Income {
    /// Gross annual amounts by source.
    pub sources: Vec<IncomeSource>,
    /// Annual production costs, subtracted from the sources.
    #[serde(default)]
    pub production_costs: Dong,
    /// Annual social allowances and assistance paid by the state budget: kept apart because
    /// the middle-living-standard test excludes them.
    #[serde(default)]
    pub social_allowances: Dong,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncomeSource {
    pub kind: IncomeKind,
    /// Gross amount over 12 months, đồng.
    pub amount: Dong,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IncomeKind {
    Wages,
    Crops,
    Livestock,
    Forestry,
    Aquaculture,
    Business,
    Remittances,
    Pension,
    Other,
}

impl Income {
    /// Annual net income including state social allowances.
    pub fn net_annual(&self) -> Dong {
        self.net_annual_without_allowances()
            .saturating_add(self.social_allowances)
    }

    /// Annual net income without state social allowances (the middle-standard basis).
    pub fn net_annual_without_allowances(&self) -> Dong {
        self.sources
            .iter()
            .fold(0i64, |acc, s| acc.saturating_add(s.amount))
            .saturating_sub(self.production_costs)
    }
}

/// NĐ 351/2025 "xử lý rác thải" (2027–2030). Categories are ours: the decree's threshold
/// text has not been seen.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WasteHandling {
    /// Collected by a service.
    Collected,
    /// Sorted and composted, buried or burned in a dedicated place.
    TreatedOnSite,
    /// Dumped in the open, into water, or not handled.
    Dumped,
}

/// Phiếu A: quick identification of a household that asked to be reviewed (Phụ lục II).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PhieuA {
    /// Column 0, conditions 1–4 and the province's own condition 5; each `true` means the
    /// condition holds.
    pub villa_or_grade_1_2: bool,
    pub business_with_3_workers_or_100m_tax: bool,
    pub farm_or_herd_over_200m: bool,
    pub production_assets_over_200m: bool,
    /// Ids of the province's own conditions that hold (see `PhieuARules`).
    pub province_conditions: Vec<String>,
    /// Columns 1–9 as answered ("có" = true), in the form's order.
    pub answers: [bool; 9],
    /// Day of the screening ("Ngày rà soát", column C).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub screened_on: Option<Date>,
}
