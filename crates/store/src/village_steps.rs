//! A review step taken for several households at once, as a commune takes the village
//! meeting (QĐ 24/2021 step 3) and the chairman's recognition (step 6) for a village's list.

use rasoat_domain::workflow::{next_state, ReviewAction};

use crate::error::{Result, StoreError};
use crate::households::{read_snapshot, SavedRecord, Stamp};
use crate::review::review_in;
use crate::rounds::load_round;
use crate::{Store, UnixMillis};

impl Store {
    /// Takes `action` for each chosen household, journalled one by one exactly as
    /// [`Store::review`] journals it. Every household is checked first (the round open, the
    /// step allowed from its state for this installation's role, a meeting's counts possible,
    /// the round's list recognisable), so a refusal of any leaves the store as it was; the same
    /// household chosen twice is stepped once. All are stepped in one transaction.
    pub fn review_several(
        &mut self,
        household_ids: &[String],
        round_id: &str,
        action: &ReviewAction,
        actor: &str,
        reason: &str,
        at: UnixMillis,
    ) -> Result<Vec<SavedRecord>> {
        self.writing_round(round_id, |store| {
            let ids = chosen_once(household_ids)?;
            store.check_not_moved()?;
            let installation = store.installation()?;
            let round = load_round(&store.conn, round_id)?;
            round.check_not_locked()?;
            if matches!(action, ReviewAction::Recognise { .. }) {
                round.check_recognisable(&crate::standards::of_installation(&store.conn)?)?;
            }
            for id in &ids {
                store.check_not_moved_away(id)?;
                let (snapshot, _) = read_snapshot(&store.conn, id, round_id)?
                    .ok_or_else(|| StoreError::RecordNotFound { id: id.to_string() })?;
                next_state(snapshot.status, action, installation.role)?;
            }
            // One transaction for the village: a fault part-way (a full disk, a kill) leaves every
            // household as it was, never some stepped and some not.
            let tx = store.conn.transaction()?;
            let saved = ids
                .iter()
                .map(|id| {
                    review_in(
                        &tx,
                        &installation,
                        id,
                        round_id,
                        action,
                        Stamp {
                            origin: &installation.id,
                            actor,
                            reason,
                            at,
                        },
                    )
                })
                .collect::<Result<Vec<_>>>()?;
            tx.commit()?;
            Ok(saved)
        })
    }
}

/// The households chosen, each once and in the order first chosen; refused when none is.
pub(crate) fn chosen_once(household_ids: &[String]) -> Result<Vec<&str>> {
    let mut ids: Vec<&str> = Vec::with_capacity(household_ids.len());
    for id in household_ids {
        if !ids.contains(&id.as_str()) {
            ids.push(id);
        }
    }
    if ids.is_empty() {
        return Err(StoreError::NoHouseholdChosen);
    }
    Ok(ids)
}
