//! What a save must still do now that it writes fewer pages: a re-save that changes the code
//! or the village is found by its new values (the indexes follow), one that changes neither
//! keeps everything found; a new class or survey day reaches the report by unit and class.

use rasoat_store::{ListFilter, Store, SurveyResult, UnitBasis};

use crate::support::{commune_store, household, AT};

fn found(store: &Store, round_id: &str, text: &str, village: Option<&str>) -> Vec<String> {
    store
        .list_households(&ListFilter {
            round_id: Some(round_id.to_string()),
            text: Some(text.to_string()),
            village: village.map(str::to_string),
            ..Default::default()
        })
        .expect("list")
        .into_iter()
        .map(|row| row.id)
        .collect()
}

#[test]
fn a_resave_is_found_by_its_new_code_and_village_and_an_unchanged_one_by_its_old() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = commune_store(dir.path());
    let mut h = household(1);
    let id = h.id.to_string();
    store
        .save_household(&round.id, &h, None, "thử", AT)
        .expect("first save");
    let old_code = h.code.clone();

    // Only the notes change: still found by its code and in its village.
    h.notes = "ghi chú".into();
    store
        .save_household(&round.id, &h, None, "thử", AT + 1)
        .expect("unchanged place");
    assert_eq!(
        found(&store, &round.id, &old_code, Some(&h.location.village)),
        vec![id.clone()]
    );

    // New code and village: found by them, no longer by the old ones.
    h.code = "ZZ-777".into();
    h.location.village = "Thôn Mới (thử)".into();
    store
        .save_household(&round.id, &h, None, "thử", AT + 2)
        .expect("moved");
    assert_eq!(
        found(&store, &round.id, "ZZ-777", Some("Thôn Mới (thử)")),
        vec![id.clone()]
    );
    assert!(found(&store, &round.id, &old_code, None).is_empty());
    assert!(found(&store, &round.id, "ZZ-777", Some("Thôn Má Lủng (thử)")).is_empty());
    store.integrity_check().expect("integrity");
    assert_eq!(store.record_summary_mismatches().expect("summary"), 0);
    assert_eq!(store.household_list_mismatches().expect("list"), 0);
}

fn result(class: &str) -> SurveyResult {
    SurveyResult {
        standard_id: "nd07-2021".into(),
        method: "score".into(),
        class: class.into(),
        score_a: Some(100),
        score_b: Some(40),
        deprived: vec![],
        phieu_a: None,
    }
}

/// The report by unit and class reads a record's class and survey day from the round's index
/// by village, which the save writes only when one of them changed: a new class or a new day
/// must still reach the report, and the report must read the index alone.
#[test]
fn a_resave_with_a_new_class_or_survey_day_is_counted_by_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = commune_store(dir.path());
    let mut h = household(1);
    let counts = |store: &Store| {
        store
            .class_counts(&round.id, UnitBasis::AsRecorded)
            .expect("counts")
            .into_iter()
            .map(|c| (c.class, c.households))
            .collect::<Vec<_>>()
    };
    store
        .save_household(&round.id, &h, Some(&result("poor")), "thử", AT)
        .expect("first save");
    assert_eq!(counts(&store), [("poor".to_string(), 1)]);
    store
        .save_household(&round.id, &h, Some(&result("near_poor")), "thử", AT + 1)
        .expect("new class");
    assert_eq!(counts(&store), [("near_poor".to_string(), 1)]);
    h.notes = "ghi chú".into();
    store
        .save_household(&round.id, &h, Some(&result("near_poor")), "thử", AT + 2)
        .expect("same class");
    assert_eq!(counts(&store), [("near_poor".to_string(), 1)]);
    store
        .save_household(&round.id, &h, None, "thử", AT + 3)
        .expect("unclassified");
    assert_eq!(counts(&store), [("unclassified".to_string(), 1)]);

    // The survey day too: the record's own row and the index agree after a new day.
    h.surveyed_on = crate::support::date("2025-10-20");
    store
        .save_household(&round.id, &h, Some(&result("poor")), "thử", AT + 4)
        .expect("new day");
    let day: Option<String> = store
        .sql_for_tests()
        .query_row(
            "SELECT surveyed_on FROM survey_record INDEXED BY survey_record_round_village
             WHERE round_id = ?1",
            [&round.id],
            |r| r.get(0),
        )
        .expect("day from the index");
    assert_eq!(day.as_deref(), Some("2025-10-20"));
    store.integrity_check().expect("integrity");

    let plan: Vec<String> = store
        .sql_for_tests()
        .prepare(
            "EXPLAIN QUERY PLAN SELECT household_id, commune_code, COALESCE(surveyed_on, ?2),
                    COALESCE(class, 'unclassified')
             FROM survey_record WHERE round_id = ?1",
        )
        .expect("plan")
        .query_map(["r", "d"], |r| r.get::<_, String>(3))
        .expect("plan rows")
        .collect::<Result<_, _>>()
        .expect("plan text");
    assert_eq!(
        plan,
        ["SEARCH survey_record USING COVERING INDEX survey_record_round_village (round_id=?)"]
    );
}
