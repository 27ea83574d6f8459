//! Opening an encrypted store: creating one with its first administrator, encrypting a plain
//! store from an earlier version in place, and unlocking by PIN, recovery key or a server's key
//! file, with the wrong-try backoff and the audit of every try.
//!
//! Creating and encrypting share one crash-safe protocol. The new encrypted file is built whole
//! beside the store (`<store>.encrypting`), its keys beside it (`<store>.keys.pending`), both
//! synced; the rename of the new file over the store is the commit point; then the keys file
//! takes its name and the plain file (kept under `<store>.plain-old`, a second name of the
//! same inode) is overwritten with zeros and removed. `finish_interrupted` runs before every
//! open and completes or undoes whatever a crash left, so a store is always either the old
//! plain one or the complete encrypted one, never neither.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::error::{Result, StoreError};
use crate::keys::{
    self, Attempts, DataKey, FailedTry, KdfParams, KeysFile, RecoveryKey, ServiceSecret,
    SignInName, Slot, SlotKind, SlotRefusal, FREE_TRIES, RECOVERY_OWNER, SERVICE_OWNER,
};
use crate::people::{append_action, insert_person, ActionEvent, Person, PersonRole};
use crate::{new_id, Store, UnixMillis};

/// What is at a store's path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreFile {
    /// No file yet (or an empty one).
    Missing,
    /// A plain SQLite file from a version before encryption.
    Plain,
    /// A SQLCipher file: unreadable without its key.
    Encrypted,
}

/// How a person proves they may open the store.
#[derive(Debug)]
pub enum Credential<'a> {
    /// A person, by id or by name, and their PIN.
    Pin { person: &'a str, pin: &'a str },
    /// The recovery key printed at setup.
    Recovery(&'a RecoveryKey),
    /// A server's key file.
    Service(&'a ServiceSecret),
}

/// An unlocked store and who unlocked it (`None` for the recovery key and the service).
#[derive(Debug)]
pub struct Unlocked {
    pub store: Store,
    pub person: Option<Person>,
}

/// A newly protected store: its first administrator and the recovery key to print once.
#[derive(Debug)]
pub struct Protected {
    pub store: Store,
    pub administrator: Person,
    pub recovery_key: RecoveryKey,
}

const PLAIN_HEADER: &[u8; 16] = b"SQLite format 3\0";

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

fn remove_if_there(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(keys::io(path, e)),
    }
}

/// What is at `path`, from its first 16 bytes.
pub fn store_file(path: &Path) -> Result<StoreFile> {
    // The first 16 bytes only: the window asks at every sign-in screen, and reading the whole
    // file to look at its header held a district's store (a gigabyte at 200,000 households)
    // in memory each time.
    let mut bytes = Vec::with_capacity(16);
    match std::fs::File::open(path).and_then(|file| file.take(16).read_to_end(&mut bytes)) {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(StoreFile::Missing),
        Err(e) => return Err(keys::io(path, e)),
    }
    Ok(if bytes.is_empty() {
        StoreFile::Missing
    } else if bytes.as_slice() == PLAIN_HEADER {
        StoreFile::Plain
    } else {
        StoreFile::Encrypted
    })
}

/// Completes or undoes what an interrupted creation or encryption left beside `path`.
pub fn finish_interrupted(path: &Path) -> Result<()> {
    let building = with_suffix(path, ".encrypting");
    let pending = with_suffix(path, ".keys.pending");
    // A kill while the pending keys were being written leaves their temporary file: it never
    // became the pending keys, so it goes whichever store stands.
    remove_if_there(&with_suffix(path, ".keys.pending.tmp"))?;
    let old = with_suffix(path, ".plain-old");
    let keys_path = KeysFile::path_for(path);
    match store_file(path)? {
        StoreFile::Encrypted => {
            if exists(&pending) {
                if exists(&keys_path) {
                    remove_if_there(&pending)?;
                } else {
                    std::fs::rename(&pending, &keys_path).map_err(|e| keys::io(&keys_path, e))?;
                    keys::sync_folder(&keys_path)?;
                }
            }
            if exists(&old) {
                shred(&old)?;
            }
            remove_building(&building)?;
        }
        StoreFile::Plain | StoreFile::Missing => {
            // The commit point was not reached: the plain store (or nothing) stands.
            remove_building(&building)?;
            remove_if_there(&pending)?;
            remove_if_there(&old)?;
        }
    }
    Ok(())
}

/// Removes a half-built encrypted file with its WAL, shared memory and rollback journal.
fn remove_building(building: &Path) -> Result<()> {
    for suffix in ["-wal", "-shm", "-journal"] {
        remove_if_there(&with_suffix(building, suffix))?;
    }
    remove_if_there(building)
}

/// Overwrites a file with zeros, syncs it and removes it. On a journalling file system or an
/// SSD the old blocks may survive elsewhere; this removes the plain copy the file system knows.
fn shred(path: &Path) -> Result<()> {
    let len = std::fs::metadata(path)
        .map_err(|e| keys::io(path, e))?
        .len();
    {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(|e| keys::io(path, e))?;
        let zeros = vec![0u8; 1 << 16];
        let mut left = len;
        while left > 0 {
            let n = left.min(zeros.len() as u64) as usize;
            file.write_all(&zeros[..n]).map_err(|e| keys::io(path, e))?;
            left -= n as u64;
        }
        file.sync_all().map_err(|e| keys::io(path, e))?;
    }
    remove_if_there(path)?;
    keys::sync_folder(path)
}

fn sync_file(path: &Path) -> Result<()> {
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(|e| keys::io(path, e))
}

/// The store's SQLCipher settings besides the key, for the schema `schema`; the same on every
/// open, since a file opens only with the settings it was written with. 16 KiB pages like a
/// plain store. HMAC-SHA256 (SQLCipher 4's default is SHA-512) because x86 processors since
/// about 2017 compute SHA-256 in hardware (SHA-NI): every page read from disk is authenticated,
/// and with SHA-512 a report over 200,000 households spent most of its time there.
fn cipher_settings(schema: &str) -> String {
    format!(
        "PRAGMA {schema}.cipher_page_size = 16384; \
         PRAGMA {schema}.cipher_hmac_algorithm = HMAC_SHA256; \
         PRAGMA {schema}.cipher_kdf_algorithm = PBKDF2_HMAC_SHA256;"
    )
}

/// A keyed connection: the key first, before SQLite reads a page; 16 KiB pages like plain
/// stores; then one read, so a wrong key fails here ("file is not a database").
pub(crate) fn keyed_connection(
    path: &Path,
    key: &DataKey,
    flags: Option<rusqlite::OpenFlags>,
) -> Result<Connection> {
    let conn = match flags {
        Some(flags) => Connection::open_with_flags(path, flags)?,
        None => Connection::open(path)?,
    };
    let pragma = zeroize::Zeroizing::new(format!(
        "PRAGMA key = \"{}\"; {}",
        key.sqlcipher_key().as_str(),
        cipher_settings("main")
    ));
    conn.execute_batch(&pragma)?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })?;
    crate::answers::register(&conn)?;
    Ok(conn)
}

impl Store {
    /// Makes the store at `path` encrypted with `administrator_name` as its first person: a
    /// new store when there is none, or the plain store of an earlier version encrypted in
    /// place. Returns the recovery key, to be shown once.
    pub fn protect(
        path: impl AsRef<Path>,
        administrator_name: &str,
        pin: &str,
        kdf: KdfParams,
        at: UnixMillis,
    ) -> Result<Protected> {
        let path = path.as_ref();
        keys::check_new_pin(pin)?;
        let name = administrator_name.trim();
        if name.is_empty() {
            return Err(StoreError::UnknownPerson);
        }
        finish_interrupted(path)?;
        let state = store_file(path)?;
        if state == StoreFile::Encrypted || exists(&KeysFile::path_for(path)) {
            return Err(StoreError::Locked);
        }
        keys::private_folder_for(path)?;
        let key = DataKey::random()?;
        let recovery_key = RecoveryKey::generate()?;
        let administrator = Person {
            id: new_id(at).to_string(),
            name: name.to_string(),
            role: PersonRole::Administrator,
            created_at: at,
            disabled_at: None,
        };
        let mut file = KeysFile::new(kdf);
        file.put_slot(Slot::wrap(
            &key,
            SlotKind::Person,
            &administrator.id,
            pin.as_bytes(),
            kdf,
        )?)?;
        file.put_slot(Slot::wrap(
            &key,
            SlotKind::Recovery,
            RECOVERY_OWNER,
            recovery_key.secret(),
            kdf,
        )?)?;
        file.people.push(SignInName {
            id: administrator.id.clone(),
            name: administrator.name.clone(),
            role: PersonRole::Administrator.as_str().to_string(),
            disabled: false,
        });
        let building = with_suffix(path, ".encrypting");
        let pending = with_suffix(path, ".keys.pending");
        let old = with_suffix(path, ".plain-old");
        remove_building(&building)?;
        drop(keys::private_file(&building)?);
        let plain = if state == StoreFile::Plain {
            Some(prepare_plain(path)?)
        } else {
            None
        };
        build_encrypted(&building, &key, plain.as_ref(), &administrator, state, at)?;
        sync_file(&building)?;
        file.write(&pending)?;
        if let Some(plain) = plain {
            drop(plain);
            for leftover in [with_suffix(path, "-wal"), with_suffix(path, "-shm")] {
                remove_if_there(&leftover)?;
            }
            remove_if_there(&old)?;
            std::fs::hard_link(path, &old).map_err(|e| keys::io(&old, e))?;
        }
        // The commit point.
        std::fs::rename(&building, path).map_err(|e| keys::io(path, e))?;
        keys::sync_folder(path)?;
        finish_interrupted(path)?;
        let store = Store::open_keyed(path, key, kdf)?;
        Ok(Protected {
            store,
            administrator,
            recovery_key,
        })
    }

    /// Opens an encrypted store.
    pub fn unlock(
        path: impl AsRef<Path>,
        credential: &Credential<'_>,
        at: UnixMillis,
    ) -> Result<Unlocked> {
        let path = path.as_ref();
        finish_interrupted(path)?;
        let keys_path = KeysFile::path_for(path);
        let Some(file) = KeysFile::read(&keys_path)? else {
            return Err(match store_file(path)? {
                StoreFile::Encrypted => StoreError::KeysFileDamaged,
                StoreFile::Plain | StoreFile::Missing => StoreError::NotProtected,
            });
        };
        let (who, kind, secret, person): (String, SlotKind, &[u8], Option<SignInName>) =
            match credential {
                Credential::Pin { person, pin } => {
                    let wanted = person.trim();
                    let found = file
                        .people
                        .iter()
                        .find(|p| p.id == wanted)
                        .or_else(|| {
                            let mut same_name =
                                file.people.iter().filter(|p| p.name.trim() == wanted);
                            match (same_name.next(), same_name.next()) {
                                (Some(one), None) => Some(one),
                                _ => None,
                            }
                        })
                        .cloned()
                        .ok_or(StoreError::UnknownPerson)?;
                    if found.disabled {
                        return Err(StoreError::PersonDisabled);
                    }
                    (
                        found.id.clone(),
                        SlotKind::Person,
                        pin.as_bytes(),
                        Some(found),
                    )
                }
                Credential::Recovery(key) => (
                    RECOVERY_OWNER.to_string(),
                    SlotKind::Recovery,
                    key.secret(),
                    None,
                ),
                Credential::Service(secret) => (
                    SERVICE_OWNER.to_string(),
                    SlotKind::Service,
                    secret.as_bytes(),
                    None,
                ),
            };
        let attempts = file.attempts.get(&who).copied().unwrap_or_default();
        if let Some(next) = attempts.next_try_at() {
            if next > at {
                return Err(StoreError::TryLater {
                    seconds: (next - at + 999) / 1000,
                });
            }
        }
        // A person still listed as active always has a slot: none that can be read means a
        // damaged one (its owner unreadable), not a disabled person.
        let slot = file.slot(kind, &who)?.ok_or(match kind {
            SlotKind::Person => StoreError::KeySlotDamaged,
            SlotKind::Recovery => StoreError::KeySlotDamaged,
            SlotKind::Service => StoreError::Locked,
        })?;
        let key = match slot.open(secret) {
            Ok(key) => key,
            Err(SlotRefusal::Damaged) => return Err(StoreError::KeySlotDamaged),
            Err(SlotRefusal::WrongSecret) => {
                // Counted from the file as it is now: another program may have counted too.
                let failures = KeysFile::update(&keys_path, |file| {
                    let failures = file
                        .attempts
                        .get(&who)
                        .map_or(0, |a| a.failures)
                        .max(attempts.failures)
                        .saturating_add(1);
                    file.attempts.insert(
                        who.clone(),
                        Attempts {
                            failures,
                            last_failure_at: at,
                        },
                    );
                    file.failed.push(FailedTry {
                        at,
                        who: who.clone(),
                    });
                    Ok(failures)
                })?;
                return Err(match kind {
                    SlotKind::Recovery => StoreError::WrongRecoveryKey,
                    SlotKind::Service => StoreError::Locked,
                    SlotKind::Person => match keys::wait_after(failures) {
                        Some(wait) => StoreError::TryLater {
                            seconds: (wait + 999) / 1000,
                        },
                        None => StoreError::WrongPin {
                            tries_left: FREE_TRIES - failures,
                        },
                    },
                });
            }
        };
        let mut store = Store::open_keyed(path, key, file.kdf)?;
        store.by_recovery = kind == SlotKind::Recovery;
        // The store's own table decides, not the keys file a thief could edit.
        let person = match person {
            Some(listed) => {
                let known = store.person(&listed.id)?;
                if known.disabled_at.is_some() {
                    return Err(StoreError::PersonDisabled);
                }
                Some(known)
            }
            None => None,
        };
        let failed = file.failed.clone();
        {
            let tx = store.conn.unchecked_transaction()?;
            for attempt in &failed {
                let named = file.people.iter().find(|p| p.id == attempt.who);
                let event = if attempt.who == RECOVERY_OWNER {
                    ActionEvent::RecoveryFailed
                } else {
                    ActionEvent::SignInFailed
                };
                append_action(
                    &tx,
                    attempt.at,
                    event,
                    named.map(|p| (p.id.as_str(), p.name.as_str())),
                    None,
                    0,
                    "wrong_secret",
                )?;
            }
            let event = match kind {
                SlotKind::Person => Some(ActionEvent::SignIn),
                SlotKind::Recovery => Some(ActionEvent::RecoveryUnlock),
                SlotKind::Service => None,
            };
            if let Some(event) = event {
                append_action(
                    &tx,
                    at,
                    event,
                    person.as_ref().map(|p| (p.id.as_str(), p.name.as_str())),
                    None,
                    0,
                    "ok",
                )?;
            }
            tx.commit()?;
        }
        // Only the tries just written to the log leave the file; one counted meanwhile stays.
        KeysFile::update(&keys_path, |file| {
            file.failed.retain(|f| !failed.contains(f));
            file.attempts.remove(&who);
            Ok(())
        })?;
        Ok(Unlocked { store, person })
    }

    /// The people the sign-in screen lists for the store at `path`, read without unlocking.
    pub fn sign_in_names(path: impl AsRef<Path>) -> Result<Vec<SignInName>> {
        let path = path.as_ref();
        finish_interrupted(path)?;
        let file = KeysFile::read(&KeysFile::path_for(path))?.ok_or(StoreError::NotProtected)?;
        Ok(file.active_people().cloned().collect())
    }

    /// The idle lock the administrator set (minutes), read without unlocking.
    pub fn idle_lock_minutes(path: impl AsRef<Path>) -> Result<Option<u32>> {
        let file = KeysFile::read(&KeysFile::path_for(path.as_ref()))?;
        Ok(file.and_then(|f| f.idle_lock_minutes))
    }

    pub(crate) fn open_keyed(path: &Path, key: DataKey, kdf: KdfParams) -> Result<Store> {
        keys::set_private(path)?;
        let conn = keyed_connection(path, &key, None)?;
        let mut store = Store::from_connection(conn, true)?;
        store.key = Some(key);
        store.keys_path = Some(KeysFile::path_for(path));
        store.kdf = kdf;
        for companion in [with_suffix(path, "-wal"), with_suffix(path, "-shm")] {
            if exists(&companion) {
                keys::set_private(&companion)?;
            }
        }
        Ok(store)
    }

    /// What opens more read-write connections to this store's file (a background task's own
    /// connection): its path and, for an encrypted store, its data key, held only in memory.
    /// `None` for an in-memory store.
    pub fn reopener(&self) -> Option<Reopen> {
        let path = self.conn.path().filter(|p| !p.is_empty())?;
        Some(Reopen {
            path: PathBuf::from(path),
            key: self.key.clone(),
            kdf: self.kdf,
        })
    }

    /// Whether this store is encrypted.
    pub fn is_encrypted(&self) -> bool {
        self.key.is_some()
    }
}

/// Opens another connection to an open store's file (`Store::reopener`).
#[derive(Debug, Clone)]
pub struct Reopen {
    path: PathBuf,
    key: Option<DataKey>,
    kdf: KdfParams,
}

impl Reopen {
    /// A new connection, keyed like the store it came from.
    pub fn open(&self) -> Result<Store> {
        match &self.key {
            Some(key) => Store::open_keyed(&self.path, key.clone(), self.kdf),
            None => Store::open(&self.path),
        }
    }

    /// The store's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// The plain store, migrated to the latest schema, its WAL folded in and switched off, so the
/// file alone is the whole store and no plain WAL is left beside the encrypted file.
fn prepare_plain(path: &Path) -> Result<Connection> {
    let store = Store::open_plain(path)?;
    let conn = store.into_connection();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    let mode: String = conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(StoreError::Sqlite(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            Some("another program has the store open".to_string()),
        )));
    }
    Ok(conn)
}

/// Fills the new encrypted file at `building`: a copy of the plain store through
/// `sqlcipher_export`, or a new schema; then the first administrator and the log's first rows.
fn build_encrypted(
    building: &Path,
    key: &DataKey,
    plain: Option<&Connection>,
    administrator: &Person,
    state: StoreFile,
    at: UnixMillis,
) -> Result<()> {
    if let Some(plain) = plain {
        let version: i64 = plain.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let building_text = building
            .to_str()
            .ok_or_else(|| keys::io(building, std::io::Error::other("the path is not UTF-8")))?;
        plain.execute(
            "ATTACH DATABASE ?1 AS encrypted KEY ?2",
            rusqlite::params![building_text, key.sqlcipher_key().as_str()],
        )?;
        let exported = plain
            .execute_batch(&cipher_settings("encrypted"))
            .and_then(|()| plain.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(())))
            .and_then(|()| {
                plain.execute_batch(&format!("PRAGMA encrypted.user_version = {version};"))
            });
        let detached = plain.execute_batch("DETACH DATABASE encrypted");
        exported?;
        detached?;
    }
    let conn = keyed_connection(building, key, None)?;
    let store = Store::from_connection(conn, true)?;
    let tx = store.conn.unchecked_transaction()?;
    insert_person(&tx, administrator)?;
    let event = if state == StoreFile::Plain {
        ActionEvent::StoreEncrypted
    } else {
        ActionEvent::PersonAdded
    };
    append_action(
        &tx,
        at,
        event,
        Some((&administrator.id, &administrator.name)),
        Some(&administrator.id),
        0,
        "ok",
    )?;
    tx.commit()?;
    let conn = store.into_connection();
    // One file, no WAL beside it, before it takes the store's name.
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    conn.query_row("PRAGMA journal_mode = DELETE", [], |r| {
        r.get::<_, String>(0)
    })?;
    drop(conn);
    Ok(())
}
