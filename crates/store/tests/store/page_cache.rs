//! The window gives up its page cache at rest and lets it grow again: the size it had is set
//! back, in the units it was set in.

use crate::support::commune_store;

fn cache_size(store: &rasoat_store::Store) -> i64 {
    store
        .sql_for_tests()
        .query_row("PRAGMA cache_size", [], |r| r.get(0))
        .expect("cache size")
}

#[test]
fn the_page_cache_given_up_grows_to_its_size_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, round, _) = commune_store(dir.path());
    store.limit_page_cache(32).expect("32 MiB");
    assert_eq!(cache_size(&store), -32 * 1024);
    store.release_page_cache(8, 32).expect("given up");
    assert_eq!(cache_size(&store), -32 * 1024, "KiB, as set");
    assert_eq!(store.round(&round.id).expect("read again").id, round.id);
}
