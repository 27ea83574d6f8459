//! The server's operations in the store: the append-only audit log, online backups taken while
//! another connection keeps writing, and checks that give a damaged file a clear verdict.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use rasoat_store::{
    backup_file, check_file, AuditEvent, AuditFilter, AuditRecord, CheckDepth, Store, StoreError,
};

use crate::support::{commune_store, household, AT};

fn record(event: AuditEvent, installation: &str, outcome: &str) -> AuditRecord {
    AuditRecord {
        event,
        action: None,
        installation: Some(installation.to_string()),
        entries: 3,
        records: 2,
        conflicts: 0,
        bytes: 1234,
        outcome: outcome.to_string(),
    }
}

#[test]
fn audit_rows_are_appended_and_listed_newest_first_with_filters() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _, _) = commune_store(dir.path());
    let a = "0193a1b2-0000-7000-8000-00000000000a";
    let b = "0193a1b2-0000-7000-8000-00000000000b";
    store
        .append_audit(AT, &record(AuditEvent::SignIn, a, "ok"))
        .expect("append");
    store
        .append_audit(AT + 10, &record(AuditEvent::Import, a, "ok"))
        .expect("append");
    let refusal = AuditRecord {
        action: Some(AuditEvent::Import),
        ..record(AuditEvent::Refusal, b, "wrong_unit")
    };
    store.append_audit(AT + 20, &refusal).expect("append");

    let all = store.audit(&AuditFilter::default()).expect("list");
    assert_eq!(all.len(), 3);
    assert_eq!(all[0].event, AuditEvent::Refusal);
    assert_eq!(all[0].action, Some(AuditEvent::Import));
    assert_eq!(all[0].outcome, "wrong_unit");
    assert_eq!(all[0].installation.as_deref(), Some(b));
    // Not enrolled here: no unit to record.
    assert_eq!(all[0].unit_code, None);
    assert_eq!(all[2].event, AuditEvent::SignIn);
    assert_eq!((all[2].entries, all[2].bytes), (3, 1234));

    let since = store
        .audit(&AuditFilter {
            since: Some(AT + 10),
            ..AuditFilter::default()
        })
        .expect("since");
    assert_eq!(since.len(), 2);
    let of_a = store
        .audit(&AuditFilter {
            installation: Some(a.into()),
            ..AuditFilter::default()
        })
        .expect("installation");
    assert_eq!(of_a.len(), 2);
    let imports = store
        .audit(&AuditFilter {
            event: Some(AuditEvent::Import),
            ..AuditFilter::default()
        })
        .expect("event");
    assert_eq!(imports.len(), 1);
    let newest = store
        .audit(&AuditFilter {
            limit: 1,
            ..AuditFilter::default()
        })
        .expect("limit");
    assert_eq!(newest[0].at, AT + 20);
}

#[test]
fn the_audit_log_refuses_updates_and_deletes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _, _) = commune_store(dir.path());
    store
        .append_audit(
            AT,
            &record(
                AuditEvent::Pull,
                "0193a1b2-0000-7000-8000-00000000000a",
                "ok",
            ),
        )
        .expect("append");
    let sql = store.sql_for_tests();
    let update = sql
        .execute("UPDATE audit_log SET outcome = 'changed'", [])
        .expect_err("update refused");
    assert!(update.to_string().contains("append-only"), "{update}");
    let delete = sql
        .execute("DELETE FROM audit_log", [])
        .expect_err("delete refused");
    assert!(delete.to_string().contains("append-only"), "{delete}");
    assert_eq!(store.audit(&AuditFilter::default()).expect("list").len(), 1);
}

#[test]
fn a_backup_taken_while_writes_go_on_is_a_sound_consistent_store() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, path) = commune_store(dir.path());
    for n in 0..200 {
        store
            .save_household(&round.id, &household(n), None, "thử", AT)
            .expect("save");
    }
    drop(store);

    // Another connection keeps saving households, one transaction each, while the backup runs.
    let writing = Arc::new(AtomicBool::new(true));
    let writer = {
        let writing = Arc::clone(&writing);
        let path = path.clone();
        let round = round.id.clone();
        std::thread::spawn(move || {
            let mut store = Store::open(&path).expect("writer opens");
            let mut n = 1_000;
            while writing.load(Ordering::Relaxed) {
                store
                    .save_household(&round, &household(n), None, "thử", AT)
                    .expect("save while backing up");
                n += 1;
            }
            n - 1_000
        })
    };
    // Let the writer get going so the backup meets a store in the middle of writes.
    std::thread::sleep(std::time::Duration::from_millis(100));
    let out = dir.path().join("backup.sqlite");
    let report = backup_file(&path, &out).expect("backup");
    std::thread::sleep(std::time::Duration::from_millis(100));
    writing.store(false, Ordering::Relaxed);
    let written_meanwhile = writer.join().expect("writer");
    assert!(written_meanwhile > 0, "the writer wrote during the test");
    assert!(report.pages > 0 && report.bytes > 0);
    assert!(!dir.path().join("backup.sqlite.partial").exists());

    // The copy opens as a store and is whole: every household in it has its record and its
    // journal entry, because each save was one transaction and the copy is one snapshot.
    assert!(check_file(&out, CheckDepth::Full)
        .expect("check")
        .is_sound());
    let copy = Store::open(&out).expect("open the copy");
    assert_eq!(
        report.schema_version,
        copy.schema_version().expect("version")
    );
    let sql = copy.sql_for_tests();
    let count = |query: &str| -> i64 { sql.query_row(query, [], |r| r.get(0)).expect(query) };
    let households = count("SELECT COUNT(*) FROM household");
    assert!(households >= 200, "{households}");
    assert_eq!(count("SELECT COUNT(*) FROM survey_record"), households);
    assert_eq!(
        count("SELECT COUNT(DISTINCT entity_id) FROM journal WHERE entity = 'survey'"),
        households
    );
    let original = Store::open(&path).expect("reopen");
    let now = original
        .sql_for_tests()
        .query_row("SELECT COUNT(*) FROM household", [], |r| r.get::<_, i64>(0))
        .expect("count");
    assert!(households <= now, "{households} > {now}");

    // A backup never overwrites: the next one needs a new name.
    let again = backup_file(&path, &out).expect_err("refuses to overwrite");
    assert!(matches!(again, StoreError::Io { .. }), "{again}");
}

/// Overwrites one page near the end of the file (a table's page, not the schema) with junk.
pub fn damage_a_page(path: &std::path::Path) {
    let mut bytes = std::fs::read(path).expect("read");
    let page = 16_384;
    assert!(bytes.len() >= 4 * page, "a store of several pages");
    let start = bytes.len() - 2 * page;
    for byte in &mut bytes[start..start + page] {
        *byte = 0xA5;
    }
    std::fs::write(path, bytes).expect("write");
}

#[test]
fn checks_pass_a_sound_store_and_name_the_damage_of_a_damaged_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, path) = commune_store(dir.path());
    for n in 0..300 {
        store
            .save_household(&round.id, &household(n), None, "thử", AT)
            .expect("save");
    }
    assert!(store.quick_check().expect("quick").is_sound());
    drop(store);
    for depth in [CheckDepth::Quick, CheckDepth::Full] {
        assert!(check_file(&path, depth).expect("check").is_sound());
    }

    let copy = dir.path().join("damaged.sqlite");
    std::fs::copy(&path, &copy).expect("copy");
    damage_a_page(&copy);
    for depth in [CheckDepth::Quick, CheckDepth::Full] {
        let verdict = check_file(&copy, depth).expect("a verdict, not an error");
        assert!(!verdict.is_sound(), "{depth:?} saw no damage");
    }
    // A backup of a damaged store is refused rather than kept as if it were good.
    let out = dir.path().join("from-damaged.sqlite");
    assert!(backup_file(&copy, &out).is_err());
    assert!(!out.exists());

    // Not a store at all, and no file: an error that says which.
    let junk = dir.path().join("junk.sqlite");
    std::fs::write(&junk, vec![0x5Au8; 100_000]).expect("write junk");
    assert!(!check_file(&junk, CheckDepth::Quick)
        .expect("a verdict")
        .is_sound());
    assert!(check_file(&dir.path().join("missing.sqlite"), CheckDepth::Quick).is_err());
}

/// A sync server builds pull pages on its own read connections. A reader in the middle of a
/// page (its read transaction open) must neither hold up the writer nor see half of a write:
/// WAL gives each reader the snapshot it began with. With one shared connection, a 20,000-entry
/// page once held every sign-in and upload for seconds. No timing here: were the writer made to
/// wait for the reader, its save would fail with "database is locked".
#[test]
fn a_reader_in_the_middle_of_a_page_neither_blocks_the_writer_nor_sees_its_write() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = commune_store(dir.path());
    store
        .save_households(&round.id, &[(household(1), None)], "cán bộ thử", AT)
        .expect("first save");
    let reader = store
        .open_reader()
        .expect("reader")
        .expect("a file store has readers");
    let entries = |conn: &rusqlite::Connection| -> i64 {
        conn.query_row("SELECT COUNT(*) FROM journal", [], |r| r.get(0))
            .expect("count")
    };
    let before = entries(store.sql_for_tests());
    let page = reader.sql_for_tests();
    page.execute_batch("BEGIN").expect("begin the page's read");
    assert_eq!(entries(page), before, "the page's snapshot");

    // The writer commits while the page is being read.
    store
        .save_households(&round.id, &[(household(2), None)], "cán bộ thử", AT + 1)
        .expect("the writer does not wait for a reader");
    assert!(entries(store.sql_for_tests()) > before);
    assert_eq!(entries(page), before, "the page keeps its snapshot");

    page.execute_batch("COMMIT").expect("end the page");
    assert_eq!(
        entries(page),
        entries(store.sql_for_tests()),
        "the next page sees the write"
    );
}
