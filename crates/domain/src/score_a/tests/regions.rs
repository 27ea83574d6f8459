//! The region of every province before and after the 2025 merger, the centrally-run cities'
//! item 15, Huế's open reading, and provinces made from several regions.

use super::*;
use crate::messages::Code;

fn on(year: i32, month: u8, day: u8) -> Date {
    Date::new(year, month, day).expect("date")
}

fn place(code: &str, day: Date, former: Option<&str>) -> Result<Placement, PlacementError> {
    Regions::embedded().place(code, day, former, &RegionSettings::default())
}

#[test]
fn the_63_former_provinces_match_the_counts_mau_3_3_prints() {
    let regions = Regions::embedded();
    assert_eq!(regions.format, REGIONS_FORMAT);
    let former = &regions.provinces_before_2025_07_01;
    assert_eq!(former.len(), 63);
    let count = |region: Region| {
        former
            .iter()
            .filter(|p| p.region == region && !p.central_city)
            .count()
    };
    // Item 15: ĐBSH (9 tỉnh), TD&MNPB (14 tỉnh), BTB&DHMT (13), TN (5), ĐNB (5), ĐBSCL (12).
    assert_eq!(count(Region::Dbsh), 9);
    assert_eq!(count(Region::Tdmnpb), 14);
    assert_eq!(count(Region::BtbDhmt), 13);
    assert_eq!(count(Region::Tn), 5);
    assert_eq!(count(Region::Dnb), 5);
    assert_eq!(count(Region::Dbscl), 12);
    let cities: Vec<&str> = former
        .iter()
        .filter(|p| p.central_city)
        .map(|p| p.code.as_str())
        .collect();
    // Hà Nội, Hải Phòng, Đà Nẵng, Hồ Chí Minh, Cần Thơ.
    assert_eq!(cities, ["01", "31", "48", "79", "92"]);
    // The lists the text names in words are marked so.
    for named in ["02", "08", "22", "26", "37"] {
        assert!(
            regions.former(named).is_some_and(|p| p.named_in_text),
            "{named}"
        );
    }
    assert!(regions.former("68").is_some_and(|p| !p.named_in_text));
}

#[test]
fn every_former_province_is_in_exactly_one_of_the_34() {
    let regions = Regions::embedded();
    let merged = &regions.merged_2025_07_01.provinces;
    assert_eq!(merged.len(), 34);
    for p in &regions.provinces_before_2025_07_01 {
        let homes = merged
            .iter()
            .filter(|m| m.formed_from.contains(&p.code))
            .count();
        assert_eq!(homes, 1, "{} is in {homes} merged provinces", p.code);
    }
    // Only Tuyên Quang's row is checked against a text in the project's sources.
    let confirmed: Vec<&str> = merged
        .iter()
        .filter(|m| m.confirmed)
        .map(|m| m.code.as_str())
        .collect();
    assert_eq!(confirmed, ["08"]);
}

#[test]
fn dong_van_is_in_the_northern_mountains_before_and_after_the_merger() {
    let before = place("02", on(2024, 10, 1), None).expect("Hà Giang 2024");
    assert_eq!(before.region, Region::Tdmnpb);
    assert!(!before.central_city && !before.unclear_in_text);
    // Tuyên Quang (08) from 1 July 2025 = Hà Giang + Tuyên Quang: one region, confirmed.
    let after = place("08", on(2025, 10, 1), None).expect("Tuyên Quang 2025");
    assert_eq!(after.region, Region::Tdmnpb);
    assert!(!after.unclear_in_text);
    assert_eq!(after.why.code, Code::ClassifyRegionMergedAlike);
    // A form still carrying the retired code 02 after the merger names one province only.
    assert_eq!(
        place("02", on(2025, 10, 1), None).map(|p| p.region),
        Ok(Region::Tdmnpb)
    );
}

#[test]
fn a_province_made_from_several_regions_needs_the_former_province() {
    // The new Lâm Đồng (68) took in Đắk Nông (TN) and Bình Thuận (BTB&DHMT).
    assert_eq!(
        place("68", on(2025, 10, 1), None),
        Err(PlacementError::SeveralRegions {
            code: "68".into(),
            name_vi: "Tỉnh Lâm Đồng".into()
        })
    );
    let binh_thuan = place("68", on(2025, 10, 1), Some("60")).expect("Bình Thuận");
    assert_eq!(binh_thuan.region, Region::BtbDhmt);
    assert_eq!(binh_thuan.why.code, Code::ClassifyRegionMerged);
    // Unconfirmed merger data: labelled.
    assert!(binh_thuan.unclear_in_text);
    assert_eq!(
        place("68", on(2025, 10, 1), Some("67")).map(|p| p.region),
        Ok(Region::Tn)
    );
    // A former province that is not part of it settles nothing.
    assert!(place("68", on(2025, 10, 1), Some("02")).is_err());
    // Before the merger, 68 was the old Lâm Đồng alone.
    assert_eq!(
        place("68", on(2024, 10, 1), None).map(|p| p.region),
        Ok(Region::Tn)
    );
    assert_eq!(
        place("99", on(2024, 10, 1), None),
        Err(PlacementError::UnknownProvince { code: "99".into() })
    );
}

#[test]
fn urban_households_of_the_central_cities_take_item_15s_city_row() {
    for city in ["01", "31", "48", "79", "92"] {
        let placed = place(city, on(2024, 10, 1), None).expect("city");
        assert!(placed.central_city, "{city}");
        // Named in item 15: the placement itself is no reading (the rural column of a city's
        // rural household is, and classify labels it, knowing the area).
        assert!(!placed.unclear_in_text, "{city}");
        let hh = Hh::new().adult().urban();
        let s = score_a_placed(
            &hh.0,
            placed.region,
            true,
            ScoreTable::tt07_2021(),
            &ScoreSettings::default(),
        );
        assert_eq!(pts(&s, CENTRAL_CITY_ROW), 25, "{city}");
        assert_eq!(s.total, 125 + 10 + 5 + 25);
    }
    // Hà Nội's rural households: the ĐBSH column, no item 15.
    let rural = Hh::new().adult();
    let s = score_a_placed(
        &rural.0,
        Region::Dbsh,
        true,
        ScoreTable::tt07_2021(),
        &ScoreSettings::default(),
    );
    assert_eq!(s.column, "dbsh");
    assert!(s.items.iter().all(|i| i.section != 15));
}

#[test]
fn hue_counts_as_a_central_city_only_when_the_round_says_so() {
    let day = on(2025, 3, 1);
    let literal = place("46", day, None).expect("Huế");
    assert_eq!(
        (literal.region, literal.central_city),
        (Region::BtbDhmt, false)
    );
    let city = Regions::embedded()
        .place(
            "46",
            day,
            None,
            &RegionSettings {
                hue_central_city: true,
                ..RegionSettings::default()
            },
        )
        .expect("Huế as a city");
    assert!(city.central_city && city.unclear_in_text);
    assert_eq!(city.why.code, Code::ClassifyRegionHueCity);
    // Before 1 January 2025 Huế was a province, whatever the setting.
    let before = Regions::embedded()
        .place(
            "46",
            on(2024, 10, 1),
            None,
            &RegionSettings {
                hue_central_city: true,
                ..RegionSettings::default()
            },
        )
        .expect("Thừa Thiên Huế");
    assert!(!before.central_city);
}

#[test]
fn classification_names_the_region_and_refuses_to_guess() {
    use crate::classify::{classify_with, ClassifyError, Method, Settings, StandardChoice};
    use crate::standard::Standards;
    let standards = Standards::national();
    let classify = |hh: &Hh| {
        classify_with(
            &hh.0,
            &standards,
            &StandardChoice::Year(2024),
            Method::Score,
            &Settings::default(),
        )
    };
    // Hà Nội: classified (once "unknown region"), with the region and why among the caveats.
    let ha_noi = Hh::new()
        .adult()
        .with(|h| h.location.province = "01".into());
    let c = classify(&ha_noi).expect("Hà Nội classifies");
    let region = c
        .first()
        .and_then(|c| c.caveats.iter().find(|m| m.code == Code::CaveatRegion))
        .expect("the region is said");
    let said = crate::messages::render(crate::messages::Lang::Vi, region);
    assert!(said.contains("thành phố trực thuộc Trung ương"), "{said}");
    assert!(said.contains("Thành phố Hà Nội"), "{said}");
    // The new Lâm Đồng in 2025: which former province the commune was in decides.
    let lam_dong = Hh::new().adult().with(|h| {
        h.location.province = "68".into();
        h.surveyed_on = on(2025, 10, 1);
    });
    let refused = classify_with(
        &lam_dong.0,
        &standards,
        &StandardChoice::Year(2025),
        Method::Score,
        &Settings::default(),
    );
    assert_eq!(
        refused,
        Err(ClassifyError::SeveralRegions {
            province: "Tỉnh Lâm Đồng".into()
        })
    );
}

#[test]
fn a_merged_city_settles_its_rural_households_but_not_its_urban_ones() {
    // Each of these cities took in provinces of its own geographic region on 1 July 2025: a
    // rural household's column is that region's whichever part it came from; an urban one
    // takes item 15's city row only if it came from the city, which the unit data must say.
    let day = on(2025, 10, 1);
    for (city, region) in [
        ("31", Region::Dbsh),
        ("48", Region::BtbDhmt),
        ("79", Region::Dnb),
        ("92", Region::Dbscl),
    ] {
        let rural = Regions::embedded()
            .place_household(city, day, None, true, &RegionSettings::default())
            .expect("a rural household's column");
        assert_eq!(rural.region, region, "{city}");
        // Read from the city among the parts, so classify labels the rural column a reading.
        assert!(rural.central_city, "{city}");
        assert!(matches!(
            Regions::embedded().place_household(city, day, None, false, &RegionSettings::default()),
            Err(PlacementError::SeveralRegions { .. })
        ));
    }
    // Parts of two regions settle nothing, rural or not.
    assert!(matches!(
        Regions::embedded().place_household("24", day, None, true, &RegionSettings::default()),
        Err(PlacementError::SeveralRegions { .. })
    ));
}
