//! The point table of Mẫu số 3.3 as data: its columns and regions, the checked document
//! (`rasoat.score-table.v1`, see `docs/score-table-format.md`), and the province → region list.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::messages::Words;
use crate::model::AreaType;

/// The TT 07/2021 table, as shipped. Compile-time: the domain does no I/O.
pub(super) const TT07_2021_JSON: &str =
    include_str!("../../../../assets/scoring/tt07-2021-b1-points.json");

/// The format tag of a point-table document.
pub const SCORE_TABLE_FORMAT: &str = "rasoat.score-table.v1";

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

    /// The region's name in English, for the panel's English lines (Mẫu 3.3 names it in
    /// Vietnamese in its row labels).
    pub fn name_en(self) -> &'static str {
        match self {
            Region::Dbsh => "Red River Delta",
            Region::Tdmnpb => "Northern Midlands and Mountains",
            Region::BtbDhmt => "North Central and Central Coast",
            Region::Tn => "Central Highlands",
            Region::Dnb => "South East",
            Region::Dbscl => "Mekong Delta",
        }
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

impl ScoreTableError {
    /// The fault in each language apart, for a refusal that quotes it in its own sentence.
    pub fn words(&self) -> Words {
        use ScoreTableError as E;
        let (vi, en) = match self {
            E::Json { message } => (
                format!("bảng điểm không đọc được: {message}"),
                format!("point table is not valid: {message}"),
            ),
            E::Format { found } => (
                format!(
                    "định dạng bảng điểm `{found}` không được hỗ trợ, cần `{SCORE_TABLE_FORMAT}`"
                ),
                format!("unsupported point-table format `{found}`"),
            ),
            E::MissingRow { key } => (
                format!("bảng điểm thiếu dòng `{key}`"),
                format!("point table lacks row `{key}`"),
            ),
            E::UnknownRow { key } => (
                format!("dòng `{key}` không có ý nghĩa với chương trình"),
                format!("row `{key}` is unknown to the engine"),
            ),
            E::DuplicateRow { key } => (
                format!("dòng `{key}` xuất hiện hai lần"),
                format!("row `{key}` appears twice"),
            ),
            E::WrongSection { key, section } => (
                format!("dòng `{key}` nằm sai mục {section}"),
                format!("row `{key}` is filed under section {section}"),
            ),
            E::DanglingNote { key } => (
                format!("ghi chú về dòng `{key}` không khớp với dòng nào"),
                format!("note refers to unknown row `{key}`"),
            ),
        };
        Words { vi, en }
    }
}

/// Every row key of sections 1–14, in the order of Mẫu số 3.3. The engine gives each a
/// meaning in [`super::score_a`]; a table must have exactly these.
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
        table.check()?;
        Ok(table)
    }

    /// Checks a table already read as data (one an office's standards file carries, read with
    /// the file): the same checks as [`ScoreTable::from_json`] after parsing.
    pub fn check(&self) -> Result<(), ScoreTableError> {
        let table = self;
        if table.format != SCORE_TABLE_FORMAT {
            return Err(ScoreTableError::Format {
                found: table.format.clone(),
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
        Ok(())
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
}

/// The region of a province code of before the 2025 merger (`assets/scoring/regions.json`):
/// for a centrally-run city, its geographic region. `None` for a code not in that list: the
/// caller must then name the region explicitly. Households are placed with
/// [`super::Regions::place`], which also knows the provinces made on 1 July 2025.
pub fn region_of_province(code: &str) -> Option<Region> {
    super::Regions::embedded().former(code).map(|p| p.region)
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
