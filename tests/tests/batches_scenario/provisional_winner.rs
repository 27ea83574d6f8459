//! A record the commune recognised stays the record every installation shows while a conflict
//! with an enumerator's longer branch of drafts waits for a person: the provisional winner is
//! the head whose review went further, then the one building on more history. And only the
//! commune or an office above sets the recognised record aside: an enumerator's laptop may keep
//! it, never drop it, and a tampered build's resolution dropping it leaves the conflict listed.

use rasoat_batch::{export_batch, export_receipt, import_batch, import_receipt};
use rasoat_demo::synthetic;
use rasoat_domain::workflow::{ReviewAction, ReviewState, Role};
use rasoat_store::StoreError;

use crate::support::{
    as_tampered_build, class_of, date, digest_all, enrol_both, household, result, site, survey,
    Site, AT,
};

fn send(from: &mut Site, to: &mut Site, at: i64) {
    let file = export_batch(&mut from.store, &to.id, at).expect("export");
    import_batch(&mut to.store, &file, at + 100).expect("import");
}

/// (review state, class) of household 0's record at `site`.
fn shown(site: &Site) -> (ReviewState, Option<String>) {
    let id = household(0, "00721").id.to_string();
    let record = site
        .store
        .survey_record(&id, &site.round.id)
        .expect("record");
    (record.status, record.result.map(|r| r.class))
}

/// `site` takes `action` on household 0's record.
fn step(site: &mut Site, action: ReviewAction, at: i64) {
    let id = household(0, "00721").id.to_string();
    let round = site.round.id.clone();
    site.store
        .review(&id, &round, &action, "người thử", "", at)
        .expect("step");
}

fn return_form() -> ReviewAction {
    ReviewAction::Return {
        comment: "thiếu thông tin / missing answers".into(),
    }
}

/// `site` saves household 0 again as surveyed on `day`, classed `class`.
fn redo(site: &mut Site, day: &str, class: &str, at: i64) {
    let redone = synthetic::household(0, "02", "00721", "Thôn Thử", 4, date(day));
    let round = site.round.id.clone();
    site.store
        .save_household(&round, &redone, Some(&result(class)), "điều tra viên", at)
        .expect("saved");
}

/// Two laptops of commune 00721 and the commune, enrolled both ways.
fn laptops_and_commune() -> (Site, Site, Site) {
    let mut first = site(Role::Enumerator, "00721");
    let mut second = site(Role::Enumerator, "00721");
    let mut commune = site(Role::Commune, "00721");
    enrol_both(&mut first, &mut commune);
    enrol_both(&mut second, &mut commune);
    (first, second, commune)
}

/// Four installations of one commune's review: the first laptop's draft of household 0
/// completed, accepted, agreed and recognised at the commune; the second laptop's six further
/// drafts of it, made offline from the first draft. Everything has reached the commune and the
/// district; the second laptop holds the commune's recognition too.
struct Sites {
    second: Site,
    commune: Site,
    district: Site,
}

fn recognised_beside_drafts() -> Sites {
    let (mut first, mut second, mut commune) = laptops_and_commune();
    let mut district = site(Role::District, "026");
    enrol_both(&mut commune, &mut district);
    // The first laptop's draft reaches the commune and, from there, the second laptop.
    survey(&mut first, "00721", 0..1);
    send(&mut first, &mut commune, AT + 2000);
    send(&mut commune, &mut second, AT + 2500);

    // The first laptop completes it; the commune accepts, holds the meeting and recognises:
    // four entries on the draft.
    step(&mut first, ReviewAction::Complete, AT + 3000);
    send(&mut first, &mut commune, AT + 3500);
    for action in [
        ReviewAction::Accept,
        ReviewAction::Meeting {
            attendees: 30,
            agreeing: 20,
        },
        ReviewAction::Recognise {
            decision_number: "12/QĐ-UBND".into(),
            decided_on: date("2025-12-01"),
        },
    ] {
        step(&mut commune, action, AT + 4000);
    }
    assert_eq!(shown(&commune), recognised());

    // Out of signal, the second laptop saves the same draft six more times (a different survey
    // day each time, as an enumerator redoing the visit would): a longer chain than the
    // commune's, every entry an honest draft the step check takes.
    for day in 2..8 {
        redo(
            &mut second,
            &format!("2025-10-0{day}"),
            "middle",
            AT + 5000 + day,
        );
    }
    send(&mut second, &mut commune, AT + 6000);
    send(&mut commune, &mut district, AT + 7000);

    send(&mut commune, &mut second, AT + 7500);
    Sites {
        second,
        commune,
        district,
    }
}

fn recognised() -> (ReviewState, Option<String>) {
    (ReviewState::Recognised, Some(class_of(0).to_string()))
}

#[test]
fn a_recognised_record_stands_over_a_longer_branch_of_drafts_until_someone_resolves() {
    let Sites {
        commune, district, ..
    } = recognised_beside_drafts();
    // Both branches are kept and listed; the recognised record is what the commune and the
    // district show and count until a person chooses.
    for site in [&commune, &district] {
        let conflicts = site.store.conflicts().expect("conflicts");
        assert_eq!(conflicts.len(), 1, "one conflict");
        let heads: Vec<ReviewState> = conflicts[0].heads.iter().map(|h| h.status).collect();
        assert_eq!(heads, [ReviewState::Recognised, ReviewState::Draft]);
        assert_eq!(shown(site), recognised());
    }
}

/// The second laptop's conflict: the household id, its round there, and the entry ids of the
/// recognised head and of its own draft head.
fn second_s_conflict(second: &Site) -> (String, String, String, String) {
    let conflicts = second.store.conflicts().expect("conflicts");
    assert_eq!(conflicts.len(), 1, "the second laptop holds the conflict");
    let head = |state: ReviewState| {
        conflicts[0]
            .heads
            .iter()
            .find(|h| h.status == state)
            .expect("head")
            .entry_id
            .clone()
    };
    (
        conflicts[0].household_id.clone(),
        conflicts[0].round_id.clone(),
        head(ReviewState::Recognised),
        head(ReviewState::Draft),
    )
}

#[test]
fn an_enumerator_s_laptop_keeps_the_recognised_record_but_never_sets_it_aside() {
    let Sites {
        mut second,
        mut commune,
        mut district,
    } = recognised_beside_drafts();
    let (id, round, recognised_head, draft_head) = second_s_conflict(&second);
    let before = digest_all(&second.store);
    let err = second
        .store
        .resolve_conflict(&id, &round, &draft_head, "điều tra viên B", AT + 8000)
        .expect_err("an enumerator cannot set the recognition aside");
    assert!(
        matches!(err, StoreError::SetAsideNotAllowed { .. }),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(text.contains("đã công nhận"), "{text}");
    assert!(text.contains(" / "), "{text}");
    assert_eq!(digest_all(&second.store), before, "nothing changed");

    // Keeping the commune's recognition (setting the laptop's own drafts aside) is the
    // enumerator's to do, and settles the conflict at the commune and the district.
    second
        .store
        .resolve_conflict(&id, &round, &recognised_head, "điều tra viên B", AT + 8100)
        .expect("keep the recognised record");
    send(&mut second, &mut commune, AT + 8200);
    send(&mut commune, &mut district, AT + 8300);
    for site in [&second, &commune, &district] {
        assert!(site.store.conflicts().expect("conflicts").is_empty());
        assert_eq!(shown(site), recognised());
    }
}

#[test]
fn a_tampered_laptop_s_resolution_setting_the_recognition_aside_leaves_the_conflict_listed() {
    let Sites {
        mut second,
        mut commune,
        mut district,
    } = recognised_beside_drafts();
    let (id, round, _, draft_head) = second_s_conflict(&second);
    // A modified app (or an older release, which did not refuse it) skips the laptop's own
    // refusal: the entry is the laptop's own, signed by its key.
    as_tampered_build(&mut second, |second| {
        second
            .store
            .resolve_conflict(&id, &round, &draft_head, "điều tra viên B", AT + 8000)
            .expect("the tampered resolution");
    });
    // Taken, so the laptop's sync goes on, and relayed; but an enumerator's resolution sets no
    // decision of the commune aside anywhere: the recognised record is still shown, beside the
    // laptop's draft, for a person to resolve.
    send(&mut second, &mut commune, AT + 8100);
    send(&mut commune, &mut district, AT + 8300);
    for site in [&commune, &district] {
        let conflicts = site.store.conflicts().expect("conflicts");
        assert_eq!(conflicts.len(), 1, "still listed");
        let heads: Vec<ReviewState> = conflicts[0].heads.iter().map(|h| h.status).collect();
        assert_eq!(heads, [ReviewState::Recognised, ReviewState::Draft]);
        assert_eq!(shown(site), recognised());
    }
    // The commune's own choice settles it everywhere.
    let (commune_round, recognised_head) = {
        let c = &commune.store.conflicts().expect("conflicts")[0];
        (c.round_id.clone(), c.heads[0].entry_id.clone())
    };
    commune
        .store
        .resolve_conflict(
            &id,
            &commune_round,
            &recognised_head,
            "cán bộ xã",
            AT + 9000,
        )
        .expect("the commune keeps its recognition");
    send(&mut commune, &mut district, AT + 9100);
    for site in [&commune, &district] {
        assert!(site.store.conflicts().expect("conflicts").is_empty());
        assert_eq!(shown(site), recognised());
    }
}

/// The first laptop's form completed and returned by the commune; the second laptop's form
/// completed offline from the draft before, sent to the commune: two heads there.
fn returned_beside_offline_completion() -> (Site, Site, Site) {
    let (mut first, mut second, mut commune) = laptops_and_commune();
    // Both laptops hold the first draft; the first completes it and the commune returns it.
    survey(&mut first, "00721", 0..1);
    send(&mut first, &mut commune, AT + 2000);
    send(&mut commune, &mut second, AT + 2500);
    step(&mut first, ReviewAction::Complete, AT + 3000);
    send(&mut first, &mut commune, AT + 3500);
    step(&mut commune, return_form(), AT + 4000);
    // The second laptop, out of signal, completes the old draft.
    step(&mut second, ReviewAction::Complete, AT + 4500);
    send(&mut second, &mut commune, AT + 5000);
    (first, second, commune)
}

#[test]
fn the_commune_s_return_stands_over_a_form_completed_offline_from_the_old_draft() {
    let (mut first, second, mut commune) = returned_beside_offline_completion();
    let conflicts = commune.store.conflicts().expect("conflicts");
    assert_eq!(conflicts.len(), 1, "one conflict");
    let heads: Vec<ReviewState> = conflicts[0].heads.iter().map(|h| h.status).collect();
    assert_eq!(heads, [ReviewState::Returned, ReviewState::Completed]);
    assert_eq!(shown(&commune).0, ReviewState::Returned);

    // The first laptop starts correcting the returned form (it stays returned, an
    // enumerator's edit): it carries the commune's return, so it still stands over the form
    // completed from before the return.
    send(&mut commune, &mut first, AT + 5500);
    redo(&mut first, "2025-10-09", "poor", AT + 6000);
    send(&mut first, &mut commune, AT + 6500);
    let conflicts = commune.store.conflicts().expect("conflicts");
    assert_eq!(conflicts.len(), 1, "one conflict");
    let heads: Vec<(ReviewState, String)> = conflicts[0]
        .heads
        .iter()
        .map(|h| (h.status, h.origin.clone()))
        .collect();
    assert_eq!(
        heads,
        [
            (ReviewState::Returned, first.id.clone()),
            (ReviewState::Completed, second.id.clone())
        ]
    );
    assert_eq!(
        shown(&commune),
        (ReviewState::Returned, Some("poor".to_string()))
    );
}

#[test]
fn a_finished_correction_is_shown_over_another_laptop_s_edit_of_the_returned_form() {
    let (mut first, mut second, mut commune) = laptops_and_commune();
    survey(&mut first, "00721", 0..1);
    step(&mut first, ReviewAction::Complete, AT + 2000);
    send(&mut first, &mut commune, AT + 3000);
    step(&mut commune, return_form(), AT + 4000);
    send(&mut commune, &mut first, AT + 5000);
    send(&mut commune, &mut second, AT + 5000);
    // The first laptop corrects the returned form and completes it; the second, out of signal,
    // edits the returned form three times (a longer chain than the first laptop's two, so
    // chain length alone would show the unfinished edit).
    redo(&mut first, "2025-10-02", "poor", AT + 6000);
    step(&mut first, ReviewAction::Complete, AT + 6100);
    for day in ["2025-10-03", "2025-10-04", "2025-10-05"] {
        redo(&mut second, day, "middle", AT + 6000);
    }
    send(&mut second, &mut commune, AT + 7000);
    send(&mut first, &mut commune, AT + 7100);
    let conflicts = commune.store.conflicts().expect("conflicts");
    assert_eq!(conflicts.len(), 1, "one conflict");
    let heads: Vec<ReviewState> = conflicts[0].heads.iter().map(|h| h.status).collect();
    assert_eq!(heads, [ReviewState::Completed, ReviewState::Returned]);
    assert_eq!(
        shown(&commune),
        (ReviewState::Completed, Some("poor".to_string()))
    );
}

#[test]
fn a_commune_store_made_a_new_installation_ranks_its_earlier_decisions_as_before() {
    let (mut first, _second, mut commune) = returned_beside_offline_completion();
    // The first laptop holds the commune's return and says so, so the return stays under the
    // commune's old id when the store is made a new installation (a copied store).
    send(&mut commune, &mut first, AT + 5200);
    let receipt = export_receipt(&mut first.store, &commune.id, AT + 5500).expect("receipt");
    import_receipt(&mut commune.store, &receipt).expect("receipt");
    rasoat_batch::become_new_installation(&mut commune.store, AT + 6000).expect("new id");
    // Enrolled again under its new id by the first laptop.
    let identity = rasoat_batch::ensure_identity(&mut commune.store, AT + 6100).expect("keys");
    let card = identity
        .card(&commune.store)
        .expect("card")
        .to_file_bytes()
        .expect("card bytes");
    rasoat_batch::enrol(&mut first.store, &card, AT + 6200).expect("enrol");
    let new_id = commune.store.installation().expect("installation").id;
    assert_ne!(new_id, commune.id);
    // It tells the laptop what it holds, so the laptop sends its own new entries only.
    let receipt = export_receipt(&mut commune.store, &first.id, AT + 6300).expect("receipt");
    import_receipt(&mut first.store, &receipt).expect("receipt");
    // The record is rebuilt (the first laptop's correction arrives): the return, under an id
    // this store no longer bears, is still the commune's.
    redo(&mut first, "2025-10-09", "poor", AT + 7000);
    let batch = export_batch(&mut first.store, &new_id, AT + 7500).expect("export");
    import_batch(&mut commune.store, &batch, AT + 7600).expect("import");
    let conflicts = commune.store.conflicts().expect("conflicts");
    assert_eq!(conflicts.len(), 1, "one conflict");
    assert_eq!(
        conflicts[0].heads[0].origin, first.id,
        "the correction of the return first"
    );
    assert_eq!(
        shown(&commune),
        (ReviewState::Returned, Some("poor".to_string()))
    );
}
