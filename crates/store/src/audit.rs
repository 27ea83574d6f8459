//! The sync server's audit log (migration 0010): sign-ins, refusals, uploads, imports and pulls,
//! each with its time, installation, unit, counts, bytes and outcome code. Rows are only ever
//! added: SQLite triggers refuse any UPDATE or DELETE, so the log can be shown to an inspector
//! as it was written.
//!
//! Installations, units, counts and codes only: no row names a person or carries an ID number.

use rusqlite::params;
use serde::Serialize;

use crate::error::{Result, StoreError};
use crate::{Store, UnixMillis};

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditEvent {
    /// An installation proved its key and got a session.
    SignIn,
    /// The server refused a sign-in, an upload, an import or a pull (`action` says which).
    Refusal,
    /// A batch arrived whole.
    Upload,
    /// A whole batch was verified and imported (or found imported before).
    Import,
    /// An installation fetched a page of what it lacked.
    Pull,
}

impl AuditEvent {
    pub const ALL: [AuditEvent; 5] = [
        AuditEvent::SignIn,
        AuditEvent::Refusal,
        AuditEvent::Upload,
        AuditEvent::Import,
        AuditEvent::Pull,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditEvent::SignIn => "sign_in",
            AuditEvent::Refusal => "refusal",
            AuditEvent::Upload => "upload",
            AuditEvent::Import => "import",
            AuditEvent::Pull => "pull",
        }
    }

    pub fn parse(word: &str) -> Option<AuditEvent> {
        AuditEvent::ALL.into_iter().find(|e| e.as_str() == word)
    }

    /// The Vietnamese word a district IT person reads.
    pub fn label_vi(self) -> &'static str {
        match self {
            AuditEvent::SignIn => "đăng nhập",
            AuditEvent::Refusal => "từ chối",
            AuditEvent::Upload => "tải lên",
            AuditEvent::Import => "nhập lô",
            AuditEvent::Pull => "tải về",
        }
    }
}

/// One event to append; the time is passed separately, like everywhere in the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub event: AuditEvent,
    /// For a refusal, what was refused.
    pub action: Option<AuditEvent>,
    pub installation: Option<String>,
    pub entries: i64,
    pub records: i64,
    pub conflicts: i64,
    pub bytes: i64,
    /// `ok`, or the refusal code the caller received.
    pub outcome: String,
}

/// One row of the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditRow {
    pub id: i64,
    pub at: UnixMillis,
    pub event: AuditEvent,
    pub action: Option<AuditEvent>,
    pub installation: Option<String>,
    pub unit_code: Option<String>,
    pub entries: i64,
    pub records: i64,
    pub conflicts: i64,
    pub bytes: i64,
    pub outcome: String,
}

/// Which rows to list; the newest `limit` that match, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditFilter {
    pub since: Option<UnixMillis>,
    pub event: Option<AuditEvent>,
    pub installation: Option<String>,
    pub limit: usize,
}

impl Default for AuditFilter {
    fn default() -> AuditFilter {
        AuditFilter {
            since: None,
            event: None,
            installation: None,
            limit: 1000,
        }
    }
}

fn stored_event(word: String) -> Result<AuditEvent> {
    AuditEvent::parse(&word).ok_or(StoreError::StoredWord {
        what: "audit_log.event",
        word,
    })
}

impl Store {
    /// Appends one event at `at`. The unit is the installation's as enrolled here, looked up in
    /// the same statement, so a caller cannot record a unit the installation does not serve.
    pub fn append_audit(&mut self, at: UnixMillis, record: &AuditRecord) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO audit_log (at, event, action, installation, unit_code, entries, records,
                                    conflicts, bytes, outcome)
             VALUES (?1, ?2, ?3, ?4,
                     (SELECT unit_code FROM sync_peer WHERE installation_id = ?4),
                     ?5, ?6, ?7, ?8, ?9)",
            params![
                at,
                record.event.as_str(),
                record.action.map(AuditEvent::as_str),
                record.installation,
                record.entries.max(0),
                record.records.max(0),
                record.conflicts.max(0),
                record.bytes.max(0),
                record.outcome,
            ],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// The newest rows that match `filter`, newest first.
    pub fn audit(&self, filter: &AuditFilter) -> Result<Vec<AuditRow>> {
        let limit = i64::try_from(filter.limit).unwrap_or(i64::MAX);
        let mut stmt = self.conn.prepare(
            "SELECT id, at, event, action, installation, unit_code, entries, records, conflicts,
                    bytes, outcome
             FROM audit_log
             WHERE (?1 IS NULL OR at >= ?1)
               AND (?2 IS NULL OR event = ?2)
               AND (?3 IS NULL OR installation = ?3)
             ORDER BY id DESC LIMIT ?4",
        )?;
        let rows = stmt
            .query_map(
                params![
                    filter.since,
                    filter.event.map(AuditEvent::as_str),
                    filter.installation,
                    limit
                ],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, Option<String>>(4)?,
                        r.get::<_, Option<String>>(5)?,
                        (
                            r.get::<_, i64>(6)?,
                            r.get::<_, i64>(7)?,
                            r.get::<_, i64>(8)?,
                            r.get::<_, i64>(9)?,
                        ),
                        r.get::<_, String>(10)?,
                    ))
                },
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(
                |(id, at, event, action, installation, unit_code, counts, outcome)| {
                    let (entries, records, conflicts, bytes) = counts;
                    Ok(AuditRow {
                        id,
                        at,
                        event: stored_event(event)?,
                        action: action.map(stored_event).transpose()?,
                        installation,
                        unit_code,
                        entries,
                        records,
                        conflicts,
                        bytes,
                        outcome,
                    })
                },
            )
            .collect()
    }

    /// Uploads begun and not finished, of every installation: a count for the health endpoint.
    pub fn uploads_in_progress(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM sync_upload", [], |r| r.get(0))?)
    }
}
