//! The server killed in the middle of an upload and started again on the same store: the
//! upload resumes where the store says it stopped, and nothing is lost or doubled.

use std::time::Duration;

use rasoat_server::ServerConfig;
use rasoat_sync_client::{sync_once_with, sync_state, SyncOptions};

use crate::common::*;
use crate::proxy::{Fault, Proxy};

#[test]
fn an_upload_cut_by_a_server_kill_resumes_after_the_restart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut district) = district(dir.path());
    let mut commune = commune("00721");
    enrol_both(&mut commune, &mut district);
    drop(district);
    survey(&mut commune, "00721", 0..300);
    let server = start(&path, ServerConfig::default());
    // The first connection carries the session, the handshake, the announcement and some
    // chunks, then the link drops; the server dies before the commune gets through again.
    let proxy = Proxy::start(server.addr, vec![Fault::CutAfter(30_000)]);
    proxy.set_plan(
        std::iter::once(Fault::CutAfter(30_000))
            .chain(std::iter::repeat_n(Fault::Refuse, 10))
            .collect(),
    );
    // Cuts here are by bytes, not time: a generous timeout keeps a loaded machine's slow answer
    // from being taken for a stall.
    let options = SyncOptions {
        timeout: Duration::from_secs(20),
        attempts: 2,
        ..quick_options()
    };
    let first = sync_once_with(&mut commune.store, &proxy.url(), &options);
    assert!(first.is_err(), "the first pass was cut");
    let batch_size: i64 = commune
        .store
        .sql_for_tests()
        .query_row(
            "SELECT size FROM sync_outbox WHERE acknowledged_at IS NULL",
            [],
            |r| r.get(0),
        )
        .expect("one batch waits in the outbox");
    let received: i64 = rasoat_store::Store::open(&path)
        .expect("open")
        .sql_for_tests()
        .query_row("SELECT received FROM sync_upload", [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("an upload in progress: {e}; first pass: {first:?}"));
    assert!(
        received > 0 && received < batch_size,
        "{received} of {batch_size}"
    );
    server.kill();

    let restarted = start(&path, ServerConfig::default());
    proxy.set_upstream(restarted.addr);
    proxy.set_plan(Vec::new());
    let second = sync_once_with(&mut commune.store, &proxy.url(), &options).expect("second pass");
    assert_eq!(second.batches_acknowledged, 1);
    assert_eq!(
        second.bytes_sent,
        (batch_size - received) as u64,
        "resumed where the store said, not from the start"
    );
    assert_eq!(records_at(&path), 300);
    assert_eq!(
        entries_at(&path, &commune.id),
        commune.store.status_vector().expect("status")[&commune.id]
    );
    assert_eq!(
        sync_state(&commune.store).expect("state").pending_batches,
        0
    );
}
