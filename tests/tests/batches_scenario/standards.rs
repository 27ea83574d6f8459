//! An office's standards file travels down to its communes in a batch, so a commune may then
//! recognise the list the file's method decides; a file from a commune is refused by the
//! district, every table unchanged.

use rasoat_batch::{export_batch, import_batch, BatchError};
use rasoat_domain::standard::Standards;
use rasoat_domain::workflow::Role;

use crate::support::{digest_all, enrol_both, site, AT};

/// NĐ 351/2025 as shipped, naming an official method: an office's file.
fn nd351_with_method() -> String {
    let mut all = Standards::national();
    all.standards.retain(|s| s.id == "nd351-2025");
    all.standards[0].official_method = Some("Thông tư hướng dẫn (tệp thử)".into());
    serde_json::to_string_pretty(&all).expect("json")
}

fn official(store: &rasoat_store::Store) -> bool {
    store
        .standards()
        .expect("standards")
        .by_id("nd351-2025")
        .is_some_and(|s| s.official_method.is_some())
}

#[test]
fn the_district_s_standards_file_reaches_the_commune() {
    let mut commune = site(Role::Commune, "00721");
    let mut district = site(Role::District, "026");
    enrol_both(&mut commune, &mut district);
    assert!(!official(&commune.store));
    let loaded = district
        .store
        .load_standards(&nd351_with_method(), None, "cán bộ huyện", AT + 1000)
        .expect("loaded");
    let down = export_batch(&mut district.store, &commune.id, AT + 2000).expect("export");
    import_batch(&mut commune.store, &down, AT + 3000).expect("import");
    assert!(official(&commune.store));
    let held = commune.store.loaded_standards().expect("list");
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].digest, loaded.digest);
    assert_eq!(held[0].origin, district.id);
}

#[test]
fn a_commune_s_standards_file_is_refused_by_the_district() {
    let mut commune = site(Role::Commune, "00721");
    let mut district = site(Role::District, "026");
    enrol_both(&mut commune, &mut district);
    // A tampered build writes the entry anyway.
    let sql = commune.store.sql_for_tests();
    sql.execute("UPDATE installation SET role = 'district'", [])
        .expect("pretend");
    commune
        .store
        .load_standards(&nd351_with_method(), None, "cán bộ xã", AT + 1000)
        .expect("the tampered store writes it");
    commune
        .store
        .sql_for_tests()
        .execute("UPDATE installation SET role = 'commune'", [])
        .expect("back");
    let file = export_batch(&mut commune.store, &district.id, AT + 2000).expect("export");
    let before = digest_all(&district.store);
    let err = import_batch(&mut district.store, &file, AT + 3000).expect_err("refused");
    assert!(
        matches!(err, BatchError::StandardsNotAllowed { .. }),
        "{err}"
    );
    assert!(
        err.to_string().contains("không phải máy của huyện"),
        "{err}"
    );
    assert_eq!(digest_all(&district.store), before);
    assert!(!official(&district.store));
}
