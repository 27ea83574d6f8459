//! The 2026 round's opening list from the window: the lists the round has, the opening one
//! disabled until NĐ 351's method is loaded and every step of it refused until then with every
//! table unchanged; then the village meets on it and the chairman recognises it, the forms'
//! own states unchanged.

mod common;
use common::{boot, call};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

fn temp_store(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "rasoat-desktop-opening-steps-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join("store.sqlite")
}

fn example(name: &str) -> Value {
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../examples/households/")
            .join(name),
    )
    .expect("example");
    serde_json::from_str(&text).expect("json")
}

fn digest(db: &Path) -> BTreeMap<String, String> {
    rasoat_store::Store::open(db)
        .expect("second connection")
        .table_digests()
        .expect("table digests")
}

/// NĐ 351's method loaded, as the district's batch would bring it (the store made to look like
/// an office for the load, as a tampered build could).
fn load_method(db: &Path) {
    let mut store = rasoat_store::Store::open(db).expect("second connection");
    let shipped = include_str!("../../assets/standards/national.json");
    let text = shipped.replacen(
        "\"id\": \"nd351-2025\",",
        "\"id\": \"nd351-2025\", \"official_method\": \"Thông tư hướng dẫn (tệp thử)\",",
        1,
    );
    let role = |store: &rasoat_store::Store, role: &str| {
        store
            .sql_for_tests()
            .execute("UPDATE installation SET role = ?1", [role])
            .expect("role");
    };
    role(&store, "district");
    store
        .load_standards(&text, None, "cán bộ huyện", 1_790_000_000_000)
        .expect("loaded");
    role(&store, "commune");
}

fn ids_of(rows: &Value) -> Vec<String> {
    rows.as_array()
        .expect("rows")
        .iter()
        .map(|r| r["id"].as_str().expect("id").to_string())
        .collect()
}

#[test]
fn the_opening_list_is_met_on_and_recognised_once_its_method_is_loaded() {
    let db = temp_store("opening");
    let (_app, w) = boot(db.clone());
    call(
        &w,
        "setup",
        json!({"input": {"role": "commune", "unit_code": "00730", "user_name": "Cán bộ thử",
                         "year": 2026, "demo_households": 0}}),
    )
    .expect("setup");
    let lists = call(&w, "step_lists", json!({})).expect("lists");
    assert_eq!(lists["closing_standard"], "NĐ 07/2021", "{lists}");
    assert_eq!(lists["opening_standard"], "NĐ 351/2025", "{lists}");
    assert_eq!(lists["status_year"], 2027);
    assert_eq!(lists["opening_official"], false);

    let forms = [
        example("01-ngheo-diem-a-90.json"),
        example("02-can-ngheo-hai-thieu-hut.json"),
    ];
    let ids: Vec<String> = forms
        .iter()
        .map(|f| f["id"].as_str().expect("id").to_string())
        .collect();
    for form in &forms {
        call(
            &w,
            "save_household",
            json!({"household": form, "complete": true}),
        )
        .expect("completed");
    }
    // The first accepted, the second only completed.
    call(
        &w,
        "review_household",
        json!({"id": ids[0], "input": {"kind": "accept"}}),
    )
    .expect("accepted");
    // The form shows the opening list beside its own state once accepted, and not before.
    let form_opening =
        |id: &str| call(&w, "open_household", json!({"id": id})).expect("form")["opening"].clone();
    let opening = form_opening(&ids[0]);
    assert_eq!(opening["status"], "not_met", "{opening}");
    assert_eq!(opening["status_year"], 2027);
    assert_eq!(opening["standard"], "NĐ 351/2025");
    assert_eq!(form_opening(&ids[1]), Value::Null, "a form not accepted");

    let meeting = |ids: &[String]| {
        call(
            &w,
            "record_opening_meeting",
            json!({"input": {"household_ids": ids, "village": "Thôn thử",
                             "held_on": "2026-11-05", "attendees": 30, "agreeing": 20}}),
        )
    };
    let before = digest(&db);
    let err = meeting(&ids[..1]).expect_err("no official method");
    assert_eq!(err["code"], "refused", "{err}");
    assert_eq!(
        err["message"]["code"], "error.transition.no_official_method",
        "{err}"
    );
    assert_eq!(digest(&db), before);

    let err = call(
        &w,
        "dashboard_print",
        json!({"input": {"kind": "certificates", "list": "opening"}}),
    )
    .expect_err("no certificate without a method");
    assert_eq!(
        err["message"]["code"], "error.transition.no_official_method",
        "{err}"
    );

    load_method(&db);
    let lists = call(&w, "step_lists", json!({})).expect("lists");
    assert_eq!(lists["opening_official"], true);
    let before = digest(&db);
    let err = meeting(&ids).expect_err("the second form is not accepted");
    assert_eq!(
        err["message"]["code"], "error.transition.form_not_accepted",
        "{err}"
    );
    assert_eq!(digest(&db), before);

    let waiting = call(
        &w,
        "opening_households",
        json!({"query": {"village": null, "village_id": null, "step": "meeting"}}),
    )
    .expect("waiting");
    assert_eq!(
        ids_of(&waiting),
        ids[..1].to_vec(),
        "only the accepted form"
    );
    assert_eq!(waiting[0]["status"], "not_met");
    // Its class under NĐ 351, or why it has none (a form scored by TT 07 may have no measured
    // income for NĐ 351's lines).
    assert!(
        waiting[0]["class"].is_string() || waiting[0]["unclassified"]["code"].is_string(),
        "{waiting}"
    );

    let done = meeting(&ids[..1]).expect("the meeting");
    assert_eq!(done["households"], 1);
    assert_eq!(done["moved_on"], 1);
    let agreed = call(
        &w,
        "opening_households",
        json!({"query": {"village": null, "village_id": null, "step": "recognition"}}),
    )
    .expect("agreed");
    assert_eq!(ids_of(&agreed), ids[..1].to_vec());
    assert_eq!(form_opening(&ids[0])["status"], "agreed");
    let done = call(
        &w,
        "record_opening_recognition",
        json!({"input": {"household_ids": &ids[..1], "decision_number": "45/QĐ-UBND",
                         "decided_on": "2026-12-15"}}),
    )
    .expect("recognised");
    assert_eq!(done["households"], 1);
    let left = call(
        &w,
        "opening_households",
        json!({"query": {"village": null, "village_id": null, "step": "recognition"}}),
    )
    .expect("none left");
    assert_eq!(left.as_array().map(Vec::len), Some(0));
    let opening = form_opening(&ids[0]);
    assert_eq!(opening["status"], "recognised", "{opening}");
    assert_eq!(opening["decision_number"], "45/QĐ-UBND");
    assert_eq!(opening["decided_on"], "2026-12-15");
    // The opening list's certificates print from the window, titled for 2027.
    let printed = call(
        &w,
        "dashboard_print",
        json!({"input": {"kind": "certificates", "list": "opening"}}),
    )
    .expect("certificates");
    assert!(
        printed["html"]
            .as_str()
            .is_some_and(|h| h.contains("năm 2027 — rà soát năm 2026")),
        "{printed}"
    );
    // The form's own state is where the closing track left it.
    let accepted = call(
        &w,
        "list_households",
        json!({"query": {"status": "accepted", "returned_first": false}}),
    )
    .expect("list");
    assert_eq!(ids_of(&accepted["rows"]), ids[..1].to_vec());
}
