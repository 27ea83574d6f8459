//! A provisional class ("tạm tính": answers it depends on still open) is kept with the record,
//! listed as such, and counted apart in the report, never as a final class.

use rasoat_domain::workflow::ReviewAction;
use rasoat_store::report::ReportRequest;
use rasoat_store::{migrations, ListFilter, Store, UnitBasis};

use crate::support::{commune_store, household, AT, DROP_0028, UNDO_0030};

fn poor() -> rasoat_store::SurveyResult {
    rasoat_store::SurveyResult {
        standard_id: "nd07-2021".into(),
        method: "score".into(),
        class: "poor".into(),
        score_a: Some(120),
        score_b: Some(40),
        deprived: Vec::new(),
        phieu_a: None,
    }
}

fn totals(store: &Store, round_id: &str) -> (u64, u64, u64) {
    let r = store
        .round_report(&ReportRequest {
            round_id: round_id.into(),
            basis: UnitBasis::AsRecorded,
            unit: None,
            villages: true,
            changes: true,
        })
        .expect("report");
    let top = &r.rows[0].counts;
    // Every row (district, commune, village) says the same of these few records.
    for row in &r.rows {
        assert_eq!(
            (row.counts.poor, row.counts.provisional),
            (top.poor, top.provisional)
        );
    }
    (top.poor, top.classified, top.provisional)
}

fn listed(store: &Store, round_id: &str) -> Vec<(String, Vec<String>)> {
    store
        .list_households(&ListFilter {
            round_id: Some(round_id.into()),
            ..ListFilter::default()
        })
        .expect("list")
        .into_iter()
        .map(|r| (r.id, r.provisional))
        .collect()
}

#[test]
fn a_draft_missing_an_answer_its_class_depends_on_is_provisional_and_left_out_of_the_classes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = commune_store(dir.path());
    let full = household(1);
    let mut half = household(2);
    // The spouse's birth and the kWh not given yet: both enter the class.
    half.members[1].birth = None;
    half.electricity.kwh_per_month = None;
    for h in [&full, &half] {
        store
            .save_household(&round.id, h, Some(&poor()), "thử", AT)
            .expect("save");
    }
    let rows = listed(&store, &round.id);
    let of = |id: &uuid::Uuid| {
        rows.iter()
            .find(|(r, _)| *r == id.to_string())
            .map(|(_, p)| p.clone())
            .expect("listed")
    };
    assert_eq!(of(&full.id), Vec::<String>::new());
    assert_eq!(
        of(&half.id),
        vec![
            "electricity.kwh_per_month".to_string(),
            "members[1].birth".to_string()
        ]
    );
    let complete = |store: &mut Store, id: &uuid::Uuid| {
        store
            .review(
                &id.to_string(),
                &round.id,
                &ReviewAction::Complete,
                "thử",
                "thử",
                AT + 2,
            )
            .expect("complete");
    };
    // Two drafts: neither is counted in a class yet.
    assert_eq!(totals(&store, &round.id), (0, 0, 1));
    complete(&mut store, &full.id);
    // One final poor household, one provisional: the provisional one is not poor yet.
    assert_eq!(totals(&store, &round.id), (1, 1, 1));

    // Answered, it becomes final, and once its form is completed it is counted as poor.
    let mut answered = half.clone();
    answered.members[1].birth = full.members[1].birth;
    answered.electricity.kwh_per_month = Some(40.0);
    store
        .save_household(&round.id, &answered, Some(&poor()), "thử", AT + 1)
        .expect("save");
    assert_eq!(totals(&store, &round.id), (1, 1, 0));
    complete(&mut store, &answered.id);
    assert_eq!(totals(&store, &round.id), (2, 2, 0));
    assert_eq!(store.record_summary_mismatches().expect("check"), 0);
    assert_eq!(store.household_list_mismatches().expect("list"), 0);
}

#[test]
fn a_completed_form_without_a_childs_height_stays_provisional_through_review_steps() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = commune_store(dir.path());
    let mut h = household(9);
    let child = h
        .members
        .iter()
        .position(|m| m.height_cm.is_some())
        .expect("a child the form measures");
    h.members[child].height_cm = None;
    store
        .save_household(&round.id, &h, Some(&poor()), "thử", AT)
        .expect("save");
    store
        .review(
            &h.id.to_string(),
            &round.id,
            &ReviewAction::Complete,
            "thử",
            "thử",
            AT + 1,
        )
        .expect("a height is not required to complete");
    let rows = listed(&store, &round.id);
    assert_eq!(rows[0].1, vec![format!("members[{child}].height_cm")]);
    assert_eq!(totals(&store, &round.id), (0, 0, 1));
    assert_eq!(store.record_summary_mismatches().expect("check"), 0);
    assert_eq!(store.household_list_mismatches().expect("list"), 0);
}

#[test]
fn a_store_from_before_the_column_gets_it_filled_by_the_migration() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, path) = commune_store(dir.path());
    let mut h = household(4);
    h.members[0].birth = None;
    store
        .save_household(&round.id, &h, Some(&poor()), "thử", AT)
        .expect("save");
    let before = listed(&store, &round.id);
    // Back to before 0024, dropping what the later migrations made too.
    store
        .sql_for_tests()
        .execute_batch(&format!(
            "{DROP_0028}
             ALTER TABLE record_summary DROP COLUMN provisional;
             ALTER TABLE answers DROP COLUMN open;
             DROP TABLE loaded_standards; DROP TABLE opening_review;
             PRAGMA user_version = 23;"
        ))
        .expect("step back");
    drop(store);
    let store = Store::open(&path).expect("reopen migrates");
    assert_eq!(listed(&store, &round.id), before);
    assert_eq!(totals(&store, &round.id), (0, 0, 1));
    assert_eq!(store.record_summary_mismatches().expect("check"), 0);
    assert_eq!(store.household_list_mismatches().expect("list"), 0);
}

#[test]
fn a_store_with_the_open_answers_in_a_table_of_their_own_keeps_them_in_the_answers_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, path) = commune_store(dir.path());
    let mut open_one = household(5);
    open_one.members[0].birth = None;
    store
        .save_household(&round.id, &open_one, Some(&poor()), "thử", AT)
        .expect("save");
    store
        .save_household(&round.id, &household(6), Some(&poor()), "thử", AT)
        .expect("save");
    let before = listed(&store, &round.id);
    let kept = |store: &Store| -> Vec<String> {
        let mut stmt = store
            .sql_for_tests()
            .prepare("SELECT open FROM answers WHERE open IS NOT NULL ORDER BY open")
            .expect("read");
        stmt.query_map([], |r| r.get(0))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("open lists")
    };
    let open = kept(&store);
    assert_eq!(open.len(), 2, "{open:?}");
    assert!(open.contains(&"[]".to_string()), "{open:?}");
    // As migration 0029 left a store: the lists in `answers_open`.
    store
        .sql_for_tests()
        .execute_batch(&format!(
            "{UNDO_0030}
             UPDATE store_meta SET value = '7' WHERE key = 'compat';
             PRAGMA user_version = {};",
            migrations::version_after("0029_household_list_row_by_id").expect("0029")
        ))
        .expect("step back to 0029");
    drop(store);
    let store = Store::open(&path).expect("reopen migrates");
    let gone: bool = store
        .sql_for_tests()
        .query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM sqlite_schema WHERE name = 'answers_open')",
            [],
            |r| r.get(0),
        )
        .expect("schema");
    assert!(gone);
    assert_eq!(kept(&store), open);
    assert_eq!(listed(&store, &round.id), before);
    assert_eq!(store.record_summary_mismatches().expect("check"), 0);
    assert_eq!(store.household_list_mismatches().expect("list"), 0);
}
