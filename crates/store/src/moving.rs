//! Moving an installation to another machine: one file, encrypted to a passphrase, that makes
//! the new machine the same installation, and the old one a read-only record of what it held.
//!
//! The identity secrets alone would fork the journal (two machines writing under one id), so
//! the file carries the whole installation: a consistent copy of the store taken with SQLite's
//! backup API (still encrypted with its data key), the keys file (so every person keeps their
//! PIN and the recovery key still opens), and the data key itself. All of it is encrypted once
//! more with age's scrypt recipient (passphrase typed by the administrator, at least
//! `MIN_PASSPHRASE_CHARS` characters), so the file holds nothing in clear but age's header.
//!
//! Inside age, the file is `MOVE_MAGIC`, then length-prefixed parts: the header (JSON), the
//! data key, the keys file and the store file. age authenticates every 64 KiB chunk and the
//! last one, so a damaged or cut-short file is refused before anything is created.
//!
//! Moving out takes the store's write lock, copies the store, writes the file, and only then,
//! in the same write transaction, marks the source moved (`store_meta.moved_out`) and logs
//! the move: no change can slip in between the copy and the mark. A moved store still opens
//! and reads, so nothing is lost, but refuses every journalled change and every exchange
//! (`StoreError::InstallationMoved`).

use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use age::secrecy::SecretString;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::{Result, StoreError};
use crate::keys::{self, DataKey, KeysFile};
use crate::people::{append_action, ActionEvent, Person};
use crate::{Store, UnixMillis};

/// The first bytes inside the age encryption.
const MOVE_MAGIC: &[u8] = b"rasoat-move.v1\n";

/// How every age file begins.
const AGE_START: &[u8; 22] = b"age-encryption.org/v1\n";

/// The format word of the header.
pub const MOVE_FORMAT: &str = "rasoat-move.v1";

/// The shortest passphrase a move file may be encrypted to. The file holds every household
/// and the installation's keys, and may sit on a USB stick for days: scrypt makes each guess
/// cost about a second, and twelve characters put a typed phrase beyond guessing at that rate.
pub const MIN_PASSPHRASE_CHARS: usize = 12;

/// The `store_meta` key that marks a store whose installation moved away.
const MOVED_KEY: &str = "moved_out";

/// The largest header and keys file a move file may carry (a keys file is a few KiB): a
/// damaged length never makes the reader allocate gigabytes.
const MAX_PART_BYTES: u64 = 16 << 20;

/// The passphrase of a move file, checked for length. Zeroed when dropped; never printed.
pub struct MovePassphrase(SecretString);

impl std::fmt::Debug for MovePassphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MovePassphrase(…)")
    }
}

impl MovePassphrase {
    /// A passphrase for a new move file: at least `MIN_PASSPHRASE_CHARS` characters, spaces
    /// at either end not counted.
    pub fn new(text: &str) -> Result<MovePassphrase> {
        let trimmed = text.trim();
        if trimmed.chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(StoreError::MovePassphraseTooShort {
                min: MIN_PASSPHRASE_CHARS,
            });
        }
        Ok(MovePassphrase(SecretString::from(trimmed.to_string())))
    }

    /// A passphrase typed to open a move file: not checked for length (a short one is simply
    /// wrong), trimmed like a new one.
    pub fn typed(text: &str) -> MovePassphrase {
        MovePassphrase(SecretString::from(text.trim().to_string()))
    }
}

/// scrypt's cost for a new move file: `None` lets age pick about one second on this machine
/// (what every move uses); tests pass a small work factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MoveCost {
    pub scrypt_log_n: Option<u8>,
}

impl MoveCost {
    pub const STANDARD: MoveCost = MoveCost { scrypt_log_n: None };
}

/// What the confirmation before a move names: the installation and what leaves with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MoveSummary {
    pub installation_id: String,
    pub unit_code: String,
    pub unit_name: Option<String>,
    /// Households the store holds, each with its members' names and answers.
    pub households: u64,
    pub rounds: u64,
    /// People who sign in on the installation (they keep their PINs).
    pub people: u64,
}

/// The mark a moved store carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovedOut {
    pub at: UnixMillis,
    /// The administrator who moved it (id).
    pub by: String,
    /// The move file's name (no folder).
    pub file: String,
    pub households: u64,
}

impl MovedOut {
    /// The day of the move as the message says it, in Vietnam's time (UTC+7).
    pub fn day(&self) -> String {
        vietnam_day(self.at)
    }
}

/// What a move file says about itself, inside the encryption.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct MoveHeader {
    format: String,
    installation_id: String,
    role: String,
    unit_code: String,
    moved_at: UnixMillis,
    moved_by_id: String,
    moved_by_name: String,
    households: u64,
    schema_version: i64,
    store_bytes: u64,
}

/// A store that arrived from a move file.
#[derive(Debug)]
pub struct MovedIn {
    pub store: Store,
    pub installation_id: String,
    pub households: u64,
    /// When the installation left its previous machine.
    pub moved_at: UnixMillis,
}

fn vietnam_day(at: UnixMillis) -> String {
    match rasoat_domain::date::Date::from_unix_millis(at.saturating_add(7 * 3_600_000)) {
        Some(d) => format!("{:02}/{:02}/{}", d.day(), d.month(), d.year()),
        None => at.to_string(),
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn remove_if_there(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(keys::io(path, e)),
    }
}

/// The move mark of the store on `conn`, if its installation moved away.
pub(crate) fn moved_mark(conn: &rusqlite::Connection) -> Result<Option<MovedOut>> {
    let text: Option<String> = conn
        .prepare_cached("SELECT value FROM store_meta WHERE key = ?1")?
        .query_row([MOVED_KEY], |r| r.get(0))
        .optional()?;
    match text {
        None => Ok(None),
        Some(text) => Ok(Some(serde_json::from_str(&text).map_err(|source| {
            StoreError::Corrupt {
                what: "store_meta.moved_out",
                source,
            }
        })?)),
    }
}

/// Refuses a change to a store whose installation moved away.
pub(crate) fn refuse_if_moved(conn: &rusqlite::Connection) -> Result<()> {
    match moved_mark(conn)? {
        Some(mark) => Err(StoreError::InstallationMoved { on: mark.day() }),
        None => Ok(()),
    }
}

fn write_part(out: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    out.write_all(&(bytes.len() as u64).to_le_bytes())?;
    out.write_all(bytes)
}

/// Reads a length and checks it: a length beyond `max` is a damaged file.
fn read_len(input: &mut impl Read, max: u64) -> Result<u64> {
    let mut len = [0u8; 8];
    input
        .read_exact(&mut len)
        .map_err(|_| StoreError::MoveFileDamaged)?;
    let len = u64::from_le_bytes(len);
    if len > max {
        return Err(StoreError::MoveFileDamaged);
    }
    Ok(len)
}

fn read_part(input: &mut impl Read, max: u64) -> Result<Zeroizing<Vec<u8>>> {
    let len = read_len(input, max)?;
    let mut bytes = Zeroizing::new(vec![0u8; usize::try_from(len).unwrap_or(usize::MAX)]);
    input
        .read_exact(&mut bytes)
        .map_err(|_| StoreError::MoveFileDamaged)?;
    Ok(bytes)
}

impl Store {
    /// The mark of a store whose installation moved to another machine, or `None`.
    pub fn moved_out(&self) -> Result<Option<MovedOut>> {
        moved_mark(&self.conn)
    }

    /// What leaves the machine with a move: the confirmation's words. Administrators only.
    pub fn move_summary(&self, by: &Person) -> Result<MoveSummary> {
        self.administrator(by)?;
        let installation = self.installation()?;
        let count = |sql: &str| -> Result<u64> {
            let n: i64 = self.conn.query_row(sql, [], |r| r.get(0))?;
            Ok(u64::try_from(n).unwrap_or(0))
        };
        let unit_name = self
            .conn
            .query_row(
                "SELECT name FROM admin_unit WHERE code = ?1 ORDER BY valid_from DESC LIMIT 1",
                [&installation.unit_code],
                |r| r.get(0),
            )
            .optional()?;
        Ok(MoveSummary {
            installation_id: installation.id,
            unit_code: installation.unit_code,
            unit_name,
            households: count("SELECT COUNT(*) FROM household")?,
            rounds: count("SELECT COUNT(*) FROM round")?,
            people: count("SELECT COUNT(*) FROM person WHERE disabled_at IS NULL")?,
        })
    }

    /// Moves this installation out to the file `out`, encrypted to `passphrase`: the store
    /// copied whole with its keys, then this store marked moved and the move logged, in one
    /// write transaction. `by` must be an active administrator; the store must be encrypted
    /// and not moved already; `out` must not exist. The file is 0600; on any failure it is
    /// removed and this store is left as it was.
    pub fn move_out(
        &mut self,
        by: &Person,
        out: &Path,
        passphrase: &MovePassphrase,
        cost: MoveCost,
        at: UnixMillis,
    ) -> Result<MovedOut> {
        let by = self.administrator(by)?;
        refuse_if_moved(&self.conn)?;
        let (Some(key), Some(keys_path)) = (self.key.clone(), self.keys_path.clone()) else {
            return Err(StoreError::NotProtected);
        };
        let Some(store_path) = self
            .conn
            .path()
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
        else {
            return Err(keys::io(
                Path::new(":memory:"),
                std::io::Error::from(std::io::ErrorKind::NotFound),
            ));
        };
        if std::fs::symlink_metadata(out).is_ok() {
            return Err(keys::io(
                out,
                std::io::Error::from(std::io::ErrorKind::AlreadyExists),
            ));
        }
        let installation = self.installation()?;
        let schema_version = self.schema_version()?;
        let file_name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // The copy is taken beside the store (its folder is the owner's), never beside `out`,
        // which may be a USB stick.
        let snapshot = with_suffix(&store_path, ".moving-out");
        for leftover in [
            snapshot.clone(),
            with_suffix(&snapshot, ".partial"),
            with_suffix(&snapshot, ".keys"),
        ] {
            remove_if_there(&leftover)?;
        }
        let reader = self.open_reader()?;
        // The write lock from here to the mark: no other program can change the store between
        // the copy and the mark, so nothing written here after the copy is lost.
        let tx = self.conn.transaction()?;
        let households: i64 = tx.query_row("SELECT COUNT(*) FROM household", [], |r| r.get(0))?;
        let households = u64::try_from(households).unwrap_or(0);
        let written = (|| -> Result<()> {
            let Some(reader) = reader else {
                return Err(StoreError::NotProtected);
            };
            crate::backup::backup_from(&reader.conn, Some(&key), &snapshot)?;
            drop(reader);
            let keys_file = KeysFile::read(&keys_path)?.ok_or(StoreError::KeysFileDamaged)?;
            let keys_bytes = Zeroizing::new(serde_json::to_vec(&keys_file)?);
            let header = MoveHeader {
                format: MOVE_FORMAT.to_string(),
                installation_id: installation.id.clone(),
                role: installation.role.as_str().to_string(),
                unit_code: installation.unit_code.clone(),
                moved_at: at,
                moved_by_id: by.id.clone(),
                moved_by_name: by.name.clone(),
                households,
                schema_version,
                store_bytes: std::fs::metadata(&snapshot)
                    .map_err(|e| keys::io(&snapshot, e))?
                    .len(),
            };
            write_move_file(out, passphrase, cost, &header, &key, &keys_bytes, &snapshot)
        })();
        let _ = remove_if_there(&snapshot);
        if let Err(e) = written {
            let _ = remove_if_there(out);
            return Err(e);
        }
        let mark = MovedOut {
            at,
            by: by.id.clone(),
            file: file_name.clone(),
            households,
        };
        let marked = (|| -> Result<()> {
            tx.execute(
                "INSERT INTO store_meta (key, value) VALUES (?1, ?2)",
                rusqlite::params![MOVED_KEY, serde_json::to_string(&mark)?],
            )?;
            // The mark in SQL too, so an app from before moves existed cannot write entries
            // under this installation's id, nor change its people, villages or settings.
            tx.execute_batch(&crate::read_only::moved_triggers())?;
            append_action(
                &tx,
                at,
                ActionEvent::MovedOut,
                Some((&by.id, &by.name)),
                Some(&file_name),
                i64::try_from(households).unwrap_or(i64::MAX),
                "ok",
            )?;
            Ok(())
        })();
        match marked.and_then(|()| Ok(tx.commit()?)) {
            Ok(()) => Ok(mark),
            Err(e) => {
                let _ = remove_if_there(out);
                Err(e)
            }
        }
    }

    /// Creates the store at `store_path` from the move file `file`: the same installation
    /// (id, keys, journal and seqs, people and their PINs, recovery key), with the arrival
    /// logged. Refused when a store (or its keys file) is already there. A wrong passphrase,
    /// a damaged or cut-short file, or a file that is not a move file is refused with nothing
    /// created.
    pub fn move_in(
        file: &Path,
        store_path: &Path,
        passphrase: &MovePassphrase,
        at: UnixMillis,
    ) -> Result<MovedIn> {
        crate::access::finish_interrupted(store_path)?;
        let keys_path = KeysFile::path_for(store_path);
        let wal = with_suffix(store_path, "-wal");
        if crate::access::store_file(store_path)? != crate::access::StoreFile::Missing
            || keys_path.exists()
            || wal.exists()
        {
            return Err(StoreError::MoveTargetExists {
                path: store_path.display().to_string(),
            });
        }
        keys::private_folder_for(store_path)?;
        let arriving = with_suffix(store_path, ".moving-in");
        let pending = with_suffix(store_path, ".keys.pending");
        // What a killed attempt left: the half-written copy and its log. The file itself is
        // untouched by an attempt, so it can always be tried again.
        remove_arriving(&arriving)?;
        let read = read_move_file(file, passphrase, &arriving);
        let (header, key, keys_bytes) = match read {
            Ok(parts) => parts,
            Err(e) => {
                let _ = remove_if_there(&arriving);
                return Err(e);
            }
        };
        let checked = (|| -> Result<KeysFile> {
            let keys_file: KeysFile =
                serde_json::from_slice(&keys_bytes).map_err(|_| StoreError::MoveFileDamaged)?;
            if keys_file.format != keys::KEYS_FORMAT {
                return Err(StoreError::MoveFileDamaged);
            }
            // The copy must open with the key it came with and be the installation the header
            // names; a sound age file with a wrong inside is still refused.
            let conn = crate::access::keyed_connection(
                &arriving,
                &key,
                Some(rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY),
            )
            .map_err(|_| StoreError::MoveFileDamaged)?;
            let id: Option<String> = conn
                .query_row("SELECT id FROM installation WHERE singleton = 1", [], |r| {
                    r.get(0)
                })
                .optional()
                .map_err(|_| StoreError::MoveFileDamaged)?;
            let verdict: String = conn
                .query_row("PRAGMA quick_check", [], |r| r.get(0))
                .map_err(|_| StoreError::MoveFileDamaged)?;
            if id.as_deref() != Some(header.installation_id.as_str()) || verdict != "ok" {
                return Err(StoreError::MoveFileDamaged);
            }
            Ok(keys_file)
        })();
        let file_name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // The arrival is logged in the copy before it takes the store's name, so the rename
        // is the one commit point: a kill leaves no store (and the file to try again) or the
        // whole moved store with its arrival logged, never a store without its log.
        let keys_file = match checked.and_then(|keys_file| {
            log_arrival(&arriving, &key, &header, &file_name, at)?;
            Ok(keys_file)
        }) {
            Ok(file) => file,
            Err(e) => {
                let _ = remove_arriving(&arriving);
                return Err(e);
            }
        };
        // The same crash-safe order as a new encrypted store (`access.rs`): keys pending,
        // the store's rename is the commit point, then the keys take their name.
        keys_file.write(&pending)?;
        keys::set_private(&arriving)?;
        std::fs::rename(&arriving, store_path).map_err(|e| keys::io(store_path, e))?;
        keys::sync_folder(store_path)?;
        crate::access::finish_interrupted(store_path)?;
        let kdf = keys_file.kdf;
        let store = Store::open_keyed(store_path, key, kdf)?;
        Ok(MovedIn {
            store,
            installation_id: header.installation_id,
            households: header.households,
            moved_at: header.moved_at,
        })
    }
}

/// Removes a copy being moved in, with its write-ahead log and shared memory.
fn remove_arriving(arriving: &Path) -> Result<()> {
    for suffix in ["-wal", "-shm", "-journal"] {
        remove_if_there(&with_suffix(arriving, suffix))?;
    }
    remove_if_there(arriving)
}

/// Appends the `moved_in` row to the copy at `arriving` and folds it into the file (no
/// write-ahead log left beside it), synced, ready to be renamed into place.
fn log_arrival(
    arriving: &Path,
    key: &DataKey,
    header: &MoveHeader,
    file_name: &str,
    at: UnixMillis,
) -> Result<()> {
    let conn = crate::access::keyed_connection(arriving, key, None)?;
    append_action(
        &conn,
        at,
        ActionEvent::MovedIn,
        Some((&header.moved_by_id, &header.moved_by_name)),
        Some(file_name),
        i64::try_from(header.households).unwrap_or(i64::MAX),
        "ok",
    )?;
    let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
    if busy != 0 {
        return Err(keys::io(
            arriving,
            std::io::Error::other("the arriving copy could not be checkpointed"),
        ));
    }
    conn.close().map_err(|(_, e)| StoreError::from(e))?;
    for suffix in ["-wal", "-shm"] {
        remove_if_there(&with_suffix(arriving, suffix))?;
    }
    std::fs::File::open(arriving)
        .and_then(|f| f.sync_all())
        .map_err(|e| keys::io(arriving, e))
}

fn write_move_file(
    out: &Path,
    passphrase: &MovePassphrase,
    cost: MoveCost,
    header: &MoveHeader,
    key: &DataKey,
    keys_bytes: &[u8],
    snapshot: &Path,
) -> Result<()> {
    let partial = with_suffix(out, ".partial");
    remove_if_there(&partial)?;
    let result = (|| -> Result<()> {
        let file = keys::private_file(&partial)?;
        let mut recipient = age::scrypt::Recipient::new(passphrase.0.clone());
        if let Some(log_n) = cost.scrypt_log_n {
            recipient.set_work_factor(log_n);
        }
        let encryptor =
            age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
                .map_err(|e| keys::io(out, std::io::Error::other(e.to_string())))?;
        let io_err = |e: std::io::Error| keys::io(out, e);
        let mut writer = encryptor
            .wrap_output(BufWriter::new(file))
            .map_err(io_err)?;
        writer.write_all(MOVE_MAGIC).map_err(io_err)?;
        write_part(&mut writer, &serde_json::to_vec(header)?).map_err(io_err)?;
        write_part(&mut writer, key.raw()).map_err(io_err)?;
        write_part(&mut writer, keys_bytes).map_err(io_err)?;
        writer
            .write_all(&header.store_bytes.to_le_bytes())
            .map_err(io_err)?;
        let mut store = std::fs::File::open(snapshot).map_err(|e| keys::io(snapshot, e))?;
        let copied = std::io::copy(&mut store, &mut writer).map_err(io_err)?;
        if copied != header.store_bytes {
            return Err(keys::io(
                snapshot,
                std::io::Error::other("the copy changed while it was written"),
            ));
        }
        let file = writer
            .finish()
            .map_err(io_err)?
            .into_inner()
            .map_err(|e| io_err(e.into_error()))?;
        file.sync_all().map_err(io_err)?;
        Ok(())
    })();
    if let Err(e) = result {
        let _ = remove_if_there(&partial);
        return Err(e);
    }
    std::fs::rename(&partial, out).map_err(|e| keys::io(out, e))?;
    keys::sync_folder(out)
}

/// Decrypts and reads a move file, the store part written to `arriving`.
fn read_move_file(
    file: &Path,
    passphrase: &MovePassphrase,
    arriving: &Path,
) -> Result<(MoveHeader, DataKey, Zeroizing<Vec<u8>>)> {
    let mut input = std::fs::File::open(file).map_err(|e| keys::io(file, e))?;
    // An age file whose header does not read is a damaged one of ours (or of age's); a file
    // that does not even start like age is not a move file.
    let mut start = [0u8; AGE_START.len()];
    let looks_like_age = input.read_exact(&mut start).is_ok() && start == *AGE_START;
    let input = std::fs::File::open(file).map_err(|e| keys::io(file, e))?;
    let decryptor = age::Decryptor::new(BufReader::new(input)).map_err(|_| {
        if looks_like_age {
            StoreError::MoveFileDamaged
        } else {
            StoreError::MoveNotOurFile
        }
    })?;
    if !decryptor.is_scrypt() {
        return Err(StoreError::MoveNotOurFile);
    }
    let mut identity = age::scrypt::Identity::new(passphrase.0.clone());
    // A move file is written at about one second of scrypt on the machine that wrote it; a
    // slower new laptop may need more, a hostile file must not make it work for hours.
    identity.set_max_work_factor(22);
    let mut reader = decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(|e| match e {
            age::DecryptError::DecryptionFailed
            | age::DecryptError::KeyDecryptionFailed
            | age::DecryptError::NoMatchingKeys => StoreError::MoveWrongPassphrase,
            _ => StoreError::MoveFileDamaged,
        })?;
    let mut magic = [0u8; MOVE_MAGIC.len()];
    reader
        .read_exact(&mut magic)
        .map_err(|_| StoreError::MoveFileDamaged)?;
    if magic != MOVE_MAGIC {
        return Err(StoreError::MoveNotOurFile);
    }
    let header_bytes = read_part(&mut reader, MAX_PART_BYTES)?;
    let header: MoveHeader =
        serde_json::from_slice(&header_bytes).map_err(|_| StoreError::MoveFileDamaged)?;
    if header.format != MOVE_FORMAT {
        return Err(StoreError::MoveNotOurFile);
    }
    let key_bytes = read_part(&mut reader, 32)?;
    let key = DataKey::from_raw(&key_bytes).ok_or(StoreError::MoveFileDamaged)?;
    let keys_bytes = read_part(&mut reader, MAX_PART_BYTES)?;
    let store_len = read_len(&mut reader, u64::MAX)?;
    if store_len != header.store_bytes {
        return Err(StoreError::MoveFileDamaged);
    }
    {
        let mut out = keys::private_file(arriving)?;
        let copied = std::io::copy(&mut (&mut reader).take(store_len), &mut out)
            .map_err(|_| StoreError::MoveFileDamaged)?;
        if copied != store_len {
            return Err(StoreError::MoveFileDamaged);
        }
        out.sync_all().map_err(|e| keys::io(arriving, e))?;
    }
    // Nothing may follow the store, and reading to the end is what checks age's last chunk.
    let mut rest = [0u8; 1];
    match reader.read(&mut rest) {
        Ok(0) => {}
        _ => return Err(StoreError::MoveFileDamaged),
    }
    Ok((header, key, keys_bytes))
}
