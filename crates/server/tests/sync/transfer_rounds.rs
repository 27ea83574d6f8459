//! A transfer moves the household's record of the round it is made in, not the records of
//! earlier rounds: those belong to the commune that reviewed them, and that round's report
//! still counts the household there.

use rasoat_store::report::ReportRequest;
use rasoat_store::{RoundKind, Store, UnitBasis};

use crate::common::*;
use crate::hostile_peers::{digest, district_in_memory};
use crate::transfers::{households, send, REASON};

/// The records of the round a report counts under `commune`, at the commune row.
fn counted_under(store: &Store, round_id: &str, commune: &str) -> u64 {
    store
        .round_report(&ReportRequest {
            round_id: round_id.to_string(),
            basis: UnitBasis::AsRecorded,
            unit: None,
            villages: false,
            changes: true,
        })
        .expect("report")
        .rows
        .iter()
        .filter(|row| row.unit.code == commune)
        .map(|row| row.counts.records())
        .sum()
}

/// The commune the household's record of a round names.
fn record_commune(store: &Store, household_id: &str, round_id: &str) -> Option<String> {
    store
        .sql_for_tests()
        .query_row(
            "SELECT commune_code FROM survey_record WHERE household_id = ?1 AND round_id = ?2",
            [household_id, round_id],
            |r| r.get(0),
        )
        .ok()
}

#[test]
fn a_transfer_leaves_an_earlier_rounds_records_and_report_with_the_old_commune() {
    let mut district = district_in_memory();
    let mut a = commune("00715");
    let mut b = commune("00730");
    enrol_both(&mut a, &mut district);
    enrol_both(&mut b, &mut district);
    // The 2024 review, opened before the 2025 one at the district and at the commune.
    let earlier = |site: &mut Site| {
        site.store
            .open_round(
                2024,
                RoundKind::Periodic,
                None,
                "nd07-2021",
                "test",
                AT - 2000,
            )
            .expect("2024 round")
    };
    let district_2024 = earlier(&mut district);
    let a_2024 = earlier(&mut a);
    survey_at(&mut a, &a_2024.id, "00715", 0..3, AT + 500);
    survey(&mut a, "00715", 0..3);
    send(&mut a, &mut district, AT + 2000);
    let (household, _) = households(&district.store).remove(0);
    let round_2025 = district.store.current_round().expect("current").id;
    assert_ne!(round_2025, district_2024.id);
    assert_eq!(
        counted_under(&district.store, &district_2024.id, "00715"),
        3
    );

    rasoat_batch::transfer_household(
        &mut district.store,
        &household,
        "00730",
        REASON,
        "cán bộ huyện",
        AT + 3000,
    )
    .expect("transfer");
    // The round it was made in moves; the 2024 record stays the commune's that reviewed it.
    assert_eq!(
        record_commune(&district.store, &household, &round_2025).as_deref(),
        Some("00730")
    );
    assert_eq!(
        record_commune(&district.store, &household, &district_2024.id).as_deref(),
        Some("00715")
    );
    assert_eq!(
        counted_under(&district.store, &district_2024.id, "00715"),
        3
    );
    assert_eq!(
        counted_under(&district.store, &district_2024.id, "00730"),
        0
    );
    assert_eq!(counted_under(&district.store, &round_2025, "00715"), 2);
    assert_eq!(counted_under(&district.store, &round_2025, "00730"), 1);

    // The new commune receives the record of the round the household moved in, not the
    // old commune's earlier review.
    send(&mut district, &mut b, AT + 4000);
    let b_round = b.store.current_round().expect("current").id;
    assert_eq!(
        record_commune(&b.store, &household, &b_round).as_deref(),
        Some("00730")
    );
    let records: i64 = b
        .store
        .sql_for_tests()
        .query_row(
            "SELECT COUNT(*) FROM survey_record WHERE household_id = ?1",
            [&household],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(records, 1);
}

#[test]
fn a_household_without_a_record_in_the_round_is_not_transferred() {
    let mut district = district_in_memory();
    let mut a = commune("00715");
    enrol_both(&mut a, &mut district);
    let earlier = |site: &mut Site| {
        site.store
            .open_round(
                2024,
                RoundKind::Periodic,
                None,
                "nd07-2021",
                "test",
                AT - 2000,
            )
            .expect("2024 round")
    };
    earlier(&mut district);
    let a_2024 = earlier(&mut a);
    // Reviewed in 2024 only: in the 2025 round there is nothing to give the new commune.
    survey_at(&mut a, &a_2024.id, "00715", 0..1, AT + 500);
    send(&mut a, &mut district, AT + 2000);
    let (household, _) = households(&district.store).remove(0);
    let before = digest(&district.store);
    let err = rasoat_batch::transfer_household(
        &mut district.store,
        &household,
        "00730",
        REASON,
        "cán bộ huyện",
        AT + 3000,
    )
    .expect_err("refused");
    assert!(err.to_string().contains(" / "), "{err}");
    assert!(err.to_string().contains("no record in this round"), "{err}");
    assert_eq!(digest(&district.store), before);
}
