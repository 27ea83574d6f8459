//! Revoking an installation from the window (a lost or stolen laptop): the same
//! `rasoat_batch::revoke` as `rasoat revoke`, after the window's confirmation named the
//! installation and the day. Who may revoke whom is the rule's (`may_revoke`), checked there.

use tauri::{AppHandle, Runtime};

use super::identity::{exchange_view, ExchangeView};
use crate::clock::now_ms;
use crate::commands::with_store;
use crate::error::CommandResult;

/// Revokes `installation` from now on; the revocation travels with the next batches.
#[tauri::command]
pub async fn exchange_revoke<R: Runtime>(
    app: AppHandle<R>,
    installation: String,
) -> CommandResult<ExchangeView> {
    with_store(app, move |store, state| {
        let actor = state.actor(store)?;
        rasoat_batch::revoke(store, &installation, &actor, now_ms())?;
        exchange_view(store)
    })
    .await
}
