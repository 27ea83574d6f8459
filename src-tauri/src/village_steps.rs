//! The village meeting (QĐ 24/2021 step 3) and the chairman's recognition (step 6) from the
//! window, for the households of a village the commune chose: the store checks every one
//! before it steps any, and journals each as the CLI's `households step … meeting` and
//! `… recognise` do. Each command only translates.

use rasoat_domain::date::Date;
use rasoat_domain::messages::{Code, Message};
use rasoat_domain::opening_review::OpeningState;
use rasoat_domain::workflow::{ReviewAction, ReviewState};
use rasoat_store::Store;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime};

use crate::clock::now_ms;
use crate::commands::with_store;
use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::AppState;

/// A village meeting's outcome for the chosen households.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MeetingInput {
    pub household_ids: Vec<String>,
    /// The village whose meeting it was (said in the journal's reason).
    pub village: String,
    /// The day of the meeting, yyyy-mm-dd. The record keeps no meeting day of its own: it is
    /// journalled in the step's reason.
    pub held_on: String,
    pub attendees: u32,
    pub agreeing: u32,
}

/// The chairman's recognition decision for the chosen households.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RecognitionInput {
    pub household_ids: Vec<String>,
    /// "125/QĐ-UBND".
    pub decision_number: String,
    /// yyyy-mm-dd.
    pub decided_on: String,
}

/// What the step did: how many households, and where they are now.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct StepOutcome {
    pub households: u32,
    /// Agreed at the meeting, or recognised.
    pub moved_on: u32,
    /// Sent back to review: the meeting agreed below half.
    pub returned: u32,
}

pub(crate) fn day(text: &str) -> CommandResult<Date> {
    text.trim()
        .parse()
        .map_err(|_| CommandError::new(ErrorCode::Invalid, Message::new(Code::FindingDateFormat)))
}

/// Which of a transition round's lists a step is taken on: the form's own (closing the review
/// year) or the one opening the status year, each with its own track in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StepList {
    Closing,
    Opening,
}

/// Takes `action` on `list` for the chosen households (the store checks them all before it
/// steps any) and notes the decision in the action log.
pub(crate) fn take(
    store: &mut Store,
    state: &AppState,
    list: StepList,
    ids: &[String],
    action: &ReviewAction,
    reason: &str,
) -> CommandResult<StepOutcome> {
    let round = store.current_round()?;
    let actor = state.actor(store)?;
    let at = now_ms();
    let (stepped, returned, logged) = match list {
        StepList::Closing => {
            let saved = store.review_several(ids, &round.id, action, &actor, reason, at)?;
            let returned = saved
                .iter()
                .filter(|s| s.status == ReviewState::Returned)
                .count();
            (saved.len(), returned, action.as_str().to_string())
        }
        StepList::Opening => {
            let saved = store.review_opening_several(ids, &round.id, action, &actor, reason, at)?;
            let returned = saved
                .iter()
                .filter(|s| s.status == OpeningState::Returned)
                .count();
            (
                saved.len(),
                returned,
                format!("{} (opening)", action.as_str()),
            )
        }
    };
    store.record_action(
        at,
        state.session.person().as_ref(),
        rasoat_store::ActionEvent::ReviewDecision,
        Some(&logged),
        i64::try_from(stepped).unwrap_or(i64::MAX),
    )?;
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Ok(StepOutcome {
        households: count(stepped),
        moved_on: count(stepped - returned),
        returned: count(returned),
    })
}

/// The meeting's step and its day, as the input gives them.
pub(crate) fn meeting(input: &MeetingInput) -> CommandResult<(ReviewAction, Date)> {
    let held_on = day(&input.held_on)?;
    Ok((
        ReviewAction::Meeting {
            attendees: input.attendees,
            agreeing: input.agreeing,
        },
        held_on,
    ))
}

/// The recognition's step, as the input gives it.
pub(crate) fn recognition(input: &RecognitionInput) -> CommandResult<ReviewAction> {
    Ok(ReviewAction::Recognise {
        decision_number: input.decision_number.trim().to_string(),
        decided_on: day(&input.decided_on)?,
    })
}

#[tauri::command]
pub async fn record_meeting<R: Runtime>(
    app: AppHandle<R>,
    input: MeetingInput,
) -> CommandResult<StepOutcome> {
    with_store(app, move |store, state| {
        let (action, held_on) = meeting(&input)?;
        let village = input.village.trim();
        let reason = format!("họp dân {village} ngày {held_on} / village meeting of {held_on}");
        take(
            store,
            state,
            StepList::Closing,
            &input.household_ids,
            &action,
            &reason,
        )
    })
    .await
}

#[tauri::command]
pub async fn record_recognition<R: Runtime>(
    app: AppHandle<R>,
    input: RecognitionInput,
) -> CommandResult<StepOutcome> {
    with_store(app, move |store, state| {
        let action = recognition(&input)?;
        take(
            store,
            state,
            StepList::Closing,
            &input.household_ids,
            &action,
            "",
        )
    })
    .await
}
