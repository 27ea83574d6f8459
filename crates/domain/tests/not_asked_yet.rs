//! Questions not asked yet are never scored: section IX's counts and column 13 (internet) left
//! open make the telecom and information indicators unknown, never deprived nor met; an open
//! "Khu vực" keeps the class provisional; and Phiếu A's mã 0 ends the review without Phiếu B.

use rasoat_domain::classify::{classify, Class, Classification, Method, Settings};
use rasoat_domain::messages::{render, Code, Lang};
use rasoat_domain::model::*;
use rasoat_domain::standard::{IndicatorId, Standards};
use rasoat_domain::testkit::baseline;
use rasoat_domain::validate::{can_complete, unanswered, validate};
use rasoat_domain::{from_json, to_json};

fn classified(h: &Household, standard: &str, method: Method) -> Classification {
    let standard = Standards::national()
        .by_id(standard)
        .cloned()
        .expect("standard exists");
    classify(h, &standard, method, &Settings::default()).expect("classifies")
}

/// Every national standard with the indicator, each with the method it can be applied by
/// (measured income for all; the baseline carries none, so one is set).
fn indicator(h: &Household, id: IndicatorId) -> Vec<(String, bool, bool)> {
    let mut h = h.clone();
    h.income = Some(Income {
        sources: vec![IncomeSource {
            kind: IncomeKind::Crops,
            amount: 12_000_000,
            note: String::new(),
        }],
        ..Income::default()
    });
    let ids: Vec<String> = Standards::national()
        .standards
        .iter()
        .filter(|s| s.indicators.iter().any(|i| i.id == id))
        .map(|s| s.id.clone())
        .collect();
    assert!(!ids.is_empty(), "{id:?} is in no standard");
    ids.into_iter()
        .map(|s| {
            let c = classified(&h, &s, Method::Income);
            let i = c
                .indicators
                .iter()
                .find(|i| i.id == id)
                .expect("the standard has it");
            (s, i.deprived, i.unknown)
        })
        .collect()
}

fn assert_unknown(h: &Household, id: IndicatorId) {
    for (s, deprived, unknown) in indicator(h, id) {
        assert!(unknown && !deprived, "{s} {id:?}: unknown, never decided");
    }
}

fn assert_decided(h: &Household, id: IndicatorId, expect_deprived: bool) {
    for (s, deprived, unknown) in indicator(h, id) {
        assert!(!unknown, "{s} {id:?} is decided");
        assert_eq!(deprived, expect_deprived, "{s} {id:?}");
    }
}

/// No member's internet use and no phone count answered.
fn telecom_open(h: &mut Household) {
    for m in &mut h.members {
        m.internet = None;
    }
    h.assets.landline_phone = None;
    h.assets.mobile_phone = None;
    h.assets.smartphone = None;
}

#[test]
fn telecom_is_unknown_while_internet_use_and_phones_are_not_answered() {
    let mut h = baseline();
    assert_decided(&h, IndicatorId::Telecom, false);
    telecom_open(&mut h);
    assert_unknown(&h, IndicatorId::Telecom);
    // Nobody uses the internet, as answered, and the phones are still open: where a phone
    // counts (QĐ 59/2015) it could still clear the household, so it is unknown; where only
    // internet use counts (TT 07/2021), the household is deprived.
    for m in &mut h.members {
        m.internet = Some(false);
    }
    let decided = indicator(&h, IndicatorId::Telecom);
    let of = |id: &str| decided.iter().find(|d| d.0 == id).map(|d| (d.1, d.2));
    assert_eq!(of("qd59-2015"), Some((false, true)));
    assert_eq!(of("nd07-2021"), Some((true, false)));
}

#[test]
fn information_devices_are_unknown_while_section_ix_is_not_answered() {
    let mut h = baseline();
    assert_decided(&h, IndicatorId::InformationDevices, false);
    // The loudspeakers clear the household under QĐ 59/2015 whatever section IX says.
    h.hears_loudspeaker = Some(false);
    h.assets = Assets::unanswered();
    assert_unknown(&h, IndicatorId::InformationDevices);
}

#[test]
fn answered_telecom_and_devices_are_decided_as_before() {
    // Answered "no" everywhere: deprived, as before drafts.
    let mut h = baseline();
    h.hears_loudspeaker = Some(false);
    for m in &mut h.members {
        m.internet = Some(false);
    }
    h.assets = Assets::default();
    assert_decided(&h, IndicatorId::Telecom, true);
    assert_decided(&h, IndicatorId::InformationDevices, true);
    // One member online clears telecom whatever is still open; one TV clears information.
    telecom_open(&mut h);
    h.members[0].internet = Some(true);
    assert_decided(&h, IndicatorId::Telecom, false);
    h.assets = Assets::unanswered();
    h.assets.color_tv = Some(1);
    assert_decided(&h, IndicatorId::InformationDevices, false);
}

/// A new household as the window's template writes it: the head's line, the commune, the
/// day; every answer open.
fn new_household() -> Household {
    let json = r#"{
      "format": "household.v1",
      "id": "01900000-0000-7000-8000-000000030000",
      "code": "",
      "location": { "province": "02", "commune": "00721", "village": "" },
      "surveyed_on": "2024-10-15",
      "members": [
        { "id": "01900000-0000-7000-8000-000000030001", "name": "", "relation": "head",
          "education": null, "training": null, "health_insurance": null, "internet": null }
      ],
      "housing": {},
      "electricity": {},
      "assets": {
        "car": null, "motorbike": null, "motor_boat": null, "generator": null,
        "printer_fax": null, "color_tv": null, "sound_system": null, "desktop_computer": null,
        "laptop": null, "tablet": null, "fridge": null, "air_conditioner": null,
        "washing_machine": null, "water_heater": null, "microwave_oven": null,
        "landline_phone": null, "mobile_phone": null, "smartphone": null, "radio": null
      }
    }"#;
    from_json(json).expect("a new household is readable")
}

#[test]
fn a_new_household_shows_no_deprivation_it_was_not_asked_about() {
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
        assert!(c.provisional.iter().any(|p| p == "area"), "{}", s.id);
    }
    // The blank form round-trips and every open answer is asked.
    assert_eq!(from_json(&to_json(&h)).expect("round trip"), h);
    let open: Vec<String> = unanswered(&h).into_iter().map(|u| u.path).collect();
    for path in [
        "area",
        "assets.color_tv",
        "assets.smartphone",
        "assets.generator",
        "members[0].internet",
    ] {
        assert!(open.iter().any(|p| p == path), "{path} not in {open:?}");
    }
}

#[test]
fn older_files_without_section_ix_or_internet_read_as_answered_zero() {
    let mut v: serde_json::Value = serde_json::from_str(&to_json(&baseline())).expect("json");
    v.as_object_mut().expect("object").remove("assets");
    for m in v["members"].as_array_mut().expect("members") {
        m.as_object_mut().expect("member").remove("internet");
    }
    let h = from_json(&v.to_string()).expect("reads");
    assert_eq!(h.assets, Assets::default());
    assert_eq!(h.assets.radio, Some(0));
    assert!(h.members.iter().all(|m| m.internet == Some(false)));
    assert!(unanswered(&h).is_empty(), "{:?}", unanswered(&h));
}

#[test]
fn an_open_area_is_required_and_keeps_the_class_provisional() {
    let mut h = baseline();
    let rural = classified(&h, "nd07-2021", Method::Score);
    h.area = Some(AreaType::Urban);
    let urban = classified(&h, "nd07-2021", Method::Score);
    h.area = None;
    let open = classified(&h, "nd07-2021", Method::Score);
    assert_eq!(open.area, None);
    assert!(open.is_provisional());
    assert_eq!(open.provisional, ["area"]);
    // The poorer of the two areas, with both named: never rural by default.
    assert_eq!(open.class, rural.class.min(urban.class));
    assert!(
        open.caveats.iter().any(|m| m.code == Code::CaveatAreaOpen),
        "{:?}",
        open.caveats
    );
    let findings = validate(&h);
    assert!(!can_complete(&findings));
    assert!(findings
        .iter()
        .any(|f| f.path == "area" && f.code == "unanswered"));
}

/// A household that asked to be reviewed and was stopped by Phiếu A: only what Phiếu A asks.
fn stopped_by_phieu_a(answers: [bool; 9]) -> Household {
    let mut h = new_household();
    h.code = "00721-009".into();
    h.location.village = "Thôn Mẫu".into();
    h.members[0].name = "Chủ Hộ Thử".into();
    h.phieu_a = Some(PhieuA {
        answers,
        screened_on: Some(h.surveyed_on),
        ..PhieuA::default()
    });
    h
}

#[test]
fn phieu_a_code_0_completes_without_phieu_b_and_is_not_poor_or_near_poor() {
    let four = [true, true, true, true, false, false, false, false, false];
    let h = stopped_by_phieu_a(four);
    let findings = validate(&h);
    assert!(can_complete(&findings), "{findings:?}");
    assert!(unanswered(&h).is_empty(), "{:?}", unanswered(&h));
    let c = classified(&h, "nd07-2021", Method::Score);
    assert_eq!(c.class, Class::Other);
    assert!(!c.is_provisional());
    assert_eq!((c.score_a, c.score_b), (None, None));
    let said = render(Lang::Vi, &c.explanation);
    assert!(said.contains("ngừng rà soát"), "{said}");
    assert!(said.contains("Phụ lục II"), "{said}");

    // Column C, the day of the screening, is still asked.
    let mut undated = h.clone();
    if let Some(a) = undated.phieu_a.as_mut() {
        a.screened_on = None;
    }
    assert!(validate(&undated)
        .iter()
        .any(|f| f.path == "phieu_a.screened_on" && f.code == "unanswered"));

    // Three «có»: mã 1, on to Phiếu B, which must then be answered.
    let three = [true, true, true, false, false, false, false, false, false];
    let go_on = stopped_by_phieu_a(three);
    assert!(!can_complete(&validate(&go_on)));
    assert!(classified(&go_on, "nd07-2021", Method::Score).is_provisional());
}

#[test]
fn an_unreadable_answer_with_a_v1_default_reads_as_not_answered() {
    let mut value: serde_json::Value = serde_json::from_str(&to_json(&baseline())).expect("json");
    value["members"][0]["internet"] = serde_json::json!("có");
    value["assets"]["radio"] = serde_json::json!("một");
    let (h, findings) = rasoat_domain::read_draft(&value);
    let h = h.unwrap_or_else(|| panic!("read: {findings:?}"));
    // Neither reads as the v1 default (no internet, no radio) that nobody answered.
    assert_eq!(h.members[0].internet, None);
    assert_eq!(h.assets.radio, None);
    let mut paths: Vec<&str> = findings.iter().map(|f| f.path.as_str()).collect();
    paths.sort_unstable();
    assert_eq!(paths, ["assets.radio", "members[0].internet"]);
}
