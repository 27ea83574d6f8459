//! The form's typing buffer: kept as typed (even unreadable), replaced, discarded, and never
//! journalled, so it never leaves the installation.

use crate::support::{commune_store, AT};

#[test]
fn the_typing_buffer_keeps_what_was_typed_and_is_never_journalled() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = commune_store(dir.path());
    let id = "01900000-0000-7000-8000-0000000000aa";
    assert_eq!(store.scratch(id, &round.id).expect("read"), None);
    let journal = |store: &rasoat_store::Store| {
        store
            .table_digests()
            .expect("digests")
            .get("journal")
            .cloned()
    };
    let journal_before = journal(&store);
    // A birth date that does not exist, as typed: not readable household.v1, kept anyway.
    let typed = r#"{"format":"household.v1","id":"x","members":[{"birth":"31/02/2020"}]}"#;
    store
        .save_scratch(id, &round.id, typed, AT)
        .expect("kept as typed");
    let kept = store.scratch(id, &round.id).expect("read").expect("kept");
    assert_eq!(kept.json, typed);
    assert_eq!(kept.saved_at, AT);
    store
        .save_scratch(id, &round.id, "{}", AT + 1)
        .expect("replaced");
    assert_eq!(
        store
            .scratch(id, &round.id)
            .expect("read")
            .expect("kept")
            .json,
        "{}"
    );
    assert_eq!(
        journal(&store),
        journal_before,
        "the buffer never reaches the journal"
    );
    store.discard_scratch(id, &round.id).expect("discard");
    assert_eq!(store.scratch(id, &round.id).expect("read"), None);
}
