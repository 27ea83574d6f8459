//! Each setting a round stores, set by its key as the office sets it, at the boundary where it
//! starts to matter: one answer on either side, under each of its values.

use rasoat_domain::classify::{classify, Classification, Method, Settings};
use rasoat_domain::model::*;
use rasoat_domain::round_settings::set;
use rasoat_domain::score_a::CENTRAL_CITY_ROW;
use rasoat_domain::standard::Standards;
use rasoat_domain::testkit::{adult, baseline, test_uuid};
use rasoat_domain::{BirthDate, Date};

fn date(text: &str) -> Date {
    text.parse().expect("test date")
}

fn with(key: &str, value: &str) -> Settings {
    set(&Settings::default(), key, value).expect("a known setting")
}

fn classified(h: &Household, settings: &Settings) -> Classification {
    let standards = Standards::national();
    let nd07 = standards.by_id("nd07-2021").expect("nd07");
    classify(h, nd07, Method::Score, settings).expect("classifies")
}

/// The score A items of one section, by key.
fn items(c: &Classification, section: u8) -> Vec<String> {
    let a = c.score_a.as_ref().expect("score A");
    a.items
        .iter()
        .filter(|i| i.section == section)
        .map(|i| i.key.clone())
        .collect()
}

/// The rows of one section that count for points (a row left out by "take the highest" is
/// still listed, with 0 points and why).
fn counted(c: &Classification, section: u8) -> usize {
    let a = c.score_a.as_ref().expect("score A");
    a.items
        .iter()
        .filter(|i| i.section == section && i.points > 0)
        .count()
}

#[test]
fn several_land_and_livestock_rows_add_up_or_take_the_highest() {
    // (garden m², perennial m², rows counted when adding up, when taking the highest)
    for (garden, perennial, added, highest) in [
        (299.0, 1000.0, 1, 1),
        (300.0, 1000.0, 2, 1),
        (300.0, 999.0, 1, 1),
    ] {
        let mut h = baseline();
        h.land.garden_pond = Some(garden);
        h.land.perennial_crops = Some(perennial);
        let add = classified(&h, &with("score.section_13", "add_up"));
        let high = classified(&h, &with("score.section_13", "highest_row"));
        assert_eq!(counted(&add, 13), added, "{garden} {perennial}");
        assert_eq!(counted(&high, 13), highest, "{garden} {perennial}");
        let (a, b) = (add.score_a.expect("a"), high.score_a.expect("a"));
        assert_eq!(a.total > b.total, added > highest, "{garden} {perennial}");
    }
    // (cattle, pigs, rows added up, highest)
    for (cattle, pigs, added, highest) in [(1, 9, 1, 1), (1, 10, 2, 1), (0, 10, 1, 1)] {
        let mut h = baseline();
        h.livestock.buffalo_cattle_horse = Some(cattle);
        h.livestock.pig_goat_sheep = Some(pigs);
        let add = classified(&h, &with("score.section_14", "add_up"));
        let high = classified(&h, &with("score.section_14", "highest_row"));
        assert_eq!(counted(&add, 14), added, "{cattle} {pigs}");
        assert_eq!(counted(&high, 14), highest, "{cattle} {pigs}");
    }
}

#[test]
fn working_age_by_the_key_the_office_sets() {
    // Interviewed 15 October 2024: the Labour Code band ends at 56 years 4 months for women.
    // (the spouse's birth day, counted by the fixed bands, by the Labour Code band)
    for (born, fixed, code) in [
        ("1969-10-16", true, true),   // 54 years 11 months
        ("1969-10-15", false, true),  // 55 years
        ("1968-06-16", false, true),  // 56 years 3 months
        ("1968-06-15", false, false), // 56 years 4 months
    ] {
        let mut h = baseline();
        h.members[1].birth = Some(BirthDate::Full(date(born)));
        let working = |c: &Classification| items(c, 2) == ["s2.working_2"];
        let by_default = classified(&h, &with("score.working_age", "fixed_bands"));
        let by_code = classified(&h, &with("score.working_age", "labour_code2019"));
        assert_eq!(working(&by_default), fixed, "{born}");
        assert_eq!(working(&by_code), code, "{born}");
    }
}

#[test]
fn households_over_seven_take_the_seven_person_row_or_none() {
    for (people, seven, none) in [(7, "s1.people_7", "s1.people_7"), (8, "s1.people_7", "")] {
        let mut h = baseline();
        while h.members.len() < people {
            let n = h.members.len() as u32 + 1;
            let mut m = adult(n, Relation::Other, Sex::Male, 1990);
            m.id = test_uuid(1, n);
            h.members.push(m);
        }
        let by_row = classified(&h, &with("score.large_household", "seven_person_row"));
        let by_none = classified(&h, &with("score.large_household", "no_row"));
        assert!(items(&by_row, 1).contains(&seven.to_string()), "{people}");
        let first = items(&by_none, 1);
        if none.is_empty() {
            assert!(first.iter().all(|k| k.starts_with("s1.none")), "{first:?}");
        } else {
            assert!(first.contains(&none.to_string()), "{people}");
        }
    }
}

#[test]
fn hue_counts_as_a_central_city_from_2025_only_when_the_round_says_so() {
    // (interview day, the round's reading, item 15 is the central-city row)
    for (day, reading, central) in [
        ("2024-12-31", "true", false),
        ("2025-01-01", "true", true),
        ("2025-01-01", "false", false),
    ] {
        let mut h = baseline();
        h.location.province = "46".into();
        h.area = Some(AreaType::Urban);
        h.surveyed_on = date(day);
        let c = classified(&h, &with("regions.hue_central_city", reading));
        let row = items(&c, 15);
        assert_eq!(
            row == [CENTRAL_CITY_ROW],
            central,
            "{day} {reading}: {row:?}"
        );
    }
}

#[test]
fn a_state_paid_member_without_a_card_is_left_out_or_counted() {
    let deprived = |c: &Classification| c.deprived().any(|i| i.id.as_str() == "health_insurance");
    // (of a state-paid group, deprived when left out, deprived when such cards do not count)
    for (state_paid, excluded, counted) in [(false, true, true), (true, false, true)] {
        let mut h = baseline();
        h.members[1].health_insurance = Some(HealthInsurance::None);
        h.members[1].state_budget_group_no_card = state_paid;
        let left_out = classified(
            &h,
            &with("indicators.health_insurance", "state_budget_group_excluded"),
        );
        let not_counted = classified(
            &h,
            &with(
                "indicators.health_insurance",
                "state_budget_card_not_counted",
            ),
        );
        assert_eq!(deprived(&left_out), excluded, "{state_paid}");
        assert_eq!(deprived(&not_counted), counted, "{state_paid}");
    }
}

/// The new Lâm Đồng (68) took in Đắk Nông (67, Tây Nguyên) and Bình Thuận (60, Bắc Trung Bộ
/// và DHMT): a commune the shipped cross-reference does not name (24999) has no region until
/// the round names its former province, labelled as the round's reading.
#[test]
fn a_commune_of_a_merged_province_the_table_does_not_name_needs_the_round() {
    use rasoat_domain::classify::ClassifyError;
    use rasoat_domain::messages::{render, Code, Lang};

    let standards = Standards::national();
    let nd07 = standards.by_id("nd07-2021").expect("nd07");
    let mut h = baseline();
    h.location.province = "68".into();
    h.location.commune = "24999".into();
    h.surveyed_on = date("2025-10-01");
    let why = |c: &Classification| {
        let m = c
            .caveats
            .iter()
            .find(|m| m.code == Code::CaveatRegion)
            .expect("region caveat");
        render(Lang::Vi, m)
    };
    let refused = classify(&h, nd07, Method::Score, &Settings::default());
    assert!(
        matches!(refused, Err(ClassifyError::SeveralRegions { .. })),
        "{refused:?}"
    );
    for (former, column, name) in [
        ("60", "btb_dhmt", "Tỉnh Bình Thuận"),
        ("67", "tn", "Tỉnh Đắk Nông"),
    ] {
        let chosen = set(
            &Settings::default(),
            "regions.commune_former_province.24999",
            former,
        )
        .expect("set");
        let c = classify(&h, nd07, Method::Score, &chosen).expect("placed by the round");
        assert_eq!(c.score_a.as_ref().expect("a").column, column);
        let said = why(&c);
        assert!(
            said.contains("Tỉnh Lâm Đồng") && said.contains(name),
            "{said}"
        );
        assert!(said.contains("chưa rõ trong văn bản"), "{said}");
    }
}
