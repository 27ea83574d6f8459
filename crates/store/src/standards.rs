//! The standards files an office loaded for the installation (`rasoat standards load`; NĐ
//! 351/2025's method and thresholds once published): each kept as loaded with its digest and who
//! loaded it, journalled (entity `standards`) so it travels down to the communes as the round
//! settings do, and laid over the national standards the app ships wherever the store
//! classifies or decides whether a list may be recognised (`Store::standards`). A file arriving
//! in a batch is checked again by the same domain rule as one loaded here, and a faulty one
//! refuses the whole batch.

use rasoat_domain::office_standards::{installation_standards, read_office_file};
use rasoat_domain::standard::Standards;
use rusqlite::{params, Connection, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::{Result, StoreError};
use crate::journal::{self, Change, Entity, JournalEntry};
use crate::people::{append_action, ActionEvent, Person};
use crate::{Store, UnixMillis};

/// The operation of a standards entry.
pub const LOAD_OPERATION: &str = "load";

/// One file an office loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedStandards {
    /// The journal entry that loaded it.
    pub entry_id: String,
    /// The installation that loaded it.
    pub origin: String,
    /// SHA-256 of the file as loaded, lower-case hex.
    pub digest: String,
    /// Who loaded it, as the journal names them.
    pub loaded_by: String,
    pub recorded_at: UnixMillis,
    /// What the file says.
    pub standards: Standards,
}

/// The payload of a standards entry: the file's text as loaded, so every receiver keeps the
/// same bytes and digest.
#[derive(Debug, Serialize, Deserialize)]
struct StandardsEntry {
    digest: String,
    document: String,
}

/// The files loaded here, oldest first (the order they are laid over the national standards).
pub(crate) fn loaded(conn: &Connection) -> Result<Vec<LoadedStandards>> {
    let rows: Vec<(String, String, String, String, String, UnixMillis)> = conn
        .prepare_cached(
            "SELECT entry_id, origin, digest, document, loaded_by, recorded_at
             FROM loaded_standards ORDER BY recorded_at, entry_id",
        )?
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let shipped = Standards::national();
    rows.into_iter()
        .map(
            |(entry_id, origin, digest, document, loaded_by, recorded_at)| {
                Ok(LoadedStandards {
                    entry_id,
                    origin,
                    digest,
                    loaded_by,
                    recorded_at,
                    standards: read_office_file(&document, &shipped)?,
                })
            },
        )
        .collect()
}

/// The standards this installation classifies by: the shipped ones and every loaded file.
pub(crate) fn of_installation(conn: &Connection) -> Result<Standards> {
    let files = loaded(conn)?.into_iter().map(|f| f.standards).collect();
    Ok(installation_standards(Standards::national(), files))
}

fn keep(tx: &Transaction<'_>, entry: &JournalEntry, file: &StandardsEntry) -> Result<bool> {
    let n = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO loaded_standards
                 (entry_id, origin, digest, document, loaded_by, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            entry.id,
            entry.origin,
            file.digest,
            file.document,
            entry.actor,
            entry.recorded_at
        ])?;
    Ok(n > 0)
}

/// Classifies every round's unrecognised records again by the standards now held (a file may
/// settle a rule a stored class was decided by).
fn reclassify_rounds(tx: &Transaction<'_>) -> Result<()> {
    let rounds: Vec<String> = tx
        .prepare("SELECT id FROM round WHERE state <> 'locked'")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in rounds {
        let round = crate::rounds::load_round(tx, &id)?;
        let settings = crate::round_settings::stored(tx, &id)?.unwrap_or_default();
        crate::round_settings::reclassify(tx, &round, &settings, None)?;
    }
    Ok(())
}

/// Keeps a standards file another installation loaded, checked again here: a file that
/// changes a confirmed fact or TT 07's points refuses the batch that carries it.
pub(crate) fn apply_entry(tx: &Transaction<'_>, entry: &JournalEntry) -> Result<()> {
    let mut file: StandardsEntry = serde_json::from_str(&entry.payload)?;
    read_office_file(&file.document, &Standards::national())?;
    // The digest kept is always the one of the bytes kept.
    file.digest = journal::content_hash(file.document.as_bytes());
    if keep(tx, entry, &file)? {
        reclassify_rounds(tx)?;
    }
    Ok(())
}

impl Store {
    /// Loads an office's standards file for the installation: checked by the domain
    /// (`office_standards::read_office_file`), kept with its digest, journalled so it travels
    /// to the units below, written in the action log with its digest, and every round's
    /// unrecognised records classified again. Refused (nothing written) to an installation that
    /// is not an office, and for any file the domain refuses.
    pub fn load_standards(
        &mut self,
        text: &str,
        person: Option<&Person>,
        actor: &str,
        at: UnixMillis,
    ) -> Result<LoadedStandards> {
        self.check_not_moved()?;
        let installation = self.installation()?;
        if !installation.role.is_office() {
            return Err(StoreError::StandardsNotTheOffice {
                office: installation.role.as_str().to_string(),
            });
        }
        let standards = read_office_file(text, &Standards::national())?;
        let file = StandardsEntry {
            digest: journal::content_hash(text.as_bytes()),
            document: text.to_string(),
        };
        let payload = serde_json::to_string(&file)?;
        let tx = self.conn.transaction()?;
        let seq = journal::append(
            &tx,
            &installation.id,
            at,
            &Change {
                entity: Entity::Standards,
                entity_id: &file.digest,
                operation: LOAD_OPERATION,
                parent_hash: None,
                content_hash: &journal::content_hash(payload.as_bytes()),
                actor,
                reason: "nạp tệp chuẩn nghèo / standards file loaded",
                payload: &payload,
            },
        )?;
        let entry = tx.query_row(
            &format!(
                "SELECT {} FROM journal WHERE origin = ?1 AND seq = ?2",
                journal::ENTRY_COLUMNS
            ),
            params![installation.id, seq],
            journal::entry_from_row,
        )?;
        keep(&tx, &entry, &file)?;
        append_action(
            &tx,
            at,
            ActionEvent::SettingsChanged,
            person.map(|p| (p.id.as_str(), p.name.as_str())),
            Some(&format!("tệp chuẩn nghèo sha256:{}", file.digest)),
            0,
            "ok",
        )?;
        reclassify_rounds(&tx)?;
        tx.commit()?;
        Ok(LoadedStandards {
            entry_id: entry.id,
            origin: installation.id,
            digest: file.digest,
            loaded_by: actor.to_string(),
            recorded_at: at,
            standards,
        })
    }

    /// The standards files loaded here or received from the office, oldest first.
    pub fn loaded_standards(&self) -> Result<Vec<LoadedStandards>> {
        loaded(&self.conn)
    }

    /// The standards this installation classifies by: the national ones the app ships, with
    /// every loaded file laid over them.
    pub fn standards(&self) -> Result<Standards> {
        of_installation(&self.conn)
    }
}
