//! Two enumerators, a commune and a district exchange only files; the district ends with every
//! household exactly once, with the classes the enumerators recorded and the commune's review.

use rasoat_batch::{export_batch, export_receipt, import_batch, import_receipt, verify_batch};
use rasoat_domain::workflow::{ReviewAction, Role};

use crate::support::{class_of, classes, enrol_both, household, site, survey, AT};

#[test]
fn enumerators_commune_district_end_with_every_household_once() {
    let mut enum_a = site(Role::Enumerator, "00721");
    let mut enum_b = site(Role::Enumerator, "00721");
    let mut commune = site(Role::Commune, "00721");
    let mut district = site(Role::District, "026");
    enrol_both(&mut enum_a, &mut commune);
    enrol_both(&mut enum_b, &mut commune);
    enrol_both(&mut commune, &mut district);

    survey(&mut enum_a, "00721", 0..30);
    survey(&mut enum_b, "00721", 30..50);
    let accepted = household(3, "00721").id.to_string();
    enum_a
        .store
        .review(
            &accepted,
            &enum_a.round.id,
            &ReviewAction::Complete,
            "điều tra viên",
            "",
            AT + 1500,
        )
        .expect("complete");

    // Enumerators → commune: each batch on its own stick.
    let batch_a = export_batch(&mut enum_a.store, &commune.id, AT + 2000).expect("export a");
    let batch_b = export_batch(&mut enum_b.store, &commune.id, AT + 2000).expect("export b");
    let verified = verify_batch(&commune.store, &batch_a).expect("verify");
    assert_eq!(verified.manifest.sender, enum_a.id);
    let report = import_batch(&mut commune.store, &batch_a, AT + 3000).expect("import a");
    assert_eq!(report.new, 30);
    let report = import_batch(&mut commune.store, &batch_b, AT + 3000).expect("import b");
    assert_eq!(report.new, 20);
    // The same stick plugged in twice.
    let again = import_batch(&mut commune.store, &batch_b, AT + 4000).expect("again");
    assert!(again.already_imported);
    assert_eq!((again.new, again.updated), (0, 0));

    // The commune accepts a household: its own entry, on top of the enumerator's.
    commune
        .store
        .review(
            &accepted,
            &commune.round.id,
            &ReviewAction::Accept,
            "cán bộ xã",
            "",
            AT + 5000,
        )
        .expect("accept");

    // Receipts back to the enumerators: their next batch has nothing old in it.
    let receipt = export_receipt(&mut commune.store, &enum_a.id, AT + 6000).expect("receipt");
    let acked = import_receipt(&mut enum_a.store, &receipt).expect("import receipt");
    assert!(acked.newly_acknowledged > 0);
    let err = export_batch(&mut enum_a.store, &commune.id, AT + 7000).expect_err("nothing new");
    assert!(err.to_string().contains("không có gì mới"), "{err}");
    survey(&mut enum_a, "00721", 50..52);
    let batch_a2 = export_batch(&mut enum_a.store, &commune.id, AT + 7000).expect("export a2");
    let manifest = verify_batch(&commune.store, &batch_a2)
        .expect("verify")
        .manifest;
    assert_eq!(
        manifest.n_entries, 2,
        "only what the commune has not acknowledged"
    );
    import_batch(&mut commune.store, &batch_a2, AT + 8000).expect("import a2");

    // Commune → district: the enumerators' entries relayed unchanged, plus the commune's own.
    let up = export_batch(&mut commune.store, &district.id, AT + 9000).expect("export up");
    let report = import_batch(&mut district.store, &up, AT + 10_000).expect("import up");
    assert_eq!(report.new, 52);
    assert!(report.conflicts.is_empty());
    // The report's narrow copy of each record, written from the batch's answers, is the row
    // its definition gives (at the commune, by the enumerators' batches, and at the district).
    assert_eq!(commune.store.record_summary_mismatches().expect("check"), 0);
    assert_eq!(
        district.store.record_summary_mismatches().expect("check"),
        0
    );

    let at_district = classes(&district.store, &district.round.id);
    assert_eq!(at_district.len(), 52, "every household exactly once");
    for n in 0..52u64 {
        let id = household(n, "00721").id.to_string();
        let class = at_district
            .iter()
            .find(|(h, _)| *h == id)
            .map(|(_, c)| c.as_str());
        assert_eq!(class, Some(class_of(n)), "household {n}");
    }
    let record = district
        .store
        .survey_record(&accepted, &district.round.id)
        .expect("record");
    assert_eq!(
        record.status.as_str(),
        "accepted",
        "the commune's review arrived"
    );
    // The district's journal holds the enumerators' entries as they wrote them.
    let theirs = enum_a.store.journal_since(&enum_a.id, 0).expect("journal");
    let relayed = district
        .store
        .journal_since(&enum_a.id, 0)
        .expect("journal");
    assert_eq!(theirs, relayed, "relayed byte for byte");
}
