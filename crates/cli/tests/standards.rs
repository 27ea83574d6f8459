//! `rasoat standards load|list`: the office's standards file kept for the installation, then
//! used by `rasoat classify --db` for the 2026 transition round's opening list; faulty files and
//! a commune's installation refused in plain Vietnamese and English, every table unchanged.

mod common;

use std::path::Path;

use common::{failed, ok, path, rasoat, unlock};
use rasoat_domain::standard::Standards;

const HOUSEHOLD: &str = "examples/households/03-trung-binh-thu-nhap-do-duoc.json";

/// NĐ 351/2025 as shipped, edited as an office's file, written to `dir/name`.
fn file(dir: &Path, name: &str, edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut all = Standards::national();
    all.standards.retain(|s| s.id == "nd351-2025");
    let mut doc = serde_json::to_value(&all).expect("json");
    edit(&mut doc["standards"][0]);
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_string_pretty(&doc).expect("text")).expect("write");
    path(&p).to_string()
}

fn with_method(s: &mut serde_json::Value) {
    s["official_method"] = "Thông tư hướng dẫn phương pháp rà soát (tệp thử)".into();
}

/// The opening list `rasoat classify --db` gives the example household in a 2026 round.
fn opening(db: &Path) -> serde_json::Value {
    let out = ok(&rasoat(
        db,
        &[
            "classify",
            "--db",
            path(db),
            "--year",
            "2026",
            "--json",
            &common::repo().join(HOUSEHOLD).display().to_string(),
        ],
    ));
    let r: serde_json::Value = serde_json::from_str(&out).expect("json");
    r[0]["round"]["opening"].clone()
}

#[test]
fn the_loaded_method_decides_the_2026_round_s_opening_list() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("huyen.sqlite");
    ok(&rasoat(
        &db,
        &["init", "--role", "district", "--unit", "026"],
    ));
    let listed = ok(&rasoat(&db, &["standards", "list"]));
    assert!(listed.contains("chưa nạp tệp chuẩn nghèo nào"), "{listed}");
    assert!(
        listed.contains("nd351-2025 (2027–2030")
            && listed.contains("chưa có phương pháp chính thức"),
        "{listed}"
    );

    // Before: NĐ 351 names no method. The example's measured income, 2,000,000 đồng a person
    // a month, is at or below the rural line of 2,200,000, and only the two sourced
    // indicators (employment, dependants) are counted, neither deprived: "poor or near-poor",
    // shown as near-poor with that caveat, not recognisable.
    let before = opening(&db);
    assert_eq!(before["official"], false);
    assert_eq!(before["classification"]["class"], "near_poor");
    assert_eq!(
        before["classification"]["indicators"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );

    let loaded = ok(&rasoat(
        &db,
        &[
            "standards",
            "load",
            &file(dir.path(), "nd351.json", with_method),
        ],
    ));
    assert!(
        loaded.contains("đã nạp tệp chuẩn nghèo nd351.json (sha256 "),
        "{loaded}"
    );
    let listed = ok(&rasoat(&db, &["standards", "list"]));
    assert!(listed.contains("tệp sha256 "), "{listed}");
    assert!(
        listed.contains("phương pháp chính thức / official method: Thông tư hướng dẫn"),
        "{listed}"
    );

    // After: the method is the office's, so all twelve indicators count. The same income is
    // at or below 2,200,000; none of the eleven answered indicators is deprived and only waste
    // handling is unanswered, so at most 1 < 3 deprivations: near-poor, by income, whatever the
    // last answer says.
    let after = opening(&db);
    assert_eq!(after["official"], true);
    let c = &after["classification"];
    assert_eq!(c["class"], "near_poor");
    assert_eq!(c["method"], "income");
    assert_eq!(c["income"]["poverty_line"], 2_200_000);
    assert_eq!(c["indicators"].as_array().map(Vec::len), Some(12));
    let caveats = c["caveats_text"].to_string();
    assert!(
        !caveats.contains("chưa có phương pháp chính thức"),
        "{caveats}"
    );
}

/// Every table's digest; the action log's apart from each run's sign-in row, with no row of a
/// loaded file in it.
fn digests(db: &Path) -> std::collections::BTreeMap<String, String> {
    let store = unlock(db);
    let loads = store
        .actions(1000)
        .expect("actions")
        .iter()
        .filter(|a| a.event == rasoat_store::ActionEvent::SettingsChanged)
        .count();
    assert_eq!(loads, 0, "no file was loaded");
    let mut all = store.table_digests().expect("digests");
    all.remove("action_log");
    all
}

#[test]
fn faulty_files_and_a_commune_are_refused_with_every_table_unchanged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("huyen.sqlite");
    ok(&rasoat(
        &db,
        &["init", "--role", "district", "--unit", "026"],
    ));
    let malformed = dir.path().join("hong.json");
    std::fs::write(
        &malformed,
        "{\"format\": \"standards.v1\", \"standards\": [{\"id\": 7}]}",
    )
    .expect("write");
    let rescaled = file(dir.path(), "quy-doi.json", |s| {
        with_method(s);
        s["score"] = serde_json::json!({
            "a_max_rural": 205, "a_max_urban": 245, "b_per_deprivation": 10, "b_min_poor": 30
        });
    });
    let mut all = serde_json::to_value(Standards::national()).expect("json");
    all["standards"][1]["rural"]["poverty"] = 1_600_000.into();
    let nd07 = dir.path().join("nd07-sua.json");
    std::fs::write(&nd07, all.to_string()).expect("write");

    let before = digests(&db);
    for (f, vi, en) in [
        (
            path(&malformed).to_string(),
            "sai dạng",
            "is not in the standards.v1 form",
        ),
        (rescaled, "không được quy đổi", "never rescaled"),
        (
            path(&nd07).to_string(),
            "đổi điều đã xác nhận",
            "changes a confirmed fact",
        ),
    ] {
        let err = failed(&rasoat(&db, &["standards", "load", &f]));
        assert!(err.contains(vi) && err.contains(en), "{err}");
        assert!(!err.contains("invalid type"), "no parser text: {err}");
        assert_eq!(digests(&db), before, "{err}");
    }

    let xa = dir.path().join("xa.sqlite");
    ok(&rasoat(
        &xa,
        &["init", "--role", "commune", "--unit", "00721"],
    ));
    let before = digests(&xa);
    let err = failed(&rasoat(
        &xa,
        &[
            "standards",
            "load",
            &file(dir.path(), "nd351.json", with_method),
        ],
    ));
    assert!(err.contains("chỉ máy của huyện hoặc tỉnh"), "{err}");
    assert_eq!(digests(&xa), before);
}

/// A synthetic point table in TT 07's layout (NĐ 351's own is not published): 30 points for a
/// household of 3 (`s1.people_3`), 20 for two motorbikes (`s12.motorbike_2`), every other row
/// and item 15 worth nothing.
fn synthetic_table() -> serde_json::Value {
    let text =
        std::fs::read_to_string(common::repo().join("assets/scoring/tt07-2021-b1-points.json"))
            .expect("shipped table");
    let mut table: serde_json::Value = serde_json::from_str(&text).expect("table");
    table["id"] = "thu-nghiem-nd351-b1".into();
    table["title_vi"] = "Bảng điểm thử nghiệm (giả lập, không phải bảng của NĐ 351)".into();
    table["source"] = serde_json::json!({
        "text_vi": "Bảng giả lập cho kiểm thử; bảng điểm của NĐ 351/2025 chưa được công bố",
        "gazette": "không có"
    });
    table["misprints"] = serde_json::json!([]);
    table["sheet_notes"] = serde_json::json!([]);
    for section in table["sections"].as_array_mut().expect("sections") {
        for row in section["rows"].as_array_mut().expect("rows") {
            let p = match row["key"].as_str() {
                Some("s1.people_3") => 30,
                Some("s12.motorbike_2") => 20,
                _ => 0,
            };
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

#[test]
fn a_loaded_table_of_nd351_s_own_scores_the_opening_list() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("huyen.sqlite");
    ok(&rasoat(
        &db,
        &["init", "--role", "district", "--unit", "026"],
    ));
    let with_table = file(dir.path(), "nd351-bang-diem.json", |s| {
        with_method(s);
        s["score"] = serde_json::json!({"a_max_rural": 60, "a_max_urban": 70, "b_per_deprivation": 10, "b_min_poor": 30});
        s["score_table"] = synthetic_table();
    });
    ok(&rasoat(&db, &["standards", "load", &with_table]));
    let listed = ok(&rasoat(&db, &["standards", "list"]));
    assert!(
        listed.contains("bảng điểm riêng của chuẩn, trong tệp")
            && listed.contains("(`thu-nghiem-nd351-b1`)")
            && listed.contains("60 (nông thôn / rural), 70 (thành thị / urban)"),
        "{listed}"
    );

    // The example: 3 members (30) and two motorbikes (20), nothing else in the test table:
    // score A 50 ≤ 60; none of its answered indicators is deprived and only waste handling is
    // unanswered, so score B is at most 10 < 30: near-poor by score, though its measured
    // income is not what decides.
    let after = opening(&db);
    assert_eq!(after["official"], true);
    let c = &after["classification"];
    assert_eq!(c["method"], "score");
    assert_eq!(c["score_a"]["total"], 50);
    assert_eq!(c["class"], "near_poor");
    let caveats = c["caveats_text"].to_string();
    assert!(caveats.contains("thu-nghiem-nd351-b1"), "{caveats}");

    // A file for one run (`--standards`) is held to the same rule: NĐ 351 with TT 07's cut-offs
    // and no table of its own would have TT 07's points decide its lines.
    let without_table = file(dir.path(), "nd351-khong-bang.json", |s| {
        with_method(s);
        s["score"] = serde_json::json!({"a_max_rural": 140, "a_max_urban": 175, "b_per_deprivation": 10, "b_min_poor": 30});
    });
    let err = failed(&common::rasoat_without_store(&[
        "classify",
        "--standards",
        &without_table,
        "--year",
        "2026",
        &common::repo().join(HOUSEHOLD).display().to_string(),
    ]));
    assert!(
        err.contains("không kèm bảng điểm riêng") && err.contains("without a score table"),
        "{err}"
    );
}
