//! One commune, one district: a pass uploads the outbox, the receipt empties it, a second pass
//! sends nothing, new work goes in a new batch, and the district pulls nothing it has.

use rasoat_server::ServerConfig;
use rasoat_sync_client::{sync_once_with, sync_state};

use crate::common::*;

#[test]
fn a_pass_lands_the_outbox_once_and_the_next_sends_only_new_work() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut district) = district(dir.path());
    let mut commune = commune("00721");
    enrol_both(&mut commune, &mut district);
    drop(district);
    survey(&mut commune, "00721", 0..40);
    let server = start(&path, ServerConfig::default());

    let report = sync_once_with(&mut commune.store, &server.url(), &quick_options()).expect("sync");
    assert_eq!(report.batches_exported, 1);
    assert_eq!(report.batches_acknowledged, 1);
    assert_eq!(report.pending_batches, 0);
    assert_eq!(records_at(&path), 40);

    let again = sync_once_with(&mut commune.store, &server.url(), &quick_options()).expect("sync");
    assert_eq!(again.batches_exported, 0, "nothing new to send");
    assert_eq!(again.bytes_sent, 0);

    survey(&mut commune, "00721", 100..110);
    let more = sync_once_with(&mut commune.store, &server.url(), &quick_options()).expect("sync");
    assert_eq!(more.batches_exported, 1);
    assert_eq!(more.batches_acknowledged, 1);
    assert_eq!(records_at(&path), 50);
    assert_eq!(
        entries_at(&path, &commune.id),
        commune.store.status_vector().expect("status")[&commune.id]
    );

    let state = sync_state(&commune.store).expect("state");
    assert_eq!(state.pending_batches, 0);
    assert_eq!(state.history.len(), 3);
    assert!(state.last_success.is_some());
    assert_eq!(state.last_error, None);
}

#[test]
fn a_district_desktop_pulls_what_the_server_holds() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut server_site) = district(dir.path());
    let mut commune = commune("00721");
    enrol_both(&mut commune, &mut server_site);
    // The desktop is another district installation enrolled with the server.
    let mut desktop = site_in(
        rasoat_store::Store::open_in_memory().expect("store"),
        rasoat_domain::workflow::Role::District,
        "026",
    );
    enrol_both(&mut desktop, &mut server_site);
    drop(server_site);
    survey(&mut commune, "00721", 0..25);
    let server = start(&path, ServerConfig::default());
    sync_once_with(&mut commune.store, &server.url(), &quick_options()).expect("commune sync");

    let pulled = sync_once_with(&mut desktop.store, &server.url(), &quick_options()).expect("pull");
    assert_eq!(pulled.batches_pulled, 1);
    assert_eq!(pulled.records_pulled, 25);
    let again = sync_once_with(&mut desktop.store, &server.url(), &quick_options()).expect("pull");
    assert_eq!(again.batches_pulled, 0, "nothing it does not have yet");
}
