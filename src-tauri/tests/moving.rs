//! Moving the installation through the real commands on the mock runtime: the confirmation's
//! figures, the move file written to a folder, the old store refusing a second move and every
//! change in plain words (people, villages, sync, which stops without trying a pass), and the first-run screen of a new computer making the store from the
//! file (after a wrong passphrase that creates nothing), whose sign-in lists the same people.

mod common;
use common::{boot_closed, call};

use std::path::PathBuf;

use rasoat_domain::messages::{render, Lang, Message};
use serde_json::{json, Value};

const PASSPHRASE: &str = "cao nguyên đá Đồng Văn mùa xuân";

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "rasoat-desktop-moving-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn words(err: &Value) -> String {
    let message: Message = serde_json::from_value(err["message"].clone()).expect("message");
    render(Lang::Vi, &message)
}

#[test]
fn the_administrator_moves_the_installation_and_a_new_computer_takes_it() {
    let old = temp_dir("old");
    let stick = old.join("usb");
    std::fs::create_dir_all(&stick).expect("stick");
    let (_app, w) = boot_closed(old.join("store.sqlite"));
    call(
        &w,
        "protect_store",
        json!({"name": "Quản trị thử", "pin": "246810"}),
    )
    .expect("protect");
    call(
        &w,
        "setup",
        json!({"input": {"role": "commune", "unit_code": "00730", "user_name": "Quản trị thử",
                         "year": 2024, "demo_households": 0}}),
    )
    .expect("setup");

    let view = call(&w, "move_overview", json!({})).expect("overview");
    assert_eq!(view["unit_code"], "00730");
    assert_eq!(view["households"], 0);
    assert_eq!(view["people"], 1);
    assert_eq!(view["min_passphrase_chars"], 12);
    assert!(view["moved_on"].is_null());
    let installation = view["installation_id"].as_str().expect("id").to_string();

    let err = call(
        &w,
        "move_out",
        json!({"folder": stick.to_str().expect("utf-8"), "passphrase": "ngắn"}),
    )
    .expect_err("short");
    assert!(words(&err).contains("ít nhất 12 ký tự"), "{err}");
    assert_eq!(std::fs::read_dir(&stick).expect("stick").count(), 0);

    let moved = call(
        &w,
        "move_out",
        json!({"folder": stick.to_str().expect("utf-8"), "passphrase": PASSPHRASE}),
    )
    .expect("move out");
    let file = moved["path"].as_str().expect("path").to_string();
    assert!(file.ends_with(".rasoat-move"), "{file}");
    let view = call(&w, "move_overview", json!({})).expect("overview");
    assert!(view["moved_on"].is_string(), "{view}");
    let err = call(
        &w,
        "move_out",
        json!({"folder": stick.to_str().expect("utf-8"), "passphrase": PASSPHRASE}),
    )
    .expect_err("moved already");
    assert_eq!(err["code"], "refused");
    assert!(
        words(&err).starts_with("Máy này đã chuyển sang máy khác ngày"),
        "{err}"
    );

    // Read only from now on: the window learns the day for its banner; people and villages
    // are refused in plain words; sync stops for good instead of retrying, with no pass tried.
    let status = call(&w, "status", json!({})).expect("status");
    assert_eq!(status["moved_on"], view["moved_on"], "{status}");
    for (cmd, args) in [
        ("add_village", json!({"name": "Thôn Thử Mới"})),
        (
            "people_add",
            json!({"input": {"name": "Người mới thử", "role": "reviewer", "pin": "135790"}}),
        ),
    ] {
        let err = call(&w, cmd, args).expect_err(cmd);
        assert_eq!(err["code"], "refused", "{cmd}: {err}");
        assert!(
            words(&err).starts_with("Máy này đã chuyển sang máy khác ngày"),
            "{cmd}: {err}"
        );
    }
    // A port nobody listens on: a pass that tried would fail as unreachable and back off.
    call(
        &w,
        "sync_configure",
        json!({"input": {"server_url": "http://127.0.0.1:9", "enabled": true}}),
    )
    .expect("the address is only a setting");
    let err = call(&w, "sync_now", json!({})).expect_err("no sync after the move");
    assert_eq!(err["code"], "refused", "{err}");
    assert!(
        words(&err).starts_with("Máy này đã chuyển sang máy khác ngày"),
        "{err}"
    );
    let sync = call(&w, "sync_status", json!({})).expect("sync status");
    assert_eq!(sync["last_error"]["kind"], "moved", "{sync}");
    assert_eq!(sync["badge"], "off", "{sync}");
    assert!(sync["next_attempt_at"].is_null(), "nothing planned: {sync}");
    assert_eq!(sync["needs_person"], false, "{sync}");
    assert_eq!(sync["failures"], 0, "{sync}");
    assert_eq!(
        sync["history"].as_array().map(Vec::len),
        Some(0),
        "no pass tried: {sync}"
    );

    // The new computer: no store yet; a wrong passphrase makes nothing, the right one the
    // same installation, whose sign-in screen lists its administrator.
    let new = temp_dir("new");
    let (_new_app, nw) = boot_closed(new.join("store.sqlite"));
    let s = call(&nw, "session", json!({})).expect("session");
    assert_eq!(s["stage"], "create");
    let err = call(
        &nw,
        "move_in",
        json!({"file": file, "passphrase": "không phải cụm này đâu"}),
    )
    .expect_err("wrong passphrase");
    assert!(words(&err).contains("cụm mật khẩu không đúng"), "{err}");
    assert_eq!(std::fs::read_dir(&new).expect("new").count(), 0);
    let s = call(
        &nw,
        "move_in",
        json!({"file": file, "passphrase": PASSPHRASE}),
    )
    .expect("move in");
    assert_eq!(s["stage"], "sign_in", "{s}");
    assert_eq!(s["people"][0]["name"], "Quản trị thử");
    let person = s["people"][0]["id"].as_str().expect("id").to_string();
    let s =
        call(&nw, "sign_in", json!({"personId": person, "pin": "246810"})).expect("the old PIN");
    assert_eq!(s["stage"], "open");
    let view = call(&nw, "move_overview", json!({})).expect("overview");
    assert_eq!(view["installation_id"], installation.as_str());
    assert!(view["moved_on"].is_null(), "the new computer is not moved");
    let _ = std::fs::remove_dir_all(&old);
    let _ = std::fs::remove_dir_all(&new);
}
