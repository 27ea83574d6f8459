//! Summary reports checked against an independent count: the test classifies the generated
//! households itself, remembers what it knows of each, and computes every cell from that —
//! never from the store's SQL.

use rasoat_domain::classify::Class;
use rasoat_domain::{AreaType, Household};
use rasoat_store::report::{Counts, Denominator, ReportLevel};
use rasoat_store::{Store, UnitBasis};
use uuid::Uuid;

use crate::report_fixture::{fixture, report, Fixture, Known};
use crate::support::{AT, DROP_0028};

/// The expected counts of a set of households in `year`, by the report's definitions, written
/// out again here from what the test knows.
fn expected(
    fx: &Fixture,
    year: i32,
    indicators: &[String],
    keep: impl Fn(&Uuid, &Known) -> bool,
) -> Counts {
    let now = &fx.known[&year];
    let prev_year = fx.years.iter().copied().filter(|y| *y < year).max();
    let prev = prev_year.map(|y| &fx.known[&y]);
    let mut c = Counts {
        deprived: vec![0; indicators.len()],
        ..Counts::default()
    };
    for (id, k) in now.iter().filter(|(id, k)| keep(id, k)) {
        // A draft is counted as being entered, and nowhere else: not its class, not a change,
        // not a deprivation.
        if !k.reviewed {
            c.in_progress += 1;
            continue;
        }
        c.reviewed += 1;
        c.classified += 1;
        // An earlier round's class is its finished forms' only.
        let class_in = |k: &Known| k.reviewed.then_some(k.class);
        let before = prev.and_then(|p| p.get(id)).and_then(class_in);
        let earlier: Vec<Class> = fx
            .years
            .iter()
            .filter(|y| Some(**y) < prev_year)
            .filter_map(|y| fx.known[y].get(id).and_then(class_in))
            .collect();
        match k.class {
            Class::Poor => {
                c.poor += 1;
                if k.minority {
                    c.poor_ethnic_minority += 1;
                }
            }
            Class::NearPoor => {
                c.near_poor += 1;
                if k.minority {
                    c.near_poor_ethnic_minority += 1;
                }
            }
            Class::Middle => c.middle += 1,
            Class::Other => c.other += 1,
        }
        match before {
            Some(Class::Poor) => {
                c.previous_poor += 1;
                if k.class != Class::Poor {
                    c.escaped_poverty += 1;
                }
                if k.class == Class::NearPoor {
                    c.near_poor_from_poor += 1;
                }
            }
            Some(Class::NearPoor) => {
                c.previous_near_poor += 1;
                if matches!(k.class, Class::Middle | Class::Other) {
                    c.escaped_near_poverty += 1;
                }
            }
            _ => {}
        }
        if k.class == Class::Poor && before != Some(Class::Poor) {
            if earlier.contains(&Class::Poor) {
                c.fell_back_into_poverty += 1;
            } else if before == Some(Class::NearPoor) {
                c.new_poor_from_near_poor += 1;
            } else {
                c.new_poor_from_outside += 1;
            }
        }
        if k.class == Class::NearPoor && !matches!(before, Some(Class::NearPoor | Class::Poor)) {
            if earlier.contains(&Class::NearPoor) {
                c.fell_back_into_near_poverty += 1;
            } else {
                c.new_near_poor += 1;
            }
        }
        for d in &k.deprived {
            let i = indicators.iter().position(|x| x == d).expect("indicator");
            c.deprived[i] += 1;
        }
    }
    c
}

#[test]
fn every_cell_of_the_district_report_matches_an_independent_count() {
    let mut fx = fixture(360, &[2022, 2023, 2024]);
    // The register says 500 households in Phó Bảng town and 40 in one of its villages.
    let village = fx.known[&2024]
        .values()
        .find(|k| k.commune == "00712")
        .expect("a household of Phó Bảng")
        .village
        .clone();
    fx.store
        .set_unit_households("00712", None, None, 2024, 500, "thử", AT)
        .expect("enter");
    fx.store
        .set_unit_households("00712", None, Some(&village), 2024, 40, "thử", AT)
        .expect("enter village");
    let r = report(&fx, 2024, UnitBasis::AsRecorded);
    let ids: Vec<String> = r.indicators.iter().map(|i| i.id.clone()).collect();
    assert_eq!(ids.len(), 12, "the 12 indicators of Decree 07/2021");
    assert_eq!(r.previous_round.as_ref().map(|p| p.year), Some(2023));

    let total = &r.rows[0];
    assert_eq!(total.unit.level, ReportLevel::District);
    assert_eq!(total.counts, expected(&fx, 2024, &ids, |_, _| true));
    assert_eq!(
        (total.counts.reviewed, total.counts.in_progress),
        (270, 90),
        "drafts are never counted as reviewed"
    );
    // Drafts of every class are in the round; the class columns hold none of them.
    let now = &fx.known[&2024];
    for class in [Class::Poor, Class::NearPoor, Class::Middle, Class::Other] {
        let of = |reviewed: bool| {
            now.values()
                .filter(|k| k.class == class && k.reviewed == reviewed)
                .count() as u64
        };
        assert!(of(false) > 0, "a draft of class {class:?}");
        let column = match class {
            Class::Poor => total.counts.poor,
            Class::NearPoor => total.counts.near_poor,
            Class::Middle => total.counts.middle,
            Class::Other => total.counts.other,
        };
        assert_eq!(column, of(true), "{class:?}: the reviewed ones only");
    }
    // Some of each change happen in three rounds of 360 households.
    assert!(
        total.counts.escaped_poverty > 0
            && total.counts.new_poor_from_outside
                + total.counts.new_poor_from_near_poor
                + total.counts.fell_back_into_poverty
                > 0
    );

    let mut communes = 0;
    for row in r
        .rows
        .iter()
        .filter(|r| r.unit.level == ReportLevel::Commune)
    {
        communes += 1;
        let code = row.unit.code.clone();
        assert_eq!(
            row.counts,
            expected(&fx, 2024, &ids, |_, k| k.commune == code),
            "commune {code}"
        );
        if code == "00712" {
            assert_eq!(row.resident_households, 500);
            assert_eq!(row.denominator, Denominator::Entered);
            let rate = row.rate(row.counts.poor).expect("rate");
            assert!((rate - 100.0 * row.counts.poor as f64 / 500.0).abs() < 1e-9);
        } else {
            assert_eq!(row.denominator, Denominator::Reviewed);
            // Rates without a register figure are of the reviewed households.
            assert_eq!(row.resident_households, row.counts.reviewed);
        }
    }
    assert!(communes > 10, "households in most of the 19 communes");
    for row in r
        .rows
        .iter()
        .filter(|r| r.unit.level == ReportLevel::Village)
    {
        let (code, v) = (row.unit.code.clone(), row.unit.name.clone());
        assert_eq!(
            row.counts,
            expected(&fx, 2024, &ids, |_, k| k.commune == code && k.village == v),
            "village {v}"
        );
        if code == "00712" && v == village {
            assert_eq!(row.resident_households, 40);
        }
    }
    // Not every commune entered: the district row stands on the households reviewed.
    assert_eq!(total.denominator, Denominator::Reviewed);

    for g in &r.by_ethnicity {
        let want = if g.key == "dtts" {
            expected(&fx, 2024, &ids, |_, k| k.minority)
        } else {
            expected(&fx, 2024, &ids, |_, k| k.head_ethnicity == g.key)
        };
        assert_eq!(g.counts, want, "ethnicity {}", g.key);
    }
    assert!(r
        .by_ethnicity
        .iter()
        .any(|g| g.key == "08" && g.label_vi == "Mông"));
    for g in &r.by_area {
        let urban = g.key == "urban";
        assert_eq!(
            g.counts,
            expected(&fx, 2024, &ids, |_, k| k.urban == urban),
            "area {}",
            g.key
        );
    }
    let areas: u64 = r.by_area.iter().map(|g| g.counts.records()).sum();
    assert_eq!(areas, 360);
    let areas: u64 = r.by_area.iter().map(|g| g.counts.reviewed).sum();
    assert_eq!(areas, 270);
}

#[test]
fn the_first_round_has_no_changes_and_a_district_figure_is_the_denominator() {
    let mut fx = fixture(60, &[2023]);
    fx.store
        .set_unit_households("026", None, None, 2023, 1000, "thử", AT)
        .expect("enter");
    let r = report(&fx, 2023, UnitBasis::AsRecorded);
    assert!(r.previous_round.is_none());
    let total = &r.rows[0];
    assert_eq!(total.resident_households, 1000);
    assert_eq!(total.denominator, Denominator::Entered);
    let c = &total.counts;
    assert_eq!(
        c.previous_poor + c.escaped_poverty + c.fell_back_into_poverty,
        0
    );
    assert_eq!(c.new_poor_from_outside, c.poor);
    assert_eq!(c.new_near_poor, c.near_poor);
}

#[test]
fn every_target_of_the_dashboard_matches_an_independent_count() {
    use rasoat_domain::targets::{MeasureKind, Targets};
    use rasoat_domain::{Employment, HealthInsurance, Latrine, Training, WaterSource};

    let fx = fixture(200, &[2023, 2024]);
    let targets = Targets::dong_van_2020().expect("targets");
    let round = fx.store.periodic_round_of_year(2024).expect("round");
    let report = fx
        .store
        .target_report(&round.id, &targets, UnitBasis::AsRecorded)
        .expect("dashboard");
    assert_eq!(report.years, vec![2023, 2024]);
    // The targets measure the households the class columns count: finished forms only.
    let hh: Vec<Household> = fx.households[&2024]
        .iter()
        .filter(|h| fx.known[&2024][&h.id].reviewed)
        .cloned()
        .collect();
    assert!(
        hh.len() < fx.households[&2024].len(),
        "the round holds drafts"
    );
    let pct = |n: usize, d: usize| 100.0 * n as f64 / d as f64;
    let people = |f: &dyn Fn(&Household) -> bool| -> usize {
        hh.iter().filter(|h| f(h)).map(|h| h.members.len()).sum()
    };
    let rural = |h: &Household| h.area == Some(AreaType::Rural);
    let members = || {
        hh.iter()
            .flat_map(|h| h.members.iter().map(move |m| (h, m)))
    };
    let hygienic = [
        WaterSource::Tap,
        WaterSource::BottledOrBought,
        WaterSource::Borehole,
        WaterSource::ProtectedDugWell,
        WaterSource::ProtectedSpring,
        WaterSource::Rainwater,
    ];
    let latrines = [
        Latrine::SepticOrSemiSeptic,
        Latrine::PourFlush,
        Latrine::VentilatedImprovedPit,
        Latrine::DoubleVault,
    ];
    // The poverty rate is the summary tables': reviewed poor households over the reviewed.
    let poor_rate = |y: i32| {
        let k = &fx.known[&y];
        pct(
            k.values()
                .filter(|k| k.reviewed && k.class == Class::Poor)
                .count(),
            k.values().filter(|k| k.reviewed).count(),
        )
    };
    for row in &report.rows {
        let district = &row.units[0];
        assert_eq!(district.unit.level, ReportLevel::District);
        let want = match row.target.measure {
            MeasureKind::HealthInsurance => pct(
                members()
                    .filter(|(_, m)| m.health_insurance != Some(HealthInsurance::None))
                    .count(),
                members().count(),
            ),
            MeasureKind::HygienicWater => {
                let urban = row.target.area == Some(AreaType::Urban);
                let in_area = |h: &Household| rural(h) != urban;
                let d = people(&in_area);
                if d == 0 {
                    assert_eq!(district.value, None);
                    continue;
                }
                pct(
                    people(&|h| in_area(h) && h.water.is_some_and(|w| hygienic.contains(&w))),
                    d,
                )
            }
            MeasureKind::HygienicLatrine => pct(
                hh.iter()
                    .filter(|h| rural(h) && h.latrine.is_some_and(|l| latrines.contains(&l)))
                    .count(),
                hh.iter().filter(|h| rural(h)).count(),
            ),
            MeasureKind::SchoolAttendance => {
                let kids = || {
                    members().filter(|(h, m)| {
                        m.age_on(h.surveyed_on)
                            .is_some_and(|a| (6..=14).contains(&a))
                    })
                };
                pct(
                    kids().filter(|(_, m)| m.in_school == Some(true)).count(),
                    kids().count(),
                )
            }
            MeasureKind::TrainedLabour => {
                let labour = || {
                    members().filter(|(h, m)| {
                        m.age_on(h.surveyed_on)
                            .is_some_and(|a| (15..60).contains(&a))
                            && matches!(
                                m.employment,
                                Some(Employment::Working | Employment::Unemployed)
                            )
                    })
                };
                pct(
                    labour()
                        .filter(|(_, m)| m.training != Some(Training::None))
                        .count(),
                    labour().count(),
                )
            }
            MeasureKind::InformationAccess => pct(
                hh.iter()
                    .filter(|h| {
                        let a = &h.assets;
                        [
                            a.color_tv,
                            a.radio,
                            a.desktop_computer,
                            a.landline_phone,
                            a.mobile_phone,
                            a.laptop,
                            a.tablet,
                            a.smartphone,
                        ]
                        .iter()
                        .flatten()
                        .sum::<u32>()
                            > 0
                            || h.members.iter().any(|m| m.internet == Some(true))
                            || h.hears_loudspeaker == Some(true)
                    })
                    .count(),
                hh.len(),
            ),
            MeasureKind::IncomePerPerson => {
                let with: Vec<&Household> = hh.iter().filter(|h| h.income.is_some()).collect();
                let income: i64 = with
                    .iter()
                    .filter_map(|h| h.income.as_ref())
                    .map(|i| i.net_annual())
                    .sum();
                income as f64 / with.iter().map(|h| h.members.len()).sum::<usize>() as f64
            }
            MeasureKind::PoorPartyMemberHouseholds => hh
                .iter()
                .filter(|h| {
                    let k = &fx.known[&2024][&h.id];
                    k.reviewed && k.class == Class::Poor && h.members.iter().any(|m| m.party_member)
                })
                .count() as f64,
            MeasureKind::PovertyReduction => poor_rate(2023) - poor_rate(2024),
        };
        let got = district.value.expect("a value");
        assert!(
            (got - want).abs() < 1e-6,
            "{}: got {got}, want {want}",
            row.target.id
        );
        assert_eq!(
            district.met,
            Some(row.target.comparison.holds(got, row.target.value))
        );
        assert_eq!(district.trend.len(), 2);
        assert!(!row.target.formula_vi.is_empty());
    }
    // Since the 2020 baseline (41.96 %), in points a year.
    let poverty = report
        .rows
        .iter()
        .find(|r| r.target.measure == MeasureKind::PovertyReduction)
        .expect("poverty");
    let since = poverty.units[0].since_baseline.expect("since baseline");
    assert!((since - (41.96 - poor_rate(2024)) / 4.0).abs() < 1e-9);
    assert!(poverty.units.len() > 5, "the communes follow the district");
}

#[test]
fn a_round_after_the_2025_merger_reports_in_the_old_communes_through_each_household_s_history() {
    let fx = fixture(150, &[2024, 2025]);
    let r = report(&fx, 2025, UnitBasis::Old);
    let ids: Vec<String> = r.indicators.iter().map(|i| i.id.clone()).collect();
    let communes: Vec<_> = r
        .rows
        .iter()
        .filter(|r| r.unit.level == ReportLevel::Commune)
        .collect();
    assert!(communes.iter().all(|c| c.unit.valid_from == "2004-07-08"));
    for row in communes {
        let code = row.unit.code.clone();
        // The households whose 2024 record was in this old commune, counted as they are in 2025.
        let members: Vec<Uuid> = fx.known[&2024]
            .iter()
            .filter(|(_, k)| k.commune == code)
            .map(|(id, _)| *id)
            .collect();
        let want = expected(&fx, 2025, &ids, |_, _| true);
        let mine = expected_for(&fx, 2025, &ids, &members);
        assert_eq!(row.counts, mine, "old commune {code}");
        assert!(row.counts.records() <= want.records());
    }
    // The same round in today's units has the 6 successor communes at most.
    let new = report(&fx, 2025, UnitBasis::New);
    let n = new
        .rows
        .iter()
        .filter(|r| r.unit.level == ReportLevel::Commune)
        .count();
    assert!(n <= 6, "{n} new communes");
}

fn expected_for(fx: &Fixture, year: i32, ids: &[String], households: &[Uuid]) -> Counts {
    expected(fx, year, ids, |id, _| households.contains(id))
}

#[test]
fn answers_are_digested_once_per_rules_and_the_digest_follows_the_rules() {
    use rasoat_domain::targets::Targets;
    use rasoat_domain::WaterSource;

    let fx = fixture(50, &[2024]);
    let round = fx.store.periodic_round_of_year(2024).expect("round");
    let targets = Targets::dong_van_2020().expect("targets");
    let (fp, computed) = fx
        .store
        .ensure_answers_digests(&round.id, &targets.rules)
        .expect("digest");
    assert_eq!(computed, 50);
    let (again, computed) = fx
        .store
        .ensure_answers_digests(&round.id, &targets.rules)
        .expect("digest again");
    assert_eq!((again, computed), (fp.clone(), 0), "computed once");
    // A district that does not count rainwater as hygienic gets its own digests and figures.
    let mut strict = targets.clone();
    strict
        .rules
        .hygienic_water
        .retain(|w| *w != WaterSource::Rainwater);
    let (other, computed) = fx
        .store
        .ensure_answers_digests(&round.id, &strict.rules)
        .expect("digest strict");
    assert_ne!(other, fp);
    assert_eq!(computed, 50);
    let value = |t: &Targets| {
        fx.store
            .target_report(&round.id, t, UnitBasis::AsRecorded)
            .expect("dashboard")
            .rows
            .iter()
            .find(|r| r.target.id == "hygienic_water_rural")
            .and_then(|r| r.units[0].value)
            .expect("value")
    };
    let rain = fx.households[&2024]
        .iter()
        .any(|h| h.water == Some(WaterSource::Rainwater) && h.area == Some(AreaType::Rural));
    assert_eq!(value(&strict) < value(&targets), rain);
}

#[test]
fn the_report_reads_the_same_figures_from_a_summary_filled_by_the_migration() {
    // Stores made before migration 0009 get their record_summary filled by it: drop what
    // 0009 and the migrations after it made, step the schema back to before 0009, reopen, and
    // the report must not change.
    const BEFORE_0009: i64 = 8;
    let fx = fixture(40, &[2023, 2024]);
    let before = report(&fx, 2024, UnitBasis::AsRecorded);
    let path = fx.store.sql_for_tests().path().expect("file").to_string();
    fx.store
        .sql_for_tests()
        .execute_batch(&format!(
            // Answers were kept as JSON text before 0015.
            // Members were rows of their own before 0019.
            "{DROP_0028}
             UPDATE answers SET json = rasoat_answers(json, packed), packed = NULL;
             ALTER TABLE answers DROP COLUMN packed;
             CREATE TABLE member (household_id TEXT NOT NULL, round_id TEXT NOT NULL,
                 position INTEGER NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL,
                 relation TEXT NOT NULL, birth TEXT NOT NULL, sex TEXT NOT NULL,
                 ethnicity TEXT NOT NULL, PRIMARY KEY (household_id, round_id, position))
                 STRICT, WITHOUT ROWID;
             INSERT INTO member
             SELECT r.household_id, r.round_id, m.key, json_extract(m.value, '$.id'),
                    json_extract(m.value, '$.name'),
                    COALESCE(json_extract(m.value, '$.relation'), ''),
                    COALESCE(json_extract(m.value, '$.birth'), ''),
                    COALESCE(json_extract(m.value, '$.sex'), ''),
                    json_extract(m.value, '$.ethnicity')
               FROM survey_record r JOIN answers a ON a.hash = r.answers_hash,
                    json_each(a.json, '$.members') m;
             DROP TABLE record_summary; DROP INDEX survey_record_returned;
             DROP TABLE audit_log; DROP TABLE sync_withheld; DROP TABLE sync_revocation;
             DROP TABLE form_scratch; DROP TABLE person; DROP TABLE action_log;
             DROP TABLE action_log_received; DROP TABLE action_log_sent;
             ALTER TABLE sync_peer DROP COLUMN not_before;
             ALTER TABLE sync_peer DROP COLUMN not_after; DROP TABLE sync_own_certificate;
             DROP TABLE village; DROP TABLE round_settings; ALTER TABLE answers DROP COLUMN open;
             DROP TABLE loaded_standards; DROP TABLE opening_review;
             PRAGMA user_version = {BEFORE_0009};"
        ))
        .expect("step back");
    let Fixture {
        store,
        years,
        known,
        households,
        dir,
    } = fx;
    drop(store);
    let reopened = Fixture {
        store: Store::open(&path).expect("reopen migrates"),
        years,
        known,
        households,
        dir,
    };
    assert_eq!(report(&reopened, 2024, UnitBasis::AsRecorded), before);
    // Every column the migrations added, the review state and answers' hash of 0022 and the
    // open answers of 0024 among them, is filled as a save would fill it.
    assert_eq!(
        reopened.store.record_summary_mismatches().expect("check"),
        0
    );
}

#[test]
fn record_summary_matches_its_definition() {
    // Saves write the report's narrow copy from the answers in hand, not by reading back what
    // they just wrote: each row must still be the one the migration's definition gives, and a
    // row that drifts must be seen.
    let mut fx = fixture(40, &[2023, 2024]);
    // A draft whose second member's relation and ethnicity are not answered yet, and whose
    // head became a spouse: the head's ethnicity is then nobody's.
    let round = fx
        .store
        .rounds()
        .expect("rounds")
        .into_iter()
        .find(|r| r.year == 2024)
        .expect("2024");
    let mut draft = fx.households[&2024][0].clone();
    draft.members[0].relation = Some(rasoat_domain::Relation::Spouse);
    if let Some(second) = draft.members.get_mut(1) {
        second.relation = None;
        second.ethnicity = String::new();
    }
    fx.store
        .save_household(&round.id, &draft, None, "thử", AT + 1)
        .expect("draft");
    assert_eq!(fx.store.record_summary_mismatches().expect("check"), 0);
    assert!(fx
        .store
        .check(rasoat_store::CheckDepth::Full)
        .expect("full")
        .is_sound());
    fx.store
        .sql_for_tests()
        .execute_batch(
            "UPDATE record_summary SET head_ethnicity = 'x'
             WHERE household_id = (SELECT household_id FROM record_summary LIMIT 1)",
        )
        .expect("drift one row");
    assert!(fx.store.record_summary_mismatches().expect("check") > 0);
    // `rasoat check --full` says so; the quick check reads pages only.
    let full = fx
        .store
        .check(rasoat_store::CheckDepth::Full)
        .expect("full");
    assert!(
        full.problems
            .iter()
            .any(|p| p.starts_with("record_summary: ")),
        "{:?}",
        full.problems
    );
    let quick = fx
        .store
        .check(rasoat_store::CheckDepth::Quick)
        .expect("quick");
    assert!(quick.is_sound());
}

/// "Đã rà soát" counts finished forms only: a draft and a form sent back for correction are
/// counted apart, as still being entered, out of the class columns, and the rates without a
/// register figure divide by the finished forms.
#[test]
fn drafts_and_returned_forms_are_not_counted_as_reviewed() {
    use rasoat_domain::workflow::ReviewAction;

    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round, _) = crate::support::commune_store(dir.path());
    let poor = rasoat_store::SurveyResult {
        standard_id: "nd07-2021".into(),
        method: "score".into(),
        class: "poor".into(),
        score_a: Some(120),
        score_b: Some(40),
        deprived: Vec::new(),
        phieu_a: None,
    };
    let mut ids = Vec::new();
    for n in 1..=4 {
        let h = crate::support::household(n);
        store
            .save_household(&round.id, &h, Some(&poor), "thử", AT)
            .expect("save");
        ids.push(h.id.to_string());
    }
    let step = |store: &mut rasoat_store::Store, id: &str, action: ReviewAction| {
        store
            .review(id, &round.id, &action, "thử", "thử", AT)
            .expect("step");
    };
    // 1: draft; 2: completed; 3: completed and accepted; 4: completed, then sent back.
    step(&mut store, &ids[1], ReviewAction::Complete);
    step(&mut store, &ids[2], ReviewAction::Complete);
    step(&mut store, &ids[2], ReviewAction::Accept);
    step(&mut store, &ids[3], ReviewAction::Complete);
    step(
        &mut store,
        &ids[3],
        ReviewAction::Return {
            comment: "thiếu năm sinh".into(),
        },
    );
    let r = store
        .round_report(&rasoat_store::report::ReportRequest {
            round_id: round.id.clone(),
            basis: UnitBasis::AsRecorded,
            unit: None,
            villages: true,
            changes: true,
        })
        .expect("report");
    for row in &r.rows {
        assert_eq!(
            (
                row.counts.reviewed,
                row.counts.in_progress,
                row.counts.records()
            ),
            (2, 2, 4),
            "{:?}",
            row.unit.level
        );
        assert_eq!(row.counts.get("reviewed"), Some(2));
        assert_eq!(row.counts.get("in_progress"), Some(2));
        assert_eq!(row.denominator, Denominator::Reviewed);
        assert_eq!(row.resident_households, 2);
        // All four are poor by their answers: the two finished ones only are counted poor.
        assert_eq!((row.counts.poor, row.counts.classified), (2, 2));
        assert_eq!(row.rate(row.counts.poor), Some(100.0));
    }
    assert_eq!(r.by_area.iter().map(|g| g.counts.reviewed).sum::<u64>(), 2);
}

#[test]
fn a_survey_date_typed_in_another_year_still_counts_the_household_in_its_commune() {
    // A 2024 round of xã Thài Phìn Tủng (00730, merged into 00721 on 1 July 2025), one form
    // dated 06/12/2026 by mistake (the form warns; the date is the enumerator's to correct):
    // on that day 00730 no longer exists, but the household is the commune's all the same.
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(dir.path().join("store.sqlite")).expect("open");
    store.load_reference_units().expect("units");
    store
        .init_installation(rasoat_domain::workflow::Role::Commune, "00730", "thử", AT)
        .expect("init");
    let round = store
        .open_round(
            2024,
            rasoat_store::RoundKind::Periodic,
            None,
            "nd07-2021",
            "thử",
            AT,
        )
        .expect("round");
    for (n, day) in [(1, "2024-10-01"), (2, "2026-12-06")] {
        let day: rasoat_domain::Date = day.parse().expect("date");
        let h = rasoat_demo::synthetic::household(n, "02", "00730", "Thôn Thử", 5, day);
        store
            .save_household(&round.id, &h, None, "thử", AT)
            .expect("save");
    }
    let report = store
        .round_report(&rasoat_store::report::ReportRequest {
            round_id: round.id.clone(),
            basis: UnitBasis::AsRecorded,
            unit: Some("00730".into()),
            villages: false,
            changes: true,
        })
        .expect("report");
    let commune = report
        .rows
        .iter()
        .find(|r| r.unit.code == "00730")
        .expect("the commune's row");
    assert_eq!(commune.counts.records(), 2);
}

/// A trend point asks a round's classes without the changes since the round before: every
/// cell but those changes is the full report's, they are zero, no previous round is named,
/// and the full report asked after it is still the full one (the two are kept apart).
#[test]
fn a_report_without_changes_is_the_full_one_less_its_changes() {
    let fx = fixture(360, &[2022, 2023, 2024]);
    let round = fx.store.periodic_round_of_year(2024).expect("round");
    let ask = |changes| {
        fx.store
            .round_report(&rasoat_store::report::ReportRequest {
                round_id: round.id.clone(),
                basis: UnitBasis::AsRecorded,
                unit: None,
                villages: true,
                changes,
            })
            .expect("report")
    };
    let full = ask(true);
    let classes = ask(false);
    assert!(full.rows[0].counts.escaped_poverty > 0 && full.rows[0].counts.previous_poor > 0);
    assert_eq!(classes.previous_round, None);
    assert_eq!(classes.rows.len(), full.rows.len());
    for (row, whole) in classes.rows.iter().zip(&full.rows) {
        assert_eq!(row.unit, whole.unit);
        assert_eq!(row.resident_households, whole.resident_households);
        let mut expected = whole.counts.clone();
        expected.previous_poor = 0;
        expected.previous_near_poor = 0;
        expected.escaped_poverty = 0;
        expected.escaped_near_poverty = 0;
        expected.new_poor_from_near_poor = 0;
        expected.new_poor_from_outside = 0;
        expected.fell_back_into_poverty = 0;
        expected.near_poor_from_poor = 0;
        expected.new_near_poor = 0;
        expected.fell_back_into_near_poverty = 0;
        assert_eq!(row.counts, expected, "{:?}", row.unit);
    }
    assert_eq!(ask(true), full);
}
