//! The household list read from its own tables in display order (migration 0028): the same rows
//! in the same order as the records, households, summaries and journal they are derived from,
//! through saves, re-keying saves, review steps, a transfer, and a store migrated to them.
//! Imports of batches, conflicts and transfers between installations are checked at the end of
//! every scenario of `tests/tests/batches_scenario` and `crates/server/tests/sync`.

use rasoat_demo::synthetic;
use rasoat_domain::workflow::ReviewAction;
use rasoat_domain::Relation;
use rasoat_store::{migrations, ListFilter, Store, SurveyResult};

use crate::support::{commune_store, date, AT, DROP_0028, UNDO_0030};

/// A list row as the tables it is derived from say it, for comparing.
type Line = (
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<i64>,
);

/// The round's list computed from the records, households, summaries and journal directly, in
/// the list's order (the household's commune, village and head name): what the list showed
/// before it had tables of its own.
fn derived(store: &Store, round_id: &str) -> Vec<Line> {
    let mut stmt = store
        .sql_for_tests()
        .prepare(
            "SELECT h.id, h.code, h.head_name, r.commune_code, r.village, r.status, r.class,
                    r.listed_status, COALESCE(NULLIF(s.members, 0), r.listed_members),
                    r.surveyed_on,
                    (SELECT actor FROM journal WHERE entity = 'survey'
                       AND entity_id = r.household_id || '/' || r.round_id
                       AND operation <> 'review' ORDER BY recorded_at DESC LIMIT 1),
                    (SELECT recorded_at FROM journal WHERE entity = 'survey'
                       AND entity_id = r.household_id || '/' || r.round_id
                       AND operation <> 'review' ORDER BY recorded_at DESC LIMIT 1)
             FROM survey_record r JOIN household h ON h.id = r.household_id
             LEFT JOIN record_summary s
               ON s.round_id = r.round_id AND s.household_id = r.household_id
             WHERE r.round_id = ?1
             ORDER BY h.commune_code, h.village, h.search_key, h.id",
        )
        .expect("derived list");
    stmt.query_map([round_id], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
            r.get(7)?,
            r.get(8)?,
            r.get(9)?,
            r.get(10)?,
            r.get(11)?,
        ))
    })
    .expect("rows")
    .collect::<Result<_, _>>()
    .expect("derived rows")
}

/// The list as the store shows it, in the same shape.
fn listed(store: &Store, round_id: &str) -> Vec<Line> {
    store
        .list_households(&ListFilter {
            round_id: Some(round_id.to_string()),
            ..Default::default()
        })
        .expect("list")
        .into_iter()
        .map(|r| {
            (
                r.id,
                r.code,
                r.head_name,
                r.commune_code,
                r.village,
                r.status.as_str().to_string(),
                r.class,
                r.listed_status,
                r.n_members,
                r.surveyed_on,
                r.filled_by,
                r.filled_at,
            )
        })
        .collect()
}

/// Rows of the list's tables that differ from what their sources say, both ways.
fn out_of_step(store: &Store) -> u64 {
    store.household_list_mismatches().expect("compare")
}

fn in_village(n: u64, village: &str) -> rasoat_domain::Household {
    synthetic::household(n, "08", "00721", village, 3, date("2025-10-01"))
}

/// `count` unclassified households, every other one in a second village.
fn in_two_villages(count: u64) -> Vec<(rasoat_domain::Household, Option<SurveyResult>)> {
    (0..count)
        .map(|n| {
            let village = if n % 2 == 0 {
                "Thôn Má Lủng (thử)"
            } else {
                "Thôn Sảng Pả (thử)"
            };
            (in_village(n, village), None)
        })
        .collect()
}

#[test]
fn the_list_keeps_its_rows_and_order_through_saves_reviews_and_a_transfer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = commune_store(dir.path());
    let batch = in_two_villages(16);
    store
        .save_households(&round.id, &batch, "điều tra viên A", AT)
        .expect("bulk save");
    assert_eq!(out_of_step(&store), 0, "after the first saves");
    assert_eq!(listed(&store, &round.id), derived(&store, &round.id));
    assert_eq!(listed(&store, &round.id).len(), 16);

    // A re-save that changes what the list is ordered by (village, head name, code) moves the
    // household to its new place in the list.
    let mut moved = batch[0].0.clone();
    moved.location.village = "Thôn Sảng Pả (thử)".into();
    moved.code = "00721-09-999".into();
    moved
        .members
        .iter_mut()
        .find(|m| m.relation == Some(Relation::Head))
        .expect("a head")
        .name = "Vàng Mí Ả".into();
    store
        .save_household(&round.id, &moved, None, "điều tra viên B", AT + 10)
        .expect("re-key");
    assert_eq!(out_of_step(&store), 0, "after a re-keying save");
    let rows = listed(&store, &round.id);
    assert_eq!(rows, derived(&store, &round.id));
    let row = rows
        .iter()
        .find(|r| r.0 == moved.id.to_string())
        .expect("moved household listed");
    assert_eq!(row.1, "00721-09-999");
    assert_eq!(row.4, "Thôn Sảng Pả (thử)");
    assert_eq!(row.10.as_deref(), Some("điều tra viên B"));
    assert_eq!(row.11, Some(AT + 10));

    // Review steps change the state the walk filters on; who filled the form stays.
    let id = batch[3].0.id.to_string();
    for action in [
        ReviewAction::Complete,
        ReviewAction::Return {
            comment: "thiếu mã".into(),
        },
    ] {
        store
            .review(&id, &round.id, &action, "cán bộ xã", "", AT + 20)
            .expect("review");
    }
    assert_eq!(out_of_step(&store), 0, "after review steps");
    assert_eq!(listed(&store, &round.id), derived(&store, &round.id));
    let returned_first = store
        .list_households(&ListFilter {
            returned_first: true,
            ..Default::default()
        })
        .expect("returned first");
    assert_eq!(returned_first[0].id, id);
    assert_eq!(
        returned_first[0].filled_by.as_deref(),
        Some("điều tra viên A")
    );
    assert_eq!(returned_first.len(), 16);

    // A transfer moves the household's place, so its rows move too.
    let leaving = batch[5].0.id.to_string();
    store
        .transfer_household(&leaving, "00730", "chuyển xã", "cán bộ xã", AT + 30)
        .expect("transfer");
    assert_eq!(out_of_step(&store), 0, "after a transfer");
    let rows = listed(&store, &round.id);
    assert_eq!(rows, derived(&store, &round.id));
    assert_eq!(
        rows.last().map(|r| (r.0.as_str(), r.3.as_str())),
        Some((leaving.as_str(), "00730")),
        "listed under its new commune, after 00721's households"
    );
}

#[test]
fn a_store_from_before_the_list_tables_gets_them_filled_at_its_next_open() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, path) = commune_store(dir.path());
    let batch: Vec<_> = (0..10u64)
        .map(|n| (in_village(n, "Thôn Má Lủng (thử)"), None))
        .collect();
    store
        .save_households(&round.id, &batch, "điều tra viên A", AT)
        .expect("bulk save");
    let before = listed(&store, &round.id);
    store
        .sql_for_tests()
        .execute_batch(&format!(
            "{UNDO_0030} {DROP_0028} PRAGMA user_version = {};",
            migrations::version_after("0027_journal_entity_filled").expect("0027")
        ))
        .expect("step back before 0028");
    drop(store);
    let store = Store::open(&path).expect("reopen migrates");
    assert_eq!(
        store.schema_version().expect("version"),
        migrations::latest_version()
    );
    assert_eq!(out_of_step(&store), 0);
    assert_eq!(listed(&store, &round.id), before);
    assert_eq!(before, derived(&store, &round.id));
}

#[test]
fn a_store_with_the_rows_keyed_in_display_order_keeps_them_keyed_by_village_and_id() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, path) = commune_store(dir.path());
    let batch = in_two_villages(12);
    store
        .save_households(&round.id, &batch, "điều tra viên A", AT)
        .expect("bulk save");
    let before = listed(&store, &round.id);
    // The shown rows as migration 0028 kept them: keyed by the list's order.
    store
        .sql_for_tests()
        .execute_batch(&format!(
            "DROP TABLE household_list_row;
             CREATE TABLE household_list_row (
                 round_n INTEGER NOT NULL, commune_code TEXT NOT NULL, village TEXT NOT NULL,
                 search_key TEXT NOT NULL, household_id TEXT NOT NULL, code TEXT NOT NULL,
                 head_name TEXT NOT NULL, listed_status TEXT, listed_members INTEGER,
                 members INTEGER, surveyed_on TEXT, filled_by TEXT, filled_at INTEGER,
                 provisional TEXT, phieu_a TEXT,
                 PRIMARY KEY (round_n, commune_code, village, search_key, household_id)
             ) STRICT, WITHOUT ROWID;
             INSERT INTO household_list_row
             SELECT round_n, commune_code, village, search_key, household_id, code, head_name,
                    listed_status, listed_members, members, surveyed_on, filled_by, filled_at,
                    provisional, phieu_a FROM household_list_source;
             {UNDO_0030}
             UPDATE store_meta SET value = '6' WHERE key = 'compat';
             PRAGMA user_version = {};",
            migrations::version_after("0028_household_list").expect("0028")
        ))
        .expect("step back to 0028");
    drop(store);
    let store = Store::open(&path).expect("reopen migrates");
    assert_eq!(
        store.schema_version().expect("version"),
        migrations::latest_version()
    );
    let key: String = store
        .sql_for_tests()
        .query_row(
            "SELECT group_concat(name, ',') FROM pragma_index_info(
                 (SELECT name FROM pragma_index_list('household_list_row') WHERE origin = 'pk'))",
            [],
            |r| r.get(0),
        )
        .expect("the rows' key");
    assert_eq!(key, "round_n,commune_code,village,household_id");
    assert_eq!(out_of_step(&store), 0);
    assert_eq!(listed(&store, &round.id), before);
    assert_eq!(before, derived(&store, &round.id));
}

#[test]
fn a_search_walks_the_list_table_in_its_order_without_sorting() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, _, _) = commune_store(dir.path());
    let plan: Vec<String> = store
        .sql_for_tests()
        .prepare(
            "EXPLAIN QUERY PLAN SELECT w.household_id FROM household_list w
             WHERE w.round_n = (SELECT n FROM list_round WHERE round_id = ?1)
               AND instr(w.search_key, ?2) > 0
             ORDER BY w.commune_code, w.village, w.search_key, w.household_id LIMIT 1001",
        )
        .expect("plan")
        .query_map(["r", "giang"], |r| r.get::<_, String>(3))
        .expect("plan rows")
        .collect::<Result<_, _>>()
        .expect("plan text");
    assert_eq!(plan[0], "SEARCH w USING PRIMARY KEY (round_n=?)");
    assert!(
        plan.iter().all(|step| !step.contains("TEMP B-TREE")),
        "{plan:?}"
    );
}

#[test]
fn a_list_row_that_no_longer_says_what_its_record_does_is_counted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = commune_store(dir.path());
    let batch: Vec<_> = (0..3u64)
        .map(|n| (in_village(n, "Thôn Má Lủng (thử)"), None))
        .collect();
    store
        .save_households(&round.id, &batch, "điều tra viên A", AT)
        .expect("bulk save");
    assert_eq!(out_of_step(&store), 0);
    // What an older app's save would leave: the record changed, its list row not.
    store
        .sql_for_tests()
        .execute_batch("UPDATE household_list SET status = 'complete'")
        .expect("drift");
    assert_eq!(out_of_step(&store), 6, "three rows each way");
    // `rasoat check --full` says so in plain words.
    let full = store.check(rasoat_store::CheckDepth::Full).expect("full");
    assert!(!full.is_sound());
    assert!(
        full.problems
            .iter()
            .any(|p| p.starts_with("household_list: 6 dòng")),
        "{:?}",
        full.problems
    );
}
