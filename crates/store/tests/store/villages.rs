//! The commune's list of villages: added, renamed (keeping its id and former names), retired,
//! never a second spelling of one village, the villages of existing records listed; the
//! commune's changes are journalled to travel, an enumerator's own are not; a district keeps
//! none of its own.

use rasoat_domain::workflow::Role;
use rasoat_store::{StoreError, Village};

use crate::support::{commune_store, household, store_with_role, AT, DROP_0028};

fn names(list: &[Village]) -> Vec<(&str, bool)> {
    list.iter().map(|v| (v.name.as_str(), v.retired)).collect()
}

#[test]
fn a_commune_keeps_its_villages_and_refuses_a_second_spelling() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _, _) = commune_store(dir.path());
    let journal_before = store
        .table_digests()
        .expect("digests")
        .get("journal")
        .cloned();
    assert!(store.villages().expect("list").is_empty());
    store
        .add_village("  Thôn   Cán Pản ", "thử", AT)
        .expect("added");
    store.add_village("Thôn Ả Lử", "thử", AT).expect("added");
    assert_eq!(
        names(&store.villages().expect("list")),
        [("Thôn Ả Lử", false), ("Thôn Cán Pản", false)]
    );
    // The same village typed without tones or in other case is the one already listed.
    let before = store.table_digests().expect("digests");
    match store.add_village("thon can pan", "thử", AT) {
        Err(StoreError::VillageExists { name }) => assert_eq!(name, "Thôn Cán Pản"),
        other => panic!("a second spelling must be refused: {other:?}"),
    }
    assert!(matches!(
        store.add_village("   ", "thử", AT),
        Err(StoreError::VillageNameEmpty)
    ));
    assert_eq!(store.table_digests().expect("digests"), before);

    // Renamed: a new name, or only its tones corrected; never onto another village.
    store
        .rename_village("Thôn Ả Lử", "Bản Ả Lử", "thử", AT)
        .expect("renamed");
    store
        .rename_village("Thôn Cán Pản", "Thôn Cán Pản", "thử", AT)
        .expect("the same name again");
    assert!(matches!(
        store.rename_village("Bản Ả Lử", "THÔN CAN PAN", "thử", AT),
        Err(StoreError::VillageExists { .. })
    ));
    assert!(matches!(
        store.rename_village("Thôn Không Có", "Thôn Mới", "thử", AT),
        Err(StoreError::VillageUnknown { .. })
    ));

    // Retired, it stays listed as retired; brought back, it is offered again.
    store
        .set_village_retired("Thôn Cán Pản", true, "thử", AT)
        .expect("retired");
    assert_eq!(
        names(&store.villages().expect("list")),
        [("Bản Ả Lử", false), ("Thôn Cán Pản", true)]
    );
    store
        .set_village_retired("Thôn Cán Pản", false, "thử", AT)
        .expect("back");
    assert!(store.villages().expect("list").iter().all(|v| !v.retired));
    // The commune's list travels: each change is one journal entry of the village's state.
    assert_ne!(
        store
            .table_digests()
            .expect("digests")
            .get("journal")
            .cloned(),
        journal_before
    );
    let entries: i64 = store
        .sql_for_tests()
        .query_row(
            "SELECT count(*) FROM journal WHERE entity = 'village' AND operation = 'set'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(entries, 6, "two added, two renamed, retired, back");
    // A rename keeps the village (its id) and the name it had.
    let renamed = store
        .village_named("Thôn Ả Lử")
        .expect("lookup")
        .expect("found by its former name");
    assert_eq!(renamed.name, "Bản Ả Lử");
    assert_eq!(renamed.former_names, ["Thôn Ả Lử"]);
}

#[test]
fn an_enumerators_own_villages_stay_on_its_laptop() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _, _) = store_with_role(dir.path(), Role::Enumerator);
    let journal_before = store
        .table_digests()
        .expect("digests")
        .get("journal")
        .cloned();
    store.add_village("Thôn Mới", "thử", AT).expect("added");
    store
        .rename_village("Thôn Mới", "Thôn Mới Lập", "thử", AT)
        .expect("renamed");
    assert_eq!(
        names(&store.villages().expect("list")),
        [("Thôn Mới Lập", false)]
    );
    assert_eq!(store.journal_unsent_villages("thử", AT).expect("none"), 0);
    assert_eq!(
        store
            .table_digests()
            .expect("digests")
            .get("journal")
            .cloned(),
        journal_before,
        "only the commune's own list travels"
    );
}

#[test]
fn the_villages_of_existing_records_are_listed_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = commune_store(dir.path());
    for n in 1..=3 {
        store
            .save_household(&round.id, &household(n), None, "thử", AT)
            .expect("saved");
    }
    assert_eq!(
        store.list_villages_of_records("thử", AT).expect("listed"),
        1
    );
    assert_eq!(
        names(&store.villages().expect("list")),
        [("Thôn Má Lủng (thử)", false)]
    );
    assert_eq!(
        store.list_villages_of_records("thử", AT).expect("listed"),
        0
    );
}

#[test]
fn a_district_keeps_no_village_list() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _, _) = store_with_role(dir.path(), Role::District);
    let before = store.table_digests().expect("digests");
    assert!(matches!(
        store.add_village("Thôn Mới", "thử", AT),
        Err(StoreError::VillagesNotACommune)
    ));
    assert!(matches!(
        store.villages(),
        Err(StoreError::VillagesNotACommune)
    ));
    assert_eq!(store.table_digests().expect("digests"), before);
}

#[test]
fn villages_listed_before_the_list_travelled_get_ids_and_travel_with_the_next_change() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, _, path) = commune_store(dir.path());
    // A store as migration 0019 left it, its list typed then.
    store
        .sql_for_tests()
        .execute_batch(&format!(
            "{DROP_0028}
             DROP INDEX village_id;
             ALTER TABLE village DROP COLUMN id;
             ALTER TABLE village DROP COLUMN former_names;
             ALTER TABLE village DROP COLUMN journalled;
             ALTER TABLE record_summary DROP COLUMN status;
             ALTER TABLE record_summary DROP COLUMN answers_hash;
             ALTER TABLE record_summary DROP COLUMN provisional;
             ALTER TABLE answers DROP COLUMN open;
             DROP TABLE loaded_standards; DROP TABLE opening_review;
             INSERT INTO village (commune_code, name, retired, added_at)
             VALUES ('00721', 'Thôn Cán Pản', 0, 1), ('00721', 'Thôn Ả Lử', 1, 2);"
        ))
        .expect("step back");
    // Migrations 0021 (villages travel) and after are not applied yet.
    let version = 20;
    store
        .sql_for_tests()
        .pragma_update(None, "user_version", version)
        .expect("version");
    drop(store);
    let mut store = rasoat_store::Store::open(&path).expect("reopen migrates");
    let listed = store.villages().expect("list");
    assert_eq!(
        listed.iter().map(|v| v.id.as_str()).collect::<Vec<_>>(),
        ["00721:Thôn Ả Lử", "00721:Thôn Cán Pản"],
        "the same village listed on two installations gets the same id"
    );
    // Not journalled by the migration; the commune's next change journals them all.
    let count = |store: &rasoat_store::Store| -> i64 {
        store
            .sql_for_tests()
            .query_row(
                "SELECT count(*) FROM journal WHERE entity = 'village'",
                [],
                |r| r.get(0),
            )
            .expect("count")
    };
    assert_eq!(count(&store), 0);
    store.add_village("Thôn Mới", "thử", AT).expect("added");
    assert_eq!(count(&store), 3);
    assert_eq!(
        store.journal_unsent_villages("thử", AT).expect("none left"),
        0
    );
}

#[test]
fn a_report_counts_a_household_under_its_village_s_name_now() {
    // Saved under "Thôn Má Lủng (thử)"; the commune then renames the village. The answers keep
    // the name chosen, the report counts the household under the name the village has now.
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = commune_store(dir.path());
    store
        .save_household(&round.id, &household(1), None, "thử", AT)
        .expect("saved");
    store.list_villages_of_records("thử", AT).expect("listed");
    store
        .rename_village("Thôn Má Lủng (thử)", "Bản Má Lủng (thử)", "thử", AT)
        .expect("renamed");
    let report = store
        .round_report(&rasoat_store::report::ReportRequest {
            round_id: round.id.clone(),
            basis: rasoat_store::UnitBasis::AsRecorded,
            unit: Some("00721".into()),
            villages: true,
            changes: true,
        })
        .expect("report");
    let villages: Vec<&str> = report
        .rows
        .iter()
        .filter_map(|r| r.unit.village.as_deref())
        .collect();
    assert_eq!(villages, ["Bản Má Lủng (thử)"]);
}
