//! The store commands end to end, on the built `rasoat` binary: init, rounds, list import
//! (all-or-nothing, --skip-invalid, twice), list, show, export, review steps, reports.

mod common;

use common::{failed, ok, rasoat, unlock};

const LIST: &str = "\
STT,Họ và tên chủ hộ,Thôn/bản,Số thành viên,Hiện trạng,Lý do rà soát
1,Giàng Mí Pó,Thôn Má Lủng (thử),5,Hộ nghèo,
2,Vừ Thị Dính,Thôn Má Lủng (thử),3,Hộ cận nghèo,
3,,Thôn Sảng Pả (thử),4,Hộ nghèo,
";

#[test]
fn init_rounds_import_list_show_export_review_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("xa.sqlite");
    let db_flag = db.to_str().expect("utf-8 path");
    ok(&rasoat(
        &db,
        &[
            "init", "--db", db_flag, "--role", "commune", "--unit", "00721",
        ],
    ));
    let again = rasoat(&db, &["init", "--role", "commune", "--unit", "00721"]);
    assert!(!again.status.success(), "a store is initialised once");
    let opened = ok(&rasoat(&db, &["rounds", "open", "--year", "2025"]));
    assert!(opened.contains("nd07-2021"), "{opened}");

    let list = dir.path().join("ds.csv");
    std::fs::write(&list, LIST).expect("write list");
    let refused = rasoat(&db, &["households", "import", list.to_str().expect("path")]);
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("Dòng 4, cột «Họ và tên chủ hộ»"),
        "{stderr}"
    );
    assert!(stderr.contains("không nhập hộ nào"), "{stderr}");

    let imported = ok(&rasoat(
        &db,
        &[
            "households",
            "import",
            list.to_str().expect("path"),
            "--skip-invalid",
        ],
    ));
    assert!(imported.starts_with("đã nhập 2 hộ"), "{imported}");
    assert!(
        dir.path().join("ds.loi.csv").exists(),
        "error report written"
    );
    let twice = ok(&rasoat(
        &db,
        &[
            "households",
            "import",
            list.to_str().expect("path"),
            "--skip-invalid",
        ],
    ));
    assert!(twice.starts_with("đã nhập 0 hộ, 2 hộ đã có sẵn"), "{twice}");

    let listed = ok(&rasoat(&db, &["households", "list", "--json"]));
    let rows: serde_json::Value = serde_json::from_str(&listed).expect("json");
    let rows = rows.as_array().expect("array");
    assert_eq!(rows.len(), 2);
    let found = ok(&rasoat(
        &db,
        &["households", "list", "--search", "giang mi", "--json"],
    ));
    let found: serde_json::Value = serde_json::from_str(&found).expect("json");
    assert_eq!(found.as_array().map(Vec::len), Some(1));
    let id = found[0]["id"].as_str().expect("id").to_string();
    let shown = ok(&rasoat(&db, &["households", "show", &id]));
    assert!(shown.contains("\"head_name\": \"Giàng Mí Pó\""), "{shown}");
    let drafts = ok(&rasoat(&db, &["households", "list", "--status", "draft"]));
    assert_eq!(drafts.lines().count(), 3, "header and two rows");

    // Listed-only households have no answers yet: a completion is refused, clearly.
    let refused = rasoat(&db, &["households", "review", &id, "complete"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("chưa có phiếu"));

    let exported = ok(&rasoat(&db, &["households", "export", "--format", "json"]));
    assert_eq!(exported.trim(), "[]", "nothing surveyed yet");
    let csv = dir.path().join("xuat.csv");
    ok(&rasoat(
        &db,
        &[
            "households",
            "export",
            "--format",
            "csv",
            "--out",
            csv.to_str().expect("path"),
        ],
    ));
    assert!(std::fs::read_to_string(&csv)
        .expect("csv")
        .starts_with("format,id,code"));

    let report = ok(&rasoat(&db, &["households", "report", "--units", "new"]));
    assert!(
        report.contains("00721\tXã Đồng Văn\tunclassified\t2"),
        "{report}"
    );
    let units = ok(&rasoat(&db, &["units", "list"]));
    assert!(units.contains("00760\tXã Vần Chải"), "{units}");
}

#[test]
fn a_missing_store_is_named_in_vietnamese() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("none.sqlite");
    let output = rasoat(&db, &["households", "list"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("rasoat init"));
    assert!(!db.exists(), "listing must not create a store");
}

/// The same advice when the missing installation is found deep inside another error (the
/// server's keys need the installation), not only when the store says so directly.
#[test]
fn serve_on_an_uninitialised_store_says_to_run_init() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("none.sqlite");
    let output = rasoat(&db, &["serve", "--listen", "127.0.0.1:0"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("rasoat init"), "{stderr}");
}

/// A round of 2027 is decided by NĐ 351/2025, which names no official review method yet: its
/// households go through the village meeting, but `review recognise` is refused in both
/// languages and the household stays agreed.
#[test]
fn recognition_is_refused_for_a_list_without_an_official_method() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("xa.sqlite");
    ok(&rasoat(
        &db,
        &["init", "--role", "commune", "--unit", "00721"],
    ));
    let db_flag = db.to_str().expect("utf-8 path");
    ok(&rasoat(
        &db,
        &[
            "demo",
            "generate",
            "--households",
            "2",
            "--years",
            "2027",
            "--db",
            db_flag,
        ],
    ));
    let listed = ok(&rasoat(&db, &["households", "list", "--json"]));
    let rows: serde_json::Value = serde_json::from_str(&listed).expect("json");
    let id = rows[0]["id"].as_str().expect("id").to_string();
    for step in [
        vec!["complete"],
        vec!["accept"],
        vec!["meeting", "--attendees", "10", "--agreeing", "8"],
    ] {
        let mut args = vec!["households", "review", &id];
        args.extend(step);
        ok(&rasoat(&db, &args));
    }
    let refused = rasoat(
        &db,
        &[
            "households",
            "review",
            &id,
            "recognise",
            "--decision",
            "12/QĐ-UBND",
            "--date",
            "2027-12-10",
        ],
    );
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("chưa có phương pháp chính thức"),
        "{stderr}"
    );
    assert!(stderr.contains("no official method"), "{stderr}");
    let shown = ok(&rasoat(&db, &["households", "list", "--status", "agreed"]));
    assert!(shown.contains(&id), "{shown}");
}

/// The statistics office's new-commune list with the communes each was formed from: a list
/// naming a commune the store does not hold is refused plainly; the right one loads the
/// successions.
#[test]
fn units_load_reads_the_successions_of_a_new_commune_list() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("huyen.sqlite");
    ok(&rasoat(
        &db,
        &["init", "--role", "district", "--unit", "026"],
    ));
    let before = dir.path().join("truoc.csv");
    std::fs::write(
        &before,
        "Tỉnh / Thành Phố,Mã TP,Quận Huyện,Mã QH,Phường Xã,Mã PX,Cấp\n\
         Tỉnh Đắk Nông,67,Huyện Thử,991,Xã Thử Một,99901,Xã\n",
    )
    .expect("write");
    let after = dir.path().join("sau.csv");
    let write_after = |former: &str| {
        std::fs::write(
            &after,
            format!("Tỉnh / Thành Phố,Mã TP,Phường Xã,Mã PX,Cấp,Mã xã cũ\nTỉnh Lâm Đồng,68,Xã Thử Mới,99910,Xã,{former}\n"),
        )
        .expect("write")
    };
    let path = |p: &std::path::Path| p.to_str().expect("path").to_string();
    let load = |file: &str, day: &str| {
        rasoat(
            &db,
            &[
                "units",
                "load",
                file,
                "--valid-from",
                day,
                "--source",
                "thử",
            ],
        )
    };
    ok(&load(&path(&before), "2004-01-01"));
    write_after("99909");
    let refused = load(&path(&after), "2025-07-01");
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("dòng 2"), "{stderr}");
    assert!(stderr.contains("xã cũ mã 99909"), "{stderr}");
    let units = ok(&rasoat(&db, &["units", "list"]));
    assert!(!units.contains("99910"), "nothing written: {units}");

    write_after("99901");
    ok(&load(&path(&after), "2025-07-01"));
    let units = ok(&rasoat(&db, &["units", "list"]));
    assert!(
        units.contains("99901\tXã Thử Một\t2004-01-01–2025-06-30"),
        "{units}"
    );
    assert!(units.contains("99910\tXã Thử Mới\t2025-07-01–"), "{units}");
}

/// The 2026 round's opening list (NĐ 351/2025, the list of 2027): `--list opening` is refused
/// in plain words until the office's file names the official method, then the village meets
/// on it and the chairman recognises it on its own track, the form's own state unchanged.
#[test]
fn the_opening_list_of_2026_is_met_on_once_its_method_is_loaded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("xa.sqlite");
    ok(&rasoat(
        &db,
        &["init", "--role", "commune", "--unit", "00721"],
    ));
    ok(&rasoat(
        &db,
        &["demo", "generate", "--households", "2", "--years", "2026"],
    ));
    let listed = ok(&rasoat(&db, &["households", "list", "--json"]));
    let rows: serde_json::Value = serde_json::from_str(&listed).expect("json");
    let id = rows[0]["id"].as_str().expect("id").to_string();
    for step in ["complete", "accept"] {
        ok(&rasoat(&db, &["households", "review", &id, step]));
    }
    let meeting = [
        "households",
        "review",
        &id,
        "meeting",
        "--attendees",
        "30",
        "--agreeing",
        "20",
        "--list",
        "opening",
    ];
    let refused = failed(&rasoat(&db, &meeting));
    assert!(
        refused.contains("chưa có phương pháp chính thức"),
        "{refused}"
    );
    assert!(refused.contains("no official method"), "{refused}");
    let unknown = failed(&rasoat(
        &db,
        &["households", "review", &id, "report", "--list", "mới"],
    ));
    assert!(
        unknown.contains("cần closing") && unknown.contains("expected closing or opening"),
        "{unknown}"
    );
    let gcn = dir.path().join("gcn-2027");
    let gcn_flag = gcn.to_str().expect("utf-8 path");
    let certificates = [
        "report",
        "--round",
        "2026",
        "--certificates",
        gcn_flag,
        "--list",
        "opening",
    ];
    let refused = failed(&rasoat(&db, &certificates));
    assert!(
        refused.contains("chưa có phương pháp chính thức"),
        "{refused}"
    );
    assert!(!gcn.exists(), "nothing written");

    // The district's file, as its batch would bring it (the store made to look like an office
    // for the load, as a tampered build could).
    let mut all = rasoat_domain::standard::Standards::national();
    all.standards.retain(|s| s.id == "nd351-2025");
    all.standards[0].official_method = Some("Thông tư hướng dẫn (tệp thử)".into());
    let text = serde_json::to_string_pretty(&all).expect("json");
    {
        let mut store = unlock(&db);
        let role = |store: &rasoat_store::Store, role: &str| {
            store
                .sql_for_tests()
                .execute("UPDATE installation SET role = ?1", [role])
                .expect("role");
        };
        role(&store, "district");
        store
            .load_standards(&text, None, "cán bộ huyện", rasoat_store::unix_millis_now())
            .expect("loaded");
        role(&store, "commune");
    }
    let said = ok(&rasoat(&db, &meeting));
    assert!(said.contains("danh sách áp dụng năm 2027"), "{said}");
    assert!(said.contains("họp dân đã thống nhất"), "{said}");
    let said = ok(&rasoat(
        &db,
        &[
            "households",
            "review",
            &id,
            "recognise",
            "--decision",
            "45/QĐ-UBND",
            "--date",
            "2026-12-15",
            "--list",
            "opening",
        ],
    ));
    assert!(said.contains("now recognised"), "{said}");
    // `households show` gives both tracks: the form's own state and the opening list's steps.
    let shown: serde_json::Value =
        serde_json::from_str(&ok(&rasoat(&db, &["households", "show", &id]))).expect("json");
    assert_eq!(shown["status"], "accepted", "{shown}");
    assert_eq!(
        shown["opening_review"]["standard_id"], "nd351-2025",
        "{shown}"
    );
    assert_eq!(shown["opening_review"]["status"], "recognised", "{shown}");
    assert_eq!(
        shown["opening_review"]["decision_number"], "45/QĐ-UBND",
        "{shown}"
    );
    ok(&rasoat(&db, &certificates));
    assert!(
        gcn.is_dir(),
        "the opening list's certificates may now be written"
    );
    // The closing list's track is where it was.
    let shown = ok(&rasoat(
        &db,
        &["households", "list", "--status", "accepted"],
    ));
    assert!(shown.contains(&id), "{shown}");
}
