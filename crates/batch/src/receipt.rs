//! Receipts: the receiver of batches tells the sender what it holds, so the sender's next batch
//! starts above it and the sender knows its entries arrived. A receipt is small, signed by the
//! receiver, addressed to one sender, and carries only origins and seqs (nothing to encrypt).
//!
//! ```text
//! "RASOATRC" | u16 version (1) | u32 length | receipt JSON | [64] receiver's signature
//! ```
//!
//! Importing a receipt only ever raises what is acknowledged, so an old receipt delivered late
//! changes nothing.

use std::collections::BTreeMap;

use ed25519_dalek::{Signature, Verifier};
use rasoat_store::{Store, UnixMillis};
use serde::{Deserialize, Serialize};

use crate::codec::{sha256, Reader, Signed};
use crate::error::{BatchError, Result};
use crate::identity::{ensure_identity, identity, peer};

pub const MAGIC: &[u8; 8] = b"RASOATRC";
pub const FORMAT_VERSION: u16 = 1;
const MAX_RECEIPT_BYTES: u32 = 1024 * 1024;

/// What a receipt says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Receipt {
    pub receipt_id: String,
    /// The installation that received the batches and signs this receipt.
    pub from: String,
    /// The installation the receipt is for (the batches' sender).
    pub to: String,
    pub created_at: UnixMillis,
    /// Per origin, the highest seq held with nothing missing below it.
    pub holds: BTreeMap<String, i64>,
}

/// What importing a receipt did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReceiptReport {
    pub from: String,
    /// Entries acknowledged for the first time by this receipt.
    pub newly_acknowledged: i64,
    /// What `from` holds now, per origin.
    pub acknowledged: BTreeMap<String, i64>,
}

fn signed(prefix: &[u8]) -> Signed {
    let mut signed = Signed::new("rasoat-receipt-v1");
    signed.field(&sha256(prefix));
    signed
}

/// Writes a receipt for `to` (an enrolled installation) saying what this installation holds.
pub fn export_receipt(store: &mut Store, to: &str, at: UnixMillis) -> Result<Vec<u8>> {
    let this = ensure_identity(store, at)?;
    peer(store, to)?
        .filter(|p| p.enrolled_by.is_none())
        .ok_or_else(|| BatchError::NotEnrolled { id: to.to_string() })?;
    let receipt = Receipt {
        receipt_id: rasoat_store::new_id(at).to_string(),
        from: this.installation_id().to_string(),
        to: to.to_string(),
        created_at: at,
        holds: store.status_vector()?,
    };
    let json = serde_json::to_vec(&receipt).map_err(|source| BatchError::Encode { source })?;
    let mut file = Vec::with_capacity(json.len() + 80);
    file.extend_from_slice(MAGIC);
    file.extend_from_slice(&FORMAT_VERSION.to_be_bytes());
    file.extend_from_slice(&(json.len() as u32).to_be_bytes());
    file.extend_from_slice(&json);
    let signature = this.sign(signed(&file).bytes());
    file.extend_from_slice(&signature.to_bytes());
    Ok(file)
}

/// Reads and checks a receipt without writing.
pub fn verify_receipt(store: &Store, bytes: &[u8]) -> Result<Receipt> {
    if bytes.is_empty() {
        return Err(BatchError::Empty);
    }
    let prefix = bytes.len().min(MAGIC.len());
    if bytes[..prefix] != MAGIC[..prefix] {
        return Err(BatchError::NotOurFile {
            what: "biên nhận",
            what_en: "receipt",
        });
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
    let len = r.u32("receipt length")?;
    if len > MAX_RECEIPT_BYTES {
        return Err(BatchError::TooLarge {
            what: "biên nhận / receipt",
            size: u64::from(len),
            limit: u64::from(MAX_RECEIPT_BYTES),
        });
    }
    let json = r.take(len as usize, "receipt")?;
    let signed_len = r.position();
    let signature = Signature::from_bytes(&r.array::<64>("chữ ký / signature")?);
    if r.remaining() != 0 {
        return Err(BatchError::TrailingBytes);
    }
    let receipt: Receipt =
        serde_json::from_slice(json).map_err(|source| BatchError::Manifest { source })?;
    let this = identity(store)?;
    let sender = peer(store, &receipt.from)?
        .filter(|p| p.enrolled_by.is_none())
        .ok_or_else(|| BatchError::UnknownSender {
            sender: receipt.from.clone(),
        })?;
    sender
        .signing_key
        .verify(signed(&bytes[..signed_len]).bytes(), &signature)
        .map_err(|_| BatchError::BadSignature {
            what: "biên nhận / receipt",
        })?;
    if receipt.to != this.installation_id() {
        return Err(BatchError::WrongRecipient {
            recipient: receipt.to,
            this: this.installation_id().to_string(),
        });
    }
    Ok(receipt)
}

/// Marks what the receipt acknowledges, never lowering an earlier acknowledgement.
pub fn import_receipt(store: &mut Store, bytes: &[u8]) -> Result<ReceiptReport> {
    let receipt = verify_receipt(store, bytes)?;
    let newly = store.acknowledge(&receipt.from, &receipt.holds)?;
    let acknowledged = crate::batch::acknowledged(store, &receipt.from)?;
    Ok(ReceiptReport {
        from: receipt.from,
        newly_acknowledged: newly,
        acknowledged,
    })
}
