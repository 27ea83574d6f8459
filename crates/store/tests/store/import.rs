//! Importing the list of households to review: all-or-nothing by default, errors by row and
//! column, `skip_invalid`, CSV and XLSX, and no duplicates on re-import.

use std::path::Path;

use rasoat_store::{import, ImportOptions, RoundKind, StoreError};

use crate::support::{commune_store, AT};

const GOOD: &str = "\
DANH SÁCH HỘ GIA ĐÌNH CẦN RÀ SOÁT (thử),,,,,
STT,Mã hộ,Họ và tên chủ hộ,Thôn/bản,Số thành viên,Hiện trạng,Lý do rà soát
1,,Giàng Mí Pó,Thôn Má Lủng (thử),5,Hộ nghèo,Rà soát định kỳ
2,,Vừ Thị Dính,Thôn Má Lủng (thử),3,Hộ cận nghèo,Rà soát định kỳ
3,DV-003,Sùng Seo Chứ,Thôn Sảng Pả (thử),6,Hộ không nghèo,Hộ đề nghị (Mẫu 01)
";

const BAD: &str = "\
STT,Họ và tên chủ hộ,Thôn/bản,Số thành viên,Hiện trạng,Lý do rà soát
1,Giàng Mí Pó,Thôn Má Lủng (thử),5,Hộ nghèo,
2,,Thôn Má Lủng (thử),3,Hộ cận nghèo,
3,Lầu Mí Dế,Thôn Má Lủng (thử),abc,Hộ nghèo,
4,Thào Thị Mua,Thôn Sảng Pả (thử),4,giàu,
5,Ma Seo Tráng,Thôn Sảng Pả (thử),2,cận nghèo,
";

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write list");
    path
}

fn n_records(store: &rasoat_store::Store) -> i64 {
    store
        .sql_for_tests()
        .query_row("SELECT COUNT(*) FROM survey_record", [], |r| r.get(0))
        .expect("count")
}

#[test]
fn a_good_list_imports_once_and_a_second_import_adds_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _, _) = commune_store(dir.path());
    let list = write(dir.path(), "ds.csv", GOOD);
    let report = store
        .import_list(&list, &ImportOptions::default(), "a", AT)
        .expect("import");
    assert_eq!(
        (report.n_rows, report.n_imported, report.n_already_present),
        (3, 3, 0)
    );
    let again = store
        .import_list(&list, &ImportOptions::default(), "a", AT)
        .expect("again");
    assert_eq!((again.n_imported, again.n_already_present), (0, 3));
    assert_eq!(n_records(&store), 3, "no duplicates");
    assert_eq!(store.household_list_mismatches().expect("list"), 0);
    let rows = store.list_households(&Default::default()).expect("list");
    let coded = rows
        .iter()
        .find(|r| r.code == "DV-003")
        .expect("coded household");
    assert_eq!(coded.listed_status.as_deref(), Some("not_poor"));
    assert_eq!(coded.n_members, Some(6));
    assert_eq!(coded.commune_code, "00721");
}

#[test]
fn a_list_with_bad_rows_imports_nothing_and_names_each_row_and_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _, _) = commune_store(dir.path());
    let origin = store.installation().expect("installation").id;
    let n_entries = store.journal_since(&origin, 0).expect("journal").len();
    let list = write(dir.path(), "ds-loi.csv", BAD);
    let err = store
        .import_list(&list, &ImportOptions::default(), "a", AT)
        .expect_err("invalid");
    let StoreError::ListInvalid { errors, .. } = &err else {
        panic!("expected ListInvalid, got {err:?}");
    };
    let places: Vec<(usize, &str)> = errors.iter().map(|e| (e.row, e.column.as_str())).collect();
    assert_eq!(
        places,
        vec![
            (3, "Họ và tên chủ hộ"),
            (4, "Số thành viên"),
            (5, "Hiện trạng")
        ]
    );
    assert_eq!(
        errors[1].to_string(),
        "Dòng 4, cột «Số thành viên»: phải là số nguyên từ 1 đến 50 / must be a whole number 1–50"
    );
    assert!(err.to_string().contains("không nhập hộ nào"), "{err}");
    assert_eq!(n_records(&store), 0, "nothing imported");
    assert_eq!(
        store.journal_since(&origin, 0).expect("journal").len(),
        n_entries
    );
}

#[test]
fn skip_invalid_imports_the_valid_rows_and_reports_the_rest() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _, _) = commune_store(dir.path());
    let list = write(dir.path(), "ds-loi.csv", BAD);
    let options = ImportOptions {
        skip_invalid: true,
        ..Default::default()
    };
    let report = store
        .import_list(&list, &options, "a", AT)
        .expect("import valid rows");
    assert_eq!(
        (report.n_rows, report.n_imported, report.errors.len()),
        (5, 2, 3)
    );
    let report_path = import::error_report_path(&list);
    import::write_error_report(&report_path, &report.errors).expect("error report");
    let text = std::fs::read_to_string(&report_path).expect("read report");
    assert!(
        text.contains("Dòng,Cột,Lỗi") && text.contains("4,\"Số thành viên\""),
        "{text}"
    );
    let again = store.import_list(&list, &options, "a", AT).expect("again");
    assert_eq!((again.n_imported, again.n_already_present), (0, 2));
    assert_eq!(n_records(&store), 2);
}

#[test]
fn an_xlsx_list_with_title_rows_reports_spreadsheet_row_numbers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _, _) = commune_store(dir.path());
    let path = dir.path().join("ds.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .write(0, 0, "DANH SÁCH HỘ GIA ĐÌNH CẦN RÀ SOÁT (thử)")
        .expect("title");
    let header = [
        "STT",
        "Họ và tên chủ hộ",
        "Thôn/bản",
        "Số thành viên",
        "Hiện trạng",
    ];
    for (col, text) in header.iter().enumerate() {
        sheet.write(2, col as u16, *text).expect("header");
    }
    let rows: [(&str, &str, f64, &str); 3] = [
        ("Giàng Mí Pó", "Thôn Má Lủng (thử)", 5.0, "Hộ nghèo"),
        ("Vừ Thị Dính", "Thôn Má Lủng (thử)", 0.0, "Hộ nghèo"),
        ("Sùng Seo Chứ", "Thôn Sảng Pả (thử)", 4.0, "Hộ cận nghèo"),
    ];
    for (i, (head, village, members, status)) in rows.iter().enumerate() {
        let r = 3 + i as u32;
        sheet.write(r, 0, (i + 1) as f64).expect("stt");
        sheet.write(r, 1, *head).expect("head");
        sheet.write(r, 2, *village).expect("village");
        sheet.write(r, 3, *members).expect("members");
        sheet.write(r, 4, *status).expect("status");
    }
    book.save(&path).expect("save xlsx");
    let err = store
        .import_list(&path, &ImportOptions::default(), "a", AT)
        .expect_err("row 5 bad");
    let StoreError::ListInvalid { errors, .. } = err else {
        panic!("expected ListInvalid")
    };
    assert_eq!(errors.len(), 1);
    assert_eq!(
        (errors[0].row, errors[0].column.as_str()),
        (5, "Số thành viên")
    );
    let options = ImportOptions {
        skip_invalid: true,
        ..Default::default()
    };
    let report = store.import_list(&path, &options, "a", AT).expect("import");
    assert_eq!(report.n_imported, 2);
}

#[test]
fn a_household_listed_again_next_year_keeps_its_identity() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, round_2025, _) = commune_store(dir.path());
    let list = write(dir.path(), "ds.csv", GOOD);
    store
        .import_list(&list, &ImportOptions::default(), "a", AT)
        .expect("2025");
    let round_2026 = store
        .open_round(2026, RoundKind::Periodic, None, "nd07-2021", "a", AT + 1)
        .expect("2026 round");
    let options = ImportOptions {
        round_id: Some(round_2026.id.clone()),
        ..Default::default()
    };
    let report = store
        .import_list(&list, &options, "a", AT + 1)
        .expect("2026");
    assert_eq!(report.n_imported, 3);
    let n_households: i64 = store
        .sql_for_tests()
        .query_row("SELECT COUNT(*) FROM household", [], |r| r.get(0))
        .expect("count");
    assert_eq!(n_households, 3, "same households, new records");
    assert_eq!(n_records(&store), 6);
    let _ = round_2025;
}
