//! Keeping a store safe: online backups (SQLite's backup API, consistent while the server keeps
//! writing) checked before they count, and `quick_check` / `integrity_check` of a store file
//! with a verdict a district IT person can act on.
//!
//! Both open the file without migrating it: a check or a backup never changes what it reads.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use crate::error::{Result, StoreError};
use crate::Store;

/// How deep a check reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckDepth {
    /// `PRAGMA quick_check`: every page and b-tree, without matching indexes to their tables;
    /// seconds on a district's store.
    Quick,
    /// `PRAGMA integrity_check`: the same and every index against its table.
    Full,
}

impl CheckDepth {
    fn pragma(self) -> &'static str {
        match self {
            CheckDepth::Quick => "PRAGMA quick_check",
            CheckDepth::Full => "PRAGMA integrity_check",
        }
    }
}

/// What a check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckVerdict {
    pub depth: CheckDepth,
    /// SQLite's own lines when the file is damaged (pages and indexes, never a stored value);
    /// empty when it is sound.
    pub problems: Vec<String>,
}

impl CheckVerdict {
    pub fn is_sound(&self) -> bool {
        self.problems.is_empty()
    }
}

/// What a finished backup holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupReport {
    pub path: PathBuf,
    pub pages: i64,
    pub bytes: u64,
    pub schema_version: i64,
}

/// SQLite's answer when a file is damaged or is no database: a verdict, not a failure.
fn damage(e: &rusqlite::Error) -> Option<String> {
    match e {
        rusqlite::Error::SqliteFailure(f, message)
            if matches!(
                f.code,
                rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase
            ) =>
        {
            Some(message.clone().unwrap_or_else(|| f.to_string()))
        }
        _ => None,
    }
}

fn run_check(conn: &Connection, depth: CheckDepth) -> Result<CheckVerdict> {
    let lines = conn.prepare(depth.pragma()).and_then(|mut stmt| {
        stmt.query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()
    });
    let mut problems = match lines {
        Ok(lines) if lines.len() == 1 && lines[0] == "ok" => Vec::new(),
        Ok(lines) => lines,
        Err(e) => match damage(&e) {
            Some(message) => vec![message],
            None => return Err(e.into()),
        },
    };
    // The full check also asks whether the reports' narrow copy of each record still says what
    // the record does (a sound file can hold a wrong copy, and the report counts from it).
    // Only on a sound file of a schema that has the copy.
    let has_summary = conn
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE name = 'record_summary')",
            [],
            |r| r.get::<_, bool>(0),
        )
        .unwrap_or(false);
    if depth == CheckDepth::Full && problems.is_empty() && has_summary {
        let n = crate::households::summary_mismatches(conn)?;
        if n > 0 {
            problems.push(format!(
                "record_summary: {n} dòng tổng hợp khác với hồ sơ của chúng, báo cáo có thể sai; giữ nguyên tệp và báo cho người phụ trách kỹ thuật / {n} summary rows differ from their records, reports may be wrong; keep the file and tell technical support"
            ));
        }
    }
    // The same for the household list's own tables (migration 0028), which the list and its
    // search read instead of the records.
    let has_list = conn
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE name = 'household_list_source')",
            [],
            |r| r.get::<_, bool>(0),
        )
        .unwrap_or(false);
    if depth == CheckDepth::Full && problems.is_empty() && has_list {
        let n = crate::household_list::mismatches(conn)?;
        if n > 0 {
            problems.push(format!(
                "household_list: {n} dòng của danh sách hộ khác với hồ sơ của chúng, danh sách và tìm kiếm có thể sai; giữ nguyên tệp và báo cho người phụ trách kỹ thuật / {n} household list rows differ from their records, the list and its search may be wrong; keep the file and tell technical support"
            ));
        }
    }
    Ok(CheckVerdict { depth, problems })
}

fn open_existing(path: &Path) -> Result<Connection> {
    if !path.is_file() {
        return Err(StoreError::Io {
            path: path.display().to_string(),
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
        });
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(Duration::from_secs(10))?;
    // The full check compares the summary rows with the answers they came from.
    crate::answers::register(&conn)?;
    Ok(conn)
}

/// Checks the store file at `path` without migrating or changing it. A damaged file is a
/// verdict with problems; only a file that cannot be opened at all is an error.
pub fn check_file(path: &Path, depth: CheckDepth) -> Result<CheckVerdict> {
    let conn = open_existing(path)?;
    run_check(&conn, depth)
}

/// Copies the store at `source` to `out` with SQLite's online backup API: the copy is the
/// store as it was at one instant, even while a server writes to it (in WAL mode the backup
/// holds a read snapshot and never blocks a writer). The copy is written beside `out`, checked
/// with `integrity_check` once reopened, and only then renamed to `out`; a copy that fails the
/// check is removed and the failure returned. Refuses to overwrite an existing `out`.
pub fn backup_file(source: &Path, out: &Path) -> Result<BackupReport> {
    let from = open_existing(source)?;
    backup_from(&from, None, out)
}

/// `backup_file` of an open store, for an encrypted one: the copy is encrypted with the same
/// data key, and the keys file is copied beside it (`<out>.keys`), so the backup opens with
/// the same PINs and recovery key.
pub(crate) fn backup_from(
    from: &Connection,
    key: Option<&crate::keys::DataKey>,
    out: &Path,
) -> Result<BackupReport> {
    let io = |path: &Path, source: std::io::Error| StoreError::Io {
        path: path.display().to_string(),
        source,
    };
    if out.exists() {
        return Err(io(
            out,
            std::io::Error::from(std::io::ErrorKind::AlreadyExists),
        ));
    }
    let mut partial = out.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    // A partial copy left by a killed backup is garbage by definition.
    match std::fs::remove_file(&partial) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io(&partial, e)),
    }
    let copied = copy_into(from, key, &partial).and_then(|()| verify_copy(&partial, key));
    let (pages, schema_version) = match copied {
        Ok(found) => found,
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
    };
    std::fs::rename(&partial, out).map_err(|e| io(out, e))?;
    let bytes = std::fs::metadata(out).map_err(|e| io(out, e))?.len();
    Ok(BackupReport {
        path: out.to_path_buf(),
        pages,
        bytes,
        schema_version,
    })
}

fn copy_into(from: &Connection, key: Option<&crate::keys::DataKey>, partial: &Path) -> Result<()> {
    crate::keys::private_file(partial)?;
    let mut to = match key {
        Some(key) => crate::access::keyed_connection(partial, key, None)?,
        None => Connection::open(partial)?,
    };
    {
        let backup = Backup::new(from, &mut to)?;
        // All pages in one step: one read snapshot, so writes made meanwhile (which WAL lets
        // go on) never restart the copy. Busy only happens while another process changes the
        // journal mode or checkpoints: wait and retry.
        let mut waits = 0;
        loop {
            match backup.step(-1)? {
                StepResult::Done => break,
                StepResult::More => {}
                _ if waits < 100 => {
                    waits += 1;
                    std::thread::sleep(Duration::from_millis(100));
                }
                _ => {
                    return Err(StoreError::Sqlite(rusqlite::Error::SqliteFailure(
                        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                        Some("the store stayed busy for 10 s".into()),
                    )))
                }
            }
        }
    }
    // The copy stands alone: fold its write-ahead log into the file before it is moved.
    to.pragma_update(None, "journal_mode", "DELETE")?;
    to.close().map_err(|(_, e)| e)?;
    Ok(())
}

/// Reopens the copy and checks it fully: a backup counts only once it reads back sound.
fn verify_copy(partial: &Path, key: Option<&crate::keys::DataKey>) -> Result<(i64, i64)> {
    let conn = match key {
        Some(key) => crate::access::keyed_connection(
            partial,
            key,
            Some(OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX),
        )?,
        None => open_existing(partial)?,
    };
    let verdict = run_check(&conn, CheckDepth::Full)?;
    if !verdict.is_sound() {
        return Err(StoreError::IntegrityCheck {
            verdict: verdict.problems.join("; "),
        });
    }
    let pages = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    let version = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    Ok((pages, version))
}

impl Store {
    /// `PRAGMA quick_check` of the open store: what the server runs before it serves.
    pub fn quick_check(&self) -> Result<CheckVerdict> {
        run_check(&self.conn, CheckDepth::Quick)
    }

    /// A check of the open store (an encrypted store is checked this way, once unlocked).
    pub fn check(&self, depth: CheckDepth) -> Result<CheckVerdict> {
        run_check(&self.conn, depth)
    }

    /// `backup_file` of this store; an encrypted store's copy stays encrypted under the same
    /// key and gets a copy of the keys file.
    pub fn backup_to(&self, out: &Path) -> Result<BackupReport> {
        let report = backup_from(&self.conn, self.key.as_ref(), out)?;
        if let Some(keys) = &self.keys_path {
            let copy = crate::keys::KeysFile::path_for(out);
            let file = crate::keys::KeysFile::read(keys)?.ok_or(StoreError::KeysFileDamaged)?;
            file.write(&copy)?;
        }
        Ok(report)
    }
}
