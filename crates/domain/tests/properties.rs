//! Properties the law implies for every household, not only the ones we thought of: more
//! income never makes a household poorer, one more deprivation never makes it less poor,
//! classification is deterministic, a household's score depends only on its own answers and
//! the round's settings, and household.v1 round-trips.

use proptest::prelude::*;
use rasoat_domain::classify::{classify, Class, Classification, Method, Settings};
use rasoat_domain::model::*;
use rasoat_domain::round_settings::{set, setting_lines};
use rasoat_domain::score_a::{FormerProvinces, Regions, SeveralRows};
use rasoat_domain::standard::Standards;
use rasoat_domain::testkit::{baseline, set_income};
use rasoat_domain::{from_json, to_json};

const STANDARDS: [&str; 3] = ["qd59-2015", "nd07-2021", "nd351-2025"];

/// A household built from the baseline with random answers on the fields that move
/// indicators and score A.
fn household() -> impl Strategy<Value = Household> {
    (
        (0u8..4, 0u8..4, 0u8..4, 4.0f64..120.0),
        (0usize..10, 0usize..7, 0u32..4, 0u32..3, 0.0f64..200.0),
        (
            any::<[bool; 4]>(),
            0i64..4_000_000,
            0i64..500_000,
            any::<bool>(),
        ),
    )
        .prop_map(|(house, other, flags)| {
            let mut h = baseline();
            let (col, roof, wall, area) = house;
            h.housing.column = Some(
                [
                    ColumnMaterial::ReinforcedConcrete,
                    ColumnMaterial::BrickStone,
                    ColumnMaterial::SteelOrDurableWood,
                    ColumnMaterial::Other,
                ][col as usize],
            );
            h.housing.roof = Some(
                [
                    RoofMaterial::ReinforcedConcrete,
                    RoofMaterial::Tiles,
                    RoofMaterial::MetalSheet,
                    RoofMaterial::Other,
                ][roof as usize],
            );
            h.housing.wall = Some(
                [
                    WallMaterial::ReinforcedConcrete,
                    WallMaterial::BrickStone,
                    WallMaterial::DurableWoodOrMetal,
                    WallMaterial::Other,
                ][wall as usize],
            );
            h.housing.floor_area_m2 = Some(area);
            let (water, latrine, motorbikes, cattle, kwh) = other;
            h.water = Some(
                [
                    WaterSource::Tap,
                    WaterSource::BottledOrBought,
                    WaterSource::Borehole,
                    WaterSource::ProtectedDugWell,
                    WaterSource::ProtectedSpring,
                    WaterSource::Rainwater,
                    WaterSource::UnprotectedWell,
                    WaterSource::UnprotectedSpring,
                    WaterSource::SurfaceWater,
                    WaterSource::Other,
                ][water],
            );
            h.latrine = Some(
                [
                    Latrine::SepticOrSemiSeptic,
                    Latrine::PourFlush,
                    Latrine::VentilatedImprovedPit,
                    Latrine::PitWithSlab,
                    Latrine::DoubleVault,
                    Latrine::Other,
                    Latrine::None,
                ][latrine],
            );
            h.assets.motorbike = Some(motorbikes);
            h.livestock.buffalo_cattle_horse = Some(cattle);
            h.electricity.kwh_per_month = Some(kwh);
            let (toggles, income, allowances, urban) = flags;
            if toggles[0] {
                h.members[0].health_insurance = Some(HealthInsurance::None);
            }
            if toggles[1] {
                h.members.iter_mut().for_each(|m| m.internet = Some(false));
            }
            if toggles[2] {
                h.members[1].employment = Some(Employment::Unemployed);
            }
            if toggles[3] {
                h.members[3].in_school = Some(false);
            }
            set_income(&mut h, income);
            if let Some(inc) = h.income.as_mut() {
                inc.social_allowances = allowances;
            }
            if urban {
                h.area = Some(AreaType::Urban);
            }
            h
        })
}

fn class(h: &Household, id: &str, method: Method) -> Class {
    let all = Standards::national();
    let s = all.by_id(id).expect("standard");
    classify(h, s, method, &Settings::default())
        .expect("classifies")
        .class
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn more_income_never_makes_a_household_poorer(h in household(), extra in 0i64..50_000_000, allowance in 0i64..10_000_000) {
        for id in STANDARDS {
            let before = class(&h, id, Method::Income);
            let mut richer = h.clone();
            if let Some(inc) = richer.income.as_mut() {
                inc.sources[0].amount += extra;
                inc.social_allowances += allowance;
            }
            let after = class(&richer, id, Method::Income);
            prop_assert!(after >= before, "{id}: {before:?} -> {after:?}");
        }
    }

    #[test]
    fn one_more_deprivation_never_makes_a_household_less_poor(h in household(), which in 0usize..4) {
        let mut worse = h.clone();
        // Each change adds a deprivation (or repeats one) without raising score A.
        match which {
            0 => worse.members[1].health_insurance = Some(HealthInsurance::None),
            1 => worse.members.iter_mut().for_each(|m| m.internet = Some(false)),
            2 => worse.members[0].employment = Some(Employment::Unemployed),
            _ => worse.housing.floor_area_m2 = Some(1.0),
        }
        for id in STANDARDS {
            let before = class(&h, id, Method::Income);
            let after = class(&worse, id, Method::Income);
            prop_assert!(after <= before, "{id} income: {before:?} -> {after:?}");
        }
        let before = class(&h, "nd07-2021", Method::Score);
        let after = class(&worse, "nd07-2021", Method::Score);
        prop_assert!(after <= before, "score: {before:?} -> {after:?}");
    }

    #[test]
    fn classification_is_deterministic_and_survives_a_round_trip(h in household()) {
        let again = from_json(&to_json(&h)).expect("round trip");
        prop_assert_eq!(&again, &h);
        let all = Standards::national();
        for id in STANDARDS {
            let s = all.by_id(id).expect("standard");
            for method in [Method::Income, Method::Score] {
                let a = classify(&h, s, method, &Settings::default());
                let b = classify(&again, s, method, &Settings::default());
                prop_assert_eq!(a, b);
            }
        }
    }
}

/// What a classification decides, without the words that name members by their ids.
fn decided(c: &Classification) -> (Class, Option<i32>, Option<i32>, Vec<String>) {
    (
        c.class,
        c.score_a.as_ref().map(|a| a.total),
        c.score_b,
        c.deprived().map(|i| i.id.as_str().to_string()).collect(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_score_depends_only_on_its_own_answers_and_the_round_s_settings(
        h in household(),
        other in household(),
        add_up in any::<bool>(),
        choices in proptest::collection::vec(any::<prop::sample::Index>(), 8),
        tag in 0u32..1_000_000,
        provinces in (any::<prop::sample::Index>(), any::<prop::sample::Index>()),
        urban in any::<bool>(),
        after_merger in proptest::option::of(any::<prop::sample::Index>()),
        round_names_former in proptest::option::of(any::<prop::sample::Index>()),
    ) {
        // Any province of Mẫu 3.3's table (its region decides score A's column and item 15),
        // and either area; the other household elsewhere. Or, surveyed after 1 July 2025, any
        // commune of the 34 provinces, whose region may come from the shipped commune table
        // or the round's choice for it.
        let table = &Regions::embedded().provinces_before_2025_07_01;
        let mut h = h;
        h.location.province = provinces.0.get(table).code.clone();
        h.area = Some(if urban { AreaType::Urban } else { AreaType::Rural });
        if let Some(which) = after_merger {
            let communes: Vec<_> = FormerProvinces::embedded().iter().collect();
            let commune = which.get(&communes);
            h.location.province = commune.province.to_string();
            h.location.commune = commune.commune.to_string();
            h.surveyed_on = "2025-10-01".parse().expect("date");
        }
        let mut other = other;
        other.location.province = provinces.1.get(table).code.clone();
        let mut settings = Settings::default();
        if add_up {
            settings.score.section_5 = SeveralRows::AddUp;
        }
        // Any choice of every setting a round stores, set by key as the office sets them.
        for (line, choice) in setting_lines(&Settings::default()).iter().zip(&choices) {
            if !line.values.is_empty() {
                let value = choice.get(&line.values);
                settings = set(&settings, &line.key, value).expect("a listed value");
            }
        }
        // The round may name the former province of the household's commune (any part of its
        // new province).
        if let (Some(_), Some(which)) = (after_merger, round_names_former) {
            if let Some(merged) = Regions::embedded().merged(&h.location.province) {
                let former = which.get(&merged.formed_from);
                let key = format!("regions.commune_former_province.{}", h.location.commune);
                settings = set(&settings, &key, former).expect("a former province");
            }
        }
        // The settings as the store keeps and a batch carries them: their JSON, read back.
        let stored: Settings = serde_json::from_str(&serde_json::to_string(&settings).expect("json"))
            .expect("stored settings read back");
        prop_assert_eq!(&stored, &settings);
        // The same answers under another identity: id, code, names, ID numbers, phone,
        // address, notes and village name are not answers the law scores.
        let mut renamed = h.clone();
        renamed.id = uuid::Uuid::from_u128(u128::from(tag) + 1);
        renamed.code = format!("KHAC-{tag}");
        renamed.phone = Some(format!("09{tag:08}"));
        renamed.address = format!("Số {tag}");
        renamed.notes = format!("ghi chú {tag}");
        renamed.location.village = format!("Thôn {tag}");
        for (n, m) in renamed.members.iter_mut().enumerate() {
            m.name = format!("Người {tag} {n}");
            m.id_number = Some(format!("{:012}", u64::from(tag) * 10 + n as u64));
        }
        let all = Standards::national();
        for id in STANDARDS {
            let s = all.by_id(id).expect("standard");
            for method in [Method::Income, Method::Score] {
                let alone = classify(&h, s, method, &settings).map(|c| decided(&c));
                // Another household classified before it leaves no trace.
                let _ = classify(&other, s, method, &settings);
                let after_other = classify(&h, s, method, &settings).map(|c| decided(&c));
                prop_assert_eq!(&alone, &after_other);
                let under_other_names = classify(&renamed, s, method, &settings).map(|c| decided(&c));
                prop_assert_eq!(&alone, &under_other_names, "{} {:?}", id, method);
                let by_stored = classify(&h, s, method, &stored).map(|c| decided(&c));
                prop_assert_eq!(&alone, &by_stored, "{} {:?} stored", id, method);
            }
        }
    }
}
