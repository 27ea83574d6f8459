//! The first run's demo makes households of the installation's own unit only: a commune set up
//! as it was before 1 July 2025 (xã Thài Phìn Tủng, 00730) in a later round gets the households
//! of the commune it became part of (xã Đồng Văn, 00721), never the other Đồng Văn communes' its
//! district would refuse as outside its unit.

mod common;
use common::{boot, call};

use serde_json::json;

#[test]
fn a_former_commune_s_demo_households_are_its_own_commune_s() {
    let dir = std::env::temp_dir().join(format!("rasoat-demo-own-unit-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("store.sqlite");
    let (_app, w) = boot(path.clone());
    call(
        &w,
        "setup",
        json!({"input": {"role": "commune", "unit_code": "00730", "user_name": "Cán bộ thử",
                         "year": 2026, "demo_households": 30}}),
    )
    .expect("setup");
    let store = rasoat_store::Store::open(&path).expect("second connection");
    let communes: Vec<(String, i64)> = {
        let mut stmt = store
            .sql_for_tests()
            .prepare("SELECT commune_code, COUNT(*) FROM household GROUP BY commune_code")
            .expect("prepare");
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("query");
        rows.map(|r| r.expect("row")).collect()
    };
    assert_eq!(communes, vec![("00721".to_string(), 30)]);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Two laptops of one commune shown the first run's demo give their commune no household twice
/// and no code twice.
#[test]
fn two_installations_demo_households_share_no_id_and_no_code() {
    let dir = std::env::temp_dir().join(format!("rasoat-demo-two-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let held = |name: &str| {
        let path = dir.join(format!("{name}.sqlite"));
        let (_app, w) = boot(path.clone());
        call(
            &w,
            "setup",
            json!({"input": {"role": "commune", "unit_code": "00721", "user_name": "Cán bộ thử",
                             "year": 2026, "demo_households": 20}}),
        )
        .expect("setup");
        let store = rasoat_store::Store::open(&path).expect("second connection");
        let mut stmt = store
            .sql_for_tests()
            .prepare("SELECT id, code FROM household")
            .expect("prepare");
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .expect("query");
        rows.map(|r| r.expect("row"))
            .collect::<Vec<(String, String)>>()
    };
    let one = held("may-1");
    let two = held("may-2");
    assert_eq!(one.len(), 20);
    assert_eq!(two.len(), 20);
    for (id, code) in &one {
        assert!(two.iter().all(|(i, _)| i != id), "id {id} on both laptops");
        assert!(
            two.iter().all(|(_, c)| c != code),
            "code {code} on both laptops"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
