//! The form's typing buffer: the household form as typed, kept while it cannot be read as
//! household.v1 yet (or between real saves), so nothing typed is lost to a crash, a power cut
//! or a closed window. Local to the installation: never journalled, never sent in a batch, and
//! deleted by the next real save of the household (`Store::save_household`'s caller).

use crate::report_memo::Touched;
use rusqlite::{params, OptionalExtension};

use crate::error::Result;
use crate::{Store, UnixMillis};

/// What the buffer holds for one household.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scratch {
    /// The form as typed (JSON text, possibly not a readable household.v1).
    pub json: String,
    pub saved_at: UnixMillis,
}

impl Store {
    /// Keeps the form as typed, replacing what the buffer held for the household.
    pub fn save_scratch(
        &mut self,
        household_id: &str,
        round_id: &str,
        json: &str,
        at: UnixMillis,
    ) -> Result<()> {
        self.check_not_moved()?;
        // The typing buffer is no report's: the kept ones stay (`report_memo`).
        self.writing(Touched::NothingCounted, |store| {
            store
                .conn
                .prepare_cached(
                    "INSERT INTO form_scratch (household_id, round_id, json, saved_at)
                     VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (household_id, round_id)
                     DO UPDATE SET json = excluded.json, saved_at = excluded.saved_at",
                )?
                .execute(params![household_id, round_id, json, at])?;
            Ok(())
        })
    }

    /// What the buffer holds for a household, if anything.
    pub fn scratch(&self, household_id: &str, round_id: &str) -> Result<Option<Scratch>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT json, saved_at FROM form_scratch WHERE household_id = ?1 AND round_id = ?2",
            )?
            .query_row(params![household_id, round_id], |r| {
                Ok(Scratch {
                    json: r.get(0)?,
                    saved_at: r.get(1)?,
                })
            })
            .optional()?)
    }

    /// Forgets the buffer of a household (after a real save, or when the typing is given up).
    pub fn discard_scratch(&mut self, household_id: &str, round_id: &str) -> Result<()> {
        self.check_not_moved()?;
        self.writing(Touched::NothingCounted, |store| {
            store
                .conn
                .prepare_cached(
                    "DELETE FROM form_scratch WHERE household_id = ?1 AND round_id = ?2",
                )?
                .execute(params![household_id, round_id])?;
            Ok(())
        })
    }
}
