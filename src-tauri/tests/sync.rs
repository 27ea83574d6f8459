//! Background sync on the mock runtime, against the real district server started in this
//! process on `127.0.0.1:0`: a commune's pending batch reaches the district through the app's
//! own pass ("Đồng bộ ngay" runs the task's code path), the outbox empties and the history says
//! so; with the server stopped a pass records an error in plain words and the backoff grows.
//! A batch the server refuses for good is listed as refused with its reason, is not counted as
//! pending, holds the task without a backoff, and "Bỏ lô này" drops it without losing its
//! entries: the next batch carries them.
//! Nothing here asserts a timing.

mod common;
use common::{boot, call};

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use rasoat_demo::synthetic;
use rasoat_desktop::sync_task;
use rasoat_domain::workflow::Role;
use rasoat_domain::Date;
use rasoat_server::{ServerConfig, ServerState};
use rasoat_store::{RoundKind, Store, SurveyResult};
use serde_json::{json, Value};
use tauri::Listener;

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
    let identity = rasoat_batch::ensure_identity(&mut store, AT).expect("identity");
    let card = identity
        .card(&store)
        .expect("card")
        .to_file_bytes()
        .expect("card bytes");
    (installation.id, card)
}

/// `n` synthetic households of xã Đồng Văn saved at the commune, exported into its outbox.
fn pending_batch(path: &Path, server: &str, n: u64) {
    pending_batch_of(path, server, "00721", n);
}

/// `n` synthetic households of the commune `commune_code`, saved and exported into the outbox.
fn pending_batch_of(path: &Path, server: &str, commune_code: &str, n: u64) {
    let mut store = Store::open(path).expect("store");
    let round = store.current_round().expect("round").id;
    let day: Date = "2025-10-01".parse().expect("date");
    let households: Vec<_> = (0..n)
        .map(|i| {
            (
                synthetic::household(i, "02", commune_code, "Thôn Thử", 5, day),
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
    assert!(rasoat_sync_client::fill_outbox(&mut store, server).expect("outbox"));
}

fn records_at(path: &Path) -> i64 {
    let store = Store::open(path).expect("open");
    store
        .sql_for_tests()
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
        rasoat_batch::enrol(&mut commune, &district_card, AT).expect("enrol district");
        let mut district = Store::open(&district_path).expect("district");
        rasoat_batch::enrol(&mut district, &commune_card, AT).expect("enrol commune");
    }
    pending_batch(&commune_path, &district_id, 12);
    let server = serve(&district_path);

    let (app, w) = boot(commune_path.clone());
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
            .sql_for_tests()
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

/// The `(first, last)` journal range of `origin` a batch of the outbox carries.
fn range_of(path: &Path, batch_id: &str, origin: &str) -> (i64, i64) {
    let store = Store::open(path).expect("open");
    let ranges: String = store
        .sql_for_tests()
        .query_row(
            "SELECT ranges FROM sync_outbox WHERE batch_id = ?1",
            [batch_id],
            |r| r.get(0),
        )
        .expect("ranges");
    let ranges: std::collections::BTreeMap<String, (i64, i64)> =
        serde_json::from_str(&ranges).expect("json");
    ranges[origin]
}

#[test]
fn a_batch_refused_for_good_is_listed_waits_for_a_person_and_discarding_it_loses_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let commune_path: PathBuf = dir.path().join("commune.sqlite");
    let district_path: PathBuf = dir.path().join("district.sqlite");
    // Commune 00724's laptop holds households of 00721: the server refuses them (wrong unit).
    let (commune_id, commune_card) = installation(&commune_path, Role::Commune, "00724");
    let (district_id, district_card) = installation(&district_path, Role::District, "026");
    {
        let mut commune = Store::open(&commune_path).expect("commune");
        rasoat_batch::enrol(&mut commune, &district_card, AT).expect("enrol district");
        let mut district = Store::open(&district_path).expect("district");
        rasoat_batch::enrol(&mut district, &commune_card, AT).expect("enrol commune");
    }
    pending_batch_of(&commune_path, &district_id, "00721", 8);
    let server = serve(&district_path);
    let (app, w) = boot(commune_path.to_path_buf());

    let status = call(&w, "sync_status", json!({})).expect("status");
    let outbox = status["outbox"].as_array().expect("outbox");
    assert_eq!(outbox.len(), 1, "{status}");
    assert_eq!(outbox[0]["refused"], false);
    let refused_id = outbox[0]["batch_id"].as_str().expect("id").to_string();

    let url = format!("http://{}", server.addr);
    call(
        &w,
        "sync_configure",
        json!({"input": {"server_url": url, "enabled": true}}),
    )
    .expect("configure");
    let status = call(&w, "sync_now", json!({})).expect("a pass ran");

    // Refused for good: listed with its reason, not pending, and a person is needed.
    assert_eq!(int(&status["pending_batches"]), 0, "{status}");
    assert_eq!(int(&status["refused_batches"]), 1, "{status}");
    let outbox = status["outbox"].as_array().expect("outbox");
    assert_eq!(outbox.len(), 1, "{status}");
    let batch = &outbox[0];
    assert_eq!(batch["batch_id"], refused_id.as_str());
    assert_eq!(batch["refused"], true);
    assert_eq!(int(&batch["attempts"]), 1, "sent once, never again");
    assert_eq!(batch["reason"]["code"], "wrong_unit", "{batch}");
    assert_eq!(batch["reason"]["kind"], "refused");
    assert_eq!(batch["reason"]["permanent"], true);
    assert!(!batch["reason"]["detail"].as_str().unwrap_or("").is_empty());
    assert_eq!(status["last_error"]["code"], "wrong_unit", "{status}");
    assert_eq!(status["last_error"]["permanent"], true);
    assert_eq!(status["needs_person"], true);
    // Not a network failure: no backoff, the next try is the periodic pull.
    assert_eq!(int(&status["failures"]), 0, "{status}");
    assert_eq!(int(&status["retry_ceiling_ms"]), 0);
    let finished = int(&status["history"][0]["finished_at"]);
    let period = i64::try_from(sync_task::PERIODIC.as_millis()).expect("ms");
    assert!(
        int(&status["next_attempt_at"]) >= finished + period,
        "{status}"
    );
    assert_eq!(records_at(&district_path), 0);

    // "Bỏ lô này": an unknown batch is refused and changes nothing; the refused one goes.
    let err = call(
        &w,
        "sync_discard",
        json!({"batchId": "0190d7a6-0000-7000-8000-000000000000"}),
    )
    .expect_err("unknown batch");
    assert_eq!(err["code"], "not_found", "{err}");
    let status = call(&w, "sync_discard", json!({"batchId": refused_id})).expect("discard");
    assert!(
        status["outbox"]
            .as_array()
            .expect("outbox")
            .iter()
            .all(|b| b["batch_id"] != refused_id.as_str()),
        "{status}"
    );
    {
        let commune = Store::open(&commune_path).expect("commune");
        let kept: i64 = commune
            .sql_for_tests()
            .query_row(
                "SELECT COUNT(*) FROM sync_outbox WHERE batch_id = ?1",
                [&refused_id],
                |r| r.get(0),
            )
            .expect("outbox");
        assert_eq!(kept, 0, "the outbox no longer holds it");
    }

    // Its entries were never acknowledged: the next pass carries them in a new batch (which
    // the server refuses again, the cause not being fixed here).
    let status = call(&w, "sync_now", json!({})).expect("a pass ran");
    let outbox = status["outbox"].as_array().expect("outbox");
    assert_eq!(outbox.len(), 1, "{status}");
    let new_id = outbox[0]["batch_id"].as_str().expect("id");
    assert_ne!(new_id, refused_id);
    let last = Store::open(&commune_path)
        .expect("commune")
        .status_vector()
        .expect("status")[&commune_id];
    assert_eq!(
        range_of(&commune_path, new_id, &commune_id),
        (1, last),
        "every entry of the discarded batch, from the first"
    );

    assert!(sync_task::shut_down(app.handle()));
}
