//! Desktop command timings (a benchmark, not a test): the app's real commands through Tauri's
//! IPC layer on the mock runtime, against a store holding N households (default 20,000;
//! `RASOAT_BENCH_N=200000` for the 200,000 target). Prints p50/p95 of a form save, a live
//! evaluation, a search and the filtered list. The WebView's own rendering is not in these
//! figures: first paint and memory are measured on the real window (docs/benchmarks.md).
//!
//! The store is the installation that holds that many households: the office of Đồng Văn
//! district (`district:026`), whose demo households live in its 19 communes' 152 villages, as
//! `rasoat demo generate` and the window bench make them. `RASOAT_BENCH_INSTALLATION=role:unit`
//! takes another, e.g. `enumerator:00730`: all N households in one commune's 8 villages, the
//! shape this bench had before 7 Dec (25,000 households a village at 200,000, a hundred times
//! a real village), kept to compare.
//!
//!     cargo bench -p rasoat-desktop
//!
//! Filling 200,000 households takes minutes: `RASOAT_BENCH_STORE=/some/file.sqlite` keeps the
//! filled store there and reuses it on the next run (the saves below change only notes).
//!
//!     RASOAT_BENCH_ENCRYPTED=1 cargo bench -p rasoat-desktop --bench desktop
//!
//! makes (or, with `RASOAT_BENCH_STORE`, unlocks) the store encrypted, as the app makes every
//! store, with its administrator signed in: the same commands, to compare with a plain run.
//! `RASOAT_BENCH_PAGE_CACHE_MIB` gives the store another page cache than the window's.
//! `RASOAT_BENCH_SAVES` sets how many form saves are timed (default 200; 1,000 or more for a
//! p95 that stands out from a busy machine's noise). Beside each wall time the bench prints the
//! process's CPU time (user + system) per call: on a shared machine that is the steadier figure.

use std::time::{Duration, Instant};

use rasoat_desktop::AppState;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::Manager;

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

/// Milliseconds of CPU per call between two readings of `cpu_seconds`.
fn cpu_per_call(before: Option<f64>, calls: usize) -> f64 {
    cpu_seconds()
        .zip(before)
        .map_or(f64::NAN, |(after, before)| {
            (after - before) * 1000.0 / calls.max(1) as f64
        })
}

fn percentiles(mut samples: Vec<Duration>) -> (f64, f64) {
    samples.sort();
    let at = |q: f64| {
        samples[((samples.len() as f64 - 1.0) * q).round() as usize].as_secs_f64() * 1000.0
    };
    (at(0.5), at(0.95))
}

fn main() {
    let started_all = Instant::now();
    let n: u32 = std::env::var("RASOAT_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let dir = std::env::temp_dir().join(format!("rasoat-desktop-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let kept = std::env::var_os("RASOAT_BENCH_STORE").map(std::path::PathBuf::from);
    let reuse = kept.as_ref().is_some_and(|p| p.exists());
    let path = kept.unwrap_or_else(|| dir.join("store.sqlite"));
    let encrypted = std::env::var("RASOAT_BENCH_ENCRYPTED").is_ok_and(|v| v == "1");
    let state = if encrypted {
        encrypted_state(&path, reuse)
    } else {
        AppState::open(path.clone()).expect("store")
    };
    // RASOAT_BENCH_PAGE_CACHE_MIB: another page cache than the window's, to see what the
    // cache costs the reads (an encrypted store decrypts every page it reads again).
    if let Some(mib) = std::env::var("RASOAT_BENCH_PAGE_CACHE_MIB")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        state
            .store
            .lock()
            .expect("store")
            .limit_page_cache(mib)
            .expect("page cache");
    }
    let (app, w) = app_window(state);

    let installation =
        std::env::var("RASOAT_BENCH_INSTALLATION").unwrap_or_else(|_| "district:026".into());
    let (role, unit) = installation
        .split_once(':')
        .expect("RASOAT_BENCH_INSTALLATION is role:unit, e.g. district:026");
    let started = Instant::now();
    if !reuse {
        call(
            &w,
            "setup",
            json!({"input": {"role": role, "unit_code": unit, "user_name": "Bench", "year": 2024, "demo_households": n}}),
        );
    }
    let fill = started.elapsed();
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);

    // Drafts only: a completed form is no longer the enumerator's to change (the demo completes
    // four in five of its forms), and a draft is what a person saves over and over.
    let list = call(
        &w,
        "list_households",
        json!({"query": {"status": "draft", "returned_first": false, "limit": 300}}),
    );
    let ids: Vec<String> = list["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["id"].as_str().unwrap_or_default().to_string())
        .collect();

    let save_count: usize = std::env::var("RASOAT_BENCH_SAVES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    // Form save: open a household, change an answer, save as a draft (what the button does).
    // The forms are opened and evaluated first, so the saves' CPU is the saves' alone.
    let mut evaluations = Vec::new();
    let mut forms = Vec::new();
    for id in &ids {
        let form = call(&w, "open_household", json!({"id": id}));
        let h = form["household"].clone();
        let t = Instant::now();
        call(&w, "evaluate", json!({"household": h}));
        evaluations.push(t.elapsed());
        forms.push(h);
    }
    let mut saves = Vec::new();
    let cpu = cpu_seconds();
    for (i, form) in forms.iter().cycle().take(save_count).enumerate() {
        let mut h = form.clone();
        h["notes"] = json!(format!("bench {i}"));
        let t = Instant::now();
        call(
            &w,
            "save_household",
            json!({"household": h, "complete": false}),
        );
        saves.push(t.elapsed());
    }
    let save_cpu = cpu_per_call(cpu, save_count);

    // Search as typed: parts of names and codes, with and without diacritics.
    let queries = [
        "giang",
        "vừ thị",
        "sung mi",
        "lo",
        "00730",
        "thao",
        "ly thi",
        "mua",
        "hau",
        "zzz",
    ];
    let mut searches = Vec::new();
    let cpu = cpu_seconds();
    for q in queries.iter().cycle().take(100) {
        let t = Instant::now();
        call(
            &w,
            "list_households",
            json!({"query": {"text": q, "returned_first": true, "limit": 300}}),
        );
        searches.push(t.elapsed());
    }
    let search_cpu = cpu_per_call(cpu, searches.len());
    let mut filtered = Vec::new();
    let cpu = cpu_seconds();
    for class in ["poor", "near_poor", "middle", "other"]
        .iter()
        .cycle()
        .take(40)
    {
        let t = Instant::now();
        call(
            &w,
            "list_households",
            json!({"query": {"class": class, "returned_first": true, "limit": 300}}),
        );
        filtered.push(t.elapsed());
    }

    let filter_cpu = cpu_per_call(cpu, filtered.len());
    // The window gives its page cache up once store work is quiet for a second
    // (`allocator::when_quiet`): a search after a pause reads its pages from the file again.
    let mut after_quiet = Vec::new();
    let mut quiet_cpu = 0.0;
    for q in queries.iter().cycle().take(40) {
        if let Ok(store) = app.state::<AppState>().store.lock() {
            store
                .release_page_cache(
                    rasoat_desktop::PAGE_CACHE_AT_REST_MIB,
                    rasoat_desktop::PAGE_CACHE_MIB,
                )
                .expect("page cache given up");
        }
        let cpu = cpu_seconds();
        let t = Instant::now();
        call(
            &w,
            "list_households",
            json!({"query": {"text": q, "returned_first": true, "limit": 300}}),
        );
        after_quiet.push(t.elapsed());
        quiet_cpu += cpu_per_call(cpu, 1);
    }
    let quiet_cpu = quiet_cpu / after_quiet.len() as f64;
    let (save50, save95) = percentiles(saves);
    let (eval50, eval95) = percentiles(evaluations);
    let (s50, s95) = percentiles(searches);
    let (f50, f95) = percentiles(filtered);
    let (q50, q95) = percentiles(after_quiet);
    println!(
        "desktop commands, {n} households in the {} store ({:.1} MiB) of {installation}, mock runtime",
        if encrypted { "encrypted" } else { "plain" },
        size as f64 / 1_048_576.0
    );
    println!("| measure | p50 ms | p95 ms | CPU ms per call | target |");
    println!("| --- | ---: | ---: | ---: | --- |");
    println!(
        "| form save (save_household, draft; {save_count} saves) | {save50:.2} | {save95:.2} | {save_cpu:.3} | p95 ≤ 50 ms |"
    );
    println!("| live evaluation (evaluate) | {eval50:.2} | {eval95:.2} | — | — |");
    println!(
        "| search by name/code (list_households + count) | {s50:.1} | {s95:.1} | {search_cpu:.2} | p95 ≤ 100 ms |"
    );
    println!("| list filtered by class | {f50:.1} | {f95:.1} | {filter_cpu:.2} | — |");
    println!(
        "| search after a quiet second (page cache given up before each) | {q50:.1} | {q95:.1} | {quiet_cpu:.2} | p95 ≤ 100 ms |"
    );
    if let Some(total) = cpu_seconds() {
        println!(
            "process CPU (user + system) {total:.2} s, wall {:.1} s",
            started_all.elapsed().as_secs_f64()
        );
    }
    if reuse {
        println!("store reused from RASOAT_BENCH_STORE (not filled by this run)");
    } else {
        println!(
            "demo fill ({n} households classified and saved): {:.1} s",
            fill.as_secs_f64()
        );
    }
    drop(w);
    drop(app);
    let _ = std::fs::remove_dir_all(&dir);
}
