//! What every mock-runtime test of the desktop shares: the app booted on a store, and one call
//! made over IPC exactly as the window makes it.
// Each test binary includes this module and uses a part of it.
#![allow(dead_code)]

use std::path::PathBuf;

use rasoat_desktop::{run_app, AppState, StoreLocation};
use serde_json::Value;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{WebviewWindow, WebviewWindowBuilder};

pub type App = tauri::App<tauri::test::MockRuntime>;
pub type Window = WebviewWindow<tauri::test::MockRuntime>;

/// The app with all its commands on the mock runtime, over the store at `path`, and its window.
pub fn boot(path: PathBuf) -> (App, Window) {
    let state = AppState::open(path).expect("store opens");
    let app = run_app(mock_builder(), StoreLocation::Opened(state))
        .build(mock_context(noop_assets()))
        .expect("app builds");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("window");
    (app, window)
}

/// The app over the store at `path`, closed until someone signs in (or creates the first
/// administrator), and its window.
pub fn boot_closed(path: PathBuf) -> (App, Window) {
    boot_closed_demo(path, false)
}

/// `boot_closed`, as the app runs when asked for the demo store (`RASOAT_DEMO_IF_EMPTY`).
pub fn boot_closed_demo(path: PathBuf, demo: bool) -> (App, Window) {
    let app = run_app(mock_builder(), StoreLocation::Closed { path, demo })
        .build(mock_context(noop_assets()))
        .expect("app builds");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("window");
    (app, window)
}

/// One command through Tauri's IPC layer: the answer, or the `{code, message}` refusal.
pub fn call(window: &Window, cmd: &str, args: Value) -> Result<Value, Value> {
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
