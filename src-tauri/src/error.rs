//! Errors as the UI receives them: `{code, message}`. The code is small and stable so the UI
//! can choose a remedy; the message is a catalogue code with its values (`messages::Message`,
//! worded in `assets/messages/errors.json`), which the window renders in the user's language.

use rasoat_domain::messages::{render, Code, Lang, Message};
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
    /// No one is signed in, or the window is locked: show the sign-in screen.
    Locked,
}

/// The error every command returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[error("{}", both_languages(.message))]
pub struct CommandError {
    pub code: ErrorCode,
    /// What went wrong, as the store, batch or sync error (or the desktop itself) says it.
    pub message: Message,
}

impl CommandError {
    pub fn new(code: ErrorCode, message: impl Into<Message>) -> CommandError {
        CommandError {
            code,
            message: message.into(),
        }
    }

    /// A failure with nothing to say but its cause's own text (a library's error).
    pub fn detail(code: ErrorCode, cause: impl std::fmt::Display) -> CommandError {
        CommandError::new(
            code,
            Message::new(Code::ErrorDetail).with("detail", cause.to_string()),
        )
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
            | StoreError::AlreadyInitialised { .. }
            | StoreError::WrongPin { .. }
            | StoreError::TryLater { .. }
            | StoreError::WrongRecoveryKey
            | StoreError::RecoveryKeyMalformed
            | StoreError::PinTooWeak
            | StoreError::UnknownPerson
            | StoreError::PersonDisabled
            | StoreError::NotAdministrator
            | StoreError::MovePassphraseTooShort { .. }
            | StoreError::MoveWrongPassphrase
            | StoreError::MoveFileDamaged
            | StoreError::MoveNotOurFile
            | StoreError::MoveTargetExists { .. } => ErrorCode::Invalid,
            StoreError::Locked => ErrorCode::Locked,
            StoreError::RoundNotFound { .. }
            | StoreError::NoConflict { .. }
            | StoreError::NotAConflictingEdit { .. }
            | StoreError::HouseholdNotFound { .. }
            | StoreError::RecordNotFound { .. } => ErrorCode::NotFound,
            StoreError::RoundLocked { .. }
            | StoreError::RoundClosed { .. }
            | StoreError::NotEditable { .. }
            | StoreError::NoAnswersYet
            | StoreError::NoHouseholdChosen
            | StoreError::AnswersIncomplete { .. }
            | StoreError::DuplicateCode { .. }
            | StoreError::TransferredAway { .. }
            | StoreError::SetAsideNotAllowed { .. }
            | StoreError::Transition(_)
            | StoreError::InstallationMoved { .. } => ErrorCode::Refused,
            _ => ErrorCode::Storage,
        };
        CommandError::new(code, e.message())
    }
}

impl From<ReportError> for CommandError {
    fn from(e: ReportError) -> CommandError {
        match e {
            ReportError::Store(e) => e.into(),
            // The same words as the store's file error (`ReportError::Io`'s text).
            ReportError::Io { path, source } => CommandError::new(
                ErrorCode::Storage,
                Message::new(Code::StoreIo)
                    .with("path", path)
                    .with("source", source.to_string()),
            ),
            ReportError::TooManyColumns => CommandError::detail(ErrorCode::Invalid, e),
            ReportError::Template(_) => CommandError::detail(ErrorCode::Storage, e),
        }
    }
}

/// The message as the CLI prints it, `vi / en`, but once when both say the same (a library's
/// own text through `error.detail`), so a log line does not repeat itself.
fn both_languages(message: &Message) -> String {
    let (vi, en) = (render(Lang::Vi, message), render(Lang::En, message));
    if vi == en {
        vi
    } else {
        format!("{vi} / {en}")
    }
}

pub type CommandResult<T> = Result<T, CommandError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_reads_as_the_store_says_it() {
        let e: CommandError = StoreError::RoundLocked {
            what: "2025".into(),
        }
        .into();
        assert_eq!(e.code, ErrorCode::Refused);
        assert_eq!(
            e.to_string(),
            StoreError::RoundLocked {
                what: "2025".into()
            }
            .to_string()
        );
        assert_eq!(
            CommandError::detail(ErrorCode::Storage, "disk full").to_string(),
            "disk full"
        );
    }
}
