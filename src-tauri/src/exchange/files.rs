//! Batch and receipt files: written to a chosen folder (a USB stick), read back with a
//! progress bar, and the system's file chooser that picks them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rasoat_batch::{BatchError, VerifyStep};
use rasoat_domain::messages::{Code, Message};
use rasoat_store::Store;
use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime};

use super::{origin_names, BATCH_EXT, CARD_EXT, RECEIPT_EXT};
use crate::clock::now_ms;
use crate::commands::with_store;
use crate::error::{CommandError, CommandResult, ErrorCode};

/// A file written to the chosen folder.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct WrittenFile {
    pub path: String,
    pub file_name: String,
    pub bytes: u64,
    /// Households the file carries changes of (batches only).
    pub households: u32,
    /// Journal entries it carries (batches only).
    pub entries: u32,
}

/// Where an import stands, sent as it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ImportPhase {
    Read,
    Verify,
    Decrypt,
    Check,
    Apply,
    Done,
    Refused,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ImportProgress {
    /// 0-based index of the file being read.
    pub file_index: u32,
    pub files: u32,
    pub file_name: String,
    pub phase: ImportPhase,
    /// Overall progress, 0 to 1.
    pub fraction: f64,
}

/// A household left in conflict by an import.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ConflictRef {
    pub household_id: String,
    pub round_id: String,
    pub code: String,
}

/// One imported file.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ImportedFile {
    pub file_name: String,
    pub batch_id: String,
    pub sender: String,
    pub sender_name: String,
    pub new: u32,
    pub updated: u32,
    pub duplicates: u32,
    /// Edits stored as history only: the household's old commune sent them after a transfer
    /// took it away.
    pub kept_as_history: u32,
    /// True when this batch had been imported before: nothing changed.
    pub already_imported: bool,
}

/// A file refused, with why; the store is as it was before that file.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RefusedFile {
    pub file_name: String,
    /// A stable word for the kind of refusal (`bad_signature`, `missing_prerequisites`…).
    pub reason: String,
    /// Why, as the batch or store error says it, for the window to render.
    pub message: Message,
}

/// The import report.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ImportOutcome {
    pub imported: Vec<ImportedFile>,
    pub refused: Vec<RefusedFile>,
    pub new: u32,
    pub updated: u32,
    pub duplicates: u32,
    pub kept_as_history: u32,
    pub conflicts: Vec<ConflictRef>,
}

/// What importing a receipt did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ReceiptOutcome {
    pub from: String,
    pub from_name: String,
    pub newly_acknowledged: i64,
}

/// What a file chooser is asked for.
#[derive(Debug, Clone, Copy, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PickKind {
    Folder,
    Card,
    Batches,
    Receipt,
}

pub(super) fn folder_of(folder: &str) -> CommandResult<PathBuf> {
    let path = PathBuf::from(folder.trim());
    if folder.trim().is_empty() || !path.is_dir() {
        return Err(CommandError::new(
            ErrorCode::Invalid,
            Code::DesktopChooseFolder,
        ));
    }
    Ok(path)
}

pub(super) fn read_file(path: &str) -> CommandResult<Vec<u8>> {
    std::fs::read(path.trim()).map_err(|e| CommandError::new(ErrorCode::Invalid, cannot_read(&e)))
}

fn cannot_read(e: &std::io::Error) -> Message {
    Message::new(Code::DesktopCannotReadFile).with("source", e.to_string())
}

fn file_name_of(path: &str) -> String {
    Path::new(path.trim())
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string())
}

/// Writes `bytes` as `folder/name`, never over an existing file (a stick may hold an earlier
/// batch): a number is added to the name instead. Written to a temporary name first and
/// renamed, so a stick pulled out mid-write never leaves a file that looks whole.
pub(super) fn write_new(
    folder: &Path,
    stem: &str,
    ext: &str,
    bytes: &[u8],
) -> CommandResult<PathBuf> {
    let storage = |e: std::io::Error| {
        CommandError::new(
            ErrorCode::Storage,
            Message::new(Code::DesktopCannotWriteFolder).with("source", e.to_string()),
        )
    };
    let mut n = 1;
    let path = loop {
        let name = if n == 1 {
            format!("{stem}.{ext}")
        } else {
            format!("{stem}-{n}.{ext}")
        };
        let path = folder.join(name);
        if !path.exists() {
            break path;
        }
        n += 1;
    };
    let partial = path.with_extension(format!("{ext}.part"));
    std::fs::write(&partial, bytes).map_err(storage)?;
    std::fs::rename(&partial, &path).map_err(storage)?;
    Ok(path)
}

pub(super) fn written(path: PathBuf, bytes: usize, households: u32, entries: u32) -> WrittenFile {
    WrittenFile {
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        path: path.display().to_string(),
        bytes: bytes as u64,
        households,
        entries,
    }
}

/// A short name piece from an installation id (its last 8 characters: a UUIDv7's random end).
pub(super) fn short(id: &str) -> &str {
    &id[id.len().saturating_sub(8)..]
}

/// Households and entries a batch for `recipient` would carry now (the same selection as
/// `export_batch`: every entry the recipient has not acknowledged, except its own).
fn batch_contents(store: &Store, recipient: &str) -> CommandResult<(u32, u32)> {
    let acks = rasoat_batch::acknowledged(store, recipient)?;
    let mut households = BTreeSet::new();
    let mut entries = 0u32;
    for (origin, held) in store.status_vector()? {
        if origin == recipient {
            continue;
        }
        let acked = acks.get(&origin).copied().unwrap_or(0);
        for entry in store.journal_since(&origin, acked)? {
            if entry.seq > held {
                break;
            }
            entries += 1;
            if entry.entity == "survey" {
                if let Some((household, _)) = entry.entity_id.split_once('/') {
                    households.insert(household.to_string());
                }
            }
        }
    }
    Ok((households.len() as u32, entries))
}

/// Writes a batch for `recipient` (an installation enrolled here) into `folder`.
#[tauri::command]
pub async fn exchange_export_batch<R: Runtime>(
    app: AppHandle<R>,
    recipient: String,
    folder: String,
) -> CommandResult<WrittenFile> {
    with_store(app, move |store, _| {
        let folder = folder_of(&folder)?;
        let at = now_ms();
        let bytes = rasoat_batch::export_batch(store, &recipient, at)?;
        let (households, entries) = batch_contents(store, &recipient)?;
        let this = store.installation()?;
        let to = rasoat_batch::identity::peer(store, &recipient)?
            .map(|p| p.card.unit_code)
            .unwrap_or_default();
        let stem = format!(
            "lo-{}-den-{}-{}",
            this.unit_code,
            to,
            crate::clock::today().to_string().replace('-', "")
        );
        let path = write_new(&folder, &stem, BATCH_EXT, &bytes)?;
        Ok(written(path, bytes.len(), households, entries))
    })
    .await
}

/// A stable word for why a file was refused, for the UI and the tests.
pub fn refusal_reason(e: &BatchError) -> &'static str {
    match e {
        BatchError::Empty => "empty",
        BatchError::NotOurFile { .. } => "not_our_file",
        BatchError::Truncated { .. } => "truncated",
        BatchError::NewerFormat { .. } => "newer_format",
        BatchError::TooLarge { .. } => "too_large",
        BatchError::TrailingBytes => "trailing_bytes",
        BatchError::Manifest { .. } | BatchError::ManifestFormat { .. } => "manifest",
        BatchError::CardJson { .. }
        | BatchError::CardFormat { .. }
        | BatchError::CardInstallationId
        | BatchError::CardKey { .. } => "card",
        BatchError::BadSignature { .. } => "bad_signature",
        BatchError::WrongRecipient { .. } => "wrong_recipient",
        BatchError::UnknownSender { .. } => "unknown_sender",
        BatchError::FromSelf => "from_self",
        BatchError::Decrypt { .. } => "decrypt",
        BatchError::Decompress { .. } => "decompress",
        BatchError::PayloadMismatch(_) => "payload_mismatch",
        BatchError::Payload(_) => "payload",
        BatchError::Certificate { .. } => "certificate",
        BatchError::CertificateExpired { .. }
        | BatchError::CertificateNotYetValid { .. }
        | BatchError::CertificateWithoutPeriod { .. } => "certificate_period",
        BatchError::ValidityOrder => "certificate",
        BatchError::UnknownOrigin { .. } => "unknown_origin",
        BatchError::EntrySignature { .. } => "entry_signature",
        BatchError::EntryMismatch { .. } => "entry_mismatch",
        BatchError::MissingPrerequisites(_) => "missing_prerequisites",
        BatchError::NothingToSend { .. } => "nothing_to_send",
        BatchError::NotEnrolled { .. } => "not_enrolled",
        BatchError::EnrolmentConflict { .. } => "enrolment_conflict",
        BatchError::EnrolSelf => "enrol_self",
        BatchError::EnrolmentNotAllowed { .. } => "enrolment_not_allowed",
        BatchError::NoIdentity => "no_identity",
        BatchError::OutsideUnit { .. } => "outside_unit",
        BatchError::MovesHousehold { .. } => "moves_household",
        BatchError::VillagesOutsideUnit { .. } => "villages_outside_unit",
        BatchError::TransferNotAllowed { .. } => "transfer_not_allowed",
        BatchError::TransferRefused { .. } => "transfer_refused",
        BatchError::TransferWithinUnit { .. } => "transfer_within_unit",
        BatchError::TransferReasonMissing => "transfer_reason_missing",
        BatchError::RoundNotAllowed { .. } => "round_not_allowed",
        BatchError::StandardsNotAllowed { .. } => "standards_not_allowed",
        BatchError::ReviewStepNotAllowed { .. } => "review_step_not_allowed",
        BatchError::AnswersNotEditable { .. } => "answers_not_editable",
        BatchError::RecordNotEditable { .. } => "record_not_editable",
        BatchError::ParentNotArrived { .. } => "parent_not_arrived",
        BatchError::ReviewStepCycle { .. } => "review_step_cycle",
        BatchError::RecordedInFuture { .. } => "recorded_in_future",
        BatchError::ContentHash { .. } => "content_hash",
        BatchError::Revoked { .. } => "revoked",
        BatchError::RevocationNotAllowed { .. } => "revocation_not_allowed",
        BatchError::Fork { .. } => "fork",
        BatchError::ActionSignature { .. } => "action_signature",
        BatchError::ActionsNotAllowed { .. } => "actions_not_allowed",
        BatchError::Store(_)
        | BatchError::Random { .. }
        | BatchError::Encode { .. }
        | BatchError::Compress { .. }
        | BatchError::Encrypt { .. }
        | BatchError::NotCanonical { .. } => "storage",
    }
}

/// Imports batch files in whatever order they come, like `rasoat_batch::import_batches`: each
/// is verified completely before it is applied in one transaction, a file waiting for an
/// earlier one is retried while another makes progress, and refused files are reported with
/// their reason (the store unchanged by them). `progress` hears each phase of each file.
pub fn import_files(
    store: &mut Store,
    paths: &[String],
    at: i64,
    progress: &mut dyn FnMut(ImportProgress),
) -> CommandResult<ImportOutcome> {
    let files = paths.len().max(1) as u32;
    let names = origin_names(store)?;
    let mut imported = Vec::new();
    let mut pending: Vec<(usize, &String)> = paths.iter().enumerate().collect();
    let mut touched: BTreeSet<(String, String)> = BTreeSet::new();
    let refused = loop {
        let mut refused: Vec<(usize, &String, RefusedFile, bool)> = Vec::new();
        let mut progressed = false;
        for (index, path) in pending {
            let file_name = file_name_of(path);
            let mut tell = |phase: ImportPhase, within: f64| {
                progress(ImportProgress {
                    file_index: index as u32,
                    files,
                    file_name: file_name.clone(),
                    phase,
                    fraction: ((index as f64 + within) / f64::from(files)).min(1.0),
                })
            };
            tell(ImportPhase::Read, 0.0);
            let bytes = match std::fs::read(path.trim()) {
                Ok(bytes) => bytes,
                Err(e) => {
                    tell(ImportPhase::Refused, 1.0);
                    let message = cannot_read(&e);
                    let file = RefusedFile {
                        file_name: file_name.clone(),
                        reason: "unreadable".into(),
                        message,
                    };
                    refused.push((index, path, file, false));
                    continue;
                }
            };
            let verified = rasoat_batch::verify_batch_observed(store, &bytes, |step| match step {
                VerifyStep::Signature => tell(ImportPhase::Verify, 0.1),
                VerifyStep::Decrypt => tell(ImportPhase::Decrypt, 0.25),
                VerifyStep::Entries => tell(ImportPhase::Check, 0.45),
            });
            let result = verified.and_then(|verified| {
                let manifest = verified.manifest.clone();
                tell(ImportPhase::Apply, 0.7);
                rasoat_batch::import_verified(store, verified, at).map(|r| (manifest, r))
            });
            match result {
                Ok((manifest, report)) => {
                    tell(ImportPhase::Done, 1.0);
                    progressed |= !report.already_imported;
                    touched.extend(report.conflicts.iter().cloned());
                    imported.push(ImportedFile {
                        file_name,
                        batch_id: manifest.batch_id,
                        sender_name: names
                            .get(&manifest.sender)
                            .map(|(n, _)| n.clone())
                            .unwrap_or_default(),
                        sender: manifest.sender,
                        new: report.new as u32,
                        updated: report.updated as u32,
                        duplicates: report.duplicates as u32,
                        kept_as_history: report.kept_as_history as u32,
                        already_imported: report.already_imported,
                    });
                }
                Err(e) if e.is_refusal() => {
                    tell(ImportPhase::Refused, 1.0);
                    let waiting = matches!(e, BatchError::MissingPrerequisites(_));
                    let file = RefusedFile {
                        file_name,
                        reason: refusal_reason(&e).into(),
                        message: e.message(),
                    };
                    refused.push((index, path, file, waiting));
                }
                Err(e) => return Err(e.into()),
            }
        }
        let waiting = refused.iter().any(|(_, _, _, waiting)| *waiting);
        if !progressed || !waiting {
            break refused;
        }
        pending = refused
            .into_iter()
            .map(|(index, path, _, _)| (index, path))
            .collect();
    };
    // Conflicts the import left, named by household code (never the head's name).
    let open = store.conflicts()?;
    let conflicts = open
        .into_iter()
        .filter(|c| touched.contains(&(c.household_id.clone(), c.round_id.clone())))
        .map(|c| ConflictRef {
            household_id: c.household_id,
            round_id: c.round_id,
            code: c.code,
        })
        .collect();
    Ok(ImportOutcome {
        new: imported.iter().map(|f| f.new).sum(),
        updated: imported.iter().map(|f| f.updated).sum(),
        duplicates: imported.iter().map(|f| f.duplicates).sum(),
        kept_as_history: imported.iter().map(|f| f.kept_as_history).sum(),
        imported,
        refused: refused.into_iter().map(|(_, _, file, _)| file).collect(),
        conflicts,
    })
}

/// Imports batch files, telling `on_progress` each phase (verify, decrypt, check, apply).
#[tauri::command]
pub async fn exchange_import_batches<R: Runtime>(
    app: AppHandle<R>,
    paths: Vec<String>,
    on_progress: Channel<ImportProgress>,
) -> CommandResult<ImportOutcome> {
    with_store(app, move |store, state| {
        if paths.iter().all(|p| p.trim().is_empty()) {
            return Err(CommandError::new(
                ErrorCode::Invalid,
                Code::DesktopChooseBatchFile,
            ));
        }
        // A window closed mid-import only stops hearing; the import goes on and commits.
        let outcome = import_files(store, &paths, now_ms(), &mut |p| {
            let _ = on_progress.send(p);
        })?;
        // Each batch that brought households is a row of the action log, under who imported.
        let person = state.session.person();
        for file in outcome.imported.iter().filter(|f| !f.already_imported) {
            store.record_action(
                now_ms(),
                person.as_ref(),
                rasoat_store::ActionEvent::Import,
                Some(&file.file_name),
                i64::from(file.new) + i64::from(file.updated),
            )?;
        }
        Ok(outcome)
    })
    .await
}

/// Writes a signed receipt for `peer` saying what this installation holds.
#[tauri::command]
pub async fn exchange_export_receipt<R: Runtime>(
    app: AppHandle<R>,
    peer: String,
    folder: String,
) -> CommandResult<WrittenFile> {
    with_store(app, move |store, _| {
        let folder = folder_of(&folder)?;
        let bytes = rasoat_batch::export_receipt(store, &peer, now_ms())?;
        let this = store.installation()?;
        let stem = format!(
            "bien-nhan-{}-cho-{}-{}",
            this.unit_code,
            short(&peer),
            crate::clock::today().to_string().replace('-', "")
        );
        let path = write_new(&folder, &stem, RECEIPT_EXT, &bytes)?;
        Ok(written(path, bytes.len(), 0, 0))
    })
    .await
}

/// Imports a receipt: what it acknowledges is not sent again.
#[tauri::command]
pub async fn exchange_import_receipt<R: Runtime>(
    app: AppHandle<R>,
    path: String,
) -> CommandResult<ReceiptOutcome> {
    with_store(app, move |store, _| {
        let report = rasoat_batch::import_receipt(store, &read_file(&path)?)?;
        let names = origin_names(store)?;
        Ok(ReceiptOutcome {
            from_name: names
                .get(&report.from)
                .map(|(n, _)| n.clone())
                .unwrap_or_default(),
            from: report.from,
            newly_acknowledged: report.newly_acknowledged,
        })
    })
    .await
}

/// Opens the system's file chooser (tauri-plugin-dialog) and returns what the person chose,
/// or nothing when they cancelled. Called from Rust, so the window needs no dialog permission.
#[tauri::command]
pub async fn exchange_pick<R: Runtime>(
    app: AppHandle<R>,
    kind: PickKind,
) -> CommandResult<Vec<String>> {
    use tauri_plugin_dialog::DialogExt;
    tauri::async_runtime::spawn_blocking(move || {
        let dialog = app.dialog().file();
        let chosen: Vec<tauri_plugin_dialog::FilePath> = match kind {
            PickKind::Folder => dialog.blocking_pick_folder().into_iter().collect(),
            PickKind::Card => dialog
                .add_filter("Thẻ định danh / identity card", &[CARD_EXT])
                .blocking_pick_file()
                .into_iter()
                .collect(),
            PickKind::Batches => dialog
                .add_filter("Lô dữ liệu / batch", &[BATCH_EXT])
                .blocking_pick_files()
                .unwrap_or_default(),
            PickKind::Receipt => dialog
                .add_filter("Biên nhận / receipt", &[RECEIPT_EXT])
                .blocking_pick_file()
                .into_iter()
                .collect(),
        };
        Ok(chosen
            .into_iter()
            .filter_map(|p| p.into_path().ok())
            .map(|p| p.display().to_string())
            .collect())
    })
    .await
    .map_err(|e| CommandError::detail(ErrorCode::Storage, e))?
}
