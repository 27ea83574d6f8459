//! A district store of Đồng Văn filled with realistic demo households, each classified by the
//! test itself and remembered, so that reports and report files can be checked against an
//! independent count. Shared by the store's report tests and the report files' tests (which
//! include this file by path), so both check against one fixture.
// Each test binary that includes this file reads a part of what it remembers.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};

use rasoat_demo::{generate_rounds, DemoSpec};
use rasoat_domain::classify::{classify_with, Class, Method, Settings, StandardChoice};
use rasoat_domain::standard::Standards;
use rasoat_domain::workflow::Role;
use rasoat_domain::{AreaType, Household, Relation};
use rasoat_store::report::{ReportRequest, RoundReport};
use rasoat_store::{RoundKind, Store, SurveyResult, UnitBasis};
use uuid::Uuid;

/// A fixed instant (2025-10-01 08:00 UTC): the store never reads the clock, so tests pass time.
const AT: i64 = 1_759_305_600_000;

/// What the test knows of one household in one year.
#[derive(Debug, Clone)]
pub struct Known {
    pub commune: String,
    pub village: String,
    pub class: Class,
    pub deprived: Vec<String>,
    pub head_ethnicity: String,
    pub minority: bool,
    pub urban: bool,
    /// The form is completed ("đã rà soát"); a quarter of each round's households are left
    /// drafts, which the official tables never count in a class.
    pub reviewed: bool,
}

pub struct Fixture {
    pub store: Store,
    pub years: Vec<i32>,
    /// year -> household -> what it was.
    pub known: BTreeMap<i32, HashMap<Uuid, Known>>,
    pub households: HashMap<i32, Vec<Household>>,
    /// Where the store lives; files a test writes go here too.
    pub dir: tempfile::TempDir,
}

/// A district installation of Đồng Văn with `n` demo households reviewed in each of `years`.
pub fn fixture(n: usize, years: &[i32]) -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(dir.path().join("report.sqlite")).expect("open");
    store.load_reference_units().expect("units");
    store
        .init_installation(Role::District, "026", "cán bộ huyện", AT)
        .expect("init");
    let standards = Standards::national();
    let spec = DemoSpec::new(n, 11, years[0]);
    let mut known = BTreeMap::new();
    let mut all = HashMap::new();
    for round in generate_rounds(&spec, years) {
        let year = round.year;
        let standard = standards.national_for_year(year).expect("standard");
        let r = store
            .open_round(year, RoundKind::Periodic, None, &standard.id, "thử", AT)
            .expect("round");
        let mut batch = Vec::new();
        let mut of_year = HashMap::new();
        let mut list = Vec::new();
        for (i, h) in round.households().enumerate() {
            // Not the same households every year: a draft now may have been reviewed before.
            let reviewed = !(i + year as usize).is_multiple_of(4);
            let c = classify_with(
                &h,
                &standards,
                &StandardChoice::Year(year),
                Method::Score,
                &Settings::default(),
            )
            .expect("classify")
            .remove(0);
            let head = h
                .members
                .iter()
                .find(|m| m.relation == Some(Relation::Head))
                .expect("head");
            of_year.insert(
                h.id,
                Known {
                    commune: h.location.commune.clone(),
                    village: h.location.village.clone(),
                    class: c.class,
                    deprived: c.deprived().map(|i| i.id.as_str().to_string()).collect(),
                    head_ethnicity: head.ethnicity.clone(),
                    minority: h.members.iter().any(|m| {
                        matches!(m.relation, Some(Relation::Head | Relation::Spouse))
                            && m.ethnicity != "01"
                    }),
                    urban: h.area == Some(AreaType::Urban),
                    reviewed,
                },
            );
            batch.push((h.clone(), Some(SurveyResult::from_classification(&c))));
            list.push(h);
        }
        store
            .save_households(&r.id, &batch, "thử", AT)
            .expect("save");
        complete(&store, &r.id, of_year.iter().filter(|(_, k)| k.reviewed));
        known.insert(year, of_year);
        all.insert(year, list);
    }
    Fixture {
        store,
        years: years.to_vec(),
        known,
        households: all,
        dir,
    }
}

/// Marks the records completed, as a district holds its communes' finished forms: a district
/// may not complete a form itself, and importing every commune's batch would make each test
/// minutes long, so the fixture writes the state where the review steps would have.
pub fn complete<'a>(
    store: &Store,
    round_id: &str,
    ids: impl Iterator<Item = (&'a Uuid, &'a Known)>,
) {
    let conn = store.sql_for_tests();
    let tx = conn.unchecked_transaction().expect("transaction");
    for (id, _) in ids {
        let id = id.to_string();
        for table in ["survey_record", "record_summary"] {
            let changed = tx
                .execute(
                    &format!(
                        "UPDATE {table} SET status = 'completed' \
                         WHERE round_id = ?1 AND household_id = ?2"
                    ),
                    [round_id, id.as_str()],
                )
                .expect("complete");
            assert_eq!(changed, 1, "{table}");
        }
    }
    // The list's own table holds the state too (migration 0028), as a review step writes it.
    tx.execute(
        "UPDATE household_list SET status = (SELECT r.status FROM survey_record r
             WHERE r.household_id = household_list.household_id AND r.round_id = ?1)
         WHERE round_n = (SELECT n FROM list_round WHERE round_id = ?1)",
        [round_id],
    )
    .expect("list state");
    tx.commit().expect("commit");
}

pub fn report(fx: &Fixture, year: i32, basis: UnitBasis) -> RoundReport {
    let round = fx.store.periodic_round_of_year(year).expect("round");
    fx.store
        .round_report(&ReportRequest {
            round_id: round.id,
            basis,
            unit: None,
            villages: true,
            changes: true,
        })
        .expect("report")
}
