//! Household transfers on the conflicts screen: every transfer this installation holds, in
//! plain words (the household's code, both communes by code and name, the day, who and why),
//! with the old commune's edits that arrived after it and were kept as history only, and the
//! transfer itself for an office covering both communes (`rasoat_batch`'s rule).

use rasoat_store::{LateEdit, Store, StoredTransfer};
use serde::Serialize;
use tauri::{AppHandle, Runtime};

use super::unit_names;
use crate::clock::now_ms;
use crate::commands::with_store;
use crate::error::CommandResult;

/// One transfer, as the screen says it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TransferView {
    pub household_id: String,
    pub code: String,
    pub from: String,
    pub from_name: String,
    pub to: String,
    pub to_name: String,
    /// The day it was made (YYYY-MM-DD, UTC).
    pub date: String,
    pub actor: String,
    pub reason: String,
    /// Edits of the commune the household left, delivered after this transfer: kept in the
    /// journal as history, never applied to the household's records.
    pub late_edits: Vec<LateEditView>,
}

/// An edit kept as history only, as the screen says it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct LateEditView {
    /// The installation that made it and its number there.
    pub origin: String,
    pub seq: i64,
    /// The day its sender says it was made (YYYY-MM-DD, UTC): shown, never judged by.
    pub date: String,
    pub commune: String,
    pub commune_name: String,
    pub to: String,
    pub to_name: String,
}

pub fn transfer_views(store: &Store) -> CommandResult<Vec<TransferView>> {
    let names = unit_names(store)?;
    let name = |code: &str| names.get(code).cloned().unwrap_or_default();
    let day = |at: i64| {
        rasoat_domain::Date::from_unix_millis(at).map_or_else(String::new, |d| d.to_string())
    };
    let mut late: Vec<LateEdit> = store.late_edits()?;
    let mut out = Vec::new();
    // Transfers come newest first: each late edit is told under the latest transfer away
    // from the commune it names.
    for t in store.transfers()? {
        let t: StoredTransfer = t;
        let (here, rest): (Vec<LateEdit>, Vec<LateEdit>) = late.into_iter().partition(|e| {
            e.household_id == t.transfer.household_id && e.commune == t.transfer.from
        });
        late = rest;
        out.push(TransferView {
            late_edits: here
                .into_iter()
                .map(|e| LateEditView {
                    date: day(e.recorded_at),
                    commune_name: name(&e.commune),
                    to_name: name(&e.to),
                    origin: e.origin,
                    seq: e.seq,
                    commune: e.commune,
                    to: e.to,
                })
                .collect(),
            from_name: name(&t.transfer.from),
            to_name: name(&t.transfer.to),
            date: day(t.recorded_at),
            household_id: t.transfer.household_id,
            code: t.transfer.code,
            from: t.transfer.from,
            to: t.transfer.to,
            actor: t.actor,
            reason: t.reason,
        });
    }
    Ok(out)
}

/// A transfer the window asks the person to confirm: the household and both communes.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TransferPreview {
    pub household_id: String,
    pub code: String,
    pub from: String,
    pub from_name: String,
    pub to: String,
    pub to_name: String,
}

/// The households coded `code` this installation may transfer to commune `to` (none when no
/// household has the code; the rule's refusal, in plain words, when it may not), nothing
/// written: what the confirmation names.
#[tauri::command]
pub async fn transfers_preview<R: Runtime>(
    app: AppHandle<R>,
    code: String,
    to: String,
) -> CommandResult<Vec<TransferPreview>> {
    with_store(app, move |store, _| {
        let names = unit_names(store)?;
        let name = |code: &str| names.get(code).cloned().unwrap_or_default();
        let mut out = Vec::new();
        for (household_id, _) in store.households_with_code(code.trim())? {
            let (code, from) = rasoat_batch::check_transfer(store, &household_id, &to)?;
            out.push(TransferPreview {
                household_id,
                from_name: name(&from),
                to_name: name(&to),
                code,
                from,
                to: to.clone(),
            });
        }
        Ok(out)
    })
    .await
}

/// Every household transfer held here, newest first.
#[tauri::command]
pub async fn transfers_list<R: Runtime>(app: AppHandle<R>) -> CommandResult<Vec<TransferView>> {
    with_store(app, |store, _| transfer_views(store)).await
}

/// Transfers a household to commune `to`, when this installation covers both communes; the
/// refusal otherwise is the rule's, in plain words.
#[tauri::command]
pub async fn transfers_make<R: Runtime>(
    app: AppHandle<R>,
    household_id: String,
    to: String,
    reason: String,
) -> CommandResult<Vec<TransferView>> {
    with_store(app, move |store, state| {
        let actor = state.actor(store)?;
        rasoat_batch::transfer_household(store, &household_id, &to, &reason, &actor, now_ms())?;
        transfer_views(store)
    })
    .await
}
