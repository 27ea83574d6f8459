//! Shared setup: a district store of Đồng Văn filled with realistic demo households, each
//! classified by the test itself so the files can be checked against what it knows.

use std::collections::{BTreeMap, HashMap};

use rasoat_demo::{generate_rounds, DemoSpec};
use rasoat_domain::classify::{classify_with, Class, Method, Settings, StandardChoice};
use rasoat_domain::standard::Standards;
use rasoat_domain::workflow::Role;
use rasoat_domain::Household;
use rasoat_store::report::{ReportRequest, RoundReport};
use rasoat_store::{RoundKind, Store, SurveyResult, UnitBasis};
use uuid::Uuid;

/// A fixed instant (2025-10-01 08:00 UTC): the store never reads the clock, so tests pass time.
pub const AT: i64 = 1_759_305_600_000;

/// What the test knows of one household in one year.
#[derive(Debug, Clone)]
pub struct Known {
    pub commune: String,
    pub village: String,
    pub class: Class,
}

pub struct Fixture {
    pub store: Store,
    /// year -> household -> what it was.
    pub known: BTreeMap<i32, HashMap<Uuid, Known>>,
    pub households: HashMap<i32, Vec<Household>>,
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
        for h in round.households() {
            let c = classify_with(
                &h,
                &standards,
                &StandardChoice::Year(year),
                Method::Score,
                &Settings::default(),
            )
            .expect("classify")
            .remove(0);
            of_year.insert(
                h.id,
                Known {
                    commune: h.location.commune.clone(),
                    village: h.location.village.clone(),
                    class: c.class,
                },
            );
            batch.push((h.clone(), Some(SurveyResult::from_classification(&c))));
            list.push(h);
        }
        store
            .save_households(&r.id, &batch, "thử", AT)
            .expect("save");
        known.insert(year, of_year);
        all.insert(year, list);
    }
    Fixture {
        store,
        known,
        households: all,
        dir,
    }
}

/// The report of the periodic round of `year`, with its villages.
pub fn report(fx: &Fixture, year: i32, basis: UnitBasis) -> RoundReport {
    let round = fx.store.periodic_round_of_year(year).expect("round");
    fx.store
        .round_report(&ReportRequest {
            round_id: round.id,
            basis,
            unit: None,
            villages: true,
        })
        .expect("report")
}
