//! Score A ("điểm A"): the Phiếu B1 point table of TT 07/2021 (Mẫu số 3.3), applied to a
//! household with every point explained.
//!
//! The points and the official labels are data (`assets/scoring/tt07-2021-b1-points.json`,
//! embedded at compile time); which row applies to a household is code, because only the code
//! knows what each row key means (see `docs/score-table-format.md`). Where the text leaves a
//! choice open, the choice is a [`ScoreSettings`] field with a documented default, and every
//! item it touches carries `unclear_in_text = true` ("chưa rõ trong văn bản").

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::model::{
    AreaType, ColumnMaterial, Employment, Household, JobKind, Member, Sex, SocialAllowance,
    Training, WageJob, WallMaterial,
};

/// The TT 07/2021 table, as shipped. Compile-time: the domain does no I/O.
const TT07_2021_JSON: &str = include_str!("../../../assets/scoring/tt07-2021-b1-points.json");

/// The format tag of a point-table document.
pub const SCORE_TABLE_FORMAT: &str = "rasoat.score-table.v1";

/// The UI label for an item whose rule the law text leaves open.
pub const UNCLEAR_IN_TEXT_VI: &str = "chưa rõ trong văn bản";

/// The six socio-economic regions of the rural point sheets (Mẫu số 3.5–3.10) and of item 15.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Region {
    /// Đồng bằng sông Hồng.
    Dbsh,
    /// Trung du và miền núi phía Bắc (Hà Giang, Tuyên Quang, ...).
    Tdmnpb,
    /// Bắc Trung Bộ và duyên hải miền Trung.
    BtbDhmt,
    /// Tây Nguyên.
    Tn,
    /// Đông Nam Bộ.
    Dnb,
    /// Đồng bằng sông Cửu Long.
    Dbscl,
}

impl Region {
    pub const ALL: [Region; 6] = [
        Region::Dbsh,
        Region::Tdmnpb,
        Region::BtbDhmt,
        Region::Tn,
        Region::Dnb,
        Region::Dbscl,
    ];

    /// The snake_case word used in files.
    pub fn key(self) -> &'static str {
        Column::from(self).key()
    }
}

/// A column of Mẫu số 3.3: one rural column per region, and the urban column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    Dbsh,
    Tdmnpb,
    BtbDhmt,
    Tn,
    Dnb,
    Dbscl,
    Urban,
}

impl Column {
    pub const ALL: [Column; 7] = [
        Column::Dbsh,
        Column::Tdmnpb,
        Column::BtbDhmt,
        Column::Tn,
        Column::Dnb,
        Column::Dbscl,
        Column::Urban,
    ];

    /// The column that scores a household: urban households use the urban column whatever
    /// their region; rural ones the column of their region.
    pub fn of(area: AreaType, region: Region) -> Column {
        match area {
            AreaType::Urban => Column::Urban,
            AreaType::Rural => Column::from(region),
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Column::Dbsh => "dbsh",
            Column::Tdmnpb => "tdmnpb",
            Column::BtbDhmt => "btb_dhmt",
            Column::Tn => "tn",
            Column::Dnb => "dnb",
            Column::Dbscl => "dbscl",
            Column::Urban => "urban",
        }
    }
}

impl From<Region> for Column {
    fn from(r: Region) -> Column {
        match r {
            Region::Dbsh => Column::Dbsh,
            Region::Tdmnpb => Column::Tdmnpb,
            Region::BtbDhmt => Column::BtbDhmt,
            Region::Tn => Column::Tn,
            Region::Dnb => Column::Dnb,
            Region::Dbscl => Column::Dbscl,
        }
    }
}

/// The points of one row in each of the seven columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Points {
    pub dbsh: i32,
    pub tdmnpb: i32,
    pub btb_dhmt: i32,
    pub tn: i32,
    pub dnb: i32,
    pub dbscl: i32,
    pub urban: i32,
}

impl Points {
    pub fn get(&self, column: Column) -> i32 {
        match column {
            Column::Dbsh => self.dbsh,
            Column::Tdmnpb => self.tdmnpb,
            Column::BtbDhmt => self.btb_dhmt,
            Column::Tn => self.tn,
            Column::Dnb => self.dnb,
            Column::Dbscl => self.dbscl,
            Column::Urban => self.urban,
        }
    }
}

/// One row of Mẫu số 3.3.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// Stable key (`s12.motorbike_2`); the engine knows what it means.
    pub key: String,
    /// The official wording, verbatim.
    pub label_vi: String,
    pub points: Points,
}

/// One numbered section (1–14) of Mẫu số 3.3.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub section: u8,
    pub key: String,
    /// The section heading, verbatim (footnote marks removed; the footnote is below).
    pub label_vi: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub footnote_vi: Option<String>,
    pub rows: Vec<Row>,
}

/// One row of item 15 "Vùng" (urban sheet only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionRow {
    pub key: String,
    /// `None` for "Các thành phố trực thuộc Trung ương", which is no region of the rural sheets.
    pub region: Option<Region>,
    pub label_vi: String,
    pub provinces_vi: String,
    pub points: i32,
}

/// Item 15 "Vùng".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UrbanRegionBlock {
    pub section: u8,
    pub key: String,
    pub label_vi: String,
    #[serde(default)]
    pub note: String,
    pub rows: Vec<RegionRow>,
}

/// A value printed differently on a regional sheet than in Mẫu số 3.3.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Misprint {
    pub row: String,
    pub column: Column,
    pub sheet: String,
    pub printed: i32,
    pub note: String,
}

/// A remark on a regional sheet that changes no points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SheetNote {
    pub row: String,
    pub column: Column,
    pub sheet: String,
    pub note: String,
}

/// A province whose GSO code and region are sourced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProvinceRegion {
    pub code: String,
    pub name_vi: String,
    pub region: Region,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableSource {
    pub text_vi: String,
    pub gazette: String,
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub checked_against: String,
    #[serde(default)]
    pub applies: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnInfo {
    pub key: Column,
    pub label_vi: String,
    pub sheet: String,
}

/// A parsed and checked point table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreTable {
    format: String,
    id: String,
    title_vi: String,
    source: TableSource,
    columns: Vec<ColumnInfo>,
    sections: Vec<Section>,
    urban_region: UrbanRegionBlock,
    #[serde(default)]
    misprints: Vec<Misprint>,
    #[serde(default)]
    sheet_notes: Vec<SheetNote>,
    #[serde(default)]
    province_regions: Vec<ProvinceRegion>,
}

/// Why a point table was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScoreTableError {
    #[error("bảng điểm không đọc được: {message} / point table is not valid: {message}")]
    Json { message: String },
    #[error("định dạng bảng điểm `{found}` không được hỗ trợ, cần `{SCORE_TABLE_FORMAT}` / unsupported point-table format `{found}`")]
    Format { found: String },
    #[error("bảng điểm thiếu dòng `{key}` / point table lacks row `{key}`")]
    MissingRow { key: String },
    #[error(
        "dòng `{key}` không có ý nghĩa với chương trình / row `{key}` is unknown to the engine"
    )]
    UnknownRow { key: String },
    #[error("dòng `{key}` xuất hiện hai lần / row `{key}` appears twice")]
    DuplicateRow { key: String },
    #[error("dòng `{key}` nằm sai mục {section} / row `{key}` is filed under section {section}")]
    WrongSection { key: String, section: u8 },
    #[error(
        "ghi chú về dòng `{key}` không khớp với dòng nào / note refers to unknown row `{key}`"
    )]
    DanglingNote { key: String },
}

/// Every row key of sections 1–14, in the order of Mẫu số 3.3. The engine gives each a
/// meaning in [`score_a`]; a table must have exactly these.
pub const ROW_KEYS: [&str; 66] = [
    "s1.people_1",
    "s1.people_2",
    "s1.people_3",
    "s1.people_4",
    "s1.people_5",
    "s1.people_6",
    "s1.people_7",
    "s2.working_1",
    "s2.working_2",
    "s2.working_3",
    "s2.working_4",
    "s2.working_5_plus",
    "s3.dependants_none",
    "s3.dependants_1",
    "s4.college_or_higher",
    "s4.intermediate",
    "s4.elementary",
    "s5.civil_servant",
    "s5.contract",
    "s5.other_non_farm",
    "s6.pension_1",
    "s6.pension_2_plus",
    "s7.wall_durable",
    "s7.column_durable",
    "s8.area_20_30",
    "s8.area_30_40",
    "s8.area_40_plus",
    "s9.kwh_25_50",
    "s9.kwh_50_100",
    "s9.kwh_100_150",
    "s9.kwh_150_plus",
    "s10.tap_bottled_bought",
    "s10.borehole",
    "s10.protected_well_spring",
    "s11.septic",
    "s12.car",
    "s12.motorbike_1",
    "s12.motorbike_2",
    "s12.motorbike_3_plus",
    "s12.motor_boat",
    "s12.printer_fax",
    "s12.color_tv_1",
    "s12.color_tv_2_plus",
    "s12.sound_system",
    "s12.computer",
    "s12.fridge",
    "s12.air_conditioner_1",
    "s12.air_conditioner_2_plus",
    "s12.washing_machine",
    "s12.water_heater",
    "s12.microwave_oven",
    "s13.garden_300_500",
    "s13.garden_500_plus",
    "s13.annual_crops_5000_plus",
    "s13.perennial_1000_5000",
    "s13.perennial_5000_plus",
    "s13.water_surface_500_5000",
    "s13.water_surface_5000_plus",
    "s13.forest_5000_10000",
    "s13.forest_10000_plus",
    "s14.cattle_1",
    "s14.cattle_2",
    "s14.cattle_3_plus",
    "s14.pigs_10_plus",
    "s14.poultry_100_plus",
    "s14.aquaculture",
];

/// The key of the item-15 row for the five centrally-run cities.
pub const CENTRAL_CITY_ROW: &str = "s15.central_city";

/// The section number a row key is filed under (`s12.car` → 12).
fn section_of_key(key: &str) -> Option<u8> {
    key.strip_prefix('s')?.split('.').next()?.parse().ok()
}

impl ScoreTable {
    /// The TT 07/2021 table (VBHN 1315/VBHN-BLĐTBXH, Mẫu số 3.3), parsed once.
    pub fn tt07_2021() -> &'static ScoreTable {
        static TABLE: OnceLock<ScoreTable> = OnceLock::new();
        TABLE.get_or_init(|| match ScoreTable::from_json(TT07_2021_JSON) {
            Ok(table) => table,
            // The embedded file is part of the build and the test `embedded_table_is_valid`
            // parses it; reaching this line means a broken build, never a bad input.
            Err(e) => panic!("embedded score table tt07-2021-b1-points.json is invalid: {e}"),
        })
    }

    /// Parses and checks a point table: the right format tag, every row the engine knows
    /// present exactly once, filed under its own section, and nothing else.
    pub fn from_json(text: &str) -> Result<ScoreTable, ScoreTableError> {
        let table: ScoreTable = serde_json::from_str(text).map_err(|e| ScoreTableError::Json {
            message: e.to_string(),
        })?;
        if table.format != SCORE_TABLE_FORMAT {
            return Err(ScoreTableError::Format {
                found: table.format,
            });
        }
        let mut seen: Vec<&str> = Vec::new();
        for section in &table.sections {
            for row in &section.rows {
                if !ROW_KEYS.contains(&row.key.as_str()) {
                    return Err(ScoreTableError::UnknownRow {
                        key: row.key.clone(),
                    });
                }
                if section_of_key(&row.key) != Some(section.section) {
                    return Err(ScoreTableError::WrongSection {
                        key: row.key.clone(),
                        section: section.section,
                    });
                }
                if seen.contains(&row.key.as_str()) {
                    return Err(ScoreTableError::DuplicateRow {
                        key: row.key.clone(),
                    });
                }
                seen.push(&row.key);
            }
        }
        if let Some(missing) = ROW_KEYS.iter().find(|k| !seen.contains(k)) {
            return Err(ScoreTableError::MissingRow {
                key: (*missing).to_string(),
            });
        }
        for region in Region::ALL {
            if !table
                .urban_region
                .rows
                .iter()
                .any(|r| r.region == Some(region))
            {
                return Err(ScoreTableError::MissingRow {
                    key: format!("s15.{}", region.key()),
                });
            }
        }
        for key in table
            .misprints
            .iter()
            .map(|m| &m.row)
            .chain(table.sheet_notes.iter().map(|n| &n.row))
        {
            if !seen.contains(&key.as_str()) {
                return Err(ScoreTableError::DanglingNote { key: key.clone() });
            }
        }
        Ok(table)
    }

    pub fn id(&self) -> &str {
        &self.id
    }
    pub fn title_vi(&self) -> &str {
        &self.title_vi
    }
    pub fn source(&self) -> &TableSource {
        &self.source
    }
    pub fn columns(&self) -> &[ColumnInfo] {
        &self.columns
    }
    pub fn sections(&self) -> &[Section] {
        &self.sections
    }
    pub fn urban_region(&self) -> &UrbanRegionBlock {
        &self.urban_region
    }
    pub fn misprints(&self) -> &[Misprint] {
        &self.misprints
    }
    pub fn sheet_notes(&self) -> &[SheetNote] {
        &self.sheet_notes
    }
    pub fn province_regions(&self) -> &[ProvinceRegion] {
        &self.province_regions
    }

    /// The row with this key, if the table has it.
    pub fn row(&self, key: &str) -> Option<&Row> {
        self.sections
            .iter()
            .flat_map(|s| s.rows.iter())
            .find(|r| r.key == key)
    }

    /// The section with this number (1–14).
    pub fn section(&self, number: u8) -> Option<&Section> {
        self.sections.iter().find(|s| s.section == number)
    }

    /// The region of a GSO province code, from this table's sourced list.
    pub fn region_of_province(&self, code: &str) -> Option<Region> {
        let code = code.trim();
        self.province_regions
            .iter()
            .find(|p| p.code == code)
            .map(|p| p.region)
    }
}

/// The region of a GSO province code, for the provinces whose code and region are sourced
/// (today `02` Hà Giang and `08` Tuyên Quang, both trung du và miền núi phía Bắc). `None`
/// for any other code: the caller must then name the region explicitly.
pub fn region_of_province(code: &str) -> Option<Region> {
    ScoreTable::tt07_2021().region_of_province(code)
}

/// Why no region could be settled for a household.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegionError {
    #[error("chưa biết vùng của tỉnh mã `{code}`: cần chọn vùng / region of province `{code}` is unknown: choose it explicitly")]
    UnknownProvince { code: String },
    #[error("tỉnh mã `{code}` thuộc vùng {known:?}, không phải {explicit:?} / province `{code}` is in region {known:?}, not {explicit:?}")]
    Conflict {
        code: String,
        known: Region,
        explicit: Region,
    },
}

/// The region to score with: the sourced region of the province, or the one given explicitly
/// for a province we have no source for. Never a guess: an unknown province without an
/// explicit region is an error, and so is an explicit region that contradicts the source.
pub fn resolve_region(province: &str, explicit: Option<Region>) -> Result<Region, RegionError> {
    match (region_of_province(province), explicit) {
        (Some(known), Some(explicit)) if known != explicit => Err(RegionError::Conflict {
            code: province.to_string(),
            known,
            explicit,
        }),
        (Some(known), _) => Ok(known),
        (None, Some(explicit)) => Ok(explicit),
        (None, None) => Err(RegionError::UnknownProvince {
            code: province.to_string(),
        }),
    }
}

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
    let column = Column::of(h.area, region);
    let mut s = Scorer {
        table,
        column,
        settings,
        items: Vec::new(),
    };
    s.people(h);
    s.working_age(h);
    s.dependants(h);
    s.diploma(h);
    s.non_farm(h);
    s.pension(h);
    s.housing(h);
    s.area(h);
    s.electricity(h);
    s.water(h);
    s.latrine(h);
    s.assets(h);
    s.land(h);
    s.livestock(h);
    if h.area == AreaType::Urban {
        s.urban_region(region);
    }
    let total = s
        .items
        .iter()
        .fold(0i32, |acc, i| acc.saturating_add(i.points));
    ScoreA {
        total,
        column: column.key().to_string(),
        items: s.items,
    }
}

/// A row that applies, before its points are looked up.
struct Hit {
    key: &'static str,
    vi: String,
    en: String,
}

fn hit(key: &'static str, vi: String, en: String) -> Hit {
    Hit { key, vi, en }
}

struct Scorer<'a> {
    table: &'a ScoreTable,
    column: Column,
    settings: &'a ScoreSettings,
    items: Vec<ScoreItem>,
}

/// Decimal with a comma, as Vietnamese writes it ("12,5").
fn vi_num(x: f64) -> String {
    let s = format!("{x:.1}");
    let s = s
        .strip_suffix(".0")
        .map_or_else(|| s.clone(), str::to_string);
    s.replace('.', ",")
}

fn en_num(x: f64) -> String {
    let s = format!("{x:.1}");
    s.strip_suffix(".0")
        .map_or_else(|| s.clone(), str::to_string)
}

impl Scorer<'_> {
    fn points_of(&self, key: &str) -> (String, i32, bool) {
        let Some(row) = self.table.row(key) else {
            // `from_json` guarantees every engine key; this keeps a hand-built table harmless.
            return (key.to_string(), 0, true);
        };
        let mut points = row.points.get(self.column);
        let mut misprinted = false;
        for m in self
            .table
            .misprints
            .iter()
            .filter(|m| m.row == key && m.column == self.column)
        {
            misprinted = true;
            // Only the Tây Nguyên motorbike cell is known to be misprinted; the setting picks
            // which printing counts.
            if self.column == Column::Tn
                && self.settings.central_highlands_motorbikes == CentralHighlandsMotorbikes::Mau38
            {
                points = m.printed;
            }
        }
        (row.label_vi.clone(), points, misprinted)
    }

    fn push(&mut self, section: u8, h: Hit, unclear: bool) -> i32 {
        let (label_vi, points, misprinted) = self.points_of(h.key);
        let mut because_vi = format!("{}: {points} điểm", h.vi);
        let mut because_en = format!("{}: {points} points", h.en);
        if misprinted {
            because_vi.push_str(&format!(
                " (Mẫu số 3.3 in {}, Mẫu số 3.8 in {}; đang dùng {})",
                self.table
                    .row(h.key)
                    .map_or(0, |r| r.points.get(self.column)),
                self.table
                    .misprints
                    .iter()
                    .find(|m| m.row == h.key)
                    .map_or(0, |m| m.printed),
                match self.settings.central_highlands_motorbikes {
                    CentralHighlandsMotorbikes::Mau33 => "Mẫu số 3.3",
                    CentralHighlandsMotorbikes::Mau38 => "Mẫu số 3.8",
                }
            ));
            because_en
                .push_str(" (the summary table Mẫu 3.3 and the regional sheet Mẫu 3.8 disagree)");
        }
        self.items.push(ScoreItem {
            section,
            key: h.key.to_string(),
            label_vi,
            points,
            because_vi,
            because_en,
            unclear_in_text: unclear || misprinted,
        });
        points
    }

    fn push_none(&mut self, section: u8, vi: String, en: String, unclear: bool) {
        let label_vi = self
            .table
            .section(section)
            .map_or_else(String::new, |s| s.label_vi.clone());
        self.items.push(ScoreItem {
            section,
            key: format!("s{section}.none"),
            label_vi,
            points: 0,
            because_vi: format!("{vi}: 0 điểm"),
            because_en: format!("{en}: 0 points"),
            unclear_in_text: unclear,
        });
    }

    /// Pushes the rows of a section where several may apply, by the given rule.
    fn push_several(
        &mut self,
        section: u8,
        hits: Vec<Hit>,
        rule: SeveralRows,
        none: (String, String),
    ) {
        if hits.is_empty() {
            self.push_none(section, none.0, none.1, false);
            return;
        }
        let unclear = hits.len() > 1;
        match rule {
            SeveralRows::AddUp => {
                for h in hits {
                    let h = if unclear {
                        Hit {
                            key: h.key,
                            vi: format!("{} (nhiều dòng cùng mục: cộng dồn)", h.vi),
                            en: format!("{} (several rows of the section: added up)", h.en),
                        }
                    } else {
                        h
                    };
                    self.push(section, h, unclear);
                }
            }
            SeveralRows::HighestRow => {
                let best = hits
                    .iter()
                    .enumerate()
                    .fold((0usize, i32::MIN), |(bi, bp), (i, h)| {
                        let p = self.points_of(h.key).1;
                        if p > bp {
                            (i, p)
                        } else {
                            (bi, bp)
                        }
                    })
                    .0;
                for (i, h) in hits.into_iter().enumerate() {
                    if i == best {
                        let h = if unclear {
                            Hit {
                                key: h.key,
                                vi: format!("{} (nhiều dòng cùng mục: lấy dòng cao nhất)", h.vi),
                                en: format!(
                                    "{} (several rows of the section: highest counted)",
                                    h.en
                                ),
                            }
                        } else {
                            h
                        };
                        self.push(section, h, unclear);
                    } else {
                        let (label_vi, points, _) = self.points_of(h.key);
                        self.items.push(ScoreItem {
                            section,
                            key: h.key.to_string(),
                            label_vi,
                            points: 0,
                            because_vi: format!(
                                "{}: dòng này ({points} điểm) không cộng vì chỉ lấy dòng cao nhất của mục: 0 điểm",
                                h.vi
                            ),
                            because_en: format!(
                                "{}: this row ({points} points) not added, only the highest row counts: 0 points",
                                h.en
                            ),
                            unclear_in_text: true,
                        });
                    }
                }
            }
        }
    }

    /// Section 1: household size.
    fn people(&mut self, h: &Household) {
        const KEYS: [&str; 7] = [
            "s1.people_1",
            "s1.people_2",
            "s1.people_3",
            "s1.people_4",
            "s1.people_5",
            "s1.people_6",
            "s1.people_7",
        ];
        let n = h.members.len();
        let vi = format!("Hộ có {n} người");
        let en = format!("Household of {n}");
        match n {
            0 => self.push_none(1, vi, en, false),
            1..=7 => {
                self.push(1, hit(KEYS[n - 1], vi, en), false);
            }
            _ => match self.settings.large_household {
                LargeHousehold::SevenPersonRow => {
                    self.push(
                        1,
                        hit(
                            "s1.people_7",
                            format!("{vi}; bảng chỉ có đến «Hộ có 7 người», dùng dòng 7 người"),
                            format!("{en}; the table stops at 7 people, the 7-person row is used"),
                        ),
                        true,
                    );
                }
                LargeHousehold::NoRow => self.push_none(
                    1,
                    format!("{vi}; bảng chỉ có đến «Hộ có 7 người», không dòng nào áp dụng"),
                    format!("{en}; the table stops at 7 people, no row applies"),
                    true,
                ),
            },
        }
    }

    fn age(h: &Household, m: &Member) -> i32 {
        m.birth.age_years(h.surveyed_on)
    }

    /// Section 2: members of working age, less those the heading excludes.
    fn working_age(&mut self, h: &Household) {
        let st = self.settings;
        let in_age = |m: &Member| {
            let age = Self::age(h, m);
            let until = match m.sex {
                Sex::Male => st.working_age_men_under_years,
                Sex::Female => st.working_age_women_under_years,
            };
            age >= st.working_age_from_years && age < until
        };
        let excluded = |m: &Member| {
            m.employment == Some(Employment::UnableToWork)
                || m.social_allowance == Some(SocialAllowance::Disabled)
                || m.serious_illness
        };
        let in_age_count = h.members.iter().filter(|m| in_age(m)).count();
        let n = h
            .members
            .iter()
            .filter(|m| in_age(m) && !excluded(m))
            .count();
        let left_out = in_age_count - n;
        let age_vi = format!(
            "tuổi lao động theo mặc định chưa xác nhận: nam từ {} đến dưới {}, nữ từ {} đến dưới {} tuổi",
            st.working_age_from_years,
            st.working_age_men_under_years,
            st.working_age_from_years,
            st.working_age_women_under_years
        );
        let age_en = format!(
            "working age is an unconfirmed default: men {}–{}, women {}–{} (exclusive)",
            st.working_age_from_years,
            st.working_age_men_under_years,
            st.working_age_from_years,
            st.working_age_women_under_years
        );
        let vi = if left_out > 0 {
            format!(
                "Hộ có {n} người trong độ tuổi lao động được tính (không tính {left_out} người không có khả năng lao động, khuyết tật hưởng trợ cấp hoặc bệnh hiểm nghèo; {age_vi})"
            )
        } else {
            format!("Hộ có {n} người trong độ tuổi lao động ({age_vi})")
        };
        let en = if left_out > 0 {
            format!("{n} members of working age counted ({left_out} left out: unable to work, disabled on allowance or seriously ill; {age_en})")
        } else {
            format!("{n} members of working age ({age_en})")
        };
        let key = match n {
            0 => None,
            1 => Some("s2.working_1"),
            2 => Some("s2.working_2"),
            3 => Some("s2.working_3"),
            4 => Some("s2.working_4"),
            _ => Some("s2.working_5_plus"),
        };
        // Working age is undefined in TT 07/2021, so every section-2 result rests on the
        // setting.
        match key {
            Some(key) => {
                self.push(2, hit(key, vi, en), true);
            }
            None => self.push_none(2, vi, en, true),
        }
    }

    /// Section 3: children under 16, and elderly or disabled people on a monthly allowance.
    fn dependants(&mut self, h: &Household) {
        let n = h
            .members
            .iter()
            .filter(|m| {
                Self::age(h, m) < 16
                    || matches!(
                        m.social_allowance,
                        Some(SocialAllowance::Elderly | SocialAllowance::Disabled)
                    )
            })
            .count();
        let vi = format!("Hộ có {n} người phụ thuộc");
        let en = format!(
            "{n} dependants (children under 16, elderly or disabled on a monthly allowance)"
        );
        match n {
            0 => {
                self.push(3, hit("s3.dependants_none", vi, en), false);
            }
            1 => {
                self.push(3, hit("s3.dependants_1", vi, en), false);
            }
            _ => self.push_none(3, vi, en, false),
        }
    }

    /// Section 4: the highest diploma of any member (single choice by its nature).
    fn diploma(&mut self, h: &Household) {
        let best = h
            .members
            .iter()
            .map(|m| m.training)
            .max()
            .unwrap_or_default();
        let (key, vi, en) = match best {
            Training::College | Training::University | Training::Postgraduate => (
                "s4.college_or_higher",
                "Bằng cao nhất trong hộ: cao đẳng, đại học hoặc sau đại học",
                "Highest diploma in the household: college, university or postgraduate",
            ),
            Training::Intermediate => (
                "s4.intermediate",
                "Bằng cao nhất trong hộ: trung cấp",
                "Highest diploma in the household: intermediate vocational",
            ),
            Training::Elementary => (
                "s4.elementary",
                "Bằng cao nhất trong hộ: sơ cấp, chứng chỉ dạy nghề",
                "Highest diploma in the household: elementary vocational",
            ),
            Training::None => {
                self.push_none(
                    4,
                    "Không ai trong hộ có bằng nghề hoặc chuyên môn".into(),
                    "No member holds a vocational or higher diploma".into(),
                    false,
                );
                return;
            }
        };
        self.push(4, hit(key, vi.into(), en.into()), false);
    }

    /// Section 5: non-farm work. Each member falls under one row (the most specific); when
    /// members fall under different rows the setting decides.
    fn non_farm(&mut self, h: &Household) {
        let mut civil = Vec::new();
        let mut contract = Vec::new();
        let mut other = Vec::new();
        // Members are named by their line number on the form ("TT"), never by name:
        // explanations travel into reports and logs.
        for (i, m) in h.members.iter().enumerate() {
            let tt = (i + 1).to_string();
            if m.job_kind == Some(JobKind::CivilServant) {
                civil.push(tt);
            } else if m.non_farm_work && m.wage_job == Some(WageJob::WithContract) {
                contract.push(tt);
            } else if m.non_farm_work {
                other.push(tt);
            }
        }
        let mut hits = Vec::new();
        if !civil.is_empty() {
            hits.push(hit(
                "s5.civil_servant",
                format!(
                    "{} người là công chức, viên chức (thành viên số {})",
                    civil.len(),
                    civil.join(", ")
                ),
                format!(
                    "{} civil servant(s) (member no. {})",
                    civil.len(),
                    civil.join(", ")
                ),
            ));
        }
        if !contract.is_empty() {
            hits.push(hit(
                "s5.contract",
                format!(
                    "{} người làm việc phi nông nghiệp có hợp đồng lao động (thành viên số {})",
                    contract.len(),
                    contract.join(", ")
                ),
                format!(
                    "{} non-farm worker(s) with a labour contract (member no. {})",
                    contract.len(),
                    contract.join(", ")
                ),
            ));
        }
        if !other.is_empty() {
            hits.push(hit(
                "s5.other_non_farm",
                format!(
                    "{} người làm thuê, làm công hoặc tự sản xuất, kinh doanh phi nông nghiệp (thành viên số {})",
                    other.len(),
                    other.join(", ")
                ),
                format!(
                    "{} other non-farm worker(s) (member no. {})",
                    other.len(),
                    other.join(", ")
                ),
            ));
        }
        self.push_several(
            5,
            hits,
            self.settings.section_5,
            (
                "Không ai làm việc phi nông nghiệp từ 3 tháng trở lên".into(),
                "No member in non-farm work for 3 months or more".into(),
            ),
        );
    }

    /// Section 6: pension, monthly social-insurance or merit allowance.
    fn pension(&mut self, h: &Household) {
        let n = h.members.iter().filter(|m| m.pension.is_some()).count();
        let vi = format!("Hộ có {n} người hưởng lương hưu, trợ cấp bảo hiểm xã hội hoặc ưu đãi người có công hằng tháng");
        let en =
            format!("{n} members receive a pension, monthly social-insurance or merit allowance");
        match n {
            0 => self.push_none(6, vi, en, false),
            1 => {
                self.push(6, hit("s6.pension_1", vi, en), false);
            }
            _ => {
                self.push(6, hit("s6.pension_2_plus", vi, en), false);
            }
        }
    }

    /// Section 7: durable wall and durable column are separate rows and both count.
    fn housing(&mut self, h: &Household) {
        let mut any = false;
        match h.housing.wall {
            WallMaterial::ReinforcedConcrete | WallMaterial::BrickStone => {
                any = true;
                self.push(
                    7,
                    hit(
                        "s7.wall_durable",
                        "Tường/bao che bằng bê tông hoặc gạch/đá".into(),
                        "Walls of concrete or brick/stone".into(),
                    ),
                    false,
                );
            }
            WallMaterial::DurableWoodOrMetal => {
                any = true;
                // The row names "gỗ bền chắc" only, but form code 3 is "Gỗ/kim loại bền chắc":
                // a durable metal wall is not clearly covered.
                self.push(
                    7,
                    hit(
                        "s7.wall_durable",
                        "Tường/bao che bằng gỗ/kim loại bền chắc (mã 3); dòng điểm chỉ ghi «gỗ bền chắc»".into(),
                        "Walls of durable wood or metal (code 3); the point row names durable wood only".into(),
                    ),
                    true,
                );
            }
            WallMaterial::Other => {}
        }
        if h.housing.column != ColumnMaterial::Other {
            any = true;
            self.push(
                7,
                hit(
                    "s7.column_durable",
                    "Cột nhà bằng bê tông cốt thép, gạch/đá hoặc sắt/thép/gỗ bền chắc".into(),
                    "Columns of reinforced concrete, brick/stone, or steel/durable wood".into(),
                ),
                false,
            );
        }
        if !any {
            self.push_none(
                7,
                "Tường và cột nhà không bằng vật liệu bền chắc".into(),
                "Neither walls nor columns of durable material".into(),
                false,
            );
        }
    }

    /// Section 8: counted floor area per member.
    fn area(&mut self, h: &Household) {
        let n = h.members.len();
        if n == 0 {
            self.push_none(
                8,
                "Hộ không có thành viên".into(),
                "No members".into(),
                false,
            );
            return;
        }
        let per = h.housing.counted_area_m2() / n as f64;
        let vi = format!("Diện tích ở bình quân {} m²/người", vi_num(per));
        let en = format!("{} m² of living area per person", en_num(per));
        let key = if (20.0..30.0).contains(&per) {
            Some("s8.area_20_30")
        } else if (30.0..40.0).contains(&per) {
            Some("s8.area_30_40")
        } else if per >= 40.0 {
            Some("s8.area_40_plus")
        } else {
            None
        };
        match key {
            Some(k) => {
                self.push(8, hit(k, vi, en), false);
            }
            None => self.push_none(8, vi, en, false),
        }
    }

    /// Section 9: monthly electricity use of the whole household.
    fn electricity(&mut self, h: &Household) {
        let kwh = h.electricity.kwh_per_month;
        let vi = format!("Hộ dùng bình quân {} kWh/tháng", vi_num(kwh));
        let en = format!("{} kWh a month", en_num(kwh));
        let key = if (25.0..50.0).contains(&kwh) {
            Some("s9.kwh_25_50")
        } else if (50.0..100.0).contains(&kwh) {
            Some("s9.kwh_50_100")
        } else if (100.0..150.0).contains(&kwh) {
            Some("s9.kwh_100_150")
        } else if kwh >= 150.0 {
            Some("s9.kwh_150_plus")
        } else {
            None
        };
        match key {
            Some(k) => {
                self.push(9, hit(k, vi, en), false);
            }
            None => self.push_none(9, vi, en, false),
        }
    }

    /// Section 10: drinking water, by the form's item VIII code.
    fn water(&mut self, h: &Household) {
        let code = h.water.b1_code();
        let vi = format!("Nước sinh hoạt mã {code} (mục VIII)");
        let en = format!("Water source code {code} (item VIII)");
        let key = match code {
            1 => Some("s10.tap_bottled_bought"),
            2 => Some("s10.borehole"),
            3 => Some("s10.protected_well_spring"),
            _ => None,
        };
        match key {
            Some(k) => {
                self.push(10, hit(k, vi, en), false);
            }
            None => self.push_none(10, vi, en, false),
        }
    }

    /// Section 11: septic or semi-septic latrine (item V code 1) only.
    fn latrine(&mut self, h: &Household) {
        let code = h.latrine.b1_code();
        let vi = format!("Nhà tiêu mã {code} (mục V)");
        let en = format!("Latrine code {code} (item V)");
        if code == 1 {
            self.push(11, hit("s11.septic", vi, en), false);
        } else {
            self.push_none(11, vi, en, false);
        }
    }

    /// Section 12: durable assets; different assets add up (the worked example adds a
    /// motorbike and a television).
    fn assets(&mut self, h: &Household) {
        let a = &h.assets;
        let mut any = false;
        let mut add = |s: &mut Self, key: &'static str, vi: String, en: String| {
            any = true;
            s.push(12, hit(key, vi, en), false);
        };
        if a.car >= 1 {
            add(
                self,
                "s12.car",
                format!("Hộ có {} ô tô", a.car),
                format!("{} car(s)", a.car),
            );
        }
        let moto = match a.motorbike {
            0 => None,
            1 => Some("s12.motorbike_1"),
            2 => Some("s12.motorbike_2"),
            _ => Some("s12.motorbike_3_plus"),
        };
        if let Some(k) = moto {
            add(
                self,
                k,
                format!("Hộ có {} xe máy, xe có động cơ", a.motorbike),
                format!("{} motorbike(s)", a.motorbike),
            );
        }
        if a.motor_boat >= 1 {
            add(
                self,
                "s12.motor_boat",
                format!("Hộ có {} tàu thuyền có động cơ", a.motor_boat),
                format!("{} motor boat(s)", a.motor_boat),
            );
        }
        if a.printer_fax >= 1 {
            add(
                self,
                "s12.printer_fax",
                format!("Hộ có {} máy in, máy fax", a.printer_fax),
                format!("{} printer(s)/fax(es)", a.printer_fax),
            );
        }
        let tv = match a.color_tv {
            0 => None,
            1 => Some("s12.color_tv_1"),
            _ => Some("s12.color_tv_2_plus"),
        };
        if let Some(k) = tv {
            add(
                self,
                k,
                format!("Hộ có {} ti vi màu", a.color_tv),
                format!("{} colour TV(s)", a.color_tv),
            );
        }
        if a.sound_system >= 1 {
            add(
                self,
                "s12.sound_system",
                format!("Hộ có {} dàn nghe nhạc", a.sound_system),
                format!("{} sound system(s)", a.sound_system),
            );
        }
        // Phiếu B1 item IX lumps "Máy vi tính/Máy tính bảng": desktops, laptops and tablets
        // all count for "Máy vi tính".
        let computers = a
            .desktop_computer
            .saturating_add(a.laptop)
            .saturating_add(a.tablet);
        if computers >= 1 {
            add(
                self,
                "s12.computer",
                format!(
                    "Hộ có {computers} máy vi tính/máy tính bảng (để bàn {}, xách tay {}, máy tính bảng {})",
                    a.desktop_computer, a.laptop, a.tablet
                ),
                format!(
                    "{computers} computer(s)/tablet(s) (desktop {}, laptop {}, tablet {})",
                    a.desktop_computer, a.laptop, a.tablet
                ),
            );
        }
        if a.fridge >= 1 {
            add(
                self,
                "s12.fridge",
                format!("Hộ có {} tủ lạnh", a.fridge),
                format!("{} fridge(s)", a.fridge),
            );
        }
        let ac = match a.air_conditioner {
            0 => None,
            1 => Some("s12.air_conditioner_1"),
            _ => Some("s12.air_conditioner_2_plus"),
        };
        if let Some(k) = ac {
            add(
                self,
                k,
                format!("Hộ có {} máy điều hòa nhiệt độ", a.air_conditioner),
                format!("{} air conditioner(s)", a.air_conditioner),
            );
        }
        if a.washing_machine >= 1 {
            add(
                self,
                "s12.washing_machine",
                format!("Hộ có {} máy giặt, sấy quần áo", a.washing_machine),
                format!("{} washing machine(s)/dryer(s)", a.washing_machine),
            );
        }
        if a.water_heater >= 1 {
            add(
                self,
                "s12.water_heater",
                format!("Hộ có {} bình tắm nước nóng", a.water_heater),
                format!("{} water heater(s)", a.water_heater),
            );
        }
        if a.microwave_oven >= 1 {
            add(
                self,
                "s12.microwave_oven",
                format!("Hộ có {} lò vi sóng, lò nướng", a.microwave_oven),
                format!("{} microwave(s)/oven(s)", a.microwave_oven),
            );
        }
        if !any {
            self.push_none(
                12,
                "Hộ không có tài sản nào trong danh sách tính điểm".into(),
                "None of the scored assets".into(),
                false,
            );
        }
    }

    /// Section 13: land. Each land type has exclusive bands; different types may all apply.
    fn land(&mut self, h: &Household) {
        let l = &h.land;
        let mut hits = Vec::new();
        let mut band = |area: f64,
                        what_vi: &str,
                        what_en: &str,
                        bands: &[(f64, f64, &'static str)]| {
            if let Some((_, _, key)) = bands.iter().find(|(lo, hi, _)| area >= *lo && area < *hi) {
                hits.push(hit(
                    key,
                    format!("{what_vi} {} m²", vi_num(area)),
                    format!("{what_en} {} m²", en_num(area)),
                ));
            }
        };
        band(
            l.garden_pond,
            "Diện tích ao, vườn liền kề đất ở",
            "Pond and garden next to the house",
            &[
                (300.0, 500.0, "s13.garden_300_500"),
                (500.0, f64::INFINITY, "s13.garden_500_plus"),
            ],
        );
        band(
            l.annual_crops,
            "Diện tích trồng cây hằng năm",
            "Annual crops",
            &[(5000.0, f64::INFINITY, "s13.annual_crops_5000_plus")],
        );
        band(
            l.perennial_crops,
            "Diện tích đất cây lâu năm",
            "Perennial crops",
            &[
                (1000.0, 5000.0, "s13.perennial_1000_5000"),
                (5000.0, f64::INFINITY, "s13.perennial_5000_plus"),
            ],
        );
        band(
            l.water_surface,
            "Diện tích mặt nước",
            "Water surface",
            &[
                (500.0, 5000.0, "s13.water_surface_500_5000"),
                (5000.0, f64::INFINITY, "s13.water_surface_5000_plus"),
            ],
        );
        band(
            l.forest,
            "Diện tích đất rừng",
            "Forest land",
            &[
                (5000.0, 10000.0, "s13.forest_5000_10000"),
                (10000.0, f64::INFINITY, "s13.forest_10000_plus"),
            ],
        );
        self.push_several(
            13,
            hits,
            self.settings.section_13,
            (
                "Không loại đất nào đạt mức tính điểm".into(),
                "No land type reaches a scored band".into(),
            ),
        );
    }

    /// Section 14: livestock (head counts; poultry in single birds) and aquaculture.
    fn livestock(&mut self, h: &Household) {
        let l = &h.livestock;
        let mut hits = Vec::new();
        let cattle = match l.buffalo_cattle_horse {
            0 => None,
            1 => Some("s14.cattle_1"),
            2 => Some("s14.cattle_2"),
            _ => Some("s14.cattle_3_plus"),
        };
        if let Some(k) = cattle {
            hits.push(hit(
                k,
                format!("Hộ có {} con trâu, bò, ngựa", l.buffalo_cattle_horse),
                format!("{} buffalo, cattle or horses", l.buffalo_cattle_horse),
            ));
        }
        if l.pig_goat_sheep >= 10 {
            hits.push(hit(
                "s14.pigs_10_plus",
                format!("Hộ có {} con lợn, dê, cừu", l.pig_goat_sheep),
                format!("{} pigs, goats or sheep", l.pig_goat_sheep),
            ));
        }
        if l.poultry >= 100 {
            hits.push(hit(
                "s14.poultry_100_plus",
                format!("Hộ có {} con gia cầm", l.poultry),
                format!("{} poultry", l.poultry),
            ));
        }
        if h.aquaculture {
            hits.push(hit(
                "s14.aquaculture",
                "Hộ nuôi, trồng thủy sản".into(),
                "The household farms fish or other aquatic products".into(),
            ));
        }
        self.push_several(
            14,
            hits,
            self.settings.section_14,
            (
                "Chăn nuôi chưa đạt mức tính điểm".into(),
                "Livestock below the scored counts".into(),
            ),
        );
    }

    /// Item 15 "Vùng", urban households only.
    fn urban_region(&mut self, region: Region) {
        let block = &self.table.urban_region;
        let row = block.rows.iter().find(|r| r.region == Some(region));
        let (key, label_vi, points) = match row {
            Some(r) => (r.key.clone(), r.label_vi.clone(), r.points),
            None => (format!("s15.{}", region.key()), String::new(), 0),
        };
        self.items.push(ScoreItem {
            section: block.section,
            key,
            because_vi: format!("Hộ thành thị thuộc vùng {label_vi}: {points} điểm"),
            because_en: format!(
                "Urban household in region {}: {points} points",
                region.key()
            ),
            label_vi,
            points,
            unclear_in_text: false,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::{BirthDate, Date};
    use crate::model::*;
    use uuid::Uuid;

    /// Synthetic households for tests: invented people only.
    struct Hh(Household);

    fn person(n: u128, name: &str, sex: Sex, birth_year: i32) -> Member {
        Member {
            id: Uuid::from_u128(n),
            name: name.to_string(),
            relation: if n == 1 {
                Relation::Head
            } else {
                Relation::Other
            },
            birth: BirthDate::Year(birth_year),
            id_number: None,
            ethnicity: "08".into(),
            sex,
            height_cm: None,
            weight_kg: None,
            in_school: false,
            school_level: None,
            education: Education::None,
            training: Training::None,
            health_insurance: HealthInsurance::None,
            internet: false,
            social_allowance: None,
            disabled: false,
            employment: None,
            job_kind: None,
            wage_job: None,
            non_farm_work: false,
            pension: None,
            serious_illness: false,
            sick_without_care: false,
            works_away: None,
            party_member: false,
        }
    }

    impl Hh {
        /// Rural Tuyên Quang, surveyed 2024-07-01 (ages are completed years: birth year
        /// `Y` gives age `2024 - Y` since year-only births are taken as 1 July).
        fn new() -> Hh {
            Hh(Household {
                format: HOUSEHOLD_V1.into(),
                id: Uuid::from_u128(9000),
                code: "TEST-1".into(),
                location: Location {
                    province: "08".into(),
                    commune: "00001".into(),
                    village: "Thôn Thử".into(),
                },
                area: AreaType::Rural,
                surveyed_on: Date::new(2024, 7, 1).expect("date"),
                address: String::new(),
                phone: None,
                previous_class: None,
                members: Vec::new(),
                housing: Housing {
                    column: ColumnMaterial::Other,
                    roof: RoofMaterial::Other,
                    wall: WallMaterial::Other,
                    floor_area_m2: 0.0,
                    loft_area_m2: 0.0,
                },
                latrine: Latrine::None,
                electricity: Electricity {
                    source: PowerSource::Grid,
                    kwh_per_month: 0.0,
                },
                water: WaterSource::Other,
                assets: Assets::default(),
                land: Land::default(),
                livestock: Livestock::default(),
                aquaculture: false,
                hardship_causes: Vec::new(),
                support: Support::default(),
                income: None,
                waste: None,
                hears_loudspeaker: None,
                phieu_a: None,
                notes: String::new(),
            })
        }
        /// Adds a working-age man (aged 40).
        fn adult(mut self) -> Hh {
            let n = self.0.members.len() as u128 + 1;
            self.0
                .members
                .push(person(n, &format!("Người Thử {n}"), Sex::Male, 1984));
            self
        }
        fn adults(mut self, k: usize) -> Hh {
            for _ in 0..k {
                self = self.adult();
            }
            self
        }
        /// Adds a child aged 6.
        fn child(mut self) -> Hh {
            let n = self.0.members.len() as u128 + 1;
            self.0
                .members
                .push(person(n, &format!("Bé Thử {n}"), Sex::Female, 2018));
            self
        }
        fn children(mut self, k: usize) -> Hh {
            for _ in 0..k {
                self = self.child();
            }
            self
        }
        fn with(mut self, f: impl FnOnce(&mut Household)) -> Hh {
            f(&mut self.0);
            self
        }
        fn urban(self) -> Hh {
            self.with(|h| h.area = AreaType::Urban)
        }
        fn score(&self, region: Region) -> ScoreA {
            score_a(
                &self.0,
                region,
                ScoreTable::tt07_2021(),
                &ScoreSettings::default(),
            )
        }
        fn score_with(&self, region: Region, settings: &ScoreSettings) -> ScoreA {
            score_a(&self.0, region, ScoreTable::tt07_2021(), settings)
        }
    }

    fn pts(s: &ScoreA, key: &str) -> i32 {
        s.item(key)
            .unwrap_or_else(|| panic!("no item {key} in {:#?}", s.items))
            .points
    }

    #[test]
    fn embedded_table_is_valid() {
        let t = ScoreTable::from_json(TT07_2021_JSON).expect("embedded table parses");
        assert_eq!(t.id(), "tt07-2021-b1");
        assert_eq!(t.sections().len(), 14);
        assert_eq!(t.sections().iter().map(|s| s.rows.len()).sum::<usize>(), 66);
        assert!(t.source().text_vi.contains("1315/VBHN-BLĐTBXH"));
        assert_eq!(t.misprints().len(), 1);
        assert_eq!(t.misprints()[0].printed, 40);
        assert_eq!(t.misprints()[0].column, Column::Tn);
    }

    /// Every row of Mẫu số 3.3, copied from poverty-scoring-tt07.md §3.2, in column order
    /// ĐBSH, TD&MNPB, BTB&DHMT, TN, ĐNB, ĐBSCL, Thành thị.
    const EXPECTED: [(&str, [i32; 7]); 66] = [
        ("s1.people_1", [105, 90, 90, 95, 100, 100, 125]),
        ("s1.people_2", [95, 80, 75, 75, 80, 90, 110]),
        ("s1.people_3", [75, 65, 60, 65, 55, 80, 90]),
        ("s1.people_4", [60, 45, 40, 50, 30, 60, 75]),
        ("s1.people_5", [45, 35, 25, 40, 15, 45, 60]),
        ("s1.people_6", [35, 25, 15, 25, 5, 35, 50]),
        ("s1.people_7", [30, 20, 0, 15, 0, 25, 40]),
        ("s2.working_1", [15, 5, 0, 5, 20, 10, 10]),
        ("s2.working_2", [25, 10, 10, 5, 35, 25, 20]),
        ("s2.working_3", [30, 15, 20, 10, 45, 35, 30]),
        ("s2.working_4", [30, 20, 20, 10, 50, 40, 35]),
        ("s2.working_5_plus", [35, 25, 30, 20, 65, 45, 40]),
        ("s3.dependants_none", [0, 10, 0, 15, 0, 0, 5]),
        ("s3.dependants_1", [0, 5, 0, 0, 0, 0, 0]),
        ("s4.college_or_higher", [10, 10, 10, 15, 15, 10, 10]),
        ("s4.intermediate", [5, 5, 10, 15, 5, 10, 0]),
        ("s4.elementary", [0, 0, 10, 15, 5, 0, 0]),
        ("s5.civil_servant", [0, 30, 10, 20, 5, 5, 5]),
        ("s5.contract", [20, 35, 20, 20, 25, 20, 10]),
        ("s5.other_non_farm", [20, 30, 15, 15, 10, 15, 5]),
        ("s6.pension_1", [15, 20, 20, 15, 0, 0, 5]),
        ("s6.pension_2_plus", [35, 35, 30, 35, 40, 35, 20]),
        ("s7.wall_durable", [5, 10, 10, 5, 5, 5, 5]),
        ("s7.column_durable", [0, 0, 0, 0, 5, 5, 5]),
        ("s8.area_20_30", [0, 0, 5, 0, 0, 5, 0]),
        ("s8.area_30_40", [10, 5, 5, 0, 0, 10, 5]),
        ("s8.area_40_plus", [15, 15, 15, 15, 0, 20, 10]),
        ("s9.kwh_25_50", [0, 5, 5, 10, 15, 0, 5]),
        ("s9.kwh_50_100", [5, 15, 20, 20, 25, 10, 5]),
        ("s9.kwh_100_150", [10, 25, 25, 20, 30, 15, 15]),
        ("s9.kwh_150_plus", [20, 30, 40, 35, 35, 20, 20]),
        ("s10.tap_bottled_bought", [5, 5, 5, 0, 15, 0, 10]),
        ("s10.borehole", [5, 5, 5, 10, 5, 5, 5]),
        ("s10.protected_well_spring", [0, 0, 0, 5, 0, 0, 0]),
        ("s11.septic", [5, 5, 5, 10, 10, 10, 10]),
        ("s12.car", [55, 50, 55, 30, 60, 60, 55]),
        ("s12.motorbike_1", [15, 10, 20, 20, 15, 15, 15]),
        ("s12.motorbike_2", [25, 20, 30, 25, 20, 25, 20]),
        ("s12.motorbike_3_plus", [35, 25, 30, 30, 30, 35, 25]),
        ("s12.motor_boat", [25, 10, 15, 35, 10, 15, 10]),
        ("s12.printer_fax", [0, 15, 10, 0, 20, 0, 10]),
        ("s12.color_tv_1", [0, 0, 5, 0, 0, 0, 0]),
        ("s12.color_tv_2_plus", [0, 0, 15, 0, 10, 10, 5]),
        ("s12.sound_system", [5, 10, 0, 15, 5, 5, 5]),
        ("s12.computer", [5, 10, 10, 15, 5, 5, 5]),
        ("s12.fridge", [15, 10, 15, 15, 5, 10, 5]),
        ("s12.air_conditioner_1", [10, 0, 10, 0, 5, 15, 10]),
        ("s12.air_conditioner_2_plus", [20, 20, 15, 30, 30, 25, 20]),
        ("s12.washing_machine", [10, 15, 15, 25, 10, 10, 10]),
        ("s12.water_heater", [10, 15, 10, 15, 10, 5, 5]),
        ("s12.microwave_oven", [10, 0, 5, 15, 15, 15, 10]),
        ("s13.garden_300_500", [0, 5, 0, 0, 0, 0, 0]),
        ("s13.garden_500_plus", [5, 10, 5, 5, 5, 5, 5]),
        ("s13.annual_crops_5000_plus", [10, 5, 0, 0, 5, 10, 10]),
        ("s13.perennial_1000_5000", [5, 5, 0, 0, 5, 0, 5]),
        ("s13.perennial_5000_plus", [10, 15, 5, 10, 10, 15, 10]),
        ("s13.water_surface_500_5000", [0, 10, 0, 5, 25, 0, 20]),
        ("s13.water_surface_5000_plus", [15, 30, 20, 15, 30, 10, 30]),
        ("s13.forest_5000_10000", [25, 0, 0, 0, 0, 25, 25]),
        ("s13.forest_10000_plus", [30, 5, 5, 5, 20, 30, 30]),
        ("s14.cattle_1", [0, 10, 0, 0, 0, 0, 5]),
        ("s14.cattle_2", [0, 20, 10, 0, 5, 0, 10]),
        ("s14.cattle_3_plus", [20, 30, 20, 30, 10, 25, 15]),
        ("s14.pigs_10_plus", [10, 5, 10, 10, 5, 5, 10]),
        ("s14.poultry_100_plus", [10, 15, 10, 5, 5, 15, 15]),
        ("s14.aquaculture", [5, 5, 0, 0, 5, 0, 10]),
    ];

    /// A household that triggers `key` (and whatever else it must).
    fn trigger(key: &str) -> Hh {
        let base = || Hh::new().adults(2);
        match key {
            "s1.people_1" => Hh::new().adult(),
            "s1.people_2" => Hh::new().adults(2),
            "s1.people_3" => Hh::new().adults(3),
            "s1.people_4" => Hh::new().adults(4),
            "s1.people_5" => Hh::new().adults(5),
            "s1.people_6" => Hh::new().adults(6),
            "s1.people_7" => Hh::new().adults(7),
            "s2.working_1" => Hh::new().adult().child(),
            "s2.working_2" => Hh::new().adults(2),
            "s2.working_3" => Hh::new().adults(3),
            "s2.working_4" => Hh::new().adults(4),
            "s2.working_5_plus" => Hh::new().adults(5),
            "s3.dependants_none" => base(),
            "s3.dependants_1" => base().child(),
            "s4.college_or_higher" => base().with(|h| h.members[1].training = Training::University),
            "s4.intermediate" => base().with(|h| h.members[0].training = Training::Intermediate),
            "s4.elementary" => base().with(|h| h.members[0].training = Training::Elementary),
            "s5.civil_servant" => {
                base().with(|h| h.members[0].job_kind = Some(JobKind::CivilServant))
            }
            "s5.contract" => base().with(|h| {
                h.members[0].non_farm_work = true;
                h.members[0].wage_job = Some(WageJob::WithContract);
            }),
            "s5.other_non_farm" => base().with(|h| h.members[0].non_farm_work = true),
            "s6.pension_1" => base().with(|h| h.members[0].pension = Some(Pension::Pension)),
            "s6.pension_2_plus" => base().with(|h| {
                h.members[0].pension = Some(Pension::SocialInsurance);
                h.members[1].pension = Some(Pension::MeritAllowance);
            }),
            "s7.wall_durable" => base().with(|h| h.housing.wall = WallMaterial::BrickStone),
            "s7.column_durable" => {
                base().with(|h| h.housing.column = ColumnMaterial::SteelOrDurableWood)
            }
            "s8.area_20_30" => base().with(|h| h.housing.floor_area_m2 = 50.0),
            "s8.area_30_40" => base().with(|h| h.housing.floor_area_m2 = 70.0),
            "s8.area_40_plus" => base().with(|h| h.housing.floor_area_m2 = 90.0),
            "s9.kwh_25_50" => base().with(|h| h.electricity.kwh_per_month = 30.0),
            "s9.kwh_50_100" => base().with(|h| h.electricity.kwh_per_month = 75.0),
            "s9.kwh_100_150" => base().with(|h| h.electricity.kwh_per_month = 120.0),
            "s9.kwh_150_plus" => base().with(|h| h.electricity.kwh_per_month = 400.0),
            "s10.tap_bottled_bought" => base().with(|h| h.water = WaterSource::Tap),
            "s10.borehole" => base().with(|h| h.water = WaterSource::Borehole),
            "s10.protected_well_spring" => base().with(|h| h.water = WaterSource::ProtectedDugWell),
            "s11.septic" => base().with(|h| h.latrine = Latrine::SepticOrSemiSeptic),
            "s12.car" => base().with(|h| h.assets.car = 1),
            "s12.motorbike_1" => base().with(|h| h.assets.motorbike = 1),
            "s12.motorbike_2" => base().with(|h| h.assets.motorbike = 2),
            "s12.motorbike_3_plus" => base().with(|h| h.assets.motorbike = 3),
            "s12.motor_boat" => base().with(|h| h.assets.motor_boat = 1),
            "s12.printer_fax" => base().with(|h| h.assets.printer_fax = 1),
            "s12.color_tv_1" => base().with(|h| h.assets.color_tv = 1),
            "s12.color_tv_2_plus" => base().with(|h| h.assets.color_tv = 2),
            "s12.sound_system" => base().with(|h| h.assets.sound_system = 1),
            "s12.computer" => base().with(|h| h.assets.tablet = 1),
            "s12.fridge" => base().with(|h| h.assets.fridge = 1),
            "s12.air_conditioner_1" => base().with(|h| h.assets.air_conditioner = 1),
            "s12.air_conditioner_2_plus" => base().with(|h| h.assets.air_conditioner = 2),
            "s12.washing_machine" => base().with(|h| h.assets.washing_machine = 1),
            "s12.water_heater" => base().with(|h| h.assets.water_heater = 1),
            "s12.microwave_oven" => base().with(|h| h.assets.microwave_oven = 1),
            "s13.garden_300_500" => base().with(|h| h.land.garden_pond = 300.0),
            "s13.garden_500_plus" => base().with(|h| h.land.garden_pond = 500.0),
            "s13.annual_crops_5000_plus" => base().with(|h| h.land.annual_crops = 5000.0),
            "s13.perennial_1000_5000" => base().with(|h| h.land.perennial_crops = 1000.0),
            "s13.perennial_5000_plus" => base().with(|h| h.land.perennial_crops = 5000.0),
            "s13.water_surface_500_5000" => base().with(|h| h.land.water_surface = 500.0),
            "s13.water_surface_5000_plus" => base().with(|h| h.land.water_surface = 5000.0),
            "s13.forest_5000_10000" => base().with(|h| h.land.forest = 5000.0),
            "s13.forest_10000_plus" => base().with(|h| h.land.forest = 10000.0),
            "s14.cattle_1" => base().with(|h| h.livestock.buffalo_cattle_horse = 1),
            "s14.cattle_2" => base().with(|h| h.livestock.buffalo_cattle_horse = 2),
            "s14.cattle_3_plus" => base().with(|h| h.livestock.buffalo_cattle_horse = 3),
            "s14.pigs_10_plus" => base().with(|h| h.livestock.pig_goat_sheep = 10),
            "s14.poultry_100_plus" => base().with(|h| h.livestock.poultry = 100),
            "s14.aquaculture" => base().with(|h| h.aquaculture = true),
            other => panic!("no trigger for {other}"),
        }
    }

    #[test]
    fn every_row_in_every_column_scores_as_printed() {
        assert_eq!(
            EXPECTED.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
            ROW_KEYS.to_vec(),
            "expected table covers every row in order"
        );
        let table = ScoreTable::tt07_2021();
        for (key, values) in EXPECTED {
            let row = table.row(key).expect("row present");
            for (column, expected) in Column::ALL.into_iter().zip(values) {
                assert_eq!(row.points.get(column), expected, "data {key} {column:?}");
            }
            let hh = trigger(key);
            // Rural: every region's column through the engine.
            for (i, region) in Region::ALL.into_iter().enumerate() {
                let s = hh.score(region);
                assert_eq!(s.column, region.key());
                assert_eq!(pts(&s, key), values[i], "engine {key} rural {region:?}");
            }
            // Urban column (region only changes item 15).
            let urban = trigger(key).urban().score(Region::Tdmnpb);
            assert_eq!(urban.column, "urban");
            assert_eq!(pts(&urban, key), values[6], "engine {key} urban");
        }
    }

    #[test]
    fn labels_are_verbatim() {
        let t = ScoreTable::tt07_2021();
        let label = |k: &str| t.row(k).map(|r| r.label_vi.as_str()).expect("row");
        assert_eq!(
            label("s5.other_non_farm"),
            "Làm thuê/làm công cho hộ gia đình/Tự sản xuất, kinh doanh"
        );
        assert_eq!(
            label("s13.forest_5000_10000"),
            "Diện tích đất rừng từ 5.000 m2 đến dưới 10.000 m2"
        );
        assert_eq!(
            label("s14.poultry_100_plus"),
            "Hộ có từ 100 con gà, vịt, ngan, ngỗng, chim trở lên"
        );
        assert_eq!(
            t.section(2).map(|s| s.label_vi.as_str()),
            Some("Số người trong độ tuổi lao động (Không tính điểm đối với người không có khả năng lao động; người khuyết tật đang hưởng trợ cấp hằng tháng; người bị bệnh hiểm nghèo)")
        );
    }

    #[test]
    fn worked_example_scores_90() {
        // §3.2: rural TD&MNPB, 5 people (2 of working age, 3 children), no diploma, farming
        // only, brick walls, wooden columns, 12 m² per person, 40 kWh, protected spring, no
        // septic tank, 1 motorbike, 1 colour TV, 2 cattle, 40 chickens.
        let hh = Hh::new().adults(2).children(3).with(|h| {
            h.housing.wall = WallMaterial::BrickStone;
            h.housing.column = ColumnMaterial::SteelOrDurableWood;
            h.housing.roof = RoofMaterial::Other;
            h.housing.floor_area_m2 = 60.0;
            h.electricity.kwh_per_month = 40.0;
            h.water = WaterSource::ProtectedSpring;
            h.latrine = Latrine::PitWithSlab;
            h.assets.motorbike = 1;
            h.assets.color_tv = 1;
            h.livestock.buffalo_cattle_horse = 2;
            h.livestock.poultry = 40;
        });
        let s = hh.score(Region::Tdmnpb);
        let got: Vec<(&str, i32)> = s.items.iter().map(|i| (i.key.as_str(), i.points)).collect();
        assert_eq!(
            got,
            vec![
                ("s1.people_5", 35),
                ("s2.working_2", 10),
                ("s3.none", 0),
                ("s4.none", 0),
                ("s5.none", 0),
                ("s6.none", 0),
                ("s7.wall_durable", 10),
                ("s7.column_durable", 0),
                ("s8.none", 0),
                ("s9.kwh_25_50", 5),
                ("s10.protected_well_spring", 0),
                ("s11.none", 0),
                ("s12.motorbike_1", 10),
                ("s12.color_tv_1", 0),
                ("s13.none", 0),
                ("s14.cattle_2", 20),
            ]
        );
        assert_eq!(s.total, 90);
        assert_eq!(s.column, "tdmnpb");
        let first = &s.items[0];
        assert_eq!(first.because_vi, "Hộ có 5 người: 35 điểm");
        assert_eq!(first.label_vi, "Hộ có 5 người");
        assert!(!first.unclear_in_text);
        // Working age is undefined in the text.
        assert!(s.item("s2.working_2").is_some_and(|i| i.unclear_in_text));
        assert!(s.items.iter().all(|i| !i.because_en.is_empty()));
    }

    #[test]
    fn households_of_7_and_8() {
        let seven = Hh::new().adults(2).children(5).score(Region::Tdmnpb);
        assert_eq!(pts(&seven, "s1.people_7"), 20);
        assert!(!seven.items[0].unclear_in_text);

        let eight = Hh::new().adults(2).children(6);
        let s = eight.score(Region::Tdmnpb);
        assert_eq!(pts(&s, "s1.people_7"), 20);
        assert!(s.items[0].unclear_in_text);
        assert!(s.items[0].because_vi.starts_with("Hộ có 8 người"));

        let literal = ScoreSettings {
            large_household: LargeHousehold::NoRow,
            ..ScoreSettings::default()
        };
        let s = eight.score_with(Region::Tdmnpb, &literal);
        assert_eq!(pts(&s, "s1.none"), 0);
        assert!(s.item("s1.people_7").is_none());
        assert!(s.item("s1.none").is_some_and(|i| i.unclear_in_text));
    }

    #[test]
    fn working_age_counts_and_exclusions() {
        // Two adults, then four who do not count for section 2 each in its own way.
        let hh = Hh::new().adults(6).with(|h| {
            h.members[2].employment = Some(Employment::UnableToWork);
            h.members[3].social_allowance = Some(SocialAllowance::Disabled);
            h.members[4].serious_illness = true;
            h.members[5].birth = BirthDate::Year(1950); // 74: past working age
        });
        let s = hh.score(Region::Tdmnpb);
        assert_eq!(pts(&s, "s2.working_2"), 10);
        // 15 counts, 14 does not (ages on 2024-07-01 with mid-year births).
        let teen = |y| Hh::new().with(|h| h.members.push(person(1, "Em Thử", Sex::Male, y)));
        assert!(teen(2009)
            .score(Region::Tdmnpb)
            .item("s2.working_1")
            .is_some());
        assert!(teen(2010).score(Region::Tdmnpb).item("s2.none").is_some());
        // Women up to 54, men up to 59 by default.
        let w = |y| Hh::new().with(|h| h.members.push(person(1, "Bà Thử", Sex::Female, y)));
        assert!(w(1970).score(Region::Tdmnpb).item("s2.working_1").is_some()); // 54
        assert!(w(1969).score(Region::Tdmnpb).item("s2.none").is_some()); // 55
        let m = |y| Hh::new().with(|h| h.members.push(person(1, "Ông Thử", Sex::Male, y)));
        assert!(m(1965).score(Region::Tdmnpb).item("s2.working_1").is_some()); // 59
        assert!(m(1964).score(Region::Tdmnpb).item("s2.none").is_some()); // 60
                                                                          // The bounds are settings.
        let wider = ScoreSettings {
            working_age_women_under_years: 60,
            ..ScoreSettings::default()
        };
        assert!(w(1969)
            .score_with(Region::Tdmnpb, &wider)
            .item("s2.working_1")
            .is_some());
    }

    #[test]
    fn dependants_include_allowance_recipients() {
        let hh = Hh::new().adults(2).with(|h| {
            h.members[1].social_allowance = Some(SocialAllowance::Elderly);
        });
        assert_eq!(pts(&hh.score(Region::Tdmnpb), "s3.dependants_1"), 5);
        let two = hh.child().score(Region::Tdmnpb);
        assert!(two.item("s3.none").is_some());
        // An orphan allowance alone does not make an adult a dependant.
        let orphan = Hh::new().adults(2).with(|h| {
            h.members[1].social_allowance = Some(SocialAllowance::Orphan);
        });
        assert_eq!(pts(&orphan.score(Region::Tdmnpb), "s3.dependants_none"), 10);
    }

    #[test]
    fn diploma_takes_the_highest() {
        let hh = Hh::new().adults(3).with(|h| {
            h.members[0].training = Training::Elementary;
            h.members[1].training = Training::Postgraduate;
            h.members[2].training = Training::Intermediate;
        });
        let s = hh.score(Region::Tdmnpb);
        assert_eq!(pts(&s, "s4.college_or_higher"), 10);
        assert_eq!(s.items.iter().filter(|i| i.section == 4).count(), 1);
    }

    #[test]
    fn section_5_several_rows() {
        let hh = Hh::new().adults(3).with(|h| {
            h.members[0].job_kind = Some(JobKind::CivilServant);
            h.members[1].non_farm_work = true;
            h.members[1].wage_job = Some(WageJob::WithContract);
            h.members[2].non_farm_work = true;
        });
        // Default: highest single row (contract, 35 in TD&MNPB).
        let s = hh.score(Region::Tdmnpb);
        let sec5: i32 = s
            .items
            .iter()
            .filter(|i| i.section == 5)
            .map(|i| i.points)
            .sum();
        assert_eq!(sec5, 35);
        assert_eq!(pts(&s, "s5.contract"), 35);
        assert_eq!(pts(&s, "s5.civil_servant"), 0);
        assert!(s
            .items
            .iter()
            .filter(|i| i.section == 5)
            .all(|i| i.unclear_in_text));
        // Alternative: add up 30 + 35 + 30.
        let add = ScoreSettings {
            section_5: SeveralRows::AddUp,
            ..ScoreSettings::default()
        };
        let s = hh.score_with(Region::Tdmnpb, &add);
        let sec5: i32 = s
            .items
            .iter()
            .filter(|i| i.section == 5)
            .map(|i| i.points)
            .sum();
        assert_eq!(sec5, 95);
        // One row only: not unclear.
        let one = trigger("s5.civil_servant").score(Region::Tdmnpb);
        assert!(one
            .item("s5.civil_servant")
            .is_some_and(|i| !i.unclear_in_text));
        // Farming only: no row.
        assert!(Hh::new()
            .adult()
            .score(Region::Tdmnpb)
            .item("s5.none")
            .is_some());
    }

    #[test]
    fn sections_13_and_14_add_up_or_take_highest() {
        let hh = Hh::new().adults(2).with(|h| {
            h.land.perennial_crops = 6000.0; // 15
            h.land.forest = 12000.0; // 5
            h.livestock.buffalo_cattle_horse = 3; // 30
            h.livestock.poultry = 150; // 15
            h.aquaculture = true; // 5
        });
        let sum = |s: &ScoreA, sec: u8| -> i32 {
            s.items
                .iter()
                .filter(|i| i.section == sec)
                .map(|i| i.points)
                .sum()
        };
        let s = hh.score(Region::Tdmnpb);
        assert_eq!(sum(&s, 13), 20);
        assert_eq!(sum(&s, 14), 50);
        assert!(s
            .items
            .iter()
            .filter(|i| i.section >= 13)
            .all(|i| i.unclear_in_text));
        let highest = ScoreSettings {
            section_13: SeveralRows::HighestRow,
            section_14: SeveralRows::HighestRow,
            ..ScoreSettings::default()
        };
        let s = hh.score_with(Region::Tdmnpb, &highest);
        assert_eq!(sum(&s, 13), 15);
        assert_eq!(sum(&s, 14), 30);
    }

    #[test]
    fn central_highlands_misprint() {
        let hh = trigger("s12.motorbike_3_plus");
        let s = hh.score(Region::Tn);
        assert_eq!(pts(&s, "s12.motorbike_3_plus"), 30);
        assert!(s
            .item("s12.motorbike_3_plus")
            .is_some_and(|i| i.unclear_in_text));
        let sheet = ScoreSettings {
            central_highlands_motorbikes: CentralHighlandsMotorbikes::Mau38,
            ..ScoreSettings::default()
        };
        assert_eq!(
            pts(&hh.score_with(Region::Tn, &sheet), "s12.motorbike_3_plus"),
            40
        );
        // Other columns are untouched by the setting.
        assert_eq!(
            pts(
                &hh.score_with(Region::Tdmnpb, &sheet),
                "s12.motorbike_3_plus"
            ),
            25
        );
        assert!(hh
            .score(Region::Tdmnpb)
            .item("s12.motorbike_3_plus")
            .is_some_and(|i| !i.unclear_in_text));
    }

    #[test]
    fn electricity_band_edges() {
        let at = |kwh: f64| {
            let s = Hh::new()
                .adult()
                .with(|h| h.electricity.kwh_per_month = kwh)
                .score(Region::Tdmnpb);
            s.items
                .iter()
                .find(|i| i.section == 9)
                .map(|i| i.key.clone())
                .expect("s9")
        };
        assert_eq!(at(24.9), "s9.none");
        assert_eq!(at(25.0), "s9.kwh_25_50");
        assert_eq!(at(49.9), "s9.kwh_25_50");
        assert_eq!(at(50.0), "s9.kwh_50_100");
        assert_eq!(at(99.9), "s9.kwh_50_100");
        assert_eq!(at(100.0), "s9.kwh_100_150");
        assert_eq!(at(149.9), "s9.kwh_100_150");
        assert_eq!(at(150.0), "s9.kwh_150_plus");
        assert_eq!(at(f64::NAN), "s9.none");
        assert_eq!(at(-5.0), "s9.none");
    }

    #[test]
    fn area_band_edges() {
        let at = |floor: f64, loft: f64, people: usize| {
            let s = Hh::new()
                .adults(people)
                .with(|h| {
                    h.housing.floor_area_m2 = floor;
                    h.housing.loft_area_m2 = loft;
                })
                .score(Region::Tdmnpb);
            s.items
                .iter()
                .find(|i| i.section == 8)
                .map(|i| i.key.clone())
                .expect("s8")
        };
        assert_eq!(at(39.9, 0.0, 2), "s8.none");
        assert_eq!(at(40.0, 0.0, 2), "s8.area_20_30");
        assert_eq!(at(59.9, 0.0, 2), "s8.area_20_30");
        assert_eq!(at(60.0, 0.0, 2), "s8.area_30_40");
        assert_eq!(at(79.9, 0.0, 2), "s8.area_30_40");
        assert_eq!(at(80.0, 0.0, 2), "s8.area_40_plus");
        // A loft counts for half: 50 + 20/2 = 60 m² for 3 people = 20 m².
        assert_eq!(at(50.0, 20.0, 3), "s8.area_20_30");
        assert_eq!(at(f64::INFINITY, 0.0, 1), "s8.area_40_plus");
        assert_eq!(at(f64::NAN, 0.0, 1), "s8.none");
    }

    #[test]
    fn land_band_edges() {
        let key = |f: fn(&mut Land, f64), v: f64| {
            let s = Hh::new()
                .adult()
                .with(|h| f(&mut h.land, v))
                .score(Region::Tdmnpb);
            s.items
                .iter()
                .find(|i| i.section == 13)
                .map(|i| i.key.clone())
                .expect("s13")
        };
        let garden: fn(&mut Land, f64) = |l, v| l.garden_pond = v;
        assert_eq!(key(garden, 299.9), "s13.none");
        assert_eq!(key(garden, 300.0), "s13.garden_300_500");
        assert_eq!(key(garden, 499.9), "s13.garden_300_500");
        assert_eq!(key(garden, 500.0), "s13.garden_500_plus");
        let annual: fn(&mut Land, f64) = |l, v| l.annual_crops = v;
        assert_eq!(key(annual, 4999.0), "s13.none");
        assert_eq!(key(annual, 5000.0), "s13.annual_crops_5000_plus");
        let perennial: fn(&mut Land, f64) = |l, v| l.perennial_crops = v;
        assert_eq!(key(perennial, 999.0), "s13.none");
        assert_eq!(key(perennial, 1000.0), "s13.perennial_1000_5000");
        assert_eq!(key(perennial, 4999.0), "s13.perennial_1000_5000");
        assert_eq!(key(perennial, 5000.0), "s13.perennial_5000_plus");
        let water: fn(&mut Land, f64) = |l, v| l.water_surface = v;
        assert_eq!(key(water, 499.0), "s13.none");
        assert_eq!(key(water, 500.0), "s13.water_surface_500_5000");
        assert_eq!(key(water, 5000.0), "s13.water_surface_5000_plus");
        let forest: fn(&mut Land, f64) = |l, v| l.forest = v;
        assert_eq!(key(forest, 4999.0), "s13.none");
        assert_eq!(key(forest, 5000.0), "s13.forest_5000_10000");
        assert_eq!(key(forest, 9999.0), "s13.forest_5000_10000");
        assert_eq!(key(forest, 10000.0), "s13.forest_10000_plus");
    }

    #[test]
    fn livestock_edges() {
        let s = |f: fn(&mut Livestock)| {
            let mut l = Livestock::default();
            f(&mut l);
            let s = Hh::new()
                .adult()
                .with(|h| h.livestock = l)
                .score(Region::Tdmnpb);
            s.items
                .iter()
                .filter(|i| i.section == 14)
                .map(|i| i.key.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(s(|l| l.pig_goat_sheep = 9), vec!["s14.none"]);
        assert_eq!(s(|l| l.pig_goat_sheep = 10), vec!["s14.pigs_10_plus"]);
        assert_eq!(s(|l| l.poultry = 99), vec!["s14.none"]);
        assert_eq!(s(|l| l.poultry = 100), vec!["s14.poultry_100_plus"]);
        assert_eq!(
            s(|l| l.buffalo_cattle_horse = 30),
            vec!["s14.cattle_3_plus"]
        );
        assert_eq!(s(|l| l.other = 500), vec!["s14.none"]);
    }

    #[test]
    fn assets_and_computers() {
        let hh = Hh::new().adult().with(|h| {
            h.assets.desktop_computer = 1;
            h.assets.laptop = 2;
            h.assets.motorbike = 7;
            h.assets.air_conditioner = 3;
            h.assets.generator = 1; // no row in the table
            h.assets.smartphone = 2; // no row in the table
        });
        let s = hh.score(Region::Tdmnpb);
        let sec12: Vec<&str> = s
            .items
            .iter()
            .filter(|i| i.section == 12)
            .map(|i| i.key.as_str())
            .collect();
        assert_eq!(
            sec12,
            vec![
                "s12.motorbike_3_plus",
                "s12.computer",
                "s12.air_conditioner_2_plus"
            ]
        );
        assert!(s
            .item("s12.computer")
            .is_some_and(|i| i.because_vi.contains("3 máy vi tính")));
        assert!(Hh::new()
            .adult()
            .score(Region::Tdmnpb)
            .item("s12.none")
            .is_some());
    }

    #[test]
    fn walls_columns_water_latrine() {
        let metal = Hh::new()
            .adult()
            .with(|h| h.housing.wall = WallMaterial::DurableWoodOrMetal);
        let s = metal.score(Region::Tdmnpb);
        assert!(s
            .item("s7.wall_durable")
            .is_some_and(|i| i.points == 10 && i.unclear_in_text));
        assert!(Hh::new()
            .adult()
            .score(Region::Tdmnpb)
            .item("s7.none")
            .is_some());
        for (w, key) in [
            (WaterSource::BottledOrBought, "s10.tap_bottled_bought"),
            (WaterSource::ProtectedSpring, "s10.protected_well_spring"),
            (WaterSource::Rainwater, "s10.none"),
            (WaterSource::SurfaceWater, "s10.none"),
        ] {
            assert!(Hh::new()
                .adult()
                .with(|h| h.water = w)
                .score(Region::Tn)
                .item(key)
                .is_some());
        }
        for l in [Latrine::PourFlush, Latrine::DoubleVault, Latrine::None] {
            assert!(Hh::new()
                .adult()
                .with(|h| h.latrine = l)
                .score(Region::Tn)
                .item("s11.none")
                .is_some());
        }
    }

    #[test]
    fn urban_adds_region_points() {
        for (region, points) in [
            (Region::Dbsh, 10),
            (Region::Tdmnpb, 0),
            (Region::BtbDhmt, 10),
            (Region::Tn, 15),
            (Region::Dnb, 20),
            (Region::Dbscl, 15),
        ] {
            let s = Hh::new().adult().urban().score(region);
            let last = s.items.last().expect("item 15");
            assert_eq!(last.section, 15);
            assert_eq!(last.key, format!("s15.{}", region.key()));
            assert_eq!(last.points, points);
            // 1 person (125) + 1 working (10) + no dependants (5) + region.
            assert_eq!(s.total, 125 + 10 + 5 + points);
        }
        // Rural households have no item 15.
        assert!(Hh::new()
            .adult()
            .score(Region::Dnb)
            .items
            .iter()
            .all(|i| i.section != 15));
    }

    #[test]
    fn other_regions_one_household_each() {
        // 4 people (2 adults, 2 children), borehole, septic, 2 TVs, 75 kWh.
        let hh = Hh::new().adults(2).children(2).with(|h| {
            h.water = WaterSource::Borehole;
            h.latrine = Latrine::SepticOrSemiSeptic;
            h.assets.color_tv = 2;
            h.electricity.kwh_per_month = 75.0;
        });
        for (region, total) in [
            // people_4 + working_2 + borehole + septic + tv_2_plus + kwh_50_100 (a 0 term left out)
            (Region::Dbsh, 60 + 25 + 5 + 5 + 5),
            (Region::Tdmnpb, 45 + 10 + 5 + 5 + 15),
            (Region::BtbDhmt, 40 + 10 + 5 + 5 + 15 + 20),
            (Region::Tn, 50 + 5 + 10 + 10 + 20),
            (Region::Dnb, 30 + 35 + 5 + 10 + 10 + 25),
            (Region::Dbscl, 60 + 25 + 5 + 10 + 10 + 10),
        ] {
            assert_eq!(hh.score(region).total, total, "{region:?}");
        }
    }

    #[test]
    fn empty_household_is_scored_without_panic() {
        let s = Hh::new().score(Region::Tdmnpb);
        assert!(s.item("s1.none").is_some());
        assert!(s.item("s8.none").is_some());
        // No members: no dependants either, which is the "Không có người nào" row.
        assert_eq!(pts(&s, "s3.dependants_none"), 10);
    }

    #[test]
    fn regions_from_provinces() {
        assert_eq!(region_of_province("02"), Some(Region::Tdmnpb));
        assert_eq!(region_of_province("08"), Some(Region::Tdmnpb));
        assert_eq!(region_of_province("01"), None);
        assert_eq!(resolve_region("08", None), Ok(Region::Tdmnpb));
        assert_eq!(
            resolve_region("08", Some(Region::Tdmnpb)),
            Ok(Region::Tdmnpb)
        );
        assert_eq!(resolve_region("99", Some(Region::Dnb)), Ok(Region::Dnb));
        assert!(matches!(
            resolve_region("99", None),
            Err(RegionError::UnknownProvince { .. })
        ));
        assert!(matches!(
            resolve_region("02", Some(Region::Dnb)),
            Err(RegionError::Conflict { .. })
        ));
    }

    #[test]
    fn serde_words() {
        assert_eq!(
            serde_json::to_string(&Region::BtbDhmt).expect("json"),
            "\"btb_dhmt\""
        );
        let s: ScoreSettings = serde_json::from_str("{}").expect("defaults");
        assert_eq!(s, ScoreSettings::default());
        let s: ScoreSettings =
            serde_json::from_str(r#"{"section_13":"highest_row"}"#).expect("partial");
        assert_eq!(s.section_13, SeveralRows::HighestRow);
        assert_eq!(s.section_14, SeveralRows::AddUp);
    }

    #[test]
    fn bad_tables_are_refused() {
        let good: serde_json::Value = serde_json::from_str(TT07_2021_JSON).expect("json");
        let refuse = |f: &dyn Fn(&mut serde_json::Value)| {
            let mut v = good.clone();
            f(&mut v);
            ScoreTable::from_json(&v.to_string())
        };
        assert!(matches!(
            refuse(&|v| v["format"] = "x".into()),
            Err(ScoreTableError::Format { .. })
        ));
        assert!(matches!(
            refuse(&|v| {
                if let Some(rows) = v["sections"][0]["rows"].as_array_mut() {
                    rows.pop();
                }
            }),
            Err(ScoreTableError::MissingRow { .. })
        ));
        assert!(matches!(
            refuse(&|v| v["sections"][0]["rows"][0]["key"] = "s1.people_99".into()),
            Err(ScoreTableError::UnknownRow { .. })
        ));
        assert!(matches!(
            refuse(&|v| v["sections"][0]["rows"][1]["key"] = "s1.people_1".into()),
            Err(ScoreTableError::DuplicateRow { .. })
        ));
        assert!(matches!(
            refuse(&|v| v["sections"][0]["section"] = 2.into()),
            Err(ScoreTableError::WrongSection { .. })
        ));
        assert!(matches!(
            refuse(&|v| v["sections"][0]["rows"][0]["points"]["urban"] = "x".into()),
            Err(ScoreTableError::Json { .. })
        ));
        assert!(matches!(
            refuse(&|v| v["misprints"][0]["row"] = "s12.nothing".into()),
            Err(ScoreTableError::DanglingNote { .. })
        ));
        assert!(ScoreTable::from_json("not json").is_err());
    }
}
