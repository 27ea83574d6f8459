//! Report exports: an Excel workbook laid out like the official summary tables (Vietnamese
//! headers, number formats: counts with thousands separators, rates to 2 decimals) and the
//! same tables as CSV files. The official tables carry no internal marks: how sure each
//! column is, and the source of that, is a notes sheet of its own ("Ghi chú", ghi-chu.csv). Both stream: each worksheet is written row by row in rust_xlsxwriter's
//! constant-memory mode, and the optional list of households is read from the store one row at
//! a time (`Store::for_each_listed_household`), so a 200,000-household round exports in
//! bounded memory.
//!
//! The household list carries heads' names because it is the official list; the summary
//! tables are aggregates. Nothing here logs.
//!
//! Why this file is long: the workbook and the CSV folder lay out the same tables, kept
//! together so that both always say the same.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use rasoat_domain::standard::Confidence;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

use rasoat_store::report::{
    summary_columns, Column, Counts, Denominator, GroupRow, ReportLevel, RoundReport,
};
use rasoat_store::targets::TargetReport;
use rasoat_store::Store;

use crate::error::{ReportError, Result};
use crate::notes::RoundNotes;

/// What to put in an export beside the summary.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExportOptions<'a> {
    /// The resolution dashboard, as a sheet / file of its own.
    pub targets: Option<&'a TargetReport>,
    /// The list of the round's reviewed households, finished forms only (code, head, place,
    /// class, scores, deprivations).
    pub households: bool,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSummary {
    pub files: Vec<PathBuf>,
    /// Reviewed households listed (0 without `households`); drafts are never listed.
    pub households: u64,
}

/// A mark for a column's confidence, as the reference writes it.
pub fn confidence_mark(c: Confidence) -> &'static str {
    match c {
        Confidence::Confirmed => "[C]",
        Confidence::Partial => "[P]",
        Confidence::Unconfirmed => "[U]",
    }
}

fn level_vi(level: ReportLevel) -> &'static str {
    match level {
        ReportLevel::District => "Huyện / toàn địa bàn",
        ReportLevel::Commune => "Xã",
        ReportLevel::Village => "Thôn",
    }
}

/// The value of a summary cell: a count, or a per cent of the row's denominator.
fn summary_cell(column: &Column, resident: u64, counts: &Counts) -> Option<f64> {
    if column.key == "resident_households" {
        return Some(resident as f64);
    }
    match &column.rate_of {
        Some(of) => counts
            .get(of)
            .and_then(|n| rasoat_domain::targets::percent(n, resident)),
        None => counts.get(&column.key).map(|n| n as f64),
    }
}

fn xlsx_error(path: &Path) -> impl Fn(XlsxError) -> ReportError + '_ {
    move |e| ReportError::Io {
        path: path.display().to_string(),
        source: std::io::Error::other(e.to_string()),
    }
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> ReportError + '_ {
    move |source| ReportError::Io {
        path: path.display().to_string(),
        source,
    }
}

fn csv_error(path: &Path) -> impl Fn(csv::Error) -> ReportError + '_ {
    move |e| ReportError::Io {
        path: path.display().to_string(),
        source: std::io::Error::other(e.to_string()),
    }
}

/// A table as rows of cells, whatever it is written to.
enum Cell {
    Text(String),
    Count(f64),
    Rate(Option<f64>),
    Money(Option<f64>),
}

/// The tables of a report, in the order of the sheets.
struct Table {
    /// Sheet name (≤ 31 characters) and CSV file stem.
    sheet: &'static str,
    file: &'static str,
    title: String,
    headers: Vec<String>,
    /// Confidence marks of the columns (empty strings where none applies), for the notes
    /// sheet only: never written under the headers of the table itself.
    marks: Vec<String>,
    /// Rows of the notes sheet about this table beyond its columns' marks (each resolution
    /// target's source and how sure it is), in words.
    notes: Vec<[String; 4]>,
    rows: Vec<Vec<Cell>>,
    widths: Vec<f64>,
}

fn unit_cells(level: ReportLevel, code: &str, name: &str) -> Vec<Cell> {
    vec![
        Cell::Text(level_vi(level).into()),
        Cell::Text(code.into()),
        Cell::Text(name.into()),
    ]
}

fn summary_table(report: &RoundReport) -> Table {
    let columns = summary_columns();
    let mut headers = vec!["Cấp".to_string(), "Mã".into(), "Đơn vị".into()];
    let mut marks = vec![String::new(), String::new(), "[C]".into()];
    for c in &columns {
        headers.push(c.header_vi.clone());
        marks.push(confidence_mark(c.confidence).into());
    }
    headers.push("Mẫu số của tỷ lệ".into());
    marks.push(String::new());
    let rows = report
        .rows
        .iter()
        .map(|row| {
            let mut cells = unit_cells(row.unit.level, &row.unit.code, &row.unit.name);
            for c in &columns {
                let v = summary_cell(c, row.resident_households, &row.counts);
                cells.push(if c.rate_of.is_some() {
                    Cell::Rate(v)
                } else {
                    Cell::Count(v.unwrap_or(0.0))
                });
            }
            cells.push(Cell::Text(
                match row.denominator {
                    Denominator::Entered => "tổng số hộ dân cư (đã nhập)",
                    Denominator::SumOfParts => "tổng số hộ dân cư (cộng các đơn vị)",
                    Denominator::Reviewed => {
                        "CHƯA NHẬP tổng số hộ dân cư: tạm chia cho số hộ đã rà soát"
                    }
                }
                .into(),
            ));
            cells
        })
        .collect();
    let mut widths = vec![18.0, 8.0, 28.0];
    widths.extend(columns.iter().map(|_| 12.0));
    widths.push(40.0);
    Table {
        sheet: "Tổng hợp",
        file: "tong-hop",
        title: format!(
            "TỔNG HỢP KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO NĂM {} (đơn vị: {}; so với kỳ {})",
            report.round.year,
            basis_vi(&report.basis),
            report
                .previous_round
                .as_ref()
                .map_or("—".to_string(), |p| p.year.to_string())
        ),
        headers,
        marks,
        notes: Vec::new(),
        rows,
        widths,
    }
}

fn basis_vi(basis: &str) -> &'static str {
    match basis {
        "new" => "đơn vị hành chính hiện nay",
        "old" => "đơn vị hành chính trước 01/7/2025",
        _ => "đơn vị ghi trên phiếu",
    }
}

fn deprivation_table(report: &RoundReport) -> Table {
    let mut headers = vec![
        "Cấp".to_string(),
        "Mã".into(),
        "Đơn vị".into(),
        "Số hộ đã phân loại".into(),
    ];
    let mut marks = vec![String::new(), String::new(), String::new(), "[U]".into()];
    for i in &report.indicators {
        headers.push(format!("{}: số hộ thiếu hụt", i.name_vi));
        headers.push(format!("{}: tỷ lệ (%)", i.name_vi));
        // The indicators are the standard's (confirmed); the per cent of classified households
        // as a column of an official table is not.
        marks.push("[C]".into());
        marks.push("[U]".into());
    }
    let rows = report
        .rows
        .iter()
        .map(|row| {
            let mut cells = unit_cells(row.unit.level, &row.unit.code, &row.unit.name);
            cells.push(Cell::Count(row.counts.classified as f64));
            for n in &row.counts.deprived {
                cells.push(Cell::Count(*n as f64));
                cells.push(Cell::Rate(rasoat_domain::targets::percent(
                    *n,
                    row.counts.classified,
                )));
            }
            cells
        })
        .collect();
    let mut widths = vec![18.0, 8.0, 28.0, 12.0];
    widths.extend(report.indicators.iter().flat_map(|_| [12.0, 10.0]));
    Table {
        sheet: "Thiếu hụt",
        file: "thieu-hut",
        title: format!(
            "SỐ HỘ THIẾU HỤT TỪNG CHỈ SỐ ĐO LƯỜNG MỨC ĐỘ THIẾU HỤT DỊCH VỤ XÃ HỘI CƠ BẢN NĂM {}",
            report.round.year
        ),
        headers,
        marks,
        notes: Vec::new(),
        rows,
        widths,
    }
}

/// The breakdowns' header of the households still being entered, as the summary's says it.
const IN_PROGRESS_VI: &str = "Số hộ đang nhập (phiếu chưa hoàn thành, chưa tính vào các cột dưới)";

fn group_table(
    sheet: &'static str,
    file: &'static str,
    title: String,
    groups: &[GroupRow],
) -> Table {
    let keys = [
        ("reviewed", "Số hộ đã rà soát"),
        ("in_progress", IN_PROGRESS_VI),
        ("provisional", "Số hộ tạm tính (chưa tính vào các cột dưới)"),
        ("poor", "Hộ nghèo"),
        ("near_poor", "Hộ cận nghèo"),
        ("middle", "Hộ có mức sống trung bình"),
        ("other", "Hộ khác"),
        ("escaped_poverty", "Thoát nghèo"),
        ("new_poor_from_near_poor", "Nghèo mới từ cận nghèo"),
        ("new_poor_from_outside", "Nghèo phát sinh mới"),
        ("fell_back_into_poverty", "Tái nghèo"),
        ("escaped_near_poverty", "Thoát cận nghèo"),
        ("new_near_poor", "Cận nghèo phát sinh mới"),
    ];
    let mut headers = vec!["Nhóm".to_string()];
    let mut marks = vec![String::new()];
    for (key, label) in keys {
        headers.push(label.into());
        marks.push("[U]".into());
        if key == "poor" || key == "near_poor" {
            headers.push(format!("{label}: tỷ lệ (% số hộ đã rà soát)"));
            marks.push("[U]".into());
        }
    }
    let rows = groups
        .iter()
        .map(|g| {
            let mut cells = vec![Cell::Text(g.label_vi.clone())];
            for (key, _) in keys {
                let n = g.counts.get(key).unwrap_or(0);
                cells.push(Cell::Count(n as f64));
                if key == "poor" || key == "near_poor" {
                    cells.push(Cell::Rate(rasoat_domain::targets::percent(
                        n,
                        g.counts.reviewed,
                    )));
                }
            }
            cells
        })
        .collect();
    let mut widths = vec![40.0];
    widths.extend(headers.iter().skip(1).map(|_| 12.0));
    Table {
        sheet,
        file,
        title,
        headers,
        marks,
        notes: Vec::new(),
        rows,
        widths,
    }
}

fn targets_table(t: &TargetReport) -> Table {
    let mut headers: Vec<String> = [
        "Chỉ tiêu",
        "Cấp",
        "Mã",
        "Đơn vị",
        "Giá trị",
        "Mục tiêu",
        "Đạt",
        "Còn thiếu (+) / vượt (−)",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    headers.extend(t.years.iter().map(|y| format!("Năm {y}")));
    headers.extend(
        [
            "Tử số",
            "Mẫu số",
            "Công thức",
            "Nguồn (Nghị quyết)",
            "Ghi chú",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    let marks = vec![String::new(); headers.len()];
    let mut rows = Vec::new();
    let mut notes = vec![crate::notes::targets_counted_row()];
    for row in &t.rows {
        let target = &row.target;
        notes.extend(target_notes(row));
        let money = target.unit == "dong_per_person_year";
        let value_cell = |v: Option<f64>| {
            if money {
                Cell::Money(v)
            } else {
                Cell::Rate(v)
            }
        };
        for u in &row.units {
            let mut cells = vec![
                Cell::Text(target.name_vi.clone()),
                Cell::Text(level_vi(u.unit.level).into()),
                Cell::Text(u.unit.code.clone()),
                Cell::Text(u.unit.name.clone()),
                value_cell(u.value),
                Cell::Text(format!(
                    "{} {}{}",
                    target.comparison.symbol(),
                    target.value,
                    unit_suffix(&target.unit)
                )),
                Cell::Text(match u.met {
                    Some(true) => "Đạt".into(),
                    Some(false) => "Chưa đạt".into(),
                    None => "—".into(),
                }),
                value_cell(u.gap),
            ];
            for p in &u.trend {
                cells.push(value_cell(p.value));
            }
            let reduction = match target.reduction {
                Some(r) => format!(" Cách hiểu «{}»: {}.", target.value, reduction_vi(r)),
                None => String::new(),
            };
            let baseline = u.since_baseline.map_or(String::new(), |b| {
                format!(" Bình quân từ mốc 2020 (41,96 %, chuẩn 2016–2020): {b:.2} điểm/năm.")
            });
            cells.extend([
                Cell::Count(u.numerator),
                Cell::Count(u.denominator),
                Cell::Text(target.formula_vi.clone()),
                Cell::Text(target.source.clone()),
                Cell::Text(format!(
                    "{}{}{} {}",
                    target.note_vi,
                    reduction,
                    baseline,
                    row.rule_note_vi.clone().unwrap_or_default()
                )),
            ]);
            rows.push(cells);
        }
    }
    let mut widths = vec![34.0, 14.0, 8.0, 24.0, 12.0, 14.0, 10.0, 12.0];
    widths.extend(t.years.iter().map(|_| 10.0));
    widths.extend([12.0, 12.0, 60.0, 30.0, 60.0]);
    Table {
        sheet: "Mục tiêu NQ",
        file: "muc-tieu",
        title: format!(
            "THEO DÕI CHỈ TIÊU: {} — kỳ {}",
            t.targets_name_vi, t.round.year
        ),
        headers,
        marks,
        notes,
        rows,
        widths,
    }
}

/// How sure a target or a reading of it is, in words (the notes sheet's, never a mark).
fn confirmed_vi(c: Confidence) -> &'static str {
    match c {
        Confidence::Confirmed => "đã xác nhận",
        Confidence::Partial => "xác nhận một phần",
        Confidence::Unconfirmed => "chưa xác nhận trong văn bản",
    }
}

fn reduction_vi(r: rasoat_domain::targets::Reduction) -> &'static str {
    match r {
        rasoat_domain::targets::Reduction::Points => "điểm phần trăm",
        rasoat_domain::targets::Reduction::Relative => "giảm tương đối",
    }
}

/// The notes sheet's rows for one resolution target: the target and its source, how it is
/// measured, and how its reduction is read, each with how sure it is.
fn target_notes(row: &rasoat_store::targets::TargetRow) -> Vec<[String; 4]> {
    let target = &row.target;
    let sheet = "Mục tiêu NQ".to_string();
    let mut notes = vec![[
        sheet.clone(),
        format!("{}: chỉ tiêu", target.name_vi),
        confirmed_vi(target.confidence).to_string(),
        target.source.clone(),
    ]];
    if let Some(c) = row.rule_confidence {
        notes.push([
            sheet.clone(),
            format!("{}: cách đo", target.name_vi),
            confirmed_vi(c).to_string(),
            row.rule_note_vi
                .clone()
                .unwrap_or_else(|| target.formula_vi.clone()),
        ]);
    }
    if let (Some(r), Some(c)) = (target.reduction, target.reduction_confidence) {
        notes.push([
            sheet,
            format!("{}: cách hiểu «{}»", target.name_vi, target.value),
            confirmed_vi(c).to_string(),
            reduction_vi(r).to_string(),
        ]);
    }
    notes
}

fn unit_suffix(unit: &str) -> &'static str {
    match unit {
        "percent" => " %",
        "points_per_year" => " điểm %/năm",
        "dong_per_person_year" => " đồng/người/năm",
        "households" => " hộ",
        _ => "",
    }
}

fn tables(report: &RoundReport, options: &ExportOptions<'_>) -> Vec<Table> {
    let mut out = vec![
        summary_table(report),
        deprivation_table(report),
        group_table(
            "Dân tộc",
            "dan-toc",
            format!(
                "PHÂN THEO DÂN TỘC CỦA CHỦ HỘ NĂM {} (hộ DTTS: chủ hộ hoặc vợ/chồng chủ hộ là người dân tộc thiểu số — Mẫu 7.8)",
                report.round.year
            ),
            &report.by_ethnicity,
        ),
        group_table(
            "Khu vực",
            "khu-vuc",
            format!("PHÂN THEO KHU VỰC THÀNH THỊ / NÔNG THÔN NĂM {}", report.round.year),
            &report.by_area,
        ),
    ];
    // Every table of the round counts one list: its title says which.
    if let Some(list) = crate::notes::list_of(&report.round) {
        for t in &mut out {
            t.title.push_str(" — ");
            t.title.push_str(&list);
        }
    }
    if let Some(t) = options.targets {
        out.push(targets_table(t));
    }
    out
}

/// Which list a round's figures are, as the notes and the tables' titles name it.
pub fn list_of(round: &rasoat_store::Round) -> Option<String> {
    crate::notes::list_of(round)
}

/// Under each title: where the columns' sources are.
const SEE_NOTES: &str = "Nguồn và mức độ xác nhận của từng cột: xem trang «Ghi chú».";

/// The notes sheet's columns.
const NOTES_HEADERS: [&str; 4] = ["Bảng", "Cột", "Mức độ xác nhận", "Nguồn"];

/// What a confidence mark means, in words a cadre reads.
fn confidence_words(mark: &str) -> &'static str {
    match mark {
        "[C]" => "[C] có trong mẫu biểu chính thức đã xác nhận",
        "[P]" => "[P] xác nhận một phần",
        "[U]" => "[U] chưa xác nhận",
        _ => "",
    }
}

/// What a column was judged against (the project's reference, poverty-standards.md §3.4):
/// the one summary template seen is the near-poor one; the TT 07/2021 report set was not found.
fn source_of(table: &str, mark: &str, standard: Option<&str>) -> String {
    match (table, mark) {
        // The indicators are the round's own standard's, not always Decree 07's.
        ("thieu-hut", "[C]") => format!(
            "Chỉ số đo lường mức độ thiếu hụt dịch vụ xã hội cơ bản: {}",
            standard.unwrap_or("chuẩn của kỳ rà soát")
        ),
        ("thieu-hut", _) => "Cách trình bày của phần mềm (tỷ lệ trên số hộ đã phân loại); chưa thấy mẫu biểu chính thức".to_string(),
        (_, "[U]") => "Chưa thấy cột này trong mẫu biểu chính thức; mẫu biểu của TT 07/2021/TT-BLĐTBXH chưa tìm thấy".to_string(),
        _ => "Mẫu biểu «Tổng hợp kết quả điều tra, rà soát hộ cận nghèo» đã thấy; cột tương ứng của hộ nghèo suy ra từ đó".to_string(),
    }
}

/// The notes: one row per column that has a confidence, with the table it belongs to and the
/// reference it was judged against.
fn notes_rows(tables: &[Table], round: &RoundNotes) -> Vec<[String; 4]> {
    let mut rows = Vec::new();
    for t in tables {
        for (header, mark) in t.headers.iter().zip(&t.marks) {
            if mark.is_empty() {
                continue;
            }
            rows.push([
                t.sheet.to_string(),
                header.clone(),
                confidence_words(mark).to_string(),
                source_of(t.file, mark, round.standard.as_deref()),
            ]);
        }
        rows.extend(t.notes.iter().cloned());
    }
    rows.extend(round.rows());
    rows
}

/// The household list's columns.
const LIST_HEADERS: [&str; 11] = [
    "STT",
    "Mã hộ",
    "Họ và tên chủ hộ",
    "Mã xã",
    "Thôn",
    "Phân loại",
    "Điểm A",
    "Điểm B",
    "Số chỉ số thiếu hụt",
    "Chỉ số thiếu hụt",
    "Trạng thái",
];

fn class_vi(class: Option<&str>) -> &'static str {
    match class {
        Some("poor") => "Hộ nghèo",
        Some("near_poor") => "Hộ cận nghèo",
        Some("middle") => "Hộ có mức sống trung bình",
        Some("other") => "Hộ khác",
        _ => "Chưa phân loại",
    }
}

/// Writes the report as one Excel workbook, each table a sheet.
pub fn write_xlsx(
    store: &Store,
    report: &RoundReport,
    options: &ExportOptions<'_>,
    path: &Path,
) -> Result<ExportSummary> {
    write_xlsx_with_progress(store, report, options, path, &mut |_| {})
}

/// Same, calling `progress` with the number of households listed so far after each row
/// of the household list (the desktop shows a progress bar from it).
pub fn write_xlsx_with_progress(
    store: &Store,
    report: &RoundReport,
    options: &ExportOptions<'_>,
    path: &Path,
    progress: &mut dyn FnMut(u64),
) -> Result<ExportSummary> {
    let err = xlsx_error(path);
    let mut workbook = Workbook::new();
    let title = Format::new().set_bold().set_font_size(13);
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(rust_xlsxwriter::FormatBorder::Thin)
        .set_background_color("#DDEBF7");
    let note = Format::new().set_italic().set_font_color("#595959");
    let count = Format::new().set_num_format("#,##0");
    let rate = Format::new().set_num_format("0.00");
    let money = Format::new().set_num_format("#,##0");
    let tables = tables(report, options);
    for table in &tables {
        let sheet = workbook
            .add_worksheet_with_constant_memory()
            .map_err(&err)?;
        sheet.set_name(table.sheet).map_err(&err)?;
        sheet.set_landscape();
        sheet.set_paper_size(9); // A4
        for (i, w) in table.widths.iter().enumerate() {
            sheet.set_column_width(col(i)?, *w).map_err(&err)?;
        }
        sheet
            .write_string_with_format(0, 0, &table.title, &title)
            .map_err(&err)?;
        sheet
            .write_string_with_format(1, 0, SEE_NOTES, &note)
            .map_err(&err)?;
        write_header_row(sheet, &table.headers, &header).map_err(&err)?;
        for (r, cells) in table.rows.iter().enumerate() {
            let row = 3 + r as u32;
            for (c, cell) in cells.iter().enumerate() {
                let c = col(c)?;
                match cell {
                    Cell::Text(t) => sheet.write_string(row, c, t).map(|_| ()),
                    Cell::Count(v) => sheet
                        .write_number_with_format(row, c, *v, &count)
                        .map(|_| ()),
                    Cell::Rate(Some(v)) => sheet
                        .write_number_with_format(row, c, *v, &rate)
                        .map(|_| ()),
                    Cell::Money(Some(v)) => sheet
                        .write_number_with_format(row, c, *v, &money)
                        .map(|_| ()),
                    Cell::Rate(None) | Cell::Money(None) => Ok(()),
                }
                .map_err(&err)?;
            }
        }
    }
    {
        let sheet = workbook
            .add_worksheet_with_constant_memory()
            .map_err(&err)?;
        sheet.set_name("Ghi chú").map_err(&err)?;
        for (i, w) in [14.0, 50.0, 44.0, 70.0].iter().enumerate() {
            sheet.set_column_width(col(i)?, *w).map_err(&err)?;
        }
        sheet
            .write_string_with_format(
                0,
                0,
                "GHI CHÚ: NGUỒN VÀ MỨC ĐỘ XÁC NHẬN CỦA CÁC CỘT, CÁCH ĐỌC CỦA KỲ RÀ SOÁT Ở NHỮNG ĐIỂM VĂN BẢN CHƯA RÕ (dùng trong cơ quan, không phải biểu chính thức)",
                &title,
            )
            .map_err(&err)?;
        let headers: Vec<String> = NOTES_HEADERS.iter().map(|s| s.to_string()).collect();
        write_header_row(sheet, &headers, &header).map_err(&err)?;
        let notes = notes_rows(&tables, &RoundNotes::of(store, &report.round)?);
        for (r, cells) in notes.iter().enumerate() {
            for (c, text) in cells.iter().enumerate() {
                sheet
                    .write_string(3 + r as u32, col(c)?, text)
                    .map_err(&err)?;
            }
        }
    }
    let mut listed = 0;
    if options.households {
        let sheet = workbook
            .add_worksheet_with_constant_memory()
            .map_err(&err)?;
        sheet.set_name("Danh sách hộ").map_err(&err)?;
        for (i, w) in [6.0, 18.0, 26.0, 8.0, 24.0, 22.0, 8.0, 8.0, 10.0, 60.0, 12.0]
            .iter()
            .enumerate()
        {
            sheet.set_column_width(col(i)?, *w).map_err(&err)?;
        }
        sheet
            .write_string_with_format(
                0,
                0,
                format!(
                    "DANH SÁCH HỘ ĐÃ RÀ SOÁT NĂM {} (phiếu đã hoàn thành trở đi, chưa gồm phiếu đang nhập; có họ tên chủ hộ: chỉ dùng trong cơ quan)",
                    report.round.year
                ),
                &title,
            )
            .map_err(&err)?;
        let headers: Vec<String> = LIST_HEADERS.iter().map(|s| s.to_string()).collect();
        write_header_row(sheet, &headers, &header).map_err(&err)?;
        listed = store.for_each_listed_household(&report.round.id, |n, line| -> Result<()> {
            let row = 2 + n as u32;
            let cells: [Option<String>; 11] = [
                None,
                Some(line.code),
                Some(line.head),
                Some(line.commune),
                Some(line.village),
                Some(class_vi(line.class.as_deref()).into()),
                None,
                None,
                None,
                Some(line.deprived.join(", ")),
                Some(line.status),
            ];
            sheet.write_number(row, 0, n as f64).map_err(&err)?;
            for (c, text) in cells.iter().enumerate() {
                if let Some(text) = text {
                    sheet.write_string(row, col(c)?, text).map_err(&err)?;
                }
            }
            if let Some(a) = line.score_a {
                sheet.write_number(row, 6, a as f64).map_err(&err)?;
            }
            if let Some(b) = line.score_b {
                sheet.write_number(row, 7, b as f64).map_err(&err)?;
            }
            sheet
                .write_number(row, 8, line.deprived.len() as f64)
                .map_err(&err)?;
            progress(n);
            Ok(())
        })?;
    }
    workbook.save(path).map_err(&err)?;
    Ok(ExportSummary {
        files: vec![path.to_path_buf()],
        households: listed,
    })
}

/// Writes the report's tables as CSV files (UTF-8 with a byte-order mark, so Excel reads
/// the Vietnamese letters) into `dir`: tong-hop.csv, thieu-hut.csv, dan-toc.csv,
/// khu-vuc.csv, muc-tieu.csv, ghi-chu.csv (the columns' sources), danh-sach-ho.csv.
pub fn write_csv(
    store: &Store,
    report: &RoundReport,
    options: &ExportOptions<'_>,
    dir: &Path,
) -> Result<ExportSummary> {
    write_csv_with_progress(store, report, options, dir, &mut |_| {})
}

/// Same, calling `progress` with the number of households listed so far after each row
/// of the household list.
pub fn write_csv_with_progress(
    store: &Store,
    report: &RoundReport,
    options: &ExportOptions<'_>,
    dir: &Path,
    progress: &mut dyn FnMut(u64),
) -> Result<ExportSummary> {
    std::fs::create_dir_all(dir).map_err(io_error(dir))?;
    let mut files = Vec::new();
    let tables = tables(report, options);
    for table in &tables {
        let path = dir.join(format!("{}.csv", table.file));
        let mut w = csv_writer(&path)?;
        let err = csv_error(&path);
        w.write_record(&table.headers).map_err(&err)?;
        for cells in &table.rows {
            let record: Vec<String> = cells
                .iter()
                .map(|c| match c {
                    Cell::Text(t) => t.clone(),
                    Cell::Count(v) => format!("{v}"),
                    Cell::Rate(Some(v)) => format!("{v:.2}"),
                    Cell::Money(Some(v)) => format!("{v:.0}"),
                    Cell::Rate(None) | Cell::Money(None) => String::new(),
                })
                .collect();
            w.write_record(&record).map_err(&err)?;
        }
        w.flush().map_err(io_error(&path))?;
        files.push(path.clone());
    }
    {
        let path = dir.join("ghi-chu.csv");
        let mut w = csv_writer(&path)?;
        let err = csv_error(&path);
        w.write_record(NOTES_HEADERS).map_err(&err)?;
        for cells in notes_rows(&tables, &RoundNotes::of(store, &report.round)?) {
            w.write_record(&cells).map_err(&err)?;
        }
        w.flush().map_err(io_error(&path))?;
        files.push(path.clone());
    }
    let mut listed = 0;
    if options.households {
        let path = dir.join("danh-sach-ho.csv");
        let mut w = csv_writer(&path)?;
        let err = csv_error(&path);
        w.write_record(LIST_HEADERS).map_err(&err)?;
        listed = store.for_each_listed_household(&report.round.id, |n, line| -> Result<()> {
            w.write_record([
                n.to_string(),
                line.code,
                line.head,
                line.commune,
                line.village,
                class_vi(line.class.as_deref()).into(),
                line.score_a.map_or(String::new(), |a| a.to_string()),
                line.score_b.map_or(String::new(), |b| b.to_string()),
                line.deprived.len().to_string(),
                line.deprived.join(", "),
                line.status,
            ])
            .map_err(&err)?;
            progress(n);
            Ok(())
        })?;
        w.flush().map_err(io_error(&path))?;
        files.push(path.clone());
    }
    Ok(ExportSummary {
        files,
        households: listed,
    })
}

fn csv_writer(path: &Path) -> Result<csv::Writer<BufWriter<File>>> {
    let mut file = BufWriter::new(File::create(path).map_err(io_error(path))?);
    file.write_all("\u{feff}".as_bytes())
        .map_err(io_error(path))?;
    Ok(csv::Writer::from_writer(file))
}

fn col(i: usize) -> Result<u16> {
    u16::try_from(i).map_err(|_| ReportError::TooManyColumns)
}

/// Row 2: the headers, the rows below them frozen while scrolling. Nothing between the
/// headers and the figures: the columns' confidence is on the notes sheet.
fn write_header_row(
    sheet: &mut Worksheet,
    headers: &[String],
    header: &Format,
) -> std::result::Result<(), XlsxError> {
    sheet.set_row_height(2, 48)?;
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(2, c as u16, h, header)?;
    }
    sheet.set_freeze_panes(3, 0)?;
    Ok(())
}
