//! A copied store made a new installation: the receivers refuse the copy as a fork until
//! `become_new_installation` gives it a new identity; enrolled again, its entries land once.

use std::collections::BTreeMap;

use rasoat_domain::workflow::Role;
use rasoat_server::ServerConfig;
use rasoat_store::Store;
use rasoat_sync_client::sync_once_with;

use crate::common::*;

/// Survey entries per household at the store at `path`, and how many households it holds.
fn landed(store: &Store) -> (BTreeMap<String, i64>, i64) {
    let sql = store.sql_for_tests();
    let entries = sql
        .prepare(
            "SELECT json_extract(payload, '$.record.household_id'), COUNT(*) FROM journal
             WHERE entity = 'survey' GROUP BY 1",
        )
        .expect("select")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows");
    let households = sql
        .query_row("SELECT COUNT(*) FROM household", [], |r| r.get(0))
        .expect("count");
    (entries, households)
}

#[test]
fn a_copied_store_made_a_new_installation_lands_each_household_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut district) = district(dir.path());
    let original_path = dir.path().join("commune.sqlite");
    let mut original = site_in(
        Store::open(&original_path).expect("store"),
        Role::Commune,
        "00721",
    );
    enrol_both(&mut original, &mut district);
    drop(district);
    survey(&mut original, "00721", 0..3);
    let server = start(&path, ServerConfig::default());
    sync_once_with(&mut original.store, &server.url(), &quick_options()).expect("first sync");

    // The store is copied to a second laptop; both go on writing.
    let copy_path = dir.path().join("copy.sqlite");
    original
        .store
        .sql_for_tests()
        .execute("VACUUM INTO ?1", [copy_path.display().to_string()])
        .expect("copy the store");
    let mut copy = Site {
        store: Store::open(&copy_path).expect("copy"),
        id: original.id.clone(),
        card: original.card.clone(),
        round: original.round.clone(),
    };
    survey(&mut copy, "00721", 10..13);
    survey(&mut original, "00721", 20..22);
    sync_once_with(&mut original.store, &server.url(), &quick_options()).expect("original");
    let before = records_at(&path);
    let err = sync_once_with(&mut copy.store, &server.url(), &quick_options()).expect_err("fork");
    assert!(
        err.to_string().contains("sao chép") && err.to_string().contains("copied"),
        "plain words: {err}"
    );
    assert_eq!(records_at(&path), before, "nothing of the copy landed");
    drop(server);

    // The copy becomes a new installation, and the district enrols its new card.
    let (done, card) =
        rasoat_batch::become_new_installation(&mut copy.store, AT + 50_000).expect("new");
    assert_eq!(done.previous, original.id);
    assert_ne!(done.id, original.id);
    assert_eq!(done.moved, 3, "the three households the copy alone wrote");
    assert_eq!(copy.store.installation().expect("installation").id, done.id);
    let mut store = Store::open(&path).expect("open");
    enrol(&mut store, &card.to_file_bytes().expect("card"), AT).expect("enrol");
    drop(store);

    let server = start(&path, ServerConfig::default());
    sync_once_with(&mut copy.store, &server.url(), &quick_options()).expect("the copy, anew");
    sync_once_with(&mut original.store, &server.url(), &quick_options()).expect("original");
    sync_once_with(&mut copy.store, &server.url(), &quick_options()).expect("copy pulls");
    drop(server);

    // Every household once at the district, each with one survey entry: nothing lost, nothing
    // doubled. Both laptops end up holding the same.
    let district = Store::open(&path).expect("open");
    let (entries, households) = landed(&district);
    assert_eq!(households, 8);
    assert_eq!(entries.len(), 8, "{entries:?}");
    assert!(entries.values().all(|n| *n == 1), "{entries:?}");
    assert_eq!(landed(&original.store), (entries.clone(), 8));
    assert_eq!(landed(&copy.store), (entries, 8));
}
