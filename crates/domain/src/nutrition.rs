//! Nutrition of children (Phiếu B2 item 2.1) against the reference values of TT 07/2021,
//! Mẫu số 3.11 "Bảng điểm chỉ tiêu dinh dưỡng", with the finding in words.
//!
//! The reference values are data (`assets/scoring/tt07-2021-nutrition.json`, embedded at
//! compile time, each cell as printed). The decision rule is a reading [P]: the table gives
//! one value per age and sex and the values equal the WHO −2 SD cut-offs, so a child whose
//! weight (under 10) or height (under 16) is below the value for its age and sex is
//! malnourished. How to pick a row for an age between two rows is not stated: that choice is
//! [`NutritionSettings::row_choice`], and findings that depend on it are marked
//! `unclear_in_text` ("chưa rõ trong văn bản").

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::model::Sex;

const TT07_2021_JSON: &str = include_str!("../../../assets/scoring/tt07-2021-nutrition.json");

/// The format tag of a nutrition reference document.
pub const NUTRITION_TABLE_FORMAT: &str = "rasoat.nutrition-table.v1";

/// Weight is asked only under 10 years (Phiếu B1 column 7), in months.
pub const WEIGHT_UNDER_MONTHS: i32 = 10 * 12;
/// Height is asked only under 16 years (Phiếu B1 column 6), in months.
pub const HEIGHT_UNDER_MONTHS: i32 = 16 * 12;

/// Which row of Mẫu số 3.11 applies to a child whose age falls between two rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowChoice {
    /// The last row whose age is at most the child's age in completed months (a child of
    /// 13 months is read against "12 tháng"). Default.
    #[default]
    LastAtOrBelow,
    /// The row whose age is nearest to the child's; on a tie, the earlier row.
    Nearest,
}

/// Choices the text leaves open for the nutrition indicator.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NutritionSettings {
    pub row_choice: RowChoice,
}

/// What is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// "suy dinh dưỡng cân nặng theo tuổi".
    WeightForAge,
    /// "suy dinh dưỡng chiều cao theo tuổi".
    HeightForAge,
}

/// One measure below its reference value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NutritionFinding {
    pub measure: Measure,
    /// The child's value (kg or cm).
    pub measured: f64,
    /// The reference value of the row used.
    pub reference: f64,
    /// The reference cell as printed in the gazette ("7.0", "46,1").
    pub reference_printed: String,
    /// The row used, as printed ("12 tháng", "2.5 tuổi").
    pub row_age_vi: String,
    pub row_age_months: i32,
    pub reason_vi: String,
    pub reason_en: String,
    /// The child's age falls between two rows, so the row used rests on the setting.
    pub unclear_in_text: bool,
}

/// A malnourished child: which measure is under which reference value, in words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Malnutrition {
    /// Weight first, then height, when both are below.
    pub findings: Vec<NutritionFinding>,
    /// All findings in one sentence.
    pub reason_vi: String,
    pub reason_en: String,
    /// True when every finding rests on the row-choice setting.
    pub unclear_in_text: bool,
}

/// One row of the under-10 block, as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Under10Row {
    pub age_vi: String,
    pub age_months: i32,
    pub weight_boys_kg: String,
    pub weight_girls_kg: String,
    pub height_boys_cm: String,
    pub height_girls_cm: String,
}

/// One row of the 10-to-under-16 block, as printed (height only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct From10Row {
    pub age_vi: String,
    pub age_months: i32,
    pub height_boys_cm: String,
    pub height_girls_cm: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NutritionSource {
    pub text_vi: String,
    pub gazette: String,
    #[serde(default)]
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct NutritionDoc {
    format: String,
    id: String,
    title_vi: String,
    source: NutritionSource,
    #[serde(default)]
    note: String,
    under_10: Vec<Under10Row>,
    from_10_to_16: Vec<From10Row>,
}

/// A reference value: the printed cell and its number.
#[derive(Debug, Clone, PartialEq)]
struct Reference {
    age_vi: String,
    age_months: i32,
    printed: String,
    value: f64,
}

/// The parsed Mẫu số 3.11.
#[derive(Debug, Clone, PartialEq)]
pub struct NutritionTable {
    doc: NutritionDoc,
    weight_boys: Vec<Reference>,
    weight_girls: Vec<Reference>,
    height_boys: Vec<Reference>,
    height_girls: Vec<Reference>,
}

/// Why a nutrition table was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NutritionTableError {
    #[error("bảng dinh dưỡng không đọc được: {message} / nutrition table is not valid: {message}")]
    Json { message: String },
    #[error("định dạng `{found}` không được hỗ trợ, cần `{NUTRITION_TABLE_FORMAT}` / unsupported format `{found}`")]
    Format { found: String },
    #[error("ô `{cell}` ở dòng `{row}` không phải số dương / cell `{cell}` of row `{row}` is not a positive number")]
    BadCell { row: String, cell: String },
    #[error(
        "tuổi các dòng phải tăng dần, dòng `{row}` sai / row ages must increase, `{row}` does not"
    )]
    AgeOrder { row: String },
    #[error("bảng dinh dưỡng trống / nutrition table is empty")]
    Empty,
}

/// Reads a cell as printed: decimal comma, or the gazette's occasional dot ("7.0").
fn parse_cell(row: &str, cell: &str) -> Result<f64, NutritionTableError> {
    let value: f64 =
        cell.trim()
            .replace(',', ".")
            .parse()
            .map_err(|_| NutritionTableError::BadCell {
                row: row.to_string(),
                cell: cell.to_string(),
            })?;
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(NutritionTableError::BadCell {
            row: row.to_string(),
            cell: cell.to_string(),
        })
    }
}

fn reference(age_vi: &str, age_months: i32, cell: &str) -> Result<Reference, NutritionTableError> {
    Ok(Reference {
        age_vi: age_vi.to_string(),
        age_months,
        printed: cell.to_string(),
        value: parse_cell(age_vi, cell)?,
    })
}

impl NutritionTable {
    /// Mẫu số 3.11 of TT 07/2021 (VBHN 1315/VBHN-BLĐTBXH, Công báo p. 64), parsed once.
    pub fn tt07_2021() -> &'static NutritionTable {
        static TABLE: OnceLock<NutritionTable> = OnceLock::new();
        TABLE.get_or_init(|| match NutritionTable::from_json(TT07_2021_JSON) {
            Ok(table) => table,
            // The embedded file is part of the build and the test `embedded_table_is_valid`
            // parses it; reaching this line means a broken build, never a bad input.
            Err(e) => panic!("embedded nutrition table tt07-2021-nutrition.json is invalid: {e}"),
        })
    }

    /// Parses and checks a nutrition table: every cell a positive number, ages increasing.
    pub fn from_json(text: &str) -> Result<NutritionTable, NutritionTableError> {
        let doc: NutritionDoc =
            serde_json::from_str(text).map_err(|e| NutritionTableError::Json {
                message: e.to_string(),
            })?;
        if doc.format != NUTRITION_TABLE_FORMAT {
            return Err(NutritionTableError::Format { found: doc.format });
        }
        if doc.under_10.is_empty() {
            return Err(NutritionTableError::Empty);
        }
        let mut weight_boys = Vec::new();
        let mut weight_girls = Vec::new();
        let mut height_boys = Vec::new();
        let mut height_girls = Vec::new();
        let mut last_age = -1;
        for r in &doc.under_10 {
            if r.age_months <= last_age {
                return Err(NutritionTableError::AgeOrder {
                    row: r.age_vi.clone(),
                });
            }
            last_age = r.age_months;
            weight_boys.push(reference(&r.age_vi, r.age_months, &r.weight_boys_kg)?);
            weight_girls.push(reference(&r.age_vi, r.age_months, &r.weight_girls_kg)?);
            height_boys.push(reference(&r.age_vi, r.age_months, &r.height_boys_cm)?);
            height_girls.push(reference(&r.age_vi, r.age_months, &r.height_girls_cm)?);
        }
        for r in &doc.from_10_to_16 {
            if r.age_months <= last_age {
                return Err(NutritionTableError::AgeOrder {
                    row: r.age_vi.clone(),
                });
            }
            last_age = r.age_months;
            height_boys.push(reference(&r.age_vi, r.age_months, &r.height_boys_cm)?);
            height_girls.push(reference(&r.age_vi, r.age_months, &r.height_girls_cm)?);
        }
        Ok(NutritionTable {
            doc,
            weight_boys,
            weight_girls,
            height_boys,
            height_girls,
        })
    }

    pub fn id(&self) -> &str {
        &self.doc.id
    }
    pub fn title_vi(&self) -> &str {
        &self.doc.title_vi
    }
    pub fn source(&self) -> &NutritionSource {
        &self.doc.source
    }
    pub fn note(&self) -> &str {
        &self.doc.note
    }
    pub fn under_10(&self) -> &[Under10Row] {
        &self.doc.under_10
    }
    pub fn from_10_to_16(&self) -> &[From10Row] {
        &self.doc.from_10_to_16
    }

    fn column(&self, sex: Sex, measure: Measure) -> &[Reference] {
        match (measure, sex) {
            (Measure::WeightForAge, Sex::Male) => &self.weight_boys,
            (Measure::WeightForAge, Sex::Female) => &self.weight_girls,
            (Measure::HeightForAge, Sex::Male) => &self.height_boys,
            (Measure::HeightForAge, Sex::Female) => &self.height_girls,
        }
    }
}

/// The row for a child's age, and whether the age falls between rows.
fn pick(rows: &[Reference], age_months: i32, choice: RowChoice) -> Option<(&Reference, bool)> {
    let row = match choice {
        RowChoice::LastAtOrBelow => rows.iter().rev().find(|r| r.age_months <= age_months)?,
        RowChoice::Nearest => rows
            .iter()
            .fold(None, |best: Option<&Reference>, r| match best {
                Some(b)
                    if (b.age_months - age_months).abs() <= (r.age_months - age_months).abs() =>
                {
                    Some(b)
                }
                _ => Some(r),
            })?,
    };
    let between = !rows.iter().any(|r| r.age_months == age_months);
    Some((row, between))
}

fn usable(x: Option<f64>) -> Option<f64> {
    // A missing, zero, negative or non-numeric measure is "not measured"; validation reports it.
    x.filter(|v| v.is_finite() && *v > 0.0)
}

fn vi_decimal(x: f64) -> String {
    format!("{x:.1}").replace('.', ",")
}

/// Checks one child against Mẫu số 3.11 with the embedded table. `None` when the child is
/// not below any reference (or nothing usable was measured, or the age is outside the table).
pub fn nutrition(
    sex: Sex,
    age_months: i32,
    height_cm: Option<f64>,
    weight_kg: Option<f64>,
    settings: &NutritionSettings,
) -> Option<Malnutrition> {
    nutrition_with(
        NutritionTable::tt07_2021(),
        sex,
        age_months,
        height_cm,
        weight_kg,
        settings,
    )
}

/// [`nutrition`] against a given table.
pub fn nutrition_with(
    table: &NutritionTable,
    sex: Sex,
    age_months: i32,
    height_cm: Option<f64>,
    weight_kg: Option<f64>,
    settings: &NutritionSettings,
) -> Option<Malnutrition> {
    if age_months < 0 {
        return None;
    }
    let mut findings = Vec::new();
    let checks = [
        (
            Measure::WeightForAge,
            usable(weight_kg),
            WEIGHT_UNDER_MONTHS,
        ),
        (
            Measure::HeightForAge,
            usable(height_cm),
            HEIGHT_UNDER_MONTHS,
        ),
    ];
    for (measure, value, under) in checks {
        let Some(value) = value else { continue };
        if age_months >= under {
            continue;
        }
        let Some((row, between)) =
            pick(table.column(sex, measure), age_months, settings.row_choice)
        else {
            continue;
        };
        if value >= row.value {
            continue;
        }
        let (what_vi, what_en, unit) = match measure {
            Measure::WeightForAge => ("cân nặng", "weight", "kg"),
            Measure::HeightForAge => ("chiều cao", "height", "cm"),
        };
        let (sex_vi, sex_en) = match sex {
            Sex::Male => ("bé trai", "boys"),
            Sex::Female => ("bé gái", "girls"),
        };
        let mut reason_vi = format!(
            "{what_vi} {} {unit} dưới mức {} {unit} của {sex_vi} {} (Mẫu số 3.11)",
            vi_decimal(value),
            row.printed,
            row.age_vi
        );
        let mut reason_en = format!(
            "{what_en} {value:.1} {unit} below the {:.1} {unit} reference for {sex_en} at row \"{}\" (Mẫu 3.11)",
            row.value, row.age_vi
        );
        if between {
            reason_vi.push_str(&format!(
                "; trẻ {age_months} tháng tuổi nằm giữa hai dòng của bảng, dòng dùng theo thiết lập (chưa rõ trong văn bản)"
            ));
            reason_en.push_str(&format!(
                "; the child's {age_months} months fall between two rows, the row follows the setting (unclear in the text)"
            ));
        }
        findings.push(NutritionFinding {
            measure,
            measured: value,
            reference: row.value,
            reference_printed: row.printed.clone(),
            row_age_vi: row.age_vi.clone(),
            row_age_months: row.age_months,
            reason_vi,
            reason_en,
            unclear_in_text: between,
        });
    }
    if findings.is_empty() {
        return None;
    }
    let reason_vi = format!(
        "Suy dinh dưỡng: {}",
        findings
            .iter()
            .map(|f| f.reason_vi.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    );
    let reason_en = format!(
        "Malnourished: {}",
        findings
            .iter()
            .map(|f| f.reason_en.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    );
    let unclear_in_text = findings.iter().all(|f| f.unclear_in_text);
    Some(Malnutrition {
        findings,
        reason_vi,
        reason_en,
        unclear_in_text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEFAULT: NutritionSettings = NutritionSettings {
        row_choice: RowChoice::LastAtOrBelow,
    };
    const NEAREST: NutritionSettings = NutritionSettings {
        row_choice: RowChoice::Nearest,
    };

    fn weight(sex: Sex, months: i32, kg: f64) -> Option<Malnutrition> {
        nutrition(sex, months, None, Some(kg), &DEFAULT)
    }
    fn height(sex: Sex, months: i32, cm: f64) -> Option<Malnutrition> {
        nutrition(sex, months, Some(cm), None, &DEFAULT)
    }

    #[test]
    fn embedded_table_is_valid() {
        let t = NutritionTable::from_json(TT07_2021_JSON).expect("embedded table parses");
        assert_eq!(t.under_10().len(), 32);
        assert_eq!(t.from_10_to_16().len(), 13);
        assert_eq!(t.under_10()[12].weight_girls_kg, "7.0");
        assert!(t.note().contains("7.0"));
        assert!(t.source().gazette.contains("64"));
    }

    /// Every row of Mẫu số 3.11 as printed (poverty-scoring-tt07.md §3.3): months, weight
    /// boys, weight girls, height boys, height girls.
    const UNDER_10: [(i32, f64, f64, f64, f64); 32] = [
        (0, 2.5, 2.4, 46.1, 45.4),
        (1, 3.4, 3.2, 50.8, 49.8),
        (2, 4.3, 3.9, 54.4, 53.0),
        (3, 5.0, 4.5, 57.3, 55.6),
        (4, 5.6, 5.0, 59.7, 57.8),
        (5, 6.0, 5.4, 61.7, 59.6),
        (6, 6.4, 5.7, 63.3, 61.2),
        (7, 6.7, 6.0, 64.8, 62.7),
        (8, 6.9, 6.3, 66.2, 64.0),
        (9, 7.1, 6.5, 67.5, 65.3),
        (10, 7.4, 6.7, 68.7, 66.5),
        (11, 7.6, 6.9, 69.9, 67.7),
        (12, 7.7, 7.0, 71.0, 68.9),
        (15, 8.3, 7.6, 74.1, 72.0),
        (18, 8.8, 8.1, 76.9, 74.9),
        (21, 9.2, 8.6, 79.4, 77.5),
        (24, 9.7, 9.0, 81.0, 80.0),
        (30, 10.5, 10.0, 85.1, 83.6),
        (36, 11.3, 10.8, 88.7, 87.4),
        (42, 12.0, 11.6, 91.9, 90.9),
        (48, 12.7, 12.3, 94.9, 94.1),
        (54, 13.4, 13.0, 97.8, 97.1),
        (60, 14.1, 13.7, 100.7, 99.9),
        (66, 15.0, 14.6, 103.4, 102.3),
        (72, 15.9, 15.3, 106.1, 104.9),
        (78, 16.8, 16.0, 108.7, 107.4),
        (84, 17.7, 16.8, 111.2, 109.9),
        (90, 18.6, 17.6, 113.6, 112.4),
        (96, 19.5, 18.6, 116.0, 115.0),
        (102, 20.4, 19.6, 118.3, 117.6),
        (108, 21.3, 20.8, 120.5, 120.3),
        (114, 22.2, 22.0, 122.8, 123.0),
    ];
    const FROM_10: [(i32, f64, f64); 13] = [
        (120, 125.0, 125.8),
        (126, 127.3, 128.7),
        (132, 129.7, 131.7),
        (138, 132.2, 134.7),
        (144, 134.9, 137.6),
        (150, 137.9, 140.2),
        (156, 141.2, 142.5),
        (162, 144.5, 144.4),
        (168, 147.8, 145.9),
        (174, 150.8, 147.1),
        (180, 153.4, 147.9),
        (186, 155.5, 148.5),
        (192, 157.4, 148.9),
    ];

    #[test]
    fn every_row_is_the_edge() {
        for (m, wb, wg, hb, hg) in UNDER_10 {
            for (sex, w, h) in [(Sex::Male, wb, hb), (Sex::Female, wg, hg)] {
                // At the reference: not below. Just under: below, and says which value.
                assert!(weight(sex, m, w).is_none(), "{m} {sex:?} weight at ref");
                let f = weight(sex, m, w - 0.05).expect("below weight");
                assert_eq!(f.findings[0].reference, w);
                assert_eq!(f.findings[0].row_age_months, m);
                assert!(!f.unclear_in_text);
                assert!(height(sex, m, h).is_none(), "{m} {sex:?} height at ref");
                let f = height(sex, m, h - 0.05).expect("below height");
                assert_eq!(f.findings[0].reference, h);
                assert_eq!(f.findings[0].measure, Measure::HeightForAge);
            }
        }
        for (m, hb, hg) in FROM_10 {
            for (sex, h) in [(Sex::Male, hb), (Sex::Female, hg)] {
                if m >= HEIGHT_UNDER_MONTHS {
                    // The "16 tuổi" row is printed but height is asked only under 16.
                    assert!(height(sex, m, h - 10.0).is_none());
                    continue;
                }
                assert!(height(sex, m, h).is_none(), "{m} {sex:?}");
                let f = height(sex, m, h - 0.05).expect("below");
                assert_eq!(f.findings[0].reference, h);
            }
        }
    }

    #[test]
    fn the_7_0_cell_reads_as_seven() {
        let f = weight(Sex::Female, 12, 6.9).expect("below");
        assert_eq!(f.findings[0].reference, 7.0);
        assert_eq!(f.findings[0].reference_printed, "7.0");
        assert!(f.reason_vi.contains("dưới mức 7.0 kg của bé gái 12 tháng"));
        assert!(weight(Sex::Female, 12, 7.0).is_none());
    }

    #[test]
    fn between_rows_default_uses_the_row_below() {
        // 13 and 14 months use "12 tháng" (boys 7,7 kg) by default.
        let f = weight(Sex::Male, 14, 7.6).expect("below 12-month value");
        assert_eq!(f.findings[0].row_age_vi, "12 tháng");
        assert!(f.unclear_in_text);
        assert!(f.reason_vi.contains("chưa rõ trong văn bản"));
        assert!(weight(Sex::Male, 14, 7.7).is_none());
        // Nearest: 14 months is closer to 15 (8,3 kg).
        let f = nutrition(Sex::Male, 14, None, Some(7.7), &NEAREST).expect("below 15-month");
        assert_eq!(f.findings[0].row_age_vi, "15 tháng");
        // A tie (27 months, between 24 and 30) takes the earlier row.
        let f = nutrition(Sex::Male, 27, None, Some(9.6), &NEAREST).expect("below 24-month");
        assert_eq!(f.findings[0].row_age_months, 24);
    }

    #[test]
    fn ten_years() {
        // 119 months: weight still checked (9.5 tuổi row); 120: weight no longer asked.
        assert!(weight(Sex::Male, 119, 20.0).is_some());
        assert!(weight(Sex::Male, 120, 10.0).is_none());
        // Height at 10 years uses the "10 tuổi" row.
        let f = height(Sex::Female, 120, 125.7).expect("below");
        assert_eq!(f.findings[0].row_age_vi, "10 tuổi");
        assert!(!f.unclear_in_text);
        // 119 months uses "9.5 tuổi" by default, "10 tuổi" when nearest.
        let f = height(Sex::Male, 119, 122.7).expect("below 9.5");
        assert_eq!(f.findings[0].row_age_vi, "9.5 tuổi");
        let f = nutrition(Sex::Male, 119, Some(124.0), None, &NEAREST).expect("below 10");
        assert_eq!(f.findings[0].row_age_vi, "10 tuổi");
    }

    #[test]
    fn sixteen_years() {
        // 191 months: "15.5 tuổi" row by default; 192: no longer asked.
        let f = height(Sex::Male, 191, 155.4).expect("below 15.5");
        assert_eq!(f.findings[0].row_age_vi, "15.5 tuổi");
        assert!(height(Sex::Male, 192, 100.0).is_none());
        // Nearest at 191 months picks the printed "16 tuổi" row.
        let f = nutrition(Sex::Female, 191, Some(148.8), None, &NEAREST).expect("below 16");
        assert_eq!(f.findings[0].row_age_vi, "16 tuổi");
    }

    #[test]
    fn both_measures_and_bad_inputs() {
        let f = nutrition(Sex::Female, 24, Some(70.0), Some(8.0), &DEFAULT).expect("both");
        assert_eq!(f.findings.len(), 2);
        assert_eq!(f.findings[0].measure, Measure::WeightForAge);
        assert!(f.reason_vi.starts_with("Suy dinh dưỡng: cân nặng 8,0 kg"));
        assert!(f.reason_en.contains("height 70.0 cm"));
        assert!(nutrition(Sex::Male, -1, Some(1.0), Some(1.0), &DEFAULT).is_none());
        assert!(nutrition(Sex::Male, 24, None, None, &DEFAULT).is_none());
        assert!(nutrition(Sex::Male, 24, Some(f64::NAN), Some(0.0), &DEFAULT).is_none());
        assert!(nutrition(Sex::Male, i32::MAX, Some(1.0), Some(1.0), &DEFAULT).is_none());
        assert!(nutrition(Sex::Male, 24, Some(f64::INFINITY), Some(-3.0), &DEFAULT).is_none());
    }

    #[test]
    fn bad_tables_are_refused() {
        let good: serde_json::Value = serde_json::from_str(TT07_2021_JSON).expect("json");
        let refuse = |f: &dyn Fn(&mut serde_json::Value)| {
            let mut v = good.clone();
            f(&mut v);
            NutritionTable::from_json(&v.to_string())
        };
        assert!(matches!(
            refuse(&|v| v["format"] = "x".into()),
            Err(NutritionTableError::Format { .. })
        ));
        assert!(matches!(
            refuse(&|v| v["under_10"][3]["weight_boys_kg"] = "năm".into()),
            Err(NutritionTableError::BadCell { .. })
        ));
        assert!(matches!(
            refuse(&|v| v["under_10"][3]["age_months"] = 1.into()),
            Err(NutritionTableError::AgeOrder { .. })
        ));
        assert!(matches!(
            refuse(&|v| v["under_10"] = serde_json::json!([])),
            Err(NutritionTableError::Empty)
        ));
        assert!(NutritionTable::from_json("[]").is_err());
        let s: NutritionSettings =
            serde_json::from_str(r#"{"row_choice":"nearest"}"#).expect("json");
        assert_eq!(s, NEAREST);
        assert_eq!(NutritionSettings::default(), DEFAULT);
    }
}
