//! What a save must still do now that it writes fewer pages: a re-save that changes the code
//! or the village is found by its new values (the indexes follow), one that changes neither
//! keeps everything found.

use rasoat_store::{ListFilter, Store};

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
