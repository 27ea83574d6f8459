//! The remaining questions a draft may leave open are never scored: column 8 (at school),
//! 14 (social allowance), 16–17 (kind of job, wage job), the non-farm question, 18 (pension),
//! 19 (serious illness), the health-care access question, items X–XII (land, livestock,
//! aquaculture). Open, each makes what reads it unknown (an indicator) or unscored (a score A
//! section) and the class provisional naming it; answered, each decides as before; a
//! completed form cannot leave a required one open.

use rasoat_domain::classify::{classify, Classification, Method, Settings};
use rasoat_domain::model::*;
use rasoat_domain::open_answers::completion_blockers;
use rasoat_domain::score_a::{score_a, Region, ScoreA, ScoreSettings, ScoreTable};
use rasoat_domain::standard::{IndicatorId, Standards};
use rasoat_domain::testkit::baseline;
use rasoat_domain::validate::{unanswered, validate};
use rasoat_domain::{from_json, to_json};

fn classified(h: &Household, standard: &str, method: Method) -> Classification {
    let standard = Standards::national()
        .by_id(standard)
        .cloned()
        .expect("standard exists");
    classify(h, &standard, method, &Settings::default()).expect("classifies")
}

/// The indicator `id` of a standard: (deprived, unknown).
fn indicator(h: &Household, standard: &str, id: IndicatorId) -> (bool, bool) {
    let mut h = h.clone();
    h.income = Some(Income {
        sources: vec![IncomeSource {
            kind: IncomeKind::Crops,
            amount: 12_000_000,
            note: String::new(),
        }],
        ..Income::default()
    });
    let c = classified(&h, standard, Method::Income);
    let i = c
        .indicators
        .iter()
        .find(|i| i.id == id)
        .expect("the standard has the indicator");
    (i.deprived, i.unknown)
}

fn score(h: &Household) -> ScoreA {
    score_a(
        h,
        Region::Tdmnpb,
        ScoreTable::tt07_2021(),
        &ScoreSettings::default(),
    )
}

/// Score A's section `n` selects no row and says it is not answered.
fn assert_unscored(h: &Household, n: u8) {
    let s = score(h);
    let items: Vec<_> = s.items.iter().filter(|i| i.section == n).collect();
    assert_eq!(items.len(), 1, "section {n}: {items:?}");
    assert_eq!(items[0].key, format!("s{n}.none"), "section {n}");
    assert_eq!(items[0].points, 0, "section {n}");
    assert!(
        items[0].because_vi.starts_with("Chưa trả lời"),
        "section {n}: {}",
        items[0].because_vi
    );
    assert!(
        items[0].because_en.starts_with("Not answered yet"),
        "section {n}: {}",
        items[0].because_en
    );
}

/// The class is provisional and names `path` among what is missing.
fn assert_provisional_on(h: &Household, path: &str) {
    let c = classified(h, "nd07-2021", Method::Score);
    assert!(c.is_provisional(), "{path}");
    assert!(
        c.provisional.iter().any(|p| p == path),
        "{path} not in {:?}",
        c.provisional
    );
}

/// Completing is refused naming `path`.
fn assert_blocks_completion(h: &Household, path: &str) {
    let (open, _) = completion_blockers(h);
    assert!(open.iter().any(|p| p == path), "{path} not in {open:?}");
    assert!(validate(h)
        .iter()
        .any(|f| f.path == path && f.code == "unanswered"));
}

#[test]
fn the_baseline_leaves_nothing_open() {
    let h = baseline();
    assert!(unanswered(&h).is_empty(), "{:?}", unanswered(&h));
    assert!(!classified(&h, "nd07-2021", Method::Score).is_provisional());
}

#[test]
fn an_open_column_8_leaves_child_schooling_unknown_never_deprived() {
    let mut h = baseline();
    // Member 3 is a child of school age.
    assert_eq!(
        indicator(&h, "nd07-2021", IndicatorId::ChildSchooling),
        (false, false)
    );
    h.members[3].in_school = None;
    assert_eq!(
        indicator(&h, "nd07-2021", IndicatorId::ChildSchooling),
        (false, true)
    );
    assert_provisional_on(&h, "members[3].in_school");
    assert_blocks_completion(&h, "members[3].in_school");
    // Answered "no": deprived, as before drafts.
    h.members[3].in_school = Some(false);
    h.members[3].school_level = None;
    assert_eq!(
        indicator(&h, "nd07-2021", IndicatorId::ChildSchooling),
        (true, false)
    );
}

#[test]
fn an_open_column_14_leaves_dependants_and_sections_2_and_3_open() {
    let mut h = baseline();
    let answered = score(&h);
    assert!(
        answered.item("s3.dependants_none").is_some()
            || answered.items.iter().any(|i| i.section == 3)
    );
    h.members[0].social_allowance = None;
    assert_unscored(&h, 2);
    assert_unscored(&h, 3);
    assert_provisional_on(&h, "members[0].social_allowance");
    assert_blocks_completion(&h, "members[0].social_allowance");
    // B2 item 1.2: two children of four are 50 %, not above it; one more dependant could tip
    // it, so the open allowance leaves it unknown.
    assert_eq!(
        indicator(&h, "nd07-2021", IndicatorId::Dependants),
        (false, true)
    );
    // Answered "none": decided, not deprived, and the sections scored as before.
    h.members[0].social_allowance = Some(SocialAllowance::None);
    assert_eq!(
        indicator(&h, "nd07-2021", IndicatorId::Dependants),
        (false, false)
    );
    assert_eq!(score(&h), answered);
    // Answered "elderly": a third dependant of four, deprived.
    h.members[0].social_allowance = Some(SocialAllowance::Elderly);
    assert_eq!(
        indicator(&h, "nd07-2021", IndicatorId::Dependants),
        (true, false)
    );
}

#[test]
fn an_open_column_19_leaves_section_2_open() {
    let mut h = baseline();
    let answered = score(&h);
    h.members[1].serious_illness = None;
    assert_unscored(&h, 2);
    assert_provisional_on(&h, "members[1].serious_illness");
    assert_blocks_completion(&h, "members[1].serious_illness");
    h.members[1].serious_illness = Some(false);
    assert_eq!(score(&h), answered);
    // Answered "yes": left out of the working-age count, as before.
    h.members[1].serious_illness = Some(true);
    assert!(score(&h).item("s2.working_1").is_some());
}

#[test]
fn open_job_answers_leave_section_5_and_employment_open() {
    let mut h = baseline();
    let answered = score(&h);
    for (field, open) in [
        (
            "job_kind",
            (|m: &mut Member| m.job_kind = None) as fn(&mut Member),
        ),
        ("non_farm_work", |m: &mut Member| m.non_farm_work = None),
    ] {
        let mut h = h.clone();
        open(&mut h.members[0]);
        assert_unscored(&h, 5);
        assert_provisional_on(&h, &format!("members[0].{field}"));
        assert_blocks_completion(&h, &format!("members[0].{field}"));
    }
    // Column 17 open for a worker: a wage job without a contract is still possible (B2 1.1).
    h.members[0].wage_job = None;
    assert_eq!(
        indicator(&h, "nd07-2021", IndicatorId::Employment),
        (false, true)
    );
    assert_provisional_on(&h, "members[0].wage_job");
    assert_blocks_completion(&h, "members[0].wage_job");
    h.members[0].wage_job = Some(WageJob::WithoutContract);
    assert_eq!(
        indicator(&h, "nd07-2021", IndicatorId::Employment),
        (true, false)
    );
    h.members[0].wage_job = Some(WageJob::NotWage);
    assert_eq!(score(&h), answered);
    // A member who does not work is not asked columns 16–17 nor the non-farm question.
    h.members[0].employment = Some(Employment::RetiredOrHomemaker);
    h.members[0].job_kind = None;
    h.members[0].wage_job = None;
    h.members[0].non_farm_work = None;
    let open: Vec<String> = unanswered(&h).into_iter().map(|u| u.path).collect();
    assert!(open.is_empty(), "{open:?}");
}

#[test]
fn an_open_column_18_leaves_section_6_open() {
    let mut h = baseline();
    h.members[0].pension = None;
    assert_unscored(&h, 6);
    assert_provisional_on(&h, "members[0].pension");
    assert_blocks_completion(&h, "members[0].pension");
    h.members[0].pension = Some(Pension::Pension);
    assert!(score(&h).item("s6.pension_1").is_some());
    // A child is not asked column 18.
    h.members[3].pension = None;
    assert!(!unanswered(&h)
        .iter()
        .any(|u| u.path == "members[3].pension"));
}

#[test]
fn open_land_livestock_and_aquaculture_leave_sections_13_and_14_open() {
    let mut h = baseline();
    h.land.forest = None;
    assert_unscored(&h, 13);
    assert_provisional_on(&h, "land.forest");
    assert_blocks_completion(&h, "land.forest");
    // An answered area still scores beside an open one.
    h.land.perennial_crops = Some(6000.0);
    assert!(score(&h).item("s13.perennial_5000_plus").is_some());

    let mut h = baseline();
    h.livestock.poultry = None;
    assert_unscored(&h, 14);
    assert_provisional_on(&h, "livestock.poultry");
    assert_blocks_completion(&h, "livestock.poultry");
    h.livestock.poultry = Some(100);
    assert!(score(&h).item("s14.poultry_100_plus").is_some());

    let mut h = baseline();
    h.aquaculture = None;
    assert_unscored(&h, 14);
    assert_provisional_on(&h, "aquaculture");
    assert_blocks_completion(&h, "aquaculture");
    h.aquaculture = Some(true);
    assert!(score(&h).item("s14.aquaculture").is_some());

    // Other livestock is asked (and required) but read by no rule: it does not make the
    // class provisional.
    let mut h = baseline();
    h.livestock.other = None;
    assert_blocks_completion(&h, "livestock.other");
    assert!(!classified(&h, "nd07-2021", Method::Score).is_provisional());
}

#[test]
fn an_open_care_question_leaves_healthcare_access_unknown_without_blocking() {
    let mut h = baseline();
    assert_eq!(
        indicator(&h, "qd59-2015", IndicatorId::HealthcareAccess),
        (false, false)
    );
    h.members[2].sick_without_care = None;
    assert_eq!(
        indicator(&h, "qd59-2015", IndicatorId::HealthcareAccess),
        (false, true)
    );
    // Not on Phiếu B1: asked, not required.
    let (open, _) = completion_blockers(&h);
    assert!(open.is_empty(), "{open:?}");
    h.members[2].sick_without_care = Some(true);
    assert_eq!(
        indicator(&h, "qd59-2015", IndicatorId::HealthcareAccess),
        (true, false)
    );
}

/// A new household as the window's template writes it (`src-tauri/src/template.rs`), with
/// the head's birth year and the housing answered, every other answer open.
fn new_household() -> Household {
    let json = r#"{
      "format": "household.v1",
      "id": "01900000-0000-7000-8000-000000040000",
      "code": "",
      "location": { "province": "02", "commune": "00721", "village": "" },
      "area": "rural",
      "surveyed_on": "2024-10-15",
      "members": [
        { "id": "01900000-0000-7000-8000-000000040001", "name": "", "relation": "head",
          "birth": "1980", "sex": "male", "ethnicity": "08",
          "education": null, "training": null, "health_insurance": null, "internet": null,
          "in_school": null, "social_allowance": null, "disabled": null,
          "serious_illness": null, "sick_without_care": null, "non_farm_work": null,
          "pension": null, "employment": "working" },
        { "id": "01900000-0000-7000-8000-000000040002", "name": "", "relation": "child",
          "birth": "2015", "sex": "female", "ethnicity": "08",
          "education": null, "training": null, "health_insurance": null, "internet": null,
          "in_school": null, "social_allowance": null, "disabled": null,
          "serious_illness": null, "sick_without_care": null, "non_farm_work": null,
          "pension": null }
      ],
      "housing": {},
      "electricity": {},
      "assets": {
        "car": null, "motorbike": null, "motor_boat": null, "generator": null,
        "printer_fax": null, "color_tv": null, "sound_system": null, "desktop_computer": null,
        "laptop": null, "tablet": null, "fridge": null, "air_conditioner": null,
        "washing_machine": null, "water_heater": null, "microwave_oven": null,
        "landline_phone": null, "mobile_phone": null, "smartphone": null, "radio": null
      },
      "land": { "garden_pond": null, "annual_crops": null, "perennial_crops": null,
                "water_surface": null, "forest": null },
      "livestock": { "buffalo_cattle_horse": null, "pig_goat_sheep": null, "poultry": null,
                     "other": null },
      "aquaculture": null
    }"#;
    from_json(json).expect("a new household is readable")
}

#[test]
fn a_new_household_shows_no_deprivation_and_no_score_row_it_was_not_asked_about() {
    let h = new_household();
    for s in &Standards::national().standards {
        let method = if s.score.is_some() {
            Method::Score
        } else {
            Method::Income
        };
        let mut h = h.clone();
        if method == Method::Income {
            h.income = Some(Income::default());
        }
        let c = classified(&h, &s.id, method);
        let deprived: Vec<_> = c.deprived().map(|i| i.id).collect();
        assert!(deprived.is_empty(), "{}: {deprived:?}", s.id);
        assert!(c.is_provisional(), "{}", s.id);
    }
    // Every section read from an open answer selects no row.
    for n in [2, 3, 5, 6, 13, 14] {
        assert_unscored(&h, n);
    }
    let c = classified(&h, "nd07-2021", Method::Score);
    for path in [
        "members[0].in_school",
        "members[1].in_school",
        "members[0].social_allowance",
        "members[0].serious_illness",
        "members[0].job_kind",
        "members[0].wage_job",
        "members[0].non_farm_work",
        "members[0].pension",
        "land.garden_pond",
        "livestock.buffalo_cattle_horse",
        "aquaculture",
    ] {
        assert!(c.provisional.iter().any(|p| p == path), "{path}");
    }
    // A child of 9 is not asked columns 15–18.
    let open: Vec<String> = unanswered(&h).into_iter().map(|u| u.path).collect();
    assert!(!open.iter().any(|p| p == "members[1].pension"), "{open:?}");
    // The blank form round-trips: `null` stays open.
    assert_eq!(from_json(&to_json(&h)).expect("round trip"), h);
}

#[test]
fn a_completed_form_writes_none_as_earlier_writers_did() {
    let h = baseline();
    let text = to_json(&h);
    // "No allowance" and "no pension" are left out, so an older reader reads the form.
    assert!(!text.contains("\"social_allowance\""), "{text}");
    assert!(!text.contains("\"pension\""), "{text}");
    assert!(!text.contains("null"), "{text}");
    // An open one is written as `null` and read back open.
    let mut open = h.clone();
    open.members[0].social_allowance = None;
    open.members[0].pension = None;
    let back = from_json(&to_json(&open)).expect("round trip");
    assert_eq!(back.members[0].social_allowance, None);
    assert_eq!(back.members[0].pension, None);
}

#[test]
fn an_unreadable_yes_no_or_area_reads_as_not_answered() {
    let mut value: serde_json::Value = serde_json::from_str(&to_json(&baseline())).expect("json");
    value["members"][0]["in_school"] = serde_json::json!("có");
    value["land"]["forest"] = serde_json::json!("nhiều");
    let (h, findings) = rasoat_domain::read_draft(&value);
    let h = h.unwrap_or_else(|| panic!("read: {findings:?}"));
    // Neither reads as the v1 default (not at school, no forest) that nobody answered.
    assert_eq!(h.members[0].in_school, None);
    assert_eq!(h.land.forest, None);
    let mut paths: Vec<&str> = findings.iter().map(|f| f.path.as_str()).collect();
    paths.sort_unstable();
    assert_eq!(paths, ["land.forest", "members[0].in_school"]);
}
