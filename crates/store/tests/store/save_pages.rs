//! What a save must still do now that it writes fewer pages: a re-save that changes the code,
//! the village or the head is found by its new values (the indexes follow), one that changes
//! none keeps everything found; and a store whose `answers` table predates migration 0029 is
//! rebuilt keeping every answers document.

use rasoat_store::{migrations, ListFilter, Store};

use crate::support::{commune_store, household, AT};

fn found(store: &Store, round_id: &str, text: &str, village: Option<&str>) -> Vec<String> {
    store
        .list_households(&ListFilter {
            round_id: Some(round_id.to_string()),
            text: Some(text.to_string()),
            village: village.map(str::to_string),
            ..Default::default()
        })
        .expect("list")
        .into_iter()
        .map(|row| row.id)
        .collect()
}

#[test]
fn a_resave_is_found_by_its_new_code_and_village_and_an_unchanged_one_by_its_old() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = commune_store(dir.path());
    let mut h = household(1);
    let id = h.id.to_string();
    store
        .save_household(&round.id, &h, None, "thử", AT)
        .expect("first save");
    let old_code = h.code.clone();

    // Only the notes change: still found by its code and in its village.
    h.notes = "ghi chú".into();
    store
        .save_household(&round.id, &h, None, "thử", AT + 1)
        .expect("unchanged place");
    assert_eq!(
        found(&store, &round.id, &old_code, Some(&h.location.village)),
        vec![id.clone()]
    );

    // New code and village: found by them, no longer by the old ones.
    h.code = "ZZ-777".into();
    h.location.village = "Thôn Mới (thử)".into();
    store
        .save_household(&round.id, &h, None, "thử", AT + 2)
        .expect("moved");
    assert_eq!(
        found(&store, &round.id, "ZZ-777", Some("Thôn Mới (thử)")),
        vec![id.clone()]
    );
    assert!(found(&store, &round.id, &old_code, None).is_empty());
    assert!(found(&store, &round.id, "ZZ-777", Some("Thôn Má Lủng (thử)")).is_empty());
    store.integrity_check().expect("integrity");
    assert_eq!(store.record_summary_mismatches().expect("summary"), 0);
}

#[test]
fn answers_kept_with_a_rowid_before_0029_are_rebuilt_keeping_every_document() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, path) = commune_store(dir.path());
    let households: Vec<_> = (1..=30).map(household).collect();
    for h in &households {
        store
            .save_household(&round.id, h, None, "thử", AT)
            .expect("save");
    }
    // Step back: `answers` as it was before 0029 (a rowid table with a UNIQUE hash).
    store
        .sql_for_tests()
        .execute_batch(&format!(
            "BEGIN;
             PRAGMA defer_foreign_keys = ON;
             CREATE TABLE answers_old (hash TEXT NOT NULL UNIQUE, json TEXT NOT NULL,
                                       packed BLOB) STRICT;
             INSERT INTO answers_old SELECT hash, json, packed FROM answers;
             DROP TABLE answers;
             CREATE TABLE answers (hash TEXT NOT NULL UNIQUE, json TEXT NOT NULL,
                                   packed BLOB) STRICT;
             INSERT INTO answers (hash, json, packed)
                 SELECT hash, json, packed FROM answers_old;
             DROP TABLE answers_old;
             COMMIT;
             PRAGMA user_version = {};",
            migrations::latest_version() - 1
        ))
        .expect("step back");
    drop(store);

    let mut store = Store::open(&path).expect("reopen migrates");
    let table: String = store
        .sql_for_tests()
        .query_row(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'answers'",
            [],
            |r| r.get(0),
        )
        .expect("schema");
    assert!(table.contains("WITHOUT ROWID"), "{table}");
    for h in &households {
        let record = store
            .survey_record(&h.id.to_string(), &round.id)
            .expect("record");
        assert_eq!(record.answers.as_ref(), Some(h));
    }
    let broken: i64 = store
        .sql_for_tests()
        .query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .expect("foreign keys");
    assert_eq!(broken, 0);
    store.integrity_check().expect("integrity");
    // Saves go on into the rebuilt table, and a record cannot name answers it lacks.
    store
        .save_household(&round.id, &household(31), None, "thử", AT)
        .expect("save after");
    let orphan = store.sql_for_tests().execute(
        "UPDATE survey_record SET answers_hash = 'không có' WHERE household_id = ?1",
        [households[0].id.to_string()],
    );
    assert!(orphan.is_err(), "the foreign key must still hold");
}
