//! The opening list's steps of the 2026 transition round travel up: the commune meets on and
//! recognises the 2027 list once the district's standards file names NĐ 351's method, and the
//! district reads the same steps after importing; a step naming another commune of the district is refused
//! with every table unchanged.

use rasoat_batch::{export_batch, import_batch};
use rasoat_domain::opening_review::OpeningState;
use rasoat_domain::standard::Standards;
use rasoat_domain::workflow::{ReviewAction, ReviewState, Role};
use rasoat_store::RoundKind;

use crate::support::{date, digest_all, enrol_both, household, site, Site, AT};

fn nd351_with_method() -> String {
    let mut all = Standards::national();
    all.standards.retain(|s| s.id == "nd351-2025");
    all.standards[0].official_method = Some("Thông tư hướng dẫn (tệp thử)".into());
    serde_json::to_string_pretty(&all).expect("json")
}

/// The district opens the 2026 round and loads NĐ 351's method; the commune receives both,
/// saves household 1 in the round and takes its form to accepted. The round's id and the
/// household's id.
fn a_transition_round_at_the_commune(commune: &mut Site, district: &mut Site) -> (String, String) {
    enrol_both(commune, district);
    let round = district
        .store
        .open_round(
            2026,
            RoundKind::Periodic,
            None,
            "nd07-2021",
            "cán bộ huyện",
            AT + 100,
        )
        .expect("2026 round");
    district
        .store
        .load_standards(&nd351_with_method(), None, "cán bộ huyện", AT + 200)
        .expect("loaded");
    let down = export_batch(&mut district.store, &commune.id, AT + 300).expect("export");
    import_batch(&mut commune.store, &down, AT + 400).expect("import");
    let h = household(1, "00721");
    let id = h.id.to_string();
    commune
        .store
        .save_household(&round.id, &h, None, "rà soát viên", AT + 500)
        .expect("save");
    for action in [ReviewAction::Complete, ReviewAction::Accept] {
        commune
            .store
            .review(&id, &round.id, &action, "cán bộ xã", "", AT + 600)
            .expect("closing step");
    }
    (round.id, id)
}

#[test]
fn the_commune_s_opening_steps_reach_the_district() {
    let mut commune = site(Role::Commune, "00721");
    let mut district = site(Role::District, "026");
    let (round, id) = a_transition_round_at_the_commune(&mut commune, &mut district);
    for action in [
        ReviewAction::Meeting {
            attendees: 36,
            agreeing: 30,
        },
        ReviewAction::Recognise {
            decision_number: "45/QĐ-UBND".into(),
            decided_on: date("2026-12-15"),
        },
    ] {
        commune
            .store
            .review_opening(&id, &round, &action, "cán bộ xã", "", AT + 700)
            .expect("opening step");
    }
    let up = export_batch(&mut commune.store, &district.id, AT + 800).expect("export");
    import_batch(&mut district.store, &up, AT + 900).expect("import");
    let seen = district
        .store
        .opening_review(&id, &round)
        .expect("the district reads it");
    assert_eq!(seen.status, OpeningState::Recognised);
    assert_eq!(seen.standard_id.as_deref(), Some("nd351-2025"));
    assert_eq!(seen.decision_number.as_deref(), Some("45/QĐ-UBND"));
    assert_eq!(
        (seen.meeting_attendees, seen.meeting_agreeing),
        (Some(36), Some(30))
    );
    assert_eq!(
        district
            .store
            .survey_record(&id, &round)
            .expect("record")
            .status,
        ReviewState::Accepted,
        "the closing list's record as the commune left it"
    );
    // Importing the same batch again changes nothing.
    let before = digest_all(&district.store);
    import_batch(&mut district.store, &up, AT + 950).expect("again");
    assert_eq!(digest_all(&district.store), before);
}

#[test]
fn an_opening_step_naming_another_commune_is_refused() {
    let mut commune = site(Role::Commune, "00721");
    let mut district = site(Role::District, "026");
    let (round, id) = a_transition_round_at_the_commune(&mut commune, &mut district);
    commune
        .store
        .review_opening(
            &id,
            &round,
            &ReviewAction::Meeting {
                attendees: 36,
                agreeing: 30,
            },
            "cán bộ xã",
            "",
            AT + 700,
        )
        .expect("opening step");
    // A tampered build rewrites its step to name another commune of the district (its own
    // export sends that there), its hash to match: judged as a survey entry moving the
    // household would be.
    let sql = commune.store.sql_for_tests();
    let payload: String = sql
        .query_row(
            "SELECT payload FROM journal WHERE entity = 'opening_review'",
            [],
            |r| r.get(0),
        )
        .expect("the step");
    let forged = payload.replace("\"commune_code\":\"00721\"", "\"commune_code\":\"00724\"");
    assert_ne!(forged, payload);
    sql.execute(
        "UPDATE journal SET payload = ?1, content_hash = ?2 WHERE entity = 'opening_review'",
        [
            forged.as_str(),
            rasoat_store::journal::content_hash(forged.as_bytes()).as_str(),
        ],
    )
    .expect("forged");
    let up = export_batch(&mut commune.store, &district.id, AT + 800).expect("export");
    let before = digest_all(&district.store);
    let err = import_batch(&mut district.store, &up, AT + 900).expect_err("refused");
    let text = err.to_string();
    assert!(
        matches!(err, rasoat_batch::BatchError::MovesHousehold { .. }),
        "{text}"
    );
    assert!(text.contains(" / "), "both languages: {text}");
    assert_eq!(digest_all(&district.store), before, "{text}");
}
