//! The pull comes in pages, each imported in its own transaction, with the puller's receipt as
//! the cursor: a pull cut on its way down keeps the pages already imported, and the next pass
//! fetches only the rest; nothing arrives twice.

use rasoat_server::{sync_once_with, ServerConfig, SyncOptions};

use crate::common::*;
use crate::proxy::{Fault, Proxy};

fn count(store: &rasoat_store::Store, sql: &str) -> i64 {
    store
        .connection()
        .query_row(sql, [], |r| r.get(0))
        .expect("count")
}

#[test]
fn a_pull_cut_on_its_way_down_resumes_after_the_pages_imported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut server_site) = district(dir.path());
    let mut commune = commune("00721");
    enrol_both(&mut commune, &mut server_site);
    let mut desktop = site_in(
        rasoat_store::Store::open_in_memory().expect("store"),
        rasoat_domain::workflow::Role::District,
        "026",
    );
    enrol_both(&mut desktop, &mut server_site);
    drop(server_site);
    survey(&mut commune, "00721", 0..300);
    let server = start(&path, ServerConfig::default());
    // The desktop's own work is at the server already: what follows is only the pull.
    sync_once_with(&mut desktop.store, &server.url(), &quick_options()).expect("desktop sync");
    sync_once_with(&mut commune.store, &server.url(), &quick_options()).expect("commune sync");
    let commune_entries = commune.store.status_vector().expect("status")[&commune.id];

    // Pages of 40 entries; the link dies in the middle of the pull: the requests' connection
    // passes, the pull's own (the client keeps one for slow answers) is cut after 40 KB on its
    // way down, and every later one is refused.
    let paged = SyncOptions {
        pull_page_entries: 40,
        attempts: 2,
        ..quick_options()
    };
    let plan = [Fault::CutAfter(u64::MAX), Fault::CutDownAfter(40_000)]
        .into_iter()
        .chain(std::iter::repeat_n(Fault::Refuse, 30))
        .collect();
    let proxy = Proxy::start(server.addr, plan);
    let cut = sync_once_with(&mut desktop.store, &proxy.url(), &paged);
    assert!(cut.is_err(), "the pull was cut");
    let first = count(&desktop.store, "SELECT COUNT(*) FROM survey_record");
    assert!(
        first > 0 && first < 300,
        "some pages landed before the cut, not all: {first}"
    );
    let pages_before = count(&desktop.store, "SELECT COUNT(*) FROM sync_batch");

    let rest = sync_once_with(&mut desktop.store, &server.url(), &paged).expect("second pass");
    assert_eq!(
        rest.records_pulled as i64,
        300 - first,
        "only what the first pass did not bring"
    );
    assert!(rest.batches_pulled > 1, "in pages: {}", rest.batches_pulled);
    assert_eq!(
        count(&desktop.store, "SELECT COUNT(*) FROM sync_batch") - pages_before,
        rest.batches_pulled as i64
    );
    assert_eq!(
        count(&desktop.store, "SELECT COUNT(*) FROM survey_record"),
        300
    );
    let held: i64 = desktop
        .store
        .connection()
        .query_row(
            "SELECT COUNT(*) FROM journal WHERE origin = ?1",
            [&commune.id],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(held, commune_entries, "every entry once");
    let again = sync_once_with(&mut desktop.store, &server.url(), &paged).expect("third pass");
    assert_eq!(again.batches_pulled, 0, "nothing left");
}
