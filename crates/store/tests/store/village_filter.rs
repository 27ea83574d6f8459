//! The household list's village filter offers the commune's villages by stable id and current
//! name: a renamed village once, gathering the households saved under its former name; a
//! village listed before the list travelled (no id of its own) at once; a name no listed
//! village had, as written.

use rasoat_store::{ListFilter, VillageChoice};

use crate::support::{commune_store, household, AT};

fn in_village(n: u64, village: &str) -> rasoat_domain::Household {
    let mut h = household(n);
    h.location.village = village.into();
    h
}

fn codes(store: &rasoat_store::Store, round: &str, id: &str) -> Vec<String> {
    let mut codes: Vec<String> = store
        .list_households(&ListFilter {
            round_id: Some(round.to_string()),
            village_id: Some(id.to_string()),
            ..ListFilter::default()
        })
        .expect("list")
        .into_iter()
        .map(|r| r.code)
        .collect();
    codes.sort();
    codes
}

#[test]
fn a_renamed_village_is_one_choice_with_all_its_households() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = commune_store(dir.path());
    store
        .add_village("Thôn Cán Pản", "thử", AT)
        .expect("listed");
    store.add_village("Thôn Ả Lử", "thử", AT).expect("listed");
    let old = in_village(1, "Thôn Cán Pản");
    store
        .save_households(&round.id, &[(old.clone(), None)], "thử", AT)
        .expect("save");
    store
        .rename_village("Thôn Cán Pản", "Bản Cán Pản", "thử", AT + 1)
        .expect("renamed");
    let new = in_village(2, "Bản Cán Pản");
    let unlisted = in_village(3, "Thon Sung Trai");
    // Typed with a space too many: the same village.
    let spaced = in_village(4, "Bản  Cán Pản ");
    store
        .save_households(
            &round.id,
            &[
                (new.clone(), None),
                (unlisted.clone(), None),
                (spaced.clone(), None),
            ],
            "thử",
            AT + 2,
        )
        .expect("save");
    // A village listed by a store from before the list travelled: its row has no id.
    store
        .sql_for_tests()
        .execute(
            "INSERT INTO village (commune_code, name, added_at) VALUES ('00721', 'Thôn Lao Xa', 0)",
            [],
        )
        .expect("an old row");

    let choices = store.village_choices(&round.id).expect("choices");
    let names: Vec<(&str, bool)> = choices
        .iter()
        .map(|c| (c.name.as_str(), c.id.is_some()))
        .collect();
    assert_eq!(
        names,
        [
            ("Bản Cán Pản", true),
            ("Thôn Ả Lử", true),
            ("Thôn Lao Xa", true),
            ("Thon Sung Trai", false),
        ],
        "the former name is not a choice of its own; a listed village without households is"
    );
    let id_of = |name: &str| {
        choices
            .iter()
            .find(|c| c.name == name)
            .and_then(|c: &VillageChoice| c.id.clone())
            .expect("listed")
    };
    let mut both = vec![old.code.clone(), new.code.clone(), spaced.code.clone()];
    both.sort();
    assert_eq!(codes(&store, &round.id, &id_of("Bản Cán Pản")), both);
    assert!(codes(&store, &round.id, &id_of("Thôn Ả Lử")).is_empty());
    assert_eq!(
        codes(&store, &round.id, "00721:Thôn Lao Xa"),
        Vec::<String>::new()
    );
    // An id this store does not hold matches nothing.
    assert!(codes(&store, &round.id, "no-such-village").is_empty());
    // A name no listed village had still filters by its text.
    let by_name = store
        .list_households(&ListFilter {
            round_id: Some(round.id.clone()),
            village: Some("Thon Sung Trai".into()),
            ..ListFilter::default()
        })
        .expect("list");
    let by_name: Vec<&str> = by_name.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(by_name, [unlisted.code.as_str()]);
}
