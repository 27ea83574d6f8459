//! A report asked again while the store is unchanged is the one already counted; any write
//! since, by this connection or by another process on the same file, is counted.

use rasoat_domain::targets::{MeasureKind, Targets};
use rasoat_domain::workflow::ReviewAction;
use rasoat_store::report::ReportRequest;
use rasoat_store::{Store, UnitBasis};

use crate::support::{commune_store, household, AT};

fn whole(round_id: &str) -> ReportRequest {
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
fn measured(store: &Store, round_id: &str) -> f64 {
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
fn complete(store: &mut Store, round_id: &str, n: u64, at: i64) {
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
