//! A household moved back: the district moves it from commune A to B and back to A, and an
//! edit A made during its first stint, sent late, reaches the district only after the move
//! back. The rule (`rasoat_store::late_edits`) looks at the transfers whose history does not
//! hold that edit; the last of them touching A brought the household back to A, so the edit is
//! A's own again: applied, not kept as history. It was made from A's record before the
//! household left, while the move back rebuilt the record from B's time, so the two stand side
//! by side as a conflict for a person to resolve, never one silently over the other.

use crate::common::*;
use crate::late_edits::{edit, household_id};
use crate::transfers::{district_with_two_communes, records_of, send, REASON};

#[test]
fn an_edit_from_the_first_stint_arriving_after_the_move_back_is_applied_as_a_conflict() {
    let (mut district, mut a, _b, household) = district_with_two_communes();
    assert_eq!(household, household_id(0));
    // Commune A (00715) edits the household offline; the district has not received it.
    edit(&mut a, 0, "00715", 6, AT + 2500);
    // The district moves the household to B (00730), then back to A.
    for (to, at) in [("00730", AT + 3000), ("00715", AT + 4000)] {
        rasoat_batch::transfer_household(
            &mut district.store,
            &household,
            to,
            REASON,
            "cán bộ huyện",
            at,
        )
        .expect("transfer");
    }
    assert_eq!(
        district
            .store
            .household_transfers(&household)
            .expect("history")
            .len(),
        2
    );
    let conflicts_before = district.store.conflicts().expect("conflicts").len();

    // A's late batch arrives after the move back.
    let report = send(&mut a, &mut district, AT + 6000);
    assert_eq!(report.new_entries, 1);
    assert_eq!(report.kept_as_history, 0, "the household is A's again");
    assert!(district
        .store
        .household_late_edits(&household)
        .expect("late edits")
        .is_empty());
    assert_eq!(
        district.store.household_commune(&household).expect("read"),
        Some("00715".into())
    );
    assert_eq!(records_of(&district.store, &household), ["00715"]);
    // Applied beside the record the move back made: a conflict a person resolves.
    assert_eq!(report.conflicts.len(), 1, "{:?}", report.conflicts);
    assert_eq!(report.conflicts[0].0, household);
    let conflicts = district.store.conflicts().expect("conflicts");
    assert_eq!(conflicts.len(), conflicts_before + 1);
    assert!(conflicts.iter().any(|c| c.household_id == household));
}
