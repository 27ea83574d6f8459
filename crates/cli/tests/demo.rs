//! `rasoat demo generate` end to end: 200 households over two years into a temporary store
//! (rounds opened, every household saved and classified), the same into files, and the
//! refusal when no destination is given; `--province` (its region in score A, and the refusal
//! in a commune installation of another province).

mod common;

use rasoat_store::Store;

use common::{outcome, rasoat_without_store};

fn rasoat(args: &[&str], db_env: Option<&std::path::Path>) -> (i32, String, String) {
    outcome(&match db_env {
        Some(db) => common::rasoat(db, args),
        None => rasoat_without_store(args),
    })
}

fn count(store: &Store, sql: &str, round_id: &str) -> i64 {
    store
        .sql_for_tests()
        .query_row(sql, [round_id], |r| r.get(0))
        .expect("count query")
}

#[test]
fn demo_households_land_in_a_store_one_round_per_year_all_classified() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("demo.sqlite");
    let db_arg = db.to_string_lossy().into_owned();
    let (code, stdout, stderr) = rasoat(
        &[
            "demo",
            "generate",
            "--households",
            "200",
            "--seed",
            "4",
            "--years",
            "2023,2024",
            "--db",
            &db_arg,
        ],
        None,
    );
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(stdout.contains("2023 [nd07-2021]: 200 hộ"), "{stdout}");
    assert!(stdout.contains("2024 [nd07-2021]: 200 hộ"), "{stdout}");

    let store = common::unlock(&db);
    let rounds = store.rounds().expect("rounds");
    assert_eq!(rounds.len(), 2);
    for round in &rounds {
        assert_eq!(round.standard_id, "nd07-2021");
        let records = count(
            &store,
            "SELECT COUNT(*) FROM survey_record WHERE round_id = ?1",
            &round.id,
        );
        assert_eq!(records, 200, "records in {}", round.year);
        let households = count(
            &store,
            "SELECT COUNT(DISTINCT household_id) FROM survey_record WHERE round_id = ?1",
            &round.id,
        );
        assert_eq!(households, 200);
    }
    // The same 200 households in both rounds.
    let distinct: i64 = store
        .sql_for_tests()
        .query_row(
            "SELECT COUNT(DISTINCT household_id) FROM survey_record",
            [],
            |r| r.get(0),
        )
        .expect("distinct households");
    assert_eq!(distinct, 200);

    // Every record carries the domain's class.
    let round = &rounds[0];
    let mut poor = 0;
    let ids: Vec<String> = {
        let mut stmt = store
            .sql_for_tests()
            .prepare("SELECT household_id FROM survey_record WHERE round_id = ?1")
            .expect("prepare");
        let rows = stmt
            .query_map([&round.id], |r| r.get::<_, String>(0))
            .expect("query");
        rows.map(|r| r.expect("row")).collect()
    };
    for id in &ids {
        let record = store.survey_record(id, &round.id).expect("record");
        let result = record.result.expect("classified");
        assert_eq!(result.standard_id, "nd07-2021");
        if result.class == "poor" {
            poor += 1;
        }
        assert!(record.answers.is_some());
    }
    assert!((40..=140).contains(&poor), "poor households: {poor} of 200");

    // Again with RASOAT_DB: the rounds exist, are reused, and the records are updated.
    let (code, stdout, stderr) = rasoat(
        &[
            "demo",
            "generate",
            "--households",
            "200",
            "--seed",
            "4",
            "--year",
            "2023",
        ],
        Some(&db),
    );
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let store = common::unlock(&db);
    assert_eq!(store.rounds().expect("rounds").len(), 2);
}

#[test]
fn demo_households_can_be_written_as_household_v1_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().to_string_lossy().into_owned();
    let (code, stdout, stderr) = rasoat(
        &[
            "demo",
            "generate",
            "--households",
            "20",
            "--year",
            "2022",
            "--out-dir",
            &out,
        ],
        None,
    );
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let files: Vec<_> = std::fs::read_dir(dir.path().join("2022"))
        .expect("year folder")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(files.len(), 20);
    for f in &files {
        let text = std::fs::read_to_string(f).expect("readable");
        rasoat_domain::from_json(&text).expect("a household.v1 document");
    }
    // The files classify with `rasoat classify` without errors.
    let first = files[0].to_string_lossy().into_owned();
    let (code, stdout, stderr) = rasoat(&["classify", "--json", &first], None);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
}

#[test]
fn demo_generate_needs_a_destination() {
    let (code, _, stderr) = rasoat(&["demo", "generate", "--households", "5"], None);
    assert_ne!(code, 0);
    assert!(stderr.contains("--out-dir"), "{stderr}");
}

#[test]
fn a_commune_installation_gets_its_own_communes_households_with_ids_of_its_own() {
    let dir = tempfile::tempdir().expect("temp dir");
    let households_of = |name: &str| -> Vec<(String, String)> {
        let site = common::installation(dir.path(), name, "commune", "00721", None);
        common::ok(&common::rasoat(
            &site.db,
            &[
                "demo",
                "generate",
                "--households",
                "40",
                "--seed",
                "3",
                "--year",
                "2025",
            ],
        ));
        let store = common::unlock(&site.db);
        let mut stmt = store
            .sql_for_tests()
            .prepare("SELECT id, commune_code FROM household ORDER BY id")
            .expect("prepare");
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("query");
        rows.map(|r| r.expect("row")).collect()
    };
    let first = households_of("first");
    assert_eq!(first.len(), 40);
    // Xã Đồng Văn (00721) became part of the new xã Đồng Văn on 1 July 2025: the 2025 round
    // carries the new commune's code, and nothing of any other commune.
    let codes: std::collections::BTreeSet<&str> = first.iter().map(|(_, c)| c.as_str()).collect();
    let own: Vec<String> = rasoat_demo::communes_of("00721")
        .iter()
        .map(|c| c.successor_code.clone())
        .collect();
    assert!(
        codes.iter().all(|c| own.iter().any(|o| o == c)),
        "{codes:?} vs {own:?}"
    );
    // The same seed into another installation: other households as far as ids go.
    let second = households_of("second");
    assert_eq!(second.len(), 40);
    let first_ids: std::collections::BTreeSet<&str> =
        first.iter().map(|(id, _)| id.as_str()).collect();
    assert!(second
        .iter()
        .all(|(id, _)| !first_ids.contains(id.as_str())));
}

#[test]
fn province_gives_households_of_that_province_scored_in_its_region() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("files");
    let out_arg = out.to_string_lossy().into_owned();
    // TP Hồ Chí Minh: a centrally-run city of ĐNB, with rural and urban households.
    let (code, stdout, stderr) = rasoat(
        &[
            "demo",
            "generate",
            "--households",
            "30",
            "--province",
            "79",
            "--year",
            "2023",
            "--out-dir",
            &out_arg,
        ],
        None,
    );
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    // Said plainly: only the province code is real.
    assert!(
        stdout.contains("mã xã 00000 không phải mã thật"),
        "{stdout}"
    );
    let mut rows = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(out.join("2023")).expect("year folder") {
        let file = entry.expect("entry").path();
        let (code, stdout, stderr) = rasoat(&["classify", "--json", &file.to_string_lossy()], None);
        assert_eq!(code, 0, "{stdout}\n{stderr}");
        let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
        let result = &json[0]["classifications"][0];
        let a = &result["score_a"];
        let row = match a["column"].as_str() {
            Some("urban") => a["items"]
                .as_array()
                .expect("items")
                .iter()
                .filter_map(|i| i["key"].as_str())
                .find(|k| k.starts_with("s15."))
                .expect("item 15 for an urban household")
                .to_string(),
            other => other.expect("a column").to_string(),
        };
        rows.insert(row);
    }
    assert_eq!(
        rows,
        ["dnb", "s15.central_city"]
            .map(String::from)
            .into_iter()
            .collect()
    );

    // Into a store, which is a district installation of Đồng Văn (a new demo store becomes
    // one): households of its own unit only, so another province's are refused, pointing to
    // the files above, and nothing is saved.
    let db = dir.path().join("district.sqlite");
    let db_arg = db.to_string_lossy().into_owned();
    let (code, stdout, stderr) = rasoat(
        &[
            "demo",
            "generate",
            "--households",
            "30",
            "--province",
            "79",
            "--year",
            "2023",
            "--db",
            &db_arg,
        ],
        None,
    );
    assert_ne!(code, 0, "{stdout}\n{stderr}");
    assert!(
        stderr.contains("không tạo được hộ của tỉnh 79") && stderr.contains("--out-dir"),
        "{stderr}"
    );
    let store = common::unlock(&db);
    let households: i64 = store
        .sql_for_tests()
        .query_row("SELECT COUNT(*) FROM household", [], |r| r.get(0))
        .expect("count");
    assert_eq!(households, 0);
}

#[test]
fn a_commune_installation_refuses_households_of_another_province() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = common::installation(dir.path(), "commune", "commune", "00721", None);
    let households = |store: &Store| -> i64 {
        store
            .sql_for_tests()
            .query_row("SELECT COUNT(*) FROM household", [], |r| r.get(0))
            .expect("count")
    };
    let out = common::rasoat(
        &site.db,
        &[
            "demo",
            "generate",
            "--households",
            "10",
            "--province",
            "01",
            "--year",
            "2023",
        ],
    );
    let (code, stdout, stderr) = outcome(&out);
    assert_ne!(code, 0, "{stdout}");
    assert!(
        stderr.contains("không tạo được hộ của tỉnh 01") && stderr.contains("not of province 01"),
        "{stderr}"
    );
    assert_eq!(households(&common::unlock(&site.db)), 0);
    // Its own province, before or after the merger, gives its own commune's households.
    for province in ["02", "08"] {
        common::ok(&common::rasoat(
            &site.db,
            &[
                "demo",
                "generate",
                "--households",
                "10",
                "--province",
                province,
                "--year",
                "2025",
            ],
        ));
    }
    let store = common::unlock(&site.db);
    assert_eq!(households(&store), 10);
    let communes: i64 = store
        .sql_for_tests()
        .query_row(
            "SELECT COUNT(*) FROM household WHERE commune_code <> '00721'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(communes, 0);
}

#[test]
fn an_unknown_province_is_refused_plainly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out_arg = dir.path().to_string_lossy().into_owned();
    let (code, stdout, stderr) = rasoat(
        &[
            "demo",
            "generate",
            "--households",
            "5",
            "--province",
            "03",
            "--out-dir",
            &out_arg,
        ],
        None,
    );
    assert_ne!(code, 0, "{stdout}");
    assert!(
        stderr.contains("không có tỉnh mã `03`") && stderr.contains("`03` is not one of"),
        "{stderr}"
    );
    assert!(std::fs::read_dir(dir.path()).expect("dir").next().is_none());
}

/// Two seeds into one store: the second seed's households are other households (ids of their
/// own) whose codes continue after the highest each village already had, so no code is given
/// twice; the same seed again changes no household's code.
#[test]
fn two_seeds_into_one_store_never_repeat_a_household_code() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = common::installation(dir.path(), "xa", "commune", "00721", None);
    let generate = |seed: &str| {
        common::ok(&common::rasoat(
            &site.db,
            &[
                "demo",
                "generate",
                "--households",
                "150",
                "--seed",
                seed,
                "--years",
                "2024,2025",
            ],
        ));
    };
    let held = || -> Vec<(String, String)> {
        let store = common::unlock(&site.db);
        let mut stmt = store
            .sql_for_tests()
            .prepare("SELECT id, code FROM household ORDER BY id")
            .expect("prepare");
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("query");
        rows.map(|r| r.expect("row")).collect()
    };
    generate("1");
    let first = held();
    generate("2");
    let both = held();
    assert!(both.len() > first.len(), "the second seed added households");
    let ids: std::collections::BTreeSet<&str> = both.iter().map(|(id, _)| id.as_str()).collect();
    let codes: std::collections::BTreeSet<&str> =
        both.iter().map(|(_, code)| code.as_str()).collect();
    assert_eq!(ids.len(), both.len());
    assert_eq!(codes.len(), both.len(), "a household code was given twice");
    // The first seed's households kept their codes.
    for (id, code) in &first {
        assert!(both.contains(&(id.clone(), code.clone())), "{id} {code}");
    }
    generate("2");
    assert_eq!(held(), both, "the same seed again changes nothing");
}

/// Two laptops of one commune running the demo with the same seed: their households have
/// codes of their own, so the commune that receives both sees no duplicate code; each code is
/// still the village's code with a short tag and a number.
#[test]
fn two_installations_of_one_commune_share_no_household_code() {
    let dir = tempfile::tempdir().expect("temp dir");
    let codes_of = |name: &str| -> std::collections::BTreeSet<String> {
        let site = common::installation(dir.path(), name, "enumerator", "00721", None);
        common::ok(&common::rasoat(
            &site.db,
            &[
                "demo",
                "generate",
                "--households",
                "60",
                "--seed",
                "5",
                "--years",
                "2024,2025",
            ],
        ));
        let store = common::unlock(&site.db);
        let mut stmt = store
            .sql_for_tests()
            .prepare("SELECT code FROM household")
            .expect("prepare");
        let rows = stmt.query_map([], |r| r.get(0)).expect("query");
        rows.map(|r| r.expect("row")).collect()
    };
    let first = codes_of("may-1");
    let second = codes_of("may-2");
    assert_eq!(first.len(), 60, "{first:?}");
    assert_eq!(second.len(), 60, "{second:?}");
    let shared: Vec<&String> = first.intersection(&second).collect();
    assert!(shared.is_empty(), "codes on both laptops: {shared:?}");
    for code in first.iter().chain(&second) {
        let (prefix, number) = rasoat_store::household_codes::split_code(code)
            .unwrap_or_else(|| panic!("{code} ends in a number"));
        assert!(number > 0 && code.len() <= 24, "{code}");
        assert!(prefix.starts_with("007"), "{code}");
    }
}

/// Gia Lai (64), of Tây Nguyên, is part of the new Gia Lai with Bình Định from 1 July 2025:
/// its 2025 demo households carry the new code and come with the reading that scores them in
/// Tây Nguyên, which `rasoat classify --settings` then applies (Mẫu 3.3's Tây Nguyên column, and
/// item 15's Tây Nguyên row for urban households).
#[test]
fn a_tay_nguyen_province_after_the_merger_is_scored_in_tay_nguyen() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("files");
    let out_arg = out.to_string_lossy().into_owned();
    let (code, stdout, stderr) = rasoat(
        &[
            "demo",
            "generate",
            "--households",
            "30",
            "--province",
            "64",
            "--year",
            "2025",
            "--out-dir",
            &out_arg,
        ],
        None,
    );
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(!stdout.contains("unclassified"), "{stdout}");
    let settings = out.join("settings-64.json");
    assert!(stdout.contains("rasoat classify --settings"), "{stdout}");
    let mut rows = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(out.join("2025")).expect("year folder") {
        let file = entry.expect("entry").path();
        let (code, stdout, stderr) = rasoat(
            &[
                "classify",
                "--json",
                "--settings",
                &settings.to_string_lossy(),
                &file.to_string_lossy(),
            ],
            None,
        );
        assert_eq!(code, 0, "{stdout}\n{stderr}");
        let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
        let a = &json[0]["classifications"][0]["score_a"];
        let row = match a["column"].as_str() {
            Some("urban") => a["items"]
                .as_array()
                .expect("items")
                .iter()
                .filter_map(|i| i["key"].as_str())
                .find(|k| k.starts_with("s15."))
                .expect("item 15 for an urban household")
                .to_string(),
            other => other.expect("a column").to_string(),
        };
        rows.insert(row);
    }
    assert_eq!(
        rows,
        ["s15.tn", "tn"].map(String::from).into_iter().collect()
    );
}
