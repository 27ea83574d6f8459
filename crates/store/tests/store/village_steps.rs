//! The village meeting and the recognition taken for several households at once: each
//! household stepped and journalled as one step would be, and a refusal of any one of them
//! leaves every table as it was.

use rasoat_domain::workflow::{ReviewAction, ReviewState, TransitionError};
use rasoat_store::{Entity, Store, StoreError};

use crate::support::{commune_store, date, household, AT};

/// Three households of the round taken to `accepted`, and one left a draft.
fn accepted_three(store: &mut Store, round_id: &str) -> (Vec<String>, String) {
    let mut ids = Vec::new();
    for n in 1..=4 {
        let h = household(n);
        store
            .save_household(round_id, &h, None, "rà soát viên A", AT)
            .expect("save");
        ids.push(h.id.to_string());
    }
    let draft = ids.pop().expect("four");
    for id in &ids {
        for action in [ReviewAction::Complete, ReviewAction::Accept] {
            store
                .review(id, round_id, &action, "cán bộ xã B", "", AT + 1)
                .expect("step");
        }
    }
    (ids, draft)
}

#[test]
fn a_meeting_then_a_recognition_step_every_chosen_household_and_journal_each() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = commune_store(dir.path());
    let (ids, _) = accepted_three(&mut store, &round.id);
    let mut chosen = ids.clone();
    // Chosen twice (a double click): stepped once.
    chosen.push(ids[0].clone());
    let meeting = ReviewAction::Meeting {
        attendees: 40,
        agreeing: 31,
    };
    let saved = store
        .review_several(
            &chosen,
            &round.id,
            &meeting,
            "cán bộ xã B",
            "họp dân",
            AT + 2,
        )
        .expect("the meeting");
    assert_eq!(saved.len(), 3);
    for id in &ids {
        let record = store.survey_record(id, &round.id).expect("record");
        assert_eq!(record.status, ReviewState::Agreed);
        assert_eq!(record.review.meeting_attendees, Some(40));
        assert_eq!(record.review.meeting_agreeing, Some(31));
        let history = store
            .journal_of(Entity::Survey, &format!("{id}/{}", round.id))
            .expect("history");
        // Saved, completed, accepted, met: one entry for each.
        assert_eq!(history.len(), 4, "{id}");
    }
    let recognise = ReviewAction::Recognise {
        decision_number: "125/QĐ-UBND".into(),
        decided_on: date("2025-12-10"),
    };
    store
        .review_several(&ids, &round.id, &recognise, "cán bộ xã B", "", AT + 3)
        .expect("the recognition");
    for id in &ids {
        let record = store.survey_record(id, &round.id).expect("record");
        assert_eq!(record.status, ReviewState::Recognised);
        assert_eq!(
            record.review.decision_number.as_deref(),
            Some("125/QĐ-UBND")
        );
        assert_eq!(record.review.decided_on.as_deref(), Some("2025-12-10"));
    }
}

#[test]
fn a_meeting_below_half_sends_every_chosen_household_back_to_review() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = commune_store(dir.path());
    let (ids, _) = accepted_three(&mut store, &round.id);
    let meeting = ReviewAction::Meeting {
        attendees: 40,
        agreeing: 12,
    };
    store
        .review_several(&ids, &round.id, &meeting, "cán bộ xã B", "", AT + 2)
        .expect("the meeting");
    for id in &ids {
        let record = store.survey_record(id, &round.id).expect("record");
        assert_eq!(record.status, ReviewState::Returned);
    }
}

#[test]
fn a_refused_step_of_any_chosen_household_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = commune_store(dir.path());
    let (ids, draft) = accepted_three(&mut store, &round.id);
    let before = store.table_digests().expect("digests");
    let good = ReviewAction::Meeting {
        attendees: 40,
        agreeing: 31,
    };
    // More agreeing than attended; nobody attended.
    for (attendees, agreeing) in [(30, 40), (0, 0)] {
        let err = store
            .review_several(
                &ids,
                &round.id,
                &ReviewAction::Meeting {
                    attendees,
                    agreeing,
                },
                "cán bộ xã B",
                "",
                AT + 2,
            )
            .expect_err("impossible counts");
        assert!(
            matches!(
                err,
                StoreError::Transition(TransitionError::BadMeeting { .. })
            ),
            "{err}"
        );
        assert_eq!(store.table_digests().expect("digests"), before);
    }
    // A draft among the chosen (the last, so the others would have been stepped first).
    let mut with_draft = ids.clone();
    with_draft.push(draft);
    let err = store
        .review_several(&with_draft, &round.id, &good, "cán bộ xã B", "", AT + 2)
        .expect_err("a draft cannot be met on");
    assert!(
        matches!(
            err,
            StoreError::Transition(TransitionError::NotAllowed {
                from: ReviewState::Draft,
                ..
            })
        ),
        "{err}"
    );
    assert_eq!(store.table_digests().expect("digests"), before);
    // A household not in the round, and none at all.
    let mut unknown = ids.clone();
    unknown.push("01890000-0000-7000-8000-000000000000".into());
    let err = store
        .review_several(&unknown, &round.id, &good, "cán bộ xã B", "", AT + 2)
        .expect_err("unknown household");
    assert!(matches!(err, StoreError::RecordNotFound { .. }), "{err}");
    let err = store
        .review_several(&[], &round.id, &good, "cán bộ xã B", "", AT + 2)
        .expect_err("none chosen");
    assert!(matches!(err, StoreError::NoHouseholdChosen), "{err}");
    assert_eq!(err.to_string(), "chưa chọn hộ nào / no household chosen");
    // Recognised before the meeting, or without a decision number.
    for decision in ["125/QĐ-UBND", " "] {
        let err = store
            .review_several(
                &ids,
                &round.id,
                &ReviewAction::Recognise {
                    decision_number: decision.into(),
                    decided_on: date("2025-12-10"),
                },
                "cán bộ xã B",
                "",
                AT + 2,
            )
            .expect_err("not yet met");
        assert!(matches!(err, StoreError::Transition(_)), "{err}");
    }
    assert_eq!(store.table_digests().expect("digests"), before);
}

/// Steps several households in one transaction: when one of them is refused by a check only
/// the step itself makes (a form still missing an answer, found as it is completed), the
/// households before it are not left stepped, and every table is as it was.
#[test]
fn a_refusal_found_part_way_leaves_the_households_before_it_unstepped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = commune_store(dir.path());
    let ready = household(1);
    let mut open = household(2);
    open.area = None;
    for h in [&ready, &open] {
        store
            .save_household(&round.id, h, None, "rà soát viên A", AT)
            .expect("save");
    }
    let before = store.table_digests().expect("digests");
    let refused = store
        .review_several(
            &[ready.id.to_string(), open.id.to_string()],
            &round.id,
            &ReviewAction::Complete,
            "rà soát viên A",
            "",
            AT + 1,
        )
        .expect_err("the second form is not complete");
    assert!(
        matches!(refused, StoreError::AnswersIncomplete { .. }),
        "{refused:?}"
    );
    assert_eq!(store.table_digests().expect("digests"), before);
    let record = store
        .survey_record(&ready.id.to_string(), &round.id)
        .expect("record");
    assert_eq!(record.status, ReviewState::Draft);
}
