//! Moving an installation: the move file shows nothing in clear, carries the whole store with
//! its keys (same id, journal, people and PINs, recovery key), refuses a wrong passphrase, a
//! damaged or foreign file and an occupied target with nothing created, and leaves the source
//! readable but refusing every change, with the move in both action logs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rasoat_domain::workflow::Role;
use rasoat_store::{
    ActionEvent, ActionFilter, Credential, MoveCost, MovePassphrase, Person, PersonRole, Protected,
    RecoveryKey, Round, RoundKind, Store, StoreError, StoredIdentity,
};

use crate::access::{CHEAP, PIN};
use crate::support::{household, AT};

/// A cheap scrypt for the suite; the work factor travels in the file, so the reader's path is
/// the one a real move takes.
pub(crate) const COST: MoveCost = MoveCost {
    scrypt_log_n: Some(10),
};

pub(crate) const PASSPHRASE: &str = "núi đá Đồng Văn mùa hoa tam giác mạch";

/// Synthetic keys, so a test can look for their bytes in the move file.
const SIGNING_SEED: [u8; 32] = [0x5a; 32];
const ENCRYPTION_SECRET: &str =
    "AGE-SECRET-KEY-1THUTHUTHUTHUTHUTHUTHUTHUTHUTHUTHUTHUTHUTHUTHUTHUTHUTHUTHUQ";

pub(crate) struct Laptop {
    pub(crate) path: PathBuf,
    pub(crate) store: Store,
    pub(crate) administrator: Person,
    pub(crate) recovery_key: RecoveryKey,
    pub(crate) round: Round,
    pub(crate) households: Vec<rasoat_domain::Household>,
}

/// An encrypted commune installation with keys, a reviewer and three households.
pub(crate) fn laptop(dir: &Path) -> Laptop {
    let path = dir.join("rasoat.sqlite");
    let Protected {
        mut store,
        administrator,
        recovery_key,
    } = Store::protect(&path, "Quản trị thử", PIN, CHEAP, AT).expect("protect");
    store.load_reference_units().expect("units");
    let installation = store
        .init_installation(Role::Commune, "00721", &administrator.actor(), AT)
        .expect("init");
    store
        .save_identity(
            &StoredIdentity {
                installation_id: installation.id,
                signing_secret: SIGNING_SEED.to_vec(),
                encryption_secret: ENCRYPTION_SECRET.to_string(),
            },
            AT,
        )
        .expect("keys");
    store
        .add_person(
            &administrator,
            "Rà soát viên thử",
            PersonRole::Reviewer,
            "135790",
            AT,
        )
        .expect("reviewer");
    let round = store
        .open_round(2025, RoundKind::Periodic, None, "nd07-2021", "thử", AT)
        .expect("round");
    let households: Vec<_> = (1..=3).map(household).collect();
    for h in &households {
        store
            .save_household(&round.id, h, None, &administrator.actor(), AT + 1)
            .expect("save");
    }
    Laptop {
        path,
        store,
        administrator,
        recovery_key,
        round,
        households,
    }
}

pub(crate) fn passphrase() -> MovePassphrase {
    MovePassphrase::new(PASSPHRASE).expect("passphrase")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

pub(crate) fn moved_out(laptop: &mut Laptop, file: &Path) {
    let by = laptop.administrator.clone();
    laptop
        .store
        .move_out(&by, file, &passphrase(), COST, AT + 100)
        .expect("move out");
}

fn own_actions(store: &Store, by: &Person) -> Vec<ActionEvent> {
    store
        .actions_for(
            by,
            &ActionFilter {
                limit: 100,
                ..ActionFilter::default()
            },
        )
        .expect("actions")
        .into_iter()
        .map(|row| row.event)
        .collect()
}

fn without(mut digests: BTreeMap<String, String>, table: &str) -> BTreeMap<String, String> {
    digests.remove(table);
    digests
}

#[test]
fn the_move_file_shows_no_name_pin_or_key_and_is_private() {
    let dir = tempfile::tempdir().expect("dir");
    let mut laptop = laptop(dir.path());
    let file = dir.path().join("chuyen-may.rasoat-move");
    moved_out(&mut laptop, &file);
    let bytes = std::fs::read(&file).expect("read");
    for h in &laptop.households {
        for member in &h.members {
            assert!(!contains(&bytes, member.name.as_bytes()), "a member's name");
        }
    }
    assert!(!contains(&bytes, b"Th\xc3\xb4n"), "a village's name");
    assert!(
        !contains(&bytes, b"Qu\xe1\xba\xa3n tr\xe1\xbb\x8b th\xe1\xbb\xad"),
        "a person's name"
    );
    assert!(!contains(&bytes, PIN.as_bytes()), "a PIN");
    assert!(!contains(&bytes, &SIGNING_SEED[..16]), "the signing seed");
    assert!(
        !contains(&bytes, ENCRYPTION_SECRET.as_bytes()),
        "the encryption secret"
    );
    assert!(
        !contains(&bytes, laptop.recovery_key.groups().join("").as_bytes()),
        "the recovery key"
    );
    assert!(!contains(&bytes, b"SQLite format 3"), "a plain database");
    assert!(!contains(&bytes, b"rasoat-keys"), "the keys file in clear");
    assert!(!contains(&bytes, b"rasoat-move"), "the inside in clear");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the move file is its owner's only");
    }
    // Nothing but the store, its keys and the move file is left behind.
    let left: Vec<String> = files_in(dir.path())
        .into_iter()
        .filter(|n| n.contains("moving") || n.contains("partial"))
        .collect();
    assert!(left.is_empty(), "leftovers: {left:?}");
}

#[test]
fn a_moved_installation_arrives_whole_and_continues_its_journal() {
    let dir = tempfile::tempdir().expect("dir");
    let mut laptop = laptop(dir.path());
    let before = laptop.store.table_digests().expect("digests");
    let installation = laptop.store.installation().expect("installation");
    let last_seq = laptop
        .store
        .status_vector()
        .expect("status")
        .get(&installation.id)
        .copied()
        .expect("own seq");
    let file = dir.path().join("chuyen-may.rasoat-move");
    moved_out(&mut laptop, &file);

    let new_dir = tempfile::tempdir().expect("new laptop");
    let new_path = new_dir.path().join("rasoat.sqlite");
    let arrived = Store::move_in(&file, &new_path, &passphrase(), AT + 200).expect("move in");
    assert_eq!(arrived.installation_id, installation.id);
    assert_eq!(arrived.households, 3);
    drop(arrived);

    // Everyone signs in as before: the administrator, the reviewer, the recovery key.
    let unlocked = Store::unlock(
        &new_path,
        &Credential::Pin {
            person: &laptop.administrator.id,
            pin: PIN,
        },
        AT + 300,
    )
    .expect("the administrator's PIN opens the moved store");
    let mut store = unlocked.store;
    Store::unlock(
        &new_path,
        &Credential::Pin {
            person: "Rà soát viên thử",
            pin: "135790",
        },
        AT + 301,
    )
    .expect("the reviewer's PIN opens it");
    Store::unlock(
        &new_path,
        &Credential::Recovery(&laptop.recovery_key),
        AT + 302,
    )
    .expect("the recovery key opens it");

    // Same installation, keys and journal: every table as it was, the action log apart
    // (it has the arrival and the sign-ins since).
    let after = store.table_digests().expect("digests");
    assert_eq!(without(after, "action_log"), without(before, "action_log"));
    assert_eq!(store.installation().expect("installation"), installation);
    let keys = store.stored_identity().expect("keys").expect("keys");
    assert_eq!(keys.signing_secret, SIGNING_SEED.to_vec());
    let by = unlocked.person.expect("person");
    let events = own_actions(&store, &by);
    assert!(events.contains(&ActionEvent::MovedIn), "{events:?}");
    assert!(
        !events.contains(&ActionEvent::MovedOut),
        "the copy was taken before the source was marked"
    );

    // The next change continues the seq.
    store
        .save_household(&laptop.round.id, &household(4), None, &by.actor(), AT + 400)
        .expect("the moved store takes changes");
    let next = store
        .status_vector()
        .expect("status")
        .get(&installation.id)
        .copied()
        .expect("own seq");
    assert_eq!(next, last_seq + 1);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for path in [new_path.clone(), new_dir.path().join("rasoat.sqlite.keys")] {
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{}", path.display());
        }
    }
}

#[test]
fn the_source_stays_readable_and_refuses_every_change_after_the_move() {
    let dir = tempfile::tempdir().expect("dir");
    let mut laptop = laptop(dir.path());
    let file = dir.path().join("chuyen-may.rasoat-move");
    moved_out(&mut laptop, &file);
    let by = laptop.administrator.clone();

    let store = &mut laptop.store;
    let mark = store.moved_out().expect("mark").expect("moved");
    assert_eq!(mark.file, "chuyen-may.rasoat-move");
    assert_eq!(mark.households, 3);
    let events = own_actions(store, &by);
    assert_eq!(events.first(), Some(&ActionEvent::MovedOut), "newest first");
    let digests = store.table_digests().expect("digests");

    let refused = store
        .save_household(&laptop.round.id, &household(9), None, &by.actor(), AT + 500)
        .expect_err("an edit after the move");
    assert!(
        matches!(refused, StoreError::InstallationMoved { .. }),
        "{refused:?}"
    );
    assert!(
        refused
            .to_string()
            .starts_with("Máy này đã chuyển sang máy khác ngày"),
        "{refused}"
    );
    assert!(matches!(
        store.stored_identity(),
        Err(StoreError::InstallationMoved { .. })
    ));
    assert!(matches!(
        store.open_round(
            2026,
            RoundKind::Periodic,
            None,
            "nd07-2021",
            "thử",
            AT + 600
        ),
        Err(StoreError::InstallationMoved { .. })
    ));
    assert!(matches!(
        store.move_out(
            &by,
            &dir.path().join("again"),
            &passphrase(),
            COST,
            AT + 700
        ),
        Err(StoreError::InstallationMoved { .. })
    ));
    assert_eq!(store.table_digests().expect("digests"), digests);
    // Still readable by its people: nothing is lost.
    drop(laptop.store);
    let reopened = Store::unlock(
        &laptop.path,
        &Credential::Pin {
            person: &by.id,
            pin: PIN,
        },
        AT + 800,
    )
    .expect("sign in after the move");
    let read = reopened
        .store
        .survey_record(&laptop.households[0].id.to_string(), &laptop.round.id)
        .expect("a household still reads");
    assert_eq!(read.household_id, laptop.households[0].id.to_string());
}

#[test]
fn only_an_administrator_moves_and_the_passphrase_has_a_length() {
    let dir = tempfile::tempdir().expect("dir");
    let mut laptop = laptop(dir.path());
    assert!(matches!(
        MovePassphrase::new("ngắn quá"),
        Err(StoreError::MovePassphraseTooShort { min: 12 })
    ));
    let reviewer = laptop
        .store
        .people()
        .expect("people")
        .into_iter()
        .find(|p| p.role == PersonRole::Reviewer)
        .expect("reviewer");
    let file = dir.path().join("chuyen-may.rasoat-move");
    let digests = laptop.store.table_digests().expect("digests");
    assert!(matches!(
        laptop
            .store
            .move_out(&reviewer, &file, &passphrase(), COST, AT + 100),
        Err(StoreError::NotAdministrator)
    ));
    assert!(!file.exists());
    assert_eq!(laptop.store.table_digests().expect("digests"), digests);
}

/// Moving in `file` at a fresh place must fail with `expected` and create nothing there.
fn refused_in(file: &Path, passphrase: &MovePassphrase, expected: fn(&StoreError) -> bool) {
    let target = tempfile::tempdir().expect("target");
    let path = target.path().join("rasoat.sqlite");
    let refused = Store::move_in(file, &path, passphrase, AT + 200).expect_err("refused");
    assert!(expected(&refused), "{refused:?}");
    assert!(
        files_in(target.path()).is_empty(),
        "{:?}",
        files_in(target.path())
    );
}

#[test]
fn a_wrong_passphrase_a_damaged_file_and_a_foreign_file_create_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let mut laptop = laptop(dir.path());
    let file = dir.path().join("chuyen-may.rasoat-move");
    moved_out(&mut laptop, &file);
    let source = laptop.store.table_digests().expect("digests");

    refused_in(
        &file,
        &MovePassphrase::typed("không phải cụm này đâu"),
        |e| matches!(e, StoreError::MoveWrongPassphrase),
    );
    let bytes = std::fs::read(&file).expect("read");
    let cut = dir.path().join("cut.rasoat-move");
    std::fs::write(&cut, &bytes[..bytes.len() - 5000]).expect("write");
    refused_in(&cut, &passphrase(), |e| {
        matches!(e, StoreError::MoveFileDamaged)
    });
    let flipped = dir.path().join("flipped.rasoat-move");
    let mut damaged = bytes.clone();
    let middle = damaged.len() / 2;
    damaged[middle] ^= 0x40;
    std::fs::write(&flipped, &damaged).expect("write");
    refused_in(&flipped, &passphrase(), |e| {
        matches!(e, StoreError::MoveFileDamaged)
    });
    let foreign = dir.path().join("danh-sach.xlsx");
    std::fs::write(&foreign, b"PK\x03\x04 not a move file at all").expect("write");
    refused_in(&foreign, &passphrase(), |e| {
        matches!(e, StoreError::MoveNotOurFile)
    });
    // An age file to the same passphrase that is not a move file.
    let other_age = dir.path().join("other.age");
    {
        let mut recipient = age::scrypt::Recipient::new(PASSPHRASE.to_string().into());
        recipient.set_work_factor(10);
        let encryptor =
            age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
                .expect("encryptor");
        let mut out = Vec::new();
        let mut writer = encryptor.wrap_output(&mut out).expect("wrap");
        std::io::Write::write_all(&mut writer, b"something else entirely").expect("write");
        writer.finish().expect("finish");
        std::fs::write(&other_age, out).expect("write");
    }
    refused_in(&other_age, &passphrase(), |e| {
        matches!(e, StoreError::MoveNotOurFile)
    });
    // None of it touched the source.
    assert_eq!(laptop.store.table_digests().expect("digests"), source);
}

#[test]
fn moving_in_over_an_existing_store_is_refused_with_it_unchanged() {
    let dir = tempfile::tempdir().expect("dir");
    let mut laptop = laptop(dir.path());
    let file = dir.path().join("chuyen-may.rasoat-move");
    moved_out(&mut laptop, &file);
    let other_dir = tempfile::tempdir().expect("other");
    let other = crate::support::commune_store(other_dir.path());
    let digests = other.0.table_digests().expect("digests");
    let refused = Store::move_in(&file, &other.2, &passphrase(), AT + 200).expect_err("occupied");
    assert!(
        matches!(refused, StoreError::MoveTargetExists { .. }),
        "{refused:?}"
    );
    assert_eq!(other.0.table_digests().expect("digests"), digests);
}
