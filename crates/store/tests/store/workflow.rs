//! The review workflow as the store enforces it: allowed steps, refused steps, the 50 % rule,
//! locked rounds, and the journal of every step with who and why.

use rasoat_domain::workflow::{ReviewAction, ReviewState, Role, TransitionError};
use rasoat_store::{Entity, RoundKind, RoundState, StoreError};

use crate::support::{commune_store, date, household, store_with_role, AT};

#[test]
fn a_record_goes_through_every_step_and_each_is_journalled() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = commune_store(dir.path());
    let h = household(1);
    let id = h.id.to_string();
    store
        .save_household(&round.id, &h, None, "rà soát viên A", AT)
        .expect("save");
    let steps = [
        (ReviewAction::Complete, ReviewState::Completed),
        (ReviewAction::Accept, ReviewState::Accepted),
        (
            ReviewAction::Meeting {
                attendees: 30,
                agreeing: 15,
            },
            ReviewState::Agreed,
        ),
        (
            ReviewAction::Recognise {
                decision_number: "125/QĐ-UBND".into(),
                decided_on: date("2025-12-10"),
            },
            ReviewState::Recognised,
        ),
        (ReviewAction::Report, ReviewState::Reported),
    ];
    for (i, (action, expect)) in steps.iter().enumerate() {
        let saved = store
            .review(
                &id,
                &round.id,
                action,
                "cán bộ xã B",
                "theo quy trình",
                AT + i as i64 + 1,
            )
            .expect("allowed step");
        assert_eq!(saved.status, *expect);
    }
    let record = store.survey_record(&id, &round.id).expect("record");
    assert_eq!(record.review.meeting_attendees, Some(30));
    assert_eq!(record.review.meeting_agreeing, Some(15));
    assert_eq!(record.review.decided_on.as_deref(), Some("2025-12-10"));
    let history = store
        .journal_of(Entity::Survey, &format!("{id}/{}", round.id))
        .expect("history");
    assert_eq!(history.len(), 6);
    assert_eq!(history[0].parent_hash, None, "the first save has no parent");
    for pair in history.windows(2) {
        assert_eq!(
            pair[1].parent_hash.as_deref(),
            Some(pair[0].content_hash.as_str())
        );
        assert_eq!(pair[1].seq, pair[0].seq + 1, "local seqs are contiguous");
    }
    assert!(history[1..]
        .iter()
        .all(|e| e.actor == "cán bộ xã B" && e.reason == "theo quy trình"));
    assert!(
        history[3].payload.contains("\"action\":\"meeting\""),
        "the payload names the step"
    );
}

#[test]
fn a_meeting_below_half_sends_the_record_back_and_it_can_be_edited_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = commune_store(dir.path());
    let mut h = household(2);
    let id = h.id.to_string();
    store
        .save_household(&round.id, &h, None, "a", AT)
        .expect("save");
    store
        .review(&id, &round.id, &ReviewAction::Complete, "a", "xong", AT)
        .expect("complete");
    // Once completed, the enumerator may not change the answers.
    let err = store
        .save_household(&round.id, &h, None, "a", AT)
        .expect_err("not editable");
    assert!(matches!(
        err,
        StoreError::NotEditable {
            state: ReviewState::Completed
        }
    ));
    assert!(err.to_string().contains("trả lại"), "{err}");
    store
        .review(&id, &round.id, &ReviewAction::Accept, "b", "đạt", AT)
        .expect("accept");
    let saved = store
        .review(
            &id,
            &round.id,
            &ReviewAction::Meeting {
                attendees: 31,
                agreeing: 15,
            },
            "b",
            "biên bản họp thôn",
            AT,
        )
        .expect("meeting");
    assert_eq!(saved.status, ReviewState::Returned);
    let record = store.survey_record(&id, &round.id).expect("record");
    assert!(record
        .review
        .return_comment
        .as_deref()
        .unwrap_or("")
        .contains("15/31"));
    h.notes = "rà soát lại sau họp".into();
    store
        .save_household(&round.id, &h, None, "a", AT)
        .expect("returned records are editable");
}

#[test]
fn refused_steps_leave_the_record_and_the_journal_unchanged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = commune_store(dir.path());
    let h = household(3);
    let id = h.id.to_string();
    store
        .save_household(&round.id, &h, None, "a", AT)
        .expect("save");
    let n_entries = store
        .journal_since(&store.installation().expect("inst").id, 0)
        .expect("journal")
        .len();
    let err = store
        .review(&id, &round.id, &ReviewAction::Accept, "b", "", AT)
        .expect_err("cannot accept a draft");
    assert!(matches!(
        err,
        StoreError::Transition(TransitionError::NotAllowed { .. })
    ));
    assert!(err.to_string().contains("đang rà soát"), "{err}");
    store
        .review(&id, &round.id, &ReviewAction::Complete, "a", "", AT)
        .expect("complete");
    let err = store
        .review(
            &id,
            &round.id,
            &ReviewAction::Return {
                comment: "  ".into(),
            },
            "b",
            "",
            AT,
        )
        .expect_err("a return needs a comment");
    assert!(matches!(
        err,
        StoreError::Transition(TransitionError::MissingComment)
    ));
    let after = store
        .journal_since(&store.installation().expect("inst").id, 0)
        .expect("journal");
    assert_eq!(
        after.len(),
        n_entries + 1,
        "only the completion was journalled"
    );
    assert_eq!(
        store.survey_record(&id, &round.id).expect("record").status,
        ReviewState::Completed
    );
}

#[test]
fn an_enumerator_installation_may_not_judge() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = store_with_role(dir.path(), Role::Enumerator);
    let h = household(4);
    let id = h.id.to_string();
    store
        .save_household(&round.id, &h, None, "a", AT)
        .expect("save");
    store
        .review(&id, &round.id, &ReviewAction::Complete, "a", "", AT)
        .expect("complete");
    let err = store
        .review(&id, &round.id, &ReviewAction::Accept, "a", "", AT)
        .expect_err("accepting is the commune's");
    assert!(
        matches!(
            err,
            StoreError::Transition(TransitionError::WrongRole { .. })
        ),
        "{err:?}"
    );
}

#[test]
fn a_locked_round_refuses_every_edit_and_a_closed_one_refuses_data_entry() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = commune_store(dir.path());
    let h = household(5);
    let id = h.id.to_string();
    store
        .save_household(&round.id, &h, None, "a", AT)
        .expect("save");
    store
        .review(&id, &round.id, &ReviewAction::Complete, "a", "", AT)
        .expect("complete");
    store
        .set_round_state(&round.id, RoundState::Closed, "b", "hết hạn thu thập", AT)
        .expect("close");
    let err = store
        .save_household(&round.id, &household(6), None, "a", AT)
        .expect_err("closed");
    assert!(err.to_string().contains("đã đóng"), "{err}");
    store
        .review(&id, &round.id, &ReviewAction::Accept, "b", "", AT)
        .expect("review goes on in a closed round");
    store
        .set_round_state(&round.id, RoundState::Locked, "b", "đã công nhận", AT)
        .expect("lock");
    let err = store
        .review(
            &id,
            &round.id,
            &ReviewAction::Return {
                comment: "sai".into(),
            },
            "b",
            "",
            AT,
        )
        .expect_err("locked");
    assert!(matches!(err, StoreError::RoundLocked { .. }));
    assert!(err.to_string().contains("đã khóa, không được sửa"), "{err}");
    let err = store
        .set_round_state(&round.id, RoundState::Open, "b", "", AT)
        .expect_err("a locked round never reopens");
    assert!(matches!(err, StoreError::RoundLocked { .. }));
}

#[test]
fn a_draft_with_required_answers_open_saves_but_cannot_be_completed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = commune_store(dir.path());
    let mut h = household(3);
    h.water = None;
    h.members[0].sex = None;
    h.members[0].education = None;
    let id = h.id.to_string();
    store
        .save_household(&round.id, &h, None, "a", AT)
        .expect("a draft with open answers is saved as it is");
    let back = store.survey_record(&id, &round.id).expect("record");
    assert_eq!(back.answers.as_ref().expect("answers").water, None);
    let before = store.table_digests().expect("digests");
    let err = store
        .review(&id, &round.id, &ReviewAction::Complete, "a", "", AT)
        .expect_err("open answers refuse completion");
    assert!(
        matches!(err, StoreError::AnswersIncomplete { missing: 3, .. }),
        "{err}"
    );
    let said = err.to_string();
    assert!(said.contains("chưa trả lời"), "{said}");
    // Each open answer named, in both languages.
    for words in [
        "nguồn nước",
        "thành viên 1: giới tính",
        "thành viên 1: trình độ học vấn",
        "member 1: sex",
    ] {
        assert!(said.contains(words), "{words}: {said}");
    }
    assert_eq!(store.table_digests().expect("digests"), before);
    h.water = Some(rasoat_domain::WaterSource::Tap);
    h.members[0].sex = Some(rasoat_domain::Sex::Male);
    h.members[0].education = Some(rasoat_domain::Education::Primary);
    store
        .save_household(&round.id, &h, None, "a", AT)
        .expect("save");
    store
        .review(&id, &round.id, &ReviewAction::Complete, "a", "", AT)
        .expect("complete once answered");
}

/// The store completes only what the window would: a child at school without the level
/// attended (a question of the questionnaire, not of household.v1's strict core) is refused by
/// the store too, in plain words, with every table as it was.
#[test]
fn an_in_school_child_without_a_level_is_not_completed_by_the_store_either() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = commune_store(dir.path());
    let mut h = household(9);
    let child = h
        .members
        .iter()
        .position(|m| m.relation == Some(rasoat_domain::Relation::Child))
        .expect("a child");
    h.members[child].in_school = Some(true);
    h.members[child].school_level = None;
    let id = h.id.to_string();
    store
        .save_household(&round.id, &h, None, "a", AT)
        .expect("saved as a draft");
    let before = store.table_digests().expect("digests");
    let err = store
        .review(&id, &round.id, &ReviewAction::Complete, "a", "", AT)
        .expect_err("the level is required");
    assert!(matches!(err, StoreError::AnswersIncomplete { .. }), "{err}");
    let said = err.to_string();
    let n = child + 1;
    assert!(
        said.contains(&format!("thành viên {n}: cấp học đang học"))
            && said.contains(&format!("member {n}: school level attended")),
        "{said}"
    );
    assert_eq!(store.table_digests().expect("digests"), before);
    h.members[child].school_level = Some(rasoat_domain::SchoolLevel::LowerSecondary);
    store
        .save_household(&round.id, &h, None, "a", AT + 1)
        .expect("save");
    store
        .review(&id, &round.id, &ReviewAction::Complete, "a", "", AT + 1)
        .expect("complete once the level is given");
}

/// A round decided by NĐ 351/2025, which names no official review method yet: the village
/// meeting may still agree, but the commune chairman's recognition is refused by the domain's
/// rule, in plain words, and leaves every table exactly as it was.
#[test]
fn a_list_without_an_official_method_is_not_recognised() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _, _) = commune_store(dir.path());
    let round = store
        .open_round(
            2027,
            RoundKind::Periodic,
            None,
            "nd351-2025",
            "cán bộ thử",
            AT,
        )
        .expect("a 2027 round under NĐ 351");
    let h = household(7);
    let id = h.id.to_string();
    store
        .save_household(&round.id, &h, None, "a", AT)
        .expect("save");
    for action in [
        ReviewAction::Complete,
        ReviewAction::Accept,
        ReviewAction::Meeting {
            attendees: 20,
            agreeing: 15,
        },
    ] {
        store
            .review(&id, &round.id, &action, "b", "", AT)
            .expect("steps before recognition are allowed");
    }
    let before = store.table_digests().expect("digests");
    let err = store
        .review(
            &id,
            &round.id,
            &ReviewAction::Recognise {
                decision_number: "12/QĐ-UBND".into(),
                decided_on: date("2027-12-10"),
            },
            "b",
            "",
            AT + 1,
        )
        .expect_err("no official method");
    assert!(
        matches!(
            err,
            StoreError::Transition(TransitionError::NoOfficialMethod { ref standard })
                if standard == "nd351-2025"
        ),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(text.contains("chưa có phương pháp chính thức"), "{text}");
    assert!(text.contains("no official method"), "{text}");
    assert_eq!(store.table_digests().expect("digests"), before);
    assert_eq!(
        store.survey_record(&id, &round.id).expect("record").status,
        ReviewState::Agreed
    );
    assert!(matches!(
        round.check_recognisable(&store.standards().expect("standards")),
        Err(StoreError::Transition(
            TransitionError::NoOfficialMethod { .. }
        ))
    ));
    let nd07 = store.periodic_round_of_year(2025).expect("2025 round");
    assert!(
        nd07.check_recognisable(&store.standards().expect("standards"))
            .is_ok(),
        "NĐ 07 has TT 07's method"
    );
}
