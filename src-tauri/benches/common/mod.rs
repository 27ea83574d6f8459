//! What the desktop benches share: the process's CPU time, the app's state over an
//! encrypted store, made or unlocked as the window does, and the app with its window.

use rasoat_desktop::{run_app, AppState, StoreLocation};
use rasoat_store::{Credential, KdfParams, Store};
use tauri::test::{mock_builder, mock_context, noop_assets, MockRuntime};
use tauri::{WebviewWindow, WebviewWindowBuilder};

pub type Window = WebviewWindow<MockRuntime>;

/// The app on the mock runtime over `state`, and its main window.
pub fn app_window(state: AppState) -> (tauri::App<MockRuntime>, Window) {
    let app = run_app(mock_builder(), StoreLocation::Opened(state))
        .build(mock_context(noop_assets()))
        .expect("app");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("window");
    (app, window)
}

/// User + system CPU seconds of this process (Linux; every thread, so the command's blocking
/// task is counted), to tell the command's own cost from a busy machine's.
pub fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name (which may hold spaces) start after the last ')'.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok());
    // utime and stime are the 14th and 15th fields of the line, 12th and 13th after the name.
    Some((ticks(11)? + ticks(12)?) / 100.0)
}

pub const PIN: &str = "246810";

/// The app's state over an encrypted store at `path`: made with its administrator (as the
/// first-run screen does; a plain store already at `path` is encrypted in place, as the app's
/// first open of an older store does), or unlocked by that administrator's PIN when `reuse`.
pub fn encrypted_state(path: &std::path::Path, reuse: bool) -> AppState {
    let at = 1_759_305_600_000;
    let (store, person) = if reuse {
        let unlocked = Store::unlock(
            path,
            &Credential::Pin {
                person: "Bench",
                pin: PIN,
            },
            at,
        )
        .expect("unlock");
        (unlocked.store, unlocked.person)
    } else {
        let protected =
            Store::protect(path, "Bench", PIN, KdfParams::STANDARD, at).expect("protect");
        (protected.store, Some(protected.administrator))
    };
    AppState::from_store(store, path, person).expect("state")
}
