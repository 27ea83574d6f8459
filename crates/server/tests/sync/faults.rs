//! A commune's link that cuts, stalls and delivers old requests late: every batch lands exactly
//! once, and the outbox empties, within a bounded number of passes.

use std::time::Duration;

use rasoat_server::ServerConfig;
use rasoat_sync_client::{sync_once_with, sync_state, SyncOptions};

use crate::common::*;
use crate::proxy::{Fault, Proxy};

fn flaky_options() -> SyncOptions {
    SyncOptions {
        timeout: Duration::from_secs(1),
        attempts: 4,
        ..quick_options()
    }
}

/// Passes until the outbox is empty, as the desktop's background task would; at most `max`.
fn sync_until_empty(site: &mut Site, url: &str, max: usize) -> usize {
    for pass in 1..=max {
        let result = sync_once_with(&mut site.store, url, &flaky_options());
        if result.is_ok() && sync_state(&site.store).expect("state").pending_batches == 0 {
            return pass;
        }
    }
    panic!("outbox not empty after {max} passes");
}

fn batches_from(path: &std::path::Path, sender: &str) -> i64 {
    let store = rasoat_store::Store::open(path).expect("open");
    store
        .sql_for_tests()
        .query_row(
            "SELECT COUNT(*) FROM sync_batch WHERE sender = ?1",
            [sender],
            |r| r.get(0),
        )
        .expect("count")
}

#[test]
fn cuts_stalls_and_late_requests_land_every_batch_exactly_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut district) = district(dir.path());
    let mut commune = commune("00721");
    enrol_both(&mut commune, &mut district);
    drop(district);
    let server = start(&path, ServerConfig::default());
    let pattern = [
        Fault::CutAfter(1_500),
        Fault::CutAfter(9_000),
        Fault::StallThenDeliverLate,
        Fault::CutAfter(20_000),
        Fault::CutAfter(300),
        Fault::Refuse,
        Fault::CutAfter(6_000),
        Fault::StallThenDeliverLate,
        Fault::CutAfter(45_000),
    ];
    let plan: Vec<Fault> = pattern.iter().copied().cycle().take(36).collect();
    let proxy = Proxy::start(server.addr, plan);

    let mut expected = 0;
    for (n, range) in [(0u64..150), (1_000..1_120), (2_000..2_090)]
        .into_iter()
        .enumerate()
    {
        expected += range.end - range.start;
        survey(&mut commune, "00721", range);
        sync_until_empty(&mut commune, &proxy.url(), 12);
        assert_eq!(batches_from(&path, &commune.id), n as i64 + 1);
    }

    assert!(
        proxy.late_deliveries() > 0,
        "the plan delivered requests late"
    );
    assert_eq!(records_at(&path), expected as i64);
    assert_eq!(
        entries_at(&path, &commune.id),
        commune.store.status_vector().expect("status")[&commune.id],
        "every entry once"
    );
    let state = sync_state(&commune.store).expect("state");
    assert_eq!(state.pending_batches, 0);
    // Late duplicates of chunks and announcements left no upload behind.
    let store = rasoat_store::Store::open(&path).expect("open");
    let uploads: i64 = store
        .sql_for_tests()
        .query_row("SELECT COUNT(*) FROM sync_upload", [], |r| r.get(0))
        .expect("count");
    assert!(
        uploads <= 1,
        "at most a late re-announcement waits: {uploads}"
    );
}
