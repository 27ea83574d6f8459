//! This installation's identity card and the installations it trusts: the exchange screen's
//! overview, a card written to and read from a folder, and enrolment.

use std::collections::BTreeMap;

use rasoat_batch::{BatchError, IdentityCard, Validity};
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

/// Whether a certificate's period holds at this computer's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PeriodState {
    Valid,
    Expired,
    NotYetValid,
    /// A certificate made by a version before periods: it holds while its issuer's does.
    NoPeriod,
}

/// What an office certified an installation as: the office and unit it vouches for, the
/// period it granted and who it is (the card alone only asks).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CertificationView {
    /// The office certified: `enumerator`, `commune`, `district` or `province`.
    pub role: String,
    pub unit_code: String,
    pub unit_name: String,
    /// First and last day of the period (YYYY-MM-DD, UTC days), both included.
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
    pub state: PeriodState,
    /// The installation that certified it; `None` when this installation did (it enrolled it).
    pub certified_by: Option<String>,
    /// That installation's unit name and office, when it is known here.
    pub certified_by_name: String,
    pub certified_by_role: String,
}

/// An office's revocation of an installation (a lost or stolen laptop), as this store learnt it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RevocationView {
    /// The day it was revoked (YYYY-MM-DD, UTC).
    pub date: String,
    pub revoked_by: String,
    /// The revoking installation's unit name and office, when it is known here.
    pub revoked_by_name: String,
    pub revoked_by_role: String,
}

/// An installation known here.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PeerView {
    pub identity: IdentityView,
    /// `None` when enrolled here (a possible recipient); else the installation that vouched
    /// for it in a relayed batch.
    pub enrolled_by: Option<String>,
    /// What it is certified as here: by this installation when enrolled here, else by the
    /// certificate that vouched for it.
    pub certification: CertificationView,
    /// Set once an office's revocation of it reached this store: its batches are refused.
    pub revoked: Option<RevocationView>,
    /// What it acknowledged holding, per origin (from its receipts).
    pub acknowledged: Vec<AckView>,
    /// Entries held here that it has not acknowledged (what the next batch would carry).
    pub pending_entries: i64,
}

/// The exchange screen.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ExchangeView {
    /// What this installation's card asks for.
    pub this: IdentityView,
    /// What the office that enrolled it certified, from the certificate its batches carry;
    /// `None` until one arrived.
    pub this_certification: Option<CertificationView>,
    /// Set when an office's revocation of this installation reached this store.
    pub this_revoked: Option<RevocationView>,
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

fn period_view(
    validity: Option<Validity>,
    now: i64,
) -> (Option<String>, Option<String>, PeriodState) {
    match validity {
        Some(v) => {
            let (from, until) = v.days();
            // The same rule every receiver applies (`Validity::check`), shown instead of refused.
            let state = match v.check("", now) {
                Ok(()) => PeriodState::Valid,
                Err(BatchError::CertificateNotYetValid { .. }) => PeriodState::NotYetValid,
                Err(_) => PeriodState::Expired,
            };
            (Some(from), Some(until), state)
        }
        None => (None, None, PeriodState::NoPeriod),
    }
}

fn certification_view(
    card: &IdentityCard,
    validity: Option<Validity>,
    certified_by: Option<&str>,
    names: &BTreeMap<String, String>,
    origins: &BTreeMap<String, (String, String)>,
    now: i64,
) -> CertificationView {
    let (valid_from, valid_until, state) = period_view(validity, now);
    let (certified_by_name, certified_by_role) = certified_by
        .and_then(|id| origins.get(id).cloned())
        .unwrap_or_default();
    CertificationView {
        role: card.role.clone(),
        unit_code: card.unit_code.clone(),
        unit_name: names.get(&card.unit_code).cloned().unwrap_or_default(),
        valid_from,
        valid_until,
        state,
        certified_by: certified_by.map(str::to_string),
        certified_by_name,
        certified_by_role,
    }
}

fn revocation_view(
    store: &Store,
    installation: &str,
    origins: &BTreeMap<String, (String, String)>,
) -> CommandResult<Option<RevocationView>> {
    Ok(store.revocation(installation)?.map(|stored| {
        let (revoked_by_name, revoked_by_role) =
            origins.get(&stored.revoked_by).cloned().unwrap_or_default();
        RevocationView {
            date: rasoat_domain::Date::from_unix_millis(stored.revocation.revoked_at)
                .map_or_else(String::new, |d| d.to_string()),
            revoked_by: stored.revoked_by,
            revoked_by_name,
            revoked_by_role,
        }
    }))
}

pub(super) fn exchange_view(store: &mut Store) -> CommandResult<ExchangeView> {
    let now = now_ms();
    let identity = rasoat_batch::ensure_identity(store, now)?;
    let names = unit_names(store)?;
    let this = identity_view(&identity.card(store)?, &names);
    let origins = origin_names(store)?;
    let this_certification = rasoat_batch::own_certification(store)?
        .map(|c| certification_view(&c.card, c.validity, Some(&c.issuer), &names, &origins, now));
    let this_revoked = revocation_view(store, &this.installation, &origins)?;
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
            certification: certification_view(
                &peer.card,
                peer.validity,
                peer.enrolled_by.as_deref(),
                &names,
                &origins,
                now,
            ),
            revoked: revocation_view(store, &id, &origins)?,
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
        this_certification,
        this_revoked,
        peers,
        // Shared household codes wait for a person too, on the same screen.
        open_conflicts: (store.conflicts()?.len() + store.duplicate_codes()?.len()) as u32,
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

/// Enrols the card in `path` (after the person compared its fingerprint) for the period the
/// office chose: `valid_from` and `valid_until` are days (`YYYY-MM-DD`, UTC), either left out
/// as `rasoat enrol --valid-from/--valid-until` may be (`Validity::chosen`); enrolling a card
/// again with a new last day renews it.
#[tauri::command]
pub async fn exchange_enrol<R: Runtime>(
    app: AppHandle<R>,
    path: String,
    valid_from: Option<String>,
    valid_until: Option<String>,
) -> CommandResult<ExchangeView> {
    with_store(app, move |store, _| {
        let at = now_ms();
        let card = read_file(&path)?;
        let chosen = Validity::chosen(day(valid_from)?, day(valid_until)?, at).map_err(invalid)?;
        match chosen {
            None => rasoat_batch::enrol(store, &card, at),
            Some(validity) => rasoat_batch::enrol_for(store, &card, at, validity),
        }
        .map_err(invalid)?;
        exchange_view(store)
    })
    .await
}

/// A day the window's date box gave (`YYYY-MM-DD`); empty is no day chosen.
fn day(text: Option<String>) -> CommandResult<Option<rasoat_domain::Date>> {
    match text.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => text.parse().map(Some).map_err(|_| {
            CommandError::new(
                ErrorCode::Invalid,
                rasoat_domain::messages::Message::new(
                    rasoat_domain::messages::Code::FindingDateFormat,
                ),
            )
        }),
    }
}

/// What making this store a new installation did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct NewInstallationView {
    /// The id this store wrote under until now (the other copy keeps it).
    pub previous: String,
    /// This installation's own entries that stay under the previous id (a peer acknowledged
    /// them: the other copy holds them too).
    pub kept_through: i64,
    /// Entries moved to the new id, to travel once the new card is enrolled.
    pub moved: i64,
    /// The screen afterwards: the new identity, whose card must be enrolled again.
    pub view: ExchangeView,
}

/// Makes a copied or restored store, which receivers refuse as a second copy of its
/// installation, a new installation (`rasoat_batch::become_new_installation`, the same as
/// `rasoat identity new-installation`): new keys and id, the entries no peer acknowledged moved
/// to it. The window asks first; its card must then be enrolled again by every receiver.
#[tauri::command]
pub async fn exchange_new_installation<R: Runtime>(
    app: AppHandle<R>,
) -> CommandResult<NewInstallationView> {
    with_store(app, |store, state| {
        let at = now_ms();
        let (done, _card) = rasoat_batch::become_new_installation(store, at)?;
        store.record_action(
            at,
            state.session.person().as_ref(),
            rasoat_store::ActionEvent::SettingsChanged,
            Some(&format!("máy mới / new installation {}", done.id)),
            done.moved,
        )?;
        Ok(NewInstallationView {
            previous: done.previous,
            kept_through: done.kept_through,
            moved: done.moved,
            view: exchange_view(store)?,
        })
    })
    .await
}
