//! Section 2's working age under each reading the round may choose.

use super::*;

/// The Labour Code 2019 schedule: 3 months a year for men from 2021 up to 62, 4 months a year
/// for women up to 60.
#[test]
fn retirement_age_follows_the_labour_code_schedule() {
    for (sex, year, months) in [
        (Sex::Male, 2020, 60 * 12),
        (Sex::Male, 2021, 60 * 12 + 3),
        (Sex::Male, 2024, 61 * 12),
        (Sex::Male, 2025, 61 * 12 + 3),
        (Sex::Male, 2028, 62 * 12),
        (Sex::Male, 2035, 62 * 12),
        (Sex::Female, 2020, 55 * 12),
        (Sex::Female, 2021, 55 * 12 + 4),
        (Sex::Female, 2024, 56 * 12 + 4),
        (Sex::Female, 2026, 57 * 12),
        (Sex::Female, 2035, 60 * 12),
        (Sex::Female, 2040, 60 * 12),
    ] {
        assert_eq!(retirement_age_months(sex, year), months, "{sex:?} {year}");
    }
}

/// Section 2 at the month a member leaves working age, under each reading (interview on
/// 2024-07-01: the Labour Code band ends at 61 for men and 56 years 4 months for women).
#[test]
fn working_age_by_the_labour_code_is_a_reading_of_the_round() {
    let labour = ScoreSettings {
        working_age: WorkingAge::LabourCode2019,
        ..ScoreSettings::default()
    };
    let one = |sex, born: &str| {
        Hh::new().with(|h| {
            let mut m = person(1, "Người Thử", sex, 1960);
            m.birth = Some(BirthDate::Full(born.parse().expect("date")));
            h.members.push(m);
        })
    };
    // (sex, born, counted by default, counted by the Labour Code band)
    for (sex, born, fixed, code) in [
        (Sex::Male, "1964-07-02", true, true),     // 59 years 11 months
        (Sex::Male, "1964-07-01", false, true),    // 60 years
        (Sex::Male, "1963-07-02", false, true),    // 60 years 11 months
        (Sex::Male, "1963-07-01", false, false),   // 61 years
        (Sex::Female, "1969-07-02", true, true),   // 54 years 11 months
        (Sex::Female, "1969-07-01", false, true),  // 55 years
        (Sex::Female, "1968-03-02", false, true),  // 56 years 3 months
        (Sex::Female, "1968-03-01", false, false), // 56 years 4 months
        (Sex::Male, "2009-07-02", false, false),   // 14 years 11 months
        (Sex::Female, "2009-07-01", true, true),   // 15 years
    ] {
        let hh = one(sex, born);
        let by_default = hh.score(Region::Tdmnpb);
        let by_code = hh.score_with(Region::Tdmnpb, &labour);
        assert_eq!(
            by_default.item("s2.working_1").is_some(),
            fixed,
            "{sex:?} {born}"
        );
        assert_eq!(
            by_code.item("s2.working_1").is_some(),
            code,
            "{sex:?} {born}"
        );
        let item = by_code.items.iter().find(|i| i.section == 2).expect("s2");
        assert!(item.unclear_in_text);
        assert!(
            item.because_vi.contains("Bộ luật Lao động 2019")
                && item.because_vi.contains("nam 61 tuổi, nữ 56 tuổi 4 tháng"),
            "{}",
            item.because_vi
        );
    }
}
