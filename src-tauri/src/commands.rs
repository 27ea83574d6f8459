//! The commands the UI calls. Each only translates: it reads the store, asks the domain, writes
//! the store. No rule lives here. Store work runs on the blocking pool, never on the async
//! runtime, so a slow disk never freezes the window.

use rasoat_domain::classify::{compare_methods, ClassifyError, Method, Settings};
use rasoat_domain::messages::{Code, Message};
use rasoat_domain::opening_review::opening_standard;
use rasoat_domain::phieu_a::{phieu_a, PhieuARules};
use rasoat_domain::readings::readings;
use rasoat_domain::round::{classify_opening, round_title, status_year};
use rasoat_domain::round_settings::procedure_lines;
use rasoat_domain::standard::{IndicatorId, Standard};
use rasoat_domain::survey_date::round_findings;
use rasoat_domain::validate::{
    can_complete, required_questions, skipped, validate, Finding, Severity,
};
use rasoat_domain::workflow::{ReviewAction, ReviewState};
use rasoat_domain::{read_draft, Household};
use rasoat_store::{ListFilter, RoundKind, Store, StoreError, SurveyResult};
use serde_json::Value;
use tauri::{AppHandle, Manager, Runtime};

use crate::clock::{now_ms, today};
use crate::dto::*;
use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::{demo, template, AppState};

/// Runs `f` with the store on the blocking pool.
pub(crate) async fn with_store<R: Runtime, T: Send + 'static>(
    app: AppHandle<R>,
    f: impl FnOnce(&mut Store, &AppState) -> CommandResult<T> + Send + 'static,
) -> CommandResult<T> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = open_state(&app)?;
        let mut store = state
            .store
            .lock()
            .map_err(|_| CommandError::new(ErrorCode::Storage, Code::DesktopStorePoisoned))?;
        let done = f(&mut store, &state);
        drop(store);
        crate::allocator::work_done();
        done
    })
    .await
    .map_err(|e| CommandError::detail(ErrorCode::Storage, e))?
}

/// The app's state when someone is signed in and the window is not locked; else the refusal
/// that sends the window to its sign-in screen.
pub(crate) fn open_state<R: Runtime>(
    app: &AppHandle<R>,
) -> CommandResult<tauri::State<'_, AppState>> {
    match app.try_state::<AppState>() {
        Some(state) if !state.session.is_locked() => Ok(state),
        _ => Err(CommandError::new(ErrorCode::Locked, Code::StoreLocked)),
    }
}

/// The list's rows as the UI shows them, with Phiếu A's verdict as stored at the save (read
/// with each row from the list's own table, never recomputed from the answers; looking the
/// records up again by household id was a page each, decrypted again in an encrypted store).
pub(crate) fn list_rows(listed: Vec<rasoat_store::HouseholdRow>) -> Vec<HouseholdListRow> {
    listed
        .into_iter()
        .map(|r| HouseholdListRow {
            phieu_a: r.phieu_a,
            id: r.id,
            code: r.code,
            head_name: r.head_name,
            village: r.village,
            status: r.status,
            class: r.class,
            members: r.n_members,
            filled_by: r.filled_by,
            filled_at: r.filled_at,
            warnings: None,
            provisional: r.provisional,
        })
        .collect()
}

/// Each row's warnings, from the domain's validation of its answers (a row without answers,
/// only listed so far, has none to say).
fn with_warnings(
    store: &Store,
    round: &rasoat_store::Round,
    rows: &mut [HouseholdListRow],
) -> CommandResult<()> {
    for row in rows {
        let record = store.survey_record(&row.id, &round.id)?;
        let Some(answers) = record.answers else {
            continue;
        };
        let warnings: Vec<Finding> = validate(&answers)
            .into_iter()
            .chain(round_findings(&answers, round.year))
            .filter(|f| f.severity == Severity::Warning)
            .collect();
        row.warnings = Some(RowWarnings {
            count: u32::try_from(warnings.len()).unwrap_or(u32::MAX),
            first: warnings.into_iter().take(RowWarnings::FIRST).collect(),
        });
    }
    Ok(())
}

/// A round's name for the window, in the user's language ("2024 định kỳ — danh sách năm
/// 2025", "2024 yearly review — list for 2025": a yearly review decides the next year's list);
/// the store's `label` stays the CLI's and the journal's Vietnamese.
pub(crate) fn round_name(round: &rasoat_store::Round) -> Message {
    match round.kind {
        RoundKind::Periodic => Message::new(Code::RoundPeriodic)
            .with("year", round.year)
            .with("status", rasoat_domain::round::status_year(round.year)),
        RoundKind::Regular => Message::new(Code::RoundRegular)
            .with("year", round.year)
            .with("month", format!("{:02}", round.month)),
    }
}

/// The standard and method of the current round: the method is the one the round recorded.
/// The standards are read from the store on every call (about 0.2 ms), so a file the office's
/// batch brings down while the window is open is used by the next command, without a restart.
fn round_rules(store: &Store) -> CommandResult<(String, Standard, Method, RoundLists)> {
    let round = store.current_round()?;
    let standards = store.standards()?;
    let standard = standards
        .by_id(&round.standard_id)
        .cloned()
        .ok_or_else(|| {
            CommandError::new(
                ErrorCode::Storage,
                Message::new(Code::DesktopUnknownStandard).with("id", round.standard_id.as_str()),
            )
        })?;
    // The domain says which lists the round decides: only a yearly review opens its status
    // year's list, and a round opened with a standard other than its year's national one (a
    // local standard) has only its own list. A monthly review keeps its own year's list, so
    // the panel names it as the window does everywhere else.
    let yearly = round.kind == RoundKind::Periodic;
    let opening = opening_standard(&standards, round.year, yearly, &standard.id)
        .map(|s| (s.clone(), status_year(round.year)));
    let title = if yearly {
        round_title(round.year)
    } else {
        round_name(&round)
    };
    let lists = RoundLists {
        year: round.year,
        month: round.month,
        title,
        opening,
        settings: store.round_settings(&round.id)?,
    };
    Ok((round.id, standard, round.method, lists))
}

/// The round's name and, in a transition round, the standard of the list that opens its status
/// year.
#[derive(Debug, Clone)]
pub(crate) struct RoundLists {
    /// The round's year and month (0 for the periodic round): its procedure's default.
    pub year: i32,
    pub month: u8,
    pub title: Message,
    pub opening: Option<(Standard, i32)>,
    /// The readings the round classifies by (its office's, or the defaults).
    pub settings: Settings,
}

pub(crate) fn status_of(store: &Store, state: &AppState) -> CommandResult<AppStatus> {
    let installation = match store.installation() {
        Ok(i) => Some(i),
        Err(rasoat_store::StoreError::NotInitialised) => None,
        Err(e) => return Err(e.into()),
    };
    let round = match store.current_round() {
        Ok(r) => Some(r),
        Err(rasoat_store::StoreError::NoOpenRound | rasoat_store::StoreError::NotInitialised) => {
            None
        }
        Err(e) => return Err(e.into()),
    };
    let units = store.units()?;
    let standards = store.standards()?;
    let installation = installation.map(|i| InstallationView {
        unit_name: units
            .iter()
            .find(|u| u.code == i.unit_code)
            .map(|u| u.name.clone())
            .unwrap_or_default(),
        id: i.id,
        role: i.role,
        unit_code: i.unit_code,
    });
    let round = round.map(|r| {
        let standard = standards.by_id(&r.standard_id);
        RoundView {
            label: round_name(&r),
            id: r.id,
            year: r.year,
            standard_name_vi: standard.map(|s| s.name_vi.clone()).unwrap_or_default(),
            standard_name_en: standard.map(|s| s.name_en.clone()).unwrap_or_default(),
            method: r.method.as_str().into(),
            has_waste_item: standard.is_some_and(|s| s.indicator(IndicatorId::Waste).is_some()),
            standard_id: r.standard_id,
            state: r.state.as_str().into(),
        }
    });
    Ok(AppStatus {
        set_up: installation.is_some() && round.is_some(),
        installation,
        round,
        user_name: store.preference("user_name")?,
        store_path: state.path.clone(),
        moved_on: store.moved_out()?.map(|m| m.day()),
    })
}

#[tauri::command]
pub async fn status<R: Runtime>(app: AppHandle<R>) -> CommandResult<AppStatus> {
    with_store(app, |store, state| status_of(store, state)).await
}

/// Communes an installation can serve, from the reference units.
#[tauri::command]
pub async fn communes<R: Runtime>(app: AppHandle<R>) -> CommandResult<Vec<UnitOption>> {
    units_of_level(app, "commune".to_string()).await
}

/// The reference units of one level (`commune`, `district`, `province`): what the first run
/// offers an installation of the matching role to serve.
#[tauri::command]
pub async fn units_of_level<R: Runtime>(
    app: AppHandle<R>,
    level: String,
) -> CommandResult<Vec<UnitOption>> {
    with_store(app, move |store, _| {
        Ok(store
            .units()?
            .into_iter()
            .filter(|u| u.level == level)
            .map(|u| UnitOption {
                code: u.code,
                name: u.name,
                kind: u.kind,
                valid_from: u.valid_from,
                valid_to: u.valid_to,
            })
            .collect())
    })
    .await
}

/// First run: the installation, the user's name, the round of the year, and optionally a demo.
#[tauri::command]
pub async fn setup<R: Runtime>(app: AppHandle<R>, input: SetupInput) -> CommandResult<AppStatus> {
    with_store(app, move |store, state| {
        let name = input.user_name.trim();
        if name.is_empty() {
            return Err(CommandError::new(
                ErrorCode::Invalid,
                Code::DesktopNameMissing,
            ));
        }
        let standards = store.standards()?;
        let standard = standards.national_for_year(input.year).ok_or_else(|| {
            CommandError::new(
                ErrorCode::Invalid,
                Message::new(Code::DesktopNoStandardForYear).with("year", input.year),
            )
        })?;
        let at = now_ms();
        // The journal names the signed-in person; a store opened by a tool, the typed name.
        let actor = match state.session.person() {
            Some(person) => person.actor(),
            None => name.to_string(),
        };
        if store.installation().is_err() {
            store.init_installation(input.role, &input.unit_code, &actor, at)?;
        }
        store.set_preference("user_name", name)?;
        if store.current_round().is_err() {
            store.open_round(
                input.year,
                RoundKind::Periodic,
                None,
                &standard.id,
                &actor,
                at,
            )?;
        }
        if input.demo_households > 0 {
            demo::fill(store, input.demo_households, &actor)?;
        }
        status_of(store, state)
    })
    .await
}

/// How far the list counts its matches (the count says "more than" beyond it).
pub const LIST_COUNT_CAP: u64 = 1_000;

#[tauri::command]
pub async fn list_households<R: Runtime>(
    app: AppHandle<R>,
    query: HouseholdQuery,
) -> CommandResult<HouseholdList> {
    with_store(app, move |store, _| {
        let round = store.current_round()?;
        let text = query
            .text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty());
        let filter = ListFilter {
            round_id: Some(round.id.clone()),
            village: query.village.clone().filter(|v| !v.is_empty()),
            village_id: query.village_id.clone().filter(|v| !v.is_empty()),
            status: query.status,
            text: text.map(str::to_string),
            class: query.class.clone().filter(|c| !c.is_empty()),
            returned_first: query.returned_first,
            limit: Some(query.limit.unwrap_or(300) as usize),
        };
        // Counted up to LIST_COUNT_CAP only: an exact count of a broad search at 200,000
        // households took seconds, and "more than 1,000" tells the enumerator to narrow it.
        let page = store.list_households_page(&filter, LIST_COUNT_CAP)?;
        let matching = u32::try_from(page.matching).unwrap_or(u32::MAX);
        let more = page.more;
        let mut rows = list_rows(page.rows);
        if query.warnings {
            with_warnings(store, &round, &mut rows)?;
        }
        Ok(HouseholdList {
            rows,
            matching,
            more,
        })
    })
    .await
}

fn overview_of(store: &Store, round_id: &str) -> CommandResult<OverviewView> {
    let o = store.round_overview(round_id)?;
    Ok(OverviewView {
        total: o.total,
        by_status: o
            .by_status
            .into_iter()
            .map(|(s, count)| CountView {
                key: s.as_str().into(),
                count,
            })
            .collect(),
        by_class: o
            .by_class
            .into_iter()
            .map(|(key, count)| CountView { key, count })
            .collect(),
        villages: store
            .village_choices(round_id)?
            .into_iter()
            .map(|c| VillageChoiceView {
                id: c.id,
                name: c.name,
            })
            .collect(),
    })
}

#[tauri::command]
pub async fn overview<R: Runtime>(app: AppHandle<R>) -> CommandResult<OverviewView> {
    with_store(app, |store, _| {
        let round = store.current_round()?;
        overview_of(store, &round.id)
    })
    .await
}

/// Evaluates answers as they stand in the form. Never fails: each answer that cannot be read is
/// a plain finding on its field and the rest is still checked and classified; the household is
/// returned only when every answer could be read (what may be saved as it is).
pub(crate) fn evaluate_value(
    value: &Value,
    standard: &Standard,
    method: Method,
    lists: &RoundLists,
) -> (Option<Household>, Evaluation) {
    let (household, read_findings) = read_draft(value);
    let Some(household) = household else {
        return (
            None,
            Evaluation {
                findings: read_findings,
                can_complete: false,
                classification: None,
                classify_error: Some(Code::ClassifyFormUnreadable.into()),
                informative: None,
                phieu_a: None,
                ages: Vec::new(),
                skipped: Vec::new(),
                required: Vec::new(),
                round_title: lists.title.clone(),
                opening: None,
                readings: readings(&lists.settings),
                procedure: procedure_lines(&lists.settings, lists.year, lists.month),
            },
        );
    };
    let fully_read = read_findings.is_empty();
    let mut findings = read_findings;
    findings.extend(validate(&household));
    findings.extend(round_findings(&household, lists.year));
    // The round's method is official; the other one is shown beside it when the household has
    // what both need (the domain decides which).
    // The round's readings, as its office set them; the panel names them.
    let settings = &lists.settings;
    let both = compare_methods(&household, standard, method, settings);
    let (classification, classify_error) = match both.official {
        Ok(c) => (Some(c), None),
        Err(ClassifyError::MissingIncome) if method == Method::Income => {
            (None, Some(ClassifyError::MissingIncome.message()))
        }
        Err(e) => (None, Some(e.message())),
    };
    let phieu_a = household
        .phieu_a
        .as_ref()
        .map(|a| phieu_a(a, &PhieuARules::for_province(&household.location.province)));
    let ages = household
        .members
        .iter()
        .map(|m| m.age_on(household.surveyed_on))
        .collect();
    let opening = lists
        .opening
        .as_ref()
        .map(|(s, status_year)| classify_opening(&household, s, *status_year, method, settings));
    let evaluation = Evaluation {
        readings: readings(settings),
        procedure: procedure_lines(settings, lists.year, lists.month),
        round_title: lists.title.clone(),
        opening,
        skipped: skipped(&household),
        required: required_questions(&household),
        can_complete: can_complete(&findings),
        findings,
        classification,
        classify_error,
        informative: both.informative,
        phieu_a,
        ages,
    };
    (fully_read.then_some(household), evaluation)
}

#[tauri::command]
pub async fn evaluate<R: Runtime>(
    app: AppHandle<R>,
    household: Value,
) -> CommandResult<Evaluation> {
    with_store(app, move |store, _| {
        let (_, standard, method, lists) = round_rules(store)?;
        Ok(evaluate_value(&household, &standard, method, &lists).1)
    })
    .await
}

/// A blank form for a new household of this installation's commune.
#[tauri::command]
pub async fn new_household<R: Runtime>(app: AppHandle<R>) -> CommandResult<HouseholdForm> {
    with_store(app, |store, _| {
        let (_, standard, method, lists) = round_rules(store)?;
        let installation = store.installation()?;
        let province = template::province_of(store, &installation.unit_code)?;
        let value = template::blank(now_ms(), today(), &province, &installation.unit_code);
        let (_, evaluation) = evaluate_value(&value, &standard, method, &lists);
        Ok(HouseholdForm {
            household: value,
            status: ReviewState::Draft,
            return_comment: None,
            is_new: true,
            evaluation,
            restored_at: None,
            opening: None,
        })
    })
    .await
}

#[tauri::command]
pub async fn open_household<R: Runtime>(
    app: AppHandle<R>,
    id: String,
) -> CommandResult<HouseholdForm> {
    with_store(app, move |store, _| {
        let (round_id, standard, method, lists) = round_rules(store)?;
        let record = store.survey_record(&id, &round_id)?;
        // What was typed after the last real save comes back as typed, while the record is
        // still the enumerator's to edit.
        let kept = match record.status.answers_editable() {
            true => store.scratch(&id, &round_id)?,
            false => None,
        }
        .and_then(|s| Some((serde_json::from_str::<Value>(&s.json).ok()?, s.saved_at)));
        let restored_at = kept.as_ref().map(|(_, at)| *at);
        let value = match (kept, &record.answers) {
            (Some((typed, _)), _) => typed,
            (None, answers) => match answers {
                Some(h) => serde_json::to_value(h)
                    .map_err(|e| CommandError::detail(ErrorCode::Storage, e))?,
                // A household only listed so far (imported list): start its form from the listing.
                None => template::from_listing(now_ms(), today(), &record),
            },
        };
        let (_, evaluation) = evaluate_value(&value, &standard, method, &lists);
        let round = store.round(&round_id)?;
        let opening = crate::opening_steps::form_opening(store, &id, &round, record.status)?;
        Ok(HouseholdForm {
            household: value,
            status: record.status,
            return_comment: record.review.return_comment.clone(),
            is_new: false,
            evaluation,
            restored_at,
            opening,
        })
    })
    .await
}

/// Saves the form as a draft, or completes it when `complete` and nothing blocks it.
#[tauri::command]
pub async fn save_household<R: Runtime>(
    app: AppHandle<R>,
    household: Value,
    complete: bool,
) -> CommandResult<SaveOutcome> {
    with_store(app, move |store, state| {
        let (round_id, standard, method, lists) = round_rules(store)?;
        let (parsed, evaluation) = evaluate_value(&household, &standard, method, &lists);
        let Some(h) = parsed else {
            // The reader's finding says which field cannot be read, in the user's language.
            let message = evaluation.findings.first().map_or_else(
                || Code::ClassifyFormUnreadable.into(),
                |f| f.message.clone(),
            );
            return Err(CommandError::new(ErrorCode::Invalid, message));
        };
        if complete && !evaluation.can_complete {
            return Err(CommandError::new(
                ErrorCode::Invalid,
                Code::DesktopFormHasErrors,
            ));
        }
        let result = evaluation.classification.as_ref().map(|c| {
            SurveyResult::from_classification(c).with_phieu_a(evaluation.phieu_a.as_ref())
        });
        let actor = state.actor(store)?;
        let at = now_ms();
        let mut saved = store.save_household(&round_id, &h, result.as_ref(), &actor, at)?;
        // Saved for real: the typing buffer has nothing more to keep.
        store.discard_scratch(&h.id.to_string(), &round_id)?;
        if complete {
            saved = store.review(
                &h.id.to_string(),
                &round_id,
                &ReviewAction::Complete,
                &actor,
                "",
                at,
            )?;
        }
        Ok(SaveOutcome {
            status: saved.status,
            evaluation,
        })
    })
    .await
}

/// Keeps the form as typed, a few seconds after each change and when a field is left: nothing
/// typed is lost to a crash, a power cut or a closed window. Accepts what cannot be read yet (a
/// date that does not exist) and keeps it in the local typing buffer, never journalled; only
/// the first readable version of a new household becomes its draft record, so it is listed.
#[tauri::command]
pub async fn autosave_household<R: Runtime>(
    app: AppHandle<R>,
    household: Value,
) -> CommandResult<AutosaveOutcome> {
    with_store(app, move |store, state| {
        let (round_id, standard, method, lists) = round_rules(store)?;
        // The id is the one thing the buffer needs; a form always has it (the blank form's).
        let id = household
            .get("id")
            .and_then(Value::as_str)
            .and_then(|s| uuid::Uuid::parse_str(s).ok())
            .ok_or_else(|| CommandError::new(ErrorCode::Invalid, Code::ClassifyFormUnreadable))?
            .to_string();
        let at = now_ms();
        let exists = match store.survey_record(&id, &round_id) {
            Ok(record) => {
                if !record.status.answers_editable() {
                    return Err(CommandError::from(StoreError::NotEditable {
                        state: record.status,
                    }));
                }
                true
            }
            Err(StoreError::RecordNotFound { .. }) => false,
            Err(e) => return Err(e.into()),
        };
        if !exists {
            if let (Some(h), evaluation) = evaluate_value(&household, &standard, method, &lists) {
                let result = evaluation.classification.as_ref().map(|c| {
                    SurveyResult::from_classification(c).with_phieu_a(evaluation.phieu_a.as_ref())
                });
                let actor = state.actor(store)?;
                if let Err(refused) =
                    store.save_household(&round_id, &h, result.as_ref(), &actor, at)
                {
                    // Refused (a code another household has): what was typed is still kept,
                    // and the person is told why.
                    store.save_scratch(&id, &round_id, &household.to_string(), at)?;
                    return Ok(AutosaveOutcome {
                        record_saved: false,
                        saved_at: at,
                        refused: Some(refused.into()),
                    });
                }
                store.discard_scratch(&id, &round_id)?;
                return Ok(AutosaveOutcome {
                    record_saved: true,
                    saved_at: at,
                    refused: None,
                });
            }
        }
        store.save_scratch(&id, &round_id, &household.to_string(), at)?;
        Ok(AutosaveOutcome {
            record_saved: false,
            saved_at: at,
            refused: None,
        })
    })
    .await
}

/// A code for a new household of `village`: after the village's highest-numbered code, free
/// in the round (`None` when the village has no numbered code yet).
#[tauri::command]
pub async fn propose_code<R: Runtime>(
    app: AppHandle<R>,
    village: String,
) -> CommandResult<Option<String>> {
    with_store(app, move |store, _| {
        let round = store.current_round()?;
        Ok(store.propose_code(&round.id, &village)?)
    })
    .await
}

/// The commune's decision on a completed form.
#[tauri::command]
pub async fn review_household<R: Runtime>(
    app: AppHandle<R>,
    id: String,
    input: ReviewInput,
) -> CommandResult<ReviewState> {
    with_store(app, move |store, state| {
        let round = store.current_round()?;
        let (action, reason) = match input {
            ReviewInput::Accept => (ReviewAction::Accept, String::new()),
            ReviewInput::Return { comment } => (
                ReviewAction::Return {
                    comment: comment.clone(),
                },
                comment,
            ),
        };
        let actor = state.actor(store)?;
        let at = now_ms();
        let saved = store.review(&id, &round.id, &action, &actor, &reason, at)?;
        store.record_action(
            at,
            state.session.person().as_ref(),
            rasoat_store::ActionEvent::ReviewDecision,
            Some(&id),
            1,
        )?;
        Ok(saved.status)
    })
    .await
}
