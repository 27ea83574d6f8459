//! A round's method: the default each standard implies, and both methods side by side when a
//! household has what each needs (the round's official, the other informative).

use rasoat_domain::classify::{
    both_methods_apply, compare_methods, compare_with, default_method, Class, Method, Settings,
    StandardChoice,
};
use rasoat_domain::messages::{render, Lang};
use rasoat_domain::standard::{Standard, Standards};
use rasoat_domain::testkit::{baseline, set_income};

fn standard(id: &str) -> Standard {
    Standards::national()
        .by_id(id)
        .cloned()
        .expect("standard exists")
}

#[test]
fn the_default_method_follows_the_score_table() {
    assert_eq!(default_method(Some(&standard("nd07-2021"))), Method::Score);
    assert_eq!(default_method(Some(&standard("qd59-2015"))), Method::Income);
    assert_eq!(
        default_method(Some(&standard("nd351-2025"))),
        Method::Income
    );
    assert_eq!(default_method(None), Method::Income);
    for m in [Method::Score, Method::Income] {
        assert_eq!(Method::parse(m.as_str()), Some(m));
        assert_eq!(m.other().other(), m);
    }
    assert_eq!(Method::parse("both"), None);
}

#[test]
fn both_methods_are_shown_only_when_both_apply() {
    let nd07 = standard("nd07-2021");
    let mut h = baseline();
    // Measured income far below every line, deprived on nothing: near-poor by income.
    set_income(&mut h, 100_000);
    assert!(both_methods_apply(&h, &nd07));
    let both = compare_methods(&h, &nd07, Method::Score, &Settings::default());
    let official = both.official.expect("score classifies");
    assert_eq!(official.method, Method::Score);
    let informative = both.informative.expect("income shown beside");
    assert_eq!(informative.method, Method::Income);
    assert_eq!(informative.class, Class::NearPoor);
    assert!(official.score_a.is_some());

    // The round measures income: income is official, score informative.
    let both = compare_methods(&h, &nd07, Method::Income, &Settings::default());
    assert_eq!(both.official.expect("income").method, Method::Income);
    assert_eq!(both.informative.expect("score").method, Method::Score);

    // No measured income: only the official score.
    h.income = None;
    assert!(!both_methods_apply(&h, &nd07));
    let only = compare_methods(&h, &nd07, Method::Score, &Settings::default());
    assert!(only.official.is_ok());
    assert!(only.informative.is_none());

    // A standard without a score table: only income.
    let mut h = baseline();
    set_income(&mut h, 100_000);
    let qd59 = standard("qd59-2015");
    assert!(!both_methods_apply(&h, &qd59));
    assert!(
        compare_methods(&h, &qd59, Method::Income, &Settings::default())
            .informative
            .is_none()
    );
}

#[test]
fn compare_with_defaults_to_each_standards_method() {
    let mut h = baseline();
    set_income(&mut h, 100_000);
    let standards = Standards::national();
    let out = compare_with(
        &h,
        &standards,
        &StandardChoice::Year(2024),
        None,
        &Settings::default(),
    )
    .expect("a standard for 2024");
    assert_eq!(out.len(), 1);
    assert_eq!(
        out[0].official.as_ref().expect("classifies").method,
        Method::Score
    );
    assert_eq!(
        out[0].informative.as_ref().expect("both").method,
        Method::Income
    );
}

/// Phiếu A "dùng để nhận dạng nhanh hộ gia đình không thuộc diện hộ nghèo, hộ cận nghèo": a
/// household stopped there (mã 0) is neither poor nor near-poor, whatever Phiếu B says; one
/// that goes on to Phiếu B (mã 1) is classified by it. Examples 01 is poor at A 90, B 40.
#[test]
fn a_household_stopped_by_phieu_a_is_not_poor_whatever_phieu_b_says() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/households/01-ngheo-diem-a-90.json"
    ))
    .expect("example");
    let mut h = rasoat_domain::from_json(&text).expect("reads");
    let nd07 = standard("nd07-2021");
    let settings = Settings::default();
    let class_with = |h: &rasoat_domain::Household| {
        rasoat_domain::classify::classify(h, &nd07, Method::Score, &settings).expect("classifies")
    };
    assert_eq!(
        class_with(&h).class,
        Class::Poor,
        "no Phiếu A: Phiếu B decides"
    );

    let mut a = rasoat_domain::PhieuA {
        answers: [true, true, true, false, false, false, false, false, false],
        ..Default::default()
    };
    h.phieu_a = Some(a.clone());
    assert_eq!(
        class_with(&h).class,
        Class::Poor,
        "three «có»: on to Phiếu B"
    );

    a.answers[3] = true;
    h.phieu_a = Some(a.clone());
    let stopped = class_with(&h);
    assert_eq!(stopped.class, Class::Other, "four «có»: the review stops");
    let explanation = render(Lang::Vi, &stopped.explanation);
    assert!(explanation.contains("Phiếu A"), "{explanation}");
    // "đánh mã 0 và ngừng rà soát": no Phiếu B score or deprivation decides or is shown,
    // and nothing Phiếu B asks keeps the class provisional.
    assert_eq!(stopped.score_a, None);
    assert_eq!(stopped.score_b, None);
    assert!(stopped.indicators.is_empty());
    assert!(!stopped.is_provisional());

    a.answers = [false; 9];
    a.villa_or_grade_1_2 = true;
    h.phieu_a = Some(a);
    assert_eq!(class_with(&h).class, Class::Other, "column 0 stops it too");

    // The income method of the same round follows the same procedure.
    set_income(&mut h, 100_000);
    assert_eq!(
        rasoat_domain::classify::classify(&h, &nd07, Method::Income, &settings)
            .expect("classifies")
            .class,
        Class::Other
    );
}
