//! The village meeting (QĐ 24/2021 step 3) and the chairman's recognition (step 6) from the
//! window, for the households of a village the commune chose: the store checks every one
//! before it steps any, and journals each as the CLI's `households step … meeting` and
//! `… recognise` do. Each command only translates.

use rasoat_domain::date::Date;
use rasoat_domain::messages::{Code, Message};
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

fn take(
    store: &mut Store,
    state: &AppState,
    ids: &[String],
    action: &ReviewAction,
    reason: &str,
) -> CommandResult<StepOutcome> {
    let round = store.current_round()?;
    let actor = state.actor(store)?;
    let at = now_ms();
    let saved = store.review_several(ids, &round.id, action, &actor, reason, at)?;
    let returned = saved
        .iter()
        .filter(|s| s.status == ReviewState::Returned)
        .count();
    store.record_action(
        at,
        state.session.person().as_ref(),
        rasoat_store::ActionEvent::ReviewDecision,
        Some(action.as_str()),
        i64::try_from(saved.len()).unwrap_or(i64::MAX),
    )?;
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Ok(StepOutcome {
        households: count(saved.len()),
        moved_on: count(saved.len() - returned),
        returned: count(returned),
    })
}

#[tauri::command]
pub async fn record_meeting<R: Runtime>(
    app: AppHandle<R>,
    input: MeetingInput,
) -> CommandResult<StepOutcome> {
    with_store(app, move |store, state| {
        let held_on = day(&input.held_on)?;
        let action = ReviewAction::Meeting {
            attendees: input.attendees,
            agreeing: input.agreeing,
        };
        let village = input.village.trim();
        let reason = format!("họp dân {village} ngày {held_on} / village meeting of {held_on}");
        take(store, state, &input.household_ids, &action, &reason)
    })
    .await
}

#[tauri::command]
pub async fn record_recognition<R: Runtime>(
    app: AppHandle<R>,
    input: RecognitionInput,
) -> CommandResult<StepOutcome> {
    with_store(app, move |store, state| {
        let action = ReviewAction::Recognise {
            decision_number: input.decision_number.trim().to_string(),
            decided_on: day(&input.decided_on)?,
        };
        take(store, state, &input.household_ids, &action, "")
    })
    .await
}
