//! Batch files, format v1 (described for people in `docs/batch-format.md`): what one
//! installation sends another on a USB stick or through a messaging app.
//!
//! ```text
//! "RASOATBT"  magic, 8 bytes
//! u16         format version (1)
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
/// The batch format this build writes and the newest it reads.
pub const FORMAT_VERSION: u16 = 1;
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
}

impl VerifiedBatch {
    /// The entries carried, checked: what a server looks at before accepting a batch (whose
    /// units they are about).
    pub fn entries(&self) -> impl Iterator<Item = &JournalEntry> {
        self.entries.iter().map(|signed| &signed.entry)
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
    /// Records in conflict after the import: (household id, round id).
    pub conflicts: Vec<(String, String)>,
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

/// Writes a batch for `recipient` (an installation enrolled here) with every entry it has not
/// acknowledged, encrypted to it and signed by this installation.
pub fn export_batch(store: &mut Store, recipient: &str, at: UnixMillis) -> Result<Vec<u8>> {
    Ok(export_batch_page(store, recipient, at, usize::MAX)?.bytes)
}

/// One page of what `recipient` lacks: a batch file, and whether more remains after it.
#[derive(Debug, Clone)]
pub struct BatchPage {
    pub bytes: Vec<u8>,
    pub more: bool,
}

/// Like `export_batch`, but with about `max_entries` entries: what a sync server answers a pull
/// with, so a cut link loses at most one page. The page is a batch like any other: for each
/// origin, the entries right after what `recipient` acknowledged, so once it imported the page
/// its next receipt is the cursor of the next one. A page may hold a few entries more than
/// asked: the creation of every round its survey entries name comes with them when the
/// recipient has not acknowledged it, since a record cannot be applied without its round.
pub fn export_batch_page(
    store: &mut Store,
    recipient: &str,
    at: UnixMillis,
    max_entries: usize,
) -> Result<BatchPage> {
    let this = ensure_identity(store, at)?;
    let to = peer(store, recipient)?
        .filter(|p| p.enrolled_by.is_none())
        .ok_or_else(|| BatchError::NotEnrolled {
            id: recipient.to_string(),
        })?;
    let recipient_key = <age::x25519::Recipient as std::str::FromStr>::from_str(
        &to.card.encryption_key,
    )
    .map_err(|_| BatchError::Card("khóa mã hóa không hợp lệ / bad encryption key".into()))?;
    let acks = acknowledged(store, recipient)?;
    let status = store.status_vector()?;
    let (page, more) = page_ranges(store, recipient, &acks, &status, max_entries)?;
    let mut requires = BTreeMap::new();
    let mut ranges = BTreeMap::new();
    let mut entries: Vec<SignedEntry> = Vec::new();
    for (origin, (acked, last)) in page {
        let chunk: Vec<JournalEntry> = store.journal_between(&origin, acked, last)?;
        requires.insert(origin.clone(), acked);
        ranges.insert(origin.clone(), (acked + 1, last));
        for entry in chunk {
            let signature = if origin == this.installation_id() {
                this.sign(entry_signed(&entry).bytes()).to_bytes()
            } else {
                stored_signature(store, &entry.origin, entry.seq)?
            };
            entries.push(SignedEntry { entry, signature });
        }
    }
    if entries.is_empty() {
        return Err(BatchError::NothingToSend {
            recipient: recipient.to_string(),
        });
    }
    let certificates = certificates_for(store, &this, ranges.keys(), recipient)?;
    let mut answers = Vec::new();
    let mut seen = BTreeSet::new();
    for signed in &entries {
        if let Some(hash) = merge::answers_hash_of(&signed.entry)? {
            if seen.insert(hash.clone()) {
                let json = store.answers_json(&hash)?.ok_or_else(|| {
                    BatchError::Payload(format!("answers {hash} missing from this store"))
                })?;
                answers.push((hash, json));
            }
        }
    }
    let payload = encode_payload(&certificates, &answers, &entries)?;
    let compressed =
        zstd::bulk::compress(&payload, ZSTD_LEVEL).map_err(|e| BatchError::Write(e.to_string()))?;
    let body =
        age::encrypt(&recipient_key, &compressed).map_err(|e| BatchError::Write(e.to_string()))?;
    let round = store.current_round().ok().map(|r| r.label());
    let manifest = Manifest {
        format: "rasoat-batch".to_string(),
        version: FORMAT_VERSION,
        batch_id: rasoat_store::new_id(at).to_string(),
        sender: this.installation_id().to_string(),
        recipient: recipient.to_string(),
        round,
        created_at: at,
        requires,
        ranges,
        n_entries: entries.len() as u64,
        n_answers: answers.len() as u64,
        n_certificates: certificates.len() as u64,
        payload_size: payload.len() as u64,
        payload_hash: to_hex(&sha256(&payload)),
    };
    let manifest_json =
        serde_json::to_vec(&manifest).map_err(|e| BatchError::Write(e.to_string()))?;
    let mut file = Vec::with_capacity(body.len() + manifest_json.len() + 100);
    file.extend_from_slice(MAGIC);
    file.extend_from_slice(&FORMAT_VERSION.to_be_bytes());
    file.extend_from_slice(&(manifest_json.len() as u32).to_be_bytes());
    file.extend_from_slice(&manifest_json);
    file.extend_from_slice(&(body.len() as u64).to_be_bytes());
    file.extend_from_slice(&body);
    let signature = this.sign(file_signed(&file).bytes());
    file.extend_from_slice(&signature.to_bytes());
    Ok(BatchPage { bytes: file, more })
}

/// Per origin, the entries of a page after the acknowledged seq, up to the last one carried.
type PageRanges = BTreeMap<String, (i64, i64)>;

/// Per origin, the entries a page carries: `(acknowledged, last)`, at most about
/// `max_entries` in all, and whether entries remain beyond them.
fn page_ranges(
    store: &Store,
    recipient: &str,
    acks: &BTreeMap<String, i64>,
    status: &BTreeMap<String, i64>,
    max_entries: usize,
) -> Result<(PageRanges, bool)> {
    let mut budget = i64::try_from(max_entries.max(1)).unwrap_or(i64::MAX);
    let mut page: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    let mut more = false;
    for (origin, held) in status {
        let acked = acks.get(origin).copied().unwrap_or(0);
        if origin == recipient || *held <= acked {
            continue;
        }
        let take = (*held - acked).min(budget);
        if take < *held - acked {
            more = true;
        }
        if take > 0 {
            page.insert(origin.clone(), (acked, acked + take));
            budget -= take;
        }
    }
    if !more {
        return Ok((page, false));
    }
    // A cut page: add the creation of every round its survey entries name that the recipient
    // may lack, until nothing more is needed (rounds are few, so this ends quickly).
    let mut checked: BTreeSet<String> = BTreeSet::new();
    loop {
        let mut rounds: BTreeSet<String> = BTreeSet::new();
        for (origin, (acked, last)) in &page {
            for round in store.rounds_named_between(origin, *acked, *last)? {
                if !checked.contains(&round) {
                    rounds.insert(round);
                }
            }
        }
        if rounds.is_empty() {
            return Ok((page, more));
        }
        for round in rounds {
            let created = store.round_creation(&round)?;
            checked.insert(round);
            let Some((origin, seq)) = created else {
                continue;
            };
            let acked = acks.get(&origin).copied().unwrap_or(0);
            let held = status.get(&origin).copied().unwrap_or(0);
            if origin == recipient || seq <= acked || seq > held {
                continue;
            }
            let range = page.entry(origin).or_insert((acked, acked));
            range.1 = range.1.max(seq);
        }
    }
}

fn file_signed(prefix: &[u8]) -> Signed {
    let mut signed = Signed::new(SIGNATURE_DOMAIN);
    signed.field(&sha256(prefix));
    signed
}

/// What `recipient` acknowledged holding, per origin (from its receipts).
pub fn acknowledged(store: &Store, recipient: &str) -> Result<BTreeMap<String, i64>> {
    Ok(store.acknowledged(recipient)?)
}

fn stored_signature(store: &Store, origin: &str, seq: i64) -> Result<[u8; 64]> {
    store
        .entry_signature(origin, seq)?
        .and_then(|b| <[u8; 64]>::try_from(b.as_slice()).ok())
        .ok_or_else(|| BatchError::EntrySignature {
            origin: origin.to_string(),
            seq,
        })
}

/// A certificate for every relayed origin: issued here for installations enrolled here, the
/// stored one for installations vouched for by another.
fn certificates_for<'a>(
    store: &Store,
    this: &Identity,
    origins: impl Iterator<Item = &'a String>,
    recipient: &str,
) -> Result<Vec<EnrolmentCertificate>> {
    let mut out = Vec::new();
    for origin in origins {
        if origin == this.installation_id() || origin == recipient {
            continue;
        }
        let known =
            peer(store, origin)?.ok_or_else(|| BatchError::NotEnrolled { id: origin.clone() })?;
        match (&known.enrolled_by, &known.certificate) {
            (None, _) => out.push(EnrolmentCertificate::issue(this, known.card)),
            (Some(issuer), Some(signature)) => out.push(EnrolmentCertificate {
                card: known.card,
                issuer: issuer.clone(),
                signature: signature.clone(),
            }),
            (Some(_), None) => {
                return Err(BatchError::NotEnrolled { id: origin.clone() });
            }
        }
    }
    Ok(out)
}

fn encode_payload(
    certificates: &[EnrolmentCertificate],
    answers: &[(String, String)],
    entries: &[SignedEntry],
) -> Result<Vec<u8>> {
    let mut origins: Vec<&str> = entries.iter().map(|e| e.entry.origin.as_str()).collect();
    origins.sort_unstable();
    origins.dedup();
    let mut w = Writer::default();
    w.varint(origins.len() as u64);
    for origin in &origins {
        w.str(origin);
    }
    w.varint(certificates.len() as u64);
    for certificate in certificates {
        let json =
            serde_json::to_string(certificate).map_err(|e| BatchError::Write(e.to_string()))?;
        w.str(&json);
    }
    w.varint(answers.len() as u64);
    for (hash, json) in answers {
        let raw: [u8; 32] = from_hex_array(hash)
            .ok_or_else(|| BatchError::Write(format!("answers hash {hash} malformed")))?;
        w.raw(&raw);
        w.str(json);
    }
    w.varint(entries.len() as u64);
    for signed in entries {
        let e = &signed.entry;
        let id = uuid::Uuid::parse_str(&e.id)
            .ok()
            .filter(|u| u.to_string() == e.id)
            .ok_or_else(|| BatchError::Write(format!("entry id {} not canonical", e.id)))?;
        w.raw(id.as_bytes());
        let origin = origins
            .binary_search(&e.origin.as_str())
            .map_err(|_| BatchError::Write("origin table".into()))?;
        w.varint(origin as u64);
        w.varint(zigzag(e.seq));
        w.str(&e.entity);
        w.str(&e.entity_id);
        w.str(&e.operation);
        write_hash(&mut w, e.parent_hash.as_deref());
        // The content hash travels only when the payload does not imply it.
        if implied_content_hash(&e.entity, &e.payload).as_deref() == Some(e.content_hash.as_str()) {
            w.varint(0);
        } else {
            w.varint(1);
            w.str(&e.content_hash);
        }
        w.varint(zigzag(e.recorded_at));
        w.str(&e.actor);
        w.str(&e.reason);
        w.str(&e.payload);
        w.raw(&signed.signature);
    }
    Ok(w.bytes)
}

fn write_hash(w: &mut Writer, hash: Option<&str>) {
    match hash {
        None => w.varint(0),
        Some(text) => match from_hex_array::<32>(text) {
            Some(raw) => {
                w.varint(1);
                w.raw(&raw);
            }
            None => {
                w.varint(2);
                w.str(text);
            }
        },
    }
}

fn read_hash(r: &mut Reader<'_>) -> Result<Option<String>> {
    match r.varint("parent hash")? {
        0 => Ok(None),
        1 => Ok(Some(to_hex(&r.array::<32>("parent hash")?))),
        2 => Ok(Some(r.str("parent hash")?.to_string())),
        other => Err(BatchError::Payload(format!("parent hash tag {other}"))),
    }
}

type Payload = (
    Vec<EnrolmentCertificate>,
    Vec<(String, String)>,
    Vec<SignedEntry>,
);

fn decode_payload(bytes: &[u8]) -> Result<Payload> {
    let mut r = Reader::new(bytes);
    let n_origins = r.count(1, "origins")?;
    let mut origins = Vec::with_capacity(n_origins);
    for _ in 0..n_origins {
        origins.push(r.str("origin")?.to_string());
    }
    let n_certificates = r.count(1, "certificates")?;
    let mut certificates = Vec::with_capacity(n_certificates);
    for _ in 0..n_certificates {
        let json = r.str("certificate")?;
        certificates.push(
            serde_json::from_str(json)
                .map_err(|e| BatchError::Payload(format!("certificate: {e}")))?,
        );
    }
    let n_answers = r.count(33, "answers")?;
    let mut answers = Vec::with_capacity(n_answers);
    for _ in 0..n_answers {
        let hash = to_hex(&r.array::<32>("answers hash")?);
        answers.push((hash, r.str("answers")?.to_string()));
    }
    // An entry takes at least 16 (id) + 64 (signature) + 10 one-byte fields.
    let n_entries = r.count(90, "entries")?;
    let mut entries = Vec::with_capacity(n_entries);
    for _ in 0..n_entries {
        let id = uuid::Uuid::from_bytes(r.array::<16>("entry id")?).to_string();
        let origin_index = usize::try_from(r.varint("origin")?).unwrap_or(usize::MAX);
        let origin = origins
            .get(origin_index)
            .ok_or_else(|| BatchError::Payload("origin index out of range".into()))?
            .clone();
        let seq = unzigzag(r.varint("seq")?);
        let entity = r.str("entity")?.to_string();
        let entity_id = r.str("entity id")?.to_string();
        let operation = r.str("operation")?.to_string();
        let parent_hash = read_hash(&mut r)?;
        let explicit = match r.varint("content hash")? {
            0 => None,
            1 => Some(r.str("content hash")?.to_string()),
            other => return Err(BatchError::Payload(format!("content hash tag {other}"))),
        };
        let recorded_at = unzigzag(r.varint("recorded at")?);
        let actor = r.str("actor")?.to_string();
        let reason = r.str("reason")?.to_string();
        let payload = r.str("payload")?.to_string();
        let signature = r.array::<64>("entry signature")?;
        let content_hash = match explicit {
            Some(hash) => hash,
            None => implied_content_hash(&entity, &payload).ok_or_else(|| {
                BatchError::Payload(format!("entry {origin}#{seq}: payload malformed"))
            })?,
        };
        entries.push(SignedEntry {
            entry: JournalEntry {
                id,
                origin,
                seq,
                entity,
                entity_id,
                operation,
                parent_hash,
                content_hash,
                recorded_at,
                actor,
                reason,
                payload,
            },
            signature,
        });
    }
    if r.remaining() != 0 {
        return Err(BatchError::Payload("trailing bytes".into()));
    }
    Ok((certificates, answers, entries))
}

/// The parts of a batch file, checked for shape and size only.
struct Parts<'a> {
    manifest: Manifest,
    body: &'a [u8],
    signature: Signature,
    signed_len: usize,
}

fn split_file(bytes: &[u8]) -> Result<Parts<'_>> {
    if bytes.is_empty() {
        return Err(BatchError::Empty);
    }
    let not_ours = BatchError::NotOurFile {
        what: "lô",
        what_en: "batch",
    };
    let magic_len = bytes.len().min(MAGIC.len());
    if bytes[..magic_len] != MAGIC[..magic_len] {
        return Err(not_ours);
    }
    let mut r = Reader::new(bytes);
    r.take(MAGIC.len(), "magic")?;
    let version = r.u16("format version")?;
    if version > FORMAT_VERSION {
        return Err(BatchError::NewerFormat {
            found: version,
            supported: FORMAT_VERSION,
        });
    }
    if version == 0 {
        return Err(not_ours);
    }
    let manifest_len = r.u32("manifest length")?;
    if manifest_len > MAX_MANIFEST_BYTES {
        return Err(BatchError::TooLarge {
            what: "manifest",
            size: u64::from(manifest_len),
            limit: u64::from(MAX_MANIFEST_BYTES),
        });
    }
    let manifest_bytes = r.take(manifest_len as usize, "manifest")?;
    let manifest: Manifest =
        serde_json::from_slice(manifest_bytes).map_err(|e| BatchError::Manifest(e.to_string()))?;
    if manifest.format != "rasoat-batch" || manifest.version != version {
        return Err(BatchError::Manifest(format!(
            "format {} v{} in a v{version} file",
            manifest.format, manifest.version
        )));
    }
    let body_len = r.u64("body length")?;
    if body_len > MAX_BODY_BYTES {
        return Err(BatchError::TooLarge {
            what: "nội dung / body",
            size: body_len,
            limit: MAX_BODY_BYTES,
        });
    }
    let body = r.take(body_len as usize, "nội dung / body")?;
    let signed_len = r.position();
    let signature = Signature::from_bytes(&r.array::<64>("chữ ký / signature")?);
    if r.remaining() != 0 {
        return Err(BatchError::TrailingBytes);
    }
    Ok(Parts {
        manifest,
        body,
        signature,
        signed_len,
    })
}

/// Reads and checks a batch without writing anything: what `rasoat batch verify` prints and
/// what `import_batch` does before it writes.
pub fn verify_batch(store: &Store, bytes: &[u8]) -> Result<VerifiedBatch> {
    verify_batch_observed(store, bytes, |_| {})
}

/// The stages of `verify_batch`, in order, for a progress bar: decryption and the entries'
/// signatures are what takes time in a large batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerifyStep {
    /// The file's shape and the sender's signature.
    Signature,
    /// Decryption and decompression of the payload.
    Decrypt,
    /// Every entry's origin signature, then the entries against this store.
    Entries,
}

/// `verify_batch`, telling `step` as each stage starts (the desktop's progress bar).
pub fn verify_batch_observed(
    store: &Store,
    bytes: &[u8],
    mut step: impl FnMut(VerifyStep),
) -> Result<VerifiedBatch> {
    step(VerifyStep::Signature);
    let parts = split_file(bytes)?;
    let manifest = parts.manifest;
    let this = identity(store)?;
    if manifest.sender == this.installation_id() {
        return Err(BatchError::FromSelf);
    }
    let sender = peer(store, &manifest.sender)?
        .filter(|p| p.enrolled_by.is_none())
        .ok_or_else(|| BatchError::UnknownSender {
            sender: manifest.sender.clone(),
        })?;
    sender
        .signing_key
        .verify(
            file_signed(&bytes[..parts.signed_len]).bytes(),
            &parts.signature,
        )
        .map_err(|_| BatchError::BadSignature {
            what: "lô / batch"
        })?;
    if manifest.recipient != this.installation_id() {
        return Err(BatchError::WrongRecipient {
            recipient: manifest.recipient.clone(),
            this: this.installation_id().to_string(),
        });
    }
    let file_hash = to_hex(&sha256(bytes));
    let already_imported = store.batch_imported(&manifest.batch_id)?;
    if manifest.payload_size > MAX_PAYLOAD_BYTES {
        return Err(BatchError::TooLarge {
            what: "nội dung giải nén / decompressed payload",
            size: manifest.payload_size,
            limit: MAX_PAYLOAD_BYTES,
        });
    }
    step(VerifyStep::Decrypt);
    let compressed = age::decrypt(this.age_identity(), parts.body)
        .map_err(|e| BatchError::Decrypt(e.to_string()))?;
    let payload = decompress(&compressed, manifest.payload_size)?;
    if to_hex(&sha256(&payload)) != manifest.payload_hash {
        return Err(BatchError::PayloadMismatch("payload_hash".into()));
    }
    let (certificates, answers, entries) = decode_payload(&payload)?;
    if entries.len() as u64 != manifest.n_entries
        || answers.len() as u64 != manifest.n_answers
        || certificates.len() as u64 != manifest.n_certificates
    {
        return Err(BatchError::PayloadMismatch("counts".into()));
    }
    step(VerifyStep::Entries);
    let keys = origin_keys(store, &this, &certificates)?;
    check_entries(&manifest, &entries, &keys)?;
    let n_new_entries = check_against_store(store, &manifest, &entries, &answers)?;
    Ok(VerifiedBatch {
        manifest,
        file_hash,
        already_imported,
        n_new_entries,
        entries,
        answers,
        certificates,
    })
}

/// Decompresses at most `declared` bytes: a payload that expands beyond what its signed
/// manifest declares is refused as soon as it does, without reading the rest.
fn decompress(compressed: &[u8], declared: u64) -> Result<Vec<u8>> {
    let decoder = zstd::stream::read::Decoder::new(compressed)
        .map_err(|e| BatchError::Decompress(e.to_string()))?;
    // Grow as the data really comes, never by the declared size up front.
    let mut out = Vec::with_capacity(usize::try_from(declared.min(1 << 20)).unwrap_or(0));
    decoder
        .take(declared.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| BatchError::Decompress(e.to_string()))?;
    if out.len() as u64 != declared {
        return Err(BatchError::PayloadMismatch(format!(
            "kích thước giải nén khác mô tả / decompressed size differs from the manifest ({} vs {declared})",
            if out.len() as u64 > declared { "more".to_string() } else { out.len().to_string() }
        )));
    }
    Ok(out)
}

/// The signing key of every origin whose entries this installation accepts in this batch:
/// itself, its peers, and installations certified by a peer enrolled here.
fn origin_keys(
    store: &Store,
    this: &Identity,
    certificates: &[EnrolmentCertificate],
) -> Result<BTreeMap<String, VerifyingKey>> {
    let mut keys = BTreeMap::new();
    keys.insert(this.installation_id().to_string(), this.verifying_key());
    for certificate in certificates {
        let subject = &certificate.card.installation;
        if certificate.issuer == this.installation_id() {
            // This installation's own certificate coming back: an enumerator's entries relayed
            // by a sibling enumerator, vouched for by the commune that now receives them. Its
            // signature is checked with this installation's key, and the subject must be the
            // peer enrolled here (the key comparison below).
            let key = certificate.verify(&this.verifying_key())?;
            let known = peer(store, subject)?.filter(|p| p.enrolled_by.is_none());
            if known.map(|p| p.signing_key) != Some(key) {
                return Err(BatchError::Certificate {
                    subject: subject.clone(),
                    reason: "khóa khác với khóa đã đăng ký / key differs from the enrolled one"
                        .into(),
                });
            }
            keys.insert(subject.clone(), key);
            continue;
        }
        let issuer = peer(store, &certificate.issuer)?
            .filter(|p| p.enrolled_by.is_none())
            .ok_or_else(|| BatchError::Certificate {
                subject: subject.clone(),
                reason: format!(
                    "máy chứng nhận {} chưa được đăng ký ở đây / issuer not enrolled here",
                    certificate.issuer
                ),
            })?;
        if issuer.card.role == "enumerator" || certificate.issuer == *subject {
            return Err(BatchError::Certificate {
                subject: subject.clone(),
                reason: "máy chứng nhận không có quyền / issuer may not vouch".into(),
            });
        }
        let key = certificate.verify(&issuer.signing_key)?;
        if let Some(known) = peer(store, subject)? {
            if known.signing_key != key {
                return Err(BatchError::Certificate {
                    subject: subject.clone(),
                    reason: "khóa khác với khóa đã biết / key differs from the known one".into(),
                });
            }
        }
        keys.insert(subject.clone(), key);
    }
    let ids = store.peer_ids()?;
    for id in ids {
        if keys.contains_key(&id) {
            continue;
        }
        if let Some(known) = peer(store, &id)? {
            keys.insert(id, known.signing_key);
        }
    }
    Ok(keys)
}

/// Every entry signed by its origin, in the ranges the manifest declares, contiguous.
///
/// The checks answer as if each entry were checked in turn (the first failing entry names the
/// error), but the signatures are verified together: Ed25519 batch verification costs about a
/// third of checking one by one, and the signatures are most of the time a large import takes.
/// When a batch of signatures fails, they are checked one by one to name the bad entry.
fn check_entries(
    manifest: &Manifest,
    entries: &[SignedEntry],
    keys: &BTreeMap<String, VerifyingKey>,
) -> Result<()> {
    let mut next: BTreeMap<&str, i64> = BTreeMap::new();
    let mut signers: Vec<VerifyingKey> = Vec::with_capacity(entries.len());
    // The first entry that fails a check other than its signature, and why.
    let mut first_error: Option<BatchError> = None;
    for signed in entries {
        let e = &signed.entry;
        let Some(key) = keys.get(&e.origin).copied() else {
            first_error = Some(BatchError::UnknownOrigin {
                origin: e.origin.clone(),
                seq: e.seq,
            });
            break;
        };
        signers.push(key);
        if let Err(error) = check_entry_shape(manifest, e, &mut next) {
            first_error = Some(error);
            break;
        }
    }
    // Entries up to the first error (and that entry itself, when its origin is known) must be
    // signed: a bad signature there is reported first, as a check in order would.
    verify_signatures(&entries[..signers.len()], &signers)?;
    if let Some(e) = first_error {
        return Err(e);
    }
    for (origin, (first, last)) in &manifest.ranges {
        if next.get(origin.as_str()) != Some(&(last + 1)) || *first < 1 {
            return Err(BatchError::PayloadMismatch(format!(
                "entries of {origin} do not fill the declared range"
            )));
        }
    }
    Ok(())
}

/// An entry's seq the next of its origin's declared range, its entity id well formed.
fn check_entry_shape<'a>(
    manifest: &Manifest,
    e: &'a JournalEntry,
    next: &mut BTreeMap<&'a str, i64>,
) -> Result<()> {
    let (first, last) = manifest.ranges.get(&e.origin).copied().ok_or_else(|| {
        BatchError::PayloadMismatch(format!("origin {} not in the manifest", e.origin))
    })?;
    let expected = next.entry(e.origin.as_str()).or_insert(first);
    if e.seq != *expected || e.seq > last {
        return Err(BatchError::PayloadMismatch(format!(
            "entry {}#{} out of the declared range",
            e.origin, e.seq
        )));
    }
    *expected += 1;
    if matches!(e.entity.as_str(), "survey") && e.entity_id.split_once('/').is_none() {
        return Err(BatchError::Payload(format!(
            "entry {}#{}: entity id malformed",
            e.origin, e.seq
        )));
    }
    Ok(())
}

/// Entries signed per batch verification: large enough that the shared work pays, small
/// enough to bound the memory of the signed messages held at once.
const SIGNATURE_CHUNK: usize = 4096;

/// Verifies the entries' signatures together, chunk by chunk; a failing chunk is checked entry
/// by entry so the error names the first bad one. Batch verification accepts exactly the
/// signatures the signers' keys made (it is the cofactored equation, so it may also accept a
/// few odd encodings single verification refuses, which only the key's holder can make).
fn verify_signatures(entries: &[SignedEntry], signers: &[VerifyingKey]) -> Result<()> {
    for (chunk, keys) in entries
        .chunks(SIGNATURE_CHUNK)
        .zip(signers.chunks(SIGNATURE_CHUNK))
    {
        let signed: Vec<Signed> = chunk.iter().map(|s| entry_signed(&s.entry)).collect();
        let messages: Vec<&[u8]> = signed.iter().map(Signed::bytes).collect();
        let signatures: Vec<Signature> = chunk
            .iter()
            .map(|s| Signature::from_bytes(&s.signature))
            .collect();
        if ed25519_dalek::verify_batch(&messages, &signatures, keys).is_ok() {
            continue;
        }
        for ((entry, key), (message, signature)) in
            chunk.iter().zip(keys).zip(messages.iter().zip(&signatures))
        {
            key.verify(message, signature)
                .map_err(|_| BatchError::EntrySignature {
                    origin: entry.entry.origin.clone(),
                    seq: entry.entry.seq,
                })?;
        }
        // Each passes alone yet not together: refuse rather than guess.
        let first = &chunk[0].entry;
        return Err(BatchError::EntrySignature {
            origin: first.origin.clone(),
            seq: first.seq,
        });
    }
    Ok(())
}

/// Prerequisites held, known entries identical, answers present: returns how many entries
/// are new here.
fn check_against_store(
    store: &Store,
    manifest: &Manifest,
    entries: &[SignedEntry],
    answers: &[(String, String)],
) -> Result<usize> {
    let status = store.status_vector()?;
    let mut missing = Vec::new();
    for (origin, (first, _)) in &manifest.ranges {
        let held = status.get(origin).copied().unwrap_or(0);
        let needed = (*first - 1).max(manifest.requires.get(origin).copied().unwrap_or(0));
        if held < needed {
            missing.push(format!(
                "các mục {}..={} của máy {origin} / entries {}..={} of {origin}",
                held + 1,
                needed,
                held + 1,
                needed
            ));
        }
    }
    let mut n_new = 0;
    for signed in entries {
        let e = &signed.entry;
        let by_id = store.journal_entry(&e.id)?;
        let by_seq = store.journal_id_at(&e.origin, e.seq)?;
        match (by_id, by_seq) {
            (None, None) => n_new += 1,
            (Some(held), Some(_)) if held == *e => {}
            _ => {
                return Err(BatchError::EntryMismatch {
                    id: e.id.clone(),
                    origin: e.origin.clone(),
                    seq: e.seq,
                })
            }
        }
    }
    let carried: BTreeSet<&str> = answers.iter().map(|(h, _)| h.as_str()).collect();
    for (hash, json) in answers {
        if rasoat_store::journal::content_hash(json.as_bytes()) != *hash {
            return Err(BatchError::PayloadMismatch(format!("answers {hash}")));
        }
    }
    for signed in entries {
        let hash = merge::answers_hash_of(&signed.entry).map_err(|_| {
            BatchError::Payload(format!(
                "entry {}#{}: payload malformed",
                signed.entry.origin, signed.entry.seq
            ))
        })?;
        if let Some(hash) = hash {
            if !carried.contains(hash.as_str()) && store.answers_json(&hash)?.is_none() {
                missing.push(format!("câu trả lời {hash} / answers {hash}"));
            }
        }
    }
    if !missing.is_empty() {
        return Err(BatchError::MissingPrerequisites(missing));
    }
    Ok(n_new)
}

/// Verifies a batch, then stores and applies it in one transaction. Importing the same batch
/// again changes nothing and says so (`already_imported`).
pub fn import_batch(store: &mut Store, bytes: &[u8], at: UnixMillis) -> Result<ImportReport> {
    let verified = verify_batch(store, bytes)?;
    import_verified(store, verified, at)
}

/// Stores and applies a batch `verify_batch` just checked against this same store, without
/// verifying it a second time (the sync server checks the sender's units in between). The
/// caller must not let another import run between the two calls.
pub fn import_verified(
    store: &mut Store,
    verified: VerifiedBatch,
    at: UnixMillis,
) -> Result<ImportReport> {
    if verified.already_imported {
        return Ok(ImportReport {
            duplicates: verified.entries.len(),
            already_imported: true,
            ..ImportReport::default()
        });
    }
    let vouched_peers = verified
        .certificates
        .iter()
        .map(|c| peer_record(&c.card, Some(&c.issuer), Some(&c.signature)))
        .collect::<Result<Vec<_>>>()?;
    let entries = verified
        .entries
        .into_iter()
        .map(|signed| (signed.entry, signed.signature))
        .collect();
    let AppliedBatch {
        merge:
            MergeReport {
                new_records,
                updated_records,
                conflicts,
            },
        duplicates,
        new_entries,
    } = store.apply_batch(
        IncomingBatch {
            batch_id: &verified.manifest.batch_id,
            sender: &verified.manifest.sender,
            file_hash: &verified.file_hash,
            n_entries: verified.manifest.n_entries,
            vouched_peers,
            answers: &verified.answers,
            entries,
        },
        at,
    )?;
    Ok(ImportReport {
        batches: 1,
        new: new_records,
        updated: updated_records,
        duplicates,
        new_entries,
        conflicts,
        already_imported: false,
        refused_with_reasons: Vec::new(),
    })
}

/// Imports several batch files (a folder from a USB stick) in whatever order they come: each
/// file is imported once its prerequisites are there, files are retried while one of them
/// makes progress, and files still refused are listed with their reason.
pub fn import_batches(
    store: &mut Store,
    files: &[(String, Vec<u8>)],
    at: UnixMillis,
) -> Result<ImportReport> {
    let mut report = ImportReport::default();
    let mut pending: Vec<&(String, Vec<u8>)> = files.iter().collect();
    loop {
        let mut refused = Vec::new();
        let mut progressed = false;
        for file in pending {
            match import_batch(store, &file.1, at) {
                Ok(one) => {
                    progressed |= !one.already_imported;
                    report.batches += one.batches;
                    report.new += one.new;
                    report.updated += one.updated;
                    report.duplicates += one.duplicates;
                    report.new_entries += one.new_entries;
                    report.already_imported |= one.already_imported;
                    for conflict in one.conflicts {
                        if !report.conflicts.contains(&conflict) {
                            report.conflicts.push(conflict);
                        }
                    }
                }
                Err(e) if e.is_refusal() => refused.push((file, e)),
                Err(e) => return Err(e),
            }
        }
        let waiting_for_prerequisites = refused
            .iter()
            .any(|(_, e)| matches!(e, BatchError::MissingPrerequisites(_)));
        if !progressed || !waiting_for_prerequisites {
            report.refused_with_reasons = refused
                .into_iter()
                .map(|(file, e)| (file.0.clone(), e.to_string()))
                .collect();
            return Ok(report);
        }
        pending = refused.into_iter().map(|(file, _)| file).collect();
    }
}
