//! The resolution's targets measured over the households the class columns count (finished
//! forms only), and the same whether an answers digest was held or is computed now.

use rasoat_store::{Store, UnitBasis};

use crate::report_fixture::{complete, fixture, Fixture};
use crate::support::AT;

/// The resolution's targets measure the households the class columns count: a draft and a
/// form sent back stay out of every target's figures until their forms are finished.
#[test]
fn drafts_are_left_out_of_the_targets_until_their_forms_are_finished() {
    use rasoat_domain::targets::{MeasureKind, Targets};
    use rasoat_domain::workflow::ReviewAction;
    use rasoat_domain::HealthInsurance;

    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = crate::support::commune_store(dir.path());
    let targets = Targets::dong_van_2020().expect("targets");
    // 1 and 2: every member insured, finished; 3: nobody insured, a draft; 4: nobody
    // insured, finished and then sent back for correction.
    let mut members = Vec::new();
    let mut ids = Vec::new();
    for n in 1..=4 {
        let mut h = crate::support::household(n);
        let card = if n <= 2 {
            HealthInsurance::Household
        } else {
            HealthInsurance::None
        };
        for m in &mut h.members {
            m.health_insurance = Some(card);
        }
        store
            .save_household(&round.id, &h, None, "thử", AT)
            .expect("save");
        members.push(h.members.len() as f64);
        ids.push(h.id.to_string());
    }
    let step = |store: &mut Store, id: &str, action: ReviewAction| {
        store
            .review(id, &round.id, &action, "thử", "thử", AT)
            .expect("step");
    };
    step(&mut store, &ids[0], ReviewAction::Complete);
    step(&mut store, &ids[1], ReviewAction::Complete);
    step(&mut store, &ids[3], ReviewAction::Complete);
    step(
        &mut store,
        &ids[3],
        ReviewAction::Return {
            comment: "thiếu năm sinh".into(),
        },
    );
    let measured = |store: &Store, kind: MeasureKind| {
        let report = store
            .target_report(&round.id, &targets, UnitBasis::AsRecorded)
            .expect("dashboard");
        let row = report
            .rows
            .iter()
            .find(|r| r.target.measure == kind && r.target.area.is_none())
            .expect("the target");
        let unit = &row.units[0];
        (unit.value, unit.numerator, unit.denominator)
    };
    let finished = members[0] + members[1];
    assert_eq!(
        measured(&store, MeasureKind::HealthInsurance),
        (Some(100.0), finished, finished),
        "the two finished forms only: the draft and the returned form are not measured"
    );
    let (_, _, households) = measured(&store, MeasureKind::InformationAccess);
    assert_eq!(households, 2.0, "two households measured, not four");
    // Once the draft's form is finished, its uninsured members are counted.
    step(&mut store, &ids[2], ReviewAction::Complete);
    let all = finished + members[2];
    assert_eq!(
        measured(&store, MeasureKind::HealthInsurance),
        (Some(100.0 * finished / all), finished, all)
    );
    let (_, _, households) = measured(&store, MeasureKind::InformationAccess);
    assert_eq!(households, 3.0);
}

#[test]
fn targets_count_every_household_whether_its_digest_was_held_or_is_computed_now() {
    use rasoat_domain::targets::Targets;

    let targets = Targets::dong_van_2020().expect("targets");
    let round = |fx: &Fixture, year| fx.store.periodic_round_of_year(year).expect("round");
    // The households still in draft in 2024 (a quarter) answered 2024 as in 2023, and then
    // finish their forms: those answers are the same text, so after the 2023 digests the 2024
    // round has some digests held and the rest to compute.
    let unchanged = |fx: &mut Fixture| {
        let again: Vec<_> = fx.households[&2023]
            .iter()
            .filter(|h| !fx.known[&2024][&h.id].reviewed)
            .map(|h| (h.clone(), None))
            .collect();
        assert_eq!(again.len(), 30);
        let r = round(fx, 2024);
        fx.store
            .save_households(&r.id, &again, "thử", AT)
            .expect("save");
        // Finished, so that the targets count them: a draft is not measured.
        complete(
            &fx.store,
            &r.id,
            fx.known[&2024].iter().filter(|(_, k)| !k.reviewed),
        );
    };
    let mut partly = fixture(120, &[2023, 2024]);
    unchanged(&mut partly);
    partly
        .store
        .ensure_answers_digests(&round(&partly, 2023).id, &targets.rules)
        .expect("2023 digests");
    let mut complete = fixture(120, &[2023, 2024]);
    unchanged(&mut complete);
    let (_, first) = complete
        .store
        .ensure_answers_digests(&round(&complete, 2023).id, &targets.rules)
        .expect("2023 digests");
    let (_, then) = complete
        .store
        .ensure_answers_digests(&round(&complete, 2024).id, &targets.rules)
        .expect("2024 digests");
    assert_eq!(
        (first, then),
        (120, 90),
        "30 of the 2024 answers were digested in 2023"
    );
    let rows = |fx: &Fixture| {
        fx.store
            .target_report(&round(fx, 2024).id, &targets, UnitBasis::AsRecorded)
            .expect("dashboard")
            .rows
    };
    let expected = rows(&complete);
    assert_eq!(rows(&partly), expected);
    assert_eq!(
        rows(&partly),
        expected,
        "the second report reads what the first computed"
    );
}
