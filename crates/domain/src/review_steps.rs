//! Which review steps an office may have taken, for a receiver judging what another installation
//! made: a survey entry carries the record's whole review state, so a modified enumerator app
//! could write "recognised" on its own form, and the place rule (`authorisation::may_write`)
//! would not see it. The step an entry takes is judged from the state of the content it builds
//! on (its parent) to the state it carries, by the roles `workflow::ReviewAction::allowed_roles`
//! gives each action; the opening list's steps by the roles its own track allows.
//!
//! The caller chooses the state the step starts from, against what it holds: the parent's state
//! when it holds the parent (an old entry arriving late is judged by its own step, never against
//! the later state the receiver holds now), and `None` when it does not (a record new to it, or
//! an entry building on content it never received), which is judged as a record started here:
//! only what the office could reach from a draft by its own actions alone.
//!
//! An entry that keeps the state but changes the answers is a step too: the answers are edited
//! only on a draft or a returned form, by every office (`ReviewState::answers_editable`, as the
//! store's own save refuses), so an enumerator rewriting a form the commune accepted is refused
//! however it labels the state.

use crate::authorisation::Office;
use crate::date::Date;
use crate::opening_review::OpeningState;
use crate::workflow::{next_state, ReviewAction, ReviewState, Role};

/// The role an office acts in when it takes review steps.
pub fn role_of(office: Office) -> Role {
    match office {
        Office::Enumerator => Role::Enumerator,
        Office::Commune => Role::Commune,
        Office::District => Role::District,
        Office::Province => Role::Province,
    }
}

/// Why a step is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepNotAllowed {
    /// The office cannot reach `to` from `from` (`None`: nothing the receiver holds) by its own
    /// actions.
    State {
        office: Office,
        from: Option<ReviewState>,
        to: ReviewState,
    },
    /// The entry changes the answers of a form in `state`, where nobody edits them: only a
    /// draft or a returned form is edited (`ReviewState::answers_editable`), by every office,
    /// as the store's own save refuses.
    Answers { office: Office, state: ReviewState },
}

/// Why an opening-list step is refused: the office and the state the entry carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpeningStepNotAllowed {
    pub office: Office,
    pub to: OpeningState,
}

/// One action of each kind and outcome: the workflow's transitions depend on the kind of
/// action and, for a meeting, on whether half agreed; never on the words or the day recorded.
fn every_action() -> Vec<ReviewAction> {
    let mut actions = vec![
        ReviewAction::Complete,
        ReviewAction::Return {
            comment: "·".into(),
        },
        ReviewAction::Accept,
        ReviewAction::Meeting {
            attendees: 2,
            agreeing: 1,
        },
        ReviewAction::Meeting {
            attendees: 3,
            agreeing: 1,
        },
        ReviewAction::Report,
    ];
    if let Some(decided_on) = Date::new(2000, 1, 1) {
        actions.push(ReviewAction::Recognise {
            decision_number: "·".into(),
            decided_on,
        });
    }
    actions
}

/// Every state a record in state `from` may be in after steps `office` may take alone, `from`
/// itself included (an entry that keeps the state: an edit of the answers, a transfer, a
/// conflict's resolution), in workflow order.
pub fn reachable(office: Office, from: ReviewState) -> Vec<ReviewState> {
    let role = role_of(office);
    let actions = every_action();
    let mut seen = vec![from];
    let mut todo = vec![from];
    while let Some(state) = todo.pop() {
        for action in &actions {
            if let Ok(next) = next_state(state, action, role) {
                if !seen.contains(&next) {
                    seen.push(next);
                    todo.push(next);
                }
            }
        }
    }
    ReviewState::ALL
        .into_iter()
        .filter(|s| seen.contains(s))
        .collect()
}

/// Whether an installation acting as `office` may have made an entry that takes a record from
/// `from` to `to`, changing its answers or not (`answers_changed`). `from` is `None` when the
/// receiver holds nothing the entry builds on: then the record is judged as one the office
/// started, from a draft. Keeping a state while changing the answers is a step too: allowed
/// only where the answers may be edited at all.
pub fn may_take_step(
    office: Office,
    from: Option<ReviewState>,
    to: ReviewState,
    answers_changed: bool,
) -> Result<(), StepNotAllowed> {
    let start = from.unwrap_or(ReviewState::Draft);
    if !reachable(office, start).contains(&to) {
        return Err(StepNotAllowed::State { office, from, to });
    }
    if answers_changed && !start.answers_editable() {
        return Err(StepNotAllowed::Answers {
            office,
            state: start,
        });
    }
    Ok(())
}

/// What an office may change of a record's content beyond its state and answers (the class, the
/// head's name, the review's words) when it builds on content in state `from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeptContent {
    /// Anything: the office edits or decides at that state, or the store classifies the record
    /// again when a round's settings change (a transfer honestly carries that class).
    Free,
    /// Nothing but the round it names: past a draft or a returned form an enumerator takes no
    /// step and edits nothing; its only entry there is a conflict's resolution, which copies the
    /// content kept.
    Copied,
    /// Not the class, the head's name nor the review's words: a recognised or reported record
    /// is the chairman's decision, which a district or province transfers or settles as it is.
    Decided,
}

/// What `office` may change of a record's content when it builds on content in state `from`.
pub fn kept_content(office: Office, from: ReviewState) -> KeptContent {
    match office {
        Office::Enumerator if !from.answers_editable() => KeptContent::Copied,
        Office::District | Office::Province
            if matches!(from, ReviewState::Recognised | ReviewState::Reported) =>
        {
            KeptContent::Decided
        }
        _ => KeptContent::Free,
    }
}

/// Whether a conflict's resolution made by an installation acting as `resolver` sets aside a
/// head in state `state` made by an installation acting as `maker` (the heads a resolution
/// sets aside are never shown again). An enumerator settles only between enumerators' forms
/// still theirs (a draft, a completed form, an edit of a returned one): the commune's return,
/// acceptance, meeting or recognition is set aside only by the commune or an office above.
pub fn may_set_aside(resolver: Role, maker: Role, state: ReviewState) -> bool {
    match resolver {
        Role::Enumerator => {
            maker == Role::Enumerator
                && matches!(
                    state,
                    ReviewState::Draft | ReviewState::Completed | ReviewState::Returned
                )
        }
        Role::Commune | Role::District | Role::Province => true,
    }
}

/// Whether an installation acting as `office` may have taken a step on a transition round's
/// opening list that leaves it in `to`. Every such step is a village meeting, a recognition or
/// a report, and the opening track allows them to the roles the workflow allows them to.
pub fn may_take_opening_step(
    office: Office,
    to: OpeningState,
) -> Result<(), OpeningStepNotAllowed> {
    let role = role_of(office);
    let allowed = every_action()
        .iter()
        .filter(|a| {
            matches!(
                a,
                ReviewAction::Meeting { .. }
                    | ReviewAction::Recognise { .. }
                    | ReviewAction::Report
            )
        })
        .all(|a| a.allowed_roles().contains(&role));
    if allowed {
        Ok(())
    } else {
        Err(OpeningStepNotAllowed { office, to })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::opening_review::next_opening_state;
    use crate::standard::Standards;

    const OFFICES: [Office; 4] = [
        Office::Enumerator,
        Office::Commune,
        Office::District,
        Office::Province,
    ];

    /// The rule as a table, office by office: what each may carry from each state it starts.
    #[test]
    fn an_enumerator_sets_aside_only_enumerators_forms_still_theirs() {
        let roles = [
            Role::Enumerator,
            Role::Commune,
            Role::District,
            Role::Province,
        ];
        for state in ReviewState::ALL {
            let own = matches!(
                state,
                ReviewState::Draft | ReviewState::Completed | ReviewState::Returned
            );
            for maker in roles {
                assert_eq!(
                    may_set_aside(Role::Enumerator, maker, state),
                    own && maker == Role::Enumerator,
                    "{maker:?} {state:?}"
                );
                for resolver in &roles[1..] {
                    assert!(may_set_aside(*resolver, maker, state), "{resolver:?}");
                }
            }
        }
    }

    #[test]
    fn each_office_reaches_only_the_states_its_own_steps_lead_to() {
        use ReviewState as S;
        let all = S::ALL.to_vec();
        for from in S::ALL {
            // Completing is the enumerator's; everything else a commune decides.
            let enumerator = match from {
                S::Draft => vec![S::Draft, S::Completed],
                S::Returned => vec![S::Completed, S::Returned],
                other => vec![other],
            };
            assert_eq!(reachable(Office::Enumerator, from), enumerator, "{from:?}");
            // A district or province takes no step: it keeps the state it transfers or settles.
            for office in [Office::District, Office::Province] {
                assert_eq!(reachable(office, from), vec![from], "{office:?} {from:?}");
            }
        }
        assert_eq!(reachable(Office::Commune, S::Draft), all);
        assert_eq!(
            reachable(Office::Commune, S::Agreed),
            vec![S::Agreed, S::Recognised, S::Reported]
        );
        assert_eq!(reachable(Office::Commune, S::Reported), vec![S::Reported]);
    }

    #[test]
    fn past_a_draft_or_a_return_an_enumerator_only_copies_and_a_decision_stays_as_decided() {
        use ReviewState as S;
        for from in S::ALL {
            let enumerator = if matches!(from, S::Draft | S::Returned) {
                KeptContent::Free
            } else {
                KeptContent::Copied
            };
            assert_eq!(
                kept_content(Office::Enumerator, from),
                enumerator,
                "{from:?}"
            );
            assert_eq!(kept_content(Office::Commune, from), KeptContent::Free);
            for office in [Office::District, Office::Province] {
                let decided = if matches!(from, S::Recognised | S::Reported) {
                    KeptContent::Decided
                } else {
                    KeptContent::Free
                };
                assert_eq!(kept_content(office, from), decided, "{office:?} {from:?}");
            }
        }
    }

    #[test]
    fn an_enumerator_never_carries_the_commune_s_decisions() {
        use ReviewState as S;
        for to in [S::Accepted, S::Agreed, S::Recognised, S::Reported] {
            for from in [None, Some(S::Draft), Some(S::Completed), Some(S::Returned)] {
                assert_eq!(
                    may_take_step(Office::Enumerator, from, to, false),
                    Err(StepNotAllowed::State {
                        office: Office::Enumerator,
                        from,
                        to
                    }),
                    "{from:?} → {to:?}"
                );
            }
        }
        // Nor sends a form back, nor undoes the commune's decision.
        assert!(may_take_step(Office::Enumerator, Some(S::Completed), S::Returned, false).is_err());
        assert!(
            may_take_step(Office::Enumerator, Some(S::Recognised), S::Completed, false).is_err()
        );
        assert!(may_take_step(Office::Enumerator, None, S::Returned, false).is_err());
        // Its own steps: a new form, completed, edited after a return and completed again.
        for (from, to) in [
            (None, S::Draft),
            (None, S::Completed),
            (Some(S::Draft), S::Draft),
            (Some(S::Draft), S::Completed),
            (Some(S::Returned), S::Returned),
            (Some(S::Returned), S::Completed),
            (Some(S::Completed), S::Completed),
        ] {
            assert_eq!(
                may_take_step(Office::Enumerator, from, to, false),
                Ok(()),
                "{from:?} → {to:?}"
            );
        }
    }

    #[test]
    fn the_commune_decides_and_the_offices_above_keep_what_they_hold() {
        use ReviewState as S;
        for to in S::ALL {
            assert_eq!(
                may_take_step(Office::Commune, None, to, false),
                Ok(()),
                "{to:?}"
            );
        }
        assert!(may_take_step(Office::Commune, Some(S::Recognised), S::Draft, false).is_err());
        // A transfer or a resolution by the district keeps the record as it stood.
        assert_eq!(
            may_take_step(Office::District, Some(S::Recognised), S::Recognised, false),
            Ok(())
        );
        assert!(may_take_step(Office::District, Some(S::Agreed), S::Recognised, false).is_err());
        assert!(may_take_step(Office::Province, None, S::Accepted, false).is_err());
        assert_eq!(
            may_take_step(Office::Province, None, S::Draft, false),
            Ok(())
        );
    }

    /// Changing the answers is editing the form: only where a form is edited at all, whoever
    /// sends it and whether or not the state moves.
    #[test]
    fn answers_change_only_on_a_draft_or_a_returned_form() {
        use ReviewState as S;
        for office in OFFICES {
            for state in [
                S::Completed,
                S::Accepted,
                S::Agreed,
                S::Recognised,
                S::Reported,
            ] {
                assert_eq!(
                    may_take_step(office, Some(state), state, true),
                    Err(StepNotAllowed::Answers { office, state }),
                    "{office:?} {state:?}"
                );
                // The same entry without changed answers keeps the state, as a transfer or a
                // conflict's resolution does.
                assert_eq!(may_take_step(office, Some(state), state, false), Ok(()));
            }
        }
        // A commune's step does not carry new answers either.
        assert!(may_take_step(Office::Commune, Some(S::Accepted), S::Agreed, true).is_err());
        for (office, from, to) in [
            (Office::Enumerator, Some(S::Draft), S::Draft),
            (Office::Enumerator, Some(S::Returned), S::Returned),
            (Office::Enumerator, None, S::Completed),
            (Office::Commune, Some(S::Returned), S::Returned),
        ] {
            assert_eq!(may_take_step(office, from, to, true), Ok(()), "{from:?}");
        }
    }

    /// The opening list's rule says what its own track says, office by office.
    #[test]
    fn opening_steps_follow_the_opening_track_s_roles() {
        let mut nd351 = Standards::national()
            .by_id("nd351-2025")
            .expect("ships")
            .clone();
        nd351.official_method = Some("thử".into());
        for office in OFFICES {
            let track = next_opening_state(
                OpeningState::NotMet,
                ReviewState::Accepted,
                &ReviewAction::Meeting {
                    attendees: 4,
                    agreeing: 3,
                },
                role_of(office),
                2026,
                Some(&nd351),
            );
            let rule = may_take_opening_step(office, OpeningState::Agreed);
            assert_eq!(track.is_ok(), rule.is_ok(), "{office:?}");
            for to in OpeningState::ALL {
                assert_eq!(
                    may_take_opening_step(office, to).is_ok(),
                    office == Office::Commune,
                    "{office:?} {to:?}"
                );
            }
        }
    }
}
