//! An office's standards file loaded for the installation: kept with its digest, journalled,
//! named in the action log, used to decide whether a list may be recognised; a faulty file or a
//! unit below an office is refused with every table unchanged.

use rasoat_domain::standard::Standards;
use rasoat_domain::workflow::{Role, TransitionError};
use rasoat_store::{ActionEvent, Entity, RoundKind, StoreError};

use crate::support::{store_with_role, AT};

/// NĐ 351/2025 as the app ships it, with `edit` applied, as an office's file.
pub fn nd351_file(edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut all = Standards::national();
    all.standards.retain(|s| s.id == "nd351-2025");
    let mut doc = serde_json::to_value(&all).expect("json");
    edit(&mut doc["standards"][0]);
    serde_json::to_string_pretty(&doc).expect("text")
}

pub fn with_method(s: &mut serde_json::Value) {
    s["official_method"] = "Thông tư hướng dẫn phương pháp rà soát (tệp thử)".into();
}

#[test]
fn a_loaded_method_lets_the_2027_list_be_recognised() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _, _) = store_with_role(dir.path(), Role::District);
    let round = store
        .open_round(2027, RoundKind::Periodic, None, "nd351-2025", "cán bộ", AT)
        .expect("2027 round");
    // Recognition of the 2027 list is refused while NĐ 351 names no method (the commune's
    // `review` applies the same check: `workflow.rs`).
    assert!(matches!(
        round.check_recognisable(&store.standards().expect("standards")),
        Err(StoreError::Transition(
            TransitionError::NoOfficialMethod { .. }
        ))
    ));

    let text = nd351_file(with_method);
    let loaded = store
        .load_standards(&text, None, "cán bộ huyện", AT + 2)
        .expect("loaded");
    assert_eq!(
        loaded.digest,
        rasoat_store::journal::content_hash(text.as_bytes())
    );
    let listed = store.loaded_standards().expect("list");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].digest, loaded.digest);
    assert_eq!(listed[0].loaded_by, "cán bộ huyện");
    let nd351 = store.standards().expect("standards");
    assert!(nd351
        .by_id("nd351-2025")
        .is_some_and(|s| s.official_method.is_some()));
    // Journalled, and in the action log with the file's digest.
    let journal = store
        .journal_of(Entity::Standards, &loaded.digest)
        .expect("journal");
    assert_eq!(journal.len(), 1);
    let actions = store.actions(10).expect("actions");
    assert!(actions
        .iter()
        .any(|a| a.event == ActionEvent::SettingsChanged
            && a.subject
                .as_deref()
                .is_some_and(|s| s.contains(&loaded.digest))));

    assert!(round
        .check_recognisable(&store.standards().expect("standards"))
        .is_ok());
}

#[test]
fn faulty_files_and_units_below_an_office_are_refused_with_nothing_changed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _, _) = store_with_role(dir.path(), Role::District);
    let before = store.table_digests().expect("digests");
    let rescaled = nd351_file(|s| {
        with_method(s);
        s["score"] = serde_json::json!({"a_max_rural": 205, "a_max_urban": 245, "b_per_deprivation": 10, "b_min_poor": 30});
    });
    let mut nd07 = serde_json::to_value(Standards::national()).expect("json");
    nd07["standards"][1]["urban"]["poverty"] = 2_100_000.into();
    let changed = nd07.to_string();
    for (text, word) in [
        (
            "{\"format\": \"standards.v1\", \"standards\": [",
            "sai dạng",
        ),
        (rescaled.as_str(), "không được quy đổi"),
        (changed.as_str(), "đã xác nhận"),
    ] {
        let err = store
            .load_standards(text, None, "cán bộ", AT + 5)
            .expect_err("refused");
        let said = err.to_string();
        assert!(said.contains(word), "{said}");
        assert!(said.contains(" / "), "Vietnamese and English: {said}");
        assert_eq!(store.table_digests().expect("digests"), before, "{said}");
    }

    let dir = tempfile::tempdir().expect("tempdir");
    let (mut commune, _, _) = store_with_role(dir.path(), Role::Commune);
    let before = commune.table_digests().expect("digests");
    let err = commune
        .load_standards(&nd351_file(with_method), None, "cán bộ xã", AT + 5)
        .expect_err("a commune loads no standards");
    assert!(
        matches!(err, StoreError::StandardsNotTheOffice { .. }),
        "{err}"
    );
    assert_eq!(commune.table_digests().expect("digests"), before);
}
