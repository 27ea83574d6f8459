//! The action log on its way to the office (migration 0016): which rows of this installation's
//! own log, and of the logs it received from installations below it, are still to be written
//! into a batch for a recipient; the rows received, kept per origin installation exactly once
//! with their origin's signature; and the listings an office reads.
//!
//! A row names the person who acted by id and display name (the office's record of who did
//! what), never a household's name or an ID number: the log holds none.

use rusqlite::params;
use serde::Serialize;

use crate::error::Result;
use crate::people::{ActionEvent, ActionFilter, Person};
use crate::{Store, UnixMillis};

/// The `origin` under which this installation's own rows are marked sent: its id may change
/// (`become_new_installation`), its rows already sent must not go again under the new id.
const OWN: &str = "";

/// One row of an installation's action log as it travels: the origin installation and the
/// row's id there (`seq`), and the row as the origin wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TravellingAction {
    pub origin: String,
    pub seq: i64,
    pub at: UnixMillis,
    /// The origin's word for the action (`sign_in`, `export_with_names`…); kept as written, so
    /// a word a newer origin added is still kept and shown.
    pub event: String,
    pub person_id: Option<String>,
    pub person_name: Option<String>,
    pub subject: Option<String>,
    pub households: i64,
    pub outcome: String,
}

/// A row of the office's listing: a travelling row and, for a row received from another
/// installation, when it arrived here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OfficeActionRow {
    #[serde(flatten)]
    pub action: TravellingAction,
    /// `None` for this installation's own rows, and only for them.
    pub received_at: Option<UnixMillis>,
    /// The unit the origin installation serves, when this store holds its identity card (an
    /// installation enrolled here, or vouched for by one): the audit names the commune, not
    /// a bare installation id.
    pub origin_unit: Option<OriginUnit>,
}

/// The administrative unit of an action row's origin installation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OriginUnit {
    pub code: String,
    /// The unit's name from the reference units, when they hold the code.
    pub name: Option<String>,
}

/// Whose rows to list: one other installation's, or every row (this installation's own and
/// every received one), newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeActionFilter {
    /// Only this installation's rows; `None` for all.
    pub origin: Option<String>,
    pub since: Option<UnixMillis>,
    pub limit: usize,
}

/// What `office_rows` selects.
struct OfficeRows<'a> {
    origin: Option<&'a str>,
    person_id: Option<&'a str>,
    event: Option<ActionEvent>,
    since: Option<UnixMillis>,
    limit: usize,
}

type RowParts = (
    String,
    i64,
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
    String,
);

fn row_parts(r: &rusqlite::Row<'_>) -> rusqlite::Result<RowParts> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
    ))
}

fn action_from(parts: RowParts) -> TravellingAction {
    let (origin, seq, at, event, person_id, person_name, subject, households, outcome) = parts;
    TravellingAction {
        origin,
        seq,
        at,
        event,
        person_id,
        person_name,
        subject,
        households,
        outcome,
    }
}

/// Keeps the rows a verified batch carries, each origin's row once: a row already held is
/// passed over (the batch's verification refused one held with other content). Returns how
/// many were new.
pub(crate) fn keep_received(
    conn: &rusqlite::Connection,
    batch_id: &str,
    rows: &[(TravellingAction, [u8; 64])],
    at: UnixMillis,
) -> Result<usize> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO action_log_received (origin, seq, at, event, person_id, person_name,
                                          subject, households, outcome, signature, batch_id,
                                          received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
         ON CONFLICT (origin, seq) DO NOTHING",
    )?;
    let mut new = 0;
    for (row, signature) in rows {
        new += stmt.execute(params![
            row.origin,
            row.seq,
            row.at,
            row.event,
            row.person_id,
            row.person_name,
            row.subject,
            row.households,
            row.outcome,
            signature.as_slice(),
            batch_id,
            at
        ])?;
    }
    Ok(new)
}

impl Store {
    /// This installation's own rows not yet written into a batch for `recipient`, oldest
    /// first, named with `origin` (this installation's id now).
    pub fn own_actions_unsent(
        &self,
        recipient: &str,
        origin: &str,
    ) -> Result<Vec<TravellingAction>> {
        let mut stmt = self.conn.prepare(
            "SELECT ?2, a.id, a.at, a.event, a.person_id, a.person_name, a.subject,
                    a.households, a.outcome
             FROM action_log a
             WHERE NOT EXISTS (SELECT 1 FROM action_log_sent s
                               WHERE s.recipient = ?1 AND s.origin = ?3 AND s.seq = a.id)
             ORDER BY a.id",
        )?;
        let rows = stmt
            .query_map(params![recipient, origin, OWN], row_parts)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows.into_iter().map(action_from).collect())
    }

    /// Rows received from other installations (never `recipient`'s own) not yet written into
    /// a batch for `recipient`, by origin and seq, each with its origin's signature.
    pub fn received_actions_unsent(
        &self,
        recipient: &str,
    ) -> Result<Vec<(TravellingAction, Vec<u8>)>> {
        let mut stmt = self.conn.prepare(
            "SELECT r.origin, r.seq, r.at, r.event, r.person_id, r.person_name, r.subject,
                    r.households, r.outcome, r.signature
             FROM action_log_received r
             WHERE r.origin <> ?1
               AND NOT EXISTS (SELECT 1 FROM action_log_sent s
                               WHERE s.recipient = ?1 AND s.origin = r.origin
                                 AND s.seq = r.seq)
             ORDER BY r.origin, r.seq",
        )?;
        let rows = stmt
            .query_map([recipient], |r| {
                Ok((row_parts(r)?, r.get::<_, Vec<u8>>(9)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows
            .into_iter()
            .map(|(parts, signature)| (action_from(parts), signature))
            .collect())
    }

    /// Marks rows as written into a batch for `recipient`, so the next batch carries only
    /// later ones. `own` are this installation's row ids, `relayed` (origin, seq) of received
    /// rows.
    pub fn mark_actions_sent(
        &mut self,
        recipient: &str,
        own: &[i64],
        relayed: &[(String, i64)],
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT OR IGNORE INTO action_log_sent (recipient, origin, seq)
                 VALUES (?1, ?2, ?3)",
            )?;
            for seq in own {
                stmt.execute(params![recipient, OWN, seq])?;
            }
            for (origin, seq) in relayed {
                stmt.execute(params![recipient, origin, seq])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The signature of the row `origin`#`seq` as received here, if it was.
    pub fn received_action_signature(&self, origin: &str, seq: i64) -> Result<Option<Vec<u8>>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row(
                "SELECT signature FROM action_log_received WHERE origin = ?1 AND seq = ?2",
                params![origin, seq],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The administrator's audit screen: this installation's rows and every received one, one
    /// person's or one kind only if `filter` asks, newest first; refused unless `by` is an
    /// active administrator.
    pub fn office_actions_for(
        &self,
        by: &Person,
        filter: &ActionFilter,
    ) -> Result<Vec<OfficeActionRow>> {
        self.administrator(by)?;
        self.office_rows(&OfficeRows {
            origin: None,
            person_id: filter.person_id.as_deref(),
            event: filter.event,
            since: None,
            limit: filter.limit,
        })
    }

    /// The office's listing: one installation's rows (this installation's own when `origin`
    /// is its id) or every row, newest first.
    pub fn office_actions(&self, filter: &OfficeActionFilter) -> Result<Vec<OfficeActionRow>> {
        self.office_rows(&OfficeRows {
            origin: filter.origin.as_deref(),
            person_id: None,
            event: None,
            since: filter.since,
            limit: filter.limit,
        })
    }

    fn office_rows(&self, query: &OfficeRows<'_>) -> Result<Vec<OfficeActionRow>> {
        // A store signed into before its installation is set up has its own rows only.
        let this = self.installation_opt()?.map(|i| i.id).unwrap_or_default();
        let limit = i64::try_from(query.limit).unwrap_or(i64::MAX);
        let mut stmt = self.conn.prepare(
            "SELECT origin, seq, at, event, person_id, person_name, subject, households, outcome,
                    received_at,
                    (SELECT unit_code FROM sync_peer WHERE installation_id = origin),
                    (SELECT u.name FROM sync_peer p JOIN admin_unit u ON u.code = p.unit_code
                     WHERE p.installation_id = origin ORDER BY u.valid_from DESC LIMIT 1)
             FROM (SELECT ?1 AS origin, id AS seq, at, event, person_id, person_name, subject,
                          households, outcome, NULL AS received_at
                   FROM action_log
                   UNION ALL
                   SELECT origin, seq, at, event, person_id, person_name, subject, households,
                          outcome, received_at
                   FROM action_log_received WHERE origin <> ?1)
             WHERE (?2 IS NULL OR origin = ?2) AND (?3 IS NULL OR person_id = ?3)
               AND (?4 IS NULL OR event = ?4) AND (?5 IS NULL OR at >= ?5)
             ORDER BY at DESC, origin, seq DESC LIMIT ?6",
        )?;
        let rows = stmt
            .query_map(
                params![
                    this,
                    query.origin,
                    query.person_id,
                    query.event.map(ActionEvent::as_str),
                    query.since,
                    limit
                ],
                |r| {
                    Ok((
                        row_parts(r)?,
                        r.get::<_, Option<i64>>(9)?,
                        r.get::<_, Option<String>>(10)?,
                        r.get::<_, Option<String>>(11)?,
                    ))
                },
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows
            .into_iter()
            .map(
                |(parts, received_at, unit_code, unit_name)| OfficeActionRow {
                    action: action_from(parts),
                    received_at,
                    origin_unit: unit_code.map(|code| OriginUnit {
                        code,
                        name: unit_name,
                    }),
                },
            )
            .collect())
    }
}
