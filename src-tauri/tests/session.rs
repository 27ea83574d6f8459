//! Signing in on the desktop, through the real commands on the mock runtime: the first
//! administrator created (the store encrypted, the recovery key given once), a wrong PIN
//! refused in plain words, the lock refusing store commands until a sign-in, the journal's
//! actor and the action log naming the person, the recovery key setting a new PIN, and a plain
//! store of an earlier version encrypted at its first open.

mod common;
use common::{boot_closed, boot_closed_demo, call};

use std::path::PathBuf;

use rasoat_domain::messages::{render, Lang, Message};
use rasoat_domain::workflow::Role;
use rasoat_store::{Credential, RoundKind, Store};
use serde_json::{json, Value};

fn temp_store(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "rasoat-desktop-session-{}-{name}",
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

fn household() -> Value {
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../examples/households/01-ngheo-diem-a-90.json"),
    )
    .expect("example");
    serde_json::from_str(&text).expect("json")
}

#[test]
fn first_administrator_then_lock_wrong_pin_and_sign_in_again() {
    let path = temp_store("first");
    let (_app, w) = boot_closed(path.clone());

    let session = call(&w, "session", json!({})).expect("session");
    assert_eq!(session["stage"], "create", "{session}");
    assert_eq!(session["idle_lock_seconds"], 600);
    assert!(session["demo_pin"].is_null());
    // Nothing opens before someone exists.
    let err = call(&w, "status", json!({})).expect_err("closed");
    assert_eq!(err["code"], "locked", "{err}");

    // A short PIN is refused in plain words and creates nothing.
    let err = call(
        &w,
        "protect_store",
        json!({"name": "Chị Thử", "pin": "123"}),
    )
    .expect_err("weak");
    assert_eq!(err["code"], "invalid");
    assert!(words(&err).contains("ít nhất 6 chữ số"), "{err}");
    assert!(!path.exists());

    let made = call(
        &w,
        "protect_store",
        json!({"name": "Chị Thử", "pin": "246810"}),
    )
    .expect("protect");
    assert_eq!(made["session"]["stage"], "open", "{made}");
    let groups = made["recovery_key"].as_array().expect("groups");
    assert_eq!(groups.len(), 8);
    assert!(groups
        .iter()
        .all(|g| g.as_str().is_some_and(|g| g.len() == 5)));
    let admin_id = made["session"]["person"]["id"]
        .as_str()
        .expect("id")
        .to_string();
    assert_eq!(made["session"]["person"]["role"], "administrator");
    // The file is SQLCipher's: no SQLite header.
    let head = std::fs::read(&path).expect("store file");
    assert_ne!(&head[..16], b"SQLite format 3\0");

    let status = call(
        &w,
        "setup",
        json!({"input": {"role": "commune", "unit_code": "00721", "user_name": "Chị Thử",
                         "year": 2024, "demo_households": 0}}),
    )
    .expect("setup");
    assert_eq!(status["set_up"], true, "{status}");
    let h = household();
    let hid = h["id"].as_str().expect("id").to_string();
    call(
        &w,
        "save_household",
        json!({"household": h, "complete": true}),
    )
    .expect("save");

    // Locked: store commands are refused, the session says so.
    let locked = call(&w, "lock", json!({})).expect("lock");
    assert_eq!(locked["stage"], "locked");
    let err = call(
        &w,
        "list_households",
        json!({"query": {"returned_first": false}}),
    )
    .expect_err("locked");
    assert_eq!(err["code"], "locked");
    let err = call(&w, "sync_status", json!({})).expect_err("locked");
    assert_eq!(err["code"], "locked", "{err}");

    // A wrong PIN: a plain message with the tries left, still locked.
    let err = call(
        &w,
        "sign_in",
        json!({"personId": admin_id, "pin": "000000"}),
    )
    .expect_err("wrong");
    assert_eq!(err["code"], "invalid");
    assert!(words(&err).contains("mã PIN không đúng"), "{err}");
    assert_eq!(
        call(&w, "session", json!({})).expect("session")["stage"],
        "locked"
    );

    let back = call(
        &w,
        "sign_in",
        json!({"personId": admin_id, "pin": "246810"}),
    )
    .expect("sign in");
    assert_eq!(back["stage"], "open");
    // The commune's decision, by the signed-in person.
    call(
        &w,
        "review_household",
        json!({"id": hid, "input": {"kind": "return", "comment": "thiếu ngày sinh"}}),
    )
    .expect("review");
    // A workbook with names, written by the signed-in person.
    let out = path.with_file_name("exports");
    let written = call(
        &w,
        "dashboard_export",
        json!({"input": {"kind": "xlsx", "dir": out.display().to_string()},
               "onProgress": "__CHANNEL__:7"}),
    )
    .expect("export");
    // The one household was sent back: not a reviewed household, so the list names nobody,
    // and the export is still a row of the action log.
    assert_eq!(written["rows"], 0, "{written}");
    drop(w);
    drop(_app);

    // The journal and the action log name the person.
    let unlocked = Store::unlock(
        &path,
        &Credential::Pin {
            person: &admin_id,
            pin: "246810",
        },
        rasoat_store::unix_millis_now(),
    )
    .expect("unlock");
    let store = unlocked.store;
    let origin = store.installation().expect("installation").id;
    let journal = store.journal_since(&origin, 0).expect("journal");
    let actor = format!("Chị Thử [{admin_id}]");
    assert!(!journal.is_empty());
    assert!(
        journal.iter().all(|e| e.actor == actor),
        "{:?}",
        journal.iter().map(|e| &e.actor).collect::<Vec<_>>()
    );
    let actions = store.actions(100).expect("actions");
    let export = actions
        .iter()
        .find(|a| a.event.as_str() == "export_with_names")
        .expect("the export's row");
    assert_eq!(export.households, 0);
    assert!(
        export
            .subject
            .as_deref()
            .is_some_and(|s| s.starts_with("xlsx: ") && !s.contains('/')),
        "{:?}",
        export.subject
    );
    let events: Vec<String> = actions
        .into_iter()
        .map(|a| {
            format!(
                "{} {}",
                a.event.as_str(),
                a.person_id.as_deref().unwrap_or("-")
            )
        })
        .collect();
    for wanted in [
        format!("person_added {admin_id}"),
        format!("sign_in_failed {admin_id}"),
        format!("sign_in {admin_id}"),
        format!("review_decision {admin_id}"),
        format!("export_with_names {admin_id}"),
    ] {
        assert!(events.contains(&wanted), "{wanted} in {events:?}");
    }
}

#[test]
fn a_forgotten_pin_is_replaced_with_the_recovery_key() {
    let path = temp_store("recovery");
    let (app, w) = boot_closed(path.clone());
    let made = call(
        &w,
        "protect_store",
        json!({"name": "Anh Thử", "pin": "135790"}),
    )
    .expect("protect");
    let admin_id = made["session"]["person"]["id"]
        .as_str()
        .expect("id")
        .to_string();
    let key: Vec<String> = serde_json::from_value(made["recovery_key"].clone()).expect("key");
    drop(w);
    drop(app);

    let (_app, w) = boot_closed(path.clone());
    let session = call(&w, "session", json!({})).expect("session");
    assert_eq!(session["stage"], "sign_in");
    assert_eq!(session["people"][0]["name"], "Anh Thử");
    let err = call(
        &w,
        "sign_in_recovery",
        json!({"personId": admin_id, "recoveryKey": "12345 67890", "newPin": "112233"}),
    )
    .expect_err("malformed");
    assert!(words(&err).contains("40 chữ số"), "{err}");
    let open = call(
        &w,
        "sign_in_recovery",
        json!({"personId": admin_id, "recoveryKey": key.join(" "), "newPin": "112233"}),
    )
    .expect("recovered");
    assert_eq!(open["stage"], "open");
    assert_eq!(open["person"]["id"], admin_id.as_str());
    call(&w, "lock", json!({})).expect("lock");
    let err = call(
        &w,
        "sign_in",
        json!({"personId": admin_id, "pin": "135790"}),
    )
    .expect_err("old pin");
    assert_eq!(err["code"], "invalid");
    call(
        &w,
        "sign_in",
        json!({"personId": admin_id, "pin": "112233"}),
    )
    .expect("new pin");

    // Wrong PINs: after the free tries a wait, said in plain words, even for the right PIN.
    call(&w, "lock", json!({})).expect("lock");
    let mut last = Value::Null;
    for _ in 0..5 {
        last = call(
            &w,
            "sign_in",
            json!({"personId": admin_id, "pin": "999999"}),
        )
        .expect_err("wrong");
    }
    assert!(words(&last).contains("hãy thử lại sau"), "{last}");
    let err = call(
        &w,
        "sign_in",
        json!({"personId": admin_id, "pin": "112233"}),
    )
    .expect_err("waiting");
    assert!(words(&err).contains("hãy thử lại sau"), "{err}");
    assert_eq!(
        call(&w, "session", json!({})).expect("session")["stage"],
        "locked"
    );
}

#[test]
fn a_plain_store_is_encrypted_at_its_first_open() {
    let path = temp_store("plain");
    {
        // A store of the version before encryption, set up with a household.
        let mut store = Store::open(&path).expect("plain store");
        store.load_reference_units().expect("units");
        let at = rasoat_store::unix_millis_now();
        store
            .init_installation(Role::Enumerator, "00721", "Cán bộ cũ", at)
            .expect("installation");
        let round = store
            .open_round(
                2024,
                RoundKind::Periodic,
                None,
                "nd07-2021",
                "Cán bộ cũ",
                at,
            )
            .expect("round");
        let h = rasoat_domain::from_json(&household().to_string()).expect("household");
        store
            .save_household(&round.id, &h, None, "Cán bộ cũ", at)
            .expect("save");
    }
    let head = std::fs::read(&path).expect("plain");
    assert_eq!(&head[..16], b"SQLite format 3\0");

    let (_app, w) = boot_closed(path.clone());
    assert_eq!(
        call(&w, "session", json!({})).expect("session")["stage"],
        "encrypt"
    );
    let made = call(
        &w,
        "protect_store",
        json!({"name": "Cán bộ cũ", "pin": "918273"}),
    )
    .expect("encrypt");
    assert_eq!(made["session"]["stage"], "open");
    let head = std::fs::read(&path).expect("encrypted");
    assert_ne!(&head[..16], b"SQLite format 3\0");
    let list = call(
        &w,
        "list_households",
        json!({"query": {"returned_first": false}}),
    )
    .expect("list");
    assert_eq!(list["matching"], 1, "{list}");
}

#[test]
fn the_demo_store_is_encrypted_and_its_sign_in_screen_gives_its_pin() {
    let path = temp_store("demo");
    rasoat_desktop::session::demo_if_missing(&path).expect("demo store");
    let head = std::fs::read(&path).expect("demo file");
    assert_ne!(&head[..16], b"SQLite format 3\0");
    // Made once: a second start leaves it as it is.
    rasoat_desktop::session::demo_if_missing(&path).expect("demo again");

    let (_app, w) = boot_closed_demo(path.clone(), true);
    let session = call(&w, "session", json!({})).expect("session");
    assert_eq!(session["stage"], "sign_in", "{session}");
    assert_eq!(session["demo_pin"], "123456");
    let person = session["people"][0]["id"].as_str().expect("id").to_string();
    call(&w, "sign_in", json!({"personId": person, "pin": "123456"})).expect("sign in");
    let list = call(
        &w,
        "list_households",
        json!({"query": {"returned_first": false}}),
    )
    .expect("list");
    assert_eq!(list["matching"], 300, "{}", list["matching"]);
    // A review under way: four in five forms completed after the visit, the rest drafts, so
    // the dashboard's class columns (finished forms only) are not all zero.
    let matching = |status: &str| {
        call(
            &w,
            "list_households",
            json!({"query": {"status": status, "returned_first": false}}),
        )
        .expect("list by state")["matching"]
            .as_u64()
            .expect("count")
    };
    let (completed, drafts) = (matching("completed"), matching("draft"));
    assert_eq!(completed + drafts, 300);
    assert_eq!(drafts, 60, "every fifth household stays a draft");

    // The same store without the demo asked for: no PIN on the screen.
    drop(w);
    drop(_app);
    let (_app, w) = boot_closed(path);
    let session = call(&w, "session", json!({})).expect("session");
    assert!(session["demo_pin"].is_null());
}
