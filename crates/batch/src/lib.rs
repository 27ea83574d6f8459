//! Signed, encrypted survey batches between installations: when there is no link, data
//! travels on a USB stick or through a messaging app, and a batch file must be safe to lose,
//! copy twice, deliver late or out of order, and impossible to forge or read by a stranger.
//!
//! - `identity`: each installation's keys, identity cards with a spoken fingerprint,
//!   enrolment of the installations it accepts, and enrolment certificates for relays;
//! - `batch`: the batch file format v2 (`docs/batch-format.md`), `export_batch`,
//!   `verify_batch`, `import_batch`;
//! - `receipt`: signed receipts, so a sender knows what arrived and sends only the rest;
//! - conflicts are kept by the store (`rasoat_store::merge`); `list_conflicts` and
//!   `resolve_conflict` are re-exported here for the desktop and the CLI.
//!
//! Invariants: nothing is written before everything is verified; an import is one
//! transaction; entries are relayed byte for byte with their origin's signature; private keys
//! and personal data never appear in errors or logs.

pub mod codec;

pub mod batch;
pub mod error;
pub mod identity;
pub mod receipt;
pub mod session;

pub use batch::{
    acknowledged, check_transfer, export_batch, export_batch_page, import_batch, import_batches,
    import_verified, transfer_household, verify_batch, verify_batch_observed, BatchPage,
    ImportReport, Manifest, VerifiedBatch, VerifyStep,
};
pub use error::{BatchError, HouseholdAt, Result, StepTaken};
pub use identity::{
    enrol, enrol_for, ensure_identity, identity, install_identity, load_identity, peers, Enrolment,
    EnrolmentCertificate, Identity, IdentityCard, IdentitySecrets, Peer, Validity,
};
pub use rasoat_store::duplicate_codes::{CodeHolder, DuplicateCode};
pub use rasoat_store::merge::{Conflict, ConflictHead};
pub use receipt::{export_receipt, import_receipt, verify_receipt, Receipt, ReceiptReport};

use rasoat_store::{SavedRecord, Store, UnixMillis};

/// Revokes an installation this one knows: a journal entry that travels with every later batch
/// and pull page, after which its batches are refused wherever it arrived. Refused for this
/// installation itself and for an installation it may not revoke by the authorisation rule.
pub fn revoke(
    store: &mut Store,
    installation_id: &str,
    actor: &str,
    at: UnixMillis,
) -> Result<rasoat_store::Revocation> {
    let this = store.installation()?;
    let known = identity::peer(store, installation_id)?.ok_or_else(|| BatchError::NotEnrolled {
        id: installation_id.to_string(),
    })?;
    let units = store.unit_tree()?;
    let revoker = rasoat_domain::authorisation::Office::parse(this.role.as_str())
        .map(|office| rasoat_domain::authorisation::Scope::new(office, [this.unit_code.clone()]));
    let revoked = batch::card_scope(&known.card);
    let allowed = installation_id != this.id
        && revoker.is_some_and(|revoker| {
            rasoat_domain::authorisation::may_revoke(&revoker, &units, revoked.as_ref()).is_ok()
        });
    if !allowed {
        return Err(BatchError::RevocationNotAllowed {
            origin: this.id,
            seq: 0,
        });
    }
    Ok(store.revoke_installation(installation_id, actor, at)?)
}

/// Makes a copied or restored store a new installation (`Store::become_new_installation`):
/// the entries a peer acknowledged stay under the old id, signed with the old key so they can
/// still be relayed; every later one moves to the new id; new keys are made, and the new card
/// must be enrolled again by the offices before the moved entries travel.
pub fn become_new_installation(
    store: &mut Store,
    at: UnixMillis,
) -> Result<(rasoat_store::NewInstallation, IdentityCard)> {
    let old = identity::identity(store)?;
    let kept = store.acknowledged_own()?;
    let mut signatures = Vec::new();
    for seq in 1..=kept {
        let Some(id) = store.journal_id_at(old.installation_id(), seq)? else {
            continue;
        };
        if let Some(entry) = store.journal_entry(&id)? {
            let signature = old.sign(batch::entry_signed(&entry).bytes());
            signatures.push((seq, signature.to_bytes().to_vec()));
        }
    }
    let new_id = rasoat_store::new_id(at).to_string();
    let done = store.become_new_installation(&new_id, &signatures)?;
    let identity = ensure_identity(store, at)?;
    let card = identity.card(store)?;
    Ok((done, card))
}

/// The certificates offices issued for this installation, as they arrived with their batches
/// (each checked then against its issuer's key and the issuer's right to vouch for it).
pub fn own_certificates(store: &Store) -> Result<Vec<EnrolmentCertificate>> {
    store
        .own_certificates()?
        .into_iter()
        .map(|own| {
            serde_json::from_str(&own.certificate_json)
                .map_err(|source| BatchError::CardJson { source })
        })
        .collect()
}

/// What this installation is certified as: of the certificates offices issued for it, the one
/// whose period ends last (one without a period, made by an older version, only when there
/// is no other). `None` until a batch from an office that enrolled it has arrived.
pub fn own_certification(store: &Store) -> Result<Option<EnrolmentCertificate>> {
    Ok(own_certificates(store)?
        .into_iter()
        .max_by_key(|c| c.validity.map(|v| (v.not_after, v.not_before))))
}

/// The refusal that names a revoked installation and the day it was revoked.
pub fn revoked_error(revocation: &rasoat_store::Revocation) -> BatchError {
    batch::revoked(revocation)
}

/// Records edited from the same parent on different installations, until a person resolves
/// them.
pub fn list_conflicts(store: &Store) -> Result<Vec<Conflict>> {
    Ok(store.conflicts()?)
}

/// Codes that two or more households of a round hold, brought together by batches: listed
/// beside the conflicts until the commune renumbers one (`docs/batch-format.md`).
pub fn list_duplicate_codes(store: &Store) -> Result<Vec<DuplicateCode>> {
    Ok(store.duplicate_codes()?)
}

/// Keeps one of the competing edits; the resolution is a journal entry that travels.
pub fn resolve_conflict(
    store: &mut Store,
    household_id: &str,
    round_id: &str,
    keep_entry_id: &str,
    actor: &str,
    at: UnixMillis,
) -> Result<SavedRecord> {
    Ok(store.resolve_conflict(household_id, round_id, keep_entry_id, actor, at)?)
}
