//! A standard's own point table in the office's standards file: it scores the standard's
//! households with its own cut-offs, the panel names it, and a file that would have TT 07's
//! points decide new lines (a score rule without a table of its own, other cut-offs without a
//! table) or that carries a faulty table is refused. The table here is synthetic: NĐ 351/2025's
//! real table is not published.

use rasoat_domain::classify::{classify, Class, Method, Settings};
use rasoat_domain::messages::{render, Lang};
use rasoat_domain::office_standards::{
    installation_standards, read_office_file, OfficeStandardsError,
};
use rasoat_domain::round::classify_opening;
use rasoat_domain::standard::{Standard, Standards};
use rasoat_domain::testkit::baseline;
use serde_json::{json, Value};

const TT07_TABLE: &str = include_str!("../../../assets/scoring/tt07-2021-b1-points.json");

/// A synthetic table in TT 07's layout: every row worth `points(key)` in every column, item 15
/// worth nothing. Not NĐ 351's table, which is not published; its source says so.
fn synthetic_table(points: impl Fn(&str) -> i32) -> Value {
    let mut table: Value = serde_json::from_str(TT07_TABLE).expect("shipped table");
    table["id"] = "thu-nghiem-nd351-b1".into();
    table["title_vi"] = "Bảng điểm thử nghiệm (giả lập, không phải bảng của NĐ 351)".into();
    table["source"] = json!({
        "text_vi": "Bảng giả lập cho kiểm thử; bảng điểm của NĐ 351/2025 chưa được công bố",
        "gazette": "không có"
    });
    table["misprints"] = json!([]);
    table["sheet_notes"] = json!([]);
    for section in table["sections"].as_array_mut().expect("sections") {
        for row in section["rows"].as_array_mut().expect("rows") {
            let p = points(row["key"].as_str().expect("key"));
            for value in row["points"].as_object_mut().expect("points").values_mut() {
                *value = p.into();
            }
        }
    }
    for row in table["urban_region"]["rows"].as_array_mut().expect("rows") {
        row["points"] = 0.into();
    }
    table
}

/// Points of the test table: 10 a member (rows `s1.people_1` … `_7`), 15 for one motorbike,
/// 30 for two, 5 for one colour TV; every other row 0.
fn test_points(key: &str) -> i32 {
    match key {
        "s12.motorbike_1" => 15,
        "s12.motorbike_2" => 30,
        "s12.color_tv_1" => 5,
        _ => key
            .strip_prefix("s1.people_")
            .and_then(|n| n.parse::<i32>().ok())
            .map_or(0, |n| 10 * n),
    }
}

/// The test table's own cut-offs: a rural household at or below 60 points, an urban one at or
/// below 70, is income-poor; 10 points a deprivation, poor from 30.
fn test_cut_offs() -> Value {
    json!({"a_max_rural": 60, "a_max_urban": 70, "b_per_deprivation": 10, "b_min_poor": 30})
}

/// An office's file giving NĐ 351/2025 (as shipped) its method, with `edit` applied.
fn nd351_file(edit: impl FnOnce(&mut Value)) -> String {
    let mut all = Standards::national();
    all.standards.retain(|s| s.id == "nd351-2025");
    let mut doc = serde_json::to_value(&all).expect("json");
    doc["standards"][0]["official_method"] = "Thông tư hướng dẫn (tệp thử)".into();
    edit(&mut doc["standards"][0]);
    doc.to_string()
}

fn with_table(s: &mut Value) {
    s["score"] = test_cut_offs();
    s["score_table"] = synthetic_table(test_points);
}

fn read(text: &str) -> Result<Standards, OfficeStandardsError> {
    read_office_file(text, &Standards::national())
}

fn nd351_with_table() -> Standard {
    let file = read(&nd351_file(with_table)).expect("accepted");
    installation_standards(Standards::national(), vec![file])
        .by_id("nd351-2025")
        .cloned()
        .expect("nd351")
}

#[test]
fn the_standards_own_table_scores_with_its_own_cut_offs_and_is_named() {
    let nd351 = nd351_with_table();
    // The baseline: 4 members (40), one motorbike (15), one colour TV (5), nothing else in the
    // test table: 40 + 15 + 5 = 60 ≤ 60, deprived on nothing (B 0 < 30): near-poor.
    let h = baseline();
    let c = classify(&h, &nd351, Method::Score, &Settings::default()).expect("scored");
    assert_eq!(c.score_a.as_ref().map(|a| a.total), Some(60));
    assert_eq!(c.score_b, Some(0));
    assert_eq!(c.class, Class::NearPoor);
    let said: Vec<String> = c.caveats.iter().map(|m| render(Lang::Vi, m)).collect();
    assert!(
        said.iter()
            .any(|s| s.contains("thu-nghiem-nd351-b1") && s.contains("giả lập")),
        "{said:?}"
    );
    // A second motorbike: 40 + 30 + 5 = 75 > 60, not income-poor.
    let mut richer = baseline();
    richer.assets.motorbike = Some(2);
    let c = classify(&richer, &nd351, Method::Score, &Settings::default()).expect("scored");
    assert_eq!(c.score_a.as_ref().map(|a| a.total), Some(75));
    assert!(!matches!(c.class, Class::Poor | Class::NearPoor), "{c:?}");

    // TT 07's own standard still scores on TT 07's table and names no other.
    let nd07 = Standards::national()
        .by_id("nd07-2021")
        .cloned()
        .expect("nd07");
    let c = classify(&h, &nd07, Method::Score, &Settings::default()).expect("scored");
    assert_ne!(c.score_a.as_ref().map(|a| a.total), Some(60));
    assert!(c
        .caveats
        .iter()
        .all(|m| !render(Lang::Vi, m).contains("bảng điểm riêng")));
}

#[test]
fn the_opening_list_is_scored_on_the_standards_own_table() {
    let nd351 = nd351_with_table();
    let mut h = baseline();
    // No measured income: only a score can classify it.
    h.income = None;
    let opening = classify_opening(&h, &nd351, 2027, Method::Score, &Settings::default());
    assert!(opening.official);
    let c = opening.classification.expect("classified by score");
    assert_eq!(c.method, Method::Score);
    assert_eq!(c.score_a.map(|a| a.total), Some(60));
    assert_eq!(c.class, Class::NearPoor);
}

#[test]
fn tt07s_points_never_decide_another_standards_lines() {
    // TT 07's own cut-offs, but no table of NĐ 351's own: TT 07's points would decide.
    let err = read(&nd351_file(|s| {
        s["score"] =
            json!({"a_max_rural": 140, "a_max_urban": 175, "b_per_deprivation": 10, "b_min_poor": 30});
    }))
    .expect_err("no table of its own");
    assert!(
        matches!(err, OfficeStandardsError::ScoreWithoutTable { .. }),
        "{err}"
    );
    let said = err.to_string();
    assert!(said.contains("không kèm bảng điểm riêng") && said.contains(" / "));

    // Other cut-offs without a table: TT 07's points rescaled.
    let err = read(&nd351_file(|s| s["score"] = test_cut_offs())).expect_err("rescaled");
    assert!(
        matches!(err, OfficeStandardsError::RescaledScore { .. }),
        "{err}"
    );

    // A new local standard is held to the same rule.
    let err = read(&nd351_file(|s| {
        s["id"] = "dia-phuong-thu".into();
        s["scope"] = "local".into();
        s["province"] = "08".into();
        s["score"] =
            json!({"a_max_rural": 140, "a_max_urban": 175, "b_per_deprivation": 10, "b_min_poor": 30});
    }))
    .expect_err("no table of its own");
    assert!(
        matches!(err, OfficeStandardsError::ScoreWithoutTable { .. }),
        "{err}"
    );

    // TT 07's own standard keeps TT 07's published table.
    let mut all = serde_json::to_value(Standards::national()).expect("json");
    all["standards"][1]["score_table"] = synthetic_table(test_points);
    let err = read(&all.to_string()).expect_err("nd07's table replaced");
    assert!(
        matches!(err, OfficeStandardsError::ConfirmedFactChanged { .. }),
        "{err}"
    );
}

#[test]
fn a_faulty_table_is_refused_in_plain_words() {
    // A row missing.
    let err = read(&nd351_file(|s| {
        with_table(s);
        s["score_table"]["sections"][0]["rows"]
            .as_array_mut()
            .expect("rows")
            .remove(0);
    }))
    .expect_err("missing row");
    assert!(
        matches!(err, OfficeStandardsError::BadScoreTable { .. }),
        "{err}"
    );
    let said = err.to_string();
    assert!(said.contains("thiếu dòng `s1.people_1`"), "{said}");
    assert!(said.contains("lacks row `s1.people_1`"), "{said}");

    // Not a point table at all: the refusal names where, never the parser's text.
    let err = read(&nd351_file(|s| {
        with_table(s);
        s["score_table"]["sections"][0]["rows"][0]["points"]["dbsh"] = "nhiều".into();
    }))
    .expect_err("malformed");
    match &err {
        OfficeStandardsError::Malformed { path } => assert!(path.contains("score_table"), "{path}"),
        other => panic!("{other}"),
    }
    assert!(!err.to_string().contains("invalid type"), "{err}");

    // A table without its own cut-offs.
    let err = read(&nd351_file(|s| {
        s["score_table"] = synthetic_table(test_points)
    }))
    .expect_err("no cut-offs");
    assert!(
        matches!(err, OfficeStandardsError::BadScoreTable { .. }),
        "{err}"
    );
}
