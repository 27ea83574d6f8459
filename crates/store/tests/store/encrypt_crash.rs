//! Crash safety of encrypting a plain store in place: a child process encrypts a copy of a
//! plain store of 300 households and is killed with SIGKILL at a random moment of the work.
//! After every kill the store must be either the old plain one, whole, or the complete
//! encrypted one that the PIN opens, never neither; and nothing of the attempt may be left
//! beside it once it is opened again.
//!
//! The child is this test binary re-run on `encrypt_crash::child` with `RASOAT_ENCRYPT_CHILD`
//! naming the store. `RASOAT_ENCRYPT_KILLS` sets the number of kills (default 16).

use std::time::{Duration, Instant};

use rasoat_store::{access, Credential, Store, StoreFile};

use crate::access::{CHEAP, PIN};
use crate::support::{commune_store, crash_child, household, AT};

/// The child's side. Without `RASOAT_ENCRYPT_CHILD` (a normal test run) there is nothing to do.
#[test]
fn child() {
    let Ok(path) = std::env::var("RASOAT_ENCRYPT_CHILD") else {
        return;
    };
    println!("START");
    let t = Instant::now();
    Store::protect(&path, "Quản trị thử", PIN, CHEAP, AT).expect("child encrypts");
    println!("DONE {}", t.elapsed().as_micros());
}

#[test]
fn a_killed_encryption_leaves_the_plain_store_or_the_encrypted_one() {
    let kills: u64 = std::env::var("RASOAT_ENCRYPT_KILLS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(16);
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, original) = commune_store(dir.path());
    let batch: Vec<_> = (0..300).map(|n| (household(n), None)).collect();
    store
        .save_households(&round.id, &batch, "thử", AT)
        .expect("households");
    let digests = store.table_digests().expect("digests");
    drop(store);
    let exe = std::env::current_exe().expect("test binary");
    let work = dir.path().join("work.sqlite");
    std::fs::copy(&original, &work).expect("copy");
    let whole = crash_child(
        &exe,
        "encrypt_crash::child",
        &[("RASOAT_ENCRYPT_CHILD", &work)],
        None,
    )
    .expect("a whole run's time");
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let (mut plain_after, mut encrypted_after) = (0, 0);
    for kill in 0..kills {
        for stale in std::fs::read_dir(dir.path()).expect("dir") {
            let stale = stale.expect("entry").path();
            if stale
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("work"))
            {
                std::fs::remove_file(&stale).expect("clean");
            }
        }
        std::fs::copy(&original, &work).expect("copy");
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = Duration::from_micros((seed % (whole as u64 * 12 / 10 + 1)).max(1));
        crash_child(
            &exe,
            "encrypt_crash::child",
            &[("RASOAT_ENCRYPT_CHILD", &work)],
            Some(delay),
        );
        let context = format!("kill {kill} after {delay:?} of {whole} µs");
        let reopened = match access::store_file(&work).expect("state") {
            StoreFile::Plain => {
                plain_after += 1;
                Store::open(&work).unwrap_or_else(|e| panic!("{context}: plain store: {e}"))
            }
            StoreFile::Encrypted => {
                encrypted_after += 1;
                Store::unlock(
                    &work,
                    &Credential::Pin {
                        person: "Quản trị thử",
                        pin: PIN,
                    },
                    AT,
                )
                .unwrap_or_else(|e| panic!("{context}: encrypted store: {e}"))
                .store
            }
            StoreFile::Missing => panic!("{context}: neither store is there"),
        };
        reopened
            .integrity_check()
            .unwrap_or_else(|e| panic!("{context}: {e}"));
        let after = reopened.table_digests().expect("digests");
        for (table, digest) in &digests {
            if table != "person" && table != "action_log" {
                assert_eq!(after.get(table), Some(digest), "{context}: {table}");
            }
        }
        drop(reopened);
        let leftovers: Vec<String> = std::fs::read_dir(dir.path())
            .expect("dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| {
                n.contains("plain-old") || n.contains("encrypting") || n.contains("pending")
            })
            .collect();
        assert!(leftovers.is_empty(), "{context}: {leftovers:?}");
    }
    println!(
        "{kills} kills: {plain_after} left the plain store, {encrypted_after} the encrypted one"
    );
}
