//! The opening list's own review track in a transition round: the village meeting, the commune
//! chairman's recognition and the report of the list that opens the status year (NĐ 351/2025's
//! list of 2027 in the 2026 round), beside the closing list's track of `workflow`.
//!
//! ```text
//! not met ──meeting ≥ 50 %──▶ agreed ──recognise──▶ recognised ──report──▶ reported
//!    │                          ▲
//! meeting < 50 %          meeting ≥ 50 %
//!    ▼                          │
//! returned ─────────────────────┘   (a meeting below half again: still returned)
//! ```
//!
//! Both lists classify the same answers, so the opening track starts only from a form the
//! commune accepted (the closing track at `accepted` or later) and never changes the closing
//! track. A meeting below half sends the opening list alone back to review ("rà soát lại"),
//! and the village meets on it again: the answers belong to the closing list's record, which
//! may already be agreed or recognised for the review year, so undoing that record would undo
//! another list (QĐ 24/2021 Art. 4 step 3 says what a meeting decides, not which of two lists
//! goes back; docs/standards-file.md says this reading). Every step is refused while the
//! opening standard names no official method (`workflow::check_recognisable`): a list applied
//! only as far as it is sourced is not one a village is asked to agree on.

use crate::round::round_standards;
use crate::standard::{Standard, Standards};
use crate::workflow::{check_recognisable, ReviewAction, ReviewState, Role, TransitionError};

/// Where a household stands on the opening list of a transition round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OpeningState {
    /// No village meeting has been held on the opening list (or the form changed since).
    NotMet,
    /// At least half of the village meeting agreed on the opening list's class.
    Agreed,
    /// The meeting agreed less than half: the opening list goes back to review.
    Returned,
    /// Recognised by the commune chairman's decision.
    Recognised,
    /// Included in the report sent up.
    Reported,
}

impl OpeningState {
    pub const ALL: [OpeningState; 5] = [
        OpeningState::NotMet,
        OpeningState::Agreed,
        OpeningState::Returned,
        OpeningState::Recognised,
        OpeningState::Reported,
    ];

    /// The stable word stored and journalled.
    pub fn as_str(self) -> &'static str {
        match self {
            OpeningState::NotMet => "not_met",
            OpeningState::Agreed => "agreed",
            OpeningState::Returned => "returned",
            OpeningState::Recognised => "recognised",
            OpeningState::Reported => "reported",
        }
    }

    /// Parses the stable word; `None` for anything else.
    pub fn parse(word: &str) -> Option<OpeningState> {
        OpeningState::ALL.into_iter().find(|s| s.as_str() == word)
    }

    /// The Vietnamese label a cadre reads.
    pub fn label_vi(self) -> &'static str {
        match self {
            OpeningState::NotMet => "chưa họp dân",
            OpeningState::Agreed => "họp dân đã thống nhất",
            OpeningState::Returned => "họp dân chưa thống nhất, rà soát lại",
            OpeningState::Recognised => "đã công nhận",
            OpeningState::Reported => "đã báo cáo",
        }
    }

    /// Whether the household may appear on the opening list's posting list (agreed on).
    pub fn may_be_posted(self) -> bool {
        matches!(
            self,
            OpeningState::Agreed | OpeningState::Recognised | OpeningState::Reported
        )
    }

    /// Whether the household may be given the opening list's certificate (recognised).
    pub fn may_be_certified(self) -> bool {
        matches!(self, OpeningState::Recognised | OpeningState::Reported)
    }
}

/// The standard of the opening list of a round of `review_year` recorded under `recorded` (the
/// standard id the round keeps), or `None` when the round has no opening list: a monthly
/// round keeps its own year's list, and a yearly round is a transition round only when its
/// recorded standard is the one that closes the review year and another opens the status
/// year (`round::round_standards`).
pub fn opening_standard<'a>(
    standards: &'a Standards,
    review_year: i32,
    yearly: bool,
    recorded: &str,
) -> Option<&'a Standard> {
    round_standards(standards, review_year)
        .ok()
        .filter(|r| yearly && r.closing.id == recorded)
        .and_then(|r| r.opening)
}

/// Whether a form in state `form` may be met on for the opening list: the commune accepted it
/// and the closing track has not sent it back.
pub fn form_accepted(form: ReviewState) -> bool {
    matches!(
        form,
        ReviewState::Accepted
            | ReviewState::Agreed
            | ReviewState::Recognised
            | ReviewState::Reported
    )
}

/// The opening list's state after `action` taken by `role`, from `from`, for a record whose
/// form (the closing track) is in state `form`, in a round of `review_year` whose opening
/// standard is `opening` (`None`: not a transition round), or why not.
pub fn next_opening_state(
    from: OpeningState,
    form: ReviewState,
    action: &ReviewAction,
    role: Role,
    review_year: i32,
    opening: Option<&Standard>,
) -> Result<OpeningState, TransitionError> {
    use OpeningState as S;
    use ReviewAction as A;
    let refused = || TransitionError::OpeningNotAllowed {
        from,
        action: action.as_str(),
    };
    // Only the village meeting, the recognition and the report are the opening list's own:
    // completing, accepting and returning are the form's, taken once on the closing track.
    if !matches!(action, A::Meeting { .. } | A::Recognise { .. } | A::Report) {
        return Err(refused());
    }
    if role != Role::Commune {
        return Err(TransitionError::WrongRole {
            role,
            action: action.as_str(),
        });
    }
    let Some(standard) = opening else {
        return Err(TransitionError::NotTransitionRound { year: review_year });
    };
    check_recognisable(standard)?;
    if !form_accepted(form) {
        return Err(TransitionError::FormNotAccepted { state: form });
    }
    match (from, action) {
        (
            S::NotMet | S::Returned,
            A::Meeting {
                attendees,
                agreeing,
            },
        ) => match crate::workflow::meeting_outcome(*attendees, *agreeing)? {
            true => Ok(S::Agreed),
            false => Ok(S::Returned),
        },
        (
            S::Agreed,
            A::Recognise {
                decision_number, ..
            },
        ) => crate::workflow::check_decision(decision_number).map(|()| S::Recognised),
        (S::Recognised, A::Report) => Ok(S::Reported),
        _ => Err(refused()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standard::Standards;

    fn nd351(method: bool) -> Standard {
        let mut s = Standards::national()
            .by_id("nd351-2025")
            .expect("NĐ 351 ships")
            .clone();
        s.official_method = method.then(|| "Thông tư hướng dẫn (thử)".to_string());
        s
    }

    fn meeting(attendees: u32, agreeing: u32) -> ReviewAction {
        ReviewAction::Meeting {
            attendees,
            agreeing,
        }
    }

    fn recognise(number: &str) -> ReviewAction {
        ReviewAction::Recognise {
            decision_number: number.into(),
            decided_on: "2026-12-10".parse().expect("date"),
        }
    }

    /// Every step of the opening track, allowed and refused, with the reason refused.
    #[test]
    fn the_opening_track_step_by_step() {
        use OpeningState as O;
        use ReviewState as F;
        let official = nd351(true);
        let unofficial = nd351(false);
        type Case<'a> = (
            O,
            F,
            ReviewAction,
            Role,
            Option<&'a Standard>,
            Result<O, &'static str>,
        );
        let cases: Vec<Case<'_>> = vec![
            // Allowed.
            (
                O::NotMet,
                F::Accepted,
                meeting(30, 15),
                Role::Commune,
                Some(&official),
                Ok(O::Agreed),
            ),
            (
                O::NotMet,
                F::Recognised,
                meeting(30, 14),
                Role::Commune,
                Some(&official),
                Ok(O::Returned),
            ),
            (
                O::Returned,
                F::Agreed,
                meeting(2, 1),
                Role::Commune,
                Some(&official),
                Ok(O::Agreed),
            ),
            (
                O::Agreed,
                F::Accepted,
                recognise("12/QĐ-UBND"),
                Role::Commune,
                Some(&official),
                Ok(O::Recognised),
            ),
            (
                O::Recognised,
                F::Reported,
                ReviewAction::Report,
                Role::Commune,
                Some(&official),
                Ok(O::Reported),
            ),
            // No official method: every step refused, the meeting too.
            (
                O::NotMet,
                F::Accepted,
                meeting(30, 20),
                Role::Commune,
                Some(&unofficial),
                Err("no_official_method"),
            ),
            (
                O::Agreed,
                F::Accepted,
                recognise("12/QĐ-UBND"),
                Role::Commune,
                Some(&unofficial),
                Err("no_official_method"),
            ),
            // Not a transition round.
            (
                O::NotMet,
                F::Accepted,
                meeting(30, 20),
                Role::Commune,
                None,
                Err("not_transition_round"),
            ),
            // The form not accepted yet, or sent back.
            (
                O::NotMet,
                F::Completed,
                meeting(30, 20),
                Role::Commune,
                Some(&official),
                Err("form_not_accepted"),
            ),
            (
                O::Agreed,
                F::Returned,
                recognise("12/QĐ-UBND"),
                Role::Commune,
                Some(&official),
                Err("form_not_accepted"),
            ),
            // Wrong role.
            (
                O::NotMet,
                F::Accepted,
                meeting(30, 20),
                Role::Enumerator,
                Some(&official),
                Err("wrong_role"),
            ),
            (
                O::Agreed,
                F::Accepted,
                recognise("12/QĐ-UBND"),
                Role::District,
                Some(&official),
                Err("wrong_role"),
            ),
            // Impossible counts, an empty decision.
            (
                O::NotMet,
                F::Accepted,
                meeting(0, 0),
                Role::Commune,
                Some(&official),
                Err("bad_meeting"),
            ),
            (
                O::NotMet,
                F::Accepted,
                meeting(3, 4),
                Role::Commune,
                Some(&official),
                Err("bad_meeting"),
            ),
            (
                O::Agreed,
                F::Accepted,
                recognise(" "),
                Role::Commune,
                Some(&official),
                Err("missing_decision"),
            ),
            // Skipped or repeated steps, and the form's own steps.
            (
                O::NotMet,
                F::Accepted,
                recognise("12/QĐ-UBND"),
                Role::Commune,
                Some(&official),
                Err("opening_not_allowed"),
            ),
            (
                O::Agreed,
                F::Accepted,
                meeting(30, 20),
                Role::Commune,
                Some(&official),
                Err("opening_not_allowed"),
            ),
            (
                O::Returned,
                F::Accepted,
                recognise("12/QĐ-UBND"),
                Role::Commune,
                Some(&official),
                Err("opening_not_allowed"),
            ),
            (
                O::Agreed,
                F::Accepted,
                ReviewAction::Report,
                Role::Commune,
                Some(&official),
                Err("opening_not_allowed"),
            ),
            (
                O::NotMet,
                F::Completed,
                ReviewAction::Accept,
                Role::Commune,
                Some(&official),
                Err("opening_not_allowed"),
            ),
            (
                O::NotMet,
                F::Draft,
                ReviewAction::Complete,
                Role::Enumerator,
                Some(&official),
                Err("opening_not_allowed"),
            ),
        ];
        for (from, form, action, role, standard, expect) in cases {
            let got = next_opening_state(from, form, &action, role, 2026, standard);
            let got = got.map_err(|e| match e {
                TransitionError::NoOfficialMethod { .. } => "no_official_method",
                TransitionError::NotTransitionRound { year } => {
                    assert_eq!(year, 2026);
                    "not_transition_round"
                }
                TransitionError::FormNotAccepted { .. } => "form_not_accepted",
                TransitionError::WrongRole { .. } => "wrong_role",
                TransitionError::BadMeeting { .. } => "bad_meeting",
                TransitionError::MissingDecision => "missing_decision",
                TransitionError::OpeningNotAllowed { .. } => "opening_not_allowed",
                other => panic!("unexpected {other:?}"),
            });
            assert_eq!(
                got, expect,
                "{from:?} / form {form:?} --{action:?} by {role:?}"
            );
        }
    }

    #[test]
    fn only_a_yearly_round_closing_2026_has_an_opening_list() {
        let all = Standards::national();
        let opening = |year, yearly, recorded| {
            opening_standard(&all, year, yearly, recorded).map(|s| s.id.clone())
        };
        assert_eq!(
            opening(2026, true, "nd07-2021").as_deref(),
            Some("nd351-2025")
        );
        assert_eq!(opening(2026, false, "nd07-2021"), None, "a monthly round");
        assert_eq!(
            opening(2025, true, "nd07-2021"),
            None,
            "status year 2026: NĐ 07"
        );
        assert_eq!(opening(2027, true, "nd351-2025"), None, "NĐ 351 both years");
    }

    #[test]
    fn states_read_back_and_printing_follows_the_steps() {
        for s in OpeningState::ALL {
            assert_eq!(OpeningState::parse(s.as_str()), Some(s));
            assert!(!s.may_be_certified() || s.may_be_posted(), "{s:?}");
        }
        assert!(!OpeningState::Returned.may_be_posted());
        assert!(!OpeningState::Agreed.may_be_certified());
        assert!(OpeningState::Reported.may_be_certified());
    }

    #[test]
    fn refusals_are_said_in_both_languages() {
        let e = next_opening_state(
            OpeningState::NotMet,
            ReviewState::Accepted,
            &meeting(10, 6),
            Role::Commune,
            2026,
            Some(&nd351(false)),
        )
        .expect_err("no method");
        let text = e.to_string();
        assert!(text.contains("chưa có phương pháp chính thức"), "{text}");
        assert!(text.contains("no official method"), "{text}");
        let e = next_opening_state(
            OpeningState::NotMet,
            ReviewState::Completed,
            &meeting(10, 6),
            Role::Commune,
            2026,
            Some(&nd351(true)),
        )
        .expect_err("not accepted");
        assert!(e.to_string().contains("xã đã duyệt"), "{e}");
        assert_eq!(crate::messages::bilingual(&e.message()), e.to_string());
    }
}
