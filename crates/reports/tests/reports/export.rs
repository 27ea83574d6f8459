//! The workbook and the CSV files, read back as a spreadsheet program would.

use rasoat_reports::export::{self, ExportOptions};
use rasoat_store::report::ReportLevel;
use rasoat_store::UnitBasis;

use crate::support::{fixture, report, AT};

#[test]
fn the_exported_workbook_reads_back_with_its_headers_and_totals() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    use rasoat_domain::targets::Targets;
    use rasoat_store::report::summary_columns;

    let mut fx = fixture(120, &[2023, 2024]);
    fx.store
        .set_unit_households("026", None, None, 2024, 400, "thử", AT)
        .expect("enter");
    let r = report(&fx, 2024, UnitBasis::AsRecorded);
    let targets = Targets::dong_van_2020().expect("targets");
    let dashboard = fx
        .store
        .target_report(&r.round.id, &targets, UnitBasis::AsRecorded)
        .expect("dashboard");
    let options = ExportOptions {
        targets: Some(&dashboard),
        households: true,
    };
    let path = fx.dir.path().join("bao-cao.xlsx");
    let written = export::write_xlsx(&fx.store, &r, &options, &path).expect("xlsx");
    // The list is of reviewed households: the fixture's 30 drafts are not on it.
    assert_eq!(written.households, 90);

    let mut book: Xlsx<_> = open_workbook(&path).expect("open xlsx");
    assert_eq!(
        book.sheet_names(),
        vec![
            "Tổng hợp",
            "Thiếu hụt",
            "Dân tộc",
            "Khu vực",
            "Mục tiêu NQ",
            "Ghi chú",
            "Danh sách hộ"
        ]
    );
    let sheet = book.worksheet_range("Tổng hợp").expect("summary sheet");
    let text = |row: u32, col: u32| match sheet.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        other => format!("{other:?}"),
    };
    let number = |row: u32, col: u32| match sheet.get_value((row, col)) {
        Some(Data::Float(f)) => *f,
        other => panic!("({row}, {col}) is {other:?}"),
    };
    assert_eq!(text(2, 2), "Đơn vị");
    // Each table names the list it counts: the one the 2024 review decides, for 2025.
    for name in ["Tổng hợp", "Thiếu hụt", "Dân tộc", "Khu vực"] {
        let table = book.worksheet_range(name).expect("table");
        let title = match table.get_value((0, 0)) {
            Some(Data::String(s)) => s.clone(),
            other => format!("{other:?}"),
        };
        assert!(
            title.ends_with(
                "— danh sách áp dụng năm 2025 theo Nghị định 07/2021/NĐ-CP, Điều 3 — chuẩn nghèo đa chiều 2022–2025 (kéo dài đến hết 2026 theo NĐ 351/2025)"
            ),
            "{name}: {title}"
        );
    }
    let columns = summary_columns();
    for (i, c) in columns.iter().enumerate() {
        assert_eq!(text(2, 3 + i as u32), c.header_vi);
    }
    // The official tables carry no internal marks: no cell of theirs says [C], [P] or [U];
    // the notes sheet says how sure each column and each target is.
    for name in ["Tổng hợp", "Thiếu hụt", "Dân tộc", "Khu vực", "Mục tiêu NQ"] {
        let table = book.worksheet_range(name).expect("table");
        for cell in table.used_cells() {
            if let (_, _, Data::String(s)) = cell {
                for mark in ["[C]", "[P]", "[U]"] {
                    assert!(!s.contains(mark), "{name}: {s}");
                }
            }
        }
    }
    let notes = book.worksheet_range("Ghi chú").expect("notes");
    let noted = |header: &str| {
        (0..notes.height() as u32).find_map(|r| {
            match (
                notes.get_value((r, 0)),
                notes.get_value((r, 1)),
                notes.get_value((r, 2)),
            ) {
                (Some(Data::String(t)), Some(Data::String(h)), Some(Data::String(c)))
                    if t == "Tổng hợp" && h == header =>
                {
                    Some(c.clone())
                }
                _ => None,
            }
        })
    };
    assert!(
        noted("Tổng số hộ dân cư").is_some_and(|c| c.starts_with("[C]")),
        "Tổng số hộ dân cư is a confirmed column"
    );
    assert!(noted("Số hộ đã rà soát (phiếu đã hoàn thành trở đi)")
        .is_some_and(|c| c.starts_with("[U]")));
    // Each resolution target's source and how sure it is are notes, in words.
    let target_notes: Vec<(String, String, String)> = (0..notes.height() as u32)
        .filter_map(|r| {
            match (
                notes.get_value((r, 0)),
                notes.get_value((r, 1)),
                notes.get_value((r, 2)),
                notes.get_value((r, 3)),
            ) {
                (
                    Some(Data::String(t)),
                    Some(Data::String(what)),
                    Some(Data::String(sure)),
                    Some(Data::String(source)),
                ) if t == "Mục tiêu NQ" => Some((what.clone(), sure.clone(), source.clone())),
                _ => None,
            }
        })
        .collect();
    for target in &targets.targets {
        let (_, sure, source) = target_notes
            .iter()
            .find(|(what, _, _)| *what == format!("{}: chỉ tiêu", target.name_vi))
            .unwrap_or_else(|| panic!("{} noted", target.id));
        assert_eq!(source, &target.source);
        let words = match target.confidence {
            rasoat_domain::standard::Confidence::Confirmed => "đã xác nhận",
            rasoat_domain::standard::Confidence::Partial => "xác nhận một phần",
            rasoat_domain::standard::Confidence::Unconfirmed => "chưa xác nhận trong văn bản",
        };
        assert_eq!(sure, words, "{}", target.id);
    }
    // The targets measure the households the class columns count, and the notes say so.
    let (_, _, measured) = target_notes
        .iter()
        .find(|(what, _, _)| what == "Hộ được đo")
        .expect("which households the targets measure is noted");
    assert!(
        measured.contains("«đã hoàn thành phiếu»") && measured.contains("không được đo"),
        "{measured}"
    );
    // Which states the tables count, from QĐ 24/2021's steps.
    let counted = row_of_notes(
        &notes,
        "Hộ được tính vào các cột phân loại, biến động, thiếu hụt và tỷ lệ",
    )
    .expect("the counted states are said");
    assert!(
        counted.contains("«đã hoàn thành phiếu»") && !counted.contains("«đang rà soát»"),
        "{counted}"
    );
    // The readings the figures rest on where the text is unclear, each with the choice made.
    let reading = |name: &str| {
        (0..notes.height() as u32).find_map(|r| {
            match (
                notes.get_value((r, 0)),
                notes.get_value((r, 1)),
                notes.get_value((r, 2)),
                notes.get_value((r, 3)),
            ) {
                (
                    Some(Data::String(t)),
                    Some(Data::String(n)),
                    Some(Data::String(c)),
                    Some(Data::String(chosen)),
                ) if t == "Cách đọc của kỳ rà soát" && n.starts_with(name) => {
                    Some((c.clone(), chosen.clone()))
                }
                _ => None,
            }
        })
    };
    let (sure, chosen) = reading("Độ tuổi lao động").expect("working age noted");
    assert_eq!(sure, "chưa rõ trong văn bản; mặc định");
    assert!(
        chosen.starts_with("nam từ 15 đến dưới 60 tuổi, nữ từ 15 đến dưới 55 tuổi")
            && chosen.contains("Bộ luật Lao động 2019"),
        "{chosen}"
    );
    for section in ["mục 5", "mục 13", "mục 14"] {
        let (_, chosen) = reading(&format!("Nhiều dòng cùng áp dụng ở {section}"))
            .unwrap_or_else(|| panic!("{section} noted"));
        assert!(chosen.contains("cách đọc khác"), "{chosen}");
    }
    // Which list the tables are, and the round's own standard as the indicators' source.
    let standard = rasoat_domain::standard::Standards::national()
        .by_id(&r.round.standard_id)
        .expect("the round's standard")
        .name_vi
        .clone();
    let row_of = |table: &str, mark: &str| {
        (0..notes.height() as u32).find_map(|r| {
            match (
                notes.get_value((r, 0)),
                notes.get_value((r, 2)),
                notes.get_value((r, 3)),
            ) {
                (Some(Data::String(t)), Some(Data::String(c)), Some(Data::String(source)))
                    if t == table && c.starts_with(mark) =>
                {
                    Some(source.clone())
                }
                _ => None,
            }
        })
    };
    let list = row_of("Kỳ rà soát", "theo chuẩn của kỳ").expect("the list is named");
    assert_eq!(list, format!("danh sách áp dụng năm 2025 theo {standard}"));
    let source = row_of("Thiếu hụt", "[C]").expect("the indicators' source");
    assert!(source.ends_with(&standard), "{source}");
    let col_of = |key: &str| 3 + columns.iter().position(|c| c.key == key).expect("column") as u32;
    // Row 3 is the whole district: its totals are the report's, and the communes add up to it.
    let total = &r.rows[0];
    assert_eq!(number(3, col_of("resident_households")), 400.0);
    for key in [
        "reviewed",
        "poor",
        "near_poor",
        "middle",
        "other",
        "escaped_poverty",
    ] {
        let want = total.counts.get(key).expect("count") as f64;
        assert_eq!(number(3, col_of(key)), want, "{key}");
        let communes: f64 = r
            .rows
            .iter()
            .enumerate()
            .filter(|(_, row)| row.unit.level == ReportLevel::Commune)
            .map(|(i, _)| number(3 + i as u32, col_of(key)))
            .sum();
        assert_eq!(communes, want, "{key}: communes add up to the district");
    }
    let poor_rate = number(3, col_of("poor_rate"));
    assert!((poor_rate - 100.0 * total.counts.poor as f64 / 400.0).abs() < 1e-9);
    // A quarter of the fixture's records are drafts: "đang nhập", apart from "đã rà soát"
    // and out of every class column.
    assert_eq!(number(3, col_of("reviewed")), 90.0);
    assert_eq!(number(3, col_of("in_progress")), 30.0);
    assert_eq!(
        text(2, col_of("in_progress")),
        "Số hộ đang nhập (phiếu chưa hoàn thành, chưa tính vào các cột dưới)"
    );
    let now = &fx.known[&2024];
    let reviewed_poor = now
        .values()
        .filter(|k| k.reviewed && k.class == rasoat_domain::classify::Class::Poor)
        .count() as f64;
    assert!(now
        .values()
        .any(|k| !k.reviewed && k.class == rasoat_domain::classify::Class::Poor));
    assert_eq!(number(3, col_of("poor")), reviewed_poor);
    // What a spreadsheet program shows: counts with thousands separators, rates to 2 decimals.
    let styles = book.worksheet_style("Tổng hợp").expect("styles");
    let format_of = |row: u32, col: u32| {
        styles
            .get((row, col))
            .and_then(|s| s.number_format.as_ref())
            .map(|f| f.format_code.clone())
    };
    for key in [
        "resident_households",
        "reviewed",
        "in_progress",
        "poor",
        "near_poor",
    ] {
        assert_eq!(format_of(3, col_of(key)).as_deref(), Some("#,##0"), "{key}");
    }
    for key in ["poor_rate", "near_poor_rate"] {
        assert_eq!(format_of(3, col_of(key)).as_deref(), Some("0.00"), "{key}");
    }

    let list = book.worksheet_range("Danh sách hộ").expect("list");
    let title = match list.get_value((0, 0)) {
        Some(Data::String(s)) => s.clone(),
        other => format!("{other:?}"),
    };
    assert!(
        title.starts_with("DANH SÁCH HỘ ĐÃ RÀ SOÁT NĂM 2024 (phiếu đã hoàn thành trở đi"),
        "{title}"
    );
    // As many rows as the summary's "Số hộ đã rà soát", none of them a draft or a form
    // sent back.
    let mut data_rows = 0;
    for row in 2..(3 + 200) {
        if let Some(Data::Float(_)) = list.get_value((row, 0)) {
            data_rows += 1;
            let status = match list.get_value((row, 10)) {
                Some(Data::String(s)) => s.clone(),
                other => format!("{other:?}"),
            };
            let state = rasoat_domain::workflow::ReviewState::parse(&status);
            assert!(
                state.is_some_and(rasoat_domain::workflow::ReviewState::is_reviewed),
                "row {row}: {status}"
            );
        }
    }
    assert_eq!(data_rows as f64, number(3, col_of("reviewed")));
    let t = book.worksheet_range("Mục tiêu NQ").expect("targets");
    assert_eq!(t.get_value((2, 0)), Some(&Data::String("Chỉ tiêu".into())));

    // The same tables as CSV.
    let dir = fx.dir.path().join("csv");
    let files = export::write_csv(&fx.store, &r, &options, &dir).expect("csv");
    assert_eq!(files.files.len(), 7, "six tables and the notes");
    assert_eq!(
        files.households, 90,
        "the CSV list leaves the drafts out too"
    );
    let list = std::fs::read_to_string(dir.join("danh-sach-ho.csv")).expect("list");
    assert_eq!(list.lines().count(), 1 + 90);
    let text = std::fs::read_to_string(dir.join("tong-hop.csv")).expect("read");
    let text = text.trim_start_matches('\u{feff}');
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let headers = rows.headers().expect("headers").clone();
    assert_eq!(&headers[2], "Đơn vị");
    let records: Vec<csv::StringRecord> = rows.records().map(|r| r.expect("row")).collect();
    // Record 0 is the district: no row of marks under the headers.
    assert_eq!(
        &records[0][col_of("poor") as usize],
        total.counts.poor.to_string()
    );
    assert_eq!(&records[0][col_of("resident_households") as usize], "400");
    for record in &records {
        assert!(record.iter().all(|c| !c.starts_with('[')), "{record:?}");
    }
    for file in ["tong-hop", "thieu-hut", "dan-toc", "khu-vuc", "muc-tieu"] {
        let text = std::fs::read_to_string(dir.join(format!("{file}.csv"))).expect("read");
        for mark in ["[C]", "[P]", "[U]"] {
            assert!(!text.contains(mark), "{file}: {mark}");
        }
    }
    let notes = std::fs::read_to_string(dir.join("ghi-chu.csv")).expect("notes");
    assert!(notes.contains("Tổng số hộ dân cư,[C]"), "{notes}");
    assert!(
        notes.contains("Cách đọc của kỳ rà soát,Độ tuổi lao động (điểm A mục 2)"),
        "{notes}"
    );
    // Who the 2024 round consults and who recognises: the district still stood then.
    assert!(
        notes.contains(
            "Quy trình của kỳ rà soát,\"Xin ý kiến trước khi công nhận (bước 5, QĐ 24/2021)\",mặc định theo thời gian của kỳ,Chủ tịch UBND cấp huyện"
        ),
        "{notes}"
    );
    assert!(
        notes.contains("mặc định theo thời gian của kỳ,Chủ tịch UBND cấp xã"),
        "{notes}"
    );
}

/// A provisional class (an answer it depends on still open) is its own column of the summary
/// table and never counted as poor: a spreadsheet reader sees one final poor household and one
/// provisional one, not two poor.
#[test]
fn a_provisional_class_is_counted_apart_in_the_exported_tables() {
    use rasoat_domain::workflow::Role;
    use rasoat_store::report::{summary_columns, ReportRequest};
    use rasoat_store::{RoundKind, Store};

    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(dir.path().join("store.sqlite")).expect("open");
    store.load_reference_units().expect("units");
    store
        .init_installation(Role::Commune, "00721", "cán bộ thử", AT)
        .expect("init");
    let round = store
        .open_round(2025, RoundKind::Periodic, None, "nd07-2021", "thử", AT)
        .expect("round");
    let poor = rasoat_store::SurveyResult {
        standard_id: "nd07-2021".into(),
        method: "score".into(),
        class: "poor".into(),
        score_a: Some(120),
        score_b: Some(40),
        deprived: Vec::new(),
        phieu_a: None,
    };
    let on = "2025-10-01".parse().expect("date");
    let full = rasoat_demo::synthetic::household(1, "08", "00721", "Thôn Một (mẫu)", 4, on);
    let mut half = rasoat_demo::synthetic::household(2, "08", "00721", "Thôn Một (mẫu)", 4, on);
    half.members[1].birth = None;
    for h in [&full, &half] {
        store
            .save_household(&round.id, h, Some(&poor), "thử", AT)
            .expect("save");
    }
    // The full one is completed; the half one stays a draft, as it must while it lacks an
    // answer, and is counted as being entered as well as provisional.
    store
        .review(
            &full.id.to_string(),
            &round.id,
            &rasoat_domain::workflow::ReviewAction::Complete,
            "thử",
            "thử",
            AT,
        )
        .expect("complete");
    let r = store
        .round_report(&ReportRequest {
            round_id: round.id.clone(),
            basis: UnitBasis::AsRecorded,
            unit: None,
            villages: true,
            changes: true,
        })
        .expect("report");
    let options = ExportOptions {
        targets: None,
        households: false,
    };
    let folder = dir.path().join("csv");
    export::write_csv(&store, &r, &options, &folder).expect("csv");
    let text = std::fs::read_to_string(folder.join("tong-hop.csv")).expect("read");
    let text = text.trim_start_matches('\u{feff}');
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let headers = rows.headers().expect("headers").clone();
    let columns = summary_columns();
    let col_of = |key: &str| 3 + columns.iter().position(|c| c.key == key).expect("column");
    assert!(
        headers[col_of("provisional")].starts_with("Số hộ phân loại tạm tính"),
        "{headers:?}"
    );
    let records: Vec<csv::StringRecord> = rows.records().map(|r| r.expect("row")).collect();
    for record in &records {
        assert_eq!(&record[col_of("poor")], "1", "{record:?}");
        assert_eq!(&record[col_of("provisional")], "1", "{record:?}");
        assert_eq!(&record[col_of("in_progress")], "1", "{record:?}");
        assert_eq!(&record[col_of("reviewed")], "1", "{record:?}");
        // Without a register figure the rate is of the reviewed household: 1 of 1.
        assert_eq!(&record[col_of("poor_rate")], "100.00", "{record:?}");
    }
    // The groups' tables count it apart too.
    let area = std::fs::read_to_string(folder.join("khu-vuc.csv")).expect("read");
    assert!(area.contains("Số hộ tạm tính"), "{area}");
}

/// The source column (the fourth) of the notes row whose second column is `what`.
fn row_of_notes(notes: &calamine::Range<calamine::Data>, what: &str) -> Option<String> {
    use calamine::Data;
    (0..notes.height() as u32).find_map(|r| {
        match (notes.get_value((r, 1)), notes.get_value((r, 3))) {
            (Some(Data::String(w)), Some(Data::String(source))) if w == what => {
                Some(source.clone())
            }
            _ => None,
        }
    })
}
