//! The administrator's screens through the real commands on the mock runtime: people added
//! with a role and a first PIN, a PIN reset, a person disabled, the idle lock set; the action
//! log newest first and filtered; and every one of these commands refused to anyone else.

mod common;
use common::{boot, boot_closed, call};

use std::path::PathBuf;

use rasoat_domain::messages::{render, Lang, Message};
use serde_json::{json, Value};

fn temp_store(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "rasoat-desktop-people-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join("store.sqlite")
}

fn words(err: &Value) -> String {
    let message: Message = serde_json::from_value(err["message"].clone()).expect("message");
    render(Lang::Vi, &message)
}

fn id_of(view: &Value, name: &str) -> String {
    view["people"]
        .as_array()
        .expect("people")
        .iter()
        .find(|p| p["name"] == name)
        .and_then(|p| p["id"].as_str())
        .expect("person")
        .to_string()
}

fn sign_in(w: &common::Window, person: &str, pin: &str) {
    call(w, "lock", json!({})).expect("lock");
    let s = call(w, "sign_in", json!({"personId": person, "pin": pin})).expect("sign in");
    assert_eq!(s["stage"], "open", "{s}");
}

#[test]
fn the_administrator_manages_people_and_reads_the_log_and_no_one_else_can() {
    let path = temp_store("admin");
    let (_app, w) = boot_closed(path.clone());
    let made = call(
        &w,
        "protect_store",
        json!({"name": "Quản trị thử", "pin": "246810"}),
    )
    .expect("protect");
    let admin = made["session"]["person"]["id"]
        .as_str()
        .expect("id")
        .to_string();

    let view = call(&w, "people_overview", json!({})).expect("overview");
    assert_eq!(view["people"].as_array().map(Vec::len), Some(1));
    assert_eq!(view["people"][0]["me"], true);
    assert_eq!(view["idle_lock_minutes"], 10, "the default");

    // A name is needed, and a PIN of 6 digits; a refusal adds no one.
    let err = call(
        &w,
        "people_add",
        json!({"input": {"name": "  ", "role": "reviewer", "pin": "112233"}}),
    )
    .expect_err("no name");
    assert_eq!(err["code"], "invalid");
    assert!(words(&err).contains("họ tên"), "{err}");
    let err = call(
        &w,
        "people_add",
        json!({"input": {"name": "Rà soát viên thử", "role": "reviewer", "pin": "12"}}),
    )
    .expect_err("weak");
    assert!(words(&err).contains("ít nhất 6 chữ số"), "{err}");
    let view = call(&w, "people_overview", json!({})).expect("overview");
    assert_eq!(view["people"].as_array().map(Vec::len), Some(1));

    let view = call(
        &w,
        "people_add",
        json!({"input": {"name": "Rà soát viên thử", "role": "reviewer", "pin": "112233"}}),
    )
    .expect("add reviewer");
    let reviewer = id_of(&view, "Rà soát viên thử");
    let view = call(
        &w,
        "people_add",
        json!({"input": {"name": "Cán bộ xã thử", "role": "commune_officer", "pin": "334455"}}),
    )
    .expect("add officer");
    let officer = id_of(&view, "Cán bộ xã thử");
    assert_eq!(view["people"].as_array().map(Vec::len), Some(3));
    let session = call(&w, "session", json!({})).expect("session");
    let names: Vec<&str> = session["people"]
        .as_array()
        .expect("people")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(
        names,
        ["Quản trị thử", "Rà soát viên thử", "Cán bộ xã thử"],
        "the sign-in screen lists them"
    );

    call(
        &w,
        "people_reset_pin",
        json!({"personId": reviewer, "pin": "667788"}),
    )
    .expect("reset");
    let view = call(&w, "people_disable", json!({"personId": officer})).expect("disable");
    let disabled: Vec<bool> = view["people"]
        .as_array()
        .expect("people")
        .iter()
        .map(|p| p["disabled"].as_bool().expect("bool"))
        .collect();
    assert_eq!(disabled, [false, false, true]);
    // The only administrator stays.
    let err = call(&w, "people_disable", json!({"personId": admin})).expect_err("last");
    assert!(words(&err).contains("quản trị viên cuối cùng"), "{err}");

    let view = call(&w, "people_set_idle_lock", json!({"minutes": 25})).expect("idle");
    assert_eq!(view["idle_lock_minutes"], 25);
    let session = call(&w, "session", json!({})).expect("session");
    // The override of the tests wins when it is set; else the window locks after 25 minutes.
    if view["idle_lock_override_seconds"].is_null() {
        assert_eq!(session["idle_lock_seconds"], 25 * 60);
    }

    // The log, newest first; one person's; one kind.
    let all = call(&w, "audit_list", json!({"query": {}})).expect("audit");
    let kinds: Vec<&str> = all["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(|r| r["kind"].as_str())
        .collect();
    assert_eq!(
        &kinds[..5],
        [
            "settings_changed",
            "person_disabled",
            "pin_reset",
            "person_added",
            "person_added"
        ],
        "{all}"
    );
    assert_eq!(all["rows"][1]["subject_person"], "Cán bộ xã thử");
    assert_eq!(all["rows"][1]["person_name"], "Quản trị thử");
    let resets = call(&w, "audit_list", json!({"query": {"kind": "pin_reset"}})).expect("resets");
    assert_eq!(resets["rows"].as_array().map(Vec::len), Some(1));
    assert_eq!(resets["rows"][0]["subject_person"], "Rà soát viên thử");

    // The reviewer, with the PIN the administrator gave, sees neither screen.
    sign_in(&w, &reviewer, "667788");
    for (cmd, args) in [
        ("people_overview", json!({})),
        (
            "people_add",
            json!({"input": {"name": "Khác", "role": "administrator", "pin": "998877"}}),
        ),
        (
            "people_reset_pin",
            json!({"personId": admin, "pin": "000111"}),
        ),
        ("people_disable", json!({"personId": admin})),
        ("people_set_idle_lock", json!({"minutes": 1})),
        ("audit_list", json!({"query": {}})),
    ] {
        let err = call(&w, cmd, args).expect_err(cmd);
        assert_eq!(err["code"], "invalid", "{cmd}: {err}");
        assert!(words(&err).contains("chỉ quản trị viên"), "{cmd}: {err}");
    }
    // The disabled officer cannot sign in.
    call(&w, "lock", json!({})).expect("lock");
    let err =
        call(&w, "sign_in", json!({"personId": officer, "pin": "334455"})).expect_err("disabled");
    assert_eq!(err["code"], "invalid", "{err}");

    // Back as the administrator: the reviewer's sign-in and the refused try are in the log,
    // the reviewer's rows alone when asked.
    let s = call(&w, "sign_in", json!({"personId": admin, "pin": "246810"})).expect("admin");
    assert_eq!(s["stage"], "open");
    let theirs = call(&w, "audit_list", json!({"query": {"person_id": reviewer}})).expect("theirs");
    let rows = theirs["rows"].as_array().expect("rows");
    assert!(!rows.is_empty());
    assert!(
        rows.iter().all(|r| r["person_name"] == "Rà soát viên thử"),
        "{theirs}"
    );
    assert!(rows.iter().any(|r| r["kind"] == "sign_in"), "{theirs}");
    let view = call(&w, "people_overview", json!({})).expect("overview");
    assert_eq!(view["idle_lock_minutes"], 25, "kept across the sign-ins");
}

#[test]
fn a_store_opened_with_no_one_signed_in_has_no_administrator_screens() {
    let path = temp_store("tool");
    let (_app, w) = boot(path);
    let err = call(&w, "people_overview", json!({})).expect_err("no one");
    assert_eq!(err["code"], "invalid");
    assert!(words(&err).contains("chỉ quản trị viên"), "{err}");
    let err = call(&w, "audit_list", json!({"query": {}})).expect_err("no one");
    assert!(words(&err).contains("chỉ quản trị viên"), "{err}");
}

#[test]
fn the_log_lists_the_rows_that_came_with_batches_under_their_installation() {
    let path = temp_store("received");
    let (_app, w) = boot_closed(path.clone());
    call(
        &w,
        "protect_store",
        json!({"name": "Quản trị xã thử", "pin": "246810"}),
    )
    .expect("protect");
    // Rows of an enumerator's log as a batch import keeps them (the batch crate's tests send
    // them for real); a word this version does not know is left out of the window.
    {
        let store = rasoat_store::Store::unlock(
            &path,
            &rasoat_store::Credential::Pin {
                person: "Quản trị xã thử",
                pin: "246810",
            },
            1_759_305_600_000,
        )
        .expect("second connection")
        .store;
        store
            .sql_for_tests()
            .execute_batch(
                "INSERT INTO action_log_received (origin, seq, at, event, person_id, person_name,
                     subject, households, outcome, signature, batch_id, received_at)
                 VALUES ('may-dieu-tra-1', 7, 1759305700000, 'export_with_names', 'p-1',
                         'Rà soát viên thử', 'danh-sach.xlsx', 12, 'ok', x'00', 'b-1',
                         1759305800000),
                        ('may-dieu-tra-1', 8, 1759305750000, 'a_newer_word', 'p-1',
                         'Rà soát viên thử', NULL, 0, 'ok', x'00', 'b-1', 1759305800000);",
            )
            .expect("received rows");
    }
    let all = call(&w, "audit_list", json!({"query": {}})).expect("audit");
    let rows = all["rows"].as_array().expect("rows");
    let theirs: Vec<&Value> = rows
        .iter()
        .filter(|r| r["installation"] == "may-dieu-tra-1")
        .collect();
    assert_eq!(theirs.len(), 1, "{all}");
    assert_eq!(theirs[0]["kind"], "export_with_names");
    assert_eq!(theirs[0]["person_name"], "Rà soát viên thử");
    assert_eq!(theirs[0]["households"], 12);
    assert!(
        rows.iter()
            .any(|r| r["installation"].is_null() && r["kind"] == "person_added"),
        "this installation's own rows say no installation: {all}"
    );
    let exports = call(
        &w,
        "audit_list",
        json!({"query": {"kind": "export_with_names"}}),
    )
    .expect("exports");
    assert_eq!(
        exports["rows"].as_array().map(Vec::len),
        Some(1),
        "{exports}"
    );
}
