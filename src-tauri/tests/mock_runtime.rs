//! The real app — its commands, state and store — booted on Tauri's mock runtime, no display:
//! first-run setup, a household saved and completed, a refusal with its `{code, message}`.

use std::path::PathBuf;

use rasoat_desktop::{run_app, AppState, StoreLocation};
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{WebviewWindow, WebviewWindowBuilder};

fn temp_store(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("rasoat-desktop-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join("store.sqlite")
}

fn boot(
    path: PathBuf,
) -> (
    tauri::App<tauri::test::MockRuntime>,
    WebviewWindow<tauri::test::MockRuntime>,
) {
    let state = AppState::open(path).expect("store opens");
    let app = run_app(mock_builder(), StoreLocation::Opened(state))
        .build(mock_context(noop_assets()))
        .expect("app builds");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("window");
    (app, window)
}

fn call(
    window: &WebviewWindow<tauri::test::MockRuntime>,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    let url = if cfg!(any(windows, target_os = "android")) {
        "http://tauri.localhost"
    } else {
        "tauri://localhost"
    };
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: url.parse().expect("url"),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().expect("json"))
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
}
