//! This installation's identity card and the installations it trusts: the exchange screen's
//! overview, a card written to and read from a folder, and enrolment.

use std::collections::BTreeMap;

use rasoat_batch::{BatchError, IdentityCard};
use rasoat_store::Store;
use serde::Serialize;
use tauri::{AppHandle, Runtime};

use super::files::{folder_of, read_file, short, write_new, written, WrittenFile};
use super::{origin_names, unit_names, CARD_EXT};
use crate::clock::now_ms;
use crate::commands::with_store;
use crate::error::{CommandError, CommandResult, ErrorCode};

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

/// An identity card read from a file, shown to a person before it is enrolled.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CardPreview {
    pub identity: IdentityView,
    pub already_enrolled: bool,
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
        e => CommandError::new(ErrorCode::Invalid, e.message()),
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
