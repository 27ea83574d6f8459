//! The readings a classification makes where the texts leave a rule open, each named with the
//! choice made and the other choices, so the classification panel and the export's notes say
//! which reading the figures rest on ("chưa rõ trong văn bản"). The choices themselves are the
//! fields of `classify::Settings`; this module only names them.

use serde::Serialize;

use crate::classify::Settings;
use crate::indicators::HealthInsuranceReading;
use crate::score_a::{CentralHighlandsMotorbikes, LargeHousehold, SeveralRows, WorkingAge};

/// One open reading and the choice the settings make.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reading {
    /// The setting's path in `Settings` (`score.working_age`), stable for files and tests.
    pub setting: String,
    /// What the reading is about: "Độ tuổi lao động (điểm A mục 2)".
    pub name_vi: String,
    pub name_en: String,
    /// The choice made.
    pub chosen_vi: String,
    pub chosen_en: String,
    /// The other choices offered, in Vietnamese.
    pub others_vi: Vec<String>,
    /// The choice is the documented default (what every earlier round used).
    pub is_default: bool,
}

/// A choice of one reading: its words and whether it is the default.
struct Choice {
    vi: String,
    en: String,
}

fn choice(vi: impl Into<String>, en: impl Into<String>) -> Choice {
    Choice {
        vi: vi.into(),
        en: en.into(),
    }
}

fn reading(
    setting: &str,
    (name_vi, name_en): (&str, &str),
    choices: Vec<(bool, Choice)>,
    is_default: bool,
) -> Reading {
    let mut chosen = None;
    let mut others_vi = Vec::new();
    for (is_chosen, c) in choices {
        if is_chosen && chosen.is_none() {
            chosen = Some(c);
        } else {
            others_vi.push(c.vi);
        }
    }
    let chosen = chosen.unwrap_or_else(|| choice("", ""));
    Reading {
        setting: setting.to_string(),
        name_vi: name_vi.to_string(),
        name_en: name_en.to_string(),
        chosen_vi: chosen.vi,
        chosen_en: chosen.en,
        others_vi,
        is_default,
    }
}

fn several_rows(setting: &str, section: u8, what: (&str, &str), rows: SeveralRows) -> Reading {
    let default = Settings::default();
    let default_rows = match section {
        5 => default.score.section_5,
        13 => default.score.section_13,
        _ => default.score.section_14,
    };
    reading(
        setting,
        (
            &format!(
                "Nhiều dòng cùng áp dụng ở mục {section} điểm A ({})",
                what.0
            ),
            &format!("Several rows of score A section {section} ({})", what.1),
        ),
        vec![
            (
                rows == SeveralRows::AddUp,
                choice("cộng điểm các dòng", "add the rows up"),
            ),
            (
                rows == SeveralRows::HighestRow,
                choice("chỉ lấy dòng điểm cao nhất", "take the highest row"),
            ),
        ],
        rows == default_rows,
    )
}

/// Every open reading of `settings`, in the order of the form: score A, then the indicators,
/// then the regions.
pub fn readings(settings: &Settings) -> Vec<Reading> {
    let default = Settings::default();
    let st = &settings.score;
    let fixed_bands = format!(
        "nam từ {} đến dưới {} tuổi, nữ từ {} đến dưới {} tuổi",
        st.working_age_from_years,
        st.working_age_men_under_years,
        st.working_age_from_years,
        st.working_age_women_under_years
    );
    let fixed_bands_en = format!(
        "men {} to under {}, women {} to under {}",
        st.working_age_from_years,
        st.working_age_men_under_years,
        st.working_age_from_years,
        st.working_age_women_under_years
    );
    vec![
        reading(
            "score.working_age",
            (
                "Độ tuổi lao động (điểm A mục 2)",
                "Working age (score A section 2)",
            ),
            vec![
                (
                    st.working_age == WorkingAge::FixedBands,
                    choice(fixed_bands, fixed_bands_en),
                ),
                (
                    st.working_age == WorkingAge::LabourCode2019,
                    choice(
                        format!(
                            "Bộ luật Lao động 2019: từ {} tuổi đến dưới tuổi nghỉ hưu của năm rà soát (NĐ 135/2020)",
                            st.working_age_from_years
                        ),
                        format!(
                            "Labour Code 2019: from {} to under the retirement age of the review year (Decree 135/2020)",
                            st.working_age_from_years
                        ),
                    ),
                ),
            ],
            st.working_age == default.score.working_age
                && st.working_age_from_years == default.score.working_age_from_years
                && st.working_age_men_under_years == default.score.working_age_men_under_years
                && st.working_age_women_under_years
                    == default.score.working_age_women_under_years,
        ),
        several_rows(
            "score.section_5",
            5,
            ("việc làm phi nông nghiệp", "non-farm work"),
            st.section_5,
        ),
        several_rows("score.section_13", 13, ("đất", "land"), st.section_13),
        several_rows(
            "score.section_14",
            14,
            ("chăn nuôi", "livestock"),
            st.section_14,
        ),
        reading(
            "score.large_household",
            (
                "Hộ từ 8 người (điểm A mục 1)",
                "Households of 8 or more (score A section 1)",
            ),
            vec![
                (
                    st.large_household == LargeHousehold::SevenPersonRow,
                    choice("tính theo dòng hộ 7 người", "scored with the 7-person row"),
                ),
                (
                    st.large_household == LargeHousehold::NoRow,
                    choice("không dòng nào áp dụng (0 điểm)", "no row applies (0 points)"),
                ),
            ],
            st.large_household == default.score.large_household,
        ),
        reading(
            "score.central_highlands_motorbikes",
            (
                "Tây Nguyên nông thôn, từ 3 xe máy (Mẫu 3.3 và Mẫu 3.8 in khác nhau)",
                "Rural Tây Nguyên, 3 or more motorbikes (Mẫu 3.3 and 3.8 differ)",
            ),
            vec![
                (
                    st.central_highlands_motorbikes == CentralHighlandsMotorbikes::Mau33,
                    choice("theo Mẫu 3.3", "as Mẫu 3.3 prints it"),
                ),
                (
                    st.central_highlands_motorbikes == CentralHighlandsMotorbikes::Mau38,
                    choice("theo Mẫu 3.8", "as Mẫu 3.8 prints it"),
                ),
            ],
            st.central_highlands_motorbikes == default.score.central_highlands_motorbikes,
        ),
        reading(
            "indicators.health_insurance",
            (
                "Người thuộc nhóm do ngân sách nhà nước đóng BHYT (chỉ số 2.2)",
                "Members of a state-paid insurance group (indicator 2.2)",
            ),
            vec![
                (
                    settings.indicators.health_insurance
                        == HealthInsuranceReading::StateBudgetGroupExcluded,
                    choice(
                        "không tính những người này, có thẻ hay chưa có thẻ",
                        "left out, with a card or without",
                    ),
                ),
                (
                    settings.indicators.health_insurance
                        == HealthInsuranceReading::StateBudgetCardNotCounted,
                    choice(
                        "thẻ do ngân sách nhà nước đóng không tính là có BHYT",
                        "a state-paid card does not count as insured",
                    ),
                ),
            ],
            settings.indicators.health_insurance == default.indicators.health_insurance,
        ),
        reading(
            "regions.hue_central_city",
            (
                "Huế là thành phố trực thuộc Trung ương ở mục 15 điểm A (từ 01/01/2025)",
                "Huế as a centrally-run city in score A section 15 (from 1 January 2025)",
            ),
            vec![
                (
                    !settings.regions.hue_central_city,
                    choice(
                        "không: theo vùng Bắc Trung Bộ và Duyên hải miền Trung, như văn bản 2021 liệt kê",
                        "no: its region, as the 2021 text lists",
                    ),
                ),
                (
                    settings.regions.hue_central_city,
                    choice(
                        "có: dòng thành phố trực thuộc Trung ương",
                        "yes: the central-city row",
                    ),
                ),
            ],
            settings.regions.hue_central_city == default.regions.hue_central_city,
        ),
        commune_former_province(settings),
        former_provinces(),
    ]
}

/// Where a household of a commune formed on 1 July 2025 gets its former province from, when
/// its new province spans two regions and the round names none for the commune: not a choice
/// of the round, but what its score A rests on, so the export's notes say it beside the
/// readings.
fn former_provinces() -> Reading {
    Reading {
        setting: "regions.former_provinces".into(),
        name_vi: "Tỉnh cũ của xã hình thành từ 01/07/2025, để chọn vùng ở mục 15 điểm A".into(),
        name_en: "The former province of a commune formed on 1 July 2025, for the region of \
                  score A section 15"
            .into(),
        chosen_vi: "bản đối chiếu xã mới – xã cũ kèm theo ứng dụng (chưa chính thức; lập từ \
                    các nghị quyết sắp xếp đơn vị hành chính cấp xã năm 2025, nguồn \
                    dvhcvn/20250701), như nhau ở mọi máy"
            .into(),
        chosen_en: "the commune cross-reference shipped with the app (unofficial; drawn from \
                    the 2025 commune arrangement resolutions, source dvhcvn/20250701), the same \
                    on every installation"
            .into(),
        others_vi: vec!["tỉnh cũ do kỳ rà soát chọn riêng cho từng xã".into()],
        is_default: true,
    }
}

/// The communes formed from two former provinces and the one the round scores each by.
fn commune_former_province(settings: &Settings) -> Reading {
    let chosen = &settings.regions.commune_former_province;
    let (vi, en) = if chosen.is_empty() {
        (
            "chưa chọn: hộ của xã như vậy chưa tính được điểm A".to_string(),
            "none chosen: such a commune's households have no score A".to_string(),
        )
    } else {
        let list = |word: &str| {
            chosen
                .iter()
                .map(|(commune, former)| format!("{word} {commune}: {former}"))
                .collect::<Vec<_>>()
                .join("; ")
        };
        (
            format!("vùng của tỉnh cũ (mã) — {}", list("xã")),
            format!("the former province's region (code) — {}", list("commune")),
        )
    };
    Reading {
        setting: "regions.commune_former_province".into(),
        name_vi: "Xã gồm phần của hai tỉnh cũ khác vùng (từ 01/07/2025)".into(),
        name_en: "A commune made from two former provinces of different regions (from 1 July 2025)"
            .into(),
        chosen_vi: vi,
        chosen_en: en,
        others_vi: Vec::new(),
        is_default: chosen.is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_settings_name_every_reading_as_default() {
        let all = readings(&Settings::default());
        assert!(all.iter().all(|r| r.is_default && !r.chosen_vi.is_empty()));
        let working = &all[0];
        assert_eq!(working.setting, "score.working_age");
        assert_eq!(
            working.chosen_vi,
            "nam từ 15 đến dưới 60 tuổi, nữ từ 15 đến dưới 55 tuổi"
        );
        assert_eq!(working.others_vi.len(), 1);
    }

    #[test]
    fn a_changed_setting_is_named_and_not_default() {
        let mut s = Settings::default();
        s.score.working_age = WorkingAge::LabourCode2019;
        s.score.section_13 = SeveralRows::HighestRow;
        let all = readings(&s);
        let by = |k: &str| all.iter().find(|r| r.setting == k).expect(k);
        assert!(!by("score.working_age").is_default);
        assert!(by("score.working_age")
            .chosen_vi
            .starts_with("Bộ luật Lao động 2019"));
        assert!(!by("score.section_13").is_default);
        assert_eq!(
            by("score.section_13").chosen_vi,
            "chỉ lấy dòng điểm cao nhất"
        );
        assert!(by("score.section_5").is_default);
        assert_eq!(
            by("score.section_5").chosen_vi,
            "chỉ lấy dòng điểm cao nhất"
        );
        assert_eq!(by("score.section_14").chosen_vi, "cộng điểm các dòng");
    }
}
