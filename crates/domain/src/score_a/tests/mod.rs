//! Unit tests of score A: every row and rule on small invented households (the table's own
//! checks are in `table.rs`); `tests/score_a_golden.rs` pins the whole output on many more.

mod regions;
mod table;
mod working_age;

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
            Some(Relation::Head)
        } else {
            Some(Relation::Other)
        },
        birth: Some(BirthDate::Year(birth_year)),
        id_number: None,
        ethnicity: "08".into(),
        sex: Some(sex),
        height_cm: None,
        weight_kg: None,
        in_school: Some(false),
        school_level: None,
        education: Some(Education::None),
        training: Some(Training::None),
        health_insurance: Some(HealthInsurance::None),
        state_budget_group_no_card: false,
        internet: Some(false),
        social_allowance: Some(SocialAllowance::None),
        disabled: Some(false),
        employment: None,
        job_kind: None,
        wage_job: None,
        non_farm_work: Some(false),
        pension: Some(Pension::None),
        serious_illness: Some(false),
        sick_without_care: Some(false),
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
            area: Some(AreaType::Rural),
            surveyed_on: Date::new(2024, 7, 1).expect("date"),
            address: String::new(),
            phone: None,
            previous_class: None,
            members: Vec::new(),
            housing: Housing {
                column: Some(ColumnMaterial::Other),
                roof: Some(RoofMaterial::Other),
                wall: Some(WallMaterial::Other),
                floor_area_m2: Some(0.0),
                loft_area_m2: 0.0,
            },
            latrine: Some(Latrine::None),
            electricity: Electricity {
                source: Some(PowerSource::Grid),
                kwh_per_month: Some(0.0),
            },
            water: Some(WaterSource::Other),
            assets: Assets::default(),
            land: Land::default(),
            livestock: Livestock::default(),
            aquaculture: Some(false),
            hardship_causes: Vec::new(),
            support: Support::default(),
            income: None,
            waste: None,
            hears_loudspeaker: None,
            phieu_a: None,
            notes: String::new(),
        })
    }
    /// Adds a working-age man (aged 40) who is working (column 15 code 1), so the job
    /// answers a test gives him are scored.
    fn adult(mut self) -> Hh {
        let n = self.0.members.len() as u128 + 1;
        self.0.members.push(Member {
            employment: Some(Employment::Working),
            job_kind: Some(JobKind::Other),
            wage_job: Some(WageJob::NotWage),
            ..person(n, &format!("Người Thử {n}"), Sex::Male, 1984)
        });
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
        self.with(|h| h.area = Some(AreaType::Urban))
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
        "s4.college_or_higher" => {
            base().with(|h| h.members[1].training = Some(Training::University))
        }
        "s4.intermediate" => base().with(|h| h.members[0].training = Some(Training::Intermediate)),
        "s4.elementary" => base().with(|h| h.members[0].training = Some(Training::Elementary)),
        "s5.civil_servant" => base().with(|h| h.members[0].job_kind = Some(JobKind::CivilServant)),
        "s5.contract" => base().with(|h| {
            h.members[0].non_farm_work = Some(true);
            h.members[0].wage_job = Some(WageJob::WithContract);
        }),
        "s5.other_non_farm" => base().with(|h| h.members[0].non_farm_work = Some(true)),
        "s6.pension_1" => base().with(|h| h.members[0].pension = Some(Pension::Pension)),
        "s6.pension_2_plus" => base().with(|h| {
            h.members[0].pension = Some(Pension::SocialInsurance);
            h.members[1].pension = Some(Pension::MeritAllowance);
        }),
        "s7.wall_durable" => base().with(|h| h.housing.wall = Some(WallMaterial::BrickStone)),
        "s7.column_durable" => {
            base().with(|h| h.housing.column = Some(ColumnMaterial::SteelOrDurableWood))
        }
        "s8.area_20_30" => base().with(|h| h.housing.floor_area_m2 = Some(50.0)),
        "s8.area_30_40" => base().with(|h| h.housing.floor_area_m2 = Some(70.0)),
        "s8.area_40_plus" => base().with(|h| h.housing.floor_area_m2 = Some(90.0)),
        "s9.kwh_25_50" => base().with(|h| h.electricity.kwh_per_month = Some(30.0)),
        "s9.kwh_50_100" => base().with(|h| h.electricity.kwh_per_month = Some(75.0)),
        "s9.kwh_100_150" => base().with(|h| h.electricity.kwh_per_month = Some(120.0)),
        "s9.kwh_150_plus" => base().with(|h| h.electricity.kwh_per_month = Some(400.0)),
        "s10.tap_bottled_bought" => base().with(|h| h.water = Some(WaterSource::Tap)),
        "s10.borehole" => base().with(|h| h.water = Some(WaterSource::Borehole)),
        "s10.protected_well_spring" => {
            base().with(|h| h.water = Some(WaterSource::ProtectedDugWell))
        }
        "s11.septic" => base().with(|h| h.latrine = Some(Latrine::SepticOrSemiSeptic)),
        "s12.car" => base().with(|h| h.assets.car = Some(1)),
        "s12.motorbike_1" => base().with(|h| h.assets.motorbike = Some(1)),
        "s12.motorbike_2" => base().with(|h| h.assets.motorbike = Some(2)),
        "s12.motorbike_3_plus" => base().with(|h| h.assets.motorbike = Some(3)),
        "s12.motor_boat" => base().with(|h| h.assets.motor_boat = Some(1)),
        "s12.printer_fax" => base().with(|h| h.assets.printer_fax = Some(1)),
        "s12.color_tv_1" => base().with(|h| h.assets.color_tv = Some(1)),
        "s12.color_tv_2_plus" => base().with(|h| h.assets.color_tv = Some(2)),
        "s12.sound_system" => base().with(|h| h.assets.sound_system = Some(1)),
        "s12.computer" => base().with(|h| h.assets.tablet = Some(1)),
        "s12.fridge" => base().with(|h| h.assets.fridge = Some(1)),
        "s12.air_conditioner_1" => base().with(|h| h.assets.air_conditioner = Some(1)),
        "s12.air_conditioner_2_plus" => base().with(|h| h.assets.air_conditioner = Some(2)),
        "s12.washing_machine" => base().with(|h| h.assets.washing_machine = Some(1)),
        "s12.water_heater" => base().with(|h| h.assets.water_heater = Some(1)),
        "s12.microwave_oven" => base().with(|h| h.assets.microwave_oven = Some(1)),
        "s13.garden_300_500" => base().with(|h| h.land.garden_pond = Some(300.0)),
        "s13.garden_500_plus" => base().with(|h| h.land.garden_pond = Some(500.0)),
        "s13.annual_crops_5000_plus" => base().with(|h| h.land.annual_crops = Some(5000.0)),
        "s13.perennial_1000_5000" => base().with(|h| h.land.perennial_crops = Some(1000.0)),
        "s13.perennial_5000_plus" => base().with(|h| h.land.perennial_crops = Some(5000.0)),
        "s13.water_surface_500_5000" => base().with(|h| h.land.water_surface = Some(500.0)),
        "s13.water_surface_5000_plus" => base().with(|h| h.land.water_surface = Some(5000.0)),
        "s13.forest_5000_10000" => base().with(|h| h.land.forest = Some(5000.0)),
        "s13.forest_10000_plus" => base().with(|h| h.land.forest = Some(10000.0)),
        "s14.cattle_1" => base().with(|h| h.livestock.buffalo_cattle_horse = Some(1)),
        "s14.cattle_2" => base().with(|h| h.livestock.buffalo_cattle_horse = Some(2)),
        "s14.cattle_3_plus" => base().with(|h| h.livestock.buffalo_cattle_horse = Some(3)),
        "s14.pigs_10_plus" => base().with(|h| h.livestock.pig_goat_sheep = Some(10)),
        "s14.poultry_100_plus" => base().with(|h| h.livestock.poultry = Some(100)),
        "s14.aquaculture" => base().with(|h| h.aquaculture = Some(true)),
        other => panic!("no trigger for {other}"),
    }
}

#[test]
fn worked_example_scores_90() {
    // §3.2: rural TD&MNPB, 5 people (2 of working age, 3 children), no diploma, farming
    // only, brick walls, wooden columns, 12 m² per person, 40 kWh, protected spring, no
    // septic tank, 1 motorbike, 1 colour TV, 2 cattle, 40 chickens.
    let hh = Hh::new().adults(2).children(3).with(|h| {
        h.housing.wall = Some(WallMaterial::BrickStone);
        h.housing.column = Some(ColumnMaterial::SteelOrDurableWood);
        h.housing.roof = Some(RoofMaterial::Other);
        h.housing.floor_area_m2 = Some(60.0);
        h.electricity.kwh_per_month = Some(40.0);
        h.water = Some(WaterSource::ProtectedSpring);
        h.latrine = Some(Latrine::PitWithSlab);
        h.assets.motorbike = Some(1);
        h.assets.color_tv = Some(1);
        h.livestock.buffalo_cattle_horse = Some(2);
        h.livestock.poultry = Some(40);
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
        h.members[4].serious_illness = Some(true);
        h.members[5].birth = Some(BirthDate::Year(1950)); // 74: past working age
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
        h.members[0].training = Some(Training::Elementary);
        h.members[1].training = Some(Training::Postgraduate);
        h.members[2].training = Some(Training::Intermediate);
    });
    let s = hh.score(Region::Tdmnpb);
    assert_eq!(pts(&s, "s4.college_or_higher"), 10);
    assert_eq!(s.items.iter().filter(|i| i.section == 4).count(), 1);
}

#[test]
fn section_5_several_rows() {
    let hh = Hh::new().adults(3).with(|h| {
        h.members[0].job_kind = Some(JobKind::CivilServant);
        h.members[1].non_farm_work = Some(true);
        h.members[1].wage_job = Some(WageJob::WithContract);
        h.members[2].non_farm_work = Some(true);
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
        h.land.perennial_crops = Some(6000.0); // 15
        h.land.forest = Some(12000.0); // 5
        h.livestock.buffalo_cattle_horse = Some(3); // 30
        h.livestock.poultry = Some(150); // 15
        h.aquaculture = Some(true); // 5
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
            .with(|h| h.electricity.kwh_per_month = Some(kwh))
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
                h.housing.floor_area_m2 = Some(floor);
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
    let garden: fn(&mut Land, f64) = |l, v| l.garden_pond = Some(v);
    assert_eq!(key(garden, 299.9), "s13.none");
    assert_eq!(key(garden, 300.0), "s13.garden_300_500");
    assert_eq!(key(garden, 499.9), "s13.garden_300_500");
    assert_eq!(key(garden, 500.0), "s13.garden_500_plus");
    let annual: fn(&mut Land, f64) = |l, v| l.annual_crops = Some(v);
    assert_eq!(key(annual, 4999.0), "s13.none");
    assert_eq!(key(annual, 5000.0), "s13.annual_crops_5000_plus");
    let perennial: fn(&mut Land, f64) = |l, v| l.perennial_crops = Some(v);
    assert_eq!(key(perennial, 999.0), "s13.none");
    assert_eq!(key(perennial, 1000.0), "s13.perennial_1000_5000");
    assert_eq!(key(perennial, 4999.0), "s13.perennial_1000_5000");
    assert_eq!(key(perennial, 5000.0), "s13.perennial_5000_plus");
    let water: fn(&mut Land, f64) = |l, v| l.water_surface = Some(v);
    assert_eq!(key(water, 499.0), "s13.none");
    assert_eq!(key(water, 500.0), "s13.water_surface_500_5000");
    assert_eq!(key(water, 5000.0), "s13.water_surface_5000_plus");
    let forest: fn(&mut Land, f64) = |l, v| l.forest = Some(v);
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
    assert_eq!(s(|l| l.pig_goat_sheep = Some(9)), vec!["s14.none"]);
    assert_eq!(s(|l| l.pig_goat_sheep = Some(10)), vec!["s14.pigs_10_plus"]);
    assert_eq!(s(|l| l.poultry = Some(99)), vec!["s14.none"]);
    assert_eq!(s(|l| l.poultry = Some(100)), vec!["s14.poultry_100_plus"]);
    assert_eq!(
        s(|l| l.buffalo_cattle_horse = Some(30)),
        vec!["s14.cattle_3_plus"]
    );
    assert_eq!(s(|l| l.other = Some(500)), vec!["s14.none"]);
}

#[test]
fn assets_and_computers() {
    let hh = Hh::new().adult().with(|h| {
        h.assets.desktop_computer = Some(1);
        h.assets.laptop = Some(2);
        h.assets.motorbike = Some(7);
        h.assets.air_conditioner = Some(3);
        h.assets.generator = Some(1); // no row in the table
        h.assets.smartphone = Some(2); // no row in the table
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
        .with(|h| h.housing.wall = Some(WallMaterial::DurableWoodOrMetal));
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
            .with(|h| h.water = Some(w))
            .score(Region::Tn)
            .item(key)
            .is_some());
    }
    for l in [Latrine::PourFlush, Latrine::DoubleVault, Latrine::None] {
        assert!(Hh::new()
            .adult()
            .with(|h| h.latrine = Some(l))
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
        h.water = Some(WaterSource::Borehole);
        h.latrine = Some(Latrine::SepticOrSemiSeptic);
        h.assets.color_tv = Some(2);
        h.electricity.kwh_per_month = Some(75.0);
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

/// Every plain rule names `household.v1` fields that exist, and selects only rows of its own
/// section that the table has, in increasing bands.
#[test]
fn plain_rules_name_real_fields_and_rows() {
    // Every optional answer a rule reads is given, so that it appears in the JSON.
    let h = trigger("s6.pension_1")
        .with(|h| h.members[0].social_allowance = Some(SocialAllowance::Elderly))
        .0;
    let json = serde_json::to_value(&h).expect("household serialises");
    for g in rules::ALL_GROUPS {
        for r in g.rules {
            for path in r.field.split(", ") {
                let pointer = format!("/{}", path.replace("[]", "/0").replace('.', "/"));
                assert!(
                    json.pointer(&pointer).is_some(),
                    "{path} is not a field of household.v1"
                );
            }
            assert!(
                r.bands.windows(2).all(|w| w[0].0 < w[1].0),
                "bands of {} increase",
                r.field
            );
            for key in r.bands.iter().filter_map(|(_, key)| *key) {
                assert!(ROW_KEYS.contains(&key), "{key} is a row of the table");
                assert!(
                    key.starts_with(&format!("s{}.", g.section)),
                    "{key} is filed under section {}",
                    g.section
                );
            }
        }
    }
}
