//! Background sync (#6) on the mock runtime, against the real district server started in this
//! process on `127.0.0.1:0`: a commune's pending batch reaches the district through the app's
//! own pass ("Đồng bộ ngay" runs the task's code path), the outbox empties and the history says
//! so; with the server stopped a pass records an error in plain words and the backoff grows.
//! Nothing here asserts a timing.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use rasoat_desktop::{run_app, sync_task, AppState, StoreLocation};
use rasoat_domain::workflow::Role;
use rasoat_domain::Date;
use rasoat_server::{ServerConfig, ServerState};
use rasoat_store::{synthetic, RoundKind, Store, SurveyResult};
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Listener, WebviewWindow, WebviewWindowBuilder};

const AT: i64 = 1_759_305_600_000;

/// An installation on disk with its round and keys; returns its id and identity card.
fn installation(path: &Path, role: Role, unit: &str) -> (String, Vec<u8>) {
    let mut store = Store::open(path).expect("store");
    store.load_reference_units().expect("units");
    let installation = store
        .init_installation(role, unit, "test", AT)
        .expect("init");
    store
        .open_round(2025, RoundKind::Periodic, None, "nd07-2021", "test", AT)
        .expect("round");
    let identity = rasoat_sync::ensure_identity(&mut store, AT).expect("identity");
    let card = identity
        .card(&store)
        .expect("card")
        .to_file_bytes()
        .expect("card bytes");
    (installation.id, card)
}

/// `n` synthetic households of xã Đồng Văn saved at the commune, exported into its outbox.
fn pending_batch(path: &Path, server: &str, n: u64) {
    let mut store = Store::open(path).expect("store");
    let round = store.current_round().expect("round").id;
    let day: Date = "2025-10-01".parse().expect("date");
    let households: Vec<_> = (0..n)
        .map(|i| {
            (
                synthetic::household(i, "02", "00721", "Thôn Thử", 5, day),
                Some(SurveyResult {
                    standard_id: "nd07-2021".into(),
                    method: "score".into(),
                    class: "poor".into(),
                    score_a: Some(100),
                    score_b: Some(1),
                    deprived: vec![],
                    phieu_a: None,
                }),
            )
        })
        .collect();
    store
        .save_households(&round, &households, "điều tra viên", AT + 1000)
        .expect("save");
    assert!(rasoat_server::fill_outbox(&mut store, server).expect("outbox"));
}

fn records_at(path: &Path) -> i64 {
    let store = Store::open(path).expect("open");
    store
        .connection()
        .query_row("SELECT COUNT(*) FROM survey_record", [], |r| r.get(0))
        .expect("count")
}

/// The district server in its own runtime; dropping it stops it.
struct Running {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

fn serve(path: &Path) -> Running {
    let store = Store::open(path).expect("server store");
    let state: Arc<ServerState> = ServerState::new(store, ServerConfig::default()).expect("state");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind loopback");
    let addr = listener.local_addr().expect("addr");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    runtime.spawn(rasoat_server::serve(listener, state, async move {
        let _ = stopped.await;
    }));
    Running {
        addr,
        stop: Some(stop),
        runtime: Some(runtime),
    }
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

fn int(v: &Value) -> i64 {
    v.as_i64().unwrap_or_else(|| panic!("not an integer: {v}"))
}

#[test]
fn the_task_lands_a_pending_batch_then_backs_off_in_plain_words_when_the_server_is_gone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let commune_path: PathBuf = dir.path().join("commune.sqlite");
    let district_path: PathBuf = dir.path().join("district.sqlite");
    let (_, commune_card) = installation(&commune_path, Role::Commune, "00721");
    let (district_id, district_card) = installation(&district_path, Role::District, "026");
    {
        let mut commune = Store::open(&commune_path).expect("commune");
        rasoat_sync::enrol(&mut commune, &district_card, AT).expect("enrol district");
        let mut district = Store::open(&district_path).expect("district");
        rasoat_sync::enrol(&mut district, &commune_card, AT).expect("enrol commune");
    }
    pending_batch(&commune_path, &district_id, 12);
    let server = serve(&district_path);

    let state = AppState::open(commune_path.clone()).expect("store opens");
    let app = run_app(mock_builder(), StoreLocation::Opened(state))
        .build(mock_context(noop_assets()))
        .expect("app builds");
    let w = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("window");
    let events = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&events);
    app.listen(sync_task::EVENT, move |_| {
        seen.fetch_add(1, Ordering::SeqCst);
    });

    // Off until an address is set; the pending batch is counted in batches and households.
    let status = call(&w, "sync_status", json!({})).expect("status");
    assert_eq!(status["badge"], "off", "{status}");
    assert_eq!(int(&status["pending_batches"]), 1);
    assert_eq!(int(&status["pending_households"]), 12);
    assert!(status["next_attempt_at"].is_null());
    let err = call(&w, "sync_now", json!({})).expect_err("off");
    assert_eq!(err["code"], "invalid");

    // A bad address is refused and nothing is saved.
    let err = call(
        &w,
        "sync_configure",
        json!({"input": {"server_url": "huyen dong van", "enabled": true}}),
    )
    .expect_err("bad address");
    assert_eq!(err["code"], "invalid", "{err}");
    let status = call(&w, "sync_status", json!({})).expect("status");
    assert!(status["server_url"].is_null(), "{status}");

    let url = format!("http://{}/", server.addr);
    let status = call(
        &w,
        "sync_configure",
        json!({"input": {"server_url": url, "enabled": true}}),
    )
    .expect("configure");
    assert_eq!(status["server_url"], format!("http://{}", server.addr));
    assert_eq!(status["enabled"], true);

    // "Đồng bộ ngay": the task's pass (the task itself may have run one first; either way
    // the batch lands once).
    let status = call(&w, "sync_now", json!({})).expect("sync now");
    assert_eq!(status["badge"], "synced", "{status}");
    assert_eq!(int(&status["pending_batches"]), 0);
    assert_eq!(int(&status["pending_households"]), 0);
    assert!(status["last_error"].is_null());
    assert!(status["last_success_at"].is_i64());
    let history = status["history"].as_array().expect("history");
    assert!(history.iter().all(|h| h["ok"] == true), "{status}");
    let landed: Vec<&Value> = history
        .iter()
        .filter(|h| int(&h["batches_sent"]) > 0)
        .collect();
    assert_eq!(landed.len(), 1, "one pass delivered the batch: {status}");
    assert_eq!(int(&landed[0]["batches_sent"]), 1);
    assert_eq!(int(&landed[0]["households_sent"]), 12);
    assert_eq!(
        records_at(&district_path),
        12,
        "the district has the households"
    );
    {
        let commune = Store::open(&commune_path).expect("commune");
        let unsent: i64 = commune
            .connection()
            .query_row(
                "SELECT COUNT(*) FROM sync_outbox WHERE acknowledged_at IS NULL",
                [],
                |r| r.get(0),
            )
            .expect("outbox");
        assert_eq!(unsent, 0, "the outbox is empty");
    }
    assert!(
        events.load(Ordering::SeqCst) > 0,
        "the UI heard of the change"
    );

    // The server goes away: a pass fails in plain words and the wait grows.
    drop(server);
    let first = call(&w, "sync_now", json!({})).expect("status after a failure");
    // "syncing" when the task, woken by the failure, is already trying again.
    assert!(
        first["badge"] == "error" || first["badge"] == "syncing",
        "{first}"
    );
    assert_eq!(first["last_error"]["kind"], "unreachable", "{first}");
    assert_eq!(first["history"][0]["ok"], false);
    assert_eq!(first["history"][0]["error"]["kind"], "unreachable");
    assert!(int(&first["failures"]) >= 1);
    let finished = int(&first["history"][0]["finished_at"]);
    let next = int(&first["next_attempt_at"]);
    assert!(next >= finished, "{first}");

    let second = call(&w, "sync_now", json!({})).expect("status after another failure");
    assert_eq!(second["last_error"]["kind"], "unreachable");
    assert!(
        int(&second["failures"]) > int(&first["failures"]),
        "{second}"
    );
    assert!(
        int(&second["retry_ceiling_ms"]) > int(&first["retry_ceiling_ms"]),
        "the backoff grows: {first} then {second}"
    );

    // The history survives in the store, and the task ends cleanly.
    assert!(sync_task::shut_down(app.handle()));
    let commune = Store::open(&commune_path).expect("commune");
    let rows = commune.sync_history(50).expect("history");
    assert!(rows.iter().any(|r| r.ok && r.households_sent == 12));
    assert!(rows.first().is_some_and(|r| !r.ok));
}
