//! An office's standards file whose NĐ 351/2025 carries its own point table and cut-offs: the
//! store keeps it and tallies the 2026 round's opening list by that table's score; a faulty
//! table, or a score rule that would have TT 07's points decide NĐ 351's lines, is refused
//! with every table's digest unchanged. The point table is synthetic: NĐ 351's real one is not
//! published.

use rasoat_domain::workflow::{ReviewAction, Role};
use rasoat_store::{RoundKind, Store, TallyUnit};
use serde_json::{json, Value};

use crate::standards::{nd351_file, with_method};
use crate::support::{commune_store, household, store_with_role, AT};

const TT07_TABLE: &str = include_str!("../../../../assets/scoring/tt07-2021-b1-points.json");

/// A synthetic table in TT 07's layout: 50 points for a household of 5 (`s1.people_5`), every
/// other row and item 15 worth nothing, so each of the test's 5-member households scores 50.
fn synthetic_table() -> Value {
    let mut table: Value = serde_json::from_str(TT07_TABLE).expect("shipped table");
    table["id"] = "thu-nghiem-nd351-b1".into();
    table["title_vi"] = "Bảng điểm thử nghiệm (giả lập, không phải bảng của NĐ 351)".into();
    table["source"] = json!({
        "text_vi": "Bảng giả lập cho kiểm thử; bảng điểm của NĐ 351/2025 chưa được công bố",
        "gazette": "không có"
    });
    table["misprints"] = json!([]);
    table["sheet_notes"] = json!([]);
    for section in table["sections"].as_array_mut().expect("sections") {
        for row in section["rows"].as_array_mut().expect("rows") {
            let p = if row["key"] == "s1.people_5" { 50 } else { 0 };
            for value in row["points"].as_object_mut().expect("points").values_mut() {
                *value = p.into();
            }
        }
    }
    for row in table["urban_region"]["rows"].as_array_mut().expect("rows") {
        row["points"] = 0.into();
    }
    table
}

/// NĐ 351 with its method, the synthetic table and the cut-offs `a_max` (rural and urban).
fn file_with_table(a_max: i32) -> String {
    nd351_file(|s| {
        with_method(s);
        s["score"] = json!({"a_max_rural": a_max, "a_max_urban": a_max, "b_per_deprivation": 10, "b_min_poor": 30});
        s["score_table"] = synthetic_table();
    })
}

/// Loads `text` into a commune's store as a batch from the office would bring it (the store
/// is made to look like an office for the load).
fn load_as_office(store: &mut Store, text: &str, at: i64) {
    let sql = |s: &Store, text: &str| {
        s.sql_for_tests().execute(text, []).expect("role");
    };
    sql(store, "UPDATE installation SET role = 'district'");
    store
        .load_standards(text, None, "cán bộ huyện", at)
        .expect("loaded");
    sql(store, "UPDATE installation SET role = 'commune'");
}

#[test]
fn the_opening_list_is_tallied_by_the_standards_own_table() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _, _) = commune_store(dir.path());
    let round = store
        .open_round(
            2026,
            RoundKind::Periodic,
            None,
            "nd07-2021",
            "cán bộ thử",
            AT,
        )
        .expect("the 2026 round");
    load_as_office(&mut store, &file_with_table(60), AT + 1);
    let n = 4;
    for i in 1..=n {
        let h = household(i);
        store
            .save_household(&round.id, &h, None, "rà soát viên", AT + 2)
            .expect("save");
        for action in [ReviewAction::Complete, ReviewAction::Accept] {
            store
                .review(
                    &h.id.to_string(),
                    &round.id,
                    &action,
                    "cán bộ xã",
                    "",
                    AT + 3,
                )
                .expect("closing step");
        }
    }
    let tally = |store: &Store| {
        let standards = store.standards().expect("standards");
        let nd351 = standards.by_id("nd351-2025").expect("NĐ 351");
        assert_eq!(
            nd351.score_table.as_ref().map(|t| t.id()),
            Some("thu-nghiem-nd351-b1")
        );
        store
            .opening_tally(&round.id, nd351, 2027, TallyUnit::default())
            .expect("tally")
    };
    // Every household of 5 scores 50 on the synthetic table, at or below the cut-off of 60:
    // every one is poor or near-poor (by its deprivations), none left unclassified.
    let at_60 = tally(&store);
    assert_eq!(at_60.poor + at_60.near_poor, n, "{at_60:?}");
    assert_eq!(at_60.unclassified, 0, "{at_60:?}");

    // The same table with the cut-off 40: 50 > 40, none is poor or near-poor.
    load_as_office(&mut store, &file_with_table(40), AT + 4);
    let at_40 = tally(&store);
    assert_eq!(at_40.poor + at_40.near_poor, 0, "{at_40:?}");
    assert_eq!(
        at_40.middle + at_40.other + at_40.unclassified,
        n,
        "{at_40:?}"
    );
}

#[test]
fn a_faulty_table_or_tt07s_points_on_new_lines_are_refused_with_nothing_changed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _, _) = store_with_role(dir.path(), Role::District);
    let before = store.table_digests().expect("digests");
    let missing_row = nd351_file(|s| {
        with_method(s);
        s["score"] = json!({"a_max_rural": 60, "a_max_urban": 60, "b_per_deprivation": 10, "b_min_poor": 30});
        let mut table = synthetic_table();
        table["sections"][11]["rows"]
            .as_array_mut()
            .expect("rows")
            .retain(|r| r["key"] != "s12.fridge");
        s["score_table"] = table;
    });
    let unknown_field = nd351_file(|s| {
        with_method(s);
        s["score"] = json!({"a_max_rural": 60, "a_max_urban": 60, "b_per_deprivation": 10, "b_min_poor": 30});
        let mut table = synthetic_table();
        table["he_so"] = 2.into();
        s["score_table"] = table;
    });
    let without_table = nd351_file(|s| {
        with_method(s);
        s["score"] = json!({"a_max_rural": 140, "a_max_urban": 175, "b_per_deprivation": 10, "b_min_poor": 30});
    });
    for (text, word) in [
        (missing_row.as_str(), "thiếu dòng `s12.fridge`"),
        (unknown_field.as_str(), "sai dạng"),
        (without_table.as_str(), "không kèm bảng điểm riêng"),
    ] {
        let err = store
            .load_standards(text, None, "cán bộ", AT + 5)
            .expect_err("refused");
        let said = err.to_string();
        assert!(said.contains(word), "{said}");
        assert!(said.contains(" / "), "Vietnamese and English: {said}");
        assert_eq!(store.table_digests().expect("digests"), before, "{said}");
    }
    assert!(store.loaded_standards().expect("list").is_empty());

    // The same file with a whole table is kept.
    store
        .load_standards(&file_with_table(60), None, "cán bộ", AT + 6)
        .expect("loaded");
    assert_eq!(store.loaded_standards().expect("list").len(), 1);
}
