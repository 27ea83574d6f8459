//! The commune's list of villages: added, renamed, retired, never a second spelling of one
//! village, the villages of existing records listed, never journalled; a district keeps none.

use rasoat_domain::workflow::Role;
use rasoat_store::{StoreError, Village};

use crate::support::{commune_store, household, store_with_role, AT};

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
    store.add_village("  Thôn   Cán Pản ", AT).expect("added");
    store.add_village("Thôn Ả Lử", AT).expect("added");
    assert_eq!(
        names(&store.villages().expect("list")),
        [("Thôn Ả Lử", false), ("Thôn Cán Pản", false)]
    );
    // The same village typed without tones or in other case is the one already listed.
    let before = store.table_digests().expect("digests");
    match store.add_village("thon can pan", AT) {
        Err(StoreError::VillageExists { name }) => assert_eq!(name, "Thôn Cán Pản"),
        other => panic!("a second spelling must be refused: {other:?}"),
    }
    assert!(matches!(
        store.add_village("   ", AT),
        Err(StoreError::VillageNameEmpty)
    ));
    assert_eq!(store.table_digests().expect("digests"), before);

    // Renamed: a new name, or only its tones corrected; never onto another village.
    store
        .rename_village("Thôn Ả Lử", "Bản Ả Lử")
        .expect("renamed");
    store
        .rename_village("Thôn Cán Pản", "Thôn Cán Pản")
        .expect("the same name again");
    assert!(matches!(
        store.rename_village("Bản Ả Lử", "THÔN CAN PAN"),
        Err(StoreError::VillageExists { .. })
    ));
    assert!(matches!(
        store.rename_village("Thôn Không Có", "Thôn Mới"),
        Err(StoreError::VillageUnknown { .. })
    ));

    // Retired, it stays listed as retired; brought back, it is offered again.
    store
        .set_village_retired("Thôn Cán Pản", true)
        .expect("retired");
    assert_eq!(
        names(&store.villages().expect("list")),
        [("Bản Ả Lử", false), ("Thôn Cán Pản", true)]
    );
    store
        .set_village_retired("Thôn Cán Pản", false)
        .expect("back");
    assert!(store.villages().expect("list").iter().all(|v| !v.retired));
    assert_eq!(
        store
            .table_digests()
            .expect("digests")
            .get("journal")
            .cloned(),
        journal_before,
        "the list is the installation's own, never journalled"
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
    assert_eq!(store.list_villages_of_records(AT).expect("listed"), 1);
    assert_eq!(
        names(&store.villages().expect("list")),
        [("Thôn Má Lủng (thử)", false)]
    );
    assert_eq!(store.list_villages_of_records(AT).expect("listed"), 0);
}

#[test]
fn a_district_keeps_no_village_list() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _, _) = store_with_role(dir.path(), Role::District);
    let before = store.table_digests().expect("digests");
    assert!(matches!(
        store.add_village("Thôn Mới", AT),
        Err(StoreError::VillagesNotACommune)
    ));
    assert!(matches!(
        store.villages(),
        Err(StoreError::VillagesNotACommune)
    ));
    assert_eq!(store.table_digests().expect("digests"), before);
}
