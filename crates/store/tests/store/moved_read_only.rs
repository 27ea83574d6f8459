//! A moved installation's old machine is read-only for everything that matters: each local
//! change the journal never sees (people, PINs, the idle lock, the service key, villages, the
//! form's typing buffer, households per unit, round settings, reviews) is refused in plain
//! words naming the day, with every table and the keys file unchanged; sign-in, reading and a
//! person's own PIN change stay possible; an app that knows nothing of moves meets the same
//! refusal in SQL.

use std::path::{Path, PathBuf};

use rasoat_domain::classify::Settings;
use rasoat_domain::round_settings::set;
use rasoat_domain::workflow::ReviewAction;
use rasoat_store::{Credential, PersonRole, Store, StoreError};

use crate::access::PIN;
use crate::moving::{laptop, moved_out, Laptop};
use crate::support::AT;

const SCRATCH: &str = r#"{"đang gõ": true}"#;

/// A laptop with a village, a typing buffer and a reviewer, moved out.
fn moved_laptop(dir: &Path) -> (Laptop, PathBuf) {
    let mut laptop = laptop(dir);
    let by = laptop.administrator.clone();
    laptop
        .store
        .add_village("Thôn Thử Một", &by.actor(), AT + 10)
        .expect("village");
    let household = laptop.households[0].id.to_string();
    laptop
        .store
        .save_scratch(&household, &laptop.round.id, SCRATCH, AT + 11)
        .expect("scratch");
    let file = dir.join("chuyen-may.rasoat-move");
    moved_out(&mut laptop, &file);
    let keys = dir.join("rasoat.sqlite.keys");
    (laptop, keys)
}

fn reviewer_id(store: &Store) -> String {
    store
        .people()
        .expect("people")
        .into_iter()
        .find(|p| p.role == PersonRole::Reviewer)
        .expect("reviewer")
        .id
}

/// Runs `change`, which must be refused as a moved installation's, leaving every table and
/// the keys file as they were.
fn refused<T: std::fmt::Debug>(
    laptop: &mut Laptop,
    keys: &Path,
    what: &str,
    change: impl FnOnce(&mut Store) -> Result<T, StoreError>,
) {
    let digests = laptop.store.table_digests().expect("digests");
    let keys_before = std::fs::read(keys).expect("keys file");
    let refusal = change(&mut laptop.store).expect_err(what);
    assert!(
        matches!(refusal, StoreError::InstallationMoved { .. }),
        "{what}: {refusal:?}"
    );
    let words = refusal.to_string();
    assert!(
        words.starts_with("Máy này đã chuyển sang máy khác ngày 01/10/2025")
            && words.contains("this installation moved to another machine on 01/10/2025"),
        "{what}: {words}"
    );
    assert_eq!(
        laptop.store.table_digests().expect("digests"),
        digests,
        "{what} changed a table"
    );
    assert_eq!(
        std::fs::read(keys).expect("keys file"),
        keys_before,
        "{what} changed the keys file"
    );
}

#[test]
fn every_local_change_is_refused_after_the_move_with_the_store_and_keys_unchanged() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut laptop, keys) = moved_laptop(dir.path());
    let by = laptop.administrator.clone();
    let actor = by.actor();
    let reviewer = reviewer_id(&laptop.store);
    let household = laptop.households[0].id.to_string();
    let round = laptop.round.id.clone();
    let service_key = dir.path().join("service.key");

    refused(&mut laptop, &keys, "add a person", |s| {
        s.add_person(
            &by,
            "Người mới thử",
            PersonRole::Reviewer,
            "246802",
            AT + 500,
        )
    });
    refused(&mut laptop, &keys, "disable a person", |s| {
        s.disable_person(&by, &reviewer, AT + 500)
    });
    refused(&mut laptop, &keys, "reset a PIN", |s| {
        s.reset_pin(&by, &reviewer, "975310", AT + 500)
    });
    refused(&mut laptop, &keys, "set the idle lock", |s| {
        s.set_idle_lock_minutes(&by, 3, AT + 500)
    });
    refused(&mut laptop, &keys, "make a service key", |s| {
        s.make_service_key(&by, &service_key, AT + 500)
    });
    assert!(!service_key.exists(), "no service key file is written");
    refused(&mut laptop, &keys, "add a village", |s| {
        s.add_village("Thôn Thử Hai", &actor, AT + 500)
    });
    refused(&mut laptop, &keys, "rename a village", |s| {
        s.rename_village("Thôn Thử Một", "Thôn Thử Mới", &actor, AT + 500)
    });
    refused(&mut laptop, &keys, "retire a village", |s| {
        s.set_village_retired("Thôn Thử Một", true, &actor, AT + 500)
    });
    refused(&mut laptop, &keys, "list the records' villages", |s| {
        s.list_villages_of_records(&actor, AT + 500)
    });
    refused(&mut laptop, &keys, "journal the villages", |s| {
        s.journal_unsent_villages(&actor, AT + 500)
    });
    refused(&mut laptop, &keys, "keep typed input", |s| {
        s.save_scratch(&household, &round, r#"{"khác": 1}"#, AT + 500)
    });
    refused(&mut laptop, &keys, "forget typed input", |s| {
        s.discard_scratch(&household, &round)
    });
    refused(&mut laptop, &keys, "enter households per unit", |s| {
        s.set_unit_households("00721", None, None, 2025, 1200, &actor, AT + 500)
    });
    let settings = set(&Settings::default(), "score.section_14", "highest_row").expect("set");
    refused(&mut laptop, &keys, "change the round's settings", |s| {
        s.set_round_settings(&round, &settings, &actor, AT + 500)
    });
    refused(&mut laptop, &keys, "take a review step", |s| {
        s.review(
            &household,
            &round,
            &ReviewAction::Complete,
            &actor,
            "xong",
            AT + 500,
        )
    });

    // The recovery key stands in for an administrator: refused the same way.
    drop(laptop.store);
    laptop.store = Store::unlock(
        &laptop.path,
        &Credential::Recovery(&laptop.recovery_key),
        AT + 600,
    )
    .expect("the recovery key still opens")
    .store;
    refused(&mut laptop, &keys, "reset a PIN by the recovery key", |s| {
        s.reset_pin_after_recovery(&reviewer, "975310", AT + 700)
    });
}

#[test]
fn sign_in_reading_and_a_persons_own_pin_stay_possible() {
    let dir = tempfile::tempdir().expect("dir");
    let (laptop, _) = moved_laptop(dir.path());
    let household = laptop.households[0].id.to_string();
    let round = laptop.round.id.clone();
    let path = laptop.path.clone();
    drop(laptop.store);

    let unlocked = Store::unlock(
        &path,
        &Credential::Pin {
            person: "Rà soát viên thử",
            pin: "135790",
        },
        AT + 500,
    )
    .expect("the reviewer signs in");
    let mut store = unlocked.store;
    let reviewer = unlocked.person.expect("person");
    assert!(store.moved_out().expect("mark").is_some());
    // A report is read, and nothing of it is kept in the file (`kept_figures`).
    let digests = store.table_digests().expect("digests");
    store
        .round_report(&rasoat_store::report::ReportRequest {
            round_id: round.clone(),
            basis: rasoat_store::UnitBasis::AsRecorded,
            unit: None,
            villages: true,
            changes: true,
        })
        .expect("a report");
    assert_eq!(store.table_digests().expect("digests"), digests);
    assert_eq!(
        store
            .scratch(&household, &round)
            .expect("scratch")
            .expect("the typed input is kept")
            .json,
        SCRATCH
    );
    assert!(store
        .villages()
        .expect("villages")
        .iter()
        .any(|v| v.name == "Thôn Thử Một"));
    // A PIN someone has seen can still be changed where the households' names still are.
    store
        .change_pin(&reviewer, "864200", AT + 600)
        .expect("one's own PIN");
    drop(store);
    Store::unlock(
        &path,
        &Credential::Pin {
            person: "Rà soát viên thử",
            pin: "864200",
        },
        AT + 700,
    )
    .expect("the new PIN opens");
    assert!(Store::unlock(
        &path,
        &Credential::Pin {
            person: "Rà soát viên thử",
            pin: "135790",
        },
        AT + 800,
    )
    .is_err());
    Store::unlock(
        &path,
        &Credential::Pin {
            person: &laptop.administrator.id,
            pin: PIN,
        },
        AT + 900,
    )
    .expect("the administrator signs in");
}

/// What an app from before moves would run on the guarded tables.
const OLDER_APP_WRITES: &[&str] = &[
    "INSERT INTO person (id, name, role, created_at) VALUES ('p-cu', 'Người thử', 'reviewer', 1)",
    "UPDATE person SET disabled_at = 1",
    "UPDATE village SET name = 'Thôn Khác'",
    "DELETE FROM village",
    "INSERT INTO form_scratch (household_id, round_id, json, saved_at) VALUES ('h', 'r', '{}', 1)",
    "DELETE FROM form_scratch",
    "INSERT INTO unit_households (unit_code, valid_from, village, year, households, entered_by,
     entered_at) VALUES ('00721', '2025-07-01', '', 2025, 10, 'thử', 1)",
    "INSERT INTO round_settings (round_id, settings, entry_id, recorded_at)
     SELECT id, '{}', 'e', 1 FROM round",
    "DELETE FROM sync_identity",
    "INSERT INTO sync_outbox (batch_id, recipient, bytes, size, sha256, ranges, created_at)
     VALUES ('lo-thu', 'may-chu', x'00', 1, 'x', '{}', 1)",
];

fn older_app_is_refused(store: &Store) {
    let digests = store.table_digests().expect("digests");
    for sql in OLDER_APP_WRITES {
        let refusal = store
            .sql_for_tests()
            .execute_batch(sql)
            .expect_err("refused in SQL");
        assert!(
            refusal
                .to_string()
                .contains("installation moved to another machine"),
            "{sql}: {refusal}"
        );
    }
    assert_eq!(store.table_digests().expect("digests"), digests);
}

#[test]
fn an_app_from_before_moves_cannot_write_the_guarded_tables() {
    let dir = tempfile::tempdir().expect("dir");
    let (laptop, _) = moved_laptop(dir.path());
    older_app_is_refused(&laptop.store);

    // A store moved by a version that guarded the journal only gets the rest at its next open.
    let path = laptop.path.clone();
    let administrator = laptop.administrator.id.clone();
    let triggers: Vec<String> = laptop
        .store
        .sql_for_tests()
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'
             AND name LIKE '%refused_after_move' AND name <> 'journal_refused_after_move'",
        )
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("names");
    assert!(triggers.len() >= OLDER_APP_WRITES.len() / 2, "{triggers:?}");
    for name in &triggers {
        laptop
            .store
            .sql_for_tests()
            .execute_batch(&format!("DROP TRIGGER {name}"))
            .expect("drop");
    }
    drop(laptop.store);
    let reopened = Store::unlock(
        &path,
        &Credential::Pin {
            person: &administrator,
            pin: PIN,
        },
        AT + 500,
    )
    .expect("sign in");
    older_app_is_refused(&reopened.store);
}
