//! Migration 0006: a round records its method (old rounds take their standard's default), and
//! a survey record keeps Phiếu A's verdict, written with the record and listed without
//! reading the answers again.

use rasoat_domain::classify::Method;
use rasoat_domain::phieu_a::{phieu_a, PhieuAResult, PhieuARules};
use rasoat_domain::PhieuA;
use rasoat_store::{Entity, RoundKind, Store, SurveyResult};

use crate::support::{commune_store, household, AT};

#[test]
fn the_v1_fixture_gets_each_rounds_method_from_its_standard() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/store-v1.sqlite"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("store-v1.sqlite");
    std::fs::copy(fixture, &path).expect("copy fixture");
    let store = Store::open(&path).expect("a v1 store opens");
    let rounds = store.rounds().expect("rounds");
    assert_eq!(rounds.len(), 2);
    for round in &rounds {
        // The fixture's rounds apply NĐ 07/2021, whose score table makes score the default.
        assert_eq!(round.standard_id, "nd07-2021");
        assert_eq!(round.method, Method::Score, "{}", round.label());
    }
    // Filled in the column itself, not only read with a fallback.
    let missing: i64 = store
        .sql_for_tests()
        .query_row("SELECT COUNT(*) FROM round WHERE method IS NULL", [], |r| {
            r.get(0)
        })
        .expect("count");
    assert_eq!(missing, 0);
    // Old records have no Phiếu A verdict and keep their content hash.
    let round = &rounds[0];
    let rows = store
        .list_households(&rasoat_store::ListFilter {
            round_id: Some(round.id.clone()),
            ..Default::default()
        })
        .expect("list");
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    assert!(store
        .phieu_a_verdicts(&round.id, &ids)
        .expect("verdicts")
        .is_empty());
}

#[test]
fn a_round_opened_by_income_keeps_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = commune_store(dir.path());
    // The default for NĐ 07/2021 is the score.
    assert_eq!(round.method, Method::Score);
    let monthly = store
        .open_round_with_method(
            2025,
            RoundKind::Regular,
            Some(11),
            "nd07-2021",
            Method::Income,
            "cán bộ thử",
            AT,
        )
        .expect("open");
    assert_eq!(monthly.method, Method::Income);
    assert_eq!(
        store.round(&monthly.id).expect("read").method,
        Method::Income
    );
    let journal = store
        .journal_of(Entity::Round, &monthly.id)
        .expect("journal");
    assert!(journal[0].payload.contains("\"method\":\"income\""));
    // A standard without a score table defaults to income.
    let old = store
        .open_round(2020, RoundKind::Periodic, None, "qd59-2015", "x", AT)
        .expect("open 2020");
    assert_eq!(old.method, Method::Income);
}

#[test]
fn the_phieu_a_verdict_is_stored_with_the_record_and_listed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = commune_store(dir.path());
    let mut screened = household(1);
    let mut answers = PhieuA::default();
    for yes in answers.answers.iter_mut().take(4) {
        *yes = true;
    }
    screened.phieu_a = Some(answers);
    let outcome = screened
        .phieu_a
        .as_ref()
        .map(|a| phieu_a(a, &PhieuARules::default()));
    let result = SurveyResult {
        standard_id: "nd07-2021".into(),
        method: "score".into(),
        class: "other".into(),
        score_a: Some(200),
        score_b: Some(0),
        deprived: vec![],
        phieu_a: None,
    }
    .with_phieu_a(outcome.as_ref());
    store
        .save_household(&round.id, &screened, Some(&result), "x", AT)
        .expect("save");
    let plain = household(2);
    store
        .save_household(&round.id, &plain, None, "x", AT)
        .expect("save");

    let id = screened.id.to_string();
    let record = store.survey_record(&id, &round.id).expect("record");
    let verdict = record
        .result
        .and_then(|r| r.phieu_a)
        .expect("verdict stored");
    assert_eq!(verdict.result, PhieuAResult::Stop);
    assert_eq!(verdict.yes_count, Some(4));
    let listed = store
        .phieu_a_verdicts(&round.id, &[id.clone(), plain.id.to_string()])
        .expect("verdicts");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[&id], verdict);
    // The column, not a recomputation: change the stored answers behind the store's back
    // and the listed verdict stays what was decided at the save.
    store
        .sql_for_tests()
        .execute("UPDATE answers SET json = '{}'", [])
        .expect("tamper");
    assert_eq!(
        store
            .phieu_a_verdicts(&round.id, std::slice::from_ref(&id))
            .expect("again")[&id],
        verdict
    );
    // It travels in the journal entry, so another installation keeps it too.
    let history = store
        .journal_of(Entity::Survey, &format!("{id}/{}", round.id))
        .expect("history");
    assert!(history[0]
        .payload
        .contains("\"phieu_a\":{\"result\":\"stop\""));
}
