//! A province office as an installation: since 1 July 2025 Đồng Văn's communes report to
//! Tuyên Quang (province 08), whose installation enrols them, opens the periodic round, runs
//! the sync server and imports their batches by file and over HTTP, and may not write a
//! household of a commune outside its province.

use rasoat_batch::BatchError;
use rasoat_domain::workflow::Role;
use rasoat_server::ServerConfig;
use rasoat_store::{RoundKind, Store};
use rasoat_sync_client::sync_once_with;

use crate::common::*;
use crate::hostile_peers::{digest, refused_by_file};
use crate::transfers::{households, send};

/// Tuyên Quang since the 2025 merger (`assets/admin-units/units.csv`).
const TUYEN_QUANG: &str = "08";

/// Whether the store holds a periodic round of `year`.
fn holds_periodic(store: &Store, year: i32) -> bool {
    store
        .rounds()
        .expect("rounds")
        .iter()
        .any(|r| r.year == year && r.kind == RoundKind::Periodic)
}

#[test]
fn a_province_enrols_a_commune_opens_the_periodic_round_and_imports_by_file_and_over_http() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("province.sqlite");
    let mut province = site_in(
        Store::open(&path).expect("store"),
        Role::Province,
        TUYEN_QUANG,
    );
    assert_eq!(
        province.store.installation().expect("installation").role,
        Role::Province
    );
    // Xã Đồng Văn (00721) and Xã Lũng Cú (00715) as they are since 07/2025, under province 08.
    let mut dong_van = commune("00721");
    let mut lung_cu = commune("00715");
    enrol_both(&mut dong_van, &mut province);
    enrol_both(&mut lung_cu, &mut province);

    // The province opens the next periodic round; it reaches the commune, which did not hold
    // it, and the commune surveys in it.
    let round = province
        .store
        .open_round(
            2026,
            RoundKind::Periodic,
            None,
            "nd07-2021",
            "cán bộ tỉnh",
            AT + 500,
        )
        .expect("round");
    assert!(!holds_periodic(&dong_van.store, 2026));
    send(&mut province, &mut dong_van, AT + 600);
    assert!(holds_periodic(&dong_van.store, 2026));
    let commune_round = dong_van
        .store
        .rounds()
        .expect("rounds")
        .into_iter()
        .find(|r| r.year == 2026 && r.kind == RoundKind::Periodic)
        .expect("2026");
    survey_at(&mut dong_van, &commune_round.id, "00721", 0..4, AT + 1000);

    // By file: the commune's batch lands at the province, in the province's own round.
    let report = send(&mut dong_van, &mut province, AT + 2000);
    assert_eq!(report.new, 4);
    let held = households(&province.store);
    assert_eq!(held.len(), 4);
    assert!(
        held.iter().all(|(_, commune)| commune == "00721"),
        "{held:?}"
    );
    let in_round: i64 = province
        .store
        .sql_for_tests()
        .query_row(
            "SELECT COUNT(*) FROM survey_record WHERE round_id = ?1",
            [&round.id],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(in_round, 4);

    // Over HTTP: the province runs the sync server; Lũng Cú uploads its households and pulls
    // the periodic round the province opened.
    drop(province);
    let server = start(&path, ServerConfig::default());
    let url = server.url();
    survey(&mut lung_cu, "00715", 100..103);
    assert!(!holds_periodic(&lung_cu.store, 2026));
    let pass = sync_once_with(&mut lung_cu.store, &url, &quick_options()).expect("sync");
    assert!(pass.batches_pulled > 0, "{pass:?}");
    assert!(holds_periodic(&lung_cu.store, 2026));
    assert_eq!(records_at(&path), 4 + 3);
    // It reads only its own commune's households, never Đồng Văn's.
    assert!(households(&lung_cu.store)
        .iter()
        .all(|(_, commune)| commune == "00715"));
}

#[test]
fn a_commune_cannot_open_a_periodic_round_at_the_province() {
    let mut province = site_in(
        Store::open_in_memory().expect("store"),
        Role::Province,
        TUYEN_QUANG,
    );
    let mut commune = commune("00721");
    enrol_both(&mut commune, &mut province);
    commune
        .store
        .open_round(
            2026,
            RoundKind::Periodic,
            None,
            "nd07-2021",
            "test",
            AT + 500,
        )
        .expect("round");
    let file =
        rasoat_batch::export_batch(&mut commune.store, &province.id, AT + 2000).expect("export");
    let err = refused_by_file(&mut province, &file, AT + 3000);
    assert!(matches!(err, BatchError::RoundNotAllowed { .. }), "{err}");
}

/// A commune of another province, known to `store` as its reference units would list it:
/// the shipped units are Đồng Văn's only.
fn add_other_province(store: &Store) {
    store
        .sql_for_tests()
        .execute_batch(
            "INSERT INTO admin_unit (code, valid_from, valid_to, name, level, kind, parent_code,
                                     source)
             VALUES ('01', '2025-07-01', NULL, 'Tỉnh Thử', 'province', 'Tỉnh', NULL, 'thử'),
                    ('00004', '2025-07-01', NULL, 'Xã Thử', 'commune', 'Xã', '01', 'thử');",
        )
        .expect("units");
}

#[test]
fn a_province_cannot_write_a_household_of_a_commune_outside_its_province() {
    // A commune of province 01 enrolled Tuyên Quang's installation (by a modified app);
    // Tuyên Quang's batch of households of that commune is refused whole, with nothing stored.
    let mut store = Store::open_in_memory().expect("store");
    store.load_reference_units().expect("units");
    add_other_province(&store);
    let mut other = site_in(store, Role::Commune, "00004");
    let mut store = Store::open_in_memory().expect("store");
    store.load_reference_units().expect("units");
    add_other_province(&store);
    let mut province = site_in(store, Role::Province, TUYEN_QUANG);
    // This build refuses both enrolments; stores made otherwise must still refuse the batch.
    enrol_past_the_check(&mut other.store, &province.card);
    enrol_past_the_check(&mut province.store, &other.card);
    survey(&mut province, "00004", 0..3);
    let file =
        rasoat_batch::export_batch(&mut province.store, &other.id, AT + 2000).expect("export");
    let before = digest(&other.store);
    let err = refused_by_file(&mut other, &file, AT + 3000);
    assert!(
        matches!(&err, BatchError::OutsideUnit { unit, .. } if unit == "00004"),
        "{err}"
    );
    assert_eq!(digest(&other.store), before);
    assert!(households(&other.store).is_empty());
}
