//! Reference units: the 19 units of former Đồng Văn district, the communes they became on
//! 01/07/2025, loading a GSO list, and reports in old or new units.

use rasoat_demo::synthetic;
use rasoat_store::{RoundKind, SurveyResult, UnitBasis};

use crate::support::{commune_store, date, AT};

#[test]
fn the_reference_data_holds_the_19_units_and_their_successors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, _, _) = commune_store(dir.path());
    let units = store.units().expect("units");
    let old: Vec<_> = units
        .iter()
        .filter(|u| u.parent_code.as_deref() == Some("026"))
        .collect();
    assert_eq!(old.len(), 19);
    assert_eq!(old.iter().filter(|u| u.kind == "Thị trấn").count(), 2);
    let new: Vec<_> = units
        .iter()
        .filter(|u| u.level == "commune" && u.valid_from == "2025-07-01")
        .map(|u| u.code.as_str())
        .collect();
    assert_eq!(
        new,
        vec!["00715", "00721", "00733", "00745", "00763", "00820"]
    );
    // Every old commune has exactly one successor; spot-check the table of §4.3.
    for (old_code, new_code) in [
        ("00712", "00745"),
        ("00718", "00715"),
        ("00736", "00733"),
        ("00757", "00763"),
        ("00760", "00820"),
        ("00766", "00763"),
    ] {
        let next = store
            .successors(old_code, "2004-07-08")
            .expect("successors");
        assert_eq!(next.len(), 1, "{old_code}");
        assert_eq!(next[0].code, new_code, "{old_code}");
    }
    // Same code, different unit: 00715 in 2024 is old xã Lũng Cú, in 2025 the merged one.
    let before = store
        .unit_on("00715", "2025-06-30")
        .expect("unit")
        .expect("exists");
    let after = store
        .unit_on("00715", "2025-07-01")
        .expect("unit")
        .expect("exists");
    assert_ne!(before.valid_from, after.valid_from);
    assert_eq!(before.parent_code.as_deref(), Some("026"));
    assert_eq!(after.parent_code.as_deref(), Some("08"));
}

#[test]
fn reports_count_in_old_or_new_units() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round_2025, _) = commune_store(dir.path());
    let round_2024 = store
        .open_round(2024, RoundKind::Periodic, None, "nd07-2021", "a", AT)
        .expect("2024");
    let poor = SurveyResult {
        standard_id: "nd07-2021".into(),
        method: "score".into(),
        class: "poor".into(),
        score_a: Some(100),
        score_b: Some(40),
        deprived: vec![],
        phieu_a: None,
    };
    // Two households of old Má Lé (00718) and one of old Lũng Táo (00724), all now Lũng Cú.
    for (n, commune) in [(1u64, "00718"), (2, "00718"), (3, "00724")] {
        let then = synthetic::household(n, "02", commune, "Thôn (thử)", 4, date("2024-10-01"));
        store
            .save_household(&round_2024.id, &then, Some(&poor), "a", AT)
            .expect("2024");
        let now = synthetic::household(n, "08", "00715", "Thôn (thử)", 4, date("2025-10-01"));
        store
            .save_household(&round_2025.id, &now, Some(&poor), "a", AT)
            .expect("2025");
    }
    let counts = |round: &str, basis| {
        store
            .class_counts(round, basis)
            .expect("counts")
            .into_iter()
            .map(|c| (c.unit_code, c.class, c.households))
            .collect::<Vec<_>>()
    };
    let p = |code: &str, n| (code.to_string(), "poor".to_string(), n);
    assert_eq!(
        counts(&round_2025.id, UnitBasis::AsRecorded),
        vec![p("00715", 3)]
    );
    assert_eq!(
        counts(&round_2025.id, UnitBasis::Old),
        vec![p("00718", 2), p("00724", 1)]
    );
    assert_eq!(counts(&round_2024.id, UnitBasis::New), vec![p("00715", 3)]);
    assert_eq!(
        counts(&round_2024.id, UnitBasis::Old),
        vec![p("00718", 2), p("00724", 1)]
    );
}

#[test]
fn a_gso_unit_list_loads() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _, _) = commune_store(dir.path());
    let path = dir.path().join("gso.csv");
    std::fs::write(
        &path,
        "Tỉnh / Thành Phố,Mã TP,Phường Xã,Mã PX,Cấp\n\
         Tỉnh Tuyên Quang,08,Xã Mèo Vạc,00781,Xã\n\
         Tỉnh Tuyên Quang,08,Phường Hà Giang 1,00688,Phường\n",
    )
    .expect("write");
    let n = store
        .load_gso_units(&path, "2025-07-01", "CV 1027/CTK-CSCL (thử)")
        .expect("load");
    assert_eq!(n, 2);
    let ward = store
        .unit_on("00688", "2025-08-01")
        .expect("unit")
        .expect("loaded");
    assert_eq!(
        (ward.kind.as_str(), ward.parent_code.as_deref()),
        ("Phường", Some("08"))
    );
    assert_eq!(
        store
            .load_gso_units(&path, "2025-07-01", "x")
            .expect("again"),
        2,
        "idempotent"
    );
    assert_eq!(
        store
            .units()
            .expect("units")
            .iter()
            .filter(|u| u.code == "00688")
            .count(),
        1
    );
}

/// A commune a later list merged away stays closed when the app loads its shipped units again
/// (at every window open): the shipped list, which leaves it open, never reopens it, so the
/// households surveyed after the merger are never counted in a commune that no longer exists.
#[test]
fn a_commune_a_later_list_closed_stays_closed_when_the_shipped_units_load_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _, _) = commune_store(dir.path());
    let path = dir.path().join("gso-2027.csv");
    std::fs::write(
        &path,
        "Tỉnh / Thành Phố,Mã TP,Phường Xã,Mã PX,Cấp,Mã xã cũ\n\
         Tỉnh Tuyên Quang,08,Xã Cao Nguyên Đá (thử),99930,Xã,00721; 00733\n",
    )
    .expect("write");
    store
        .load_gso_units(&path, "2027-01-01", "danh mục thử")
        .expect("load");
    let closed = |store: &rasoat_store::Store| {
        store
            .unit_on("00721", "2026-12-31")
            .expect("unit")
            .and_then(|u| u.valid_to)
    };
    assert_eq!(closed(&store).as_deref(), Some("2026-12-31"));
    let digests = store.table_digests().expect("digests");

    store.load_reference_units().expect("shipped units again");

    assert_eq!(closed(&store).as_deref(), Some("2026-12-31"));
    assert!(store
        .unit_on("00721", "2027-01-02")
        .expect("unit")
        .is_none());
    assert_eq!(
        store.table_digests().expect("digests"),
        digests,
        "the shipped units loaded again write nothing"
    );
}
