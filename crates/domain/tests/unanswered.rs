//! An answer not given yet is a state of its own: every indicator that reads it is "unknown"
//! (never "not deprived"), the class is provisional and names what is missing, and the form
//! cannot be completed until every required answer is given. Files written before drafts
//! existed read exactly as they did.

use rasoat_domain::classify::{classify, Classification, Method, Settings};
use rasoat_domain::model::*;
use rasoat_domain::standard::{IndicatorId, Standards};
use rasoat_domain::testkit::{adult, baseline};
use rasoat_domain::validate::{can_complete, required_questions, unanswered, validate};
use rasoat_domain::{from_json, to_json};

fn classified(h: &Household, standard: &str) -> Classification {
    classified_by(h, standard, Method::Income)
}

fn classified_by(h: &Household, standard: &str, method: Method) -> Classification {
    let standard = Standards::national()
        .by_id(standard)
        .cloned()
        .expect("standard exists");
    classify(h, &standard, method, &Settings::default()).expect("classifies")
}

/// Asserts the indicator is undecided, not shown as "not deprived", and the class says so.
fn assert_unknown(h: &Household, standard: &str, id: IndicatorId) {
    let c = classified(h, standard);
    let i = c
        .indicators
        .iter()
        .find(|i| i.id == id)
        .expect("the standard has the indicator");
    assert!(
        i.unknown,
        "{standard} {id:?} must be unknown: {}",
        i.reason_vi
    );
    assert!(!i.deprived, "{standard} {id:?}");
    // Its words say it is undecided, never the rule's "not deprived" sentence.
    assert!(
        i.reason_vi.starts_with("Chưa xác định") && i.reason_en.starts_with("Not decided"),
        "{standard} {id:?}: {}",
        i.reason_vi
    );
    assert!(
        c.is_provisional(),
        "{standard} {id:?}: class must be provisional"
    );
}

/// Every standard that has the indicator.
fn standards_with(id: IndicatorId) -> Vec<String> {
    Standards::national()
        .standards
        .iter()
        .filter(|s| s.indicators.iter().any(|i| i.id == id))
        .map(|s| s.id.clone())
        .collect()
}

fn each_standard_with(id: IndicatorId, blank: fn(&mut Household)) {
    let standards = standards_with(id);
    assert!(!standards.is_empty(), "{id:?} is in no standard");
    let mut h = baseline();
    // The baseline decides every indicator: the blank is what makes it unknown.
    for s in &standards {
        let c = classified(&h, s);
        assert!(c.indicators.iter().all(|i| !i.unknown), "{s}");
        assert!(!c.is_provisional(), "{s}");
    }
    blank(&mut h);
    for s in &standards {
        assert_unknown(&h, s, id);
    }
}

#[test]
fn employment_unanswered_is_unknown() {
    each_standard_with(IndicatorId::Employment, |h| h.members[0].employment = None);
}

#[test]
fn dependants_with_an_unknown_age_that_could_tip_the_ratio_are_unknown() {
    // Two children of four members: 50 %, not above; the head's age could make it 75 %.
    each_standard_with(IndicatorId::Dependants, |h| h.members[0].birth = None);
}

#[test]
fn nutrition_without_height_and_weight_is_unknown() {
    each_standard_with(IndicatorId::Nutrition, |h| {
        h.members[3].height_cm = None;
        h.members[3].weight_kg = None;
    });
}

#[test]
fn nutrition_without_the_childs_sex_is_unknown() {
    each_standard_with(IndicatorId::Nutrition, |h| h.members[3].sex = None);
}

#[test]
fn health_insurance_unanswered_is_unknown() {
    each_standard_with(IndicatorId::HealthInsurance, |h| {
        h.members[1].health_insurance = None
    });
}

#[test]
fn adult_education_unanswered_is_unknown() {
    each_standard_with(IndicatorId::AdultEducation, |h| {
        h.members.push(Member {
            education: None,
            in_school: Some(false),
            ..adult(5, Relation::Child, Sex::Male, 2004)
        });
    });
}

#[test]
fn adult_education_with_an_unknown_age_is_unknown() {
    each_standard_with(IndicatorId::AdultEducation, |h| h.members[1].birth = None);
}

#[test]
fn child_schooling_with_an_unknown_age_is_unknown() {
    each_standard_with(IndicatorId::ChildSchooling, |h| h.members[2].birth = None);
}

#[test]
fn housing_quality_unanswered_is_unknown() {
    each_standard_with(IndicatorId::HousingQuality, |h| {
        h.housing.wall = None;
        h.housing.column = None;
        h.housing.roof = None;
    });
}

#[test]
fn housing_area_unanswered_is_unknown() {
    each_standard_with(IndicatorId::HousingArea, |h| h.housing.floor_area_m2 = None);
}

#[test]
fn water_unanswered_is_unknown() {
    each_standard_with(IndicatorId::Water, |h| h.water = None);
}

#[test]
fn latrine_unanswered_is_unknown() {
    each_standard_with(IndicatorId::Latrine, |h| h.latrine = None);
}

#[test]
fn waste_unanswered_is_unknown() {
    each_standard_with(IndicatorId::Waste, |h| h.waste = None);
}

#[test]
fn an_answer_that_already_deprives_stays_deprived_beside_open_ones() {
    let mut h = baseline();
    h.housing.wall = Some(WallMaterial::Other);
    h.housing.column = Some(ColumnMaterial::Other);
    h.housing.roof = None;
    let c = classified(&h, "nd07-2021");
    let q = c
        .indicators
        .iter()
        .find(|i| i.id == IndicatorId::HousingQuality)
        .expect("indicator");
    // Two weak parts deprive under TT 07 whatever the roof turns out to be.
    assert!(q.deprived && !q.unknown, "{}", q.reason_vi);
}

/// The household a new enumerator completed as "Hộ nghèo, 6 deprivations": only code,
/// village, the head's name, a birth year and the floor area.
fn nearly_blank() -> Household {
    let json = r#"{
      "format": "household.v1",
      "id": "01900000-0000-7000-8000-000000020000",
      "code": "00730-06-000145",
      "location": { "province": "02", "commune": "00721", "village": "Thôn Mẫu" },
      "area": "rural",
      "surveyed_on": "2024-10-15",
      "members": [
        { "id": "01900000-0000-7000-8000-000000020001", "name": "Chủ Hộ Mẫu", "birth": "1980",
          "education": null, "training": null, "health_insurance": null }
      ],
      "housing": { "floor_area_m2": 20 }
    }"#;
    from_json(json).expect("a draft with open answers is readable")
}

#[test]
fn a_nearly_blank_draft_is_provisional_and_cannot_be_completed() {
    let h = nearly_blank();
    // TT 07/2021 scores households without measured income, as the form does.
    for s in ["nd07-2021"] {
        let c = classified_by(&h, s, Method::Score);
        assert!(c.is_provisional(), "{s}");
        for path in [
            "housing.wall",
            "latrine",
            "water",
            "members[0].sex",
            "members[0].employment",
        ] {
            assert!(c.provisional.iter().any(|p| p == path), "{s}: {path}");
        }
        // Nothing open is counted as a deprivation, and nothing open is shown as met.
        for i in &c.indicators {
            if i.unknown {
                assert!(!i.deprived, "{s} {:?}", i.id);
            }
        }
    }
    let findings = validate(&h);
    assert!(!can_complete(&findings));
    let open: Vec<String> = findings
        .iter()
        .filter(|f| f.code == "unanswered")
        .map(|f| f.path.clone())
        .collect();
    for path in [
        "housing.column",
        "housing.roof",
        "housing.wall",
        "latrine",
        "electricity.source",
        "water",
        "members[0].relation",
        "members[0].ethnicity",
        "members[0].sex",
        "members[0].education",
        "members[0].training",
        "members[0].health_insurance",
        "members[0].employment",
    ] {
        assert!(
            open.iter().any(|p| p == path),
            "{path} missing from {open:?}"
        );
    }
    assert!(!open.iter().any(|p| p == "housing.floor_area_m2"));
}

#[test]
fn the_forms_skip_rules_decide_what_is_asked() {
    let h = baseline();
    // The baseline's 8-year-old has height and weight; an adult is never asked them.
    assert!(unanswered(&h).is_empty(), "{:?}", unanswered(&h));
    let mut h = baseline();
    h.members[0].height_cm = None;
    h.members[3].height_cm = None;
    h.members[3].weight_kg = None;
    h.members[2].employment = None;
    let open: Vec<_> = unanswered(&h).into_iter().map(|u| u.path).collect();
    assert_eq!(open, ["members[3].height_cm", "members[3].weight_kg"]);
    // A measurement a child refused leaves nutrition open but does not stop the form.
    assert!(can_complete(&validate(&h)));
}

#[test]
fn an_unanswered_draft_round_trips_and_older_files_read_as_before() {
    let h = nearly_blank();
    let back = from_json(&to_json(&h)).expect("round trip");
    assert_eq!(back, h);
    assert_eq!(back.members[0].education, None);
    // A v1 file written before drafts: absent defaulted columns are the v1 defaults, answered.
    let old = r#"{
      "format": "household.v1",
      "id": "01900000-0000-7000-8000-000000010000",
      "code": "00721-001",
      "location": { "province": "02", "commune": "00721", "village": "Thôn Mẫu" },
      "area": "rural",
      "surveyed_on": "2024-10-15",
      "members": [
        { "id": "01900000-0000-7000-8000-000000010001", "name": "Thào Mí Chứ", "relation": "head",
          "birth": "1980", "ethnicity": "08", "sex": "male", "employment": "working",
          "job_kind": "other", "wage_job": "not_wage" }
      ],
      "housing": { "column": "other", "roof": "other", "wall": "other", "floor_area_m2": 20 },
      "latrine": "none",
      "electricity": { "source": "grid", "kwh_per_month": 20 },
      "water": "unprotected_spring"
    }"#;
    let h = from_json(old).expect("reads");
    // Columns 8, 14, 18, 19, items X–XII and the other yes/no answers left out: answered
    // (not at school, no allowance or pension, no land or animals, no), as v1 always meant.
    assert_eq!(h.members[0].in_school, Some(false));
    assert_eq!(h.members[0].social_allowance, Some(SocialAllowance::None));
    assert_eq!(h.members[0].pension, Some(Pension::None));
    assert_eq!(h.members[0].serious_illness, Some(false));
    assert_eq!(h.members[0].non_farm_work, Some(false));
    assert_eq!(h.land, Land::default());
    assert_eq!(h.livestock.poultry, Some(0));
    assert_eq!(h.aquaculture, Some(false));
    assert_eq!(h.members[0].education, Some(Education::None));
    assert_eq!(h.members[0].training, Some(Training::None));
    assert_eq!(h.members[0].health_insurance, Some(HealthInsurance::None));
    assert!(unanswered(&h).is_empty());
    assert!(!classified_by(&h, "nd07-2021", Method::Score).is_provisional());
}

#[test]
fn only_the_answers_v1_always_had_are_strict() {
    let mut h = baseline();
    h.members[0].employment = None;
    h.members[3].height_cm = None;
    assert!(unanswered(&h).iter().all(|u| !u.strict_v1));
    let h = nearly_blank();
    let strict: Vec<String> = unanswered(&h)
        .into_iter()
        .filter(|u| u.strict_v1)
        .map(|u| u.path)
        .collect();
    assert!(strict.contains(&"members[0].education".to_string()));
    assert!(strict.contains(&"water".to_string()));
    assert!(!strict.contains(&"members[0].employment".to_string()));
}

#[test]
fn an_answer_that_cannot_be_read_is_a_plain_finding_and_the_rest_is_still_read() {
    let mut value: serde_json::Value = serde_json::from_str(&to_json(&baseline())).expect("json");
    value["members"][1]["birth"] = serde_json::json!("31/02/2020");
    value["members"][2]["sex"] = serde_json::json!("nam");
    value["housing"]["floor_area_m2"] = serde_json::json!("hai mươi");
    let (h, findings) = rasoat_domain::read_draft(&value);
    let h = h.expect("the rest is read");
    assert_eq!(h.members[1].birth, None);
    assert_eq!(h.members[0].name, baseline().members[0].name);
    let said: Vec<(String, String)> = findings
        .iter()
        .map(|f| {
            (
                f.path.clone(),
                rasoat_domain::messages::render(rasoat_domain::messages::Lang::Vi, &f.message),
            )
        })
        .collect();
    assert!(
        said.contains(&(
            "members[1].birth".into(),
            "Không có ngày 31/02/2020.".into()
        )),
        "{said:?}"
    );
    assert!(
        said.contains(&("housing.floor_area_m2".into(), "Chỉ nhập số.".into())),
        "{said:?}"
    );
    assert!(said.iter().any(|(p, _)| p == "members[2].sex"), "{said:?}");
    // No parser's words reach the person.
    assert!(
        said.iter()
            .all(|(_, m)| !m.contains("YYYY") && !m.contains("line")),
        "{said:?}"
    );
    // The checks of what was read still run beside them.
    let mut value = value.clone();
    value["code"] = serde_json::json!("");
    let (h, _) = rasoat_domain::read_draft(&value);
    assert!(validate(&h.expect("read"))
        .iter()
        .any(|f| f.path == "code" && f.code == "unanswered"));
}

#[test]
fn a_form_without_its_identity_is_not_read() {
    let mut value: serde_json::Value = serde_json::from_str(&to_json(&baseline())).expect("json");
    value["surveyed_on"] = serde_json::json!("31/02/2024");
    let (h, findings) = rasoat_domain::read_draft(&value);
    assert!(h.is_none());
    assert_eq!(findings[0].path, "surveyed_on");
}

#[test]
fn the_form_skips_what_phieu_b1_does_not_ask() {
    let h = baseline();
    let skipped = rasoat_domain::validate::skipped(&h);
    // Adults: no height or weight; the 12-year-old: no weight, no work; nobody at school here
    // is asked a school level unless at school.
    assert!(skipped.contains(&"members[0].height_cm".to_string()));
    assert!(skipped.contains(&"members[0].weight_kg".to_string()));
    assert!(!skipped.contains(&"members[0].employment".to_string()));
    assert!(skipped.contains(&"members[2].weight_kg".to_string()));
    assert!(!skipped.contains(&"members[2].height_cm".to_string()));
    assert!(skipped.contains(&"members[2].employment".to_string()));
    assert!(!skipped.contains(&"members[3].weight_kg".to_string()));
    // The kind of work and a wage job are asked of a member who works, not of one retired.
    let mut h = baseline();
    h.members[0].employment = Some(rasoat_domain::Employment::Working);
    h.members[1].employment = Some(rasoat_domain::Employment::RetiredOrHomemaker);
    let skipped = rasoat_domain::validate::skipped(&h);
    assert!(!skipped.contains(&"members[0].job_kind".to_string()));
    assert!(!skipped.contains(&"members[0].wage_job".to_string()));
    assert!(skipped.contains(&"members[1].job_kind".to_string()));
    assert!(skipped.contains(&"members[1].wage_job".to_string()));
    assert!(!skipped.contains(&"members[1].pension".to_string()));
    let mut h = baseline();
    h.members[0].birth = None;
    let skipped = rasoat_domain::validate::skipped(&h);
    assert!(!skipped
        .iter()
        .any(|p| p.starts_with("members[0].") && !p.ends_with("school_level")));
}

/// The section 9 item of a score-A classification.
fn electricity_item(h: &Household) -> (Classification, rasoat_domain::score_a::ScoreItem) {
    let c = classified_by(h, "nd07-2021", Method::Score);
    let item = c
        .score_a
        .as_ref()
        .and_then(|s| s.items.iter().find(|i| i.section == 9).cloned())
        .expect("section 9 is accounted for");
    (c, item)
}

#[test]
fn a_blank_kwh_is_unknown_never_zero() {
    let mut h = baseline();
    h.electricity.kwh_per_month = None;
    let (blank, item) = electricity_item(&h);
    assert!(blank.is_provisional(), "a blank kWh leaves the class open");
    assert!(blank
        .provisional
        .iter()
        .any(|p| p == "electricity.kwh_per_month"));
    assert!(
        item.because_vi.starts_with("Chưa trả lời"),
        "{}",
        item.because_vi
    );
    // A typed 0 is an answer: the same row, but settled and said as 0 kWh.
    let mut zero = h.clone();
    zero.electricity.kwh_per_month = Some(0.0);
    let (zero, item) = electricity_item(&zero);
    assert!(!zero.is_provisional());
    assert!(item.because_vi.contains("0 kWh"), "{}", item.because_vi);
    // Item VII is not a question without which the form cannot be completed.
    assert!(can_complete(&validate(&h)));
    // Left out of the file, never written as 0.
    let json = to_json(&h);
    assert!(!json.contains("kwh_per_month"));
    assert_eq!(
        from_json(&json).expect("reads").electricity.kwh_per_month,
        None
    );
    // A household without power is not asked: it uses none.
    h.electricity.source = Some(PowerSource::None);
    assert!(unanswered(&h).is_empty(), "{:?}", unanswered(&h));
    assert!(!electricity_item(&h).0.is_provisional());
}

#[test]
fn letters_typed_as_kwh_are_an_unknown_answer_in_the_draft() {
    let mut value: serde_json::Value =
        serde_json::from_str(&to_json(&baseline())).expect("baseline as JSON");
    value["electricity"]["kwh_per_month"] = serde_json::Value::from("ba mươi");
    let (read, findings) = rasoat_domain::read_draft(&value);
    let h = read.expect("the rest of the draft is read");
    assert!(findings
        .iter()
        .any(|f| f.path == "electricity.kwh_per_month"));
    assert_eq!(h.electricity.kwh_per_month, None);
    let (c, _) = electricity_item(&h);
    assert!(c
        .provisional
        .iter()
        .any(|p| p == "electricity.kwh_per_month"));
}

#[test]
fn the_required_questions_are_those_asked_answered_or_not() {
    // Every required question still open is one of those the progress counts against.
    let blank = nearly_blank();
    let required = required_questions(&blank);
    for u in unanswered(&blank).into_iter().filter(|u| u.required) {
        assert!(required.contains(&u.path), "{} not counted", u.path);
    }
    // Answered, they are still counted: the same questions, none open.
    let h = baseline();
    let asked = required_questions(&h);
    assert!(asked.iter().any(|p| p == "housing.column"));
    assert!(asked.iter().any(|p| p == "members[0].sex"));
    assert!(unanswered(&h).iter().all(|u| !u.required));
    // The skip rules apply: an optional measurement is never required, and a child under 15
    // is not asked about work.
    assert!(!asked.iter().any(|p| p.ends_with(".height_cm")));
    for (i, m) in h.members.iter().enumerate() {
        let asked_work = asked.contains(&format!("members[{i}].employment"));
        let age = m.age_on(h.surveyed_on).expect("baseline ages are known");
        assert_eq!(asked_work, age >= 15, "member {i} aged {age}");
    }
}

#[test]
fn an_emptied_number_box_is_not_an_error_and_the_form_is_still_read() {
    let mut value: serde_json::Value = serde_json::from_str(&to_json(&baseline())).expect("json");
    value["assets"]["color_tv"] = serde_json::Value::Null;
    value["land"]["garden_pond"] = serde_json::Value::Null;
    let (h, findings) = rasoat_domain::read_draft(&value);
    let h = h.unwrap_or_else(|| panic!("read: {findings:?}"));
    // An emptied count is not answered (not 0): the form asks it again.
    assert_eq!(h.assets.color_tv, None);
    assert!(findings.is_empty(), "{findings:?}");
    // Letters typed in the same box are still said plainly, and read as not answered.
    value["assets"]["color_tv"] = serde_json::json!("hai");
    let (h, findings) = rasoat_domain::read_draft(&value);
    assert_eq!(h.map(|h| h.assets.color_tv), Some(None));
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].path, "assets.color_tv");
}

/// A new form's blank code, village and head's name are questions not answered yet, like every
/// other: open (no error of their own), in the list of what is missing, still refusing
/// completion, and none of them makes the class provisional.
#[test]
fn a_blank_code_village_and_name_are_open_not_errors() {
    let mut h = nearly_blank();
    h.code = String::new();
    h.location.village = "  ".into();
    h.members[0].name = String::new();
    let findings = validate(&h);
    for path in ["code", "location.village", "members[0].name"] {
        let here: Vec<_> = findings.iter().filter(|f| f.path == path).collect();
        assert_eq!(here.len(), 1, "{path}: {here:?}");
        assert_eq!(here[0].code, "unanswered", "{path}");
        assert!(required_questions(&h).iter().any(|p| p == path), "{path}");
    }
    assert!(!can_complete(&findings));
    assert!(unanswered(&h)
        .iter()
        .filter(|u| ["code", "location.village", "members[0].name"].contains(&u.path.as_str()))
        .all(|u| u.required && !u.affects_class && !u.strict_v1));
    // Typed, they are answered and leave nothing behind.
    let mut typed = h.clone();
    typed.code = "00730-06-000145".into();
    typed.location.village = "Thôn Mẫu".into();
    typed.members[0].name = "Chủ Hộ Mẫu".into();
    assert!(!validate(&typed)
        .iter()
        .any(|f| ["code", "location.village", "members[0].name"].contains(&f.path.as_str())));
}
