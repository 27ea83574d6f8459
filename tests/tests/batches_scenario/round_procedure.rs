//! Who a round consults before recognition and who recognises travel with the round's other
//! settings; a commune may not choose them for a periodic round; and settings keys a newer app
//! added reach this one without refusing the batch, are left out here and kept as they came.

use rasoat_batch::{export_batch, import_batch, BatchError};
use rasoat_domain::classify::Settings;
use rasoat_domain::procedure::Consulted;
use rasoat_domain::round_settings::{set, CONSULTED};
use rasoat_domain::workflow::Role;
use rasoat_store::StoreError;
use serde_json::json;

use crate::support::{digest_all, enrol_both, site, AT};

/// The settings a newer app holds for the district's round: a key of its own under `score`
/// and a section this app has never heard of, beside one it knows.
const NEWER: &str = r#"{"score":{"section_5":"add_up","section_7":"add_up"},"household_size":{"counted":"residents"}}"#;

fn stored_json(store: &rasoat_store::Store, round: &str) -> serde_json::Value {
    let text: String = store
        .sql_for_tests()
        .query_row(
            "SELECT settings FROM round_settings WHERE round_id = ?1",
            [round],
            |r| r.get(0),
        )
        .expect("stored settings");
    serde_json::from_str(&text).expect("json")
}

#[test]
fn a_newer_app_s_keys_are_ignored_and_kept_not_refused() {
    let mut commune = site(Role::Commune, "00721");
    let mut district = site(Role::District, "026");
    enrol_both(&mut commune, &mut district);
    // The version before this one read settings strictly, so such a batch was refused whole.
    assert!(serde_json::from_str::<Settings>(NEWER).is_err());

    // As a newer app left them (its entry reached the district before it was updated back).
    district
        .store
        .sql_for_tests()
        .execute(
            "INSERT INTO round_settings (round_id, settings, entry_id, recorded_at)
             VALUES (?1, ?2, 'newer', 0)",
            [district.round.id.as_str(), NEWER],
        )
        .expect("a newer app's settings");
    let held = district
        .store
        .round_settings(&district.round.id)
        .expect("read, not refused");
    assert_eq!(
        held.score.section_5,
        rasoat_domain::score_a::SeveralRows::AddUp
    );
    // The district chooses who is consulted; the keys it does not know go with the change.
    let settings = set(&held, CONSULTED, "district_chairman").expect("set");
    district
        .store
        .set_round_settings(&district.round.id, &settings, "cán bộ huyện", AT + 2000)
        .expect("set");
    let down = export_batch(&mut district.store, &commune.id, AT + 3000).expect("export");
    import_batch(&mut commune.store, &down, AT + 4000).expect("no refusal for unknown keys");

    let got = commune
        .store
        .round_settings(&commune.round.id)
        .expect("settings");
    assert_eq!(got.procedure.consulted, Some(Consulted::DistrictChairman));
    assert_eq!(got.score.section_5, held.score.section_5);
    let stored = stored_json(&commune.store, &commune.round.id);
    assert_eq!(stored["score"]["section_7"], json!("add_up"));
    assert_eq!(stored["household_size"], json!({"counted": "residents"}));
    assert_eq!(stored["procedure"]["consulted"], json!("district_chairman"));
}

#[test]
fn a_commune_may_not_choose_whom_a_periodic_round_consults() {
    let mut commune = site(Role::Commune, "00721");
    let mut district = site(Role::District, "026");
    enrol_both(&mut commune, &mut district);
    let settings = set(&Settings::default(), CONSULTED, "district_chairman").expect("set");

    let before = digest_all(&commune.store);
    let refused = commune
        .store
        .set_round_settings(&commune.round.id, &settings, "cán bộ xã", AT + 1000)
        .expect_err("a commune does not set a periodic round's procedure");
    assert!(
        matches!(refused, StoreError::RoundSettingsNotTheOffice { .. }),
        "{refused}"
    );
    assert!(refused.to_string().contains("chỉ cơ quan"), "{refused}");
    assert_eq!(digest_all(&commune.store), before);

    // A tampered build writes the entry anyway: the district refuses the whole batch.
    let sql = commune.store.sql_for_tests();
    sql.execute("UPDATE installation SET role = 'district'", [])
        .expect("pretend");
    commune
        .store
        .set_round_settings(&commune.round.id, &settings, "cán bộ xã", AT + 1000)
        .expect("the tampered store writes it");
    commune
        .store
        .sql_for_tests()
        .execute("UPDATE installation SET role = 'commune'", [])
        .expect("back");
    let file = export_batch(&mut commune.store, &district.id, AT + 2000).expect("export");
    let before = digest_all(&district.store);
    let err = import_batch(&mut district.store, &file, AT + 3000).expect_err("refused");
    assert!(matches!(err, BatchError::RoundNotAllowed { .. }), "{err}");
    assert_eq!(digest_all(&district.store), before);
    assert_eq!(
        district
            .store
            .round_settings(&district.round.id)
            .expect("settings")
            .procedure
            .consulted,
        None
    );
}
