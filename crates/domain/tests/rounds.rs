//! The standard of a round by its status year, and the two lists of a transition round: the
//! closing list of the review year exactly as before, and the opening list under the standard
//! of the status year, applied only as far as it is sourced until its official method is
//! loaded.

use rasoat_domain::classify::{classify, classify_with, Class, Method, Settings, StandardChoice};
use rasoat_domain::messages::{render, Lang};
use rasoat_domain::model::*;
use rasoat_domain::round::{classify_round, round_standards, round_title, status_year};
use rasoat_domain::standard::{IndicatorId, Standards};
use rasoat_domain::testkit::{baseline, set_income};
use rasoat_domain::workflow::{check_recognisable, TransitionError};

fn ids(year: i32) -> (String, Option<String>) {
    let all = Standards::national();
    let r = round_standards(&all, year).expect("a standard");
    (r.closing.id.clone(), r.opening.map(|s| s.id.clone()))
}

#[test]
fn each_round_year_names_its_closing_and_opening_standard() {
    for year in 2016..=2020 {
        assert_eq!(ids(year), ("qd59-2015".into(), None), "{year}");
    }
    // The 2021 round closed 2021 under QĐ 59 and opened 2022 under NĐ 07 (§6, [C]).
    assert_eq!(ids(2021), ("qd59-2015".into(), Some("nd07-2021".into())));
    for year in 2022..=2025 {
        assert_eq!(ids(year), ("nd07-2021".into(), None), "{year}");
    }
    // NĐ 351/2025 keeps NĐ 07 Art. 3 for 2026 and sets its own standard from 2027.
    assert_eq!(ids(2026), ("nd07-2021".into(), Some("nd351-2025".into())));
    for year in 2027..=2030 {
        assert_eq!(ids(year), ("nd351-2025".into(), None), "{year}");
    }
    assert!(round_standards(&Standards::national(), 2015).is_err());
    assert_eq!(status_year(2026), 2027);
}

#[test]
fn the_round_is_named_by_its_status_year() {
    assert_eq!(
        render(Lang::Vi, &round_title(2026)),
        "rà soát năm 2026 — danh sách áp dụng năm 2027"
    );
    assert_eq!(
        render(Lang::En, &round_title(2026)),
        "review of 2026 — list for 2027"
    );
}

/// Households across the lines: incomes around each period's line, 0–4 deprivations.
fn households() -> Vec<Household> {
    let mut out = Vec::new();
    for income in [
        600_000, 700_000, 1_000_000, 1_000_001, 1_500_000, 1_500_001, 2_250_000, 2_200_000,
        3_500_000,
    ] {
        for n in 0..=4usize {
            let mut h = baseline();
            set_income(&mut h, income);
            if n > 0 {
                h.members[0].health_insurance = Some(HealthInsurance::None);
            }
            if n > 1 {
                h.latrine = Some(Latrine::Other);
            }
            if n > 2 {
                h.water = Some(WaterSource::Rainwater);
            }
            if n > 3 {
                h.members[1].employment = Some(Employment::Unemployed);
            }
            out.push(h);
        }
    }
    out
}

#[test]
fn rounds_of_2021_to_2025_classify_exactly_as_before() {
    let all = Standards::national();
    let settings = Settings::default();
    for (year, id) in [
        (2021, "qd59-2015"),
        (2022, "nd07-2021"),
        (2023, "nd07-2021"),
        (2024, "nd07-2021"),
        (2025, "nd07-2021"),
        (2026, "nd07-2021"),
    ] {
        let standard = all.by_id(id).expect("standard");
        for method in [Method::Income, Method::Score] {
            for h in households() {
                let round = classify_round(&h, &all, year, method, &settings).expect("round");
                // What a round of that year classified by before: its review year's standard.
                let before =
                    classify_with(&h, &all, &StandardChoice::Year(year), method, &settings)
                        .expect("classifies");
                assert_eq!(round.closing, before, "{year} {method:?}");
                assert_eq!(round.closing[0].standard_id, id);
                if method == Method::Income || standard.score.is_some() {
                    let direct = classify(&h, standard, method, &settings).expect("classifies");
                    assert_eq!(round.closing[0].class, direct.class, "{year} {method:?}");
                }
                assert_eq!(round.opening.is_some(), year == 2021 || year == 2026);
            }
        }
    }
}

#[test]
fn the_2026_round_opens_2027_without_an_official_method() {
    let all = Standards::national();
    let settings = Settings::default();
    let mut h = baseline();
    // Deprived on employment (sourced) and on three indicators NĐ 351 has not sourced yet.
    h.members[1].employment = Some(Employment::Unemployed);
    h.members[0].health_insurance = Some(HealthInsurance::None);
    h.latrine = Some(Latrine::Other);
    h.water = Some(WaterSource::Rainwater);
    set_income(&mut h, 2_200_000);
    let round = classify_round(&h, &all, 2026, Method::Score, &settings).expect("round");
    assert_eq!(
        render(Lang::Vi, &round.title),
        "rà soát năm 2026 — danh sách áp dụng năm 2027"
    );
    // Closing: NĐ 07 by score, as every 2026 round did.
    assert_eq!(round.closing[0].standard_id, "nd07-2021");
    assert_eq!(round.closing[0].method, Method::Score);
    let opening = round.opening.expect("a transition round");
    assert_eq!(opening.standard_id, "nd351-2025");
    assert_eq!(opening.status_year, 2027);
    assert!(!opening.official);
    assert!(render(Lang::Vi, &opening.label).starts_with("danh sách áp dụng năm 2027 theo"));
    let c = opening.classification.expect("measured income");
    // By income only, never a rescaled score A.
    assert_eq!(c.method, Method::Income);
    assert!(c.score_a.is_none() && c.score_b.is_none());
    // Only the employment dimension is counted: 1 deprivation, so near-poor is said to be
    // "poor or near-poor".
    let counted: Vec<_> = c.indicators.iter().map(|i| i.id).collect();
    assert_eq!(counted, [IndicatorId::Employment, IndicatorId::Dependants]);
    assert_eq!(c.deprivation_count, 1);
    assert_eq!(c.class, Class::NearPoor);
    let caveats: Vec<_> = c.caveats.iter().map(|m| render(Lang::Vi, m)).collect();
    assert!(
        caveats[0].contains("chưa có phương pháp chính thức"),
        "{caveats:?}"
    );
    assert!(
        caveats[1].contains("hộ nghèo hoặc cận nghèo"),
        "{caveats:?}"
    );
    // Income lines exactly: 2,200,000 is at the line, one đồng above is not.
    set_income(&mut h, 2_200_001);
    let above = classify_round(&h, &all, 2026, Method::Score, &settings)
        .expect("round")
        .opening
        .and_then(|o| o.classification)
        .expect("classified");
    assert_eq!(above.class, Class::Other);
    let mut urban = baseline();
    urban.area = Some(AreaType::Urban);
    for (income, class) in [(2_800_000, Class::NearPoor), (2_800_001, Class::Other)] {
        set_income(&mut urban, income);
        let c = classify_round(&urban, &all, 2026, Method::Income, &settings)
            .expect("round")
            .opening
            .and_then(|o| o.classification)
            .expect("classified");
        assert_eq!(c.class, class, "urban {income}");
    }
    // No measured income: no class, and why.
    h.income = None;
    let opening = classify_round(&h, &all, 2026, Method::Score, &settings)
        .expect("round")
        .opening
        .expect("transition");
    assert!(opening.classification.is_none());
    assert!(opening.error.is_some());
}

#[test]
fn an_opening_list_without_an_official_method_is_not_recognised() {
    let mut all = Standards::national();
    let nd07 = all.by_id("nd07-2021").expect("nd07");
    assert_eq!(check_recognisable(nd07), Ok(()));
    let nd351 = all.by_id("nd351-2025").expect("nd351").clone();
    let refused = check_recognisable(&nd351).expect_err("no official method");
    assert_eq!(
        refused,
        TransitionError::NoOfficialMethod {
            standard: "nd351-2025".into()
        }
    );
    assert!(refused
        .to_string()
        .contains("chưa có phương pháp chính thức"));
    // The office loads the official method: the list becomes official, all its indicators
    // count, and it may be recognised.
    let mut loaded = nd351;
    loaded.official_method = Some("tệp thử của cơ quan".into());
    all.extend(Standards {
        format: rasoat_domain::standard::STANDARDS_V1.into(),
        standards: vec![loaded.clone()],
    });
    assert_eq!(check_recognisable(&loaded), Ok(()));
    let mut h = baseline();
    set_income(&mut h, 2_000_000);
    let opening = classify_round(&h, &all, 2026, Method::Score, &Settings::default())
        .expect("round")
        .opening
        .expect("transition");
    assert!(opening.official);
    let c = opening.classification.expect("classified");
    assert_eq!(c.indicators.len(), loaded.indicators.len());
    assert!(!c
        .caveats
        .iter()
        .any(|m| render(Lang::Vi, m).contains("chưa có phương pháp chính thức")));
}
