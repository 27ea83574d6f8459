//! An edit the old commune made before a transfer, delivered after it, by file and over HTTP:
//! the receiver keeps it in the journal as history without applying it (the household stays
//! at the new commune with the new commune's answers), the old commune's later batches land
//! once, the new commune never receives it, and a commune that sends edits of a household
//! after it learned of the transfer changes nothing of the household's records.

use std::collections::{BTreeMap, BTreeSet};

use rasoat_domain::Date;
use rasoat_server::ServerConfig;
use rasoat_store::{LateEdit, Store, SurveyResult};
use rasoat_sync_client::sync_once_with;

use crate::common::*;
use crate::hostile_peers::{digest, server_digest};
use crate::transfers::{district_with_two_communes, households, records_of, send, REASON};

/// Saves synthetic household `n` of `commune_code` with `members` members at `site`, at `at`:
/// a different number of members is a different edit of the same household.
pub(crate) fn edit(site: &mut Site, n: u64, commune_code: &str, members: usize, at: i64) {
    let day: Date = "2025-10-01".parse().expect("date");
    let household =
        rasoat_demo::synthetic::household(n, "02", commune_code, "Thôn Thử", members, day);
    let result = SurveyResult {
        standard_id: "nd07-2021".into(),
        method: "score".into(),
        class: "poor".into(),
        score_a: Some(100),
        score_b: Some(1),
        deprived: vec![],
        phieu_a: None,
    };
    let round = site.round.id.clone();
    site.store
        .save_households(&round, &[(household, Some(result))], "điều tra viên", at)
        .expect("save");
}

/// The id of synthetic household `n` (the same in every commune).
pub(crate) fn household_id(n: u64) -> String {
    let day: Date = "2025-10-01".parse().expect("date");
    rasoat_demo::synthetic::household(n, "02", "00715", "Thôn Thử", 5, day)
        .id
        .to_string()
}

/// The number of members a store's record of the household holds now.
fn members_of(store: &Store, household_id: &str) -> i64 {
    store
        .sql_for_tests()
        .query_row(
            "SELECT members FROM record_summary WHERE household_id = ?1",
            [household_id],
            |r| r.get(0),
        )
        .expect("count")
}

/// The content hash of every record the store holds of the household.
fn record_hashes(store: &Store, household_id: &str) -> Vec<String> {
    store
        .sql_for_tests()
        .prepare("SELECT content_hash FROM survey_record WHERE household_id = ?1 ORDER BY round_id")
        .expect("select")
        .query_map([household_id], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows")
}

fn highest_seq(store: &Store, origin: &str) -> i64 {
    store
        .sql_for_tests()
        .query_row(
            "SELECT MAX(seq) FROM journal WHERE origin = ?1",
            [origin],
            |r| r.get(0),
        )
        .expect("seq")
}

/// Journal entries of `origin` about the household (any round) held by the store.
fn entries_about(store: &Store, origin: &str, household_id: &str) -> i64 {
    store
        .sql_for_tests()
        .query_row(
            "SELECT COUNT(*) FROM journal WHERE origin = ?1 AND entity = 'survey'
             AND entity_id LIKE ?2 || '/%'",
            [origin, household_id],
            |r| r.get(0),
        )
        .expect("count")
}

/// The tables whose digest differs.
fn changed(
    before: &BTreeMap<String, String>,
    after: &BTreeMap<String, String>,
) -> BTreeSet<String> {
    after
        .iter()
        .filter(|(table, digest)| before.get(*table) != Some(*digest))
        .map(|(table, _)| table.clone())
        .collect()
}

/// The tables a household's records live in: a kept edit changes none of them.
const RECORD_TABLES: [&str; 4] = [
    "household",
    "survey_record",
    "record_summary",
    "record_conflict",
];

fn assert_one_late_edit(edits: &[LateEdit], origin: &str, seq: i64) {
    assert_eq!(edits.len(), 1, "{edits:?}");
    let late = &edits[0];
    assert_eq!((late.origin.as_str(), late.seq), (origin, seq));
    assert_eq!(
        (late.commune.as_str(), late.to.as_str()),
        ("00715", "00730")
    );
}

#[test]
fn an_edit_made_before_a_transfer_and_delivered_after_it_is_kept_as_history_by_file() {
    let (mut district, mut a, mut b, household) = district_with_two_communes();
    assert_eq!(household, household_id(0));
    // The old commune edits the household offline; the district transfers it meanwhile.
    edit(&mut a, 0, "00715", 6, AT + 2500);
    let late_seq = highest_seq(&a.store, &a.id);
    rasoat_batch::transfer_household(
        &mut district.store,
        &household,
        "00730",
        REASON,
        "cán bộ huyện",
        AT + 3000,
    )
    .expect("transfer");
    // The new commune receives it and records its own answers.
    send(&mut district, &mut b, AT + 4000);
    edit(&mut b, 0, "00730", 7, AT + 4500);
    send(&mut b, &mut district, AT + 5000);
    let at_b = record_hashes(&district.store, &household);
    assert_eq!(members_of(&district.store, &household), 7);

    // The old commune's batch arrives: accepted, the edit kept as history, nothing applied.
    let report = send(&mut a, &mut district, AT + 6000);
    assert_eq!(report.new_entries, 1);
    assert_eq!((report.new, report.updated), (0, 0));
    // The report says what became of it instead of "new 0, updated 0" alone.
    assert_eq!(report.kept_as_history, 1);
    assert!(report.conflicts.is_empty(), "{:?}", report.conflicts);
    assert_eq!(
        district.store.household_commune(&household).expect("read"),
        Some("00730".into())
    );
    assert_eq!(records_of(&district.store, &household), ["00730"]);
    assert_eq!(record_hashes(&district.store, &household), at_b);
    assert_eq!(members_of(&district.store, &household), 7);
    assert!(district.store.conflicts().expect("conflicts").is_empty());
    let late = district
        .store
        .household_late_edits(&household)
        .expect("history");
    assert_one_late_edit(&late, &a.id, late_seq);
    assert_eq!(district.store.late_edits().expect("all"), late);

    // The old commune's next batch (a new household of its own) lands, exactly once.
    survey(&mut a, "00715", 5..6);
    let report = send(&mut a, &mut district, AT + 7000);
    assert_eq!((report.new, report.new_entries), (1, 1));
    assert_eq!(report.kept_as_history, 0);
    let new = household_id(5);
    assert_eq!(
        households(&district.store)
            .iter()
            .filter(|(id, commune)| *id == new && commune == "00715")
            .count(),
        1
    );
    assert_eq!(entries_about(&district.store, &a.id, &new), 1);

    // The new commune, pulling from the district, never receives the late edit.
    let before = digest(&b.store);
    send(&mut district, &mut b, AT + 8000);
    let after = digest(&b.store);
    for table in RECORD_TABLES {
        assert_eq!(after[table], before[table], "{table}");
    }
    assert_eq!(entries_about(&b.store, &a.id, &household), 0);
    assert_eq!(members_of(&b.store, &household), 7);

    // The old commune learns of the transfer: its own edit is history there too, and nothing
    // is sent again.
    send(&mut district, &mut a, AT + 9000);
    assert_eq!(
        a.store.household_commune(&household).expect("read"),
        Some("00730".into())
    );
    assert_eq!(records_of(&a.store, &household), ["00715"]);
    assert_eq!(members_of(&a.store, &household), 5);
    assert_one_late_edit(
        &a.store.household_late_edits(&household).expect("history"),
        &a.id,
        late_seq,
    );
    match rasoat_batch::export_batch(&mut a.store, &district.id, AT + 10_000) {
        Err(rasoat_batch::BatchError::NothingToSend { .. }) => {}
        Ok(file) => {
            let again = rasoat_batch::import_batch(&mut district.store, &file, AT + 10_500)
                .expect("import");
            assert_eq!(again.new_entries, 0);
        }
        Err(other) => panic!("{other}"),
    }
}

#[test]
fn an_edit_sent_after_the_commune_learned_of_the_transfer_changes_no_record() {
    let (mut district, mut a, mut b, household) = district_with_two_communes();
    rasoat_batch::transfer_household(
        &mut district.store,
        &household,
        "00730",
        REASON,
        "cán bộ huyện",
        AT + 3000,
    )
    .expect("transfer");
    send(&mut district, &mut b, AT + 4000);
    send(&mut district, &mut a, AT + 4000);
    // A modified build (or a bulk save, which the form's check does not cover) edits the
    // household as the old commune's, after the transfer reached it.
    edit(&mut a, 0, "00715", 9, AT + 5000);
    let seq = highest_seq(&a.store, &a.id);
    let journal_before = entries_about(&district.store, &a.id, &household);
    let before = digest(&district.store);
    let report = send(&mut a, &mut district, AT + 6000);
    assert_eq!((report.new, report.updated, report.new_entries), (0, 0, 1));
    assert_eq!(report.kept_as_history, 1);
    let after = digest(&district.store);
    // The journal keeps the entry, the answers it names are kept with it (content-addressed,
    // so it can be passed on as the history it is), and the sync tables note what arrived
    // from whom with its signature (to relay it); nothing of the household's records changes.
    assert_eq!(
        changed(&before, &after),
        ["answers", "journal", "sync_batch", "sync_entry_signature"]
            .into_iter()
            .map(String::from)
            .collect::<BTreeSet<_>>()
    );
    assert_eq!(
        entries_about(&district.store, &a.id, &household),
        journal_before + 1
    );
    assert_eq!(records_of(&district.store, &household), ["00730"]);
    assert_eq!(members_of(&district.store, &household), 5);
    assert_one_late_edit(
        &district
            .store
            .household_late_edits(&household)
            .expect("history"),
        &a.id,
        seq,
    );
    // Passed on to the new commune, it is not even sent.
    let before = digest(&b.store);
    send(&mut district, &mut b, AT + 7000);
    let after = digest(&b.store);
    for table in RECORD_TABLES {
        assert_eq!(after[table], before[table], "{table}");
    }
    assert_eq!(entries_about(&b.store, &a.id, &household), 0);
}

#[test]
fn an_edit_made_before_a_transfer_and_delivered_after_it_is_kept_as_history_over_http() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut district) = district(dir.path());
    let mut a = commune("00715");
    let mut b = commune("00730");
    enrol_both(&mut a, &mut district);
    enrol_both(&mut b, &mut district);
    drop(district);
    survey(&mut a, "00715", 0..3);
    let server = start(&path, ServerConfig::default());
    let url = server.url();
    sync_once_with(&mut a.store, &url, &quick_options()).expect("a syncs");
    let household = household_id(0);
    // Offline at the old commune: an edit of the household.
    edit(&mut a, 0, "00715", 6, AT + 2500);
    let late_seq = highest_seq(&a.store, &a.id);
    {
        let mut district = Store::open(&path).expect("open");
        rasoat_batch::transfer_household(
            &mut district,
            &household,
            "00730",
            REASON,
            "cán bộ huyện",
            AT + 3000,
        )
        .expect("transfer");
    }
    sync_once_with(&mut b.store, &url, &quick_options()).expect("b pulls");
    edit(&mut b, 0, "00730", 7, AT + 4500);
    sync_once_with(&mut b.store, &url, &quick_options()).expect("b's edit is accepted");
    let at_b = record_hashes(&Store::open(&path).expect("open"), &household);

    // The old commune syncs: its batch is accepted, the edit kept as history.
    sync_once_with(&mut a.store, &url, &quick_options()).expect("a's batch is accepted");
    {
        let district = Store::open(&path).expect("open");
        assert_eq!(
            district.household_commune(&household).expect("read"),
            Some("00730".into())
        );
        assert_eq!(record_hashes(&district, &household), at_b);
        assert_eq!(members_of(&district, &household), 7);
        assert!(district.conflicts().expect("conflicts").is_empty());
        assert_one_late_edit(
            &district.household_late_edits(&household).expect("history"),
            &a.id,
            late_seq,
        );
    }
    // It pulled the transfer in the same pass: its own edit is history there too.
    assert_one_late_edit(
        &a.store.household_late_edits(&household).expect("history"),
        &a.id,
        late_seq,
    );
    assert_eq!(members_of(&a.store, &household), 5);

    // Its next batch lands once, and a second pass sends nothing again.
    survey(&mut a, "00715", 5..6);
    sync_once_with(&mut a.store, &url, &quick_options()).expect("a's next batch");
    let before = server_digest(&path);
    sync_once_with(&mut a.store, &url, &quick_options()).expect("a again");
    let after = server_digest(&path);
    assert_eq!(after["journal"], before["journal"]);
    {
        let district = Store::open(&path).expect("open");
        let new = household_id(5);
        assert_eq!(
            households(&district)
                .iter()
                .filter(|(id, _)| *id == new)
                .count(),
            1
        );
        assert_eq!(entries_about(&district, &a.id, &new), 1);
    }

    // The new commune pulls again: nothing of the late edit reaches it.
    let before = digest(&b.store);
    sync_once_with(&mut b.store, &url, &quick_options()).expect("b pulls");
    let after = digest(&b.store);
    for table in RECORD_TABLES {
        assert_eq!(after[table], before[table], "{table}");
    }
    assert_eq!(entries_about(&b.store, &a.id, &household), 0);
    assert_eq!(members_of(&b.store, &household), 7);
}

#[test]
fn an_edit_delivered_after_two_transfers_is_kept_as_history_too() {
    let (mut district, mut a, _b, household) = district_with_two_communes();
    edit(&mut a, 0, "00715", 6, AT + 2500);
    let late_seq = highest_seq(&a.store, &a.id);
    for (to, at) in [("00730", AT + 3000), ("00733", AT + 3500)] {
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
    let at_c = record_hashes(&district.store, &household);
    let report = send(&mut a, &mut district, AT + 6000);
    assert_eq!((report.new, report.updated, report.new_entries), (0, 0, 1));
    assert_eq!(report.kept_as_history, 1);
    assert_eq!(
        district.store.household_commune(&household).expect("read"),
        Some("00733".into())
    );
    assert_eq!(record_hashes(&district.store, &household), at_c);
    // Told under the transfer that took the household away from the commune it names.
    assert_one_late_edit(
        &district
            .store
            .household_late_edits(&household)
            .expect("history"),
        &a.id,
        late_seq,
    );
}
