//! Score A ("điểm A"): the Phiếu B1 point table of TT 07/2021 (Mẫu số 3.3), applied to a
//! household with every point explained.
//!
//! The points and the official labels are data (`assets/scoring/tt07-2021-b1-points.json`,
//! embedded at compile time); which row applies to a household is code, because only the code
//! knows what each row key means (see `docs/score-table-format.md`). Where the text leaves a
//! choice open, the choice is a [`ScoreSettings`] field with a documented default, and every
//! item it touches carries `unclear_in_text = true` ("chưa rõ trong văn bản").
//!
//! The module is split by what changes for what reason: `table` is the point table as data
//! (with the regions), `rules` holds one data row per plain rule (the field read, the
//! score-table key, the words of the explanation), and `scorer` turns a row into an explained
//! item and keeps the rules that are genuinely different (household size, working age,
//! diploma, non-farm work, walls and columns, item 15) as their own functions.

use serde::{Deserialize, Serialize};

use crate::model::{AreaType, Household};

mod former_provinces;
mod region_doubt;
mod regions;
mod rules;
mod scorer;
mod table;
#[cfg(test)]
mod tests;

pub use former_provinces::{CommuneOrigin, FormerProvinces, FormerProvincesError};
pub use region_doubt::{region_unclear, RegionDoubt};
pub use regions::{
    FormerProvince, MergedProvince, Placement, PlacementError, RegionSettings, Regions,
    HUE_CITY_DAY, MERGER_DAY, REGIONS_FORMAT,
};
pub use table::{
    region_of_province, resolve_region, Column, ColumnInfo, Misprint, Points, Region, RegionError,
    RegionRow, Row, ScoreTable, ScoreTableError, Section, SheetNote, TableSource, UrbanRegionBlock,
    CENTRAL_CITY_ROW, ROW_KEYS, SCORE_TABLE_FORMAT,
};

/// The UI label for an item whose rule the law text leaves open.
pub const UNCLEAR_IN_TEXT_VI: &str = "chưa rõ trong văn bản";

/// What to do with a household of more than 7 people (the table stops at "Hộ có 7 người").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LargeHousehold {
    /// Score it with the 7-person row (the likely intent). Default.
    #[default]
    SevenPersonRow,
    /// No row of section 1 applies: 0 points (the literal reading).
    NoRow,
}

/// Which ages section 2 counts as working age. TT 07/2021 does not define working age [U], so
/// the round chooses, and section 2 is always labelled "chưa rõ trong văn bản".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkingAge {
    /// From `working_age_from_years` to under `working_age_men_under_years` (men) or
    /// `working_age_women_under_years` (women) completed years: 15 to under 60 and 55 unless
    /// changed. Default, as every earlier round scored.
    #[default]
    FixedBands,
    /// The Labour Code 2019 band: from `working_age_from_years` to under the statutory
    /// retirement age in the year of the interview (Bộ luật Lao động 2019 Art. 169, NĐ
    /// 135/2020: men 60 years 3 months in 2021, 3 months more each year up to 62; women 55
    /// years 4 months in 2021, 4 months more each year up to 60). The schedule is not among
    /// the project's checked sources: a reading offered beside the default.
    LabourCode2019,
}

/// The statutory retirement age, in months, of a worker of `sex` retiring in `year`, by the
/// Labour Code 2019 schedule (`WorkingAge::LabourCode2019`); before 2021, 60 and 55 years.
pub fn retirement_age_months(sex: crate::model::Sex, year: i32) -> i32 {
    use crate::model::Sex;
    let steps = year.saturating_sub(2020).clamp(0, 100);
    match sex {
        Sex::Male => 60 * 12 + (3 * steps).min(24),
        Sex::Female => 55 * 12 + (4 * steps).min(60),
    }
}

/// What to do when several rows of one section apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SeveralRows {
    /// Add the points of every row that applies.
    AddUp,
    /// Count only the row worth most (the first in table order on a tie).
    HighestRow,
}

/// Which printing of "Từ 3 xe máy, xe có động cơ trở lên" to use for rural Tây Nguyên.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CentralHighlandsMotorbikes {
    /// 30 points, as in the summary table Mẫu số 3.3. Default.
    #[default]
    Mau33,
    /// 40 points, as printed on the regional sheet Mẫu số 3.8.
    Mau38,
}

/// The choices the law text leaves open, each with a documented default
/// (`ScoreSettings::default()`). Items shaped by any of them are marked
/// `unclear_in_text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScoreSettings {
    /// Section 1 for households of 8 or more. Default: the 7-person row.
    pub large_household: LargeHousehold,
    /// Section 2: which band of ages is working age. Default: the fixed bands below.
    pub working_age: WorkingAge,
    /// Section 2: first year of working age, in completed years. TT 07/2021 does not define
    /// working age [U]. Default 15: the age from which Phiếu B1 asks columns 15–18
    /// ("Chỉ hỏi thành viên từ 15 tuổi trở lên"). Unconfirmed.
    pub working_age_from_years: i32,
    /// Section 2: men are of working age while younger than this, in completed years.
    /// Default 60. Not from any text available here: a conventional value (the retirement
    /// age before the 2019 Labour Code's gradual increase). Unconfirmed.
    pub working_age_men_under_years: i32,
    /// Section 2: women are of working age while younger than this. Default 55, same caveat.
    pub working_age_women_under_years: i32,
    /// Section 5 when members fall under different rows. Default: the highest row.
    pub section_5: SeveralRows,
    /// Section 13 when several land rows apply. Default: add them up.
    pub section_13: SeveralRows,
    /// Section 14 when several livestock rows apply. Default: add them up.
    pub section_14: SeveralRows,
    /// Rural Tây Nguyên, 3 or more motorbikes. Default: 30 (Mẫu số 3.3).
    pub central_highlands_motorbikes: CentralHighlandsMotorbikes,
}

impl Default for ScoreSettings {
    fn default() -> ScoreSettings {
        ScoreSettings {
            large_household: LargeHousehold::SevenPersonRow,
            working_age: WorkingAge::FixedBands,
            working_age_from_years: 15,
            working_age_men_under_years: 60,
            working_age_women_under_years: 55,
            section_5: SeveralRows::HighestRow,
            section_13: SeveralRows::AddUp,
            section_14: SeveralRows::AddUp,
            central_highlands_motorbikes: CentralHighlandsMotorbikes::Mau33,
        }
    }
}

/// Score A of one household.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreA {
    /// Sum of the items' points.
    pub total: i32,
    /// The column used (`tdmnpb`, `urban`, ...).
    pub column: String,
    /// One item per row that applies, and one `sN.none` item per section where none does, so
    /// that every section is accounted for; in table order.
    pub items: Vec<ScoreItem>,
}

impl ScoreA {
    /// The item with this key, if it was scored.
    pub fn item(&self, key: &str) -> Option<&ScoreItem> {
        self.items.iter().find(|i| i.key == key)
    }

    /// True when any item rests on a choice the text leaves open.
    pub fn has_unclear(&self) -> bool {
        self.items.iter().any(|i| i.unclear_in_text)
    }
}

/// One explained line of score A.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreItem {
    /// Section of Mẫu số 3.3 (1–14; 15 "Vùng" for urban households).
    pub section: u8,
    /// Row key (`s1.people_5`), or `sN.none` when no row of section N applies.
    pub key: String,
    /// The row's official label, or the section heading for `sN.none`.
    pub label_vi: String,
    pub points: i32,
    /// Why, in words: "Hộ có 5 người: 35 điểm".
    pub because_vi: String,
    pub because_en: String,
    /// The rule behind this item is not settled by the text ("chưa rõ trong văn bản").
    pub unclear_in_text: bool,
}

/// Scores a household with the point table: the urban column for urban households (plus item
/// 15 for the region), otherwise the rural column of `region`.
///
/// Total for any input: values the table cannot place (a negative or non-numeric area, no
/// members) simply match no row.
pub fn score_a(
    h: &Household,
    region: Region,
    table: &ScoreTable,
    settings: &ScoreSettings,
) -> ScoreA {
    score_a_placed(h, region, false, table, settings)
}

/// [`score_a`] for a household whose province may be one of item 15's centrally-run cities
/// (`central_city`): its urban households take that row instead of their region's.
pub fn score_a_placed(
    h: &Household,
    region: Region,
    central_city: bool,
    table: &ScoreTable,
    settings: &ScoreSettings,
) -> ScoreA {
    // `classify` scores a household whose "Khu vực" is open once in each area, setting it; a
    // caller that scores one without an area gets the rural column, and its classification
    // lists `area` as open.
    let area = h.area.unwrap_or(AreaType::Rural);
    let column = Column::of(area, region);
    let mut s = scorer::Scorer::new(table, column, settings);
    s.people(h);
    s.working_age(h);
    s.group(&rules::DEPENDANTS, h);
    s.diploma(h);
    s.non_farm(h);
    s.group(&rules::PENSION, h);
    s.housing(h);
    s.area(h);
    s.group(&rules::ELECTRICITY, h);
    s.group(&rules::WATER, h);
    s.group(&rules::LATRINE, h);
    s.group(&rules::ASSETS, h);
    s.group(&rules::LAND, h);
    s.group(&rules::LIVESTOCK, h);
    if area == AreaType::Urban {
        s.urban_region(region, central_city);
    }
    let items = s.into_items();
    let total = items
        .iter()
        .fold(0i32, |acc, i| acc.saturating_add(i.points));
    ScoreA {
        total,
        column: column.key().to_string(),
        items,
    }
}
