//! The journal as sync will use it: contiguous seqs per origin, a status vector, and
//! idempotent storage of entries received from other installations.

use rasoat_store::StoreError;

use crate::support::{commune_store, household, AT};

#[test]
fn every_change_has_one_entry_and_the_status_vector_counts_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = commune_store(dir.path());
    for n in 0..3 {
        store
            .save_household(&round.id, &household(n), None, "a", AT)
            .expect("save");
    }
    let origin = store.installation().expect("installation").id;
    let entries = store.journal_since(&origin, 0).expect("journal");
    // installation + round + 3 saves.
    assert_eq!(entries.len(), 5);
    assert_eq!(
        entries.iter().map(|e| e.seq).collect::<Vec<_>>(),
        vec![1, 2, 3, 4, 5]
    );
    assert!(
        entries.iter().all(|e| e.recorded_at == AT),
        "time comes from the caller"
    );
    assert_eq!(
        store.status_vector().expect("status").get(&origin),
        Some(&5)
    );
    assert_eq!(store.journal_since(&origin, 3).expect("since").len(), 2);
}

#[test]
fn entries_from_elsewhere_import_once_and_tampering_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut source, round, _) = commune_store(&dir.path().join("a").tap_create());
    source
        .save_household(&round.id, &household(1), None, "a", AT)
        .expect("save");
    let origin = source.installation().expect("installation").id;
    let entries = source.journal_since(&origin, 0).expect("journal");
    let (mut target, _, _) = commune_store(&dir.path().join("b").tap_create());
    assert_eq!(
        target.import_journal(&entries).expect("import"),
        entries.len()
    );
    assert_eq!(
        target.import_journal(&entries).expect("again"),
        0,
        "re-delivery is a no-op"
    );
    assert_eq!(
        target.status_vector().expect("status").get(&origin),
        Some(&3)
    );
    let mut tampered = entries[2].clone();
    tampered.content_hash = "0".repeat(64);
    let err = target
        .import_journal(&[tampered])
        .expect_err("same id, other content");
    assert!(matches!(err, StoreError::JournalMismatch { seq: 3, .. }));
}

trait TapCreate {
    fn tap_create(self) -> Self;
}

impl TapCreate for std::path::PathBuf {
    fn tap_create(self) -> Self {
        std::fs::create_dir_all(&self).expect("mkdir");
        self
    }
}
