//! Rà soát desktop: the Tauri 2 shell. It opens the store, manages it as state and exposes
//! commands that translate between the UI and the crates; every rule stays in `rasoat-domain`.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rasoat_store::{Person, Reopen, Store};
use tauri::{Builder, Manager, RunEvent, Runtime};

// the main process's freed memory back to the system
pub mod allocator;
#[cfg(test)]
mod bindings;
mod clock;
// the window's close button keeps the open form
pub mod closing;
pub mod commands;
// dashboard
pub mod dashboard;
mod demo;
pub mod dto;
pub mod error;
pub mod exchange;
// Phiếu A's wording for the form.
pub mod phieu_a;
// signing in, the lock
pub mod session;
// the administrator's people, idle lock and action log
pub mod moving;
pub mod opening_steps;
pub mod people;
pub mod printing;
mod template;
// background sync
pub mod sync_task;
pub mod village_steps;
pub mod villages;

/// The window's page cache, in MiB. The store opens with room for 256 MiB, which a district
/// report or a bulk import wants; the window's whole process is meant to stay within 200 MB
/// on a laptop, and of that the webview's own libraries take about 120 MB. A list page, a
/// search and a form touch a few MiB of pages; a report over 200,000 households reads its
/// summary rows once whatever the cache (`docs/benchmarks.md`).
pub const PAGE_CACHE_MIB: u32 = 32;

/// What the window's page cache keeps once store work is quiet (`allocator::when_quiet`): the
/// pages used last, the indexes' upper levels among them, so a search after a pause reads
/// its leaves from the file and not every level again.
pub const PAGE_CACHE_AT_REST_MIB: u32 = 8;

/// What every command reaches: the store (one connection, serialised by the mutex; SQLite
/// serialises writers anyway) and who signed in. The standards are not kept here: each command
/// reads the installation's from the store (`Store::standards`), so a file the office's batch
/// brings down by sync or by USB is used at once.
pub struct AppState {
    pub store: Mutex<Store>,
    pub path: String,
    pub session: session::Session,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("path", &self.path)
            .finish()
    }
}

impl AppState {
    /// Opens (creating and migrating) the store at `path` and loads the reference units.
    pub fn open(path: PathBuf) -> Result<AppState, rasoat_store::StoreError> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|source| rasoat_store::StoreError::Io {
                path: dir.display().to_string(),
                source,
            })?;
        }
        let store = Store::open(&path)?;
        AppState::from_store(store, &path, None)
    }

    /// The state over a store already open (unlocked by `person`).
    pub fn from_store(
        mut store: Store,
        path: &Path,
        person: Option<Person>,
    ) -> Result<AppState, rasoat_store::StoreError> {
        store.load_reference_units()?;
        store.limit_page_cache(PAGE_CACHE_MIB)?;
        Ok(AppState {
            store: Mutex::new(store),
            path: path.display().to_string(),
            session: session::Session::signed_in(person),
        })
    }

    /// Opens the sync task's own connections.
    pub fn reopener(&self) -> Option<Reopen> {
        self.store.lock().ok().and_then(|s| s.reopener())
    }

    /// How the journal names whoever acts: the signed-in person (name and id), else the name
    /// typed at setup (a store opened by a tool, with no one signed in).
    pub fn actor(&self, store: &Store) -> Result<String, rasoat_store::StoreError> {
        match self.session.person() {
            Some(person) => Ok(person.actor()),
            None => Ok(store.preference("user_name")?.unwrap_or_default()),
        }
    }
}

/// Where the store comes from.
#[derive(Debug)]
// Made once, at start: the size of the opened state's variant costs nothing.
#[allow(clippy::large_enum_variant)]
pub enum StoreLocation {
    /// `RASOAT_DB` if set, else `rasoat.sqlite` in the app's data folder (known only once the
    /// app runs, so opened in the setup hook).
    Default,
    /// A store opened by the caller (tests, tools).
    Opened(AppState),
    /// The store at `path`, opened by signing in (tests of the sign-in); `demo` as
    /// `RASOAT_DEMO_IF_EMPTY` says for the real app.
    Closed { path: PathBuf, demo: bool },
}

/// The app with its commands and state, on any runtime (Wry for real, the mock in tests).
pub fn run_app<R: Runtime>(builder: Builder<R>, location: StoreLocation) -> Builder<R> {
    // exchange: the system's file chooser, called from Rust only (no window permission).
    let builder = builder.plugin(tauri_plugin_dialog::init());
    // Closing the window keeps the open form first.
    let builder = builder
        .manage(closing::Closing::default())
        .on_window_event(closing::on_window_event);
    let builder = builder.invoke_handler(tauri::generate_handler![
        commands::status,
        commands::communes,
        commands::units_of_level,
        commands::setup,
        commands::list_households,
        commands::overview,
        commands::evaluate,
        commands::new_household,
        commands::open_household,
        commands::save_household,
        commands::autosave_household,
        commands::propose_code,
        villages::villages,
        villages::add_village,
        villages::rename_village,
        villages::set_village_retired,
        commands::review_household,
        // background sync
        sync_task::sync_status,
        sync_task::sync_configure,
        sync_task::sync_now,
        // refused batches on the sync screen
        sync_task::sync_discard,
        // exchange
        exchange::exchange_overview,
        exchange::exchange_export_card,
        exchange::exchange_read_card,
        exchange::exchange_enrol,
        exchange::exchange_revoke,
        exchange::exchange_new_installation,
        exchange::exchange_export_batch,
        exchange::exchange_import_batches,
        exchange::exchange_export_receipt,
        exchange::exchange_import_receipt,
        exchange::exchange_pick,
        exchange::conflicts_list,
        exchange::conflicts_detail,
        exchange::conflicts_resolve,
        exchange::conflicts_duplicate_codes,
        exchange::transfers_list,
        exchange::transfers_make,
        exchange::transfers_preview,
        // Phiếu A section of the form.
        phieu_a::phieu_a_form,
        // signing in, the lock
        session::session,
        session::sign_in,
        session::sign_in_recovery,
        session::protect_store,
        session::lock,
        // the administrator's people, idle lock and action log
        people::people_overview,
        people::people_add,
        people::people_reset_pin,
        people::people_disable,
        people::people_set_idle_lock,
        people::audit_list,
        moving::move_overview,
        moving::move_out,
        moving::move_in,
        // dashboard
        dashboard::dashboard,
        dashboard::dashboard_households,
        dashboard::dashboard_export,
        printing::dashboard_print,
        village_steps::record_meeting,
        village_steps::record_recognition,
        opening_steps::step_lists,
        opening_steps::opening_households,
        opening_steps::record_opening_meeting,
        opening_steps::record_opening_recognition,
        // closing the window
        closing::close_window,
    ]);
    match location {
        // background sync: the task starts once the store is known.
        StoreLocation::Opened(state) => {
            let gate = session::Gate::new(PathBuf::from(&state.path), false);
            let builder = builder.manage(gate);
            let builder = match state.reopener() {
                Some(opener) => builder.manage(sync_task::SyncControl::shared(opener)),
                None => builder,
            };
            builder.manage(state).setup(|app| {
                sync_task::start(app.handle());
                Ok(())
            })
        }
        // The store opens when someone signs in (`session`).
        StoreLocation::Closed { path, demo } => builder.manage(session::Gate::new(path, demo)),
        StoreLocation::Default => builder.setup(|app| {
            let path = match std::env::var_os("RASOAT_DB") {
                Some(p) => PathBuf::from(p),
                None => app.path().app_data_dir()?.join("rasoat.sqlite"),
            };
            // `scripts/start` asks for a demo store when there is none yet, so a newcomer sees
            // real screens at once; a real installation goes through the first-run screen.
            let demo = std::env::var_os("RASOAT_DEMO_IF_EMPTY").is_some();
            if demo {
                session::demo_if_missing(&path)?;
            }
            app.manage(session::Gate::new(path, demo));
            Ok(())
        }),
    }
}

/// Starts the desktop app.
pub fn run() {
    allocator::start();
    let app = run_app(Builder::default(), StoreLocation::Default)
        .build(tauri::generate_context!())
        // background sync: the task ends cleanly when the app exits.
        .map(|app| {
            // Once store work is quiet, the window's page cache goes back with the free pages;
            // a command holding the store meanwhile keeps it (work is going on).
            let handle = app.handle().clone();
            allocator::when_quiet(move || {
                if let Some(state) = handle.try_state::<AppState>() {
                    if let Ok(store) = state.store.try_lock() {
                        // Nothing to tell anyone: the next command reads through whatever
                        // cache is left, and the size is set back in any case.
                        let _ = store.release_page_cache(PAGE_CACHE_AT_REST_MIB, PAGE_CACHE_MIB);
                    }
                }
            });
            app.run(|handle, event| {
                if let RunEvent::Exit = event {
                    allocator::stop();
                    sync_task::shut_down(handle);
                }
            })
        });
    if let Err(e) = app {
        // Nothing else can show it: the window never opened.
        eprintln!("Rà soát không khởi động được / cannot start: {e}");
        std::process::exit(1);
    }
}
