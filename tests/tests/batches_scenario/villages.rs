//! The commune's village list travels with its batches: down to its enumerators (whose form
//! then offers the commune's villages) and up to the district, a rename arriving as the same
//! village under a new name; another commune cannot change it, and its attempt changes nothing.

use rasoat_batch::{export_batch, import_batch, BatchError};
use rasoat_domain::workflow::Role;

use crate::support::{digest_all, enrol_both, household, site, AT};

fn names(store: &rasoat_store::Store) -> Vec<(String, bool)> {
    store
        .villages()
        .expect("villages")
        .into_iter()
        .map(|v| (v.name, v.retired))
        .collect()
}

/// The villages of `commune` a store holds (a district keeps the lists it received).
fn held(store: &rasoat_store::Store, commune: &str) -> Vec<String> {
    store
        .sql_for_tests()
        .prepare("SELECT name FROM village WHERE commune_code = ?1 ORDER BY name")
        .expect("select")
        .query_map([commune], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows")
}

#[test]
fn the_communes_villages_reach_its_enumerators_and_the_district() {
    let mut enumerator = site(Role::Enumerator, "00721");
    let mut commune = site(Role::Commune, "00721");
    let mut district = site(Role::District, "026");
    enrol_both(&mut enumerator, &mut commune);
    enrol_both(&mut commune, &mut district);

    commune
        .store
        .add_village("Thôn Cán Pản", "cán bộ xã", AT + 10)
        .expect("add");
    commune
        .store
        .add_village("Thôn Ả Lử", "cán bộ xã", AT + 11)
        .expect("add");
    commune
        .store
        .set_village_retired("Thôn Ả Lử", true, "cán bộ xã", AT + 12)
        .expect("retire");
    // The enumerator listed a village of its own before the commune's list came: the
    // commune's spelling of it replaces it.
    enumerator
        .store
        .add_village("thôn cán pản", "điều tra viên", AT + 5)
        .expect("own village");

    let down = export_batch(&mut commune.store, &enumerator.id, AT + 100).expect("export");
    import_batch(&mut enumerator.store, &down, AT + 200).expect("import");
    assert_eq!(
        names(&enumerator.store),
        [
            ("Thôn Ả Lử".to_string(), true),
            ("Thôn Cán Pản".to_string(), false)
        ]
    );
    let ids = |store: &rasoat_store::Store| -> Vec<String> {
        store
            .villages()
            .expect("villages")
            .into_iter()
            .map(|v| v.id)
            .collect()
    };
    assert_eq!(ids(&enumerator.store), ids(&commune.store));

    // The enumerator saves a household in the village, then the commune renames it.
    let mut h = household(1, "00721");
    h.location.village = "Thôn Cán Pản".into();
    let answers_before = serde_json::to_string(&h).expect("json");
    enumerator
        .store
        .save_households(
            &enumerator.round.id,
            &[(h.clone(), None)],
            "điều tra viên",
            AT + 300,
        )
        .expect("save");
    commune
        .store
        .rename_village("Thôn Cán Pản", "Bản Cán Pản", "cán bộ xã", AT + 400)
        .expect("rename");
    let down = export_batch(&mut commune.store, &enumerator.id, AT + 500).expect("export");
    import_batch(&mut enumerator.store, &down, AT + 600).expect("import");
    assert_eq!(
        names(&enumerator.store),
        [
            ("Bản Cán Pản".to_string(), false),
            ("Thôn Ả Lử".to_string(), true)
        ]
    );
    // The household is found in the renamed village; its answers still say what was chosen.
    let found = enumerator
        .store
        .village_named("Thôn Cán Pản")
        .expect("lookup")
        .expect("the village it now is");
    assert_eq!(found.name, "Bản Cán Pản");
    assert_eq!(found.former_names, ["Thôn Cán Pản"]);
    let saved = enumerator
        .store
        .survey_record(&h.id.to_string(), &enumerator.round.id)
        .expect("read");
    assert_eq!(saved.village, "Thôn Cán Pản");
    assert_eq!(
        serde_json::to_string(&saved.answers.expect("answers")).expect("json"),
        answers_before
    );

    // Up to the district, which keeps the commune's list; the same batch twice changes nothing.
    let up = export_batch(&mut commune.store, &district.id, AT + 700).expect("export");
    import_batch(&mut district.store, &up, AT + 800).expect("import");
    assert_eq!(held(&district.store, "00721"), ["Bản Cán Pản", "Thôn Ả Lử"]);
    let before = digest_all(&district.store);
    let again = import_batch(&mut district.store, &up, AT + 900).expect("again");
    assert!(again.already_imported);
    assert_eq!(digest_all(&district.store), before);
}

#[test]
fn another_commune_cannot_change_a_communes_villages() {
    let mut ours = site(Role::Commune, "00721");
    let mut theirs = site(Role::Commune, "00715");
    let mut district = site(Role::District, "026");
    enrol_both(&mut ours, &mut district);
    enrol_both(&mut theirs, &mut district);
    ours.store
        .add_village("Thôn Cán Pản", "cán bộ xã", AT + 10)
        .expect("add");
    let up = export_batch(&mut ours.store, &district.id, AT + 100).expect("export");
    import_batch(&mut district.store, &up, AT + 200).expect("import");

    // The other commune's app, altered, journals a change to our list: a new village in it,
    // our village renamed (its id, our commune's code).
    theirs
        .store
        .add_village("Thôn Lạ", "cán bộ xã khác", AT + 300)
        .expect("add");
    let target = ours.store.villages().expect("villages")[0].id.clone();
    // Then our village taken into its own list (our village's id, its commune's code).
    for (entity_id, name, commune) in [
        (None, "Thôn Lạ", "00721"),
        (Some(target.as_str()), "Thôn Bị Đổi", "00721"),
        (Some(target.as_str()), "Thôn Bị Lấy", "00715"),
    ] {
        let sql = theirs.store.sql_for_tests();
        let (seq, payload): (i64, String) = sql
            .query_row(
                "SELECT seq, payload FROM journal WHERE entity = 'village' ORDER BY seq DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("the village entry");
        let mut state: serde_json::Value = serde_json::from_str(&payload).expect("state");
        state["commune_code"] = commune.into();
        state["name"] = name.into();
        if let Some(id) = entity_id {
            state["id"] = id.into();
        }
        let forged = serde_json::to_string(&state).expect("json");
        sql.execute(
            "UPDATE journal SET payload = ?2, content_hash = ?3, entity_id = ?4 WHERE seq = ?1
               AND entity = 'village'",
            rusqlite::params![
                seq,
                forged,
                rasoat_store::journal::content_hash(forged.as_bytes()),
                state["id"].as_str().expect("id"),
            ],
        )
        .expect("forge");
        let forged_batch = export_batch(&mut theirs.store, &district.id, AT + 400).expect("export");
        let before = digest_all(&district.store);
        match import_batch(&mut district.store, &forged_batch, AT + 500) {
            Err(BatchError::VillagesOutsideUnit { unit, .. }) => assert_eq!(unit, commune),
            other => panic!("another commune's change to our list must be refused: {other:?}"),
        }
        assert_eq!(digest_all(&district.store), before, "nothing changed");
        assert_eq!(held(&district.store, "00721"), ["Thôn Cán Pản"]);
    }
}

#[test]
fn villages_listed_before_the_list_travelled_go_with_the_communes_next_batch() {
    let mut enumerator = site(Role::Enumerator, "00721");
    let mut commune = site(Role::Commune, "00721");
    enrol_both(&mut enumerator, &mut commune);
    // What migration 0021 leaves of a list typed before it: ids, nothing journalled.
    commune
        .store
        .sql_for_tests()
        .execute_batch(
            "INSERT INTO village (commune_code, name, retired, added_at, id, journalled)
             VALUES ('00721', 'Thôn Cán Pản', 0, 1, '00721:Thôn Cán Pản', 0),
                    ('00721', 'Thôn Ả Lử', 1, 2, '00721:Thôn Ả Lử', 0);",
        )
        .expect("listed before");

    // No change to the list since: the next batch, however it is made, carries it.
    let down = export_batch(&mut commune.store, &enumerator.id, AT + 100).expect("export");
    import_batch(&mut enumerator.store, &down, AT + 200).expect("import");
    assert_eq!(
        names(&enumerator.store),
        [
            ("Thôn Ả Lử".to_string(), true),
            ("Thôn Cán Pản".to_string(), false)
        ]
    );
    // Journalled once: the batch after it carries no village again.
    let journalled = |store: &rasoat_store::Store| -> i64 {
        store
            .sql_for_tests()
            .query_row(
                "SELECT count(*) FROM journal WHERE entity = 'village'",
                [],
                |r| r.get(0),
            )
            .expect("count")
    };
    assert_eq!(journalled(&commune.store), 2);
    export_batch(&mut commune.store, &enumerator.id, AT + 300).expect("export again");
    assert_eq!(journalled(&commune.store), 2);
}
