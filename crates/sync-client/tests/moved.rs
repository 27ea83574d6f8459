//! A sync pass on an installation that moved to another machine: refused before any request,
//! in plain words naming the day, as an error a background task stops on (not one it retries),
//! with nothing recorded in the store.

use rasoat_domain::workflow::Role;
use rasoat_store::{KdfParams, MoveCost, MovePassphrase, Protected, Store, StoredIdentity};
use rasoat_sync_client::{sync_once_with, SyncOptions};

/// 2025-10-01 08:00 UTC.
const AT: i64 = 1_759_305_600_000;

#[test]
fn a_moved_installation_does_not_sync_and_says_why_once() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("rasoat.sqlite");
    let cheap = KdfParams {
        m_kib: 1024,
        t: 1,
        p: 1,
    };
    let Protected {
        mut store,
        administrator,
        ..
    } = Store::protect(&path, "Quản trị thử", "246813", cheap, AT).expect("protect");
    store.load_reference_units().expect("units");
    let installation = store
        .init_installation(Role::Enumerator, "00721", &administrator.actor(), AT)
        .expect("init");
    store
        .save_identity(
            &StoredIdentity {
                installation_id: installation.id,
                signing_secret: vec![0x5a; 32],
                encryption_secret:
                    "AGE-SECRET-KEY-1THUTHUTHUTHUTHUTHUTHUTHUTHUTHUTHUTHUTHUTHUTHUTHUTHUTHUTHUQ"
                        .to_string(),
            },
            AT,
        )
        .expect("keys");
    store
        .move_out(
            &administrator,
            &dir.path().join("chuyen-may.rasoat-move"),
            &MovePassphrase::new("núi đá Đồng Văn mùa hoa").expect("passphrase"),
            MoveCost {
                scrypt_log_n: Some(10),
            },
            AT + 100,
        )
        .expect("move out");
    let digests = store.table_digests().expect("digests");

    // A port nobody listens on: a pass that tried the network would fail as unreachable.
    let options = SyncOptions {
        attempts: 1,
        ..SyncOptions::default()
    };
    let refusal = sync_once_with(&mut store, "http://127.0.0.1:9", &options)
        .expect_err("a moved installation does not sync");
    assert!(refusal.is_moved(), "{refusal:?}");
    assert!(refusal.is_permanent());
    assert_eq!(refusal.code(), "installation_moved");
    assert!(
        refusal
            .to_string()
            .starts_with("Máy này đã chuyển sang máy khác ngày 01/10/2025"),
        "{refusal}"
    );
    assert!(store.sync_history(10).expect("history").is_empty());
    assert_eq!(store.table_digests().expect("digests"), digests);
}
