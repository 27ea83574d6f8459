//! The opening list of a transition round (the 2026 round's list of 2027 under NĐ 351/2025):
//! once the office's file names its official method, the village meets on it and the commune
//! chairman recognises it on its own track, the closing list's steps unchanged; every refusal
//! leaves every table as it was.

use rasoat_domain::opening_review::OpeningState;
use rasoat_domain::workflow::{ReviewAction, ReviewState, Role, TransitionError};
use rasoat_store::{Entity, RoundKind, Store, StoreError};

use crate::standards::{nd351_file, with_method};
use crate::support::{commune_store, date, household, AT};

/// A commune store with the 2026 round open and households 1..=n saved in it; with `method`,
/// NĐ 351's official method is loaded (as a batch from the office would bring it: the store
/// is made to look like an office for the load, as a tampered build could).
fn transition_store(dir: &std::path::Path, n: u64, method: bool) -> (Store, String, Vec<String>) {
    let (mut store, _, _) = commune_store(dir);
    let round = store
        .open_round(
            2026,
            RoundKind::Periodic,
            None,
            "nd07-2021",
            "cán bộ thử",
            AT,
        )
        .expect("the 2026 round");
    if method {
        let sql = |s: &Store, text: &str| {
            s.sql_for_tests().execute(text, []).expect("role");
        };
        sql(&store, "UPDATE installation SET role = 'district'");
        store
            .load_standards(&nd351_file(with_method), None, "cán bộ huyện", AT + 1)
            .expect("loaded");
        sql(&store, "UPDATE installation SET role = 'commune'");
    }
    let mut ids = Vec::new();
    for i in 1..=n {
        let h = household(i);
        store
            .save_household(&round.id, &h, None, "rà soát viên", AT + 2)
            .expect("save");
        ids.push(h.id.to_string());
    }
    (store, round.id, ids)
}

fn step(store: &mut Store, id: &str, round: &str, action: ReviewAction) -> ReviewState {
    store
        .review(id, round, &action, "cán bộ xã", "", AT + 3)
        .expect("closing step")
        .status
}

fn accept(store: &mut Store, id: &str, round: &str) {
    step(store, id, round, ReviewAction::Complete);
    step(store, id, round, ReviewAction::Accept);
}

fn meeting(attendees: u32, agreeing: u32) -> ReviewAction {
    ReviewAction::Meeting {
        attendees,
        agreeing,
    }
}

fn recognise() -> ReviewAction {
    ReviewAction::Recognise {
        decision_number: "45/QĐ-UBND".into(),
        decided_on: date("2026-12-15"),
    }
}

#[test]
fn the_opening_list_is_met_on_and_recognised_with_the_closing_track_unchanged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, ids) = transition_store(dir.path(), 1, true);
    let id = &ids[0];
    accept(&mut store, id, &round);
    let closing_before = store.survey_record(id, &round).expect("record");
    assert_eq!(
        store.opening_review(id, &round).expect("opening").status,
        OpeningState::NotMet
    );
    let steps = [
        (meeting(40, 25), OpeningState::Agreed),
        (recognise(), OpeningState::Recognised),
        (ReviewAction::Report, OpeningState::Reported),
    ];
    for (i, (action, expect)) in steps.into_iter().enumerate() {
        let saved = store
            .review_opening(
                id,
                &round,
                &action,
                "cán bộ xã",
                "họp thôn",
                AT + 10 + i as i64,
            )
            .expect("allowed");
        assert_eq!(saved.status, expect);
    }
    let opening = store.opening_review(id, &round).expect("opening");
    assert_eq!(opening.status, OpeningState::Reported);
    assert_eq!(opening.standard_id.as_deref(), Some("nd351-2025"));
    assert_eq!(
        (opening.meeting_attendees, opening.meeting_agreeing),
        (Some(40), Some(25))
    );
    assert_eq!(opening.decision_number.as_deref(), Some("45/QĐ-UBND"));
    assert_eq!(opening.decided_on.as_deref(), Some("2026-12-15"));
    // The dashboard's tally of the opening list counts it agreed and recognised.
    let standards = store.standards().expect("standards");
    let nd351 = standards.by_id("nd351-2025").expect("NĐ 351");
    let tally = store
        .opening_tally(&round, nd351, 2027, rasoat_store::TallyUnit::default())
        .expect("tally");
    assert_eq!((tally.agreed, tally.recognised), (1, 1), "{tally:?}");
    // The closing list's record is exactly as it was: still accepted, nothing recorded.
    let closing = store.survey_record(id, &round).expect("record");
    assert_eq!(closing, closing_before);
    assert_eq!(closing.status, ReviewState::Accepted);
    // Each step journalled, chained, with who and why.
    let history = store
        .journal_of(Entity::OpeningReview, &format!("{id}/{round}"))
        .expect("journal");
    assert_eq!(history.len(), 3);
    assert_eq!(history[0].parent_hash, None);
    for pair in history.windows(2) {
        assert_eq!(
            pair[1].parent_hash.as_deref(),
            Some(pair[0].content_hash.as_str())
        );
    }
    assert!(history
        .iter()
        .all(|e| e.actor == "cán bộ xã" && e.reason == "họp thôn"));
    assert_eq!(history[1].operation, "recognise");
}

#[test]
fn a_meeting_below_half_sends_the_opening_list_alone_back_and_it_meets_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, ids) = transition_store(dir.path(), 1, true);
    let id = &ids[0];
    accept(&mut store, id, &round);
    let saved = store
        .review_opening(id, &round, &meeting(41, 20), "b", "", AT + 10)
        .expect("meeting");
    assert_eq!(saved.status, OpeningState::Returned);
    assert_eq!(
        store.survey_record(id, &round).expect("record").status,
        ReviewState::Accepted,
        "the form stays where the closing track left it"
    );
    let err = store
        .review_opening(id, &round, &recognise(), "b", "", AT + 11)
        .expect_err("not agreed");
    assert!(
        matches!(
            err,
            StoreError::Transition(TransitionError::OpeningNotAllowed { .. })
        ),
        "{err}"
    );
    let saved = store
        .review_opening(id, &round, &meeting(40, 30), "b", "", AT + 12)
        .expect("met again");
    assert_eq!(saved.status, OpeningState::Agreed);
}

#[test]
fn new_answers_start_the_opening_track_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, ids) = transition_store(dir.path(), 1, true);
    let id = &ids[0];
    accept(&mut store, id, &round);
    store
        .review_opening(id, &round, &meeting(30, 20), "b", "", AT + 10)
        .expect("agreed");
    // The closing meeting sends the form back, and it is corrected and accepted again.
    assert_eq!(
        step(&mut store, id, &round, meeting(30, 10)),
        ReviewState::Returned
    );
    let mut h = household(1);
    h.members[0].name = "Người sửa (thử)".into();
    store
        .save_household(&round, &h, None, "rà soát viên", AT + 20)
        .expect("corrected");
    accept(&mut store, id, &round);
    assert_eq!(
        store.opening_review(id, &round).expect("opening").status,
        OpeningState::NotMet,
        "the meeting was on other answers"
    );
    assert!(store
        .review_opening(id, &round, &recognise(), "b", "", AT + 30)
        .is_err());
    assert_eq!(
        store
            .review_opening(id, &round, &meeting(30, 20), "b", "", AT + 31)
            .expect("met on the new answers")
            .status,
        OpeningState::Agreed
    );
}

/// Each refusal in plain words, with every table's digest unchanged.
#[test]
fn every_refusal_leaves_every_table_unchanged() {
    // No official method loaded.
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, ids) = transition_store(dir.path(), 2, false);
    accept(&mut store, &ids[0], &round);
    let before = store.table_digests().expect("digests");
    let err = store
        .review_opening(&ids[0], &round, &meeting(30, 20), "b", "", AT + 10)
        .expect_err("no method");
    assert!(
        matches!(
            err,
            StoreError::Transition(TransitionError::NoOfficialMethod { ref standard })
                if standard == "nd351-2025"
        ),
        "{err}"
    );
    assert!(
        err.to_string().contains("chưa có phương pháp chính thức"),
        "{err}"
    );
    assert_eq!(store.table_digests().expect("digests"), before);

    // Not a transition round: the 2025 round (its status year 2026 keeps NĐ 07).
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _, _) = transition_store(dir.path(), 0, true);
    let r2025 = store.periodic_round_of_year(2025).expect("2025").id;
    let h = household(9);
    store
        .save_household(&r2025, &h, None, "a", AT + 2)
        .expect("save");
    let h9 = h.id.to_string();
    accept(&mut store, &h9, &r2025);
    let before = store.table_digests().expect("digests");
    let err = store
        .review_opening(&h9, &r2025, &meeting(30, 20), "b", "", AT + 10)
        .expect_err("not a transition round");
    assert!(
        matches!(
            err,
            StoreError::Transition(TransitionError::NotTransitionRound { year: 2025 })
        ),
        "{err}"
    );
    assert!(err.to_string().contains("vòng chuyển tiếp"), "{err}");
    assert_eq!(store.table_digests().expect("digests"), before);

    // The form not accepted; impossible counts; an empty decision; a skipped step; and a
    // village's several households where one is not ready: none stepped.
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, ids) = transition_store(dir.path(), 2, true);
    step(&mut store, &ids[1], &round, ReviewAction::Complete);
    accept(&mut store, &ids[0], &round);
    let before = store.table_digests().expect("digests");
    let refusals: Vec<(Vec<String>, ReviewAction, &str)> = vec![
        (vec![ids[1].clone()], meeting(30, 20), "xã đã duyệt"),
        (vec![ids[0].clone()], meeting(0, 0), "không có ai dự họp"),
        (vec![ids[0].clone()], meeting(3, 5), "lớn hơn"),
        (vec![ids[0].clone()], recognise(), "không thể «recognise»"),
        (ids.clone(), meeting(30, 20), "xã đã duyệt"),
    ];
    for (chosen, action, words) in refusals {
        let err = store
            .review_opening_several(&chosen, &round, &action, "b", "", AT + 10)
            .expect_err("refused");
        let text = err.to_string();
        assert!(text.contains(words), "{text}");
        assert!(text.contains(" / "), "both languages: {text}");
        assert_eq!(store.table_digests().expect("digests"), before, "{text}");
    }
    store
        .review_opening(&ids[0], &round, &meeting(30, 20), "b", "", AT + 11)
        .expect("agreed");
    let before = store.table_digests().expect("digests");
    let err = store
        .review_opening(
            &ids[0],
            &round,
            &ReviewAction::Recognise {
                decision_number: " ".into(),
                decided_on: date("2026-12-15"),
            },
            "b",
            "",
            AT + 12,
        )
        .expect_err("no decision number");
    assert!(matches!(
        err,
        StoreError::Transition(TransitionError::MissingDecision)
    ));
    assert_eq!(store.table_digests().expect("digests"), before);

    // Wrong role: an enumerator's installation.
    store
        .sql_for_tests()
        .execute("UPDATE installation SET role = 'enumerator'", [])
        .expect("role");
    let before = store.table_digests().expect("digests");
    let err = store
        .review_opening(&ids[0], &round, &recognise(), "b", "", AT + 13)
        .expect_err("wrong role");
    assert!(
        matches!(
            err,
            StoreError::Transition(TransitionError::WrongRole {
                role: Role::Enumerator,
                ..
            })
        ),
        "{err}"
    );
    assert_eq!(store.table_digests().expect("digests"), before);
}

#[test]
fn a_village_s_households_are_met_on_together() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, ids) = transition_store(dir.path(), 3, true);
    for id in &ids {
        accept(&mut store, id, &round);
    }
    let mut chosen = ids.clone();
    chosen.push(ids[0].clone());
    let saved = store
        .review_opening_several(&chosen, &round, &meeting(50, 30), "b", "", AT + 10)
        .expect("village meeting");
    assert_eq!(saved.len(), 3, "a household chosen twice is stepped once");
    assert!(saved.iter().all(|s| s.status == OpeningState::Agreed));
    let saved = store
        .review_opening_several(&ids, &round, &recognise(), "b", "", AT + 11)
        .expect("recognised");
    assert!(saved.iter().all(|s| s.status == OpeningState::Recognised));
    for id in &ids {
        assert_eq!(
            store.survey_record(id, &round).expect("record").status,
            ReviewState::Accepted
        );
    }
}
