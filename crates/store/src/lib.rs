//! The local store of one Rà soát installation: one SQLite file holding its rounds, households,
//! survey records (their members inside their answers), reference administrative units and the
//! journal of every change.
//!
//! Invariants:
//! - every change and its journal entry commit in the same transaction;
//! - the store never reads the clock: callers pass the time (`UnixMillis`) in (it hosts
//!   `unix_millis_now` for those callers but never calls it);
//! - the review rules are the domain's (`rasoat_domain::workflow`); the store only enforces them;
//! - names of people are personal data: no error or log line carries one;
//! - the sync server's audit log (`audit.rs`), the people's action log (`people.rs`) and the
//!   rows of other installations' action logs received with batches (`action_exchange.rs`)
//!   are append-only: triggers refuse UPDATE and DELETE;
//! - an encrypted store's data key is never written in clear: it is wrapped in the key slots of
//!   its keys file (`keys.rs`), and only `access.rs` turns a PIN, the recovery key or a
//!   server's key file back into it;
//! - a store whose installation moved to another machine (`moving.rs`) refuses every
//!   journalled change, every exchange and every local change that matters (`read_only.rs`),
//!   and stays readable.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;
use uuid::Uuid;

pub mod access;
pub mod action_exchange;
mod answers;
pub mod audit;
pub mod backup;
pub mod classification;
pub mod counted_beside;
pub mod digest;
pub mod duplicate_codes;
pub mod error;
pub mod exchange;
pub mod household_codes;
mod household_list;
pub mod households;
pub mod import;
#[cfg(feature = "test-inspection")]
pub mod inspect;
pub mod installation;
pub mod journal;
pub mod kept_figures;
pub mod keys;
pub mod late_edits;
pub mod merge;
pub mod migrations;
pub mod moving;
pub mod opening_list;
pub mod opening_printed;
pub mod opening_review;
pub mod outbox;
pub mod overview;
pub mod people;
pub mod provisional;
pub mod read_only;
pub mod report;
pub mod report_lists;
mod report_memo;
pub mod review;
pub mod round_settings;
pub mod rounds;
pub mod scratch;
pub mod standards;
pub mod step_states;
pub mod sync_history;
pub mod targets;
pub mod transfers;
pub mod units;
pub mod uploads;
pub mod village_entries;
pub mod village_filter;
pub mod village_steps;
pub mod villages;

pub use access::{Credential, Protected, Reopen, StoreFile, Unlocked};
pub use action_exchange::{OfficeActionFilter, OfficeActionRow, OriginUnit, TravellingAction};
pub use audit::{AuditEvent, AuditFilter, AuditRecord, AuditRow};
pub use backup::{backup_file, check_file, BackupReport, CheckDepth, CheckVerdict};
pub use error::{Result, StoreError};
pub use exchange::{
    AppliedBatch, IncomingBatch, OwnCertificate, PeerRecord, Revocation, StoredIdentity,
    StoredPeer, StoredRevocation,
};
pub use households::{
    HouseholdPage, HouseholdRow, ListFilter, Listing, Review, SavedRecord, SurveyRecord,
    SurveyResult,
};
pub use import::{ImportOptions, ImportReport, RowError};
pub use installation::{Installation, NewInstallation};
pub use journal::{Entity, JournalEntry};
pub use keys::{KdfParams, RecoveryKey, ServiceSecret, SignInName};
pub use late_edits::LateEdit;
pub use moving::{MoveCost, MovePassphrase, MoveSummary, MovedIn, MovedOut};
pub use opening_list::{OpeningTally, TallyUnit};
pub use opening_review::{OpeningReview, SavedOpening};
pub use outbox::{NewOutboxBatch, OutboxBatch, OutboxRefusal, OutboxStatus, SyncPassRecord};
pub use overview::RoundOverview;
pub use people::{ActionEvent, ActionFilter, ActionRow, Person, PersonRole};
pub use report_lists::{ListedHousehold, PoorOrNearPoor};
pub use rounds::{Round, RoundKind, RoundState};
pub use standards::LoadedStandards;
pub use transfers::{StoredTransfer, Transfer};
pub use units::{AdminUnit, UnitBasis, UnitClassCount};
pub use uploads::{ChunkOutcome, ExpiredUploads, Upload};
pub use village_entries::{village_commune_of, VillageState};
pub use village_filter::VillageChoice;
pub use villages::Village;

/// Milliseconds since the Unix epoch, always passed in by the caller.
pub type UnixMillis = i64;

/// The wall clock now, in `UnixMillis`, for the edges that may read it (the CLI, the server, the
/// sync client, the desktop shell): one reading of the clock instead of one per binary. The
/// store itself never calls this; every store method takes its time as an argument.
pub fn unix_millis_now() -> UnixMillis {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// A UUIDv7 whose time part is the given instant. Ids made in the same millisecond (a bulk
/// save, an import) count up instead of being random, so they sort in creation order and the
/// journal's id index grows at its end.
pub fn new_id(at: UnixMillis) -> Uuid {
    thread_local! {
        static CONTEXT: uuid::ContextV7 = const { uuid::ContextV7::new() };
    }
    let at = u64::try_from(at).unwrap_or(0);
    CONTEXT.with(|context| {
        let ts = uuid::Timestamp::from_unix(context, at / 1000, ((at % 1000) * 1_000_000) as u32);
        Uuid::new_v7(ts)
    })
}

/// An open store. One per process and file; SQLite's locking makes several processes safe.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    /// The data key of an encrypted store, for its readers and new key slots.
    key: Option<keys::DataKey>,
    /// The keys file of an encrypted store.
    keys_path: Option<PathBuf>,
    /// The Argon2id cost of new key slots.
    kdf: KdfParams,
    /// Unlocked by the recovery key: a PIN may then be reset without an administrator.
    by_recovery: bool,
    /// Reports counted from the content the store holds now.
    reports: report_memo::ReportMemo,
}

/// How long a connection waits for another process's write lock before it gives up (the
/// desktop app and a CLI import may run together).
pub(crate) const BUSY_WAIT: Duration = Duration::from_secs(10);

impl Store {
    /// Runs a write of one round's records (and of what no report reads), telling the kept
    /// reports so, so the other rounds' stay kept (`report_memo`). A write that fails is
    /// rolled back: forgetting that round's reports then costs a count and is never wrong.
    pub(crate) fn writing_round<T>(
        &mut self,
        round_id: &str,
        write: impl FnOnce(&mut Store) -> Result<T>,
    ) -> Result<T> {
        self.writing(report_memo::Touched::Rounds(&[round_id.to_string()]), write)
    }

    /// Runs a write of what `touched` says, telling the kept reports so (`report_memo`).
    pub(crate) fn writing<T>(
        &mut self,
        touched: report_memo::Touched<'_>,
        write: impl FnOnce(&mut Store) -> Result<T>,
    ) -> Result<T> {
        // A stamp that cannot be read leaves the kept reports unable to follow this write,
        // never the write refused.
        let before = report_memo::ContentStamp::of(&self.conn).unwrap_or(None);
        let written = write(self);
        // Unknown after the write (a failed read of the stamp): the memo cannot follow it, and
        // the write's own outcome is what the caller is told.
        let after = report_memo::ContentStamp::of(&self.conn).unwrap_or(None);
        self.reports.wrote(before, after, touched);
        written
    }

    /// Reports and target sums this connection counted rather than gave from the ones it
    /// kept: what the dashboard's bench and the kept reports' tests read.
    pub fn reports_counted(&self) -> u64 {
        self.reports.counted()
    }

    /// Reports and target sums this connection gave from the figures an earlier connection
    /// kept in the file (`kept_figures`).
    pub fn reports_from_file(&self) -> u64 {
        self.reports.given_from_file()
    }

    /// Reports and target sums counted on second connections while this one counted its
    /// own (`Store::count_beside`), then given from the file like any kept figure.
    pub fn reports_counted_beside(&self) -> u64 {
        self.reports.beside()
    }

    /// The earlier rounds' classes this connection gave from the file (`kept_figures`).
    pub fn earlier_classes_from_file(&self) -> u64 {
        self.reports.earlier_given_from_file()
    }

    /// The earlier rounds' classes a round's changes compare with, counted rather than given
    /// from the kept: what the kept reports' tests read.
    pub fn earlier_classes_counted(&self) -> u64 {
        self.reports.earlier_counted()
    }

    /// Target sums this connection counted from what a round's report gathered in its own
    /// sweep rather than by sweeping the round again: what the kept reports' tests read.
    pub fn sums_from_reports(&self) -> u64 {
        self.reports.sums_from_reports()
    }

    /// Opens (creating if needed, as a file only its owner can read) a plain store at `path`
    /// and migrates it to the latest schema. Refuses an encrypted store (`Locked`: it needs
    /// `Store::unlock`) and a store written by a newer, incompatible app.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        access::finish_interrupted(path)?;
        if access::store_file(path)? == StoreFile::Encrypted
            || keys::KeysFile::path_for(path).exists()
        {
            return Err(StoreError::Locked);
        }
        Store::open_plain(path)
    }

    pub(crate) fn open_plain(path: &Path) -> Result<Store> {
        if access::store_file(path)? == StoreFile::Missing {
            keys::private_folder_for(path)?;
            drop(keys::private_file(path)?);
        }
        let conn = Connection::open(path)?;
        Store::from_connection(conn, false)
    }

    pub(crate) fn into_connection(self) -> Connection {
        self.conn
    }

    /// A second, read-only connection to this store's file, for long reads (a sync server's
    /// pull pages) that must not wait for, nor hold up, the writer: in WAL mode readers and the
    /// writer run side by side, each reader on the last committed state. `None` for an
    /// in-memory store, which has no file to share.
    pub fn open_reader(&self) -> Result<Option<Store>> {
        let Some(path) = self.conn.path().filter(|p| !p.is_empty()) else {
            return Ok(None);
        };
        let flags =
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = match &self.key {
            Some(key) => access::keyed_connection(Path::new(path), key, Some(flags))?,
            None => Connection::open_with_flags(path, flags)?,
        };
        conn.busy_timeout(BUSY_WAIT)?;
        conn.pragma_update(None, "query_only", "ON")?;
        conn.pragma_update(None, "cache_size", -16_384)?;
        answers::register(&conn)?;
        conn.set_prepared_statement_cache_capacity(64);
        Ok(Some(Store {
            conn,
            key: self.key.clone(),
            keys_path: self.keys_path.clone(),
            kdf: self.kdf,
            by_recovery: false,
            reports: Default::default(),
        }))
    }

    /// Caps this connection's page cache at `mib` MiB. A store opens with room for 256 MiB,
    /// taken as pages are read, which a report wants; a sync server, which reads every page of
    /// its store over a day and runs for months, keeps less (its memory target is 300 MB with
    /// the hostile load's page builds on top).
    pub fn limit_page_cache(&self, mib: u32) -> Result<()> {
        self.conn
            .pragma_update(None, "cache_size", -(i64::from(mib) * 1024))?;
        Ok(())
    }

    /// Gives up the pages this connection's cache holds beyond the `keep_mib` MiB used last
    /// (SQLite frees the least recently used at once), then lets it grow to `size_mib` again
    /// as pages are read: the window does so once its store work goes quiet, so what it keeps
    /// at rest is not its busiest moment's cache. Pages read again come from the file
    /// (decrypted again in an encrypted store). The kept reports stay; what a report gathered
    /// for target sums nobody asked (a posting list's report) is let go. The size is set back
    /// even when giving up failed, so a fault never leaves the cache small.
    pub fn release_page_cache(&self, keep_mib: u32, size_mib: u32) -> Result<()> {
        self.reports.let_go_of_sums_input();
        let given_up = self
            .conn
            .pragma_update(None, "cache_size", -(i64::from(keep_mib) * 1024));
        self.limit_page_cache(size_mib)?;
        given_up?;
        Ok(())
    }

    /// An in-memory store, for tests and dry runs.
    pub fn open_in_memory() -> Result<Store> {
        Store::from_connection(Connection::open_in_memory()?, false)
    }

    fn from_connection(mut conn: Connection, keyed: bool) -> Result<Store> {
        // Wait for another process's write instead of failing at once (the desktop app and a
        // CLI import may run together).
        conn.busy_timeout(BUSY_WAIT)?;
        // 16 KiB pages, set before the first table exists (a no-op on an existing store): a
        // household's answers (2–4 KB of JSON) then fit in its page instead of spilling into
        // overflow pages, which made the store a third larger and slower. (An encrypted store
        // has the same size set as SQLCipher's `cipher_page_size` when it is keyed.)
        if !keyed {
            conn.pragma_update(None, "page_size", 16_384)?;
        }
        // WAL: readers never block the writer, and a killed writer leaves the file consistent.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // FULL: an acknowledged save survives a power cut, not only a killed process; field
        // laptops run on batteries and generators.
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // 256 MiB of page cache at most (taken only as pages are read): random-key index
        // inserts (UUIDs) stay in memory during bulk saves instead of re-reading pages, and a
        // report over 200,000 households reads each page once. With 64 MiB the report re-read
        // pages it had evicted; in an encrypted store every re-read is a decryption and an
        // HMAC, which made the report 3.5 times slower than a plain store's (docs/benchmarks.md).
        conn.pragma_update(None, "cache_size", -262_144)?;
        // Statement journals (for rolling back one upsert inside a transaction) in memory,
        // not in a temporary file: they were a twentieth of a bulk save's time.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        answers::register(&conn)?;
        migrations::migrate(&mut conn)?;
        read_only::keep_triggers(&conn)?;
        // A form save runs about ten cached statements, a review or import more: keep them
        // all prepared (rusqlite's default of 16 would evict and re-parse).
        conn.set_prepared_statement_cache_capacity(64);
        // Write transactions take the write lock when they begin, so a second process waits
        // (busy timeout) instead of failing when its read-then-write upgrade meets ours.
        conn.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
        // Query planner stability: without it SQLite re-parses a cached statement whenever a
        // new bound value might change its plan, which the benchmark showed on every save.
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
            true,
        )?;
        Ok(Store {
            conn,
            key: None,
            keys_path: None,
            kdf: KdfParams::STANDARD,
            by_recovery: false,
            reports: Default::default(),
        })
    }

    /// The schema version (number of migrations applied).
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// `PRAGMA integrity_check`: `Ok(())` when SQLite finds the file sound.
    pub fn integrity_check(&self) -> Result<()> {
        let verdict: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if verdict == "ok" {
            Ok(())
        } else {
            Err(StoreError::IntegrityCheck { verdict })
        }
    }

    /// Raw SQL access for tests and benchmarks that look under the hood (row counts, planted
    /// damage). Only the `test-inspection` feature has it, which no crate enables outside its
    /// dev-dependencies (`tests/tests/architecture.rs` checks), so the application itself
    /// reaches the database through the typed methods only.
    #[cfg(feature = "test-inspection")]
    pub fn sql_for_tests(&self) -> &Connection {
        &self.conn
    }
}
