//! Migrations from empty to latest, the released fixture every later release must open, and
//! the refusal of a store written by a newer app.

use rasoat_store::{migrations, Store, StoreError};

use crate::support::DROP_0028;

#[test]
fn an_empty_file_migrates_to_the_latest_schema() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("new.sqlite");
    let store = Store::open(&path).expect("open");
    assert_eq!(
        store.schema_version().expect("version"),
        migrations::latest_version()
    );
    store.integrity_check().expect("integrity");
    let n_tables: i64 = store
        .sql_for_tests()
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN
             ('installation', 'admin_unit', 'admin_unit_succession', 'round', 'household',
              'survey_record', 'record_summary', 'journal', 'list_import', 'store_meta')",
            [],
            |r| r.get(0),
        )
        .expect("count tables");
    assert_eq!(n_tables, 10);
    let mode: String = store
        .sql_for_tests()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("journal mode");
    assert_eq!(mode, "wal");
    let fk: i64 = store
        .sql_for_tests()
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .expect("fk");
    assert_eq!(fk, 1, "foreign keys must be enforced");
    drop(store);
    // Opening again applies nothing and keeps the version.
    let store = Store::open(&path).expect("reopen");
    assert_eq!(
        store.schema_version().expect("version"),
        migrations::latest_version()
    );
}

/// Made by `cargo run -p rasoat-store --example make_store_fixture` with release 0.1.0
/// (schema 1). Never regenerate it: it stands for stores already in the field.
#[test]
fn the_v1_fixture_opens_and_reads() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/store-v1.sqlite"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("store-v1.sqlite");
    std::fs::copy(fixture, &path).expect("copy fixture");
    let store = Store::open(&path).expect("a v1 store must open in every later release");
    store.integrity_check().expect("integrity");
    let installation = store.installation().expect("installation");
    assert_eq!(installation.unit_code, "00721");
    let rounds = store.rounds().expect("rounds");
    assert_eq!(rounds.len(), 2);
    let round_2025 = rounds.iter().find(|r| r.year == 2025).expect("2025 round");
    let rows = store
        .list_households(&rasoat_store::ListFilter {
            round_id: Some(round_2025.id.clone()),
            ..Default::default()
        })
        .expect("list");
    assert_eq!(rows.len(), 3);
    // Migration 0017 lists the villages the records already named, so the form offers them.
    let villages: Vec<String> = store
        .villages()
        .expect("villages")
        .into_iter()
        .map(|v| v.name)
        .collect();
    for row in &rows {
        assert!(
            villages.contains(&row.village.trim().to_string()),
            "{} not in {villages:?}",
            row.village
        );
    }
    let reported = rows
        .iter()
        .find(|r| r.status == rasoat_domain::workflow::ReviewState::Reported)
        .expect("one household went through the whole review");
    let record = store
        .survey_record(&reported.id, &round_2025.id)
        .expect("record");
    assert!(record.answers.is_some());
    assert_eq!(
        record.review.decision_number.as_deref(),
        Some("125/QĐ-UBND")
    );
    // Its history is in the journal and chains by content hash.
    let history = store
        .journal_of(
            rasoat_store::Entity::Survey,
            &format!("{}/{}", reported.id, round_2025.id),
        )
        .expect("history");
    assert_eq!(
        history.len(),
        6,
        "save, complete, accept, meeting, recognise, report"
    );
    for pair in history.windows(2) {
        assert_eq!(
            pair[1].parent_hash.as_deref(),
            Some(pair[0].content_hash.as_str())
        );
    }
}

#[test]
fn a_store_from_a_newer_app_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("newer.sqlite");
    {
        let store = Store::open(&path).expect("open");
        // What a future release would write: a higher compat level and schema version.
        store
            .sql_for_tests()
            .execute_batch(
                "UPDATE store_meta SET value = '9' WHERE key = 'compat';
                 PRAGMA user_version = 99;",
            )
            .expect("simulate newer app");
    }
    let err = Store::open(&path).expect_err("must refuse");
    assert!(
        matches!(
            err,
            StoreError::NewerStore {
                found: 9,
                supported: 8
            }
        ),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(message.contains("phiên bản Rà soát mới hơn"), "{message}");
    assert!(message.contains("cập nhật"), "{message}");
}

#[test]
fn a_newer_but_compatible_store_still_opens() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("compatible.sqlite");
    {
        let store = Store::open(&path).expect("open");
        store
            .sql_for_tests()
            .execute_batch(&format!(
                "CREATE INDEX future_index ON journal (recorded_at); PRAGMA user_version = {};",
                migrations::latest_version() + 1
            ))
            .expect("simulate an additive migration");
    }
    let store = Store::open(&path).expect("additive changes keep older apps working");
    assert_eq!(
        store.schema_version().expect("version"),
        migrations::latest_version() + 1
    );
}

#[test]
fn installations_enrolled_before_periods_get_the_default_period_and_vouched_ones_none() {
    // A store as migration 0013 left it, with one installation enrolled here and one vouched
    // for by a certificate (no period in either row then).
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("peers.sqlite");
    {
        let store = Store::open(&path).expect("open");
        store
            .sql_for_tests()
            .execute_batch(&format!(
                "{DROP_0028}
                 ALTER TABLE answers DROP COLUMN packed;
                 ALTER TABLE record_summary DROP COLUMN members;
                 ALTER TABLE record_summary DROP COLUMN status;
                 ALTER TABLE record_summary DROP COLUMN answers_hash;
                 ALTER TABLE record_summary DROP COLUMN provisional;
                 ALTER TABLE answers DROP COLUMN open;
                 CREATE TABLE member (household_id TEXT NOT NULL, round_id TEXT NOT NULL,
                     position INTEGER NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL,
                     relation TEXT NOT NULL, birth TEXT NOT NULL, sex TEXT NOT NULL,
                     ethnicity TEXT NOT NULL, PRIMARY KEY (household_id, round_id, position))
                     STRICT, WITHOUT ROWID;
                 DROP TABLE sync_own_certificate;
                 ALTER TABLE sync_peer DROP COLUMN not_before;
                 ALTER TABLE sync_peer DROP COLUMN not_after;
                 DROP TABLE action_log_received;
                 DROP TABLE action_log_sent;
                 INSERT INTO sync_peer (installation_id, role, unit_code, signing_key,
                     encryption_key, card, enrolled_by, certificate, enrolled_at)
                 VALUES ('direct', 'commune', '00721', x'00', 'age1', '{{}}', NULL, NULL,
                         1759305600000),
                        ('vouched', 'enumerator', '00721', x'00', 'age1', '{{}}', 'direct',
                         'ab', 1759305600000);
                 DROP TABLE village; DROP TABLE round_settings;
                 DROP TABLE loaded_standards; DROP TABLE opening_review;
                 PRAGMA user_version = 13;"
            ))
            .expect("step back to 0013");
    }
    let store = Store::open(&path).expect("reopen migrates");
    let period = |id: &str| -> (Option<i64>, Option<i64>) {
        store
            .sql_for_tests()
            .query_row(
                "SELECT not_before, not_after FROM sync_peer WHERE installation_id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("row")
    };
    let five_years = 5 * 365 * 86_400_000_i64;
    assert_eq!(
        period("direct"),
        (
            Some(1_759_305_600_000),
            Some(1_759_305_600_000 + five_years)
        )
    );
    assert_eq!(period("vouched"), (None, None));
}

/// The store's compatibility level as `store_meta` keeps it.
fn compat(store: &Store) -> String {
    store
        .sql_for_tests()
        .query_row(
            "SELECT value FROM store_meta WHERE key = 'compat'",
            [],
            |r| r.get(0),
        )
        .expect("compat")
}

#[test]
fn a_province_installation_is_made_and_an_older_app_refuses_its_store() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("province.sqlite");
    let mut store = Store::open(&path).expect("open");
    store.load_reference_units().expect("units");
    // Every store is at level 8 since migration 0030 (the answers' open list in their own row,
    // where an app of 0029 would write a table dropped), above the province's own level 5.
    assert_eq!(compat(&store), "8");
    let made = store
        .init_installation(rasoat_domain::workflow::Role::Province, "08", "thử", 1)
        .expect("a province office is an installation");
    assert_eq!(made.role, rasoat_domain::workflow::Role::Province);
    // An app that knows levels up to 4 has no word for the role: it refuses the store as one
    // from a newer version instead of failing on the word. Making the province never lowers
    // the store's level.
    assert_eq!(compat(&store), "8");
    drop(store);
    let store = Store::open(&path).expect("reopen");
    assert_eq!(store.installation().expect("read").unit_code, "08");
    assert_eq!(compat(&store), "8");

    // Other offices leave the level where it was.
    let path = dir.path().join("district.sqlite");
    let mut store = Store::open(&path).expect("open");
    store.load_reference_units().expect("units");
    store
        .init_installation(rasoat_domain::workflow::Role::District, "026", "thử", 1)
        .expect("district");
    assert_eq!(compat(&store), "8");
}

#[test]
fn the_installation_table_is_rebuilt_keeping_its_row_and_the_store_level() {
    // A store as migration 0022 left it: the role's CHECK without `province`, level 3.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("commune.sqlite");
    let id = {
        let mut store = Store::open(&path).expect("open");
        store.load_reference_units().expect("units");
        let made = store
            .init_installation(rasoat_domain::workflow::Role::Commune, "00721", "thử", 7)
            .expect("init");
        store
            .sql_for_tests()
            .execute_batch(&format!(
                "{DROP_0028}
                 CREATE TABLE installation_old (
                     singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
                     id         TEXT NOT NULL UNIQUE,
                     role       TEXT NOT NULL CHECK (role IN ('enumerator', 'commune', 'district')),
                     unit_code  TEXT NOT NULL,
                     created_at INTEGER NOT NULL
                 ) STRICT;
                 INSERT INTO installation_old SELECT * FROM installation;
                 DROP TABLE installation;
                 ALTER TABLE installation_old RENAME TO installation;
                 ALTER TABLE record_summary DROP COLUMN provisional;
                 ALTER TABLE answers DROP COLUMN open;
                 DROP TABLE loaded_standards; DROP TABLE opening_review;
                 PRAGMA user_version = 22;"
            ))
            .expect("step back to 0022");
        made.id
    };
    let store = Store::open(&path).expect("reopen migrates");
    let installation = store.installation().expect("installation");
    assert_eq!(installation.id, id);
    assert_eq!(installation.unit_code, "00721");
    assert_eq!(installation.created_at, 7);
    assert_eq!(installation.role, rasoat_domain::workflow::Role::Commune);
    let table: String = store
        .sql_for_tests()
        .query_row(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'installation'",
            [],
            |r| r.get(0),
        )
        .expect("schema");
    assert!(table.contains("'province'"), "{table}");
    // A migration of a lower level never lowers the store's: 0023 (level 1) leaves it at 3,
    // 0024 raises it to 4, 0028 to 6, 0029 to 7 and 0030 to 8.
    assert_eq!(compat(&store), "8");
    store.integrity_check().expect("integrity");
    let broken: i64 = store
        .sql_for_tests()
        .query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .expect("foreign keys");
    assert_eq!(broken, 0);
}

#[test]
fn a_store_whose_level_an_earlier_build_lowered_gets_it_back() {
    // Earlier builds compared the stored level with the new one as text, which SQLite orders
    // above any integer: a migration of level 1 alone set the store's level to 1.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("lowered.sqlite");
    {
        let store = Store::open(&path).expect("open");
        store
            .sql_for_tests()
            .execute_batch(&format!(
                "{DROP_0028}
                 UPDATE store_meta SET value = '1' WHERE key = 'compat';
                 ALTER TABLE record_summary DROP COLUMN provisional;
                 ALTER TABLE answers DROP COLUMN open;
                 DROP TABLE loaded_standards; DROP TABLE opening_review;
                 PRAGMA user_version = 22;"
            ))
            .expect("lowered");
    }
    let store = Store::open(&path).expect("reopen migrates");
    assert_eq!(compat(&store), "8");
}
