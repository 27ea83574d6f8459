//! Household codes that several households of a round hold ("trùng mã hộ"), shown on the
//! conflicts screen beside the edit conflicts: each household by code, commune, village, state
//! and who filled it on which computer, so the commune can renumber one in its form.

use rasoat_store::duplicate_codes::DuplicateCode;
use serde::Serialize;
use tauri::{AppHandle, Runtime};

use super::origin_names;
use crate::commands::with_store;
use crate::error::CommandResult;

/// One household holding a shared code.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CodeHolderView {
    pub household_id: String,
    pub commune_code: String,
    pub village: String,
    pub status: String,
    /// Who last saved the form, and the computer it was saved on (its unit's name, or the
    /// end of its id when this installation does not know it).
    pub filled_by: Option<String>,
    pub filled_on: Option<String>,
    pub filled_on_name: String,
    pub filled_at: Option<i64>,
}

/// A code held by two or more households of one round.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DuplicateCodeView {
    pub round_id: String,
    pub round_year: i32,
    pub code: String,
    pub households: Vec<CodeHolderView>,
}

/// The shared codes, as the conflicts screen lists them.
pub fn duplicate_codes(store: &rasoat_store::Store) -> CommandResult<Vec<DuplicateCodeView>> {
    let names = origin_names(store)?;
    Ok(rasoat_batch::list_duplicate_codes(store)?
        .into_iter()
        .map(|d: DuplicateCode| DuplicateCodeView {
            households: d
                .households
                .into_iter()
                .map(|h| CodeHolderView {
                    filled_on_name: h
                        .filled_on
                        .as_ref()
                        .and_then(|o| names.get(o))
                        .map(|(name, _)| name.clone())
                        .unwrap_or_default(),
                    household_id: h.household_id,
                    commune_code: h.commune_code,
                    village: h.village,
                    status: h.status,
                    filled_by: h.filled_by,
                    filled_on: h.filled_on,
                    filled_at: h.filled_at,
                })
                .collect(),
            round_id: d.round_id,
            round_year: d.round_year,
            code: d.code,
        })
        .collect())
}

/// Household codes several households of a round hold, waiting for the commune to renumber.
#[tauri::command]
pub async fn conflicts_duplicate_codes<R: Runtime>(
    app: AppHandle<R>,
) -> CommandResult<Vec<DuplicateCodeView>> {
    with_store(app, |store, _| duplicate_codes(store)).await
}
