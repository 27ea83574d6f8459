//! Review steps on a survey record: the store asks `rasoat_domain::workflow` whether the step
//! is allowed for this installation's role, records what the step carries (comment, meeting
//! counts, decision) and journals it with who and why, in one transaction.

use rasoat_domain::open_answers::{completion_blockers, list_words};
use rasoat_domain::workflow::{next_state, ReviewAction, ReviewState};

use crate::error::{Result, StoreError};
use crate::households::{read_snapshot, stored_answers, write_record, SavedRecord, Stamp};
use crate::installation::Installation;
use crate::rounds::load_round;
use crate::{Store, UnixMillis};
use rusqlite::Transaction;

impl Store {
    /// Takes one review step on a household's record. Refused when the round is locked, the
    /// record is missing, or the workflow does not allow the step from the record's state for
    /// this installation's role, or when it would recognise a list whose standard has no
    /// official method yet. A meeting below 50 % sends the record back to review.
    pub fn review(
        &mut self,
        household_id: &str,
        round_id: &str,
        action: &ReviewAction,
        actor: &str,
        reason: &str,
        at: UnixMillis,
    ) -> Result<SavedRecord> {
        self.writing_round(round_id, |store| {
            store.check_not_moved()?;
            let installation = store.installation()?;
            store.check_not_moved_away(household_id)?;
            let tx = store.conn.transaction()?;
            let saved = review_in(
                &tx,
                &installation,
                household_id,
                round_id,
                action,
                Stamp {
                    origin: &installation.id,
                    actor,
                    reason,
                    at,
                },
            )?;
            tx.commit()?;
            Ok(saved)
        })
    }
}

/// One review step inside the caller's transaction: the rule [`Store::review`] applies, shared
/// with the steps a village takes for several households at once, all in one transaction.
pub(crate) fn review_in(
    tx: &Transaction<'_>,
    installation: &Installation,
    household_id: &str,
    round_id: &str,
    action: &ReviewAction,
    stamp: Stamp<'_>,
) -> Result<SavedRecord> {
    let round = load_round(tx, round_id)?;
    round.check_not_locked()?;
    let (mut snapshot, parent) =
        read_snapshot(tx, household_id, round_id)?.ok_or_else(|| StoreError::RecordNotFound {
            id: household_id.to_string(),
        })?;
    let next = next_state(snapshot.status, action, installation.role)?;
    match action {
        ReviewAction::Complete => {
            let Some(hash) = &snapshot.answers_hash else {
                return Err(StoreError::NoAnswersYet);
            };
            // The window's own check before it asks (every required answer of the
            // questionnaire given, no error), so no other way completes a form the window
            // would refuse. It covers the answers household.v1 always had, which keep a
            // completed form readable by installations of every version.
            let answers = stored_answers(tx, hash)?;
            let (open, errors) = completion_blockers(&answers);
            if !open.is_empty() || !errors.is_empty() {
                let mut paths = open;
                for f in errors {
                    if !paths.contains(&f.path) {
                        paths.push(f.path);
                    }
                }
                return Err(StoreError::AnswersIncomplete {
                    missing: paths.len(),
                    list: list_words(&paths),
                });
            }
        }
        ReviewAction::Return { comment } => {
            snapshot.review.return_comment = Some(comment.clone());
        }
        ReviewAction::Accept | ReviewAction::Report => {}
        ReviewAction::Meeting {
            attendees,
            agreeing,
        } => {
            snapshot.review.meeting_attendees = Some(*attendees);
            snapshot.review.meeting_agreeing = Some(*agreeing);
            if next == ReviewState::Returned {
                snapshot.review.return_comment = Some(format!(
                    "họp dân chỉ {agreeing}/{attendees} người đồng ý (dưới 50 %), rà soát lại \
                         / meeting agreement below 50 %, review again"
                ));
            }
        }
        ReviewAction::Recognise {
            decision_number,
            decided_on,
        } => {
            round.check_recognisable(&crate::standards::of_installation(tx)?)?;
            snapshot.review.decision_number = Some(decision_number.clone());
            snapshot.review.decided_on = Some(decided_on.to_string());
        }
    }
    snapshot.status = next;
    write_record(
        tx,
        &snapshot,
        Some(&parent),
        None,
        Some(action),
        "review",
        stamp,
    )
}
