//! The review workflow of one household in one round (QĐ 24/2021 Art. 4, steps 2–6): which
//! state may go to which, who may move it, and the village meeting's 50 % rule. Pure: the store
//! asks here before it writes, so every installation enforces the same rules.
//!
//! ```text
//! draft ──complete──▶ completed ──accept──▶ accepted ──meeting ≥ 50 %──▶ agreed
//!   ▲                   │                      │                             │
//!   │                 return                meeting < 50 %              recognise
//!   │                   ▼                      ▼                             ▼
//!   └─ (edit) ──── returned ◀──────────────────┘                        recognised ──report──▶ reported
//!                      └──complete──▶ completed
//! ```

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::messages::{Code, Message, Words};
use crate::standard::Standard;

/// Where a household's survey record stands in the review.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    /// Being collected by the enumerator ("đang rà soát").
    Draft,
    /// The enumerator has finished the form ("đã hoàn thành").
    Completed,
    /// Sent back to the enumerator with a comment, or after a meeting below 50 % ("trả lại").
    Returned,
    /// Checked and accepted by the commune ("xã đã duyệt").
    Accepted,
    /// Agreed by at least half of the village meeting ("họp dân thống nhất").
    Agreed,
    /// Recognised by the commune chairman's decision ("đã công nhận").
    Recognised,
    /// Included in the report sent up ("đã báo cáo").
    Reported,
}

impl ReviewState {
    /// Every state, in workflow order.
    pub const ALL: [ReviewState; 7] = [
        ReviewState::Draft,
        ReviewState::Completed,
        ReviewState::Returned,
        ReviewState::Accepted,
        ReviewState::Agreed,
        ReviewState::Recognised,
        ReviewState::Reported,
    ];

    /// The stable word stored and shown in `--status`.
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewState::Draft => "draft",
            ReviewState::Completed => "completed",
            ReviewState::Returned => "returned",
            ReviewState::Accepted => "accepted",
            ReviewState::Agreed => "agreed",
            ReviewState::Recognised => "recognised",
            ReviewState::Reported => "reported",
        }
    }

    /// Parses the stable word; `None` for anything else.
    pub fn parse(word: &str) -> Option<ReviewState> {
        ReviewState::ALL.into_iter().find(|s| s.as_str() == word)
    }

    /// The Vietnamese label a cadre reads.
    pub fn label_vi(self) -> &'static str {
        match self {
            ReviewState::Draft => "đang rà soát",
            ReviewState::Completed => "đã hoàn thành phiếu",
            ReviewState::Returned => "trả lại rà soát viên",
            ReviewState::Accepted => "xã đã duyệt",
            ReviewState::Agreed => "họp dân đã thống nhất",
            ReviewState::Recognised => "đã công nhận",
            ReviewState::Reported => "đã báo cáo",
        }
    }

    /// How far the review went, for the merge's provisional winner when two installations made
    /// different heads of one record: the head standing higher is shown until a person
    /// resolves, so a commune's decision never gives way to an enumerator's longer branch of
    /// drafts made offline. A returned form stands just above a draft (it is being corrected)
    /// and below a completed one, so a finished correction is shown over a parallel edit of
    /// the returned form. Fixed numbers, not the order of [`ReviewState::ALL`]: every
    /// installation and every release must rank alike.
    pub fn standing(self) -> u8 {
        match self {
            ReviewState::Draft => 0,
            ReviewState::Returned => 1,
            ReviewState::Completed => 2,
            ReviewState::Accepted => 3,
            ReviewState::Agreed => 4,
            ReviewState::Recognised => 5,
            ReviewState::Reported => 6,
        }
    }

    /// Whether the answers may still be edited. Only the enumerator's states: once completed,
    /// the commune judges the form and sends it back rather than editing it (ownership, so
    /// two installations never edit the same household at the same time).
    pub fn answers_editable(self) -> bool {
        matches!(self, ReviewState::Draft | ReviewState::Returned)
    }

    /// Whether the household counts as reviewed ("đã rà soát") in reports: its form was
    /// finished by the enumerator and has not been sent back. A draft, or a returned form
    /// being corrected, is still being reviewed and is counted apart.
    pub fn is_reviewed(self) -> bool {
        !matches!(self, ReviewState::Draft | ReviewState::Returned)
    }

    /// Whether the household may appear on the village's public posting list: QĐ 24/2021
    /// Art. 4 step 4 (niêm yết, thông báo công khai) posts the result the village meeting of
    /// step 3 agreed on, so only from `agreed` on.
    pub fn may_be_posted(self) -> bool {
        matches!(
            self,
            ReviewState::Agreed | ReviewState::Recognised | ReviewState::Reported
        )
    }

    /// Whether the household may be given the certificate (Mẫu số 03): QĐ 24/2021 Art. 4
    /// step 6, the commune chairman recognises the household and issues it, so only once
    /// `recognised` (a household reported up was recognised first).
    pub fn may_be_certified(self) -> bool {
        matches!(self, ReviewState::Recognised | ReviewState::Reported)
    }
}

/// The level of the installation that acts.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// "Rà soát viên": collects the forms.
    Enumerator,
    /// The commune review committee and the commune chairman.
    Commune,
    /// The district: reads and aggregates its communes' review, the reporting office until
    /// 30 June 2025.
    District,
    /// The province: the reporting office of its communes since the district level ended on
    /// 1 July 2025 (Đồng Văn's communes report to Tuyên Quang).
    Province,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Enumerator => "enumerator",
            Role::Commune => "commune",
            Role::District => "district",
            Role::Province => "province",
        }
    }

    pub fn parse(word: &str) -> Option<Role> {
        [
            Role::Enumerator,
            Role::Commune,
            Role::District,
            Role::Province,
        ]
        .into_iter()
        .find(|r| r.as_str() == word)
    }

    /// Whether this installation is an office above the communes (a district or a province):
    /// it holds many communes' households and keeps no village list of its own.
    pub fn is_office(self) -> bool {
        matches!(self, Role::District | Role::Province)
    }
}

/// One step of the review, with what the law asks to be recorded for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum ReviewAction {
    /// The enumerator declares the form finished.
    Complete,
    /// The commune sends the form back; the comment says what to fix.
    Return { comment: String },
    /// The commune accepts the form for the village meeting.
    Accept,
    /// Outcome of the village meeting: how many attended and how many agreed.
    Meeting { attendees: u32, agreeing: u32 },
    /// The commune chairman's recognition decision.
    Recognise {
        decision_number: String,
        decided_on: Date,
    },
    /// The result was sent up in the report.
    Report,
}

impl ReviewAction {
    /// The stable word journalled for this action.
    pub fn as_str(&self) -> &'static str {
        match self {
            ReviewAction::Complete => "complete",
            ReviewAction::Return { .. } => "return",
            ReviewAction::Accept => "accept",
            ReviewAction::Meeting { .. } => "meeting",
            ReviewAction::Recognise { .. } => "recognise",
            ReviewAction::Report => "report",
        }
    }

    /// Which roles may take this action. Completing is the enumerator's, though a commune
    /// cadre who entered a form himself may complete it too; judging is the commune's.
    pub fn allowed_roles(&self) -> &'static [Role] {
        match self {
            ReviewAction::Complete => &[Role::Enumerator, Role::Commune],
            _ => &[Role::Commune],
        }
    }
}

/// Why a step was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("không thể «{action}» khi hộ đang ở trạng thái «{state}» / cannot `{action}` a record in state `{state_en}`", state = .from.label_vi(), state_en = .from.as_str())]
    NotAllowed {
        from: ReviewState,
        action: &'static str,
    },
    #[error("vai trò «{role}» không được «{action}» / role `{role}` may not `{action}`", role = .role.as_str())]
    WrongRole { role: Role, action: &'static str },
    #[error("cần ghi lý do trả lại / a return needs a comment")]
    MissingComment,
    #[error("cần số quyết định công nhận / a recognition needs a decision number")]
    MissingDecision,
    #[error("số người đồng ý ({agreeing}) lớn hơn số người dự họp ({attendees}) hoặc không có ai dự họp / agreeing exceeds attendees or nobody attended")]
    BadMeeting { attendees: u32, agreeing: u32 },
    #[error("chưa thể công nhận hay cấp giấy chứng nhận theo chuẩn `{standard}`: chưa có phương pháp chính thức / cannot recognise or certify under standard `{standard}`: no official method yet")]
    NoOfficialMethod { standard: String },
    #[error("vòng rà soát năm {year} không phải vòng chuyển tiếp: không có danh sách áp dụng năm sau theo chuẩn mới để họp dân, công nhận / the {year} round is not a transition round: it has no opening list to meet on or recognise")]
    NotTransitionRound { year: i32 },
    #[error("danh sách áp dụng năm sau chỉ họp dân, công nhận khi xã đã duyệt phiếu; phiếu đang «{state}» / the opening list is met on only once the commune has accepted the form; the form is `{state_en}`", state = .state.label_vi(), state_en = .state.as_str())]
    FormNotAccepted { state: ReviewState },
    #[error("danh sách áp dụng năm sau: không thể «{action}» khi hộ đang «{state}» / opening list: cannot `{action}` a household in state `{state_en}`", state = .from.label_vi(), state_en = .from.as_str())]
    OpeningNotAllowed {
        from: crate::opening_review::OpeningState,
        action: &'static str,
    },
}

impl TransitionError {
    /// The refusal as a code and its values, for a window that renders it in its own language;
    /// `bilingual` of it is the `Display` text.
    pub fn message(&self) -> Message {
        match self {
            TransitionError::NotAllowed { from, action } => {
                Message::new(Code::TransitionNotAllowed)
                    .with("action", *action)
                    .with("state", state_words(*from))
            }
            TransitionError::WrongRole { role, action } => Message::new(Code::TransitionWrongRole)
                .with("role", role.as_str())
                .with("action", *action),
            TransitionError::MissingComment => Message::new(Code::TransitionMissingComment),
            TransitionError::MissingDecision => Message::new(Code::TransitionMissingDecision),
            TransitionError::BadMeeting {
                attendees,
                agreeing,
            } => Message::new(Code::TransitionBadMeeting)
                .with("agreeing", *agreeing)
                .with("attendees", *attendees),
            TransitionError::NoOfficialMethod { standard } => {
                Message::new(Code::TransitionNoOfficialMethod).with("standard", standard.as_str())
            }
            TransitionError::NotTransitionRound { year } => {
                Message::new(Code::TransitionNotTransitionRound).with("year", *year)
            }
            TransitionError::FormNotAccepted { state } => {
                Message::new(Code::TransitionFormNotAccepted).with("state", state_words(*state))
            }
            TransitionError::OpeningNotAllowed { from, action } => {
                Message::new(Code::TransitionOpeningNotAllowed)
                    .with("action", *action)
                    .with(
                        "state",
                        Words {
                            vi: from.label_vi().to_string(),
                            en: from.as_str().to_string(),
                        },
                    )
            }
        }
    }
}

/// A state as errors name it: the cadre's Vietnamese label, the stable word in English.
pub fn state_words(state: ReviewState) -> Words {
    Words {
        vi: state.label_vi().to_string(),
        en: state.as_str().to_string(),
    }
}

/// True when the meeting agreed: at least 50 % of attendees (QĐ 24/2021 Art. 4 step 3).
/// Integer arithmetic so that exactly half counts as agreement, with no rounding.
pub fn meeting_agrees(attendees: u32, agreeing: u32) -> bool {
    u64::from(agreeing) * 2 >= u64::from(attendees)
}

/// A village meeting's count read: whether it agreed, or why the count cannot be (nobody
/// attending, more agreeing than attending). Both lists of a transition round meet by it.
pub fn meeting_outcome(attendees: u32, agreeing: u32) -> Result<bool, TransitionError> {
    if attendees == 0 || agreeing > attendees {
        return Err(TransitionError::BadMeeting {
            attendees,
            agreeing,
        });
    }
    Ok(meeting_agrees(attendees, agreeing))
}

/// A recognition names the chairman's decision: refused without its number.
pub fn check_decision(decision_number: &str) -> Result<(), TransitionError> {
    if decision_number.trim().is_empty() {
        Err(TransitionError::MissingDecision)
    } else {
        Ok(())
    }
}

/// Whether a list classified under `standard` may be recognised and certified: only when the
/// standard names its official review method. NĐ 351/2025's opening list of the 2026 round has
/// none until the office loads it ("chưa có phương pháp chính thức", poverty-standards.md §6).
pub fn check_recognisable(standard: &Standard) -> Result<(), TransitionError> {
    match standard.official_method {
        Some(_) => Ok(()),
        None => Err(TransitionError::NoOfficialMethod {
            standard: standard.id.clone(),
        }),
    }
}

/// The state after `action` taken by `role` on a record in state `from`, or why not.
pub fn next_state(
    from: ReviewState,
    action: &ReviewAction,
    role: Role,
) -> Result<ReviewState, TransitionError> {
    use ReviewAction as A;
    use ReviewState as S;
    if !action.allowed_roles().contains(&role) {
        return Err(TransitionError::WrongRole {
            role,
            action: action.as_str(),
        });
    }
    let refused = || TransitionError::NotAllowed {
        from,
        action: action.as_str(),
    };
    match (from, action) {
        (S::Draft | S::Returned, A::Complete) => Ok(S::Completed),
        (S::Completed, A::Return { comment }) => {
            if comment.trim().is_empty() {
                Err(TransitionError::MissingComment)
            } else {
                Ok(S::Returned)
            }
        }
        (S::Completed, A::Accept) => Ok(S::Accepted),
        (
            S::Accepted,
            A::Meeting {
                attendees,
                agreeing,
            },
        ) => {
            // Below half: re-review (back to step 2) and meet again.
            match meeting_outcome(*attendees, *agreeing)? {
                true => Ok(S::Agreed),
                false => Ok(S::Returned),
            }
        }
        (
            S::Agreed,
            A::Recognise {
                decision_number, ..
            },
        ) => check_decision(decision_number).map(|()| S::Recognised),
        (S::Recognised, A::Report) => Ok(S::Reported),
        _ => Err(refused()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_say_the_same_words_from_the_catalogue() {
        let every = [
            TransitionError::NotAllowed {
                from: ReviewState::Accepted,
                action: "complete",
            },
            TransitionError::WrongRole {
                role: Role::Enumerator,
                action: "accept",
            },
            TransitionError::MissingComment,
            TransitionError::MissingDecision,
            TransitionError::BadMeeting {
                attendees: 3,
                agreeing: 5,
            },
            TransitionError::NoOfficialMethod {
                standard: "nd351-2025".into(),
            },
            TransitionError::NotTransitionRound { year: 2025 },
            TransitionError::FormNotAccepted {
                state: ReviewState::Completed,
            },
            TransitionError::OpeningNotAllowed {
                from: crate::opening_review::OpeningState::Agreed,
                action: "meeting",
            },
        ];
        for e in every {
            assert_eq!(crate::messages::bilingual(&e.message()), e.to_string());
        }
    }

    fn check(from: ReviewState, action: ReviewAction, role: Role, expect: Option<ReviewState>) {
        let got = next_state(from, &action, role).ok();
        assert_eq!(got, expect, "{from:?} --{action:?} by {role:?}");
    }

    #[test]
    fn standing_is_fixed_for_every_release() {
        let standings: Vec<(ReviewState, u8)> = ReviewState::ALL
            .iter()
            .map(|s| (*s, s.standing()))
            .collect();
        assert_eq!(
            standings,
            [
                (ReviewState::Draft, 0),
                (ReviewState::Completed, 2),
                (ReviewState::Returned, 1),
                (ReviewState::Accepted, 3),
                (ReviewState::Agreed, 4),
                (ReviewState::Recognised, 5),
                (ReviewState::Reported, 6),
            ]
        );
    }

    #[test]
    fn the_happy_path_goes_through_every_step() {
        use ReviewState as S;
        let date: Date = "2025-12-01".parse().expect("date");
        check(
            S::Draft,
            ReviewAction::Complete,
            Role::Enumerator,
            Some(S::Completed),
        );
        check(
            S::Completed,
            ReviewAction::Accept,
            Role::Commune,
            Some(S::Accepted),
        );
        check(
            S::Accepted,
            ReviewAction::Meeting {
                attendees: 40,
                agreeing: 20,
            },
            Role::Commune,
            Some(S::Agreed),
        );
        check(
            S::Agreed,
            ReviewAction::Recognise {
                decision_number: "12/QĐ-UBND".into(),
                decided_on: date,
            },
            Role::Commune,
            Some(S::Recognised),
        );
        check(
            S::Recognised,
            ReviewAction::Report,
            Role::Commune,
            Some(S::Reported),
        );
    }

    #[test]
    fn a_meeting_below_half_sends_the_record_back_to_review() {
        let got = next_state(
            ReviewState::Accepted,
            &ReviewAction::Meeting {
                attendees: 41,
                agreeing: 20,
            },
            Role::Commune,
        );
        assert_eq!(got, Ok(ReviewState::Returned));
        assert!(meeting_agrees(2, 1), "exactly half is agreement");
        assert!(!meeting_agrees(3, 1));
    }

    #[test]
    fn refuses_skipped_steps_wrong_roles_and_empty_reasons() {
        use ReviewState as S;
        check(S::Draft, ReviewAction::Accept, Role::Commune, None);
        check(S::Completed, ReviewAction::Accept, Role::Enumerator, None);
        check(S::Reported, ReviewAction::Complete, Role::Enumerator, None);
        check(
            S::Completed,
            ReviewAction::Return {
                comment: " ".into(),
            },
            Role::Commune,
            None,
        );
        check(
            S::Accepted,
            ReviewAction::Meeting {
                attendees: 3,
                agreeing: 4,
            },
            Role::Commune,
            None,
        );
        assert!(S::Returned.answers_editable() && !S::Completed.answers_editable());
        for s in S::ALL {
            assert_eq!(S::parse(s.as_str()), Some(s));
        }
    }

    /// What the reports, the posting lists and the certificates may show, state by state:
    /// each later step needs the earlier ones (QĐ 24/2021 Art. 4 steps 3, 4 and 6).
    #[test]
    fn posting_and_certificates_follow_the_procedure_s_steps() {
        use ReviewState as S;
        let reviewed: Vec<S> = S::ALL.into_iter().filter(|s| s.is_reviewed()).collect();
        let posted: Vec<S> = S::ALL.into_iter().filter(|s| s.may_be_posted()).collect();
        let certified: Vec<S> = S::ALL
            .into_iter()
            .filter(|s| s.may_be_certified())
            .collect();
        assert_eq!(
            reviewed,
            [
                S::Completed,
                S::Accepted,
                S::Agreed,
                S::Recognised,
                S::Reported
            ]
        );
        assert_eq!(posted, [S::Agreed, S::Recognised, S::Reported]);
        assert_eq!(certified, [S::Recognised, S::Reported]);
        for s in S::ALL {
            assert!(!s.may_be_certified() || s.may_be_posted(), "{s:?}");
            assert!(!s.may_be_posted() || s.is_reviewed(), "{s:?}");
        }
    }
}
