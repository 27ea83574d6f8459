//! The exchange screen's commands (#5): this installation's identity card, enrolment of the
//! installations it trusts, batch and receipt files written to a chosen folder (a USB stick)
//! and read back with a progress bar, and the conflicts screen with its field-by-field
//! comparison. Everything is `rasoat_batch`'s; these commands only translate, and run on the
//! blocking pool like every store command.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rasoat_batch::{BatchError, IdentityCard, VerifyStep};
use rasoat_store::merge;
use rasoat_store::Store;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime};

use crate::clock::now_ms;
use crate::commands::with_store;
use crate::error::{CommandError, CommandResult, ErrorCode};

/// File name endings, as the CLI's documentation and the golden fixture use them.
const CARD_EXT: &str = "card";
const BATCH_EXT: &str = "rsbatch";
const RECEIPT_EXT: &str = "rsreceipt";

impl From<BatchError> for CommandError {
    fn from(e: BatchError) -> CommandError {
        match e {
            BatchError::Store(store) => store.into(),
            e if e.is_refusal() => CommandError::new(ErrorCode::Refused, e.to_string()),
            e => CommandError::new(ErrorCode::Storage, e.to_string()),
        }
    }
}

/// This installation as others see it on its card.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct IdentityView {
    pub installation: String,
    pub role: String,
    pub unit_code: String,
    pub unit_name: String,
    /// Twenty digits in groups of four, to read aloud over the phone.
    pub fingerprint: String,
}

/// One origin's entries a peer said it holds (its last receipt).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AckView {
    pub origin: String,
    /// The origin's unit name when the origin is known here, else empty.
    pub origin_name: String,
    pub seq: i64,
}

/// An installation known here.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PeerView {
    pub identity: IdentityView,
    /// `None` when enrolled here (a possible recipient); else the installation that vouched
    /// for it in a relayed batch.
    pub enrolled_by: Option<String>,
    /// What it acknowledged holding, per origin (from its receipts).
    pub acknowledged: Vec<AckView>,
    /// Entries held here that it has not acknowledged (what the next batch would carry).
    pub pending_entries: i64,
}

/// The exchange screen.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ExchangeView {
    pub this: IdentityView,
    pub peers: Vec<PeerView>,
    pub open_conflicts: u32,
}

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

/// An identity card read from a file, shown to a person before it is enrolled.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CardPreview {
    pub identity: IdentityView,
    pub already_enrolled: bool,
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
    /// The sync crate's own message, Vietnamese then English.
    pub message: String,
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

/// One field of the record in every competing edit.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FieldDiff {
    /// Where the field is (`housing.roof`, `members[2].name`), for when no label is known.
    pub path: String,
    /// The UI's translation key of the form's wording for this field, when there is one.
    pub label_key: Option<String>,
    /// The member's number (1-based) for a member's field.
    pub member: Option<u32>,
    /// How to show the values: `opt:<group>` (the form's option words), `key:<prefix>` (a
    /// translation key prefix), `bool`, or `null` (as written).
    pub display: Option<String>,
    /// Per edit, in the order of `heads`: the value's words (several for a list), `null` when
    /// the edit does not have the field.
    pub values: Vec<Option<Vec<String>>>,
    pub differs: bool,
}

/// Both (or all) versions of a record in conflict, field by field.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ConflictDetail {
    pub conflict: ConflictView,
    pub fields: Vec<FieldDiff>,
}

fn unit_names(store: &Store) -> CommandResult<BTreeMap<String, String>> {
    Ok(store
        .units()?
        .into_iter()
        .map(|u| (u.code, u.name))
        .collect())
}

fn identity_view(card: &IdentityCard, names: &BTreeMap<String, String>) -> IdentityView {
    IdentityView {
        installation: card.installation.clone(),
        role: card.role.clone(),
        unit_code: card.unit_code.clone(),
        unit_name: names.get(&card.unit_code).cloned().unwrap_or_default(),
        fingerprint: card.fingerprint(),
    }
}

/// Installation id → unit name, for this installation and every peer.
fn origin_names(store: &Store) -> CommandResult<BTreeMap<String, (String, String)>> {
    let names = unit_names(store)?;
    let mut out = BTreeMap::new();
    let this = store.installation()?;
    out.insert(
        this.id,
        (
            names.get(&this.unit_code).cloned().unwrap_or_default(),
            this.role.as_str().to_string(),
        ),
    );
    for peer in rasoat_batch::peers(store)? {
        out.insert(
            peer.card.installation.clone(),
            (
                names.get(&peer.card.unit_code).cloned().unwrap_or_default(),
                peer.card.role.clone(),
            ),
        );
    }
    Ok(out)
}

fn exchange_view(store: &mut Store) -> CommandResult<ExchangeView> {
    let identity = rasoat_batch::ensure_identity(store, now_ms())?;
    let names = unit_names(store)?;
    let this = identity_view(&identity.card(store)?, &names);
    let origins = origin_names(store)?;
    let status = store.status_vector()?;
    let mut peers = Vec::new();
    for peer in rasoat_batch::peers(store)? {
        let id = peer.card.installation.clone();
        let acks = rasoat_batch::acknowledged(store, &id)?;
        let pending_entries = status
            .iter()
            .filter(|(origin, _)| **origin != id)
            .map(|(origin, held)| (held - acks.get(origin).copied().unwrap_or(0)).max(0))
            .sum();
        peers.push(PeerView {
            identity: identity_view(&peer.card, &names),
            enrolled_by: peer.enrolled_by.clone(),
            acknowledged: acks
                .into_iter()
                .map(|(origin, seq)| AckView {
                    origin_name: origins
                        .get(&origin)
                        .map(|(n, _)| n.clone())
                        .unwrap_or_default(),
                    origin,
                    seq,
                })
                .collect(),
            pending_entries,
        });
    }
    // Enrolled installations (possible recipients) first, then those vouched for by relays.
    peers.sort_by_key(|p| (p.enrolled_by.is_some(), p.identity.unit_code.clone()));
    Ok(ExchangeView {
        this,
        peers,
        open_conflicts: store.conflicts()?.len() as u32,
    })
}

/// The exchange screen: this installation's card (keys made on first use) and its peers.
#[tauri::command]
pub async fn exchange_overview<R: Runtime>(app: AppHandle<R>) -> CommandResult<ExchangeView> {
    with_store(app, |store, _| exchange_view(store)).await
}

fn folder_of(folder: &str) -> CommandResult<PathBuf> {
    let path = PathBuf::from(folder.trim());
    if folder.trim().is_empty() || !path.is_dir() {
        return Err(CommandError::new(
            ErrorCode::Invalid,
            "chưa chọn thư mục, hoặc thư mục không có / choose an existing folder",
        ));
    }
    Ok(path)
}

fn read_file(path: &str) -> CommandResult<Vec<u8>> {
    std::fs::read(path.trim()).map_err(|e| {
        CommandError::new(
            ErrorCode::Invalid,
            format!("không đọc được tệp / cannot read the file: {e}"),
        )
    })
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
fn write_new(folder: &Path, stem: &str, ext: &str, bytes: &[u8]) -> CommandResult<PathBuf> {
    let storage = |e: std::io::Error| {
        CommandError::new(
            ErrorCode::Storage,
            format!("không ghi được vào thư mục đã chọn / cannot write to the folder: {e}"),
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

fn written(path: PathBuf, bytes: usize, households: u32, entries: u32) -> WrittenFile {
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
fn short(id: &str) -> &str {
    &id[id.len().saturating_sub(8)..]
}

/// Writes this installation's identity card into `folder`.
#[tauri::command]
pub async fn exchange_export_card<R: Runtime>(
    app: AppHandle<R>,
    folder: String,
) -> CommandResult<WrittenFile> {
    with_store(app, move |store, _| {
        let folder = folder_of(&folder)?;
        let identity = rasoat_batch::ensure_identity(store, now_ms())?;
        let card = identity.card(store)?;
        let bytes = card.to_file_bytes()?;
        let stem = format!(
            "the-dinh-danh-{}-{}-{}",
            card.role,
            card.unit_code,
            short(&card.installation)
        );
        let path = write_new(&folder, &stem, CARD_EXT, &bytes)?;
        Ok(written(path, bytes.len(), 0, 0))
    })
    .await
}

/// Reads a card file and shows who it is, without enrolling it.
#[tauri::command]
pub async fn exchange_read_card<R: Runtime>(
    app: AppHandle<R>,
    path: String,
) -> CommandResult<CardPreview> {
    with_store(app, move |store, _| {
        let card = IdentityCard::from_file_bytes(&read_file(&path)?).map_err(invalid)?;
        let names = unit_names(store)?;
        let already_enrolled = rasoat_batch::identity::peer(store, &card.installation)?
            .is_some_and(|p| p.enrolled_by.is_none() && p.card.signing_key == card.signing_key);
        Ok(CardPreview {
            identity: identity_view(&card, &names),
            already_enrolled,
        })
    })
    .await
}

/// A card that cannot be used is the person's input, not a refused batch.
fn invalid(e: BatchError) -> CommandError {
    match e {
        BatchError::Store(_) => e.into(),
        e => CommandError::new(ErrorCode::Invalid, e.to_string()),
    }
}

/// Enrols the card in `path` (after the person compared its fingerprint).
#[tauri::command]
pub async fn exchange_enrol<R: Runtime>(
    app: AppHandle<R>,
    path: String,
) -> CommandResult<ExchangeView> {
    with_store(app, move |store, _| {
        rasoat_batch::enrol(store, &read_file(&path)?, now_ms()).map_err(invalid)?;
        exchange_view(store)
    })
    .await
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
        BatchError::Manifest(_) => "manifest",
        BatchError::Card(_) => "card",
        BatchError::BadSignature { .. } => "bad_signature",
        BatchError::WrongRecipient { .. } => "wrong_recipient",
        BatchError::UnknownSender { .. } => "unknown_sender",
        BatchError::FromSelf => "from_self",
        BatchError::Decrypt(_) => "decrypt",
        BatchError::Decompress(_) => "decompress",
        BatchError::PayloadMismatch(_) => "payload_mismatch",
        BatchError::Payload(_) => "payload",
        BatchError::Certificate { .. } => "certificate",
        BatchError::UnknownOrigin { .. } => "unknown_origin",
        BatchError::EntrySignature { .. } => "entry_signature",
        BatchError::EntryMismatch { .. } => "entry_mismatch",
        BatchError::MissingPrerequisites(_) => "missing_prerequisites",
        BatchError::NothingToSend { .. } => "nothing_to_send",
        BatchError::NotEnrolled { .. } => "not_enrolled",
        BatchError::EnrolmentConflict { .. } => "enrolment_conflict",
        BatchError::EnrolSelf => "enrol_self",
        BatchError::NoIdentity => "no_identity",
        BatchError::Store(_) | BatchError::Random(_) | BatchError::Write(_) => "storage",
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
                    let message = format!("không đọc được tệp / cannot read the file: {e}");
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
                        already_imported: report.already_imported,
                    });
                }
                Err(e) if e.is_refusal() => {
                    tell(ImportPhase::Refused, 1.0);
                    let waiting = matches!(e, BatchError::MissingPrerequisites(_));
                    let file = RefusedFile {
                        file_name,
                        reason: refusal_reason(&e).into(),
                        message: e.to_string(),
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
    with_store(app, move |store, _| {
        if paths.iter().all(|p| p.trim().is_empty()) {
            return Err(CommandError::new(
                ErrorCode::Invalid,
                "chưa chọn tệp lô nào / choose a batch file",
            ));
        }
        // A window closed mid-import only stops hearing; the import goes on and commits.
        import_files(store, &paths, now_ms(), &mut |p| {
            let _ = on_progress.send(p);
        })
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
    .map_err(|e| CommandError::new(ErrorCode::Storage, e.to_string()))?
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
        .ok_or_else(|| {
            CommandError::new(
                ErrorCode::NotFound,
                "hộ này không còn xung đột / this record is no longer in conflict",
            )
        })?;
    let mut versions = Vec::new();
    for head in &conflict.heads {
        versions.push(edit_fields(store, &head.entry_id)?);
    }
    Ok(ConflictDetail {
        fields: diff_fields(&versions),
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
    with_store(app, move |store, _| {
        let actor = store.preference("user_name")?.unwrap_or_default();
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

/// One leaf of an edit: a scalar, or a list of scalars (a multiple choice).
type Leaf = Vec<String>;

/// Every field of one edit: the record's review state and class, then the household.v1
/// answers flattened to paths, members keyed by their id so a member added on one side does
/// not shift the others.
fn edit_fields(store: &Store, entry_id: &str) -> CommandResult<Version> {
    let entry = store.journal_entry(entry_id)?.ok_or_else(|| {
        CommandError::new(
            ErrorCode::NotFound,
            format!("không có mục {entry_id} / entry missing"),
        )
    })?;
    let payload: Value = serde_json::from_str(&entry.payload)
        .map_err(|e| CommandError::new(ErrorCode::Storage, e.to_string()))?;
    let mut out = Version::default();
    let record = &payload["record"];
    if let Some(status) = record["status"].as_str() {
        out.fields.insert(
            FieldKey::record("status"),
            (vec![status.to_string()], false),
        );
    }
    if let Some(class) = record["result"]["class"].as_str() {
        out.fields
            .insert(FieldKey::record("class"), (vec![class.to_string()], false));
    }
    if let Some(hash) = merge::answers_hash_of(&entry)? {
        if let Some(json) = store.answers_json(&hash)? {
            let answers: Value = serde_json::from_str(&json)
                .map_err(|e| CommandError::new(ErrorCode::Storage, e.to_string()))?;
            flatten(&answers, "", None, &mut out);
        }
    }
    Ok(out)
}

/// One edit's fields, and its members' ids in the order of its list.
#[derive(Debug, Default)]
pub(crate) struct Version {
    fields: BTreeMap<FieldKey, (Leaf, bool)>,
    members: Vec<String>,
}

/// Where a field sits: its order on the form, then its path. Members are keyed by id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct FieldKey {
    /// The form's order: record fields, household fields, then members, then the rest.
    rank: (u8, usize),
    member: Option<String>,
    path: String,
}

impl FieldKey {
    fn record(name: &str) -> FieldKey {
        FieldKey {
            rank: (
                0,
                RECORD_FIELDS.iter().position(|f| f.0 == name).unwrap_or(0),
            ),
            member: None,
            path: name.to_string(),
        }
    }
}

/// Record fields: the review state and the class the edit carries.
const RECORD_FIELDS: &[(&str, &str, &str)] = &[
    ("status", "list.status", "key:status."),
    ("class", "list.class", "key:class."),
];

/// Household fields in the order of Phiếu B1, with the form's label key and option group.
const HOUSEHOLD_FIELDS: &[(&str, &str, &str)] = &[
    ("code", "f.code", ""),
    ("location.village", "f.village", ""),
    ("area", "f.area", "opt:area"),
    ("surveyed_on", "f.surveyed_on", ""),
    ("address", "f.address", ""),
    ("phone", "f.phone", ""),
    ("previous_class", "f.previous_class", "opt:previous_class"),
    ("housing.column", "f.column", "opt:column"),
    ("housing.roof", "f.roof", "opt:roof"),
    ("housing.wall", "f.wall", "opt:wall"),
    ("housing.floor_area_m2", "f.floor_area", ""),
    ("housing.loft_area_m2", "f.loft_area", ""),
    ("latrine", "f.latrine", "opt:latrine"),
    ("electricity.source", "f.power", "opt:power"),
    ("electricity.kwh_per_month", "f.kwh", ""),
    ("water", "f.water", "opt:water"),
    ("assets.car", "asset.car", ""),
    ("assets.motorbike", "asset.motorbike", ""),
    ("assets.motor_boat", "asset.motor_boat", ""),
    ("assets.generator", "asset.generator", ""),
    ("assets.printer_fax", "asset.printer_fax", ""),
    ("assets.color_tv", "asset.color_tv", ""),
    ("assets.sound_system", "asset.sound_system", ""),
    ("assets.desktop_computer", "asset.desktop_computer", ""),
    ("assets.laptop", "asset.laptop", ""),
    ("assets.tablet", "asset.tablet", ""),
    ("assets.fridge", "asset.fridge", ""),
    ("assets.air_conditioner", "asset.air_conditioner", ""),
    ("assets.washing_machine", "asset.washing_machine", ""),
    ("assets.water_heater", "asset.water_heater", ""),
    ("assets.microwave_oven", "asset.microwave_oven", ""),
    ("assets.landline_phone", "asset.landline_phone", ""),
    ("assets.mobile_phone", "asset.mobile_phone", ""),
    ("assets.smartphone", "asset.smartphone", ""),
    ("assets.radio", "asset.radio", ""),
    ("land.garden_pond", "f.garden_pond", ""),
    ("land.annual_crops", "f.annual_crops", ""),
    ("land.perennial_crops", "f.perennial_crops", ""),
    ("land.water_surface", "f.water_surface", ""),
    ("land.forest", "f.forest", ""),
    ("livestock.buffalo_cattle_horse", "f.buffalo", ""),
    ("livestock.pig_goat_sheep", "f.pigs", ""),
    ("livestock.poultry", "f.poultry", ""),
    ("livestock.other", "f.other_livestock", ""),
    ("aquaculture", "f.aquaculture", ""),
    ("hardship_causes", "f.hardship", "opt:hardship"),
    ("support.received", "f.support_received", "opt:policy"),
    ("support.needed", "f.support_needed", "opt:policy"),
    ("income.production_costs", "inc.costs", ""),
    ("income.social_allowances", "inc.allowances", ""),
    ("waste", "f.waste", "opt:waste"),
    ("hears_loudspeaker", "f.loudspeaker", ""),
    ("notes", "f.notes", ""),
];

/// A member's fields in the order of Phiếu B1 part B (columns 2–19).
const MEMBER_FIELDS: &[(&str, &str, &str)] = &[
    ("name", "m.name", ""),
    ("relation", "m.relation", "opt:relation"),
    ("birth", "m.birth", ""),
    ("id_number", "m.id_number", ""),
    ("ethnicity", "m.ethnicity", ""),
    ("sex", "m.sex", "opt:sex"),
    ("height_cm", "m.height", ""),
    ("weight_kg", "m.weight", ""),
    ("in_school", "m.in_school", ""),
    ("school_level", "m.school_level", "opt:school_level"),
    ("education", "m.education", "opt:education"),
    ("training", "m.training", "opt:training"),
    (
        "health_insurance",
        "m.health_insurance",
        "opt:health_insurance",
    ),
    ("internet", "m.internet", ""),
    (
        "social_allowance",
        "m.social_allowance",
        "opt:social_allowance",
    ),
    ("disabled", "m.disabled", ""),
    ("employment", "m.employment", "opt:employment"),
    ("job_kind", "m.job_kind", "opt:job_kind"),
    ("wage_job", "m.wage_job", "opt:wage_job"),
    ("non_farm_work", "m.non_farm", ""),
    ("pension", "m.pension", "opt:pension"),
    ("serious_illness", "m.serious_illness", ""),
    ("works_away", "m.works_away", "opt:works_away"),
];

/// Income sources' fields (a list of rows on the form).
const INCOME_SOURCE_FIELDS: &[(&str, &str, &str)] = &[
    ("kind", "inc.kind", "opt:income_kind"),
    ("amount", "inc.amount", ""),
    ("note", "inc.note", ""),
];

/// Fields that identify rather than describe: never a difference a person resolves.
const SKIPPED: &[&str] = &["format", "id"];

fn flatten(value: &Value, path: &str, member: Option<&str>, out: &mut Version) {
    let join = |key: &str| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    };
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (key, v) in map {
                if member.is_none() && path.is_empty() && SKIPPED.contains(&key.as_str()) {
                    continue;
                }
                if member.is_some() && path.is_empty() && key == "id" {
                    continue;
                }
                if member.is_none() && path.is_empty() && key == "members" {
                    for (i, m) in v.as_array().into_iter().flatten().enumerate() {
                        // Keyed by the member's id; a member without one (never saved) by
                        // its position.
                        let id = m["id"]
                            .as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| format!("#{i}"));
                        flatten(m, "", Some(&id), out);
                        out.members.push(id);
                    }
                    continue;
                }
                flatten(v, &join(key), member, out);
            }
        }
        Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
            let words = items.iter().map(scalar).collect();
            out.fields.insert(key_of(path, member), (words, false));
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                flatten(item, &format!("{path}[{i}]"), member, out);
            }
        }
        Value::Bool(_) => {
            out.fields
                .insert(key_of(path, member), (vec![scalar(value)], true));
        }
        _ => {
            out.fields
                .insert(key_of(path, member), (vec![scalar(value)], false));
        }
    }
}

fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn key_of(path: &str, member: Option<&str>) -> FieldKey {
    let rank = match member {
        Some(_) => (
            2,
            MEMBER_FIELDS
                .iter()
                .position(|f| f.0 == path)
                .unwrap_or(usize::MAX),
        ),
        None => match HOUSEHOLD_FIELDS.iter().position(|f| f.0 == path) {
            Some(i) => (1, i),
            None => (3, 0),
        },
    };
    FieldKey {
        rank,
        member: member.map(str::to_string),
        path: path.to_string(),
    }
}

/// The form's label key and display for a path (`income.sources[2].amount` → `inc.amount`).
fn label_of(key: &FieldKey) -> (Option<String>, Option<String>) {
    let table: &[(&str, &str, &str)] = match (key.rank.0, &key.member) {
        (0, _) => RECORD_FIELDS,
        (_, Some(_)) => MEMBER_FIELDS,
        _ => HOUSEHOLD_FIELDS,
    };
    let found = table.iter().find(|f| f.0 == key.path).or_else(|| {
        let (list, field) = key.path.split_once("].")?;
        if list.starts_with("income.sources[") {
            INCOME_SOURCE_FIELDS.iter().find(|f| f.0 == field)
        } else {
            None
        }
    });
    match found {
        Some((_, label, display)) => (
            Some((*label).to_string()),
            (!display.is_empty()).then(|| (*display).to_string()),
        ),
        None => (None, None),
    }
}

/// Every field any version has, in the form's order, with each version's value and whether
/// they differ. Members are numbered as in the first version that has them.
pub(crate) fn diff_fields(versions: &[Version]) -> Vec<FieldDiff> {
    let keys: BTreeSet<&FieldKey> = versions.iter().flat_map(|v| v.fields.keys()).collect();
    // Member numbers: the order members first appear in the versions' lists.
    let mut numbers: BTreeMap<&str, u32> = BTreeMap::new();
    for id in versions.iter().flat_map(|v| v.members.iter()) {
        let next = numbers.len() as u32 + 1;
        numbers.entry(id.as_str()).or_insert(next);
    }
    let mut rows: Vec<(u8, u32, usize, FieldDiff)> = keys
        .into_iter()
        .map(|key| {
            let values: Vec<Option<Leaf>> = versions
                .iter()
                .map(|v| v.fields.get(key).map(|(leaf, _)| leaf.clone()))
                .collect();
            let is_bool = versions
                .iter()
                .any(|v| v.fields.get(key).is_some_and(|(_, b)| *b));
            let differs = values.windows(2).any(|w| w[0] != w[1]);
            let (label_key, display) = label_of(key);
            let member = key.member.as_deref().and_then(|m| numbers.get(m).copied());
            let path = match member {
                Some(n) => format!("members[{}].{}", n - 1, key.path),
                None => key.path.clone(),
            };
            (
                key.rank.0,
                member.unwrap_or(0),
                key.rank.1,
                FieldDiff {
                    path,
                    label_key,
                    member,
                    display: display.or_else(|| is_bool.then(|| "bool".to_string())),
                    values,
                    differs,
                },
            )
        })
        .collect();
    rows.sort_by(|a, b| (a.0, a.1, a.2, &a.3.path).cmp(&(b.0, b.1, b.2, &b.3.path)));
    rows.into_iter().map(|(_, _, _, row)| row).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(answers: Value, status: &str) -> Version {
        let mut out = Version::default();
        out.fields.insert(
            FieldKey::record("status"),
            (vec![status.to_string()], false),
        );
        flatten(&answers, "", None, &mut out);
        out
    }

    #[test]
    fn only_the_changed_fields_differ_and_members_match_by_id() {
        let a = json!({"format": "household.v1", "id": "h", "code": "00721-1",
            "housing": {"roof": "concrete", "floor_area_m2": 40},
            "members": [{"id": "m1", "name": "A", "in_school": false},
                        {"id": "m2", "name": "B", "in_school": true}],
            "hardship_causes": ["no_capital"],
            "income": {"sources": [{"kind": "wages", "amount": 100}]}});
        let b = json!({"format": "household.v1", "id": "h", "code": "00721-1",
            "housing": {"roof": "other", "floor_area_m2": 40},
            "members": [{"id": "m2", "name": "B", "in_school": false}],
            "hardship_causes": ["no_capital", "illness"],
            "income": {"sources": [{"kind": "wages", "amount": 120}]}});
        let rows = diff_fields(&[fields(a, "draft"), fields(b, "completed")]);
        let find = |p: &str| rows.iter().find(|r| r.path == p).expect(p);

        assert_eq!(rows[0].path, "status", "record fields first");
        assert!(find("status").differs);
        assert_eq!(find("status").display.as_deref(), Some("key:status."));
        assert!(!find("code").differs);
        let roof = find("housing.roof");
        assert!(roof.differs);
        assert_eq!(roof.label_key.as_deref(), Some("f.roof"));
        assert_eq!(roof.display.as_deref(), Some("opt:roof"));
        assert!(!find("housing.floor_area_m2").differs);
        // Member m2 is the same person on both sides although its position moved.
        assert!(!find("members[1].name").differs);
        assert_eq!(find("members[1].name").member, Some(2));
        assert!(find("members[1].in_school").differs);
        assert_eq!(
            find("members[1].in_school").display.as_deref(),
            Some("bool")
        );
        // Member m1 exists on one side only.
        assert_eq!(
            find("members[0].name").values,
            vec![Some(vec!["A".to_string()]), None]
        );
        assert!(find("hardship_causes").differs);
        assert_eq!(
            find("income.sources[0].amount").label_key.as_deref(),
            Some("inc.amount")
        );
        assert!(rows.iter().all(|r| r.path != "format" && r.path != "id"));
        // Form order: housing before members.
        let pos = |p: &str| rows.iter().position(|r| r.path == p).expect(p);
        assert!(pos("housing.roof") < pos("members[0].name"));
        assert!(pos("members[0].name") < pos("members[1].name"));
    }
}
