//! A review step travels only from an office that may take it: a tampered enumerator build that
//! marks its own forms accepted or recognised, holds the opening list's meeting and recognition,
//! builds a step on itself, on entries that build on each other or on another record's content,
//! or rewrites the answers of a form the commune accepted, is refused at the commune and at the
//! district with every table unchanged; the honest steps (the enumerator's completed forms and
//! corrections, in whatever order pull pages bring them, the commune's decisions relayed up, a
//! transfer of a recognised household) still land.
//!
//! Why this file is long: every attack on the review-step check and every honest order of arrival it must let through share the same sites and tampering helpers.

use rasoat_batch::{
    export_batch, export_batch_page, export_receipt, import_batch, import_receipt, BatchError,
};
use rasoat_domain::standard::Standards;
use rasoat_domain::workflow::{ReviewAction, ReviewState, Role};
use rasoat_store::RoundKind;

use crate::support::{
    as_tampered_build, date, digest_all, enrol_both, household, result, site, survey, Site, AT,
};

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
    let err = refused(receiver, batch);
    assert!(
        matches!(err, BatchError::ReviewStepNotAllowed { .. }),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(text.contains(step_word), "{text}");
    assert!(text.contains("rà soát viên"), "{text}");
    assert!(text.contains("enumerator"), "{text}");
}

/// The batch is refused with every table of the receiver unchanged, in plain words that name
/// the household by its code only.
fn refused(receiver: &mut Site, batch: &[u8]) -> BatchError {
    let before = digest_all(&receiver.store);
    let err = import_batch(&mut receiver.store, batch, AT + 90_000).expect_err("refused");
    assert_eq!(
        digest_all(&receiver.store),
        before,
        "a refused batch changes nothing"
    );
    let text = err.to_string();
    assert!(text.contains(" / "), "Vietnamese and English: {text}");
    assert!(!text.contains("Thử Văn"), "no name in {text}");
    assert!(!text.contains("payload"), "no parser's words in {text}");
    err
}

/// The survey entries `site` made about household `n`, in order: (seq, content hash).
fn own_entries(site: &Site, n: u64) -> Vec<(i64, String)> {
    let id = household(n, "00721").id.to_string();
    site.store
        .sql_for_tests()
        .prepare(
            "SELECT seq, content_hash FROM journal
             WHERE origin = ?1 AND entity = 'survey' AND entity_id LIKE ?2 ORDER BY seq",
        )
        .expect("select")
        .query_map([site.id.clone(), format!("{id}/%")], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows")
}

/// What a tampered build writes in its own journal: entry `seq` says it builds on `parent`.
/// Its own entries are signed when a batch is written, so the receiver sees a valid signature.
fn say_parent(site: &Site, seq: i64, parent: &str) {
    site.store
        .sql_for_tests()
        .execute(
            "UPDATE journal SET parent_hash = ?1 WHERE origin = ?2 AND seq = ?3",
            rusqlite::params![parent, site.id, seq],
        )
        .expect("parent");
}

/// An enumerator, its commune and the district, each enrolled by the others.
fn three_sites() -> (Site, Site, Site) {
    let mut enumerator = site(Role::Enumerator, "00721");
    let mut commune = site(Role::Commune, "00721");
    let mut district = site(Role::District, "026");
    enrol_both(&mut enumerator, &mut commune);
    enrol_both(&mut commune, &mut district);
    enrol_both(&mut enumerator, &mut district);
    (enumerator, commune, district)
}

/// `from`'s batch imported by `to`.
fn send(from: &mut Site, to: &mut Site, at: i64) {
    let file = export_batch(&mut from.store, &to.id, at).expect("export");
    import_batch(&mut to.store, &file, at + 100).expect("import");
}

/// `from` tells `to` what it holds, so `to`'s next batches carry only what `from` lacks.
fn acknowledge(from: &mut Site, to: &mut Site, at: i64) {
    let receipt = export_receipt(&mut from.store, &to.id, at).expect("receipt");
    import_receipt(&mut to.store, &receipt).expect("receipt");
}

/// The enumerator completes households 0 and 1, the commune accepts both, and the district and
/// the enumerator hold the commune's steps and have said so.
fn accepted_everywhere(enumerator: &mut Site, commune: &mut Site, district: &mut Site) {
    survey(enumerator, "00721", 0..2);
    step(enumerator, 0, ReviewAction::Complete, AT + 2000);
    step(enumerator, 1, ReviewAction::Complete, AT + 2000);
    send(enumerator, commune, AT + 3000);
    step(commune, 0, ReviewAction::Accept, AT + 4000);
    step(commune, 1, ReviewAction::Accept, AT + 4000);
    send(commune, enumerator, AT + 5000);
    send(commune, district, AT + 5000);
    acknowledge(commune, enumerator, AT + 5500);
    acknowledge(district, enumerator, AT + 5500);
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

/// The enumerator completes household 0, the commune accepts it and the village agrees; every
/// installation holds the commune's steps and has said so to the enumerator.
fn agreed_everywhere() -> (Site, Site, Site) {
    let (mut enumerator, mut commune, mut district) = three_sites();
    survey(&mut enumerator, "00721", 0..2);
    step(&mut enumerator, 0, ReviewAction::Complete, AT + 2000);
    send(&mut enumerator, &mut commune, AT + 3000);
    step(&mut commune, 0, ReviewAction::Accept, AT + 4000);
    step(&mut commune, 0, meeting(), AT + 4000);
    send(&mut commune, &mut enumerator, AT + 5000);
    send(&mut commune, &mut district, AT + 5000);
    acknowledge(&mut commune, &mut enumerator, AT + 5500);
    acknowledge(&mut district, &mut enumerator, AT + 5500);
    (enumerator, commune, district)
}

#[test]
fn a_step_naming_itself_as_what_it_builds_on_is_refused() {
    let (mut enumerator, mut commune, mut district) = agreed_everywhere();
    // The chairman's recognition written by the enumerator's app, saying it builds on itself:
    // judged from its own state it would keep "recognised".
    as_tampered_build(&mut enumerator, |e| step(e, 0, recognise(), AT + 8000));
    let (seq, own) = own_entries(&enumerator, 0).pop().expect("the recognition");
    say_parent(&enumerator, seq, &own);
    for receiver in [&mut commune, &mut district] {
        let batch = export_batch(&mut enumerator.store, &receiver.id, AT + 9000).expect("export");
        let err = refused(receiver, &batch);
        assert!(matches!(err, BatchError::ReviewStepCycle { .. }), "{err:?}");
        assert!(err.to_string().contains("chính nó"), "{err}");
    }
}

#[test]
fn two_steps_naming_each_other_as_what_they_build_on_are_refused() {
    let (mut enumerator, mut commune, mut district) = agreed_everywhere();
    as_tampered_build(&mut enumerator, |e| {
        step(e, 0, recognise(), AT + 8000);
        step(e, 0, ReviewAction::Report, AT + 8000);
    });
    let mut entries = own_entries(&enumerator, 0);
    let (report, report_hash) = entries.pop().expect("report");
    let (recognition, recognition_hash) = entries.pop().expect("recognition");
    say_parent(&enumerator, recognition, &report_hash);
    say_parent(&enumerator, report, &recognition_hash);
    for receiver in [&mut commune, &mut district] {
        let batch = export_batch(&mut enumerator.store, &receiver.id, AT + 9000).expect("export");
        let err = refused(receiver, &batch);
        assert!(matches!(err, BatchError::ReviewStepCycle { .. }), "{err:?}");
    }
}

/// The enumerator's tampered app marks household 1 agreed, saying it builds on `parent` (the
/// agreed content of another household or round): refused at the commune and the district.
fn agreed_on_foreign_content_is_refused(
    enumerator: &mut Site,
    commune: &mut Site,
    district: &mut Site,
    parent: &str,
) {
    as_tampered_build(enumerator, |e| step(e, 1, meeting(), AT + 8000));
    let (seq, _) = own_entries(enumerator, 1).pop().expect("the meeting");
    say_parent(enumerator, seq, parent);
    let to_commune = export_batch(&mut enumerator.store, &commune.id, AT + 9000).expect("export");
    refused_step(commune, &to_commune, "họp dân đã thống nhất");
    let to_district = export_batch(&mut enumerator.store, &district.id, AT + 9000).expect("export");
    refused_step(district, &to_district, "họp dân đã thống nhất");
}

#[test]
fn a_step_building_on_another_household_s_content_is_refused() {
    let (mut enumerator, mut commune, mut district) = three_sites();
    accepted_everywhere(&mut enumerator, &mut commune, &mut district);
    // The village agrees on household 0 at the commune; every receiver holds that content.
    step(&mut commune, 0, meeting(), AT + 6000);
    send(&mut commune, &mut district, AT + 6500);
    let agreed_0 = commune
        .store
        .survey_record(&household(0, "00721").id.to_string(), &commune.round.id)
        .expect("record")
        .content_hash;
    // The enumerator's app marks household 1 agreed, saying it builds on household 0's agreed
    // content: judged from that, it would only keep a state.
    agreed_on_foreign_content_is_refused(&mut enumerator, &mut commune, &mut district, &agreed_0);
}

#[test]
fn a_step_building_on_the_same_household_s_content_of_another_round_is_refused() {
    let (mut enumerator, mut commune, mut district) = three_sites();
    accepted_everywhere(&mut enumerator, &mut commune, &mut district);
    // The commune holds household 1 in a regular round too, agreed there by its own steps.
    let regular = commune
        .store
        .open_round(
            2025,
            RoundKind::Regular,
            Some(6),
            "nd07-2021",
            "cán bộ xã",
            AT + 6000,
        )
        .expect("regular round");
    let h = household(1, "00721");
    let id = h.id.to_string();
    commune
        .store
        .save_household(
            &regular.id,
            &h,
            Some(&result("poor")),
            "cán bộ xã",
            AT + 6100,
        )
        .expect("save");
    for action in [ReviewAction::Complete, ReviewAction::Accept, meeting()] {
        commune
            .store
            .review(&id, &regular.id, &action, "cán bộ xã", "", AT + 6200)
            .expect("the commune's steps");
    }
    send(&mut commune, &mut district, AT + 6500);
    let agreed_there = commune
        .store
        .survey_record(&id, &regular.id)
        .expect("record")
        .content_hash;
    // The enumerator's app marks household 1 agreed in the periodic round, saying it builds on
    // the regular round's agreed record.
    agreed_on_foreign_content_is_refused(
        &mut enumerator,
        &mut commune,
        &mut district,
        &agreed_there,
    );
}

/// What a tampered build writes: entry `seq` of its own journal relabelled as keeping `status`
/// (its content hash computed again, as the receiver checks it).
fn relabel(site: &Site, seq: i64, status: &str) {
    let sql = site.store.sql_for_tests();
    let payload: String = sql
        .query_row(
            "SELECT payload FROM journal WHERE origin = ?1 AND seq = ?2",
            rusqlite::params![site.id, seq],
            |r| r.get(0),
        )
        .expect("payload");
    let mut value: serde_json::Value = serde_json::from_str(&payload).expect("json");
    value["record"]["status"] = serde_json::Value::String(status.into());
    let record = serde_json::to_string(&value["record"]).expect("record");
    let hash = rasoat_store::journal::content_hash(record.as_bytes());
    let payload = format!("{{\"record\":{record}}}");
    sql.execute(
        "UPDATE journal SET payload = ?1, content_hash = ?2 WHERE origin = ?3 AND seq = ?4",
        rusqlite::params![payload, hash, site.id, seq],
    )
    .expect("relabel");
}

#[test]
fn an_enumerator_changing_the_answers_of_an_accepted_form_is_refused() {
    let (mut enumerator, mut commune, mut district) = three_sites();
    accepted_everywhere(&mut enumerator, &mut commune, &mut district);
    // The enumerator's app rewrites household 0's answers while the commune holds it accepted,
    // and keeps "accepted" on the entry.
    let h = household(0, "00721");
    let id = h.id.to_string();
    enumerator
        .store
        .sql_for_tests()
        .execute(
            "UPDATE survey_record SET status = 'returned' WHERE household_id = ?1",
            [&id],
        )
        .expect("tamper");
    let mut changed = h.clone();
    changed.surveyed_on = date("2025-10-02");
    let saved = enumerator
        .store
        .save_household(
            &enumerator.round.id,
            &changed,
            Some(&result("poor")),
            "người thử",
            AT + 8000,
        )
        .expect("save");
    relabel(&enumerator, saved.seq, "accepted");
    for receiver in [&mut commune, &mut district] {
        let batch = export_batch(&mut enumerator.store, &receiver.id, AT + 9000).expect("export");
        let err = refused(receiver, &batch);
        assert!(
            matches!(err, BatchError::AnswersNotEditable { .. }),
            "{err:?}"
        );
        let text = err.to_string();
        assert!(text.contains("xã đã duyệt"), "{text}");
        assert!(text.contains("accepted"), "{text}");
        assert_eq!(
            receiver
                .store
                .survey_record(&id, &receiver.round.id)
                .expect("record")
                .status,
            ReviewState::Accepted
        );
    }
}

/// Every page `server` has for `client`, `per_page` entries at a time, imported in order with
/// a receipt after each, as a sync pass pulls them; no page carries more entries than asked (a
/// cut link loses at most one page). Returns how many pages came.
fn pull_all(server: &mut Site, client: &mut Site, per_page: usize, at: i64) -> usize {
    let mut pages = 0;
    loop {
        let page = match export_batch_page(&mut server.store, &client.id, at, per_page) {
            Ok(page) => page,
            Err(BatchError::NothingToSend { .. }) => return pages,
            Err(e) => panic!("page: {e}"),
        };
        pages += 1;
        let report = import_batch(&mut client.store, &page.bytes, at + 100)
            .unwrap_or_else(|e| panic!("page {pages} refused: {e}"));
        let carried = report.new_entries + report.duplicates;
        assert!(
            carried <= per_page,
            "page {pages}: {carried} entries, {per_page} asked"
        );
        acknowledge(client, server, at + 200);
        if !page.more {
            return pages;
        }
    }
}

/// The commune returns household `i`'s form for missing answers.
fn return_form(commune: &mut Site, i: u64, at: i64) {
    step(
        commune,
        i,
        ReviewAction::Return {
            comment: "thiếu thông tin / missing answers".into(),
        },
        at,
    );
}

/// `site` corrects household `i`'s returned form (surveyed again on `day`, classed `class`);
/// the form stays returned.
fn correct(site: &mut Site, i: u64, day: &str, class: &str, at: i64) {
    let mut h = household(i, "00721");
    h.surveyed_on = date(day);
    let round = site.round.id.clone();
    site.store
        .save_household(&round, &h, Some(&result(class)), "điều tra viên", at)
        .expect("corrected");
}

/// An enumerator's `n` forms completed and sent to the commune, which accepts `accepted` and
/// returns the others; the enumerator corrects every returned form (it stays returned) and,
/// told what the district holds, sends only its own entries there. The sites are made in the
/// order enumerator, commune, district, so ids grow that way and a pull page fills the
/// enumerator's entries (the corrections) before the commune's (the returns they build on).
fn returned_and_corrected(n: u64, accepted: &[u64]) -> (Site, Site, Site) {
    let (mut enumerator, mut commune, mut district) = three_sites();
    assert!(enumerator.id < commune.id);
    survey(&mut enumerator, "00721", 0..n);
    for i in 0..n {
        step(&mut enumerator, i, ReviewAction::Complete, AT + 2000);
    }
    send(&mut enumerator, &mut commune, AT + 3000);
    let returned: Vec<u64> = (0..n).filter(|i| !accepted.contains(i)).collect();
    for &i in accepted {
        step(&mut commune, i, ReviewAction::Accept, AT + 4000);
    }
    for &i in &returned {
        return_form(&mut commune, i, AT + 4500);
    }
    send(&mut commune, &mut district, AT + 5000);
    send(&mut commune, &mut enumerator, AT + 5000);
    for &i in &returned {
        correct(&mut enumerator, i, "2025-10-03", "poor", AT + 6000);
    }
    // The district says what it holds, so the enumerator sends only its own entries (an
    // enumerator vouches for nobody it could relay).
    acknowledge(&mut district, &mut enumerator, AT + 6500);
    send(&mut enumerator, &mut district, AT + 7000);
    (enumerator, commune, district)
}

/// `site`'s record of household `i` has the district's content, still returned.
fn holds_the_correction(site: &Site, district: &Site, i: u64) {
    let id = household(i, "00721").id.to_string();
    let held = site
        .store
        .survey_record(&id, &site.round.id)
        .expect("the corrected record");
    let at_district = district
        .store
        .survey_record(&id, &district.round.id)
        .expect("record");
    assert_eq!(held.status, ReviewState::Returned);
    assert_eq!(held.content_hash, at_district.content_hash);
}

#[test]
fn a_correction_paged_before_the_return_it_builds_on_is_taken_by_a_new_laptop() {
    let (_enumerator, _commune, mut district) = returned_and_corrected(4, &[0, 2, 3]);
    // The commune's replaced laptop, enrolled at the district, pulls everything in small pages.
    let mut laptop = site(Role::Commune, "00721");
    enrol_both(&mut laptop, &mut district);
    let pages = pull_all(&mut district, &mut laptop, 2, AT + 8000);
    assert!(pages > 3, "{pages} pages");
    holds_the_correction(&laptop, &district, 1);
    // And the enumerator, whose laptop was replaced too, pulls the same in pages of one.
    let mut new_enumerator = site(Role::Enumerator, "00721");
    enrol_both(&mut new_enumerator, &mut district);
    pull_all(&mut district, &mut new_enumerator, 1, AT + 9000);
    holds_the_correction(&new_enumerator, &district, 1);
}

#[test]
fn a_first_pull_of_a_commune_with_many_corrections_keeps_every_page_within_its_budget() {
    // Every form returned and corrected: each correction builds on a return the commune made,
    // paged after the enumerator's entries.
    let n = 8;
    let (_enumerator, _commune, mut district) = returned_and_corrected(n, &[]);
    // A new commune laptop's first pull, one entry a page: each page carries one entry, and
    // every correction is taken.
    let mut laptop = site(Role::Commune, "00721");
    enrol_both(&mut laptop, &mut district);
    let pages = pull_all(&mut district, &mut laptop, 1, AT + 8000);
    assert!(pages > 3 * n as usize, "{pages} pages");
    for i in 0..n {
        holds_the_correction(&laptop, &district, i);
    }
}

#[test]
fn two_enumerators_correcting_one_returned_form_conflict_and_the_resolution_travels() {
    let (mut enumerator, mut commune, mut district) = three_sites();
    let mut other = site(Role::Enumerator, "00721");
    enrol_both(&mut other, &mut commune);
    survey(&mut enumerator, "00721", 0..1);
    step(&mut enumerator, 0, ReviewAction::Complete, AT + 2000);
    send(&mut enumerator, &mut commune, AT + 3000);
    return_form(&mut commune, 0, AT + 4000);
    send(&mut commune, &mut enumerator, AT + 5000);
    send(&mut commune, &mut other, AT + 5000);
    // Both correct the returned form from the commune's return.
    correct(&mut enumerator, 0, "2025-10-02", "poor", AT + 6000);
    correct(&mut other, 0, "2025-10-03", "near_poor", AT + 6000);
    send(&mut enumerator, &mut commune, AT + 7000);
    send(&mut other, &mut commune, AT + 7000);
    let conflicts = commune.store.conflicts().expect("conflicts");
    assert_eq!(conflicts.len(), 1);
    // The commune relays both to the district, which holds the same conflict.
    send(&mut commune, &mut district, AT + 8000);
    assert_eq!(district.store.conflicts().expect("conflicts").len(), 1);
    // The commune keeps one edit: the resolution builds on that edit's content and is that
    // content, and the district takes it.
    let keep = conflicts[0].heads[0].entry_id.clone();
    let id = household(0, "00721").id.to_string();
    let round = commune.round.id.clone();
    commune
        .store
        .resolve_conflict(&id, &round, &keep, "cán bộ xã", AT + 9000)
        .expect("resolved");
    send(&mut commune, &mut district, AT + 10_000);
    assert!(district.store.conflicts().expect("conflicts").is_empty());
    assert_eq!(
        district
            .store
            .survey_record(&id, &district.round.id)
            .expect("record")
            .status,
        ReviewState::Returned
    );
}

#[test]
fn a_district_transfers_a_recognised_household_and_the_new_commune_takes_it() {
    let mut from = site(Role::Commune, "00715");
    let mut to = site(Role::Commune, "00730");
    let mut district = site(Role::District, "026");
    enrol_both(&mut from, &mut district);
    enrol_both(&mut to, &mut district);
    let h = household(0, "00715");
    let id = h.id.to_string();
    let round = from.round.id.clone();
    from.store
        .save_household(&round, &h, Some(&result("poor")), "cán bộ xã", AT + 1000)
        .expect("save");
    for action in [
        ReviewAction::Complete,
        ReviewAction::Accept,
        meeting(),
        recognise(),
    ] {
        from.store
            .review(&id, &round, &action, "cán bộ xã", "", AT + 2000)
            .expect("the commune's steps");
    }
    send(&mut from, &mut district, AT + 3000);
    rasoat_batch::transfer_household(
        &mut district.store,
        &id,
        "00730",
        "Hộ chuyển đến ở với con trai",
        "cán bộ huyện",
        AT + 4000,
    )
    .expect("transfer");
    // The new commune never held the record the transfer builds on; the old one did.
    send(&mut district, &mut to, AT + 5000);
    send(&mut district, &mut from, AT + 5000);
    assert_eq!(
        to.store
            .survey_record(&id, &to.round.id)
            .expect("record")
            .status,
        ReviewState::Recognised
    );
    assert_eq!(
        to.store.household_commune(&id).expect("read"),
        Some("00730".into())
    );
}

/// The survey record `site` holds of household `n` as the last entry about it carries it, and
/// that entry's content hash.
fn last_record(site: &Site, n: u64) -> (serde_json::Value, String) {
    let id = household(n, "00721").id.to_string();
    let (payload, hash): (String, String) = site
        .store
        .sql_for_tests()
        .query_row(
            "SELECT payload, content_hash FROM journal
             WHERE entity = 'survey' AND entity_id LIKE ?1 ORDER BY id DESC LIMIT 1",
            [format!("{id}/%")],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("entry");
    let value: serde_json::Value = serde_json::from_str(&payload).expect("json");
    (value["record"].clone(), hash)
}

/// What a tampered build writes: its own entry `seq` made to carry `record` (its content hash
/// computed again, as the receiver checks it) and to build on `parent`.
fn forge(site: &Site, seq: i64, record: &serde_json::Value, parent: &str) {
    let record = serde_json::to_string(record).expect("record");
    let hash = rasoat_store::journal::content_hash(record.as_bytes());
    site.store
        .sql_for_tests()
        .execute(
            "UPDATE journal SET payload = ?1, content_hash = ?2, parent_hash = ?3
             WHERE origin = ?4 AND seq = ?5",
            rusqlite::params![
                format!("{{\"record\":{record}}}"),
                hash,
                parent,
                site.id,
                seq
            ],
        )
        .expect("forge");
}

/// The commune recognised household 0; the enumerator and the district hold the recognition
/// and said so. Returns the recognised record and its content hash as the enumerator holds them.
fn recognised_everywhere(
    enumerator: &mut Site,
    commune: &mut Site,
    district: &mut Site,
) -> (serde_json::Value, String) {
    survey(enumerator, "00721", 0..1);
    step(enumerator, 0, ReviewAction::Complete, AT + 2000);
    send(enumerator, commune, AT + 3000);
    for action in [ReviewAction::Accept, meeting(), recognise()] {
        step(commune, 0, action, AT + 4000);
    }
    send(commune, enumerator, AT + 5000);
    send(commune, district, AT + 5000);
    acknowledge(commune, enumerator, AT + 5500);
    acknowledge(district, enumerator, AT + 5500);
    last_record(enumerator, 0)
}

/// One field of a record a tampered build changes.
type Change = fn(&mut serde_json::Value);

#[test]
fn an_enumerator_keeping_recognised_while_changing_the_class_head_or_decision_is_refused() {
    let (mut enumerator, mut commune, mut district) = three_sites();
    let (recognised, parent) = recognised_everywhere(&mut enumerator, &mut commune, &mut district);
    assert_eq!(recognised["status"], "recognised");
    // The tampered build makes an entry of its own (a save of the form it reopened by hand),
    // then writes into it the recognised record with one thing changed, building on it.
    let h = household(0, "00721");
    let id = h.id.to_string();
    enumerator
        .store
        .sql_for_tests()
        .execute(
            "UPDATE survey_record SET status = 'returned' WHERE household_id = ?1",
            [&id],
        )
        .expect("tamper");
    let saved = enumerator
        .store
        .save_household(
            &enumerator.round.id,
            &h,
            Some(&result("poor")),
            "người thử",
            AT + 8000,
        )
        .expect("save");
    let mut own = recognised.clone();
    own["round_id"] = serde_json::Value::String(enumerator.round.id.clone());
    let changes: [(&str, Change); 4] = [
        ("class", |r| r["result"]["class"] = "near_poor".into()),
        ("head", |r| r["head_name"] = "Hộ Thử Khác".into()),
        ("decision number", |r| {
            r["review"]["decision_number"] = "99/QĐ-UBND".into()
        }),
        ("decision day", |r| {
            r["review"]["decided_on"] = "2025-12-09".into()
        }),
    ];
    for (what, change) in changes {
        let mut record = own.clone();
        change(&mut record);
        assert_ne!(record, own, "{what}");
        forge(&enumerator, saved.seq, &record, &parent);
        for receiver in [&mut commune, &mut district] {
            let batch =
                export_batch(&mut enumerator.store, &receiver.id, AT + 9000).expect("export");
            let err = refused(receiver, &batch);
            assert!(
                matches!(err, BatchError::RecordNotEditable { .. }),
                "{what}: {err:?}"
            );
            let text = err.to_string();
            assert!(text.contains("đã công nhận"), "{text}");
            assert!(text.contains("rà soát viên"), "{text}");
        }
    }
    // The same entry copying the recognised record, as a conflict's resolution does, is taken.
    forge(&enumerator, saved.seq, &own, &parent);
    for receiver in [&mut commune, &mut district] {
        let batch = export_batch(&mut enumerator.store, &receiver.id, AT + 9000).expect("export");
        import_batch(&mut receiver.store, &batch, AT + 9500).expect("a copy is taken");
        let held = receiver
            .store
            .survey_record(&id, &receiver.round.id)
            .expect("record");
        assert_eq!(held.status, ReviewState::Recognised);
        assert_eq!(held.result.expect("class").class, "poor");
    }
}

#[test]
fn a_district_transferring_a_recognised_household_under_another_class_is_refused() {
    let (mut enumerator, mut commune, mut district) = three_sites();
    let mut province = site(Role::Province, "02");
    enrol_both(&mut district, &mut province);
    recognised_everywhere(&mut enumerator, &mut commune, &mut district);
    // The province holds the recognition the district relayed, and said so.
    send(&mut district, &mut province, AT + 6000);
    acknowledge(&mut province, &mut district, AT + 6500);
    let id = household(0, "00721").id.to_string();
    rasoat_batch::transfer_household(
        &mut district.store,
        &id,
        "00715",
        "Hộ chuyển đến ở với con trai",
        "cán bộ huyện",
        AT + 7000,
    )
    .expect("transfer");
    // A tampered district build writes another class into its transfer, keeping "recognised".
    let (seq, payload): (i64, String) = district
        .store
        .sql_for_tests()
        .query_row(
            "SELECT seq, payload FROM journal
             WHERE origin = ?1 AND entity = 'survey' ORDER BY seq DESC LIMIT 1",
            [&district.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("the transfer");
    let honest: serde_json::Value = serde_json::from_str(&payload).expect("json");
    assert_eq!(honest["record"]["status"], "recognised");
    let write = |district: &Site, value: &serde_json::Value| {
        let record = serde_json::to_string(&value["record"]).expect("record");
        let hash = rasoat_store::journal::content_hash(record.as_bytes());
        district
            .store
            .sql_for_tests()
            .execute(
                "UPDATE journal SET payload = ?1, content_hash = ?2 WHERE origin = ?3 AND seq = ?4",
                rusqlite::params![value.to_string(), hash, district.id, seq],
            )
            .expect("write");
    };
    let mut tampered = honest.clone();
    tampered["record"]["result"]["class"] = "near_poor".into();
    write(&district, &tampered);
    let batch = export_batch(&mut district.store, &province.id, AT + 8000).expect("export");
    let err = refused(&mut province, &batch);
    assert!(
        matches!(err, BatchError::RecordNotEditable { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("cán bộ huyện"), "{err}");
    // The honest transfer is taken.
    write(&district, &honest);
    let batch = export_batch(&mut district.store, &province.id, AT + 8000).expect("export");
    import_batch(&mut province.store, &batch, AT + 8500).expect("the honest transfer");
    assert_eq!(
        province.store.household_commune(&id).expect("read"),
        Some("00715".into())
    );
}

/// The enumerator's correction of a form the commune returned, and the two batches the
/// district gets: the enumerator's own (the correction) and the commune's (the return it
/// builds on), neither imported yet.
fn correction_and_return() -> (Site, Vec<u8>, Vec<u8>) {
    let (mut enumerator, mut commune, district) = three_sites();
    // The enumerator's file carries its own entries only: the district said it holds the
    // commune's (as a district desktop does once it pulled them; an enumerator vouches for
    // nobody it could relay them with), and its files are imported here in another order.
    let mut holds = std::collections::BTreeMap::new();
    holds.insert(commune.id.clone(), i64::MAX);
    enumerator
        .store
        .acknowledge(&district.id, &holds)
        .expect("the district's word");
    survey(&mut enumerator, "00721", 0..1);
    step(&mut enumerator, 0, ReviewAction::Complete, AT + 2000);
    send(&mut enumerator, &mut commune, AT + 3000);
    return_form(&mut commune, 0, AT + 4000);
    send(&mut commune, &mut enumerator, AT + 5000);
    correct(&mut enumerator, 0, "2025-10-03", "poor", AT + 6000);
    let correction = export_batch(&mut enumerator.store, &district.id, AT + 7000).expect("export");
    let the_return = export_batch(&mut commune.store, &district.id, AT + 7000).expect("export");
    (district, correction, the_return)
}

#[test]
fn a_correction_before_the_return_it_builds_on_says_the_return_has_not_arrived() {
    let (mut district, correction, _) = correction_and_return();
    let err = refused(&mut district, &correction);
    assert!(
        matches!(err, BatchError::ParentNotArrived { .. }),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(text.contains("chưa đến máy này"), "{text}");
    assert!(text.contains("has not arrived here yet"), "{text}");
}

#[test]
fn a_folder_import_takes_a_correction_listed_before_the_return_it_builds_on() {
    let (mut district, correction, the_return) = correction_and_return();
    let files = vec![
        ("1-correction.rasoat".to_string(), correction),
        ("2-return.rasoat".to_string(), the_return),
    ];
    let report = rasoat_batch::import_batches(&mut district.store, &files, AT + 8000)
        .expect("folder import");
    assert!(
        report.refused_with_reasons.is_empty(),
        "{:?}",
        report.refused_with_reasons
    );
    assert_eq!(report.batches, 2);
    let id = household(0, "00721").id.to_string();
    let held = district
        .store
        .survey_record(&id, &district.round.id)
        .expect("record");
    assert_eq!(held.status, ReviewState::Returned);
    assert_eq!(held.surveyed_on.as_deref(), Some("2025-10-03"));
}
