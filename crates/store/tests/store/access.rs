//! The encrypted store: nothing readable without a key, unlock by PIN, recovery key and a
//! server's key file, PIN changes that re-wrap without re-encrypting, damaged slots, the
//! wrong-PIN backoff, people and roles, the action log, file modes, and the encryption in place
//! of a plain store from an earlier version.

use std::path::{Path, PathBuf};

use rasoat_domain::workflow::Role;
use rasoat_store::{
    ActionEvent, ActionFilter, Credential, KdfParams, PersonRole, Protected, RecoveryKey,
    RoundKind, ServiceSecret, Store, StoreError, StoreFile,
};

use crate::support::{household, AT};

/// Cheap Argon2id, so the suite does not spend seconds per unlock; the cost is stored in each
/// slot, so the code path is the one the apps use with `KdfParams::STANDARD`.
pub const CHEAP: KdfParams = KdfParams {
    m_kib: 1024,
    t: 1,
    p: 1,
};

pub const PIN: &str = "246810";

fn pin<'a>(person: &'a str, pin: &'a str) -> Credential<'a> {
    Credential::Pin { person, pin }
}

/// A new encrypted commune installation with one household saved; the store is closed.
fn protected_commune(dir: &Path) -> (PathBuf, RecoveryKey, rasoat_domain::Household) {
    let path = dir.join("store.sqlite");
    let Protected {
        mut store,
        administrator,
        recovery_key,
    } = Store::protect(&path, "Quản trị thử", PIN, CHEAP, AT).expect("protect");
    store.load_reference_units().expect("units");
    store
        .init_installation(Role::Commune, "00721", &administrator.actor(), AT)
        .expect("init");
    let round = store
        .open_round(2025, RoundKind::Periodic, None, "nd07-2021", "thử", AT)
        .expect("round");
    let h = household(1);
    store
        .save_household(&round.id, &h, None, &administrator.actor(), AT)
        .expect("save");
    (path, recovery_key, h)
}

fn all_bytes(dir: &Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(dir).expect("dir") {
        let path = entry.expect("entry").path();
        if path.is_file() {
            bytes.extend(std::fs::read(&path).expect("read"));
        }
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn an_encrypted_store_shows_no_name_and_opens_with_no_plain_sqlite() {
    let dir = tempfile::tempdir().expect("dir");
    let (path, _, h) = protected_commune(dir.path());
    let bytes = all_bytes(dir.path());
    for member in &h.members {
        assert!(
            !contains(&bytes, &member.name),
            "a member's name is readable in the store's files"
        );
    }
    assert!(!contains(&bytes, "Thôn Má Lủng"), "a village is readable");
    assert!(
        !contains(&bytes, "SQLite format 3"),
        "a plain header is left"
    );
    assert_eq!(
        rasoat_store::access::store_file(&path).expect("state"),
        StoreFile::Encrypted
    );
    // What `sqlite3 file .tables` does: the same library, no key.
    let raw = rusqlite::Connection::open(&path).expect("open raw");
    let err = raw
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .expect_err("no key, no tables");
    assert!(err.to_string().contains("file is not a database"), "{err}");
    // And the app without a PIN says what it needs.
    let err = Store::open(&path).expect_err("locked");
    assert!(matches!(err, StoreError::Locked), "{err}");
    assert!(err.to_string().contains("cần mã PIN hoặc khóa khôi phục"));
}

#[test]
fn a_pin_or_the_recovery_key_opens_and_a_wrong_pin_opens_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let (path, recovery, h) = protected_commune(dir.path());
    let by_name = Store::unlock(&path, &pin("Quản trị thử", PIN), AT + 1).expect("pin");
    let admin = by_name.person.clone().expect("signed in");
    assert_eq!(admin.role, PersonRole::Administrator);
    assert!(by_name.store.is_encrypted());
    let hmac: String = by_name
        .store
        .sql_for_tests()
        .query_row("PRAGMA cipher_hmac_algorithm", [], |r| r.get(0))
        .expect("cipher settings");
    assert_eq!(hmac, "HMAC_SHA256");
    let round = by_name.store.current_round().expect("round");
    by_name
        .store
        .survey_record(&h.id.to_string(), &round.id)
        .expect("the household is there");
    drop(by_name);
    let by_id = Store::unlock(&path, &pin(&admin.id, PIN), AT + 2).expect("pin by id");
    assert_eq!(by_id.person.as_ref().map(|p| &p.id), Some(&admin.id));
    drop(by_id);
    let err = Store::unlock(&path, &pin("Quản trị thử", "135790"), AT + 3).expect_err("wrong");
    assert!(
        matches!(err, StoreError::WrongPin { tries_left: 4 }),
        "{err}"
    );
    let typed = recovery.groups().join(" ");
    let key = RecoveryKey::parse(&typed).expect("parse");
    let unlocked = Store::unlock(&path, &Credential::Recovery(&key), AT + 4).expect("recovery");
    assert!(unlocked.person.is_none());
    let events: Vec<ActionEvent> = unlocked
        .store
        .actions(100)
        .expect("actions")
        .into_iter()
        .map(|a| a.event)
        .collect();
    assert_eq!(
        events,
        vec![
            ActionEvent::RecoveryUnlock,
            ActionEvent::SignInFailed,
            ActionEvent::SignIn,
            ActionEvent::SignIn,
            ActionEvent::PersonAdded,
        ]
    );
}

#[test]
fn a_pin_change_rewraps_the_same_key_without_re_encrypting() {
    let dir = tempfile::tempdir().expect("dir");
    let (path, recovery, _) = protected_commune(dir.path());
    let salt_before = std::fs::read(&path).expect("read")[..16].to_vec();
    let unlocked = Store::unlock(&path, &pin("Quản trị thử", PIN), AT).expect("pin");
    let mut store = unlocked.store;
    let admin = unlocked.person.expect("person");
    store
        .change_pin(&admin, "97531086", AT + 1)
        .expect("change");
    drop(store);
    assert!(matches!(
        Store::unlock(&path, &pin("Quản trị thử", PIN), AT + 2),
        Err(StoreError::WrongPin { .. })
    ));
    Store::unlock(&path, &pin("Quản trị thử", "97531086"), AT + 3).expect("new pin");
    // The recovery slot was not touched: it still opens, so the data key is the one it wrapped
    // before the change, and the file keeps its SQLCipher salt: nothing was re-encrypted.
    Store::unlock(&path, &Credential::Recovery(&recovery), AT + 4).expect("recovery");
    assert_eq!(std::fs::read(&path).expect("read")[..16], salt_before[..]);
}

#[test]
fn a_pin_change_that_cannot_be_written_leaves_the_old_pin_working() {
    let dir = tempfile::tempdir().expect("dir");
    let (path, _, _) = protected_commune(dir.path());
    let keys_path = rasoat_store::keys::KeysFile::path_for(&path);
    let before = std::fs::read(&keys_path).expect("keys");
    let unlocked = Store::unlock(&path, &pin("Quản trị thử", PIN), AT).expect("pin");
    let mut store = unlocked.store;
    let admin = unlocked.person.expect("person");
    // The new keys file is written beside the old one first; a folder in its place stands
    // for a full disk: the write fails before anything is renamed.
    let mut tmp = keys_path.as_os_str().to_owned();
    tmp.push(".tmp");
    std::fs::create_dir(&tmp).expect("block the temporary file");
    let err = store
        .change_pin(&admin, "97531086", AT + 1)
        .expect_err("cannot write");
    assert!(matches!(err, StoreError::Io { .. }), "{err}");
    drop(store);
    std::fs::remove_dir(&tmp).expect("unblock");
    let after = std::fs::read(&keys_path).expect("keys");
    let slots = |bytes: &[u8]| -> serde_json::Value {
        serde_json::from_slice::<serde_json::Value>(bytes).expect("json")["slots"].clone()
    };
    assert_eq!(slots(&before), slots(&after), "no slot changed");
    Store::unlock(&path, &pin("Quản trị thử", PIN), AT + 2).expect("the old PIN still opens");
}

#[test]
fn changes_to_people_that_cannot_be_written_leave_every_way_in_as_it_was() {
    let dir = tempfile::tempdir().expect("dir");
    let (path, recovery, _) = protected_commune(dir.path());
    let keys_path = rasoat_store::keys::KeysFile::path_for(&path);
    let unlocked = Store::unlock(&path, &pin("Quản trị thử", PIN), AT).expect("pin");
    let mut store = unlocked.store;
    let admin = unlocked.person.expect("admin");
    let reviewer = store
        .add_person(
            &admin,
            "Rà soát viên thử",
            PersonRole::Reviewer,
            "112233",
            AT,
        )
        .expect("add");
    let people_before = store.people().expect("people");
    let keys_before = std::fs::read(&keys_path).expect("keys");
    // A folder where the new keys file is written first stands for a full disk.
    let mut tmp = keys_path.as_os_str().to_owned();
    tmp.push(".tmp");
    std::fs::create_dir(&tmp).expect("block the temporary file");
    let err = store
        .add_person(&admin, "Người mới", PersonRole::Reviewer, "445566", AT + 1)
        .expect_err("cannot add");
    assert!(matches!(err, StoreError::Io { .. }), "{err}");
    assert_eq!(
        store.people().expect("people"),
        people_before,
        "no one added"
    );
    let err = store
        .reset_pin(&admin, &reviewer.id, "778899", AT + 2)
        .expect_err("cannot reset");
    assert!(matches!(err, StoreError::Io { .. }), "{err}");
    assert_eq!(std::fs::read(&keys_path).expect("keys"), keys_before);
    // Disabling writes the store first: the person is refused at once, even though their slot
    // could not be removed from the keys file yet.
    let err = store
        .disable_person(&admin, &reviewer.id, AT + 3)
        .expect_err("keys file not written");
    assert!(matches!(err, StoreError::Io { .. }), "{err}");
    drop(store);
    std::fs::remove_dir(&tmp).expect("unblock");
    let err = Store::unlock(&path, &pin("Rà soát viên thử", "112233"), AT + 4)
        .expect_err("disabled in the store");
    assert!(matches!(err, StoreError::PersonDisabled), "{err}");
    // The reset that could not be written gave no new PIN.
    assert!(matches!(
        Store::unlock(&path, &pin("Rà soát viên thử", "778899"), AT + 4),
        Err(StoreError::WrongPin { .. })
    ));
    Store::unlock(&path, &pin("Quản trị thử", PIN), AT + 5).expect("the administrator");
    Store::unlock(&path, &Credential::Recovery(&recovery), AT + 6).expect("the recovery key");
}

#[test]
fn a_damaged_slot_is_named_and_the_recovery_key_still_opens() {
    let dir = tempfile::tempdir().expect("dir");
    let (path, recovery, _) = protected_commune(dir.path());
    let keys_path = rasoat_store::keys::KeysFile::path_for(&path);
    let mut keys: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&keys_path).expect("keys")).expect("json");
    let slots = keys["slots"].as_array_mut().expect("slots");
    let person_slot = slots
        .iter_mut()
        .find(|s| s["kind"] == "person")
        .expect("person slot");
    let wrapped = person_slot["wrapped"]
        .as_str()
        .expect("wrapped")
        .to_string();
    // The first byte changed whatever it was: "ff" over a wrapped key that began with ff (one
    // key in 256) damaged nothing, and the test failed now and then.
    let first = if wrapped.starts_with("ff") {
        "00"
    } else {
        "ff"
    };
    person_slot["wrapped"] = serde_json::Value::String(format!("{first}{}", &wrapped[2..]));
    std::fs::write(&keys_path, serde_json::to_vec(&keys).expect("json")).expect("write");
    let err = Store::unlock(&path, &pin("Quản trị thử", PIN), AT).expect_err("damaged");
    assert!(matches!(err, StoreError::KeySlotDamaged), "{err}");
    Store::unlock(&path, &Credential::Recovery(&recovery), AT).expect("recovery opens");
    // A slot that is not even JSON any more leaves the others usable too.
    let mut keys: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&keys_path).expect("keys")).expect("json");
    let slots = keys["slots"].as_array_mut().expect("slots");
    for slot in slots.iter_mut().filter(|s| s["kind"] == "person") {
        *slot = serde_json::json!({"kind": "person", "owner": 7});
    }
    std::fs::write(&keys_path, serde_json::to_vec(&keys).expect("json")).expect("write");
    let err = Store::unlock(&path, &pin("Quản trị thử", PIN), AT).expect_err("unreadable");
    assert!(matches!(err, StoreError::KeySlotDamaged), "{err}");
    Store::unlock(&path, &Credential::Recovery(&recovery), AT).expect("recovery opens");
}

#[test]
fn wrong_pins_back_off_after_five_and_are_audited_at_the_next_sign_in() {
    let dir = tempfile::tempdir().expect("dir");
    let (path, _, _) = protected_commune(dir.path());
    let who = "Quản trị thử";
    for (i, left) in [4u32, 3, 2, 1].into_iter().enumerate() {
        let err = Store::unlock(&path, &pin(who, "000000"), AT + i as i64).expect_err("wrong");
        assert!(
            matches!(err, StoreError::WrongPin { tries_left } if tries_left == left),
            "{err}"
        );
    }
    let err = Store::unlock(&path, &pin(who, "000000"), AT + 10).expect_err("fifth");
    assert!(matches!(err, StoreError::TryLater { seconds: 30 }), "{err}");
    assert!(err.to_string().contains("thử lại sau 30 giây"), "{err}");
    // During the wait even the right PIN is not tried.
    let err = Store::unlock(&path, &pin(who, PIN), AT + 10_010).expect_err("waiting");
    assert!(matches!(err, StoreError::TryLater { seconds: 20 }), "{err}");
    // A wrong try after the wait doubles it.
    let err = Store::unlock(&path, &pin(who, "000000"), AT + 40_010).expect_err("sixth");
    assert!(matches!(err, StoreError::TryLater { seconds: 60 }), "{err}");
    let unlocked = Store::unlock(&path, &pin(who, PIN), AT + 100_010).expect("after the wait");
    let actions = unlocked.store.actions(100).expect("actions");
    let failed = actions
        .iter()
        .filter(|a| a.event == ActionEvent::SignInFailed)
        .count();
    assert_eq!(failed, 6);
    assert_eq!(actions[0].event, ActionEvent::SignIn);
    drop(unlocked);
    // The count starts again after a success.
    let err = Store::unlock(&path, &pin(who, "000000"), AT + 200_000).expect_err("wrong");
    assert!(
        matches!(err, StoreError::WrongPin { tries_left: 4 }),
        "{err}"
    );
}

#[test]
fn an_administrator_adds_resets_and_disables_people() {
    let dir = tempfile::tempdir().expect("dir");
    let (path, _, _) = protected_commune(dir.path());
    let unlocked = Store::unlock(&path, &pin("Quản trị thử", PIN), AT).expect("pin");
    let mut store = unlocked.store;
    let admin = unlocked.person.expect("admin");
    let reviewer = store
        .add_person(
            &admin,
            "Rà soát viên thử",
            PersonRole::Reviewer,
            "112233",
            AT,
        )
        .expect("add");
    assert!(matches!(
        store.add_person(&admin, "Ngắn", PersonRole::Reviewer, "123", AT),
        Err(StoreError::PinTooWeak)
    ));
    assert!(matches!(
        store.add_person(&reviewer, "Khác", PersonRole::Reviewer, "445566", AT),
        Err(StoreError::NotAdministrator)
    ));
    assert!(matches!(
        store.disable_person(&admin, &admin.id, AT),
        Err(StoreError::LastAdministrator)
    ));
    store
        .reset_pin(&admin, &reviewer.id, "778899", AT)
        .expect("reset");
    drop(store);
    let names: Vec<String> = Store::sign_in_names(&path)
        .expect("names")
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names, ["Quản trị thử", "Rà soát viên thử"]);
    assert!(matches!(
        Store::unlock(&path, &pin("Rà soát viên thử", "112233"), AT),
        Err(StoreError::WrongPin { .. })
    ));
    let signed = Store::unlock(&path, &pin("Rà soát viên thử", "778899"), AT).expect("reviewer");
    assert_eq!(
        signed.person.as_ref().map(|p| p.role),
        Some(PersonRole::Reviewer)
    );
    drop(signed);
    let unlocked = Store::unlock(&path, &pin("Quản trị thử", PIN), AT).expect("pin");
    let mut store = unlocked.store;
    store
        .disable_person(&admin, &reviewer.id, AT + 5)
        .expect("disable");
    let events: Vec<ActionEvent> = store
        .actions(100)
        .expect("actions")
        .into_iter()
        .map(|a| a.event)
        .collect();
    for wanted in [
        ActionEvent::PersonAdded,
        ActionEvent::PinReset,
        ActionEvent::PersonDisabled,
    ] {
        assert!(events.contains(&wanted), "{wanted:?} in {events:?}");
    }
    drop(store);
    let err = Store::unlock(&path, &pin("Rà soát viên thử", "778899"), AT).expect_err("disabled");
    assert!(matches!(err, StoreError::PersonDisabled), "{err}");
    assert_eq!(Store::sign_in_names(&path).expect("names").len(), 1);
}

#[test]
fn only_an_administrator_lists_people_and_the_action_log_filtered_newest_first() {
    let dir = tempfile::tempdir().expect("dir");
    let (path, _, _) = protected_commune(dir.path());
    let unlocked = Store::unlock(&path, &pin("Quản trị thử", PIN), AT).expect("pin");
    let mut store = unlocked.store;
    let admin = unlocked.person.expect("admin");
    let officer = store
        .add_person(
            &admin,
            "Cán bộ xã thử",
            PersonRole::CommuneOfficer,
            "112233",
            AT + 1,
        )
        .expect("add");
    store
        .record_action(
            AT + 2,
            Some(&officer),
            ActionEvent::ReviewDecision,
            Some("h-1"),
            1,
        )
        .expect("decision");
    store
        .record_action(
            AT + 3,
            Some(&officer),
            ActionEvent::ExportWithNames,
            Some("danh-sach.xlsx"),
            12,
        )
        .expect("export");

    assert!(matches!(
        store.people_for(&officer),
        Err(StoreError::NotAdministrator)
    ));
    assert!(matches!(
        store.actions_for(&officer, &ActionFilter::default()),
        Err(StoreError::NotAdministrator)
    ));
    let people = store.people_for(&admin).expect("people");
    assert_eq!(people.len(), 2);

    let all = store
        .actions_for(
            &admin,
            &ActionFilter {
                limit: 100,
                ..ActionFilter::default()
            },
        )
        .expect("all");
    assert!(all.windows(2).all(|w| w[0].id > w[1].id), "newest first");
    let theirs = store
        .actions_for(
            &admin,
            &ActionFilter {
                person_id: Some(officer.id.clone()),
                limit: 100,
                ..ActionFilter::default()
            },
        )
        .expect("theirs");
    let events: Vec<ActionEvent> = theirs.iter().map(|a| a.event).collect();
    assert_eq!(
        events,
        [ActionEvent::ExportWithNames, ActionEvent::ReviewDecision]
    );
    let exports = store
        .actions_for(
            &admin,
            &ActionFilter {
                event: Some(ActionEvent::ExportWithNames),
                limit: 100,
                ..ActionFilter::default()
            },
        )
        .expect("exports");
    assert_eq!(exports.len(), 1);
    assert_eq!(exports[0].households, 12);
    let one = store
        .actions_for(
            &admin,
            &ActionFilter {
                limit: 1,
                ..ActionFilter::default()
            },
        )
        .expect("one");
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].id, all[0].id);

    // The idle lock stays between a minute and a working day.
    assert!(matches!(
        store.set_idle_lock_minutes(&officer, 5, AT + 4),
        Err(StoreError::NotAdministrator)
    ));
    assert_eq!(
        store.set_idle_lock_minutes(&admin, 0, AT + 4).expect("0"),
        1
    );
    assert_eq!(
        store
            .set_idle_lock_minutes(&admin, 1_000_000, AT + 4)
            .expect("huge"),
        rasoat_store::people::MAX_IDLE_LOCK_MINUTES
    );
    assert_eq!(
        store.set_idle_lock_minutes(&admin, 15, AT + 4).expect("15"),
        15
    );
    assert_eq!(Store::idle_lock_minutes(&path).expect("read"), Some(15));

    // A disabled administrator lists nothing either.
    let second = store
        .add_person(
            &admin,
            "Quản trị hai",
            PersonRole::Administrator,
            "445566",
            AT + 4,
        )
        .expect("second admin");
    store
        .disable_person(&admin, &second.id, AT + 5)
        .expect("disable");
    assert!(matches!(
        store.people_for(&second),
        Err(StoreError::PersonDisabled)
    ));
}

#[test]
fn a_server_key_file_opens_only_when_its_account_alone_can_read_it() {
    let dir = tempfile::tempdir().expect("dir");
    let (path, _, _) = protected_commune(dir.path());
    let key_file = dir.path().join("service.key");
    {
        let unlocked = Store::unlock(&path, &pin("Quản trị thử", PIN), AT).expect("pin");
        let mut store = unlocked.store;
        let admin = unlocked.person.expect("admin");
        store
            .make_service_key(&admin, &key_file, AT)
            .expect("service key");
    }
    let secret = ServiceSecret::read(&key_file).expect("read");
    let unlocked = Store::unlock(&path, &Credential::Service(&secret), AT).expect("service");
    assert!(unlocked.person.is_none());
    drop(unlocked);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        let err = ServiceSecret::read(&key_file).expect_err("too open");
        assert!(matches!(err, StoreError::KeyFileTooOpen { .. }), "{err}");
    }
}

#[cfg(unix)]
#[test]
fn the_store_its_wal_and_its_keys_are_private_in_a_private_folder() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("new-folder").join("store.sqlite");
    let protected = Store::protect(&path, "Quản trị thử", PIN, CHEAP, AT).expect("protect");
    let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode(path.parent().expect("folder")), 0o700);
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&rasoat_store::keys::KeysFile::path_for(&path)), 0o600);
    let wal = dir.path().join("new-folder").join("store.sqlite-wal");
    assert!(wal.exists(), "an open store in WAL mode has its WAL");
    assert_eq!(mode(&wal), 0o600);
    drop(protected);
    // A plain store created by this version is private too.
    let plain = dir.path().join("plain.sqlite");
    drop(Store::open(&plain).expect("plain"));
    assert_eq!(mode(&plain), 0o600);
}

#[test]
fn a_plain_store_is_encrypted_in_place_with_everything_in_it() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut plain, round, path) = crate::support::commune_store(dir.path());
    let h = household(7);
    plain
        .save_household(&round.id, &h, None, "thử", AT)
        .expect("save");
    let digests = plain.table_digests().expect("digests");
    drop(plain);
    let protected = Store::protect(&path, "Quản trị thử", PIN, CHEAP, AT).expect("encrypt");
    let after = protected.store.table_digests().expect("digests");
    for (table, digest) in &digests {
        if table != "action_log" && table != "person" {
            assert_eq!(after.get(table), Some(digest), "table {table} changed");
        }
    }
    drop(protected);
    let bytes = all_bytes(dir.path());
    for member in &h.members {
        assert!(!contains(&bytes, &member.name), "a name survived");
    }
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("plain-old") || n.contains("encrypting") || n.contains("pending"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let unlocked = Store::unlock(&path, &pin("Quản trị thử", PIN), AT).expect("pin");
    assert_eq!(
        unlocked
            .store
            .actions(10)
            .expect("actions")
            .last()
            .map(|a| a.event),
        Some(ActionEvent::StoreEncrypted)
    );
}

#[test]
fn the_released_v1_store_is_encrypted_and_migrated() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("v1.sqlite");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store-v1.sqlite"),
        &path,
    )
    .expect("copy fixture");
    let protected = Store::protect(&path, "Quản trị thử", PIN, CHEAP, AT).expect("encrypt v1");
    assert_eq!(
        protected.store.schema_version().expect("version"),
        rasoat_store::migrations::latest_version()
    );
    protected.store.integrity_check().expect("sound");
    drop(protected);
    assert_eq!(
        rasoat_store::access::store_file(&path).expect("state"),
        StoreFile::Encrypted
    );
}
