//! Dashboard timings (a benchmark, not a test): the `dashboard` command through Tauri's IPC
//! layer on the mock runtime, for the whole territory, one commune and one village, and the
//! Excel export, against a district store. The store is `RASOAT_DB` when set (for example one
//! made by `rasoat demo generate --households 17000 --years 2022,2023,2024 --db FILE`), else a
//! new one of `RASOAT_BENCH_N` generated households (default 17,000) in three rounds, made at
//! `RASOAT_DB` and kept when that file does not exist yet.
//!
//!     cargo bench -p rasoat-desktop --bench dashboard
//!
//! `RASOAT_BENCH_FORGET_KEPT=1` lets go of the figures kept in the file before the first call.
//! `RASOAT_BENCH_ENCRYPTED=1` opens the store encrypted, with its administrator signed in: a
//! plain store (generated or given) is encrypted in place first, as the app does at the first
//! open of an older store, and a store already encrypted is unlocked by the bench's PIN. The
//! same commands then compare with a plain run; each call's CPU time is printed beside its wall.

use std::path::PathBuf;
use std::time::Instant;

use rasoat_demo::{generate_rounds, DemoSpec};
use rasoat_desktop::AppState;
use rasoat_domain::classify::{classify_with, Method, Settings, StandardChoice};
use rasoat_domain::standard::Standards;
use rasoat_domain::workflow::Role;
use rasoat_store::{RoundKind, Store, SurveyResult};
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, INVOKE_KEY};
use tauri::webview::InvokeRequest;

mod common;
use common::{app_window, cpu_seconds, encrypted_state, Window};

fn call(window: &Window, cmd: &str, args: Value) -> Value {
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().expect("url"),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().expect("json"))
    .unwrap_or_else(|e| panic!("{cmd}: {e:?}"))
}

/// A district store of `n` generated households in 2022–2024, at `path`.
fn generated(path: PathBuf, n: usize) -> PathBuf {
    let mut store = Store::open(&path).expect("store");
    store.load_reference_units().expect("units");
    store
        .init_installation(Role::District, "026", "bench", 1)
        .expect("init");
    let standards = Standards::national();
    for (i, round) in generate_rounds(&DemoSpec::new(n, 1, 2022), &[2022, 2023, 2024]).enumerate() {
        let standard = standards.national_for_year(round.year).expect("standard");
        let id = store
            .open_round(
                round.year,
                RoundKind::Periodic,
                None,
                &standard.id,
                "bench",
                10 + i as i64,
            )
            .expect("round")
            .id;
        let mut chunk = Vec::new();
        for h in round.households() {
            let result = classify_with(
                &h,
                &standards,
                &StandardChoice::Year(round.year),
                Method::Score,
                &Settings::default(),
            )
            .ok()
            .and_then(|c| c.into_iter().next())
            .map(|c| SurveyResult::from_classification(&c));
            chunk.push((h, result));
            if chunk.len() == 2000 {
                store
                    .save_households(&id, &chunk, "bench", 20)
                    .expect("save");
                chunk.clear();
            }
        }
        store
            .save_households(&id, &chunk, "bench", 20)
            .expect("save");
    }
    path
}

fn timed(label: &str, f: impl FnOnce() -> Value) -> Value {
    let started = Instant::now();
    let cpu = cpu_seconds();
    let v = f();
    let cpu = cpu_seconds()
        .zip(cpu)
        .map_or(f64::NAN, |(after, before)| after - before);
    println!(
        "{label}: {:.3} s ({cpu:.2} s of CPU)",
        started.elapsed().as_secs_f64()
    );
    v
}

fn main() {
    let dir = std::env::temp_dir().join(format!("rasoat-dashboard-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let n = std::env::var("RASOAT_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(17_000);
    // A `RASOAT_DB` that does not exist yet is generated there and kept, so a profile of the
    // dashboard can run again without generating 200,000 households each time.
    let path = match std::env::var_os("RASOAT_DB").map(PathBuf::from) {
        Some(p) if p.exists() => p,
        Some(p) => generated(p, n),
        None => generated(dir.join("store.sqlite"), n),
    };
    let (app, w) = opened(&path);
    if std::env::var("RASOAT_BENCH_FORGET_KEPT").is_ok_and(|v| v == "1") {
        // The first dashboard with nothing counted yet (a first window on this store, a
        // write every round reads, another build): even on an encrypted store, which no
        // `sqlite3` opens.
        forget_kept_figures(&app);
    }

    // The first call also computes the answers' digests the targets need, once per answers.
    // The figures an earlier run kept in the file (`kept_figures`) are given while nothing
    // they read changed since; the line after says how many.
    let first = timed("dashboard, district (first call)", || {
        call(&w, "dashboard", json!({}))
    });
    figures_line(&app);
    println!(
        "  {} households reviewed, {} communes, {} rounds in the trend",
        first["reviewed"],
        first["bars"].as_array().map_or(0, Vec::len),
        first["trend"].as_array().map_or(0, Vec::len)
    );
    // Nothing written since: the store gives the reports it counted (a drill-down's case).
    timed("dashboard, district again", || {
        call(&w, "dashboard", json!({}))
    });
    let commune = first["bars"][0]["unit"]["code"].clone();
    let c = timed("dashboard, one commune", || {
        call(&w, "dashboard", json!({"query": {"commune": commune}}))
    });
    let village = c["bars"][0]["unit"]["village"].clone();
    timed("dashboard, one village", || {
        call(
            &w,
            "dashboard",
            json!({"query": {"commune": commune, "village": village}}),
        )
    });
    let other = first["bars"][1]["unit"]["code"].clone();
    timed("dashboard, another commune", || {
        call(&w, "dashboard", json!({"query": {"commune": other}}))
    });
    let (what, household) = one_form(&w, "bench: the dashboard after a save");
    timed(what, || {
        call(
            &w,
            "save_household",
            json!({"household": household, "complete": false}),
        )
    });
    timed("dashboard, district after that save", || {
        call(&w, "dashboard", json!({}))
    });
    timed("dashboard, one commune after that", || {
        call(&w, "dashboard", json!({"query": {"commune": commune}}))
    });
    timed("dashboard_households, one village", || {
        call(
            &w,
            "dashboard_households",
            json!({"commune": commune, "village": village}),
        )
    });
    let out = dir.join("out");
    let x = timed("dashboard_export xlsx (with the household list)", || {
        call(
            &w,
            "dashboard_export",
            // Progress goes to a channel nobody listens to, as when the window has gone.
            json!({"input": {"kind": "xlsx", "dir": out.display().to_string()}, "onProgress": "__CHANNEL__:7"}),
        )
    });
    println!("  {} rows, {} bytes", x["rows"], x["bytes"]);

    // The peak so far: the second app below is opened in the same process, and the first
    // one's memory is not all given back, so the run's own peak says less.
    println!("  peak resident memory until now: {}", peak_resident());

    // The window closed after one more form saved, and opened again: the latest round is
    // counted, the trend's earlier rounds are given from the file.
    let (what, household) = one_form(&w, "bench: the dashboard after reopening");
    timed(what, || {
        call(
            &w,
            "save_household",
            json!({"household": household, "complete": false}),
        )
    });
    drop(w);
    drop(app);
    let (app, w) = opened(&path);
    timed(
        "dashboard, district (first call after opening again, one form saved since)",
        || call(&w, "dashboard", json!({})),
    );
    figures_line(&app);
    drop(w);
    drop(app);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The app and its window on the store at `path`, encrypted with `RASOAT_BENCH_ENCRYPTED=1`.
fn opened(path: &std::path::Path) -> (tauri::App<tauri::test::MockRuntime>, Window) {
    let state = if std::env::var("RASOAT_BENCH_ENCRYPTED").is_ok_and(|v| v == "1") {
        let encrypted = rasoat_store::keys::KeysFile::path_for(path).exists();
        encrypted_state(path, encrypted)
    } else {
        AppState::open(path.to_path_buf()).expect("store")
    };
    app_window(state)
}

/// The process's peak resident memory (`VmHWM`), as `/proc` gives it.
fn peak_resident() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_string())
        })
        .unwrap_or_else(|| "unknown".to_string())
}

/// How many reports and target sums the window's store counted, how many were counted on a
/// second connection beside it, and how many it was given from the file (those included).
fn figures_line(app: &tauri::App<tauri::test::MockRuntime>) {
    use tauri::Manager;
    let state = app.state::<AppState>();
    let store = state.store.lock().expect("store");
    let beside = store.reports_counted_beside();
    println!(
        "  reports and sums counted: {}, counted beside on a second connection: {}, given from the file: {}",
        store.reports_counted(),
        beside,
        store.reports_from_file().saturating_sub(beside)
    );
}

/// Lets go of every figure kept in the store file, so the next dashboard counts them.
fn forget_kept_figures(app: &tauri::App<tauri::test::MockRuntime>) {
    use tauri::Manager;
    let state = app.state::<AppState>();
    let store = state.store.lock().expect("store");
    let n = store
        .sql_for_tests()
        .execute("DELETE FROM kept_figures", [])
        .expect("forget the kept figures");
    println!("  {n} figures kept in the file let go of (RASOAT_BENCH_FORGET_KEPT=1)");
}

/// One form to save: a note on a draft, or where every form is finished, a late household's
/// new form (an existing one's answers under a new id and code). The next dashboard counts
/// the round it touched again, and gives the trend's earlier rounds as kept.
fn one_form(w: &Window, note: &str) -> (&'static str, Value) {
    let draft = call(
        w,
        "list_households",
        json!({"query": {"status": "draft", "returned_first": false, "limit": 1}}),
    );
    match draft["rows"][0]["id"].as_str() {
        Some(id) => {
            let mut h = call(w, "open_household", json!({"id": id}))["household"].clone();
            h["notes"] = json!(note);
            ("save_household (a note on a draft)", h)
        }
        None => {
            let any = call(
                w,
                "list_households",
                json!({"query": {"returned_first": false, "limit": 1}}),
            );
            let id = any["rows"][0]["id"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            let mut h = call(w, "open_household", json!({"id": id}))["household"].clone();
            h["id"] = json!(uuid::Uuid::now_v7().to_string());
            h["code"] = json!(format!("BENCH-{}", uuid::Uuid::now_v7().simple()));
            if let Some(members) = h["members"].as_array_mut() {
                for m in members {
                    m["id"] = json!(uuid::Uuid::now_v7().to_string());
                }
            }
            ("save_household (a late household's new form)", h)
        }
    }
}
