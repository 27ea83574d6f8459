//! The conflicts screen: records two installations changed apart, every version side by
//! side (the comparison is the domain's, `rasoat_domain::compare`), and a person's pick.

use std::collections::BTreeMap;

use rasoat_domain::compare::{compare, Edit};
use rasoat_domain::messages::{Code, Message};
use rasoat_store::merge;
use rasoat_store::Store;
use serde::Serialize;
use serde_json::Value;
use tauri::{AppHandle, Runtime};

use super::origin_names;
use crate::clock::now_ms;
use crate::commands::with_store;
use crate::error::{CommandError, CommandResult, ErrorCode};

pub use rasoat_domain::compare::FieldDiff;

/// One competing edit, as the conflicts screen shows it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct HeadView {
    pub entry_id: String,
    pub origin: String,
    pub origin_name: String,
    pub origin_role: String,
    pub recorded_at: i64,
    pub actor: String,
    pub status: String,
    pub class: Option<String>,
    /// The provisional winner every installation shows until a person picks.
    pub provisional: bool,
}

/// A record in conflict.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ConflictView {
    pub household_id: String,
    pub round_id: String,
    pub code: String,
    pub heads: Vec<HeadView>,
}

/// Both (or all) versions of a record in conflict, field by field.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ConflictDetail {
    pub conflict: ConflictView,
    pub fields: Vec<FieldDiff>,
}

fn conflict_view(
    c: rasoat_batch::Conflict,
    names: &BTreeMap<String, (String, String)>,
) -> ConflictView {
    ConflictView {
        heads: c
            .heads
            .into_iter()
            .enumerate()
            .map(|(i, h)| {
                let (origin_name, origin_role) = names.get(&h.origin).cloned().unwrap_or_default();
                HeadView {
                    entry_id: h.entry_id,
                    origin: h.origin,
                    origin_name,
                    origin_role,
                    recorded_at: h.recorded_at,
                    actor: h.actor,
                    status: h.status.as_str().to_string(),
                    class: h.class,
                    provisional: i == 0,
                }
            })
            .collect(),
        household_id: c.household_id,
        round_id: c.round_id,
        code: c.code,
    }
}

/// Records in conflict, waiting for a person.
#[tauri::command]
pub async fn conflicts_list<R: Runtime>(app: AppHandle<R>) -> CommandResult<Vec<ConflictView>> {
    with_store(app, |store, _| {
        let names = origin_names(store)?;
        Ok(rasoat_batch::list_conflicts(store)?
            .into_iter()
            .map(|c| conflict_view(c, &names))
            .collect())
    })
    .await
}

/// One conflict with every version side by side, field by field.
#[tauri::command]
pub async fn conflicts_detail<R: Runtime>(
    app: AppHandle<R>,
    household_id: String,
    round_id: String,
) -> CommandResult<ConflictDetail> {
    with_store(app, move |store, _| {
        conflict_detail(store, &household_id, &round_id)
    })
    .await
}

pub fn conflict_detail(
    store: &Store,
    household_id: &str,
    round_id: &str,
) -> CommandResult<ConflictDetail> {
    let names = origin_names(store)?;
    let conflict = rasoat_batch::list_conflicts(store)?
        .into_iter()
        .find(|c| c.household_id == household_id && c.round_id == round_id)
        .ok_or_else(|| CommandError::new(ErrorCode::NotFound, Code::DesktopNoLongerInConflict))?;
    let mut edits = Vec::new();
    for head in &conflict.heads {
        edits.push(edit_of(store, &head.entry_id)?);
    }
    Ok(ConflictDetail {
        fields: compare(&edits),
        conflict: conflict_view(conflict, &names),
    })
}

/// Keeps one version; the choice is a journal entry that travels with the next batch.
#[tauri::command]
pub async fn conflicts_resolve<R: Runtime>(
    app: AppHandle<R>,
    household_id: String,
    round_id: String,
    keep_entry_id: String,
) -> CommandResult<Vec<ConflictView>> {
    with_store(app, move |store, state| {
        let actor = state.actor(store)?;
        rasoat_batch::resolve_conflict(
            store,
            &household_id,
            &round_id,
            &keep_entry_id,
            &actor,
            now_ms(),
        )?;
        let names = origin_names(store)?;
        Ok(rasoat_batch::list_conflicts(store)?
            .into_iter()
            .map(|c| conflict_view(c, &names))
            .collect())
    })
    .await
}

/// One edit as the comparison reads it: the record's review state and class, and the
/// household.v1 answers it points to.
fn edit_of(store: &Store, entry_id: &str) -> CommandResult<Edit> {
    let entry = store.journal_entry(entry_id)?.ok_or_else(|| {
        CommandError::new(
            ErrorCode::NotFound,
            Message::new(Code::DesktopEntryMissing).with("entry_id", entry_id),
        )
    })?;
    let payload: Value = serde_json::from_str(&entry.payload)
        .map_err(|e| CommandError::detail(ErrorCode::Storage, e))?;
    let record = &payload["record"];
    let mut edit = Edit {
        status: record["status"].as_str().map(str::to_string),
        class: record["result"]["class"].as_str().map(str::to_string),
        answers: None,
    };
    if let Some(hash) = merge::answers_hash_of(&entry)? {
        if let Some(json) = store.answers_json(&hash)? {
            let answers: Value = serde_json::from_str(&json)
                .map_err(|e| CommandError::detail(ErrorCode::Storage, e))?;
            edit.answers = Some(answers);
        }
    }
    Ok(edit)
}
