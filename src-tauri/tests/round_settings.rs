//! The window classifies by the round's settings, as the office set them, and its panel names
//! them: a household whose land rows add up by default scores by the highest row only.

mod common;
use common::{boot, call};

use std::path::PathBuf;

use rasoat_domain::classify::{classify, Method, Settings};
use rasoat_domain::round_settings::set;
use rasoat_domain::standard::Standards;
use serde_json::{json, Value};

fn district_store(name: &str, settings: &Settings) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("rasoat-desktop-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("store.sqlite");
    let at = 1_730_000_000_000;
    let mut store = rasoat_store::Store::open(&path).expect("open");
    store.load_reference_units().expect("units");
    store
        .init_installation(
            rasoat_domain::workflow::Role::District,
            "026",
            "Cán bộ thử",
            at,
        )
        .expect("init");
    store
        .set_preference("user_name", "Cán bộ thử")
        .expect("name");
    let round = store
        .open_round(
            2024,
            rasoat_store::RoundKind::Periodic,
            None,
            "nd07-2021",
            "Cán bộ thử",
            at,
        )
        .expect("round");
    store
        .set_round_settings(&round.id, settings, "Cán bộ thử", at + 1)
        .expect("settings");
    path
}

fn household() -> Value {
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../examples/households/01-ngheo-diem-a-90.json"),
    )
    .expect("example");
    let mut h: Value = serde_json::from_str(&text).expect("json");
    // Two land types in a scored band: section 13 has two rows.
    h["land"] = json!({"garden_pond": 400.0, "perennial_crops": 2000.0});
    h
}

fn score_by(settings: &Settings) -> i32 {
    let h = rasoat_domain::from_json(&household().to_string()).expect("household");
    let standards = Standards::national();
    let nd07 = standards.by_id("nd07-2021").expect("nd07");
    classify(&h, nd07, Method::Score, settings)
        .expect("classifies")
        .score_a
        .expect("score A")
        .total
}

#[test]
fn the_panel_classifies_by_the_round_s_settings_and_names_them() {
    let settings = set(&Settings::default(), "score.section_13", "highest_row").expect("set");
    assert_ne!(score_by(&settings), score_by(&Settings::default()));
    let (_app, w) = boot(district_store("settings", &settings));
    let eval = call(&w, "evaluate", json!({"household": household()})).expect("evaluate");
    assert_eq!(
        eval["classification"]["score_a"]["total"],
        score_by(&settings),
        "{eval}"
    );
    let readings = eval["readings"].as_array().expect("readings");
    let land = readings
        .iter()
        .find(|r| r["setting"] == "score.section_13")
        .expect("section 13's reading");
    assert_eq!(land["chosen_vi"], "chỉ lấy dòng điểm cao nhất", "{land}");
    assert_eq!(land["is_default"], false);
    let working = readings
        .iter()
        .find(|r| r["setting"] == "score.working_age")
        .expect("working age");
    assert_eq!(working["is_default"], true);
    // The 2024 round consults the district's chairman before the commune's recognises.
    let procedure = eval["procedure"].as_array().expect("procedure");
    let consulted = procedure
        .iter()
        .find(|p| p["key"] == "procedure.consulted")
        .expect("who is consulted");
    assert_eq!(consulted["value"], "district_chairman", "{consulted}");
    assert_eq!(consulted["reading"]["is_default"], true);
    assert_eq!(consulted["unclear_in_text"], false);
    let recognises = procedure
        .iter()
        .find(|p| p["key"] == "procedure.recognised_by")
        .expect("who recognises");
    assert_eq!(
        recognises["reading"]["chosen_vi"], "Chủ tịch UBND cấp xã",
        "{recognises}"
    );
}
