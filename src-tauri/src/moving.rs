//! Moving this installation to another machine from the window: what leaves (the whole
//! installation, its households with their names, its people and keys) for the confirmation,
//! the move file written to a chosen folder, and the first-run screen's move in. The store does
//! the move (`rasoat_store::moving`); these commands only translate.

use std::path::Path;

use rasoat_store::{MoveCost, MovePassphrase, Store, StoreError};
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime};

use crate::clock::now_ms;
use crate::commands::with_store;
use crate::error::{CommandError, CommandResult};
use crate::session::{self, SessionView};
use crate::AppState;

/// The ending of a move file's name.
const MOVE_EXT: &str = "rasoat-move";

/// What the move confirmation names, or when the installation already moved.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MoveView {
    pub installation_id: String,
    pub unit_code: String,
    pub unit_name: Option<String>,
    pub households: u64,
    pub rounds: u64,
    pub people: u64,
    /// The shortest passphrase the store accepts.
    pub min_passphrase_chars: u32,
    /// Set once this installation moved away: the day (dd/mm/yyyy) and the file's name.
    pub moved_on: Option<String>,
    pub moved_file: Option<String>,
}

/// A move file just written.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MovedOutView {
    pub path: String,
    pub households: u64,
    pub moved_on: String,
}

fn signed_in(state: &AppState) -> CommandResult<rasoat_store::Person> {
    state
        .session
        .person()
        .ok_or_else(|| StoreError::NotAdministrator.into())
}

fn move_view(store: &Store, by: &rasoat_store::Person) -> CommandResult<MoveView> {
    let summary = store.move_summary(by)?;
    let moved = store.moved_out()?;
    Ok(MoveView {
        installation_id: summary.installation_id,
        unit_code: summary.unit_code,
        unit_name: summary.unit_name,
        households: summary.households,
        rounds: summary.rounds,
        people: summary.people,
        min_passphrase_chars: rasoat_store::moving::MIN_PASSPHRASE_CHARS as u32,
        moved_on: moved.as_ref().map(|m| m.day()),
        moved_file: moved.map(|m| m.file),
    })
}

/// What a move would take; administrators only.
#[tauri::command]
pub async fn move_overview<R: Runtime>(app: AppHandle<R>) -> CommandResult<MoveView> {
    with_store(app, |store, state| {
        let by = signed_in(state)?;
        move_view(store, &by)
    })
    .await
}

/// Writes the move file into `folder` and marks this installation moved; administrators
/// only. The name is new in the folder (a number is added rather than overwrite).
#[tauri::command]
pub async fn move_out<R: Runtime>(
    app: AppHandle<R>,
    folder: String,
    passphrase: String,
) -> CommandResult<MovedOutView> {
    with_store(app, move |store, state| {
        let by = signed_in(state)?;
        let passphrase = MovePassphrase::new(&zeroize::Zeroizing::new(passphrase))?;
        let folder = Path::new(folder.trim());
        let installation = store.installation()?;
        let stem = format!(
            "chuyen-may-{}",
            &installation.id[installation.id.len().saturating_sub(8)..]
        );
        let mut n = 1;
        let path = loop {
            let name = if n == 1 {
                format!("{stem}.{MOVE_EXT}")
            } else {
                format!("{stem}-{n}.{MOVE_EXT}")
            };
            let path = folder.join(name);
            if !path.exists() {
                break path;
            }
            n += 1;
        };
        let moved = store.move_out(&by, &path, &passphrase, MoveCost::STANDARD, now_ms())?;
        Ok(MovedOutView {
            path: path.display().to_string(),
            households: moved.households,
            moved_on: moved.day(),
        })
    })
    .await
}

/// First run on the new machine: makes the store from a move file, then the sign-in screen
/// lists the installation's people, who sign in with their PINs.
#[tauri::command]
pub async fn move_in<R: Runtime>(
    app: AppHandle<R>,
    file: String,
    passphrase: String,
) -> CommandResult<SessionView> {
    session::gated(app, move |app, path| {
        if app.try_state::<AppState>().is_some() {
            return Err(StoreError::MoveTargetExists {
                path: path.display().to_string(),
            }
            .into());
        }
        let passphrase = MovePassphrase::typed(&zeroize::Zeroizing::new(passphrase));
        let arrived = Store::move_in(Path::new(file.trim()), path, &passphrase, now_ms())
            .map_err(CommandError::from)?;
        drop(arrived);
        session::view(app)
    })
    .await
}
