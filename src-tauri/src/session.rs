//! Signing in on the desktop. The store stays closed until a person of the installation signs
//! in with their PIN (or the recovery key, which then sets a new PIN); a store that is missing
//! or still plain is first protected by creating its administrator. A lock (the button, or the
//! administrator's idle time) refuses every store command until someone signs in again; the
//! window keeps its unsaved form meanwhile, in its own memory, never in the store.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use rasoat_domain::messages::Code;
use rasoat_store::access::{store_file, StoreFile};
use rasoat_store::{Credential, KdfParams, Person, RecoveryKey, Store, StoreError};
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime};

use crate::clock::now_ms;
use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::{demo, sync_task, AppState};

/// The idle lock when the administrator set none.
pub const DEFAULT_IDLE_LOCK_MINUTES: u32 = 10;

/// Shortens the idle lock to this many seconds (tests and demonstrations only).
pub const IDLE_LOCK_SECONDS_VAR: &str = "RASOAT_IDLE_LOCK_SECONDS";

/// The demo store's administrator and PIN, shown on its sign-in screen: the store holds only
/// invented households, and a newcomer must be able to open it.
pub const DEMO_ADMINISTRATOR: &str = "Quản trị viên (dữ liệu mẫu)";
pub const DEMO_PIN: &str = "123456";

/// Where the desktop's store is and who holds it; managed from the start, before any store is
/// open.
#[derive(Debug)]
pub struct Gate {
    pub path: PathBuf,
    /// The demo store was asked for (`RASOAT_DEMO_IF_EMPTY`): its PIN may be shown.
    pub demo: bool,
    /// Sign-in, unlock and protection one at a time.
    busy: Mutex<()>,
}

impl Gate {
    pub fn new(path: PathBuf, demo: bool) -> Gate {
        Gate {
            path,
            demo,
            busy: Mutex::new(()),
        }
    }
}

/// Who is signed in to the open store, and whether the window is locked.
#[derive(Debug, Default)]
pub struct Session {
    person: Mutex<Option<Person>>,
    locked: AtomicBool,
}

impl Session {
    pub fn signed_in(person: Option<Person>) -> Session {
        Session {
            person: Mutex::new(person),
            locked: AtomicBool::new(false),
        }
    }

    pub fn person(&self) -> Option<Person> {
        self.person.lock().ok().and_then(|p| p.clone())
    }

    pub fn is_locked(&self) -> bool {
        self.locked.load(Ordering::SeqCst)
    }

    fn lock(&self) {
        self.locked.store(true, Ordering::SeqCst);
    }

    fn unlock_as(&self, person: Person) {
        if let Ok(mut p) = self.person.lock() {
            *p = Some(person);
        }
        self.locked.store(false, Ordering::SeqCst);
    }
}

/// What the sign-in screen shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SessionStage {
    /// No store yet: the first-run screen creates the administrator.
    Create,
    /// A plain store from an earlier version: an administrator is created and the store is
    /// encrypted in place.
    Encrypt,
    /// An encrypted store, closed: sign in.
    SignIn,
    /// Open, and locked: sign in again to return.
    Locked,
    /// Open.
    Open,
}

/// A person on the sign-in screen.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SignInPerson {
    pub id: String,
    pub name: String,
    /// `administrator`, `reviewer`, `commune_officer` or `district_officer`.
    pub role: String,
}

/// The session as the window sees it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SessionView {
    pub stage: SessionStage,
    pub people: Vec<SignInPerson>,
    /// The person signed in (also while locked: the one who locked).
    pub person: Option<SignInPerson>,
    /// After this long without a key or a click the window locks.
    pub idle_lock_seconds: u32,
    /// The demo store's PIN, shown as demo data on its sign-in screen.
    pub demo_pin: Option<String>,
}

/// A store just protected: the session and the recovery key, shown once.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ProtectOutcome {
    pub session: SessionView,
    /// Eight groups of five digits.
    pub recovery_key: Vec<String>,
}

fn person_view(p: &Person) -> SignInPerson {
    SignInPerson {
        id: p.id.clone(),
        name: p.name.clone(),
        role: p.role.as_str().to_string(),
    }
}

/// The idle lock `RASOAT_IDLE_LOCK_SECONDS` sets instead of the administrator's, if any.
pub fn idle_override_seconds() -> Option<u32> {
    std::env::var(IDLE_LOCK_SECONDS_VAR)
        .ok()
        .and_then(|s| s.trim().parse::<u32>().ok())
        .filter(|s| *s > 0)
}

fn idle_seconds(path: &Path) -> u32 {
    if let Some(seconds) = idle_override_seconds() {
        return seconds;
    }
    let minutes = Store::idle_lock_minutes(path)
        .ok()
        .flatten()
        .unwrap_or(DEFAULT_IDLE_LOCK_MINUTES);
    minutes.saturating_mul(60)
}

fn gate<R: Runtime>(app: &AppHandle<R>) -> CommandResult<tauri::State<'_, Gate>> {
    app.try_state::<Gate>()
        .ok_or_else(|| CommandError::new(ErrorCode::Storage, Code::DesktopStoreNotOpen))
}

/// The session as it stands.
pub fn view<R: Runtime>(app: &AppHandle<R>) -> CommandResult<SessionView> {
    let gate = gate(app)?;
    let path = gate.path.clone();
    let state = app.try_state::<AppState>();
    let file = store_file(&path)?;
    let people: Vec<SignInPerson> = match file {
        StoreFile::Encrypted => Store::sign_in_names(&path)?
            .into_iter()
            .map(|p| SignInPerson {
                id: p.id,
                name: p.name,
                role: p.role,
            })
            .collect(),
        StoreFile::Plain | StoreFile::Missing => Vec::new(),
    };
    let (stage, person) = match &state {
        Some(state) => {
            let session = &state.session;
            let stage = if session.is_locked() {
                SessionStage::Locked
            } else {
                SessionStage::Open
            };
            (stage, session.person().as_ref().map(person_view))
        }
        None => (
            match file {
                StoreFile::Missing => SessionStage::Create,
                StoreFile::Plain => SessionStage::Encrypt,
                StoreFile::Encrypted => SessionStage::SignIn,
            },
            None,
        ),
    };
    let demo_pin =
        (gate.demo && people.len() == 1 && people.iter().all(|p| p.name == DEMO_ADMINISTRATOR))
            .then(|| DEMO_PIN.to_string());
    Ok(SessionView {
        stage,
        people,
        person,
        idle_lock_seconds: idle_seconds(&path),
        demo_pin,
    })
}

/// Takes an unlocked store into the app: the window's state, the sync task's control, the
/// task itself.
fn open_app<R: Runtime>(
    app: &AppHandle<R>,
    store: Store,
    person: Option<Person>,
    path: &Path,
) -> CommandResult<()> {
    let state = AppState::from_store(store, path, person)?;
    if let Some(opener) = state.reopener() {
        app.manage(sync_task::SyncControl::shared(opener));
    }
    app.manage(state);
    sync_task::start(app);
    Ok(())
}

/// Runs `f` on the blocking pool with the gate held.
pub(crate) async fn gated<R: Runtime, T: Send + 'static>(
    app: AppHandle<R>,
    f: impl FnOnce(&AppHandle<R>, &Path) -> CommandResult<T> + Send + 'static,
) -> CommandResult<T> {
    tauri::async_runtime::spawn_blocking(move || {
        let gate = gate(&app)?;
        let _busy = gate
            .busy
            .lock()
            .map_err(|_| CommandError::new(ErrorCode::Storage, Code::DesktopStorePoisoned))?;
        let path = gate.path.clone();
        let done = f(&app, &path);
        crate::allocator::work_done();
        done
    })
    .await
    .map_err(|e| CommandError::detail(ErrorCode::Storage, e))?
}

/// Signs `person` in with an unlocked store: opens the app, or returns to it after a lock.
fn enter<R: Runtime>(
    app: &AppHandle<R>,
    path: &Path,
    store: Store,
    person: Person,
) -> CommandResult<()> {
    match app.try_state::<AppState>() {
        // Locked: the unlock proved the PIN and wrote its sign-in row; the app's own
        // connection stays as it was.
        Some(state) => {
            drop(store);
            state.session.unlock_as(person);
            Ok(())
        }
        None => open_app(app, store, Some(person), path),
    }
}

#[tauri::command]
pub async fn session<R: Runtime>(app: AppHandle<R>) -> CommandResult<SessionView> {
    tauri::async_runtime::spawn_blocking(move || view(&app))
        .await
        .map_err(|e| CommandError::detail(ErrorCode::Storage, e))?
}

/// Signs in with a PIN.
#[tauri::command]
pub async fn sign_in<R: Runtime>(
    app: AppHandle<R>,
    person_id: String,
    pin: String,
) -> CommandResult<SessionView> {
    gated(app, move |app, path| {
        let pin = zeroize::Zeroizing::new(pin);
        let unlocked = Store::unlock(
            path,
            &Credential::Pin {
                person: &person_id,
                pin: &pin,
            },
            now_ms(),
        )?;
        let person = unlocked.person.ok_or(StoreError::UnknownPerson)?;
        enter(app, path, unlocked.store, person)?;
        view(app)
    })
    .await
}

/// A forgotten PIN: the recovery key opens the store and `person_id` gets `new_pin`.
#[tauri::command]
pub async fn sign_in_recovery<R: Runtime>(
    app: AppHandle<R>,
    person_id: String,
    recovery_key: String,
    new_pin: String,
) -> CommandResult<SessionView> {
    gated(app, move |app, path| {
        let new_pin = zeroize::Zeroizing::new(new_pin);
        let key = RecoveryKey::parse(&recovery_key)?;
        rasoat_store::keys::check_new_pin(&new_pin)?;
        let at = now_ms();
        let mut unlocked = Store::unlock(path, &Credential::Recovery(&key), at)?;
        unlocked
            .store
            .reset_pin_after_recovery(&person_id, &new_pin, at)?;
        let person = unlocked.store.person(&person_id)?;
        enter(app, path, unlocked.store, person)?;
        view(app)
    })
    .await
}

/// First run, or the first open of a plain store: creates the administrator and encrypts the
/// store. The recovery key is in the answer and nowhere else.
#[tauri::command]
pub async fn protect_store<R: Runtime>(
    app: AppHandle<R>,
    name: String,
    pin: String,
) -> CommandResult<ProtectOutcome> {
    gated(app, move |app, path| {
        let pin = zeroize::Zeroizing::new(pin);
        if app.try_state::<AppState>().is_some() {
            return Err(StoreError::Locked.into());
        }
        if name.trim().is_empty() {
            return Err(CommandError::new(
                ErrorCode::Invalid,
                Code::DesktopNameMissing,
            ));
        }
        let protected = Store::protect(path, &name, &pin, KdfParams::STANDARD, now_ms())?;
        let recovery_key = protected.recovery_key.groups();
        let administrator = protected.administrator;
        let mut store = protected.store;
        // The person is the installation's user from now on (the first-run form keeps it).
        store.set_preference("user_name", &administrator.name)?;
        open_app(app, store, Some(administrator), path)?;
        Ok(ProtectOutcome {
            session: view(app)?,
            recovery_key,
        })
    })
    .await
}

/// Locks the window now.
#[tauri::command]
pub async fn lock<R: Runtime>(app: AppHandle<R>) -> CommandResult<SessionView> {
    tauri::async_runtime::spawn_blocking(move || {
        if let Some(state) = app.try_state::<AppState>() {
            state.session.lock();
        }
        view(&app)
    })
    .await
    .map_err(|e| CommandError::detail(ErrorCode::Storage, e))?
}

/// The demo store, made when there is none: encrypted, its administrator's PIN shown on the
/// sign-in screen, 300 invented households. Left closed: the newcomer signs in as anyone would.
pub fn demo_if_missing(path: &Path) -> Result<(), CommandError> {
    if store_file(path)? != StoreFile::Missing {
        return Ok(());
    }
    let protected = Store::protect(
        path,
        DEMO_ADMINISTRATOR,
        DEMO_PIN,
        KdfParams::STANDARD,
        now_ms(),
    )?;
    let state = AppState::from_store(protected.store, path, Some(protected.administrator))?;
    demo::set_up_if_empty(&state)
}
