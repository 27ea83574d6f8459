//! The commune's list of villages through the window's commands (the demo's villages listed,
//! added, a second spelling refused, retired), and the queue's warnings for each form.

mod common;
use common::{boot, call};

use std::path::PathBuf;

use serde_json::{json, Value};

fn temp_store(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "rasoat-desktop-villages-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join("store.sqlite")
}

fn names(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("list")
        .iter()
        .map(|v| v["name"].as_str().expect("name").to_string())
        .collect()
}

#[test]
fn the_commune_keeps_its_villages_and_the_demos_are_listed() {
    let path = temp_store("list");
    let (_app, w) = boot(path);
    call(
        &w,
        "setup",
        json!({"input": {"role": "commune", "unit_code": "00730", "user_name": "Cán bộ thử",
                         "year": 2024, "demo_households": 20}}),
    )
    .expect("setup");
    // The demo's villages are in the list, each marked as invented.
    let demo = names(&call(&w, "villages", json!({})).expect("villages"));
    assert!(!demo.is_empty());
    assert!(demo.iter().all(|v| v.ends_with("(mẫu)")), "{demo:?}");

    let list = call(&w, "add_village", json!({"name": "Thôn Cán Pản (thử)"})).expect("added");
    assert!(names(&list).contains(&"Thôn Cán Pản (thử)".to_string()));
    // The same village without its tones is refused, naming the one listed.
    let err = call(&w, "add_village", json!({"name": "thon can pan (thu)"}))
        .expect_err("a second spelling");
    assert_eq!(
        err["message"]["code"], "error.store.village_exists",
        "{err}"
    );
    assert_eq!(
        err["message"]["params"]["name"], "Thôn Cán Pản (thử)",
        "{err}"
    );

    let list = call(
        &w,
        "set_village_retired",
        json!({"name": "Thôn Cán Pản (thử)", "retired": true}),
    )
    .expect("retired");
    let retired = list
        .as_array()
        .expect("list")
        .iter()
        .find(|v| v["name"] == "Thôn Cán Pản (thử)")
        .expect("still listed");
    assert_eq!(retired["retired"], true);
}

#[test]
fn the_queue_says_each_forms_warnings() {
    let path = temp_store("queue");
    let (_app, w) = boot(path);
    call(
        &w,
        "setup",
        json!({"input": {"role": "commune", "unit_code": "00721", "user_name": "Cán bộ thử",
                         "year": 2024, "demo_households": 0}}),
    )
    .expect("setup");
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../examples/households/01-ngheo-diem-a-90.json"),
    )
    .expect("example");
    let household: Value = serde_json::from_str(&text).expect("json");
    let eval = call(&w, "evaluate", json!({"household": household})).expect("evaluate");
    let expected = eval["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["severity"] == "warning")
        .count();
    call(
        &w,
        "save_household",
        json!({"household": household, "complete": true}),
    )
    .expect("completed");
    let queue = call(
        &w,
        "list_households",
        json!({"query": {"status": "completed", "returned_first": false, "warnings": true}}),
    )
    .expect("queue");
    let warnings = &queue["rows"][0]["warnings"];
    assert_eq!(warnings["count"], expected, "{queue}");
    let first = warnings["first"].as_array().expect("first");
    assert_eq!(first.len(), expected.min(3));
    assert!(first.iter().all(|f| f["severity"] == "warning"));
    // The household list does not read the answers of every row for them.
    let list = call(
        &w,
        "list_households",
        json!({"query": {"returned_first": false}}),
    )
    .expect("list");
    assert_eq!(list["rows"][0]["warnings"], Value::Null);
}

/// The list's village filter offers a renamed village once, under its new name, with the
/// households saved under its former name.
#[test]
fn the_village_filter_follows_a_rename() {
    let path = temp_store("filter");
    let (_app, w) = boot(path);
    call(
        &w,
        "setup",
        json!({"input": {"role": "commune", "unit_code": "00730", "user_name": "Cán bộ thử",
                         "year": 2024, "demo_households": 20}}),
    )
    .expect("setup");
    let overview = call(&w, "overview", json!({})).expect("overview");
    let first = overview["villages"][0].clone();
    let id = first["id"].as_str().expect("a listed village").to_string();
    let old = first["name"].as_str().expect("name").to_string();
    let query = |village_id: &str| {
        json!({"query": {"text": null, "village": null, "village_id": village_id, "status": null,
                         "class": null, "returned_first": false, "limit": 300}})
    };
    let before = call(&w, "list_households", query(&id)).expect("list");
    let households = before["rows"].as_array().expect("rows").len();
    assert!(households > 0, "{before}");

    call(
        &w,
        "rename_village",
        json!({"from": old, "to": "Thôn Đổi Tên (thử)"}),
    )
    .expect("renamed");
    let overview = call(&w, "overview", json!({})).expect("overview");
    let shown: Vec<String> = names(&overview["villages"]);
    assert!(
        shown.contains(&"Thôn Đổi Tên (thử)".to_string()),
        "{shown:?}"
    );
    assert!(
        !shown.contains(&old),
        "the former name is not a second choice: {shown:?}"
    );
    let after = call(&w, "list_households", query(&id)).expect("list");
    assert_eq!(after["rows"].as_array().expect("rows").len(), households);
}
