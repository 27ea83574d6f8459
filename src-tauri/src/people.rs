//! The administrator's screens: the people who sign in on this installation (add one with a
//! role and a first PIN, reset a PIN, disable one), the idle lock, and the action log (who did
//! what, newest first, here and on the installations whose logs came here with their batches). Each command only translates: the store refuses anyone but an active
//! administrator, and the signed-in person is the one it asks about.

use std::collections::BTreeMap;

use rasoat_domain::messages::Code;
use rasoat_store::people::MAX_IDLE_LOCK_MINUTES;
use rasoat_store::{
    ActionEvent, ActionFilter, OfficeActionRow, Person, PersonRole, Store, StoreError,
};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime};

use crate::clock::now_ms;
use crate::commands::with_store;
use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::session::{self, DEFAULT_IDLE_LOCK_MINUTES};
use crate::AppState;

/// The most rows the audit screen shows at once.
const AUDIT_LIMIT: usize = 500;

/// A person's role, as the window names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PersonRoleView {
    Administrator,
    /// Rà soát viên.
    Reviewer,
    /// Cán bộ xã.
    CommuneOfficer,
    /// Cán bộ huyện-tỉnh.
    DistrictOfficer,
}

impl From<PersonRole> for PersonRoleView {
    fn from(role: PersonRole) -> PersonRoleView {
        match role {
            PersonRole::Administrator => PersonRoleView::Administrator,
            PersonRole::Reviewer => PersonRoleView::Reviewer,
            PersonRole::CommuneOfficer => PersonRoleView::CommuneOfficer,
            PersonRole::DistrictOfficer => PersonRoleView::DistrictOfficer,
        }
    }
}

impl From<PersonRoleView> for PersonRole {
    fn from(role: PersonRoleView) -> PersonRole {
        match role {
            PersonRoleView::Administrator => PersonRole::Administrator,
            PersonRoleView::Reviewer => PersonRole::Reviewer,
            PersonRoleView::CommuneOfficer => PersonRole::CommuneOfficer,
            PersonRoleView::DistrictOfficer => PersonRole::DistrictOfficer,
        }
    }
}

/// A person on the people screen.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PersonView {
    pub id: String,
    pub name: String,
    pub role: PersonRoleView,
    /// Unix milliseconds.
    pub created_at: i64,
    pub disabled: bool,
    /// The person signed in now (who may not disable themself from here).
    pub me: bool,
}

/// The people screen.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PeopleView {
    pub people: Vec<PersonView>,
    /// The idle lock the administrator set (or the default).
    pub idle_lock_minutes: u32,
    pub max_idle_lock_minutes: u32,
    /// Set when `RASOAT_IDLE_LOCK_SECONDS` overrides the setting (tests, demonstrations).
    pub idle_lock_override_seconds: Option<u32>,
}

/// A person to add.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct NewPersonInput {
    pub name: String,
    pub role: PersonRoleView,
    /// Their first PIN (6+ digits), which they may change later.
    pub pin: String,
}

/// What a row of the action log records, as the window names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    SignIn,
    SignInFailed,
    RecoveryUnlock,
    RecoveryFailed,
    StoreEncrypted,
    PersonAdded,
    PersonDisabled,
    PinReset,
    PinChanged,
    ServiceKeyMade,
    SettingsChanged,
    ExportWithNames,
    Import,
    ReviewDecision,
    MovedOut,
    MovedIn,
}

impl From<ActionEvent> for ActionKind {
    fn from(e: ActionEvent) -> ActionKind {
        match e {
            ActionEvent::SignIn => ActionKind::SignIn,
            ActionEvent::SignInFailed => ActionKind::SignInFailed,
            ActionEvent::RecoveryUnlock => ActionKind::RecoveryUnlock,
            ActionEvent::RecoveryFailed => ActionKind::RecoveryFailed,
            ActionEvent::StoreEncrypted => ActionKind::StoreEncrypted,
            ActionEvent::PersonAdded => ActionKind::PersonAdded,
            ActionEvent::PersonDisabled => ActionKind::PersonDisabled,
            ActionEvent::PinReset => ActionKind::PinReset,
            ActionEvent::PinChanged => ActionKind::PinChanged,
            ActionEvent::ServiceKeyMade => ActionKind::ServiceKeyMade,
            ActionEvent::SettingsChanged => ActionKind::SettingsChanged,
            ActionEvent::ExportWithNames => ActionKind::ExportWithNames,
            ActionEvent::Import => ActionKind::Import,
            ActionEvent::ReviewDecision => ActionKind::ReviewDecision,
            ActionEvent::MovedOut => ActionKind::MovedOut,
            ActionEvent::MovedIn => ActionKind::MovedIn,
        }
    }
}

impl From<ActionKind> for ActionEvent {
    fn from(k: ActionKind) -> ActionEvent {
        match k {
            ActionKind::SignIn => ActionEvent::SignIn,
            ActionKind::SignInFailed => ActionEvent::SignInFailed,
            ActionKind::RecoveryUnlock => ActionEvent::RecoveryUnlock,
            ActionKind::RecoveryFailed => ActionEvent::RecoveryFailed,
            ActionKind::StoreEncrypted => ActionEvent::StoreEncrypted,
            ActionKind::PersonAdded => ActionEvent::PersonAdded,
            ActionKind::PersonDisabled => ActionEvent::PersonDisabled,
            ActionKind::PinReset => ActionEvent::PinReset,
            ActionKind::PinChanged => ActionEvent::PinChanged,
            ActionKind::ServiceKeyMade => ActionEvent::ServiceKeyMade,
            ActionKind::SettingsChanged => ActionEvent::SettingsChanged,
            ActionKind::ExportWithNames => ActionEvent::ExportWithNames,
            ActionKind::Import => ActionEvent::Import,
            ActionKind::ReviewDecision => ActionEvent::ReviewDecision,
            ActionKind::MovedOut => ActionEvent::MovedOut,
            ActionKind::MovedIn => ActionEvent::MovedIn,
        }
    }
}

/// Which rows of the action log to show.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AuditQuery {
    /// Only what this person did.
    pub person_id: Option<String>,
    pub kind: Option<ActionKind>,
}

/// A row of the action log.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AuditRowView {
    /// The row's number in its installation's log (rows of two installations may share one).
    pub id: i64,
    /// The installation the row comes from when it is not this one: an installation this
    /// office answers for, whose action log came here with its batches.
    pub installation: Option<String>,
    /// That installation's unit as its identity card names it ("Xã … (code)"), when this
    /// store holds the card; the window shows it instead of the bare id.
    pub installation_unit: Option<String>,
    /// Unix milliseconds.
    pub at: i64,
    pub kind: ActionKind,
    pub person_name: Option<String>,
    /// A file's name, a household's id, a setting, or a person's id.
    pub subject: Option<String>,
    /// The name of the person the row is about (a person added, disabled, a PIN reset).
    pub subject_person: Option<String>,
    pub households: i64,
    pub outcome: String,
}

/// The audit screen: the rows asked for, newest first, and whether there were more.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AuditView {
    pub rows: Vec<AuditRowView>,
    pub more: bool,
}

/// The signed-in person; a store opened by a tool has none, and nobody there manages people.
fn signed_in(state: &AppState) -> CommandResult<Person> {
    state
        .session
        .person()
        .ok_or_else(|| StoreError::NotAdministrator.into())
}

fn people_view(store: &Store, state: &AppState, by: &Person) -> CommandResult<PeopleView> {
    let people = store
        .people_for(by)?
        .into_iter()
        .map(|p| PersonView {
            me: p.id == by.id,
            disabled: p.disabled_at.is_some(),
            role: p.role.into(),
            created_at: p.created_at,
            id: p.id,
            name: p.name,
        })
        .collect();
    let idle_lock_minutes =
        Store::idle_lock_minutes(&state.path)?.unwrap_or(DEFAULT_IDLE_LOCK_MINUTES);
    Ok(PeopleView {
        people,
        idle_lock_minutes,
        max_idle_lock_minutes: MAX_IDLE_LOCK_MINUTES,
        idle_lock_override_seconds: session::idle_override_seconds(),
    })
}

/// The row as the window shows it; `None` for a row of another installation whose action
/// word this version does not know (`rasoat audit` shows it as it came).
fn audit_row(row: OfficeActionRow, names: &BTreeMap<String, String>) -> Option<AuditRowView> {
    let here = row.received_at.is_none();
    let installation_unit = row
        .origin_unit
        .filter(|_| !here)
        .map(|unit| match unit.name {
            Some(name) => format!("{name} ({})", unit.code),
            None => unit.code,
        });
    let row = row.action;
    let event = ActionEvent::parse(&row.event)?;
    let about_person = matches!(
        event,
        ActionEvent::PersonAdded | ActionEvent::PersonDisabled | ActionEvent::PinReset
    );
    Some(AuditRowView {
        // Only this installation's people are known by id here.
        subject_person: row
            .subject
            .as_ref()
            .filter(|_| about_person && here)
            .and_then(|id| names.get(id).cloned()),
        id: row.seq,
        installation: (!here).then_some(row.origin),
        installation_unit,
        at: row.at,
        kind: event.into(),
        person_name: row.person_name,
        subject: row.subject,
        households: row.households,
        outcome: row.outcome,
    })
}

/// The people of the installation and the idle lock; administrators only.
#[tauri::command]
pub async fn people_overview<R: Runtime>(app: AppHandle<R>) -> CommandResult<PeopleView> {
    with_store(app, |store, state| {
        let by = signed_in(state)?;
        people_view(store, state, &by)
    })
    .await
}

/// Adds a person with a role and a first PIN.
#[tauri::command]
pub async fn people_add<R: Runtime>(
    app: AppHandle<R>,
    input: NewPersonInput,
) -> CommandResult<PeopleView> {
    with_store(app, move |store, state| {
        let by = signed_in(state)?;
        let pin = zeroize::Zeroizing::new(input.pin);
        if input.name.trim().is_empty() {
            return Err(CommandError::new(
                ErrorCode::Invalid,
                Code::DesktopNameMissing,
            ));
        }
        store.add_person(&by, &input.name, input.role.into(), &pin, now_ms())?;
        people_view(store, state, &by)
    })
    .await
}

/// Gives a person a new PIN (a forgotten one); they sign in with it.
#[tauri::command]
pub async fn people_reset_pin<R: Runtime>(
    app: AppHandle<R>,
    person_id: String,
    pin: String,
) -> CommandResult<PeopleView> {
    with_store(app, move |store, state| {
        let by = signed_in(state)?;
        let pin = zeroize::Zeroizing::new(pin);
        store.reset_pin(&by, &person_id, &pin, now_ms())?;
        people_view(store, state, &by)
    })
    .await
}

/// Disables a person: they can no longer sign in.
#[tauri::command]
pub async fn people_disable<R: Runtime>(
    app: AppHandle<R>,
    person_id: String,
) -> CommandResult<PeopleView> {
    with_store(app, move |store, state| {
        let by = signed_in(state)?;
        store.disable_person(&by, &person_id, now_ms())?;
        people_view(store, state, &by)
    })
    .await
}

/// Sets the idle lock, in minutes; the window's timer follows at its next reading of the
/// session.
#[tauri::command]
pub async fn people_set_idle_lock<R: Runtime>(
    app: AppHandle<R>,
    minutes: u32,
) -> CommandResult<PeopleView> {
    with_store(app, move |store, state| {
        let by = signed_in(state)?;
        store.set_idle_lock_minutes(&by, minutes, now_ms())?;
        people_view(store, state, &by)
    })
    .await
}

/// The action log, newest first, with the rows of the installations whose logs came here with
/// their batches, one person's or one kind only if asked; administrators only.
#[tauri::command]
pub async fn audit_list<R: Runtime>(
    app: AppHandle<R>,
    query: AuditQuery,
) -> CommandResult<AuditView> {
    with_store(app, move |store, state| {
        let by = signed_in(state)?;
        let filter = ActionFilter {
            person_id: query.person_id.filter(|p| !p.is_empty()),
            event: query.kind.map(ActionEvent::from),
            limit: AUDIT_LIMIT + 1,
        };
        let mut rows = store.office_actions_for(&by, &filter)?;
        let more = rows.len() > AUDIT_LIMIT;
        rows.truncate(AUDIT_LIMIT);
        let names: BTreeMap<String, String> = store
            .people()?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect();
        Ok(AuditView {
            rows: rows
                .into_iter()
                .filter_map(|r| audit_row(r, &names))
                .collect(),
            more,
        })
    })
    .await
}
