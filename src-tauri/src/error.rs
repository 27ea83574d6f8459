//! Errors as the UI receives them: `{code, message}`. The code is small and stable so the UI
//! can translate it; the message carries the store's or domain's own words (Vietnamese first).

use rasoat_reports::ReportError;
use rasoat_store::StoreError;
use serde::Serialize;

/// What kind of failure, for the UI's translation table and its choice of remedy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The installation is not set up yet: show the first-run screen.
    NotSetUp,
    /// The answers or the request are wrong: show next to the form.
    Invalid,
    /// The household or record does not exist.
    NotFound,
    /// The round is closed or locked, or the record is in the commune's hands.
    Refused,
    /// The store file cannot be used (newer version, disk, corruption).
    Storage,
}

/// The error every command returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[error("{message}")]
pub struct CommandError {
    pub code: ErrorCode,
    pub message: String,
}

impl CommandError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> CommandError {
        CommandError {
            code,
            message: message.into(),
        }
    }
}

impl From<StoreError> for CommandError {
    fn from(e: StoreError) -> CommandError {
        let code = match &e {
            StoreError::NotInitialised | StoreError::NoOpenRound => ErrorCode::NotSetUp,
            StoreError::UnknownUnit { .. }
            | StoreError::InvalidInstallationId { .. }
            | StoreError::InvalidClass { .. }
            | StoreError::RoundMonth
            | StoreError::RoundYear { .. }
            | StoreError::UnitDate { .. }
            | StoreError::TooManyHouseholds { .. }
            | StoreError::ListNotForACommune { .. }
            | StoreError::ListInvalid { .. }
            | StoreError::ListUnreadable { .. }
            | StoreError::RoundExists { .. }
            | StoreError::AlreadyInitialised { .. } => ErrorCode::Invalid,
            StoreError::RoundNotFound { .. }
            | StoreError::NoConflict { .. }
            | StoreError::NotAConflictingEdit { .. }
            | StoreError::HouseholdNotFound { .. }
            | StoreError::RecordNotFound { .. } => ErrorCode::NotFound,
            StoreError::RoundLocked { .. }
            | StoreError::RoundClosed { .. }
            | StoreError::NotEditable { .. }
            | StoreError::NoAnswersYet
            | StoreError::Transition(_) => ErrorCode::Refused,
            _ => ErrorCode::Storage,
        };
        CommandError::new(code, e.to_string())
    }
}

impl From<ReportError> for CommandError {
    fn from(e: ReportError) -> CommandError {
        match e {
            ReportError::Store(e) => e.into(),
            ReportError::TooManyColumns => CommandError::new(ErrorCode::Invalid, e.to_string()),
            ReportError::Io { .. } | ReportError::Template(_) => {
                CommandError::new(ErrorCode::Storage, e.to_string())
            }
        }
    }
}

pub type CommandResult<T> = Result<T, CommandError>;
