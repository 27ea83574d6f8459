//! The round's method on the command line (`rounds open --method`, shown by `rounds list`),
//! both methods side by side (`classify --method both`), and Phiếu A's stored verdict in
//! `households show`.

mod common;

use std::path::PathBuf;

use rasoat_domain::phieu_a::{phieu_a, PhieuARules};
use rasoat_store::{RoundKind, SurveyResult};

use common::{ok, rasoat, repo};

#[test]
fn rounds_record_their_method_default_or_chosen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("xa.sqlite");
    ok(&rasoat(
        &db,
        &["init", "--role", "commune", "--unit", "00721"],
    ));
    // NĐ 07/2021 has a score table: score by default.
    let opened = ok(&rasoat(&db, &["rounds", "open", "--year", "2025"]));
    assert!(opened.contains("phương pháp score"), "{opened}");
    let opened = ok(&rasoat(
        &db,
        &[
            "rounds", "open", "--year", "2025", "--kind", "regular", "--month", "11", "--method",
            "income",
        ],
    ));
    assert!(opened.contains("phương pháp income"), "{opened}");
    // QĐ 59/2015 has none: income by default.
    let opened = ok(&rasoat(&db, &["rounds", "open", "--year", "2020"]));
    assert!(opened.contains("phương pháp income"), "{opened}");
    let bad = rasoat(
        &db,
        &["rounds", "open", "--year", "2024", "--method", "guess"],
    );
    assert!(!bad.status.success());

    let list = ok(&rasoat(&db, &["rounds", "list"]));
    let methods: Vec<(String, String)> = list
        .lines()
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            (cols[1].to_string(), cols[3].to_string())
        })
        .collect();
    assert!(
        methods.contains(&("2025 định kỳ".into(), "score".into())),
        "{list}"
    );
    assert!(
        methods.contains(&("2025-11 thường xuyên".into(), "income".into())),
        "{list}"
    );
    assert!(
        methods.contains(&("2020 định kỳ".into(), "income".into())),
        "{list}"
    );
}

#[test]
fn classify_shows_both_methods_when_asked() {
    let db = PathBuf::from("unused.sqlite");
    let with_income = "examples/households/03-trung-binh-thu-nhap-do-duoc.json";
    let out = rasoat(
        &db,
        &[
            "classify",
            "--year",
            "2024",
            "--method",
            "both",
            "--json",
            with_income,
        ],
    );
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(r[0]["classifications"][0]["method"], "score");
    assert_eq!(r[0]["classifications"][0]["class"], "middle");
    assert_eq!(r[0]["informative"][0]["method"], "income", "{r}");
    let text = ok(&rasoat(
        &db,
        &[
            "classify",
            "--year",
            "2024",
            "--method",
            "both",
            with_income,
        ],
    ));
    assert!(
        text.contains("Kết quả: HỘ CÓ MỨC SỐNG TRUNG BÌNH"),
        "{text}"
    );
    assert!(
        text.contains("Tham khảo, không chính thức (phương pháp đo thu nhập)"),
        "{text}"
    );

    // Without a measured income only the official method is shown.
    let score_only = "examples/households/01-ngheo-diem-a-90.json";
    let out = rasoat(
        &db,
        &[
            "classify", "--year", "2024", "--method", "both", "--json", score_only,
        ],
    );
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(r[0]["classifications"][0]["class"], "poor");
    assert!(r[0]["informative"][0].is_null(), "{r}");
    let text = ok(&rasoat(
        &db,
        &["classify", "--year", "2024", "--method", "both", score_only],
    ));
    assert!(!text.contains("Tham khảo"), "{text}");
}

#[test]
fn households_show_prints_the_stored_phieu_a_verdict() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("xa.sqlite");
    let text =
        std::fs::read_to_string(repo().join("examples/households/02-can-ngheo-hai-thieu-hut.json"))
            .expect("example");
    let household = rasoat_domain::from_json(&text).expect("household");
    let at = 1_730_000_000_000;
    {
        let mut store = common::protect(&db);
        store.load_reference_units().expect("units");
        store
            .init_installation(rasoat_domain::workflow::Role::Commune, "00730", "x", at)
            .expect("init");
        let round = store
            .open_round(2024, RoundKind::Periodic, None, "nd07-2021", "x", at)
            .expect("round");
        let outcome = household
            .phieu_a
            .as_ref()
            .map(|a| phieu_a(a, &PhieuARules::default()));
        let result = SurveyResult {
            standard_id: "nd07-2021".into(),
            method: "score".into(),
            class: "near_poor".into(),
            score_a: Some(90),
            score_b: Some(20),
            deprived: vec![],
            phieu_a: None,
        }
        .with_phieu_a(outcome.as_ref());
        store
            .save_household(&round.id, &household, Some(&result), "x", at)
            .expect("save");
    }
    let shown = ok(&rasoat(
        &db,
        &["households", "show", &household.id.to_string()],
    ));
    let record: serde_json::Value = serde_json::from_str(&shown).expect("json");
    // Example 02 answered one "có": it goes on to Phiếu B.
    assert_eq!(
        record["result"]["phieu_a"]["result"], "review_with_phieu_b",
        "{shown}"
    );
    assert_eq!(record["result"]["phieu_a"]["yes_count"], 1);
}
