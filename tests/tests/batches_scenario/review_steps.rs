//! A review step travels only from an office that may take it: a tampered enumerator build that
//! marks its own forms accepted or recognised, or holds the opening list's meeting and
//! recognition, is refused at the commune and at the district with every table unchanged; the
//! honest steps (the enumerator's completed forms, the commune's decisions relayed up) still land.

use rasoat_batch::{export_batch, export_receipt, import_batch, import_receipt, BatchError};
use rasoat_domain::standard::Standards;
use rasoat_domain::workflow::{ReviewAction, ReviewState, Role};
use rasoat_store::RoundKind;

use crate::support::{date, digest_all, enrol_both, household, result, site, survey, Site, AT};

/// A build that ignores the workflow's roles: the enumerator's store acts as a commune for the
/// steps `act` takes, then says it is an enumerator again, so its entries are the enumerator's
/// own, signed by its key, exactly as a modified app would write them.
fn as_tampered_build(enumerator: &mut Site, act: impl FnOnce(&mut Site)) {
    let set_role = |site: &Site, role: &str| {
        site.store
            .sql_for_tests()
            .execute("UPDATE installation SET role = ?1", [role])
            .expect("role");
    };
    set_role(enumerator, "commune");
    act(enumerator);
    set_role(enumerator, "enumerator");
}

fn step(site: &mut Site, n: u64, action: ReviewAction, at: i64) {
    let id = household(n, "00721").id.to_string();
    let round = site.round.id.clone();
    site.store
        .review(&id, &round, &action, "người thử", "", at)
        .expect("step");
}

fn meeting() -> ReviewAction {
    ReviewAction::Meeting {
        attendees: 30,
        agreeing: 20,
    }
}

fn recognise() -> ReviewAction {
    ReviewAction::Recognise {
        decision_number: "12/QĐ-UBND".into(),
        decided_on: date("2025-12-01"),
    }
}

/// The batch is refused naming the step and the enumerator's office, and nothing changes.
fn refused_step(receiver: &mut Site, batch: &[u8], step_word: &str) {
    let before = digest_all(&receiver.store);
    let err = import_batch(&mut receiver.store, batch, AT + 90_000).expect_err("refused");
    assert!(
        matches!(err, BatchError::ReviewStepNotAllowed { .. }),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(text.contains(step_word), "{text}");
    assert!(text.contains("rà soát viên"), "{text}");
    assert!(text.contains("enumerator"), "{text}");
    assert_eq!(
        digest_all(&receiver.store),
        before,
        "a refused batch changes nothing"
    );
}

#[test]
fn an_enumerator_s_recognised_or_accepted_form_is_refused_at_the_commune_and_the_district() {
    let mut enumerator = site(Role::Enumerator, "00721");
    let mut commune = site(Role::Commune, "00721");
    let mut district = site(Role::District, "026");
    enrol_both(&mut enumerator, &mut commune);
    enrol_both(&mut commune, &mut district);
    // The district enrolled the enumerator's card too: a batch could reach it directly.
    enrol_both(&mut enumerator, &mut district);
    survey(&mut enumerator, "00721", 0..3);
    as_tampered_build(&mut enumerator, |e| {
        for action in [
            ReviewAction::Complete,
            ReviewAction::Accept,
            meeting(),
            recognise(),
        ] {
            step(e, 0, action, AT + 2000);
        }
        for action in [ReviewAction::Complete, ReviewAction::Accept] {
            step(e, 1, action, AT + 2000);
        }
    });
    let to_commune = export_batch(&mut enumerator.store, &commune.id, AT + 3000).expect("export");
    refused_step(&mut commune, &to_commune, "xã đã duyệt");
    let to_district = export_batch(&mut enumerator.store, &district.id, AT + 3000).expect("export");
    refused_step(&mut district, &to_district, "xã đã duyệt");
}

#[test]
fn an_enumerator_cannot_recognise_a_form_on_top_of_the_commune_s_meeting() {
    let mut enumerator = site(Role::Enumerator, "00721");
    let mut commune = site(Role::Commune, "00721");
    let mut district = site(Role::District, "026");
    enrol_both(&mut enumerator, &mut commune);
    enrol_both(&mut commune, &mut district);
    enrol_both(&mut enumerator, &mut district);
    survey(&mut enumerator, "00721", 0..1);
    step(&mut enumerator, 0, ReviewAction::Complete, AT + 2000);
    let up = export_batch(&mut enumerator.store, &commune.id, AT + 3000).expect("export");
    import_batch(&mut commune.store, &up, AT + 4000).expect("the completed form");
    let id = household(0, "00721").id.to_string();
    let round = commune.round.id.clone();
    for action in [ReviewAction::Accept, meeting()] {
        commune
            .store
            .review(&id, &round, &action, "cán bộ xã", "", AT + 5000)
            .expect("the commune's steps");
    }
    let down = export_batch(&mut commune.store, &enumerator.id, AT + 6000).expect("export");
    import_batch(&mut enumerator.store, &down, AT + 7000).expect("the meeting, handed down");
    let up = export_batch(&mut commune.store, &district.id, AT + 6000).expect("export");
    import_batch(&mut district.store, &up, AT + 7000).expect("relayed to the district");
    for receiver in [&mut commune, &mut district] {
        let receipt =
            export_receipt(&mut receiver.store, &enumerator.id, AT + 7500).expect("receipt");
        import_receipt(&mut enumerator.store, &receipt).expect("receipt");
    }
    // The village agreed; the enumerator's app writes the chairman's recognition itself.
    as_tampered_build(&mut enumerator, |e| step(e, 0, recognise(), AT + 8000));
    let to_commune = export_batch(&mut enumerator.store, &commune.id, AT + 9000).expect("export");
    refused_step(&mut commune, &to_commune, "đã công nhận");
    let to_district = export_batch(&mut enumerator.store, &district.id, AT + 9000).expect("export");
    refused_step(&mut district, &to_district, "đã công nhận");
    assert_eq!(
        commune
            .store
            .survey_record(&id, &round)
            .expect("record")
            .status,
        ReviewState::Agreed,
        "the commune's record stays where its own steps left it"
    );
}

#[test]
fn honest_steps_still_land_and_the_commune_s_decisions_are_relayed_to_the_district() {
    let mut enumerator = site(Role::Enumerator, "00721");
    let mut commune = site(Role::Commune, "00721");
    let mut district = site(Role::District, "026");
    enrol_both(&mut enumerator, &mut commune);
    enrol_both(&mut commune, &mut district);
    enrol_both(&mut enumerator, &mut district);
    survey(&mut enumerator, "00721", 0..3);
    step(&mut enumerator, 0, ReviewAction::Complete, AT + 2000);
    step(&mut enumerator, 1, ReviewAction::Complete, AT + 2000);
    let up = export_batch(&mut enumerator.store, &commune.id, AT + 3000).expect("export");
    import_batch(&mut commune.store, &up, AT + 4000).expect("the enumerator's completed forms");
    for action in [ReviewAction::Accept, meeting(), recognise()] {
        step(&mut commune, 0, action, AT + 5000);
    }
    step(
        &mut commune,
        1,
        ReviewAction::Return {
            comment: "thiếu thông tin / missing answers".into(),
        },
        AT + 5000,
    );
    let up = export_batch(&mut commune.store, &district.id, AT + 6000).expect("export");
    import_batch(&mut district.store, &up, AT + 7000).expect("relayed to the district");
    let states = |site: &Site| -> Vec<String> {
        site.store
            .sql_for_tests()
            .prepare("SELECT status FROM survey_record ORDER BY household_id")
            .expect("select")
            .query_map([], |r| r.get(0))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("rows")
    };
    let mut expected = vec![
        (household(0, "00721").id.to_string(), "recognised"),
        (household(1, "00721").id.to_string(), "returned"),
        (household(2, "00721").id.to_string(), "draft"),
    ];
    expected.sort();
    let expected: Vec<String> = expected.into_iter().map(|(_, s)| s.into()).collect();
    assert_eq!(states(&district), expected);
    // The enumerator's own batch reaches the district late, straight from its laptop: its
    // completed forms are judged by their own steps, not against the recognition the district
    // holds by now, and change nothing.
    let late = export_batch(&mut enumerator.store, &district.id, AT + 7500).expect("export");
    let before = digest_all(&district.store);
    let report = import_batch(&mut district.store, &late, AT + 7600).expect("late, taken");
    assert_eq!((report.new, report.updated), (0, 0), "{report:?}");
    assert_eq!(states(&district), expected);
    assert_eq!(
        digest_all(&district.store).get("survey_record"),
        before.get("survey_record")
    );
    // The returned form goes back down, the enumerator corrects and completes it again, and
    // the commune takes that step from the enumerator.
    let down = export_batch(&mut commune.store, &enumerator.id, AT + 8000).expect("export");
    import_batch(&mut enumerator.store, &down, AT + 9000).expect("the return");
    // The correction keeps the returned state and builds on the commune's return, which the
    // commune holds and the batch does not carry: judged from that, it is the enumerator's edit.
    let round = enumerator.round.id.clone();
    enumerator
        .store
        .save_household(
            &round,
            &household(1, "00721"),
            Some(&result("poor")),
            "điều tra viên",
            AT + 9500,
        )
        .expect("corrected");
    let up = export_batch(&mut enumerator.store, &commune.id, AT + 9600).expect("export");
    import_batch(&mut commune.store, &up, AT + 9700).expect("the correction");
    step(&mut enumerator, 1, ReviewAction::Complete, AT + 10_000);
    let up = export_batch(&mut enumerator.store, &commune.id, AT + 11_000).expect("export");
    import_batch(&mut commune.store, &up, AT + 12_000).expect("completed again");
    let id = household(1, "00721").id.to_string();
    let round = commune.round.id.clone();
    assert_eq!(
        commune
            .store
            .survey_record(&id, &round)
            .expect("record")
            .status,
        ReviewState::Completed
    );
}

fn nd351_with_method() -> String {
    let mut all = Standards::national();
    all.standards.retain(|s| s.id == "nd351-2025");
    all.standards[0].official_method = Some("Thông tư hướng dẫn (tệp thử)".into());
    serde_json::to_string_pretty(&all).expect("json")
}

#[test]
fn an_enumerator_s_opening_list_meeting_and_recognition_are_refused() {
    let mut enumerator = site(Role::Enumerator, "00721");
    let mut commune = site(Role::Commune, "00721");
    let mut district = site(Role::District, "026");
    enrol_both(&mut enumerator, &mut commune);
    enrol_both(&mut commune, &mut district);
    enrol_both(&mut enumerator, &mut district);
    let round = district
        .store
        .open_round(
            2026,
            RoundKind::Periodic,
            None,
            "nd07-2021",
            "cán bộ huyện",
            AT + 100,
        )
        .expect("2026 round");
    district
        .store
        .load_standards(&nd351_with_method(), None, "cán bộ huyện", AT + 200)
        .expect("loaded");
    let down = export_batch(&mut district.store, &commune.id, AT + 300).expect("export");
    import_batch(&mut commune.store, &down, AT + 400).expect("import");
    // The enumerator receives the round and the method from the district, and says so to its
    // commune, which then relays nothing of the district's (it may not vouch for an office
    // above it).
    let down = export_batch(&mut district.store, &enumerator.id, AT + 300).expect("export");
    import_batch(&mut enumerator.store, &down, AT + 400).expect("import");
    let receipt = export_receipt(&mut enumerator.store, &commune.id, AT + 450).expect("receipt");
    import_receipt(&mut commune.store, &receipt).expect("receipt");
    // The commune accepts the form honestly and hands it down to its enumerator.
    let h = household(1, "00721");
    let id = h.id.to_string();
    commune
        .store
        .save_household(&round.id, &h, None, "rà soát viên", AT + 500)
        .expect("save");
    for action in [ReviewAction::Complete, ReviewAction::Accept] {
        commune
            .store
            .review(&id, &round.id, &action, "cán bộ xã", "", AT + 600)
            .expect("closing step");
    }
    let down = export_batch(&mut commune.store, &enumerator.id, AT + 700).expect("export");
    import_batch(&mut enumerator.store, &down, AT + 800).expect("import");
    let up = export_batch(&mut commune.store, &district.id, AT + 700).expect("export");
    import_batch(&mut district.store, &up, AT + 800).expect("import");
    // Both say what they hold, so the enumerator's batches carry its own entries only (an
    // enumerator vouches for nobody it could relay).
    for receiver in [&mut commune, &mut district] {
        let receipt =
            export_receipt(&mut receiver.store, &enumerator.id, AT + 850).expect("receipt");
        import_receipt(&mut enumerator.store, &receipt).expect("receipt");
    }
    as_tampered_build(&mut enumerator, |e| {
        for action in [
            ReviewAction::Meeting {
                attendees: 36,
                agreeing: 30,
            },
            ReviewAction::Recognise {
                decision_number: "45/QĐ-UBND".into(),
                decided_on: date("2026-12-15"),
            },
        ] {
            e.store
                .review_opening(&id, &round.id, &action, "người thử", "", AT + 900)
                .expect("opening step");
        }
    });
    let to_commune = export_batch(&mut enumerator.store, &commune.id, AT + 1000).expect("export");
    refused_step(&mut commune, &to_commune, "họp dân");
    let to_district = export_batch(&mut enumerator.store, &district.id, AT + 1000).expect("export");
    refused_step(&mut district, &to_district, "họp dân");
}
