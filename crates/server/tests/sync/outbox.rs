//! A batch refused for good is set aside, not retried: later passes send nothing of it and
//! export no new batch that would repeat its entries; `discard` drops it, and its entries go in
//! the next batch, so nothing is lost. A cut is not a refusal: that batch stays pending.

use rasoat_server::ServerConfig;
use rasoat_sync_client::{discard, outbox, sync_once_with, sync_state, OutboxStatus, SyncError};

use crate::common::*;
use crate::proxy::{Fault, Proxy};

fn uploads_at(path: &std::path::Path) -> i64 {
    let store = rasoat_store::Store::open(path).expect("open");
    store
        .sql_for_tests()
        .query_row("SELECT COUNT(*) FROM sync_upload", [], |r| r.get(0))
        .expect("count")
}

#[test]
fn a_batch_refused_for_good_waits_for_a_person_and_discarding_it_loses_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut district) = district(dir.path());
    // Commune 00724's laptop holds households of 00721: the server refuses them (wrong unit).
    let mut commune = commune("00724");
    enrol_both(&mut commune, &mut district);
    drop(district);
    survey(&mut commune, "00721", 0..8);
    let server = start(&path, ServerConfig::default());

    let err = sync_once_with(&mut commune.store, &server.url(), &quick_options())
        .expect_err("wrong unit");
    assert!(
        matches!(&err, SyncError::BatchRefused { code, .. } if code == "wrong_unit"),
        "{err}"
    );
    assert!(err.is_permanent());
    assert!(err.to_string().contains("rasoat sync discard"), "{err}");
    let listed = outbox(&commune.store).expect("outbox");
    assert_eq!(listed.len(), 1);
    let refused = &listed[0];
    assert_eq!(refused.status, OutboxStatus::Refused);
    assert_eq!(refused.refusal_code.as_deref(), Some("wrong_unit"));
    assert!(refused.reason.as_deref().is_some_and(|r| !r.is_empty()));
    assert_eq!(refused.attempts, 1);
    let state = sync_state(&commune.store).expect("state");
    assert_eq!((state.pending_batches, state.refused_batches), (0, 1));

    // Later passes, with new work meanwhile: the refused batch is not sent again, and no new
    // batch repeats its entries.
    survey(&mut commune, "00721", 100..103);
    for _ in 0..3 {
        let again = sync_once_with(&mut commune.store, &server.url(), &quick_options())
            .expect_err("still refused");
        assert_eq!(again.code(), "wrong_unit");
    }
    let listed = outbox(&commune.store).expect("outbox");
    assert_eq!(listed.len(), 1, "no new batch while one is refused");
    assert_eq!(listed[0].attempts, 1, "never sent again");
    let history = sync_state(&commune.store).expect("state").history;
    assert!(history[..3].iter().all(|pass| pass.bytes_sent == 0));
    assert_eq!(records_at(&path), 0);
    assert_eq!(uploads_at(&path), 0);

    // Discard: the batch goes, its entries do not.
    let unknown = discard(&mut commune.store, "0190d7a6-0000-7000-8000-000000000000");
    assert!(matches!(unknown, Err(SyncError::NotInOutbox { .. })));
    let dropped = discard(&mut commune.store, &refused.batch_id).expect("discard");
    assert_eq!(dropped.batch_id, refused.batch_id);
    assert!(outbox(&commune.store).expect("outbox").is_empty());
    assert!(
        rasoat_sync_client::fill_outbox(&mut commune.store, &server_id(&path)).expect("fill"),
        "the discarded entries are unacknowledged and go in a new batch"
    );
    let listed = outbox(&commune.store).expect("outbox");
    assert_eq!(listed.len(), 1);
    assert_ne!(listed[0].batch_id, refused.batch_id);
    assert_eq!(listed[0].status, OutboxStatus::Pending);
    let ranges: String = commune
        .store
        .sql_for_tests()
        .query_row(
            "SELECT ranges FROM sync_outbox WHERE batch_id = ?1",
            [&listed[0].batch_id],
            |r| r.get(0),
        )
        .expect("ranges");
    let ranges: std::collections::BTreeMap<String, (i64, i64)> =
        serde_json::from_str(&ranges).expect("json");
    assert_eq!(
        ranges[&commune.id],
        (
            1,
            commune.store.status_vector().expect("status")[&commune.id]
        ),
        "every entry of the discarded batch, and the new work, from the first"
    );
}

#[test]
fn a_cut_is_not_a_refusal_the_batch_stays_pending_and_lands_later() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut district) = district(dir.path());
    let mut commune = commune("00721");
    enrol_both(&mut commune, &mut district);
    drop(district);
    survey(&mut commune, "00721", 0..20);
    let server = start(&path, ServerConfig::default());
    // The first connection is cut in the middle of the upload, every later one refused.
    let plan = std::iter::once(Fault::CutAfter(5_000))
        .chain(std::iter::repeat_n(Fault::Refuse, 40))
        .collect();
    let proxy = Proxy::start(server.addr, plan);
    let options = rasoat_sync_client::SyncOptions {
        attempts: 2,
        ..quick_options()
    };
    let err = sync_once_with(&mut commune.store, &proxy.url(), &options).expect_err("cut");
    assert!(!err.is_permanent(), "{err}");
    let listed = outbox(&commune.store).expect("outbox");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].status, OutboxStatus::Pending);
    assert_eq!(listed[0].attempts, 1);
    // The cut shows as the link dropping, or as the server's answer to a body cut short.
    assert!(
        listed[0]
            .reason
            .as_deref()
            .is_some_and(|r| r.starts_with("unreachable") || r.starts_with("malformed")),
        "{:?}",
        listed[0].reason
    );
    assert_eq!(listed[0].refusal_code, None);
    assert_eq!(
        sync_state(&commune.store).expect("state").refused_batches,
        0
    );

    sync_once_with(&mut commune.store, &server.url(), &quick_options()).expect("lands");
    assert!(outbox(&commune.store).expect("outbox").is_empty());
    assert_eq!(records_at(&path), 20);
}

/// The server's installation id, read from its store.
fn server_id(path: &std::path::Path) -> String {
    let store = rasoat_store::Store::open(path).expect("open");
    rasoat_batch::identity(&store)
        .expect("identity")
        .installation_id()
        .to_string()
}
