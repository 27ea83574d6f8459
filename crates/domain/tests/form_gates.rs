//! The form's own gates applied in scoring, at their boundaries: the child-schooling item reads
//! Mẫu 3.1 column 9 as stages of schooling (a short course is none), a missing level blocks
//! completion, and the work columns (15–18) count only from 15 years old and, for the job
//! columns, only for a member who is working — with validation saying what disagrees.

use rasoat_domain::classify::{classify, Method, Settings};
use rasoat_domain::model::*;
use rasoat_domain::score_a::{score_a, Region, ScoreSettings, ScoreTable};
use rasoat_domain::standard::{IndicatorId, Standard, Standards};
use rasoat_domain::testkit::{baseline, born_years_before};
use rasoat_domain::validate::{unanswered, validate, Severity};
use rasoat_domain::BirthDate;

fn standard(id: &str) -> Standard {
    Standards::national()
        .by_id(id)
        .cloned()
        .expect("standard exists")
}

fn is_deprived(h: &Household, id: &str, indicator: IndicatorId) -> bool {
    classify(h, &standard(id), Method::Income, &Settings::default())
        .expect("classifies")
        .deprived()
        .any(|i| i.id == indicator)
}

fn aged(h: &mut Household, m: usize, years: i32) {
    h.members[m].birth = Some(BirthDate::Full(born_years_before(h.surveyed_on, years)));
}

fn score(h: &Household) -> rasoat_domain::score_a::ScoreA {
    score_a(
        h,
        Region::Tdmnpb,
        ScoreTable::tt07_2021(),
        &ScoreSettings::default(),
    )
}

fn codes(h: &Household, severity: Severity) -> Vec<(String, String)> {
    validate(h)
        .into_iter()
        .filter(|f| f.severity == severity)
        .map(|f| (f.path, f.code))
        .collect()
}

#[test]
fn a_child_on_a_short_course_is_not_at_the_right_level() {
    let mut h = baseline();
    h.members[3].in_school = Some(true);
    // Mẫu 7.11: 3–5 preschool, 6–11 primary, 12–15 lower secondary. Column 9's code 5
    // ("Khóa đào tạo ngắn hạn") is no stage of schooling, whatever the age.
    for (years, level, expected) in [
        (4, SchoolLevel::ShortCourse, true),
        (7, SchoolLevel::ShortCourse, true),
        (7, SchoolLevel::Primary, false),
        (7, SchoolLevel::LowerSecondary, false),
        (13, SchoolLevel::ShortCourse, true),
        (15, SchoolLevel::ShortCourse, true),
        (15, SchoolLevel::LowerSecondary, false),
        (15, SchoolLevel::Intermediate, false),
        // From 16 the item no longer asks.
        (16, SchoolLevel::ShortCourse, false),
    ] {
        aged(&mut h, 3, years);
        h.members[3].school_level = Some(level);
        assert_eq!(
            is_deprived(&h, "nd07-2021", IndicatorId::ChildSchooling),
            expected,
            "{years} {level:?}"
        );
    }
}

#[test]
fn a_short_course_still_counts_as_schooling_under_qd59() {
    // QĐ 59/2015's band asks only "in school" (no level): its rounds classify as before.
    let mut h = baseline();
    aged(&mut h, 3, 7);
    h.members[3].in_school = Some(true);
    h.members[3].school_level = Some(SchoolLevel::ShortCourse);
    assert!(!is_deprived(&h, "qd59-2015", IndicatorId::ChildSchooling));
}

#[test]
fn at_school_without_a_level_blocks_completion() {
    let mut h = baseline();
    assert!(codes(&h, Severity::Error).is_empty(), "baseline is clean");
    h.members[3].school_level = None;
    let errors = codes(&h, Severity::Error);
    assert_eq!(
        errors,
        [(
            "members[3].school_level".to_string(),
            "school_level_missing".to_string()
        )],
        "one plain error on the field, not a generic one beside it"
    );
    let open: Vec<_> = unanswered(&h)
        .into_iter()
        .filter(|u| u.path == "members[3].school_level")
        .collect();
    assert_eq!(open.len(), 1);
    assert!(open[0].required && open[0].affects_class && !open[0].strict_v1);
    // The class rests on it: provisional, never a silent "not deprived".
    let c = classify(
        &h,
        &standard("nd07-2021"),
        Method::Income,
        &Settings::default(),
    )
    .expect("classifies");
    assert!(c.is_provisional());
    assert!(c
        .provisional
        .contains(&"members[3].school_level".to_string()));
    // Not at school: no level asked, nothing to block.
    h.members[3].in_school = Some(false);
    assert!(!codes(&h, Severity::Error)
        .iter()
        .any(|(p, _)| p == "members[3].school_level"));
    // At school with no birth date yet: still an error on the level.
    h.members[3].in_school = Some(true);
    h.members[3].birth = None;
    assert!(codes(&h, Severity::Error).contains(&(
        "members[3].school_level".to_string(),
        "school_level_missing".to_string()
    )));
}

/// A household whose member 1 is a civil servant with a contract in non-farm work, and
/// nobody else scores in sections 5 or 6.
fn with_civil_servant() -> Household {
    let mut h = baseline();
    for m in &mut h.members {
        // Column 16 is asked of a member who works.
        m.job_kind = (m.employment == Some(Employment::Working)).then_some(JobKind::Other);
        m.non_farm_work = Some(false);
        m.pension = Some(Pension::None);
    }
    h.members[1].job_kind = Some(JobKind::CivilServant);
    h.members[1].wage_job = Some(WageJob::WithContract);
    h.members[1].non_farm_work = Some(true);
    h
}

#[test]
fn section_5_counts_only_a_working_member_from_15() {
    let h = with_civil_servant();
    assert!(score(&h).item("s5.civil_servant").is_some());
    // Retired (or any status but working): no section 5 row.
    for status in [
        Employment::RetiredOrHomemaker,
        Employment::Unemployed,
        Employment::UnableToWork,
        Employment::Studying,
        Employment::NotWanting,
    ] {
        let mut h = with_civil_servant();
        h.members[1].employment = Some(status);
        let s = score(&h);
        assert!(
            s.items.iter().all(|i| i.section != 5 || i.key == "s5.none"),
            "{status:?}: {:?}",
            s.items
        );
    }
    // A worker of 14 is not asked; from 15 the answer counts.
    for (years, scored) in [(14, false), (15, true)] {
        let mut h = with_civil_servant();
        h.members[2] = h.members[1].clone();
        h.members[1].job_kind = None;
        h.members[1].wage_job = None;
        h.members[1].non_farm_work = Some(false);
        h.members[2].job_kind = Some(JobKind::Other);
        h.members[2].wage_job = Some(WageJob::WithContract);
        aged(&mut h, 2, years);
        assert_eq!(
            score(&h).item("s5.contract").is_some(),
            scored,
            "age {years}"
        );
    }
}

#[test]
fn section_6_counts_a_pension_only_from_15() {
    for (years, scored) in [(14, false), (15, true)] {
        let mut h = with_civil_servant();
        h.members[2].pension = Some(Pension::SocialInsurance);
        aged(&mut h, 2, years);
        assert_eq!(
            score(&h).item("s6.pension_1").is_some(),
            scored,
            "age {years}"
        );
    }
    // A retired member's pension counts: column 18 is asked of everyone from 15.
    let mut h = with_civil_servant();
    h.members[0].employment = Some(Employment::RetiredOrHomemaker);
    h.members[0].pension = Some(Pension::Pension);
    assert!(score(&h).item("s6.pension_1").is_some());
}

#[test]
fn employment_item_reads_the_contract_only_of_a_working_member() {
    let mut h = baseline();
    h.members[0].wage_job = Some(WageJob::WithoutContract);
    assert!(is_deprived(&h, "nd07-2021", IndicatorId::Employment));
    for status in [
        Employment::RetiredOrHomemaker,
        Employment::UnableToWork,
        Employment::Studying,
        Employment::NotWanting,
    ] {
        h.members[0].employment = Some(status);
        assert!(
            !is_deprived(&h, "nd07-2021", IndicatorId::Employment),
            "{status:?}"
        );
    }
    h.members[0].employment = Some(Employment::Unemployed);
    assert!(is_deprived(&h, "nd07-2021", IndicatorId::Employment));
}

#[test]
fn validation_names_job_answers_that_do_not_fit() {
    let mut h = with_civil_servant();
    assert_eq!(codes(&h, Severity::Warning), []);
    h.members[1].employment = Some(Employment::RetiredOrHomemaker);
    assert_eq!(
        codes(&h, Severity::Warning),
        [(
            "members[1].job_kind".to_string(),
            "job_not_working".to_string()
        )]
    );
    // "Không làm công ăn lương" alone is no job answer.
    let mut h = baseline();
    h.members[0].employment = Some(Employment::UnableToWork);
    h.members[0].job_kind = None;
    h.members[0].wage_job = Some(WageJob::NotWage);
    assert_eq!(codes(&h, Severity::Warning), []);
    // A child of 14 with non-farm work recorded: asked only from 15.
    let mut h = baseline();
    aged(&mut h, 2, 14);
    h.members[2].non_farm_work = Some(true);
    assert!(codes(&h, Severity::Warning).contains(&(
        "members[2].employment".to_string(),
        "employment_under_15".to_string()
    )));
}
