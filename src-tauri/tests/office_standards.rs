//! The office's standards file reaching a window that is already open: the district loads a
//! file naming NĐ 351/2025's method, the commune's window pulls it through its own background
//! sync ("Đồng bộ ngay"), and the very next commands use it, without a restart: the dashboard's
//! list opening 2027 goes from "chưa có phương pháp chính thức" (not tallied) to tallied from
//! the finished forms, and a household's panel names that list as official.
//! The district server runs in this process on `127.0.0.1:0`.

mod common;
use common::{boot, call};

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rasoat_demo::synthetic;
use rasoat_desktop::sync_task;
use rasoat_domain::standard::Standards;
use rasoat_domain::workflow::{ReviewAction, Role};
use rasoat_domain::Date;
use rasoat_server::{ServerConfig, ServerState};
use rasoat_store::{RoundKind, Store};
use serde_json::json;

const AT: i64 = 1_790_000_000_000;

/// An installation on disk with its keys; returns its id and identity card.
fn installation(path: &Path, role: Role, unit: &str) -> (String, Vec<u8>) {
    let mut store = Store::open(path).expect("store");
    store.load_reference_units().expect("units");
    let installation = store
        .init_installation(role, unit, "test", AT)
        .expect("init");
    let identity = rasoat_batch::ensure_identity(&mut store, AT).expect("identity");
    let card = identity
        .card(&store)
        .expect("card")
        .to_file_bytes()
        .expect("card bytes");
    (installation.id, card)
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

/// NĐ 351/2025 as shipped, naming an official method: the office's file.
fn nd351_with_method() -> String {
    let mut file = Standards::national();
    file.standards.retain(|s| s.id == "nd351-2025");
    file.standards[0].official_method = Some("Thông tư hướng dẫn (tệp thử)".into());
    serde_json::to_string(&file).expect("json")
}

#[test]
fn a_standards_file_pulled_by_sync_is_used_by_the_open_window_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let commune_path: PathBuf = dir.path().join("commune.sqlite");
    let district_path: PathBuf = dir.path().join("district.sqlite");
    let (commune_id, commune_card) = installation(&commune_path, Role::Commune, "00721");
    let (_, district_card) = installation(&district_path, Role::District, "026");
    let household_id = {
        let mut commune = Store::open(&commune_path).expect("commune");
        rasoat_batch::enrol(&mut commune, &district_card, AT).expect("enrol district");
        let mut district = Store::open(&district_path).expect("district");
        rasoat_batch::enrol(&mut district, &commune_card, AT).expect("enrol commune");
        // The district opens the 2026 round (its list opening 2027 is NĐ 351/2025's), which
        // reaches the commune in a batch.
        district
            .open_round(2026, RoundKind::Periodic, None, "nd07-2021", "test", AT)
            .expect("round");
        let down =
            rasoat_batch::export_batch(&mut district, &commune_id, AT + 500).expect("export");
        rasoat_batch::import_batch(&mut commune, &down, AT + 600).expect("import");
        let round = commune.current_round().expect("the district's round");
        let day: Date = "2026-10-15".parse().expect("day");
        let households: Vec<_> = (0..6)
            .map(|n| synthetic::household(n, "08", "00721", "Thôn Thử", 5, day))
            .collect();
        for h in &households {
            commune
                .save_household(&round.id, h, None, "test", AT + 1000)
                .expect("save");
        }
        for h in households.iter().take(4) {
            commune
                .review(
                    &h.id.to_string(),
                    &round.id,
                    &ReviewAction::Complete,
                    "test",
                    "test",
                    AT + 2000,
                )
                .expect("complete");
        }
        households[0].id.to_string()
    };
    let server = serve(&district_path);

    let (app, w) = boot(commune_path.clone());
    // Before: the list opening 2027 has no official method, is not tallied, and the form's
    // panel says so.
    let view = call(&w, "dashboard", json!({})).expect("dashboard");
    let opening = &view["opening_list"];
    assert_eq!(opening["official"], false, "{opening}");
    assert!(opening["tally"].is_null(), "{opening}");
    let form = call(&w, "open_household", json!({"id": household_id})).expect("form");
    assert_eq!(form["evaluation"]["opening"]["official"], false, "{form}");

    // The district loads the file while the commune's window stays open.
    {
        let mut district = Store::open(&district_path).expect("district");
        district
            .load_standards(&nd351_with_method(), None, "cán bộ huyện", AT + 3000)
            .expect("loaded");
    }
    let url = format!("http://{}/", server.addr);
    call(
        &w,
        "sync_configure",
        json!({"input": {"server_url": url, "enabled": true}}),
    )
    .expect("configure");
    let status = call(&w, "sync_now", json!({})).expect("sync now");
    assert_eq!(status["badge"], "synced", "{status}");
    {
        let commune = Store::open(&commune_path).expect("commune");
        let held = commune.loaded_standards().expect("loaded");
        assert_eq!(held.len(), 1, "the pull brought the file");
        assert_ne!(held[0].origin, commune_id);
    }

    // After, in the same window: tallied from the four finished forms, named by its method.
    let view = call(&w, "dashboard", json!({})).expect("dashboard");
    let opening = &view["opening_list"];
    assert_eq!(opening["official"], true, "{opening}");
    assert_eq!(
        opening["method"], "Thông tư hướng dẫn (tệp thử)",
        "{opening}"
    );
    assert_eq!(opening["label"]["code"], "round.opening", "{opening}");
    assert_eq!(opening["label"]["params"]["year"], 2027, "{opening}");
    let tally = &opening["tally"];
    let counted: u64 = ["poor", "near_poor", "middle", "other", "unclassified"]
        .iter()
        .map(|class| tally[class].as_u64().expect("a count"))
        .sum();
    assert_eq!(counted, 4, "the finished forms only: {tally}");
    let form = call(&w, "open_household", json!({"id": household_id})).expect("form");
    assert_eq!(form["evaluation"]["opening"]["official"], true, "{form}");
    assert!(sync_task::shut_down(app.handle()));
}
