//! A round's settings (the readings it classifies by) travel from the district down to a
//! commune in a batch, and the commune's classification follows them; a commune may not
//! change a periodic round's settings, here or by a batch, and the refusal changes nothing.

use rasoat_batch::{export_batch, import_batch, BatchError};
use rasoat_domain::classify::{classify, Method, Settings};
use rasoat_domain::round_settings::set;
use rasoat_domain::standard::Standards;
use rasoat_domain::workflow::Role;
use rasoat_store::{StoreError, SurveyResult};

use crate::support::{digest_all, enrol_both, household, result, site, AT};

/// Readings other than the defaults, set key by key as an office would.
fn office_settings() -> Settings {
    let mut s = Settings::default();
    for (key, value) in [
        ("score.working_age", "labour_code2019"),
        ("score.section_5", "add_up"),
        ("score.section_13", "highest_row"),
        ("score.section_14", "highest_row"),
        ("score.large_household", "no_row"),
    ] {
        s = set(&s, key, value).expect("a known setting");
    }
    s
}

/// Synthetic household `n`; the even ones hold two kinds of land (section 13 has two rows).
fn hh(n: u64) -> rasoat_domain::Household {
    let mut h = household(n, "00721");
    if n.is_multiple_of(2) {
        h.land.garden_pond = Some(400.0);
        h.land.perennial_crops = Some(2000.0);
    }
    h
}

/// (score A, class) the domain gives household `n` under `settings`.
fn decided(n: u64, settings: &Settings) -> (Option<i32>, String) {
    let standards = Standards::national();
    let standard = standards.by_id("nd07-2021").expect("nd07");
    let c = classify(&hh(n), standard, Method::Score, settings).expect("classifies");
    (c.score_a.map(|a| a.total), c.class.as_str().to_string())
}

/// (score A, class) the store holds for household `n` in `round`.
fn held(store: &rasoat_store::Store, round: &str, n: u64) -> (Option<i32>, String) {
    store
        .sql_for_tests()
        .query_row(
            "SELECT score_a, COALESCE(class, '') FROM survey_record
             WHERE household_id = ?1 AND round_id = ?2",
            [household(n, "00721").id.to_string(), round.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("record")
}

#[test]
fn the_district_s_settings_reach_the_commune_and_its_classes_follow() {
    let mut commune = site(Role::Commune, "00721");
    let mut district = site(Role::District, "026");
    enrol_both(&mut commune, &mut district);
    let settings = office_settings();
    // Households whose score A the readings change, and some they leave alone.
    let changed: Vec<u64> = (0..40)
        .filter(|n| decided(*n, &settings).0 != decided(*n, &Settings::default()).0)
        .take(8)
        .collect();
    assert!(
        !changed.is_empty(),
        "no synthetic household is scored differently"
    );
    let unchanged: Vec<u64> = (0..40)
        .filter(|n| decided(*n, &settings) == decided(*n, &Settings::default()))
        .take(4)
        .collect();
    // The commune classified them by the defaults (what it knew).
    let households: Vec<_> = changed
        .iter()
        .chain(&unchanged)
        .map(|n| {
            let (score_a, class) = decided(*n, &Settings::default());
            let mut r: SurveyResult = result(&class);
            r.score_a = score_a;
            (hh(*n), Some(r))
        })
        .collect();
    commune
        .store
        .save_households(&commune.round.id, &households, "điều tra viên", AT + 1000)
        .expect("save");
    for n in &changed {
        assert_eq!(
            held(&commune.store, &commune.round.id, *n),
            decided(*n, &Settings::default())
        );
    }

    // The district sets the round's readings and sends its batch down.
    district
        .store
        .set_round_settings(&district.round.id, &settings, "cán bộ huyện", AT + 2000)
        .expect("the district sets its round's readings");
    assert_eq!(
        district
            .store
            .round_settings(&district.round.id)
            .expect("settings"),
        settings
    );
    let down = export_batch(&mut district.store, &commune.id, AT + 3000).expect("export");
    import_batch(&mut commune.store, &down, AT + 4000).expect("import");

    // The commune's own round of the same review now classifies by them.
    assert_eq!(
        commune
            .store
            .round_settings(&commune.round.id)
            .expect("settings"),
        settings
    );
    for n in changed.iter().chain(&unchanged) {
        assert_eq!(
            held(&commune.store, &commune.round.id, *n),
            decided(*n, &settings),
            "household {n}"
        );
    }
    assert_eq!(
        commune.store.record_summary_mismatches().expect("summary"),
        0
    );

    // The same batch again changes nothing.
    let before = digest_all(&commune.store);
    let again = import_batch(&mut commune.store, &down, AT + 5000).expect("again");
    assert!(again.already_imported);
    assert_eq!(digest_all(&commune.store), before);

    // Up to the district: it classifies what arrives by its round's readings too.
    let up = export_batch(&mut commune.store, &district.id, AT + 6000).expect("export up");
    import_batch(&mut district.store, &up, AT + 7000).expect("import up");
    for n in &changed {
        assert_eq!(
            held(&district.store, &district.round.id, *n),
            decided(*n, &settings),
            "household {n} at the district"
        );
    }
}

#[test]
fn a_commune_may_not_change_a_periodic_round_s_settings() {
    let mut commune = site(Role::Commune, "00721");
    let mut district = site(Role::District, "026");
    enrol_both(&mut commune, &mut district);

    // Here: refused in plain words, nothing written.
    let before = digest_all(&commune.store);
    let refused = commune
        .store
        .set_round_settings(
            &commune.round.id,
            &office_settings(),
            "cán bộ xã",
            AT + 1000,
        )
        .expect_err("a commune does not set a periodic round's readings");
    assert!(
        matches!(refused, StoreError::RoundSettingsNotTheOffice { .. }),
        "{refused}"
    );
    assert!(refused.to_string().contains("chỉ cơ quan"), "{refused}");
    assert_eq!(digest_all(&commune.store), before);

    // By a batch: the commune's store made to write the entry anyway (as a tampered build
    // would); the district refuses it and keeps every table as it was.
    let sql = commune.store.sql_for_tests();
    sql.execute("UPDATE installation SET role = 'district'", [])
        .expect("pretend");
    commune
        .store
        .set_round_settings(
            &commune.round.id,
            &office_settings(),
            "cán bộ xã",
            AT + 1000,
        )
        .expect("the tampered store writes it");
    commune
        .store
        .sql_for_tests()
        .execute("UPDATE installation SET role = 'commune'", [])
        .expect("back");
    let file = export_batch(&mut commune.store, &district.id, AT + 2000).expect("export");
    let before = digest_all(&district.store);
    let err = import_batch(&mut district.store, &file, AT + 3000).expect_err("refused");
    assert!(matches!(err, BatchError::RoundNotAllowed { .. }), "{err}");
    assert_eq!(digest_all(&district.store), before);
    assert_eq!(
        district
            .store
            .round_settings(&district.round.id)
            .expect("settings"),
        Settings::default()
    );
}

#[test]
fn settings_are_refused_once_a_household_of_the_round_is_recognised() {
    let mut district = site(Role::District, "026");
    crate::support::survey(&mut district, "00721", 0..3);
    // One record recognised (the steps before it are the workflow's own tests).
    district
        .store
        .sql_for_tests()
        .execute(
            "UPDATE survey_record SET status = 'recognised' WHERE household_id = ?1",
            [household(1, "00721").id.to_string()],
        )
        .expect("recognise");
    // The list's own table holds the state too (migration 0028), as a review step writes it.
    district
        .store
        .sql_for_tests()
        .execute(
            "UPDATE household_list SET status = 'recognised' WHERE household_id = ?1",
            [household(1, "00721").id.to_string()],
        )
        .expect("recognise in the list");
    let before = digest_all(&district.store);
    let refused = district
        .store
        .set_round_settings(
            &district.round.id,
            &office_settings(),
            "cán bộ huyện",
            AT + 2000,
        )
        .expect_err("recognised already");
    assert!(
        matches!(
            refused,
            StoreError::RoundSettingsRecognised { recognised: 1, .. }
        ),
        "{refused}"
    );
    assert!(
        refused.to_string().contains("đã có 1 hộ được công nhận"),
        "{refused}"
    );
    assert_eq!(digest_all(&district.store), before);
}
