//! The demo generator against the real domain: the poor share it was calibrated for, falling
//! across rounds; determinism for a seed; every household valid; Đồng Văn's codes before and
//! after the 2025 reorganisation; the same people across rounds, with transitions; any
//! province's households scored in its region.

use std::collections::{HashMap, HashSet};

use rasoat_demo::{generate, generate_rounds, DemoCommune, DemoSpec};
use rasoat_domain::classify::{classify_with, Class, Method, Settings, StandardChoice};
use rasoat_domain::standard::Standards;
use rasoat_domain::validate::{validate, Severity};
use rasoat_domain::{to_json, Household, PreviousClass};

fn poor_share(households: impl Iterator<Item = Household>, year: i32) -> f64 {
    let standards = Standards::national();
    let settings = Settings::default();
    let (mut poor, mut total) = (0usize, 0usize);
    for h in households {
        let c = classify_with(
            &h,
            &standards,
            &StandardChoice::Year(year),
            Method::Score,
            &settings,
        )
        .unwrap_or_else(|e| panic!("household {} not classified: {e}", h.code));
        total += 1;
        if c.first().map(|c| c.class) == Some(Class::Poor) {
            poor += 1;
        }
    }
    100.0 * poor as f64 / total as f64
}

#[test]
fn about_42_percent_are_poor_in_the_first_year_and_fewer_each_year_after() {
    let spec = DemoSpec::new(2000, 1, 2022);
    let shares: Vec<(i32, f64)> = generate_rounds(&spec, &[2022, 2023, 2024])
        .map(|round| (round.year, poor_share(round.households(), round.year)))
        .collect();
    let first = shares[0].1;
    assert!(
        (35.0..=50.0).contains(&first),
        "poor share in 2022 is {first:.1} %, outside 35–50 %: {shares:?}"
    );
    for pair in shares.windows(2) {
        assert!(
            pair[1].1 < pair[0].1 - 1.0,
            "the poor share must fall by more than a point a year: {shares:?}"
        );
    }
}

#[test]
fn the_same_seed_gives_identical_json_and_another_seed_does_not() {
    let json = |seed: u64| -> Vec<String> {
        generate(&DemoSpec::new(50, seed, 2023))
            .map(|h| to_json(&h))
            .collect()
    };
    assert_eq!(json(7), json(7));
    assert_ne!(json(7), json(8));
}

#[test]
fn a_household_does_not_depend_on_how_many_are_generated() {
    // What makes streaming possible: household i is made from (seed, i) alone.
    let few: Vec<Household> = generate(&DemoSpec::new(5, 3, 2022)).collect();
    let many: Vec<Household> = generate(&DemoSpec::new(200_000, 3, 2022)).take(5).collect();
    assert_eq!(few, many);
    assert_eq!(
        generate(&DemoSpec::new(200_000, 3, 2022)).size_hint(),
        (200_000, Some(200_000))
    );
}

#[test]
fn every_household_is_valid_without_errors_or_warnings() {
    let spec = DemoSpec::new(600, 11, 2022);
    for round in generate_rounds(&spec, &[2020, 2022, 2025, 2027]) {
        for h in round.households() {
            let findings = validate(&h);
            let errors: Vec<_> = findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .map(|f| (&f.path, &f.code))
                .collect();
            assert!(
                errors.is_empty(),
                "{} in {}: {errors:?}",
                h.code,
                round.year
            );
            let warnings: Vec<_> = findings.iter().map(|f| (&f.path, &f.code)).collect();
            assert!(
                warnings.is_empty(),
                "{} in {}: {warnings:?}",
                h.code,
                round.year
            );
            // Readable back: the file a demo writes is a household.v1 document.
            assert_eq!(rasoat_domain::from_json(&to_json(&h)).as_ref(), Ok(&h));
        }
    }
}

#[test]
fn communes_are_the_19_old_units_until_2024_and_their_successors_from_2025() {
    let communes = DemoCommune::dong_van();
    let old: HashSet<&str> = communes.iter().map(|c| c.code.as_str()).collect();
    let new: HashSet<&str> = communes.iter().map(|c| c.successor_code.as_str()).collect();
    let spec = DemoSpec::new(1500, 2, 2024);
    let mut seen_old = HashSet::new();
    let mut seen_new = HashSet::new();
    for round in generate_rounds(&spec, &[2024, 2025]) {
        for h in round.households() {
            if round.year <= 2024 {
                assert_eq!(h.location.province, "02");
                assert!(old.contains(h.location.commune.as_str()));
                seen_old.insert(h.location.commune.clone());
            } else {
                assert_eq!(h.location.province, "08");
                assert!(new.contains(h.location.commune.as_str()));
                assert_eq!(h.area, Some(rasoat_domain::AreaType::Rural));
                seen_new.insert(h.location.commune.clone());
            }
            assert!(h.location.village.ends_with("(mẫu)"));
        }
    }
    assert_eq!(seen_old.len(), 19);
    assert_eq!(seen_new.len(), 6);
    assert!(seen_new.contains("00820"), "Vần Chải went to Yên Minh");
}

#[test]
fn mostly_hmong_with_large_households() {
    let households: Vec<Household> = generate(&DemoSpec::new(2000, 1, 2022)).collect();
    let heads: Vec<&str> = households
        .iter()
        .filter_map(|h| h.members.first())
        .map(|m| m.ethnicity.as_str())
        .collect();
    let mong = heads.iter().filter(|&&e| e == "08").count() as f64 / heads.len() as f64;
    assert!((0.8..=0.93).contains(&mong), "H'Mông share {mong:.2}");
    for code in ["01", "02", "09"] {
        assert!(heads.contains(&code), "some heads of group {code}");
    }
    let mong_sizes: Vec<usize> = households
        .iter()
        .filter(|h| h.members.first().is_some_and(|m| m.ethnicity == "08"))
        .map(|h| h.members.len())
        .collect();
    let mean = mong_sizes.iter().sum::<usize>() as f64 / mong_sizes.len() as f64;
    assert!(
        (5.0..=7.5).contains(&mean),
        "mean H'Mông household size {mean:.2}"
    );
    let five_to_eight = mong_sizes.iter().filter(|&&n| (5..=8).contains(&n)).count();
    assert!(
        five_to_eight * 2 > mong_sizes.len(),
        "5–8 people is the common size"
    );
}

#[test]
fn rounds_follow_the_same_people_and_some_households_change_class() {
    let spec = DemoSpec::new(1000, 5, 2022);
    let mut by_id: HashMap<uuid::Uuid, Vec<(i32, Household)>> = HashMap::new();
    for round in generate_rounds(&spec, &[2022, 2023, 2024]) {
        for h in round.households() {
            by_id.entry(h.id).or_default().push((round.year, h));
        }
    }
    assert_eq!(by_id.len(), 1000);
    let mut escaped = 0;
    let mut newly_poor = 0;
    for rounds in by_id.values() {
        assert_eq!(rounds.len(), 3);
        let (_, first) = &rounds[0];
        let (_, last) = &rounds[2];
        // The head is the same person, two years older.
        assert_eq!(first.members[0].id, last.members[0].id);
        assert_eq!(first.members[0].name, last.members[0].name);
        assert_eq!(first.code, last.code);
        for pair in rounds.windows(2) {
            let (year, now) = &pair[1];
            let class = classify_with(
                now,
                &Standards::national(),
                &StandardChoice::Year(*year),
                Method::Score,
                &Settings::default(),
            )
            .ok()
            .and_then(|c| c.first().map(|c| c.class));
            match (now.previous_class, class) {
                (Some(PreviousClass::Poor), Some(Class::Middle | Class::Other)) => escaped += 1,
                (Some(PreviousClass::NotPoor), Some(Class::Poor)) => newly_poor += 1,
                _ => {}
            }
        }
    }
    assert!(escaped > 20, "households escaping poverty: {escaped}");
    assert!(newly_poor > 5, "newly poor households: {newly_poor}");
    assert!(escaped > newly_poor);
}

#[test]
fn names_are_combinations_of_name_parts_without_id_or_phone_numbers() {
    for h in generate(&DemoSpec::new(300, 9, 2024)) {
        assert!(h.phone.is_none());
        for m in &h.members {
            assert!(m.id_number.is_none());
            let parts = m.name.split(' ').count();
            assert!(
                (3..=4).contains(&parts),
                "a name has family, middle and given parts"
            );
        }
    }
}

#[test]
fn an_empty_commune_list_generates_nothing() {
    let spec = DemoSpec {
        communes: Vec::new(),
        ..DemoSpec::new(10, 1, 2022)
    };
    assert_eq!(generate(&spec).count(), 0);
}

/// Households of `province` in `year`, each with the region row its score A used: the rural
/// column's key, or item 15's row for an urban household.
fn region_rows(province: &str, year: i32) -> Vec<(Household, String)> {
    let communes = DemoCommune::in_province(province).expect("a province of the 63");
    // The reading the demo's files come with (`rasoat demo generate --out-dir`).
    let settings = Settings {
        regions: DemoCommune::region_settings(&communes),
        ..Settings::default()
    };
    let spec = DemoSpec {
        communes,
        ..DemoSpec::new(80, 5, year)
    };
    let standards = Standards::national();
    generate(&spec)
        .map(|h| {
            let c = classify_with(
                &h,
                &standards,
                &StandardChoice::Year(year),
                Method::Score,
                &settings,
            )
            .unwrap_or_else(|e| panic!("household {} not classified: {e}", h.code));
            let a = c
                .first()
                .and_then(|c| c.score_a.clone())
                .expect("scored by score A");
            let row = if a.column == "urban" {
                a.items
                    .iter()
                    .find(|i| i.key.starts_with("s15."))
                    .map(|i| i.key.clone())
                    .expect("an urban household has item 15")
            } else {
                a.column.clone()
            };
            (h, row)
        })
        .collect()
}

#[test]
fn households_of_a_province_of_each_region_score_with_that_regions_row() {
    // (province, Mẫu 3.3's rural column, item 15's urban row)
    let table = [
        ("04", "tdmnpb", "s15.tdmnpb"),     // Cao Bằng
        ("30", "dbsh", "s15.dbsh"),         // Hải Dương
        ("40", "btb_dhmt", "s15.btb_dhmt"), // Nghệ An
        ("66", "tn", "s15.tn"),             // Đắk Lắk
        ("74", "dnb", "s15.dnb"),           // Bình Dương
        ("94", "dbscl", "s15.dbscl"),       // Sóc Trăng
        ("79", "dnb", "s15.central_city"),  // TP Hồ Chí Minh, a centrally-run city
        ("01", "dbsh", "s15.central_city"), // Hà Nội, a centrally-run city
    ];
    for (province, rural, urban) in table {
        let rows = region_rows(province, 2023);
        let mut seen = HashSet::new();
        for (h, row) in &rows {
            assert_eq!(h.location.province, province);
            assert_eq!(h.location.commune, rasoat_demo::PLACEHOLDER_COMMUNE);
            assert!(
                h.location.village.ends_with("(mẫu)"),
                "{}",
                h.location.village
            );
            let expected = match h.area {
                Some(rasoat_domain::AreaType::Urban) => urban,
                _ => rural,
            };
            assert_eq!(row, expected, "province {province}, household {}", h.code);
            seen.insert(h.area);
        }
        assert_eq!(
            seen.len(),
            2,
            "province {province}: urban and rural households"
        );
    }
}

#[test]
fn a_province_after_the_merger_carries_its_new_code_and_keeps_its_region() {
    // Bạc Liêu (95) became part of Cà Mau (96) on 1 July 2025, both of ĐBSCL: the 2025
    // households carry the new province's code and still score in ĐBSCL.
    let rows = region_rows("95", 2025);
    assert!(rows.iter().all(|(h, _)| h.location.province == "96"));
    for (h, row) in &rows {
        let expected = match h.area {
            Some(rasoat_domain::AreaType::Urban) => "s15.dbscl",
            _ => "dbscl",
        };
        assert_eq!(row, expected, "household {}", h.code);
    }
    assert!(matches!(
        DemoCommune::in_province("03"),
        Err(rasoat_demo::ProvinceError::Unknown { .. })
    ));
    // Hà Giang is Đồng Văn's real communes.
    assert_eq!(
        DemoCommune::in_province("02").expect("Hà Giang"),
        DemoCommune::dong_van()
    );
}

/// From 2025 every region can still be shown: Tây Nguyên's five provinces and the five
/// centrally-run cities all became part of provinces made from several regions (Kon Tum of
/// Quảng Ngãi, Gia Lai with Bình Định, Đắk Lắk with Phú Yên, Đắk Nông and Lâm Đồng with Bình
/// Thuận; Hải Phòng with Hải Dương, Đà Nẵng with Quảng Nam, TP Hồ Chí Minh with Bình Dương and
/// Bà Rịa – Vũng Tàu, Cần Thơ with Sóc Trăng and Hậu Giang; Hà Nội alone). Their households
/// carry the new province's code and score A with the row of the region the demo put them in
/// (Mẫu 3.3: Tây Nguyên's column and item 15 row; a city's own region column for rural
/// households and item 15's "thành phố trực thuộc Trung ương" row for urban ones).
#[test]
fn every_region_and_central_city_can_be_made_from_2025() {
    let table = [
        ("62", "tn", "s15.tn"),                 // Kon Tum → Quảng Ngãi
        ("64", "tn", "s15.tn"),                 // Gia Lai
        ("66", "tn", "s15.tn"),                 // Đắk Lắk
        ("67", "tn", "s15.tn"),                 // Đắk Nông → Lâm Đồng
        ("68", "tn", "s15.tn"),                 // Lâm Đồng
        ("52", "btb_dhmt", "s15.btb_dhmt"), // Bình Định → Gia Lai, still scored in its own region
        ("01", "dbsh", "s15.central_city"), // Hà Nội
        ("31", "dbsh", "s15.central_city"), // Hải Phòng
        ("48", "btb_dhmt", "s15.central_city"), // Đà Nẵng
        ("79", "dnb", "s15.central_city"),  // TP Hồ Chí Minh
        ("92", "dbscl", "s15.central_city"), // Cần Thơ
    ];
    let regions = rasoat_domain::score_a::Regions::embedded();
    for (province, rural, urban) in table {
        for year in [2025, 2026] {
            let rows = region_rows(province, year);
            let successor = regions
                .merged_2025_07_01
                .provinces
                .iter()
                .find(|p| p.formed_from.iter().any(|f| f == province))
                .expect("a province after the merger");
            let mut seen = HashSet::new();
            for (h, row) in &rows {
                assert_eq!(h.location.province, successor.code, "{province} {year}");
                let expected = match h.area {
                    Some(rasoat_domain::AreaType::Urban) => urban,
                    _ => rural,
                };
                assert_eq!(row, expected, "province {province} in {year}, {}", h.code);
                seen.insert(h.area);
            }
            assert_eq!(
                seen.len(),
                2,
                "province {province}: urban and rural households"
            );
        }
    }
}
