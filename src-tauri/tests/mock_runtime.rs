//! The real app — its commands, state and store — booted on Tauri's mock runtime, no display:
//! first-run setup, a household saved and completed, a refusal with its `{code, message}`.

mod common;
use common::{boot, call};

use std::path::PathBuf;

use rasoat_domain::messages::{render, Lang, Message};
use serde_json::{json, Value};

fn temp_store(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("rasoat-desktop-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join("store.sqlite")
}

#[test]
fn first_run_then_a_household_saved_and_completed() {
    let path = temp_store("flow");
    let (_app, w) = boot(path.clone());

    let status = call(&w, "status", json!({})).expect("status");
    assert_eq!(status["set_up"], false);

    let communes = call(&w, "communes", json!({})).expect("communes");
    assert!(communes
        .as_array()
        .expect("list")
        .iter()
        .any(|c| c["code"] == "00721"));
    // A province's installation chooses among provinces, a district's among districts.
    let codes = |level: &str| -> Vec<String> {
        call(&w, "units_of_level", json!({"level": level}))
            .expect("units")
            .as_array()
            .expect("list")
            .iter()
            .map(|u| u["code"].as_str().expect("code").to_string())
            .collect()
    };
    assert!(codes("province").contains(&"08".to_string()));
    assert!(codes("province").iter().all(|c| c.len() == 2));
    assert_eq!(codes("district"), ["026"]);

    // A refusal comes back as {code, message}.
    let err = call(&w, "new_household", json!({})).expect_err("not set up");
    assert_eq!(err["code"], "not_set_up", "{err}");

    let status = call(
        &w,
        "setup",
        json!({"input": {"role": "enumerator", "unit_code": "00721", "user_name": "Cán bộ thử",
                         "year": 2024, "demo_households": 0}}),
    )
    .expect("setup");
    assert_eq!(status["set_up"], true, "{status}");
    assert_eq!(status["round"]["standard_id"], "nd07-2021");
    assert_eq!(status["round"]["method"], "score");

    // The worked example of the reference, typed in as the form would send it.
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../examples/households/01-ngheo-diem-a-90.json"),
    )
    .expect("example");
    let household: Value = serde_json::from_str(&text).expect("json");

    let eval = call(&w, "evaluate", json!({"household": household})).expect("evaluate");
    assert_eq!(eval["classification"]["class"], "poor");
    assert_eq!(eval["classification"]["score_a"]["total"], 90);
    assert_eq!(eval["ages"][4], 5);

    // A blank birth date is a finding on its field, not a failure.
    let mut broken = household.clone();
    broken["members"][1]["birth"] = json!("");
    let eval = call(&w, "evaluate", json!({"household": broken})).expect("evaluate");
    assert_eq!(eval["findings"][0]["path"], "members[1].birth", "{eval}");
    assert_eq!(eval["can_complete"], false);
    let err = call(
        &w,
        "save_household",
        json!({"household": broken, "complete": false}),
    )
    .expect_err("unreadable");
    assert_eq!(err["code"], "invalid");

    let saved = call(
        &w,
        "save_household",
        json!({"household": household, "complete": true}),
    )
    .expect("save");
    assert_eq!(saved["status"], "completed", "{saved}");

    let list = call(
        &w,
        "list_households",
        json!({"query": {"returned_first": true}}),
    )
    .expect("list");
    assert_eq!(list["matching"], 1);
    assert_eq!(list["rows"][0]["class"], "poor");
    let overview = call(&w, "overview", json!({})).expect("overview");
    assert_eq!(overview["total"], 1);

    // A completed form is in the commune's hands: the enumerator cannot edit it.
    let err = call(
        &w,
        "save_household",
        json!({"household": household, "complete": false}),
    )
    .expect_err("not editable");
    assert_eq!(err["code"], "refused", "{err}");

    // Relaunch on the same file: the household is there with its class.
    drop(w);
    drop(_app);
    let (_app2, w2) = boot(path);
    let list = call(
        &w2,
        "list_households",
        json!({"query": {"text": "sp-017", "returned_first": false}}),
    )
    .expect("list");
    assert_eq!(list["rows"][0]["code"], "00730-SP-017", "{list}");
    let form = call(&w2, "open_household", json!({"id": list["rows"][0]["id"]})).expect("open");
    assert_eq!(form["evaluation"]["classification"]["class"], "poor");
    assert_eq!(form["status"], "completed");
}

#[test]
fn the_demo_fills_the_round_and_the_list_filters_by_class() {
    let (_app, w) = boot(temp_store("demo"));
    call(
        &w,
        "setup",
        json!({"input": {"role": "enumerator", "unit_code": "00730", "user_name": "Cán bộ thử",
                         "year": 2024, "demo_households": 60}}),
    )
    .expect("setup");
    let all = call(
        &w,
        "list_households",
        json!({"query": {"returned_first": false}}),
    )
    .expect("list");
    assert_eq!(all["matching"], 60);
    assert_eq!(all["more"], false, "60 records are counted exactly");
    let overview = call(&w, "overview", json!({})).expect("overview");
    let by_class: u64 = overview["by_class"]
        .as_array()
        .expect("counts")
        .iter()
        .map(|c| c["count"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(by_class, 60);
    let poor = call(
        &w,
        "list_households",
        json!({"query": {"class": "poor", "returned_first": false}}),
    )
    .expect("list");
    for row in poor["rows"].as_array().expect("rows") {
        assert_eq!(row["class"], "poor");
    }
    let form = call(&w, "new_household", json!({})).expect("new");
    assert_eq!(form["household"]["location"]["province"], "02");
    assert_eq!(form["household"]["location"]["commune"], "00730");
    assert_eq!(form["evaluation"]["can_complete"], false);
    // The kWh box starts empty: no 0 that nobody typed.
    assert_eq!(form["household"]["electricity"], json!({}));
}

// The round's recorded method drives the desktop, both methods side by side,
// and Phiếu A's verdict saved with the record and listed.

/// A store whose 2024 round was opened to classify by measured income, as a district may
/// decide: the desktop must follow the round, not the standard's default.
fn income_round_store(name: &str) -> PathBuf {
    round_store(name, 2024, rasoat_domain::classify::Method::Income)
}

/// An enumerator's store of commune 00730 whose round reviews `year` under NĐ 07/2021 by
/// `method`.
fn round_store(name: &str, year: i32, method: rasoat_domain::classify::Method) -> PathBuf {
    let path = temp_store(name);
    let mut store = rasoat_store::Store::open(&path).expect("open");
    store.load_reference_units().expect("units");
    store
        .init_installation(
            rasoat_domain::workflow::Role::Enumerator,
            "00730",
            "Cán bộ thử",
            1_730_000_000_000,
        )
        .expect("init");
    store
        .set_preference("user_name", "Cán bộ thử")
        .expect("name");
    store
        .open_round_with_method(
            year,
            rasoat_store::RoundKind::Periodic,
            None,
            "nd07-2021",
            method,
            "Cán bộ thử",
            1_730_000_000_000,
        )
        .expect("round");
    path
}

fn example(name: &str) -> Value {
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../examples/households")
            .join(name),
    )
    .expect("example");
    serde_json::from_str(&text).expect("json")
}

#[test]
fn the_rounds_method_is_official_and_the_other_is_shown_beside_it() {
    let (_app, w) = boot(income_round_store("method"));
    let status = call(&w, "status", json!({})).expect("status");
    assert_eq!(status["round"]["standard_id"], "nd07-2021");
    // NĐ 07/2021 has a score table, yet the round recorded income: the round wins.
    assert_eq!(status["round"]["method"], "income", "{status}");

    let mut household = example("01-ngheo-diem-a-90.json");
    household.as_object_mut().expect("object").remove("income");
    let eval = call(&w, "evaluate", json!({"household": household})).expect("evaluate");
    // No measured income: the income round cannot classify, and nothing is shown beside.
    assert!(eval["classification"].is_null(), "{eval}");
    let why: Message = serde_json::from_value(eval["classify_error"].clone()).expect("why");
    assert!(render(Lang::Vi, &why).contains("thu nhập"), "{eval}");
    assert!(eval["informative"].is_null());

    // With a measured income, income is official and the score is informative.
    household["income"] = json!({"sources": [{"kind": "crops", "amount": 6000000}]});
    let eval = call(&w, "evaluate", json!({"household": household})).expect("evaluate");
    assert_eq!(eval["classification"]["method"], "income", "{eval}");
    assert_eq!(eval["informative"]["method"], "score", "{eval}");
    assert_eq!(eval["informative"]["score_a"]["total"], 90);
    assert_eq!(eval["informative"]["class"], "poor");

    // What is saved is the official (income) result.
    let saved = call(
        &w,
        "save_household",
        json!({"household": household, "complete": false}),
    )
    .expect("save");
    assert_eq!(saved["evaluation"]["classification"]["method"], "income");
}

#[test]
fn the_phieu_a_verdict_is_live_saved_and_listed() {
    let (_app, w) = boot(income_round_store("phieu-a"));
    let form = call(&w, "phieu_a_form", json!({"province": "08"})).expect("form");
    assert_eq!(form["national"].as_array().expect("list").len(), 4);
    assert_eq!(
        form["national"][0]["label_vi"],
        "Nhà ở biệt thự; cấp 1, cấp 2"
    );
    assert_eq!(form["columns_vi"].as_array().expect("list").len(), 9);
    assert_eq!(form["province"]["confidence"], "unconfirmed", "{form}");

    let mut household = example("01-ngheo-diem-a-90.json");
    household["phieu_a"] =
        json!({"answers": [true, true, true, false, false, false, false, false, false]});
    let eval = call(&w, "evaluate", json!({"household": household})).expect("evaluate");
    assert_eq!(eval["phieu_a"]["code"], 1, "{eval}");
    assert_eq!(eval["phieu_a"]["result"], "review_with_phieu_b");

    household["phieu_a"]["answers"][3] = json!(true);
    household["income"] = json!({"sources": [{"kind": "crops", "amount": 6000000}]});
    let eval = call(&w, "evaluate", json!({"household": household})).expect("evaluate");
    assert_eq!(eval["phieu_a"]["code"], 0);
    assert_eq!(eval["phieu_a"]["yes_count"], 4);
    // Stopped by Phiếu A: not poor or near-poor, whatever Phiếu B says (the domain decides).
    assert_eq!(eval["classification"]["class"], "other", "{eval}");
    let explanation: Message =
        serde_json::from_value(eval["classification"]["explanation"].clone()).expect("a message");
    assert!(render(Lang::Vi, &explanation).contains("Phiếu A"), "{eval}");
    call(
        &w,
        "save_household",
        json!({"household": household, "complete": false}),
    )
    .expect("save");

    let list = call(
        &w,
        "list_households",
        json!({"query": {"returned_first": false}}),
    )
    .expect("list");
    assert_eq!(list["rows"][0]["phieu_a"]["result"], "stop", "{list}");
    assert_eq!(list["rows"][0]["phieu_a"]["yes_count"], 4);
    assert_eq!(
        list["rows"][0]["phieu_a"]["excluded_by"]
            .as_array()
            .expect("list")
            .len(),
        0
    );
}

#[test]
fn what_is_typed_survives_a_restart_even_when_it_cannot_be_read_yet() {
    let path = temp_store("autosave");
    let (app, w) = boot(path.clone());
    call(
        &w,
        "setup",
        json!({"input": {"role": "enumerator", "unit_code": "00721", "user_name": "Cán bộ thử",
                         "year": 2024, "demo_households": 0}}),
    )
    .expect("setup");
    // A new form starts blank: nothing chosen for the enumerator.
    let form = call(&w, "new_household", json!({})).expect("new");
    let mut h = form["household"].clone();
    assert_eq!(h["housing"], json!({}), "{h}");
    assert!(
        h.get("latrine").is_none() && h.get("water").is_none(),
        "{h}"
    );
    assert!(h["members"][0].get("sex").is_none(), "{h}");
    assert_eq!(h["members"][0]["education"], Value::Null);
    assert_eq!(form["evaluation"]["can_complete"], false);
    let id = h["id"].as_str().expect("id").to_string();

    // The first readable version of a new household becomes its draft: it is listed.
    h["code"] = json!("00721-TU-001");
    let kept = call(&w, "autosave_household", json!({"household": h})).expect("autosave");
    assert_eq!(kept["record_saved"], true, "{kept}");
    let list = call(
        &w,
        "list_households",
        json!({"query": {"returned_first": false}}),
    )
    .expect("list");
    assert_eq!(list["matching"], 1, "{list}");
    assert_eq!(list["rows"][0]["status"], "draft");

    // A date that does not exist is kept as typed, with the rest of the form.
    h["members"][0]["name"] = json!("Chủ Hộ Thử");
    h["members"][0]["birth"] = json!("31/02/2020");
    let kept = call(&w, "autosave_household", json!({"household": h})).expect("autosave");
    assert_eq!(kept["record_saved"], false, "{kept}");

    // The window is gone (a crash, a power cut): reopened, the form is as it was typed.
    drop(w);
    drop(app);
    let (app, w) = boot(path.clone());
    let form = call(&w, "open_household", json!({"id": id})).expect("open");
    assert!(form["restored_at"].is_i64(), "{form}");
    assert_eq!(form["household"]["members"][0]["birth"], "31/02/2020");
    assert_eq!(form["household"]["members"][0]["name"], "Chủ Hộ Thử");

    // A real save replaces the buffer: reopened, the record is shown, nothing restored.
    let mut fixed = form["household"].clone();
    fixed["members"][0]["birth"] = json!("1980");
    call(
        &w,
        "save_household",
        json!({"household": fixed, "complete": false}),
    )
    .expect("save");
    let form = call(&w, "open_household", json!({"id": id})).expect("open");
    assert_eq!(form["restored_at"], Value::Null, "{form}");
    assert_eq!(form["household"]["members"][0]["birth"], "1980");
    drop(w);
    drop(app);
}

#[test]
fn a_second_household_with_a_taken_code_is_refused_and_the_next_code_is_offered() {
    let path = temp_store("codes");
    let (_app, w) = boot(path);
    call(
        &w,
        "setup",
        json!({"input": {"role": "enumerator", "unit_code": "00721", "user_name": "Cán bộ thử",
                         "year": 2024, "demo_households": 0}}),
    )
    .expect("setup");
    let household = example("01-ngheo-diem-a-90.json");
    let village = household["location"]["village"].clone();
    call(
        &w,
        "save_household",
        json!({"household": household, "complete": false}),
    )
    .expect("save");
    let code = household["code"].as_str().expect("code").to_string();
    let next = call(&w, "propose_code", json!({"village": village})).expect("propose");
    assert_ne!(next, json!(code));
    assert!(
        next.as_str().is_some_and(|n| n.len() == code.len()),
        "{next}"
    );

    let mut second = call(&w, "new_household", json!({})).expect("new")["household"].clone();
    second["code"] = json!(code);
    // Refused as a record: the outcome says so, so the form's save line never reads as saved.
    let kept = call(&w, "autosave_household", json!({"household": second}))
        .expect("kept in the typing buffer");
    assert_eq!(kept["record_saved"], false, "{kept}");
    let err = &kept["refused"];
    assert_eq!(err["code"], "refused", "{kept}");
    let said = render(
        Lang::Vi,
        &serde_json::from_value::<Message>(err["message"].clone()).expect("message"),
    );
    assert!(said.contains("đã có ở một hộ khác"), "{said}");
}

#[test]
fn a_transition_round_shows_the_opening_list_beside_as_not_official() {
    // The 2026 review closes 2026 under NĐ 07 and builds the list of 2027 under NĐ 351/2025,
    // which has no official method yet: the panel names both and says the second is not one.
    let (_app, w) = boot(round_store(
        "transition",
        2026,
        rasoat_domain::classify::Method::Score,
    ));
    let mut household = example("01-ngheo-diem-a-90.json");
    household["surveyed_on"] = json!("2026-10-01");
    let eval = call(&w, "evaluate", json!({"household": household})).expect("evaluate");
    let title: Message = serde_json::from_value(eval["round_title"].clone()).expect("title");
    assert_eq!(
        render(Lang::Vi, &title),
        "rà soát năm 2026 — danh sách áp dụng năm 2027"
    );
    assert_eq!(eval["classification"]["standard_id"], "nd07-2021", "{eval}");
    let opening = &eval["opening"];
    assert_eq!(opening["status_year"], 2027, "{eval}");
    assert_eq!(opening["official"], false, "{eval}");
    assert_ne!(opening["standard_id"], "nd07-2021");

    // A round of an ordinary year has its own list only.
    let (_app, w) = boot(round_store(
        "ordinary",
        2024,
        rasoat_domain::classify::Method::Score,
    ));
    let eval = call(
        &w,
        "evaluate",
        json!({"household": example("01-ngheo-diem-a-90.json")}),
    )
    .expect("evaluate");
    assert!(eval["opening"].is_null(), "{eval}");
    let title: Message = serde_json::from_value(eval["round_title"].clone()).expect("title");
    assert_eq!(
        render(Lang::Vi, &title),
        "rà soát năm 2024 — danh sách áp dụng năm 2025"
    );
}

/// A new household starts with nothing answered for the family: no area, no item IX count,
/// no internet use, and so no deprivation it was not asked about.
#[test]
fn a_new_household_starts_blank_and_shows_no_deprivation_it_was_not_asked_about() {
    let (_app, w) = boot(round_store(
        "blank-form",
        2024,
        rasoat_domain::classify::Method::Score,
    ));
    let form = call(&w, "new_household", json!({})).expect("new");
    let h = &form["household"];
    assert!(h.get("area").is_none(), "{h}");
    assert_eq!(h["members"][0]["internet"], Value::Null);
    for (name, count) in h["assets"].as_object().expect("item IX") {
        assert_eq!(count, &Value::Null, "assets.{name}");
    }
    // Items X–XII and the head's columns 8, 14, 18, 19 and yes/no answers start open too.
    for section in ["land", "livestock"] {
        for (name, v) in h[section].as_object().expect("section") {
            assert_eq!(v, &Value::Null, "{section}.{name}");
        }
    }
    assert_eq!(h["aquaculture"], Value::Null);
    for field in [
        "in_school",
        "social_allowance",
        "disabled",
        "serious_illness",
        "sick_without_care",
        "non_farm_work",
        "pension",
    ] {
        assert_eq!(h["members"][0][field], Value::Null, "members[0].{field}");
    }
    let c = &form["evaluation"]["classification"];
    let deprived: Vec<&Value> = c["indicators"]
        .as_array()
        .expect("indicators")
        .iter()
        .filter(|i| i["deprived"] == true)
        .map(|i| &i["id"])
        .collect();
    assert!(deprived.is_empty(), "{deprived:?}");
    let open = c["provisional"].as_array().expect("provisional");
    assert!(open.contains(&json!("area")), "{c}");
    assert!(open.contains(&json!("assets.color_tv")), "{c}");
    assert!(open.contains(&json!("land.forest")), "{c}");
    assert!(open.contains(&json!("members[0].in_school")), "{c}");
}

/// Phiếu A's mã 0 ends the review: the household is completed without Phiếu B's answers, the
/// store takes it, and it is listed as neither poor nor near-poor.
#[test]
fn a_household_stopped_by_phieu_a_is_completed_without_phieu_b() {
    let (_app, w) = boot(round_store(
        "phieu-a-stop",
        2024,
        rasoat_domain::classify::Method::Score,
    ));
    let mut h = call(&w, "new_household", json!({})).expect("new")["household"].clone();
    h["code"] = json!("00730-09-000001");
    h["location"]["village"] = json!("Thôn Thử");
    h["members"][0]["name"] = json!("Chủ Hộ Thử");
    let day = h["surveyed_on"].clone();
    h["phieu_a"] = json!({
        "answers": [true, true, true, true, false, false, false, false, false],
        "screened_on": day,
    });
    let eval = call(&w, "evaluate", json!({"household": h})).expect("evaluate");
    assert_eq!(eval["phieu_a"]["code"], 0, "{eval}");
    assert_eq!(eval["can_complete"], true, "{eval}");
    assert_eq!(eval["classification"]["class"], "other");
    let saved = call(
        &w,
        "save_household",
        json!({"household": h, "complete": true}),
    )
    .expect("completed without Phiếu B");
    assert_eq!(saved["status"], "completed", "{saved}");
    let list = call(
        &w,
        "list_households",
        json!({"query": {"returned_first": false}}),
    )
    .expect("list");
    assert_eq!(list["rows"][0]["class"], "other", "{list}");
    assert_eq!(list["rows"][0]["phieu_a"]["result"], "stop");
}

/// A draft whose kWh is not given yet is listed with its class marked provisional, naming what
/// the class still waits for, and a full form's class is final.
#[test]
fn the_list_marks_a_provisional_class_with_what_it_waits_for() {
    let (_app, w) = boot(temp_store("provisional"));
    call(
        &w,
        "setup",
        json!({"input": {"role": "enumerator", "unit_code": "00721", "user_name": "Cán bộ thử",
                         "year": 2024, "demo_households": 0}}),
    )
    .expect("setup");
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../examples/households/01-ngheo-diem-a-90.json"),
    )
    .expect("example");
    let full: Value = serde_json::from_str(&text).expect("json");
    call(
        &w,
        "save_household",
        json!({"household": full, "complete": false}),
    )
    .expect("save");
    let mut half = full.clone();
    half["id"] = json!("0193a1b2-0000-7000-8000-00000000f001");
    half["code"] = json!("00721-TAM-TINH");
    half["electricity"]
        .as_object_mut()
        .expect("electricity")
        .remove("kwh_per_month");
    call(
        &w,
        "save_household",
        json!({"household": half, "complete": false}),
    )
    .expect("save a draft");
    let list = call(
        &w,
        "list_households",
        json!({"query": {"returned_first": false}}),
    )
    .expect("list");
    let row = |code: &str| {
        list["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .find(|r| r["code"] == code)
            .cloned()
            .unwrap_or_else(|| panic!("{code} listed: {list}"))
    };
    assert_eq!(
        row("00721-TAM-TINH")["provisional"],
        json!(["electricity.kwh_per_month"])
    );
    assert_eq!(
        row(full["code"].as_str().expect("code"))["provisional"],
        json!([])
    );
}
