//! Saving and reading household records: the household.v1 answers round-trip, the
//! classification is kept with its standard, identity holds across rounds, search and export.

use rasoat_demo::synthetic;
use rasoat_domain::workflow::{ReviewAction, ReviewState};
use rasoat_store::{ListFilter, RoundKind, StoreError, SurveyResult};

use crate::support::{commune_store, date, household, AT};

fn result(class: &str) -> SurveyResult {
    SurveyResult {
        standard_id: "nd07-2021".into(),
        method: "score".into(),
        class: class.into(),
        score_a: Some(120),
        score_b: Some(30),
        deprived: vec!["housing_area".into(), "water".into()],
        phieu_a: None,
    }
}

#[test]
fn a_saved_household_reads_back_exactly_with_its_classification() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = commune_store(dir.path());
    let h = household(10);
    let saved = store
        .save_household(&round.id, &h, Some(&result("poor")), "a", AT)
        .expect("save");
    assert_eq!(saved.status, ReviewState::Draft);
    let record = store
        .survey_record(&h.id.to_string(), &round.id)
        .expect("record");
    assert_eq!(
        record.answers.as_ref(),
        Some(&h),
        "household.v1 round-trips unchanged"
    );
    assert_eq!(record.result, Some(result("poor")));
    assert_eq!(record.content_hash, saved.content_hash);
    let n_members: i64 = store
        .sql_for_tests()
        .query_row(
            "SELECT members FROM record_summary WHERE household_id = ?1",
            [h.id.to_string()],
            |r| r.get(0),
        )
        .expect("members");
    assert_eq!(n_members, 5);
    let bad = SurveyResult {
        class: "rich".into(),
        ..result("poor")
    };
    let err = store
        .save_household(&round.id, &h, Some(&bad), "a", AT)
        .expect_err("bad class");
    assert!(matches!(err, StoreError::InvalidClass { .. }));
}

#[test]
fn a_household_keeps_its_identity_across_rounds_and_its_old_commune() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round_2025, _) = commune_store(dir.path());
    let round_2024 = store
        .open_round(2024, RoundKind::Periodic, None, "nd07-2021", "a", AT)
        .expect("2024 round");
    // 2024: surveyed in old xã Tả Phìn (00739); 2025: in the new xã Đồng Văn (00721).
    let old = synthetic::household(
        11,
        "02",
        "00739",
        "Thôn Tả Phìn (thử)",
        4,
        date("2024-10-02"),
    );
    let new = household(11);
    assert_eq!(old.id, new.id);
    store
        .save_household(&round_2024.id, &old, None, "a", AT)
        .expect("save 2024");
    store
        .save_household(&round_2025.id, &new, None, "a", AT)
        .expect("save 2025");
    let rounds = store
        .household_rounds(&new.id.to_string())
        .expect("history");
    assert_eq!(rounds, vec![round_2024.id.clone(), round_2025.id.clone()]);
    let then = store
        .survey_record(&old.id.to_string(), &round_2024.id)
        .expect("2024 record");
    assert_eq!(
        then.commune_code, "00739",
        "the 2024 record keeps its commune code"
    );
    let n_households: i64 = store
        .sql_for_tests()
        .query_row("SELECT COUNT(*) FROM household", [], |r| r.get(0))
        .expect("count");
    assert_eq!(n_households, 1);
}

#[test]
fn list_filters_by_village_status_and_name_without_diacritics() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = commune_store(dir.path());
    let mut batch = Vec::new();
    for n in 0..20u64 {
        let village = if n % 2 == 0 {
            "Thôn Má Lủng (thử)"
        } else {
            "Thôn Sảng Pả (thử)"
        };
        let h = synthetic::household(n, "08", "00721", village, 3, date("2025-10-01"));
        batch.push((h, None));
    }
    store
        .save_households(&round.id, &batch, "a", AT)
        .expect("bulk save");
    let first = batch[0].0.clone();
    store
        .review(
            &first.id.to_string(),
            &round.id,
            &rasoat_domain::workflow::ReviewAction::Complete,
            "a",
            "",
            AT,
        )
        .expect("complete");
    let all = store.list_households(&ListFilter::default()).expect("list");
    assert_eq!(all.len(), 20);
    assert!(all.iter().all(|r| r.n_members == Some(3)));
    let village = store
        .list_households(&ListFilter {
            village: Some("Thôn Sảng Pả (thử)".into()),
            ..Default::default()
        })
        .expect("by village");
    assert_eq!(village.len(), 10);
    let completed = store
        .list_households(&ListFilter {
            status: Some(ReviewState::Completed),
            ..Default::default()
        })
        .expect("by status");
    assert_eq!(completed.len(), 1);
    assert_eq!(completed[0].id, first.id.to_string());
    // Search folds diacritics: "giang mi" finds "Giàng Mí ...".
    let head = rasoat_store::households::head_name(&first).to_string();
    let query = rasoat_store::households::search_key(&head);
    let found = store
        .list_households(&ListFilter {
            text: Some(query.to_uppercase()),
            ..Default::default()
        })
        .expect("search");
    assert!(
        found.iter().any(|r| r.id == first.id.to_string()),
        "search by folded head name"
    );
    // Name parts in any order, and typed decomposed: the last word first.
    let mut words: Vec<&str> = query.split_whitespace().collect();
    words.rotate_left(1);
    let reordered = words.join(" ").replace('a', "a\u{300}");
    let found = store
        .list_households(&ListFilter {
            text: Some(reordered),
            ..Default::default()
        })
        .expect("search");
    assert!(
        found.iter().any(|r| r.id == first.id.to_string()),
        "search by name parts in another order"
    );
    let by_code = store
        .list_households(&ListFilter {
            text: Some(first.code.clone()),
            ..Default::default()
        })
        .expect("search by code");
    assert_eq!(by_code.len(), 1);
    // Counting matches what listing without a limit returns.
    let limited = ListFilter {
        village: Some("Thôn Sảng Pả (thử)".into()),
        limit: Some(3),
        ..Default::default()
    };
    assert_eq!(store.list_households(&limited).expect("limited").len(), 3);
    assert_eq!(store.count_households(&limited).expect("count"), 10);
    // The completed record comes first when asked, and only when asked.
    let first_row = |returned_first| {
        store
            .list_households(&ListFilter {
                returned_first,
                ..Default::default()
            })
            .expect("order")[0]
            .status
    };
    assert_eq!(first_row(false), all[0].status);
    // No record is returned yet: asking for returned first keeps the normal order.
    assert_eq!(first_row(true), all[0].status);
}

#[test]
fn export_returns_the_answers_of_surveyed_households() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = commune_store(dir.path());
    let a = household(21);
    let b = household(22);
    store
        .save_household(&round.id, &a, None, "a", AT)
        .expect("save");
    store
        .save_household(&round.id, &b, None, "a", AT)
        .expect("save");
    let mut exported = store.export_households(&round.id).expect("export");
    exported.sort_by_key(|h| h.id);
    let mut expected = vec![a, b];
    expected.sort_by_key(|h| h.id);
    assert_eq!(exported, expected);
}

#[test]
fn the_list_shows_returned_records_first_in_name_order_and_counts_up_to_a_cap() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = commune_store(dir.path());
    let batch: Vec<_> = (0..12u64)
        .map(|n| {
            let h = synthetic::household(
                n,
                "08",
                "00721",
                "Thôn Má Lủng (thử)",
                2,
                date("2025-10-01"),
            );
            (h, None)
        })
        .collect();
    store
        .save_households(&round.id, &batch, "a", AT)
        .expect("bulk save");
    let plain = store.list_households(&ListFilter::default()).expect("list");
    let keys: Vec<String> = plain
        .iter()
        .map(|r| rasoat_store::households::search_key(&format!("{} {}", r.head_name, r.code)))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "one village: ordered by head name and code");
    // Return the last two of the list: they come first when asked, in name order.
    let returned: Vec<String> = plain[10..].iter().map(|r| r.id.clone()).collect();
    for id in &returned {
        for action in [
            ReviewAction::Complete,
            ReviewAction::Return {
                comment: "thiếu mã".into(),
            },
        ] {
            store
                .review(id, &round.id, &action, "a", "", AT)
                .expect("review");
        }
    }
    let first = store
        .list_households(&ListFilter {
            returned_first: true,
            ..Default::default()
        })
        .expect("returned first");
    let ids: Vec<&str> = first.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids[..2], [returned[0].as_str(), returned[1].as_str()]);
    assert_eq!(first.len(), 12);
    assert_eq!(first[2..], plain[..10]);
    // A page counts its matches up to the cap asked for, and says when there are more.
    let page = store
        .list_households_page(
            &ListFilter {
                returned_first: true,
                limit: Some(3),
                ..Default::default()
            },
            5,
        )
        .expect("page");
    assert_eq!(page.rows.len(), 3);
    assert_eq!((page.matching, page.more), (5, true));
    assert_eq!(page.rows[0].id, returned[0]);
    let page = store
        .list_households_page(
            &ListFilter {
                limit: Some(3),
                ..Default::default()
            },
            100,
        )
        .expect("page");
    assert_eq!((page.rows.len(), page.matching, page.more), (3, 12, false));
    let exact = store
        .list_households_page(
            &ListFilter {
                limit: Some(3),
                ..Default::default()
            },
            12,
        )
        .expect("page");
    assert_eq!((exact.matching, exact.more), (12, false));
}

#[test]
fn a_household_code_names_one_household_of_the_round() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = crate::support::commune_store(dir.path());
    let first = crate::support::household(1);
    store
        .save_household(&round.id, &first, None, "a", crate::support::AT)
        .expect("save");
    let mut second = crate::support::household(2);
    second.code = format!("  {}  ", first.code);
    let before = store.table_digests().expect("digests");
    let err = store
        .save_household(&round.id, &second, None, "a", crate::support::AT)
        .expect_err("the code is taken");
    assert!(
        matches!(&err, rasoat_store::StoreError::DuplicateCode { code, village }
            if *code == first.code && village.as_deref() == Some(first.location.village.as_str())),
        "{err}"
    );
    let said = err.to_string();
    assert!(
        said.contains(&format!(
            "đã có ở một hộ khác trong kỳ này (hộ đó thuộc thôn, bản «{}»)",
            first.location.village
        )),
        "{said}"
    );
    assert!(
        said.contains(&format!(
            "another household in this round (that household is in village «{}»)",
            first.location.village
        )),
        "{said}"
    );
    assert!(!said.contains(&first.members[0].name), "no name: {said}");
    assert_eq!(store.table_digests().expect("digests"), before);
    // The same household saved again keeps its code; a draft without a code is not checked.
    store
        .save_household(&round.id, &first, None, "a", crate::support::AT)
        .expect("save again");
    second.code = String::new();
    store
        .save_household(&round.id, &second, None, "a", crate::support::AT)
        .expect("no code yet");
}

#[test]
fn a_duplicate_code_of_a_draft_without_a_village_says_so_in_words() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = crate::support::commune_store(dir.path());
    let mut first = crate::support::household(1);
    first.location.village = String::new();
    store
        .save_household(&round.id, &first, None, "a", crate::support::AT)
        .expect("a draft without a village");
    let mut second = crate::support::household(2);
    second.code = first.code.clone();
    let before = store.table_digests().expect("digests");
    let err = store
        .save_household(&round.id, &second, None, "a", crate::support::AT)
        .expect_err("the code is taken");
    assert!(
        matches!(
            &err,
            rasoat_store::StoreError::DuplicateCode { village: None, .. }
        ),
        "{err}"
    );
    let said = err.to_string();
    assert!(said.contains("(hộ đó chưa chọn thôn, bản)"), "{said}");
    assert!(
        said.contains("(that household has no village chosen yet)"),
        "{said}"
    );
    assert!(!said.contains('—') && !said.contains("()"), "{said}");
    let message = err.message();
    assert_eq!(
        rasoat_domain::messages::render(rasoat_domain::messages::Lang::Vi, &message),
        format!(
            "mã hộ {} đã có ở một hộ khác trong kỳ này (hộ đó chưa chọn thôn, bản): tìm mã đó trong danh sách hộ",
            first.code
        )
    );
    assert_eq!(store.table_digests().expect("digests"), before);
}

#[test]
fn a_new_household_of_a_village_is_offered_the_next_free_code() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = crate::support::commune_store(dir.path());
    let mut a = crate::support::household(1);
    a.code = "00721-01-000145".into();
    a.location.village = "Thôn Một (thử)".into();
    let mut b = crate::support::household(2);
    b.code = "00721-01-000146".into();
    b.location.village = "Thôn Hai (thử)".into();
    for h in [&a, &b] {
        store
            .save_household(&round.id, h, None, "a", crate::support::AT)
            .expect("save");
    }
    // 000146 is taken by another village: the next free number is offered.
    assert_eq!(
        store
            .propose_code(&round.id, "Thôn Một (thử)")
            .expect("propose")
            .as_deref(),
        Some("00721-01-000147")
    );
    assert_eq!(
        store
            .propose_code(&round.id, "Thôn Mới (thử)")
            .expect("propose"),
        None
    );
}

#[test]
fn the_list_says_who_filled_each_form_and_when_not_who_reviewed_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = crate::support::commune_store(dir.path());
    let h = crate::support::household(7);
    store
        .save_household(&round.id, &h, None, "điều tra viên A", crate::support::AT)
        .expect("save");
    store
        .review(
            &h.id.to_string(),
            &round.id,
            &rasoat_domain::workflow::ReviewAction::Complete,
            "cán bộ xã B",
            "",
            crate::support::AT + 5,
        )
        .expect("complete");
    let rows = store.list_households(&ListFilter::default()).expect("list");
    assert_eq!(rows[0].filled_by.as_deref(), Some("điều tra viên A"));
    assert_eq!(rows[0].filled_at, Some(crate::support::AT));
}

#[test]
fn the_list_says_who_saved_a_form_last_from_the_journal_index_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = crate::support::commune_store(dir.path());
    let mut h = crate::support::household(8);
    store
        .save_household(&round.id, &h, None, "điều tra viên A", crate::support::AT)
        .expect("first save");
    h.notes = "sửa lại".into();
    store
        .save_household(
            &round.id,
            &h,
            None,
            "điều tra viên C",
            crate::support::AT + 9,
        )
        .expect("second save");
    let rows = store.list_households(&ListFilter::default()).expect("list");
    assert_eq!(rows[0].filled_by.as_deref(), Some("điều tra viên C"));
    assert_eq!(rows[0].filled_at, Some(crate::support::AT + 9));
    // Who and when come from the index, newest first: the journal table's pages (the largest
    // table, seldom in the window's page cache, decrypted on every read when encrypted) are not
    // read for the list's 300 rows.
    let plan: Vec<String> = store
        .sql_for_tests()
        .prepare(
            "EXPLAIN QUERY PLAN SELECT actor, recorded_at FROM journal
             WHERE entity = 'survey' AND entity_id = ?1 AND operation <> 'review'
             ORDER BY recorded_at DESC LIMIT 1",
        )
        .expect("plan")
        .query_map(["x"], |r| r.get::<_, String>(3))
        .expect("plan rows")
        .collect::<Result<_, _>>()
        .expect("plan text");
    assert_eq!(
        plan,
        ["SEARCH journal USING COVERING INDEX journal_entity (entity=? AND entity_id=?)"]
    );
}
