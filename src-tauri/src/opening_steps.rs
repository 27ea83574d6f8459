//! The transition round's opening list in the window's "Họp dân, công nhận": which lists the
//! current round has (the closing one, and the one that opens its status year, with whether its
//! standard names an official method), the village's households at the opening list's step with
//! their class under it, and its meeting and recognition, which the store checks and journals
//! as `rasoat households review … --list opening` does. Each command only translates.

use rasoat_domain::opening_review::{form_accepted, opening_standard, OpeningState};
use rasoat_domain::round::{classify_opening, status_year};
use rasoat_domain::standard::Standard;
use rasoat_store::{ListFilter, Round, RoundKind, Store};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime};

use crate::commands::with_store;
use crate::error::CommandResult;
use crate::village_steps::{
    meeting, recognition, take, MeetingInput, RecognitionInput, StepList, StepOutcome,
};

/// The lists of the current round a village meets on.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct StepListsView {
    pub review_year: i32,
    pub status_year: i32,
    /// The closing list's standard, short: "NĐ 07/2021".
    pub closing_standard: String,
    /// In a transition round, the opening list's standard, short: "NĐ 351/2025".
    pub opening_standard: Option<String>,
    /// Whether the opening standard names its official review method; without one the opening
    /// list cannot be met on or recognised ("chưa có phương pháp chính thức").
    pub opening_official: bool,
}

/// Which of a village's households the opening list's step is for.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct OpeningQuery {
    pub village: Option<String>,
    pub village_id: Option<String>,
    /// `meeting` (not met yet, or sent back by a meeting below half) or `recognition` (agreed).
    pub step: String,
}

/// One household at the opening list's step.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct OpeningRow {
    pub id: String,
    pub code: String,
    pub head_name: String,
    /// Its class on the opening list (`poor`, `near_poor`, `middle`, `other`), `None` when the
    /// standard cannot classify it (no measured income, say).
    pub class: Option<String>,
    /// Why it has no class, in the catalogue's words.
    pub unclassified: Option<rasoat_domain::messages::Message>,
    /// Its state on the opening list (`not_met`, `returned`, `agreed`, …).
    pub status: String,
}

/// A standard's name as the choice shows it: "NĐ 07/2021" for "Nghị định 07/2021/NĐ-CP, …".
fn short_name(s: &Standard) -> String {
    let first = s
        .name_vi
        .split([',', '—'])
        .next()
        .unwrap_or(&s.name_vi)
        .trim();
    first
        .replace("Nghị định ", "NĐ ")
        .replace("Quyết định ", "QĐ ")
        .replace("/NĐ-CP", "")
        .replace("/QĐ-TTg", "")
}

fn opening_of<'a>(
    standards: &'a rasoat_domain::standard::Standards,
    round: &Round,
) -> Option<&'a Standard> {
    opening_standard(
        standards,
        round.year,
        round.kind == RoundKind::Periodic,
        &round.standard_id,
    )
}

/// The opening list as the household's form shows it beside the form's own state: only in a
/// transition round, once the commune accepted the form (the opening list starts there).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FormOpening {
    pub status_year: i32,
    /// The opening standard, short: "NĐ 351/2025".
    pub standard: String,
    /// Its state on the opening list (`not_met`, `returned`, `agreed`, `recognised`,
    /// `reported`); `not_met` again once the answers changed after a step.
    #[cfg_attr(
        test,
        ts(type = "\"not_met\" | \"agreed\" | \"returned\" | \"recognised\" | \"reported\"")
    )]
    pub status: String,
    /// The commune chairman's decision that recognised it on the opening list.
    pub decision_number: Option<String>,
    pub decided_on: Option<String>,
}

/// The opening list's line of a household's form, `None` outside a transition round or before
/// the commune accepted the form.
pub(crate) fn form_opening(
    store: &Store,
    household_id: &str,
    round: &Round,
    form: rasoat_domain::workflow::ReviewState,
) -> CommandResult<Option<FormOpening>> {
    let standards = store.standards()?;
    let Some(standard) = opening_of(&standards, round) else {
        return Ok(None);
    };
    if !form_accepted(form) {
        return Ok(None);
    }
    let review = store.opening_review(household_id, &round.id)?;
    Ok(Some(FormOpening {
        status_year: status_year(round.year),
        standard: short_name(standard),
        status: review.status.as_str().to_string(),
        decision_number: review.decision_number,
        decided_on: review.decided_on,
    }))
}

#[tauri::command]
pub async fn step_lists<R: Runtime>(app: AppHandle<R>) -> CommandResult<StepListsView> {
    with_store(app, move |store, _| {
        let round = store.current_round()?;
        let standards = store.standards()?;
        let opening = opening_of(&standards, &round);
        Ok(StepListsView {
            review_year: round.year,
            status_year: status_year(round.year),
            closing_standard: standards
                .by_id(&round.standard_id)
                .map_or_else(|| round.standard_id.clone(), short_name),
            opening_standard: opening.map(short_name),
            opening_official: opening.is_some_and(|s| s.official_method.is_some()),
        })
    })
    .await
}

fn rows(store: &Store, query: &OpeningQuery) -> CommandResult<Vec<OpeningRow>> {
    let round = store.current_round()?;
    let standards = store.standards()?;
    let Some(standard) = opening_of(&standards, &round) else {
        return Ok(Vec::new());
    };
    let settings = store.round_settings(&round.id)?;
    let listed = store.list_households(&ListFilter {
        round_id: Some(round.id.clone()),
        village: query.village.clone().filter(|v| !v.is_empty()),
        village_id: query.village_id.clone().filter(|v| !v.is_empty()),
        limit: Some(1000),
        ..ListFilter::default()
    })?;
    let mut out = Vec::new();
    for row in listed.into_iter().filter(|r| form_accepted(r.status)) {
        let status = store.opening_review(&row.id, &round.id)?.status;
        let wanted = match query.step.as_str() {
            "recognition" => status == OpeningState::Agreed,
            _ => matches!(status, OpeningState::NotMet | OpeningState::Returned),
        };
        if !wanted {
            continue;
        }
        let record = store.survey_record(&row.id, &round.id)?;
        let opening = record.answers.map(|h| {
            classify_opening(
                &h,
                standard,
                status_year(round.year),
                round.method,
                &settings,
            )
        });
        let (class, unclassified) = match opening {
            Some(o) => (
                o.classification.map(|c| c.class.as_str().to_string()),
                o.error,
            ),
            None => (None, None),
        };
        out.push(OpeningRow {
            id: row.id,
            code: row.code,
            head_name: row.head_name,
            class,
            unclassified,
            status: status.as_str().to_string(),
        });
    }
    Ok(out)
}

#[tauri::command]
pub async fn opening_households<R: Runtime>(
    app: AppHandle<R>,
    query: OpeningQuery,
) -> CommandResult<Vec<OpeningRow>> {
    with_store(app, move |store, _| rows(store, &query)).await
}

#[tauri::command]
pub async fn record_opening_meeting<R: Runtime>(
    app: AppHandle<R>,
    input: MeetingInput,
) -> CommandResult<StepOutcome> {
    with_store(app, move |store, state| {
        let (action, held_on) = meeting(&input)?;
        let village = input.village.trim();
        let reason = format!(
            "họp dân {village} ngày {held_on}, danh sách áp dụng năm sau / village meeting of \
             {held_on} on the opening list"
        );
        take(
            store,
            state,
            StepList::Opening,
            &input.household_ids,
            &action,
            &reason,
        )
    })
    .await
}

#[tauri::command]
pub async fn record_opening_recognition<R: Runtime>(
    app: AppHandle<R>,
    input: RecognitionInput,
) -> CommandResult<StepOutcome> {
    with_store(app, move |store, state| {
        let action = recognition(&input)?;
        take(
            store,
            state,
            StepList::Opening,
            &input.household_ids,
            &action,
            "",
        )
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The window words each state the form may show: the generated type must name them all.
    #[test]
    fn the_form_knows_every_opening_state() {
        use ts_rs::TS;
        let decl = FormOpening::decl(&ts_rs::Config::new());
        for state in OpeningState::ALL {
            assert!(
                decl.contains(&format!("\"{}\"", state.as_str())),
                "{} missing from {decl}",
                state.as_str()
            );
        }
    }

    #[test]
    fn standards_are_named_short() {
        let all = rasoat_domain::standard::Standards::national();
        let short = |id: &str| short_name(all.by_id(id).expect(id));
        assert_eq!(short("nd07-2021"), "NĐ 07/2021");
        assert_eq!(short("nd351-2025"), "NĐ 351/2025");
    }
}
