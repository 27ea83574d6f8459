//! The review steps a batch carries, judged by the office of the installation that took them
//! (`rasoat_domain::review_steps`), against what this store holds: a survey entry's step starts
//! from the state of the content it builds on (its parent, held here or carried in the same
//! batch), and an opening-list step is the commune's only. An entry building on nothing held
//! here is judged as a record its office started, from a draft; the one exception is a record
//! a district or province transferred to a commune that never held it, which arrives as that
//! office held it.

use rasoat_domain::authorisation::Scope;
use rasoat_domain::opening_review::OpeningState;
use rasoat_domain::review_steps::{may_take_opening_step, may_take_step};
use rasoat_domain::workflow::ReviewState;

use super::transfers::Moves;
use super::*;
use crate::error::{HouseholdAt, StepTaken};

#[derive(Deserialize)]
struct SurveyState {
    record: SurveyStateRecord,
}

#[derive(Deserialize)]
struct SurveyStateRecord {
    status: ReviewState,
}

#[derive(Deserialize)]
struct OpeningStep {
    record: OpeningStepRecord,
}

#[derive(Deserialize)]
struct OpeningStepRecord {
    status: String,
}

/// The states of the survey content a batch carries, by content hash: a step whose parent
/// arrives in the same batch starts from it, whatever order the entries come in.
pub(super) struct Steps<'a> {
    carried: BTreeMap<&'a str, ReviewState>,
}

impl<'a> Steps<'a> {
    pub(super) fn of(verified: &'a VerifiedBatch) -> Steps<'a> {
        let carried = verified
            .entries
            .iter()
            .filter(|s| s.entry.entity == "survey")
            .filter_map(|s| {
                serde_json::from_str::<SurveyState>(&s.entry.payload)
                    .ok()
                    .map(|p| (s.entry.content_hash.as_str(), p.record.status))
            })
            .collect();
        Steps { carried }
    }

    /// Whether `entry`'s origin, acting as `scope`, may have taken the step `entry` carries
    /// about the household at `at` (id `household_id`).
    pub(super) fn judge(
        &self,
        store: &Store,
        entry: &JournalEntry,
        scope: &Scope,
        household_id: &str,
        at: HouseholdAt,
        moves: &Moves,
    ) -> Result<()> {
        let refused = |step: StepTaken| BatchError::ReviewStepNotAllowed {
            origin: entry.origin.clone(),
            seq: entry.seq,
            household: at.clone(),
            step,
            office: scope.office,
        };
        if entry.entity == "opening_review" {
            let step: OpeningStep =
                serde_json::from_str(&entry.payload).map_err(|_| malformed(entry))?;
            let to = OpeningState::parse(&step.record.status).ok_or_else(|| malformed(entry))?;
            return may_take_opening_step(scope.office, to)
                .map_err(|_| refused(StepTaken::OpeningList(to)));
        }
        // Read once for the whole batch already: the entry's own content is carried.
        let to = match self.carried.get(entry.content_hash.as_str()) {
            Some(state) => *state,
            None => {
                serde_json::from_str::<SurveyState>(&entry.payload)
                    .map_err(|_| malformed(entry))?
                    .record
                    .status
            }
        };
        let from = match entry.parent_hash.as_deref() {
            Some(parent) => match self.carried.get(parent) {
                Some(state) => Some(*state),
                None => store.survey_state_held(household_id, parent)?,
            },
            None => None,
        };
        // The new commune never held the record a transfer builds on (it was withheld from
        // it): the office that may transfer sends it as it held it.
        if from.is_none()
            && entry.operation == "transfer"
            && scope.office.reports()
            && moves.transferred_to(store, household_id, &at.unit)?
        {
            return Ok(());
        }
        may_take_step(scope.office, from, to).map_err(|_| refused(StepTaken::Record(to)))
    }
}

fn malformed(entry: &JournalEntry) -> BatchError {
    BatchError::Payload(format!(
        "entry {}#{}: payload malformed",
        entry.origin, entry.seq
    ))
}
