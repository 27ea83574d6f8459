//! An office's figures counted from its store stay kept across a commune's batch of forms for
//! the rounds the batch does not touch; a batch that may change every round's figures (a
//! village, a round) forgets them all, and the rounds a batch touches are counted again.

use rasoat_batch::{export_batch, import_batch};
use rasoat_domain::workflow::Role;
use rasoat_store::report::{ReportRequest, RoundReport};
use rasoat_store::{RoundKind, Store, UnitBasis};

use crate::support::{enrol_both, site, survey, AT};

/// A round's report as the dashboard's trend asks it (no changes since the round before).
fn ask(store: &Store, round_id: &str) -> RoundReport {
    store
        .round_report(&ReportRequest {
            round_id: round_id.to_string(),
            basis: UnitBasis::AsRecorded,
            unit: None,
            villages: false,
            changes: false,
        })
        .expect("report")
}

/// The round's forms, finished or not, on the report's top row.
fn forms(store: &Store, round_id: &str) -> u64 {
    let top = &ask(store, round_id).rows[0].counts;
    top.reviewed + top.in_progress
}

#[test]
fn a_batch_of_forms_leaves_the_other_rounds_figures_kept_and_any_other_batch_forgets_them() {
    let mut commune = site(Role::Commune, "00721");
    let mut district = site(Role::District, "026");
    enrol_both(&mut commune, &mut district);
    let earlier = district
        .store
        .open_round(
            2024,
            RoundKind::Periodic,
            None,
            "nd07-2021",
            "cán bộ thử",
            AT,
        )
        .expect("the district's earlier round");
    let latest = district.round.id.clone();

    survey(&mut commune, "00721", 0..10);
    commune
        .store
        .add_village("Thôn Cán Pản", "cán bộ xã", AT + 10)
        .expect("a village");
    let first = export_batch(&mut commune.store, &district.id, AT + 2000).expect("export");
    let earlier_figures = ask(&district.store, &earlier.id);
    assert_eq!(forms(&district.store, &latest), 0);
    let counted = district.store.reports_counted();
    import_batch(&mut district.store, &first, AT + 3000).expect("import");
    assert_eq!(ask(&district.store, &earlier.id), earlier_figures);
    assert_eq!(
        district.store.reports_counted(),
        counted + 1,
        "a batch with a village counts every round again"
    );
    assert_eq!(forms(&district.store, &latest), 10);

    // Forms alone: the earlier round is given as kept, the latest counted again.
    survey(&mut commune, "00721", 10..25);
    let second = export_batch(&mut commune.store, &district.id, AT + 4000).expect("export");
    let counted = district.store.reports_counted();
    let imported = import_batch(&mut district.store, &second, AT + 5000).expect("import");
    assert_eq!(imported.new, 15);
    assert_eq!(ask(&district.store, &earlier.id), earlier_figures);
    assert_eq!(
        district.store.reports_counted(),
        counted,
        "the earlier round was kept"
    );
    assert_eq!(forms(&district.store, &latest), 25);
    assert_eq!(district.store.reports_counted(), counted + 1);
}
