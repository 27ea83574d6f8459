//! Printing the posting lists and certificates straight from the window: the same pages the
//! dashboard's exports write, as one document with a page break after each, which the window
//! shows in a frame and prints with the system's print dialog. No file is written.

use rasoat_domain::messages::{Code, Message};
use rasoat_reports::printable;
use rasoat_store::Store;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime};

use crate::commands::with_store;
use crate::error::{CommandError, CommandResult, ErrorCode};

/// What to print from the window: the posting lists or the certificates.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DashPrintInput {
    /// `posting` or `certificates`.
    pub kind: String,
    /// Only this commune.
    #[serde(default)]
    pub commune: Option<String>,
    /// In a transition round, `opening` prints the list that opens the status year (its own
    /// class, year and standard); anything else the round's own list.
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub list: Option<String>,
}

/// The pages to print, as one HTML document (a page break after each household's or
/// village's page) that the window shows and prints with the system's print dialog.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DashPrintout {
    pub kind: String,
    pub html: String,
    /// Sheets in it (villages' lists, households' certificates).
    pub pages: u64,
    pub households: u64,
    /// Poor and near-poor households left out because their review has not reached the step
    /// that allows the page (as `DashExportResult::held_back`).
    pub held_back: u64,
}

/// The posting lists or certificates of the current round (one commune's when asked), as
/// one document for the window to print; the same pages and the same households as the export
/// writes into a folder, and nothing written to disk.
pub fn printout(store: &Store, input: &DashPrintInput) -> CommandResult<DashPrintout> {
    let round = store.current_round()?;
    let commune = input.commune.as_deref().filter(|c| !c.is_empty());
    let which = match input.list.as_deref() {
        Some("opening") => printable::PrintedList::Opening,
        _ => printable::PrintedList::Round,
    };
    let printed = match input.kind.as_str() {
        "posting" => printable::print_posting_lists_of(store, &round.id, which, commune)?,
        "certificates" => printable::print_certificates_of(store, &round.id, which, commune)?,
        other => {
            return Err(CommandError::new(
                ErrorCode::Invalid,
                Message::new(Code::DesktopUnknownExportKind).with("kind", other),
            ))
        }
    };
    Ok(DashPrintout {
        kind: input.kind.clone(),
        html: printed.html,
        pages: printed.pages,
        households: printed.households,
        held_back: printed.held_back,
    })
}

#[tauri::command]
pub async fn dashboard_print<R: Runtime>(
    app: AppHandle<R>,
    input: DashPrintInput,
) -> CommandResult<DashPrintout> {
    with_store(app, move |store, state| {
        let printed = printout(store, &input)?;
        // Names on paper leave the store as surely as in a file: the action log keeps who
        // printed what, and for how many households.
        store.record_action(
            crate::clock::now_ms(),
            state.session.person().as_ref(),
            rasoat_store::ActionEvent::ExportWithNames,
            // The subject is data, like an export's file name: the same in both languages.
            Some(&format!("{}: printed", printed.kind)),
            i64::try_from(printed.households).unwrap_or(i64::MAX),
        )?;
        Ok(printed)
    })
    .await
}
