//! Phiếu A "Nhận dạng nhanh hộ gia đình" (TT 07/2021, Phụ lục II): decides whether a household
//! that asked to be reviewed goes on to Phiếu B, with the reason in words.
//!
//! Rule (VBHN 1315/VBHN-BLĐTBXH, Công báo pp. 25–26, 67–68): column 0 stops the review when
//! any exclusion condition holds (four national ones and the province's own); otherwise a
//! household with 4 or more "có" in columns 1–9 stops (code 0) and one with fewer goes on to
//! Phiếu B (code 1).

use serde::{Deserialize, Serialize};

use crate::model::{Household, PhieuA};

/// A column-0 condition set by the law itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NationalCondition {
    /// Stable id, the same word as the `PhieuA` field that records it.
    pub id: &'static str,
    /// The official wording, verbatim (Phụ lục IV, "Cột 0").
    pub label_vi: &'static str,
    /// An English gloss of it, for a reader of the English interface; not the law's words.
    pub label_en: &'static str,
}

/// Column 0, conditions 1–4, in the form's order.
pub const NATIONAL_CONDITIONS: [NationalCondition; 4] = [
    NationalCondition {
        id: "villa_or_grade_1_2",
        label_vi: "Nhà ở biệt thự; cấp 1, cấp 2",
        label_en: "A villa, or a house of construction grade 1 or 2",
    },
    NationalCondition {
        id: "business_with_3_workers_or_100m_tax",
        label_vi: "Hộ gia đình sở hữu doanh nghiệp, xưởng sản xuất, cơ sở kinh doanh thương mại, dịch vụ thuê mướn từ 3 lao động trở lên; hộ kinh doanh có đăng ký và nộp thuế từ 100 triệu đồng trở lên",
        label_en: "Owns an enterprise, workshop, trading or service business hiring 3 or more workers; or a registered household business paying 100 million đồng or more in tax",
    },
    NationalCondition {
        id: "farm_or_herd_over_200m",
        label_vi: "Hộ gia đình sở hữu trang trại hoặc chăn nuôi đàn gia súc, gia cầm, vật nuôi khác có giá trị từ 200 triệu đồng trở lên",
        label_en: "Owns a farm, or herds of cattle, poultry or other livestock worth 200 million đồng or more",
    },
    NationalCondition {
        id: "production_assets_over_200m",
        label_vi: "Hộ có một trong các loại tài sản sử dụng trong sản xuất kinh doanh: ô tô, máy xúc, máy xay sát, máy tuốt lúa, máy cấy, máy gặt, máy cày, máy công nông, lồng cá và tài sản khác từ 200 triệu đồng trở lên",
        label_en: "Has a production or business asset worth 200 million đồng or more: car, excavator, rice mill, thresher, transplanter, harvester, plough, farm vehicle, fish cage or other",
    },
];

/// Column 0, condition 5, verbatim: the province's own conditions.
pub const PROVINCE_CONDITION_HEADING_VI: &str = "Điều kiện khác (do Ban Chỉ đạo rà soát cấp tỉnh ban hành phù hợp với tình hình kinh tế - xã hội, mức sống dân cư trên địa bàn)";

/// An English gloss of condition 5's heading; not the law's words.
pub const PROVINCE_CONDITION_HEADING_EN: &str = "Other conditions (set by the province's review steering committee to suit its economy and living standards)";

/// English glosses of columns 1–9, in the same order; not the law's words.
pub const COLUMN_LABELS_EN: [&str; 9] = [
    "A motorbike, electric bike or motor boat worth 20 million đồng or more",
    "An air conditioner, fridge or heater",
    "A hot-water tank or water heater",
    "A washing machine or clothes dryer",
    "Land, a workshop, property or machinery rented out",
    "Household electricity use of 150 kWh a month or more",
    "25 m² or more of living area per person",
    "At least one civil servant or public employee, or someone with a pension, monthly social insurance or merit allowance",
    "At least one person working under a labour contract or better",
];

/// Headers of columns 1–9, verbatim.
pub const COLUMN_LABELS_VI: [&str; 9] = [
    "Có xe máy/xe điện/tàu/ghe thuyền có động cơ có giá trị từ 20 triệu đồng trở lên",
    "Có điều hòa/tủ lạnh/máy sưởi",
    "Có bình tắm nước nóng/máy đun nước",
    "Có máy giặt/sấy quần áo",
    "Có đất đai/nhà xưởng/tài sản/máy móc cho thuê",
    "Tiêu thụ điện sinh hoạt từ 150 KW/tháng trở lên",
    "Diện tích nhà ở bình quân đầu người từ 25m2 trở lên",
    "Có ít nhất một người là công chức/viên chức/có lương hưu/bảo hiểm xã hội/trợ cấp ưu đãi người có công hằng tháng",
    "Có ít nhất một người đang làm việc có hợp đồng lao động trở lên",
];

/// "Hộ có từ 04 chỉ tiêu trở lên" stops the review (column E).
pub const STOP_AT_YES_COUNT: usize = 4;

/// One of the province's own column-0 conditions ("Điều kiện khác"). Tuyên Quang's list is not
/// known [U], so the default rules have none.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProvinceCondition {
    /// Stable id, recorded in `PhieuA::province_conditions` when the condition holds.
    pub id: String,
    /// The wording the provincial steering committee issued.
    pub label_vi: String,
    /// An English gloss of that wording for the window's English mode (the Vietnamese stays
    /// the text that counts); empty when the province's file gives none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label_en: String,
}

/// The province's Phiếu A rules, as data.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PhieuARules {
    pub province_conditions: Vec<ProvinceCondition>,
}

/// The provinces' own column-0 lists, as data (`assets/phieu-a/province-conditions.json`):
/// a province corrects its list by shipping the file, not a release.
static PROVINCES_JSON: &str = include_str!("../../../assets/phieu-a/province-conditions.json");

/// One province's entry in the provinces file.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProvinceRules {
    /// GSO province code.
    pub province: String,
    pub name_vi: String,
    /// The name as the window's English mode writes it (the place name stays, the words
    /// around it are translated); empty when the file gives none.
    #[serde(default)]
    pub name_en: String,
    /// `confirmed`, `partial` or `unconfirmed`, as every rule in the data.
    pub confidence: crate::standard::Confidence,
    /// What is known of the list, shown beside condition 5.
    #[serde(default)]
    pub note_vi: String,
    /// The same in English, for the window's English mode.
    #[serde(default)]
    pub note_en: String,
    pub conditions: Vec<ProvinceCondition>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProvincesFile {
    #[allow(dead_code)]
    format: String,
    #[allow(dead_code)]
    source: String,
    provinces: Vec<ProvinceRules>,
}

/// The province's entry in the compiled-in file, when it has one.
pub fn province_rules(province: &str) -> Option<ProvinceRules> {
    // The embedded file is checked by a test; a defect there means "no list", never a panic.
    serde_json::from_str::<ProvincesFile>(PROVINCES_JSON)
        .ok()?
        .provinces
        .into_iter()
        .find(|p| p.province == province)
}

impl PhieuARules {
    /// The Phiếu A rules of a province: its own column-0 list from the data, or none.
    pub fn for_province(province: &str) -> PhieuARules {
        PhieuARules {
            province_conditions: province_rules(province)
                .map(|p| p.conditions)
                .unwrap_or_default(),
        }
    }
}

/// Column E "Kết quả".
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhieuAResult {
    /// Code 0: "ngừng rà soát".
    Stop,
    /// Code 1: "đưa vào danh sách rà soát phiếu B".
    ReviewWithPhieuB,
}

impl PhieuAResult {
    /// The code written in column E.
    pub fn code(self) -> u8 {
        match self {
            PhieuAResult::Stop => 0,
            PhieuAResult::ReviewWithPhieuB => 1,
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            PhieuAResult::Stop => "ngừng rà soát",
            PhieuAResult::ReviewWithPhieuB => "đưa vào danh sách rà soát phiếu B",
        }
    }
}

/// A column-0 condition that holds.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConditionHit {
    pub id: String,
    pub label_vi: String,
    /// True for conditions 1–4 of the law, false for the province's own.
    pub national: bool,
}

/// The decision of Phiếu A, with its reason.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhieuAOutcome {
    pub result: PhieuAResult,
    /// Column E code (0 stop, 1 go on to Phiếu B).
    pub code: u8,
    /// Column 0 code: 0 when an exclusion condition holds, 1 otherwise.
    pub column_0_code: u8,
    /// The column-0 conditions that hold.
    pub excluded_by: Vec<ConditionHit>,
    /// Column D: number of "có" in columns 1–9; `None` when column 0 already stopped the
    /// review (the form does not go on to columns 1–9).
    pub yes_count: Option<u8>,
    /// Columns (1–9) answered "có", when they were asked.
    pub yes_columns: Vec<u8>,
    /// Province-condition ids recorded on the form that the rules do not know. They do not
    /// exclude the household (an unknown rule must not keep a household out of the review);
    /// the UI should ask the cadre to check them.
    pub unknown_province_conditions: Vec<String>,
    pub reason_vi: String,
    pub reason_en: String,
}

/// What a survey record keeps of Phiếu A: the verdict and why, as numbers of the form, so a
/// list can show it without reading the answers again.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhieuAVerdict {
    pub result: PhieuAResult,
    /// Column-0 conditions that hold, by their number on the form (1–4 the law's, 5 the
    /// province's own); empty when column 0 let the household through.
    pub excluded_by: Vec<u8>,
    /// Number of "có" in columns 1–9, when they were asked.
    pub yes_count: Option<u8>,
}

impl PhieuAVerdict {
    /// "ngừng rà soát: cột 0, điều kiện 1" — how a list or the CLI names the verdict.
    pub fn label_vi(&self) -> String {
        match (self.result, self.excluded_by.is_empty(), self.yes_count) {
            (PhieuAResult::Stop, false, _) => format!(
                "ngừng rà soát: cột 0, điều kiện {}",
                join_numbers(&self.excluded_by)
            ),
            (PhieuAResult::Stop, true, n) => format!(
                "ngừng rà soát: {} chỉ tiêu «có» (từ 04 trở lên)",
                n.unwrap_or(0)
            ),
            (PhieuAResult::ReviewWithPhieuB, _, n) => format!(
                "rà soát tiếp bằng phiếu B: {} chỉ tiêu «có» (dưới 04)",
                n.unwrap_or(0)
            ),
        }
    }

    pub fn label_en(&self) -> String {
        match (self.result, self.excluded_by.is_empty(), self.yes_count) {
            (PhieuAResult::Stop, false, _) => format!(
                "review stops: column 0, condition {}",
                join_numbers(&self.excluded_by)
            ),
            (PhieuAResult::Stop, true, n) => {
                format!("review stops: {} yes (4 or more)", n.unwrap_or(0))
            }
            (PhieuAResult::ReviewWithPhieuB, _, n) => {
                format!("goes on to Phiếu B: {} yes (fewer than 4)", n.unwrap_or(0))
            }
        }
    }
}

fn join_numbers(numbers: &[u8]) -> String {
    numbers
        .iter()
        .map(u8::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

impl PhieuAOutcome {
    /// What the survey record keeps.
    pub fn verdict(&self) -> PhieuAVerdict {
        let mut excluded_by: Vec<u8> = self
            .excluded_by
            .iter()
            .map(|hit| {
                NATIONAL_CONDITIONS
                    .iter()
                    .position(|c| hit.national && c.id == hit.id)
                    // Conditions 1–4 by position; every province condition is number 5.
                    .map_or(5, |i| i as u8 + 1)
            })
            .collect();
        excluded_by.dedup();
        PhieuAVerdict {
            result: self.result,
            excluded_by,
            yes_count: self.yes_count,
        }
    }
}

/// Decides Phiếu A for one household.
pub fn phieu_a(a: &PhieuA, rules: &PhieuARules) -> PhieuAOutcome {
    let national = [
        a.villa_or_grade_1_2,
        a.business_with_3_workers_or_100m_tax,
        a.farm_or_herd_over_200m,
        a.production_assets_over_200m,
    ];
    let mut excluded_by: Vec<ConditionHit> = NATIONAL_CONDITIONS
        .iter()
        .zip(national)
        .filter(|(_, holds)| *holds)
        .map(|(c, _)| ConditionHit {
            id: c.id.to_string(),
            label_vi: c.label_vi.to_string(),
            national: true,
        })
        .collect();
    let mut unknown = Vec::new();
    for id in &a.province_conditions {
        match rules.province_conditions.iter().find(|c| &c.id == id) {
            Some(c) if !excluded_by.iter().any(|h| !h.national && h.id == c.id) => {
                excluded_by.push(ConditionHit {
                    id: c.id.clone(),
                    label_vi: c.label_vi.clone(),
                    national: false,
                });
            }
            Some(_) => {}
            None => {
                if !unknown.contains(id) {
                    unknown.push(id.clone());
                }
            }
        }
    }

    if !excluded_by.is_empty() {
        let list = excluded_by
            .iter()
            .map(|h| format!("«{}»", h.label_vi))
            .collect::<Vec<_>>()
            .join("; ");
        let ids = excluded_by
            .iter()
            .map(|h| h.id.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        return PhieuAOutcome {
            result: PhieuAResult::Stop,
            code: PhieuAResult::Stop.code(),
            column_0_code: 0,
            reason_vi: format!(
                "Cột 0: hộ có điều kiện không thuộc đối tượng rà soát ({list}); đánh mã 0 và ngừng rà soát"
            ),
            reason_en: format!(
                "Column 0: the household meets an exclusion condition ({ids}); code 0, review stops"
            ),
            excluded_by,
            yes_count: None,
            yes_columns: Vec::new(),
            unknown_province_conditions: unknown,
        };
    }

    let yes_columns: Vec<u8> = (1u8..)
        .zip(a.answers)
        .filter(|(_, yes)| *yes)
        .map(|(col, _)| col)
        .collect();
    let count = yes_columns.len();
    let cols = yes_columns
        .iter()
        .map(u8::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let which_vi = if count == 0 {
        String::new()
    } else {
        format!(" (cột {cols})")
    };
    let which_en = if count == 0 {
        String::new()
    } else {
        format!(" (columns {cols})")
    };
    let (result, reason_vi, reason_en) = if count >= STOP_AT_YES_COUNT {
        (
            PhieuAResult::Stop,
            format!("Hộ có {count} chỉ tiêu từ cột 1 đến cột 9{which_vi}, từ 04 chỉ tiêu trở lên: đánh mã 0 và ngừng rà soát"),
            format!("{count} of columns 1–9 answered yes{which_en}, 4 or more: code 0, review stops"),
        )
    } else {
        (
            PhieuAResult::ReviewWithPhieuB,
            format!("Hộ có {count} chỉ tiêu từ cột 1 đến cột 9{which_vi}, dưới 04 chỉ tiêu: đánh mã 1 và đưa vào danh sách rà soát phiếu B"),
            format!("{count} of columns 1–9 answered yes{which_en}, fewer than 4: code 1, goes on to Phiếu B"),
        )
    };
    PhieuAOutcome {
        result,
        code: result.code(),
        column_0_code: 1,
        excluded_by,
        // At most 9 answers: the conversion cannot fail.
        yes_count: Some(u8::try_from(count).unwrap_or(u8::MAX)),
        yes_columns,
        unknown_province_conditions: unknown,
        reason_vi,
        reason_en,
    }
}

/// Whether the household's Phiếu A stops the review (column E, mã 0 "ngừng rà soát"), by its
/// province's rules: the household is then not reviewed with Phiếu B (Phụ lục II, cột E: "Hộ
/// có từ 04 chỉ tiêu trở lên, đánh mã 0 và ngừng rà soát"; cột 0: "không thuộc đối tượng rà
/// soát hộ nghèo, hộ cận nghèo").
pub fn stops_review(h: &Household) -> bool {
    h.phieu_a.as_ref().is_some_and(|a| {
        phieu_a(a, &PhieuARules::for_province(&h.location.province)).result == PhieuAResult::Stop
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_yes(n: usize) -> PhieuA {
        let mut a = PhieuA::default();
        for slot in a.answers.iter_mut().take(n) {
            *slot = true;
        }
        a
    }

    #[test]
    fn three_yes_goes_on_to_phieu_b() {
        let out = phieu_a(&with_yes(3), &PhieuARules::default());
        assert_eq!(out.result, PhieuAResult::ReviewWithPhieuB);
        assert_eq!(out.code, 1);
        assert_eq!(out.column_0_code, 1);
        assert_eq!(out.yes_count, Some(3));
        assert_eq!(out.yes_columns, vec![1, 2, 3]);
        assert!(out.reason_vi.contains("dưới 04 chỉ tiêu"));
        assert!(out.reason_vi.contains("cột 1, 2, 3"));
    }

    #[test]
    fn four_yes_stops() {
        let out = phieu_a(&with_yes(4), &PhieuARules::default());
        assert_eq!(out.result, PhieuAResult::Stop);
        assert_eq!(out.code, 0);
        assert_eq!(out.column_0_code, 1);
        assert_eq!(out.yes_count, Some(4));
        assert!(out.reason_vi.contains("từ 04 chỉ tiêu trở lên"));
        // Which columns does not matter, only how many.
        let mut a = PhieuA::default();
        for i in [1, 4, 6, 8] {
            a.answers[i] = true;
        }
        let out = phieu_a(&a, &PhieuARules::default());
        assert_eq!(out.code, 0);
        assert_eq!(out.yes_columns, vec![2, 5, 7, 9]);
        assert_eq!(
            phieu_a(&with_yes(9), &PhieuARules::default()).yes_count,
            Some(9)
        );
        assert_eq!(phieu_a(&with_yes(0), &PhieuARules::default()).code, 1);
    }

    #[test]
    fn each_national_condition_stops() {
        let setters: [fn(&mut PhieuA); 4] = [
            |a| a.villa_or_grade_1_2 = true,
            |a| a.business_with_3_workers_or_100m_tax = true,
            |a| a.farm_or_herd_over_200m = true,
            |a| a.production_assets_over_200m = true,
        ];
        for (set, cond) in setters.iter().zip(NATIONAL_CONDITIONS) {
            let mut a = PhieuA::default();
            set(&mut a);
            let out = phieu_a(&a, &PhieuARules::default());
            assert_eq!(out.result, PhieuAResult::Stop, "{}", cond.id);
            assert_eq!(out.column_0_code, 0);
            assert_eq!(out.yes_count, None);
            assert_eq!(out.excluded_by.len(), 1);
            assert_eq!(out.excluded_by[0].id, cond.id);
            assert!(out.excluded_by[0].national);
            assert!(out.reason_vi.contains(cond.label_vi));
        }
    }

    #[test]
    fn province_condition_stops_only_when_the_rules_know_it() {
        let rules = PhieuARules {
            province_conditions: vec![ProvinceCondition {
                id: "tq_1".into(),
                label_vi: "Điều kiện thử của tỉnh".into(),
                label_en: String::new(),
            }],
        };
        let a = PhieuA {
            province_conditions: vec!["tq_1".into()],
            ..PhieuA::default()
        };
        let out = phieu_a(&a, &rules);
        assert_eq!(out.code, 0);
        assert_eq!(out.excluded_by[0].id, "tq_1");
        assert!(!out.excluded_by[0].national);
        // Default rules (Tuyên Quang's list unknown): recorded but not applied, and reported.
        let out = phieu_a(&a, &PhieuARules::default());
        assert_eq!(out.code, 1);
        assert_eq!(out.unknown_province_conditions, vec!["tq_1".to_string()]);
    }

    #[test]
    fn exclusion_wins_over_few_answers() {
        let mut a = with_yes(1);
        a.villa_or_grade_1_2 = true;
        a.production_assets_over_200m = true;
        let out = phieu_a(&a, &PhieuARules::default());
        assert_eq!(out.code, 0);
        assert_eq!(out.excluded_by.len(), 2);
        assert!(out.yes_columns.is_empty());
    }

    #[test]
    fn the_verdict_keeps_the_forms_numbers() {
        let mut a = with_yes(2);
        a.farm_or_herd_over_200m = true;
        a.province_conditions = vec!["tq_1".into(), "tq_2".into()];
        let rules = PhieuARules {
            province_conditions: vec![
                ProvinceCondition {
                    id: "tq_1".into(),
                    label_vi: "Điều kiện thử 1".into(),
                    label_en: String::new(),
                },
                ProvinceCondition {
                    id: "tq_2".into(),
                    label_vi: "Điều kiện thử 2".into(),
                    label_en: String::new(),
                },
            ],
        };
        let v = phieu_a(&a, &rules).verdict();
        assert_eq!(v.result, PhieuAResult::Stop);
        assert_eq!(v.excluded_by, vec![3, 5]);
        assert_eq!(v.yes_count, None);
        assert_eq!(v.label_vi(), "ngừng rà soát: cột 0, điều kiện 3, 5");

        let v = phieu_a(&with_yes(4), &PhieuARules::default()).verdict();
        assert_eq!((v.result, v.yes_count), (PhieuAResult::Stop, Some(4)));
        assert!(v.excluded_by.is_empty());
        assert_eq!(
            v.label_vi(),
            "ngừng rà soát: 4 chỉ tiêu «có» (từ 04 trở lên)"
        );

        let v = phieu_a(&with_yes(3), &PhieuARules::default()).verdict();
        assert_eq!(v.result, PhieuAResult::ReviewWithPhieuB);
        assert_eq!(v.label_en(), "goes on to Phiếu B: 3 yes (fewer than 4)");
        let json = serde_json::to_string(&v).expect("json");
        assert_eq!(
            serde_json::from_str::<PhieuAVerdict>(&json).expect("read"),
            v
        );
    }

    #[test]
    fn the_provinces_file_reads_and_tuyen_quang_is_marked_unconfirmed() {
        let file: ProvincesFile = serde_json::from_str(PROVINCES_JSON).expect("valid file");
        assert!(!file.provinces.is_empty());
        let tq = province_rules("08").expect("Tuyên Quang has an entry");
        assert_eq!(tq.confidence, crate::standard::Confidence::Unconfirmed);
        assert!(PhieuARules::for_province("08")
            .province_conditions
            .is_empty());
        assert!(PhieuARules::for_province("99")
            .province_conditions
            .is_empty());
    }

    #[test]
    fn every_shipped_province_entry_has_its_english() {
        // The window's English mode shows these beside the Vietnamese: a province added to the
        // file without its English would show Vietnamese only.
        let file: ProvincesFile = serde_json::from_str(PROVINCES_JSON).expect("valid file");
        for p in &file.provinces {
            assert!(!p.name_en.is_empty(), "province {}: name_en", p.province);
            assert!(
                p.note_vi.is_empty() || !p.note_en.is_empty(),
                "province {}: note_en",
                p.province
            );
            for c in &p.conditions {
                assert!(
                    !c.label_en.is_empty(),
                    "province {}: {} label_en",
                    p.province,
                    c.id
                );
            }
        }
    }

    #[test]
    fn labels_are_the_forms() {
        assert_eq!(COLUMN_LABELS_VI.len(), 9);
        assert_eq!(
            COLUMN_LABELS_VI[5],
            "Tiêu thụ điện sinh hoạt từ 150 KW/tháng trở lên"
        );
        assert_eq!(PhieuAResult::Stop.label_vi(), "ngừng rà soát");
        let rules: PhieuARules = serde_json::from_str("{}").expect("defaults");
        assert!(rules.province_conditions.is_empty());
    }
}
