//! Batch files, format v4 (described for people in `docs/batch-format.md`): what one
//! installation sends another on a USB stick or through a messaging app.
//!
//! ```text
//! "RASOATBT"  magic, 8 bytes
//! u16         format version (4; versions 1 to 3 are read as before)
//! u32         manifest length, then the manifest (JSON, in clear: ids, counts, hashes only)
//! u64         body length, then the body: age-encrypted to the recipient's X25519 key
//!             └ zstd ( payload: origins, enrolment certificates, answers, journal entries )
//! [64]        the sender's Ed25519 signature over everything before it
//! ```
//!
//! A batch must be safe to lose (encrypted), copy twice (importing again changes nothing),
//! deliver late or out of order (it names what the receiver must already hold, and entries
//! already held are duplicates), and impossible to forge: the sender signs the file, and every
//! entry keeps its origin's own signature, so a commune relays its enumerators' entries
//! unchanged and the district checks them against the enumerators' cards, which the commune
//! vouches for with enrolment certificates inside the batch.
//!
//! Reading verifies everything (sizes before allocating, signature, recipient, decryption,
//! bounded decompression, hashes, certificates, every entry's signature, prerequisites, known
//! ids) before the first write; the import then writes in one transaction.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use ed25519_dalek::{Signature, Verifier, VerifyingKey};
use rasoat_store::merge::{self, MergeReport};
use rasoat_store::{AppliedBatch, IncomingBatch, JournalEntry, Store, UnixMillis};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::codec::{from_hex_array, sha256, to_hex, unzigzag, zigzag, Reader, Signed, Writer};
use crate::error::{BatchError, Result};
use crate::identity::{
    ensure_identity, identity, peer, peer_record, EnrolmentCertificate, Identity,
};

/// The first bytes of every batch file.
pub const MAGIC: &[u8; 8] = b"RASOATBT";
/// The batch format this build writes, and the newest it reads. Version 2 adds `withheld` to
/// the manifest (entries left out because the recipient may not read them); version 3 adds the
/// action log's section to the payload (`n_actions` in the manifest); version 4 drops the
/// answers' hashes from the payload, since each is the SHA-256 of the answers it names and the
/// receiver computes it (32 bytes of incompressible data per household, 8 % of a batch).
/// Versions 1 to 3 are read as before.
pub const FORMAT_VERSION: u16 = 4;
/// The largest manifest read.
pub const MAX_MANIFEST_BYTES: u32 = 64 * 1024;
/// The largest encrypted body read (17,000 households take a few MB).
pub const MAX_BODY_BYTES: u64 = 256 * 1024 * 1024;
/// The largest payload after decompression: a cap, so a small hostile file cannot expand
/// into memory exhaustion (a "zip bomb").
pub const MAX_PAYLOAD_BYTES: u64 = 512 * 1024 * 1024;
/// zstd level: 19 measured best for size at an export time still under a few seconds for a
/// commune (see the bench).
pub const ZSTD_LEVEL: i32 = 19;
/// log2 of zstd's match window and of its hash and chain tables when writing a pull page
/// (1 MiB, about 9 MiB of compressor state); a reader needs no more than the window.
pub const ZSTD_PAGE_WINDOW_LOG: u32 = 20;

const SIGNATURE_DOMAIN: &str = "rasoat-batch-v1";
const ENTRY_DOMAIN: &str = "rasoat-entry-v1";

/// The clear-text description of a batch. Holds no personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Always `rasoat-batch`.
    pub format: String,
    pub version: u16,
    pub batch_id: String,
    pub sender: String,
    pub recipient: String,
    /// The sender's current round when the batch was made, e.g. `2025 định kỳ` (informative).
    pub round: Option<String>,
    pub created_at: UnixMillis,
    /// Per origin, the seq the receiver must already hold (1..=n) for this batch to apply.
    pub requires: BTreeMap<String, i64>,
    /// Per origin, the first and last seq of the entries carried.
    pub ranges: BTreeMap<String, (i64, i64)>,
    pub n_entries: u64,
    pub n_answers: u64,
    pub n_certificates: u64,
    /// Size of the payload before compression.
    pub payload_size: u64,
    /// SHA-256 of the payload before compression, lower-case hex.
    pub payload_hash: String,
    /// Per origin, seq ranges inside `ranges` that the batch leaves out because the recipient
    /// may not read them (households of other units). Absent in version 1 files.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub withheld: BTreeMap<String, Vec<(i64, i64)>>,
    /// Rows of action logs carried (version 3). Absent when none.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub n_actions: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// What a batch holds, verified, before anything is written.
#[derive(Debug, Clone)]
pub struct VerifiedBatch {
    pub manifest: Manifest,
    /// SHA-256 of the whole file.
    pub file_hash: String,
    /// True when this batch id was imported before.
    pub already_imported: bool,
    /// Entries not yet held here.
    pub n_new_entries: usize,
    entries: Vec<SignedEntry>,
    answers: Vec<(String, String)>,
    certificates: Vec<EnrolmentCertificate>,
    actions: Vec<actions::SignedAction>,
}

impl VerifiedBatch {
    /// The entries carried, checked: what a server looks at before accepting a batch (whose
    /// units they are about).
    pub fn entries(&self) -> impl Iterator<Item = &JournalEntry> {
        self.entries.iter().map(|signed| &signed.entry)
    }

    /// The rows of action logs carried, checked (signed by their origins).
    pub fn actions(&self) -> impl Iterator<Item = &rasoat_store::TravellingAction> {
        self.actions.iter().map(|signed| &signed.action)
    }
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Batches imported (0 or 1 for `import_batch`).
    pub batches: usize,
    /// Survey records that did not exist here before.
    pub new: usize,
    /// Survey records that changed.
    pub updated: usize,
    /// Entries already held (a copy, a late or repeated batch).
    pub duplicates: usize,
    /// Entries stored for the first time.
    pub new_entries: usize,
    /// Rows of other installations' action logs kept for the first time.
    pub new_actions: usize,
    /// Records in conflict after the import: (household id, round id).
    pub conflicts: Vec<(String, String)>,
    /// Edits stored as history only, never applied: made by a household's old commune (or its
    /// enumerator) and delivered after a transfer took the household away.
    pub kept_as_history: usize,
    /// True when the batch had been imported before: nothing changed.
    pub already_imported: bool,
    /// Files refused, each with the reason (`import_batches`).
    pub refused_with_reasons: Vec<(String, String)>,
}

/// A journal entry with its origin's signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SignedEntry {
    pub entry: JournalEntry,
    pub signature: [u8; 64],
}

/// The bytes an origin signs for one entry.
pub(crate) fn entry_signed(entry: &JournalEntry) -> Signed {
    let mut signed = Signed::new(ENTRY_DOMAIN);
    signed
        .text(&entry.id)
        .text(&entry.origin)
        .int(entry.seq)
        .text(&entry.entity)
        .text(&entry.entity_id)
        .text(&entry.operation)
        .opt(entry.parent_hash.as_deref())
        .text(&entry.content_hash)
        .int(entry.recorded_at)
        .text(&entry.actor)
        .text(&entry.reason)
        .text(&entry.payload);
    signed
}

/// The content hash an entry's payload implies: the record's for survey entries (the payload
/// embeds the record's JSON as it was hashed), the whole payload's otherwise. Lets the wire
/// omit the hash, and catches a payload that does not match its hash.
fn implied_content_hash(entity: &str, payload: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct Survey<'a> {
        #[serde(borrow)]
        record: &'a RawValue,
    }
    if entity == "survey" {
        let parsed: Survey<'_> = serde_json::from_str(payload).ok()?;
        Some(rasoat_store::journal::content_hash(
            parsed.record.get().as_bytes(),
        ))
    } else {
        Some(rasoat_store::journal::content_hash(payload.as_bytes()))
    }
}

fn file_signed(prefix: &[u8]) -> Signed {
    let mut signed = Signed::new(SIGNATURE_DOMAIN);
    signed.field(&sha256(prefix));
    signed
}

mod actions;
pub(crate) mod authorise;
mod export;
mod import;
mod payload;
mod review_steps;
mod transfers;
mod verify;

pub(crate) use authorise::{card_scope, revoked};
pub use export::{acknowledged, export_batch, export_batch_page, BatchPage};
pub use import::{import_batch, import_batches, import_verified};
pub use transfers::{check_transfer, transfer_household};
pub use verify::{verify_batch, verify_batch_observed, VerifyStep};

use payload::{decode_payload, encode_payload, split_file};
