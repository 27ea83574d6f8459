//! Household transfers between communes, over HTTP against the real server and by batch file:
//! the district moves a household, the new commune receives it once with its records and the
//! transfer, the old commune sees where it went, and every transfer the rule does not allow is
//! refused with every table of the receiver unchanged.

use rasoat_batch::BatchError;
use rasoat_domain::workflow::Role;
use rasoat_server::ServerConfig;
use rasoat_store::Store;
use rasoat_sync_client::{sync_once_with, SyncError};

use crate::common::*;
use crate::hostile_peers::{digest, district_in_memory, refused_by_file, server_digest};

pub(crate) const REASON: &str = "Hộ chuyển đến ở với con trai";

/// (household id, commune on record) of every household a store holds.
pub(crate) fn households(store: &Store) -> Vec<(String, String)> {
    store
        .sql_for_tests()
        .prepare("SELECT id, commune_code FROM household ORDER BY id")
        .expect("select")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows")
}

/// The survey records a store holds of a household, with the commune each names.
pub(crate) fn records_of(store: &Store, household_id: &str) -> Vec<String> {
    store
        .sql_for_tests()
        .prepare("SELECT commune_code FROM survey_record WHERE household_id = ?1")
        .expect("select")
        .query_map([household_id], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows")
}

pub(crate) fn send(from: &mut Site, to: &mut Site, at: i64) -> rasoat_batch::ImportReport {
    let file = rasoat_batch::export_batch(&mut from.store, &to.id, at).expect("export");
    rasoat_batch::import_batch(&mut to.store, &file, at + 500).expect("import")
}

/// A district with communes 00715 (three households surveyed, held by the district) and 00730.
pub(crate) fn district_with_two_communes() -> (Site, Site, Site, String) {
    let mut district = district_in_memory();
    let mut a = commune("00715");
    let mut b = commune("00730");
    enrol_both(&mut a, &mut district);
    enrol_both(&mut b, &mut district);
    survey(&mut a, "00715", 0..3);
    send(&mut a, &mut district, AT + 2000);
    let (household, _) = households(&district.store).remove(0);
    (district, a, b, household)
}

#[test]
fn a_district_transfers_a_household_and_both_communes_learn_it_by_file() {
    let (mut district, mut a, mut b, household) = district_with_two_communes();
    let done = rasoat_batch::transfer_household(
        &mut district.store,
        &household,
        "00730",
        REASON,
        "cán bộ huyện",
        AT + 3000,
    )
    .expect("transfer");
    assert_eq!(
        (done.transfer.from.as_str(), done.transfer.to.as_str()),
        ("00715", "00730")
    );
    assert_eq!(
        district.store.household_commune(&household).expect("read"),
        Some("00730".into())
    );
    assert_eq!(records_of(&district.store, &household), ["00730"]);

    // The new commune receives the household once, with its record and the transfer.
    send(&mut district, &mut b, AT + 4000);
    assert_eq!(households(&b.store), [(household.clone(), "00730".into())]);
    assert_eq!(records_of(&b.store, &household), ["00730"]);
    let seen = b.store.household_transfers(&household).expect("history");
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].reason, REASON);
    assert_eq!(seen[0].actor, "cán bộ huyện");
    assert_eq!(
        (seen[0].transfer.from.as_str(), seen[0].transfer.to.as_str()),
        ("00715", "00730")
    );
    // Delivered twice (no receipt came back), the transfer changes nothing the second time.
    let before = digest(&b.store);
    let again = send(&mut district, &mut b, AT + 5000);
    assert_eq!(again.new, 0);
    let after = digest(&b.store);
    for table in ["household", "survey_record", "journal", "answers"] {
        assert_eq!(after[table], before[table], "{table}");
    }

    // The old commune sees the household moved away and where it went, and no longer lists it
    // to edit; it keeps its record as history.
    let listed = |site: &Site| {
        site.store
            .list_households(&rasoat_store::ListFilter::default())
            .expect("list")
            .into_iter()
            .map(|row| row.id)
            .collect::<Vec<_>>()
    };
    assert!(listed(&a).contains(&household));
    send(&mut district, &mut a, AT + 4000);
    assert!(!listed(&a).contains(&household));
    assert_eq!(listed(&a).len(), 2);
    assert_eq!(records_of(&a.store, &household), ["00715"]);
    // Its own form no longer saves the household, nor takes a review step on it.
    let before = digest(&a.store);
    let day: rasoat_domain::Date = "2025-10-01".parse().expect("date");
    let answers = rasoat_demo::synthetic::household(0, "02", "00715", "Thôn Thử", 5, day);
    assert_eq!(answers.id.to_string(), household);
    let round = a.round.id.clone();
    let err = a
        .store
        .save_household(&round, &answers, None, "cán bộ xã", AT + 4500)
        .expect_err("moved away");
    assert!(
        matches!(&err, rasoat_store::StoreError::TransferredAway { to, .. } if to == "00730"),
        "{err}"
    );
    let err = a
        .store
        .review(
            &household,
            &round,
            &rasoat_domain::workflow::ReviewAction::Complete,
            "cán bộ xã",
            "",
            AT + 4500,
        )
        .expect_err("moved away");
    assert!(err.to_string().contains("đã chuyển sang xã 00730"), "{err}");
    assert_eq!(digest(&a.store), before);
    assert!(listed(&b).contains(&household));
    assert!(listed(&district).contains(&household));
    assert_eq!(
        a.store.household_commune(&household).expect("read"),
        Some("00730".into())
    );
    let seen = a.store.household_transfers(&household).expect("history");
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].transfer.to, "00730");

    // The new commune edits it: accepted at the district.
    survey(&mut b, "00730", 0..1);
    let report = send(&mut b, &mut district, AT + 6000);
    assert_eq!(report.updated, 1);
    assert_eq!(records_of(&district.store, &household), ["00730"]);

    // The old commune edits it as its own: kept as history, the record stays the new
    // commune's (`late_edits.rs`).
    let at_b = digest(&district.store);
    survey(&mut a, "00715", 0..1);
    send(&mut a, &mut district, AT + 8000);
    assert_eq!(records_of(&district.store, &household), ["00730"]);
    assert_eq!(
        digest(&district.store)["survey_record"],
        at_b["survey_record"]
    );
    assert_eq!(
        district
            .store
            .household_late_edits(&household)
            .expect("history")
            .len(),
        1
    );
}

#[test]
fn only_an_office_covering_both_communes_may_transfer() {
    let (mut district, mut a, _b, household) = district_with_two_communes();
    let before = digest(&district.store);
    for (to, reason) in [("00999", REASON), ("00730", "  ")] {
        let err = rasoat_batch::transfer_household(
            &mut district.store,
            &household,
            to,
            reason,
            "cán bộ huyện",
            AT + 3000,
        )
        .expect_err("refused");
        assert!(err.to_string().contains(" / "), "{err}");
    }
    let err = rasoat_batch::transfer_household(
        &mut district.store,
        "no-such-household",
        "00730",
        REASON,
        "cán bộ huyện",
        AT + 3000,
    )
    .expect_err("refused");
    assert!(err.to_string().contains("no such household"), "{err}");
    assert_eq!(digest(&district.store), before, "the district changed");

    // A commune may not give its own household to a neighbour, even by its own means.
    let before = digest(&a.store);
    let err = rasoat_batch::transfer_household(
        &mut a.store,
        &household,
        "00730",
        REASON,
        "cán bộ xã",
        AT + 3000,
    )
    .expect_err("refused");
    assert!(
        matches!(&err, BatchError::TransferRefused { from, to, .. } if from == "00715" && to == "00730"),
        "{err}"
    );
    assert_eq!(digest(&a.store), before, "the commune changed");
    // A modified build writes the transfer anyway: the district refuses it.
    a.store
        .transfer_household(&household, "00730", REASON, "cán bộ xã", AT + 3000)
        .expect("written by a modified build");
    let file = rasoat_batch::export_batch(&mut a.store, &district.id, AT + 4000).expect("export");
    let err = refused_by_file(&mut district, &file, AT + 5000);
    assert!(
        matches!(&err, BatchError::TransferNotAllowed { from, to, .. } if from == "00715" && to == "00730"),
        "{err}"
    );
}

#[test]
fn an_enumerator_transfers_nothing() {
    let mut receiver = commune("00715");
    let mut enumerator = site_in(
        Store::open_in_memory().expect("store"),
        Role::Enumerator,
        "00715",
    );
    enrol(&mut receiver.store, &enumerator.card, AT).expect("enrol");
    enrol(&mut enumerator.store, &receiver.card, AT).expect("enrol");
    survey(&mut enumerator, "00715", 0..2);
    send(&mut enumerator, &mut receiver, AT + 2000);
    let (household, _) = households(&enumerator.store).remove(0);
    enumerator
        .store
        .transfer_household(&household, "00730", REASON, "điều tra viên", AT + 3000)
        .expect("written by a modified build");
    let file =
        rasoat_batch::export_batch(&mut enumerator.store, &receiver.id, AT + 4000).expect("export");
    let err = refused_by_file(&mut receiver, &file, AT + 5000);
    assert!(
        matches!(err, BatchError::TransferNotAllowed { .. }),
        "{err}"
    );
}

#[test]
fn a_transfer_outside_the_origins_units_or_from_where_the_household_is_not_is_refused() {
    let (mut district, mut a, _b, household) = district_with_two_communes();
    // To a commune outside the district's units, written by a modified build: the commune the
    // household leaves reads the transfer, and refuses it.
    district
        .store
        .transfer_household(&household, "00999", REASON, "cán bộ huyện", AT + 3000)
        .expect("written by a modified build");
    let file = rasoat_batch::export_batch(&mut district.store, &a.id, AT + 4000).expect("export");
    let err = refused_by_file(&mut a, &file, AT + 5000);
    assert!(
        matches!(&err, BatchError::TransferNotAllowed { to, .. } if to == "00999"),
        "{err}"
    );

    // Two offices transfer the same household: the second arrives where the first already
    // moved it, from a commune the receiver no longer holds it at.
    let (mut district, mut a, _b, household) = district_with_two_communes();
    let mut other = district_in_memory();
    enrol(&mut other.store, &a.card, AT).expect("enrol");
    enrol(&mut a.store, &other.card, AT).expect("enrol");
    enrol(&mut other.store, &district.card, AT).expect("enrol");
    enrol(&mut district.store, &other.card, AT).expect("enrol");
    send(&mut a, &mut other, AT + 2000);
    rasoat_batch::transfer_household(
        &mut district.store,
        &household,
        "00721",
        REASON,
        "cán bộ huyện",
        AT + 3000,
    )
    .expect("first transfer");
    let theirs = rasoat_batch::transfer_household(
        &mut other.store,
        &household,
        "00730",
        REASON,
        "cán bộ huyện",
        AT + 3000,
    )
    .expect("second transfer");
    let file =
        rasoat_batch::export_batch(&mut other.store, &district.id, AT + 4000).expect("export");
    let err = refused_by_file(&mut district, &file, AT + 5000);
    assert!(
        matches!(&err, BatchError::MovesHousehold { seq, from, .. } if *seq == theirs.seq && from == "00721"),
        "{err}"
    );
}

#[test]
fn a_transfer_travels_over_http_and_a_communes_own_transfer_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut district) = district(dir.path());
    let mut a = commune("00715");
    let mut b = commune("00730");
    enrol_both(&mut a, &mut district);
    enrol_both(&mut b, &mut district);
    let mut c = commune("00721");
    enrol_both(&mut c, &mut district);
    drop(district);
    survey(&mut a, "00715", 0..3);
    survey(&mut c, "00721", 10..12);
    let server = start(&path, ServerConfig::default());
    let url = server.url();
    sync_once_with(&mut a.store, &url, &quick_options()).expect("a syncs");
    let household = {
        let mut district = Store::open(&path).expect("open");
        let (household, _) = households(&district).remove(0);
        rasoat_batch::transfer_household(
            &mut district,
            &household,
            "00730",
            REASON,
            "cán bộ huyện",
            AT + 3000,
        )
        .expect("transfer");
        household
    };
    sync_once_with(&mut b.store, &url, &quick_options()).expect("b pulls");
    assert_eq!(households(&b.store), [(household.clone(), "00730".into())]);
    assert_eq!(
        b.store.household_transfers(&household).expect("read").len(),
        1
    );
    sync_once_with(&mut a.store, &url, &quick_options()).expect("a pulls");
    assert_eq!(
        a.store.household_commune(&household).expect("read"),
        Some("00730".into())
    );

    survey(&mut b, "00730", 0..1);
    sync_once_with(&mut b.store, &url, &quick_options()).expect("b's edit is accepted");

    // The old commune's edit after the transfer is kept as history, never applied.
    survey(&mut a, "00715", 0..1);
    let before = server_digest(&path);
    let mut options = quick_options();
    options.pull = false;
    sync_once_with(&mut a.store, &url, &options).expect("kept as history");
    assert_eq!(
        server_digest(&path)["survey_record"],
        before["survey_record"]
    );
    assert_eq!(server_digest(&path)["household"], before["household"]);

    // A commune's transfer of its own household, written by a modified build, is refused by
    // the server too.
    sync_once_with(&mut c.store, &url, &quick_options()).expect("c syncs");
    let (own, _) = households(&c.store).remove(0);
    c.store
        .transfer_household(&own, "00730", REASON, "cán bộ xã", AT + 8000)
        .expect("written by a modified build");
    let before = server_digest(&path);
    let err = sync_once_with(&mut c.store, &url, &options).expect_err("refused");
    assert!(
        matches!(&err, SyncError::BatchRefused { code, .. } if code == "wrong_unit"),
        "{err}"
    );
    assert_eq!(server_digest(&path), before, "the server changed");
}
