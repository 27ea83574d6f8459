//! A record the commune recognised stays the record every installation shows while a conflict
//! with an enumerator's longer branch of drafts waits for a person: the provisional winner is
//! the head whose review went further, then the one building on more history.

use rasoat_batch::{export_batch, import_batch};
use rasoat_demo::synthetic;
use rasoat_domain::workflow::{ReviewAction, ReviewState, Role};

use crate::support::{class_of, date, enrol_both, household, result, site, survey, Site, AT};

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

#[test]
fn a_recognised_record_stands_over_a_longer_branch_of_drafts_until_someone_resolves() {
    let mut first = site(Role::Enumerator, "00721");
    let mut second = site(Role::Enumerator, "00721");
    let mut commune = site(Role::Commune, "00721");
    let mut district = site(Role::District, "026");
    enrol_both(&mut first, &mut commune);
    enrol_both(&mut second, &mut commune);
    enrol_both(&mut commune, &mut district);

    // The first laptop's draft reaches the commune and, from there, the second laptop.
    survey(&mut first, "00721", 0..1);
    send(&mut first, &mut commune, AT + 2000);
    send(&mut commune, &mut second, AT + 2500);
    let id = household(0, "00721").id.to_string();

    // The first laptop completes it; the commune accepts, holds the meeting and recognises:
    // four entries on the draft.
    let round = first.round.id.clone();
    first
        .store
        .review(
            &id,
            &round,
            &ReviewAction::Complete,
            "người thử",
            "",
            AT + 3000,
        )
        .expect("complete");
    send(&mut first, &mut commune, AT + 3500);
    let round = commune.round.id.clone();
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
        commune
            .store
            .review(&id, &round, &action, "người thử", "", AT + 4000)
            .expect("step");
    }
    let recognised = (ReviewState::Recognised, Some(class_of(0).to_string()));
    assert_eq!(shown(&commune), recognised);

    // Out of signal, the second laptop saves the same draft six more times (a different survey
    // day each time, as an enumerator redoing the visit would): a longer chain than the
    // commune's, every entry an honest draft the step check takes.
    for day in 2..8 {
        let redone = synthetic::household(
            0,
            "02",
            "00721",
            "Thôn Thử",
            4,
            date(&format!("2025-10-0{day}")),
        );
        let round = second.round.id.clone();
        second
            .store
            .save_household(
                &round,
                &redone,
                Some(&result("middle")),
                "điều tra viên B",
                AT + 5000 + day,
            )
            .expect("draft");
    }
    send(&mut second, &mut commune, AT + 6000);
    send(&mut commune, &mut district, AT + 7000);

    // Both branches are kept and listed; the recognised record is what the commune and the
    // district show and count until a person chooses.
    for site in [&commune, &district] {
        let conflicts = site.store.conflicts().expect("conflicts");
        assert_eq!(conflicts.len(), 1, "one conflict");
        let heads: Vec<ReviewState> = conflicts[0].heads.iter().map(|h| h.status).collect();
        assert_eq!(heads, [ReviewState::Recognised, ReviewState::Draft]);
        assert_eq!(shown(site), recognised);
    }
}
