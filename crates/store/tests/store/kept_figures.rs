//! Figures counted by one connection are given to the next one opened on the same file while
//! nothing they read has changed, whoever wrote since; and every table is either watched for
//! that or named as one no figure reads.

use std::collections::BTreeSet;

use rasoat_store::kept_figures::{BY_ROUND, UNWATCHED};
use rasoat_store::report::{ReportRequest, RoundReport};
use rasoat_store::{Store, UnitBasis};

use crate::kept_reports::{complete, poor_household, three_poor_finished, two_rounds, whole};
use crate::support::{commune_store, household, AT};

fn report(store: &Store, round_id: &str) -> RoundReport {
    store.round_report(&whole(round_id)).expect("report")
}

fn tables(store: &Store) -> BTreeSet<String> {
    let mut stmt = store
        .sql_for_tests()
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .expect("tables");
    let names = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .expect("names")
        .collect::<rusqlite::Result<BTreeSet<_>>>()
        .expect("read");
    names
}

/// Every table of the schema moves the figures' generations on every kind of write, or is
/// named with the reason no figure reads it: a new table (or one a migration rebuilt, which
/// drops its triggers) fails here until someone decides.
#[test]
fn every_table_is_watched_for_the_kept_figures_or_named_as_unread() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, _, _) = commune_store(dir.path());
    let unwatched: BTreeSet<&str> = UNWATCHED.iter().map(|(t, _)| *t).collect();
    for table in tables(&store) {
        let triggers: BTreeSet<String> = {
            let mut stmt = store
                .sql_for_tests()
                .prepare(
                    "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?1
                       AND name LIKE '%figures%'",
                )
                .expect("triggers");
            stmt.query_map([&table], |r| r.get::<_, String>(0))
                .expect("rows")
                .collect::<rusqlite::Result<_>>()
                .expect("read")
        };
        if unwatched.contains(table.as_str()) {
            assert!(triggers.is_empty(), "{table} is both watched and unread");
            continue;
        }
        for event in ["INSERT", "UPDATE", "DELETE"] {
            let moved = triggers
                .iter()
                .any(|sql| sql.contains(&format!("AFTER {event} ON {table} ")));
            assert!(
                moved,
                "{table}: no {event} trigger moves the figures' generation"
            );
        }
        if BY_ROUND.contains(&table.as_str()) {
            assert!(
                triggers.iter().all(|sql| sql.contains(".round_id")),
                "{table} moves its rows' round"
            );
        }
    }
    let all = tables(&store);
    for (table, _) in UNWATCHED {
        assert!(
            all.contains(*table),
            "{table} is named as unread but does not exist"
        );
    }
}

/// The tables the counting code reads are watched, but the answers' content, which a figure
/// reaches only through a watched record's hash of it.
#[test]
fn the_counting_code_reads_only_watched_tables() {
    let sources = [
        include_str!("../../src/report.rs"),
        include_str!("../../src/targets.rs"),
        include_str!("../../src/units.rs"),
        include_str!("../../src/villages.rs"),
        include_str!("../../src/rounds.rs"),
        include_str!("../../src/digest.rs"),
        include_str!("../../src/provisional.rs"),
    ];
    let by_hash = ["answers", "answers_digest"];
    let unwatched: BTreeSet<&str> = UNWATCHED.iter().map(|(t, _)| *t).collect();
    let mut read = BTreeSet::new();
    for source in sources {
        let words: Vec<&str> = source
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .collect();
        for pair in words.windows(2) {
            if pair[0] == "FROM" || pair[0] == "JOIN" {
                read.insert(pair[1].to_string());
            }
        }
    }
    assert!(read.contains("record_summary"), "the scan finds the reads");
    for table in read {
        if unwatched.contains(table.as_str()) {
            assert!(
                by_hash.contains(&table.as_str()),
                "the counting code reads {table}, which moves no generation"
            );
        }
    }
}

/// A window opened again gives the figures its last one counted, while nothing they read
/// changed; a form saved since by any connection is counted.
#[test]
fn a_store_opened_again_gives_the_figures_counted_before_until_a_record_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, path) = commune_store(dir.path());
    store
        .save_household(&round.id, &household(1), None, "thử", AT)
        .expect("save");
    let counted = report(&store, &round.id);
    assert_eq!(counted.rows[0].counts.in_progress, 1);
    assert_eq!(store.reports_from_file(), 0);
    drop(store);

    // Opened as the window opens a store: the reference units loaded again write nothing.
    let mut store = Store::open(&path).expect("open again");
    store.load_reference_units().expect("units again");
    assert_eq!(report(&store, &round.id), counted);
    assert_eq!(store.reports_from_file(), 1, "given from the file");
    assert_eq!(store.reports_counted(), 0, "nothing counted");
    drop(store);

    // Another connection saves a form and closes: the next one counts it.
    let mut other = Store::open(&path).expect("another");
    other
        .save_household(&round.id, &household(2), None, "thử", AT + 1)
        .expect("save beside");
    drop(other);
    let store = Store::open(&path).expect("open again");
    assert_eq!(report(&store, &round.id).rows[0].counts.in_progress, 2);
    assert_eq!(store.reports_from_file(), 0);
    assert_eq!(store.reports_counted(), 1);
    drop(store);

    // A change by hand, outside the app: the triggers see it all the same.
    let store = Store::open(&path).expect("open again");
    store
        .sql_for_tests()
        .execute(
            "DELETE FROM record_summary WHERE round_id = ?1",
            [&round.id],
        )
        .expect("a write by hand");
    drop(store);
    let store = Store::open(&path).expect("open again");
    assert_eq!(report(&store, &round.id).rows[0].counts.in_progress, 0);
    assert_eq!(store.reports_from_file(), 0);
}

/// A record written in one round leaves another round's kept figures true; a write of what
/// every round's figures read (the units) does not.
#[test]
fn a_write_in_one_round_keeps_the_other_round_s_figures_in_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, earlier, latest, path) = two_rounds(dir.path());
    store
        .save_household(&earlier, &household(1), None, "thử", AT)
        .expect("save");
    // Without the changes since an earlier round: those read every round.
    let ask = |store: &Store, id: &str| {
        store
            .round_report(&ReportRequest {
                changes: false,
                ..whole(id)
            })
            .expect("report")
    };
    let before = ask(&store, &earlier);
    ask(&store, &latest);
    store
        .save_household(&latest, &household(2), None, "thử", AT + 1)
        .expect("save in the latest round");
    drop(store);

    let store = Store::open(&path).expect("open again");
    assert_eq!(ask(&store, &earlier), before);
    assert_eq!(
        store.reports_from_file(),
        1,
        "the earlier round's, from the file"
    );
    assert_eq!(ask(&store, &latest).rows[0].counts.in_progress, 1);
    assert_eq!(store.reports_counted(), 1, "the latest round's, counted");
    store
        .sql_for_tests()
        .execute("UPDATE admin_unit SET name = name || ' (thử)'", [])
        .expect("the units renamed");
    drop(store);

    let store = Store::open(&path).expect("open again");
    let renamed = ask(&store, &earlier);
    assert_eq!(
        store.reports_from_file(),
        0,
        "every round's figures read the units"
    );
    assert_ne!(renamed, before);
}

/// A kept figure that no longer reads as one, or a store that refuses the write, is counted:
/// keeping never fails a report.
#[test]
fn a_damaged_kept_figure_or_a_read_only_store_is_counted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, path) = commune_store(dir.path());
    store
        .save_household(&round.id, &household(1), None, "thử", AT)
        .expect("save");
    let counted = report(&store, &round.id);
    store
        .sql_for_tests()
        .execute("UPDATE kept_figures SET body = x'7b7b7b'", [])
        .expect("damaged");
    drop(store);
    let store = Store::open(&path).expect("open again");
    assert_eq!(report(&store, &round.id), counted);
    assert_eq!(store.reports_from_file(), 0);
    assert_eq!(store.reports_counted(), 1);
    // A store that refuses the write.
    store
        .sql_for_tests()
        .execute_batch(
            "DELETE FROM kept_figures;
             CREATE TRIGGER refused BEFORE INSERT ON kept_figures
             BEGIN SELECT RAISE(ABORT, 'refused'); END;",
        )
        .expect("refusing");
    drop(store);
    let store = Store::open(&path).expect("open again");
    assert_eq!(report(&store, &round.id), counted);
    assert_eq!(store.reports_counted(), 1);
    assert_eq!(
        report(&store, &round.id),
        counted,
        "kept by the connection still"
    );
    assert_eq!(store.reports_counted(), 1);
}

/// What the latest round's changes compare with (the earlier rounds' classes) is kept in the
/// file too: a window opened again after a form saved in the latest round counts that round
/// and not its history, and the changes are the ones counted before.
#[test]
fn the_earlier_rounds_classes_are_given_from_the_file_after_a_save_in_the_latest_round() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, earlier, latest, path) = two_rounds(dir.path());
    let (n, poor, result) = poor_household(1, 2025);
    for round in [&earlier, &latest] {
        store
            .save_household(round, &poor, Some(&result), "thử", AT)
            .expect("save");
        complete(&mut store, round, n, AT + 1);
    }
    let before = report(&store, &latest);
    assert_eq!(before.rows[0].counts.previous_poor, 1);
    assert_eq!(store.earlier_classes_counted(), 1);
    drop(store);

    let mut store = Store::open(&path).expect("open again");
    store
        .save_household(&latest, &household(900), None, "thử", AT + 2)
        .expect("a draft in the latest round");
    let after = report(&store, &latest);
    assert_eq!(after.rows[0].counts.previous_poor, 1, "the same history");
    assert_eq!(
        after.rows[0].counts.in_progress,
        before.rows[0].counts.in_progress + 1
    );
    assert_eq!(store.earlier_classes_counted(), 0);
    assert_eq!(store.earlier_classes_from_file(), 1);

    // Kept bytes that no longer read as classes are counted again.
    store
        .sql_for_tests()
        .execute(
            "UPDATE kept_figures SET body = substr(body, 1, length(body) - 1)
             WHERE key LIKE 'earlier|%'",
            [],
        )
        .expect("damaged");
    drop(store);
    let mut store = Store::open(&path).expect("open again");
    store
        .save_household(&latest, &household(901), None, "thử", AT + 3)
        .expect("another draft");
    assert_eq!(report(&store, &latest).rows[0].counts.previous_poor, 1);
    assert_eq!(store.earlier_classes_counted(), 1);
    assert_eq!(store.earlier_classes_from_file(), 0);

    // A form finished in the earlier round changes the history: counted again.
    drop(store);
    let mut store = Store::open(&path).expect("open again");
    let (m, other, other_result) = poor_household(n + 1, 2025);
    store
        .save_household(&earlier, &other, Some(&other_result), "thử", AT + 4)
        .expect("save earlier");
    complete(&mut store, &earlier, m, AT + 5);
    drop(store);
    let store = Store::open(&path).expect("open again");
    assert_eq!(report(&store, &latest).rows[0].counts.previous_poor, 1);
    assert_eq!(store.earlier_classes_counted(), 1);
    assert_eq!(store.earlier_classes_from_file(), 0);
}

/// The target sums (money sums included) and a report in the old units come from the file
/// as they were counted.
#[test]
fn target_sums_and_old_unit_reports_are_given_from_the_file_as_counted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, earlier, latest, path) = two_rounds(dir.path());
    three_poor_finished(&mut store, [&earlier, &latest]);
    let targets = rasoat_domain::targets::Targets::dong_van_2020().expect("targets");
    let old = ReportRequest {
        basis: UnitBasis::Old,
        ..whole(&latest)
    };
    let counted_targets = store
        .target_report(&latest, &targets, UnitBasis::AsRecorded)
        .expect("targets");
    let counted_old = store.round_report(&old).expect("old units");
    drop(store);

    let store = Store::open(&path).expect("open again");
    let given_targets = store
        .target_report(&latest, &targets, UnitBasis::AsRecorded)
        .expect("targets");
    assert_eq!(
        serde_json::to_string(&given_targets).expect("json"),
        serde_json::to_string(&counted_targets).expect("json")
    );
    assert_eq!(store.round_report(&old).expect("old units"), counted_old);
    assert_eq!(store.reports_counted(), 0);
    assert_eq!(
        store.reports_from_file(),
        3,
        "two rounds' sums and the report"
    );
}

/// While another process holds the write lock (a CLI import, a sync), a report is counted and
/// given at once, and simply not kept in the file: it never waits for the lock.
#[test]
fn a_report_does_not_wait_for_another_writer_to_keep_its_figures() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, path) = commune_store(dir.path());
    store
        .save_household(&round.id, &household(1), None, "thử", AT)
        .expect("save");
    drop(store);
    let store = Store::open(&path).expect("open");
    let writer = rusqlite::Connection::open(&path).expect("another process");
    writer
        .execute_batch("BEGIN IMMEDIATE")
        .expect("holds the write lock");
    let started = std::time::Instant::now();
    let counted = report(&store, &round.id);
    // The store's own wait for a lock is 10 s; well under it means it did not wait.
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    assert_eq!(counted.rows[0].counts.in_progress, 1);
    drop(store);
    writer.execute_batch("ROLLBACK").expect("lets go");
    let store = Store::open(&path).expect("open again");
    assert_eq!(report(&store, &round.id), counted);
    assert_eq!(store.reports_from_file(), 0, "nothing was kept");
}
