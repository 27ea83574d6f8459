//! The keys of an encrypted store. A random 256-bit data key opens the SQLCipher file and is
//! never written in clear: it lives wrapped in key slots, in a small file beside the store
//! (`<store>.keys`, mode 0600) that can be read before the store is unlocked.
//!
//! - A person's slot: Argon2id of their PIN (salt and parameters in the slot) gives the key
//!   that wraps the data key with ChaCha20-Poly1305; the slot's owner is bound in as associated
//!   data, so a slot moved to another person does not open.
//! - The recovery slot: the same, from the recovery key printed once at setup (40 digits in
//!   groups of five), so a forgotten PIN never means lost households.
//! - A service slot: the same, from a random secret in a key file that only the server's
//!   account can read (`rasoat serve`).
//!
//! Every slot carries a checksum of its own fields, so a damaged slot is told apart from a wrong
//! PIN, and the slots are read one by one: one damaged slot leaves the others usable. The file
//! also holds what the sign-in screen shows before anything is unlocked (people's names and
//! roles) and the wrong-PIN counters behind the backoff; none of it opens anything.
//! A PIN change re-wraps the data key in a new slot; the store itself is not re-encrypted.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::error::{Result, StoreError};
use crate::UnixMillis;

/// The format of the keys file.
pub const KEYS_FORMAT: &str = "rasoat-keys.v1";

/// The shortest PIN a person may choose.
pub const MIN_PIN_DIGITS: usize = 6;

/// Wrong tries before the first wait.
pub const FREE_TRIES: u32 = 5;

/// The first wait after `FREE_TRIES` wrong tries; each further wrong try doubles it.
pub const FIRST_WAIT_MS: i64 = 30_000;

/// The longest wait between tries.
pub const LONGEST_WAIT_MS: i64 = 3_600_000;

/// The key that opens the store. Zeroed when dropped; never printed.
#[derive(Clone)]
pub struct DataKey(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(…)")
    }
}

impl DataKey {
    /// A new key from the operating system's random source.
    pub(crate) fn random() -> Result<DataKey> {
        let mut key = Zeroizing::new([0u8; 32]);
        random_bytes(key.as_mut_slice())?;
        Ok(DataKey(key))
    }

    /// The key's bytes, for the one file that carries it: a move file, itself encrypted to a
    /// passphrase (`moving.rs`).
    pub(crate) fn raw(&self) -> &[u8] {
        self.0.as_slice()
    }

    /// The key read back from a move file; `None` unless it is 32 bytes.
    pub(crate) fn from_raw(bytes: &[u8]) -> Option<DataKey> {
        let mut key = Zeroizing::new([0u8; 32]);
        if bytes.len() != 32 {
            return None;
        }
        key.copy_from_slice(bytes);
        Some(DataKey(key))
    }

    /// SQLCipher's raw-key form (`x'…'`): the key is used as it is, without SQLCipher's own
    /// PBKDF2, which would only slow every open of an already random key.
    pub(crate) fn sqlcipher_key(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("x'{}'", hex::encode(self.0.as_slice())))
    }
}

fn random_bytes(buf: &mut [u8]) -> Result<()> {
    getrandom::fill(buf).map_err(|e| StoreError::Io {
        path: "(random)".to_string(),
        source: std::io::Error::other(e.to_string()),
    })
}

/// Argon2id's cost: memory in KiB, passes, lanes. Stored in every slot, so stronger settings
/// later leave old slots readable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub m_kib: u32,
    pub t: u32,
    pub p: u32,
}

impl KdfParams {
    /// 64 MiB, 3 passes, 1 lane: measured at about 0.2 s in release builds on the project's
    /// 2-core machine (docs/benchmarks.md), so an unlock stays well under a second while each
    /// guess at a stolen file's six-digit PIN costs the same 64 MiB and time.
    pub const STANDARD: KdfParams = KdfParams {
        m_kib: 65_536,
        t: 3,
        p: 1,
    };

    fn derive(&self, secret: &[u8], salt: &[u8]) -> Result<Zeroizing<[u8; 32]>> {
        let params = Params::new(self.m_kib, self.t, self.p, Some(32))
            .map_err(|_| StoreError::KeySlotDamaged)?;
        let mut out = Zeroizing::new([0u8; 32]);
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(secret, salt, out.as_mut_slice())
            .map_err(|_| StoreError::KeySlotDamaged)?;
        Ok(out)
    }
}

/// Whose slot it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlotKind {
    Person,
    Recovery,
    Service,
}

/// One wrapped copy of the data key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    pub kind: SlotKind,
    /// The person's id for a person's slot; `recovery` or `service` otherwise.
    pub owner: String,
    pub kdf: KdfParams,
    pub salt: String,
    pub nonce: String,
    pub wrapped: String,
    /// SHA-256 of the fields above: a damaged slot, not a wrong PIN.
    pub check: String,
}

impl Slot {
    /// Wraps `key` under `secret`.
    pub(crate) fn wrap(
        key: &DataKey,
        kind: SlotKind,
        owner: &str,
        secret: &[u8],
        kdf: KdfParams,
    ) -> Result<Slot> {
        let mut salt = [0u8; 16];
        random_bytes(&mut salt)?;
        let mut nonce = [0u8; 12];
        random_bytes(&mut nonce)?;
        let kek = kdf.derive(secret, &salt)?;
        let aad = associated_data(kind, owner);
        let wrapped = ChaCha20Poly1305::new(Key::from_slice(kek.as_slice()))
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: key.0.as_slice(),
                    aad: &aad,
                },
            )
            .map_err(|_| StoreError::KeySlotDamaged)?;
        let mut slot = Slot {
            kind,
            owner: owner.to_string(),
            kdf,
            salt: hex::encode(salt),
            nonce: hex::encode(nonce),
            wrapped: hex::encode(wrapped),
            check: String::new(),
        };
        slot.check = slot.checksum();
        Ok(slot)
    }

    fn checksum(&self) -> String {
        let mut h = Sha256::new();
        for part in [
            serde_json::to_string(&self.kind)
                .unwrap_or_default()
                .as_str(),
            &self.owner,
            &format!("{}/{}/{}", self.kdf.m_kib, self.kdf.t, self.kdf.p),
            &self.salt,
            &self.nonce,
            &self.wrapped,
        ] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
        hex::encode(h.finalize())
    }

    /// Whether the slot's fields are as written.
    pub fn is_intact(&self) -> bool {
        self.check == self.checksum()
    }

    /// The data key, when `secret` is this slot's. A damaged slot says so
    /// (`KeySlotDamaged`), a wrong secret is `WrongSecret`.
    pub(crate) fn open(&self, secret: &[u8]) -> std::result::Result<DataKey, SlotRefusal> {
        if !self.is_intact() {
            return Err(SlotRefusal::Damaged);
        }
        let (Ok(salt), Ok(nonce), Ok(wrapped)) = (
            hex::decode(&self.salt),
            hex::decode(&self.nonce),
            hex::decode(&self.wrapped),
        ) else {
            return Err(SlotRefusal::Damaged);
        };
        if nonce.len() != 12 {
            return Err(SlotRefusal::Damaged);
        }
        let kek = self
            .kdf
            .derive(secret, &salt)
            .map_err(|_| SlotRefusal::Damaged)?;
        let aad = associated_data(self.kind, &self.owner);
        let plain = Zeroizing::new(
            ChaCha20Poly1305::new(Key::from_slice(kek.as_slice()))
                .decrypt(
                    Nonce::from_slice(&nonce),
                    Payload {
                        msg: &wrapped,
                        aad: &aad,
                    },
                )
                .map_err(|_| SlotRefusal::WrongSecret)?,
        );
        let mut key = Zeroizing::new([0u8; 32]);
        if plain.len() != 32 {
            return Err(SlotRefusal::Damaged);
        }
        key.copy_from_slice(&plain);
        Ok(DataKey(key))
    }
}

/// Why a slot did not open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SlotRefusal {
    Damaged,
    WrongSecret,
}

fn associated_data(kind: SlotKind, owner: &str) -> Vec<u8> {
    let kind = match kind {
        SlotKind::Person => "person",
        SlotKind::Recovery => "recovery",
        SlotKind::Service => "service",
    };
    format!("{KEYS_FORMAT}|{kind}|{owner}").into_bytes()
}

/// A person as the sign-in screen lists them, before anything is unlocked. The store's
/// `person` table is the authority; this is its copy for the locked screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInName {
    pub id: String,
    pub name: String,
    pub role: String,
    #[serde(default)]
    pub disabled: bool,
}

/// Wrong tries of one person (or of the recovery key) since their last success.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempts {
    pub failures: u32,
    pub last_failure_at: UnixMillis,
}

impl Attempts {
    /// When the next try is allowed, or `None` when it is allowed now.
    pub fn next_try_at(&self) -> Option<UnixMillis> {
        wait_after(self.failures).map(|wait| self.last_failure_at.saturating_add(wait))
    }
}

/// The wait after `failures` wrong tries in a row: none for the first `FREE_TRIES`, then
/// `FIRST_WAIT_MS` doubling with every further wrong try, up to `LONGEST_WAIT_MS`.
pub fn wait_after(failures: u32) -> Option<i64> {
    if failures < FREE_TRIES {
        return None;
    }
    let doublings = (failures - FREE_TRIES).min(20);
    Some(
        FIRST_WAIT_MS
            .saturating_mul(1i64 << doublings)
            .min(LONGEST_WAIT_MS),
    )
}

/// A wrong try not yet written to the audit (the store was locked when it happened).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedTry {
    pub at: UnixMillis,
    /// The person's id, or `recovery`.
    pub who: String,
}

/// The keys file as read: slots stay raw JSON until used, so one unreadable slot leaves the
/// others usable.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeysFile {
    pub format: String,
    #[serde(default)]
    pub people: Vec<SignInName>,
    #[serde(default)]
    pub slots: Vec<serde_json::Value>,
    #[serde(default)]
    pub attempts: BTreeMap<String, Attempts>,
    #[serde(default)]
    pub failed: Vec<FailedTry>,
    /// Minutes of inactivity before the desktop locks; set by an administrator.
    #[serde(default)]
    pub idle_lock_minutes: Option<u32>,
    /// The Argon2id cost of new slots.
    #[serde(default = "standard_kdf")]
    pub kdf: KdfParams,
}

fn standard_kdf() -> KdfParams {
    KdfParams::STANDARD
}

impl KeysFile {
    pub(crate) fn new(kdf: KdfParams) -> KeysFile {
        KeysFile {
            format: KEYS_FORMAT.to_string(),
            people: Vec::new(),
            slots: Vec::new(),
            attempts: BTreeMap::new(),
            failed: Vec::new(),
            idle_lock_minutes: None,
            kdf,
        }
    }

    /// The people the sign-in screen lists: everyone not disabled.
    pub fn active_people(&self) -> impl Iterator<Item = &SignInName> {
        self.people.iter().filter(|p| !p.disabled)
    }

    /// The keys file of the store at `store`.
    pub fn path_for(store: &Path) -> PathBuf {
        let mut name = store.as_os_str().to_owned();
        name.push(".keys");
        PathBuf::from(name)
    }

    /// The file, or `None` when the store has none (a plain store, or none yet).
    pub fn read(path: &Path) -> Result<Option<KeysFile>> {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(io(path, source)),
        };
        let file: KeysFile =
            serde_json::from_slice(&bytes).map_err(|_| StoreError::KeysFileDamaged)?;
        if file.format != KEYS_FORMAT {
            return Err(StoreError::KeysFileDamaged);
        }
        Ok(Some(file))
    }

    /// Writes the file whole or not at all: a 0600 temporary beside it, synced, renamed over
    /// it, and the folder synced, so a crash leaves the old file or the new one.
    pub(crate) fn write(&self, path: &Path) -> Result<()> {
        let text = serde_json::to_vec_pretty(self)?;
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(".tmp");
        let tmp = PathBuf::from(tmp);
        {
            let mut file = private_file(&tmp)?;
            file.write_all(&text).map_err(|e| io(&tmp, e))?;
            file.sync_all().map_err(|e| io(&tmp, e))?;
        }
        std::fs::rename(&tmp, path).map_err(|e| io(path, e))?;
        sync_folder(path)
    }

    /// Reads the file, lets `change` change it and writes it back, under an exclusive lock of
    /// `<keys>.lock`, so two programs signing in or changing people at once do not write over
    /// each other's slots or counters.
    pub(crate) fn update<T>(
        path: &Path,
        change: impl FnOnce(&mut KeysFile) -> Result<T>,
    ) -> Result<T> {
        let mut lock_path = path.as_os_str().to_owned();
        lock_path.push(".lock");
        let lock_path = PathBuf::from(lock_path);
        let lock = {
            let mut options = std::fs::OpenOptions::new();
            options.read(true).write(true).create(true).truncate(false);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            options.open(&lock_path).map_err(|e| io(&lock_path, e))?
        };
        lock.lock().map_err(|e| io(&lock_path, e))?;
        let mut file = KeysFile::read(path)?.ok_or(StoreError::KeysFileDamaged)?;
        let out = change(&mut file)?;
        file.write(path)?;
        drop(lock);
        Ok(out)
    }

    /// The slots that parse, in file order; damaged ones are skipped.
    pub fn readable_slots(&self) -> Vec<Slot> {
        self.slots
            .iter()
            .filter_map(|v| serde_json::from_value::<Slot>(v.clone()).ok())
            .collect()
    }

    /// Replaces `owner`'s slot of `kind` (or adds it).
    pub(crate) fn put_slot(&mut self, slot: Slot) -> Result<()> {
        self.remove_slot(slot.kind, &slot.owner);
        self.slots.push(serde_json::to_value(&slot)?);
        Ok(())
    }

    /// Removes `owner`'s slot of `kind`, damaged or not.
    pub(crate) fn remove_slot(&mut self, kind: SlotKind, owner: &str) {
        let kind_word = serde_json::to_value(kind).unwrap_or_default();
        self.slots.retain(|v| {
            !(v.get("kind") == Some(&kind_word)
                && v.get("owner").and_then(|o| o.as_str()) == Some(owner))
        });
    }

    /// The slot of `kind` for `owner`: `Ok(None)` when there is none, `KeySlotDamaged` when it
    /// is there but unreadable.
    pub(crate) fn slot(&self, kind: SlotKind, owner: &str) -> Result<Option<Slot>> {
        let kind_word = serde_json::to_value(kind)?;
        let Some(raw) = self.slots.iter().find(|v| {
            v.get("kind") == Some(&kind_word)
                && v.get("owner").and_then(|o| o.as_str()) == Some(owner)
        }) else {
            return Ok(None);
        };
        serde_json::from_value::<Slot>(raw.clone())
            .map(Some)
            .map_err(|_| StoreError::KeySlotDamaged)
    }
}

/// The owner word of the recovery slot.
pub const RECOVERY_OWNER: &str = "recovery";

/// The owner word of the service slot.
pub const SERVICE_OWNER: &str = "service";

/// The secret of a server's key file: 32 random bytes, written as 64 hex digits to a file only
/// its account can read.
pub struct ServiceSecret(Zeroizing<String>);

impl std::fmt::Debug for ServiceSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServiceSecret(…)")
    }
}

impl ServiceSecret {
    pub(crate) fn generate() -> Result<ServiceSecret> {
        let mut bytes = Zeroizing::new([0u8; 32]);
        random_bytes(bytes.as_mut_slice())?;
        Ok(ServiceSecret(Zeroizing::new(hex::encode(bytes.as_slice()))))
    }

    /// Writes the key file as 0600; an existing file is replaced.
    pub(crate) fn write(&self, path: &Path) -> Result<()> {
        let mut file = private_file(path)?;
        file.write_all(self.0.as_bytes()).map_err(|e| io(path, e))?;
        file.sync_all().map_err(|e| io(path, e))
    }

    /// Reads a key file, refusing one that its group or others could read.
    pub fn read(path: &Path) -> Result<ServiceSecret> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(path)
                .map_err(|e| io(path, e))?
                .permissions()
                .mode();
            if mode & 0o077 != 0 {
                return Err(StoreError::KeyFileTooOpen {
                    path: path.display().to_string(),
                });
            }
        }
        let text = Zeroizing::new(std::fs::read_to_string(path).map_err(|e| io(path, e))?);
        Ok(ServiceSecret(Zeroizing::new(text.trim().to_string())))
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

/// The recovery key: 40 random digits (about 133 bits) in eight groups of five, printed once
/// at setup. Typed back with or without spaces and dashes.
#[derive(Clone)]
pub struct RecoveryKey(Zeroizing<String>);

impl std::fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryKey(…)")
    }
}

impl RecoveryKey {
    pub(crate) fn generate() -> Result<RecoveryKey> {
        let mut digits = Zeroizing::new(String::with_capacity(40));
        while digits.len() < 40 {
            let mut b = [0u8; 4];
            random_bytes(&mut b)?;
            let n = u32::from_le_bytes(b);
            // Rejection sampling keeps every group uniform over 00000–99999.
            if n >= 4_294_900_000 {
                continue;
            }
            digits.push_str(&format!("{:05}", n % 100_000));
        }
        Ok(RecoveryKey(digits))
    }

    /// Reads a typed recovery key; anything but its 40 digits (spaces, dashes) is ignored.
    pub fn parse(text: &str) -> Result<RecoveryKey> {
        let digits: Zeroizing<String> =
            Zeroizing::new(text.chars().filter(char::is_ascii_digit).collect());
        let others = text
            .chars()
            .any(|c| !(c.is_ascii_digit() || c.is_whitespace() || c == '-'));
        if digits.len() != 40 || others {
            return Err(StoreError::RecoveryKeyMalformed);
        }
        Ok(RecoveryKey(digits))
    }

    /// The eight groups of five digits, for the printed sheet.
    pub fn groups(&self) -> Vec<String> {
        self.0
            .as_bytes()
            .chunks(5)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect()
    }

    pub(crate) fn secret(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

/// Refuses a PIN that is not at least `MIN_PIN_DIGITS` digits; a password of 10 or more
/// characters is accepted instead.
pub fn check_new_pin(pin: &str) -> Result<()> {
    let all_digits = pin.chars().all(|c| c.is_ascii_digit());
    let long_enough = if all_digits {
        pin.chars().count() >= MIN_PIN_DIGITS
    } else {
        pin.chars().count() >= 10
    };
    if pin.is_empty() || !long_enough {
        return Err(StoreError::PinTooWeak);
    }
    Ok(())
}

pub(crate) fn io(path: &Path, source: std::io::Error) -> StoreError {
    StoreError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Creates (or truncates) a file only its owner can read and write.
pub(crate) fn private_file(path: &Path) -> Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(path).map_err(|e| io(path, e))?;
    set_private(path)?;
    Ok(file)
}

/// Mode 0600 on an existing file (an open with `mode` does not change a file that existed).
pub(crate) fn set_private(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| io(path, e))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Creates the folder of a new store as 0700 when it does not exist yet; an existing folder
/// is left as its owner set it.
pub(crate) fn private_folder_for(path: &Path) -> Result<()> {
    let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) else {
        return Ok(());
    };
    if dir.exists() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(|e| io(dir, e))
}

/// Syncs the folder holding `path`, so a rename in it survives a power cut.
pub(crate) fn sync_folder(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| io(dir, e))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHEAP: KdfParams = KdfParams {
        m_kib: 1024,
        t: 1,
        p: 1,
    };

    #[test]
    fn a_slot_opens_with_its_secret_only() {
        let key = DataKey::random().expect("key");
        let slot = Slot::wrap(&key, SlotKind::Person, "p-1", b"123456", CHEAP).expect("wrap");
        let opened = slot.open(b"123456").expect("open");
        assert_eq!(opened.0.as_slice(), key.0.as_slice());
        assert_eq!(
            slot.open(b"654321").map(|_| ()),
            Err(SlotRefusal::WrongSecret)
        );
        let mut moved = slot.clone();
        moved.owner = "p-2".to_string();
        moved.check = moved.checksum();
        assert_eq!(
            moved.open(b"123456").map(|_| ()),
            Err(SlotRefusal::WrongSecret),
            "a slot given to another person must not open"
        );
        let mut damaged = slot;
        damaged.wrapped.replace_range(0..2, "00");
        assert_eq!(
            damaged.open(b"123456").map(|_| ()),
            Err(SlotRefusal::Damaged)
        );
    }

    #[test]
    fn the_waits_grow_after_five_wrong_tries() {
        assert_eq!(wait_after(0), None);
        assert_eq!(wait_after(4), None);
        assert_eq!(wait_after(5), Some(30_000));
        assert_eq!(wait_after(6), Some(60_000));
        assert_eq!(wait_after(7), Some(120_000));
        assert_eq!(wait_after(40), Some(LONGEST_WAIT_MS));
    }

    #[test]
    fn a_recovery_key_reads_back_however_it_is_typed() {
        let key = RecoveryKey::generate().expect("key");
        let groups = key.groups();
        assert_eq!(groups.len(), 8);
        assert!(groups.iter().all(|g| g.len() == 5));
        let typed = groups.join(" - ");
        assert_eq!(
            RecoveryKey::parse(&typed).expect("parse").secret(),
            key.secret()
        );
        assert!(RecoveryKey::parse("12345").is_err());
        assert!(RecoveryKey::parse(&format!("{} x", groups.join(""))).is_err());
    }

    #[test]
    fn weak_pins_are_refused() {
        assert!(check_new_pin("12345").is_err());
        assert!(check_new_pin("").is_err());
        assert!(check_new_pin("123456").is_ok());
        assert!(check_new_pin("short pw").is_err());
        assert!(check_new_pin("a long passphrase").is_ok());
    }
}
