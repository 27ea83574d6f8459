//! Survey rounds: the periodic annual review (01/9–14/12) or a regular monthly review
//! (QĐ 24/2021 Art. 3), each with the poverty standard it applies and its state: open for data
//! entry, closed (only review steps), or locked (nothing changes).

use rasoat_domain::classify::{default_method, Method};
use rasoat_domain::standard::Standards;
use rasoat_domain::workflow::check_recognisable;
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::{Result, StoreError};
use crate::journal::{self, Change, Entity};
use crate::{new_id, Store, UnixMillis};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundKind {
    /// "Rà soát định kỳ": once a year.
    Periodic,
    /// "Rà soát thường xuyên": once a month.
    Regular,
}

impl RoundKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RoundKind::Periodic => "periodic",
            RoundKind::Regular => "regular",
        }
    }
    pub fn parse(word: &str) -> Option<RoundKind> {
        match word {
            "periodic" => Some(RoundKind::Periodic),
            "regular" => Some(RoundKind::Regular),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundState {
    /// Forms can be entered and edited.
    Open,
    /// No new forms or edits; the review steps (accept, meeting, recognition) go on.
    Closed,
    /// Final: nothing changes any more.
    Locked,
}

impl RoundState {
    pub fn as_str(self) -> &'static str {
        match self {
            RoundState::Open => "open",
            RoundState::Closed => "closed",
            RoundState::Locked => "locked",
        }
    }
    pub fn parse(word: &str) -> Option<RoundState> {
        match word {
            "open" => Some(RoundState::Open),
            "closed" => Some(RoundState::Closed),
            "locked" => Some(RoundState::Locked),
            _ => None,
        }
    }
}

/// One survey round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Round {
    pub id: String,
    pub year: i32,
    pub kind: RoundKind,
    /// 1–12 for a regular round, 0 for a periodic one.
    pub month: u8,
    pub standard_id: String,
    /// How households of this round are classified: by score A and B (TT 07/2021) or by
    /// measured income. Recorded when the round opens; the desktop and the CLI take it from
    /// here, never derive it again.
    pub method: Method,
    pub state: RoundState,
    pub opened_at: UnixMillis,
}

impl Round {
    /// "2025 định kỳ" or "2025-03 thường xuyên": how messages name a round.
    pub fn label(&self) -> String {
        match self.kind {
            RoundKind::Periodic => format!("{} định kỳ", self.year),
            RoundKind::Regular => format!("{}-{:02} thường xuyên", self.year, self.month),
        }
    }

    /// Refuses any change to a locked round.
    pub(crate) fn check_not_locked(&self) -> Result<()> {
        if self.state == RoundState::Locked {
            return Err(StoreError::RoundLocked { what: self.label() });
        }
        Ok(())
    }

    /// Refuses to recognise or certify the round's list when its standard names no official
    /// review method (NĐ 351/2025 until its method is published): the domain's rule,
    /// `workflow::check_recognisable`, applied to the standard the round records as the
    /// installation holds it (`Store::standards`: the shipped one, or the office's file that
    /// names its method). A standard this build does not know is left to the domain's other
    /// checks.
    pub fn check_recognisable(&self, standards: &Standards) -> Result<()> {
        if let Some(standard) = standards.by_id(&self.standard_id) {
            check_recognisable(standard)?;
        }
        Ok(())
    }

    /// Refuses data entry unless the round is open.
    pub(crate) fn check_open(&self) -> Result<()> {
        self.check_not_locked()?;
        if self.state == RoundState::Closed {
            return Err(StoreError::RoundClosed { what: self.label() });
        }
        Ok(())
    }
}

type RawRound = (Round, String, String, Option<String>);

fn round_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawRound> {
    Ok((
        Round {
            id: r.get(0)?,
            year: r.get(1)?,
            kind: RoundKind::Periodic,
            month: r.get(3)?,
            standard_id: r.get(4)?,
            method: Method::Score,
            state: RoundState::Open,
            opened_at: r.get(6)?,
        },
        r.get(2)?,
        r.get(5)?,
        r.get(7)?,
    ))
}

fn finish_round((mut round, kind, state, method): RawRound) -> Result<Round> {
    round.kind = RoundKind::parse(&kind).ok_or_else(|| StoreError::StoredWord {
        what: "round.kind",
        word: kind.clone(),
    })?;
    round.state = RoundState::parse(&state).ok_or_else(|| StoreError::StoredWord {
        what: "round.state",
        word: state.clone(),
    })?;
    round.method = match method {
        Some(word) => Method::parse(&word).ok_or_else(|| StoreError::StoredWord {
            what: "round.method",
            word: word.clone(),
        })?,
        // A round an older app opened after 0006: its standard's default, as the fill does.
        None => standard_default_method(&round.standard_id),
    };
    Ok(round)
}

const ROUND_COLUMNS: &str = "id, year, kind, month, standard_id, state, opened_at, method";

/// The domain's default method for a standard known by id (the national standards compiled
/// in; a standard this build does not know gets the domain's default for no standard).
pub fn standard_default_method(standard_id: &str) -> Method {
    default_method(Standards::national().by_id(standard_id))
}

/// Gives every round without a method its standard's default (migration 0006, and rounds an
/// older app opened since). Not journalled: it records what the round already meant.
pub(crate) fn fill_missing_methods(tx: &rusqlite::Connection) -> Result<()> {
    let missing: Vec<(String, String)> = tx
        .prepare("SELECT id, standard_id FROM round WHERE method IS NULL")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if missing.is_empty() {
        return Ok(());
    }
    let standards = Standards::national();
    let mut update = tx.prepare("UPDATE round SET method = ?2 WHERE id = ?1")?;
    for (id, standard_id) in missing {
        let method = default_method(standards.by_id(&standard_id));
        update.execute(params![id, method.as_str()])?;
    }
    Ok(())
}

pub(crate) fn load_round(tx: &rusqlite::Connection, id: &str) -> Result<Round> {
    let row = tx
        .prepare_cached(&format!("SELECT {ROUND_COLUMNS} FROM round WHERE id = ?1"))?
        .query_row([id], round_from_row)
        .optional()?
        .ok_or_else(|| StoreError::RoundNotFound {
            what: id.to_string(),
        })?;
    finish_round(row)
}

fn journal_round(
    tx: &Transaction<'_>,
    origin: &str,
    round: &Round,
    parent: Option<&str>,
    operation: &str,
    (actor, reason): (&str, &str),
    at: UnixMillis,
) -> Result<()> {
    let payload = serde_json::to_string(round)?;
    let hash = journal::content_hash(payload.as_bytes());
    journal::append(
        tx,
        origin,
        at,
        &Change {
            entity: Entity::Round,
            entity_id: &round.id,
            operation,
            parent_hash: parent,
            content_hash: &hash,
            actor,
            reason,
            payload: &payload,
        },
    )?;
    Ok(())
}

impl Store {
    /// Opens a new round classified by its standard's default method (the domain's
    /// `default_method`). `month` is required for a regular round and ignored for a periodic
    /// one. One round per (year, kind, month).
    pub fn open_round(
        &mut self,
        year: i32,
        kind: RoundKind,
        month: Option<u8>,
        standard_id: &str,
        actor: &str,
        at: UnixMillis,
    ) -> Result<Round> {
        let method = standard_default_method(standard_id);
        self.open_round_with_method(year, kind, month, standard_id, method, actor, at)
    }

    /// Opens a new round that classifies by `method`.
    #[allow(clippy::too_many_arguments)]
    pub fn open_round_with_method(
        &mut self,
        year: i32,
        kind: RoundKind,
        month: Option<u8>,
        standard_id: &str,
        method: Method,
        actor: &str,
        at: UnixMillis,
    ) -> Result<Round> {
        let installation = self.installation()?;
        let month = match kind {
            RoundKind::Periodic => 0,
            RoundKind::Regular => match month {
                Some(m @ 1..=12) => m,
                _ => return Err(StoreError::RoundMonth),
            },
        };
        if !(2016..=2100).contains(&year) {
            return Err(StoreError::RoundYear { year });
        }
        let round = Round {
            id: new_id(at).to_string(),
            year,
            kind,
            month,
            standard_id: standard_id.to_string(),
            method,
            state: RoundState::Open,
            opened_at: at,
        };
        let tx = self.conn.transaction()?;
        let exists: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM round WHERE year = ?1 AND kind = ?2 AND month = ?3)",
            params![year, kind.as_str(), month],
            |r| r.get(0),
        )?;
        if exists {
            return Err(StoreError::RoundExists {
                what: round.label(),
            });
        }
        tx.execute(
            "INSERT INTO round (id, year, kind, month, standard_id, state, opened_at, method)
             VALUES (?1, ?2, ?3, ?4, ?5, 'open', ?6, ?7)",
            params![
                round.id,
                year,
                kind.as_str(),
                month,
                standard_id,
                at,
                method.as_str()
            ],
        )?;
        journal_round(
            &tx,
            &installation.id,
            &round,
            None,
            "create",
            (actor, "mở kỳ rà soát / round opened"),
            at,
        )?;
        tx.commit()?;
        Ok(round)
    }

    /// Moves a round to `closed` or `locked`. A locked round never reopens.
    pub fn set_round_state(
        &mut self,
        round_id: &str,
        state: RoundState,
        actor: &str,
        reason: &str,
        at: UnixMillis,
    ) -> Result<Round> {
        let installation = self.installation()?;
        let tx = self.conn.transaction()?;
        let mut round = load_round(&tx, round_id)?;
        round.check_not_locked()?;
        let parent = journal::content_hash(serde_json::to_string(&round)?.as_bytes());
        round.state = state;
        tx.execute(
            "UPDATE round SET state = ?2 WHERE id = ?1",
            params![round_id, state.as_str()],
        )?;
        journal_round(
            &tx,
            &installation.id,
            &round,
            Some(&parent),
            "state",
            (actor, reason),
            at,
        )?;
        tx.commit()?;
        Ok(round)
    }

    /// Every round, newest first.
    pub fn rounds(&self) -> Result<Vec<Round>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {ROUND_COLUMNS} FROM round ORDER BY year DESC, kind, month DESC"
        ))?;
        let rows = stmt.query_map([], round_from_row)?;
        rows.map(|row| finish_round(row?)).collect()
    }

    /// A round by id.
    pub fn round(&self, id: &str) -> Result<Round> {
        load_round(&self.conn, id)
    }

    /// The round new work goes to: the most recently opened round that is still open.
    pub fn current_round(&self) -> Result<Round> {
        let row = self
            .conn
            .query_row(
                &format!(
                    "SELECT {ROUND_COLUMNS} FROM round WHERE state = 'open'
                     ORDER BY opened_at DESC, id DESC LIMIT 1"
                ),
                [],
                round_from_row,
            )
            .optional()?
            .ok_or(StoreError::NoOpenRound)?;
        finish_round(row)
    }
}
