//! `rasoat report`, `rasoat targets` and `rasoat units households` end to end on the built
//! binary, over a small demo district.

mod common;

use common::{ok, rasoat};

#[test]
fn report_targets_exports_posting_lists_and_certificates() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("huyen.sqlite");
    let db_flag = db.to_str().expect("utf-8 path");
    ok(&rasoat(
        &db,
        &[
            "demo",
            "generate",
            "--db",
            db_flag,
            "--households",
            "80",
            "--years",
            "2023,2024",
        ],
    ));
    let entered = ok(&rasoat(
        &db,
        &["units", "households", "026", "900", "--year", "2024"],
    ));
    assert!(entered.contains("Huyện Đồng Văn"), "{entered}");

    let printed = ok(&rasoat(
        &db,
        &["report", "--round", "2024", "--no-villages"],
    ));
    assert!(
        printed.contains("Kỳ rà soát 2024 (so với 2023)"),
        "{printed}"
    );
    // The list the figures count: the one the 2024 review decides, for 2025, under Decree 07.
    assert!(
        printed
            .contains("Danh sách / list: danh sách áp dụng năm 2025 theo Nghị định 07/2021/NĐ-CP"),
        "{printed}"
    );
    let district = printed
        .lines()
        .find(|l| l.starts_with("huyện\t026"))
        .expect("district line");
    assert_eq!(district.split('\t').nth(3), Some("900"), "{district}");
    // The demo's households are all drafts: none reviewed, all 80 being entered, and none in
    // a class column, whatever their answers give so far.
    let cells: Vec<&str> = district.split('\t').collect();
    assert_eq!((cells[4], cells[5]), ("0", "80"), "{district}");
    assert_eq!(
        (cells[7], cells[9]),
        ("0", "0"),
        "poor, near-poor: {district}"
    );

    let xlsx = dir.path().join("bao-cao.xlsx");
    let out = rasoat(
        &db,
        &[
            "report",
            "--round",
            "2024",
            "--xlsx",
            xlsx.to_str().expect("path"),
            "--targets",
            "--households",
            "--stats",
        ],
    );
    ok(&out);
    assert!(xlsx.metadata().expect("xlsx written").len() > 5_000);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("peak RSS"), "{stderr}");

    let csv = dir.path().join("csv");
    ok(&rasoat(
        &db,
        &[
            "report",
            "--round",
            "2024",
            "--csv",
            csv.to_str().expect("path"),
        ],
    ));
    assert!(csv.join("tong-hop.csv").exists());

    let targets = ok(&rasoat(&db, &["targets", "--round", "2024"]));
    assert!(targets.contains("Giảm tỷ lệ hộ nghèo"), "{targets}");
    assert!(targets.contains("công thức:"), "{targets}");
    assert!(targets.contains("xu hướng [2023:"), "{targets}");

    let posting = dir.path().join("niem-yet");
    let certificates = dir.path().join("gcn");
    let out = rasoat(
        &db,
        &[
            "report",
            "--round",
            "2024",
            "--unit",
            "00712",
            "--posting",
            posting.to_str().expect("path"),
            "--certificates",
            certificates.to_str().expect("path"),
        ],
    );
    ok(&out);
    // The demo's households are drafts: the procedure allows neither posting nor certificates
    // yet, and the command says how many it held back and why.
    let pages: Vec<_> = std::fs::read_dir(&posting)
        .expect("posting dir")
        .map(|e| e.expect("entry").file_name().into_string().expect("name"))
        .collect();
    assert_eq!(pages, Vec::<String>::new());
    assert_eq!(
        std::fs::read_dir(&certificates).expect("gcn dir").count(),
        0
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("hộ chưa được họp dân thống nhất — không niêm yết"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hộ chưa được công nhận — không in giấy chứng nhận"),
        "{stderr}"
    );
    // Names go into the pages, never into what the command prints.
    assert!(
        !stderr.contains("Giàng") && !stderr.contains("Thào"),
        "{stderr}"
    );

    let refused = rasoat(&db, &["report", "--round", "2019"]);
    assert_eq!(refused.status.code(), Some(2));
}
