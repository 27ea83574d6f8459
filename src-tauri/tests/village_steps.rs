//! The village meeting and the recognition from the window: the commands step the chosen
//! households (accepted → agreed → recognised), the printout then has their pages, and every
//! refusal (impossible counts, a household not at that step, no household, a date that is no
//! date, no decision number) leaves every table of the store as it was.

mod common;
use common::{boot, call};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

fn temp_store(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "rasoat-desktop-village-steps-{}-{name}",
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

/// Every table of the store, digested by the store: what "unchanged" is measured against.
fn digest(db: &Path) -> BTreeMap<String, String> {
    rasoat_store::Store::open(db)
        .expect("second connection")
        .table_digests()
        .expect("table digests")
}

fn statuses(w: &common::Window, status: &str) -> Vec<String> {
    let list = call(
        w,
        "list_households",
        json!({"query": {"status": status, "returned_first": false}}),
    )
    .expect("list");
    list["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["id"].as_str().expect("id").to_string())
        .collect()
}

#[test]
fn the_commune_records_a_meeting_then_a_recognition_and_prints_their_pages() {
    let db = temp_store("steps");
    let (_app, w) = boot(db.clone());
    call(
        &w,
        "setup",
        json!({"input": {"role": "commune", "unit_code": "00730", "user_name": "Cán bộ thử",
                         "year": 2024, "demo_households": 0}}),
    )
    .expect("setup");
    // Two forms accepted by the commune, a third only completed.
    let mut third = example("01-ngheo-diem-a-90.json");
    third["id"] = json!("0193a1b2-0009-7000-8000-000000000000");
    third["code"] = json!("00730-SP-099");
    let forms = [
        example("01-ngheo-diem-a-90.json"),
        example("02-can-ngheo-hai-thieu-hut.json"),
        third,
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
    for id in &ids[..2] {
        call(
            &w,
            "review_household",
            json!({"id": id, "input": {"kind": "accept"}}),
        )
        .expect("accepted");
    }
    let accepted = ids[..2].to_vec();
    assert_eq!(statuses(&w, "accepted").len(), 2);

    let meeting = |ids: &[String], held_on: &str, attendees: u32, agreeing: u32| {
        call(
            &w,
            "record_meeting",
            json!({"input": {"household_ids": ids, "village": "Thôn Sính Thầu (thử)",
                             "held_on": held_on, "attendees": attendees, "agreeing": agreeing}}),
        )
    };
    let before = digest(&db);
    // More agreeing than attended, nobody attended: refused in plain words.
    for (attendees, agreeing) in [(30, 40), (0, 0)] {
        let err = meeting(&accepted, "2024-10-05", attendees, agreeing).expect_err("counts");
        assert_eq!(err["code"], "refused", "{err}");
        assert_eq!(
            err["message"]["code"], "error.transition.bad_meeting",
            "{err}"
        );
        assert_eq!(digest(&db), before);
    }
    // A household only completed among the chosen: nothing is stepped.
    let err = meeting(&ids, "2024-10-05", 40, 31).expect_err("not accepted");
    assert_eq!(
        err["message"]["code"], "error.transition.not_allowed",
        "{err}"
    );
    assert_eq!(digest(&db), before);
    // None chosen; a day that is no day.
    let err = meeting(&[], "2024-10-05", 40, 31).expect_err("none");
    assert_eq!(
        err["message"]["code"], "error.store.no_household_chosen",
        "{err}"
    );
    let err = meeting(&accepted, "2024-02-31", 40, 31).expect_err("date");
    assert_eq!(err["code"], "invalid", "{err}");
    assert_eq!(err["message"]["code"], "finding.date_format", "{err}");
    assert_eq!(digest(&db), before);

    let done = meeting(&accepted, "2024-10-05", 40, 31).expect("the meeting");
    assert_eq!(done["households"], 2);
    assert_eq!(done["moved_on"], 2);
    assert_eq!(done["returned"], 0);
    let mut agreed = statuses(&w, "agreed");
    agreed.sort();
    let mut expected = accepted.clone();
    expected.sort();
    assert_eq!(agreed, expected);
    // The posting list has the village's page now; the certificates wait for recognition.
    let posting =
        call(&w, "dashboard_print", json!({"input": {"kind": "posting"}})).expect("posting");
    assert_eq!(posting["pages"], 1, "one village");
    assert_eq!(posting["households"], 2);

    let recognition = |decision: &str, on: &str| {
        call(
            &w,
            "record_recognition",
            json!({"input": {"household_ids": accepted, "decision_number": decision,
                             "decided_on": on}}),
        )
    };
    let before = digest(&db);
    let err = recognition("  ", "2024-10-20").expect_err("no decision number");
    assert_eq!(
        err["message"]["code"], "error.transition.missing_decision",
        "{err}"
    );
    let err = recognition("125/QĐ-UBND", "20/10/2024").expect_err("not yyyy-mm-dd");
    assert_eq!(err["code"], "invalid", "{err}");
    assert_eq!(digest(&db), before);
    let done = recognition("125/QĐ-UBND", "2024-10-20").expect("recognised");
    assert_eq!(done["households"], 2);
    assert_eq!(statuses(&w, "recognised").len(), 2);
    // Recognised once: a second time is refused and changes nothing.
    let before = digest(&db);
    let err = recognition("125/QĐ-UBND", "2024-10-20").expect_err("again");
    assert_eq!(
        err["message"]["code"], "error.transition.not_allowed",
        "{err}"
    );
    assert_eq!(digest(&db), before);

    let certificates = call(
        &w,
        "dashboard_print",
        json!({"input": {"kind": "certificates"}}),
    )
    .expect("certificates");
    assert_eq!(certificates["pages"], 2, "one page per household");
    assert_eq!(
        certificates["html"]
            .as_str()
            .expect("html")
            .matches("<section class=\"page\">")
            .count(),
        2
    );
}
