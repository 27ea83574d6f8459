//! The commune's list of villages (thôn, bản) for the window: listed for the form's village
//! choice, and added, renamed and retired on the overview screen. Each command only
//! translates; the store keeps the list, refuses a second spelling of a village and, on the
//! commune's installation, journals each change so the list travels with its batches.

use rasoat_store::{Store, Village};
use serde::Serialize;
use tauri::{AppHandle, Runtime};

use crate::clock::now_ms;
use crate::commands::with_store;
use crate::error::CommandResult;

/// One village of the list.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct VillageView {
    /// Stable across renames, the same on every installation of the commune.
    pub id: String,
    pub name: String,
    /// No longer offered for a new household; a household that names it still shows it.
    pub retired: bool,
    /// Names it had before: a household saved under one is in this village.
    pub former_names: Vec<String>,
}

impl From<Village> for VillageView {
    fn from(v: Village) -> VillageView {
        VillageView {
            id: v.id,
            name: v.name,
            retired: v.retired,
            former_names: v.former_names,
        }
    }
}

fn listed(store: &Store) -> CommandResult<Vec<VillageView>> {
    Ok(store
        .villages()?
        .into_iter()
        .map(VillageView::from)
        .collect())
}

/// The list, retired villages included, by name.
#[tauri::command]
pub async fn villages<R: Runtime>(app: AppHandle<R>) -> CommandResult<Vec<VillageView>> {
    with_store(app, |store, _| listed(store)).await
}

/// Adds a village; the list as it is then.
#[tauri::command]
pub async fn add_village<R: Runtime>(
    app: AppHandle<R>,
    name: String,
) -> CommandResult<Vec<VillageView>> {
    with_store(app, move |store, state| {
        let actor = state.actor(store)?;
        store.add_village(&name, &actor, now_ms())?;
        listed(store)
    })
    .await
}

/// Renames a village; the list as it is then.
#[tauri::command]
pub async fn rename_village<R: Runtime>(
    app: AppHandle<R>,
    from: String,
    to: String,
) -> CommandResult<Vec<VillageView>> {
    with_store(app, move |store, state| {
        let actor = state.actor(store)?;
        store.rename_village(&from, &to, &actor, now_ms())?;
        listed(store)
    })
    .await
}

/// Retires a village or brings it back; the list as it is then.
#[tauri::command]
pub async fn set_village_retired<R: Runtime>(
    app: AppHandle<R>,
    name: String,
    retired: bool,
) -> CommandResult<Vec<VillageView>> {
    with_store(app, move |store, state| {
        let actor = state.actor(store)?;
        store.set_village_retired(&name, retired, &actor, now_ms())?;
        listed(store)
    })
    .await
}
