//! Any order and any duplication of the same set of batches, each imported once its
//! prerequisites are there, ends in the same state and the same conflict set. The set holds
//! conflicts: the enumerators survey some of the same households, so the conflict set and its
//! provisional winners are part of what must not depend on the order.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use rasoat_batch::{export_batch, export_receipt, import_batches, import_receipt, list_conflicts};
use rasoat_domain::workflow::Role;

use crate::support::{digest_state, enrol_both, site, survey, Site, AT};

/// Three enumerators, each sending two batches (the second after a receipt, so it requires
/// the first), to one commune whose card and keys every receiving copy shares.
/// A commune store (as file bytes), its card, and named batch files.
type Batches = (Vec<u8>, Vec<u8>, Vec<(String, Vec<u8>)>);

fn batches() -> Batches {
    let mut commune = site(Role::Commune, "00721");
    let mut files = Vec::new();
    let mut enumerators: Vec<Site> = (0..3).map(|_| site(Role::Enumerator, "00721")).collect();
    for (i, enumerator) in enumerators.iter_mut().enumerate() {
        enrol_both(enumerator, &mut commune);
        let base = i as u64 * 100;
        survey(enumerator, "00721", base..base + 3);
        if i > 0 {
            // Households 0 and 1 surveyed again on every laptop: three heads each.
            survey(enumerator, "00721", 0..2);
        }
        let first = export_batch(&mut enumerator.store, &commune.id, AT + 10).expect("export");
        // A receipt from a copy of the commune that holds the first batch.
        let mut holder = clone_site(&commune);
        rasoat_batch::import_batch(&mut holder.store, &first, AT + 20).expect("import");
        let receipt = export_receipt(&mut holder.store, &enumerator.id, AT + 30).expect("receipt");
        import_receipt(&mut enumerator.store, &receipt).expect("receipt");
        survey(enumerator, "00721", base + 3..base + 5);
        if i == 2 {
            // Household 3 again, in a second batch: its conflict needs both first batches.
            survey(enumerator, "00721", 3..4);
        }
        let second = export_batch(&mut enumerator.store, &commune.id, AT + 40).expect("export");
        files.push((format!("e{i}-1"), first));
        files.push((format!("e{i}-2"), second));
    }
    let backup = backup(&commune);
    (backup, commune.card.clone(), files)
}

fn backup(site: &Site) -> Vec<u8> {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("copy.sqlite");
    site.store
        .sql_for_tests()
        .execute("VACUUM INTO ?1", [path.to_string_lossy()])
        .expect("vacuum");
    std::fs::read(&path).expect("read")
}

fn restore(bytes: &[u8]) -> rasoat_store::Store {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("copy.sqlite");
    std::fs::write(&path, bytes).expect("write");
    let store = rasoat_store::Store::open(&path).expect("open");
    // Keep the directory alive for the store's lifetime by leaking it: test process only.
    std::mem::forget(dir);
    store
}

fn clone_site(site: &Site) -> Site {
    Site {
        store: restore(&backup(site)),
        id: site.id.clone(),
        card: site.card.clone(),
        round: site.round.clone(),
    }
}

#[test]
fn any_order_and_duplication_gives_the_same_state() {
    let (commune, _card, files) = batches();
    let reference = {
        let mut store = restore(&commune);
        let report = import_batches(&mut store, &files, AT + 100).expect("import");
        assert!(report.refused_with_reasons.is_empty(), "{report:?}");
        let conflicts = list_conflicts(&store).expect("conflicts");
        let sizes: Vec<usize> = conflicts.iter().map(|c| c.heads.len()).collect();
        let mut sorted = sizes.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, vec![2, 3, 3], "the batch set holds three conflicts");
        assert_eq!(store.record_summary_mismatches().expect("check"), 0);
        (
            digest_state(&store),
            list_conflicts(&store).expect("conflicts"),
        )
    };
    let mut runner = TestRunner::new(Config {
        cases: 12,
        ..Config::default()
    });
    let strategy = (
        proptest::collection::vec(0..files.len(), 0..files.len()),
        any::<u64>(),
    );
    runner
        .run(&strategy, |(extra, seed)| {
            // Every batch at least once, some twice, in a shuffled order.
            let mut order: Vec<usize> = (0..files.len()).chain(extra).collect();
            let mut state = seed | 1;
            for i in (1..order.len()).rev() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                order.swap(i, (state % (i as u64 + 1)) as usize);
            }
            let shuffled: Vec<(String, Vec<u8>)> =
                order.iter().map(|&i| files[i].clone()).collect();
            let mut store = restore(&commune);
            let report = import_batches(&mut store, &shuffled, AT + 100).expect("import");
            prop_assert!(report.refused_with_reasons.is_empty(), "{:?}", report);
            prop_assert_eq!(&digest_state(&store), &reference.0);
            prop_assert_eq!(&list_conflicts(&store).expect("conflicts"), &reference.1);
            Ok(())
        })
        .expect("property");
}
