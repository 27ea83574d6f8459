//! Crash safety of moving an installation in: a child process moves a laptop of 200
//! households in from its move file and is killed with SIGKILL at a random moment of the work.
//! After every kill the new machine must hold either no store, with the move file still
//! moving in at the next try, or the complete moved store that the PIN opens, its arrival
//! logged once; never a half store that neither opens nor lets the move be tried again, and
//! nothing of the attempt left beside it.
//!
//! The child is this test binary re-run on `move_crash::child` with `RASOAT_MOVE_IN_FILE` and
//! `RASOAT_MOVE_IN_STORE` naming the file and the store to make. `RASOAT_CRASH_KILLS` sets the
//! number of kills (default 16).

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use rasoat_store::{access, Credential, Store, StoreFile};

use crate::access::PIN;
use crate::moving::{laptop, moved_out, passphrase};
use crate::support::{crash_child, household, AT};

/// The child's side. Without `RASOAT_MOVE_IN_FILE` (a normal test run) there is nothing to do.
#[test]
fn child() {
    let (Ok(file), Ok(store)) = (
        std::env::var("RASOAT_MOVE_IN_FILE"),
        std::env::var("RASOAT_MOVE_IN_STORE"),
    ) else {
        return;
    };
    println!("START");
    let t = Instant::now();
    Store::move_in(Path::new(&file), Path::new(&store), &passphrase(), AT + 200)
        .expect("child moves in");
    println!("DONE {}", t.elapsed().as_micros());
}

/// The store at `path` is the whole moved installation: the administrator's PIN opens it,
/// SQLite finds it sound, every table but the action log is the source's as it was copied, and
/// the arrival is logged once.
fn assert_whole(
    path: &Path,
    administrator: &str,
    source: &BTreeMap<String, String>,
    context: &str,
) {
    let store = Store::unlock(
        path,
        &Credential::Pin {
            person: administrator,
            pin: PIN,
        },
        AT + 300,
    )
    .unwrap_or_else(|e| panic!("{context}: the PIN must open the moved store: {e}"))
    .store;
    store
        .integrity_check()
        .unwrap_or_else(|e| panic!("{context}: {e}"));
    let mut after = store.table_digests().expect("digests");
    after.remove("action_log");
    assert_eq!(&after, source, "{context}");
    let arrivals: i64 = store
        .sql_for_tests()
        .query_row(
            "SELECT count(*) FROM action_log WHERE event = 'moved_in'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(arrivals, 1, "{context}: the arrival is logged once");
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("moving-in") || n.contains("pending"))
        .collect()
}

#[test]
fn a_killed_move_in_leaves_no_store_or_the_whole_moved_one() {
    let kills: u64 = std::env::var("RASOAT_CRASH_KILLS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(16);
    let dir = tempfile::tempdir().expect("tempdir");
    let mut laptop = laptop(dir.path());
    let batch: Vec<_> = (10..210).map(|n| (household(n), None)).collect();
    laptop
        .store
        .save_households(&laptop.round.id, &batch, "thử", AT + 2)
        .expect("households");
    let mut source = laptop.store.table_digests().expect("digests");
    source.remove("action_log");
    let file = dir.path().join("chuyen-may.rasoat-move");
    moved_out(&mut laptop, &file);
    let file_bytes = std::fs::read(&file).expect("file");
    let administrator = laptop.administrator.id.clone();
    let exe = std::env::current_exe().expect("test binary");

    let whole_dir = tempfile::tempdir().expect("whole");
    let whole_path = whole_dir.path().join("rasoat.sqlite");
    let whole = crash_child(
        &exe,
        "move_crash::child",
        &[
            ("RASOAT_MOVE_IN_FILE", &file),
            ("RASOAT_MOVE_IN_STORE", &whole_path),
        ],
        None,
    )
    .expect("a whole run's time");
    assert_whole(&whole_path, &administrator, &source, "a run not killed");

    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let (mut none_after, mut whole_after) = (0, 0);
    for kill in 0..kills {
        let target = tempfile::tempdir().expect("target");
        let path = target.path().join("rasoat.sqlite");
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = Duration::from_micros((seed % (whole as u64 * 12 / 10 + 1)).max(1));
        crash_child(
            &exe,
            "move_crash::child",
            &[
                ("RASOAT_MOVE_IN_FILE", &file),
                ("RASOAT_MOVE_IN_STORE", &path),
            ],
            Some(delay),
        );
        let context = format!("kill {kill} after {delay:?} of {whole} µs");
        match access::store_file(&path).expect("state") {
            StoreFile::Missing => {
                none_after += 1;
                assert!(
                    !target.path().join("rasoat.sqlite.keys").exists(),
                    "{context}: a keys file without its store"
                );
                // The file is untouched and moves in at the next try.
                assert_eq!(std::fs::read(&file).expect("file"), file_bytes, "{context}");
                Store::move_in(&file, &path, &passphrase(), AT + 250)
                    .unwrap_or_else(|e| panic!("{context}: the next try: {e}"));
            }
            StoreFile::Encrypted => whole_after += 1,
            StoreFile::Plain => panic!("{context}: a plain file where the store goes"),
        }
        assert_whole(&path, &administrator, &source, &context);
        assert!(
            leftovers(target.path()).is_empty(),
            "{context}: {:?}",
            leftovers(target.path())
        );
    }
    println!("{kills} kills: {none_after} left no store, {whole_after} the whole moved one");
}
