//! Synthetic households for tests, examples and demos: invented people only, never real ones.
//! The baseline is deprived on nothing, so a test changes one answer and sees one effect.

use uuid::Uuid;

use crate::date::{BirthDate, Date};
use crate::model::*;

/// A deterministic UUID for test member `n` of household `h` (stable across runs, so
/// snapshots and fixtures do not churn).
pub fn test_uuid(h: u32, n: u32) -> Uuid {
    // Version 7 layout with a fixed timestamp: valid UUIDv7, deterministic.
    let mut bytes = [0u8; 16];
    bytes[0..6].copy_from_slice(&0x0190_0000_0000u64.to_be_bytes()[2..8]);
    bytes[6] = 0x70;
    bytes[8] = 0x80;
    bytes[9..13].copy_from_slice(&h.to_be_bytes());
    bytes[13..16].copy_from_slice(&n.to_be_bytes()[1..4]);
    Uuid::from_bytes(bytes)
}

fn date(y: i32, m: u8, d: u8) -> Date {
    // Callers pass literal dates that exist; a typo falls back rather than panics.
    Date::new(y, m, d).unwrap_or(FALLBACK)
}

const FALLBACK: Date = match Date::new(2000, 1, 1) {
    Some(d) => d,
    None => panic!("2000-01-01 exists"),
};

/// A working adult with everything a baseline member needs.
pub fn adult(n: u32, relation: Relation, sex: Sex, born: i32) -> Member {
    Member {
        education: Some(Education::UpperSecondary),
        training: Some(Training::None),
        health_insurance: Some(HealthInsurance::Household),
        internet: Some(true),
        employment: Some(Employment::Working),
        job_kind: Some(JobKind::Other),
        wage_job: Some(WageJob::NotWage),
        ..Member::new(
            test_uuid(1, n),
            format!("Người thử {n}"),
            relation,
            sex,
            BirthDate::Full(date(born, 3, 1)),
            "08",
        )
    }
}

/// A child at school at the right level for the age on `surveyed_on`, well nourished.
pub fn child(n: u32, sex: Sex, born: Date, surveyed_on: Date) -> Member {
    let b = BirthDate::Full(born);
    let age = b.age_years(surveyed_on);
    let level = match age {
        ..=5 => SchoolLevel::Preschool,
        6..=11 => SchoolLevel::Primary,
        12..=15 => SchoolLevel::LowerSecondary,
        _ => SchoolLevel::UpperSecondary,
    };
    let education = match age {
        ..=10 => Education::None,
        11..=14 => Education::Primary,
        _ => Education::LowerSecondary,
    };
    Member {
        id: test_uuid(1, n),
        name: format!("Trẻ thử {n}"),
        relation: Some(Relation::Child),
        birth: Some(b),
        sex: Some(sex),
        in_school: Some(age >= 3),
        school_level: (age >= 3).then_some(level),
        education: Some(education),
        training: Some(Training::None),
        // Generous measurements: above every Mẫu 3.11 reference.
        height_cm: (age < 16).then_some(200.0),
        weight_kg: (age < 10).then_some(90.0),
        employment: None,
        job_kind: None,
        wage_job: None,
        ..adult(n, Relation::Child, sex, born.year())
    }
}

/// A rural household of four in Đồng Văn (commune 00721), deprived on nothing, with measured
/// income of 3,000,000 đ per person per month.
pub fn baseline() -> Household {
    let surveyed_on = date(2024, 10, 15);
    Household {
        format: HOUSEHOLD_V1.into(),
        id: test_uuid(1, 0),
        code: "00721-THU-001".into(),
        location: Location {
            province: "02".into(),
            commune: "00721".into(),
            village: "Thôn Thử Nghiệm".into(),
        },
        area: Some(AreaType::Rural),
        surveyed_on,
        address: String::new(),
        phone: None,
        previous_class: None,
        members: vec![
            adult(1, Relation::Head, Sex::Male, 1985),
            adult(2, Relation::Spouse, Sex::Female, 1988),
            child(3, Sex::Male, date(2012, 1, 10), surveyed_on),
            child(4, Sex::Female, date(2016, 5, 20), surveyed_on),
        ],
        housing: Housing {
            column: Some(ColumnMaterial::ReinforcedConcrete),
            roof: Some(RoofMaterial::Tiles),
            wall: Some(WallMaterial::BrickStone),
            floor_area_m2: Some(60.0),
            loft_area_m2: 0.0,
        },
        latrine: Some(Latrine::SepticOrSemiSeptic),
        electricity: Electricity {
            source: Some(PowerSource::Grid),
            kwh_per_month: Some(60.0),
        },
        water: Some(WaterSource::Tap),
        assets: Assets {
            color_tv: Some(1),
            smartphone: Some(2),
            motorbike: Some(1),
            ..Assets::default()
        },
        land: Land::default(),
        livestock: Livestock::default(),
        aquaculture: Some(false),
        hardship_causes: Vec::new(),
        support: Support::default(),
        income: Some(Income {
            sources: vec![IncomeSource {
                kind: IncomeKind::Crops,
                amount: 3_000_000 * 12 * 4,
                note: String::new(),
            }],
            production_costs: 0,
            social_allowances: 0,
        }),
        waste: Some(WasteHandling::Collected),
        hears_loudspeaker: Some(true),
        phieu_a: None,
        notes: String::new(),
    }
}

/// Sets the household's measured net income so that it is exactly `per_person_month` đồng per
/// person per month, with no allowances.
pub fn set_income(h: &mut Household, per_person_month: Dong) {
    let n = h.members.len() as Dong;
    h.income = Some(Income {
        sources: vec![IncomeSource {
            kind: IncomeKind::Crops,
            amount: per_person_month * 12 * n,
            note: String::new(),
        }],
        production_costs: 0,
        social_allowances: 0,
    });
}

/// A birth date that makes a member exactly `years` old on the interview day (birthday today).
pub fn born_years_before(on: Date, years: i32) -> Date {
    Date::new(on.year() - years, on.month(), on.day())
        .or_else(|| Date::new(on.year() - years, on.month(), 28))
        .unwrap_or(FALLBACK)
}
