//! A report asked again while the store is unchanged is the one already counted; any write
//! since, by this connection or by another process on the same file, is counted, but a form
//! written in one round leaves the other rounds' figures kept where it cannot change them.

use rasoat_domain::classify::{classify_with, Class, Method, Settings, StandardChoice};
use rasoat_domain::standard::Standards;
use rasoat_domain::targets::{MeasureKind, Targets};
use rasoat_domain::workflow::ReviewAction;
use rasoat_store::report::ReportRequest;
use rasoat_store::{ActionEvent, RoundKind, Store, SurveyResult, UnitBasis};

use crate::support::{commune_store, date, household, AT};

pub(crate) fn whole(round_id: &str) -> ReportRequest {
    ReportRequest {
        round_id: round_id.to_string(),
        basis: UnitBasis::AsRecorded,
        unit: None,
        villages: true,
        changes: true,
    }
}

/// Forms on the top row: (finished, still in progress).
fn forms(store: &Store, round_id: &str) -> (u64, u64) {
    let report = store.round_report(&whole(round_id)).expect("report");
    let top = &report.rows[0].counts;
    (top.reviewed, top.in_progress)
}

/// Households measured by the information-access target, for the whole territory.
pub(crate) fn measured(store: &Store, round_id: &str) -> f64 {
    let targets = Targets::dong_van_2020().expect("targets");
    let report = store
        .target_report(round_id, &targets, UnitBasis::AsRecorded)
        .expect("targets report");
    let row = report
        .rows
        .iter()
        .find(|r| r.target.measure == MeasureKind::InformationAccess && r.target.area.is_none())
        .expect("the target");
    row.units[0].denominator
}

/// Finishes household `n`'s form (the review step "complete").
pub(crate) fn complete(store: &mut Store, round_id: &str, n: u64, at: i64) {
    store
        .review(
            &household(n).id.to_string(),
            round_id,
            &ReviewAction::Complete,
            "thử",
            "thử",
            at,
        )
        .expect("complete");
}

#[test]
fn a_report_asked_again_counts_every_write_since_whoever_made_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, path) = commune_store(dir.path());
    let first = household(1);
    store
        .save_household(&round.id, &first, None, "thử", AT)
        .expect("save");
    assert_eq!(forms(&store, &round.id), (0, 1));
    assert_eq!(
        store.round_report(&whole(&round.id)).expect("again"),
        store.round_report(&whole(&round.id)).expect("and again")
    );
    assert_eq!(measured(&store, &round.id), 0.0);

    // Written through this connection: a new draft, then the first form finished.
    store
        .save_household(&round.id, &household(2), None, "thử", AT)
        .expect("second save");
    assert_eq!(forms(&store, &round.id), (0, 2));
    complete(&mut store, &round.id, 1, AT + 1);
    assert_eq!(forms(&store, &round.id), (1, 1));
    assert_eq!(measured(&store, &round.id), 1.0);
    // Asked again with nothing written: both kept now (measuring first filled the digests of
    // the finished form's answers, a write of its own).
    assert_eq!(forms(&store, &round.id), (1, 1));
    assert_eq!(measured(&store, &round.id), 1.0);

    // Written by another connection to the file (the CLI beside the open window): this
    // connection's own count of changes has not moved, the file's has.
    let mut other = Store::open(&path).expect("second connection");
    other
        .save_household(&round.id, &household(3), None, "thử", AT + 2)
        .expect("save beside");
    complete(&mut other, &round.id, 2, AT + 3);
    drop(other);
    assert_eq!(forms(&store, &round.id), (2, 1));
    assert_eq!(measured(&store, &round.id), 2.0);
}

/// A report counted inside a transaction sees its writes, which may yet be rolled back: it is
/// not kept, and the report asked after the rollback counts the store as it is.
#[test]
fn a_report_counted_inside_a_transaction_rolled_back_is_not_given_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = commune_store(dir.path());
    let h = household(1);
    store
        .save_household(&round.id, &h, None, "thử", AT)
        .expect("save");
    complete(&mut store, &round.id, 1, AT + 1);
    assert_eq!(forms(&store, &round.id), (1, 0));
    store
        .sql_for_tests()
        .execute_batch("BEGIN; UPDATE record_summary SET status = 'draft';")
        .expect("a write not yet committed");
    assert_eq!(
        forms(&store, &round.id),
        (0, 1),
        "the transaction's own view"
    );
    store
        .sql_for_tests()
        .execute_batch("ROLLBACK;")
        .expect("rolled back");
    assert_eq!(forms(&store, &round.id), (1, 0));
}

/// The first synthetic household from number `from` on whose answers classify it poor in
/// `year`: its number, its answers and the result the form would save.
pub(crate) fn poor_household(
    from: u64,
    year: i32,
) -> (u64, rasoat_domain::Household, SurveyResult) {
    let standards = Standards::national();
    (from..from + 500)
        .find_map(|n| {
            let h = household(n);
            let c = classify_with(
                &h,
                &standards,
                &StandardChoice::Year(year),
                Method::Score,
                &Settings::default(),
            )
            .expect("classify")
            .remove(0);
            (c.class == Class::Poor).then(|| (n, h, SurveyResult::from_classification(&c)))
        })
        .expect("a poor household among 500")
}

/// A report of every round and its changes, without village rows (as the district bar asks).
fn ask(store: &Store, round_id: &str, changes: bool) -> rasoat_store::report::RoundReport {
    store
        .round_report(&ReportRequest {
            changes,
            ..whole(round_id)
        })
        .expect("report")
}

/// Three poor households saved and finished in each of `rounds`.
pub(crate) fn three_poor_finished(store: &mut Store, rounds: [&str; 2]) {
    for n in 1..=3 {
        let (m, poor, result) = poor_household(n * 40, 2025);
        for round in rounds {
            store
                .save_household(round, &poor, Some(&result), "thử", AT)
                .expect("save");
            complete(store, round, m, AT + 1);
        }
    }
}

/// A commune store with the 2024 and 2025 periodic rounds open: the store, the earlier and
/// the latest round's ids, and the store's file.
pub(crate) fn two_rounds(dir: &std::path::Path) -> (Store, String, String, std::path::PathBuf) {
    let (mut store, round, path) = commune_store(dir);
    let earlier = store
        .open_round(
            2024,
            RoundKind::Periodic,
            None,
            "nd07-2021",
            "cán bộ thử",
            AT,
        )
        .expect("open 2024");
    (store, earlier.id, round.id, path)
}

/// A form saved in the latest round (its typing buffer, the action log beside it) changes no
/// other round's figures: the trend's earlier round and its target sums stay as counted, and
/// only the latest round is counted again, with the new form.
#[test]
fn a_form_saved_in_one_round_leaves_the_other_rounds_figures_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, earlier, latest, _) = two_rounds(dir.path());
    let (n, poor, result) = poor_household(1, 2025);
    for round in [&earlier, &latest] {
        store
            .save_household(round, &poor, Some(&result), "thử", AT)
            .expect("save");
    }
    complete(&mut store, &earlier, n, AT + 1);
    complete(&mut store, &latest, n, AT + 2);

    let trend = ask(&store, &earlier, false);
    let classes = ask(&store, &latest, false);
    let full = ask(&store, &latest, true);
    assert_eq!(full.rows[0].counts.previous_poor, 1);
    assert_eq!(measured(&store, &latest), 1.0);
    let counted = store.reports_counted();
    let earlier_counted = store.earlier_classes_counted();

    let draft = household(900);
    store
        .save_household(&latest, &draft, None, "thử", AT + 3)
        .expect("a new draft");
    store
        .save_scratch(&draft.id.to_string(), &latest, "{}", AT + 4)
        .expect("typing buffer");
    store
        .record_action(AT + 5, None, ActionEvent::ReviewDecision, Some("thử"), 1)
        .expect("action log");

    assert_eq!(ask(&store, &earlier, false), trend);
    assert_eq!(
        store.reports_counted(),
        counted,
        "the earlier round was kept"
    );
    let now = ask(&store, &latest, true);
    assert_eq!(
        now.rows[0].counts.in_progress,
        full.rows[0].counts.in_progress + 1
    );
    assert_eq!(
        ask(&store, &latest, false).rows[0].counts.in_progress,
        classes.rows[0].counts.in_progress + 1
    );
    assert_eq!(
        store.reports_counted(),
        counted + 2,
        "the latest round counted again"
    );
    assert_eq!(
        now.rows[0].counts.previous_poor, 1,
        "the earlier round's poor household, as before the save"
    );
    assert_eq!(
        store.earlier_classes_counted(),
        earlier_counted,
        "what the latest round's changes compare with was kept"
    );
    assert_eq!(measured(&store, &latest), 1.0);
    assert_eq!(
        store.reports_counted(),
        counted + 3,
        "of the targets' two rounds, the latest counted again"
    );

    // A write the store was not told of (here raw SQL; any other path alike) forgets them all
    // in the connection; the file's kept figures (`kept_figures`) know it read nothing counted.
    store
        .sql_for_tests()
        .execute("UPDATE form_scratch SET saved_at = saved_at + 1", [])
        .expect("a write");
    assert_eq!(ask(&store, &earlier, false), trend);
    assert_eq!(store.reports_counted(), counted + 3);
    assert_eq!(store.reports_from_file(), 1);
    store
        .sql_for_tests()
        .execute("UPDATE record_summary SET village = village", [])
        .expect("a write of every round's records");
    assert_eq!(ask(&store, &earlier, false), trend);
    assert_eq!(store.reports_counted(), counted + 4);
}

/// A form finished in an earlier round changes the later round's changes since it (who was
/// poor before): the later round's full report is counted again, not given as kept.
#[test]
fn a_form_finished_in_an_earlier_round_is_counted_in_the_later_round_s_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, earlier, latest, _) = two_rounds(dir.path());
    let (n, poor, result) = finish_a_poor_household(&mut store, &latest);
    let before = ask(&store, &latest, true).rows[0].counts.clone();
    assert_eq!((before.previous_poor, before.new_poor_from_outside), (0, 1));
    let earlier_counted = store.earlier_classes_counted();

    store
        .save_household(&earlier, &poor, Some(&result), "thử", AT + 2)
        .expect("save the earlier round");
    complete(&mut store, &earlier, n, AT + 3);
    let after = ask(&store, &latest, true).rows[0].counts.clone();
    assert_eq!((after.previous_poor, after.new_poor_from_outside), (1, 0));
    assert_eq!(
        store.earlier_classes_counted(),
        earlier_counted + 1,
        "the earlier round's classes counted again"
    );
}

/// Another connection's commit (the CLI beside the window) followed by a write of this
/// connection's own that says which round it touched: the kept reports cannot follow both,
/// and the earlier round's figures are counted again with the other connection's form.
#[test]
fn a_commit_beside_then_a_form_saved_here_counts_every_round_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, earlier, latest, path) = two_rounds(dir.path());
    let (n, poor, result) = poor_household(1, 2025);
    assert_eq!(ask(&store, &earlier, false).rows[0].counts.reviewed, 0);
    let counted = store.reports_counted();
    let mut other = Store::open(&path).expect("second connection");
    other
        .save_household(&earlier, &poor, Some(&result), "thử", AT)
        .expect("save beside");
    complete(&mut other, &earlier, n, AT + 1);
    drop(other);
    store
        .save_household(&latest, &household(900), None, "thử", AT + 2)
        .expect("a form saved here");
    assert_eq!(
        ask(&store, &earlier, false).rows[0].counts.reviewed,
        1,
        "the other connection's form"
    );
    assert_eq!(store.reports_counted(), counted + 1);
}

/// The latest round's report and targets in the old units place a household by its record of
/// an earlier round (a commune merged since cannot be split otherwise): a form saved in the
/// earlier round changes where the latest round counts it.
#[test]
fn an_earlier_round_s_form_moves_the_latest_round_s_household_in_the_old_units() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, earlier, latest, _) = two_rounds(dir.path());
    let household_in = |commune: &str, day: &str| {
        rasoat_demo::synthetic::household(1, "08", commune, "Thôn (thử)", 4, date(day))
    };
    store
        .save_household(
            &latest,
            &household_in("00715", "2025-10-01"),
            None,
            "thử",
            AT,
        )
        .expect("the latest round");
    let old_units = |store: &Store| {
        store
            .round_report(&ReportRequest {
                basis: UnitBasis::Old,
                villages: false,
                changes: false,
                ..whole(&latest)
            })
            .expect("report")
            .rows
            .iter()
            .skip(1)
            .map(|r| r.unit.code.clone())
            .collect::<Vec<_>>()
    };
    let old_units_of_targets = |store: &Store| {
        let targets = Targets::dong_van_2020().expect("targets");
        store
            .target_report(&latest, &targets, UnitBasis::Old)
            .expect("targets report")
            .rows[0]
            .units
            .iter()
            .skip(1)
            .map(|v| v.unit.code.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(old_units(&store), ["?"], "no earlier record to place it by");
    assert_eq!(old_units_of_targets(&store), ["?"]);
    store
        .save_household(
            &earlier,
            &household_in("00718", "2024-10-01"),
            None,
            "thử",
            AT + 1,
        )
        .expect("the earlier round");
    assert_eq!(old_units(&store), ["00718"]);
    assert_eq!(old_units_of_targets(&store), ["00718"]);
}

/// Every target in every unit of the latest round, as the dashboard shows them.
fn targets_of(store: &Store, round_id: &str) -> rasoat_store::targets::TargetReport {
    let targets = Targets::dong_van_2020().expect("targets");
    store
        .target_report(round_id, &targets, UnitBasis::AsRecorded)
        .expect("targets report")
}

/// The round's report reads the same rows as its target sums and gathers what they need: the
/// sums counted from that are the ones a sweep of their own counts, and a form saved between
/// the report and the sums is in them.
#[test]
fn the_target_sums_gathered_by_the_report_are_the_ones_counted_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _, latest, path) = two_rounds(dir.path());
    finish_a_poor_household(&mut store, &latest);
    // Finished forms and drafts, with and without a class.
    for n in 600..612 {
        store
            .save_household(&latest, &household(n), None, "thử", AT + 2)
            .expect("save");
        if n % 3 != 0 {
            complete(&mut store, &latest, n, AT + 3);
        }
    }
    let alone = targets_of(&Store::open(&path).expect("a second connection"), &latest);
    assert!(
        alone.rows.iter().any(|r| r.units[0].denominator > 0.0),
        "the round's finished forms are measured"
    );

    let used = store.sums_from_reports();
    ask(&store, &latest, true);
    assert_eq!(targets_of(&store, &latest), alone);
    assert_eq!(
        store.sums_from_reports(),
        used + 1,
        "the sums came from the report's sweep"
    );

    // Gathered, then a form finished before the sums are asked.
    store
        .save_household(&latest, &household(700), None, "thử", AT + 4)
        .expect("save");
    ask(&store, &latest, false);
    complete(&mut store, &latest, 700, AT + 5);
    let after = targets_of(&store, &latest);
    assert_eq!(
        store.sums_from_reports(),
        used + 1,
        "what was gathered before the form was finished is not used"
    );
    assert_eq!(
        after,
        targets_of(&Store::open(&path).expect("a third connection"), &latest)
    );
    assert_ne!(after, alone, "the finished form is counted");
}

/// The latest round's changes read every round before the previous one too (who was ever
/// poor): a form finished two rounds back makes the latest round's poor household one that
/// fell back into poverty, not one new to it.
#[test]
fn a_form_finished_two_rounds_back_is_counted_in_the_latest_round_s_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _, latest, _) = two_rounds(dir.path());
    let oldest = store
        .open_round(
            2023,
            RoundKind::Periodic,
            None,
            "nd07-2021",
            "cán bộ thử",
            AT,
        )
        .expect("open 2023")
        .id;
    let (n, poor, result) = finish_a_poor_household(&mut store, &latest);
    let before = ask(&store, &latest, true).rows[0].counts.clone();
    assert_eq!(
        (before.new_poor_from_outside, before.fell_back_into_poverty),
        (1, 0)
    );

    store
        .save_household(&oldest, &poor, Some(&result), "thử", AT + 2)
        .expect("save two rounds back");
    complete(&mut store, &oldest, n, AT + 3);
    let after = ask(&store, &latest, true).rows[0].counts.clone();
    assert_eq!(
        (after.new_poor_from_outside, after.fell_back_into_poverty),
        (0, 1)
    );
}

/// A poor household's form saved and finished in `round_id`: its number, answers and result.
fn finish_a_poor_household(
    store: &mut Store,
    round_id: &str,
) -> (u64, rasoat_domain::Household, SurveyResult) {
    let (n, poor, result) = poor_household(1, 2025);
    store
        .save_household(round_id, &poor, Some(&result), "thử", AT)
        .expect("save");
    complete(store, round_id, n, AT + 1);
    (n, poor, result)
}

/// What a report gathered in other units than the targets' is not their sums' input.
#[test]
fn a_report_in_other_units_gathers_nothing_for_the_targets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _, latest, _) = two_rounds(dir.path());
    finish_a_poor_household(&mut store, &latest);
    let used = store.sums_from_reports();
    store
        .round_report(&ReportRequest {
            basis: UnitBasis::New,
            ..whole(&latest)
        })
        .expect("report in today's units");
    assert!(targets_of(&store, &latest).rows[0].units[0].denominator > 0.0);
    assert_eq!(store.sums_from_reports(), used, "the sums swept the round");
}

/// A report gathered for target sums nobody asks (a posting list's) is let go at rest.
#[test]
fn what_a_report_gathered_is_let_go_at_rest() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _, latest, _) = two_rounds(dir.path());
    finish_a_poor_household(&mut store, &latest);
    let used = store.sums_from_reports();
    ask(&store, &latest, true);
    store.release_page_cache(8, 32).expect("at rest");
    targets_of(&store, &latest);
    assert_eq!(store.sums_from_reports(), used, "the sums swept the round");
}
