//! Who an installation is and whom it trusts. Each installation has an Ed25519 signing key (it
//! signs its entries, batches and receipts) and an age X25519 key (batches to it are encrypted
//! to it), kept in its store (`sync_identity`). Its *identity card* is the public half: a small
//! JSON file, self-signed, with a fingerprint of twenty digits a person can read aloud over the
//! phone to check the card is the one the other side sent.
//!
//! Trust is explicit: a commune enrols its enumerators' cards, the district its communes'. An
//! *enrolment certificate* is a card countersigned by the installation that enrolled it; a
//! commune puts one in each batch for every enumerator whose entries it relays, so the district
//! can check the chain district → commune → enumerator without enrolling every enumerator.

use std::str::FromStr;

use age::secrecy::ExposeSecret;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use rasoat_store::{PeerRecord, Store, StoredPeer, UnixMillis};
use serde::{Deserialize, Serialize};

use crate::codec::{from_hex_array, sha256, to_hex, Signed};
use crate::error::{BatchError, CardKey, Result};

/// The largest identity card or certificate read (cards are about 500 bytes).
pub const MAX_CARD_BYTES: usize = 16 * 1024;

const CARD_FORMAT: &str = "rasoat-identity-card";
const CARD_VERSION: u32 = 1;

/// This installation's keys. Never printed: `Debug` shows the public half only.
pub struct Identity {
    installation_id: String,
    signing: SigningKey,
    encryption: age::x25519::Identity,
}

impl std::fmt::Debug for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Identity")
            .field("installation_id", &self.installation_id)
            .field(
                "signing_key",
                &to_hex(self.signing.verifying_key().as_bytes()),
            )
            .finish_non_exhaustive()
    }
}

/// Private key material, for installing fixed test keys (fixtures) or a restored backup.
pub struct IdentitySecrets {
    /// The Ed25519 seed.
    pub signing_seed: [u8; 32],
    /// The age X25519 identity, `AGE-SECRET-KEY-1…`.
    pub encryption: String,
}

impl std::fmt::Debug for IdentitySecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IdentitySecrets(..)")
    }
}

impl Identity {
    pub fn installation_id(&self) -> &str {
        &self.installation_id
    }

    pub(crate) fn sign(&self, message: &[u8]) -> Signature {
        self.signing.sign(message)
    }

    pub(crate) fn verifying_key(&self) -> VerifyingKey {
        self.signing.verifying_key()
    }

    pub(crate) fn age_identity(&self) -> &age::x25519::Identity {
        &self.encryption
    }

    /// The public card of this installation.
    pub fn card(&self, store: &Store) -> Result<IdentityCard> {
        let installation = store.installation()?;
        let mut card = IdentityCard {
            format: CARD_FORMAT.to_string(),
            version: CARD_VERSION,
            installation: self.installation_id.clone(),
            role: installation.role.as_str().to_string(),
            unit_code: installation.unit_code,
            signing_key: to_hex(self.signing.verifying_key().as_bytes()),
            encryption_key: self.encryption.to_public().to_string(),
            signature: String::new(),
        };
        card.signature = to_hex(&self.sign(card.signed().bytes()).to_bytes());
        Ok(card)
    }
}

/// The keys of this installation, created on first use.
pub fn ensure_identity(store: &mut Store, at: UnixMillis) -> Result<Identity> {
    if let Some(identity) = load_identity(store)? {
        return Ok(identity);
    }
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|source| BatchError::Random { source })?;
    let encryption = age::x25519::Identity::generate();
    install_identity(
        store,
        &IdentitySecrets {
            signing_seed: seed,
            encryption: encryption.to_string().expose_secret().to_string(),
        },
        at,
    )
}

/// Installs given keys (fixed test keys, or keys restored from a backup). Refused when the
/// installation already has keys.
pub fn install_identity(
    store: &mut Store,
    secrets: &IdentitySecrets,
    at: UnixMillis,
) -> Result<Identity> {
    let installation = store.installation()?;
    let encryption =
        age::x25519::Identity::from_str(&secrets.encryption).map_err(|_| BatchError::CardKey {
            which: CardKey::Encryption,
        })?;
    store.save_identity(
        &rasoat_store::StoredIdentity {
            installation_id: installation.id.clone(),
            signing_secret: secrets.signing_seed.to_vec(),
            encryption_secret: secrets.encryption.clone(),
        },
        at,
    )?;
    Ok(Identity {
        installation_id: installation.id,
        signing: SigningKey::from_bytes(&secrets.signing_seed),
        encryption,
    })
}

/// The keys of this installation, if it has any.
pub fn load_identity(store: &Store) -> Result<Option<Identity>> {
    let Some(rasoat_store::StoredIdentity {
        installation_id,
        signing_secret: seed,
        encryption_secret: encryption,
    }) = store.stored_identity()?
    else {
        return Ok(None);
    };
    let seed: [u8; 32] = seed
        .as_slice()
        .try_into()
        .map_err(|_| BatchError::NoIdentity)?;
    let encryption =
        age::x25519::Identity::from_str(&encryption).map_err(|_| BatchError::NoIdentity)?;
    Ok(Some(Identity {
        installation_id,
        signing: SigningKey::from_bytes(&seed),
        encryption,
    }))
}

/// The keys of this installation, or `NoIdentity`.
pub fn identity(store: &Store) -> Result<Identity> {
    load_identity(store)?.ok_or(BatchError::NoIdentity)
}

/// The public identity of an installation, as exchanged on a USB stick or by message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentityCard {
    pub format: String,
    pub version: u32,
    pub installation: String,
    pub role: String,
    pub unit_code: String,
    /// Ed25519 public key, lower-case hex.
    pub signing_key: String,
    /// age X25519 recipient, `age1…`.
    pub encryption_key: String,
    /// The card's own signature by `signing_key`: proof the sender holds the private key.
    pub signature: String,
}

impl IdentityCard {
    fn signed(&self) -> Signed {
        let mut signed = Signed::new("rasoat-identity-card-v1");
        signed
            .text(&self.installation)
            .text(&self.role)
            .text(&self.unit_code)
            .text(&self.signing_key)
            .text(&self.encryption_key);
        signed
    }

    /// Twenty digits in five groups, from the hash of the card: read aloud over the phone,
    /// they confirm the card received is the card sent.
    pub fn fingerprint(&self) -> String {
        let mut signed = self.signed();
        signed.text(&self.signature);
        let digest = sha256(signed.bytes());
        let mut number = u128::from_be_bytes(digest[..16].try_into().unwrap_or([0; 16]));
        let mut digits = Vec::with_capacity(20);
        for _ in 0..20 {
            digits.push(char::from(b'0' + (number % 10) as u8));
            number /= 10;
        }
        digits
            .chunks(4)
            .map(|group| group.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Checks the format, the keys and the self-signature; returns the signing key.
    pub fn verify(&self) -> Result<VerifyingKey> {
        if self.format != CARD_FORMAT {
            return Err(BatchError::CardFormat {
                format: self.format.clone(),
            });
        }
        if self.version > CARD_VERSION {
            return Err(BatchError::NewerFormat {
                found: u16::try_from(self.version).unwrap_or(u16::MAX),
                supported: CARD_VERSION as u16,
            });
        }
        if uuid::Uuid::parse_str(&self.installation).is_err() {
            return Err(BatchError::CardInstallationId);
        }
        let key = from_hex_array::<32>(&self.signing_key)
            .and_then(|bytes| VerifyingKey::from_bytes(&bytes).ok())
            .ok_or_else(|| BatchError::CardKey {
                which: CardKey::Signing,
            })?;
        age::x25519::Recipient::from_str(&self.encryption_key).map_err(|_| {
            BatchError::CardKey {
                which: CardKey::Encryption,
            }
        })?;
        let signature = from_hex_array::<64>(&self.signature)
            .map(|bytes| Signature::from_bytes(&bytes))
            .ok_or(BatchError::BadSignature {
                what: "thẻ định danh / identity card",
            })?;
        key.verify(self.signed().bytes(), &signature)
            .map_err(|_| BatchError::BadSignature {
                what: "thẻ định danh / identity card",
            })?;
        Ok(key)
    }

    /// The card file's bytes (pretty JSON: people open these files to look).
    pub fn to_file_bytes(&self) -> Result<Vec<u8>> {
        let mut bytes =
            serde_json::to_vec_pretty(self).map_err(|source| BatchError::Encode { source })?;
        bytes.push(b'\n');
        Ok(bytes)
    }

    /// Reads and verifies a card file.
    pub fn from_file_bytes(bytes: &[u8]) -> Result<IdentityCard> {
        if bytes.is_empty() {
            return Err(BatchError::Empty);
        }
        if bytes.len() > MAX_CARD_BYTES {
            return Err(BatchError::TooLarge {
                what: "thẻ định danh / identity card",
                size: bytes.len() as u64,
                limit: MAX_CARD_BYTES as u64,
            });
        }
        let card: IdentityCard =
            serde_json::from_slice(bytes).map_err(|source| BatchError::CardJson { source })?;
        card.verify()?;
        Ok(card)
    }
}

/// The period an enrolling office grants an installation: its certificate holds from
/// `not_before` to `not_after`, both included (unix milliseconds). Every receiver refuses a
/// batch whose sender or relayed origin is outside its period at the receiver's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Validity {
    pub not_before: UnixMillis,
    pub not_after: UnixMillis,
}

impl Validity {
    /// What an office grants when it names no end: five years, one poverty-standard period
    /// (the standard is set for 2022–2025, then 2026–2030).
    pub const DEFAULT_DAYS: i64 = 5 * 365;

    /// The default period, from the moment of enrolment.
    pub fn from_enrolment(at: UnixMillis) -> Validity {
        Validity {
            not_before: at,
            not_after: at.saturating_add(Self::DEFAULT_DAYS * 86_400_000),
        }
    }

    /// The period an office chose when it enrols a card (`rasoat enrol --valid-from/--valid-until`,
    /// the window's enrolment): from the start of day `from` (default: the day of `at`) to the
    /// end of day `until` (default: five years on). `None` when it chose neither: enrolling
    /// then grants the default period, or keeps the one granted before on a renewal.
    pub fn chosen(
        from: Option<rasoat_domain::Date>,
        until: Option<rasoat_domain::Date>,
        at: UnixMillis,
    ) -> Result<Option<Validity>> {
        const DAY: i64 = 86_400_000;
        if from.is_none() && until.is_none() {
            return Ok(None);
        }
        let start = match from {
            Some(from) => from.unix_days() * DAY,
            None => at - at.rem_euclid(DAY),
        };
        let validity = match until {
            Some(until) => Validity {
                not_before: start,
                not_after: until.unix_days() * DAY + DAY - 1,
            },
            None => Validity::from_enrolment(start),
        };
        if validity.not_after < validity.not_before {
            return Err(BatchError::ValidityOrder);
        }
        Ok(Some(validity))
    }

    /// From the start of day `from` to the end of day `until` (UTC, as every day in messages
    /// is), the days an office writes on the enrolment.
    pub fn between_days(from: rasoat_domain::Date, until: rasoat_domain::Date) -> Result<Validity> {
        const DAY: i64 = 86_400_000;
        let start = |d: rasoat_domain::Date| d.unix_days() * DAY;
        let validity = Validity {
            not_before: start(from),
            not_after: start(until) + DAY - 1,
        };
        if validity.not_after < validity.not_before {
            return Err(BatchError::ValidityOrder);
        }
        Ok(validity)
    }

    /// Whether `now` falls inside the period; if not, the refusal naming `installation` and
    /// the day the period ended or starts.
    pub fn check(&self, installation: &str, now: UnixMillis) -> Result<()> {
        if now > self.not_after {
            return Err(BatchError::CertificateExpired {
                installation: installation.to_string(),
                date: day_of(self.not_after),
            });
        }
        if now < self.not_before {
            return Err(BatchError::CertificateNotYetValid {
                installation: installation.to_string(),
                date: day_of(self.not_before),
            });
        }
        Ok(())
    }

    /// The first and last day of the period, as people write them.
    pub fn days(&self) -> (String, String) {
        (day_of(self.not_before), day_of(self.not_after))
    }
}

/// The day (Vietnam time) of an instant, for messages.
pub(crate) fn day_of(at: UnixMillis) -> String {
    rasoat_domain::Date::from_unix_millis(at).map_or_else(|| at.to_string(), |d| d.to_string())
}

/// A card countersigned by the installation that enrolled it, for the period it granted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnrolmentCertificate {
    pub card: IdentityCard,
    /// The installation that enrolled the card.
    pub issuer: String,
    /// The period the issuer granted. Absent only in a certificate made by a version before
    /// periods: it then holds as long as its issuer's own enrolment does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity: Option<Validity>,
    /// The issuer's signature over the card and the period, lower-case hex.
    pub signature: String,
}

/// What an issuer signs: the card and the period (`rasoat-enrolment-v2`), or the card alone
/// in a certificate made before periods (`rasoat-enrolment-v1`, still read: the golden batch
/// carries one).
fn certificate_signed(card: &IdentityCard, issuer: &str, validity: Option<&Validity>) -> Signed {
    let mut signed = Signed::new(if validity.is_some() {
        "rasoat-enrolment-v2"
    } else {
        "rasoat-enrolment-v1"
    });
    signed.text(issuer);
    signed.field(card.signed().bytes()).text(&card.signature);
    if let Some(validity) = validity {
        signed.int(validity.not_before).int(validity.not_after);
    }
    signed
}

impl EnrolmentCertificate {
    pub(crate) fn issue(
        identity: &Identity,
        card: IdentityCard,
        validity: Validity,
    ) -> EnrolmentCertificate {
        let signature = identity
            .sign(certificate_signed(&card, identity.installation_id(), Some(&validity)).bytes());
        EnrolmentCertificate {
            card,
            issuer: identity.installation_id().to_string(),
            validity: Some(validity),
            signature: to_hex(&signature.to_bytes()),
        }
    }

    /// Checks the card and the issuer's signature over it and its period with the issuer's
    /// key (whether the period holds now is the receiver's `authorise`).
    pub(crate) fn verify(&self, issuer_key: &VerifyingKey) -> Result<VerifyingKey> {
        let invalid = |reason: &str| BatchError::Certificate {
            subject: self.card.installation.clone(),
            reason: reason.to_string(),
        };
        let key = self.card.verify().map_err(|e| invalid(&e.to_string()))?;
        let signature = from_hex_array::<64>(&self.signature)
            .map(|bytes| Signature::from_bytes(&bytes))
            .ok_or_else(|| invalid("chữ ký hỏng / malformed signature"))?;
        issuer_key
            .verify(
                certificate_signed(&self.card, &self.issuer, self.validity.as_ref()).bytes(),
                &signature,
            )
            .map_err(|_| invalid("chữ ký của máy đăng ký sai / issuer signature invalid"))?;
        Ok(key)
    }
}

/// An installation this one accepts batches, receipts or relayed entries from.
#[derive(Debug, Clone)]
pub struct Peer {
    pub card: IdentityCard,
    pub signing_key: VerifyingKey,
    /// `None` when enrolled here; else the installation whose certificate vouches for it.
    pub enrolled_by: Option<String>,
    /// That installation's signature over the card.
    pub certificate: Option<String>,
    /// The period granted: by this installation when it enrolled the peer, else by the
    /// certificate's issuer. `None` only for a peer vouched for by a certificate older than
    /// periods.
    pub validity: Option<Validity>,
}

impl Peer {
    pub fn installation_id(&self) -> &str {
        &self.card.installation
    }
}

/// What `enrol` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Enrolment {
    pub installation: String,
    pub role: String,
    pub unit_code: String,
    pub fingerprint: String,
    /// The period granted.
    pub validity: Validity,
    /// True when the same card was already enrolled for the same period (nothing changed).
    pub already_enrolled: bool,
}

/// Enrols an identity card for the default period from `at` (`Validity::from_enrolment`); a
/// card already enrolled here keeps the period it was granted.
pub fn enrol(store: &mut Store, card_bytes: &[u8], at: UnixMillis) -> Result<Enrolment> {
    enrol_granting(store, card_bytes, at, None)
}

/// Enrols an identity card for `validity`: from now on this installation accepts batches and
/// receipts from it within that period, and vouches for it, with that period, when relaying
/// its entries. Enrolling the same card again grants the new period (a renewal).
pub fn enrol_for(
    store: &mut Store,
    card_bytes: &[u8],
    at: UnixMillis,
    validity: Validity,
) -> Result<Enrolment> {
    enrol_granting(store, card_bytes, at, Some(validity))
}

fn enrol_granting(
    store: &mut Store,
    card_bytes: &[u8],
    at: UnixMillis,
    asked: Option<Validity>,
) -> Result<Enrolment> {
    let card = IdentityCard::from_file_bytes(card_bytes)?;
    let existing = peer(store, &card.installation)?;
    let kept = existing
        .as_ref()
        .filter(|p| p.enrolled_by.is_none())
        .and_then(|p| p.validity);
    let validity = asked
        .or(kept)
        .unwrap_or_else(|| Validity::from_enrolment(at));
    let this = store.installation()?;
    if card.installation == this.id {
        return Err(BatchError::EnrolSelf);
    }
    // What the card asks is granted only within this installation's units: an office vouches
    // for what it enrols to every receiver of its relays, so a card claiming another unit, or
    // an office of this rank elsewhere, is refused here rather than trusted there.
    let enroller = rasoat_domain::authorisation::Office::parse(this.role.as_str())
        .map(|office| rasoat_domain::authorisation::Scope::new(office, [this.unit_code.clone()]));
    let allowed = match (enroller, crate::batch::authorise::card_scope(&card)) {
        (Some(enroller), Some(asked)) => {
            rasoat_domain::authorisation::may_enrol(&enroller, &store.unit_tree()?, &asked)
        }
        _ => false,
    };
    if !allowed {
        return Err(BatchError::EnrolmentNotAllowed {
            id: card.installation,
            role: card.role,
            unit: card.unit_code,
        });
    }
    let enrolment = Enrolment {
        installation: card.installation.clone(),
        role: card.role.clone(),
        unit_code: card.unit_code.clone(),
        fingerprint: card.fingerprint(),
        validity,
        already_enrolled: false,
    };
    if let Some(existing) = existing {
        if existing.card.signing_key != card.signing_key
            || existing.card.encryption_key != card.encryption_key
        {
            return Err(BatchError::EnrolmentConflict {
                id: card.installation,
            });
        }
        if existing.enrolled_by.is_none() && existing.validity == Some(validity) {
            return Ok(Enrolment {
                already_enrolled: true,
                ..enrolment
            });
        }
    }
    store.save_peer(&peer_record(&card, None, None, Some(validity))?, at)?;
    Ok(enrolment)
}

/// The row the store keeps for a peer; a direct enrolment (`enrolled_by` none) replaces a
/// certificate-vouched one.
pub(crate) fn peer_record(
    card: &IdentityCard,
    enrolled_by: Option<&str>,
    certificate: Option<&str>,
    validity: Option<Validity>,
) -> Result<PeerRecord> {
    let card_json = serde_json::to_string(card).map_err(|source| BatchError::Encode { source })?;
    let signing_key =
        from_hex_array::<32>(&card.signing_key).ok_or_else(|| BatchError::CardKey {
            which: CardKey::Signing,
        })?;
    Ok(PeerRecord {
        installation_id: card.installation.clone(),
        role: card.role.clone(),
        unit_code: card.unit_code.clone(),
        signing_key,
        encryption_key: card.encryption_key.clone(),
        card_json,
        enrolled_by: enrolled_by.map(str::to_string),
        certificate: certificate.map(str::to_string),
        not_before: validity.map(|v| v.not_before),
        not_after: validity.map(|v| v.not_after),
    })
}

/// A peer by installation id.
pub fn peer(store: &Store, id: &str) -> Result<Option<Peer>> {
    let Some(StoredPeer {
        card_json: card,
        enrolled_by,
        certificate,
        not_before,
        not_after,
    }) = store.stored_peer(id)?
    else {
        return Ok(None);
    };
    let card: IdentityCard =
        serde_json::from_str(&card).map_err(|source| BatchError::CardJson { source })?;
    let signing_key = card.verify()?;
    Ok(Some(Peer {
        card,
        signing_key,
        enrolled_by,
        certificate,
        validity: not_before
            .zip(not_after)
            .map(|(not_before, not_after)| Validity {
                not_before,
                not_after,
            }),
    }))
}

/// Every installation enrolled here or vouched for, by id.
pub fn peers(store: &Store) -> Result<Vec<Peer>> {
    let ids = store.peer_ids()?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(peer) = peer(store, &id)? {
            out.push(peer);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> rasoat_domain::Date {
        text.parse().expect("a day")
    }

    #[test]
    fn the_period_an_office_chose_runs_from_its_first_day_to_the_end_of_its_last() {
        // 2025-10-01 12:00 UTC.
        let at = 1_759_320_000_000;
        let start_of_day = 1_759_276_800_000;
        assert_eq!(Validity::chosen(None, None, at).expect("none"), None);
        let until = Validity::chosen(None, Some(day("2026-09-30")), at)
            .expect("ok")
            .expect("chosen");
        assert_eq!(until.not_before, start_of_day);
        assert_eq!(
            until.days(),
            ("2025-10-01".to_string(), "2026-09-30".to_string())
        );
        let from = Validity::chosen(Some(day("2025-11-01")), None, at)
            .expect("ok")
            .expect("chosen");
        assert_eq!(from.days().0, "2025-11-01");
        assert_eq!(
            from.not_after - from.not_before,
            Validity::DEFAULT_DAYS * 86_400_000
        );
        assert!(matches!(
            Validity::chosen(Some(day("2026-01-01")), Some(day("2025-12-31")), at),
            Err(BatchError::ValidityOrder)
        ));
    }
}
