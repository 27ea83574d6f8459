//! The sync screen's reads: pending households against a server's acknowledgements, the
//! households an acknowledged batch carried, and the history with its household counts.

use rasoat_store::Store;

use crate::support::*;

fn installation_id(store: &Store) -> String {
    store.installation().expect("installation").id
}

#[test]
fn pending_households_follow_the_servers_acknowledgements_and_the_history_counts_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = commune_store(dir.path());
    let origin = installation_id(&store);
    let saved: Vec<_> = (0..6).map(|n| (household(n), None)).collect();
    store
        .save_households(&round.id, &saved, "điều tra viên", AT + 1)
        .expect("save");

    // A server that acknowledged nothing: every household saved is pending.
    let pending = store.sync_pending("district-server").expect("pending");
    assert_eq!(pending.batches, 0);
    assert_eq!(pending.households, 6);

    // A batch of everything so far goes to the outbox, then the server acknowledges it.
    let last: i64 = store
        .sql_for_tests()
        .query_row(
            "SELECT MAX(seq) FROM journal WHERE origin = ?1",
            [&origin],
            |r| r.get(0),
        )
        .expect("seq");
    let ranges = serde_json::json!({ origin.clone(): [1, last] }).to_string();
    store
        .sql_for_tests()
        .execute(
            "INSERT INTO sync_outbox (batch_id, recipient, bytes, size, sha256, ranges, created_at)
             VALUES ('b1', 'district-server', x'00', 1, 'h', ?1, ?2)",
            rusqlite::params![ranges, AT + 2],
        )
        .expect("outbox");
    assert_eq!(store.sync_pending("district-server").expect("p").batches, 1);

    // Refused for good by the server: it waits for a person, it is not pending any more.
    store
        .sql_for_tests()
        .execute(
            "UPDATE sync_outbox SET refused_at = ?1, refusal_code = 'wrong_unit', refusal = 'x'",
            [AT + 3],
        )
        .expect("refuse");
    let pending = store.sync_pending("district-server").expect("pending");
    assert_eq!((pending.batches, pending.refused_batches), (0, 1));
    store
        .sql_for_tests()
        .execute(
            "UPDATE sync_outbox SET refused_at = NULL, refusal_code = NULL, refusal = NULL",
            [],
        )
        .expect("unrefuse");
    let pending = store.sync_pending("district-server").expect("pending");
    assert_eq!((pending.batches, pending.refused_batches), (1, 0));

    store
        .sql_for_tests()
        .execute_batch(&format!(
            "UPDATE sync_outbox SET acknowledged_at = {}, bytes = NULL;
             INSERT INTO sync_ack (peer, origin, seq) VALUES ('district-server', '{origin}', {last});",
            AT + 10
        ))
        .expect("ack");
    let pending = store.sync_pending("district-server").expect("pending");
    assert_eq!((pending.batches, pending.households), (0, 0));
    // Another server acknowledged nothing.
    assert_eq!(store.sync_pending("elsewhere").expect("p").households, 6);
    assert_eq!(store.households_acknowledged_since(AT + 5).expect("n"), 6);
    assert_eq!(store.households_acknowledged_since(AT + 11).expect("n"), 0);

    // A change to one household after the acknowledgement: one pending household again.
    store
        .save_households(&round.id, &saved[..1], "điều tra viên", AT + 20)
        .expect("save again");
    assert_eq!(
        store.sync_pending("district-server").expect("p").households,
        1
    );

    // The client records a failed pass then a good one; the desktop adds the households.
    assert_eq!(store.last_sync_success().expect("last"), None);
    store
        .sql_for_tests()
        .execute_batch(&format!(
            "INSERT INTO sync_history (server, started_at, finished_at, ok, batches_sent,
                                       batches_pulled, bytes_sent, error)
             VALUES ('http://127.0.0.1:9', {a}, {b}, 0, 0, 0, 0, 'unreachable: cut'),
                    ('http://127.0.0.1:9', {c}, {d}, 1, 1, 2, 900, NULL);",
            a = AT + 3,
            b = AT + 4,
            c = AT + 5,
            d = AT + 12
        ))
        .expect("history");
    assert!(store
        .count_households_of_sync_pass("http://127.0.0.1:9", AT + 5, 6, 3)
        .expect("count"));
    assert!(!store
        .count_households_of_sync_pass("http://other", AT + 5, 6, 3)
        .expect("count"));
    assert_eq!(store.last_sync_success().expect("last"), Some(AT + 12));
    let history = store.sync_history(10).expect("history");
    assert_eq!(history.len(), 2);
    assert!(history[0].ok);
    assert_eq!(
        (
            history[0].batches_sent,
            history[0].batches_received,
            history[0].households_sent,
            history[0].households_received
        ),
        (1, 2, 6, 3)
    );
    assert_eq!(
        history[1].households_sent, 0,
        "the failed pass keeps its zeros"
    );
    assert_eq!(history[1].error.as_deref(), Some("unreachable: cut"));
    assert_eq!(store.sync_history(1).expect("h").len(), 1);
}
