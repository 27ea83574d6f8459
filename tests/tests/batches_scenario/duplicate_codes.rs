//! Two enumerators of one commune, offline, give two households the same code: each window
//! accepted its own, since neither knew of the other. The commune imports both batches whole,
//! keeps both households, and lists the shared code once ("trùng mã hộ") with each household's
//! village and who filled it, until one is renumbered; the renumbering travels like any edit.

use rasoat_batch::{export_batch, import_batch, list_duplicate_codes};
use rasoat_demo::synthetic;
use rasoat_domain::workflow::Role;

use crate::support::{date, digest_all, enrol_both, result, site, Site, AT};

fn send(from: &mut Site, to: &mut Site, at: i64) -> rasoat_batch::ImportReport {
    let batch = export_batch(&mut from.store, &to.id, at).expect("export");
    import_batch(&mut to.store, &batch, at + 1).expect("import")
}

#[test]
fn a_code_two_enumerators_used_is_listed_once_with_both_households_kept() {
    let mut enum_a = site(Role::Enumerator, "00721");
    let mut enum_b = site(Role::Enumerator, "00721");
    let mut commune = site(Role::Commune, "00721");
    enrol_both(&mut enum_a, &mut commune);
    enrol_both(&mut enum_b, &mut commune);

    let on = date("2025-10-01");
    let a = synthetic::household(301, "02", "00721", "Thôn Một", 4, on);
    let mut b = synthetic::household(302, "02", "00721", "Thôn Hai", 3, on);
    b.code = a.code.clone();
    assert_ne!(a.id, b.id, "two households");
    enum_a
        .store
        .save_household(
            &enum_a.round.id,
            &a,
            Some(&result("poor")),
            "điều tra viên A",
            AT + 1000,
        )
        .expect("A's window accepts its household");
    enum_b
        .store
        .save_household(
            &enum_b.round.id,
            &b,
            Some(&result("middle")),
            "điều tra viên B",
            AT + 1000,
        )
        .expect("B's window accepts its own");

    // Both batches are imported whole: refusing either would stop that enumerator's sync.
    let batch_a = export_batch(&mut enum_a.store, &commune.id, AT + 2000).expect("export A");
    let batch_b = export_batch(&mut enum_b.store, &commune.id, AT + 2000).expect("export B");
    let from_a = import_batch(&mut commune.store, &batch_a, AT + 3000).expect("import A");
    let from_b = import_batch(&mut commune.store, &batch_b, AT + 3001).expect("import B");
    assert_eq!((from_a.new, from_b.new), (1, 1), "nothing lost");
    for h in [&a, &b] {
        let record = commune
            .store
            .survey_record(&h.id.to_string(), &commune.round.id)
            .expect("both households are the commune's");
        assert_eq!(record.code, a.code);
    }

    // Listed once, naming both households by code, village and who filled them.
    let listed = list_duplicate_codes(&commune.store).expect("list");
    assert_eq!(listed.len(), 1, "{listed:?}");
    let pair = &listed[0];
    assert_eq!(
        (pair.code.as_str(), pair.round_year),
        (a.code.as_str(), 2025)
    );
    assert_eq!(pair.round_id, commune.round.id);
    let mut named: Vec<(String, Option<String>, Option<String>)> = pair
        .households
        .iter()
        .map(|h| (h.village.clone(), h.filled_by.clone(), h.filled_on.clone()))
        .collect();
    named.sort();
    assert_eq!(
        named,
        vec![
            (
                "Thôn Hai".to_string(),
                Some("điều tra viên B".to_string()),
                Some(enum_b.id.clone())
            ),
            (
                "Thôn Một".to_string(),
                Some("điều tra viên A".to_string()),
                Some(enum_a.id.clone())
            ),
        ]
    );
    assert!(pair.households.iter().all(|h| h.commune_code == "00721"));
    // Not an edit conflict: each household's record has one head.
    assert!(rasoat_batch::list_conflicts(&commune.store)
        .expect("conflicts")
        .is_empty());

    // Imported again, in the other order: nothing changes, still one pair.
    let before = digest_all(&commune.store);
    for batch in [&batch_b, &batch_a] {
        let again = import_batch(&mut commune.store, batch, AT + 4000).expect("again");
        assert!(again.already_imported);
    }
    assert_eq!(digest_all(&commune.store), before);
    assert_eq!(list_duplicate_codes(&commune.store).expect("list"), listed);

    // The commune's own window still refuses a third household of that code.
    let c = synthetic::household(303, "02", "00721", "Thôn Một", 2, on);
    let mut third = c.clone();
    third.code = a.code.clone();
    let before = digest_all(&commune.store);
    let refused = commune
        .store
        .save_household(&commune.round.id, &third, None, "cán bộ xã", AT + 5000)
        .expect_err("a code already held");
    assert!(
        matches!(refused, rasoat_store::StoreError::DuplicateCode { .. }),
        "{refused:?}"
    );
    assert_eq!(
        digest_all(&commune.store),
        before,
        "the refusal changed nothing"
    );

    // One of the pair saved again with its code unchanged (the form's autosave, any edit
    // before the renumbering) is kept: only a new second holder of a code is refused.
    let mut edited_a = a.clone();
    edited_a.phone = Some("0900000000".to_string());
    commune
        .store
        .save_household(&commune.round.id, &edited_a, None, "cán bộ xã", AT + 5500)
        .expect("a holder of the shared code saves");
    assert_eq!(
        list_duplicate_codes(&commune.store).expect("list").len(),
        1,
        "the pair is still listed"
    );

    // B renumbers its household; the edit travels, and the code is one household's again.
    b.code = rasoat_store::households::code_after(&a.code).expect("a next code");
    enum_b
        .store
        .save_household(
            &enum_b.round.id,
            &b,
            Some(&result("middle")),
            "điều tra viên B",
            AT + 6000,
        )
        .expect("renumbered");
    let renumbered = send(&mut enum_b, &mut commune, AT + 7000);
    assert_eq!(renumbered.updated, 1);
    assert!(list_duplicate_codes(&commune.store)
        .expect("list")
        .is_empty());
    let kept = commune
        .store
        .survey_record(&b.id.to_string(), &commune.round.id)
        .expect("still there");
    assert_eq!(kept.code, b.code);
}
